/*
 * valid.c - validators for ID numbers, credit codes, mobile numbers and
 * dates (rules in valid.h).
 *
 * Every validator first measures its input with bounded_len(), so no
 * loop below can run past the terminator of a short string or spend
 * time on a long one.  Dates go through cal.c, the one place that does
 * calendar arithmetic.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "valid.h"

_Static_assert((int)CAL_EDATE == (int)VALID_EDATE &&
    (int)CAL_EFORMAT == (int)VALID_EFORMAT,
    "cal.h error codes must match valid.h");

/* GB 32100 charset; a character's value is its index (0..30). */
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* strlen(s), but stops counting at max + 1. */
static size_t
bounded_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n <= max && s[n] != '\0')
		n++;
	return n;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Value of n digits at s; the caller has checked they are digits. */
static int
num(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* ---- resident ID number (GB 11643-1999) ------------------------------ */

char
valid_idno_check_char(const char body17[17])
{
	/* Weight of position i is 2^(17 - i) mod 11 (ISO 7064 MOD 11-2). */
	static const unsigned char w[17] =
	    { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int i, sum = 0;

	for (i = 0; i < 17; i++) {
		if (!is_digit(body17[i]))
			return 0;
		sum += (body17[i] - '0') * w[i];
	}
	return "10X98765432"[sum % 11];
}

/* Province codes of GB/T 2260 that appear in ID numbers. */
static int
idno_province(int p)
{
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) ||
	    (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
	    (p >= 50 && p <= 54) || (p >= 61 && p <= 65) ||
	    p == 71 || p == 81 || p == 82;
}

static int
idno_region(const char *s)
{
	int p = num(s, 2), rest = num(s + 2, 4);

	/* Residence permits of Hong Kong, Macao and Taiwan residents. */
	if (rest == 0 && (p == 81 || p == 82 || p == 83))
		return 1;
	return idno_province(p) && rest != 0;
}

int
valid_idno(const char *s, int today, struct valid_idno *out)
{
	int i, y, m, d, birth;

	if (bounded_len(s, 18) != 18)
		return VALID_ELENGTH;
	for (i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return VALID_ECHAR;
	if (!is_digit(s[17]) && s[17] != 'X')
		return VALID_ECHAR;
	if (valid_idno_check_char(s) != s[17])
		return VALID_ECHECKSUM;
	if (!idno_region(s))
		return VALID_EREGION;
	y = num(s + 6, 4);
	m = num(s + 10, 2);
	d = num(s + 12, 2);
	if (y < 1900 || d < 1 || d > cal_days_in_month(y, m))
		return VALID_EDATE;
	birth = cal_days_from_civil(y, m, d);
	if (birth > today)
		return VALID_EDATE;
	if (out != NULL) {
		for (i = 0; i < 6; i++)
			out->region[i] = s[i];
		out->region[6] = '\0';
		out->birth_day = birth;
		out->year = y;
		out->month = m;
		out->day = d;
		out->female = (s[16] - '0') % 2 == 0;
	}
	return VALID_OK;
}

/* ---- Unified Social Credit Code (GB 32100-2015) ---------------------- */

/* Value of c in the GB 32100 charset, or -1. */
static int
uscc_value(char c)
{
	int i;

	for (i = 0; uscc_chars[i] != '\0'; i++)
		if (uscc_chars[i] == c)
			return i;
	return -1;
}

char
valid_uscc_check_char(const char body17[17])
{
	/* Weight of position i is 3^i mod 31. */
	static const unsigned char w[17] = { 1, 3, 9, 27, 19, 26, 16, 17,
	    20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int i, v, sum = 0;

	for (i = 0; i < 17; i++) {
		if ((v = uscc_value(body17[i])) < 0)
			return 0;
		sum += v * w[i];
	}
	return uscc_chars[(31 - sum % 31) % 31];
}

char
valid_orgcode_check_char(const char body8[8])
{
	/* GB 11714: weights 3 7 9 10 5 8 4 2, letters A-Z worth 10-35. */
	static const unsigned char w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int i, v, sum = 0, c;

	for (i = 0; i < 8; i++) {
		if (is_digit(body8[i]))
			v = body8[i] - '0';
		else if (body8[i] >= 'A' && body8[i] <= 'Z')
			v = body8[i] - 'A' + 10;
		else
			return 0;
		sum += v * w[i];
	}
	c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

int
valid_uscc(const char *s)
{
	int i;

	if (bounded_len(s, 18) != 18)
		return VALID_ELENGTH;
	for (i = 0; i < 18; i++)
		if (uscc_value(s[i]) < 0)
			return VALID_ECHAR;
	if (valid_uscc_check_char(s) != s[17] ||
	    valid_orgcode_check_char(s + 8) != s[16])
		return VALID_ECHECKSUM;
	/* Registration authority: 1-9, A (military), N (agriculture), Y. */
	if (s[0] == '0' || (!is_digit(s[0]) && s[0] != 'A' && s[0] != 'N' &&
	    s[0] != 'Y'))
		return VALID_EFORMAT;
	if (s[1] < '1' || s[1] > '9')
		return VALID_EFORMAT;
	for (i = 2; i < 8; i++)
		if (!is_digit(s[i]))
			return VALID_EFORMAT;
	return VALID_OK;
}

/* ---- mobile numbers and dates ---------------------------------------- */

int
valid_mobile(const char *s)
{
	int i;

	if (bounded_len(s, 11) != 11)
		return VALID_ELENGTH;
	for (i = 0; i < 11; i++)
		if (!is_digit(s[i]))
			return VALID_ECHAR;
	if (s[0] != '1' || s[1] < '3')
		return VALID_EFORMAT;
	return VALID_OK;
}

int
valid_date(const char *s, int *days)
{
	int d, rc;

	if ((rc = cal_parse_date(s, &d)) != 0)
		return rc;
	if (d < cal_days_from_civil(1900, 1, 1) ||
	    d > cal_days_from_civil(2199, 12, 31))
		return VALID_EDATE;
	if (days != NULL)
		*days = d;
	return VALID_OK;
}

const char *
valid_strerror(int err)
{
	switch (err) {
	case VALID_OK:
		return "ok";
	case VALID_ELENGTH:
		return "wrong length";
	case VALID_ECHAR:
		return "bad character";
	case VALID_ECHECKSUM:
		return "bad check character";
	case VALID_EREGION:
		return "unknown region";
	case VALID_EDATE:
		return "bad date";
	case VALID_EFORMAT:
		return "bad format";
	}
	return "unknown error";
}

void
valid_mask_idno(const char *s, char out[19])
{
	size_t n = s ? strlen(s) : 0;

	if (n != 18) {
		snprintf(out, 19, "%s", "******************");
		return;
	}
	snprintf(out, 19, "%.6s********%.4s", s, s + 14);
}
