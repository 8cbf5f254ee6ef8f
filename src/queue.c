/*
 * queue.c - a center in person: window groups and windows, tickets, the
 * order of calling, and the display board.
 *
 * Tickets are numbered per center, day and group (A001, A002, ...; past
 * 999 the number simply grows: A1000).  The order of calling is one
 * ORDER BY used everywhere: priority (2: a checked-in appointment, "booked
 * online, received first"; 1: the center's priority groups, elderly 70+,
 * disabled, pregnant, when the center enables them; 0: everyone else),
 * then arrival, then id.  A transfer keeps the arrival time.
 *
 * Calling next is one conditional UPDATE of the first waiting ticket
 * ("... WHERE id = (first waiting) AND status = 'waiting'"): when two
 * windows call at the same instant, one update wins and the other finds
 * the ticket gone and tries the next, so a ticket is called by exactly
 * one window and none is skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "cal.h"
#include "events.h"
#include "jw.h"
#include "licences.h"
#include "plan.h"
#include "queue.h"
#include "store.h"
#include "valid.h"

#define QUEUE_ORDER " ORDER BY t.priority DESC, t.arrived_at, t.id"
#define DEFAULT_SERVICE_SECONDS 600	/* until a group has served some */

static int
today_of(const struct http_req *r)
{
	int day, minute;

	cal_local(r->now, &day, &minute);
	return day;
}

static int
staff_of(const struct http_req *r, const char *center)
{
	return (auth_is(&r->auth, "clerk") || auth_is(&r->auth, "manager")) &&
	    r->auth.scope_center && strcmp(r->auth.scope_center, center) == 0;
}

STORE_SQL(q_group_of_center,
    "SELECT code, kind, categories FROM window_groups WHERE center = $1"
    " ORDER BY code");
STORE_SQL(q_matter_category,
    "SELECT category FROM matters WHERE code = $1");
STORE_SQL(q_queue_settings,
    "SELECT priority_groups, max_recalls FROM queue_settings"
    " WHERE center = $1");
STORE_SQL(q_ticket_number,
    "INSERT INTO ticket_numbers (center, day, group_code, last)"
    " VALUES ($1, $2, $3, 1) ON CONFLICT (center, day, group_code)"
    " DO UPDATE SET last = ticket_numbers.last + 1 RETURNING last");
STORE_SQL(q_ticket_insert,
    "INSERT INTO tickets (center, day, group_code, number, label, source,"
    " priority, priority_reason, account_id, appointment_id, status,"
    " arrived_at, verify_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
    " $10, 'waiting', $11, $12) RETURNING id");
STORE_SQL(q_holds_licence,
    "SELECT COUNT(*) FROM licences WHERE holder_login = $1 AND kind = $2"
    " AND status = 'valid' AND (valid_until IS NULL OR valid_until >= $3)");

/* Does a group of the center serve the category?  "*" serves all. */
static int
serves(const char *categories, const char *category)
{
	const char *p = categories;
	size_t n = strlen(category);

	while (*p) {
		size_t len = strcspn(p, ",");

		if ((len == 1 && *p == '*') ||
		    (len == n && strncmp(p, category, n) == 0))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

/*
 * The group a ticket joins: the one asked for, or for a matter the
 * specialist group serving its category, else the first comprehensive
 * group.  0, or answers 400 and returns -1 (or < -1 on a store error).
 */
static int
pick_group(struct http_req *r, struct store_conn *c, const char *center,
    const char *group, const char *matter, char out[4])
{
	char category[64] = "", comprehensive[4] = "";
	struct store_rows *rows;
	int rc, found = 0;

	if (matter) {
		struct store_val p[] = { SV_TEXT(matter) };

		if (store_query(c, &q_matter_category, p, 1, &rows) < 0)
			return -2;
		if ((rc = store_next(rows)) == 1)
			snprintf(category, sizeof(category), "%s",
			    store_text(rows, 0));
		store_rows_free(rows);
		if (rc != 1) {
			http_error(r, 400, "invalid_value", "matter",
			    "no matter has the code given");
			return -1;
		}
	}
	{
		struct store_val p[] = { SV_TEXT(center) };

		if (store_query(c, &q_group_of_center, p, 1, &rows) < 0)
			return -2;
	}
	while ((rc = store_next(rows)) == 1 && !found) {
		const char *code = store_text(rows, 0);
		const char *kind = store_text(rows, 1);

		if (group && strcmp(group, code) == 0)
			found = 1;
		else if (!group && category[0] &&
		    strcmp(kind, "specialist") == 0 &&
		    serves(store_text(rows, 2), category))
			found = 1;
		if (found)
			snprintf(out, 4, "%s", code);
		if (!comprehensive[0] && strcmp(kind, "comprehensive") == 0)
			snprintf(comprehensive, sizeof(comprehensive), "%s",
			    code);
	}
	store_rows_free(rows);
	if (rc < 0)
		return -2;
	if (found)
		return 0;
	if (group || !comprehensive[0]) {
		http_error(r, 400, "invalid_value", "group",
		    "this center has no such window group");
		return -1;
	}
	snprintf(out, 4, "%s", comprehensive);
	return 0;
}

/* How a center's window groups are set, or *exists = 0. */
static int
settings(struct store_conn *c, const char *center, int *priority_groups,
    int *max_recalls, int *exists)
{
	struct store_val p[] = { SV_TEXT(center) };
	struct store_rows *rows;
	int rc;

	*exists = 0;
	if (store_query(c, &q_queue_settings, p, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1) {
		*exists = 1;
		*priority_groups = (int)store_int(rows, 0);
		*max_recalls = (int)store_int(rows, 1);
	}
	store_rows_free(rows);
	return rc < 0 ? -1 : 0;
}

int
queue_issue(struct store_conn *c, const struct queue_ticket_new *t,
    int64_t now, int64_t *id, char label[16], char code[LICENCE_CODE_LEN + 1])
{
	int64_t number;
	int day, minute;

	cal_local(now, &day, &minute);
	{
		struct store_val p[] = { SV_TEXT(t->center), SV_INT(day),
			SV_TEXT(t->group) };

		if (store_query_int(c, &q_ticket_number, p, 3, &number) < 0)
			return -1;
	}
	snprintf(label, 16, "%s%03lld", t->group, (long long)number);
	licence_new_code(code);
	{
		struct store_val p[] = { SV_TEXT(t->center), SV_INT(day),
			SV_TEXT(t->group), SV_INT(number), SV_TEXT(label),
			SV_TEXT(t->source), SV_INT(t->priority),
			SV_TEXT(t->priority_reason),
			t->account_id ? SV_INT(t->account_id) : SV_NULL,
			t->appointment_id ? SV_INT(t->appointment_id) : SV_NULL,
			SV_INT(t->arrived_at ? t->arrived_at : now), SV_TEXT(code) };

		return store_query_int(c, &q_ticket_insert, p, 12, id);
	}
}

/*
 * POST /api/v1/centers/{id}/tickets: a walk-in at the terminal (no
 * sign-in needed), or a ticket a clerk issues.  A priority is granted
 * only when it can be checked: 70 or older by the ID number, disabled by
 * a disability certificate in the licence library; pregnancy only when a
 * clerk issues the ticket.
 */
int
api_tickets_issue(struct http_req *r)
{
	const char *center = r->params[0], *group = NULL, *matter = NULL,
	    *id_number = NULL, *priority = NULL;
	const struct api_field spec[] = {
		{ "group", API_STRING, 0, 1, 1, &group },
		{ "matter", API_STRING, 0, 8, 8, &matter },
		{ "id_number", API_STRING, 0, 18, 18, &id_number },
		{ "priority", API_STRING, 0, 1, 16, &priority },
	};
	struct queue_ticket_new t = { .center = center };
	struct valid_idno who;
	struct store_conn *c;
	char grp[4], label[16], code[LICENCE_CODE_LEN + 1];
	int prio_groups = 0, max_recalls, exists, rc, staff;
	int64_t id;

	if (api_decode(r, spec, sizeof(spec) / sizeof(spec[0])) < 0)
		return 0;
	if (id_number && (rc = valid_idno(id_number, today_of(r), &who)) != 0)
		return http_error(r, 400, "invalid_value", "id_number",
		    "not a valid resident ID number: %s", valid_strerror(rc));
	if (priority && strcmp(priority, "elderly") != 0 &&
	    strcmp(priority, "disabled") != 0 && strcmp(priority, "pregnant"))
		return http_error(r, 400, "invalid_value", "priority",
		    "\"priority\" must be elderly, disabled or pregnant");
	if ((c = api_store(r)) == NULL)
		return 0;
	exists = 0;
	if (strlen(center) <= 16 && settings(c, center, &prio_groups,
	    &max_recalls, &exists) < 0)
		return api_store_error(r, "ticket");
	if (!exists)
		return http_error(r, 404, "not_found", "id",
		    "no center with windows has this code");
	staff = staff_of(r, center);
	if ((rc = pick_group(r, c, center, group, matter, grp)) < 0)
		return rc == -1 ? 0 : api_store_error(r, "ticket");
	t.group = grp;
	t.source = staff ? "staff" : "walk-in";
	t.account_id = r->auth.account_id &&
	    strcmp(r->auth.kind, "staff") != 0 ? r->auth.account_id : 0;
	if (priority && prio_groups) {
		int ok = 0;

		if (strcmp(priority, "pregnant") == 0)
			ok = staff;
		else if (id_number && strcmp(priority, "elderly") == 0) {
			int y, m, d, age;

			cal_civil_from_days(today_of(r), &y, &m, &d);
			age = y - who.year - (m < who.month ||
			    (m == who.month && d < who.day));
			ok = age >= 70;
		} else if (id_number) {
			struct store_val p[] = { SV_TEXT(id_number),
				SV_TEXT("DISABILITY-CERT"), SV_INT(today_of(r)) };
			int64_t n = 0;

			if (store_query_int(c, &q_holds_licence, p, 3, &n) < 0)
				return api_store_error(r, "ticket");
			ok = n > 0;
		}
		if (!ok)
			return http_error(r, 422, "priority_not_proven",
			    "priority", "the priority could not be checked: "
			    "give the ID number (elderly, disabled), or ask "
			    "at a window");
		t.priority = 1;
		t.priority_reason = priority;
	}
	if (store_begin(c) < 0)
		return api_store_error(r, "ticket");
	if (queue_issue(c, &t, r->now, &id, label, code) < 0 ||
	    store_commit(c) < 0) {
		store_rollback(c);
		return api_store_error(r, "ticket");
	}
	queue_changed(r->app, center);
	return queue_ticket_answer(r, c, id, 201);
}

STORE_SQL(q_ticket_get,
    "SELECT t.id, t.center, t.day, t.group_code, t.label, t.source,"
    " t.priority, t.priority_reason, t.status, t.window_id, w.number,"
    " t.recalls, t.arrived_at, t.called_at, t.started_at, t.finished_at,"
    " t.case_id, t.verify_code, t.version, t.account_id, t.appointment_id"
    " FROM tickets t LEFT JOIN windows w ON w.id = t.window_id"
    " WHERE t.id = $1");
/* The waiting tickets before one: three index range counts in the order
 * of calling (priority, arrival, id), not a scan of the whole group. */
STORE_SQL(q_ticket_place,
    "SELECT (SELECT COUNT(*) FROM tickets WHERE center = $1 AND day = $2"
    " AND group_code = $3 AND status = 'waiting' AND priority > $4)"
    " + (SELECT COUNT(*) FROM tickets WHERE center = $1 AND day = $2"
    " AND group_code = $3 AND status = 'waiting' AND priority = $4"
    " AND arrived_at < $5)"
    " + (SELECT COUNT(*) FROM tickets WHERE center = $1 AND day = $2"
    " AND group_code = $3 AND status = 'waiting' AND priority = $4"
    " AND arrived_at = $5 AND id < $6)");
STORE_SQL(q_group_service_time,
    "SELECT AVG(finished_at - started_at), COUNT(*) FROM (SELECT"
    " finished_at, started_at FROM tickets WHERE center = $1 AND day = $2"
    " AND group_code = $3 AND status = 'done' AND started_at IS NOT NULL"
    " ORDER BY finished_at DESC LIMIT 20) recent");
STORE_SQL(q_open_windows,
    "SELECT COUNT(*) FROM windows WHERE center = $1 AND group_code = $2"
    " AND status = 'open'");

/*
 * The estimated wait of a waiting ticket: the tickets before it, times
 * the group's recent mean service time (the last 20 served today, or ten
 * minutes before there are any), shared by its open windows (one when
 * none is open).
 */
static int
estimate(struct store_conn *c, int64_t id, const char *center, int day,
    const char *group, int64_t priority, int64_t arrived, int64_t *place,
    int64_t *wait)
{
	struct store_val p[] = { SV_TEXT(center), SV_INT(day), SV_TEXT(group),
		SV_INT(priority), SV_INT(arrived), SV_INT(id) };
	struct store_val g[] = { SV_TEXT(center), SV_INT(day), SV_TEXT(group) };
	struct store_val o[] = { SV_TEXT(center), SV_TEXT(group) };
	struct store_rows *rows;
	int64_t open = 0, mean = DEFAULT_SERVICE_SECONDS;
	int rc;

	if (store_query_int(c, &q_ticket_place, p, 6, place) < 0 ||
	    store_query_int(c, &q_open_windows, o, 2, &open) < 0)
		return -1;
	if (store_query(c, &q_group_service_time, g, 3, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1 && store_int(rows, 1) > 0)
		mean = (int64_t)store_real(rows, 0);
	store_rows_free(rows);
	if (rc < 0)
		return -1;
	*wait = (*place + 1) * mean / (open > 0 ? open : 1);
	return 0;
}

int
queue_ticket_write(struct store_conn *c, const char *public_url, int64_t id,
    struct jw *w)
{
	struct store_val p[] = { SV_INT(id) };
	struct store_rows *rows;
	char center[16], group[4], url[512];
	int64_t place = 0, wait = 0, priority, arrived;
	int day, waiting, rc;

	if (store_query(c, &q_ticket_get, p, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) != 1) {
		store_rows_free(rows);
		return rc < 0 ? -1 : 0;
	}
	snprintf(center, sizeof(center), "%s", store_text(rows, 1));
	snprintf(group, sizeof(group), "%s", store_text(rows, 3));
	day = (int)store_int(rows, 2);
	priority = store_int(rows, 6);
	arrived = store_int(rows, 12);
	waiting = strcmp(store_text(rows, 8), "waiting") == 0;
	snprintf(url, sizeof(url), "%s/ticket?id=%lld&code=%s", public_url,
	    (long long)id, store_text(rows, 17));
	jw_obj(w);
	jw_kint(w, "id", store_int(rows, 0));
	jw_kstr(w, "center", center);
	jw_kstr(w, "group", group);
	jw_kstr(w, "label", store_text(rows, 4));
	jw_kstr(w, "source", store_text(rows, 5));
	jw_kint(w, "priority", store_int(rows, 6));
	jw_kstr(w, "priority_reason", store_text(rows, 7));
	jw_kstr(w, "status", store_text(rows, 8));
	api_col_int(w, "window", rows, 10);
	jw_kint(w, "recalls", store_int(rows, 11));
	api_col_time(w, "arrived_at", rows, 12);
	api_col_time(w, "called_at", rows, 13);
	api_col_time(w, "started_at", rows, 14);
	api_col_time(w, "finished_at", rows, 15);
	api_col_int(w, "case_id", rows, 16);
	jw_kstr(w, "code", store_text(rows, 17));
	jw_kint(w, "version", store_int(rows, 18));
	jw_kstr(w, "status_url", url);
	store_rows_free(rows);
	if (waiting) {
		if (estimate(c, id, center, day, group, priority, arrived,
		    &place, &wait) < 0)
			return -1;
		jw_kint(w, "ahead", place);
		jw_kint(w, "estimated_wait_minutes", (wait + 59) / 60);
	}
	jw_end(w);
	return 1;
}

int
queue_ticket_answer(struct http_req *r, struct store_conn *c, int64_t id,
    int status)
{
	struct jw w;
	int rc;

	http_jw_begin(r, &w);
	rc = queue_ticket_write(c, r->app->public_url, id, &w);
	if (rc < 0)
		return api_store_error(r, "ticket");
	if (rc == 0)
		return http_error(r, 404, "not_found", "id", "no such ticket");
	return http_jw_end(r, status);
}

static int
code_ok(const char *given, const char *want)
{
	return given && strlen(given) == strlen(want) &&
	    sodium_memcmp(given, want, strlen(want)) == 0;
}

STORE_SQL(q_ticket_access,
    "SELECT center, verify_code, account_id FROM tickets WHERE id = $1");

/*
 * Who may see a ticket: whoever holds its code (it is printed on the
 * ticket, in its QR code), its owner, and the staff of its center.
 * 1 yes, 0 answered 404, < 0 store failure.
 */
static int
ticket_access(struct http_req *r, struct store_conn *c, int64_t id,
    char center[16], char code[LICENCE_CODE_LEN + 1])
{
	struct store_val p[] = { SV_INT(id) };
	struct store_rows *rows;
	int rc, ok = 0;

	if (store_query(c, &q_ticket_access, p, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1) {
		snprintf(center, 16, "%s", store_text(rows, 0));
		if (code)
			snprintf(code, LICENCE_CODE_LEN + 1, "%s",
			    store_text(rows, 1));
		ok = code_ok(http_query(r, "code"), store_text(rows, 1)) ||
		    (r->auth.account_id && !store_isnull(rows, 2) &&
		    store_int(rows, 2) == r->auth.account_id) ||
		    staff_of(r, center);
	}
	store_rows_free(rows);
	if (rc < 0)
		return -1;
	if (!ok)
		http_error(r, 404, "not_found", "id", "no such ticket (or the "
		    "code is wrong)");
	return ok;
}

static int64_t
id_param(struct http_req *r, const char *what)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);

	if (*end || id <= 0) {
		http_error(r, 400, "invalid_parameter", "id",
		    "a %s id is a positive integer", what);
		return -1;
	}
	return id;
}

/*
 * The ticket of a request (path id, ?code=): 1 with its id, center and
 * code when the caller may see it, 0 when answered, < 0 on a store
 * failure.
 */
static int
ticket_open(struct http_req *r, struct store_conn **c, int64_t *id,
    char center[16], char code[LICENCE_CODE_LEN + 1])
{
	static const char *const allowed[] = { "code", NULL };
	int rc;

	if (api_query_allowed(r, allowed) < 0 ||
	    (*id = id_param(r, "ticket")) < 0)
		return 0;
	if ((*c = api_store(r)) == NULL)
		return 0;
	if ((rc = ticket_access(r, *c, *id, center, code)) < 0)
		api_store_error(r, "ticket");
	return rc;
}

int
api_ticket_get(struct http_req *r)
{
	struct store_conn *c;
	char center[16];
	int64_t id;
	int rc;

	if ((rc = ticket_open(r, &c, &id, center, NULL)) <= 0)
		return 0;
	return queue_ticket_answer(r, c, id, 200);
}

int
api_ticket_qr(struct http_req *r)
{
	struct store_conn *c;
	char center[16], code[LICENCE_CODE_LEN + 1], *url = NULL;
	int64_t id;
	int rc;

	if ((rc = ticket_open(r, &c, &id, center, code)) <= 0)
		return 0;
	if (asprintf(&url, "%s/ticket?id=%lld&code=%s", r->app->public_url,
	    (long long)id, code) < 0)
		return -1;
	rc = api_qr_answer(r, url);
	free(url);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Windows                                                             */

STORE_SQL(q_window_get,
    "SELECT id, center, number, group_code, status, clerk_id FROM windows"
    " WHERE id = $1");
STORE_SQL(q_window_set,
    "UPDATE windows SET status = $2, clerk_id = $3, changed_at = $4"
    " WHERE id = $1");
STORE_SQL(q_window_busy,
    "SELECT COUNT(*) FROM tickets WHERE window_id = $1"
    " AND status IN ('called', 'serving')");

struct window {
	int64_t id, clerk_id;
	char center[16], group[4], status[8];
	int number;
};

/* Loads the window named by r->params[0]; answers 4xx and returns 0
 * when there is none or the caller is not staff of its center. */
static int
window_load(struct http_req *r, struct store_conn *c, struct window *w)
{
	int64_t id = id_param(r, "window");
	struct store_rows *rows;
	int rc;

	if (id < 0)
		return 0;
	{
		struct store_val p[] = { SV_INT(id) };

		if (store_query(c, &q_window_get, p, 1, &rows) < 0)
			return -1;
	}
	if ((rc = store_next(rows)) == 1) {
		w->id = store_int(rows, 0);
		snprintf(w->center, sizeof(w->center), "%s", store_text(rows, 1));
		w->number = (int)store_int(rows, 2);
		snprintf(w->group, sizeof(w->group), "%s", store_text(rows, 3));
		snprintf(w->status, sizeof(w->status), "%s", store_text(rows, 4));
		w->clerk_id = store_isnull(rows, 5) ? 0 : store_int(rows, 5);
	}
	store_rows_free(rows);
	if (rc < 0)
		return -1;
	if (rc == 0 || !staff_of(r, w->center)) {
		http_error(r, 404, "not_found", "id", "no such window at "
		    "your center");
		return 0;
	}
	return 1;
}

/* POST /api/v1/windows/{id}/open and /close: the clerk sits down or
 * leaves.  A window with a ticket called or in service does not close. */
static int
window_set(struct http_req *r, int open)
{
	struct store_conn *c;
	struct window w;
	int64_t busy = 0;
	int rc;

	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "window");
	if ((rc = window_load(r, c, &w)) <= 0) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "window") : 0;
	}
	if (!open) {
		struct store_val p[] = { SV_INT(w.id) };

		if (store_query_int(c, &q_window_busy, p, 1, &busy) < 0) {
			store_rollback(c);
			return api_store_error(r, "window");
		}
		if (busy) {
			store_rollback(c);
			return http_error(r, 409, "window_busy", "id",
			    "finish or transfer the ticket at this window "
			    "before closing it");
		}
	} else if (strcmp(w.status, "open") == 0 &&
	    w.clerk_id != r->auth.account_id) {
		store_rollback(c);
		return http_error(r, 409, "window_taken", "id",
		    "another clerk has this window open");
	}
	{
		struct store_val p[] = { SV_INT(w.id),
			SV_TEXT(open ? "open" : "closed"),
			open ? SV_INT(r->auth.account_id) : SV_NULL,
			SV_INT(r->now) };

		if (store_exec(c, &q_window_set, p, 4) != 1 ||
		    store_commit(c) < 0) {
			store_rollback(c);
			return api_store_error(r, "window");
		}
	}
	queue_changed(r->app, w.center);
	return http_json(r, 200, json_pack("{s:I, s:s, s:i, s:s, s:s}", "id",
	    (json_int_t)w.id, "center", w.center, "number", w.number, "group",
	    w.group, "status", open ? "open" : "closed"));
}

int
api_window_open(struct http_req *r)
{
	return window_set(r, 1);
}

int
api_window_close(struct http_req *r)
{
	return window_set(r, 0);
}

STORE_SQL(q_windows_of_center,
    "SELECT w.id, w.number, w.group_code, w.status, a.name, t.label, t.id,"
    " t.version, t.status FROM windows w"
    " LEFT JOIN accounts a ON a.id = w.clerk_id"
    " LEFT JOIN tickets t ON t.window_id = w.id"
    "  AND t.status IN ('called', 'serving')"
    " WHERE w.center = $1 ORDER BY w.number");

static void
window_row(struct jw *w, struct store_rows *rows, void *ctx)
{
	jw_kint(w, "id", store_int(rows, 0));
	jw_kint(w, "number", store_int(rows, 1));
	jw_kstr(w, "group", store_text(rows, 2));
	jw_kstr(w, "status", store_text(rows, 3));
	jw_kstr(w, "clerk", store_text(rows, 4));
	/* The ticket at the window, so any device can carry on with it. */
	jw_kstr(w, "ticket", store_text(rows, 5));
	api_col_int(w, "ticket_id", rows, 6);
	api_col_int(w, "ticket_version", rows, 7);
	jw_kstr(w, "ticket_status", store_text(rows, 8));
}

int
api_center_windows(struct http_req *r)
{
	struct store_val p[] = { SV_TEXT(r->params[0]) };

	if (!staff_of(r, r->params[0]) && !auth_is(&r->auth, "city_admin"))
		return http_error(r, 403, "forbidden", "id",
		    "the windows are listed for the center's own staff");
	return api_list_all(r, &q_windows_of_center, p, 1, window_row, NULL,
	    "windows");
}

/* ------------------------------------------------------------------ */
/* Calling                                                             */

STORE_SQL(q_call_next,
    "UPDATE tickets SET status = 'called', window_id = $4, called_at = $5,"
    " version = version + 1 WHERE id = (SELECT t.id FROM tickets t"
    " WHERE t.center = $1 AND t.day = $2 AND t.group_code = $3"
    " AND t.status = 'waiting'" QUEUE_ORDER " LIMIT 1)"
    " AND status = 'waiting' RETURNING id");
STORE_SQL(q_any_waiting,
    "SELECT COUNT(*) FROM tickets WHERE center = $1 AND day = $2"
    " AND group_code = $3 AND status = 'waiting'");

/*
 * POST /api/v1/windows/{id}/call-next.  The window must be open, by the
 * caller, with no ticket still called or in service.  See the top of
 * this file for why one UPDATE suffices.
 */
int
api_window_call_next(struct http_req *r)
{
	struct store_conn *c;
	struct window w;
	int64_t busy = 0, id = 0, waiting = 0;
	int rc, tries;

	if ((c = api_store(r)) == NULL)
		return 0;
	if ((rc = window_load(r, c, &w)) <= 0)
		return rc < 0 ? api_store_error(r, "call") : 0;
	if (strcmp(w.status, "open") != 0 || w.clerk_id != r->auth.account_id)
		return http_error(r, 409, "window_closed", "id",
		    "open the window before calling");
	{
		struct store_val p[] = { SV_INT(w.id) };

		if (store_query_int(c, &q_window_busy, p, 1, &busy) < 0)
			return api_store_error(r, "call");
		if (busy)
			return http_error(r, 409, "window_busy", "id",
			    "finish the current ticket first");
	}
	/* Another window may take the first ticket between our SELECT and
	 * UPDATE (PostgreSQL); then the UPDATE changes nothing and we try
	 * the next.  Bounded: every retry means someone else was served. */
	for (tries = 0; tries < 64; tries++) {
		struct store_val p[] = { SV_TEXT(w.center), SV_INT(today_of(r)),
			SV_TEXT(w.group), SV_INT(w.id), SV_INT(r->now) };

		if (store_begin(c) < 0)
			return api_store_error(r, "call");
		rc = store_query_int(c, &q_call_next, p, 5, &id);
		if (rc == 0) {
			if (store_commit(c) < 0) {
				store_rollback(c);
				return api_store_error(r, "call");
			}
			queue_changed(r->app, w.center);
			return queue_ticket_answer(r, c, id, 200);
		}
		store_rollback(c);
		if (rc != STORE_ENOTFOUND && rc != STORE_EBUSY)
			return api_store_error(r, "call");
		{
			struct store_val q[] = { SV_TEXT(w.center),
				SV_INT(today_of(r)), SV_TEXT(w.group) };

			if (store_query_int(c, &q_any_waiting, q, 3, &waiting) < 0)
				return api_store_error(r, "call");
		}
		if (waiting == 0)
			return http_error(r, 404, "queue_empty", NULL,
			    "nobody is waiting for this window's group");
	}
	return http_error(r, 503, "busy", NULL, "the queue is too busy: "
	    "call again");
}

STORE_SQL(q_ticket_for_action,
    "SELECT t.id, t.center, t.group_code, t.status, t.window_id, t.recalls,"
    " t.version, w.clerk_id FROM tickets t LEFT JOIN windows w"
    " ON w.id = t.window_id WHERE t.id = $1");
STORE_SQL(q_ticket_move,
    "UPDATE tickets SET status = $3, recalls = $4, started_at = COALESCE($5,"
    " started_at), finished_at = COALESCE($6, finished_at), window_id = $7,"
    " group_code = $8, case_id = COALESCE($9, case_id), called_at ="
    " COALESCE($10, called_at), version = version + 1"
    " WHERE id = $1 AND version = $2");
STORE_SQL(q_case_exists, "SELECT COUNT(*) FROM cases WHERE id = $1");

/*
 * POST /api/v1/tickets/{id}/actions {"action", "version", ...}:
 *   recall    called again (at most max_recalls times)
 *   skip      a no-show, once it was recalled max_recalls times
 *   start     the holder is at the window: service starts
 *   finish    service done; "case_id" links the case filed for it
 *   transfer  to another group ("group"), keeping the arrival time
 *   link      links "case_id" to a ticket (during or after service)
 * Only a clerk of the ticket's center; recall, skip, start and finish
 * only at the window that called it.
 */
int
api_ticket_action(struct http_req *r)
{
	const char *action = NULL, *group = NULL;
	int64_t version = 0, case_id = 0, id;
	const struct api_field spec[] = {
		{ "action", API_STRING, 1, 1, 16, &action },
		{ "version", API_INT, 1, 1, 1000000, &version },
		{ "group", API_STRING, 0, 1, 1, &group },
		{ "case_id", API_INT, 0, 1, INT64_MAX, &case_id },
	};
	struct store_conn *c;
	struct store_rows *rows;
	char center[16] = "", grp[4] = "", status[16] = "";
	int64_t window = 0, clerk = 0, cur_version = 0, recalls = 0;
	int prio_groups, max_recalls = 2, exists, rc, n;
	const char *to = NULL;
	int64_t started = 0, finished = 0, called = 0;

	if ((id = id_param(r, "ticket")) < 0 ||
	    api_decode(r, spec, sizeof(spec) / sizeof(spec[0])) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "ticket action");
	{
		struct store_val p[] = { SV_INT(id) };

		if (store_query(c, &q_ticket_for_action, p, 1, &rows) < 0)
			goto fail;
		if ((rc = store_next(rows)) == 1) {
			snprintf(center, sizeof(center), "%s",
			    store_text(rows, 1));
			snprintf(grp, sizeof(grp), "%s", store_text(rows, 2));
			snprintf(status, sizeof(status), "%s",
			    store_text(rows, 3));
			window = store_isnull(rows, 4) ? 0 : store_int(rows, 4);
			recalls = store_int(rows, 5);
			cur_version = store_int(rows, 6);
			clerk = store_isnull(rows, 7) ? 0 : store_int(rows, 7);
		}
		store_rows_free(rows);
		if (rc < 0)
			goto fail;
	}
	if (!center[0] || !staff_of(r, center)) {
		store_rollback(c);
		return http_error(r, 404, "not_found", "id",
		    "no such ticket at your center");
	}
	if (version != cur_version) {
		store_rollback(c);
		return http_error(r, 409, "conflict", "version", "the ticket "
		    "changed meanwhile (now version %lld)",
		    (long long)cur_version);
	}
	if (settings(c, center, &prio_groups, &max_recalls, &exists) < 0)
		goto fail;
	if (strcmp(action, "recall") == 0 || strcmp(action, "skip") == 0 ||
	    strcmp(action, "start") == 0 || strcmp(action, "finish") == 0) {
		if (window == 0 || clerk != r->auth.account_id) {
			store_rollback(c);
			return http_error(r, 409, "wrong_state", "action",
			    "only the window that called the ticket %ss it",
			    action);
		}
	}
	if (strcmp(action, "recall") == 0 && strcmp(status, "called") == 0) {
		if (recalls >= max_recalls) {
			store_rollback(c);
			return http_error(r, 409, "recalls_used", "action",
			    "recalled %d times already: skip it", max_recalls);
		}
		to = "called";
		recalls++;
		called = r->now;
	} else if (strcmp(action, "skip") == 0 && strcmp(status, "called") == 0) {
		if (recalls < max_recalls) {
			store_rollback(c);
			return http_error(r, 409, "recall_first", "action",
			    "recall the ticket %d times before skipping it",
			    max_recalls);
		}
		to = "no-show";
		finished = r->now;
	} else if (strcmp(action, "start") == 0 &&
	    strcmp(status, "called") == 0) {
		to = "serving";
		started = r->now;
	} else if (strcmp(action, "finish") == 0 &&
	    strcmp(status, "serving") == 0) {
		to = "done";
		finished = r->now;
	} else if (strcmp(action, "transfer") == 0 &&
	    (strcmp(status, "waiting") == 0 || strcmp(status, "called") == 0)) {
		char target[4];

		if (group == NULL) {
			store_rollback(c);
			return http_error(r, 400, "missing_field", "group",
			    "name the group to transfer to");
		}
		if ((rc = pick_group(r, c, center, group, NULL, target)) < 0) {
			store_rollback(c);
			return rc == -1 ? 0 : api_store_error(r, "transfer");
		}
		snprintf(grp, sizeof(grp), "%s", target);
		to = "waiting";
		window = 0;
	} else if (strcmp(action, "link") == 0 &&
	    (strcmp(status, "serving") == 0 || strcmp(status, "done") == 0)) {
		if (case_id == 0) {
			store_rollback(c);
			return http_error(r, 400, "missing_field", "case_id",
			    "name the case to link");
		}
		to = status;
	} else if (strcmp(action, "recall") && strcmp(action, "skip") &&
	    strcmp(action, "start") && strcmp(action, "finish") &&
	    strcmp(action, "transfer") && strcmp(action, "link")) {
		store_rollback(c);
		return http_error(r, 400, "invalid_value", "action",
		    "\"action\" must be recall, skip, start, finish, transfer "
		    "or link");
	} else {
		store_rollback(c);
		return http_error(r, 409, "wrong_state", "action",
		    "a %s ticket cannot be %s", status, action);
	}
	if (case_id) {
		struct store_val p[] = { SV_INT(case_id) };
		int64_t k = 0;

		if (store_query_int(c, &q_case_exists, p, 1, &k) < 0)
			goto fail;
		if (k == 0) {
			store_rollback(c);
			return http_error(r, 400, "invalid_value", "case_id",
			    "no such case");
		}
	}
	{
		struct store_val p[] = { SV_INT(id), SV_INT(version), SV_TEXT(to),
			SV_INT(recalls), started ? SV_INT(started) : SV_NULL,
			finished ? SV_INT(finished) : SV_NULL,
			window ? SV_INT(window) : SV_NULL, SV_TEXT(grp),
			case_id ? SV_INT(case_id) : SV_NULL,
			called ? SV_INT(called) : SV_NULL };

		n = store_exec(c, &q_ticket_move, p, 10);
	}
	if (n < 0)
		goto fail;
	if (n == 0) {
		store_rollback(c);
		return http_error(r, 409, "conflict", "version",
		    "the ticket changed meanwhile");
	}
	if (store_commit(c) < 0)
		goto fail;
	queue_changed(r->app, center);
	return queue_ticket_answer(r, c, id, 200);
fail:
	store_rollback(c);
	return api_store_error(r, "ticket action");
}

/* ------------------------------------------------------------------ */
/* The board                                                           */

STORE_SQL(q_board_groups,
    "SELECT g.code, g.name_zh, g.name_en,"
    " (SELECT COUNT(*) FROM tickets t WHERE t.center = g.center"
    "  AND t.day = $2 AND t.group_code = g.code AND t.status = 'waiting'),"
    " (SELECT COUNT(*) FROM windows w WHERE w.center = g.center"
    "  AND w.group_code = g.code AND w.status = 'open')"
    " FROM window_groups g WHERE g.center = $1 ORDER BY g.code");
STORE_SQL(q_board_calls,
    "SELECT t.label, w.number, t.called_at, t.status FROM tickets t"
    " JOIN windows w ON w.id = t.window_id WHERE t.center = $1"
    " AND t.day = $2 AND t.called_at IS NOT NULL"
    " ORDER BY t.called_at DESC, t.id DESC LIMIT 12");

/* The board's JSON into w (shared by GET and the event stream). */
int
queue_board_write(struct store_conn *c, const char *center, int day,
    struct jw *w)
{
	struct store_val p[] = { SV_TEXT(center), SV_INT(day) };
	struct store_rows *rows;
	char when[CAL_RFC3339_LEN + 1];
	int rc;

	jw_obj(w);
	jw_kstr(w, "center", center);
	if (store_query(c, &q_board_groups, p, 2, &rows) < 0)
		return -1;
	jw_key(w, "groups");
	jw_arr(w);
	while ((rc = store_next(rows)) == 1) {
		jw_obj(w);
		jw_kstr(w, "code", store_text(rows, 0));
		jw_kstr(w, "name_zh", store_text(rows, 1));
		jw_kstr(w, "name_en", store_text(rows, 2));
		jw_kint(w, "waiting", store_int(rows, 3));
		jw_kint(w, "open_windows", store_int(rows, 4));
		jw_end(w);
	}
	store_rows_free(rows);
	jw_end(w);
	if (rc < 0 || store_query(c, &q_board_calls, p, 2, &rows) < 0)
		return -1;
	jw_key(w, "calls");
	jw_arr(w);
	while ((rc = store_next(rows)) == 1) {
		jw_obj(w);
		jw_kstr(w, "label", store_text(rows, 0));
		jw_kint(w, "window", store_int(rows, 1));
		cal_format_rfc3339(store_int(rows, 2), when);
		jw_kstr(w, "called_at", when);
		jw_kstr(w, "status", store_text(rows, 3));
		jw_end(w);
	}
	store_rows_free(rows);
	jw_end(w);
	jw_end(w);
	return rc < 0 ? -1 : 0;
}

int
api_center_board(struct http_req *r)
{
	struct store_conn *c;
	int prio, recalls, exists;
	struct jw w;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	exists = 0;
	if (strlen(r->params[0]) <= 16 &&
	    settings(c, r->params[0], &prio, &recalls, &exists) < 0)
		return api_store_error(r, "board");
	if (!exists)
		return http_error(r, 404, "not_found", "id",
		    "no center with a queue has this code");
	http_jw_begin(r, &w);
	if (queue_board_write(c, r->params[0], today_of(r), &w) < 0)
		return api_store_error(r, "board");
	return http_jw_end(r, 200);
}

void
queue_changed(struct app *app, const char *center)
{
	events_publish(app->events, center);
}

/* GET /api/v1/centers/{id}/board/events: the board as it changes. */
int
api_center_board_events(struct http_req *r)
{
	struct store_conn *c;
	int prio, recalls, exists = 0;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (strlen(r->params[0]) <= 16 &&
	    settings(c, r->params[0], &prio, &recalls, &exists) < 0)
		return api_store_error(r, "board");
	if (!exists)
		return http_error(r, 404, "not_found", "id",
		    "no center with a queue has this code");
	return events_stream(r, r->params[0], 0);
}

/* GET /api/v1/tickets/{id}/events?code=: one ticket as it moves. */
int
api_ticket_events(struct http_req *r)
{
	struct store_conn *c;
	char center[16];
	int64_t id;

	if (ticket_open(r, &c, &id, center, NULL) <= 0)
		return 0;
	return events_stream(r, center, id);
}

/*
 * POST /api/v1/centers/{id}/plan: the window plan (plan.h) for the
 * arrivals and service times in the body, capped by the windows the
 * center has.  For its managers and the city admin.
 */
int
api_center_plan(struct http_req *r)
{
	STORE_SQL(q_window_count, "SELECT COUNT(*) FROM windows WHERE center = $1");
	struct plan_input in;
	struct plan_output *out;
	struct store_conn *c;
	char *err = NULL, *json;
	int64_t n = 0;
	int rc;

	if (!(auth_is(&r->auth, "manager") && staff_of(r, r->params[0])) &&
	    !auth_is(&r->auth, "city_admin"))
		return http_error(r, 403, "forbidden", "id", "window plans are "
		    "for the center's manager");
	if (plan_parse_json(r->body.data, &in, &err) < 0) {
		rc = http_error(r, 400, "invalid_value", NULL, "%s", err ? err :
		    "bad plan input");
		free(err);
		return rc;
	}
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_TEXT(r->params[0]) };

		if (store_query_int(c, &q_window_count, p, 1, &n) < 0)
			return api_store_error(r, "plan");
	}
	if (n == 0)
		return http_error(r, 404, "not_found", "id",
		    "no center with windows has this code");
	if (in.max_windows > n)
		in.max_windows = (int)n;
	if ((out = calloc(1, sizeof(*out))) == NULL)
		return -1;
	rc = plan_recommend(&in, out);
	json = rc < 0 ? NULL : plan_to_json(out);
	free(out);
	if (json == NULL)
		return -1;
	buf_reset(&r->out);
	buf_adds(&r->out, json);
	free(json);
	return http_jw_end(r, 200);
}

/* ------------------------------------------------------------------ */
/* Statistics                                                          */

STORE_SQL(q_stats_tickets,
    "SELECT group_code, status, arrived_at, called_at, started_at,"
    " finished_at FROM tickets WHERE center = $1 AND day = $2"
    " ORDER BY arrived_at");
STORE_SQL(q_stats_missed,
    "SELECT COUNT(*) FROM appointments WHERE center = $1 AND day = $2"
    " AND status = 'booked' AND (day < $3 OR (day = $3 AND minute + 15 < $4))");
STORE_SQL(q_center_district, "SELECT district FROM centers WHERE code = $1");

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * GET /api/v1/centers/{id}/stats?date=: tickets, waits (mean and 90th
 * percentile, from arrival to call), service times (start to finish),
 * no-shows (tickets skipped and appointments missed) and arrivals by
 * hour, for one day.  For the center's manager, its district's admin and
 * the city admin.
 */
int
api_center_stats(struct http_req *r)
{
	static const char *const allowed[] = { "date", NULL };
	const char *center = r->params[0], *date = http_query(r, "date");
	struct store_conn *c;
	struct store_rows *rows;
	int64_t *waits = NULL, served_sum = 0, missed = 0, hours[24] = { 0 };
	size_t nwait = 0, cwait = 0;
	int64_t tickets = 0, served = 0, no_shows = 0, wait_sum = 0;
	int day, today, now_min, rc, h, busiest = -1, may;
	char district[8] = "";
	struct jw w;

	if (api_query_allowed(r, allowed) < 0)
		return 0;
	cal_local(r->now, &today, &now_min);
	day = today;
	if (date && valid_date(date, &day) != VALID_OK)
		return http_error(r, 400, "invalid_parameter", "date",
		    "\"date\" must be a date YYYY-MM-DD");
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_TEXT(center) };

		if (store_query(c, &q_center_district, p, 1, &rows) < 0)
			return api_store_error(r, "stats");
		if ((rc = store_next(rows)) == 1)
			snprintf(district, sizeof(district), "%s",
			    store_text(rows, 0));
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "stats");
	}
	may = (auth_is(&r->auth, "manager") && staff_of(r, center)) ||
	    auth_is(&r->auth, "city_admin") ||
	    (auth_is(&r->auth, "district_admin") && r->auth.scope_district &&
	    strcmp(r->auth.scope_district, district) == 0);
	if (!district[0] || !may)
		return http_error(r, 403, "forbidden", "id", "statistics are for "
		    "the center's manager and its district's admins");
	{
		struct store_val p[] = { SV_TEXT(center), SV_INT(day) };

		if (store_query(c, &q_stats_tickets, p, 2, &rows) < 0)
			return api_store_error(r, "stats");
	}
	while ((rc = store_next(rows)) == 1) {
		const char *status = store_text(rows, 1);
		int d, minute;

		tickets++;
		cal_local(store_int(rows, 2), &d, &minute);
		hours[minute / 60]++;
		if (strcmp(status, "no-show") == 0)
			no_shows++;
		if (!store_isnull(rows, 3)) {
			if (nwait == cwait) {
				size_t n = cwait ? cwait * 2 : 256;
				int64_t *v = realloc(waits, n * sizeof(*v));

				if (v == NULL) {
					rc = -1;
					break;
				}
				waits = v;
				cwait = n;
			}
			waits[nwait] = store_int(rows, 3) - store_int(rows, 2);
			wait_sum += waits[nwait++];
		}
		if (strcmp(status, "done") == 0 && !store_isnull(rows, 4) &&
		    !store_isnull(rows, 5)) {
			served++;
			served_sum += store_int(rows, 5) - store_int(rows, 4);
		}
	}
	store_rows_free(rows);
	if (rc < 0) {
		free(waits);
		return api_store_error(r, "stats");
	}
	{
		struct store_val p[] = { SV_TEXT(center), SV_INT(day),
			SV_INT(today), SV_INT(now_min) };

		if (store_query_int(c, &q_stats_missed, p, 4, &missed) < 0) {
			free(waits);
			return api_store_error(r, "stats");
		}
	}
	if (nwait)	/* qsort must not be given NULL, even for 0 items */
		qsort(waits, nwait, sizeof(*waits), cmp_i64);
	for (h = 0; h < 24; h++)
		if (hours[h] && (busiest < 0 || hours[h] > hours[busiest]))
			busiest = h;
	http_jw_begin(r, &w);
	jw_obj(&w);
	jw_kstr(&w, "center", center);
	{
		char d[CAL_DATE_LEN + 1];

		cal_format_day(day, d);
		jw_kstr(&w, "date", d);
	}
	jw_kint(&w, "tickets", tickets);
	jw_kint(&w, "called", (int64_t)nwait);
	jw_kint(&w, "served", served);
	jw_key(&w, "mean_wait_minutes");
	if (nwait)
		jw_real(&w, (double)wait_sum / (double)nwait / 60.0);
	else
		jw_null(&w);
	jw_key(&w, "p90_wait_minutes");
	if (nwait)	/* nearest rank */
		jw_real(&w, (double)waits[(nwait * 9 + 9) / 10 - 1] / 60.0);
	else
		jw_null(&w);
	jw_key(&w, "mean_service_minutes");
	if (served)
		jw_real(&w, (double)served_sum / (double)served / 60.0);
	else
		jw_null(&w);
	jw_kint(&w, "no_shows", no_shows);
	jw_kint(&w, "missed_appointments", missed);
	jw_key(&w, "busiest_hour");
	if (busiest >= 0) {
		char hh[16];

		snprintf(hh, sizeof(hh), "%02d:00", busiest);
		jw_str(&w, hh);
	} else
		jw_null(&w);
	jw_key(&w, "arrivals_by_hour");
	jw_arr(&w);
	for (h = 0; h < 24; h++)
		jw_int(&w, hours[h]);
	jw_end(&w);
	jw_end(&w);
	free(waits);
	return http_jw_end(r, 200);
}
