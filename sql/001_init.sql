-- 001_init.sql — roles, schema, core tables, grants and row level security.
--
-- How migrations run (conventions for every file in sql/):
--
--   * `exbuddy migrate` connects as an admin role (a superuser in our setups,
--     or at least CREATEROLE) and runs each file as
--         BEGIN; <whole file via PQexec>; INSERT INTO public.schema_migrations ...; COMMIT;
--     so a file must NOT contain BEGIN/COMMIT/ROLLBACK of its own, and all of
--     it succeeds or none of it does.
--
--   * Every object belongs to the NOLOGIN role exbuddy_owner and lives in the
--     schema exbuddy. Only this first migration does admin work (roles,
--     per-database role settings, creating the schema). After that it
--     switches with `SET LOCAL ROLE exbuddy_owner;`, and EVERY LATER
--     MIGRATION MUST START WITH
--         SET LOCAL ROLE exbuddy_owner;
--     so that whatever it creates is owned by exbuddy_owner, never by the
--     admin who happened to run it. SET LOCAL ends with the transaction.
--     This file ends with RESET ROLE so the runner's own INSERT into
--     public.schema_migrations runs as the admin again; later files should
--     end the same way.
--
--   * Write object names schema-qualified (exbuddy.x): the admin's
--     search_path is whatever its session has (001 does not change it).
--     Functions pin their search_path or qualify everything they use.
--
--   * exbuddy_app is the role the server logs in as. It owns nothing, gets
--     only explicit grants, and every table with a user_id has row level
--     security enabled AND forced, keyed on exbuddy.current_user_id(), i.e.
--     the transaction-local setting app.user_id.
--
-- Down file: sql/001_init.down.sql.

------------------------------------------------------------------------------
-- Roles (cluster-wide; several databases in one cluster share them, so they
-- are created only when missing). No passwords here: local socket auth, or
-- the operator sets one.
------------------------------------------------------------------------------

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'exbuddy_owner') THEN
        CREATE ROLE exbuddy_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
            NOBYPASSRLS NOREPLICATION;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'exbuddy_app') THEN
        CREATE ROLE exbuddy_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
            NOBYPASSRLS NOREPLICATION;
    END IF;
    -- A pre-existing app role must not carry more power than designed.
    -- (Altering these attributes needs a superuser; a CREATEROLE admin then
    -- gets an error here instead of a silently over-privileged app role.)
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'exbuddy_app'
               AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls
                    OR rolreplication)) THEN
        ALTER ROLE exbuddy_app NOSUPERUSER NOCREATEDB NOCREATEROLE
            NOBYPASSRLS NOREPLICATION;
    END IF;
    -- A superuser can SET ROLE to anything; a CREATEROLE admin needs
    -- membership in exbuddy_owner first.
    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
       AND NOT pg_catalog.pg_has_role(current_user, 'exbuddy_owner', 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT exbuddy_owner TO %I', current_user);
    END IF;
END
$roles$;

-- Per-database search_path for both roles (takes effect on new connections).
DO $paths$
BEGIN
    EXECUTE pg_catalog.format(
        'ALTER ROLE exbuddy_app IN DATABASE %I SET search_path = exbuddy, pg_catalog',
        current_database());
    EXECUTE pg_catalog.format(
        'ALTER ROLE exbuddy_owner IN DATABASE %I SET search_path = exbuddy, pg_catalog',
        current_database());
END
$paths$;

-- The app role must be able to connect (PUBLIC usually already may).
DO $connect$
BEGIN
    IF NOT pg_catalog.has_database_privilege('exbuddy_app', current_database(), 'CONNECT') THEN
        EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO exbuddy_app',
                                  current_database());
    END IF;
END
$connect$;

-- Created by the admin (exbuddy_owner has no CREATE on the database), owned
-- by exbuddy_owner.
CREATE SCHEMA exbuddy AUTHORIZATION exbuddy_owner;

------------------------------------------------------------------------------
-- From here on everything is created by, and owned by, exbuddy_owner.
------------------------------------------------------------------------------

SET LOCAL ROLE exbuddy_owner;

REVOKE ALL ON SCHEMA exbuddy FROM PUBLIC;
GRANT USAGE ON SCHEMA exbuddy TO exbuddy_app;

-- Functions created by exbuddy_owner (in this database) are not executable
-- by PUBLIC unless granted explicitly; later migrations inherit this.
-- (Per-schema default privileges cannot revoke, so this one is global.)
ALTER DEFAULT PRIVILEGES FOR ROLE exbuddy_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

------------------------------------------------------------------------------
-- Helper functions
------------------------------------------------------------------------------

-- The user the current transaction acts for: the transaction-local setting
-- app.user_id, set by the server right after BEGIN with
--     SELECT set_config('app.user_id', $1, true);
-- NULL when unset or empty (then RLS policies match no row). A value that is
-- not a uuid raises 22P02. Plain SQL without a SET clause so the planner can
-- inline it into policies.
CREATE FUNCTION exbuddy.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN NULLIF(pg_catalog.current_setting('app.user_id', true), '')::pg_catalog.uuid;

COMMENT ON FUNCTION exbuddy.current_user_id() IS
    'uuid in the transaction-local setting app.user_id, or NULL; the key of every RLS policy';

-- Whether tz is a time zone name PostgreSQL accepts both as the TimeZone
-- setting and in AT TIME ZONE (so "SET LOCAL TimeZone" and "AT TIME ZONE"
-- both work with any stored value). Rejects NULL, '', abbreviations such as
-- 'PDT' (fixed offsets, no DST) and offset strings such as '+05:30' (POSIX
-- sign convention confuses everyone); accepts e.g. 'UTC', 'Europe/Berlin',
-- 'America/Argentina/Buenos_Aires', 'Etc/GMT+3'. Names are matched
-- case-insensitively by PostgreSQL; the stored spelling is kept as given.
--
-- Declared IMMUTABLE so it can be used in a CHECK constraint; strictly it
-- depends on the server's time zone database, which only changes with
-- PostgreSQL/tzdata upgrades. The SET clause makes PostgreSQL restore the
-- caller's TimeZone when the function returns.
CREATE FUNCTION exbuddy.is_timezone(tz text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog
    SET TimeZone = 'UTC'
AS $fn$
BEGIN
    IF tz IS NULL OR char_length(tz) NOT BETWEEN 1 AND 64
       OR tz !~ '^[A-Za-z][A-Za-z0-9_+/-]*$' THEN
        RETURN false;
    END IF;
    BEGIN
        PERFORM set_config('TimeZone', tz, true);
        PERFORM '2000-01-01 00:00:00+00'::timestamptz AT TIME ZONE tz;
    EXCEPTION
        WHEN invalid_parameter_value OR data_exception OR feature_not_supported THEN
            RETURN false;
    END;
    RETURN true;
END
$fn$;

COMMENT ON FUNCTION exbuddy.is_timezone(text) IS
    'true when the argument is a time zone name usable in SET TimeZone and AT TIME ZONE';

-- Keeps updated_at current on every UPDATE, whoever runs it.
CREATE FUNCTION exbuddy.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$fn$;

------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------

CREATE TABLE exbuddy.users (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    email         text        NOT NULL,
    username      text        NOT NULL,
    password_hash text        NOT NULL,
    is_active     boolean     NOT NULL DEFAULT true,
    timezone      text        NOT NULL DEFAULT 'UTC',
    week_start    smallint    NOT NULL DEFAULT 1,
    weight_kg     numeric(5,1) NULL,
    weight_unit   text        NOT NULL DEFAULT 'kg',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_length CHECK (char_length(email) BETWEEN 3 AND 255),
    -- one @, non-empty local part and domain, no whitespace or control chars
    CONSTRAINT users_email_shape
        CHECK (email ~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$'),
    CONSTRAINT users_username_shape CHECK (username ~ '^[A-Za-z0-9_-]{3,50}$'),
    CONSTRAINT users_password_hash_argon2id
        CHECK (char_length(password_hash) BETWEEN 1 AND 512
               AND starts_with(password_hash, '$argon2id$')),
    CONSTRAINT users_timezone_valid CHECK (exbuddy.is_timezone(timezone)),
    -- 0 = Sunday, 1 = Monday
    CONSTRAINT users_week_start_valid CHECK (week_start IN (0, 1)),
    CONSTRAINT users_weight_kg_range CHECK (weight_kg BETWEEN 20 AND 500),
    CONSTRAINT users_weight_unit_valid CHECK (weight_unit IN ('kg', 'lb'))
);

CREATE UNIQUE INDEX users_email_lower_key    ON exbuddy.users (lower(email));
CREATE UNIQUE INDEX users_username_lower_key ON exbuddy.users (lower(username));

CREATE TRIGGER users_touch_updated_at
    BEFORE UPDATE ON exbuddy.users
    FOR EACH ROW EXECUTE FUNCTION exbuddy.touch_updated_at();


CREATE TABLE exbuddy.exercise_types (
    id          uuid         NOT NULL DEFAULT gen_random_uuid(),
    slug        text         NOT NULL,
    name        text         NOT NULL,
    description text         NOT NULL,
    measure     text         NOT NULL,
    met         numeric(4,1) NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT exercise_types_pkey PRIMARY KEY (id),
    CONSTRAINT exercise_types_slug_key UNIQUE (slug),
    CONSTRAINT exercise_types_name_key UNIQUE (name),
    CONSTRAINT exercise_types_slug_shape
        CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 60),
    CONSTRAINT exercise_types_name_length CHECK (char_length(name) BETWEEN 1 AND 60),
    CONSTRAINT exercise_types_description_length CHECK (char_length(description) <= 500),
    CONSTRAINT exercise_types_measure_valid CHECK (measure IN ('reps', 'time')),
    CONSTRAINT exercise_types_met_range CHECK (met > 0 AND met < 25)
);

-- MET values: 2011 Compendium of Physical Activities (Ainsworth et al.),
-- https://sites.google.com/site/compendiumofphysicalactivities/
--   push-up:   code 02022, "calisthenics (e.g., push ups, sit ups, pull-ups,
--              lunges), moderate effort"                               3.8 MET
--   jump-rope: code 15552, "rope jumping, moderate pace, 100-120 skips/min,
--              general, 2 foot skip, plain bounce"                     11.8 MET
INSERT INTO exbuddy.exercise_types (slug, name, description, measure, met) VALUES
    ('push-up', 'Push-up',
     'Lower your straight body to the floor and press back up; count each full repetition.',
     'reps', 3.8),
    ('jump-rope', 'Jump rope',
     'Skip a rope at a steady pace with both feet; log how long you kept going.',
     'time', 11.8);


CREATE TABLE exbuddy.workouts (
    id                 uuid         NOT NULL DEFAULT gen_random_uuid(),
    user_id            uuid         NOT NULL,
    exercise_type_id   uuid         NOT NULL,
    performed_at       timestamptz  NOT NULL,
    reps               integer      NOT NULL DEFAULT 0,
    duration_seconds   integer      NOT NULL DEFAULT 0,
    calories           numeric(8,1) NULL,
    calories_estimated boolean      NOT NULL DEFAULT false,
    note               text         NULL,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT workouts_pkey PRIMARY KEY (id),
    CONSTRAINT workouts_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT workouts_exercise_type_id_fkey FOREIGN KEY (exercise_type_id)
        REFERENCES exbuddy.exercise_types (id) ON DELETE RESTRICT,
    CONSTRAINT workouts_performed_at_range
        CHECK (performed_at >= '1970-01-01 00:00:00+00'),
    CONSTRAINT workouts_reps_range CHECK (reps BETWEEN 0 AND 100000),
    CONSTRAINT workouts_duration_range CHECK (duration_seconds BETWEEN 0 AND 86400),
    CONSTRAINT workouts_has_amount CHECK (reps > 0 OR duration_seconds > 0),
    CONSTRAINT workouts_calories_range CHECK (calories BETWEEN 0 AND 100000),
    CONSTRAINT workouts_note_length CHECK (char_length(note) <= 500)
);

CREATE INDEX workouts_user_time
    ON exbuddy.workouts (user_id, performed_at DESC, id DESC);
-- Supports the ON DELETE RESTRICT check from exercise_types.
CREATE INDEX workouts_exercise_type_id ON exbuddy.workouts (exercise_type_id);

CREATE TRIGGER workouts_touch_updated_at
    BEFORE UPDATE ON exbuddy.workouts
    FOR EACH ROW EXECUTE FUNCTION exbuddy.touch_updated_at();


CREATE TABLE exbuddy.sessions (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL,
    token_hash   bytea       NOT NULL,
    csrf_secret  bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ip           inet        NULL,
    user_agent   text        NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT sessions_token_hash_length CHECK (octet_length(token_hash) = 32),
    CONSTRAINT sessions_csrf_secret_length CHECK (octet_length(csrf_secret) = 32),
    CONSTRAINT sessions_user_agent_length CHECK (char_length(user_agent) <= 512)
);

CREATE INDEX sessions_user_id ON exbuddy.sessions (user_id);


CREATE TABLE exbuddy.audit_log (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    user_id    uuid        NULL,
    event      text        NOT NULL,
    ip         inet        NULL,
    detail     text        NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    CONSTRAINT audit_log_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT audit_log_event_valid CHECK (event IN (
        'signup', 'login', 'login_failed', 'login_throttled', 'logout',
        'password_changed', 'session_ended', 'account_deleted',
        'settings_changed')),
    CONSTRAINT audit_log_detail_length CHECK (char_length(detail) <= 500)
);

CREATE INDEX audit_log_user_time ON exbuddy.audit_log (user_id, created_at DESC);

------------------------------------------------------------------------------
-- Privileges of the app role: exactly these, nothing else.
------------------------------------------------------------------------------

REVOKE ALL ON ALL TABLES IN SCHEMA exbuddy FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA exbuddy FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA exbuddy FROM PUBLIC;

GRANT SELECT                         ON exbuddy.exercise_types TO exbuddy_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.users          TO exbuddy_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.workouts       TO exbuddy_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.sessions       TO exbuddy_app;
GRANT SELECT, INSERT                 ON exbuddy.audit_log      TO exbuddy_app;
-- audit_log.id is GENERATED ALWAYS: inserting needs no sequence privilege.

GRANT EXECUTE ON FUNCTION exbuddy.is_timezone(text)  TO exbuddy_app;
GRANT EXECUTE ON FUNCTION exbuddy.current_user_id()  TO exbuddy_app;
-- touch_updated_at() is a trigger function: triggers fire without EXECUTE.

------------------------------------------------------------------------------
-- Row level security: enabled and FORCED (applies to the owner too; there is
-- no policy for exbuddy_owner, so it sees no rows through RLS). Superusers
-- bypass RLS. Foreign-key checks and ON DELETE CASCADE are not affected.
------------------------------------------------------------------------------

ALTER TABLE exbuddy.users     ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.users     FORCE  ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts  ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts  FORCE  ROW LEVEL SECURITY;
ALTER TABLE exbuddy.sessions  ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.sessions  FORCE  ROW LEVEL SECURITY;
ALTER TABLE exbuddy.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.audit_log FORCE  ROW LEVEL SECURITY;

-- users: a user sees and changes only their own row. Signup sets app.user_id
-- to a fresh uuid and inserts the row with that id.
CREATE POLICY users_select ON exbuddy.users FOR SELECT TO exbuddy_app
    USING (id = exbuddy.current_user_id());
CREATE POLICY users_insert ON exbuddy.users FOR INSERT TO exbuddy_app
    WITH CHECK (id = exbuddy.current_user_id());
CREATE POLICY users_update ON exbuddy.users FOR UPDATE TO exbuddy_app
    USING (id = exbuddy.current_user_id())
    WITH CHECK (id = exbuddy.current_user_id());
CREATE POLICY users_delete ON exbuddy.users FOR DELETE TO exbuddy_app
    USING (id = exbuddy.current_user_id());

CREATE POLICY workouts_own ON exbuddy.workouts FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

CREATE POLICY sessions_own ON exbuddy.sessions FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

CREATE POLICY audit_log_select ON exbuddy.audit_log FOR SELECT TO exbuddy_app
    USING (user_id = exbuddy.current_user_id());
CREATE POLICY audit_log_insert ON exbuddy.audit_log FOR INSERT TO exbuddy_app
    WITH CHECK (user_id = exbuddy.current_user_id());

-- Back to the admin for the runner's INSERT into public.schema_migrations.
RESET ROLE;
