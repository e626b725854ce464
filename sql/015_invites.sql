-- 015_invites.sql — invitations. With EXBUDDY_SIGNUP=invite, only someone
-- holding a link that `exbuddy user invite` made may sign up, once, before
-- it expires.
--
-- An invitation belongs to no user, so row level security has no user to
-- key on: FORCEd with no policy for exbuddy_app, it is reached only through
-- two SECURITY DEFINER functions of exbuddy_auth (002's pattern). The admin
-- (`exbuddy user invite`, a superuser) writes it. Only the SHA-256 of a
-- token is kept, as for sessions.

SET LOCAL ROLE exbuddy_owner;

CREATE TABLE exbuddy.invites (
    token_hash bytea       NOT NULL,
    note       text        NULL,    -- whom it is for, as the admin wrote
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz NULL,
    used_by    uuid        NULL,    -- NULL again when that user is deleted
    CONSTRAINT invites_pkey PRIMARY KEY (token_hash),
    CONSTRAINT invites_token_hash_length CHECK (octet_length(token_hash) = 32),
    CONSTRAINT invites_note_length CHECK (char_length(note) <= 200),
    CONSTRAINT invites_expires_after_created CHECK (expires_at > created_at),
    CONSTRAINT invites_used_by_used CHECK (used_by IS NULL OR used_at IS NOT NULL),
    CONSTRAINT invites_used_by_fkey FOREIGN KEY (used_by)
        REFERENCES exbuddy.users (id) ON DELETE SET NULL
);
CREATE INDEX invites_used_by ON exbuddy.invites (used_by) WHERE used_by IS NOT NULL;
ALTER TABLE exbuddy.invites ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.invites FORCE ROW LEVEL SECURITY;

GRANT SELECT, UPDATE (used_at, used_by) ON exbuddy.invites TO exbuddy_auth;
CREATE POLICY invites_auth_select ON exbuddy.invites FOR SELECT TO exbuddy_auth
    USING (true);
CREATE POLICY invites_auth_update ON exbuddy.invites FOR UPDATE TO exbuddy_auth
    USING (true) WITH CHECK (true);

-- (exbuddy_auth needs CREATE on the schema to be made their owner.)
GRANT CREATE ON SCHEMA exbuddy TO exbuddy_auth;

-- Whether an invitation with this token hash may still be used.
CREATE FUNCTION exbuddy.auth_invite_valid(p_hash bytea) RETURNS boolean
    LANGUAGE sql STABLE STRICT SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT EXISTS (SELECT 1 FROM exbuddy.invites
                       WHERE token_hash = p_hash AND used_at IS NULL
                         AND expires_at > now());
    END;

-- Spends the invitation for the user of the transaction (app.user_id: the
-- account just created in it). false when it may not be used (unknown,
-- spent or expired): the caller rolls the sign-up back. Two sign-ups with
-- one token: the second waits for the first's row lock, then finds it spent.
CREATE FUNCTION exbuddy.auth_invite_use(p_hash bytea) RETURNS boolean
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = exbuddy, pg_catalog, pg_temp
AS $fn$
DECLARE
    -- current_user_id()'s setting (exbuddy_auth may not call it).
    v_user uuid := NULLIF(pg_catalog.current_setting('app.user_id', true), '')::uuid;
BEGIN
    IF v_user IS NULL THEN
        RETURN false;
    END IF;
    UPDATE exbuddy.invites SET used_at = now(), used_by = v_user
    WHERE token_hash = p_hash AND used_at IS NULL AND expires_at > now();
    RETURN FOUND;
END
$fn$;

RESET ROLE;

-- They run as exbuddy_auth (changing the owner needs the admin).
ALTER FUNCTION exbuddy.auth_invite_valid(bytea) OWNER TO exbuddy_auth;
ALTER FUNCTION exbuddy.auth_invite_use(bytea) OWNER TO exbuddy_auth;
REVOKE ALL ON FUNCTION exbuddy.auth_invite_valid(bytea),
    exbuddy.auth_invite_use(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION exbuddy.auth_invite_valid(bytea),
    exbuddy.auth_invite_use(bytea) TO exbuddy_app;

SET LOCAL ROLE exbuddy_owner;
REVOKE CREATE ON SCHEMA exbuddy FROM exbuddy_auth;
RESET ROLE;
