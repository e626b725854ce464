-- 005_shared_rules.down.sql — undo 005_shared_rules.sql.
SET LOCAL ROLE exbuddy_owner;
DROP FUNCTION exbuddy.week_start_of(date, integer);
RESET ROLE;
