-- 009_throttle_pairs.down.sql — undo 009_throttle_pairs.sql: 002's
-- throttling per account and address.
DROP FUNCTION exbuddy.auth_throttle(text, inet, integer, integer, integer, integer);
DROP FUNCTION exbuddy.auth_audit(uuid, text, inet, text, text);
DROP INDEX exbuddy.audit_log_login_key_time;
ALTER TABLE exbuddy.audit_log DROP COLUMN login_key;

SET LOCAL ROLE exbuddy_owner;
GRANT CREATE ON SCHEMA exbuddy TO exbuddy_auth;

CREATE FUNCTION exbuddy.auth_throttle(p_user uuid, p_ip inet, p_max integer, p_window integer)
    RETURNS TABLE (locked_for integer, ip_failures integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
AS $fn$
DECLARE
    win interval := make_interval(secs => p_window);
    since timestamptz := now() - 2 * make_interval(secs => p_window);
    newest timestamptz;
    oldest timestamptz;
    n integer := 0;
BEGIN
    IF p_max IS NULL OR p_window IS NULL THEN
        RAISE EXCEPTION 'auth_throttle needs p_max and p_window';
    END IF;
    locked_for := 0;
    IF p_user IS NOT NULL THEN
        SELECT greatest(since, max(a.created_at)) INTO since FROM exbuddy.audit_log a
        WHERE a.user_id = p_user AND a.event = 'login';
        SELECT max(created_at), min(created_at), count(*) INTO newest, oldest, n
        FROM (SELECT a.created_at FROM exbuddy.audit_log a
              WHERE a.user_id = p_user AND a.event = 'login_failed'
                AND a.created_at > since
              ORDER BY a.created_at DESC LIMIT p_max) last;
        IF n >= p_max AND newest - oldest <= win AND newest + win > now() THEN
            locked_for := ceil(extract(epoch FROM newest + win - now()))::integer;
        END IF;
    END IF;
    SELECT count(*) INTO ip_failures FROM exbuddy.audit_log a
    WHERE a.ip = p_ip AND a.event = 'login_failed' AND a.created_at > now() - win;
    RETURN NEXT;
END
$fn$;

CREATE FUNCTION exbuddy.auth_audit(p_user uuid, p_event text, p_ip inet, p_detail text)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
    BEGIN ATOMIC
        INSERT INTO exbuddy.audit_log (user_id, event, ip, detail)
        VALUES (p_user, p_event, p_ip, p_detail);
    END;

RESET ROLE;
ALTER FUNCTION exbuddy.auth_throttle(uuid, inet, integer, integer) OWNER TO exbuddy_auth;
ALTER FUNCTION exbuddy.auth_audit(uuid, text, inet, text) OWNER TO exbuddy_auth;
REVOKE ALL ON FUNCTION exbuddy.auth_throttle(uuid, inet, integer, integer),
    exbuddy.auth_audit(uuid, text, inet, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION exbuddy.auth_throttle(uuid, inet, integer, integer),
    exbuddy.auth_audit(uuid, text, inet, text) TO exbuddy_app;

SET LOCAL ROLE exbuddy_owner;
REVOKE CREATE ON SCHEMA exbuddy FROM exbuddy_auth;
RESET ROLE;
