# 55_look_and_feel.t — what issue 10 changed in the pages, over real HTTP:
# the current page marked in the navigation, the error summary linking to
# each field, seconds past 59 refused (not silently carried), the log form
# shaped by its exercise with the recent exercises first, "repeat" on the
# dashboard opening the form filled with last time's sets, form pages kept
# for Back (so that Save after Back finds its submission saved: a save
# leads to a URL other than its form's), Undo beside the confirmation of a
# save, and the dashboard's tiles (this week against the week before).
#
# Each behaviour runs alone (EXBUDDY_ONLY) with a user of its own.
use strict;
use warnings;
use utf8;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts :stats);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

sub nrows { psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . sql_quote($_[0]{id})) }
sub utc_user {
	my $u = new_user();
	set_zone($u->{id}, 'UTC', 1);
	return $u;
}
# A form for EXERCISE posted with its own fresh submission id.
sub log_form {
	my ($u, %f) = @_;
	my $sub = hidden_value($u->get('/workouts/new')->{content}, 'submission');
	return $u->post_form('/workouts/new', { date => '2026-03-03', time => '10:00', %f,
	    submission => $sub });
}

behaviour('the navigation marks the current page with aria-current, and only it', sub {
	my $u = utc_user();
	for my $case (['/dashboard', '/dashboard'], ['/workouts', '/workouts'], ['/workouts/new', '/workouts/new'],
	    ['/week', '/week'], ['/stats', '/stats'], ['/settings', '/settings']) {
		my ($path, $link) = @$case;
		my $html = decode_page($u->get($path));
		my ($nav) = $html =~ m{<header class="site">(.*?)</header>}s;
		my @current = ($nav // '') =~ m{<a href="([^"]+)" aria-current="page">}g;
		is_deeply(\@current, [$link], "$path: its own link is the current one");
	}
});

behaviour('the error summary names each bad field and links to it, in the order of the form', sub {
	my $u = utc_user();
	my $res = log_form($u, exercise => 'push-up', reps => 'x', date => '2026-02-30');
	is($res->{status}, 422, 'two bad fields: 422');
	my @s = error_summary(decode_page($res));
	is_deeply([map { $_->[0] } @s], ['reps', 'date'], '... the summary links #reps, then #date');
	like($s[0][1] // '', qr/whole number/, '... with the message of the reps field');
	my $html = decode_page($res);
	like($html, qr/<input id="reps"[^>]*aria-invalid="true"/, '... the target #reps exists and is marked');
	like($html, qr/<input id="date"[^>]*aria-invalid="true"/, '... the target #date exists and is marked');
	like($html, qr{<title>Error: [^<]+</title>}, '... the title begins "Error: "');
	unlike(decode_page($u->get('/workouts/new')), qr{<title>Error:}, 'the form as first shown has no "Error: " in its title');
	is(nrows($u), 0, '... nothing saved');
});

behaviour('75 seconds are refused beside the time, with what was meant, and nothing is saved', sub {
	my $u = utc_user();
	my $res = log_form($u, exercise => 'plank', minutes => '1', seconds => '75');
	is($res->{status}, 422, 'seconds=75: 422');
	is(field_error(decode_page($res), 'duration'), 'Seconds go from 0 to 59: 75 seconds is 1 min 15 s.',
	    '... the message by the time says so');
	my $f = form_fields($res->{content}, '/workouts/new') // {};
	is("$f->{minutes}:$f->{seconds}", '1:75', '... the values kept as typed');
	is(nrows($u), 0, '... nothing saved');
	is(log_form($u, exercise => 'plank', minutes => '2', seconds => '15')->{status}, 303,
	    '2 min 15 s: saved');
});

behaviour('the log form shows the fields of its exercise: time for a plank, reps and weight for a weighted one', sub {
	my $u = utc_user();
	my $plank = decode_page($u->get('/workouts/new?exercise=plank'));
	my ($pset) = $plank =~ m{(<fieldset class="set" id="set">.*?</fieldset>)}s;
	my ($pmain, $pmore) = ($pset // '') =~ m{^(.*?)<details class="more"[^>]*>(.*)$}s;
	like($pmain // '', qr/name="minutes"/, 'plank: minutes shown');
	unlike($pmain // '', qr/name="reps"/, '... reps not in the way');
	like($pmore // '', qr/name="reps"/, '... but there under "more"');
	like($plank, qr{<h1>Log Plank</h1>}, '... the heading names it');
	my $pull = decode_page($u->get('/workouts/new?exercise=pull-up'));
	my ($uset) = $pull =~ m{(<fieldset class="set" id="set">.*?</fieldset>)}s;
	my ($umain) = ($uset // '') =~ m{^(.*?)(?:<details|$)}s;
	like($umain // '', qr/name="reps"/, 'pull-up: reps shown');
	like($umain // '', qr/<label for="load">Added weight/, '... and its added weight (a bodyweight move)');
	unlike($umain // '', qr/name="minutes"/, '... the time under "more"');
	my $none = decode_page($u->get('/workouts/new'));
	like($none, qr/name="reps"/, 'no exercise chosen: the reps ...');
	like($none, qr/name="minutes"/, '... the time ...');
	like($none, qr/name="load"/, '... and the weight all shown');
});

behaviour('the log form offers the recent exercises first, newest first, each once, with last time\'s sets', sub {
	my $u = utc_user();
	add_workouts($u->{id}, [
		['squat', '2026-03-01 10:00:00+00', 10, 0, '4.0'],
		['plank', '2026-03-02 10:00:00+00', 0, 90, '3.0'],
		['squat', '2026-03-03 10:00:00+00', 12, 0, '4.0'],
	]);
	my $html = decode_page($u->get('/workouts/new'));
	my ($ul) = $html =~ m{<ul class="pick" aria-label="Your recent exercises">(.*?)</ul>}s;
	my @links = ($ul // '') =~ m{<a class="button secondary" href="([^"]+)">}g;
	is_deeply(\@links, ['/workouts/new?exercise=squat', '/workouts/new?exercise=plank'],
	    'squat (the newest), then plank, each once');
	like($ul // '', qr{Squat<span class="sub">12 reps</span>}, '... with what was done last time');
	unlike(decode_page(utc_user()->get('/workouts/new')), qr/Your recent exercises/,
	    'a new account: no recent exercises');
});

behaviour('the dashboard offers "repeat" for the last three exercises, opening the form filled with last time', sub {
	my $u = utc_user();
	my $i = 0;
	for my $w (['squat', 8, ''], ['plank', '', 1], ['push-up', 20, ''], ['sit-up', 15, '']) {
		is(log_form($u, exercise => $w->[0], reps => $w->[1], minutes => $w->[2],
		    time => sprintf('10:%02d', $i++))->{status}, 303, "setup: $w->[0] logged");
	}
	my $html = decode_page($u->get('/dashboard'));
	my ($rep) = $html =~ m{<div class="repeat">(.*?)</div>}s;
	my @links = map { html_unescape($_) } ($rep // '') =~ m{<a class="button secondary" href="([^"]+)">}g;
	is_deeply(\@links, [map { "/workouts/new?exercise=$_&same=1" } qw(sit-up push-up plank)],
	    'the last three, newest first');
	my $res = $u->get('/workouts/new?exercise=push-up&same=1');
	is($res->{status}, 200, 'repeat push-up: 200');
	my $f = form_fields($res->{content}, '/workouts/new') // {};
	is("$f->{exercise}|$f->{reps}", 'push-up|20', '... the form filled with last time: 20 push-ups');
	like($f->{submission} // '', qr/^[0-9a-f-]{36}$/, '... with a submission id of its own');
	$res = $u->get('/workouts/new?exercise=burpee&same=1');
	is($res->{status}, 422, 'repeat of an exercise never logged: 422');
	like(field_error(decode_page($res), 'exercise') // '', qr/not logged this exercise before/,
	    '... says so by the exercise');
});

behaviour('the recent exercises are found among the last 20 workouts, past the five the dashboard lists', sub {
	my $u = utc_user();
	# Newest first: 6 squats, a plank, 5 squats, a push-up, 5 squats,
	# a sit-up (the 19th), a burpee (the 21st, too old to count).
	my @order = ((('squat') x 6), 'plank', (('squat') x 5), 'push-up',
	    (('squat') x 5), 'sit-up', 'squat', 'burpee');
	my $i = 0;
	add_workouts($u->{id}, [map {
		$i++;
		[$_, sprintf('2026-03-01 10:%02d:00+00', 59 - $i),
		    $_ eq 'plank' ? 0 : 10 + $i, $_ eq 'plank' ? 60 + $i : 0]
	} @order]);
	my $dash = decode_page($u->get('/dashboard'));
	my ($list) = $dash =~ m{<ul class="recent">(.*?)</ul>}s;
	my @names = ($list // '') =~ m{<a class="what"[^>]*>([^<]+)</a>}g;
	is_deeply(\@names, [('Squat') x 5], 'the dashboard lists the last five workouts');
	my ($rep) = $dash =~ m{<div class="repeat">(.*?)</div>}s;
	my @links = map { html_unescape($_) } ($rep // '') =~ m{<a class="button secondary" href="([^"]+)">}g;
	is_deeply(\@links, [map { "/workouts/new?exercise=$_&same=1" } qw(squat plank push-up)],
	    '... and offers to repeat squat, plank and push-up, the 7th and 13th workouts');
	my $form = decode_page($u->get('/workouts/new'));
	my ($ul) = $form =~ m{<ul class="pick" aria-label="Your recent exercises">(.*?)</ul>}s;
	@links = ($ul // '') =~ m{<a class="button secondary" href="([^"]+)">}g;
	is_deeply(\@links, [map { "/workouts/new?exercise=$_" } qw(squat plank push-up sit-up)],
	    'the log form offers squat, plank, push-up and sit-up (the 19th), not the burpee (the 21st)');
	like($ul // '', qr{Squat<span class="sub">11 reps</span>}, '... squat with its newest sets');
	like($ul // '', qr{Push-up<span class="sub">23 reps</span>}, '... push-up with the 13th workout\'s');
	like($ul // '', qr{Sit-up<span class="sub">29 reps</span>}, '... sit-up with the 19th\'s');
});

behaviour('form pages are kept for Back (private, no-cache); other pages and refusals are never stored', sub {
	my $u = utc_user();
	is($u->get('/workouts/new')->{headers}{'cache-control'}, 'private, no-cache', 'GET /workouts/new: private, no-cache');
	is($u->get('/dashboard')->{headers}{'cache-control'}, 'private, no-cache', 'GET /dashboard: private, no-cache');
	is($u->get('/workouts')->{headers}{'cache-control'}, 'no-store', 'GET /workouts: no-store');
	is($u->get('/settings')->{headers}{'cache-control'}, 'no-store', 'GET /settings: no-store');
	my $res = log_form($u, exercise => 'push-up', reps => 'x');
	is($res->{headers}{'cache-control'}, 'no-store', 'a refused form (422): no-store');
});

# Back after saving shows the page the form came from as the browser kept
# it: its URL must not be the one the save leads to (the quick log's
# dashboard would be replaced in the cache by the dashboard after saving,
# with a new submission id), and its kept form, sent again, saves nothing.
behaviour('a quick log leads to /dashboard?saved=ID, not /dashboard: the page it was sent from stays cached for Back', sub {
	my $u = utc_user();
	my $dash = $u->get('/dashboard');
	is($dash->{headers}{'cache-control'}, 'private, no-cache', 'the dashboard is kept for Back');
	my $f = form_fields($dash->{content}, '/workouts/new') // {};
	my $res = $u->post_form('/workouts/new', { %$f, exercise => 'squat', reps => 9 });
	is($res->{status}, 303, 'quick log of 9 squats: 303');
	my $id = psql_fast('SELECT id FROM exbuddy.workouts WHERE user_id = ' . sql_quote($u->{id}));
	is($res->{headers}{location}, "/dashboard?saved=$id", '... to /dashboard?saved= its id: another URL than the form\'s');
});

# A browser drops its copy of a URL that a POST went to (RFC 9111, 4.4):
# the log form posts to another URL than its page's, or Back after saving
# would fetch a new form with a new submission id.
behaviour('the log form posts to /workouts/new?log, not /workouts/new: the page it was sent from stays cached for Back', sub {
	my $u = utc_user();
	my $html = $u->get('/workouts/new?exercise=squat')->{content};
	my ($action) = $html =~ m{<form method="post" action="([^"]*)" class="log"};
	is($action, '/workouts/new?log', 'the log form posts to /workouts/new?log');
	my $f = form_fields($html, '/workouts/new') // {};
	my $res = $u->post_form('/workouts/new?log', { %$f, reps => 9, action => 'save' });
	is($res->{status}, 303, '... which saves: 303');
	like($res->{headers}{location} // '', qr{^/dashboard\?saved=[0-9a-f-]{36}$}, '... to /dashboard?saved= its id');
	is(nrows($u), 1, '... one workout');
});

behaviour('Back after saving, then Save again: the kept form saves nothing more and says it was saved already', sub {
	my $u = utc_user();
	my $f = form_fields($u->get('/dashboard')->{content}, '/workouts/new') // {};
	my %sent = (%$f, exercise => 'squat', reps => 9);
	is($u->post_form('/workouts/new', \%sent)->{status}, 303, 'quick log: 303');
	my $res = $u->post_form('/workouts/new', \%sent);
	is($res->{status}, 303, 'the kept form sent again: 303');
	is($res->{headers}{location}, '/dashboard', '... to the dashboard (no Undo: nothing new was saved)');
	is(nrows($u), 1, '... still one workout');
	my $html = decode_page($u->get('/dashboard'));
	like(flash_text($html) // '', qr/^That workout was saved already\.$/, '... "That workout was saved already."');
	unlike($html, qr/name="undo"/, '... and no Undo button');
});

behaviour('Undo right after saving: a button beside the confirmation deletes that workout and says so', sub {
	my $u = utc_user();
	my $res = log_form($u, exercise => 'push-up', reps => 15);
	my $at = $res->{headers}{location} // '';
	like($at, qr{^/dashboard\?saved=[0-9a-f-]{36}$}, 'saved: 303 to /dashboard?saved=ID');
	my $id = ($at =~ /saved=(.*)$/)[0] // '';
	my $html = decode_page($u->get($at));
	like(flash_text($html) // '', qr/^Your workout is saved\./, 'the confirmation');
	my $undo = form_fields($html, "/workouts/$id/delete");
	ok($undo && ($undo->{undo} // '') eq '1', '... with an Undo form posting undo=1 to /workouts/ID/delete');
	like($html, qr{<div class="flash">.*?role="status".*?<button[^>]*>Undo</button>}s, '... its button "Undo" beside it');
	$res = $u->post_form("/workouts/$id/delete", $undo // {});
	is($res->{status}, 303, 'Undo: 303');
	is($res->{headers}{location}, '/dashboard', '... back to the dashboard');
	is(nrows($u), 0, '... the workout is gone');
	is(flash_text(decode_page($u->get('/dashboard'))), 'Undone: that workout is no longer in your log.',
	    '... "Undone: that workout is no longer in your log."');
});

behaviour('Undo is offered once, with the confirmation: not on a reload, not for a workout that is gone, not for another user\'s', sub {
	my $u = utc_user();
	my $at = log_form($u, exercise => 'push-up', reps => 15)->{headers}{location} // '';
	my $id = ($at =~ /saved=(.*)$/)[0] // '';
	like(decode_page($u->get($at)), qr/name="undo"/, 'the first view of /dashboard?saved=ID has Undo');
	unlike(decode_page($u->get($at)), qr/name="undo"/, 'a reload of it has not (the confirmation is shown once)');
	my $o = utc_user();
	my $oat = log_form($o, exercise => 'squat', reps => 5)->{headers}{location} // '';
	my ($oid) = $oat =~ /saved=(.*)$/;
	log_form($u, exercise => 'push-up', reps => 16);
	my $html = decode_page($u->get("/dashboard?saved=$oid"));
	ok(defined flash_text($html) && $html !~ /name="undo"/, "another user's workout in ?saved=: the confirmation, no Undo");
	$u->post_form("/workouts/$id/delete", {});
	log_form($u, exercise => 'push-up', reps => 17);
	unlike(decode_page($u->get("/dashboard?saved=$id")), qr/name="undo"/, 'a workout deleted since: no Undo');
	log_form($u, exercise => 'push-up', reps => 18);
	unlike(decode_page($u->get('/dashboard?saved=not-an-id')), qr/name="undo"/, 'a ?saved= that is no id: no Undo');
});

behaviour("Undo of another user's workout: 404, nothing deleted; without the form's token: refused", sub {
	my $u = utc_user();
	my $o = utc_user();
	my ($oid) = (log_form($o, exercise => 'squat', reps => 5)->{headers}{location} // '') =~ /saved=(.*)$/;
	my $res = $u->post_form("/workouts/$oid/delete", { undo => 1 });
	is($res->{status}, 404, "Undo of the other user's workout: 404");
	is(nrows($o), 1, '... it is still there');
	my ($id) = (log_form($u, exercise => 'squat', reps => 6)->{headers}{location} // '') =~ /saved=(.*)$/;
	$res = $u->post_form("/workouts/$id/delete", { undo => 1, csrf => 'x' });
	is($res->{status}, 403, 'Undo with a wrong token: 403');
	is(nrows($u), 1, '... the workout is still there');
});

behaviour('the dashboard puts this week first as tiles: workouts against the week before, calories, streak, goals', sub {
	my $u = utc_user();
	add_workouts($u->{id}, [
		['squat', '=current_date + time \'00:00:01\'', 10, 0, '3.0'],
		['squat', '=current_date - 7 + time \'00:00:01\'', 10, 0, '2.5'],
		['plank', '=current_date - 7 + time \'00:00:02\'', 0, 60, '2.5'],
	], tz => 'UTC');
	my $html = decode_page($u->get('/dashboard'));
	my ($tiles) = $html =~ m{<ul class="tiles">(.*?)</ul>}s;
	ok(defined $tiles && index($html, '<ul class="tiles">') < index($html, 'id="quick-h"'),
	    'the tiles come before the quick log');
	my %t;
	while (($tiles // '') =~ m{<li class="tile[^"]*"><span class="label">(.*?)</span>(.*?)</li>}gs) {
		my ($k, $v) = ($1, $2);
		$v =~ s/<[^>]*>/ /g;
		$v =~ s/\s+/ /g;
		$t{$k} = $v =~ s/^ | $//gr;
	}
	is($t{Workouts}, '1 Week before: 2', 'workouts: 1, the week before 2');
	is($t{Calories}, '3 kcal Against the week before: −40%', 'calories: 3 kcal (no ".0"), −40%');
});

behaviour('02:30 on the spring-forward day in New York is saved as 03:30, and the confirmation says so', sub {
	my $u = new_user();
	set_zone($u->{id}, 'America/New_York', 1);
	is(log_form($u, exercise => 'squat', reps => 5, date => '2026-03-08', time => '02:30')->{status}, 303,
	    'a time the clocks skip: 303');
	is(psql_fast("SELECT to_char(performed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM exbuddy.workouts "
	    . 'WHERE user_id = ' . sql_quote($u->{id})), '2026-03-08 07:30', '... saved at 03:30 EDT (07:30 UTC)');
	is(flash_text($u->get('/dashboard')->{content}), 'Your workout is saved. There is no 02:30 that day in '
	    . 'America/New_York (the clocks went forward), so it is saved at 03:30.', '... and the dashboard says so');
	is(log_form($u, exercise => 'squat', reps => 5, date => '2026-03-08', time => '01:30')->{status}, 303,
	    'a time that exists: 303');
	is(flash_text($u->get('/dashboard')->{content}), 'Your workout is saved.', '... saved without a word');
});

done_testing();
