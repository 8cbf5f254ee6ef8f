/*
 * test_faults.c - I/O faults under the SQLite store, as SQLite's own
 * testing does them: a VFS shim over the default VFS fails the Nth write
 * or the Nth sync, for N = 1, 2, ... through one business change (a case
 * with its first event and its materials: several tables, several
 * pages).  After each failure the change must not be acknowledged (the
 * commit reports the error), the database must pass
 * PRAGMA integrity_check once reopened without faults, and the change
 * must be there whole or not at all.  The walk ends when N passes the
 * number of writes the change needs and it commits.
 *
 * Also checked: every connection runs WAL with synchronous=FULL, so an
 * acknowledged commit has been synced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "unit.h"

/* ------------------------------------------------------------------ */
/* The shim                                                            */

static sqlite3_vfs *real_vfs;
static int fail_write_at, fail_sync_at;	/* 0: off */
static int writes, syncs, failed;

struct shim_file {
	sqlite3_file base;
	sqlite3_file *real;	/* follows this struct in the same block */
};

static int
shim_close(sqlite3_file *f)
{
	struct shim_file *s = (struct shim_file *)f;
	int rc = s->real->pMethods ? s->real->pMethods->xClose(s->real) :
	    SQLITE_OK;

	return rc;
}

static int
shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	struct shim_file *s = (struct shim_file *)f;

	return s->real->pMethods->xRead(s->real, buf, n, off);
}

static int
shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	struct shim_file *s = (struct shim_file *)f;

	if (fail_write_at && ++writes == fail_write_at) {
		failed = 1;
		return SQLITE_IOERR_WRITE;
	}
	return s->real->pMethods->xWrite(s->real, buf, n, off);
}

static int
shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct shim_file *s = (struct shim_file *)f;

	return s->real->pMethods->xTruncate(s->real, size);
}

static int
shim_sync(sqlite3_file *f, int flags)
{
	struct shim_file *s = (struct shim_file *)f;

	if (fail_sync_at && ++syncs == fail_sync_at) {
		failed = 1;
		return SQLITE_IOERR_FSYNC;
	}
	return s->real->pMethods->xSync(s->real, flags);
}

#define PASS(name, args, call)						\
	static int name args						\
	{								\
		struct shim_file *s = (struct shim_file *)f;		\
		return s->real->pMethods->call;				\
	}
PASS(shim_size, (sqlite3_file *f, sqlite3_int64 *p), xFileSize(s->real, p))
PASS(shim_lock, (sqlite3_file *f, int l), xLock(s->real, l))
PASS(shim_unlock, (sqlite3_file *f, int l), xUnlock(s->real, l))
PASS(shim_reserved, (sqlite3_file *f, int *p),
    xCheckReservedLock(s->real, p))
PASS(shim_control, (sqlite3_file *f, int op, void *p),
    xFileControl(s->real, op, p))
PASS(shim_sector, (sqlite3_file *f), xSectorSize(s->real))
PASS(shim_chars, (sqlite3_file *f), xDeviceCharacteristics(s->real))
PASS(shim_shmmap, (sqlite3_file *f, int pg, int sz, int ext,
    void volatile **pp), xShmMap(s->real, pg, sz, ext, pp))
PASS(shim_shmlock, (sqlite3_file *f, int off, int n, int fl),
    xShmLock(s->real, off, n, fl))
PASS(shim_shmunmap, (sqlite3_file *f, int del), xShmUnmap(s->real, del))

static void
shim_shmbarrier(sqlite3_file *f)
{
	struct shim_file *s = (struct shim_file *)f;

	s->real->pMethods->xShmBarrier(s->real);
}

static const sqlite3_io_methods shim_io = {
	2, shim_close, shim_read, shim_write, shim_truncate, shim_sync,
	shim_size, shim_lock, shim_unlock, shim_reserved, shim_control,
	shim_sector, shim_chars, shim_shmmap, shim_shmlock, shim_shmbarrier,
	shim_shmunmap, NULL, NULL,
};

static int
shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out)
{
	struct shim_file *s = (struct shim_file *)f;
	int rc;

	s->real = (sqlite3_file *)(s + 1);
	memset(s->real, 0, (size_t)real_vfs->szOsFile);
	rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out);
	f->pMethods = s->real->pMethods ? &shim_io : NULL;
	return rc;
}

static sqlite3_vfs shim_vfs;

static void
shim_install(void)
{
	if (real_vfs)
		return;
	real_vfs = sqlite3_vfs_find(NULL);
	shim_vfs = *real_vfs;
	shim_vfs.zName = "tongban-fault";
	shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
	shim_vfs.xOpen = shim_open;
	sqlite3_vfs_register(&shim_vfs, 1);	/* the default from now on */
}

/* ------------------------------------------------------------------ */
/* One business change, whole or not at all                            */

STORE_SQL(q_case, "INSERT INTO case_numbers (center, day, last)"
    " VALUES ($1, $2, $3)");
STORE_SQL(q_outbox, "INSERT INTO outbox (channel, recipient, body,"
    " created_at) VALUES ('sms', $1, $2, $3)");
STORE_SQL(q_count_numbers, "SELECT COUNT(*) FROM case_numbers");
STORE_SQL(q_count_outbox, "SELECT COUNT(*) FROM outbox");
STORE_SQL(q_integrity, "PRAGMA integrity_check");
STORE_SQL(q_journal, "PRAGMA journal_mode");
STORE_SQL(q_sync, "PRAGMA synchronous");

#define ROWS 200	/* enough rows to span many pages */

/* The change: ROWS numbers and ROWS messages in one transaction.  0 when
 * committed, -1 when any step (the commit included) failed. */
static int
change(struct store *st)
{
	struct store_conn *c = store_conn(st);
	char body[600];
	int i;

	if (c == NULL || store_begin(c) < 0)
		return -1;
	memset(body, 'x', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	for (i = 0; i < ROWS; i++) {
		char center[16];
		struct store_val a[] = { SV_TEXT(center), SV_INT(i),
			SV_INT(1) };
		struct store_val b[] = { SV_TEXT("13800000000"),
			SV_TEXT(body), SV_INT(i) };

		snprintf(center, sizeof(center), "F%03d", i);
		if (store_exec(c, &q_case, a, 3) < 0 ||
		    store_exec(c, &q_outbox, b, 3) < 0) {
			store_rollback(c);
			return -1;
		}
	}
	if (store_commit(c) < 0) {
		store_rollback(c);
		return -1;
	}
	return 0;
}

static const char *
text_of(struct store_conn *c, struct store_sql *q, char *out, size_t n)
{
	struct store_rows *rows;

	out[0] = '\0';
	if (store_query(c, q, NULL, 0, &rows) == 0) {
		if (store_next(rows) == 1)
			snprintf(out, n, "%s", store_text(rows, 0));
		store_rows_free(rows);
	}
	return out;
}

static void
walk(struct unit *u, int sync)
{
	int n, committed = 0;

	shim_install();
	for (n = 1; n < 2000 && !committed; n++) {
		char path[] = "/tmp/tongban-fault-XXXXXX", url[64], buf[32];
		struct store *st = NULL;
		char *err = NULL;
		int64_t numbers = -1, outbox = -1;
		int fd = mkstemp(path), rc;

		if (fd >= 0)
			close(fd);
		unlink(path);
		snprintf(url, sizeof(url), "sqlite:%s", path);
		fail_write_at = fail_sync_at = 0;
		if (!CHECK(store_open(&st, url, &err) == 0 &&
		    store_migrate(st, &err) >= 0)) {
			free(err);
			store_close(st);
			return;
		}
		/* Arm, change, disarm. */
		writes = syncs = failed = 0;
		if (sync)
			fail_sync_at = n;
		else
			fail_write_at = n;
		rc = change(st);
		fail_write_at = fail_sync_at = 0;
		if (sync && failed)
			CHECK(store_failed(st));	/* a sync fails at commit */
		if (failed && rc < 0 && store_failed(st)) {
			/* After an I/O error nothing more is acknowledged,
			 * even with the disk well again, until a restart. */
			CHECK(change(st) < 0);
			CHECK(store_begin(store_conn(st)) == STORE_EIO);
		}
		store_close(st);
		if (!failed) {
			CHECK_INT(rc, 0);	/* no fault hit: it commits */
			committed = 1;
		} else if (!CHECK(rc < 0))
			printf("#   %s %d failed but the change was "
			    "acknowledged\n", sync ? "sync" : "write", n);
		/* Reopened without faults: sound, and whole or nothing. */
		st = NULL;
		if (!CHECK(store_open(&st, url, &err) == 0)) {
			free(err);
			return;
		}
		CHECK_STR(text_of(store_conn(st), &q_integrity, buf,
		    sizeof(buf)), "ok");
		store_query_int(store_conn(st), &q_count_numbers, NULL, 0,
		    &numbers);
		store_query_int(store_conn(st), &q_count_outbox, NULL, 0,
		    &outbox);
		if (!CHECK(numbers == outbox && (numbers == 0 ||
		    numbers == ROWS)))
			printf("#   %s %d: %lld numbers, %lld messages\n",
			    sync ? "sync" : "write", n, (long long)numbers,
			    (long long)outbox);
		if (rc == 0)
			CHECK_INT(numbers, ROWS);	/* acknowledged: there */
		store_close(st);
		{
			char p[96];

			unlink(path);
			snprintf(p, sizeof(p), "%s-wal", path);
			unlink(p);
			snprintf(p, sizeof(p), "%s-shm", path);
			unlink(p);
		}
	}
	CHECK(committed);
	CHECK(n > 2);	/* the walk met at least one fault */
	printf("#   %s faults walked: %d points\n", sync ? "sync" : "write",
	    n - 1);
}

UNIT_TEST(faults_sqlite_failed_write_leaves_all_or_nothing)
{
	walk(u, 0);
}

UNIT_TEST(faults_sqlite_failed_sync_is_never_acknowledged)
{
	walk(u, 1);
}

UNIT_TEST(faults_sqlite_runs_wal_with_synchronous_full)
{
	char path[] = "/tmp/tongban-fault-XXXXXX", url[64], buf[32];
	struct store *st = NULL;
	char *err = NULL;
	int fd = mkstemp(path);

	if (fd >= 0)
		close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (!CHECK(store_open(&st, url, &err) == 0)) {
		free(err);
		return;
	}
	CHECK_STR(text_of(store_conn(st), &q_journal, buf, sizeof(buf)),
	    "wal");
	CHECK_STR(text_of(store_conn(st), &q_sync, buf, sizeof(buf)), "2");
	store_close(st);
	unlink(path);
}
