/*
 * fuzz/query.c - what our code does with the strings libmicrohttpd hands
 * it from the query string, the cookies and the headers.
 *
 * libmicrohttpd splits and unescapes these itself; fuzzing that is out
 * of scope (it is libmicrohttpd's own code, and a daemon per input is
 * too slow).  So this target stands in for it: it defines
 * MHD_lookup_connection_value() and MHD_get_connection_values(), which
 * a program's own definitions take over from the shared library, and
 * answers them from a list of values read from the input.  Everything
 * above them - http_query(), http_header(), http_cookie() and the
 * helpers called here - is tongban's real code, unchanged.
 *
 * Feeds: lines "qNAME=VALUE" (a query parameter), "hNAME=VALUE" (a
 * header), "cNAME=VALUE" (a cookie); a line without '=' is a parameter
 * with no value (NULL, as libmicrohttpd gives "?flag"); other lines are
 * ignored.  Header names are matched case-insensitively.  Then, as the
 * handlers do:
 *  - api_query_allowed() with a list of names (every handler with query
 *    parameters);
 *  - api_query_page() (limit, offset: every list), api_query_int() on
 *    "n" over the whole int64 range and on "limit" 1..50 (nearest),
 *    api_query_bool() on "open" (nearest, catalog, notices);
 *  - cal_parse_rfc3339() on "from", "to" (audit) and "at" (nearest);
 *    valid_date() on "date" (slots, stats), "from", "to" (case search);
 *    cal_parse_hhmm() on "time" (the same parser as a booking's time);
 *  - http_is_json_type() on Content-Type (every ROUTE_BODY request);
 *  - auth_token_of() on Authorization and the __Host-tongban cookie
 *    (auth_resolve(): which token, and whether it can be one of ours);
 *  - auth_csrf_ok() on X-CSRF-Token against a session's token.
 *
 * Not here: auth_resolve()'s store lookup (only a 43-character token
 * gets there, hashed first; it needs a database); queue.c's code_ok()
 * (a length check and sodium_memcmp, as auth_csrf_ok()); places.c's
 * parse_coord() (strtod, isfinite and a range, static); the upload's
 * declared Content-Type (a strncasecmp prefix test, inline in
 * materials.c); the integer ids of paths (strtoll in each module: they
 * come from the router, fuzz/router.c); free-text parameters (q,
 * number, purpose, ...) that are only bound as SQL parameters.
 *
 * A finding is a sanitizer report, or a helper breaking its promise:
 *  - an api_query_* refusal that is not a 400 JSON error naming the
 *    parameter, or a refusal that did not answer, or an answer with 0;
 *    a value returned outside its bounds, or written when refused; a
 *    default changed when the parameter is absent;
 *  - api_query_allowed() accepting a name not on its list;
 *  - a time or date accepted that does not print back (RFC 3339 through
 *    cal_format_rfc3339(), a date through cal_format_day()) to what was
 *    read; a time of day outside 00:00-24:00;
 *  - http_is_json_type() disagreeing with "application/json" followed by
 *    the end, ';' or ' ', in any case;
 *  - auth_token_of() returning anything but NULL or a 43-character
 *    suffix of the bearer header (when it says Bearer) else the cookie;
 *  - auth_csrf_ok() saying yes to anything but the session's token.
 */
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "api.h"
#include "auth.h"
#include "cal.h"
#include "fuzz.h"
#include "http.h"
#include "valid.h"

#define MAXKV 64

struct fake_conn {
	struct {
		enum MHD_ValueKind kind;
		char *key, *value;	/* into the copy of the input */
	} kv[MAXKV];
	int n;
};

static int
key_is(const struct fake_conn *fc, int i, enum MHD_ValueKind kind,
    const char *key)
{
	if (!(fc->kv[i].kind & kind))
		return 0;
	return fc->kv[i].kind == MHD_HEADER_KIND ?
	    strcasecmp(fc->kv[i].key, key) == 0 : strcmp(fc->kv[i].key, key) == 0;
}

const char *
MHD_lookup_connection_value(struct MHD_Connection *connection,
    enum MHD_ValueKind kind, const char *key)
{
	const struct fake_conn *fc = (const void *)connection;
	int i;

	for (i = 0; key && i < fc->n; i++)
		if (key_is(fc, i, kind, key))
			return fc->kv[i].value;
	return NULL;
}

int
MHD_get_connection_values(struct MHD_Connection *connection,
    enum MHD_ValueKind kind, MHD_KeyValueIterator iterator,
    void *iterator_cls)
{
	const struct fake_conn *fc = (const void *)connection;
	int i, n = 0;

	for (i = 0; i < fc->n; i++) {
		if (!(fc->kv[i].kind & kind))
			continue;
		n++;
		if (iterator && iterator(iterator_cls, fc->kv[i].kind,
		    fc->kv[i].key, fc->kv[i].value) != MHD_YES)
			break;
	}
	return n;
}

/* Splits the input (a NUL-terminated copy, written into) into values. */
static void
read_values(char *text, struct fake_conn *fc)
{
	char *line = text, *nl, *eq;

	fc->n = 0;
	for (; line && fc->n < MAXKV; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (line[0] != 'q' && line[0] != 'h' && line[0] != 'c')
			continue;
		fc->kv[fc->n].kind = line[0] == 'q' ? MHD_GET_ARGUMENT_KIND :
		    line[0] == 'h' ? MHD_HEADER_KIND : MHD_COOKIE_KIND;
		fc->kv[fc->n].key = line + 1;
		if ((eq = strchr(line + 1, '=')) != NULL) {
			*eq = '\0';
			fc->kv[fc->n].value = eq + 1;
		} else
			fc->kv[fc->n].value = NULL;
		fc->n++;
	}
}

/* Before the next helper: nothing answered yet. */
static void
unanswer(struct http_req *r)
{
	r->answered = 0;
	r->status = 500;
	r->content_type = NULL;
	buf_reset(&r->out);
}

/* A helper's refusal: a 400 JSON error naming field. */
static void
check_refusal(struct http_req *r, const char *code, const char *field)
{
	json_t *ans, *err;

	FUZZ_CHECK(r->answered && r->status == 400);
	ans = json_loadb(r->out.data, r->out.len, 0, NULL);
	FUZZ_CHECK(ans != NULL);
	err = json_object_get(ans, "error");
	FUZZ_CHECK(json_is_string(json_object_get(err, "message")));
	FUZZ_CHECK(strcmp(json_string_value(json_object_get(err, "code")),
	    code) == 0);
	FUZZ_CHECK(field == NULL || strcmp(json_string_value(
	    json_object_get(err, "field")), field) == 0);
	json_decref(ans);
	unanswer(r);
}

static void
check_allowed(struct http_req *r, const struct fake_conn *fc)
{
	static const char *const allowed[] = { "limit", "offset", "from",
		"to", "at", "date", "time", "open", "n", "purpose", NULL };
	const char *const *a;
	int i, rc, ok = 1;

	for (i = 0; i < fc->n && ok; i++) {
		if (fc->kv[i].kind != MHD_GET_ARGUMENT_KIND)
			continue;
		for (a = allowed; *a && strcmp(*a, fc->kv[i].key) != 0; a++)
			;
		ok = *a != NULL;
	}
	rc = api_query_allowed(r, allowed);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK((rc == 0) == ok);
	if (rc < 0)
		check_refusal(r, "unknown_parameter", NULL);
	else
		FUZZ_CHECK(!r->answered);
}

static void
check_int(struct http_req *r, const char *name, int64_t min, int64_t max)
{
	int64_t v = 4242;
	int rc = api_query_int(r, name, min, max, &v);

	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		FUZZ_CHECK(v == 4242);
		check_refusal(r, "invalid_parameter", name);
		return;
	}
	FUZZ_CHECK(!r->answered);
	if (http_query(r, name) == NULL)
		FUZZ_CHECK(v == 4242);
	else
		FUZZ_CHECK(v >= min && v <= max);
}

static void
check_page(struct http_req *r)
{
	int64_t limit = -1, offset = -1;

	if (api_query_page(r, &limit, &offset) < 0) {
		check_refusal(r, "invalid_parameter", NULL);
		return;
	}
	FUZZ_CHECK(limit >= 1 && limit <= 200 && offset >= 0 &&
	    offset <= 1000000);
	FUZZ_CHECK(http_query(r, "limit") != NULL || limit == 20);
	FUZZ_CHECK(http_query(r, "offset") != NULL || offset == 0);
}

static void
check_bool(struct http_req *r, const char *name)
{
	const char *s = http_query(r, name);
	int v = 7, rc = api_query_bool(r, name, &v);

	if (rc < 0) {
		FUZZ_CHECK(s != NULL && strcmp(s, "true") != 0 &&
		    strcmp(s, "false") != 0);
		check_refusal(r, "invalid_parameter", name);
		return;
	}
	FUZZ_CHECK(rc == 0 && !r->answered);
	FUZZ_CHECK(s == NULL ? v == -1 : v == (strcmp(s, "true") == 0));
}

static void
check_time(const char *s)
{
	char back[CAL_RFC3339_LEN + 1];
	int64_t t = 99, t2 = 98;
	int rc;

	if (s == NULL)
		return;
	rc = cal_parse_rfc3339(s, &t);
	FUZZ_CHECK(rc == 0 || rc == CAL_EFORMAT || rc == CAL_EDATE);
	if (rc != 0) {
		FUZZ_CHECK(t == 99);
		return;
	}
	/* Years 0000-9999 on both sides of any offset print exactly. */
	if (t < -62135596800LL + 86400 || t > 253402300799LL - 86400)
		return;
	cal_format_rfc3339(t, back);
	FUZZ_CHECK(cal_parse_rfc3339(back, &t2) == 0 && t2 == t);
	/* Without the fraction and in the same offset, the text agrees. */
	if (strlen(s) == 25 && strcmp(s + 19, "+08:00") == 0 &&
	    s[10] == 'T')
		FUZZ_CHECK(strcmp(back, s) == 0);
}

static void
check_date(const char *s)
{
	char back[CAL_DATE_LEN + 1];
	int d = -1, rc;

	if (s == NULL)
		return;
	rc = valid_date(s, &d);
	if (rc != VALID_OK) {
		FUZZ_CHECK(d == -1 && (rc == VALID_EFORMAT || rc == VALID_EDATE));
		return;
	}
	cal_format_day(d, back);
	FUZZ_CHECK(strcmp(back, s) == 0);
}

static void
check_hhmm(const char *s)
{
	int m = -1;

	if (s == NULL)
		return;
	if (cal_parse_hhmm(s, &m) == 0)
		FUZZ_CHECK(m >= 0 && m <= 1440 && strlen(s) == 5 &&
		    m == ((s[0] - '0') * 10 + s[1] - '0') * 60 +
		    (s[3] - '0') * 10 + s[4] - '0');
	else
		FUZZ_CHECK(m == -1);
}

static void
check_content_type(const char *ct)
{
	size_t n = strlen("application/json");
	int want = ct && strncasecmp(ct, "application/json", n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');

	FUZZ_CHECK(http_is_json_type(ct) == want);
}

static void
check_token(const char *authz, const char *cookie)
{
	int via = -1;
	const char *t = auth_token_of(authz, cookie, &via);
	int bearer = authz && strncasecmp(authz, "Bearer ", 7) == 0;

	FUZZ_CHECK(via == 0 || via == 1);
	if (t == NULL) {
		FUZZ_CHECK(bearer ? strlen(authz + 7) != 43 :
		    cookie == NULL || strlen(cookie) != 43);
		return;
	}
	FUZZ_CHECK(strlen(t) == 43);
	FUZZ_CHECK(bearer ? t == authz + 7 && via == 0 :
	    t == cookie && via == 1);
}

static void
check_csrf(struct http_req *r)
{
	static char session_csrf[] = "Wm9vS2VlcGVyLWZ1enotY3NyZi10b2tlbi0wMDAwMDA";
	const char *h = http_header(r, "X-CSRF-Token");
	int ok;

	r->auth.csrf = NULL;	/* no session: never */
	FUZZ_CHECK(auth_csrf_ok(r) == 0);
	r->auth.csrf = session_csrf;
	ok = auth_csrf_ok(r);
	r->auth.csrf = NULL;
	FUZZ_CHECK(ok == (h != NULL && strcmp(h, session_csrf) == 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake_conn fc;
	struct http_req r;
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	read_values(text, &fc);

	memset(&r, 0, sizeof(r));
	r.conn = (struct MHD_Connection *)(void *)&fc;
	buf_init(&r.out);
	unanswer(&r);

	check_allowed(&r, &fc);
	check_page(&r);
	check_int(&r, "n", INT64_MIN, INT64_MAX);
	check_int(&r, "limit", 1, 50);
	check_int(&r, "offset", 0, 1000000);
	check_bool(&r, "open");
	check_time(http_query(&r, "from"));
	check_time(http_query(&r, "to"));
	check_time(http_query(&r, "at"));
	check_date(http_query(&r, "date"));
	check_date(http_query(&r, "from"));
	check_date(http_query(&r, "to"));
	check_hhmm(http_query(&r, "time"));
	check_content_type(http_header(&r, "Content-Type"));
	check_token(http_header(&r, "Authorization"),
	    http_cookie(&r, AUTH_COOKIE));
	check_csrf(&r);

	buf_release(&r.out);
	free(text);
	return 0;
}
