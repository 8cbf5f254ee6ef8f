/*
 * test_guidance.c - guidance scenarios: the loader refuses each kind of
 * bad file naming the path inside it; answers are checked by type;
 * evaluation skips what no longer matters, refuses contradictions once
 * their questions are answered, and is deterministic; and every shipped
 * scenario in data/guidance/ is walked path by path: each path ends in
 * at least one matter, and the catalog knows every matter and material.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "guidance.h"
#include "unit.h"

/* A small scenario that uses every feature the engine has. */
static const char fixture[] =
    "{\"id\":\"mini\",\"audience\":\"enterprise\",\"title_zh\":\"测试\","
    "\"title_en\":\"Test\",\"summary_zh\":\"测试\",\"summary_en\":\"Test\","
    "\"start\":\"format\",\"questions\":["
    "{\"id\":\"format\",\"type\":\"single\",\"text_zh\":\"规模\","
    "\"text_en\":\"Size\",\"options\":["
    "{\"value\":\"large\",\"label_zh\":\"大型\",\"label_en\":\"Large\"},"
    "{\"value\":\"small\",\"label_zh\":\"小型\",\"label_en\":\"Small\"}],"
    "\"next\":[{\"when\":{\"q\":\"format\",\"is\":\"large\"},\"goto\":\"area\"},"
    "{\"goto\":\"food\"}]},"
    "{\"id\":\"area\",\"type\":\"number\",\"text_zh\":\"面积\","
    "\"text_en\":\"Area\",\"min\":1,\"max\":100000,\"unit_zh\":\"平方米\","
    "\"unit_en\":\"m²\",\"next\":\"food\"},"
    "{\"id\":\"food\",\"type\":\"multiple\",\"text_zh\":\"经营\","
    "\"text_en\":\"Goods\",\"options\":["
    "{\"value\":\"fresh\",\"label_zh\":\"生鲜\",\"label_en\":\"Fresh\"},"
    "{\"value\":\"pack\",\"label_zh\":\"预包装\",\"label_en\":\"Packed\"}],"
    "\"next\":\"alcohol\"},"
    "{\"id\":\"alcohol\",\"type\":\"yesno\",\"text_zh\":\"卖酒\","
    "\"text_en\":\"Alcohol\",\"next\":\"end\"}],"
    "\"rules\":[{\"when\":{\"all\":[{\"q\":\"format\",\"is\":\"large\"},"
    "{\"q\":\"area\",\"lt\":300}]},\"field\":\"area\",\"reason_zh\":\"太小\","
    "\"reason_en\":\"too small\"}],"
    "\"matters\":[{\"code\":\"E-MS-016\",\"when\":{\"q\":\"food\",\"has\":"
    "\"fresh\"},\"why_zh\":\"散装\",\"why_en\":\"bulk\"},"
    "{\"code\":\"E-MS-020\",\"when\":{\"not\":{\"q\":\"food\",\"has\":"
    "\"fresh\"}},\"why_zh\":\"预包装\",\"why_en\":\"packed\"},"
    "{\"code\":\"E-CO-001\",\"when\":{\"q\":\"alcohol\",\"is\":true},"
    "\"why_zh\":\"酒\",\"why_en\":\"alcohol\"}],"
    "\"materials\":[{\"matter\":\"E-MS-016\",\"kind\":\"PREMISES-LAYOUT\","
    "\"when\":{\"q\":\"format\",\"is\":\"large\"}}],"
    "\"precautions\":[{\"when\":{\"q\":\"area\",\"ge\":6000},"
    "\"text_zh\":\"大\",\"text_en\":\"big\"}],"
    "\"forms\":[{\"matter\":\"E-MS-016\",\"fields\":[{\"key\":\"area\","
    "\"label_zh\":\"面积\",\"label_en\":\"Area\",\"from\":\"answer:area\"}]}]}";

static struct scenario *
parse_text(const char *text, struct guidance_error *err)
{
	json_t *doc = json_loads(text, 0, NULL);

	if (doc == NULL)
		return NULL;
	return guidance_parse(doc, "mini", err);
}

UNIT_TEST(guidance_fixture_parses)
{
	struct guidance_error err;
	struct scenario *s = parse_text(fixture, &err);

	if (!CHECK(s != NULL)) {
		fprintf(stderr, "  %s: %s\n", err.path, err.msg);
		return;
	}
	CHECK_INT(s->nq, 4);
	CHECK_INT(s->nmatters, 3);
	CHECK_INT(s->start, 0);
	/* The longest way from the start: format, area, food, alcohol. */
	CHECK_INT(s->q[0].remaining, 4);
	CHECK_INT(s->q[2].remaining, 2);
	guidance_free(s);
}

/* One bad file: the fixture with the value at a path replaced (a JSON
 * text; NULL deletes), and what the loader must say. */
static const struct {
	const char *path, *value;	/* "questions.0.type" etc. */
	const char *err_path, *err_msg;
} bad[] = {
	{ "colour", "\"red\"", "", "unknown field \"colour\"" },
	{ "id", "\"Mini\"", ".id", "a-z" },
	{ "audience", "\"robot\"", ".audience", "person or enterprise" },
	{ "start", "\"nope\"", ".start", "no question \"nope\"" },
	{ "title_zh", NULL, ".title_zh", "missing" },
	{ "questions", "[]", ".questions", "at least one" },
	{ "questions.0.type", "\"text\"", "questions[0].type", "single" },
	{ "questions.0.options", "[{\"value\":\"a\",\"label_zh\":\"a\","
	  "\"label_en\":\"a\"}]", "questions[0].options", "2 to 64" },
	{ "questions.0.options.1.value", "\"large\"", "questions[0].options[1]",
	  "appears twice" },
	{ "questions.0.next.0.goto", "\"nope\"", "questions[0].next[0].goto",
	  "no question \"nope\"" },
	{ "questions.0.next.1.when", "{\"q\":\"format\",\"is\":\"small\"}",
	  "questions[0].next[1]", "default" },
	{ "questions.1.next", "\"format\"", "questions[1].next", "cycle" },
	{ "questions.1.id", "\"format\"", "questions[1].id", "defined twice" },
	{ "questions.1.min", "100001", "questions[1].max", "min must not" },
	{ "questions.1.options", "[]", "questions[1].options",
	  "only choice questions" },
	{ "questions.3.next", "\"food\"", "questions[3].next", "cycle" },
	{ "questions.2.next", "\"end\"", "questions[3]", "cannot be reached" },
	{ "questions.0.next.0.when", "{\"q\":\"alcohol\",\"is\":true}",
	  "questions[0].next[0].when", "not asked before" },
	{ "matters", "[]", ".matters", "at least one" },
	{ "matters.0.when", "{\"q\":\"food\",\"is\":\"fresh\"}",
	  "matters[0].when.is", "use \"has\"" },
	{ "matters.0.when", "{\"q\":\"format\",\"is\":\"huge\"}",
	  "matters[0].when.is", "not an option" },
	{ "matters.0.when", "{\"q\":\"nope\",\"is\":\"x\"}", "matters[0].when.q",
	  "no question \"nope\"" },
	{ "matters.0.when", "{\"q\":\"alcohol\",\"is\":\"yes\"}",
	  "matters[0].when.is", "true or false" },
	{ "matters.0.when", "{\"q\":\"format\",\"ge\":3}", "matters[0].when",
	  "number question" },
	{ "matters.0.when", "{\"all\":[]}", "matters[0].when.all",
	  "1 to 100" },
	{ "matters.1.code", "\"E-MS-016\"", "matters[1].code", "listed twice" },
	{ "rules.0.field", "\"nope\"", "rules[0].field", "no question" },
	{ "materials.0.matter", "\"E-CO-003\"", "materials[0].matter",
	  "not one of the scenario's matters" },
	{ "materials.0.when", NULL, "materials[0].when", "missing" },
	{ "forms.0.matter", "\"E-XX-999\"", "forms[0].matter",
	  "not one of the scenario's matters" },
	{ "forms.0.fields.0.from", "\"answer:nope\"", "forms[0].fields[0].from",
	  "no question" },
	{ "forms.0.fields.0.from", "\"applicant:id_number\"",
	  "forms[0].fields[0].from", "no resident ID" },
	{ "forms.0.fields.0.from", "\"weather\"", "forms[0].fields[0].from",
	  "unknown source" },
};

/* Sets (or deletes) the value at a dotted path of doc. */
static int
set_path(json_t *doc, const char *path, const char *value)
{
	char *p = strdup(path), *save = NULL, *tok, *next;
	json_t *cur = doc;
	int rc = -1;

	for (tok = strtok_r(p, ".", &save); tok; tok = next) {
		next = strtok_r(NULL, ".", &save);
		if (next == NULL) {
			json_t *v = value ? json_loads(value, JSON_DECODE_ANY,
			    NULL) : NULL;

			if (json_is_array(cur))
				rc = v ? json_array_set_new(cur,
				    (size_t)atoi(tok), v) :
				    json_array_remove(cur, (size_t)atoi(tok));
			else
				rc = v ? json_object_set_new(cur, tok, v) :
				    json_object_del(cur, tok);
			break;
		}
		cur = json_is_array(cur) ? json_array_get(cur,
		    (size_t)atoi(tok)) : json_object_get(cur, tok);
		if (cur == NULL)
			break;
	}
	free(p);
	return rc;
}

UNIT_TEST(guidance_refuses_bad_files_naming_the_path)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *doc = json_loads(fixture, 0, NULL);
		struct guidance_error err;
		struct scenario *s;

		if (!CHECK(set_path(doc, bad[i].path, bad[i].value) == 0)) {
			fprintf(stderr, "  cannot set %s\n", bad[i].path);
			json_decref(doc);
			continue;
		}
		s = guidance_parse(doc, "mini", &err);
		if (!CHECK(s == NULL)) {
			fprintf(stderr, "  %s = %s was accepted\n", bad[i].path,
			    bad[i].value ? bad[i].value : "(deleted)");
			guidance_free(s);
			continue;
		}
		if (!CHECK_STR(err.path, bad[i].err_path) ||
		    !CHECK(strstr(err.msg, bad[i].err_msg) != NULL))
			fprintf(stderr, "  %s: got %s: %s\n", bad[i].path,
			    err.path, err.msg);
	}
	/* And the file name must be the id. */
	{
		struct guidance_error err;
		struct scenario *s = guidance_parse(json_loads(fixture, 0,
		    NULL), "other", &err);

		CHECK(s == NULL);
		CHECK_STR(err.path, ".id");
	}
}

/*
 * Found by fuzz/guidance.c: a refused condition inside an all/any list
 * was not counted among its list's kids, so nothing freed it.  The
 * refusal itself was right; the leak shows under make test-asan
 * (LeakSanitizer), which is where this test fails without the fix.
 */
UNIT_TEST(guidance_refused_condition_in_a_list_is_freed)
{
	static const struct {
		const char *path, *value, *err_path;
	} t[] = {
		{ "rules.0.when.all.1", "{\"q\":\"nope\",\"is\":\"x\"}",
		  "rules[0].when.all[1].q" },
		{ "matters.0.when", "{\"any\":[{\"q\":\"food\",\"has\":"
		  "\"fresh\"},{\"not\":{\"all\":[{\"q\":\"alcohol\","
		  "\"is\":true},{\"q\":\"format\",\"is\":\"huge\"}]}}]}",
		  "matters[0].when.any[1].not.all[1].is" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *doc = json_loads(fixture, 0, NULL);
		struct guidance_error err;
		struct scenario *s;

		if (!CHECK(set_path(doc, t[i].path, t[i].value) == 0)) {
			json_decref(doc);
			continue;
		}
		s = guidance_parse(doc, "mini", &err);
		CHECK(s == NULL);
		guidance_free(s);
		CHECK_STR(err.path, t[i].err_path);
	}
}

static int
answers(const struct scenario *s, const char *text,
    struct guidance_answer *a, struct guidance_error *err, const char **code)
{
	json_t *j = json_loads(text, 0, NULL);
	int rc = guidance_answers_parse(s, j, a, err, code);

	json_decref(j);
	return rc;
}

UNIT_TEST(guidance_refuses_bad_answers)
{
	static const struct {
		const char *answers, *path, *code;
	} cases[] = {
		{ "{\"colour\":\"red\"}", "answers.colour", "unknown_field" },
		{ "{\"format\":\"huge\"}", "answers.format", "invalid_value" },
		{ "{\"format\":3}", "answers.format", "invalid_value" },
		{ "{\"area\":0}", "answers.area", "invalid_value" },
		{ "{\"area\":100001}", "answers.area", "invalid_value" },
		{ "{\"area\":12.5}", "answers.area", "invalid_value" },
		{ "{\"area\":\"12\"}", "answers.area", "invalid_value" },
		{ "{\"food\":[]}", "answers.food", "invalid_value" },
		{ "{\"food\":[\"fresh\",\"fresh\"]}", "answers.food",
		  "invalid_value" },
		{ "{\"food\":\"fresh\"}", "answers.food", "invalid_value" },
		{ "{\"alcohol\":\"yes\"}", "answers.alcohol", "invalid_value" },
		{ "[]", "answers", "invalid_value" },
	};
	struct guidance_error err;
	struct scenario *s = parse_text(fixture, &err);
	struct guidance_answer a[4];
	const char *code;
	size_t i;

	if (!CHECK(s != NULL))
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!CHECK(answers(s, cases[i].answers, a, &err, &code) < 0)) {
			fprintf(stderr, "  %s was accepted\n", cases[i].answers);
			continue;
		}
		CHECK_STR(err.path, cases[i].path);
		CHECK_STR(code, cases[i].code);
	}
	CHECK(answers(s, "{\"format\":\"large\",\"area\":300,\"food\":"
	    "[\"pack\",\"fresh\"],\"alcohol\":false}", a, &err, &code) == 0);
	CHECK_INT(a[2].set, 3);
	guidance_free(s);
}

/* Evaluates answers text; the result is the caller's to free. */
static int
eval(const struct scenario *s, const char *text, struct guidance_result *res)
{
	struct guidance_answer *a = calloc((size_t)s->nq, sizeof(*a));
	struct guidance_error err;
	const char *code;
	int rc = -1;

	if (a && answers(s, text, a, &err, &code) == 0)
		rc = guidance_eval(s, a, res);
	else if (a)
		fprintf(stderr, "  %s: %s\n", err.path, err.msg);
	free(a);
	return rc;
}

UNIT_TEST(guidance_eval_walks_skips_and_refuses)
{
	struct guidance_error err;
	struct scenario *s = parse_text(fixture, &err);
	struct guidance_result res;

	if (!CHECK(s != NULL))
		return;
	/* Nothing answered: the first question is next. */
	CHECK(eval(s, "{}", &res) == 0);
	CHECK(!res.complete);
	CHECK_INT(res.next, 0);
	CHECK_INT(res.remaining, 4);
	guidance_result_free(&res);

	/* Large: the area comes next. */
	CHECK(eval(s, "{\"format\":\"large\"}", &res) == 0);
	CHECK_INT(res.next, 1);
	CHECK_INT(res.npath, 1);
	CHECK_INT(res.rule, -1);
	guidance_result_free(&res);

	/* Changing to small leaves the area off the path: skipped. */
	CHECK(eval(s, "{\"format\":\"small\",\"area\":50}", &res) == 0);
	CHECK_INT(res.next, 2);
	CHECK_INT(res.nskipped, 1);
	CHECK_INT(res.skipped[0], 1);
	CHECK_INT(res.rule, -1);	/* the area is off the path */
	guidance_result_free(&res);

	/* An answer further down the path is not skipped: it may come. */
	CHECK(eval(s, "{\"format\":\"large\",\"alcohol\":true}", &res) == 0);
	CHECK_INT(res.next, 1);
	CHECK_INT(res.nskipped, 0);
	guidance_result_free(&res);

	/* Large with 50 m²: refused, before the rest is answered. */
	CHECK(eval(s, "{\"format\":\"large\",\"area\":50}", &res) == 0);
	CHECK_INT(res.rule, 0);
	guidance_result_free(&res);

	/* A complete path: the matters, materials and precautions. */
	CHECK(eval(s, "{\"format\":\"large\",\"area\":8000,\"food\":"
	    "[\"fresh\"],\"alcohol\":true}", &res) == 0);
	CHECK(res.complete);
	CHECK_INT(res.rule, -1);
	CHECK_INT(res.npath, 4);
	CHECK(res.matter_on[0] && !res.matter_on[1] && res.matter_on[2]);
	CHECK(res.material_on[0]);
	CHECK(res.precaution_on[0]);
	guidance_result_free(&res);

	/* Small, packed only: the filing, no layout, no precaution. */
	CHECK(eval(s, "{\"format\":\"small\",\"food\":[\"pack\"],"
	    "\"alcohol\":false}", &res) == 0);
	CHECK(res.complete);
	CHECK(!res.matter_on[0] && res.matter_on[1] && !res.matter_on[2]);
	CHECK(!res.material_on[0]);
	CHECK(!res.precaution_on[0]);
	guidance_result_free(&res);
	guidance_free(s);
}

UNIT_TEST(guidance_answers_as_text)
{
	struct guidance_error err;
	struct scenario *s = parse_text(fixture, &err);
	struct guidance_answer a[4];
	const char *code;
	char *t;

	if (!CHECK(s != NULL))
		return;
	CHECK(answers(s, "{\"format\":\"large\",\"area\":300,\"food\":"
	    "[\"fresh\",\"pack\"],\"alcohol\":true}", a, &err, &code) == 0);
	CHECK_STR(t = guidance_answer_text(&s->q[0], &a[0], 0), "大型");
	free(t);
	CHECK_STR(t = guidance_answer_text(&s->q[1], &a[1], 1), "300 m²");
	free(t);
	a[1].num = 100000;	/* never "1e+05" */
	CHECK_STR(t = guidance_answer_text(&s->q[1], &a[1], 0), "100000平方米");
	free(t);
	CHECK_STR(t = guidance_answer_text(&s->q[2], &a[2], 0), "生鲜、预包装");
	free(t);
	CHECK_STR(t = guidance_answer_text(&s->q[2], &a[2], 1),
	    "Fresh, Packed");
	free(t);
	CHECK_STR(t = guidance_answer_text(&s->q[3], &a[3], 0), "是");
	free(t);
	guidance_free(s);
}

struct tally {
	struct unit *u;
	long paths, no_matter, unstable;
	const char *file;
};

/* For each path: at least one matter, and the same answers evaluated
 * again give the same result. */
static void
check_path(void *cls, const struct scenario *s, const struct guidance_answer *a,
    const struct guidance_result *res)
{
	struct tally *t = cls;
	struct guidance_result again;
	int i, any = 0;

	t->paths++;
	for (i = 0; i < s->nmatters; i++)
		any |= res->matter_on[i];
	if (!any)
		t->no_matter++;
	if (guidance_eval(s, a, &again) < 0) {
		t->unstable++;
		return;
	}
	if (!again.complete || again.npath != res->npath ||
	    memcmp(again.matter_on, res->matter_on, (size_t)s->nmatters) ||
	    memcmp(again.material_on, res->material_on,
	    (size_t)s->nmaterials) ||
	    memcmp(again.precaution_on, res->precaution_on,
	    (size_t)s->nprecautions))
		t->unstable++;
	guidance_result_free(&again);
}

UNIT_TEST(guidance_walk_counts_the_fixture_paths)
{
	struct guidance_error err;
	struct scenario *s = parse_text(fixture, &err);
	struct tally t = { u, 0, 0, 0, "fixture" };

	if (!CHECK(s != NULL))
		return;
	/* large: area ∈ {1, 299, 300, 301, 5999, 6000, 6001, 100000} less
	 * the two a rule refuses = 6, × 3 food × 2 alcohol = 36; small: 6. */
	CHECK_INT(guidance_walk(s, 1000, check_path, &t), 42);
	CHECK_INT(t.no_matter, 0);
	CHECK_INT(t.unstable, 0);
	CHECK_INT(guidance_walk(s, 10, NULL, NULL), -1);	/* over the limit */
	guidance_free(s);
}

UNIT_TEST(guidance_shipped_scenarios_every_path_ends_in_a_matter)
{
	static const char *const required[] = { "supermarket", "restaurant",
		"bakery", "pharmacy-retail", "medical-device-retail",
		"entertainment-venue", "commercial-performance",
		"online-service", "art-business", "newborn", "retirement",
		"moving-house", "lost-residence-permit",
		"death-of-family-member", "unemployment", NULL };
	int types[4] = { 0 }, files = 0, i;
	struct dirent *e;
	DIR *d = opendir("data/guidance");
	const char *const *r;

	if (!CHECK(d != NULL))
		return;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *path = NULL, *err = NULL;
		struct scenario *s;
		struct tally t = { u, 0, 0, 0, e->d_name };
		long paths;

		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		files++;
		if (asprintf(&path, "data/guidance/%s", e->d_name) < 0)
			break;
		/* The catalog check: every matter and material kind exists,
		 * and every matter is for the scenario's audience. */
		s = guidance_load_file(path, "data", &err);
		free(path);
		if (!CHECK(s != NULL)) {
			fprintf(stderr, "  %s\n", err ? err : "?");
			free(err);
			continue;
		}
		for (i = 0; i < s->nq; i++)
			types[s->q[i].type]++;
		paths = guidance_walk(s, 2000000, check_path, &t);
		if (!CHECK(paths > 1) || !CHECK_INT(t.no_matter, 0) ||
		    !CHECK_INT(t.unstable, 0))
			fprintf(stderr, "  %s: %ld paths, %ld without a matter, "
			    "%ld unstable\n", e->d_name, paths, t.no_matter,
			    t.unstable);
		if (strcmp(s->id, "supermarket") == 0)
			CHECK(s->nq >= 6);
		guidance_free(s);
	}
	closedir(d);
	CHECK(files >= 16);
	for (i = 0; i < 4; i++)
		CHECK(types[i] > 0);
	for (r = required; *r; r++) {
		char *path = NULL;
		FILE *f;

		if (asprintf(&path, "data/guidance/%s.json", *r) < 0)
			break;
		if (!CHECK((f = fopen(path, "r")) != NULL))
			fprintf(stderr, "  missing %s\n", path);
		else
			fclose(f);
		free(path);
	}
}

/*
 * Outcomes worked out by hand from the scenario files' conditions: the
 * engine must agree with a person reading the file.  Each row: the
 * scenario, the answers, the matters in the scenario's order, and the
 * questions that must have been skipped (answered but off the path).
 */
static const struct {
	const char *scenario, *answers, *matters;
} outcomes[] = {
	{ "supermarket",
	  "{\"format\":\"large\",\"area\":8000,\"trade\":\"retail\","
	  "\"goods\":[\"prepackaged\",\"fresh\"],\"onsite\":true,"
	  "\"alcohol\":true,\"entity\":\"new\",\"signboard\":true,"
	  "\"equipment\":true,\"renovation\":false,\"prepaid\":true}",
	  "E-MS-001 E-MS-016 E-CO-001 E-HE-001 E-FR-002 E-GC-001 E-MS-024 "
	  "E-CO-004" },
	{ "supermarket",
	  "{\"format\":\"small\",\"area\":120,\"trade\":\"retail\","
	  "\"goods\":[\"prepackaged\"],\"onsite\":false,\"alcohol\":false,"
	  "\"entity\":\"existing\",\"signboard\":false,\"renovation\":false,"
	  "\"prepaid\":false}",
	  "E-MS-020 E-FR-001" },
	/* Wholesale: no on-site question, no prepaid cards, no hygiene
	 * licence; the equipment answer is asked (standard format). */
	{ "supermarket",
	  "{\"format\":\"standard\",\"area\":1200,\"trade\":\"wholesale\","
	  "\"goods\":[\"prepackaged\",\"bulk\"],\"alcohol\":true,"
	  "\"entity\":\"branch\",\"signboard\":false,\"equipment\":false,"
	  "\"renovation\":false}",
	  "E-MS-007 E-MS-016 E-CO-003 E-FR-001" },
	/* Both parents registered, born in hospital: the joint "one thing"
	 * service replaces the separate household and insurance matters. */
	{ "newborn",
	  "{\"hukou\":\"both\",\"in_hospital\":true,\"married\":true,"
	  "\"joint\":true,\"birth_reg\":true,\"mother_work\":\"employee\"}",
	  "C-HE-006 C-HE-005 C-HR-036" },
	{ "newborn",
	  "{\"hukou\":\"permit\",\"in_hospital\":false,"
	  "\"permit_score\":true,\"birth_reg\":false,"
	  "\"mother_work\":\"none\"}",
	  "C-HE-006 C-HE-004 C-HR-039 C-PS-005 C-HE-001" },
};

UNIT_TEST(guidance_outcomes_match_the_files_read_by_hand)
{
	size_t i;

	for (i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++) {
		struct guidance_result res;
		struct { char s[512]; size_t n; } got = { "", 0 };
		char *path = NULL, *err = NULL;
		struct scenario *s;
		int k;

		if (asprintf(&path, "data/guidance/%s.json",
		    outcomes[i].scenario) < 0)
			return;
		s = guidance_load_file(path, "data", &err);
		free(path);
		if (!CHECK(s != NULL)) {
			fprintf(stderr, "  %s\n", err ? err : "?");
			free(err);
			continue;
		}
		if (!CHECK(eval(s, outcomes[i].answers, &res) == 0)) {
			guidance_free(s);
			continue;
		}
		CHECK(res.complete);
		CHECK_INT(res.rule, -1);
		CHECK_INT(res.nskipped, 0);
		for (k = 0; k < s->nmatters; k++)
			if (res.matter_on[k])
				got.n += (size_t)snprintf(got.s + got.n,
				    sizeof(got.s) - got.n, "%s%s", got.n ? " " :
				    "", s->matters[k].code);
		CHECK_STR(got.s, outcomes[i].matters);
		guidance_result_free(&res);
		guidance_free(s);
	}
}
