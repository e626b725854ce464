# 48_progress.t — GET /exercises/NAME[?measure=reps|time|volume|1rm]: an
# exercise's records (most reps in one set, the longest set, the heaviest
# weight with its reps, the heaviest weight for 1, 3, 5, 8, 10 and 12
# reps or more, the best estimated one-rep max by Epley's formula, the
# best week of the measure chosen, weeks starting on the user's first
# day), with every answer worked out by hand below; the weekly chart (one
# bar per week of the last 53, an image of SVG, months labelled, and a
# table of its weeks; words when there is nothing to draw); the measure links; the last entries with
# their edit links; local days and weeks; pounds; a timed set with a
# weight; a bodyweight move without a body weight logged; another user's
# exercise (404); and the "New record" message after beating one.
#
# Each behaviour runs alone (EXBUDDY_ONLY). The fixture (user P, in UTC,
# weeks from Monday) is made on first use and only read, but for the
# behaviour that turns P's weeks to Sunday and back. Workouts are logged
# through POST /workouts/new (set fields, or the shorthand) on fixed days
# of 2026; the chart and the behaviours added since use days relative to
# today, each of a user of its own.
use strict;
use warnings;
use utf8;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts :stats);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

# --- Helpers ---------------------------------------------------------------------------------

# new_exercise(USER, NAME, MEASURE, more fields): POST /exercises/new; the
# new exercise's slug (from the Location of the 303).
sub new_exercise {
	my ($u, $name, $measure, %more) = @_;
	my $res = $u->post_form('/exercises/new', { name => $name, measure => $measure, %more },
	    from => '/exercises/new');
	my ($slug) = ($res->{headers}{location} // '') =~ m{^/exercises/([^/?]+)$};
	die "new exercise $name: $res->{status} " . ($res->{headers}{location} // '') . "\n"
	    unless $res->{status} == 303 && $slug;
	return $slug;
}

# log_sets(USER, EXERCISE, DATE, TIME, SETS, more fields): POST /workouts/new
# with the sets as the form's rows (SETS: [reps, load, minutes, seconds]
# each, undef or '' left empty), or with quick => '5x5 @ 100' instead
# (SETS undef). Returns the response (a 303 to /dashboard, or dies).
sub log_sets {
	my ($u, $ex, $date, $time, $sets, %more) = @_;
	my $sub = hidden_value($u->get('/workouts/new')->{content}, 'submission');
	my %f = (exercise => $ex, date => $date, time => $time, submission => $sub, %more);
	if ($sets) {
		$f{nsets} = scalar @$sets;
		for my $k (0 .. $#$sets) {
			my $sfx = $k ? '_' . ($k + 1) : '';
			my ($reps, $load, $min, $sec) = @{$sets->[$k]};
			$f{"reps$sfx"} = $reps // '';
			$f{"load$sfx"} = $load // '';
			$f{"minutes$sfx"} = $min // '';
			$f{"seconds$sfx"} = $sec // '';
		}
	}
	my $res = $u->post_form('/workouts/new', \%f);
	die "logging $ex on $date answered $res->{status}: " . join(', ', map {
	    field_error($res->{content}, $_) // () } qw(exercise reps load duration quick date time note
	    reps_2 load_2)) . "\n" unless $res->{status} == 303;
	return $res;
}

# body_weight(USER, DAY, KG): POST /weight.
sub body_weight {
	my ($u, $day, $kg) = @_;
	my $res = $u->post_form('/weight', { day => $day, weight => $kg }, from => '/weight');
	die "body weight $day: $res->{status}\n" unless $res->{status} == 303;
}

# The records of an exercise page as {term => [value, day]}: "Most reps in
# one set" => ['20 reps', 'Wednesday 1 April 2026'].
sub records_of {
	my ($html) = @_;
	my ($sec) = ($html // '') =~ m{<section aria-labelledby="records-h">(.*?)</section>}s or return {};
	my ($dl) = $sec =~ m{<dl class="summary">(.*?)</dl>}s or return {};
	my %r;
	while ($dl =~ m{<dt>(.*?)</dt><dd>(.*?)</dd>}gs) {
		my ($k, $v) = ($1, $2);
		my ($day) = $v =~ m{<span class="muted">\((.*?)\)</span>}s;
		$v =~ s{\s*<span class="muted">.*?</span>}{}s;
		$v =~ s/<[^>]*>//g;
		$r{html_unescape($k)} = [html_unescape($v), html_unescape($day)];
	}
	return \%r;
}

# The table of the heaviest weight for N reps or more: "N|WEIGHT|DAY" each.
sub rep_maxes {
	my ($rows) = table_rows($_[0], qr/^The heaviest weight for a number of reps/) or return ();
	return map { join '|', @$_ } @$rows;
}

# The measure links: "Reps", "*Volume*" (the current one, not a link) …
sub measure_nav {
	my ($html) = @_;
	my ($nav) = ($html // '') =~ m{<nav class="pages" aria-label="Measure">(.*?)</nav>}s or return ();
	my @out;
	while ($nav =~ m{<strong aria-current="page">(.*?)</strong>|<a href="([^"]*)">(.*?)</a>}gs) {
		push @out, defined $1 ? "*$1*" : html_unescape($3) . '=' . html_unescape($2);
	}
	return @out;
}

# The page of an exercise, as characters: (response, page).
sub page_of {
	my ($u, $path) = @_;
	my $res = $u->get($path);
	return ($res, decode_page($res));
}

# "Wednesday 1 April 2026" of a date, by PostgreSQL.
sub long_date {
	return psql_fast("SELECT to_char(date '$_[0]', 'FMDay FMDD FMMonth YYYY')");
}

# --- The fixture: user P -------------------------------------------------------------------
# P, in UTC, weeks starting on Monday. Body weight (POST /weight):
#   2026-03-01 80 kg, 2026-03-20 78.5 kg.
#
# Back squat, an own exercise counted in reps with a weight (not a
# bodyweight move: the weight moved is the load):
#   E1 Mon 2026-03-02 10:00  quick "3x5 @ 100"       5@100, 5@100, 5@100
#   E2 Wed 2026-03-04 10:00  set rows                 3@112.5, 1@120
#   E3 Tue 2026-03-10 10:00  set rows                 12@80, 8@90
#   E4 Sun 2026-03-15 10:00  set rows                 10@88
#   E5 Wed 2026-04-01 10:00  set rows                 20@60, 13@87
#   E6 Thu 2026-04-02 10:00  set rows                 6 (no weight)
# Most reps in one set: 20 (1 April). Heaviest: 120 kg × 1 (4 March).
# Heaviest for N reps or more:
#   1: 120 (4 Mar) · 3: 112.5 (3 reps, 4 Mar) · 5: 100 (2 Mar; 100 > 90, 88, 87, 80, 60)
#   8: 90 (8 reps, 10 Mar; > 88, 87, 80, 60) · 10: 88 (15 Mar; > 87, 80, 60)
#   12: 87 (13 reps, 1 Apr; > 80, 60)
# Epley, weight × (1 + reps/30), sets of 12 reps or fewer, to 0.1 kg:
#   5@100 116.67 → 116.7; 3@112.5 123.75 → 123.8; 1@120 120; 12@80 112.0;
#   8@90 114.0; 10@88 117.33 → 117.3; (13@87 would be 124.7, 20@60 100: too
#   many reps). Best: 123.8 kg (4 March).
# Weeks from Monday, volume (reps × weight): 2 Mar 1500 + 337.5 + 120 =
#   1957.5; 9 Mar 960 + 720 + 880 = 2560; 30 Mar 1200 + 1131 = 2331.
#   Best: 2560 kg, week of Monday 9 March. Reps: 19, 30, 39 → 39 reps, week
#   of Monday 30 March. 1RM: 123.8, 117.3, none → 123.8 kg, week of 2 March.
# Weeks from Sunday, volume: 1 Mar 1957.5; 8 Mar 1680; 15 Mar 880; 29 Mar
#   2331 → 2331 kg, week of Sunday 29 March.
#
# Pull-up, built-in, a bodyweight move (weight moved = body weight of the
# day, the latest entry on or before it, + the load):
#   P1 Thu 2026-03-05  8 (no load), 6 @ +10          body weight 80
#   P2 Wed 2026-03-25  5 @ +20, 15 (no load)          body weight 78.5
#   P3 Thu 2026-03-26  4 @ −10 (help)                 body weight 78.5
# Most reps in one set: 15 (25 March). Heaviest: +20 kg × 5 (25 March).
# Heaviest for N reps or more: 1, 3, 5: +20 (25 March); no loaded set of 8
#   or more reps: no rows for 8, 10, 12.
# Epley: 8 × 80 → 80 × 38/30 = 101.33 → 101.3; 6 × 90 → 108.0; 5 × 98.5 →
#   114.92 → 114.9; 4 × 68.5 → 77.63 → 77.6; (15 reps: too many). Best
#   114.9 kg (25 March).
# Weeks from Monday, reps: 2 Mar 14; 23 Mar 5 + 15 + 4 = 24 → 24 reps, week
#   of Monday 23 March. Volume: 2 Mar 640 + 540 = 1180; 23 Mar 492.5 +
#   1177.5 + 274 = 1944 → 1944 kg. 1RM: 108.0, 114.9 → 114.9 kg, 23 March.
#
# Plank, built-in, timed:
#   T1 Tue 2026-03-03  1:30, 2:05 (minutes and seconds)
#   T2 Wed 2026-03-11  quick "1:45"
# Longest set: 2:05 (3 March); no reps. Weeks: 2 Mar 90 + 125 = 215 s
#   = 3:35; 9 Mar 1:45 → 3:35, week of Monday 2 March.
my %fx;
sub fixture {
	return \%fx if %fx;
	my $p = new_user();
	my $squat = new_exercise($p, 'Back squat', 'reps_weight');
	body_weight($p, '2026-03-01', '80');
	body_weight($p, '2026-03-20', '78.5');
	log_sets($p, $squat, '2026-03-02', '10:00', undef, quick => '3x5 @ 100', note => 'E1');
	log_sets($p, $squat, '2026-03-04', '10:00', [[3, '112.5'], [1, 120]], note => 'E2');
	log_sets($p, $squat, '2026-03-10', '10:00', [[12, 80], [8, 90]], note => 'E3');
	log_sets($p, $squat, '2026-03-15', '10:00', [[10, 88]], note => 'E4');
	log_sets($p, $squat, '2026-04-01', '10:00', [[20, 60], [13, 87]], note => 'E5');
	log_sets($p, $squat, '2026-04-02', '10:00', [[6]], note => 'E6');
	log_sets($p, 'pull-up', '2026-03-05', '10:00', [[8], [6, 10]], note => 'P1');
	log_sets($p, 'pull-up', '2026-03-25', '10:00', [[5, 20], [15]], note => 'P2');
	log_sets($p, 'pull-up', '2026-03-26', '10:00', [[4, '-10']], note => 'P3');
	log_sets($p, 'plank', '2026-03-03', '10:00', [[undef, undef, 1, 30], [undef, undef, 2, 5]], note => 'T1');
	log_sets($p, 'plank', '2026-03-11', '10:00', undef, quick => '1:45', note => 'T2');
	%fx = (p => $p, squat => $squat);
	return \%fx;
}

# --- Records ------------------------------------------------------------------------------------
behaviour('a new exercise of reps with a weight: its page is 200, tidy, and says it was made', sub {
	my $f = fixture();
	is($f->{squat}, 'back-squat', 'POST /exercises/new "Back squat": its slug is back-squat');
	my ($res, $html) = page_of($f->{p}, "/exercises/$f->{squat}");
	is($res->{status}, 200, 'GET /exercises/back-squat: 200');
	tidy_ok($res->{content}, 'the page of Back squat');
	security_headers_ok($res, 'GET /exercises/back-squat');
	like($html, qr{<h1>Back squat</h1>}, '... its name as the heading');
	like($html, qr{Counted in reps with a weight; yours\.}, '... counted in reps with a weight, one of the user\'s own');
	is(psql_fast("SELECT count(*) FROM exbuddy.workout_sets s JOIN exbuddy.workouts w ON w.id = s.workout_id "
	    . "JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE w.user_id = "
	    . sql_quote($f->{p}{id}) . " AND e.slug = 'back-squat'"), 11,
	    'the 6 entries of Back squat have 11 sets in the database (3 + 2 + 2 + 1 + 2 + 1)');
	is(psql_fast("SELECT string_agg(s.reps || '\@' || coalesce(s.load_kg::text, '-'), ' ' ORDER BY s.position) "
	    . "FROM exbuddy.workout_sets s JOIN exbuddy.workouts w ON w.id = s.workout_id WHERE w.user_id = "
	    . sql_quote($f->{p}{id}) . " AND w.note = 'E1'"), '5@100.00 5@100.00 5@100.00',
	    'the shorthand "3x5 @ 100" made three sets of 5 at 100 kg');
});

behaviour('Back squat: most reps in one set, the heaviest weight with its reps, the best estimated 1RM (Epley), the best week of volume', sub {
	my $f = fixture();
	my ($res, $html) = page_of($f->{p}, "/exercises/$f->{squat}");
	my $r = records_of($html);
	is_deeply($r->{'Most reps in one set'}, ['20 reps', 'Wednesday 1 April 2026'],
	    'most reps in one set: 20 reps, on Wednesday 1 April 2026');
	is_deeply($r->{'Heaviest weight'}, ['120 kg × 1', 'Wednesday 4 March 2026'],
	    'heaviest weight: 120 kg × 1, on Wednesday 4 March 2026');
	is_deeply($r->{'Best estimated one-rep max (Epley)'}, ['123.8 kg', 'Wednesday 4 March 2026'],
	    'best estimated 1RM: 112.5 × (1 + 3/30) = 123.75 → 123.8 kg (not 13 × 87 → 124.7: over 12 reps)');
	is_deeply($r->{'Best week'}, ['2560 kg', 'week of Monday 9 March 2026'],
	    'best week (volume, weeks from Monday): 960 + 720 + 880 = 2560 kg, week of Monday 9 March 2026');
	ok(!exists $r->{'Longest set'}, 'no "Longest set" (no set has a duration)');
	like($html, qr{Epley's formula: weight × \(1 \+ reps ÷ 30\), from sets of 12 reps or fewer\.},
	    'the page names the formula (Epley) and its limit of 12 reps');
});

behaviour('Back squat: the heaviest weight for 1, 3, 5, 8, 10 and 12 reps or more', sub {
	my $f = fixture();
	my ($res, $html) = page_of($f->{p}, "/exercises/$f->{squat}");
	is_deeply([rep_maxes($html)], [
	    '1|120 kg|Wednesday 4 March 2026',
	    '3|112.5 kg|Wednesday 4 March 2026',
	    '5|100 kg|Monday 2 March 2026',
	    '8|90 kg|Tuesday 10 March 2026',
	    '10|88 kg|Sunday 15 March 2026',
	    '12|87 kg|Wednesday 1 April 2026',
	], 'the table: 1 → 120, 3 → 112.5, 5 → 100, 8 → 90, 10 → 88, 12 → 87 (13 reps count for 12 or more)');
});

behaviour('Back squat: the best week of each measure (?measure=reps, volume, 1rm)', sub {
	my $f = fixture();
	my %want = (reps => ['39 reps', 'week of Monday 30 March 2026'],
	    volume => ['2560 kg', 'week of Monday 9 March 2026'],
	    '1rm' => ['123.8 kg', 'week of Monday 2 March 2026']);
	for my $m (sort keys %want) {
		my ($res, $html) = page_of($f->{p}, "/exercises/$f->{squat}?measure=$m");
		is($res->{status}, 200, "?measure=$m: 200");
		is_deeply(records_of($html)->{'Best week'}, $want{$m}, "?measure=$m: the best week is "
		    . join(', ', @{$want{$m}}));
		# The other records do not depend on the measure.
		is_deeply(records_of($html)->{'Heaviest weight'}, ['120 kg × 1', 'Wednesday 4 March 2026'],
		    "?measure=$m: the heaviest weight is the same");
	}
});

behaviour('weeks start on the user\'s first day: from Sunday, the best week of Back squat is another', sub {
	my $f = fixture();
	my $p = $f->{p};
	set_zone($p->{id}, 'UTC', 0);
	my ($res, $html) = page_of($p, "/exercises/$f->{squat}");
	my ($res2, $html2) = page_of($p, "/exercises/$f->{squat}?measure=reps");
	my ($res3, $html3) = page_of($p, '/exercises/pull-up');
	set_zone($p->{id}, 'UTC', 1);
	is_deeply(records_of($html)->{'Best week'}, ['2331 kg', 'week of Sunday 29 March 2026'],
	    'weeks from Sunday: volume 1957.5, 1680, 880, 2331 → 2331 kg, week of Sunday 29 March 2026');
	is_deeply(records_of($html2)->{'Best week'}, ['39 reps', 'week of Sunday 29 March 2026'],
	    'weeks from Sunday: reps 19, 20, 10, 39 → 39 reps, week of Sunday 29 March 2026');
	is_deeply(records_of($html3)->{'Best week'}, ['24 reps', 'week of Sunday 22 March 2026'],
	    'pull-up, weeks from Sunday: 14, 24 → 24 reps, week of Sunday 22 March 2026');
	my (undef, $back) = page_of($p, "/exercises/$f->{squat}");
	is_deeply(records_of($back)->{'Best week'}, ['2560 kg', 'week of Monday 9 March 2026'],
	    'back to Monday: 2560 kg, week of Monday 9 March 2026');
});

behaviour('pull-up (a bodyweight move): most reps, the heaviest added weight, the 1RM with the body weight of the day', sub {
	my $f = fixture();
	my ($res, $html) = page_of($f->{p}, '/exercises/pull-up');
	is($res->{status}, 200, 'GET /exercises/pull-up: 200');
	tidy_ok($res->{content}, 'the page of the pull-up');
	like($html, qr{Counted in reps; a bodyweight move\.}, '... a bodyweight move counted in reps');
	my $r = records_of($html);
	is_deeply($r->{'Most reps in one set'}, ['15 reps', 'Wednesday 25 March 2026'],
	    'most reps in one set: 15, on Wednesday 25 March 2026');
	is_deeply($r->{'Heaviest weight'}, ['+20 kg × 5', 'Wednesday 25 March 2026'],
	    'heaviest weight: +20 kg × 5 (added to the body)');
	is_deeply($r->{'Best estimated one-rep max (Epley)'}, ['114.9 kg', 'Wednesday 25 March 2026'],
	    'best estimated 1RM: (78.5 + 20) × (1 + 5/30) = 114.92 → 114.9 kg (the body weight of 20 March, not 80)');
	is_deeply($r->{'Best week'}, ['24 reps', 'week of Monday 23 March 2026'],
	    'best week (reps, from Monday): 5 + 15 + 4 = 24 reps, week of Monday 23 March 2026');
	is_deeply([rep_maxes($html)], ['1|+20 kg|Wednesday 25 March 2026', '3|+20 kg|Wednesday 25 March 2026',
	    '5|+20 kg|Wednesday 25 March 2026'],
	    'the heaviest added weight for 1, 3, 5 reps or more: +20 kg; none loaded for 8 or more');
	like($html, qr{Epley's formula: weight × \(1 \+ reps ÷ 30\), from sets of 12 reps or fewer, the weight being your body weight that day},
	    'the formula says the weight is the body weight that day with what was added');
});

behaviour('pull-up: the best week of volume (body weight × reps) and of the estimated 1RM', sub {
	my $f = fixture();
	my ($res, $html) = page_of($f->{p}, '/exercises/pull-up?measure=volume');
	is_deeply(records_of($html)->{'Best week'}, ['1944 kg', 'week of Monday 23 March 2026'],
	    'volume: 5 × 98.5 + 15 × 78.5 + 4 × 68.5 = 1944 kg, week of Monday 23 March 2026');
	($res, $html) = page_of($f->{p}, '/exercises/pull-up?measure=1rm');
	is_deeply(records_of($html)->{'Best week'}, ['114.9 kg', 'week of Monday 23 March 2026'],
	    '1RM: the best of each week, 108.0 then 114.9 → 114.9 kg, week of Monday 23 March 2026');
});

behaviour('plank (timed): the longest set and the best week in time; no reps, no weights', sub {
	my $f = fixture();
	my ($res, $html) = page_of($f->{p}, '/exercises/plank');
	is($res->{status}, 200, 'GET /exercises/plank: 200');
	my $r = records_of($html);
	is_deeply($r->{'Longest set'}, ['2:05 min', 'Tuesday 3 March 2026'], 'longest set: 2:05, on Tuesday 3 March 2026');
	is_deeply($r->{'Best week'}, ['3:35 min', 'week of Monday 2 March 2026'],
	    'best week: 1:30 + 2:05 = 3:35, week of Monday 2 March 2026 (more than 1:45)');
	is_deeply([sort keys %$r], ['Best week', 'Longest set'], 'no other record (no reps, no weights)');
	is_deeply([rep_maxes($html)], [], 'no table of weights');
	unlike($html, qr/Epley/, 'no 1RM, no formula');
});

# A user in Pacific/Auckland (UTC+13 in March): a day and a week are
# local. Push-ups: Wed 2026-02-25 12:00 5 reps; Sun 2026-03-01 23:30 10
# reps (10:30 UTC, Sunday); Mon 2026-03-02 00:30 30 reps (Sunday 11:30 in
# UTC). Local weeks from Monday: 23 Feb 5 + 10 = 15, 2 Mar 30 → 30 reps,
# week of Monday 2 March (in UTC all three would be one week of 45). Most
# reps: 30 on Monday 2 March (Sunday 1 March in UTC).
behaviour("days and weeks are the user's local ones (Pacific/Auckland)", sub {
	my $u = new_user();
	set_zone($u->{id}, 'Pacific/Auckland', 1);
	log_sets($u, 'push-up', '2026-02-25', '12:00', [[5]]);
	log_sets($u, 'push-up', '2026-03-01', '23:30', [[10]]);
	log_sets($u, 'push-up', '2026-03-02', '00:30', [[30]]);
	my ($res, $html) = page_of($u, '/exercises/push-up');
	my $r = records_of($html);
	is_deeply($r->{'Most reps in one set'}, ['30 reps', 'Monday 2 March 2026'], 'most reps: 30, on Monday 2 March 2026 (local)');
	is_deeply($r->{'Best week'}, ['30 reps', 'week of Monday 2 March 2026'],
	    'best week: 30 reps, week of Monday 2 March 2026 (local weeks: 15 and 30; not 45 in one UTC week)');
});

# P in pounds (1 lb = 0.45359237 kg), to tenths of a lb: 120 kg = 264.55 lb
# → 264.6 lb; 123.8 kg = 272.93 → 272.9 lb; 2560 kg = 5643.83 → 5643.8 lb;
# 112.5 kg = 248.02 → 248 lb.
behaviour('a user who weighs in pounds sees the records of Back squat in lb', sub {
	my $f = fixture();
	my $p = $f->{p};
	psql_fast("UPDATE exbuddy.users SET weight_unit = 'lb' WHERE id = " . sql_quote($p->{id}));
	my ($res, $html) = page_of($p, "/exercises/$f->{squat}");
	psql_fast("UPDATE exbuddy.users SET weight_unit = 'kg' WHERE id = " . sql_quote($p->{id}));
	my $r = records_of($html);
	is_deeply($r->{'Heaviest weight'}, ['264.6 lb × 1', 'Wednesday 4 March 2026'], 'heaviest: 264.6 lb × 1');
	is_deeply($r->{'Best estimated one-rep max (Epley)'}, ['272.9 lb', 'Wednesday 4 March 2026'], 'best 1RM: 272.9 lb');
	is_deeply($r->{'Best week'}, ['5643.8 lb', 'week of Monday 9 March 2026'], 'best week: 5643.8 lb');
	is((rep_maxes($html))[1], '3|248 lb|Wednesday 4 March 2026', 'for 3 reps or more: 248 lb');
});

# A timed set with a weight (a weighted plank): 1:00 @ 20 kg for an own
# timed exercise, 1:00 @ +10 kg for the built-in plank. The heaviest weight
# is that weight; the set had no reps, so it is not "× 0".
behaviour('a timed set with a weight: the heaviest weight is not given as "× 0" reps', sub {
	my $u = new_user();
	my $slug = new_exercise($u, 'Weighted plank', 'time');
	log_sets($u, $slug, '2026-03-02', '10:00', [[undef, 20, 1, 0]]);
	log_sets($u, 'plank', '2026-03-03', '10:00', [[undef, 10, 1, 0]]);
	for my $case (["/exercises/$slug", qr/^20 kg\b/, 'Monday 2 March 2026'], ['/exercises/plank', qr/^\+10 kg\b/, 'Tuesday 3 March 2026']) {
		my ($path, $want, $day) = @$case;
		my ($res, $html) = page_of($u, $path);
		my $r = records_of($html);
		is_deeply($r->{'Longest set'}, ['1:00 min', $day], "$path: longest set 1:00");
		like($r->{'Heaviest weight'}[0] // '', $want, "$path: the heaviest weight is the set's weight");
		unlike($r->{'Heaviest weight'}[0] // '', qr/× 0$/, "$path: ... not \"× 0\" (the set had no reps): "
		    . ($r->{'Heaviest weight'}[0] // ''));
	}
});

# The built-in plank 1:30 @ +10 kg and an own timed exercise 1:30 @ 20 kg,
# on days relative to today: "+10 kg for 1:30", "20 kg for 1:30".
behaviour('a timed set with a weight: the heaviest weight is the weight for the time, like 10 kg for 1:30, not x 0 reps', sub {
	my $u = new_user();
	set_zone($u->{id}, 'UTC', 1);
	my ($d1, $d2) = (local_today('UTC', -9), local_today('UTC', -8));
	my $slug = new_exercise($u, 'Vest plank', 'time');
	log_sets($u, 'plank', $d1, '10:00', [[undef, 10, 1, 30]]);
	log_sets($u, $slug, $d2, '10:00', [[undef, 20, 1, 30]]);
	my ($res, $html) = page_of($u, '/exercises/plank');
	is($res->{status}, 200, 'GET /exercises/plank: 200');
	tidy_ok($res->{content}, 'the page of a weighted plank');
	my $r = records_of($html);
	is_deeply($r->{'Heaviest weight'}, ['+10 kg for 1:30 min', long_date($d1)], 'the built-in plank: "+10 kg for 1:30"');
	is_deeply($r->{'Longest set'}, ['1:30 min', long_date($d1)], '... the longest set 1:30');
	($res, $html) = page_of($u, "/exercises/$slug");
	is_deeply(records_of($html)->{'Heaviest weight'}, ['20 kg for 1:30 min', long_date($d2)],
	    'an own timed exercise (not a bodyweight move): "20 kg for 1:30"');
	unlike($html, qr/× 0\b/, '... no "× 0" anywhere on the page');
});

# A bodyweight move's one-rep max is of the body weight with what was
# added: without any body weight logged there is none, and the page says
# where to log it. Pull-ups 5 @ +20 kg; then 80 kg that day: Epley,
# (80 + 20) × (1 + 5/30) = 116.67 → 116.7 kg.
behaviour('a bodyweight move without a body weight: no estimated 1RM, a hint linking to /weight; with one, the 1RM', sub {
	my $u = new_user();
	set_zone($u->{id}, 'UTC', 1);
	my $day = local_today('UTC', -6);
	log_sets($u, 'pull-up', $day, '10:00', [[5, 20]]);
	is(psql_fast('SELECT count(*) FROM exbuddy.body_weights WHERE user_id = ' . sql_quote($u->{id})), 0,
	    'setup: no body weight logged');
	my ($res, $html) = page_of($u, '/exercises/pull-up');
	is($res->{status}, 200, 'GET /exercises/pull-up: 200');
	tidy_ok($res->{content}, 'the page of pull-ups without a body weight');
	my $r = records_of($html);
	is_deeply($r->{'Heaviest weight'}, ['+20 kg × 5', long_date($day)], 'the heaviest weight: +20 kg × 5');
	is_deeply($r->{'Most reps in one set'}, ['5 reps', long_date($day)], 'most reps in one set: 5');
	ok(!exists $r->{'Best estimated one-rep max (Epley)'}, 'no "Best estimated one-rep max" (no body weight)')
	    or diag(explain($r->{'Best estimated one-rep max (Epley)'}));
	unlike($html, qr/Epley/, '... and no formula');
	like($html, qr{<a href="/weight">Log your body weight</a>}, 'a hint: "Log your body weight", a link to /weight');
	body_weight($u, $day, '80');
	($res, $html) = page_of($u, '/exercises/pull-up');
	$r = records_of($html);
	is_deeply($r->{'Best estimated one-rep max (Epley)'}, ['116.7 kg', long_date($day)],
	    'after POST /weight of 80 kg that day: the 1RM, (80 + 20) × (1 + 5/30) = 116.7 kg');
	unlike($html, qr{Log your body weight}, '... and no hint any more');
	is_deeply($r->{'Heaviest weight'}, ['+20 kg × 5', long_date($day)], '... the heaviest weight as before');
});

# --- The chart and the measures ------------------------------------------------------------
behaviour('the measure links: reps, volume and 1RM for a weight exercise; only time for a timed one', sub {
	my $f = fixture();
	my ($res, $html) = page_of($f->{p}, "/exercises/$f->{squat}");
	is_deeply([measure_nav($html)], ['Reps=/exercises/back-squat?measure=reps', '*Volume*',
	    'Estimated 1RM=/exercises/back-squat?measure=1rm'],
	    'Back squat: Volume (its main measure) current, links to Reps and Estimated 1RM; no Time');
	($res, $html) = page_of($f->{p}, "/exercises/$f->{squat}?measure=1rm");
	is_deeply([measure_nav($html)], ['Reps=/exercises/back-squat?measure=reps',
	    'Volume=/exercises/back-squat?measure=volume', '*Estimated 1RM*'], '?measure=1rm: Estimated 1RM current');
	my ($svg) = svg_blocks($html);
	like($svg // '', qr{<title id="[^"]*">Best estimated 1RM per week</title>}, '... the chart is of the 1RM');
	($res, $html) = page_of($f->{p}, '/exercises/pull-up');
	is_deeply([measure_nav($html)], ['*Reps*', 'Volume=/exercises/pull-up?measure=volume',
	    'Estimated 1RM=/exercises/pull-up?measure=1rm'], 'pull-up: Reps (its main measure) current');
	($res, $html) = page_of($f->{p}, '/exercises/plank');
	is_deeply([measure_nav($html)], ['*Time*'], 'plank: only Time');
});

behaviour('?measure=time on a reps exercise (and reps on a timed one, or nonsense) falls back to the main measure', sub {
	my $f = fixture();
	for my $case (["/exercises/$f->{squat}?measure=time", '*Volume*', 'Volume per week', ['2560 kg', 'week of Monday 9 March 2026']],
	    ["/exercises/$f->{squat}?measure=bogus", '*Volume*', 'Volume per week', ['2560 kg', 'week of Monday 9 March 2026']],
	    ['/exercises/pull-up?measure=time', '*Reps*', 'Reps per week', ['24 reps', 'week of Monday 23 March 2026']],
	    ['/exercises/plank?measure=reps', '*Time*', 'Time per week', ['3:35 min', 'week of Monday 2 March 2026']],
	    ['/exercises/plank?measure=1rm', '*Time*', 'Time per week', ['3:35 min', 'week of Monday 2 March 2026']]) {
		my ($path, $current, $title, $week) = @$case;
		my ($res, $html) = page_of($f->{p}, $path);
		is($res->{status}, 200, "$path: 200");
		ok(grep({ $_ eq $current } measure_nav($html)), "$path: $current is the current measure");
		my ($svg) = svg_blocks($html);
		like($svg // '', qr{<title id="[^"]*">\Q$title\E</title>}, "$path: the chart is \"$title\"");
		is_deeply(records_of($html)->{'Best week'}, $week, "$path: the best week in that measure");
	}
});

# A user of its own, weeks from Monday, in UTC: push-ups this week (twice),
# three weeks before, in the first of the 53 weeks, and the day before it.
behaviour('the chart: an image of SVG with a bar per week of the last 53 that has entries, at its place, and its table', sub {
	my $u = new_user();
	my $today = local_today('UTC');
	my $w0 = psql_fast("SELECT to_char(date_trunc('week', date '$today')::date, 'YYYY-MM-DD')");	# Monday
	my $first = psql_fast("SELECT to_char(date '$w0' - 364, 'YYYY-MM-DD')");
	my $w3 = psql_fast("SELECT to_char(date '$w0' - 21, 'YYYY-MM-DD')");
	my $before = psql_fast("SELECT to_char(date '$first' - 1, 'YYYY-MM-DD')");
	log_sets($u, 'push-up', $w0, '00:01', [[10]]);
	log_sets($u, 'push-up', $today, '00:02', [[5], [6]]) if $today ne $w0;
	log_sets($u, 'push-up', $w0, '00:03', [[5], [6]]) if $today eq $w0;
	log_sets($u, 'push-up', $w3, '12:00', [[20]]);
	log_sets($u, 'push-up', $first, '12:00', [[7]]);
	log_sets($u, 'push-up', $before, '12:00', [[9]]);
	my ($res, $html) = page_of($u, '/exercises/push-up');
	is($res->{status}, 200, 'GET /exercises/push-up: 200');
	tidy_ok($res->{content}, 'the page of push-ups with a chart');
	cards_ok($html, 'the page of push-ups');
	my @svg = svg_blocks($html);
	is(scalar @svg, 1, 'the page has one chart');
	svg_wellformed_ok($svg[0], 'the weeks chart');
	chart_free_ok($svg[0], 'the weeks chart');
	like($svg[0] // '', qr{<title id="[^"]*">Reps per week</title>}, 'its title: Reps per week');
	# Each bar as high as its week's reps, read on the axis to a tenth.
	my @bars = sort { $a->{x} <=> $b->{x} } svg_bars($svg[0], qr/ex-\d+/);
	is_deeply([map { sprintf '%.1f', $_->{value} // -1 } @bars], ['7.0', '20.0', '21.0'],
	    "three bars, oldest first: the first week of the 53 ($first: 7), three weeks ago (20), "
	    . 'this week (10 + 5 + 6); not the 9 of the day before the first week');
	# The x axis holds 53 slots of one width, a week each: the bars' middles
	# are in slots 0 (the first week), 49 (three weeks ago) and 52 (this week).
	my ($x1, $y, $x2) = ($svg[0] // '') =~ m{<line class="chart-axis" x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="\2"/>};
	my $slot = defined $x1 ? ($x2 - $x1) / 53 : 0;
	my @at = map { $slot > 0 ? ($_->{x} + $_->{w} / 2 - $x1) / $slot - 0.5 : -1 } @bars;
	is_deeply([map { sprintf '%.0f', $_ } @at], [0, 49, 52], 'the bars in the slots of their weeks on the x axis: 0, 49 and 52 of 53')
	    or diag(explain \@at);
	ok(!grep({ abs($_ - sprintf('%.0f', $_)) > 0.05 } @at), '... each in the middle of its slot') or diag(explain \@at);
	like($html, qr{<caption>The last entries of Push-up, newest first</caption>}, 'the entries table is there');
	# The chart's numbers in a table: the weeks with an entry, newest first.
	my ($rows) = table_rows($html, qr/^Reps per week: the weeks with an entry/);
	is_deeply([map { join '|', @$_ } @{$rows // []}], [long_date($w0) . '|21 reps', long_date($w3) . '|20 reps',
	    long_date($first) . '|7 reps'], 'the table of the chart: its three weeks, newest first')
	    or diag(explain $rows);
	# Reps are counted: whole-number ticks; the months named under the bars.
	my @ticks = ($svg[0] // '') =~ m{<text class="chart-label end cen"[^>]*>([^<]*)</text>}g;
	is_deeply(\@ticks, [0, 5, 10, 15, 20, 25], 'ticks 0 to 25 reps by 5') or diag(explain \@ticks);
	my @months = ($svg[0] // '') =~ m{<text class="chart-label mid hang"[^>]*>([^<]*)</text>}g;
	ok(@months >= 12 && @months <= 13, 'a label for each month the 53 weeks reach into') or diag(explain \@months);
});

behaviour('the chart of an exercise without entries in the last year says so', sub {
	my $f = fixture();
	my ($res, $html) = page_of($f->{p}, '/exercises/burpee');
	is($res->{status}, 200, 'GET /exercises/burpee (never logged): 200');
	is(scalar(svg_blocks($html)), 0, 'no chart: nothing to draw');
	like($html, qr{<p class="chart-empty">Nothing logged in this year\.</p>}, '... but words: Nothing logged in this year');
	ok(!table_rows($html, qr/the weeks with an entry/), '... and no table of weeks');
	like($html, qr{No entries yet: <a href="/workouts/new\?exercise=burpee">log the first</a>\.},
	    'the records invite to log the first');
	like($html, qr{<h2 id="recent-h">Last entries</h2>\s*<p>None yet\.</p>}, 'the entries: none yet');
});

# --- The entries --------------------------------------------------------------------------------
behaviour('the last entries: newest first, their sets, each with a link to edit it', sub {
	my $f = fixture();
	my $p = $f->{p};
	my ($res, $html) = page_of($p, "/exercises/$f->{squat}");
	my ($rows) = table_rows($html, qr/^The last entries of Back squat, newest first$/);
	is_deeply([map { "$_->[0]|$_->[1]|$_->[3]" } @{$rows // []}], [
	    '2026-04-02 10:00|6 reps|E6', '2026-04-01 10:00|20 @ 60 kg, 13 @ 87 kg|E5',
	    '2026-03-15 10:00|10 @ 88 kg|E4', '2026-03-10 10:00|12 @ 80 kg, 8 @ 90 kg|E3',
	    '2026-03-04 10:00|3 @ 112.5 kg, 1 @ 120 kg|E2', '2026-03-02 10:00|3 × 5 @ 100 kg|E1'],
	    'six rows, newest first, with their sets and notes') or diag(explain($rows));
	my $ids = psql_fast("SELECT string_agg(id::text, ' ' ORDER BY performed_at DESC) FROM exbuddy.workouts w "
	    . "WHERE user_id = " . sql_quote($p->{id}) . " AND exercise_type_id = (SELECT id FROM exbuddy.exercise_types "
	    . "WHERE user_id = " . sql_quote($p->{id}) . " AND slug = 'back-squat')");
	my ($tbody) = $html =~ m{<caption>The last entries of Back squat.*?<tbody>(.*?)</tbody>}s;
	my @links = ($tbody // '') =~ m{<a href="/workouts/([^"/]+)/edit">Edit</a>}g;
	is("@links", $ids, 'each row links to /workouts/ID/edit of its entry');
	is($p->get("/workouts/$links[0]/edit")->{status}, 200, 'the first edit link opens the form') if @links;
	like($html, qr{<a href="/workouts\?exercise=back-squat">All its entries</a>}, 'a link to all its entries');
	($res, $html) = page_of($p, '/exercises/pull-up');
	($rows) = table_rows($html, qr/^The last entries of Pull-up/);
	is_deeply([map { $_->[1] } @{$rows // []}], ['4 @ −10 kg', '5 @ +20 kg, 15', '8, 6 @ +10 kg'],
	    'a bodyweight move: loads signed (+ added, − help)');
});

behaviour('the last entries are the 10 newest', sub {
	my $u = new_user();
	log_sets($u, 'sit-up', sprintf('2026-02-%02d', $_), '08:00', [[$_]]) for 1 .. 12;
	my ($res, $html) = page_of($u, '/exercises/sit-up');
	my ($rows) = table_rows($html, qr/^The last entries of Sit-up/);
	is_deeply([map { $_->[1] } @{$rows // []}], [map { "$_ reps" } reverse 3 .. 12],
	    '12 entries: the table shows the 10 newest (12 down to 3 reps)');
	is_deeply(records_of($html)->{'Most reps in one set'}, ['12 reps', 'Thursday 12 February 2026'],
	    'the records still count them all');
});

# --- Who sees what ------------------------------------------------------------------------------
behaviour("another user's exercise: 404; an exercise of the same name of one's own shows one's own records", sub {
	my $f = fixture();
	my $q = new_user();
	my $res = $q->get("/exercises/$f->{squat}");
	is($res->{status}, 404, "Q asks for P's /exercises/back-squat: 404");
	tidy_ok($res->{content}, 'the 404 page');
	unlike($res->{content}, qr/120 kg|Back squat/, "... nothing of P's exercise on it");
	is(client()->get("/exercises/$f->{squat}")->{status}, 303, 'signed out: 303 to the login page');
	is($q->get('/exercises/no-such-exercise')->{status}, 404, 'a slug nobody has: 404');
	my $slug = new_exercise($q, 'Back squat', 'reps_weight');
	log_sets($q, $slug, '2026-05-05', '09:00', [[2, 50]]);
	my ($r2, $html) = page_of($q, "/exercises/$slug");
	is($r2->{status}, 200, "Q's own Back squat: 200");
	is_deeply(records_of($html)->{'Heaviest weight'}, ['50 kg × 2', 'Tuesday 5 May 2026'],
	    "... with Q's records only (50 kg × 2, not P's 120 kg)");
	my ($rows) = table_rows($html, qr/^The last entries of Back squat/);
	is(scalar @{$rows // []}, 1, "... and Q's one entry");
	my (undef, $ph) = page_of($f->{p}, "/exercises/$f->{squat}");
	is_deeply(records_of($ph)->{'Heaviest weight'}, ['120 kg × 1', 'Wednesday 4 March 2026'], "P's page is unchanged");
});

# --- "New record" --------------------------------------------------------------------------------
behaviour('beating a record: the dashboard says "New record" (reps in a set, time in a set, heaviest weight); not otherwise', sub {
	my $u = new_user();
	my $flash = sub { flash_text($_[0]->get('/dashboard')->{content}) };
	log_sets($u, 'squat', '2026-06-01', '08:00', [[10]]);
	is($flash->($u), 'Your workout is saved.', 'the first entry of an exercise: saved, no record');
	log_sets($u, 'squat', '2026-06-02', '08:00', [[8], [9]]);
	is($flash->($u), 'Your workout is saved.', '8 and 9 reps (10 before): no record');
	log_sets($u, 'squat', '2026-06-03', '08:00', [[10], [12]]);
	is($flash->($u), 'Your workout is saved. New record: 12 reps in one set!',
	    '12 reps in a set (10 before): "New record: 12 reps in one set!"');
	log_sets($u, 'squat', '2026-05-01', '08:00', [[11]]);
	is($flash->($u), 'Your workout is saved.', 'an older entry of 11 (12 already): no record');

	log_sets($u, 'plank', '2026-06-01', '08:00', [[undef, undef, 1, 0]]);
	$flash->($u);
	log_sets($u, 'plank', '2026-06-02', '08:00', [[undef, undef, 0, 50], [undef, undef, 1, 30]]);
	is($flash->($u), 'Your workout is saved. New record: 1:30 min in one set!', 'plank 1:30 in a set (1:00 before): new record');

	my $slug = new_exercise($u, 'Bench press', 'reps_weight');
	log_sets($u, $slug, '2026-06-01', '08:00', undef, quick => '5x5 @ 100');
	$flash->($u);
	log_sets($u, $slug, '2026-06-03', '08:00', undef, quick => '3x5 @ 100, 1x3 @ 105');
	is($flash->($u), 'Your workout is saved. New record: the heaviest weight, 105 kg!',
	    'bench press 105 kg (100 before): "New record: the heaviest weight, 105 kg!"');
	log_sets($u, $slug, '2026-06-04', '08:00', undef, quick => '1x6 @ 105');
	is($flash->($u), 'Your workout is saved. New record: 6 reps in one set!',
	    '6 reps at 105 (5 before, 105 kg equalled): only the reps are a record');
	is($flash->($u), undef, 'the message is shown once');
	log_sets($u, 'pull-up', '2026-06-01', '08:00', [[5, 10]]);
	$flash->($u);
	log_sets($u, 'pull-up', '2026-06-02', '08:00', [[3, 15]]);
	is($flash->($u), 'Your workout is saved. New record: the heaviest weight, +15 kg!',
	    'pull-up +15 kg (+10 before): the heaviest added weight, signed');
	my ($res, $html) = page_of($u, "/exercises/$slug");
	is_deeply(records_of($html)->{'Heaviest weight'}, ['105 kg × 3', 'Wednesday 3 June 2026'],
	    'the page: heaviest 105 kg × 3, the earlier of the two days with 105 kg');
});

done_testing();
