/*
 * licences.c - see licences.h.  Also the licence endpoints: a holder's
 * list, the public verification, its QR code and revocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "cal.h"
#include "jw.h"
#include "licences.h"
#include "store.h"

void
licence_new_code(char out[LICENCE_CODE_LEN + 1])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char raw[LICENCE_CODE_LEN];
	int i;

	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < LICENCE_CODE_LEN; i++)
		out[i] = alphabet[raw[i] & 31];
	out[LICENCE_CODE_LEN] = '\0';
}

void
licence_mask_name(const char *name, char *out, size_t outlen)
{
	size_t first = 1;

	/* Keep the first character (UTF-8: its lead byte and followers). */
	while (name[first] && ((unsigned char)name[first] & 0xc0) == 0x80)
		first++;
	if (name[0] == '\0')
		first = 0;
	snprintf(out, outlen, "%.*s**", (int)first, name);
}

STORE_SQL(q_licence_issue,
    "INSERT INTO licences (kind, number, holder_kind, holder_login,"
    " holder_name, department, issued_on, valid_until, case_id, verify_code,"
    " status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " 'valid', $11) RETURNING id");

int
licence_issue(struct store_conn *c, const struct licence_new *n, int64_t now,
    int64_t *id, char number[48])
{
	char code[LICENCE_CODE_LEN + 1];
	int y, m, d;

	licence_new_code(code);
	cal_civil_from_days(n->issued_on, &y, &m, &d);
	/* Unique: the case id; a licence from no case gets random digits. */
	snprintf(number, 48, "SH%04d%02d%02d-%s%08lld", y, m, d,
	    n->case_id ? "C" : "R", n->case_id ? (long long)n->case_id :
	    (long long)randombytes_uniform(100000000));
	{
		struct store_val p[] = { SV_TEXT(n->kind), SV_TEXT(number),
			SV_TEXT(n->holder_kind), SV_TEXT(n->holder_login),
			SV_TEXT(n->holder_name), SV_TEXT(n->department),
			SV_INT(n->issued_on),
			n->valid_until ? SV_INT(n->valid_until) : SV_NULL,
			n->case_id ? SV_INT(n->case_id) : SV_NULL,
			SV_TEXT(code), SV_INT(now) };

		return store_query_int(c, &q_licence_issue, p, 11, id);
	}
}

static const char *
licence_status(const char *status, int64_t valid_until, int today)
{
	if (strcmp(status, "revoked") == 0)
		return "revoked";
	if (valid_until && valid_until < today)
		return "expired";
	return "valid";
}

static int
today_of(const struct http_req *r)
{
	int day, minute;

	cal_local(r->now, &day, &minute);
	return day;
}

STORE_SQL(q_licences_mine,
    "SELECT l.id, l.kind, k.name_zh, k.name_en, l.number, l.holder_name,"
    " l.department, l.issued_on, l.valid_until, l.status, l.verify_code,"
    " l.case_id FROM licences l JOIN material_kinds k ON k.code = l.kind"
    " WHERE l.holder_login = $1 ORDER BY l.issued_on DESC, l.id DESC");

/* ctx: the day (int *) against which validity is judged. */
static void
licence_row(struct jw *w, struct store_rows *rows, void *ctx)
{
	int today = *(int *)ctx;
	char day[CAL_DATE_LEN + 1];

	jw_kint(w, "id", store_int(rows, 0));
	jw_kstr(w, "kind", store_text(rows, 1));
	jw_kstr(w, "kind_zh", store_text(rows, 2));
	jw_kstr(w, "kind_en", store_text(rows, 3));
	jw_kstr(w, "number", store_text(rows, 4));
	jw_kstr(w, "holder_name", store_text(rows, 5));
	jw_kstr(w, "department", store_text(rows, 6));
	cal_format_day((int)store_int(rows, 7), day);
	jw_kstr(w, "issued_on", day);
	jw_key(w, "valid_until");
	if (store_isnull(rows, 8))
		jw_null(w);
	else {
		cal_format_day((int)store_int(rows, 8), day);
		jw_str(w, day);
	}
	jw_kstr(w, "status", licence_status(store_text(rows, 9),
	    store_int(rows, 8), today));
	jw_kstr(w, "verify_code", store_text(rows, 10));
	api_col_int(w, "case_id", rows, 11);
}

int
api_licences_mine(struct http_req *r)
{
	struct store_val p[] = { SV_TEXT(r->auth.login) };
	int today = today_of(r);

	if (strcmp(r->auth.kind, "staff") == 0)
		return http_error(r, 403, "forbidden", NULL,
		    "staff accounts hold no licences");
	return api_list_all(r, &q_licences_mine, p, 1, licence_row, &today,
	    "licences");
}

static int
valid_code(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", s[i]))
			return 0;
	return i == LICENCE_CODE_LEN;
}

STORE_SQL(q_licence_by_code,
    "SELECT l.kind, k.name_zh, k.name_en, l.number, l.holder_name,"
    " l.department, d.name_zh, d.name_en, l.issued_on, l.valid_until,"
    " l.status, l.revoked_at FROM licences l"
    " JOIN material_kinds k ON k.code = l.kind"
    " JOIN departments d ON d.code = l.department WHERE l.verify_code = $1");

/* Public: says whether a licence is genuine and valid, and no more. */
int
api_licence_verify(struct http_req *r)
{
	const char *code = r->params[0];
	struct store_val p[] = { SV_TEXT(code) };
	struct store_conn *c;
	struct store_rows *rows;
	char masked[64], day[CAL_DATE_LEN + 1], when[CAL_RFC3339_LEN + 1];
	struct jw w;
	int rc;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (!valid_code(code))
		return http_error(r, 400, "invalid_parameter", "code",
		    "a verification code is 20 characters of 0-9 and A-Z "
		    "(no I, L, O, U)");
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_query(c, &q_licence_by_code, p, 1, &rows) < 0)
		return api_store_error(r, "verify");
	if ((rc = store_next(rows)) != 1) {
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "verify");
		return http_error(r, 404, "not_found", "code",
		    "no licence has this verification code: it is not genuine");
	}
	licence_mask_name(store_text(rows, 4), masked, sizeof(masked));
	http_jw_begin(r, &w);
	jw_obj(&w);
	jw_kbool(&w, "genuine", 1);
	jw_kstr(&w, "status", licence_status(store_text(rows, 10),
	    store_int(rows, 9), today_of(r)));
	jw_kstr(&w, "kind", store_text(rows, 0));
	jw_kstr(&w, "kind_zh", store_text(rows, 1));
	jw_kstr(&w, "kind_en", store_text(rows, 2));
	jw_kstr(&w, "number", store_text(rows, 3));
	jw_kstr(&w, "holder", masked);
	jw_key(&w, "department");
	jw_obj(&w);
	jw_kstr(&w, "code", store_text(rows, 5));
	jw_kstr(&w, "name_zh", store_text(rows, 6));
	jw_kstr(&w, "name_en", store_text(rows, 7));
	jw_end(&w);
	cal_format_day((int)store_int(rows, 8), day);
	jw_kstr(&w, "issued_on", day);
	jw_key(&w, "valid_until");
	if (store_isnull(rows, 9))
		jw_null(&w);
	else {
		cal_format_day((int)store_int(rows, 9), day);
		jw_str(&w, day);
	}
	if (!store_isnull(rows, 11)) {
		cal_format_rfc3339(store_int(rows, 11), when);
		jw_kstr(&w, "revoked_at", when);
	}
	jw_end(&w);
	store_rows_free(rows);
	return http_jw_end(r, 200);
}

/* The QR code of the verification page's address, as SVG. */
int
api_licence_qr(struct http_req *r)
{
	const char *code = r->params[0];
	char *url = NULL;
	int rc;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (!valid_code(code))
		return http_error(r, 400, "invalid_parameter", "code",
		    "not a verification code");
	if (asprintf(&url, "%s/verify?code=%s", r->app->public_url, code) < 0)
		return -1;
	rc = api_qr_answer(r, url);
	free(url);
	return rc;
}

STORE_SQL(q_licence_for_revoke,
    "SELECT department, status FROM licences WHERE id = $1");
STORE_SQL(q_licence_revoke,
    "UPDATE licences SET status = 'revoked', revoked_at = $2,"
    " revoke_reason = $3 WHERE id = $1 AND status = 'valid'");

/* The issuing department's reviewers and the city admin revoke. */
int
api_licence_revoke(struct http_req *r)
{
	const char *reason = NULL;
	const struct api_field spec[] = {
		{ "reason", API_STRING, 1, 1, 500, &reason },
	};
	struct store_conn *c;
	struct store_rows *rows;
	char target[40], dept[16] = "", status[16] = "";
	char *end;
	long long id;
	int rc;

	if (api_decode(r, spec, 1) < 0)
		return 0;
	id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0)
		return http_error(r, 400, "invalid_parameter", "id",
		    "the licence id must be a positive integer");
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "revoke");
	{
		struct store_val p[] = { SV_INT(id) };

		if (store_query(c, &q_licence_for_revoke, p, 1, &rows) < 0)
			goto fail;
		if ((rc = store_next(rows)) == 1) {
			snprintf(dept, sizeof(dept), "%s", store_text(rows, 0));
			snprintf(status, sizeof(status), "%s",
			    store_text(rows, 1));
		}
		store_rows_free(rows);
		if (rc < 0)
			goto fail;
	}
	/* No such licence answers as "not yours to revoke" does, so staff
	 * cannot probe which licence ids exist. */
	if (dept[0] == '\0' || !(auth_is(&r->auth, "city_admin") ||
	    (auth_is(&r->auth, "reviewer") && r->auth.scope_department &&
	    strcmp(r->auth.scope_department, dept) == 0))) {
		store_rollback(c);
		return http_error(r, 403, "forbidden", "id",
		    "only the issuing department or the city admin revokes "
		    "a licence");
	}
	if (strcmp(status, "revoked") == 0) {
		store_rollback(c);
		return http_error(r, 409, "conflict", "id",
		    "the licence is already revoked");
	}
	{
		struct store_val p[] = { SV_INT(id), SV_INT(r->now),
			SV_TEXT(reason) };

		if (store_exec(c, &q_licence_revoke, p, 3) != 1)
			goto fail;
	}
	snprintf(target, sizeof(target), "licence:%lld", id);
	if (api_audit(r, "revoke-licence", target, reason, "done") < 0 ||
	    store_commit(c) < 0)
		goto fail;
	return http_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
	    "status", "revoked"));
fail:
	store_rollback(c);
	return api_store_error(r, "revoke");
}
