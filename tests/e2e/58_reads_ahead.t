# 58_reads_ahead.t — the pages whose reads go with the session's lookup
# (/dashboard, /week, /stats, /workouts without a query string: route.c's
# open_db). A worker that has seen a session sends the page's reads with
# its lookup, made for the user, today and first day of the week it
# remembers; the page takes them only when the session proves to be that.
# (An exercise's page sends its library so; the history any page without
# filters, by its before= or after= link.) So: a change of the week's
# first day shows the new week at once; a session that ended meanwhile
# sends to the login page and shows nothing; a one-time message is shown
# once; users taking turns each see their own.
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

my $REPEAT = 3 * configured_workers() + 2;

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
