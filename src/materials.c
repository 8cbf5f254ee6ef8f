/*
 * materials.c - the materials of a case: which are needed and why, and
 * the uploads that satisfy them.
 *
 * The fewest materials: when a case is filed, each material the matter
 * lists is checked against what the platform already holds about the
 * subject (or, when the subject has no login, the applicant): a valid
 * electronic licence of that kind is used; a record a department shared
 * is used; a commitment is signed instead of a certificate where the
 * matter allows it; only what is left must be uploaded or brought.  The
 * reason for each is stored with it, so the applicant sees why.
 *
 * Uploads are stored content-addressed: FILES/ab/<sha256 hex>, written
 * to a temporary file, synced and renamed, so a file is either whole or
 * absent.  Only PDF, JPEG and PNG are accepted, recognised by their
 * bytes, and the declared Content-Type must agree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "api.h"
#include "app.h"
#include "cal.h"
#include "cases.h"
#include "jw.h"
#include "keys.h"
#include "log.h"
#include "store.h"
#include "workflow.h"

STORE_SQL(q_matter_materials_for_case,
    "SELECT mm.seq, mm.kind, mm.satisfied, mm.shared_by, mm.is_key,"
    " k.e_licence, d.name_zh, d.name_en FROM matter_materials mm"
    " JOIN material_kinds k ON k.code = mm.kind"
    " LEFT JOIN departments d ON d.code = mm.shared_by"
    " WHERE mm.matter = $1 ORDER BY mm.seq");
STORE_SQL(q_licence_held,
    "SELECT l.id, l.number, d.name_zh, d.name_en FROM licences l"
    " JOIN departments d ON d.code = l.department"
    " WHERE l.holder_login = $1 AND l.kind = $2 AND l.status = 'valid'"
    " AND (l.valid_until IS NULL OR l.valid_until >= $3)"
    " ORDER BY l.issued_on DESC, l.id DESC LIMIT 1");
STORE_SQL(q_shared_held,
    "SELECT s.id, s.summary, d.name_zh, d.name_en FROM shared_records s"
    " JOIN departments d ON d.code = s.department"
    " WHERE s.subject_login = $1 AND s.kind = $2"
    " AND (CAST($3 AS TEXT) IS NULL OR s.department = $3)"
    " ORDER BY s.published_at DESC, s.id DESC LIMIT 1");
STORE_SQL(q_case_material_insert,
    "INSERT INTO case_materials (case_id, seq, kind, is_key, way, status,"
    " reason_zh, reason_en, licence_id, shared_id, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");

struct planned {
	int seq, is_key, e_licence;
	char kind[48], declared[16], shared_by[8];
	char shared_zh[128], shared_en[256];
};

/* Why a material is or is not needed, in both languages. */
struct reason {
	char zh[600], en[600];
};

static void
reason_set(struct reason *why, const char *zh, const char *en)
{
	snprintf(why->zh, sizeof(why->zh), "%s", zh);
	snprintf(why->en, sizeof(why->en), "%s", en);
}

/*
 * Looks up one held thing (columns: id, what, department zh, en): *id
 * and the reason, made from the formats (department, then what), or
 * *id = 0.
 */
static int
held(struct store_conn *c, struct store_sql *q, const struct store_val *p,
    int np, int64_t *id, struct reason *why, const char *fmt_zh,
    const char *fmt_en)
{
	struct store_rows *rows;
	int rc;

	*id = 0;
	if (store_query(c, q, p, np, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1) {
		*id = store_int(rows, 0);
		snprintf(why->zh, sizeof(why->zh), fmt_zh, store_text(rows, 2),
		    store_text(rows, 1));
		snprintf(why->en, sizeof(why->en), fmt_en, store_text(rows, 3),
		    store_text(rows, 1));
	}
	store_rows_free(rows);
	return rc < 0 ? -1 : 0;
}

int
materials_decide(struct store_conn *c, const char *holder, const char *kind,
    const char *declared, const char *shared_by, const char *shared_zh,
    const char *shared_en, int e_licence, int commitments_signed, int today,
    struct material_way *out)
{
	const char *way = "upload", *status = "needed";
	int64_t licence = 0, shared = 0;
	struct reason why;

	shared_by = shared_by && shared_by[0] ? shared_by : NULL;
	reason_set(&why, "请上传扫描件，或到窗口出示原件",
	    "upload a scan, or bring the original to the window");
	/* What an electronic licence proves is never asked again. */
	if (holder && e_licence) {
		struct store_val p[] = { SV_TEXT(holder), SV_TEXT(kind),
			SV_INT(today) };

		if (held(c, &q_licence_held, p, 3, &licence, &why,
		    "已调用%s的电子证照，证号%s",
		    "electronic licence of the %s on record, No. %s") < 0)
			return -1;
		if (licence) {
			way = "licence";
			status = "satisfied";
		}
	}
	/* Nor what a department already shared. */
	if (holder && !licence && (strcmp(declared, "shared") == 0 ||
	    strcmp(declared, "provide") == 0 ||
	    strcmp(declared, "licence") == 0)) {
		struct store_val p[] = { SV_TEXT(holder), SV_TEXT(kind),
			SV_TEXT(shared_by) };

		if (held(c, &q_shared_held, p, 3, &shared, &why,
		    "%s已共享数据：%s", "data shared by the %s: %s") < 0)
			return -1;
		if (shared) {
			way = "shared";
			status = "satisfied";
		}
	}
	if (!licence && !shared) {
		if (strcmp(declared, "commitment") == 0) {
			way = "commitment";
			status = commitments_signed ? "satisfied" : "needed";
			reason_set(&why, "以签署告知承诺书代替证明",
			    "a signed commitment replaces the certificate "
			    "(notice-and-commitment)");
		} else if (holder && strcmp(declared, "licence") == 0)
			reason_set(&why, "电子证照库中没有此类有效证照，请上传",
			    "no valid electronic licence of this kind is on "
			    "record: upload it");
		else if (holder && strcmp(declared, "shared") == 0) {
			snprintf(why.zh, sizeof(why.zh), "%s未共享此项数据，"
			    "请上传", shared_zh && shared_zh[0] ? shared_zh :
			    "部门");
			snprintf(why.en, sizeof(why.en), "the %s has shared no "
			    "record of this: upload it", shared_en &&
			    shared_en[0] ? shared_en : "department");
		} else if (strcmp(declared, "licence") == 0 ||
		    strcmp(declared, "shared") == 0) {
			/* No one signed in: the catalog's own way. */
			way = declared;
			reason_set(&why, "登录后自动核对电子证照和共享数据，"
			    "已有的无需提交", "sign in and what an electronic "
			    "licence or shared data proves is not asked for");
		}
	}
	out->way = way;
	out->status = status;
	out->licence = licence;
	out->shared = shared;
	snprintf(out->reason_zh, sizeof(out->reason_zh), "%s", why.zh);
	snprintf(out->reason_en, sizeof(out->reason_en), "%s", why.en);
	return 0;
}

/* Is kind among the codes of the array kinds? */
static int
kind_listed(json_t *kinds, const char *kind)
{
	size_t i;
	json_t *v;

	json_array_foreach(kinds, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), kind) == 0)
			return 1;
	return 0;
}

STORE_SQL(q_kind_e_licence,
    "SELECT e_licence FROM material_kinds WHERE code = $1");

/*
 * A guide's selection: keeps the catalog rows whose kind it lists and
 * appends the kinds it adds (brought as documents, not key).  0 or -1.
 */
static int
plan_select(struct store_conn *c, json_t *kinds, struct planned **vp,
    size_t *np)
{
	struct planned *v = *vp;
	size_t n = *np, i, kept = 0;
	int seq = 0;
	json_t *kj;

	for (i = 0; i < n; i++) {
		if (v[i].seq > seq)
			seq = v[i].seq;
		if (kind_listed(kinds, v[i].kind))
			v[kept++] = v[i];
	}
	n = kept;
	json_array_foreach(kinds, i, kj) {
		const char *kind = json_string_value(kj);
		struct planned *nv;
		size_t d;
		int listed = 0;

		for (d = 0; d < n; d++)
			listed |= strcmp(v[d].kind, kind) == 0;
		if (listed)
			continue;
		if ((nv = realloc(v, (n + 1) * sizeof(*v))) == NULL)
			goto fail;
		v = nv;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].seq = ++seq;
		snprintf(v[n].kind, sizeof(v[n].kind), "%s", kind);
		snprintf(v[n].declared, sizeof(v[n].declared), "provide");
		{
			struct store_val p[] = { SV_TEXT(kind) };
			int64_t e = 0;

			if (store_query_int(c, &q_kind_e_licence, p, 1, &e) < 0)
				goto fail;
			v[n].e_licence = (int)e;
		}
		n++;
	}
	*vp = v;
	*np = n;
	return 0;
fail:
	*vp = v;
	*np = n;
	return -1;
}

int
materials_plan(struct store_conn *c, const struct case_rec *k,
    const char *applicant_login, int today, int64_t now, json_t *kinds)
{
	const char *holder = k->subject_login[0] ? k->subject_login :
	    applicant_login;
	struct planned *v = NULL;
	struct store_rows *rows;
	size_t n = 0, i;
	int rc;

	/* Read the list first: one statement open at a time. */
	{
		struct store_val p[] = { SV_TEXT(k->matter) };

		if (store_query(c, &q_matter_materials_for_case, p, 1, &rows) < 0)
			return -1;
	}
	while ((rc = store_next(rows)) == 1) {
		struct planned *nv = realloc(v, (n + 1) * sizeof(*v));

		if (nv == NULL) {
			rc = -1;
			break;
		}
		v = nv;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].seq = (int)store_int(rows, 0);
		snprintf(v[n].kind, sizeof(v[n].kind), "%s", store_text(rows, 1));
		snprintf(v[n].declared, sizeof(v[n].declared), "%s",
		    store_text(rows, 2));
		if (!store_isnull(rows, 3)) {
			snprintf(v[n].shared_by, sizeof(v[n].shared_by), "%s",
			    store_text(rows, 3));
			snprintf(v[n].shared_zh, sizeof(v[n].shared_zh), "%s",
			    store_text(rows, 6));
			snprintf(v[n].shared_en, sizeof(v[n].shared_en), "%s",
			    store_text(rows, 7));
		}
		v[n].is_key = (int)store_int(rows, 4);
		v[n].e_licence = (int)store_int(rows, 5);
		n++;
	}
	store_rows_free(rows);
	if (rc < 0 || (kinds && plan_select(c, kinds, &v, &n) < 0)) {
		free(v);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct material_way mw;

		if (materials_decide(c, holder, v[i].kind, v[i].declared,
		    v[i].shared_by, v[i].shared_zh, v[i].shared_en,
		    v[i].e_licence, k->commitments_signed, today, &mw) < 0)
			goto fail;
		{
			struct store_val p[] = { SV_INT(k->id),
				SV_INT(v[i].seq), SV_TEXT(v[i].kind),
				SV_INT(v[i].is_key), SV_TEXT(mw.way),
				SV_TEXT(mw.status), SV_TEXT(mw.reason_zh),
				SV_TEXT(mw.reason_en),
				mw.licence ? SV_INT(mw.licence) : SV_NULL,
				mw.shared ? SV_INT(mw.shared) : SV_NULL,
				SV_INT(now) };

			if (store_exec(c, &q_case_material_insert, p, 11) < 0)
				goto fail;
		}
	}
	free(v);
	return 0;
fail:
	free(v);
	return -1;
}

STORE_SQL(q_case_materials_states,
    "SELECT is_key, way, status FROM case_materials WHERE case_id = $1");

int
materials_count(struct store_conn *c, int64_t case_id,
    struct materials_count *out)
{
	struct store_val p[] = { SV_INT(case_id) };
	struct store_rows *rows;
	int rc;

	memset(out, 0, sizeof(*out));
	if (store_query(c, &q_case_materials_states, p, 1, &rows) < 0)
		return -1;
	while ((rc = store_next(rows)) == 1) {
		const char *way = store_text(rows, 1);
		const char *status = store_text(rows, 2);

		out->total++;
		if (strcmp(way, "commitment") == 0)
			out->commitments++;
		if (strcmp(status, "needed") == 0) {
			if (store_int(rows, 0))
				out->needed_key++;
			else
				out->needed_other++;
		} else if (strcmp(status, "outstanding") == 0)
			out->outstanding++;
	}
	store_rows_free(rows);
	return rc < 0 ? -1 : 0;
}

STORE_SQL(q_case_materials,
    "SELECT cm.seq, cm.kind, k.name_zh, k.name_en, cm.is_key, cm.way,"
    " cm.status, cm.reason_zh, l.number, cm.upload_type, cm.upload_size,"
    " cm.updated_at, cm.reason_en FROM case_materials cm"
    " JOIN material_kinds k ON k.code = cm.kind"
    " LEFT JOIN licences l ON l.id = cm.licence_id"
    " WHERE cm.case_id = $1 ORDER BY cm.seq");

int
materials_write(struct store_conn *c, int64_t case_id, struct jw *w)
{
	struct store_val p[] = { SV_INT(case_id) };
	struct store_rows *rows;
	int rc;

	if (store_query(c, &q_case_materials, p, 1, &rows) < 0)
		return -1;
	jw_key(w, "materials");
	jw_arr(w);
	while ((rc = store_next(rows)) == 1) {
		jw_obj(w);
		jw_kint(w, "seq", store_int(rows, 0));
		jw_kstr(w, "kind", store_text(rows, 1));
		jw_kstr(w, "name_zh", store_text(rows, 2));
		jw_kstr(w, "name_en", store_text(rows, 3));
		jw_kbool(w, "key", (int)store_int(rows, 4));
		jw_kstr(w, "way", store_text(rows, 5));
		jw_kstr(w, "status", store_text(rows, 6));
		jw_kstr(w, "reason_zh", store_text(rows, 7));
		jw_kstr(w, "reason_en", store_text(rows, 12));
		jw_kstr(w, "licence_number", store_text(rows, 8));
		jw_key(w, "upload");
		if (store_isnull(rows, 9))
			jw_null(w);
		else {
			jw_obj(w);
			jw_kstr(w, "type", store_text(rows, 9));
			jw_kint(w, "size", store_int(rows, 10));
			jw_end(w);
		}
		jw_end(w);
	}
	store_rows_free(rows);
	jw_end(w);
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Uploads                                                             */

/* The type a file's first bytes say it is, or NULL. */
const char *
materials_sniff(const unsigned char *b, size_t n)
{
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	return NULL;
}

/* Writes data to FILES/ab/<hex> unless it is there; 0 or -1. */
static int
store_file(const char *dir, const char *hex, const void *data, size_t len)
{
	char *sub = NULL, *path = NULL, *tmp = NULL;
	struct stat st;
	int fd = -1, rc = -1;

	if (asprintf(&sub, "%s/%.2s", dir, hex) < 0 ||
	    asprintf(&path, "%s/%s", sub, hex) < 0 ||
	    asprintf(&tmp, "%s.tmp.%d.%lx", path, (int)getpid(),
	    (unsigned long)randombytes_random()) < 0)
		goto out;
	if (stat(path, &st) == 0 && (size_t)st.st_size == len) {
		rc = 0;	/* the same bytes are stored already */
		goto out;
	}
	if ((mkdir(dir, 0700) < 0 && errno != EEXIST) ||
	    (mkdir(sub, 0700) < 0 && errno != EEXIST))
		goto out;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	{
		const char *p = data;
		size_t left = len;

		while (left) {
			ssize_t w = write(fd, p, left);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto out;
			p += w;
			left -= (size_t)w;
		}
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto out;
	/* The directory entry must be durable before we answer. */
	fd = open(sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		fsync(fd);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp)
		unlink(tmp);
	free(sub);
	free(path);
	free(tmp);
	return rc;
}

STORE_SQL(q_material_of_case,
    "SELECT way, status FROM case_materials WHERE case_id = $1 AND kind = $2");
STORE_SQL(q_material_uploaded,
    "UPDATE case_materials SET upload = $3, upload_type = $4,"
    " upload_size = $5, status = 'satisfied', updated_at = $6,"
    " reason_zh = '已上传扫描件', reason_en = 'uploaded'"
    " WHERE case_id = $1 AND kind = $2");
STORE_SQL(q_material_received,
    "UPDATE case_materials SET status = 'received', updated_at = $3,"
    " reason_zh = '窗口已收到原件',"
    " reason_en = 'original received at the window'"
    " WHERE case_id = $1 AND kind = $2");
STORE_SQL(q_case_touch,
    "UPDATE cases SET version = version + 1, updated_at = $3"
    " WHERE id = $1 AND version = $2");
STORE_SQL(q_material_event,
    "INSERT INTO case_events (case_id, version, action, from_state, to_state,"
    " actor_id, actor_role, place, channel, at, note, data)"
    " VALUES ($1, $2, $3, $4, $4, $5, $6, $7, NULL, $8, NULL, $9)");

static int
valid_kind_code(const char *s)
{
	size_t n = strlen(s);

	return n >= 2 && n <= 40 &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n;
}

/* Loads the case and checks the caller's part in it; answers and
 * returns 0 when they have none.  In the caller's transaction. */
static int
load_for_material(struct http_req *r, struct store_conn *c, struct case_rec *k,
    const char *kind, unsigned *roles)
{
	int64_t id = case_param_id(r);
	int may_read, rc;

	if (id < 0)
		return 0;
	if (kind == NULL) {
		http_error(r, 400, "missing_parameter", "kind",
		    "name the material: ?kind=CODE");
		return 0;
	}
	if (!valid_kind_code(kind)) {
		http_error(r, 400, "invalid_parameter", "kind",
		    "not a material kind code");
		return 0;
	}
	if ((rc = case_load(c, id, k)) < 0)
		return -1;
	*roles = rc ? case_roles(r, c, k, &may_read) : 0;
	if (rc == 0 || !may_read) {
		http_error(r, 404, "not_found", "id", "no such case");
		return 0;
	}
	return 1;
}

/* Materials are taken until the case is decided or ended. */
static int
takes_materials(struct http_req *r, const struct case_rec *k)
{
	const struct workflow *wf = workflows_get(r->app->workflows,
	    k->workflow);
	int st = wf ? workflow_state(wf, k->state) : -1;

	return st >= 0 && !wf->states[st].final &&
	    wf->states[st].clock != WF_CLOCK_STOPPED;
}

/* Appends the material's event and moves the case's version. */
static int
material_event(struct http_req *r, struct store_conn *c,
    const struct case_rec *k, const char *action, const char *data)
{
	struct store_val t[] = { SV_INT(k->id), SV_INT(k->version),
		SV_INT(r->now) };
	struct store_val e[] = { SV_INT(k->id), SV_INT(k->version + 1),
		SV_TEXT(action), SV_TEXT(k->state), SV_INT(r->auth.account_id),
		SV_TEXT(r->auth.role), SV_TEXT(r->auth.scope_center),
		SV_INT(r->now), SV_TEXT(data) };
	int n = store_exec(c, &q_case_touch, t, 3);

	if (n != 1)
		return n < 0 ? -1 : 1;
	return store_exec(c, &q_material_event, e, 9) < 0 ? -1 : 0;
}

int
api_case_material_upload(struct http_req *r)
{
	const char *declared = http_header(r, "Content-Type");
	const char *type = materials_sniff((const unsigned char *)r->body.data,
	    r->body.len);
	unsigned char sha[crypto_hash_sha256_BYTES], *sealed = NULL;
	size_t sealed_len = 0;
	char address[KEYS_ADDRESS_HEX + 3] = "k:";
	char hex[crypto_hash_sha256_BYTES * 2 + 1], way[16] = "",
	    status[16] = "", data[160];
	struct store_conn *c;
	struct store_rows *rows;
	struct case_rec k;
	const char *kind = http_query(r, "kind");
	unsigned roles;
	int rc;

	if (api_query_allowed(r, (const char *const[]){ "kind", NULL }) < 0)
		return 0;
	if (r->body.len == 0)
		return http_error(r, 400, "invalid_value", "body",
		    "the request body is the file (PDF, JPEG or PNG)");
	if (type == NULL)
		return http_error(r, 415, "unsupported_media_type", "body",
		    "only PDF, JPEG and PNG files are accepted");
	if (declared == NULL || strncasecmp(declared, type, strlen(type)) != 0)
		return http_error(r, 415, "unsupported_media_type",
		    "Content-Type", "the Content-Type must say %s, which is "
		    "what the file is", type);
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "upload");
	if ((rc = load_for_material(r, c, &k, kind, &roles)) <= 0) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "upload") : 0;
	}
	if (!(roles & (WF_ROLE_APPLICANT | WF_ROLE_CLERK))) {
		store_rollback(c);
		return http_error(r, 403, "forbidden", "id", "only the "
		    "applicant or a clerk of the case adds materials");
	}
	if (!takes_materials(r, &k)) {
		store_rollback(c);
		return http_error(r, 409, "wrong_state", "id",
		    "the case is %s: materials are no longer taken", k.state);
	}
	{
		struct store_val p[] = { SV_INT(k.id), SV_TEXT(kind) };

		if (store_query(c, &q_material_of_case, p, 2, &rows) < 0) {
			store_rollback(c);
			return api_store_error(r, "upload");
		}
		if ((rc = store_next(rows)) == 1) {
			snprintf(way, sizeof(way), "%s", store_text(rows, 0));
			snprintf(status, sizeof(status), "%s",
			    store_text(rows, 1));
		}
		store_rows_free(rows);
	}
	if (rc != 1) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "upload") :
		    http_error(r, 404, "not_found", "kind", "this case does "
		    "not ask for that material");
	}
	if (strcmp(way, "upload") != 0) {
		store_rollback(c);
		return http_error(r, 409, "not_needed", "kind", "this material "
		    "is satisfied by %s: nothing to upload", way);
	}
	crypto_hash_sha256(sha, (const unsigned char *)r->body.data,
	    r->body.len);
	sodium_bin2hex(hex, sizeof(hex), sha, sizeof(sha));
	/* At rest the file is sealed under the current key and named by a
	 * keyed hash, so neither its bytes nor its name tell what it is. */
	keys_address(r->app->keys, r->body.data, r->body.len, address + 2);
	if (keys_seal(r->app->keys, r->body.data, r->body.len, address + 2,
	    &sealed, &sealed_len) < 0 ||
	    store_file(r->app->files_dir, address + 2, sealed,
	    sealed_len) < 0) {
		free(sealed);
		store_rollback(c);
		log_error("msg=\"cannot store an upload\" request=%s error=\"%s\"",
		    r->request_id, strerror(errno));
		return api_store_error(r, "upload file");
	}
	free(sealed);
	snprintf(data, sizeof(data), "{\"kind\":\"%s\",\"sha256\":\"%.16s\","
	    "\"size\":%zu}", kind, hex, r->body.len);
	{
		struct store_val p[] = { SV_INT(k.id), SV_TEXT(kind),
			SV_TEXT(address), SV_TEXT(type), SV_INT(r->body.len),
			SV_INT(r->now) };

		if (store_exec(c, &q_material_uploaded, p, 6) != 1 ||
		    (rc = material_event(r, c, &k, "upload-material",
		    data)) < 0 || store_commit(c) < 0) {
			store_rollback(c);
			return api_store_error(r, "upload");
		}
	}
	if (rc == 1) {
		store_rollback(c);
		return http_error(r, 409, "conflict", "version",
		    "the case changed meanwhile: try again");
	}
	return http_json(r, 201, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}",
	    "case_id", (json_int_t)k.id, "kind", kind, "type", type,
	    "sha256", hex, "size", (json_int_t)r->body.len, "version",
	    (json_int_t)(k.version + 1)));
}

/* A clerk records that the original was shown or handed in. */
int
api_case_material_received(struct http_req *r)
{
	struct store_conn *c;
	struct case_rec k;
	unsigned roles;
	char data[96];
	int rc, n;

	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "received");
	if ((rc = load_for_material(r, c, &k, r->params[1], &roles)) <= 0) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "received") : 0;
	}
	if (!(roles & WF_ROLE_CLERK)) {
		store_rollback(c);
		return http_error(r, 403, "forbidden", "id", "a clerk of the "
		    "case's center records originals");
	}
	if (!takes_materials(r, &k)) {
		store_rollback(c);
		return http_error(r, 409, "wrong_state", "id",
		    "the case is %s: materials are no longer taken", k.state);
	}
	{
		struct store_val p[] = { SV_INT(k.id), SV_TEXT(r->params[1]),
			SV_INT(r->now) };

		if ((n = store_exec(c, &q_material_received, p, 3)) < 0) {
			store_rollback(c);
			return api_store_error(r, "received");
		}
	}
	if (n == 0) {
		store_rollback(c);
		return http_error(r, 404, "not_found", "kind", "this case does "
		    "not ask for that material");
	}
	snprintf(data, sizeof(data), "{\"kind\":\"%s\"}", r->params[1]);
	rc = material_event(r, c, &k, "receive-material", data);
	if (rc != 0 || store_commit(c) < 0) {
		store_rollback(c);
		return rc == 1 ? http_error(r, 409, "conflict", "version",
		    "the case changed meanwhile: try again") :
		    api_store_error(r, "received");
	}
	return http_json(r, 200, json_pack("{s:I, s:s, s:s, s:I}", "case_id",
	    (json_int_t)k.id, "kind", r->params[1], "status", "received",
	    "version", (json_int_t)(k.version + 1)));
}

STORE_SQL(q_material_file,
    "SELECT upload, upload_type, upload_size FROM case_materials"
    " WHERE case_id = $1 AND kind = $2 AND upload IS NOT NULL");

/* The uploaded file: its parties and staff whose scope covers the case;
 * a staff read is audited. */
/*
 * Reads a sealed file (closing fd) and puts its opened bytes in the
 * answer.  A file that does not open (tampered, a key gone) is an error
 * of ours, never data of the wrong kind handed out.  0 or -1.
 */
static int
open_sealed(struct http_req *r, int fd, size_t size, const char *address)
{
	unsigned char *blob = malloc(size ? size : 1), *plain = NULL;
	size_t got = 0, plain_len = 0;
	int rc = -1;

	while (blob && got < size) {
		ssize_t n = read(fd, blob + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (blob && got == size && keys_open(r->app->keys, blob, size,
	    address, &plain, &plain_len) == 0) {
		buf_reset(&r->out);
		buf_add(&r->out, plain, plain_len);
		rc = buf_failed(&r->out) ? -1 : 0;
	} else
		log_error("msg=\"an uploaded file does not open\" request=%s",
		    r->request_id);
	if (plain)
		sodium_memzero(plain, plain_len);
	free(plain);
	free(blob);
	return rc;
}

int
api_case_material_get(struct http_req *r)
{
	struct store_conn *c;
	struct store_rows *rows;
	struct case_rec k;
	char hex[72] = "", type[32] = "", *path = NULL, target[96];
	unsigned roles;
	struct stat st;
	int rc, fd;

	if (api_query_allowed(r, (const char *const[]){ "purpose", NULL }) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if ((rc = load_for_material(r, c, &k, r->params[1], &roles)) <= 0)
		return rc < 0 ? api_store_error(r, "material") : 0;
	snprintf(target, sizeof(target), "case:%lld/material:%s",
	    (long long)k.id, r->params[1]);
	if (strcmp(r->auth.kind, "staff") == 0 && api_audit(r, "read-material",
	    target, http_query(r, "purpose") ? http_query(r, "purpose") :
	    "case handling", "allowed") < 0)
		return api_store_error(r, "audit");
	{
		struct store_val p[] = { SV_INT(k.id), SV_TEXT(r->params[1]) };

		if (store_query(c, &q_material_file, p, 2, &rows) < 0)
			return api_store_error(r, "material");
		if ((rc = store_next(rows)) == 1) {
			snprintf(hex, sizeof(hex), "%s", store_text(rows, 0));
			snprintf(type, sizeof(type), "%s", store_text(rows, 1));
		}
		store_rows_free(rows);
	}
	if (rc != 1)
		return rc < 0 ? api_store_error(r, "material") :
		    http_error(r, 404, "not_found", "kind",
		    "nothing was uploaded for this material");
	{
		/* "k:ADDRESS": sealed (keys.c); else a plain file from before
		 * encryption, named by its SHA-256. */
		int sealed = strncmp(hex, "k:", 2) == 0;
		const char *name = sealed ? hex + 2 : hex;

		if (asprintf(&path, "%s/%.2s/%s", r->app->files_dir, name,
		    name) < 0)
			return -1;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		free(path);
		if (fd < 0 || fstat(fd, &st) < 0) {
			if (fd >= 0)
				close(fd);
			log_error("msg=\"an uploaded file is missing\" "
			    "request=%s", r->request_id);
			return api_store_error(r, "material file");
		}
		if (sealed && open_sealed(r, fd, (size_t)st.st_size, name) < 0)
			return api_store_error(r, "material file");
		if (!sealed) {
			r->fd = fd;
			r->fd_size = (uint64_t)st.st_size;
		}
	}
	r->status = 200;
	r->content_type = strcmp(type, "application/pdf") == 0 ?
	    "application/pdf" : strcmp(type, "image/png") == 0 ? "image/png" :
	    "image/jpeg";
	r->answered = 1;
	return 0;
}
