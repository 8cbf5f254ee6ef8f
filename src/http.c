/*
 * http.c - the HTTP server: libmicrohttpd in epoll mode with a thread
 * pool, and the life of one request (see http.h for the flow and the
 * ownership rules).
 *
 * libmicrohttpd calls on_request() several times per request: once when
 * the headers are in (we allocate the request and return), once per
 * chunk of body (we append, up to the limit), and once more with no data
 * (we dispatch and queue the response).  Queueing only on that last call
 * keeps keep-alive working (see ../shared/baseline.md).  When the
 * request is done, on_completed() logs its line and frees it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <microhttpd.h>
#include <sodium.h>

#include "alloc.h"
#include "api.h"
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "http.h"
#include "jw.h"
#include "log.h"
#include "ratelimit.h"
#include "router.h"
#include "web.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
	size_t max_body;
	size_t max_upload;
	uint32_t id_prefix;	/* random, first half of every request id */
	uint32_t requests;	/* counter, second half */
};

static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

enum http_method
http_method_parse(const char *s)
{
	static const struct { const char *name; enum http_method m; } t[] = {
		{ "GET", HTTP_GET }, { "HEAD", HTTP_HEAD }, { "POST", HTTP_POST },
		{ "PUT", HTTP_PUT }, { "PATCH", HTTP_PATCH },
		{ "DELETE", HTTP_DELETE }, { "OPTIONS", HTTP_OPTIONS },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(s, t[i].name) == 0)
			return t[i].m;
	return HTTP_OTHER;
}

const char *
http_query(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
http_header(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
http_cookie(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int
http_json(struct http_req *r, int status, json_t *body)
{
	char *s;

	if (body == NULL)
		return -1;
	s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (s == NULL)
		return -1;
	buf_reset(&r->out);
	buf_adds(&r->out, s);
	free(s);
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	r->answered = 1;
	return 0;
}

void
http_jw_begin(struct http_req *r, struct jw *w)
{
	buf_reset(&r->out);
	jw_init(w, &r->out);
}

int
http_jw_end(struct http_req *r, int status)
{
	if (buf_failed(&r->out))
		return -1;
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	r->answered = 1;
	return 0;
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0.  Reads no byte
 * after a NUL. */
static size_t
utf8_seq(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		lo = p[0] == 0xe0 ? 0xa0 : 0x80;
		hi = p[0] == 0xed ? 0x9f : 0xbf;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		lo = p[0] == 0xf0 ? 0x90 : 0x80;
		hi = p[0] == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Replaces each byte that is not part of well-formed UTF-8 with '?'. */
static void
utf8_scrub(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t n;

	while (*p) {
		if ((n = utf8_seq(p)) == 0) {
			*p++ = '?';
			continue;
		}
		p += n;
	}
}

/*
 * The message and the field may name what a client sent (an unknown
 * query parameter), which libmicrohttpd passes on as bytes, UTF-8 or not;
 * jansson refuses to write a string that is not UTF-8, so those bytes
 * are scrubbed first: a client's mistake must stay a 4xx.
 */
int
http_error(struct http_req *r, int status, const char *code,
    const char *field, const char *fmt, ...)
{
	char *msg = NULL, *f = NULL;
	json_t *err;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if (field && (f = strdup(field)) == NULL) {
		free(msg);
		return -1;
	}
	utf8_scrub(msg);
	if (f)
		utf8_scrub(f);
	err = json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", code,
	    "message", msg, "field", f);
	free(msg);
	free(f);
	return http_json(r, status, err);
}

int
http_add_header(struct http_req *r, const char *name, const char *value)
{
	if (r->nheaders == HTTP_MAX_HEADERS)
		return -1;
	r->headers[r->nheaders][0] = strdup(name);
	r->headers[r->nheaders][1] = strdup(value);
	if (!r->headers[r->nheaders][0] || !r->headers[r->nheaders][1]) {
		free(r->headers[r->nheaders][0]);
		free(r->headers[r->nheaders][1]);
		return -1;
	}
	r->nheaders++;
	return 0;
}

static struct http_req *
req_new(struct http_server *s, struct MHD_Connection *conn, const char *url,
    const char *method)
{
	struct http_req *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->path = strdup(url);
	r->pathbuf = strdup(url);
	if (r->path == NULL || r->pathbuf == NULL) {
		free(r->path);
		free(r->pathbuf);
		free(r);
		return NULL;
	}
	r->app = s->app;
	r->conn = conn;
	r->method = http_method_parse(method);
	r->method_name = method;
	buf_init(&r->body);
	buf_init(&r->out);
	r->fd = -1;
	r->status = 500;
	/* Until routed: an unknown API path or a page path may hold
	 * anything a client typed, so the log shows neither. */
	r->log_path = strncmp(url, "/api/", 5) == 0 ? "/api/(unmatched)" :
	    "(page)";
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->now = app_now(s->app);
	/* A random per-process prefix and a counter: unique across the
	 * processes sharing a store, without a system call per request. */
	snprintf(r->request_id, sizeof(r->request_id), "%08x%08x", s->id_prefix,
	    __atomic_add_fetch(&s->requests, 1, __ATOMIC_RELAXED));
	return r;
}

static void
req_free(struct http_req *r)
{
	int i;

	buf_release(&r->body);
	buf_release(&r->out);
	json_decref(r->json);
	auth_release(&r->auth);
	for (i = 0; i < r->nheaders; i++) {
		free(r->headers[i][0]);
		free(r->headers[i][1]);
	}
	if (r->fd >= 0)
		close(r->fd);
	if (r->reader)	/* answered with a stream that never got queued */
		r->reader_free(r->reader_cls);
	free(r->path);
	free(r->pathbuf);
	free(r);
}

int
http_is_json_type(const char *ct)
{
	size_t n = strlen("application/json");

	if (ct == NULL || strncasecmp(ct, "application/json", n) != 0)
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

static int
parse_body(struct http_req *r)
{
	json_error_t jerr;

	if (!http_is_json_type(http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE)))
		return http_error(r, 415, "unsupported_media_type", NULL,
		    "the body must be application/json");
	if (r->body.len == 0)
		return http_error(r, 400, "invalid_json", NULL,
		    "the request has no body; a JSON object is expected");
	r->json = json_loadb(r->body.data, r->body.len,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (r->json == NULL)
		return http_error(r, 400, "invalid_json", NULL,
		    "the body is not valid JSON (line %d, column %d): %s",
		    jerr.line, jerr.column, jerr.text);
	if (!json_is_object(r->json))
		return http_error(r, 400, "invalid_json", NULL,
		    "the body must be a JSON object");
	return 0;
}

static int
state_changing(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH ||
	    m == HTTP_DELETE;
}

/*
 * Sign-ins (and registration, recovery) and other writes are limited per
 * client address (--rate-signin, --rate-write): 429 with Retry-After.
 * 1 when refused (answered).
 */
static int
rate_limited(struct http_req *r)
{
	const union MHD_ConnectionInfo *ci;
	unsigned char addr[16] = { 0 };
	struct timespec ts;
	double wait;
	int cls;

	if (r->app->ratelimit == NULL)
		return 0;
	if (r->route->flags & ROUTE_SIGNIN)
		cls = RL_SIGNIN;
	else if (state_changing(r->method))
		cls = RL_WRITE;
	else
		return 0;
	ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *in =
		    (const struct sockaddr_in *)(const void *)ci->client_addr;

		addr[10] = addr[11] = 0xff;
		memcpy(addr + 12, &in->sin_addr, 4);
	} else if (ci && ci->client_addr &&
	    ci->client_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)(const void *)ci->client_addr;

		memcpy(addr, &in6->sin6_addr, 16);
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	wait = ratelimit_take(r->app->ratelimit, addr, cls,
	    (double)ts.tv_sec + ts.tv_nsec / 1e9);
	if (wait <= 0)
		return 0;
	{
		char after[24];

		snprintf(after, sizeof(after), "%d", (int)wait + 1);
		http_add_header(r, "Retry-After", after);
		http_error(r, 429, "too_many_requests", NULL, "too many %s from "
		    "this address: try again in %s s", cls == RL_SIGNIN ?
		    "sign-in attempts" : "changes", after);
	}
	return 1;
}

static void
dispatch_api(struct http_server *s, struct http_req *r)
{
	const struct route *rt;
	int rc;

	if (r->body_too_large) {
		http_error(r, 413, "payload_too_large", NULL,
		    "the request body is larger than %zu bytes", r->body_limit);
		return;
	}
	rc = r->route_rc;
	rt = r->route;
	if (rc == ROUTER_NOT_FOUND) {
		http_error(r, 404, "not_found", NULL, "no such endpoint");
		return;
	}
	if (rc == ROUTER_BAD_METHOD) {
		http_error(r, 405, "method_not_allowed", NULL,
		    "the endpoint does not accept %s", r->method_name);
		return;
	}
	if (rate_limited(r))
		return;
	rc = auth_resolve(r);
	if (rc < 0 && !r->answered) {
		http_error(r, 500, "internal", NULL,
		    "internal error (request %s)", r->request_id);
		return;
	}
	if (r->answered)
		return;
	if ((rt->flags & (ROUTE_AUTH | ROUTE_STAFF)) && !r->auth.account_id) {
		http_error(r, 401, "unauthorized", NULL,
		    "sign in first");
		return;
	}
	if ((rt->flags & ROUTE_STAFF) && strcmp(r->auth.kind, "staff") != 0) {
		http_error(r, 403, "forbidden", NULL,
		    "this endpoint is for staff");
		return;
	}
	/* CSRF: a browser session must echo its token in a header that a
	 * cross-site form cannot set (docs/security.md). */
	if (state_changing(r->method) && r->auth.via_cookie &&
	    !auth_csrf_ok(r)) {
		http_error(r, 403, "csrf", "X-CSRF-Token",
		    "the X-CSRF-Token header is missing or wrong");
		return;
	}
	if ((rt->flags & ROUTE_BODY) && parse_body(r) < 0)
		return;
	if (!(rt->flags & (ROUTE_BODY | ROUTE_UPLOAD)) && r->body.len) {
		http_error(r, 400, "unexpected_body", NULL,
		    "this endpoint takes no request body");
		return;
	}
	if (r->answered)
		return;
	rc = rt->fn(r);
	if (!r->answered || rc < 0) {
		if (rc < 0)
			log_error("msg=\"handler failed\" request=%s path=%s",
			    r->request_id, rt->pattern);
		buf_reset(&r->out);
		r->answered = 0;
		http_error(r, 500, "internal", NULL,
		    "internal error (request %s)", r->request_id);
	}
}

/*
 * Forgets the answer a handler made, whatever its kind: the body, the
 * headers it added (no Set-Cookie of a dropped sign-in), a file to send
 * (a material read whose audit entry failed must not go out), a stream.
 */
static void
answer_drop(struct http_req *r)
{
	buf_reset(&r->out);
	r->answered = 0;
	while (r->nheaders > 0) {
		r->nheaders--;
		free(r->headers[r->nheaders][0]);
		free(r->headers[r->nheaders][1]);
	}
	if (r->fd >= 0) {
		close(r->fd);
		r->fd = -1;
	}
	if (r->reader) {
		r->reader_free(r->reader_cls);
		r->reader = NULL;
	}
}

/*
 * An allocation failed while the request was handled: whatever the
 * handler made of it, the answer is a clean 503 (try again), never a
 * half-built body.  The handler rolled its transaction back on the way.
 */
static void
out_of_memory(struct http_req *r)
{
	if (!alloc_failed())
		return;
	alloc_reset();
	log_error("msg=\"out of memory\" request=%s", r->request_id);
	answer_drop(r);
	if (http_error(r, 503, "unavailable", NULL, "out of memory: try again "
	    "(request %s)", r->request_id) < 0 || !r->answered) {
		/* Even the error did not fit: a fixed answer. */
		static const char body[] = "{\"error\":{\"code\":\"unavailable\","
		    "\"message\":\"out of memory: try again\",\"field\":null}}";

		buf_reset(&r->out);
		buf_adds(&r->out, body);
		r->status = 503;
		r->content_type = "application/json";
		r->answered = 1;
	}
}

/*
 * Every refusal is on record (a handler that wrote its own entry, such as
 * a refused read of a case, has already said more), and nothing a handler
 * put on record leaves before its entries are written: a failed append
 * answers 503.
 */
static void
audit_settle(struct http_req *r)
{
	struct app *app = r->app;

	if ((r->status == 401 || r->status == 403 || r->status == 429) &&
	    r->audit_ticket == 0 && app->audit) {
		char target[160], outcome[8];
		struct audit_entry e = { r->now, r->auth.account_id,
			r->auth.role, "refused", target, NULL, outcome,
			r->request_id };
		int64_t t;

		snprintf(target, sizeof(target), "%s %s", r->method_name,
		    r->log_path ? r->log_path : "?");
		snprintf(outcome, sizeof(outcome), "%d", r->status);
		/* Queued, not waited for: a refusal hands out nothing, so
		 * its answer need not wait for the disk (a flood of 401s
		 * costs the writer one batch, not a sync each). */
		if ((t = audit_append(app->audit, &e)) < 0)
			log_error("msg=\"cannot queue an audit entry\" "
			    "request=%s", r->request_id);
	}
	if (r->audit_ticket > 0 && app->audit &&
	    audit_wait(app->audit, r->audit_ticket) < 0) {
		/* Not on record: the answer must not leave. */
		answer_drop(r);
		http_error(r, 503, "unavailable", NULL, "the audit log cannot "
		    "be written (request %s)", r->request_id);
	}
}

static enum MHD_Result
queue(struct http_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	int i;

	if (r->reader) {
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 8192,
		    r->reader, r->reader_cls, r->reader_free);
		if (resp == NULL)
			r->reader_free(r->reader_cls);
		r->reader = NULL;	/* the response owns the stream now */
	} else if (r->fd >= 0) {
		resp = MHD_create_response_from_fd64(r->fd_size, r->fd);
		if (resp)
			r->fd = -1;	/* the response owns it now */
	} else {
		size_t len;
		char *data = buf_detach(&r->out, &len);

		if (data == NULL)
			return MHD_NO;
		resp = MHD_create_response_from_buffer(len, data,
		    MHD_RESPMEM_MUST_FREE);
		if (resp == NULL)
			free(data);
	}
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", r->content_type ?
	    r->content_type : "application/octet-stream");
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control",
	    r->cache ? "no-cache" : "no-store");
	/* Only behind TLS: over plain HTTP browsers ignore it anyway, and a
	 * deployment that ends TLS in front of us says so (--hsts). */
	if (r->app->hsts)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000; includeSubDomains");
	for (i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i][0],
		    r->headers[i][1]);
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;

	if (r == NULL) {
		r = req_new(s, conn, url, method);
		if (r == NULL)
			return MHD_NO;
		*con_cls = r;
		/* Route now: the route decides how large a body may be. */
		r->body_limit = s->max_body;
		if (strncmp(r->path, "/api/", 5) == 0) {
			r->route_rc = router_match(api_routes, api_nroutes, r,
			    &r->route);
			if (r->route_rc == ROUTER_FOUND) {
				r->log_path = r->route->pattern;
				if (r->route->flags & ROUTE_UPLOAD)
					r->body_limit = s->max_upload;
			}
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->body_too_large) {
			if (*upload_size > r->body_limit - r->body.len) {
				r->body_too_large = 1;
				buf_release(&r->body);
			} else
				buf_add(&r->body, upload, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (buf_failed(&r->body))
		return MHD_NO;
	if (strncmp(r->path, "/api/", 5) == 0) {
		alloc_reset();
		/* Tests only (--fault-injection): fail this request's Nth
		 * allocation. */
		if (r->app->fault_injection && http_header(r, "X-Fault-Alloc"))
			alloc_arm(strtol(http_header(r, "X-Fault-Alloc"), NULL,
			    10));
		dispatch_api(s, r);
		alloc_disarm();
		out_of_memory(r);
		audit_settle(r);
	} else
		web_serve(r);
	if (!r->answered)
		http_error(r, 500, "internal", NULL,
		    "internal error (request %s)", r->request_id);
	return queue(r);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_req *r = *con_cls;
	struct timespec end;
	double ms;

	if (r == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &end);
	ms = (double)(end.tv_sec - r->start.tv_sec) * 1e3 +
	    (double)(end.tv_nsec - r->start.tv_nsec) / 1e6;
	/* The path only: query strings may carry personal data. */
	if (r->answered)
		log_info("method=%s path=\"%s\" status=%d ms=%.3f request=%s",
		    r->method_name, r->log_path,
		    r->status, ms, r->request_id);
	req_free(r);
	*con_cls = NULL;
}

static int
parse_listen(const char *listen, struct sockaddr_in *sa, char **err)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	long port;
	char *end;

	memset(sa, 0, sizeof(*sa));
	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host))
		goto bad;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port < 0 || port > 65535)
		goto bad;
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	if (asprintf(err, "bad --listen \"%s\": want IPv4:PORT, e.g. "
	    "127.0.0.1:8080", listen) < 0)
		*err = NULL;
	return -1;
}

int
http_start(struct http_server **out, struct app *app,
    const struct http_config *cfg, char **err)
{
	struct http_server *s;
	struct sockaddr_in sa;

	*out = NULL;
	if (parse_listen(cfg->listen, &sa, err) < 0)
		return -1;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		*err = strdup("out of memory");
		return -1;
	}
	s->app = app;
	s->max_body = cfg->max_body;
	s->max_upload = cfg->max_upload > cfg->max_body ? cfg->max_upload :
	    cfg->max_body;
	s->id_prefix = randombytes_random();
	s->daemon = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
	    MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
	    on_request, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_CONNECTION_TIMEOUT, 60u,
	    MHD_OPTION_CONNECTION_LIMIT, 4096u,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
	    MHD_OPTION_END);
	if (s->daemon == NULL) {
		if (asprintf(err, "cannot listen on %s: %s", cfg->listen,
		    strerror(errno)) < 0)
			*err = NULL;
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

unsigned
http_port(struct http_server *s)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->daemon,
	    MHD_DAEMON_INFO_BIND_PORT);

	return i ? i->port : 0;
}

void
http_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
