/*
 * http.h - one HTTP request from arrival to response, on libmicrohttpd.
 *
 * Flow: http.c accepts a request, reads its body up to a named limit,
 * routes it (router.h), resolves the caller (auth.h), calls the handler,
 * adds the security headers and logs one line when the response is done.
 *
 * Ownership: everything a request acquires hangs off struct http_req and
 * is released by http_req_free() when libmicrohttpd reports the request
 * completed: the body, the parsed JSON (r->json), the response under
 * construction and the path copy that route parameters point into.
 * Handlers therefore never free what they attach to the request.
 *
 * A handler answers by calling exactly one of http_json(),
 * http_error() or http_static() and returns 0; returning < 0 without an
 * answer makes a generic 500 carrying the request id and nothing else.
 */
#ifndef TONGBAN_HTTP_H
#define TONGBAN_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"

struct MHD_Connection;
struct app;
struct route;

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH,
	HTTP_DELETE, HTTP_OPTIONS, HTTP_OTHER };

#define HTTP_MAX_PARAMS 4	/* route parameters: /a/{x}/b/{y} */
#define HTTP_MAX_HEADERS 8	/* extra response headers a handler adds */

struct http_auth {
	int64_t account_id;	/* 0: anonymous */
	int64_t session_id;
	const char *kind;	/* "person" | "enterprise" | "staff" */
	const char *role;	/* resident, enterprise, clerk, ... */
	char *login;		/* owned: ID number, credit code or user name */
	char *name;		/* owned */
	char *scope_center, *scope_district, *scope_department; /* owned, may be NULL */
	char *csrf;		/* owned: the session's CSRF token */
	int via_cookie;		/* the session came from the cookie */
};

struct http_req {
	struct app *app;
	struct MHD_Connection *conn;
	enum http_method method;
	const char *method_name;
	char *path;		/* owned copy of the path (no query string) */
	char *pathbuf;		/* owned second copy, split by the router */
	const char *log_path;	/* what the log line shows: the route's
				 * pattern, never values that may be personal */
	const char *params[HTTP_MAX_PARAMS];	/* route parameters, into pathbuf */
	int nparams;
	struct buf body;	/* request body so far */
	size_t body_limit;	/* bytes this request's body may have */
	int body_too_large;	/* the body passed the limit: answer 413 */
	const struct route *route;	/* set when the headers are in */
	int route_rc;		/* ROUTER_FOUND, _NOT_FOUND, _BAD_METHOD */
	char request_id[20];	/* 16 hex digits, NUL-terminated */
	struct timespec start;
	json_t *json;		/* parsed body, if any; owned */
	struct http_auth auth;
	int64_t now;		/* unix seconds at arrival (settable in tests) */
	int64_t audit_ticket;	/* the last audit entry queued, or 0: the
				 * response waits until it is written */

	/* The response under construction. */
	int status;
	int answered;
	struct buf out;
	const char *content_type;
	int cache;		/* 1: may be cached (static files); 0: no-store */
	char *headers[HTTP_MAX_HEADERS][2];	/* owned name, value */
	int nheaders;
	int fd;			/* >= 0: a static file to send */
	uint64_t fd_size;
	/* A response produced as it goes (event streams): libmicrohttpd
	 * calls reader for more and reader_free(reader_cls) at the end. */
	ssize_t (*reader)(void *cls, uint64_t pos, char *buf, size_t max);
	void *reader_cls;
	void (*reader_free)(void *cls);
};

/* Query string and headers (borrowed from libmicrohttpd; NULL if absent). */
const char *http_query(struct http_req *r, const char *name);
const char *http_header(struct http_req *r, const char *name);
const char *http_cookie(struct http_req *r, const char *name);

/* Answers: each marks the request answered.  http_json steals `body`. */
int http_json(struct http_req *r, int status, json_t *body);
int http_error(struct http_req *r, int status, const char *code,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int http_add_header(struct http_req *r, const char *name, const char *value);

/* A JSON answer streamed with jw.h straight into the response buffer:
 * http_jw_begin() starts it, http_jw_end() finishes it (500 when an
 * allocation failed on the way). */
struct jw;
void http_jw_begin(struct http_req *r, struct jw *w);
int http_jw_end(struct http_req *r, int status);

/* The server: starts the daemon and returns; http_stop() joins it. */
struct http_server;
struct http_config {
	const char *listen;	/* "127.0.0.1:8080" */
	unsigned threads;	/* worker threads (each with its own store connection) */
	size_t max_body;	/* bytes a request body may have */
	size_t max_upload;	/* bytes of an uploaded file (ROUTE_UPLOAD) */
};
int http_start(struct http_server **out, struct app *app,
    const struct http_config *cfg, char **err);
void http_stop(struct http_server *s);
unsigned http_port(struct http_server *s);

/* 1 when a Content-Type header says application/json (its parameters,
 * such as charset, aside; compared case-insensitively); NULL is 0. */
int http_is_json_type(const char *ct);

/* "HTTP_POST" -> "POST" and back; for logs and the router. */
enum http_method http_method_parse(const char *s);

#endif
