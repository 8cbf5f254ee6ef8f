/*
 * backup.c - the commands `tongban backup` and `tongban restore`.
 *
 * The split: what depends on the engine (copying SQLite pages with the
 * online backup API; running pg_dump and pg_restore) lives in the
 * backends, src/store/sqlite_backup.c and src/store/pg_backup.c,
 * reached through store_backup()/store_restore() and the backend's
 * hooks, as every other engine difference is.  This file holds what is
 * the same for both: the options, the file the backup goes to, and the
 * migrations after a restore.  A backup hook behind the store door,
 * rather than a backup.c that knows each engine, keeps a third engine
 * one file away and keeps sqlite3.h and libpq out of the commands.
 *
 * The backup file.  The copy is written to a new temporary file beside
 * FILE (mkstemp: mode 0600, since it holds personal data), synced, and
 * then linked to FILE, which must not exist: link() fails rather than
 * replace anything, so neither a mistake nor a race can overwrite an
 * older backup or the database itself.  The directory is synced after,
 * so FILE is on disk when the command says it is.  Until then FILE does
 * not exist: a crash or a failed copy never leaves a partial backup
 * under the name a restore would look for.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "store.h"

#define BACKUP_DEFAULT_DB "sqlite:tongban.db"

/* As main.c's usage_error: the problem, then where to read more. */
static int
backup_usage_error(const char *cmd, const char *msg)
{
	fprintf(stderr, "tongban %s: %s\ntry 'tongban %s --help'\n", cmd,
	    msg, cmd);
	return 2;
}

/* fsync of the directory that holds path: its new entry is durable. */
static int
sync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

/* fsync of a whole file, and its size. */
static int
sync_file(const char *path, long long *bytes)
{
	struct stat sb;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fsync(fd) == 0 && fstat(fd, &sb) == 0) {
		*bytes = (long long)sb.st_size;
		rc = 0;
	}
	close(fd);
	return rc;
}

static const char backup_usage[] =
    "usage: tongban backup --out FILE [--db URL]\n"
    "\n"
    "Writes a consistent copy of the database to FILE while servers keep\n"
    "running on it.\n"
    "  SQLite      the online backup API copies every page of one snapshot;\n"
    "              FILE is itself an SQLite database, checked after the copy\n"
    "  PostgreSQL  pg_dump --format=custom of the database the URL names\n"
    "              (pg_dump must be on PATH; a password in the URL reaches\n"
    "              it in PGPASSWORD, never on its command line)\n"
    "FILE must not exist: a backup never overwrites a file.  It is written\n"
    "with mode 0600 and synced to disk before the command ends.  Uploaded\n"
    "materials (the server's --files folder) are not in the database: copy\n"
    "that folder after the backup.\n"
    "\n"
    "  --db URL    sqlite:PATH (default sqlite:tongban.db) or postgres://...\n"
    "  --out FILE  where the backup goes\n"
    "\n"
    "Exit status: 0 written, 1 failed, 2 bad usage.\n";

int
backup_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = BACKUP_DEFAULT_DB, *out = NULL;
	struct store_backup_info info;
	struct stat sb;
	char *tmp = NULL, *err = NULL;
	long long bytes = 0;
	int c, fd, rc = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'h': fputs(backup_usage, stdout); return 0;
		default: return backup_usage_error("backup", "bad option");
		}
	}
	if (optind < argc)
		return backup_usage_error("backup", "unexpected argument");
	if (out == NULL || out[0] == '\0')
		return backup_usage_error("backup", "--out FILE is required");
	/* Checked now so a long copy is not made for nothing; link()
	 * below is what actually guarantees it. */
	if (lstat(out, &sb) == 0) {
		fprintf(stderr, "tongban backup: \"%s\" exists: a backup never "
		    "overwrites a file\n", out);
		return 1;
	}
	if (asprintf(&tmp, "%s.XXXXXX", out) < 0)
		return 1;
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "tongban backup: cannot create a file beside "
		    "\"%s\": %s\n", out, strerror(errno));
		free(tmp);
		return 1;
	}
	close(fd);
	if (store_backup(db, tmp, &info, &err) < 0) {
		fprintf(stderr, "tongban backup: %s\n", err ? err :
		    "the backup failed");
		goto out;
	}
	if (sync_file(tmp, &bytes) < 0) {
		fprintf(stderr, "tongban backup: cannot sync \"%s\": %s\n",
		    tmp, strerror(errno));
		goto out;
	}
	if (link(tmp, out) < 0) {
		fprintf(stderr, "tongban backup: cannot name the backup \"%s\": "
		    "%s\n", out, strerror(errno));
		goto out;
	}
	if (sync_dir_of(out) < 0) {
		fprintf(stderr, "tongban backup: cannot sync the folder of "
		    "\"%s\": %s\n", out, strerror(errno));
		unlink(out);
		goto out;
	}
	if (info.pages > 0)
		printf("wrote %s: %lld bytes, %lld tables, %lld pages of %lld "
		    "bytes\n", out, bytes, (long long)info.tables,
		    (long long)info.pages, (long long)info.page_size);
	else
		printf("wrote %s: %lld bytes, %lld tables (pg_dump custom "
		    "format)\n", out, bytes, (long long)info.tables);
	rc = 0;
out:
	unlink(tmp);	/* the name FILE holds the data now, or nothing does */
	free(tmp);
	free(err);
	return rc;
}

static const char restore_usage[] =
    "usage: tongban restore --in FILE [--db URL]\n"
    "\n"
    "Copies a backup made by 'tongban backup' into a new database, then\n"
    "applies the schema migrations the backup is missing, so a backup of\n"
    "an older version comes up to date; prints the schema version.\n"
    "The database must hold no tables: the restore refuses any other.\n"
    "  SQLite      --db sqlite:PATH of a file that does not exist yet (or\n"
    "              holds no tables); the backup is checked, then copied in\n"
    "              with the online backup API\n"
    "  PostgreSQL  a database made with createdb; pg_restore --no-owner\n"
    "              in one transaction, so a damaged backup leaves it empty\n"
    "Then check the audit log: tongban audit verify --db URL\n"
    "\n"
    "  --db URL   sqlite:PATH (default sqlite:tongban.db) or postgres://...\n"
    "  --in FILE  the backup\n"
    "\n"
    "Exit status: 0 restored, 1 failed (the database is left as it was),\n"
    "2 bad usage.\n";

int
restore_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "in", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = BACKUP_DEFAULT_DB, *in = NULL;
	struct store_backup_info info;
	struct store *st = NULL;
	char *err = NULL;
	int c, n, rc = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'i': in = optarg; break;
		case 'h': fputs(restore_usage, stdout); return 0;
		default: return backup_usage_error("restore", "bad option");
		}
	}
	if (optind < argc)
		return backup_usage_error("restore", "unexpected argument");
	if (in == NULL || in[0] == '\0')
		return backup_usage_error("restore", "--in FILE is required");
	if (store_restore(db, in, &info, &err) < 0) {
		fprintf(stderr, "tongban restore: %s\n", err ? err :
		    "the restore failed");
		goto out;
	}
	if (info.pages > 0)
		printf("restored %s: %lld tables, %lld pages of %lld bytes\n",
		    in, (long long)info.tables, (long long)info.pages,
		    (long long)info.page_size);
	else
		printf("restored %s: %lld tables\n", in,
		    (long long)info.tables);
	if (store_open(&st, db, &err) < 0 ||
	    (n = store_migrate(st, &err)) < 0) {
		fprintf(stderr, "tongban restore: the data is restored but the "
		    "schema is not up to date: %s\n", err ? err : "migration "
		    "failed");
		goto out;
	}
	printf("schema version %d (%d migration%s applied)\n",
	    store_schema_version(st), n, n == 1 ? "" : "s");
	rc = 0;
out:
	store_close(st);
	free(err);
	return rc;
}
