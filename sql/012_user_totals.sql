-- 012_user_totals.sql — what /stats and the streaks read no longer grows
-- with a user's history.
--
-- daily_totals (010) holds a row per user, day and exercise: a week reads
-- 14 days of it whatever the history, but the records of /stats, the
-- all-time totals and the streaks still read every day a user ever
-- trained (ten years of them: 8,000 rows). Two more summaries, kept from
-- daily_totals in the same transaction:
--   * exercise_totals: per user and exercise, the totals of all time and
--     the records with their (earliest) days: the most reps of one
--     workout, the most reps of a day, the longest workout, the best week
--     (seconds for a timed exercise, else reps; weeks as the user's
--     users.week_start has them).
--   * activity_runs: per user, the runs of consecutive days with workouts
--     (first and last day), and user_activity: the number of days and the
--     longest run. The current streak is the longest run ending yesterday
--     or later (today moves on without a write): a few rows by the
--     primary key.
-- Statement triggers on daily_totals (whose own triggers on workouts hold
-- the user's row, FOR NO KEY UPDATE: one writer of a user's totals at a
-- time) count again, from daily_totals, the (user, exercise) pairs a
-- statement touched, and the user's runs when a day appeared or went. A
-- change of users.week_start counts the user's best weeks again. Like
-- 010's, the triggers run as the caller, under row level security.

SET LOCAL ROLE exbuddy_owner;

CREATE TABLE exbuddy.exercise_totals (
    user_id          uuid          NOT NULL,
    exercise_type_id uuid          NOT NULL,
    workouts         bigint        NOT NULL,
    reps             bigint        NOT NULL,
    seconds          bigint        NOT NULL,
    kcal             numeric(16,1) NULL,
    -- the most reps of one workout, of one day, the longest workout: each
    -- 0 when none, with the earliest day that has it
    best_reps        integer       NOT NULL,
    best_reps_day    date          NOT NULL,
    best_day_reps    bigint        NOT NULL,
    best_day         date          NOT NULL,
    best_seconds     integer       NOT NULL,
    best_seconds_day date          NOT NULL,
    -- the best week's amount (0: none) and the first day of that week
    best_week        bigint        NOT NULL,
    best_week_of     date          NULL,
    CONSTRAINT exercise_totals_pkey PRIMARY KEY (user_id, exercise_type_id),
    CONSTRAINT exercise_totals_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT exercise_totals_has_workouts CHECK (workouts > 0)
);

CREATE TABLE exbuddy.activity_runs (
    user_id   uuid NOT NULL,
    first_day date NOT NULL,
    last_day  date NOT NULL,
    CONSTRAINT activity_runs_pkey PRIMARY KEY (user_id, last_day) INCLUDE (first_day),
    CONSTRAINT activity_runs_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT activity_runs_order CHECK (first_day <= last_day)
);

CREATE TABLE exbuddy.user_activity (
    user_id uuid    NOT NULL,
    days    integer NOT NULL,
    longest integer NOT NULL,
    CONSTRAINT user_activity_pkey PRIMARY KEY (user_id),
    CONSTRAINT user_activity_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE
);

COMMENT ON TABLE exbuddy.exercise_totals IS
    'per user and exercise: all-time totals and records, kept from daily_totals by triggers';
COMMENT ON TABLE exbuddy.activity_runs IS
    'per user: runs of consecutive days with workouts, kept from daily_totals by triggers';
COMMENT ON TABLE exbuddy.user_activity IS
    'per user: days with workouts and the longest run of them, kept with activity_runs';

GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.exercise_totals, exbuddy.activity_runs,
    exbuddy.user_activity TO exbuddy_app;
ALTER TABLE exbuddy.exercise_totals ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_totals FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.activity_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.activity_runs FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.user_activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.user_activity FORCE ROW LEVEL SECURITY;
CREATE POLICY exercise_totals_own ON exbuddy.exercise_totals FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());
CREATE POLICY activity_runs_own ON exbuddy.activity_runs FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());
CREATE POLICY user_activity_own ON exbuddy.user_activity FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

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
CREATE FUNCTION exbuddy.user_totals_week_start() RETURNS trigger
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

CREATE TRIGGER users_user_totals_week_start
    AFTER UPDATE OF week_start ON exbuddy.users
    FOR EACH ROW WHEN (OLD.week_start IS DISTINCT FROM NEW.week_start)
    EXECUTE FUNCTION exbuddy.user_totals_week_start();

ALTER TABLE exbuddy.exercise_totals SET (
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
ALTER TABLE exbuddy.activity_runs SET (
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);

------------------------------------------------------------------------------
-- The rows of the users already there (row level security lifted for this
-- alone, as in 010).
------------------------------------------------------------------------------

ALTER TABLE exbuddy.users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_types NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.daily_totals NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_totals NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.activity_runs NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.user_activity NO FORCE ROW LEVEL SECURITY;

SELECT count(exbuddy.exercise_totals_count(k.user_id, k.exercise_type_id))
    FROM (SELECT DISTINCT user_id, exercise_type_id FROM exbuddy.daily_totals) k;
SELECT count(exbuddy.activity_count(k.user_id))
    FROM (SELECT DISTINCT user_id FROM exbuddy.daily_totals) k;

ALTER TABLE exbuddy.users FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_types FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.daily_totals FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_totals FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.activity_runs FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.user_activity FORCE ROW LEVEL SECURITY;

ANALYZE exbuddy.exercise_totals;
ANALYZE exbuddy.activity_runs;
ANALYZE exbuddy.user_activity;

RESET ROLE;
