/*
 * hours.h - opening hours of a place where matters are handled.
 *
 * Shanghai's centers keep unified hours (hours_default()): Monday to
 * Friday 08:30-16:30 including the noon break, weekends and public
 * holidays 08:30-11:30, open all 365 days.  A center may extend them
 * (centers.json "hours"), and a 24-hour self-service point is always
 * open.  Which set of hours applies is decided by the holiday calendar,
 * not the weekday: an adjusted working day (调休) keeps weekday hours,
 * a public holiday that falls on a weekday keeps weekend hours.
 *
 * Instants are unix seconds; the hours are Asia/Shanghai local time
 * (cal.h).  Every function takes the calendar as an argument, may run
 * on any thread, and accepts c == NULL for plain Monday-Friday.
 */
#ifndef TONGBAN_HOURS_H
#define TONGBAN_HOURS_H

#include <stdint.h>

#include "cal.h"

/*
 * Invariant (the loader of centers.json checks it):
 * 0 <= *_open <= *_close <= 1440.  A period with open == close is
 * empty: the place is closed on those days.  An opening period never
 * spans midnight.
 */
struct hours {
	int always;		/* 1: 24-hour self-service, the rest unused */
	int weekday_open;	/* working days, minutes since local midnight */
	int weekday_close;
	int weekend_open;	/* weekends and public holidays */
	int weekend_close;
};

/* hours_closes_at() of a place that never closes. */
#define HOURS_NEVER INT64_MAX

/* The unified Shanghai hours. */
void hours_default(struct hours *h);

/* 1 when the place is open at that instant (open <= t < close). */
int hours_is_open(const struct cal *c, const struct hours *h, int64_t at);

/*
 * When open at `at`: the start of the current opening period (`at`
 * itself for an always-open place).  Otherwise the first opening
 * instant after `at`, or -1 when there is none within a year (a place
 * whose every period is empty).
 */
int64_t hours_next_opening(const struct cal *c, const struct hours *h,
    int64_t at);

/*
 * The closing instant of the period open at `at`, HOURS_NEVER for an
 * always-open place, or -1 when closed at `at`.
 */
int64_t hours_closes_at(const struct cal *c, const struct hours *h,
    int64_t at);

#endif
