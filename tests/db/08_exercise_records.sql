-- 08_exercise_records.sql — pgTAP: migration 017's kept records of an
-- exercise (exercise_records) and the number they were computed at
-- (record_versions). Their shape, row level security and grants; that
-- every kind of write that can change a record raises the writer's number
-- (workouts, sets, body weights, one's own exercise, the time zone and the
-- first day of the week) and only theirs, once for a statement of many
-- rows; that a change that cannot (the weight unit) does not; that the
-- page's lookup (cgi/progress.c, pr_kept) finds a row of the current
-- number only, and that pr_keep's upsert never puts an older number over
-- a newer one; a built-in exercise changed by the owner drops its rows;
-- a user deleted takes their rows.
--
-- Runs as superuser postgres; switches with SET LOCAL ROLE exbuddy_app and
-- back with RESET ROLE. Everything is rolled back at the end.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(53);

GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO exbuddy_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq
    TO exbuddy_app;

-- The number of WHO as the superuser sees it (0 without a row).
CREATE FUNCTION pg_temp.version_of(who uuid) RETURNS bigint
    LANGUAGE sql AS $$
    SELECT coalesce((SELECT v.version FROM exbuddy.record_versions v WHERE v.user_id = who), 0)
$$;
GRANT EXECUTE ON FUNCTION pg_temp.version_of(uuid) TO exbuddy_app;
-- The lookup of pr_kept for exercise EX: "number|records" (records empty
-- when no row of that number).
CREATE FUNCTION pg_temp.kept(ex uuid) RETURNS text
    LANGUAGE sql AS $$
    SELECT v.n || '|' || coalesce(k.records, '') FROM (SELECT
        coalesce(max(x.version), 0) AS n FROM exbuddy.record_versions x
        WHERE x.user_id = exbuddy.current_user_id()) v LEFT JOIN
        exbuddy.exercise_records k ON k.user_id = exbuddy.current_user_id() AND
        k.exercise_type_id = ex AND k.version = v.n
$$;
GRANT EXECUTE ON FUNCTION pg_temp.kept(uuid) TO exbuddy_app;
-- pr_keep's upsert.
CREATE FUNCTION pg_temp.keep(ex uuid, n bigint, text text) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO exbuddy.exercise_records AS k (user_id, exercise_type_id, version, records)
        VALUES (exbuddy.current_user_id(), ex, n, text)
        ON CONFLICT (user_id, exercise_type_id) DO UPDATE SET version = excluded.version,
            records = excluded.records WHERE k.version <= excluded.version
$$;
GRANT EXECUTE ON FUNCTION pg_temp.keep(uuid, bigint, text) TO exbuddy_app;

-- Shape, grants, row level security -----------------------------------------------

SELECT columns_are('exbuddy', 'record_versions', ARRAY['user_id', 'version']);
SELECT columns_are('exbuddy', 'exercise_records', ARRAY['user_id', 'exercise_type_id', 'version',
    'records']);
SELECT col_is_pk('exbuddy', 'exercise_records', ARRAY['user_id', 'exercise_type_id'],
    'exercise_records: (user_id, exercise_type_id) is the primary key');
SELECT table_privs_are('exbuddy', t, 'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE'])
  FROM unnest(ARRAY['record_versions', 'exercise_records']) AS t;
SELECT table_privs_are('exbuddy', t, 'exbuddy_auth', ARRAY[]::text[])
  FROM unnest(ARRAY['record_versions', 'exercise_records']) AS t;
SELECT isnt_definer('exbuddy', f, ARRAY[]::name[]) FROM unnest(ARRAY['record_versions_write',
    'record_versions_user', 'exercise_records_builtin']) AS f;
SELECT has_trigger('exbuddy', t, t || '_records_' || op, 'trigger ' || t || '_records_' || op)
  FROM unnest(ARRAY['workouts', 'workout_sets', 'body_weights', 'exercise_types']) AS t,
       unnest(ARRAY['insert', 'update', 'delete']) AS op;

-- Fixtures (as superuser) ----------------------------------------------------------

INSERT INTO exbuddy.users (id, email, username, password_hash, timezone) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@example.org', 'alice', '$argon2id$v=19$a', 'Europe/Berlin'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@example.org', 'bob',   '$argon2id$v=19$b', 'America/New_York');
INSERT INTO exbuddy.exercise_types (id, user_id, slug, name, measure, met, seconds_per_rep) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
     'ring-dip', 'Ring dip', 'reps', 4, 3);
SELECT is(pg_temp.version_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'), 1::bigint,
    'making A''s own exercise raised A''s number from none to 1');

-- As the app role for A --------------------------------------------------------------

SET LOCAL ROLE exbuddy_app;
SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

INSERT INTO exbuddy.workouts (id, user_id, exercise_type_id, performed_at, reps)
    SELECT w.id::uuid, exbuddy.current_user_id(), 'ae000000-0000-4000-8000-000000000001', w.at::timestamptz, 8
    FROM (VALUES ('a0000000-0000-4000-8000-000000000001', '2025-01-15 07:00+00'),
                 ('a0000000-0000-4000-8000-000000000002', '2025-01-16 07:00+00'),
                 ('a0000000-0000-4000-8000-000000000003', '2025-01-17 07:00+00')) AS w(id, at);
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 2::bigint,
    'three workouts in one statement raise the number once');
SELECT is(pg_temp.kept('ae000000-0000-4000-8000-000000000001'), '2|',
    'nothing kept yet: the lookup gives the number to keep at, and no records');
SELECT lives_ok($$SELECT pg_temp.keep('ae000000-0000-4000-8000-000000000001', 2, 'r1 kept at 2')$$,
    'the app keeps records at its number');
SELECT is(pg_temp.kept('ae000000-0000-4000-8000-000000000001'), '2|r1 kept at 2',
    'the lookup finds them while nothing changed');
SELECT is(pg_temp.kept('ae000000-0000-4000-8000-000000000002'), '2|',
    'another exercise has none');

INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, reps, load_kg) VALUES
    ('a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 1, 5, 10),
    ('a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 2, 3, 12.5);
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 3::bigint, 'sets written: raised');
SELECT is(pg_temp.kept('ae000000-0000-4000-8000-000000000001'), '3|',
    'the records kept at 2 are not found at 3');
SELECT lives_ok($$SELECT pg_temp.keep('ae000000-0000-4000-8000-000000000001', 2, 'r1 late at 2')$$,
    'a page that read number 2 before the sets came keeps its records ...');
SELECT is((SELECT records FROM exbuddy.exercise_records
           WHERE exercise_type_id = 'ae000000-0000-4000-8000-000000000001'), 'r1 late at 2',
    '... over an equal number (the same data; a chart ending a later week): replaced, still not found at 3');
SELECT lives_ok($$SELECT pg_temp.keep('ae000000-0000-4000-8000-000000000001', 3, 'r1 kept at 3')$$,
    'records computed at 3 kept');
SELECT lives_ok($$SELECT pg_temp.keep('ae000000-0000-4000-8000-000000000001', 2, 'r1 older')$$,
    'records of 2 offered again');
SELECT is(pg_temp.kept('ae000000-0000-4000-8000-000000000001'), '3|r1 kept at 3',
    'a newer number replaces the row; an older one never does');

UPDATE exbuddy.workout_sets SET load_kg = 15 WHERE workout_id = 'a0000000-0000-4000-8000-000000000001'
    AND position = 2;
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 4::bigint, 'a set changed: raised');
DELETE FROM exbuddy.workout_sets WHERE workout_id = 'a0000000-0000-4000-8000-000000000001'
    AND position = 2;
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 5::bigint, 'a set deleted: raised');
UPDATE exbuddy.workouts SET performed_at = performed_at + interval '1 day'
    WHERE id = 'a0000000-0000-4000-8000-000000000003';
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 6::bigint, 'a workout moved: raised');
INSERT INTO exbuddy.body_weights (user_id, day, weight_kg)
    VALUES (exbuddy.current_user_id(), '2025-01-10', 80);
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 7::bigint, 'a body weight logged: raised');
UPDATE exbuddy.body_weights SET weight_kg = 81 WHERE day = '2025-01-10';
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 8::bigint, 'a body weight changed: raised');
DELETE FROM exbuddy.body_weights WHERE day = '2025-01-10';
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 9::bigint, 'a body weight deleted: raised');
UPDATE exbuddy.exercise_types SET bodyweight = true WHERE id = 'ae000000-0000-4000-8000-000000000001';
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 10::bigint,
    'one''s own exercise made a bodyweight move: raised');
UPDATE exbuddy.users SET timezone = 'Asia/Tokyo' WHERE id = exbuddy.current_user_id();
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 11::bigint, 'another time zone: raised');
UPDATE exbuddy.users SET week_start = 0 WHERE id = exbuddy.current_user_id();
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 12::bigint,
    'another first day of the week: raised');
UPDATE exbuddy.users SET weight_unit = 'lb' WHERE id = exbuddy.current_user_id();
SELECT is(pg_temp.version_of(exbuddy.current_user_id()), 12::bigint,
    'another weight unit (the records are kept in kg): not raised');
DELETE FROM exbuddy.workouts WHERE id = 'a0000000-0000-4000-8000-000000000001';
SELECT cmp_ok(pg_temp.version_of(exbuddy.current_user_id()), '>', 12::bigint,
    'a workout deleted with its sets: raised');

-- Row level security: B's rows out of A's reach.
SELECT throws_ok($$INSERT INTO exbuddy.exercise_records (user_id, exercise_type_id, version, records)
    VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'ae000000-0000-4000-8000-000000000001', 99, 'x')$$,
    '42501', NULL, 'A cannot keep records for B');
SELECT throws_ok($$INSERT INTO exbuddy.record_versions (user_id, version)
    VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 99)$$,
    '42501', NULL, 'A cannot set B''s number');
SELECT throws_ok($$DELETE FROM exbuddy.exercise_records$$, '42501', NULL,
    'the app may not delete kept records (they only grow old)');
RESET ROLE;
-- As the superuser, whom row level security does not blind.
SELECT is(pg_temp.version_of('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'), 0::bigint,
    'B''s number did not move with A''s writes');

-- B's own write raises B's, as the superuser sees it.
SET LOCAL ROLE exbuddy_app;
SET LOCAL app.user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
INSERT INTO exbuddy.body_weights (user_id, day, weight_kg)
    VALUES (exbuddy.current_user_id(), '2025-01-10', 70);
RESET ROLE;
SELECT is(pg_temp.version_of('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'), 1::bigint,
    'B''s body weight raised B''s number to 1');

-- The owner changes a built-in exercise (a later migration might): its
-- kept rows go, of every user.
INSERT INTO exbuddy.exercise_records (user_id, exercise_type_id, version, records)
    SELECT 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', id, 1, 'r1 b' FROM exbuddy.exercise_types
    WHERE slug = 'push-up' AND user_id IS NULL;
UPDATE exbuddy.exercise_types SET met = met WHERE slug = 'push-up' AND user_id IS NULL;
SELECT is_empty($$SELECT 1 FROM exbuddy.exercise_records r JOIN exbuddy.exercise_types e
    ON e.id = r.exercise_type_id WHERE e.slug = 'push-up' AND e.user_id IS NULL$$,
    'a built-in exercise changed: its kept rows are gone');

-- A user deleted takes their rows along.
DELETE FROM exbuddy.users WHERE id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SELECT is_empty($$SELECT 1 FROM exbuddy.record_versions WHERE user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
    UNION ALL SELECT 1 FROM exbuddy.exercise_records WHERE user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$,
    'A deleted: no number or kept row of theirs is left');

SELECT * FROM finish();
ROLLBACK;
