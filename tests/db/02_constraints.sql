-- 02_constraints.sql — pgTAP: every CHECK / NOT NULL / UNIQUE / FOREIGN KEY
-- of migration 001 rejects bad rows with the right SQLSTATE (and, for
-- CHECKs, the right constraint), boundary values are accepted, and deleting
-- a user cascades.
--
-- Runs as superuser postgres (RLS is bypassed here; 03_roles_rls.sql tests
-- RLS). Everything is rolled back at the end.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(148);

-- Fixtures -------------------------------------------------------------------

INSERT INTO exbuddy.users (id, email, username, password_hash) VALUES
    ('11111111-1111-4111-8111-111111111111', 'Alice@Example.org', 'Alice',
     '$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.org', 'bob',
     '$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g');

-- Defaults of a minimal row.
SELECT results_eq(
    $$SELECT is_active, timezone, week_start, weight_unit,
             created_at = now(), updated_at = now()
        FROM exbuddy.users WHERE username = 'bob'$$,
    $$VALUES (true, 'UTC'::text, 1::smallint, 'kg'::text, true, true)$$,
    'users defaults: active, UTC, week starts Monday, kg, timestamps now()');

-- users -------------------------------------------------------------------------

-- ins(table, base, col, val): the text of an INSERT into exbuddy.<table> of
-- the valid row `base` (column -> value) with column `col` set to `val`
-- (NULL means SQL NULL). Columns not mentioned take their defaults.
CREATE FUNCTION pg_temp.ins(tbl text, base jsonb, col text, val text) RETURNS text
    LANGUAGE sql AS $$
    SELECT format('INSERT INTO exbuddy.%I (%s) VALUES (%s)', tbl,
                  string_agg(quote_ident(key), ', ' ORDER BY key),
                  string_agg(quote_nullable(value), ', ' ORDER BY key))
      FROM jsonb_each_text(base || jsonb_build_object(col, val))
$$;

CREATE FUNCTION pg_temp.bad_user(col text, val text) RETURNS text
    LANGUAGE sql AS $$
    SELECT pg_temp.ins('users', jsonb_build_object(
        'email', 'carol@example.org', 'username', 'carol',
        'password_hash', '$argon2id$v=19$x'), col, val)
$$;

SELECT throws_ok(pg_temp.bad_user('email', NULL), '23502', NULL, 'users.email NULL rejected');
SELECT throws_ok(pg_temp.bad_user('email', ''), '23514', NULL, 'users.email empty rejected');
SELECT throws_ok(pg_temp.bad_user('email', 'carol.example.org'), '23514',
    'new row for relation "users" violates check constraint "users_email_shape"',
    'users.email without @ rejected');
SELECT throws_ok(pg_temp.bad_user('email', 'carol@ex@ample.org'), '23514', NULL, 'users.email with two @ rejected');
SELECT throws_ok(pg_temp.bad_user('email', '@example.org'), '23514', NULL, 'users.email with empty local part rejected');
SELECT throws_ok(pg_temp.bad_user('email', 'carol@'), '23514', NULL, 'users.email with empty domain rejected');
SELECT throws_ok(pg_temp.bad_user('email', 'car ol@example.org'), '23514', NULL, 'users.email with a space rejected');
SELECT throws_ok(pg_temp.bad_user('email', E'carol@example.org\n'), '23514', NULL, 'users.email with a trailing newline rejected');
SELECT throws_ok(pg_temp.bad_user('email', repeat('a', 244) || '@example.org'), '23514',
    'new row for relation "users" violates check constraint "users_email_length"',
    'users.email of 256 chars rejected');
SELECT lives_ok(pg_temp.bad_user('email', repeat('a', 243) || '@example.org'), 'users.email of 255 chars accepted');
DELETE FROM exbuddy.users WHERE username = 'carol';

SELECT throws_ok(pg_temp.bad_user('username', NULL), '23502', NULL, 'users.username NULL rejected');
SELECT throws_ok(pg_temp.bad_user('username', 'ab'), '23514',
    'new row for relation "users" violates check constraint "users_username_shape"',
    'users.username of 2 chars rejected');
SELECT throws_ok(pg_temp.bad_user('username', repeat('a', 51)), '23514', NULL, 'users.username of 51 chars rejected');
SELECT throws_ok(pg_temp.bad_user('username', 'car ol'), '23514', NULL, 'users.username with a space rejected');
SELECT throws_ok(pg_temp.bad_user('username', 'carol!'), '23514', NULL, 'users.username with punctuation rejected');
SELECT throws_ok(pg_temp.bad_user('username', 'càrol'), '23514', NULL, 'users.username with non-ASCII rejected');
SELECT throws_ok(pg_temp.bad_user('username', E'carol\n'), '23514', NULL, 'users.username with a trailing newline rejected');
SELECT lives_ok(pg_temp.bad_user('username', 'C4r-o_l' || repeat('x', 43)), 'users.username of 50 chars with - and _ accepted');
DELETE FROM exbuddy.users WHERE email = 'carol@example.org';

SELECT throws_ok(pg_temp.bad_user('password_hash', NULL), '23502', NULL, 'users.password_hash NULL rejected');
SELECT throws_ok(pg_temp.bad_user('password_hash', ''), '23514',
    'new row for relation "users" violates check constraint "users_password_hash_argon2id"',
    'users.password_hash empty rejected');
SELECT throws_ok(pg_temp.bad_user('password_hash', '$2b$12$abcdefghijklmnopqrstuv'), '23514', NULL,
    'users.password_hash that is not argon2id rejected');
SELECT throws_ok(pg_temp.bad_user('password_hash', '$argon2i$v=19$x'), '23514', NULL,
    'users.password_hash of argon2i (not argon2id) rejected');
SELECT throws_ok(pg_temp.bad_user('password_hash', '$argon2id$' || repeat('x', 503)), '23514', NULL,
    'users.password_hash of 513 chars rejected');
SELECT lives_ok(pg_temp.bad_user('password_hash', '$argon2id$' || repeat('x', 502)),
    'users.password_hash of 512 chars accepted');
DELETE FROM exbuddy.users WHERE username = 'carol';

SELECT throws_ok(pg_temp.bad_user('is_active', NULL), '23502', NULL, 'users.is_active NULL rejected');

SELECT throws_ok(pg_temp.bad_user('timezone', NULL), '23502', NULL, 'users.timezone NULL rejected');
SELECT throws_ok(pg_temp.bad_user('timezone', ''), '23514',
    'new row for relation "users" violates check constraint "users_timezone_valid"',
    'users.timezone empty rejected');
SELECT throws_ok(pg_temp.bad_user('timezone', 'Mars/Olympus_Mons'), '23514', NULL, 'users.timezone unknown zone rejected');
SELECT throws_ok(pg_temp.bad_user('timezone', 'PDT'), '23514', NULL, 'users.timezone abbreviation rejected');
SELECT lives_ok(pg_temp.bad_user('timezone', 'America/Los_Angeles'), 'users.timezone America/Los_Angeles accepted');
DELETE FROM exbuddy.users WHERE username = 'carol';

SELECT throws_ok(pg_temp.bad_user('week_start', NULL), '23502', NULL, 'users.week_start NULL rejected');
SELECT throws_ok(pg_temp.bad_user('week_start', '2'), '23514',
    'new row for relation "users" violates check constraint "users_week_start_valid"',
    'users.week_start 2 rejected');
SELECT throws_ok(pg_temp.bad_user('week_start', '-1'), '23514', NULL, 'users.week_start -1 rejected');
SELECT lives_ok(pg_temp.bad_user('week_start', '0'), 'users.week_start 0 (Sunday) accepted');
DELETE FROM exbuddy.users WHERE username = 'carol';

SELECT throws_ok(pg_temp.bad_user('weight_unit', NULL), '23502', NULL, 'users.weight_unit NULL rejected');
SELECT throws_ok(pg_temp.bad_user('weight_unit', 'stone'), '23514',
    'new row for relation "users" violates check constraint "users_weight_unit_valid"',
    'users.weight_unit stone rejected');
SELECT throws_ok(pg_temp.bad_user('weight_unit', 'KG'), '23514', NULL, 'users.weight_unit KG (upper case) rejected');
SELECT lives_ok(pg_temp.bad_user('weight_unit', 'lb'), 'users.weight_unit lb accepted');
DELETE FROM exbuddy.users WHERE username = 'carol';

-- Case-insensitive uniqueness.
SELECT throws_ok($$INSERT INTO exbuddy.users (email, username, password_hash)
                   VALUES ('ALICE@example.ORG', 'alice2', '$argon2id$v=19$x')$$, '23505',
    'duplicate key value violates unique constraint "users_email_lower_key"',
    'users.email duplicate in another case rejected');
SELECT throws_ok($$INSERT INTO exbuddy.users (email, username, password_hash)
                   VALUES ('alice2@example.org', 'ALICE', '$argon2id$v=19$x')$$, '23505',
    'duplicate key value violates unique constraint "users_username_lower_key"',
    'users.username duplicate in another case rejected');
SELECT throws_ok($$UPDATE exbuddy.users SET email = 'alice@EXAMPLE.org'
                   WHERE username = 'bob'$$, '23505', NULL,
    'users.email changed to another user''s address rejected');
SELECT throws_ok($$INSERT INTO exbuddy.users (id, email, username, password_hash)
                   VALUES ('22222222-2222-4222-8222-222222222222', 'x@example.org', 'xavier', '$argon2id$v=19$x')$$,
    '23505', NULL, 'users.id duplicate rejected');

-- updated_at is maintained by a trigger.
UPDATE exbuddy.users SET created_at = '2020-01-01', updated_at = '2020-01-01'
 WHERE username = 'bob';
UPDATE exbuddy.users SET week_start = 0 WHERE username = 'bob';
SELECT is((SELECT updated_at FROM exbuddy.users WHERE username = 'bob'), now(),
          'UPDATE of users sets updated_at = now()');

-- body_weights (006) ----------------------------------------------------------------

CREATE FUNCTION pg_temp.bad_weight(col text, val text) RETURNS text
    LANGUAGE sql AS $$
    SELECT pg_temp.ins('body_weights', jsonb_build_object(
        'user_id', '11111111-1111-4111-8111-111111111111',
        'day', '2024-05-01', 'weight_kg', '80'), col, val)
$$;

SELECT throws_ok(pg_temp.bad_weight('weight_kg', '19.99'), '23514',
    'new row for relation "body_weights" violates check constraint "body_weights_weight_kg_range"',
    'body_weights.weight_kg 19.99 rejected');
SELECT throws_ok(pg_temp.bad_weight('weight_kg', '500.01'), '23514', NULL, 'body_weights.weight_kg 500.01 rejected');
SELECT throws_ok(pg_temp.bad_weight('weight_kg', NULL), '23502', NULL, 'body_weights.weight_kg NULL rejected');
SELECT throws_ok(pg_temp.bad_weight('day', '1969-12-31'), '23514',
    'new row for relation "body_weights" violates check constraint "body_weights_day_range"',
    'body_weights.day before 1970 rejected');
SELECT throws_ok(pg_temp.bad_weight('user_id', '99999999-9999-4999-8999-999999999999'), '23503',
    'insert or update on table "body_weights" violates foreign key constraint "body_weights_user_id_fkey"',
    'body_weights.user_id of no user rejected');
SELECT lives_ok(pg_temp.bad_weight('weight_kg', '20'), 'body_weights.weight_kg 20 accepted');
SELECT throws_ok(pg_temp.bad_weight('weight_kg', '500'), '23505',
    'duplicate key value violates unique constraint "body_weights_pkey"',
    'a second weight on the same day rejected');
SELECT lives_ok(pg_temp.bad_weight('day', '2024-05-02'), 'a weight on the next day accepted');
UPDATE exbuddy.body_weights SET created_at = '2020-01-01', updated_at = '2020-01-01';
UPDATE exbuddy.body_weights SET weight_kg = 81;
SELECT ok((SELECT bool_and(updated_at = now()) FROM exbuddy.body_weights),
          'UPDATE of body_weights sets updated_at = now()');

-- exercise_types ------------------------------------------------------------------

CREATE FUNCTION pg_temp.bad_type(col text, val text) RETURNS text
    LANGUAGE sql AS $$
    SELECT pg_temp.ins('exercise_types', jsonb_build_object(
        'slug', 'air-squat', 'name', 'Air squat', 'description', 'Bend your knees.',
        'measure', 'reps', 'met', '5.0', 'compendium_code', '02022',
        'seconds_per_rep', '2.5'), col, val)
$$;

SELECT throws_ok(pg_temp.bad_type('slug', NULL), '23502', NULL, 'exercise_types.slug NULL rejected');
SELECT throws_ok(pg_temp.bad_type('slug', 'Squat'), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_slug_shape"',
    'exercise_types.slug with upper case rejected');
SELECT throws_ok(pg_temp.bad_type('slug', 'air_squat'), '23514', NULL, 'exercise_types.slug with _ rejected');
SELECT throws_ok(pg_temp.bad_type('slug', '-squat'), '23514', NULL, 'exercise_types.slug with leading - rejected');
SELECT throws_ok(pg_temp.bad_type('slug', 'air--squat'), '23514', NULL, 'exercise_types.slug with -- rejected');
SELECT throws_ok(pg_temp.bad_type('slug', 'squat-'), '23514', NULL, 'exercise_types.slug with trailing - rejected');
SELECT throws_ok(pg_temp.bad_type('slug', ''), '23514', NULL, 'exercise_types.slug empty rejected');
SELECT throws_ok(pg_temp.bad_type('slug', 'push-up'), '23505',
    'duplicate key value violates unique constraint "exercise_types_builtin_slug"',
    'exercise_types.slug duplicate among the built-ins rejected');
SELECT throws_ok(pg_temp.bad_type('name', 'PUSH-UP'), '23505',
    'duplicate key value violates unique constraint "exercise_types_builtin_name"',
    'exercise_types.name duplicate among the built-ins, in another case, rejected');
SELECT throws_ok(pg_temp.bad_type('name', ''), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_name_length"',
    'exercise_types.name empty rejected');
SELECT throws_ok(pg_temp.bad_type('name', repeat('n', 61)), '23514', NULL, 'exercise_types.name of 61 chars rejected');
SELECT throws_ok(pg_temp.bad_type('description', NULL), '23502', NULL, 'exercise_types.description NULL rejected');
SELECT throws_ok(pg_temp.bad_type('description', repeat('d', 501)), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_description_length"',
    'exercise_types.description of 501 chars rejected');
SELECT throws_ok(pg_temp.bad_type('measure', 'distance'), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_measure_valid"',
    'exercise_types.measure distance rejected');
SELECT throws_ok(pg_temp.bad_type('met', '0'), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_met_range"',
    'exercise_types.met 0 rejected');
SELECT throws_ok(pg_temp.bad_type('met', '25'), '23514', NULL, 'exercise_types.met 25 rejected');
SELECT throws_ok(pg_temp.bad_type('met', NULL), '23502', NULL, 'exercise_types.met NULL rejected');
SELECT lives_ok(pg_temp.bad_type('met', '24.9'), 'exercise_types row with MET 24.9 accepted');
-- 003: where the MET comes from, and the pace of a rep.
SELECT throws_ok(pg_temp.bad_type('compendium_code', NULL), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_builtin_has_code"',
    'a built-in exercise without a compendium_code rejected');
SELECT throws_ok(pg_temp.bad_type('compendium_code', '2022'), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_compendium_code_shape"',
    'exercise_types.compendium_code of 4 digits rejected');
SELECT throws_ok(pg_temp.bad_type('seconds_per_rep', '0'), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_seconds_per_rep_range"',
    'exercise_types.seconds_per_rep 0 rejected');
SELECT throws_ok(pg_temp.bad_type('seconds_per_rep', NULL), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_reps_have_pace"',
    'a reps exercise without seconds_per_rep rejected');
SELECT throws_ok(pg_temp.bad_type('measure', 'time'), '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_reps_have_pace"',
    'a timed exercise with seconds_per_rep rejected');
DELETE FROM exbuddy.exercise_types WHERE slug = 'air-squat';
SELECT lives_ok(pg_temp.bad_type('measure', 'reps_weight'), 'exercise_types.measure reps_weight accepted (006)');
DELETE FROM exbuddy.exercise_types WHERE slug = 'air-squat';

-- 006: a user's own exercises. Names unique per user, any case; a built-in's
-- name is free to take; no code needed; only their own may be archived.
CREATE FUNCTION pg_temp.own_type(usr text, col text, val text) RETURNS text
    LANGUAGE sql AS $$
    SELECT pg_temp.ins('exercise_types', jsonb_build_object(
        'user_id', usr, 'slug', 'bench-press', 'name', 'Bench press',
        'measure', 'reps_weight', 'met', '5.0', 'seconds_per_rep', '3'), col, val)
$$;
SELECT lives_ok(pg_temp.own_type('11111111-1111-4111-8111-111111111111', 'name', 'Bench press'),
    'an exercise of a user''s own without a compendium code accepted');
SELECT throws_ok(pg_temp.own_type('11111111-1111-4111-8111-111111111111', 'name', 'BENCH PRESS'), '23505',
    NULL, 'the same user''s name again, in another case, rejected');
SELECT throws_ok(pg_temp.own_type('11111111-1111-4111-8111-111111111111', 'name', 'Bench'), '23505',
    'duplicate key value violates unique constraint "exercise_types_own_slug"',
    'the same user''s slug again rejected');
SELECT lives_ok(pg_temp.own_type('22222222-2222-4222-8222-222222222222', 'name', 'Bench press'),
    'another user may have an exercise of the same name');
SELECT lives_ok(replace(pg_temp.own_type('22222222-2222-4222-8222-222222222222', 'slug', 'push-up'),
                        '''Bench press''', '''Push-up'''),
    'a user''s own exercise may share a built-in''s slug and name');
SELECT throws_ok($$UPDATE exbuddy.exercise_types SET archived = true WHERE slug = 'jump-rope'$$, '23514',
    'new row for relation "exercise_types" violates check constraint "exercise_types_builtin_not_archived"',
    'a built-in exercise cannot be archived');

-- workouts --------------------------------------------------------------------------

CREATE FUNCTION pg_temp.bad_workout(col text, val text, extra jsonb DEFAULT '{}') RETURNS text
    LANGUAGE sql AS $$
    SELECT pg_temp.ins('workouts', jsonb_build_object(
        'user_id', '11111111-1111-4111-8111-111111111111',
        'exercise_type_id', (SELECT id FROM exbuddy.exercise_types WHERE slug = 'push-up' AND user_id IS NULL),
        'performed_at', '2024-05-01 07:00+02', 'reps', '10') || extra, col, val)
$$;

-- 003: one workout per submission id and user.
SELECT lives_ok(pg_temp.bad_workout('submission_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
    'a workout with a submission id accepted');
SELECT throws_ok(pg_temp.bad_workout('submission_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'), '23505',
    'duplicate key value violates unique constraint "workouts_user_submission"',
    'the same submission id twice for one user rejected');

SELECT throws_ok(pg_temp.bad_workout('user_id', NULL), '23502', NULL, 'workouts.user_id NULL rejected');
SELECT throws_ok(pg_temp.bad_workout('user_id', '99999999-9999-4999-8999-999999999999'), '23503',
    'insert or update on table "workouts" violates foreign key constraint "workouts_user_id_fkey"',
    'workouts.user_id of no user rejected');
SELECT throws_ok(pg_temp.bad_workout('exercise_type_id', NULL), '23502', NULL, 'workouts.exercise_type_id NULL rejected');
SELECT throws_ok(pg_temp.bad_workout('exercise_type_id', '99999999-9999-4999-8999-999999999999'), '23503',
    'insert or update on table "workouts" violates foreign key constraint "workouts_exercise_type_id_fkey"',
    'workouts.exercise_type_id of no type rejected');
SELECT throws_ok(pg_temp.bad_workout('performed_at', NULL), '23502', NULL, 'workouts.performed_at NULL rejected');
SELECT throws_ok(pg_temp.bad_workout('performed_at', '1969-12-31 23:59:59+00'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_performed_at_range"',
    'workouts.performed_at before 1970 rejected');
SELECT throws_ok(pg_temp.bad_workout('reps', '-1', '{"duration_seconds": "60", "best_set_reps": "-1"}'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_reps_range"',
    'workouts.reps -1 rejected');
SELECT throws_ok(pg_temp.bad_workout('reps', '100001'), '23514', NULL, 'workouts.reps 100001 rejected');
SELECT throws_ok(pg_temp.bad_workout('duration_seconds', '-1', '{"best_set_seconds": "-1"}'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_duration_range"',
    'workouts.duration_seconds -1 rejected');
SELECT throws_ok(pg_temp.bad_workout('duration_seconds', '86401'), '23514', NULL, 'workouts.duration_seconds 86401 rejected');
SELECT throws_ok(pg_temp.bad_workout('reps', '0'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_has_amount"',
    'workout with neither reps nor duration rejected');
SELECT throws_ok(pg_temp.bad_workout('calories', '-0.1'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_calories_range"',
    'workouts.calories -0.1 rejected');
SELECT throws_ok(pg_temp.bad_workout('calories', '100000.1'), '23514', NULL, 'workouts.calories 100000.1 rejected');
SELECT throws_ok(pg_temp.bad_workout('note', repeat('n', 501)), '23514',
    'new row for relation "workouts" violates check constraint "workouts_note_length"',
    'workouts.note of 501 chars rejected');
SELECT throws_ok(pg_temp.bad_workout('calories_estimated', NULL), '23502', NULL, 'workouts.calories_estimated NULL rejected');
SELECT throws_ok(pg_temp.bad_workout('performed_at', '2024-05-01 07:00:00.5+02'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_whole_seconds"',
    'workouts.performed_at with a fraction of a second rejected (007)');

SELECT lives_ok($$INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at,
                      reps, duration_seconds, calories, calories_estimated, note)
                  SELECT '11111111-1111-4111-8111-111111111111', id, '1970-01-01 00:00:00+00',
                         100000, 86400, 100000, true, repeat('é', 500)
                    FROM exbuddy.exercise_types WHERE slug = 'jump-rope'$$,
    'workout at every upper bound (and 1970-01-01) accepted');
SELECT lives_ok($$INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, duration_seconds, calories)
                  SELECT '11111111-1111-4111-8111-111111111111', id, date_trunc('second', now()), 1, 0
                    FROM exbuddy.exercise_types WHERE slug = 'jump-rope'$$,
    'workout with only a duration and 0 calories accepted');

-- 006: the totals an entry keeps of its sets, and the exercise it names.
SELECT throws_ok(pg_temp.bad_workout('set_count', '0'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_set_count_range"',
    'workouts.set_count 0 rejected');
SELECT throws_ok(pg_temp.bad_workout('set_count', '51'), '23514', NULL, 'workouts.set_count 51 rejected');
SELECT throws_ok(pg_temp.bad_workout('set_list', repeat('1:0: ', 400) || '1'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_set_list_length"',
    'workouts.set_list of 2,001 characters rejected');
SELECT lives_ok(pg_temp.bad_workout('set_list', repeat('100000:86400:-99999.99 ', 49) || '100000:86400:-99999.99'),
    'workouts.set_list of the longest fifty sets accepted');
SELECT throws_ok(pg_temp.bad_workout('best_set_reps', '11'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_best_set_within"',
    'a best set of more reps than the workout rejected');
SELECT throws_ok(pg_temp.bad_workout('volume_kg', '-0.01'), '23514',
    'new row for relation "workouts" violates check constraint "workouts_volume_range"',
    'workouts.volume_kg below 0 rejected');
SELECT throws_ok(pg_temp.bad_workout('exercise_type_id',
        (SELECT id::text FROM exbuddy.exercise_types
          WHERE user_id = '22222222-2222-4222-8222-222222222222' AND slug = 'bench-press')), '23503',
    'an exercise of another user',
    'a workout naming another user''s exercise rejected');
SELECT lives_ok(pg_temp.bad_workout('exercise_type_id',
        (SELECT id::text FROM exbuddy.exercise_types
          WHERE user_id = '11111111-1111-4111-8111-111111111111' AND slug = 'bench-press'),
        '{"id": "cccccccc-cccc-4ccc-8ccc-cccccccccccc"}'),
    'a workout naming the user''s own exercise accepted');
SELECT throws_ok($$UPDATE exbuddy.workouts SET exercise_type_id =
        (SELECT id FROM exbuddy.exercise_types
          WHERE user_id = '22222222-2222-4222-8222-222222222222' AND slug = 'bench-press')
        WHERE id = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'$$, '23503',
    'an exercise of another user',
    'a workout changed to another user''s exercise rejected');

-- 006: sets.
CREATE FUNCTION pg_temp.bad_set(col text, val text) RETURNS text
    LANGUAGE sql AS $$
    SELECT pg_temp.ins('workout_sets', jsonb_build_object(
        'workout_id', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
        'user_id', '11111111-1111-4111-8111-111111111111',
        'position', '1', 'reps', '10'), col, val)
$$;
SELECT throws_ok(pg_temp.bad_set('position', '0'), '23514',
    'new row for relation "workout_sets" violates check constraint "workout_sets_position_range"',
    'workout_sets.position 0 rejected');
SELECT throws_ok(pg_temp.bad_set('position', '51'), '23514', NULL, 'workout_sets.position 51 rejected');
SELECT throws_ok(pg_temp.bad_set('reps', '100001'), '23514',
    'new row for relation "workout_sets" violates check constraint "workout_sets_reps_range"',
    'workout_sets.reps 100001 rejected');
SELECT throws_ok(pg_temp.bad_set('duration_seconds', '86401'), '23514',
    'new row for relation "workout_sets" violates check constraint "workout_sets_duration_range"',
    'workout_sets.duration_seconds 86401 rejected');
SELECT throws_ok(pg_temp.bad_set('reps', '0'), '23514',
    'new row for relation "workout_sets" violates check constraint "workout_sets_has_amount"',
    'a set of neither reps nor time rejected');
SELECT throws_ok(pg_temp.bad_set('load_kg', '1000.01'), '23514',
    'new row for relation "workout_sets" violates check constraint "workout_sets_load_range"',
    'workout_sets.load_kg 1000.01 rejected');
SELECT throws_ok(pg_temp.bad_set('load_kg', '-1000.01'), '23514', NULL, 'workout_sets.load_kg -1000.01 rejected');
SELECT throws_ok(pg_temp.bad_set('user_id', '22222222-2222-4222-8222-222222222222'), '23503',
    'insert or update on table "workout_sets" violates foreign key constraint "workout_sets_workout_fkey"',
    'a set of another user''s workout rejected');
SELECT lives_ok(pg_temp.bad_set('load_kg', '-1000'), 'a set with 1000 kg of assistance accepted');
SELECT throws_ok(pg_temp.bad_set('load_kg', '1000'), '23505',
    'duplicate key value violates unique constraint "workout_sets_pkey"',
    'two sets at the same position rejected');
SELECT lives_ok(pg_temp.bad_set('position', '50'), 'a set at position 50 accepted');

SELECT throws_ok($$DELETE FROM exbuddy.exercise_types WHERE slug = 'jump-rope'$$, '23503',
    'update or delete on table "exercise_types" violates foreign key constraint "workouts_exercise_type_id_fkey" on table "workouts"',
    'an exercise type in use cannot be deleted');

UPDATE exbuddy.workouts SET created_at = '2020-01-01', updated_at = '2020-01-01';
UPDATE exbuddy.workouts SET note = 'edited';
SELECT ok((SELECT bool_and(updated_at = now()) FROM exbuddy.workouts),
          'UPDATE of workouts sets updated_at = now()');

-- sessions ------------------------------------------------------------------------------

CREATE FUNCTION pg_temp.bad_session(col text, val text) RETURNS text
    LANGUAGE sql AS $$
    SELECT pg_temp.ins('sessions', jsonb_build_object(
        'user_id', '11111111-1111-4111-8111-111111111111',
        'token_hash', '\x' || encode(sha256('token-1'), 'hex'),
        'csrf_secret', '\x' || encode(sha256('csrf-1'), 'hex')), col, val)
$$;

SELECT throws_ok(pg_temp.bad_session('user_id', NULL), '23502', NULL, 'sessions.user_id NULL rejected');
SELECT throws_ok(pg_temp.bad_session('user_id', '99999999-9999-4999-8999-999999999999'), '23503',
    'insert or update on table "sessions" violates foreign key constraint "sessions_user_id_fkey"',
    'sessions.user_id of no user rejected');
SELECT throws_ok(pg_temp.bad_session('token_hash', NULL), '23502', NULL, 'sessions.token_hash NULL rejected');
SELECT throws_ok(pg_temp.bad_session('token_hash', '\x' || repeat('00', 31)), '23514',
    'new row for relation "sessions" violates check constraint "sessions_token_hash_length"',
    'sessions.token_hash of 31 bytes rejected');
SELECT throws_ok(pg_temp.bad_session('token_hash', '\x' || repeat('00', 33)), '23514', NULL,
    'sessions.token_hash of 33 bytes rejected');
SELECT throws_ok(pg_temp.bad_session('csrf_secret', NULL), '23502', NULL, 'sessions.csrf_secret NULL rejected');
SELECT throws_ok(pg_temp.bad_session('csrf_secret', '\x' || repeat('00', 31)), '23514',
    'new row for relation "sessions" violates check constraint "sessions_csrf_secret_length"',
    'sessions.csrf_secret of 31 bytes rejected');
SELECT throws_ok(pg_temp.bad_session('user_agent', repeat('u', 513)), '23514',
    'new row for relation "sessions" violates check constraint "sessions_user_agent_length"',
    'sessions.user_agent of 513 chars rejected');
SELECT lives_ok(pg_temp.bad_session('user_agent', repeat('u', 512)), 'session with a 512-char user agent accepted');
SELECT throws_ok(pg_temp.bad_session('ip', '192.0.2.1'), '23505',
    'duplicate key value violates unique constraint "sessions_token_hash_key"',
    'sessions.token_hash duplicate rejected');

-- audit_log -------------------------------------------------------------------------------

SELECT throws_ok($$INSERT INTO exbuddy.audit_log (user_id, event)
                   VALUES ('11111111-1111-4111-8111-111111111111', 'hacked')$$, '23514',
    'new row for relation "audit_log" violates check constraint "audit_log_event_valid"',
    'audit_log.event outside the list rejected');
SELECT throws_ok($$INSERT INTO exbuddy.audit_log (user_id, event) VALUES (NULL, NULL)$$,
    '23502', NULL, 'audit_log.event NULL rejected');
SELECT throws_ok($$INSERT INTO exbuddy.audit_log (user_id, event, detail)
                   VALUES ('11111111-1111-4111-8111-111111111111', 'login', repeat('d', 501))$$, '23514',
    'new row for relation "audit_log" violates check constraint "audit_log_detail_length"',
    'audit_log.detail of 501 chars rejected');
SELECT throws_ok($$INSERT INTO exbuddy.audit_log (user_id, event)
                   VALUES ('99999999-9999-4999-8999-999999999999', 'login')$$, '23503',
    'insert or update on table "audit_log" violates foreign key constraint "audit_log_user_id_fkey"',
    'audit_log.user_id of no user rejected');
SELECT throws_ok($$INSERT INTO exbuddy.audit_log (id, user_id, event)
                   VALUES (1, '11111111-1111-4111-8111-111111111111', 'login')$$, '428C9', NULL,
    'audit_log.id cannot be supplied (GENERATED ALWAYS)');
SELECT lives_ok($$INSERT INTO exbuddy.audit_log (user_id, event, ip, detail)
                  SELECT '11111111-1111-4111-8111-111111111111', e, '2001:db8::1', 'ok'
                    FROM unnest(ARRAY['signup','login','login_failed','login_throttled','logout',
                                      'password_changed','session_ended','account_deleted',
                                      'settings_changed']) AS e$$,
    'audit_log accepts every listed event');
SELECT lives_ok($$INSERT INTO exbuddy.audit_log (user_id, event) VALUES (NULL, 'login_failed')$$,
    'audit_log accepts a row without a user (as superuser)');

-- Cascade from users ------------------------------------------------------------------------

INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps)
SELECT '22222222-2222-4222-8222-222222222222', id, date_trunc('second', now()), 5
  FROM exbuddy.exercise_types WHERE slug = 'push-up' AND user_id IS NULL;
INSERT INTO exbuddy.sessions (user_id, token_hash, csrf_secret)
VALUES ('22222222-2222-4222-8222-222222222222', sha256('token-2'), sha256('csrf-2'));
INSERT INTO exbuddy.audit_log (user_id, event)
VALUES ('22222222-2222-4222-8222-222222222222', 'signup');

DELETE FROM exbuddy.users WHERE id = '11111111-1111-4111-8111-111111111111';

SELECT is((SELECT count(*) FROM exbuddy.workouts WHERE user_id = '11111111-1111-4111-8111-111111111111'),
          0::bigint, 'deleting a user deletes their workouts');
SELECT results_eq(
    $$SELECT (SELECT count(*) FROM exbuddy.workout_sets   WHERE user_id = '11111111-1111-4111-8111-111111111111'),
             (SELECT count(*) FROM exbuddy.exercise_types WHERE user_id = '11111111-1111-4111-8111-111111111111'),
             (SELECT count(*) FROM exbuddy.body_weights   WHERE user_id = '11111111-1111-4111-8111-111111111111')$$,
    $$VALUES (0::bigint, 0::bigint, 0::bigint)$$,
    'deleting a user deletes their sets, their own exercises (in use by their workouts) and their body weights');
SELECT is((SELECT count(*) FROM exbuddy.sessions WHERE user_id = '11111111-1111-4111-8111-111111111111'),
          0::bigint, 'deleting a user deletes their sessions');
SELECT is((SELECT count(*) FROM exbuddy.audit_log WHERE user_id = '11111111-1111-4111-8111-111111111111'),
          0::bigint, 'deleting a user deletes their audit rows');
SELECT results_eq(
    $$SELECT (SELECT count(*) FROM exbuddy.workouts  WHERE user_id = '22222222-2222-4222-8222-222222222222'),
             (SELECT count(*) FROM exbuddy.sessions  WHERE user_id = '22222222-2222-4222-8222-222222222222'),
             (SELECT count(*) FROM exbuddy.audit_log WHERE user_id = '22222222-2222-4222-8222-222222222222'),
             (SELECT count(*) FROM exbuddy.audit_log WHERE user_id IS NULL)$$,
    $$VALUES (1::bigint, 1::bigint, 1::bigint, 1::bigint)$$,
    'another user''s rows and user-less audit rows survive');
SELECT is((SELECT count(*) FROM exbuddy.exercise_types WHERE slug IN ('push-up', 'jump-rope') AND user_id IS NULL),
          2::bigint, 'built-in exercise types survive a user deletion');

SELECT * FROM finish();
ROLLBACK;
