/*
 * workflow.c - see workflow.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store.h"
#include "workflow.h"

struct name_bit {
	const char *name;
	unsigned bit;
};

static const struct name_bit roles[] = {
	{ "applicant", WF_ROLE_APPLICANT }, { "clerk", WF_ROLE_CLERK },
	{ "reviewer", WF_ROLE_REVIEWER }, { NULL, 0 },
};
static const struct name_bit requirements[] = {
	{ "commitments-signed", WF_REQ_COMMITMENTS },
	{ "all-materials", WF_REQ_ALL_MATERIALS },
	{ "key-materials", WF_REQ_KEY_MATERIALS },
	{ "follow-up-date", WF_REQ_FOLLOW_UP },
	{ "missing-list", WF_REQ_MISSING_LIST }, { "reason", WF_REQ_REASON },
	{ "originals-received", WF_REQ_ORIGINALS },
	{ "no-outstanding", WF_REQ_NO_OUTSTANDING },
	{ "payment", WF_REQ_PAYMENT }, { "delivery", WF_REQ_DELIVERY },
	{ NULL, 0 },
};
static const struct name_bit effects[] = {
	{ "start-clock", WF_EFF_START_CLOCK }, { "route", WF_EFF_ROUTE },
	{ "tolerate-missing", WF_EFF_TOLERATE }, { "notify", WF_EFF_NOTIFY },
	{ "issue-licence", WF_EFF_ISSUE }, { NULL, 0 },
};

static int
fail(char **err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(err, fmt, ap) < 0)
		*err = NULL;
	va_end(ap);
	return -1;
}

static char *
dup_field(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s && *s ? strdup(s) : NULL;
}

int
workflow_state(const struct workflow *w, const char *code)
{
	int i;

	for (i = 0; i < w->nstates; i++)
		if (strcmp(w->states[i].code, code) == 0)
			return i;
	return -1;
}

const struct wf_transition *
workflow_action(const struct workflow *w, const char *action)
{
	int i;

	for (i = 0; i < w->ntr; i++)
		if (strcmp(w->tr[i].action, action) == 0)
			return &w->tr[i];
	return NULL;
}

/* ORs the bits of an array of names; -1 (with *err) on an unknown one. */
static int
bits(json_t *arr, const struct name_bit *set, const char *what,
    const char *action, unsigned *out, char **err)
{
	json_t *v;
	size_t i;

	*out = 0;
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return fail(err, "transition \"%s\": \"%s\" must be an array",
		    action, what);
	json_array_foreach(arr, i, v) {
		const struct name_bit *nb;
		const char *name = json_string_value(v);

		for (nb = set; name && nb->name; nb++)
			if (strcmp(nb->name, name) == 0)
				break;
		if (name == NULL || nb->name == NULL)
			return fail(err, "transition \"%s\": unknown %s \"%s\"",
			    action, what, name ? name : "(not a string)");
		*out |= nb->bit;
	}
	return 0;
}

static int
parse_states(json_t *root, struct workflow *w, char **err)
{
	static const char *const clocks[] = { "none", "running", "paused",
		"stopped" };
	json_t *states = json_object_get(root, "states"), *s;
	size_t i;
	int k;

	if (!json_is_array(states) || json_array_size(states) == 0 ||
	    json_array_size(states) > WF_MAX_STATES)
		return fail(err, "\"states\" must be an array of 1 to %d "
		    "states", WF_MAX_STATES);
	w->states = calloc(json_array_size(states), sizeof(*w->states));
	if (w->states == NULL)
		return fail(err, "out of memory");
	json_array_foreach(states, i, s) {
		struct wf_state *st = &w->states[i];
		const char *clock = json_string_value(json_object_get(s, "clock"));

		w->nstates++;
		st->code = dup_field(s, "code");
		st->name_zh = dup_field(s, "name_zh");
		st->name_en = dup_field(s, "name_en");
		if (!st->code || !st->name_zh || !st->name_en)
			return fail(err, "state %zu: code, name_zh and name_en "
			    "are required", i + 1);
		for (k = 0; k < 4 && clock; k++)
			if (strcmp(clock, clocks[k]) == 0)
				break;
		if (clock == NULL || k == 4)
			return fail(err, "state \"%s\": \"clock\" must be none, "
			    "running, paused or stopped", st->code);
		st->clock = (enum wf_clock)k;
		st->final = json_is_true(json_object_get(s, "final"));
		st->waits_for_applicant = json_object_get(s, "waits_for") != NULL;
		if (workflow_state(w, st->code) != (int)i)
			return fail(err, "state \"%s\" is defined twice",
			    st->code);
	}
	return 0;
}

static int
state_index(const struct workflow *w, json_t *v, const char *action,
    const char *what, int *out, char **err)
{
	const char *code = json_string_value(v);

	*out = code ? workflow_state(w, code) : -1;
	if (*out < 0)
		return fail(err, "transition \"%s\": \"%s\" names no state "
		    "(\"%s\")", action, what, code ? code : "?");
	return 0;
}

static int
parse_transitions(json_t *root, struct workflow *w, char **err)
{
	json_t *trs = json_object_get(root, "transitions"), *t, *v;
	size_t i, j;

	if (!json_is_array(trs) || json_array_size(trs) == 0)
		return fail(err, "\"transitions\" must be a non-empty array");
	w->tr = calloc(json_array_size(trs), sizeof(*w->tr));
	if (w->tr == NULL)
		return fail(err, "out of memory");
	json_array_foreach(trs, i, t) {
		struct wf_transition *tr = &w->tr[i];
		json_t *from = json_object_get(t, "from");
		int idx;

		w->ntr++;
		tr->action = dup_field(t, "action");
		if (tr->action == NULL)
			return fail(err, "transition %zu: \"action\" is "
			    "required", i + 1);
		if (workflow_action(w, tr->action) != tr)
			return fail(err, "transition \"%s\" is defined twice",
			    tr->action);
		if (!json_is_array(from) || json_array_size(from) == 0)
			return fail(err, "transition \"%s\": \"from\" must list "
			    "states", tr->action);
		json_array_foreach(from, j, v) {
			if (state_index(w, v, tr->action, "from", &idx, err) < 0)
				return -1;
			if (w->states[idx].final)
				return fail(err, "transition \"%s\" starts from "
				    "the final state \"%s\"", tr->action,
				    w->states[idx].code);
			tr->from |= 1ul << idx;
		}
		if (state_index(w, json_object_get(t, "to"), tr->action, "to",
		    &tr->to, err) < 0)
			return -1;
		tr->to_if_fee = -1;
		if (json_object_get(t, "to_if_fee") &&
		    state_index(w, json_object_get(t, "to_if_fee"), tr->action,
		    "to_if_fee", &tr->to_if_fee, err) < 0)
			return -1;
		if (bits(json_object_get(t, "roles"), roles, "role", tr->action,
		    &tr->roles, err) < 0 ||
		    bits(json_object_get(t, "requires"), requirements,
		    "requirement", tr->action, &tr->requires, err) < 0 ||
		    bits(json_object_get(t, "effects"), effects, "effect",
		    tr->action, &tr->effects, err) < 0)
			return -1;
		if (tr->roles == 0)
			return fail(err, "transition \"%s\": nobody may take it "
			    "(\"roles\" is empty)", tr->action);
	}
	return 0;
}

int
workflow_parse(const char *text, struct workflow **out, char **err)
{
	struct workflow *w;
	json_error_t jerr;
	json_t *root;
	const char *initial;

	*out = NULL;
	*err = NULL;
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return fail(err, "line %d: %s", jerr.line, jerr.text);
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		json_decref(root);
		return fail(err, "out of memory");
	}
	w->code = dup_field(root, "code");
	w->name_zh = dup_field(root, "name_zh");
	w->name_en = dup_field(root, "name_en");
	initial = json_string_value(json_object_get(root, "initial"));
	if (!w->code || !w->name_zh || !w->name_en) {
		fail(err, "code, name_zh and name_en are required");
		goto bad;
	}
	if (parse_states(root, w, err) < 0 ||
	    parse_transitions(root, w, err) < 0)
		goto bad;
	w->initial = initial ? workflow_state(w, initial) : -1;
	if (w->initial < 0) {
		fail(err, "\"initial\" must name a state");
		goto bad;
	}
	json_decref(root);
	*out = w;
	return 0;
bad:
	json_decref(root);
	workflow_free(w);
	return -1;
}

void
workflow_free(struct workflow *w)
{
	int i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nstates; i++) {
		free(w->states[i].code);
		free(w->states[i].name_zh);
		free(w->states[i].name_en);
	}
	for (i = 0; i < w->ntr; i++)
		free(w->tr[i].action);
	free(w->states);
	free(w->tr);
	free(w->code);
	free(w->name_zh);
	free(w->name_en);
	free(w);
}

struct workflows {
	struct workflow **v;
	size_t n;
};

STORE_SQL(q_workflows, "SELECT code, definition FROM workflows ORDER BY code");

int
workflows_load(struct store_conn *c, struct workflows **out, char **err)
{
	struct workflows *set = calloc(1, sizeof(*set));
	struct store_rows *rows;
	int rc;

	*out = NULL;
	*err = NULL;
	if (set == NULL)
		return fail(err, "out of memory");
	if (store_query(c, &q_workflows, NULL, 0, &rows) < 0) {
		free(set);
		return fail(err, "cannot read the workflows");
	}
	while ((rc = store_next(rows)) == 1) {
		struct workflow *w, **v;
		char *why = NULL;

		if (workflow_parse(store_text(rows, 1), &w, &why) < 0) {
			fail(err, "workflow \"%s\": %s", store_text(rows, 0),
			    why ? why : "?");
			free(why);
			rc = -1;
			break;
		}
		v = realloc(set->v, (set->n + 1) * sizeof(*v));
		if (v == NULL) {
			workflow_free(w);
			rc = -1;
			break;
		}
		set->v = v;
		set->v[set->n++] = w;
	}
	store_rows_free(rows);
	if (rc < 0) {
		if (*err == NULL)
			fail(err, "cannot read the workflows");
		workflows_free(set);
		return -1;
	}
	*out = set;
	return 0;
}

const struct workflow *
workflows_get(const struct workflows *set, const char *code)
{
	size_t i;

	for (i = 0; set && i < set->n; i++)
		if (strcmp(set->v[i]->code, code) == 0)
			return set->v[i];
	return NULL;
}

void
workflows_free(struct workflows *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		workflow_free(set->v[i]);
	free(set->v);
	free(set);
}
