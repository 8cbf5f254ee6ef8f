/*
 * accounts.c - real-name registration, confirmation by SMS code,
 * password reset, sign-in and sign-out, profiles and enterprise agents.
 *
 * Real name: a resident registers only when the name and ID number match
 * the household-registration records shared by public security (table
 * hukou); an enterprise only when its credit code, name and legal
 * representative match the business registry shared by market
 * regulation (table business_registry).  A registration makes a
 * "pending" account and sends a six-digit code to the mobile number;
 * the code confirms it.  Codes are stored hashed, expire after
 * CODE_TTL seconds and allow CODE_ATTEMPTS tries.
 *
 * Sign-in answers the same 401 for an unknown login and a wrong
 * password, and spends the same argon2id time on both.  Failures are
 * counted per account in a one-hour window; AUTH_MAX_FAILURES of them
 * lock the account for AUTH_LOCK_SECONDS.  Every sign-in and refusal is
 * written to the audit log.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "accounts.h"
#include "api.h"
#include "app.h"
#include "auth.h"
#include "cal.h"
#include "log.h"
#include "outbox.h"
#include "store.h"
#include "totp.h"
#include "valid.h"

#define CODE_TTL 600
#define CODE_ATTEMPTS 5

static int
today(const struct http_req *r)
{
	int day, minute;

	cal_local(r->now, &day, &minute);
	return day;
}

/* "13812345678" -> "138****5678" for messages and responses. */
static void
mask_mobile(const char *m, char out[16])
{
	snprintf(out, 16, "%.3s****%s", m, strlen(m) >= 4 ? m + strlen(m) - 4 : "");
}

/* ID number or credit code, uppercased, for lookups by login. */
static void
normalise_login(const char *in, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < outlen; i++)
		out[i] = (char)toupper((unsigned char)in[i]);
	out[i] = '\0';
	/* Staff user names are lowercase: keep them as typed. */
	if (strlen(in) != 18) {
		for (i = 0; in[i] && i + 1 < outlen; i++)
			out[i] = in[i];
		out[i] = '\0';
	}
}

static void
code_hash(const char *code, int64_t account_id, const char *purpose,
    char out[65])
{
	unsigned char h[32];
	crypto_generichash_state st;
	char id[24];

	snprintf(id, sizeof(id), "%lld", (long long)account_id);
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1);
	crypto_generichash_update(&st, (const unsigned char *)id, strlen(id) + 1);
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

STORE_SQL(q_verification_insert,
    "INSERT INTO verifications (purpose, account_id, code_hash, created_at,"
    " expires_at) VALUES ($1, $2, $3, $4, $5)");

/* Makes a code for account_id and queues the SMS; inside a transaction. */
static int
send_code(struct http_req *r, struct store_conn *c, int64_t account_id,
    const char *purpose, const char *mobile)
{
	char code[8], h[65], *body = NULL;
	int rc;

	snprintf(code, sizeof(code), "%06u", randombytes_uniform(1000000));
	code_hash(code, account_id, purpose, h);
	{
		struct store_val p[] = { SV_TEXT(purpose), SV_INT(account_id),
			SV_TEXT(h), SV_INT(r->now), SV_INT(r->now + CODE_TTL) };

		if (store_exec(c, &q_verification_insert, p, 5) < 0)
			return -1;
	}
	if (asprintf(&body, "【一网通办】您的验证码是%s，%d分钟内有效。"
	    "Your tongban code is %s, valid for %d minutes.", code,
	    CODE_TTL / 60, code, CODE_TTL / 60) < 0)
		return -1;
	rc = outbox_queue(c, "sms", mobile, body, r->now);
	free(body);
	return rc;
}

STORE_SQL(q_hukou_get,
    "SELECT name, registered_district FROM hukou WHERE id_number = $1");
STORE_SQL(q_registry_get,
    "SELECT name, legal_rep_id, legal_rep_name, district"
    " FROM business_registry WHERE credit_code = $1");
STORE_SQL(q_account_status,
    "SELECT id, status FROM accounts WHERE login = $1");
STORE_SQL(q_account_delete_pending,
    "DELETE FROM accounts WHERE id = $1 AND status = 'pending'");
STORE_SQL(q_verifications_delete,
    "DELETE FROM verifications WHERE account_id = $1");
STORE_SQL(q_account_insert,
    "INSERT INTO accounts (kind, login, name, password_hash, status, mobile,"
    " role, registered_district, living_district, legal_rep_id, created_at)"
    " VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10)"
    " RETURNING id");

STORE_SQL(q_account_rehash,
    "UPDATE accounts SET password_hash = $2 WHERE id = $1");

static int
check_password(struct http_req *r, const char *pw)
{
	const char *why = auth_password_problem(pw);

	if (why) {
		http_error(r, 400, "invalid_value", "password", "%s", why);
		return -1;
	}
	return 0;
}

static int
check_mobile(struct http_req *r, const char *mobile)
{
	int rc = valid_mobile(mobile);

	if (rc != VALID_OK) {
		http_error(r, 400, "invalid_value", "mobile",
		    "\"mobile\" is not a mainland mobile number: %s",
		    valid_strerror(rc));
		return -1;
	}
	return 0;
}

static int
check_district(struct http_req *r, struct store_conn *c, const char *field,
    const char *code)
{
	STORE_SQL(q_district, "SELECT COUNT(*) FROM districts WHERE code = $1");
	struct store_val p[] = { SV_TEXT(code) };
	int64_t n = 0;

	if (code == NULL)
		return 0;
	if (store_query_int(c, &q_district, p, 1, &n) < 0 || n == 0) {
		http_error(r, 400, "invalid_value", field,
		    "\"%s\" must be the code of a Shanghai district", field);
		return -1;
	}
	return 0;
}

int
api_accounts_register(struct http_req *r)
{
	const char *kind = NULL, *id_number = NULL, *credit_code = NULL,
	    *name = NULL, *mobile = NULL, *password = NULL, *living = NULL,
	    *rep_id = NULL, *rep_name = NULL;
	const struct api_field spec[] = {
		{ "kind", API_STRING, 1, 1, 16, &kind },
		{ "id_number", API_STRING, 0, 18, 18, &id_number },
		{ "credit_code", API_STRING, 0, 18, 18, &credit_code },
		{ "name", API_STRING, 1, 1, 100, &name },
		{ "mobile", API_STRING, 1, 1, 11, &mobile },
		{ "password", API_STRING, 1, 1, 128, &password },
		{ "living_district", API_STRING, 0, 6, 6, &living },
		{ "legal_rep_id", API_STRING, 0, 18, 18, &rep_id },
		{ "legal_rep_name", API_STRING, 0, 1, 50, &rep_name },
	};
	const char *login, *registered = NULL, *role;
	char *hash = NULL, *reg_copy = NULL, masked[16];
	struct store_conn *c;
	struct store_rows *rows;
	int64_t id = 0;
	int rc, person;

	if (api_decode(r, spec, sizeof(spec) / sizeof(spec[0])) < 0)
		return 0;
	person = strcmp(kind, "person") == 0;
	if (!person && strcmp(kind, "enterprise") != 0)
		return http_error(r, 400, "invalid_value", "kind",
		    "\"kind\" must be person or enterprise");
	if (person) {
		if (id_number == NULL)
			return http_error(r, 400, "missing_field", "id_number",
			    "\"id_number\" is required for a person");
		if (credit_code || rep_id || rep_name)
			return http_error(r, 400, "unknown_field",
			    credit_code ? "credit_code" : rep_id ?
			    "legal_rep_id" : "legal_rep_name",
			    "that field is for enterprises");
		if ((rc = valid_idno(id_number, today(r), NULL)) != VALID_OK)
			return http_error(r, 400, "invalid_value", "id_number",
			    "\"id_number\" is not a valid resident ID number: "
			    "%s", valid_strerror(rc));
		login = id_number;
		role = "resident";
	} else {
		if (credit_code == NULL || rep_id == NULL || rep_name == NULL)
			return http_error(r, 400, "missing_field",
			    credit_code == NULL ? "credit_code" : rep_id == NULL ?
			    "legal_rep_id" : "legal_rep_name",
			    "an enterprise needs credit_code, legal_rep_id and "
			    "legal_rep_name");
		if (id_number || living)
			return http_error(r, 400, "unknown_field",
			    id_number ? "id_number" : "living_district",
			    "that field is for persons");
		if ((rc = valid_uscc(credit_code)) != VALID_OK)
			return http_error(r, 400, "invalid_value", "credit_code",
			    "\"credit_code\" is not a valid unified social "
			    "credit code: %s", valid_strerror(rc));
		if ((rc = valid_idno(rep_id, today(r), NULL)) != VALID_OK)
			return http_error(r, 400, "invalid_value",
			    "legal_rep_id", "\"legal_rep_id\" is not a valid "
			    "resident ID number: %s", valid_strerror(rc));
		login = credit_code;
		role = "enterprise";
	}
	if (check_mobile(r, mobile) < 0 || check_password(r, password) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (check_district(r, c, "living_district", living) < 0)
		return 0;

	/* Real-name check against the shared registers. */
	{
		struct store_val p[] = { SV_TEXT(login) };
		int match = 0;

		if (store_query(c, person ? &q_hukou_get : &q_registry_get, p, 1,
		    &rows) < 0)
			return api_store_error(r, "real-name lookup");
		if ((rc = store_next(rows)) == 1) {
			if (person)
				match = strcmp(store_text(rows, 0), name) == 0;
			else
				match = strcmp(store_text(rows, 0), name) == 0 &&
				    strcmp(store_text(rows, 1), rep_id) == 0 &&
				    strcmp(store_text(rows, 2), rep_name) == 0;
			reg_copy = strdup(store_text(rows, person ? 1 : 3));
		}
		store_rows_free(rows);
		if (rc < 0) {
			free(reg_copy);
			return api_store_error(r, "real-name lookup");
		}
		if (!match) {
			free(reg_copy);
			return http_error(r, 422, "identity_mismatch",
			    person ? "id_number" : "credit_code", person ?
			    "the name and ID number do not match the household "
			    "registration records" : "the enterprise's name, "
			    "credit code and legal representative do not match "
			    "the business registry");
		}
		registered = reg_copy;
	}
	if (auth_hash_password(password, &hash) < 0) {
		free(reg_copy);
		return -1;
	}

	if (store_begin(c) < 0)
		goto store_fail;
	{
		struct store_val p[] = { SV_TEXT(login) };

		if (store_query(c, &q_account_status, p, 1, &rows) < 0)
			goto store_fail;
		if ((rc = store_next(rows)) == 1) {
			id = store_int(rows, 0);
			if (strcmp(store_text(rows, 1), "pending") != 0)
				id = -1;
		}
		store_rows_free(rows);
		if (rc < 0)
			goto store_fail;
	}
	if (id < 0) {
		store_rollback(c);
		free(hash);
		free(reg_copy);
		return http_error(r, 409, "conflict", person ? "id_number" :
		    "credit_code", "an account is already registered for "
		    "this %s; sign in or reset the password", person ?
		    "ID number" : "credit code");
	}
	if (id > 0) {	/* an unconfirmed attempt: start again */
		struct store_val p[] = { SV_INT(id) };

		if (store_exec(c, &q_verifications_delete, p, 1) < 0 ||
		    store_exec(c, &q_account_delete_pending, p, 1) < 0)
			goto store_fail;
	}
	{
		struct store_val p[] = { SV_TEXT(kind), SV_TEXT(login),
			SV_TEXT(name), SV_TEXT(hash), SV_TEXT(mobile),
			SV_TEXT(role), SV_TEXT(person ? registered : NULL),
			SV_TEXT(person ? (living ? living : registered) : NULL),
			SV_TEXT(rep_id), SV_INT(r->now) };

		if (store_query_int(c, &q_account_insert, p, 10, &id) < 0)
			goto store_fail;
	}
	if (send_code(r, c, id, "register", mobile) < 0 || store_commit(c) < 0)
		goto store_fail;
	free(hash);
	free(reg_copy);
	outbox_flush(r->app, c, r->now);
	mask_mobile(mobile, masked);
	return http_json(r, 202, json_pack("{s:I, s:s, s:s, s:s, s:I}",
	    "id", (json_int_t)id, "login", login, "status", "pending",
	    "code_sent_to", masked, "code_ttl_seconds", (json_int_t)CODE_TTL));
store_fail:
	store_rollback(c);
	free(hash);
	free(reg_copy);
	return api_store_error(r, "register");
}

STORE_SQL(q_verification_latest,
    "SELECT v.id, v.code_hash, v.expires_at, v.attempts, a.id, a.status"
    " FROM accounts a JOIN verifications v ON v.account_id = a.id"
    " WHERE a.login = $1 AND v.purpose = $2 AND v.used_at IS NULL"
    " ORDER BY v.id DESC LIMIT 1");
STORE_SQL(q_verification_attempt,
    "UPDATE verifications SET attempts = attempts + 1 WHERE id = $1");
STORE_SQL(q_verification_use,
    "UPDATE verifications SET used_at = $2 WHERE id = $1 AND used_at IS NULL");
STORE_SQL(q_account_activate,
    "UPDATE accounts SET status = 'active' WHERE id = $1"
    " AND status = 'pending'");

/*
 * Checks `code` against the newest unused code of `purpose` for login,
 * counting the attempt, and on success marks the code used.  Runs in
 * the caller's transaction.  Returns the account id, 0 after answering
 * the request (wrong, expired or used up), or < 0 on a store failure.
 */
static int64_t
use_code(struct http_req *r, struct store_conn *c, const char *login,
    const char *purpose, const char *code, const char *want_status)
{
	struct store_val p[] = { SV_TEXT(login), SV_TEXT(purpose) };
	struct store_rows *rows;
	int64_t vid, expires, attempts, account;
	char h[65], stored[65];
	int rc, ok;

	if (store_query(c, &q_verification_latest, p, 2, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) != 1) {
		store_rows_free(rows);
		if (rc < 0)
			return -1;
		http_error(r, 400, "invalid_code", "code",
		    "the code is wrong or has expired; ask for a new one");
		return 0;
	}
	vid = store_int(rows, 0);
	snprintf(stored, sizeof(stored), "%s", store_text(rows, 1));
	expires = store_int(rows, 2);
	attempts = store_int(rows, 3);
	account = store_int(rows, 4);
	ok = strcmp(store_text(rows, 5), want_status) == 0;
	store_rows_free(rows);
	code_hash(code, account, purpose, h);
	if (!ok || r->now >= expires || attempts >= CODE_ATTEMPTS ||
	    sodium_memcmp(h, stored, 64) != 0) {
		struct store_val q[] = { SV_INT(vid) };

		if (store_exec(c, &q_verification_attempt, q, 1) < 0)
			return -1;
		http_error(r, 400, "invalid_code", "code",
		    "the code is wrong or has expired; ask for a new one");
		return 0;
	}
	{
		struct store_val q[] = { SV_INT(vid), SV_INT(r->now) };

		if (store_exec(c, &q_verification_use, q, 2) != 1)
			return -1;
	}
	return account;
}

static int
check_code_format(struct http_req *r, const char *code)
{
	size_t i;

	for (i = 0; code[i]; i++)
		if (!isdigit((unsigned char)code[i]))
			break;
	if (i != 6 || code[i]) {
		http_error(r, 400, "invalid_value", "code",
		    "\"code\" must be the six digits sent by SMS");
		return -1;
	}
	return 0;
}

int
api_accounts_confirm(struct http_req *r)
{
	const char *login = NULL, *code = NULL;
	const struct api_field spec[] = {
		{ "login", API_STRING, 1, 1, 64, &login },
		{ "code", API_STRING, 1, 1, 6, &code },
	};
	struct store_conn *c;
	char norm[72];
	int64_t account;

	if (api_decode(r, spec, 2) < 0 || check_code_format(r, code) < 0)
		return 0;
	normalise_login(login, norm, sizeof(norm));
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "confirm");
	account = use_code(r, c, norm, "register", code, "pending");
	if (account > 0) {
		struct store_val p[] = { SV_INT(account) };

		if (store_exec(c, &q_account_activate, p, 1) != 1)
			account = -1;
	}
	if (account < 0 || store_commit(c) < 0) {
		store_rollback(c);
		return api_store_error(r, "confirm");
	}
	if (account == 0)
		return 0;	/* answered; the failed attempt is counted */
	return http_json(r, 200, json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)account, "login", norm, "status", "active"));
}

STORE_SQL(q_account_for_reset,
    "SELECT id, mobile FROM accounts WHERE login = $1 AND status = 'active'"
    " AND kind <> 'staff'");

int
api_password_reset(struct http_req *r)
{
	const char *login = NULL, *mobile = NULL;
	const struct api_field spec[] = {
		{ "login", API_STRING, 1, 1, 64, &login },
		{ "mobile", API_STRING, 1, 1, 11, &mobile },
	};
	struct store_conn *c;
	struct store_rows *rows;
	char norm[72];
	int64_t id = 0;
	int rc;

	if (api_decode(r, spec, 2) < 0 || check_mobile(r, mobile) < 0)
		return 0;
	normalise_login(login, norm, sizeof(norm));
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "reset");
	{
		struct store_val p[] = { SV_TEXT(norm) };

		if (store_query(c, &q_account_for_reset, p, 1, &rows) < 0)
			goto fail;
		if ((rc = store_next(rows)) == 1 && !store_isnull(rows, 1) &&
		    strcmp(store_text(rows, 1), mobile) == 0)
			id = store_int(rows, 0);
		store_rows_free(rows);
		if (rc < 0)
			goto fail;
	}
	if (id > 0 && send_code(r, c, id, "reset", mobile) < 0)
		goto fail;
	if (store_commit(c) < 0)
		goto fail;
	if (id > 0)
		outbox_flush(r->app, c, r->now);
	/* The same answer whether or not the pair matched an account. */
	return http_json(r, 202, json_pack("{s:s, s:I}", "status",
	    "if the login and mobile match an account, a code was sent",
	    "code_ttl_seconds", (json_int_t)CODE_TTL));
fail:
	store_rollback(c);
	return api_store_error(r, "reset");
}

STORE_SQL(q_account_set_password,
    "UPDATE accounts SET password_hash = $2, failed_count = 0,"
    " locked_until = 0 WHERE id = $1");

int
api_password_reset_confirm(struct http_req *r)
{
	const char *login = NULL, *code = NULL, *password = NULL;
	const struct api_field spec[] = {
		{ "login", API_STRING, 1, 1, 64, &login },
		{ "code", API_STRING, 1, 1, 6, &code },
		{ "password", API_STRING, 1, 1, 128, &password },
	};
	struct store_conn *c;
	char norm[72], *hash = NULL;
	int64_t account;

	if (api_decode(r, spec, 3) < 0 || check_code_format(r, code) < 0 ||
	    check_password(r, password) < 0)
		return 0;
	normalise_login(login, norm, sizeof(norm));
	if ((c = api_store(r)) == NULL)
		return 0;
	if (auth_hash_password(password, &hash) < 0)
		return -1;
	if (store_begin(c) < 0) {
		free(hash);
		return api_store_error(r, "reset confirm");
	}
	account = use_code(r, c, norm, "reset", code, "active");
	if (account > 0) {
		struct store_val p[] = { SV_INT(account), SV_TEXT(hash) };

		if (store_exec(c, &q_account_set_password, p, 2) != 1 ||
		    auth_sessions_end_all(c, account) < 0)
			account = -1;
	}
	free(hash);
	if (account < 0 || store_commit(c) < 0) {
		store_rollback(c);
		return api_store_error(r, "reset confirm");
	}
	if (account == 0)
		return 0;
	return http_json(r, 200, json_pack("{s:s}", "status",
	    "password changed; every session was signed out"));
}

STORE_SQL(q_account_for_signin,
    "SELECT id, password_hash, status, failed_count, failed_since,"
    " locked_until, kind, role, totp_secret, totp_last_step FROM accounts"
    " WHERE login = $1");
/* The step is spent only if no one spent it (or a later one) first. */
STORE_SQL(q_account_totp_step,
    "UPDATE accounts SET totp_last_step = $2 WHERE id = $1"
    " AND totp_last_step < $2 RETURNING id");
STORE_SQL(q_account_failed,
    "UPDATE accounts SET failed_count = $2, failed_since = $3,"
    " locked_until = $4 WHERE id = $1");
STORE_SQL(q_account_signed_in,
    "UPDATE accounts SET failed_count = 0, failed_since = 0 WHERE id = $1");

static void
set_cookie(struct http_req *r, const char *value, int64_t max_age)
{
	char *h = NULL;

	if (asprintf(&h, "%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict; "
	    "Max-Age=%lld", AUTH_COOKIE, value, (long long)max_age) >= 0)
		http_add_header(r, "Set-Cookie", h);
	free(h);
}

/*
 * Counts a failed sign-in (a wrong password, or a staff member's wrong
 * code) toward the hourly lock-out, puts it on record and answers 401.
 */
static int
signin_failed(struct http_req *r, struct store_conn *c, int64_t id,
    int64_t failed, int64_t since, const char *who, const char *what,
    const char *code, const char *field, const char *message)
{
	struct store_val p[4];
	char outcome[32];

	if (r->now - since >= 3600) {
		failed = 0;
		since = r->now;
	}
	failed++;
	p[0] = SV_INT(id);
	p[1] = SV_INT(failed);
	p[2] = SV_INT(since);
	p[3] = SV_INT(failed >= AUTH_MAX_FAILURES ?
	    r->now + AUTH_LOCK_SECONDS : 0);
	if (store_exec(c, &q_account_failed, p, 4) < 0)
		return api_store_error(r, "sign-in");
	snprintf(outcome, sizeof(outcome), "%sfailure%s", what,
	    failed >= AUTH_MAX_FAILURES ? "-locked" : "");
	api_audit(r, "sign-in", who, NULL, outcome);
	return http_error(r, 401, code, field, "%s", message);
}

int
api_session_create(struct http_req *r)
{
	const char *login = NULL, *password = NULL, *totp = NULL;
	const struct api_field spec[] = {
		{ "login", API_STRING, 1, 1, 64, &login },
		{ "password", API_STRING, 1, 1, 128, &password },
		{ "totp", API_STRING, 0, 1, 16, &totp },
	};
	struct store_conn *c;
	struct store_rows *rows;
	struct auth_tokens tok;
	char norm[72], hash[256], status[16], kind[16], role[32], when[32];
	char secret[128];
	int64_t id, failed, since, locked, last_step, step = -1;
	int rc, pw_ok;

	if (api_decode(r, spec, 3) < 0)
		return 0;
	normalise_login(login, norm, sizeof(norm));
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_TEXT(norm) };

		if (store_query(c, &q_account_for_signin, p, 1, &rows) < 0)
			return api_store_error(r, "sign-in");
	}
	if ((rc = store_next(rows)) != 1) {
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "sign-in");
		auth_verify_dummy(password);
		api_audit(r, "sign-in", NULL, NULL, "unknown-login");
		return http_error(r, 401, "invalid_credentials", "login",
		    "the login or the password is wrong");
	}
	id = store_int(rows, 0);
	snprintf(hash, sizeof(hash), "%s", store_text(rows, 1));
	snprintf(status, sizeof(status), "%s", store_text(rows, 2));
	failed = store_int(rows, 3);
	since = store_int(rows, 4);
	locked = store_int(rows, 5);
	snprintf(kind, sizeof(kind), "%s", store_text(rows, 6));
	snprintf(role, sizeof(role), "%s", store_text(rows, 7));
	snprintf(secret, sizeof(secret), "%s", store_isnull(rows, 8) ? "" :
	    store_text(rows, 8));
	last_step = store_int(rows, 9);
	store_rows_free(rows);
	snprintf(when, sizeof(when), "account:%lld", (long long)id);

	if (locked > r->now) {
		api_audit(r, "sign-in", when, NULL, "locked");
		return http_error(r, 423, "account_locked", "login",
		    "too many failed sign-ins: the account is locked for an "
		    "hour, or until the password is reset");
	}
	/* Staff have a second factor: after the password, the code of
	 * their authenticator (RFC 6238), usable once.  A wrong code counts
	 * as a failed sign-in like a wrong password. */
	pw_ok = auth_verify_password(hash, password) == 0;
	if (strcmp(kind, "staff") == 0 && totp == NULL && pw_ok) {
		api_audit(r, "sign-in", when, NULL, "totp-required");
		return http_error(r, 401, "totp_required", "totp", "staff sign "
		    "in with the 6-digit code of their authenticator too");
	}
	if (strcmp(kind, "staff") == 0 && totp && pw_ok &&
	    (step = totp_check(secret, totp, r->now, last_step)) < 0)
		return signin_failed(r, c, id, failed, since, when, "totp-",
		    "invalid_totp", "totp", "the code is wrong, expired or "
		    "already used: wait for the next one");
	if (!pw_ok)
		return signin_failed(r, c, id, failed, since, when, "",
		    "invalid_credentials", "login", "the login or the password "
		    "is wrong");
	if (strcmp(status, "active") != 0) {
		api_audit(r, "sign-in", when, NULL, "not-active");
		return http_error(r, 403, "not_active", "login",
		    strcmp(status, "pending") == 0 ? "the account is not "
		    "confirmed yet: enter the code sent by SMS" :
		    "the account is disabled");
	}
	if (store_begin(c) < 0)
		return api_store_error(r, "sign-in");
	{
		struct store_val p[] = { SV_INT(id) };

		char *rehash = NULL;
		int bad = store_exec(c, &q_account_signed_in, p, 1) < 0;

		/* Spend the step; a racing sign-in with the same code loses. */
		if (!bad && step >= 0) {
			struct store_val q[] = { SV_INT(id), SV_INT(step) };
			int64_t got = 0;
			int rc2 = store_query_int(c, &q_account_totp_step, q, 2,
			    &got);

			bad = rc2 < 0 && rc2 != STORE_ENOTFOUND;
			if (rc2 == STORE_ENOTFOUND) {
				store_rollback(c);
				api_audit(r, "sign-in", when, NULL,
				    "totp-reused");
				return http_error(r, 401, "invalid_totp",
				    "totp", "the code is wrong, expired or "
				    "already used: wait for the next one");
			}
		}
		bad = bad || auth_session_new(c, id, r->now, &tok) < 0;

		/* A hash made at a lower cost than today's: redo it now that
		 * the password is at hand. */
		if (!bad && auth_password_needs_rehash(hash)) {
			bad = auth_hash_password(password, &rehash) < 0;
			if (!bad) {
				struct store_val q[] = { SV_INT(id),
					SV_TEXT(rehash) };

				bad = store_exec(c, &q_account_rehash, q, 2) < 0;
			}
			free(rehash);
		}
		if (bad || store_commit(c) < 0) {
			store_rollback(c);
			return api_store_error(r, "sign-in");
		}
	}
	r->auth.account_id = id;	/* for the audit line */
	r->auth.role = role;
	api_audit(r, "sign-in", when, NULL, "success");
	r->auth.role = NULL;
	r->auth.account_id = 0;
	set_cookie(r, tok.cookie, AUTH_SESSION_MAX);
	cal_format_rfc3339(tok.expires_at, when);
	return http_json(r, 201, json_pack("{s:s, s:s, s:s, s:{s:I, s:s, s:s}}",
	    "token", tok.bearer, "csrf_token", tok.csrf, "expires_at", when,
	    "account", "id", (json_int_t)id, "kind", kind, "role", role));
}

int
api_session_delete(struct http_req *r)
{
	struct store_conn *c;

	if ((c = api_store(r)) == NULL)
		return 0;
	if (auth_session_end(c, r->auth.session_id) < 0)
		return api_store_error(r, "sign-out");
	set_cookie(r, "", 0);
	return http_json(r, 200, json_pack("{s:s}", "status", "signed out"));
}

STORE_SQL(q_account_profile,
    "SELECT id, kind, login, name, mobile, role, registered_district,"
    " living_district, scope_center, scope_district, scope_department,"
    " status, created_at FROM accounts WHERE id = $1");
STORE_SQL(q_agent_of,
    "SELECT a.id, a.login, a.name FROM enterprise_agents e"
    " JOIN accounts a ON a.id = e.enterprise_id WHERE e.agent_id = $1"
    " ORDER BY a.id");

/* The profile of account id as JSON, or NULL (*found = 0 if none). */
static json_t *
profile(struct store_conn *c, int64_t id, int *found)
{
	struct store_val p[] = { SV_INT(id) };
	struct store_rows *rows;
	json_t *j = NULL, *agent_of;
	char when[32];
	int rc;

	*found = 0;
	if (store_query(c, &q_account_profile, p, 1, &rows) < 0)
		return NULL;
	if ((rc = store_next(rows)) == 1) {
		char masked[16] = "";

		*found = 1;
		if (!store_isnull(rows, 4))
			mask_mobile(store_text(rows, 4), masked);
		cal_format_rfc3339(store_int(rows, 12), when);
		j = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?,"
		    " s:s?, s:s?, s:s?, s:s, s:s}",
		    "id", (json_int_t)store_int(rows, 0),
		    "kind", store_text(rows, 1), "login", store_text(rows, 2),
		    "name", store_text(rows, 3),
		    "mobile", masked[0] ? masked : NULL,
		    "role", store_text(rows, 5),
		    "registered_district", store_text(rows, 6),
		    "living_district", store_text(rows, 7),
		    "scope_center", store_text(rows, 8),
		    "scope_district", store_text(rows, 9),
		    "scope_department", store_text(rows, 10),
		    "status", store_text(rows, 11), "created_at", when);
	}
	store_rows_free(rows);
	if (j == NULL)
		return NULL;
	agent_of = json_array();
	if (store_query(c, &q_agent_of, p, 1, &rows) < 0) {
		json_decref(agent_of);
		json_decref(j);
		return NULL;
	}
	while ((rc = store_next(rows)) == 1)
		json_array_append_new(agent_of, json_pack("{s:I, s:s, s:s}",
		    "id", (json_int_t)store_int(rows, 0),
		    "credit_code", store_text(rows, 1),
		    "name", store_text(rows, 2)));
	store_rows_free(rows);
	json_object_set_new(j, "agent_of", agent_of);
	if (rc < 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

int
api_me(struct http_req *r)
{
	struct store_conn *c;
	json_t *j;
	int found;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	j = profile(c, r->auth.account_id, &found);
	if (j == NULL)
		return api_store_error(r, "me");
	if (r->auth.via_cookie)
		json_object_set_new(j, "csrf_token", json_string(r->auth.csrf));
	return http_json(r, 200, j);
}

STORE_SQL(q_account_scope,
    "SELECT kind, registered_district, living_district FROM accounts"
    " WHERE id = $1");

/*
 * A staff read of another account's profile (id 0: none was found):
 * needs a purpose, is allowed by role and scope, and is audited whatever
 * its outcome.  "None" and "not yours" get the same answer.
 */
static int
staff_read_profile(struct http_req *r, struct store_conn *c, int64_t id,
    const char *purpose, const char *field)
{
	struct store_rows *rows;
	char target[32];
	int found, rc = 0, may = 0;
	json_t *j;

	if (purpose == NULL || purpose[0] == '\0' || strlen(purpose) > 200)
		return http_error(r, 400, "missing_parameter", "purpose",
		    "staff reads of personal data need a \"purpose\" "
		    "(at most 200 bytes)");
	snprintf(target, sizeof(target), "account:%lld", (long long)id);
	if (id > 0) {
		struct store_val p[] = { SV_INT(id) };

		if (store_query(c, &q_account_scope, p, 1, &rows) < 0)
			return api_store_error(r, "profile");
		rc = store_next(rows);
		if (rc == 1) {
			const char *reg = store_text(rows, 1);
			const char *liv = store_text(rows, 2);
			const char *d = r->auth.scope_district;

			if (auth_is(&r->auth, "clerk") ||
			    auth_is(&r->auth, "manager") ||
			    auth_is(&r->auth, "city_admin"))
				may = 1;
			else if (auth_is(&r->auth, "district_admin") && d &&
			    ((reg && strcmp(reg, d) == 0) ||
			    (liv && strcmp(liv, d) == 0)))
				may = 1;
		}
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "profile");
	}
	if (rc == 0 || !may) {
		if (api_audit(r, "read-profile", id ? target : NULL, purpose,
		    rc == 0 ? "not-found" : "refused") < 0)
			return api_store_error(r, "audit");
		return http_error(r, 403, "forbidden", field,
		    "your role or scope does not cover this account");
	}
	j = profile(c, id, &found);
	if (j == NULL)
		return api_store_error(r, "profile");
	/* The whole ID number is for the window, where staff act for the
	 * person; everyone else sees it masked. */
	if (!auth_is(&r->auth, "clerk") && !auth_is(&r->auth, "manager") &&
	    strcmp(json_string_value(json_object_get(j, "kind")), "person")
	    == 0) {
		char masked[19];

		valid_mask_idno(json_string_value(json_object_get(j, "login")),
		    masked);
		json_object_set_new(j, "login", json_string(masked));
	}
	if (api_audit(r, "read-profile", target, purpose, "allowed") < 0) {
		json_decref(j);
		return api_store_error(r, "audit");
	}
	return http_json(r, 200, j);
}

/*
 * Who may read whose profile: everyone their own; staff who serve
 * residents at a window (clerk, manager) and the city admin anyone; a
 * district admin the accounts registered or living in their district.
 * Reviewers and auditors read profiles only through their cases and
 * logs.  Every staff read is audited, with its purpose.
 */
int
api_account_get(struct http_req *r)
{
	static const char *const allowed[] = { "purpose", NULL };
	const char *purpose = http_query(r, "purpose");
	struct store_conn *c;
	char *end;
	long long id;
	int found;
	json_t *j;

	if (api_query_allowed(r, allowed) < 0)
		return 0;
	id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0)
		return http_error(r, 400, "invalid_parameter", "id",
		    "the account id must be a positive integer");
	if ((c = api_store(r)) == NULL)
		return 0;
	if (id == r->auth.account_id) {
		j = profile(c, id, &found);
		return j ? http_json(r, 200, j) : api_store_error(r, "profile");
	}
	if (strcmp(r->auth.kind, "staff") != 0)
		return http_error(r, 403, "forbidden", "id",
		    "you may read only your own profile");
	return staff_read_profile(r, c, id, purpose, "id");
}

STORE_SQL(q_account_by_login, "SELECT id FROM accounts WHERE login = $1"
    " AND kind <> 'staff'");

/*
 * GET /api/v1/accounts?login=ID&purpose=...: the window clerk finds the
 * applicant in front of them by ID number (or an enterprise by credit
 * code).  The same rules and audit as reading a profile by id.
 */
int
api_accounts_find(struct http_req *r)
{
	static const char *const allowed[] = { "login", "purpose", NULL };
	const char *login = http_query(r, "login");
	struct store_conn *c;
	char norm[72];
	int64_t id = 0;
	int rc;

	if (api_query_allowed(r, allowed) < 0)
		return 0;
	if (login == NULL)
		return http_error(r, 400, "missing_parameter", "login",
		    "give the ID number or credit code (login)");
	normalise_login(login, norm, sizeof(norm));
	if (valid_idno(norm, today(r), NULL) != VALID_OK &&
	    valid_uscc(norm) != VALID_OK)
		return http_error(r, 400, "invalid_parameter", "login",
		    "\"login\" must be a resident ID number or a credit code");
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_TEXT(norm) };

		rc = store_query_int(c, &q_account_by_login, p, 1, &id);
	}
	if (rc < 0 && rc != STORE_ENOTFOUND)
		return api_store_error(r, "find account");
	return staff_read_profile(r, c, rc == 0 ? id : 0,
	    http_query(r, "purpose"), "login");
}

STORE_SQL(q_agents_list,
    "SELECT a.id, a.login, a.name, e.added_at FROM enterprise_agents e"
    " JOIN accounts a ON a.id = e.agent_id WHERE e.enterprise_id = $1"
    " ORDER BY e.added_at, a.id");
STORE_SQL(q_agent_candidate,
    "SELECT id, name FROM accounts WHERE login = $1 AND kind = 'person'"
    " AND status = 'active'");
STORE_SQL(q_agent_insert,
    "INSERT INTO enterprise_agents (enterprise_id, agent_id, added_at)"
    " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");

static int
enterprise_only(struct http_req *r)
{
	if (strcmp(r->auth.kind, "enterprise") != 0) {
		http_error(r, 403, "forbidden", NULL,
		    "only an enterprise account manages its agents");
		return -1;
	}
	return 0;
}

int
api_agents_list(struct http_req *r)
{
	struct store_val p[] = { SV_INT(r->auth.account_id) };
	struct store_conn *c;
	struct store_rows *rows;
	json_t *items;
	char when[32];
	int rc;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0 ||
	    enterprise_only(r) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_query(c, &q_agents_list, p, 1, &rows) < 0)
		return api_store_error(r, "agents");
	items = json_array();
	while ((rc = store_next(rows)) == 1) {
		char masked[19];

		/* The enterprise knows its agents; it needs no ID numbers. */
		valid_mask_idno(store_text(rows, 1), masked);
		cal_format_rfc3339(store_int(rows, 3), when);
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s}",
		    "id", (json_int_t)store_int(rows, 0),
		    "id_number", masked, "name", store_text(rows, 2),
		    "added_at", when));
	}
	store_rows_free(rows);
	if (rc < 0) {
		json_decref(items);
		return api_store_error(r, "agents");
	}
	return api_list(r, items, (int64_t)json_array_size(items),
	    (int64_t)json_array_size(items), 0);
}

int
api_agents_add(struct http_req *r)
{
	const char *id_number = NULL, *name = NULL;
	const struct api_field spec[] = {
		{ "id_number", API_STRING, 1, 18, 18, &id_number },
		{ "name", API_STRING, 1, 1, 100, &name },
	};
	struct store_conn *c;
	struct store_rows *rows;
	int64_t agent = 0;
	int rc, changed;

	if (enterprise_only(r) < 0 || api_decode(r, spec, 2) < 0)
		return 0;
	if ((rc = valid_idno(id_number, today(r), NULL)) != VALID_OK)
		return http_error(r, 400, "invalid_value", "id_number",
		    "\"id_number\" is not a valid resident ID number: %s",
		    valid_strerror(rc));
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_TEXT(id_number) };

		if (store_query(c, &q_agent_candidate, p, 1, &rows) < 0)
			return api_store_error(r, "agent add");
		if ((rc = store_next(rows)) == 1 &&
		    strcmp(store_text(rows, 1), name) == 0)
			agent = store_int(rows, 0);
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "agent add");
	}
	if (agent == 0)
		return http_error(r, 422, "not_registered", "id_number",
		    "no registered resident has this ID number and name; "
		    "the agent registers first");
	{
		struct store_val p[] = { SV_INT(r->auth.account_id),
			SV_INT(agent), SV_INT(r->now) };

		if ((changed = store_exec(c, &q_agent_insert, p, 3)) < 0)
			return api_store_error(r, "agent add");
	}
	if (changed == 0)
		return http_error(r, 409, "conflict", "id_number",
		    "this person is already an agent of the enterprise");
	return http_json(r, 201, json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)agent, "id_number", id_number, "name", name));
}

const char *
accounts_check_role(const struct accounts_new *a)
{
	static const struct {
		const char *role;
		int center, district, department;
	} rules[] = {
		{ "clerk", 1, 0, 0 }, { "manager", 1, 0, 0 },
		{ "reviewer", 0, 0, 1 }, { "district_admin", 0, 1, 0 },
		{ "city_admin", 0, 0, 0 }, { "auditor", 0, 0, 0 },
	};
	size_t i;

	if (strcmp(a->kind, "staff") != 0)
		return NULL;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (strcmp(a->role, rules[i].role) != 0)
			continue;
		if (rules[i].center != (a->scope_center != NULL))
			return rules[i].center ? "this role needs --center" :
			    "this role takes no --center";
		if (rules[i].district != (a->scope_district != NULL))
			return rules[i].district ? "this role needs --district" :
			    "this role takes no --district";
		if (rules[i].department != (a->scope_department != NULL))
			return rules[i].department ?
			    "this role needs --department" :
			    "this role takes no --department";
		return NULL;
	}
	return "unknown role: use clerk, reviewer, manager, district_admin, "
	    "city_admin or auditor";
}

STORE_SQL(q_account_create,
    "INSERT INTO accounts (kind, login, name, password_hash, status, mobile,"
    " role, registered_district, living_district, scope_center,"
    " scope_district, scope_department, legal_rep_id, created_at,"
    " totp_secret) VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $10,"
    " $11, $12, $13, $14) RETURNING id");

int64_t
accounts_create(struct store_conn *c, const struct accounts_new *a,
    int64_t now, const char **err)
{
	char *hash = NULL;
	int64_t id = -1;
	int rc;

	*err = accounts_check_role(a);
	if (*err)
		return -1;
	if ((*err = auth_password_problem(a->password)) != NULL)
		return -1;
	if (strcmp(a->kind, "staff") == 0) {
		unsigned char key[64];
		int n = a->totp_secret ? totp_base32_decode(a->totp_secret, key,
		    sizeof(key)) : -1;

		if (n < 16) {
			*err = "staff need a TOTP secret of at least 16 bytes "
			    "(base32)";
			return -1;
		}
	}
	if (auth_hash_password(a->password, &hash) < 0) {
		*err = "cannot hash the password";
		return -1;
	}
	{
		struct store_val p[] = { SV_TEXT(a->kind), SV_TEXT(a->login),
			SV_TEXT(a->name), SV_TEXT(hash), SV_TEXT(a->mobile),
			SV_TEXT(a->role), SV_TEXT(a->registered_district),
			SV_TEXT(a->living_district), SV_TEXT(a->scope_center),
			SV_TEXT(a->scope_district),
			SV_TEXT(a->scope_department), SV_TEXT(a->legal_rep_id),
			SV_INT(now), SV_TEXT(a->totp_secret) };

		rc = store_query_int(c, &q_account_create, p, 14, &id);
	}
	free(hash);
	if (rc == STORE_ECONSTRAINT)
		*err = "the login is taken, or a scope names no such "
		    "center, district or department";
	else if (rc < 0)
		*err = "the store refused the account";
	return rc < 0 ? -1 : id;
}
