# 57_bench_data.t — the benchmark's data (bench/generate.sql, make bench)
# at a tiny size: every rule of the schema holds for it (it is written
# with the triggers off and checked afterwards; here the workouts' totals
# are also compared with their sets, and every summary with a recount),
# the same variables give the same rows, and a generated user logs in
# through /login with the password of the hash given and sees their
# workouts on every page the benchmark loads. No timing: make bench measures, this only checks its data.
#
# The generated users (bench_*) are deleted at the end.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);
use EBTotals;

base_url();
my $host = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');

# The password of the generated users: a hash the app made for a new user.
my $seed = new_user();
my $hash = psql('SELECT password_hash FROM exbuddy.users WHERE id = ' . sql_quote($seed->{id}));
my ($USERS, $WORKOUTS, $HEAVY) = (3, 45, 60);

END {
	my $rc = $?;
	eval { psql("DELETE FROM exbuddy.users WHERE username LIKE 'bench\\_%'") };
	$? = $rc;
}

sub generate {
	return EB::run_cmd(120, 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', $host,
	    '-U', 'postgres', '-d', $ENV{EXBUDDY_DB} // 'exbuddy', '-v', "users=$USERS",
	    '-v', "workouts=$WORKOUTS", '-v', 'years=1', '-v', "heavy_workouts=$HEAVY",
	    '-v', 'heavy_years=2', '-v', 'end_day=2026-03-31', '-v', "hash=$hash",
	    '-f', "$top/bench/generate.sql");
}

# An md5 of each table's generated rows (built-in ids by slug, not id:
# the migrations make them anew in each database).
sub fingerprint {
	my $bench = "(SELECT id FROM exbuddy.users WHERE username LIKE 'bench\\_%')";
	my $slug = "(SELECT slug FROM exbuddy.exercise_types e WHERE e.id = t.exercise_type_id)";
	return psql("SELECT md5(string_agg(x, '/' ORDER BY x)) FROM ("
	    . "SELECT 'u' || id || email || username || timezone || week_start || weight_unit || created_at AS x "
	    . "FROM exbuddy.users WHERE id IN $bench UNION ALL "
	    . "SELECT 'e' || t.id || t.user_id || t.slug || t.measure FROM exbuddy.exercise_types t "
	    . "WHERE t.user_id IN $bench UNION ALL "
	    . "SELECT 'w' || t.id || $slug || (t.*)::text FROM exbuddy.workouts t WHERE t.user_id IN $bench UNION ALL "
	    . "SELECT 's' || t::text FROM exbuddy.workout_sets t WHERE t.user_id IN $bench UNION ALL "
	    . "SELECT 'b' || t::text FROM exbuddy.body_weights t WHERE t.user_id IN $bench UNION ALL "
	    . "SELECT 'g' || t.user_id || $slug || t.weekly_target FROM exbuddy.goals t WHERE t.user_id IN $bench) f");
}

my $gen = generate();
my $first = fingerprint();

behaviour('bench/generate.sql loads its users, workouts, sets, body weights and goals', sub {
	is($gen->{exit}, 0, 'psql -f bench/generate.sql succeeds') or diag("$gen->{out}$gen->{err}");
	is(psql("SELECT count(*) FROM exbuddy.users WHERE username LIKE 'bench\\_%'"), $USERS + 1,
	    "$USERS users and bench_heavy");
	is(psql("SELECT count(*) FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id "
	    . "WHERE u.username LIKE 'bench\\_%'"), $USERS * $WORKOUTS + $HEAVY,
	    "$WORKOUTS workouts each, $HEAVY of bench_heavy");
	is(psql("SELECT count(DISTINCT measure) FROM exbuddy.exercise_types e JOIN exbuddy.workouts w "
	    . "ON w.exercise_type_id = e.id JOIN exbuddy.users u ON u.id = w.user_id "
	    . "WHERE u.username = 'bench_heavy'"), 3, 'exercises in reps, in time and with a weight');
	cmp_ok(psql("SELECT count(*) FROM exbuddy.body_weights b JOIN exbuddy.users u ON u.id = b.user_id "
	    . "WHERE u.username = 'bench_00001'"), '>=', 52, 'a body weight a week');
});

behaviour('each generated workout keeps the totals of its sets, as the app writes them', sub {
	is(psql("SELECT count(*) FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id "
	    . "CROSS JOIN LATERAL (SELECT sum(s.reps) AS reps, sum(s.duration_seconds) AS secs, "
	    . "count(*) AS n, max(s.reps) AS best_reps, max(s.duration_seconds) AS best_secs, "
	    . "max(s.load_kg) AS max_load FROM exbuddy.workout_sets s WHERE s.workout_id = w.id) s "
	    . "WHERE u.username LIKE 'bench\\_%' AND (w.reps, w.duration_seconds, w.set_count, "
	    . "w.best_set_reps, w.best_set_seconds, w.max_load_kg) IS DISTINCT FROM "
	    . "(s.reps, s.secs, s.n, s.best_reps, s.best_secs, s.max_load)"), 0,
	    'reps, seconds, sets, best set and heaviest load agree with the sets');
	is(psql("SELECT count(*) FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id "
	    . "WHERE u.username LIKE 'bench\\_%' AND w.set_list IS DISTINCT FROM (SELECT "
	    . "string_agg(s.reps || ':' || s.duration_seconds || ':' || coalesce(s.load_kg::text, ''), "
	    . "' ' ORDER BY s.position) FROM exbuddy.workout_sets s WHERE s.workout_id = w.id)"), 0,
	    'the list of sets (sql/022) is the sets, in order');
	is(psql("SELECT count(*) FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id "
	    . "WHERE u.username LIKE 'bench\\_%' AND (w.performed_at AT TIME ZONE u.timezone)::date "
	    . ">= date '2026-03-31'"), 0, "no workout on or after end_day, in the user's time zone");
});

behaviour('the generated users\' daily totals equal a recount of their workouts, both ways', sub {
	my $recount = "SELECT w.user_id, (w.performed_at AT TIME ZONE u.timezone)::date AS day, "
	    . "w.exercise_type_id, count(*)::int AS workouts, sum(w.reps)::bigint AS reps, "
	    . "sum(w.duration_seconds)::bigint AS seconds, sum(w.calories) AS kcal, max(w.reps) AS best_reps, "
	    . "max(w.duration_seconds) AS best_seconds FROM exbuddy.workouts w JOIN exbuddy.users u "
	    . "ON u.id = w.user_id WHERE u.username LIKE 'bench\\_%' GROUP BY 1, 2, 3";
	my $stored = "SELECT d.user_id, d.day, d.exercise_type_id, d.workouts::int, d.reps::bigint, "
	    . "d.seconds::bigint, d.kcal, d.best_reps, d.best_seconds FROM exbuddy.daily_totals d "
	    . "JOIN exbuddy.users u ON u.id = d.user_id WHERE u.username LIKE 'bench\\_%'";
	cmp_ok(psql("SELECT count(*) FROM ($stored) s"), '>', 0, 'the generated users have daily totals');
	is(psql("SELECT count(*) FROM (($recount) EXCEPT ($stored)) x"), 0, 'none missing or different');
	is(psql("SELECT count(*) FROM (($stored) EXCEPT ($recount)) x"), 0, 'none extra');
});

behaviour('their totals per exercise and runs of days equal a recount of their workouts', sub {
	my @users = map { { id => $_ } } split /\n/,
	    psql("SELECT id FROM exbuddy.users WHERE username LIKE 'bench\\_%' ORDER BY id");
	is(scalar @users, $USERS + 1, 'setup: the generated users');
	is(psql('SELECT count(DISTINCT user_id) FROM exbuddy.exercise_totals WHERE user_id IN ('
	    . join(', ', map { sql_quote($_->{id}) } @users) . ')'), $USERS + 1,
	    'each has totals per exercise');
	my $d = user_totals_differences(@users);
	ok($d eq '', 'exercise_totals, activity_runs and user_activity equal the recount') or diag($d);
});

behaviour('their totals per month and per day equal a recount of their workouts', sub {
	my @users = map { { id => $_ } } split /\n/,
	    psql("SELECT id FROM exbuddy.users WHERE username LIKE 'bench\\_%' ORDER BY id");
	is(psql('SELECT count(DISTINCT user_id) FROM exbuddy.user_days WHERE user_id IN ('
	    . join(', ', map { sql_quote($_->{id}) } @users) . ')'), $USERS + 1,
	    'each has totals per day');
	my $d = period_differences(@users);
	ok($d eq '', 'month_totals and user_days equal the recount') or diag($d);
});

behaviour('the same variables give the same rows', sub {
	my $again = generate();
	is($again->{exit}, 0, 'a second run succeeds (it replaces the bench_* users)')
	    or diag("$again->{out}$again->{err}");
	is(fingerprint(), $first, 'every generated row is the same');
});

behaviour('a generated user logs in through /login and sees their workouts', sub {
	my $u = EBAccount->login('bench_00001', $seed->{password});
	is($u->{res}{status}, 303, 'POST /login: 303');
	for my $p ('/dashboard', '/week', '/stats', '/exercises/bench-press') {
		is($u->get($p)->{status}, 200, "GET $p: 200");
	}
	my $res = $u->get('/workouts');
	is($res->{status}, 200, 'GET /workouts: 200');
	is(scalar(history_rows($res->{content})), 20, '... 20 workouts on the first page');
	my $older = page_link($res->{content}, 'next');
	ok($older, '... and a link to older ones') or return;
	is($u->get($older)->{status}, 200, 'GET the second page: 200');
});

done_testing();
