# 54_indexes.t — one user's pages read only that user's rows, through
# indexes: with 200,000 workouts of 2,000 other users and 300 of the test
# user, loading /dashboard, /week, /stats, /workouts (plain, filtered and a
# second page) and /workouts/new never starts a sequential scan of
# exbuddy.workouts (pg_stat_user_tables.seq_scan stays 0 after
# pg_stat_reset(), idx_scan grows), nor of exbuddy.daily_totals, the
# summary the statistics read (sql/010_daily_totals.sql). PostgreSQL 15 sends a backend's table
# statistics at most once a second and otherwise within 10 s, so the test
# waits those out before each reading. Also: EXPLAIN of the history query,
# taken from cgi/workout_store.c as it is, run as exbuddy_app for the user,
# shows an index scan on workouts_user_time and no Seq Scan on workouts.
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
psql_fast('ANALYZE exbuddy.workouts, exbuddy.daily_totals');
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

# --- EXPLAIN of the history query, as cgi/workout_store.c has it ------------------------------
# history_sql(): history_sql[] as the compiler sees it: cgi/workout_store.c through
# the preprocessor (its macros expanded), then its adjacent string literals
# joined; undef when it is not found.
sub history_sql { return store_sql('history_sql') }

# store_sql(NAME): the static const char NAME[] of cgi/workout_store.c, the same way.
sub store_sql {
	my ($name) = @_;
	my $top = $ENV{EXBUDDY_TEST_TOP} // '.';
	my $src = `cpp -P -D_GNU_SOURCE -I/usr/include/postgresql -I'$top/cgi' '$top/cgi/workout_store.c' 2>/dev/null` // '';
	my ($lits) = $src =~ /\b\Q$name\E\[\]\s*=\s*((?:\s*"(?:[^"\\]|\\.)*")+)\s*;/s;
	return undef unless defined $lits;
	my $sql = join '', $lits =~ /"((?:[^"\\]|\\.)*)"/g;
	$sql =~ s/\\(["\\])/$1/g;
	return $sql;
}

behaviour('the history query can be read from cgi/workout_store.c', sub {
	my $sql = history_sql();
	ok(defined $sql && $sql =~ /^SELECT .* FROM workouts w .* LIMIT 21$/s,
	    'the history query read from cgi/workout_store.c') or diag($sql // 'not found');
});

# plan_of(SQL, PARAMS): the plan of that query for our user, as the app
# runs it (role exbuddy_app, app.user_id and TimeZone set in the transaction).
sub plan_of {
	my ($sql, $params) = @_;
	return psql("BEGIN;\nSET LOCAL ROLE exbuddy_app;\nSET LOCAL search_path = exbuddy, pg_catalog;\n"
	    . "SELECT set_config('app.user_id', $uid, true), set_config('TimeZone', 'Europe/Berlin', true) \\g /dev/null\n"
	    . "PREPARE hist(uuid, date, date, bigint, uuid) AS $sql;\n"
	    . "EXPLAIN (COSTS OFF) EXECUTE hist($params);\nROLLBACK;\n");
}

behaviour('EXPLAIN of the first history page: an index scan on workouts_user_time, no Seq Scan on workouts', sub {
	my $sql = history_sql();
	SKIP: {
		skip 'no history query to explain', 2 unless defined $sql;
		my $plan = eval { plan_of($sql, 'NULL, NULL, NULL, NULL, NULL') } // "failed: $@";
		like($plan, qr/Index Scan using workouts_user_time on workouts/, 'EXPLAIN, the first page: an index scan on workouts_user_time')
		    or diag($plan);
		unlike($plan, qr/Seq Scan on workouts/, '... and no Seq Scan on workouts') or diag($plan);
	}
});

behaviour('EXPLAIN of a history page filtered by exercise and dates: through an index of the user, no Seq Scan on workouts', sub {
	my $sql = history_sql();
	SKIP: {
		skip 'no history query to explain', 2 unless defined $sql;
		my $push_up = psql_fast("SELECT id FROM exbuddy.exercise_types WHERE slug = 'push-up' AND user_id IS NULL");
		my $plan = eval { plan_of($sql, "'$push_up', '$from', '$to', NULL, NULL") } // "failed: $@";
		like($plan, qr/Index (?:Only )?Scan using workouts_user_\w+ on workouts|Bitmap Index Scan on workouts_user_\w+/,
		    'EXPLAIN, filtered by exercise and dates: through an index of the user') or diag($plan);
		unlike($plan, qr/Seq Scan on workouts/, '... and no Seq Scan on workouts') or diag($plan);
	}
});

# generic_plan_of(SQL, TYPES, PARAMS): the plan PostgreSQL keeps for a prepared
# statement once it stops planning each call (plan_cache_mode forces that here).
sub generic_plan_of {
	my ($sql, $types, $params) = @_;
	my $args = $params eq '' ? '' : "($params)";
	return psql("BEGIN;\nSET LOCAL ROLE exbuddy_app;\nSET LOCAL search_path = exbuddy, pg_catalog;\n"
	    . "SET LOCAL plan_cache_mode = force_generic_plan;\n"
	    . "SELECT set_config('app.user_id', $uid, true), set_config('TimeZone', 'Europe/Berlin', true) \\g /dev/null\n"
	    . "PREPARE q$types AS $sql;\n"
	    . "EXPLAIN (COSTS OFF) EXECUTE q$args;\nROLLBACK;\n");
}

for my $case (['first_sql', '', '', 'the first history page', 'workouts_user_time'],
    ['older_sql', '(bigint, uuid)', undef, 'a later history page', 'workouts_user_time'],
    ['exercise_sql', '(uuid)', 'exercise', 'an exercise\'s last entries', 'workouts_user_exercise_time']) {
	my ($name, $types, $params, $what, $index) = @$case;
	behaviour("EXPLAIN of $what ($name) with a generic plan: an index scan on $index, no sort, no Seq Scan", sub {
		my $sql = store_sql($name);
		ok(defined $sql && $sql =~ /^SELECT .* FROM workouts w .* LIMIT 21$/s, "$name read from cgi/workout_store.c")
		    or return diag($sql // 'not found');
		# The cursor: our 150th workout, the middle of our history.
		$params //= psql_fast("SELECT (extract(epoch FROM performed_at) * 1000000)::bigint || ', ' || quote_literal(id) "
		    . "FROM exbuddy.workouts WHERE user_id = $uid ORDER BY performed_at DESC, id DESC OFFSET 150 LIMIT 1");
		# The exercise: the one we logged most.
		$params = psql_fast("SELECT quote_literal(exercise_type_id) FROM exbuddy.workouts WHERE user_id = $uid "
		    . 'GROUP BY exercise_type_id ORDER BY count(*) DESC LIMIT 1') if $params eq 'exercise';
		my $plan = eval { generic_plan_of($sql, $types, $params) } // "failed: $@";
		like($plan, qr/Index Scan( Backward)? using \Q$index\E on workouts/, "EXPLAIN: an index scan on $index")
		    or diag($plan);
		unlike($plan, qr/Sort|Seq Scan on workouts/, '... that needs no sort, and no Seq Scan on workouts') or diag($plan);
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
