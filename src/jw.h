/*
 * jw.h - a streaming JSON writer into a struct buf.
 *
 * The read endpoints answer from rows straight into the response buffer
 * instead of building a jansson tree and dumping it: a profile of the
 * matter guide under load spent a third of its time in jansson's
 * allocations and hashing.  Building with jansson stays the right tool
 * where a handler assembles a small document from several sources.
 *
 * Usage:
 *	jw_init(&w, &r->out);
 *	jw_obj(&w);
 *	jw_kstr(&w, "code", code);	// NULL writes null
 *	jw_key(&w, "items"); jw_arr(&w); ... jw_end(&w);
 *	jw_end(&w);
 *
 * Commas are tracked per nesting level (at most JW_MAX_DEPTH, fixed by
 * our code, never by input).  Strings must be UTF-8 (everything in the
 * store came through a UTF-8 check); quotes, backslashes and control
 * characters are escaped, and so are < > & so that JSON is safe to
 * embed in HTML.
 */
#ifndef TONGBAN_JW_H
#define TONGBAN_JW_H

#include <stdint.h>

#include "buf.h"

#define JW_MAX_DEPTH 32

struct jw {
	struct buf *b;
	int depth;
	uint32_t first;		/* bit d set: nothing written yet at depth d */
	uint32_t array;		/* bit d set: depth d is an array */
	int after_key;		/* a key was written: the value needs no comma */
};

void jw_init(struct jw *w, struct buf *b);
void jw_obj(struct jw *w);
void jw_arr(struct jw *w);
void jw_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s);	/* NULL -> null */
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, int64_t v);
void jw_real(struct jw *w, double v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
/* A value that is already JSON (our own, e.g. stored by json_dumps). */
void jw_raw(struct jw *w, const char *json);

static inline void jw_kstr(struct jw *w, const char *k, const char *v)
{ jw_key(w, k); jw_str(w, v); }
static inline void jw_kint(struct jw *w, const char *k, int64_t v)
{ jw_key(w, k); jw_int(w, v); }
static inline void jw_kbool(struct jw *w, const char *k, int v)
{ jw_key(w, k); jw_bool(w, v); }
static inline void jw_kreal(struct jw *w, const char *k, double v)
{ jw_key(w, k); jw_real(w, v); }

#endif
