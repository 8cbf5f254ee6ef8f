/*
 * test_store.c - the storage door (store.h) on both backends: migrations
 * (idempotent, and safe when several processes start at once),
 * transactions, constraint errors, NULL parameters, statement reuse,
 * text round trips, and durability of a commit when the process is
 * killed with SIGKILL right after it.
 *
 * SQLite runs on temporary files.  PostgreSQL runs on the database that
 * tests/run created (TONGBAN_PG); these tests are its only users.
 * Without TONGBAN_PG the PostgreSQL tests fail: the suite never skips
 * a backend.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"
#include "unit.h"

static char sqlite_url[128];

static const char *
pg_url(void)
{
	return getenv("TONGBAN_PG");
}

static const char *
fresh_sqlite(void)
{
	char path[] = "/tmp/tongban-store-XXXXXX";
	int fd = mkstemp(path);

	if (fd >= 0)
		close(fd);
	unlink(path);
	snprintf(sqlite_url, sizeof(sqlite_url), "sqlite:%s", path);
	return sqlite_url;
}

static void
remove_sqlite(const char *url)
{
	char p[160];

	unlink(url + 7);
	snprintf(p, sizeof(p), "%s-wal", url + 7);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", url + 7);
	unlink(p);
}

static struct store *
open_migrated(struct unit *u, const char *url)
{
	struct store *st = NULL;
	char *err = NULL;

	if (!CHECK(url != NULL) || !CHECK(store_open(&st, url, &err) == 0)) {
		if (err)
			printf("#   %s\n", err);
		free(err);
		return NULL;
	}
	if (!CHECK(store_migrate(st, &err) >= 0)) {
		printf("#   %s\n", err ? err : "?");
		free(err);
		store_close(st);
		return NULL;
	}
	return st;
}

STORE_SQL(q_dept_insert, "INSERT INTO departments (code, name_zh, name_en,"
    " kind) VALUES ($1, $2, $3, 'community')");
STORE_SQL(q_dept_count, "SELECT COUNT(*) FROM departments");
STORE_SQL(q_dept_name, "SELECT name_zh FROM departments WHERE code = $1");
STORE_SQL(q_dept_filter, "SELECT COUNT(*) FROM departments"
    " WHERE CAST($1 AS TEXT) IS NULL OR code = $1");
STORE_SQL(q_dept_clear, "DELETE FROM departments");
STORE_SQL(q_migrations, "SELECT COUNT(*) FROM schema_migrations");

/* Several processes migrate the same empty database at once. */
static void
concurrent_migrations(struct unit *u, const char *url)
{
	enum { N = 4 };
	pid_t pids[N];
	struct store *st;
	int i, status, ok = 1;
	int64_t n = -1;

	for (i = 0; i < N; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct store *s = NULL;
			char *err = NULL;

			if (store_open(&s, url, &err) < 0 ||
			    store_migrate(s, &err) < 0) {
				fprintf(stderr, "  migrating process: %s\n",
				    err ? err : "?");
				_exit(1);
			}
			store_close(s);
			_exit(0);
		}
	}
	for (i = 0; i < N; i++) {
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			ok = 0;
	}
	CHECK(ok);
	st = open_migrated(u, url);
	if (st == NULL)
		return;
	/* Each migration applied exactly once, whoever won the race. */
	CHECK(store_query_int(store_conn(st), &q_migrations, NULL, 0, &n) == 0);
	CHECK(n >= 2);
	CHECK_INT(store_schema_version(st), n);
	store_close(st);
}

UNIT_TEST(store_sqlite_concurrent_migrations)
{
	const char *url = fresh_sqlite();

	concurrent_migrations(u, url);
	remove_sqlite(url);
}

UNIT_TEST(store_pg_concurrent_migrations)
{
	concurrent_migrations(u, pg_url());
}

static void
migrate_twice(struct unit *u, const char *url)
{
	struct store *st = open_migrated(u, url);
	char *err = NULL;

	if (st == NULL)
		return;
	CHECK_INT(store_migrate(st, &err), 0);
	free(err);
	store_close(st);
}

UNIT_TEST(store_sqlite_migrate_is_idempotent)
{
	const char *url = fresh_sqlite();

	migrate_twice(u, url);
	remove_sqlite(url);
}

UNIT_TEST(store_pg_migrate_is_idempotent)
{
	migrate_twice(u, pg_url());
}

static void
transactions(struct unit *u, const char *url)
{
	struct store *st = open_migrated(u, url);
	struct store_conn *c;
	struct store_rows *r;
	int64_t n = -1;
	int i;

	if (st == NULL)
		return;
	c = store_conn(st);
	store_exec(c, &q_dept_clear, NULL, 0);

	/* A rolled-back transaction leaves nothing. */
	CHECK(store_begin(c) == 0);
	{
		struct store_val p[] = { SV_TEXT("AA"), SV_TEXT("甲"), SV_TEXT("a") };

		CHECK_INT(store_exec(c, &q_dept_insert, p, 3), 1);
	}
	CHECK(store_rollback(c) == 0);
	CHECK(store_query_int(c, &q_dept_count, NULL, 0, &n) == 0);
	CHECK_INT(n, 0);

	/* A duplicate is a constraint error; the connection stays usable. */
	{
		struct store_val p[] = { SV_TEXT("BB"), SV_TEXT("民政'; DROP TABLE"
		    " departments; --"), SV_TEXT("b") };

		CHECK_INT(store_exec(c, &q_dept_insert, p, 3), 1);
		CHECK_INT(store_exec(c, &q_dept_insert, p, 3), STORE_ECONSTRAINT);
	}
	CHECK(store_query_int(c, &q_dept_count, NULL, 0, &n) == 0);
	CHECK_INT(n, 1);

	/* Text, including SQL-looking text, round-trips as data. */
	{
		struct store_val p[] = { SV_TEXT("BB") };

		CHECK(store_query(c, &q_dept_name, p, 1, &r) == 0);
		CHECK_INT(store_next(r), 1);
		CHECK_STR(store_text(r, 0), "民政'; DROP TABLE departments; --");
		CHECK_INT(store_next(r), 0);
		store_rows_free(r);
	}
	/* NULL parameters select "no filter". */
	{
		struct store_val p[] = { SV_NULL };
		struct store_val q[] = { SV_TEXT("ZZ") };

		CHECK(store_query_int(c, &q_dept_filter, p, 1, &n) == 0);
		CHECK_INT(n, 1);
		CHECK(store_query_int(c, &q_dept_filter, q, 1, &n) == 0);
		CHECK_INT(n, 0);
	}
	/* A prepared statement is reused many times. */
	for (i = 0; i < 500; i++) {
		struct store_val p[] = { SV_TEXT("BB") };

		if (store_query_int(c, &q_dept_filter, p, 1, &n) != 0 || n != 1)
			break;
	}
	CHECK_INT(i, 500);
	store_exec(c, &q_dept_clear, NULL, 0);
	store_close(st);
}

UNIT_TEST(store_sqlite_transactions_and_errors)
{
	const char *url = fresh_sqlite();

	transactions(u, url);
	remove_sqlite(url);
}

UNIT_TEST(store_pg_transactions_and_errors)
{
	transactions(u, pg_url());
}

/*
 * A child commits, says so on a pipe, and is killed with SIGKILL at
 * once; the parent then finds the row.  An acknowledged write is never
 * lost to a crash of the process.
 */
static void
kill_after_commit(struct unit *u, const char *url)
{
	struct store *st = open_migrated(u, url);
	int fds[2];
	pid_t pid;
	char ch = 0;
	int64_t n = -1;

	if (st == NULL)
		return;
	store_exec(store_conn(st), &q_dept_clear, NULL, 0);
	store_close(st);
	if (!CHECK(pipe(fds) == 0))
		return;
	pid = fork();
	if (pid == 0) {
		struct store *s = NULL;
		struct store_conn *c;
		char *err = NULL;
		struct store_val p[] = { SV_TEXT("KK"), SV_TEXT("k"), SV_TEXT("k") };

		close(fds[0]);
		if (store_open(&s, url, &err) < 0)
			_exit(1);
		c = store_conn(s);
		if (store_begin(c) < 0 || store_exec(c, &q_dept_insert, p, 3) != 1 ||
		    store_commit(c) < 0)
			_exit(1);
		if (write(fds[1], "c", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	CHECK_INT(read(fds[0], &ch, 1), 1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fds[0]);
	st = open_migrated(u, url);
	if (st == NULL)
		return;
	CHECK(store_query_int(store_conn(st), &q_dept_count, NULL, 0, &n) == 0);
	CHECK_INT(n, 1);
	store_exec(store_conn(st), &q_dept_clear, NULL, 0);
	store_close(st);
}

UNIT_TEST(store_sqlite_commit_survives_sigkill)
{
	const char *url = fresh_sqlite();

	kill_after_commit(u, url);
	remove_sqlite(url);
}

UNIT_TEST(store_pg_commit_survives_sigkill)
{
	kill_after_commit(u, pg_url());
}

UNIT_TEST(store_refuses_unknown_urls)
{
	struct store *st = NULL;
	char *err = NULL;

	CHECK(store_open(&st, "mysql://x", &err) < 0);
	CHECK(err != NULL && strstr(err, "sqlite:PATH") != NULL);
	free(err);
	err = NULL;
	CHECK(store_open(&st, "sqlite:", &err) < 0);
	free(err);
	err = NULL;
	CHECK(store_open(&st, "sqlite:/nonexistent-dir/x/y.db", &err) < 0);
	free(err);
	err = NULL;
	CHECK(store_open(&st, "postgres:///nodb?host=/nonexistent", &err) < 0);
	CHECK(err != NULL && strstr(err, "PostgreSQL") != NULL);
	free(err);
}
