/*
 * alloc.c - every allocation of our code, jansson's and SQLite's passes
 * here, so that a failed one is noticed and a test can make the Nth one
 * fail.
 *
 * Our objects are linked with ld's --wrap for malloc, calloc, realloc,
 * strdup, strndup and (v)asprintf (and their _FORTIFY_SOURCE variants):
 * a call to malloc in our code lands in __wrap_malloc, which calls the
 * real one.  jansson takes our functions through json_set_alloc_funcs and
 * SQLite through SQLITE_CONFIG_MALLOC (wrapping its own allocator, so
 * sizes stay its business).  libmicrohttpd, libpq and libsodium allocate
 * on their own.
 *
 * Per thread: alloc_arm(n) makes the nth allocation from now fail;
 * alloc_failed() says whether any allocation failed since the last
 * alloc_arm()/alloc_reset() — the HTTP layer turns that into a 503, so
 * running out of memory is a clean "try again", never a half answer.
 * Arming from a request is only compiled into the fault-injection build
 * (TONGBAN_FAULTS, `make test-faults`).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "alloc.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
int __wrap_vasprintf(char **out, const char *fmt, va_list ap);
int __wrap_asprintf(char **out, const char *fmt, ...);
int __wrap___vasprintf_chk(char **out, int flag, const char *fmt, va_list ap);
int __wrap___asprintf_chk(char **out, int flag, const char *fmt, ...);

static __thread long countdown;	/* > 0: the allocation that fails */
static __thread int failed;	/* an allocation failed since reset */

void
alloc_arm(long nth)
{
	countdown = nth;
	failed = 0;
}

void
alloc_disarm(void)
{
	countdown = 0;
}

void
alloc_reset(void)
{
	countdown = 0;
	failed = 0;
}

int
alloc_failed(void)
{
	return failed;
}

/* Whether this allocation is the one to fail. */
static int
trip(void)
{
	if (countdown > 0 && --countdown == 0) {
		failed = 1;
		return 1;
	}
	return 0;
}

/* NULL for a size of 0 is an answer, not a failure. */
static void *
noted(void *p, size_t n)
{
	if (p == NULL && n > 0)
		failed = 1;
	return p;
}

void *
__wrap_malloc(size_t n)
{
	return trip() ? NULL : noted(__real_malloc(n), n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return trip() ? NULL : noted(__real_calloc(n, size), n != 0 && size != 0);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return trip() ? NULL : noted(__real_realloc(p, n), n);
}

char *
__wrap_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = __wrap_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

char *
__wrap_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = __wrap_malloc(len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

int
__wrap_vasprintf(char **out, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	*out = NULL;
	if (n < 0 || (*out = __wrap_malloc((size_t)n + 1)) == NULL)
		return -1;
	vsnprintf(*out, (size_t)n + 1, fmt, ap);
	return n;
}

int
__wrap_asprintf(char **out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = __wrap_vasprintf(out, fmt, ap);
	va_end(ap);
	return n;
}

int
__wrap___vasprintf_chk(char **out, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	return __wrap_vasprintf(out, fmt, ap);
}

int
__wrap___asprintf_chk(char **out, int flag, const char *fmt, ...)
{
	va_list ap;
	int n;

	(void)flag;
	va_start(ap, fmt);
	n = __wrap_vasprintf(out, fmt, ap);
	va_end(ap);
	return n;
}

/* ------------------------------------------------------------------ */
/* jansson and SQLite                                                  */

static void *
json_alloc(size_t n)
{
	return __wrap_malloc(n);
}

static sqlite3_mem_methods sqlite_default;

static void *
sq_malloc(int n)
{
	return trip() ? NULL : noted(sqlite_default.xMalloc(n), (size_t)n);
}

static void *
sq_realloc(void *p, int n)
{
	return trip() ? NULL : noted(sqlite_default.xRealloc(p, n), (size_t)n);
}

int
alloc_init(void)
{
	sqlite3_mem_methods m;

	json_set_alloc_funcs(json_alloc, free);
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default) !=
	    SQLITE_OK)
		return -1;
	m = sqlite_default;
	m.xMalloc = sq_malloc;
	m.xRealloc = sq_realloc;
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &m) == SQLITE_OK ? 0 : -1;
}
