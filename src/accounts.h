/*
 * accounts.h - creating accounts outside the API: staff accounts from
 * the command line (`tongban user`) and the demo accounts.  The API's
 * own account endpoints are declared in api.h.
 */
#ifndef TONGBAN_ACCOUNTS_H
#define TONGBAN_ACCOUNTS_H

#include <stdint.h>

struct store_conn;

struct accounts_new {
	const char *kind;	/* person, enterprise, staff */
	const char *login;
	const char *name;
	const char *password;
	const char *mobile;	/* may be NULL */
	const char *role;
	const char *registered_district, *living_district;	/* persons */
	const char *scope_center, *scope_district, *scope_department;
	const char *legal_rep_id;	/* enterprises */
	const char *totp_secret;	/* staff: base32, the second factor */
};

/* Creates an active account inside the caller's transaction; *err is a
 * static message on a refusal.  Returns the id, or < 0. */
int64_t accounts_create(struct store_conn *c, const struct accounts_new *a,
    int64_t now, const char **err);

/* Checks a role and the scope it needs; NULL when fine, else why not. */
const char *accounts_check_role(const struct accounts_new *a);

#endif
