/*
 * licences.h - electronic licences: issued by cases, listed by their
 * holders, verified by anyone through an unguessable code (printed as a
 * QR code), revoked by the issuing department.
 *
 * The verification code is 20 characters of Crockford base32 (100 random
 * bits), so codes cannot be enumerated; the public answer says only
 * whether the licence is genuine, valid, expired or revoked, its kind,
 * number, dates and department, and the holder's name masked.
 */
#ifndef TONGBAN_LICENCES_H
#define TONGBAN_LICENCES_H

#include <stdint.h>

struct store_conn;

#define LICENCE_CODE_LEN 20

void licence_new_code(char out[LICENCE_CODE_LEN + 1]);

struct licence_new {
	const char *kind;	/* material kind with e_licence */
	const char *holder_kind;	/* person | enterprise */
	const char *holder_login, *holder_name;
	const char *department;
	int64_t case_id;
	int issued_on;		/* day */
	int valid_until;	/* day, or 0 for no end */
};

/* Issues a licence inside the caller's transaction; *id and the number
 * it was given.  Returns 0 or < 0. */
int licence_issue(struct store_conn *c, const struct licence_new *n,
    int64_t now, int64_t *id, char number[48]);

/* Masks a name for public view: 李静 -> 李*, Zhang Wei -> Z*******. */
void licence_mask_name(const char *name, char *out, size_t outlen);

#endif
