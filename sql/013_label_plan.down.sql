-- 013_label_plan.down.sql — undo 013_label_plan.sql: 006's SQL function.
CREATE OR REPLACE FUNCTION exbuddy.exercise_label(name text, owner uuid) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN owner IS NOT NULL AND EXISTS (
        SELECT 1 FROM exbuddy.exercise_types b
        WHERE b.user_id IS NULL AND lower(b.name) = lower(exercise_label.name))
        THEN name || ' (yours)' ELSE name END;
