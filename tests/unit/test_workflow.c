/*
 * test_workflow.c - workflow definitions: the shipped default parses and
 * says what the cases module expects; every kind of bad definition is
 * refused with a message naming what is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "workflow.h"

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = calloc(1, (size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

UNIT_TEST(workflow_default_parses)
{
	char *text = slurp("data/workflows/default.json"), *err = NULL;
	struct workflow *w = NULL;
	const struct wf_transition *t;

	if (!CHECK(text != NULL))
		return;
	CHECK_INT(workflow_parse(text, &w, &err), 0);
	free(text);
	if (!CHECK(w != NULL)) {
		printf("#   %s\n", err ? err : "?");
		free(err);
		return;
	}
	CHECK_STR(w->states[w->initial].code, "draft");
	t = workflow_action(w, "accept");
	CHECK(t != NULL && (t->roles & WF_ROLE_CLERK) &&
	    !(t->roles & WF_ROLE_APPLICANT) &&
	    (t->effects & WF_EFF_START_CLOCK) && (t->effects & WF_EFF_ROUTE));
	t = workflow_action(w, "approve");
	CHECK(t != NULL && t->to_if_fee == workflow_state(w, "awaiting-payment"));
	CHECK(w->states[workflow_state(w, "supplement-requested")].clock ==
	    WF_CLOCK_PAUSED);
	CHECK(w->states[workflow_state(w, "closed")].final);
	t = workflow_action(w, "withdraw");
	CHECK(t != NULL && (t->from & (1ul << workflow_state(w, "under-review"))));
	CHECK(!(t->from & (1ul << workflow_state(w, "approved"))));
	CHECK(workflow_action(w, "teleport") == NULL);
	workflow_free(w);
}

/* A small valid workflow; each bad case below breaks one thing. */
#define HEAD "{\"code\":\"t\",\"name_zh\":\"测\",\"name_en\":\"t\"," \
    "\"initial\":\"a\",\"states\":[{\"code\":\"a\",\"name_zh\":\"甲\"," \
    "\"name_en\":\"a\",\"clock\":\"none\"},{\"code\":\"b\",\"name_zh\":\"乙\"," \
    "\"name_en\":\"b\",\"clock\":\"stopped\",\"final\":true}],"

static void
refused(struct unit *u, const char *json, const char *want)
{
	struct workflow *w = NULL;
	char *err = NULL;

	CHECK_INT(workflow_parse(json, &w, &err), -1);
	CHECK(w == NULL);
	if (CHECK(err != NULL) && !CHECK(strstr(err, want) != NULL))
		printf("#   got \"%s\", want it to say \"%s\"\n", err, want);
	free(err);
}

UNIT_TEST(workflow_small_one_parses)
{
	struct workflow *w = NULL;
	char *err = NULL;

	CHECK_INT(workflow_parse(HEAD "\"transitions\":[{\"action\":\"go\","
	    "\"from\":[\"a\"],\"to\":\"b\",\"roles\":[\"clerk\"]}]}", &w, &err),
	    0);
	free(err);
	workflow_free(w);
}

UNIT_TEST(workflow_refuses_bad_definitions)
{
	refused(u, "{", "line");
	refused(u, HEAD "\"transitions\":[{\"action\":\"go\",\"from\":[\"x\"],"
	    "\"to\":\"b\",\"roles\":[\"clerk\"]}]}", "names no state");
	refused(u, HEAD "\"transitions\":[{\"action\":\"go\",\"from\":[\"a\"],"
	    "\"to\":\"zz\",\"roles\":[\"clerk\"]}]}", "names no state");
	refused(u, HEAD "\"transitions\":[{\"action\":\"go\",\"from\":[\"a\"],"
	    "\"to\":\"b\",\"roles\":[\"king\"]}]}", "unknown role \"king\"");
	refused(u, HEAD "\"transitions\":[{\"action\":\"go\",\"from\":[\"a\"],"
	    "\"to\":\"b\",\"roles\":[\"clerk\"],\"requires\":[\"magic\"]}]}",
	    "unknown requirement \"magic\"");
	refused(u, HEAD "\"transitions\":[{\"action\":\"go\",\"from\":[\"a\"],"
	    "\"to\":\"b\",\"roles\":[\"clerk\"],\"effects\":[\"fireworks\"]}]}",
	    "unknown effect");
	refused(u, HEAD "\"transitions\":[{\"action\":\"go\",\"from\":[\"a\"],"
	    "\"to\":\"b\",\"roles\":[]}]}", "nobody may take it");
	refused(u, HEAD "\"transitions\":[{\"action\":\"go\",\"from\":[\"b\"],"
	    "\"to\":\"a\",\"roles\":[\"clerk\"]}]}", "final state");
	refused(u, HEAD "\"transitions\":[{\"action\":\"go\",\"from\":[\"a\"],"
	    "\"to\":\"b\",\"roles\":[\"clerk\"]},{\"action\":\"go\",\"from\":"
	    "[\"a\"],\"to\":\"b\",\"roles\":[\"clerk\"]}]}", "defined twice");
	refused(u, HEAD "\"transitions\":[]}", "non-empty");
	refused(u, "{\"code\":\"t\",\"name_zh\":\"测\",\"name_en\":\"t\","
	    "\"initial\":\"q\",\"states\":[{\"code\":\"a\",\"name_zh\":\"甲\","
	    "\"name_en\":\"a\",\"clock\":\"none\"}],\"transitions\":[{\"action\":"
	    "\"go\",\"from\":[\"a\"],\"to\":\"a\",\"roles\":[\"clerk\"]}]}",
	    "\"initial\"");
	refused(u, "{\"code\":\"t\",\"name_zh\":\"测\",\"name_en\":\"t\","
	    "\"initial\":\"a\",\"states\":[{\"code\":\"a\",\"name_zh\":\"甲\","
	    "\"name_en\":\"a\",\"clock\":\"sometimes\"}],\"transitions\":[]}",
	    "\"clock\"");
}
