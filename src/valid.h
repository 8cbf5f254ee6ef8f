/*
 * valid.h - validators, one per kind of value a user may send us.
 *
 * Input is untrusted until one of these has said yes.  Each validator
 * is pure: it reads its NUL-terminated argument, writes only through
 * its out-parameters, allocates nothing and touches no global, so it is
 * safe from any thread and easy to fuzz.  None reads past the
 * terminator, however long or short the input.  Each returns VALID_OK
 * (0) or one negative VALID_E* code, which the HTTP layer turns into a
 * 400 naming the field and valid_strerror()'s phrase.
 *
 * Letters are never case-folded here: a lowercase 'x' in an ID number
 * or a lowercase letter in a credit code is VALID_ECHAR.  An API that
 * wants to be lenient uppercases before calling.
 */
#ifndef TONGBAN_VALID_H
#define TONGBAN_VALID_H

enum {
	VALID_OK = 0,
	VALID_ELENGTH = -1,	/* wrong number of characters */
	VALID_ECHAR = -2,	/* a character outside the allowed set */
	VALID_ECHECKSUM = -3,	/* a check character does not match */
	VALID_EREGION = -4,	/* no such administrative region */
	VALID_EDATE = -5,	/* no such date, or out of range */
	VALID_EFORMAT = -6	/* right characters, wrong structure */
};

/* What a valid resident ID number says about its holder. */
struct valid_idno {
	char region[7];		/* the six-digit address code, NUL-terminated */
	int birth_day;		/* days since 1970-01-01 */
	int year, month, day;	/* the birth date */
	int female;		/* 1 when the sequence code is even */
};

/*
 * Resident ID number (GB 11643-1999): exactly 18 characters, 17 digits
 * and a check character 0-9 or uppercase X (ISO 7064 MOD 11-2).
 * The address code must start with a real province code (11-15, 21-23,
 * 31-37, 41-46, 50-54, 61-65, 71, 81, 82) and not end in "0000", except
 * 810000, 820000 and 830000, the codes of the residence permits for
 * Hong Kong, Macao and Taiwan residents.  The birth date must exist,
 * be in 1900 or later and not after today (days since 1970-01-01).
 * Checked in the order length, characters, checksum, region, date.
 * out may be NULL; it is written only on VALID_OK.
 */
int valid_idno(const char *s, int today, struct valid_idno *out);

/*
 * Unified Social Credit Code (GB 32100-2015): 18 characters from
 * 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z).  Position 1 is the
 * registration authority (1-9, A, N, Y), position 2 the category (1-9),
 * 3-8 the region (digits), 9-17 the organisation code with its own
 * GB 11714 check character at 17 (0-9 or X), and 18 the MOD 31 check
 * character.  Checked in the order length, characters, checksums,
 * structure.
 */
int valid_uscc(const char *s);

/* Mainland mobile number: 11 digits, 1[3-9] then nine digits. */
int valid_mobile(const char *s);

/*
 * Strict "YYYY-MM-DD", a real date in 1900-2199; sets *days (days since
 * 1970-01-01) when days is not NULL.  VALID_EFORMAT for the shape,
 * VALID_EDATE for a date that does not exist or is out of range.
 */
int valid_date(const char *s, int *days);

/* Short lowercase phrase for a VALID_E* code ("bad check character"). */
const char *valid_strerror(int err);

/*
 * An ID number as shown to someone who does not need all of it: the
 * region (6) and the last 4 characters, the birth date and sequence
 * starred: "310113********6844".  Anything not 18 characters long is
 * starred whole.  out holds 19 bytes.
 */
void valid_mask_idno(const char *s, char out[19]);

/*
 * Check characters, for tests and the demo-data generator.  Each reads
 * exactly the characters named (no terminator needed) and returns the
 * check character, or 0 when one of them is outside the allowed set.
 */
char valid_idno_check_char(const char body17[17]);	/* 17 digits */
char valid_uscc_check_char(const char body17[17]);	/* USCC charset */
char valid_orgcode_check_char(const char body8[8]);	/* 0-9 A-Z */

#endif
