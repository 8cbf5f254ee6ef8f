/*
 * guide.h - the guidance API: the scenarios a server serves, the guide
 * built from answers (catalog names, materials checked against what
 * the platform holds, filled forms), its PDF, and the bundles of draft
 * applications it turns into.
 *
 * The scenarios are read from the store at start (`tongban init` put
 * them there from data/guidance/, checked) and only read afterwards.
 */
#ifndef TONGBAN_GUIDE_H
#define TONGBAN_GUIDE_H

#include <stddef.h>

#include "guidance.h"

struct http_req;
struct store_conn;

struct guide_set {
	struct scenario **v;	/* owned, in the order of the catalog */
	size_t n;
};

/* Reads and parses every scenario in the store: 0, or -1 with *err
 * (malloc'd). */
int guide_load(struct store_conn *c, struct guide_set **out, char **err);
void guide_free(struct guide_set *set);

/* Checks a scenario's matters and material kinds against the catalog
 * in the store: 0, 1 with *err filled, -1 on a store failure. */
int guide_check_store(struct store_conn *c, const struct scenario *s,
    struct guidance_error *err);

/* pdf.c: the guide (as guide_build made it) as a PDF in out. 0 or -1. */
struct buf;
int pdf_guide(const struct scenario *s, json_t *guide, json_t *summary,
    const char *font, struct buf *out, char **err);

int api_guidance_list(struct http_req *r);
int api_guidance_get(struct http_req *r);
int api_guidance_evaluate(struct http_req *r);
int api_guidance_pdf(struct http_req *r);
int api_guidance_applications(struct http_req *r);
int api_guidance_bundle_get(struct http_req *r);
int api_guidance_bundle_submit(struct http_req *r);

#endif
