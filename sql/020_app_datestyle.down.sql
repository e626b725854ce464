-- 020_app_datestyle.down.sql — undo 020_app_datestyle.sql: the role's DateStyle in this database.
DO $reset$
BEGIN
    EXECUTE pg_catalog.format('ALTER ROLE exbuddy_app IN DATABASE %I RESET DateStyle',
        pg_catalog.current_database());
END
$reset$;
