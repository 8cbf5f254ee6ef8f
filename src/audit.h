/*
 * audit.h - the audit log: a hash chain appended in batches.
 *
 * Every sign-in, every refusal and every staff read of personal data is
 * an entry: who (account, role), when, what (action), which record
 * (target, never an ID number), why (purpose), the outcome and the
 * request id.  Entry n stores hash(n) = SHA-256(hash(n-1), n, fields),
 * so editing, deleting or reordering any entry breaks the chain from
 * there on; audit_verify() finds the first break.
 *
 * Requests only queue entries (audit_append: no database work on the
 * request path).  One writer thread takes everything queued and writes
 * it in one transaction — one commit, one fsync for many requests (group
 * commit) — after locking the chain's head row, so several server
 * processes sharing one PostgreSQL extend one chain.  Before a response
 * leaves, the HTTP layer waits for its entries (audit_wait): what was
 * read is on record before it is seen, and a failed append turns the
 * answer into a 503.
 */
#ifndef TONGBAN_AUDIT_H
#define TONGBAN_AUDIT_H

#include <stdint.h>

struct audit;
struct store;
struct store_conn;

struct audit_entry {
	int64_t at;			/* unix seconds */
	int64_t actor_id;		/* 0: anonymous */
	const char *actor_role, *action, *target, *purpose, *outcome;
	const char *request_id;
};

/* Starts the writer thread on store st.  0, or -1 with *err (malloc'd). */
int audit_start(struct audit **out, struct store *st, char **err);
/* Writes what is queued, stops the thread and frees everything. */
void audit_stop(struct audit *a);

/* Queues a copy of e; returns its ticket (> 0), or -1 out of memory. */
int64_t audit_append(struct audit *a, const struct audit_entry *e);
/* Waits until ticket is written: 0, or -1 when its batch failed. */
int audit_wait(struct audit *a, int64_t ticket);

/*
 * Writes entries at once in the caller's thread (tools and tests
 * without a server): one batch.  0 or -1.
 */
int audit_write_now(struct store_conn *c, const struct audit_entry *e,
    int n);

/*
 * Checks the whole chain.  0 when intact (*count entries); 1 when broken
 * with *why (malloc'd) naming the first entry that does not fit and how;
 * -1 on a store failure.
 */
int audit_verify(struct store_conn *c, int64_t *count, char **why);

/* `tongban audit verify --db URL`. */
int audit_main(int argc, char **argv);

#endif
