-- 005_shared_rules.sql — rules that several queries share, written once as
-- SQL functions.

SET LOCAL ROLE exbuddy_owner;

-- The first day of the week holding d, weeks starting on first_day (0
-- Sunday, 1 Monday). A local date: read performed_at::date in the user's
-- TimeZone. cgi/civil.c's civil_week_start is the same rule in C (for the
-- weeks a page shows); this one is for grouping rows by week in SQL.
CREATE FUNCTION exbuddy.week_start_of(d date, first_day integer) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN d - ((extract(dow FROM d)::integer - first_day + 7) % 7);
GRANT EXECUTE ON FUNCTION exbuddy.week_start_of(date, integer) TO exbuddy_app;

RESET ROLE;
