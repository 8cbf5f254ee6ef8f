/*
 * guide.c - the guidance API.  A scenario (guidance.c) says which
 * matters, materials, precautions and form fields the answers select;
 * this module turns that into the guide a person reads: the catalog's
 * names, departments and time limits of each matter; the materials of
 * all matters deduplicated by kind, each checked as a case would check
 * it (materials_decide: an electronic licence or shared data the
 * signed-in applicant already has is not asked for); the precautions;
 * the forms filled from the answers and the account.  The same guide
 * is the JSON answer, the PDF (pdf.c) and the bundle of drafts.
 *
 * The answers are canonicalised (only those on the path, in the
 * scenario's terms) and hashed: the digest names the guide, so the
 * same answers always give the same guide and a bundle records which.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "app.h"
#include "buf.h"
#include "cal.h"
#include "cases.h"
#include "guide.h"
#include "http.h"
#include "log.h"
#include "outbox.h"
#include "store.h"
#include "workflow.h"

/* ------------------------------------------------------------------ */
/* Loading and checking                                                */

STORE_SQL(q_scenarios, "SELECT id, doc FROM guidance_scenarios ORDER BY seq");

void
guide_free(struct guide_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		guidance_free(set->v[i]);
	free(set->v);
	free(set);
}

int
guide_load(struct store_conn *c, struct guide_set **out, char **err)
{
	struct guide_set *set = calloc(1, sizeof(*set));
	struct store_rows *rows;
	int rc;

	*out = NULL;
	*err = NULL;
	if (set == NULL || store_query(c, &q_scenarios, NULL, 0, &rows) < 0) {
		free(set);
		*err = strdup("cannot read the guidance scenarios");
		return -1;
	}
	while ((rc = store_next(rows)) == 1) {
		struct guidance_error ge;
		struct scenario *s, **v;
		json_error_t je;
		json_t *doc = json_loads(store_text(rows, 1), JSON_REJECT_DUPLICATES,
		    &je);

		if (doc == NULL ||
		    (s = guidance_parse(doc, store_text(rows, 0), &ge)) == NULL) {
			if (asprintf(err, "scenario %s: %s: %s",
			    store_text(rows, 0), doc ? ge.path : "",
			    doc ? ge.msg : je.text) < 0)
				*err = NULL;
			rc = -1;
			break;
		}
		if ((v = realloc(set->v, (set->n + 1) * sizeof(*v))) == NULL) {
			guidance_free(s);
			rc = -1;
			break;
		}
		set->v = v;
		set->v[set->n++] = s;
	}
	store_rows_free(rows);
	if (rc < 0) {
		guide_free(set);
		if (*err == NULL)
			*err = strdup("cannot read the guidance scenarios");
		return -1;
	}
	*out = set;
	return 0;
}

STORE_SQL(q_matter_applicant, "SELECT applicant FROM matters WHERE code = $1");
STORE_SQL(q_kind_exists, "SELECT COUNT(*) FROM material_kinds WHERE code = $1");

struct store_catalog {
	struct store_conn *c;
	char applicant[16];
	int failed;
};

static const char *
store_matter_applicant(void *cls, const char *code)
{
	struct store_catalog *sc = cls;
	struct store_val p[] = { SV_TEXT(code) };
	struct store_rows *rows;
	int rc;

	if (store_query(sc->c, &q_matter_applicant, p, 1, &rows) < 0) {
		sc->failed = 1;
		return NULL;
	}
	if ((rc = store_next(rows)) == 1)
		snprintf(sc->applicant, sizeof(sc->applicant), "%s",
		    store_text(rows, 0));
	store_rows_free(rows);
	if (rc < 0)
		sc->failed = 1;
	return rc == 1 ? sc->applicant : NULL;
}

static int
store_kind_exists(void *cls, const char *kind)
{
	struct store_catalog *sc = cls;
	struct store_val p[] = { SV_TEXT(kind) };
	int64_t n = 0;

	if (store_query_int(sc->c, &q_kind_exists, p, 1, &n) < 0)
		sc->failed = 1;
	return n > 0;
}

int
guide_check_store(struct store_conn *c, const struct scenario *s,
    struct guidance_error *err)
{
	struct store_catalog sc = { c, "", 0 };
	struct guidance_catalog cat = { store_matter_applicant,
		store_kind_exists, &sc };
	int rc = guidance_check_catalog(s, &cat, err);

	if (sc.failed)
		return -1;
	return rc < 0 ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Who asks                                                            */

STORE_SQL(q_applicant,
    "SELECT a.kind, a.login, a.name, a.mobile, d.name_zh, d.name_en,"
    " b.legal_rep_name, bd.name_zh, bd.name_en FROM accounts a"
    " LEFT JOIN districts d ON d.code = a.registered_district"
    " LEFT JOIN business_registry b ON b.credit_code = a.login"
    " AND a.kind = 'enterprise'"
    " LEFT JOIN districts bd ON bd.code = b.district WHERE a.id = $1");

/* The signed-in resident or enterprise, for materials and forms. */
struct applicant {
	int known;		/* a resident or an enterprise is signed in */
	int enterprise;
	char *login, *name, *mobile, *district_zh, *district_en, *legal_rep;
};

static char *
dup_or_null(const char *s)
{
	return s && s[0] ? strdup(s) : NULL;
}

static void
applicant_release(struct applicant *ap)
{
	free(ap->login);
	free(ap->name);
	free(ap->mobile);
	free(ap->district_zh);
	free(ap->district_en);
	free(ap->legal_rep);
	memset(ap, 0, sizeof(*ap));
}

/* Staff and anonymous callers get a guide for no one in particular. */
static int
applicant_read(struct http_req *r, struct store_conn *c,
    struct applicant *ap)
{
	struct store_val p[] = { SV_INT(r->auth.account_id) };
	struct store_rows *rows;
	int rc;

	memset(ap, 0, sizeof(*ap));
	if (r->auth.account_id == 0 || strcmp(r->auth.kind, "staff") == 0)
		return 0;
	if (store_query(c, &q_applicant, p, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1) {
		ap->known = 1;
		ap->enterprise = strcmp(store_text(rows, 0), "enterprise") == 0;
		ap->login = dup_or_null(store_text(rows, 1));
		ap->name = dup_or_null(store_text(rows, 2));
		ap->mobile = dup_or_null(store_text(rows, 3));
		ap->district_zh = dup_or_null(store_text(rows,
		    ap->enterprise ? 7 : 4));
		ap->district_en = dup_or_null(store_text(rows,
		    ap->enterprise ? 8 : 5));
		ap->legal_rep = dup_or_null(store_text(rows, 6));
	}
	store_rows_free(rows);
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Answers in                                                          */

static const struct scenario *
scenario_find(struct http_req *r)
{
	const struct guide_set *set = r->app->guidance;
	size_t i;

	for (i = 0; set && i < set->n; i++)
		if (strcmp(set->v[i]->id, r->params[0]) == 0)
			return set->v[i];
	http_error(r, 404, "not_found", "id", "no guidance scenario has this "
	    "id");
	return NULL;
}

/* The evaluation of a request's answers: owned by the caller. */
struct evaluated {
	const struct scenario *s;
	struct guidance_answer *a;
	struct guidance_result res;
	int commit;
};

static void
evaluated_release(struct evaluated *ev)
{
	free(ev->a);
	guidance_result_free(&ev->res);
}

/*
 * Decodes {"answers": {...}} (and "commit" where allowed) and evaluates
 * them; refuses contradictions, and an unfinished path when complete is
 * needed.  1 when *ev holds the result, else the handler's answer.
 */
static int
evaluate_request(struct http_req *r, int need_complete, int allow_commit,
    struct evaluated *ev)
{
	json_t *answers = NULL;
	const struct api_field spec[] = {
		{ "answers", API_ANY, 1, 0, 0, &answers },
		{ "commit", API_BOOL, 0, 0, 0, &ev->commit },
	};
	struct guidance_error ge;
	const char *code;

	memset(ev, 0, sizeof(*ev));
	if ((ev->s = scenario_find(r)) == NULL)
		return 0;
	if (api_decode(r, spec, allow_commit ? 2 : 1) < 0)
		return 0;
	if ((ev->a = calloc((size_t)ev->s->nq, sizeof(*ev->a))) == NULL)
		return -1;
	if (guidance_answers_parse(ev->s, answers, ev->a, &ge, &code) < 0)
		return http_error(r, 400, code, ge.path, "%s", ge.msg);
	if (guidance_eval(ev->s, ev->a, &ev->res) < 0)
		return -1;
	if (ev->res.rule >= 0) {
		const struct guidance_rule *ru = &ev->s->rules[ev->res.rule];
		char field[64];

		snprintf(field, sizeof(field), "answers.%s",
		    ev->s->q[ru->field].id);
		return http_json(r, 422, json_pack("{s:{s:s, s:s, s:s, s:s}}",
		    "error", "code", "contradictory_answers", "message",
		    ru->reason_en, "message_zh", ru->reason_zh, "field", field));
	}
	if (need_complete && !ev->res.complete) {
		char field[64];

		snprintf(field, sizeof(field), "answers.%s",
		    ev->s->q[ev->res.next].id);
		return http_error(r, 422, "incomplete_answers", field,
		    "answer every question on the path first: \"%s\" is next",
		    ev->s->q[ev->res.next].id);
	}
	return 1;
}

static int
answers_digest(const struct evaluated *ev, json_t *canon, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *text = json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS);
	crypto_hash_sha256_state st;

	if (text == NULL)
		return -1;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)ev->s->id,
	    strlen(ev->s->id) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)text,
	    strlen(text));
	crypto_hash_sha256_final(&st, h);
	free(text);
	sodium_bin2hex(hex, 65, h, sizeof(h));
	return 0;
}

/* What the applicant answered, question by question, for a summary. */
static json_t *
answers_summary(const struct evaluated *ev)
{
	json_t *list = json_array();
	int i;

	for (i = 0; list && i < ev->res.npath; i++) {
		const struct guidance_question *q = &ev->s->q[ev->res.path[i]];
		char *zh = guidance_answer_text(q, &ev->a[ev->res.path[i]], 0);
		char *en = guidance_answer_text(q, &ev->a[ev->res.path[i]], 1);

		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s?, "
		    "s:s?}", "question", q->id, "text_zh", q->text_zh, "text_en",
		    q->text_en, "answer_zh", zh, "answer_en", en));
		free(zh);
		free(en);
	}
	return list;
}

/* ------------------------------------------------------------------ */
/* The guide                                                           */

STORE_SQL(q_guide_matter,
    "SELECT m.name_zh, m.name_en, m.department, d.name_zh, d.name_en,"
    " m.mode, m.online, m.promised_days, m.legal_days, m.fee_fen,"
    " m.licence_kind FROM matters m JOIN departments d ON d.code = m.department"
    " WHERE m.code = $1");
STORE_SQL(q_guide_materials,
    "SELECT mm.kind, mm.satisfied, mm.shared_by, mm.is_key, k.e_licence,"
    " k.name_zh, k.name_en, d.name_zh, d.name_en, mm.note_zh, mm.note_en"
    " FROM matter_materials mm JOIN material_kinds k ON k.code = mm.kind"
    " LEFT JOIN departments d ON d.code = mm.shared_by"
    " WHERE mm.matter = $1 ORDER BY mm.seq");
STORE_SQL(q_guide_kind,
    "SELECT name_zh, name_en, e_licence FROM material_kinds WHERE code = $1");

/* One material of the guide, before it is checked. */
struct gmat {
	char *kind, *declared, *shared_by, *shared_zh, *shared_en;
	char *name_zh, *name_en, *note_zh, *note_en;
	int key, e_licence;
	json_t *matters;	/* codes of the matters needing it */
};

struct gmats {
	struct gmat *v;
	size_t n;
};

static void
gmats_release(struct gmats *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct gmat *g = &m->v[i];

		free(g->kind);
		free(g->declared);
		free(g->shared_by);
		free(g->shared_zh);
		free(g->shared_en);
		free(g->name_zh);
		free(g->name_en);
		free(g->note_zh);
		free(g->note_en);
		json_decref(g->matters);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}


/* Adds kind for matter (NULL: the guide's own), or names the matter on
 * the existing entry.  -1 when out of memory. */
static int
gmats_add(struct gmats *m, const char *kind, const char *matter,
    const char *declared, const char *shared_by, const char *shared_zh,
    const char *shared_en, const char *name_zh, const char *name_en,
    const char *note_zh, const char *note_en, int key, int e_licence)
{
	struct gmat *g, *nv;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->v[i].kind, kind) == 0) {
			g = &m->v[i];
			g->key |= key;
			if (matter)
				json_array_append_new(g->matters,
				    json_string(matter));
			/* One matter takes a commitment, another the real
			 * thing: the guide asks for the real thing. */
			if (strcmp(g->declared, "commitment") == 0 &&
			    strcmp(declared, "commitment") != 0) {
				char *d = strdup(declared);

				if (d == NULL)
					return -1;
				free(g->declared);
				g->declared = d;
			}
			return 0;
		}
	if ((nv = realloc(m->v, (m->n + 1) * sizeof(*nv))) == NULL)
		return -1;
	m->v = nv;
	g = &m->v[m->n++];
	memset(g, 0, sizeof(*g));
	g->kind = strdup(kind);
	g->declared = strdup(declared);
	g->shared_by = dup_or_null(shared_by);
	g->shared_zh = dup_or_null(shared_zh);
	g->shared_en = dup_or_null(shared_en);
	g->name_zh = strdup(name_zh);
	g->name_en = strdup(name_en);
	g->note_zh = dup_or_null(note_zh);
	g->note_en = dup_or_null(note_en);
	g->key = key;
	g->e_licence = e_licence;
	g->matters = json_array();
	if (!g->kind || !g->declared || !g->name_zh || !g->name_en ||
	    !g->matters)
		return -1;
	if (matter)
		json_array_append_new(g->matters, json_string(matter));
	return 0;
}

/*
 * Whether the scenario's entries keep a catalog material of matter mi:
 * kept unless an entry names it for that matter and none holds.
 */
static int
material_kept(const struct scenario *s, const struct guidance_result *res,
    int mi, const char *kind)
{
	int i, named = 0;

	for (i = 0; i < s->nmaterials; i++)
		if (s->materials[i].matter == mi &&
		    strcmp(s->materials[i].kind, kind) == 0) {
			if (res->material_on[i])
				return 1;
			named = 1;
		}
	return !named;
}

/* Adds a scenario entry's kind (one the catalog does not list there). */
static int
extra_material(struct store_conn *c, struct gmats *m,
    const struct guidance_material *e, const char *matter)
{
	struct store_val p[] = { SV_TEXT(e->kind) };
	struct store_rows *rows;
	int rc;

	if (store_query(c, &q_guide_kind, p, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1)
		rc = gmats_add(m, e->kind, matter, "provide", NULL, NULL, NULL,
		    store_text(rows, 0), store_text(rows, 1), e->note_zh,
		    e->note_en, 0, (int)store_int(rows, 2)) < 0 ? -1 : 1;
	store_rows_free(rows);
	return rc < 0 ? -1 : 0;
}

/*
 * produced: kind → the matter of the guide whose result is an electronic
 * licence of that kind (a new company's business licence, say), so the
 * guide's other matters need not ask for it.
 */
static int
guide_matters(struct store_conn *c, const struct evaluated *ev,
    json_t *out, struct gmats *m, json_t *produced)
{
	const struct scenario *s = ev->s;
	int i, k, rc;

	for (i = 0; i < s->nmatters; i++) {
		const struct guidance_matter *gm = &s->matters[i];
		struct store_val p[] = { SV_TEXT(gm->code) };
		struct store_rows *rows;

		if (!ev->res.matter_on[i])
			continue;
		if (store_query(c, &q_guide_matter, p, 1, &rows) < 0)
			return -1;
		if ((rc = store_next(rows)) == 1)
			json_array_append_new(out, json_pack("{s:s, s:s, s:s, "
			    "s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:b, s:I, s:I, "
			    "s:I}", "code", gm->code, "name_zh",
			    store_text(rows, 0), "name_en", store_text(rows, 1),
			    "department", "code", store_text(rows, 2),
			    "name_zh", store_text(rows, 3), "name_en",
			    store_text(rows, 4), "why_zh", gm->why_zh, "why_en",
			    gm->why_en, "mode", store_text(rows, 5), "online",
			    (int)store_int(rows, 6), "promised_days",
			    (json_int_t)store_int(rows, 7), "legal_days",
			    (json_int_t)store_int(rows, 8), "fee_fen",
			    (json_int_t)store_int(rows, 9)));
		if (rc == 1 && !store_isnull(rows, 10)) {
			json_t *by = json_object_get(produced,
			    store_text(rows, 10));

			if (by == NULL) {
				by = json_array();
				json_object_set_new(produced,
				    store_text(rows, 10), by);
			}
			json_array_append_new(by, json_pack("{s:s, s:s, s:s}",
			    "code", gm->code, "name_zh", store_text(rows, 0),
			    "name_en", store_text(rows, 1)));
		}
		store_rows_free(rows);
		if (rc != 1)
			return -1;	/* checked at start: the catalog has it */

		/* Its catalog materials, as the scenario keeps them. */
		if (store_query(c, &q_guide_materials, p, 1, &rows) < 0)
			return -1;
		while ((rc = store_next(rows)) == 1) {
			const char *kind = store_text(rows, 0);

			if (!material_kept(s, &ev->res, i, kind))
				continue;
			if (gmats_add(m, kind, gm->code, store_text(rows, 1),
			    store_text(rows, 2), store_text(rows, 7),
			    store_text(rows, 8), store_text(rows, 5),
			    store_text(rows, 6), store_text(rows, 9),
			    store_text(rows, 10), (int)store_int(rows, 3),
			    (int)store_int(rows, 4)) < 0) {
				rc = -1;
				break;
			}
		}
		store_rows_free(rows);
		if (rc < 0)
			return -1;
		/* Kinds the scenario adds for this matter. */
		for (k = 0; k < s->nmaterials; k++) {
			const struct guidance_material *e = &s->materials[k];
			size_t g;
			int listed = 0;

			if (e->matter != i || !ev->res.material_on[k])
				continue;
			for (g = 0; g < m->n; g++) {
				size_t x;

				for (x = 0; x < json_array_size(m->v[g].matters);
				    x++)
					if (strcmp(m->v[g].kind, e->kind) == 0 &&
					    strcmp(json_string_value(json_array_get(
					    m->v[g].matters, x)), gm->code) == 0)
						listed = 1;
			}
			if (!listed && extra_material(c, m, e, gm->code) < 0)
				return -1;
		}
	}
	/* The guide's own extra materials. */
	for (k = 0; k < s->nmaterials; k++)
		if (s->materials[k].matter < 0 && ev->res.material_on[k] &&
		    extra_material(c, m, &s->materials[k], NULL) < 0)
			return -1;
	return 0;
}

/* The first of the producers (array) that is not among matters. */
static json_t *
producer(json_t *producers, json_t *matters)
{
	size_t i, k;
	json_t *p, *m;

	json_array_foreach(producers, i, p) {
		int needs = 0;

		json_array_foreach(matters, k, m)
			if (strcmp(json_string_value(m), json_string_value(
			    json_object_get(p, "code"))) == 0)
				needs = 1;
		if (!needs)
			return p;
	}
	return NULL;
}

static int
guide_materials(struct http_req *r, struct store_conn *c,
    const struct applicant *ap, struct gmats *m, json_t *produced,
    json_t *out)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct gmat *g = &m->v[i];
		struct material_way mw;
		json_t *by;

		if (materials_decide(c, ap->known ? ap->login : NULL, g->kind,
		    g->declared, g->shared_by, g->shared_zh, g->shared_en,
		    g->e_licence, 0, case_today(r), &mw) < 0)
			return -1;
		/* Not held yet, but another matter of this guide issues it
		 * (never the matter that needs it: a branch needs its
		 * parent's licence, not the one it is about to get). */
		if (strcmp(mw.status, "needed") == 0 &&
		    (by = producer(json_object_get(produced, g->kind),
		    g->matters)) != NULL) {
			mw.way = "in-guide";
			mw.status = "pending";
			snprintf(mw.reason_zh, sizeof(mw.reason_zh), "由本指南中"
			    "的“%s”办理取得后自动调用，无需另行提交",
			    json_string_value(json_object_get(by, "name_zh")));
			snprintf(mw.reason_en, sizeof(mw.reason_en), "issued "
			    "by \"%s\" in this guide and then used "
			    "directly: nothing to submit",
			    json_string_value(json_object_get(by, "name_en")));
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:O, "
		    "s:b, s:s, s:s, s:s, s:s, s:s?, s:s?}", "kind", g->kind,
		    "name_zh", g->name_zh, "name_en", g->name_en, "matters",
		    g->matters, "key", g->key, "way", mw.way, "status",
		    mw.status, "reason_zh", mw.reason_zh, "reason_en",
		    mw.reason_en, "note_zh", g->note_zh, "note_en", g->note_en));
	}
	return 0;
}

/* A form field's value in Chinese (en = 0) or English. */
static json_t *
field_value(const struct evaluated *ev, const struct guidance_field *f,
    const struct applicant *ap, int en)
{
	const char *v = NULL;

	switch (f->source) {
	case GS_ANSWER: {
		char *t;
		json_t *j;

		if (!ev->res.on_path[f->q])
			return json_null();
		t = guidance_answer_text(&ev->s->q[f->q], &ev->a[f->q], en);
		j = t ? json_string(t) : json_null();
		free(t);
		return j;
	}
	case GS_APPLICANT_NAME:
		v = ap->name;
		break;
	case GS_APPLICANT_ID:
		v = ap->known && !ap->enterprise ? ap->login : NULL;
		break;
	case GS_APPLICANT_MOBILE:
		v = ap->mobile;
		break;
	case GS_APPLICANT_DISTRICT:
		v = en ? ap->district_en : ap->district_zh;
		break;
	case GS_ENTERPRISE_CODE:
		v = ap->known && ap->enterprise ? ap->login : NULL;
		break;
	case GS_ENTERPRISE_LEGAL_REP:
		v = ap->legal_rep;
		break;
	}
	return v ? json_string(v) : json_null();
}

/* The form of matter index mi, or NULL when the scenario has none. */
static json_t *
guide_form(const struct evaluated *ev, int mi, const struct applicant *ap)
{
	const struct scenario *s = ev->s;
	int i, k;

	for (i = 0; i < s->nforms; i++) {
		const struct guidance_form *f = &s->forms[i];
		json_t *fields;

		if (f->matter != mi)
			continue;
		fields = json_array();
		for (k = 0; fields && k < f->nfields; k++)
			json_array_append_new(fields, json_pack("{s:s, s:s, "
			    "s:s, s:o, s:o}", "key", f->fields[k].key,
			    "label_zh", f->fields[k].label_zh, "label_en",
			    f->fields[k].label_en, "value",
			    field_value(ev, &f->fields[k], ap, 0), "value_en",
			    field_value(ev, &f->fields[k], ap, 1)));
		return json_pack("{s:s, s:o}", "matter", s->matters[mi].code,
		    "fields", fields);
	}
	return NULL;
}

/* The whole guide for complete answers; NULL on a store failure. */
static json_t *
guide_build(struct http_req *r, struct store_conn *c,
    const struct evaluated *ev, const struct applicant *ap,
    const char *digest)
{
	const struct scenario *s = ev->s;
	json_t *matters = json_array(), *materials = json_array();
	json_t *precautions = json_array(), *forms = json_array();
	json_t *produced = json_object();
	struct gmats m = { NULL, 0 };
	int i;

	if (!matters || !materials || !precautions || !forms || !produced ||
	    guide_matters(c, ev, matters, &m, produced) < 0 ||
	    guide_materials(r, c, ap, &m, produced, materials) < 0)
		goto fail;
	gmats_release(&m);
	json_decref(produced);
	for (i = 0; i < s->nprecautions; i++)
		if (ev->res.precaution_on[i])
			json_array_append_new(precautions, json_pack("{s:s, "
			    "s:s}", "text_zh", s->precautions[i].text_zh,
			    "text_en", s->precautions[i].text_en));
	for (i = 0; i < s->nmatters; i++) {
		json_t *f;

		if (ev->res.matter_on[i] && (f = guide_form(ev, i, ap)))
			json_array_append_new(forms, f);
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:s}", "matters", matters,
	    "materials", materials, "precautions", precautions, "forms",
	    forms, "digest", digest);
fail:
	gmats_release(&m);
	json_decref(produced);
	json_decref(matters);
	json_decref(materials);
	json_decref(precautions);
	json_decref(forms);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Handlers                                                            */

static const char *const no_params[] = { NULL };

int
api_guidance_list(struct http_req *r)
{
	const struct guide_set *set = r->app->guidance;
	json_t *items = json_array();
	size_t i;

	if (api_query_allowed(r, no_params) < 0) {
		json_decref(items);
		return 0;
	}
	for (i = 0; set && i < set->n; i++) {
		const struct scenario *s = set->v[i];

		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:i, s:i}", "id", s->id, "audience", s->audience,
		    "title_zh", s->title_zh, "title_en", s->title_en,
		    "summary_zh", s->summary_zh, "summary_en", s->summary_en,
		    "questions", s->nq, "matters", s->nmatters));
	}
	return api_list(r, items, (int64_t)json_array_size(items),
	    (int64_t)json_array_size(items), 0);
}

int
api_guidance_get(struct http_req *r)
{
	const struct scenario *s;

	if (api_query_allowed(r, no_params) < 0 ||
	    (s = scenario_find(r)) == NULL)
		return 0;
	return http_json(r, 200, json_incref(s->doc));
}

/* Evaluates and, when complete, builds the guide: *guide (owned) and
 * *summary.  1, or the handler's answer. */
static int
evaluate_and_build(struct http_req *r, int need_complete, int allow_commit,
    struct evaluated *ev, json_t **canon, json_t **guide, char digest[65],
    struct applicant *ap)
{
	struct store_conn *c;
	int rc;

	*canon = *guide = NULL;
	memset(ap, 0, sizeof(*ap));
	if ((rc = evaluate_request(r, need_complete, allow_commit, ev)) != 1)
		return rc;
	if ((*canon = guidance_answers_json(ev->s, ev->a, &ev->res)) == NULL ||
	    answers_digest(ev, *canon, digest) < 0)
		return -1;
	if (!ev->res.complete)
		return 1;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin_read(c) < 0)
		return api_store_error(r, "guide");
	if (applicant_read(r, c, ap) < 0 ||
	    (*guide = guide_build(r, c, ev, ap, digest)) == NULL) {
		store_rollback(c);
		return api_store_error(r, "guide");
	}
	store_rollback(c);
	return 1;
}

int
api_guidance_evaluate(struct http_req *r)
{
	struct evaluated ev;
	struct applicant ap;
	json_t *canon, *guide, *path, *skipped, *body;
	char digest[65];
	int rc, i;

	rc = evaluate_and_build(r, 0, 0, &ev, &canon, &guide, digest, &ap);
	if (rc != 1)
		goto out;
	path = json_array();
	skipped = json_array();
	for (i = 0; i < ev.res.npath; i++)
		json_array_append_new(path,
		    json_string(ev.s->q[ev.res.path[i]].id));
	for (i = 0; i < ev.res.nskipped; i++)
		json_array_append_new(skipped,
		    json_string(ev.s->q[ev.res.skipped[i]].id));
	body = json_pack("{s:s, s:b, s:o, s:O?, s:o, s:{s:i, s:i}, s:o, s:o, "
	    "s:s}", "scenario", ev.s->id, "complete", ev.res.complete, "path",
	    path, "next", ev.res.next >= 0 ? ev.s->q[ev.res.next].def : NULL,
	    "skipped", skipped, "progress", "answered", ev.res.npath,
	    "remaining", ev.res.remaining, "summary", answers_summary(&ev),
	    "guide", guide ? guide : json_null(), "digest", digest);
	guide = NULL;
	rc = http_json(r, 200, body);
out:
	json_decref(canon);
	json_decref(guide);
	applicant_release(&ap);
	evaluated_release(&ev);
	return rc;
}

int
api_guidance_pdf(struct http_req *r)
{
	struct evaluated ev;
	struct applicant ap;
	json_t *canon, *guide, *summary = NULL;
	char digest[65], *err = NULL;
	int rc;

	rc = evaluate_and_build(r, 1, 0, &ev, &canon, &guide, digest, &ap);
	if (rc != 1)
		goto out;
	summary = answers_summary(&ev);
	buf_reset(&r->out);
	if (pdf_guide(ev.s, guide, summary, r->app->pdf_font, &r->out,
	    &err) < 0) {
		log_error("msg=\"pdf failed\" why=\"%s\" request=%s",
		    err ? err : "?", r->request_id);
		buf_reset(&r->out);
		rc = http_error(r, 500, "internal", NULL, "the PDF could not "
		    "be made (request %s)", r->request_id);
		goto out;
	}
	{
		char *cd = NULL;

		if (asprintf(&cd, "attachment; filename=\"guide-%s.pdf\"",
		    ev.s->id) >= 0)
			http_add_header(r, "Content-Disposition", cd);
		free(cd);
	}
	r->status = 200;
	r->content_type = "application/pdf";
	r->answered = 1;
	rc = 0;
out:
	free(err);
	json_decref(summary);
	json_decref(canon);
	json_decref(guide);
	applicant_release(&ap);
	evaluated_release(&ev);
	return rc;
}

STORE_SQL(q_bundle_insert,
    "INSERT INTO guidance_bundles (scenario, account_id, answers, digest,"
    " created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
STORE_SQL(q_bundle_same,
    "SELECT b.id FROM guidance_bundles b WHERE b.account_id = $1"
    " AND b.scenario = $2 AND b.digest = $3 AND NOT EXISTS (SELECT 1"
    " FROM cases k WHERE k.bundle_id = b.id AND k.state <> 'draft')"
    " ORDER BY b.id DESC LIMIT 1");
STORE_SQL(q_bundle_get,
    "SELECT scenario, account_id, answers, digest, created_at"
    " FROM guidance_bundles WHERE id = $1");
STORE_SQL(q_bundle_cases,
    "SELECT id FROM cases WHERE bundle_id = $1 ORDER BY id");

/* A case of a bundle: {id, number, matter, names, state, version}. */
static json_t *
case_brief(struct http_req *r, const struct case_rec *k)
{
	const struct workflow *wf = workflows_get(r->app->workflows,
	    k->workflow);
	int st = wf ? workflow_state(wf, k->state) : -1;

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
	    "id", (json_int_t)k->id, "number", k->number, "matter", k->matter,
	    "name_zh", k->matter_zh, "name_en", k->matter_en, "state",
	    k->state, "state_zh", st >= 0 ? wf->states[st].name_zh : k->state,
	    "state_en", st >= 0 ? wf->states[st].name_en : k->state,
	    "version", (json_int_t)k->version);
}

/* The kinds of the guide's materials that matter code needs: what its
 * draft asks for, so the draft and the guide agree.  New reference. */
static json_t *
kinds_of(json_t *guide, const char *code)
{
	json_t *out = json_array(), *m, *c;
	size_t i, k;

	json_array_foreach(json_object_get(guide, "materials"), i, m)
		json_array_foreach(json_object_get(m, "matters"), k, c)
			if (out && strcmp(json_string_value(c), code) == 0)
				json_array_append(out, json_object_get(m,
				    "kind"));
	return out;
}

/*
 * Reads bundle r->params[0] of the signed-in account and its cases
 * (json array into *cases); 1, or the handler's answer.  Someone
 * else's bundle is "not found", as a case is.
 */
static int
bundle_read_id(struct http_req *r, struct store_conn *c, int64_t id,
    json_t **bundle, int64_t **ids, size_t *nids)
{
	struct store_val p[] = { SV_INT(id) };
	struct store_rows *rows;
	int64_t *idp = &id;
	int rc;

	*bundle = NULL;
	*ids = NULL;
	*nids = 0;
	if (store_query(c, &q_bundle_get, p, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1 &&
	    store_int(rows, 1) == r->auth.account_id) {
		char at[CAL_RFC3339_LEN + 1];

		cal_format_rfc3339(store_int(rows, 4), at);
		*bundle = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id",
		    (json_int_t)*idp, "scenario", store_text(rows, 0), "answers",
		    store_text(rows, 2), "digest", store_text(rows, 3),
		    "created_at", at);
	}
	store_rows_free(rows);
	if (rc < 0)
		return -1;
	if (*bundle == NULL)
		return http_error(r, 404, "not_found", "id", "no such bundle");
	/* Answers were stored as text: give them back as JSON. */
	{
		json_t *a = json_loads(json_string_value(json_object_get(*bundle,
		    "answers")), 0, NULL);

		json_object_set_new(*bundle, "answers", a ? a : json_null());
	}
	if (store_query(c, &q_bundle_cases, p, 1, &rows) < 0)
		return -1;
	while ((rc = store_next(rows)) == 1) {
		int64_t *nv = realloc(*ids, (*nids + 1) * sizeof(**ids));

		if (nv == NULL) {
			rc = -1;
			break;
		}
		*ids = nv;
		(*ids)[(*nids)++] = store_int(rows, 0);
	}
	store_rows_free(rows);
	return rc < 0 ? -1 : 1;
}

/* bundle_read_id() of the bundle in r->params[0]. */
static int
bundle_read(struct http_req *r, struct store_conn *c, int64_t *id,
    json_t **bundle, int64_t **ids, size_t *nids)
{
	char *end;
	long long v;

	*bundle = NULL;
	*ids = NULL;
	*nids = 0;
	v = strtoll(r->params[0], &end, 10);
	if (*end != '\0' || v <= 0 || r->params[0][0] == '\0')
		return http_error(r, 400, "invalid_parameter", "id", "a bundle "
		    "id is a positive integer");
	*id = v;
	return bundle_read_id(r, c, *id, bundle, ids, nids);
}

/* The bundle with its cases as the API shows it; NULL on failure. */
static json_t *
bundle_json(struct http_req *r, struct store_conn *c, json_t *bundle,
    const int64_t *ids, size_t n)
{
	json_t *cases = json_array();
	size_t i;

	for (i = 0; cases && i < n; i++) {
		struct case_rec k;

		if (case_load(c, ids[i], &k) != 1) {
			json_decref(cases);
			return NULL;
		}
		json_array_append_new(cases, case_brief(r, &k));
	}
	if (cases == NULL)
		return NULL;
	json_object_set_new(bundle, "cases", cases);
	return bundle;
}

int
api_guidance_applications(struct http_req *r)
{
	struct evaluated ev;
	struct applicant ap;
	struct store_conn *c;
	json_t *canon, *guide, *cases = NULL, *forms;
	char digest[65], *answers_text = NULL;
	int64_t bundle = 0;
	int rc, i;

	rc = evaluate_and_build(r, 1, 1, &ev, &canon, &guide, digest, &ap);
	if (rc != 1)
		goto out;
	if (strcmp(r->auth.kind, "staff") == 0) {
		rc = http_error(r, 403, "forbidden", NULL, "staff file "
		    "applications at the window (POST /api/v1/cases)");
		goto out;
	}
	if (strcmp(r->auth.kind, ev.s->audience) != 0) {
		rc = http_error(r, 403, "forbidden", NULL, "this scenario's "
		    "matters are applied for by %s", strcmp(ev.s->audience,
		    "enterprise") == 0 ? "an enterprise (sign in as the "
		    "enterprise)" : "a resident");
		goto out;
	}
	if ((c = api_store(r)) == NULL) {
		rc = 0;
		goto out;
	}
	if ((answers_text = json_dumps(canon, JSON_COMPACT |
	    JSON_SORT_KEYS)) == NULL || (cases = json_array()) == NULL) {
		rc = -1;
		goto out;
	}
	forms = json_object_get(guide, "forms");
	if (store_begin(c) < 0) {
		rc = api_store_error(r, "applications");
		goto out;
	}
	/* The same answers again while the first drafts are untouched (a
	 * second click, a second tab): the same bundle, not a copy. */
	{
		struct store_val p[] = { SV_INT(r->auth.account_id),
			SV_TEXT(ev.s->id), SV_TEXT(digest) };

		rc = store_query_int(c, &q_bundle_same, p, 3, &bundle);
		if (rc == STORE_ENOTFOUND)
			bundle = 0;
		else if (rc < 0)
			goto fail;
	}
	if (bundle > 0) {
		json_t *b = NULL;
		int64_t *ids = NULL;
		size_t n;

		rc = bundle_read_id(r, c, bundle, &b, &ids, &n);
		if (rc == 1 && bundle_json(r, c, b, ids, n) != NULL) {
			store_rollback(c);
			free(ids);
			json_object_set_new(b, "bundle", json_integer(bundle));
			json_object_set_new(b, "existing", json_true());
			rc = http_json(r, 200, b);
			goto out;
		}
		free(ids);
		json_decref(b);
		goto fail;
	}
	{
		struct store_val p[] = { SV_TEXT(ev.s->id),
			SV_INT(r->auth.account_id), SV_TEXT(answers_text),
			SV_TEXT(digest), SV_INT(r->now) };

		if (store_query_int(c, &q_bundle_insert, p, 5, &bundle) < 0)
			goto fail;
	}
	for (i = 0; i < ev.s->nmatters; i++) {
		const char *code = ev.s->matters[i].code;
		char *form_text = NULL;
		json_t *kinds;
		struct case_rec k;
		size_t f;

		if (!ev.res.matter_on[i])
			continue;
		for (f = 0; f < json_array_size(forms); f++) {
			json_t *fo = json_array_get(forms, f);

			if (strcmp(json_string_value(json_object_get(fo,
			    "matter")), code) == 0)
				form_text = json_dumps(json_object_get(fo,
				    "fields"), JSON_COMPACT);
		}
		kinds = kinds_of(guide, code);
		rc = kinds ? case_draft_file(r, c, code, bundle, form_text,
		    kinds, ev.commit, &k) : -1;
		json_decref(kinds);
		free(form_text);
		if (rc != 0) {
			store_rollback(c);
			if (rc < 0)
				rc = api_store_error(r, "applications");
			else
				rc = 0;	/* the refusal was answered */
			goto out;
		}
		json_array_append_new(cases, case_brief(r, &k));
	}
	if (store_commit(c) < 0)
		goto fail;
	{
		char *loc = NULL;

		if (asprintf(&loc, "/api/v1/guidance/bundles/%lld",
		    (long long)bundle) >= 0)
			http_add_header(r, "Location", loc);
		free(loc);
	}
	{
		char at[CAL_RFC3339_LEN + 1];

		cal_format_rfc3339(r->now, at);
		rc = http_json(r, 201, json_pack("{s:I, s:I, s:s, s:O, s:s, "
		    "s:s, s:O, s:b}", "id", (json_int_t)bundle, "bundle",
		    (json_int_t)bundle, "scenario", ev.s->id, "answers", canon,
		    "digest", digest, "created_at", at, "cases", cases,
		    "existing", 0));
	}
	goto out;
fail:
	store_rollback(c);
	rc = api_store_error(r, "applications");
out:
	free(answers_text);
	json_decref(cases);
	json_decref(canon);
	json_decref(guide);
	applicant_release(&ap);
	evaluated_release(&ev);
	return rc;
}

int
api_guidance_bundle_get(struct http_req *r)
{
	struct store_conn *c;
	json_t *bundle = NULL;
	int64_t id, *ids = NULL;
	size_t n;
	int rc;

	if (api_query_allowed(r, no_params) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin_read(c) < 0)
		return api_store_error(r, "bundle");
	if ((rc = bundle_read(r, c, &id, &bundle, &ids, &n)) != 1) {
		store_rollback(c);
		free(ids);
		return rc < 0 ? api_store_error(r, "bundle") : rc;
	}
	if (bundle_json(r, c, bundle, ids, n) == NULL) {
		store_rollback(c);
		free(ids);
		json_decref(bundle);
		return api_store_error(r, "bundle");
	}
	store_rollback(c);
	free(ids);
	return http_json(r, 200, bundle);
}

int
api_guidance_bundle_submit(struct http_req *r)
{
	int commit = 0;
	const struct api_field spec[] = {
		{ "commit", API_BOOL, 0, 0, 0, &commit },
	};
	struct store_conn *c;
	struct case_rec *k = NULL;
	json_t *bundle = NULL, *cases = NULL, *need = NULL;
	int64_t id, *ids = NULL;
	size_t n, i;
	int rc;

	if (api_decode(r, spec, 1) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "bundle submit");
	if ((rc = bundle_read(r, c, &id, &bundle, &ids, &n)) != 1) {
		store_rollback(c);
		free(ids);
		return rc < 0 ? api_store_error(r, "bundle submit") : rc;
	}
	/* The cases, read once for both passes below. */
	if ((k = calloc(n ? n : 1, sizeof(*k))) == NULL ||
	    (cases = json_array()) == NULL || (need = json_array()) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		struct materials_count mc;

		if (case_load(c, ids[i], &k[i]) != 1 ||
		    materials_count(c, ids[i], &mc) < 0)
			goto fail;
		/* Drafts whose matters allow commitments need them signed:
		 * say which, for the whole bundle, before anything moves. */
		if (!commit && strcmp(k[i].state, "draft") == 0 &&
		    mc.commitments && !k[i].commitments_signed)
			json_array_append_new(need, json_pack("{s:I, s:s, s:s, "
			    "s:s}", "id", (json_int_t)k[i].id, "number",
			    k[i].number, "matter", k[i].matter, "name_zh",
			    k[i].matter_zh));
	}
	if (json_array_size(need)) {
		store_rollback(c);
		rc = http_json(r, 422, json_pack("{s:{s:s, s:s, s:s, s:O}}",
		    "error", "code", "commitment_needed", "message", "some "
		    "matters of this bundle take a signed commitment instead "
		    "of certificates: submit with \"commit\": true", "field",
		    "commit", "cases", need));
		goto out;
	}
	/* All or nothing: one refusal and no draft is submitted. */
	for (i = 0; i < n; i++) {
		if (strcmp(k[i].state, "draft") == 0 &&
		    (rc = case_submit(r, c, &k[i], commit)) != 0) {
			store_rollback(c);
			rc = rc < 0 ? api_store_error(r, "bundle submit") : 0;
			goto out;
		}
		json_array_append_new(cases, case_brief(r, &k[i]));
	}
	if (store_commit(c) < 0)
		goto fail;
	outbox_flush(r->app, c, r->now);
	json_object_set_new(bundle, "cases", cases);
	cases = NULL;
	rc = http_json(r, 200, bundle);
	bundle = NULL;
	goto out;
fail:
	store_rollback(c);
	rc = api_store_error(r, "bundle submit");
out:
	free(k);
	free(ids);
	json_decref(need);
	json_decref(cases);
	json_decref(bundle);
	return rc;
}
