/*
 * outbox.h - messages to people (SMS codes and notices) through an
 * outbox table and a gateway.
 *
 * A message is queued in the same transaction as the change that causes
 * it (outbox_queue), so it exists exactly when the change does.  After
 * the commit, outbox_flush() hands unsent messages to the gateway.  Each
 * message is claimed with a conditional UPDATE before it is handed over,
 * so two threads or processes flushing at once never send it twice.
 *
 * The gateway of the demo appends one JSON line a message to a file
 * (--sms-file), which tests read; a real SMS gateway implements
 * outbox_send_fn the same way.
 */
#ifndef TONGBAN_OUTBOX_H
#define TONGBAN_OUTBOX_H

#include <stdint.h>

struct app;
struct store_conn;

int outbox_queue(struct store_conn *c, const char *channel,
    const char *recipient, const char *body, int64_t now);
/* Sends what is queued; returns how many were sent or < 0. */
int outbox_flush(struct app *app, struct store_conn *c, int64_t now);

#endif
