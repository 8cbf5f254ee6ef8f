/*
 * audit.c - the hash-chained audit log and its group-commit writer.
 *
 * Layout.  audit_log rows carry seq (1, 2, 3, ... with no gap),
 * prev_hash (the hash of seq - 1; 64 zeros for the first) and hash.
 * audit_head holds one row: the last seq and its hash.  A batch takes
 * the head row's lock first (an UPDATE of it), so appenders in other
 * processes queue behind it and the chain never forks; then it chains
 * any rows written without a hash (a database from before the chain),
 * appends its entries, moves the head and commits once.
 *
 * hash(n) = SHA-256 over: the previous hash in hex, then seq and every
 * field, each as "<length>:<bytes>" (NULL as "-"), so no choice of field
 * contents can make two different entries hash alike.
 *
 * The queue.  Requests append a copy of their entry and get a ticket;
 * the writer takes everything queued as one batch.  Tickets are given
 * in queue order and batches are written in that order, so "resolved"
 * (the last ticket of the last batch written or failed) tells a waiter
 * when to look; the ranges of failed batches are kept in a small ring.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "buf.h"
#include "log.h"
#include "store.h"

#define AUDIT_BATCH_MAX 1000	/* entries in one transaction */
#define AUDIT_FAILED_RING 16	/* failed batches remembered */
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct pending {
	struct audit_entry e;	/* strings owned (strdup) */
	int64_t ticket;
};

struct audit {
	struct store *st;
	pthread_mutex_t lock;
	pthread_cond_t more;	/* the writer: something queued, or stop */
	pthread_cond_t done;	/* waiters: a batch was resolved */
	struct pending *q;	/* queued, in ticket order */
	size_t n, cap;
	int64_t next_ticket;	/* the last ticket given */
	int64_t resolved;	/* every ticket <= this is written or failed */
	int64_t failed[AUDIT_FAILED_RING][2];	/* [first, last] of a batch */
	int nfailed;
	int stop;
	pthread_t thread;
};

STORE_SQL(q_head_lock,
    "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash");
STORE_SQL(q_head_set, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1");
STORE_SQL(q_unchained,
    "SELECT id, at, actor_id, actor_role, action, target, purpose, outcome,"
    " request_id FROM audit_log WHERE seq IS NULL ORDER BY id");
STORE_SQL(q_chain_row,
    "UPDATE audit_log SET seq = $2, prev_hash = $3, hash = $4 WHERE id = $1");
STORE_SQL(q_append,
    "INSERT INTO audit_log (at, actor_id, actor_role, action, target,"
    " purpose, outcome, request_id, seq, prev_hash, hash)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");

/* ------------------------------------------------------------------ */
/* The chain                                                           */

static void
feed(crypto_hash_sha256_state *st, const char *s)
{
	char len[32];

	if (s == NULL) {
		crypto_hash_sha256_update(st, (const unsigned char *)"-", 1);
		return;
	}
	snprintf(len, sizeof(len), "%zu:", strlen(s));
	crypto_hash_sha256_update(st, (const unsigned char *)len, strlen(len));
	crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

static void
feed_int(crypto_hash_sha256_state *st, int64_t v, int null)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	feed(st, null ? NULL : num);
}

/* hash(seq, e) after prev (hex): into out (65 bytes, hex). */
static void
chain_hash(const char *prev, int64_t seq, const struct audit_entry *e,
    char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	feed(&st, prev);
	feed_int(&st, seq, 0);
	feed_int(&st, e->at, 0);
	feed_int(&st, e->actor_id, e->actor_id == 0);
	feed(&st, e->actor_role);
	feed(&st, e->action);
	feed(&st, e->target);
	feed(&st, e->purpose);
	feed(&st, e->outcome);
	feed(&st, e->request_id);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* A row's entry: strings point into rows (valid until store_next). */
static void
row_entry(struct store_rows *rows, int first, struct audit_entry *e)
{
	e->at = store_int(rows, first);
	e->actor_id = store_isnull(rows, first + 1) ? 0 :
	    store_int(rows, first + 1);
	e->actor_role = store_text(rows, first + 2);
	e->action = store_text(rows, first + 3);
	e->target = store_text(rows, first + 4);
	e->purpose = store_text(rows, first + 5);
	e->outcome = store_text(rows, first + 6);
	e->request_id = store_text(rows, first + 7);
}

/* Chains rows written before the chain existed, in id order. */
static int
adopt_unchained(struct store_conn *c, int64_t *seq, char hash[65])
{
	struct store_rows *rows;
	int64_t *ids = NULL;
	char (*hashes)[65] = NULL;
	size_t n = 0, i;
	int rc;

	if (store_query(c, &q_unchained, NULL, 0, &rows) < 0)
		return -1;
	while ((rc = store_next(rows)) == 1) {
		struct audit_entry e;
		int64_t *ni = realloc(ids, (n + 1) * sizeof(*ids));
		char (*nh)[65] = realloc(hashes, (n + 1) * sizeof(*hashes));

		if (ni)
			ids = ni;
		if (nh)
			hashes = nh;
		if (!ni || !nh) {
			rc = -1;
			break;
		}
		row_entry(rows, 1, &e);
		ids[n] = store_int(rows, 0);
		chain_hash(n ? hashes[n - 1] : hash, *seq + (int64_t)n + 1, &e,
		    hashes[n]);
		n++;
	}
	store_rows_free(rows);
	for (i = 0; rc >= 0 && i < n; i++) {
		struct store_val p[] = { SV_INT(ids[i]),
			SV_INT(*seq + (int64_t)i + 1),
			SV_TEXT(i ? hashes[i - 1] : hash), SV_TEXT(hashes[i]) };

		if (store_exec(c, &q_chain_row, p, 4) < 0)
			rc = -1;
	}
	if (rc >= 0 && n) {
		*seq += (int64_t)n;
		memcpy(hash, hashes[n - 1], 65);
	}
	free(ids);
	free(hashes);
	return rc < 0 ? -1 : 0;
}

/* One batch, one transaction. */
static int
write_batch(struct store_conn *c, const struct audit_entry *e, int n)
{
	struct store_rows *rows;
	char hash[65] = ZERO_HASH, next[65];
	int64_t seq = 0;
	int i, rc;

	if (store_begin(c) < 0)
		return -1;
	if (store_query(c, &q_head_lock, NULL, 0, &rows) < 0)
		goto fail;
	if ((rc = store_next(rows)) == 1) {
		seq = store_int(rows, 0);
		snprintf(hash, sizeof(hash), "%s", store_text(rows, 1));
	}
	store_rows_free(rows);
	if (rc != 1 || adopt_unchained(c, &seq, hash) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		seq++;
		chain_hash(hash, seq, &e[i], next);
		{
			struct store_val p[] = { SV_INT(e[i].at),
				e[i].actor_id ? SV_INT(e[i].actor_id) : SV_NULL,
				SV_TEXT(e[i].actor_role), SV_TEXT(e[i].action),
				SV_TEXT(e[i].target), SV_TEXT(e[i].purpose),
				SV_TEXT(e[i].outcome), SV_TEXT(e[i].request_id),
				SV_INT(seq), SV_TEXT(hash), SV_TEXT(next) };

			if (store_exec(c, &q_append, p, 11) < 0)
				goto fail;
		}
		memcpy(hash, next, sizeof(hash));
	}
	{
		struct store_val p[] = { SV_INT(seq), SV_TEXT(hash) };

		if (store_exec(c, &q_head_set, p, 2) < 0)
			goto fail;
	}
	return store_commit(c) < 0 ? (store_rollback(c), -1) : 0;
fail:
	store_rollback(c);
	return -1;
}

int
audit_write_now(struct store_conn *c, const struct audit_entry *e, int n)
{
	return write_batch(c, e, n);
}

/* ------------------------------------------------------------------ */
/* The queue and the writer                                            */

static void
pending_release(struct pending *p)
{
	free((char *)p->e.actor_role);
	free((char *)p->e.action);
	free((char *)p->e.target);
	free((char *)p->e.purpose);
	free((char *)p->e.outcome);
	free((char *)p->e.request_id);
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int64_t
audit_append(struct audit *a, const struct audit_entry *e)
{
	struct pending p;
	int64_t ticket;

	p.e = *e;
	p.e.actor_role = dup_or_null(e->actor_role);
	p.e.action = dup_or_null(e->action);
	p.e.target = dup_or_null(e->target);
	p.e.purpose = dup_or_null(e->purpose);
	p.e.outcome = dup_or_null(e->outcome);
	p.e.request_id = dup_or_null(e->request_id);
	if ((e->actor_role && !p.e.actor_role) || !p.e.action ||
	    (e->target && !p.e.target) || (e->purpose && !p.e.purpose) ||
	    !p.e.outcome || (e->request_id && !p.e.request_id)) {
		pending_release(&p);
		return -1;
	}
	pthread_mutex_lock(&a->lock);
	if (a->n == a->cap) {
		size_t ncap = a->cap ? a->cap * 2 : 64;
		struct pending *nq = realloc(a->q, ncap * sizeof(*nq));

		if (nq == NULL) {
			pthread_mutex_unlock(&a->lock);
			pending_release(&p);
			return -1;
		}
		a->q = nq;
		a->cap = ncap;
	}
	p.ticket = ticket = ++a->next_ticket;
	a->q[a->n++] = p;
	pthread_cond_signal(&a->more);
	pthread_mutex_unlock(&a->lock);
	return ticket;
}

int
audit_wait(struct audit *a, int64_t ticket)
{
	int i, failed = 0;

	pthread_mutex_lock(&a->lock);
	while (a->resolved < ticket)
		pthread_cond_wait(&a->done, &a->lock);
	for (i = 0; i < a->nfailed && i < AUDIT_FAILED_RING; i++)
		if (ticket >= a->failed[i][0] && ticket <= a->failed[i][1])
			failed = 1;
	pthread_mutex_unlock(&a->lock);
	return failed ? -1 : 0;
}

static void *
writer(void *arg)
{
	struct audit *a = arg;
	struct audit_entry e[AUDIT_BATCH_MAX];
	struct pending batch[AUDIT_BATCH_MAX];

	for (;;) {
		struct store_conn *c;
		size_t n, i;
		int rc;

		pthread_mutex_lock(&a->lock);
		while (!a->stop && a->n == 0)
			pthread_cond_wait(&a->more, &a->lock);
		if (a->n == 0) {	/* stopping, nothing left */
			pthread_mutex_unlock(&a->lock);
			break;
		}
		n = a->n < AUDIT_BATCH_MAX ? a->n : AUDIT_BATCH_MAX;
		memcpy(batch, a->q, n * sizeof(*batch));
		memmove(a->q, a->q + n, (a->n - n) * sizeof(*a->q));
		a->n -= n;
		pthread_mutex_unlock(&a->lock);

		for (i = 0; i < n; i++)
			e[i] = batch[i].e;
		c = store_conn(a->st);
		rc = c ? write_batch(c, e, (int)n) : -1;
		if (rc < 0)
			log_error("msg=\"audit batch failed\" entries=%zu", n);

		pthread_mutex_lock(&a->lock);
		if (rc < 0) {
			a->failed[a->nfailed % AUDIT_FAILED_RING][0] =
			    batch[0].ticket;
			a->failed[a->nfailed % AUDIT_FAILED_RING][1] =
			    batch[n - 1].ticket;
			a->nfailed++;
		}
		a->resolved = batch[n - 1].ticket;
		pthread_cond_broadcast(&a->done);
		pthread_mutex_unlock(&a->lock);
		for (i = 0; i < n; i++)
			pending_release(&batch[i]);
	}
	return NULL;
}

int
audit_start(struct audit **out, struct store *st, char **err)
{
	struct audit *a = calloc(1, sizeof(*a));

	*out = NULL;
	*err = NULL;
	if (a == NULL) {
		*err = strdup("out of memory");
		return -1;
	}
	a->st = st;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->more, NULL);
	pthread_cond_init(&a->done, NULL);
	if (pthread_create(&a->thread, NULL, writer, a) != 0) {
		pthread_cond_destroy(&a->more);
		pthread_cond_destroy(&a->done);
		pthread_mutex_destroy(&a->lock);
		free(a);
		*err = strdup("cannot start the audit writer");
		return -1;
	}
	*out = a;
	return 0;
}

void
audit_stop(struct audit *a)
{
	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = 1;
	pthread_cond_signal(&a->more);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	free(a->q);
	pthread_cond_destroy(&a->more);
	pthread_cond_destroy(&a->done);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

/* ------------------------------------------------------------------ */
/* Verification                                                        */

STORE_SQL(q_verify,
    "SELECT seq, at, actor_id, actor_role, action, target, purpose, outcome,"
    " request_id, prev_hash, hash, id FROM audit_log"
    " ORDER BY seq IS NULL, seq, id");
STORE_SQL(q_head, "SELECT seq, hash FROM audit_head WHERE id = 1");

int
audit_verify(struct store_conn *c, int64_t *count, char **why)
{
	struct store_rows *rows;
	char prev[65] = ZERO_HASH, want[65];
	int64_t expect = 1, head_seq = -1;
	char head_hash[65] = "";
	int rc, broken = 0;

	*count = 0;
	*why = NULL;
	if (store_begin_read(c) < 0)
		return -1;
	if (store_query(c, &q_head, NULL, 0, &rows) < 0)
		goto fail;
	if ((rc = store_next(rows)) == 1) {
		head_seq = store_int(rows, 0);
		snprintf(head_hash, sizeof(head_hash), "%s",
		    store_text(rows, 1));
	}
	store_rows_free(rows);
	if (rc < 0)
		goto fail;
	if (store_query(c, &q_verify, NULL, 0, &rows) < 0)
		goto fail;
	while (!broken && (rc = store_next(rows)) == 1) {
		struct audit_entry e;
		int64_t seq = store_int(rows, 0);
		const char *ph = store_text(rows, 9), *h = store_text(rows, 10);
		int n = -1;

		if (store_isnull(rows, 0))
			n = asprintf(why, "entry id %lld is not in the chain "
			    "(no seq): written around the chain",
			    (long long)store_int(rows, 11));
		else if (seq != expect)
			n = asprintf(why, "entry %lld is missing: the chain "
			    "goes from %lld to %lld (deleted or reordered)",
			    (long long)expect, (long long)(expect - 1),
			    (long long)seq);
		else if (ph == NULL || strcmp(ph, prev) != 0)
			n = asprintf(why, "entry %lld does not follow entry "
			    "%lld: its previous hash differs (reordered or "
			    "replaced)", (long long)seq, (long long)(seq - 1));
		else {
			row_entry(rows, 1, &e);
			chain_hash(prev, seq, &e, want);
			if (h == NULL || strcmp(h, want) != 0)
				n = asprintf(why, "entry %lld was changed: its "
				    "hash does not match its contents",
				    (long long)seq);
			else
				memcpy(prev, want, sizeof(prev));
		}
		if (n >= 0 || *why)
			broken = 1;
		else {
			expect++;
			(*count)++;
		}
	}
	store_rows_free(rows);
	if (!broken && rc < 0)
		goto fail;
	if (!broken && (head_seq != expect - 1 ||
	    strcmp(head_hash, prev) != 0)) {
		if (asprintf(why, "the chain ends at entry %lld but its head "
		    "says %lld: entries at the end were deleted",
		    (long long)(expect - 1), (long long)head_seq) < 0)
			*why = NULL;
		broken = 1;
	}
	store_rollback(c);
	if (broken && *why == NULL)
		*why = strdup("the chain is broken");
	return broken ? 1 : 0;
fail:
	store_rollback(c);
	return -1;
}

static const char usage[] =
    "usage: tongban audit verify [--db URL]\n"
    "\n"
    "Checks the audit log's hash chain: every entry in order, none missing,\n"
    "none changed, the head at the last.  Exit 0 intact, 1 broken (the\n"
    "first entry that does not fit is named), 2 bad usage.\n";

int
audit_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "sqlite:tongban.db";
	struct store *st = NULL;
	char *err = NULL, *why = NULL;
	int64_t count = 0;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		fputs(usage, stderr);
		return 2;
	}
	optind = 1;
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (store_open(&st, db, &err) < 0 || store_migrate(st, &err) < 0) {
		fprintf(stderr, "tongban audit: %s\n", err ? err : db);
		free(err);
		store_close(st);
		return 1;
	}
	rc = audit_verify(store_conn(st), &count, &why);
	if (rc == 0)
		printf("audit log intact: %lld entries\n", (long long)count);
	else if (rc > 0)
		printf("audit log BROKEN after %lld good entries: %s\n",
		    (long long)count, why);
	else
		fprintf(stderr, "tongban audit: cannot read the audit log\n");
	free(why);
	store_close(st);
	return rc == 0 ? 0 : 1;
}
