/*
 * sqlite_backup.c - backup and restore of the SQLite backend, with
 * SQLite's online backup API (sqlite3_backup_init/step/finish).
 *
 * Why here and not in src/backup.c: copying pages between two sqlite3
 * handles is SQLite's business, and house style keeps what depends on
 * the engine in its backend.  The command (src/backup.c) only sees
 * store_backup()/store_restore(), which reach this file through the
 * backend's hooks; it makes the file, syncs and names it, and migrates.
 * These functions open their own handles instead of borrowing a store
 * connection: a backup must not create a missing database (a store
 * connection would), and both need the handle only for one copy.
 *
 * A backup copies every page in ONE step (nPage -1): the step holds a
 * read transaction on the source, so what is copied is one snapshot,
 * and in WAL mode that read lock never stops the server's writers.  A
 * copy in several steps would restart whenever another process commits
 * between two steps, and a busy server could keep it from ever ending.
 * The copy is then checked (PRAGMA quick_check) before it is called a
 * backup: a backup nobody could read is found now, not on the day it is
 * needed.
 *
 * A restore checks the backup first (SQLite's file header, quick_check,
 * a schema_migrations table), then that the target holds no table, and
 * only then copies into it.  A target file this restore created is
 * removed again if the copy fails, so a failed restore changes nothing.
 * Nothing stops another process from creating tables between the check
 * and the copy; restoring is an operator's act on a database nobody is
 * using yet, and the copy would replace those tables, not merge.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/backend.h"

/* How long a copy waits out a lock that another process holds. */
#define SQ_BUSY_MS 10000
#define SQ_BUSY_STEP_MS 50

/* *err = "<what> \"<path>\": <SQLite's message>". */
static int
sq_fail(char **err, const char *what, const char *path, sqlite3 *db)
{
	if (asprintf(err, "%s \"%s\": %s", what, path,
	    db ? sqlite3_errmsg(db) : "out of memory") < 0)
		*err = NULL;
	return STORE_ERROR;
}

/*
 * Counts the tables of db (SQLite's own sqlite_* tables aside) and tells
 * whether one of them is schema_migrations, the mark of a tongban
 * database.  0, or < 0 when db cannot be read (not a database, damaged).
 */
static int
sq_count_tables(sqlite3 *db, int64_t *tables, int *tongban)
{
	static const char sql[] =
	    "SELECT count(*), count(*) FILTER (WHERE name = 'schema_migrations')"
	    " FROM sqlite_master WHERE type = 'table'"
	    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*tables = sqlite3_column_int64(st, 0);
		*tongban = sqlite3_column_int64(st, 1) > 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : STORE_ERROR;
}

/* One integer from a PRAGMA; -1 when it cannot be read. */
static int64_t
sq_pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * PRAGMA quick_check: 0 when the file is sound, else < 0 with *err
 * naming path and the first problem found.
 */
static int
sq_quick_check(sqlite3 *db, const char *path, char **err)
{
	sqlite3_stmt *st = NULL;
	const char *got;
	int rc = STORE_ERROR;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st,
	    NULL) != SQLITE_OK)
		return sq_fail(err, "cannot read", path, db);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sq_fail(err, "cannot read", path, db);
		goto out;
	}
	got = (const char *)sqlite3_column_text(st, 0);
	if (got && strcmp(got, "ok") == 0)
		rc = 0;
	else if (asprintf(err, "\"%s\" is damaged: %s", path,
	    got ? got : "?") < 0)
		*err = NULL;
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Copies every page of from's main database into to's, as one snapshot
 * (see the top of the file).  Sets *pages.  0, or < 0 with *err.
 */
static int
sq_copy(sqlite3 *to, const char *to_path, sqlite3 *from, int64_t *pages,
    char **err)
{
	sqlite3_backup *b;
	int rc, waited = 0;

	b = sqlite3_backup_init(to, "main", from, "main");
	if (b == NULL)
		return sq_fail(err, "cannot copy into", to_path, to);
	for (;;) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    waited >= SQ_BUSY_MS)
			break;
		sqlite3_sleep(SQ_BUSY_STEP_MS);
		waited += SQ_BUSY_STEP_MS;
	}
	*pages = sqlite3_backup_pagecount(b);
	/* finish() leaves the step's error, if any, on the "to" handle. */
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE) {
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			return sq_fail(err, "gave up waiting for a lock to copy "
			    "into", to_path, to);
		return sq_fail(err, "cannot copy into", to_path, to);
	}
	return 0;
}

int
sqlite_backup(const char *path, const char *file,
    struct store_backup_info *info, char **err)
{
	sqlite3 *src = NULL, *dst = NULL;
	int64_t n;
	int tongban = 0, rc = STORE_ERROR;

	/* Read-only and without SQLITE_OPEN_CREATE: a mistyped path is an
	 * error, not a new empty database backed up. */
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sq_fail(err, "cannot open", path, src);
		goto out;
	}
	sqlite3_busy_timeout(src, SQ_BUSY_MS);
	if (sq_count_tables(src, &n, &tongban) < 0) {
		sq_fail(err, "cannot read", path, src);
		goto out;
	}
	if (!tongban) {
		if (asprintf(err, "\"%s\" holds no tongban database (no "
		    "schema_migrations table)", path) < 0)
			*err = NULL;
		goto out;
	}
	if (sqlite3_open_v2(file, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		sq_fail(err, "cannot open", file, dst);
		goto out;
	}
	sqlite3_busy_timeout(dst, SQ_BUSY_MS);
	if (sqlite3_exec(dst, "PRAGMA synchronous=FULL", NULL, NULL,
	    NULL) != SQLITE_OK) {
		sq_fail(err, "cannot set up", file, dst);
		goto out;
	}
	if (sq_copy(dst, file, src, &info->pages, err) < 0)
		goto out;
	/* The copy brought the source's header, which says WAL; a backup
	 * is one self-contained file that a reader opens without making
	 * -wal and -shm files beside it, so back to a rollback journal. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		sq_fail(err, "cannot set up", file, dst);
		goto out;
	}
	if (sq_quick_check(dst, file, err) < 0)
		goto out;
	if (sq_count_tables(dst, &info->tables, &tongban) < 0) {
		sq_fail(err, "cannot read", file, dst);
		goto out;
	}
	info->page_size = sq_pragma_int(dst, "PRAGMA page_size");
	rc = 0;
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

/* 0 when path begins with SQLite's header string, else < 0 with *err. */
static int
sq_check_header(const char *path, char **err)
{
	static const char magic[16] = "SQLite format 3";	/* and its NUL */
	char head[sizeof(magic)];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (asprintf(err, "cannot read \"%s\": %s", path,
		    strerror(errno)) < 0)
			*err = NULL;
		return STORE_ERROR;
	}
	do
		n = read(fd, head, sizeof(head));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic,
	    sizeof(magic)) != 0) {
		if (asprintf(err, "\"%s\" is not an SQLite backup (it does not "
		    "begin with SQLite's header)", path) < 0)
			*err = NULL;
		return STORE_ERROR;
	}
	return 0;
}

/* Removes what opening path as a new database created. */
static void
sq_remove(const char *path)
{
	static const char *const sfx[] = { "", "-journal", "-wal", "-shm" };
	size_t i;
	char *p;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (asprintf(&p, "%s%s", path, sfx[i]) >= 0) {
			unlink(p);
			free(p);
		}
}

int
sqlite_restore(const char *path, const char *file,
    struct store_backup_info *info, char **err)
{
	sqlite3 *src = NULL, *dst = NULL;
	struct stat sb;
	int64_t n = 0;
	int tongban = 0, existed = 1, rc = STORE_ERROR;

	/* The backup first: nothing is created before it has been read. */
	if (sq_check_header(file, err) < 0)
		return STORE_ERROR;
	if (sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sq_fail(err, "cannot open", file, src);
		sqlite3_close(src);
		return STORE_ERROR;
	}
	if (sq_quick_check(src, file, err) < 0)
		goto out_src;
	if (sq_count_tables(src, &info->tables, &tongban) < 0) {
		sq_fail(err, "cannot read", file, src);
		goto out_src;
	}
	if (!tongban) {
		if (asprintf(err, "\"%s\" is not a tongban backup (no "
		    "schema_migrations table)", file) < 0)
			*err = NULL;
		goto out_src;
	}

	existed = stat(path, &sb) == 0;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		sq_fail(err, "cannot open", path, dst);
		goto out;
	}
	sqlite3_busy_timeout(dst, SQ_BUSY_MS);
	if (sq_count_tables(dst, &n, &tongban) < 0) {
		sq_fail(err, "cannot read", path, dst);
		goto out;
	}
	if (n > 0) {
		if (asprintf(err, "\"%s\" is not empty (%lld tables): restore "
		    "only into a new database", path, (long long)n) < 0)
			*err = NULL;
		goto out;
	}
	if (sqlite3_exec(dst, "PRAGMA synchronous=FULL", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		sq_fail(err, "cannot set up", path, dst);
		goto out;
	}
	if (sq_copy(dst, path, src, &info->pages, err) < 0)
		goto out;
	info->page_size = sq_pragma_int(dst, "PRAGMA page_size");
	rc = 0;
out:
	sqlite3_close(dst);
	if (rc < 0 && !existed)
		sq_remove(path);
out_src:
	sqlite3_close(src);
	return rc;
}
