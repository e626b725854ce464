-- 007_whole_seconds.down.sql — undo 007_whole_seconds.sql. Times stay whole
-- seconds: 006 accepts them as they are.
SET LOCAL ROLE exbuddy_owner;
ALTER TABLE exbuddy.workouts DROP CONSTRAINT workouts_whole_seconds;
RESET ROLE;
