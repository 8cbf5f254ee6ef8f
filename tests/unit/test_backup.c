/*
 * test_backup.c - store_backup() and store_restore() (store.h) on the
 * SQLite backend, one test per behaviour and per refusal: a round trip
 * that keeps every row, URLs that name no backend or no database, a
 * missing database that looking at does not create, a target that has
 * tables, and a file that is SQLite but not tongban's.  The commands
 * around them and PostgreSQL's pg_dump/pg_restore are tested over real
 * processes in tests/api/backup.test.js.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "unit.h"

/* A fresh folder for one test's files. */
static int
bk_dir(char dir[32])
{
	snprintf(dir, 32, "/tmp/tongban-bk-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static void
bk_rmdir(const char *dir)
{
	static const char *const names[] = { "a.db", "a.db-wal", "a.db-shm",
		"b.db", "b.db-wal", "b.db-shm", "copy", "plain.db" };
	char p[96];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static int
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

STORE_SQL(q_bk_dept, "INSERT INTO departments (code, name_zh, name_en,"
    " kind) VALUES ($1, $2, $3, 'community')");
STORE_SQL(q_bk_count, "SELECT COUNT(*) FROM departments");

/* A migrated database at url with three departments. */
static int
bk_make(struct unit *u, const char *url)
{
	static const char *const codes[] = { "BK1", "BK2", "BK3" };
	struct store *st = NULL;
	char *err = NULL;
	size_t i;
	int ok;

	ok = CHECK(store_open(&st, url, &err) == 0) &&
	    CHECK(store_migrate(st, &err) >= 0);
	for (i = 0; ok && i < 3; i++) {
		struct store_val p[3] = { SV_TEXT(codes[i]), SV_TEXT("备份"),
			SV_TEXT("Backup") };

		ok = CHECK_INT(store_exec(store_conn(st), &q_bk_dept, p, 3), 1);
	}
	free(err);
	store_close(st);
	return ok ? 0 : -1;
}

static int64_t
bk_count(const char *url)
{
	struct store *st = NULL;
	char *err = NULL;
	int64_t n = -1;

	if (store_open(&st, url, &err) == 0)
		store_query_int(store_conn(st), &q_bk_count, NULL, 0, &n);
	free(err);
	store_close(st);
	return n;
}

/* An empty file, as `tongban backup` hands the backend. */
static void
bk_touch(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f)
		fclose(f);
}

UNIT_TEST(backup_sqlite_round_trip_keeps_every_row)
{
	struct store_backup_info info;
	char dir[32], a[64], b[64], copy[64], *err = NULL;
	int64_t before;

	if (!CHECK(bk_dir(dir) == 0))
		return;
	snprintf(a, sizeof(a), "sqlite:%s/a.db", dir);
	snprintf(b, sizeof(b), "sqlite:%s/b.db", dir);
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	if (bk_make(u, a) == 0) {
		before = bk_count(a);
		bk_touch(copy);
		CHECK(store_backup(a, copy, &info, &err) == 0);
		CHECK(info.tables > 10);
		CHECK(info.pages > 0 && info.page_size >= 512);
		CHECK(store_restore(b, copy, &info, &err) == 0);
		if (err)
			printf("#   %s\n", err);
		CHECK(info.tables > 10);
		CHECK(before >= 3);
		CHECK_INT(bk_count(b), before);
	}
	free(err);
	bk_rmdir(dir);
}

UNIT_TEST(backup_refuses_a_url_of_no_backend_or_no_database)
{
	struct store_backup_info info;
	char *err = NULL;

	CHECK(store_backup("mysql://db/x", "/tmp/never", &info, &err) < 0);
	CHECK(err && strstr(err, "unknown database URL"));
	free(err);
	err = NULL;
	CHECK(store_restore("sqlite:", "/tmp/never", &info, &err) < 0);
	CHECK(err && strstr(err, "names no database"));
	free(err);
}

UNIT_TEST(backup_sqlite_of_a_missing_database_creates_nothing)
{
	struct store_backup_info info;
	char dir[32], a[64], copy[64], *err = NULL;

	if (!CHECK(bk_dir(dir) == 0))
		return;
	snprintf(a, sizeof(a), "sqlite:%s/a.db", dir);
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	bk_touch(copy);
	CHECK(store_backup(a, copy, &info, &err) < 0);
	CHECK(err && strstr(err, "cannot open"));
	CHECK(!exists(a + 7));
	free(err);
	bk_rmdir(dir);
}

UNIT_TEST(restore_sqlite_refuses_a_database_with_tables)
{
	struct store_backup_info info;
	char dir[32], a[64], copy[64], *err = NULL;

	if (!CHECK(bk_dir(dir) == 0))
		return;
	snprintf(a, sizeof(a), "sqlite:%s/a.db", dir);
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	if (bk_make(u, a) == 0) {
		bk_touch(copy);
		CHECK(store_backup(a, copy, &info, &err) == 0);
		CHECK(store_restore(a, copy, &info, &err) < 0);
		CHECK(err && strstr(err, "is not empty"));
		CHECK(bk_count(a) >= 3);
	}
	free(err);
	bk_rmdir(dir);
}

UNIT_TEST(restore_sqlite_refuses_a_database_that_is_not_tongbans)
{
	struct store_backup_info info;
	char dir[32], b[64], plain[64], *err = NULL;
	sqlite3 *db = NULL;

	if (!CHECK(bk_dir(dir) == 0))
		return;
	snprintf(b, sizeof(b), "sqlite:%s/b.db", dir);
	snprintf(plain, sizeof(plain), "%s/plain.db", dir);
	CHECK(sqlite3_open(plain, &db) == SQLITE_OK &&
	    sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL) ==
	    SQLITE_OK);
	sqlite3_close(db);
	CHECK(store_restore(b, plain, &info, &err) < 0);
	CHECK(err && strstr(err, "not a tongban backup"));
	CHECK(!exists(b + 7));
	free(err);
	err = NULL;
	/* Nor is a backup of one made. */
	CHECK(store_backup(b, plain, &info, &err) < 0);
	free(err);
	bk_rmdir(dir);
}
