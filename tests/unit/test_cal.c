/*
 * test_cal.c - civil dates, the holiday file and its loader, working-day
 * arithmetic and Asia/Shanghai time (cal.c).
 *
 * Tests run from the repository root, so the real data/holidays.json is
 * loaded and checked against counts worked out by hand from the State
 * Council notices.  Loader errors use small files written to /tmp, one
 * test per rule, each checking the code and the message.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "unit.h"

#define HOLIDAYS "data/holidays.json"

static int
ymd(int y, int m, int d)
{
	return cal_days_from_civil(y, m, d);
}

static struct cal *
real(struct unit *u)
{
	struct cal *c = NULL;
	char *err = NULL;
	int rc = cal_load(&c, HOLIDAYS, &err);

	CHECK_INT(rc, 0);
	CHECK_STR(err, NULL);
	free(err);
	return c;
}

/* ---- civil dates ----------------------------------------------------- */

UNIT_TEST(cal_civil_known_days)
{
	CHECK_INT(ymd(1970, 1, 1), 0);
	CHECK_INT(ymd(1969, 12, 31), -1);
	CHECK_INT(ymd(1900, 1, 1), -25567);
	CHECK_INT(ymd(2000, 3, 1), 11017);
	CHECK_INT(ymd(2026, 1, 1), 20454);
}

UNIT_TEST(cal_civil_round_trip_1900_2199)
{
	int day, y, m, d, py = 1899, pm = 12, pd = 31, bad = 0;

	for (day = ymd(1900, 1, 1); day <= ymd(2199, 12, 31); day++) {
		cal_civil_from_days(day, &y, &m, &d);
		if (cal_days_from_civil(y, m, d) != day)
			bad++;
		/* Each day follows the previous one in the calendar. */
		if (!((y == py && m == pm && d == pd + 1) ||
		    (y == py && m == pm + 1 && d == 1 &&
		    pd == cal_days_in_month(py, pm)) ||
		    (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31)))
			bad++;
		py = y;
		pm = m;
		pd = d;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(y, 2199);
	CHECK_INT(m, 12);
	CHECK_INT(d, 31);
}

UNIT_TEST(cal_days_in_month_rules)
{
	CHECK_INT(cal_days_in_month(2026, 1), 31);
	CHECK_INT(cal_days_in_month(2026, 2), 28);
	CHECK_INT(cal_days_in_month(2024, 2), 29);
	CHECK_INT(cal_days_in_month(2000, 2), 29);
	CHECK_INT(cal_days_in_month(1900, 2), 28);
	CHECK_INT(cal_days_in_month(2026, 4), 30);
	CHECK_INT(cal_days_in_month(2026, 0), 0);
	CHECK_INT(cal_days_in_month(2026, 13), 0);
}

UNIT_TEST(cal_weekday_known)
{
	CHECK_INT(cal_weekday(0), 4);			/* Thursday */
	CHECK_INT(cal_weekday(ymd(1969, 12, 29)), 1);	/* Monday */
	CHECK_INT(cal_weekday(ymd(1900, 1, 1)), 1);	/* Monday */
	CHECK_INT(cal_weekday(ymd(2000, 1, 1)), 6);	/* Saturday */
	CHECK_INT(cal_weekday(ymd(2026, 11, 22)), 7);	/* Sunday */
	CHECK_INT(cal_weekday(ymd(2026, 2, 17)), 2);	/* Tuesday */
}

UNIT_TEST(cal_parse_date_strict)
{
	int d = 0;

	CHECK_INT(cal_parse_date("2026-02-17", &d), 0);
	CHECK_INT(d, ymd(2026, 2, 17));
	CHECK_INT(cal_parse_date("2026-02-30", &d), CAL_EDATE);
	CHECK_INT(cal_parse_date("2026-2-17", &d), CAL_EFORMAT);
	CHECK_INT(cal_parse_date("2026-02-17x", &d), CAL_EFORMAT);
	CHECK_INT(cal_parse_date("", &d), CAL_EFORMAT);
}

/* ---- the real holidays.json ----------------------------------------- */

UNIT_TEST(cal_load_real_file)
{
	struct cal *c = real(u);

	if (!CHECK(c != NULL))
		return;
	CHECK_INT(cal_has_year(c, 2025), 1);
	CHECK_INT(cal_has_year(c, 2026), 1);
	CHECK_INT(cal_has_year(c, 2024), 0);
	CHECK_INT(cal_has_year(c, 2027), 0);
	CHECK_INT(cal_kind(c, ymd(2026, 2, 12)), CAL_WORKDAY);
	CHECK_INT(cal_kind(c, ymd(2026, 2, 7)), CAL_WEEKEND);
	CHECK_INT(cal_kind(c, ymd(2026, 2, 14)), CAL_ADJUSTED_WORKDAY);
	CHECK_INT(cal_kind(c, ymd(2026, 2, 17)), CAL_HOLIDAY);
	CHECK_INT(cal_kind(c, ymd(2026, 1, 3)), CAL_HOLIDAY); /* a Saturday */
	CHECK_INT(cal_kind(c, ymd(2026, 1, 4)), CAL_ADJUSTED_WORKDAY);
	CHECK_INT(cal_kind(c, ymd(2025, 10, 8)), CAL_HOLIDAY);
	CHECK_INT(cal_kind(c, ymd(2025, 10, 11)), CAL_ADJUSTED_WORKDAY);
	CHECK_INT(cal_is_working_day(c, ymd(2026, 2, 14)), 1);
	CHECK_INT(cal_is_working_day(c, ymd(2026, 2, 17)), 0);
	CHECK_INT(cal_is_working_day(c, ymd(2026, 2, 7)), 0);
	CHECK_STR(cal_holiday_name(c, ymd(2026, 2, 17), 1), "春节");
	CHECK_STR(cal_holiday_name(c, ymd(2026, 2, 17), 0), "Spring Festival");
	CHECK_STR(cal_holiday_name(c, ymd(2026, 10, 1), 0), "National Day");
	CHECK_STR(cal_holiday_name(c, ymd(2026, 2, 14), 1), NULL);
	CHECK_STR(cal_holiday_name(c, ymd(2026, 2, 12), 0), NULL);
	cal_free(c);
}

UNIT_TEST(cal_working_days_per_year)
{
	struct cal *c = real(u);

	/* 261 weekdays - 18 weekday holidays + 5 adjusted = 248 (2025);
	 * 261 - 19 + 6 = 248 (2026). */
	CHECK_INT(cal_working_days_between(c, ymd(2024, 12, 31),
	    ymd(2025, 12, 31)), 248);
	CHECK_INT(cal_working_days_between(c, ymd(2025, 12, 31),
	    ymd(2026, 12, 31)), 248);
	cal_free(c);
}

UNIT_TEST(cal_year_not_in_file_is_mon_fri)
{
	struct cal *c = real(u);

	/* 2027-01-01 is a Friday; the file does not cover 2027. */
	CHECK_INT(cal_kind(c, ymd(2027, 1, 1)), CAL_WORKDAY);
	CHECK_INT(cal_kind(c, ymd(2027, 1, 2)), CAL_WEEKEND);
	CHECK_INT(cal_working_days_between(c, ymd(2027, 1, 3),
	    ymd(2027, 1, 10)), 5);
	cal_free(c);
}

UNIT_TEST(cal_empty_calendar)
{
	struct cal *c = cal_new_empty();

	if (!CHECK(c != NULL))
		return;
	CHECK_INT(cal_has_year(c, 2026), 0);
	CHECK_INT(cal_kind(c, ymd(2026, 10, 1)), CAL_WORKDAY);
	CHECK_INT(cal_kind(c, ymd(2026, 2, 14)), CAL_WEEKEND);
	CHECK_STR(cal_holiday_name(c, ymd(2026, 10, 1), 1), NULL);
	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 12), 5),
	    ymd(2026, 2, 19));
	cal_free(c);
	/* NULL reads as the same empty calendar. */
	CHECK_INT(cal_kind(NULL, ymd(2026, 10, 1)), CAL_WORKDAY);
	CHECK_INT(cal_has_year(NULL, 2026), 0);
	cal_free(NULL);
}

/* ---- working-day arithmetic ----------------------------------------- */

UNIT_TEST(cal_add_across_spring_festival)
{
	struct cal *c = real(u);

	/* Thu 02-12 -> Fri 13 (1), Sat 14 worked (2), 15-23 holiday,
	 * Tue 24 (3), Wed 25 (4), Thu 26 (5). */
	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 12), 5),
	    ymd(2026, 2, 26));
	cal_free(c);
}

UNIT_TEST(cal_add_across_national_day)
{
	struct cal *c = real(u);

	/* Wed 09-30 -> 10-01..07 holiday, Thu 8 (1), Fri 9 (2),
	 * Sat 10 worked (3). */
	CHECK_INT(cal_add_working_days(c, ymd(2026, 9, 30), 3),
	    ymd(2026, 10, 10));
	/* Fri 09-18 -> Sun 20 worked (1), 21-24 (2-5), 25-27 Mid-Autumn,
	 * 28-30 (6-8), 10-01..07, Thu 8 (9), Fri 9 (10). */
	CHECK_INT(cal_add_working_days(c, ymd(2026, 9, 18), 10),
	    ymd(2026, 10, 9));
	cal_free(c);
}

UNIT_TEST(cal_add_counts_adjusted_workday)
{
	struct cal *c = real(u);

	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 13), 1),
	    ymd(2026, 2, 14));
	CHECK_INT(cal_add_working_days(c, ymd(2026, 1, 2), 1),
	    ymd(2026, 1, 4));
	cal_free(c);
}

UNIT_TEST(cal_add_does_not_count_day)
{
	struct cal *c = real(u);

	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 24), 1),
	    ymd(2026, 2, 25));
	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 16), 1),
	    ymd(2026, 2, 24));
	cal_free(c);
}

UNIT_TEST(cal_add_zero)
{
	struct cal *c = real(u);

	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 16), 0),
	    ymd(2026, 2, 16));
	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 12), 0),
	    ymd(2026, 2, 12));
	cal_free(c);
}

UNIT_TEST(cal_add_negative)
{
	struct cal *c = real(u);

	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 26), -5),
	    ymd(2026, 2, 12));
	CHECK_INT(cal_add_working_days(c, ymd(2026, 10, 8), -1),
	    ymd(2026, 9, 30));
	CHECK_INT(cal_add_working_days(c, ymd(2026, 2, 24), -1),
	    ymd(2026, 2, 14));
	cal_free(c);
}

UNIT_TEST(cal_add_clamped)
{
	int d = ymd(2026, 1, 1);

	CHECK_INT(cal_add_working_days(NULL, d, INT_MAX),
	    cal_add_working_days(NULL, d, CAL_MAX_WORKING_DAYS));
	CHECK_INT(cal_add_working_days(NULL, d, INT_MIN),
	    cal_add_working_days(NULL, d, -CAL_MAX_WORKING_DAYS));
}

UNIT_TEST(cal_between)
{
	struct cal *c = real(u);
	int n;

	CHECK_INT(cal_working_days_between(c, ymd(2026, 2, 12),
	    ymd(2026, 2, 26)), 5);
	CHECK_INT(cal_working_days_between(c, ymd(2026, 2, 26),
	    ymd(2026, 2, 12)), -5);
	CHECK_INT(cal_working_days_between(c, ymd(2026, 2, 12),
	    ymd(2026, 2, 12)), 0);
	CHECK_INT(cal_working_days_between(c, ymd(2026, 2, 14),
	    ymd(2026, 2, 23)), 0);
	CHECK_INT(cal_working_days_between(c, ymd(2026, 2, 13),
	    ymd(2026, 2, 14)), 1);
	for (n = 1; n <= 30; n++)
		CHECK_INT(cal_working_days_between(c, ymd(2026, 9, 18),
		    cal_add_working_days(c, ymd(2026, 9, 18), n)), n);
	cal_free(c);
}

/* ---- loader errors --------------------------------------------------- */

/*
 * Write json to a fresh file in /tmp, load it and check the code and
 * that the message is "<path>: " followed by want (when exact) or
 * starts so (otherwise: the rest is jansson's wording).
 */
static void
load_fails_as(struct unit *u, const char *json, int want_rc,
    const char *want, int exact)
{
	char path[] = "/tmp/tongban-cal-XXXXXX";
	char expect[256];
	struct cal *c = (struct cal *)1;
	char *err = NULL;
	size_t n = strlen(json);
	int fd = mkstemp(path);

	if (!CHECK(fd >= 0))
		return;
	CHECK(write(fd, json, n) == (ssize_t)n);
	close(fd);
	CHECK_INT(cal_load(&c, path, &err), want_rc);
	CHECK(c == NULL);
	snprintf(expect, sizeof(expect), "%s: %s", path, want);
	if (exact)
		CHECK_STR(err, expect);
	else if (!CHECK(err != NULL &&
	    strncmp(err, expect, strlen(expect)) == 0))
		printf("#   message \"%s\"\n", err ? err : "(null)");
	free(err);
	/* The same with no message wanted. */
	CHECK_INT(cal_load(&c, path, NULL), want_rc);
	unlink(path);
}

static void
load_fails(struct unit *u, const char *json, int want_rc, const char *want)
{
	load_fails_as(u, json, want_rc, want, 1);
}

#define YEAR_OK "\"holidays\": [{\"date\": \"2026-01-01\", " \
	"\"name_zh\": \"元旦\", \"name_en\": \"New Year's Day\"}]"

UNIT_TEST(cal_load_missing_file)
{
	struct cal *c = NULL;
	char *err = NULL;

	CHECK_INT(cal_load(&c, "/nonexistent/holidays.json", &err),
	    CAL_EFILE);
	CHECK(c == NULL);
	CHECK(err != NULL &&
	    strncmp(err, "/nonexistent/holidays.json: ", 28) == 0);
	free(err);
}

UNIT_TEST(cal_load_not_json)
{
	load_fails_as(u, "{\"2026\": ", CAL_EFILE, "line 1: ", 0);
}

UNIT_TEST(cal_load_duplicate_year)
{
	load_fails_as(u, "{\"2026\": {" YEAR_OK ", \"workdays\": []},\n"
	    "\"2026\": {" YEAR_OK ", \"workdays\": []}}", CAL_EFILE,
	    "line 2: duplicate", 0);
}

UNIT_TEST(cal_load_root_not_object)
{
	load_fails(u, "[]", CAL_EDATA, "not an object");
}

UNIT_TEST(cal_load_bad_year)
{
	load_fails(u, "{\"20x6\": {}}", CAL_EDATA, "bad year \"20x6\"");
	load_fails(u, "{\"1899\": {}}", CAL_EDATA, "bad year \"1899\"");
	load_fails(u, "{\"02026\": {}}", CAL_EDATA, "bad year \"02026\"");
}

UNIT_TEST(cal_load_year_not_object)
{
	load_fails(u, "{\"2026\": []}", CAL_EDATA, "2026: not an object");
}

UNIT_TEST(cal_load_unknown_year_field)
{
	load_fails(u, "{\"2026\": {" YEAR_OK ", \"workday\": []}}",
	    CAL_EDATA, "2026: unknown field \"workday\"");
}

UNIT_TEST(cal_load_holidays_not_array)
{
	load_fails(u, "{\"2026\": {\"holidays\": {}, \"workdays\": []}}",
	    CAL_EDATA, "2026: holidays is not an array");
}

UNIT_TEST(cal_load_no_holidays)
{
	load_fails(u, "{\"2026\": {\"holidays\": [], \"workdays\": []}}",
	    CAL_EDATA, "2026: no holidays");
}

UNIT_TEST(cal_load_workdays_missing)
{
	load_fails(u, "{\"2026\": {" YEAR_OK "}}", CAL_EDATA,
	    "2026: workdays is not an array");
}

UNIT_TEST(cal_load_holiday_not_object)
{
	load_fails(u, "{\"2026\": {\"holidays\": [\"2026-01-01\"], "
	    "\"workdays\": []}}", CAL_EDATA, "2026: holiday is not an object");
}

UNIT_TEST(cal_load_unknown_holiday_field)
{
	load_fails(u, "{\"2026\": {\"holidays\": [{\"date\": \"2026-01-01\", "
	    "\"name_zh\": \"元旦\", \"name_en\": \"New Year's Day\", "
	    "\"name_fr\": \"x\"}], \"workdays\": []}}", CAL_EDATA,
	    "2026: unknown field \"name_fr\"");
}

UNIT_TEST(cal_load_bad_date)
{
	load_fails(u, "{\"2026\": {\"holidays\": [{\"date\": \"2026-02-30\", "
	    "\"name_zh\": \"x\", \"name_en\": \"x\"}], \"workdays\": []}}",
	    CAL_EDATA, "2026: bad date \"2026-02-30\"");
	load_fails(u, "{\"2026\": {" YEAR_OK ", \"workdays\": [\"2026-1-4\"]}}",
	    CAL_EDATA, "2026: bad date \"2026-1-4\"");
}

UNIT_TEST(cal_load_date_not_string)
{
	load_fails(u, "{\"2026\": {" YEAR_OK ", \"workdays\": [20260104]}}",
	    CAL_EDATA, "2026: date is not a string");
}

UNIT_TEST(cal_load_date_outside_year)
{
	load_fails(u, "{\"2026\": {" YEAR_OK ", \"workdays\": [\"2025-12-28\"]}}",
	    CAL_EDATA, "2026: date \"2025-12-28\" is not in 2026");
}

UNIT_TEST(cal_load_missing_name)
{
	load_fails(u, "{\"2026\": {\"holidays\": [{\"date\": \"2026-01-01\", "
	    "\"name_zh\": \"元旦\"}], \"workdays\": []}}", CAL_EDATA,
	    "2026: 2026-01-01: missing name_en");
	load_fails(u, "{\"2026\": {\"holidays\": [{\"date\": \"2026-01-01\", "
	    "\"name_zh\": \"\", \"name_en\": \"x\"}], \"workdays\": []}}",
	    CAL_EDATA, "2026: 2026-01-01: missing name_zh");
}

UNIT_TEST(cal_load_duplicate_date)
{
	load_fails(u, "{\"2026\": {\"holidays\": [{\"date\": \"2026-01-01\", "
	    "\"name_zh\": \"x\", \"name_en\": \"x\"}, {\"date\": \"2026-01-01\", "
	    "\"name_zh\": \"x\", \"name_en\": \"x\"}], \"workdays\": []}}",
	    CAL_EDATA, "2026: duplicate date \"2026-01-01\"");
	load_fails(u, "{\"2026\": {" YEAR_OK ", \"workdays\": [\"2026-01-04\", "
	    "\"2026-01-04\"]}}", CAL_EDATA,
	    "2026: duplicate date \"2026-01-04\"");
}

UNIT_TEST(cal_load_holiday_and_workday)
{
	load_fails(u, "{\"2026\": {\"holidays\": [{\"date\": \"2026-01-03\", "
	    "\"name_zh\": \"x\", \"name_en\": \"x\"}], "
	    "\"workdays\": [\"2026-01-03\"]}}", CAL_EDATA,
	    "2026: \"2026-01-03\" is both a holiday and a workday");
}

UNIT_TEST(cal_load_workday_not_weekend)
{
	load_fails(u, "{\"2026\": {" YEAR_OK ", \"workdays\": [\"2026-01-05\"]}}",
	    CAL_EDATA, "2026: workday \"2026-01-05\" is not a Saturday or "
	    "Sunday");
}

UNIT_TEST(cal_load_long_value_cut)
{
	load_fails(u, "{\"2026\": {" YEAR_OK ", \"workdays\": [], \""
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "\": 1}}", CAL_EDATA, "2026: unknown field "
	    "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"");
}

/* ---- Asia/Shanghai time ---------------------------------------------- */

UNIT_TEST(cal_local_and_unix)
{
	int day, minute;

	/* 2026-01-01T00:00:00+08:00 is 1767196800. */
	CHECK_INT(cal_unix(ymd(2026, 1, 1), 0), 1767196800);
	cal_local(1767196800, &day, &minute);
	CHECK_INT(day, ymd(2026, 1, 1));
	CHECK_INT(minute, 0);
	cal_local(1767196799, &day, &minute);
	CHECK_INT(day, ymd(2025, 12, 31));
	CHECK_INT(minute, 1439);
	cal_local(-28801, &day, &minute);	/* 1969-12-31T23:59:59+08 */
	CHECK_INT(day, -1);
	CHECK_INT(minute, 1439);
	cal_local(cal_unix(ymd(2026, 11, 22), 510) + 59, &day, &minute);
	CHECK_INT(day, ymd(2026, 11, 22));
	CHECK_INT(minute, 510);
}

UNIT_TEST(cal_format_rfc3339_offsets)
{
	char buf[CAL_RFC3339_LEN + 1];

	cal_format_rfc3339(1767196800, buf);
	CHECK_STR(buf, "2026-01-01T00:00:00+08:00");
	cal_format_rfc3339(0, buf);
	CHECK_STR(buf, "1970-01-01T08:00:00+08:00");
	cal_format_rfc3339(-1, buf);
	CHECK_STR(buf, "1970-01-01T07:59:59+08:00");
	cal_format_rfc3339(cal_unix(ymd(2026, 11, 22), 510), buf);
	CHECK_STR(buf, "2026-11-22T08:30:00+08:00");
	cal_format_rfc3339(INT64_MAX, buf);
	CHECK_STR(buf, "9999-12-31T23:59:59+08:00");
	cal_format_rfc3339(INT64_MIN, buf);
	CHECK_STR(buf, "0000-01-01T00:00:00+08:00");
}

UNIT_TEST(cal_parse_rfc3339_good)
{
	int64_t t = 0;

	CHECK_INT(cal_parse_rfc3339("2026-01-01T00:00:00+08:00", &t), 0);
	CHECK_INT(t, 1767196800);
	CHECK_INT(cal_parse_rfc3339("2025-12-31T16:00:00Z", &t), 0);
	CHECK_INT(t, 1767196800);
	CHECK_INT(cal_parse_rfc3339("2025-12-31t16:00:00z", &t), 0);
	CHECK_INT(t, 1767196800);
	CHECK_INT(cal_parse_rfc3339("2025-12-31T11:00:00-05:00", &t), 0);
	CHECK_INT(t, 1767196800);
	CHECK_INT(cal_parse_rfc3339("2025-12-31T21:30:00+05:30", &t), 0);
	CHECK_INT(t, 1767196800);
	CHECK_INT(cal_parse_rfc3339("2025-12-31T16:00:00.999999Z", &t), 0);
	CHECK_INT(t, 1767196800);
	CHECK_INT(cal_parse_rfc3339("1969-12-31T23:59:59Z", &t), 0);
	CHECK_INT(t, -1);
}

UNIT_TEST(cal_rfc3339_round_trip)
{
	char buf[CAL_RFC3339_LEN + 1];
	int64_t t, back;
	int bad = 0;

	for (t = -2208988800LL; t < 7258118400LL; t += 86400 * 97 + 3607) {
		cal_format_rfc3339(t, buf);
		if (cal_parse_rfc3339(buf, &back) != 0 || back != t)
			bad++;
	}
	CHECK_INT(bad, 0);
}

UNIT_TEST(cal_parse_rfc3339_bad_format)
{
	static const char *const bad[] = {
		"", "2026", "2026-01-01", "2026-01-01T00:00:00",
		"2026-01-01 00:00:00Z", "2026-01-01T00:00Z",
		"2026-01-01T0:00:00Z", "2026-01-01T00:00:00+8:00",
		"2026-01-01T00:00:00+0800", "2026-01-01T00:00:00+08",
		"2026-01-01T00:00:00+08:00x", "2026-01-01T00:00:00Zx",
		"2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.", "2026-1-01T00:00:00Z",
		"2026/01/01T00:00:00Z", "2026-01-01T00:00:00 Z",
		"2026-01-01T00:00:00UTC", "2026-01-01T00:00:00-0a:00",
	};
	size_t i;
	int64_t t = 42;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!CHECK_INT(cal_parse_rfc3339(bad[i], &t), CAL_EFORMAT))
			printf("#   input \"%s\"\n", bad[i]);
	CHECK_INT(t, 42);
}

UNIT_TEST(cal_parse_rfc3339_no_such_time)
{
	static const char *const bad[] = {
		"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
		"2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z",
		"2026-01-01T23:59:60Z", "2026-01-01T00:00:00+24:00",
		"2026-01-01T00:00:00+08:60",
	};
	size_t i;
	int64_t t = 42;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!CHECK_INT(cal_parse_rfc3339(bad[i], &t), CAL_EDATE))
			printf("#   input \"%s\"\n", bad[i]);
	CHECK_INT(t, 42);
}

UNIT_TEST(cal_parse_hhmm_good)
{
	int m = -1;

	CHECK_INT(cal_parse_hhmm("08:30", &m), 0);
	CHECK_INT(m, 510);
	CHECK_INT(cal_parse_hhmm("00:00", &m), 0);
	CHECK_INT(m, 0);
	CHECK_INT(cal_parse_hhmm("23:59", &m), 0);
	CHECK_INT(m, 1439);
	CHECK_INT(cal_parse_hhmm("24:00", &m), 0);
	CHECK_INT(m, 1440);
}

UNIT_TEST(cal_parse_hhmm_bad)
{
	static const char *const bad[] = { "", "8:30", "08:3", "0830",
	    "08-30", "08:30 ", " 08:30", "24:01", "25:00", "08:60", "ab:cd" };
	size_t i;
	int m = 42;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!CHECK_INT(cal_parse_hhmm(bad[i], &m), CAL_EFORMAT))
			printf("#   input \"%s\"\n", bad[i]);
	CHECK_INT(m, 42);
}
