-- 023_drop_exercise_label.sql — exercise_label goes: nothing calls it.
--
-- The pages name an exercise in C from the user's library, which they
-- load anyway ("Name (yours)" for an own exercise of a built-in's name:
-- cgi/exercise.c's ex_label), since the queries read exercise ids and
-- their sums alone (ARCHITECTURE.md, "The request path": "Rows of
-- workouts").
-- A function exbuddy_app may execute and never does is surface to keep
-- in mind for nothing.

SET LOCAL ROLE exbuddy_owner;
DROP FUNCTION exbuddy.exercise_label(text, uuid);
RESET ROLE;
