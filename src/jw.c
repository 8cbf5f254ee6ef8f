/*
 * jw.c - see jw.h.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jw.h"

void
jw_init(struct jw *w, struct buf *b)
{
	w->b = b;
	w->depth = 0;
	w->first = 1;
	w->array = 0;
	w->after_key = 0;
}

/* Writes the comma a new value or key needs at the current level. */
static void
sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->first & (1u << w->depth))
		w->first &= ~(1u << w->depth);
	else
		buf_addch(w->b, ',');
}

static void
open(struct jw *w, char c)
{
	sep(w);
	buf_addch(w->b, c);
	assert(w->depth + 1 < JW_MAX_DEPTH);
	w->depth++;
	w->first |= 1u << w->depth;
	if (c == '[')
		w->array |= 1u << w->depth;
	else
		w->array &= ~(1u << w->depth);
}

void
jw_obj(struct jw *w)
{
	open(w, '{');
}

void
jw_arr(struct jw *w)
{
	open(w, '[');
}

void
jw_end(struct jw *w)
{
	/* The closing bracket matches what was opened at this depth. */
	assert(w->depth > 0);
	buf_addch(w->b, (w->array & (1u << w->depth)) ? ']' : '}');
	w->depth--;
	w->after_key = 0;
}

/* 1 for the bytes a JSON string must (or, for HTML, should) escape. */
static const unsigned char needs_escape[256] = {
	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, ['<'] = 1, ['>'] = 1,
	['&'] = 1,
};

static void
quoted(struct jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	buf_grow(w->b, n + 2);
	buf_addch(w->b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];

		if (!needs_escape[c])
			continue;
		buf_add(w->b, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': buf_add(w->b, "\\\"", 2); continue;
		case '\\': buf_add(w->b, "\\\\", 2); continue;
		case '\n': buf_add(w->b, "\\n", 2); continue;
		case '\r': buf_add(w->b, "\\r", 2); continue;
		case '\t': buf_add(w->b, "\\t", 2); continue;
		}
		esc[1] = 'u';
		esc[2] = '0';
		esc[3] = '0';
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 15];
		buf_add(w->b, esc, 6);
	}
	buf_add(w->b, s + run, n - run);
	buf_addch(w->b, '"');
}

void
jw_key(struct jw *w, const char *key)
{
	sep(w);
	quoted(w, key, strlen(key));
	buf_addch(w->b, ':');
	w->after_key = 1;
}

void
jw_strn(struct jw *w, const char *s, size_t n)
{
	sep(w);
	quoted(w, s, n);
}

void
jw_str(struct jw *w, const char *s)
{
	if (s == NULL)
		jw_null(w);
	else
		jw_strn(w, s, strlen(s));
}

void
jw_int(struct jw *w, int64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v);

	sep(w);
	buf_add(w->b, tmp, (size_t)n);
}

void
jw_real(struct jw *w, double v)
{
	char tmp[32];
	int n;

	sep(w);
	if (!isfinite(v)) {
		buf_add(w->b, "null", 4);
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "%.15g", v);
	buf_add(w->b, tmp, (size_t)n);
}

void
jw_bool(struct jw *w, int v)
{
	sep(w);
	if (v)
		buf_add(w->b, "true", 4);
	else
		buf_add(w->b, "false", 5);
}

void
jw_null(struct jw *w)
{
	sep(w);
	buf_add(w->b, "null", 4);
}

void
jw_raw(struct jw *w, const char *json)
{
	sep(w);
	buf_adds(w->b, json);
}
