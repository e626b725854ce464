-- 018_period_totals.sql — what /stats reads for its last twelve months and
-- its year of days no longer grows with how many exercises a user does a
-- day.
--
-- /stats' chart of the last twelve months and its calendar of the last
-- year read daily_totals (010), a row per day and exercise: a user who
-- does three exercises a day reads three times the rows of one who does
-- one (bench_heavy: 820 and 899 rows, against some 290 and 300). Two
-- summaries of daily_totals, kept in the same transaction:
--   * month_totals: per user, month (its first day, in the user's time
--     zone as daily_totals' days are) and exercise, the workouts, reps,
--     seconds and calories: at most twelve rows an exercise for the chart;
--   * user_days: per user and local day, the same over every exercise:
--     at most a row a day for the calendar.
-- Statement triggers on daily_totals count again, from daily_totals, the
-- months and days a statement touched (as 010 counts the workouts: no
-- adding and subtracting to drift). daily_totals is written only under
-- the user's row lock (010's triggers, the change of time zone), so one
-- transaction at a time counts a user's periods. The triggers run as the
-- caller, under row level security; deleting a user takes the rows along.

SET LOCAL ROLE exbuddy_owner;

CREATE TABLE exbuddy.month_totals (
    user_id          uuid          NOT NULL,
    month            date          NOT NULL,
    exercise_type_id uuid          NOT NULL,
    workouts         bigint        NOT NULL,
    reps             bigint        NOT NULL,
    seconds          bigint        NOT NULL,
    kcal             numeric(16,1) NULL,	-- NULL when no workout has any
    -- every column in the index: /stats reads it alone (index-only)
    CONSTRAINT month_totals_pkey PRIMARY KEY (user_id, month, exercise_type_id)
        INCLUDE (workouts, reps, seconds, kcal),
    CONSTRAINT month_totals_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT month_totals_first_day CHECK (extract(day FROM month) = 1),
    CONSTRAINT month_totals_has_workouts CHECK (workouts > 0),
    CONSTRAINT month_totals_amounts_range CHECK (reps >= 0 AND seconds >= 0 AND kcal >= 0)
);

CREATE TABLE exbuddy.user_days (
    user_id          uuid          NOT NULL,
    day              date          NOT NULL,
    workouts         bigint        NOT NULL,
    reps             bigint        NOT NULL,
    seconds          bigint        NOT NULL,
    CONSTRAINT user_days_pkey PRIMARY KEY (user_id, day) INCLUDE (workouts, reps, seconds),
    CONSTRAINT user_days_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT user_days_has_workouts CHECK (workouts > 0),
    CONSTRAINT user_days_amounts_range CHECK (reps >= 0 AND seconds >= 0)
);

COMMENT ON TABLE exbuddy.month_totals IS
    'per user, local month and exercise: sums of daily_totals, kept by triggers on it';
COMMENT ON TABLE exbuddy.user_days IS
    'per user and local day: sums of daily_totals over every exercise, kept by triggers on it';

GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.month_totals, exbuddy.user_days TO exbuddy_app;
ALTER TABLE exbuddy.month_totals ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.month_totals FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.user_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.user_days FORCE ROW LEVEL SECURITY;
CREATE POLICY month_totals_own ON exbuddy.month_totals FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());
CREATE POLICY user_days_own ON exbuddy.user_days FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

-- Every workout written rewrites a row of each: dead rows go soon, and the
-- newest rows are visible to index-only scans soon (as 010's tables).
ALTER TABLE exbuddy.month_totals SET (
    autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
ALTER TABLE exbuddy.user_days SET (
    autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);

-- The keys (user, day, exercise) of daily_totals a statement wrote or
-- removed (its transition tables): their months and days counted again
-- from daily_totals, a row for each that has workouts, none for the
-- others. Each month by daily_totals' primary key (the user's days of
-- that month), each day the same; one plan whatever the number of keys.
CREATE FUNCTION exbuddy.period_totals_refresh() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
    SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    p_user uuid[];
    p_day date[];
    p_ex uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(user_id), array_agg(day), array_agg(exercise_type_id)
            INTO p_user, p_day, p_ex FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(user_id), array_agg(day), array_agg(exercise_type_id)
            INTO p_user, p_day, p_ex FROM old_rows;
    ELSE
        SELECT array_agg(user_id), array_agg(day), array_agg(exercise_type_id)
            INTO p_user, p_day, p_ex FROM (SELECT user_id, day, exercise_type_id
                FROM new_rows UNION ALL SELECT user_id, day, exercise_type_id
                FROM old_rows) c;
    END IF;
    IF p_user IS NULL THEN
        RETURN NULL;
    END IF;
    WITH k AS (SELECT DISTINCT k.user_id, date_trunc('month', k.day::timestamp)::date AS month, k.ex
            FROM unnest(p_user, p_day, p_ex) AS k(user_id, day, ex)),
        c AS (SELECT k.user_id, k.month, k.ex, a.* FROM k CROSS JOIN LATERAL (
                SELECT coalesce(sum(d.workouts), 0) AS workouts,
                    coalesce(sum(d.reps), 0) AS reps, coalesce(sum(d.seconds), 0) AS seconds,
                    sum(d.kcal) AS kcal
                FROM exbuddy.daily_totals d
                WHERE d.user_id = k.user_id AND d.day >= k.month
                  AND d.day < (k.month + interval '1 month')::date
                  AND d.exercise_type_id = k.ex) a),
        up AS (INSERT INTO exbuddy.month_totals AS t (user_id, month, exercise_type_id,
                workouts, reps, seconds, kcal)
            SELECT c.user_id, c.month, c.ex, c.workouts, c.reps, c.seconds, c.kcal
            FROM c WHERE c.workouts > 0
            ON CONFLICT (user_id, month, exercise_type_id) DO UPDATE SET
                workouts = excluded.workouts, reps = excluded.reps,
                seconds = excluded.seconds, kcal = excluded.kcal
            WHERE (t.workouts, t.reps, t.seconds, t.kcal) IS DISTINCT FROM
                (excluded.workouts, excluded.reps, excluded.seconds, excluded.kcal))
    DELETE FROM exbuddy.month_totals t USING c
        WHERE c.workouts = 0 AND t.user_id = c.user_id AND t.month = c.month
          AND t.exercise_type_id = c.ex;

    WITH k AS (SELECT DISTINCT k.user_id, k.day FROM unnest(p_user, p_day) AS k(user_id, day)),
        c AS (SELECT k.user_id, k.day, a.* FROM k CROSS JOIN LATERAL (
                SELECT coalesce(sum(d.workouts), 0) AS workouts,
                    coalesce(sum(d.reps), 0) AS reps, coalesce(sum(d.seconds), 0) AS seconds
                FROM exbuddy.daily_totals d
                WHERE d.user_id = k.user_id AND d.day = k.day) a),
        up AS (INSERT INTO exbuddy.user_days AS t (user_id, day, workouts, reps, seconds)
            SELECT c.user_id, c.day, c.workouts, c.reps, c.seconds FROM c WHERE c.workouts > 0
            ON CONFLICT (user_id, day) DO UPDATE SET workouts = excluded.workouts,
                reps = excluded.reps, seconds = excluded.seconds
            WHERE (t.workouts, t.reps, t.seconds) IS DISTINCT FROM
                (excluded.workouts, excluded.reps, excluded.seconds))
    DELETE FROM exbuddy.user_days t USING c
        WHERE c.workouts = 0 AND t.user_id = c.user_id AND t.day = c.day;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER daily_totals_period_totals_insert
    AFTER INSERT ON exbuddy.daily_totals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.period_totals_refresh();
CREATE TRIGGER daily_totals_period_totals_update
    AFTER UPDATE ON exbuddy.daily_totals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.period_totals_refresh();
CREATE TRIGGER daily_totals_period_totals_delete
    AFTER DELETE ON exbuddy.daily_totals REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.period_totals_refresh();

-- The rows of the days already there, with row level security lifted for
-- this alone, as in 010.
ALTER TABLE exbuddy.daily_totals NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.month_totals NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.user_days NO FORCE ROW LEVEL SECURITY;

INSERT INTO exbuddy.month_totals (user_id, month, exercise_type_id, workouts, reps, seconds, kcal)
    SELECT user_id, date_trunc('month', day::timestamp)::date, exercise_type_id, sum(workouts),
        sum(reps), sum(seconds), sum(kcal)
    FROM exbuddy.daily_totals GROUP BY 1, 2, 3;
INSERT INTO exbuddy.user_days (user_id, day, workouts, reps, seconds)
    SELECT user_id, day, sum(workouts), sum(reps), sum(seconds)
    FROM exbuddy.daily_totals GROUP BY 1, 2;

ALTER TABLE exbuddy.daily_totals FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.month_totals FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.user_days FORCE ROW LEVEL SECURITY;

ANALYZE exbuddy.month_totals, exbuddy.user_days;

RESET ROLE;
