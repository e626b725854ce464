# 41_history.t — GET /workouts: 20 a page, newest first, in the user's time
# zone; keyset paging (before=/after= cursors) there and back; filters by
# exercise and by dates of the user's zone that survive paging; bad
# filters (422) and tampered cursors (400); the empty history.
#
# Each behaviour runs alone (EXBUDDY_ONLY). Two users in America/New_York
# are shared and only read: one with 45 workouts (paging), one with a day
# of workouts (filters, bad filters, cursors); a behaviour that adds a
# workout to them deletes it again. The empty history and the workouts at
# one instant have users of their own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

# A new user (signed in) in America/New_York.
sub ny_user {
	my $u = new_user();
	psql_fast("UPDATE exbuddy.users SET timezone = 'America/New_York' WHERE id = " . sql_quote($u->{id}));
	return $u;
}

# The user's workouts as psql sees them, newest first: [id, when, iso] in New York.
sub expected {
	my ($u, $where) = @_;
	my $uid = sql_quote($u->{id});
	my $out = psql_fast("SET TimeZone = 'America/New_York'; SELECT w.id || '|' || "
	    . "to_char(w.performed_at, 'YYYY-MM-DD HH24:MI') || '|' || "
	    . "to_char(w.performed_at, 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM') FROM exbuddy.workouts w "
	    . "JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE w.user_id = $uid "
	    . ($where ? "AND $where " : '') . 'ORDER BY w.performed_at DESC, w.id DESC');
	return map { [split /\|/] } grep { $_ ne '' } split /\n/, $out;
}
sub ids { return join ' ', map { ref $_ eq 'HASH' ? $_->{id} : $_->[0] } @_ }

# page(USER, PATH): GET PATH as USER: (response, its rows).
sub page {
	my ($u, $path) = @_;
	my $res = $u->get($path);
	return ($res, history_rows($res->{content}));
}

# The shared users, made on first use; no behaviour leaves them changed.
my %shared;
# 45 workouts: every 5 h 7 min back from 2026-03-10 12:00 UTC, across New
# York's switch to summer time on 2026-03-08; every exercise in turn; reps
# or a duration.
sub paged {
	return $shared{paged} //= do {
		my $u = ny_user();
		psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, "
		    . "duration_seconds, calories, calories_estimated, note) SELECT " . sql_quote($u->{id})
		    . ", e.id, timestamptz '2026-03-10 12:00:00+00' - i * interval '5 hours 7 minutes', "
		    . "CASE WHEN e.measure = 'reps' THEN i ELSE 0 END, CASE WHEN e.measure = 'time' "
		    . "THEN 60 * i + 5 ELSE 0 END, i + 0.5, i % 2 = 0, 'note ' || i FROM generate_series(1, 45) i "
		    . "JOIN (SELECT id, measure, row_number() OVER (ORDER BY slug) - 1 AS k "
		    . "FROM exbuddy.exercise_types WHERE user_id IS NULL) e ON e.k = i % 9");
		$u;
	};
}
# On 2026-02-10 in New York (UTC-5): 22 push-ups on the hour from 00:00 and
# one at 23:30 (04:30 UTC on the 11th); around it a push-up at 23:59 on the
# 9th (04:59 UTC on the 10th) and one at 00:30 on the 11th; 3 squats on the 10th.
sub filtered {
	return $shared{filtered} //= do {
		my $u = ny_user();
		my $uid = sql_quote($u->{id});
		psql_fast("SET TimeZone = 'America/New_York'; "
		    . "INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, note) "
		    . "SELECT $uid, e.id, t, 10, n FROM exbuddy.exercise_types e, (SELECT "
		    . "timestamptz '2026-02-10 00:00' + h * interval '1 hour' AS t, 'hour ' || h AS n "
		    . "FROM generate_series(0, 21) h UNION ALL VALUES "
		    . "(timestamptz '2026-02-10 23:30', 'late'), (timestamptz '2026-02-09 23:59', 'day before'), "
		    . "(timestamptz '2026-02-11 00:30', 'day after')) x WHERE e.slug = 'push-up'; "
		    . "INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, note) "
		    . "SELECT $uid, e.id, timestamptz '2026-02-10 12:15' + s * interval '1 minute', 8, 'squat' "
		    . "FROM exbuddy.exercise_types e, generate_series(1, 3) s WHERE e.slug = 'squat'");
		$u;
	};
}
my $day = "(w.performed_at AT TIME ZONE 'America/New_York')::date = '2026-02-10'";
# expected() of a shared user, asked of psql once (its workouts do not change).
sub shared_expected {
	my ($u, $where) = @_;
	return @{$shared{expected}{$u->{id}}{$where // ''} //= [expected($u, $where)]};
}

# --- Signed out, and empty ---------------------------------------------------------------
behaviour('signed out, GET /workouts sends to the login page', sub {
	my $res = client()->get('/workouts');
	is($res->{status}, 303, 'GET /workouts signed out: 303');
	like($res->{headers}{location} // '', qr{^/login\?next=%2Fworkouts$}, '... to the login page');
});

behaviour('an empty history says there are none yet, with a link to log one', sub {
	my $u = ny_user();
	my ($res, @rows) = page($u, '/workouts');
	is($res->{status}, 200, 'an empty history: 200');
	is(scalar @rows, 0, '... no rows');
	like($res->{content}, qr/No workouts yet\. <a href="\/workouts\/new">Log your first one<\/a>/,
	    '... says there are none yet, with a link to log one');
	unlike($res->{content}, qr/<table/, '... and shows no table');
	tidy_ok($res->{content}, 'the empty history');
	security_headers_ok($res, 'GET /workouts');
});

# --- 45 workouts, 20 a page -----------------------------------------------------------------
behaviour('page 1 holds the 20 newest, newest first, and links only to older ones', sub {
	my @all = shared_expected(paged());
	is(scalar @all, 45, 'the user has 45 workouts');
	my ($p1, @r1) = page(paged(), '/workouts');
	is($p1->{status}, 200, 'page 1: 200');
	tidy_ok($p1->{content}, 'history page 1');
	is(ids(@r1), ids(@all[0 .. 19]), 'page 1: the 20 newest, newest first');
	is(page_link($p1->{content}, 'prev'), undef, 'page 1 has no Newer link');
	my $older1 = page_link($p1->{content}, 'next');
	like($older1 // '', qr{^/workouts\?before=\d+_[0-9a-f-]{36}$}, "page 1 links to older ones ($older1)");
});

behaviour("times are shown in the user's zone, with the offset of their day", sub {
	my @all = shared_expected(paged());
	my (undef, @r1) = page(paged(), '/workouts');
	is(join(',', map { $_->{when} } @r1), join(',', map { $_->[1] } @all[0 .. 19]),
	    "page 1: the times as New York's clock showed them");
	is(join(',', map { $_->{iso} } @r1), join(',', map { $_->[2] } @all[0 .. 19]),
	    '... and in <time datetime> with the offset of the day');
	ok((grep { $_->{iso} =~ /-04:00$/ } @r1) && (grep { $_->{iso} =~ /-05:00$/ } @r1),
	    '... -04:00 after the switch to summer time, -05:00 before');
});

# Monrovia's clock ran 44 min 30 s behind UTC until 1972: an offset of
# seconds, which <time datetime> cannot carry; the time is then given in UTC.
behaviour('an offset of seconds (Monrovia, 1971): the clock time shown, <time datetime> in UTC', sub {
	my $u = new_user();
	my $uid = sql_quote($u->{id});
	psql_fast("UPDATE exbuddy.users SET timezone = 'Africa/Monrovia' WHERE id = $uid; "
	    . "INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps) SELECT $uid, e.id, "
	    . "timestamptz '1971-06-01 12:00:00+00', 10 FROM exbuddy.exercise_types e WHERE e.slug = 'push-up'");
	my (undef, @r) = page($u, '/workouts');
	is(scalar @r, 1, 'the one workout');
	is($r[0]{when} // '', '1971-06-01 11:15', '... at 11:15 on the clock (11:15:30, 12:00 UTC)');
	is($r[0]{iso} // '', '1971-06-01T12:00:00Z', '... and <time datetime> in UTC');
});

behaviour('a row shows its time, exercise, duration and calories; an estimate is marked "est."', sub {
	my (undef, @r1) = page(paged(), '/workouts');
	my ($r_first) = grep { $_->{note} eq 'note 1' } @r1;
	ok($r_first && $r_first->{when} eq '2026-03-10 02:53' && $r_first->{exercise} eq 'Jump rope' &&
	    $r_first->{iso} eq '2026-03-10T02:53:00-04:00' && $r_first->{duration} eq '1:05 min' &&
	    $r_first->{calories} eq '1.5' && !$r_first->{estimated},
	    'the newest row: 2026-03-10 02:53 (06:53 UTC), Jump rope, 1:05, 1.5 kcal given')
	    or diag(explain $r_first);
	my ($r_two) = grep { $_->{note} eq 'note 2' } @r1;
	ok($r_two && $r_two->{estimated}, 'an estimated row is marked "est."');
	my ($r_timed) = grep { $_->{note} eq 'note 10' } @r1;
	ok($r_timed && $r_timed->{exercise} eq 'Jump rope' && $r_timed->{duration} eq '10:05 min' &&
	    $r_timed->{reps} eq '', 'a timed row shows its duration (10:05) and no reps')
	    or diag(explain $r_timed);
});

behaviour('Older links page through: the next 20, then the last 5', sub {
	my @all = shared_expected(paged());
	my ($p1) = page(paged(), '/workouts');
	my $older1 = page_link($p1->{content}, 'next');
	my ($p2, @r2) = page(paged(), $older1 // '/workouts');
	is($p2->{status}, 200, 'page 2: 200');
	is(ids(@r2), ids(@all[20 .. 39]), 'page 2: the next 20');
	my $older2 = page_link($p2->{content}, 'next');
	my $newer2 = page_link($p2->{content}, 'prev');
	like($newer2 // '', qr{^/workouts\?after=\d+_[0-9a-f-]{36}$}, 'page 2 has a Newer link');
	my ($p3, @r3) = page(paged(), $older2 // '/workouts');
	is(ids(@r3), ids(@all[40 .. 44]), 'page 3: the last 5');
	is(page_link($p3->{content}, 'next'), undef, 'page 3 has no Older link');
	my $newer3 = page_link($p3->{content}, 'prev');
	ok(defined $newer3, 'page 3 has a Newer link');
});

behaviour('Newer links page back to the same pages, with the same links', sub {
	my ($p1, @r1) = page(paged(), '/workouts');
	my $older1 = page_link($p1->{content}, 'next');
	my ($p2, @r2) = page(paged(), $older1 // '/workouts');
	my $older2 = page_link($p2->{content}, 'next');
	my $newer2 = page_link($p2->{content}, 'prev');
	my ($p3) = page(paged(), $older2 // '/workouts');
	my $newer3 = page_link($p3->{content}, 'prev');
	my ($b2, @rb2) = page(paged(), $newer3 // '/workouts');
	is(ids(@rb2), ids(@r2), 'Newer from page 3: page 2 again');
	is(page_link($b2->{content}, 'next'), $older2, '... with the same Older link');
	my $newer_b2 = page_link($b2->{content}, 'prev');
	my ($b1, @rb1) = page(paged(), $newer_b2 // '/workouts');
	is(ids(@rb1), ids(@r1), 'Newer again: page 1 again');
	is(page_link($b1->{content}, 'prev'), undef, '... and, being the newest, no Newer link');
	is(page_link($b1->{content}, 'next'), $older1, '... and the same Older link as page 1');
	my (undef, @rb1b) = page(paged(), $newer2 // '/workouts');
	is(ids(@rb1b), ids(@r1), 'Newer from page 2: page 1');
});

behaviour('a workout logged meanwhile does not shift the pages after it', sub {
	my $u = paged();
	my $uid = sql_quote($u->{id});
	my ($p1) = page($u, '/workouts');
	my $older1 = page_link($p1->{content}, 'next');
	my (undef, @r2) = page($u, $older1 // '/workouts');
	psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps) "
	    . "SELECT $uid, id, timestamptz '2026-03-11 12:00+00', 3 FROM exbuddy.exercise_types "
	    . "WHERE slug = 'squat'");
	my (undef, @r2again) = page($u, $older1 // '/workouts');
	is(ids(@r2again), ids(@r2), 'a new workout on top: the Older link still gives the same page 2');
	psql_fast("DELETE FROM exbuddy.workouts WHERE user_id = $uid AND performed_at = '2026-03-11 12:00+00'");
});

# --- Workouts at the same instant: the id breaks the tie -----------------------------------------
behaviour('workouts at the same instant page by their ids: none twice, none lost, and back', sub {
	my $u = ny_user();
	psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps) SELECT "
	    . sql_quote($u->{id}) . ", e.id, timestamptz '2026-01-05 18:00+00', i FROM "
	    . "generate_series(1, 25) i, exbuddy.exercise_types e WHERE e.slug = 'sit-up'");
	my @all = expected($u);
	my ($t1, @tr1) = page($u, '/workouts');
	my ($t2, @tr2) = page($u, page_link($t1->{content}, 'next') // '/workouts');
	is(ids(@tr1, @tr2), ids(@all), '25 workouts at one instant: 20 and 5, none twice, none lost');
	my (undef, @tb1) = page($u, page_link($t2->{content}, 'prev') // '/workouts');
	is(ids(@tb1), ids(@tr1), '... and Newer gives the first 20 again');
});

# --- Filters, by exercise and by the user's days ---------------------------------------------------
my $q = 'exercise=push-up&from=2026-02-10&to=2026-02-10';

behaviour("an exercise and a day of the user's zone: that day's newest 20 of it, the filters kept", sub {
	my @want = shared_expected(filtered(), "e.slug = 'push-up' AND $day");
	is(scalar @want, 23, '23 push-ups on 2026-02-10 in New York');
	my ($f1, @fr1) = page(filtered(), "/workouts?$q");
	is($f1->{status}, 200, "?$q: 200");
	tidy_ok($f1->{content}, 'a filtered history');
	is(ids(@fr1), ids(@want[0 .. 19]), '... page 1: the 20 newest push-ups of that day');
	is($fr1[0]{note} // '', 'late', '... the newest is the one at 23:30 (the 11th in UTC)');
	ok(!(grep { $_->{note} =~ /^(?:day before|day after|squat)$/ } @fr1), '... nothing of other days or exercises');
	my ($sel) = $f1->{content} =~ m{<select id="f-exercise".*?<option value="([^"]*)" selected>}s;
	is($sel, 'push-up', '... the filter form keeps the exercise');
	is(attr(input_tag($f1->{content}, 'from'), 'value'), '2026-02-10', '... and from');
	is(attr(input_tag($f1->{content}, 'to'), 'value'), '2026-02-10', '... and to');
	like($f1->{content}, qr{<a href="/workouts">Show everything</a>}, '... and offers to show everything');
});

behaviour('the filters survive paging: the Older and Newer links carry them', sub {
	my @want = shared_expected(filtered(), "e.slug = 'push-up' AND $day");
	my ($f1, @fr1) = page(filtered(), "/workouts?$q");
	my $fo = page_link($f1->{content}, 'next') // '';
	like($fo, qr{^/workouts\?exercise=push-up&from=2026-02-10&to=2026-02-10&before=\d+_[0-9a-f-]{36}$},
	    "the Older link carries the filters ($fo)");
	my ($f2, @fr2) = page(filtered(), $fo || '/workouts');
	is(ids(@fr2), ids(@want[20 .. 22]), '... page 2: the other 3 of them');
	is(page_link($f2->{content}, 'next'), undef, '... and no Older link');
	my $fn = page_link($f2->{content}, 'prev') // '';
	like($fn, qr{^/workouts\?exercise=push-up&from=2026-02-10&to=2026-02-10&after=\d+_[0-9a-f-]{36}$},
	    'the Newer link carries the filters too');
	my (undef, @fb1) = page(filtered(), $fn || '/workouts');
	is(ids(@fb1), ids(@fr1), '... and gives page 1 again');
});

behaviour('from and to alone: that day, every exercise', sub {
	my @day = shared_expected(filtered(), $day);
	my (undef, @d1) = page(filtered(), '/workouts?from=2026-02-10&to=2026-02-10');
	is(ids(@d1), ids(@day[0 .. 19]), 'from/to only: that day, every exercise (page 1)');
	is(scalar @day, 26, '... 26 in all');
});

behaviour("to alone and from alone end and begin at the user's midnight", sub {
	my (undef, @to9) = page(filtered(), '/workouts?to=2026-02-09');
	is(join(',', map { $_->{note} } @to9), 'day before', 'to=2026-02-09: only the push-up at 23:59 that day');
	my (undef, @from11) = page(filtered(), '/workouts?from=2026-02-11');
	is(join(',', map { $_->{note} } @from11), 'day after', 'from=2026-02-11: only the one at 00:30 that day');
});

behaviour('an exercise alone: its 3 workouts, on one page', sub {
	my ($sq, @sqr) = page(filtered(), '/workouts?exercise=squat');
	is(scalar @sqr, 3, 'exercise=squat: the 3 squats');
	is(page_link($sq->{content}, 'next'), undef, '... on one page');
});

behaviour('a filter nothing matches: 200, and it says so', sub {
	my ($none, @nr) = page(filtered(), '/workouts?from=2025-01-01&to=2025-01-31');
	is($none->{status}, 200, 'a filter nothing matches: 200');
	is(scalar @nr, 0, '... no rows');
	like($none->{content}, qr/No workouts match these filters\./, '... says nothing matches');
});

behaviour('the exercise by its name (Push-up): its workouts or 422, not an empty list', sub {
	my @want = shared_expected(filtered(), "e.slug = 'push-up' AND $day");
	my (undef, @byname) = page(filtered(), '/workouts?exercise=Push-up&from=2026-02-10&to=2026-02-10');
	my $byname = filtered()->get('/workouts?exercise=Push-up&from=2026-02-10&to=2026-02-10');
	ok($byname->{status} == 422 || ids(@byname) eq ids(@want[0 .. 19]),
	    "exercise=Push-up (the name, accepted as an exercise): the push-ups, or 422 - not an empty list "
	    . "($byname->{status}, " . scalar(@byname) . ' rows)');
});

# --- Bad filters: 422 by the field, values kept ---------------------------------------------------
for my $case (['exercise=deadlift', 'exercise', qr/no such exercise/],
    ['from=2026-13-01', 'from', qr/YYYY-MM-DD/],
    ['from=yesterday', 'from', qr/YYYY-MM-DD/],
    ['to=2026-02-30', 'to', qr/YYYY-MM-DD/],
    ['to=10%2F02%2F2026', 'to', qr/YYYY-MM-DD/],
    ['from=2026-02-11&to=2026-02-10', 'to', qr/before the start/],
    ['from=0000-01-01', 'from', qr/./]) {
	my ($qs, $field, $msg) = @$case;
	behaviour("a bad filter, ?$qs: 422, the message by the $field field, no rows", sub {
		my $res = filtered()->get("/workouts?$qs");
		is($res->{status}, 422, "?$qs: 422");
		like(field_error($res->{content}, $field) // '', $msg, "... the message is by the $field field");
		my @shown = history_rows($res->{content});
		is(scalar @shown, 0, '... and no rows are shown');
	});
}

behaviour('bad filters are kept in the form', sub {
	my $res = filtered()->get('/workouts?exercise=squat&from=2026-13-01&to=abc');
	is(attr(input_tag($res->{content}, 'from'), 'value'), '2026-13-01', 'a bad from is kept in the form');
	is(attr(input_tag($res->{content}, 'to'), 'value'), 'abc', '... and a bad to');
	like($res->{content}, qr/<option value="squat" selected>/, '... and the exercise');
	tidy_ok($res->{content}, 'the history with bad filters');
});

# --- Tampered cursors: 400 -------------------------------------------------------------------------
# ID stands for the id of one of the user's workouts.
for my $tmpl ('before=abc', 'before=123', 'before=_ID', 'before=12x_ID', 'before=123_not-a-uuid',
    'before=-5_ID', 'after=1.5_ID', 'before=99999999999999999999_ID',
    'before=9223372036854775807_ID', 'after=9223372036854775807_ID') {
	behaviour("a tampered cursor, ?$tmpl: 400", sub {
		my $some = (shared_expected(filtered()))[0][0];
		(my $c = $tmpl) =~ s/ID$/$some/;
		my $res = filtered()->get("/workouts?$c");
		is($res->{status}, 400, "?$c: 400");
		like($res->{content}, qr/page link is broken/, '... saying the page link is broken')
		    if $c eq 'before=abc';
	});
}

done_testing();
