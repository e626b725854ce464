-- 010_daily_totals.sql — the statistics read a summary per user, local day
-- and exercise instead of every workout, and autovacuum comes sooner.
--
-- The dashboard, /week, /stats and the streaks read their numbers from
-- exbuddy.daily_totals: per user, day (the local date in the user's own
-- time zone, users.timezone) and exercise, the count of workouts, their
-- reps, seconds and calories, and the most reps and the longest time of
-- one workout. A week reads its 14 or so rows by the primary key whatever
-- the length of the history, and the records and streaks read a row per
-- day and exercise rather than a row per workout.
--
-- The rows stay exact in the transaction that writes the workouts:
--   * statement triggers on workouts (INSERT, UPDATE, DELETE, their
--     transition tables) take the keys (user, local day, exercise) of the
--     rows the statement wrote or removed, old and new, and count exactly
--     those keys again from the workouts (a key left without workouts loses
--     its row). Counting again, not adding and subtracting, keeps the best
--     values right when the best workout goes; one statement for all the
--     keys keeps an import of 100,000 rows linear.
--   * Before counting, the trigger locks the users' rows (FOR NO KEY
--     UPDATE): one transaction at a time keeps a user's totals. A
--     concurrent write of the same user waits for the commit, then counts
--     with its rows in view (each statement of the function sees what was
--     committed before it began, under READ COMMITTED, the app's level).
--     A change of time zone holds the same lock, so a workout written
--     meanwhile is counted in the new zone.
--   * A change of users.timezone counts the user's rows again in the new
--     zone (a row trigger on users).
-- The triggers run as the caller: under the app role row level security
-- shows them the user's own rows, which are the only ones it can write.
-- Deleting a user takes the rows along (ON DELETE CASCADE).

SET LOCAL ROLE exbuddy_owner;

CREATE TABLE exbuddy.daily_totals (
    user_id          uuid          NOT NULL,
    day              date          NOT NULL,
    exercise_type_id uuid          NOT NULL,
    workouts         integer       NOT NULL,
    reps             bigint        NOT NULL,
    seconds          bigint        NOT NULL,
    -- the sum of the calories of the workouts that have any; NULL when none
    -- has (as sum() over the workouts gives)
    kcal             numeric(14,1) NULL,
    -- the most reps and the longest time of one workout of the day
    best_reps        integer       NOT NULL,
    best_seconds     integer       NOT NULL,
    -- every column in the index: the pages read it alone (index-only)
    CONSTRAINT daily_totals_pkey PRIMARY KEY (user_id, day, exercise_type_id)
        INCLUDE (workouts, reps, seconds, kcal, best_reps, best_seconds),
    CONSTRAINT daily_totals_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT daily_totals_has_workouts CHECK (workouts > 0),
    CONSTRAINT daily_totals_amounts_range
        CHECK (reps >= 0 AND seconds >= 0 AND kcal >= 0),
    CONSTRAINT daily_totals_best_within
        CHECK (best_reps BETWEEN 0 AND reps AND best_seconds BETWEEN 0 AND seconds)
);
-- No foreign key to exercise_types: a row exists only while workouts of
-- its exercise do, and those already hold the exercise (a key share lock
-- on a built-in exercise's row for every row written would only add
-- contention).

COMMENT ON TABLE exbuddy.daily_totals IS
    'per user, local day (users.timezone) and exercise: totals of the workouts, kept by triggers on workouts and users';

GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.daily_totals TO exbuddy_app;
ALTER TABLE exbuddy.daily_totals ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.daily_totals FORCE ROW LEVEL SECURITY;
CREATE POLICY daily_totals_own ON exbuddy.daily_totals FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

-- The workouts a statement wrote or removed (its transition tables) as
-- arrays of user, exercise and time: their keys are counted again.
--
-- Every statement has the same plan whatever the number of rows, one
-- workout or an import of 100,000, made once per connection
-- (force_generic_plan; a cached plan made for one size and used for the
-- other would otherwise read whole tables): the workouts of each key by
-- workouts_user_exercise_time (a LATERAL aggregate), each user and each
-- key left without workouts by its primary key.
CREATE FUNCTION exbuddy.daily_totals_refresh() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
    SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    users uuid[];
    zones text[];
    c_user uuid[];
    c_ex uuid[];
    c_at timestamptz[];
    g_user uuid[];
    g_day date[];
    g_ex uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(user_id), array_agg(exercise_type_id), array_agg(performed_at)
            INTO c_user, c_ex, c_at FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(user_id), array_agg(exercise_type_id), array_agg(performed_at)
            INTO c_user, c_ex, c_at FROM old_rows;
    ELSE
        SELECT array_agg(user_id), array_agg(exercise_type_id), array_agg(performed_at)
            INTO c_user, c_ex, c_at FROM (SELECT user_id, exercise_type_id, performed_at
                FROM new_rows UNION ALL SELECT user_id, exercise_type_id, performed_at
                FROM old_rows) c;
    END IF;
    IF c_user IS NULL THEN
        RETURN NULL;
    END IF;
    -- One writer of a user's totals at a time (see the top of 010), in the
    -- users' order. A statement of its own: the next one then sees what a
    -- transaction it waited for committed. A user deleted meanwhile (or in
    -- this statement, by a cascade) has no row left to count.
    SELECT array_agg(u.id), array_agg(u.timezone) INTO users, zones
        FROM (SELECT u.id, u.timezone FROM exbuddy.users u
              WHERE u.id = ANY (ARRAY(SELECT DISTINCT x FROM unnest(c_user) x))
              ORDER BY u.id FOR NO KEY UPDATE OF u) u;
    IF users IS NULL THEN
        RETURN NULL;
    END IF;
    -- Each key's workouts: the day a little wider on both sides for the
    -- index (a local day lasts 23 to 25 hours), then exactly the day.
    WITH k AS (SELECT DISTINCT c.user_id, c.ex, (c.at AT TIME ZONE z.tz)::date AS day, z.tz
            FROM unnest(c_user, c_ex, c_at) AS c(user_id, ex, at)
            JOIN unnest(users, zones) AS z(id, tz) ON z.id = c.user_id),
        f AS (SELECT k.user_id, k.day, k.ex, a.* FROM k CROSS JOIN LATERAL (
                SELECT count(*)::integer AS workouts, coalesce(sum(w.reps), 0) AS reps,
                    coalesce(sum(w.duration_seconds), 0) AS seconds, sum(w.calories) AS kcal,
                    coalesce(max(w.reps), 0) AS best_reps,
                    coalesce(max(w.duration_seconds), 0) AS best_seconds
                FROM exbuddy.workouts w
                WHERE w.user_id = k.user_id AND w.exercise_type_id = k.ex
                  AND w.performed_at >= (k.day - 1)::timestamp AT TIME ZONE k.tz
                  AND w.performed_at < (k.day + 2)::timestamp AT TIME ZONE k.tz
                  AND (w.performed_at AT TIME ZONE k.tz)::date = k.day) a),
        up AS (INSERT INTO exbuddy.daily_totals AS d (user_id, day, exercise_type_id,
                workouts, reps, seconds, kcal, best_reps, best_seconds)
            SELECT f.user_id, f.day, f.ex, f.workouts, f.reps, f.seconds, f.kcal,
                f.best_reps, f.best_seconds FROM f WHERE f.workouts > 0
            ON CONFLICT (user_id, day, exercise_type_id) DO UPDATE SET
                workouts = excluded.workouts, reps = excluded.reps,
                seconds = excluded.seconds, kcal = excluded.kcal,
                best_reps = excluded.best_reps, best_seconds = excluded.best_seconds
            WHERE (d.workouts, d.reps, d.seconds, d.kcal, d.best_reps, d.best_seconds)
                IS DISTINCT FROM (excluded.workouts, excluded.reps, excluded.seconds,
                                  excluded.kcal, excluded.best_reps, excluded.best_seconds))
    SELECT array_agg(f.user_id), array_agg(f.day), array_agg(f.ex)
        INTO g_user, g_day, g_ex FROM f WHERE f.workouts = 0;
    -- The keys left without workouts lose their row, in one statement (a
    -- statement trigger on daily_totals, 012, then counts once).
    IF g_user IS NOT NULL THEN
        DELETE FROM exbuddy.daily_totals d
            USING unnest(g_user, g_day, g_ex) AS g(user_id, day, ex)
            WHERE d.user_id = g.user_id AND d.day = g.day AND d.exercise_type_id = g.ex;
    END IF;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER workouts_daily_totals_insert
    AFTER INSERT ON exbuddy.workouts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.daily_totals_refresh();
CREATE TRIGGER workouts_daily_totals_update
    AFTER UPDATE ON exbuddy.workouts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.daily_totals_refresh();
CREATE TRIGGER workouts_daily_totals_delete
    AFTER DELETE ON exbuddy.workouts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.daily_totals_refresh();

-- All of a user's rows counted again, in their time zone now, after a
-- change of users.timezone (the UPDATE holds the user's row, as the
-- workouts' trigger would).
CREATE FUNCTION exbuddy.daily_totals_timezone() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
BEGIN
    DELETE FROM exbuddy.daily_totals d WHERE d.user_id = NEW.id;
    INSERT INTO exbuddy.daily_totals (user_id, day, exercise_type_id, workouts, reps,
            seconds, kcal, best_reps, best_seconds)
        SELECT w.user_id, (w.performed_at AT TIME ZONE NEW.timezone)::date, w.exercise_type_id,
            count(*), sum(w.reps), sum(w.duration_seconds), sum(w.calories), max(w.reps),
            max(w.duration_seconds)
        FROM exbuddy.workouts w WHERE w.user_id = NEW.id
        GROUP BY w.user_id, 2, w.exercise_type_id;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER users_daily_totals_timezone
    AFTER UPDATE OF timezone ON exbuddy.users
    FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone)
    EXECUTE FUNCTION exbuddy.daily_totals_timezone();

------------------------------------------------------------------------------
-- Autovacuum. An index-only scan reads the heap for every page not marked
-- all-visible, and only VACUUM marks them: with the defaults (20 % of a
-- table changed, or 20 % more rows inserted) the newest rows of a big
-- table, the ones this week's pages read, wait for it for days. These
-- tables are vacuumed and analysed after about 1 % of new or changed rows
-- (on 10 million workouts: 100,000), so recent rows are visible to
-- index-only scans soon and the planner knows of them. The pages read
-- daily_totals by index-only scans of its primary key alone, and every
-- workout written rewrites a row of it: its dead rows go as soon.
------------------------------------------------------------------------------

ALTER TABLE exbuddy.workouts SET (
    autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
ALTER TABLE exbuddy.workout_sets SET (
    autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
ALTER TABLE exbuddy.daily_totals SET (
    autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);

------------------------------------------------------------------------------
-- The rows of the workouts already there. Row level security is forced on
-- the owner too: lifted for this alone (it is back before the transaction
-- ends), as in 006.
------------------------------------------------------------------------------

ALTER TABLE exbuddy.users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.daily_totals NO FORCE ROW LEVEL SECURITY;

INSERT INTO exbuddy.daily_totals (user_id, day, exercise_type_id, workouts, reps,
        seconds, kcal, best_reps, best_seconds)
    SELECT w.user_id, (w.performed_at AT TIME ZONE u.timezone)::date, w.exercise_type_id,
        count(*), sum(w.reps), sum(w.duration_seconds), sum(w.calories), max(w.reps),
        max(w.duration_seconds)
    FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id
    GROUP BY w.user_id, 2, w.exercise_type_id;

ALTER TABLE exbuddy.users FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.daily_totals FORCE ROW LEVEL SECURITY;

ANALYZE exbuddy.daily_totals;

RESET ROLE;
