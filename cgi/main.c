/* main.c — command line: serve, migrate, check, user, backup, restore; configuration from env and flags */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "admin.h"
#include "backup.h"
#include "config.h"
#include "db.h"
#include "envfile.h"
#include "limits.h"
#include "migrate.h"
#include "server.h"
#include "tmpl.h"
#include "valid.h"

struct config {
	struct server_conf srv;
	const char	*admin_dsn;
	const char	*sql_dir;
	const char	*backup_dir;
	int		 backup_keep;
};

static const char usage[] =
"usage: exbuddy serve [options]       run the FastCGI server\n"
"       exbuddy migrate up | down N | status [options]\n"
"       exbuddy check [options]       parse the templates and exit\n"
"       exbuddy user list | disable NAME | enable NAME [options]\n"
"                                     accounts (through --admin-dsn)\n"
"       exbuddy backup [options]      pg_dump the database (through --admin-dsn)\n"
"                                     into --dir, keeping the newest --keep\n"
"       exbuddy restore [--clean] FILE [options]\n"
"                                     pg_restore FILE; --clean replaces what\n"
"                                     a database that is not empty holds\n"
"options (and the environment variables they override):\n"
"  --config FILE      EXBUDDY_CONFIG       NAME=value lines setting these\n"
"                                          variables (systemd's EnvironmentFile\n"
"                                          syntax); the environment wins\n"
"  --socket PATH      EXBUDDY_SOCKET       unix socket (var/run/exbuddy.sock)\n"
"  --group NAME       EXBUDDY_SOCKET_GROUP group of the socket (nginx's)\n"
"  --user NAME        EXBUDDY_USER         user to run as after binding\n"
"  --pidfile PATH     EXBUDDY_PIDFILE      where to write the master's pid\n"
"  --workers N        EXBUDDY_WORKERS      worker processes (" XSTR(SERVER_DEFAULT_WORKERS) ")\n"
"  --max-requests M   EXBUDDY_MAX_REQUESTS requests before a worker is recycled (" XSTR(SERVER_DEFAULT_MAX_REQ) ")\n"
"  --dsn DSN          EXBUDDY_DSN          libpq connection string of the app role\n"
"  --admin-dsn DSN    EXBUDDY_ADMIN_DSN    connection string for migrations\n"
"  --templates DIR    EXBUDDY_TEMPLATES    template directory (templates)\n"
"  --sql DIR          EXBUDDY_SQL          migration directory (sql)\n"
"  --dir DIR          EXBUDDY_BACKUP_DIR   where backups go (var/backups)\n"
"  --keep N           EXBUDDY_BACKUP_KEEP  backups kept, the newest (" XSTR(BACKUP_KEEP_DEFAULT) ")\n"
"accounts (environment only):\n"
"  EXBUDDY_SESSION_IDLE       seconds a session may go unused (1209600 = 14 days)\n"
"  EXBUDDY_SESSION_MAX        seconds a session lives at most (7776000 = 90 days)\n"
"  EXBUDDY_LOGIN_MAX_FAILURES failed logins that lock an account (5)\n"
"  EXBUDDY_LOGIN_WINDOW       seconds: the failure window and the lock (900)\n"
"  EXBUDDY_LOGIN_IP_MAX       failed logins from one address per window (50)\n"
"  EXBUDDY_HASH_MAX           password hashes computed at once (half the CPUs)\n"
"  EXBUDDY_SIGNUP             who may sign up: open (anyone), invite (with a\n"
"                             link of exbuddy user invite), closed (nobody:\n"
"                             exbuddy user add) (open)\n"
"logging (environment only):\n"
"  EXBUDDY_REQUEST_LOG        which requests get a line in the log: all, or\n"
"                             problems (answers of 500 and more, and those\n"
"                             that took " XSTR(LOG_SLOW_MS) " ms or more) (all)\n"
"database (environment only):\n"
"  EXBUDDY_DATABASE_READ_URL  a read replica: stats, week, history, export and\n"
"                             exercise pages read there (a browser's own\n"
"                             writes first seen on the primary) (none)\n"
"  EXBUDDY_DB_PREPARE         1: prepare each statement once per connection;\n"
"                             0: never (a pooler in transaction mode) (1)\n";
_Static_assert(SESSION_IDLE_DEFAULT == 1209600 && SESSION_MAX_DEFAULT ==
    7776000 && LOGIN_FAILURES_DEFAULT == 5 && LOGIN_WINDOW_DEFAULT == 900 &&
    LOGIN_IP_DEFAULT == 50 && HASH_DEFAULT == 0, "the usage states them");

static const char *
env(const char *name, const char *def)
{
	const char *v = getenv(name);

	return (v != NULL && *v != '\0') ? v : def;
}

static int
number(const char *what, const char *s, long long min, long long max,
    long long *out)
{
	const char *why;

	if (valid_int(s, min, max, out, &why) == 0)
		return 0;
	fprintf(stderr, "exbuddy: %s %s %s (%lld to %lld)\n", what, s, why,
	    min, max);
	return -1;
}

/* Every variable a configuration file may set: those of the usage. */
static const char *const settings[] = {
	"EXBUDDY_SOCKET", "EXBUDDY_SOCKET_GROUP", "EXBUDDY_USER",
	"EXBUDDY_PIDFILE", "EXBUDDY_WORKERS", "EXBUDDY_MAX_REQUESTS",
	"EXBUDDY_DSN", "EXBUDDY_ADMIN_DSN", "EXBUDDY_TEMPLATES", "EXBUDDY_SQL",
	"EXBUDDY_BACKUP_DIR", "EXBUDDY_BACKUP_KEEP", "EXBUDDY_SESSION_IDLE",
	"EXBUDDY_SESSION_MAX", "EXBUDDY_LOGIN_MAX_FAILURES",
	"EXBUDDY_LOGIN_WINDOW", "EXBUDDY_LOGIN_IP_MAX", "EXBUDDY_HASH_MAX",
	"EXBUDDY_DB_PREPARE", "EXBUDDY_SIGNUP", "EXBUDDY_DATABASE_READ_URL",
	"EXBUDDY_REQUEST_LOG", NULL
};

/* arg: where the name of a setting refused goes (64 bytes). */
static int
set_setting(void *arg, const char *key, const char *value, const char **why)
{
	if (valid_enum(key, settings) < 0) {
		snprintf(arg, 64, "%s ", key);
		*why = "is not a setting of exbuddy (exbuddy --help lists them)";
		return -1;
	}
	/* One already in the environment wins, as a command line option. */
	if (getenv(key) == NULL && setenv(key, value, 1) != 0) {
		*why = "could not be set";
		return -1;
	}
	return 0;
}

/* Sets the variables of the file PATH (at most 64 KiB) not set already. */
static int
load_config(const char *path)
{
	char	 text[65536 + 1], name[64] = "";
	const char *why;
	FILE	*f;
	size_t	 n;
	int	 line;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "exbuddy: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(text, 1, sizeof(text), f);
	if (ferror(f) || n == sizeof(text)) {
		fprintf(stderr, "exbuddy: %s: %s\n", path, ferror(f) ?
		    strerror(errno) : "larger than 64 KiB");
		fclose(f);
		return -1;
	}
	fclose(f);
	text[n] = '\0';
	if (memchr(text, '\0', n) != NULL) {
		fprintf(stderr, "exbuddy: %s: not a text file\n", path);
		return -1;
	}
	if (envfile_parse(text, set_setting, name, &line, &why) != 0) {
		fprintf(stderr, "exbuddy: %s, line %d: %s%s\n", path, line,
		    name, why);
		return -1;
	}
	return 0;
}

/* --config FILE anywhere among the arguments, else EXBUDDY_CONFIG. */
static int
config_file(int argc, char **argv)
{
	const char *path = env("EXBUDDY_CONFIG", NULL);
	int	 i;

	for (i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "--config") == 0)
			path = argv[++i];
	return path != NULL ? load_config(path) : 0;
}

/*
 * The place of variable name's value among values (NULL at their end):
 * -1 when it is unset, -2 (said on stderr, which lists them) when it is
 * none of them.
 */
static int
choice(const char *name, const char *const *values, const char *which)
{
	const char *s = env(name, NULL);
	int	 m;

	if (s == NULL)
		return -1;
	if ((m = valid_enum(s, values)) < 0) {
		fprintf(stderr, "exbuddy: %s %s is not %s\n", name, s, which);
		return -2;
	}
	return m;
}

/*
 * The account and logging settings (defaults in config.c), from the
 * environment only.
 */
static int
app_defaults(void)
{
	struct {
		const char	*name;
		int		*dst;
		long long	 min, max;
	} v[] = {
		{ "EXBUDDY_SESSION_IDLE", &app_conf.session_idle,
		    SESSION_SECONDS_MIN, SESSION_SECONDS_MAX },
		{ "EXBUDDY_SESSION_MAX", &app_conf.session_max,
		    SESSION_SECONDS_MIN, SESSION_SECONDS_MAX },
		{ "EXBUDDY_LOGIN_MAX_FAILURES", &app_conf.login_max_failures,
		    1, LOGIN_FAILURES_MAX },
		{ "EXBUDDY_LOGIN_WINDOW", &app_conf.login_window, 1,
		    LOGIN_WINDOW_MAX },
		{ "EXBUDDY_LOGIN_IP_MAX", &app_conf.login_ip_max, 1, LOGIN_IP_MAX },
		{ "EXBUDDY_HASH_MAX", &app_conf.hash_max, 1, HASH_MAX },
		{ "EXBUDDY_DB_PREPARE", &app_conf.db_prepare, 0, 1 },
	};
	static const char *const modes[] = { "open", "invite", "closed", NULL };
	static const char *const logs[] = { "all", "problems", NULL };
	const char *s;
	long long n;
	size_t	 i;
	int	 m;

	if ((m = choice("EXBUDDY_SIGNUP", modes, "open, invite or closed")) == -2)
		return -1;
	if (m >= 0)
		app_conf.signup = (enum signup_mode)m;
	if ((m = choice("EXBUDDY_REQUEST_LOG", logs, "all or problems")) == -2)
		return -1;
	if (m >= 0)
		app_conf.request_log = (enum request_log)m;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if ((s = env(v[i].name, NULL)) == NULL)
			continue;
		if (number(v[i].name, s, v[i].min, v[i].max, &n) != 0)
			return -1;
		*v[i].dst = (int)n;
	}
	return 0;
}

static int
defaults(struct config *c)
{
	long long n;

	if (app_defaults() != 0)
		return -1;
	c->srv.socket_path = env("EXBUDDY_SOCKET", "var/run/exbuddy.sock");
	c->srv.socket_group = env("EXBUDDY_SOCKET_GROUP", NULL);
	c->srv.user = env("EXBUDDY_USER", NULL);
	c->srv.pidfile = env("EXBUDDY_PIDFILE", NULL);
	c->srv.dsn = env("EXBUDDY_DSN", "dbname=exbuddy user=exbuddy_app");
	c->srv.read_dsn = env("EXBUDDY_DATABASE_READ_URL", NULL);
	c->srv.templates = env("EXBUDDY_TEMPLATES", "templates");
	c->admin_dsn = env("EXBUDDY_ADMIN_DSN", "dbname=exbuddy");
	c->sql_dir = env("EXBUDDY_SQL", "sql");
	c->backup_dir = env("EXBUDDY_BACKUP_DIR", "var/backups");
	if (number("EXBUDDY_BACKUP_KEEP", env("EXBUDDY_BACKUP_KEEP",
	    XSTR(BACKUP_KEEP_DEFAULT)), 1, BACKUP_KEEP_MAX, &n) != 0)
		return -1;
	c->backup_keep = (int)n;
	if (number("EXBUDDY_WORKERS", env("EXBUDDY_WORKERS", XSTR(SERVER_DEFAULT_WORKERS)), 1,
	    SERVER_MAX_WORKERS, &n) != 0)
		return -1;
	c->srv.workers = (int)n;
	if (number("EXBUDDY_MAX_REQUESTS", env("EXBUDDY_MAX_REQUESTS",
	    XSTR(SERVER_DEFAULT_MAX_REQ)), 1, SERVER_MAX_MAX_REQ, &n) != 0)
		return -1;
	c->srv.max_requests = (long)n;
	return 0;
}

/* One "--name value" option; returns -1 for an unknown or bad one. */
static int
option(struct config *c, const char *name, const char *val)
{
	long long n;
	const char **strs[] = { &c->srv.socket_path, &c->srv.socket_group,
	    &c->srv.user, &c->srv.pidfile, &c->srv.dsn, &c->admin_dsn,
	    &c->srv.templates, &c->sql_dir, &c->backup_dir };
	const char *names[] = { "--socket", "--group", "--user", "--pidfile",
	    "--dsn", "--admin-dsn", "--templates", "--sql", "--dir" };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*strs[i] = val;
			return 0;
		}
	if (strcmp(name, "--config") == 0)
		return 0;	/* read first, by config_file() */
	if (strcmp(name, "--workers") == 0) {
		if (number("--workers", val, 1, SERVER_MAX_WORKERS, &n) != 0)
			return -1;
		c->srv.workers = (int)n;
		return 0;
	}
	if (strcmp(name, "--keep") == 0) {
		if (number("--keep", val, 1, BACKUP_KEEP_MAX, &n) != 0)
			return -1;
		c->backup_keep = (int)n;
		return 0;
	}
	if (strcmp(name, "--max-requests") == 0) {
		if (number("--max-requests", val, 1, SERVER_MAX_MAX_REQ, &n) != 0)
			return -1;
		c->srv.max_requests = (long)n;
		return 0;
	}
	fprintf(stderr, "exbuddy: unknown option %s\n%s", name, usage);
	return -1;
}

/*
 * Takes options out of argv; what is left are positional arguments, and
 * restore's --clean, the one option without a value.
 */
static int
parse_args(struct config *c, int *argc, char **argv)
{
	int	 i, n = 0;

	for (i = 0; i < *argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 ||
		    strcmp(argv[i], "--clean") == 0) {
			argv[n++] = argv[i];
			continue;
		}
		if (i + 1 >= *argc) {
			fprintf(stderr, "exbuddy: %s needs a value\n", argv[i]);
			return -1;
		}
		if (option(c, argv[i], argv[i + 1]) != 0)
			return -1;
		i++;
	}
	*argc = n;
	return 0;
}

static int
check(const struct config *c)
{
	struct tmpl_set *t;
	char	 err[512];

	if ((t = tmpl_load_dir(c->srv.templates, err, sizeof(err))) == NULL) {
		fprintf(stderr, "exbuddy: templates: %s\n", err);
		return 1;
	}
	tmpl_set_free(t);
	printf("templates ok\n");
	return 0;
}

int
main(int argc, char **argv)
{
	struct config c;
	const char *cmd;

	memset(&c, 0, sizeof(c));
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (sodium_init() < 0) {
		fputs("exbuddy: libsodium failed to start\n", stderr);
		return 1;
	}
	cmd = argv[1];
	argc -= 2;
	argv += 2;
	if (config_file(argc, argv) != 0 || defaults(&c) != 0 ||
	    parse_args(&c, &argc, argv) != 0)
		return 2;
	/*
	 * Half the CPUs hash at most, leaving the rest to pages; and the
	 * hashes with as many waiting for a slot leave a worker for pages.
	 */
	if (app_conf.hash_max == 0 &&
	    (app_conf.hash_max = (int)(sysconf(_SC_NPROCESSORS_ONLN) / 2)) < 1)
		app_conf.hash_max = 1;
	if (c.srv.workers > 1 && 2 * app_conf.hash_max >= c.srv.workers)
		app_conf.hash_max = (c.srv.workers - 1) / 2 > 0 ?
		    (c.srv.workers - 1) / 2 : 1;
	if (strcmp(cmd, "serve") == 0 && argc == 0) {
		db_warn_durability(c.srv.dsn);
		return server_run(&c.srv);
	}
	if (strcmp(cmd, "migrate") == 0)
		return migrate_main(c.admin_dsn, c.sql_dir, argc, argv);
	if (strcmp(cmd, "check") == 0 && argc == 0)
		return check(&c);
	if (strcmp(cmd, "user") == 0)
		return admin_user_main(c.admin_dsn, argc, argv);
	if (strcmp(cmd, "backup") == 0)
		return backup_main(c.admin_dsn, c.backup_dir, c.backup_keep,
		    argc, argv);
	if (strcmp(cmd, "restore") == 0)
		return restore_main(c.admin_dsn, argc, argv);
	fputs(usage, stderr);
	return 2;
}
