-- 010_daily_totals.down.sql — undo 010_daily_totals.sql: the statistics
-- read the workouts again; autovacuum as PostgreSQL's defaults have it.
SET LOCAL ROLE exbuddy_owner;

DROP TRIGGER users_daily_totals_timezone ON exbuddy.users;
DROP TRIGGER workouts_daily_totals_insert ON exbuddy.workouts;
DROP TRIGGER workouts_daily_totals_update ON exbuddy.workouts;
DROP TRIGGER workouts_daily_totals_delete ON exbuddy.workouts;
DROP FUNCTION exbuddy.daily_totals_timezone();
DROP FUNCTION exbuddy.daily_totals_refresh();
DROP TABLE exbuddy.daily_totals;

ALTER TABLE exbuddy.workouts RESET (
    autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold,
    autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
    autovacuum_analyze_scale_factor, autovacuum_analyze_threshold);
ALTER TABLE exbuddy.workout_sets RESET (
    autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold,
    autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
    autovacuum_analyze_scale_factor, autovacuum_analyze_threshold);

RESET ROLE;
