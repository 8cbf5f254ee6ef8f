/*
 * auth.h - who is calling: passwords, sessions and the CSRF check.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash) into PHC
 * strings.  A session has two random 256-bit tokens: one for the
 * __Host-tongban cookie (HttpOnly, so page scripts never see it) and a
 * bearer token for machine clients; the store keeps only their BLAKE2b
 * hashes, so a database dump yields no usable token.  A cookie session
 * also has a CSRF token that state-changing requests echo in the
 * X-CSRF-Token header.
 */
#ifndef TONGBAN_AUTH_H
#define TONGBAN_AUTH_H

#include <stdint.h>

#include "http.h"

struct store_conn;

#define AUTH_COOKIE "__Host-tongban"
#define AUTH_PASSWORD_MIN 12	/* characters (UTF-8 code points) */
#define AUTH_PASSWORD_MAX 128
#define AUTH_MIN_MEMORY_MIB 19	/* argon2id: never weaker than this */
#define AUTH_MIN_PASSES 2
#define AUTH_MAX_FAILURES 100	/* failed sign-ins an hour before locking */
#define AUTH_LOCK_SECONDS 3600
#define AUTH_SESSION_MAX (12 * 3600)	/* absolute lifetime */
#define AUTH_STAFF_IDLE (30 * 60)	/* staff idle timeout */
#define AUTH_RESIDENT_IDLE (2 * 3600)	/* residents and enterprises */

int auth_init(void);

/* *out is a malloc'd PHC string. */
int auth_hash_password(const char *password, char **out);
/* Raises the argon2id cost (serve --pwhash-memory, --pwhash-passes):
 * -1 for anything below 19 MiB and 2 passes. */
int auth_set_cost(unsigned memory_mib, unsigned passes);
/* 1 when a stored hash is weaker than the current cost. */
int auth_password_needs_rehash(const char *hash);
/* Reads the common-password list (one a line; data/common-passwords.txt). */
int auth_load_common(const char *path, char **err);
void auth_free_common(void);
/* Why a new password is refused (12-128 characters; not a common one,
 * nor one followed by digits), or NULL when it is fine.  No composition
 * rules: length and commonness are what make a password hard to guess. */
const char *auth_password_problem(const char *pw);
/* 0 when password matches hash; -1 otherwise. */
int auth_verify_password(const char *hash, const char *password);
/* Burns the time of one verification: used for unknown logins so
 * that timing does not tell which logins exist. */
void auth_verify_dummy(const char *password);

struct auth_tokens {
	char cookie[48];	/* base64url of 32 random bytes */
	char bearer[48];
	char csrf[48];
	int64_t session_id;
	int64_t expires_at;
};

int auth_session_new(struct store_conn *c, int64_t account_id, int64_t now,
    struct auth_tokens *out);
int auth_session_end(struct store_conn *c, int64_t session_id);
int auth_sessions_end_all(struct store_conn *c, int64_t account_id);

/* Fills r->auth from the bearer token or cookie; anonymous when absent,
 * unknown or expired.  < 0 only on a store failure. */
int auth_resolve(struct http_req *r);
/* The token a request carries: an "Authorization: Bearer" header's,
 * else the cookie's value (*via_cookie = 1); NULL when there is none or
 * it cannot be one of ours (not 43 characters).  Pure (fuzz/query.c). */
const char *auth_token_of(const char *authorization, const char *cookie,
    int *via_cookie);
int auth_csrf_ok(struct http_req *r);
void auth_release(struct http_auth *a);

/* Staff roles, and the scope each is bound to. */
int auth_role_is_staff(const char *role);
int auth_is(const struct http_auth *a, const char *role);

#endif
