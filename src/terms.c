/*
 * terms.c - see terms.h.  Input is UTF-8 already checked by jansson or
 * by the loader; an invalid byte is treated as a separator.
 */
#include <ctype.h>
#include <string.h>

#include "terms.h"

/* Decodes one UTF-8 character; returns its length, 0 when invalid. */
static size_t
utf8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) |
		    (s[2] & 0x3fu);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
		    ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
		return 4;
	}
	return 0;
}

static int
is_cjk(unsigned cp)
{
	return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
}

static int
stop_word(const char *w)
{
	static const char *const stop[] = { "a", "an", "the", "of", "for",
		"and", "to", "in", "on", "or", "by", "with", "at", "from" };
	size_t i;

	for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		if (strcmp(w, stop[i]) == 0)
			return 1;
	return 0;
}

static int
emit_word(char *w, size_t n, terms_fn *fn, void *ctx)
{
	w[n] = '\0';
	if (n < 2 || stop_word(w))
		return 0;
	if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
		w[n - 1] = '\0';
	return fn(w, ctx);
}

/* Emits the terms of one run of CJK characters (starts[] are byte
 * offsets into s, n characters, starts[n] the end). */
static int
emit_run(const char *s, const size_t *starts, size_t n, enum terms_mode mode,
    terms_fn *fn, void *ctx)
{
	char t[TERMS_MAX_LEN + 1];
	size_t i, len;
	int rc;

	for (i = 0; i < n; i++) {
		if (mode == TERMS_INDEX || n == 1) {
			len = starts[i + 1] - starts[i];
			memcpy(t, s + starts[i], len);
			t[len] = '\0';
			if ((rc = fn(t, ctx)) != 0)
				return rc;
		}
		if (i + 1 < n) {
			len = starts[i + 2] - starts[i];
			memcpy(t, s + starts[i], len);
			t[len] = '\0';
			if ((rc = fn(t, ctx)) != 0)
				return rc;
		}
	}
	return 0;
}

int
terms_each(const char *text, enum terms_mode mode, terms_fn *fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	char word[TERMS_MAX_LEN + 1];
	size_t wlen = 0, pos = 0, nrun = 0;
	size_t starts[TERMS_MAX_LEN + 1];	/* a run's character offsets */
	size_t runbase = 0;
	int rc;

	for (;;) {
		unsigned cp = 0;
		size_t n = s[pos] ? utf8_next(s + pos, &cp) : 0;
		int cjk = n && is_cjk(cp);
		int alnum = n == 1 && isalnum(s[pos]);

		/* Close a Latin word at anything else. */
		if (!alnum && wlen) {
			if ((rc = emit_word(word, wlen, fn, ctx)) != 0)
				return rc;
			wlen = 0;
		}
		/* Close a CJK run at anything else, or when it is full. */
		if ((!cjk || nrun == TERMS_MAX_LEN / 4) && nrun) {
			size_t i, rel[TERMS_MAX_LEN + 1];

			for (i = 0; i <= nrun; i++)
				rel[i] = starts[i] - runbase;
			if ((rc = emit_run(text + runbase, rel, nrun, mode, fn,
			    ctx)) != 0)
				return rc;
			/* A full run continues overlapping its last char. */
			if (cjk) {
				runbase = starts[nrun - 1];
				starts[0] = runbase;
				nrun = 1;
			} else
				nrun = 0;
		}
		if (s[pos] == '\0')
			break;
		if (n == 0) {	/* invalid byte: a separator */
			pos++;
			continue;
		}
		if (alnum) {
			if (wlen < TERMS_MAX_LEN)
				word[wlen++] = (char)tolower(s[pos]);
		} else if (cjk) {
			if (nrun == 0)
				runbase = pos;
			starts[nrun++] = pos;
			starts[nrun] = pos + n;
		}
		pos += n;
	}
	return 0;
}
