/* db.c — one PostgreSQL connection per worker, transactions, the RLS context */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fmt.h"
#include "limits.h"

/*
 * A statement prepared on the connection: its text (a copy, compared in
 * whole on a hit), under the name "ebN" of its slot N. An open-addressed
 * table of twice DB_PREPARED_MAX slots, filled to half at most.
 */
struct db_stmt {
	char		*sql;		/* the slot's statement, NULL: free */
	uint64_t	 hash;
	int		 ready;		/* prepared on the server */
};

#define STMT_SLOTS	(2 * DB_PREPARED_MAX)
#define STMT_NAME_LEN	16

/* A result of db_prefetch, and the statement and parameters it answers. */
struct db_ahead {
	char		*sql;
	char		*params[DB_PARAMS_MAX];	/* copies; NULL for NULL */
	int		 n;
	PGresult	*res;
};

void
db_init(struct db *d, const char *dsn, int prepare)
{
	d->conn = NULL;
	d->dsn = dsn;
	d->rid = "-";
	d->state[0] = '\0';
	d->timed_out = 0;
	d->prepare = prepare;
	d->stale = 0;
	d->nstmts = 0;
	d->stmts = NULL;
	d->ahead = NULL;
	d->nahead = 0;
	d->ahead_early = 0;
	d->resume = 0;
}

static const char set_user_sql[] = "SELECT set_config('app.user_id', $1, "
    "true), set_config('TimeZone', coalesce($2, "
    "current_setting('TimeZone')), true)";

static void
ahead_drop(struct db *d)
{
	size_t	 i;
	int	 k;

	for (i = 0; i < d->nahead; i++) {
		free(d->ahead[i].sql);
		for (k = 0; k < d->ahead[i].n; k++)
			free(d->ahead[i].params[k]);
		PQclear(d->ahead[i].res);
	}
	d->nahead = 0;
	d->ahead_early = 0;
}

/* What db_prefetch keeps for this statement, not taken yet; or NULL. */
static struct db_ahead *
ahead_find(const struct db *d, const char *sql, int n,
    const char *const *params)
{
	struct db_ahead *a;
	size_t	 i;
	int	 k;

	for (i = 0; i < d->nahead; i++) {
		a = &d->ahead[i];
		if (a->res == NULL || a->n != n || strcmp(a->sql, sql) != 0)
			continue;
		for (k = 0; k < n; k++)
			if ((a->params[k] == NULL) != (params[k] == NULL) ||
			    (params[k] != NULL &&
			    strcmp(a->params[k], params[k]) != 0))
				break;
		if (k == n)
			return a;
	}
	return NULL;
}

/* The result db_prefetch has for this statement, taken; or NULL. */
static PGresult *
ahead_take(struct db *d, const char *sql, int n, const char *const *params)
{
	struct db_ahead *a = ahead_find(d, sql, n, params);
	PGresult *res;

	if (a == NULL)
		return NULL;
	res = a->res;
	a->res = NULL;
	return res;
}

/* 1 when db_begin_ahead sent each of q, and its result is kept. */
static int
ahead_has(const struct db *d, const struct db_query *q, size_t n)
{
	size_t	 i;

	if (!d->ahead_early)
		return 0;
	for (i = 0; i < n; i++)
		if (ahead_find(d, q[i].sql, q[i].n, q[i].params) == NULL)
			return 0;
	return n > 0;
}

/*
 * Keeps the results of q for db_exec to take; when memory runs out, none
 * (db_exec then asks the server again).
 */
static void
ahead_keep(struct db *d, const struct db_query *q, size_t n)
{
	struct db_ahead *a;
	size_t	 i;
	int	 k;

	for (i = 0; i < n; i++) {
		a = &d->ahead[d->nahead++];
		a->res = q[i].res;
		a->n = 0;
		if ((a->sql = strdup(q[i].sql)) == NULL)
			goto nomem;
		for (k = 0; k < q[i].n; k++, a->n++)
			if (q[i].params[k] == NULL)
				a->params[k] = NULL;
			else if ((a->params[k] = strdup(q[i].params[k])) ==
			    NULL)
				goto nomem;
	}
	return;
nomem:
	for (i++; i < n; i++)
		PQclear(q[i].res);
	ahead_drop(d);
}

/* The connection's prepared statements are gone (a new connection). */
static void
stmts_forget(struct db *d)
{
	size_t	 i;

	if (d->stmts != NULL)
		for (i = 0; i < STMT_SLOTS; i++) {
			free(d->stmts[i].sql);
			d->stmts[i].sql = NULL;
			d->stmts[i].ready = 0;
		}
	d->nstmts = 0;
	d->stale = 0;
}

/*
 * Statements worth keeping prepared: those with a plan, and BEGIN and
 * COMMIT, which every request sends (prepared, the server does not
 * parse them each time). Other utility statements (SET...) are not.
 */
static int
preparable(const char *sql)
{
	static const char *const verbs[] = { "SELECT ", "WITH ", "INSERT ",
	    "UPDATE ", "DELETE ", "(SELECT " };
	size_t	 i;

	if (strcmp(sql, "BEGIN") == 0 || strcmp(sql, "COMMIT") == 0)
		return 1;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strncmp(sql, verbs[i], strlen(verbs[i])) == 0)
			return 1;
	return 0;
}

/*
 * A statement's text hashed eight bytes at a time (FNV-1a's primes, a
 * word for a byte): a page's statements are kilobytes, looked up at
 * every request.
 */
static uint64_t
text_hash(const char *sql)
{
	uint64_t h = 0xcbf29ce484222325ULL, w;
	size_t	 n = strlen(sql);

	for (; n >= sizeof(w); n -= sizeof(w), sql += sizeof(w)) {
		memcpy(&w, sql, sizeof(w));
		h = (h ^ w) * 0x100000001b3ULL;
	}
	for (; n > 0; n--, sql++)
		h = (h ^ (unsigned char)*sql) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

/*
 * The slot of sql: its own when it has one (->sql set; ->ready once the
 * server has it), else a free one to prepare it in; NULL when it is not
 * to be prepared (not wanted, not a statement worth it, or the table
 * full: it then runs unnamed). A slot keeps its statement for the
 * connection, prepared or not: the probe sequences of the others pass
 * through it.
 */
static struct db_stmt *
stmt_slot(struct db *d, const char *sql)
{
	uint64_t h;
	size_t	 i;

	if (!d->prepare || d->stale || !preparable(sql))
		return NULL;
	if (d->stmts == NULL &&
	    (d->stmts = calloc(STMT_SLOTS, sizeof(*d->stmts))) == NULL)
		return NULL;
	h = text_hash(sql);
	for (i = h % STMT_SLOTS; d->stmts[i].sql != NULL;
	    i = (i + 1) % STMT_SLOTS)
		if (d->stmts[i].hash == h && strcmp(d->stmts[i].sql, sql) == 0)
			return &d->stmts[i];
	if (d->nstmts >= DB_PREPARED_MAX)
		return NULL;
	d->stmts[i].hash = h;
	return &d->stmts[i];
}

static void
stmt_name(char name[STMT_NAME_LEN], const struct db *d, const struct db_stmt *s)
{
	char	 n[FMT_INT_LEN];

	/* fmt_int, not a printf: a page names some five. */
	fmt_int(n, s - d->stmts);
	(void)fmt_cat(name, STMT_NAME_LEN, "eb", n, (const char *)NULL);
}

/* The slot's statement is prepared on the server now. */
static void
stmt_keep(struct db *d, struct db_stmt *s, const char *sql)
{
	if (s->sql == NULL && (s->sql = strdup(sql)) != NULL)
		d->nstmts++;
	s->ready = s->sql != NULL;
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
	    " -c idle_in_transaction_session_timeout=" DB_IDLE_IN_TX_TIMEOUT
	    " -c plan_cache_mode=force_generic_plan -c DateStyle=ISO",
	    "exbuddy", d->dsn, NULL };

	/*
	 * force_generic_plan: a statement prepared here is planned once and
	 * that plan kept. Left to choose (auto), PostgreSQL planned again
	 * at every call each statement whose generic plan it estimated
	 * dearer than the plans made for its values, though the plan was
	 * the same: /week's days (0.28 ms of planning for 0.08 of work),
	 * an exercise's last entries (0.55 ms), a third of /stats' months
	 * (pg_stat_statements on bench-quick). Every statement is written
	 * for a generic plan (wk_history_query); tests/e2e/54_indexes.t
	 * explains them so.
	 *
	 * DateStyle=ISO: the history's rows read times as PostgreSQL writes
	 * them (workout_store.c, row_time); the role has it too (sql/020).
	 *
	 * expand_dbname=1: d->dsn is a conninfo string or URI; it comes
	 * last, so what the operator wrote there wins over our defaults.
	 */
	stmts_forget(d);
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

long
db_long(const PGresult *res, int row, int col)
{
	const char *s = PQgetvalue(res, row, col);
	unsigned long v = 0;
	int	 neg = *s == '-';

	for (s += neg; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (unsigned long)(*s - '0');
	return (long)(neg ? 0 - v : v);	/* LONG_MIN too */
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
	d->resume = 0;
	ahead_drop(d);
	if (d->conn == NULL)
		return;
	if (PQstatus(d->conn) != CONNECTION_OK) {
		PQfinish(d->conn);
		d->conn = NULL;
		return;
	}
	if (PQtransactionStatus(d->conn) != PQTRANS_IDLE) {
		d->trips++;
		res = PQexec(d->conn, "ROLLBACK");
		PQclear(res);
	}
	if (d->stale) {
		/* Start again from none: they are prepared anew as used. */
		d->trips++;
		res = PQexec(d->conn, "DEALLOCATE ALL");
		PQclear(res);
		stmts_forget(d);
	}
}

void
db_close(struct db *d)
{
	if (d->conn != NULL)
		PQfinish(d->conn);
	d->conn = NULL;
	stmts_forget(d);
	free(d->stmts);
	d->stmts = NULL;
	ahead_drop(d);
	free(d->ahead);
	d->ahead = NULL;
}

/*
 * Notes the failure of res (NULL: of the connection): its SQLSTATE, a
 * timeout, statements the server no longer knows; logs it unless its
 * SQLSTATE is expected (or it is only a pipeline aborted before it).
 */
static void
failed(struct db *d, const PGresult *res, const char *expected)
{
	const char *state;

	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	snprintf(d->state, sizeof(d->state), "%s", state ? state : "");
	/* query_canceled (statement_timeout), lock_not_available (lock_timeout) */
	if (strcmp(d->state, "57014") == 0 || strcmp(d->state, "55P03") == 0)
		d->timed_out = 1;
	/*
	 * invalid_sql_statement_name: a statement of ours is gone (DISCARD
	 * ALL by a pooler, say); feature_not_supported: "cached plan must
	 * not change result type" after a migration; duplicate_prepared_
	 * statement: we lost count. Forget them all.
	 */
	if (strcmp(d->state, "26000") == 0 || strcmp(d->state, "0A000") == 0 ||
	    strcmp(d->state, "42P05") == 0)
		d->stale = 1;
	if (expected == NULL || d->state[0] == '\0' ||
	    strstr(expected, d->state) == NULL)
		fprintf(stderr, "exbuddy[db]: rid=%s sqlstate=%s %s", d->rid,
		    d->state[0] ? d->state : "-", res ?
		    PQresultErrorMessage(res) : PQerrorMessage(d->conn));
}

/*
 * After db_prefetch_last: the transaction it committed begins again, as
 * the same user in the same time zone, before a statement goes to the
 * server. 0, or -1 when that failed.
 */
static int
resume(struct db *d)
{
	const char *p[2];
	struct db_query q[2] = {
		{ "BEGIN", 0, NULL, NULL }, { set_user_sql, 2, p, NULL },
	};
	int	 rc;

	if (!d->resume)
		return 0;
	d->resume = 0;
	p[0] = d->as_user;
	p[1] = d->as_tz_null ? NULL : d->as_tz;
	rc = db_pipeline(d, q, 2);
	PQclear(q[0].res);
	PQclear(q[1].res);
	/* The connection lost: a statement retried on a new one resumes too. */
	if (rc != 0 && d->conn == NULL)
		d->resume = 1;
	return rc;
}

/* Runs sql by the name it is prepared under, preparing it first if new. */
static PGresult *
run(struct db *d, const char *sql, int n, const char *const *params)
{
	struct db_stmt *s;
	char	 name[STMT_NAME_LEN];
	PGresult *res;

	d->trips++;
	if ((s = stmt_slot(d, sql)) == NULL)
		return PQexecParams(d->conn, sql, n, NULL, params, NULL, NULL,
		    0);
	stmt_name(name, d, s);
	if (!s->ready) {
		d->trips++;
		res = PQprepare(d->conn, name, sql, n, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return res;	/* its error is the statement's */
		PQclear(res);
		stmt_keep(d, s, sql);
	}
	return PQexecPrepared(d->conn, name, n, params, NULL, NULL, 0);
}

/* db_exec, an error of a SQLSTATE in expected ("23505 23514", or NULL) not logged. */
static PGresult *
exec(struct db *d, const char *sql, int n, const char *const *params,
    const char *expected)
{
	PGresult *res;
	ExecStatusType st;

	d->state[0] = '\0';
	if (d->nahead > 0 && (res = ahead_take(d, sql, n, params)) != NULL)
		return res;
	if (d->conn == NULL || resume(d) != 0)
		return NULL;
	res = run(d, sql, n, params);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	failed(d, res, expected);
	PQclear(res);
	return NULL;
}

PGresult *
db_exec(struct db *d, const char *sql, int n, const char *const *params)
{
	return exec(d, sql, n, params, NULL);
}

int
db_cmd_unique(struct db *d, const char *sql, int n,
    const char *const *params)
{
	PGresult *res;
	int	 rc;

	if (db_cmd(d, "SAVEPOINT unique_check", 0, NULL) != 0)
		return -1;
	if ((res = exec(d, sql, n, params, "23505 23514")) != NULL) {
		PQclear(res);
		return db_cmd(d, "RELEASE SAVEPOINT unique_check", 0, NULL);
	}
	/* unique_violation, check_violation */
	if ((rc = strcmp(d->state, "23505") == 0 ? 1 :
	    strcmp(d->state, "23514") == 0 ? 2 : -1) < 0)
		return -1;
	return db_cmd(d, "ROLLBACK TO SAVEPOINT unique_check", 0, NULL) == 0 ?
	    rc : -1;
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

	db_init(&d, dsn, 0);
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

/*
 * Sends q (preparing its statement first if new: *preparing is then its
 * slot, else NULL); 0 or -1.
 */
static int
send(struct db *d, struct db_query *q, struct db_stmt **preparing)
{
	struct db_stmt *s;
	char	 name[STMT_NAME_LEN];

	*preparing = NULL;
	if ((s = stmt_slot(d, q->sql)) == NULL)
		return PQsendQueryParams(d->conn, q->sql, q->n, NULL, q->params,
		    NULL, NULL, 0) == 1 ? 0 : -1;
	stmt_name(name, d, s);
	if (!s->ready) {
		if (PQsendPrepare(d->conn, name, q->sql, q->n, NULL) != 1)
			return -1;
		/* Kept now, so that the same SQL later in q is not prepared twice. */
		stmt_keep(d, s, q->sql);
		*preparing = s;
	}
	return PQsendQueryPrepared(d->conn, name, q->n, q->params, NULL, NULL,
	    0) == 1 ? 0 : -1;
}

/*
 * The next result of the pipeline and the NULL that ends it; NULL
 * itself when the connection failed.
 */
static PGresult *
next_result(struct db *d)
{
	PGresult *res, *end;

	if ((res = PQgetResult(d->conn)) == NULL)
		return NULL;
	if (PQresultStatus(res) != PGRES_PIPELINE_SYNC &&
	    (end = PQgetResult(d->conn)) != NULL) {
		PQclear(end);		/* one result per statement: never */
		PQclear(res);
		return NULL;
	}
	return res;
}

int
db_pipeline(struct db *d, struct db_query *q, size_t n)
{
	struct db_stmt *preparing[DB_PIPELINE_MAX];
	int	 ok = 1;
	size_t	 i;
	PGresult *res;
	ExecStatusType st;

	d->state[0] = '\0';
	for (i = 0; i < n; i++)
		q[i].res = NULL;
	if (d->conn == NULL || n > DB_PIPELINE_MAX ||
	    PQenterPipelineMode(d->conn) != 1)
		return -1;
	d->trips++;
	for (i = 0; i < n && ok; i++)
		ok = send(d, &q[i], &preparing[i]) == 0;
	if (!ok || PQpipelineSync(d->conn) != 1) {
		ok = 1;		/* not reported yet */
		goto lost;	/* half sent: the connection is of no more use */
	}
	for (i = 0; i < n; i++) {
		if (preparing[i]) {
			if ((res = next_result(d)) == NULL)
				goto lost;
			st = PQresultStatus(res);
			if (st != PGRES_COMMAND_OK) {
				/* Not prepared (an earlier error aborted it, say). */
				preparing[i]->ready = 0;
				if (ok && st != PGRES_PIPELINE_ABORTED)
					failed(d, res, NULL);
				ok = 0;
			}
			PQclear(res);
		}
		if ((res = next_result(d)) == NULL)
			goto lost;
		st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
			q[i].res = res;
		else {
			if (ok && st != PGRES_PIPELINE_ABORTED)
				failed(d, res, NULL);
			ok = 0;
			PQclear(res);
		}
	}
	if ((res = next_result(d)) == NULL)
		goto lost;
	st = PQresultStatus(res);
	PQclear(res);
	if (st == PGRES_PIPELINE_SYNC && PQexitPipelineMode(d->conn) == 1)
		return ok ? 0 : -1;
lost:
	if (ok)
		failed(d, NULL, NULL);
	for (i = 0; i < n; i++) {
		PQclear(q[i].res);
		q[i].res = NULL;
	}
	/* Out of step with the server: start again on a new connection. */
	PQfinish(d->conn);
	d->conn = NULL;
	return -1;
}

/* After a COMMIT: a statement that comes begins again as as_user in as_tz. */
int
db_resume_as(struct db *d, const char *as_user, const char *as_tz)
{
	if (strlen(as_user) >= sizeof(d->as_user) ||
	    (as_tz != NULL && strlen(as_tz) >= sizeof(d->as_tz)))
		return -1;
	d->resume = 1;
	(void)fmt_cat(d->as_user, sizeof(d->as_user), as_user,
	    (const char *)NULL);
	d->as_tz_null = as_tz == NULL;
	(void)fmt_cat(d->as_tz, sizeof(d->as_tz), as_tz ? as_tz : "",
	    (const char *)NULL);
	return 0;
}

/*
 * db_prefetch; with as_user, COMMIT in the same round trip, the user and
 * time zone kept for resume(). After db_prefetch_last, the transaction
 * it committed begins again in that round trip too.
 */
static int
prefetch(struct db *d, const struct db_query *q, size_t n,
    const char *as_user, const char *as_tz)
{
	struct db_query p[DB_PIPELINE_MAX];
	const char *up[2];
	size_t	 i, np = 0, first;
	int	 rc, resumed = d->resume;

	if (n + (as_user != NULL) + (resumed ? 2 : 0) > DB_PIPELINE_MAX ||
	    (as_user != NULL && (strlen(as_user) >= sizeof(d->as_user) ||
	    (as_tz != NULL && strlen(as_tz) >= sizeof(d->as_tz)))))
		return -1;
	/* Sent already, with the session's lookup (db_begin_ahead). */
	if (ahead_has(d, q, n))
		return 0;
	if (d->ahead == NULL &&
	    (d->ahead = calloc(DB_PIPELINE_MAX, sizeof(*d->ahead))) == NULL)
		return -1;
	ahead_drop(d);
	for (i = 0; i < n; i++)
		if (q[i].n > DB_PARAMS_MAX)
			return -1;
	if (resumed) {
		/* As resume() would, in the same round trip. */
		up[0] = d->as_user;
		up[1] = d->as_tz_null ? NULL : d->as_tz;
		p[np++] = (struct db_query){ "BEGIN", 0, NULL, NULL };
		p[np++] = (struct db_query){ set_user_sql, 2, up, NULL };
		d->resume = 0;
	}
	first = np;
	for (i = 0; i < n; i++)
		p[np++] = q[i];
	if (as_user != NULL)
		p[np++] = (struct db_query){ "COMMIT", 0, NULL, NULL };
	rc = db_pipeline(d, p, np);
	for (i = 0; i < first; i++)
		PQclear(p[i].res);
	/* The connection lost: a statement retried on a new one resumes too. */
	if (rc != 0 && resumed && d->conn == NULL)
		d->resume = 1;
	if (as_user != NULL) {
		/* A failed transaction's COMMIT "succeeds" as a ROLLBACK. */
		if (rc == 0 && strcmp(PQcmdStatus(p[np - 1].res), "COMMIT") != 0)
			rc = -1;
		PQclear(p[np - 1].res);
	}
	if (rc != 0) {
		for (i = first; i < first + n; i++)
			PQclear(p[i].res);
		return rc;
	}
	if (as_user != NULL)
		(void)db_resume_as(d, as_user, as_tz);	/* lengths checked */
	ahead_keep(d, p + first, n);
	return 0;
}

int
db_prefetch(struct db *d, const struct db_query *q, size_t n)
{
	return prefetch(d, q, n, NULL, NULL);
}

int
db_prefetch_last(struct db *d, const struct db_query *q, size_t n,
    const char *user_id, const char *tz)
{
	return prefetch(d, q, n, user_id, tz);
}

int
db_begin_with(struct db *d, struct db_query *first)
{
	struct db_query q[2] = { { "BEGIN", 0, NULL, NULL }, *first };
	int	 rc, try, began;

	ahead_drop(d);		/* answers of another transaction */
	d->resume = 0;
	/*
	 * BEGIN changes nothing, nor may first: safe to retry on a fresh
	 * connection.
	 */
	for (try = 0; try < 2; try++) {
		rc = db_pipeline(d, q, 2);
		began = q[0].res != NULL;
		PQclear(q[0].res);
		if (rc == 0 || began || !db_broken(d) || db_ready(d) != 0)
			break;
	}
	first->res = q[1].res;
	return rc;
}

int
db_begin_ahead(struct db *d, struct db_query *first, const struct db_query *q,
    size_t n, int commit)
{
	struct db_query p[DB_PIPELINE_MAX];
	size_t	 i, np = 0;
	int	 rc, try, began;

	ahead_drop(d);
	d->resume = 0;
	first->res = NULL;
	if (n + 3 > DB_PIPELINE_MAX || (d->ahead == NULL &&
	    (d->ahead = calloc(DB_PIPELINE_MAX, sizeof(*d->ahead))) == NULL))
		return -1;
	p[np++] = (struct db_query){ "BEGIN", 0, NULL, NULL };
	p[np++] = *first;
	for (i = 0; i < n; i++) {
		if (q[i].n > DB_PARAMS_MAX)
			return -1;
		p[np++] = q[i];
	}
	if (commit)
		p[np++] = (struct db_query){ "COMMIT", 0, NULL, NULL };
	/*
	 * As db_begin_with: retried when the connection was dead (the
	 * server restarted since the last request). Only reads and the
	 * lookup were sent; should a COMMIT have gone through before the
	 * connection broke, the flash the lookup took is not shown.
	 */
	for (try = 0; try < 2; try++) {
		rc = db_pipeline(d, p, np);
		began = p[0].res != NULL;
		PQclear(p[0].res);
		if (rc == 0 || began || !db_broken(d) || db_ready(d) != 0)
			break;
	}
	if (commit) {
		/* A failed transaction's COMMIT "succeeds" as a ROLLBACK. */
		if (rc == 0 && strcmp(PQcmdStatus(p[np - 1].res), "COMMIT") != 0)
			rc = -1;
		PQclear(p[--np].res);
	}
	if (rc != 0) {
		for (i = 1; i < np; i++)
			PQclear(p[i].res);
		return -1;
	}
	first->res = p[1].res;
	ahead_keep(d, p + 2, n);
	d->ahead_early = d->nahead > 0;
	return 0;
}

void
db_ahead_drop(struct db *d)
{
	ahead_drop(d);
}

int
db_begin_as(struct db *d, const char *user_id, const char *tz)
{
	const char *p[2] = { user_id, tz };
	struct db_query q = { set_user_sql, 2, p, NULL };
	int	 rc;

	rc = db_begin_with(d, &q);
	PQclear(q.res);
	return rc;
}

int
db_begin(struct db *d)
{
	return db_begin_as(d, "", NULL);
}

int
db_set_user(struct db *d, const char *user_id, const char *tz)
{
	const char *p[2] = { user_id, tz };

	return db_cmd(d, set_user_sql, 2, p);
}

int
db_commit(struct db *d)
{
	ahead_drop(d);		/* what was prefetched is of this transaction */
	if (d->resume) {
		d->resume = 0;	/* committed already, nothing after */
		return 0;
	}
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
	if (d->resume)
		return 1;	/* to begin again if a statement comes */
	st = PQtransactionStatus(d->conn);
	return st == PQTRANS_INTRANS || st == PQTRANS_INERROR;
}

int
db_copy(struct db *d, const char *sql, const char *data, size_t len)
{
	PGresult *res;
	size_t	 off, n;
	int	 ok;

	if (d->conn == NULL || resume(d) != 0)
		return -1;
	d->trips += 2;		/* COPY, then its data and the answer */
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
