-- 008_session_nowait.sql — the session lookup never waits for a lock.
--
-- The app now looks a session up before its request's transaction begins
-- (autocommit), so what the lookup writes is committed at once instead of
-- being held for as long as the request runs (an export of a big account
-- held the row, and the same user's other requests waited for it until
-- their statement timeout). The lookup also takes the one-time flash
-- (p_take_flash: a GET shows it), which the app did in a statement of its
-- own inside the transaction. Each write skips a row another transaction
-- holds: last_seen_at is then written on a later request, and a flash
-- being set meanwhile is left for the next page.

DROP FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer);

SET LOCAL ROLE exbuddy_owner;
GRANT CREATE ON SCHEMA exbuddy TO exbuddy_auth;
GRANT UPDATE (flash) ON exbuddy.sessions TO exbuddy_auth;

CREATE FUNCTION exbuddy.auth_session_lookup(p_hash bytea, p_idle integer, p_max integer,
                                            p_take_flash boolean DEFAULT false)
    RETURNS TABLE (session_id uuid, user_id uuid, csrf_secret bytea, flash text,
                   username text, timezone text, week_start smallint)
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
AS $fn$
DECLARE
    s exbuddy.sessions;
    u exbuddy.users;
    stale boolean;
BEGIN
    SELECT * INTO s FROM exbuddy.sessions WHERE token_hash = p_hash;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT * INTO u FROM exbuddy.users WHERE id = s.user_id;
    IF s.created_at < now() - make_interval(secs => p_max)
       OR s.last_seen_at < now() - make_interval(secs => p_idle) THEN
        DELETE FROM exbuddy.sessions AS t WHERE t.id IN
            (SELECT x.id FROM exbuddy.sessions AS x WHERE x.id = s.id FOR UPDATE SKIP LOCKED);
        RETURN;
    END IF;
    IF NOT coalesce(u.is_active, false) THEN
        RETURN;
    END IF;
    stale := s.last_seen_at < now() - interval '1 minute';
    IF stale OR (p_take_flash AND s.flash IS NOT NULL) THEN
        UPDATE exbuddy.sessions AS t
           SET last_seen_at = CASE WHEN stale THEN now() ELSE t.last_seen_at END,
               flash = CASE WHEN p_take_flash THEN NULL ELSE t.flash END
         WHERE t.id IN (SELECT x.id FROM exbuddy.sessions AS x WHERE x.id = s.id
                        FOR UPDATE SKIP LOCKED);
        IF NOT FOUND AND p_take_flash THEN
            s.flash := NULL;
        END IF;
    END IF;
    RETURN QUERY SELECT s.id, s.user_id, s.csrf_secret,
        CASE WHEN p_take_flash THEN s.flash END,
        u.username, u.timezone, u.week_start;
END
$fn$;
RESET ROLE;

-- It runs as exbuddy_auth, as in 002 (changing the owner needs the admin).
ALTER FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer, boolean) OWNER TO exbuddy_auth;
REVOKE ALL ON FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer, boolean) TO exbuddy_app;

SET LOCAL ROLE exbuddy_owner;
REVOKE CREATE ON SCHEMA exbuddy FROM exbuddy_auth;
RESET ROLE;
