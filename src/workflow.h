/*
 * workflow.h - case workflows as data.
 *
 * A workflow (a file in data/workflows/, stored in table workflows) names its
 * states and the transitions between them: the action, the states it
 * may start from, the state it leads to, which roles may take it, what
 * it requires and what it causes.  The engine here only parses and
 * checks definitions and answers questions about them; cases.c applies
 * transitions.  Requirements and effects are named checks and actions
 * that cases.c implements; a definition naming an unknown one is
 * refused when loaded, so a workflow can never ask for something the
 * code cannot do.
 *
 * Definitions are immutable once parsed and shared by all threads.
 */
#ifndef TONGBAN_WORKFLOW_H
#define TONGBAN_WORKFLOW_H

struct store_conn;

enum wf_clock { WF_CLOCK_NONE, WF_CLOCK_RUNNING, WF_CLOCK_PAUSED,
	WF_CLOCK_STOPPED };

/* Roles a transition may allow.  "applicant" means the case's applicant,
 * its agent or the enterprise it is for; the staff roles are checked
 * against the case's centers and department by cases.c. */
enum {
	WF_ROLE_APPLICANT = 1 << 0,
	WF_ROLE_CLERK = 1 << 1,		/* clerk or manager of a case's center */
	WF_ROLE_REVIEWER = 1 << 2	/* reviewer of the matter's department */
};

enum {
	WF_REQ_COMMITMENTS = 1 << 0,	/* commitments-signed */
	WF_REQ_ALL_MATERIALS = 1 << 1,	/* all-materials */
	WF_REQ_KEY_MATERIALS = 1 << 2,	/* key-materials */
	WF_REQ_FOLLOW_UP = 1 << 3,	/* follow-up-date */
	WF_REQ_MISSING_LIST = 1 << 4,	/* missing-list */
	WF_REQ_REASON = 1 << 5,		/* reason */
	WF_REQ_ORIGINALS = 1 << 6,	/* originals-received */
	WF_REQ_NO_OUTSTANDING = 1 << 7,	/* no-outstanding */
	WF_REQ_PAYMENT = 1 << 8,	/* payment */
	WF_REQ_DELIVERY = 1 << 9	/* delivery */
};

enum {
	WF_EFF_START_CLOCK = 1 << 0,	/* start-clock: deadlines from today */
	WF_EFF_ROUTE = 1 << 1,		/* route: to the competent center */
	WF_EFF_TOLERATE = 1 << 2,	/* tolerate-missing */
	WF_EFF_NOTIFY = 1 << 3,		/* notify: the applicant's inbox + SMS */
	WF_EFF_ISSUE = 1 << 4		/* issue-licence */
};

struct wf_state {
	char *code, *name_zh, *name_en;
	enum wf_clock clock;
	int final;
	int waits_for_applicant;
};

struct wf_transition {
	char *action;
	unsigned long from;	/* bit i: may start from state i */
	int to;			/* state index */
	int to_if_fee;		/* state index when the case has an unpaid fee, or -1 */
	unsigned roles, requires, effects;
};

#define WF_MAX_STATES 64	/* from is a bit set */

struct workflow {
	char *code, *name_zh, *name_en;
	int initial;
	struct wf_state *states;
	int nstates;
	struct wf_transition *tr;
	int ntr;
};

/* Parses and checks a definition; *err (malloc'd) says what and where. */
int workflow_parse(const char *json, struct workflow **out, char **err);
void workflow_free(struct workflow *w);
int workflow_state(const struct workflow *w, const char *code);	/* -1: none */
const struct wf_transition *workflow_action(const struct workflow *w,
    const char *action);

/* The set of workflows a server knows, read from the store at start. */
struct workflows;
int workflows_load(struct store_conn *c, struct workflows **out, char **err);
const struct workflow *workflows_get(const struct workflows *set,
    const char *code);
void workflows_free(struct workflows *set);

#endif
