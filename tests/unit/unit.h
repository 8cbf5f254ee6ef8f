/*
 * unit.h - the smallest test harness that does the job.
 *
 * A test is a function declared with UNIT_TEST(name); a constructor
 * registers it, so test files need no shared list and can be added
 * without touching any other file.  A test passes when none of its
 * UNIT_CHECKs failed.  The runner (unit.c) prints one line a test and
 * a closing "unit: N passed, N failed" line that tests/run adds up.
 *
 * Run one test by name: build/unit_tests NAME.
 */
#ifndef TONGBAN_UNIT_H
#define TONGBAN_UNIT_H

#include <stdint.h>
#include <string.h>

struct unit {
	const char *name;	/* the running test */
	int failed;		/* checks failed so far in this test */
};

typedef void unit_fn(struct unit *u);

void unit_register(const char *name, unit_fn *fn);
int unit_check(struct unit *u, int ok, const char *expr,
    const char *file, int line);
int unit_check_str(struct unit *u, const char *got, const char *want,
    const char *expr, const char *file, int line);
int unit_check_int(struct unit *u, long long got, long long want,
    const char *expr, const char *file, int line);

#define UNIT_TEST(fn)							\
	static void fn(struct unit *u);					\
	__attribute__((constructor)) static void fn##_register(void)	\
	{ unit_register(#fn, fn); }					\
	static void fn(struct unit *u)

/* Each returns non-zero when the check held, so a test can stop early. */
#define CHECK(cond) unit_check(u, !!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) \
	unit_check_str(u, (got), (want), #got, __FILE__, __LINE__)
#define CHECK_INT(got, want) \
	unit_check_int(u, (long long)(got), (long long)(want), #got, \
	    __FILE__, __LINE__)

#endif
