-- 006_training_log.down.sql — undo 006_training_log.sql, for data that fits
-- the old shape: no exercise of a user's own, every workout one set without
-- a load. Anything else is refused (and nothing is changed): merge own
-- exercises into built-in ones and edit such workouts first. The profile
-- weight comes back as each user's latest body weight entry.

SET LOCAL ROLE exbuddy_owner;

ALTER TABLE exbuddy.users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workout_sets NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.body_weights NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_types NO FORCE ROW LEVEL SECURITY;

DO $check$
BEGIN
    IF EXISTS (SELECT 1 FROM exbuddy.exercise_types WHERE user_id IS NOT NULL) THEN
        RAISE EXCEPTION 'users have exercises of their own: 006 cannot be undone';
    END IF;
    IF EXISTS (SELECT 1 FROM exbuddy.workouts WHERE set_count <> 1)
       OR EXISTS (SELECT 1 FROM exbuddy.workout_sets WHERE load_kg IS NOT NULL) THEN
        RAISE EXCEPTION 'workouts have several sets or a load: 006 cannot be undone';
    END IF;
END
$check$;

ALTER TABLE exbuddy.users ADD COLUMN weight_kg numeric(6,2) NULL,
    ADD CONSTRAINT users_weight_kg_range CHECK (weight_kg BETWEEN 20 AND 500);
ALTER TABLE exbuddy.users DISABLE TRIGGER users_touch_updated_at;
UPDATE exbuddy.users u SET weight_kg = (SELECT b.weight_kg FROM exbuddy.body_weights b
    WHERE b.user_id = u.id ORDER BY b.day DESC LIMIT 1);
ALTER TABLE exbuddy.users ENABLE TRIGGER users_touch_updated_at;

DROP TABLE exbuddy.body_weights;
DROP TABLE exbuddy.workout_sets;
DROP INDEX exbuddy.workouts_user_submission;
CREATE UNIQUE INDEX workouts_user_submission
    ON exbuddy.workouts (user_id, submission_id);

DROP TRIGGER workouts_exercise_visible_insert ON exbuddy.workouts;
DROP TRIGGER workouts_exercise_visible_update ON exbuddy.workouts;
DROP TRIGGER goals_exercise_visible_insert ON exbuddy.goals;
DROP TRIGGER goals_exercise_visible_update ON exbuddy.goals;
DROP FUNCTION exbuddy.exercise_visible_check();
DROP FUNCTION exbuddy.exercise_label(text, uuid);

ALTER TABLE exbuddy.workouts
    DROP CONSTRAINT workouts_id_user_key,
    DROP COLUMN set_count, DROP COLUMN best_set_reps, DROP COLUMN best_set_seconds,
    DROP COLUMN max_load_kg, DROP COLUMN volume_kg,
    DROP CONSTRAINT workouts_exercise_type_id_fkey,
    ADD CONSTRAINT workouts_exercise_type_id_fkey FOREIGN KEY (exercise_type_id)
        REFERENCES exbuddy.exercise_types (id) ON DELETE RESTRICT;
ALTER TABLE exbuddy.goals
    DROP CONSTRAINT goals_exercise_type_id_fkey,
    ADD CONSTRAINT goals_exercise_type_id_fkey FOREIGN KEY (exercise_type_id)
        REFERENCES exbuddy.exercise_types (id) ON DELETE CASCADE;

DROP POLICY exercise_types_read ON exbuddy.exercise_types;
DROP POLICY exercise_types_insert ON exbuddy.exercise_types;
DROP POLICY exercise_types_update ON exbuddy.exercise_types;
DROP POLICY exercise_types_delete ON exbuddy.exercise_types;
ALTER TABLE exbuddy.exercise_types DISABLE ROW LEVEL SECURITY;
REVOKE INSERT, UPDATE, DELETE ON exbuddy.exercise_types FROM exbuddy_app;
DROP INDEX exbuddy.exercise_types_builtin_slug;
DROP INDEX exbuddy.exercise_types_builtin_name;
DROP INDEX exbuddy.exercise_types_own_slug;
DROP INDEX exbuddy.exercise_types_own_name;
ALTER TABLE exbuddy.exercise_types
    DROP CONSTRAINT exercise_types_builtin_has_code,
    DROP CONSTRAINT exercise_types_builtin_not_archived,
    DROP CONSTRAINT exercise_types_measure_valid,
    DROP CONSTRAINT exercise_types_reps_have_pace,
    DROP COLUMN user_id, DROP COLUMN bodyweight, DROP COLUMN archived,
    ALTER COLUMN compendium_code SET NOT NULL,
    ALTER COLUMN description DROP DEFAULT,
    ADD CONSTRAINT exercise_types_slug_key UNIQUE (slug),
    ADD CONSTRAINT exercise_types_name_key UNIQUE (name),
    ADD CONSTRAINT exercise_types_measure_valid CHECK (measure IN ('reps', 'time')),
    ADD CONSTRAINT exercise_types_reps_have_pace
        CHECK ((measure = 'reps') = (seconds_per_rep IS NOT NULL));

ALTER TABLE exbuddy.users FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts FORCE ROW LEVEL SECURITY;

RESET ROLE;
