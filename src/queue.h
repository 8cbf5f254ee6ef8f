/*
 * queue.h - the in-person side of a center: tickets, windows, the order
 * of calling and the board (queue.c), shared with appointments.
 */
#ifndef TONGBAN_QUEUE_H
#define TONGBAN_QUEUE_H

#include <stdint.h>

#include "http.h"
#include "licences.h"

struct app;
struct store_conn;

struct queue_ticket_new {
	const char *center, *group;	/* group: one capital letter */
	const char *source;		/* walk-in, appointment, staff */
	int priority;			/* 2 appointment, 1 priority group, 0 */
	const char *priority_reason;	/* elderly, disabled, pregnant */
	int64_t account_id, appointment_id;	/* 0 when none */
	int64_t arrived_at;		/* 0: now */
};

/* Issues a ticket inside the caller's transaction. */
int queue_issue(struct store_conn *c, const struct queue_ticket_new *t,
    int64_t now, int64_t *id, char label[16],
    char code[LICENCE_CODE_LEN + 1]);

/* The ticket as its holder sees it (place, estimated wait) into w:
 * 1, 0 when there is no such ticket, < 0 on a store failure. */
struct jw;
int queue_ticket_write(struct store_conn *c, const char *public_url,
    int64_t id, struct jw *w);

/* Answers with the ticket as its holder sees it (place, estimated wait). */
int queue_ticket_answer(struct http_req *r, struct store_conn *c, int64_t id,
    int status);

/* The board of a center (waiting per group, the last calls) into w. */
int queue_board_write(struct store_conn *c, const char *center, int day,
    struct jw *w);

/* The center's queue changed: live boards are told (see events.h). */
void queue_changed(struct app *app, const char *center);

#endif
