# 40_log.t — logging a workout: GET/POST /workouts/new. The form (labelled,
# csrf and one-time submission id, now in the user's zone as the default),
# the exercise search, a valid save (303 to the dashboard, the confirmation
# shown once), every rejected input (422, the message by its field, the
# values kept, no row), a duplicate submission id, the calorie estimate and
# the time read in the user's zone.
#
# Each behaviour runs alone (EXBUDDY_ONLY). The shared users (in
# Asia/Kolkata; in UTC without a body weight; in UTC at 80 kg) keep their
# settings; a behaviour that saves workouts with one of them deletes them
# again (scratch); one that needs an empty history or another setting
# has a user of its own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my @ALL = qw(burpee jump-rope lunge mountain-climber plank pull-up push-up sit-up squat);

sub set_user {
	my ($w, $set) = @_;
	psql_fast("UPDATE exbuddy.users SET $set WHERE id = " . sql_quote($w->{id}));
}
# A new user (signed in) with SETTINGS (SQL assignments) made in the database.
sub own_user {
	my ($set) = @_;
	my $w = new_user();
	set_user($w, $set) if defined $set;
	return $w;
}
sub nrows { psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . sql_quote($_[0]{id})) }
# The newest workout of the user as "exercise reps duration calories estimated note".
sub last_row {
	my ($w) = @_;
	my $uid = sql_quote($w->{id});
	return psql_fast("SELECT e.slug || '|' || w.reps || '|' || w.duration_seconds || '|' || "
	    . "coalesce(w.calories::text, 'NULL') || '|' || CASE WHEN w.calories_estimated "
	    . "THEN 't' ELSE 'f' END || '|' || "
	    . "coalesce(w.note, 'NULL') FROM exbuddy.workouts w JOIN exbuddy.exercise_types e "
	    . "ON e.id = w.exercise_type_id WHERE w.user_id = $uid ORDER BY w.created_at DESC, "
	    . "w.performed_at DESC LIMIT 1");
}
# The submission id of a fresh copy of the form.
sub new_submission { hidden_value($_[0]->get('/workouts/new')->{content}, 'submission') }
# POST /workouts/new with FIELDS and the submission id of a fresh form.
sub save_form {
	my ($w, %f) = @_;
	return $w->post_form('/workouts/new', { %f, submission => new_submission($w) });
}

# The shared users, made on first use; no behaviour changes their settings.
my %shared;
sub kolkata { $shared{kolkata} //= own_user("timezone = 'Asia/Kolkata'") }
sub utc { $shared{utc} //= own_user("timezone = 'UTC'") }
sub w80 {
	return $shared{w80} //= do {
		my $w = own_user("timezone = 'UTC'");
		set_body_weight($w->{id}, 80);
		$w;
	};
}
# scratch(USER, CODE): runs CODE(USER), then leaves USER as it found it:
# the workouts CODE saved are deleted, and a message they left for the
# next page is read.
sub scratch {
	my ($w, $code) = @_;
	my $uid = sql_quote($w->{id});
	my $keep = psql_fast("SELECT string_agg(quote_literal(id::text), ', ') FROM exbuddy.workouts "
	    . "WHERE user_id = $uid");
	$code->($w);
	psql_fast("DELETE FROM exbuddy.workouts WHERE user_id = $uid"
	    . ($keep ne '' ? " AND id::text NOT IN ($keep)" : ''));
	$w->get('/dashboard');
}

# A valid form (in UTC, where "now" below is read).
my %good = (exercise => 'push-up', reps => '15', minutes => '', seconds => '',
    calories => '', date => '2026-03-03', time => '18:45', note => 'kept note');
my ($fdate, $ftime) = split ' ', psql_fast("SELECT to_char((now() + interval '25 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')");
my ($sdate, $stime) = split ' ', psql_fast("SELECT to_char((now() + interval '23 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')");

# --- Signed out: to the login page ------------------------------------------------
behaviour('signed out, GET /workouts/new sends to the login page', sub {
	my $res = client()->get('/workouts/new');
	is($res->{status}, 303, 'GET /workouts/new signed out: 303');
	like($res->{headers}{location} // '', qr{^/login\?next=%2Fworkouts%2Fnew$}, '... to the login page');
});

behaviour('signed out, POST /workouts/new is sent to the login page', sub {
	my $res = client()->request(POST => '/workouts/new', headers => {
	    'Content-Type' => 'application/x-www-form-urlencoded' }, content => 'exercise=push-up&reps=5');
	is($res->{status}, 303, 'POST /workouts/new signed out: 303 to /login (nothing saved)');
});

# --- The form -----------------------------------------------------------------------
behaviour('the form page is valid HTML with the security headers and no scripts', sub {
	my $res = kolkata()->get('/workouts/new');
	is($res->{status}, 200, 'GET /workouts/new: 200');
	my $html = $res->{content};
	tidy_ok($html, 'GET /workouts/new');
	security_headers_ok($res, 'GET /workouts/new');
	unlike($html, qr/<TMPL_|<script/i, 'no template tags, no scripts');
});

behaviour('the form has the csrf field and a submission id (a uuid)', sub {
	my $html = kolkata()->get('/workouts/new')->{content};
	my $f = form_fields($html, '/workouts/new') // {};
	ok(defined csrf_of($html) && ($f->{csrf} // '') eq csrf_of($html), 'the form has the csrf field');
	like($f->{submission} // '', qr/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
	    'the form has a submission id (a uuid)');
});

behaviour('each form gets a new submission id', sub {
	my $f = form_fields(kolkata()->get('/workouts/new')->{content}, '/workouts/new') // {};
	my $sub2 = new_submission(kolkata()) // '';
	isnt($sub2, $f->{submission}, 'each form gets a new submission id');
});

behaviour("the date and time default to now in the user's zone", sub {
	my $zone_now = sub { psql_fast("SELECT to_char(now() AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD HH24:MI')") };
	kolkata();
	my $t0 = $zone_now->();
	my $res = kolkata()->get('/workouts/new');
	my $t1 = $zone_now->();
	is($res->{status}, 200, 'GET /workouts/new: 200');
	my $f = form_fields($res->{content}, '/workouts/new') // {};
	my $shown = ($f->{date} // '') . ' ' . ($f->{time} // '');
	ok($shown eq $t0 || $shown eq $t1, "date and time default to now in Asia/Kolkata ($shown, now $t1 there)")
	    or diag("UTC now: " . psql_fast("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"));
});

behaviour('every field of the form has a label, and the form has every field', sub {
	my $html = kolkata()->get('/workouts/new')->{content};
	my ($post_form) = $html =~ m{(<form method="post" action="/workouts/new(?:\?log)?".*?</form>)}s;
	my @controls = ($post_form // '') =~ /<(?:input|select|textarea)\b([^>]*)>/g;
	my @unlabelled = grep { !/type="hidden"/ && !(/\bid="([^"]+)"/ && $html =~ /<label for="\Q$1\E">/) } @controls;
	ok(@controls >= 8 && !@unlabelled, 'every field of the form has a <label for>')
	    or diag("unlabelled: @unlabelled");
	for my $name (qw(exercise reps minutes seconds calories date time note)) {
		like($post_form // '', qr/\bname="$name"/, "the form has the field $name");
	}
});

behaviour('the exercise select offers every exercise of the library', sub {
	my ($opts) = select_options(kolkata()->get('/workouts/new')->{content}, 'exercise');
	is_deeply([grep { $_ ne '' } @$opts], \@ALL, 'the select offers every exercise of the library');
});

# --- Search --------------------------------------------------------------------------
behaviour('search: ?q=pushup, the only match, opens the form of Push-up', sub {
	my $html = kolkata()->get('/workouts/new?q=pushup')->{content};
	my $f = form_fields($html, '/workouts/new') // {};
	is($f->{exercise}, 'push-up', '?q=pushup: the form is for Push-up');
	like($html, qr{<h1>Log Push-up</h1>}, '... and says so');
});

behaviour('search: ?q=push narrows the list, says what it matched and keeps the words', sub {
	my $res = kolkata()->get('/workouts/new?q=push');
	my ($o) = select_options($res->{content}, 'exercise');
	my @push = grep { $_ ne '' } @$o;
	ok((grep { $_ eq 'push-up' } @push) && @push < @ALL, "?q=push narrows the list to (@push)");
	ok(!(grep { $_ eq 'plank' || $_ eq 'jump-rope' } @push), '... without Plank or Jump rope');
	like($res->{content}, qr/Exercises matching “push”/, '... and says what it matched');
	is(attr(input_tag($res->{content}, 'q'), 'value'), 'push', '... the search box keeps the words');
});

behaviour('search: any case and two words (?q=PUSH up) find Push-up', sub {
	my $f = form_fields(kolkata()->get('/workouts/new?q=PUSH%20up')->{content}, '/workouts/new') // {};
	is($f->{exercise}, 'push-up', '?q=PUSH up (any case, two words) finds Push-up');
});

behaviour('search: no match (?q=zzz) says so and shows every exercise', sub {
	my $res = kolkata()->get('/workouts/new?q=zzz');
	is($res->{status}, 200, '?q=zzz: 200');
	like($res->{content}, qr/No exercise matches “zzz”/, '?q=zzz says none match');
	my ($o) = select_options($res->{content}, 'exercise');
	is_deeply([grep { $_ ne '' } @$o], \@ALL, '... and shows them all');
});

behaviour('search: the query is escaped on the page', sub {
	my $res = kolkata()->get('/workouts/new?q=%3Cb%3E%27%22');
	is($res->{status}, 200, '?q=<b>\'": 200');
	unlike($res->{content}, qr/<b>'"/, '... the query is escaped on the page');
	tidy_ok($res->{content}, 'GET /workouts/new?q=zzz');
});

# --- A valid save ----------------------------------------------------------------------
my %valid = (exercise => 'push-up', reps => 20, minutes => '', seconds => '', calories => '',
    date => '2026-03-01', time => '07:30', note => 'Morning set');

behaviour('a valid workout is saved: 303 to /dashboard, one row, calories estimated', sub { scratch(utc(), sub {
	my ($w) = @_;
	my $n0 = nrows($w);
	my $res = save_form($w, %valid);
	is($res->{status}, 303, 'a valid workout: 303');
	is(nrows($w), $n0 + 1, '... one row more');
	is($res->{headers}{location}, '/dashboard?saved=' . psql_fast('SELECT id FROM exbuddy.workouts WHERE user_id = '
	    . sql_quote($w->{id}) . ' ORDER BY created_at DESC LIMIT 1'), '... to /dashboard?saved= its id (nothing else in the URL)');
	is(last_row($w), 'push-up|20|0|3.0|t|Morning set',
	    '... 20 push-ups, calories estimated: round(3.8 * 70 * 40 / 3600, 1) = 3.0');
}) });

behaviour('after a save the dashboard confirms it, once', sub {
	my $w = own_user("timezone = 'UTC'");
	is(save_form($w, %valid)->{status}, 303, 'a valid workout: 303');
	my $res = $w->get('/dashboard');
	is(flash_text($res->{content}), 'Your workout is saved.', 'the dashboard confirms it');
	tidy_ok($res->{content}, 'the dashboard with the confirmation');
	is(flash_text($w->get('/dashboard')->{content}), undef, '... once: not on the next page');
});

behaviour('the history shows a saved workout, its estimated calories marked "est."', sub {
	my $w = own_user("timezone = 'UTC'");
	is(save_form($w, %valid)->{status}, 303, 'a valid workout: 303');
	my @r = history_rows($w->get('/workouts')->{content});
	ok(@r == 1 && $r[0]{calories} eq '3' && $r[0]{estimated}, 'the history shows 3 (no useless decimal) marked "est."')
	    or diag(explain \@r);
});

# --- The duplicate submission ------------------------------------------------------------
behaviour('a duplicate submission id saves one workout and says it was saved already', sub { scratch(utc(), sub {
	my ($w) = @_;
	my $sub = new_submission($w);
	my $n0 = nrows($w);
	is($w->post_form('/workouts/new', { %valid, submission => $sub })->{status}, 303,
	    'the first time: 303');
	my $res = $w->post_form('/workouts/new', { exercise => 'push-up', reps => 20, date => '2026-03-01',
	    time => '07:30', note => 'Morning set', submission => $sub }, from => '/dashboard');
	is($res->{status}, 303, 'the same submission id again: 303');
	is($res->{headers}{location}, '/dashboard', '... to /dashboard');
	is(psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . sql_quote($w->{id})
	    . ' AND submission_id = ' . sql_quote($sub)), 1, '... still exactly one row with that submission id');
	is(nrows($w), $n0 + 1, '... no new row');
	like(flash_text($w->get('/dashboard')->{content}) // '', qr/saved already/i,
	    '... and a friendly message says it was saved already');
}) });

behaviour('a refused form keeps its submission id; the corrected one saves once', sub { scratch(utc(), sub {
	my ($w) = @_;
	my $sub = new_submission($w);
	my $res = $w->post_form('/workouts/new', { exercise => 'squat', reps => 'x', date => '2026-03-01',
	    time => '08:00', submission => $sub });
	is($res->{status}, 422, 'a refused form: 422');
	is(hidden_value($res->{content}, 'submission'), $sub, '... keeps its submission id');
	is($w->post_form('/workouts/new', { exercise => 'squat', reps => 10, date => '2026-03-01',
	    time => '08:00', submission => $sub })->{status}, 303, 'corrected: 303');
	$w->post_form('/workouts/new', { exercise => 'squat', reps => 10, date => '2026-03-01',
	    time => '08:00', submission => $sub }, from => '/dashboard');
	is(psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . sql_quote($w->{id})
	    . ' AND submission_id = ' . sql_quote($sub)), 1, 'sent twice more: one row');
}) });

behaviour('two forms with their own submission ids are two workouts, even when they say the same', sub { scratch(utc(), sub {
	my ($w) = @_;
	my $n0 = nrows($w);
	for (1 .. 2) {
		my $s = new_submission($w);
		$w->post_form('/workouts/new', { exercise => 'lunge', reps => 12, date => '2026-03-02',
		    time => '09:00', submission => $s });
	}
	is(nrows($w), $n0 + 2, 'two forms with their own submission ids: two workouts');
}) });

# --- Rejected input: 422, the message by the field, the values kept, no row ----------------
# (the shared user in UTC: a refused form saves nothing)
my @bad = (
	# [name, {changes}, field, message pattern]
	['reps above 100000', { reps => '100001' }, 'reps', qr/whole number from 0 to 100000/],
	['negative reps', { reps => '-1' }, 'reps', qr/whole number from 0 to 100000/],
	['reps not a number', { reps => 'abc' }, 'reps', qr/whole number/],
	['reps with a decimal', { reps => '1.5' }, 'reps', qr/whole number/],
	['reps as 1e3', { reps => '1e3' }, 'reps', qr/whole number/],
	['minutes not a number', { minutes => 'ten' }, 'duration', qr/whole minutes and seconds/],
	['minutes above 1440', { minutes => '1441' }, 'duration', qr/at most 24 hours/],
	['duration 86401 s', { minutes => '1440', seconds => '1' }, 'duration', qr/at most 24 hours/],
	['seconds negative', { seconds => '-5' }, 'duration', qr/whole minutes and seconds/],
	['no reps and no duration', { reps => '' }, 'reps', qr/reps, the duration, or both/],
	['reps 0 and duration 0', { reps => '0', minutes => '0', seconds => '0' }, 'reps',
	    qr/reps, the duration, or both/],
	['a timed exercise without a duration', { exercise => 'plank', reps => '30' }, 'duration',
	    qr/timed: enter how long/],
	['calories not a number', { calories => 'lots' }, 'calories', qr/number from 0 to 100000/],
	['calories negative', { calories => '-3' }, 'calories', qr/number from 0 to 100000/],
	['calories above 100000', { calories => '100000.5' }, 'calories', qr/number from 0 to 100000/],
	['calories with two decimals', { calories => '4.25' }, 'calories', qr/like 45 or 45\.5/],
	['no exercise', { exercise => '' }, 'exercise', qr/Choose an exercise/],
	['an unknown exercise', { exercise => 'deadlift' }, 'exercise', qr/no such exercise/],
	['no date', { date => '' }, 'date', qr/YYYY-MM-DD/],
	['a malformed date', { date => '03/03/2026' }, 'date', qr/YYYY-MM-DD/],
	['a date that does not exist', { date => '2026-02-30' }, 'date', qr/YYYY-MM-DD/],
	['no time', { time => '' }, 'time', qr/HH:MM/],
	['a malformed time', { time => '25:00' }, 'time', qr/HH:MM/],
	['a time with text', { time => '7pm' }, 'time', qr/HH:MM/],
	['more than a day in the future', { date => $fdate, time => $ftime }, 'date',
	    qr/at most a day from now, and not before 1970/],
	['before 1970', { date => '1969-12-31', time => '23:59' }, 'date',
	    qr/at most a day from now, and not before 1970/],
	['a note of 501 characters', { note => 'n' x 501 }, 'note', qr/at most 500 characters/],
	['a note with a control character', { note => "bell\x07" }, 'note', qr/at most 500 characters of text/],
);
for my $case (@bad) {
	my ($name, $chg, $field, $msg) = @$case;
	behaviour("refused, $name: 422, the message by the $field field, the values kept, nothing saved", sub {
		my $u = utc();
		my %sent = (%good, %$chg);
		my $before = nrows($u);
		my $res = save_form($u, %sent);
		is($res->{status}, 422, "$name: 422");
		my $err = field_error($res->{content}, $field);
		like($err // '', $msg, "$name: the message is by the $field field")
		    or diag('errors: ' . join(', ', map { "$_=" . (field_error($res->{content}, $_) // '-') }
		    qw(exercise reps duration calories date time note)));
		my $kept = form_fields($res->{content}, '/workouts/new') // {};
		my @lost = grep { ($kept->{$_} // '<none>') ne $sent{$_} }
		    grep { !($_ eq 'exercise' && $sent{$_} eq 'deadlift') } sort keys %sent;
		ok(!@lost, "$name: the values are kept") or diag(join "\n", map {
		    "$_: sent '$sent{$_}', shown '" . ($kept->{$_} // '<none>') . "'" } @lost);
		is(nrows($u), $before, "$name: nothing saved");
	});
}

# The year 0000 passes the app's date check but not PostgreSQL's: it must be
# refused as a bad date, not fail the request.
behaviour('the date 0000-01-01 is refused by the date field, not a server error', sub {
	my $u = utc();
	my $n0 = nrows($u);
	my $res = $u->post_form('/workouts/new', { %good, date => '0000-01-01', time => '10:00' });
	is($res->{status}, 422, 'the date 0000-01-01: 422 (not a server error)');
	ok(defined field_error($res->{content}, 'date'), '... with a message by the date field');
	is(nrows($u), $n0, '... nothing saved');
});

behaviour('one page shows every problem at once', sub {
	my $res = utc()->post_form('/workouts/new', { exercise => 'nope', reps => '-1', minutes => 'x',
	    calories => 'y', date => '2026-03-03', time => '10:00', note => 'z' x 501 });
	is($res->{status}, 422, 'many bad fields: 422');
	ok(defined field_error($res->{content}, $_), "... the $_ error is shown") for
	    qw(exercise reps duration calories note);
	like(alert_text($res->{content}) // '', qr/there is a problem/i, '... with an alert at the top');
	tidy_ok($res->{content}, 'the form with errors');
	like($res->{content}, qr/<input id="reps"[^>]*aria-invalid="true" aria-describedby="reps-error"/,
	    '... the reps field points at its message');
});

# --- Accepted edges --------------------------------------------------------------------------
my @ok = (
	# [name, {changes}, the stored row starts with, more checks (the user)]
	['100000 reps', { reps => '100000' }, 'push-up|100000|0|'],
	['24 hours of plank', { exercise => 'plank', reps => '', minutes => '1440', seconds => '0' },
	    'plank|0|86400|'],
	['0 reps and 30 s', { exercise => 'jump-rope', reps => '0', seconds => '30' }, 'jump-rope|0|30|'],
	['23 hours from now', { date => $sdate, time => $stime }, 'push-up|15|0|'],
	['1970-01-01 00:00 UTC', { date => '1970-01-01', time => '00:00' }, 'push-up|15|0|'],
	['a time with seconds', { time => '18:45:30' }, 'push-up|15|0|'],
	['500 characters of ü', { note => 'ü' x 500 }, 'push-up|15|0|', sub {
		is(psql_fast('SELECT char_length(note) FROM exbuddy.workouts WHERE user_id = '
		    . sql_quote($_[0]{id}) . ' ORDER BY created_at DESC LIMIT 1'), 500,
		    '500 ü are 500 characters (not bytes) and kept');
	}],
	['the exercise by its name', { exercise => 'Push-up' }, 'push-up|15|0|'],
	['spaces around the numbers', { reps => ' 15 ' }, 'push-up|15|0|'],
);
for my $case (@ok) {
	my ($name, $chg, $want, $more) = @$case;
	behaviour("accepted, $name: saved", sub { scratch(utc(), sub {
		my ($w) = @_;
		my $res = save_form($w, %good, %$chg);
		is($res->{status}, 303, "$name: saved (303)")
		    or diag(join ', ', map { "$_=" . (field_error($res->{content}, $_) // '-') }
		    qw(exercise reps duration calories date time note));
		like(last_row($w), qr/^\Q$want\E/, "$name: stored as $want…");
		$more->($w) if $more;
	}) });
}

# --- Calories ---------------------------------------------------------------------------------
my $save = sub {
	my ($w, %f) = @_;
	return save_form($w, %good, note => '', %f)->{status};
};

behaviour('without a body weight the estimate assumes 70 kg', sub { scratch(utc(), sub {
	my ($w) = @_;
	is($save->($w, exercise => 'push-up', reps => 20), 303, '20 push-ups, no body weight: saved');
	is(last_row($w), 'push-up|20|0|3.0|t|NULL', '... 3.0 kcal estimated (70 kg)');
	is($save->($w, exercise => 'plank', reps => '', minutes => 10), 303, '10 minutes of plank: saved');
	is(last_row($w), 'plank|0|600|' . psql_fast('SELECT round(3.5 * 70 * 600 / 3600.0, 1)') . '|t|NULL',
	    '... round(3.5 * 70 * 600 / 3600, 1) = 40.8 estimated');
	is(last_row($w), 'plank|0|600|40.8|t|NULL', '... which is 40.8');
}) });

behaviour('with reps and a duration the estimate counts the duration, not the reps', sub { scratch(utc(), sub {
	my ($w) = @_;
	is($save->($w, exercise => 'burpee', reps => 10, minutes => 2), 303, '10 burpees in 2 minutes: saved');
	is(last_row($w), 'burpee|10|120|18.7|t|NULL', '... the duration counts, not the reps: 8.0 * 70 * 120 / 3600 = 18.7');
}) });

behaviour("with a body weight the estimate uses it", sub { scratch(w80(), sub {
	my ($w) = @_;
	is($save->($w, exercise => 'push-up', reps => 20), 303, '20 push-ups at 80 kg: saved');
	is(last_row($w), 'push-up|20|0|3.4|t|NULL', '... round(3.8 * 80 * 40 / 3600, 1) = 3.4 estimated');
	is($save->($w, exercise => 'squat', reps => 30), 303, '30 squats (2.5 s each) at 80 kg: saved');
	is(last_row($w), 'squat|30|0|6.3|t|NULL', '... round(3.8 * 80 * 75 / 3600, 1) = 6.3');
}) });

behaviour('calories given are kept as given (0 too), not marked estimated', sub { scratch(w80(), sub {
	my ($w) = @_;
	is($save->($w, exercise => 'push-up', reps => 20, calories => '55.5'), 303, 'calories given: saved');
	is(last_row($w), 'push-up|20|0|55.5|f|NULL', '... kept as given, not marked estimated');
	is($save->($w, exercise => 'push-up', reps => 20, calories => '0'), 303, 'calories 0 given: saved');
	is(last_row($w), 'push-up|20|0|0.0|f|NULL', '... kept as 0, not estimated');
}) });

behaviour('the history marks estimated calories "est." and given ones not', sub { scratch(w80(), sub {
	my ($w) = @_;
	is($save->($w, exercise => 'push-up', reps => 20), 303, '20 push-ups at 80 kg: saved');
	is($save->($w, exercise => 'push-up', reps => 20, calories => '55.5'), 303, 'calories given: saved');
	my @h = history_rows($w->get('/workouts')->{content});
	my ($given) = grep { $_->{calories} eq '55.5' } @h;
	my ($est) = grep { $_->{calories} eq '3.4' } @h;
	ok($given && !$given->{estimated}, 'the history shows given calories without "est."');
	ok($est && $est->{estimated}, 'the history marks the estimate "est."');
}) });

# --- The time is read in the user's zone ------------------------------------------------------
my $when = sub {
	psql_fast("SELECT to_char(performed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM "
	    . "exbuddy.workouts WHERE user_id = " . sql_quote($_[0]{id}) . " ORDER BY created_at DESC LIMIT 1");
};

behaviour("the time is read in the user's zone: New York, in summer and in winter", sub {
	my $w = own_user("timezone = 'America/New_York'");
	is($save->($w, date => '2026-07-01', time => '23:30'), 303, 'New York: 2026-07-01 23:30 saved');
	is($when->($w), '2026-07-02 03:30:00', '... stored as 2026-07-02 03:30 UTC (EDT, -4)');
	is($save->($w, date => '2026-01-15', time => '23:30'), 303, 'New York: 2026-01-15 23:30 saved');
	is($when->($w), '2026-01-16 04:30:00', '... stored as 2026-01-16 04:30 UTC (EST, -5)');
});

behaviour("the time is read in the user's zone: Kolkata (+5:30)", sub { scratch(kolkata(), sub {
	my ($w) = @_;
	is($save->($w, date => '2026-07-01', time => '03:00'), 303, 'Kolkata: 2026-07-01 03:00 saved');
	is($when->($w), '2026-06-30 21:30:00', '... stored as 2026-06-30 21:30 UTC (+5:30)');
}) });

# --- Without the csrf token ----------------------------------------------------------------------
behaviour('POST /workouts/new without the csrf token: 403, nothing saved', sub {
	my $u = utc();
	my $n0 = nrows($u);
	my $res = $u->post_form('/workouts/new', { %good, csrf => undef });
	is($res->{status}, 403, 'POST /workouts/new without csrf: 403');
	is(nrows($u), $n0, '... nothing saved');
});

behaviour('POST /workouts/new with a wrong csrf token: 403, nothing saved', sub {
	my $u = utc();
	my $n0 = nrows($u);
	my $res = $u->post_form('/workouts/new', { %good, csrf => 'forged' });
	is($res->{status}, 403, 'POST /workouts/new with a wrong csrf token: 403');
	is(nrows($u), $n0, '... nothing saved');
});

done_testing();
