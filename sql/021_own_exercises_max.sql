-- 021_own_exercises_max.sql — a user has at most 200 exercises of their
-- own (cgi/limits.h, EXERCISES_MAX_OWN), archived ones among them, and
-- the database holds to it.
--
-- exbuddy counts them before it makes one (cgi/exercise.c, ex_plan), but
-- two requests at once, or an import whose file was read before
-- exercises were made, could each find room and together pass the
-- limit. Pages read a user's exercises once (the library, LIMIT 200) and
-- name every row of workouts, totals and records from it, so an
-- exercise past the limit would have no name anywhere. Each insert of an
-- own exercise waits for the others of the same user (a lock for the
-- transaction) and is refused with check_violation when there are 200
-- already, which exbuddy shows as "You have 200 exercises of your own".
-- user_id never changes once a row is written.

SET LOCAL ROLE exbuddy_owner;

CREATE FUNCTION exbuddy.exercise_types_own_max() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(
        'exbuddy exercises ' || NEW.user_id::text, 0));
    IF (SELECT pg_catalog.count(*) FROM exbuddy.exercise_types t
            WHERE t.user_id = NEW.user_id) >= 200 THEN
        RAISE EXCEPTION 'a user has at most 200 exercises of their own'
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'exercise_types_own_max';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER exercise_types_own_max
    BEFORE INSERT ON exbuddy.exercise_types
    FOR EACH ROW WHEN (NEW.user_id IS NOT NULL)
    EXECUTE FUNCTION exbuddy.exercise_types_own_max();

RESET ROLE;
