/*
 * unit.c - runner for the tests registered through unit.h.
 *
 * Tests run in registration order (the link order of the test files).
 * With arguments, only the tests so named run.  Exit status is 1 when
 * any test failed, so make stops; the closing line is counted by
 * tests/run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

struct unit_entry {
	const char *name;
	unit_fn *fn;
};

static struct unit_entry *entries;
static size_t nentries, centries;

void
unit_register(const char *name, unit_fn *fn)
{
	if (nentries == centries) {
		size_t n = centries ? centries * 2 : 64;
		struct unit_entry *e = realloc(entries, n * sizeof(*e));

		if (e == NULL) {
			fprintf(stderr, "unit: out of memory\n");
			exit(2);
		}
		entries = e;
		centries = n;
	}
	entries[nentries].name = name;
	entries[nentries].fn = fn;
	nentries++;
}

int
unit_check(struct unit *u, int ok, const char *expr, const char *file,
    int line)
{
	if (!ok) {
		u->failed++;
		printf("#   %s:%d: check failed: %s\n", file, line, expr);
	}
	return ok;
}

int
unit_check_str(struct unit *u, const char *got, const char *want,
    const char *expr, const char *file, int line)
{
	int ok = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!ok) {
		u->failed++;
		printf("#   %s:%d: %s is \"%s\", want \"%s\"\n", file, line,
		    expr, got ? got : "(null)", want ? want : "(null)");
	}
	return ok;
}

int
unit_check_int(struct unit *u, long long got, long long want,
    const char *expr, const char *file, int line)
{
	if (got != want) {
		u->failed++;
		printf("#   %s:%d: %s is %lld, want %lld\n", file, line, expr,
		    got, want);
	}
	return got == want;
}

static int
wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	size_t i, passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < nentries; i++) {
		struct unit u = { entries[i].name, 0 };

		if (!wanted(entries[i].name, argc, argv))
			continue;
		entries[i].fn(&u);
		if (u.failed == 0) {
			passed++;
			printf("ok - %s\n", u.name);
		} else {
			failed++;
			printf("not ok - %s\n", u.name);
		}
	}
	printf("unit: %zu passed, %zu failed\n", passed, failed);
	free(entries);
	return failed ? 1 : 0;
}
