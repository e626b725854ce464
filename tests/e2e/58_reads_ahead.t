# 58_reads_ahead.t — the pages whose reads go with the session's lookup
# (route.c's open_db): the dashboard, /week without ?of=, /stats, the
# history without filters (any page of it, by its before= or after=
# link), and an exercise's page (its library). A worker that has served
# a session sends the page's reads with its lookup, made for the user,
# today and first day of the week it remembers; the page takes them only
# when the session proves to be that. So: once a worker knows the
# session, each of these pages is one round trip to PostgreSQL (an
# exercise's once the worker has shown it: its own reads are made for the
# exercise the library found then, and taken only when it finds the
# same), as exbuddy's log line says ("db=N"); after a change of
# the week's first day or of the time zone (another today) the first
# request a worker serves is two, and shows the new week; a session that
# ended meanwhile sends to the login page; a one-time message is shown
# once (with the Undo of a workout just saved); users taking turns each
# see their own.
#
# Each request below is repeated (REPEAT times, more than the workers):
# a worker's guess exists only after it served the session once, and
# nginx spreads the requests over the workers.
#
# Each behaviour runs alone (EXBUDDY_ONLY), with users of its own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :stats history_rows page_link);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $LOG = EB::env_or_skip('EXBUDDY_TEST_VAR') . '/log/exbuddy.log';

my $REPEAT = 3 * configured_workers() + 2;

# GETs PATH as U, N times: for each, [worker pid, round trips], from the
# log line of its request id (written just after the answer); each page's
# HTML pushed onto @$pages when given.
sub trips {
	my ($u, $path, $n, $pages) = @_;
	my $off = -s $LOG // 0;
	my @rids;
	for (1 .. $n) {
		my $res = $u->get($path);
		return () unless $res->{status} == 200;
		push @rids, $res->{headers}{'x-request-id'};
		push @$pages, $res->{content} if $pages;
	}
	my %line;
	wait_until(sub {
		open(my $fh, '<', $LOG) or return 0;
		seek($fh, $off, 0);
		while (<$fh>) {
			$line{$3} = [$1, $2] if /^exbuddy\[(\d+)\]: GET \S+ 200 \S+ db=(\d+) rid=(\w+)$/;
		}
		close $fh;
		return !grep { !$line{$_} } @rids;
	}, 5);
	return map { $line{$_} // [0, -1] } @rids;
}

# The round trips of the requests each worker served after its first one,
# and of each worker's first: (\@later, \@first).
sub by_worker {
	my (%seen, @later, @first);
	for (@_) {
		my ($pid, $db) = @$_;
		push @{$seen{$pid}++ ? \@later : \@first}, $db;
	}
	return (\@later, \@first);
}

# The days (as the week table names them, "Sunday 6 December") from the
# local day $from days after today to today, in UTC.
sub days_to_today {
	my ($from) = @_;
	my $list = psql_fast("SET TimeZone = 'UTC'; SELECT string_agg(to_char(d, "
	    . "'FMDay FMDD FMMonth'), '|' ORDER BY d) FROM generate_series(current_date + "
	    . "$from, current_date, interval '1 day') d");
	return split /\|/, $list;
}

# How many days ago (UTC) the week that holds today began, for a week of
# Monday ($monday 1) or of Sunday (0).
sub week_began {
	my ($monday) = @_;
	return -psql_fast("SET TimeZone = 'UTC'; SELECT " . ($monday ?
	    "(extract(isodow FROM current_date)::int - 1)" :
	    "(extract(dow FROM current_date)::int)"));
}

# The days of /week's table with a push-up logged, in order (the
# table lists the rest days of the week too).
sub table_days {
	my ($html) = @_;
	my @days;
	for (week_table($html)) {
		my ($d, $ex) = split /\|/;
		push @days, $d if $ex eq 'Push-up';
	}
	return @days;
}

behaviour('once a worker knows the session, each page is one round trip to PostgreSQL', sub {
	my $u = new_user();
	add_workouts($u->{id}, [map { ['push-up', "=date_trunc('second', now()) - interval '$_ hours'", 10 + $_, 0, '5.0'] } 1 .. 25]);
	my ($older) = page_link($u->get('/workouts')->{content}, 'next');
	ok($older, 'the history has an older page');
	for my $t (['/dashboard', 1], ['/week', 1], ['/stats', 1], ['/workouts', 1],
	    [$older, 1], ['/exercises/push-up', 1]) {
		my ($path, $want) = @$t;
		my @r = trips($u, $path, $REPEAT);
		is(scalar(@r), $REPEAT, "GET $path: 200, $REPEAT times, each logged") or next;
		my ($later) = by_worker(@r);
		ok(@$later > 0, '... a worker served it more than once');
		is_deeply($later, [($want) x @$later], "... then in $want round trip" . ($want > 1 ? 's' : ''));
	}
	# Not for a week picked by ?of= (the session, then the week), nor
	# a history filtered by exercise (the library before the rows).
	for my $t (['/week?of=2026-01-05', 2], ['/workouts?exercise=push-up', 3]) {
		my ($path, $want) = @$t;
		my ($later, $first) = by_worker(trips($u, $path, $REPEAT));
		is_deeply([@$later, @$first], [($want) x $REPEAT], "GET $path: $want round trips, every time");
	}
});

behaviour('after a change of the week\'s first day or of the time zone, the first /week of each worker is two round trips, then one, and shows the new week', sub {
	my $u = new_user();
	set_zone($u->{id}, 'Pacific/Kiritimati', 1);
	my ($later) = by_worker(trips($u, '/week', $REPEAT));
	ok(@$later && !grep({ $_ != 1 } @$later), 'a worker that knows the session: one round trip');
	for my $change (['Pacific/Kiritimati', 0, 'the week starts on Sunday'],
	    ['Etc/GMT+12', 0, 'the zone 26 hours behind: another today']) {
		my ($tz, $ws, $what) = @$change;
		set_zone($u->{id}, $tz, $ws);
		my $start = psql_fast("SET TimeZone = " . sql_quote($tz) . "; SELECT to_char(current_date - "
		    . ($ws ? "(extract(isodow FROM current_date)::int - 1)" : "extract(dow FROM current_date)::int")
		    . ", 'FMDay FMDD FMMonth YYYY')");
		my $off = -s $LOG;
		my @r = trips($u, '/week', $REPEAT);
		my ($l, $first) = by_worker(@r);
		is_deeply($first, [(2) x @$first], "$what: each worker's first /week after it, two round trips");
		is_deeply($l, [(1) x @$l], '... then one');
		like($u->get('/week')->{content}, qr{<h1>Week of \Q$start\E</h1>}, "... the week of $start");
	}
});

behaviour('after the first day of the week changes, /week shows the new week at once, every time', sub {
	my $u = new_user();
	set_zone($u->{id}, 'UTC', 1);
	# A workout a minute into each of the last 9 days and today (UTC):
	# the week of Sunday and the week of Monday hold different days.
	add_workouts($u->{id}, [ map { ['push-up', "=date_trunc('day', now() AT TIME ZONE 'UTC') "
	    . "AT TIME ZONE 'UTC' + interval '1 minute' - interval '$_ days'", 10 + $_, 0, '5.0'] } 0 .. 9 ]);
	my @monday = days_to_today(week_began(1));
	my @sunday = days_to_today(week_began(0));
	isnt("@monday", "@sunday", 'the two weeks hold different days');
	for (1 .. $REPEAT) {
		my $res = $u->get('/week');
		is($res->{status}, 200, 'GET /week: 200') or last;
		is(join('|', table_days($res->{content})), join('|', @monday), "request $_: the week of Monday") or last;
	}
	set_zone($u->{id}, 'UTC', 0);
	for (1 .. $REPEAT) {
		my $res = $u->get('/week');
		like($res->{content}, qr{<h1>Week of Sunday }, "request $_ after the change: headed by a Sunday") or last;
		is(join('|', table_days($res->{content})), join('|', @sunday), '... its days those of the week of Sunday') or last;
	}
});

behaviour('a session ended meanwhile: each page whose reads go ahead sends to the login page, showing nothing', sub {
	my $u = new_user();
	add_workouts($u->{id}, [['push-up', "=date_trunc('second', now()) - interval '1 hour'", 12, 0, '6.0']]);
	my $token = $u->cookie('eb_session');
	my @pages = qw(/dashboard /week /stats /workouts);
	for my $p (@pages) {
		is($u->get($p)->{status}, 200, "GET $p: 200") for 1 .. $REPEAT;
	}
	is($u->post_form('/logout', {})->{status}, 303, 'logged out');
	is(psql_fast('SELECT count(*) FROM exbuddy.sessions WHERE user_id = ' . sql_quote($u->{id})), 0, '... the session is gone');
	my $old = client();
	for my $p (@pages) {
		for (1 .. $REPEAT) {
			$old->set_cookie(eb_session => $token);
			my $res = $old->get($p);
			is($res->{status}, 303, "GET $p with the ended session's cookie: 303") or last;
			like($res->{headers}{location}, qr{^/login\?next=}, '... to /login') or last;
			unlike($res->{content} // '', qr/Push-up|\Q$u->{username}\E/, '... showing nothing of the user') or last;
		}
	}
});

behaviour('a one-time message on a page whose reads go ahead is shown once', sub {
	my $u = new_user();
	add_workouts($u->{id}, [map { ['push-up', "=date_trunc('second', now()) - interval '$_ hours'", 10 + $_, 0, '5.0'] } 1 .. 3]);
	is($u->get('/workouts')->{status}, 200, 'GET /workouts: 200') for 1 .. $REPEAT;
	my ($id) = map { $_->{id} } history_rows($u->get('/workouts')->{content});
	ok($id, 'the history lists a workout');
	$u->get("/workouts/$id/delete");
	my $res = $u->post_form("/workouts/$id/delete", {});
	is($res->{headers}{location}, '/workouts', 'deleting it: to /workouts');
	$res = $u->get('/workouts');
	is(flash_text($res->{content}), 'The workout is deleted.', 'the history says so');
	is(scalar(history_rows($res->{content})), 2, '... and lists the two others');
	for (1 .. $REPEAT) {
		is(flash_text($u->get('/workouts')->{content}), undef, "request $_ after: no message") or last;
	}
});

# The ids of the workouts of USER_ID, by exercise slug when given.
sub workout_ids {
	my ($uid, $slug) = @_;
	return split /\n/, psql_fast('SELECT w.id FROM exbuddy.workouts w JOIN exbuddy.exercise_types e '
	    . 'ON e.id = w.exercise_type_id WHERE w.user_id = ' . sql_quote($uid)
	    . (defined $slug ? ' AND e.slug = ' . sql_quote($slug) : '') . ' ORDER BY 1');
}

# The workouts an exercise's page lists under "Last entries", by id.
sub entry_ids {
	my ($html) = @_;
	my ($t) = ($html // '') =~ m{<h2 id="recent-h">.*?(<tbody>.*?</tbody>)}s or return ();
	return sort $t =~ m{href="/workouts/([^/"]+)/edit"}g;
}

# log(USER, SLUG, REPS): POST /workouts/new, today at 00:00 UTC; the new
# workout's id, or undef.
sub log_reps {
	my ($u, $slug, $reps) = @_;
	my $res = $u->post_form('/workouts/new', { exercise => $slug, reps => $reps,
	    minutes => '', seconds => '', calories => '', date => local_today('UTC'),
	    time => '00:00', note => '', submission => hidden_value($u->get('/workouts/new')->{content},
	    'submission') });
	return ($res->{headers}{location} // '') =~ m{^/dashboard\?saved=([0-9a-f-]{36})$} ? $1 : undef;
}

behaviour('an exercise\'s page made for the exercise a worker showed before, when its name now leads to another: the new one\'s entries, two round trips, then one', sub {
	my $u = new_user();
	set_zone($u->{id}, 'UTC', 1);
	my $res = $u->post_form('/exercises/new', { name => 'Rope Climb', measure => 'reps' });
	is($res->{headers}{location}, '/exercises/rope-climb', 'Rope Climb made: /exercises/rope-climb') or return;
	my @old = grep { defined } map { log_reps($u, 'rope-climb', $_) } 5, 6;
	is(scalar(@old), 2, '... two workouts of it logged') or return;
	my ($later) = by_worker(trips($u, '/exercises/rope-climb', $REPEAT));
	ok(@$later && !grep({ $_ != 1 } @$later), 'a worker that showed it: one round trip');
	$res = $u->post_form('/exercises/rope-climb/edit', { name => 'Old Rope Climb', measure => 'reps' });
	is($res->{headers}{location}, '/exercises/old-rope-climb', 'renamed Old Rope Climb: /exercises/old-rope-climb') or return;
	$res = $u->post_form('/exercises/new', { name => 'Rope Climb', measure => 'reps' });
	is($res->{headers}{location}, '/exercises/rope-climb', 'a new Rope Climb: /exercises/rope-climb again') or return;
	my $new = log_reps($u, 'rope-climb', 7);
	ok($new, '... a workout of it logged') or return;
	my @pages;
	my @r = trips($u, '/exercises/rope-climb', $REPEAT, \@pages);
	is(scalar(@r), $REPEAT, "GET /exercises/rope-climb: 200, $REPEAT times, each logged") or return;
	for my $i (0 .. $#pages) {
		is_deeply([entry_ids($pages[$i])], [$new], 'request ' . ($i + 1) .
		    ": the new Rope Climb's one entry") or return;
	}
	my ($later2, $first) = by_worker(@r);
	# (The first of all also keeps the new one's records: more than two.)
	ok(!grep({ $_ < 2 } @$first), "each worker's first: two round trips or more (the reads made for the old one not taken)");
	ok(@$later2 && !grep({ $_ != 1 } @$later2), '... then one');
	is_deeply([sort(entry_ids($u->get('/exercises/old-rope-climb')->{content}))], [sort @old],
	    'Old Rope Climb lists the two of before');
});

behaviour('a workout just saved: the dashboard says so once, with its Undo, its reads ahead', sub {
	my $u = new_user();
	set_zone($u->{id}, 'UTC', 1);
	is($u->get('/dashboard')->{status}, 200, 'GET /dashboard: 200') for 1 .. $REPEAT;
	my $sub = hidden_value($u->get('/workouts/new')->{content}, 'submission');
	my $res = $u->post_form('/workouts/new', { exercise => 'push-up', reps => 20, minutes => '',
	    seconds => '', calories => '', date => local_today('UTC'), time => '00:00', note => '',
	    submission => $sub });
	my ($id) = ($res->{headers}{location} // '') =~ m{^/dashboard\?saved=([0-9a-f-]{36})$};
	ok($id, 'saved: 303 to /dashboard?saved=ID') or return;
	$res = $u->get("/dashboard?saved=$id");
	is(flash_text($res->{content}), 'Your workout is saved.', 'the dashboard says so');
	like($res->{content}, qr{<form method="post" action="/workouts/\Q$id\E/delete">}, '... with its Undo');
	for (1 .. $REPEAT) {
		$res = $u->get('/dashboard');
		is(flash_text($res->{content}), undef, "request $_ after: no message") or last;
		like($res->{content}, qr{/workouts/\Q$id\E/edit}, '... the workout among the last ones') or last;
	}
});

behaviour('users taking turns on the same workers each see their own history (every page), week and exercises', sub {
	my @u = (new_user(), new_user());
	# 23 and 22 workouts: a history of two pages each.
	add_workouts($u[0]{id}, [map { ['push-up', "=date_trunc('second', now()) - interval '$_ hours'", 10 + $_, 0, '5.0'] } 1 .. 23]);
	add_workouts($u[1]{id}, [map { ['squat', "=date_trunc('second', now()) - interval '$_ hours'", 30 + $_, 0, '9.0'] } 1 .. 22]);
	my @all = map { { map { $_ => 1 } workout_ids($_->{id}) } } @u;
	my %mine = (0 => qr/Push-up/, 1 => qr/Squat/);
	my %theirs = (0 => qr/Squat/, 1 => qr/Push-up/);
	for my $n (1 .. $REPEAT) {
		for my $i (0, 1) {
			my $h = $u[$i]->get('/workouts')->{content};
			my @rows = history_rows($h);
			is(scalar(@rows), 20, "turn $n, user $i: a first page of 20") or return;
			is(scalar(grep { !$all[$i]{$_->{id}} } @rows), 0, '... all their own') or return;
			my $older = page_link($h, 'next');
			ok($older && $older =~ m{^/workouts\?before=}, '... and a link to the older page') or return;
			@rows = history_rows($u[$i]->get($older)->{content});
			is(scalar(@rows), 3 - $i, '... which lists the rest') or return;
			is(scalar(grep { !$all[$i]{$_->{id}} } @rows), 0, '... all their own') or return;
			my $w = $u[$i]->get('/week')->{content};
			like(join(' ', week_table($w)), $mine{$i}, '... their own week') or return;
			unlike(join(' ', week_table($w)), $theirs{$i}, '... not the other\'s') or return;
			for my $slug (qw(push-up squat)) {
				# Its last 10, or none.
				my %want = map { $_ => 1 } workout_ids($u[$i]{id}, $slug);
				my @got = entry_ids($u[$i]->get("/exercises/$slug")->{content});
				is(scalar(@got), keys %want ? 10 : 0, "... /exercises/$slug lists " . (keys %want ? 'their last 10' : 'none')) or return;
				is(scalar(grep { !$want{$_} } @got), 0, '... all their own') or return;
			}
		}
	}
});

done_testing();
