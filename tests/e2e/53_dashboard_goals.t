# 53_dashboard_goals.t — weekly goals (GET and POST /settings/goals: reps, or
# minutes for a timed exercise; non-numbers, 0 and too big refused with 422
# by the field, all or nothing; empty for no goal) and the dashboard: this
# week per exercise against last week and the goals (<meter min="0"
# max="GOAL" value="DONE">, "reached" when met), the same meters on /week,
# the current and longest streak, the last five workouts newest first, the
# quick log form (a workout timed now, the confirmation shown once, a
# resubmission saved once) and its errors (422 on the dashboard itself, the
# message by the field). The user lives in Asia/Kolkata (UTC+05:30).
#
# Each behaviour runs alone (EXBUDDY_ONLY). Two users are made once and
# never changed: a new account, and the dashboard fixture (goals push-up
# 100, plank 10 minutes, squat 50; six workouts today, two a week before);
# the behaviours that post bad goals or a bad quick log to them check
# after each refusal that nothing was saved. A behaviour that saves goals
# or workouts makes a user of its own, with the same fixture when it
# needs it (dash_user).
use strict;
use warnings;
use utf8;
use Test::More;
use Time::HiRes qw(time);
use EB;
use EBAccount qw(:DEFAULT :stats);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my $TZ = 'Asia/Kolkata';

# A new user in Kolkata whose weeks start on Monday.
sub kolkata_user {
	my $u = new_user();
	set_zone($u->{id}, $TZ, 1);
	return $u;
}

# GET PATH: (response, content as characters).
sub page {
	my ($who, $path) = @_;
	my $res = $who->get($path);
	return ($res, decode_page($res));
}

# The goals of USER in the database: "slug=target ..." sorted.
sub goals_db {
	my ($who) = @_;
	my $uid = sql_quote($who->{id});
	return join ' ', split /\n/, psql_fast("SELECT e.slug || '=' || g.weekly_target FROM exbuddy.goals g "
	    . "JOIN exbuddy.exercise_types e ON e.id = g.exercise_type_id WHERE g.user_id = $uid ORDER BY e.slug");
}

# The number of workouts of USER.
sub count_of {
	my ($who) = @_;
	return psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id = " . sql_quote($who->{id}));
}

my @slugs = qw(burpee jump-rope lunge mountain-climber plank pull-up push-up sit-up squat);
my %none = map { ("goal-$_" => '') } @slugs;
# post_goals(USER, FIELDS): POST /settings/goals with every field (empty unless given).
sub post_goals {
	my ($who, $fields) = @_;
	return $who->post_form('/settings/goals', { %none, %$fields });
}

# A new account, made once and only read.
my $fresh;
sub fresh { return $fresh //= kolkata_user() }

# dash_user(): a new user in Kolkata with the dashboard fixture: the goals
# push-up 100 reps, plank 10 minutes (600 s), squat 50 reps (straight into
# the database), six workouts in the first seconds of today (T) and two a
# week before (the week before this one, whichever day T is); its
# dashboard loaded again if midnight passed in Kolkata meanwhile.
# {u, T, res, html}. (Few psql calls: this fixture is made for several
# behaviours.)
sub dash_user {
	my $u = new_user();
	my $uid = sql_quote($u->{id});
	my ($T, $res, $html);
	for my $try (1 .. 3) {
		# Its zone and goals, no workouts, and today in Kolkata.
		$T = psql_fast("UPDATE exbuddy.users SET timezone = '$TZ', week_start = 1 WHERE id = $uid; "
		    . "DELETE FROM exbuddy.goals WHERE user_id = $uid; "
		    . "INSERT INTO exbuddy.goals (user_id, exercise_type_id, weekly_target) SELECT $uid, e.id, g.t "
		    . "FROM (VALUES ('push-up', 100), ('plank', 600), ('squat', 50)) g(slug, t) "
		    . "JOIN exbuddy.exercise_types e ON e.slug = g.slug; "
		    . "DELETE FROM exbuddy.workouts WHERE user_id = $uid; "
		    . "SET TimeZone = '$TZ'; SELECT to_char(current_date, 'YYYY-MM-DD')");
		add_workouts($u->{id}, [
			['push-up', "=current_date + time '00:00:01'", 30,   0, '15.0'],
			['push-up', "=current_date + time '00:00:02'", 25,   0, '12.5'],
			['plank',   "=current_date + time '00:00:03'",  0, 400, '23.3'],
			['push-up', "=current_date + time '00:00:04'", 20,   0, '10.0'],
			['plank',   "=current_date + time '00:00:05'",  0, 260, '15.2'],
			['sit-up',  "=current_date + time '00:00:06'", 12,   0,  '4.8'],
			['push-up', "=current_date - 7 + time '12:00'", 60,  0, '30.0'],
			['sit-up',  "=current_date - 7 + time '12:00'", 12,  0,  '4.8'],
		], tz => $TZ);
		($res, $html) = page($u, '/dashboard');
		last if local_today($TZ) eq $T;
	}
	return { u => $u, T => $T, res => $res, html => $html };
}

# The dashboard fixture, made once and only read.
my $dash;
sub dash { return $dash //= dash_user() }

# --- The goals form -------------------------------------------------------------------
behaviour('the goals form: one empty field per exercise, in minutes a week for a timed one, else reps', sub {
	my ($res, $html) = page(fresh(), '/settings/goals');
	is($res->{status}, 200, 'GET /settings/goals: 200');
	tidy_ok($res->{content}, 'the goals form');
	my $form = form_fields($html, '/settings/goals');
	is_deeply([sort grep { /^goal-/ } keys %{$form // {}}], [map { "goal-$_" } @slugs],
	    'one field goal-<slug> per exercise');
	ok(!grep({ $form->{"goal-$_"} ne '' } @slugs), '... all empty: no goals yet');
	like($html, qr{<label for="goal-plank">Plank \(minutes a week\)</label>}, '... a timed exercise in minutes');
	like($html, qr{<label for="goal-push-up">Push-up \(reps a week\)</label>}, '... the others in reps');
});

behaviour('a bad goal is refused: 422, the message by the field, what was typed kept, nothing saved', sub {
	my $u = fresh();		# refused: its goals stay none (checked)
	my $REPS = 'Enter whole reps from 1 to 700000, or leave it empty.';
	my $MINUTES = 'Enter whole minutes from 1 to 10080 (a week), or leave it empty.';
	my $res;
	for my $case (
		['goal-push-up', 'abc', $REPS, 'not a number'],
		['goal-push-up', '12abc', $REPS, 'a number with letters after it'],
		['goal-push-up', '1.5', $REPS, 'not whole'],
		['goal-push-up', '-5', $REPS, 'negative'],
		['goal-squat', '0', $REPS, '0'],
		['goal-squat', '700001', $REPS, 'more than 7 × 100000 reps'],
		['goal-squat', '99999999999999999999', $REPS, 'beyond any integer'],
		['goal-plank', '0', $MINUTES, '0 minutes'],
		['goal-plank', '10081', $MINUTES, 'more minutes than a week has (10080)'],
		['goal-plank', '10.5', $MINUTES, 'half a minute'],
	) {
		my ($field, $value, $msg, $what) = @$case;
		$res = post_goals($u, { 'goal-push-up' => 100, $field => $value });
		my $h = decode_page($res);
		is($res->{status}, 422, "$field=$value ($what): 422");
		is(field_error($h, $field), $msg, '... the message by the field');
		like(input_tag($h, $field) // '', qr{ value="\Q${\ ($value =~ s/&/&amp;/gr)}\E" aria-invalid="true" aria-describedby="$field-error"},
		    '... the field keeps what was typed and is marked invalid');
		like(alert_text($h) // '', qr/^There is a problem$/, '... and the page says so');
		is(goals_db($u), '', '... nothing saved, not even the valid push-up goal');
	}
	tidy_ok($res->{content}, 'the goals form with an error');
});

behaviour('three bad goals at once: 422, a message by each field, what was typed escaped', sub {
	my $u = kolkata_user();
	my $res = post_goals($u, { 'goal-push-up' => '<b>', 'goal-squat' => '0', 'goal-plank' => 'x' });
	my $html = decode_page($res);
	is($res->{status}, 422, 'three bad fields at once: 422');
	is(scalar(() = $html =~ /<p class="field-error" id="goal-[a-z-]+-error">/g), 3, '... three messages, one by each');
	like(input_tag($html, 'goal-push-up') // '', qr{ value="&lt;b&gt;"}, '... what was typed, escaped');
});

behaviour('the largest goals are accepted: 700000 reps, 10080 minutes (604800 s)', sub {
	my $u = kolkata_user();
	my $res = post_goals($u, { 'goal-squat' => 700000, 'goal-plank' => 10080 });
	is($res->{status}, 303, 'squat 700000, plank 10080 minutes: 303');
	is(goals_db($u), 'plank=604800 squat=700000', '... stored as 700000 reps and 10080 × 60 = 604800 s');
});

behaviour('saving goals (spaces around a number are fine): 303 to the dashboard, stored, confirmed there once', sub {
	my $u = kolkata_user();
	my $res = post_goals($u, { 'goal-push-up' => '100', 'goal-plank' => ' 10 ', 'goal-squat' => '50' });
	is($res->{status}, 303, 'push-up 100, plank 10 minutes, squat 50: 303');
	is($res->{headers}{location}, '/dashboard', '... to the dashboard');
	is(goals_db($u), 'plank=600 push-up=100 squat=50', '... stored: 100 reps, 10 × 60 = 600 s, 50 reps');
	my ($r, $html) = page($u, '/dashboard');
	is(flash_text($html), 'Your weekly goals are saved.', 'the dashboard confirms the save');
	($r, $html) = page($u, '/dashboard');
	is(flash_text($html), undef, '... once');
});

behaviour('the goals form shows the goals again, the plank in minutes', sub {
	my $u = dash()->{u};
	my $form = form_fields(decode_page($u->get('/settings/goals')), '/settings/goals');
	is(join(' ', map { "$_=" . $form->{"goal-$_"} } grep { $form->{"goal-$_"} ne '' } @slugs),
	    'plank=10 push-up=100 squat=50', 'the form shows them again, the plank in minutes');
});

# --- This week and last week ---------------------------------------------------------------
behaviour('the dashboard: 200, tidy, with the security headers', sub {
	my $d = dash();
	is($d->{res}{status}, 200, 'GET /dashboard: 200');
	tidy_ok($d->{res}{content}, 'the dashboard');
	security_headers_ok($d->{res}, 'GET /dashboard');
});

# Per exercise, by name:
#   Plank    2 workouts, 400 + 260 = 660 s = 11:00; before 0:00: new;
#            goal 600 s: 660 >= 600, reached, 100%
#   Push-up  3, 30 + 25 + 20 = 75 reps; before 60: (75 − 60) / 60 = +25%;
#            goal 100: 75 × 100 / 100 = 75%
#   Sit-up   1, 12; before 12: same; no goal
#   Squat    0, 0; before 0: —; goal 50: 0%
#   All      6 workouts; kcal 15.0 + 12.5 + 23.3 + 10.0 + 15.2 + 4.8 = 80.8,
#            before 30.0 + 4.8 = 34.8: (80.8 − 34.8) / 34.8 = 1.3218 → +132%
behaviour('the dashboard: this week per exercise against last week and the goals', sub {
	my $html = dash()->{html};
	my ($tot) = totals_table($html);
	is_deeply([map { join '|', @$_{qw(name workouts this before change goal)} } @{$tot // []}], [
		'Plank|2|11:00 min|0:00 min|new|100% 100% of 10:00 min — reached!',
		'Push-up|3|75 reps|60 reps|+25%|75% 75% of 100 reps',
		'Sit-up|1|12 reps|12 reps|same|Set a goal',
		'Squat|0|0 reps|0 reps|—|0% 0% of 50 reps',
	], 'this week per exercise: against last week and the goals') or diag(explain $tot);
	like($html, qr{<caption>Per exercise: this week against the week before, and your weekly goals</caption>},
	    '... the caption mentions the goals');
});

behaviour('the dashboard: a <meter> per goal, max the goal and value what is done (seconds for a timed one)', sub {
	my ($tot) = totals_table(dash()->{html});
	is_deeply([map { $_->{meter} } @{$tot // []}], [
		'<meter min="0" max="600" value="660" title="100% of the goal">',
		'<meter min="0" max="100" value="75" title="75% of the goal">',
		undef,
		'<meter min="0" max="50" value="0" title="0% of the goal">',
	], '... a <meter> per goal: max the goal, value what is done (seconds for the plank)')
	    or diag(explain [map { $_->{meter} } @{$tot // []}]);
});

# Own exercises among the built-ins: "abs roll" and "plank" (a built-in's
# name, so labelled "(yours)"), lower case. By name with letter case aside,
# as the exercise pages list them: abs roll, Plank, plank (yours), Push-up
# (byte order would put both lower-case names last).
behaviour('the dashboard, /week and /stats list exercises by name, letter case aside, own ones among the built-ins', sub {
	my $u = new_user();
	my $uid = sql_quote($u->{id});
	my $k = int(rand(1e9));
	psql_fast("INSERT INTO exbuddy.exercise_types (user_id, slug, name, description, measure, met, seconds_per_rep) "
	    . "VALUES ($uid, 'abs-roll-$k', 'abs roll', '', 'reps', 3.8, 3.0), "
	    . "($uid, 'plank-$k', 'plank', '', 'reps', 3.8, 3.0)");
	set_zone($u->{id}, 'UTC', 1);
	my $now = "=date_trunc('second', now())";
	add_workouts($u->{id}, [['push-up', $now, 5, 0, '1.0'], ["plank-$k", $now, 5, 0, '1.0'],
	    ['plank', $now, 0, 60, '1.0'], ["abs-roll-$k", $now, 5, 0, '1.0']]);
	my ($tot) = totals_table(($u->get('/dashboard')->{content}));
	my @order = ('abs roll', 'Plank', 'plank (yours)', 'Push-up');
	is_deeply([map { $_->{name} } @{$tot // []}], \@order, 'the dashboard: ' . join(', ', @order))
	    or diag(explain $tot);
	my @days = week_table($u->get('/week')->{content});
	is_deeply([map { (split /\|/)[1] } @days[grep { $days[$_] !~ /Rest day/ } 0 .. $#days]], \@order,
	    '/week, the day\'s rows: the same') or diag(explain \@days);
	my ($rec) = table_rows($u->get('/stats')->{content}, qr/^Totals, average per workout/);
	is_deeply([map { $_->[0] } @{$rec // []}], \@order, '/stats, the records: the same') or diag(explain $rec);
});

behaviour('the dashboard: this week in all, workouts and calories against last week', sub {
	my (undef, $foot) = totals_table(dash()->{html});
	is_deeply($foot, { workouts => 6, kcal => '80.8 kcal', prev_kcal => '34.8 kcal', change => '+132%' },
	    '... in all: 6 workouts, 80.8 kcal against 34.8, +132%') or diag(explain $foot);
});

behaviour('/week shows the same goal meters as the dashboard', sub {
	my $d = dash();
	my ($tot) = totals_table($d->{html});
	my ($wres, $whtml) = page($d->{u}, '/week');
	my ($wtot) = totals_table($whtml);
	is_deeply([map { $_->{meter} } @{$wtot // []}], [map { $_->{meter} } @{$tot // []}],
	    '/week shows the same meters');
	tidy_ok($wres->{content}, 'the week with goals');
});

# Streak: today and a week ago: 1 day now, 1 at most.
behaviour('the dashboard streak: workouts today and a week ago make 1 day, the longest 1 day', sub {
	is(tile_text(dash()->{html}, 'Streak'), 'Streak 1 day In a row with a workout. Your longest streak: 1 day.',
	    'the streak: 1 day, the longest 1 day');
});

# The last five on a dashboard, as "WHEN — EXERCISE, WHAT" (each linked to its edit form).
sub recent {
	my ($h) = @_;
	my ($ul) = ($h // '') =~ m{<ul class="recent">(.*?)</ul>}s or return ();
	return map {
		my ($id, $name, $did, $when) = m{<a class="what" href="/workouts/([^/"]+)/edit">(.*?)</a> <span class="did">(.*?)</span> <time[^>]*>(.*?)</time>}s;
		defined $when ? "$when — $name, " . ($did =~ s/ · /, /r) : "unlinked: $_";
	} $ul =~ m{<li>(.*?)</li>}g;
}
# The text of the dashboard's tile labelled LABEL, its spaces squeezed.
sub tile_text {
	my ($h, $label) = @_;
	my ($li) = ($h // '') =~ m{<li class="tile[^"]*"><span class="label">\Q$label\E</span>(.*?)</li>}s or return undef;
	my $t = html_unescape("$label " . ($li =~ s/<[^>]*>/ /gr));
	$t =~ s/\s+/ /g;
	$t =~ s/ ([.,])/$1/g;
	return $t =~ s/^\s+|\s+$//gr;
}

# The last five, newest first: 00:00:06 sit-ups, 00:00:05 plank 260 s =
# 4:20, 00:00:04 push-ups, 00:00:03 plank 400 s = 6:40, 00:00:02 push-ups.
behaviour('the dashboard: the last five workouts, newest first, in Kolkata time, the zone named', sub {
	my ($html, $T) = @{dash()}{qw(html T)};
	is_deeply([recent($html)], [
		"$T 00:00 — Sit-up, 12 reps, 4.8 kcal",
		"$T 00:00 — Plank, 4:20, 15.2 kcal",
		"$T 00:00 — Push-up, 20 reps, 10 kcal",
		"$T 00:00 — Plank, 6:40, 23.3 kcal",
		"$T 00:00 — Push-up, 25 reps, 12.5 kcal",
	], 'the last five workouts, newest first, in Kolkata time') or diag(explain [recent($html)]);
	like($html, qr{Sit-up</a> <span class="did">[^<]*</span> <time class="muted" datetime="${T}T00:00:06\+05:30">$T 00:00</time>}, '... with the offset in <time datetime>');
	like($html, qr{Times are in your time zone, Asia/Kolkata\.}, '... and the zone named');
});

# --- Quick log ----------------------------------------------------------------------------------
behaviour('the quick log form on the dashboard: exercise, reps, minutes, seconds, from=dashboard', sub {
	my $q = form_fields(dash()->{html}, '/workouts/new');
	is_deeply([sort keys %{$q // {}}], [qw(csrf exercise from minutes reps seconds submission)],
	    'the quick log form: exercise, reps, minutes, seconds (and csrf, submission, from)');
	is($q->{from}, 'dashboard', '... from=dashboard');
});

sub select_options_of {
	my ($h) = @_;
	my ($sel) = $h =~ m{<select id="exercise"[^>]*>(.*?)</select>}s or return ([], undef);
	my ($chosen) = $sel =~ /<option value="([^"]*)" selected>/;
	return ([$sel =~ /<option value="([^"]*)"/g], $chosen);
}

# Errors: 422 on the dashboard itself, the message by the field, nothing saved.
behaviour('a bad quick log: 422 on the dashboard itself, the message by the field, nothing saved', sub {
	my $d = dash();		# refused: its workouts stay 8 (checked)
	my $u = $d->{u};
	my $q = form_fields($d->{html}, '/workouts/new');
	my $res;
	for my $case (
		[{ exercise => '', reps => 5 }, 'exercise', 'Choose an exercise.'],
		[{ exercise => 'yoga', reps => 5 }, 'exercise', 'There is no such exercise; choose one from the list.'],
		[{ exercise => 'push-up', reps => 'abc' }, 'reps', 'Reps must be a whole number from 0 to 100000.'],
		[{ exercise => 'push-up' }, 'reps', 'Enter the reps, the duration, or both.'],
		[{ exercise => 'plank', reps => 10 }, 'duration', 'This exercise is timed: enter how long you did it.'],
		[{ exercise => 'plank', minutes => 1441 }, 'duration', 'The duration must be whole minutes and seconds, at most 24 hours in all.'],
	) {
		my ($f, $field, $msg) = @$case;
		$res = $u->post_form('/workouts/new', { %$q, reps => '', minutes => '', seconds => '', %$f });
		my $h = decode_page($res);
		my $what = join ' ', map { "$_=$f->{$_}" } sort keys %$f;
		is($res->{status}, 422, "quick log $what: 422");
		like($h, qr{<h1>Hello, \Q$u->{username}\E</h1>}, '... on the dashboard');
		is(field_error($h, $field), $msg, "... \"$msg\" by the $field field");
		like($h, qr{<section aria-labelledby="week-h"[^>]*>.*<table class="totals cards">}s, '... with this week still shown');
		is(count_of($u), 8, '... and nothing saved');
		if ($field eq 'reps' && defined $f->{reps}) {
			like(input_tag($h, 'reps') // '', qr{ value="abc" aria-invalid="true" aria-describedby="reps-error"},
			    '... the reps kept and marked invalid');
		}
		if ($f->{exercise} eq 'plank') {
			my ($opts, $chosen) = select_options_of($h);
			is($chosen, 'plank', '... the exercise still chosen');
		}
	}
	tidy_ok($res->{content}, 'the dashboard with a quick log error');
});

# A good one: now.
behaviour('a quick log is saved, timed now, confirmed once, heads the last workouts and counts this week', sub {
	my $d = dash_user();
	my $u = $d->{u};
	my $uid = sql_quote($u->{id});
	my ($res, $html) = page($u, '/dashboard');
	my $q = form_fields($html, '/workouts/new');
	my $t0 = time;
	$res = $u->post_form('/workouts/new', { %$q, exercise => 'push-up', reps => 7 });
	is($res->{status}, 303, 'quick log push-up 7: 303');
	like($res->{headers}{location}, qr{^/dashboard\?saved=[0-9a-f-]{36}$}, '... back to the dashboard (?saved= its id)');
	is(count_of($u), 9, '... one workout more');
	my ($secs, $reps, $local) = split /\|/, psql_fast("SET TimeZone = '$TZ'; SELECT abs(extract(epoch FROM now() - performed_at))::int "
	    . "|| '|' || reps || '|' || to_char(performed_at, 'YYYY-MM-DD HH24:MI') FROM exbuddy.workouts "
	    . "WHERE user_id = $uid ORDER BY created_at DESC LIMIT 1");
	ok(defined $secs && $secs <= 5 + (time - $t0), "... timed now ($secs s ago)");
	is($reps, 7, '... 7 reps');
	($res, $html) = page($u, '/dashboard');
	is(flash_text($html), 'Your workout is saved.', 'the dashboard says it is saved');
	# No weight given: 70 kg; 3.8 MET × 70 kg × (7 reps × 2.0 s) / 3600 s = 1.034 → 1 kcal
	is((recent($html))[0], "$local — Push-up, 7 reps, 1 kcal (estimated)",
	    '... it heads the last workouts, its calories estimated: 1 kcal');
	# Push-ups now 75 + 7 = 82 of 100.
	my ($tot) = totals_table($html);
	my ($pu) = grep { $_->{name} eq 'Push-up' } @{$tot // []};
	is($pu && "$pu->{workouts}|$pu->{this}|$pu->{meter}", '4|82 reps|<meter min="0" max="100" value="82" title="82% of the goal">',
	    '... and counts this week: 4 workouts, 82 of 100 reps');
	($res, $html) = page($u, '/dashboard');
	is(flash_text($html), undef, 'the confirmation is shown once');
});

# The same form sent again (a double click): saved once.
behaviour('the same quick log form sent twice (a double click) is saved once, and the dashboard says so', sub {
	my $d = dash_user();
	my $u = $d->{u};
	my ($res, $html) = page($u, '/dashboard');
	my $q = form_fields($html, '/workouts/new');
	$res = $u->post_form('/workouts/new', { %$q, exercise => 'push-up', reps => 7 });
	is($res->{status}, 303, 'setup: quick log push-up 7: 303');
	page($u, '/dashboard');		# its confirmation, seen
	$res = $u->post_form('/workouts/new', { %$q, exercise => 'push-up', reps => 7 });
	is($res->{status}, 303, 'the same submission again: 303');
	is(count_of($u), 9, '... no second workout');
	($res, $html) = page($u, '/dashboard');
	is(flash_text($html), 'That workout was saved already.', '... and the dashboard says so');
});

# Goal reached on push-ups: 75 + 7 + 18 = 100 >= 100.
behaviour('a goal met exactly (100 of 100 push-ups) is reached', sub {
	my $d = dash_user();
	my $u = $d->{u};
	for my $reps (7, 18) {
		my $q = form_fields(decode_page($u->get('/dashboard')), '/workouts/new');
		my $res = $u->post_form('/workouts/new', { %$q, exercise => 'push-up', reps => $reps });
		is($res->{status}, 303, "setup: quick log push-up $reps: 303");
	}
	my ($res, $html) = page($u, '/dashboard');
	my ($tot) = totals_table($html);
	my ($pu) = grep { $_->{name} eq 'Push-up' } @{$tot // []};
	is($pu && "$pu->{goal}|$pu->{meter}", '100% 100% of 100 reps — reached!|<meter min="0" max="100" value="100" title="100% of the goal">',
	    'exactly 100 of 100 push-ups: reached');
});

# An empty field removes a goal.
behaviour('an empty goal field removes the goal, and the row of an exercise without workouts goes with it', sub {
	my $d = dash_user();
	my $u = $d->{u};
	my ($tot) = totals_table($d->{html});
	ok(scalar(grep { $_->{name} eq 'Squat' } @{$tot // []}), 'setup: a squat row while squats have a goal');
	my $res = post_goals($u, { 'goal-push-up' => '100', 'goal-plank' => '10' });
	is($res->{status}, 303, 'the squat goal emptied: 303');
	is(goals_db($u), 'plank=600 push-up=100', '... its goal is gone');
	(undef, my $html) = page($u, '/dashboard');
	($tot) = totals_table($html);
	ok(!grep({ $_->{name} eq 'Squat' } @{$tot // []}), '... and the squat row with it (no workouts, no goal)');
});

# --- Streaks on the dashboard -----------------------------------------------------------------
# Yesterday, the day before and the one before that (none today), and ten
# days in a row in January 2025: 3 now, 10 the longest.
behaviour('the dashboard streak: up to yesterday (New York time) 3 days, the longest 10 days', sub {
	my $s = new_user();
	set_zone($s->{id}, 'America/New_York', 0);
	my $sh;
	for my $try (1 .. 3) {
		psql_fast("DELETE FROM exbuddy.workouts WHERE user_id = " . sql_quote($s->{id}));
		my $before = local_today('America/New_York');
		add_workouts($s->{id}, [
			(map { ['squat', "=current_date - $_ + time '23:59'", 5, 0, '1.0'] } 1 .. 3),
			(map { ['squat', sprintf('2025-01-%02d 17:00:00+00', $_), 5, 0, '1.0'] } 1 .. 10),
		], tz => 'America/New_York');
		(undef, $sh) = page($s, '/dashboard');
		last if local_today('America/New_York') eq $before;
	}
	is(tile_text($sh, 'Streak'), 'Streak 3 days In a row with a workout. Your longest streak: 10 days.',
	    'a streak up to yesterday: 3 days; the longest 10 days');
});

behaviour('a new account: the dashboard has no streak, nothing this week and no workouts', sub {
	my ($res, $html) = page(fresh(), '/dashboard');
	is($res->{status}, 200, 'a new account: the dashboard, 200');
	tidy_ok($res->{content}, 'the dashboard of a new account');
	is(tile_text($html, 'Streak'), 'Streak 0 days No streak going right now: a workout today starts one.', '... no streak');
	unlike($html, qr{Your longest streak}, '... no longest one');
	like($html, qr{<p>Nothing logged this week or last week yet\.</p>}, '... nothing this week');
	like($html, qr{<p>No workouts yet\. Log your first one above!</p>}, '... no workouts');
});

behaviour('signed in, GET / leads to the dashboard', sub {
	my $res = fresh()->get('/');
	is($res->{status}, 303, 'GET / signed in: 303');
	is($res->{headers}{location}, '/dashboard', '... the dashboard is the home page');
});

done_testing();
