/* db.c — one PostgreSQL connection per worker, transactions, the RLS context */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "limits.h"

void
db_init(struct db *d, const char *dsn)
{
	d->conn = NULL;
	d->dsn = dsn;
	d->rid = "-";
	d->state[0] = '\0';
	d->timed_out = 0;
}

static void
notice_quiet(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

static int
connect_new(struct db *d)
{
	const char *keys[] = { "connect_timeout", "options",
	    "application_name", "dbname", NULL };
	const char *vals[] = { DB_CONNECT_TIMEOUT,
	    "-c statement_timeout=" DB_STATEMENT_TIMEOUT
	    " -c idle_in_transaction_session_timeout=" DB_IDLE_IN_TX_TIMEOUT,
	    "exbuddy", d->dsn, NULL };

	/*
	 * expand_dbname=1: d->dsn is a conninfo string or URI; it comes
	 * last, so what the operator wrote there wins over our defaults.
	 */
	d->conn = PQconnectdbParams(keys, vals, 1);
	if (d->conn == NULL)
		return -1;
	if (PQstatus(d->conn) != CONNECTION_OK) {
		fprintf(stderr, "exbuddy[db]: cannot connect: %s",
		    PQerrorMessage(d->conn));
		PQfinish(d->conn);
		d->conn = NULL;
		return -1;
	}
	PQsetNoticeReceiver(d->conn, notice_quiet, NULL);
	return 0;
}

int
db_ready(struct db *d)
{
	if (d->conn != NULL && PQstatus(d->conn) == CONNECTION_OK)
		return 0;
	if (d->conn != NULL) {
		PQfinish(d->conn);
		d->conn = NULL;
	}
	return connect_new(d);
}

int
db_ping(struct db *d)
{
	int	 try;

	for (try = 0; try < 2; try++) {
		if (db_ready(d) != 0)
			return -1;
		if (db_cmd(d, "SELECT 1", 0, NULL) == 0)
			return 0;
		if (!db_broken(d))
			return -1;	/* connected, yet the query failed */
	}
	return -1;
}

int
db_broken(const struct db *d)
{
	return d->conn == NULL || PQstatus(d->conn) != CONNECTION_OK;
}

int
db_unavailable(const struct db *d)
{
	return db_broken(d) || d->timed_out;
}

void
db_cleanup(struct db *d)
{
	PGresult *res;

	d->timed_out = 0;
	if (d->conn == NULL)
		return;
	if (PQstatus(d->conn) != CONNECTION_OK) {
		PQfinish(d->conn);
		d->conn = NULL;
		return;
	}
	if (PQtransactionStatus(d->conn) != PQTRANS_IDLE) {
		res = PQexec(d->conn, "ROLLBACK");
		PQclear(res);
	}
}

void
db_close(struct db *d)
{
	if (d->conn != NULL)
		PQfinish(d->conn);
	d->conn = NULL;
}

/* db_exec, an error of SQLSTATE expected (or NULL) not logged. */
static PGresult *
exec(struct db *d, const char *sql, int n, const char *const *params,
    const char *expected)
{
	PGresult *res;
	ExecStatusType st;
	const char *state;

	d->state[0] = '\0';
	if (d->conn == NULL)
		return NULL;
	res = PQexecParams(d->conn, sql, n, NULL, params, NULL, NULL, 0);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	snprintf(d->state, sizeof(d->state), "%s", state ? state : "");
	/* query_canceled (statement_timeout), lock_not_available (lock_timeout) */
	if (strcmp(d->state, "57014") == 0 || strcmp(d->state, "55P03") == 0)
		d->timed_out = 1;
	if (expected == NULL || strcmp(d->state, expected) != 0)
		fprintf(stderr, "exbuddy[db]: rid=%s sqlstate=%s %s", d->rid,
		    d->state[0] ? d->state : "-", res ?
		    PQresultErrorMessage(res) : PQerrorMessage(d->conn));
	PQclear(res);
	return NULL;
}

PGresult *
db_exec(struct db *d, const char *sql, int n, const char *const *params)
{
	return exec(d, sql, n, params, NULL);
}

PGresult *
db_exec_first(struct db *d, const char *sql, int n, const char *const *params)
{
	PGresult *res;

	/* A connection broken since its last use (the server restarted). */
	if ((res = exec(d, sql, n, params, NULL)) == NULL && db_broken(d) &&
	    db_ready(d) == 0)
		res = exec(d, sql, n, params, NULL);
	return res;
}

int
db_cmd_unique(struct db *d, const char *sql, int n,
    const char *const *params)
{
	PGresult *res;

	if (db_cmd(d, "SAVEPOINT unique_check", 0, NULL) != 0)
		return -1;
	if ((res = exec(d, sql, n, params, "23505")) != NULL) {
		PQclear(res);
		return db_cmd(d, "RELEASE SAVEPOINT unique_check", 0, NULL);
	}
	if (strcmp(d->state, "23505") != 0)
		return -1;
	return db_cmd(d, "ROLLBACK TO SAVEPOINT unique_check", 0, NULL) == 0 ?
	    1 : -1;
}

int
db_cmd(struct db *d, const char *sql, int n, const char *const *params)
{
	PGresult *res = db_exec(d, sql, n, params);

	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

const char *
db_sqlstate(const struct db *d)
{
	return d->state;
}

/* Settings that trade safety for speed, and what a crash then loses. */
static const struct {
	const char	*name;
	const char	*loss;
} durability[] = {
	{ "fsync", "a power cut or an operating system crash can corrupt "
	    "the database and lose any of its data, not only the latest "
	    "changes" },
	{ "synchronous_commit", "a crash of PostgreSQL or of the machine "
	    "can lose the changes of the last moments before it (workouts "
	    "saved, accounts made), though the database stays consistent" },
	{ "full_page_writes", "a power cut or an operating system crash in "
	    "the middle of a write can leave pages half written and the "
	    "database corrupt" },
};

void
db_warn_durability(const char *dsn)
{
	struct db d;
	PGresult *res;
	size_t	 i;

	db_init(&d, dsn);
	if (db_ready(&d) != 0) {
		fprintf(stderr, "exbuddy: warning: could not check PostgreSQL's "
		    "fsync, synchronous_commit and full_page_writes\n");
		return;
	}
	for (i = 0; i < sizeof(durability) / sizeof(durability[0]); i++) {
		res = db_exec(&d, "SELECT current_setting($1)", 1,
		    &durability[i].name);
		if (res != NULL && strcmp(PQgetvalue(res, 0, 0), "off") == 0)
			fprintf(stderr, "exbuddy: warning: PostgreSQL runs with "
			    "%s off: %s\n", durability[i].name,
			    durability[i].loss);
		PQclear(res);
	}
	db_close(&d);
}

int
db_begin(struct db *d)
{
	/* BEGIN changes nothing: safe to retry on a fresh connection. */
	if (db_cmd(d, "BEGIN", 0, NULL) != 0 &&
	    (!db_broken(d) || db_ready(d) != 0 ||
	    db_cmd(d, "BEGIN", 0, NULL) != 0))
		return -1;
	return db_set_user(d, "", NULL);
}

int
db_set_user(struct db *d, const char *user_id, const char *tz)
{
	const char *p[2] = { user_id, tz };

	return db_cmd(d, "SELECT set_config('app.user_id', $1, true), "
	    "set_config('TimeZone', coalesce($2, current_setting('TimeZone')), "
	    "true)", 2, p);
}

int
db_commit(struct db *d)
{
	/* COMMIT of a failed transaction "succeeds" as a ROLLBACK: not here. */
	if (d->conn != NULL && PQtransactionStatus(d->conn) == PQTRANS_INERROR) {
		fprintf(stderr, "exbuddy[db]: rid=%s a failed transaction was "
		    "to be committed; rolled back\n", d->rid);
		(void)db_cmd(d, "ROLLBACK", 0, NULL);
		return -1;
	}
	return db_cmd(d, "COMMIT", 0, NULL);
}

int
db_in_transaction(const struct db *d)
{
	PGTransactionStatusType st;

	if (d->conn == NULL)
		return 0;
	st = PQtransactionStatus(d->conn);
	return st == PQTRANS_INTRANS || st == PQTRANS_INERROR;
}

int
db_copy(struct db *d, const char *sql, const char *data, size_t len)
{
	PGresult *res;
	size_t	 off, n;
	int	 ok;

	if (d->conn == NULL)
		return -1;
	res = PQexec(d->conn, sql);
	ok = PQresultStatus(res) == PGRES_COPY_IN;
	PQclear(res);
	for (off = 0; ok && off < len; off += n) {
		n = len - off < 65536 ? len - off : 65536;
		ok = PQputCopyData(d->conn, data + off, (int)n) == 1;
	}
	if (PQputCopyEnd(d->conn, ok ? NULL : "failed") != 1)
		ok = 0;
	while ((res = PQgetResult(d->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fprintf(stderr, "exbuddy[db]: rid=%s copy: %s", d->rid,
			    PQresultErrorMessage(res));
			ok = 0;
		}
		PQclear(res);
	}
	return ok ? 0 : -1;
}
