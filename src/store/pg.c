/*
 * pg.c - the PostgreSQL backend of store.h: the store for a city-scale
 * deployment where several tongban processes share one database.
 *
 * Every statement goes through PQprepare/PQexecPrepared (named "s<slot>"
 * per connection), so values only ever travel as parameters.  Values are
 * sent and received as text: integers are formatted into a small array
 * owned by the call (a 64-bit integer needs at most 21 bytes, so the
 * buffer cannot be overflowed).  Parameter types are left for the server
 * to infer from the statement; where SQL compares a parameter with NULL
 * it says CAST($n AS TEXT) so both engines agree on the type.
 *
 * Migrations take a transaction-scoped advisory lock, released by the
 * commit or rollback, so concurrent starts apply them once.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "log.h"
#include "store/backend.h"

/* An arbitrary constant: the advisory lock key of schema migrations. */
#define PG_MIGRATION_LOCK 7460351

struct store_rows {
	const struct store_backend *be;	/* must be first: see store.c */
	PGresult *res;
	int row;	/* current row; -1 before the first store_next */
	int nrows;
};

struct pg_conn {
	PGconn *db;
	unsigned char *prepared;	/* by slot: 1 once prepared here */
	int nprepared;
	char lasterr[256];		/* last error, for store_errmsg */
	struct store_rows rows;
};

static int
map_state(PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (state == NULL)
		return STORE_ERROR;
	if (strncmp(state, "23", 2) == 0)
		return STORE_ECONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return STORE_EBUSY;
	return STORE_ERROR;
}

static void
remember_error(struct pg_conn *c, const char *what)
{
	const char *msg = PQerrorMessage(c->db);
	size_t n;

	snprintf(c->lasterr, sizeof(c->lasterr), "%s: %s", what, msg);
	n = strlen(c->lasterr);
	while (n && (c->lasterr[n - 1] == '\n' || c->lasterr[n - 1] == ' '))
		c->lasterr[--n] = '\0';
}

static void
quiet_notices(void *arg, const char *message)
{
	/* "relation already exists, skipping" and the like: not news. */
}

static int
pg_connect(const char *url, void **out, char **err)
{
	struct pg_conn *c = calloc(1, sizeof(*c));
	PGresult *res;

	if (c == NULL) {
		*err = strdup("out of memory");
		return STORE_ERROR;
	}
	c->db = PQconnectdb(url);
	if (PQstatus(c->db) != CONNECTION_OK) {
		char *msg = strdup(PQerrorMessage(c->db));
		size_t n = msg ? strlen(msg) : 0;

		while (n && msg[n - 1] == '\n')
			msg[--n] = '\0';
		if (asprintf(err, "cannot connect to PostgreSQL: %s",
		    msg ? msg : "?") < 0)
			*err = NULL;
		free(msg);
		PQfinish(c->db);
		free(c);
		return STORE_ERROR;
	}
	PQsetNoticeProcessor(c->db, quiet_notices, NULL);
	res = PQexec(c->db, "SET TIME ZONE 'Asia/Shanghai'");
	PQclear(res);
	c->rows.be = &store_pg_backend;
	*out = c;
	return 0;
}

static void
pg_disconnect(void *p)
{
	struct pg_conn *c = p;

	PQclear(c->rows.res);
	PQfinish(c->db);
	free(c->prepared);
	free(c);
}

static const char *
pg_errmsg(void *p)
{
	return ((struct pg_conn *)p)->lasterr;
}

static int
pg_exec_script(void *p, const char *sql)
{
	struct pg_conn *c = p;
	PGresult *res = PQexec(c->db, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		remember_error(c, "statement failed");
		rc = map_state(res);
	}
	PQclear(res);
	return rc;
}

static int
pg_begin(void *p)
{
	return pg_exec_script(p, "BEGIN");
}

/*
 * Reads run in autocommit: each statement sees committed data, and a
 * BEGIN/COMMIT pair would cost two more round trips.  store_read_end()
 * then commits nothing.
 */
static int
pg_begin_read(void *p)
{
	return 0;
}

static int
pg_commit(void *p)
{
	struct pg_conn *c = p;

	if (PQtransactionStatus(c->db) == PQTRANS_IDLE)
		return 0;	/* a read "transaction": nothing was begun */
	return pg_exec_script(p, "COMMIT");
}

static int
pg_rollback(void *p)
{
	struct pg_conn *c = p;

	if (PQtransactionStatus(c->db) == PQTRANS_IDLE)
		return 0;
	return pg_exec_script(p, "ROLLBACK");
}

static int
pg_lock_migrations(void *p)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(%d)",
	    PG_MIGRATION_LOCK);
	return pg_exec_script(p, sql);
}

static int
ensure_prepared(struct pg_conn *c, struct store_sql *q, int nparams)
{
	char name[24];
	PGresult *res;

	if (q->slot > c->nprepared) {
		int n = q->slot + 32;
		unsigned char *v = realloc(c->prepared, (size_t)n);

		if (v == NULL)
			return STORE_ERROR;
		memset(v + c->nprepared, 0, (size_t)(n - c->nprepared));
		c->prepared = v;
		c->nprepared = n;
	}
	if (c->prepared[q->slot - 1])
		return 0;
	snprintf(name, sizeof(name), "s%d", q->slot);
	res = PQprepare(c->db, name, q->sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		remember_error(c, q->name);
		log_error("msg=\"prepare failed\" stmt=%s error=\"%s\"",
		    q->name, c->lasterr);
		PQclear(res);
		return STORE_ERROR;
	}
	PQclear(res);
	c->prepared[q->slot - 1] = 1;
	return 0;
}

/* Enough for any statement we write; checked, not assumed. */
#define PG_MAXPARAMS 64

static int
pg_query(void *p, struct store_sql *q, const struct store_val *v, int nv,
    struct store_rows **out, int *changed)
{
	struct pg_conn *c = p;
	const char *values[PG_MAXPARAMS];
	char ints[PG_MAXPARAMS][32], name[24];
	PGresult *res;
	ExecStatusType status;
	int i;

	if (nv > PG_MAXPARAMS) {
		snprintf(c->lasterr, sizeof(c->lasterr),
		    "%s: too many parameters", q->name);
		return STORE_ERROR;
	}
	if (ensure_prepared(c, q, nv) < 0)
		return STORE_ERROR;
	for (i = 0; i < nv; i++) {
		switch (v[i].type) {
		case STORE_NULL:
			values[i] = NULL;
			break;
		case STORE_INT:
			snprintf(ints[i], sizeof(ints[i]), "%lld",
			    (long long)v[i].i);
			values[i] = ints[i];
			break;
		case STORE_REAL:
			snprintf(ints[i], sizeof(ints[i]), "%.17g", v[i].r);
			values[i] = ints[i];
			break;
		case STORE_TEXT:
			values[i] = v[i].s;
			break;
		}
	}
	snprintf(name, sizeof(name), "s%d", q->slot);
	res = PQexecPrepared(c->db, name, nv, values, NULL, NULL, 0);
	status = PQresultStatus(res);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		int rc = map_state(res);

		remember_error(c, q->name);
		if (rc == STORE_ERROR)
			log_error("msg=\"statement failed\" stmt=%s error=\"%s\"",
			    q->name, c->lasterr);
		PQclear(res);
		return rc;
	}
	if (out) {
		PQclear(c->rows.res);
		c->rows.res = res;
		c->rows.row = -1;
		c->rows.nrows = PQntuples(res);
		*out = &c->rows;
		return 0;
	}
	if (changed) {
		const char *n = PQcmdTuples(res);

		*changed = n[0] ? (int)strtol(n, NULL, 10) : 0;
	}
	PQclear(res);
	return 0;
}

static int
pg_next(struct store_rows *r)
{
	if (r->row + 1 >= r->nrows)
		return 0;
	r->row++;
	return 1;
}

static int
pg_isnull(struct store_rows *r, int col)
{
	return PQgetisnull(r->res, r->row, col);
}

static const char *
pg_text(struct store_rows *r, int col)
{
	if (PQgetisnull(r->res, r->row, col))
		return NULL;
	return PQgetvalue(r->res, r->row, col);
}

static int64_t
pgb_int64(struct store_rows *r, int col)
{
	const char *s = pg_text(r, col);

	if (s == NULL)
		return 0;
	if (s[0] == 't' || s[0] == 'f')	/* a boolean expression */
		return s[0] == 't';
	return strtoll(s, NULL, 10);
}

static double
pg_real(struct store_rows *r, int col)
{
	const char *s = pg_text(r, col);

	return s ? strtod(s, NULL) : 0.0;
}

static void
pg_rows_free(struct store_rows *r)
{
	PQclear(r->res);
	r->res = NULL;
	r->row = -1;
	r->nrows = 0;
}

static int
pg_notify(void *p, const char *channel, const char *payload)
{
	struct pg_conn *c = p;
	const char *values[2] = { channel, payload };
	PGresult *res = PQexecParams(c->db, "SELECT pg_notify($1, $2)", 2,
	    NULL, values, NULL, NULL, 0);
	int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : STORE_ERROR;

	if (rc < 0)
		remember_error(c, "notify");
	PQclear(res);
	return rc;
}

/* A listener: its own connection, LISTENing on one channel. */
static int
pg_listen_open(const char *url, const char *channel, void **out, char **err)
{
	struct pg_conn *c;
	char *sql = NULL, *quoted;
	int rc;

	if (pg_connect(url, out, err) < 0)
		return STORE_ERROR;
	c = *out;
	/* The channel is our own constant, quoted all the same. */
	quoted = PQescapeIdentifier(c->db, channel, strlen(channel));
	if (quoted == NULL || asprintf(&sql, "LISTEN %s", quoted) < 0) {
		PQfreemem(quoted);
		pg_disconnect(c);
		*err = strdup("out of memory");
		return STORE_ERROR;
	}
	PQfreemem(quoted);
	rc = pg_exec_script(c, sql);
	free(sql);
	if (rc < 0) {
		if (asprintf(err, "LISTEN failed: %s", c->lasterr) < 0)
			*err = NULL;
		pg_disconnect(c);
		return STORE_ERROR;
	}
	return 0;
}

static int
pg_listen_wait(void *p, int timeout_ms,
    void (*fn)(const char *payload, void *ctx), void *ctx)
{
	struct pg_conn *c = p;
	struct pollfd pfd = { PQsocket(c->db), POLLIN, 0 };
	PGnotify *n;

	if (pfd.fd < 0)
		return STORE_ERROR;
	if (poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR)
		return STORE_ERROR;
	if (!PQconsumeInput(c->db))
		return STORE_ERROR;
	while ((n = PQnotifies(c->db)) != NULL) {
		fn(n->extra, ctx);
		PQfreemem(n);
	}
	return 0;
}

static void
pg_listen_close(void *p)
{
	pg_disconnect(p);
}

extern const struct store_migration store_pg_migrations[];

const struct store_backend store_pg_backend = {
	.name = "postgres",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.errmsg = pg_errmsg,
	.exec_script = pg_exec_script,
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.lock_migrations = pg_lock_migrations,
	.query = pg_query,
	.next = pg_next,
	.isnull = pg_isnull,
	.text = pg_text,
	.int64 = pgb_int64,
	.real = pg_real,
	.rows_free = pg_rows_free,
	.notify = pg_notify,
	.listen_open = pg_listen_open,
	.listen_wait = pg_listen_wait,
	.listen_close = pg_listen_close,
	.migrations = store_pg_migrations,
	.backup = pg_backup,	/* in store/pg_backup.c */
	.restore = pg_restore,
};
