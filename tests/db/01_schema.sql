-- 01_schema.sql — pgTAP: the objects migration 001 creates exist with the
-- expected shape (tables, columns, types, defaults, keys, indexes, functions,
-- triggers, seed rows, ownership).
--
-- Run as superuser postgres in a database with the pgtap extension (schema
-- public) and migration 001 applied:
--     pg_prove -d DB tests/db/*.sql      or      psql -X -f tests/db/01_schema.sql DB

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(165);

-- Schema and tables --------------------------------------------------------

SELECT has_schema('exbuddy');
SELECT schema_owner_is('exbuddy', 'exbuddy_owner');
SELECT tables_are('exbuddy',
    ARRAY['users', 'exercise_types', 'workouts', 'sessions', 'audit_log',
          'server_keys',    -- migration 002 (tests/db/04)
          'goals',          -- migration 004
          'workout_sets', 'body_weights',    -- migration 006
          'daily_totals',                    -- migration 010 (tests/db/06)
          'exercise_totals', 'activity_runs', 'user_activity',   -- migration 012
          'invites',                         -- migration 015
          'record_versions', 'exercise_records',     -- migration 017
          'month_totals', 'user_days']);             -- migration 018
SELECT table_owner_is('exbuddy', t, 'exbuddy_owner', 'exbuddy.' || t || ' is owned by exbuddy_owner')
  FROM unnest(ARRAY['users', 'exercise_types', 'workouts', 'sessions', 'audit_log',
                    'workout_sets', 'body_weights']) AS t;

-- users ----------------------------------------------------------------------

SELECT columns_are('exbuddy', 'users', ARRAY['id', 'email', 'username',
    'password_hash', 'is_active', 'timezone', 'week_start',
    'weight_unit', 'created_at', 'updated_at']);
SELECT col_is_pk('exbuddy', 'users', 'id', 'users.id is the primary key');
SELECT col_type_is('exbuddy', 'users', 'id', 'uuid', 'users.id is uuid');
SELECT col_default_is('exbuddy', 'users', 'id', 'gen_random_uuid()', 'users.id defaults to gen_random_uuid()');
SELECT col_type_is('exbuddy', 'users', 'email', 'text', 'users.email is text');
SELECT col_type_is('exbuddy', 'users', 'username', 'text', 'users.username is text');
SELECT col_type_is('exbuddy', 'users', 'password_hash', 'text', 'users.password_hash is text');
SELECT col_type_is('exbuddy', 'users', 'is_active', 'boolean', 'users.is_active is boolean');
SELECT col_default_is('exbuddy', 'users', 'is_active', 'true', 'users.is_active defaults to true');
SELECT col_type_is('exbuddy', 'users', 'timezone', 'text', 'users.timezone is text');
SELECT col_default_is('exbuddy', 'users', 'timezone', 'UTC', 'users.timezone defaults to UTC');
SELECT col_type_is('exbuddy', 'users', 'week_start', 'smallint', 'users.week_start is smallint');
SELECT col_default_is('exbuddy', 'users', 'week_start', '1', 'users.week_start defaults to 1');
SELECT hasnt_column('exbuddy', 'users', 'weight_kg', 'users.weight_kg is gone: body weight is a log (006)');
SELECT col_type_is('exbuddy', 'users', 'weight_unit', 'text', 'users.weight_unit is text');
SELECT col_default_is('exbuddy', 'users', 'weight_unit', 'kg', 'users.weight_unit defaults to kg');
SELECT col_type_is('exbuddy', 'users', 'created_at', 'timestamp with time zone', 'users.created_at is timestamp with time zone');
SELECT col_default_is('exbuddy', 'users', 'created_at', 'now()', 'users.created_at defaults to now()');
SELECT col_type_is('exbuddy', 'users', 'updated_at', 'timestamp with time zone', 'users.updated_at is timestamp with time zone');
SELECT col_default_is('exbuddy', 'users', 'updated_at', 'now()', 'users.updated_at defaults to now()');
SELECT col_not_null('exbuddy', 'users', c, 'users.' || c || ' is NOT NULL')
  FROM unnest(ARRAY['id', 'email', 'username', 'password_hash', 'is_active',
                    'timezone', 'week_start', 'weight_unit', 'created_at',
                    'updated_at']) AS c;
SELECT has_index('exbuddy', 'users', 'users_email_lower_key', 'lower(email)');
SELECT index_is_unique('exbuddy', 'users', 'users_email_lower_key');
SELECT has_index('exbuddy', 'users', 'users_username_lower_key', 'lower(username)');
SELECT index_is_unique('exbuddy', 'users', 'users_username_lower_key');
SELECT has_trigger('exbuddy', 'users', 'users_touch_updated_at', 'trigger users_touch_updated_at on users');

-- exercise_types -------------------------------------------------------------

SELECT columns_are('exbuddy', 'exercise_types', ARRAY['id', 'slug', 'name',
    'description', 'measure', 'met', 'created_at',
    'compendium_code', 'seconds_per_rep',    -- migration 003
    'user_id', 'bodyweight', 'archived']);  -- migration 006
SELECT col_is_pk('exbuddy', 'exercise_types', 'id', 'exercise_types.id is the primary key');
SELECT col_type_is('exbuddy', 'exercise_types', 'id', 'uuid', 'exercise_types.id is uuid');
SELECT col_type_is('exbuddy', 'exercise_types', 'met', 'numeric(4,1)', 'exercise_types.met is numeric(4,1)');
SELECT col_type_is('exbuddy', 'exercise_types', 'created_at', 'timestamp with time zone', 'exercise_types.created_at is timestamp with time zone');
SELECT col_not_null('exbuddy', 'exercise_types', c, 'exercise_types.' || c || ' is NOT NULL')
  FROM unnest(ARRAY['id', 'slug', 'name', 'description', 'measure', 'met',
                    'created_at']) AS c;
SELECT col_is_null('exbuddy', 'exercise_types', 'user_id', 'exercise_types.user_id is nullable (NULL: built in)');
SELECT fk_ok('exbuddy', 'exercise_types', 'user_id', 'exbuddy', 'users', 'id');
SELECT is(pg_get_indexdef(('exbuddy.' || i)::regclass), d, i || ': ' || d)
  FROM (VALUES
    ('exercise_types_builtin_slug', 'CREATE UNIQUE INDEX exercise_types_builtin_slug ON exbuddy.exercise_types USING btree (slug) WHERE (user_id IS NULL)'),
    ('exercise_types_builtin_name', 'CREATE UNIQUE INDEX exercise_types_builtin_name ON exbuddy.exercise_types USING btree (lower(name)) WHERE (user_id IS NULL)'),
    ('exercise_types_own_slug', 'CREATE UNIQUE INDEX exercise_types_own_slug ON exbuddy.exercise_types USING btree (user_id, slug) WHERE (user_id IS NOT NULL)'),
    ('exercise_types_own_name', 'CREATE UNIQUE INDEX exercise_types_own_name ON exbuddy.exercise_types USING btree (user_id, lower(name)) WHERE (user_id IS NOT NULL)')
  ) AS x(i, d);

SELECT results_eq(
    $$SELECT slug, name, measure, met FROM exbuddy.exercise_types
      WHERE slug IN ('push-up', 'jump-rope') ORDER BY slug$$,
    $$VALUES ('jump-rope'::text, 'Jump rope'::text, 'time'::text, 11.8::numeric),
             ('push-up', 'Push-up', 'reps', 3.8)$$,
    'seed rows push-up (reps, 3.8 MET) and jump-rope (time, 11.8 MET) exist');
SELECT ok((SELECT bool_and(char_length(description) BETWEEN 10 AND 500)
             FROM exbuddy.exercise_types WHERE slug IN ('push-up', 'jump-rope')),
          'seed rows have a description');

-- workouts ---------------------------------------------------------------------

SELECT columns_are('exbuddy', 'workouts', ARRAY['id', 'user_id',
    'exercise_type_id', 'performed_at', 'reps', 'duration_seconds', 'calories',
    'calories_estimated', 'note', 'created_at', 'updated_at',
    'submission_id',    -- migration 003
    'set_count', 'best_set_reps', 'best_set_seconds', 'max_load_kg',
    'volume_kg',        -- migration 006
    'set_list']);       -- migration 022
SELECT col_is_pk('exbuddy', 'workouts', 'id', 'workouts.id is the primary key');
SELECT col_type_is('exbuddy', 'workouts', 'id', 'uuid', 'workouts.id is uuid');
SELECT col_type_is('exbuddy', 'workouts', 'user_id', 'uuid', 'workouts.user_id is uuid');
SELECT col_type_is('exbuddy', 'workouts', 'exercise_type_id', 'uuid', 'workouts.exercise_type_id is uuid');
SELECT col_type_is('exbuddy', 'workouts', 'set_list', 'text', 'workouts.set_list is text');
SELECT col_is_null('exbuddy', 'workouts', 'set_list', 'workouts.set_list is nullable (NULL: read the set rows)');
SELECT col_type_is('exbuddy', 'workouts', 'performed_at', 'timestamp with time zone', 'workouts.performed_at is timestamp with time zone');
SELECT col_type_is('exbuddy', 'workouts', 'reps', 'integer', 'workouts.reps is integer');
SELECT col_default_is('exbuddy', 'workouts', 'reps', '0', 'workouts.reps defaults to 0');
SELECT col_type_is('exbuddy', 'workouts', 'duration_seconds', 'integer', 'workouts.duration_seconds is integer');
SELECT col_default_is('exbuddy', 'workouts', 'duration_seconds', '0', 'workouts.duration_seconds defaults to 0');
SELECT col_type_is('exbuddy', 'workouts', 'calories', 'numeric(8,1)', 'workouts.calories is numeric(8,1)');
SELECT col_is_null('exbuddy', 'workouts', 'calories', 'workouts.calories is nullable');
SELECT col_type_is('exbuddy', 'workouts', 'calories_estimated', 'boolean', 'workouts.calories_estimated is boolean');
SELECT col_default_is('exbuddy', 'workouts', 'calories_estimated', 'false', 'workouts.calories_estimated defaults to false');
SELECT col_is_null('exbuddy', 'workouts', 'note', 'workouts.note is nullable');
SELECT col_not_null('exbuddy', 'workouts', c, 'workouts.' || c || ' is NOT NULL')
  FROM unnest(ARRAY['id', 'user_id', 'exercise_type_id', 'performed_at', 'reps',
                    'duration_seconds', 'calories_estimated', 'created_at',
                    'updated_at']) AS c;
SELECT fk_ok('exbuddy', 'workouts', 'user_id', 'exbuddy', 'users', 'id');
SELECT fk_ok('exbuddy', 'workouts', 'exercise_type_id', 'exbuddy', 'exercise_types', 'id');
SELECT has_index('exbuddy', 'workouts', 'workouts_user_time',
                 ARRAY['user_id', 'performed_at', 'id']);
SELECT is(pg_get_indexdef('exbuddy.workouts_user_time'::regclass),
          'CREATE INDEX workouts_user_time ON exbuddy.workouts USING btree (user_id, performed_at DESC, id DESC)',
          'workouts_user_time is (user_id, performed_at DESC, id DESC)');
SELECT has_trigger('exbuddy', 'workouts', 'workouts_touch_updated_at', 'trigger workouts_touch_updated_at on workouts');
SELECT is(pg_get_indexdef('exbuddy.workouts_user_submission'::regclass),
          'CREATE UNIQUE INDEX workouts_user_submission ON exbuddy.workouts USING btree (user_id, submission_id) WHERE (submission_id IS NOT NULL)',
          'workouts_user_submission is partial (006): no lookup by user alone can take it');
SELECT col_type_is('exbuddy', 'workouts', 'max_load_kg', 'numeric(7,2)', 'workouts.max_load_kg is numeric(7,2)');
SELECT col_type_is('exbuddy', 'workouts', 'volume_kg', 'numeric(12,2)', 'workouts.volume_kg is numeric(12,2)');
SELECT col_default_is('exbuddy', 'workouts', 'set_count', '1', 'workouts.set_count defaults to 1');
SELECT has_trigger('exbuddy', 'workouts', t, 'trigger ' || t || ' on workouts')
  FROM unnest(ARRAY['workouts_exercise_visible_insert', 'workouts_exercise_visible_update']) AS t;

-- workout_sets and body_weights (006) ------------------------------------------

SELECT columns_are('exbuddy', 'workout_sets', ARRAY['workout_id', 'user_id',
    'position', 'reps', 'duration_seconds', 'load_kg']);
SELECT col_is_pk('exbuddy', 'workout_sets', ARRAY['workout_id', 'position'], 'workout_sets: (workout_id, position) is the primary key');
SELECT fk_ok('exbuddy', 'workout_sets', ARRAY['workout_id', 'user_id'], 'exbuddy', 'workouts', ARRAY['id', 'user_id']);
SELECT col_type_is('exbuddy', 'workout_sets', 'load_kg', 'numeric(7,2)', 'workout_sets.load_kg is numeric(7,2)');
SELECT col_is_null('exbuddy', 'workout_sets', 'load_kg', 'workout_sets.load_kg is nullable (no load)');
SELECT columns_are('exbuddy', 'body_weights', ARRAY['user_id', 'day',
    'weight_kg', 'created_at', 'updated_at']);
SELECT col_is_pk('exbuddy', 'body_weights', ARRAY['user_id', 'day'], 'body_weights: (user_id, day) is the primary key');
SELECT col_type_is('exbuddy', 'body_weights', 'weight_kg', 'numeric(6,2)', 'body_weights.weight_kg is numeric(6,2) (kg to 0.01: pounds round-trip)');
SELECT has_trigger('exbuddy', 'body_weights', 'body_weights_touch_updated_at', 'trigger body_weights_touch_updated_at on body_weights');

-- sessions ---------------------------------------------------------------------

SELECT columns_are('exbuddy', 'sessions', ARRAY['id', 'user_id', 'token_hash',
    'csrf_secret', 'created_at', 'last_seen_at', 'ip', 'user_agent',
    'flash']);  -- flash: migration 002
SELECT col_is_pk('exbuddy', 'sessions', 'id', 'sessions.id is the primary key');
SELECT col_type_is('exbuddy', 'sessions', 'token_hash', 'bytea', 'sessions.token_hash is bytea');
SELECT col_type_is('exbuddy', 'sessions', 'csrf_secret', 'bytea', 'sessions.csrf_secret is bytea');
SELECT col_type_is('exbuddy', 'sessions', 'last_seen_at', 'timestamp with time zone', 'sessions.last_seen_at is timestamp with time zone');
SELECT col_type_is('exbuddy', 'sessions', 'ip', 'inet', 'sessions.ip is inet');
SELECT col_is_null('exbuddy', 'sessions', 'ip', 'sessions.ip is nullable');
SELECT col_is_null('exbuddy', 'sessions', 'user_agent', 'sessions.user_agent is nullable');
SELECT col_not_null('exbuddy', 'sessions', c, 'sessions.' || c || ' is NOT NULL')
  FROM unnest(ARRAY['id', 'user_id', 'token_hash', 'csrf_secret', 'created_at',
                    'last_seen_at']) AS c;
SELECT col_is_unique('exbuddy', 'sessions', 'token_hash', 'sessions.token_hash is unique');
SELECT fk_ok('exbuddy', 'sessions', 'user_id', 'exbuddy', 'users', 'id');
SELECT has_index('exbuddy', 'sessions', 'sessions_user_id', ARRAY['user_id']);

-- audit_log --------------------------------------------------------------------

SELECT columns_are('exbuddy', 'audit_log', ARRAY['id', 'user_id', 'event', 'ip',
    'detail', 'created_at', 'login_key']);  -- login_key: migration 009
SELECT col_is_pk('exbuddy', 'audit_log', 'id', 'audit_log.id is the primary key');
SELECT col_type_is('exbuddy', 'audit_log', 'id', 'bigint', 'audit_log.id is bigint');
SELECT is((SELECT attidentity FROM pg_attribute
            WHERE attrelid = 'exbuddy.audit_log'::regclass AND attname = 'id'),
          'a'::"char", 'audit_log.id is GENERATED ALWAYS AS IDENTITY');
SELECT col_is_null('exbuddy', 'audit_log', 'user_id', 'audit_log.user_id is nullable');
SELECT col_not_null('exbuddy', 'audit_log', 'event', 'audit_log.event is NOT NULL');
SELECT col_not_null('exbuddy', 'audit_log', 'created_at', 'audit_log.created_at is NOT NULL');
SELECT fk_ok('exbuddy', 'audit_log', 'user_id', 'exbuddy', 'users', 'id');
SELECT has_index('exbuddy', 'audit_log', 'audit_log_user_time', ARRAY['user_id', 'created_at']);

-- Foreign key actions ------------------------------------------------------------

SELECT results_eq(
    $$SELECT (SELECT relname::text COLLATE "default" FROM pg_class WHERE oid = conrelid), confdeltype::text FROM pg_constraint
      WHERE contype = 'f' AND connamespace = 'exbuddy'::regnamespace
      ORDER BY 1, 2$$,
    $$VALUES ('activity_runs', 'c'), ('audit_log', 'c'), ('body_weights', 'c'), ('daily_totals', 'c'),
             ('exercise_records', 'c'), ('exercise_totals', 'c'), ('exercise_types', 'c'),
             ('goals', 'c'), ('goals', 'c'), ('invites', 'n'), ('month_totals', 'c'),
             ('record_versions', 'c'), ('sessions', 'c'), ('user_activity', 'c'), ('user_days', 'c'),
             ('workout_sets', 'c'), ('workouts', 'a'), ('workouts', 'c')$$,
    'FKs to users cascade on delete (goals: to exercise_types too, 004; sets with their workout, 006; the daily totals, 010; the totals and runs, 012; the kept records and their numbers, 017; the months and days, 018); invites.used_by: SET NULL (015); workouts -> exercise_types: NO ACTION, checked at the end of the statement (006)');

-- Functions ----------------------------------------------------------------------

SELECT has_function('exbuddy', 'current_user_id', ARRAY[]::name[]);
SELECT function_returns('exbuddy', 'current_user_id', ARRAY[]::name[], 'uuid');
SELECT volatility_is('exbuddy', 'current_user_id', ARRAY[]::name[], 'stable');
SELECT isnt_definer('exbuddy', 'current_user_id', ARRAY[]::name[]);
SELECT has_function('exbuddy', 'is_timezone', ARRAY['text']);
SELECT function_returns('exbuddy', 'is_timezone', ARRAY['text'], 'boolean');
SELECT volatility_is('exbuddy', 'is_timezone', ARRAY['text'], 'immutable');
SELECT isnt_definer('exbuddy', 'is_timezone', ARRAY['text']);
SELECT has_function('exbuddy', 'touch_updated_at', ARRAY[]::name[]);
SELECT hasnt_function('exbuddy', 'exercise_label', ARRAY['text', 'uuid'],
    'exercise_label is gone: nothing called it (023)');

-- Behaviour of the helpers.
SELECT ok(exbuddy.is_timezone('UTC'), 'is_timezone(UTC)');
SELECT ok(exbuddy.is_timezone('Europe/Berlin'), 'is_timezone(Europe/Berlin)');
SELECT ok(exbuddy.is_timezone('America/Argentina/Buenos_Aires'), 'is_timezone(America/Argentina/Buenos_Aires)');
SELECT ok(exbuddy.is_timezone('Etc/GMT+3'), 'is_timezone(Etc/GMT+3)');
SELECT ok(NOT exbuddy.is_timezone(''), 'is_timezone rejects the empty string');
SELECT ok(NOT exbuddy.is_timezone(NULL), 'is_timezone rejects NULL');
SELECT ok(NOT exbuddy.is_timezone('Mars/Olympus_Mons'), 'is_timezone rejects an unknown zone');
SELECT ok(NOT exbuddy.is_timezone('PDT'), 'is_timezone rejects an abbreviation');
SELECT ok(NOT exbuddy.is_timezone('+05:30'), 'is_timezone rejects an offset string');
SELECT ok(NOT exbuddy.is_timezone('Europe/Berlin; DROP'), 'is_timezone rejects odd characters');
SELECT ok(NOT exbuddy.is_timezone(repeat('A', 65)), 'is_timezone rejects over-long input');
SELECT is((SELECT count(*) FROM pg_timezone_names WHERE NOT exbuddy.is_timezone(name)),
          0::bigint, 'is_timezone accepts every name in pg_timezone_names');
SET LOCAL TimeZone = 'Asia/Tokyo';
SELECT ok(exbuddy.is_timezone('America/New_York') AND NOT exbuddy.is_timezone('Nowhere/Land'),
          'is_timezone works with a non-UTC session time zone');
SELECT is(current_setting('TimeZone'), 'Asia/Tokyo', 'is_timezone leaves the session TimeZone alone');

SET LOCAL app.user_id = '';
SELECT is(exbuddy.current_user_id(), NULL, 'current_user_id() is NULL for an empty app.user_id');
SET LOCAL app.user_id = '0b7d2c1e-7f1a-4c4e-9a55-3d1f0a9e6b21';
SELECT is(exbuddy.current_user_id(), '0b7d2c1e-7f1a-4c4e-9a55-3d1f0a9e6b21'::uuid,
          'current_user_id() returns app.user_id as uuid');
SET LOCAL app.user_id = 'not-a-uuid';
SELECT throws_ok('SELECT exbuddy.current_user_id()', '22P02', NULL,
                 'current_user_id() rejects a malformed app.user_id');

SELECT * FROM finish();
ROLLBACK;
