-- 002_accounts.sql — accounts: the look-ups that run before the user is
-- known, the CSRF key, flash messages on sessions.
--
-- Login (by email or username), the session look-up (by token hash), the
-- sign-up uniqueness check and the throttling counts must read rows before
-- app.user_id is set. They are narrow SECURITY DEFINER functions owned by
-- exbuddy_auth: a NOLOGIN role (not BYPASSRLS) that row level security lets
-- through through policies of its own, on exactly the tables it needs. The
-- app role is not a member of it; it may only EXECUTE the functions.
-- (exbuddy_owner stays under FORCE ROW LEVEL SECURITY with no policy.)

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'exbuddy_auth') THEN
        CREATE ROLE exbuddy_auth NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
            NOBYPASSRLS NOREPLICATION;
    END IF;
    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
       AND NOT pg_catalog.pg_has_role(current_user, 'exbuddy_auth', 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT exbuddy_auth TO %I', current_user);
    END IF;
END
$roles$;

SET LOCAL ROLE exbuddy_owner;

-- One row: the key that signs pre-session CSRF tokens (login, sign-up).
-- 32 bytes from two version-4 uuids (PostgreSQL's strong random source).
CREATE TABLE exbuddy.server_keys (
    id       smallint NOT NULL DEFAULT 1,
    csrf_key bytea    NOT NULL,
    CONSTRAINT server_keys_pkey PRIMARY KEY (id),
    CONSTRAINT server_keys_single CHECK (id = 1),
    CONSTRAINT server_keys_csrf_key_length CHECK (octet_length(csrf_key) = 32)
);
INSERT INTO exbuddy.server_keys (csrf_key) VALUES (
    decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
GRANT SELECT ON exbuddy.server_keys TO exbuddy_app;

-- A one-time message shown on the next page ("Saved."), carried by the
-- session rather than the URL.
ALTER TABLE exbuddy.sessions ADD COLUMN flash text NULL,
    ADD CONSTRAINT sessions_flash_length CHECK (char_length(flash) <= 200);

-- Throttling counts failures by address as well as by account.
CREATE INDEX audit_log_ip_time ON exbuddy.audit_log (ip, created_at DESC)
    WHERE event = 'login_failed';

-- What exbuddy_auth may touch, and the policies that let it.
GRANT USAGE ON SCHEMA exbuddy TO exbuddy_auth;
GRANT SELECT ON exbuddy.users TO exbuddy_auth;
GRANT SELECT, UPDATE (last_seen_at), DELETE ON exbuddy.sessions TO exbuddy_auth;
GRANT SELECT, INSERT ON exbuddy.audit_log TO exbuddy_auth;

CREATE POLICY users_auth ON exbuddy.users FOR SELECT TO exbuddy_auth USING (true);
CREATE POLICY sessions_auth_select ON exbuddy.sessions FOR SELECT TO exbuddy_auth
    USING (true);
CREATE POLICY sessions_auth_update ON exbuddy.sessions FOR UPDATE TO exbuddy_auth
    USING (true) WITH CHECK (true);
CREATE POLICY sessions_auth_delete ON exbuddy.sessions FOR DELETE TO exbuddy_auth
    USING (true);
CREATE POLICY audit_log_auth_select ON exbuddy.audit_log FOR SELECT TO exbuddy_auth
    USING (event IN ('login', 'login_failed'));
-- Only the events that happen before or after a user is known.
CREATE POLICY audit_log_auth_insert ON exbuddy.audit_log FOR INSERT TO exbuddy_auth
    WITH CHECK (event IN ('login_failed', 'login_throttled')
                OR (event = 'account_deleted' AND user_id IS NULL));

-- The account to log in as, by email or username (any letter case).
CREATE FUNCTION exbuddy.auth_login_lookup(p_login text)
    RETURNS TABLE (user_id uuid, password_hash text, is_active boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT u.id, u.password_hash, u.is_active FROM exbuddy.users u
        WHERE lower(u.email) = lower(p_login) OR lower(u.username) = lower(p_login)
        LIMIT 1;
    END;

-- Whether an email or a username is taken (any letter case), for sign-up.
CREATE FUNCTION exbuddy.auth_account_taken(p_email text, p_username text)
    RETURNS TABLE (email_taken boolean, username_taken boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT EXISTS (SELECT 1 FROM exbuddy.users WHERE lower(email) = lower(p_email)),
               EXISTS (SELECT 1 FROM exbuddy.users WHERE lower(username) = lower(p_username));
    END;

-- The live session with this token hash, if any: not idle for longer than
-- p_idle seconds, not older than p_max seconds, of an active user. An
-- expired one is deleted. last_seen_at is written at most once a minute.
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

-- Throttling state for a login attempt. The account is locked while its
-- last p_max failures since its last successful login lie within p_window
-- seconds, until p_window seconds after the newest of them (attempts while
-- locked are 'login_throttled', not failures, so they do not extend it).
-- ip_failures counts failures from the address within p_window.
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

-- Records an event of someone not (or no longer) signed in.
CREATE FUNCTION exbuddy.auth_audit(p_user uuid, p_event text, p_ip inet, p_detail text)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
    BEGIN ATOMIC
        INSERT INTO exbuddy.audit_log (user_id, event, ip, detail)
        VALUES (p_user, p_event, p_ip, p_detail);
    END;

-- Giving a function to exbuddy_auth needs it to have CREATE on the schema
-- (for an admin who is not superuser); taken back at the end.
GRANT CREATE ON SCHEMA exbuddy TO exbuddy_auth;

RESET ROLE;

-- The functions run as exbuddy_auth (changing the owner needs the admin).
ALTER FUNCTION exbuddy.auth_login_lookup(text) OWNER TO exbuddy_auth;
ALTER FUNCTION exbuddy.auth_account_taken(text, text) OWNER TO exbuddy_auth;
ALTER FUNCTION exbuddy.auth_session_lookup(bytea, integer, integer) OWNER TO exbuddy_auth;
ALTER FUNCTION exbuddy.auth_throttle(uuid, inet, integer, integer) OWNER TO exbuddy_auth;
ALTER FUNCTION exbuddy.auth_audit(uuid, text, inet, text) OWNER TO exbuddy_auth;
REVOKE ALL ON FUNCTION exbuddy.auth_login_lookup(text),
    exbuddy.auth_account_taken(text, text),
    exbuddy.auth_session_lookup(bytea, integer, integer),
    exbuddy.auth_throttle(uuid, inet, integer, integer),
    exbuddy.auth_audit(uuid, text, inet, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION exbuddy.auth_login_lookup(text),
    exbuddy.auth_account_taken(text, text),
    exbuddy.auth_session_lookup(bytea, integer, integer),
    exbuddy.auth_throttle(uuid, inet, integer, integer),
    exbuddy.auth_audit(uuid, text, inet, text) TO exbuddy_app;

SET LOCAL ROLE exbuddy_owner;
REVOKE CREATE ON SCHEMA exbuddy FROM exbuddy_auth;
RESET ROLE;
