-- 022_workout_set_list.down.sql — undo 022_workout_set_list.sql: the sets are read from workout_sets alone.
SET LOCAL ROLE exbuddy_owner;
ALTER TABLE exbuddy.workouts DROP COLUMN set_list;
RESET ROLE;
