/*
 * fuzz/sniff.c - the upload type check: materials_sniff() (materials.c,
 * declared in cases.h) on arbitrary file contents.
 *
 * Feeds: the input as the body of an upload, in a buffer of exactly its
 * length (so AddressSanitizer sees a read past the end), and every
 * prefix of its first 16 bytes (the short files an upload can be).
 *
 * A finding is a sanitizer report, or an answer that breaks the rule an
 * upload relies on: the type is NULL or one of "application/pdf",
 * "image/png", "image/jpeg", and it is not NULL only when the file
 * starts with that type's signature ("%PDF-", the 8-byte PNG signature,
 * FF D8 FF).  A file is never both, and the answer for a prefix that
 * already holds a whole signature is the answer for the whole file.
 * The function is small; the target is here so that the day it learns
 * a new type (or a longer signature), that is fuzzed too.
 */
#include <string.h>

#include "cases.h"
#include "fuzz.h"

static const char *
expected(const unsigned char *b, size_t n)
{
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	return NULL;
}

static void
check(const unsigned char *b, size_t n)
{
	const char *got = materials_sniff(b, n), *want = expected(b, n);

	FUZZ_CHECK(got == NULL || strcmp(got, "application/pdf") == 0 ||
	    strcmp(got, "image/png") == 0 || strcmp(got, "image/jpeg") == 0);
	FUZZ_CHECK((got == NULL) == (want == NULL));
	FUZZ_CHECK(got == NULL || strcmp(got, want) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;

	check(data, size);
	for (i = 0; i <= size && i <= 16; i++) {
		/* A copy of exactly i bytes: a read past it is reported. */
		unsigned char *p = malloc(i ? i : 1);

		if (p == NULL)
			return 0;
		memcpy(p, data, i);
		check(p, i);
		if (expected(p, i) != NULL)
			FUZZ_CHECK(strcmp(materials_sniff(p, i),
			    materials_sniff(data, size)) == 0);
		free(p);
	}
	return 0;
}
