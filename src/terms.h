/*
 * terms.h - the search terms of a text, the same for indexing and for
 * queries, so that both stores search alike.
 *
 * Chinese has no spaces, and SQLite's FTS5 tokenizers either keep a run
 * of Chinese as one token (unicode61) or need three characters
 * (trigram), so neither finds 社保 inside 社保卡补办.  Instead each run of
 * CJK characters is cut into overlapping character pairs (bigrams):
 * 社保卡补办 -> 社保 保卡 卡补 补办.  Indexing also adds every single
 * character, so a one-character query works; a query of two or more
 * characters uses only its pairs.  Latin text is split on anything that
 * is not a letter or digit, lowercased, stripped of a few stop words and
 * of a plural "s".  A term is at most 64 bytes.
 */
#ifndef TONGBAN_TERMS_H
#define TONGBAN_TERMS_H

#include <stddef.h>

#define TERMS_MAX_LEN 64

enum terms_mode { TERMS_INDEX, TERMS_QUERY };

/* Calls fn(term, ctx) for each term of text; stops and returns fn's
 * value when fn returns non-zero. */
typedef int terms_fn(const char *term, void *ctx);
int terms_each(const char *text, enum terms_mode mode, terms_fn *fn,
    void *ctx);

#endif
