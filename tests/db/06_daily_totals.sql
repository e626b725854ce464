-- 06_daily_totals.sql — pgTAP: migration 010's summary per user, local day
-- and exercise. Its shape, row level security and grants; and, after each
-- direct INSERT, UPDATE and DELETE of workouts (as the app role, and as the
-- superuser where the app role may not), that every row of the summary
-- equals a recount of the workouts, both ways: a workout moved across
-- midnight in the user's zone, to another exercise, the best workout of a
-- day deleted, calories missing, several days in one statement, a session
-- TimeZone other than the user's, a change of time zone, an exercise
-- merged, a workout moved to another user (not by the app: row level
-- security refuses it), a user deleted. Autovacuum settings of the busy
-- tables.
--
-- Runs as superuser postgres; switches with SET LOCAL ROLE exbuddy_app and
-- back with RESET ROLE. Everything is rolled back at the end.
--
-- User A = aaaaaaaa-… (Europe/Berlin, UTC+1 in January), user B =
-- bbbbbbbb-… (America/New_York, UTC-5 in January).

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(64);

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

-- The summary of A and B as stored, and as counted again from their
-- workouts (written here, not taken from the migration), in one order.
CREATE VIEW pg_temp.stored AS
    SELECT user_id, day, exercise_type_id, workouts, reps, seconds, kcal, best_reps,
           best_seconds
    FROM exbuddy.daily_totals
    WHERE user_id IN ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
CREATE VIEW pg_temp.counted AS
    SELECT w.user_id, (w.performed_at AT TIME ZONE u.timezone)::date AS day,
           w.exercise_type_id, count(*)::integer AS workouts, sum(w.reps)::bigint AS reps,
           sum(w.duration_seconds)::bigint AS seconds, sum(w.calories)::numeric(14,1) AS kcal,
           max(w.reps) AS best_reps, max(w.duration_seconds) AS best_seconds
    FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id
    WHERE w.user_id IN ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')
    GROUP BY 1, 2, 3;
-- The check after each step: as the superuser (row level security does
-- not hide B's rows), stored = counted, every row and no other.
CREATE FUNCTION pg_temp.same(what text) RETURNS text
    LANGUAGE sql AS $$
    SELECT results_eq(
        'SELECT * FROM pg_temp.stored ORDER BY user_id, day, exercise_type_id',
        'SELECT * FROM pg_temp.counted ORDER BY user_id, day, exercise_type_id',
        'the summary equals a recount of the workouts ' || what)
$$;
-- A's row of DAY and SLUG as "workouts|reps|seconds|kcal|best_reps|best_seconds", or NULL.
CREATE FUNCTION pg_temp.row_of(who uuid, d date, slug text) RETURNS text
    LANGUAGE sql AS $$
    SELECT concat_ws('|', t.workouts, t.reps, t.seconds, coalesce(t.kcal::text, 'NULL'),
                     t.best_reps, t.best_seconds)
    FROM exbuddy.daily_totals t JOIN exbuddy.exercise_types e ON e.id = t.exercise_type_id
    WHERE t.user_id = who AND t.day = d AND e.slug = row_of.slug AND e.user_id IS NULL
$$;

-- Shape, grants, row level security -----------------------------------------------

SELECT has_table('exbuddy', 'daily_totals', 'migration 010: table daily_totals');
SELECT columns_are('exbuddy', 'daily_totals', ARRAY['user_id', 'day', 'exercise_type_id',
    'workouts', 'reps', 'seconds', 'kcal', 'best_reps', 'best_seconds']);
SELECT col_is_pk('exbuddy', 'daily_totals', ARRAY['user_id', 'day', 'exercise_type_id'],
    'daily_totals: (user_id, day, exercise_type_id) is the primary key');
SELECT is(pg_get_indexdef('exbuddy.daily_totals_pkey'::regclass),
    'CREATE UNIQUE INDEX daily_totals_pkey ON exbuddy.daily_totals USING btree (user_id, day, exercise_type_id) INCLUDE (workouts, reps, seconds, kcal, best_reps, best_seconds)',
    'the primary key holds every column (the pages read it alone)');
SELECT fk_ok('exbuddy', 'daily_totals', 'user_id', 'exbuddy', 'users', 'id');
SELECT col_type_is('exbuddy', 'daily_totals', 'kcal', 'numeric(14,1)', 'daily_totals.kcal is numeric(14,1)');
SELECT col_is_null('exbuddy', 'daily_totals', 'kcal', 'daily_totals.kcal is nullable (no calories)');
SELECT table_owner_is('exbuddy', 'daily_totals', 'exbuddy_owner', 'daily_totals is owned by exbuddy_owner');
SELECT table_privs_are('exbuddy', 'daily_totals', 'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
SELECT table_privs_are('exbuddy', 'daily_totals', 'exbuddy_auth', ARRAY[]::text[]);
SELECT policies_are('exbuddy', 'daily_totals', ARRAY['daily_totals_own']);
SELECT results_eq($$SELECT relrowsecurity, relforcerowsecurity FROM pg_class
                    WHERE oid = 'exbuddy.daily_totals'::regclass$$,
    $$VALUES (true, true)$$, 'daily_totals: row level security enabled and forced');
SELECT has_trigger('exbuddy', 'workouts', t, 'trigger ' || t || ' on workouts')
  FROM unnest(ARRAY['workouts_daily_totals_insert', 'workouts_daily_totals_update',
                    'workouts_daily_totals_delete']) AS t;
SELECT has_trigger('exbuddy', 'users', 'users_daily_totals_timezone',
    'trigger users_daily_totals_timezone on users');
SELECT isnt_definer('exbuddy', f, ARRAY[]::name[]) FROM unnest(ARRAY['daily_totals_refresh',
    'daily_totals_timezone']) AS f;
SELECT results_eq($$SELECT c.relname::text COLLATE "default", o.option_value COLLATE "default"
                    FROM pg_class c, pg_options_to_table(c.reloptions) o
                    WHERE c.relnamespace = 'exbuddy'::regnamespace
                      AND o.option_name = 'autovacuum_vacuum_insert_scale_factor'
                    ORDER BY 1$$,
    $$VALUES ('daily_totals', '0.01'), ('month_totals', '0.01'), ('user_days', '0.01'),
             ('workout_sets', '0.01'), ('workouts', '0.01')$$,
    'recent rows of workouts, workout_sets and daily_totals (and 018''s month_totals and user_days) are vacuumed after 1 % more');

-- Fixtures (as superuser) ----------------------------------------------------------

INSERT INTO exbuddy.users (id, email, username, password_hash, timezone) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@example.org', 'alice', '$argon2id$v=19$a', 'Europe/Berlin'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@example.org', 'bob',   '$argon2id$v=19$b', 'America/New_York');
INSERT INTO exbuddy.exercise_types (id, user_id, slug, name, measure, met, seconds_per_rep) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
     'wall-push-up', 'Wall push-up', 'reps', 2.5, 2);
INSERT INTO exbuddy.workouts (id, user_id, exercise_type_id, performed_at, reps)
    SELECT 'b0000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', id,
           '2025-01-15 03:00+00', 30 FROM exbuddy.exercise_types WHERE slug = 'push-up' AND user_id IS NULL;
SELECT is(pg_temp.row_of('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '2025-01-14', 'push-up'), '1|30|0|NULL|30|0',
    'B''s workout at 03:00 UTC counts on the 14th, their day in New York');
SELECT pg_temp.same('after an INSERT as the superuser');

-- As the app role for A --------------------------------------------------------------

SET LOCAL ROLE exbuddy_app;
SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
-- A session in another zone: the days are still A's own.
SET LOCAL TimeZone = 'Pacific/Auckland';

-- Three on the 15th in Berlin (one at 23:30), one on the 16th (00:30), one
-- timed, in one statement.
SELECT is(pg_temp.affected($$INSERT INTO exbuddy.workouts
        (id, user_id, exercise_type_id, performed_at, reps, duration_seconds, calories)
    SELECT w.id::uuid, exbuddy.current_user_id(), e.id, w.at::timestamptz, w.reps, w.secs, w.kcal
    FROM (VALUES
        ('a0000000-0000-4000-8000-000000000001', 'push-up', '2025-01-15 07:00+00', 20, 0,   10.5),
        ('a0000000-0000-4000-8000-000000000002', 'push-up', '2025-01-15 12:00+00', 35, 0,   NULL),
        ('a0000000-0000-4000-8000-000000000003', 'push-up', '2025-01-15 22:30+00', 25, 0,   4.0),
        ('a0000000-0000-4000-8000-000000000004', 'push-up', '2025-01-15 23:30+00', 10, 0,   NULL),
        ('a0000000-0000-4000-8000-000000000005', 'plank',   '2025-01-15 08:00+00', 0,  95,  6.2)
    ) AS w(id, slug, at, reps, secs, kcal)
    JOIN exbuddy.exercise_types e ON e.slug = w.slug AND e.user_id IS NULL$$), 5::bigint,
    'A logs five workouts in one statement');
SELECT results_eq($$SELECT day, workouts, reps, best_reps, kcal FROM exbuddy.daily_totals
                    ORDER BY day, workouts DESC$$,
    $$VALUES ('2025-01-15'::date, 3, 80::bigint, 35, 14.5::numeric),
             ('2025-01-15', 1, 0, 0, 6.2),
             ('2025-01-16', 1, 10, 10, NULL)$$,
    'A sees only their own rows: the 15th (three push-ups, 80 reps, best 35, 14.5 kcal of two), the plank, the 16th');
SELECT is(pg_temp.row_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2025-01-15', 'plank'), '1|0|95|6.2|0|95',
    'the plank: 95 seconds, the longest 95');
SELECT throws_ok($$INSERT INTO exbuddy.daily_totals (user_id, day, exercise_type_id, workouts, reps,
                     seconds, best_reps, best_seconds)
                   SELECT 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '2025-01-20', id, 1, 5, 0, 5, 0
                   FROM exbuddy.exercise_types WHERE slug = 'squat'$$, '42501',
    'new row violates row-level security policy for table "daily_totals"',
    'A cannot write a row of B''s summary');
SELECT is(pg_temp.affected($$UPDATE exbuddy.daily_totals SET workouts = workouts$$), 3::bigint,
    'A''s UPDATE of the summary reaches only their own three rows');
RESET ROLE;
SELECT pg_temp.same('after A''s insert of five in one statement, under TimeZone Pacific/Auckland');
SET LOCAL ROLE exbuddy_app;

-- Across midnight in Berlin: 22:30 UTC (23:30, the 15th) to 23:10 UTC (00:10, the 16th).
SELECT is(pg_temp.affected($$UPDATE exbuddy.workouts SET performed_at = '2025-01-15 23:10+00'
                              WHERE id = 'a0000000-0000-4000-8000-000000000003'$$), 1::bigint,
    'A moves a workout from 23:30 to 00:10 the next day');
SELECT is(pg_temp.row_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2025-01-15', 'push-up'), '2|55|0|10.5|35|0',
    '... the 15th: two push-ups, 55 reps, 10.5 kcal');
SELECT is(pg_temp.row_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2025-01-16', 'push-up'), '2|35|0|4.0|25|0',
    '... the 16th: two, 35 reps, best 25, 4.0 kcal');
RESET ROLE;
SELECT pg_temp.same('after a workout moved across midnight');
SET LOCAL ROLE exbuddy_app;

-- The best workout of a day deleted: the next best is the best.
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.workouts WHERE id = 'a0000000-0000-4000-8000-000000000002'$$),
    1::bigint, 'A deletes the 15th''s best push-ups (35)');
SELECT is(pg_temp.row_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2025-01-15', 'push-up'), '1|20|0|10.5|20|0',
    '... the 15th''s best is 20 now');
RESET ROLE;
SELECT pg_temp.same('after the best workout of a day is deleted');
SET LOCAL ROLE exbuddy_app;

-- To another exercise, with other numbers; the last of a day gone.
SELECT is(pg_temp.affected($$UPDATE exbuddy.workouts SET exercise_type_id =
        (SELECT id FROM exbuddy.exercise_types WHERE slug = 'squat' AND user_id IS NULL),
        reps = 40, calories = 9.9 WHERE id = 'a0000000-0000-4000-8000-000000000001'$$),
    1::bigint, 'A turns the 15th''s last push-ups into squats');
SELECT is(pg_temp.row_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2025-01-15', 'push-up'), NULL,
    '... the 15th has no push-ups row left');
SELECT is(pg_temp.row_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2025-01-15', 'squat'), '1|40|0|9.9|40|0',
    '... and a squats row');
RESET ROLE;
SELECT pg_temp.same('after a workout changed exercise');
SET LOCAL ROLE exbuddy_app;

-- What A may not do to B.
SELECT throws_ok($$UPDATE exbuddy.workouts SET user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
                   WHERE id = 'a0000000-0000-4000-8000-000000000004'$$, '42501',
    'new row violates row-level security policy for table "workouts"',
    'A cannot move a workout to B');
SELECT is(pg_temp.affected($$UPDATE exbuddy.workouts SET reps = 99
                              WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$), 0::bigint,
    'A''s UPDATE of B''s workouts affects none');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.workouts
                              WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$), 0::bigint,
    'A''s DELETE of B''s workouts affects none');
SELECT is(pg_temp.affected($$DELETE FROM exbuddy.workouts WHERE id = 'a0000000-0000-4000-8000-000000000099'$$),
    0::bigint, 'a DELETE of nothing is fine');
SELECT is_empty($$SELECT 1 FROM exbuddy.daily_totals WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$,
    'A does not see B''s summary');
RESET ROLE;
SELECT is(pg_temp.row_of('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '2025-01-14', 'push-up'), '1|30|0|NULL|30|0',
    'B''s row is as it was');
SELECT pg_temp.same('after A''s attempts on B''s rows');

-- An own exercise merged into a built-in one (cgi/exercise.c's ex_merge).
SET LOCAL ROLE exbuddy_app;
SELECT is(pg_temp.affected($$INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps)
    VALUES (exbuddy.current_user_id(), 'ae000000-0000-4000-8000-000000000001', '2025-01-16 09:00+00', 12),
           (exbuddy.current_user_id(), 'ae000000-0000-4000-8000-000000000001', '2025-01-17 09:00+00', 8)$$),
    2::bigint, 'A logs two wall push-ups');
SELECT is(pg_temp.affected($$UPDATE exbuddy.workouts SET exercise_type_id =
        (SELECT id FROM exbuddy.exercise_types WHERE slug = 'push-up' AND user_id IS NULL)
        WHERE exercise_type_id = 'ae000000-0000-4000-8000-000000000001'
          AND user_id = exbuddy.current_user_id()$$), 2::bigint,
    'A merges the wall push-ups into push-ups');
SELECT is_empty($$SELECT 1 FROM exbuddy.daily_totals
                  WHERE exercise_type_id = 'ae000000-0000-4000-8000-000000000001'$$,
    '... no row of the wall push-ups is left');
SELECT is(pg_temp.row_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2025-01-16', 'push-up'), '3|47|0|4.0|25|0',
    '... the 16th''s push-ups have them: three, 47 reps');
SELECT lives_ok($$DELETE FROM exbuddy.exercise_types WHERE id = 'ae000000-0000-4000-8000-000000000001'$$,
    '... and the exercise can go');
RESET ROLE;
SELECT pg_temp.same('after a merge of exercises');

-- A new time zone: every day of A counted again there. 23:30 UTC on the
-- 15th is the 16th in Berlin, the 15th in New York.
SET LOCAL ROLE exbuddy_app;
CREATE TEMP TABLE before_week ON COMMIT DROP AS SELECT ctid AS c FROM exbuddy.daily_totals;
SELECT is(pg_temp.affected($$UPDATE exbuddy.users SET week_start = 0 WHERE id = exbuddy.current_user_id()$$),
    1::bigint, 'A changes the first day of their week');
SELECT set_eq('SELECT ctid AS c FROM exbuddy.daily_totals', 'SELECT c FROM before_week',
    '... the summary is not rewritten');
SELECT is(pg_temp.affected($$UPDATE exbuddy.users SET timezone = 'America/New_York' WHERE id = exbuddy.current_user_id()$$),
    1::bigint, 'A moves to New York');
SELECT is(pg_temp.row_of('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2025-01-15', 'push-up'), '2|35|0|4.0|25|0',
    '... the push-ups at 23:10 and 23:30 UTC are on the 15th now');
RESET ROLE;
SELECT pg_temp.same('after A''s change of time zone');

-- The superuser, whom row level security does not stop, moves a workout
-- from A to B: both are counted again, each in their own zone.
SELECT is(pg_temp.affected($$UPDATE exbuddy.workouts SET user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
                              WHERE id = 'a0000000-0000-4000-8000-000000000004'$$), 1::bigint,
    'the superuser moves one of A''s workouts to B');
SELECT pg_temp.same('after a workout moved from one user to another');
UPDATE exbuddy.users SET timezone = 'Asia/Tokyo' WHERE id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
UPDATE exbuddy.workouts SET performed_at = performed_at + interval '1 day';
SELECT pg_temp.same('after every workout is a day later and A is in Tokyo');

-- Many at once: a hundred workouts over a hundred days, then half of them gone.
INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, duration_seconds, calories)
    SELECT CASE WHEN i % 3 = 0 THEN 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'::uuid
                ELSE 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' END,
           e.id, timestamptz '2024-06-01 00:00+00' + i * interval '13 hours 7 minutes',
           CASE WHEN e.measure = 'time' THEN 0 ELSE i % 17 + 1 END,
           CASE WHEN e.measure = 'time' THEN i * 7 ELSE 0 END,
           CASE WHEN i % 4 = 0 THEN NULL ELSE i / 10.0 END
    FROM generate_series(1, 100) i
    JOIN exbuddy.exercise_types e ON e.user_id IS NULL AND e.slug = (ARRAY['push-up', 'plank', 'squat'])[i % 3 + 1];
SELECT pg_temp.same('after a hundred workouts of two users in one statement');
DELETE FROM exbuddy.workouts WHERE performed_at >= '2024-06-01' AND performed_at < '2024-09-01'
    AND extract(minute FROM performed_at)::integer % 2 = 0;
SELECT pg_temp.same('after half of them are deleted in one statement');

-- A user deleted takes their rows along.
DELETE FROM exbuddy.users WHERE id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
SELECT is_empty($$SELECT 1 FROM exbuddy.daily_totals WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$,
    'B deleted: no row of theirs is left');
SELECT pg_temp.same('after B is deleted');
SELECT isnt_empty($$SELECT 1 FROM pg_temp.stored$$, '(A still has rows to compare)');

SELECT * FROM finish();
ROLLBACK;
