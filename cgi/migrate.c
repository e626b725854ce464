/* migrate.c — numbered SQL migrations, each in one transaction, with checksums */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "migrate.h"
#include "valid.h"

#define MIGRATE_MAX		999
#define MIGRATE_MAX_FILE	(4 * 1024 * 1024)
#define MIGRATE_LOCK		"7262019"	/* pg_advisory_lock key */

struct migration {
	int	 version;
	char	 name[128];		/* "001_init" */
	char	 sum[65];		/* sha256 hex of the up file */
	char	 applied_sum[65];	/* as recorded, "" when pending */
	char	 applied_at[40];
	int	 has_file;
};

struct plan {
	struct migration m[MIGRATE_MAX + 1];	/* indexed by version */
	const char	*dir;
	PGconn		*conn;
};

/* "NNN_name.sql" (not .down.sql): its version, or -1. */
static int
file_version(const char *f, char *name, size_t namelen)
{
	size_t	 n = strlen(f), i;

	if (n < 9 || strcmp(f + n - 4, ".sql") != 0 || f[3] != '_')
		return -1;
	if (n > 9 && strcmp(f + n - 9, ".down.sql") == 0)
		return -1;
	for (i = 0; i < 3; i++)
		if (f[i] < '0' || f[i] > '9')
			return -1;
	for (i = 4; i < n - 4; i++)
		if (!((f[i] >= 'a' && f[i] <= 'z') ||
		    (f[i] >= '0' && f[i] <= '9') || f[i] == '_'))
			return -1;
	if (n - 4 >= namelen)
		return -1;
	memcpy(name, f, n - 4);
	name[n - 4] = '\0';
	return atoi(name);	/* three checked digits */
}

static char *
read_file(const char *dir, const char *name, const char *suffix)
{
	char	 path[1024];
	FILE	*f;
	char	*s;
	size_t	 n;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "exbuddy migrate: %s: %s\n", path,
		    strerror(errno));
		return NULL;
	}
	s = malloc(MIGRATE_MAX_FILE + 1);
	n = s ? fread(s, 1, MIGRATE_MAX_FILE + 1, f) : 0;
	fclose(f);
	if (s == NULL || n > MIGRATE_MAX_FILE || memchr(s, '\0', n)) {
		fprintf(stderr, "exbuddy migrate: %s: too large or not text\n",
		    path);
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

static void
checksum(const char *s, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

static int
scan_files(struct plan *p)
{
	DIR	*d;
	struct dirent *e;
	char	 name[128], *text;
	int	 v;

	if ((d = opendir(p->dir)) == NULL) {
		fprintf(stderr, "exbuddy migrate: %s: %s\n", p->dir,
		    strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if ((v = file_version(e->d_name, name, sizeof(name))) < 1)
			continue;
		if (p->m[v].has_file) {
			fprintf(stderr, "exbuddy migrate: two migrations "
			    "numbered %03d\n", v);
			closedir(d);
			return -1;
		}
		if ((text = read_file(p->dir, name, ".sql")) == NULL) {
			closedir(d);
			return -1;
		}
		p->m[v].version = v;
		p->m[v].has_file = 1;
		snprintf(p->m[v].name, sizeof(p->m[v].name), "%s", name);
		checksum(text, p->m[v].sum);
		free(text);
	}
	closedir(d);
	return 0;
}

static int
exec_ok(PGconn *c, const char *sql, const char *what)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	int	 ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "exbuddy migrate: %s: %s", what,
		    PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

static int
load_applied(struct plan *p)
{
	PGresult *r;
	int	 i, v;

	if (exec_ok(p->conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")",
	    "lock") != 0 ||
	    exec_ok(p->conn, "CREATE TABLE IF NOT EXISTS "
	    "public.schema_migrations (version integer PRIMARY KEY "
	    "CHECK (version BETWEEN 1 AND 999), name text NOT NULL, "
	    "checksum text NOT NULL, applied_at timestamptz NOT NULL "
	    "DEFAULT now())", "schema_migrations") != 0)
		return -1;
	r = PQexec(p->conn, "SELECT version, name, checksum, "
	    "to_char(applied_at, 'YYYY-MM-DD HH24:MI:SS TZ') "
	    "FROM public.schema_migrations ORDER BY version");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "exbuddy migrate: %s", PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	for (i = 0; i < PQntuples(r); i++) {
		v = atoi(PQgetvalue(r, i, 0));
		if (v < 1 || v > MIGRATE_MAX)
			continue;
		p->m[v].version = v;
		if (!p->m[v].has_file)
			snprintf(p->m[v].name, sizeof(p->m[v].name), "%s",
			    PQgetvalue(r, i, 1));
		snprintf(p->m[v].applied_sum, 65, "%s", PQgetvalue(r, i, 2));
		snprintf(p->m[v].applied_at, 40, "%s", PQgetvalue(r, i, 3));
	}
	PQclear(r);
	return 0;
}

/* Every applied migration still has its file, unchanged. */
static int
verify(const struct plan *p)
{
	const struct migration *m;
	int	 v, bad = 0, pending = 0;

	for (v = 1; v <= MIGRATE_MAX; v++) {
		m = &p->m[v];
		if (m->applied_sum[0] == '\0') {
			pending |= m->has_file;
			continue;
		}
		if (!m->has_file) {
			fprintf(stderr, "exbuddy migrate: %s is applied but "
			    "its file is gone\n", m->name);
			bad = 1;
		} else if (strcmp(m->sum, m->applied_sum) != 0) {
			fprintf(stderr, "exbuddy migrate: %s.sql was edited "
			    "after it was applied; write a new migration "
			    "instead\n", m->name);
			bad = 1;
		} else if (pending) {
			fprintf(stderr, "exbuddy migrate: %s is applied but an "
			    "earlier migration is not\n", m->name);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/* Line of the error position in sql, for "file:line:" messages. */
static int
error_line(const PGresult *r, const char *sql)
{
	const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
	long	 n, i;
	int	 line = 1;

	if (pos == NULL || (n = atol(pos)) <= 0)
		return 0;
	/* The position counts characters; count bytes that start one. */
	for (i = 0; sql[i] != '\0' && n > 1; i++) {
		if (((unsigned char)sql[i] & 0xc0) != 0x80)
			n--;
		if (sql[i] == '\n')
			line++;
	}
	return line;
}

/* Runs one file and its bookkeeping statement in one transaction. */
static int
run_one(struct plan *p, const struct migration *m, const char *suffix,
    const char *record, int nparams, const char *const *params)
{
	PGresult *r;
	char	*sql;
	int	 ok;

	if ((sql = read_file(p->dir, m->name, suffix)) == NULL)
		return -1;
	if (exec_ok(p->conn, "BEGIN", "begin") != 0) {
		free(sql);
		return -1;
	}
	r = PQexec(p->conn, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "exbuddy migrate: %s/%s%s:%d: %s", p->dir,
		    m->name, suffix, error_line(r, sql),
		    PQresultErrorMessage(r));
	PQclear(r);
	free(sql);
	if (ok) {
		r = PQexecParams(p->conn, record, nparams, NULL, params, NULL,
		    NULL, 0);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			fprintf(stderr, "exbuddy migrate: %s",
			    PQresultErrorMessage(r));
		PQclear(r);
	}
	if (!ok) {
		(void)exec_ok(p->conn, "ROLLBACK", "rollback");
		return -1;
	}
	return exec_ok(p->conn, "COMMIT", "commit");
}

static int
up(struct plan *p)
{
	struct migration *m;
	char	 ver[12];
	const char *params[3];
	int	 v, n = 0;

	if (verify(p) != 0)
		return 1;
	for (v = 1; v <= MIGRATE_MAX; v++) {
		m = &p->m[v];
		if (!m->has_file || m->applied_sum[0] != '\0')
			continue;
		snprintf(ver, sizeof(ver), "%d", v);
		params[0] = ver;
		params[1] = m->name;
		params[2] = m->sum;
		if (run_one(p, m, ".sql", "INSERT INTO public.schema_migrations"
		    " (version, name, checksum) VALUES ($1, $2, $3)", 3,
		    params) != 0)
			return 1;
		printf("applied %s\n", m->name);
		n++;
	}
	if (n == 0)
		printf("nothing to apply; the database is up to date\n");
	return 0;
}

static int
down(struct plan *p, const char *arg)
{
	struct migration *m;
	long long count;
	const char *why, *params[1];
	char	 ver[12];
	int	 v;

	if (valid_int(arg, 1, MIGRATE_MAX, &count, &why) != 0) {
		fprintf(stderr, "exbuddy migrate: down N: N %s\n", why);
		return 2;
	}
	if (verify(p) != 0)
		return 1;
	for (v = MIGRATE_MAX; v >= 1 && count > 0; v--) {
		m = &p->m[v];
		if (m->applied_sum[0] == '\0')
			continue;
		snprintf(ver, sizeof(ver), "%d", v);
		params[0] = ver;
		if (run_one(p, m, ".down.sql", "DELETE FROM "
		    "public.schema_migrations WHERE version = $1", 1,
		    params) != 0)
			return 1;
		printf("reverted %s\n", m->name);
		count--;
	}
	if (count > 0)
		printf("no more migrations to revert\n");
	return 0;
}

static int
status(const struct plan *p)
{
	const struct migration *m;
	int	 v;

	for (v = 1; v <= MIGRATE_MAX; v++) {
		m = &p->m[v];
		if (!m->has_file && m->applied_sum[0] == '\0')
			continue;
		if (m->applied_sum[0] == '\0')
			printf("%-32s pending\n", m->name);
		else if (!m->has_file)
			printf("%-32s applied %s, FILE MISSING\n", m->name,
			    m->applied_at);
		else if (strcmp(m->sum, m->applied_sum) != 0)
			printf("%-32s applied %s, EDITED SINCE\n", m->name,
			    m->applied_at);
		else
			printf("%-32s applied %s\n", m->name, m->applied_at);
	}
	return verify(p) == 0 ? 0 : 1;
}

int
migrate_main(const char *dsn, const char *dir, int argc, char **argv)
{
	static struct plan p;
	int	 rc = 1;

	if (argc < 1 || (strcmp(argv[0], "down") == 0) != (argc == 2) ||
	    argc > 2) {
		fprintf(stderr, "usage: exbuddy migrate up | down N | status\n");
		return 2;
	}
	memset(&p, 0, sizeof(p));
	p.dir = dir;
	if (scan_files(&p) != 0)
		return 1;
	p.conn = PQconnectdb(dsn);
	if (PQstatus(p.conn) != CONNECTION_OK) {
		fprintf(stderr, "exbuddy migrate: %s", PQerrorMessage(p.conn));
		goto out;
	}
	if (exec_ok(p.conn, "SET client_min_messages = warning", "set") != 0 ||
	    load_applied(&p) != 0)
		goto out;
	if (strcmp(argv[0], "up") == 0)
		rc = up(&p);
	else if (strcmp(argv[0], "down") == 0)
		rc = down(&p, argv[1]);
	else if (strcmp(argv[0], "status") == 0)
		rc = status(&p);
	else {
		fprintf(stderr, "usage: exbuddy migrate up | down N | status\n");
		rc = 2;
	}
out:
	PQfinish(p.conn);
	return rc;
}
