/*
 * test_hours.c - opening hours against the real 2026 calendar
 * (hours.c).
 *
 * The dates used: Mon 2026-11-23 (a plain weekday), Fri 2026-11-20 and
 * Sat 2026-11-21 (a plain weekend), Thu 2026-10-01 (National Day, a
 * holiday on a weekday), Sat 2026-10-10 (an adjusted working day) and
 * Mon 2026-02-16 (Spring Festival).
 */
#include <stdlib.h>

#include "cal.h"
#include "hours.h"
#include "unit.h"

/* The instant of local time y-m-d hh:mm in Shanghai. */
static int64_t
at(int y, int m, int d, int hh, int mm)
{
	return cal_unix(cal_days_from_civil(y, m, d), hh * 60 + mm);
}

static struct cal *
real(struct unit *u)
{
	struct cal *c = NULL;
	char *err = NULL;

	CHECK_INT(cal_load(&c, "data/holidays.json", &err), 0);
	CHECK_STR(err, NULL);
	free(err);
	return c;
}

UNIT_TEST(hours_default_values)
{
	struct hours h;

	hours_default(&h);
	CHECK_INT(h.always, 0);
	CHECK_INT(h.weekday_open, 510);
	CHECK_INT(h.weekday_close, 990);
	CHECK_INT(h.weekend_open, 510);
	CHECK_INT(h.weekend_close, 690);
}

UNIT_TEST(hours_weekday_opens_at_0830)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 8, 29)), 0);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 8, 29) + 59), 0);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 8, 30)), 1);
	cal_free(c);
}

UNIT_TEST(hours_weekday_closes_at_1630)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 12, 0)), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 16, 29)), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 16, 29) + 59), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 16, 30)), 0);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 23, 0)), 0);
	cal_free(c);
}

UNIT_TEST(hours_saturday_morning_only)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 8, 29)), 0);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 11, 0)), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 11, 29)), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 11, 30)), 0);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 12, 0)), 0);
	cal_free(c);
}

UNIT_TEST(hours_holiday_on_weekday_uses_weekend_hours)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_is_open(c, &h, at(2026, 10, 1, 10, 0)), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 10, 1, 12, 0)), 0);
	CHECK_INT(hours_closes_at(c, &h, at(2026, 10, 1, 10, 0)),
	    at(2026, 10, 1, 11, 30));
	/* Without the calendar it would be a plain Thursday. */
	CHECK_INT(hours_is_open(NULL, &h, at(2026, 10, 1, 12, 0)), 1);
	cal_free(c);
}

UNIT_TEST(hours_adjusted_saturday_uses_weekday_hours)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_is_open(c, &h, at(2026, 10, 10, 15, 0)), 1);
	CHECK_INT(hours_closes_at(c, &h, at(2026, 10, 10, 15, 0)),
	    at(2026, 10, 10, 16, 30));
	CHECK_INT(hours_is_open(NULL, &h, at(2026, 10, 10, 15, 0)), 0);
	cal_free(c);
}

UNIT_TEST(hours_next_opening_friday_evening)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_next_opening(c, &h, at(2026, 11, 20, 17, 0)),
	    at(2026, 11, 21, 8, 30));
	cal_free(c);
}

UNIT_TEST(hours_next_opening_while_open)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_next_opening(c, &h, at(2026, 11, 23, 10, 0)),
	    at(2026, 11, 23, 8, 30));
	CHECK_INT(hours_next_opening(c, &h, at(2026, 11, 23, 8, 30)),
	    at(2026, 11, 23, 8, 30));
	cal_free(c);
}

UNIT_TEST(hours_next_opening_before_opening)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_next_opening(c, &h, at(2026, 11, 23, 7, 0)),
	    at(2026, 11, 23, 8, 30));
	CHECK_INT(hours_next_opening(c, &h, at(2026, 11, 23, 0, 0)),
	    at(2026, 11, 23, 8, 30));
	cal_free(c);
}

UNIT_TEST(hours_next_opening_after_saturday_noon)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_next_opening(c, &h, at(2026, 11, 21, 11, 30)),
	    at(2026, 11, 22, 8, 30));
	cal_free(c);
}

UNIT_TEST(hours_open_during_spring_festival)
{
	struct cal *c = real(u);
	struct hours h;

	/* Open 365 days: a holiday Monday keeps the morning. */
	hours_default(&h);
	CHECK_INT(hours_is_open(c, &h, at(2026, 2, 16, 9, 0)), 1);
	CHECK_INT(hours_next_opening(c, &h, at(2026, 2, 16, 12, 0)),
	    at(2026, 2, 17, 8, 30));
	cal_free(c);
}

UNIT_TEST(hours_closes_at_periods)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	CHECK_INT(hours_closes_at(c, &h, at(2026, 11, 23, 10, 0)),
	    at(2026, 11, 23, 16, 30));
	CHECK_INT(hours_closes_at(c, &h, at(2026, 11, 21, 10, 0)),
	    at(2026, 11, 21, 11, 30));
	CHECK_INT(hours_closes_at(c, &h, at(2026, 11, 23, 17, 0)), -1);
	CHECK_INT(hours_closes_at(c, &h, at(2026, 11, 23, 8, 0)), -1);
	cal_free(c);
}

UNIT_TEST(hours_always_open)
{
	struct cal *c = real(u);
	struct hours h = { 1, 0, 0, 0, 0 };
	int64_t t = at(2026, 11, 22, 3, 0);

	CHECK_INT(hours_is_open(c, &h, t), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 2, 17, 23, 59)), 1);
	CHECK_INT(hours_next_opening(c, &h, t), t);
	CHECK_INT(hours_closes_at(c, &h, t), HOURS_NEVER);
	cal_free(c);
}

UNIT_TEST(hours_extended_weekday_evening)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	h.weekday_close = 19 * 60;
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 18, 0)), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 23, 19, 0)), 0);
	CHECK_INT(hours_closes_at(c, &h, at(2026, 11, 23, 18, 0)),
	    at(2026, 11, 23, 19, 0));
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 14, 0)), 0);
	cal_free(c);
}

UNIT_TEST(hours_extended_weekend_afternoon)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	h.weekend_close = 16 * 60 + 30;
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 14, 0)), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 10, 1, 14, 0)), 1);
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 16, 30)), 0);
	cal_free(c);
}

UNIT_TEST(hours_closed_at_weekends)
{
	struct cal *c = real(u);
	struct hours h;

	hours_default(&h);
	h.weekend_open = h.weekend_close = 0;
	CHECK_INT(hours_is_open(c, &h, at(2026, 11, 21, 10, 0)), 0);
	CHECK_INT(hours_closes_at(c, &h, at(2026, 11, 21, 10, 0)), -1);
	CHECK_INT(hours_next_opening(c, &h, at(2026, 11, 20, 17, 0)),
	    at(2026, 11, 23, 8, 30));
	/* National Day week: the next working day is Thu 10-08. */
	CHECK_INT(hours_next_opening(c, &h, at(2026, 9, 30, 17, 0)),
	    at(2026, 10, 8, 8, 30));
	cal_free(c);
}

UNIT_TEST(hours_never_open)
{
	struct hours h = { 0, 600, 600, 0, 0 };

	CHECK_INT(hours_is_open(NULL, &h, at(2026, 11, 23, 10, 0)), 0);
	CHECK_INT(hours_next_opening(NULL, &h, at(2026, 11, 23, 10, 0)), -1);
	CHECK_INT(hours_closes_at(NULL, &h, at(2026, 11, 23, 10, 0)), -1);
}

UNIT_TEST(hours_open_until_midnight)
{
	struct hours h = { 0, 510, 1440, 510, 1440 };

	CHECK_INT(hours_is_open(NULL, &h, at(2026, 11, 23, 23, 59)), 1);
	CHECK_INT(hours_closes_at(NULL, &h, at(2026, 11, 23, 23, 59)),
	    at(2026, 11, 24, 0, 0));
	CHECK_INT(hours_next_opening(NULL, &h, at(2026, 11, 24, 0, 0)),
	    at(2026, 11, 24, 8, 30));
}
