-- 019_session_unit.down.sql — undo 019_session_unit.sql: 011's
-- auth_session_begin, without the unit.

DROP FUNCTION exbuddy.auth_session_begin(bytea, integer, integer, boolean);

SET LOCAL ROLE exbuddy_owner;
GRANT CREATE ON SCHEMA exbuddy TO exbuddy_auth;

CREATE FUNCTION exbuddy.auth_session_begin(p_hash bytea, p_idle integer, p_max integer,
                                           p_take_flash boolean)
    RETURNS TABLE (session_id uuid, user_id uuid, csrf_secret bytea, flash text,
                   username text, timezone text, week_start smallint, today integer,
                   chores boolean)
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
AS $fn$
DECLARE
    s exbuddy.sessions;
    u exbuddy.users;
BEGIN
    SELECT * INTO s FROM exbuddy.sessions AS x
     WHERE x.token_hash = p_hash
       AND x.created_at >= now() - make_interval(secs => p_max)
       AND x.last_seen_at >= now() - make_interval(secs => p_idle);
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT * INTO u FROM exbuddy.users AS x WHERE x.id = s.user_id AND x.is_active;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- Local to the transaction (not restored at the function's end: only
    -- search_path is the function's own setting).
    PERFORM pg_catalog.set_config('app.user_id', s.user_id::text, true);
    PERFORM pg_catalog.set_config('TimeZone', u.timezone, true);
    IF p_take_flash AND s.flash IS NOT NULL THEN
        -- The flash as the locked row has it now (another request may
        -- have taken it since the SELECT above): shown once.
        s.flash := NULL;
        SELECT x.flash INTO s.flash FROM exbuddy.sessions AS x
         WHERE x.id = s.id FOR UPDATE SKIP LOCKED;
        IF s.flash IS NOT NULL THEN
            UPDATE exbuddy.sessions AS t SET flash = NULL WHERE t.id = s.id;
        END IF;
    END IF;
    RETURN QUERY SELECT s.id, s.user_id, s.csrf_secret,
        CASE WHEN p_take_flash THEN s.flash END,
        u.username, u.timezone, u.week_start,
        (now() AT TIME ZONE u.timezone)::date - date '1970-01-01',
        s.last_seen_at < now() - interval '1 minute';
END
$fn$;
RESET ROLE;

-- It runs as exbuddy_auth, as the lookup does (008).
ALTER FUNCTION exbuddy.auth_session_begin(bytea, integer, integer, boolean) OWNER TO exbuddy_auth;
REVOKE ALL ON FUNCTION exbuddy.auth_session_begin(bytea, integer, integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION exbuddy.auth_session_begin(bytea, integer, integer, boolean) TO exbuddy_app;

SET LOCAL ROLE exbuddy_owner;
REVOKE CREATE ON SCHEMA exbuddy FROM exbuddy_auth;
RESET ROLE;
