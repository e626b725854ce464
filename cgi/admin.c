/* admin.c — `exbuddy user`: list, add, invite, disable and enable accounts from the shell */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "admin.h"
#include "limits.h"
#include "mem.h"
#include "password.h"
#include "session.h"
#include "utf8.h"
#include "valid.h"

#define NCOLS	6

static const char admin_usage[] =
"usage: exbuddy user list             every account: name, email, active,\n"
"                                     created, workouts, last login\n"
"       exbuddy user add NAME EMAIL   a new account; its password is asked\n"
"                                     for (or the first line of stdin)\n"
"       exbuddy user invite [NOTE]    a sign-up link for one account, valid\n"
"                                     " XSTR(INVITE_DAYS) " days (EXBUDDY_SIGNUP=invite)\n"
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

/*
 * The rows of sql, or NULL after saying why: what PostgreSQL said, or
 * mine when the statement failed with the SQLSTATE state.
 */
static PGresult *
query_or(PGconn *conn, const char *sql, int n, const char *const *p,
    const char *state, const char *mine)
{
	PGresult *res = PQexecParams(conn, sql, n, NULL, p, NULL, NULL, 0);
	const char *st;

	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		return res;
	st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state != NULL && st != NULL && strcmp(st, state) == 0)
		fprintf(stderr, "exbuddy user: %s\n", mine);
	else
		fprintf(stderr, "exbuddy user: %s", PQresultErrorMessage(res));
	PQclear(res);
	return NULL;
}

static PGresult *
query(PGconn *conn, const char *sql, int n, const char *const *p)
{
	return query_or(conn, sql, n, p, NULL, NULL);
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

/*
 * A line of standard input into buf, without its newline; on a terminal
 * after prompt, not echoed. -1 at the end of the input or for a line
 * longer than buf holds.
 */
static int
read_line(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	int	 tty = isatty(STDIN_FILENO), ok;
	size_t	 n;

	if (tty) {
		fputs(prompt, stderr);
		if (tcgetattr(STDIN_FILENO, &old) != 0)
			return -1;
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)len, stdin) != NULL;
	if (tty) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	n = ok ? strlen(buf) : 0;
	if (!ok || (n == len - 1 && buf[n - 1] != '\n'))
		return -1;
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* The new account's password, checked as sign-up checks it. 0 or -1. */
static int
new_password(struct arena *a, const char *name, const char *email,
    char *pw, size_t len)
{
	char	 again[PW_MAX_BYTES + 2];
	const char *why;

	if (read_line("Password: ", pw, len) != 0) {
		fprintf(stderr, "exbuddy user: no password given (at most "
		    XSTR(PW_MAX_CHARS) " characters)\n");
		return -1;
	}
	if ((why = pw_weak(a, pw, name, email)) != NULL) {
		fprintf(stderr, "exbuddy user: that password cannot be used: "
		    "%s\n", why);
		return -1;
	}
	if (isatty(STDIN_FILENO) && (read_line("Password again: ", again,
	    sizeof(again)) != 0 || strcmp(pw, again) != 0)) {
		fputs("exbuddy user: the two passwords differ\n", stderr);
		return -1;
	}
	return 0;
}

/* Adds the account NAME with EMAIL, as a sign-up would make it. */
static int
add(PGconn *conn, const char *name, const char *email)
{
	char	 pw[PW_MAX_BYTES + 2], hash[PW_HASH_LEN];
	const char *p[3] = { email, name, hash };
	struct arena a;
	PGresult *res;
	int	 rc = 1;

	if (!valid_username(name) || !valid_email(email)) {
		fprintf(stderr, "exbuddy user: %s\n", !valid_username(name) ?
		    "a username is 3 to 50 letters, digits, _ or -" :
		    "that is not an email address");
		return 1;
	}
	arena_init(&a);
	if (new_password(&a, name, email, pw, sizeof(pw)) != 0 ||
	    pw_hash(pw, hash) != 0)
		goto out;
	res = query_or(conn, "WITH u AS (INSERT INTO exbuddy.users (email, "
	    "username, password_hash) VALUES ($1, $2, $3) RETURNING id), a AS "
	    "(INSERT INTO exbuddy.audit_log (user_id, event, detail) SELECT "
	    "id, 'signup', 'exbuddy user add' FROM u) SELECT 1 FROM u", 3, p,
	    "23505", "an account with this email or username exists already");
	if (res != NULL) {
		printf("added %s <%s>: they can log in now\n", name, email);
		PQclear(res);
		rc = 0;
	}
out:
	sodium_memzero(pw, sizeof(pw));
	arena_free(&a);
	return rc;
}

/* Prints the address of a new invitation for one account (NOTE: whom for). */
static int
invite(PGconn *conn, const char *note)
{
	unsigned char raw[SESS_TOKEN_BYTES];
	char	 tok[SESS_TOKEN_LEN + 1];
	const char *p[2] = { NULL, note };
	struct arena a;
	PGresult *res;
	int	 rc = 1;

	if (note != NULL && !valid_text(note, 1, INVITE_NOTE_MAX, 0)) {
		fputs("exbuddy user: a note is 1 to " XSTR(INVITE_NOTE_MAX)
		    " characters on one line\n", stderr);
		return 1;
	}
	randombytes_buf(raw, sizeof(raw));
	sess_b64url(tok, sizeof(tok), raw, sizeof(raw));
	arena_init(&a);
	/* Kept as the session tokens are: their hash only. */
	p[0] = sess_token_hash(&a, tok);
	res = query(conn, "INSERT INTO exbuddy.invites (token_hash, note, "
	    "expires_at) VALUES ($1::bytea, $2, now() + interval '"
	    XSTR(INVITE_DAYS) " days') RETURNING to_char(expires_at AT TIME "
	    "ZONE 'UTC', 'YYYY-MM-DD HH24:MI')", 2, p);
	if (res != NULL) {
		fprintf(stderr, "An invitation to make one account, until %s "
		    "UTC. Send this address, after your site's (https://…), to "
		    "whom it is for:\n", PQgetvalue(res, 0, 0));
		printf("/signup?invite=%s\n", tok);
		PQclear(res);
		rc = 0;
	}
	arena_free(&a);
	return rc;
}

int
admin_user_main(const char *dsn, int argc, char **argv)
{
	PGconn	*conn;
	int	 rc;

	if (!((argc == 1 && strcmp(argv[0], "list") == 0) ||
	    (argc == 3 && strcmp(argv[0], "add") == 0) ||
	    ((argc == 1 || argc == 2) && strcmp(argv[0], "invite") == 0) ||
	    (argc == 2 && (strcmp(argv[0], "disable") == 0 ||
	    strcmp(argv[0], "enable") == 0)))) {
		fputs(admin_usage, stderr);
		return 2;
	}
	if ((conn = connect_admin(dsn)) == NULL)
		return 1;
	if (strcmp(argv[0], "list") == 0)
		rc = list(conn);
	else if (strcmp(argv[0], "add") == 0)
		rc = add(conn, argv[1], argv[2]);
	else if (strcmp(argv[0], "invite") == 0)
		rc = invite(conn, argc == 2 ? argv[1] : NULL);
	else
		rc = set_active(conn, argv[1], strcmp(argv[0], "enable") == 0);
	PQfinish(conn);
	return rc;
}
