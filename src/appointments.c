/*
 * appointments.c - booking a 30-minute slot at a center's window group,
 * and checking in for it.
 *
 * Capacity: each slot of a group takes `capacity` appointments; the
 * count lives in appointment_slots and is taken with one conditional
 * UPDATE ("booked = booked + 1 WHERE booked < capacity"), so two people
 * racing for the last place cannot both get it, on either store.
 *
 * Slots lie within the center's opening hours of that day (hours.h:
 * weekends and public holidays keep the short hours, an adjusted working
 * day the long ones), from today to BOOK_DAYS ahead, never in the past.
 * A person books at most DAILY_LIMIT appointments a day.  A booking not
 * checked in by CHECKIN_MINUTES after its start is a no-show; three in
 * 30 days suspend online booking for 30 days from the third.  No-shows
 * are derived from the bookings themselves, so no sweeper has to run.
 *
 * Check-in opens CHECKIN_MINUTES before the slot and closes
 * CHECKIN_MINUTES after its start; it issues a ticket that is called
 * before walk-ins ("booked online, received first").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "cal.h"
#include "hours.h"
#include "jw.h"
#include "queue.h"
#include "store.h"
#include "valid.h"

#define SLOT_MINUTES 30
#define BOOK_DAYS 30
#define DAILY_LIMIT 2
#define CHECKIN_MINUTES 15
#define NO_SHOWS_TO_SUSPEND 3
#define SUSPEND_DAYS 30

STORE_SQL(q_center_hours,
    "SELECT always_open, weekday_open, weekday_close, weekend_open,"
    " weekend_close FROM centers WHERE code = $1");
STORE_SQL(q_group_capacity,
    "SELECT code, capacity, name_zh, name_en FROM window_groups"
    " WHERE center = $1 AND (CAST($2 AS TEXT) IS NULL OR code = $2)"
    " ORDER BY code");
STORE_SQL(q_slot_booked,
    "SELECT minute, booked FROM appointment_slots WHERE center = $1"
    " AND group_code = $2 AND day = $3");

/* A center's hours; 0 when it has none (no such center). */
static int
center_hours(struct store_conn *c, const char *center, struct hours *h)
{
	struct store_val p[] = { SV_TEXT(center) };
	struct store_rows *rows;
	int rc;

	if (store_query(c, &q_center_hours, p, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1) {
		h->always = (int)store_int(rows, 0);
		h->weekday_open = (int)store_int(rows, 1);
		h->weekday_close = (int)store_int(rows, 2);
		h->weekend_open = (int)store_int(rows, 3);
		h->weekend_close = (int)store_int(rows, 4);
	}
	store_rows_free(rows);
	return rc;
}

/* The opening minutes of a day: the center is open from *open to *close
 * (minutes of the local day); both 0 when closed all day. */
static void
day_hours(const struct cal *cal, const struct hours *h, int day, int *open,
    int *close)
{
	int64_t t = cal_unix(day, 0), start;

	*open = *close = 0;
	start = hours_next_opening(cal, h, t);
	if (start < 0 || start >= cal_unix(day + 1, 0))
		return;
	*open = (int)((start - t) / 60);
	*close = (int)((hours_closes_at(cal, h, start) - t) / 60);
	if (*close > 24 * 60)
		*close = 24 * 60;
}

static int
today_of(const struct http_req *r, int *minute)
{
	int day, m;

	cal_local(r->now, &day, &m);
	if (minute)
		*minute = m;
	return day;
}

int
api_center_slots(struct http_req *r)
{
	static const char *const allowed[] = { "date", "group", NULL };
	const char *date = http_query(r, "date"), *group = http_query(r, "group");
	struct store_conn *c;
	struct store_rows *rows;
	struct hours h;
	int day, today, now_min, open, close, rc, m;
	struct {
		char code[4];
		int capacity;
	} groups[26];
	int ng = 0, gi;
	struct jw w;
	char when[CAL_RFC3339_LEN + 1];

	if (api_query_allowed(r, allowed) < 0)
		return 0;
	today = today_of(r, &now_min);
	if (date == NULL || valid_date(date, &day) != VALID_OK)
		return http_error(r, 400, "invalid_parameter", "date",
		    "\"date\" must be a date YYYY-MM-DD");
	if (day < today || day > today + BOOK_DAYS)
		return http_error(r, 400, "invalid_parameter", "date",
		    "slots are booked from today to %d days ahead", BOOK_DAYS);
	if (group && strlen(group) != 1)
		return http_error(r, 400, "invalid_parameter", "group",
		    "a group is one capital letter");
	if ((c = api_store(r)) == NULL)
		return 0;
	if ((rc = center_hours(c, r->params[0], &h)) <= 0)
		return rc < 0 ? api_store_error(r, "slots") :
		    http_error(r, 404, "not_found", "id", "no such center");
	{
		struct store_val p[] = { SV_TEXT(r->params[0]), SV_TEXT(group) };

		if (store_query(c, &q_group_capacity, p, 2, &rows) < 0)
			return api_store_error(r, "slots");
		while ((rc = store_next(rows)) == 1 && ng < 26) {
			snprintf(groups[ng].code, sizeof(groups[ng].code), "%s",
			    store_text(rows, 0));
			groups[ng].capacity = (int)store_int(rows, 1);
			ng++;
		}
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "slots");
	}
	if (ng == 0)
		return http_error(r, 404, "not_found", group ? "group" : "id",
		    "no window group takes appointments here");
	day_hours(r->app->cal, &h, day, &open, &close);
	http_jw_begin(r, &w);
	jw_obj(&w);
	jw_kstr(&w, "center", r->params[0]);
	jw_kstr(&w, "date", date);
	jw_key(&w, "groups");
	jw_arr(&w);
	for (gi = 0; gi < ng; gi++) {
		int booked[48] = { 0 };
		struct store_val p[] = { SV_TEXT(r->params[0]),
			SV_TEXT(groups[gi].code), SV_INT(day) };

		if (store_query(c, &q_slot_booked, p, 3, &rows) < 0)
			return api_store_error(r, "slots");
		while ((rc = store_next(rows)) == 1) {
			int idx = (int)store_int(rows, 0) / SLOT_MINUTES;

			if (idx >= 0 && idx < 48)
				booked[idx] = (int)store_int(rows, 1);
		}
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "slots");
		jw_obj(&w);
		jw_kstr(&w, "group", groups[gi].code);
		jw_kint(&w, "capacity", groups[gi].capacity);
		jw_key(&w, "slots");
		jw_arr(&w);
		for (m = (open + SLOT_MINUTES - 1) / SLOT_MINUTES * SLOT_MINUTES;
		    m + SLOT_MINUTES <= close; m += SLOT_MINUTES) {
			int b = booked[m / SLOT_MINUTES];
			int past = day == today && m <= now_min;
			char t[16];

			snprintf(t, sizeof(t), "%02d:%02d", m / 60, m % 60);
			jw_obj(&w);
			jw_kstr(&w, "time", t);
			cal_format_rfc3339(cal_unix(day, m), when);
			jw_kstr(&w, "starts_at", when);
			jw_kint(&w, "booked", b);
			jw_kint(&w, "available", past ? 0 :
			    b < groups[gi].capacity ? groups[gi].capacity - b : 0);
			jw_end(&w);
		}
		jw_end(&w);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	return http_jw_end(r, 200);
}

STORE_SQL(q_no_shows,
    "SELECT day, minute FROM appointments WHERE account_id = $1"
    " AND status = 'booked' AND day >= $2 AND (day < $3 OR (day = $3"
    " AND minute + $4 < $5)) ORDER BY day DESC, minute DESC");
STORE_SQL(q_booked_that_day,
    "SELECT COUNT(*) FROM appointments WHERE account_id = $1 AND day = $2"
    " AND status IN ('booked', 'checked-in')");
STORE_SQL(q_slot_ensure,
    "INSERT INTO appointment_slots (center, group_code, day, minute, booked)"
    " VALUES ($1, $2, $3, $4, 0) ON CONFLICT DO NOTHING");
STORE_SQL(q_slot_take,
    "UPDATE appointment_slots SET booked = booked + 1 WHERE center = $1"
    " AND group_code = $2 AND day = $3 AND minute = $4 AND booked < $5");
STORE_SQL(q_slot_release,
    "UPDATE appointment_slots SET booked = booked - 1 WHERE center = $1"
    " AND group_code = $2 AND day = $3 AND minute = $4 AND booked > 0");
STORE_SQL(q_appointment_insert,
    "INSERT INTO appointments (center, group_code, account_id, day, minute,"
    " code, status, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, 'booked', $7, $7) RETURNING id");

/*
 * Suspended until when (unix seconds), or 0: three no-shows within the
 * last 30 days suspend booking for 30 days from the third.
 */
static int
suspended_until(struct http_req *r, struct store_conn *c, int64_t *until)
{
	int now_min, today = today_of(r, &now_min);
	struct store_val p[] = { SV_INT(r->auth.account_id),
		SV_INT(today - 2 * SUSPEND_DAYS), SV_INT(today),
		SV_INT(CHECKIN_MINUTES), SV_INT(now_min) };
	struct store_rows *rows;
	int64_t at[NO_SHOWS_TO_SUSPEND];
	int n = 0, rc, i;

	*until = 0;
	if (store_query(c, &q_no_shows, p, 5, &rows) < 0)
		return -1;
	while ((rc = store_next(rows)) == 1 && n < 64) {
		int64_t t = cal_unix((int)store_int(rows, 0),
		    (int)store_int(rows, 1));

		/* Slide a window of three over the no-shows, newest first:
		 * three within 30 days suspend until the newest + 30 days. */
		if (n < NO_SHOWS_TO_SUSPEND)
			at[n] = t;
		else {
			for (i = 0; i + 1 < NO_SHOWS_TO_SUSPEND; i++)
				at[i] = at[i + 1];
			at[NO_SHOWS_TO_SUSPEND - 1] = t;
		}
		n++;
		if (n >= NO_SHOWS_TO_SUSPEND &&
		    at[0] - at[NO_SHOWS_TO_SUSPEND - 1] <= SUSPEND_DAYS * 86400 &&
		    at[0] + SUSPEND_DAYS * 86400 > r->now) {
			*until = at[0] + SUSPEND_DAYS * 86400;
			break;
		}
	}
	store_rows_free(rows);
	return rc < 0 ? -1 : 0;
}

struct slot {
	char center[16], group[4];
	int day, minute, capacity;
};

/*
 * Checks a requested slot (center, group, date, time) and fills s; 0,
 * or answers 4xx and returns 1, or < 0 on a store failure.
 */
static int
check_slot(struct http_req *r, struct store_conn *c, const char *center,
    const char *group, const char *date, const char *time, struct slot *s)
{
	struct store_rows *rows;
	struct hours h;
	int today, now_min, open, close, rc;

	today = today_of(r, &now_min);
	if (valid_date(date, &s->day) != VALID_OK)
		return http_error(r, 400, "invalid_value", "date",
		    "\"date\" must be a date YYYY-MM-DD"), 1;
	if (cal_parse_hhmm(time, &s->minute) < 0 || s->minute % SLOT_MINUTES)
		return http_error(r, 400, "invalid_value", "time",
		    "\"time\" is the start of a slot: HH:00 or HH:30"), 1;
	if (s->day < today || (s->day == today && s->minute <= now_min))
		return http_error(r, 422, "in_the_past", "time",
		    "that slot has begun or passed"), 1;
	if (s->day > today + BOOK_DAYS)
		return http_error(r, 422, "too_far_ahead", "date",
		    "slots are booked at most %d days ahead", BOOK_DAYS), 1;
	if ((rc = center_hours(c, center, &h)) <= 0)
		return rc < 0 ? -1 : (http_error(r, 400, "invalid_value",
		    "center", "no such center"), 1);
	day_hours(r->app->cal, &h, s->day, &open, &close);
	if (s->minute < open || s->minute + SLOT_MINUTES > close)
		return http_error(r, 422, "outside_hours", "time",
		    "the center is not open for that slot"), 1;
	snprintf(s->center, sizeof(s->center), "%s", center);
	{
		struct store_val p[] = { SV_TEXT(center), SV_TEXT(group) };

		if (store_query(c, &q_group_capacity, p, 2, &rows) < 0)
			return -1;
		if ((rc = store_next(rows)) == 1) {
			snprintf(s->group, sizeof(s->group), "%s",
			    store_text(rows, 0));
			s->capacity = (int)store_int(rows, 1);
		}
		store_rows_free(rows);
	}
	if (rc < 0)
		return -1;
	if (rc == 0)
		return http_error(r, 400, "invalid_value", group ? "group" :
		    "center", "no window group there takes appointments"), 1;
	return 0;
}

/* Takes a place in the slot, in the caller's transaction: 0, 1 when it
 * is full (answered), < 0 on a store failure. */
static int
take_place(struct http_req *r, struct store_conn *c, const struct slot *s)
{
	struct store_val p[] = { SV_TEXT(s->center), SV_TEXT(s->group),
		SV_INT(s->day), SV_INT(s->minute), SV_INT(s->capacity) };
	int n;

	if (store_exec(c, &q_slot_ensure, p, 4) < 0)
		return -1;
	if ((n = store_exec(c, &q_slot_take, p, 5)) < 0)
		return -1;
	if (n == 0) {
		http_error(r, 409, "slot_full", "time",
		    "that slot is fully booked");
		return 1;
	}
	return 0;
}

static void
new_code(char out[9])
{
	static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char raw[8];
	int i;

	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < 8; i++)
		out[i] = alphabet[raw[i] % (sizeof(alphabet) - 1)];
	out[8] = '\0';
}

STORE_SQL(q_appointment_get,
    "SELECT a.id, a.center, a.group_code, a.account_id, a.day, a.minute,"
    " a.code, a.status, a.ticket_id, c.name_zh, c.name_en"
    " FROM appointments a JOIN centers c ON c.code = a.center"
    " WHERE a.id = $1");

static void
appointment_row(struct jw *w, struct store_rows *rows, void *ctx)
{
	char date[CAL_DATE_LEN + 1], t[16], when[CAL_RFC3339_LEN + 1];
	int m = (int)store_int(rows, 5);

	cal_format_day((int)store_int(rows, 4), date);
	snprintf(t, sizeof(t), "%02d:%02d", m / 60 % 100, m % 60);
	cal_format_rfc3339(cal_unix((int)store_int(rows, 4), m), when);
	jw_kint(w, "id", store_int(rows, 0));
	jw_kstr(w, "center", store_text(rows, 1));
	jw_kstr(w, "center_zh", store_text(rows, 9));
	jw_kstr(w, "center_en", store_text(rows, 10));
	jw_kstr(w, "group", store_text(rows, 2));
	jw_kstr(w, "date", date);
	jw_kstr(w, "time", t);
	jw_kstr(w, "starts_at", when);
	jw_kstr(w, "code", store_text(rows, 6));
	jw_kstr(w, "status", store_text(rows, 7));
	api_col_int(w, "ticket_id", rows, 8);
}

static int
answer_appointment(struct http_req *r, struct store_conn *c, int64_t id,
    int status)
{
	struct store_val p[] = { SV_INT(id) };
	struct store_rows *rows;
	struct jw w;
	int rc;

	if (store_query(c, &q_appointment_get, p, 1, &rows) < 0)
		return api_store_error(r, "appointment");
	if ((rc = store_next(rows)) != 1) {
		store_rows_free(rows);
		return rc < 0 ? api_store_error(r, "appointment") :
		    http_error(r, 404, "not_found", "id", "no such appointment");
	}
	http_jw_begin(r, &w);
	jw_obj(&w);
	appointment_row(&w, rows, NULL);
	jw_end(&w);
	store_rows_free(rows);
	return http_jw_end(r, status);
}

static int
not_staff(struct http_req *r)
{
	if (strcmp(r->auth.kind, "staff") == 0) {
		http_error(r, 403, "forbidden", NULL,
		    "appointments are booked by residents and enterprises");
		return 1;
	}
	return 0;
}

int
api_appointments_book(struct http_req *r)
{
	const char *center = NULL, *group = NULL, *date = NULL, *time = NULL;
	const struct api_field spec[] = {
		{ "center", API_STRING, 1, 2, 16, &center },
		{ "group", API_STRING, 0, 1, 1, &group },
		{ "date", API_STRING, 1, 10, 10, &date },
		{ "time", API_STRING, 1, 5, 5, &time },
	};
	struct store_conn *c;
	struct slot s;
	char code[9];
	int64_t until = 0, that_day = 0, id;
	int rc;

	if (not_staff(r) || api_decode(r, spec, 4) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if ((rc = check_slot(r, c, center, group, date, time, &s)) != 0)
		return rc < 0 ? api_store_error(r, "book") : 0;
	if (suspended_until(r, c, &until) < 0)
		return api_store_error(r, "book");
	if (until) {
		char when[CAL_RFC3339_LEN + 1];

		cal_format_rfc3339(until, when);
		return http_error(r, 403, "booking_suspended", NULL,
		    "three missed appointments in 30 days: online booking is "
		    "suspended until %s", when);
	}
	if (store_begin(c) < 0)
		return api_store_error(r, "book");
	{
		struct store_val p[] = { SV_INT(r->auth.account_id),
			SV_INT(s.day) };

		if (store_query_int(c, &q_booked_that_day, p, 2, &that_day) < 0)
			goto fail;
	}
	if (that_day >= DAILY_LIMIT) {
		store_rollback(c);
		return http_error(r, 422, "daily_limit", "date", "at most %d "
		    "appointments a day", DAILY_LIMIT);
	}
	if ((rc = take_place(r, c, &s)) != 0) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "book") : 0;
	}
	new_code(code);
	{
		struct store_val p[] = { SV_TEXT(s.center), SV_TEXT(s.group),
			SV_INT(r->auth.account_id), SV_INT(s.day),
			SV_INT(s.minute), SV_TEXT(code), SV_INT(r->now) };

		rc = store_query_int(c, &q_appointment_insert, p, 7, &id);
	}
	if (rc == STORE_ECONSTRAINT) {
		store_rollback(c);
		return http_error(r, 409, "already_booked", "time",
		    "you have booked this slot already");
	}
	if (rc < 0 || store_commit(c) < 0)
		goto fail;
	return answer_appointment(r, c, id, 201);
fail:
	store_rollback(c);
	return api_store_error(r, "book");
}

/* Loads the caller's own booked appointment for a change. */
static int
own_booked(struct http_req *r, struct store_conn *c, int64_t *id,
    struct slot *s, char status[16])
{
	char *end;
	long long v = strtoll(r->params[0], &end, 10);
	struct store_rows *rows;
	int rc, mine = 0;

	if (*end || v <= 0) {
		http_error(r, 400, "invalid_parameter", "id",
		    "an appointment id is a positive integer");
		return 0;
	}
	*id = v;
	status[0] = '\0';
	{
		struct store_val p[] = { SV_INT(v) };

		if (store_query(c, &q_appointment_get, p, 1, &rows) < 0)
			return -1;
	}
	if ((rc = store_next(rows)) == 1) {
		mine = store_int(rows, 3) == r->auth.account_id;
		snprintf(s->center, sizeof(s->center), "%s", store_text(rows, 1));
		snprintf(s->group, sizeof(s->group), "%s", store_text(rows, 2));
		s->day = (int)store_int(rows, 4);
		s->minute = (int)store_int(rows, 5);
		snprintf(status, 16, "%s", store_text(rows, 7));
	}
	store_rows_free(rows);
	if (rc < 0)
		return -1;
	if (!mine) {
		http_error(r, 404, "not_found", "id", "no such appointment");
		return 0;
	}
	return 1;
}

/* Whether the slot has begun: no more changes, or no-shows would be
 * erased by cancelling them. */
static int
started(const struct http_req *r, const struct slot *s)
{
	return r->now >= cal_unix(s->day, s->minute);
}

/*
 * Opens the transaction of a change to the caller's own appointment that
 * is still booked and has not begun: 1 (transaction open), 0 answered,
 * < 0 store failure.
 */
static int
open_change(struct http_req *r, struct store_conn *c, int64_t *id,
    struct slot *old, const char *what)
{
	char status[16];
	int rc;

	if (store_begin(c) < 0)
		return -1;
	if ((rc = own_booked(r, c, id, old, status)) <= 0) {
		store_rollback(c);
		return rc;
	}
	if (strcmp(status, "booked") != 0 || started(r, old)) {
		store_rollback(c);
		http_error(r, 409, "wrong_state", "id", "the appointment is "
		    "%s: it cannot be %s", started(r, old) ? "past (a missed "
		    "appointment stays missed)" : status, what);
		return 0;
	}
	return 1;
}

STORE_SQL(q_appointment_move,
    "UPDATE appointments SET center = $2, group_code = $3, day = $4,"
    " minute = $5, updated_at = $6 WHERE id = $1 AND status = 'booked'");
STORE_SQL(q_appointment_cancel,
    "UPDATE appointments SET status = 'cancelled', updated_at = $2"
    " WHERE id = $1 AND status = 'booked'");

int
api_appointment_reschedule(struct http_req *r)
{
	const char *date = NULL, *time = NULL;
	const struct api_field spec[] = {
		{ "date", API_STRING, 1, 10, 10, &date },
		{ "time", API_STRING, 1, 5, 5, &time },
	};
	struct store_conn *c;
	struct slot old, s;
	int64_t id;
	int rc;

	if (not_staff(r) || api_decode(r, spec, 2) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if ((rc = open_change(r, c, &id, &old, "rescheduled")) <= 0)
		return rc < 0 ? api_store_error(r, "reschedule") : 0;
	if ((rc = check_slot(r, c, old.center, old.group, date, time, &s)) ||
	    (rc = take_place(r, c, &s))) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "reschedule") : 0;
	}
	{
		struct store_val rel[] = { SV_TEXT(old.center),
			SV_TEXT(old.group), SV_INT(old.day), SV_INT(old.minute) };
		struct store_val mv[] = { SV_INT(id), SV_TEXT(s.center),
			SV_TEXT(s.group), SV_INT(s.day), SV_INT(s.minute),
			SV_INT(r->now) };

		if (store_exec(c, &q_slot_release, rel, 4) < 0 ||
		    (rc = store_exec(c, &q_appointment_move, mv, 6)) < 0) {
			store_rollback(c);
			return rc == STORE_ECONSTRAINT ? http_error(r, 409,
			    "already_booked", "time", "you have booked that "
			    "slot already") : api_store_error(r, "reschedule");
		}
	}
	if (store_commit(c) < 0) {
		store_rollback(c);
		return api_store_error(r, "reschedule");
	}
	return answer_appointment(r, c, id, 200);
}

int
api_appointment_cancel(struct http_req *r)
{
	struct store_conn *c;
	struct slot old;
	int64_t id;
	int rc;

	if (not_staff(r))
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if ((rc = open_change(r, c, &id, &old, "cancelled")) <= 0)
		return rc < 0 ? api_store_error(r, "cancel") : 0;
	{
		struct store_val rel[] = { SV_TEXT(old.center),
			SV_TEXT(old.group), SV_INT(old.day), SV_INT(old.minute) };
		struct store_val p[] = { SV_INT(id), SV_INT(r->now) };

		if (store_exec(c, &q_slot_release, rel, 4) < 0 ||
		    store_exec(c, &q_appointment_cancel, p, 2) != 1 ||
		    store_commit(c) < 0) {
			store_rollback(c);
			return api_store_error(r, "cancel");
		}
	}
	return answer_appointment(r, c, id, 200);
}

STORE_SQL(q_appointment_checked_in,
    "UPDATE appointments SET status = 'checked-in', ticket_id = $2,"
    " updated_at = $3 WHERE id = $1 AND status = 'booked'");

/* Check-in at the center: 15 minutes either side of the slot's start. */
int
api_appointment_check_in(struct http_req *r)
{
	struct queue_ticket_new t = { .source = "appointment", .priority = 2 };
	struct store_conn *c;
	struct slot s;
	char status[16], label[16], code[LICENCE_CODE_LEN + 1];
	int64_t id, ticket, start;
	int rc;

	if (not_staff(r))
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "check-in");
	if ((rc = own_booked(r, c, &id, &s, status)) <= 0) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "check-in") : 0;
	}
	if (strcmp(status, "booked") != 0) {
		store_rollback(c);
		return http_error(r, 409, "wrong_state", "id",
		    "the appointment is %s", status);
	}
	start = cal_unix(s.day, s.minute);
	if (r->now < start - CHECKIN_MINUTES * 60) {
		store_rollback(c);
		return http_error(r, 409, "too_early", "id", "check-in opens %d "
		    "minutes before the appointment", CHECKIN_MINUTES);
	}
	if (r->now > start + CHECKIN_MINUTES * 60) {
		store_rollback(c);
		return http_error(r, 409, "too_late", "id", "check-in closed %d "
		    "minutes after the appointment began: take a ticket",
		    CHECKIN_MINUTES);
	}
	t.center = s.center;
	t.group = s.group;
	t.account_id = r->auth.account_id;
	t.appointment_id = id;
	{
		struct store_val p[3];

		if (queue_issue(c, &t, r->now, &ticket, label, code) < 0)
			goto fail;
		p[0] = SV_INT(id);
		p[1] = SV_INT(ticket);
		p[2] = SV_INT(r->now);
		if (store_exec(c, &q_appointment_checked_in, p, 3) != 1 ||
		    store_commit(c) < 0)
			goto fail;
	}
	queue_changed(r->app, s.center);
	return queue_ticket_answer(r, c, ticket, 201);
fail:
	store_rollback(c);
	return api_store_error(r, "check-in");
}

STORE_SQL(q_my_appointments,
    "SELECT a.id, a.center, a.group_code, a.account_id, a.day, a.minute,"
    " a.code, a.status, a.ticket_id, c.name_zh, c.name_en"
    " FROM appointments a JOIN centers c ON c.code = a.center"
    " WHERE a.account_id = $1 ORDER BY a.day DESC, a.minute DESC LIMIT 100");

/* The caller's appointments, newest first (the last hundred). */
int
api_me_appointments(struct http_req *r)
{
	struct store_val p[] = { SV_INT(r->auth.account_id) };

	return api_list_all(r, &q_my_appointments, p, 1, appointment_row, NULL,
	    "appointments");
}
