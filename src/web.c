/*
 * web.c - see web.h.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "buf.h"
#include "web.h"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".webmanifest", "application/manifest+json" },
};

static const char *
type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

static int
safe_path(const char *p)
{
	const char *s;

	if (p[0] != '/' || strstr(p, "..") || strstr(p, "//"))
		return 0;
	for (s = p; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-' || *s == '/'))
			return 0;
	return strlen(p) < 256;
}

static void
not_found(struct http_req *r)
{
	r->status = 404;
	r->content_type = "text/plain; charset=utf-8";
	buf_reset(&r->out);
	buf_adds(&r->out, "404 page not found\n");
	r->answered = 1;
}

void
web_serve(struct http_req *r)
{
	struct buf path = BUF_INIT;
	const char *type;
	struct stat st;
	int fd;

	if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
		r->status = 405;
		r->content_type = "text/plain; charset=utf-8";
		buf_adds(&r->out, "405 method not allowed\n");
		http_add_header(r, "Allow", "GET, HEAD");
		r->answered = 1;
		return;
	}
	if (!safe_path(r->path)) {
		not_found(r);
		return;
	}
	buf_adds(&path, r->app->web_dir);
	buf_adds(&path, r->path);
	if (r->path[strlen(r->path) - 1] == '/')
		buf_adds(&path, "index.html");
	else if (strchr(strrchr(r->path, '/'), '.') == NULL)
		buf_adds(&path, ".html");
	type = type_of(path.data);
	fd = buf_failed(&path) || type == NULL ? -1 :
	    open(path.data, O_RDONLY | O_CLOEXEC);
	buf_release(&path);
	if (fd < 0) {
		not_found(r);
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		not_found(r);
		return;
	}
	r->fd = fd;
	r->fd_size = (uint64_t)st.st_size;
	r->log_path = r->path;	/* a file of web/: safe characters only */
	r->status = 200;
	r->content_type = type;
	r->cache = 1;
	r->answered = 1;
}
