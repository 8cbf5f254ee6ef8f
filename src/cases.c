/*
 * cases.c - a case from filing to closing: who may file what where
 * (citywide handling, the competent center, the comprehensive window),
 * transitions driven by the matter's workflow (workflow.h), deadlines in
 * working days with pauses while the applicant is waited for, the
 * circulation of originals between centers, and the views and searches
 * of applicants and staff.  See cases.h for the event rule.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "cal.h"
#include "cases.h"
#include "jw.h"
#include "licences.h"
#include "log.h"
#include "outbox.h"
#include "store.h"
#include "valid.h"
#include "workflow.h"

#define CASE_COLUMNS \
    " k.id, k.number, k.matter, k.workflow, k.applicant_id, k.subject_kind," \
    " k.subject_login, k.subject_name, k.relationship, k.agent_id," \
    " k.enterprise_id, k.channel, k.received_at_center, k.competent_center," \
    " k.district, k.state, k.clock, k.version, k.fee_fen, k.paid_fen," \
    " k.accepted_day, k.promised_days, k.legal_days, k.paused_days," \
    " k.paused_since_day, k.promised_due_day, k.legal_due_day," \
    " k.follow_up_by_day, k.commitments_signed, k.created_at, k.updated_at," \
    " m.department, m.mode, m.citywide, m.licence_kind, m.name_zh, m.name_en"

STORE_SQL(q_case_form, "SELECT bundle_id, form FROM cases WHERE id = $1");
STORE_SQL(q_case_load, "SELECT" CASE_COLUMNS " FROM cases k"
    " JOIN matters m ON m.code = k.matter WHERE k.id = $1");

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int
day_or_none(struct store_rows *rows, int col)
{
	return store_isnull(rows, col) ? -1 : (int)store_int(rows, col);
}

static void
case_from_row(struct store_rows *rows, struct case_rec *k)
{
	memset(k, 0, sizeof(*k));
	k->id = store_int(rows, 0);
	copy(k->number, sizeof(k->number), store_text(rows, 1));
	copy(k->matter, sizeof(k->matter), store_text(rows, 2));
	copy(k->workflow, sizeof(k->workflow), store_text(rows, 3));
	k->applicant_id = store_int(rows, 4);
	copy(k->subject_kind, sizeof(k->subject_kind), store_text(rows, 5));
	copy(k->subject_login, sizeof(k->subject_login), store_text(rows, 6));
	copy(k->subject_name, sizeof(k->subject_name), store_text(rows, 7));
	copy(k->relationship, sizeof(k->relationship), store_text(rows, 8));
	k->agent_id = store_int(rows, 9);
	k->enterprise_id = store_int(rows, 10);
	copy(k->channel, sizeof(k->channel), store_text(rows, 11));
	copy(k->received, sizeof(k->received), store_text(rows, 12));
	copy(k->competent, sizeof(k->competent), store_text(rows, 13));
	copy(k->district, sizeof(k->district), store_text(rows, 14));
	copy(k->state, sizeof(k->state), store_text(rows, 15));
	copy(k->clock, sizeof(k->clock), store_text(rows, 16));
	k->version = (int)store_int(rows, 17);
	k->fee_fen = store_int(rows, 18);
	k->paid_fen = store_int(rows, 19);
	k->accepted_day = day_or_none(rows, 20);
	k->promised_days = (int)store_int(rows, 21);
	k->legal_days = (int)store_int(rows, 22);
	k->paused_days = (int)store_int(rows, 23);
	k->paused_since_day = day_or_none(rows, 24);
	k->promised_due_day = day_or_none(rows, 25);
	k->legal_due_day = day_or_none(rows, 26);
	k->follow_up_by_day = day_or_none(rows, 27);
	k->commitments_signed = (int)store_int(rows, 28);
	k->created_at = store_int(rows, 29);
	k->updated_at = store_int(rows, 30);
	copy(k->department, sizeof(k->department), store_text(rows, 31));
	copy(k->mode, sizeof(k->mode), store_text(rows, 32));
	k->citywide = (int)store_int(rows, 33);
	copy(k->licence_kind, sizeof(k->licence_kind), store_text(rows, 34));
	copy(k->matter_zh, sizeof(k->matter_zh), store_text(rows, 35));
	copy(k->matter_en, sizeof(k->matter_en), store_text(rows, 36));
}

int
case_load(struct store_conn *c, int64_t id, struct case_rec *k)
{
	struct store_val p[] = { SV_INT(id) };
	struct store_rows *rows;
	int rc;

	if (store_query(c, &q_case_load, p, 1, &rows) < 0)
		return -1;
	rc = store_next(rows);
	if (rc == 1)
		case_from_row(rows, k);
	store_rows_free(rows);
	return rc;
}

int
case_today(const struct http_req *r)
{
	int day, minute;

	cal_local(r->now, &day, &minute);
	return day;
}

int64_t
case_param_id(struct http_req *r)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);

	if (*end || id <= 0 || r->params[0][0] == '\0') {
		http_error(r, 400, "invalid_parameter", "id",
		    "a case id is a positive integer");
		return -1;
	}
	return id;
}

STORE_SQL(q_is_agent_of,
    "SELECT COUNT(*) FROM enterprise_agents WHERE enterprise_id = $1"
    " AND agent_id = $2");

unsigned
case_roles(struct http_req *r, struct store_conn *c, const struct case_rec *k,
    int *may_read)
{
	const struct http_auth *a = &r->auth;
	unsigned roles = 0;

	*may_read = 0;
	if (a->account_id == 0)
		return 0;
	if (a->account_id == k->applicant_id || a->account_id == k->agent_id ||
	    (k->enterprise_id && a->account_id == k->enterprise_id))
		roles |= WF_ROLE_APPLICANT;
	else if (k->enterprise_id && strcmp(a->kind, "person") == 0) {
		struct store_val p[] = { SV_INT(k->enterprise_id),
			SV_INT(a->account_id) };
		int64_t n = 0;

		if (store_query_int(c, &q_is_agent_of, p, 2, &n) == 0 && n)
			roles |= WF_ROLE_APPLICANT;
	}
	if ((auth_is(a, "clerk") || auth_is(a, "manager")) && a->scope_center &&
	    (strcmp(a->scope_center, k->received) == 0 ||
	    strcmp(a->scope_center, k->competent) == 0))
		roles |= WF_ROLE_CLERK;
	if (auth_is(a, "reviewer") && a->scope_department &&
	    strcmp(a->scope_department, k->department) == 0)
		roles |= WF_ROLE_REVIEWER;
	*may_read = roles != 0 || auth_is(a, "city_admin") ||
	    (auth_is(a, "district_admin") && a->scope_district &&
	    strcmp(a->scope_district, k->district) == 0);
	/* A clerk files at the window: that clerk may act as the agent. */
	if (a->account_id == k->agent_id && strcmp(a->kind, "staff") == 0)
		roles &= ~WF_ROLE_APPLICANT;
	return roles;
}

/* ------------------------------------------------------------------ */
/* Filing                                                              */

STORE_SQL(q_matter_for_case,
    "SELECT applicant, citywide, mode, fee_fen, promised_days, legal_days,"
    " workflow, department FROM matters WHERE code = $1");
STORE_SQL(q_person_by_login,
    "SELECT id, name, registered_district FROM accounts WHERE login = $1"
    " AND kind = 'person' AND status = 'active'");
STORE_SQL(q_enterprise_by_login,
    "SELECT a.id, a.name, b.district FROM accounts a"
    " JOIN business_registry b ON b.credit_code = a.login"
    " WHERE a.login = $1 AND a.kind = 'enterprise' AND a.status = 'active'");
STORE_SQL(q_account_basics,
    "SELECT login, name, registered_district, kind FROM accounts"
    " WHERE id = $1");
STORE_SQL(q_hukou_district,
    "SELECT registered_district FROM hukou WHERE id_number = $1");
STORE_SQL(q_place_for_case,
    "SELECT kind, parent, district FROM centers WHERE code = $1");
STORE_SQL(q_processing_center,
    "SELECT COALESCE(d.processing_center, (SELECT c.code FROM centers c"
    " WHERE c.district = d.code AND c.kind = 'center' ORDER BY c.code"
    " LIMIT 1)) FROM districts d WHERE d.code = $1");
STORE_SQL(q_centers_of_district,
    "SELECT code, name_zh, name_en FROM centers WHERE district = $1"
    " AND kind IN ('center', 'sub-center') ORDER BY code");
STORE_SQL(q_case_number,
    "INSERT INTO case_numbers (center, day, last) VALUES ($1, $2, 1)"
    " ON CONFLICT (center, day) DO UPDATE SET last = case_numbers.last + 1"
    " RETURNING last");
STORE_SQL(q_case_insert,
    "INSERT INTO cases (number, matter, workflow, applicant_id, subject_kind,"
    " subject_login, subject_name, relationship, agent_id, enterprise_id,"
    " channel, received_at_center, competent_center, district, state, clock,"
    " version, fee_fen, promised_days, legal_days, commitments_signed,"
    " created_at, updated_at, bundle_id, form) VALUES ($1, $2, $3, $4, $5,"
    " $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'none', 1, $16, $17, $18,"
    " $19, $20, $20, $21, $22) RETURNING id");
STORE_SQL(q_event_insert,
    "INSERT INTO case_events (case_id, version, action, from_state, to_state,"
    " actor_id, actor_role, place, channel, at, note, data)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");

/* An active person or enterprise by login: its id, name and district
 * (registered district, or the enterprise's); *id = 0 when none. */
static int
find_party(struct store_conn *c, struct store_sql *q, const char *login,
    int64_t *id, char *name, size_t namelen, char district[8])
{
	struct store_val p[] = { SV_TEXT(login) };
	struct store_rows *rows;
	int rc;

	*id = 0;
	if (store_query(c, q, p, 1, &rows) < 0)
		return -1;
	if ((rc = store_next(rows)) == 1) {
		*id = store_int(rows, 0);
		copy(name, namelen, store_text(rows, 1));
		copy(district, 8, store_text(rows, 2));
	}
	store_rows_free(rows);
	return rc < 0 ? -1 : 0;
}

static const char *const subject_kinds[] = { "self", "child", "newborn",
	"deceased", "relative", "enterprise", NULL };
static const char *const channels[] = { "online", "window", "service-point",
	"terminal", NULL };

static int
in_set(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(v, *set) == 0)
			return 1;
	return 0;
}

/* Answers 422 naming the centers that may accept a non-citywide matter. */
static int
refuse_not_citywide(struct http_req *r, struct store_conn *c,
    const char *district)
{
	struct store_val p[] = { SV_TEXT(district) };
	struct store_rows *rows;
	json_t *centers = json_array(), *err;
	int rc;

	if (store_query(c, &q_centers_of_district, p, 1, &rows) < 0) {
		json_decref(centers);
		return api_store_error(r, "competent centers");
	}
	while ((rc = store_next(rows)) == 1)
		json_array_append_new(centers, json_pack("{s:s, s:s, s:s}",
		    "code", store_text(rows, 0), "name_zh", store_text(rows, 1),
		    "name_en", store_text(rows, 2)));
	store_rows_free(rows);
	err = json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code",
	    "not_citywide", "message", "this matter is not handled citywide: "
	    "file it at a center of the district of registered residence",
	    "field", "center", "competent_centers", centers);
	return http_json(r, 422, err);
}

struct filing {
	const char *matter, *center, *channel, *applicant_id_number,
	    *subject_kind, *subject_id_number, *subject_name, *relationship,
	    *enterprise;
	int submit, commit;
	int64_t bundle;		/* a guidance bundle, or 0 */
	const char *form;	/* the pre-filled form as JSON text, or NULL */
	json_t *kinds;		/* the guide's material kinds, or NULL */
};

/* What file_prepare() found out, for file_insert(). */
struct case_prep {
	struct store_conn *c;
	char applicant_login[24], applicant_name[512], subject_district[8];
	char mtype[16], mmode[16], wf_code[32], place_kind[16], received[16];
	char competent[16], place[16], received_district[8];
	int64_t applicant_id, agent_id, enterprise_id, fee, promised, legal;
	int citywide, is_staff;
	const struct workflow *wf;
	const char *channel, *subject_kind;
};

/* Forward: applies one transition in the caller's transaction. */
struct transition_input {
	const char *action, *note, *reason, *follow_up_by, *carrier,
	    *tracking, *method;
	json_t *missing;	/* array of material kinds, borrowed */
	int64_t payment_fen;
	int commit;
};
static int apply_transition(struct http_req *r, struct store_conn *c,
    struct case_rec *k, const struct transition_input *in, unsigned roles,
    const char *actor_role);

/*
 * Everything filing decides before it writes: the matter, who applies
 * for whom, where the case is received and who decides it.  Returns 1
 * when the case may be written, otherwise the handler's answer (a
 * refusal was sent).  Reads only.
 */
static int
file_prepare(struct http_req *r, const struct filing *f, struct case_prep *fp)
{
	struct store_conn *c;
	struct store_rows *rows;
	int rc;

	memset(fp, 0, sizeof(*fp));
	fp->citywide = 1;
	fp->is_staff = strcmp(r->auth.kind, "staff") == 0;
	if (fp->is_staff && !auth_is(&r->auth, "clerk") &&
	    !auth_is(&r->auth, "manager"))
		return http_error(r, 403, "forbidden", NULL, "only window "
		    "clerks and center managers file cases for applicants");
	fp->channel = f->channel ? f->channel : fp->is_staff ? "window" : "online";
	if (!in_set(fp->channel, channels))
		return http_error(r, 400, "invalid_value", "channel",
		    "\"channel\" must be online, window, service-point or "
		    "terminal");
	/* Clerks file at a window or, remotely, at a service point;
	 * residents and enterprises online or at a self-service terminal. */
	if (fp->is_staff ? !(strcmp(fp->channel, "window") == 0 ||
	    strcmp(fp->channel, "service-point") == 0) :
	    !(strcmp(fp->channel, "online") == 0 ||
	    strcmp(fp->channel, "terminal") == 0))
		return http_error(r, 400, "invalid_value", "channel",
		    fp->is_staff ? "staff file at a window or a service point" :
		    "residents and enterprises file online or at a "
		    "self-service terminal");
	if (strcmp(fp->channel, "online") != 0 && f->center == NULL)
		return http_error(r, 400, "missing_field", "center",
		    "a case filed at a place names the place");
	if (fp->is_staff && f->applicant_id_number == NULL && f->enterprise == NULL)
		return http_error(r, 400, "missing_field",
		    "applicant_id_number", "a clerk files for a registered "
		    "resident (applicant_id_number) or enterprise "
		    "(enterprise)");
	if (!fp->is_staff && f->applicant_id_number)
		return http_error(r, 400, "unknown_field",
		    "applicant_id_number", "only a clerk files for someone "
		    "else");
	fp->subject_kind = f->subject_kind ? f->subject_kind : "self";
	if (!in_set(fp->subject_kind, subject_kinds))
		return http_error(r, 400, "invalid_value", "subject_kind",
		    "\"subject_kind\" must be self, child, newborn, deceased, "
		    "relative or enterprise");
	if (f->subject_id_number &&
	    (rc = valid_idno(f->subject_id_number, case_today(r), NULL)) != 0)
		return http_error(r, 400, "invalid_value", "subject_id_number",
		    "not a valid resident ID number: %s", valid_strerror(rc));
	if (f->enterprise && (rc = valid_uscc(f->enterprise)) != 0)
		return http_error(r, 400, "invalid_value", "enterprise",
		    "not a valid credit code: %s", valid_strerror(rc));
	if (f->applicant_id_number &&
	    (rc = valid_idno(f->applicant_id_number, case_today(r), NULL)) != 0)
		return http_error(r, 400, "invalid_value",
		    "applicant_id_number", "not a valid resident ID number: %s",
		    valid_strerror(rc));
	if (strcmp(fp->subject_kind, "self") != 0 &&
	    strcmp(fp->subject_kind, "enterprise") != 0 &&
	    (f->subject_name == NULL || f->relationship == NULL))
		return http_error(r, 400, "missing_field", f->subject_name ?
		    "relationship" : "subject_name", "a case about someone "
		    "else names them and the relationship");
	if ((c = fp->c = api_store(r)) == NULL)
		return 0;

	/* The matter. */
	{
		struct store_val p[] = { SV_TEXT(f->matter) };

		if (store_query(c, &q_matter_for_case, p, 1, &rows) < 0)
			return api_store_error(r, "file");
		if ((rc = store_next(rows)) == 1) {
			copy(fp->mtype, sizeof(fp->mtype), store_text(rows, 0));
			fp->citywide = (int)store_int(rows, 1);
			copy(fp->mmode, sizeof(fp->mmode), store_text(rows, 2));
			fp->fee = store_int(rows, 3);
			fp->promised = store_int(rows, 4);
			fp->legal = store_int(rows, 5);
			copy(fp->wf_code, sizeof(fp->wf_code), store_text(rows, 6));
		}
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "file");
		if (rc == 0)
			return http_error(r, 422, "unknown_matter", "matter",
			    "no matter has the code %s", f->matter);
	}
	fp->wf = workflows_get(r->app->workflows, fp->wf_code);
	if (fp->wf == NULL)
		return api_store_error(r, "workflow missing");
	if ((strcmp(fp->mtype, "enterprise") == 0) !=
	    (f->enterprise != NULL || strcmp(r->auth.kind, "enterprise") == 0))
		return http_error(r, 422, "wrong_applicant", "matter",
		    strcmp(fp->mtype, "enterprise") == 0 ? "this matter is for "
		    "enterprises: file it as the enterprise or as its agent "
		    "(\"enterprise\")" : "this matter is for persons");

	/* Who applies, for whom, and through whom. */
	if (strcmp(r->auth.kind, "enterprise") == 0) {
		int64_t self = 0;

		/* The enterprise itself: its district is the registry's. */
		if (find_party(c, &q_enterprise_by_login, r->auth.login, &self,
		    fp->applicant_name, sizeof(fp->applicant_name),
		    fp->subject_district) < 0)
			return api_store_error(r, "file");
		fp->applicant_id = fp->enterprise_id = r->auth.account_id;
		copy(fp->applicant_login, sizeof(fp->applicant_login),
		    r->auth.login);
		copy(fp->applicant_name, sizeof(fp->applicant_name),
		    r->auth.name);
	} else if (f->enterprise) {
		if (find_party(c, &q_enterprise_by_login, f->enterprise,
		    &fp->enterprise_id, fp->applicant_name, sizeof(fp->applicant_name),
		    fp->subject_district) < 0)
			return api_store_error(r, "file");
		if (fp->enterprise_id == 0)
			return http_error(r, 422, "not_registered", "enterprise",
			    "no registered enterprise has this credit code");
		fp->applicant_id = fp->enterprise_id;
		copy(fp->applicant_login, sizeof(fp->applicant_login), f->enterprise);
		if (fp->is_staff)
			fp->agent_id = r->auth.account_id;
		else {
			struct store_val q[] = { SV_INT(fp->enterprise_id),
				SV_INT(r->auth.account_id) };
			int64_t n = 0;

			if (store_query_int(c, &q_is_agent_of, q, 2, &n) < 0)
				return api_store_error(r, "file");
			if (n == 0)
				return http_error(r, 403, "forbidden",
				    "enterprise", "you are not an agent of "
				    "this enterprise");
			fp->agent_id = r->auth.account_id;
		}
	} else if (fp->is_staff) {
		if (find_party(c, &q_person_by_login, f->applicant_id_number,
		    &fp->applicant_id, fp->applicant_name, sizeof(fp->applicant_name),
		    fp->subject_district) < 0)
			return api_store_error(r, "file");
		if (fp->applicant_id == 0)
			return http_error(r, 422, "not_registered",
			    "applicant_id_number", "no registered resident has "
			    "this ID number; the resident registers first");
		copy(fp->applicant_login, sizeof(fp->applicant_login),
		    f->applicant_id_number);
		fp->agent_id = r->auth.account_id;
	} else {
		struct store_val p[] = { SV_INT(r->auth.account_id) };

		fp->applicant_id = r->auth.account_id;
		if (store_query(c, &q_account_basics, p, 1, &rows) < 0)
			return api_store_error(r, "file");
		if ((rc = store_next(rows)) == 1) {
			copy(fp->applicant_login, sizeof(fp->applicant_login),
			    store_text(rows, 0));
			copy(fp->applicant_name, sizeof(fp->applicant_name),
			    store_text(rows, 1));
			copy(fp->subject_district, sizeof(fp->subject_district),
			    store_text(rows, 2));
		}
		store_rows_free(rows);
		if (rc <= 0)
			return api_store_error(r, "file");
	}
	if (strcmp(fp->subject_kind, "enterprise") == 0 && fp->enterprise_id == 0)
		return http_error(r, 400, "invalid_value", "subject_kind",
		    "only an enterprise case is about an enterprise");
	if (fp->enterprise_id)
		fp->subject_kind = "enterprise";
	/* A subject with an ID number of the register: their district. */
	if (f->subject_id_number && strcmp(fp->subject_kind, "self") != 0) {
		struct store_val p[] = { SV_TEXT(f->subject_id_number) };

		if (store_query(c, &q_hukou_district, p, 1, &rows) < 0)
			return api_store_error(r, "file");
		if (store_next(rows) == 1)
			copy(fp->subject_district, sizeof(fp->subject_district),
			    store_text(rows, 0));
		store_rows_free(rows);
	}

	/* Where it is fp->received, and who decides it. */
	if (f->center) {
		struct store_val p[] = { SV_TEXT(f->center) };
		char parent[16] = "", pdistrict[8] = "";

		if (store_query(c, &q_place_for_case, p, 1, &rows) < 0)
			return api_store_error(r, "file");
		if ((rc = store_next(rows)) == 1) {
			copy(fp->place_kind, sizeof(fp->place_kind), store_text(rows, 0));
			copy(parent, sizeof(parent), store_text(rows, 1));
			copy(pdistrict, sizeof(pdistrict), store_text(rows, 2));
		}
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "file");
		if (rc == 0)
			return http_error(r, 400, "invalid_value", "center",
			    "no center or point has the code %s", f->center);
		copy(fp->place, sizeof(fp->place), f->center);
		copy(fp->received_district, sizeof(fp->received_district), pdistrict);
		/* Points and sub-centers belong to a center. */
		copy(fp->received, sizeof(fp->received),
		    strcmp(fp->place_kind, "center") == 0 ? f->center : parent);
		if (fp->is_staff && strcmp(fp->received, r->auth.scope_center) != 0 &&
		    strcmp(f->center, r->auth.scope_center) != 0)
			return http_error(r, 403, "forbidden", "center",
			    "a clerk files at their own center");
		if (!fp->citywide && fp->subject_district[0] &&
		    strcmp(pdistrict, fp->subject_district) != 0)
			return refuse_not_citywide(r, c, fp->subject_district);
	}
	if (fp->subject_district[0] == '\0') {
		/* Nothing says where the subject lives: the receiving center's
		 * district decides. */
		if (fp->received[0] == '\0')
			return http_error(r, 422, "no_district", "center",
			    "name the center: the applicant's district is not "
			    "known");
	}
	{
		const char *district = fp->subject_district[0] ? fp->subject_district :
		    NULL;
		struct store_val p[1];

		if (district == NULL) {
			struct store_val q[] = { SV_TEXT(fp->received) };

			if (store_query(c, &q_place_for_case, q, 1, &rows) < 0)
				return api_store_error(r, "file");
			if (store_next(rows) == 1)
				copy(fp->subject_district, sizeof(fp->subject_district),
				    store_text(rows, 2));
			store_rows_free(rows);
		}
		/* On the spot, or fp->received in the subject's own district:
		 * the receiving center decides.  Otherwise the district's
		 * processing center does ("collected here, processed
		 * there"). */
		if (fp->received[0] && (strcmp(fp->mmode, "on-the-spot") == 0 ||
		    strcmp(fp->received_district, fp->subject_district) == 0))
			copy(fp->competent, sizeof(fp->competent), fp->received);
		else {
			p[0] = SV_TEXT(fp->subject_district);
			if (store_query(c, &q_processing_center, p, 1, &rows) < 0)
				return api_store_error(r, "file");
			if (store_next(rows) == 1)
				copy(fp->competent, sizeof(fp->competent),
				    store_text(rows, 0));
			store_rows_free(rows);
		}
		if (fp->competent[0] == '\0')
			return api_store_error(r, "no competent center");
		if (fp->received[0] == '\0')
			copy(fp->received, sizeof(fp->received), fp->competent);
	}

	return 1;
}

/*
 * Writes the prepared case, its first event and its materials in the
 * caller's transaction; *k is the case as written.  0, or -1 on a store
 * failure (nothing answered).
 */
static int
file_insert(struct http_req *r, struct store_conn *c, const struct filing *f,
    const struct case_prep *fp, struct case_rec *k)
{
	char number[48];
	int64_t seq = 0, id = 0;
	int y, m, d;
	const char *counter = strcmp(fp->channel, "online") == 0 ? "WEB" :
	    fp->received;

	cal_civil_from_days(case_today(r), &y, &m, &d);
	{
		struct store_val p[] = { SV_TEXT(counter),
			SV_INT(case_today(r)) };

		if (store_query_int(c, &q_case_number, p, 2, &seq) < 0)
			return -1;
	}
	snprintf(number, sizeof(number), "%s-%04d%02d%02d-%04lld", counter,
	    y, m, d, (long long)seq);
	{
		int self = strcmp(fp->subject_kind, "self") == 0 ||
		    strcmp(fp->subject_kind, "enterprise") == 0;
		struct store_val p[] = { SV_TEXT(number), SV_TEXT(f->matter),
			SV_TEXT(fp->wf->code), SV_INT(fp->applicant_id),
			SV_TEXT(fp->subject_kind),
			SV_TEXT(self ? fp->applicant_login : f->subject_id_number),
			SV_TEXT(self ? fp->applicant_name : f->subject_name),
			SV_TEXT(self ? NULL : f->relationship),
			fp->agent_id ? SV_INT(fp->agent_id) : SV_NULL,
			fp->enterprise_id ? SV_INT(fp->enterprise_id) : SV_NULL,
			SV_TEXT(fp->channel), SV_TEXT(fp->received),
			SV_TEXT(fp->competent), SV_TEXT(fp->subject_district),
			SV_TEXT(fp->wf->states[fp->wf->initial].code),
			SV_INT(fp->fee), SV_INT(fp->promised), SV_INT(fp->legal),
			SV_INT(f->commit), SV_INT(r->now),
			f->bundle ? SV_INT(f->bundle) : SV_NULL,
			SV_TEXT(f->form) };

		if (store_query_int(c, &q_case_insert, p, 22, &id) < 0)
			return -1;
	}
	{
		struct store_val p[] = { SV_INT(id), SV_INT(1), SV_TEXT("file"),
			SV_NULL, SV_TEXT(fp->wf->states[fp->wf->initial].code),
			SV_INT(r->auth.account_id), SV_TEXT(r->auth.role),
			SV_TEXT(fp->place[0] ? fp->place : NULL),
			SV_TEXT(fp->channel), SV_INT(r->now), SV_NULL, SV_NULL };

		if (store_exec(c, &q_event_insert, p, 12) < 0)
			return -1;
	}
	if (case_load(c, id, k) != 1)
		return -1;
	return materials_plan(c, k, fp->applicant_login, case_today(r),
	    r->now, f->kinds);
}

int
api_cases_file(struct http_req *r)
{
	struct filing f = { 0 };
	const struct api_field spec[] = {
		{ "matter", API_STRING, 1, 8, 8, &f.matter },
		{ "center", API_STRING, 0, 2, 16, &f.center },
		{ "channel", API_STRING, 0, 1, 16, &f.channel },
		{ "applicant_id_number", API_STRING, 0, 18, 18,
		  &f.applicant_id_number },
		{ "subject_kind", API_STRING, 0, 1, 16, &f.subject_kind },
		{ "subject_id_number", API_STRING, 0, 18, 18,
		  &f.subject_id_number },
		{ "subject_name", API_STRING, 0, 1, 100, &f.subject_name },
		{ "relationship", API_STRING, 0, 1, 30, &f.relationship },
		{ "enterprise", API_STRING, 0, 18, 18, &f.enterprise },
		{ "submit", API_BOOL, 0, 0, 0, &f.submit },
		{ "commit", API_BOOL, 0, 0, 0, &f.commit },
	};
	struct case_prep fp;
	struct store_conn *c;
	struct case_rec k;
	int rc;

	if (api_decode(r, spec, sizeof(spec) / sizeof(spec[0])) < 0)
		return 0;
	if ((rc = file_prepare(r, &f, &fp)) != 1)
		return rc;
	c = fp.c;
	if (store_begin(c) < 0)
		return api_store_error(r, "file");
	if (file_insert(r, c, &f, &fp, &k) < 0)
		goto fail;
	if (f.submit) {
		struct transition_input in = { .action = "submit",
			.commit = f.commit };

		rc = apply_transition(r, c, &k, &in, fp.is_staff ?
		    WF_ROLE_CLERK | WF_ROLE_APPLICANT : WF_ROLE_APPLICANT,
		    r->auth.role);
		if (rc != 0) {
			store_rollback(c);
			return rc < 0 ? api_store_error(r, "file") : 0;
		}
	}
	if (store_commit(c) < 0)
		goto fail;
	outbox_flush(r->app, c, r->now);
	{
		char *loc = NULL;

		if (asprintf(&loc, "/api/v1/cases/%lld", (long long)k.id) >= 0)
			http_add_header(r, "Location", loc);
		free(loc);
	}
	return http_json(r, 201, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}",
	    "id", (json_int_t)k.id, "number", k.number, "state", k.state,
	    "version", (json_int_t)k.version, "received_at_center", fp.received,
	    "competent_center", fp.competent));
fail:
	store_rollback(c);
	return api_store_error(r, "file");
}

int
case_draft_file(struct http_req *r, struct store_conn *c, const char *matter,
    int64_t bundle, const char *form, json_t *kinds, int commit,
    struct case_rec *k)
{
	struct filing f = { .matter = matter, .bundle = bundle, .form = form,
		.kinds = kinds, .commit = commit };
	struct case_prep fp;
	int rc;

	if ((rc = file_prepare(r, &f, &fp)) != 1)
		return rc < 0 ? -1 : 1;
	return file_insert(r, c, &f, &fp, k);
}

int
case_submit(struct http_req *r, struct store_conn *c, struct case_rec *k,
    int commit)
{
	struct transition_input in = { .action = "submit", .commit = commit };

	return apply_transition(r, c, k, &in, WF_ROLE_APPLICANT,
	    r->auth.role);
}

/* ------------------------------------------------------------------ */
/* Transitions                                                         */

STORE_SQL(q_case_update,
    "UPDATE cases SET state = $3, clock = $4, version = version + 1,"
    " accepted_day = $5, paused_days = $6, paused_since_day = $7,"
    " promised_due_day = $8, legal_due_day = $9, follow_up_by_day = $10,"
    " paid_fen = $11, commitments_signed = $12, updated_at = $13"
    " WHERE id = $1 AND version = $2");
STORE_SQL(q_sign_commitments,
    "UPDATE case_materials SET status = 'satisfied', updated_at = $2,"
    " reason_zh = '申请人已签署告知承诺书',"
    " reason_en = 'commitment signed by the applicant'"
    " WHERE case_id = $1 AND way = 'commitment'");
STORE_SQL(q_tolerate,
    "UPDATE case_materials SET status = 'outstanding', updated_at = $2"
    " WHERE case_id = $1 AND status = 'needed' AND is_key = 0");
STORE_SQL(q_material_request,
    "UPDATE case_materials SET status = 'needed', reason_zh = $3,"
    " reason_en = $4, updated_at = $5 WHERE case_id = $1 AND kind = $2");
STORE_SQL(q_circulation_open,
    "SELECT COUNT(*) FROM circulations WHERE case_id = $1"
    " AND received_at IS NULL");
STORE_SQL(q_circulation_insert,
    "INSERT INTO circulations (case_id, from_center, to_center, originals,"
    " created_at) VALUES ($1, $2, $3, $4, $5)");
STORE_SQL(q_originals,
    "SELECT kind FROM case_materials WHERE case_id = $1"
    " AND way = 'upload' AND status IN ('received', 'satisfied')"
    " ORDER BY seq");
STORE_SQL(q_applicant_contact,
    "SELECT a.login, a.name, a.kind FROM accounts a WHERE a.id = $1");

/* Answers a refusal of the transition; returns 1 (answered). */
static int
refuse(struct http_req *r, int status, const char *code, const char *field,
    const struct case_rec *k, const char *fmt, const char *arg)
{
	char *msg = NULL;
	json_t *err;

	if (asprintf(&msg, fmt, arg) < 0)
		return -1;
	err = json_pack("{s:{s:s, s:s, s:s?, s:s, s:I}}", "error", "code", code,
	    "message", msg, "field", field, "state", k->state, "version",
	    (json_int_t)k->version);
	free(msg);
	http_json(r, status, err);
	return 1;
}

static int
valid_kind_in_case(struct store_conn *c, int64_t case_id, const char *kind)
{
	STORE_SQL(q_kind_in_case, "SELECT COUNT(*) FROM case_materials"
	    " WHERE case_id = $1 AND kind = $2");
	struct store_val p[] = { SV_INT(case_id), SV_TEXT(kind) };
	int64_t n = 0;

	return store_query_int(c, &q_kind_in_case, p, 2, &n) == 0 && n > 0;
}

/* Sets the due days from the acceptance day and the pauses so far. */
static void
set_deadlines(const struct cal *cal, struct case_rec *k)
{
	k->promised_due_day = cal_add_working_days(cal, k->accepted_day,
	    k->promised_days + k->paused_days);
	k->legal_due_day = cal_add_working_days(cal, k->accepted_day,
	    k->legal_days + k->paused_days);
}

static const char *const clock_names[] = { "none", "running", "paused",
	"stopped" };

static int
notify(struct http_req *r, struct store_conn *c, const struct case_rec *k,
    const struct wf_state *st, const char *reason)
{
	char *zh = NULL, *en = NULL;
	int rc;

	if (asprintf(&zh, "您的办件%s（%s）：%s。%s%s", k->number, k->matter_zh,
	    st->name_zh, reason ? "原因：" : "", reason ? reason : "") < 0)
		return -1;
	if (asprintf(&en, "Your case %s (%s): %s.%s%s", k->number, k->matter_en,
	    st->name_en, reason ? " Reason: " : "", reason ? reason : "") < 0) {
		free(zh);
		return -1;
	}
	rc = notice_add(c, k->applicant_id, k->id, st->code, zh, en, r->now);
	free(zh);
	free(en);
	return rc;
}

static int
apply_transition(struct http_req *r, struct store_conn *c, struct case_rec *k,
    const struct transition_input *in, unsigned roles, const char *actor_role)
{
	const struct workflow *wf = workflows_get(r->app->workflows,
	    k->workflow);
	const struct wf_transition *t;
	const struct wf_state *from_st, *to_st;
	struct materials_count mc;
	json_t *data = json_object();
	char *data_s = NULL;
	int from, to, today = case_today(r), rc = -1, follow = -1;

	if (wf == NULL || data == NULL) {
		json_decref(data);
		return -1;
	}
	t = workflow_action(wf, in->action);
	if (t == NULL) {
		json_decref(data);
		return refuse(r, 400, "invalid_value", "action", k,
		    "the workflow has no action \"%s\"", in->action);
	}
	from = workflow_state(wf, k->state);
	if (from < 0 || !(t->from & (1ul << from))) {
		json_decref(data);
		return refuse(r, 409, "wrong_state", "action", k,
		    "this action cannot be taken in the case's state (%s)",
		    k->state);
	}
	if (!(t->roles & roles)) {
		json_decref(data);
		return refuse(r, 403, "forbidden", "action", k,
		    "your role or scope may not take the action \"%s\" on "
		    "this case", in->action);
	}
	from_st = &wf->states[from];
	to = t->to_if_fee >= 0 && k->fee_fen > k->paid_fen ? t->to_if_fee :
	    t->to;
	to_st = &wf->states[to];

	/* Requirements, each a named check (workflow.h). */
	if ((t->requires & WF_REQ_COMMITMENTS) && in->commit) {
		struct store_val p[] = { SV_INT(k->id), SV_INT(r->now) };

		if (store_exec(c, &q_sign_commitments, p, 2) < 0)
			goto out;
		k->commitments_signed = 1;
		json_object_set_new(data, "commitments_signed", json_true());
	}
	if (materials_count(c, k->id, &mc) < 0)
		goto out;
	rc = 1;
	if ((t->requires & WF_REQ_COMMITMENTS) && mc.commitments > 0 &&
	    !k->commitments_signed) {
		refuse(r, 422, "commitment_needed", "commit", k, "sign the "
		    "commitments of this case (\"commit\": true)%s", "");
		goto out;
	}
	if ((t->requires & WF_REQ_ALL_MATERIALS) &&
	    mc.needed_key + mc.needed_other > 0) {
		refuse(r, 422, "materials_missing", "materials", k,
		    "materials are still missing: accept tolerantly with a "
		    "follow-up date, or request a supplement%s", "");
		goto out;
	}
	if ((t->requires & WF_REQ_KEY_MATERIALS) && mc.needed_key > 0) {
		refuse(r, 422, "key_materials_missing", "materials", k,
		    "a key material is missing: it cannot follow later%s", "");
		goto out;
	}
	if (t->requires & WF_REQ_FOLLOW_UP) {
		if (in->follow_up_by == NULL ||
		    valid_date(in->follow_up_by, &follow) != VALID_OK ||
		    follow <= today) {
			refuse(r, 400, "invalid_value", "follow_up_by", k,
			    "\"follow_up_by\" must be a date (YYYY-MM-DD) after "
			    "today%s", "");
			goto out;
		}
		json_object_set_new(data, "follow_up_by",
		    json_string(in->follow_up_by));
	}
	if (t->requires & WF_REQ_MISSING_LIST) {
		json_t *v;
		size_t i;

		if (!json_is_array(in->missing) ||
		    json_array_size(in->missing) == 0) {
			refuse(r, 400, "missing_field", "missing", k,
			    "list the missing materials (\"missing\": [kind, "
			    "...])%s", "");
			goto out;
		}
		json_array_foreach(in->missing, i, v) {
			if (!json_is_string(v) || !valid_kind_in_case(c, k->id,
			    json_string_value(v))) {
				refuse(r, 400, "invalid_value", "missing", k,
				    "\"missing\" must list material kinds of "
				    "this case%s", "");
				goto out;
			}
		}
		json_object_set(data, "missing", in->missing);
	}
	if ((t->requires & WF_REQ_REASON) &&
	    (in->reason == NULL || in->reason[0] == '\0')) {
		refuse(r, 400, "missing_field", "reason", k,
		    "give the reason%s", "");
		goto out;
	}
	if (t->requires & WF_REQ_ORIGINALS) {
		struct store_val p[] = { SV_INT(k->id) };
		int64_t open = 0;

		if (store_query_int(c, &q_circulation_open, p, 1, &open) < 0) {
			rc = -1;
			goto out;
		}
		if (open) {
			refuse(r, 422, "originals_not_received", "action", k,
			    "the originals have not reached the competent "
			    "center yet%s", "");
			goto out;
		}
	}
	if ((t->requires & WF_REQ_NO_OUTSTANDING) && mc.outstanding > 0) {
		refuse(r, 422, "materials_outstanding", "materials", k,
		    "materials accepted as outstanding have not followed "
		    "yet%s", "");
		goto out;
	}
	if (t->requires & WF_REQ_PAYMENT) {
		if (in->payment_fen != k->fee_fen - k->paid_fen) {
			char due[32];

			snprintf(due, sizeof(due), "%lld",
			    (long long)(k->fee_fen - k->paid_fen));
			refuse(r, 400, "invalid_value", "payment_fen", k,
			    "the payment must be the amount due, %s fen", due);
			goto out;
		}
		k->paid_fen += in->payment_fen;
		json_object_set_new(data, "payment_fen",
		    json_integer(in->payment_fen));
		json_object_set_new(data, "payment_method", json_string(
		    in->method ? in->method : "window"));
	}
	if (t->requires & WF_REQ_DELIVERY) {
		if (in->carrier == NULL || in->tracking == NULL) {
			refuse(r, 400, "missing_field", in->carrier ?
			    "tracking" : "carrier", k, "an express delivery "
			    "names the carrier and the tracking number%s", "");
			goto out;
		}
		json_object_set_new(data, "carrier", json_string(in->carrier));
		json_object_set_new(data, "tracking", json_string(in->tracking));
	}
	rc = -1;

	/* Effects. */
	if (t->effects & WF_EFF_START_CLOCK) {
		k->accepted_day = today;
		k->paused_days = 0;
		k->paused_since_day = -1;
		set_deadlines(r->app->cal, k);
	}
	if (k->accepted_day >= 0 && from_st->clock != WF_CLOCK_PAUSED &&
	    to_st->clock == WF_CLOCK_PAUSED)
		k->paused_since_day = today;
	if (k->accepted_day >= 0 && from_st->clock == WF_CLOCK_PAUSED &&
	    to_st->clock != WF_CLOCK_PAUSED && k->paused_since_day >= 0) {
		k->paused_days += cal_working_days_between(r->app->cal,
		    k->paused_since_day, today);
		k->paused_since_day = -1;
		set_deadlines(r->app->cal, k);
	}
	if (t->effects & WF_EFF_TOLERATE) {
		struct store_val p[] = { SV_INT(k->id), SV_INT(r->now) };

		if (store_exec(c, &q_tolerate, p, 2) < 0)
			goto out;
		k->follow_up_by_day = follow;
	}
	if (t->requires & WF_REQ_MISSING_LIST) {
		json_t *v;
		size_t i;

		json_array_foreach(in->missing, i, v) {
			/* The clerk's note is the reason, in the language
			 * the clerk wrote it in. */
			struct store_val p[] = { SV_INT(k->id),
				SV_TEXT(json_string_value(v)),
				SV_TEXT(in->note ? in->note : "窗口要求补正"),
				SV_TEXT(in->note ? in->note :
				    "requested again by the window clerk"),
				SV_INT(r->now) };

			if (store_exec(c, &q_material_request, p, 5) < 0)
				goto out;
		}
	}
	if ((t->effects & WF_EFF_ROUTE) && strcmp(k->received, k->competent)) {
		struct store_val p[] = { SV_INT(k->id) };
		struct store_rows *rows;
		json_t *orig = json_array();
		char *orig_s;
		int more;

		if (store_query(c, &q_originals, p, 1, &rows) < 0) {
			json_decref(orig);
			goto out;
		}
		while ((more = store_next(rows)) == 1)
			json_array_append_new(orig,
			    json_string(store_text(rows, 0)));
		store_rows_free(rows);
		orig_s = json_dumps(orig, JSON_COMPACT);
		json_decref(orig);
		if (more < 0 || orig_s == NULL) {
			free(orig_s);
			goto out;
		}
		{
			struct store_val q[] = { SV_INT(k->id),
				SV_TEXT(k->received), SV_TEXT(k->competent),
				SV_TEXT(orig_s), SV_INT(r->now) };

			more = store_exec(c, &q_circulation_insert, q, 5);
		}
		free(orig_s);
		if (more < 0)
			goto out;
		json_object_set_new(data, "routed_to", json_string(k->competent));
	}
	if (t->effects & WF_EFF_ISSUE) {
		struct store_val p[] = { SV_INT(k->applicant_id) };
		struct store_rows *rows;
		struct licence_new ln = { 0 };
		char holder_login[24] = "", holder_name[512] = "", kind[16] = "";
		char number[48];
		int64_t lid;
		int more;

		/* The subject holds the licence when they have an account
		 * login of their own (themselves or the enterprise); else
		 * the applicant does (a newborn's, a deceased's). */
		if (store_query(c, &q_applicant_contact, p, 1, &rows) < 0)
			goto out;
		if ((more = store_next(rows)) == 1) {
			copy(holder_login, sizeof(holder_login),
			    store_text(rows, 0));
			copy(holder_name, sizeof(holder_name),
			    store_text(rows, 1));
			copy(kind, sizeof(kind), store_text(rows, 2));
		}
		store_rows_free(rows);
		if (more != 1)
			goto out;
		if (strcmp(k->subject_kind, "self") != 0 &&
		    strcmp(k->subject_kind, "enterprise") != 0 &&
		    k->subject_login[0]) {
			copy(holder_login, sizeof(holder_login),
			    k->subject_login);
			copy(holder_name, sizeof(holder_name), k->subject_name);
		}
		ln.kind = k->licence_kind[0] ? k->licence_kind : "CASE-RESULT";
		ln.holder_kind = strcmp(kind, "enterprise") == 0 ?
		    "enterprise" : "person";
		ln.holder_login = holder_login;
		ln.holder_name = holder_name;
		ln.department = k->department;
		ln.case_id = k->id;
		ln.issued_on = today;
		if (licence_issue(c, &ln, r->now, &lid, number) < 0)
			goto out;
		json_object_set_new(data, "licence_id", json_integer(lid));
		json_object_set_new(data, "licence_number", json_string(number));
	}
	if (in->reason)
		json_object_set_new(data, "reason", json_string(in->reason));

	/* The case moves and the event is appended, or neither. */
	{
		struct store_val p[] = { SV_INT(k->id), SV_INT(k->version),
			SV_TEXT(to_st->code), SV_TEXT(clock_names[to_st->clock]),
			k->accepted_day >= 0 ? SV_INT(k->accepted_day) : SV_NULL,
			SV_INT(k->paused_days),
			k->paused_since_day >= 0 ? SV_INT(k->paused_since_day) :
			    SV_NULL,
			k->promised_due_day >= 0 ? SV_INT(k->promised_due_day) :
			    SV_NULL,
			k->legal_due_day >= 0 ? SV_INT(k->legal_due_day) : SV_NULL,
			k->follow_up_by_day >= 0 ? SV_INT(k->follow_up_by_day) :
			    SV_NULL,
			SV_INT(k->paid_fen), SV_INT(k->commitments_signed),
			SV_INT(r->now) };
		int n = store_exec(c, &q_case_update, p, 13);

		if (n < 0)
			goto out;
		if (n == 0) {
			rc = refuse(r, 409, "conflict", "version", k,
			    "the case changed meanwhile%s", "");
			goto out;
		}
	}
	data_s = json_object_size(data) ? json_dumps(data, JSON_COMPACT) : NULL;
	{
		struct store_val p[] = { SV_INT(k->id), SV_INT(k->version + 1),
			SV_TEXT(in->action), SV_TEXT(k->state),
			SV_TEXT(to_st->code),
			SV_INT(r->auth.account_id), SV_TEXT(actor_role),
			SV_TEXT(r->auth.scope_center), SV_NULL, SV_INT(r->now),
			SV_TEXT(in->note), SV_TEXT(data_s) };

		if (store_exec(c, &q_event_insert, p, 12) < 0)
			goto out;
	}
	k->version++;
	copy(k->state, sizeof(k->state), to_st->code);
	copy(k->clock, sizeof(k->clock), clock_names[to_st->clock]);
	if ((t->effects & WF_EFF_NOTIFY) &&
	    notify(r, c, k, to_st, in->reason) < 0)
		goto out;
	rc = 0;
out:
	free(data_s);
	json_decref(data);
	return rc;
}

int
api_case_transition(struct http_req *r)
{
	struct transition_input in = { 0 };
	int64_t version = 0, id;
	const struct api_field spec[] = {
		{ "action", API_STRING, 1, 1, 32, &in.action },
		{ "version", API_INT, 1, 1, 1000000, &version },
		{ "note", API_STRING, 0, 1, 500, &in.note },
		{ "reason", API_STRING, 0, 1, 500, &in.reason },
		{ "follow_up_by", API_STRING, 0, 10, 10, &in.follow_up_by },
		{ "carrier", API_STRING, 0, 1, 32, &in.carrier },
		{ "tracking", API_STRING, 0, 4, 40, &in.tracking },
		{ "payment_fen", API_INT, 0, 0, 100000000, &in.payment_fen },
		{ "method", API_STRING, 0, 1, 32, &in.method },
		{ "commit", API_BOOL, 0, 0, 0, &in.commit },
		{ "missing", API_ANY, 0, 0, 0, &in.missing },
	};
	struct store_conn *c;
	struct case_rec k;
	unsigned roles;
	int may_read, rc;

	if ((id = case_param_id(r)) < 0 ||
	    api_decode(r, spec, sizeof(spec) / sizeof(spec[0])) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "transition");
	if ((rc = case_load(c, id, &k)) != 1) {
		store_rollback(c);
		if (rc < 0)
			return api_store_error(r, "transition");
		return http_error(r, 404, "not_found", "id", "no such case");
	}
	roles = case_roles(r, c, &k, &may_read);
	if (!may_read) {
		store_rollback(c);
		return http_error(r, 404, "not_found", "id", "no such case");
	}
	if (version != k.version) {
		store_rollback(c);
		return refuse(r, 409, "conflict", "version", &k,
		    "the case is at another version: reload it%s", "") < 0 ?
		    -1 : 0;
	}
	rc = apply_transition(r, c, &k, &in, roles, r->auth.role);
	if (rc != 0) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "transition") : 0;
	}
	if (store_commit(c) < 0) {
		store_rollback(c);
		return api_store_error(r, "transition");
	}
	outbox_flush(r->app, c, r->now);
	return http_json(r, 200, json_pack("{s:I, s:s, s:s, s:I}", "id",
	    (json_int_t)k.id, "number", k.number, "state", k.state, "version",
	    (json_int_t)k.version));
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

STORE_SQL(q_case_events,
    "SELECT e.version, e.action, e.from_state, e.to_state, e.actor_role,"
    " e.place, e.channel, e.at, e.note, e.data, a.name FROM case_events e"
    " LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.case_id = $1"
    " ORDER BY e.version");
STORE_SQL(q_case_circulations,
    "SELECT id, from_center, to_center, originals, method, tracking,"
    " sent_at, received_at FROM circulations WHERE case_id = $1 ORDER BY id");
STORE_SQL(q_case_licence,
    "SELECT id, number, verify_code, status FROM licences WHERE case_id = $1");

static void
kday(struct jw *w, const char *key, int day)
{
	char s[CAL_DATE_LEN + 1];

	jw_key(w, key);
	if (day < 0)
		jw_null(w);
	else {
		cal_format_day(day, s);
		jw_str(w, s);
	}
}

/* The fields every view of a case carries (in an open object). */
static void
case_summary(struct http_req *r, struct jw *w, const struct case_rec *k)
{
	const struct workflow *wf = workflows_get(r->app->workflows,
	    k->workflow);
	int st = wf ? workflow_state(wf, k->state) : -1;
	char when[CAL_RFC3339_LEN + 1];
	int today = case_today(r);

	jw_kint(w, "id", k->id);
	jw_kstr(w, "number", k->number);
	jw_key(w, "matter");
	jw_obj(w);
	jw_kstr(w, "code", k->matter);
	jw_kstr(w, "name_zh", k->matter_zh);
	jw_kstr(w, "name_en", k->matter_en);
	jw_kstr(w, "department", k->department);
	jw_kstr(w, "mode", k->mode);
	jw_end(w);
	jw_kstr(w, "state", k->state);
	jw_kstr(w, "state_zh", st >= 0 ? wf->states[st].name_zh : k->state);
	jw_kstr(w, "state_en", st >= 0 ? wf->states[st].name_en : k->state);
	jw_kint(w, "version", k->version);
	jw_kstr(w, "channel", k->channel);
	jw_kstr(w, "received_at_center", k->received);
	jw_kstr(w, "competent_center", k->competent);
	jw_key(w, "subject");
	jw_obj(w);
	jw_kstr(w, "kind", k->subject_kind);
	jw_kstr(w, "name", k->subject_name);
	jw_kstr(w, "relationship", k->relationship[0] ? k->relationship : NULL);
	jw_end(w);
	jw_kint(w, "fee_fen", k->fee_fen);
	jw_kint(w, "paid_fen", k->paid_fen);
	jw_key(w, "deadline");
	jw_obj(w);
	jw_kstr(w, "clock", k->clock);
	jw_kint(w, "promised_days", k->promised_days);
	jw_kint(w, "legal_days", k->legal_days);
	kday(w, "accepted_on", k->accepted_day);
	kday(w, "promised_due", k->promised_due_day);
	kday(w, "legal_due", k->legal_due_day);
	jw_kint(w, "paused_days", k->paused_days);
	jw_key(w, "working_days_left");
	if (k->promised_due_day >= 0 && strcmp(k->clock, "stopped") != 0)
		jw_int(w, cal_working_days_between(r->app->cal, today,
		    k->promised_due_day));
	else
		jw_null(w);
	jw_kbool(w, "overdue", k->promised_due_day >= 0 &&
	    strcmp(k->clock, "running") == 0 && today > k->promised_due_day);
	kday(w, "follow_up_by", k->follow_up_by_day);
	jw_end(w);
	cal_format_rfc3339(k->created_at, when);
	jw_kstr(w, "created_at", when);
	cal_format_rfc3339(k->updated_at, when);
	jw_kstr(w, "updated_at", when);
}

/* The actions the caller may take now (an open object gets the key). */
static void
next_actions(struct http_req *r, struct jw *w, const struct case_rec *k,
    unsigned roles)
{
	const struct workflow *wf = workflows_get(r->app->workflows,
	    k->workflow);
	int st = wf ? workflow_state(wf, k->state) : -1, i;

	jw_key(w, "actions");
	jw_arr(w);
	for (i = 0; st >= 0 && i < wf->ntr; i++)
		if ((wf->tr[i].from & (1ul << st)) && (wf->tr[i].roles & roles))
			jw_str(w, wf->tr[i].action);
	jw_end(w);
}

int
api_case_get(struct http_req *r)
{
	static const char *const allowed[] = { "purpose", NULL };
	struct store_conn *c;
	struct store_rows *rows;
	struct case_rec k;
	unsigned roles;
	int may_read, rc;
	int64_t id;
	struct jw w;
	char target[40];

	if (api_query_allowed(r, allowed) < 0 || (id = case_param_id(r)) < 0)
		return 0;
	if ((c = api_store(r)) == NULL)
		return 0;
	if ((rc = case_load(c, id, &k)) != 1) {
		if (rc < 0)
			return api_store_error(r, "case");
		return http_error(r, 404, "not_found", "id", "no such case");
	}
	roles = case_roles(r, c, &k, &may_read);
	snprintf(target, sizeof(target), "case:%lld", (long long)id);
	if (!may_read) {
		if (strcmp(r->auth.kind, "staff") == 0 &&
		    api_audit(r, "read-case", target, http_query(r, "purpose"),
		    "refused") < 0)
			return api_store_error(r, "audit");
		/* The same answer as for no case: no probing of numbers. */
		return http_error(r, 404, "not_found", "id", "no such case");
	}
	/* A staff read of a person's case is personal data: audited. */
	if (strcmp(r->auth.kind, "staff") == 0 && api_audit(r, "read-case",
	    target, http_query(r, "purpose") ? http_query(r, "purpose") :
	    "case handling", "allowed") < 0)
		return api_store_error(r, "audit");

	http_jw_begin(r, &w);
	jw_obj(&w);
	case_summary(r, &w, &k);
	next_actions(r, &w, &k, roles);
	if (materials_write(c, k.id, &w) < 0)
		return api_store_error(r, "case materials");
	{
		/* A case made from a guidance guide: its bundle and the form
		 * filled from the answers (stored as our own JSON). */
		struct store_val p[] = { SV_INT(k.id) };

		if (store_query(c, &q_case_form, p, 1, &rows) < 0)
			return api_store_error(r, "case form");
		if ((rc = store_next(rows)) == 1) {
			api_col_int(&w, "bundle", rows, 0);
			jw_key(&w, "form");
			if (store_isnull(rows, 1))
				jw_null(&w);
			else
				jw_raw(&w, store_text(rows, 1));
		}
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "case form");
	}
	{
		struct store_val p[] = { SV_INT(k.id) };

		if (store_query(c, &q_case_events, p, 1, &rows) < 0)
			return api_store_error(r, "case events");
		jw_key(&w, "events");
		jw_arr(&w);
		while ((rc = store_next(rows)) == 1) {
			jw_obj(&w);
			jw_kint(&w, "version", store_int(rows, 0));
			jw_kstr(&w, "action", store_text(rows, 1));
			jw_kstr(&w, "from", store_text(rows, 2));
			jw_kstr(&w, "to", store_text(rows, 3));
			jw_kstr(&w, "role", store_text(rows, 4));
			jw_kstr(&w, "by", store_text(rows, 10));
			jw_kstr(&w, "place", store_text(rows, 5));
			jw_kstr(&w, "channel", store_text(rows, 6));
			api_col_time(&w, "at", rows, 7);
			jw_kstr(&w, "note", store_text(rows, 8));
			jw_key(&w, "data");
			if (store_isnull(rows, 9))
				jw_null(&w);
			else	/* our own JSON, written by json_dumps */
				jw_raw(&w, store_text(rows, 9));
			jw_end(&w);
		}
		store_rows_free(rows);
		jw_end(&w);
		if (rc < 0)
			return api_store_error(r, "case events");
		if (store_query(c, &q_case_circulations, p, 1, &rows) < 0)
			return api_store_error(r, "case circulation");
		jw_key(&w, "circulation");
		jw_arr(&w);
		while ((rc = store_next(rows)) == 1) {
			jw_obj(&w);
			jw_kint(&w, "id", store_int(rows, 0));
			jw_kstr(&w, "from_center", store_text(rows, 1));
			jw_kstr(&w, "to_center", store_text(rows, 2));
			jw_key(&w, "originals");
			jw_raw(&w, store_text(rows, 3));
			jw_kstr(&w, "method", store_text(rows, 4));
			jw_kstr(&w, "tracking", store_text(rows, 5));
			api_col_time(&w, "sent_at", rows, 6);
			api_col_time(&w, "received_at", rows, 7);
			jw_end(&w);
		}
		store_rows_free(rows);
		jw_end(&w);
		if (rc < 0)
			return api_store_error(r, "case circulation");
		if (store_query(c, &q_case_licence, p, 1, &rows) < 0)
			return api_store_error(r, "case licence");
		jw_key(&w, "licence");
		if ((rc = store_next(rows)) == 1) {
			jw_obj(&w);
			jw_kint(&w, "id", store_int(rows, 0));
			jw_kstr(&w, "number", store_text(rows, 1));
			jw_kstr(&w, "verify_code", store_text(rows, 2));
			jw_kstr(&w, "status", store_text(rows, 3));
			jw_end(&w);
		} else
			jw_null(&w);
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "case licence");
	}
	jw_end(&w);
	return http_jw_end(r, 200);
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */

STORE_SQL(q_my_cases, "SELECT" CASE_COLUMNS ", COUNT(*) OVER ()"
    " FROM cases k JOIN matters m ON m.code = k.matter"
    " WHERE k.applicant_id = $1 OR k.agent_id = $1"
    " OR k.enterprise_id IN (SELECT enterprise_id FROM enterprise_agents"
    " WHERE agent_id = $1)"
    " ORDER BY k.id DESC LIMIT $2 OFFSET $3");

static int
write_case_list(struct http_req *r, struct store_rows *rows, int64_t limit,
    int64_t offset)
{
	struct case_rec k;
	int64_t total = 0;
	struct jw w;
	int rc;

	api_jw_list_begin(r, &w);
	while ((rc = store_next(rows)) == 1) {
		case_from_row(rows, &k);
		total = store_int(rows, 37);
		jw_obj(&w);
		case_summary(r, &w, &k);
		jw_end(&w);
	}
	store_rows_free(rows);
	if (rc < 0)
		return api_store_error(r, "case list");
	return api_jw_list_end(r, &w, total, limit, offset);
}

int
api_me_cases(struct http_req *r)
{
	static const char *const allowed[] = { "limit", "offset", NULL };
	struct store_conn *c;
	struct store_rows *rows;
	int64_t limit, offset;

	if (api_query_allowed(r, allowed) < 0 ||
	    api_query_page(r, &limit, &offset) < 0)
		return 0;
	if (strcmp(r->auth.kind, "staff") == 0)
		return http_error(r, 403, "forbidden", NULL, "staff search "
		    "cases with GET /api/v1/cases");
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_INT(r->auth.account_id),
			SV_INT(limit), SV_INT(offset) };

		if (store_query(c, &q_my_cases, p, 3, &rows) < 0)
			return api_store_error(r, "my cases");
	}
	return write_case_list(r, rows, limit, offset);
}

/*
 * Staff search.  The scope is a filter the SQL always applies: a clerk
 * or manager sees the cases of their center (received or competent), a
 * reviewer those of their department, a district admin those of their
 * district, the city admin all.  Every filter is optional; "due" picks
 * running cases due within two working days (soon) or past due
 * (overdue).
 */
STORE_SQL(q_cases_search, "SELECT" CASE_COLUMNS ", COUNT(*) OVER ()"
    " FROM cases k JOIN matters m ON m.code = k.matter WHERE"
    " (CAST($1 AS TEXT) IS NULL OR k.received_at_center = $1"
    "  OR k.competent_center = $1)"
    " AND (CAST($2 AS TEXT) IS NULL OR m.department = $2)"
    " AND (CAST($3 AS TEXT) IS NULL OR k.district = $3)"
    " AND (CAST($4 AS TEXT) IS NULL OR k.number = $4)"
    " AND (CAST($5 AS TEXT) IS NULL OR k.applicant_id IN"
    "  (SELECT id FROM accounts WHERE login = $5) OR k.subject_login = $5)"
    " AND (CAST($6 AS TEXT) IS NULL OR k.matter = $6)"
    " AND (CAST($7 AS TEXT) IS NULL OR k.state = $7)"
    " AND (CAST($8 AS TEXT) IS NULL OR k.received_at_center = $8"
    "  OR k.competent_center = $8)"
    " AND (CAST($9 AS BIGINT) IS NULL OR k.created_at >= $9)"
    " AND (CAST($10 AS BIGINT) IS NULL OR k.created_at < $10)"
    " AND (CAST($11 AS INTEGER) IS NULL OR (k.clock = 'running'"
    "  AND k.promised_due_day <= $11))"
    " AND (CAST($12 AS INTEGER) IS NULL OR (k.clock = 'running'"
    "  AND k.promised_due_day < $12))"
    " ORDER BY k.id DESC LIMIT $13 OFFSET $14");

static int
date_param(struct http_req *r, const char *name, int *day)
{
	const char *s = http_query(r, name);

	*day = -1;
	if (s && valid_date(s, day) != VALID_OK) {
		http_error(r, 400, "invalid_parameter", name,
		    "\"%s\" must be a date YYYY-MM-DD", name);
		return -1;
	}
	return 0;
}

int
api_cases_search(struct http_req *r)
{
	static const char *const allowed[] = { "number", "applicant",
		"matter", "state", "center", "from", "to", "due", "purpose",
		"limit", "offset", NULL };
	const char *number = http_query(r, "number");
	const char *applicant = http_query(r, "applicant");
	const char *matter = http_query(r, "matter");
	const char *state = http_query(r, "state");
	const char *center = http_query(r, "center");
	const char *due = http_query(r, "due");
	const char *scope_center = NULL, *scope_dept = NULL, *scope_district = NULL;
	struct store_conn *c;
	struct store_rows *rows;
	int64_t limit, offset;
	int from, to, today = case_today(r), soon = -1, overdue = -1;

	if (api_query_allowed(r, allowed) < 0 ||
	    api_query_page(r, &limit, &offset) < 0 ||
	    date_param(r, "from", &from) < 0 || date_param(r, "to", &to) < 0)
		return 0;
	if (auth_is(&r->auth, "clerk") || auth_is(&r->auth, "manager"))
		scope_center = r->auth.scope_center;
	else if (auth_is(&r->auth, "reviewer"))
		scope_dept = r->auth.scope_department;
	else if (auth_is(&r->auth, "district_admin"))
		scope_district = r->auth.scope_district;
	else if (!auth_is(&r->auth, "city_admin"))
		return http_error(r, 403, "forbidden", NULL,
		    "your role does not search cases");
	if ((number && strlen(number) > 40) || (matter && strlen(matter) > 8) ||
	    (state && strlen(state) > 32) || (center && strlen(center) > 16))
		return http_error(r, 400, "invalid_parameter", number ?
		    "number" : matter ? "matter" : state ? "state" : "center",
		    "the value is too long");
	if (applicant && valid_idno(applicant, today, NULL) != VALID_OK &&
	    valid_uscc(applicant) != VALID_OK)
		return http_error(r, 400, "invalid_parameter", "applicant",
		    "\"applicant\" must be an ID number or a credit code");
	if (due && strcmp(due, "soon") == 0)
		soon = cal_add_working_days(r->app->cal, today, 2);
	else if (due && strcmp(due, "overdue") == 0)
		overdue = today;
	else if (due)
		return http_error(r, 400, "invalid_parameter", "due",
		    "\"due\" must be soon or overdue");
	if ((c = api_store(r)) == NULL)
		return 0;
	/* A search by person is a staff read of personal data. */
	if (applicant && api_audit(r, "search-cases", "applicant",
	    http_query(r, "purpose") ? http_query(r, "purpose") :
	    "case handling", "allowed") < 0)
		return api_store_error(r, "audit");
	{
		struct store_val p[] = { SV_TEXT(scope_center),
			SV_TEXT(scope_dept), SV_TEXT(scope_district),
			SV_TEXT(number), SV_TEXT(applicant), SV_TEXT(matter),
			SV_TEXT(state), SV_TEXT(center),
			from >= 0 ? SV_INT(cal_unix(from, 0)) : SV_NULL,
			to >= 0 ? SV_INT(cal_unix(to + 1, 0)) : SV_NULL,
			soon >= 0 ? SV_INT(soon) : SV_NULL,
			overdue >= 0 ? SV_INT(overdue) : SV_NULL,
			SV_INT(limit), SV_INT(offset) };

		if (store_query(c, &q_cases_search, p, 14, &rows) < 0)
			return api_store_error(r, "case search");
	}
	return write_case_list(r, rows, limit, offset);
}

/* ------------------------------------------------------------------ */
/* Circulation of originals                                            */

STORE_SQL(q_circulation_send,
    "UPDATE circulations SET method = $2, tracking = $3, sent_by = $4,"
    " sent_at = $5 WHERE case_id = $1 AND sent_at IS NULL");
STORE_SQL(q_circulation_receive,
    "UPDATE circulations SET received_by = $2, received_at = $3"
    " WHERE case_id = $1 AND sent_at IS NOT NULL AND received_at IS NULL");

/*
 * POST /api/v1/cases/{id}/circulation {"action": "send", "method",
 * "tracking"} by a clerk of the receiving center, then {"action":
 * "receive"} by a clerk of the competent center.  Each is an event of
 * the case too, so the timeline shows where the originals are.
 */
int
api_case_circulation(struct http_req *r)
{
	const char *action = NULL, *method = NULL, *tracking = NULL;
	int64_t version = 0, id;
	const struct api_field spec[] = {
		{ "action", API_STRING, 1, 1, 16, &action },
		{ "version", API_INT, 1, 1, 1000000, &version },
		{ "method", API_STRING, 0, 1, 32, &method },
		{ "tracking", API_STRING, 0, 4, 40, &tracking },
	};
	struct store_conn *c;
	struct case_rec k;
	int may_read, rc, send, n;
	unsigned roles;

	if ((id = case_param_id(r)) < 0 || api_decode(r, spec, 4) < 0)
		return 0;
	send = strcmp(action, "send") == 0;
	if (!send && strcmp(action, "receive") != 0)
		return http_error(r, 400, "invalid_value", "action",
		    "\"action\" must be send or receive");
	if (send && (method == NULL || tracking == NULL))
		return http_error(r, 400, "missing_field", method ? "tracking" :
		    "method", "sending originals names the method and the "
		    "tracking number");
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_begin(c) < 0)
		return api_store_error(r, "circulation");
	if ((rc = case_load(c, id, &k)) != 1) {
		store_rollback(c);
		return rc < 0 ? api_store_error(r, "circulation") :
		    http_error(r, 404, "not_found", "id", "no such case");
	}
	roles = case_roles(r, c, &k, &may_read);
	if (!may_read) {
		store_rollback(c);
		return http_error(r, 404, "not_found", "id", "no such case");
	}
	if (!(roles & WF_ROLE_CLERK) || strcmp(r->auth.scope_center,
	    send ? k.received : k.competent) != 0) {
		store_rollback(c);
		return http_error(r, 403, "forbidden", "action", send ?
		    "a clerk of the receiving center sends the originals" :
		    "a clerk of the competent center receives the originals");
	}
	if (version != k.version) {
		store_rollback(c);
		return refuse(r, 409, "conflict", "version", &k,
		    "the case is at another version: reload it%s", "") < 0 ?
		    -1 : 0;
	}
	{
		struct store_val ps[] = { SV_INT(id), SV_TEXT(method),
			SV_TEXT(tracking), SV_INT(r->auth.account_id),
			SV_INT(r->now) };
		struct store_val pr[] = { SV_INT(id), SV_INT(r->auth.account_id),
			SV_INT(r->now) };

		n = send ? store_exec(c, &q_circulation_send, ps, 5) :
		    store_exec(c, &q_circulation_receive, pr, 3);
	}
	if (n < 0) {
		store_rollback(c);
		return api_store_error(r, "circulation");
	}
	if (n == 0) {
		store_rollback(c);
		return refuse(r, 409, "wrong_state", "action", &k, send ?
		    "there are no originals waiting to be sent%s" :
		    "there are no originals on their way%s", "") < 0 ? -1 : 0;
	}
	/* The event: the case's state stays, its version moves. */
	{
		STORE_SQL(q_case_bump,
		    "UPDATE cases SET version = version + 1, updated_at = $3"
		    " WHERE id = $1 AND version = $2");
		struct store_val p[] = { SV_INT(id), SV_INT(k.version),
			SV_INT(r->now) };
		json_t *data = json_pack("{s:s?, s:s?}", "method", method,
		    "tracking", tracking);
		char *data_s = data ? json_dumps(data, JSON_COMPACT) : NULL;
		struct store_val e[] = { SV_INT(id), SV_INT(k.version + 1),
			SV_TEXT(send ? "send-originals" : "receive-originals"),
			SV_TEXT(k.state), SV_TEXT(k.state),
			SV_INT(r->auth.account_id), SV_TEXT(r->auth.role),
			SV_TEXT(r->auth.scope_center), SV_NULL, SV_INT(r->now),
			SV_NULL, SV_TEXT(data_s) };

		json_decref(data);
		rc = store_exec(c, &q_case_bump, p, 3);
		if (rc == 0) {	/* raced by another change: nothing stays */
			free(data_s);
			store_rollback(c);
			return refuse(r, 409, "conflict", "version", &k,
			    "the case changed meanwhile%s", "") < 0 ? -1 : 0;
		}
		if (rc == 1)
			rc = store_exec(c, &q_event_insert, e, 12);
		free(data_s);
		if (rc < 0 || store_commit(c) < 0) {
			store_rollback(c);
			return api_store_error(r, "circulation");
		}
	}
	return http_json(r, 200, json_pack("{s:I, s:s, s:I}", "id",
	    (json_int_t)id, "circulation", send ? "sent" : "received",
	    "version", (json_int_t)(k.version + 1)));
}

/* ------------------------------------------------------------------ */
/* Reminders                                                           */

STORE_SQL(q_follow_ups_due,
    "SELECT k.id FROM cases k WHERE k.clock = 'running'"
    " AND k.follow_up_by_day IS NOT NULL AND k.follow_up_by_day <= $1"
    " AND EXISTS (SELECT 1 FROM case_materials cm WHERE cm.case_id = k.id"
    "  AND cm.status = 'outstanding')"
    " AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.case_id = k.id"
    "  AND n.kind = 'follow-up-due')"
    " ORDER BY k.id LIMIT 1000");

/*
 * Tells applicants whose outstanding materials are due within `days`
 * working days (or overdue), once per case.  `tongban remind` runs it;
 * a deployment runs that daily from cron.  Returns notices sent or < 0.
 */
int
cases_remind(struct app *app, int64_t now, int days)
{
	struct store_conn *c = store_conn(app->store);
	struct store_rows *rows;
	int64_t *ids = NULL;
	size_t n = 0, i;
	int today, minute, rc, sent = 0;

	if (c == NULL)
		return -1;
	cal_local(now, &today, &minute);
	{
		struct store_val p[] = { SV_INT(cal_add_working_days(app->cal,
		    today, days)) };

		if (store_query(c, &q_follow_ups_due, p, 1, &rows) < 0)
			return -1;
	}
	while ((rc = store_next(rows)) == 1) {
		int64_t *v = realloc(ids, (n + 1) * sizeof(*ids));

		if (v == NULL) {
			rc = -1;
			break;
		}
		ids = v;
		ids[n++] = store_int(rows, 0);
	}
	store_rows_free(rows);
	for (i = 0; rc == 0 && i < n; i++) {
		struct case_rec k;
		char due[CAL_DATE_LEN + 1], *zh = NULL, *en = NULL;

		if (store_begin(c) < 0 || case_load(c, ids[i], &k) != 1) {
			store_rollback(c);
			rc = -1;
			break;
		}
		cal_format_day(k.follow_up_by_day, due);
		if (asprintf(&zh, "您的办件%s（%s）容缺受理的材料须于%s前补交。",
		    k.number, k.matter_zh, due) < 0 ||
		    asprintf(&en, "Your case %s (%s): the materials accepted as "
		    "outstanding are due by %s.", k.number, k.matter_en,
		    due) < 0 ||
		    notice_add(c, k.applicant_id, k.id, "follow-up-due", zh, en,
		    now) < 0 || store_commit(c) < 0) {
			store_rollback(c);
			rc = -1;
		} else
			sent++;
		free(zh);
		free(en);
	}
	free(ids);
	if (rc < 0)
		return -1;
	outbox_flush(app, c, now);
	return sent;
}
