/*
 * guidance.c - guidance scenarios: the loader that checks a scenario file
 * against docs/guidance.md, the evaluation of answers, and the walk over
 * every path that the authoring tools and the tests use.
 *
 * Layout.  A scenario keeps its JSON document and points into it; what
 * the loader resolves (question indices, option indices, the conditions
 * as trees) lives in arrays the scenario owns.  After guidance_parse()
 * nothing is written, so evaluation needs no lock.
 *
 * Invariants the loader establishes, on which evaluation relies:
 *  - every question id is unique; every "next" names a question or END;
 *    the graph from start has no cycle and reaches every question;
 *  - every condition names an existing question with a test fitting its
 *    type, and an option the question has;
 *  - a multiple-choice question has at most GUIDANCE_MAX_OPTIONS options.
 * So a walk from start ends after at most nq questions.
 *
 * Evaluation follows "next" from start with the given answers: the
 * first edge whose condition holds is taken.  Conditions only see the
 * answers on the path so far; answers to other questions are ignored
 * (and reported as skipped).  A rule is only checked once every
 * question it names is answered on the path, so an unfinished wizard is
 * not refused for what it has not been asked yet.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guidance.h"

enum cond_op { C_IS, C_IN, C_HAS, C_RANGE, C_ALL, C_ANY, C_NOT };

struct guidance_cond {
	enum cond_op op;
	int q;				/* atoms: the question */
	uint64_t opts;			/* C_IS (single), C_IN, C_HAS: option bits */
	int yes;			/* C_IS on yesno */
	double ge, gt, le, lt;		/* C_RANGE: NAN when absent */
	struct guidance_cond **kids;	/* C_ALL, C_ANY: nkids; C_NOT: 1 */
	int nkids;
};

/* ------------------------------------------------------------------ */
/* Errors and small helpers                                            */

/* A path inside the file: truncated when absurdly deep, never overflowed. */
static void __attribute__((format(printf, 3, 4)))
pathf(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, n, fmt, ap);
	va_end(ap);
}

static int
fail(struct guidance_error *err, const char *path, const char *fmt,
    const char *arg)
{
	snprintf(err->path, sizeof(err->path), "%s", path);
	snprintf(err->msg, sizeof(err->msg), fmt, arg ? arg : "");
	return -1;
}

/* Refuses keys of o that are not in allowed (NULL-terminated). */
static int
only_keys(const json_t *o, const char *const *allowed, const char *path,
    struct guidance_error *err)
{
	const char *key;
	json_t *v;
	char sub[256];

	json_object_foreach((json_t *)o, key, v) {
		const char *const *a;

		for (a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				break;
		if (*a == NULL) {
			pathf(sub, sizeof(sub), "%s", path);
			return fail(err, sub, "unknown field \"%.100s\"", key);
		}
	}
	return 0;
}

/* A required (or optional: *out NULL) non-empty string field. */
static int
str_field(const json_t *o, const char *key, int required, const char *path,
    struct guidance_error *err, const char **out)
{
	json_t *v = json_object_get(o, key);
	char sub[256];

	*out = NULL;
	pathf(sub, sizeof(sub), "%s.%s", path, key);
	if (v == NULL)
		return required ? fail(err, sub, "missing: %s", "a non-empty "
		    "string is required") : 0;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > 2000)
		return fail(err, sub, "must be a non-empty string of at most "
		    "2000 bytes%s", NULL);
	*out = json_string_value(v);
	return 0;
}

/* An id: 1..40 of [a-z0-9] and the extra characters allowed. */
static int
id_ok(const char *s, const char *extra)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 40)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr(extra, s[i])))
			return 0;
	return 1;
}

static int
array_field(const json_t *o, const char *key, int min, const char *path,
    struct guidance_error *err, json_t **out)
{
	json_t *v = json_object_get(o, key);
	char sub[256];

	*out = NULL;
	pathf(sub, sizeof(sub), "%s.%s", path, key);
	if (v == NULL) {
		if (min > 0)
			return fail(err, sub, "missing: %s", "a list is "
			    "required");
		return 0;
	}
	if (!json_is_array(v))
		return fail(err, sub, "must be a list%s", NULL);
	if ((int)json_array_size(v) < min)
		return fail(err, sub, "must have at least one entry%s", NULL);
	if (json_array_size(v) > 1000)
		return fail(err, sub, "has more than 1000 entries%s", NULL);
	*out = v;
	return 0;
}

int
guidance_question_index(const struct scenario *s, const char *id)
{
	int i;

	for (i = 0; i < s->nq; i++)
		if (strcmp(s->q[i].id, id) == 0)
			return i;
	return -1;
}

static int
option_index(const struct guidance_question *q, const char *value)
{
	int i;

	for (i = 0; i < q->nopts; i++)
		if (strcmp(q->opts[i].value, value) == 0)
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Conditions                                                          */

static void
cond_free(struct guidance_cond *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkids; i++)
		cond_free(c->kids[i]);
	free(c->kids);
	free(c);
}

static int cond_parse(const struct scenario *s, const json_t *j,
    const char *path, int depth, struct guidance_error *err,
    struct guidance_cond **out);

static int
cond_list(const struct scenario *s, const json_t *list, const char *path,
    int depth, struct guidance_error *err, struct guidance_cond *c)
{
	size_t i;
	char sub[256];

	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > 100)
		return fail(err, path, "must be a list of 1 to 100 "
		    "conditions%s", NULL);
	c->kids = calloc(json_array_size(list), sizeof(*c->kids));
	if (c->kids == NULL)
		return fail(err, path, "out of memory%s", NULL);
	for (i = 0; i < json_array_size(list); i++) {
		pathf(sub, sizeof(sub), "%s[%zu]", path, i);
		/* Counted before it is checked: a refused kid is still
		 * c's to free (cond_parse() hands it over either way). */
		if (cond_parse(s, json_array_get(list, i), sub, depth + 1, err,
		    &c->kids[c->nkids++]) < 0)
			return -1;
	}
	return 0;
}

static int
cond_parse(const struct scenario *s, const json_t *j, const char *path,
    int depth, struct guidance_error *err, struct guidance_cond **out)
{
	static const char *const atom_keys[] = { "q", "is", "in", "has", "ge",
		"gt", "le", "lt", NULL };
	struct guidance_cond *c;
	const struct guidance_question *q;
	json_t *v;
	const char *qid;
	char sub[256];
	int qi;

	*out = NULL;
	if (depth > 16)
		return fail(err, path, "conditions nest too deep%s", NULL);
	if (!json_is_object(j) || json_object_size(j) == 0)
		return fail(err, path, "must be a condition object%s", NULL);
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return fail(err, path, "out of memory%s", NULL);
	*out = c;
	c->ge = c->gt = c->le = c->lt = NAN;
	if (json_object_size(j) == 1 && (json_object_get(j, "all") ||
	    json_object_get(j, "any"))) {
		int all = json_object_get(j, "all") != NULL;

		c->op = all ? C_ALL : C_ANY;
		pathf(sub, sizeof(sub), "%s.%s", path, all ? "all" : "any");
		return cond_list(s, json_object_get(j, all ? "all" : "any"),
		    sub, depth, err, c);
	}
	if (json_object_size(j) == 1 && (v = json_object_get(j, "not"))) {
		c->op = C_NOT;
		if ((c->kids = calloc(1, sizeof(*c->kids))) == NULL)
			return fail(err, path, "out of memory%s", NULL);
		c->nkids = 1;
		pathf(sub, sizeof(sub), "%s.not", path);
		return cond_parse(s, v, sub, depth + 1, err, &c->kids[0]);
	}
	if (only_keys(j, atom_keys, path, err) < 0)
		return -1;
	v = json_object_get(j, "q");
	pathf(sub, sizeof(sub), "%s.q", path);
	if (!json_is_string(v))
		return fail(err, sub, "a condition is {\"q\": question, test} "
		    "or all/any/not%s", NULL);
	qid = json_string_value(v);
	if ((qi = guidance_question_index(s, qid)) < 0)
		return fail(err, sub, "no question \"%.60s\"", qid);
	c->q = qi;
	q = &s->q[qi];
	if ((v = json_object_get(j, "is")) != NULL) {
		pathf(sub, sizeof(sub), "%s.is", path);
		if (json_object_size(j) != 2)
			return fail(err, path, "\"is\" stands alone with \"q\"%s",
			    NULL);
		c->op = C_IS;
		if (q->type == GQ_YESNO) {
			if (!json_is_boolean(v))
				return fail(err, sub, "a yes/no question is "
				    "tested with true or false%s", NULL);
			c->yes = json_is_true(v);
			return 0;
		}
		if (q->type != GQ_SINGLE)
			return fail(err, sub, "\"is\" tests a single-choice or "
			    "yes/no question; use %s", q->type == GQ_MULTIPLE ?
			    "\"has\"" : "ge/gt/le/lt");
		if (!json_is_string(v) || option_index(q, json_string_value(v))
		    < 0)
			return fail(err, sub, "not an option of question "
			    "\"%.60s\"", q->id);
		c->opts = (uint64_t)1 << option_index(q, json_string_value(v));
		return 0;
	}
	if ((v = json_object_get(j, "in")) != NULL ||
	    (v = json_object_get(j, "has")) != NULL) {
		int in = json_object_get(j, "in") != NULL;
		size_t i;

		pathf(sub, sizeof(sub), "%s.%s", path, in ? "in" : "has");
		if (json_object_size(j) != 2)
			return fail(err, path, "\"in\"/\"has\" stand alone with "
			    "\"q\"%s", NULL);
		if (in ? q->type != GQ_SINGLE : q->type != GQ_MULTIPLE)
			return fail(err, sub, in ? "\"in\" tests a single-choice "
			    "question%s" : "\"has\" tests a multiple-choice "
			    "question%s", NULL);
		c->op = in ? C_IN : C_HAS;
		if (in && (!json_is_array(v) || json_array_size(v) == 0))
			return fail(err, sub, "must be a list of options%s",
			    NULL);
		if (!in && !json_is_string(v))
			return fail(err, sub, "must be one option%s", NULL);
		for (i = 0; i < (in ? json_array_size(v) : 1); i++) {
			json_t *o = in ? json_array_get(v, i) : v;
			int oi = json_is_string(o) ? option_index(q,
			    json_string_value(o)) : -1;

			if (oi < 0)
				return fail(err, sub, "not an option of "
				    "question \"%.60s\"", q->id);
			c->opts |= (uint64_t)1 << oi;
		}
		return 0;
	}
	c->op = C_RANGE;
	if (q->type != GQ_NUMBER)
		return fail(err, path, "ge/gt/le/lt test a number question, not "
		    "\"%.60s\"", q->id);
	{
		static const char *const names[] = { "ge", "gt", "le", "lt" };
		double *slot[] = { &c->ge, &c->gt, &c->le, &c->lt };
		int i, n = 0;

		for (i = 0; i < 4; i++)
			if ((v = json_object_get(j, names[i])) != NULL) {
				pathf(sub, sizeof(sub), "%s.%s", path,
				    names[i]);
				if (!json_is_number(v))
					return fail(err, sub, "must be a "
					    "number%s", NULL);
				*slot[i] = json_number_value(v);
				n++;
			}
		if (n == 0)
			return fail(err, path, "a condition needs a test: is, "
			    "in, has, ge, gt, le or lt%s", NULL);
	}
	return 0;
}

/* Does c hold?  seen[q]: the answer counts (on the path so far). */
static int
cond_holds(const struct guidance_cond *c, const struct guidance_answer *a,
    const unsigned char *seen)
{
	const struct guidance_answer *x;
	int i;

	if (c == NULL)
		return 1;
	switch (c->op) {
	case C_ALL:
		for (i = 0; i < c->nkids; i++)
			if (!cond_holds(c->kids[i], a, seen))
				return 0;
		return 1;
	case C_ANY:
		for (i = 0; i < c->nkids; i++)
			if (cond_holds(c->kids[i], a, seen))
				return 1;
		return 0;
	case C_NOT:
		return !cond_holds(c->kids[0], a, seen);
	default:
		break;
	}
	if (!seen[c->q] || !a[c->q].given)
		return 0;
	x = &a[c->q];
	switch (c->op) {
	case C_IS:
		if (c->opts == 0)
			return x->yes == c->yes;
		/* FALLTHROUGH */
	case C_IN:
		return (c->opts >> x->opt) & 1;
	case C_HAS:
		return (x->set & c->opts) != 0;
	case C_RANGE:
		return (isnan(c->ge) || x->num >= c->ge) &&
		    (isnan(c->gt) || x->num > c->gt) &&
		    (isnan(c->le) || x->num <= c->le) &&
		    (isnan(c->lt) || x->num < c->lt);
	default:
		return 0;
	}
}

/* Are all the questions c names answered on the path? */
static int
cond_answered(const struct guidance_cond *c, const struct guidance_answer *a,
    const unsigned char *seen)
{
	int i;

	if (c == NULL)
		return 1;
	if (c->op == C_ALL || c->op == C_ANY || c->op == C_NOT) {
		for (i = 0; i < c->nkids; i++)
			if (!cond_answered(c->kids[i], a, seen))
				return 0;
		return 1;
	}
	return seen[c->q] && a[c->q].given;
}

/* The first question c names that ok[] does not allow, or -1. */
static int
cond_refs_outside(const struct guidance_cond *c, const unsigned char *ok)
{
	int i, q;

	if (c == NULL)
		return -1;
	for (i = 0; i < c->nkids; i++)
		if ((q = cond_refs_outside(c->kids[i], ok)) >= 0)
			return q;
	if (c->op == C_ALL || c->op == C_ANY || c->op == C_NOT)
		return -1;
	return ok[c->q] ? -1 : c->q;
}

/* Calls fn for every number threshold c tests on question q. */
static void
cond_thresholds(const struct guidance_cond *c, int q,
    void (*fn)(void *, double), void *cls)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkids; i++)
		cond_thresholds(c->kids[i], q, fn, cls);
	if (c->op != C_RANGE || c->q != q)
		return;
	if (!isnan(c->ge))
		fn(cls, c->ge);
	if (!isnan(c->gt))
		fn(cls, c->gt);
	if (!isnan(c->le))
		fn(cls, c->le);
	if (!isnan(c->lt))
		fn(cls, c->lt);
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

void
guidance_free(struct scenario *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nq; i++) {
		int e;

		for (e = 0; e < s->q[i].nnext; e++)
			cond_free(s->q[i].next[e].when);
		free(s->q[i].next);
		free(s->q[i].opts);
	}
	free(s->q);
	for (i = 0; i < s->nrules; i++)
		cond_free(s->rules[i].when);
	free(s->rules);
	for (i = 0; i < s->nmatters; i++)
		cond_free(s->matters[i].when);
	free(s->matters);
	for (i = 0; i < s->nmaterials; i++)
		cond_free(s->materials[i].when);
	free(s->materials);
	for (i = 0; i < s->nprecautions; i++)
		cond_free(s->precautions[i].when);
	free(s->precautions);
	for (i = 0; i < s->nforms; i++)
		free(s->forms[i].fields);
	free(s->forms);
	free(s->reach);
	json_decref(s->doc);
	free(s);
}

/* Pass 1 of a question: everything but "next" (which names others). */
static int
question_parse(struct scenario *s, int i, const char *path,
    struct guidance_error *err)
{
	static const char *const keys[] = { "id", "type", "text_zh", "text_en",
		"help_zh", "help_en", "options", "min_choices", "max_choices",
		"min", "max", "integer", "unit_zh", "unit_en", "next", NULL };
	static const char *const opt_keys[] = { "value", "label_zh",
		"label_en", NULL };
	struct guidance_question *q = &s->q[i];
	json_t *j = q->def, *v;
	const char *type, *dummy;
	char sub[256];
	int k;

	if (!json_is_object(j))
		return fail(err, path, "a question is an object%s", NULL);
	if (only_keys(j, keys, path, err) < 0 ||
	    str_field(j, "id", 1, path, err, &q->id) < 0 ||
	    str_field(j, "type", 1, path, err, &type) < 0 ||
	    str_field(j, "text_zh", 1, path, err, &q->text_zh) < 0 ||
	    str_field(j, "text_en", 1, path, err, &q->text_en) < 0 ||
	    str_field(j, "help_zh", 0, path, err, &dummy) < 0 ||
	    str_field(j, "help_en", 0, path, err, &dummy) < 0)
		return -1;
	pathf(sub, sizeof(sub), "%s.id", path);
	if (!id_ok(q->id, "_"))
		return fail(err, sub, "must be 1 to 40 of a-z, 0-9 and _%s",
		    NULL);
	for (k = 0; k < i; k++)
		if (strcmp(s->q[k].id, q->id) == 0)
			return fail(err, sub, "question \"%s\" is defined twice",
			    q->id);
	if (json_object_get(j, "next") == NULL) {
		pathf(sub, sizeof(sub), "%s.next", path);
		return fail(err, sub, "missing: %s", "a question id, \"end\" "
		    "or a list of {when, goto}");
	}
	pathf(sub, sizeof(sub), "%s.type", path);
	if (strcmp(type, "single") == 0)
		q->type = GQ_SINGLE;
	else if (strcmp(type, "multiple") == 0)
		q->type = GQ_MULTIPLE;
	else if (strcmp(type, "yesno") == 0)
		q->type = GQ_YESNO;
	else if (strcmp(type, "number") == 0)
		q->type = GQ_NUMBER;
	else
		return fail(err, sub, "must be single, multiple, yesno or "
		    "number, not \"%.40s\"", type);
	/* Fields that only some types have. */
	{
		static const char *const choice_only[] = { "options", NULL };
		static const char *const multi_only[] = { "min_choices",
			"max_choices", NULL };
		static const char *const num_only[] = { "min", "max", "integer",
			"unit_zh", "unit_en", NULL };
		const char *const *f;
		int choice = q->type == GQ_SINGLE || q->type == GQ_MULTIPLE;

		for (f = choice_only; *f; f++)
			if (!choice && json_object_get(j, *f)) {
				pathf(sub, sizeof(sub), "%s.%s", path, *f);
				return fail(err, sub, "only choice questions "
				    "have options%s", NULL);
			}
		for (f = multi_only; *f; f++)
			if (q->type != GQ_MULTIPLE && json_object_get(j, *f)) {
				pathf(sub, sizeof(sub), "%s.%s", path, *f);
				return fail(err, sub, "only multiple-choice "
				    "questions have %s", *f);
			}
		for (f = num_only; *f; f++)
			if (q->type != GQ_NUMBER && json_object_get(j, *f)) {
				pathf(sub, sizeof(sub), "%s.%s", path, *f);
				return fail(err, sub, "only number questions "
				    "have %s", *f);
			}
	}
	if (q->type == GQ_SINGLE || q->type == GQ_MULTIPLE) {
		json_t *opts;
		size_t o;

		if (array_field(j, "options", 1, path, err, &opts) < 0)
			return -1;
		pathf(sub, sizeof(sub), "%s.options", path);
		if (json_array_size(opts) < 2 ||
		    json_array_size(opts) > GUIDANCE_MAX_OPTIONS)
			return fail(err, sub, "must have 2 to 64 options%s",
			    NULL);
		q->opts = calloc(json_array_size(opts), sizeof(*q->opts));
		if (q->opts == NULL)
			return fail(err, sub, "out of memory%s", NULL);
		for (o = 0; o < json_array_size(opts); o++) {
			struct guidance_option *op = &q->opts[o];
			json_t *oj = json_array_get(opts, o);

			pathf(sub, sizeof(sub), "%s.options[%zu]", path, o);
			if (!json_is_object(oj))
				return fail(err, sub, "an option is an "
				    "object%s", NULL);
			if (only_keys(oj, opt_keys, sub, err) < 0 ||
			    str_field(oj, "value", 1, sub, err, &op->value) < 0 ||
			    str_field(oj, "label_zh", 1, sub, err,
			    &op->label_zh) < 0 ||
			    str_field(oj, "label_en", 1, sub, err,
			    &op->label_en) < 0)
				return -1;
			if (!id_ok(op->value, "_-"))
				return fail(err, sub, "value must be 1 to 40 of "
				    "a-z, 0-9, _ and -%s", NULL);
			if (option_index(q, op->value) >= 0 &&
			    option_index(q, op->value) < (int)o)
				return fail(err, sub, "option \"%s\" appears "
				    "twice", op->value);
			q->nopts++;
		}
		q->min_choices = 1;
		q->max_choices = q->nopts;
		if ((v = json_object_get(j, "min_choices")) != NULL) {
			pathf(sub, sizeof(sub), "%s.min_choices", path);
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > q->nopts)
				return fail(err, sub, "must be an integer from 0 "
				    "to the number of options%s", NULL);
			q->min_choices = (int)json_integer_value(v);
		}
		if ((v = json_object_get(j, "max_choices")) != NULL) {
			pathf(sub, sizeof(sub), "%s.max_choices", path);
			if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > q->nopts ||
			    json_integer_value(v) < q->min_choices)
				return fail(err, sub, "must be an integer from "
				    "min_choices (and 1) to the number of "
				    "options%s", NULL);
			q->max_choices = (int)json_integer_value(v);
		}
	}
	if (q->type == GQ_NUMBER) {
		json_t *mn = json_object_get(j, "min");
		json_t *mx = json_object_get(j, "max");

		pathf(sub, sizeof(sub), "%s.%s", path, mn ? "max" : "min");
		if (!json_is_number(mn) || !json_is_number(mx))
			return fail(err, sub, "a number question has a number "
			    "range: min and max%s", NULL);
		q->min = json_number_value(mn);
		q->max = json_number_value(mx);
		if (!(q->min <= q->max) || fabs(q->min) > 1e12 ||
		    fabs(q->max) > 1e12)
			return fail(err, sub, "min must not be above max, both "
			    "within ±1e12%s", NULL);
		q->integer = 1;
		if ((v = json_object_get(j, "integer")) != NULL) {
			pathf(sub, sizeof(sub), "%s.integer", path);
			if (!json_is_boolean(v))
				return fail(err, sub, "must be true or false%s",
				    NULL);
			q->integer = json_is_true(v);
		}
		if (str_field(j, "unit_zh", 0, path, err, &q->unit_zh) < 0 ||
		    str_field(j, "unit_en", 0, path, err, &q->unit_en) < 0)
			return -1;
	}
	return 0;
}

/* "next": an id, "end", or [{when, goto}, ..., {goto}]. */
static int
next_parse(struct scenario *s, int i, const char *path,
    struct guidance_error *err)
{
	static const char *const keys[] = { "when", "goto", NULL };
	struct guidance_question *q = &s->q[i];
	json_t *n = json_object_get(q->def, "next");
	char sub[256];
	size_t e, count = json_is_array(n) ? json_array_size(n) : 1;

	pathf(sub, sizeof(sub), "%s.next", path);
	if (!json_is_string(n) && !(json_is_array(n) && count > 0 &&
	    count <= 100))
		return fail(err, sub, "must be a question id, \"end\" or a list "
		    "of {when, goto}%s", NULL);
	if ((q->next = calloc(count, sizeof(*q->next))) == NULL)
		return fail(err, sub, "out of memory%s", NULL);
	for (e = 0; e < count; e++) {
		json_t *ej = json_is_array(n) ? json_array_get(n, e) : NULL;
		json_t *to = ej ? json_object_get(ej, "goto") : n;
		const char *tid;

		if (ej) {
			pathf(sub, sizeof(sub), "%s.next[%zu]", path, e);
			if (!json_is_object(ej))
				return fail(err, sub, "an entry is {when, "
				    "goto}%s", NULL);
			if (only_keys(ej, keys, sub, err) < 0)
				return -1;
			if (json_object_get(ej, "when")) {
				char wsub[256];

				pathf(wsub, sizeof(wsub), "%s.when", sub);
				if (cond_parse(s, json_object_get(ej, "when"),
				    wsub, 0, err, &q->next[e].when) < 0) {
					q->nnext = (int)e + 1;
					return -1;
				}
			}
			q->nnext = (int)e + 1;
			if ((e + 1 == count) != (q->next[e].when == NULL))
				return fail(err, sub, e + 1 == count ? "the last "
				    "entry has no \"when\": it is the default%s" :
				    "only the last entry may lack \"when\"%s",
				    NULL);
			pathf(sub, sizeof(sub), "%s.next[%zu].goto", path, e);
		} else
			q->nnext = 1;
		if (!json_is_string(to))
			return fail(err, sub, "must name a question or "
			    "\"end\"%s", NULL);
		tid = json_string_value(to);
		if (strcmp(tid, "end") == 0)
			q->next[e].to = GUIDANCE_END;
		else if ((q->next[e].to = guidance_question_index(s, tid)) < 0)
			return fail(err, sub, "no question \"%.60s\"", tid);
		else if (q->next[e].to == i)
			return fail(err, sub, "a question cannot lead to "
			    "itself%s", NULL);
	}
	return 0;
}

/*
 * Depth-first: refuses a cycle, marks what start reaches, and computes
 * each question's "remaining" (the longest way to the end, itself
 * included).  state: 0 new, 1 on the stack, 2 done.
 */
static int
graph_visit(struct scenario *s, int i, unsigned char *state,
    struct guidance_error *err)
{
	struct guidance_question *q = &s->q[i];
	int e, best = 0;
	char sub[256];

	state[i] = 1;
	for (e = 0; e < q->nnext; e++) {
		int to = q->next[e].to;

		if (to == GUIDANCE_END)
			continue;
		if (state[to] == 1) {
			pathf(sub, sizeof(sub), "questions[%d].next", i);
			return fail(err, sub, "the questions form a cycle through "
			    "\"%.60s\": every path must end", s->q[to].id);
		}
		if (state[to] == 0 && graph_visit(s, to, state, err) < 0)
			return -1;
		if (s->q[to].remaining > best)
			best = s->q[to].remaining;
	}
	q->remaining = best + 1;
	state[i] = 2;
	return 0;
}

/*
 * A condition on an edge out of question i can only see answers given
 * before it: i itself and the questions from which i can be reached.
 * Naming a later question would always be false — a mistake the loader
 * refuses.
 */
static int
edges_look_back(struct scenario *s, struct guidance_error *err)
{
	unsigned char *reach;	/* reach[a * nq + b]: b reachable from a */
	size_t n = (size_t)s->nq;
	int a, b, e, k, changed, rc = 0;
	char sub[256];

	if ((reach = calloc(n * n, 1)) == NULL)
		return fail(err, "questions", "out of memory%s", NULL);
	for (a = 0; a < s->nq; a++)
		for (e = 0; e < s->q[a].nnext; e++)
			if (s->q[a].next[e].to != GUIDANCE_END)
				reach[a * n + (size_t)s->q[a].next[e].to] = 1;
	do {			/* the closure; scenarios are small */
		changed = 0;
		for (a = 0; a < s->nq; a++)
			for (k = 0; k < s->nq; k++)
				if (reach[a * n + (size_t)k])
					for (b = 0; b < s->nq; b++)
						if (reach[(size_t)k * n + (size_t)b] &&
						    !reach[a * n + (size_t)b])
							reach[a * n + (size_t)b] =
							    changed = 1;
	} while (changed);
	for (b = 0; b < s->nq && rc == 0; b++) {
		unsigned char *before = calloc(n, 1);

		if (before == NULL) {
			rc = fail(err, "questions", "out of memory%s", NULL);
			break;
		}
		before[b] = 1;
		for (a = 0; a < s->nq; a++)
			if (reach[a * n + (size_t)b])
				before[a] = 1;
		for (e = 0; e < s->q[b].nnext && rc == 0; e++) {
			int q = cond_refs_outside(s->q[b].next[e].when, before);

			if (q >= 0) {
				pathf(sub, sizeof(sub), "questions[%d].next[%d]"
				    ".when", b, e);
				rc = fail(err, sub, "\"%.60s\" is not asked before "
				    "this question: the test would always be "
				    "false", s->q[q].id);
			}
		}
		free(before);
	}
	s->reach = reach;	/* evaluation needs it too */
	return rc;
}

static int
parse_conds_list(struct scenario *s, json_t *list, const char *name,
    const char *const *keys, struct guidance_error *err,
    int (*one)(struct scenario *, json_t *, int, const char *,
    struct guidance_error *))
{
	size_t i;
	char sub[256];

	for (i = 0; i < json_array_size(list); i++) {
		json_t *j = json_array_get(list, i);

		pathf(sub, sizeof(sub), "%s[%zu]", name, i);
		if (!json_is_object(j))
			return fail(err, sub, "an entry is an object%s", NULL);
		if (only_keys(j, keys, sub, err) < 0)
			return -1;
		if (one(s, j, (int)i, sub, err) < 0)
			return -1;
	}
	return 0;
}

static int
when_parse(struct scenario *s, json_t *j, const char *path, int required,
    struct guidance_error *err, struct guidance_cond **out)
{
	char sub[256];

	*out = NULL;
	pathf(sub, sizeof(sub), "%s.when", path);
	if (json_object_get(j, "when") == NULL)
		return required ? fail(err, sub, "missing: %s", "a condition "
		    "is required") : 0;
	return cond_parse(s, json_object_get(j, "when"), sub, 0, err, out);
}

static int
matter_index(const struct scenario *s, const char *code)
{
	int i;

	for (i = 0; i < s->nmatters; i++)
		if (strcmp(s->matters[i].code, code) == 0)
			return i;
	return -1;
}

static int
rule_one(struct scenario *s, json_t *j, int i, const char *path,
    struct guidance_error *err)
{
	struct guidance_rule *r = &s->rules[i];
	const char *field;
	char sub[256];

	s->nrules = i + 1;
	if (when_parse(s, j, path, 1, err, &r->when) < 0 ||
	    str_field(j, "field", 1, path, err, &field) < 0 ||
	    str_field(j, "reason_zh", 1, path, err, &r->reason_zh) < 0 ||
	    str_field(j, "reason_en", 1, path, err, &r->reason_en) < 0)
		return -1;
	pathf(sub, sizeof(sub), "%s.field", path);
	if ((r->field = guidance_question_index(s, field)) < 0)
		return fail(err, sub, "no question \"%.60s\"", field);
	return 0;
}

static int
matter_one(struct scenario *s, json_t *j, int i, const char *path,
    struct guidance_error *err)
{
	struct guidance_matter *m = &s->matters[i];
	char sub[256];

	s->nmatters = i + 1;
	if (str_field(j, "code", 1, path, err, &m->code) < 0 ||
	    str_field(j, "why_zh", 1, path, err, &m->why_zh) < 0 ||
	    str_field(j, "why_en", 1, path, err, &m->why_en) < 0 ||
	    when_parse(s, j, path, 0, err, &m->when) < 0)
		return -1;
	pathf(sub, sizeof(sub), "%s.code", path);
	if (matter_index(s, m->code) < i)
		return fail(err, sub, "matter %.20s is listed twice", m->code);
	return 0;
}

static int
material_one(struct scenario *s, json_t *j, int i, const char *path,
    struct guidance_error *err)
{
	struct guidance_material *m = &s->materials[i];
	const char *matter;
	char sub[256];

	s->nmaterials = i + 1;
	m->matter = -1;
	if (str_field(j, "matter", 0, path, err, &matter) < 0 ||
	    str_field(j, "kind", 1, path, err, &m->kind) < 0 ||
	    str_field(j, "note_zh", 0, path, err, &m->note_zh) < 0 ||
	    str_field(j, "note_en", 0, path, err, &m->note_en) < 0 ||
	    when_parse(s, j, path, 1, err, &m->when) < 0)
		return -1;
	pathf(sub, sizeof(sub), "%s.matter", path);
	if (matter && (m->matter = matter_index(s, matter)) < 0)
		return fail(err, sub, "%.20s is not one of the scenario's "
		    "matters", matter);
	return 0;
}

static int
precaution_one(struct scenario *s, json_t *j, int i, const char *path,
    struct guidance_error *err)
{
	struct guidance_precaution *p = &s->precautions[i];

	s->nprecautions = i + 1;
	return str_field(j, "text_zh", 1, path, err, &p->text_zh) < 0 ||
	    str_field(j, "text_en", 1, path, err, &p->text_en) < 0 ||
	    when_parse(s, j, path, 0, err, &p->when) < 0 ? -1 : 0;
}

static int
form_one(struct scenario *s, json_t *j, int i, const char *path,
    struct guidance_error *err)
{
	static const char *const field_keys[] = { "key", "label_zh",
		"label_en", "from", NULL };
	static const struct {
		const char *name;
		enum guidance_source src;
	} sources[] = {
		{ "applicant:name", GS_APPLICANT_NAME },
		{ "applicant:id_number", GS_APPLICANT_ID },
		{ "applicant:mobile", GS_APPLICANT_MOBILE },
		{ "applicant:district", GS_APPLICANT_DISTRICT },
		{ "enterprise:credit_code", GS_ENTERPRISE_CODE },
		{ "enterprise:legal_rep_name", GS_ENTERPRISE_LEGAL_REP },
	};
	struct guidance_form *f = &s->forms[i];
	const char *matter;
	json_t *fields;
	char sub[256];
	size_t k;

	s->nforms = i + 1;
	if (str_field(j, "matter", 1, path, err, &matter) < 0 ||
	    array_field(j, "fields", 1, path, err, &fields) < 0)
		return -1;
	pathf(sub, sizeof(sub), "%s.matter", path);
	if ((f->matter = matter_index(s, matter)) < 0)
		return fail(err, sub, "%.20s is not one of the scenario's "
		    "matters", matter);
	if ((f->fields = calloc(json_array_size(fields),
	    sizeof(*f->fields))) == NULL)
		return fail(err, path, "out of memory%s", NULL);
	for (k = 0; k < json_array_size(fields); k++) {
		struct guidance_field *fd = &f->fields[k];
		json_t *fj = json_array_get(fields, k);
		const char *from;
		size_t n;
		int d;

		pathf(sub, sizeof(sub), "%s.fields[%zu]", path, k);
		if (!json_is_object(fj))
			return fail(err, sub, "a field is an object%s", NULL);
		if (only_keys(fj, field_keys, sub, err) < 0 ||
		    str_field(fj, "key", 1, sub, err, &fd->key) < 0 ||
		    str_field(fj, "label_zh", 1, sub, err, &fd->label_zh) < 0 ||
		    str_field(fj, "label_en", 1, sub, err, &fd->label_en) < 0 ||
		    str_field(fj, "from", 1, sub, err, &from) < 0)
			return -1;
		f->nfields = (int)k + 1;
		if (!id_ok(fd->key, "_"))
			return fail(err, sub, "key must be 1 to 40 of a-z, 0-9 "
			    "and _%s", NULL);
		for (d = 0; d < (int)k; d++)
			if (strcmp(f->fields[d].key, fd->key) == 0)
				return fail(err, sub, "key \"%s\" appears "
				    "twice", fd->key);
		pathf(sub, sizeof(sub), "%s.fields[%zu].from", path, k);
		if (strncmp(from, "answer:", 7) == 0) {
			fd->source = GS_ANSWER;
			if ((fd->q = guidance_question_index(s, from + 7)) < 0)
				return fail(err, sub, "no question \"%.60s\"",
				    from + 7);
			continue;
		}
		for (n = 0; n < sizeof(sources) / sizeof(sources[0]); n++)
			if (strcmp(sources[n].name, from) == 0)
				break;
		if (n == sizeof(sources) / sizeof(sources[0]))
			return fail(err, sub, "unknown source \"%.60s\" (see "
			    "docs/guidance.md)", from);
		fd->source = sources[n].src;
		if (strcmp(s->audience, "person") == 0 &&
		    (fd->source == GS_ENTERPRISE_CODE ||
		    fd->source == GS_ENTERPRISE_LEGAL_REP))
			return fail(err, sub, "a scenario for persons has no "
			    "enterprise: \"%.60s\"", from);
		if (strcmp(s->audience, "enterprise") == 0 &&
		    fd->source == GS_APPLICANT_ID)
			return fail(err, sub, "an enterprise has no resident ID "
			    "number; use enterprise:credit_code%s", NULL);
	}
	return 0;
}

struct scenario *
guidance_parse(json_t *doc, const char *id, struct guidance_error *err)
{
	static const char *const keys[] = { "id", "audience", "title_zh",
		"title_en", "summary_zh", "summary_en", "start", "questions",
		"rules", "matters", "materials", "precautions", "forms", NULL };
	static const char *const rule_keys[] = { "when", "field", "reason_zh",
		"reason_en", NULL };
	static const char *const matter_keys[] = { "code", "when", "why_zh",
		"why_en", NULL };
	static const char *const material_keys[] = { "matter", "kind", "when",
		"note_zh", "note_en", NULL };
	static const char *const precaution_keys[] = { "when", "text_zh",
		"text_en", NULL };
	static const char *const form_keys[] = { "matter", "fields", NULL };
	struct scenario *s;
	json_t *questions, *rules, *matters, *materials, *precautions, *forms;
	const char *start;
	unsigned char *state = NULL;
	char sub[256];
	int i;

	memset(err, 0, sizeof(*err));
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		json_decref(doc);
		fail(err, "", "out of memory%s", NULL);
		return NULL;
	}
	s->doc = doc;
	if (!json_is_object(doc)) {
		fail(err, "", "a scenario is a JSON object%s", NULL);
		goto bad;
	}
	if (only_keys(doc, keys, "", err) < 0 ||
	    str_field(doc, "id", 1, "", err, &s->id) < 0 ||
	    str_field(doc, "audience", 1, "", err, &s->audience) < 0 ||
	    str_field(doc, "title_zh", 1, "", err, &s->title_zh) < 0 ||
	    str_field(doc, "title_en", 1, "", err, &s->title_en) < 0 ||
	    str_field(doc, "summary_zh", 1, "", err, &s->summary_zh) < 0 ||
	    str_field(doc, "summary_en", 1, "", err, &s->summary_en) < 0 ||
	    str_field(doc, "start", 1, "", err, &start) < 0 ||
	    array_field(doc, "questions", 1, "", err, &questions) < 0 ||
	    array_field(doc, "rules", 0, "", err, &rules) < 0 ||
	    array_field(doc, "matters", 1, "", err, &matters) < 0 ||
	    array_field(doc, "materials", 0, "", err, &materials) < 0 ||
	    array_field(doc, "precautions", 0, "", err, &precautions) < 0 ||
	    array_field(doc, "forms", 0, "", err, &forms) < 0)
		goto bad;
	if (!id_ok(s->id, "-")) {
		fail(err, ".id", "must be 1 to 40 of a-z, 0-9 and -%s", NULL);
		goto bad;
	}
	if (id && strcmp(id, s->id) != 0) {
		fail(err, ".id", "the id must be the file's name (%.60s)", id);
		goto bad;
	}
	if (strcmp(s->audience, "person") != 0 &&
	    strcmp(s->audience, "enterprise") != 0) {
		fail(err, ".audience", "must be person or enterprise%s", NULL);
		goto bad;
	}
	/* Questions: ids and types first, so conditions can name any. */
	s->q = calloc(json_array_size(questions), sizeof(*s->q));
	if (s->q == NULL)
		goto oom;
	for (i = 0; i < (int)json_array_size(questions); i++) {
		pathf(sub, sizeof(sub), "questions[%d]", i);
		s->q[i].def = json_array_get(questions, i);
		s->nq = i + 1;
		if (question_parse(s, i, sub, err) < 0)
			goto bad;
	}
	for (i = 0; i < s->nq; i++) {
		pathf(sub, sizeof(sub), "questions[%d]", i);
		if (next_parse(s, i, sub, err) < 0)
			goto bad;
	}
	if ((s->start = guidance_question_index(s, start)) < 0) {
		fail(err, ".start", "no question \"%.60s\"", start);
		goto bad;
	}
	if ((state = calloc(s->nq, 1)) == NULL)
		goto oom;
	if (graph_visit(s, s->start, state, err) < 0)
		goto bad;
	for (i = 0; i < s->nq; i++)
		if (state[i] == 0) {
			pathf(sub, sizeof(sub), "questions[%d]", i);
			fail(err, sub, "question \"%.60s\" cannot be reached "
			    "from start", s->q[i].id);
			goto bad;
		}
	free(state);
	state = NULL;
	if (edges_look_back(s, err) < 0)
		goto bad;
	/* Matters before materials and forms, which name them. */
	if ((s->matters = calloc(json_array_size(matters),
	    sizeof(*s->matters))) == NULL ||
	    (rules && (s->rules = calloc(json_array_size(rules),
	    sizeof(*s->rules))) == NULL) ||
	    (materials && (s->materials = calloc(json_array_size(materials),
	    sizeof(*s->materials))) == NULL) ||
	    (precautions && (s->precautions = calloc(
	    json_array_size(precautions), sizeof(*s->precautions))) == NULL) ||
	    (forms && (s->forms = calloc(json_array_size(forms),
	    sizeof(*s->forms))) == NULL))
		goto oom;
	if (parse_conds_list(s, matters, "matters", matter_keys, err,
	    matter_one) < 0 ||
	    parse_conds_list(s, rules, "rules", rule_keys, err, rule_one) < 0 ||
	    parse_conds_list(s, materials, "materials", material_keys, err,
	    material_one) < 0 ||
	    parse_conds_list(s, precautions, "precautions", precaution_keys,
	    err, precaution_one) < 0 ||
	    parse_conds_list(s, forms, "forms", form_keys, err, form_one) < 0)
		goto bad;
	for (i = 0; i < s->nforms; i++) {
		int k;

		for (k = 0; k < i; k++)
			if (s->forms[k].matter == s->forms[i].matter) {
				pathf(sub, sizeof(sub), "forms[%d].matter",
				    i);
				fail(err, sub, "a second form for %.20s",
				    s->matters[s->forms[i].matter].code);
				goto bad;
			}
	}
	return s;
oom:
	fail(err, "", "out of memory%s", NULL);
bad:
	free(state);
	guidance_free(s);
	return NULL;
}

int
guidance_check_catalog(const struct scenario *s,
    const struct guidance_catalog *cat, struct guidance_error *err)
{
	char sub[256];
	int i;

	for (i = 0; i < s->nmatters; i++) {
		const char *type = cat->matter_applicant(cat->cls,
		    s->matters[i].code);

		pathf(sub, sizeof(sub), "matters[%d].code", i);
		if (type == NULL)
			return fail(err, sub, "no matter %.20s in the catalog",
			    s->matters[i].code);
		if (strcmp(type, s->audience) != 0)
			return fail(err, sub, "the applicant of this matter is "
			    "not the scenario's audience (%s)", s->audience);
	}
	for (i = 0; i < s->nmaterials; i++) {
		pathf(sub, sizeof(sub), "materials[%d].kind", i);
		if (!cat->kind_exists(cat->cls, s->materials[i].kind))
			return fail(err, sub, "no material kind %.48s",
			    s->materials[i].kind);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Answers and evaluation                                              */

int
guidance_answers_parse(const struct scenario *s, const json_t *answers,
    struct guidance_answer *a, struct guidance_error *err, const char **code)
{
	const char *key;
	json_t *v;
	char sub[256];

	memset(a, 0, (size_t)s->nq * sizeof(*a));
	*code = "invalid_value";
	if (!json_is_object(answers))
		return fail(err, "answers", "must be an object of question ids "
		    "and answers%s", NULL);
	json_object_foreach((json_t *)answers, key, v) {
		int qi = guidance_question_index(s, key);
		const struct guidance_question *q;
		struct guidance_answer *x;

		pathf(sub, sizeof(sub), "answers.%.60s", key);
		if (qi < 0) {
			*code = "unknown_field";
			return fail(err, sub, "this scenario has no question "
			    "\"%.60s\"", key);
		}
		q = &s->q[qi];
		x = &a[qi];
		if (json_is_null(v))
			continue;	/* not answered (yet) */
		x->given = 1;
		switch (q->type) {
		case GQ_SINGLE:
			if (!json_is_string(v) ||
			    (x->opt = option_index(q, json_string_value(v))) < 0)
				return fail(err, sub, "must be one of the "
				    "question's options%s", NULL);
			break;
		case GQ_MULTIPLE: {
			size_t i;
			int n = 0;

			if (!json_is_array(v))
				return fail(err, sub, "must be a list of the "
				    "question's options%s", NULL);
			for (i = 0; i < json_array_size(v); i++) {
				json_t *o = json_array_get(v, i);
				int oi = json_is_string(o) ? option_index(q,
				    json_string_value(o)) : -1;

				if (oi < 0)
					return fail(err, sub, "must be a list "
					    "of the question's options%s", NULL);
				if ((x->set >> oi) & 1)
					return fail(err, sub, "names an option "
					    "twice%s", NULL);
				x->set |= (uint64_t)1 << oi;
				n++;
			}
			if (n < q->min_choices || n > q->max_choices) {
				char range[64];

				snprintf(range, sizeof(range), "%d to %d",
				    q->min_choices, q->max_choices);
				return fail(err, sub, "choose %s options", range);
			}
			break;
		}
		case GQ_YESNO:
			if (!json_is_boolean(v))
				return fail(err, sub, "must be true or false%s",
				    NULL);
			x->yes = json_is_true(v);
			break;
		case GQ_NUMBER: {
			char range[96];

			if (!json_is_number(v))
				return fail(err, sub, "must be a number%s", NULL);
			x->num = json_number_value(v);
			snprintf(range, sizeof(range), "%s from %g to %g",
			    q->integer ? "a whole number" : "a number",
			    q->min, q->max);
			if (!isfinite(x->num) || x->num < q->min ||
			    x->num > q->max ||
			    (q->integer && x->num != floor(x->num)))
				return fail(err, sub, "must be %s", range);
			break;
		}
		}
	}
	return 0;
}

void
guidance_result_free(struct guidance_result *res)
{
	free(res->path);
	free(res->skipped);
	free(res->on_path);
	free(res->matter_on);
	free(res->material_on);
	free(res->precaution_on);
	memset(res, 0, sizeof(*res));
}

int
guidance_eval(const struct scenario *s, const struct guidance_answer *a,
    struct guidance_result *res)
{
	int cur, i;

	memset(res, 0, sizeof(*res));
	res->next = res->rule = -1;
	res->path = calloc((size_t)s->nq, sizeof(int));
	res->skipped = calloc((size_t)s->nq, sizeof(int));
	res->on_path = calloc((size_t)s->nq, 1);
	res->matter_on = calloc((size_t)s->nmatters + 1, 1);
	res->material_on = calloc((size_t)s->nmaterials + 1, 1);
	res->precaution_on = calloc((size_t)s->nprecautions + 1, 1);
	if (!res->path || !res->skipped || !res->on_path || !res->matter_on ||
	    !res->material_on || !res->precaution_on) {
		guidance_result_free(res);
		return -1;
	}
	/* The graph has no cycle: at most nq steps. */
	for (cur = s->start; cur != GUIDANCE_END; ) {
		const struct guidance_question *q = &s->q[cur];
		int e;

		res->on_path[cur] = 1;
		if (!a[cur].given) {
			res->next = cur;
			res->remaining = q->remaining;
			break;
		}
		res->path[res->npath++] = cur;
		for (e = 0; e < q->nnext; e++)
			if (cond_holds(q->next[e].when, a, res->on_path))
				break;
		/* The last edge has no condition, so e < nnext. */
		cur = q->next[e].to;
	}
	res->complete = res->next < 0;
	/* Off the path: not on it, and not still to come after next. */
	for (i = 0; i < s->nq; i++)
		if (a[i].given && !res->on_path[i] && (res->complete ||
		    !s->reach[(size_t)res->next * (size_t)s->nq + (size_t)i]))
			res->skipped[res->nskipped++] = i;
	for (i = 0; i < s->nrules; i++)
		if (cond_answered(s->rules[i].when, a, res->on_path) &&
		    cond_holds(s->rules[i].when, a, res->on_path)) {
			res->rule = i;
			break;
		}
	if (!res->complete || res->rule >= 0)
		return 0;
	for (i = 0; i < s->nmatters; i++)
		res->matter_on[i] = (unsigned char)cond_holds(
		    s->matters[i].when, a, res->on_path);
	for (i = 0; i < s->nmaterials; i++)
		res->material_on[i] = (unsigned char)((s->materials[i].matter
		    < 0 || res->matter_on[s->materials[i].matter]) &&
		    cond_holds(s->materials[i].when, a, res->on_path));
	for (i = 0; i < s->nprecautions; i++)
		res->precaution_on[i] = (unsigned char)cond_holds(
		    s->precautions[i].when, a, res->on_path);
	return 0;
}

char *
guidance_answer_text(const struct guidance_question *q,
    const struct guidance_answer *a, int en)
{
	char *out = NULL;

	if (!a->given)
		return NULL;
	switch (q->type) {
	case GQ_SINGLE:
		out = strdup(en ? q->opts[a->opt].label_en :
		    q->opts[a->opt].label_zh);
		break;
	case GQ_YESNO:
		out = strdup(a->yes ? (en ? "yes" : "是") : (en ? "no" : "否"));
		break;
	case GQ_NUMBER: {
		const char *unit = en ? q->unit_en : q->unit_zh;

		/* Whole numbers in full (1000000, not 1e+06). */
		if ((q->integer ? asprintf(&out, "%.0f%s%s", a->num,
		    unit && en ? " " : "", unit ? unit : "") :
		    asprintf(&out, "%.10g%s%s", a->num, unit && en ? " " : "",
		    unit ? unit : "")) < 0)
			out = NULL;
		break;
	}
	case GQ_MULTIPLE: {
		size_t len = 1;
		int i;

		for (i = 0; i < q->nopts; i++)
			if ((a->set >> i) & 1)
				len += strlen(en ? q->opts[i].label_en :
				    q->opts[i].label_zh) + 3;
		if ((out = malloc(len)) == NULL)
			return NULL;
		len = 0;
		for (i = 0; i < q->nopts; i++)
			if ((a->set >> i) & 1) {
				const char *sep = en ? ", " : "、";
				const char *l = en ? q->opts[i].label_en :
				    q->opts[i].label_zh;

				if (len) {
					memcpy(out + len, sep, strlen(sep));
					len += strlen(sep);
				}
				memcpy(out + len, l, strlen(l));
				len += strlen(l);
			}
		out[len] = '\0';
		break;
	}
	}
	return out;
}

json_t *
guidance_answers_json(const struct scenario *s,
    const struct guidance_answer *a, const struct guidance_result *res)
{
	json_t *o = json_object();
	int i, k;

	for (i = 0; o && i < res->npath; i++) {
		const struct guidance_question *q = &s->q[res->path[i]];
		const struct guidance_answer *x = &a[res->path[i]];
		json_t *v = NULL;

		switch (q->type) {
		case GQ_SINGLE:
			v = json_string(q->opts[x->opt].value);
			break;
		case GQ_MULTIPLE:
			v = json_array();
			for (k = 0; v && k < q->nopts; k++)
				if ((x->set >> k) & 1)
					json_array_append_new(v,
					    json_string(q->opts[k].value));
			break;
		case GQ_YESNO:
			v = json_boolean(x->yes);
			break;
		case GQ_NUMBER:
			v = q->integer ? json_integer((json_int_t)x->num) :
			    json_real(x->num);
			break;
		}
		json_object_set_new(o, q->id, v);
	}
	return o;
}

/* ------------------------------------------------------------------ */
/* Walking every path                                                  */

struct values {
	double v[64];
	int n;
};

static void
add_value(void *cls, double x)
{
	struct values *vs = cls;
	int i;

	for (i = 0; i < vs->n; i++)
		if (vs->v[i] == x)
			return;
	if (vs->n < (int)(sizeof(vs->v) / sizeof(vs->v[0])))
		vs->v[vs->n++] = x;
}

/* The numbers worth trying for q: the ends, and both sides of each
 * threshold any condition of the scenario tests. */
struct thresholds {
	const struct guidance_question *q;
	struct values *vs;
};

static void
add_around(void *cls, double t)
{
	struct thresholds *th = cls;
	double step = th->q->integer ? 1 : 0.5;
	double c[] = { t - step, t, t + step };
	int i;

	for (i = 0; i < 3; i++) {
		double x = th->q->integer ? floor(c[i]) : c[i];

		if (x >= th->q->min && x <= th->q->max)
			add_value(th->vs, x);
	}
}

static void
number_values(const struct scenario *s, int qi, struct values *vs)
{
	struct thresholds th = { &s->q[qi], vs };
	int i, e;

	vs->n = 0;
	add_value(vs, s->q[qi].min);
	add_value(vs, s->q[qi].max);
	for (i = 0; i < s->nq; i++)
		for (e = 0; e < s->q[i].nnext; e++)
			cond_thresholds(s->q[i].next[e].when, qi, add_around,
			    &th);
	for (i = 0; i < s->nrules; i++)
		cond_thresholds(s->rules[i].when, qi, add_around, &th);
	for (i = 0; i < s->nmatters; i++)
		cond_thresholds(s->matters[i].when, qi, add_around, &th);
	for (i = 0; i < s->nmaterials; i++)
		cond_thresholds(s->materials[i].when, qi, add_around, &th);
	for (i = 0; i < s->nprecautions; i++)
		cond_thresholds(s->precautions[i].when, qi, add_around, &th);
}

struct walk {
	const struct scenario *s;
	struct guidance_answer *a;
	long count, limit;
	guidance_path_fn *fn;
	void *cls;
	int failed;
};

static int
popcount64(uint64_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

/* Extends the answers by each answer to the next open question. */
static void
walk_from(struct walk *w)
{
	struct guidance_result res;
	const struct guidance_question *q;
	struct guidance_answer *x;
	int qi;

	if (w->failed)
		return;
	if (guidance_eval(w->s, w->a, &res) < 0) {
		w->failed = 1;
		return;
	}
	if (res.rule >= 0) {		/* refused: not a path */
		guidance_result_free(&res);
		return;
	}
	if (res.complete) {
		if (++w->count > w->limit)
			w->failed = 1;
		else if (w->fn)
			w->fn(w->cls, w->s, w->a, &res);
		guidance_result_free(&res);
		return;
	}
	qi = res.next;
	guidance_result_free(&res);
	q = &w->s->q[qi];
	x = &w->a[qi];
	x->given = 1;
	switch (q->type) {
	case GQ_SINGLE:
		for (x->opt = 0; x->opt < q->nopts; x->opt++)
			walk_from(w);
		break;
	case GQ_YESNO:
		for (x->yes = 0; x->yes < 2; x->yes++)
			walk_from(w);
		break;
	case GQ_NUMBER: {
		struct values vs;
		int i;

		number_values(w->s, qi, &vs);
		for (i = 0; i < vs.n; i++) {
			x->num = vs.v[i];
			walk_from(w);
		}
		break;
	}
	case GQ_MULTIPLE: {
		uint64_t set, all;

		if (q->nopts > 16) {	/* 65,536 subsets is the most we try */
			w->failed = 1;
			break;
		}
		all = ((uint64_t)1 << q->nopts) - 1;
		for (set = 0; set <= all && !w->failed; set++) {
			int n = popcount64(set);

			if (n < q->min_choices || n > q->max_choices)
				continue;
			x->set = set;
			walk_from(w);
		}
		break;
	}
	}
	memset(x, 0, sizeof(*x));
}

long
guidance_walk(const struct scenario *s, long limit, guidance_path_fn *fn,
    void *cls)
{
	struct walk w = { s, NULL, 0, limit, fn, cls, 0 };

	if ((w.a = calloc((size_t)s->nq, sizeof(*w.a))) == NULL)
		return -1;
	walk_from(&w);
	free(w.a);
	return w.failed ? -1 : w.count;
}
