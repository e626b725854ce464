-- 001_init.down.sql — undo 001_init.sql in THIS database. DESTROYS ALL DATA.
--
-- Run by `exbuddy migrate` as the admin role, inside the runner's own
-- transaction (no BEGIN/COMMIT here).
--
-- The roles exbuddy_owner and exbuddy_app are cluster-wide and deliberately
-- LEFT IN PLACE: other databases in the same cluster may use them. Only this
-- database's objects and role settings are removed. To remove the roles once
-- no database uses them any more, an admin runs by hand, in each database
-- that still has grants or default privileges for them:
--     DROP OWNED BY exbuddy_owner, exbuddy_app;
-- and then, once:
--     DROP ROLE exbuddy_app; DROP ROLE exbuddy_owner;

SET LOCAL ROLE exbuddy_owner;

-- Everything 001 created lives in the schema (tables, indexes, policies,
-- functions, triggers, the seed rows).
DROP SCHEMA IF EXISTS exbuddy CASCADE;

-- Undo 001's ALTER DEFAULT PRIVILEGES (restores the built-in default and
-- removes the pg_default_acl entry).
ALTER DEFAULT PRIVILEGES FOR ROLE exbuddy_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;

RESET ROLE;

-- Per-database role settings (need the admin). A GRANT CONNECT that 001 may
-- have made on the database is left alone (harmless; DROP OWNED clears it).
DO $paths$
BEGIN
    EXECUTE pg_catalog.format(
        'ALTER ROLE exbuddy_app IN DATABASE %I RESET search_path', current_database());
    EXECUTE pg_catalog.format(
        'ALTER ROLE exbuddy_owner IN DATABASE %I RESET search_path', current_database());
END
$paths$;
