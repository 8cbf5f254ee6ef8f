/*
 * web.h - the pages in web/, served by the same binary as the API.
 *
 * Only GET and HEAD; only paths made of [A-Za-z0-9._-/] without "..";
 * "/" is index.html and a path without an extension gets ".html".  Files
 * are sent from their descriptor (no copy), with a type from their
 * extension and the same Content-Security-Policy as the API.
 */
#ifndef TONGBAN_WEB_H
#define TONGBAN_WEB_H

#include "http.h"

void web_serve(struct http_req *r);

#endif
