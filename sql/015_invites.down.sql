-- 015_invites.down.sql — undo 015_invites.sql: the invitations and their functions.
DROP FUNCTION exbuddy.auth_invite_use(bytea);
DROP FUNCTION exbuddy.auth_invite_valid(bytea);
DROP TABLE exbuddy.invites;
