# 46_sets.t — logging a workout set by set: GET/POST /workouts/new and
# /workouts/ID/edit with set rows (reps, minutes, seconds, load; reps_2 …
# for the second set on, nsets the number of rows), "Add set", loads in kg
# and in lb, each set's errors by its own row, the shorthand field "quick"
# ("5x10", "3 × 8 @ 20kg") and its "Fill in", "Same as last time" and the
# "Last time" hints, editing the sets, the dashboard's quick log and the
# old one-set posts, the records a new entry beats, and hostile input.
#
# What is saved is read back from the database (exbuddy.workout_sets and
# the totals in exbuddy.workouts), the edit form, the history and the
# export. Each behaviour runs alone (EXBUDDY_ONLY): it makes its own
# users, except the two fixtures (a kg entry and an lb entry), made on
# first use and only read.
use strict;
use warnings;
use utf8;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts :stats);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

# --- Helpers ---------------------------------------------------------------------------

# A new user (signed in, in UTC) with SETTINGS (SQL assignments) made in the database.
sub own_user {
	my ($set) = @_;
	my $w = new_user();
	psql_fast("UPDATE exbuddy.users SET timezone = 'UTC'" . (defined $set ? ", $set" : '')
	    . ' WHERE id = ' . sql_quote($w->{id}));
	return $w;
}
sub uid { sql_quote($_[0]{id}) }
# The user's workouts and sets.
sub nrows { psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . uid($_[0])) }
sub nsets_stored { psql_fast('SELECT count(*) FROM exbuddy.workout_sets WHERE user_id = ' . uid($_[0])) }
# The id of the user's newest workout (by creation).
sub last_id {
	psql_fast('SELECT id FROM exbuddy.workouts WHERE user_id = ' . uid($_[0])
	    . ' ORDER BY created_at DESC, performed_at DESC LIMIT 1');
}
# The sets of workout ID as "position:reps:seconds:load" (load NULL when none), in order.
sub sets_of {
	my ($id) = @_;
	return psql_fast("SELECT coalesce(string_agg(position || ':' || reps || ':' || duration_seconds "
	    . "|| ':' || coalesce(load_kg::text, 'NULL'), ' ' ORDER BY position), '') FROM "
	    . 'exbuddy.workout_sets WHERE workout_id = ' . sql_quote($id));
}
# The totals of workout ID: reps|duration|set_count|best_set_reps|best_set_seconds|max_load_kg.
sub totals_of {
	my ($id) = @_;
	return psql_fast("SELECT reps || '|' || duration_seconds || '|' || set_count || '|' || "
	    . "best_set_reps || '|' || best_set_seconds || '|' || coalesce(max_load_kg::text, 'NULL') "
	    . 'FROM exbuddy.workouts WHERE id = ' . sql_quote($id));
}
# The submission id of a fresh copy of the form (its csrf token is kept too).
sub new_submission { hidden_value($_[0]->get('/workouts/new')->{content}, 'submission') }
# POST /workouts/new with FIELDS and the submission id of a fresh form.
sub save {
	my ($w, %f) = @_;
	return $w->post_form('/workouts/new', { %f, submission => new_submission($w) });
}

# The name of field F of set K (from 1): reps, reps_2 …
sub fname { my ($f, $k) = @_; return $k == 1 ? $f : "${f}_$k" }
# The fields of set rows: each set [reps, minutes, seconds, load] (undef is
# empty), and nsets.
sub set_fields {
	my @s = @_;
	my %f = (nsets => scalar @s);
	for my $k (1 .. @s) {
		my @v = @{$s[$k - 1]};
		$f{fname($_->[1], $k)} = $v[$_->[0]] // '' for
		    [0, 'reps'], [1, 'minutes'], [2, 'seconds'], [3, 'load'];
	}
	return %f;
}
# The set rows of a form's fields as strings "reps|minutes|seconds|load", rows 1 to nsets.
sub form_rows {
	my ($f) = @_;
	return map { my $k = $_; join '|', map { $f->{fname($_, $k)} // '<none>' }
	    qw(reps minutes seconds load) } 1 .. ($f->{nsets} // 0);
}
# The field errors of a page: {FIELD => message} (FIELD from the id "FIELD-error").
sub errors_of {
	my ($html) = @_;
	my %e;
	while (($html // '') =~ m{<p class="field-error" id="([^"]+)-error">(.*?)</p>}gs) {
		$e{$1} = html_unescape($2);
	}
	return \%e;
}
sub errors_text {
	my $e = errors_of(@_);
	return join('; ', map { "$_: $e->{$_}" } sort keys %$e) || 'no field errors';
}
# The values FIELDS sent are shown again in the form posting to ACTION
# (except those in SKIP).
sub kept_ok {
	my ($html, $action, $sent, $name, @skip) = @_;
	my %skip = map { $_ => 1 } 'csrf', 'action', @skip;
	my $f = form_fields($html, $action) // {};
	my @lost = grep { !$skip{$_} && ($f->{$_} // '<none>') ne $sent->{$_} } sort keys %$sent;
	ok(!@lost, "$name: every value is kept") or diag(join "\n", map {
	    "$_: sent '$sent->{$_}', shown '" . ($f->{$_} // '<none>') . "'" } @lost);
}
# A page as characters, with tidy and the security headers checked.
sub page_ok {
	my ($res, $name) = @_;
	tidy_ok($res->{content}, $name);
	security_headers_ok($res, $name);
	return decode_page($res);
}
# The dashboard's one-time message, as characters.
sub flash_of { flash_text(decode_page($_[0]->get('/dashboard'))) // '' }
# The date (UTC) N days before today, by the database's clock.
my %days_ago;
sub days_ago { my ($n) = @_; return $days_ago{$n} //= local_today('UTC', -$n) }

# The rest of the form around the set rows.
my %WHEN = (date => '2026-03-01', time => '07:30', calories => '', note => '', quick => '');

# --- The kg fixture: five sets of pull-ups with loads ------------------------------------
# 8 @ +10, 8 @ +10, 6 (no load), 5 @ -20 (help), 5 in 0:30.
my %KG5 = (%WHEN, exercise => 'pull-up', note => 'five sets',
    set_fields([8, '', '', '+10'], [8, '', '', '10'], [6, '', '', ''], [5, '', '', '-20'], [5, '', '30', '']));
my %fx;
sub kg_fixture {
	return $fx{kg} //= do {
		my $w = own_user("weight_unit = 'kg'");
		my $res = save($w, %KG5);
		{ user => $w, status => $res->{status}, location => $res->{headers}{location},
		  id => last_id($w) };
	};
}

# An lb user's entry of an exercise of their own (not a bodyweight move,
# so loads have no sign): 5 @ 45, 5 @ 22.5, 3 @ 100.5 lb.
sub lb_entry {
	my $w = own_user("weight_unit = 'lb'");
	my $ex = $w->post_form('/exercises/new', { name => 'Bench press', measure => 'reps_weight',
	    met => '5' }, from => '/exercises/new');
	my $res = save($w, %WHEN, exercise => 'bench-press',
	    set_fields([5, '', '', '45'], [5, '', '', '22.5'], [3, '', '', '100.5']));
	return { user => $w, exercise => $ex->{status}, status => $res->{status}, id => last_id($w) };
}
sub lb_fixture { $fx{lb} //= lb_entry() }

# --- The form -----------------------------------------------------------------------------
behaviour('the form has one set row (reps, minutes, seconds, load), nsets 1, Add set and the shorthand', sub {
	my $w = own_user();
	my $res = $w->get('/workouts/new');
	is($res->{status}, 200, 'GET /workouts/new: 200');
	my $html = page_ok($res, 'GET /workouts/new');
	my $f = form_fields($html, '/workouts/new') // {};
	is($f->{nsets}, '1', 'a hidden nsets says 1 row');
	like($html, qr/<input type="hidden" name="nsets" value="1">/, '... as a hidden field');
	ok(exists $f->{$_}, "set 1 has the field $_") for qw(reps minutes seconds load quick);
	ok(!exists $f->{reps_2}, 'no second row yet');
	like($html, qr/<button type="submit" name="action" value="add-set"/, 'an "Add set" button');
	like($html, qr/<button type="submit" name="action" value="fill"/, 'a "Fill in the sets" button');
	like($html, qr/<label for="load">[^<]*\(kg, optional\)<\/label>/, 'the load is labelled in the unit (kg)');
	my ($post) = $html =~ m{(<form method="post" action="/workouts/new(?:\?log)?".*?</form>)}s;
	my @unlabelled = grep { !/type="hidden"/ && !(/\bid="([^"]+)"/ && $html =~ /<label for="\Q$1\E">/) }
	    ($post // '') =~ /<(?:input|select|textarea)\b([^>]*)>/g;
	ok(!@unlabelled, 'every field has a label') or diag("unlabelled: @unlabelled");
});

behaviour('Add set: 200, one more row (empty), every value kept, nothing saved', sub {
	my $w = own_user();
	my %sent = (%WHEN, exercise => 'squat', calories => '45.5', note => 'legs & <day>',
	    quick => '5x5', set_fields([10, '', '', '20'], ['', 1, 30, ''], [8, 0, 45, '-12.5']));
	my $n0 = nrows($w);
	my $res = save($w, %sent, action => 'add-set');
	is($res->{status}, 200, 'action=add-set: 200');
	my $html = page_ok($res, 'Add set');
	my $f = form_fields($html, '/workouts/new') // {};
	is($f->{nsets}, '4', 'nsets is one more: 4');
	like($html, qr/<legend>Set 4<\/legend>/, 'a row "Set 4"');
	ok(exists $f->{$_}, "the new row has $_") for qw(reps_4 minutes_4 seconds_4 load_4);
	my @rows = form_rows($f);
	is_deeply([@rows[0 .. 2]], ['10|||20', '|1|30|', '8|0|45|-12.5'], 'the three rows keep their values');
	is($rows[3], '|||', 'the new row is empty (not a copy of set 1)');
	$sent{submission} = hidden_value($html, 'submission');
	kept_ok($html, '/workouts/new', \%sent, 'Add set', 'nsets');
	is(nrows($w), $n0, 'nothing saved');
});

behaviour('Add set on the edit form: 200, one more row, the values kept', sub {
	my $w = own_user();
	is(save($w, %WHEN, exercise => 'lunge', set_fields([10], [12]))->{status}, 303, 'an entry of 2 sets: 303');
	my $id = last_id($w);
	my $res = $w->post_form("/workouts/$id/edit", { %WHEN, exercise => 'lunge', note => 'kept',
	    set_fields([11], [13]), action => 'add-set' });
	is($res->{status}, 200, 'POST /workouts/ID/edit action=add-set: 200');
	my $f = form_fields(page_ok($res, 'Add set on the edit form'), "/workouts/$id/edit") // {};
	is($f->{nsets}, '3', 'nsets 3');
	is_deeply([form_rows($f)], ['11|||', '13|||', '|||'], 'the rows as sent, and an empty third');
	is($f->{note}, 'kept', 'the note kept');
	is(sets_of($id), '1:10:0:NULL 2:12:0:NULL', 'the entry is unchanged');
});

behaviour('Add set stops at 50 rows', sub {
	my $w = own_user();
	my @s = map { [$_] } 1 .. 49;
	my $res = save($w, %WHEN, exercise => 'push-up', set_fields(@s), action => 'add-set');
	is($res->{status}, 200, '49 rows, Add set: 200');
	my $html = page_ok($res, 'the form with 50 rows');
	my $f = form_fields($html, '/workouts/new') // {};
	is($f->{nsets}, '50', '50 rows');
	unlike($html, qr/value="add-set"/, '... and no "Add set" button any more');
	$res = save($w, %WHEN, exercise => 'push-up', set_fields(@s, [50]), action => 'add-set');
	is($res->{status}, 200, '50 rows, Add set again: 200');
	$f = form_fields($res->{content}, '/workouts/new') // {};
	is($f->{nsets}, '50', 'still 50 rows');
	ok(!exists $f->{reps_51}, 'no row 51');
	is($f->{reps_50}, '50', 'the 50th row keeps its value');
	is(nrows($w), 0, 'nothing saved');
	is(save($w, %WHEN, exercise => 'push-up', set_fields(@s, [50]))->{status}, 303, '50 sets saved: 303');
	is(psql_fast('SELECT set_count || \'|\' || reps FROM exbuddy.workouts WHERE user_id = ' . uid($w)),
	    '50|1275', '... 50 sets, 1 + 2 + … + 50 = 1275 reps');
});

# --- Five sets with loads in kg -------------------------------------------------------------
behaviour('five sets with loads in kg: 303, each set stored with its load in kg', sub {
	my $fx = kg_fixture();
	is($fx->{status}, 303, 'five sets of pull-ups: 303');
	is($fx->{location}, "/dashboard?saved=$fx->{id}", '... to /dashboard?saved= its id');
	is(sets_of($fx->{id}), '1:8:0:10.00 2:8:0:10.00 3:6:0:NULL 4:5:0:-20.00 5:5:30:NULL',
	    'the sets: 8 @ +10, 8 @ 10, 6 without a load, 5 @ -20, 5 in 30 s');
});

behaviour('five sets with loads in kg: the entry keeps the list of its sets, in order (sql/022)', sub {
	my $fx = kg_fixture();
	is(psql_fast('SELECT set_list FROM exbuddy.workouts WHERE id = ' . sql_quote($fx->{id})),
	    '8:0:10.00 8:0:10.00 6:0: 5:0:-20.00 5:30:', 'reps:seconds:load a set, no load left empty');
});

behaviour('five sets with loads in kg: the totals of the entry', sub {
	my $fx = kg_fixture();
	is(totals_of($fx->{id}), '32|30|5|8|30|10.00',
	    'reps 32 (the sum), 30 s, 5 sets, best set 8 reps and 30 s, heaviest 10 kg');
});

behaviour('five sets with loads in kg: the edit form shows the same sets', sub {
	my $fx = kg_fixture();
	my $res = $fx->{user}->get("/workouts/$fx->{id}/edit");
	is($res->{status}, 200, 'GET /workouts/ID/edit: 200');
	my $f = form_fields(page_ok($res, 'the edit form of five sets'), "/workouts/$fx->{id}/edit") // {};
	is($f->{nsets}, '5', 'five rows');
	is_deeply([form_rows($f)], ['8|||10', '8|||10', '6|||', '5|||-20', '5|0|30|'],
	    'the rows: reps, minutes, seconds, load in kg');
	is($f->{exercise}, 'pull-up', 'the exercise');
	is("$f->{date} $f->{time}", '2026-03-01 07:30', 'the time');
	is($f->{note}, 'five sets', 'the note');
});

behaviour('five sets with loads in kg: the history row says the sets in words', sub {
	my $fx = kg_fixture();
	my $res = $fx->{user}->get('/workouts');
	my @r = history_rows(page_ok($res, 'GET /workouts'));
	is(scalar @r, 1, 'one row');
	is($r[0]{sets}, '8 @ +10 kg, 8 @ +10 kg, 6, 5 @ −20 kg, 5 in 0:30', 'the sets in words');
	is($r[0]{reps}, '32', 'the reps: 32');
	is($r[0]{duration}, '0:30 min', 'the duration: 0:30 min');
});

behaviour('an entry without its list of sets (written by hand in SQL) shows its set rows, on the history and the dashboard', sub {
	my $w = own_user("weight_unit = 'kg'");
	save($w, %KG5);
	my $id = last_id($w);
	psql_fast('UPDATE exbuddy.workouts SET set_list = NULL WHERE id = ' . sql_quote($id));
	my @r = history_rows(page_ok($w->get('/workouts'), 'GET /workouts'));
	is($r[0]{sets}, '8 @ +10 kg, 8 @ +10 kg, 6, 5 @ −20 kg, 5 in 0:30', 'the history: the sets in words');
	like(page_ok($w->get('/dashboard'), 'GET /dashboard'), qr/8 @ \+10 kg, 8 @ \+10 kg, 6, 5 @ −20 kg, 5 in 0:30/,
	    'the dashboard: the same');
});

behaviour('five sets with loads in kg: the export has one line per set, the load in kg', sub {
	my $fx = kg_fixture();
	my $res = $fx->{user}->get('/export.csv');
	is($res->{status}, 200, 'GET /export.csv: 200');
	my @lines = split /\r\n/, $res->{content};
	my ($h) = grep { $lines[$_] =~ /^performed_at,/ } 0 .. $#lines;
	ok(defined $h, 'the workouts section') or return;
	is($lines[$h], 'performed_at,exercise,reps,duration_seconds,calories,calories_estimated,note,set,load_kg',
	    'its header');
	my @sets = map { my @c = split /,/, $_, -1; join '|', @c[0, 1, 2, 3, 6, 7, 8] }
	    grep { $_ ne '' } @lines[$h + 1 .. $#lines];
	is_deeply(\@sets, [map { "2026-03-01T07:30:00+00:00|pull-up|$_" } '8|0|five sets|1|10.00',
	    '8|0|five sets|2|10.00', '6|0|five sets|3|', '5|0|five sets|4|-20.00', '5|30|five sets|5|'],
	    'one line per set: reps, seconds, set number and load in kg');
});

# --- Loads in pounds ----------------------------------------------------------------------------
behaviour('loads in lb are stored in kg to 0.01 (45 lb = 20.41 kg)', sub {
	my $fx = lb_fixture();
	is($fx->{exercise}, 303, 'an exercise of their own, Bench press (reps with a weight): 303');
	is($fx->{status}, 303, '5 @ 45, 5 @ 22.5, 3 @ 100.5 lb: 303');
	is(sets_of($fx->{id}), '1:5:0:20.41 2:5:0:10.21 3:3:0:45.59',
	    'stored in kg: 45 lb = 20.41, 22.5 lb = 10.21, 100.5 lb = 45.59');
	is(sets_of($fx->{id}), '1:5:0:' . psql_fast('SELECT round(45 * 0.45359237, 2)') . ' 2:5:0:'
	    . psql_fast('SELECT round(22.5 * 0.45359237, 2)') . ' 3:3:0:'
	    . psql_fast('SELECT round(100.5 * 0.45359237, 2)'), '... which is lb × 0.45359237, rounded');
	is(totals_of($fx->{id}), '13|0|3|5|0|45.59', 'the totals: 13 reps, the heaviest 45.59 kg');
});

behaviour('loads in lb: the edit form shows 45 / 22.5 / 100.5, the history "45 lb"', sub {
	my $fx = lb_fixture();
	my $w = $fx->{user};
	my $res = $w->get("/workouts/$fx->{id}/edit");
	my $html = page_ok($res, 'the edit form in lb');
	my $f = form_fields($html, "/workouts/$fx->{id}/edit") // {};
	is_deeply([form_rows($f)], ['5|||45', '5|||22.5', '3|||100.5'], 'the loads as typed, in lb');
	like($html, qr/<label for="load">[^<]*\(lb[,)][^<]*<\/label>/, 'labelled in lb');
	my @r = history_rows(page_ok($w->get('/workouts'), 'the history in lb'));
	is($r[0]{sets} // '', '5 @ 45 lb, 5 @ 22.5 lb, 3 @ 100.5 lb', 'the history: 5 @ 45 lb, …');
	my @lines = grep { /,bench-press,|,Bench press,/ } split /\r\n/, $w->get('/export.csv')->{content};
	is_deeply([map { (split /,/, $_, -1)[8] } @lines], ['20.41', '10.21', '45.59'],
	    'the export has the loads in kg');
});

behaviour('loads in lb: saving the edit form unchanged keeps the loads', sub {
	my $fx = lb_entry();
	my $w = $fx->{user};
	my $f = form_fields($w->get("/workouts/$fx->{id}/edit")->{content}, "/workouts/$fx->{id}/edit") // {};
	my $res = $w->post_form("/workouts/$fx->{id}/edit", $f);
	is($res->{status}, 303, 'the edit form sent back as it is: 303');
	is(sets_of($fx->{id}), '1:5:0:20.41 2:5:0:10.21 3:3:0:45.59', 'the loads did not move');
});

behaviour('switching the unit to kg shows the same sets in kg (20.41 kg)', sub {
	my $fx = lb_entry();
	my $w = $fx->{user};
	psql_fast("UPDATE exbuddy.users SET weight_unit = 'kg' WHERE id = " . uid($w));
	my $f = form_fields($w->get("/workouts/$fx->{id}/edit")->{content}, "/workouts/$fx->{id}/edit") // {};
	is_deeply([form_rows($f)], ['5|||20.41', '5|||10.21', '3|||45.59'], 'the edit form in kg');
	my @r = history_rows(decode_page($w->get('/workouts')));
	is($r[0]{sets} // '', '5 @ 20.41 kg, 5 @ 10.21 kg, 3 @ 45.59 kg', 'the history in kg');
	is(sets_of($fx->{id}), '1:5:0:20.41 2:5:0:10.21 3:3:0:45.59', 'nothing stored changed');
});

# 1 lb = 0.45359237 kg: 220.5 lb = 100.017 → 100.02 kg; 100 kg = 220.46 lb,
# shown 220.5; 221 lb = 100.244 → 100.24 kg; 111 lb = 50.349 → 50.35 kg.
# A load shown in lb and sent back unchanged keeps the kg it had.
behaviour('loads in lb: 220.5 lb is 100.02 kg; 100.00 kg shown as 220.5 lb and saved unchanged stays 100.00 kg; 221 lb is 100.24 kg', sub {
	my $w = own_user("weight_unit = 'lb'");
	is($w->post_form('/exercises/new', { name => 'Bench press', measure => 'reps_weight' },
	    from => '/exercises/new')->{status}, 303, 'setup: Bench press (reps with a weight), of their own');
	my %when = (%WHEN, date => days_ago(20));
	my $res = save($w, %when, exercise => 'bench-press', set_fields([5, '', '', '220.5']));
	is($res->{status}, 303, 'an lb account logs 5 @ 220.5: 303') or diag(errors_text(decode_page($res)));
	my $id = last_id($w);
	is(sets_of($id), '1:5:0:100.02', '... stored as 100.02 kg');
	my $edit = "/workouts/$id/edit";
	my $f = form_fields($w->get($edit)->{content}, $edit) // {};
	is_deeply([form_rows($f)], ['5|||220.5'], 'its edit form shows 220.5');
	delete $f->{csrf};
	is($w->post_form($edit, $f)->{status}, 303, '... saved unchanged: 303');
	is(sets_of($id), '1:5:0:100.02', '... still 100.02 kg');

	# 100.00 kg exactly, entered in kg; then the user weighs in lb.
	my $k = own_user("weight_unit = 'kg'");
	is($k->post_form('/exercises/new', { name => 'Bench press', measure => 'reps_weight' },
	    from => '/exercises/new')->{status}, 303, 'setup: a kg account with Bench press');
	is(save($k, %when, exercise => 'bench-press', note => 'kg entry', set_fields([5, '', '', '100'], [5, '', '', '50']))->{status},
	    303, '... logs 5 @ 100 kg, 5 @ 50 kg');
	$id = last_id($k);
	is(sets_of($id), '1:5:0:100.00 2:5:0:50.00', '... stored as 100.00 and 50.00 kg');
	psql_fast("UPDATE exbuddy.users SET weight_unit = 'lb' WHERE id = " . uid($k));
	$edit = "/workouts/$id/edit";
	$f = form_fields($k->get($edit)->{content}, $edit) // {};
	is_deeply([form_rows($f)], ['5|||220.5', '5|||110.2'], 'switched to lb, the edit form shows 220.5 and 110.2');
	delete $f->{csrf};
	is($k->post_form($edit, $f)->{status}, 303, '... saved unchanged: 303');
	is(sets_of($id), '1:5:0:100.00 2:5:0:50.00', '... still 100.00 and 50.00 kg (not 100.02 and 49.99)');
	is(totals_of($id), '10|0|2|5|0|100.00', '... the heaviest still 100.00 kg');
	is($k->post_form($edit, { %$f, reps => 6, note => 'more reps' })->{status}, 303,
	    'the reps and the note changed, the loads not: 303');
	is(sets_of($id), '1:6:0:100.00 2:5:0:50.00', '... the loads stay 100.00 and 50.00 kg');
	is($k->post_form($edit, { %$f, load => '221' })->{status}, 303, 'the first load changed to 221: 303');
	is(sets_of($id), '1:5:0:100.24 2:5:0:50.00', '... stored as 100.24 kg; the other kept');
	is($k->post_form($edit, { %$f, load => '220.5', load_2 => '111' })->{status}, 303,
	    'back to 220.5, and the second 111: 303');
	is(sets_of($id), '1:5:0:100.02 2:5:0:50.35', '... 220.5 typed is 100.02 kg now (100.24 was stored), 111 lb 50.35 kg');
});

# The same when a row before it is emptied (the sets numbered again): the
# set shown as 220.5 lb and sent back so is still the set of 100.00 kg.
behaviour('loads in lb: a set left unchanged keeps its kg when an earlier row is emptied', sub {
	my $k = own_user("weight_unit = 'kg'");
	is($k->post_form('/exercises/new', { name => 'Bench press', measure => 'reps_weight' },
	    from => '/exercises/new')->{status}, 303, 'setup: a kg account with Bench press');
	is(save($k, %WHEN, date => days_ago(20), exercise => 'bench-press', set_fields([5, '', '', '50'], [3, '', '', '100']))->{status},
	    303, '... logs 5 @ 50 kg, 3 @ 100 kg');
	my $id = last_id($k);
	psql_fast("UPDATE exbuddy.users SET weight_unit = 'lb' WHERE id = " . uid($k));
	my $edit = "/workouts/$id/edit";
	my $f = form_fields($k->get($edit)->{content}, $edit) // {};
	is_deeply([form_rows($f)], ['5|||110.2', '3|||220.5'], 'in lb, the edit form shows 110.2 and 220.5');
	delete $f->{csrf};
	my $res = $k->post_form($edit, { %$f, reps => '', load => '' });
	is($res->{status}, 303, 'the first row emptied, the second sent as shown: 303');
	is(sets_of($id), '1:3:0:100.00', '... one set left, still 100.00 kg (not 220.5 lb read again: 100.02)');
});

# --- Errors, set by set ------------------------------------------------------------------------
behaviour('a bad reps in set 3: 422, the message by reps_3, aria-invalid, every value kept, nothing saved', sub {
	my $w = own_user();
	my %sent = (%WHEN, exercise => 'pull-up', note => 'three', calories => '12',
	    set_fields([8, '', '', '10'], [7, 1, 5, ''], ['lots', '', '', '-5']));
	my $res = save($w, %sent);
	is($res->{status}, 422, 'reps_3 = lots: 422');
	my $html = page_ok($res, 'a bad reps in set 3');
	like(field_error($html, 'reps_3') // '', qr/whole number from 0 to 100000/,
	    'the message is by set 3 (id reps_3-error)') or diag(errors_text($html));
	like(input_tag($html, 'reps_3') // '', qr/aria-invalid="true" aria-describedby="reps_3-error"/,
	    'reps_3 is aria-invalid and points at its message');
	is_deeply([sort keys %{errors_of($html)}], ['reps_3'], 'no other message');
	unlike(input_tag($html, $_) // '', qr/aria-invalid/, "$_ is not marked invalid") for qw(reps reps_2);
	$sent{submission} = hidden_value($html, 'submission');
	kept_ok($html, '/workouts/new', \%sent, 'a bad reps in set 3');
	like(alert_text($html) // '', qr/there is a problem/i, 'an alert at the top');
	is(nrows($w), 0, 'nothing saved');
});

behaviour("a problem in set 1 is shown by set 1 only, not by every row", sub {
	my $w = own_user();
	my $res = save($w, %WHEN, exercise => 'pull-up', set_fields(['x'], [8], [6]));
	is($res->{status}, 422, 'reps = x in set 1 of 3: 422');
	my $html = decode_page($res);
	ok(defined field_error($html, 'reps'), 'the message by set 1');
	is_deeply([sort keys %{errors_of($html)}], ['reps'], 'and by no other row')
	    or diag(errors_text($html));
	unlike(input_tag($html, $_) // '', qr/aria-invalid/, "$_ (a good value) is not marked invalid")
	    for qw(reps_2 reps_3);
	is(nrows($w), 0, 'nothing saved');
});

my @bad_loads = (
	# [unit, load, message]
	['kg', 'heavy', qr/number of kg with two decimals at most/],
	['kg', '20.555', qr/number of kg with two decimals at most/],
	['kg', '1001', qr/up to 1000/],
	['kg', '-1001', qr/up to 1000/],
	['lb', '20.55', qr/number of lb with one decimal at most/],
	['lb', '2204.7', qr/up to 2204\.6/],
);
for my $case (@bad_loads) {
	my ($unit, $load, $msg) = @$case;
	behaviour("a bad load in set 2 ($load $unit): 422, the message by load_2, nothing saved", sub {
		my $w = own_user("weight_unit = '$unit'");
		my %sent = (%WHEN, exercise => 'squat', note => 'n',
		    set_fields([5, '', '', '20'], [5, '', '', $load], [5]));
		my $res = save($w, %sent);
		is($res->{status}, 422, "load_2 = $load ($unit): 422");
		my $html = decode_page($res);
		like(field_error($html, 'load_2') // '', $msg, '... the message by load_2')
		    or diag(errors_text($html));
		like(input_tag($html, 'load_2') // '', qr/aria-invalid="true" aria-describedby="load_2-error"/,
		    '... load_2 is aria-invalid');
		$sent{submission} = hidden_value($html, 'submission');
		kept_ok($html, '/workouts/new', \%sent, "load_2 = $load");
		is(nrows($w), 0, '... nothing saved');
	});
}

behaviour('a set of a timed exercise (plank) without a time: 422, the message by its duration', sub {
	my $w = own_user();
	my $res = save($w, %WHEN, exercise => 'plank', set_fields(['', 1, 0], [10]));
	is($res->{status}, 422, 'plank, set 2 has reps and no time: 422');
	my $html = page_ok($res, 'a timed set without a time');
	like(field_error($html, 'duration_2') // '', qr/timed: enter how long/, 'the message by set 2\'s duration')
	    or diag(errors_text($html));
	like(input_tag($html, 'minutes_2') // '', qr/aria-invalid="true" aria-describedby="duration_2-error"/,
	    'minutes_2 is aria-invalid and points at it');
	is(nrows($w), 0, 'nothing saved');
});

behaviour('every row empty: 422 "Enter the reps, the duration, or both.", nothing saved', sub {
	my $w = own_user();
	for my $n (1, 3) {
		my $res = save($w, %WHEN, exercise => 'push-up', set_fields(map { [] } 1 .. $n));
		is($res->{status}, 422, "$n empty row(s): 422");
		my $e = errors_of(decode_page($res));
		ok((grep { $_ eq 'Enter the reps, the duration, or both.' } values %$e),
		    '... "Enter the reps, the duration, or both."') or diag(errors_text($res->{content}));
	}
	is(nrows($w), 0, 'nothing saved');
});

behaviour('empty rows among filled ones are dropped silently, the sets numbered again', sub {
	my $w = own_user();
	my $res = save($w, %WHEN, exercise => 'push-up', set_fields([], [5], [], [7, '', '', '2.5'], []));
	is($res->{status}, 303, 'rows 1, 3 and 5 empty: saved (303)') or diag(errors_text($res->{content}));
	my $id = last_id($w);
	is(sets_of($id), '1:5:0:NULL 2:7:0:2.50', 'two sets, numbered 1 and 2');
	is(totals_of($id), '12|0|2|7|0|2.50', 'the totals of the two');
});

behaviour('totals over 100000 reps or 24 hours: 422, nothing saved; 100000 exactly is fine', sub {
	my $w = own_user();
	my $res = save($w, %WHEN, exercise => 'push-up', set_fields([60000], [40001]));
	is($res->{status}, 422, '60000 + 40001 reps: 422');
	ok((grep { /at most 100000 reps/ } values %{errors_of(decode_page($res))}), '... says at most 100000 reps')
	    or diag(errors_text($res->{content}));
	$res = save($w, %WHEN, exercise => 'plank', set_fields(['', 1000], ['', 441]));
	is($res->{status}, 422, '1000 + 441 minutes: 422');
	ok((grep { /24 hours/ } values %{errors_of(decode_page($res))}), '... says 24 hours')
	    or diag(errors_text($res->{content}));
	is(nrows($w), 0, 'nothing saved');
	is(save($w, %WHEN, exercise => 'push-up', set_fields([60000], [40000]))->{status}, 303,
	    '60000 + 40000 = 100000 reps: saved');
	is(totals_of(last_id($w)), '100000|0|2|60000|0|NULL', '... with the totals');
});

# --- The shorthand --------------------------------------------------------------------------------
my @quick = (
	# [name, exercise, quick, the sets stored, unit]
	['5x10', 'push-up', '5x10', join(' ', map { "$_:10:0:NULL" } 1 .. 5)],
	['3 (times sign) 8 @ 20kg', 'pull-up', '3 × 8 @ 20kg', join(' ', map { "$_:8:0:20.00" } 1 .. 3)],
	['3x1:30', 'plank', '3x1:30', join(' ', map { "$_:0:90:NULL" } 1 .. 3)],
	['5x5 @ 100, 3x3 @ 110', 'squat', '5x5 @ 100, 3x3 @ 110',
	    join(' ', (map { "$_:5:0:100.00" } 1 .. 5), map { "$_:3:0:110.00" } 6 .. 8)],
	['5x5 @ 100 in an lb account is 100 lb', 'squat', '5x5 @ 100', join(' ', map { "$_:5:0:45.36" } 1 .. 5), 'lb'],
	['5x5 @ 100kg in an lb account is 100 kg', 'squat', '5x5 @ 100kg', join(' ', map { "$_:5:0:100.00" } 1 .. 5), 'lb'],
);
for my $case (@quick) {
	my ($name, $ex, $q, $want, $unit) = @$case;
	behaviour("the shorthand with the set rows empty: $name", sub {
		my $w = own_user("weight_unit = '" . ($unit // 'kg') . "'");
		my $res = save($w, %WHEN, exercise => $ex, quick => $q, set_fields([]));
		is($res->{status}, 303, "quick = \"$q\": saved (303)") or diag(errors_text(decode_page($res)));
		is(sets_of(last_id($w)), $want, "... as $want");
	});
}

behaviour('the set rows win over the shorthand when both are given', sub {
	my $w = own_user();
	is(save($w, %WHEN, exercise => 'push-up', quick => '5x10', set_fields([4]))->{status}, 303,
	    'rows (4 reps) and quick 5x10: saved');
	is(sets_of(last_id($w)), '1:4:0:NULL', '... the rows as they are');
});

behaviour('Fill in (action=fill): 200, the rows from the shorthand, nothing saved', sub {
	my $w = own_user();
	my %sent = (%WHEN, exercise => 'pull-up', note => 'fill me', quick => '2x8 @ 20, 1x1:30', set_fields([1]));
	my $res = save($w, %sent, action => 'fill');
	is($res->{status}, 200, 'action=fill: 200');
	my $html = page_ok($res, 'Fill in');
	my $f = form_fields($html, '/workouts/new') // {};
	is($f->{nsets}, '3', 'three rows');
	is_deeply([form_rows($f)], ['8|||20', '8|||20', '|1|30|'], 'filled from the shorthand');
	is($f->{$_}, $sent{$_}, "$_ kept") for qw(exercise date time note);
	is(nrows($w), 0, 'nothing saved');
	my $l = own_user("weight_unit = 'lb'");
	$f = form_fields(save($l, %WHEN, exercise => 'squat', quick => '2x5 @ 45', action => 'fill')->{content},
	    '/workouts/new') // {};
	is_deeply([form_rows($f)], ['5|||45', '5|||45'], 'in an lb account, the rows in lb');
});

my @bad_quick = ('5x', 'x10', '51x1', '5x10 @ heavy', '3 × bad', '2x10, 49x1');
for my $q (@bad_quick) {
	(my $qname = $q) =~ s/×/(times sign)/g;	# names stay ASCII, for EXBUDDY_ONLY
	behaviour("a bad shorthand \"$qname\": 422, the message at quick, nothing saved", sub {
		my $w = own_user();
		for my $action ('save', 'fill') {
			my $res = save($w, %WHEN, exercise => 'push-up', quick => $q, set_fields([]), action => $action);
			is($res->{status}, 422, "quick = \"$q\", action=$action: 422");
			my $html = decode_page($res);
			like(field_error($html, 'quick') // '', qr/Write the sets like|1 to 50 sets|number of kg/,
			    '... a message at quick (quick-error)') or diag(errors_text($html));
			like(input_tag($html, 'quick') // '', qr/aria-invalid="true"/, '... quick is aria-invalid');
			is((form_fields($html, '/workouts/new') // {})->{quick}, $q, '... and keeps what was typed');
		}
		is(nrows($w), 0, 'nothing saved');
	});
}

# --- Same as last time -----------------------------------------------------------------------------
# A user with two pull-up entries; the later one (2026-03-01) has 8 @ +10, 6, 5 @ -20.
sub with_history {
	my $w = own_user();
	save($w, %WHEN, exercise => 'pull-up', date => '2026-02-01', set_fields([3], [3]));
	save($w, %WHEN, exercise => 'pull-up', set_fields([8, '', '', '10'], [6], [5, '', '', '-20']));
	return $w;
}

behaviour('Same as last time: 200, the rows of the last entry of the exercise, nothing saved', sub {
	my $w = with_history();
	my $n0 = nrows($w);
	is($n0, 2, 'two pull-up entries');
	my %sent = (%WHEN, exercise => 'pull-up', date => '2026-03-05', time => '18:00', note => 'again',
	    set_fields([1]));
	my $res = save($w, %sent, action => 'same');
	is($res->{status}, 200, 'action=same: 200');
	my $html = page_ok($res, 'Same as last time');
	my $f = form_fields($html, '/workouts/new') // {};
	is($f->{nsets}, '3', 'three rows');
	is_deeply([form_rows($f)], ['8|||10', '6|||', '5|||-20'], 'the sets of the entry of 2026-03-01');
	is($f->{$_}, $sent{$_}, "$_ kept") for qw(exercise date time note);
	is(nrows($w), $n0, 'nothing saved');
	delete $f->{csrf};
	is(save($w, %$f)->{status}, 303, 'the filled form saves');
	is(sets_of(last_id($w)), '1:8:0:10.00 2:6:0:NULL 3:5:0:-20.00', '... the same sets again');
});

behaviour('the form says what was done last time, and each row its set of last time', sub {
	my $w = with_history();
	my $res = $w->get('/workouts/new?exercise=pull-up');
	is($res->{status}, 200, 'GET /workouts/new?exercise=pull-up: 200');
	my $html = page_ok($res, 'the form with last time');
	my ($date, $sets) = $html =~ m{<p>Last time, ([^:<]*): <strong>(.*?)</strong></p>}s;
	like($date // '', qr/\b1 March 2026\b/, 'Last time (… 1 March 2026) …');
	is($sets, '8 @ +10 kg, 6, 5 @ −20 kg', '... : 8 @ +10 kg, 6, 5 @ −20 kg');
	like($html, qr/value="same"/, 'a "Same as last time" button');
	my @hints = $html =~ m{<p class="hint">Last time: (.*?)</p>}g;
	is_deeply(\@hints, ['8 @ +10 kg'], 'the one row: "Last time: 8 @ +10 kg"');
	$res = save($w, %WHEN, exercise => 'pull-up', set_fields([], [], []), action => 'add-set');
	@hints = decode_page($res) =~ m{<p class="hint">Last time: (.*?)</p>}g;
	is_deeply(\@hints, ['8 @ +10 kg', '6 reps', '5 @ −20 kg'], 'four rows: a hint by each of the first three');
	unlike(decode_page($w->get('/workouts/new?exercise=squat')), qr/Last time/,
	    'an exercise never logged: no "Last time"');
});

behaviour('Same as last time with an exercise never logged: 422 by the exercise', sub {
	my $w = with_history();
	my $res = save($w, %WHEN, exercise => 'squat', set_fields([]), action => 'same');
	is($res->{status}, 422, 'squat never logged: 422');
	like(field_error(decode_page($res), 'exercise') // '', qr/not logged this exercise before/,
	    '... "You have not logged this exercise before."');
	is(nrows($w), 2, 'nothing saved');
});

behaviour('Same as last time with no exercise chosen: 422 by the exercise', sub {
	my $w = with_history();
	my $res = save($w, %WHEN, exercise => '', set_fields([]), action => 'same');
	is($res->{status}, 422, 'no exercise: 422');
	like(field_error(decode_page($res), 'exercise') // '', qr/Choose an exercise/, '... "Choose an exercise first."');
	is(nrows($w), 2, 'nothing saved');
});

# --- Editing an entry ---------------------------------------------------------------------------------
behaviour('editing: fewer sets replace the sets, the totals follow', sub {
	my $w = own_user();
	save($w, %KG5);
	my $id = last_id($w);
	my $res = $w->post_form("/workouts/$id/edit", { %KG5, set_fields([3], [4, '', '', '5']) });
	is($res->{status}, 303, 'five sets become two: 303');
	is($res->{headers}{location}, '/workouts', '... to /workouts');
	is(sets_of($id), '1:3:0:NULL 2:4:0:5.00', 'two sets');
	is(totals_of($id), '7|0|2|4|0|5.00', 'the totals of the two');
	is(nsets_stored($w), 2, 'no set left behind');
	is(psql_fast("SELECT set_list FROM exbuddy.workouts WHERE id = " . sql_quote($id)), '3:0: 4:0:5.00',
	    'the list of sets the entry keeps: the two');
	$w->post_form("/workouts/$id/edit", { %KG5, set_fields([3], [4]) });
	is(totals_of($id), '7|0|2|4|0|NULL', 'without loads, no heaviest load');
});

behaviour('editing: more sets replace the sets, the totals follow', sub {
	my $w = own_user();
	save($w, %WHEN, exercise => 'plank', set_fields(['', 1, 0]));
	my $id = last_id($w);
	my $res = $w->post_form("/workouts/$id/edit", { %WHEN, exercise => 'plank',
	    set_fields(['', 1, 0], ['', 1, 30], ['', 0, 45], [10, 2, 0, '10']) });
	is($res->{status}, 303, 'one set becomes four: 303');
	is(sets_of($id), '1:0:60:NULL 2:0:90:NULL 3:0:45:NULL 4:10:120:10.00', 'four sets');
	is(totals_of($id), '10|315|4|10|120|10.00', 'the totals: 315 s, the longest 120 s');
	my $f = form_fields($w->get("/workouts/$id/edit")->{content}, "/workouts/$id/edit") // {};
	is_deeply([form_rows($f)], ['|1|0|', '|1|30|', '|0|45|', '10|2|0|10'], 'the edit form shows the four');
});

behaviour("another user's workout: GET and every POST of /workouts/ID/edit are 404", sub {
	my $fx = kg_fixture();
	my $b = own_user();
	my $id = $fx->{id};
	is($b->get("/workouts/$id/edit")->{status}, 404, "GET another user's edit form: 404");
	$b->get('/workouts/new');
	for my $action ('save', 'add-set', 'fill', 'same') {
		my $res = $b->post_form("/workouts/$id/edit", { %KG5, quick => '1x1', action => $action });
		is($res->{status}, 404, "POST it with action=$action: 404");
	}
	my $none = '00000000-0000-4000-8000-000000000000';
	is($b->post_form("/workouts/$none/edit", { %KG5, action => 'add-set' })->{status}, 404,
	    'POST action=add-set to an id that does not exist: 404');
	is(sets_of($id), '1:8:0:10.00 2:8:0:10.00 3:6:0:NULL 4:5:0:-20.00 5:5:30:NULL', "A's sets unchanged");
});

# --- The dashboard's quick log and old posts -----------------------------------------------------------
behaviour("the dashboard's quick log (from=dashboard, one set) still saves, now", sub {
	my $w = own_user();
	my $res = $w->get('/dashboard');
	my $f = form_fields($res->{content}, '/workouts/new') // {};
	is($f->{from}, 'dashboard', 'the dashboard has the quick log (from=dashboard)');
	ok(exists $f->{$_}, "... with the field $_") for qw(reps minutes seconds);
	$res = $w->post_form('/workouts/new', { %$f, exercise => 'squat', reps => 12, load => '20' });
	is($res->{status}, 303, '12 squats @ 20 from the dashboard: 303');
	like($res->{headers}{location}, qr{^/dashboard\?saved=[0-9a-f-]{36}$}, '... to /dashboard?saved= its id');
	is(flash_of($w), 'Your workout is saved.', '... "Your workout is saved."');
	my $id = last_id($w);
	is(sets_of($id), '1:12:0:20.00', 'one set of 12 @ 20 kg');
	is(psql_fast("SELECT performed_at::date = (now() AT TIME ZONE 'UTC')::date FROM exbuddy.workouts WHERE id = "
	    . sql_quote($id)), 't', 'logged today');
	delete $f->{csrf};
	$res = save($w, %$f, exercise => 'squat', reps => 'x');
	is($res->{status}, 422, 'a bad quick log: 422');
	is(nrows($w), 1, '... nothing more saved');
});

behaviour('an old-style post (reps, minutes, seconds, no nsets) saves one set', sub {
	my $w = own_user();
	my $res = save($w, exercise => 'lunge', reps => 12, minutes => 1, seconds => 5, date => '2026-03-02',
	    time => '08:00');
	is($res->{status}, 303, 'reps, minutes, seconds without nsets: 303');
	my $id = last_id($w);
	is(sets_of($id), '1:12:65:NULL', 'one set: 12 reps in 65 s');
	is(totals_of($id), '12|65|1|12|65|NULL', 'and its totals');
});

# --- Records ---------------------------------------------------------------------------------------------
behaviour('a new record of reps in one set: "New record: 22 reps in one set!"', sub {
	my $w = own_user();
	save($w, %WHEN, exercise => 'push-up', set_fields([20], [15]));
	is(flash_of($w), 'Your workout is saved.', 'the first entry of an exercise: no record');
	save($w, %WHEN, exercise => 'push-up', date => '2026-03-02', set_fields([10], [22]));
	is(flash_of($w), 'Your workout is saved. New record: 22 reps in one set!', '22 after 20: a record');
	save($w, %WHEN, exercise => 'push-up', date => '2026-03-03', set_fields([22]));
	is(flash_of($w), 'Your workout is saved.', '22 again (equal): no record');
	save($w, %WHEN, exercise => 'sit-up', set_fields([50]));
	is(flash_of($w), 'Your workout is saved.', 'another exercise, first entry: no record');
});

behaviour('a new record of the longest set: "New record: 1:30 in one set!"', sub {
	my $w = own_user();
	save($w, %WHEN, exercise => 'plank', set_fields(['', 1, 0]));
	is(flash_of($w), 'Your workout is saved.', 'the first plank (1:00): no record');
	save($w, %WHEN, exercise => 'plank', date => '2026-03-02', set_fields(['', 0, 30], ['', 1, 30]));
	is(flash_of($w), 'Your workout is saved. New record: 1:30 min in one set!', '1:30 after 1:00: a record');
	save($w, %WHEN, exercise => 'plank', date => '2026-03-03', quick => '1:30');
	is(flash_of($w), 'Your workout is saved.', '1:30 again (equal): no record');
});

behaviour('a new record of the heaviest weight: "New record: the heaviest weight, +25 kg!"', sub {
	my $w = own_user();
	save($w, %WHEN, exercise => 'pull-up', set_fields([5, '', '', '20']));
	is(flash_of($w), 'Your workout is saved.', 'the first loaded entry: no record');
	save($w, %WHEN, exercise => 'pull-up', date => '2026-03-02', set_fields([5, '', '', '25'], [5, '', '', '10']));
	is(flash_of($w), 'Your workout is saved. New record: the heaviest weight, +25 kg!',
	    '25 kg after 20 kg: "New record: the heaviest weight, +25 kg!"');
	save($w, %WHEN, exercise => 'pull-up', date => '2026-03-03', set_fields([5, '', '', '25']));
	is(flash_of($w), 'Your workout is saved.', '25 kg again (equal): no record');
});

# --- Long entries in words -----------------------------------------------------------------------------
# 50 sets that all differ, each with a load of −999.99 kg: their words are
# longer than any buffer; four entries shift the text a byte at a time.
behaviour('50 sets in words: the history, the dashboard and "Last time" stay valid UTF-8', sub {
	require Encode;
	my $w = own_user();
	my $day = 0;
	for my $first (1000, 100, 10, 1) {
		my %f = (%WHEN, exercise => 'pull-up', date => sprintf('2026-03-%02d', ++$day), set_fields(map { [$_ == 1 ? $first : $_, '', '', '-999.99'] } 1 .. 50));
		is(save($w, %f)->{status}, 303, "50 sets from $first reps, each @ -999.99 kg: saved");
	}
	my $valid = sub {
		my ($bytes) = @_;
		return eval { Encode::decode('UTF-8', $bytes, Encode::FB_CROAK()); 1 } ? 1 : 0;
	};
	my @r = history_rows($w->get('/workouts')->{content});
	is(scalar @r, 4, 'four rows in the history');
	my @bad = grep { !$valid->($_->{sets}) } @r;
	ok(!@bad, 'the sets in words of every history row are valid UTF-8')
	    or diag(join "\n", map { "$_->{reps} reps: ends with bytes " . join(' ', map { sprintf '%02x', ord }
	    split //, substr($_->{sets}, -4)) } @bad);
	ok($valid->($w->get('/workouts')->{content}), 'the history page is valid UTF-8');
	ok($valid->($w->get('/dashboard')->{content}), 'the dashboard (its recent workouts) is valid UTF-8');
	ok($valid->($w->get('/workouts/new?exercise=pull-up')->{content}), 'the form with "Last time" is valid UTF-8');
});

# The longest words an entry can have: 50 sets, all different, of four-digit
# reps (1951 to 2000: 98775 reps, under 100000), each @ −999.99 kg (a
# three-byte minus): every set is there, none cut.
behaviour('50 sets of 4-digit reps, each @ -999.99 kg: the history cell is valid UTF-8 and has all 50, not cut', sub {
	require Encode;
	my $w = own_user();
	my @reps = 1951 .. 2000;
	my $res = save($w, %WHEN, date => days_ago(3), exercise => 'pull-up',
	    set_fields(map { [$_, '', '', '-999.99'] } @reps));
	is($res->{status}, 303, '50 sets of 1951 to 2000 reps, each @ -999.99 kg: saved') or diag(errors_text(decode_page($res)));
	is(psql_fast('SELECT set_count || \'|\' || reps FROM exbuddy.workouts WHERE user_id = ' . uid($w)), '50|98775',
	    '... 50 sets, 98775 reps');
	my $want = join ', ', map { "$_ @ −999.99 kg" } @reps;
	my $bytes = $w->get('/workouts')->{content};
	my ($r) = history_rows($bytes);
	my $cell = $r ? $r->{sets} : '';
	ok(eval { Encode::decode('UTF-8', $cell, Encode::FB_CROAK() | Encode::LEAVE_SRC()); 1 }, 'the history cell is valid UTF-8');
	my $text = Encode::decode('UTF-8', $cell);
	my @parts = split /, /, $text;
	is(scalar @parts, 50, '... it has 50 parts');
	is($text, $want, '... each set in full: "1951 @ −999.99 kg, …, 2000 @ −999.99 kg"')
	    or diag('ends with: ' . substr($text, -60));
	my ($rows) = table_rows(decode_page($w->get('/exercises/pull-up')), qr/^The last entries of Pull-up/);
	is($rows && $rows->[0] ? $rows->[0][1] : '', $want, 'the exercise page\'s last entries show all 50 too');
});

# --- Hostile input -----------------------------------------------------------------------------------------
# Nothing saved and a clean refusal.
sub refused_ok {
	my ($w, $res, $name) = @_;
	ok($res->{status} >= 400 && $res->{status} < 500, "$name: a 4xx ($res->{status})");
	isnt($res->{status}, 500, "$name: not a server error");
	is(nrows($w), 0, "$name: nothing saved");
}

for my $n ('999999', '51', '0') {
	behaviour("nsets=$n (out of 1..50) with three sets: refused (4xx), nothing saved", sub {
		my $w = own_user();
		my %f = (%WHEN, exercise => 'push-up', set_fields([5], [6], [7]), nsets => $n);
		refused_ok($w, save($w, %f), "nsets=$n");
		my $n0 = nrows($w);
		my $res = save($w, %f, action => 'add-set');
		ok($res->{status} == 200 || ($res->{status} >= 400 && $res->{status} < 500),
		    "nsets=$n with Add set: 200 or a 4xx ($res->{status}), not a server error");
		is(nrows($w), $n0, '... nothing saved by it');
	});
}

behaviour('300 set fields: a 4xx, nothing saved', sub {
	my $w = own_user();
	my %many = map { (fname('reps', $_) => 1, fname('load', $_) => 1, fname('minutes', $_) => 1) } 1 .. 100;
	refused_ok($w, save($w, %WHEN, exercise => 'push-up', nsets => 50, %many), '300 set fields');
});

behaviour('a 64 KiB shorthand: a 4xx, nothing saved; 8 KiB of it: 422 at quick', sub {
	my $w = own_user();
	refused_ok($w, save($w, %WHEN, exercise => 'push-up', quick => '1x1, ' x 13108), '64 KiB quick');
	my $res = save($w, %WHEN, exercise => 'push-up', quick => '1' x 8000);
	is($res->{status}, 422, '8000 digits of quick: 422');
	ok(defined field_error($res->{content}, 'quick'), '... a message at quick');
	is(nrows($w), 0, '... nothing saved');
});

my @control = (
	['a NUL in quick', { quick => "5x10\0" }],
	['a NUL inside quick', { quick => "5\0x10" }],
	['a bell in quick', { quick => "5x10\x07" }],
	['a control character as quick', { quick => "\x01" }],
	['a NUL in reps', { reps => "5\0", quick => '' }],
	['a control character in reps_2', { nsets => 2, reps => 5, reps_2 => "\x01" }],
	['a NUL in load', { reps => 5, load => "1\0" }],
	['an escape in load_2', { nsets => 2, reps => 5, reps_2 => 5, load_2 => "\e[1m" }],
	['a NUL in a field name', { reps => 5, "reps_2\0" => 6, nsets => 2 }],
	['bytes that are not UTF-8 in load', { reps => 5, load => "\xff\xfe" }],
);
for my $case (@control) {
	my ($name, $chg) = @$case;
	behaviour("hostile input, $name: a 4xx, nothing saved", sub {
		my $w = own_user();
		my %f = (%WHEN, exercise => 'push-up', quick => '');
		refused_ok($w, save($w, %f, %$chg), $name);
	});
}

done_testing();
