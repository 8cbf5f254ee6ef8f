/*
 * fuzz/guidance.c - guidance scenarios (guidance.c): the loader on
 * arbitrary JSON, then answers parsed and evaluated against what it
 * accepted, and the walk over its paths.
 *
 * Feeds: SCENARIO [ "\n#\n" ANSWERS ].  The input up to the first
 * "\n#\n" (which no JSON document holds: a raw newline cannot be inside
 * a string) is parsed as guide.c and `tongban guidance` parse a scenario
 * (json_loadb with duplicate keys refused) and given to guidance_parse().
 * When it is accepted:
 *  - ANSWERS, when present, is parsed as any JSON value (the "answers"
 *    member of a request body) and goes through guidance_answers_parse()
 *    and, when accepted, guidance_eval(), guidance_answer_text() of every
 *    answer and guidance_answers_json();
 *  - without ANSWERS, the empty answers {} are evaluated;
 *  - guidance_walk() runs with a limit of 64 paths, and every path it
 *    reports is checked like the answers above.
 * The seeds are the shipped scenarios of data/guidance/ (with no
 * answers) and a few of them with answers.
 *
 * A finding is a sanitizer report, a timeout (libFuzzer's -timeout), or
 * a broken promise of guidance.h:
 *  - a refusal with no message, or an accepted scenario without the
 *    invariants the loader establishes (start and every "next" inside
 *    the questions, the last edge without a condition, 2-64 options for
 *    a choice, question ids that guidance_question_index() finds);
 *  - an answers refusal whose code is not unknown_field/invalid_value;
 *  - an evaluation inconsistent with its answers: a path question
 *    unanswered, twice, or off on_path; "next" answered or "complete"
 *    with a next; a skipped question that was not answered or is on the
 *    path; a walk path that is not complete or is refused by a rule;
 *  - answers that do not survive the round trip: guidance_answers_json()
 *    of the result, parsed back with guidance_answers_parse() and
 *    evaluated, must give the same path, next, rule, remaining and (when
 *    complete) the same matters, materials and precautions, and the same
 *    JSON again (equal answers name an equal guide: its digest).
 */
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "guidance.h"

#define WALK_LIMIT 64

static const char SEP[] = "\n#\n";

static const uint8_t *
find_sep(const uint8_t *d, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (memcmp(d + i, SEP, 3) == 0)
			return d + i;
	return NULL;
}

static void
check_scenario(const struct scenario *s)
{
	int i, e;

	FUZZ_CHECK(s->nq >= 1 && s->start >= 0 && s->start < s->nq);
	for (i = 0; i < s->nq; i++) {
		const struct guidance_question *q = &s->q[i];

		FUZZ_CHECK(guidance_question_index(s, q->id) == i);
		FUZZ_CHECK(q->nnext >= 1);
		FUZZ_CHECK(q->next[q->nnext - 1].when == NULL);
		for (e = 0; e < q->nnext; e++)
			FUZZ_CHECK(q->next[e].to == GUIDANCE_END ||
			    (q->next[e].to >= 0 && q->next[e].to < s->nq &&
			    q->next[e].to != i));
		if (q->type == GQ_SINGLE || q->type == GQ_MULTIPLE)
			FUZZ_CHECK(q->nopts >= 2 &&
			    q->nopts <= GUIDANCE_MAX_OPTIONS);
		if (q->type == GQ_MULTIPLE)
			FUZZ_CHECK(0 <= q->min_choices &&
			    q->min_choices <= q->max_choices &&
			    q->max_choices <= q->nopts);
		FUZZ_CHECK(q->remaining >= 1 && q->remaining <= s->nq);
	}
}

static void
check_result(const struct scenario *s, const struct guidance_answer *a,
    const struct guidance_result *res)
{
	unsigned char *seen = calloc((size_t)s->nq, 1);
	int i;

	FUZZ_CHECK(seen != NULL);
	FUZZ_CHECK(res->npath >= 0 && res->npath <= s->nq);
	for (i = 0; i < res->npath; i++) {
		int q = res->path[i];

		FUZZ_CHECK(q >= 0 && q < s->nq && !seen[q]);
		seen[q] = 1;
		FUZZ_CHECK(a[q].given && res->on_path[q]);
	}
	FUZZ_CHECK(res->npath == 0 || res->path[0] == s->start);
	if (res->complete) {
		FUZZ_CHECK(res->next == -1);
	} else {
		FUZZ_CHECK(res->next >= 0 && res->next < s->nq);
		FUZZ_CHECK(!a[res->next].given && res->on_path[res->next]);
		FUZZ_CHECK(res->remaining == s->q[res->next].remaining);
	}
	FUZZ_CHECK(res->rule >= -1 && res->rule < s->nrules);
	for (i = 0; i < res->nskipped; i++) {
		int q = res->skipped[i];

		FUZZ_CHECK(q >= 0 && q < s->nq);
		FUZZ_CHECK(a[q].given && !res->on_path[q]);
	}
	free(seen);
}

/* Every answer as text, in both languages. */
static void
check_texts(const struct scenario *s, const struct guidance_answer *a)
{
	int i, en;

	for (i = 0; i < s->nq; i++)
		for (en = 0; en < 2; en++) {
			char *t = guidance_answer_text(&s->q[i], &a[i], en);

			FUZZ_CHECK((t != NULL) == (a[i].given != 0));
			free(t);
		}
}

/* The answers on the path, as JSON, back through parse and eval. */
static void
round_trip(const struct scenario *s, const struct guidance_answer *a,
    const struct guidance_result *res)
{
	struct guidance_answer *b = calloc((size_t)s->nq, sizeof(*b));
	struct guidance_result again;
	struct guidance_error err;
	const char *code;
	json_t *j = guidance_answers_json(s, a, res), *j2;
	int i;

	FUZZ_CHECK(b != NULL && j != NULL);
	FUZZ_CHECK((int)json_object_size(j) == res->npath);
	FUZZ_CHECK(guidance_answers_parse(s, j, b, &err, &code) == 0);
	FUZZ_CHECK(guidance_eval(s, b, &again) == 0);
	check_result(s, b, &again);
	FUZZ_CHECK(again.npath == res->npath && again.next == res->next &&
	    again.rule == res->rule && again.complete == res->complete &&
	    again.remaining == res->remaining);
	FUZZ_CHECK(memcmp(again.path, res->path,
	    (size_t)res->npath * sizeof(int)) == 0);
	if (res->complete && res->rule < 0) {
		FUZZ_CHECK(memcmp(again.matter_on, res->matter_on,
		    (size_t)s->nmatters) == 0);
		FUZZ_CHECK(memcmp(again.material_on, res->material_on,
		    (size_t)s->nmaterials) == 0);
		FUZZ_CHECK(memcmp(again.precaution_on, res->precaution_on,
		    (size_t)s->nprecautions) == 0);
	}
	j2 = guidance_answers_json(s, b, &again);
	FUZZ_CHECK(j2 != NULL && json_equal(j, j2));
	for (i = 0; i < res->npath; i++)
		FUZZ_CHECK(b[res->path[i]].given);
	json_decref(j2);
	json_decref(j);
	guidance_result_free(&again);
	free(b);
}

static void
on_path(void *cls, const struct scenario *s, const struct guidance_answer *a,
    const struct guidance_result *res)
{
	long *n = cls;

	(*n)++;
	FUZZ_CHECK(res->complete && res->rule == -1);
	check_result(s, a, res);
	check_texts(s, a);
	round_trip(s, a, res);
}

static void
answers(const struct scenario *s, const char *text, size_t len)
{
	struct guidance_answer *a = calloc((size_t)s->nq, sizeof(*a));
	struct guidance_result res;
	struct guidance_error err;
	const char *code = NULL;
	json_t *j = text ? json_loadb(text, len,
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL) : json_object();

	FUZZ_CHECK(a != NULL);
	if (j == NULL)
		goto out;
	if (guidance_answers_parse(s, j, a, &err, &code) < 0) {
		FUZZ_CHECK(code != NULL && (strcmp(code, "unknown_field") == 0 ||
		    strcmp(code, "invalid_value") == 0));
		FUZZ_CHECK(err.msg[0] != '\0' && memchr(err.msg, '\0',
		    sizeof(err.msg)) && memchr(err.path, '\0', sizeof(err.path)));
		goto out;
	}
	FUZZ_CHECK(guidance_eval(s, a, &res) == 0);
	check_result(s, a, &res);
	if (text == NULL)
		FUZZ_CHECK(res.npath == 0 && res.next == s->start);
	check_texts(s, a);
	round_trip(s, a, &res);
	guidance_result_free(&res);
out:
	json_decref(j);
	free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = find_sep(data, size);
	size_t slen = sep ? (size_t)(sep - data) : size;
	struct guidance_error err;
	struct scenario *s;
	json_t *doc;
	long paths = 0, rc;

	doc = json_loadb((const char *)data, slen, JSON_REJECT_DUPLICATES,
	    NULL);
	if (doc == NULL)
		return 0;
	s = guidance_parse(doc, NULL, &err);	/* takes doc */
	if (s == NULL) {
		FUZZ_CHECK(err.msg[0] != '\0');
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)) != NULL);
		FUZZ_CHECK(memchr(err.path, '\0', sizeof(err.path)) != NULL);
		return 0;
	}
	check_scenario(s);
	if (sep)
		answers(s, (const char *)sep + 3, size - slen - 3);
	else
		answers(s, NULL, 0);
	rc = guidance_walk(s, WALK_LIMIT, on_path, &paths);
	FUZZ_CHECK(rc == -1 || (rc >= 0 && rc == paths && rc <= WALK_LIMIT));
	guidance_free(s);
	return 0;
}
