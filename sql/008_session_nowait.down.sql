-- 008_session_nowait.down.sql — undo 008_session_nowait.sql: 002's lookup.
DROP FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer, boolean);

SET LOCAL ROLE exbuddy_owner;
GRANT CREATE ON SCHEMA exbuddy TO exbuddy_auth;
REVOKE UPDATE (flash) ON exbuddy.sessions FROM exbuddy_auth;

CREATE FUNCTION exbuddy.auth_session_lookup(p_hash bytea, p_idle integer, p_max integer)
    RETURNS TABLE (session_id uuid, user_id uuid, csrf_secret bytea, flash text,
                   username text, timezone text, week_start smallint)
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
AS $fn$
DECLARE
    s exbuddy.sessions;
    u exbuddy.users;
BEGIN
    SELECT * INTO s FROM exbuddy.sessions WHERE token_hash = p_hash;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT * INTO u FROM exbuddy.users WHERE id = s.user_id;
    IF s.created_at < now() - make_interval(secs => p_max)
       OR s.last_seen_at < now() - make_interval(secs => p_idle) THEN
        DELETE FROM exbuddy.sessions WHERE id = s.id;
        RETURN;
    END IF;
    IF NOT coalesce(u.is_active, false) THEN
        RETURN;
    END IF;
    IF s.last_seen_at < now() - interval '1 minute' THEN
        UPDATE exbuddy.sessions SET last_seen_at = now() WHERE id = s.id;
    END IF;
    RETURN QUERY SELECT s.id, s.user_id, s.csrf_secret, s.flash,
        u.username, u.timezone, u.week_start;
END
$fn$;

RESET ROLE;
ALTER FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer) OWNER TO exbuddy_auth;
REVOKE ALL ON FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer) TO exbuddy_app;

SET LOCAL ROLE exbuddy_owner;
REVOKE CREATE ON SCHEMA exbuddy FROM exbuddy_auth;
RESET ROLE;
