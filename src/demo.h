/*
 * demo.h - loads the demo city from data/ into an empty store
 * (`tongban init --demo`).  See data/README.md for the files.
 */
#ifndef TONGBAN_DEMO_H
#define TONGBAN_DEMO_H

#include <stdint.h>

struct store;

struct demo_counts {
	int districts, departments, centers, material_kinds, matters,
	    materials, hukou, enterprises, accounts, licences, shared, queues,
	    scenarios;
};

/*
 * Validates every file and record and loads them in one transaction:
 * on any error nothing is loaded and *err (malloc'd) names the file,
 * the record and the field.  `password` is the demo accounts' password.
 */
int demo_load(struct store *st, const char *dir, const char *password,
    int64_t now, struct demo_counts *counts, char **err);

#endif
