-- 021_own_exercises_max.down.sql — undo 021_own_exercises_max.sql: no limit in the database.
DROP TRIGGER exercise_types_own_max ON exbuddy.exercise_types;
DROP FUNCTION exbuddy.exercise_types_own_max();
