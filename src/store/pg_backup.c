/*
 * pg_backup.c - backup and restore of the PostgreSQL backend with the
 * engine's own tools: pg_dump --format=custom and pg_restore, run as
 * child processes (fork and execvpe, found on PATH, no shell: every
 * argument is one element of an argv array).
 *
 * Connection.  The URL is split by libpq itself (PQconninfoParse), so
 * the tools reach the same database by the same rules as the server's
 * PQconnectdb(url): host, port, dbname, user and every other parameter
 * the URL sets are passed on as one keyword='value' string in --dbname.
 * Secrets never go on a command line, where any user could read them
 * in the process list: a password in the URL reaches the child through
 * PGPASSWORD in its environment only (and only when the URL has one;
 * otherwise the child inherits ours, so ~/.pgpass, PGPASSWORD and the
 * URL's passfile work as they do for the server).  Any other secret
 * parameter (sslpassword) is refused, since no environment variable
 * carries it.  --no-password: a tool run from cron fails instead of
 * waiting for a password on a terminal nobody watches.
 *
 * pg_dump reads one snapshot (a repeatable-read transaction), so a
 * backup taken while servers write is consistent.  pg_restore runs with
 * --single-transaction --exit-on-error: an archive that fails halfway
 * (truncated, damaged) is rolled back whole and the database stays as
 * empty as the check before found it.  --no-owner: the restoring role
 * owns what it creates, whatever role owned it where the dump was made.
 *
 * What the tools print on stderr reaches the operator unchanged; ours
 * says which tool failed and how.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "buf.h"
#include "store/backend.h"

extern char **environ;

/* The first bytes of every archive pg_dump writes in custom format. */
#define PG_DUMP_MAGIC "PGDMP"

/*
 * The tools' view of url: *conninfo, every parameter but the password,
 * quoted as libpq's keyword='value' syntax wants (backslash before \
 * and '); *password, the URL's password or NULL.  Both malloc'd.
 */
static int
pg_tool_conninfo(const char *url, char **conninfo, char **password,
    char **err)
{
	PQconninfoOption *opts, *o;
	struct buf b = BUF_INIT;
	char *msg = NULL;
	const char *s;

	*conninfo = *password = NULL;
	if ((opts = PQconninfoParse(url, &msg)) == NULL) {
		/* libpq's message names the bad part, never the password. */
		if (asprintf(err, "bad PostgreSQL URL: %s", msg ? msg :
		    "out of memory") < 0)
			*err = NULL;
		PQfreemem(msg);
		return STORE_ERROR;
	}
	for (o = opts; o->keyword; o++) {
		if (o->val == NULL || o->val[0] == '\0')
			continue;
		if (strcmp(o->keyword, "password") == 0) {
			free(*password);
			*password = strdup(o->val);
			if (*password == NULL)
				b.failed = 1;
			continue;
		}
		if (o->dispchar && o->dispchar[0] == '*') {
			if (asprintf(err, "the URL's %s cannot be passed to "
			    "pg_dump or pg_restore without showing it: leave it "
			    "out", o->keyword) < 0)
				*err = NULL;
			goto fail;
		}
		buf_addf(&b, "%s%s='", b.len ? " " : "", o->keyword);
		for (s = o->val; *s; s++) {
			if (*s == '\\' || *s == '\'')
				buf_addch(&b, '\\');
			buf_addch(&b, *s);
		}
		buf_addch(&b, '\'');
	}
	if (buf_failed(&b) || (*conninfo = buf_detach(&b, NULL)) == NULL) {
		*err = strdup("out of memory");
		goto fail;
	}
	PQconninfoFree(opts);
	return 0;
fail:
	buf_release(&b);
	PQconninfoFree(opts);
	if (*password) {
		explicit_bzero(*password, strlen(*password));
		free(*password);
		*password = NULL;
	}
	return STORE_ERROR;
}

/*
 * Runs argv[0], found on PATH, with argv and our environment, where
 * PGPASSWORD is password when that is not NULL; waits for it.  0 when
 * it exited 0, else < 0 with *err saying how it failed.
 *
 * Everything the child needs is allocated before fork(); the child only
 * calls execvpe() and, if that fails, reports errno through a pipe that
 * exec closes (O_CLOEXEC): the parent reads either nothing (the tool is
 * running) or why it could not start.
 */
static int
pg_run(char *const argv[], const char *password, char **err)
{
	char **env = NULL, *pw_env = NULL;
	size_t n = 0, i, j = 0;
	int fds[2] = { -1, -1 }, status, child_errno = 0, rc = STORE_ERROR;
	ssize_t got;
	pid_t pid;

	while (environ[n])
		n++;
	if ((env = calloc(n + 2, sizeof(*env))) == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
		if (password == NULL ||
		    strncmp(environ[i], "PGPASSWORD=", 11) != 0)
			env[j++] = environ[i];
	if (password) {
		if (asprintf(&pw_env, "PGPASSWORD=%s", password) < 0) {
			pw_env = NULL;
			goto nomem;
		}
		env[j++] = pw_env;
	}
	env[j] = NULL;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		if (asprintf(err, "cannot run %s: %s", argv[0],
		    strerror(errno)) < 0)
			*err = NULL;
		goto out;
	}
	fflush(NULL);	/* nothing buffered is written twice */
	pid = fork();
	if (pid < 0) {
		if (asprintf(err, "cannot run %s: %s", argv[0],
		    strerror(errno)) < 0)
			*err = NULL;
		goto out;
	}
	if (pid == 0) {
		close(fds[0]);
		execvpe(argv[0], argv, env);
		child_errno = errno;
		got = write(fds[1], &child_errno, sizeof(child_errno));
		(void)got;	/* if even that fails, the exit status tells */
		_exit(127);
	}
	close(fds[1]);
	fds[1] = -1;
	do
		got = read(fds[0], &child_errno, sizeof(child_errno));
	while (got < 0 && errno == EINTR);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			if (asprintf(err, "cannot wait for %s: %s", argv[0],
			    strerror(errno)) < 0)
				*err = NULL;
			goto out;
		}
	if (got == (ssize_t)sizeof(child_errno)) {
		if (asprintf(err, "cannot run %s: %s (is the PostgreSQL "
		    "client installed and on PATH?)", argv[0],
		    strerror(child_errno)) < 0)
			*err = NULL;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	else if (WIFEXITED(status)) {
		if (asprintf(err, "%s failed (exit status %d)", argv[0],
		    WEXITSTATUS(status)) < 0)
			*err = NULL;
	} else if (asprintf(err, "%s was killed by signal %d", argv[0],
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0) < 0)
		*err = NULL;
	goto out;
nomem:
	*err = strdup("out of memory");
out:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (pw_env) {
		explicit_bzero(pw_env, strlen(pw_env));
		free(pw_env);
	}
	free(env);
	return rc;
}

/* *err = "<what>: <libpq's message without its newline>". */
static void
pg_fail(char **err, const char *what, PGconn *db)
{
	const char *msg = db ? PQerrorMessage(db) : "out of memory";
	size_t n = strlen(msg);

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	if (asprintf(err, "%s: %.*s", what, (int)n, msg) < 0)
		*err = NULL;
}

/*
 * Connects to url and counts the tables outside PostgreSQL's own
 * schemas, telling whether schema_migrations is one of them.  The name
 * of the database goes to dbname (truncated to fit, for messages).
 */
static int
pg_count_tables(const char *url, int64_t *tables, int *tongban,
    char *dbname, size_t dbname_len, char **err)
{
	static const char sql[] =
	    "SELECT count(*),"
	    " count(*) FILTER (WHERE tablename = 'schema_migrations')"
	    " FROM pg_catalog.pg_tables"
	    " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";
	PGconn *db = PQconnectdb(url);
	PGresult *res = NULL;
	int rc = STORE_ERROR;

	if (PQstatus(db) != CONNECTION_OK) {
		pg_fail(err, "cannot connect to PostgreSQL", db);
		goto out;
	}
	snprintf(dbname, dbname_len, "%s", PQdb(db));
	res = PQexec(db, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		pg_fail(err, "cannot list the tables", db);
		goto out;
	}
	*tables = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*tongban = strtoll(PQgetvalue(res, 0, 1), NULL, 10) > 0;
	rc = 0;
out:
	PQclear(res);
	PQfinish(db);
	return rc;
}

static void
pg_forget(char *password)
{
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
}

int
pg_backup(const char *url, const char *file, struct store_backup_info *info,
    char **err)
{
	char dbname[128], *conninfo = NULL, *password = NULL,
	    *file_arg = NULL, *db_arg = NULL;
	int tongban = 0, rc = STORE_ERROR;

	if (pg_tool_conninfo(url, &conninfo, &password, err) < 0)
		return STORE_ERROR;
	if (pg_count_tables(url, &info->tables, &tongban, dbname,
	    sizeof(dbname), err) < 0)
		goto out;
	if (!tongban) {
		if (asprintf(err, "the database \"%s\" holds no tongban "
		    "database (no schema_migrations table)", dbname) < 0)
			*err = NULL;
		goto out;
	}
	if (asprintf(&file_arg, "--file=%s", file) < 0)
		file_arg = NULL;
	if (asprintf(&db_arg, "--dbname=%s", conninfo) < 0)
		db_arg = NULL;
	if (file_arg == NULL || db_arg == NULL)
		*err = strdup("out of memory");
	else {
		char *const argv[] = { "pg_dump", "--format=custom",
			"--no-password", file_arg, db_arg, NULL };

		rc = pg_run(argv, password, err);
	}
out:
	free(file_arg);
	free(db_arg);
	free(conninfo);
	pg_forget(password);
	return rc;
}

/* 0 when file begins as pg_dump's custom format does, else < 0. */
static int
pg_check_archive(const char *file, char **err)
{
	char head[sizeof(PG_DUMP_MAGIC) - 1];
	ssize_t n;
	int fd;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (asprintf(err, "cannot read \"%s\": %s", file,
		    strerror(errno)) < 0)
			*err = NULL;
		return STORE_ERROR;
	}
	do
		n = read(fd, head, sizeof(head));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, PG_DUMP_MAGIC,
	    sizeof(head)) != 0) {
		if (asprintf(err, "\"%s\" is not a PostgreSQL backup (not an "
		    "archive of pg_dump --format=custom)", file) < 0)
			*err = NULL;
		return STORE_ERROR;
	}
	return 0;
}

int
pg_restore(const char *url, const char *file, struct store_backup_info *info,
    char **err)
{
	char dbname[128], *conninfo = NULL, *password = NULL, *db_arg = NULL;
	int64_t n = 0;
	int tongban = 0, rc = STORE_ERROR;

	if (pg_check_archive(file, err) < 0)
		return STORE_ERROR;
	if (pg_tool_conninfo(url, &conninfo, &password, err) < 0)
		return STORE_ERROR;
	if (pg_count_tables(url, &n, &tongban, dbname, sizeof(dbname),
	    err) < 0)
		goto out;
	if (n > 0) {
		if (asprintf(err, "the database \"%s\" is not empty (%lld "
		    "tables): restore only into a new database (createdb)",
		    dbname, (long long)n) < 0)
			*err = NULL;
		goto out;
	}
	if (asprintf(&db_arg, "--dbname=%s", conninfo) < 0) {
		db_arg = NULL;
		*err = strdup("out of memory");
	} else {
		/* "--" ends the options: a file named "-x" is a file. */
		char *const argv[] = { "pg_restore", "--no-owner",
			"--single-transaction", "--exit-on-error",
			"--no-password", db_arg, "--", (char *)file, NULL };

		rc = pg_run(argv, password, err);
	}
	if (rc == 0)
		rc = pg_count_tables(url, &info->tables, &tongban, dbname,
		    sizeof(dbname), err);
out:
	free(db_arg);
	free(conninfo);
	pg_forget(password);
	return rc;
}
