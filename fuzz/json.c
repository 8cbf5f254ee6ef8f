/*
 * fuzz/json.c - a request body's way in: jansson's parse with duplicate
 * keys refused, as http.c's parse_body() calls it, then api_decode()
 * (api.c), the table-driven field decoding every handler runs first.
 *
 * Feeds: the input as a request body.  Like parse_body(), an empty body
 * or one that json_loadb(JSON_REJECT_DUPLICATES) refuses, or that is not
 * an object, ends there (400 invalid_json).  An object goes, as r->json
 * of a struct http_req that has what an answer needs (r->out), through
 * api_decode() against each spec below: copies of real handlers' tables
 * (registration, sign-in, filing and moving a case, a ticket action,
 * booking, guidance evaluation) and two made for the edges (the whole
 * int64 range; a string of exactly 0 characters).  http_error() is the
 * real one, so its JSON answer is checked too.
 *
 * A finding is a sanitizer report, or api.h's promise broken:
 *  - < 0 without an answer, or an answer with 0; an answer that is not
 *    400 with {"error": {"code", "message", "field"}} naming one of the
 *    body's unknown keys or one of the spec's fields, with a code from
 *    the list api_decode() uses;
 *  - on 0: a key of the body that the spec does not have; a required
 *    field absent or null; an output of the wrong type or outside its
 *    bounds (strings: their length in characters, and no NUL inside);
 *    a string output that is not the document's own string (borrowed);
 *    an output written for a field that was absent or null.
 */
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "fuzz.h"
#include "http.h"

#define MAXF 16

static const char *str_out[MAXF];
static int64_t int_out[MAXF];
static int bool_out[MAXF];
static json_t *any_out[MAXF];

#define S(i) &str_out[i]
#define I(i) &int_out[i]
#define B(i) &bool_out[i]
#define A(i) &any_out[i]

/* accounts.c api_accounts_register */
static const struct api_field spec_register[] = {
	{ "kind", API_STRING, 1, 1, 16, S(0) },
	{ "id_number", API_STRING, 0, 18, 18, S(1) },
	{ "credit_code", API_STRING, 0, 18, 18, S(2) },
	{ "name", API_STRING, 1, 1, 100, S(3) },
	{ "mobile", API_STRING, 1, 1, 11, S(4) },
	{ "password", API_STRING, 1, 1, 128, S(5) },
	{ "living_district", API_STRING, 0, 6, 6, S(6) },
	{ "legal_rep_id", API_STRING, 0, 18, 18, S(7) },
	{ "legal_rep_name", API_STRING, 0, 1, 50, S(8) },
};

/* accounts.c api_session_create */
static const struct api_field spec_session[] = {
	{ "login", API_STRING, 1, 1, 64, S(0) },
	{ "password", API_STRING, 1, 1, 128, S(1) },
	{ "totp", API_STRING, 0, 1, 16, S(2) },
};

/* cases.c api_cases_file */
static const struct api_field spec_file[] = {
	{ "matter", API_STRING, 1, 8, 8, S(0) },
	{ "center", API_STRING, 0, 2, 16, S(1) },
	{ "channel", API_STRING, 0, 1, 16, S(2) },
	{ "applicant_id_number", API_STRING, 0, 18, 18, S(3) },
	{ "subject_kind", API_STRING, 0, 1, 16, S(4) },
	{ "subject_id_number", API_STRING, 0, 18, 18, S(5) },
	{ "subject_name", API_STRING, 0, 1, 100, S(6) },
	{ "relationship", API_STRING, 0, 1, 30, S(7) },
	{ "enterprise", API_STRING, 0, 18, 18, S(8) },
	{ "submit", API_BOOL, 0, 0, 0, B(0) },
	{ "commit", API_BOOL, 0, 0, 0, B(1) },
};

/* cases.c api_case_transition */
static const struct api_field spec_transition[] = {
	{ "action", API_STRING, 1, 1, 32, S(0) },
	{ "version", API_INT, 1, 1, 1000000, I(0) },
	{ "note", API_STRING, 0, 1, 500, S(1) },
	{ "reason", API_STRING, 0, 1, 500, S(2) },
	{ "follow_up_by", API_STRING, 0, 10, 10, S(3) },
	{ "carrier", API_STRING, 0, 1, 32, S(4) },
	{ "tracking", API_STRING, 0, 4, 40, S(5) },
	{ "payment_fen", API_INT, 0, 0, 100000000, I(1) },
	{ "method", API_STRING, 0, 1, 32, S(6) },
	{ "commit", API_BOOL, 0, 0, 0, B(0) },
	{ "missing", API_ANY, 0, 0, 0, A(0) },
};

/* queue.c api_ticket_action */
static const struct api_field spec_ticket[] = {
	{ "action", API_STRING, 1, 1, 16, S(0) },
	{ "version", API_INT, 1, 1, 1000000, I(0) },
	{ "group", API_STRING, 0, 1, 1, S(1) },
	{ "case_id", API_INT, 0, 1, INT64_MAX, I(1) },
};

/* appointments.c api_appointments_book */
static const struct api_field spec_book[] = {
	{ "center", API_STRING, 1, 2, 16, S(0) },
	{ "group", API_STRING, 0, 1, 1, S(1) },
	{ "date", API_STRING, 1, 10, 10, S(2) },
	{ "time", API_STRING, 1, 5, 5, S(3) },
};

/* guide.c: the body of /evaluate, /guide.pdf and /applications */
static const struct api_field spec_guidance[] = {
	{ "answers", API_ANY, 1, 0, 0, A(0) },
	{ "commit", API_BOOL, 0, 0, 0, B(0) },
};

/* The edges: the whole int64 range, an empty string, and no field. */
static const struct api_field spec_edges[] = {
	{ "n", API_INT, 0, INT64_MIN, INT64_MAX, I(0) },
	{ "m", API_INT, 0, -1, 1, I(1) },
	{ "empty", API_STRING, 0, 0, 0, S(0) },
	{ "any", API_ANY, 1, 0, 0, A(0) },
};

static const struct {
	const struct api_field *spec;
	size_t n;
} specs[] = {
#define SPEC(t) { t, sizeof(t) / sizeof(t[0]) }
	SPEC(spec_register), SPEC(spec_session), SPEC(spec_file),
	SPEC(spec_transition), SPEC(spec_ticket), SPEC(spec_book),
	SPEC(spec_guidance), SPEC(spec_edges), { spec_edges, 0 },
};

static const char *const SENTINEL = "(untouched)";

static void
reset_outputs(void)
{
	int i;

	for (i = 0; i < MAXF; i++) {
		str_out[i] = SENTINEL;
		int_out[i] = -7777;
		bool_out[i] = -7;
		any_out[i] = NULL;
	}
}

/* Code points of valid UTF-8, counted from the lead bytes' lengths. */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		p += *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		n++;
	}
	return n;
}

static const struct api_field *
field_of(const struct api_field *spec, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(spec[i].name, name) == 0)
			return &spec[i];
	return NULL;
}

static void
check_answer(struct http_req *r, json_t *doc, const struct api_field *spec,
    size_t n)
{
	static const char *const codes[] = { "unknown_field", "missing_field",
		"invalid_value", "too_long", "too_short", "out_of_range",
		"wrong_type", NULL };
	const char *const *c;
	const char *code, *field;
	const struct api_field *f;
	json_t *ans, *err;

	FUZZ_CHECK(r->answered && r->status == 400);
	FUZZ_CHECK(strncmp(r->content_type, "application/json", 16) == 0);
	ans = json_loadb(r->out.data, r->out.len, 0, NULL);
	FUZZ_CHECK(ans != NULL);
	err = json_object_get(ans, "error");
	code = json_string_value(json_object_get(err, "code"));
	field = json_string_value(json_object_get(err, "field"));
	FUZZ_CHECK(code != NULL && field != NULL);
	FUZZ_CHECK(json_is_string(json_object_get(err, "message")));
	for (c = codes; *c && strcmp(*c, code) != 0; c++)
		;
	FUZZ_CHECK(*c != NULL);
	f = field_of(spec, n, field);
	if (strcmp(code, "unknown_field") == 0)
		FUZZ_CHECK(f == NULL && json_object_get(doc, field) != NULL);
	else if (strcmp(code, "missing_field") == 0)
		FUZZ_CHECK(f != NULL && f->required &&
		    (json_object_get(doc, field) == NULL ||
		    json_is_null(json_object_get(doc, field))));
	else
		FUZZ_CHECK(f != NULL && json_object_get(doc, field) != NULL);
	json_decref(ans);
}

static void
check_decoded(json_t *doc, const struct api_field *spec, size_t n)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(doc, key, v)
		FUZZ_CHECK(field_of(spec, n, key) != NULL);
	for (i = 0; i < n; i++) {
		const struct api_field *f = &spec[i];

		v = json_object_get(doc, f->name);
		if (v == NULL || json_is_null(v)) {
			FUZZ_CHECK(!f->required);
			switch (f->type) {
			case API_STRING:
				FUZZ_CHECK(*(const char **)f->out == SENTINEL);
				break;
			case API_INT:
				FUZZ_CHECK(*(int64_t *)f->out == -7777);
				break;
			case API_BOOL:
				FUZZ_CHECK(*(int *)f->out == -7);
				break;
			case API_ANY:
				FUZZ_CHECK(*(json_t **)f->out == NULL);
				break;
			}
			continue;
		}
		switch (f->type) {
		case API_STRING: {
			const char *s = *(const char **)f->out;

			FUZZ_CHECK(json_is_string(v));
			FUZZ_CHECK(s == json_string_value(v));
			FUZZ_CHECK(strlen(s) == json_string_length(v));
			FUZZ_CHECK((int64_t)utf8_chars(s) >= f->min &&
			    (int64_t)utf8_chars(s) <= f->max);
			break;
		}
		case API_INT:
			FUZZ_CHECK(json_is_integer(v));
			FUZZ_CHECK(*(int64_t *)f->out == json_integer_value(v));
			FUZZ_CHECK(*(int64_t *)f->out >= f->min &&
			    *(int64_t *)f->out <= f->max);
			break;
		case API_BOOL:
			FUZZ_CHECK(json_is_boolean(v));
			FUZZ_CHECK(*(int *)f->out == json_is_true(v));
			break;
		case API_ANY:
			FUZZ_CHECK(*(json_t **)f->out == v);
			break;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *doc;
	size_t i;

	/* parse_body(): no body, not JSON, duplicate keys, not an object. */
	if (size == 0)
		return 0;
	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (doc == NULL)
		return 0;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return 0;
	}
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		struct http_req r;
		int rc;

		memset(&r, 0, sizeof(r));
		buf_init(&r.out);
		r.status = 500;
		r.json = doc;
		reset_outputs();
		rc = api_decode(&r, specs[i].spec, specs[i].n);
		FUZZ_CHECK(rc == 0 || rc == -1);
		if (rc < 0)
			check_answer(&r, doc, specs[i].spec, specs[i].n);
		else {
			FUZZ_CHECK(!r.answered);
			check_decoded(doc, specs[i].spec, specs[i].n);
		}
		buf_release(&r.out);
	}
	json_decref(doc);
	return 0;
}
