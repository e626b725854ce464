-- 016_app_timeouts.sql — exbuddy_app's time limits as settings of the role
-- in this database too. exbuddy sends them when it connects (cgi/db.c,
-- the startup "options"; cgi/limits.h: DB_STATEMENT_TIMEOUT,
-- DB_IDLE_IN_TX_TIMEOUT), but a connection pooler such as PgBouncer drops
-- those options (deploy/stack, EXBUDDY_PGBOUNCER): there the role's
-- settings still bound every statement and every transaction left open.
-- tests/e2e/64_pgbouncer.t checks that the two agree.
DO $set$
BEGIN
    EXECUTE pg_catalog.format(
        'ALTER ROLE exbuddy_app IN DATABASE %I SET statement_timeout = %L',
        pg_catalog.current_database(), '10s');
    EXECUTE pg_catalog.format(
        'ALTER ROLE exbuddy_app IN DATABASE %I SET idle_in_transaction_session_timeout = %L',
        pg_catalog.current_database(), '60s');
END
$set$;
