-- 07_invites.sql — pgTAP: migration 015's invitations, as the app role the
-- server logs in as: the table is out of its reach but through
-- auth_invite_valid and auth_invite_use; an invitation makes one account,
-- not after it expires, and forgets its user when the user is deleted.
--
-- Runs as superuser postgres (fixtures), switches with SET LOCAL ROLE
-- exbuddy_app; everything is rolled back at the end. Invitation tokens are
-- stood for by the SHA-256 of a word (the functions take the hash).

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(17);

GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO exbuddy_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq
    TO exbuddy_app;

INSERT INTO exbuddy.users (id, email, username, password_hash) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'ann@example.org', 'ann', '$argon2id$v=19$ann'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'ben@example.org', 'ben', '$argon2id$v=19$ben');
INSERT INTO exbuddy.invites (token_hash, note, created_at, expires_at) VALUES
    (sha256('fresh'), 'fresh', now(), now() + interval '7 days'),
    (sha256('second'), 'second', now(), now() + interval '7 days'),
    (sha256('old'), 'old', now() - interval '8 days', now() - interval '1 day');

-- Out of the app's reach.
SET LOCAL ROLE exbuddy_app;
SELECT throws_ok('SELECT * FROM exbuddy.invites', '42501', NULL,
    'the app may not read invites');
SELECT throws_ok($$INSERT INTO exbuddy.invites (token_hash, expires_at) VALUES (sha256('mine'), now() + interval '1 day')$$,
    '42501', NULL, 'nor write one');

-- auth_invite_valid.
SELECT ok(exbuddy.auth_invite_valid(sha256('fresh')), 'a fresh invitation is valid');
SELECT ok(NOT exbuddy.auth_invite_valid(sha256('old')), 'an expired one is not');
SELECT ok(NOT exbuddy.auth_invite_valid(sha256('unknown')), 'an unknown one is not');
SELECT is(exbuddy.auth_invite_valid(NULL), NULL, 'NULL: NULL');

-- auth_invite_use: for the user of the transaction only.
SELECT ok(NOT exbuddy.auth_invite_use(sha256('fresh')), 'without a user of the transaction it is not spent');
SELECT ok(exbuddy.auth_invite_valid(sha256('fresh')), '... and stays valid');
SET LOCAL app.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SELECT ok(exbuddy.auth_invite_use(sha256('fresh')), 'as ann: spent');
SELECT ok(NOT exbuddy.auth_invite_valid(sha256('fresh')), '... then no longer valid');
SET LOCAL app.user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
SELECT ok(NOT exbuddy.auth_invite_use(sha256('fresh')), 'as ben, the same one: refused');
SELECT ok(NOT exbuddy.auth_invite_use(sha256('old')), 'an expired one: refused');
SELECT ok(NOT exbuddy.auth_invite_use(sha256('unknown')), 'an unknown one: refused');
RESET ROLE;

SELECT results_eq(
    $$SELECT note, used_by FROM exbuddy.invites WHERE used_at IS NOT NULL ORDER BY note$$,
    $$VALUES ('fresh'::text, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid)$$,
    'only the fresh invitation is spent, by ann');
SELECT throws_ok($$UPDATE exbuddy.invites SET used_at = NULL WHERE note = 'fresh'$$,
    '23514', NULL, 'a user without the time it was used is refused');

DELETE FROM exbuddy.users WHERE id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
SELECT results_eq(
    $$SELECT used_by IS NULL, used_at IS NOT NULL FROM exbuddy.invites WHERE note = 'fresh'$$,
    $$VALUES (true, true)$$,
    'ann deleted: the invitation forgets her, and stays spent');
SELECT throws_ok($$INSERT INTO exbuddy.invites (token_hash, expires_at) VALUES ('\x00', now() + interval '1 day')$$,
    '23514', NULL, 'a token hash is 32 bytes');

SELECT * FROM finish();
ROLLBACK;
