/*
 * api.h - what every JSON endpoint shares: decoding a request body
 * against a table (after GNU Taler's JSON specs), checking query
 * parameters, and the list envelope {"items": [...], "total": N}.
 *
 * Every helper that finds bad input answers the request itself (a 4xx
 * naming the field) and returns < 0, so a handler's pattern is
 *
 *	if (api_decode(r, spec, n) < 0)
 *		return 0;	// answered
 */
#ifndef TONGBAN_API_H
#define TONGBAN_API_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "http.h"
#include "store.h"

struct store_conn;

enum api_ftype { API_STRING, API_INT, API_BOOL, API_ANY };

struct api_field {
	const char *name;
	enum api_ftype type;
	int required;
	int64_t min, max;	/* string: length in characters; int: value */
	void *out;		/* const char **, int64_t *, int * or json_t ** (borrowed) */
};

/* Decodes r->json into the outputs; unset optional outputs are left as
 * they were (NULL / their default).  Unknown fields are refused. */
int api_decode(struct http_req *r, const struct api_field *spec, size_t n);

/* Refuses query parameters not in `allowed` (NULL-terminated). */
int api_query_allowed(struct http_req *r, const char *const *allowed);
/* Integer parameter within [min, max]; *out keeps its default if absent. */
int api_query_int(struct http_req *r, const char *name, int64_t min,
    int64_t max, int64_t *out);
/* Boolean parameter "true"/"false"; *out is -1 when absent. */
int api_query_bool(struct http_req *r, const char *name, int *out);
/* limit (1..200, default 20) and offset (0..1e6, default 0). */
int api_query_page(struct http_req *r, int64_t *limit, int64_t *offset);

/* {"items": items, "total": total, "limit": .., "offset": ..}; steals items. */
int api_list(struct http_req *r, json_t *items, int64_t total, int64_t limit,
    int64_t offset);

/* The same envelope streamed with jw: begin, write each item, end. */
struct jw;
void api_jw_list_begin(struct http_req *r, struct jw *w);
int api_jw_list_end(struct http_req *r, struct jw *w, int64_t total,
    int64_t limit, int64_t offset);

/* A whole (small) table as a list: runs q and writes each row with
 * fn(w, row, ctx) into its own object.  For the lists that are not paged. */
struct store_sql;
struct store_rows;
typedef void api_row_fn(struct jw *w, struct store_rows *rows, void *ctx);
int api_list_all(struct http_req *r, struct store_sql *q,
    const struct store_val *params, int nparams, api_row_fn *fn, void *ctx,
    const char *what);

/* A column of a row as a member of an open JSON object: an integer, or
 * an RFC 3339 time from unix seconds; null when the column is NULL. */
void api_col_int(struct jw *w, const char *key, struct store_rows *rows,
    int col);
void api_col_time(struct jw *w, const char *key, struct store_rows *rows,
    int col);

/* Answers with the SVG of a QR code of url (licences, tickets). */
int api_qr_answer(struct http_req *r, const char *url);

/* The store, or a 503 answer when it cannot be reached. */
struct store_conn *api_store(struct http_req *r);
/* A generic 500 for a store failure, logged with the request id. */
int api_store_error(struct http_req *r, const char *what);

/* Appends a line to the audit log (who, what, which record, outcome). */
int api_audit(struct http_req *r, const char *action, const char *target,
    const char *purpose, const char *outcome);

/* Handlers, by module. */
int api_health(struct http_req *r);
int api_matters_list(struct http_req *r);
int api_matter_get(struct http_req *r);
int api_departments_list(struct http_req *r);
int api_districts_list(struct http_req *r);
int api_centers_list(struct http_req *r);
int api_centers_nearest(struct http_req *r);
int api_center_get(struct http_req *r);
int api_accounts_register(struct http_req *r);
int api_accounts_confirm(struct http_req *r);
int api_account_get(struct http_req *r);
int api_accounts_find(struct http_req *r);
int api_password_reset(struct http_req *r);
int api_password_reset_confirm(struct http_req *r);
int api_session_create(struct http_req *r);
int api_session_delete(struct http_req *r);
int api_me(struct http_req *r);
int api_agents_list(struct http_req *r);
int api_agents_add(struct http_req *r);
int api_cases_file(struct http_req *r);
int api_cases_search(struct http_req *r);
int api_case_get(struct http_req *r);
int api_case_transition(struct http_req *r);
int api_case_circulation(struct http_req *r);
int api_case_material_upload(struct http_req *r);
int api_case_material_get(struct http_req *r);
int api_case_material_received(struct http_req *r);
int api_me_cases(struct http_req *r);
int api_me_notices(struct http_req *r);
int api_notice_read(struct http_req *r);
int api_licences_mine(struct http_req *r);
int api_licence_verify(struct http_req *r);
int api_licence_qr(struct http_req *r);
int api_licence_revoke(struct http_req *r);
int api_audit_list(struct http_req *r);
int api_tickets_issue(struct http_req *r);
int api_ticket_get(struct http_req *r);
int api_ticket_qr(struct http_req *r);
int api_ticket_action(struct http_req *r);
int api_center_windows(struct http_req *r);
int api_window_open(struct http_req *r);
int api_window_close(struct http_req *r);
int api_window_call_next(struct http_req *r);
int api_center_board(struct http_req *r);
int api_center_board_events(struct http_req *r);
int api_ticket_events(struct http_req *r);
int api_center_slots(struct http_req *r);
int api_appointments_book(struct http_req *r);
int api_appointment_reschedule(struct http_req *r);
int api_appointment_cancel(struct http_req *r);
int api_appointment_check_in(struct http_req *r);
int api_me_appointments(struct http_req *r);
int api_center_plan(struct http_req *r);
int api_center_stats(struct http_req *r);

#endif
