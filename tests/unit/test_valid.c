/*
 * test_valid.c - one test per rule and per error code of valid.c.
 *
 * ID numbers and credit codes are either published examples checked by
 * hand (GB 11643's 11010519491231002X, GB 32100's 91350100M000100Y43)
 * or built here with the check-character helpers, so a test never
 * depends on the personal data of a real person.  The real credit
 * codes are those of well-known companies, each verified against both
 * check characters (the chance that a mistyped code passes both is 1 in
 * 341).
 */
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "unit.h"
#include "valid.h"

/* "today" for the ID tests: Sunday 2026-11-22. */
static int
today(void)
{
	return cal_days_from_civil(2026, 11, 22);
}

/* out = body17 + its check character + NUL. */
static void
make_idno(char out[19], const char *body17)
{
	memcpy(out, body17, 17);
	out[17] = valid_idno_check_char(body17);
	out[18] = '\0';
}

/* out = first16 + the organisation check + the final check + NUL. */
static void
make_uscc(char out[19], const char *first16)
{
	memcpy(out, first16, 16);
	out[16] = valid_orgcode_check_char(out + 8);
	out[17] = valid_uscc_check_char(out);
	out[18] = '\0';
}

/* ---- ID numbers ------------------------------------------------------ */

UNIT_TEST(valid_idno_standard_example)
{
	struct valid_idno id;

	/* GB 11643-1999's own example: a woman born 1949-12-31. */
	CHECK_INT(valid_idno("11010519491231002X", today(), &id), VALID_OK);
	CHECK_STR(id.region, "110105");
	CHECK_INT(id.year, 1949);
	CHECK_INT(id.month, 12);
	CHECK_INT(id.day, 31);
	CHECK_INT(id.birth_day, cal_days_from_civil(1949, 12, 31));
	CHECK_INT(id.female, 1);
}

UNIT_TEST(valid_idno_check_char_by_hand)
{
	/* Sums worked by hand: 167 % 11 = 2 -> X; 195 % 11 = 8 -> 4. */
	CHECK_INT(valid_idno_check_char("11010519491231002"), 'X');
	CHECK_INT(valid_idno_check_char("44052418800101001"), '4');
	CHECK_INT(valid_idno_check_char("4405241880010100A"), 0);
	CHECK_INT(valid_idno_check_char("44052418800101\0" "01"), 0);
}

UNIT_TEST(valid_idno_shanghai_male)
{
	struct valid_idno id;
	char s[19];

	make_idno(s, "31010419900307001");
	CHECK_INT(valid_idno(s, today(), &id), VALID_OK);
	CHECK_STR(id.region, "310104");
	CHECK_INT(id.female, 0);
	CHECK_INT(id.birth_day, cal_days_from_civil(1990, 3, 7));
}

UNIT_TEST(valid_idno_out_may_be_null)
{
	CHECK_INT(valid_idno("11010519491231002X", today(), NULL), VALID_OK);
}

UNIT_TEST(valid_idno_out_untouched_on_error)
{
	struct valid_idno id = { "zzzzzz", 7, 7, 7, 7, 7 };

	CHECK_INT(valid_idno("110105194912310021", today(), &id),
	    VALID_ECHECKSUM);
	CHECK_STR(id.region, "zzzzzz");
	CHECK_INT(id.birth_day, 7);
}

UNIT_TEST(valid_idno_wrong_length)
{
	CHECK_INT(valid_idno("", today(), NULL), VALID_ELENGTH);
	CHECK_INT(valid_idno("11010519491231002", today(), NULL),
	    VALID_ELENGTH);
	CHECK_INT(valid_idno("11010519491231002X0", today(), NULL),
	    VALID_ELENGTH);
	/* The old 15-digit numbers are no longer valid documents. */
	CHECK_INT(valid_idno("110105491231002", today(), NULL),
	    VALID_ELENGTH);
}

UNIT_TEST(valid_idno_bad_character)
{
	CHECK_INT(valid_idno("1101051949123100AX", today(), NULL),
	    VALID_ECHAR);
	CHECK_INT(valid_idno("X10105194912310024", today(), NULL),
	    VALID_ECHAR);
	CHECK_INT(valid_idno("11010519491231002Y", today(), NULL),
	    VALID_ECHAR);
	CHECK_INT(valid_idno("11010519491231 02X", today(), NULL),
	    VALID_ECHAR);
}

UNIT_TEST(valid_idno_lowercase_x_refused)
{
	CHECK_INT(valid_idno("11010519491231002x", today(), NULL),
	    VALID_ECHAR);
}

UNIT_TEST(valid_idno_bad_checksum)
{
	CHECK_INT(valid_idno("110105194912310021", today(), NULL),
	    VALID_ECHECKSUM);
	/* Two digits swapped: the typing error MOD 11-2 exists to catch. */
	CHECK_INT(valid_idno("11010591491231002X", today(), NULL),
	    VALID_ECHECKSUM);
}

UNIT_TEST(valid_idno_unknown_province)
{
	char s[19];

	make_idno(s, "00010419900307001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EREGION);
	make_idno(s, "16010419900307001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EREGION);
	make_idno(s, "99010419900307001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EREGION);
	make_idno(s, "83010119900307001");	/* 83 only as 830000 */
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EREGION);
}

UNIT_TEST(valid_idno_region_0000)
{
	char s[19];

	make_idno(s, "31000019900307001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EREGION);
}

UNIT_TEST(valid_idno_every_province)
{
	static const int ok[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32,
	    33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
	    61, 62, 63, 64, 65, 71, 81, 82 };
	size_t i, good = 0;
	int p;
	char s[19];

	for (p = 0; p < 100; p++) {
		char body[18];
		int want = 0;

		for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
			want |= ok[i] == p;
		body[0] = (char)('0' + p / 10);
		body[1] = (char)('0' + p % 10);
		memcpy(body + 2, "010419900307001", 16);
		make_idno(s, body);
		if ((valid_idno(s, today(), NULL) == VALID_OK) == want)
			good++;
	}
	CHECK_INT(good, 100);
}

UNIT_TEST(valid_idno_residence_permits)
{
	char s[19];

	/* Hong Kong, Macao and Taiwan residents' residence permits. */
	make_idno(s, "81000019900307001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_OK);
	make_idno(s, "82000019900307001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_OK);
	make_idno(s, "83000019900307001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_OK);
}

UNIT_TEST(valid_idno_before_1900)
{
	/* GB 11643's other example is born in 1880. */
	CHECK_INT(valid_idno("440524188001010014", today(), NULL),
	    VALID_EDATE);
}

UNIT_TEST(valid_idno_feb29)
{
	char s[19];

	make_idno(s, "31010420000229002");	/* 2000: leap (div. by 400) */
	CHECK_INT(valid_idno(s, today(), NULL), VALID_OK);
	make_idno(s, "31010420240229002");	/* 2024: leap */
	CHECK_INT(valid_idno(s, today(), NULL), VALID_OK);
	make_idno(s, "31010419000229002");	/* 1900: not leap */
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EDATE);
	make_idno(s, "31010420230229002");	/* 2023: not leap */
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EDATE);
}

UNIT_TEST(valid_idno_impossible_date)
{
	char s[19];

	make_idno(s, "31010419901301001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EDATE);
	make_idno(s, "31010419900001001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EDATE);
	make_idno(s, "31010419900400001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EDATE);
	make_idno(s, "31010419900431001");
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EDATE);
}

UNIT_TEST(valid_idno_future_birth)
{
	char s[19];

	make_idno(s, "31010420261123001");	/* tomorrow */
	CHECK_INT(valid_idno(s, today(), NULL), VALID_EDATE);
	make_idno(s, "31010420261122001");	/* born today */
	CHECK_INT(valid_idno(s, today(), NULL), VALID_OK);
}

/* ---- Unified Social Credit Codes -------------------------------------- */

UNIT_TEST(valid_uscc_real_codes)
{
	CHECK_INT(valid_uscc("91350100M000100Y43"), VALID_OK); /* GB 32100 */
	CHECK_INT(valid_uscc("91310000MA1FW1BXX2"), VALID_OK); /* Shanghai */
	CHECK_INT(valid_uscc("91310000MA1K32MN7F"), VALID_OK); /* Shanghai */
	CHECK_INT(valid_uscc("9144030071526726XG"), VALID_OK); /* Tencent */
	CHECK_INT(valid_uscc("914403001922038216"), VALID_OK); /* Huawei */
	CHECK_INT(valid_uscc("91110000802100433B"), VALID_OK); /* Baidu */
	CHECK_INT(valid_uscc("91110108551385082Q"), VALID_OK); /* Xiaomi */
	CHECK_INT(valid_uscc("11100000000013127D"), VALID_OK); /* an organ */
}

UNIT_TEST(valid_uscc_check_chars_by_hand)
{
	/* GB 32100's example: organisation code M000100Y-4, check 3. */
	CHECK_INT(valid_orgcode_check_char("M000100Y"), '4');
	CHECK_INT(valid_uscc_check_char("91350100M000100Y4"), '3');
	CHECK_INT(valid_orgcode_check_char("MA1FW1BX"), 'X');
	CHECK_INT(valid_uscc_check_char("9135010OM000100Y4"), 0);
	CHECK_INT(valid_uscc_check_char("91350100m000100Y4"), 0);
	CHECK_INT(valid_orgcode_check_char("M000100y"), 0);
}

UNIT_TEST(valid_uscc_built_code)
{
	char s[19];

	make_uscc(s, "91310106MA1GKLMN");
	CHECK_INT(valid_uscc(s), VALID_OK);
	make_uscc(s, "Y1310115MA1G0001");
	CHECK_INT(valid_uscc(s), VALID_OK);
	make_uscc(s, "N2310230MA1G0001");
	CHECK_INT(valid_uscc(s), VALID_OK);
}

UNIT_TEST(valid_uscc_wrong_length)
{
	CHECK_INT(valid_uscc(""), VALID_ELENGTH);
	CHECK_INT(valid_uscc("91350100M000100Y4"), VALID_ELENGTH);
	CHECK_INT(valid_uscc("91350100M000100Y433"), VALID_ELENGTH);
}

UNIT_TEST(valid_uscc_bad_character)
{
	/* I, O, S, V and Z are never used; nor lowercase or spaces. */
	CHECK_INT(valid_uscc("91350100I000100Y43"), VALID_ECHAR);
	CHECK_INT(valid_uscc("91350100O000100Y43"), VALID_ECHAR);
	CHECK_INT(valid_uscc("91350100S000100Y43"), VALID_ECHAR);
	CHECK_INT(valid_uscc("91350100V000100Y43"), VALID_ECHAR);
	CHECK_INT(valid_uscc("91350100Z000100Y43"), VALID_ECHAR);
	CHECK_INT(valid_uscc("91350100m000100y43"), VALID_ECHAR);
	CHECK_INT(valid_uscc("91350100 000100Y43"), VALID_ECHAR);
}

UNIT_TEST(valid_uscc_bad_check_char)
{
	CHECK_INT(valid_uscc("91350100M000100Y44"), VALID_ECHECKSUM);
	CHECK_INT(valid_uscc("91350100M000010Y43"), VALID_ECHECKSUM);
}

UNIT_TEST(valid_uscc_bad_orgcode_check)
{
	char s[19];

	/* Right final check, wrong GB 11714 check at position 17. */
	memcpy(s, "91310000MA1FW1BX3", 17);
	s[17] = valid_uscc_check_char(s);
	s[18] = '\0';
	CHECK_INT(valid_uscc(s), VALID_ECHECKSUM);
	/* The code quoted in the brief fails this way too. */
	CHECK_INT(valid_uscc("91310000MA1FL4J71D"), VALID_ECHECKSUM);
}

UNIT_TEST(valid_uscc_bad_authority)
{
	char s[19];

	make_uscc(s, "01310106MA1GKLMN");
	CHECK_INT(valid_uscc(s), VALID_EFORMAT);
	make_uscc(s, "B1310106MA1GKLMN");
	CHECK_INT(valid_uscc(s), VALID_EFORMAT);
}

UNIT_TEST(valid_uscc_bad_category)
{
	char s[19];

	make_uscc(s, "90310106MA1GKLMN");
	CHECK_INT(valid_uscc(s), VALID_EFORMAT);
	make_uscc(s, "9A310106MA1GKLMN");
	CHECK_INT(valid_uscc(s), VALID_EFORMAT);
}

UNIT_TEST(valid_uscc_bad_region)
{
	char s[19];

	make_uscc(s, "9131A106MA1GKLMN");
	CHECK_INT(valid_uscc(s), VALID_EFORMAT);
}

/* ---- mobile numbers --------------------------------------------------- */

UNIT_TEST(valid_mobile_ok)
{
	CHECK_INT(valid_mobile("13800138000"), VALID_OK);
	CHECK_INT(valid_mobile("19912345678"), VALID_OK);
	CHECK_INT(valid_mobile("15000000000"), VALID_OK);
}

UNIT_TEST(valid_mobile_wrong_length)
{
	CHECK_INT(valid_mobile(""), VALID_ELENGTH);
	CHECK_INT(valid_mobile("1380013800"), VALID_ELENGTH);
	CHECK_INT(valid_mobile("138001380000"), VALID_ELENGTH);
	CHECK_INT(valid_mobile("+8613800138000"), VALID_ELENGTH);
}

UNIT_TEST(valid_mobile_bad_character)
{
	CHECK_INT(valid_mobile("1380013800a"), VALID_ECHAR);
	CHECK_INT(valid_mobile("138-0013800"), VALID_ECHAR);
	CHECK_INT(valid_mobile("+8613800138"), VALID_ECHAR);
}

UNIT_TEST(valid_mobile_bad_prefix)
{
	CHECK_INT(valid_mobile("12345678901"), VALID_EFORMAT);
	CHECK_INT(valid_mobile("10086100861"), VALID_EFORMAT);
	CHECK_INT(valid_mobile("23800138000"), VALID_EFORMAT);
	CHECK_INT(valid_mobile("02112345678"), VALID_EFORMAT);
}

/* ---- dates ------------------------------------------------------------ */

UNIT_TEST(valid_date_ok)
{
	int d = -1;

	CHECK_INT(valid_date("2026-11-22", &d), VALID_OK);
	CHECK_INT(d, 20779);
	CHECK_INT(valid_date("1970-01-01", &d), VALID_OK);
	CHECK_INT(d, 0);
	CHECK_INT(valid_date("2024-02-29", NULL), VALID_OK);
	CHECK_INT(valid_date("1900-01-01", &d), VALID_OK);
	CHECK_INT(d, -25567);
	CHECK_INT(valid_date("2199-12-31", NULL), VALID_OK);
}

UNIT_TEST(valid_date_bad_format)
{
	CHECK_INT(valid_date("", NULL), VALID_EFORMAT);
	CHECK_INT(valid_date("2026-1-01", NULL), VALID_EFORMAT);
	CHECK_INT(valid_date("2026/11/22", NULL), VALID_EFORMAT);
	CHECK_INT(valid_date("20261122", NULL), VALID_EFORMAT);
	CHECK_INT(valid_date("2026-11-22 ", NULL), VALID_EFORMAT);
	CHECK_INT(valid_date(" 2026-11-22", NULL), VALID_EFORMAT);
	CHECK_INT(valid_date("2026-11-2x", NULL), VALID_EFORMAT);
	CHECK_INT(valid_date("+026-11-22", NULL), VALID_EFORMAT);
	CHECK_INT(valid_date("2026-11-22T00:00:00Z", NULL), VALID_EFORMAT);
}

UNIT_TEST(valid_date_no_such_date)
{
	CHECK_INT(valid_date("2026-02-29", NULL), VALID_EDATE);
	CHECK_INT(valid_date("1900-02-29", NULL), VALID_EDATE);
	CHECK_INT(valid_date("2026-13-01", NULL), VALID_EDATE);
	CHECK_INT(valid_date("2026-00-10", NULL), VALID_EDATE);
	CHECK_INT(valid_date("2026-04-31", NULL), VALID_EDATE);
	CHECK_INT(valid_date("2026-04-00", NULL), VALID_EDATE);
}

UNIT_TEST(valid_date_out_of_range)
{
	int d = 12345;

	CHECK_INT(valid_date("1899-12-31", &d), VALID_EDATE);
	CHECK_INT(valid_date("2200-01-01", &d), VALID_EDATE);
	CHECK_INT(valid_date("0000-01-01", &d), VALID_EDATE);
	CHECK_INT(d, 12345);
}

/* ---- shared ----------------------------------------------------------- */

UNIT_TEST(valid_strerror_phrases)
{
	CHECK_STR(valid_strerror(VALID_OK), "ok");
	CHECK_STR(valid_strerror(VALID_ELENGTH), "wrong length");
	CHECK_STR(valid_strerror(VALID_ECHAR), "bad character");
	CHECK_STR(valid_strerror(VALID_ECHECKSUM), "bad check character");
	CHECK_STR(valid_strerror(VALID_EREGION), "unknown region");
	CHECK_STR(valid_strerror(VALID_EDATE), "bad date");
	CHECK_STR(valid_strerror(VALID_EFORMAT), "bad format");
	CHECK_STR(valid_strerror(-99), "unknown error");
	CHECK_STR(valid_strerror(CAL_EFORMAT), "bad format");
}

/* Short inputs in exact-size heap blocks: ASan sees any over-read. */
UNIT_TEST(valid_short_inputs_stay_in_bounds)
{
	static const char *const in[] = { "", "1", "19", "2026-1", "2026-11-2",
	    "1101051949123100" };
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		size_t n = strlen(in[i]) + 1;
		char *s = malloc(n);

		if (!CHECK(s != NULL))
			return;
		memcpy(s, in[i], n);
		CHECK(valid_idno(s, today(), NULL) != VALID_OK);
		CHECK(valid_uscc(s) != VALID_OK);
		CHECK(valid_mobile(s) != VALID_OK);
		CHECK(valid_date(s, NULL) != VALID_OK);
		free(s);
	}
}

UNIT_TEST(valid_mask_idno_keeps_region_and_last_four)
{
	char out[19];

	valid_mask_idno("310113198805176844", out);
	CHECK_STR(out, "310113********6844");
	valid_mask_idno("31011319880517684X", out);
	CHECK_STR(out, "310113********684X");
	valid_mask_idno("3101", out);
	CHECK_STR(out, "******************");
	valid_mask_idno(NULL, out);
	CHECK_STR(out, "******************");
}
