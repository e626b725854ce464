/* backup.c — `exbuddy backup` and `exbuddy restore`: pg_dump -Fc files, rotated, and pg_restore */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backup.h"
#include "db.h"
#include "limits.h"
#include "mem.h"

/* "exbuddy-20260102T030405Z.dump": UTC, so that names sort by age. */
#define NAME_PREFIX	"exbuddy-"
#define NAME_STAMP	"%Y%m%dT%H%M%SZ"
#define NAME_SUFFIX	".dump"
#define NAME_LEN	(sizeof(NAME_PREFIX) - 1 + 16 + sizeof(NAME_SUFFIX) - 1)

static const char backup_usage[] =
"usage: exbuddy backup [--dir DIR] [--keep N] [--admin-dsn DSN]\n"
"       exbuddy restore [--clean] FILE [--admin-dsn DSN]\n";

static volatile sig_atomic_t child;	/* the pg_dump or pg_restore running */

/* SIGINT, SIGTERM, SIGHUP while it runs go to the child, which then fails. */
static void
forward(int sig)
{
	if (child > 0)
		(void)kill((pid_t)child, sig);
}

/* In the child: stdin /dev/null, stdout to fd out (unless -1), then exec. */
static void __attribute__((noreturn))
child_exec(char *const argv[], int out)
{
	int	 null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
	    (out >= 0 && dup2(out, STDOUT_FILENO) < 0))
		_exit(127);
	execvp(argv[0], argv);
	fprintf(stderr, "exbuddy: cannot run %s: %s\n", argv[0],
	    strerror(errno));
	_exit(127);
}

/* Appends what fd gives until its end. */
static void
slurp(int fd, struct buf *b)
{
	char	 chunk[4096];
	ssize_t	 n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_add(b, chunk, (size_t)n);
	}
}

/*
 * Runs argv without a shell, stderr ours; its stdout goes to fd out when
 * out >= 0, into cap when cap is not NULL, else to ours. Returns its exit
 * status, or -1 when it could not start or died of a signal.
 */
static int
run(char *const argv[], int out, struct buf *cap)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[3];
	int	 p[2] = { -1, -1 }, status = -1;
	pid_t	 pid;
	size_t	 i;

	if (cap != NULL && pipe2(p, O_CLOEXEC) != 0) {
		fprintf(stderr, "exbuddy: pipe: %s\n", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	fflush(stdout);
	if ((pid = fork()) == 0)
		child_exec(argv, cap != NULL ? p[1] : out);
	child = pid;
	if (pid < 0)
		fprintf(stderr, "exbuddy: fork: %s\n", strerror(errno));
	if (cap != NULL) {
		close(p[1]);
		if (pid > 0)
			slurp(p[0], cap);
		close(p[0]);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	child = 0;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (pid < 0)
		return -1;
	if (WIFSIGNALED(status))
		fprintf(stderr, "exbuddy: %s was killed by signal %d\n",
		    argv[0], WTERMSIG(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The executable name in a directory of PATH: 0, or -1. */
static int
on_path(const char *name, char *path, size_t size)
{
	const char *p = getenv("PATH"), *e;
	int	 n;

	for (; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		e = strchrnul(p, ':');
		n = snprintf(path, size, "%.*s/%s", (int)(e - p), p, name);
		if (e > p && n > 0 && (size_t)n < size && access(path, X_OK) == 0)
			return 0;
	}
	return -1;
}

/*
 * pg_dump or pg_restore: on PATH, else in `pg_config --bindir` (Debian:
 * /usr/lib/postgresql/15/bin). 0, or -1 said on stderr.
 */
static int
find_tool(const char *name, char *path, size_t size)
{
	char	*const argv[] = { "pg_config", "--bindir", NULL };
	struct buf b;
	int	 n = -1;

	if (on_path(name, path, size) == 0)
		return 0;
	buf_init(&b);
	if (run(argv, -1, &b) == 0) {
		while (b.len > 0 && (b.data[b.len - 1] == '\n' ||
		    b.data[b.len - 1] == '\r'))
			b.data[--b.len] = '\0';
		n = snprintf(path, size, "%s/%s", b.data, name);
	}
	buf_free(&b);
	if (n > 0 && (size_t)n < size && access(path, X_OK) == 0)
		return 0;
	fprintf(stderr, "exbuddy: cannot find %s: it is not on PATH nor in "
	    "`pg_config --bindir` (Debian: apt-get install postgresql-client)\n",
	    name);
	return -1;
}

/* "exbuddy-YYYYMMDDTHHMMSSZ.dump", nothing else. */
static int
is_backup(const struct dirent *e)
{
	const char *s = e->d_name + sizeof(NAME_PREFIX) - 1;
	size_t	 i;

	if (strlen(e->d_name) != NAME_LEN ||
	    strncmp(e->d_name, NAME_PREFIX, sizeof(NAME_PREFIX) - 1) != 0 ||
	    strcmp(s + 16, NAME_SUFFIX) != 0 || s[8] != 'T' || s[15] != 'Z')
		return 0;
	for (i = 0; i < 15; i++)
		if (i != 8 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* Removes every backup in dir but the newest keep. 0, or 1 on a failure. */
static int
rotate(const char *dir, int keep)
{
	struct dirent **list;
	char	 path[PATH_MAX];
	int	 n, i, rc = 0;

	if ((n = scandir(dir, &list, is_backup, alphasort)) < 0) {
		fprintf(stderr, "exbuddy backup: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (i < n - keep && unlink(path) == 0)
			printf("removed %s\n", path);
		else if (i < n - keep) {
			fprintf(stderr, "exbuddy backup: cannot remove %s: %s\n",
			    path, strerror(errno));
			rc = 1;
		}
		free(list[i]);
	}
	free(list);
	return rc;
}

/* fsync of a directory, so that a rename in it survives a crash. */
static int
sync_dir(const char *dir)
{
	int	 fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * pg_dump into tmp (open as fd), then tmp renamed to final, never over
 * another file. 0, or -1 with tmp removed.
 */
static int
dump(const char *tool, const char *dsn, int fd, const char *tmp,
    const char *final, const char *dir)
{
	char	*const argv[] = { (char *)tool, "--format=custom",
	    "--no-password", "--dbname", (char *)dsn, NULL };
	const char *why = NULL;
	int	 rc = run(argv, fd, NULL);

	if (rc != 0)
		why = "pg_dump failed";
	else if (fsync(fd) != 0)
		why = strerror(errno);
	if (close(fd) != 0 && why == NULL)
		why = strerror(errno);
	if (why == NULL && renameat2(AT_FDCWD, tmp, AT_FDCWD, final,
	    RENAME_NOREPLACE) != 0)
		why = errno == EEXIST ? "a backup of this second exists "
		    "already" : strerror(errno);
	if (why != NULL) {
		unlink(tmp);
		fprintf(stderr, "exbuddy backup: %s: no backup was written and "
		    "none was removed\n", why);
		return -1;
	}
	(void)sync_dir(dir);
	return 0;
}

int
backup_main(const char *dsn, const char *dir, int keep, int argc,
    char **argv)
{
	char	 tool[PATH_MAX], name[NAME_LEN + 1], tmp[PATH_MAX];
	char	 final[PATH_MAX];
	struct stat st;
	struct tm tm;
	time_t	 now = time(NULL);
	int	 fd;

	(void)argv;
	if (argc != 0) {
		fputs(backup_usage, stderr);
		return 2;
	}
	if (find_tool("pg_dump", tool, sizeof(tool)) != 0)
		return 1;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "exbuddy backup: cannot make the directory %s: "
		    "%s\n", dir, strerror(errno));
		return 1;
	}
	strftime(name, sizeof(name), NAME_PREFIX NAME_STAMP NAME_SUFFIX,
	    gmtime_r(&now, &tm));
	snprintf(final, sizeof(final), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.partial", dir, name);
	/* 0600 whatever the umask: a backup holds every password hash. */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 ||
	    fchmod(fd, 0600) != 0) {
		fprintf(stderr, "exbuddy backup: cannot write %s: %s\n", tmp,
		    strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return 1;
	}
	if (dump(tool, dsn, fd, tmp, final, dir) != 0)
		return 1;
	printf("wrote %s (%lld bytes)\n", final,
	    stat(final, &st) == 0 ? (long long)st.st_size : -1LL);
	return rotate(dir, keep);
}

/* --- restore --------------------------------------------------------------- */

/* The tables the database at dsn holds (-1: it cannot be reached); its name. */
static long
tables_in(const char *dsn, char *name, size_t size)
{
	struct db d;
	PGresult *res;
	long	 n = -1;

	db_init(&d, dsn, 0);
	res = db_ready(&d) != 0 ? NULL : db_exec(&d, "SELECT "
	    "current_database(), (SELECT count(*) FROM pg_catalog.pg_class c "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	    "WHERE c.relkind IN ('r', 'p') AND n.nspname !~ '^pg_' "
	    "AND n.nspname <> 'information_schema')", 0, NULL);
	if (res != NULL) {
		snprintf(name, size, "%s", PQgetvalue(res, 0, 0));
		n = db_long(res, 0, 1);
		PQclear(res);
	}
	db_close(&d);
	return n;
}

/* Runs sql (statements of the backup itself) in the database at dsn. */
static int
exec_sql(const char *dsn, const char *sql)
{
	struct db d;
	PGresult *res;
	int	 ok;

	db_init(&d, dsn, 0);
	res = db_ready(&d) != 0 ? NULL : PQexec(d.conn, sql);
	ok = res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK;
	if (res != NULL && !ok)
		fprintf(stderr, "exbuddy restore: the settings of the "
		    "database: %s", PQresultErrorMessage(res));
	PQclear(res);
	db_close(&d);
	return ok ? 0 : -1;
}

/*
 * What pg_restore leaves out unless it creates the database itself: the
 * settings of roles in it (ALTER ROLE exbuddy_app IN DATABASE … SET
 * search_path, sql/001_init.sql). `pg_restore --create --use-list
 * /dev/null` prints only the database's own entries; the statements under
 * "Type: DATABASE PROPERTIES" are run when the names agree.
 */
static int
database_settings(const char *tool, const char *file, const char *dsn,
    const char *target)
{
	char	*const argv[] = { (char *)tool, "--create",
	    "--use-list=/dev/null", "--file=-", (char *)file, NULL };
	static const char head[] = "\n-- Name: ";
	static const char type[] = "; Type: DATABASE PROPERTIES;";
	struct buf b;
	char	*s, *eol = NULL, *end = NULL;
	int	 rc = -1;

	buf_init(&b);
	if (run(argv, -1, &b) != 0)
		goto done;
	for (s = strstr(b.data, head); s != NULL; s = strstr(s + 1, head))
		if ((eol = strchr(s + 1, '\n')) != NULL &&
		    (end = strstr(s, type)) != NULL && end < eol)
			break;
	rc = 0;
	if (s == NULL)		/* no settings in the backup */
		goto done;
	s += sizeof(head) - 1;
	*end = '\0';
	if (strcmp(s, target) != 0) {
		fprintf(stderr, "exbuddy restore: note: %s is a backup of the "
		    "database \"%s\": the settings of roles in it (such as "
		    "exbuddy_app's search_path) were not applied to \"%s\", "
		    "and the server needs them there\n", file, s, target);
		goto done;
	}
	if ((end = strstr(eol, "\n\\")) != NULL)	/* the next psql command */
		*end = '\0';
	rc = exec_sql(dsn, eol);
done:
	buf_free(&b);
	return rc;
}

/* A custom-format archive starts with "PGDMP". 0, or -1 said on stderr. */
static int
is_archive(const char *file)
{
	char	 magic[5];
	FILE	*f = fopen(file, "rb");
	int	 ok = f != NULL && fread(magic, 1, 5, f) == 5 &&
	    memcmp(magic, "PGDMP", 5) == 0;

	if (f == NULL)
		fprintf(stderr, "exbuddy restore: %s: %s\n", file,
		    strerror(errno));
	else if (!ok)
		fprintf(stderr, "exbuddy restore: %s is not a backup of "
		    "exbuddy backup (pg_dump --format=custom)\n", file);
	if (f != NULL)
		fclose(f);
	return ok ? 0 : -1;
}

/* pg_restore of file into the database at dsn, in one transaction. */
static int
restore(const char *tool, const char *file, const char *dsn, int clean)
{
	char	*argv[10];
	int	 n = 0;

	argv[n++] = (char *)tool;
	argv[n++] = "--exit-on-error";
	argv[n++] = "--single-transaction";
	argv[n++] = "--no-password";
	if (clean) {
		argv[n++] = "--clean";
		argv[n++] = "--if-exists";
	}
	argv[n++] = "--dbname";
	argv[n++] = (char *)dsn;
	argv[n++] = (char *)file;
	argv[n] = NULL;
	if (run(argv, -1, NULL) == 0)
		return 0;
	fprintf(stderr, "exbuddy restore: pg_restore failed: the database is as "
	    "it was (the restore runs in one transaction)\n");
	return -1;
}

int
restore_main(const char *dsn, int argc, char **argv)
{
	char	 tool[PATH_MAX], target[256];
	const char *file = NULL;
	int	 i, clean = 0, usage = 0;
	long	 tables;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--clean") == 0)
			clean = 1;
		else if (file == NULL)
			file = argv[i];
		else
			usage = 1;
	}
	if (file == NULL || usage) {
		fputs(backup_usage, stderr);
		return 2;
	}
	if (is_archive(file) != 0 || find_tool("pg_restore", tool,
	    sizeof(tool)) != 0 ||
	    (tables = tables_in(dsn, target, sizeof(target))) < 0)
		return 1;
	if (tables > 0 && !clean) {
		fprintf(stderr, "exbuddy restore: the database \"%s\" is not "
		    "empty (it holds %ld tables): restoring into it would mix the "
		    "backup with what is there. Run again with --clean to "
		    "replace what the backup holds, or restore into a new, "
		    "empty database.\n", target, tables);
		return 1;
	}
	if (restore(tool, file, dsn, clean) != 0 ||
	    database_settings(tool, file, dsn, target) != 0)
		return 1;
	printf("restored %s into the database \"%s\"; restart exbuddy (or "
	    "send its master SIGHUP) so that its workers drop what they "
	    "cached\n", file, target);
	return 0;
}
