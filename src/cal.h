/*
 * cal.h - civil dates, the holiday calendar, working-day arithmetic and
 * Asia/Shanghai time.
 *
 * A day is a civil date counted from 1970-01-01 = day 0 (negative
 * before).  Every deadline in tongban ("promised in 5 working days"),
 * every opening-hours check and every appointment slot goes through
 * this module, so the rest of the code never does date arithmetic of
 * its own.
 *
 * Asia/Shanghai has been UTC+08:00 without daylight saving since 1991;
 * local time is therefore unix time + 8 h, and no TZ database is read.
 *
 * The holiday calendar (data/holidays.json) is loaded once at start-up
 * into a struct cal, which is immutable afterwards and may be read by
 * any number of threads without locking.  A NULL struct cal * is
 * accepted wherever one is read and means "no data": Monday to Friday
 * are working days, every year.
 *
 * Domain: the date functions are exact for any day in years 0000-9999;
 * cal_local() and cal_format_rfc3339() clamp instants to that range so
 * that untrusted input cannot overflow them.
 */
#ifndef TONGBAN_CAL_H
#define TONGBAN_CAL_H

#include <stdint.h>

/*
 * Error codes.  CAL_EDATE and CAL_EFORMAT have the values of
 * VALID_EDATE and VALID_EFORMAT (valid.h checks it), so valid_strerror()
 * describes them too.
 */
enum {
	CAL_OK = 0,
	CAL_EDATE = -5,		/* well-formed, but no such date or time */
	CAL_EFORMAT = -6,	/* not the expected syntax */
	CAL_EFILE = -10,	/* holidays file unreadable or not JSON */
	CAL_EDATA = -11,	/* holidays file is JSON but wrong */
	CAL_ENOMEM = -12	/* out of memory */
};

/* Civil date <-> day number (Howard Hinnant's algorithms). */
int cal_days_from_civil(int y, int m, int d);
void cal_civil_from_days(int days, int *y, int *m, int *d);

/* 28..31 for a month 1..12 of year y (proleptic Gregorian); 0 otherwise. */
int cal_days_in_month(int y, int m);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int cal_weekday(int days);

/*
 * Strict "YYYY-MM-DD", year 0000-9999, a real date.  Returns 0 and sets
 * *days, CAL_EFORMAT for bad syntax (anything but exactly ten
 * characters of that shape), CAL_EDATE for a date that does not exist.
 * valid_date() wraps this with the range tongban accepts from users.
 */
int cal_parse_date(const char *s, int *days);

enum cal_kind {
	CAL_WORKDAY,		/* Monday-Friday, not a holiday */
	CAL_WEEKEND,		/* Saturday or Sunday, not a holiday */
	CAL_HOLIDAY,		/* public holiday, whatever the weekday */
	CAL_ADJUSTED_WORKDAY	/* 调休: a weekend day worked */
};

struct cal;

/*
 * Load the holiday calendar from a holidays.json file (data/README.md).
 * Returns 0 and sets *out, which the caller frees with cal_free().
 * On failure returns CAL_EFILE, CAL_EDATA or CAL_ENOMEM, leaves *out
 * NULL and, when err is not NULL, sets *err to a malloc'd message the
 * caller frees, naming the file, the year and the faulty value:
 *   data/holidays.json: 2026: bad date "2026-02-30"
 * (*err is NULL when even the message could not be allocated.)
 * The loader refuses: a year key that is not 1900-2199, a date outside
 * its year, a date listed twice, a date both holiday and workday, an
 * adjusted workday that is not a Saturday or Sunday, a year with no
 * holidays, a missing or empty name, and any field it does not know.
 */
int cal_load(struct cal **out, const char *path, char **err);

/* A calendar without data (plain Monday-Friday); NULL when out of memory. */
struct cal *cal_new_empty(void);

/* Free c and everything it owns; NULL is a no-op. */
void cal_free(struct cal *c);

/* 1 when the loaded file covers that year, 0 otherwise. */
int cal_has_year(const struct cal *c, int year);

/* What kind of day it is; O(log n) in the number of listed dates. */
enum cal_kind cal_kind(const struct cal *c, int day);

/* 1 for CAL_WORKDAY and CAL_ADJUSTED_WORKDAY, 0 otherwise. */
int cal_is_working_day(const struct cal *c, int day);

/* Name of the holiday (zh != 0: Chinese) owned by c; NULL unless a holiday. */
const char *cal_holiday_name(const struct cal *c, int day, int zh);

/* The largest |n| cal_add_working_days() accepts (about 100 years). */
#define CAL_MAX_WORKING_DAYS 25000

/*
 * The n-th working day after day, day itself not counted: n == 1 is the
 * first working day after day.  n == 0 returns day (even a holiday).
 * n < 0 counts backwards the same way: -1 is the last working day
 * before day.  |n| is clamped to CAL_MAX_WORKING_DAYS.
 */
int cal_add_working_days(const struct cal *c, int day, int n);

/*
 * The number of working days d with from < d <= to; when to < from,
 * minus the number with to < d <= from.  So for n > 0,
 * cal_working_days_between(c, day, cal_add_working_days(c, day, n)) == n.
 */
int cal_working_days_between(const struct cal *c, int from, int to);

/* Asia/Shanghai local day and minute of the day (0..1439) of an instant. */
void cal_local(int64_t unix_secs, int *day, int *minute);

/* The instant of local day and minute (minute may be 0..1440 or beyond). */
int64_t cal_unix(int day, int minute);

/* Length of an RFC 3339 timestamp as cal_format_rfc3339() writes it. */
#define CAL_RFC3339_LEN 25

/* "2026-11-22T08:30:00+08:00", always in +08:00, NUL-terminated. */
void cal_format_rfc3339(int64_t unix_secs, char out[CAL_RFC3339_LEN + 1]);

/*
 * Strict RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS, an optional .fraction
 * (one or more digits, ignored), then Z or +hh:mm / -hh:mm; 't' and 'z'
 * may be lowercase.  Seconds 00-59 (a leap second, :60, is refused: unix
 * time cannot name it).  Returns 0 and sets *unix_secs, CAL_EFORMAT or
 * CAL_EDATE.
 */
int cal_parse_rfc3339(const char *s, int64_t *unix_secs);

/* "YYYY-MM-DD" of a day (years clamped to 0000-9999). */
#define CAL_DATE_LEN 10
void cal_format_day(int day, char out[CAL_DATE_LEN + 1]);

/*
 * "HH:MM", 00:00-23:59, or "24:00" for the end of the day (a closing
 * time).  Returns 0 and sets *minute (0..1440), or CAL_EFORMAT.
 */
int cal_parse_hhmm(const char *s, int *minute);

#endif
