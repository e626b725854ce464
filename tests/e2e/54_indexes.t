# 54_indexes.t — one user's pages read only that user's rows, through
# indexes: with 200,000 workouts of 2,000 other users and 300 of the test
# user, loading /dashboard, /week, /stats, /workouts (plain, filtered and a
# second page) and /workouts/new never starts a sequential scan of
# exbuddy.workouts (pg_stat_user_tables.seq_scan stays 0 after
# pg_stat_reset(), idx_scan grows), nor of exbuddy.daily_totals, the
# summary the statistics read (sql/010_daily_totals.sql). PostgreSQL 15 sends a backend's table
# statistics at most once a second and otherwise within 10 s, so the test
# waits those out before each reading. Also: EXPLAIN of each of the
# history's 24 statements (cgi/workout_store.c's wk_history_query, printed
# by build/unit/test_history_sql), with the generic plan exbuddy's
# connection keeps, run as exbuddy_app for the user, goes through an index
# of the user's (workouts_user_time, or workouts_user_exercise_time) with no
# Seq Scan on workouts and no sort of the user's workouts.
# The big fixture is deleted at the end.
#
# Each behaviour runs alone (EXBUDDY_ONLY): the 200,000 rows are loaded once,
# at the top, and only read; the last behaviour deletes them (and checks
# that it did), as the end of the test would anyway.
use strict;
use warnings;
use utf8;
use Test::More;
use Time::HiRes qw(sleep time);
use EB;
use EBAccount qw(:DEFAULT :stats);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my $FLUSH = 12;		# s: PGSTAT_IDLE_INTERVAL (10 s) and a margin

my $u = new_user();
my $uid = sql_quote($u->{id});
set_zone($u->{id}, 'Europe/Berlin', 1);

# --- The fixture: 2,000 other users × 100 workouts, and 300 of our user ----------
my $tag = "ixbulk$$" . 'x' . int(rand 1e6);
END { cleanup() }
my $cleaned = 0;
sub cleanup {
	return if $cleaned++;
	my $rc = $?;
	eval { psql_fast("DELETE FROM exbuddy.users WHERE username LIKE '${tag}\\_%'") };
	diag("could not delete the bulk users: $@") if $@;
	$? = $rc;
}
my $t0 = time;
psql_fast("INSERT INTO exbuddy.users (email, username, password_hash) SELECT "
    . "'${tag}_' || i || '\@example.test', '${tag}_' || i, '\$argon2id\$v=19\$m=65536,t=2,p=1\$x\$y' "
    . "FROM generate_series(1, 2000) i");
# The others' workouts go in with the triggers off (session_replication_role
# = replica, as bench/generate.sql loads): what this file measures is the
# plans of our user's pages over a big table, and the summaries' triggers
# (010, 012) count a statement's (user, exercise) pairs one by one, 18,000
# of them here, which took longer than psql_fast waits. Their daily totals
# are then counted in one statement; ours are kept by the triggers, as the
# app's writes are.
psql_fast("SET session_replication_role = replica; "
    . "INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, "
    . "duration_seconds, calories) SELECT u.id, e.id, date_trunc('second', now()) - (i * 7 + u.k) * interval '1 hour', "
    . "CASE WHEN e.measure = 'reps' THEN 1 + i % 40 ELSE 0 END, "
    . "CASE WHEN e.measure = 'time' THEN 30 + i ELSE 0 END, (i % 50) / 2.0 "
    . "FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM exbuddy.users "
    . "WHERE username LIKE '${tag}\\_%') u CROSS JOIN generate_series(1, 100) i "
    . "JOIN (SELECT id, measure, row_number() OVER (ORDER BY slug) - 1 AS n "
    . "FROM exbuddy.exercise_types WHERE user_id IS NULL) e ON e.n = (i + u.k) % 9; "
    # Their daily totals, counted set-based, so that the table is as big as
    # the pages' plans must stand (as bench/generate.sql does).
    . "INSERT INTO exbuddy.daily_totals (user_id, day, exercise_type_id, workouts, reps, "
    . "seconds, kcal, best_reps, best_seconds) SELECT w.user_id, (w.performed_at AT TIME ZONE "
    . "u.timezone)::date, w.exercise_type_id, count(*), sum(w.reps), sum(w.duration_seconds), "
    . "sum(w.calories), max(w.reps), max(w.duration_seconds) FROM exbuddy.workouts w "
    . "JOIN exbuddy.users u ON u.id = w.user_id WHERE u.username LIKE '${tag}\\_%' "
    . "GROUP BY w.user_id, 2, w.exercise_type_id");
# Ours: every 31 hours back from now, over 387 days: this week, last week,
# 13 months of the chart and the heatmap all have some.
psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, "
    . "duration_seconds, calories) SELECT $uid, e.id, date_trunc('second', now()) - i * interval '31 hours', "
    . "CASE WHEN e.measure = 'reps' THEN 5 + i % 30 ELSE 0 END, "
    . "CASE WHEN e.measure = 'time' THEN 60 + i ELSE 0 END, (i % 40) / 2.0 "
    . "FROM generate_series(0, 299) i JOIN (SELECT id, measure, row_number() OVER "
    . "(ORDER BY slug) - 1 AS n FROM exbuddy.exercise_types WHERE user_id IS NULL) e ON e.n = i % 9");
# Three sets for each workout of ours and of 500 others (150,000 rows),
# for the plan of the pages' sets.
psql_fast("SET session_replication_role = replica; "
    . "INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, reps, duration_seconds) "
    . "SELECT w.id, w.user_id, p, 5 + p, 0 FROM exbuddy.workouts w CROSS JOIN generate_series(1, 3) p "
    . "WHERE w.user_id = $uid OR w.user_id IN (SELECT id FROM exbuddy.users "
    . "WHERE username LIKE '${tag}\\_%' ORDER BY id LIMIT 500)");
psql_fast('ANALYZE exbuddy.workouts, exbuddy.workout_sets, exbuddy.daily_totals');
my ($others, $ours) = split /\|/, psql_fast("SELECT count(*) FILTER (WHERE user_id <> $uid) || '|' || "
    . "count(*) FILTER (WHERE user_id = $uid) FROM exbuddy.workouts");
note(sprintf('fixture made in %.1f s', time - $t0));

behaviour('the fixture: over 200,000 workouts of other users, and 300 of the test user', sub {
	cmp_ok($others, '>=', 200000, "$others workouts of other users");
	is($ours, 300, '300 of the test user');
});

# The dates of the filtered history page.
my $from = local_today('Europe/Berlin', -60);
my $to = local_today('Europe/Berlin', -1);

# The counters of exbuddy.workouts (or TABLE): (seq_scan, idx_scan).
sub scans {
	my ($table) = @_;
	return split /\|/, psql_fast("SELECT seq_scan || '|' || coalesce(idx_scan, 0) FROM "
	    . "pg_stat_user_tables WHERE schemaname = 'exbuddy' AND relname = '" . ($table // 'workouts') . "'");
}

# Loads PATHS (each must answer 200), waits for the statistics to arrive,
# and returns the growth of (seq_scan, idx_scan) since pg_stat_reset().
sub measure {
	my (@paths) = @_;
	sleep $FLUSH;			# what earlier requests left to send
	psql_fast('SELECT pg_stat_reset()');
	my @base = (scans(), scans('daily_totals'));
	for my $p (@paths) {
		my $res = $u->get($p);
		is($res->{status}, 200, "GET $p: 200");
	}
	sleep $FLUSH;
	my @now = (scans(), scans('daily_totals'));
	return ($now[0] - $base[0], $now[1] - $base[1], $base[0], $now[2] - $base[2], $now[3] - $base[3]);
}

behaviour('loading every page of the user (dashboard, weeks, stats, history, new workout) starts no sequential scan of workouts', sub {
	# The pages, and one workout id for the second page of the history.
	my @pages = ('/dashboard', '/week', '/week?of=' . local_today('Europe/Berlin', -200), '/stats',
	    '/workouts', "/workouts?exercise=push-up&from=$from&to=$to", '/workouts/new');
	my ($older) = decode_page($u->get('/workouts')) =~ m{<a href="([^"]*)" rel="next">};
	ok($older, 'the history has a second page');
	push @pages, html_unescape($older) if $older;

	my ($seq, $idx, $base, $dseq, $didx) = measure(@pages);
	is($base, 0, 'after pg_stat_reset() the counters start at 0');
	is($seq, 0, 'loading every page: no sequential scan of exbuddy.workouts');
	# /week and /stats read only the summary, not the workouts.
	cmp_ok($idx, '>=', scalar(grep { !m{^/(?:week|stats)\b} } @pages), "... $idx index scans");
	# The statistics read the summary (sql/010_daily_totals.sql) by its primary key.
	is($dseq, 0, '... nor of exbuddy.daily_totals');
	cmp_ok($didx, '>=', 4, "... $didx index scans of it (dashboard, two weeks, stats)");
	# When one did, find which page.
	if ($seq != 0) {
		for my $p (@pages) {
			my ($s, $i) = measure($p);
			diag("GET $p: $s sequential and $i index scans of exbuddy.workouts");
		}
	}
});

# --- EXPLAIN of the history's statements, as cgi/workout_store.c makes them ------------------
# Every statement exbuddy prepares runs with a generic plan (cgi/db.c,
# plan_cache_mode), made once without the parameters' values. The history
# has one statement per shape of filters and cursor (wk_history_query);
# build/unit/test_history_sql --print writes each, from that code, as
# "<shape>\t<parameters>\t<sql>".
sub history_shapes {
	my $top = $ENV{EXBUDDY_TEST_TOP} // '.';
	my @rows;
	open(my $fh, '-|', "$top/build/unit/test_history_sql", '--print') or return ();
	while (my $l = <$fh>) {
		chomp $l;
		my ($shape, $n, $sql) = split /\t/, $l, 3;
		push @rows, [$shape, $n, $sql] if defined $sql;
	}
	close $fh;
	return @rows;
}

# plan_of(SQL, TYPES, PARAMS, MODE): the plan PostgreSQL runs a prepared
# statement with under plan_cache_mode MODE: force_generic_plan, as exbuddy's
# connection has it (one plan, made without the values), or
# force_custom_plan, as the history's pages with dates have it (a plan for
# each call's values); for our user as the app runs it (role exbuddy_app,
# app.user_id and TimeZone set in the transaction).
sub plan_of {
	my ($sql, $types, $params, $mode) = @_;
	my $args = $params eq '' ? '' : "($params)";
	return psql("BEGIN;\nSET LOCAL ROLE exbuddy_app;\nSET LOCAL search_path = exbuddy, pg_catalog;\n"
	    . "SET LOCAL plan_cache_mode = $mode;\n"
	    . "SELECT set_config('app.user_id', $uid, true), set_config('TimeZone', 'Europe/Berlin', true) \\g /dev/null\n"
	    . "PREPARE q$types AS $sql;\n"
	    . "EXPLAIN (COSTS OFF) EXECUTE q$args;\nROLLBACK;\n");
}

my @shapes = history_shapes();

behaviour('the history\'s statements: one for each of its 24 shapes, from cgi/workout_store.c', sub {
	is(scalar(@shapes), 24, 'build/unit/test_history_sql --print: 24 statements');
	is(scalar(grep { $_->[2] =~ /^SELECT .* FROM workouts w .* LIMIT 21(?:\) x ORDER BY .*)?$/s } @shapes), 24,
	    '... each a page of workouts');
});

# A later page's cursor: our 150th workout, the middle of our history; the
# exercise: the one we logged most.
my %value;
sub values_for {
	my ($shape) = @_;
	%value = (cursor => psql_fast("SELECT (extract(epoch FROM performed_at) * 1000000)::bigint || ', ' || quote_literal(id) "
	    . "FROM exbuddy.workouts WHERE user_id = $uid ORDER BY performed_at DESC, id DESC OFFSET 150 LIMIT 1"),
	    exercise => psql_fast("SELECT quote_literal(exercise_type_id) FROM exbuddy.workouts WHERE user_id = $uid "
	    . 'GROUP BY exercise_type_id ORDER BY count(*) DESC LIMIT 1')) unless %value;
	my (@types, @params);
	for my $f (split /,/, $shape) {
		if ($f eq 'exercise') { push @types, 'uuid'; push @params, $value{exercise} }
		elsif ($f eq 'from') { push @types, 'date'; push @params, "'$from'" }
		elsif ($f eq 'to') { push @types, 'date'; push @params, "'$to'" }
		elsif ($f eq 'older' || $f eq 'newer') { push @types, 'bigint', 'uuid'; push @params, $value{cursor} }
	}
	return (@types ? '(' . join(', ', @types) . ')' : '', join(', ', @params));
}

for my $row (@shapes) {
	my ($shape, undef, $sql) = @$row;
	my $mode = $shape =~ /from|to/ ? 'force_custom_plan' : 'force_generic_plan';
	(my $how = $mode) =~ s/force_(\w+)_plan/a $1 plan/;
	behaviour("EXPLAIN of the history's statement for \"$shape\" with $how: through an index of the user, no Seq Scan", sub {
		my ($types, $params) = values_for($shape);
		my $plan = eval { plan_of($sql, $types, $params, $mode) } // "failed: $@";
		# Without an exercise, dates may gather the range through either
		# index that starts with the user.
		my $index = $shape =~ /exercise/ ? 'workouts_user_exercise_time'
		    : $shape =~ /from|to/ ? 'workouts_user_(?:exercise_)?time' : 'workouts_user_time';
		like($plan, qr/(?:Index Scan(?: Backward)? using|Bitmap Index Scan on) $index\b/,
		    "EXPLAIN: through $index") or diag($plan);
		unlike($plan, qr/Seq Scan on workouts/, '... and no Seq Scan on workouts') or diag($plan);
		# Walking the index in the page's order needs no sort, but where dates
		# bound it (the planner may gather that range and sort it, knowing
		# how many rows it holds) and for the newer page's 21 rows, turned
		# newest first.
		my $sorts = () = $plan =~ /Sort Key:/g;
		cmp_ok($sorts, '<=', ($shape =~ /newer/ ? 1 : 0) + ($shape =~ /from|to/ ? 1 : 0),
		    '... and no sort of the user\'s workouts but where dates bound it') or diag($plan);
		# The exercises are named from the library, in C: no lookup a row.
		unlike($plan, qr/exercise_types/, '... and no exercise read (named in C)') or diag($plan);
		# Each row's sets: down workout_sets' primary key, in their order.
		# With random_page_cost at 4 (a spinning disk) PostgreSQL gathered
		# them by a bitmap, then sorted them: 15-25 % slower a page.
		like($plan, qr/Index Scan using workout_sets_pkey on workout_sets/,
		    '... and each workout\'s sets down workout_sets_pkey, no bitmap and no sort of them') or diag($plan);
	});
}

# --- Clean up ----------------------------------------------------------------------------
# Last: it deletes the fixture the others read.
behaviour('the bulk fixture is deleted at the end: its 2,000 users and their workouts', sub {
	cleanup();
	is(psql_fast("SELECT count(*) FROM exbuddy.users WHERE username LIKE '${tag}\\_%'"), 0,
	    'the 2,000 users are deleted');
	cmp_ok(psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id <> $uid"), '<', $others,
	    '... and their workouts with them');
});

done_testing();
