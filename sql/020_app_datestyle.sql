-- 020_app_datestyle.sql — exbuddy_app reads times as PostgreSQL writes
-- them in ISO (DateStyle): the history's rows take a workout's time as
-- its timestamptz text ("2026-03-31 07:30:00+02") and write the page's
-- times from it (cgi/workout_store.c, row_time). exbuddy sends the
-- setting when it connects (cgi/db.c, the startup "options"), which a
-- pooler such as PgBouncer drops, and a server may be set up with
-- another DateStyle: the role's setting in this database holds either
-- way. tests/e2e/64_pgbouncer.t checks it through PgBouncer.
DO $set$
BEGIN
    EXECUTE pg_catalog.format(
        'ALTER ROLE exbuddy_app IN DATABASE %I SET DateStyle = %L',
        pg_catalog.current_database(), 'ISO, MDY');
END
$set$;
