-- bench/generate.sql — the benchmark's data, set-based and deterministic:
-- :users users with :workouts workouts each over :years years, and one
-- heavy user (bench_heavy) with :heavy_workouts over :heavy_years years;
-- their own exercises, sets, weekly body weights and goals. Every value
-- comes from hashint8extended() of the row's numbers, never from
-- random(), so two runs with the same variables write the same rows (only
-- the ids of the built-in exercises, made by the migrations, and the
-- password hash differ from one cluster to another).
--
--   psql -v users=200 -v workouts=500 -v years=3 -v heavy_workouts=10000 \
--        -v heavy_years=10 -v end_day=2026-03-31 -v hash='$argon2id$...' \
--        -f bench/generate.sql
--
-- end_day: the day after the last one with workouts. hash: a password
-- hash the app made (bench/run signs a user up for it), so that every
-- user logs in through /login with the bench's password.
--
-- Run as a superuser on a migrated database (bench_* users are replaced):
-- row level security does not apply to a superuser, and the rows go in
-- with session_replication_role = replica, which skips the foreign key
-- triggers and the statement trigger that checks a workout's exercise
-- (row by row they would take most of the time). The same rules are
-- checked afterwards, set-based, and a row breaking one stops the script
-- (nothing is kept); CHECK constraints and unique indexes apply as usual.
-- VACUUM ANALYZE follows, so that a benchmark starts from a steady state.

\set ON_ERROR_STOP on
\set QUIET on
\timing off

BEGIN;
-- Before the triggers are off: ON DELETE CASCADE is a trigger too.
DELETE FROM exbuddy.users WHERE username LIKE 'bench\_%';

SET LOCAL session_replication_role = replica;
SET LOCAL work_mem = '64MB';
-- Compiling these long expressions (JIT) would take longer than running them.
SET LOCAL jit = off;
SET LOCAL TimeZone = 'UTC';

-- r(a, b, f): a number from 0 to 2^31 - 1, the same for the same arguments.
CREATE FUNCTION pg_temp.r(a bigint, b bigint, f integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN hashint8extended(a * 1000003 + b, f) & 2147483647;

-- The users: n = 0 is the heavy one. start_day is their first day, span
-- their days, w their workouts, bw_base their body weight (kg).
CREATE TEMP TABLE bench_users ON COMMIT DROP AS
SELECT n, md5('bench-user-' || n)::uuid AS id,
       CASE WHEN n = 0 THEN 'bench_heavy' ELSE 'bench_' || lpad(n::text, 5, '0') END AS username,
       (ARRAY['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo',
              'Australia/Sydney', 'America/Los_Angeles'])[1 + n % 6] AS tz,
       CASE WHEN n = 0 THEN :heavy_workouts ELSE :workouts END AS w,
       (CASE WHEN n = 0 THEN :heavy_years ELSE :years END) * 365 AS span,
       :'end_day'::date - (CASE WHEN n = 0 THEN :heavy_years ELSE :years END) * 365 AS start_day,
       60 + pg_temp.r(n, 0, 1) % 40 AS bw_base
FROM generate_series(0, :users) n;
ALTER TABLE bench_users ADD PRIMARY KEY (n);
ANALYZE bench_users;

INSERT INTO exbuddy.users (id, email, username, password_hash, timezone,
    week_start, weight_unit, created_at, updated_at)
SELECT id, username || '@example.test', username, :'hash', tz,
       CASE WHEN n % 3 = 0 THEN 0 ELSE 1 END,
       CASE WHEN n % 5 = 0 THEN 'lb' ELSE 'kg' END,
       (start_day - 1) + time '08:00', (start_day - 1) + time '08:00'
FROM bench_users;

-- The exercises a workout picks from: 1 to 5 built in, 6 to 8 the user's own.
CREATE TEMP TABLE bench_ex (k integer PRIMARY KEY, slug text, name text,
    measure text, met numeric, spr numeric, own boolean) ON COMMIT DROP;
INSERT INTO bench_ex VALUES
    (1, 'push-up', NULL, 'reps', NULL, NULL, false),
    (2, 'squat', NULL, 'reps', NULL, NULL, false),
    (3, 'pull-up', NULL, 'reps', NULL, NULL, false),
    (4, 'plank', NULL, 'time', NULL, NULL, false),
    (5, 'jump-rope', NULL, 'time', NULL, NULL, false),
    (6, 'bench-press', 'Bench press', 'reps_weight', 5.0, 3.0, true),
    (7, 'deadlift', 'Deadlift', 'reps_weight', 6.0, 3.5, true),
    (8, 'rowing', 'Rowing machine', 'time', 7.0, NULL, true);

INSERT INTO exbuddy.exercise_types (id, user_id, slug, name, description,
    measure, met, seconds_per_rep, bodyweight, created_at)
SELECT md5('bench-ex-' || u.n || '-' || e.slug)::uuid, u.id, e.slug, e.name, '',
       e.measure, e.met, e.spr, false, (u.start_day - 1) + time '08:05'
FROM bench_users u CROSS JOIN bench_ex e WHERE e.own;

-- Per user and exercise number: its id, MET, pace and whether the body
-- weight counts.
CREATE TEMP TABLE bench_ux ON COMMIT DROP AS
SELECT u.n, e.k, t.id AS ex_id, t.met, coalesce(t.seconds_per_rep, 0) AS spr, t.bodyweight
FROM bench_users u CROSS JOIN bench_ex e
JOIN exbuddy.exercise_types t ON t.slug = e.slug
    AND t.user_id IS NOT DISTINCT FROM CASE WHEN e.own THEN u.id END;
ALTER TABLE bench_ux ADD PRIMARY KEY (n, k);
ANALYZE bench_ux;

-- Body weight entry number j of user n (one every seven days from start_day).
CREATE FUNCTION pg_temp.bw(n bigint, base bigint, j bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN round(base + 3 * sin(j / 9.0)::numeric + (pg_temp.r(n, j, 2) % 100) / 100.0, 2);

INSERT INTO exbuddy.body_weights (user_id, day, weight_kg, created_at, updated_at)
SELECT u.id, u.start_day + 7 * j, pg_temp.bw(u.n, u.bw_base, j),
       (u.start_day + 7 * j) + time '07:00', (u.start_day + 7 * j) + time '07:00'
FROM bench_users u CROSS JOIN LATERAL generate_series(0, (u.span - 1) / 7) j;

INSERT INTO exbuddy.goals (user_id, exercise_type_id, weekly_target, created_at, updated_at)
SELECT u.id, x.ex_id, CASE WHEN x.k = 1 THEN 150 + u.n % 100 ELSE 300 + u.n % 300 END,
       u.start_day + time '09:00', u.start_day + time '09:00'
FROM bench_users u JOIN bench_ux x ON x.n = u.n AND x.k IN (1, 4);

-- Workout k of user n: its seed s; its day, spread evenly over the span
-- with some jitter (about one a day); its exercise; its sets, 1 to 5 (1
-- to 3 timed); its progress p from 0 to 1 (reps and weights grow with it).
CREATE FUNCTION pg_temp.ex_of(s bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN pg_temp.r(s, 0, 5) % 100 < 20 THEN 1
                WHEN pg_temp.r(s, 0, 5) % 100 < 30 THEN 2
                WHEN pg_temp.r(s, 0, 5) % 100 < 40 THEN 3
                WHEN pg_temp.r(s, 0, 5) % 100 < 50 THEN 4
                WHEN pg_temp.r(s, 0, 5) % 100 < 58 THEN 5
                WHEN pg_temp.r(s, 0, 5) % 100 < 73 THEN 6
                WHEN pg_temp.r(s, 0, 5) % 100 < 88 THEN 7 ELSE 8 END;
CREATE FUNCTION pg_temp.nsets(s bigint, e integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN e IN (4, 5, 8) THEN 1 + pg_temp.r(s, 0, 10) % 3
                ELSE 1 + pg_temp.r(s, 0, 10) % 5 END;
-- Set j of a workout of exercise e: reps, seconds, added weight (kg).
CREATE FUNCTION pg_temp.set_reps(s bigint, e integer, p float8, j integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE e
        WHEN 1 THEN greatest(1, 12 + floor(p * 18)::int + (pg_temp.r(s, j, 6) % 8)::int - 2 * j)
        WHEN 2 THEN greatest(1, 15 + floor(p * 15)::int + (pg_temp.r(s, j, 6) % 6)::int - j)
        WHEN 3 THEN greatest(1, 4 + floor(p * 8)::int + (pg_temp.r(s, j, 6) % 4)::int - j)
        WHEN 6 THEN 5 + (pg_temp.r(s, j, 6) % 6)::int
        WHEN 7 THEN 3 + (pg_temp.r(s, j, 6) % 6)::int
        ELSE 0 END;
CREATE FUNCTION pg_temp.set_secs(s bigint, e integer, p float8, j integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE e
        WHEN 4 THEN 30 + floor(p * 90)::int + (pg_temp.r(s, j, 7) % 30)::int
        WHEN 5 THEN 60 + floor(p * 240)::int + (pg_temp.r(s, j, 7) % 60)::int
        WHEN 8 THEN 300 + (pg_temp.r(s, j, 7) % 900)::int
        ELSE 0 END;
-- The barbell's weight; one pull-up workout in five with a weight belt.
CREATE FUNCTION pg_temp.set_load(s bigint, e integer, p float8, j integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE e
        WHEN 6 THEN 40 + 2.5 * (floor(p * 16)::int + pg_temp.r(s, j, 8) % 5)
        WHEN 7 THEN 60 + 2.5 * (floor(p * 32)::int + pg_temp.r(s, j, 8) % 5)
        WHEN 3 THEN CASE WHEN pg_temp.r(s, 0, 8) % 5 = 0 THEN 2.5 * (2 + pg_temp.r(s, 0, 9) % 6) END
        END;

-- Every workout, k outermost (OFFSET 0 keeps the loop in that order): rows
-- go in about in time order, so that a user's rows are spread over the
-- table as the app writes them over the years, not side by side. Its sets
-- are columns, r (reps), d (seconds) and l (load) 1 to 5, NULL past its
-- last (r and d are 0, not NULL, in a set that has none): each is
-- computed once, for the workout's totals and for its row in workout_sets.
CREATE TEMP VIEW bench_plan AS
SELECT w.*,
       pg_temp.set_reps(w.s, w.e, w.p, 1) AS r1, pg_temp.set_secs(w.s, w.e, w.p, 1) AS d1,
       pg_temp.set_load(w.s, w.e, w.p, 1) AS l1,
       CASE WHEN w.nsets >= 2 THEN pg_temp.set_reps(w.s, w.e, w.p, 2) END AS r2,
       CASE WHEN w.nsets >= 2 THEN pg_temp.set_secs(w.s, w.e, w.p, 2) END AS d2,
       CASE WHEN w.nsets >= 2 THEN pg_temp.set_load(w.s, w.e, w.p, 2) END AS l2,
       CASE WHEN w.nsets >= 3 THEN pg_temp.set_reps(w.s, w.e, w.p, 3) END AS r3,
       CASE WHEN w.nsets >= 3 THEN pg_temp.set_secs(w.s, w.e, w.p, 3) END AS d3,
       CASE WHEN w.nsets >= 3 THEN pg_temp.set_load(w.s, w.e, w.p, 3) END AS l3,
       CASE WHEN w.nsets >= 4 THEN pg_temp.set_reps(w.s, w.e, w.p, 4) END AS r4,
       CASE WHEN w.nsets >= 4 THEN pg_temp.set_secs(w.s, w.e, w.p, 4) END AS d4,
       CASE WHEN w.nsets >= 4 THEN pg_temp.set_load(w.s, w.e, w.p, 4) END AS l4,
       CASE WHEN w.nsets >= 5 THEN pg_temp.set_reps(w.s, w.e, w.p, 5) END AS r5,
       CASE WHEN w.nsets >= 5 THEN pg_temp.set_secs(w.s, w.e, w.p, 5) END AS d5,
       CASE WHEN w.nsets >= 5 THEN pg_temp.set_load(w.s, w.e, w.p, 5) END AS l5
FROM (
    SELECT v.n, v.id, v.s, v.e, v.p, pg_temp.nsets(v.s, v.e) AS nsets,
           ((v.start_day + v.d) + make_time(6 + (pg_temp.r(v.s, 0, 2) % 16)::int,
                (pg_temp.r(v.s, 0, 3) % 60)::int, (pg_temp.r(v.s, 0, 4) % 60)::int)) AT TIME ZONE v.tz AS at,
           pg_temp.bw(v.n, v.bw_base, v.d / 7) AS bw
    FROM generate_series(1, greatest(:workouts, :heavy_workouts)) k
    CROSS JOIN LATERAL (
        SELECT u.n, u.id, u.tz, u.start_day, u.bw_base, u.n * 1000000::bigint + k AS s,
               pg_temp.ex_of(u.n * 1000000::bigint + k) AS e, k::float8 / u.w AS p,
               floor(((k - 1) + 0.9 * (pg_temp.r(u.n, k, 1) % 1000) / 1000.0) * u.span / u.w)::int AS d
        FROM bench_users u WHERE k <= u.w OFFSET 0) v
    OFFSET 0) w
OFFSET 0;

-- What a set adds to a workout's volume, as wk_totals (cgi/workout.c)
-- counts it: reps × (load + the body weight for a bodyweight move); NULL
-- when it counts for nothing (no reps; no load on a move without the
-- body's weight). sum5: the sum of five, NULL when all are.
CREATE FUNCTION pg_temp.vol(r integer, l numeric, bodyweight boolean, bw numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN r > 0 AND (l IS NOT NULL OR bodyweight)
        THEN r * greatest(coalesce(l, 0) + CASE WHEN bodyweight THEN bw ELSE 0 END, 0) END;
CREATE FUNCTION pg_temp.sum5(a numeric, b numeric, c numeric, d numeric, e numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN coalesce(a, b, c, d, e) IS NOT NULL
        THEN coalesce(a, 0) + coalesce(b, 0) + coalesce(c, 0) + coalesce(d, 0) + coalesce(e, 0) END;

-- A set in workouts.set_list (sql/022): "reps:seconds:load", the load as
-- numeric(7,2) writes it; NULL when there is no such set.
CREATE FUNCTION pg_temp.set_item(r integer, d integer, l numeric) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN r IS NOT NULL THEN r || ':' || d || ':' || coalesce(l::numeric(7,2)::text, '') END;

\echo generate: workouts
INSERT INTO exbuddy.workouts (id, user_id, exercise_type_id, performed_at, reps,
    duration_seconds, calories, calories_estimated, note, submission_id, set_count,
    best_set_reps, best_set_seconds, max_load_kg, volume_kg, set_list, created_at, updated_at)
SELECT md5('bench-workout-' || t.s)::uuid, t.id, t.ex_id, t.at, t.reps, t.secs,
       -- the estimate of wk_calories: MET × kg × seconds (or reps × pace)
       round(t.met * t.bw * (CASE WHEN t.secs > 0 THEN t.secs ELSE t.reps * t.spr END) / 3600, 1),
       true,
       CASE WHEN pg_temp.r(t.s, 0, 11) % 20 = 0
            THEN (ARRAY['Felt strong.', 'Tired today.', 'New shoes.', 'Short on time.'])
                 [1 + pg_temp.r(t.s, 0, 12) % 4] END,
       -- logged through the form (a submission id), one in ten imported
       CASE WHEN pg_temp.r(t.s, 0, 13) % 10 <> 0 THEN md5('bench-sub-' || t.s)::uuid END,
       t.nsets, greatest(t.r1, t.r2, t.r3, t.r4, t.r5), greatest(t.d1, t.d2, t.d3, t.d4, t.d5),
       greatest(t.l1, t.l2, t.l3, t.l4, t.l5),
       pg_temp.sum5(pg_temp.vol(t.r1, t.l1, t.bodyweight, t.bw), pg_temp.vol(t.r2, t.l2, t.bodyweight, t.bw),
                    pg_temp.vol(t.r3, t.l3, t.bodyweight, t.bw), pg_temp.vol(t.r4, t.l4, t.bodyweight, t.bw),
                    pg_temp.vol(t.r5, t.l5, t.bodyweight, t.bw)),
       concat_ws(' ', pg_temp.set_item(t.r1, t.d1, t.l1), pg_temp.set_item(t.r2, t.d2, t.l2),
                 pg_temp.set_item(t.r3, t.d3, t.l3), pg_temp.set_item(t.r4, t.d4, t.l4),
                 pg_temp.set_item(t.r5, t.d5, t.l5)),
       t.at, t.at
FROM (SELECT v.*, x.ex_id, x.met, x.spr, x.bodyweight,
             pg_temp.sum5(v.r1, v.r2, v.r3, v.r4, v.r5)::int AS reps,
             pg_temp.sum5(v.d1, v.d2, v.d3, v.d4, v.d5)::int AS secs
      FROM bench_plan v JOIN bench_ux x ON x.n = v.n AND x.k = v.e OFFSET 0) t;

\echo generate: sets
INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, reps, duration_seconds, load_kg)
SELECT md5('bench-workout-' || v.s)::uuid, v.id, q.j, q.r, q.d, q.l
FROM bench_plan v CROSS JOIN LATERAL (VALUES (1, v.r1, v.d1, v.l1), (2, v.r2, v.d2, v.l2),
    (3, v.r3, v.d3, v.l3), (4, v.r4, v.d4, v.l4), (5, v.r5, v.d5, v.l5)) q (j, r, d, l)
WHERE q.r IS NOT NULL;

-- What the triggers skipped: every foreign key, and a workout's or goal's
-- exercise one its user may see (exbuddy.exercise_visible_check).
\echo generate: checks
DO $checks$
DECLARE
    broken bigint;
BEGIN
    SELECT (SELECT count(*) FROM exbuddy.workouts w JOIN bench_users b ON b.id = w.user_id
            WHERE NOT EXISTS (SELECT 1 FROM exbuddy.exercise_types e WHERE e.id = w.exercise_type_id
                              AND (e.user_id IS NULL OR e.user_id = w.user_id)))
         + (SELECT count(*) FROM exbuddy.workout_sets s JOIN bench_users b ON b.id = s.user_id
            WHERE NOT EXISTS (SELECT 1 FROM exbuddy.workouts w
                              WHERE w.id = s.workout_id AND w.user_id = s.user_id))
         + (SELECT count(*) FROM exbuddy.goals g JOIN bench_users b ON b.id = g.user_id
            WHERE NOT EXISTS (SELECT 1 FROM exbuddy.exercise_types e WHERE e.id = g.exercise_type_id
                              AND (e.user_id IS NULL OR e.user_id = g.user_id)))
         + (SELECT count(*) FROM bench_users b
            WHERE NOT EXISTS (SELECT 1 FROM exbuddy.users u WHERE u.id = b.id))
      INTO broken;
    IF broken > 0 THEN
        RAISE EXCEPTION 'generate: % rows break a foreign key or the exercise rule', broken;
    END IF;
END
$checks$;

-- What the statement triggers on workouts skipped: the summary the pages
-- read (sql/010_daily_totals.sql), counted from the workouts as they do,
-- each user's days in the user's own zone.
\echo generate: daily totals
INSERT INTO exbuddy.daily_totals (user_id, day, exercise_type_id, workouts, reps,
        seconds, kcal, best_reps, best_seconds)
    SELECT w.user_id, (w.performed_at AT TIME ZONE u.timezone)::date, w.exercise_type_id,
        count(*), sum(w.reps), sum(w.duration_seconds), sum(w.calories), max(w.reps),
        max(w.duration_seconds)
    FROM exbuddy.workouts w JOIN bench_users b ON b.id = w.user_id
    JOIN exbuddy.users u ON u.id = w.user_id
    GROUP BY w.user_id, 2, w.exercise_type_id;

-- And what daily_totals' own triggers skipped: the totals and records per
-- exercise, the runs of days (sql/012_user_totals.sql), counted by the
-- functions those triggers call (sql/014_user_totals_sets.sql).
\echo generate: exercise totals and runs of days
\o /dev/null
SELECT exbuddy.exercise_totals_recount(array_agg(k.user_id), array_agg(k.exercise_type_id))
    FROM (SELECT DISTINCT d.user_id, d.exercise_type_id FROM exbuddy.daily_totals d
          JOIN bench_users b ON b.id = d.user_id) k;
SELECT exbuddy.activity_recount(array_agg(b.id)) FROM bench_users b;
\o

-- And the months and days /stats reads (sql/018_period_totals.sql), summed
-- from daily_totals as its triggers do.
\echo generate: month and day totals
INSERT INTO exbuddy.month_totals (user_id, month, exercise_type_id, workouts, reps, seconds, kcal)
    SELECT d.user_id, date_trunc('month', d.day::timestamp)::date, d.exercise_type_id, sum(d.workouts),
        sum(d.reps), sum(d.seconds), sum(d.kcal)
    FROM exbuddy.daily_totals d JOIN bench_users b ON b.id = d.user_id GROUP BY 1, 2, 3;
INSERT INTO exbuddy.user_days (user_id, day, workouts, reps, seconds)
    SELECT d.user_id, d.day, sum(d.workouts), sum(d.reps), sum(d.seconds)
    FROM exbuddy.daily_totals d JOIN bench_users b ON b.id = d.user_id GROUP BY 1, 2;

COMMIT;

\echo generate: vacuum analyze
VACUUM (ANALYZE) exbuddy.users, exbuddy.exercise_types, exbuddy.workouts,
    exbuddy.workout_sets, exbuddy.body_weights, exbuddy.goals, exbuddy.daily_totals,
    exbuddy.exercise_totals, exbuddy.activity_runs, exbuddy.user_activity,
    exbuddy.month_totals, exbuddy.user_days;
