# 42_edit_delete.t — /workouts/ID/edit and /workouts/ID/delete: the form
# filled in (in the user's zone; an estimate is not filled in but shown as
# a hint), saving changes (303 to /workouts with a confirmation), a refused
# edit (422, values kept, the row unchanged), the delete confirmation and
# the delete, unknown and malformed ids (404), no csrf token (403).
#
# Each behaviour runs alone (EXBUDDY_ONLY). A shared user's three workouts
# are read, and sent only what must be refused (the rows checked
# unchanged); a behaviour that changes or deletes a workout gets three of
# its own like them (scratch), deleted when it ends.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

# A workout logged through the form by U; its submission id.
sub log_workout {
	my ($u, %f) = @_;
	my $sub = hidden_value($u->get('/workouts/new')->{content}, 'submission');
	my $res = $u->post_form('/workouts/new', { %f, submission => $sub });
	die "logging a workout answered $res->{status}\n" unless $res->{status} == 303;
	return $sub;
}
# A row as text: exercise|reps|duration|calories|estimated|UTC time|note.
sub row {
	my ($id) = @_;
	return psql_fast("SELECT e.slug || '|' || w.reps || '|' || w.duration_seconds || '|' || "
	    . "coalesce(w.calories::text, 'NULL') || '|' || CASE WHEN w.calories_estimated THEN 't' "
	    . "ELSE 'f' END || '|' || to_char(w.performed_at AT TIME ZONE 'UTC', "
	    . "'YYYY-MM-DD HH24:MI:SS') || '|' || coalesce(w.note, 'NULL') FROM exbuddy.workouts w "
	    . "JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE w.id = " . sql_quote($id));
}

my $note1 = 'before <b>edit</b> & "quotes"';
# Three workouts for U (in New York, without a body weight): {u, w1, w2,
# w3}. w1 has estimated calories, w2 given ones (both through the form),
# w3 a time with seconds (through the database).
sub workouts_of {
	my ($u) = @_;
	my $s1 = log_workout($u, exercise => 'push-up', reps => 20, date => '2026-07-01', time => '23:30',
	    note => $note1);
	my $s2 = log_workout($u, exercise => 'push-up', reps => 20, calories => 50, date => '2026-07-02',
	    time => '08:00', note => 'given calories');
	my %f = (u => $u);
	# One psql for the ids and w3 (each psql costs a tenth of a second or more).
	@f{qw(w1 w2 w3)} = split ' ', psql_fast("WITH w3 AS (INSERT INTO exbuddy.workouts (user_id, "
	    . "exercise_type_id, performed_at, reps, calories, note) SELECT " . sql_quote($u->{id})
	    . ", id, timestamptz '2026-05-05 14:00:45+00', 12, 7.5, 'seconds' FROM exbuddy.exercise_types "
	    . "WHERE slug = 'sit-up' RETURNING id) SELECT concat_ws(' ', (SELECT id FROM exbuddy.workouts "
	    . "WHERE submission_id = " . sql_quote($s1) . "), (SELECT id FROM exbuddy.workouts WHERE "
	    . "submission_id = " . sql_quote($s2) . "), (SELECT id FROM w3))");
	die "workouts_of: not three ids\n" unless 3 == grep { defined && /^[0-9a-f-]{36}$/ } @f{qw(w1 w2 w3)};
	return \%f;
}
# The shared user and its three workouts, made on first use: no behaviour
# changes them.
my $shared;
sub shared {
	return $shared //= do {
		my $u = new_user();
		psql_fast("UPDATE exbuddy.users SET timezone = 'America/New_York' WHERE id = "
		    . sql_quote($u->{id}));
		workouts_of($u);
	};
}
# scratch(CODE): CODE gets three workouts of its own like the shared ones,
# for the shared user, to change or delete; then they are deleted, and a
# message left for the next page is read: the user is as it was.
sub scratch {
	my ($code) = @_;
	my $x = workouts_of(shared()->{u});
	$code->($x);
	psql_fast('DELETE FROM exbuddy.workouts WHERE id IN (' . join(', ', map { sql_quote($x->{$_}) }
	    qw(w1 w2 w3)) . ')');
	$x->{u}->get('/workouts');
}
# The fields of the edit form of workout ID as U sees it, without the csrf token.
sub edit_fields {
	my ($u, $id) = @_;
	my $f = form_fields($u->get("/workouts/$id/edit")->{content}, "/workouts/$id/edit") // {};
	delete $f->{csrf};
	return $f;
}

behaviour('workouts logged through the form are stored with estimated or given calories', sub {
	my $s = shared();
	is(row($s->{w1}), "push-up|20|0|3.0|t|2026-07-02 03:30:00|$note1", 'a workout with estimated calories');
	is(row($s->{w2}), 'push-up|20|0|50.0|f|2026-07-02 12:00:00|given calories', 'one with calories given');
});

# --- Signed out --------------------------------------------------------------------------------
behaviour('signed out, GET edit and GET delete send to the login page', sub {
	my $w1 = shared()->{w1};
	is(client()->get("/workouts/$w1/edit")->{status}, 303, 'GET edit signed out: 303 to /login');
	is(client()->get("/workouts/$w1/delete")->{status}, 303, 'GET delete signed out: 303 to /login');
});

# --- The edit form, filled in ---------------------------------------------------------------------
behaviour('the edit form: valid HTML, headed "Edit workout", with the csrf token, no submission id, a Cancel link', sub {
	my ($u, $w1) = @{shared()}{qw(u w1)};
	my $res = $u->get("/workouts/$w1/edit");
	is($res->{status}, 200, 'GET /workouts/ID/edit: 200');
	my $html = $res->{content};
	tidy_ok($html, 'the edit form');
	security_headers_ok($res, 'the edit form');
	like($html, qr{<h1>Edit workout</h1>}, 'it is headed "Edit workout"');
	my $f = form_fields($html, "/workouts/$w1/edit");
	ok($f, 'the form posts to /workouts/ID/edit');
	$f //= {};
	ok(defined $f->{csrf} && $f->{csrf} ne '', '... with the csrf token');
	ok(!exists $f->{submission}, '... and no submission id (an edit is not a new workout)');
	like($html, qr{<a href="/workouts">Cancel</a>}, 'a Cancel link goes back to the history');
});

behaviour("the edit form is filled in, the time in the user's zone", sub {
	my ($u, $w1) = @{shared()}{qw(u w1)};
	my $f = edit_fields($u, $w1);
	is($f->{exercise}, 'push-up', 'the exercise is selected');
	is($f->{reps}, '20', 'the reps are filled in');
	ok(($f->{minutes} // '') =~ /^0?$/ && ($f->{seconds} // '') =~ /^0?$/, 'no duration');
	is($f->{date}, '2026-07-01', "the date is the user's (New York), not UTC's 2026-07-02");
	is($f->{time}, '23:30', '... and so is the time');
	is($f->{note}, $note1, 'the note, with its <, & and quotes, comes back as it was');
});

behaviour('estimated calories are not filled in, but shown in the hint', sub {
	my ($u, $w1) = @{shared()}{qw(u w1)};
	my $html = $u->get("/workouts/$w1/edit")->{content};
	my $f = form_fields($html, "/workouts/$w1/edit") // {};
	is($f->{calories}, '', 'estimated calories are not filled in');
	like($html, qr/<p class="hint" id="calories-hint">[^<]*\(now estimated: 3\.0\)/,
	    '... but shown in the hint: (now estimated: 3.0)');
});

behaviour('calories that were given are filled in, and not called an estimate', sub {
	my ($u, $w2) = @{shared()}{qw(u w2)};
	my $f2 = form_fields($u->get("/workouts/$w2/edit")->{content}, "/workouts/$w2/edit") // {};
	is($f2->{calories}, '50.0', 'calories that were given are filled in');
	my $h2 = $u->{last}{content};
	my ($hint2) = $h2 =~ m{<p class="hint" id="calories-hint">(.*?)</p>}s;
	ok(defined $hint2 && $hint2 !~ /estimated:/, '... and the hint does not call them an estimate')
	    or diag('hint: ' . ($hint2 // '<none>'));
});

# --- Saving changes -----------------------------------------------------------------------------------
# The changes to w1 of X saved first: its form with 30 reps and the note "after edit".
sub changes {
	my ($x) = @_;
	return { %{edit_fields($x->{u}, $x->{w1})}, reps => 30, note => 'after edit' };
}

behaviour('saving an edit: 303 to /workouts, the row changed, the estimate redone, the time kept', sub { scratch(sub {
	my ($x) = @_;
	my $chg = changes($x);
	my ($u, $w1) = @$x{qw(u w1)};
	my $res = $u->post_form("/workouts/$w1/edit", $chg);
	is($res->{status}, 303, 'POST edit: 303');
	is($res->{headers}{location}, '/workouts', '... to /workouts');
	is(row($w1), 'push-up|30|0|4.4|t|2026-07-02 03:30:00|after edit',
	    '... reps and note changed, the estimate redone (round(3.8*70*60/3600,1) = 4.4), the time kept');
}) });

behaviour('after an edit the history confirms it, once, and shows the changed workout', sub { scratch(sub {
	my ($x) = @_;
	my $chg = changes($x);
	my ($u, $w1) = @$x{qw(u w1)};
	is($u->post_form("/workouts/$w1/edit", $chg)->{status}, 303, 'POST edit: 303');
	my $res = $u->get('/workouts');
	is(flash_text($res->{content}), 'Your changes are saved.', 'the history confirms it');
	is(flash_text($u->get('/workouts')->{content}), undef, '... once');
	my ($shown) = grep { $_->{id} eq $w1 } history_rows($res->{content});
	ok($shown && $shown->{reps} eq '30' && $shown->{calories} eq '4.4' && $shown->{estimated} &&
	    $shown->{when} eq '2026-07-01 23:30', 'the history shows the changed workout');
}) });

behaviour("an edit with calories given and a new time: the calories kept, the time read in the user's zone", sub { scratch(sub {
	my ($x) = @_;
	my $chg = changes($x);
	my ($u, $w1) = @$x{qw(u w1)};
	$u->get("/workouts/$w1/edit");
	my $res = $u->post_form("/workouts/$w1/edit", { %$chg, calories => '12', date => '2026-07-02',
	    time => '06:15' });
	is($res->{status}, 303, 'calories given and a new time: 303');
	is(row($w1), 'push-up|30|0|12.0|f|2026-07-02 10:15:00|after edit',
	    '... calories kept as given, the time read in New York (06:15 EDT = 10:15 UTC)');
}) });

behaviour('an edit to a timed exercise, calories cleared, the note removed: estimated again, no note', sub { scratch(sub {
	my ($x) = @_;
	my $chg = changes($x);
	my ($u, $w1) = @$x{qw(u w1)};
	my $res = $u->post_form("/workouts/$w1/edit", { %$chg, exercise => 'plank', reps => '',
	    minutes => '2', seconds => '30', calories => '', note => '' });
	is($res->{status}, 303, 'to a timed exercise, calories cleared, the note removed: 303');
	like(row($w1), qr/^plank\|0\|150\|10\.2\|t\|2026-07-02 03:30:00\|NULL$/,
	    '... 2:30 of plank, estimated again (round(3.5*70*150/3600,1) = 10.2), no note');
	my $f3 = form_fields($u->get("/workouts/$w1/edit")->{content}, "/workouts/$w1/edit") // {};
	ok(($f3->{minutes} // '') eq '2' && ($f3->{seconds} // '') eq '30', 'the form shows 2 min 30 s');
}) });

# Saving the form as it is changes nothing (a time with seconds included).
behaviour('saving the edit form as it is changes nothing, a time with seconds included', sub { scratch(sub {
	my ($x) = @_;
	my ($u, $w3) = @$x{qw(u w3)};
	my $before3 = row($w3);
	my $f4 = edit_fields($u, $w3);
	is($u->post_form("/workouts/$w3/edit", { %$f4, note => 'seconds' })->{status}, 303,
	    'a workout at 10:00:45 saved from its edit form unchanged: 303');
	is(row($w3), $before3, '... the row is as it was (its time keeps its seconds)');
}) });

# --- A refused edit: 422, values kept, the row unchanged ------------------------------------------------
# The shared user's w2 with bad reps and a long note.
sub bad_edit {
	my ($u, $w2) = @{shared()}{qw(u w2)};
	return ($u, $w2, { %{edit_fields($u, $w2)}, reps => 'abc', note => 'x' x 501,
	    date => '2026-07-02', time => '08:00' });
}

behaviour('a refused edit: 422, the messages by their fields, the values kept, the row unchanged', sub {
	my ($u, $w2, $bad) = bad_edit();
	my $before = row($w2);
	my $res = $u->post_form("/workouts/$w2/edit", $bad);
	is($res->{status}, 422, 'an edit with bad reps and a long note: 422');
	like(field_error($res->{content}, 'reps') // '', qr/whole number/, '... the reps message by reps');
	like(field_error($res->{content}, 'note') // '', qr/at most 500/, '... the note message by the note');
	my $kept = form_fields($res->{content}, "/workouts/$w2/edit") // {};
	is($kept->{reps}, 'abc', '... the reps are kept');
	is($kept->{note}, 'x' x 501, '... the note is kept');
	is($kept->{calories}, '50.0', '... the calories are kept');
	is($kept->{exercise}, 'push-up', '... the exercise is kept');
	like($res->{content}, qr{<h1>Edit workout</h1>}, '... still the edit form');
	tidy_ok($res->{content}, 'the refused edit');
	is(row($w2), $before, '... and the row is unchanged');
});

behaviour('an edit to a timed exercise without a duration: 422 by the duration', sub {
	my ($u, $w2, $bad) = bad_edit();
	my $before = row($w2);
	my $res = $u->post_form("/workouts/$w2/edit", { %$bad, reps => 20, note => '', exercise => 'plank' });
	is($res->{status}, 422, 'an edit to a timed exercise without a duration: 422');
	like(field_error($res->{content}, 'duration') // '', qr/timed/, '... by the duration');
	is(row($w2), $before, '... the row is unchanged');
});

behaviour('an edit to a time years ahead: 422, the row unchanged', sub {
	my ($u, $w2, $bad) = bad_edit();
	my $before = row($w2);
	my $res = $u->post_form("/workouts/$w2/edit", { %$bad, reps => 20, note => '', date => '2031-01-01' });
	is($res->{status}, 422, 'an edit to a time years ahead: 422');
	is(row($w2), $before, '... the row is unchanged');
});

# --- Without the csrf token: 403 ------------------------------------------------------------------------
behaviour('POST edit without the csrf token or with a wrong one: 403, the row unchanged', sub {
	my ($u, $w2) = @{shared()}{qw(u w2)};
	my $before = row($w2);
	my %ok = (%{edit_fields($u, $w2)}, reps => 77);
	is($u->post_form("/workouts/$w2/edit", { %ok, csrf => undef })->{status}, 403, 'POST edit without csrf: 403');
	is($u->post_form("/workouts/$w2/edit", { %ok, csrf => 'x' . ($u->{csrf} // '') })->{status}, 403,
	    'POST edit with a wrong token: 403');
	is(row($w2), $before, '... the row is unchanged and still there');
});

behaviour('POST delete without the csrf token: 403, the workout still there', sub {
	my ($u, $w2) = @{shared()}{qw(u w2)};
	my $before = row($w2);
	is($u->post_form("/workouts/$w2/delete", { csrf => undef })->{status}, 403, 'POST delete without csrf: 403');
	is(row($w2), $before, '... the row is unchanged and still there');
});

# --- Deleting ------------------------------------------------------------------------------------------
behaviour('the delete confirmation names the workout, in the user\'s zone, and asks to confirm', sub {
	my ($u, $w2) = @{shared()}{qw(u w2)};
	my $res = $u->get("/workouts/$w2/delete");
	is($res->{status}, 200, 'GET /workouts/ID/delete: 200');
	tidy_ok($res->{content}, 'the delete confirmation');
	like($res->{content}, qr{<h1>Delete this workout\?</h1>}, 'it asks to confirm');
	like($res->{content}, qr{<dd>Push-up</dd>}, '... names the exercise');
	like($res->{content}, qr{<dd>2026-07-02 08:00</dd>}, '... and the time, in New York');
	like($res->{content}, qr{<dd>given calories</dd>}, '... and the note');
	ok(form_fields($res->{content}, "/workouts/$w2/delete"), '... its form posts to /workouts/ID/delete');
	like($res->{content}, qr{<a href="/workouts">Keep it</a>}, '... and one can keep it');
});

behaviour('deleting: 303 to /workouts, the row gone, the history confirms it; the others stay', sub { scratch(sub {
	my ($x) = @_;
	my ($u, $w1, $w2, $w3) = @$x{qw(u w1 w2 w3)};
	$u->get("/workouts/$w2/delete");
	my $res = $u->post_form("/workouts/$w2/delete", {});
	is($res->{status}, 303, 'POST delete: 303');
	is($res->{headers}{location}, '/workouts', '... to /workouts');
	is(psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE id = " . sql_quote($w2)), 0, '... the row is gone');
	$res = $u->get('/workouts');
	is(flash_text($res->{content}), 'The workout is deleted.', 'the history confirms it');
	ok(!(grep { $_->{id} eq $w2 } history_rows($res->{content})), '... and no longer lists it');
	ok(psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE id IN (" . sql_quote($w1) . ', '
	    . sql_quote($w3) . ')') == 2, 'the other workouts are still there');
}) });

behaviour('a deleted workout: deleting it again and editing it are 404', sub { scratch(sub {
	my ($x) = @_;
	my ($u, $w2) = @$x{qw(u w2)};
	$u->get("/workouts/$w2/delete");
	is($u->post_form("/workouts/$w2/delete", {})->{status}, 303, 'POST delete: 303');
	is($u->post_form("/workouts/$w2/delete", {})->{status}, 404, 'deleting it again: 404');
	is($u->get("/workouts/$w2/edit")->{status}, 404, 'editing it now: 404');
}) });

# --- Unknown and malformed ids: 404 ------------------------------------------------------------------------
# One random uuid, made on first use; [name, the id made from it].
my $random;
sub random_uuid { $random //= psql_fast('SELECT gen_random_uuid()') }
for my $case (['an unknown id', sub { $_[0] }], ['not-a-uuid', sub { 'not-a-uuid' }],
    ['12345', sub { '12345' }], ['an id in capitals with an x after it', sub { uc($_[0]) . 'x' }],
    ['an id with a ; after it', sub { "$_[0];" }]) {
	my ($name, $make) = @$case;
	behaviour("$name: 404 for GET and POST, edit and delete", sub {
		my ($u, $w2) = @{shared()}{qw(u w2)};
		my %ok = (%{edit_fields($u, $w2)}, reps => 77);
		my $id = $make->(random_uuid());
		for my $what (qw(edit delete)) {
			my $res = $u->get("/workouts/$id/$what");
			is($res->{status}, 404, "GET /workouts/$id/$what: 404");
		}
		is($u->post_form("/workouts/$id/edit", { %ok })->{status}, 404, "POST /workouts/$id/edit: 404");
		is($u->post_form("/workouts/$id/delete", {})->{status}, 404, "POST /workouts/$id/delete: 404");
	});
}

behaviour('the 404 page says there is no such workout', sub {
	my $u = shared()->{u};
	my $id = random_uuid() . ';';
	my $res = $u->get("/workouts/$id/delete");
	is($res->{status}, 404, "GET /workouts/$id/delete: 404");
	like($res->{content}, qr/no such workout/i, 'the 404 page says there is no such workout');
});

behaviour('a longer path and an empty id: 404', sub {
	my ($u, $w1) = @{shared()}{qw(u w1)};
	is($u->get("/workouts/$w1/edit/extra")->{status}, 404, 'a longer path: 404');
	is($u->get("/workouts//edit")->{status}, 404, 'an empty id: 404');
});

done_testing();
