-- 018_period_totals.down.sql — undo 018_period_totals.sql: the totals per
-- month and per day, their triggers and functions.
DROP TRIGGER daily_totals_period_totals_insert ON exbuddy.daily_totals;
DROP TRIGGER daily_totals_period_totals_update ON exbuddy.daily_totals;
DROP TRIGGER daily_totals_period_totals_delete ON exbuddy.daily_totals;
DROP FUNCTION exbuddy.period_totals_refresh();
DROP TABLE exbuddy.user_days;
DROP TABLE exbuddy.month_totals;
