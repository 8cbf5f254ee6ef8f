/*
 * main.c - the tongban command: one binary, several subcommands.
 *
 *   tongban init [--demo] --db URL      create the schema (and the demo city)
 *   tongban serve --listen A --db URL   serve the API and the pages
 *   tongban migrate --db URL            apply pending schema migrations
 *   tongban user add ...                create a staff account
 *   tongban routes                      print the API's routes
 *   tongban guidance check|paths FILE   author guidance scenarios
 *   tongban backup|restore ...          see backup.c
 *
 * Each subcommand parses its own options and prints its usage with
 * --help.  Exit status: 0 done, 1 failed, 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "accounts.h"
#include "alloc.h"
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "backup.h"
#include "cal.h"
#include "cases.h"
#include "catalog.h"
#include "demo.h"
#include "events.h"
#include "guide.h"
#include "http.h"
#include "keys.h"
#include "log.h"
#include "plan.h"
#include "ratelimit.h"
#include "router.h"
#include "store.h"
#include "totp.h"
#include "workflow.h"

#define DEFAULT_DB "sqlite:tongban.db"
#define DEFAULT_DATA "data"
#define DEMO_PASSWORD "tongban-demo-2026"

static int
usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "tongban %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\ntry 'tongban %s --help'\n", cmd);
	return 2;
}

/* Parses a decimal in [min, max]; -1 when it is not one. */
static int
parse_num(const char *s, long long min, long long max, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (s[0] == '\0' || *end || errno || *out < min || *out > max)
		return -1;
	return 0;
}

static struct store *
open_store(const char *cmd, const char *url, int migrate)
{
	struct store *st;
	char *err = NULL;
	int n;

	if (store_open(&st, url, &err) < 0) {
		fprintf(stderr, "tongban %s: %s\n", cmd, err ? err : "cannot "
		    "open the database");
		free(err);
		return NULL;
	}
	if (migrate) {
		n = store_migrate(st, &err);
		if (n < 0) {
			fprintf(stderr, "tongban %s: %s\n", cmd, err ? err :
			    "migration failed");
			free(err);
			store_close(st);
			return NULL;
		}
		if (n > 0)
			log_info("msg=\"schema migrated\" applied=%d version=%d",
			    n, store_schema_version(st));
	}
	return st;
}

static const char init_usage[] =
    "usage: tongban init [--demo] [--db URL] [--data DIR] [--demo-password PW]\n"
    "\n"
    "Creates the schema in the database and, with --demo, loads the demo\n"
    "city from DIR (default data/): districts, centers, departments, the\n"
    "catalog of matters, the shared registers and the demo accounts.\n"
    "\n"
    "  --db URL             sqlite:PATH (default sqlite:tongban.db) or\n"
    "                       postgres://... \n"
    "  --demo               load the demo city (the database must be empty)\n"
    "  --data DIR           where the data files are (default data)\n"
    "  --demo-password PW   password of every demo account\n"
    "                       (default tongban-demo-2026)\n";

static int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "demo", no_argument, NULL, 'D' },
		{ "data", required_argument, NULL, 'a' },
		{ "demo-password", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = DEFAULT_DB, *data = DEFAULT_DATA,
	    *password = DEMO_PASSWORD;
	struct demo_counts n;
	struct store *st;
	char *err = NULL;
	int demo = 0, c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': demo = 1; break;
		case 'a': data = optarg; break;
		case 'p': password = optarg; break;
		case 'h': fputs(init_usage, stdout); return 0;
		default: return usage_error("init", "bad option%s", "");
		}
	}
	if (optind < argc)
		return usage_error("init", "unexpected argument \"%s\"",
		    argv[optind]);
	if (strlen(password) < AUTH_PASSWORD_MIN)
		return usage_error("init", "the demo password needs at least "
		    "12 characters%s", "");
	if ((st = open_store("init", db, 1)) == NULL)
		return 1;
	if (demo) {
		if (demo_load(st, data, password, (int64_t)time(NULL), &n,
		    &err) < 0) {
			fprintf(stderr, "tongban init: %s\n", err);
			free(err);
			rc = 1;
		} else
			printf("loaded the demo city: %d districts, %d centers "
			    "and points, %d departments, %d material kinds, "
			    "%d matters with %d materials, %d household "
			    "records, %d enterprises, %d accounts, %d "
			    "electronic licences, %d shared records, %d "
			    "guidance scenarios\n",
			    n.districts, n.centers, n.departments,
			    n.material_kinds, n.matters, n.materials, n.hukou,
			    n.enterprises, n.accounts, n.licences, n.shared,
			    n.scenarios);
	}
	store_close(st);
	return rc;
}

static const char migrate_usage[] =
    "usage: tongban migrate [--db URL]\n"
    "\n"
    "Applies the schema migrations the database has not had yet, under a\n"
    "lock, so several processes may run it at once.\n";

static int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = DEFAULT_DB;
	struct store *st;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(migrate_usage, stdout); return 0;
		default: return usage_error("migrate", "bad option%s", "");
		}
	}
	if (optind < argc)
		return usage_error("migrate", "unexpected argument \"%s\"",
		    argv[optind]);
	if ((st = open_store("migrate", db, 1)) == NULL)
		return 1;
	printf("schema version %d\n", store_schema_version(st));
	store_close(st);
	return 0;
}

static const char serve_usage[] =
    "usage: tongban serve [--listen ADDR:PORT] [--db URL] [options]\n"
    "\n"
    "Serves the JSON API under /api/v1 and the pages in web/.\n"
    "\n"
    "  --listen ADDR:PORT   default 127.0.0.1:8080 (port 0: any free port)\n"
    "  --db URL             sqlite:PATH (default sqlite:tongban.db) or\n"
    "                       postgres://...\n"
    "  --data DIR           data files, for the holiday calendar (default data)\n"
    "  --web DIR            the pages (default web)\n"
    "  --threads N          worker threads, each with one database\n"
    "                       connection (default 4)\n"
    "  --max-body BYTES     largest JSON request body (default 65536)\n"
    "  --max-upload BYTES   largest uploaded material (default 10485760)\n"
    "  --files DIR          where uploaded materials are kept (default files)\n"
    "  --public-url URL     the address residents use, for QR codes\n"
    "                       (default http://ADDR:PORT of --listen)\n"
    "  --sms-file PATH      the demo SMS gateway appends messages here\n"
    "  --log-level LEVEL    debug, info, warn or error (default info)\n"
    "  --clock-offset SECS  shift the application's clock (tests only)\n"
    "  --key-file PATH      keys that seal personal data at rest, kept\n"
    "                       outside the database (default\n"
    "                       keys/tongban.keys; made when missing)\n"
    "  --hsts               behind TLS (a proxy ends it): send\n"
    "                       Strict-Transport-Security on every answer\n"
    "  --pwhash-memory MIB  argon2id memory for new password hashes\n"
    "                       (default and least 19)\n"
    "  --pwhash-passes N    argon2id passes (default and least 2)\n"
    "  --rate-signin N      sign-in, registration and recovery requests a\n"
    "                       client address may make a minute (default 30;\n"
    "                       0: no limit)\n"
    "  --rate-write N       other changing requests an address may make a\n"
    "                       minute (default 600; 0: no limit)\n"
    "  --pdf-font PATH      TrueType CJK font for PDFs (default\n"
    "                       /usr/share/fonts/truetype/wqy/wqy-microhei.ttc)\n"
    "  --fault-injection    tests only: the header X-Fault-Alloc: N fails\n"
    "                       the request's Nth allocation\n"
    "  --no-catalog-cache   answer guides and catalog searches from the\n"
    "                       store every time (benchmarks of that path)\n";

static volatile sig_atomic_t stop_signal;

static int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "data", required_argument, NULL, 'a' },
		{ "web", required_argument, NULL, 'w' },
		{ "threads", required_argument, NULL, 't' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "sms-file", required_argument, NULL, 's' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "clock-offset", required_argument, NULL, 'c' },
		{ "no-catalog-cache", no_argument, NULL, 'G' },
		{ "files", required_argument, NULL, 'f' },
		{ "public-url", required_argument, NULL, 'u' },
		{ "max-upload", required_argument, NULL, 'U' },
		{ "pdf-font", required_argument, NULL, 'P' },
		{ "rate-signin", required_argument, NULL, 'R' },
		{ "pwhash-memory", required_argument, NULL, 'M' },
		{ "hsts", no_argument, NULL, 'H' },
		{ "key-file", required_argument, NULL, 'K' },
		{ "fault-injection", no_argument, NULL, 'F' },
		{ "pwhash-passes", required_argument, NULL, 'T' },
		{ "rate-write", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct http_config cfg = { "127.0.0.1:8080", 4, 65536, 10 << 20 };
	struct app app = { 0 };
	struct http_server *srv = NULL;
	int rates[RL_CLASSES];
	unsigned pw_mib = AUTH_MIN_MEMORY_MIB, pw_passes = AUTH_MIN_PASSES;
	const char *key_file = "keys/tongban.keys";
	const char *db = DEFAULT_DB, *data = DEFAULT_DATA;
	char *err = NULL, *holidays = NULL, *public_url = NULL;
	long long v;
	sigset_t set;
	int c, sig, rc = 1, day, minute, y, m, d;

	app.web_dir = "web";
	app.files_dir = "files";
	app.public_url = NULL;
	app.pdf_font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
	rates[RL_SIGNIN] = 30;
	rates[RL_WRITE] = 600;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l': cfg.listen = optarg; break;
		case 'P': app.pdf_font = optarg; break;
		case 'H': app.hsts = 1; break;
		case 'K': key_file = optarg; break;
		case 'F': app.fault_injection = 1; break;
		case 'M':
			if (parse_num(optarg, 0, 1 << 20, &v) < 0)
				return usage_error("serve", "bad --pwhash-memory "
				    "\"%s\"", optarg);
			pw_mib = (unsigned)v;
			break;
		case 'T':
			if (parse_num(optarg, 0, 1 << 20, &v) < 0)
				return usage_error("serve", "bad --pwhash-passes "
				    "\"%s\"", optarg);
			pw_passes = (unsigned)v;
			break;
		case 'R':
		case 'W':
			if (parse_num(optarg, 0, 1000000000, &v) < 0)
				return usage_error("serve", "a rate must be 0 to "
				    "1000000000 requests a minute, not \"%s\"",
				    optarg);
			rates[c == 'R' ? RL_SIGNIN : RL_WRITE] = (int)v;
			break;
		case 'd': db = optarg; break;
		case 'a': data = optarg; break;
		case 'w': app.web_dir = optarg; break;
		case 's': app.sms_file = optarg; break;
		case 't':
			if (parse_num(optarg, 1, 256, &v) < 0)
				return usage_error("serve", "--threads must be "
				    "1 to 256, not \"%s\"", optarg);
			cfg.threads = (unsigned)v;
			break;
		case 'b':
			if (parse_num(optarg, 1024, 64 << 20, &v) < 0)
				return usage_error("serve", "--max-body must be "
				    "1024 to 67108864, not \"%s\"", optarg);
			cfg.max_body = (size_t)v;
			break;
		case 'L':
			if (log_parse_level(optarg, &log_min_level) < 0)
				return usage_error("serve", "unknown log level "
				    "\"%s\"", optarg);
			break;
		case 'c':
			if (parse_num(optarg, -(1LL << 40), 1LL << 40, &v) < 0)
				return usage_error("serve", "bad --clock-offset "
				    "\"%s\"", optarg);
			app.clock_offset = v;
			break;
		case 'G': catalog_cache_enabled = 0; break;
		case 'f': app.files_dir = optarg; break;
		case 'u': app.public_url = optarg; break;
		case 'U':
			if (parse_num(optarg, 1024, 256 << 20, &v) < 0)
				return usage_error("serve", "--max-upload must be "
				    "1024 to 268435456, not \"%s\"", optarg);
			cfg.max_upload = (size_t)v;
			break;
		case 'h': fputs(serve_usage, stdout); return 0;
		default: return usage_error("serve", "bad option%s", "");
		}
	}
	if (optind < argc)
		return usage_error("serve", "unexpected argument \"%s\"",
		    argv[optind]);
	if (auth_set_cost(pw_mib, pw_passes) < 0)
		return usage_error("serve", "argon2id below 19 MiB and 2 passes "
		    "is refused (OWASP's minimum)%s", "");
	if (asprintf(&holidays, "%s/common-passwords.txt", data) < 0)
		return 1;
	if (auth_load_common(holidays, &err) < 0) {
		fprintf(stderr, "tongban serve: %s\n", err ? err : holidays);
		free(err);
		free(holidays);
		return 1;
	}
	free(holidays);
	if (asprintf(&holidays, "%s/holidays.json", data) < 0)
		return 1;
	if (cal_load(&app.cal, holidays, &err) < 0) {
		fprintf(stderr, "tongban serve: %s\n", err ? err : holidays);
		free(err);
		free(holidays);
		auth_free_common();
		return 1;
	}
	free(holidays);
	cal_local(app_now(&app), &day, &minute);
	cal_civil_from_days(day, &y, &m, &d);
	if (!cal_has_year(app.cal, y))
		log_warn("msg=\"no holiday data for this year: counting "
		    "Monday to Friday as working days\" year=%d", y);
	if (keys_load(key_file, 1, &app.keys, &err) < 0) {
		fprintf(stderr, "tongban serve: %s\n", err ? err : key_file);
		free(err);
		goto out;
	}
	if ((app.store = open_store("serve", db, 1)) == NULL)
		goto out;
	if (workflows_load(store_conn(app.store), &app.workflows, &err) < 0) {
		fprintf(stderr, "tongban serve: %s\n", err ? err :
		    "cannot load the workflows");
		free(err);
		goto out;
	}
	if (guide_load(store_conn(app.store), &app.guidance, &err) < 0) {
		fprintf(stderr, "tongban serve: %s\n", err ? err :
		    "cannot load the guidance scenarios");
		free(err);
		goto out;
	}
	if (app.public_url == NULL) {
		if (asprintf(&public_url, "http://%s", cfg.listen) < 0)
			goto out;
		app.public_url = public_url;
	}

	/* Threads inherit this mask, so only sigwait below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rates[RL_SIGNIN] || rates[RL_WRITE]) &&
	    (app.ratelimit = ratelimit_new(rates)) == NULL)
		goto out;
	if (audit_start(&app.audit, app.store, &err) < 0) {
		fprintf(stderr, "tongban serve: %s\n", err ? err : "audit");
		free(err);
		goto out;
	}
	if (events_start(&app.events, &app, &err) < 0) {
		fprintf(stderr, "tongban serve: %s\n", err ? err : "events");
		free(err);
		goto out;
	}
	if (http_start(&srv, &app, &cfg, &err) < 0) {
		fprintf(stderr, "tongban serve: %s\n", err ? err : "cannot "
		    "start the server");
		free(err);
		goto out;
	}
	log_info("msg=\"serving\" url=http://%.*s:%u/ store=%s threads=%u",
	    (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen,
	    http_port(srv), store_kind(app.store) == STORE_SQLITE ? "sqlite" :
	    "postgres", cfg.threads);
	if (sigwait(&set, &sig) == 0)
		log_info("msg=\"stopping\" signal=%d", sig);
	rc = 0;
out:
	events_shutdown(app.events);
	http_stop(srv);
	audit_stop(app.audit);	/* after the server: it writes what is queued */
	ratelimit_free(app.ratelimit);
	keys_free(app.keys);
	events_free(app.events);
	store_close(app.store);
	cal_free(app.cal);
	workflows_free(app.workflows);
	guide_free(app.guidance);
	catalog_cache_free();
	auth_free_common();
	free(public_url);
	return rc;
}

static const char user_usage[] =
    "usage: tongban user add --username NAME --name REAL_NAME --role ROLE\n"
    "                        [--center CODE | --district CODE |\n"
    "                         --department CODE] [--db URL]\n"
    "\n"
    "Creates a staff account.  The password is read from standard input\n"
    "(one line), so it never shows in the process list.\n"
    "\n"
    "Roles and their scope:\n"
    "  clerk, manager     --center CODE       (a center, e.g. JA12)\n"
    "  reviewer           --department CODE   (e.g. CA)\n"
    "  district_admin     --district CODE     (e.g. 310113)\n"
    "  city_admin, auditor                    (no scope)\n";

static int
cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "username", required_argument, NULL, 'u' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "center", required_argument, NULL, 'c' },
		{ "district", required_argument, NULL, 'D' },
		{ "department", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct accounts_new a = { .kind = "staff" };
	const char *db = DEFAULT_DB, *why;
	struct store_conn *conn;
	struct store *st;
	unsigned char totp_raw[20];
	char totp_b32[40];
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int64_t id;
	int c;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		fputs(user_usage, stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return usage_error("user", "the only action is \"add\"%s", "");
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': a.login = optarg; break;
		case 'n': a.name = optarg; break;
		case 'r': a.role = optarg; break;
		case 'c': a.scope_center = optarg; break;
		case 'D': a.scope_district = optarg; break;
		case 'p': a.scope_department = optarg; break;
		case 'h': fputs(user_usage, stdout); return 0;
		default: return usage_error("user", "bad option%s", "");
		}
	}
	if (!a.login || !a.name || !a.role)
		return usage_error("user", "--username, --name and --role are "
		    "required%s", "");
	if (strlen(a.login) < 3 || strlen(a.login) > 32 ||
	    strspn(a.login, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
	    strlen(a.login))
		return usage_error("user", "the user name \"%s\" must be 3 to "
		    "32 of a-z 0-9 . _ -", a.login);
	if ((why = accounts_check_role(&a)) != NULL)
		return usage_error("user", "%s", why);
	len = getline(&line, &cap, stdin);
	if (len <= 0) {
		free(line);
		return usage_error("user", "no password on standard input%s",
		    "");
	}
	if (line[len - 1] == '\n')
		line[--len] = '\0';
	a.password = line;
	{
		/* The same common-password list as the server's. */
		char *e = NULL;

		if (auth_load_common(DEFAULT_DATA "/common-passwords.txt",
		    &e) < 0)
			free(e);
	}
	why = auth_password_problem(a.password);
	auth_free_common();
	if (why) {
		fprintf(stderr, "tongban user: %s\n", why);
		free(line);
		return 1;
	}
	/* The second factor: a random secret, shown once. */
	randombytes_buf(totp_raw, sizeof(totp_raw));
	totp_base32_encode(totp_raw, sizeof(totp_raw), totp_b32);
	a.totp_secret = totp_b32;
	if ((st = open_store("user", db, 1)) == NULL) {
		free(line);
		return 1;
	}
	conn = store_conn(st);
	if (conn == NULL || store_begin(conn) < 0) {
		fprintf(stderr, "tongban user: cannot write to the database\n");
		free(line);
		store_close(st);
		return 1;
	}
	id = accounts_create(conn, &a, (int64_t)time(NULL), &why);
	if (id < 0 || store_commit(conn) < 0) {
		store_rollback(conn);
		fprintf(stderr, "tongban user: %s\n", why ? why :
		    "cannot commit");
		free(line);
		store_close(st);
		return 1;
	}
	printf("TOTP secret (enter it in the authenticator; shown only now): "
	    "%s\notpauth://totp/tongban:%s?secret=%s&issuer=tongban&"
	    "algorithm=SHA256&digits=6&period=30\n", totp_b32, a.login,
	    totp_b32);
	printf("created %s (%s), account %lld\n", a.login, a.role,
	    (long long)id);
	free(line);
	store_close(st);
	return 0;
}

static const char remind_usage[] =
    "usage: tongban remind [--db URL] [--days N] [--data DIR] [--sms-file PATH]\n"
    "\n"
    "Tells applicants whose materials accepted as outstanding (tolerant\n"
    "acceptance) are due within N working days (default 2), or overdue:\n"
    "a notice in their inbox and an SMS, once per case.  Run it daily,\n"
    "e.g. from cron.\n";

static int
cmd_remind(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "days", required_argument, NULL, 'n' },
		{ "data", required_argument, NULL, 'a' },
		{ "sms-file", required_argument, NULL, 's' },
		{ "clock-offset", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = DEFAULT_DB, *data = DEFAULT_DATA;
	struct app app = { 0 };
	char *err = NULL, *holidays = NULL;
	long long v, days = 2;
	int c, n, rc = 1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': data = optarg; break;
		case 's': app.sms_file = optarg; break;
		case 'n':
			if (parse_num(optarg, 0, 60, &days) < 0)
				return usage_error("remind", "--days must be 0 to "
				    "60, not \"%s\"", optarg);
			break;
		case 'c':
			if (parse_num(optarg, -(1LL << 40), 1LL << 40, &v) < 0)
				return usage_error("remind", "bad --clock-offset "
				    "\"%s\"", optarg);
			app.clock_offset = v;
			break;
		case 'h': fputs(remind_usage, stdout); return 0;
		default: return usage_error("remind", "bad option%s", "");
		}
	}
	if (optind < argc)
		return usage_error("remind", "unexpected argument \"%s\"",
		    argv[optind]);
	if (asprintf(&holidays, "%s/holidays.json", data) < 0)
		return 1;
	if (cal_load(&app.cal, holidays, &err) < 0) {
		fprintf(stderr, "tongban remind: %s\n", err ? err : holidays);
		free(err);
		free(holidays);
		return 1;
	}
	free(holidays);
	if ((app.store = open_store("remind", db, 1)) != NULL) {
		n = cases_remind(&app, app_now(&app), (int)days);
		if (n < 0)
			fprintf(stderr, "tongban remind: the store failed\n");
		else {
			printf("reminded %d applicant%s\n", n, n == 1 ? "" : "s");
			rc = 0;
		}
		store_close(app.store);
	}
	cal_free(app.cal);
	return rc;
}

static int
cmd_routes(int argc, char **argv)
{
	size_t i;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		puts("usage: tongban routes\n\nPrints the API's routes, one "
		    "a line: METHOD PATH");
		return 0;
	}
	for (i = 0; i < api_nroutes; i++) {
		static const char *const m[] = { "GET", "HEAD", "POST", "PUT",
			"PATCH", "DELETE", "OPTIONS", "OTHER" };

		printf("%s %s\n", m[api_routes[i].method], api_routes[i].pattern);
	}
	return 0;
}

static const char main_usage[] =
    "usage: tongban COMMAND [options]\n"
    "\n"
    "  init      create the schema, and with --demo load the demo city\n"
    "  serve     serve the API and the web pages\n"
    "  migrate   apply pending schema migrations\n"
    "  user      create staff accounts\n"
    "  remind    tell applicants of outstanding materials falling due\n"
    "  plan      recommend how many windows to open each hour\n"
    "  guidance  check a guidance scenario, list its outcomes\n"
    "  audit     verify the audit log's hash chain\n"
    "  keys      rotate the key that seals personal data at rest\n"
    "  backup    copy the database to a file while it runs\n"
    "  restore   a backup into a new database, then migrate\n"
    "  routes    list the API's routes\n"
    "\n"
    "'tongban COMMAND --help' tells more.\n";

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "init", cmd_init }, { "serve", cmd_serve },
		{ "migrate", cmd_migrate }, { "user", cmd_user },
		{ "routes", cmd_routes }, { "remind", cmd_remind },
		{ "plan", plan_main }, { "guidance", guidance_main },
		{ "audit", audit_main }, { "keys", keys_main },
		{ "backup", backup_main }, { "restore", restore_main },
	};
	size_t i;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(main_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (alloc_init() < 0) {
		fprintf(stderr, "tongban: cannot set up the allocators\n");
		return 1;
	}
	if (auth_init() < 0) {
		fprintf(stderr, "tongban: libsodium failed to start\n");
		return 1;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "tongban: unknown command \"%s\"\n%s", argv[1],
	    main_usage);
	return 2;
}
