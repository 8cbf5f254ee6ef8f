/*
 * store.c - the backend-independent half of the storage door (store.h):
 * URL parsing, one connection per thread, statement slots, transactions,
 * numbered migrations, and the door to the backends' backup hooks.
 *
 * Migrations: each backend carries its ordered list (src/store/
 * *_schema.c).  store_migrate() opens a write transaction, takes the
 * backend's migration lock (SQLite: the write lock that BEGIN IMMEDIATE
 * holds; PostgreSQL: a transaction-scoped advisory lock), reads
 * schema_migrations, and applies and records each missing version in
 * that same transaction.  Two processes starting at once therefore run
 * one after the other, and the second finds nothing left to do.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "store.h"
#include "store/backend.h"

struct store_conn {
	struct store *st;
	void *db;			/* the backend's connection */
	int writing;			/* holds st->writer (one_writer backends) */
	struct store_conn *next;	/* in st->conns, under st->lock */
	struct store_conn *prev;
};

struct store {
	const struct store_backend *be;
	enum store_kind kind;
	char *target;			/* file path or libpq conninfo */
	pthread_key_t key;		/* this thread's store_conn */
	pthread_mutex_t lock;		/* guards conns */
	pthread_mutex_t writer;		/* one writer at a time (be->one_writer) */
	struct store_conn *conns;	/* every open connection */
	int failed;			/* a commit met an I/O error (atomic) */
};

struct store_rows;	/* defined by each backend */

static int next_slot;	/* last slot handed out; see slot_of() */

static void
conn_close(struct store_conn *c)
{
	struct store *st = c->st;

	pthread_mutex_lock(&st->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		st->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&st->lock);
	st->be->disconnect(c->db);
	free(c);
}

/* pthread key destructor: the thread is exiting. */
static void
conn_thread_exit(void *p)
{
	conn_close(p);
}

/*
 * The backend a URL names, and the part of the URL it is given (its
 * target): the path after "sqlite:", or the whole postgres:// URL for
 * libpq.  NULL with *err for any other URL.
 */
static const struct store_backend *
backend_of(const char *url, const char **target, enum store_kind *kind,
    char **err)
{
	if (strncmp(url, "sqlite:", 7) == 0) {
		*target = url + 7;
		*kind = STORE_SQLITE;
		return &store_sqlite_backend;
	}
	if (strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "postgresql://", 13) == 0) {
		*target = url;
		*kind = STORE_POSTGRES;
		return &store_pg_backend;
	}
	if (asprintf(err, "unknown database URL \"%s\": use "
	    "sqlite:PATH or postgres://...", url) < 0)
		*err = NULL;
	return NULL;
}

int
store_open(struct store **out, const char *url, char **err)
{
	struct store *st;
	struct store_conn *c;
	const char *target;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		goto nomem;
	if ((st->be = backend_of(url, &target, &st->kind, err)) == NULL) {
		free(st);
		return STORE_ERROR;
	}
	st->target = strdup(target);
	if (st->target == NULL || st->target[0] == '\0') {
		free(st->target);
		free(st);
		if (asprintf(err, "database URL \"%s\" names no database",
		    url) < 0)
			*err = NULL;
		return STORE_ERROR;
	}
	pthread_mutex_init(&st->lock, NULL);
	pthread_mutex_init(&st->writer, NULL);
	if (pthread_key_create(&st->key, conn_thread_exit) != 0) {
		free(st->target);
		free(st);
		goto nomem;
	}
	/* Open the first connection now so a bad URL fails at start. */
	c = calloc(1, sizeof(*c));
	if (c == NULL || st->be->connect(st->target, &c->db, err) < 0) {
		free(c);
		pthread_key_delete(st->key);
		free(st->target);
		free(st);
		return STORE_ERROR;
	}
	c->st = st;
	st->conns = c;
	pthread_setspecific(st->key, c);
	*out = st;
	return 0;
nomem:
	*err = strdup("out of memory");
	return STORE_ERROR;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	/* Every thread that used the store has been joined by now. */
	while (st->conns)
		conn_close(st->conns);
	pthread_key_delete(st->key);
	pthread_mutex_destroy(&st->lock);
	pthread_mutex_destroy(&st->writer);
	free(st->target);
	free(st);
}

/* What store_backup() and store_restore() share: the backend, and a
 * target that names something. */
static const struct store_backend *
backup_backend(const char *url, const char **target,
    struct store_backup_info *info, char **err)
{
	const struct store_backend *be;
	enum store_kind kind;

	*err = NULL;
	memset(info, 0, sizeof(*info));
	if ((be = backend_of(url, target, &kind, err)) == NULL)
		return NULL;
	if ((*target)[0] == '\0') {
		if (asprintf(err, "database URL \"%s\" names no database",
		    url) < 0)
			*err = NULL;
		return NULL;
	}
	return be;
}

int
store_backup(const char *url, const char *file,
    struct store_backup_info *info, char **err)
{
	const struct store_backend *be;
	const char *target;

	if ((be = backup_backend(url, &target, info, err)) == NULL)
		return STORE_ERROR;
	return be->backup(target, file, info, err);
}

int
store_restore(const char *url, const char *file,
    struct store_backup_info *info, char **err)
{
	const struct store_backend *be;
	const char *target;

	if ((be = backup_backend(url, &target, info, err)) == NULL)
		return STORE_ERROR;
	return be->restore(target, file, info, err);
}

enum store_kind
store_kind(const struct store *st)
{
	return st->kind;
}

struct store_conn *
store_conn(struct store *st)
{
	struct store_conn *c = pthread_getspecific(st->key);
	char *err = NULL;

	if (c)
		return c;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	if (st->be->connect(st->target, &c->db, &err) < 0) {
		log_error("msg=\"database connection failed\" backend=%s "
		    "error=\"%s\"", st->be->name, err ? err : "?");
		free(err);
		free(c);
		return NULL;
	}
	c->st = st;
	pthread_mutex_lock(&st->lock);
	c->next = st->conns;
	if (st->conns)
		st->conns->prev = c;
	st->conns = c;
	pthread_mutex_unlock(&st->lock);
	pthread_setspecific(st->key, c);
	return c;
}

const char *
store_errmsg(struct store_conn *c)
{
	return c->st->be->errmsg(c->db);
}

static void
writer_done(struct store_conn *c)
{
	if (c->writing) {
		c->writing = 0;
		pthread_mutex_unlock(&c->st->writer);
	}
}

int
store_begin(struct store_conn *c)
{
	int rc;

	if (__atomic_load_n(&c->st->failed, __ATOMIC_ACQUIRE))
		return STORE_EIO;
	if (c->st->be->one_writer && !c->writing) {
		pthread_mutex_lock(&c->st->writer);
		c->writing = 1;
	}
	rc = c->st->be->begin(c->db);
	if (rc < 0)
		writer_done(c);
	return rc;
}

int
store_begin_read(struct store_conn *c)
{
	return c->st->be->begin_read(c->db);
}

int
store_commit(struct store_conn *c)
{
	int rc = c->st->be->commit(c->db);

	if (rc == STORE_EIO &&
	    !__atomic_exchange_n(&c->st->failed, 1, __ATOMIC_ACQ_REL))
		log_error("msg=\"a commit failed with an I/O error: no more "
		    "writes until restart\"");
	/* A failed commit leaves the transaction open for the rollback
	 * that follows; the writer's turn ends there. */
	if (rc == 0)
		writer_done(c);
	return rc;
}

int
store_failed(struct store *st)
{
	return __atomic_load_n(&st->failed, __ATOMIC_ACQUIRE);
}

int
store_rollback(struct store_conn *c)
{
	int rc = c->st->be->rollback(c->db);

	writer_done(c);
	return rc;
}

/* Gives q a process-wide slot number the first time it is used. */
static void
slot_of(struct store_sql *q)
{
	int cur = __atomic_load_n(&q->slot, __ATOMIC_ACQUIRE), want;

	if (cur)
		return;
	want = __atomic_add_fetch(&next_slot, 1, __ATOMIC_ACQ_REL);
	/* If another thread won the race, its slot stands. */
	__atomic_compare_exchange_n(&q->slot, &cur, want, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

int
store_exec(struct store_conn *c, struct store_sql *q,
    const struct store_val *params, int nparams)
{
	int changed = 0, rc;

	slot_of(q);
	rc = c->st->be->query(c->db, q, params, nparams, NULL, &changed);
	return rc < 0 ? rc : changed;
}

int
store_query(struct store_conn *c, struct store_sql *q,
    const struct store_val *params, int nparams, struct store_rows **out)
{
	slot_of(q);
	return c->st->be->query(c->db, q, params, nparams, out, NULL);
}

/*
 * A cursor starts with a pointer to its backend, so these generic
 * accessors can dispatch without knowing which backend made it.
 */
struct store_rows_head {
	const struct store_backend *be;
};

int
store_next(struct store_rows *r)
{
	return ((struct store_rows_head *)r)->be->next(r);
}

int
store_isnull(struct store_rows *r, int col)
{
	return ((struct store_rows_head *)r)->be->isnull(r, col);
}

int64_t
store_int(struct store_rows *r, int col)
{
	return ((struct store_rows_head *)r)->be->int64(r, col);
}

double
store_real(struct store_rows *r, int col)
{
	return ((struct store_rows_head *)r)->be->real(r, col);
}

const char *
store_text(struct store_rows *r, int col)
{
	return ((struct store_rows_head *)r)->be->text(r, col);
}

void
store_rows_free(struct store_rows *r)
{
	if (r)
		((struct store_rows_head *)r)->be->rows_free(r);
}

int
store_query_int(struct store_conn *c, struct store_sql *q,
    const struct store_val *params, int nparams, int64_t *out)
{
	struct store_rows *r;
	int rc;

	rc = store_query(c, q, params, nparams, &r);
	if (rc < 0)
		return rc;
	rc = store_next(r);
	if (rc == 1) {
		*out = store_int(r, 0);
		rc = 0;
	} else if (rc == 0)
		rc = STORE_ENOTFOUND;
	store_rows_free(r);
	return rc;
}

STORE_SQL(q_migrations_table,
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)");
STORE_SQL(q_schema_version,
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
STORE_SQL(q_record_migration,
    "INSERT INTO schema_migrations (version, name, applied_at)"
    " VALUES ($1, $2, $3)");

int
store_schema_version(struct store *st)
{
	struct store_conn *c = store_conn(st);
	int64_t v = 0;

	if (c == NULL)
		return STORE_ERROR;
	if (store_query_int(c, &q_schema_version, NULL, 0, &v) < 0)
		return STORE_ERROR;
	return (int)v;
}

int
store_migrate(struct store *st, char **err)
{
	const struct store_backend *be = st->be;
	struct store_conn *c = store_conn(st);
	int64_t have = 0;
	const struct store_migration *m;
	int applied = 0, rc;

	*err = NULL;
	if (c == NULL) {
		*err = strdup("cannot connect to the database");
		return STORE_ERROR;
	}
	if ((rc = be->begin(c->db)) < 0)
		goto fail;
	if ((rc = be->lock_migrations(c->db)) < 0)
		goto fail;
	if ((rc = store_exec(c, &q_migrations_table, NULL, 0)) < 0)
		goto fail;
	if ((rc = store_query_int(c, &q_schema_version, NULL, 0, &have)) < 0)
		goto fail;
	for (m = be->migrations; m->version; m++) {
		struct store_val p[3];

		if (m->version <= have)
			continue;
		if ((rc = be->exec_script(c->db, m->sql)) < 0) {
			if (asprintf(err, "migration %d (%s) failed: %s",
			    m->version, m->name, be->errmsg(c->db)) < 0)
				*err = NULL;
			be->rollback(c->db);
			return rc;
		}
		p[0] = SV_INT(m->version);
		p[1] = SV_TEXT(m->name);
		p[2] = SV_INT(time(NULL));
		if ((rc = store_exec(c, &q_record_migration, p, 3)) < 0)
			goto fail;
		applied++;
	}
	if ((rc = be->commit(c->db)) < 0)
		goto fail;
	return applied;
fail:
	if (*err == NULL && asprintf(err, "migrating the schema failed: %s",
	    be->errmsg(c->db)) < 0)
		*err = NULL;
	be->rollback(c->db);
	return rc < 0 ? rc : STORE_ERROR;
}

struct store_listener {
	const struct store_backend *be;
	void *l;
};

int
store_notify(struct store_conn *c, const char *channel, const char *payload)
{
	if (c->st->be->notify == NULL)
		return 0;
	return c->st->be->notify(c->db, channel, payload);
}

int
store_listen_open(struct store *st, const char *channel,
    struct store_listener **out, char **err)
{
	struct store_listener *l;

	*out = NULL;
	*err = NULL;
	if (st->be->listen_open == NULL)
		return STORE_ENOTFOUND;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return STORE_ERROR;
	l->be = st->be;
	if (st->be->listen_open(st->target, channel, &l->l, err) < 0) {
		free(l);
		return STORE_ERROR;
	}
	*out = l;
	return 0;
}

int
store_listen_wait(struct store_listener *l, int timeout_ms,
    void (*fn)(const char *payload, void *ctx), void *ctx)
{
	return l->be->listen_wait(l->l, timeout_ms, fn, ctx);
}

void
store_listen_close(struct store_listener *l)
{
	if (l == NULL)
		return;
	l->be->listen_close(l->l);
	free(l);
}
