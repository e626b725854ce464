-- 017_exercise_records.down.sql — undo 017_exercise_records.sql: the kept
-- records of the exercises, their numbers and triggers.
DROP TRIGGER users_records_settings ON exbuddy.users;
DROP TRIGGER exercise_types_records_builtin ON exbuddy.exercise_types;
DO $triggers$
DECLARE
    t text;
    op text;
BEGIN
    FOREACH t IN ARRAY ARRAY['workouts', 'workout_sets', 'body_weights', 'exercise_types'] LOOP
        FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
            EXECUTE pg_catalog.format('DROP TRIGGER %I ON exbuddy.%I', t || '_records_' || op, t);
        END LOOP;
    END LOOP;
END
$triggers$;
DROP FUNCTION exbuddy.exercise_records_builtin();
DROP FUNCTION exbuddy.record_versions_user();
DROP FUNCTION exbuddy.record_versions_write();
DROP FUNCTION exbuddy.record_versions_raise(uuid[]);
DROP TABLE exbuddy.exercise_records;
DROP TABLE exbuddy.record_versions;
