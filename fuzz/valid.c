/*
 * fuzz/valid.c - the validators of valid.c on arbitrary strings.
 *
 * Feeds: the input, cut at its first NUL and NUL-terminated, to every
 * validator a request's value meets: valid_idno() (with a fixed today,
 * 2026-11-22, and with the day before the input's birth date),
 * valid_uscc(), valid_mobile(), valid_date(), and valid_strerror() of
 * each answer; and its first 17 / 8 bytes to the check-character helpers.
 * The input is copied into a buffer of exactly its length, so AddressSanitizer
 * sees any read past the terminator (valid.h promises there is none).
 *
 * A finding is a sanitizer report, or a broken promise of valid.h:
 *  - an answer that is not VALID_OK or one VALID_E* code;
 *  - VALID_OK for a string that does not have the shape the rule
 *    describes (length, charset, both check characters, a province, a
 *    real birth date not after today; 1[3-9] and nine digits; a date that
 *    cal_format_day() writes back as the same ten characters);
 *  - an ID number accepted with out == NULL but refused with out, or
 *    one whose decoded region, date and sex disagree with its digits;
 *  - an out-parameter written on a refusal.
 */
#include <string.h>

#include "cal.h"
#include "fuzz.h"
#include "valid.h"

static int
is_code(int rc)
{
	return rc == VALID_OK || rc == VALID_ELENGTH || rc == VALID_ECHAR ||
	    rc == VALID_ECHECKSUM || rc == VALID_EREGION || rc == VALID_EDATE ||
	    rc == VALID_EFORMAT;
}

static int
digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

static void
check_idno(const char *s, size_t len, int today)
{
	struct valid_idno id, untouched;
	int rc, rc_null, y, m, d;

	memset(&id, 0xa5, sizeof(id));
	memcpy(&untouched, &id, sizeof(id));
	rc = valid_idno(s, today, &id);
	rc_null = valid_idno(s, today, NULL);
	FUZZ_CHECK(is_code(rc));
	FUZZ_CHECK(rc == rc_null);
	FUZZ_CHECK(valid_strerror(rc) != NULL);
	if (rc != VALID_OK) {
		FUZZ_CHECK(memcmp(&id, &untouched, sizeof(id)) == 0);
		return;
	}
	FUZZ_CHECK(len == 18 && digits(s, 17));
	FUZZ_CHECK(s[17] == 'X' || (s[17] >= '0' && s[17] <= '9'));
	FUZZ_CHECK(valid_idno_check_char(s) == s[17]);
	FUZZ_CHECK(memcmp(id.region, s, 6) == 0 && id.region[6] == '\0');
	FUZZ_CHECK(num(s, 2) >= 11 && num(s, 2) <= 83);
	y = num(s + 6, 4);
	m = num(s + 10, 2);
	d = num(s + 12, 2);
	FUZZ_CHECK(id.year == y && id.month == m && id.day == d);
	FUZZ_CHECK(y >= 1900 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= cal_days_in_month(y, m));
	FUZZ_CHECK(id.birth_day == cal_days_from_civil(y, m, d));
	FUZZ_CHECK(id.birth_day <= today);
	FUZZ_CHECK(id.female == ((s[16] - '0') % 2 == 0));
	/* The day before the birth, the same number is not valid yet. */
	FUZZ_CHECK(valid_idno(s, id.birth_day - 1, NULL) == VALID_EDATE);
}

static void
check_uscc(const char *s, size_t len)
{
	static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int rc = valid_uscc(s), i;

	FUZZ_CHECK(is_code(rc) && rc != VALID_EREGION && rc != VALID_EDATE);
	FUZZ_CHECK(valid_strerror(rc) != NULL);
	if (rc != VALID_OK)
		return;
	FUZZ_CHECK(len == 18);
	for (i = 0; i < 18; i++)
		FUZZ_CHECK(strchr(charset, s[i]) != NULL && s[i] != '\0');
	FUZZ_CHECK(valid_uscc_check_char(s) == s[17]);
	FUZZ_CHECK(valid_orgcode_check_char(s + 8) == s[16]);
	FUZZ_CHECK(s[0] != '0' && ((s[0] >= '1' && s[0] <= '9') ||
	    s[0] == 'A' || s[0] == 'N' || s[0] == 'Y'));
	FUZZ_CHECK(s[1] >= '1' && s[1] <= '9' && digits(s + 2, 6));
}

static void
check_mobile(const char *s, size_t len)
{
	int rc = valid_mobile(s);

	FUZZ_CHECK(is_code(rc) && valid_strerror(rc) != NULL);
	if (rc == VALID_OK)
		FUZZ_CHECK(len == 11 && digits(s, 11) && s[0] == '1' &&
		    s[1] >= '3');
}

static void
check_date(const char *s, size_t len)
{
	char back[CAL_DATE_LEN + 1];
	int days = -12345, rc = valid_date(s, &days);

	FUZZ_CHECK(is_code(rc) && valid_strerror(rc) != NULL);
	if (rc != VALID_OK) {
		FUZZ_CHECK(days == -12345);
		return;
	}
	FUZZ_CHECK(len == 10);
	FUZZ_CHECK(days >= cal_days_from_civil(1900, 1, 1) &&
	    days <= cal_days_from_civil(2199, 12, 31));
	cal_format_day(days, back);
	FUZZ_CHECK(memcmp(back, s, 11) == 0);
	FUZZ_CHECK(valid_date(s, NULL) == VALID_OK);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t len = nul ? (size_t)(nul - data) : size;
	char *s = malloc(len + 1);
	char c;

	if (s == NULL)
		return 0;
	memcpy(s, data, len);
	s[len] = '\0';
	check_idno(s, len, cal_days_from_civil(2026, 11, 22));
	check_uscc(s, len);
	check_mobile(s, len);
	check_date(s, len);
	/* The helpers read exactly 17 or 8 characters, NUL or not. */
	if (size >= 17) {
		c = valid_idno_check_char((const char *)data);
		FUZZ_CHECK(c == 0 || c == 'X' || (c >= '0' && c <= '9'));
		c = valid_uscc_check_char((const char *)data);
		FUZZ_CHECK(c == 0 || strchr("0123456789ABCDEFGHJKLMNPQRTUWXY",
		    c) != NULL);
	}
	if (size >= 8) {
		c = valid_orgcode_check_char((const char *)data);
		FUZZ_CHECK(c == 0 || c == 'X' || (c >= '0' && c <= '9'));
	}
	free(s);
	return 0;
}
