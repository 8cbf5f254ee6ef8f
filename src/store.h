/*
 * store.h - the one narrow door to the database.
 *
 * Modules never see SQLite or libpq.  They declare their SQL as named
 * statements (STORE_SQL) next to the code that uses them, bind typed
 * values, and read rows through a cursor.  Two backends implement the
 * door: src/store/sqlite.c and src/store/pg.c, chosen by the URL given
 * to store_open(): "sqlite:PATH" or "postgres://..." / "postgresql://...".
 *
 * SQL dialect: statements are written once, in the subset both engines
 * share (RETURNING, ON CONFLICT, window functions, CAST(... AS TEXT)),
 * with parameters as $1, $2, ...  Booleans are INTEGER 0/1 and times are
 * INTEGER unix seconds in both stores, so results read the same.  A
 * statement that must differ per engine is not written here: it lives in
 * the backend's migrations or behind a backend operation.
 *
 * Statements are prepared once per connection, on first use, and reused
 * (each STORE_SQL gets a slot number the first time any thread runs it).
 * No SQL is ever built from input: values only travel as bound parameters.
 *
 * Connections: each thread that calls store_conn() gets its own
 * connection, opened on first use and closed when the thread exits or the
 * store is closed.  The HTTP server's thread pool is therefore the
 * connection pool, and its size bounds the connections a process holds.
 *
 * Errors are negative STORE_E* codes; the message of the last error on a
 * connection is in store_errmsg() (never shown to clients: it may hold
 * values).
 */
#ifndef TONGBAN_STORE_H
#define TONGBAN_STORE_H

#include <stddef.h>
#include <stdint.h>

enum {
	STORE_OK = 0,
	STORE_ERROR = -1,	/* anything else: I/O, syntax, lost server */
	STORE_ECONSTRAINT = -2,	/* unique or foreign key violated */
	STORE_EBUSY = -3,	/* lock or serialisation conflict: retry */
	STORE_ENOTFOUND = -4,	/* used by callers for "no such row" */
	STORE_EIO = -5		/* the disk failed a write or a sync: the store
				 * takes no more writes (store_failed) */
};

struct store;
struct store_conn;
struct store_rows;

struct store_sql {
	const char *name;	/* for logs */
	const char *sql;	/* text with $1.. parameters */
	int slot;		/* 0 until first use; then 1.. (atomic) */
};

#define STORE_SQL(var, text) static struct store_sql var = { #var, text, 0 }

enum store_type { STORE_NULL, STORE_INT, STORE_TEXT, STORE_REAL };

struct store_val {
	enum store_type type;
	int64_t i;
	double r;
	const char *s;	/* NUL-terminated; borrowed for the call */
};

static inline struct store_val
store_val_int(int64_t i)
{
	struct store_val v = { .type = STORE_INT, .i = i };
	return v;
}

static inline struct store_val
store_val_real(double r)
{
	struct store_val v = { .type = STORE_REAL, .r = r };
	return v;
}

/* NULL text binds SQL NULL. */
static inline struct store_val
store_val_text(const char *s)
{
	struct store_val v = { .type = s ? STORE_TEXT : STORE_NULL, .s = s };
	return v;
}

#define SV_INT(x) store_val_int((int64_t)(x))
#define SV_REAL(x) store_val_real(x)
#define SV_TEXT(x) store_val_text(x)
#define SV_NULL store_val_text(NULL)

enum store_kind { STORE_SQLITE, STORE_POSTGRES };

/* Opens (creating an SQLite file if needed) and checks the connection.
 * On failure *err is a malloc'd message the caller frees. */
int store_open(struct store **out, const char *url, char **err);
void store_close(struct store *st);
enum store_kind store_kind(const struct store *st);

/* Applies the numbered migrations not yet recorded, under a lock that
 * makes concurrent starts safe.  Returns the number applied or < 0. */
int store_migrate(struct store *st, char **err);
int store_schema_version(struct store *st);

/* The calling thread's connection; NULL if it cannot be opened. */
struct store_conn *store_conn(struct store *st);
const char *store_errmsg(struct store_conn *c);

int store_begin(struct store_conn *c);	/* a write transaction */
/* Several reads that belong together; end with store_commit().  On
 * SQLite they share one snapshot and one read lock (cheaper than a
 * transaction per statement); on PostgreSQL each read runs on its own. */
int store_begin_read(struct store_conn *c);
int store_commit(struct store_conn *c);
/*
 * 1 once a commit failed with an I/O error (a failed fsync above all):
 * after that nothing is known about what reached the disk, so every
 * later store_begin() fails with STORE_EIO and no write is acknowledged
 * until the process restarts and the database recovers from its log —
 * what PostgreSQL does by stopping on a failed fsync.
 */
int store_failed(struct store *st);
int store_rollback(struct store_conn *c);

/* Runs a statement that returns no rows: the number of rows changed. */
int store_exec(struct store_conn *c, struct store_sql *q,
    const struct store_val *params, int nparams);

/* Runs a statement and opens a cursor on its rows.  The cursor must be
 * freed (store_rows_free) before the next statement on c. */
int store_query(struct store_conn *c, struct store_sql *q,
    const struct store_val *params, int nparams, struct store_rows **out);
int store_next(struct store_rows *r);	/* 1 row, 0 end, < 0 error */
int store_isnull(struct store_rows *r, int col);
int64_t store_int(struct store_rows *r, int col);
double store_real(struct store_rows *r, int col);
const char *store_text(struct store_rows *r, int col); /* NULL for NULL; valid until store_next */
void store_rows_free(struct store_rows *r);

/* One value from the first row: 0 with *out set, STORE_ENOTFOUND, or < 0. */
int store_query_int(struct store_conn *c, struct store_sql *q,
    const struct store_val *params, int nparams, int64_t *out);

/*
 * Notifications between the processes that share a store (PostgreSQL's
 * NOTIFY/LISTEN).  store_notify() sends after the caller's commit; on a
 * store without them (SQLite) it does nothing and store_listen_open()
 * answers STORE_ENOTFOUND: one process is all there is.  A listener has
 * its own connection; store_listen_wait() waits up to timeout_ms and
 * calls fn for each notification that arrived; < 0 when the connection
 * is lost.
 */
struct store_listener;
int store_notify(struct store_conn *c, const char *channel,
    const char *payload);
int store_listen_open(struct store *st, const char *channel,
    struct store_listener **out, char **err);
int store_listen_wait(struct store_listener *l, int timeout_ms,
    void (*fn)(const char *payload, void *ctx), void *ctx);
void store_listen_close(struct store_listener *l);

/*
 * Backup and restore (`tongban backup|restore`).  Both take a URL, not
 * an open store: a backup must not create the database it copies (as
 * store_open() would create an SQLite file), and a restore must look at
 * its target before anything is written there.  The work is the
 * backend's: SQLite copies pages with its online backup API, PostgreSQL
 * runs pg_dump and pg_restore (sqlite_backup.c, pg_backup.c in
 * src/store/).
 *
 * store_backup() writes a consistent copy of the database at url into
 * file, which exists and is empty (the caller made it, with the mode it
 * wants), while other processes keep reading and writing.  It refuses a
 * database without schema_migrations: that is not tongban's.
 *
 * store_restore() copies the backup in file into the database at url,
 * which must hold no tables yet (an SQLite file that does not exist is
 * created; a PostgreSQL database must have been created).  A failed
 * restore leaves the target as it found it.  The caller migrates after.
 *
 * Both return 0 with *info filled, or < 0 with *err (malloc'd) saying
 * what is wrong; err never holds a password.
 */
struct store_backup_info {
	int64_t tables;		/* tables in the copy */
	int64_t pages;		/* SQLite: pages copied; 0 on PostgreSQL */
	int64_t page_size;	/* SQLite: bytes a page; 0 on PostgreSQL */
};

int store_backup(const char *url, const char *file,
    struct store_backup_info *info, char **err);
int store_restore(const char *url, const char *file,
    struct store_backup_info *info, char **err);

#define STORE_NARGS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#endif
