-- 004_goals.down.sql — undo 004_goals.sql.
SET LOCAL ROLE exbuddy_owner;
DROP FUNCTION exbuddy.iso_time(timestamptz);
DROP TABLE exbuddy.goals;
RESET ROLE;
