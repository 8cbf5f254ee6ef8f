/*
 * backend.h - what a storage backend implements, and the migrations it
 * carries.  Only src/store.c and the backends include this file.
 *
 * A backend's connection is opaque (void *).  Statements are addressed
 * by slot number; a backend keeps an array of prepared statements per
 * connection indexed by slot and prepares a slot the first time it is
 * used on that connection.
 */
#ifndef TONGBAN_STORE_BACKEND_H
#define TONGBAN_STORE_BACKEND_H

#include "store.h"

struct store_migration {
	int version;
	const char *name;
	const char *sql;	/* several statements, run in one transaction */
};

struct store_backend {
	const char *name;
	/* 1: the engine allows one writer at a time and makes the others
	 * wait by sleeping (SQLite's busy handler sleeps in steps of up to
	 * 25 ms); store.c then queues a process's writers on a mutex, which
	 * hands over at once, and the busy handler only ever waits for
	 * other processes. */
	int one_writer;
	int (*connect)(const char *target, void **conn, char **err);
	void (*disconnect)(void *conn);
	const char *(*errmsg)(void *conn);
	int (*exec_script)(void *conn, const char *sql);
	int (*begin)(void *conn);
	int (*begin_read)(void *conn);
	int (*commit)(void *conn);
	int (*rollback)(void *conn);
	/* Takes the migration lock inside the open transaction. */
	int (*lock_migrations)(void *conn);
	int (*query)(void *conn, struct store_sql *q, const struct store_val *p,
	    int np, struct store_rows **out, int *changed);
	int (*next)(struct store_rows *r);
	int (*isnull)(struct store_rows *r, int col);
	const char *(*text)(struct store_rows *r, int col);
	int64_t (*int64)(struct store_rows *r, int col);
	double (*real)(struct store_rows *r, int col);
	void (*rows_free)(struct store_rows *r);
	/* Cross-process notifications (NULL when the engine has none, as
	 * SQLite, whose store is one process's). */
	int (*notify)(void *conn, const char *channel, const char *payload);
	int (*listen_open)(const char *target, const char *channel, void **l,
	    char **err);
	int (*listen_wait)(void *l, int timeout_ms,
	    void (*fn)(const char *payload, void *ctx), void *ctx);
	void (*listen_close)(void *l);
	/* store_backup() and store_restore() on the backend's target (a
	 * file path or a libpq URL); see store.h. */
	int (*backup)(const char *target, const char *file,
	    struct store_backup_info *info, char **err);
	int (*restore)(const char *target, const char *file,
	    struct store_backup_info *info, char **err);
	const struct store_migration *migrations; /* ends with version 0 */
};

extern const struct store_backend store_sqlite_backend;
extern const struct store_backend store_pg_backend;

/* The backup hooks, each in its own file beside its backend. */
int sqlite_backup(const char *path, const char *file,
    struct store_backup_info *info, char **err);
int sqlite_restore(const char *path, const char *file,
    struct store_backup_info *info, char **err);
int pg_backup(const char *url, const char *file,
    struct store_backup_info *info, char **err);
int pg_restore(const char *url, const char *file,
    struct store_backup_info *info, char **err);

#endif
