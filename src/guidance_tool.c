/*
 * guidance_tool.c - `tongban guidance check|paths FILE`: the authoring
 * tools for scenario files.
 *
 * check loads the file as the server would (the schema, then the catalog
 * of the data folder: matters and their applicant type, material kinds),
 * then walks every path and reports what the walk never meets: answers
 * no path can choose, questions no path asks, matters and materials no
 * path needs, and any path that ends with no matter at all (an error).
 * paths prints the distinct outcomes — the set of matters, materials
 * and precautions — with how many paths lead to each and one example.
 *
 * The catalog is read from the data files rather than a database so an
 * author needs nothing but the repository.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "guidance.h"

#define WALK_LIMIT 2000000L

static const char usage[] =
    "usage: tongban guidance check FILE [--data DIR]\n"
    "       tongban guidance paths FILE [--data DIR]\n"
    "\n"
    "check  validates a scenario (docs/guidance.md) against the catalog in\n"
    "       DIR (default data) and lists unreachable answers and questions,\n"
    "       and matters and materials that no path needs; exit 1 when the\n"
    "       file is invalid or a path ends without a matter\n"
    "paths  counts the paths and lists the distinct outcomes\n";

/* The catalog from the data folder: every matter (code → applicant) and
 * material kind, as one JSON object each. */
struct files_catalog {
	json_t *matters;	/* code → "person" | "enterprise" */
	json_t *kinds;		/* code → true */
};

static const char *
fc_applicant(void *cls, const char *code)
{
	struct files_catalog *fc = cls;

	return json_string_value(json_object_get(fc->matters, code));
}

static int
fc_kind(void *cls, const char *kind)
{
	struct files_catalog *fc = cls;

	return json_object_get(fc->kinds, kind) != NULL;
}

/* Reads every DIR/sub/ *.json (a list of records) into into[code]. */
static int
read_catalog(const char *dir, const char *sub, const char *field,
    json_t *into)
{
	char *path = NULL;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (asprintf(&path, "%s/%s", dir, sub) < 0)
		return -1;
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "tongban guidance: cannot read %s\n", path);
		free(path);
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name), i;
		char *file = NULL;
		json_error_t je;
		json_t *doc, *v;

		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		if (asprintf(&file, "%s/%s", path, e->d_name) < 0) {
			rc = -1;
			break;
		}
		if ((doc = json_load_file(file, 0, &je)) == NULL) {
			fprintf(stderr, "tongban guidance: %s:%d: %s\n", file,
			    je.line, je.text);
			rc = -1;
		}
		free(file);
		json_array_foreach(doc, i, v) {
			const char *code = json_string_value(json_object_get(v,
			    "code"));
			json_t *val = field ? json_object_get(v, field) :
			    json_true();

			if (code && val)
				json_object_set(into, code, val);
		}
		json_decref(doc);
	}
	closedir(d);
	free(path);
	return rc;
}

struct scenario *
guidance_load_file(const char *file, const char *data, char **err)
{
	struct files_catalog fc = { json_object(), json_object() };
	struct guidance_catalog cat = { fc_applicant, fc_kind, &fc };
	struct guidance_error ge;
	struct scenario *s = NULL;
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	char *id = strdup(base);
	json_error_t je;
	json_t *doc;
	int n = -1;

	*err = NULL;
	if (id && strlen(id) > 5 && strcmp(id + strlen(id) - 5, ".json") == 0)
		id[strlen(id) - 5] = '\0';
	if ((doc = json_load_file(file, JSON_REJECT_DUPLICATES, &je)) == NULL)
		n = asprintf(err, "%s:%d: %s", file, je.line, je.text);
	else if ((s = guidance_parse(doc, id, &ge)) == NULL)
		n = asprintf(err, "%s: %s: %s", file, ge.path[0] ? ge.path :
		    "(top)", ge.msg);
	else if (read_catalog(data, "matters", "applicant", fc.matters) < 0 ||
	    read_catalog(data, "material_kinds", NULL, fc.kinds) < 0) {
		n = asprintf(err, "%s: cannot read the catalog in %s", file,
		    data);
		guidance_free(s);
		s = NULL;
	} else if (guidance_check_catalog(s, &cat, &ge) < 0) {
		n = asprintf(err, "%s: %s: %s", file, ge.path, ge.msg);
		guidance_free(s);
		s = NULL;
	}
	if (s == NULL && n < 0)
		*err = NULL;
	free(id);
	json_decref(fc.matters);
	json_decref(fc.kinds);
	return s;
}

/* What the walk saw. */
struct seen {
	unsigned char *asked, *matter, *material;
	uint64_t *chosen;		/* per question: options chosen */
	unsigned char *yesno;		/* per question: bit 0 no, bit 1 yes */
	long no_matter;
	json_t *outcomes;		/* key → {paths, example} */
	json_t *example_no_matter;
};

static void
on_path(void *cls, const struct scenario *s, const struct guidance_answer *a,
    const struct guidance_result *res)
{
	struct seen *sn = cls;
	char *key = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&key, &len);
	int i, any = 0;
	json_t *o;

	for (i = 0; i < res->npath; i++) {
		int q = res->path[i];

		sn->asked[q] = 1;
		if (s->q[q].type == GQ_SINGLE)
			sn->chosen[q] |= (uint64_t)1 << a[q].opt;
		else if (s->q[q].type == GQ_MULTIPLE)
			sn->chosen[q] |= a[q].set;
		else if (s->q[q].type == GQ_YESNO)
			sn->yesno[q] |= (unsigned char)(1 << a[q].yes);
	}
	if (f == NULL)
		return;
	fputs("matters:", f);
	for (i = 0; i < s->nmatters; i++)
		if (res->matter_on[i]) {
			sn->matter[i] = 1;
			fprintf(f, " %s", s->matters[i].code);
			any = 1;
		}
	fputs(" | materials:", f);
	for (i = 0; i < s->nmaterials; i++)
		if (res->material_on[i]) {
			sn->material[i] = 1;
			fprintf(f, " %d", i);
		}
	fputs(" | precautions:", f);
	for (i = 0; i < s->nprecautions; i++)
		if (res->precaution_on[i])
			fprintf(f, " %d", i);
	fclose(f);
	if (!any) {
		sn->no_matter++;
		if (sn->example_no_matter == NULL)
			sn->example_no_matter = guidance_answers_json(s, a, res);
	}
	if ((o = json_object_get(sn->outcomes, key)) != NULL)
		json_object_set_new(o, "paths", json_integer(
		    json_integer_value(json_object_get(o, "paths")) + 1));
	else
		json_object_set_new(sn->outcomes, key, json_pack("{s:i, s:o}",
		    "paths", 1, "example", guidance_answers_json(s, a, res)));
	free(key);
}

static void
seen_release(struct seen *sn)
{
	free(sn->asked);
	free(sn->matter);
	free(sn->material);
	free(sn->chosen);
	free(sn->yesno);
	json_decref(sn->outcomes);
	json_decref(sn->example_no_matter);
}

int
guidance_main(int argc, char **argv)
{
	const char *data = "data", *file, *cmd;
	char *err = NULL;
	struct scenario *s;
	struct seen sn = { 0 };
	long paths;
	int i, k, warnings = 0, rc = 0;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--data") == 0)) {
		fputs(usage, stderr);
		return 2;
	}
	cmd = argv[1];
	file = argv[2];
	if (argc == 5)
		data = argv[4];
	if (strcmp(cmd, "check") != 0 && strcmp(cmd, "paths") != 0) {
		fprintf(stderr, "tongban guidance: unknown command \"%s\"\n%s",
		    cmd, usage);
		return 2;
	}
	if ((s = guidance_load_file(file, data, &err)) == NULL) {
		fprintf(stderr, "%s\n", err ? err : "out of memory");
		free(err);
		return 1;
	}
	sn.asked = calloc((size_t)s->nq, 1);
	sn.chosen = calloc((size_t)s->nq, sizeof(*sn.chosen));
	sn.yesno = calloc((size_t)s->nq, 1);
	sn.matter = calloc((size_t)s->nmatters + 1, 1);
	sn.material = calloc((size_t)s->nmaterials + 1, 1);
	sn.outcomes = json_object();
	if (!sn.asked || !sn.chosen || !sn.yesno || !sn.matter ||
	    !sn.material || !sn.outcomes) {
		rc = 1;
		goto out;
	}
	if ((paths = guidance_walk(s, WALK_LIMIT, on_path, &sn)) < 0) {
		fprintf(stderr, "%s: more than %ld paths, or out of memory: "
		    "split the scenario\n", file, WALK_LIMIT);
		rc = 1;
		goto out;
	}
	if (strcmp(cmd, "paths") == 0) {
		const char *key;
		json_t *o;

		printf("%s: %ld paths, %zu distinct outcomes\n", s->id, paths,
		    json_object_size(sn.outcomes));
		json_object_foreach(sn.outcomes, key, o) {
			char *ex = json_dumps(json_object_get(o, "example"),
			    JSON_COMPACT | JSON_ENSURE_ASCII);

			printf("%6lld  %s\n        e.g. %s\n",
			    (long long)json_integer_value(json_object_get(o,
			    "paths")), key, ex ? ex : "?");
			free(ex);
		}
		goto out;
	}
	for (i = 0; i < s->nq; i++) {
		const struct guidance_question *q = &s->q[i];

		if (!sn.asked[i]) {
			printf("%s: warning: question \"%s\" is on no path\n",
			    file, q->id);
			warnings++;
			continue;
		}
		for (k = 0; k < q->nopts; k++)
			if (!((sn.chosen[i] >> k) & 1)) {
				printf("%s: warning: answer \"%s\" of question "
				    "\"%s\" is on no path (a rule refuses it)\n",
				    file, q->opts[k].value, q->id);
				warnings++;
			}
		if (q->type == GQ_YESNO && sn.yesno[i] != 3) {
			printf("%s: warning: answer %s of question \"%s\" is "
			    "on no path\n", file, sn.yesno[i] & 2 ? "no" : "yes",
			    q->id);
			warnings++;
		}
	}
	for (i = 0; i < s->nmatters; i++)
		if (!sn.matter[i]) {
			printf("%s: warning: matter %s is needed on no path\n",
			    file, s->matters[i].code);
			warnings++;
		}
	for (i = 0; i < s->nmaterials; i++)
		if (!sn.material[i]) {
			printf("%s: warning: material %s (materials[%d]) is "
			    "needed on no path\n", file, s->materials[i].kind, i);
			warnings++;
		}
	if (sn.no_matter) {
		char *ex = json_dumps(sn.example_no_matter,
		    JSON_COMPACT | JSON_ENSURE_ASCII);

		printf("%s: error: %ld paths end with no matter, e.g. %s\n",
		    file, sn.no_matter, ex ? ex : "?");
		free(ex);
		rc = 1;
	}
	printf("%s: %s, %d questions, %d matters, %ld paths, %zu outcomes, "
	    "%d warnings\n", file, rc ? "invalid" : "ok", s->nq, s->nmatters,
	    paths, json_object_size(sn.outcomes), warnings);
out:
	seen_release(&sn);
	guidance_free(s);
	return rc;
}
