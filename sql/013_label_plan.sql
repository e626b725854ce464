-- 013_label_plan.sql — exercise_label is planned once per connection, not
-- at every statement that calls it.
--
-- 006 wrote exercise_label as a SQL function whose body has a subquery
-- (is there a built-in of this name?): PostgreSQL cannot inline such a
-- function, so it runs it through its SQL-function executor, which reads
-- and plans the body again at the start of every statement that calls
-- it. The dashboard, /week and /stats each call it, and that planning was
-- a good part of PostgreSQL's time per page (a profile showed the body's
-- node tree read back, the table's size asked of the kernel, at each
-- request). In PL/pgSQL the subquery's plan is kept for the connection.
-- The same answers: the name, and " (yours)" after an own exercise's
-- name that a built-in has too (any case). No SET search_path (it would
-- cost a settings save and restore at every call): every name in the
-- body is qualified, or pg_catalog's.

CREATE OR REPLACE FUNCTION exbuddy.exercise_label(name text, owner uuid) RETURNS text
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
