# 52_stats.t — GET /stats for a user in Asia/Tokyo (UTC+9) whose weeks start
# on Monday: all-time totals; per exercise the workouts, reps, average and
# records with their dates (most reps in one workout, in one local day —
# two workouts of one day add up —, the longest timed workout, the best
# week), ties going to the earliest date; the current streak (ending today
# or yesterday in the user's zone) and the longest one; the monthly table
# and chart of the last 12 months (every month labelled); the year heatmap
# (53 × 7 squares or fewer, heat-0 to heat-4, bands of weeks for a phone)
# and its table of weeks; words instead of empty charts. Charts are
# images of SVG (data: URIs), the SVGs well-formed; pages tidy-valid.
#
# Records use fixed dates in 2024, before the 12 months and the heatmap;
# the streak, months and heatmap use dates relative to today in Tokyo, made
# by PostgreSQL with TimeZone = Asia/Tokyo.
#
# Each behaviour runs alone (EXBUDDY_ONLY): the empty account and the
# fixture (each with its /stats page, loaded once) are made the first time
# a behaviour asks for them and only read afterwards; the same workouts in
# weeks starting on Sunday are a fixture of their own.
use strict;
use warnings;
use utf8;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :stats);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my $TZ = 'Asia/Tokyo';

# One value from PostgreSQL, with the user's zone as TimeZone.
sub q1 { return psql_fast("SET TimeZone = '$TZ'; SELECT $_[0]") }

# --- An empty account ---------------------------------------------------------------
my @empty;
# The empty account and its /stats, made once and only read: (its user,
# the response, the page as characters).
sub empty_stats {
	@empty = do {
		my $e = new_user();
		set_zone($e->{id}, $TZ, 1);
		my $res = $e->get('/stats');
		($e, $res, decode_page($res));
	} unless @empty;
	return @empty;
}

behaviour('an empty account: GET /stats is 200, tidy, with the security headers, and invites to log a workout', sub {
	my ($e, $res, $html) = empty_stats();
	is($res->{status}, 200, 'GET /stats with no workouts: 200');
	tidy_ok($res->{content}, 'the statistics of an empty account');
	security_headers_ok($res, 'GET /stats');
	like($html, qr{No workouts yet\. <a href="/workouts/new">Log your first one</a>}, '... invites to log one');
});

behaviour('an empty account: the months table has 12 months, all 0', sub {
	my ($e, $res, $html) = empty_stats();
	my ($mrows) = table_rows($html, qr/^Totals per month$/);
	is(scalar @{$mrows // []}, 12, '... 12 months in the table');
	ok(!grep({ join('|', @$_[1 .. 4]) ne '0|0||0' } @{$mrows // []}), '... all of them 0');
});

behaviour('an empty account: no charts, but words: nothing in the 12 months, no workouts in the 53 weeks', sub {
	my ($e, $res, $html) = empty_stats();
	is(scalar(svg_blocks($html)) + scalar(svg_narrow($html)), 0, '... no chart drawn over nothing');
	like($html, qr{<p class="chart-empty">Nothing logged in these 12 months\.</p>}, '... the months: "Nothing logged in these 12 months."');
	like($html, qr{<p class="chart-empty">No workouts in these 53 weeks\.</p>}, '... the year: "No workouts in these 53 weeks."');
	ok(!table_rows($html, qr/^Your year, week by week/), '... and no table of weeks');
});

# --- The fixture --------------------------------------------------------------------------
# Records, in 2024 (all times JST, UTC+9):
my @RECORDS = (
	['push-up', '2024-03-03 22:00:00+00', 30,    0,  '15.0'],	# Mon 4 Mar 07:00
	['push-up', '2024-03-03 23:00:00+00', 25,    0,  '12.5'],	# Mon 4 Mar 08:00
	['push-up', '2024-03-06 03:00:00+00', 40,    0,  '20.0'],	# Wed 6 Mar 12:00
	['push-up', '2024-04-09 23:30:00+00', 10,    0,   '5.0'],	# Wed 10 Apr 08:30
	['push-up', '2024-04-10 09:00:00+00', 35,    0,  '17.5'],	# Wed 10 Apr 18:00
	['plank',   '2024-03-05 03:00:00+00',  0,   95,   '5.5'],	# Tue 5 Mar 12:00
	['plank',   '2024-03-07 21:00:00+00',  0, 3725, '200.0'],	# Fri 8 Mar 06:00 (ties the next)
	['plank',   '2024-03-07 03:00:00+00',  0, 3725, '200.0'],	# Thu 7 Mar 12:00
	['plank',   '2024-05-20 03:00:00+00',  0,  600,  '35.0'],	# Mon 20 May 12:00
	['lunge',   '2024-03-09 03:00:00+00', 12,    0,   '4.0'],	# Sat 9 Mar 12:00
	# four equal squats, the latest first: ties go to the earliest
	['squat',   '2024-06-13 01:00:00+00', 20,    0,   '8.0'],	# Thu 13 Jun 10:00
	['squat',   '2024-06-12 01:00:00+00', 20,    0,   '8.0'],	# Wed 12 Jun 10:00
	['squat',   '2024-06-05 01:00:00+00', 20,    0,   '8.0'],	# Wed 5 Jun 10:00
	['squat',   '2024-06-03 01:00:00+00', 20,    0,   '8.0'],	# Mon 3 Jun 10:00
);

# Relative to today (T) in Tokyo, at local times; M is this month. Each:
# [name, SQL for the local date, time, slug, reps, seconds, kcal].
my @rel = (
	['T',      'current_date',     '12:00', 'mountain-climber', 10,   0,  '5.0'],
	['T-1',    'current_date - 1', '12:00', 'mountain-climber', 30,   0, '15.0'],
	['T-2',    'current_date - 2', '12:00', 'mountain-climber', 60,   0, '30.0'],
	['T-3',    'current_date - 3', '12:00', 'plank',             0, 120,  '7.0'],
	# no workout on T-4: the streak is T-3 to T
	['T-5',    'current_date - 5', '12:00', 'mountain-climber',  6,   0,  '3.0'],
	# 00:30 on the 1st is still the month before in UTC (15:30 on the last day)
	['M-2/1',  "(date_trunc('month', current_date) - interval '2 months')::date",  '00:30', 'sit-up', 90, 0, '36.0'],
	['M-2/15', "(date_trunc('month', current_date) - interval '2 months')::date + 14", '12:00', 'sit-up', 10, 0, '4.0'],
	['M-5/15', "(date_trunc('month', current_date) - interval '5 months')::date + 14", '12:00', 'jump-rope', 0, 300, '50.0'],
	['M-11/15', "(date_trunc('month', current_date) - interval '11 months')::date + 14", '12:00', 'squat', 15, 0, '6.0'],
	# before the 12 months of the table
	['M-12/15', "(date_trunc('month', current_date) - interval '12 months')::date + 14", '12:00', 'squat', 5, 0, '2.0'],
);

# fixture(WS): the fixture's user in Tokyo whose weeks start on WS (1
# Monday, 0 Sunday), made once: {u, day => {name => YYYY-MM-DD}, today,
# res, html} with its /stats page. The relative rows are inserted and
# /stats loaded again if midnight passed in Tokyo meanwhile (so that
# "today" is the same for the fixture and the page).
my %fixture;
sub fixture {
	my ($ws) = @_;
	return $fixture{$ws} //= do {
		my $u = new_user();
		set_zone($u->{id}, $TZ, $ws);
		add_workouts($u->{id}, \@RECORDS);
		my (%day, $today, $res);
		for my $try (1 .. 3) {
			psql_fast("DELETE FROM exbuddy.workouts WHERE user_id = " . sql_quote($u->{id}) .
			    " AND performed_at >= '2025-01-01'");
			$today = local_today($TZ);
			# The dates of the relative rows, in one query.
			my @d = split /\|/, q1(join(" || '|' || ", map { "to_char($_->[1], 'YYYY-MM-DD')" } @rel));
			%day = map { $rel[$_][0] => $d[$_] } 0 .. $#rel;
			add_workouts($u->{id}, [map { [$_->[3], "=$_->[1] + time '$_->[2]'", @$_[4 .. 6]] } @rel], tz => $TZ);
			$res = $u->get('/stats');
			last if local_today($TZ) eq $today;
		}
		{ u => $u, day => \%day, today => $today, res => $res, html => decode_page($res) };
	};
}

behaviour('GET /stats of the fixture: 200, tidy', sub {
	my $f = fixture(1);
	is($f->{res}{status}, 200, 'GET /stats: 200');
	tidy_ok($f->{res}{content}, 'the statistics');
});

# --- All time -----------------------------------------------------------------------------------
#   workouts: 14 in 2024 + 10 relative = 24
#   reps: push-ups 30 + 25 + 40 + 10 + 35 = 140, lunges 12, squats 4 × 20 = 80
#         → 232; mountain climbers 10 + 30 + 60 + 6 = 106, sit-ups 90 + 10 =
#         100, squats 15 + 5 = 20 → 226; 232 + 226 = 458
#   time: planks 95 + 3725 + 3725 + 600 + 120 = 8265, jump rope 300 → 8565 s
#         = 2 h 22 min 45 s → 2:22:45
#   kcal: 15.0 + 12.5 + 20.0 + 5.0 + 17.5 = 70.0; 5.5 + 200.0 + 200.0 + 35.0
#         + 7.0 = 447.5; 4.0; 4 × 8.0 + 6.0 + 2.0 = 40.0; 5.0 + 15.0 + 30.0 +
#         3.0 = 53.0; 36.0 + 4.0 = 40.0; 50.0 → 704.5
#   days: 2024: 4, 5, 6, 7, 8, 9 March, 10 April, 20 May, 3, 5, 12, 13 June
#         = 12; relative: T, T-1, T-2, T-3, T-5 and the 5 monthly = 10 → 22
#   streaks: now T-3 to T = 4 days; longest 4 to 9 March 2024 (local days;
#         in UTC they would be 3, 5, 6, 7, 9 March: 3 at most) = 6 days
behaviour('all time: workouts, local days, reps, time, calories, the current and the longest streak', sub {
	my $sum = stats_summary(fixture(1)->{html});
	is_deeply($sum, {
		'Workouts' => 24, 'Days with a workout' => 22, 'Reps' => 458, 'Time' => '2:22:45 h',
		'Calories' => '704.5 kcal', 'Current streak' => '4 days', 'Longest streak' => '6 days',
	}, 'all time: 24 workouts on 22 days, 458 reps, 2:22:45, 704.5 kcal, streaks 4 and 6') or diag(explain $sum);
});

# --- Per exercise, and records ----------------------------------------------------------------
# The Monday of the week of a date.
sub monday { return q1("to_char(date '$_[0]' - (extract(isodow FROM date '$_[0]')::int - 1), 'YYYY-MM-DD')") }

# The rows expected in the per-exercise table of the fixture(1): relative
# dates for the rows that have them, and their Mondays (worked out once).
sub want_records {
	my $f = fixture(1);
	return @{$f->{want_records} //= [records_of($f->{day})]};
}

sub records_of {
	my %day = %{$_[0]};
	# Mountain climbers, best week: the sum per Monday of T, T-1, T-2, T-5.
	my %mc_week;
	$mc_week{monday($day{$_->[0]})} += $_->[1] for (['T', 10], ['T-1', 30], ['T-2', 60], ['T-5', 6]);
	my ($mc_best) = sort { $mc_week{$b} <=> $mc_week{$a} || $a cmp $b } keys %mc_week;
	return (
		# 1 workout, 300 s = 5:00, average 5:00, longest 5:00 on the 15th of M-5
		"Jump rope|1||5:00 min|5:00 min|||5:00 min ($day{'M-5/15'})|5:00 min (week of ${\ monday($day{'M-5/15'})})",
		# 1, 12 reps, 12.0 each; 12 on 9 March 2024; its week from Monday 4 March
		'Lunge|1|12||12 reps|12 (2024-03-09)|12 (2024-03-09)||12 reps (week of 2024-03-04)',
		# 4, 10 + 30 + 60 + 6 = 106, 106 / 4 = 26.5; 60 on T-2, a day of 60 on T-2
		"Mountain climber|4|106||26.5 reps|60 ($day{'T-2'})|60 ($day{'T-2'})||$mc_week{$mc_best} reps (week of $mc_best)",
		# 5, 8265 s = 2:17:45, 8265 / 5 = 1653 s = 27:33; longest 3725 s =
		# 1:02:05 twice, the earlier on 7 March; best week 4 March: 95 + 3725 +
		# 3725 = 7545 s = 2:05:45
		'Plank|5||2:17:45 h|27:33 min|||1:02:05 h (2024-03-07)|2:05:45 h (week of 2024-03-04)',
		# 5, 140, 140 / 5 = 28.0; 40 on 6 March; 30 + 25 = 55 on Monday 4 March
		# (in UTC both were on Sunday 3 March); week of 4 March: 30 + 25 + 40 = 95
		'Push-up|5|140||28 reps|40 (2024-03-06)|55 (2024-03-04)||95 reps (week of 2024-03-04)',
		# 2, 90 + 10 = 100, 50.0; 90 at 00:30 on the 1st of M-2 (the day before in UTC)
		"Sit-up|2|100||50 reps|90 ($day{'M-2/1'})|90 ($day{'M-2/1'})||90 reps (week of ${\ monday($day{'M-2/1'})})",
		# 6, 4 × 20 + 15 + 5 = 100, 100 / 6 = 16.67 → 16.7; every squat of 2024
		# is 20, every day 20, the weeks of 3 and 10 June 40 each: the earliest
		'Squat|6|100||16.7 reps|20 (2024-06-03)|20 (2024-06-03)||40 reps (week of 2024-06-03)',
	);
}

behaviour('per exercise: workouts, reps, time, average and records with their dates', sub {
	my @want = want_records();
	my @got = stats_records(fixture(1)->{html});
	is_deeply(\@got, \@want, 'per exercise: workouts, reps, time, average and records with their dates')
	    or diag(explain \@got);
});

behaviour('records: two workouts of one local day add up (55 push-ups on Monday 4 March, 95 in its week)', sub {
	my @want = want_records();
	my @got = stats_records(fixture(1)->{html});
	is($got[4], $want[4], 'push-ups: 55 in a day (two workouts of Monday 4 March, local) and 95 in the week of 4 March');
});

behaviour('records: equal workouts, days and weeks go to the earliest date (squats)', sub {
	my @want = want_records();
	my @got = stats_records(fixture(1)->{html});
	is($got[6], $want[6], 'squats: four equal workouts, days and two equal weeks: the earliest date wins');
});

behaviour('records: of two equal longest timed workouts, the earlier (planks, 7 March)', sub {
	my @want = want_records();
	my @got = stats_records(fixture(1)->{html});
	is($got[3], $want[3], 'planks: two equal longest workouts: the earlier, 7 March');
});

behaviour('the records are the same on every load of /stats (ties are not decided by chance)', sub {
	my $f = fixture(1);
	my @got = stats_records($f->{html});
	# The same page again: nothing moves (ties are not decided by chance).
	my @again = stats_records(decode_page($f->{u}->get('/stats')));
	is_deeply(\@again, \@got, 'the records are the same on every load');
});

# --- Weeks starting on Sunday ------------------------------------------------------------------
# Push-ups by Sunday weeks: 3 to 9 March: 30 + 25 + 40 = 95 (Sunday 3 March);
# planks 7545 s also from 3 March; squats: 2 to 8 June 40, 9 to 15 June 40:
# the week of 2 June.
behaviour('weeks from Sunday: the best weeks of /stats start on Sundays', sub {
	my $s = fixture(0)->{u};
	my %by = map { (split /\|/)[0] => $_ } stats_records(decode_page($s->get('/stats')));
	is((split /\|/, $by{'Push-up'} // '')[8], '95 reps (week of 2024-03-03)', 'Sunday weeks: push-ups, the week of Sunday 3 March');
	is((split /\|/, $by{'Plank'} // '')[8], '2:05:45 h (week of 2024-03-03)', '... planks too');
	is((split /\|/, $by{'Squat'} // '')[8], '40 reps (week of 2024-06-02)', '... squats: the week of Sunday 2 June');
});

# The heatmap from the Sunday 52 weeks before this week's Sunday: 364 +
# (days since Sunday) + 1 squares, rows 2, 4, 6 labelled Mon, Wed, Fri.
behaviour('weeks from Sunday: the heatmap starts on the Sunday 52 weeks back, rows labelled Mon, Wed, Fri', sub {
	my $s = fixture(0)->{u};
	my $h = decode_page($s->get('/stats'));
	my $dow0 = q1('extract(dow FROM current_date)::int');
	my $sun = q1("to_char(current_date - $dow0 - 364, 'YYYY-MM-DD')");
	my ($year) = (svg_blocks($h))[1];
	my @c = heat_cells($year, $sun);
	is(scalar @c, 365 + $dow0, "Sunday weeks: the heatmap has 365 + $dow0 squares");
	my %lv = map { $_->{day} => $_->{class} } grep { defined } @c;
	my $d = fixture(0)->{day};
	my $t4 = local_today($TZ, -4);
	is(join(' ', map { $lv{$_} // '?' } $d->{T}, $t4, $d->{'M-2/1'}), 'heat-1 heat-0 heat-4',
	    "... from Sunday $sun: T at heat-1, T-4 at heat-0, M-2/1 at heat-4");
	my @r = ($year // '') =~ m{<text class="chart-label heat-label end cen"[^>]*>([^<]*)</text>}g;
	is_deeply(\@r, ['Mon', 'Wed', 'Fri'], '... rows labelled Mon, Wed, Fri');
	svg_wellformed_ok($year, 'the heatmap from Sunday');
});

# --- The last 12 months ----------------------------------------------------------------------------
# want_months(): the months table of the fixture as it should be: (the
# months oldest first, M-11 … M, as YYYY-MM; their names; the rows),
# worked out once.
sub want_months {
	my $f = fixture(1);
	return @{$f->{want_months} //= [months_of($f->{day})]};
}

sub months_of {
	my %day = %{$_[0]};
	# (Each in one query.)
	my @months = split /\|/, q1(join(" || '|' || ",
	    map { "to_char(date_trunc('month', current_date) - interval '$_ months', 'YYYY-MM')" } reverse 0 .. 11));
	my @names = split /\|/, q1(join(" || '|' || ", map { "to_char(date '$_-01', 'FMMonth YYYY')" } @months));
	my %name = map { $months[$_] => $names[$_] } 0 .. $#months;
	my %want_m = map { $_ => [0, 0, 0, 0] } @months;	# workouts, reps, seconds, kcal
	# M-11: 1 squat, 15, 6.0; M-5: 1 jump rope, 300 s, 50.0; M-2: 2 sit-ups, 90 +
	# 10 = 100, 36.0 + 4.0 = 40.0 (the one of 00:30 on the 1st included);
	# M-12 is not shown.
	$want_m{$months[0]} = [1, 15, 0, 6.0];
	$want_m{$months[6]} = [1, 0, 300, 50.0];
	$want_m{$months[9]} = [2, 100, 0, 40.0];
	# This month (and the last, when T-5 is in it): T 10 reps 5.0, T-1 30 15.0,
	# T-2 60 30.0, T-3 120 s 7.0, T-5 6 reps 3.0 — all in M: 5, 106, 2:00, 60.0.
	for my $r (['T', 10, 0, 5.0], ['T-1', 30, 0, 15.0], ['T-2', 60, 0, 30.0], ['T-3', 0, 120, 7.0],
	    ['T-5', 6, 0, 3.0]) {
		my $m = $want_m{substr($day{$r->[0]}, 0, 7)};
		$m->[0]++;
		$m->[$_] += $r->[$_] for 1 .. 3;
	}
	my @want_rows = map { my $w = $want_m{$_}; join '|', $name{$_}, $w->[0], $w->[1],
	    $w->[2] ? sprintf('%d:%02d min', $w->[2] / 60, $w->[2] % 60) : '', sprintf('%.1f', $w->[3]) =~ s/\.0$//r } @months;
	return (\@months, \%name, \@want_rows);
}

# The rows of the fixture's months table, as "NAME|WORKOUTS|REPS|TIME|KCAL".
sub got_months {
	my ($mrows) = table_rows(fixture(1)->{html}, qr/^Totals per month$/);
	return map { join '|', @$_ } @{$mrows // []};
}

behaviour('the months table: the last 12 months, oldest first, with their totals', sub {
	my (undef, undef, $want_rows) = want_months();
	my @got_rows = got_months();
	is_deeply(\@got_rows, $want_rows, 'the months table: 12 months, oldest first, with their totals')
	    or diag(explain \@got_rows);
});

behaviour('the months table: sit-ups at 00:30 on the 1st (the day before in UTC) count in their local month', sub {
	my ($months, $name) = want_months();
	my @got_rows = got_months();
	is($got_rows[9], "$name->{$months->[9]}|2|100||40",
	    '... the sit-ups of 00:30 on the 1st count in their local month');
});

behaviour('the months table: the oldest month shown is 11 months ago, without the one before', sub {
	my ($months, $name) = want_months();
	my @got_rows = got_months();
	is($got_rows[0], "$name->{$months->[0]}|1|15||6", '... the oldest month shown is 11 months ago, without the one before');
});

behaviour('the charts of /stats: images of well-formed SVGs, their colours in their own style sheets, titled', sub {
	my $html = fixture(1)->{html};
	my @svg = svg_blocks($html);
	my @narrow = svg_narrow($html);
	is(scalar @svg, 2, 'two charts on the page');
	is(scalar @narrow, 1, '... and the heatmap again for narrow screens');
	svg_wellformed_ok($svg[0], 'the months chart');
	svg_wellformed_ok($svg[1], 'the year heatmap');
	svg_wellformed_ok($narrow[0], 'the narrow year heatmap');
	chart_free_ok($_, 'a stats chart') for @svg, @narrow;
	like($svg[0] // '', qr{<title id="months-title">Calories per month</title>}, 'the months chart has its title');
	like($svg[1] // '', qr{<title id="year-title">Your year, day by day</title>}, '... the heatmap too');
	unlike($html, qr{<svg\b|<text\b}, '... and no SVG markup in the page (text browsers)');
	like($html, qr{<img class="chart" src="data:[^"]*" width="\d+" height="\d+" alt="Bar chart of the calories burned in each of the last 12 months, one colour per exercise; the table &quot;Calories per month and exercise&quot; below it has every number\.">},
	    'the months chart: its alt says where the numbers are');
	like($html, qr{<picture>\n<source media="\(max-width: 40rem\)" srcset="data:[^"]*">\n<img class="chart chart-heat" src="data:[^"]*" width="\d+" height="\d+" alt="Heatmap of the last 53 weeks[^"]*">\n</picture>},
	    'the heatmap: a <picture>, its narrow drawing for screens up to 40rem');
	# The narrow heatmap: bands of 18 weeks, one under another, the
	# weekdays labelled on each.
	my @rows = ($narrow[0] // '') =~ m{<text class="chart-label heat-label end cen"[^>]*>([^<]*)</text>}g;
	is_deeply(\@rows, [('Tue', 'Thu', 'Sat') x 3], '... in three bands, each with its weekdays');
});

behaviour('the tables of /stats become cards on a phone', sub {
	cards_ok(fixture(1)->{html}, '/stats');
});

behaviour('the months chart labels all 12 months, and the heatmap says which way its shades go', sub {
	my $html = fixture(1)->{html};
	my @svg = svg_blocks($html);
	my ($months, $name) = want_months();
	my @labels = ($svg[0] // '') =~ m{<text class="chart-label mid hang"[^>]*>([^<]*)</text>}g;
	is(scalar @labels, 12, '12 month labels under the bars') or diag(explain \@labels);
	is_deeply([map { substr($_, 0, 3) } @labels], [map { substr($name->{$_}, 0, 3) } @$months],
	    '... each month, oldest first') or diag(explain \@labels);
	like($svg[1] // '', qr{>Less</text>.*>More</text>}s, 'the heatmap has a key from "Less" to "More"');
	unlike($html, qr{darker for more}i, 'nothing says "darker" (the shades get lighter in dark mode)');
});

# The heatmap's text: a table of the weeks with a workout, newest first.
behaviour('the year heatmap has a table of its weeks: their days, workouts, reps and time', sub {
	my $f = fixture(1);
	my ($dow, $first) = year_cells();
	my ($rows) = table_rows($f->{html}, qr/^Your year, week by week/);
	my $in_range = $f->{day}{'M-12/15'} ge $first ? 1 : 0;
	my ($w, $r) = (0, 0);
	$w += $_->[2], $r += $_->[3] for @{$rows // []};
	is($w, 9 + $in_range, 'the weeks of the table add up to the workouts of the 53 weeks');
	is($r, 10 + 30 + 60 + 6 + 90 + 10 + 15 + ($in_range ? 5 : 0), '... and to their reps');
	like($rows->[0][1] // '', qr/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/, '... each naming its days with a workout');
});

# The months chart's bars as a list of "Month YYYY|Exercise|kcal" => its
# class: the month of the label under it, the exercise of its colour in the
# legend, its height read on the axis (to a tenth of a kcal, ".0" left out
# as the table does).
sub months_bars {
	my $f = fixture(1);
	my ($months, $name) = want_months();
	my %legend = $f->{html} =~ m{<li><span class="swatch (ex-\d+)" aria-hidden="true"></span> ([^<]+)</li>}g;
	return map { (join('|', defined $_->{at} ? $name->{$months->[$_->{at}]} // '(no month)' : '(no month)',
	    $legend{$_->{class}} // '(no exercise)', sprintf('%.1f', $_->{value} // -1) =~ s/\.0$//r) => $_->{class}) }
	    svg_bars((svg_blocks($f->{html}))[0], qr/ex-\d+/);
}

# The months chart: one bar segment per month and exercise with calories.
behaviour('the months chart: a bar per month and exercise with calories, as high as its calories, in its colour', sub {
	my $f = fixture(1);
	my %day = %{$f->{day}};
	my ($months, $name) = want_months();
	my @months = @$months;
	my %bars = months_bars();
	my $m11 = "$name->{$months[0]}|Squat|6";
	my $m5 = "$name->{$months[6]}|Jump rope|50";
	my $m2 = "$name->{$months[9]}|Sit-up|40";
	# Colours: the exercises in the order they first appear, month by
	# month: squats (M-11) ex-0, jump rope (M-5) ex-1, sit-ups (M-2) ex-2.
	is($bars{$m2}, 'ex-2', "the months chart: sit-ups of M-2: \"$m2\", ex-2");
	my @keys = sort keys %bars;
	my $n_bars = 3 + (grep { $_ } map { my $m = $_; (grep { substr($day{$_}, 0, 7) eq $m } qw(T T-1 T-2 T-5)) ? 1 : 0 } @months)
	    + (grep { $_ } map { my $m = $_; substr($day{'T-3'}, 0, 7) eq $m ? 1 : 0 } @months);
	is(scalar @keys, $n_bars, "... $n_bars bars (M-11, M-5, M-2, and per exercise in the last month or two)")
	    or diag(explain \%bars);
	is($bars{$m11}, 'ex-0', "... squats of M-11: \"$m11\", ex-0");
	is($bars{$m5}, 'ex-1', "... jump rope of M-5: \"$m5\", ex-1");
	my @all = months_bars();
	is(scalar @all, 2 * scalar @keys, '... each drawn once');
});

behaviour('the months chart: its bars have no titles (an image shows no tooltip; the table has the numbers)', sub {
	my $svg = (svg_blocks(fixture(1)->{html}))[0];
	like($svg // '', qr{<path class="ex-\d+" d="M}, 'the chart has bars');
	unlike($svg // '', qr{<rect|<title>}, '... and no <rect> or <title> but the chart\'s own');
});

# Its table: a row per month and exercise, each bar's numbers.
behaviour('the months chart: every bar a row of the table "Calories per month and exercise", and no other row', sub {
	my $f = fixture(1);
	my @bars = keys %{{months_bars()}};
	my ($rows) = table_rows($f->{html}, qr/^Calories per month and exercise$/);
	my %row = map { join('|', @$_[0, 1, 3]) => 1 } @{$rows // []};
	ok(@bars > 0, '... the chart has bars');
	is_deeply([sort keys %row], [sort @bars], '... one row per bar: month, exercise, calories')
	    or diag(explain { rows => [sort keys %row], bars => [sort @bars] });
});

# Its rows oldest month first, and in a month by the exercise's name: the
# month of T-3 has planks and mountain climbers (T, or T-5).
behaviour('the table "Calories per month and exercise": oldest month first, then by exercise name', sub {
	my $f = fixture(1);
	my ($months, $name) = want_months();
	my %at = map { $name->{$months->[$_]} => $_ } 0 .. $#$months;
	my ($rows) = table_rows($f->{html}, qr/^Calories per month and exercise$/);
	my @got = map { "$_->[0]|$_->[1]" } @{$rows // []};
	my @want = sort { my ($ma, $ea) = split /\|/, $a; my ($mb, $eb) = split /\|/, $b;
	    ($at{$ma} // -1) <=> ($at{$mb} // -1) || lc $ea cmp lc $eb } @got;
	my $plank_month = (grep { /\|Plank$/ } @got)[0] // '';
	$plank_month =~ s/\|.*//;
	is(scalar(grep { /^\Q$plank_month\E\|/ } @got), 2, "the month of T-3 ($plank_month) has two exercises");
	is_deeply(\@got, \@want, '... and the rows are by month, then by name') or diag(explain \@got);
});

# --- The year ------------------------------------------------------------------------------------------
# Weeks from Monday: from the Monday 52 weeks before this week's, to today:
# 364 + (days since Monday) + 1 squares, 53 × 7 = 371 at most.
# year_cells(): (the day of the week today, 1 to 7; the first day the
# fixture's heatmap should show; its squares), worked out once.
sub year_cells {
	my $f = fixture(1);
	$f->{year} //= do {
		my $dow = q1('extract(isodow FROM current_date)::int');
		my $first = q1("to_char(current_date - $dow + 1 - 364, 'YYYY-MM-DD')");
		[$dow, $first];
	};
	return (@{$f->{year}}, heat_cells((svg_blocks($f->{html}))[1], $f->{year}[1]));
}

behaviour('the year heatmap: a square per day, from the Monday 52 weeks back to today', sub {
	my $today = fixture(1)->{today};
	my ($dow, $first, @cells) = year_cells();
	is(scalar @cells, 364 + $dow, "the heatmap: 364 + $dow squares, from Monday $first to today");
	ok(@cells <= 371, '... no more than 53 × 7');
	is(scalar(grep { defined } @cells), scalar @cells, '... none missing');
	is($cells[0]{day} // '', $first, "... the first is Monday $first");
	is($cells[-1]{day} // '', $today, "... the last is today, $today");
});

behaviour('the year heatmap: levels heat-1 to heat-4 against the best day, heat-0 exactly on days without a workout', sub {
	my %day = %{fixture(1)->{day}};
	my ($dow, $first, @cells) = year_cells();
	my %cell = map { $_->{day} => $_ } grep { defined } @cells;
	# Levels against the best day (90 reps): 1 + 3 × reps / 90, rounded down;
	# a day with only timed workouts 1; no workout 0.
	my @want_cells = (
		['T',      'heat-1'],		# 10 reps: 1 + 30 / 90 = 1
		['T-1',    'heat-2'],		# 30 reps: 1 + 90 / 90 = 2
		['T-2',    'heat-3'],		# 60 reps: 1 + 180 / 90 = 3
		['T-3',    'heat-1'],		# timed only
		['T-5',    'heat-1'],		# 6 reps: 1 + 18 / 90 = 1
		['M-2/1',  'heat-4'],		# 90 reps, the best day: 4
		['M-2/15', 'heat-1'],		# 10 reps
		['M-5/15', 'heat-1'],		# timed only
		['M-11/15', 'heat-1'],		# 15 reps: 1 + 45 / 90 = 1
	);
	my %busy;
	for my $w (@want_cells) {
		my $d = $day{$w->[0]};
		$busy{$d} = 1;
		is($cell{$d} && $cell{$d}{class}, $w->[1], "the square of $w->[0] ($d): $w->[1]");
	}
	my $t4 = local_today($TZ, -4);
	is($cell{$t4} && $cell{$t4}{class}, 'heat-0', 'a day without a workout (T-4): heat-0');
	my $in_range = $day{'M-12/15'} ge $first ? 1 : 0;
	$busy{$day{'M-12/15'}} = 1 if $in_range;
	my @odd = grep { ($_->{class} eq 'heat-0') == ($busy{$_->{day}} // 0) } values %cell;
	is(scalar @odd, 0, 'every square is heat-0 exactly when it has no workout') or diag(explain \@odd);
	is(scalar(grep { $_->{class} ne 'heat-0' } values %cell), 9 + $in_range,
	    '... 9 days with a workout' . ($in_range ? ' (and 15 of M-12, still in the 53 weeks)' : ''));
});

behaviour('the year heatmap with weeks from Monday: rows 2, 4 and 6 labelled Tue, Thu, Sat', sub {
	my @svg = svg_blocks(fixture(1)->{html});
	my @rows = ($svg[1] // '') =~ m{<text class="chart-label heat-label end cen"[^>]*>([^<]*)</text>}g;
	is_deeply(\@rows, ['Tue', 'Thu', 'Sat'], '... rows 2, 4 and 6 labelled Tue, Thu, Sat (weeks from Monday)');
});

# --- The current streak ending yesterday, and none -------------------------------------------------
# A user with workouts yesterday and the day before, none today: 2 days;
# and 3 days in a row in 2024: the longest is 3.
behaviour('a streak ending yesterday (Los Angeles time) is current; the longest counts local days', sub {
	my $y = new_user();
	set_zone($y->{id}, 'America/Los_Angeles', 1);
	my $sy;
	for my $try (1 .. 3) {
		psql_fast("DELETE FROM exbuddy.workouts WHERE user_id = " . sql_quote($y->{id}));
		my $before = local_today('America/Los_Angeles');
		add_workouts($y->{id}, [
			['push-up', '=current_date - 1 + time \'23:30\'', 5, 0, '1.0'],	# yesterday 23:30
			['push-up', '=current_date - 2 + time \'00:30\'', 5, 0, '1.0'],	# the day before, 00:30
			['push-up', '2024-05-01 19:00:00+00', 5, 0, '1.0'],		# Wed 1 May 12:00 PDT
			['push-up', '2024-05-02 19:00:00+00', 5, 0, '1.0'],
			['push-up', '2024-05-04 06:30:00+00', 5, 0, '1.0'],		# Fri 3 May 23:30 PDT
		], tz => 'America/Los_Angeles');
		$sy = stats_summary(decode_page($y->get('/stats')));
		last if local_today('America/Los_Angeles') eq $before;
	}
	is($sy->{'Current streak'}, '2 days', 'a streak ending yesterday, Los Angeles time: current, 2 days');
	is($sy->{'Longest streak'}, '3 days', '... longest: 1, 2 and 3 May 2024, local (in UTC 1, 2, 4 May)');
});

behaviour('no current streak when the last workout was the day before yesterday (Berlin time)', sub {
	my $z = new_user();
	set_zone($z->{id}, 'Europe/Berlin', 1);
	add_workouts($z->{id}, [
		['squat', '=current_date - 2 + time \'12:00\'', 5, 0, '1.0'],
		['squat', '=current_date - 3 + time \'12:00\'', 5, 0, '1.0'],
	], tz => 'Europe/Berlin');
	my $sz = stats_summary(decode_page($z->get('/stats')));
	is($sz->{'Current streak'}, '0 days', 'the last workout the day before yesterday: no current streak');
	is($sz->{'Longest streak'}, '2 days', '... the longest, 2 days');
});

done_testing();
