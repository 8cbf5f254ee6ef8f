/*
 * app.c - the clock as the application sees it.  Tests move it with
 * --clock-offset so that expiry and opening hours can be checked
 * without waiting.
 */
#include <time.h>

#include "app.h"

int64_t
app_now(const struct app *a)
{
	return (int64_t)time(NULL) + a->clock_offset;
}
