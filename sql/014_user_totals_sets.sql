-- 014_user_totals_sets.sql — 012's summaries counted in one statement for
-- all the pairs a statement touched, not pair by pair.
--
-- 012's triggers on daily_totals looped over the (user, exercise) pairs
-- and the users of a statement, counting each in statements of their own,
-- in three near-copies of one trigger function. Now:
--   * exercise_totals_recount(users[], exercises[]) counts every pair given
--     again from daily_totals in one DELETE and one INSERT;
--   * activity_recount(users[]) counts the runs of days of every user given
--     in one DELETE and one INSERT per table;
--   * one trigger function serves INSERT, UPDATE and DELETE on
--     daily_totals: the pairs of its transition tables, and the users whose
--     days came or went (also when an UPDATE changes a key, which the app
--     never does but a direct UPDATE could).
-- Their statements keep one plan whatever the size of the arrays
-- (force_generic_plan, as 010's): each pair's rows read by the primary key
-- of daily_totals. Measured on one machine (psql, 2,000 users with 100
-- workouts each): counting their 18,000 pairs takes 1.5 s (012's loop:
-- 2.5-3.4 s); their runs ~2.7 s either way (mostly the foreign key checks
-- of 200,000 new rows); one user's single-row insert costs the same
-- (0.7-1.2 ms, triggers included). Planned for each call instead
-- (force_custom_plan), a single-row insert cost ~1.5 ms more. Same rules
-- as 012 otherwise: the triggers run as the caller, under row level
-- security, after 010's trigger locked the users' rows.

SET LOCAL ROLE exbuddy_owner;

-- The rows of exercise_totals of the pairs (p_user[i], p_ex[i]) counted
-- again from daily_totals (none for a pair without days left, or whose
-- user is being deleted).
CREATE FUNCTION exbuddy.exercise_totals_recount(p_user uuid[], p_ex uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog
    SET plan_cache_mode = force_generic_plan
AS $fn$
BEGIN
    DELETE FROM exbuddy.exercise_totals t
        USING unnest(p_user, p_ex) AS k(user_id, ex)
        WHERE t.user_id = k.user_id AND t.exercise_type_id = k.ex;
    INSERT INTO exbuddy.exercise_totals (user_id, exercise_type_id, workouts, reps, seconds,
            kcal, best_reps, best_reps_day, best_day_reps, best_day, best_seconds,
            best_seconds_day, best_week, best_week_of)
    WITH k AS (SELECT DISTINCT k.user_id, k.ex, u.week_start AS ws, e.measure = 'time' AS timed
            FROM unnest(p_user, p_ex) AS k(user_id, ex)
            JOIN exbuddy.users u ON u.id = k.user_id
            LEFT JOIN exbuddy.exercise_types e ON e.id = k.ex),
        d AS MATERIALIZED (
            SELECT k.user_id, k.ex, k.ws, k.timed, x.day, x.workouts, x.reps, x.seconds,
                x.kcal, x.best_reps, x.best_seconds
            FROM k JOIN exbuddy.daily_totals x
              ON x.user_id = k.user_id AND x.exercise_type_id = k.ex),
        t AS (SELECT d.user_id, d.ex, sum(d.workouts) AS n, sum(d.reps) AS reps,
                sum(d.seconds) AS secs, sum(d.kcal) AS kcal, max(d.best_reps) AS bw,
                max(d.reps) AS bd, max(d.best_seconds) AS bl
            FROM d GROUP BY d.user_id, d.ex),
        -- the earliest day of each record
        f AS (SELECT d.user_id, d.ex,
                min(d.day) FILTER (WHERE d.best_reps = t.bw) AS bw_day,
                min(d.day) FILTER (WHERE d.reps = t.bd) AS bd_day,
                min(d.day) FILTER (WHERE d.best_seconds = t.bl) AS bl_day
            FROM d JOIN t ON t.user_id = d.user_id AND t.ex = d.ex
            GROUP BY d.user_id, d.ex),
        wk AS (SELECT d.user_id, d.ex, exbuddy.week_start_of(d.day, d.ws) AS week,
                sum(CASE WHEN d.timed THEN d.seconds ELSE d.reps END) AS amount
            FROM d GROUP BY d.user_id, d.ex, 3),
        bk AS (SELECT DISTINCT ON (wk.user_id, wk.ex) wk.user_id, wk.ex, wk.amount, wk.week
            FROM wk WHERE wk.amount > 0
            ORDER BY wk.user_id, wk.ex, wk.amount DESC, wk.week)
    SELECT t.user_id, t.ex, t.n, t.reps, t.secs, t.kcal, t.bw, f.bw_day, t.bd, f.bd_day,
        t.bl, f.bl_day, coalesce(bk.amount, 0), bk.week
    FROM t JOIN f ON f.user_id = t.user_id AND f.ex = t.ex
    LEFT JOIN bk ON bk.user_id = t.user_id AND bk.ex = t.ex;
END
$fn$;

-- The runs of days and user_activity of the users given, counted again
-- from daily_totals.
CREATE FUNCTION exbuddy.activity_recount(p_user uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog
    SET plan_cache_mode = force_generic_plan
AS $fn$
BEGIN
    DELETE FROM exbuddy.activity_runs r WHERE r.user_id = ANY (p_user);
    DELETE FROM exbuddy.user_activity a WHERE a.user_id = ANY (p_user);
    -- Consecutive days share day - (its rank): one group per run. A user
    -- being deleted has no row in users: nothing for them.
    INSERT INTO exbuddy.activity_runs (user_id, first_day, last_day)
        SELECT x.user_id, min(x.day), max(x.day)
        FROM (SELECT y.user_id, y.day,
                y.day - (row_number() OVER (PARTITION BY y.user_id ORDER BY y.day))::integer AS grp
              FROM (SELECT DISTINCT d.user_id, d.day FROM exbuddy.daily_totals d
                    JOIN exbuddy.users u ON u.id = d.user_id
                    WHERE d.user_id = ANY (p_user)) y) x
        GROUP BY x.user_id, x.grp;
    INSERT INTO exbuddy.user_activity (user_id, days, longest)
        SELECT r.user_id, sum(r.last_day - r.first_day + 1), max(r.last_day - r.first_day + 1)
        FROM exbuddy.activity_runs r WHERE r.user_id = ANY (p_user)
        GROUP BY r.user_id;
END
$fn$;

GRANT EXECUTE ON FUNCTION exbuddy.exercise_totals_recount(uuid[], uuid[]),
    exbuddy.activity_recount(uuid[]) TO exbuddy_app;

-- What a statement on daily_totals touched, counted again: the pairs of
-- its rows, and the users whose days came or went (an INSERT or DELETE;
-- an UPDATE of the numbers keeps the days: 010 upserts).
CREATE FUNCTION exbuddy.user_totals_refresh() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
DECLARE
    k_user uuid[];
    k_ex uuid[];
    moved boolean := TG_OP <> 'UPDATE';
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.user_id), array_agg(n.exercise_type_id) INTO k_user, k_ex
            FROM (SELECT DISTINCT user_id, exercise_type_id FROM new_rows) n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.user_id), array_agg(o.exercise_type_id) INTO k_user, k_ex
            FROM (SELECT DISTINCT user_id, exercise_type_id FROM old_rows) o;
    ELSE
        SELECT array_agg(c.user_id), array_agg(c.exercise_type_id) INTO k_user, k_ex
            FROM (SELECT user_id, exercise_type_id FROM old_rows
                  UNION SELECT user_id, exercise_type_id FROM new_rows) c;
        -- not by the app, but a direct UPDATE could change a key
        moved := EXISTS (SELECT user_id, day FROM old_rows EXCEPT SELECT user_id, day FROM new_rows)
              OR EXISTS (SELECT user_id, day FROM new_rows EXCEPT SELECT user_id, day FROM old_rows);
    END IF;
    IF k_user IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM exbuddy.exercise_totals_recount(k_user, k_ex);
    IF moved THEN
        PERFORM exbuddy.activity_recount(ARRAY(SELECT DISTINCT x FROM unnest(k_user) x));
    END IF;
    RETURN NULL;
END
$fn$;

-- The best weeks again after a change of the first day of the week.
CREATE OR REPLACE FUNCTION exbuddy.user_totals_week_start() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog
AS $fn$
BEGIN
    PERFORM exbuddy.exercise_totals_recount(array_agg(t.user_id), array_agg(t.exercise_type_id))
        FROM exbuddy.exercise_totals t WHERE t.user_id = NEW.id;
    RETURN NULL;
END
$fn$;

DROP TRIGGER daily_totals_user_totals_insert ON exbuddy.daily_totals;
DROP TRIGGER daily_totals_user_totals_update ON exbuddy.daily_totals;
DROP TRIGGER daily_totals_user_totals_delete ON exbuddy.daily_totals;
DROP FUNCTION exbuddy.user_totals_insert();
DROP FUNCTION exbuddy.user_totals_update();
DROP FUNCTION exbuddy.user_totals_delete();
DROP FUNCTION exbuddy.activity_count(uuid);
DROP FUNCTION exbuddy.exercise_totals_count(uuid, uuid);

CREATE TRIGGER daily_totals_user_totals_insert
    AFTER INSERT ON exbuddy.daily_totals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.user_totals_refresh();
CREATE TRIGGER daily_totals_user_totals_update
    AFTER UPDATE ON exbuddy.daily_totals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.user_totals_refresh();
CREATE TRIGGER daily_totals_user_totals_delete
    AFTER DELETE ON exbuddy.daily_totals REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.user_totals_refresh();

RESET ROLE;
