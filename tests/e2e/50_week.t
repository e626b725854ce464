# 50_week.t — GET /week?of=YYYY-MM-DD for a user in UTC whose weeks start
# on Monday: the per-day table (workouts, reps, time m:ss, calories, rest
# days), the week's totals against the week before (+25%, −10% with a real
# minus sign, "new", "same", −100%), the links to the previous, next and
# current week, any day of the week giving the same week, an empty week, the
# chart (an image of SVG: a segment per day and exercise, as high as its
# calories, in its exercise's <path class="ex-N">, a colour per exercise of
# the week, every day labelled,
# well-formed, colours from its style sheet only; words instead of an empty
# chart, and no "Nothing logged" over a workout of 0 kcal), how a change is rounded (halves away from zero, never "+0%"),
# tidy-valid pages, and a bad `of` (422 with the message by the field).
# Every expected number is worked out by hand below.
#
# Each behaviour runs alone (EXBUDDY_ONLY): the workouts are a fixture made
# once at the top and only read, as is this week's page (made once, the
# first time a behaviour asks for it).
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

my $u = new_user();
set_zone($u->{id}, 'UTC', 1);

# --- The fixture (read only) ------------------------------------------------------
# The week of Monday 2026-06-01 to Sunday 2026-06-07 (UTC), and the week
# before (2026-05-25 to 2026-05-31). Colours are the chart's series: the
# exercises done in the week, by name: Jump rope ex-0, Plank ex-1, Push-up
# ex-2, Sit-up ex-3, Squat ex-4 (Burpee, not done that week, has none).
add_workouts($u->{id}, [
	# this week
	['push-up',   '2026-06-01 07:00:00+00', 20,   0, '10.0'],	# Mon
	['push-up',   '2026-06-01 18:30:00+00', 15,   0,  '7.5'],	# Mon
	['plank',     '2026-06-01 19:00:00+00',  0,  90,  '5.2'],	# Mon
	['squat',     '2026-06-03 12:00:00+00', 30,   0, '12.0'],	# Wed
	['jump-rope', '2026-06-03 12:30:00+00',  0, 125, '30.4'],	# Wed
	['push-up',   '2026-06-05 23:59:59+00', 25,   0, '12.5'],	# Fri, its last second
	['plank',     '2026-06-06 00:00:00+00',  0,  60,  '3.5'],	# Sat, its first second
	['sit-up',    '2026-06-07 23:59:59+00', 45,   0, '18.0'],	# Sun, the week's last second
	# the week before
	['push-up',   '2026-05-25 08:00:00+00', 28,   0, '14.0'],	# Mon
	['plank',     '2026-05-27 10:00:00+00',  0, 150,  '8.0'],	# Wed
	['sit-up',    '2026-05-29 10:00:00+00', 50,   0, '20.0'],	# Fri
	['burpee',    '2026-05-30 10:00:00+00', 10,   0,  '5.0'],	# Sat
	['push-up',   '2026-05-31 23:59:59+00', 20,   0, '10.0'],	# Sun, its last second
	# the week after: its first second
	['push-up',   '2026-06-08 00:00:00+00', 99,   0, '50.0'],
]);
# How a change is rounded: the week of 3 August against the week of 27
# July, one exercise per case (see that behaviour).
add_workouts($u->{id}, [
	# the week before: 27 July to 2 August
	['push-up',          '2026-07-27 10:00:00+00',  200, 0, '1.0'],
	['sit-up',           '2026-07-27 11:00:00+00',  200, 0, '1.0'],
	['squat',            '2026-07-28 10:00:00+00',    8, 0, '1.0'],
	['lunge',            '2026-07-29 10:00:00+00',    8, 0, '1.0'],
	['burpee',           '2026-07-30 10:00:00+00',  200, 0, '1.0'],
	['pull-up',          '2026-07-30 11:00:00+00',  200, 0, '1.0'],
	['mountain-climber', '2026-07-31 10:00:00+00', 2000, 0, '1.0'],
	# this week: 3 to 9 August
	['push-up',          '2026-08-03 10:00:00+00',  201, 0, '1.0'],
	['sit-up',           '2026-08-03 11:00:00+00',  199, 0, '1.0'],
	['squat',            '2026-08-04 10:00:00+00',    9, 0, '1.0'],
	['lunge',            '2026-08-04 11:00:00+00',    7, 0, '1.0'],
	['burpee',           '2026-08-05 10:00:00+00',  203, 0, '1.0'],
	['pull-up',          '2026-08-05 11:00:00+00',  205, 0, '1.0'],
	['mountain-climber', '2026-08-06 10:00:00+00', 2001, 0, '1.0'],
	# A week whose only workout has 0 kcal (Tue 8 Sep), nothing the week before.
	['push-up',          '2026-09-08 10:00:00+00',   10, 0, '0.0'],
]);

# GET PATH as this user: (response, its content as characters).
sub page {
	my ($path) = @_;
	my $res = $u->get($path);
	return ($res, decode_page($res));
}

# Per day and exercise, exercises by name within a day:
#   Mon  Plank    1 workout, 90 s = 1:30, 5.2 kcal
#        Push-up  2 workouts, 20 + 15 = 35 reps, 10.0 + 7.5 = 17.5 kcal
#   Wed  Jump rope 1, 125 s = 2:05, 30.4;  Squat 1, 30 reps, 12.0
#   Fri  Push-up 1, 25 reps, 12.5 (23:59:59 is still Friday)
#   Sat  Plank 1, 60 s = 1:00, 3.5 (00:00:00 is already Saturday)
#   Sun  Sit-up 1, 45 reps, 18.0 (23:59:59 is still this week)
#   Tue, Thu: rest days; Monday 8 June 00:00:00 is not in this week.
my @want_days = (
	'Monday 1 June|Plank|1||1:30 min|5.2',
	'Monday 1 June|Push-up|2|35||17.5',
	'Tuesday 2 June|Rest day',
	'Wednesday 3 June|Jump rope|1||2:05 min|30.4',
	'Wednesday 3 June|Squat|1|30||12',
	'Thursday 4 June|Rest day',
	'Friday 5 June|Push-up|1|25||12.5',
	'Saturday 6 June|Plank|1||1:00 min|3.5',
	'Sunday 7 June|Sit-up|1|45||18',
);

# --- The week of 1 June ---------------------------------------------------------------
behaviour('the week of 1 June: 200, tidy, security headers, headed Monday 1 June to Sunday 7 June', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	is($res->{status}, 200, 'GET /week?of=2026-06-03: 200');
	tidy_ok($res->{content}, 'the week of 1 June');
	security_headers_ok($res, 'GET /week');
	like($html, qr{<h1>Week of Monday 1 June 2026</h1>}, 'the heading names Monday 1 June 2026');
	like($html, qr{From Monday 1 June 2026 to Sunday 7 June 2026, in your time zone\.},
	    '... from Monday 1 June to Sunday 7 June');
});

behaviour('the per-day table has each day and exercise, rest days, and nothing from the next week', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	my @days = week_table($html);
	is_deeply(\@days, \@want_days, 'the table: each day and exercise, rest days, nothing from 8 June')
	    or diag(explain \@days);
	like($html, qr{<tr>\n<td></td>\n<td data-label="Exercise">Push-up</td>}, "a day's second exercise leaves the day cell empty");
});

# The totals, by exercise name:
#   Burpee     this week 0 workouts, 0 reps; before 10 reps: (0 − 10) / 10 = −100%
#   Jump rope  1, 2:05; before 0:00: new
#   Plank      2, 90 + 60 = 150 s = 2:30; before 150 s = 2:30: same
#   Push-up    3, 20 + 15 + 25 = 60 reps; before 28 + 20 = 48: (60 − 48) / 48 = +25%
#   Sit-up     1, 45 reps; before 50: (45 − 50) / 50 = −10%
#   Squat      1, 30 reps; before 0: new
#   All        3 + 2 + 1 + 1 + 1 = 8 workouts;
#              kcal 10.0 + 7.5 + 5.2 + 12.0 + 30.4 + 12.5 + 3.5 + 18.0 = 99.1,
#              before 14.0 + 8.0 + 20.0 + 5.0 + 10.0 = 57.0:
#              (99.1 − 57.0) / 57.0 = 0.7386 → +74%
behaviour('the totals of the week of 1 June: per exercise and in all, against the week before', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	my ($tot, $foot) = totals_table($html);
	my @got = map { join '|', map { $_ // '' } @$_{qw(colour name workouts this before change goal)} } @{$tot // []};
	is_deeply(\@got, [
		'|Burpee|0|0 reps|10 reps|−100%|Set a goal',
		'ex-0|Jump rope|1|2:05 min|0:00 min|new|Set a goal',
		'ex-1|Plank|2|2:30 min|2:30 min|same|Set a goal',
		'ex-2|Push-up|3|60 reps|48 reps|+25%|Set a goal',
		'ex-3|Sit-up|1|45 reps|50 reps|−10%|Set a goal',
		'ex-4|Squat|1|30 reps|0 reps|new|Set a goal',
	], 'the totals: this week, the week before and the change, per exercise') or diag(explain \@got);
	is_deeply($foot, { workouts => 8, kcal => '99.1 kcal', prev_kcal => '57 kcal', change => '+74%' },
	    'the totals row: 8 workouts, 99.1 kcal against 57 kcal, +74%') or diag(explain $foot);
});

behaviour('a fall is written with a minus sign (U+2212), never with a hyphen', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	like($html, qr{<td class="num"[^>]*>−10%</td>}, 'a fall is written with U+2212 MINUS SIGN');
	unlike($html, qr{<td class="num"[^>]*>-\d}, '... never with a hyphen');
});

behaviour('the week page links to the previous, the next and the current week', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	like($html, qr{<a href="/week\?of=2026-05-25" rel="prev">}, 'previous week: ?of=2026-05-25');
	like($html, qr{<a href="/week\?of=2026-06-08" rel="next">}, 'next week: ?of=2026-06-08');
	like($html, qr{<a href="/week">This week</a>}, 'a link back to this week');
});

# --- The chart --------------------------------------------------------------------------
behaviour('the week chart is one well-formed SVG, drawn as an image with its own colours', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	my @svg = svg_blocks($html);
	is(scalar @svg, 1, 'one chart on the page');
	svg_wellformed_ok($svg[0], 'the week chart');
	chart_free_ok($svg[0], 'the week chart');
	like($svg[0] // '', qr{^<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="0 0 \d+ \d+"},
	    'the chart is an SVG scaled by its viewBox');
	like($svg[0] // '', qr{<title id="week-title">Calories per day</title>}, '... titled');
	like($svg[0] // '', qr{\@media \(prefers-color-scheme:dark\)\{[^<]*\.chart-grid\{stroke:}, '... with its dark-mode colours');
	# The page itself: an <img> with an alt saying where the numbers are;
	# no SVG markup for text browsers to print.
	like($html, qr{<img class="chart" src="data:image/svg\+xml,[^"]*" width="\d+" height="\d+" alt="Bar chart of the calories burned on each day of this week, one colour per exercise; the table below it has every number\.">},
	    'an <img> of the SVG, its alt saying what it is and where its numbers are');
	unlike($html, qr{<svg\b|<text\b}, '... and no SVG markup in the page');
});

behaviour('the week chart has a bar per day and exercise, as high as its calories, and every day under the bars', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	my @svg = svg_blocks($html);
	# One bar segment per day and exercise with calories, in day order, by
	# name within a day (from the bottom): its day, its colour, its height
	# read on the axis (to a tenth of a kcal: the axis is 50 kcal over
	# some 200 px drawn to a tenth).
	my @bars = map { sprintf '%s|%s|%.1f', $_->{class}, $_->{label} // '(no day)', $_->{value} // -1 }
	    sort { $a->{x} <=> $b->{x} || $b->{y} <=> $a->{y} } svg_bars($svg[0], qr/ex-\d+/);
	is_deeply(\@bars, [
		'ex-1|Mon 1|5.2',	# Plank
		'ex-2|Mon 1|17.5',	# Push-up, 2 workouts
		'ex-0|Wed 3|30.4',	# Jump rope
		'ex-4|Wed 3|12.0',	# Squat
		'ex-2|Fri 5|12.5',	# Push-up
		'ex-1|Sat 6|3.5',	# Plank
		'ex-3|Sun 7|18.0',	# Sit-up
	], 'the chart: 7 bars, each over its day, in its colour, as high as its calories') or diag(explain \@bars);
	# Every day: its weekday, and its date on a second line.
	my @labels = map { s/<tspan[^>]*>/ /r =~ s/<[^>]*>//gr } ($svg[0] // '') =~
	    m{<text class="chart-label mid hang"[^>]*>(.*?)</text>}g;
	is_deeply(\@labels, ['Mon 1', 'Tue 2', 'Wed 3', 'Thu 4', 'Fri 5', 'Sat 6', 'Sun 7'],
	    'all seven days under the bars') or diag(explain \@labels);
	# Calories: ticks 0 to 50 by 10 (the highest bar, Wednesday's, is 12.0 + 30.4 = 42.4 kcal).
	my @ticks = ($svg[0] // '') =~ m{<text class="chart-label end cen"[^>]*>([^<]*)</text>}g;
	is_deeply(\@ticks, [0, 10, 20, 30, 40, 50], 'the ticks: 0 to 50 kcal by 10') or diag(explain \@ticks);
});

behaviour('the week chart\'s bars have no titles (an image shows no tooltip; the table has the numbers)', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	my @svg = svg_blocks($html);
	like($svg[0] // '', qr{<path class="ex-\d+" d="M}, 'the chart has bars');
	unlike($svg[0] // '', qr{<rect|<title>}, '... and no <rect> or <title> but the chart\'s own');
});

behaviour('the chart legend has only the exercises done this week, each in its own colour', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	# Only the exercises done this week are in the legend (Burpee is not).
	my @legend = $html =~ m{<li><span class="swatch (ex-\d+)" aria-hidden="true"></span> ([^<]+)</li>}g;
	is_deeply(\@legend, ['ex-0', 'Jump rope', 'ex-1', 'Plank', 'ex-2', 'Push-up', 'ex-3', 'Sit-up',
	    'ex-4', 'Squat'], 'the legend: the five exercises of this week, each in its colour')
	    or diag(explain \@legend);
});

behaviour('style.css colours the swatches of the legend as the chart colours its bars (Okabe–Ito)', sub {
	my $css = EB::slurp(($ENV{EXBUDDY_TEST_TOP} // '.') . '/static/style.css') // '';
	my ($svg) = svg_blocks((page('/week?of=2026-06-03'))[1]);
	my %fill = ($svg // '') =~ /\.(ex-\d)\{fill:(#[0-9a-f]{6})\}/g;
	is_deeply([sort keys %fill], [map { "ex-$_" } 0 .. 7], 'the chart: 8 series colours');
	is_deeply([@fill{map { "ex-$_" } 0 .. 7}], [map { "#$_" } qw(0072b2 e69f00 009e73 cc79a7 56b4e9 d55e00 f0e442 808080)],
	    '... Okabe–Ito, and grey');
	ok(!grep({ $css !~ /\.\Q$_\E \{ background-color: \Q$fill{$_}\E; \}/ } keys %fill),
	    'style.css gives each swatch the colour of its bars');
});

behaviour('the tables of the week become cards on a phone', sub {
	my ($res, $html) = page('/week?of=2026-06-03');
	cards_ok($html, 'the week of 1 June');
});

# --- Any day of the week is the same week ---------------------------------------------
behaviour('any day from Monday 1 to Sunday 7 June gives the same week', sub {
	for my $d (1 .. 7) {
		my $of = sprintf('2026-06-%02d', $d);
		my ($r, $h) = page("/week?of=$of");
		my @t = week_table($h);
		ok($r->{status} == 200 && $h =~ m{<h1>Week of Monday 1 June 2026</h1>} &&
		    join("\n", @t) eq join("\n", @want_days) &&
		    $h =~ m{\?of=2026-05-25" rel="prev"} && $h =~ m{\?of=2026-06-08" rel="next"},
		    "?of=$of: the same week, 1 to 7 June");
		like($h, qr{<input id="of" name="of" type="date" value="$of">}, "... and the form shows $of");
	}
});

# --- The week before and the week after ---------------------------------------------
behaviour('the week before (25 May): its own workouts, all new against an empty week', sub {
	my ($res, $html) = page('/week?of=2026-05-25');
	is_deeply([week_table($html)], [
		'Monday 25 May|Push-up|1|28||14',
		'Tuesday 26 May|Rest day',
		'Wednesday 27 May|Plank|1||2:30 min|8',
		'Thursday 28 May|Rest day',
		'Friday 29 May|Sit-up|1|50||20',
		'Saturday 30 May|Burpee|1|10||5',
		'Sunday 31 May|Push-up|1|20||10',
	], 'the week of 25 May: its own workouts, 23:59:59 on Sunday included');
	# Nothing the week before (18 to 24 May): every exercise is new.
	#   kcal 14.0 + 8.0 + 20.0 + 5.0 + 10.0 = 57.0 against 0.0: new
	my ($tot, $foot) = totals_table($html);
	is_deeply([map { join '|', @$_{qw(name workouts this before change)} } @$tot], [
		'Burpee|1|10 reps|0 reps|new',
		'Plank|1|2:30 min|0:00 min|new',
		'Push-up|2|48 reps|0 reps|new',
		'Sit-up|1|50 reps|0 reps|new',
	], '... its totals: all new against an empty week');
	is_deeply($foot, { workouts => 5, kcal => '57 kcal', prev_kcal => '0 kcal', change => 'new' },
	    '... 5 workouts, 57 kcal, new');
});

# The week of 8 June: Monday 00:00:00 is its first second.
#   Push-up 99 against 60: (99 − 60) / 60 = 0.65 → +65%
#   Plank 0 against 150 s, Jump rope 0 against 125 s, Sit-up 0 against 45,
#   Squat 0 against 30: −100%; kcal 50.0 against 99.1: −0.4955 → −50%
behaviour('the week after (8 June) starts at 00:00:00 on Monday; its totals against the week of 1 June', sub {
	my ($res, $html) = page('/week?of=2026-06-14');
	is((week_table($html))[0], 'Monday 8 June|Push-up|1|99||50',
	    '?of=2026-06-14 (a Sunday): the week of 8 June, 00:00:00 on Monday in it');
	my ($tot, $foot) = totals_table($html);
	is_deeply([map { join '|', @$_{qw(name workouts this before change)} } @$tot], [
		'Jump rope|0|0:00 min|2:05 min|−100%',
		'Plank|0|0:00 min|2:30 min|−100%',
		'Push-up|1|99 reps|60 reps|+65%',
		'Sit-up|0|0 reps|45 reps|−100%',
		'Squat|0|0 reps|30 reps|−100%',
	], '... its totals against the week of 1 June') or diag(explain $tot);
	is($foot->{change}, '−50%', '... calories 50.0 against 99.1: −50%');
});

# --- How a change is rounded ------------------------------------------------------------
# The week of 3 August against the week of 27 July, one exercise per case.
# A change is rounded to a whole per cent like any number is (halves away
# from zero: 12.5 → 13, 2.5 → 3, as 1.5 → 2); "same" is for what rounds to 0.
behaviour('a change is rounded to a whole per cent, halves away from zero, never "+0%"', sub {
	my ($res, $html) = page('/week?of=2026-08-03');
	my ($tot, $foot) = totals_table($html);
	my %chg = map { $_->{name} => $_->{change} } @{$tot // []};
	#   Burpee            (203 − 200) / 200 =  1.5%  → +2%
	#   Mountain climber  (2001 − 2000) / 2000 = 0.05% → same
	#   Pull-up           (205 − 200) / 200 =  2.5%  → +3%
	#   Push-up           (201 − 200) / 200 =  0.5%  → +1%
	#   Sit-up            (199 − 200) / 200 = −0.5%  → −1%
	#   Squat             (9 − 8) / 8       = 12.5%  → +13%
	#   Lunge             (7 − 8) / 8       = −12.5% → −13%
	#   kcal: 7 × 1.0 = 7.0 against 7 × 1.0 = 7.0 → same
	is($chg{'Burpee'}, '+2%', 'a change of 1.5%: +2%');
	is($chg{'Mountain climber'}, 'same', 'a change of 0.05%: same');
	is($chg{'Push-up'}, '+1%', 'a change of exactly +0.5%: +1% (not "+0%")');
	is($chg{'Sit-up'}, '−1%', 'a change of exactly −0.5%: −1% (not "−0%")');
	is($chg{'Pull-up'}, '+3%', 'a change of 2.5%: +3%, rounded like 1.5% is (not to even)');
	is($chg{'Squat'}, '+13%', 'a change of 12.5%: +13%');
	is($chg{'Lunge'}, '−13%', 'a change of −12.5%: −13%');
	is_deeply($foot, { workouts => 7, kcal => '7 kcal', prev_kcal => '7 kcal', change => 'same' },
	    'the totals row: 7 workouts, 7 kcal against 7 kcal, same');
	ok(!grep({ /^[+−]0%$/ } values %chg), 'no change is ever written "+0%" or "−0%"')
	    or diag(explain \%chg);
});

# --- Empty weeks ------------------------------------------------------------------------
# The week of 15 June: nothing, but the week before had the push-ups.
behaviour('an empty week after a busy one: seven rest days, totals against the week before', sub {
	my ($res, $html) = page('/week?of=2026-06-15');
	is($res->{status}, 200, 'an empty week after a busy one: 200');
	is_deeply([week_table($html)], [map { "$_|Rest day" } 'Monday 15 June', 'Tuesday 16 June',
	    'Wednesday 17 June', 'Thursday 18 June', 'Friday 19 June', 'Saturday 20 June', 'Sunday 21 June'],
	    '... seven rest days');
	my ($tot, $foot) = totals_table($html);
	is_deeply([map { join '|', @$_{qw(name workouts this before change)} } @$tot],
	    ['Push-up|0|0 reps|99 reps|−100%'], '... the totals: Push-up 0 against 99, −100%');
	is_deeply($foot, { workouts => 0, kcal => '0 kcal', prev_kcal => '50 kcal', change => '−100%' },
	    '... 0 workouts, 0 kcal against 50.0');
});

# The week of 22 June: nothing in it nor in the week before.
behaviour('an empty week after an empty week: rest days, no totals table, no chart but words', sub {
	my ($res, $html) = page('/week?of=2026-06-22');
	is($res->{status}, 200, 'an empty week: 200');
	tidy_ok($res->{content}, 'an empty week');
	is_deeply([week_table($html)], [map { "$_|Rest day" } 'Monday 22 June', 'Tuesday 23 June',
	    'Wednesday 24 June', 'Thursday 25 June', 'Friday 26 June', 'Saturday 27 June', 'Sunday 28 June'],
	    '... seven rest days');
	like($html, qr{<p>No workouts this week or the week before\.</p>}, '... says there is nothing to total');
	unlike($html, qr{<table class="totals}, '... and has no totals table');
	is(scalar(svg_blocks($html)), 0, '... no chart (no axis from 0 to 1 over nothing)');
	like($html, qr{<p class="chart-empty">Nothing logged this week\.</p>}, '... but "Nothing logged this week."');
});

# A week whose only workout has 0 kcal (calories may be 0): the table has
# it; the chart of calories has no bar, but must not claim nothing was logged.
behaviour('a week whose only workout has 0 kcal: in the table and the totals; no chart, but not "Nothing logged"', sub {
	my ($res, $html) = page('/week?of=2026-09-08');
	is((week_table($html))[1], 'Tuesday 8 September|Push-up|1|10||0', 'a workout of 0 kcal: in the table');
	my ($tot, $foot) = totals_table($html);
	is_deeply([map { join '|', @$_{qw(name workouts this before change)} } @$tot], ['Push-up|1|10 reps|0 reps|new'],
	    '... and in the totals');
	# kcal 0.0 against 0.0: neither new nor a change: "—"
	is_deeply($foot, { workouts => 1, kcal => '0 kcal', prev_kcal => '0 kcal', change => '—' },
	    '... 0 kcal against 0.0: —');
	is(scalar(svg_blocks($html)), 0, '... no chart: there are no calories to draw');
	like($html, qr{<p class="chart-empty">No calories recorded this week, so no chart: the table below has the workouts\.</p>},
	    '... and it says why, not "Nothing logged"');
	unlike($html, qr{Nothing logged}, '... nowhere');
});

# --- This week ----------------------------------------------------------------------------
# this_week(): today in UTC, the Mondays of the weeks before and after
# this one (by the database's clock), and GET /week — again if midnight
# passed while the page was made: (today, prev, next, response, content).
# Made once, and only read.
my @this_week;
sub this_week {
	return @this_week if @this_week;
	my ($today, $prev, $next, $res, $html);
	for my $try (1 .. 3) {
		$today = local_today('UTC');
		($prev, $next) = split /\|/, psql_fast("SELECT to_char(d - 7, 'YYYY-MM-DD') || '|' || "
		    . "to_char(d + 7, 'YYYY-MM-DD') FROM (SELECT date '$today' - "
		    . "(extract(isodow FROM date '$today')::int - 1) AS d) m");
		($res, $html) = page('/week');
		last if local_today('UTC') eq $today;
	}
	@this_week = ($today, $prev, $next, $res, $html);
	return @this_week;
}

behaviour('GET /week is this week: links to the weeks before and after, none to itself', sub {
	my ($today, $prev, $next, $res, $html) = this_week();
	is($res->{status}, 200, 'GET /week: 200');
	tidy_ok($res->{content}, 'this week');
	like($html, qr{<a href="/week\?of=$prev" rel="prev">}, "this week: previous is ?of=$prev");
	like($html, qr{<a href="/week\?of=$next" rel="next">}, "... next is ?of=$next");
	unlike($html, qr{>This week</a>}, '... and no link to this week: it is this week');
});

behaviour('?of=today and an empty ?of= give this week', sub {
	my ($today, $prev, $next, $res, $html) = this_week();
	($res, my $html2) = page("/week?of=$today");
	is(join("\n", week_table($html2)), join("\n", week_table($html)), "?of=$today (today) is the same week");
	unlike($html2, qr{>This week</a>}, '... also without a link to itself');
	($res, $html) = page('/week?of=');
	is($res->{status}, 200, 'an empty ?of=: this week, 200');
	like($html, qr{\?of=$next" rel="next"}, '... the same week');
});

# --- A bad date ------------------------------------------------------------------------------
behaviour('a bad ?of= date: 422, the message by the field marked invalid, and this week below', sub {
	my (undef, undef, $next) = this_week();
	my ($res, $html);
	for my $bad ('2026-02-30', '2026-13-01', '2026-6-1', 'yesterday', '2026-06-01x', '1969-12-31',
	    '2100-01-01', '2026-06-01T00:00Z', "2026-06-01'", '99999-01-01') {
		my $q = $bad =~ s/([^A-Za-z0-9\-])/sprintf('%%%02X', ord $1)/ger;
		($res, $html) = page("/week?of=$q");
		is($res->{status}, 422, "?of=$bad: 422");
		like($html, qr{<p class="field-error" id="of-error">Enter a date as YYYY-MM-DD, between 1970 and 2099\.</p>},
		    '... with the message by the field');
		like($html, qr{<input id="of" name="of" type="date" value="\Q${\ html_esc($bad)}\E" aria-invalid="true" aria-describedby="of-error">},
		    '... the field marked invalid, showing what was sent');
		like($html, qr{\?of=$next" rel="next"}, '... and this week below it');
	}
	tidy_ok($res->{content}, 'the week page with a bad date');
});

behaviour('the first and the last days accepted: 1970-01-01 and 2099-12-31', sub {
	my ($res, $html) = page('/week?of=1970-01-01');
	is($res->{status}, 200, '?of=1970-01-01: 200');
	like($html, qr{<h1>Week of Monday 29 December 1969</h1>}, '... the week of Monday 29 December 1969');
	($res, $html) = page('/week?of=2099-12-31');
	is($res->{status}, 200, '?of=2099-12-31: 200');
	like($html, qr{<h1>Week of Monday 28 December 2099</h1>}, '... the week of Monday 28 December 2099');
});

# --- Signed out -------------------------------------------------------------------------------
behaviour('signed out, GET /week leads to the login page', sub {
	my $res = client()->get('/week?of=2026-06-01');
	is($res->{status}, 303, 'GET /week signed out: 303');
	like($res->{headers}{location} // '', qr{^/login\?next=}, '... to the login page');
});

sub html_esc {
	my ($s) = @_;
	$s =~ s/&/&amp;/g;
	$s =~ s/</&lt;/g;
	$s =~ s/>/&gt;/g;
	$s =~ s/"/&quot;/g;
	$s =~ s/'/&#39;/g;
	return $s;
}

done_testing();
