-- 011_session_begin.sql — a request's session found inside its transaction,
-- in the round trip of its BEGIN.
--
-- auth_session_begin is run right after BEGIN, in the same round trip
-- (libpq's pipeline): it finds the session of a token hash as
-- auth_session_lookup does; for a live session of an active user it sets
-- app.user_id and TimeZone for the rest of the transaction (what the app
-- did with set_config in a statement of its own) and returns the session,
-- with `chores` true when last_seen_at is older than a minute. The app
-- then runs auth_session_lookup after its COMMIT, in autocommit (never
-- holding the row while the request runs, as 008 wants); also when no
-- session was found, so that an expired one is deleted. The one write it
-- makes is taking the flash (a GET, once): unless another transaction
-- holds the row (then the flash waits for a later page, as in 008); the
-- row is then held until the request ends, a page that shows a message.

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
