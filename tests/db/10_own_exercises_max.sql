-- 10_own_exercises_max.sql — pgTAP: migration 021 holds a user to 200
-- exercises of their own (archived ones among them), as the app role the
-- server logs in as, refusing the 201st with check_violation; another
-- user's count is their own; built-ins are not counted.
--
-- Runs as superuser postgres (fixtures), switches with SET LOCAL ROLE
-- exbuddy_app; everything is rolled back at the end.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(7);

GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO exbuddy_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq
    TO exbuddy_app;

INSERT INTO exbuddy.users (id, email, username, password_hash) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'ann@example.org', 'ann', '$argon2id$v=19$ann'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'ben@example.org', 'ben', '$argon2id$v=19$ben');

SELECT has_trigger('exbuddy', 'exercise_types', 'exercise_types_own_max',
    'exercise_types has the trigger of 021');

SET LOCAL ROLE exbuddy_app;
SELECT set_config('app.user_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);

SELECT lives_ok($$INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep, archived)
    SELECT exbuddy.current_user_id(), 'own-' || k, 'Own ' || k, 'reps', 3, 3, k % 2 = 0
    FROM generate_series(1, 199) k$$,
    'Ann makes 199 exercises of her own, half of them archived');
SELECT lives_ok($$INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep)
    VALUES (exbuddy.current_user_id(), 'own-200', 'Own 200', 'reps', 3, 3)$$,
    'the 200th is made');
SELECT throws_ok($$INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep)
    VALUES (exbuddy.current_user_id(), 'own-201', 'Own 201', 'reps', 3, 3)$$,
    '23514', 'a user has at most 200 exercises of their own',
    'the 201st is refused with check_violation');
SELECT is((SELECT count(*) FROM exbuddy.exercise_types WHERE user_id IS NOT NULL),
    200::bigint, 'Ann has 200 of her own');

SELECT set_config('app.user_id', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', true);
SELECT lives_ok($$INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep)
    VALUES (exbuddy.current_user_id(), 'own-1', 'Own 1', 'reps', 3, 3)$$,
    'Ben makes his first while Ann has 200');

RESET ROLE;
SELECT throws_ok($$INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep)
    VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'own-202', 'Own 202', 'reps', 3, 3)$$,
    '23514', 'a user has at most 200 exercises of their own',
    'the limit holds for the superuser too (a restore, say)');

SELECT * FROM finish();
ROLLBACK;
