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
#define AUTH_PASSWORD_MIN 12	/* characters (bytes of UTF-8) */
#define AUTH_PASSWORD_MAX 128
#define AUTH_MAX_FAILURES 100	/* failed sign-ins an hour before locking */
#define AUTH_LOCK_SECONDS 3600
#define AUTH_SESSION_MAX (12 * 3600)	/* absolute lifetime */
#define AUTH_STAFF_IDLE (30 * 60)	/* staff idle timeout */
#define AUTH_RESIDENT_IDLE (2 * 3600)	/* residents and enterprises */

int auth_init(void);

/* *out is a malloc'd PHC string. */
int auth_hash_password(const char *password, char **out);
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
int auth_csrf_ok(struct http_req *r);
void auth_release(struct http_auth *a);

/* Staff roles, and the scope each is bound to. */
int auth_role_is_staff(const char *role);
int auth_is(const struct http_auth *a, const char *role);

#endif
