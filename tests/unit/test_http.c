/*
 * test_http.c - the answers of http.c that need no server: http_error()
 * writes {"error": {"code", "message", "field"}} and answers the request,
 * whatever bytes the client sent and the answer names.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http.h"
#include "unit.h"

/* The error member of r's answer (a new reference), or NULL. */
static json_t *
answer_error(struct http_req *r)
{
	json_t *j = json_loadb(r->out.data, r->out.len, 0, NULL);
	json_t *e = json_incref(json_object_get(j, "error"));

	json_decref(j);
	return e;
}

UNIT_TEST(http_error_answers_with_code_message_and_field)
{
	struct http_req r;
	json_t *e;

	memset(&r, 0, sizeof(r));
	buf_init(&r.out);
	CHECK_INT(http_error(&r, 400, "unknown_parameter", "colour",
	    "unknown query parameter \"%s\"", "colour"), 0);
	CHECK(r.answered);
	CHECK_INT(r.status, 400);
	if (CHECK((e = answer_error(&r)) != NULL)) {
		CHECK_STR(json_string_value(json_object_get(e, "code")),
		    "unknown_parameter");
		CHECK_STR(json_string_value(json_object_get(e, "message")),
		    "unknown query parameter \"colour\"");
		CHECK_STR(json_string_value(json_object_get(e, "field")),
		    "colour");
		json_decref(e);
	}
	buf_release(&r.out);
}

/*
 * Found by fuzz/query.c: GET /api/v1/matters?%FF=1 answered 500.  The
 * unknown parameter's name is echoed, libmicrohttpd hands it over as the
 * byte 0xFF, and jansson refuses a string that is not UTF-8, so
 * http_error() failed and the request went unanswered.  Now bytes that
 * are not well-formed UTF-8 become '?', and the answer is the 400 it
 * should be; well-formed characters pass untouched.
 */
UNIT_TEST(http_error_scrubs_bytes_that_are_not_utf8)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "\xff", "?" },
		{ "a\xff" "b", "a?b" },
		{ "\xc0\xaf", "??" },			/* overlong '/' */
		{ "\xed\xa0\x80", "???" },		/* a surrogate */
		{ "\xf4\x90\x80\x80", "????" },		/* above U+10FFFF */
		{ "\xe5\x90", "??" },			/* cut short */
		{ "\xe5\x90\x8d", "\xe5\x90\x8d" },	/* 名 */
		{ "\xf0\x9f\x98\x80!", "\xf0\x9f\x98\x80!" },	/* U+1F600 */
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct http_req r;
		json_t *e;

		memset(&r, 0, sizeof(r));
		buf_init(&r.out);
		CHECK_INT(http_error(&r, 400, "unknown_parameter", t[i].in,
		    "unknown query parameter \"%s\"", t[i].in), 0);
		CHECK(r.answered);
		CHECK_INT(r.status, 400);
		if (CHECK((e = answer_error(&r)) != NULL)) {
			const char *m = json_string_value(json_object_get(e,
			    "message"));

			CHECK_STR(json_string_value(json_object_get(e,
			    "field")), t[i].out);
			CHECK(m && strstr(m, t[i].out) != NULL);
			json_decref(e);
		}
		buf_release(&r.out);
	}
}
