/*
 * router.h - maps a method and a path to a handler.
 *
 * A route pattern is a path whose segments are literals or "{name}"
 * parameters, e.g. "/api/v1/matters/{code}".  Matching splits the
 * request's own copy of the path (r->pathbuf) in place: parameters point into it, so
 * they live as long as the request.  Literal segments win over
 * parameters ("/api/v1/centers/nearest" before "/api/v1/centers/{id}").
 * A path that matches with another method gives 405, none gives 404.
 *
 * Flags say what a route requires before its handler runs, so no handler
 * can forget to check that the caller is signed in.
 */
#ifndef TONGBAN_ROUTER_H
#define TONGBAN_ROUTER_H

#include "http.h"

enum {
	ROUTE_PUBLIC = 0,	/* anyone */
	ROUTE_AUTH = 1 << 0,	/* a signed-in account */
	ROUTE_STAFF = 1 << 1,	/* a staff account (implies AUTH) */
	ROUTE_BODY = 1 << 2,	/* expects a JSON object body */
	ROUTE_UPLOAD = 1 << 3,	/* takes a file as its body (--max-upload) */
	ROUTE_SIGNIN = 1 << 4	/* sign-in and recovery: --rate-signin */
};

typedef int route_fn(struct http_req *r);

struct route {
	enum http_method method;
	const char *pattern;
	route_fn *fn;
	int flags;
	const char *summary;	/* one line, also checked against openapi */
};

enum { ROUTER_FOUND = 0, ROUTER_NOT_FOUND = -1, ROUTER_BAD_METHOD = -2 };

/* Finds the route for r->method and r->path; fills r->params. */
int router_match(const struct route *table, size_t n, struct http_req *r,
    const struct route **out);

/* The API's table (api.c). */
extern const struct route api_routes[];
extern const size_t api_nroutes;

#endif
