-- 016_app_timeouts.down.sql — undo 016_app_timeouts.sql: the role's time limits in this database.
DO $reset$
BEGIN
    EXECUTE pg_catalog.format('ALTER ROLE exbuddy_app IN DATABASE %I RESET statement_timeout',
        pg_catalog.current_database());
    EXECUTE pg_catalog.format('ALTER ROLE exbuddy_app IN DATABASE %I RESET idle_in_transaction_session_timeout',
        pg_catalog.current_database());
END
$reset$;
