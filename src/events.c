/*
 * events.c - see events.h.
 *
 * Locking: ev->lock guards the list of streams, each stream's suspended
 * flag and pending bytes, and the generations.  A stream is suspended
 * and resumed only under that lock, so a publish can never slip between
 * a reader's "nothing new" and its suspension (no lost wake-up).
 * Rendering reads the store and happens outside the lock.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "app.h"
#include "buf.h"
#include "cal.h"
#include "events.h"
#include "jw.h"
#include "log.h"
#include "queue.h"
#include "store.h"

#define EVENTS_CHANNEL "tongban_queue"
#define EVENTS_HEARTBEAT 15	/* seconds between comment lines */

struct stream {
	struct events *ev;
	struct MHD_Connection *conn;
	char center[16];
	int64_t ticket_id;	/* 0: the board */
	uint64_t seen;		/* the center's generation last rendered */
	uint64_t beat_seen;	/* the heartbeat last written */
	int suspended;
	struct buf pending;	/* rendered, not yet handed to MHD */
	size_t sent;		/* bytes of pending handed over */
	struct stream *next, *prev;
};

struct gen {
	char center[16];
	uint64_t gen;
	/* The board event of generation board_gen, rendered once and
	 * shared by every board stream of the center. */
	char *board;
	size_t board_len;
	uint64_t board_gen;
};

struct events {
	struct app *app;
	pthread_mutex_t lock;
	struct stream *streams;
	struct gen *gens;
	size_t ngens, cgens;
	uint64_t beat;
	int closing;
	pthread_t thread;
	int have_thread;
	volatile int stop;
	struct store_listener *first;	/* the listener opened at start, for
					 * the thread to take over */
};

/* The generation slot of a center; the lock is held.  NULL when out of
 * memory (the stream then simply shows the next change). */
static struct gen *
gen_of(struct events *ev, const char *center)
{
	size_t i;

	for (i = 0; i < ev->ngens; i++)
		if (strcmp(ev->gens[i].center, center) == 0)
			return &ev->gens[i];
	if (ev->ngens == ev->cgens) {
		size_t n = ev->cgens ? ev->cgens * 2 : 64;
		struct gen *g = realloc(ev->gens, n * sizeof(*g));

		if (g == NULL)
			return NULL;
		ev->gens = g;
		ev->cgens = n;
	}
	memset(&ev->gens[ev->ngens], 0, sizeof(ev->gens[0]));
	snprintf(ev->gens[ev->ngens].center, sizeof(ev->gens[0].center), "%s",
	    center);
	ev->gens[ev->ngens].gen = 1;
	return &ev->gens[ev->ngens++];
}

/* Bumps a center's generation and wakes its streams; the lock is held. */
static void
bump(struct events *ev, const char *center)
{
	struct gen *g = gen_of(ev, center);
	struct stream *s;

	if (g)
		g->gen++;
	for (s = ev->streams; s; s = s->next) {
		if (s->suspended && strcmp(s->center, center) == 0) {
			s->suspended = 0;
			MHD_resume_connection(s->conn);
		}
	}
}

static void
on_notify(const char *payload, void *ctx)
{
	struct events *ev = ctx;
	const char *colon = strchr(payload, ':');
	char self[24];

	snprintf(self, sizeof(self), "%d:", (int)getpid());
	if (colon == NULL || strncmp(payload, self, strlen(self)) == 0)
		return;	/* our own change: already published */
	pthread_mutex_lock(&ev->lock);
	bump(ev, colon + 1);
	pthread_mutex_unlock(&ev->lock);
}

/* Heartbeats, and on PostgreSQL the other processes' changes. */
static void *
events_thread(void *arg)
{
	struct events *ev = arg;
	struct store_listener *l = ev->first;
	time_t last_beat = time(NULL), last_try = time(NULL);
	char *err = NULL;

	while (!ev->stop) {
		if (l == NULL && time(NULL) - last_try >= 5) {
			last_try = time(NULL);
			int rc = store_listen_open(ev->app->store, EVENTS_CHANNEL,
			    &l, &err);

			if (rc < 0 && rc != STORE_ENOTFOUND)
				log_warn("msg=\"cannot listen for queue changes\" "
				    "error=\"%s\"", err ? err : "?");
			free(err);
			err = NULL;
		}
		if (l) {
			if (store_listen_wait(l, 1000, on_notify, ev) < 0) {
				log_warn("msg=\"lost the queue listener\"");
				store_listen_close(l);
				l = NULL;
			}
		} else
			usleep(200 * 1000);
		if (time(NULL) - last_beat >= EVENTS_HEARTBEAT) {
			struct stream *s;

			last_beat = time(NULL);
			pthread_mutex_lock(&ev->lock);
			ev->beat++;
			for (s = ev->streams; s; s = s->next)
				if (s->suspended) {
					s->suspended = 0;
					MHD_resume_connection(s->conn);
				}
			pthread_mutex_unlock(&ev->lock);
		}
	}
	store_listen_close(l);
	return NULL;
}

int
events_start(struct events **out, struct app *app, char **err)
{
	struct events *ev = calloc(1, sizeof(*ev));

	*out = NULL;
	if (ev == NULL) {
		*err = strdup("out of memory");
		return -1;
	}
	ev->app = app;
	pthread_mutex_init(&ev->lock, NULL);
	/* Listen before the server answers anyone: a change another process
	 * makes right after we start must not be missed (on SQLite there is
	 * no one else, and this answers STORE_ENOTFOUND). */
	{
		char *why = NULL;
		int rc = store_listen_open(app->store, EVENTS_CHANNEL,
		    &ev->first, &why);

		if (rc < 0 && rc != STORE_ENOTFOUND)
			log_warn("msg=\"cannot listen for queue changes\" "
			    "error=\"%s\"", why ? why : "?");
		free(why);
	}
	if (pthread_create(&ev->thread, NULL, events_thread, ev) != 0) {
		store_listen_close(ev->first);
		pthread_mutex_destroy(&ev->lock);
		free(ev);
		*err = strdup("cannot start the events thread");
		return -1;
	}
	ev->have_thread = 1;
	*out = ev;
	return 0;
}

void
events_shutdown(struct events *ev)
{
	struct stream *s;

	if (ev == NULL)
		return;
	pthread_mutex_lock(&ev->lock);
	ev->closing = 1;
	for (s = ev->streams; s; s = s->next)
		if (s->suspended) {
			s->suspended = 0;
			MHD_resume_connection(s->conn);
		}
	pthread_mutex_unlock(&ev->lock);
}

void
events_free(struct events *ev)
{
	if (ev == NULL)
		return;
	ev->stop = 1;
	if (ev->have_thread)
		pthread_join(ev->thread, NULL);
	/* Every stream's free callback ran when the daemon stopped. */
	pthread_mutex_destroy(&ev->lock);
	while (ev->ngens)
		free(ev->gens[--ev->ngens].board);
	free(ev->gens);
	free(ev);
}

void
events_publish(struct events *ev, const char *center)
{
	struct store_conn *c;
	char payload[48];

	if (ev == NULL)
		return;
	pthread_mutex_lock(&ev->lock);
	bump(ev, center);
	pthread_mutex_unlock(&ev->lock);
	/* Other processes sharing the store hear of it too. */
	c = store_conn(ev->app->store);
	snprintf(payload, sizeof(payload), "%d:%s", (int)getpid(), center);
	if (c && store_notify(c, EVENTS_CHANNEL, payload) < 0)
		log_warn("msg=\"cannot notify other processes\" center=%s",
		    center);
}

/* Renders the stream's next event into s->pending (outside the lock). */
static int
render(struct stream *s, struct buf *out)
{
	struct store_conn *c = store_conn(s->ev->app->store);
	struct buf body = BUF_INIT;
	struct jw w;
	int day, minute, rc;

	if (c == NULL)
		return -1;
	jw_init(&w, &body);
	if (s->ticket_id) {
		rc = queue_ticket_write(c, s->ev->app->public_url, s->ticket_id,
		    &w);
		rc = rc == 1 ? 0 : -1;
	} else {
		cal_local(app_now(s->ev->app), &day, &minute);
		rc = queue_board_write(c, s->center, day, &w);
	}
	if (rc == 0 && !buf_failed(&body)) {
		buf_adds(out, s->ticket_id ? "event: ticket\ndata: " :
		    "event: board\ndata: ");
		buf_add(out, body.data, body.len);
		buf_adds(out, "\n\n");
	}
	buf_release(&body);
	return rc;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *dst, size_t max)
{
	struct stream *s = cls;
	struct events *ev = s->ev;
	struct gen *g;
	size_t n;

	pthread_mutex_lock(&ev->lock);
	for (;;) {
		if (ev->closing) {
			pthread_mutex_unlock(&ev->lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (s->sent < s->pending.len) {
			n = s->pending.len - s->sent;
			if (n > max)
				n = max;
			memcpy(dst, s->pending.data + s->sent, n);
			s->sent += n;
			if (s->sent == s->pending.len) {
				buf_reset(&s->pending);
				s->sent = 0;
			}
			pthread_mutex_unlock(&ev->lock);
			return (ssize_t)n;
		}
		g = gen_of(ev, s->center);
		if (g && g->gen != s->seen) {
			struct buf out = BUF_INIT;
			uint64_t gen = g->gen;
			int rc;

			s->seen = gen;
			/* Boards share one rendering per generation. */
			if (!s->ticket_id && g->board && g->board_gen == gen) {
				buf_add(&s->pending, g->board, g->board_len);
				continue;
			}
			pthread_mutex_unlock(&ev->lock);
			rc = render(s, &out);
			pthread_mutex_lock(&ev->lock);
			if (rc < 0) {
				buf_release(&out);
				pthread_mutex_unlock(&ev->lock);
				return MHD_CONTENT_READER_END_WITH_ERROR;
			}
			buf_add(&s->pending, out.data, out.len);
			g = gen_of(ev, s->center);
			if (!s->ticket_id && g && g->gen == gen) {
				char *copy = malloc(out.len ? out.len : 1);

				if (copy) {
					memcpy(copy, out.data, out.len);
					free(g->board);
					g->board = copy;
					g->board_len = out.len;
					g->board_gen = gen;
				}
			}
			buf_release(&out);
			continue;
		}
		if (s->beat_seen != ev->beat) {
			s->beat_seen = ev->beat;
			buf_adds(&s->pending, ": still here\n\n");
			continue;
		}
		/* Nothing to say: sleep until a publish or a heartbeat. */
		s->suspended = 1;
		MHD_suspend_connection(s->conn);
		pthread_mutex_unlock(&ev->lock);
		return 0;
	}
}

static void
stream_free(void *cls)
{
	struct stream *s = cls;
	struct events *ev = s->ev;

	pthread_mutex_lock(&ev->lock);
	if (s->prev)
		s->prev->next = s->next;
	else
		ev->streams = s->next;
	if (s->next)
		s->next->prev = s->prev;
	pthread_mutex_unlock(&ev->lock);
	buf_release(&s->pending);
	free(s);
}

int
events_stream(struct http_req *r, const char *center, int64_t ticket_id)
{
	struct events *ev = r->app->events;
	struct stream *s;

	if (ev == NULL)
		return -1;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	s->ev = ev;
	s->conn = r->conn;
	snprintf(s->center, sizeof(s->center), "%s", center);
	s->ticket_id = ticket_id;
	buf_init(&s->pending);
	/* A retry hint for the browser, then the current state at once. */
	buf_adds(&s->pending, "retry: 2000\n\n");
	pthread_mutex_lock(&ev->lock);
	s->beat_seen = ev->beat;
	s->seen = 0;	/* differs from every generation: render now */
	s->next = ev->streams;
	if (ev->streams)
		ev->streams->prev = s;
	ev->streams = s;
	pthread_mutex_unlock(&ev->lock);
	r->reader = stream_read;
	r->reader_cls = s;
	r->reader_free = stream_free;
	r->status = 200;
	r->content_type = "text/event-stream; charset=utf-8";
	r->answered = 1;
	http_add_header(r, "X-Accel-Buffering", "no");
	return 0;
}
