/*
 * test_db.c — cgi/db.c against the test stack's real PostgreSQL
 * (EXBUDDY_TEST_PGHOST, as tests/run sets it; skipped without): statements
 * prepared once per connection, pipelines, and what happens when the
 * server loses the statements or the connection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"

static char dsn[512];

static int
setup(void **state)
{
	const char *host = getenv("EXBUDDY_TEST_PGHOST");
	struct db *d;

	if (host == NULL || *host == '\0')
		return 0;
	snprintf(dsn, sizeof(dsn), "host=%s dbname=postgres user=postgres",
	    host);
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return -1;
	db_init(d, dsn, 1);
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	struct db *d = *state;

	if (d != NULL) {
		db_cleanup(d);
		db_close(d);
		free(d);
	}
	return 0;
}

#define NEED_DB(d) do { if ((d) == NULL) { skip(); } } while (0)

/* The value of one-row, one-column sql with parameter p, or -1. */
static long
value(struct db *d, const char *sql, const char *p)
{
	const char *params[1] = { p };
	PGresult *res = db_exec(d, sql, p ? 1 : 0, p ? params : NULL);
	long	 v;

	if (res == NULL)
		return -1;
	v = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

/* How many statements this connection has prepared, as the server says. */
static long
server_prepared(struct db *d)
{
	PGresult *res = PQexec(d->conn, "SELECT count(*) FROM "
	    "pg_prepared_statements WHERE name LIKE 'eb%'");
	long	 n = strtol(PQgetvalue(res, 0, 0), NULL, 10);

	PQclear(res);
	return n;
}

/*
 * Every statement keeps one generic plan (cgi/db.c's plan_cache_mode):
 * PostgreSQL would otherwise make a custom plan for each of the first
 * five calls, and for every later one where it thinks that cheaper.
 */
static void
test_generic_plans(void **state)
{
	struct db *d = *state;
	PGresult *res;
	char	 v[16];
	int	 i;

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	for (i = 0; i < 7; i++) {
		snprintf(v, sizeof(v), "%d", i);
		assert_int_equal(value(d, "SELECT count(*) FROM pg_class "
		    "WHERE relpages >= $1::int", v) >= 0, 1);
	}
	res = PQexec(d->conn, "SELECT generic_plans || ' ' || custom_plans "
	    "FROM pg_prepared_statements WHERE statement LIKE "
	    "'%relpages >= $1::int'");
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, 0), "7 0");
	PQclear(res);
	/* A union of parenthesised SELECTs is prepared too. */
	assert_int_equal(value(d, "(SELECT $1::int) UNION ALL (SELECT 2) "
	    "LIMIT 1", "5"), 5);
	res = PQexec(d->conn, "SELECT count(*) FROM pg_prepared_statements "
	    "WHERE statement LIKE '(SELECT $1::int) UNION ALL%'");
	assert_string_equal(PQgetvalue(res, 0, 0), "1");
	PQclear(res);
}

static void
test_prepared_once(void **state)
{
	struct db *d = *state;
	int	 i;

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(value(d, "SELECT 40 + $1::int", "2"), 42);
	assert_int_equal(value(d, "SELECT 1 + $1::int", "1"), 2);
	/* Two statements, prepared once each, known to the server too. */
	assert_int_equal(d->nstmts, 2);
	assert_int_equal(server_prepared(d), 2);
	/* BEGIN and COMMIT are prepared too, other utility statements not. */
	assert_int_equal(db_begin(d), 0);
	assert_int_equal(db_cmd(d, "SET LOCAL work_mem = '8MB'", 0, NULL), 0);
	assert_int_equal(db_commit(d), 0);
	assert_int_equal(d->nstmts, 5);	/* BEGIN, set_config, COMMIT */
	assert_int_equal(server_prepared(d), 5);
	assert_int_equal(db_begin(d), 0);
	assert_int_equal(db_commit(d), 0);
	assert_int_equal(server_prepared(d), 5);
}

static void
test_not_prepared_when_off(void **state)
{
	struct db *d = *state, off;

	NEED_DB(d);
	db_init(&off, dsn, 0);
	assert_int_equal(db_ready(&off), 0);
	assert_int_equal(value(&off, "SELECT 40 + $1::int", "2"), 42);
	assert_int_equal(off.nstmts, 0);
	assert_int_equal(server_prepared(&off), 0);
	db_close(&off);
}

static void
test_pipeline(void **state)
{
	struct db *d = *state;
	const char *p1[1] = { "1" }, *p2[1] = { "2" };
	struct db_query q[3] = {
		{ "BEGIN", 0, NULL, NULL },
		{ "SELECT 10 + $1::int", 1, p1, NULL },
		{ "SELECT 10 + $1::int", 1, p2, NULL },	/* prepared once */
	};

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	assert_int_equal(db_pipeline(d, q, 3), 0);
	assert_string_equal(PQgetvalue(q[1].res, 0, 0), "11");
	assert_string_equal(PQgetvalue(q[2].res, 0, 0), "12");
	PQclear(q[0].res);
	PQclear(q[1].res);
	PQclear(q[2].res);
	assert_int_equal(db_in_transaction(d), 1);	/* the BEGIN holds */
	assert_int_equal(db_commit(d), 0);
	assert_int_equal(value(d, "SELECT 10 + $1::int", "5"), 15);
}

/* db_long reads what PostgreSQL writes as strtol does, to the extremes. */
static void
test_long(void **state)
{
	struct db *d = *state;
	PGresult *res;
	int	 i;

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	res = db_exec(d, "SELECT 0, 7, -7, 20241231, '-2147483648'::int, "
	    "9223372036854775807::bigint, '-9223372036854775808'::bigint, "
	    "NULL::int", 0, NULL);
	assert_non_null(res);
	for (i = 0; i < 7; i++)
		assert_true(db_long(res, 0, i) ==
		    strtol(PQgetvalue(res, 0, i), NULL, 10));
	assert_true(db_long(res, 0, 6) == LONG_MIN);
	assert_true(db_long(res, 0, 7) == 0);	/* NULL */
	PQclear(res);
}

static void
test_pipeline_error(void **state)
{
	struct db *d = *state;
	struct db_query q[3] = {
		{ "BEGIN", 0, NULL, NULL },
		{ "SELECT 1 / $1::int", 1, (const char *const[]){ "0" }, NULL },
		{ "SELECT 2 + 2", 0, NULL, NULL },
	};

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	assert_int_equal(db_pipeline(d, q, 3), -1);
	assert_non_null(q[0].res);
	assert_null(q[1].res);
	assert_null(q[2].res);			/* not run */
	assert_string_equal(db_sqlstate(d), "22012");
	PQclear(q[0].res);
	db_cleanup(d);
	/* The connection goes on; the statement not run runs now. */
	assert_int_equal(db_broken(d), 0);
	assert_int_equal(value(d, "SELECT 2 + 2", NULL), 4);
	assert_int_equal(value(d, "SELECT 1 / $1::int", "1"), 1);
}

/*
 * A new statement after one that fails in a pipeline is not prepared (the
 * error aborts the rest): it alone is prepared on its next use, and the
 * statements prepared before stay, none prepared twice.
 */
static void
test_pipeline_error_new_statement(void **state)
{
	struct db *d = *state;
	struct db_query q[2] = {
		{ "SELECT 1 / $1::int", 1, (const char *const[]){ "0" }, NULL },
		{ "SELECT 3 * $1::int", 1, (const char *const[]){ "3" }, NULL },
	};

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	assert_int_equal(value(d, "SELECT 1 / $1::int", "1"), 1);
	assert_int_equal(value(d, "SELECT 7", NULL), 7);
	assert_int_equal(server_prepared(d), 2);
	assert_int_equal(db_pipeline(d, q, 2), -1);
	assert_string_equal(db_sqlstate(d), "22012");
	assert_null(q[1].res);
	assert_int_equal(d->stale, 0);
	db_cleanup(d);
	assert_int_equal(server_prepared(d), 2);	/* none deallocated */
	assert_int_equal(value(d, "SELECT 3 * $1::int", "4"), 12);
	assert_int_equal(value(d, "SELECT 3 * $1::int", "5"), 15);
	assert_int_equal(value(d, "SELECT 7", NULL), 7);
	assert_int_equal(server_prepared(d), 3);
	assert_int_equal(d->nstmts, 3);
}

static void
test_bad_sql_in_pipeline(void **state)
{
	struct db *d = *state;
	struct db_query q[2] = {
		{ "SELECT no_such_column", 0, NULL, NULL },
		{ "SELECT 9", 0, NULL, NULL },
	};

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	assert_int_equal(db_pipeline(d, q, 2), -1);
	assert_string_equal(db_sqlstate(d), "42703");
	db_cleanup(d);
	assert_int_equal(value(d, "SELECT 9", NULL), 9);
	assert_int_equal(value(d, "SELECT 8", NULL), 8);
}

static void
test_statements_lost(void **state)
{
	struct db *d = *state;
	PGresult *res;

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	assert_int_equal(value(d, "SELECT 30 + $1::int", "3"), 33);
	/* A pooler's DISCARD ALL, say: the request fails... */
	res = PQexec(d->conn, "DEALLOCATE ALL");
	PQclear(res);
	assert_int_equal(value(d, "SELECT 30 + $1::int", "3"), -1);
	assert_string_equal(db_sqlstate(d), "26000");
	/* ...and after it they are prepared anew. */
	db_cleanup(d);
	assert_int_equal(d->nstmts, 0);
	assert_int_equal(value(d, "SELECT 30 + $1::int", "4"), 34);
	assert_int_equal(value(d, "SELECT 30 + $1::int", "5"), 35);
	assert_int_equal(server_prepared(d), 1);
}

static void
test_connection_lost(void **state)
{
	struct db *d = *state;

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	assert_int_equal(value(d, "SELECT 20 + $1::int", "1"), 21);
	(void)value(d, "SELECT pg_terminate_backend(pg_backend_pid())", NULL);
	/* BEGIN is retried on a new connection, where nothing is prepared. */
	assert_int_equal(db_begin_as(d, "", "UTC"), 0);
	assert_int_equal(value(d, "SELECT 20 + $1::int", "2"), 22);
	/* BEGIN, set_config and that */
	assert_int_equal(server_prepared(d), 3);
	assert_int_equal(db_commit(d), 0);
}

static void
test_begin_as(void **state)
{
	struct db *d = *state;
	PGresult *res;

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	assert_int_equal(db_begin_as(d, "some-user", "Asia/Kathmandu"), 0);
	res = db_exec(d, "SELECT current_setting('app.user_id'), "
	    "current_setting('TimeZone')", 0, NULL);
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), "some-user");
	assert_string_equal(PQgetvalue(res, 0, 1), "Asia/Kathmandu");
	PQclear(res);
	assert_int_equal(db_commit(d), 0);
	/* Local to the transaction: gone after it. */
	res = db_exec(d, "SELECT coalesce(current_setting('app.user_id', "
	    "true), '')", 0, NULL);
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), "");
	PQclear(res);
	/* A time zone PostgreSQL does not know fails the BEGIN. */
	assert_int_equal(db_begin_as(d, "x", "No/Such_Zone"), -1);
	db_cleanup(d);
	assert_int_equal(db_in_transaction(d), 0);
}

static void
test_prefetch(void **state)
{
	struct db *d = *state;
	const char *one[1] = { "1" }, *none[1] = { NULL };
	const char *seq = "SELECT nextval('eb_test_seq') * 10 + $1::int";
	struct db_query q[3] = {
		{ NULL, 1, one, NULL },
		{ NULL, 1, none, NULL },
		{ "SELECT 7", 0, NULL, NULL },
	};
	PGresult *res;

	NEED_DB(d);
	q[0].sql = q[1].sql = seq;
	assert_int_equal(db_begin(d), 0);
	assert_int_equal(db_cmd(d, "CREATE TEMP SEQUENCE eb_test_seq", 0, NULL),
	    0);
	assert_int_equal(db_prefetch(d, q, 3), 0);
	assert_int_equal(d->nahead, 3);
	/* Taken in another order: each its own result, asked for once. */
	assert_int_equal(value(d, "SELECT 7", NULL), 7);
	res = db_exec(d, seq, 1, none);		/* NULL matches NULL only */
	assert_non_null(res);
	assert_int_equal(PQgetisnull(res, 0, 0), 1);
	PQclear(res);
	assert_int_equal(value(d, seq, "1"), 11);
	/*
	 * The same statement with other parameters: asked now (the one with
	 * NULL ran nextval too: its generic plan folds nothing).
	 */
	assert_int_equal(value(d, seq, "2"), 32);
	/* Taken once: asked again after. */
	assert_int_equal(value(d, seq, "1"), 41);
	assert_int_equal(value(d, seq, ""), -1);	/* '' is no NULL */
	db_cleanup(d);
	assert_int_equal(d->nahead, 0);
	assert_int_equal(db_in_transaction(d), 0);
}

static void
test_prefetch_error(void **state)
{
	struct db *d = *state;
	struct db_query q[2] = {
		{ "SELECT 1 / $1::int", 1, (const char *const[]){ "0" }, NULL },
		{ "SELECT 5", 0, NULL, NULL },
	};

	NEED_DB(d);
	assert_int_equal(db_begin(d), 0);
	assert_int_equal(db_prefetch(d, q, 2), -1);
	assert_int_equal(d->nahead, 0);
	/* The transaction failed, as it would have without. */
	assert_int_equal(value(d, "SELECT 5", NULL), -1);
	assert_string_equal(db_sqlstate(d), "25P02");
	db_cleanup(d);
	assert_int_equal(value(d, "SELECT 5", NULL), 5);
}

/* The user and time zone a statement runs as: "user zone". */
static void
runs_as(struct db *d, char *out, size_t len)
{
	PGresult *res = db_exec(d, "SELECT coalesce(current_setting("
	    "'app.user_id', true), '') || ' ' || current_setting('TimeZone')",
	    0, NULL);

	assert_non_null(res);
	snprintf(out, len, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
}

/* Counts the server's warnings and notices (a COMMIT with no transaction). */
static void
count_notice(void *arg, const PGresult *res)
{
	(void)res;
	(*(int *)arg)++;
}

static void
test_prefetch_last(void **state)
{
	struct db *d = *state;
	struct db_query q[2] = {
		{ "SELECT current_setting('app.user_id')", 0, NULL, NULL },
		{ "SELECT txid_current()", 0, NULL, NULL },
	};
	char	 as[128];
	long	 first;
	PGresult *res;

	NEED_DB(d);
	assert_int_equal(db_begin_as(d, "u1", "Asia/Kathmandu"), 0);
	assert_int_equal(db_prefetch_last(d, q, 2, "u1", "Asia/Kathmandu"), 0);
	/* Committed in the same round trip, open still to the caller. */
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_IDLE);
	assert_int_equal(db_in_transaction(d), 1);
	assert_int_equal(d->nahead, 2);
	res = db_exec(d, q[0].sql, 0, NULL);	/* answered in the transaction */
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), "u1");
	PQclear(res);
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_IDLE);
	/* A statement not prefetched begins again, as the same user. */
	runs_as(d, as, sizeof(as));
	assert_string_equal(as, "u1 Asia/Kathmandu");
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_INTRANS);
	/* What was prefetched is still answered: the first transaction's. */
	first = value(d, q[1].sql, NULL);
	assert_true(first > 0);
	assert_true(value(d, "SELECT txid_current() + 0", NULL) > first);
	assert_int_equal(db_commit(d), 0);
	assert_int_equal(db_in_transaction(d), 0);
	runs_as(d, as, sizeof(as));
	assert_string_not_equal(as, "u1 Asia/Kathmandu");
}

static void
test_prefetch_last_nothing_after(void **state)
{
	struct db *d = *state;
	struct db_query q[1] = { { "SELECT 9", 0, NULL, NULL } };
	char	 as[160], server[128];
	int	 notices = 0;
	PGresult *res;

	NEED_DB(d);
	assert_int_equal(db_ready(d), 0);
	PQsetNoticeReceiver(d->conn, count_notice, &notices);
	runs_as(d, server, sizeof(server));	/* " Zone": no user */
	/* COMMIT sends nothing, and nothing resumes after it. */
	assert_int_equal(db_begin_as(d, "u2", "America/Lima"), 0);
	assert_int_equal(db_prefetch_last(d, q, 1, "u2", "America/Lima"), 0);
	assert_int_equal(db_commit(d), 0);
	assert_int_equal(d->nahead, 0);
	assert_int_equal(db_in_transaction(d), 0);
	runs_as(d, as, sizeof(as));
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_IDLE);
	assert_string_equal(as, server);
	assert_int_equal(notices, 0);
	/* Nor after db_cleanup, which ends a request. */
	assert_int_equal(db_begin_as(d, "u2", NULL), 0);
	assert_int_equal(db_prefetch_last(d, q, 1, "u2", NULL), 0);
	db_cleanup(d);
	assert_int_equal(db_in_transaction(d), 0);
	runs_as(d, as, sizeof(as));
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_IDLE);
	assert_string_equal(as, server);
	/* Another prefetch after it resumes first (no time zone: the server's). */
	assert_int_equal(db_begin_as(d, "u3", NULL), 0);
	assert_int_equal(db_prefetch_last(d, q, 1, "u3", NULL), 0);
	q[0].sql = "SELECT coalesce(current_setting('app.user_id', true), '') "
	    "|| ' ' || current_setting('TimeZone')";
	assert_int_equal(db_prefetch(d, q, 1), 0);
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_INTRANS);
	res = db_exec(d, q[0].sql, 0, NULL);
	assert_non_null(res);
	snprintf(as, sizeof(as), "u3%s", server);
	assert_string_equal(PQgetvalue(res, 0, 0), as);
	PQclear(res);
	assert_int_equal(db_commit(d), 0);
	assert_int_equal(notices, 0);
	/* The count works: a COMMIT with no transaction is warned of. */
	assert_int_equal(db_cmd(d, "COMMIT", 0, NULL), 0);
	assert_int_equal(notices, 1);
}

static void
test_prefetch_last_error(void **state)
{
	struct db *d = *state;
	struct db_query q[2] = {
		{ "SELECT 1 / $1::int", 1, (const char *const[]){ "0" }, NULL },
		{ "SELECT 5", 0, NULL, NULL },
	};
	char	 user[41], tz[81];

	NEED_DB(d);
	assert_int_equal(db_begin_as(d, "u1", NULL), 0);
	assert_int_equal(db_prefetch_last(d, q, 2, "u1", NULL), -1);
	/* Not committed: the transaction failed, as it would have without. */
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_INERROR);
	assert_int_equal(value(d, "SELECT 5", NULL), -1);
	assert_string_equal(db_sqlstate(d), "25P02");
	assert_int_equal(db_commit(d), -1);	/* rolled back */
	db_cleanup(d);
	assert_int_equal(value(d, "SELECT 5", NULL), 5);
	/*
	 * A user or time zone longer than db.h keeps (39 and 79 bytes):
	 * refused, nothing sent.
	 */
	memset(user, 'u', sizeof(user) - 1);
	user[sizeof(user) - 1] = '\0';
	memset(tz, 'z', sizeof(tz) - 1);
	tz[sizeof(tz) - 1] = '\0';
	assert_int_equal(db_begin_as(d, "u1", NULL), 0);
	assert_int_equal(db_prefetch_last(d, q + 1, 1, user, NULL), -1);
	assert_int_equal(db_prefetch_last(d, q + 1, 1, "u1", tz), -1);
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_INTRANS);
	user[sizeof(user) - 2] = '\0';
	tz[sizeof(tz) - 2] = '\0';
	assert_int_equal(db_prefetch_last(d, q + 1, 1, user, tz), 0);
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_IDLE);
	db_cleanup(d);
}

/* The text of the one-row, one-column result res, cleared. */
static void
take_text(PGresult *res, char *out, size_t len)
{
	assert_non_null(res);
	snprintf(out, len, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
}

/*
 * db_begin_ahead: the page's reads in the session's round trip and its
 * transaction (they see what first set), committed; the page's own
 * prefetch of them sends nothing, a statement after begins again as the
 * user db_resume_as names.
 */
static void
test_begin_ahead(void **state)
{
	struct db *d = *state;
	struct db_query first = { "SELECT set_config('app.user_id', $1, true) "
	    "|| ' ' || txid_current()", 1, (const char *const[]){ "u7" }, NULL };
	struct db_query q[2] = {
		{ "SELECT current_setting('app.user_id') || ' ' || "
		    "txid_current()", 0, NULL, NULL },
		{ "SELECT $1::int * 2", 1, (const char *const[]){ "21" }, NULL },
	};
	char	 began[64], got[64], as[128];

	NEED_DB(d);
	assert_int_equal(db_begin_ahead(d, &first, q, 2, 1), 0);
	take_text(first.res, began, sizeof(began));
	assert_int_equal(strncmp(began, "u7 ", 3), 0);
	/* Committed in the same round trip: nothing is open. */
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_IDLE);
	assert_int_equal(d->nahead, 2);
	assert_int_equal(db_resume_as(d, "u7", "Asia/Kathmandu"), 0);
	/* The page's prefetch of the same reads: kept, nothing sent. */
	assert_int_equal(db_prefetch_last(d, q, 2, "u7", "Asia/Kathmandu"), 0);
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_IDLE);
	assert_int_equal(d->nahead, 2);
	/* Their answers are of the session's transaction, as first left it. */
	take_text(db_exec(d, q[0].sql, 0, NULL), got, sizeof(got));
	assert_string_equal(got, began);
	assert_int_equal(value(d, q[1].sql, "21"), 42);
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_IDLE);
	/* A statement that was not sent ahead begins again, as the user. */
	runs_as(d, as, sizeof(as));
	assert_string_equal(as, "u7 Asia/Kathmandu");
	assert_int_equal(db_commit(d), 0);
	assert_int_equal(db_in_transaction(d), 0);
}

/* db_begin_ahead with the transaction's id as its first: into began. */
static void
begin_ahead_txid(struct db *d, const struct db_query *q, size_t n,
    int commit, char began[64])
{
	struct db_query first = { "SELECT txid_current()::text", 0, NULL,
	    NULL };

	assert_int_equal(db_begin_ahead(d, &first, q, n, commit), 0);
	take_text(first.res, began, 64);
}

/*
 * Without its COMMIT (a page that reads more after): the transaction goes
 * on, the kept reads and the statements after all in it.
 */
static void
test_begin_ahead_open(void **state)
{
	struct db *d = *state;
	struct db_query q[1] = {
		{ "SELECT txid_current()::text || 'k'", 0, NULL, NULL },
	};
	char	 began[64], got[64];

	NEED_DB(d);
	begin_ahead_txid(d, q, 1, 0, began);
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_INTRANS);
	assert_int_equal(d->nahead, 1);
	take_text(db_exec(d, q[0].sql, 0, NULL), got, sizeof(got));
	assert_int_equal(strncmp(got, began, strlen(began)), 0);
	take_text(db_exec(d, "SELECT txid_current()::text", 0, NULL), got,
	    sizeof(got));
	assert_string_equal(got, began);	/* the same transaction */
	assert_int_equal(db_commit(d), 0);
	assert_int_equal(db_in_transaction(d), 0);
}

/*
 * A guess that proved wrong: what db_begin_ahead kept is dropped, and
 * the page's prefetch asks the server, in a transaction of its own.
 */
static void
test_begin_ahead_dropped(void **state)
{
	struct db *d = *state;
	struct db_query q[1] = {
		{ "SELECT txid_current()::text", 0, NULL, NULL },
	};
	char	 began[64], got[64];

	NEED_DB(d);
	begin_ahead_txid(d, q, 1, 1, began);
	assert_int_equal(db_resume_as(d, "u8", NULL), 0);
	db_ahead_drop(d);
	assert_int_equal(d->nahead, 0);
	assert_int_equal(db_prefetch_last(d, q, 1, "u8", NULL), 0);
	take_text(db_exec(d, q[0].sql, 0, NULL), got, sizeof(got));
	assert_string_not_equal(got, began);
	/* Kept by db_prefetch, not db_begin_ahead: asked again after. */
	assert_int_equal(db_prefetch_last(d, q, 1, "u8", NULL), 0);
	take_text(db_exec(d, q[0].sql, 0, NULL), began, sizeof(began));
	assert_string_not_equal(got, began);
	db_cleanup(d);
}

/*
 * A read that fails fails the lookup with it: nothing kept, the
 * transaction failed (as db_prefetch_last's), rolled back by db_cleanup.
 */
static void
test_begin_ahead_error(void **state)
{
	struct db *d = *state;
	struct db_query first = { "SELECT 3", 0, NULL, NULL };
	struct db_query q[2] = {
		{ "SELECT 1 / $1::int", 1, (const char *const[]){ "0" }, NULL },
		{ "SELECT 5", 0, NULL, NULL },
	};
	struct db_query many[DB_PIPELINE_MAX];
	size_t	 i;

	NEED_DB(d);
	assert_int_equal(db_begin_ahead(d, &first, q, 2, 1), -1);
	assert_null(first.res);
	assert_int_equal(d->nahead, 0);
	assert_int_equal(PQtransactionStatus(d->conn), PQTRANS_INERROR);
	assert_string_equal(db_sqlstate(d), "22012");
	db_cleanup(d);
	assert_int_equal(db_in_transaction(d), 0);
	/* More than a round trip takes with BEGIN, first and COMMIT. */
	for (i = 0; i < DB_PIPELINE_MAX; i++)
		many[i] = q[1];
	assert_int_equal(db_begin_ahead(d, &first, many, DB_PIPELINE_MAX - 2,
	    1), -1);
	assert_int_equal(db_begin_ahead(d, &first, many, DB_PIPELINE_MAX - 3,
	    1), 0);
	assert_int_equal(d->nahead, DB_PIPELINE_MAX - 3);
	take_text(first.res, (char[8]){ 0 }, 8);
	db_cleanup(d);
	assert_int_equal(d->nahead, 0);
	assert_int_equal(value(d, "SELECT 5", NULL), 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prepared_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_generic_plans, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_prepared_when_off,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipeline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipeline_error, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pipeline_error_new_statement,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_sql_in_pipeline, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_statements_lost, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_connection_lost, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_begin_as, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefetch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefetch_error, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prefetch_last, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prefetch_last_nothing_after,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefetch_last_error, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_begin_ahead, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_begin_ahead_open, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_begin_ahead_dropped, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_begin_ahead_error, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
