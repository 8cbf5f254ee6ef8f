/*
 * hours.c - opening hours of a place (rules in hours.h).
 *
 * Every question reduces to "which period applies on local day d",
 * answered by period(): the calendar decides between weekday and
 * weekend hours, and the instant is then compared minute by minute in
 * Asia/Shanghai time.
 */
#include <stddef.h>

#include "hours.h"

/* How far hours_next_opening() looks ahead before giving up. */
#define HOURS_LOOKAHEAD_DAYS 400

void
hours_default(struct hours *h)
{
	h->always = 0;
	h->weekday_open = 8 * 60 + 30;
	h->weekday_close = 16 * 60 + 30;
	h->weekend_open = 8 * 60 + 30;
	h->weekend_close = 11 * 60 + 30;
}

/* The opening period of local day `day`; 0 when that period is empty. */
static int
period(const struct cal *c, const struct hours *h, int day, int *open,
    int *close)
{
	if (cal_is_working_day(c, day)) {
		*open = h->weekday_open;
		*close = h->weekday_close;
	} else {
		*open = h->weekend_open;
		*close = h->weekend_close;
	}
	return *open < *close;
}

int
hours_is_open(const struct cal *c, const struct hours *h, int64_t at)
{
	int day, minute, open, close;

	if (h->always)
		return 1;
	cal_local(at, &day, &minute);
	return period(c, h, day, &open, &close) &&
	    open <= minute && minute < close;
}

int64_t
hours_next_opening(const struct cal *c, const struct hours *h, int64_t at)
{
	int day, minute, open, close, i;

	if (h->always)
		return at;
	cal_local(at, &day, &minute);
	if (period(c, h, day, &open, &close) && minute < close)
		return cal_unix(day, open);	/* open now, or later today */
	for (i = 1; i <= HOURS_LOOKAHEAD_DAYS; i++)
		if (period(c, h, day + i, &open, &close))
			return cal_unix(day + i, open);
	return -1;
}

int64_t
hours_closes_at(const struct cal *c, const struct hours *h, int64_t at)
{
	int day, minute, open, close;

	if (h->always)
		return HOURS_NEVER;
	cal_local(at, &day, &minute);
	if (period(c, h, day, &open, &close) &&
	    open <= minute && minute < close)
		return cal_unix(day, close);
	return -1;
}
