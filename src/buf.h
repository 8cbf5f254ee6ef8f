/*
 * buf.h - a growable byte string that carries its length (after git's
 * strbuf and Redis' sds).
 *
 * Invariants: after buf_init(), `b->data` is never NULL and is always
 * NUL-terminated at `b->len`; `b->len < b->cap`.  Growth checks for
 * size overflow.  On allocation failure a buf sets `b->failed` and stops
 * growing; callers check it once at the end (buf_failed()), so a chain
 * of appends needs no check per call.
 */
#ifndef TONGBAN_BUF_H
#define TONGBAN_BUF_H

#include <stddef.h>

struct buf {
	char *data;	/* NUL-terminated; points at a static "" until first growth */
	size_t len;	/* bytes used, not counting the NUL */
	size_t cap;	/* bytes allocated; 0 while data is the static "" */
	int failed;	/* an allocation failed: contents are truncated */
};

#define BUF_INIT { (char *)"", 0, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);	/* frees the data; b is reusable after buf_init */
char *buf_detach(struct buf *b, size_t *len); /* caller owns the result (malloc'd), NULL on failure */
void buf_reset(struct buf *b);		/* empty again (and not failed); keeps the memory */
int buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline int buf_failed(const struct buf *b) { return b->failed; }

/* One byte; inline because writers call it for every separator. */
static inline void
buf_addch(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap && buf_grow(b, 1) < 0)
		return;
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

#endif
