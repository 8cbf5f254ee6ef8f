/*
 * catalog.c - the catalog of matters: search, a matter's guide, and the
 * departments and districts it refers to.
 *
 * Search reads matter_terms, filled by the demo loader with the terms of
 * each matter's names, code, category and summary (terms.h), weighted
 * so that a match in the name ranks above one in the summary.  A query's
 * terms are deduplicated and must all be present (AND); at most
 * CATALOG_MAX_TERMS terms are used, the first ones, which still narrows
 * as well as a user expects.  Filters are bound as NULL when absent.
 *
 * Guides are served from a per-process cache checked against the
 * catalog generation (catalog.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "catalog.h"
#include "jw.h"
#include "store.h"
#include "terms.h"

#define CATALOG_MAX_TERMS 12

/*
 * The answer cache (catalog.h): rendered guides ("g" + code) and search
 * pages ("s" + every parameter), all of them functions of the catalog
 * alone.  A fixed table of chained buckets under one reader-writer lock;
 * readers copy a body out while holding the read lock.  Bounded by
 * bytes: past CACHE_MAX_BYTES it starts again empty, so a flood of
 * distinct searches cannot grow it.
 */
#define CACHE_BUCKETS 4096
#define CACHE_MAX_BYTES (32u << 20)
#define CACHE_MAX_KEY 600

struct cached {
	struct cached *next;
	size_t keylen, len;
	char data[];		/* the key, then the body (len bytes) */
};

int catalog_cache_enabled = 1;

static struct {
	pthread_rwlock_t lock;
	struct cached *bucket[CACHE_BUCKETS];
	size_t bytes;
	int64_t generation;	/* of the cached answers; -1: not read yet */
	int64_t checked_at;	/* when the generation was last read */
} cache = { PTHREAD_RWLOCK_INITIALIZER, { NULL }, 0, -1, -1 };

STORE_SQL(q_generation,
    "SELECT value FROM meta WHERE key = 'catalog_generation'");
STORE_SQL(q_generation_bump,
    "UPDATE meta SET value = value + 1 WHERE key = 'catalog_generation'");

int
catalog_bump_generation(struct store_conn *c)
{
	return store_exec(c, &q_generation_bump, NULL, 0) == 1 ? 0 : -1;
}

static unsigned
cache_hash(const char *key, size_t n)
{
	unsigned h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return h % CACHE_BUCKETS;
}

/* Empties the cache; the write lock is held. */
static void
cache_clear(void)
{
	size_t i;

	for (i = 0; i < CACHE_BUCKETS; i++) {
		while (cache.bucket[i]) {
			struct cached *e = cache.bucket[i];

			cache.bucket[i] = e->next;
			free(e);
		}
	}
	cache.bytes = 0;
}

void
catalog_cache_free(void)
{
	pthread_rwlock_wrlock(&cache.lock);
	cache_clear();
	cache.generation = -1;
	pthread_rwlock_unlock(&cache.lock);
}

/*
 * The generation the cache may serve, reading the store's at most once a
 * second; drops the cache when it moved.  Returns it, or -1 when the
 * cache is off or on a store failure (then nothing is served from or put
 * into the cache).
 */
static int64_t
cache_generation(struct http_req *r, struct store_conn *c)
{
	int64_t gen;

	if (!catalog_cache_enabled)
		return -1;
	pthread_rwlock_rdlock(&cache.lock);
	gen = cache.checked_at == r->now ? cache.generation : -1;
	pthread_rwlock_unlock(&cache.lock);
	if (gen >= 0)
		return gen;
	if (store_query_int(c, &q_generation, NULL, 0, &gen) < 0)
		return -1;
	pthread_rwlock_wrlock(&cache.lock);
	if (gen != cache.generation) {
		cache_clear();
		cache.generation = gen;
	}
	cache.checked_at = r->now;
	pthread_rwlock_unlock(&cache.lock);
	return gen;
}

/* Answers from the cache: 1 when it did. */
static int
cache_get(struct http_req *r, const char *key, size_t keylen, int64_t gen)
{
	struct cached *e;
	int hit = 0;

	if (gen < 0)
		return 0;
	pthread_rwlock_rdlock(&cache.lock);
	if (cache.generation == gen) {
		for (e = cache.bucket[cache_hash(key, keylen)]; e;
		    e = e->next) {
			if (e->keylen == keylen &&
			    memcmp(e->data, key, keylen) == 0) {
				buf_reset(&r->out);
				buf_add(&r->out, e->data + e->keylen, e->len);
				hit = 1;
				break;
			}
		}
	}
	pthread_rwlock_unlock(&cache.lock);
	if (hit && http_jw_end(r, 200) < 0)
		return 0;
	return hit;
}

/* Keeps the body just rendered under key, if the generation still holds. */
static void
cache_put(const char *key, size_t keylen, const struct buf *body,
    int64_t gen)
{
	struct cached *e, *x;
	unsigned h;

	if (gen < 0 || keylen > CACHE_MAX_KEY ||
	    body->len > CACHE_MAX_BYTES / 64)
		return;
	if ((e = malloc(sizeof(*e) + keylen + body->len)) == NULL)
		return;
	e->keylen = keylen;
	e->len = body->len;
	memcpy(e->data, key, keylen);
	memcpy(e->data + keylen, body->data, body->len);
	h = cache_hash(key, keylen);
	pthread_rwlock_wrlock(&cache.lock);
	for (x = cache.bucket[h]; x; x = x->next)
		if (x->keylen == keylen && memcmp(x->data, key, keylen) == 0)
			break;
	if (x == NULL && cache.generation == gen) {
		if (cache.bytes + e->len > CACHE_MAX_BYTES)
			cache_clear();
		e->next = cache.bucket[h];
		cache.bucket[h] = e;
		cache.bytes += e->len + e->keylen;
		e = NULL;
	}
	pthread_rwlock_unlock(&cache.lock);
	free(e);
}

struct query_terms {
	char term[CATALOG_MAX_TERMS][TERMS_MAX_LEN + 1];
	int n;
};

static int
add_term(const char *t, void *ctx)
{
	struct query_terms *q = ctx;
	int i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->term[i], t) == 0)
			return 0;
	if (q->n == CATALOG_MAX_TERMS)
		return 1;	/* enough: stop */
	strncpy(q->term[q->n], t, TERMS_MAX_LEN);
	q->term[q->n][TERMS_MAX_LEN] = '\0';
	q->n++;
	return 0;
}

#define MATTER_SUMMARY_COLUMNS \
    " m.code, m.name_zh, m.name_en, m.department, m.category," \
    " m.applicant, m.citywide, m.online, m.one_visit, m.zero_material," \
    " m.promised_days, m.fee_fen, m.mode"
/* The filters, bound as NULL when absent: department, citywide, online,
 * zero_material, applicant. */
#define MATTER_FILTERS(d, c, o, z, a) \
    " AND (CAST($" d " AS TEXT) IS NULL OR m.department = $" d ")" \
    " AND (CAST($" c " AS INTEGER) IS NULL OR m.citywide = $" c ")" \
    " AND (CAST($" o " AS INTEGER) IS NULL OR m.online = $" o ")" \
    " AND (CAST($" z " AS INTEGER) IS NULL OR m.zero_material = $" z ")" \
    " AND (CAST($" a " AS TEXT) IS NULL OR m.applicant = $" a ")"

/* $1..$12 terms, $13..$17 filters, $18 limit, $19 offset, $20 terms used. */
STORE_SQL(q_matters_search,
    "WITH hits AS (SELECT matter, SUM(weight) AS score FROM matter_terms"
    " WHERE term IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    " GROUP BY matter HAVING COUNT(*) = $20)"
    " SELECT" MATTER_SUMMARY_COLUMNS ", COUNT(*) OVER ()"
    " FROM matters m JOIN hits h ON h.matter = m.code WHERE 1 = 1"
    MATTER_FILTERS("13", "14", "15", "16", "17")
    " ORDER BY h.score DESC, m.code LIMIT $18 OFFSET $19");
/* The same without terms: $1..$5 filters, $6 limit, $7 offset. */
STORE_SQL(q_matters_browse,
    "SELECT" MATTER_SUMMARY_COLUMNS ", COUNT(*) OVER ()"
    " FROM matters m WHERE 1 = 1" MATTER_FILTERS("1", "2", "3", "4", "5")
    " ORDER BY m.code LIMIT $6 OFFSET $7");
STORE_SQL(q_department_exists,
    "SELECT COUNT(*) FROM departments WHERE code = $1");

/* p holds the 20 values of q_matters_search; browsing uses 12..18. */
static int
search(struct store_conn *c, const struct query_terms *qt,
    const struct store_val *p, struct store_rows **rows)
{
	if (qt->n)
		return store_query(c, &q_matters_search, p, 20, rows);
	return store_query(c, &q_matters_browse, p + 12, 7, rows);
}

static void
matter_summary(struct jw *w, struct store_rows *rows)
{
	jw_obj(w);
	jw_kstr(w, "code", store_text(rows, 0));
	jw_kstr(w, "name_zh", store_text(rows, 1));
	jw_kstr(w, "name_en", store_text(rows, 2));
	jw_kstr(w, "department", store_text(rows, 3));
	jw_kstr(w, "category", store_text(rows, 4));
	jw_kstr(w, "applicant", store_text(rows, 5));
	jw_kbool(w, "citywide", (int)store_int(rows, 6));
	jw_kbool(w, "online", (int)store_int(rows, 7));
	jw_kbool(w, "one_visit", (int)store_int(rows, 8));
	jw_kbool(w, "zero_material", (int)store_int(rows, 9));
	jw_kint(w, "promised_days", store_int(rows, 10));
	jw_kint(w, "fee_fen", store_int(rows, 11));
	jw_kstr(w, "mode", store_text(rows, 12));
	jw_end(w);
}

int
api_matters_list(struct http_req *r)
{
	static const char *const allowed[] = { "q", "department", "citywide",
		"online", "zero_material", "applicant", "limit", "offset",
		NULL };
	struct query_terms qt;
	struct store_val p[20];
	struct store_conn *c;
	struct store_rows *rows;
	const char *q, *dept, *applicant;
	int citywide, online, zero, i, rc;
	int64_t limit, offset, total = 0, n = 0, gen = -1;
	char cache_key[CACHE_MAX_KEY];
	size_t keylen = 0;
	struct jw w;

	if (api_query_allowed(r, allowed) < 0 ||
	    api_query_bool(r, "citywide", &citywide) < 0 ||
	    api_query_bool(r, "online", &online) < 0 ||
	    api_query_bool(r, "zero_material", &zero) < 0 ||
	    api_query_page(r, &limit, &offset) < 0)
		return 0;
	q = http_query(r, "q");
	dept = http_query(r, "department");
	applicant = http_query(r, "applicant");
	if (q && strlen(q) > 200)
		return http_error(r, 400, "too_long", "q",
		    "\"q\" must have at most 200 bytes");
	if (applicant && strcmp(applicant, "person") != 0 &&
	    strcmp(applicant, "enterprise") != 0)
		return http_error(r, 400, "invalid_parameter", "applicant",
		    "\"applicant\" must be person or enterprise");
	if ((c = api_store(r)) == NULL)
		return 0;
	if (dept) {
		struct store_val dp[] = { SV_TEXT(dept) };
		int64_t found = 0;

		if (strlen(dept) > 8 || store_query_int(c, &q_department_exists,
		    dp, 1, &found) < 0 || found == 0)
			return http_error(r, 400, "invalid_parameter",
			    "department", "no department has the code given "
			    "in \"department\"");
	}
	/* A page of results is a function of the catalog and the
	 * parameters alone: served from the cache when it can be. */
	{
		int klen = snprintf(cache_key, sizeof(cache_key),
		    "s%s\x1f%s\x1f%d\x1f%d\x1f%d\x1f%s\x1f%lld\x1f%lld",
		    q ? q : "", dept ? dept : "", citywide, online, zero,
		    applicant ? applicant : "", (long long)limit,
		    (long long)offset);

		gen = cache_generation(r, c);
		if (klen > 0 && (size_t)klen < sizeof(cache_key)) {
			keylen = (size_t)klen;
			if (cache_get(r, cache_key, keylen, gen))
				return 0;
		}
	}
	qt.n = 0;
	if (q)
		terms_each(q, TERMS_QUERY, add_term, &qt);
	for (i = 0; i < CATALOG_MAX_TERMS; i++)
		p[i] = i < qt.n ? SV_TEXT(qt.term[i]) : SV_NULL;
	p[12] = SV_TEXT(dept);
	p[13] = citywide < 0 ? SV_NULL : SV_INT(citywide);
	p[14] = online < 0 ? SV_NULL : SV_INT(online);
	p[15] = zero < 0 ? SV_NULL : SV_INT(zero);
	p[16] = SV_TEXT(applicant);
	p[17] = SV_INT(limit);
	p[18] = SV_INT(offset);
	p[19] = SV_INT(qt.n);
	rc = search(c, &qt, p, &rows);
	if (rc < 0)
		return api_store_error(r, "matters search");
	api_jw_list_begin(r, &w);
	while ((rc = store_next(rows)) == 1) {
		total = store_int(rows, 13);
		matter_summary(&w, rows);
		n++;
	}
	store_rows_free(rows);
	if (rc < 0)
		return api_store_error(r, "matters search");
	/* A page past the end has no row to carry the total: count it. */
	if (n == 0 && offset > 0) {
		p[17] = SV_INT(1);
		p[18] = SV_INT(0);
		if (search(c, &qt, p, &rows) == 0) {
			if (store_next(rows) == 1)
				total = store_int(rows, 13);
			store_rows_free(rows);
		}
	}
	rc = api_jw_list_end(r, &w, total, limit, offset);
	if (rc == 0 && keylen)
		cache_put(cache_key, keylen, &r->out, gen);
	return rc;
}

STORE_SQL(q_matter_get,
    "SELECT m.code, m.name_zh, m.name_en, m.department, m.category,"
    " m.applicant, m.citywide, m.not_citywide_reason_zh,"
    " m.not_citywide_reason_en, m.mode, m.online, m.one_visit,"
    " m.legal_days, m.promised_days, m.fee_fen, m.fee_note_zh,"
    " m.fee_note_en, m.terminal, m.mobile, m.zero_material, m.summary_zh,"
    " m.summary_en, m.conditions_zh, m.conditions_en, m.result_zh,"
    " m.result_en, m.basis_zh, d.name_zh, d.name_en"
    " FROM matters m JOIN departments d ON d.code = m.department"
    " WHERE m.code = $1");
STORE_SQL(q_matter_materials,
    "SELECT mm.kind, k.name_zh, k.name_en, mm.satisfied, mm.shared_by,"
    " mm.originals, mm.copies, mm.is_key, mm.note_zh, mm.note_en,"
    " k.e_licence, d.name_zh, d.name_en"
    " FROM matter_materials mm JOIN material_kinds k ON k.code = mm.kind"
    " LEFT JOIN departments d ON d.code = mm.shared_by"
    " WHERE mm.matter = $1 ORDER BY mm.seq");

/* A matter code: C- or E-, two capitals, -, three digits. */
static int
valid_matter_code(const char *s)
{
	return strlen(s) == 8 && (s[0] == 'C' || s[0] == 'E') && s[1] == '-' &&
	    s[2] >= 'A' && s[2] <= 'Z' && s[3] >= 'A' && s[3] <= 'Z' &&
	    s[4] == '-' && s[5] >= '0' && s[5] <= '9' && s[6] >= '0' &&
	    s[6] <= '9' && s[7] >= '0' && s[7] <= '9';
}

int
api_matter_get(struct http_req *r)
{
	const char *code = r->params[0];
	struct store_val p[] = { SV_TEXT(code) };
	struct store_conn *c;
	struct store_rows *rows;
	char key[16];
	struct jw w;
	int64_t gen;
	int rc;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (!valid_matter_code(code))
		return http_error(r, 400, "invalid_parameter", "code",
		    "a matter code looks like C-CA-001 or E-MS-012");
	if ((c = api_store(r)) == NULL)
		return 0;
	snprintf(key, sizeof(key), "g%s", code);	/* 9 bytes: checked above */
	gen = cache_generation(r, c);
	if (cache_get(r, key, strlen(key), gen))
		return 0;
	if (store_begin_read(c) < 0 || store_query(c, &q_matter_get, p, 1,
	    &rows) < 0) {
		store_rollback(c);
		return api_store_error(r, "matter get");
	}
	if ((rc = store_next(rows)) != 1) {
		store_rows_free(rows);
		store_rollback(c);
		if (rc < 0)
			return api_store_error(r, "matter get");
		return http_error(r, 404, "not_found", "code",
		    "no matter has the code %s", code);
	}
	http_jw_begin(r, &w);
	jw_obj(&w);
	jw_kstr(&w, "code", store_text(rows, 0));
	jw_kstr(&w, "name_zh", store_text(rows, 1));
	jw_kstr(&w, "name_en", store_text(rows, 2));
	jw_key(&w, "department");
	jw_obj(&w);
	jw_kstr(&w, "code", store_text(rows, 3));
	jw_kstr(&w, "name_zh", store_text(rows, 27));
	jw_kstr(&w, "name_en", store_text(rows, 28));
	jw_end(&w);
	jw_kstr(&w, "category", store_text(rows, 4));
	jw_kstr(&w, "applicant", store_text(rows, 5));
	jw_kbool(&w, "citywide", (int)store_int(rows, 6));
	jw_kstr(&w, "not_citywide_reason_zh", store_text(rows, 7));
	jw_kstr(&w, "not_citywide_reason_en", store_text(rows, 8));
	jw_kstr(&w, "mode", store_text(rows, 9));
	jw_kbool(&w, "online", (int)store_int(rows, 10));
	jw_kbool(&w, "one_visit", (int)store_int(rows, 11));
	jw_kint(&w, "legal_days", store_int(rows, 12));
	jw_kint(&w, "promised_days", store_int(rows, 13));
	jw_kint(&w, "fee_fen", store_int(rows, 14));
	jw_kstr(&w, "fee_note_zh", store_text(rows, 15));
	jw_kstr(&w, "fee_note_en", store_text(rows, 16));
	jw_kbool(&w, "terminal", (int)store_int(rows, 17));
	jw_kbool(&w, "mobile", (int)store_int(rows, 18));
	jw_kbool(&w, "zero_material", (int)store_int(rows, 19));
	jw_kstr(&w, "summary_zh", store_text(rows, 20));
	jw_kstr(&w, "summary_en", store_text(rows, 21));
	jw_kstr(&w, "conditions_zh", store_text(rows, 22));
	jw_kstr(&w, "conditions_en", store_text(rows, 23));
	jw_kstr(&w, "result_zh", store_text(rows, 24));
	jw_kstr(&w, "result_en", store_text(rows, 25));
	jw_kstr(&w, "basis_zh", store_text(rows, 26));
	store_rows_free(rows);

	if (store_query(c, &q_matter_materials, p, 1, &rows) < 0) {
		store_rollback(c);
		return api_store_error(r, "matter materials");
	}
	jw_key(&w, "materials");
	jw_arr(&w);
	while ((rc = store_next(rows)) == 1) {
		jw_obj(&w);
		jw_kstr(&w, "kind", store_text(rows, 0));
		jw_kstr(&w, "name_zh", store_text(rows, 1));
		jw_kstr(&w, "name_en", store_text(rows, 2));
		jw_kstr(&w, "satisfied", store_text(rows, 3));
		jw_key(&w, "shared_by");
		if (store_isnull(rows, 4))
			jw_null(&w);
		else {
			jw_obj(&w);
			jw_kstr(&w, "code", store_text(rows, 4));
			jw_kstr(&w, "name_zh", store_text(rows, 11));
			jw_kstr(&w, "name_en", store_text(rows, 12));
			jw_end(&w);
		}
		jw_kint(&w, "originals", store_int(rows, 5));
		jw_kint(&w, "copies", store_int(rows, 6));
		jw_kbool(&w, "key", (int)store_int(rows, 7));
		jw_kstr(&w, "note_zh", store_text(rows, 8));
		jw_kstr(&w, "note_en", store_text(rows, 9));
		jw_kbool(&w, "e_licence", (int)store_int(rows, 10));
		jw_end(&w);
	}
	store_rows_free(rows);
	store_commit(c);
	if (rc < 0)
		return api_store_error(r, "matter materials");
	jw_end(&w);
	jw_end(&w);
	rc = http_jw_end(r, 200);
	if (rc == 0)
		cache_put(key, strlen(key), &r->out, gen);
	return rc;
}

STORE_SQL(q_departments,
    "SELECT d.code, d.name_zh, d.name_en, d.kind,"
    " (SELECT COUNT(*) FROM matters m WHERE m.department = d.code)"
    " FROM departments d ORDER BY d.code");

static void
department_row(struct jw *w, struct store_rows *rows, void *ctx)
{
	jw_kstr(w, "code", store_text(rows, 0));
	jw_kstr(w, "name_zh", store_text(rows, 1));
	jw_kstr(w, "name_en", store_text(rows, 2));
	jw_kstr(w, "kind", store_text(rows, 3));
	jw_kint(w, "matters", store_int(rows, 4));
}

int
api_departments_list(struct http_req *r)
{
	return api_list_all(r, &q_departments, NULL, 0, department_row,
	    NULL, "departments");
}

STORE_SQL(q_districts,
    "SELECT d.code, d.abbr, d.name_zh, d.name_en, d.population, d.lat,"
    " d.lng, (SELECT COUNT(*) FROM centers c WHERE c.district = d.code"
    " AND c.kind = 'center') FROM districts d ORDER BY d.code");

static void
district_row(struct jw *w, struct store_rows *rows, void *ctx)
{
	jw_kstr(w, "code", store_text(rows, 0));
	jw_kstr(w, "abbr", store_text(rows, 1));
	jw_kstr(w, "name_zh", store_text(rows, 2));
	jw_kstr(w, "name_en", store_text(rows, 3));
	jw_kint(w, "population", store_int(rows, 4));
	jw_kreal(w, "lat", store_real(rows, 5));
	jw_kreal(w, "lng", store_real(rows, 6));
	jw_kint(w, "centers", store_int(rows, 7));
}

int
api_districts_list(struct http_req *r)
{
	return api_list_all(r, &q_districts, NULL, 0, district_row,
	    NULL, "districts");
}
