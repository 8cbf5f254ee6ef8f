/*
 * router.c - see router.h.  The table is small (tens of routes), so a
 * linear scan with segment comparison is faster than anything cleverer
 * and needs no allocation: segments are compared in place.
 */
#include <string.h>

#include "router.h"

/* Length of the segment starting at s (up to '/' or NUL). */
static size_t
seglen(const char *s)
{
	return strcspn(s, "/");
}

/*
 * Matches path against pattern.  Returns 1 on a match and stores where
 * each parameter starts and its length; *literal counts literal segments
 * matched, which ranks literal routes over parameter routes.
 */
static int
match(const char *pattern, const char *path, const char **pstart,
    size_t *plen, int *np, int *literal)
{
	const char *p = pattern, *s = path;

	*np = 0;
	*literal = 0;
	while (*p == '/' && *s == '/') {
		size_t pl, sl;

		p++;
		s++;
		pl = seglen(p);
		sl = seglen(s);
		if (p[0] == '{') {
			if (sl == 0 || *np == HTTP_MAX_PARAMS)
				return 0;
			pstart[*np] = s;
			plen[*np] = sl;
			(*np)++;
		} else {
			if (pl != sl || memcmp(p, s, pl) != 0)
				return 0;
			(*literal)++;
		}
		p += pl;
		s += sl;
	}
	return *p == '\0' && *s == '\0';
}

int
router_match(const struct route *table, size_t n, struct http_req *r,
    const struct route **out)
{
	const char *pstart[HTTP_MAX_PARAMS], *best_start[HTTP_MAX_PARAMS];
	size_t plen[HTTP_MAX_PARAMS], best_len[HTTP_MAX_PARAMS];
	const struct route *best = NULL;
	int np, literal, best_literal = -1, best_np = 0, path_seen = 0;
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		if (!match(table[i].pattern, r->pathbuf, pstart, plen, &np,
		    &literal))
			continue;
		path_seen = 1;
		if (table[i].method != m || literal <= best_literal)
			continue;
		best = &table[i];
		best_literal = literal;
		best_np = np;
		memcpy(best_start, pstart, sizeof(pstart));
		memcpy(best_len, plen, sizeof(plen));
	}
	if (best == NULL)
		return path_seen ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
	/* Cut the parameters out of the request's own path copy. */
	for (k = 0; k < best_np; k++) {
		((char *)best_start[k])[best_len[k]] = '\0';
		r->params[k] = best_start[k];
	}
	r->nparams = best_np;
	*out = best;
	return ROUTER_FOUND;
}
