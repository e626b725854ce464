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
-- of daily_totals, and no join between two sets derived from the pairs
-- (a generic plan expects ten pairs: such a join, a nested loop, cost
-- pairs x pairs, minutes for the benchmark's 90,000). Measured on one
-- machine (psql, 2,000 users with 100 workouts each): counting their
-- 18,000 pairs takes 1.3 s (012's loop: 2.5-3.4 s); their runs ~2.7 s
-- either way (mostly the foreign key checks of 200,000 new rows); one
-- user's single-row insert costs the same (0.7-1.2 ms, triggers
-- included). Planned for each call instead (force_custom_plan), a
-- single-row insert cost ~1.5 ms more. Same rules
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
    -- No join between the sets derived from the pairs: their generic plan
    -- expects ten pairs, and a join of two such sets (a nested loop) would
    -- cost pairs x pairs. Windows put each pair's maxima and each week's
    -- amount beside its days, then one GROUP BY per pair.
    INSERT INTO exbuddy.exercise_totals (user_id, exercise_type_id, workouts, reps, seconds,
            kcal, best_reps, best_reps_day, best_day_reps, best_day, best_seconds,
            best_seconds_day, best_week, best_week_of)
    WITH k AS (SELECT DISTINCT k.user_id, k.ex, u.week_start AS ws, e.measure = 'time' AS timed
            FROM unnest(p_user, p_ex) AS k(user_id, ex)
            JOIN exbuddy.users u ON u.id = k.user_id
            LEFT JOIN exbuddy.exercise_types e ON e.id = k.ex),
        d AS (SELECT k.user_id, k.ex, k.timed, exbuddy.week_start_of(x.day, k.ws) AS week,
                x.day, x.workouts, x.reps, x.seconds, x.kcal, x.best_reps, x.best_seconds
            FROM k JOIN exbuddy.daily_totals x
              ON x.user_id = k.user_id AND x.exercise_type_id = k.ex),
        m AS (SELECT d.*, max(d.best_reps) OVER p AS bw, max(d.reps) OVER p AS bd,
                max(d.best_seconds) OVER p AS bl,
                sum(CASE WHEN d.timed THEN d.seconds ELSE d.reps END)
                    OVER (PARTITION BY d.user_id, d.ex, d.week) AS amount
            FROM d WINDOW p AS (PARTITION BY d.user_id, d.ex)),
        b AS (SELECT m.*, max(m.amount) OVER (PARTITION BY m.user_id, m.ex) AS best FROM m)
    -- the records with their earliest days; the best week (0: none) and
    -- the earliest week that has it
    SELECT b.user_id, b.ex, sum(b.workouts), sum(b.reps), sum(b.seconds), sum(b.kcal),
        max(b.bw), min(b.day) FILTER (WHERE b.best_reps = b.bw),
        max(b.bd), min(b.day) FILTER (WHERE b.reps = b.bd),
        max(b.bl), min(b.day) FILTER (WHERE b.best_seconds = b.bl),
        greatest(max(b.best), 0), min(b.week) FILTER (WHERE b.best > 0 AND b.amount = b.best)
    FROM b GROUP BY b.user_id, b.ex;
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
                    WHERE d.user_id = ANY (ARRAY(SELECT u.id FROM exbuddy.users u
                                                 WHERE u.id = ANY (p_user)))) y) x
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
