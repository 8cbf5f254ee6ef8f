/*
 * sqlite.c - the SQLite backend of store.h: the embedded default.
 *
 * Each connection runs in WAL mode with synchronous=FULL, so a commit
 * that was acknowledged survives kill -9 and power loss alike, and
 * readers never block the writer.  Write transactions start with BEGIN
 * IMMEDIATE so that two writers queue on the busy timeout instead of
 * failing halfway with SQLITE_BUSY on their first write.
 *
 * Statements are written with $1..$N parameters (store.h); SQLite would
 * read "$1" as a named parameter numbered by first appearance, so the
 * text is rewritten to ?1..?N once, at prepare time.  The rewrite only
 * ever sees our own string literals, never input.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "log.h"
#include "store/backend.h"

struct store_rows {
	const struct store_backend *be;	/* must be first: see store.c */
	sqlite3_stmt *stmt;
};

enum { TXN_BEGIN_WRITE, TXN_BEGIN_READ, TXN_COMMIT, TXN_ROLLBACK, TXN_N };

struct sqlite_conn {
	sqlite3 *db;
	sqlite3_stmt *txn[TXN_N];	/* transaction control, prepared once */
	sqlite3_stmt **stmts;	/* prepared statements by slot */
	int nstmts;
	struct store_rows rows;	/* the one open cursor */
};

static int
map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return 0;
	case SQLITE_CONSTRAINT:
		return STORE_ECONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_EBUSY;
	case SQLITE_IOERR:
	case SQLITE_FULL:
		return STORE_EIO;
	default:
		return STORE_ERROR;
	}
}

/*
 * Process-wide settings, made once before the first connection: each
 * connection is used by one thread at a time (MULTITHREAD), and the
 * memory statistics are off, since keeping them takes a global mutex on
 * every allocation and that mutex dominated a profile of the read
 * endpoints under load.
 */
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

static void
sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

static int
sq_connect(const char *path, void **out, char **err)
{
	static const char setup[] =
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA temp_store=MEMORY;";
	struct sqlite_conn *c;
	int rc;

	pthread_once(&sq_once, sq_configure);
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		*err = strdup("out of memory");
		return STORE_ERROR;
	}
	rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (asprintf(err, "cannot open \"%s\": %s", path,
		    c->db ? sqlite3_errmsg(c->db) : "out of memory") < 0)
			*err = NULL;
		sqlite3_close(c->db);
		free(c);
		return STORE_ERROR;
	}
	sqlite3_busy_timeout(c->db, 10000);
	if (sqlite3_exec(c->db, setup, NULL, NULL, NULL) != SQLITE_OK) {
		if (asprintf(err, "cannot set up \"%s\": %s", path,
		    sqlite3_errmsg(c->db)) < 0)
			*err = NULL;
		sqlite3_close(c->db);
		free(c);
		return STORE_ERROR;
	}
	c->rows.be = &store_sqlite_backend;
	*out = c;
	return 0;
}

static void
sq_disconnect(void *p)
{
	struct sqlite_conn *c = p;
	int i;

	for (i = 0; i < c->nstmts; i++)
		sqlite3_finalize(c->stmts[i]);
	for (i = 0; i < TXN_N; i++)
		sqlite3_finalize(c->txn[i]);
	free(c->stmts);
	sqlite3_close(c->db);
	free(c);
}

static const char *
sq_errmsg(void *p)
{
	return sqlite3_errmsg(((struct sqlite_conn *)p)->db);
}

static int
sq_exec_script(void *p, const char *sql)
{
	return map_rc(sqlite3_exec(((struct sqlite_conn *)p)->db, sql, NULL,
	    NULL, NULL));
}

/* Runs one of the transaction statements, preparing it the first time:
 * requests open and close transactions often, and parsing "BEGIN" each
 * time showed in profiles. */
static int
txn(struct sqlite_conn *c, int which)
{
	static const char *const sql[TXN_N] = { "BEGIN IMMEDIATE", "BEGIN",
		"COMMIT", "ROLLBACK" };
	int rc;

	if (c->txn[which] == NULL &&
	    sqlite3_prepare_v3(c->db, sql[which], -1,
	    SQLITE_PREPARE_PERSISTENT, &c->txn[which], NULL) != SQLITE_OK)
		return STORE_ERROR;
	rc = sqlite3_step(c->txn[which]);
	sqlite3_reset(c->txn[which]);
	return rc == SQLITE_DONE ? 0 : map_rc(rc) ? map_rc(rc) : STORE_ERROR;
}

static int
sq_begin(void *p)
{
	return txn(p, TXN_BEGIN_WRITE);
}

/* A deferred transaction: the reads that follow share one snapshot and
 * one WAL read lock instead of taking it once per statement. */
static int
sq_begin_read(void *p)
{
	return txn(p, TXN_BEGIN_READ);
}

static int
sq_commit(void *p)
{
	return txn(p, TXN_COMMIT);
}

static int
sq_rollback(void *p)
{
	struct sqlite_conn *c = p;

	if (sqlite3_get_autocommit(c->db))
		return 0;	/* nothing open: an error already rolled back */
	return txn(c, TXN_ROLLBACK);
}

static int
sq_lock_migrations(void *p)
{
	/* BEGIN IMMEDIATE already holds the database's write lock. */
	return 0;
}

/* "$12" -> "?12": the parameter syntax store.h promises, in SQLite's. */
static char *
rewrite_params(const char *sql)
{
	struct buf b = BUF_INIT;
	const char *s;

	for (s = sql; *s; s++) {
		if (*s == '$' && isdigit((unsigned char)s[1]))
			buf_addch(&b, '?');
		else
			buf_addch(&b, *s);
	}
	return buf_detach(&b, NULL);
}

static sqlite3_stmt *
prepared(struct sqlite_conn *c, struct store_sql *q)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	if (q->slot > c->nstmts) {
		int n = q->slot + 32;
		sqlite3_stmt **v = realloc(c->stmts, (size_t)n * sizeof(*v));

		if (v == NULL)
			return NULL;
		memset(v + c->nstmts, 0, (size_t)(n - c->nstmts) * sizeof(*v));
		c->stmts = v;
		c->nstmts = n;
	}
	if (c->stmts[q->slot - 1])
		return c->stmts[q->slot - 1];
	sql = rewrite_params(q->sql);
	if (sql == NULL)
		return NULL;
	rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		log_error("msg=\"prepare failed\" stmt=%s error=\"%s\"",
		    q->name, sqlite3_errmsg(c->db));
		return NULL;
	}
	c->stmts[q->slot - 1] = st;
	return st;
}

static int
sq_query(void *p, struct store_sql *q, const struct store_val *v, int nv,
    struct store_rows **out, int *changed)
{
	struct sqlite_conn *c = p;
	sqlite3_stmt *st = prepared(c, q);
	int i, rc = SQLITE_OK;

	if (st == NULL)
		return STORE_ERROR;
	for (i = 0; i < nv && rc == SQLITE_OK; i++) {
		switch (v[i].type) {
		case STORE_NULL:
			rc = sqlite3_bind_null(st, i + 1);
			break;
		case STORE_INT:
			rc = sqlite3_bind_int64(st, i + 1, v[i].i);
			break;
		case STORE_REAL:
			rc = sqlite3_bind_double(st, i + 1, v[i].r);
			break;
		case STORE_TEXT:
			rc = sqlite3_bind_text(st, i + 1, v[i].s, -1,
			    SQLITE_STATIC);
			break;
		}
	}
	if (rc != SQLITE_OK) {
		log_error("msg=\"bind failed\" stmt=%s error=\"%s\"", q->name,
		    sqlite3_errmsg(c->db));
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return STORE_ERROR;
	}
	if (out) {
		c->rows.stmt = st;
		*out = &c->rows;
		return 0;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return map_rc(rc);
	if (changed)
		*changed = sqlite3_changes(c->db);
	return 0;
}

static int
sq_next(struct store_rows *r)
{
	int rc = sqlite3_step(r->stmt);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return map_rc(rc) ? map_rc(rc) : STORE_ERROR;
}

static int
sq_isnull(struct store_rows *r, int col)
{
	return sqlite3_column_type(r->stmt, col) == SQLITE_NULL;
}

static const char *
sq_text(struct store_rows *r, int col)
{
	return (const char *)sqlite3_column_text(r->stmt, col);
}

static int64_t
sq_int64(struct store_rows *r, int col)
{
	return sqlite3_column_int64(r->stmt, col);
}

static double
sq_real(struct store_rows *r, int col)
{
	return sqlite3_column_double(r->stmt, col);
}

static void
sq_rows_free(struct store_rows *r)
{
	sqlite3_reset(r->stmt);
	sqlite3_clear_bindings(r->stmt);
	r->stmt = NULL;
}

extern const struct store_migration store_sqlite_migrations[];

const struct store_backend store_sqlite_backend = {
	.name = "sqlite",
	.one_writer = 1,
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.errmsg = sq_errmsg,
	.exec_script = sq_exec_script,
	.begin = sq_begin,
	.begin_read = sq_begin_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.lock_migrations = sq_lock_migrations,
	.query = sq_query,
	.next = sq_next,
	.isnull = sq_isnull,
	.text = sq_text,
	.int64 = sq_int64,
	.real = sq_real,
	.rows_free = sq_rows_free,
	.migrations = store_sqlite_migrations,
	.backup = sqlite_backup,	/* in store/sqlite_backup.c */
	.restore = sqlite_restore,
};
