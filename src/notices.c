/*
 * notices.c - the applicant's inbox: every step of a case that needs
 * them puts a notice here and, when they gave a mobile number, an SMS in
 * the outbox (outbox.h), both in the transaction of the step itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "cal.h"
#include "cases.h"
#include "jw.h"
#include "outbox.h"
#include "store.h"

STORE_SQL(q_notice_insert,
    "INSERT INTO notices (account_id, case_id, kind, text_zh, text_en,"
    " created_at) VALUES ($1, $2, $3, $4, $5, $6)");
STORE_SQL(q_mobile_of, "SELECT mobile FROM accounts WHERE id = $1");

int
notice_add(struct store_conn *c, int64_t account_id, int64_t case_id,
    const char *kind, const char *zh, const char *en, int64_t now)
{
	struct store_val p[] = { SV_INT(account_id),
		case_id ? SV_INT(case_id) : SV_NULL, SV_TEXT(kind), SV_TEXT(zh),
		SV_TEXT(en), SV_INT(now) };
	struct store_val q[] = { SV_INT(account_id) };
	struct store_rows *rows;
	char mobile[16] = "";
	int rc;

	if (store_exec(c, &q_notice_insert, p, 6) < 0)
		return -1;
	if (store_query(c, &q_mobile_of, q, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1 && !store_isnull(rows, 0))
		snprintf(mobile, sizeof(mobile), "%s", store_text(rows, 0));
	store_rows_free(rows);
	if (rc < 0)
		return -1;
	if (mobile[0] && outbox_queue(c, "sms", mobile, zh, now) < 0)
		return -1;
	return 0;
}

STORE_SQL(q_notices,
    "SELECT n.id, n.case_id, n.kind, n.text_zh, n.text_en, n.created_at,"
    " n.read_at, COUNT(*) OVER (),"
    " SUM(CASE WHEN n.read_at IS NULL THEN 1 ELSE 0 END) OVER ()"
    " FROM notices n WHERE n.account_id = $1"
    " AND (CAST($2 AS INTEGER) IS NULL OR (n.read_at IS NULL) = ($2 = 1))"
    " ORDER BY n.id DESC LIMIT $3 OFFSET $4");

int
api_me_notices(struct http_req *r)
{
	static const char *const allowed[] = { "unread", "limit", "offset",
		NULL };
	struct store_conn *c;
	struct store_rows *rows;
	char when[CAL_RFC3339_LEN + 1];
	int64_t limit, offset, total = 0, unread_count = 0;
	int unread, rc;
	struct jw w;

	if (api_query_allowed(r, allowed) < 0 ||
	    api_query_bool(r, "unread", &unread) < 0 ||
	    api_query_page(r, &limit, &offset) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_INT(r->auth.account_id),
			unread < 0 ? SV_NULL : SV_INT(unread), SV_INT(limit),
			SV_INT(offset) };

		if (store_query(c, &q_notices, p, 4, &rows) < 0)
			return api_store_error(r, "notices");
	}
	api_jw_list_begin(r, &w);
	while ((rc = store_next(rows)) == 1) {
		total = store_int(rows, 7);
		unread_count = store_int(rows, 8);
		jw_obj(&w);
		jw_kint(&w, "id", store_int(rows, 0));
		api_col_int(&w, "case_id", rows, 1);
		jw_kstr(&w, "kind", store_text(rows, 2));
		jw_kstr(&w, "text_zh", store_text(rows, 3));
		jw_kstr(&w, "text_en", store_text(rows, 4));
		cal_format_rfc3339(store_int(rows, 5), when);
		jw_kstr(&w, "created_at", when);
		jw_kbool(&w, "read", !store_isnull(rows, 6));
		jw_end(&w);
	}
	store_rows_free(rows);
	if (rc < 0)
		return api_store_error(r, "notices");
	jw_end(&w);
	jw_kint(&w, "total", total);
	jw_kint(&w, "unread", unread_count);
	jw_kint(&w, "limit", limit);
	jw_kint(&w, "offset", offset);
	jw_end(&w);
	return http_jw_end(r, 200);
}

STORE_SQL(q_notice_read,
    "UPDATE notices SET read_at = $3 WHERE id = $1 AND account_id = $2"
    " AND read_at IS NULL");
STORE_SQL(q_notice_exists,
    "SELECT COUNT(*) FROM notices WHERE id = $1 AND account_id = $2");

int
api_notice_read(struct http_req *r)
{
	struct store_conn *c;
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	int64_t n = 0;

	if (*end || id <= 0)
		return http_error(r, 400, "invalid_parameter", "id",
		    "a notice id is a positive integer");
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_INT(id), SV_INT(r->auth.account_id),
			SV_INT(r->now) };

		if (store_exec(c, &q_notice_read, p, 3) < 0 ||
		    store_query_int(c, &q_notice_exists, p, 2, &n) < 0)
			return api_store_error(r, "notice read");
	}
	if (n == 0)	/* someone else's notices do not exist for you */
		return http_error(r, 404, "not_found", "id", "no such notice");
	return http_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id,
	    "read", 1));
}
