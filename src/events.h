/*
 * events.h - live updates: Server-Sent Events for display boards and
 * ticket pages.
 *
 * Each center has a generation number that queue changes bump
 * (events_publish).  An event stream is a libmicrohttpd response whose
 * reader renders the board (or one ticket) whenever the generation
 * moved since it last wrote, and otherwise suspends its connection; a
 * publish resumes the suspended streams of that center, so no thread
 * waits per client and a call reaches every board at once.
 *
 * Across processes sharing PostgreSQL, a publish also sends NOTIFY
 * tongban_queue '<pid>:<center>'; each process's events thread LISTENs
 * and bumps the generation for other processes' changes.  The same
 * thread sends a comment line to every stream every 15 seconds, so
 * proxies keep the streams open and dead clients are noticed.
 */
#ifndef TONGBAN_EVENTS_H
#define TONGBAN_EVENTS_H

#include <stdint.h>

#include "http.h"

struct app;
struct events;

int events_start(struct events **out, struct app *app, char **err);
/* Ends every stream and resumes every suspended connection: call before
 * the HTTP daemon stops (libmicrohttpd forbids stopping with suspended
 * connections). */
void events_shutdown(struct events *ev);
void events_free(struct events *ev);

/* A center's queue changed (after the commit). */
void events_publish(struct events *ev, const char *center);

/* Makes r's answer an event stream of the center's board, or of one
 * ticket when ticket_id > 0. */
int events_stream(struct http_req *r, const char *center, int64_t ticket_id);

#endif
