/*
 * api.c - the route table of /api/v1 and the helpers every endpoint
 * shares (api.h).  docs/openapi.yaml describes the same routes; the test
 * tests/api/openapi.test.js fails when the two disagree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "api.h"
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "cal.h"
#include "guide.h"
#include "jw.h"
#include "log.h"
#include "qr.h"
#include "router.h"
#include "store.h"

const struct route api_routes[] = {
	{ HTTP_GET, "/api/v1/health", api_health, ROUTE_PUBLIC,
	  "Liveness and store check" },
	{ HTTP_GET, "/api/v1/matters", api_matters_list, ROUTE_PUBLIC,
	  "Search the catalog of matters" },
	{ HTTP_GET, "/api/v1/matters/{code}", api_matter_get, ROUTE_PUBLIC,
	  "A matter with its guide" },
	{ HTTP_GET, "/api/v1/departments", api_departments_list, ROUTE_PUBLIC,
	  "The departments" },
	{ HTTP_GET, "/api/v1/districts", api_districts_list, ROUTE_PUBLIC,
	  "Shanghai's 16 districts" },
	{ HTTP_GET, "/api/v1/centers", api_centers_list, ROUTE_PUBLIC,
	  "Centers, sub-centers, service points and self-service points" },
	{ HTTP_GET, "/api/v1/centers/nearest", api_centers_nearest,
	  ROUTE_PUBLIC, "The nearest places, with distance and hours" },
	{ HTTP_GET, "/api/v1/centers/{code}", api_center_get, ROUTE_PUBLIC,
	  "One place" },
	{ HTTP_POST, "/api/v1/accounts", api_accounts_register, ROUTE_BODY | ROUTE_SIGNIN,
	  "Register a resident or an enterprise" },
	{ HTTP_POST, "/api/v1/accounts/confirm", api_accounts_confirm,
	  ROUTE_BODY | ROUTE_SIGNIN, "Confirm a registration with the SMS code" },
	{ HTTP_GET, "/api/v1/accounts", api_accounts_find, ROUTE_STAFF,
	  "Staff find a resident or enterprise by ID number or credit code" },
	{ HTTP_GET, "/api/v1/accounts/{id}", api_account_get, ROUTE_AUTH,
	  "An account's profile" },
	{ HTTP_POST, "/api/v1/password-reset", api_password_reset, ROUTE_BODY | ROUTE_SIGNIN,
	  "Send a password reset code" },
	{ HTTP_POST, "/api/v1/password-reset/confirm",
	  api_password_reset_confirm, ROUTE_BODY | ROUTE_SIGNIN,
	  "Set a new password with the code" },
	{ HTTP_POST, "/api/v1/session", api_session_create, ROUTE_BODY | ROUTE_SIGNIN,
	  "Sign in" },
	{ HTTP_DELETE, "/api/v1/session", api_session_delete, ROUTE_AUTH,
	  "Sign out" },
	{ HTTP_GET, "/api/v1/me", api_me, ROUTE_AUTH,
	  "The signed-in account" },
	{ HTTP_GET, "/api/v1/enterprise/agents", api_agents_list, ROUTE_AUTH,
	  "An enterprise's agents" },
	{ HTTP_POST, "/api/v1/enterprise/agents", api_agents_add,
	  ROUTE_AUTH | ROUTE_BODY, "Add an agent to an enterprise" },
	{ HTTP_POST, "/api/v1/cases", api_cases_file, ROUTE_AUTH | ROUTE_BODY,
	  "File a case" },
	{ HTTP_GET, "/api/v1/cases", api_cases_search, ROUTE_STAFF,
	  "Staff search of cases within their scope" },
	{ HTTP_GET, "/api/v1/cases/{id}", api_case_get, ROUTE_AUTH,
	  "A case with its materials, timeline and deadlines" },
	{ HTTP_POST, "/api/v1/cases/{id}/transitions", api_case_transition,
	  ROUTE_AUTH | ROUTE_BODY, "Move a case along its workflow" },
	{ HTTP_POST, "/api/v1/cases/{id}/circulation", api_case_circulation,
	  ROUTE_STAFF | ROUTE_BODY, "Send or receive a case's originals" },
	{ HTTP_POST, "/api/v1/cases/{id}/materials", api_case_material_upload,
	  ROUTE_AUTH | ROUTE_UPLOAD, "Upload a material (PDF, JPEG, PNG)" },
	{ HTTP_GET, "/api/v1/cases/{id}/materials/{kind}",
	  api_case_material_get, ROUTE_AUTH, "An uploaded material" },
	{ HTTP_POST, "/api/v1/cases/{id}/materials/{kind}/received",
	  api_case_material_received, ROUTE_STAFF,
	  "Record an original received at the window" },
	{ HTTP_GET, "/api/v1/me/cases", api_me_cases, ROUTE_AUTH,
	  "The caller's own cases" },
	{ HTTP_GET, "/api/v1/me/notices", api_me_notices, ROUTE_AUTH,
	  "The caller's notices" },
	{ HTTP_POST, "/api/v1/me/notices/{id}/read", api_notice_read,
	  ROUTE_AUTH, "Mark a notice read" },
	{ HTTP_GET, "/api/v1/me/licences", api_licences_mine, ROUTE_AUTH,
	  "The caller's electronic licences" },
	{ HTTP_GET, "/api/v1/licences/verify/{code}", api_licence_verify,
	  ROUTE_PUBLIC, "Verify an electronic licence" },
	{ HTTP_GET, "/api/v1/licences/verify/{code}/qr.svg", api_licence_qr,
	  ROUTE_PUBLIC, "The QR code of a licence's verification page" },
	{ HTTP_POST, "/api/v1/licences/{id}/revoke", api_licence_revoke,
	  ROUTE_STAFF | ROUTE_BODY, "Revoke an electronic licence" },
	{ HTTP_GET, "/api/v1/audit", api_audit_list, ROUTE_STAFF,
	  "The audit log (auditor only)" },
	{ HTTP_POST, "/api/v1/centers/{id}/tickets", api_tickets_issue,
	  ROUTE_BODY, "Take a ticket at a center" },
	{ HTTP_GET, "/api/v1/tickets/{id}", api_ticket_get, ROUTE_PUBLIC,
	  "A ticket's status, place and estimated wait" },
	{ HTTP_GET, "/api/v1/tickets/{id}/qr.svg", api_ticket_qr, ROUTE_PUBLIC,
	  "The QR code of a ticket's status page" },
	{ HTTP_POST, "/api/v1/tickets/{id}/actions", api_ticket_action,
	  ROUTE_STAFF | ROUTE_BODY,
	  "Recall, skip, start, finish, transfer or link a ticket" },
	{ HTTP_GET, "/api/v1/centers/{id}/windows", api_center_windows,
	  ROUTE_STAFF, "A center's windows" },
	{ HTTP_POST, "/api/v1/windows/{id}/open", api_window_open, ROUTE_STAFF,
	  "Open a window" },
	{ HTTP_POST, "/api/v1/windows/{id}/close", api_window_close,
	  ROUTE_STAFF, "Close a window" },
	{ HTTP_POST, "/api/v1/windows/{id}/call-next", api_window_call_next,
	  ROUTE_STAFF, "Call the next ticket to a window" },
	{ HTTP_GET, "/api/v1/centers/{id}/board", api_center_board,
	  ROUTE_PUBLIC, "A center's display board" },
	{ HTTP_GET, "/api/v1/centers/{id}/board/events",
	  api_center_board_events, ROUTE_PUBLIC,
	  "The display board as Server-Sent Events" },
	{ HTTP_GET, "/api/v1/tickets/{id}/events", api_ticket_events,
	  ROUTE_PUBLIC, "A ticket's changes as Server-Sent Events" },
	{ HTTP_GET, "/api/v1/centers/{id}/slots", api_center_slots,
	  ROUTE_PUBLIC, "Appointment slots of a center on a date" },
	{ HTTP_POST, "/api/v1/appointments", api_appointments_book,
	  ROUTE_AUTH | ROUTE_BODY, "Book an appointment" },
	{ HTTP_PATCH, "/api/v1/appointments/{id}", api_appointment_reschedule,
	  ROUTE_AUTH | ROUTE_BODY, "Reschedule an appointment" },
	{ HTTP_DELETE, "/api/v1/appointments/{id}", api_appointment_cancel,
	  ROUTE_AUTH, "Cancel an appointment" },
	{ HTTP_GET, "/api/v1/guidance/scenarios", api_guidance_list,
	  ROUTE_PUBLIC, "Guidance scenarios" },
	{ HTTP_GET, "/api/v1/guidance/scenarios/{id}", api_guidance_get,
	  ROUTE_PUBLIC, "A guidance scenario: its questions as data" },
	{ HTTP_POST, "/api/v1/guidance/scenarios/{id}/evaluate",
	  api_guidance_evaluate, ROUTE_BODY,
	  "Answers in: the next question, or the guide" },
	{ HTTP_POST, "/api/v1/guidance/scenarios/{id}/guide.pdf",
	  api_guidance_pdf, ROUTE_BODY, "The guide as a printable PDF" },
	{ HTTP_POST, "/api/v1/guidance/scenarios/{id}/applications",
	  api_guidance_applications, ROUTE_AUTH | ROUTE_BODY,
	  "Draft applications, one per matter of the guide, in one bundle" },
	{ HTTP_GET, "/api/v1/guidance/bundles/{id}", api_guidance_bundle_get,
	  ROUTE_AUTH, "A bundle of draft applications and its cases" },
	{ HTTP_POST, "/api/v1/guidance/bundles/{id}/submit",
	  api_guidance_bundle_submit, ROUTE_AUTH | ROUTE_BODY,
	  "Submit every draft of a bundle together" },
	{ HTTP_POST, "/api/v1/appointments/{id}/check-in",
	  api_appointment_check_in, ROUTE_AUTH,
	  "Check in for an appointment: a ticket called first" },
	{ HTTP_GET, "/api/v1/me/appointments", api_me_appointments, ROUTE_AUTH,
	  "The caller's appointments" },
	{ HTTP_GET, "/api/v1/centers/{id}/stats", api_center_stats,
	  ROUTE_STAFF, "A center's queue statistics for a day" },
	{ HTTP_POST, "/api/v1/centers/{id}/plan", api_center_plan,
	  ROUTE_STAFF | ROUTE_BODY,
	  "Recommend how many windows to open each hour" },
};
const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);

static const char *
type_name(enum api_ftype t)
{
	switch (t) {
	case API_STRING:
		return "a string";
	case API_INT:
		return "an integer";
	case API_BOOL:
		return "true or false";
	case API_ANY:
		return "a JSON value";
	}
	return "?";
}

int
api_decode(struct http_req *r, const struct api_field *spec, size_t n)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(r->json, key, v) {
		for (i = 0; i < n; i++)
			if (strcmp(key, spec[i].name) == 0)
				break;
		if (i == n) {
			http_error(r, 400, "unknown_field", key,
			    "unknown field \"%s\"", key);
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		const struct api_field *f = &spec[i];

		v = json_object_get(r->json, f->name);
		if (v == NULL || json_is_null(v)) {
			if (f->required) {
				http_error(r, 400, "missing_field", f->name,
				    "\"%s\" is required", f->name);
				return -1;
			}
			continue;
		}
		switch (f->type) {
		case API_STRING: {
			const char *s;
			size_t chars = 0;

			if (!json_is_string(v))
				goto wrong_type;
			s = json_string_value(v);
			/* Defensive: jansson refuses \u0000 unless asked
			 * to allow it, but a C string must never hide one. */
			if (strlen(s) != json_string_length(v)) {
				http_error(r, 400, "invalid_value", f->name,
				    "\"%s\" contains a NUL character", f->name);
				return -1;
			}
			for (; *s; s++)	/* UTF-8: count lead bytes */
				chars += ((unsigned char)*s & 0xc0) != 0x80;
			if ((int64_t)chars < f->min || (int64_t)chars > f->max) {
				http_error(r, 400, chars > (size_t)f->max ?
				    "too_long" : "too_short", f->name,
				    "\"%s\" must have %lld to %lld characters",
				    f->name, (long long)f->min,
				    (long long)f->max);
				return -1;
			}
			*(const char **)f->out = json_string_value(v);
			break;
		}
		case API_INT:
			if (!json_is_integer(v))
				goto wrong_type;
			if (json_integer_value(v) < f->min ||
			    json_integer_value(v) > f->max) {
				http_error(r, 400, "out_of_range", f->name,
				    "\"%s\" must be between %lld and %lld",
				    f->name, (long long)f->min,
				    (long long)f->max);
				return -1;
			}
			*(int64_t *)f->out = json_integer_value(v);
			break;
		case API_BOOL:
			if (!json_is_boolean(v))
				goto wrong_type;
			*(int *)f->out = json_is_true(v);
			break;
		case API_ANY:	/* the handler checks it */
			*(json_t **)f->out = v;
			break;
		}
		continue;
wrong_type:
		http_error(r, 400, "wrong_type", f->name,
		    "\"%s\" must be %s", f->name, type_name(f->type));
		return -1;
	}
	return 0;
}

struct allowed_ctx {
	const char *const *allowed;
	const char *bad;
};

static enum MHD_Result
check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct allowed_ctx *ctx = cls;
	const char *const *a;

	for (a = ctx->allowed; *a; a++)
		if (strcmp(*a, key) == 0)
			return MHD_YES;
	ctx->bad = key;
	return MHD_NO;
}

int
api_query_allowed(struct http_req *r, const char *const *allowed)
{
	struct allowed_ctx ctx = { allowed, NULL };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg,
	    &ctx);
	if (ctx.bad) {
		http_error(r, 400, "unknown_parameter", ctx.bad,
		    "unknown query parameter \"%s\"", ctx.bad);
		return -1;
	}
	return 0;
}

int
api_query_int(struct http_req *r, const char *name, int64_t min,
    int64_t max, int64_t *out)
{
	const char *s = http_query(r, name);
	char *end;
	long long v;

	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (s[0] == '\0' || *end || errno || v < min || v > max) {
		http_error(r, 400, "invalid_parameter", name,
		    "\"%s\" must be an integer from %lld to %lld", name,
		    (long long)min, (long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int
api_query_bool(struct http_req *r, const char *name, int *out)
{
	const char *s = http_query(r, name);

	*out = -1;
	if (s == NULL)
		return 0;
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else {
		http_error(r, 400, "invalid_parameter", name,
		    "\"%s\" must be true or false", name);
		return -1;
	}
	return 0;
}

int
api_query_page(struct http_req *r, int64_t *limit, int64_t *offset)
{
	*limit = 20;
	*offset = 0;
	if (api_query_int(r, "limit", 1, 200, limit) < 0 ||
	    api_query_int(r, "offset", 0, 1000000, offset) < 0)
		return -1;
	return 0;
}

int
api_list(struct http_req *r, json_t *items, int64_t total, int64_t limit,
    int64_t offset)
{
	return http_json(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items",
	    items, "total", (json_int_t)total, "limit", (json_int_t)limit,
	    "offset", (json_int_t)offset));
}

void
api_jw_list_begin(struct http_req *r, struct jw *w)
{
	http_jw_begin(r, w);
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
}

int
api_jw_list_end(struct http_req *r, struct jw *w, int64_t total,
    int64_t limit, int64_t offset)
{
	jw_end(w);
	jw_kint(w, "total", total);
	jw_kint(w, "limit", limit);
	jw_kint(w, "offset", offset);
	jw_end(w);
	return http_jw_end(r, 200);
}

int
api_list_all(struct http_req *r, struct store_sql *q,
    const struct store_val *params, int nparams, api_row_fn *fn, void *ctx,
    const char *what)
{
	struct store_conn *c;
	struct store_rows *rows;
	int64_t n = 0;
	struct jw w;
	int rc;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_query(c, q, params, nparams, &rows) < 0)
		return api_store_error(r, what);
	api_jw_list_begin(r, &w);
	while ((rc = store_next(rows)) == 1) {
		jw_obj(&w);
		fn(&w, rows, ctx);
		jw_end(&w);
		n++;
	}
	store_rows_free(rows);
	if (rc < 0)
		return api_store_error(r, what);
	return api_jw_list_end(r, &w, n, n, 0);
}

void
api_col_int(struct jw *w, const char *key, struct store_rows *rows, int col)
{
	jw_key(w, key);
	if (store_isnull(rows, col))
		jw_null(w);
	else
		jw_int(w, store_int(rows, col));
}

void
api_col_time(struct jw *w, const char *key, struct store_rows *rows, int col)
{
	char s[CAL_RFC3339_LEN + 1];

	jw_key(w, key);
	if (store_isnull(rows, col))
		jw_null(w);
	else {
		cal_format_rfc3339(store_int(rows, col), s);
		jw_str(w, s);
	}
}

int
api_qr_answer(struct http_req *r, const char *url)
{
	buf_reset(&r->out);
	if (qr_svg(&r->out, url) < 0)
		return -1;
	r->status = 200;
	r->content_type = "image/svg+xml";
	r->answered = 1;
	return 0;
}

struct store_conn *
api_store(struct http_req *r)
{
	struct store_conn *c = store_conn(r->app->store);

	if (c == NULL)
		http_error(r, 503, "unavailable", NULL,
		    "the database is unavailable (request %s)", r->request_id);
	return c;
}

int
api_store_error(struct http_req *r, const char *what)
{
	log_error("msg=\"store failure\" what=%s request=%s", what,
	    r->request_id);
	return http_error(r, 500, "internal", NULL,
	    "internal error (request %s)", r->request_id);
}

/*
 * Queues the entry (audit.c); the HTTP layer waits for it to be written
 * before the response leaves, so no database work happens here and a
 * caller inside a transaction holds no lock the writer needs.
 */
int
api_audit(struct http_req *r, const char *action, const char *target,
    const char *purpose, const char *outcome)
{
	struct audit_entry e = { r->now, r->auth.account_id, r->auth.role,
		action, target, purpose, outcome, r->request_id };
	int64_t ticket;

	if (r->app->audit == NULL ||
	    (ticket = audit_append(r->app->audit, &e)) < 0)
		return -1;
	if (ticket > r->audit_ticket)
		r->audit_ticket = ticket;
	return 0;
}

STORE_SQL(q_health, "SELECT COUNT(*) FROM districts");

int
api_health(struct http_req *r)
{
	struct store_conn *c;
	int64_t n = 0;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_failed(r->app->store))
		return http_error(r, 503, "unavailable", NULL, "the disk failed "
		    "a write: no more changes until a restart (request %s)",
		    r->request_id);
	if (store_query_int(c, &q_health, NULL, 0, &n) < 0)
		return http_error(r, 503, "unavailable", NULL,
		    "the database does not answer (request %s)",
		    r->request_id);
	return http_json(r, 200, json_pack("{s:s, s:s, s:I}", "status", "ok",
	    "store", store_kind(r->app->store) == STORE_SQLITE ? "sqlite" :
	    "postgres", "districts", (json_int_t)n));
}

STORE_SQL(q_audit_list,
    "SELECT l.id, l.at, l.actor_id, a.login, l.actor_role, l.action,"
    " l.target, l.purpose, l.outcome, l.request_id, COUNT(*) OVER (), l.seq"
    " FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id"
    " WHERE (CAST($1 AS TEXT) IS NULL OR l.action = $1)"
    " AND (CAST($2 AS TEXT) IS NULL OR a.login = $2)"
    " AND (CAST($3 AS TEXT) IS NULL OR l.target = $3)"
    " AND (CAST($4 AS BIGINT) IS NULL OR l.at >= $4)"
    " AND (CAST($5 AS BIGINT) IS NULL OR l.at < $5)"
    " ORDER BY l.id DESC LIMIT $6 OFFSET $7");

/* The one audit log of the platform; only the auditor reads it. */
int
api_audit_list(struct http_req *r)
{
	static const char *const allowed[] = { "action", "actor", "target",
		"from", "to", "limit", "offset", NULL };
	const char *action = http_query(r, "action");
	const char *actor = http_query(r, "actor");
	const char *target = http_query(r, "target");
	int64_t limit, offset, total = 0, from = -1, to = -1;
	char when[CAL_RFC3339_LEN + 1];
	struct store_conn *c;
	struct store_rows *rows;
	struct jw w;
	int rc;

	if (api_query_allowed(r, allowed) < 0 ||
	    api_query_page(r, &limit, &offset) < 0)
		return 0;
	if (!auth_is(&r->auth, "auditor"))
		return http_error(r, 403, "forbidden", NULL,
		    "only the auditor reads the audit log");
	if ((action && strlen(action) > 32) || (actor && strlen(actor) > 64) ||
	    (target && strlen(target) > 96))
		return http_error(r, 400, "invalid_parameter", action ?
		    "action" : actor ? "actor" : "target", "too long");
	if ((http_query(r, "from") && cal_parse_rfc3339(http_query(r, "from"),
	    &from) < 0) || (http_query(r, "to") &&
	    cal_parse_rfc3339(http_query(r, "to"), &to) < 0))
		return http_error(r, 400, "invalid_parameter", from < 0 &&
		    http_query(r, "from") ? "from" : "to",
		    "\"from\" and \"to\" are RFC 3339 times");
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_TEXT(action), SV_TEXT(actor),
			SV_TEXT(target), from >= 0 ? SV_INT(from) : SV_NULL,
			to >= 0 ? SV_INT(to) : SV_NULL, SV_INT(limit),
			SV_INT(offset) };

		if (store_query(c, &q_audit_list, p, 7, &rows) < 0)
			return api_store_error(r, "audit list");
	}
	api_jw_list_begin(r, &w);
	while ((rc = store_next(rows)) == 1) {
		total = store_int(rows, 10);
		jw_obj(&w);
		jw_kint(&w, "id", store_int(rows, 0));
		api_col_int(&w, "seq", rows, 11);
		cal_format_rfc3339(store_int(rows, 1), when);
		jw_kstr(&w, "at", when);
		api_col_int(&w, "actor_id", rows, 2);
		jw_kstr(&w, "actor", store_text(rows, 3));
		jw_kstr(&w, "role", store_text(rows, 4));
		jw_kstr(&w, "action", store_text(rows, 5));
		jw_kstr(&w, "target", store_text(rows, 6));
		jw_kstr(&w, "purpose", store_text(rows, 7));
		jw_kstr(&w, "outcome", store_text(rows, 8));
		jw_kstr(&w, "request_id", store_text(rows, 9));
		jw_end(&w);
	}
	store_rows_free(rows);
	if (rc < 0)
		return api_store_error(r, "audit list");
	return api_jw_list_end(r, &w, total, limit, offset);
}
