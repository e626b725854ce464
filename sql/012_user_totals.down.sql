-- 012_user_totals.down.sql — undo 012_user_totals.sql: /stats and the
-- streaks read daily_totals again.
SET LOCAL ROLE exbuddy_owner;

DROP TRIGGER users_user_totals_week_start ON exbuddy.users;
DROP TRIGGER daily_totals_user_totals_insert ON exbuddy.daily_totals;
DROP TRIGGER daily_totals_user_totals_update ON exbuddy.daily_totals;
DROP TRIGGER daily_totals_user_totals_delete ON exbuddy.daily_totals;
DROP FUNCTION exbuddy.user_totals_week_start();
DROP FUNCTION exbuddy.user_totals_insert();
DROP FUNCTION exbuddy.user_totals_update();
DROP FUNCTION exbuddy.user_totals_delete();
DROP FUNCTION exbuddy.activity_count(uuid);
DROP FUNCTION exbuddy.exercise_totals_count(uuid, uuid);
DROP TABLE exbuddy.user_activity;
DROP TABLE exbuddy.activity_runs;
DROP TABLE exbuddy.exercise_totals;

RESET ROLE;
