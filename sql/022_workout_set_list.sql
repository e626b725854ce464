-- 022_workout_set_list.sql — a workout keeps its sets as the pages show
-- them: set_list, "reps:seconds:load reps:seconds:load …" in the order of
-- the sets (load as numeric(7,2) writes it, empty without one). Read for
-- every row of the dashboard, the history and an exercise's page, the
-- sets cost PostgreSQL an index lookup and an ordered aggregate a row:
-- half of a history page's database time (pgbench, 0.10 of 0.22 ms).
-- The app writes the list in the statement that writes the sets, as it
-- writes set_count and the other totals of the sets (sql/006); a workout
-- without one (written by hand in SQL) still reads its set rows
-- (cgi/workout_store.c, ROW_COLUMNS). Every workout gets its list here,
-- its updated_at left as it was.

SET LOCAL ROLE exbuddy_owner;

ALTER TABLE exbuddy.workouts ADD COLUMN set_list text NULL,
    ADD CONSTRAINT workouts_set_list_length CHECK (length(set_list) <= 2000);

ALTER TABLE exbuddy.workouts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workout_sets NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts DISABLE TRIGGER USER;
UPDATE exbuddy.workouts w SET set_list = s.list
    FROM (SELECT workout_id, string_agg(reps || ':' || duration_seconds || ':'
              || coalesce(load_kg::text, ''), ' ' ORDER BY position) AS list
          FROM exbuddy.workout_sets GROUP BY workout_id) s
    WHERE s.workout_id = w.id;
ALTER TABLE exbuddy.workouts ENABLE TRIGGER USER;
ALTER TABLE exbuddy.workouts FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workout_sets FORCE ROW LEVEL SECURITY;

RESET ROLE;
