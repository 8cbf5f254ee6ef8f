/*
 * app.h - what the running server holds for all requests: the store,
 * the holiday calendar, where the web pages and the SMS outbox file are,
 * and the limits set by flags.  One struct app lives for the whole
 * `tongban serve`; requests only read it.
 */
#ifndef TONGBAN_APP_H
#define TONGBAN_APP_H

#include <stdint.h>

struct store;
struct cal;
struct events;
struct workflows;
struct guide_set;
struct audit;
struct ratelimit;
struct keyring;

struct app {
	struct store *store;
	struct cal *cal;
	const char *web_dir;	/* static pages, "web" by default */
	const char *sms_file;	/* the demo SMS gateway appends here */
	const char *public_url;	/* how residents reach us: QR codes point here */
	const char *files_dir;	/* uploaded materials, content-addressed */
	struct workflows *workflows;	/* case workflows, read at start */
	struct guide_set *guidance;	/* guidance scenarios, read at start */
	const char *pdf_font;	/* a TrueType CJK font for PDFs */
	struct events *events;	/* live updates of boards and tickets */
	struct audit *audit;	/* the audit log's writer */
	struct ratelimit *ratelimit;	/* per client address, or NULL */
	int hsts;		/* behind TLS: send Strict-Transport-Security */
	struct keyring *keys;	/* seals personal data at rest (--key-file) */
	int fault_injection;	/* tests only: X-Fault-Alloc fails allocations */
	int64_t clock_offset;	/* seconds added to the clock (tests only) */
};

/* Now, in unix seconds, as the application sees it. */
int64_t app_now(const struct app *a);

#endif
