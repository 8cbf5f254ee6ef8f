/*
 * cal.c - civil dates, the holiday calendar, working-day arithmetic and
 * Asia/Shanghai time (API and rules in cal.h).
 *
 * Layout of a loaded calendar: every date the file lists (holidays and
 * adjusted workdays alike) is one struct cal_entry in one array sorted
 * by day with no day twice, so cal_kind() is a binary search and every
 * day not listed falls back to its weekday.  The years the file covers
 * are kept sorted beside it for cal_has_year().  Nothing changes after
 * cal_load() returns, which is what makes the calendar safe to share
 * between threads.
 *
 * The file is parsed with jansson; every check that can fail produces a
 * message naming the file, the year and the value, because the person
 * who reads it is whoever edited data/holidays.json.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cal.h"

/* Shanghai's offset from UTC, in seconds (no DST since 1991). */
#define CAL_UTC_OFFSET (8 * 3600)

/* Instants cal_local() and cal_format_rfc3339() accept: years 0000-9999. */
#define CAL_MIN_UNIX (-62167219200LL - CAL_UTC_OFFSET)	/* 0000-01-01 local */
#define CAL_MAX_UNIX (253402300799LL - CAL_UTC_OFFSET)	/* 9999-12-31 local */

/* Longest value echoed back in a loader message; the rest is cut. */
#define CAL_ECHO_MAX 40

struct cal_entry {
	int day;		/* the date; unique and ascending in cal.days */
	enum cal_kind kind;	/* CAL_HOLIDAY or CAL_ADJUSTED_WORKDAY only */
	char *name_zh;		/* owned; non-empty for a holiday, else NULL */
	char *name_en;		/* owned; non-empty for a holiday, else NULL */
};

struct cal {
	struct cal_entry *days;	/* sorted by day, no duplicates */
	size_t ndays;
	int *years;		/* years the file covers, ascending */
	size_t nyears;
};

/* ---- civil dates ---------------------------------------------------- */

int
cal_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
cal_civil_from_days(int days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
cal_days_in_month(int y, int m)
{
	static const unsigned char len[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return len[m - 1] + (m == 2 && leap);
}

int
cal_weekday(int days)
{
	/* Day 0, 1970-01-01, was a Thursday (ISO 4). */
	int r = days % 7;

	if (r < 0)
		r += 7;
	return (r + 3) % 7 + 1;
}

/* Value of n ASCII digits at s, or -1 when one of them is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

/*
 * "YYYY-MM-DD" at the start of s, which the caller has checked holds at
 * least ten characters before its terminator.
 */
static int
parse_date_prefix(const char *s, int *days)
{
	int y, m, d;

	if (s[4] != '-' || s[7] != '-')
		return CAL_EFORMAT;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return CAL_EFORMAT;
	if (d < 1 || d > cal_days_in_month(y, m))
		return CAL_EDATE;
	*days = cal_days_from_civil(y, m, d);
	return 0;
}

int
cal_parse_date(const char *s, int *days)
{
	size_t i;

	/* Check the length first so no read goes past the terminator. */
	for (i = 0; i < 10; i++)
		if (s[i] == '\0')
			return CAL_EFORMAT;
	if (s[10] != '\0')
		return CAL_EFORMAT;
	return parse_date_prefix(s, days);
}

/* ---- the calendar --------------------------------------------------- */

static const struct cal_entry *
find(const struct cal *c, int day)
{
	size_t lo = 0, hi;

	if (c == NULL)
		return NULL;
	hi = c->ndays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->days[mid].day < day)
			lo = mid + 1;
		else if (c->days[mid].day > day)
			hi = mid;
		else
			return &c->days[mid];
	}
	return NULL;
}

int
cal_has_year(const struct cal *c, int year)
{
	size_t i;

	if (c == NULL)
		return 0;
	for (i = 0; i < c->nyears; i++)	/* a handful of years */
		if (c->years[i] == year)
			return 1;
	return 0;
}

enum cal_kind
cal_kind(const struct cal *c, int day)
{
	const struct cal_entry *e = find(c, day);

	if (e != NULL)
		return e->kind;
	return cal_weekday(day) >= 6 ? CAL_WEEKEND : CAL_WORKDAY;
}

int
cal_is_working_day(const struct cal *c, int day)
{
	enum cal_kind k = cal_kind(c, day);

	return k == CAL_WORKDAY || k == CAL_ADJUSTED_WORKDAY;
}

const char *
cal_holiday_name(const struct cal *c, int day, int zh)
{
	const struct cal_entry *e = find(c, day);

	if (e == NULL || e->kind != CAL_HOLIDAY)
		return NULL;
	return zh ? e->name_zh : e->name_en;
}

int
cal_add_working_days(const struct cal *c, int day, int n)
{
	int step = n < 0 ? -1 : 1;

	if (n > CAL_MAX_WORKING_DAYS)
		n = CAL_MAX_WORKING_DAYS;
	if (n < -CAL_MAX_WORKING_DAYS)
		n = -CAL_MAX_WORKING_DAYS;
	while (n != 0) {
		day += step;
		if (cal_is_working_day(c, day))
			n -= step;
	}
	return day;
}

int
cal_working_days_between(const struct cal *c, int from, int to)
{
	int lo = from < to ? from : to, hi = from < to ? to : from;
	int n = 0, d;

	for (d = lo + 1; d <= hi; d++)
		n += cal_is_working_day(c, d);
	return to < from ? -n : n;
}

struct cal *
cal_new_empty(void)
{
	return calloc(1, sizeof(struct cal));
}

void
cal_free(struct cal *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ndays; i++) {
		free(c->days[i].name_zh);
		free(c->days[i].name_en);
	}
	free(c->days);
	free(c->years);
	free(c);
}

/* ---- the loader ----------------------------------------------------- */

/* Everything one load needs to report an error. */
struct load {
	const char *path;	/* the file, as the caller named it */
	char **err;		/* where the message goes; may be NULL */
	struct cal *c;		/* being filled; freed on failure */
	size_t cdays;		/* allocated length of c->days */
};

/*
 * Set *ld->err to "path: " followed by the formatted message and return
 * rc.  When the message cannot be allocated *ld->err stays NULL.
 */
static int
fail(struct load *ld, int rc, const char *fmt, ...)
{
	va_list ap;
	int n1, n2;
	char *msg;

	if (ld->err == NULL || *ld->err != NULL)
		return rc;
	va_start(ap, fmt);
	n2 = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	n1 = snprintf(NULL, 0, "%s: ", ld->path);
	if (n1 < 0 || n2 < 0)
		return rc;
	msg = malloc((size_t)n1 + (size_t)n2 + 1);
	if (msg == NULL)
		return rc;
	snprintf(msg, (size_t)n1 + 1, "%s: ", ld->path);
	va_start(ap, fmt);
	vsnprintf(msg + n1, (size_t)n2 + 1, fmt, ap);
	va_end(ap);
	*ld->err = msg;
	return rc;
}

static int
nomem(struct load *ld)
{
	return fail(ld, CAL_ENOMEM, "out of memory");
}

/* Refuse any key of obj not in the NULL-terminated list known. */
static int
only_fields(struct load *ld, const char *where, json_t *obj,
    const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *const *k;

		for (k = known; *k != NULL; k++)
			if (strcmp(*k, key) == 0)
				break;
		if (*k == NULL)
			return fail(ld, CAL_EDATA, "%s: unknown field \"%.*s\"",
			    where, CAL_ECHO_MAX, key);
	}
	return 0;
}

/* A date of year (the key in the file) as a day number. */
static int
load_date(struct load *ld, const char *year_key, int year, json_t *v,
    int *day)
{
	const char *s = json_string_value(v);
	int y, m, d;

	if (s == NULL)
		return fail(ld, CAL_EDATA, "%s: date is not a string",
		    year_key);
	if (cal_parse_date(s, day) != 0)
		return fail(ld, CAL_EDATA, "%s: bad date \"%.*s\"", year_key,
		    CAL_ECHO_MAX, s);
	cal_civil_from_days(*day, &y, &m, &d);
	if (y != year)
		return fail(ld, CAL_EDATA, "%s: date \"%s\" is not in %d",
		    year_key, s, year);
	return 0;
}

/* A required non-empty string field of a holiday, copied. */
static int
load_name(struct load *ld, const char *year_key, const char *date,
    json_t *obj, const char *field, char **out)
{
	const char *s = json_string_value(json_object_get(obj, field));
	size_t n;

	if (s == NULL || s[0] == '\0')
		return fail(ld, CAL_EDATA, "%s: %s: missing %s", year_key,
		    date, field);
	n = strlen(s) + 1;
	if ((*out = malloc(n)) == NULL)
		return nomem(ld);
	memcpy(*out, s, n);
	return 0;
}

/* Append an entry to ld->c->days; the strings become the calendar's. */
static int
push(struct load *ld, int day, enum cal_kind kind)
{
	struct cal *c = ld->c;

	if (c->ndays == ld->cdays) {
		size_t n = ld->cdays ? ld->cdays * 2 : 64;
		struct cal_entry *e;

		if (n > SIZE_MAX / sizeof(*e))
			return nomem(ld);
		e = realloc(c->days, n * sizeof(*e));
		if (e == NULL)
			return nomem(ld);
		c->days = e;
		ld->cdays = n;
	}
	c->days[c->ndays].day = day;
	c->days[c->ndays].kind = kind;
	c->days[c->ndays].name_zh = NULL;
	c->days[c->ndays].name_en = NULL;
	c->ndays++;
	return 0;
}

static int
load_year(struct load *ld, const char *key, json_t *obj)
{
	static const char *const year_fields[] =
	    { "holidays", "workdays", NULL };
	static const char *const holiday_fields[] =
	    { "date", "name_zh", "name_en", NULL };
	json_t *hols, *works, *v;
	size_t i;
	int year, day, rc;

	year = strlen(key) == 4 ? digits(key, 4) : -1;
	if (year < 1900 || year > 2199)
		return fail(ld, CAL_EDATA, "bad year \"%.*s\"", CAL_ECHO_MAX,
		    key);
	if (!json_is_object(obj))
		return fail(ld, CAL_EDATA, "%s: not an object", key);
	if ((rc = only_fields(ld, key, obj, year_fields)) != 0)
		return rc;
	hols = json_object_get(obj, "holidays");
	works = json_object_get(obj, "workdays");
	if (!json_is_array(hols))
		return fail(ld, CAL_EDATA, "%s: holidays is not an array", key);
	if (json_array_size(hols) == 0)
		return fail(ld, CAL_EDATA, "%s: no holidays", key);
	if (!json_is_array(works))
		return fail(ld, CAL_EDATA, "%s: workdays is not an array", key);

	json_array_foreach(hols, i, v) {
		struct cal_entry *e;
		const char *date;

		if (!json_is_object(v))
			return fail(ld, CAL_EDATA,
			    "%s: holiday is not an object", key);
		if ((rc = only_fields(ld, key, v, holiday_fields)) != 0 ||
		    (rc = load_date(ld, key, year, json_object_get(v, "date"),
		    &day)) != 0 ||
		    (rc = push(ld, day, CAL_HOLIDAY)) != 0)
			return rc;
		e = &ld->c->days[ld->c->ndays - 1];
		date = json_string_value(json_object_get(v, "date"));
		if ((rc = load_name(ld, key, date, v, "name_zh",
		    &e->name_zh)) != 0 ||
		    (rc = load_name(ld, key, date, v, "name_en",
		    &e->name_en)) != 0)
			return rc;
	}
	json_array_foreach(works, i, v) {
		if ((rc = load_date(ld, key, year, v, &day)) != 0)
			return rc;
		if (cal_weekday(day) < 6)
			return fail(ld, CAL_EDATA,
			    "%s: workday \"%s\" is not a Saturday or Sunday",
			    key, json_string_value(v));
		if ((rc = push(ld, day, CAL_ADJUSTED_WORKDAY)) != 0)
			return rc;
	}
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct cal_entry *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Sort the entries and refuse a date listed twice. */
static int
check_unique(struct load *ld)
{
	struct cal *c = ld->c;
	size_t i;

	if (c->ndays > 0)
		qsort(c->days, c->ndays, sizeof(*c->days), cmp_entry);
	for (i = 1; i < c->ndays; i++) {
		const struct cal_entry *a = &c->days[i - 1], *b = &c->days[i];
		int y, m, d;

		if (a->day != b->day)
			continue;
		cal_civil_from_days(a->day, &y, &m, &d);
		if (a->kind != b->kind)
			return fail(ld, CAL_EDATA,
			    "%04d: \"%04d-%02d-%02d\" is both a holiday and "
			    "a workday", y, y, m, d);
		return fail(ld, CAL_EDATA,
		    "%04d: duplicate date \"%04d-%02d-%02d\"", y, y, m, d);
	}
	return 0;
}

int
cal_load(struct cal **out, const char *path, char **err)
{
	struct load ld = { path, err, NULL, 0 };
	json_error_t jerr;
	json_t *root = NULL, *v;
	const char *key;
	int rc;

	assert(out != NULL && path != NULL);
	*out = NULL;
	if (err != NULL)
		*err = NULL;
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (jerr.line > 0)	/* a syntax error, not an open error */
			rc = fail(&ld, CAL_EFILE, "line %d: %s", jerr.line,
			    jerr.text);
		else
			rc = fail(&ld, CAL_EFILE, "%s", jerr.text);
		goto done;
	}
	if (!json_is_object(root)) {
		rc = fail(&ld, CAL_EDATA, "not an object");
		goto done;
	}
	if ((ld.c = cal_new_empty()) == NULL) {
		rc = nomem(&ld);
		goto done;
	}
	if (json_object_size(root) > 0) {
		ld.c->years = calloc(json_object_size(root), sizeof(int));
		if (ld.c->years == NULL) {
			rc = nomem(&ld);
			goto done;
		}
	}
	json_object_foreach(root, key, v) {
		if ((rc = load_year(&ld, key, v)) != 0)
			goto done;
		ld.c->years[ld.c->nyears++] = digits(key, 4);
	}
	if (ld.c->nyears > 0)
		qsort(ld.c->years, ld.c->nyears, sizeof(int), cmp_int);
	if ((rc = check_unique(&ld)) != 0)
		goto done;
	*out = ld.c;
	ld.c = NULL;
	rc = 0;
done:
	cal_free(ld.c);
	json_decref(root);
	return rc;
}

/* ---- Asia/Shanghai time ---------------------------------------------- */

void
cal_local(int64_t unix_secs, int *day, int *minute)
{
	int64_t t, d, r;

	if (unix_secs < CAL_MIN_UNIX)
		unix_secs = CAL_MIN_UNIX;
	if (unix_secs > CAL_MAX_UNIX)
		unix_secs = CAL_MAX_UNIX;
	t = unix_secs + CAL_UTC_OFFSET;
	d = t / 86400;
	r = t % 86400;
	if (r < 0) {		/* floor division for instants before 1970 */
		r += 86400;
		d--;
	}
	*day = (int)d;
	*minute = (int)(r / 60);
}

int64_t
cal_unix(int day, int minute)
{
	return (int64_t)day * 86400 + (int64_t)minute * 60 - CAL_UTC_OFFSET;
}

/* Write v (0 <= v < 10^n) as exactly n decimal digits, no terminator. */
static void
put_digits(char *out, int v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
cal_format_rfc3339(int64_t unix_secs, char out[CAL_RFC3339_LEN + 1])
{
	int day, minute, y, m, d, sec;

	if (unix_secs < CAL_MIN_UNIX)
		unix_secs = CAL_MIN_UNIX;
	if (unix_secs > CAL_MAX_UNIX)
		unix_secs = CAL_MAX_UNIX;
	cal_local(unix_secs, &day, &minute);
	sec = (int)((unix_secs - cal_unix(day, minute)) % 60);
	cal_civil_from_days(day, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = 'T';
	put_digits(out + 11, minute / 60, 2);
	out[13] = ':';
	put_digits(out + 14, minute % 60, 2);
	out[16] = ':';
	put_digits(out + 17, sec, 2);
	memcpy(out + 19, "+08:00", 7);	/* with its NUL */
}

int
cal_parse_rfc3339(const char *s, int64_t *unix_secs)
{
	const char *p;
	int day, hh, mm, ss, oh, om, sign, rc;
	size_t i;

	/* Date, 'T', time: 19 characters that must all be there. */
	for (i = 0; i < 19; i++)
		if (s[i] == '\0')
			return CAL_EFORMAT;
	if ((rc = parse_date_prefix(s, &day)) != 0)
		return rc;
	if ((s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return CAL_EFORMAT;
	hh = digits(s + 11, 2);
	mm = digits(s + 14, 2);
	ss = digits(s + 17, 2);
	if (hh < 0 || mm < 0 || ss < 0)
		return CAL_EFORMAT;
	if (hh > 23 || mm > 59 || ss > 59)
		return CAL_EDATE;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return CAL_EFORMAT;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p == 'Z' || *p == 'z') {
		if (p[1] != '\0')
			return CAL_EFORMAT;
		oh = om = 0;
		sign = 1;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		for (i = 1; i <= 5; i++)
			if (p[i] == '\0')
				return CAL_EFORMAT;
		if (p[3] != ':' || p[6] != '\0')
			return CAL_EFORMAT;
		oh = digits(p + 1, 2);
		om = digits(p + 4, 2);
		if (oh < 0 || om < 0)
			return CAL_EFORMAT;
		if (oh > 23 || om > 59)
			return CAL_EDATE;
	} else {
		return CAL_EFORMAT;
	}
	*unix_secs = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss -
	    sign * (oh * 3600 + om * 60);
	return 0;
}

int
cal_parse_hhmm(const char *s, int *minute)
{
	int hh, mm;

	if (s[0] == '\0' || s[1] == '\0' || s[2] != ':' || s[3] == '\0' ||
	    s[4] == '\0' || s[5] != '\0')
		return CAL_EFORMAT;
	hh = digits(s, 2);
	mm = digits(s + 3, 2);
	if (hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0))
		return CAL_EFORMAT;
	*minute = hh * 60 + mm;
	return 0;
}

void
cal_format_day(int day, char out[CAL_DATE_LEN + 1])
{
	int y, m, d;

	cal_civil_from_days(day, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}
