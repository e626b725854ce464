/* admin.c — `exbuddy user`: list, disable and enable accounts from the shell */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "admin.h"
#include "utf8.h"

#define NCOLS	6

static const char admin_usage[] =
"usage: exbuddy user list             every account: name, email, active,\n"
"                                     created, workouts, last login\n"
"       exbuddy user disable NAME     no more logins; ends its sessions\n"
"       exbuddy user enable NAME      allows logins again\n"
"       (with --admin-dsn DSN or EXBUDDY_ADMIN_DSN: a superuser)\n";

static PGconn *
connect_admin(const char *dsn)
{
	const char *keys[] = { "application_name", "options", "dbname", NULL };
	const char *vals[] = { "exbuddy-admin", "-c TimeZone=UTC", dsn, NULL };
	PGconn	*conn = PQconnectdbParams(keys, vals, 1);

	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		return conn;
	fprintf(stderr, "exbuddy user: cannot connect: %s",
	    conn ? PQerrorMessage(conn) : "out of memory\n");
	PQfinish(conn);
	return NULL;
}

static PGresult *
query(PGconn *conn, const char *sql, int n, const char *const *p)
{
	PGresult *res = PQexecParams(conn, sql, n, NULL, p, NULL, NULL, 0);

	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		return res;
	fprintf(stderr, "exbuddy user: %s", PQresultErrorMessage(res));
	PQclear(res);
	return NULL;
}

/* s, then spaces up to width characters; a newline after the last column. */
static void
cell(const char *s, size_t width, int last)
{
	size_t	 n = utf8_chars(s, strlen(s));

	fputs(s, stdout);
	if (last) {
		putchar('\n');
		return;
	}
	for (; n < width + 2; n++)
		putchar(' ');
}

static int
list(PGconn *conn)
{
	static const char *const head[NCOLS] = { "USERNAME", "EMAIL",
	    "ACTIVE", "CREATED (UTC)", "WORKOUTS", "LAST LOGIN (UTC)" };
	size_t	 w[NCOLS], n;
	PGresult *res;
	int	 i, j;

	res = query(conn, "SELECT u.username, u.email, CASE WHEN u.is_active "
	    "THEN 'yes' ELSE 'no' END, to_char(u.created_at, 'YYYY-MM-DD'), "
	    "(SELECT count(*) FROM exbuddy.workouts w WHERE w.user_id = u.id), "
	    "coalesce((SELECT to_char(max(a.created_at), 'YYYY-MM-DD HH24:MI') "
	    "FROM exbuddy.audit_log a WHERE a.user_id = u.id "
	    "AND a.event IN ('login', 'signup')), 'never') "
	    "FROM exbuddy.users u ORDER BY lower(u.username)", 0, NULL);
	if (res == NULL)
		return 1;
	for (j = 0; j < NCOLS; j++)
		w[j] = strlen(head[j]);
	for (i = 0; i < PQntuples(res); i++)
		for (j = 0; j < NCOLS; j++) {
			n = utf8_chars(PQgetvalue(res, i, j),
			    strlen(PQgetvalue(res, i, j)));
			if (n > w[j])
				w[j] = n;
		}
	for (j = 0; j < NCOLS; j++)
		cell(head[j], w[j], j == NCOLS - 1);
	for (i = 0; i < PQntuples(res); i++)
		for (j = 0; j < NCOLS; j++)
			cell(PQgetvalue(res, i, j), w[j], j == NCOLS - 1);
	PQclear(res);
	return 0;
}

/* Sets is_active of NAME; disabling deletes its sessions in the same statement. */
static int
set_active(PGconn *conn, const char *name, int active)
{
	const char *p[2] = { name, active ? "true" : "false" };
	PGresult *res;

	res = query(conn, "WITH u AS (UPDATE exbuddy.users SET is_active = "
	    "$2::boolean WHERE lower(username) = lower($1) RETURNING id, "
	    "username), s AS (DELETE FROM exbuddy.sessions WHERE NOT "
	    "$2::boolean AND user_id IN (SELECT id FROM u) RETURNING 1) "
	    "SELECT u.username, (SELECT count(*) FROM s) FROM u", 2, p);
	if (res == NULL)
		return 1;
	if (PQntuples(res) != 1) {
		fprintf(stderr, "exbuddy user: there is no user named %s\n",
		    name);
		PQclear(res);
		return 1;
	}
	if (active)
		printf("enabled %s\n", PQgetvalue(res, 0, 0));
	else
		printf("disabled %s; sessions ended: %s\n",
		    PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

int
admin_user_main(const char *dsn, int argc, char **argv)
{
	PGconn	*conn;
	int	 rc, cmd = -1;

	if (argc == 1 && strcmp(argv[0], "list") == 0)
		cmd = 0;
	else if (argc == 2 && strcmp(argv[0], "disable") == 0)
		cmd = 1;
	else if (argc == 2 && strcmp(argv[0], "enable") == 0)
		cmd = 2;
	if (cmd < 0) {
		fputs(admin_usage, stderr);
		return 2;
	}
	if ((conn = connect_admin(dsn)) == NULL)
		return 1;
	rc = cmd == 0 ? list(conn) : set_active(conn, argv[1], cmd == 2);
	PQfinish(conn);
	return rc;
}
