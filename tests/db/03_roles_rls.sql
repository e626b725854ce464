-- 03_roles_rls.sql — pgTAP: roles, ownership, grants and row level security
-- of migration 001, exercised as the app role the server logs in as.
--
-- Runs as superuser postgres; switches with SET LOCAL ROLE exbuddy_app and
-- back with RESET ROLE. Everything is rolled back at the end.
--
-- User A = aaaaaaaa-…, user B = bbbbbbbb-…

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(129);

-- pgTAP keeps its state in temp tables created by plan(); the roles we
-- switch to must be able to write them.
GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO exbuddy_app, exbuddy_owner;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq
    TO exbuddy_app, exbuddy_owner;

-- Number of rows a DML statement affected (data-modifying CTEs cannot run
-- inside pgTAP's cursors). Runs with the caller's rights.
CREATE FUNCTION pg_temp.affected(stmt text) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE stmt;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.affected(text) TO exbuddy_app;

-- Fixtures (as superuser, which bypasses RLS) ----------------------------------

INSERT INTO exbuddy.users (id, email, username, password_hash) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@example.org', 'alice', '$argon2id$v=19$a'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@example.org', 'bob',   '$argon2id$v=19$b');

INSERT INTO exbuddy.workouts (id, user_id, exercise_type_id, performed_at, reps, duration_seconds)
SELECT w.id::uuid, w.user_id::uuid, t.id, w.at::timestamptz, w.reps, w.secs
  FROM (VALUES
        ('a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'push-up',   '2024-05-01 07:00+00', 20, 0),
        ('a0000000-0000-4000-8000-000000000002', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'jump-rope', '2024-05-02 07:00+00', 0, 300),
        ('b0000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'push-up',   '2024-05-01 08:00+00', 30, 0)
       ) AS w(id, user_id, slug, at, reps, secs)
  JOIN exbuddy.exercise_types t ON t.slug = w.slug;

-- 006: B's own exercise, a set and a body weight.
INSERT INTO exbuddy.exercise_types (id, user_id, slug, name, measure, met, seconds_per_rep) VALUES
    ('be000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
     'bench-press', 'Bench press', 'reps_weight', 5.0, 3);
INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, reps, load_kg) VALUES
    ('b0000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 1, 30, 10);
INSERT INTO exbuddy.body_weights (user_id, day, weight_kg) VALUES
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '2024-05-01', 80);

INSERT INTO exbuddy.sessions (id, user_id, token_hash, csrf_secret) VALUES
    ('a5000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', sha256('ta'), sha256('ca')),
    ('b5000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', sha256('tb'), sha256('cb'));

INSERT INTO exbuddy.audit_log (user_id, event) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'signup'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'signup'),
    (NULL, 'login_failed');

-- Snapshot of B's rows, to prove later that A could not touch them.
CREATE TEMP TABLE b_before ON COMMIT DROP AS
SELECT 'users' AS t, to_jsonb(u) AS r FROM exbuddy.users u WHERE id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
UNION ALL SELECT 'workouts', to_jsonb(w) FROM exbuddy.workouts w WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
UNION ALL SELECT 'sessions', to_jsonb(s) FROM exbuddy.sessions s WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
UNION ALL SELECT 'audit_log', to_jsonb(l) FROM exbuddy.audit_log l WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' OR user_id IS NULL
UNION ALL SELECT 'exercise_types', to_jsonb(e) FROM exbuddy.exercise_types e WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' OR user_id IS NULL
UNION ALL SELECT 'workout_sets', to_jsonb(s) FROM exbuddy.workout_sets s WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
UNION ALL SELECT 'body_weights', to_jsonb(b) FROM exbuddy.body_weights b WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

-- Roles ------------------------------------------------------------------------------

SELECT has_role('exbuddy_owner');
SELECT has_role('exbuddy_app');
SELECT isnt_superuser('exbuddy_app');
SELECT isnt_superuser('exbuddy_owner');
SELECT results_eq(
    $$SELECT rolcanlogin, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication
        FROM pg_roles WHERE rolname = 'exbuddy_app'$$,
    $$VALUES (true, false, false, false, false)$$,
    'exbuddy_app: LOGIN, no CREATEDB, CREATEROLE, BYPASSRLS or REPLICATION');
SELECT results_eq(
    $$SELECT rolcanlogin, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication
        FROM pg_roles WHERE rolname = 'exbuddy_owner'$$,
    $$VALUES (false, false, false, false, false)$$,
    'exbuddy_owner: NOLOGIN, no CREATEDB, CREATEROLE, BYPASSRLS or REPLICATION');
SELECT is((SELECT count(*) FROM pg_auth_members WHERE member = 'exbuddy_app'::regrole),
          0::bigint, 'exbuddy_app is a member of no role');
SELECT ok(NOT pg_has_role('exbuddy_app', 'exbuddy_owner', 'MEMBER'),
          'exbuddy_app cannot SET ROLE exbuddy_owner');

-- Ownership ---------------------------------------------------------------------------

SELECT is((SELECT count(*) FROM pg_class     WHERE relowner = 'exbuddy_app'::regrole), 0::bigint, 'exbuddy_app owns no relation');
SELECT is((SELECT count(*) FROM pg_proc      WHERE proowner = 'exbuddy_app'::regrole), 0::bigint, 'exbuddy_app owns no function');
SELECT is((SELECT count(*) FROM pg_namespace WHERE nspowner = 'exbuddy_app'::regrole), 0::bigint, 'exbuddy_app owns no schema');
SELECT is((SELECT count(*) FROM pg_type      WHERE typowner = 'exbuddy_app'::regrole), 0::bigint, 'exbuddy_app owns no type');
SELECT is((SELECT count(*) FROM pg_database  WHERE datdba   = 'exbuddy_app'::regrole), 0::bigint, 'exbuddy_app owns no database');
SELECT is((SELECT count(*) FROM pg_class WHERE relnamespace = 'exbuddy'::regnamespace
                                           AND relowner <> 'exbuddy_owner'::regrole),
          0::bigint, 'every relation in schema exbuddy is owned by exbuddy_owner');
-- (Migration 002's SECURITY DEFINER auth_* functions belong to exbuddy_auth;
-- tests/db/04_auth_functions.sql checks them.)
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'exbuddy'::regnamespace
                                          AND proowner <> 'exbuddy_owner'::regrole
                                          AND NOT (proowner = 'exbuddy_auth'::regrole
                                                   AND proname LIKE 'auth\_%')),
          0::bigint, 'every function in schema exbuddy but the auth_* ones is owned by exbuddy_owner');
SELECT is((SELECT count(*) FROM pg_type WHERE typnamespace = 'exbuddy'::regnamespace
                                          AND typowner <> 'exbuddy_owner'::regrole),
          0::bigint, 'every type in schema exbuddy is owned by exbuddy_owner');

-- Privileges ----------------------------------------------------------------------------

SELECT schema_privs_are('exbuddy', 'exbuddy_app', ARRAY['USAGE']);
SELECT is((SELECT count(*) FROM pg_namespace n, aclexplode(n.nspacl) a
            WHERE n.nspname = 'exbuddy' AND a.grantee = 0),
          0::bigint, 'PUBLIC has no privilege on schema exbuddy');
SELECT table_privs_are('exbuddy', 'exercise_types', 'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
SELECT table_privs_are('exbuddy', 'workout_sets', 'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
SELECT table_privs_are('exbuddy', 'body_weights', 'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
SELECT table_privs_are('exbuddy', 'users',     'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
SELECT table_privs_are('exbuddy', 'workouts',  'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
SELECT table_privs_are('exbuddy', 'sessions',  'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
SELECT table_privs_are('exbuddy', 'audit_log', 'exbuddy_app', ARRAY['SELECT', 'INSERT']);
SELECT is((SELECT count(*) FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.relnamespace = 'exbuddy'::regnamespace AND a.grantee = 0),
          0::bigint, 'PUBLIC has no privilege on any table or sequence in exbuddy');
SELECT is((SELECT count(*) FROM pg_attribute t, aclexplode(t.attacl) a
            WHERE t.attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'exbuddy'::regnamespace)
              AND a.grantee IN (0, 'exbuddy_app'::regrole)),
          0::bigint, 'no column-level grants to exbuddy_app or PUBLIC');
SELECT function_privs_are('exbuddy', 'is_timezone', ARRAY['text'], 'exbuddy_app', ARRAY['EXECUTE']);
SELECT function_privs_are('exbuddy', 'current_user_id', ARRAY[]::name[], 'exbuddy_app', ARRAY['EXECUTE']);
SELECT is((SELECT count(*) FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            WHERE p.pronamespace = 'exbuddy'::regnamespace AND a.grantee = 0),
          0::bigint, 'PUBLIC may execute no function in exbuddy');
SELECT ok(NOT has_schema_privilege('exbuddy_app', 'exbuddy', 'CREATE'), 'exbuddy_app has no CREATE on schema exbuddy');
SELECT ok(NOT has_database_privilege('exbuddy_app', current_database(), 'CREATE'), 'exbuddy_app has no CREATE on the database');

-- Row level security: enabled, forced, policies ---------------------------------------------

SELECT results_eq(
    $$SELECT relname::text COLLATE "default", relrowsecurity, relforcerowsecurity FROM pg_class c
       WHERE relnamespace = 'exbuddy'::regnamespace AND relkind = 'r'
         AND (relname = 'users' OR EXISTS (SELECT 1 FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped))
       ORDER BY 1$$,
    $$VALUES ('activity_runs', true, true), ('audit_log', true, true), ('body_weights', true, true),
             ('daily_totals', true, true), ('exercise_records', true, true),
             ('exercise_totals', true, true),
             ('exercise_types', true, true), ('goals', true, true), ('month_totals', true, true),
             ('record_versions', true, true),
             ('sessions', true, true),
             ('user_activity', true, true), ('user_days', true, true),
             ('users', true, true), ('workout_sets', true, true), ('workouts', true, true)$$,
    'RLS is enabled AND forced on users and on every table with a user_id');
-- The *_auth* policies (for exbuddy_auth) come from migration 002.
SELECT policies_are('exbuddy', 'users', ARRAY['users_select', 'users_insert', 'users_update', 'users_delete',
                                              'users_auth']);
SELECT policies_are('exbuddy', 'workouts', ARRAY['workouts_own']);
SELECT policies_are('exbuddy', 'exercise_types', ARRAY['exercise_types_read', 'exercise_types_insert',
                                                       'exercise_types_update', 'exercise_types_delete']);
SELECT policies_are('exbuddy', 'sessions', ARRAY['sessions_own', 'sessions_auth_select',
                                                 'sessions_auth_update', 'sessions_auth_delete']);
SELECT policies_are('exbuddy', 'audit_log', ARRAY['audit_log_select', 'audit_log_insert',
                                                  'audit_log_auth_select', 'audit_log_auth_insert']);
SELECT results_eq(
    $$SELECT tablename::text COLLATE "default", policyname::text COLLATE "default", cmd COLLATE "default",
             array_to_string(roles, ',') COLLATE "default"
        FROM pg_policies WHERE schemaname = 'exbuddy' ORDER BY 1, 2$$,
    $$VALUES ('activity_runs', 'activity_runs_own', 'ALL',  'exbuddy_app'),
             ('audit_log', 'audit_log_auth_insert', 'INSERT', 'exbuddy_auth'),
             ('audit_log', 'audit_log_auth_select', 'SELECT', 'exbuddy_auth'),
             ('audit_log', 'audit_log_insert',      'INSERT', 'exbuddy_app'),
             ('audit_log', 'audit_log_select',      'SELECT', 'exbuddy_app'),
             ('body_weights', 'body_weights_own',   'ALL',    'exbuddy_app'),
             ('daily_totals', 'daily_totals_own',   'ALL',    'exbuddy_app'),
             ('exercise_records', 'exercise_records_own', 'ALL', 'exbuddy_app'),
             ('exercise_totals', 'exercise_totals_own', 'ALL', 'exbuddy_app'),
             ('exercise_types', 'exercise_types_delete', 'DELETE', 'exbuddy_app'),
             ('exercise_types', 'exercise_types_insert', 'INSERT', 'exbuddy_app'),
             ('exercise_types', 'exercise_types_read',   'SELECT', 'exbuddy_app'),
             ('exercise_types', 'exercise_types_update', 'UPDATE', 'exbuddy_app'),
             ('goals',     'goals_own',             'ALL',    'exbuddy_app'),
             ('invites',   'invites_auth_select',   'SELECT', 'exbuddy_auth'),
             ('invites',   'invites_auth_update',   'UPDATE', 'exbuddy_auth'),
             ('month_totals', 'month_totals_own',   'ALL',    'exbuddy_app'),
             ('record_versions', 'record_versions_own', 'ALL', 'exbuddy_app'),
             ('sessions',  'sessions_auth_delete',  'DELETE', 'exbuddy_auth'),
             ('sessions',  'sessions_auth_select',  'SELECT', 'exbuddy_auth'),
             ('sessions',  'sessions_auth_update',  'UPDATE', 'exbuddy_auth'),
             ('sessions',  'sessions_own',          'ALL',    'exbuddy_app'),
             ('user_activity', 'user_activity_own', 'ALL',   'exbuddy_app'),
             ('user_days', 'user_days_own',         'ALL',    'exbuddy_app'),
             ('users',     'users_auth',            'SELECT', 'exbuddy_auth'),
             ('users',     'users_delete',          'DELETE', 'exbuddy_app'),
             ('users',     'users_insert',          'INSERT', 'exbuddy_app'),
             ('users',     'users_select',          'SELECT', 'exbuddy_app'),
             ('users',     'users_update',          'UPDATE', 'exbuddy_app'),
             ('workout_sets', 'workout_sets_own',   'ALL',    'exbuddy_app'),
             ('workouts',  'workouts_own',          'ALL',    'exbuddy_app')$$,
    'policies: commands and roles (exbuddy_app; exbuddy_auth from 002; goals from 004; exercises, sets, body weights from 006; daily totals from 010; the totals and runs from 012; the months and days from 018), all permissive');
SELECT is((SELECT count(*) FROM pg_policies WHERE schemaname = 'exbuddy' AND permissive <> 'PERMISSIVE'),
          0::bigint, 'no restrictive policies');

-- As the app role, without app.user_id ----------------------------------------------------------

SET LOCAL ROLE exbuddy_app;

SELECT is(current_user::text, 'exbuddy_app', 'now running as exbuddy_app');
SELECT is(exbuddy.current_user_id(), NULL, 'no app.user_id: current_user_id() is NULL');
SELECT is_empty('SELECT 1 FROM exbuddy.users',     'no app.user_id: users shows no row');
SELECT is_empty('SELECT 1 FROM exbuddy.workouts',  'no app.user_id: workouts shows no row');
SELECT is_empty('SELECT 1 FROM exbuddy.sessions',  'no app.user_id: sessions shows no row');
SELECT is_empty('SELECT 1 FROM exbuddy.audit_log', 'no app.user_id: audit_log shows no row');
SELECT is_empty('SELECT 1 FROM exbuddy.workout_sets', 'no app.user_id: workout_sets shows no row');
SELECT is_empty('SELECT 1 FROM exbuddy.body_weights', 'no app.user_id: body_weights shows no row');
SELECT is_empty('SELECT 1 FROM exbuddy.exercise_types WHERE user_id IS NOT NULL',
    'no app.user_id: no user''s own exercise shows');
SELECT is(pg_temp.affected($$UPDATE exbuddy.workouts SET reps = reps + 1$$), 0::bigint,
          'no app.user_id: UPDATE of workouts affects no row');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.sessions$$), 0::bigint,
          'no app.user_id: DELETE of sessions affects no row');
SELECT throws_ok($$INSERT INTO exbuddy.users (email, username, password_hash)
                   VALUES ('c@example.org', 'carol', '$argon2id$v=19$c')$$, '42501',
    'new row violates row-level security policy for table "users"',
    'no app.user_id: cannot INSERT a user');
SELECT throws_ok($$INSERT INTO exbuddy.audit_log (user_id, event) VALUES (NULL, 'login_failed')$$, '42501',
    'new row violates row-level security policy for table "audit_log"',
    'no app.user_id: cannot INSERT an audit row without a user');
SELECT ok((SELECT count(*) FROM exbuddy.exercise_types WHERE slug IN ('push-up', 'jump-rope')) = 2,
          'exercise_types is readable without app.user_id');
SELECT ok(exbuddy.is_timezone('Europe/Paris'), 'exbuddy_app can execute is_timezone()');

-- No DDL, no TRUNCATE, no writes to reference data, no escalation.
SELECT throws_ok('CREATE TABLE exbuddy.evil (i int)', '42501', NULL, 'exbuddy_app cannot create a table in exbuddy');
SELECT throws_ok('CREATE FUNCTION exbuddy.evil() RETURNS int LANGUAGE sql AS ''SELECT 1''', '42501', NULL,
                 'exbuddy_app cannot create a function in exbuddy');
SELECT throws_ok('CREATE VIEW exbuddy.evil AS SELECT 1', '42501', NULL, 'exbuddy_app cannot create a view in exbuddy');
SELECT throws_ok('CREATE TABLE public.evil (i int)', '42501', NULL, 'exbuddy_app cannot create a table in public');
SELECT throws_ok('TRUNCATE exbuddy.users CASCADE', '42501', NULL, 'exbuddy_app cannot TRUNCATE users');
SELECT throws_ok('TRUNCATE exbuddy.workouts', '42501', NULL, 'exbuddy_app cannot TRUNCATE workouts');
SELECT throws_ok('TRUNCATE exbuddy.sessions', '42501', NULL, 'exbuddy_app cannot TRUNCATE sessions');
SELECT throws_ok('TRUNCATE exbuddy.audit_log', '42501', NULL, 'exbuddy_app cannot TRUNCATE audit_log');
SELECT throws_ok('TRUNCATE exbuddy.exercise_types CASCADE', '42501', NULL, 'exbuddy_app cannot TRUNCATE exercise_types');
SELECT throws_ok($$INSERT INTO exbuddy.exercise_types (slug, name, description, measure, met, compendium_code, seconds_per_rep)
                   VALUES ('squat', 'Squat', 'x', 'reps', 5, '02022', 2)$$, '42501',
                 'new row violates row-level security policy for table "exercise_types"',
                 'exbuddy_app cannot INSERT a built-in exercise');
SELECT is(pg_temp.affected($$UPDATE exbuddy.exercise_types SET met = 1$$), 0::bigint,
          'exbuddy_app''s UPDATE of the built-in exercises affects no row');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.exercise_types$$), 0::bigint,
          'exbuddy_app''s DELETE of the built-in exercises affects no row');
SELECT throws_ok('ALTER TABLE exbuddy.workouts DISABLE ROW LEVEL SECURITY', '42501', NULL,
                 'exbuddy_app cannot disable RLS');
SELECT throws_ok('DROP POLICY workouts_own ON exbuddy.workouts', '42501', NULL,
                 'exbuddy_app cannot drop a policy');
-- (SET ROLE cannot be tested here: it checks the SESSION user, which is the
-- superuser running these tests. Membership is checked above and below.)

SET LOCAL app.user_id = 'not-a-uuid';
SELECT throws_ok('SELECT 1 FROM exbuddy.workouts', '22P02', NULL,
                 'a malformed app.user_id is an error, not a wildcard');

-- As the app role acting for user A ------------------------------------------------------------------

SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

SELECT results_eq('SELECT id FROM exbuddy.users',
    $$VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid)$$, 'A sees only their own user row');
SELECT results_eq('SELECT id FROM exbuddy.workouts ORDER BY id',
    $$VALUES ('a0000000-0000-4000-8000-000000000001'::uuid), ('a0000000-0000-4000-8000-000000000002')$$,
    'A sees only their own workouts');
SELECT results_eq('SELECT id FROM exbuddy.sessions',
    $$VALUES ('a5000000-0000-4000-8000-000000000001'::uuid)$$, 'A sees only their own sessions');
SELECT results_eq('SELECT user_id, event FROM exbuddy.audit_log',
    $$VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, 'signup'::text)$$,
    'A sees only their own audit rows (not B''s, not user-less ones)');
SELECT is_empty($$SELECT 1 FROM exbuddy.workouts WHERE id = 'b0000000-0000-4000-8000-000000000001'$$,
    'A cannot read B''s workout by id');
SELECT is_empty($$SELECT 1 FROM exbuddy.users WHERE lower(email) = 'b@example.org'$$,
    'A cannot look B up by email');

SELECT is_empty($$SELECT 1 FROM exbuddy.exercise_types WHERE user_id IS NOT NULL$$,
    'A does not see B''s own exercise');
SELECT is_empty($$SELECT 1 FROM exbuddy.workout_sets$$, 'A does not see B''s sets');
SELECT is_empty($$SELECT 1 FROM exbuddy.body_weights$$, 'A does not see B''s body weights');

-- Inserting rows for B.
SELECT throws_ok($$INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met)
                   VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'plank', 'Plank', 'time', 3)$$, '42501',
    'new row violates row-level security policy for table "exercise_types"',
    'A cannot INSERT an exercise for B');
SELECT throws_ok($$INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, reps)
                   VALUES ('b0000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 2, 5)$$, '42501',
    'new row violates row-level security policy for table "workout_sets"',
    'A cannot INSERT a set into B''s workout');
SELECT throws_ok($$INSERT INTO exbuddy.body_weights (user_id, day, weight_kg)
                   VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '2024-05-02', 90)$$, '42501',
    'new row violates row-level security policy for table "body_weights"',
    'A cannot INSERT a body weight for B');
SELECT throws_ok($$INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps)
                   VALUES (exbuddy.current_user_id(), 'be000000-0000-4000-8000-000000000001', date_trunc('second', now()), 1)$$, '23503',
    'an exercise of another user',
    'A cannot log a workout of B''s exercise (invisible to A, found by the foreign key)');
SELECT throws_ok($$INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps)
                   SELECT 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', id, date_trunc('second', now()), 1
                     FROM exbuddy.exercise_types WHERE slug = 'push-up'$$, '42501',
    'new row violates row-level security policy for table "workouts"',
    'A cannot INSERT a workout for B');
SELECT throws_ok($$INSERT INTO exbuddy.sessions (user_id, token_hash, csrf_secret)
                   VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', sha256('x'), sha256('y'))$$, '42501',
    'new row violates row-level security policy for table "sessions"',
    'A cannot INSERT a session for B');
SELECT throws_ok($$INSERT INTO exbuddy.audit_log (user_id, event)
                   VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'login')$$, '42501',
    'new row violates row-level security policy for table "audit_log"',
    'A cannot INSERT an audit row for B');
SELECT throws_ok($$INSERT INTO exbuddy.audit_log (user_id, event) VALUES (NULL, 'login')$$, '42501',
    'new row violates row-level security policy for table "audit_log"',
    'A cannot INSERT an audit row without a user');
SELECT throws_ok($$INSERT INTO exbuddy.users (id, email, username, password_hash)
                   VALUES ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'c@example.org', 'carol', '$argon2id$v=19$c')$$,
    '42501', 'new row violates row-level security policy for table "users"',
    'A cannot INSERT a user with another id');

-- Changing B's rows affects nothing.
SELECT is(pg_temp.affected($$UPDATE exbuddy.users SET email = 'pwned@example.org'
                               WHERE id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$),
          0::bigint, 'A''s UPDATE of B''s user row affects 0 rows');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.users WHERE id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$),
          0::bigint, 'A''s DELETE of B''s user row affects 0 rows');
SELECT is(pg_temp.affected($$UPDATE exbuddy.workouts SET reps = 1
                               WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$),
          0::bigint, 'A''s UPDATE of B''s workouts affects 0 rows');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.workouts WHERE id = 'b0000000-0000-4000-8000-000000000001'$$),
          0::bigint, 'A''s DELETE of B''s workout affects 0 rows');
SELECT is(pg_temp.affected($$UPDATE exbuddy.sessions SET last_seen_at = now()
                               WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$),
          0::bigint, 'A''s UPDATE of B''s sessions affects 0 rows');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.sessions WHERE token_hash = sha256('tb')$$),
          0::bigint, 'A''s DELETE of B''s session (by token hash) affects 0 rows');
SELECT is(pg_temp.affected($$UPDATE exbuddy.exercise_types SET name = 'Pwned'$$),
          0::bigint, 'A''s UPDATE of every exercise (built-ins, B''s) affects 0 rows');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.exercise_types WHERE id = 'be000000-0000-4000-8000-000000000001'$$),
          0::bigint, 'A''s DELETE of B''s exercise affects 0 rows');
SELECT is(pg_temp.affected($$UPDATE exbuddy.workout_sets SET reps = 1$$),
          0::bigint, 'A''s UPDATE of B''s sets affects 0 rows');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.body_weights$$),
          0::bigint, 'A''s DELETE of B''s body weights affects 0 rows');

-- Moving one's own rows to B.
SELECT throws_ok($$UPDATE exbuddy.workouts SET user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
                   WHERE id = 'a0000000-0000-4000-8000-000000000001'$$, '42501',
    'new row violates row-level security policy for table "workouts"',
    'A cannot move their workout to B');
SELECT throws_ok($$UPDATE exbuddy.sessions SET user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$, '42501',
    'new row violates row-level security policy for table "sessions"',
    'A cannot move their session to B');
SELECT throws_ok($$UPDATE exbuddy.users SET id = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'$$, '42501',
    'new row violates row-level security policy for table "users"',
    'A cannot change their user id');

-- The audit log is append-only for the app.
SELECT throws_ok($$UPDATE exbuddy.audit_log SET detail = 'x'$$, '42501', NULL, 'A cannot UPDATE audit_log');
SELECT throws_ok($$DELETE FROM exbuddy.audit_log$$, '42501', NULL, 'A cannot DELETE from audit_log');

-- A's own rows work normally.
SELECT lives_ok($$INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps)
                  SELECT exbuddy.current_user_id(), id, date_trunc('second', now()), 15
                    FROM exbuddy.exercise_types WHERE slug = 'push-up'$$,
    'A can INSERT their own workout');
SELECT is(pg_temp.affected($$UPDATE exbuddy.workouts SET note = 'felt good'
                               WHERE id = 'a0000000-0000-4000-8000-000000000001'$$),
          1::bigint, 'A can UPDATE their own workout');
SELECT is(pg_temp.affected($$UPDATE exbuddy.users SET timezone = 'Europe/Berlin', week_start = 0$$),
          1::bigint, 'A can UPDATE their own settings');
SELECT lives_ok($$INSERT INTO exbuddy.audit_log (user_id, event, ip, detail)
                  VALUES (exbuddy.current_user_id(), 'settings_changed', '192.0.2.7', 'timezone')$$,
    'A can INSERT their own audit row');
SELECT lives_ok($$INSERT INTO exbuddy.sessions (user_id, token_hash, csrf_secret, ip, user_agent)
                  VALUES (exbuddy.current_user_id(), sha256('ta2'), sha256('ca2'), '192.0.2.7', 'lynx')$$,
    'A can INSERT their own session');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.sessions WHERE token_hash = sha256('ta')$$),
          1::bigint, 'A can DELETE their own session');
SELECT results_eq('SELECT count(*) FROM exbuddy.workouts', ARRAY[3::bigint],
    'A now sees three workouts');
SELECT lives_ok($$INSERT INTO exbuddy.exercise_types (id, user_id, slug, name, measure, met)
                  VALUES ('ae000000-0000-4000-8000-000000000001', exbuddy.current_user_id(),
                          'plank', 'Plank', 'time', 3)$$,
    'A can INSERT an exercise of their own');
SELECT is(pg_temp.affected($$UPDATE exbuddy.exercise_types SET archived = true
                               WHERE id = 'ae000000-0000-4000-8000-000000000001'$$),
          1::bigint, 'A can UPDATE their own exercise');
SELECT throws_ok($$UPDATE exbuddy.exercise_types SET user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
                   WHERE id = 'ae000000-0000-4000-8000-000000000001'$$, '42501',
    'new row violates row-level security policy for table "exercise_types"',
    'A cannot give their exercise to B');
SELECT lives_ok($$INSERT INTO exbuddy.workouts (id, user_id, exercise_type_id, performed_at, duration_seconds)
                  VALUES ('a0000000-0000-4000-8000-000000000009', exbuddy.current_user_id(),
                          'ae000000-0000-4000-8000-000000000001', date_trunc('second', now()), 60)$$,
    'A can log a workout of their own exercise');
SELECT lives_ok($$INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, duration_seconds)
                  VALUES ('a0000000-0000-4000-8000-000000000009', exbuddy.current_user_id(), 1, 60)$$,
    'A can INSERT a set of their own workout');
SELECT lives_ok($$INSERT INTO exbuddy.body_weights (user_id, day, weight_kg)
                  VALUES (exbuddy.current_user_id(), '2024-05-01', 70)$$,
    'A can INSERT their own body weight on a day B has one too');

-- Signup: a fresh id in app.user_id, then the row with that id ------------------------------

SET LOCAL app.user_id = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
SELECT results_eq($$INSERT INTO exbuddy.users (id, email, username, password_hash)
                    VALUES (exbuddy.current_user_id(), 'c@example.org', 'carol', '$argon2id$v=19$c')
                    RETURNING id$$,
    $$VALUES ('cccccccc-cccc-4ccc-8ccc-cccccccccccc'::uuid)$$,
    'signup: INSERT … RETURNING with id = app.user_id works');
SELECT throws_ok($$INSERT INTO exbuddy.users (id, email, username, password_hash)
                   VALUES ('dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'A@EXAMPLE.ORG', 'dave', '$argon2id$v=19$d')$$,
    '42501', NULL, 'signup for another id is refused by RLS');
SET LOCAL app.user_id = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
SELECT throws_ok($$INSERT INTO exbuddy.users (id, email, username, password_hash)
                   VALUES (exbuddy.current_user_id(), 'A@EXAMPLE.ORG', 'dave', '$argon2id$v=19$d')$$,
    '23505', 'duplicate key value violates unique constraint "users_email_lower_key"',
    'signup with an email taken (in another case) by an invisible user fails with 23505');
SELECT is_empty('SELECT 1 FROM exbuddy.users', 'the failed signup left no row');

-- The owner sees nothing either (RLS is forced, no policy names it) ---------------------

RESET ROLE;
SET LOCAL ROLE exbuddy_owner;
SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SELECT is_empty('SELECT 1 FROM exbuddy.users', 'exbuddy_owner sees no user row (forced RLS)');
SELECT is_empty('SELECT 1 FROM exbuddy.workouts', 'exbuddy_owner sees no workout (forced RLS)');
RESET ROLE;

-- Back as superuser: B's rows are exactly as before -------------------------------------------

SELECT is(current_user::text, 'postgres', 'back to the superuser');
SELECT set_eq(
    $$SELECT 'users' AS t, to_jsonb(u) AS r FROM exbuddy.users u WHERE id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
      UNION ALL SELECT 'workouts', to_jsonb(w) FROM exbuddy.workouts w WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
      UNION ALL SELECT 'sessions', to_jsonb(s) FROM exbuddy.sessions s WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
      UNION ALL SELECT 'audit_log', to_jsonb(l) FROM exbuddy.audit_log l WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' OR user_id IS NULL
      UNION ALL SELECT 'exercise_types', to_jsonb(e) FROM exbuddy.exercise_types e WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' OR user_id IS NULL
      UNION ALL SELECT 'workout_sets', to_jsonb(s) FROM exbuddy.workout_sets s WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
      UNION ALL SELECT 'body_weights', to_jsonb(b) FROM exbuddy.body_weights b WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$,
    'SELECT t, r FROM b_before',
    'B''s users, workouts, sessions, audit rows, exercises, sets and body weights (and user-less audit rows, built-in exercises) are unchanged');
SELECT results_eq(
    $$SELECT timezone, week_start FROM exbuddy.users WHERE id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$,
    $$VALUES ('Europe/Berlin'::text, 0::smallint)$$, 'A''s own settings change was applied');
SELECT is((SELECT count(*) FROM exbuddy.users), 3::bigint, 'exactly A, B and C exist');

-- Account deletion by the app cascades despite forced RLS --------------------------------------

SET LOCAL ROLE exbuddy_app;
SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.users WHERE id = exbuddy.current_user_id()$$),
          1::bigint, 'A can delete their own account');
RESET ROLE;
SELECT results_eq(
    $$SELECT (SELECT count(*) FROM exbuddy.workouts  WHERE user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
             (SELECT count(*) FROM exbuddy.sessions  WHERE user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
             (SELECT count(*) FROM exbuddy.audit_log WHERE user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')$$,
    $$VALUES (0::bigint, 0::bigint, 0::bigint)$$,
    'deleting A (as the app) removed A''s workouts, sessions and audit rows');
SELECT results_eq(
    $$SELECT (SELECT count(*) FROM exbuddy.workouts  WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
             (SELECT count(*) FROM exbuddy.sessions  WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
             (SELECT count(*) FROM exbuddy.audit_log WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')$$,
    $$VALUES (1::bigint, 1::bigint, 1::bigint)$$,
    'B''s rows survive A''s account deletion');

SELECT * FROM finish();
ROLLBACK;
