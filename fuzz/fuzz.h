/*
 * fuzz/fuzz.h - what every libFuzzer target here shares.
 *
 * FUZZ_CHECK(cond) states a promise the code under test makes; when it
 * does not hold, the target names the line and aborts, which libFuzzer
 * reports as a crash and saves the input as the reproducer.  So a
 * finding is either a sanitizer report or a FUZZ_CHECK line.
 */
#ifndef TONGBAN_FUZZ_H
#define TONGBAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: fuzz check failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

#endif
