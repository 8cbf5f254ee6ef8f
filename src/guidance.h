/*
 * guidance.h - guidance scenarios: questions whose answers select the
 * matters, materials, precautions and form fields that apply.
 *
 * A scenario is parsed from its JSON file once (guidance_parse), checked
 * against the catalog (guidance_check_catalog) and then only read, so
 * any number of threads evaluate answers against it at once.  The
 * scenario owns its JSON document; every string in it points into that
 * document.  docs/guidance.md is the file format and the API.
 */
#ifndef TONGBAN_GUIDANCE_H
#define TONGBAN_GUIDANCE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define GUIDANCE_END (-1)	/* the "next" of the last question */
#define GUIDANCE_MAX_OPTIONS 64	/* options of one question (a bit set) */

enum guidance_qtype { GQ_SINGLE, GQ_MULTIPLE, GQ_YESNO, GQ_NUMBER };

/* A load or answer error: where (a path inside the file or the body)
 * and what.  Only indices, ids and fixed words go into path. */
struct guidance_error {
	char path[256];
	char msg[512];
};

struct guidance_cond;

struct guidance_option {
	const char *value, *label_zh, *label_en;
};

struct guidance_edge {
	struct guidance_cond *when;	/* NULL: always */
	int to;				/* question index or GUIDANCE_END */
};

struct guidance_question {
	const char *id, *text_zh, *text_en;
	enum guidance_qtype type;
	json_t *def;			/* the question as in the file */
	struct guidance_option *opts;
	int nopts, min_choices, max_choices, integer;
	double min, max;
	const char *unit_zh, *unit_en;
	struct guidance_edge *next;
	int nnext;
	int remaining;			/* the most questions from here to the end */
};

struct guidance_rule {
	struct guidance_cond *when;
	int field;			/* question index */
	const char *reason_zh, *reason_en;
};

struct guidance_matter {
	const char *code, *why_zh, *why_en;
	struct guidance_cond *when;
};

struct guidance_material {
	int matter;			/* index into matters, or -1: the guide's */
	const char *kind, *note_zh, *note_en;
	struct guidance_cond *when;
};

struct guidance_precaution {
	const char *text_zh, *text_en;
	struct guidance_cond *when;
};

enum guidance_source { GS_ANSWER, GS_APPLICANT_NAME, GS_APPLICANT_ID,
	GS_APPLICANT_MOBILE, GS_APPLICANT_DISTRICT, GS_ENTERPRISE_CODE,
	GS_ENTERPRISE_LEGAL_REP };

struct guidance_field {
	const char *key, *label_zh, *label_en;
	enum guidance_source source;
	int q;				/* GS_ANSWER: the question */
};

struct guidance_form {
	int matter;			/* index into matters */
	struct guidance_field *fields;
	int nfields;
};

struct scenario {
	json_t *doc;			/* owned; every string points into it */
	const char *id, *audience, *title_zh, *title_en;
	const char *summary_zh, *summary_en;
	int start;
	struct guidance_question *q;
	int nq;
	struct guidance_rule *rules;
	int nrules;
	struct guidance_matter *matters;
	int nmatters;
	struct guidance_material *materials;
	int nmaterials;
	struct guidance_precaution *precautions;
	int nprecautions;
	struct guidance_form *forms;
	int nforms;
	unsigned char *reach;	/* [a * nq + b]: b can follow a on some path */
};

/* One answer, by the question's type. */
struct guidance_answer {
	int given;
	int opt;		/* single */
	uint64_t set;		/* multiple: bit i = option i */
	int yes;		/* yesno */
	double num;		/* number */
};

/* What the answers give. */
struct guidance_result {
	int complete;
	int next;		/* first unanswered question on the path, or -1 */
	int rule;		/* a refusing rule, or -1 */
	int remaining;		/* questions that may still come, incl. next */
	int *path;		/* answered questions on the path, in order */
	int npath;
	int *skipped;		/* answered questions off the path (that
				 * cannot come after next either) */
	int nskipped;
	unsigned char *on_path;	/* [nq] */
	unsigned char *matter_on;	/* [nmatters], when complete */
	unsigned char *material_on;	/* [nmaterials] */
	unsigned char *precaution_on;	/* [nprecautions] */
};

/*
 * Parses a scenario from doc (the reference is taken, also on failure).
 * id is what the file name says the id is (NULL: not checked).  NULL
 * with *err filled when the document breaks a rule of docs/guidance.md.
 */
struct scenario *guidance_parse(json_t *doc, const char *id,
    struct guidance_error *err);
void guidance_free(struct scenario *s);

/* What the catalog knows: a matter's applicant type, or a kind. */
struct guidance_catalog {
	/* "person"/"enterprise" for a known matter code, else NULL. */
	const char *(*matter_applicant)(void *cls, const char *code);
	int (*kind_exists)(void *cls, const char *kind);
	void *cls;
};
/* 0, or -1 with *err naming the first unknown reference. */
int guidance_check_catalog(const struct scenario *s,
    const struct guidance_catalog *cat, struct guidance_error *err);

/*
 * Reads {"qid": value, ...} into a[s->nq].  0, or -1 with *err (path
 * "answers.<qid>") and *code "unknown_field" or "invalid_value".
 */
int guidance_answers_parse(const struct scenario *s, const json_t *answers,
    struct guidance_answer *a, struct guidance_error *err,
    const char **code);

/* Evaluates the answers: 0, or -1 when out of memory. */
int guidance_eval(const struct scenario *s, const struct guidance_answer *a,
    struct guidance_result *res);
void guidance_result_free(struct guidance_result *res);

/* An answer as text for a form or a summary: malloc'd. */
char *guidance_answer_text(const struct guidance_question *q,
    const struct guidance_answer *a, int en);

/* The answers on the path as JSON in the scenario's terms ({qid: option
 * value, [values], true/false, number}): new reference, NULL when out of
 * memory.  Equal answers give equal JSON, whatever order they came in. */
json_t *guidance_answers_json(const struct scenario *s,
    const struct guidance_answer *a, const struct guidance_result *res);

/* The question index of an id, or -1. */
int guidance_question_index(const struct scenario *s, const char *id);

/*
 * Walks every path: each answer to each question on it (for numbers,
 * the range's ends and both sides of every threshold the scenario
 * tests).  fn is called once per complete path not refused by a rule.
 * Returns the number of paths, or -1 when there would be more than
 * limit.
 */
typedef void guidance_path_fn(void *cls, const struct scenario *s,
    const struct guidance_answer *a, const struct guidance_result *res);
long guidance_walk(const struct scenario *s, long limit,
    guidance_path_fn *fn, void *cls);

/* guidance_tool.c: `tongban guidance check|paths FILE [--data DIR]`. */
int guidance_main(int argc, char **argv);
/* Loads a scenario file and checks it against the catalog of the data
 * folder (data/matters, data/material_kinds): NULL with *err (malloc'd,
 * "FILE: path: what") when it is refused. */
struct scenario *guidance_load_file(const char *file, const char *data,
    char **err);

#endif
