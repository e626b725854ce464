-- 009_throttle_pairs.sql — login throttling that cannot be turned against
-- an account's owner, nor tell which names exist.
--
-- Failures were counted per account whoever sent them (five wrong
-- passwords from anywhere locked the owner out too; a locked name
-- answered unlike an unknown one) and per address (fifty failures shut a
-- whole shared network out). Now:
--   * failures are counted per login name and address: five from one
--     address lock that name for that address only; the name of an account
--     is its id, any other name a keyed hash the app makes of it, so
--     unknown names lock the same way;
--   * fifty failures from one address within the window, or on one name
--     from all addresses, slow that address (or, for the name, the
--     addresses that failed on it) to one attempt every p_slow seconds
--     instead of locking them.

ALTER TABLE exbuddy.audit_log ADD COLUMN login_key text NULL,
    ADD CONSTRAINT audit_log_login_key_length CHECK (char_length(login_key) <= 80);
UPDATE exbuddy.audit_log SET login_key = user_id::text
    WHERE user_id IS NOT NULL AND event IN ('login', 'login_failed', 'login_throttled');
CREATE INDEX audit_log_login_key_time ON exbuddy.audit_log (login_key, created_at DESC)
    WHERE login_key IS NOT NULL;

DROP FUNCTION exbuddy.auth_throttle(uuid, inet, integer, integer);
DROP FUNCTION exbuddy.auth_audit(uuid, text, inet, text);

SET LOCAL ROLE exbuddy_owner;
GRANT CREATE ON SCHEMA exbuddy TO exbuddy_auth;

-- Throttling state of an attempt with login name p_key from p_ip:
-- locked_for, seconds the pair is locked (its last p_max failures since
-- the name's last successful login from the address lie within p_window
-- seconds; until p_window seconds after the newest); slow_for, seconds to
-- wait when the address, or the name, made p_many failures in the window
-- and its last attempt let through is under p_slow seconds old.
CREATE FUNCTION exbuddy.auth_throttle(p_key text, p_ip inet, p_max integer, p_window integer,
                                      p_many integer, p_slow integer)
    RETURNS TABLE (locked_for integer, slow_for integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
AS $fn$
DECLARE
    win interval := make_interval(secs => p_window);
    since timestamptz := now() - 2 * make_interval(secs => p_window);
    newest timestamptz;
    oldest timestamptz;
    last_let timestamptz;
    n integer := 0;
BEGIN
    IF p_max IS NULL OR p_window IS NULL OR p_many IS NULL OR p_slow IS NULL THEN
        RAISE EXCEPTION 'auth_throttle needs p_max, p_window, p_many and p_slow';
    END IF;
    locked_for := 0;
    slow_for := 0;
    IF p_key IS NOT NULL THEN
        SELECT greatest(since, max(a.created_at)) INTO since FROM exbuddy.audit_log a
        WHERE a.login_key = p_key AND a.event = 'login' AND a.ip IS NOT DISTINCT FROM p_ip;
        SELECT max(created_at), min(created_at), count(*) INTO newest, oldest, n
        FROM (SELECT a.created_at FROM exbuddy.audit_log a
              WHERE a.login_key = p_key AND a.event = 'login_failed'
                AND a.ip IS NOT DISTINCT FROM p_ip AND a.created_at > since
              ORDER BY a.created_at DESC LIMIT p_max) last;
        IF n >= p_max AND newest - oldest <= win AND newest + win > now() THEN
            locked_for := ceil(extract(epoch FROM newest + win - now()))::integer;
        END IF;
    END IF;
    -- The address: many failures on any names.
    IF (SELECT count(*) FROM exbuddy.audit_log a WHERE a.ip = p_ip
        AND a.event = 'login_failed' AND a.created_at > now() - win) >= p_many THEN
        SELECT max(a.created_at) INTO last_let FROM exbuddy.audit_log a
        WHERE a.ip = p_ip AND a.event = 'login_failed' AND a.created_at > now() - win;
    END IF;
    -- The name: many failures from all addresses; only addresses that
    -- failed on it themselves are slowed (its owner's never failed).
    IF p_key IS NOT NULL AND EXISTS (SELECT 1 FROM exbuddy.audit_log a
        WHERE a.login_key = p_key AND a.event = 'login_failed' AND a.ip IS NOT DISTINCT FROM p_ip
          AND a.created_at > now() - win)
       AND (SELECT count(*) FROM exbuddy.audit_log a WHERE a.login_key = p_key
            AND a.event = 'login_failed' AND a.created_at > now() - win) >= p_many THEN
        SELECT greatest(last_let, max(a.created_at)) INTO last_let FROM exbuddy.audit_log a
        WHERE a.login_key = p_key AND a.event IN ('login', 'login_failed')
          AND a.created_at > now() - win;
    END IF;
    IF last_let + make_interval(secs => p_slow) > now() THEN
        slow_for := ceil(extract(epoch FROM last_let + make_interval(secs => p_slow) - now()))::integer;
    END IF;
    RETURN NEXT;
END
$fn$;

-- Records an event of someone not (or no longer) signed in; p_key, the
-- login name of a login event (an account's id when there is none).
CREATE FUNCTION exbuddy.auth_audit(p_user uuid, p_event text, p_ip inet, p_detail text,
                                   p_key text DEFAULT NULL)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
    BEGIN ATOMIC
        INSERT INTO exbuddy.audit_log (user_id, event, ip, detail, login_key)
        VALUES (p_user, p_event, p_ip, p_detail, coalesce(p_key, CASE WHEN p_event IN
            ('login', 'login_failed', 'login_throttled') THEN p_user::text END));
    END;

RESET ROLE;

ALTER FUNCTION exbuddy.auth_throttle(text, inet, integer, integer, integer, integer) OWNER TO exbuddy_auth;
ALTER FUNCTION exbuddy.auth_audit(uuid, text, inet, text, text) OWNER TO exbuddy_auth;
REVOKE ALL ON FUNCTION exbuddy.auth_throttle(text, inet, integer, integer, integer, integer),
    exbuddy.auth_audit(uuid, text, inet, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION exbuddy.auth_throttle(text, inet, integer, integer, integer, integer),
    exbuddy.auth_audit(uuid, text, inet, text, text) TO exbuddy_app;

SET LOCAL ROLE exbuddy_owner;
REVOKE CREATE ON SCHEMA exbuddy FROM exbuddy_auth;
RESET ROLE;
