-- 011_session_begin.down.sql — undo 011_session_begin.sql.
DROP FUNCTION exbuddy.auth_session_begin(bytea, integer, integer, boolean);
