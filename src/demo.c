/*
 * demo.c - the loader of data/ (demo.h).
 *
 * Each record is read through field(), which checks presence and JSON
 * type and, on failure, writes the error naming file, record and field;
 * the loader then stops.  Cross-references (a matter's department, a
 * material's kind, a center's parent) are checked here with a readable
 * message before the database's foreign keys would refuse them with an
 * unreadable one.  Everything happens in one transaction, so a bad file
 * leaves the store as empty as it was.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "accounts.h"
#include "cal.h"
#include "catalog.h"
#include "demo.h"
#include "hours.h"
#include "licences.h"
#include "store.h"
#include "terms.h"
#include "valid.h"
#include "guide.h"
#include "guidance.h"
#include "workflow.h"

struct alias {
	const char *full, *shrt;	/* borrowed from aliases_json */
};

struct loader {
	struct store_conn *c;
	json_t *aliases_json;	/* search_aliases.json, while loading */
	struct alias *aliases;
	size_t naliases;
	const char *file;	/* the file being read, for messages */
	const char *rec;	/* the record's code, for messages */
	size_t index;		/* the record's position */
	char *err;		/* the first error; set once */
	int today;
};

static int
fail(struct loader *l, const char *field, const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;

	if (l->err)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (asprintf(&l->err, "%s: record %zu%s%s%s: %s%s%s", l->file,
	    l->index + 1, l->rec ? " (" : "", l->rec ? l->rec : "",
	    l->rec ? ")" : "", field ? "field \"" : "", field ? field : "",
	    field ? "\": " : "") < 0)
		l->err = NULL;
	if (l->err && msg) {
		char *full = NULL;

		if (asprintf(&full, "%s%s", l->err, msg) >= 0) {
			free(l->err);
			l->err = full;
		}
	}
	free(msg);
	if (l->err == NULL)
		l->err = strdup("out of memory");
	return -1;
}

/* A string field; NULL (and an error if required) when absent. */
static const char *
str(struct loader *l, json_t *rec, const char *name, int required)
{
	json_t *v = json_object_get(rec, name);

	if (v == NULL || json_is_null(v)) {
		if (required)
			fail(l, name, "is required");
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0) {
		fail(l, name, "must be a non-empty string");
		return NULL;
	}
	return json_string_value(v);
}

static int
integer(struct loader *l, json_t *rec, const char *name, long long min,
    long long max, long long *out)
{
	json_t *v = json_object_get(rec, name);

	if (!json_is_integer(v))
		return fail(l, name, "must be an integer");
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return fail(l, name, "must be from %lld to %lld", min, max);
	*out = json_integer_value(v);
	return 0;
}

static int
boolean(struct loader *l, json_t *rec, const char *name, int *out)
{
	json_t *v = json_object_get(rec, name);

	if (!json_is_boolean(v))
		return fail(l, name, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

static int
number(struct loader *l, json_t *rec, const char *name, double min,
    double max, double *out)
{
	json_t *v = json_object_get(rec, name);

	if (!json_is_number(v))
		return fail(l, name, "must be a number");
	*out = json_number_value(v);
	if (*out < min || *out > max)
		return fail(l, name, "must be from %g to %g", min, max);
	return 0;
}

static int
one_of(struct loader *l, const char *name, const char *v,
    const char *const *set)
{
	const char *const *s;

	if (v == NULL)
		return -1;
	for (s = set; *s; s++)
		if (strcmp(v, *s) == 0)
			return 0;
	return fail(l, name, "\"%s\" is not an allowed value", v);
}

/* Reads dir/name as a JSON array. */
static json_t *
read_array(struct loader *l, const char *dir, const char *name)
{
	char *path = NULL;
	json_error_t jerr;
	json_t *j;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return NULL;
	l->file = name;
	l->rec = NULL;
	l->index = 0;
	j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	free(path);
	if (j == NULL) {
		if (asprintf(&l->err, "%s: line %d: %s", name, jerr.line,
		    jerr.text) < 0)
			l->err = strdup("out of memory");
		return NULL;
	}
	if (!json_is_array(j) && !json_is_object(j)) {
		json_decref(j);
		if (asprintf(&l->err, "%s: must be a JSON array", name) < 0)
			l->err = NULL;
		return NULL;
	}
	return j;
}

/* Runs an insert; a constraint failure becomes a record error. */
static int
insert(struct loader *l, struct store_sql *q, const struct store_val *p,
    int n, const char *what)
{
	int rc = store_exec(l->c, q, p, n);

	if (rc == STORE_ECONSTRAINT)
		return fail(l, NULL, "%s: duplicate code or unknown reference",
		    what);
	if (rc < 0)
		return fail(l, NULL, "%s: the store refused it: %s", what,
		    store_errmsg(l->c));
	return 0;
}

STORE_SQL(q_count_code, "SELECT COUNT(*) FROM districts WHERE code = $1");
STORE_SQL(q_count_dept, "SELECT COUNT(*) FROM departments WHERE code = $1");
STORE_SQL(q_count_workflow, "SELECT COUNT(*) FROM workflows WHERE code = $1");
STORE_SQL(q_count_center,
    "SELECT COUNT(*) FROM centers WHERE code = $1 AND kind = 'center'");
STORE_SQL(q_kind_licence,
    "SELECT e_licence FROM material_kinds WHERE code = $1");

static int
exists(struct loader *l, struct store_sql *q, const char *code,
    const char *field, const char *what)
{
	struct store_val p[] = { SV_TEXT(code) };
	int64_t n = 0;

	if (code == NULL)
		return -1;
	if (store_query_int(l->c, q, p, 1, &n) < 0)
		return fail(l, field, "lookup failed");
	if (n == 0)
		return fail(l, field, "no %s has the code \"%s\"", what, code);
	return 0;
}

STORE_SQL(q_district_insert,
    "INSERT INTO districts (code, abbr, name_zh, name_en, population, lat,"
    " lng) VALUES ($1, $2, $3, $4, $5, $6, $7)");
STORE_SQL(q_district_processing,
    "UPDATE districts SET processing_center = $2 WHERE code = $1");

static int
load_districts(struct loader *l, const char *dir, int *count)
{
	json_t *a = read_array(l, dir, "districts.json"), *rec;
	size_t i;

	if (a == NULL)
		return -1;
	json_array_foreach(a, i, rec) {
		const char *code, *abbr, *zh, *en;
		long long pop;
		double lat, lng;

		l->index = i;
		l->rec = code = str(l, rec, "code", 1);
		abbr = str(l, rec, "abbr", 1);
		zh = str(l, rec, "name_zh", 1);
		en = str(l, rec, "name_en", 1);
		if (l->err || integer(l, rec, "population", 0, 100000000,
		    &pop) < 0 || number(l, rec, "lat", 30.5, 32, &lat) < 0 ||
		    number(l, rec, "lng", 120.8, 122.3, &lng) < 0)
			break;
		if (strlen(code) != 6 || strncmp(code, "3101", 4) != 0) {
			fail(l, "code", "must be a Shanghai district code 3101xx");
			break;
		}
		{
			struct store_val p[] = { SV_TEXT(code), SV_TEXT(abbr),
				SV_TEXT(zh), SV_TEXT(en), SV_INT(pop),
				SV_REAL(lat), SV_REAL(lng) };

			if (insert(l, &q_district_insert, p, 7, "district") < 0)
				break;
		}
		(*count)++;
	}
	json_decref(a);
	return l->err ? -1 : 0;
}

STORE_SQL(q_department_insert,
    "INSERT INTO departments (code, name_zh, name_en, kind)"
    " VALUES ($1, $2, $3, $4)");

static int
load_departments(struct loader *l, const char *dir, int *count)
{
	static const char *const kinds[] = { "community", "enterprise", "both",
		NULL };
	json_t *a = read_array(l, dir, "departments.json"), *rec;
	size_t i;

	if (a == NULL)
		return -1;
	json_array_foreach(a, i, rec) {
		const char *code, *zh, *en, *kind;

		l->index = i;
		l->rec = code = str(l, rec, "code", 1);
		zh = str(l, rec, "name_zh", 1);
		en = str(l, rec, "name_en", 1);
		kind = str(l, rec, "kind", 1);
		if (l->err || one_of(l, "kind", kind, kinds) < 0)
			break;
		{
			struct store_val p[] = { SV_TEXT(code), SV_TEXT(zh),
				SV_TEXT(en), SV_TEXT(kind) };

			if (insert(l, &q_department_insert, p, 4,
			    "department") < 0)
				break;
		}
		(*count)++;
	}
	json_decref(a);
	return l->err ? -1 : 0;
}

STORE_SQL(q_center_insert,
    "INSERT INTO centers (code, kind, parent, district, subdistrict_zh,"
    " subdistrict_en, name_zh, name_en, address_zh, address_en, phone,"
    " synthetic, lat, lng, always_open, weekday_open, weekday_close,"
    " weekend_open, weekend_close) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
    " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)");

static int
center_hours(struct loader *l, json_t *rec, struct hours *h)
{
	static const char *const keys[] = { "weekday_open", "weekday_close",
		"weekend_open", "weekend_close" };
	json_t *v = json_object_get(rec, "hours");
	int *slots[] = { &h->weekday_open, &h->weekday_close, &h->weekend_open,
		&h->weekend_close };
	const char *key;
	json_t *val;
	size_t i;

	hours_default(h);
	if (v == NULL)
		return 0;
	if (json_is_string(v) && strcmp(json_string_value(v), "24h") == 0) {
		h->always = 1;
		return 0;
	}
	if (!json_is_object(v))
		return fail(l, "hours", "must be \"24h\" or an object");
	json_object_foreach(v, key, val) {
		for (i = 0; i < 4; i++)
			if (strcmp(key, keys[i]) == 0)
				break;
		if (i == 4)
			return fail(l, "hours", "unknown key \"%s\"", key);
		if (!json_is_string(val) ||
		    cal_parse_hhmm(json_string_value(val), slots[i]) < 0)
			return fail(l, "hours", "\"%s\" must be HH:MM", key);
	}
	if (h->weekday_open >= h->weekday_close ||
	    h->weekend_open >= h->weekend_close)
		return fail(l, "hours", "a place must open before it closes");
	return 0;
}

/* The districts' processing centers, once the centers exist. */
static int
load_processing_centers(struct loader *l, const char *dir)
{
	json_t *a = read_array(l, dir, "districts.json"), *rec;
	size_t i;

	if (a == NULL)
		return -1;
	json_array_foreach(a, i, rec) {
		const char *code, *pc;

		l->index = i;
		l->rec = code = str(l, rec, "code", 1);
		pc = str(l, rec, "processing_center", 0);
		if (l->err)
			break;
		if (pc == NULL)
			continue;
		if (exists(l, &q_count_center, pc, "processing_center",
		    "center") < 0)
			break;
		{
			struct store_val p[] = { SV_TEXT(code), SV_TEXT(pc) };

			if (insert(l, &q_district_processing, p, 2,
			    "processing center") < 0)
				break;
		}
	}
	json_decref(a);
	return l->err ? -1 : 0;
}

static int
load_centers(struct loader *l, const char *dir, int *count)
{
	static const char *const kinds[] = { "center", "sub-center",
		"service-point", "self-service", NULL };
	json_t *a = read_array(l, dir, "centers.json"), *rec;
	size_t i, pass;

	if (a == NULL)
		return -1;
	/* Centers first, so that every parent exists when referred to. */
	for (pass = 0; pass < 2 && !l->err; pass++) {
		json_array_foreach(a, i, rec) {
			const char *code, *kind, *parent, *district, *f[9];
			static const char *const names[] = { "subdistrict_zh",
				"subdistrict_en", "name_zh", "name_en",
				"address_zh", "address_en", "phone" };
			struct hours h;
			double lat, lng;
			json_t *syn, *s;
			char synthetic[256] = "";
			size_t k, used = 0;

			l->index = i;
			l->rec = code = str(l, rec, "code", 1);
			kind = str(l, rec, "kind", 1);
			if (l->err || one_of(l, "kind", kind, kinds) < 0)
				break;
			if ((strcmp(kind, "center") == 0) != (pass == 0))
				continue;
			parent = str(l, rec, "parent", pass == 1);
			district = str(l, rec, "district", 1);
			for (k = 0; k < 7; k++)
				f[k] = str(l, rec, names[k], 1);
			if (l->err || number(l, rec, "lat", 30.6, 31.95, &lat) < 0 ||
			    number(l, rec, "lng", 120.85, 122.25, &lng) < 0 ||
			    center_hours(l, rec, &h) < 0 ||
			    exists(l, &q_count_code, district, "district",
			    "district") < 0)
				break;
			if (pass == 0 && parent) {
				fail(l, "parent", "a center has no parent");
				break;
			}
			if (pass == 1 && exists(l, &q_count_center, parent,
			    "parent", "center") < 0)
				break;
			syn = json_object_get(rec, "synthetic");
			if (!json_is_array(syn)) {
				fail(l, "synthetic", "must be an array of field "
				    "names");
				break;
			}
			json_array_foreach(syn, k, s) {
				const char *name = json_string_value(s);
				size_t n = name ? strlen(name) : 0;

				if (n == 0 || !json_object_get(rec, name) ||
				    used + n + 2 > sizeof(synthetic)) {
					fail(l, "synthetic", "names an unknown "
					    "field");
					break;
				}
				if (used)
					synthetic[used++] = ',';
				memcpy(synthetic + used, name, n + 1);
				used += n;
			}
			if (l->err)
				break;
			{
				struct store_val p[] = { SV_TEXT(code),
					SV_TEXT(kind), SV_TEXT(parent),
					SV_TEXT(district), SV_TEXT(f[0]),
					SV_TEXT(f[1]), SV_TEXT(f[2]),
					SV_TEXT(f[3]), SV_TEXT(f[4]),
					SV_TEXT(f[5]), SV_TEXT(f[6]),
					SV_TEXT(synthetic), SV_REAL(lat),
					SV_REAL(lng), SV_INT(h.always),
					SV_INT(h.weekday_open),
					SV_INT(h.weekday_close),
					SV_INT(h.weekend_open),
					SV_INT(h.weekend_close) };

				if (insert(l, &q_center_insert, p, 19,
				    "center") < 0)
					break;
			}
			(*count)++;
		}
	}
	json_decref(a);
	return l->err ? -1 : 0;
}

STORE_SQL(q_kind_insert,
    "INSERT INTO material_kinds (code, name_zh, name_en, e_licence, issuer)"
    " VALUES ($1, $2, $3, $4, $5)");

/* The files of a folder ending in .json, sorted, so loads are stable. */
static int
json_files(const char *dir, char ***out, size_t *n)
{
	struct dirent **list = NULL;
	int i, k;

	*out = NULL;
	*n = 0;
	k = scandir(dir, &list, NULL, alphasort);
	if (k < 0)
		return -1;
	*out = calloc((size_t)k + 1, sizeof(char *));
	for (i = 0; i < k; i++) {
		size_t len = strlen(list[i]->d_name);

		if (*out && len > 5 &&
		    strcmp(list[i]->d_name + len - 5, ".json") == 0)
			(*out)[(*n)++] = strdup(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return *out ? 0 : -1;
}

static void
free_files(char **files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

static int
load_kinds(struct loader *l, const char *dir, int *count)
{
	char **files, *sub = NULL, *name = NULL;
	size_t nf, f;

	if (asprintf(&sub, "%s/material_kinds", dir) < 0)
		return fail(l, NULL, "out of memory");
	if (json_files(sub, &files, &nf) < 0) {
		free(sub);
		l->file = "material_kinds/";
		return fail(l, NULL, "cannot read the folder");
	}
	for (f = 0; f < nf && !l->err; f++) {
		json_t *a, *rec;
		size_t i;

		free(name);
		if (asprintf(&name, "material_kinds/%s", files[f]) < 0)
			break;
		if ((a = read_array(l, dir, name)) == NULL)
			break;
		json_array_foreach(a, i, rec) {
			const char *code, *zh, *en, *issuer;
			int lic = 0;

			l->index = i;
			l->rec = code = str(l, rec, "code", 1);
			zh = str(l, rec, "name_zh", 1);
			en = str(l, rec, "name_en", 1);
			issuer = str(l, rec, "issuer", 0);
			if (l->err || boolean(l, rec, "e_licence", &lic) < 0)
				break;
			if (issuer && exists(l, &q_count_dept, issuer, "issuer",
			    "department") < 0)
				break;
			{
				struct store_val p[] = { SV_TEXT(code),
					SV_TEXT(zh), SV_TEXT(en), SV_INT(lic),
					SV_TEXT(issuer) };

				if (insert(l, &q_kind_insert, p, 5,
				    "material kind") < 0)
					break;
			}
			(*count)++;
		}
		json_decref(a);
	}
	l->file = NULL;	/* pointed into name */
	free(name);
	free(sub);
	free_files(files, nf);
	return l->err ? -1 : 0;
}

/* The terms of one matter, with the highest weight each was seen at. */
struct matter_terms {
	struct { char t[TERMS_MAX_LEN + 1]; int w; } *v;
	size_t n, cap;
	int weight;	/* of the text being split */
};

static int
collect_term(const char *t, void *ctx)
{
	struct matter_terms *mt = ctx;
	size_t i;

	for (i = 0; i < mt->n; i++)
		if (strcmp(mt->v[i].t, t) == 0) {
			if (mt->v[i].w < mt->weight)
				mt->v[i].w = mt->weight;
			return 0;
		}
	if (mt->n == mt->cap) {
		size_t cap = mt->cap ? mt->cap * 2 : 128;
		void *v = realloc(mt->v, cap * sizeof(*mt->v));

		if (v == NULL)
			return -1;
		mt->v = v;
		mt->cap = cap;
	}
	snprintf(mt->v[mt->n].t, sizeof(mt->v[mt->n].t), "%s", t);
	mt->v[mt->n].w = mt->weight;
	mt->n++;
	return 0;
}

STORE_SQL(q_matter_insert,
    "INSERT INTO matters (code, name_zh, name_en, department, category,"
    " applicant, citywide, not_citywide_reason_zh, not_citywide_reason_en,"
    " mode, online, one_visit, legal_days, promised_days, fee_fen,"
    " fee_note_zh, fee_note_en, terminal, mobile, zero_material,"
    " summary_zh, summary_en, conditions_zh, conditions_en, result_zh,"
    " result_en, basis_zh, workflow, licence_kind) VALUES ($1, $2, $3, $4,"
    " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,"
    " $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)");
STORE_SQL(q_material_insert,
    "INSERT INTO matter_materials (matter, seq, kind, satisfied, shared_by,"
    " originals, copies, is_key, note_zh, note_en)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
STORE_SQL(q_term_insert,
    "INSERT INTO matter_terms (term, matter, weight) VALUES ($1, $2, $3)");
STORE_SQL(q_department_name,
    "SELECT name_zh FROM departments WHERE code = $1");

static int
load_materials(struct loader *l, json_t *rec, const char *code, int *zero,
    int *count)
{
	static const char *const ways[] = { "provide", "licence", "shared",
		"commitment", NULL };
	json_t *mats = json_object_get(rec, "materials"), *m;
	size_t i, j;

	*zero = 1;
	if (!json_is_array(mats))
		return fail(l, "materials", "must be an array");
	json_array_foreach(mats, i, m) {
		const char *kind = str(l, m, "kind", 1);
		const char *way = str(l, m, "satisfied", 1);
		const char *shared = str(l, m, "shared_by", 0);
		const char *nzh = str(l, m, "note_zh", 0);
		const char *nen = str(l, m, "note_en", 0);
		long long orig = 0, copies = 0;
		int key = 0;
		int64_t lic = 0;

		int provided;

		if (l->err || one_of(l, "materials.satisfied", way, ways) < 0 ||
		    boolean(l, m, "key", &key) < 0)
			return -1;
		/* Counts matter only for what the applicant hands over. */
		provided = strcmp(way, "provide") == 0;
		if ((provided || json_object_get(m, "originals")) &&
		    integer(l, m, "originals", 0, 20, &orig) < 0)
			return -1;
		if ((provided || json_object_get(m, "copies")) &&
		    integer(l, m, "copies", 0, 20, &copies) < 0)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(json_string_value(json_object_get(
			    json_array_get(mats, j), "kind")), kind) == 0)
				return fail(l, "materials", "kind \"%s\" is "
				    "listed twice", kind);
		{
			struct store_val p[] = { SV_TEXT(kind) };

			if (store_query_int(l->c, &q_kind_licence, p, 1,
			    &lic) < 0)
				return fail(l, "materials.kind", "no material "
				    "kind has the code \"%s\"", kind);
		}
		if (strcmp(way, "licence") == 0 && !lic)
			return fail(l, "materials.satisfied", "\"%s\" has no "
			    "electronic licence", kind);
		if ((strcmp(way, "shared") == 0) != (shared != NULL))
			return fail(l, "materials.shared_by", "is required "
			    "exactly when satisfied is \"shared\"");
		if (shared && exists(l, &q_count_dept, shared,
		    "materials.shared_by", "department") < 0)
			return -1;
		if (provided)
			*zero = 0;
		{
			struct store_val p[] = { SV_TEXT(code), SV_INT(i + 1),
				SV_TEXT(kind), SV_TEXT(way), SV_TEXT(shared),
				SV_INT(orig), SV_INT(copies), SV_INT(key),
				SV_TEXT(nzh), SV_TEXT(nen) };

			if (insert(l, &q_material_insert, p, 10,
			    "material") < 0)
				return -1;
		}
		(*count)++;
	}
	return 0;
}

static int
valid_code(const char *s, char prefix)
{
	return s && strlen(s) == 8 && s[0] == prefix && s[1] == '-' &&
	    s[2] >= 'A' && s[2] <= 'Z' && s[3] >= 'A' && s[3] <= 'Z' &&
	    s[4] == '-' && s[5] >= '0' && s[5] <= '9' && s[6] >= '0' &&
	    s[6] <= '9' && s[7] >= '0' && s[7] <= '9';
}

static int
load_matter(struct loader *l, json_t *rec, struct demo_counts *counts)
{
	static const char *const applicants[] = { "person", "enterprise", NULL };
	static const char *const modes[] = { "on-the-spot", "collected-here",
		NULL };
	const char *code, *zh, *en, *dept, *cat, *appl, *rzh, *ren, *mode,
	    *fzh, *fen, *szh, *sen, *czh, *cen, *tzh, *ten, *basis, *wf,
	    *lk;
	long long legal, promised, fee;
	int citywide = 0, online = 0, one_visit = 0, terminal = 0, mobile = 0,
	    zero = 0;
	struct matter_terms mt = { NULL, 0, 0, 0 };
	char dname[128] = "";
	size_t i;

	l->rec = code = str(l, rec, "code", 1);
	zh = str(l, rec, "name_zh", 1);
	en = str(l, rec, "name_en", 1);
	dept = str(l, rec, "department", 1);
	cat = str(l, rec, "category", 1);
	appl = str(l, rec, "applicant", 1);
	rzh = str(l, rec, "not_citywide_reason_zh", 0);
	ren = str(l, rec, "not_citywide_reason_en", 0);
	mode = str(l, rec, "mode", 1);
	fzh = str(l, rec, "fee_note_zh", 0);
	fen = str(l, rec, "fee_note_en", 0);
	szh = str(l, rec, "summary_zh", 1);
	sen = str(l, rec, "summary_en", 1);
	czh = str(l, rec, "conditions_zh", 1);
	cen = str(l, rec, "conditions_en", 1);
	tzh = str(l, rec, "result_zh", 1);
	ten = str(l, rec, "result_en", 1);
	basis = str(l, rec, "basis_zh", 0);
	wf = str(l, rec, "workflow", 0);
	lk = str(l, rec, "licence_kind", 0);
	if (wf == NULL && !l->err)
		wf = "default";
	if (l->err || one_of(l, "applicant", appl, applicants) < 0 ||
	    one_of(l, "mode", mode, modes) < 0 ||
	    boolean(l, rec, "citywide", &citywide) < 0 ||
	    boolean(l, rec, "online", &online) < 0 ||
	    boolean(l, rec, "one_visit", &one_visit) < 0 ||
	    boolean(l, rec, "terminal", &terminal) < 0 ||
	    boolean(l, rec, "mobile", &mobile) < 0 ||
	    integer(l, rec, "legal_days", 0, 365, &legal) < 0 ||
	    integer(l, rec, "promised_days", 0, 365, &promised) < 0 ||
	    integer(l, rec, "fee_fen", 0, 100000000, &fee) < 0)
		return -1;
	if (!valid_code(code, strcmp(appl, "person") == 0 ? 'C' : 'E'))
		return fail(l, "code", "must look like C-CA-001 (persons) or "
		    "E-MS-001 (enterprises)");
	if (promised > legal)
		return fail(l, "promised_days", "is more than legal_days");
	if (!citywide && (!rzh || !ren))
		return fail(l, "not_citywide_reason_zh", "a matter that is not "
		    "citywide needs its reason in both languages");
	if (citywide && (rzh || ren))
		return fail(l, "not_citywide_reason_zh", "a citywide matter "
		    "has no reason for not being citywide");
	if (exists(l, &q_count_dept, dept, "department", "department") < 0 ||
	    exists(l, &q_count_workflow, wf, "workflow", "workflow") < 0)
		return -1;
	if (lk) {
		struct store_val p[] = { SV_TEXT(lk) };
		int64_t e = 0;

		if (store_query_int(l->c, &q_kind_licence, p, 1, &e) < 0 || !e)
			return fail(l, "licence_kind", "\"%s\" is not a kind of "
			    "electronic licence", lk);
	}
	{
		struct store_val p[] = { SV_TEXT(dept) };
		struct store_rows *rows;

		if (store_query(l->c, &q_department_name, p, 1, &rows) == 0) {
			if (store_next(rows) == 1)
				snprintf(dname, sizeof(dname), "%s",
				    store_text(rows, 0));
			store_rows_free(rows);
		}
	}
	/* The matter row first: its materials refer to it. */
	{
		struct store_val p[] = { SV_TEXT(code), SV_TEXT(zh), SV_TEXT(en),
			SV_TEXT(dept), SV_TEXT(cat), SV_TEXT(appl),
			SV_INT(citywide), SV_TEXT(rzh), SV_TEXT(ren),
			SV_TEXT(mode), SV_INT(online), SV_INT(one_visit),
			SV_INT(legal), SV_INT(promised), SV_INT(fee),
			SV_TEXT(fzh), SV_TEXT(fen), SV_INT(terminal),
			SV_INT(mobile), SV_INT(0), SV_TEXT(szh), SV_TEXT(sen),
			SV_TEXT(czh), SV_TEXT(cen), SV_TEXT(tzh), SV_TEXT(ten),
			SV_TEXT(basis), SV_TEXT(wf), SV_TEXT(lk) };

		if (insert(l, &q_matter_insert, p, 29, "matter") < 0)
			return -1;
	}
	if (load_materials(l, rec, code, &zero, &counts->materials) < 0)
		return -1;
	{
		STORE_SQL(q_matter_zero,
		    "UPDATE matters SET zero_material = $2 WHERE code = $1");
		struct store_val p[] = { SV_TEXT(code), SV_INT(zero) };

		if (store_exec(l->c, &q_matter_zero, p, 2) < 0)
			return fail(l, NULL, "cannot update the matter");
	}
	/* Search terms: names weigh most, then code and category, then
	 * the summary and the department's name. */
	{
		const struct { const char *text; int w; } parts[] = {
			{ zh, 4 }, { en, 4 }, { code, 3 }, { cat, 2 },
			{ szh, 1 }, { sen, 1 }, { dname, 1 },
		};

		size_t k;

		for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			mt.weight = parts[i].w;
			if (terms_each(parts[i].text, TERMS_INDEX, collect_term,
			    &mt) != 0) {
				free(mt.v);
				return fail(l, NULL, "out of memory");
			}
			for (k = 0; k < l->naliases; k++)
				if (strstr(parts[i].text, l->aliases[k].full) &&
				    terms_each(l->aliases[k].shrt, TERMS_INDEX,
				    collect_term, &mt) != 0) {
					free(mt.v);
					return fail(l, NULL, "out of memory");
				}
		}
	}
	for (i = 0; i < mt.n; i++) {
		struct store_val p[] = { SV_TEXT(mt.v[i].t), SV_TEXT(code),
			SV_INT(mt.v[i].w) };

		if (insert(l, &q_term_insert, p, 3, "search term") < 0)
			break;
	}
	free(mt.v);
	counts->matters++;
	return l->err ? -1 : 0;
}

static int
load_aliases(struct loader *l, const char *dir)
{
	json_t *a = read_array(l, dir, "search_aliases.json"), *rec;
	size_t i;

	if (a == NULL)
		return -1;
	l->aliases_json = a;
	l->aliases = calloc(json_array_size(a) + 1, sizeof(*l->aliases));
	if (l->aliases == NULL)
		return fail(l, NULL, "out of memory");
	json_array_foreach(a, i, rec) {
		l->index = i;
		l->aliases[i].full = str(l, rec, "full", 1);
		l->aliases[i].shrt = str(l, rec, "short", 1);
		if (l->err)
			return -1;
		l->naliases++;
	}
	return 0;
}

static int
load_matters(struct loader *l, const char *dir, struct demo_counts *counts)
{
	char **files, *sub = NULL, *name = NULL;
	size_t nf, f;

	if (asprintf(&sub, "%s/matters", dir) < 0)
		return fail(l, NULL, "out of memory");
	if (json_files(sub, &files, &nf) < 0) {
		free(sub);
		l->file = "matters/";
		return fail(l, NULL, "cannot read the folder");
	}
	for (f = 0; f < nf && !l->err; f++) {
		json_t *a, *rec;
		size_t i;

		free(name);
		if (asprintf(&name, "matters/%s", files[f]) < 0)
			break;
		if ((a = read_array(l, dir, name)) == NULL)
			break;
		json_array_foreach(a, i, rec) {
			l->index = i;
			if (load_matter(l, rec, counts) < 0)
				break;
		}
		json_decref(a);
	}
	l->file = NULL;
	free(name);
	free(sub);
	free_files(files, nf);
	return l->err ? -1 : 0;
}

STORE_SQL(q_workflow_insert,
    "INSERT INTO workflows (code, definition) VALUES ($1, $2)");

static int
load_workflows(struct loader *l, const char *dir)
{
	char **files, *sub = NULL;
	size_t nf, f;

	if (asprintf(&sub, "%s/workflows", dir) < 0)
		return fail(l, NULL, "out of memory");
	l->file = "workflows/";
	l->rec = NULL;
	l->index = 0;
	if (json_files(sub, &files, &nf) < 0) {
		free(sub);
		return fail(l, NULL, "cannot read the folder");
	}
	for (f = 0; f < nf && !l->err; f++) {
		char *path = NULL, *text = NULL, *why = NULL;
		struct workflow *w = NULL;
		FILE *fp;
		long len;

		l->index = f;
		l->rec = files[f];
		if (asprintf(&path, "%s/%s", sub, files[f]) < 0)
			break;
		fp = fopen(path, "r");
		free(path);
		if (fp == NULL || fseek(fp, 0, SEEK_END) < 0 ||
		    (len = ftell(fp)) < 0 || len > (1 << 20) ||
		    fseek(fp, 0, SEEK_SET) < 0 ||
		    (text = calloc(1, (size_t)len + 1)) == NULL ||
		    fread(text, 1, (size_t)len, fp) != (size_t)len) {
			if (fp)
				fclose(fp);
			free(text);
			fail(l, NULL, "cannot read the file (at most 1 MiB)");
			break;
		}
		fclose(fp);
		if (workflow_parse(text, &w, &why) < 0) {
			fail(l, NULL, "%s", why ? why : "invalid workflow");
			free(why);
			free(text);
			break;
		}
		{
			struct store_val p[] = { SV_TEXT(w->code), SV_TEXT(text) };

			insert(l, &q_workflow_insert, p, 2, "workflow");
		}
		workflow_free(w);
		free(text);
	}
	l->rec = NULL;
	free(sub);
	free_files(files, nf);
	return l->err ? -1 : 0;
}

STORE_SQL(q_scenario_insert,
    "INSERT INTO guidance_scenarios (id, audience, seq, doc)"
    " VALUES ($1, $2, $3, $4)");

/*
 * data/guidance/: one scenario per file, checked as the server will read
 * it (guidance.c) and against the catalog just loaded.  Stored as the
 * file's text so every process parses the same thing.
 */
static int
load_guidance(struct loader *l, const char *dir, int *count)
{
	char **files, *sub = NULL;
	size_t nf, f;

	*count = 0;
	if (asprintf(&sub, "%s/guidance", dir) < 0)
		return fail(l, NULL, "out of memory");
	l->file = "guidance/";
	l->rec = NULL;
	l->index = 0;
	if (json_files(sub, &files, &nf) < 0) {
		free(sub);
		return fail(l, NULL, "cannot read the folder");
	}
	for (f = 0; f < nf && !l->err; f++) {
		struct guidance_error ge;
		struct scenario *s = NULL;
		char *path = NULL, *id = NULL, *text = NULL;
		json_error_t je;
		json_t *doc;
		int rc;

		l->index = f;
		l->rec = files[f];
		if (asprintf(&path, "%s/%s", sub, files[f]) < 0 ||
		    (id = strndup(files[f], strlen(files[f]) - 5)) == NULL) {
			free(path);
			fail(l, NULL, "out of memory");
			break;
		}
		doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
		free(path);
		if (doc == NULL) {
			fail(l, NULL, "line %d: %s", je.line, je.text);
			free(id);
			break;
		}
		memset(&ge, 0, sizeof(ge));
		if ((text = json_dumps(doc, JSON_COMPACT)) == NULL)
			json_decref(doc);
		if (text == NULL ||
		    (s = guidance_parse(doc, id, &ge)) == NULL ||
		    (rc = guide_check_store(l->c, s, &ge)) != 0) {
			if (l->err == NULL && asprintf(&l->err, "guidance/%s: "
			    "%s: %s", files[f], ge.path[0] ? ge.path : "(top)",
			    ge.msg) < 0)
				l->err = strdup("out of memory");
			free(text);
			free(id);
			guidance_free(s);
			break;
		}
		{
			struct store_val p[] = { SV_TEXT(s->id),
				SV_TEXT(s->audience), SV_INT((int64_t)f),
				SV_TEXT(text) };

			insert(l, &q_scenario_insert, p, 4, "scenario");
		}
		(*count)++;
		guidance_free(s);
		free(text);
		free(id);
	}
	l->rec = NULL;
	free(sub);
	free_files(files, nf);
	return l->err ? -1 : 0;
}

STORE_SQL(q_licence_insert,
    "INSERT INTO licences (kind, number, holder_kind, holder_login,"
    " holder_name, department, issued_on, valid_until, verify_code, status,"
    " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'valid', $10)");
STORE_SQL(q_shared_insert,
    "INSERT INTO shared_records (kind, subject_login, department, summary,"
    " published_at) VALUES ($1, $2, $3, $4, $5)");

static int
load_library(struct loader *l, const char *dir, int64_t now,
    struct demo_counts *counts)
{
	json_t *a = read_array(l, dir, "licences.json"), *rec;
	size_t i;

	if (a == NULL)
		return -1;
	json_array_foreach(a, i, rec) {
		const char *kind, *number, *holder, *name, *dept, *issued, *valid;
		int issued_day, valid_day = 0;
		int64_t lic = 0;
		char code[LICENCE_CODE_LEN + 1];

		l->index = i;
		l->rec = number = str(l, rec, "number", 1);
		kind = str(l, rec, "kind", 1);
		holder = str(l, rec, "holder_login", 1);
		name = str(l, rec, "holder_name", 1);
		dept = str(l, rec, "department", 1);
		issued = str(l, rec, "issued_on", 1);
		valid = str(l, rec, "valid_until", 0);
		if (l->err)
			break;
		if (valid_date(issued, &issued_day) != VALID_OK ||
		    (valid && valid_date(valid, &valid_day) != VALID_OK)) {
			fail(l, valid ? "valid_until" : "issued_on",
			    "must be a date YYYY-MM-DD");
			break;
		}
		{
			struct store_val p[] = { SV_TEXT(kind) };

			if (store_query_int(l->c, &q_kind_licence, p, 1, &lic) < 0 ||
			    !lic) {
				fail(l, "kind", "\"%s\" is not a kind of "
				    "electronic licence", kind);
				break;
			}
		}
		licence_new_code(code);
		{
			struct store_val p[] = { SV_TEXT(kind), SV_TEXT(number),
				SV_TEXT(strlen(holder) == 18 &&
				    valid_uscc(holder) == VALID_OK ?
				    "enterprise" : "person"),
				SV_TEXT(holder), SV_TEXT(name), SV_TEXT(dept),
				SV_INT(issued_day),
				valid ? SV_INT(valid_day) : SV_NULL,
				SV_TEXT(code), SV_INT(now) };

			if (insert(l, &q_licence_insert, p, 10, "licence") < 0)
				break;
		}
		counts->licences++;
	}
	json_decref(a);
	if (l->err || (a = read_array(l, dir, "shared_records.json")) == NULL)
		return -1;
	json_array_foreach(a, i, rec) {
		const char *kind, *subject, *dept, *summary;

		l->index = i;
		l->rec = NULL;
		kind = str(l, rec, "kind", 1);
		subject = str(l, rec, "subject_login", 1);
		dept = str(l, rec, "department", 1);
		summary = str(l, rec, "summary", 1);
		if (l->err)
			break;
		{
			struct store_val p[] = { SV_TEXT(kind), SV_TEXT(subject),
				SV_TEXT(dept), SV_TEXT(summary), SV_INT(now) };

			if (insert(l, &q_shared_insert, p, 5, "shared record") < 0)
				break;
		}
		counts->shared++;
	}
	json_decref(a);
	return l->err ? -1 : 0;
}

STORE_SQL(q_queue_settings_insert,
    "INSERT INTO queue_settings (center, priority_groups, max_recalls)"
    " VALUES ($1, $2, $3)");
STORE_SQL(q_window_group_insert,
    "INSERT INTO window_groups (center, code, kind, name_zh, name_en,"
    " categories, capacity) VALUES ($1, $2, $3, $4, $5, $6, $7)");
STORE_SQL(q_window_insert,
    "INSERT INTO windows (center, number, group_code, status, changed_at)"
    " VALUES ($1, $2, $3, 'closed', $4)");
STORE_SQL(q_all_centers,
    "SELECT code FROM centers WHERE kind = 'center' ORDER BY code");

/* Checks one center's queue layout (groups, windows, categories). */
static int
check_layout(struct loader *l, json_t *layout)
{
	static const char *const kinds[] = { "comprehensive", "reserved",
		"specialist", NULL };
	json_t *groups = json_object_get(layout, "groups"), *g, *cat;
	long long v;
	int b;
	size_t i, j;

	if (boolean(l, layout, "priority_groups", &b) < 0 ||
	    integer(l, layout, "max_recalls", 0, 10, &v) < 0)
		return -1;
	if (!json_is_array(groups) || json_array_size(groups) == 0 ||
	    json_array_size(groups) > 26)
		return fail(l, "groups", "must be an array of 1 to 26 groups");
	json_array_foreach(groups, i, g) {
		const char *code = str(l, g, "code", 1);

		if (l->err || one_of(l, "groups.kind", str(l, g, "kind", 1),
		    kinds) < 0 || !str(l, g, "name_zh", 1) ||
		    !str(l, g, "name_en", 1) ||
		    integer(l, g, "windows", 1, 60, &v) < 0 ||
		    integer(l, g, "capacity", 1, 100, &v) < 0)
			return -1;
		if (strlen(code) != 1 || code[0] < 'A' || code[0] > 'Z')
			return fail(l, "groups.code", "must be one capital letter");
		if (!json_is_array(json_object_get(g, "categories")) ||
		    json_array_size(json_object_get(g, "categories")) == 0)
			return fail(l, "groups.categories", "must list categories");
		json_array_foreach(json_object_get(g, "categories"), j, cat)
			if (!json_is_string(cat))
				return fail(l, "groups.categories", "must be "
				    "strings");
		for (j = 0; j < i; j++)
			if (strcmp(json_string_value(json_object_get(
			    json_array_get(groups, j), "code")), code) == 0)
				return fail(l, "groups.code", "\"%s\" twice",
				    code);
	}
	return 0;
}

static int
insert_layout(struct loader *l, const char *center, json_t *layout,
    int64_t now)
{
	json_t *groups = json_object_get(layout, "groups"), *g, *cat;
	size_t i, j;
	int number = 1;

	{
		struct store_val p[] = { SV_TEXT(center),
			SV_INT(json_is_true(json_object_get(layout,
			    "priority_groups"))),
			SV_INT(json_integer_value(json_object_get(layout,
			    "max_recalls"))) };

		if (insert(l, &q_queue_settings_insert, p, 3, "queue") < 0)
			return -1;
	}
	json_array_foreach(groups, i, g) {
		char cats[512] = "";
		size_t used = 0;
		int k, n = (int)json_integer_value(json_object_get(g, "windows"));

		json_array_foreach(json_object_get(g, "categories"), j, cat) {
			int w = snprintf(cats + used, sizeof(cats) - used, "%s%s",
			    used ? "," : "", json_string_value(cat));

			if (w < 0 || (size_t)w >= sizeof(cats) - used)
				return fail(l, "groups.categories", "too long");
			used += (size_t)w;
		}
		{
			struct store_val p[] = { SV_TEXT(center),
				SV_TEXT(json_string_value(json_object_get(g, "code"))),
				SV_TEXT(json_string_value(json_object_get(g, "kind"))),
				SV_TEXT(json_string_value(json_object_get(g, "name_zh"))),
				SV_TEXT(json_string_value(json_object_get(g, "name_en"))),
				SV_TEXT(cats),
				SV_INT(json_integer_value(json_object_get(g,
				    "capacity"))) };

			if (insert(l, &q_window_group_insert, p, 7,
			    "window group") < 0)
				return -1;
		}
		for (k = 0; k < n; k++, number++) {
			struct store_val p[] = { SV_TEXT(center), SV_INT(number),
				SV_TEXT(json_string_value(json_object_get(g,
				    "code"))), SV_INT(now) };

			if (insert(l, &q_window_insert, p, 4, "window") < 0)
				return -1;
		}
	}
	return 0;
}

/* data/windows.json: the window groups of every center. */
static int
load_windows(struct loader *l, const char *dir, int64_t now, int *count)
{
	json_t *root = read_array(l, dir, "windows.json"), *def, *centers;
	json_t *layout;
	struct store_rows *rows;
	char **codes = NULL;
	size_t n = 0, i;
	const char *code;
	int rc;

	if (root == NULL)
		return -1;
	def = json_object_get(root, "default");
	centers = json_object_get(root, "centers");
	l->rec = "default";
	if (!json_is_object(def) || !json_is_object(centers)) {
		json_decref(root);
		return fail(l, NULL, "needs \"default\" and \"centers\" objects");
	}
	if (check_layout(l, def) < 0)
		goto out;
	json_object_foreach(centers, code, layout) {
		l->rec = code;
		if (exists(l, &q_count_center, code, "centers", "center") < 0 ||
		    check_layout(l, layout) < 0)
			goto out;
	}
	l->rec = NULL;
	if (store_query(l->c, &q_all_centers, NULL, 0, &rows) < 0) {
		fail(l, NULL, "cannot list the centers");
		goto out;
	}
	while ((rc = store_next(rows)) == 1) {
		char **v = realloc(codes, (n + 1) * sizeof(*codes));

		if (v == NULL || (v[n] = strdup(store_text(rows, 0))) == NULL) {
			codes = v ? v : codes;
			rc = -1;
			break;
		}
		codes = v;
		n++;
	}
	store_rows_free(rows);
	for (i = 0; rc == 0 && i < n && !l->err; i++) {
		layout = json_object_get(centers, codes[i]);
		l->rec = codes[i];
		if (insert_layout(l, codes[i], layout ? layout : def, now) == 0)
			(*count)++;
	}
	if (rc < 0)
		fail(l, NULL, "cannot list the centers");
out:
	for (i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	l->rec = NULL;
	json_decref(root);
	return l->err ? -1 : 0;
}

STORE_SQL(q_hukou_insert,
    "INSERT INTO hukou (id_number, name, registered_district, address_zh)"
    " VALUES ($1, $2, $3, $4)");
STORE_SQL(q_registry_insert,
    "INSERT INTO business_registry (credit_code, name, legal_rep_id,"
    " legal_rep_name, district) VALUES ($1, $2, $3, $4, $5)");

static int
load_people(struct loader *l, const char *dir, struct demo_counts *counts)
{
	json_t *a = read_array(l, dir, "hukou.json"), *rec;
	size_t i;
	int rc;

	if (a == NULL)
		return -1;
	json_array_foreach(a, i, rec) {
		const char *id, *name, *district, *addr;

		l->index = i;
		l->rec = NULL;
		id = str(l, rec, "id_number", 1);
		name = str(l, rec, "name", 1);
		district = str(l, rec, "registered_district", 1);
		addr = str(l, rec, "address_zh", 1);
		if (l->err)
			break;
		if ((rc = valid_idno(id, l->today, NULL)) != VALID_OK) {
			fail(l, "id_number", "%s", valid_strerror(rc));
			break;
		}
		if (exists(l, &q_count_code, district, "registered_district",
		    "district") < 0)
			break;
		{
			struct store_val p[] = { SV_TEXT(id), SV_TEXT(name),
				SV_TEXT(district), SV_TEXT(addr) };

			if (insert(l, &q_hukou_insert, p, 4, "person") < 0)
				break;
		}
		counts->hukou++;
	}
	json_decref(a);
	if (l->err || (a = read_array(l, dir, "business_registry.json")) == NULL)
		return -1;
	json_array_foreach(a, i, rec) {
		const char *code, *name, *rep, *rep_name, *district;

		l->index = i;
		l->rec = code = str(l, rec, "credit_code", 1);
		name = str(l, rec, "name", 1);
		rep = str(l, rec, "legal_rep_id", 1);
		rep_name = str(l, rec, "legal_rep_name", 1);
		district = str(l, rec, "district", 1);
		if (l->err)
			break;
		if ((rc = valid_uscc(code)) != VALID_OK) {
			fail(l, "credit_code", "%s", valid_strerror(rc));
			break;
		}
		if (exists(l, &q_count_code, district, "district",
		    "district") < 0)
			break;
		{
			struct store_val p[] = { SV_TEXT(code), SV_TEXT(name),
				SV_TEXT(rep), SV_TEXT(rep_name),
				SV_TEXT(district) };

			if (insert(l, &q_registry_insert, p, 5,
			    "enterprise") < 0)
				break;
		}
		counts->enterprises++;
	}
	json_decref(a);
	return l->err ? -1 : 0;
}

STORE_SQL(q_hukou_count, "SELECT COUNT(*) FROM hukou WHERE id_number = $1");
STORE_SQL(q_registry_count,
    "SELECT COUNT(*) FROM business_registry WHERE credit_code = $1");
STORE_SQL(q_agent_add,
    "INSERT INTO enterprise_agents (enterprise_id, agent_id, added_at)"
    " SELECT $1, id, $3 FROM accounts WHERE login = $2");

static int
create(struct loader *l, const struct accounts_new *a, int64_t now,
    int64_t *id)
{
	const char *why;

	*id = accounts_create(l->c, a, now, &why);
	if (*id < 0)
		return fail(l, NULL, "%s", why);
	return 0;
}

static int
load_accounts(struct loader *l, const char *dir, const char *password,
    int64_t now, struct demo_counts *counts)
{
	json_t *root = read_array(l, dir, "demo_accounts.json"), *rec, *a;
	size_t i, k;
	int64_t id;

	if (root == NULL)
		return -1;
	a = json_object_get(root, "residents");
	json_array_foreach(a, i, rec) {
		struct accounts_new n = { .kind = "person", .role = "resident",
			.password = password };

		l->index = i;
		l->file = "demo_accounts.json: residents";
		n.login = str(l, rec, "id_number", 1);
		n.name = str(l, rec, "name", 1);
		n.mobile = str(l, rec, "mobile", 1);
		n.registered_district = str(l, rec, "registered_district", 1);
		n.living_district = str(l, rec, "living_district", 1);
		if (l->err || exists(l, &q_hukou_count, n.login, "id_number",
		    "household record") < 0 || create(l, &n, now, &id) < 0)
			break;
		counts->accounts++;
	}
	a = json_object_get(root, "enterprises");
	json_array_foreach(l->err ? NULL : a, i, rec) {
		struct accounts_new n = { .kind = "enterprise",
			.role = "enterprise", .password = password };
		json_t *agents, *ag;

		l->index = i;
		l->file = "demo_accounts.json: enterprises";
		n.login = str(l, rec, "credit_code", 1);
		n.name = str(l, rec, "name", 1);
		n.mobile = str(l, rec, "mobile", 1);
		n.legal_rep_id = str(l, rec, "legal_rep_id", 1);
		if (l->err || exists(l, &q_registry_count, n.login,
		    "credit_code", "registered enterprise") < 0 ||
		    create(l, &n, now, &id) < 0)
			break;
		agents = json_object_get(rec, "agents");
		json_array_foreach(agents, k, ag) {
			struct store_val p[] = { SV_INT(id),
				SV_TEXT(json_string_value(ag)), SV_INT(now) };

			if (store_exec(l->c, &q_agent_add, p, 3) != 1) {
				fail(l, "agents", "an agent must be a demo "
				    "resident");
				break;
			}
		}
		counts->accounts++;
	}
	a = json_object_get(root, "staff");
	json_array_foreach(l->err ? NULL : a, i, rec) {
		struct accounts_new n = { .kind = "staff", .password = password };

		l->index = i;
		l->file = "demo_accounts.json: staff";
		n.login = str(l, rec, "username", 1);
		n.name = str(l, rec, "name", 1);
		n.role = str(l, rec, "role", 1);
		n.scope_center = str(l, rec, "center", 0);
		n.scope_district = str(l, rec, "district", 0);
		n.scope_department = str(l, rec, "department", 0);
		n.totp_secret = str(l, rec, "totp_secret", 1);
		if (l->err || create(l, &n, now, &id) < 0)
			break;
		counts->accounts++;
	}
	json_decref(root);
	return l->err ? -1 : 0;
}

STORE_SQL(q_is_empty, "SELECT COUNT(*) FROM districts");

int
demo_load(struct store *st, const char *dir, const char *password,
    int64_t now, struct demo_counts *counts, char **err)
{
	struct loader l = { 0 };
	int64_t n = 0;
	int minute;

	memset(counts, 0, sizeof(*counts));
	*err = NULL;
	cal_local(now, &l.today, &minute);
	if ((l.c = store_conn(st)) == NULL) {
		*err = strdup("cannot connect to the database");
		return -1;
	}
	if (store_begin(l.c) < 0) {
		*err = strdup("cannot start a transaction");
		return -1;
	}
	if (store_query_int(l.c, &q_is_empty, NULL, 0, &n) < 0 || n > 0) {
		store_rollback(l.c);
		*err = strdup(n > 0 ? "the database already holds a city; "
		    "use a new database" : "cannot read the database");
		return -1;
	}
	if (load_districts(&l, dir, &counts->districts) < 0 ||
	    load_departments(&l, dir, &counts->departments) < 0 ||
	    load_centers(&l, dir, &counts->centers) < 0 ||
	    load_processing_centers(&l, dir) < 0 ||
	    load_windows(&l, dir, now, &counts->queues) < 0 ||
	    load_kinds(&l, dir, &counts->material_kinds) < 0 ||
	    load_workflows(&l, dir) < 0 ||
	    load_aliases(&l, dir) < 0 ||
	    load_matters(&l, dir, counts) < 0 ||
	    load_guidance(&l, dir, &counts->scenarios) < 0 ||
	    load_people(&l, dir, counts) < 0 ||
	    load_library(&l, dir, now, counts) < 0 ||
	    load_accounts(&l, dir, password, now, counts) < 0) {
		store_rollback(l.c);
		*err = l.err ? l.err : strdup("loading failed");
		free(l.aliases);
		json_decref(l.aliases_json);
		return -1;
	}
	free(l.aliases);
	json_decref(l.aliases_json);
	if (catalog_bump_generation(l.c) < 0 || store_commit(l.c) < 0) {
		store_rollback(l.c);
		*err = strdup("cannot commit the demo city");
		return -1;
	}
	return 0;
}
