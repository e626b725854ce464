# 51_time_zones.t — days and weeks are the user's local ones, on /week and
# /stats: a workout at 23:30 in New York that is the next day in UTC; the
# weeks of the daylight-saving changes of America/New_York (a 23-hour and a
# 25-hour Sunday) and Europe/Berlin; America/Havana, where 00:00 to 01:00
# of 1 November 2026 happens twice; Pacific/Auckland (UTC+13) and
# Asia/Kolkata (UTC+05:30); the same workouts split into weeks starting on
# Sunday or on Monday; a leap day; and a user who moves to another time zone
# (POST /settings): the same workouts regroup. Each fixture is a user of its
# own; every timestamp is written in UTC with the local time beside it, and
# every expected value is worked out by hand.
#
# Each behaviour runs alone (EXBUDDY_ONLY): fixture(NAME) makes a fixture's
# user the first time a behaviour asks for it, and the behaviours only read
# it afterwards; the same workouts in weeks from Sunday are a fixture of
# their own, and the user who moves is made by that behaviour alone.
use strict;
use warnings;
use utf8;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :stats history_rows);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

# A new user in ZONE whose weeks start on WS (0 Sunday, 1 Monday).
sub user_in {
	my ($tz, $ws) = @_;
	my $u = new_user();
	set_zone($u->{id}, $tz, $ws);
	return $u;
}

# week(USER, OF): (response, heading, the table rows, the totals rows as
# "NAME|WORKOUTS|THIS|BEFORE|CHANGE", the footer).
sub week {
	my ($u, $of) = @_;
	my $res = $u->get("/week?of=$of");
	my $html = decode_page($res);
	my ($h1) = $html =~ m{<h1>(.*?)</h1>};
	my ($tot, $foot) = totals_table($html);
	return ($res, $h1 // '', [week_table($html)],
	    [map { join '|', @$_{qw(name workouts this before change)} } @{$tot // []}],
	    $foot, $html);
}

sub rest { return map { "$_|Rest day" } @_ }

# stats(USER): (the "All time" list, the per-exercise rows by name).
sub stats {
	my ($u) = @_;
	my $res = $u->get('/stats');
	my $html = decode_page($res);
	is($res->{status}, 200, "$u->{label}: GET /stats, 200");
	my %rec = map { (split /\|/)[0] => $_ } stats_records($html);
	return (stats_summary($html), \%rec);
}

# --- The fixtures ----------------------------------------------------------------------
# New York around both daylight-saving changes of 2026.
my @NY_DST = (
	# spring forward: Sunday 8 March 2026, 02:00 EST → 03:00 EDT
	['squat',   '2026-03-08 04:30:00+00',  7, 0,  '3.0'],	# Sat 7 March 23:30 EST
	['push-up', '2026-03-08 05:30:00+00', 10, 0,  '5.0'],	# Sun 8 March 00:30 EST
	['push-up', '2026-03-09 03:30:00+00', 20, 0, '10.0'],	# Sun 8 March 23:30 EDT
	['squat',   '2026-03-09 04:30:00+00', 30, 0, '12.0'],	# Mon 9 March 00:30 EDT
	# fall back: Sunday 1 November 2026, 02:00 EDT → 01:00 EST
	['sit-up',  '2026-11-01 03:30:00+00',  8, 0,  '3.2'],	# Sat 31 Oct 23:30 EDT
	['push-up', '2026-11-01 04:30:00+00', 10, 0,  '5.0'],	# Sun 1 Nov 00:30 EDT
	['push-up', '2026-11-01 05:30:00+00', 11, 0,  '5.5'],	# Sun 1 Nov 01:30 EDT
	['push-up', '2026-11-01 06:30:00+00', 12, 0,  '6.0'],	# Sun 1 Nov 01:30 EST, again
	['push-up', '2026-11-02 04:30:00+00', 13, 0,  '6.5'],	# Sun 1 Nov 23:30 EST
	['sit-up',  '2026-11-02 05:30:00+00', 10, 0,  '4.0'],	# Mon 2 Nov 00:30 EST
);

# The leap day of 2028, in UTC.
my @LEAP = (
	['sit-up', '2028-02-28 23:59:59+00', 28, 0,  '9.0'],	# Mon 28 Feb
	['sit-up', '2028-02-29 12:00:00+00', 29, 0,  '9.9'],	# Tue 29 Feb
	['sit-up', '2028-03-01 00:00:00+00', 31, 0, '10.1'],	# Wed 1 Mar
);

# NAME => [ZONE, FIRST DAY OF THE WEEK, LABEL, WORKOUTS].
my %FIXTURE = (
	ny_2330 => ['America/New_York', 1, 'New York, 23:30', [
		['push-up', '2026-07-01 18:00:00+00',  5, 0, '2.5'],	# Wed 1 July 14:00 EDT
		['push-up', '2026-07-02 03:30:00+00', 11, 0, '5.5'],	# Wed 1 July 23:30 EDT
		['push-up', '2026-07-02 04:30:00+00', 12, 0, '6.0'],	# Thu 2 July 00:30 EDT
	]],
	ny_dst => ['America/New_York', 1, 'New York, DST', \@NY_DST],
	# The same workouts in weeks starting on Sunday.
	ny_dst_sunday => ['America/New_York', 0, 'New York, DST', \@NY_DST],
	berlin => ['Europe/Berlin', 1, 'Berlin', [
		# Sunday 29 March 2026, 02:00 CET → 03:00 CEST
		['lunge', '2026-03-28 22:30:00+00',   6,   0, '2.0'],	# Sat 28 March 23:30 CET
		['lunge', '2026-03-28 23:30:00+00',   7,   0, '2.5'],	# Sun 29 March 00:30 CET
		['lunge', '2026-03-29 21:30:00+00',   8,   0, '3.0'],	# Sun 29 March 23:30 CEST
		['lunge', '2026-03-29 22:30:00+00',   9,   0, '3.5'],	# Mon 30 March 00:30 CEST
		# Sunday 25 October 2026, 03:00 CEST → 02:00 CET
		['plank', '2026-10-24 21:30:00+00',   0,  60, '1.0'],	# Sat 24 Oct 23:30 CEST
		['plank', '2026-10-24 22:30:00+00',   0,  70, '1.2'],	# Sun 25 Oct 00:30 CEST
		['plank', '2026-10-25 00:30:00+00',   0,  80, '1.4'],	# Sun 25 Oct 02:30 CEST
		['plank', '2026-10-25 01:30:00+00',   0,  90, '1.6'],	# Sun 25 Oct 02:30 CET, again
		['plank', '2026-10-25 22:30:00+00',   0, 100, '1.8'],	# Sun 25 Oct 23:30 CET
		['plank', '2026-10-25 23:30:00+00',   0, 120, '2.0'],	# Mon 26 Oct 00:30 CET
	]],
	# Weeks from Sunday, so that the day also decides the week.
	havana => ['America/Havana', 0, 'Havana', [
		['push-up', '2026-11-01 03:30:00+00',  9, 0, '4.5'],	# Sat 31 Oct 23:30 CDT
		['push-up', '2026-11-01 04:30:00+00', 10, 0, '5.0'],	# Sun 1 Nov 00:30 CDT (the first)
		['push-up', '2026-11-01 05:30:00+00', 11, 0, '5.5'],	# Sun 1 Nov 00:30 CST (the second)
	]],
	auckland => ['Pacific/Auckland', 1, 'Auckland', [
		['burpee', '2026-01-03 11:30:00+00',  4, 0, '2.0'],	# Sun 4 Jan 00:30 NZDT
		['burpee', '2026-01-04 10:30:00+00',  5, 0, '2.5'],	# Sun 4 Jan 23:30 NZDT
		['burpee', '2026-01-04 19:00:00+00', 12, 0, '6.0'],	# Mon 5 Jan 08:00 NZDT
	]],
	kolkata => ['Asia/Kolkata', 1, 'Kolkata', [
		['pull-up', '2026-08-09 18:20:00+00', 3, 0, '1.0'],	# Sun 9 Aug 23:50 IST
		['pull-up', '2026-08-09 18:50:00+00', 4, 0, '1.5'],	# Mon 10 Aug 00:20 IST
		['pull-up', '2026-08-09 23:30:00+00', 6, 0, '2.0'],	# Mon 10 Aug 05:00 IST
		['pull-up', '2026-08-16 18:15:00+00', 5, 0, '1.8'],	# Sun 16 Aug 23:45 IST
		['pull-up', '2026-08-16 18:45:00+00', 7, 0, '2.2'],	# Mon 17 Aug 00:15 IST
	]],
	leap => ['UTC', 1, 'leap day', \@LEAP],
	# The same workouts in weeks starting on Sunday.
	leap_sunday => ['UTC', 0, 'leap day', \@LEAP],
	moving => ['UTC', 1, 'moving', [
		['squat', '2026-09-10 02:00:00+00', 10, 0,  '4.0'],	# Thu 10 Sep UTC; Wed 9 Sep 22:00 EDT
		['squat', '2026-09-10 15:00:00+00', 20, 0,  '8.0'],	# Thu 10 Sep UTC; Thu 10 Sep 11:00 EDT
		['squat', '2026-09-14 01:00:00+00', 30, 0, '12.0'],	# Mon 14 Sep UTC; Sun 13 Sep 21:00 EDT
	]],
);

# make_fixture(NAME): a new user with fixture NAME's zone, first day of
# the week and workouts.
sub make_fixture {
	my ($name) = @_;
	my ($tz, $ws, $label, $rows) = @{$FIXTURE{$name} // die "no fixture $name\n"};
	my $u = user_in($tz, $ws);
	$u->{label} = $label;
	add_workouts($u->{id}, $rows);
	return $u;
}

# fixture(NAME): fixture NAME's user, made once, the first time it is
# asked for, and only read afterwards (a behaviour that changes its user
# calls make_fixture).
my %made;
sub fixture {
	my ($name) = @_;
	return $made{$name} //= make_fixture($name);
}

# --- 23:30 in New York is the next day in UTC ------------------------------------
behaviour('New York: a workout at 23:30 (03:30 UTC the next day) counts on its local day on /week', sub {
	my $u = fixture('ny_2330');
	my ($res, $h1, $days, $tot) = week($u, '2026-07-01');
	is($res->{status}, 200, 'New York: the week of 1 July, 200');
	tidy_ok($res->{content}, 'the week of 1 July in New York');
	is($h1, 'Week of Monday 29 June 2026', '... Monday 29 June to Sunday 5 July');
	# Wednesday: 5 + 11 = 16 reps, 2.5 + 5.5 = 8 kcal; Thursday: 12, 6.0.
	is_deeply($days, [rest('Monday 29 June', 'Tuesday 30 June'),
	    'Wednesday 1 July|Push-up|2|16||8', 'Thursday 2 July|Push-up|1|12||6',
	    rest('Friday 3 July', 'Saturday 4 July', 'Sunday 5 July')],
	    '23:30 on Wednesday (03:30 UTC on Thursday) counts on Wednesday 1 July') or diag(explain $days);
	is_deeply($tot, ['Push-up|3|28 reps|0 reps|new'], '... the week: 3 workouts, 5 + 11 + 12 = 28 reps');
});

behaviour('New York: /stats counts a workout at 23:30 on its local day (records, days, streaks)', sub {
	my $u = fixture('ny_2330');
	my ($sum, $rec) = stats($u);
	# 3 workouts, 28 reps, 28 / 3 = 9.33 → 9.3 reps each; the most in one
	# workout 12 (Thursday), in one day 16 (Wednesday; in UTC it would be
	# 11 + 12 = 23 on Thursday); the week of 29 June 28 reps.
	is($rec->{'Push-up'}, 'Push-up|3|28||9.3 reps|12 (2026-07-02)|16 (2026-07-01)||28 reps (week of 2026-06-29)',
	    '/stats: the most reps in a day are the 16 of Wednesday 1 July, local');
	is($sum->{'Days with a workout'}, 2, '... 2 days with a workout');
	is($sum->{'Longest streak'}, '2 days', '... a streak of 2 days');
});

# --- New York: the 23-hour and the 25-hour Sunday ---------------------------------
# Weeks from Monday.
behaviour('New York, weeks from Monday: the spring DST change makes a 23-hour Sunday (8 March) with its 00:30 and its 23:30', sub {
	my $ny = fixture('ny_dst');
	my ($res, $h1, $days, $tot, $foot) = week($ny, '2026-03-08');
	is($h1, 'Week of Monday 2 March 2026', 'New York, Monday weeks: 8 March is in the week of 2 March');
	tidy_ok($res->{content}, 'the week of 2 March in New York');
	# Sunday: 10 + 20 = 30 reps, 5.0 + 10.0 = 15 kcal.
	is_deeply($days, [rest('Monday 2 March', 'Tuesday 3 March', 'Wednesday 4 March', 'Thursday 5 March',
	    'Friday 6 March'), 'Saturday 7 March|Squat|1|7||3', 'Sunday 8 March|Push-up|2|30||15'],
	    '... the 23-hour Sunday has both its 00:30 and its 23:30') or diag(explain $days);
	is_deeply($tot, ['Push-up|2|30 reps|0 reps|new', 'Squat|1|7 reps|0 reps|new'],
	    '... the week: push-ups 30, squats 7') or diag(explain $tot);
	is($foot->{kcal}, '18 kcal', '... 3.0 + 5.0 + 10.0 = 18 kcal');
});

behaviour('New York, weeks from Monday: 00:30 on Monday 9 March, after the spring DST change, is the next week', sub {
	my $ny = fixture('ny_dst');
	my ($res, $h1, $days, $tot) = week($ny, '2026-03-09');
	is_deeply($days, ['Monday 9 March|Squat|1|30||12', rest('Tuesday 10 March', 'Wednesday 11 March',
	    'Thursday 12 March', 'Friday 13 March', 'Saturday 14 March', 'Sunday 15 March')],
	    '... 00:30 on Monday 9 March is the next week') or diag(explain $days);
	# Squats 30 against 7: (30 − 7) / 7 = 3.2857 → +329%; push-ups 0 against 30.
	is_deeply($tot, ['Push-up|0|0 reps|30 reps|−100%', 'Squat|1|30 reps|7 reps|+329%'],
	    '... against the week of 2 March: +329% squats, −100% push-ups') or diag(explain $tot);
});

behaviour('New York, weeks from Monday: the fall DST change makes a 25-hour Sunday (1 November) with 00:30, both 01:30s and 23:30', sub {
	my $ny = fixture('ny_dst');
	my ($res, $h1, $days, $tot, $foot) = week($ny, '2026-11-01');
	is($h1, 'Week of Monday 26 October 2026', 'New York: 1 November is in the week of 26 October');
	tidy_ok($res->{content}, 'the week of 26 October in New York');
	# Sunday: 10 + 11 + 12 + 13 = 46 reps, 5.0 + 5.5 + 6.0 + 6.5 = 23 kcal
	# (01:30 twice: once in summer time, once in winter time).
	is_deeply($days, [rest('Monday 26 October', 'Tuesday 27 October', 'Wednesday 28 October',
	    'Thursday 29 October', 'Friday 30 October'), 'Saturday 31 October|Sit-up|1|8||3.2',
	    'Sunday 1 November|Push-up|4|46||23'],
	    '... the 25-hour Sunday has 00:30, both 01:30s and 23:30') or diag(explain $days);
	is_deeply($tot, ['Push-up|4|46 reps|0 reps|new', 'Sit-up|1|8 reps|0 reps|new'], '... the week: 46 and 8')
	    or diag(explain $tot);
	is($foot->{kcal}, '26.2 kcal', '... 3.2 + 23.0 = 26.2 kcal');
});

behaviour('New York, weeks from Monday: 00:30 on Monday 2 November, after the fall DST change, is the next week', sub {
	my $ny = fixture('ny_dst');
	my ($res, $h1, $days, $tot) = week($ny, '2026-11-02');
	is_deeply($days, ['Monday 2 November|Sit-up|1|10||4', rest('Tuesday 3 November',
	    'Wednesday 4 November', 'Thursday 5 November', 'Friday 6 November', 'Saturday 7 November',
	    'Sunday 8 November')], '... 00:30 on Monday 2 November is the next week') or diag(explain $days);
	# Sit-ups 10 against 8: +25%; push-ups 0 against 46: −100%.
	is_deeply($tot, ['Push-up|0|0 reps|46 reps|−100%', 'Sit-up|1|10 reps|8 reps|+25%'],
	    '... against the week of 26 October') or diag(explain $tot);
});

# /stats, Monday weeks. Local days: 7, 8, 9 March and 31 October, 1, 2
# November (6 days, two streaks of 3); in UTC: 8, 9 March, 1, 2 November.
#   Push-up: 6 workouts, 10 + 20 + 10 + 11 + 12 + 13 = 76 reps, 76 / 6 =
#     12.67 → 12.7; most in a workout 20 (8 March, local), in a day 46
#     (1 November; in UTC 10 + 11 + 12 = 33), best week 46 (week of 26 Oct).
#   Squat: 2, 37, 18.5; 30 (9 March); 30 (9 March); week of 9 March: 30.
#   Sit-up: 2, 18, 9.0; 10 (2 November); 10 (2 November); week of 2 Nov: 10.
behaviour('New York: /stats counts local days around the DST changes, best weeks from Monday', sub {
	my $ny = fixture('ny_dst');
	my ($sum, $rec) = stats($ny);
	is($sum->{'Days with a workout'}, 6, '/stats: 6 local days with a workout');
	is($sum->{'Longest streak'}, '3 days', '... the longest streak is 3 days (7 to 9 March)');
	is_deeply([@$rec{'Push-up', 'Sit-up', 'Squat'}], [
		'Push-up|6|76||12.7 reps|20 (2026-03-08)|46 (2026-11-01)||46 reps (week of 2026-10-26)',
		'Sit-up|2|18||9 reps|10 (2026-11-02)|10 (2026-11-02)||10 reps (week of 2026-11-02)',
		'Squat|2|37||18.5 reps|30 (2026-03-09)|30 (2026-03-09)||30 reps (week of 2026-03-09)',
	], '... records on local days, best weeks from Monday') or diag(explain $rec);
});

# --- The same workouts in weeks starting on Sunday -------------------------------
behaviour('New York, weeks from Sunday: the 23-hour Sunday of the spring DST change (8 March) starts a week with Monday 9 March', sub {
	my $ny = fixture('ny_dst_sunday');
	my ($res, $h1, $days, $tot, $foot, $html) = week($ny, '2026-03-08');
	is($h1, 'Week of Sunday 8 March 2026', 'Sunday weeks: 8 March starts its own week');
	tidy_ok($res->{content}, 'the week of Sunday 8 March');
	like($html, qr{<a href="/week\?of=2026-03-01" rel="prev">}, '... previous: ?of=2026-03-01');
	like($html, qr{<a href="/week\?of=2026-03-15" rel="next">}, '... next: ?of=2026-03-15');
	is_deeply($days, ['Sunday 8 March|Push-up|2|30||15', 'Monday 9 March|Squat|1|30||12',
	    rest('Tuesday 10 March', 'Wednesday 11 March', 'Thursday 12 March', 'Friday 13 March',
	    'Saturday 14 March')], '... Sunday 8 March and Monday 9 March together now') or diag(explain $days);
	# Before: Sunday 1 to Saturday 7 March, the squats at 23:30 on Saturday.
	is_deeply($tot, ['Push-up|2|30 reps|0 reps|new', 'Squat|1|30 reps|7 reps|+329%'],
	    '... against the week of 1 March, which has the 7 squats of Saturday') or diag(explain $tot);
});

behaviour('New York, weeks from Sunday: 23:30 on Saturday 7 March, before the spring DST change, ends the week of 1 March', sub {
	my $ny = fixture('ny_dst_sunday');
	my ($res, $h1, $days) = week($ny, '2026-03-07');
	is($h1, 'Week of Sunday 1 March 2026', '... 7 March is in the week of 1 March');
	is($days->[-1], 'Saturday 7 March|Squat|1|7||3', '... its last day, with the squats of 23:30');
});

behaviour('New York, weeks from Sunday: the 25-hour Sunday of the fall DST change (1 November) starts a week with Monday 2 November', sub {
	my $ny = fixture('ny_dst_sunday');
	my ($res, $h1, $days, $tot) = week($ny, '2026-11-01');
	is($h1, 'Week of Sunday 1 November 2026', 'Sunday weeks: 1 November starts a week');
	is_deeply($days, ['Sunday 1 November|Push-up|4|46||23', 'Monday 2 November|Sit-up|1|10||4',
	    rest('Tuesday 3 November', 'Wednesday 4 November', 'Thursday 5 November', 'Friday 6 November',
	    'Saturday 7 November')], '... the 25-hour Sunday and Monday together') or diag(explain $days);
	is_deeply($tot, ['Push-up|4|46 reps|0 reps|new', 'Sit-up|1|10 reps|8 reps|+25%'],
	    '... against the week of 25 October (8 sit-ups on Saturday 31 October)') or diag(explain $tot);
});

# Best weeks from Sunday: push-ups 46 (week of 1 November), squats 7 + … no:
# 7 on Saturday 7 March (week of 1 March), 30 on Monday 9 March (week of 8
# March): 30; sit-ups 8 (week of 25 October) and 10 (week of 1 November): 10.
behaviour('New York: /stats around the DST changes with weeks from Sunday gives best weeks starting on Sundays', sub {
	my $ny = fixture('ny_dst_sunday');
	my ($sum, $rec) = stats($ny);
	is_deeply([map { (split /\|/)[8] } @$rec{'Push-up', 'Sit-up', 'Squat'}],
	    ['46 reps (week of 2026-11-01)', '10 reps (week of 2026-11-01)', '30 reps (week of 2026-03-08)'],
	    '/stats with Sunday weeks: the best weeks start on Sundays') or diag(explain $rec);
});

# --- Berlin: the 23-hour and the 25-hour Sunday -----------------------------------------
behaviour('Berlin: the spring DST change makes a 23-hour Sunday (29 March) with its 00:30 and 23:30; 00:30 on Monday is the next week', sub {
	my $u = fixture('berlin');
	my ($res, $h1, $days, $tot) = week($u, '2026-03-29');
	is($h1, 'Week of Monday 23 March 2026', 'Berlin: 29 March is in the week of 23 March');
	tidy_ok($res->{content}, 'the week of 23 March in Berlin');
	# Sunday: 7 + 8 = 15 reps, 2.5 + 3.0 = 5.5 kcal.
	is_deeply($days, [rest('Monday 23 March', 'Tuesday 24 March', 'Wednesday 25 March',
	    'Thursday 26 March', 'Friday 27 March'), 'Saturday 28 March|Lunge|1|6||2',
	    'Sunday 29 March|Lunge|2|15||5.5'], '... the 23-hour Sunday has its 00:30 and 23:30')
	    or diag(explain $days);
	is_deeply($tot, ['Lunge|3|21 reps|0 reps|new'], '... the week: 6 + 7 + 8 = 21 lunges');
	($res, $h1, $days, $tot) = week($u, '2026-03-30');
	is($days->[0], 'Monday 30 March|Lunge|1|9||3.5', '... 00:30 on Monday 30 March (22:30 UTC on Sunday) is the next week');
	# 9 against 21: (9 − 21) / 21 = −0.5714 → −57%
	is_deeply($tot, ['Lunge|1|9 reps|21 reps|−57%'], '... 9 against 21: −57%');
});

behaviour('Berlin: the fall DST change makes a 25-hour Sunday (25 October) with 00:30, both 02:30s and 23:30; 00:30 on Monday is the next week', sub {
	my $u = fixture('berlin');
	my ($res, $h1, $days, $tot) = week($u, '2026-10-25');
	is($h1, 'Week of Monday 19 October 2026', 'Berlin: 25 October is in the week of 19 October');
	tidy_ok($res->{content}, 'the week of 19 October in Berlin');
	# Sunday: 70 + 80 + 90 + 100 = 340 s = 5:40, 1.2 + 1.4 + 1.6 + 1.8 = 6 kcal.
	is_deeply($days, [rest('Monday 19 October', 'Tuesday 20 October', 'Wednesday 21 October',
	    'Thursday 22 October', 'Friday 23 October'), 'Saturday 24 October|Plank|1||1:00 min|1',
	    'Sunday 25 October|Plank|4||5:40 min|6'], '... the 25-hour Sunday has 00:30, both 02:30s and 23:30')
	    or diag(explain $days);
	is_deeply($tot, ['Plank|5|6:40 min|0:00 min|new'], '... the week: 60 + 340 = 400 s = 6:40');
	($res, $h1, $days, $tot) = week($u, '2026-10-26');
	is($days->[0], 'Monday 26 October|Plank|1||2:00 min|2', '... 00:30 on Monday 26 October is the next week');
	# 120 s against 400 s: (120 − 400) / 400 = −70%
	is_deeply($tot, ['Plank|1|2:00 min|6:40 min|−70%'], '... 2:00 against 6:40: −70%');
});

# Lunges: 4 workouts, 30 reps, 7.5 each; most in a workout 9 (30 March);
# most in a day 15 (29 March; in UTC 8 + 9 = 17 on 29 March); best week
# 21 (23 March). Planks: 6, 520 s = 8:40, 520 / 6 = 86.67 → 1:26 each;
# longest 2:00 on 26 October (it is 25 October in UTC); best week 6:40.
behaviour('Berlin: /stats around the DST changes gives records on local days', sub {
	my $u = fixture('berlin');
	my ($sum, $rec) = stats($u);
	is($rec->{'Lunge'}, 'Lunge|4|30||7.5 reps|9 (2026-03-30)|15 (2026-03-29)||21 reps (week of 2026-03-23)',
	    '/stats: lunge records on local days');
	is($rec->{'Plank'}, 'Plank|6||8:40 min|1:26 min|||2:00 min (2026-10-26)|6:40 min (week of 2026-10-19)',
	    '... plank: the longest on 26 October, local') or diag(explain $rec);
});

# --- Havana: midnight twice -------------------------------------------------------------------
# Cuba leaves summer time at 01:00 CDT on Sunday 1 November 2026, back to
# 00:00 CST: 00:00 to 01:00 of that Sunday happens twice, and both belong to
# Sunday 1 November (as /stats and the history say: performed_at::date).
# Weeks from Sunday, so that the day also decides the week.
behaviour('Havana, where leaving DST repeats 00:00 to 01:00: the history shows the first 00:30 of 1 November on 1 November', sub {
	my $u = fixture('havana');
	my ($hist) = grep { $_->{reps} == 10 } history_rows($u->get('/workouts')->{content});
	is($hist && $hist->{when}, '2026-11-01 00:30', 'Havana: the history shows the first 00:30 on 1 November');
});

behaviour('Havana, where leaving DST repeats 00:00 to 01:00: both 00:30s of Sunday 1 November are in that day and its week; Saturday 31 October only has its 23:30', sub {
	my $u = fixture('havana');
	my ($res, $h1, $days, $tot, $foot) = week($u, '2026-11-01');
	is($h1, 'Week of Sunday 1 November 2026', '... the week of Sunday 1 November');
	# Sunday: 10 + 11 = 21 reps, 5.0 + 5.5 = 10.5 kcal; the week before: 9.
	is($days->[0], 'Sunday 1 November|Push-up|2|21||10.5',
	    '... Sunday 1 November has both of its 00:30s') or diag(explain $days);
	is_deeply($tot, ['Push-up|2|21 reps|9 reps|+133%'], '... the week: 21 against 9: (21 − 9) / 9 = +133%')
	    or diag(explain $tot);
	($res, $h1, $days) = week($u, '2026-10-31');
	is($days->[-1], 'Saturday 31 October|Push-up|1|9||4.5', '... Saturday 31 October only its 23:30')
	    or diag(explain $days);
});

behaviour('Havana, where leaving DST repeats 00:00 to 01:00: /stats counts both 00:30s on 1 November, in the week of 1 November', sub {
	my $u = fixture('havana');
	# /stats: 2 days (31 October, 1 November), 21 on 1 November, best week 1 November.
	my ($sum, $rec) = stats($u);
	is($rec->{'Push-up'}, 'Push-up|3|30||10 reps|11 (2026-11-01)|21 (2026-11-01)||21 reps (week of 2026-11-01)',
	    '/stats agrees: 21 push-ups on 1 November, in the week of 1 November');
});

# --- Pacific/Auckland, UTC+13 in January --------------------------------------------------
behaviour('Auckland (UTC+13): 08:00 on Monday 5 January (19:00 UTC on Sunday) is in the week of 5 January', sub {
	my $u = fixture('auckland');
	my ($res, $h1, $days, $tot) = week($u, '2026-01-05');
	is($h1, 'Week of Monday 5 January 2026', 'Auckland: the week of 5 January');
	tidy_ok($res->{content}, 'the week of 5 January in Auckland');
	is_deeply($days, ['Monday 5 January|Burpee|1|12||6', rest('Tuesday 6 January',
	    'Wednesday 7 January', 'Thursday 8 January', 'Friday 9 January', 'Saturday 10 January',
	    'Sunday 11 January')], '... 08:00 on Monday 5 January (19:00 UTC on Sunday 4th) is on Monday')
	    or diag(explain $days);
	# 12 against 4 + 5 = 9: (12 − 9) / 9 = 0.333 → +33%
	is_deeply($tot, ['Burpee|1|12 reps|9 reps|+33%'], '... 12 burpees against 9: +33%');
});

behaviour('Auckland (UTC+13): Sunday 4 January, 00:30 and 23:30, ends the week of 29 December 2025', sub {
	my $u = fixture('auckland');
	my ($res, $h1, $days) = week($u, '2026-01-04');
	is($h1, 'Week of Monday 29 December 2025', '... 4 January is in the week of 29 December 2025');
	is($days->[-1], 'Sunday 4 January|Burpee|2|9||4.5', '... Sunday 4 January: 4 + 5 = 9 burpees, 4.5 kcal');
	is($days->[0], 'Monday 29 December|Rest day', '... from Monday 29 December');
});

behaviour('Auckland (UTC+13): /stats gives the best day on Monday 5 January, local', sub {
	my $u = fixture('auckland');
	# Most in a day: 12 on 5 January (in UTC: 5 + 12 = 17 on 4 January).
	my ($sum, $rec) = stats($u);
	is($rec->{'Burpee'}, 'Burpee|3|21||7 reps|12 (2026-01-05)|12 (2026-01-05)||12 reps (week of 2026-01-05)',
	    '/stats: the best day is Monday 5 January, local');
});

# --- Asia/Kolkata, UTC+05:30 ----------------------------------------------------------------
behaviour('Kolkata (UTC+05:30): 00:20 on Monday is Monday, 23:45 on Sunday is Sunday, in the week of 10 August', sub {
	my $u = fixture('kolkata');
	my ($res, $h1, $days, $tot, $foot) = week($u, '2026-08-12');
	is($h1, 'Week of Monday 10 August 2026', 'Kolkata: the week of 10 August');
	tidy_ok($res->{content}, 'the week of 10 August in Kolkata');
	# Monday: 4 + 6 = 10, 1.5 + 2.0 = 3.5 kcal; Sunday 23:45: 5, 1.8.
	is_deeply($days, ['Monday 10 August|Pull-up|2|10||3.5', rest('Tuesday 11 August',
	    'Wednesday 12 August', 'Thursday 13 August', 'Friday 14 August', 'Saturday 15 August'),
	    'Sunday 16 August|Pull-up|1|5||1.8'], '... half-hour offset: 00:20 Monday is Monday, 23:45 Sunday is Sunday')
	    or diag(explain $days);
	# 15 against 3 (Sunday 9 August, 23:50): (15 − 3) / 3 = +400%;
	# kcal 5.3 against 1.0: +430%.
	is_deeply($tot, ['Pull-up|3|15 reps|3 reps|+400%'], '... 15 against 3: +400%');
	is_deeply($foot, { workouts => 3, kcal => '5.3 kcal', prev_kcal => '1 kcal', change => '+430%' },
	    '... 5.3 kcal against 1.0: +430%');
});

behaviour('Kolkata (UTC+05:30): 00:15 on Monday 17 August is the next week, 23:50 on Sunday 9 August the week before', sub {
	my $u = fixture('kolkata');
	my ($res, $h1, $days) = week($u, '2026-08-17');
	is($days->[0], 'Monday 17 August|Pull-up|1|7||2.2', '... 00:15 on Monday 17 August is the next week');
	($res, $h1, $days) = week($u, '2026-08-09');
	is($days->[-1], 'Sunday 9 August|Pull-up|1|3||1', '... 23:50 on Sunday 9 August is the week before');
});

# --- A leap day -----------------------------------------------------------------------------------
my @leap = ('Monday 28 February|Sit-up|1|28||9', 'Tuesday 29 February|Sit-up|1|29||9.9',
    'Wednesday 1 March|Sit-up|1|31||10.1');

behaviour('a leap year, weeks from Monday: 29 February is between 28 February and 1 March, in the week of 28 February 2028', sub {
	my $u = fixture('leap');
	my ($res, $h1, $days, $tot, $foot, $html);
	for my $of ('2028-02-28', '2028-02-29', '2028-03-05') {
		($res, $h1, $days, $tot, $foot, $html) = week($u, $of);
		is($h1, 'Week of Monday 28 February 2028', "leap year, ?of=$of: the week of Monday 28 February 2028");
		is_deeply($days, [@leap, rest('Thursday 2 March', 'Friday 3 March', 'Saturday 4 March',
		    'Sunday 5 March')], '... Tuesday 29 February between 28 February and 1 March')
		    or diag(explain $days);
	}
	tidy_ok($res->{content}, 'the week of 28 February 2028');
	like($html, qr{From Monday 28 February 2028 to Sunday 5 March 2028}, '... to Sunday 5 March');
	like($html, qr{<a href="/week\?of=2028-02-21" rel="prev">}, '... previous: ?of=2028-02-21');
	like($html, qr{<a href="/week\?of=2028-03-06" rel="next">}, '... next: ?of=2028-03-06');
	# 28 + 29 + 31 = 88 reps; 9.0 + 9.9 + 10.1 = 29 kcal
	is_deeply($tot, ['Sit-up|3|88 reps|0 reps|new'], '... 28 + 29 + 31 = 88 sit-ups');
	is($foot->{kcal}, '29 kcal', '... 9.0 + 9.9 + 10.1 = 29 kcal');
	($res, $h1, $days) = week($u, '2028-02-27');
	is($h1, 'Week of Monday 21 February 2028', '... 27 February is the Sunday before');
});

behaviour('a leap year, weeks from Sunday: the week of Sunday 27 February 2028 to Saturday 4 March', sub {
	my $u = fixture('leap_sunday');
	my ($res, $h1, $days, undef, undef, $html) = week($u, '2028-02-29');
	is($h1, 'Week of Sunday 27 February 2028', 'Sunday weeks: the week of Sunday 27 February 2028');
	is_deeply($days, ['Sunday 27 February|Rest day', @leap, rest('Thursday 2 March', 'Friday 3 March',
	    'Saturday 4 March')], '... to Saturday 4 March') or diag(explain $days);
	like($html, qr{\?of=2028-02-20" rel="prev">.*\?of=2028-03-05" rel="next">}s,
	    '... previous ?of=2028-02-20, next ?of=2028-03-05');
});

behaviour('29 February of a year that is not a leap year (2027) is a bad date: 422', sub {
	my $u = fixture('leap');
	my ($res) = week($u, '2027-02-29');
	is($res->{status}, 422, '29 February 2027 (not a leap year): 422');
});

# --- Moving to another time zone ----------------------------------------------------------------
behaviour('moving from UTC to New York (POST /settings): the same workouts regroup on /week and /stats', sub {
	# Its own user: it changes its time zone.
	my $u = make_fixture('moving');
	my ($res, $h1, $days, $tot) = week($u, '2026-09-10');
	is_deeply($days, [rest('Monday 7 September', 'Tuesday 8 September', 'Wednesday 9 September'),
	    'Thursday 10 September|Squat|2|30||12', rest('Friday 11 September', 'Saturday 12 September',
	    'Sunday 13 September')], 'in UTC: two workouts on Thursday 10 September') or diag(explain $days);
	($res, $h1, $days, $tot) = week($u, '2026-09-14');
	is($days->[0], 'Monday 14 September|Squat|1|30||12', '... and one on Monday 14 September, the next week');
	is_deeply($tot, ['Squat|1|30 reps|30 reps|same'], '... 30 against 30: same');
	# In UTC the best day (30) is a tie of 10 and 14 September: the earliest
	# wins; the best week too (30 and 30): the week of 7 September.
	my ($sum, $rec) = stats($u);
	is($rec->{'Squat'}, 'Squat|3|60||20 reps|30 (2026-09-14)|30 (2026-09-10)||30 reps (week of 2026-09-07)',
	    '/stats in UTC: ties go to the earliest day and week');
	is($sum->{'Longest streak'}, '1 day', '... no two days in a row');

	# The move, through the settings form.
	my $form = form_fields(decode_page($u->get('/settings')), '/settings');
	ok($form && exists $form->{timezone}, 'the settings form has a time zone');
	$res = $u->post_form('/settings', { %{$form // {}}, timezone => 'America/New_York' });
	is($res->{status}, 303, 'POST /settings timezone=America/New_York: 303');
	is(psql_fast("SELECT timezone FROM exbuddy.users WHERE id = " . sql_quote($u->{id})),
	    'America/New_York', '... stored');

	($res, $h1, $days, $tot) = week($u, '2026-09-10');
	is_deeply($days, [rest('Monday 7 September', 'Tuesday 8 September'),
	    'Wednesday 9 September|Squat|1|10||4', 'Thursday 10 September|Squat|1|20||8',
	    rest('Friday 11 September', 'Saturday 12 September'), 'Sunday 13 September|Squat|1|30||12'],
	    'in New York: Wednesday 9, Thursday 10 and Sunday 13 September') or diag(explain $days);
	is_deeply($tot, ['Squat|3|60 reps|0 reps|new'], '... all three in the week of 7 September: 60 squats');
	($res, $h1, $days, $tot) = week($u, '2026-09-14');
	is_deeply($days, [rest('Monday 14 September', 'Tuesday 15 September', 'Wednesday 16 September',
	    'Thursday 17 September', 'Friday 18 September', 'Saturday 19 September', 'Sunday 20 September')],
	    '... the week of 14 September is empty now');
	is_deeply($tot, ['Squat|0|0 reps|60 reps|−100%'], '... 0 against 60: −100%');
	# In New York: days 9 (10), 10 (20), 13 (30): the best day is 13
	# September, the best workout too, the best week 7 September with 60;
	# 9 and 10 September are a streak of 2.
	($sum, $rec) = stats($u);
	is($rec->{'Squat'}, 'Squat|3|60||20 reps|30 (2026-09-13)|30 (2026-09-13)||60 reps (week of 2026-09-07)',
	    '/stats in New York: the records move to the local days');
	is($sum->{'Longest streak'}, '2 days', '... and 9 and 10 September make a streak of 2 days');
});

done_testing();
