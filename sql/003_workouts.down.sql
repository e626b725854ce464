-- 003_workouts.down.sql — undo 003_workouts.sql (workouts of the new
-- exercises are deleted with them).
-- As the admin: RLS is forced on workouts and the owner has no policy, so
-- only the admin (a superuser) sees every user's rows to delete them.
DELETE FROM exbuddy.workouts WHERE exercise_type_id IN (SELECT id FROM exbuddy.exercise_types
    WHERE slug NOT IN ('push-up', 'jump-rope'));
SET LOCAL ROLE exbuddy_owner;
DROP INDEX exbuddy.workouts_user_exercise_time;
DROP INDEX exbuddy.workouts_user_submission;
ALTER TABLE exbuddy.workouts DROP COLUMN submission_id;
DROP INDEX exbuddy.exercise_types_search;
DELETE FROM exbuddy.exercise_types WHERE slug NOT IN ('push-up', 'jump-rope');
ALTER TABLE exbuddy.exercise_types
    DROP CONSTRAINT exercise_types_reps_have_pace,
    DROP COLUMN seconds_per_rep,
    DROP COLUMN compendium_code;
ALTER TABLE exbuddy.users ALTER COLUMN weight_kg TYPE numeric(5,1);
RESET ROLE;
