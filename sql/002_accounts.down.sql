-- 002_accounts.down.sql — undo 002_accounts.sql (the role exbuddy_auth stays:
-- it is cluster-wide, like the others; see 001_init.down.sql).
DROP FUNCTION exbuddy.auth_login_lookup(text);
DROP FUNCTION exbuddy.auth_account_taken(text, text);
DROP FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer);
DROP FUNCTION exbuddy.auth_throttle(uuid, inet, integer, integer);
DROP FUNCTION exbuddy.auth_audit(uuid, text, inet, text);

SET LOCAL ROLE exbuddy_owner;
DROP POLICY users_auth ON exbuddy.users;
DROP POLICY sessions_auth_select ON exbuddy.sessions;
DROP POLICY sessions_auth_update ON exbuddy.sessions;
DROP POLICY sessions_auth_delete ON exbuddy.sessions;
DROP POLICY audit_log_auth_select ON exbuddy.audit_log;
DROP POLICY audit_log_auth_insert ON exbuddy.audit_log;
REVOKE ALL ON exbuddy.users, exbuddy.sessions, exbuddy.audit_log FROM exbuddy_auth;
REVOKE ALL ON SCHEMA exbuddy FROM exbuddy_auth;
DROP INDEX exbuddy.audit_log_ip_time;
ALTER TABLE exbuddy.sessions DROP COLUMN flash;
DROP TABLE exbuddy.server_keys;
RESET ROLE;
