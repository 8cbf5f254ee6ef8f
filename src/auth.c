/*
 * auth.c - see auth.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "log.h"
#include "store.h"

/* argon2id at 19 MiB and two passes (OWASP's minimum for argon2id);
 * auth_set_cost() may raise them, never lower them. */
static unsigned long long auth_opslimit = AUTH_MIN_PASSES;
static size_t auth_memlimit = (size_t)AUTH_MIN_MEMORY_MIB << 20;

/* The common passwords (lowercase, sorted): read once at start. */
static char **common;
static size_t ncommon;

static char dummy_hash[crypto_pwhash_STRBYTES];

int
auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	/* A real hash of a random password, for auth_verify_dummy(). */
	{
		unsigned char pw[16];
		char hex[33];

		randombytes_buf(pw, sizeof(pw));
		sodium_bin2hex(hex, sizeof(hex), pw, sizeof(pw));
		if (crypto_pwhash_str_alg(dummy_hash, hex, strlen(hex),
		    auth_opslimit, auth_memlimit,
		    crypto_pwhash_ALG_ARGON2ID13) != 0)
			return -1;
	}
	return 0;
}

int
auth_set_cost(unsigned memory_mib, unsigned passes)
{
	if (memory_mib < AUTH_MIN_MEMORY_MIB || passes < AUTH_MIN_PASSES ||
	    memory_mib > 4096 || passes > 64)
		return -1;
	auth_opslimit = passes;
	auth_memlimit = (size_t)memory_mib << 20;
	return 0;
}

int
auth_password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, auth_opslimit,
	    auth_memlimit) != 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
auth_load_common(const char *path, char **err)
{
	FILE *f = fopen(path, "r");
	char line[256];

	*err = NULL;
	if (f == NULL) {
		if (asprintf(err, "cannot read %s", path) < 0)
			*err = NULL;
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n"), i;
		char **nv;

		line[n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		for (i = 0; i < n; i++)
			if (line[i] >= 'A' && line[i] <= 'Z')
				line[i] = (char)(line[i] - 'A' + 'a');
		if ((nv = realloc(common, (ncommon + 1) * sizeof(*nv))) == NULL)
			break;
		common = nv;
		if ((common[ncommon] = strdup(line)) == NULL)
			break;
		ncommon++;
	}
	fclose(f);
	qsort(common, ncommon, sizeof(*common), cmp_str);
	return 0;
}

void
auth_free_common(void)
{
	size_t i;

	for (i = 0; i < ncommon; i++)
		free(common[i]);
	free(common);
	common = NULL;
	ncommon = 0;
}

static int
is_common(const char *lower)
{
	return ncommon && bsearch(&lower, common, ncommon, sizeof(*common),
	    cmp_str) != NULL;
}

const char *
auth_password_problem(const char *pw)
{
	size_t bytes = strlen(pw), chars = 0, i, end;
	char *lower;
	int common_hit;

	for (i = 0; i < bytes; i++)
		if (((unsigned char)pw[i] & 0xc0) != 0x80)
			chars++;
	if (chars < AUTH_PASSWORD_MIN || chars > AUTH_PASSWORD_MAX)
		return "the password must have 12 to 128 characters";
	if ((lower = strdup(pw)) == NULL)
		return "out of memory";
	for (i = 0; i < bytes; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	common_hit = is_common(lower);
	/* A common password with digits after it is as easy to guess. */
	for (end = bytes; end > 0 && lower[end - 1] >= '0' &&
	    lower[end - 1] <= '9'; end--)
		;
	if (!common_hit && end > 0 && end < bytes) {
		lower[end] = '\0';
		common_hit = is_common(lower);
	}
	free(lower);
	return common_hit ? "this password is one of the most common "
	    "passwords: choose another" : NULL;
}

int
auth_hash_password(const char *password, char **out)
{
	char *h = malloc(crypto_pwhash_STRBYTES);

	*out = NULL;
	if (h == NULL)
		return -1;
	if (crypto_pwhash_str_alg(h, password, strlen(password),
	    auth_opslimit, auth_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		free(h);
		return -1;
	}
	*out = h;
	return 0;
}

int
auth_verify_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0
	    ? 0 : -1;
}

void
auth_verify_dummy(const char *password)
{
	if (crypto_pwhash_str_verify(dummy_hash, password,
	    strlen(password)) == 0) {
		/* cannot happen: the dummy password is random */
	}
}

static void
random_token(char out[48])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 48, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The form a token is stored and looked up in: hex BLAKE2b-256. */
static void
token_hash(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

STORE_SQL(q_session_insert,
    "INSERT INTO sessions (account_id, cookie_hash, bearer_hash, csrf,"
    " created_at, last_seen, expires_at)"
    " VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id");

int
auth_session_new(struct store_conn *c, int64_t account_id, int64_t now,
    struct auth_tokens *out)
{
	char ch[65], bh[65];
	struct store_val p[6];

	random_token(out->cookie);
	random_token(out->bearer);
	random_token(out->csrf);
	token_hash(out->cookie, ch);
	token_hash(out->bearer, bh);
	out->expires_at = now + AUTH_SESSION_MAX;
	p[0] = SV_INT(account_id);
	p[1] = SV_TEXT(ch);
	p[2] = SV_TEXT(bh);
	p[3] = SV_TEXT(out->csrf);
	p[4] = SV_INT(now);
	p[5] = SV_INT(out->expires_at);
	return store_query_int(c, &q_session_insert, p, 6, &out->session_id);
}

STORE_SQL(q_session_delete, "DELETE FROM sessions WHERE id = $1");
STORE_SQL(q_sessions_delete_account,
    "DELETE FROM sessions WHERE account_id = $1");

int
auth_session_end(struct store_conn *c, int64_t session_id)
{
	struct store_val p[] = { SV_INT(session_id) };

	return store_exec(c, &q_session_delete, p, 1);
}

int
auth_sessions_end_all(struct store_conn *c, int64_t account_id)
{
	struct store_val p[] = { SV_INT(account_id) };

	return store_exec(c, &q_sessions_delete_account, p, 1);
}

#define SESSION_COLUMNS \
    "SELECT s.id, s.csrf, s.last_seen, s.expires_at, a.id, a.kind," \
    " a.role, a.login, a.name, a.scope_center, a.scope_district," \
    " a.scope_department, a.status FROM sessions s" \
    " JOIN accounts a ON a.id = s.account_id"
STORE_SQL(q_session_by_bearer, SESSION_COLUMNS " WHERE s.bearer_hash = $1");
STORE_SQL(q_session_by_cookie, SESSION_COLUMNS " WHERE s.cookie_hash = $1");
STORE_SQL(q_session_touch,
    "UPDATE sessions SET last_seen = $2 WHERE id = $1");

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Interned role and kind names, so http_auth can point at constants. */
static const char *const roles[] = { "resident", "enterprise", "clerk",
	"reviewer", "manager", "district_admin", "city_admin", "auditor" };
static const char *const kinds[] = { "person", "enterprise", "staff" };

static const char *
intern(const char *s, const char *const *set, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcmp(s, set[i]) == 0)
			return set[i];
	return NULL;
}

int
auth_role_is_staff(const char *role)
{
	size_t i;

	for (i = 2; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(role, roles[i]) == 0)
			return 1;
	return 0;
}

int
auth_is(const struct http_auth *a, const char *role)
{
	return a->role && strcmp(a->role, role) == 0;
}

const char *
auth_token_of(const char *authorization, const char *cookie, int *via_cookie)
{
	const char *token;

	*via_cookie = 0;
	if (authorization && strncasecmp(authorization, "Bearer ", 7) == 0)
		token = authorization + 7;
	else if ((token = cookie) != NULL)
		*via_cookie = 1;
	return token && strlen(token) == 43 ? token : NULL;
}

int
auth_resolve(struct http_req *r)
{
	const char *authz = http_header(r, "Authorization");
	const char *token = NULL;
	struct store_sql *q;
	struct store_conn *c;
	struct store_rows *rows;
	struct store_val p[2];
	char h[65];
	int via_cookie = 0, rc;
	int64_t last_seen, expires, idle, sid;

	token = auth_token_of(authz, http_cookie(r, AUTH_COOKIE), &via_cookie);
	if (token == NULL)
		return 0;	/* none, or not one of ours */
	q = via_cookie ? &q_session_by_cookie : &q_session_by_bearer;
	token_hash(token, h);
	c = store_conn(r->app->store);
	if (c == NULL)
		return -1;
	p[0] = SV_TEXT(h);
	if ((rc = store_query(c, q, p, 1, &rows)) < 0)
		return rc;
	rc = store_next(rows);
	if (rc <= 0) {
		store_rows_free(rows);
		return rc;
	}
	sid = store_int(rows, 0);
	last_seen = store_int(rows, 2);
	expires = store_int(rows, 3);
	r->auth.kind = intern(store_text(rows, 5), kinds, 3);
	r->auth.role = intern(store_text(rows, 6), roles, 8);
	idle = r->auth.kind && strcmp(r->auth.kind, "staff") == 0 ?
	    AUTH_STAFF_IDLE : AUTH_RESIDENT_IDLE;
	if (r->now >= expires || r->now - last_seen >= idle ||
	    strcmp(store_text(rows, 12), "active") != 0 ||
	    r->auth.kind == NULL || r->auth.role == NULL) {
		store_rows_free(rows);
		memset(&r->auth, 0, sizeof(r->auth));
		return 0;
	}
	r->auth.session_id = sid;
	r->auth.account_id = store_int(rows, 4);
	r->auth.csrf = dup_or_null(store_text(rows, 1));
	r->auth.login = dup_or_null(store_text(rows, 7));
	r->auth.name = dup_or_null(store_text(rows, 8));
	r->auth.scope_center = dup_or_null(store_text(rows, 9));
	r->auth.scope_district = dup_or_null(store_text(rows, 10));
	r->auth.scope_department = dup_or_null(store_text(rows, 11));
	r->auth.via_cookie = via_cookie;
	/* A copy that failed must not read as "no scope": out of memory is
	 * an error, never less restriction. */
	if (!r->auth.csrf || !r->auth.login || !r->auth.name ||
	    (!store_isnull(rows, 9) && !r->auth.scope_center) ||
	    (!store_isnull(rows, 10) && !r->auth.scope_district) ||
	    (!store_isnull(rows, 11) && !r->auth.scope_department)) {
		store_rows_free(rows);
		return -1;
	}
	store_rows_free(rows);
	/* Idle tracking costs a write; once a minute is precise enough. */
	if (r->now - last_seen >= 60) {
		p[0] = SV_INT(sid);
		p[1] = SV_INT(r->now);
		if ((rc = store_exec(c, &q_session_touch, p, 2)) < 0)
			log_warn("msg=\"session touch failed\" request=%s",
			    r->request_id);
	}
	return 0;
}

int
auth_csrf_ok(struct http_req *r)
{
	const char *h = http_header(r, "X-CSRF-Token");

	if (h == NULL || r->auth.csrf == NULL || strlen(h) != strlen(r->auth.csrf))
		return 0;
	return sodium_memcmp(h, r->auth.csrf, strlen(h)) == 0;
}

void
auth_release(struct http_auth *a)
{
	free(a->csrf);
	free(a->login);
	free(a->name);
	free(a->scope_center);
	free(a->scope_district);
	free(a->scope_department);
	memset(a, 0, sizeof(*a));
}
