-- 05_shared_rules.sql — pgTAP: migration 005's week_start_of(date, first
-- day of the week), with known answers, and against cgi/civil.c's rule:
-- the first day of the week holding d is d minus ((weekday − first + 7)
-- mod 7) days, the weekday 0 for Sunday.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL search_path = exbuddy, public;

SELECT plan(12);

SELECT has_function('exbuddy', 'week_start_of', ARRAY['date', 'integer']);
SELECT function_returns('exbuddy', 'week_start_of', ARRAY['date', 'integer'], 'date');
SELECT volatility_is('exbuddy', 'week_start_of', ARRAY['date', 'integer'], 'immutable');

-- 2026-12-01 is a Tuesday.
SELECT is(week_start_of('2026-12-01', 1), '2026-11-30'::date, 'a Tuesday, weeks from Monday: the Monday before');
SELECT is(week_start_of('2026-12-01', 0), '2026-11-29'::date, 'a Tuesday, weeks from Sunday: the Sunday before');
SELECT is(week_start_of('2026-11-30', 1), '2026-11-30'::date, 'a Monday starts its own Monday week');
SELECT is(week_start_of('2026-11-29', 1), '2026-11-23'::date, 'a Sunday ends a Monday week');
SELECT is(week_start_of('2026-11-29', 0), '2026-11-29'::date, 'a Sunday starts its own Sunday week');
SELECT is(week_start_of('2024-03-02', 1), '2024-02-26'::date, 'across the end of a leap February');
SELECT is(week_start_of('2027-01-01', 1), '2026-12-28'::date, 'across a new year');
SELECT is(week_start_of(NULL, 1), NULL, 'NULL in, NULL out');

-- Every day of four years, both week starts: a week start, within 6 days.
SELECT is((SELECT count(*) FROM generate_series(date '2024-01-01', date '2027-12-31',
    interval '1 day') AS g(d), (VALUES (0), (1)) AS f(first)
    WHERE extract(dow FROM week_start_of(d::date, first))::int <> first
       OR week_start_of(d::date, first) > d::date
       OR d::date - week_start_of(d::date, first) > 6), 0::bigint,
    'every day of 2024–2027 lands on a week start at most 6 days before it');

SELECT * FROM finish();
ROLLBACK;
