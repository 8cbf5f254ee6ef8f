/*
 * fuzz/router.c - router_match() (router.c) over the API's real route
 * table, api_routes[] (api.c), with arbitrary methods and paths.
 *
 * Feeds: "METHOD PATH" - the input up to its first space is the method
 * name, turned into an enum by http_method_parse() as http.c does (an
 * input without a space is a GET of the whole input); the rest, cut at a
 * NUL as libmicrohttpd's url is, is the path, copied into r->path and
 * r->pathbuf exactly as http.c's req_new() copies it.
 *
 * A finding is a sanitizer report, or an answer that disagrees with a
 * second, naive matcher written here from router.h's rules: split both
 * pattern and path at every '/', compare segment by segment, a "{name}"
 * segment takes any non-empty segment, literal segments count; the
 * route with the method (HEAD as GET) and the most literal segments
 * wins, the first of equals; a path some route matches with another
 * method is 405, none is 404.  On a match the parameters must be
 * non-empty, hold no '/', be as many as the pattern's "{...}", point into
 * r->pathbuf, and put back into the pattern give r->path again.  Two
 * routes of one method matching one path with as many literals would be
 * a table ambiguity, and is a finding too.
 */
#include <string.h>

#include "fuzz.h"
#include "http.h"
#include "router.h"

#define MAXSEG 64

/* Splits s (a path or a pattern) at '/': 0 unless it starts with '/'. */
static int
split(const char *s, const char *seg[MAXSEG], size_t len[MAXSEG])
{
	int n = 0;

	if (*s != '/')
		return -1;
	while (*s == '/') {
		const char *e = strchr(s + 1, '/');
		size_t l = e ? (size_t)(e - s - 1) : strlen(s + 1);

		if (n == MAXSEG)
			return -1;
		seg[n] = s + 1;
		len[n] = l;
		n++;
		s += 1 + l;
	}
	return n;
}

/* The naive matcher: -1 no match, else the number of literal segments. */
static int
naive(const char *pattern, const char *path)
{
	const char *ps[MAXSEG], *ss[MAXSEG];
	size_t pl[MAXSEG], sl[MAXSEG];
	int np = split(pattern, ps, pl), ns = split(path, ss, sl), i, lit = 0;

	if (np < 0 || ns < 0 || np != ns)
		return -1;
	for (i = 0; i < np; i++) {
		if (ps[i][0] == '{') {
			if (sl[i] == 0)
				return -1;
		} else if (pl[i] != sl[i] || memcmp(ps[i], ss[i], pl[i]) != 0)
			return -1;
		else
			lit++;
	}
	return lit;
}

/* pattern with its "{...}" segments replaced by params, into out. */
static void
rebuild(const char *pattern, const char *const *params, int n, char *out,
    size_t cap)
{
	size_t o = 0;
	int k = 0;

	while (*pattern && o + 1 < cap) {
		if (*pattern == '{') {
			const char *p;

			FUZZ_CHECK(k < n);
			for (p = params[k++]; *p && o + 1 < cap; p++)
				out[o++] = *p;
			pattern = strchr(pattern, '}');
			FUZZ_CHECK(pattern != NULL);
			pattern++;
		} else
			out[o++] = *pattern++;
	}
	out[o] = '\0';
	FUZZ_CHECK(k == n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_req r;
	const struct route *got = NULL, *want = NULL;
	const uint8_t *sp = memchr(data, ' ', size);
	char *method, *rebuilt = NULL;
	size_t mlen = sp ? (size_t)(sp - data) : 0, plen, i;
	int rc, want_rc, best = -1, nbest = 0, other_method = 0, k;
	enum http_method m;

	if ((method = malloc(mlen + 1)) == NULL)
		return 0;
	memcpy(method, data, mlen);
	method[mlen] = '\0';
	data += sp ? mlen + 1 : 0;
	size -= sp ? mlen + 1 : 0;
	plen = memchr(data, '\0', size) ? strlen((const char *)data) : size;

	memset(&r, 0, sizeof(r));
	r.method_name = sp ? method : "GET";
	r.method = http_method_parse(r.method_name);
	r.path = malloc(plen + 1);
	r.pathbuf = malloc(plen + 1);
	rebuilt = malloc(plen + 2);
	if (!r.path || !r.pathbuf || !rebuilt)
		goto out;
	memcpy(r.path, data, plen);
	r.path[plen] = '\0';
	memcpy(r.pathbuf, r.path, plen + 1);

	rc = router_match(api_routes, api_nroutes, &r, &got);

	/* The naive answer. */
	m = r.method == HTTP_HEAD ? HTTP_GET : r.method;
	for (i = 0; i < api_nroutes; i++) {
		int lit = naive(api_routes[i].pattern, r.path);

		if (lit < 0)
			continue;
		if (api_routes[i].method != m) {
			other_method = 1;
			continue;
		}
		if (lit > best) {
			best = lit;
			want = &api_routes[i];
		}
	}
	/* One method, one path, as many literals as the winner: ambiguous. */
	for (i = 0; want && i < api_nroutes; i++)
		if (api_routes[i].method == m &&
		    naive(api_routes[i].pattern, r.path) == best)
			nbest++;
	FUZZ_CHECK(want == NULL || nbest == 1);
	want_rc = want ? ROUTER_FOUND : other_method ? ROUTER_BAD_METHOD :
	    ROUTER_NOT_FOUND;
	FUZZ_CHECK(rc == want_rc);
	if (rc != ROUTER_FOUND)
		goto out;
	FUZZ_CHECK(got == want);
	FUZZ_CHECK(got->method == m);
	FUZZ_CHECK(r.nparams >= 0 && r.nparams <= HTTP_MAX_PARAMS);
	for (k = 0; k < r.nparams; k++) {
		FUZZ_CHECK(r.params[k] >= r.pathbuf &&
		    r.params[k] < r.pathbuf + plen);
		FUZZ_CHECK(r.params[k][0] != '\0');
		FUZZ_CHECK(strchr(r.params[k], '/') == NULL);
	}
	rebuild(got->pattern, r.params, r.nparams, rebuilt, plen + 2);
	FUZZ_CHECK(strcmp(rebuilt, r.path) == 0);
out:
	free(method);
	free(r.path);
	free(r.pathbuf);
	free(rebuilt);
	return 0;
}
