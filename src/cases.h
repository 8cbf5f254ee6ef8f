/*
 * cases.h - what the case modules share: a case as read from the store,
 * who the caller is to it, and its materials.
 *
 * A case is one application for one matter.  Its state is derived from
 * its events: every change appends a row to case_events (version n) and
 * moves cases.state and cases.version to match in the same transaction,
 * with "UPDATE ... WHERE version = expected", so two racing changes
 * never both succeed and the loser learns the current version.
 *
 * cases.c: filing, reading, transitions, search, deadlines, circulation.
 * materials.c: which materials a case needs and why, uploads, downloads.
 * notices.c: the applicant's inbox.
 */
#ifndef TONGBAN_CASES_H
#define TONGBAN_CASES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "http.h"

struct store_conn;
struct jw;

struct case_rec {
	int64_t id, applicant_id, agent_id, enterprise_id;
	char number[48], matter[16], workflow[32], state[32], clock[16];
	char subject_kind[16], subject_login[24], subject_name[512];
	char relationship[128], channel[16], received[16], competent[16];
	char district[8], department[8], mode[16], licence_kind[48];
	char matter_zh[512], matter_en[512];
	int version, citywide;
	int64_t fee_fen, paid_fen;
	int accepted_day, promised_days, legal_days, paused_days;
	int paused_since_day, promised_due_day, legal_due_day;
	int follow_up_by_day;	/* -1 where the column is NULL */
	int commitments_signed;
	int64_t created_at, updated_at;
};

/* 1 found, 0 no such case, < 0 store failure. */
int case_load(struct store_conn *c, int64_t id, struct case_rec *k);

/*
 * What the caller may do with the case: WF_ROLE_* bits for the roles
 * they hold on it, and *may_read when they may see it at all (parties,
 * staff in scope, and read-only staff such as a district admin).
 */
unsigned case_roles(struct http_req *r, struct store_conn *c,
    const struct case_rec *k, int *may_read);

/*
 * Files an online draft of matter for the signed-in resident or
 * enterprise, in the caller's transaction, as one of a guidance bundle
 * with its pre-filled form (JSON text, may be NULL) and the material
 * kinds the guide asks of this matter (an array; the catalog's list when
 * NULL); commit signs the commitments at once.  0 with *k the
 * case; 1 when refused (the refusal was answered); -1 on a store
 * failure (nothing answered).
 */
int case_draft_file(struct http_req *r, struct store_conn *c,
    const char *matter, int64_t bundle, const char *form, json_t *kinds,
    int commit, struct case_rec *k);
/* Submits the draft *k as its applicant, in the caller's transaction:
 * 0, 1 refused (answered), -1 store failure. */
int case_submit(struct http_req *r, struct store_conn *c, struct case_rec *k,
    int commit);

/* The case id in r->params[0]; answers 400 and returns -1 when bad. */
int64_t case_param_id(struct http_req *r);

/* Today in Asia/Shanghai, as a day number. */
int case_today(const struct http_req *r);

/* materials.c: works out the case's materials at filing (inside the
 * filing transaction): the matter's catalog list or, when kinds (an
 * array of kind codes) is given, exactly those kinds — a guide's
 * selection, which may leave out conditional ones and add others. */
int materials_plan(struct store_conn *c, const struct case_rec *k,
    const char *applicant_login, int today, int64_t now, json_t *kinds);
/*
 * How one material is satisfied for holder (a login, or NULL when no one
 * is signed in): a valid electronic licence, data a department shared,
 * a commitment, or an upload; with the reason in both languages.
 * declared is the catalog's way ("provide", "licence", "shared",
 * "commitment").  0, or -1 on a store failure.
 */
struct material_way {
	const char *way, *status;	/* static strings */
	int64_t licence, shared;	/* the record used, or 0 */
	char reason_zh[600], reason_en[600];
};
int materials_decide(struct store_conn *c, const char *holder,
    const char *kind, const char *declared, const char *shared_by,
    const char *shared_zh, const char *shared_en, int e_licence,
    int commitments_signed, int today, struct material_way *out);
/* Counts of materials by state: needed (key and not), outstanding. */
struct materials_count {
	int needed_key, needed_other, outstanding, commitments, total;
};
int materials_count(struct store_conn *c, int64_t case_id,
    struct materials_count *out);
/* Writes "materials": [...] into an open object. */
int materials_write(struct store_conn *c, int64_t case_id, struct jw *w);

/* The type a file's first bytes say it is (PDF, PNG, JPEG), or NULL. */
const char *materials_sniff(const unsigned char *b, size_t n);

/* Reminds applicants of outstanding materials due within `days` working
 * days, once per case; returns how many were reminded, or < 0. */
struct app;
int cases_remind(struct app *app, int64_t now, int days);

/* notices.c: a notice in the applicant's inbox and an SMS, inside the
 * caller's transaction. */
int notice_add(struct store_conn *c, int64_t account_id, int64_t case_id,
    const char *kind, const char *zh, const char *en, int64_t now);

#endif
