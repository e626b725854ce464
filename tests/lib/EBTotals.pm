# EBTotals.pm — the summaries the pages read (sql/010, 012, 014, 018) against a
# recount from the workouts, for the end-to-end tests: each function takes
# users ({id => UUID}, ...) and returns the rows that differ, one per line,
# empty when the summaries equal the recount.
#
#   my $d = all_differences(@users);   # daily_totals, exercise_totals,
#                                      # activity_runs, user_activity,
#                                      # month_totals, user_days
#
# psql runs as postgres on EXBUDDY_DB (default exbuddy), as psql_fast.
package EBTotals;
use strict;
use warnings;
use Exporter qw(import);
use EBAccount qw(:DEFAULT :stats);

our @EXPORT = qw(differences user_totals_differences period_differences
    all_differences);

# The rows of USERS' summary that differ from a recount of their workouts
# (each day the local date in the user's time zone now): "missing (…)"
# for a row the recount has and the summary lacks or has otherwise,
# "extra (…)" the other way. Empty when they are equal.
sub differences {
	my (@users) = @_;
	my $in = join ', ', map { sql_quote($_->{id}) } @users;
	return psql_fast("WITH counted AS (SELECT w.user_id, (w.performed_at AT TIME ZONE "
	    . "u.timezone)::date AS day, w.exercise_type_id, count(*)::integer AS workouts, "
	    . "sum(w.reps)::bigint AS reps, sum(w.duration_seconds)::bigint AS seconds, "
	    . "sum(w.calories)::numeric(14,1) AS kcal, max(w.reps) AS best_reps, "
	    . "max(w.duration_seconds) AS best_seconds FROM exbuddy.workouts w "
	    . "JOIN exbuddy.users u ON u.id = w.user_id WHERE w.user_id IN ($in) "
	    . "GROUP BY 1, 2, 3), stored AS (SELECT user_id, day, exercise_type_id, workouts, "
	    . "reps, seconds, kcal, best_reps, best_seconds FROM exbuddy.daily_totals "
	    . "WHERE user_id IN ($in)) "
	    . "SELECT 'missing ' || c::text FROM (SELECT * FROM counted EXCEPT ALL "
	    . "SELECT * FROM stored) c UNION ALL SELECT 'extra ' || s::text FROM "
	    . "(SELECT * FROM stored EXCEPT ALL SELECT * FROM counted) s ORDER BY 1");
}

# The same for the summaries of sql/012_user_totals.sql, kept from the
# first: per exercise the totals and records (exercise_totals), the runs of
# days (activity_runs) and the days and longest run (user_activity), each
# counted again from the workouts here.
sub user_totals_differences {
	my (@users) = @_;
	my $in = join ', ', map { sql_quote($_->{id}) } @users;
	return psql_fast("WITH w AS (SELECT w.user_id, w.exercise_type_id AS ex, "
	    . "(w.performed_at AT TIME ZONE u.timezone)::date AS day, w.reps, "
	    . "w.duration_seconds AS dur, w.calories, u.week_start FROM exbuddy.workouts w "
	    . "JOIN exbuddy.users u ON u.id = w.user_id WHERE w.user_id IN ($in)), "
	    . "d AS (SELECT user_id, ex, day, week_start, sum(reps) AS reps, sum(dur) AS dur "
	    . "FROM w GROUP BY 1, 2, 3, 4), "
	    . "t AS (SELECT user_id, ex, count(*) AS n, sum(reps) AS reps, sum(dur) AS dur, "
	    . "sum(calories) AS kcal, max(reps) AS bw, max(dur) AS bl FROM w GROUP BY 1, 2), "
	    . "td AS (SELECT user_id, ex, max(reps) AS bd FROM d GROUP BY 1, 2), "
	    . "wk AS (SELECT d.user_id, d.ex, exbuddy.week_start_of(d.day, d.week_start) AS week, "
	    . "sum(CASE WHEN e.measure = 'time' THEN d.dur ELSE d.reps END) AS amount "
	    . "FROM d JOIN exbuddy.exercise_types e ON e.id = d.ex GROUP BY 1, 2, 3), "
	    . "bk AS (SELECT DISTINCT ON (user_id, ex) user_id, ex, amount, week FROM wk "
	    . "WHERE amount > 0 ORDER BY user_id, ex, amount DESC, week), "
	    . "counted AS (SELECT t.user_id, t.ex, t.n::bigint, t.reps::bigint, t.dur::bigint, "
	    . "t.kcal::numeric(16,1), t.bw, (SELECT min(w.day) FROM w WHERE w.user_id = t.user_id "
	    . "AND w.ex = t.ex AND w.reps = t.bw), td.bd::bigint, (SELECT min(d.day) FROM d "
	    . "WHERE d.user_id = t.user_id AND d.ex = t.ex AND d.reps = td.bd), t.bl, "
	    . "(SELECT min(w.day) FROM w WHERE w.user_id = t.user_id AND w.ex = t.ex "
	    . "AND w.dur = t.bl), coalesce(bk.amount, 0)::bigint, bk.week "
	    . "FROM t JOIN td USING (user_id, ex) LEFT JOIN bk USING (user_id, ex)), "
	    . "stored AS (SELECT user_id, exercise_type_id, workouts, reps, seconds, kcal, "
	    . "best_reps, best_reps_day, best_day_reps, best_day, best_seconds, "
	    . "best_seconds_day, best_week, best_week_of FROM exbuddy.exercise_totals "
	    . "WHERE user_id IN ($in)), "
	    . "days AS (SELECT DISTINCT user_id, day FROM w), "
	    . "runs AS (SELECT user_id, min(day) AS first_day, max(day) AS last_day FROM "
	    . "(SELECT user_id, day, day - (row_number() OVER (PARTITION BY user_id "
	    . "ORDER BY day))::integer AS grp FROM days) x GROUP BY user_id, grp), "
	    . "runs_stored AS (SELECT user_id, first_day, last_day FROM exbuddy.activity_runs "
	    . "WHERE user_id IN ($in)), "
	    . "act AS (SELECT user_id, sum(last_day - first_day + 1)::integer AS days, "
	    . "max(last_day - first_day + 1)::integer AS longest FROM runs GROUP BY 1), "
	    . "act_stored AS (SELECT user_id, days, longest FROM exbuddy.user_activity "
	    . "WHERE user_id IN ($in)) "
	    . "SELECT 'missing exercise_totals ' || c::text FROM (SELECT * FROM counted "
	    . "EXCEPT ALL SELECT * FROM stored) c UNION ALL SELECT 'extra exercise_totals ' "
	    . "|| s::text FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM counted) s "
	    . "UNION ALL SELECT 'missing run ' || c::text FROM (SELECT * FROM runs EXCEPT ALL "
	    . "SELECT * FROM runs_stored) c UNION ALL SELECT 'extra run ' || s::text FROM "
	    . "(SELECT * FROM runs_stored EXCEPT ALL SELECT * FROM runs) s "
	    . "UNION ALL SELECT 'missing activity ' || c::text FROM (SELECT * FROM act "
	    . "EXCEPT ALL SELECT * FROM act_stored) c UNION ALL SELECT 'extra activity ' "
	    . "|| s::text FROM (SELECT * FROM act_stored EXCEPT ALL SELECT * FROM act) s "
	    . "ORDER BY 1");
}

# The same for the summaries of sql/018_period_totals.sql: per month and
# exercise (month_totals) and per day (user_days), counted again from the
# workouts here.
sub period_differences {
	my (@users) = @_;
	my $in = join ', ', map { sql_quote($_->{id}) } @users;
	return psql_fast("WITH w AS (SELECT w.user_id, w.exercise_type_id AS ex, "
	    . "(w.performed_at AT TIME ZONE u.timezone)::date AS day, w.reps, "
	    . "w.duration_seconds AS dur, w.calories FROM exbuddy.workouts w "
	    . "JOIN exbuddy.users u ON u.id = w.user_id WHERE w.user_id IN ($in)), "
	    . "months AS (SELECT user_id, date_trunc('month', day)::date AS month, ex, "
	    . "count(*)::bigint AS n, sum(reps)::bigint AS reps, sum(dur)::bigint AS dur, "
	    . "sum(calories)::numeric(16,1) AS kcal FROM w GROUP BY 1, 2, 3), "
	    . "months_stored AS (SELECT user_id, month, exercise_type_id, workouts, reps, "
	    . "seconds, kcal FROM exbuddy.month_totals WHERE user_id IN ($in)), "
	    . "days AS (SELECT user_id, day, count(*)::bigint AS n, sum(reps)::bigint AS reps, "
	    . "sum(dur)::bigint AS dur FROM w GROUP BY 1, 2), "
	    . "days_stored AS (SELECT user_id, day, workouts, reps, seconds "
	    . "FROM exbuddy.user_days WHERE user_id IN ($in)) "
	    . "SELECT 'missing month_totals ' || c::text FROM (SELECT * FROM months "
	    . "EXCEPT ALL SELECT * FROM months_stored) c UNION ALL SELECT 'extra month_totals ' "
	    . "|| s::text FROM (SELECT * FROM months_stored EXCEPT ALL SELECT * FROM months) s "
	    . "UNION ALL SELECT 'missing user_days ' || c::text FROM (SELECT * FROM days "
	    . "EXCEPT ALL SELECT * FROM days_stored) c UNION ALL SELECT 'extra user_days ' "
	    . "|| s::text FROM (SELECT * FROM days_stored EXCEPT ALL SELECT * FROM days) s "
	    . "ORDER BY 1");
}

# All three, in one text: empty when every summary equals its recount.
sub all_differences {
	return join "\n", grep { $_ ne '' } differences(@_),
	    user_totals_differences(@_), period_differences(@_);
}

1;
