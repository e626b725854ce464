# 56_daily_totals.t — the summary per user, local day and exercise that the
# dashboard, /week, /stats and the streaks read (exbuddy.daily_totals,
# sql/010_daily_totals.sql) stays exact through every way the site writes
# workouts: after each kind of write alone, and after a seeded random
# sequence of them by two users at once (logs of one to three sets, edits
# that move a workout to another day, time or exercise, deletes, undos,
# imports, merges of their own exercises, changes of time zone, body
# weights written and deleted), every row of the summary of those users
# equals a recount of their workouts in psql, and no row is missing or
# extra; the same for 012's totals per exercise and runs of days and 018's
# per month and per day (tests/lib/EBTotals.pm), also after one statement writing 300 users'
# workouts at once. The same sequence checks the records each exercise's
# page keeps (sql/017): after each step, every exercise page of the user
# who wrote shows what it shows computed afresh. Also: the pages read the
# summary and the kept records; deleting the account
# takes its rows; migration 010 fills the summary from workouts already
# there, goes down (its table, triggers and settings gone, the workouts as
# they were) and up again; 014 goes down and up with the summaries exact
# (018's totals per month and day with it, filled again on the way up).
#
# The sequence is seeded (EXBUDDY_SEED, 56 unless given); its steps are
# printed when the summary is wrong. Each behaviour runs alone
# (EXBUDDY_ONLY) and has users of its own.
use strict;
use warnings;
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts :stats);
use EBTotals;

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my $SEED = $ENV{EXBUDDY_SEED} // 56;
my @REPS = qw(push-up squat sit-up pull-up burpee lunge mountain-climber);
my @TIMED = qw(plank jump-rope);
# Zones with DST, with half and three-quarter hours, west and east.
my @ZONES = qw(Europe/Berlin America/St_Johns Asia/Kathmandu Pacific/Chatham
    America/Los_Angeles UTC Australia/Lord_Howe);

# --- The check ----------------------------------------------------------------------

# exact_ok(NAME, USERS...): the summaries of USERS equal the recount.
sub exact_ok {
	my ($name, @users) = @_;
	my $d = all_differences(@users);
	return ok($d eq '', "the summary equals a recount of the workouts: $name")
	    || diag($d);
}

sub rows_of { psql_fast('SELECT count(*) FROM exbuddy.daily_totals WHERE user_id = ' . sql_quote($_[0]{id})) }
sub workouts_of { psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . sql_quote($_[0]{id})) }

# --- Writing through the site ------------------------------------------------------------

# The fields of set rows: each [reps, minutes, seconds, load].
sub set_fields {
	my @s = @_;
	my %f = (nsets => scalar @s);
	for my $k (1 .. @s) {
		my $n = $k == 1 ? '' : "_$k";
		@f{"reps$n", "minutes$n", "seconds$n", "load$n"} = map { $_ // '' } @{$s[$k - 1]};
	}
	return %f;
}

# The sets of a workout of EXERCISE (timed or not), 1 to 3 of them, random.
sub random_sets {
	my ($timed) = @_;
	return map { $timed ? ['', int(rand 3), 1 + int(rand 59), ''] :
	    [1 + int(rand 40), '', '', rand() < 0.3 ? 5 + 5 * int(rand 8) : ''] } 1 .. 1 + int(rand 3);
}

# A local date and time near a DST change (Europe's on 2026-03-29,
# North America's on 2026-03-08, Lord Howe's and Chatham's on
# 2026-04-05), often close to midnight.
sub random_when {
	my @days = ('2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-27',
	    '2026-03-28', '2026-03-29', '2026-03-30', '2026-04-04', '2026-04-05', '2026-04-06');
	# never 02:xx: a local time that the change to summer time skips
	# is refused (the form says so), and that is not what is tested here
	my $h = rand() < 0.5 ? (0, 1, 22, 23)[int rand 4] : int rand 23;
	$h++ if $h >= 2 && $h < 22;
	return (date => $days[int rand @days], time => sprintf('%02d:%02d', $h, int rand 60));
}

# log_workout(USER, FIELDS): POST /workouts/new with a fresh submission id;
# the new workout's id (from the 303 to /dashboard?saved=ID).
sub log_workout {
	my ($u, %f) = @_;
	my $sub = hidden_value($u->get('/workouts/new')->{content}, 'submission');
	my $res = $u->post_form('/workouts/new', { calories => '', note => '', quick => '',
	    %f, submission => $sub });
	my ($id) = ($res->{headers}{location} // '') =~ /saved=([0-9a-f-]{36})/;
	die "logging a workout answered $res->{status}: " . join(', ', map {
	    field_error($res->{content}, $_) // () } qw(exercise reps duration calories date time load))
	    . "\n" unless $res->{status} == 303 && $id;
	return $id;
}

# The user's workouts as [id, slug, timed].
sub workouts_list {
	my ($u) = @_;
	return map { [split /\|/] } grep { $_ ne '' } split /\n/, psql_fast(
	    "SELECT w.id || '|' || e.slug || '|' || (e.measure = 'time')::int FROM exbuddy.workouts w "
	    . 'JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE w.user_id = '
	    . sql_quote($u->{id}) . ' ORDER BY w.created_at, w.performed_at, e.slug, w.reps, '
	    . 'w.duration_seconds');
}

# The user's own exercises of a kind (timed or not), as slugs.
sub own_of {
	my ($u, $timed) = @_;
	return split /\n/, psql_fast('SELECT slug FROM exbuddy.exercise_types WHERE user_id = '
	    . sql_quote($u->{id}) . " AND (measure = 'time') = " . ($timed ? 'true' : 'false')
	    . ' ORDER BY slug');
}

sub pick { return $_[int rand @_] }

# One step of each kind: each returns what it did, for the record.
my %step;
$step{log} = sub {
	my ($u) = @_;
	my $timed = rand() < 0.3;
	my @own = own_of($u, $timed);
	my $ex = @own && rand() < 0.3 ? pick(@own) : pick($timed ? @TIMED : @REPS);
	my %w = random_when();
	my $kcal = rand() < 0.4 ? sprintf('%.1f', rand 90) : '';
	my $id = log_workout($u, exercise => $ex, %w, calories => $kcal, set_fields(random_sets($timed)));
	return "log $ex $w{date} $w{time} kcal '$kcal' ($id)";
};
$step{edit} = sub {
	my ($u) = @_;
	my @w = workouts_list($u) or return $step{log}->($u);
	my ($id, $slug, $timed) = @{pick(@w)};
	my @own = own_of($u, $timed);
	my $ex = rand() < 0.5 ? $slug : pick($timed ? @TIMED : @REPS, @own);
	my %w = random_when();
	my $kcal = rand() < 0.5 ? sprintf('%.1f', rand 90) : '';
	my $res = $u->post_form("/workouts/$id/edit", { exercise => $ex, %w, calories => $kcal,
	    note => 'edited', quick => '', set_fields(random_sets($timed)) }, from => "/workouts/$id/edit");
	die "editing $id answered $res->{status}\n" unless $res->{status} == 303;
	return "edit $id to $ex $w{date} $w{time} kcal '$kcal'";
};
$step{delete} = sub {
	my ($u) = @_;
	my @w = workouts_list($u) or return $step{log}->($u);
	my $id = pick(@w)->[0];
	my $res = $u->post_form("/workouts/$id/delete", {}, from => "/workouts/$id/delete");
	die "deleting $id answered $res->{status}\n" unless $res->{status} == 303;
	return "delete $id";
};
$step{undo} = sub {
	my ($u) = @_;
	my $id = log_workout($u, exercise => pick(@REPS), random_when(), set_fields([12, '', '', '']));
	my $res = $u->post_form("/workouts/$id/delete", { undo => 1 }, from => "/dashboard?saved=$id");
	die "undoing $id answered $res->{status}\n" unless $res->{status} == 303;
	return "undo of $id, just logged";
};
$step{import} = sub {
	my ($u) = @_;
	my $csv = "performed_at,exercise,reps,duration_seconds,calories,calories_estimated,note\r\n";
	for (1 .. 3 + int rand 8) {
		my $timed = rand() < 0.3;
		my %w = random_when();
		my $off = pick('Z', '+05:45', '-03:30', '+02:00', '-07:00');
		$csv .= sprintf("%sT%s:%02d%s,%s,%s,%s,%s,,imported\r\n", $w{date}, $w{time}, int rand 60,
		    $off, pick($timed ? @TIMED : @REPS), $timed ? '' : 1 + int rand 50,
		    $timed ? 10 + int rand 600 : '', rand() < 0.5 ? sprintf('%.1f', rand 50) : '');
	}
	my $res = $u->post_multipart('/import', {}, { file => ['steps.csv', $csv] }, from => '/import');
	die "importing answered $res->{status}\n" unless $res->{status} == 303;
	return "import of " . (($csv =~ tr/\n//) - 1) . " rows";
};
$step{merge} = sub {
	my ($u) = @_;
	my $timed = rand() < 0.3;
	my @own = own_of($u, $timed);
	($timed, @own) = (!$timed, own_of($u, !$timed)) if @own < 2 && own_of($u, !$timed) >= 2;
	if (@own < 2) {
		my $name = ($timed ? 'Hold ' : 'Move ') . unique_name('x');
		my $res = $u->post_form('/exercises/new', { name => $name, measure => $timed ? 'time' : 'reps',
		    met => '4' }, from => '/exercises/new');
		die "making an exercise answered $res->{status}\n" unless $res->{status} == 303;
		my ($slug) = ($res->{headers}{location} // '') =~ m{^/exercises/([^/?]+)$};
		log_workout($u, exercise => $slug, random_when(), set_fields(random_sets($timed)))
		    for 1 .. 2;
		return "make $slug with two workouts";
	}
	my ($from, $into) = ($own[0], pick(@own[1 .. $#own], $timed ? @TIMED : @REPS));
	my $res = $u->post_form("/exercises/$from/merge", { into => $into }, from => "/exercises/$from/merge");
	die "merging $from into $into answered $res->{status}\n" unless $res->{status} == 303;
	return "merge $from into $into";
};
$step{zone} = sub {
	my ($u) = @_;
	my $tz = pick(@ZONES);
	my $res = $u->post_form('/settings', { timezone => $tz, week_start => int rand 2, weight => '',
	    weight_unit => 'kg' }, from => '/settings');
	die "saving the settings answered $res->{status}\n" unless $res->{status} == 303;
	return "time zone $tz";
};
$step{weight} = sub {
	my ($u) = @_;
	my $day = (random_when())[1];
	my $res = $u->post_form('/weight', { day => $day, weight => 60 + int rand 30 }, from => '/weight');
	die "logging a weight answered $res->{status}\n" unless $res->{status} == 303;
	$res = $u->post_form("/weight/$day/delete", {}, from => "/weight/$day/delete") if rand() < 0.5;
	return "body weight on $day" . ($res->{status} == 303 ? '' : " ($res->{status})");
};
# How often each comes, in 20.
my @KINDS = ((('log') x 7), (('edit') x 4), (('delete') x 2), 'undo', 'import', 'merge', 'merge',
    'zone', 'weight', 'log');

# A user in ZONE with a body weight, so that calories are estimated.
sub user_in {
	my ($tz) = @_;
	my $u = new_user();
	set_zone($u->{id}, $tz, 1);
	set_body_weight($u->{id}, 75);
	return $u;
}

# --- Each kind of write alone ------------------------------------------------------------

behaviour('logging workouts of one to three sets, near midnight: the summary is exact', sub {
	my $u = user_in('Europe/Berlin');
	log_workout($u, exercise => 'push-up', date => '2026-03-28', time => '23:59', set_fields([10], [12], [8]));
	log_workout($u, exercise => 'push-up', date => '2026-03-29', time => '00:00', set_fields([30]));
	log_workout($u, exercise => 'push-up', date => '2026-03-28', time => '07:00', calories => '9.5',
	    set_fields([40]));
	log_workout($u, exercise => 'plank', date => '2026-03-29', time => '03:30', set_fields(['', 1, 30], ['', 0, 45]));
	is(psql_fast("SELECT workouts || '|' || reps || '|' || best_reps FROM exbuddy.daily_totals "
	    . "WHERE user_id = " . sql_quote($u->{id}) . " AND day = '2026-03-28'"), '2|70|40',
	    'the 28th: two push-up workouts, 70 reps, the most in one 40');
	is(rows_of($u), 3, 'three rows: push-ups on the 28th and 29th, the plank on the 29th');
	exact_ok('after four logs', $u);
});

behaviour('an edit moving a workout across midnight, to another exercise, then back: exact each time', sub {
	my $u = user_in('America/St_Johns');
	my $id = log_workout($u, exercise => 'squat', date => '2026-03-07', time => '23:30', set_fields([20]));
	log_workout($u, exercise => 'squat', date => '2026-03-07', time => '08:00', set_fields([5]));
	my $edit = sub {
		my (%f) = @_;
		my $res = $u->post_form("/workouts/$id/edit", { calories => '', note => '', quick => '', %f },
		    from => "/workouts/$id/edit");
		is($res->{status}, 303, "edit to $f{exercise} $f{date} $f{time}: 303");
	};
	$edit->(exercise => 'squat', date => '2026-03-08', time => '00:10', set_fields([20]));
	exact_ok('after the move past midnight', $u);
	$edit->(exercise => 'lunge', date => '2026-03-08', time => '00:10', set_fields([25], [5]));
	exact_ok('after the change of exercise', $u);
	$edit->(exercise => 'squat', date => '2026-03-07', time => '23:30', set_fields([3]));
	exact_ok('after the move back, fewer reps than the other', $u);
	is(psql_fast("SELECT workouts || '|' || reps || '|' || best_reps FROM exbuddy.daily_totals "
	    . "WHERE user_id = " . sql_quote($u->{id}) . " AND day = '2026-03-07'"), '2|8|5',
	    'the 7th: two squats again, 8 reps, the most 5');
	is(rows_of($u), 1, 'and no row left for the 8th');
});

behaviour('deleting the best workout of a day, and undoing a log: exact', sub {
	my $u = user_in('Asia/Kathmandu');
	my $best = log_workout($u, exercise => 'burpee', date => '2026-04-05', time => '05:45', set_fields([30]));
	log_workout($u, exercise => 'burpee', date => '2026-04-05', time => '06:00', set_fields([10]));
	is($u->post_form("/workouts/$best/delete", {}, from => "/workouts/$best/delete")->{status}, 303,
	    'the best burpees deleted: 303');
	is(psql_fast('SELECT best_reps FROM exbuddy.daily_totals WHERE user_id = ' . sql_quote($u->{id})), 10,
	    'the best of the day is the other one now');
	my $id = log_workout($u, exercise => 'lunge', date => '2026-04-06', time => '00:01', set_fields([9]));
	is($u->post_form("/workouts/$id/delete", { undo => 1 }, from => "/dashboard?saved=$id")->{status}, 303,
	    'a log undone: 303');
	is(rows_of($u), 1, 'one row left');
	exact_ok('after the delete and the undo', $u);
});

behaviour('an import of a CSV file: exact, and importing it again changes nothing', sub {
	my $u = user_in('Pacific/Chatham');
	my $csv = "performed_at,exercise,reps,duration_seconds,calories,calories_estimated,note\r\n"
	    . join('', map { sprintf("2026-04-0%dT%02d:%02d:00+13:45,%s,%s,%s,%s,,\r\n", 4 + $_ % 3,
	      (0, 23, 12, 1)[$_ % 4], $_, $_ % 5 ? 'sit-up' : 'jump-rope', $_ % 5 ? $_ : '',
	      $_ % 5 ? '' : 60 * $_, $_ % 2 ? "$_.5" : '') } 1 .. 40);
	is($u->post_multipart('/import', {}, { file => ['a.csv', $csv] }, from => '/import')->{status}, 303,
	    'POST /import of 40 rows: 303');
	is(workouts_of($u), 40, '40 workouts');
	exact_ok('after the import', $u);
	my $before = psql_fast('SELECT string_agg(d::text, \',\' ORDER BY day, exercise_type_id) FROM '
	    . 'exbuddy.daily_totals d WHERE user_id = ' . sql_quote($u->{id}));
	is($u->post_multipart('/import', {}, { file => ['a.csv', $csv] }, from => '/import')->{status}, 303,
	    'the same file again: 303');
	is(psql_fast('SELECT string_agg(d::text, \',\' ORDER BY day, exercise_type_id) FROM '
	    . 'exbuddy.daily_totals d WHERE user_id = ' . sql_quote($u->{id})), $before,
	    '... the summary is as it was (every row already there)');
});

behaviour('merging one\'s own exercise into another: its rows move, exactly', sub {
	my $u = user_in('UTC');
	my $res = $u->post_form('/exercises/new', { name => 'Knee Push-up', measure => 'reps', met => '3' },
	    from => '/exercises/new');
	is($res->{status}, 303, 'an own exercise made: 303');
	log_workout($u, exercise => 'knee-push-up', date => '2026-03-09', time => '10:00', set_fields([15]));
	log_workout($u, exercise => 'knee-push-up', date => '2026-03-10', time => '10:00', set_fields([50]));
	log_workout($u, exercise => 'push-up', date => '2026-03-09', time => '18:00', set_fields([20]));
	is($u->post_form('/exercises/knee-push-up/merge', { into => 'push-up' },
	    from => '/exercises/knee-push-up/merge')->{status}, 303, 'merged into Push-up: 303');
	is(psql_fast("SELECT string_agg(day || ':' || workouts || ':' || reps || ':' || best_reps, ' ' "
	    . 'ORDER BY day) FROM exbuddy.daily_totals WHERE user_id = ' . sql_quote($u->{id})),
	    '2026-03-09:2:35:20 2026-03-10:1:50:50', 'Push-up on the 9th and the 10th; nothing else');
	exact_ok('after the merge', $u);
});

behaviour('a change of time zone in /settings counts every day again in the new zone', sub {
	my $u = user_in('UTC');
	log_workout($u, exercise => 'pull-up', date => '2026-03-29', time => '23:30', set_fields([5]));
	log_workout($u, exercise => 'pull-up', date => '2026-03-30', time => '00:30', set_fields([7]));
	is(rows_of($u), 2, 'in UTC: two days');
	is($u->post_form('/settings', { timezone => 'Asia/Kathmandu', week_start => 1, weight => '',
	    weight_unit => 'kg' }, from => '/settings')->{status}, 303, 'the zone changed to Asia/Kathmandu: 303');
	is(psql_fast("SELECT string_agg(day || ':' || workouts || ':' || reps, ' ') FROM "
	    . 'exbuddy.daily_totals WHERE user_id = ' . sql_quote($u->{id})), '2026-03-30:2:12',
	    'in Kathmandu (UTC+5:45) both are on the 30th');
	exact_ok('after the change of zone', $u);
	is($u->post_form('/settings', { timezone => 'Asia/Kathmandu', week_start => 0, weight => '81',
	    weight_unit => 'kg' }, from => '/settings')->{status}, 303, 'other settings changed: 303');
	exact_ok('after a change of the week start and the weight', $u);
});

behaviour('the pages read the summary: a row changed behind the site\'s back shows on /week', sub {
	my $u = user_in('UTC');
	log_workout($u, exercise => 'sit-up', date => '2026-03-11', time => '09:00', set_fields([17]));
	like(decode($u->get('/week?of=2026-03-11')), qr/\b17\b/, '/week shows 17 sit-ups');
	psql_fast('UPDATE exbuddy.daily_totals SET reps = 4321, best_reps = 17 WHERE user_id = ' . sql_quote($u->{id}));
	like(decode($u->get('/week?of=2026-03-11')), qr/\b4321\b/, '... and 4321 once the summary says so');
	like(decode($u->get('/stats')), qr/\b4321\b/, '... as /stats does');
	isnt(differences($u), '', '(the summary is wrong now, and the check says so)');
});

behaviour('deleting the account takes its summary along', sub {
	my $u = user_in('UTC');
	log_workout($u, exercise => 'sit-up', date => '2026-03-12', time => '09:00', set_fields([10]));
	is(rows_of($u), 1, 'a row of the summary');
	is($u->post_form('/account/delete', { password => $u->{password} })->{status}, 200,
	    'POST /account/delete with the password: 200, the goodbye page');
	is(rows_of($u), 0, 'no row left');
});

sub decode { return EBAccount::html_unescape($_[0]{content} // '') }

# --- The records kept for each exercise's page (sql/017) ---------------------------------------

# The page of exercise SLUG as U sees it (its records, chart, entries).
sub exercise_page {
	my ($u, $slug) = @_;
	my $res = $u->get("/exercises/$slug");
	die "/exercises/$slug answered $res->{status}\n" unless $res->{status} == 200;
	my ($main) = ($res->{content} // '') =~ m{(<main\b.*</main>)}s;
	die "/exercises/$slug: no <main>\n" unless defined $main;
	# The flash of the write just made shows once, on whichever page is next.
	$main =~ s{<p class="notice" role="status">.*?</p>}{}s;
	$main =~ s{\n\s*(?=\n)}{}g;
	return $main;
}

# kept_differences(U): each page of an exercise U has workouts of, as
# shown (from the kept records, or computed again after a change),
# against the page computed afresh with every kept row of U deleted; ''
# when all are the same. The fresh pages keep their records again.
sub kept_differences {
	my ($u) = @_;
	my @slugs = split /\n/, psql_fast('SELECT DISTINCT e.slug FROM exbuddy.workouts w '
	    . 'JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE w.user_id = '
	    . sql_quote($u->{id}) . ' ORDER BY 1');
	my %shown = map { ($_ => exercise_page($u, $_)) } @slugs;
	psql_fast('DELETE FROM exbuddy.exercise_records WHERE user_id = ' . sql_quote($u->{id}));
	my $d = '';
	for my $slug (@slugs) {
		my $fresh = exercise_page($u, $slug);
		next if $fresh eq $shown{$slug};
		my @a = split /\n/, $shown{$slug};
		my @b = split /\n/, $fresh;
		my $i = 0;
		$i++ while $i < @a && $i < @b && $a[$i] eq $b[$i];
		$d .= "/exercises/$slug shows kept records that a recount does not: line $i\n"
		    . "  shown: " . ($a[$i] // '(end)') . "\n  fresh: " . ($b[$i] // '(end)') . "\n";
	}
	return $d;
}

behaviour('an exercise\'s page shows its kept records: a kept row changed behind the site\'s back shows', sub {
	my $u = user_in('UTC');
	log_workout($u, exercise => 'squat', date => '2026-03-11', time => '09:00', set_fields([23]));
	like(exercise_page($u, 'squat'), qr/\b23 reps\b/, '/exercises/squat shows 23 reps, the most in a set');
	is(psql_fast('SELECT count(*) FROM exbuddy.exercise_records WHERE user_id = ' . sql_quote($u->{id})),
	    1, 'the page kept its records');
	# "r1 ENTRIES LAST_DAY FIRST" then the most reps: value, day, reps, seconds.
	psql_fast(q{UPDATE exbuddy.exercise_records SET records = regexp_replace(records, }
	    . q{'^(r1 \S+ \S+ \S+) 23 ', '\1 777 ') WHERE user_id = } . sql_quote($u->{id}));
	like(exercise_page($u, 'squat'), qr/\b777 reps\b/, '... and 777 once the kept row says so');
	isnt(kept_differences($u), '', '(the kept row is wrong now, and the check says so)');
	is(kept_differences($u), '', '(deleted, the page computes and keeps them right again)');
	log_workout($u, exercise => 'squat', date => '2026-03-12', time => '09:00', set_fields([31]));
	like(exercise_page($u, 'squat'), qr/\b31 reps\b/, 'a new workout shows at once: 31 reps');
});

# --- A random sequence of writes by two users ------------------------------------------------

behaviour("a seeded random sequence of writes by two users (seed $SEED): the summary is exact after each", sub {
	srand($SEED);
	my @users = (user_in('Europe/Berlin'), user_in('America/Los_Angeles'));
	my (@done, $failed, $wrong);
	for my $i (1 .. 80) {
		my $u = $users[$i % 2];
		my $kind = pick(@KINDS);
		my $what = eval { $step{$kind}->($u) };
		if (!defined $what) {
			$failed = "step $i ($kind) failed: $@";
			last;
		}
		push @done, sprintf('%2d %s: %s', $i, $i % 2 ? 'B' : 'A', $what);
		# After each step: a later change of time zone counts everything
		# again and would hide what an earlier step got wrong. The
		# exercise pages of the user who wrote: their kept records
		# (sql/017) as a page computes them afresh.
		if ((my $d = all_differences(@users) . kept_differences($u)) ne '') {
			$wrong = "after step $i:\n$d";
			last;
		}
	}
	ok(!$failed, 'every step of the sequence answered as it should') or diag($failed);
	ok(!$wrong, 'after each of the ' . scalar(@done) . ' steps the summary of both equals a recount, '
	    . 'and the kept records of each exercise\'s page a computation afresh')
	    or diag($wrong, "\n", join "\n", @done);
	cmp_ok(rows_of($users[0]) + rows_of($users[1]), '>', 10, 'the two users have rows in the summary');
	exact_ok("after the sequence (seed $SEED)", @users);
	my %kinds = map { /^\s*\d+ [AB]: (\w+)/ ? ($1 => 1) : () } @done;
	note('kinds of steps: ' . join(' ', sort keys %kinds));
});

# --- The migration --------------------------------------------------------------------------

behaviour('one statement writing many users\' workouts at once: every summary of each is exact', sub {
	# As a restore or a backfill writes: 300 users, 30 workouts each, in
	# one INSERT (migration 014 counts the pairs of a statement together),
	# then one UPDATE moving some to another exercise and day, one change
	# of the first day of the week for all, one DELETE.
	my $tag = "bulk$$" . int(rand(1e6));
	psql_fast(qq{INSERT INTO exbuddy.users (email, username, password_hash, timezone, week_start)
	    SELECT '$tag-' || i || '\@example.org', '$tag-' || i, '\$argon2id\$x',
	           (ARRAY['Europe/Berlin', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'])[1 + i % 4], i % 2
	    FROM generate_series(1, 300) i});
	my @users = map { { id => $_ } } split /\n/,
	    psql_fast(qq{SELECT id FROM exbuddy.users WHERE username LIKE '$tag-%' ORDER BY id});
	is(scalar @users, 300, 'setup: 300 users');
	my $in = "(SELECT id FROM exbuddy.users WHERE username LIKE '$tag-%')";
	psql_fast(qq{INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps,
	        duration_seconds, calories)
	    SELECT u.id, e.id, timestamptz '2026-01-01 00:00+00' + (i * 7 + n % 11) * interval '13 hours',
	           CASE WHEN e.measure = 'time' THEN 0 ELSE (i * 7 + n) % 29 + 1 END,
	           CASE WHEN e.measure = 'time' THEN 60 + (i * n) % 600 ELSE 0 END,
	           CASE WHEN i % 3 = 0 THEN NULL ELSE i / 2.0 END
	    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM exbuddy.users
	          WHERE username LIKE '$tag-%') u
	    CROSS JOIN generate_series(1, 30) i
	    JOIN exbuddy.exercise_types e ON e.user_id IS NULL
	     AND e.slug = (ARRAY['push-up', 'plank', 'squat', 'jump-rope'])[1 + (i + n) % 4]});
	is(psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id IN $in"), 9000,
	    'setup: 9,000 workouts in one statement');
	is(psql_fast("SELECT count(DISTINCT user_id) FROM exbuddy.exercise_totals WHERE user_id IN $in"),
	    300, '... every user has totals');
	exact_ok('after the INSERT', @users);
	psql_fast(qq{UPDATE exbuddy.workouts w SET exercise_type_id = (SELECT id FROM exbuddy.exercise_types
	        WHERE user_id IS NULL AND slug = 'burpee'), performed_at = performed_at + interval '1 day'
	    WHERE w.user_id IN $in AND w.reps % 5 = 0});
	exact_ok('after the UPDATE', @users);
	psql_fast("UPDATE exbuddy.users SET week_start = 1 - week_start WHERE id IN $in");
	exact_ok('after the change of the first day of the week', @users);
	psql_fast("DELETE FROM exbuddy.workouts WHERE user_id IN $in AND (reps % 3 = 0 OR duration_seconds > 400)");
	exact_ok('after the DELETE', @users);
	psql_fast("DELETE FROM exbuddy.users WHERE id IN $in");
	is(psql_fast("SELECT (SELECT count(*) FROM exbuddy.exercise_totals WHERE user_id IN ("
	    . join(', ', map { sql_quote($_->{id}) } @users) . ")) + (SELECT count(*) FROM "
	    . "exbuddy.activity_runs WHERE user_id IN (" . join(', ', map { sql_quote($_->{id}) } @users)
	    . "))"), 0, 'deleting the users takes their summaries along');
});

behaviour('migration 010 fills the summary from the workouts already there, goes down and up again', sub {
	my $top = $ENV{EXBUDDY_TEST_TOP} or plan skip_all => 'EXBUDDY_TEST_TOP is needed';
	my $dir = tempdir('eb-sql-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	for my $f (glob "$top/sql/00[1-9]_*.sql") {
		copy($f, $dir) or die "copy $f: $!";
	}
	scratch_db('exbuddy_dt', sub {
		my ($db) = @_;
		my $sql = sub {
			my $r = run_cmd(60, 'psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h',
			    $ENV{EXBUDDY_TEST_PGHOST}, '-U', 'postgres', '-d', $db, '-c', $_[0]);
			diag("psql: $r->{err}") if ($r->{exit} // -1) != 0;
			return $r->{out} =~ s/\s+\z//r;
		};
		my $migrate = sub {
			return run_cmd(120, exbuddy_cmd(), 'migrate', @_, '--sql', $dir,
			    '--admin-dsn', "host=$ENV{EXBUDDY_TEST_PGHOST} user=postgres dbname=$db");
		};
		is($migrate->('up')->{exit}, 0, 'setup: up to 009');
		$sql->(q{INSERT INTO exbuddy.users (id, email, username, password_hash, timezone) VALUES
		    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@example.org', 'alice', '$argon2id$a', 'Europe/Berlin'),
		    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@example.org', 'bob', '$argon2id$b', 'Asia/Kathmandu');
		    INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, duration_seconds, calories)
		    SELECT CASE WHEN i % 2 = 0 THEN 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid
		                ELSE 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' END, e.id,
		           timestamptz '2026-03-20 00:00+00' + i * interval '3 hours 17 minutes',
		           CASE WHEN e.measure = 'time' THEN 0 ELSE i % 23 + 1 END,
		           CASE WHEN e.measure = 'time' THEN i * 3 ELSE 0 END,
		           CASE WHEN i % 3 = 0 THEN NULL ELSE i / 4.0 END
		    FROM generate_series(1, 300) i JOIN exbuddy.exercise_types e ON e.user_id IS NULL
		     AND e.slug = (ARRAY['push-up', 'plank', 'squat', 'jump-rope'])[i % 4 + 1]});
		for my $f (glob "$top/sql/010_*.sql") {
			copy($f, $dir) or die "copy $f: $!";
		}
		my $r = $migrate->('up');
		is($r->{exit}, 0, 'up: 010 applied') or diag($r->{err});
		like($r->{out}, qr/^applied 010_daily_totals$/m, '... it says so');
		my $check = q{WITH counted AS (SELECT w.user_id, (w.performed_at AT TIME ZONE u.timezone)::date,
		    w.exercise_type_id, count(*)::integer, sum(w.reps)::bigint, sum(w.duration_seconds)::bigint,
		    sum(w.calories)::numeric(14,1), max(w.reps), max(w.duration_seconds)
		    FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id GROUP BY 1, 2, 3),
		    stored AS (SELECT user_id, day, exercise_type_id, workouts, reps, seconds, kcal, best_reps,
		    best_seconds FROM exbuddy.daily_totals)
		    SELECT (SELECT count(*) FROM (SELECT * FROM counted EXCEPT ALL SELECT * FROM stored) a)
		    || '|' || (SELECT count(*) FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM counted) b)
		    || '|' || (SELECT count(*) FROM stored)};
		like($sql->($check), qr/^0\|0\|[1-9]\d*$/, '... the summary equals a recount: none missing, none extra');
		$sql->(q{UPDATE exbuddy.users SET timezone = 'UTC' WHERE username = 'bob';
		    DELETE FROM exbuddy.workouts WHERE reps = 7});
		like($sql->($check), qr/^0\|0\|[1-9]\d*$/, '... and after a change of zone and a delete');
		my $kept = $sql->('SELECT md5(string_agg(w::text, \',\' ORDER BY id)) FROM exbuddy.workouts w');
		$r = $migrate->('down', 1);
		is($r->{exit}, 0, 'down 1: 010 reverted') or diag($r->{err});
		is($sql->(q{SELECT count(*) FROM pg_class WHERE relname = 'daily_totals'}), 0, '... the table is gone');
		is($sql->(q{SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%daily_totals%'}), 0, '... and its triggers');
		is($sql->(q{SELECT count(*) FROM pg_proc WHERE proname LIKE 'daily_totals%'}), 0, '... and their functions');
		is($sql->(q{SELECT count(*) FROM pg_class WHERE relnamespace = 'exbuddy'::regnamespace
		    AND reloptions IS NOT NULL}), 0, '... and the autovacuum settings');
		is($sql->('SELECT md5(string_agg(w::text, \',\' ORDER BY id)) FROM exbuddy.workouts w'), $kept,
		    '... the workouts are as they were');
		$sql->(q{UPDATE exbuddy.users SET timezone = 'Asia/Kathmandu' WHERE username = 'bob'});
		$r = $migrate->('up');
		is($r->{exit}, 0, 'up again: 010 applied') or diag($r->{err});
		like($sql->($check), qr/^0\|0\|[1-9]\d*$/, '... the summary equals a recount again');
		is($sql->('SELECT md5(string_agg(w::text, \',\' ORDER BY id)) FROM exbuddy.workouts w'), $kept,
		    '... and the workouts are still as they were');
	});
});

behaviour('migration 014 goes down to 012\'s triggers and up again, the summaries exact throughout', sub {
	my $top = $ENV{EXBUDDY_TEST_TOP} or plan skip_all => 'EXBUDDY_TEST_TOP is needed';
	scratch_db('exbuddy_ut', sub {
		my ($db) = @_;
		local $ENV{EXBUDDY_DB} = $db;
		my $migrate = sub {
			return run_cmd(120, exbuddy_cmd(), 'migrate', @_, '--sql', "$top/sql",
			    '--admin-dsn', "host=$ENV{EXBUDDY_TEST_PGHOST} user=postgres dbname=$db");
		};
		is($migrate->('up')->{exit}, 0, 'setup: every migration applied');
		psql_fast(q{INSERT INTO exbuddy.users (id, email, username, password_hash, timezone) VALUES
		    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@example.org', 'alice', '$argon2id$a', 'Europe/Berlin'),
		    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@example.org', 'bob', '$argon2id$b', 'Asia/Kathmandu')});
		my @users = ({ id => 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' },
		    { id => 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' });
		my $log = sub {
			my ($from, $n) = @_;
			psql_fast(qq{INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps,
			        duration_seconds, calories)
			    SELECT CASE WHEN i % 2 = 0 THEN '$users[0]{id}'::uuid ELSE '$users[1]{id}' END, e.id,
			           timestamptz '2026-03-20 00:00+00' + i * interval '7 hours 17 minutes',
			           CASE WHEN e.measure = 'time' THEN 0 ELSE i % 23 + 1 END,
			           CASE WHEN e.measure = 'time' THEN i * 3 ELSE 0 END,
			           CASE WHEN i % 3 = 0 THEN NULL ELSE i / 4.0 END
			    FROM generate_series($from, $from + $n - 1) i JOIN exbuddy.exercise_types e
			      ON e.user_id IS NULL
			     AND e.slug = (ARRAY['push-up', 'plank', 'squat', 'jump-rope'])[i % 4 + 1]});
		};
		$log->(1, 200);
		exact_ok('with 014', @users);
		# 014 and every migration after it.
		my $down = 1 + grep { !/\.down\.sql$/ && m{/(\d{3})_[^/]+$} && $1 > 14 }
		    glob("$ENV{EXBUDDY_TEST_TOP}/sql/*.sql");
		my $r = $migrate->('down', $down);
		is($r->{exit}, 0, "down $down exits 0") or diag($r->{err});
		like($r->{out}, qr/^reverted 014_user_totals_sets$/m, '... it reverted 014');
		is(psql_fast(q{SELECT count(*) FROM pg_proc WHERE proname IN ('exercise_totals_count',
		    'activity_count', 'user_totals_insert', 'user_totals_update', 'user_totals_delete')}), 5,
		    '... 012\'s functions are back');
		is(psql_fast(q{SELECT count(*) FROM pg_class WHERE relname IN ('month_totals', 'user_days')}), 0,
		    '... and 018\'s tables are gone');
		$log->(201, 100);
		psql_fast(q{DELETE FROM exbuddy.workouts WHERE reps % 4 = 0});
		my $d = join "\n", grep { $_ ne '' } differences(@users), user_totals_differences(@users);
		ok($d eq '', 'the summary equals a recount of the workouts: with 012\'s triggers again, '
		    . 'after an insert and a delete') or diag($d);
		$r = $migrate->('up');
		is($r->{exit}, 0, 'up again exits 0') or diag($r->{err});
		is(psql_fast(q{SELECT count(*) FROM pg_proc WHERE proname IN ('exercise_totals_count',
		    'activity_count', 'user_totals_insert', 'user_totals_update', 'user_totals_delete')}), 0,
		    '... 012\'s functions are gone');
		$log->(301, 100);
		psql_fast(q{UPDATE exbuddy.users SET week_start = 1 - week_start});
		psql_fast(q{DELETE FROM exbuddy.workouts WHERE reps % 5 = 0});
		exact_ok('with 014 again (and 018, filled from daily_totals), after an insert, a change of '
		    . 'week start and a delete', @users);
	});
});

done_testing();
