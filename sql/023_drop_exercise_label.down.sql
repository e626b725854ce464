-- 023_drop_exercise_label.down.sql — undo 023_drop_exercise_label.sql: exercise_label as 013 left it.
SET LOCAL ROLE exbuddy_owner;
CREATE FUNCTION exbuddy.exercise_label(name text, owner uuid) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $fn$
BEGIN
    IF owner IS NOT NULL AND EXISTS (
            SELECT 1 FROM exbuddy.exercise_types b
            WHERE b.user_id IS NULL AND lower(b.name) = lower(exercise_label.name)) THEN
        RETURN name || ' (yours)';
    END IF;
    RETURN name;
END
$fn$;
GRANT EXECUTE ON FUNCTION exbuddy.exercise_label(text, uuid) TO exbuddy_app;
RESET ROLE;
