-- 09_period_totals.sql — pgTAP: migration 018's totals per month and
-- exercise (month_totals) and per day (user_days). Their shape, row level
-- security and grants; and after each write of workouts (as the app role)
-- that every row equals a recount of the workouts, both ways: workouts on
-- the last evening of a month in the user's zone (the next month in UTC),
-- calories missing and given, an edit moving a workout to the next month,
-- the last workout of a month deleted, a change of time zone, a user
-- deleted.
--
-- Runs as superuser postgres; switches with SET LOCAL ROLE exbuddy_app and
-- back with RESET ROLE. Everything is rolled back at the end.
--
-- User A = aaaaaaaa-… (America/New_York), user B = bbbbbbbb-… (Asia/Tokyo).

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(32);

GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO exbuddy_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq
    TO exbuddy_app;

-- The two summaries of A and B as stored, and as counted again from their
-- workouts (written here, not taken from the migration).
CREATE VIEW pg_temp.stored AS
    SELECT 'month' AS kind, user_id, month AS at, exercise_type_id AS ex, workouts, reps,
           seconds, kcal FROM exbuddy.month_totals
    WHERE user_id IN ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')
    UNION ALL
    SELECT 'day', user_id, day, NULL, workouts, reps, seconds, NULL FROM exbuddy.user_days
    WHERE user_id IN ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
CREATE VIEW pg_temp.counted AS
    WITH w AS (SELECT w.user_id, w.exercise_type_id AS ex,
                      (w.performed_at AT TIME ZONE u.timezone)::date AS day, w.reps,
                      w.duration_seconds AS secs, w.calories
               FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id
               WHERE w.user_id IN ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
                                   'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'))
    SELECT 'month' AS kind, user_id, date_trunc('month', day)::date AS at, ex,
           count(*)::bigint AS workouts, sum(reps)::bigint AS reps, sum(secs)::bigint AS seconds,
           sum(calories)::numeric(16,1) AS kcal
    FROM w GROUP BY user_id, 3, ex
    UNION ALL
    SELECT 'day', user_id, day, NULL, count(*), sum(reps), sum(secs), NULL
    FROM w GROUP BY user_id, day;
-- The check after each step: as the superuser, stored = counted, both ways.
CREATE FUNCTION pg_temp.same(what text) RETURNS text
    LANGUAGE sql AS $$
    SELECT results_eq(
        'SELECT * FROM pg_temp.stored ORDER BY 1, 2, 3, 4',
        'SELECT * FROM pg_temp.counted ORDER BY 1, 2, 3, 4',
        'month_totals and user_days equal a recount of the workouts ' || what)
$$;

-- Shape, grants, row level security -----------------------------------------------

SELECT columns_are('exbuddy', 'month_totals', ARRAY['user_id', 'month', 'exercise_type_id',
    'workouts', 'reps', 'seconds', 'kcal']);
SELECT columns_are('exbuddy', 'user_days', ARRAY['user_id', 'day', 'workouts', 'reps', 'seconds']);
SELECT is(pg_get_indexdef('exbuddy.month_totals_pkey'::regclass),
    'CREATE UNIQUE INDEX month_totals_pkey ON exbuddy.month_totals USING btree (user_id, month, exercise_type_id) INCLUDE (workouts, reps, seconds, kcal)',
    'month_totals: the primary key holds every column (/stats reads it alone)');
SELECT is(pg_get_indexdef('exbuddy.user_days_pkey'::regclass),
    'CREATE UNIQUE INDEX user_days_pkey ON exbuddy.user_days USING btree (user_id, day) INCLUDE (workouts, reps, seconds)',
    'user_days: the primary key holds every column');
SELECT fk_ok('exbuddy', 'month_totals', 'user_id', 'exbuddy', 'users', 'id');
SELECT fk_ok('exbuddy', 'user_days', 'user_id', 'exbuddy', 'users', 'id');
SELECT table_privs_are('exbuddy', t, 'exbuddy_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'])
  FROM unnest(ARRAY['month_totals', 'user_days']) AS t;
SELECT table_privs_are('exbuddy', t, 'exbuddy_auth', ARRAY[]::text[])
  FROM unnest(ARRAY['month_totals', 'user_days']) AS t;
SELECT has_trigger('exbuddy', 'daily_totals', t, 'trigger ' || t || ' on daily_totals')
  FROM unnest(ARRAY['daily_totals_period_totals_insert', 'daily_totals_period_totals_update',
                    'daily_totals_period_totals_delete']) AS t;
SELECT throws_ok($$INSERT INTO exbuddy.month_totals VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
                     '2025-01-15', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 1, 1, 0, NULL)$$, '23514',
    NULL, 'a month is its first day');

-- Fixtures (as superuser) ----------------------------------------------------------

INSERT INTO exbuddy.users (id, email, username, password_hash, timezone) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@example.org', 'alice', '$argon2id$v=19$a', 'America/New_York'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@example.org', 'bob',   '$argon2id$v=19$b', 'Asia/Tokyo');
INSERT INTO exbuddy.workouts (id, user_id, exercise_type_id, performed_at, reps)
    SELECT 'b0000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', id,
           '2025-01-31 16:00+00', 30 FROM exbuddy.exercise_types WHERE slug = 'push-up' AND user_id IS NULL;
SELECT results_eq($$SELECT month, workouts FROM exbuddy.month_totals
                    WHERE user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$,
    $$VALUES ('2025-02-01'::date, 1::bigint)$$,
    'B''s workout at 16:00 UTC on 31 January counts in February, their month in Tokyo');
SELECT pg_temp.same('after an INSERT as the superuser');

-- As the app role for A --------------------------------------------------------------

SET LOCAL ROLE exbuddy_app;
SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SET LOCAL TimeZone = 'UTC';

-- The evening of 31 January in New York is 1 February in UTC.
INSERT INTO exbuddy.workouts (id, user_id, exercise_type_id, performed_at, reps,
        duration_seconds, calories)
    SELECT w.id::uuid, exbuddy.current_user_id(), e.id, w.at::timestamptz, w.reps, w.secs, w.kcal
    FROM (VALUES
        ('a0000000-0000-4000-8000-000000000001', 'push-up', '2025-01-31 14:00+00', 20, 0, 10.5),
        ('a0000000-0000-4000-8000-000000000002', 'push-up', '2025-02-01 02:00+00', 35, 0, NULL),
        ('a0000000-0000-4000-8000-000000000003', 'plank',   '2025-02-01 03:00+00', 0, 90, 6.2),
        ('a0000000-0000-4000-8000-000000000004', 'push-up', '2025-02-10 12:00+00', 15, 0, NULL)
    ) AS w(id, slug, at, reps, secs, kcal)
    JOIN exbuddy.exercise_types e ON e.slug = w.slug AND e.user_id IS NULL;
SELECT results_eq($$SELECT month, workouts, reps, seconds, kcal FROM exbuddy.month_totals
                    ORDER BY month, seconds$$,
    $$VALUES ('2025-01-01'::date, 2::bigint, 55::bigint, 0::bigint, 10.5::numeric),
             ('2025-01-01', 1, 0, 90, 6.2),
             ('2025-02-01', 1, 15, 0, NULL)$$,
    'A sees only their own months: January (two push-ups, 55 reps, 10.5 kcal of one; the plank), February (NULL kcal: none given)');
SELECT results_eq($$SELECT day, workouts, reps, seconds FROM exbuddy.user_days ORDER BY day$$,
    $$VALUES ('2025-01-31'::date, 3::bigint, 55::bigint, 90::bigint),
             ('2025-02-10', 1, 15, 0)$$,
    'A''s days: the 31st, every exercise in one row; the 10th');
SELECT throws_ok($$INSERT INTO exbuddy.user_days VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
                     '2025-03-01', 1, 1, 0)$$, '42501',
    'new row violates row-level security policy for table "user_days"',
    'A cannot write a row of B''s days');
SELECT throws_ok($$INSERT INTO exbuddy.month_totals SELECT 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
                     '2025-03-01', id, 1, 1, 0, NULL FROM exbuddy.exercise_types
                     WHERE slug = 'squat' AND user_id IS NULL$$, '42501',
    'new row violates row-level security policy for table "month_totals"',
    'A cannot write a row of B''s months');
RESET ROLE;
SELECT pg_temp.same('after A''s insert of four in one statement, across the end of a month');
SET LOCAL ROLE exbuddy_app;

UPDATE exbuddy.workouts SET performed_at = '2025-02-01 06:00+00', calories = 3.5
    WHERE id = 'a0000000-0000-4000-8000-000000000002';
SELECT results_eq($$SELECT month, workouts, reps, kcal FROM exbuddy.month_totals
                    WHERE seconds = 0 ORDER BY month$$,
    $$VALUES ('2025-01-01'::date, 1::bigint, 20::bigint, 10.5::numeric),
             ('2025-02-01', 2, 50, 3.5)$$,
    'an edit moves a workout to 1 February in New York, with calories: both months counted again');
RESET ROLE;
SELECT pg_temp.same('after an edit into the next month');
SET LOCAL ROLE exbuddy_app;

DELETE FROM exbuddy.workouts WHERE id IN ('a0000000-0000-4000-8000-000000000001',
                                          'a0000000-0000-4000-8000-000000000003');
SELECT results_eq($$SELECT month FROM exbuddy.month_totals ORDER BY month$$,
    $$VALUES ('2025-02-01'::date)$$, 'January''s last workouts deleted: its rows go');
SELECT results_eq($$SELECT day FROM exbuddy.user_days ORDER BY day$$,
    $$VALUES ('2025-02-01'::date), ('2025-02-10')$$, '... and the 31st''s');
RESET ROLE;
SELECT pg_temp.same('after deletes that empty a month');
SET LOCAL ROLE exbuddy_app;

-- A moves to Tokyo: 06:00 UTC on 1 February is 15:00 there, the same day;
-- 12:00 UTC on the 10th is 21:00 there, the same day.
UPDATE exbuddy.users SET timezone = 'Asia/Tokyo' WHERE id = exbuddy.current_user_id();
UPDATE exbuddy.users SET timezone = 'Pacific/Honolulu' WHERE id = exbuddy.current_user_id();
SELECT results_eq($$SELECT day FROM exbuddy.user_days ORDER BY day$$,
    $$VALUES ('2025-01-31'::date), ('2025-02-10')$$,
    'then to Honolulu: 06:00 UTC on 1 February is the evening of the 31st there');
SELECT results_eq($$SELECT month, workouts FROM exbuddy.month_totals ORDER BY month$$,
    $$VALUES ('2025-01-01'::date, 1::bigint), ('2025-02-01', 1)$$,
    '... in January, and the 10th in February');
RESET ROLE;
SELECT pg_temp.same('after two changes of time zone');

-- Many days in one statement, as an import writes them.
SET LOCAL ROLE exbuddy_app;
INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, calories)
    SELECT exbuddy.current_user_id(), e.id, timestamptz '2024-01-01 18:00+00' + i * interval '19 hours',
           i % 40 + 1, CASE WHEN i % 3 = 0 THEN i / 10.0 END
    FROM generate_series(1, 500) i
    JOIN exbuddy.exercise_types e ON e.user_id IS NULL AND e.slug IN ('squat', 'push-up', 'sit-up');
RESET ROLE;
SELECT pg_temp.same('after 1,500 workouts in one statement');

DELETE FROM exbuddy.users WHERE id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SELECT is((SELECT count(*) FROM exbuddy.month_totals WHERE user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')
          + (SELECT count(*) FROM exbuddy.user_days WHERE user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
    0::bigint, 'deleting a user takes their months and days along');
SELECT pg_temp.same('after deleting A (B''s rows stay)');

SELECT * FROM finish();
ROLLBACK;
