/* db.h — one PostgreSQL connection per worker, transactions, the RLS context */
#ifndef EXBUDDY_DB_H
#define EXBUDDY_DB_H

#include <libpq-fe.h>

struct db_stmt;
struct db_ahead;

struct db {
	PGconn		*conn;
	const char	*dsn;
	const char	*rid;	/* request id for error log lines */
	char		 state[6];	/* SQLSTATE of the last failure */
	int		 timed_out;	/* a statement of this request ran out of time */
	unsigned long	 trips;		/* round trips to the server (the log) */
	int		 prepare;	/* name and prepare statements once per connection */
	int		 stale;		/* the server lost or refused them: deallocate */
	size_t		 nstmts;	/* prepared on this connection */
	struct db_stmt	*stmts;		/* DB_PREPARED_MAX * 2 slots, or NULL */
	struct db_ahead	*ahead;		/* results sent ahead, not taken yet */
	size_t		 nahead;
	int		 ahead_early;	/* by db_begin_ahead, with BEGIN */
	int		 resume;	/* committed ahead: begin as as_user */
	int		 as_tz_null;
	char		 as_user[40];	/* whom it resumes as */
	char		 as_tz[80];
};

/* One statement of a db_pipeline, and its result (NULL when it failed). */
struct db_query {
	const char		*sql;
	int			 n;
	const char *const	*params;
	PGresult		*res;
};

/*
 * Remembers dsn; connects lazily. Unless prepare is 0, each statement
 * that plans (SELECT, WITH, INSERT, UPDATE, DELETE) is prepared once per
 * connection under a name of its own and executed by that name after, so
 * no request pays for planning the same SQL again (0 for a pooler that
 * cannot keep them, e.g. PgBouncer in transaction pooling).
 */
void	 db_init(struct db *, const char *dsn, int prepare);
/*
 * Makes sure the connection is up: connects, or resets a broken one.
 * Returns 0, or -1 when PostgreSQL cannot be reached (answer 503).
 */
int	 db_ready(struct db *);
/*
 * SELECT 1, reconnecting once if the connection turns out to be dead
 * (PostgreSQL restarted since the last request). 0 or -1.
 */
int	 db_ping(struct db *);
/* After a request: ROLLBACK whatever transaction it left open. */
void	 db_cleanup(struct db *);
void	 db_close(struct db *);
/* 1 when the connection is gone (an error was a lost server, not a query). */
int	 db_broken(const struct db *);
/*
 * An integer column of a row as PostgreSQL writes it (an optional minus,
 * digits); 0 for NULL. strtol's answer, without its locale and base work:
 * /stats reads some 1,900 a request.
 */
long	 db_long(const PGresult *, int row, int col);
/*
 * 1 when this request failed for want of the database (answer 503, not
 * 500): the connection is gone, or a statement was cancelled waiting
 * (statement_timeout, lock_timeout: a hung or locked database). Cleared
 * by db_cleanup.
 */
int	 db_unavailable(const struct db *);

/*
 * Runs one parameterized statement (PQexecParams, text in and out).
 * Returns the result when it succeeded (PGRES_COMMAND_OK or TUPLES_OK),
 * else logs the error with the request id and returns NULL. The caller
 * PQclear()s a result.
 */
PGresult *db_exec(struct db *, const char *sql, int nparams,
	    const char *const *params);
/* Runs a statement without results; 0 or -1. */
int	 db_cmd(struct db *, const char *sql, int nparams,
	    const char *const *params);
/*
 * Runs a statement a unique constraint may refuse (a name taken by another
 * request meanwhile), or a check (a limit a trigger holds, such as
 * sql/021's): 0 done, 1 refused by the unique constraint, 2 by the check
 * (undone alone, in a savepoint: the transaction goes on), -1 another
 * error.
 */
int	 db_cmd_unique(struct db *, const char *sql, int nparams,
	    const char *const *params);
/*
 * COPY ... FROM STDIN with data (COPY's text format), in one go. 0 or -1
 * (the error logged as db_exec does).
 */
int	 db_copy(struct db *, const char *sql, const char *data, size_t len);
/* SQLSTATE of the last failed db_exec, or "" (e.g. "23505"). */
const char *db_sqlstate(const struct db *);

/*
 * Once at start-up: a line on stderr for each of PostgreSQL's fsync,
 * synchronous_commit and full_page_writes that is off, saying what a
 * crash can then lose (or that they could not be read).
 */
void	 db_warn_durability(const char *dsn);

/*
 * Runs the statements in one round trip (libpq's pipeline mode), in
 * order; each q[i].res is its result, or NULL when it failed (the first
 * failure logged, the rest not run). The caller PQclear()s them.
 * 0 when all succeeded, else -1.
 */
int	 db_pipeline(struct db *, struct db_query *q, size_t n);

/*
 * Sends the statements a page is about to run, in one round trip: a
 * later db_exec of the same SQL with the same parameters takes its result
 * from here instead of asking the server (once; what is not taken is
 * dropped by db_cleanup). For statements that read, whose results no
 * write of the request comes between. Nothing is sent when
 * db_begin_ahead sent them all already; after a COMMIT of
 * db_prefetch_last or db_begin_ahead, the transaction begins again in the
 * same round trip. 0, or -1 when one failed (logged; the transaction is
 * then failed, as it would be without).
 */
int	 db_prefetch(struct db *, const struct db_query *q, size_t n);
/*
 * db_prefetch, and COMMIT in the same round trip, for a page that writes
 * nothing and has asked for what it reads: one round trip fewer. Its
 * transaction stays open to the rest of the code (db_in_transaction,
 * db_commit): a statement not prefetched first begins another as user_id
 * in tz, as db_begin_as (the same answers under READ COMMITTED, where
 * each statement sees the data as it starts). 0 or -1, as db_prefetch.
 */
int	 db_prefetch_last(struct db *, const struct db_query *q, size_t n,
	    const char *user_id, const char *tz);

/*
 * BEGIN, first, the statements q and (unless commit is 0) COMMIT, in one
 * round trip: the session's lookup (first) with the reads of the page it
 * is for, sent before the session is known, on a guess. first->res is
 * first's result (the caller PQclear()s it); the results of q are kept
 * as db_prefetch keeps them, for db_prefetch and db_exec to find. After
 * a COMMIT nothing is open: db_resume_as says as whom a statement that
 * comes begins again; else the transaction goes on. 0, or -1 when one
 * failed or there are too many (nothing kept, first->res NULL; what was
 * begun, db_cleanup rolls back).
 */
int	 db_begin_ahead(struct db *, struct db_query *first,
	    const struct db_query *q, size_t n, int commit);
/*
 * After db_begin_ahead: a statement not taken from what it kept begins
 * a transaction as user_id ("" for none) in tz (NULL: the server's), as
 * after db_prefetch_last. 0, or -1 when they are too long to keep.
 */
int	 db_resume_as(struct db *, const char *user_id, const char *tz);
/* Drops the results db_prefetch or db_begin_ahead kept (a wrong guess). */
void	 db_ahead_drop(struct db *);

/* BEGIN, with no user for row level security yet. 0 or -1. */
int	 db_begin(struct db *);
/*
 * BEGIN as user_id in time zone tz, as db_begin and db_set_user do, in
 * one round trip. 0 or -1.
 */
int	 db_begin_as(struct db *, const char *user_id, const char *tz);
/*
 * BEGIN and first, a statement that only reads or sets settings of the
 * transaction, in one round trip; first->res its result (or NULL), which
 * the caller PQclear()s. 0 or -1.
 */
int	 db_begin_with(struct db *, struct db_query *first);
/*
 * For the rest of the transaction: app.user_id, whose rows row level
 * security lets the app see ("" for none), and unless tz is NULL the
 * TimeZone that dates and times are read and written in. 0 or -1.
 */
int	 db_set_user(struct db *, const char *user_id, const char *tz);
int	 db_commit(struct db *);
/*
 * 1 inside a transaction (also a failed one, which COMMIT rolls back, and
 * one db_prefetch_last committed, which a statement would resume).
 */
int	 db_in_transaction(const struct db *);

#endif
