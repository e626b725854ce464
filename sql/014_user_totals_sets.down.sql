-- 014_user_totals_sets.down.sql — undo 014_user_totals_sets.sql: 012's
-- counts pair by pair again.
SET LOCAL ROLE exbuddy_owner;

DROP TRIGGER daily_totals_user_totals_insert ON exbuddy.daily_totals;
DROP TRIGGER daily_totals_user_totals_update ON exbuddy.daily_totals;
DROP TRIGGER daily_totals_user_totals_delete ON exbuddy.daily_totals;
DROP FUNCTION exbuddy.user_totals_refresh();

-- One user's row of exercise_totals for one exercise, counted again from
-- daily_totals (none when it has no days left).
CREATE FUNCTION exbuddy.exercise_totals_count(p_user uuid, p_ex uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
DECLARE
    ws integer;
    timed boolean;
BEGIN
    DELETE FROM exbuddy.exercise_totals t
        WHERE t.user_id = p_user AND t.exercise_type_id = p_ex;
    SELECT u.week_start INTO ws FROM exbuddy.users u WHERE u.id = p_user;
    SELECT e.measure = 'time' INTO timed FROM exbuddy.exercise_types e WHERE e.id = p_ex;
    IF ws IS NULL THEN
        RETURN;		-- the user is being deleted
    END IF;
    INSERT INTO exbuddy.exercise_totals (user_id, exercise_type_id, workouts, reps, seconds,
            kcal, best_reps, best_reps_day, best_day_reps, best_day, best_seconds,
            best_seconds_day, best_week, best_week_of)
    WITH d AS MATERIALIZED (
            SELECT x.day, x.workouts, x.reps, x.seconds, x.kcal, x.best_reps, x.best_seconds
            FROM exbuddy.daily_totals x
            WHERE x.user_id = p_user AND x.exercise_type_id = p_ex),
        t AS (SELECT sum(d.workouts) AS n, sum(d.reps) AS reps, sum(d.seconds) AS secs,
                sum(d.kcal) AS kcal, max(d.best_reps) AS bw, max(d.reps) AS bd,
                max(d.best_seconds) AS bl FROM d),
        wk AS (SELECT exbuddy.week_start_of(d.day, ws) AS week,
                sum(CASE WHEN timed THEN d.seconds ELSE d.reps END) AS amount
            FROM d GROUP BY 1),
        bk AS (SELECT wk.amount, wk.week FROM wk WHERE wk.amount > 0
            ORDER BY wk.amount DESC, wk.week LIMIT 1)
    SELECT p_user, p_ex, t.n, t.reps, t.secs, t.kcal,
        t.bw, (SELECT min(d.day) FROM d WHERE d.best_reps = t.bw),
        t.bd, (SELECT min(d.day) FROM d WHERE d.reps = t.bd),
        t.bl, (SELECT min(d.day) FROM d WHERE d.best_seconds = t.bl),
        coalesce(bk.amount, 0), bk.week
    FROM t LEFT JOIN bk ON true
    WHERE t.n IS NOT NULL;
END
$fn$;

-- One user's runs of days and user_activity, counted again from daily_totals.
CREATE FUNCTION exbuddy.activity_count(p_user uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
BEGIN
    DELETE FROM exbuddy.activity_runs r WHERE r.user_id = p_user;
    DELETE FROM exbuddy.user_activity a WHERE a.user_id = p_user;
    IF NOT EXISTS (SELECT 1 FROM exbuddy.users u WHERE u.id = p_user) THEN
        RETURN;		-- the user is being deleted
    END IF;
    -- Consecutive days share day - (its rank): one group per run.
    INSERT INTO exbuddy.activity_runs (user_id, first_day, last_day)
        SELECT p_user, min(x.day), max(x.day)
        FROM (SELECT y.day, y.day - (row_number() OVER (ORDER BY y.day))::integer AS grp
              FROM (SELECT DISTINCT d.day FROM exbuddy.daily_totals d
                    WHERE d.user_id = p_user) y) x
        GROUP BY x.grp;
    INSERT INTO exbuddy.user_activity (user_id, days, longest)
        SELECT p_user, sum(r.last_day - r.first_day + 1), max(r.last_day - r.first_day + 1)
        FROM exbuddy.activity_runs r WHERE r.user_id = p_user
        HAVING count(*) > 0;
END
$fn$;

-- The triggers' functions call these as the app role.
GRANT EXECUTE ON FUNCTION exbuddy.exercise_totals_count(uuid, uuid),
    exbuddy.activity_count(uuid) TO exbuddy_app;

-- The pairs (user, exercise) and the users a statement on daily_totals
-- touched, counted again: the runs only when rows came or went.
CREATE FUNCTION exbuddy.user_totals_insert() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog
AS $fn$
DECLARE
    k record;
BEGIN
    FOR k IN SELECT DISTINCT n.user_id, n.exercise_type_id FROM new_rows n ORDER BY 1, 2 LOOP
        PERFORM exbuddy.exercise_totals_count(k.user_id, k.exercise_type_id);
    END LOOP;
    FOR k IN SELECT DISTINCT n.user_id FROM new_rows n ORDER BY 1 LOOP
        PERFORM exbuddy.activity_count(k.user_id);
    END LOOP;
    RETURN NULL;
END
$fn$;

CREATE FUNCTION exbuddy.user_totals_delete() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog
AS $fn$
DECLARE
    k record;
BEGIN
    FOR k IN SELECT DISTINCT o.user_id, o.exercise_type_id FROM old_rows o ORDER BY 1, 2 LOOP
        PERFORM exbuddy.exercise_totals_count(k.user_id, k.exercise_type_id);
    END LOOP;
    FOR k IN SELECT DISTINCT o.user_id FROM old_rows o ORDER BY 1 LOOP
        PERFORM exbuddy.activity_count(k.user_id);
    END LOOP;
    RETURN NULL;
END
$fn$;

CREATE FUNCTION exbuddy.user_totals_update() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog
AS $fn$
DECLARE
    k record;
BEGIN
    -- daily_totals' key never changes in an UPDATE (010 upserts): the
    -- days stay, only the pairs' numbers change.
    FOR k IN SELECT DISTINCT n.user_id, n.exercise_type_id FROM new_rows n ORDER BY 1, 2 LOOP
        PERFORM exbuddy.exercise_totals_count(k.user_id, k.exercise_type_id);
    END LOOP;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER daily_totals_user_totals_insert
    AFTER INSERT ON exbuddy.daily_totals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.user_totals_insert();
CREATE TRIGGER daily_totals_user_totals_update
    AFTER UPDATE ON exbuddy.daily_totals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.user_totals_update();
CREATE TRIGGER daily_totals_user_totals_delete
    AFTER DELETE ON exbuddy.daily_totals REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.user_totals_delete();

-- The best weeks again after a change of the first day of the week.
CREATE OR REPLACE FUNCTION exbuddy.user_totals_week_start() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog
AS $fn$
DECLARE
    k record;
BEGIN
    FOR k IN SELECT t.exercise_type_id FROM exbuddy.exercise_totals t
             WHERE t.user_id = NEW.id ORDER BY 1 LOOP
        PERFORM exbuddy.exercise_totals_count(NEW.id, k.exercise_type_id);
    END LOOP;
    RETURN NULL;
END
$fn$;

DROP FUNCTION exbuddy.activity_recount(uuid[]);
DROP FUNCTION exbuddy.exercise_totals_recount(uuid[], uuid[]);

RESET ROLE;
