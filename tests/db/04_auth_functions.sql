-- 04_auth_functions.sql — pgTAP: migration 002's role exbuddy_auth, its
-- SECURITY DEFINER functions auth_login_lookup, auth_account_taken,
-- auth_session_lookup, auth_throttle, auth_audit, and the table server_keys,
-- exercised as the app role the server logs in as.
--
-- Runs as superuser postgres; switches with SET LOCAL ROLE exbuddy_app and
-- back with RESET ROLE (fixtures and timestamps are written as the superuser,
-- which bypasses RLS). Everything is rolled back at the end.
--
-- now() is constant within the transaction, so every timestamp is set
-- relative to now() and compared exactly.
--
-- Two checks create temp tables as exbuddy_app (to show they cannot shadow
-- the tables the functions read), so the app role needs the TEMP privilege
-- on the test database, which PUBLIC has by default.
--
-- User A = aaaaaaaa-… (alice, active), user B = bbbbbbbb-… (bob, inactive),
-- users 10000000-…-00000000000N (tN) for the throttling cases.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(192);

-- pgTAP keeps its state in temp tables created by plan(); the app role must
-- be able to write them.
GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO exbuddy_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq
    TO exbuddy_app;

-- Number of rows a DML statement affected. Runs with the caller's rights.
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

-- A function's schema-qualified signature, whatever the search_path.
CREATE FUNCTION pg_temp.sig(f oid) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT format('%s.%s(%s)', pronamespace::regnamespace, proname, oidvectortypes(proargtypes))
      FROM pg_catalog.pg_proc WHERE oid = f
$$;

-- The five functions of migration 002, auth_session_begin (011) and the
-- invitations' two (015).
CREATE TEMP TABLE auth_fns (name name, args name[], sig text) ON COMMIT DROP;
INSERT INTO auth_fns VALUES
    ('auth_login_lookup',   ARRAY['text'],                               'exbuddy.auth_login_lookup(text)'),
    ('auth_account_taken',  ARRAY['text', 'text'],                       'exbuddy.auth_account_taken(text, text)'),
    ('auth_session_lookup', ARRAY['bytea', 'integer', 'integer', 'boolean'], 'exbuddy.auth_session_lookup(bytea, integer, integer, boolean)'),
    ('auth_throttle',       ARRAY['text', 'inet', 'integer', 'integer', 'integer', 'integer'], 'exbuddy.auth_throttle(text, inet, integer, integer, integer, integer)'),
    ('auth_audit',          ARRAY['uuid', 'text', 'inet', 'text', 'text'], 'exbuddy.auth_audit(uuid, text, inet, text, text)'),
    ('auth_session_begin',  ARRAY['bytea', 'integer', 'integer', 'boolean'], 'exbuddy.auth_session_begin(bytea, integer, integer, boolean)'),
    ('auth_invite_valid',   ARRAY['bytea'],                              'exbuddy.auth_invite_valid(bytea)'),
    ('auth_invite_use',     ARRAY['bytea'],                              'exbuddy.auth_invite_use(bytea)');

-- Fixtures (as superuser) ---------------------------------------------------------

INSERT INTO exbuddy.users (id, email, username, password_hash, is_active, timezone, week_start) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Alice@Example.org', 'Alice_1', '$argon2id$v=19$alice', true,  'Europe/Berlin', 0),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'bob@example.org',   'bob',     '$argon2id$v=19$bob',   false, 'UTC',           1);
INSERT INTO exbuddy.users (id, email, username, password_hash)
SELECT format('10000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid,
       format('t%s@example.org', n), format('t%s', n) || 'xx', '$argon2id$v=19$t'
  FROM generate_series(1, 7) AS n;

-- Roles and ownership --------------------------------------------------------------

SELECT has_role('exbuddy_auth');
SELECT isnt_superuser('exbuddy_auth');
SELECT results_eq(
    $$SELECT rolcanlogin, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication
        FROM pg_roles WHERE rolname = 'exbuddy_auth'$$,
    $$VALUES (false, false, false, false, false)$$,
    'exbuddy_auth: NOLOGIN, no CREATEDB, CREATEROLE, BYPASSRLS or REPLICATION');
SELECT is((SELECT count(*) FROM pg_auth_members WHERE member = 'exbuddy_auth'::regrole),
          0::bigint, 'exbuddy_auth is a member of no role');
SELECT ok(NOT pg_has_role('exbuddy_app', 'exbuddy_auth', 'MEMBER'),
          'exbuddy_app is not a member of exbuddy_auth');
SELECT ok(NOT pg_has_role('exbuddy_app', 'exbuddy_owner', 'MEMBER'),
          'exbuddy_app is not a member of exbuddy_owner');
SELECT ok(NOT pg_has_role('exbuddy_owner', 'exbuddy_auth', 'MEMBER'),
          'exbuddy_owner is not a member of exbuddy_auth');

SELECT set_eq(
    $$SELECT pg_temp.sig(oid) FROM pg_proc WHERE proowner = 'exbuddy_auth'::regrole$$,
    'SELECT sig FROM auth_fns',
    'exbuddy_auth owns exactly the eight auth_* functions');
SELECT is((SELECT count(*) FROM pg_class     WHERE relowner = 'exbuddy_auth'::regrole)
        + (SELECT count(*) FROM pg_type      WHERE typowner = 'exbuddy_auth'::regrole)
        + (SELECT count(*) FROM pg_namespace WHERE nspowner = 'exbuddy_auth'::regrole)
        + (SELECT count(*) FROM pg_database  WHERE datdba   = 'exbuddy_auth'::regrole),
          0::bigint, 'exbuddy_auth owns no table (or other relation), type, schema or database');

SELECT function_owner_is('exbuddy', name, args, 'exbuddy_auth', sig || ' is owned by exbuddy_auth')
  FROM auth_fns ORDER BY sig;
SELECT is_definer('exbuddy', name, args, sig || ' is SECURITY DEFINER')
  FROM auth_fns ORDER BY sig;
SELECT ok(EXISTS (SELECT 1 FROM pg_proc p, unnest(p.proconfig) AS c
                   WHERE p.oid = to_regprocedure(f.sig)
                     AND c ~ '^search_path=exbuddy, pg_catalog(, pg_temp)?$'),
          f.sig || ' pins search_path (exbuddy, pg_catalog)')
  FROM auth_fns f ORDER BY sig;
SELECT function_privs_are('exbuddy', name, args, 'exbuddy_app', ARRAY['EXECUTE'],
                          sig || ': exbuddy_app may EXECUTE')
  FROM auth_fns ORDER BY sig;
SELECT is((SELECT count(*) FROM auth_fns f, pg_proc p,
                  aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            WHERE p.oid = to_regprocedure(f.sig) AND a.grantee = 0),
          0::bigint, 'PUBLIC may execute none of the auth_* functions');
SELECT set_eq(
    $$SELECT DISTINCT a.grantee::regrole::text
        FROM auth_fns f, pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
       WHERE p.oid = to_regprocedure(f.sig)$$,
    $$VALUES ('exbuddy_app'), ('exbuddy_auth')$$,
    'only exbuddy_app (and the owner exbuddy_auth) may execute the auth_* functions');

-- What exbuddy_auth itself may touch.
SELECT table_privs_are('exbuddy', 'users',          'exbuddy_auth', ARRAY['SELECT']);
SELECT table_privs_are('exbuddy', 'sessions',       'exbuddy_auth', ARRAY['SELECT', 'DELETE']);
SELECT table_privs_are('exbuddy', 'audit_log',      'exbuddy_auth', ARRAY['SELECT', 'INSERT']);
SELECT table_privs_are('exbuddy', 'workouts',       'exbuddy_auth', ARRAY[]::text[]);
SELECT table_privs_are('exbuddy', 'exercise_types', 'exbuddy_auth', ARRAY[]::text[]);
SELECT table_privs_are('exbuddy', 'server_keys',    'exbuddy_auth', ARRAY[]::text[]);
SELECT results_eq(
    $$SELECT c.relname::text COLLATE "default", t.attname::text COLLATE "default", a.privilege_type COLLATE "default"
        FROM pg_attribute t JOIN pg_class c ON c.oid = t.attrelid, aclexplode(t.attacl) a
       WHERE a.grantee = 'exbuddy_auth'::regrole ORDER BY 1, 2, 3$$,
    $$VALUES ('invites', 'used_at', 'UPDATE'), ('invites', 'used_by', 'UPDATE'),
             ('sessions', 'flash', 'UPDATE'), ('sessions', 'last_seen_at', 'UPDATE')$$,
    'exbuddy_auth''s only column grants: UPDATE (flash, taken by the look-up since 008; last_seen_at) on sessions, UPDATE (used_at, used_by) on invites (015)');
SELECT ok(NOT has_schema_privilege('exbuddy_auth', 'exbuddy', 'CREATE'),
          'exbuddy_auth has no CREATE on schema exbuddy');
SELECT is((SELECT count(*) FROM pg_policies WHERE 'exbuddy_auth' = ANY (roles)
                                              AND roles <> ARRAY['exbuddy_auth']::name[]),
          0::bigint, 'the exbuddy_auth policies name no other role');

-- What the app may execute at all.
SELECT set_eq(
    $$SELECT pg_temp.sig(p.oid) FROM pg_proc p
       WHERE p.prosecdef AND has_function_privilege('exbuddy_app', p.oid, 'EXECUTE')$$,
    'SELECT sig FROM auth_fns',
    'the only SECURITY DEFINER functions exbuddy_app may execute are the eight auth_* ones');
SELECT set_eq(
    $$SELECT pg_temp.sig(p.oid) FROM pg_proc p
       WHERE p.pronamespace = 'exbuddy'::regnamespace
         AND has_function_privilege('exbuddy_app', p.oid, 'EXECUTE')$$,
    $$SELECT sig FROM auth_fns
      UNION ALL VALUES ('exbuddy.current_user_id()'), ('exbuddy.is_timezone(text)'),
                       ('exbuddy.iso_time(timestamp with time zone)'),
                       ('exbuddy.week_start_of(date, integer)'),
                       ('exbuddy.exercise_totals_recount(uuid[], uuid[])'),
                       ('exbuddy.activity_recount(uuid[])'),
                       ('exbuddy.record_versions_raise(uuid[])')$$,
    'exbuddy_app may execute exactly current_user_id, is_timezone, iso_time (004), week_start_of (005), the counts of its own totals (012, 014, from their triggers), the raise of its records'' number (017, from its triggers) and the auth_* functions in exbuddy');
SELECT set_eq(
    $$SELECT pg_temp.sig(p.oid) FROM pg_proc p
       WHERE 'password_hash' = ANY (p.proargnames)
         AND has_function_privilege('exbuddy_app', p.oid, 'EXECUTE')$$,
    $$VALUES ('exbuddy.auth_login_lookup(text)')$$,
    'auth_login_lookup is the only function exbuddy_app may execute that returns a password_hash');

-- server_keys ------------------------------------------------------------------------

SELECT table_privs_are('exbuddy', 'server_keys', 'exbuddy_app', ARRAY['SELECT']);

SET LOCAL ROLE exbuddy_app;

SELECT results_eq('SELECT count(*), min(octet_length(csrf_key)), max(octet_length(csrf_key)) FROM exbuddy.server_keys',
    $$VALUES (1::bigint, 32, 32)$$, 'the app reads server_keys: exactly one row, a 32-byte csrf_key');
SELECT ok((SELECT csrf_key <> '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
             FROM exbuddy.server_keys), 'csrf_key is not all zero bytes');
SELECT throws_ok($$INSERT INTO exbuddy.server_keys (id, csrf_key) VALUES (2, sha256('x'))$$, '42501', NULL,
                 'exbuddy_app cannot INSERT into server_keys');
SELECT throws_ok($$UPDATE exbuddy.server_keys SET csrf_key = sha256('x')$$, '42501', NULL,
                 'exbuddy_app cannot UPDATE server_keys');
SELECT throws_ok($$DELETE FROM exbuddy.server_keys$$, '42501', NULL,
                 'exbuddy_app cannot DELETE from server_keys');
SELECT throws_ok($$TRUNCATE exbuddy.server_keys$$, '42501', NULL,
                 'exbuddy_app cannot TRUNCATE server_keys');

-- RLS is as closed as before -----------------------------------------------------------

RESET ROLE;
INSERT INTO exbuddy.sessions (id, user_id, token_hash, csrf_secret, created_at, last_seen_at, flash) VALUES
    -- live, last seen 10 minutes ago (last_seen_at is due for an update)
    ('51000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
     sha256('live'), sha256('c-live'), now() - interval '1 hour', now() - interval '10 minutes', 'Saved.'),
    -- live, last seen 30 seconds ago (no update)
    ('51000000-0000-4000-8000-000000000002', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
     sha256('recent'), sha256('c-recent'), now() - interval '1 hour', now() - interval '30 seconds', NULL),
    -- idle for 2 hours (the limit below is 1 hour)
    ('51000000-0000-4000-8000-000000000003', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
     sha256('idle'), sha256('c-idle'), now() - interval '3 hours', now() - interval '2 hours', NULL),
    -- recently used but 31 days old (the limit below is 30 days)
    ('51000000-0000-4000-8000-000000000004', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
     sha256('old'), sha256('c-old'), now() - interval '31 days', now() - interval '10 seconds', NULL),
    -- live, but of the inactive user B
    ('51000000-0000-4000-8000-000000000005', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
     sha256('inactive'), sha256('c-inactive'), now() - interval '1 hour', now() - interval '10 minutes', NULL),
    -- live under the usual limits; looked up once with a lower maximum age
    ('51000000-0000-4000-8000-000000000006', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
     sha256('short'), sha256('c-short'), now() - interval '1 hour', now() - interval '10 seconds', NULL),
    -- idle for 2 hours, of the inactive user B
    ('51000000-0000-4000-8000-000000000007', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
     sha256('idle-inactive'), sha256('c-idle-inactive'), now() - interval '3 hours', now() - interval '2 hours', NULL);
INSERT INTO exbuddy.audit_log (user_id, event) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'signup'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'login_failed'),
    (NULL, 'login_failed');
SET LOCAL ROLE exbuddy_app;

SELECT is(current_user::text, 'exbuddy_app', 'now running as exbuddy_app');
SELECT is_empty('SELECT 1 FROM exbuddy.users',     'no app.user_id: users shows no row');
SELECT is_empty('SELECT 1 FROM exbuddy.sessions',  'no app.user_id: sessions shows no row');
SELECT is_empty('SELECT 1 FROM exbuddy.audit_log', 'no app.user_id: audit_log shows no row (not even login/login_failed ones)');
SELECT is_empty('SELECT password_hash FROM exbuddy.users', 'no app.user_id: no password_hash is readable from users');
SELECT is(pg_temp.affected($$UPDATE exbuddy.sessions SET last_seen_at = now()$$), 0::bigint,
          'no app.user_id: UPDATE of sessions affects no row');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.sessions$$), 0::bigint,
          'no app.user_id: DELETE of sessions affects no row');
SELECT throws_ok($$INSERT INTO exbuddy.audit_log (user_id, event) VALUES (NULL, 'login_failed')$$, '42501', NULL,
                 'no app.user_id: a direct INSERT of a login_failed row is still refused');

SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SELECT results_eq('SELECT id FROM exbuddy.users',
    $$VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid)$$, 'as A: only A''s user row');
SELECT is_empty($$SELECT 1 FROM exbuddy.sessions WHERE user_id <> exbuddy.current_user_id()$$,
    'as A: none of B''s sessions');
SELECT is_empty($$SELECT 1 FROM exbuddy.audit_log WHERE user_id IS DISTINCT FROM exbuddy.current_user_id()$$,
    'as A: none of B''s or user-less audit rows');
RESET app.user_id;

-- auth_login_lookup ------------------------------------------------------------------

SELECT results_eq(
    $$SELECT user_id, password_hash, is_active FROM exbuddy.auth_login_lookup('Alice@Example.org')$$,
    $$VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, '$argon2id$v=19$alice'::text, true)$$,
    'auth_login_lookup by email returns id, password_hash, is_active');
SELECT results_eq(
    format('SELECT user_id FROM exbuddy.auth_login_lookup(%L)', l),
    $$VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid)$$,
    format('auth_login_lookup(%L) finds alice', l))
  FROM unnest(ARRAY['alice@example.org', 'ALICE@EXAMPLE.ORG', 'aLiCe@eXaMpLe.OrG',
                    'Alice_1', 'alice_1', 'ALICE_1']) AS l;
SELECT results_eq(
    $$SELECT user_id, password_hash, is_active FROM exbuddy.auth_login_lookup('BOB')$$,
    $$VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'::uuid, '$argon2id$v=19$bob'::text, false)$$,
    'auth_login_lookup finds an inactive user and returns is_active = false');
SELECT is_empty(format('SELECT 1 FROM exbuddy.auth_login_lookup(%L)', l),
                format('auth_login_lookup(%L) finds nothing', l))
  FROM unnest(ARRAY['nobody', 'nobody@example.org',
                    -- partial strings
                    'alice', 'Alice@Example', 'example.org', '@example.org', 'lice_1',
                    'alice_1 ', ' alice_1', 'alice@example.org ',
                    -- LIKE / regex patterns that would match alice or bob
                    '%', '%%', '_', 'alice%', '%@example.org', 'alice__', 'ALICE__', '_lice_1',
                    'b_b', '___', 'alice.*', '.*',
                    '']) AS l;
SELECT is_empty('SELECT 1 FROM exbuddy.auth_login_lookup(NULL)', 'auth_login_lookup(NULL) finds nothing');

-- A temp table cannot shadow users inside the function.
CREATE TEMP TABLE users (id uuid, email text, username text, password_hash text, is_active boolean);
INSERT INTO pg_temp.users VALUES ('dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'm@example.org', 'mallory', '$argon2id$v=19$m', true);
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_login_lookup('mallory')$$,
                'auth_login_lookup ignores a temp table named users');
DROP TABLE pg_temp.users;

-- auth_account_taken ------------------------------------------------------------------

SELECT results_eq(
    format('SELECT email_taken, username_taken FROM exbuddy.auth_account_taken(%L, %L)', e, u),
    format('VALUES (%L::boolean, %L::boolean)', et, ut),
    format('auth_account_taken(%L, %L) = (%s, %s): %s', e, u, et, ut, why))
  FROM (VALUES
        ('Alice@Example.org', 'newname', true,  false, 'email taken'),
        ('ALICE@example.ORG', 'newname', true,  false, 'email taken, other case'),
        ('new@example.org',   'Alice_1', false, true,  'username taken'),
        ('new@example.org',   'aLiCe_1', false, true,  'username taken, other case'),
        ('alice@EXAMPLE.org', 'ALICE_1', true,  true,  'both taken'),
        ('new@example.org',   'newname', false, false, 'neither taken'),
        ('BOB@example.org',   'BOB',     true,  true,  'an inactive user still holds both'),
        ('bob',               'bob@example.org', false, false, 'email is compared with emails only, username with usernames'),
        ('%',                 '%',       false, false, 'no LIKE patterns'),
        ('_ob@example.org',   'b_b',     false, false, 'no LIKE wildcards'),
        ('alice@example',     'alice',   false, false, 'no partial matches')
       ) AS v(e, u, et, ut, why);

-- auth_session_begin(hash, idle 1 hour, max 30 days, take the flash) (011) --------------

SELECT coalesce(current_setting('app.user_id', true), '') AS saved_uid,
       current_setting('TimeZone') AS saved_tz \gset
SELECT results_eq(
    $$SELECT session_id, user_id, csrf_secret, flash, username, timezone, week_start, chores, lb
        FROM exbuddy.auth_session_begin(sha256('live'), 3600, 2592000, false)$$,
    $$VALUES ('51000000-0000-4000-8000-000000000001'::uuid, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid,
              sha256('c-live'), NULL::text, 'Alice_1'::text, 'Europe/Berlin'::text, 0::smallint, true, false)$$,
    'auth_session_begin returns a live session, its bookkeeping due (seen 10 minutes ago); the flash only when taken');
SELECT is(current_setting('app.user_id'), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
          '... app.user_id is its user for the rest of the transaction');
SELECT is(current_setting('TimeZone'), 'Europe/Berlin', '... and TimeZone its zone');
SELECT results_eq($$SELECT chores FROM exbuddy.auth_session_begin(sha256('recent'), 3600, 2592000, false)$$,
    $$VALUES (false)$$, 'auth_session_begin: no bookkeeping due for a session seen 30 s ago');
RESET ROLE;
UPDATE exbuddy.users SET weight_unit = 'lb' WHERE id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SET LOCAL ROLE exbuddy_app;
SELECT results_eq($$SELECT lb FROM exbuddy.auth_session_begin(sha256('live'), 3600, 2592000, false)$$,
    $$VALUES (true)$$, 'auth_session_begin: lb true for a user who weighs in pounds (019)');
RESET ROLE;
UPDATE exbuddy.users SET weight_unit = 'kg' WHERE id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SET LOCAL ROLE exbuddy_app;
SELECT set_config('app.user_id', :'saved_uid', true) AS x1, set_config('TimeZone', :'saved_tz', true) AS x2 \gset
SELECT is_empty(format('SELECT 1 FROM exbuddy.auth_session_begin(sha256(%L), 3600, 2592000, true)', n),
                'auth_session_begin: nothing for ' || why)
  FROM (VALUES ('unknown', 'an unknown hash'), ('idle', 'a session idle too long'),
               ('old', 'a session older than the maximum'),
               ('inactive', 'a session of an inactive user')) AS v(n, why);
SELECT is(coalesce(current_setting('app.user_id', true), ''), :'saved_uid',
          'auth_session_begin sets no user when it finds no session');

-- auth_session_lookup(hash, idle 1 hour, max 30 days) ----------------------------------

SELECT results_eq(
    $$SELECT session_id, user_id, csrf_secret, flash, username, timezone, week_start
        FROM exbuddy.auth_session_lookup(sha256('live'), 3600, 2592000)$$,
    $$VALUES ('51000000-0000-4000-8000-000000000001'::uuid, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid,
              sha256('c-live'), NULL::text, 'Alice_1'::text, 'Europe/Berlin'::text, 0::smallint)$$,
    'auth_session_lookup returns a live session (id, user, csrf_secret, username, timezone, week_start; the flash only when taken, 008)');
SELECT results_eq(
    $$SELECT session_id, user_id, csrf_secret, flash
        FROM exbuddy.auth_session_lookup(sha256('recent'), 3600, 2592000)$$,
    $$VALUES ('51000000-0000-4000-8000-000000000002'::uuid, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid,
              sha256('c-recent'), NULL::text)$$,
    'auth_session_lookup returns a session seen 30 s ago');
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_session_lookup(sha256('unknown'), 3600, 2592000)$$,
                'auth_session_lookup: nothing for an unknown hash');
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_session_lookup(NULL, 3600, 2592000)$$,
                'auth_session_lookup: nothing for a NULL hash');
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_session_lookup(sha256('idle'), 3600, 2592000)$$,
                'auth_session_lookup: nothing for a session idle too long');
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_session_lookup(sha256('old'), 3600, 2592000)$$,
                'auth_session_lookup: nothing for a session older than the maximum');
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_session_lookup(sha256('inactive'), 3600, 2592000)$$,
                'auth_session_lookup: nothing for a session of an inactive user');
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_session_lookup(sha256('idle-inactive'), 3600, 2592000)$$,
                'auth_session_lookup: nothing for an idle session of an inactive user');
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_session_lookup(sha256('short'), 3600, 1800)$$,
                'auth_session_lookup: the maximum age is the argument (1-hour-old session, max 30 min)');
SELECT is_empty('SELECT 1 FROM exbuddy.sessions',
                'after the look-ups the app still sees no session row directly');

-- A temp table cannot shadow sessions inside the function.
CREATE TEMP TABLE sessions (LIKE exbuddy.sessions);
INSERT INTO pg_temp.sessions (id, user_id, token_hash, csrf_secret, created_at, last_seen_at)
VALUES ('5d000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
        sha256('fake'), sha256('c-fake'), now(), now());
SELECT is_empty($$SELECT 1 FROM exbuddy.auth_session_lookup(sha256('fake'), 3600, 2592000)$$,
                'auth_session_lookup ignores a temp table named sessions');
DROP TABLE pg_temp.sessions;

RESET ROLE;
SELECT is((SELECT last_seen_at FROM exbuddy.sessions WHERE id = '51000000-0000-4000-8000-000000000001'),
          now(), 'a session last seen 10 minutes ago had last_seen_at set to now()');
SELECT is((SELECT last_seen_at FROM exbuddy.sessions WHERE id = '51000000-0000-4000-8000-000000000002'),
          now() - interval '30 seconds', 'a session last seen 30 s ago kept its last_seen_at');
SELECT is((SELECT count(*) FROM exbuddy.sessions WHERE id = '51000000-0000-4000-8000-000000000003'),
          0::bigint, 'the idle session was deleted');
SELECT is((SELECT count(*) FROM exbuddy.sessions WHERE id = '51000000-0000-4000-8000-000000000004'),
          0::bigint, 'the too-old session was deleted');
SELECT is((SELECT count(*) FROM exbuddy.sessions WHERE id = '51000000-0000-4000-8000-000000000006'),
          0::bigint, 'the session too old for the lower maximum was deleted');
SELECT is((SELECT count(*) FROM exbuddy.sessions WHERE id = '51000000-0000-4000-8000-000000000007'),
          0::bigint, 'an expired session of an inactive user is deleted too');
SELECT results_eq(
    $$SELECT last_seen_at FROM exbuddy.sessions WHERE id = '51000000-0000-4000-8000-000000000005'$$,
    $$VALUES (now() - interval '10 minutes')$$,
    'the inactive user''s session was neither deleted nor touched');
SELECT results_eq(
    $$SELECT token_hash, csrf_secret, created_at, flash FROM exbuddy.sessions
       WHERE id = '51000000-0000-4000-8000-000000000001'$$,
    $$VALUES (sha256('live'), sha256('c-live'), now() - interval '1 hour', 'Saved.'::text)$$,
    'the look-up changed nothing but last_seen_at');

-- 008: the flash taken by the look-up of a GET, once.
SET LOCAL ROLE exbuddy_app;
SELECT results_eq($$SELECT flash FROM exbuddy.auth_session_lookup(sha256('live'), 3600, 2592000, true)$$,
    $$VALUES ('Saved.'::text)$$, 'a look-up that takes the flash returns it (008)');
SELECT results_eq($$SELECT flash FROM exbuddy.auth_session_lookup(sha256('live'), 3600, 2592000, true)$$,
    $$VALUES (NULL::text)$$, '... once: the next look-up finds none');
RESET ROLE;
SELECT is((SELECT flash FROM exbuddy.sessions WHERE id = '51000000-0000-4000-8000-000000000001'), NULL,
    '... and the row keeps none');
SELECT is((SELECT count(*) FROM exbuddy.sessions), 3::bigint,
          'exactly three sessions remain');

-- Re-activated, B's untouched session works again.
UPDATE exbuddy.users SET is_active = true WHERE id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
SET LOCAL ROLE exbuddy_app;
SELECT results_eq(
    $$SELECT session_id FROM exbuddy.auth_session_lookup(sha256('inactive'), 3600, 2592000)$$,
    $$VALUES ('51000000-0000-4000-8000-000000000005'::uuid)$$,
    'once B is active again, B''s kept session is found');
RESET ROLE;
UPDATE exbuddy.users SET is_active = false WHERE id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

-- auth_throttle(name, ip, max 5, window 900 s, many, slow 10 s) (009) -----------------------

-- fails(user n, event, seconds ago…): rows without an address, of the name
-- that is the account's id.
CREATE FUNCTION pg_temp.fails(n int, event text, secs int[]) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO exbuddy.audit_log (user_id, event, created_at, login_key)
    SELECT format('10000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid, event,
           now() - make_interval(secs => s), format('10000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))
      FROM unnest(secs) AS s
$$;
CREATE FUNCTION pg_temp.thr(n int, ip inet DEFAULT NULL, mx int DEFAULT 5) RETURNS integer
    LANGUAGE sql AS $$
    SELECT locked_for FROM exbuddy.auth_throttle(format('10000000-0000-4000-8000-%s', lpad(n::text, 12, '0')),
                                                 ip, mx, 900, 50, 10)
$$;
SELECT pg_temp.fails(1, 'login_failed', ARRAY[240, 180, 120, 60]);        -- t1: 4 failures
SELECT pg_temp.fails(2, 'login_failed', ARRAY[300, 240, 180, 120, 60]);   -- t2: 5 within the window
SELECT pg_temp.fails(3, 'login_failed', ARRAY[1200, 400, 300, 200, 100]); -- t3: 5 spanning 1100 s
SELECT pg_temp.fails(4, 'login_failed', ARRAY[1500, 1400, 1300, 1200, 1100]); -- t4: 5, newest 1100 s ago
SELECT pg_temp.fails(5, 'login_failed', ARRAY[300, 240, 180, 120, 60]);   -- t5: 5, then a login
SELECT pg_temp.fails(5, 'login', ARRAY[30]);
SELECT pg_temp.fails(6, 'login', ARRAY[400]);                             -- t6: a login, then 5
SELECT pg_temp.fails(6, 'login_failed', ARRAY[300, 240, 180, 120, 60]);
SELECT pg_temp.fails(7, 'login_failed', ARRAY[240, 180, 120, 60]);        -- t7: 4 failures, 3 throttled
SELECT pg_temp.fails(7, 'login_throttled', ARRAY[50, 40, 30]);
-- By address: 3 failures from 192.0.2.10 (100 to 800 s ago), one older, other
-- events; 3 from 192.0.2.12 the newest 4 s ago. By name: n:spray failed 3 s ago
-- twice from 192.0.2.20 and once from 192.0.2.21.
INSERT INTO exbuddy.audit_log (user_id, event, ip, created_at, login_key) VALUES
    (NULL, 'login_failed', '192.0.2.10', now() - interval '100 seconds', 'n:a'),
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'login_failed', '192.0.2.10', now() - interval '200 seconds', NULL),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'login_failed', '192.0.2.10', now() - interval '800 seconds', NULL),
    (NULL, 'login_failed', '192.0.2.10', now() - interval '1000 seconds', 'n:a'),
    (NULL, 'login_throttled', '192.0.2.10', now() - interval '50 seconds', 'n:a'),
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'login', '192.0.2.10', now() - interval '40 seconds', NULL),
    (NULL, 'login_failed', '192.0.2.12', now() - interval '30 seconds', 'n:b'),
    (NULL, 'login_failed', '192.0.2.12', now() - interval '20 seconds', 'n:c'),
    (NULL, 'login_failed', '192.0.2.12', now() - interval '4 seconds', 'n:d'),
    (NULL, 'login_failed', '192.0.2.20', now() - interval '5 seconds', 'n:spray'),
    (NULL, 'login_failed', '192.0.2.20', now() - interval '3 seconds', 'n:spray'),
    (NULL, 'login_failed', '192.0.2.21', now() - interval '3 seconds', 'n:spray');

SET LOCAL ROLE exbuddy_app;

SELECT results_eq(
    $$SELECT locked_for, slow_for FROM exbuddy.auth_throttle('10000000-0000-4000-8000-000000000001', NULL, 5, 900, 50, 10)$$,
    $$VALUES (0, 0)$$, 'auth_throttle: fewer than max failures: not locked, not slowed');
SELECT ok(pg_temp.thr(2) BETWEEN 1 AND 900, 'auth_throttle: max failures within the window: locked (0 < locked_for <= window)');
SELECT is(pg_temp.thr(2), 840, 'auth_throttle: locked until window seconds after the newest failure (900 - 60)');
SELECT is(pg_temp.thr(2, NULL, 6), 0, 'auth_throttle: the same 5 failures with max 6: not locked');
SELECT is(pg_temp.thr(2, '192.0.2.99'), 0, 'auth_throttle: the name is locked only for the address its failures came from (009)');
SELECT is(pg_temp.thr(3), 0, 'auth_throttle: max failures spanning more than the window: not locked');
SELECT is(pg_temp.thr(4), 0, 'auth_throttle: max failures whose newest is older than the window: not locked');
SELECT is(pg_temp.thr(5), 0, 'auth_throttle: a successful login after the failures resets');
SELECT is(pg_temp.thr(6), 840, 'auth_throttle: a login before the failures does not reset');
SELECT is(pg_temp.thr(7), 0, 'auth_throttle: login_throttled events are not failures');
SELECT is((SELECT locked_for FROM exbuddy.auth_throttle('n:never', NULL, 5, 900, 50, 10)), 0,
          'auth_throttle: a name never seen is not locked');
-- The address slowed down once it made p_many failures in the window.
SELECT results_eq(
    $$SELECT locked_for, slow_for FROM exbuddy.auth_throttle(NULL, '192.0.2.12', 5, 900, 3, 10)$$,
    $$VALUES (0, 6)$$, 'auth_throttle: 3 failures from an address (many = 3), the newest 4 s ago: wait 6 s (009)');
SELECT results_eq(
    $$SELECT locked_for, slow_for FROM exbuddy.auth_throttle(NULL, '192.0.2.12', 5, 900, 4, 10)$$,
    $$VALUES (0, 0)$$, 'auth_throttle: the same with many = 4: no wait');
SELECT results_eq(
    $$SELECT locked_for, slow_for FROM exbuddy.auth_throttle(NULL, '192.0.2.10', 5, 900, 3, 10)$$,
    $$VALUES (0, 0)$$, 'auth_throttle: 3 failures from an address, the newest 100 s ago: no wait (only login_failed counts)');
SELECT results_eq(
    $$SELECT locked_for, slow_for FROM exbuddy.auth_throttle(NULL, '192.0.2.10', 5, 150, 2, 10)$$,
    $$VALUES (0, 0)$$, 'auth_throttle: the count follows the window (150 s: one failure, under many = 2)');
-- The name slowed down for the addresses that failed on it.
SELECT results_eq(
    $$SELECT locked_for, slow_for FROM exbuddy.auth_throttle('n:spray', '192.0.2.20', 5, 900, 3, 10)$$,
    $$VALUES (0, 7)$$, 'auth_throttle: 3 failures on a name from two addresses (many = 3): an address that failed on it waits 7 s (009)');
SELECT results_eq(
    $$SELECT locked_for, slow_for FROM exbuddy.auth_throttle('n:spray', '192.0.2.22', 5, 900, 3, 10)$$,
    $$VALUES (0, 0)$$, 'auth_throttle: ... an address that never failed on it (its owner) does not wait');
SELECT results_eq(
    $$SELECT locked_for, slow_for FROM exbuddy.auth_throttle(NULL, NULL, 5, 900, 50, 10)$$,
    $$VALUES (0, 0)$$, 'auth_throttle: no name, no address');

-- Let time pass for t2: shift its failures back.
RESET ROLE;
UPDATE exbuddy.audit_log SET created_at = created_at - interval '839.5 seconds'
 WHERE user_id = '10000000-0000-4000-8000-000000000002';
SET LOCAL ROLE exbuddy_app;
SELECT is(pg_temp.thr(2), 1, 'auth_throttle: 0.5 s before the window has passed since the newest failure: locked for 1 s (rounded up)');
RESET ROLE;
UPDATE exbuddy.audit_log SET created_at = created_at - interval '0.5 seconds'
 WHERE user_id = '10000000-0000-4000-8000-000000000002';
SET LOCAL ROLE exbuddy_app;
SELECT is(pg_temp.thr(2), 0, 'auth_throttle: once the window has passed since the newest failure: not locked');

-- auth_audit -----------------------------------------------------------------------------

SELECT lives_ok($$SELECT exbuddy.auth_audit('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'login_failed', '203.0.113.5', 'f-user')$$,
                'auth_audit records login_failed for a user');
SELECT lives_ok($$SELECT exbuddy.auth_audit(NULL, 'login_failed', '203.0.113.5', 'f-null')$$,
                'auth_audit records login_failed without a user');
SELECT lives_ok($$SELECT exbuddy.auth_audit('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'login_throttled', '203.0.113.5', 't-user')$$,
                'auth_audit records login_throttled for a user');
SELECT lives_ok($$SELECT exbuddy.auth_audit(NULL, 'login_throttled', '203.0.113.5', 't-null')$$,
                'auth_audit records login_throttled without a user');
SELECT lives_ok($$SELECT exbuddy.auth_audit(NULL, 'account_deleted', '203.0.113.5', 'd-null')$$,
                'auth_audit records account_deleted without a user');
SELECT throws_ok($$SELECT exbuddy.auth_audit('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'account_deleted', '203.0.113.5', 'x')$$,
                 '42501', NULL, 'auth_audit refuses account_deleted for a user');
SELECT throws_ok(format($$SELECT exbuddy.auth_audit('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', %L, '203.0.113.5', 'x')$$, e),
                 '42501', NULL, format('auth_audit refuses %s for a user', e))
  FROM unnest(ARRAY['signup', 'login', 'logout', 'password_changed', 'session_ended',
                    'settings_changed']) AS e;
SELECT throws_ok(format($$SELECT exbuddy.auth_audit(NULL, %L, '203.0.113.5', 'x')$$, e),
                 '42501', NULL, format('auth_audit refuses %s without a user', e))
  FROM unnest(ARRAY['signup', 'login', 'password_changed']) AS e;
-- Acting for A does not let it write security events for B (or for A).
SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SELECT throws_ok($$SELECT exbuddy.auth_audit('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'login', '203.0.113.5', 'x')$$,
                 '42501', NULL, 'acting for A: auth_audit refuses login for B');
SELECT throws_ok($$SELECT exbuddy.auth_audit('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'password_changed', '203.0.113.5', 'x')$$,
                 '42501', NULL, 'acting for A: auth_audit refuses password_changed for B');
SELECT throws_ok($$SELECT exbuddy.auth_audit('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'login', '203.0.113.5', 'x')$$,
                 '42501', NULL, 'acting for A: auth_audit refuses login even for A');
RESET app.user_id;
SELECT is_empty('SELECT 1 FROM exbuddy.audit_log', 'the app still sees no audit row directly');

RESET ROLE;
SELECT set_eq(
    $$SELECT user_id, event, detail FROM exbuddy.audit_log WHERE ip = '203.0.113.5'$$,
    $$VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, 'login_failed'::text, 'f-user'::text),
             (NULL, 'login_failed', 'f-null'),
             ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'login_throttled', 't-user'),
             (NULL, 'login_throttled', 't-null'),
             (NULL, 'account_deleted', 'd-null')$$,
    'auth_audit wrote exactly the allowed rows, nothing from the refused calls');
SELECT is((SELECT count(*) FROM exbuddy.audit_log WHERE ip = '203.0.113.5' AND created_at <> now()),
          0::bigint, 'auth_audit rows carry created_at = now()');

SELECT * FROM finish();
ROLLBACK;
