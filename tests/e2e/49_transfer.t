# 49_transfer.t — the export and import format with sections: GET
# /export.csv writes the user's own exercises ("exercise,measure,met,
# bodyweight,archived"), an empty line, the body weights ("date,weight_kg"),
# an empty line, then the workouts one line per set ("performed_at,exercise,
# reps,duration_seconds,calories,calories_estimated,note,set,load_kg", set 1
# to n, loads in kg to 0.01), a section without rows left out, built-ins by
# slug and own exercises by name, CRLF line ends; POST /import takes it back.
#
# Checked: the export's exact text; the round trip export → import into a
# new account → a byte-identical export and equal rows; the same file
# again (all skipped, nothing doubled; body weights counted only when new
# or changed); a body weight dated tomorrow; an old export (7 columns, one
# workout a line); own exercises named like a built-in (its name, its
# slug); bad files (422, the line listed, nothing at all saved); two
# exercises whose names make one long slug; a file of fewer than 100,000
# workouts but more lines; and another user's export or import never
# touching A's rows.
#
# Each behaviour runs alone (EXBUDDY_ONLY). A (Europe/Zurich) is made on
# first use and only read; the refusals go to an empty user that they must
# leave empty; every import that saves has a new user of its own.
use strict;
use warnings;
use utf8;
use POSIX ();
use Time::HiRes qw(time);
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts :stats);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my $H_EX = 'exercise,measure,met,bodyweight,archived';
my $H_BW = 'date,weight_kg';
my $H_WK = 'performed_at,exercise,reps,duration_seconds,calories,calories_estimated,note,set,load_kg';
my $H_V1 = 'performed_at,exercise,reps,duration_seconds,calories,calories_estimated,note';
my $ZONE = 'Europe/Zurich';

# --- Helpers ---------------------------------------------------------------------------------

sub new_exercise {
	my ($u, $name, $measure, %more) = @_;
	my $res = $u->post_form('/exercises/new', { name => $name, measure => $measure, %more },
	    from => '/exercises/new');
	my ($slug) = ($res->{headers}{location} // '') =~ m{^/exercises/([^/?]+)$};
	die "new exercise $name: $res->{status}\n" unless $res->{status} == 303 && $slug;
	return $slug;
}

# log_sets(USER, EXERCISE, DATE, TIME, SETS ([reps, load, minutes, seconds]
# each), more fields, or quick => …): POST /workouts/new, dies unless 303.
sub log_sets {
	my ($u, $ex, $date, $time, $sets, %more) = @_;
	my $sub = hidden_value($u->get('/workouts/new')->{content}, 'submission');
	my %f = (exercise => $ex, date => $date, time => $time, submission => $sub, %more);
	if ($sets) {
		$f{nsets} = scalar @$sets;
		for my $k (0 .. $#$sets) {
			my $sfx = $k ? '_' . ($k + 1) : '';
			my ($reps, $load, $min, $sec) = @{$sets->[$k]};
			@f{"reps$sfx", "load$sfx", "minutes$sfx", "seconds$sfx"} =
			    map { $_ // '' } $reps, $load, $min, $sec;
		}
	}
	my $res = $u->post_form('/workouts/new', \%f);
	die "logging $ex on $date answered $res->{status}: " . join(', ', map {
	    field_error($res->{content}, $_) // () } qw(exercise reps load duration quick date time note))
	    . "\n" unless $res->{status} == 303;
	return $res;
}

sub body_weight {
	my ($u, $day, $kg) = @_;
	my $res = $u->post_form('/weight', { day => $day, weight => $kg }, from => '/weight');
	die "body weight $day: $res->{status}\n" unless $res->{status} == 303;
}

sub import_file {
	my ($u, $content, $name) = @_;
	return $u->post_multipart('/import', {}, { file => [$name // 'exbuddy.csv', $content] },
	    from => '/import');
}

# The "Line N: reason" items of an import page, as [N, reason].
sub bad_lines {
	my ($html) = @_;
	my ($ul) = ($html // '') =~ m{<ul class="bad-lines">(.*?)</ul>}s or return ();
	return map { /^Line (\d+): (.*)$/s ? [$1, html_unescape($2)] : () }
	    $ul =~ m{<li>(.*?)</li>}gs;
}

sub zone_user {
	my $u = new_user();
	set_zone($u->{id}, $ZONE);
	return $u;
}

sub export_of { return $_[0]->get('/export.csv')->{content} }

# What a user has, as text, one line a row (ids left out): own exercises,
# body weights, workouts with their sets (exercise: a built-in's slug, an
# own one's name with "own:").
sub rows_of {
	my ($u) = @_;
	my $id = sql_quote($u->{id});
	return {
	    exercises => psql_fast("SELECT coalesce(string_agg(concat_ws('|', name, measure, met, seconds_per_rep, "
		. "bodyweight, archived, description, compendium_code), E'\\n' ORDER BY lower(name)), '') "
		. "FROM exbuddy.exercise_types WHERE user_id = $id"),
	    weights => psql_fast("SELECT coalesce(string_agg(day || '|' || weight_kg, E'\\n' ORDER BY day), '') "
		. "FROM exbuddy.body_weights WHERE user_id = $id"),
	    workouts => psql_fast("SET TimeZone = 'UTC'; SELECT coalesce(string_agg(concat_ws('|', w.performed_at, "
		. "CASE WHEN e.user_id IS NULL THEN e.slug ELSE 'own:' || e.name END, w.reps, w.duration_seconds, "
		. "coalesce(w.calories::text, 'null'), w.calories_estimated, coalesce(w.note, 'null'), w.set_count, "
		. "w.best_set_reps, w.best_set_seconds, coalesce(w.max_load_kg::text, 'null'), "
		. "coalesce(w.volume_kg::text, 'null'), (SELECT string_agg(concat_ws(':', s.position, s.reps, "
		. "s.duration_seconds, coalesce(s.load_kg::text, 'null')), ' ' ORDER BY s.position) FROM "
		. "exbuddy.workout_sets s WHERE s.workout_id = w.id)), E'\\n' ORDER BY w.performed_at), '') "
		. "FROM exbuddy.workouts w JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id "
		. "WHERE w.user_id = $id"),
	};
}

# Row counts: own exercises, body weights, workouts, sets.
sub counts_of {
	my ($u) = @_;
	my $id = sql_quote($u->{id});
	return psql_fast(join ' || \'/\' || ', 'SELECT ' . join(' || \'/\' || ', map {
	    "(SELECT count(*) FROM exbuddy.$_ WHERE user_id = $id)" } qw(exercise_types body_weights workouts
	    workout_sets)));
}

# Calories of a workout of USER by its note, as the export writes them.
sub calories_of {
	my ($u, $note) = @_;
	return psql_fast("SELECT coalesce(calories::text, '') FROM exbuddy.workouts WHERE user_id = "
	    . sql_quote($u->{id}) . " AND note = " . sql_quote($note));
}

# Shows the first line where two files differ.
sub first_difference {
	my ($a, $b) = @_;
	my @la = split /\r\n/, $a // '', -1;
	my @lb = split /\r\n/, $b // '', -1;
	for my $k (0 .. ($#la > $#lb ? $#la : $#lb)) {
		next if ($la[$k] // '') eq ($lb[$k] // '');
		diag("first difference, line " . ($k + 1) . ":\nwant: " . ($la[$k] // '<none>')
		    . "\ngot:  " . ($lb[$k] // '<none>'));
		return;
	}
}

# --- A: own exercises (one archived), body weights, workouts of several sets --------------------
my @NOTES = ('comma, and more', 'she said "hi"', "\"quoted, all\"\nand more", "two\nlines", 'plain');
my %shared;
sub user_a {
	return $shared{a} //= do {
		my $a = zone_user();
		new_exercise($a, 'Back squat', 'reps_weight');
		new_exercise($a, 'Dips, weighted', 'reps', met => '4.5', bodyweight => 1);
		my $drill = new_exercise($a, 'Old drill', 'time', met => '6.5');
		# The body weights first: the volumes and estimates of the workouts use them.
		body_weight($a, '2026-03-01', '80');
		body_weight($a, '2026-03-20', '78.5');
		# To 0.01 kg, as a weight given in pounds can be (the form takes one decimal).
		psql_fast("INSERT INTO exbuddy.body_weights (user_id, day, weight_kg) VALUES ("
		    . sql_quote($a->{id}) . ", '2026-03-25', 78.55)");
		log_sets($a, 'back-squat', '2026-03-02', '07:30', undef, quick => '3x5 @ 100', calories => 50,
		    note => $NOTES[0]);
		log_sets($a, 'dips-weighted', '2026-03-03', '18:00', [[8, 10], [6, '12.5'], [5]], note => $NOTES[1]);
		log_sets($a, $drill, '2026-03-04', '06:00', [[undef, undef, 1, 0], [undef, undef, 0, 45]],
		    note => $NOTES[2]);
		log_sets($a, 'pull-up', '2026-03-05', '12:00', [[10], [8, '-15.25']], note => $NOTES[3]);
		log_sets($a, 'plank', '2026-03-06', '19:45', [[undef, undef, 1, 30]], calories => '5.5');
		log_sets($a, 'push-up', '2026-03-28', '23:59', [[20]], note => $NOTES[4]);
		my $res = $a->post_form("/exercises/$drill/archive", { archived => 1 }, from => "/exercises/$drill");
		die "archive: $res->{status}\n" unless $res->{status} == 303;
		$a;
	};
}
sub export_a { return $shared{export_a} //= export_of(user_a()) }

# An empty user, only sent files that must be refused.
sub empty_user { return $shared{empty} //= zone_user() }

# --- The export -------------------------------------------------------------------------------
# A's export, by hand: the three own exercises by name (lower(name) order,
# the one with a comma quoted, MET to one decimal, the archived one true),
# the three body weights to 0.01 kg, then every set of every workout, oldest
# first, times with Zurich's +01:00, built-ins by slug, own exercises by
# name, loads to 0.01 kg (empty without one, −15.25 for help), the
# workout's calories and note on each of its sets. Estimated calories are
# read from the database.
behaviour("the export: own exercises, an empty line, body weights, an empty line, a line per set; CRLF", sub {
	my $a = user_a();
	my $csv = export_a();
	my ($c2, $c3, $c4, $c5) = map { calories_of($a, $_) } @NOTES[1 .. 4];
	my $q1 = '"she said ""hi"""';
	my $q2 = qq{"""quoted, all""\nand more"};
	my $want = join "\r\n", $H_EX,
	    'Back squat,reps_weight,5.0,false,false',
	    '"Dips, weighted",reps,4.5,true,false',
	    'Old drill,time,6.5,false,true',
	    '',
	    $H_BW,
	    '2026-03-01,80.00',
	    '2026-03-20,78.50',
	    '2026-03-25,78.55',
	    '',
	    $H_WK,
	    '2026-03-02T07:30:00+01:00,Back squat,5,0,50.0,false,"comma, and more",1,100.00',
	    '2026-03-02T07:30:00+01:00,Back squat,5,0,50.0,false,"comma, and more",2,100.00',
	    '2026-03-02T07:30:00+01:00,Back squat,5,0,50.0,false,"comma, and more",3,100.00',
	    qq{2026-03-03T18:00:00+01:00,"Dips, weighted",8,0,$c2,true,$q1,1,10.00},
	    qq{2026-03-03T18:00:00+01:00,"Dips, weighted",6,0,$c2,true,$q1,2,12.50},
	    qq{2026-03-03T18:00:00+01:00,"Dips, weighted",5,0,$c2,true,$q1,3,},
	    "2026-03-04T06:00:00+01:00,Old drill,0,60,$c3,true,$q2,1,",
	    "2026-03-04T06:00:00+01:00,Old drill,0,45,$c3,true,$q2,2,",
	    qq{2026-03-05T12:00:00+01:00,pull-up,10,0,$c4,true,"two\nlines",1,},
	    qq{2026-03-05T12:00:00+01:00,pull-up,8,0,$c4,true,"two\nlines",2,-15.25},
	    '2026-03-06T19:45:00+01:00,plank,0,90,5.5,false,,1,',
	    "2026-03-28T23:59:00+01:00,push-up,20,0,$c5,true,plain,1,",
	    '';
	ok($c2 =~ /^\d+\.\d$/ && $c3 =~ /^\d+\.\d$/ && $c4 =~ /^\d+\.\d$/ && $c5 =~ /^\d+\.\d$/,
	    "the estimated calories are numbers ($c2, $c3, $c4, $c5)");
	ok($csv eq $want, "A's export is exactly as written by hand") or first_difference($want, $csv);
	my $res = $a->get('/export.csv');
	is($res->{headers}{'content-type'}, 'text/csv; charset=utf-8', 'Content-Type: text/csv; charset=utf-8');
	unlike($csv =~ s/"[^"]*"//gr, qr/(?<!\r)\n/, 'every line (outside quotes) ends with CRLF');
});

behaviour('a section without rows is left out', sub {
	my $w = zone_user();
	body_weight($w, '2026-02-02', '70.2');
	is(export_of($w), "$H_BW\r\n2026-02-02,70.20\r\n\r\n$H_WK\r\n",
	    'only body weights: their section, then the workouts header (no exercises section)');
	my $x = zone_user();
	log_sets($x, 'squat', '2026-02-03', '10:00', [[12]], calories => 9);
	is(export_of($x), "$H_WK\r\n2026-02-03T10:00:00+01:00,squat,12,0,9.0,false,,1,\r\n",
	    'only a workout: the workouts section alone');
	my $y = zone_user();
	new_exercise($y, 'Curl', 'reps_weight');
	is(export_of($y), "$H_EX\r\nCurl,reps_weight,5.0,false,false\r\n\r\n$H_WK\r\n",
	    'only an exercise: its section, then the workouts header');
	is(export_of(empty_user()), "$H_WK\r\n", 'nothing at all: the workouts header alone');
});

# --- The round trip --------------------------------------------------------------------------
behaviour("the round trip: A's export into a new account gives a byte-identical export and the same rows", sub {
	my $a = user_a();
	my $csv = export_a();
	my $b = zone_user();
	my $res = import_file($b, $csv);
	is($res->{status}, 303, "B imports A's export: 303");
	is($res->{headers}{location}, '/workouts', '... to /workouts');
	is(flash_text($b->get('/workouts')->{content}), 'Imported 6 workouts; 0 already in your log were skipped. '
	    . 'Also saved: 3 new exercises and 3 days of body weight.', '... which says 6 workouts, 3 exercises and 3 weights');
	my $again = export_of($b);
	ok($again eq $csv, "B's export is byte for byte A's") or first_difference($csv, $again);
	my ($ra, $rb) = (rows_of($a), rows_of($b));
	for my $k (qw(exercises weights workouts)) {
		is($rb->{$k}, $ra->{$k}, "B's $k equal A's (measure, MET, pace, bodyweight, archived; sets, totals, "
		    . 'loads, volumes)') or diag("A:\n$ra->{$k}\nB:\n$rb->{$k}");
	}
	is(counts_of($b), '3/3/6/12', 'B has 3 exercises, 3 body weights, 6 workouts, 12 sets');
	is(psql_fast("SELECT string_agg(slug, ' ' ORDER BY slug) FROM exbuddy.exercise_types WHERE user_id = "
	    . sql_quote($b->{id})), 'back-squat dips-weighted old-drill', "B's exercises have slugs from their names");
	is($b->get('/exercises/back-squat')->{status}, 200, "B's Back squat has its page");
});

# The lists of sets the workouts of user U keep (sql/022), oldest first,
# and how many differ from their set rows.
sub set_lists {
	return psql_fast("SELECT string_agg(coalesce(set_list, 'NULL'), ' / ' ORDER BY performed_at) "
	    . 'FROM exbuddy.workouts WHERE user_id = ' . sql_quote($_[0]{id}));
}
sub set_lists_astray {
	return psql_fast('SELECT count(*) FROM exbuddy.workouts w WHERE w.user_id = ' . sql_quote($_[0]{id})
	    . " AND w.set_list IS DISTINCT FROM (SELECT string_agg(s.reps || ':' || s.duration_seconds "
	    . "|| ':' || coalesce(s.load_kg::text, ''), ' ' ORDER BY s.position) FROM exbuddy.workout_sets s "
	    . 'WHERE s.workout_id = w.id)');
}

behaviour("each workout keeps the list of its sets, logged or imported: A's and B's alike", sub {
	my $a = user_a();
	my $b = zone_user();
	is(import_file($b, export_a())->{status}, 303, "B imports A's export: 303");
	my $want = '5:0:100.00 5:0:100.00 5:0:100.00 / 8:0:10.00 6:0:12.50 5:0: / 0:60: 0:45: / '
	    . '10:0: 8:0:-15.25 / 0:90: / 20:0:';
	is(set_lists($a), $want, "A's logged workouts: reps:seconds:load a set, loads to 0.01 kg, signed");
	is(set_lists($b), $want, "B's imported workouts: the same lists");
	is(set_lists_astray($_), 0, "$_->{username}: no list differs from its set rows") for $a, $b;
});

behaviour('the same file imported again: every workout skipped, nothing doubled', sub {
	my $csv = export_a();
	my $b = zone_user();
	is(import_file($b, $csv)->{status}, 303, "B imports A's export: 303");
	$b->get('/workouts');
	my $before = rows_of($b);
	my $res = import_file($b, $csv);
	is($res->{status}, 303, 'the same file again: 303');
	like(flash_text($b->get('/workouts')->{content}) // '', qr/^Imported 0 workouts; 6 already in your log were skipped\.(?: 3 body weight entries\.)?$/,
	    '... 0 imported, 6 skipped, no new exercise');
	is(counts_of($b), '3/3/6/12', '... still 3 exercises, 3 body weights, 6 workouts, 12 sets');
	is_deeply(rows_of($b), $before, '... and every row as it was');
});

# A quick log is timed "now", to the microsecond on the clock; the export
# writes seconds. Kept to the second, its own export finds it again.
behaviour('a quick log (timed now) and its own export imported back: skipped, not doubled', sub {
	my $u = zone_user();
	my $sub = hidden_value($u->get('/dashboard')->{content}, 'submission');
	is($u->post_form('/workouts/new', { from => 'dashboard', exercise => 'squat', reps => 12,
	    submission => $sub })->{status}, 303, 'a quick log of 12 squats: 303');
	is(psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id = " . sql_quote($u->{id})
	    . " AND performed_at = date_trunc('second', performed_at)"), '1', '... saved at a whole second');
	my $res = import_file($u, export_of($u));
	is($res->{status}, 303, 'its own export imported back: 303');
	like(flash_text($u->get('/workouts')->{content}) // '', qr/^Imported 0 workouts; 1 already in your log was skipped\./,
	    '... "Imported 0 workouts; 1 already in your log was skipped."');
	is(counts_of($u), '0/0/1/1', '... still 1 workout of 1 set');
});

# Days of body weight are counted when new or changed: the same weights
# again (also written another way, 80 for 80.00) are no news.
behaviour('body weights imported again: the message says nothing of them; one day changed: "Also saved: 1 day of body weight."', sub {
	my $u = zone_user();
	my @d = map { local_today($ZONE, -$_) } 12, 11, 10;
	my $file = sub {
		my (@kg) = @_;
		return "$H_BW\r\n" . join('', map { "$d[$_],$kg[$_]\r\n" } 0 .. 2)
		    . "\r\n$H_WK\r\n$d[2]T08:00:00+01:00,push-up,10,0,2.0,false,,1,\r\n";
	};
	my $res = import_file($u, $file->('80.00', '79.50', '79.25'));
	is($res->{status}, 303, 'three body weights and a workout: 303');
	is(flash_text($u->get('/workouts')->{content}), 'Imported 1 workout; 0 already in your log were skipped. '
	    . 'Also saved: 3 days of body weight.', '... "Also saved: 3 days of body weight."');
	my $weights = rows_of($u)->{weights};
	is($weights, "$d[0]|80.00\n$d[1]|79.50\n$d[2]|79.25", '... the three weights stored');
	for my $again (['the same file again', '80.00', '79.50', '79.25'], ['the same weights written 80, 79.5', '80', '79.5', '79.25']) {
		my ($what, @kg) = @$again;
		$res = import_file($u, $file->(@kg));
		is($res->{status}, 303, "$what: 303");
		my $flash = flash_text($u->get('/workouts')->{content}) // '';
		is($flash, 'Imported 0 workouts; 1 already in your log was skipped.', '... the message says nothing more');
		unlike($flash, qr/Also saved|body weight/, '... no "Also saved", nothing of body weight');
		is(rows_of($u)->{weights}, $weights, '... the weights as they were');
	}
	$res = import_file($u, $file->('80.00', '79.00', '79.25'));
	is($res->{status}, 303, 'the file with the second day 79.00 (was 79.50): 303');
	is(flash_text($u->get('/workouts')->{content}), 'Imported 0 workouts; 1 already in your log was skipped. '
	    . 'Also saved: 1 day of body weight.', '... "Also saved: 1 day of body weight."');
	is(rows_of($u)->{weights}, "$d[0]|80.00\n$d[1]|79.00\n$d[2]|79.25", '... that day changed, the others not');
	is(counts_of($u), '0/3/1/1', '... 3 body weights, 1 workout of 1 set');
});

# Tomorrow is the last day a body weight may have (the user's tomorrow:
# Europe/Zurich); the day after is refused (the bad files below).
behaviour('a body weight dated tomorrow is imported: 303, stored', sub {
	my $u = zone_user();
	my $tomorrow = local_today($ZONE, 1);
	my $res = import_file($u, "$H_BW\r\n$tomorrow,71.30\r\n");
	is($res->{status}, 303, "a body weight on tomorrow ($tomorrow): 303") or diag(explain([bad_lines($res->{content})]));
	is(flash_text($u->get('/workouts')->{content}), 'Imported 0 workouts; 0 already in your log were skipped. '
	    . 'Also saved: 1 day of body weight.', '... "Also saved: 1 day of body weight."');
	is(rows_of($u)->{weights}, "$tomorrow|71.30", '... stored for tomorrow');
	is(export_of($u), "$H_BW\r\n$tomorrow,71.30\r\n\r\n$H_WK\r\n", '... and exported');
});

# An export of before the sets (7 columns, one workout a line).
behaviour('an old export (7 columns) still imports: one set per workout', sub {
	my $v = zone_user();
	my $file = join "\r\n", $H_V1,
	    '2026-01-05T08:00:00+01:00,push-up,25,,,,old one',
	    '2026-01-05T08:30:00+01:00,plank,,95,4.0,false,"old, two"',
	    '2026-01-06T07:00:00Z,squat,30,120,,true,',
	    '';
	my $res = import_file($v, $file, 'old.csv');
	is($res->{status}, 303, 'an old export: 303');
	like(flash_text($v->get('/workouts')->{content}) // '', qr/^Imported 3 workouts; 0 already/, '... 3 imported');
	is(psql_fast('SET TimeZone = \'UTC\'; SELECT string_agg(concat_ws(\'|\', w.performed_at, w.reps, '
	    . 'w.duration_seconds, w.set_count, w.best_set_reps, w.best_set_seconds, s.position, s.reps, '
	    . 's.duration_seconds, coalesce(s.load_kg::text, \'none\')), \' / \' ORDER BY w.performed_at) '
	    . 'FROM exbuddy.workouts w JOIN exbuddy.workout_sets s ON s.workout_id = w.id WHERE w.user_id = '
	    . sql_quote($v->{id})),
	    '2026-01-05 07:00:00+00|25|0|1|25|0|1|25|0|none / 2026-01-05 07:30:00+00|0|95|1|0|95|1|0|95|none / '
	    . '2026-01-06 07:00:00+00|30|120|1|30|120|1|30|120|none',
	    '... each a workout of one set with its reps and duration, no load');
	is(export_of($v), "$H_WK\r\n"
	    . "2026-01-05T08:00:00+01:00,push-up,25,0," . calories_of($v, 'old one') . ",true,old one,1,\r\n"
	    . "2026-01-05T08:30:00+01:00,plank,0,95,4.0,false,\"old, two\",1,\r\n"
	    . "2026-01-06T08:00:00+01:00,squat,30,120," . psql_fast("SELECT calories FROM exbuddy.workouts WHERE "
	    . "user_id = " . sql_quote($v->{id}) . " AND reps = 30") . ",true,,1,\r\n",
	    '... and export in the new form, set 1 each');
});

# Own "Plank" (counted in reps, made with confirm=1: a built-in has that
# name) and the built-in plank (timed): the export names the own one by
# its name "Plank", and the built-in, whose slug "plank" is that name in
# another case, "plank (built in)". The same for own "squat" and the
# built-in squat.
behaviour('an own exercise named like a built-in and the built-in both come back to the right exercise', sub {
	my $c = zone_user();
	my $res = $c->post_form('/exercises/new', { name => 'Plank', measure => 'reps' }, from => '/exercises/new');
	is($res->{status}, 422, 'an own "Plank" without confirm: 422 (a built-in has the name)');
	my $own = new_exercise($c, 'Plank', 'reps', confirm => 1);
	is($own, 'plank-2', '... with confirm=1 it is made, as plank-2');
	my $own_squat = new_exercise($c, 'squat', 'reps_weight', confirm => 1);
	log_sets($c, $own, '2026-02-02', '10:00', [[20]], calories => 3);
	log_sets($c, 'plank', '2026-02-03', '10:00', [[undef, undef, 1, 0]], calories => 4);
	log_sets($c, $own_squat, '2026-02-04', '10:00', [[5, 60]], calories => 5);
	log_sets($c, 'squat', '2026-02-05', '10:00', [[30]], calories => 6);
	my $csv = export_of($c);
	is($csv, "$H_EX\r\nPlank,reps,3.8,false,false\r\nsquat,reps_weight,5.0,false,false\r\n\r\n$H_WK\r\n"
	    . "2026-02-02T10:00:00+01:00,Plank,20,0,3.0,false,,1,\r\n"
	    . "2026-02-03T10:00:00+01:00,plank (built in),0,60,4.0,false,,1,\r\n"
	    . "2026-02-04T10:00:00+01:00,squat,5,0,5.0,false,,1,60.00\r\n"
	    . "2026-02-05T10:00:00+01:00,squat (built in),30,0,6.0,false,,1,\r\n",
	    'the export: own Plank and own squat by name, the built-ins plank and squat as "slug (built in)"');
	my $d = zone_user();
	is(import_file($d, $csv)->{status}, 303, 'imported into a new account: 303');
	my $which = psql_fast("SELECT string_agg(CASE WHEN e.user_id IS NULL THEN 'builtin ' ELSE 'own ' END "
	    . "|| e.slug || ' ' || w.reps || '/' || w.duration_seconds, ', ' ORDER BY w.performed_at) FROM "
	    . "exbuddy.workouts w JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE w.user_id = "
	    . sql_quote($d->{id}));
	is($which, 'own plank-2 20/0, builtin plank 0/60, own squat-2 5/0, builtin squat 30/0',
	    'each workout is back on its exercise: own Plank, built-in plank, own squat, built-in squat');
	my $again = export_of($d);
	ok($again eq $csv, 'and the new account exports the same file') or first_difference($csv, $again);
});

# Own "jump-rope" (the built-in's slug as a name) and own "Jump rope" (the
# built-in's name, with confirm=1) beside the built-in jump rope: three
# exercises, each with a workout. The export may name each only once; the
# import must put every workout back on its own exercise.
behaviour("own exercises named like the built-in jump rope's slug and its name: each workout comes back to its exercise", sub {
	my $c = zone_user();
	my $by_slug = new_exercise($c, 'jump-rope', 'reps');
	my $by_name = new_exercise($c, 'Jump rope', 'time', confirm => 1);
	log_sets($c, $by_slug, '2026-03-02', '10:00', [[10]], calories => 1);
	log_sets($c, $by_name, '2026-03-03', '10:00', [[undef, undef, 2, 0]], calories => 2);
	log_sets($c, 'jump-rope', '2026-03-04', '10:00', [[undef, undef, 3, 0]], calories => 3);
	my $csv = export_of($c);
	my @names = map { (split /,/)[1] } grep { /^\d{4}-/ } split /\r\n/, $csv;
	is(scalar(keys %{{ map { $_ => 1 } @names }}), 3, 'the export names the three exercises of the workouts in three ways: '
	    . join(' / ', @names));
	my $d = zone_user();
	is(import_file($d, $csv)->{status}, 303, 'imported into a new account: 303');
	my $sql = "SELECT string_agg(CASE WHEN e.user_id IS NULL THEN 'builtin ' || e.slug ELSE 'own ' || e.name END "
	    . "|| ' ' || w.reps || '/' || w.duration_seconds, ', ' ORDER BY w.performed_at) FROM exbuddy.workouts w "
	    . "JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE w.user_id = ";
	is(psql_fast($sql . sql_quote($d->{id})), psql_fast($sql . sql_quote($c->{id})),
	    'each workout is back on its exercise: own jump-rope 10 reps, own Jump rope 2:00, the built-in jump rope 3:00');
});

# --- Bad files ------------------------------------------------------------------------------------
# Each file has good exercises, weights and workouts besides its one bad
# line (numbered from 1, the first header included): none of them may be
# saved.
my $GOOD_HEAD = join "\r\n", $H_EX, 'Curl,reps_weight,,false,false', '', $H_BW, '2026-01-01,70', '', $H_WK;
# lines 1-7 above; the workouts from line 8
my @BAD = (
    ['a set 2 at another time than its set 1', [
	'2026-01-02T10:00:00+01:00,Curl,8,,,,,1,20',
	'2026-01-02T10:05:00+01:00,Curl,8,,,,,2,20'], 9, qr/set after the first must follow the set before it/],
    ['a set 2 of another exercise than its set 1', [
	'2026-01-02T10:00:00+01:00,Curl,8,,,,,1,20',
	'2026-01-02T10:00:00+01:00,squat,8,,,,,2,'], 9, qr/set after the first must follow/],
    ['a set 3 right after a set 1', [
	'2026-01-02T10:00:00+01:00,Curl,8,,,,,1,20',
	'2026-01-02T10:00:00+01:00,Curl,8,,,,,3,20'], 9, qr/set after the first must follow/],
    ['a set 2 as the first workout line', [
	'2026-01-02T10:00:00+01:00,Curl,8,,,,,2,20',
	'2026-01-03T10:00:00+01:00,Curl,8,,,,,1,20'], 8, qr/set after the first must follow/],
    # Each set line repeats its workout's calories and note (as the export writes them).
    ['a set 2 with other calories than its set 1', [
	'2026-01-02T10:00:00+01:00,Curl,8,,50,,,1,20',
	'2026-01-02T10:00:00+01:00,Curl,8,,60,,,2,20'], 9, qr/same calories and note as its first/],
    ['a set 2 with calories its set 1 has not', [
	'2026-01-02T10:00:00+01:00,Curl,8,,,,,1,20',
	'2026-01-02T10:00:00+01:00,Curl,8,,40,,,2,20'], 9, qr/same calories and note as its first/],
    ['a set 2 with another note than its set 1', [
	'2026-01-02T10:00:00+01:00,Curl,8,,50,,first,1,20',
	'2026-01-02T10:00:00+01:00,Curl,8,,50,,second,2,20'], 9, qr/same calories and note as its first/],
    ['a set 3 without the note of its sets 1 and 2', [
	'2026-01-02T10:00:00+01:00,Curl,8,,50,,"a, note",1,20',
	'2026-01-02T10:00:00+01:00,Curl,8,,50,,"a, note",2,20',
	'2026-01-02T10:00:00+01:00,Curl,8,,50,,,3,20'], 10, qr/same calories and note as its first/],
);
for my $case (@BAD) {
	my ($name, $lines, $line, $why) = @$case;
	behaviour("a bad file, $name: 422, line $line listed, nothing saved", sub {
		my $u = empty_user();
		my $before = counts_of($u);
		my $res = import_file($u, join("\r\n", $GOOD_HEAD, @$lines, ''));
		is($res->{status}, 422, "$name: 422");
		my @bl = bad_lines($res->{content});
		is(scalar @bl, 1, '... one line listed') or diag(explain(\@bl));
		is($bl[0][0], $line, "... line $line");
		like($bl[0][1] // '', $why, "... why: $why");
		like(alert_text($res->{content}) // '', qr/Nothing was imported/, '... the alert says nothing was imported');
		is(counts_of($u), $before, '... no exercise, no weight, no workout saved');
	});
}

# Bad lines of the first two sections. A body weight may be dated tomorrow
# (the user's, in Europe/Zurich) at the latest.
my $AFTER_TOMORROW = local_today($ZONE, 2);
my @BAD_HEAD = (
    ['a body weight that is not a number', "$H_BW\r\n2026-01-01,70\r\n2026-01-02,heavy\r\n", 3, qr/body weight line is a date/],
    ['a body weight under 20 kg', "$H_BW\r\n2026-01-01,70\r\n2026-01-02,19.99\r\n", 3, qr/body weight line is a date/],
    ['a body weight with three decimals', "$H_BW\r\n2026-01-01,70\r\n2026-01-02,70.125\r\n", 3, qr/two decimals at most/],
    ['a body weight with a bad date', "$H_BW\r\n2026-01-01,70\r\n02/01/2026,70\r\n", 3, qr/YYYY-MM-DD/],
    ['a body weight line of three fields', "$H_BW\r\n2026-01-01,70\r\n2026-01-02,70,kg\r\n", 3, qr/body weight line/],
    ['a second body weight for one day', "$H_BW\r\n2026-01-01,70\r\n2026-01-01,71\r\n", 3, qr/second body weight for the same day/],
    ['a second body weight for one day, two lines apart, of the same weight', "$H_BW\r\n2026-01-01,70\r\n2026-01-02,71\r\n"
	. "2026-01-01,70.00\r\n", 4, qr/second body weight for the same day/],
    ['a body weight dated the day after tomorrow', "$H_BW\r\n2026-01-01,70\r\n$AFTER_TOMORROW,70\r\n", 3, qr/1970 to tomorrow/],
    ['an exercise name ending in the built-in marker', "$H_EX\r\nCurl,reps_weight,,false,false\r\nSquat (built in),reps,,false,false\r\n", 3,
	qr/not ending in "\(built in\)"/],
    ['an exercise name ending in the built-in marker, in capitals', "$H_EX\r\nMy Lift (Built In),reps_weight,,false,false\r\n", 2,
	qr/not ending in "\(built in\)"/],
    ['an exercise with a bad measure', "$H_EX\r\nCurl,reps_weight,,false,false\r\nRow,weights,,false,false\r\n", 3,
	qr/a measure \(reps, time or reps_weight\)/],
    ['an exercise with a MET of 25', "$H_EX\r\nRow,reps,25,false,false\r\n", 2, qr/MET value from 0\.1 to 24\.9/],
    ['an exercise with bodyweight "yes"', "$H_EX\r\nRow,reps,,yes,false\r\n", 2, qr/true or false/],
    ['an exercise line of four fields', "$H_EX\r\nRow,reps,,false\r\n", 2, qr/5 fields/],
    ['the same exercise declared twice', "$H_EX\r\nCurl,reps_weight,,false,false\r\nRow,reps,,false,false\r\n"
	. "curl,reps,,false,false\r\n", 4, qr/names this exercise twice/],
);
for my $case (@BAD_HEAD) {
	my ($name, $head, $line, $why) = @$case;
	behaviour("a bad file, $name: 422, line $line listed, nothing saved", sub {
		my $u = empty_user();
		my $before = counts_of($u);
		# Good lines of every section besides the bad one.
		my $file = $head . "\r\n" . ($head =~ /^\Q$H_EX\E/ ? "$H_BW\r\n2026-01-05,70\r\n\r\n" :
		    "$H_EX\r\nPress,reps_weight,,false,false\r\n\r\n") . "$H_WK\r\n"
		    . "2026-01-02T10:00:00+01:00,squat,8,,,,,1,\r\n2026-01-02T10:00:00+01:00,squat,8,,,,,2,\r\n";
		my $res = import_file($u, $file);
		is($res->{status}, 422, "$name: 422");
		my @bl = bad_lines($res->{content});
		is(scalar @bl, 1, '... one line listed') or diag(explain(\@bl));
		is($bl[0][0], $line, "... line $line");
		like($bl[0][1] // '', $why, "... why: " . ($bl[0][1] // ''));
		is(counts_of($u), $before, '... no exercise, no weight, no workout saved');
	});
}

behaviour('a bad file with a bad line in every section: 422, every one listed, nothing saved', sub {
	my $u = empty_user();
	my $before = counts_of($u);
	my $file = join "\r\n", $H_EX, 'Good one,reps,,false,false', 'Bad one,kilos,,false,false', '',
	    $H_BW, '2026-01-01,70', '2026-01-01,72', '', $H_WK,
	    '2026-01-02T10:00:00+01:00,Good one,8,,,,,1,',
	    '2026-01-02T10:00:00+01:00,Good one,8,,,,,2,',
	    '2026-01-02T10:00:00+01:00,Good one,8,,,,,4,',
	    '2026-01-03T10:00:00+01:00,Bad one,8,,,,,1,', '';
	my $res = import_file($u, $file);
	is($res->{status}, 422, 'a bad line in every section: 422');
	tidy_ok($res->{content}, 'the import page with bad lines');
	is_deeply([map { $_->[0] } bad_lines($res->{content})], [3, 7, 12, 13],
	    '... lines 3 (measure), 7 (second weight of a day), 12 (set 4 after set 2), 13 (an exercise '
	    . 'the file failed to declare) listed');
	is(counts_of($u), $before, '... nothing saved, not even "Good one" or the first weight');
});

# Two own exercises whose names make the same slug of 59 characters, a
# dash at its 56th: the second gets a slug of its own ("…-bcd-2" or the
# like), as any other name would; the import saves both.
behaviour('an import of two exercises whose long names make the same slug saves both (303)', sub {
	my $u = zone_user();
	my ($n1, $n2) = (('a' x 55) . ' bcd', ('a' x 55) . '-bcd');
	my $res = import_file($u, "$H_EX\r\n$n1,reps,,false,false\r\n$n2,reps,,false,false\r\n");
	is($res->{status}, 303, 'two exercises named "a…a bcd" and "a…a-bcd" (55 a): 303');
	is(psql_fast("SELECT count(DISTINCT slug) FROM exbuddy.exercise_types WHERE user_id = " . sql_quote($u->{id})
	    . " AND slug ~ '^[a-z0-9]+(-[a-z0-9]+)*\$' AND char_length(slug) <= 60"), 2,
	    '... both are saved, each with a slug of its own');
});

# A spreadsheet runs a cell that starts with = + - or @ as a formula: the
# export for spreadsheets puts ' in front of such a cell (and of one that
# starts with '), which our import takes off again; numbers stay numbers.
behaviour("the export for a spreadsheet: cells a spreadsheet would run begin with ', and import back as they were", sub {
	my $u = zone_user();
	my $gym = new_exercise($u, '@gym press', 'reps_weight');
	log_sets($u, $gym, '2026-03-02', '08:00', [[5, '-10']], note => '=HYPERLINK("http://x.example")');
	log_sets($u, 'squat', '2026-03-03', '08:00', [[5]], note => "'quoted");
	my $res = $u->get('/export.csv?spreadsheet=1');
	is($res->{status}, 200, 'GET /export.csv?spreadsheet=1: 200');
	like($res->{headers}{'content-disposition'} // '', qr/-spreadsheet\.csv"/, '... a file named for it');
	my $csv = $res->{content};
	like($csv, qr/^'\@gym press,reps_weight,/m, 'the exercise "@gym press" is written \'@gym press');
	like($csv, qr/,"'=HYPERLINK\(""http:\/\/x\.example""\)",1,-10\.00\r$/m, '... the note =HYPERLINK(...) as \'=HYPERLINK(...), the load -10.00 as it is');
	like($csv, qr/,''quoted,1,\r$/m, "... the note 'quoted as ''quoted");
	unlike($csv, qr/^[=+\-\@]|,[=+\@]|,-[^0-9]/m, '... no cell begins with = + @, or - before other than a digit');
	like(export_of($u), qr/,''quoted,1,\r$/m, "the plain export writes 'quoted as ''quoted too");
	my $b = zone_user();
	is(import_file($b, $csv)->{status}, 303, 'the spreadsheet export imported into a new account: 303');
	is(export_of($b), export_of($u), '... its export is the same as the first account\'s: every cell back as it was');
});

# --- Big files ----------------------------------------------------------------------------------
# What an export holds with sections: 7 lines besides the workouts (two
# headers of sections, their lines, two empty lines, the workouts' header).
behaviour('a file of 99,996 workouts with an exercise and a body weight (under the limit of 100,000) is not refused for its length', sub {
	my $u = zone_user();
	my $csv = "$H_EX\r\nCurl,reps_weight,5.0,false,false\r\n\r\n$H_BW\r\n2019-12-01,70.00\r\n\r\n$H_WK\r\n";
	$csv .= sprintf("%s,push-up,%d,0,1.0,false,,1,\r\n", POSIX::strftime('%Y-%m-%dT%H:%M:00+00:00',
	    gmtime(1577836800 + 60 * $_)), 1 + $_ % 500) for 1 .. 99996;
	my $res = import_file($u, $csv, 'big.csv');
	my @bl = bad_lines($res->{content});
	ok(!grep({ $_->[1] =~ /records/ } @bl), 'no line is refused for being past a number of records')
	    or diag(explain(\@bl));
	is($res->{status}, 303, '... the file is imported: 303');
});

# N workouts of push-ups a minute apart from START (seconds since 1970).
sub push_up_file {
	my ($start, $n) = @_;
	my $csv = "$H_WK\r\n";
	$csv .= sprintf("%s,push-up,%d,0,,false,,1,\r\n", POSIX::strftime('%Y-%m-%dT%H:%M:00+00:00',
	    gmtime($start + 60 * $_)), 1 + $_ % 50) for 0 .. $n - 1;
	return $csv;
}

# The statement that finds the rows already there once ran as a nested
# loop over all of the user's rows for each row of the file (the user's
# rows new, the statistics not yet aware): 0.3 s, 6 s, then 500 at the
# statement timeout. Each file here must be saved whatever came before.
behaviour('three files of 14,000 workouts imported one after the other: each saved (303), none refused for time', sub {
	my $u = zone_user();
	# The statistics as on a big site just after the user's first import:
	# taken before the user had rows, and not taken again meanwhile.
	psql_fast('ALTER TABLE exbuddy.workouts SET (autovacuum_enabled = false); ANALYZE exbuddy.workouts');
	for my $k (0 .. 2) {
		my $t0 = time;
		my $res = import_file($u, push_up_file(1262304000 + $k * 14000 * 60, 14000), "part$k.csv");
		is($res->{status}, 303, 'file ' . ($k + 1) . ' of 14,000 workouts: 303')
		    or diag(sprintf('after %.1f s', time - $t0));
		note(sprintf('file %d: %.2f s', $k + 1, time - $t0));
	}
	psql_fast('ALTER TABLE exbuddy.workouts RESET (autovacuum_enabled)');
	is(psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . sql_quote($u->{id})), 42000,
	    '... 42,000 workouts');
});

# Two imports of one file at once each found the other's rows not there
# yet and saved them: the same file twice at once, twice over, left 98,000
# rows of which 70,000 distinct. One import at a time per user.
behaviour('the same file imported by two requests at once, twice over: every workout once; a refused one says another import is running (409)', sub {
	my $u = zone_user();
	my $csv = push_up_file(1262304000, 10000);
	my @status;
	for my $round (1, 2) {
		my @kids;
		for (1, 2) {
			my $pid = open(my $fh, '-|') // die "fork: $!";
			if ($pid == 0) {
				my $res = import_file($u, $csv);
				my $said = $res->{status} == 409 ? (($res->{content} // '') =~ /Another import into your account is still running/ ? 'said' : 'silent') : '';
				print "$res->{status} $said\n";
				POSIX::_exit(0);
			}
			push @kids, $fh;
		}
		for my $fh (@kids) {
			my $line = <$fh> // 'none';
			close $fh;
			chomp $line;
			push @status, $line;
		}
	}
	note("answers: @status");
	ok(!grep({ !/^(?:303 |409 said)$/ } @status), 'each import answered 303, or 409 saying another import is running')
	    or diag("@status");
	ok(scalar(grep { /^303/ } @status) >= 2, '... at least one import saved in each round');
	is(psql_fast('SELECT count(*) || \'/\' || count(DISTINCT performed_at) FROM exbuddy.workouts WHERE user_id = '
	    . sql_quote($u->{id})), '10000/10000', '... 10,000 workouts, each once');
});

# Imports save one at a time on the whole site (IMPORTS_AT_ONCE): many
# at once would hold every worker. Another session holds the slot here.
behaviour("while the site's import slot is taken, an import is refused at once: 503 with Retry-After, nothing saved; then it goes", sub {
	my $u = zone_user();
	my $release = psql_holding("SELECT pg_advisory_xact_lock(hashtextextended('exbuddy imports', 1))");
	my $res = import_file($u, push_up_file(1262304000, 10));
	$release->();
	is($res->{status}, 503, 'an import while the slot is taken: 503');
	like($res->{headers}{'retry-after'} // '', qr/^\d+$/, '... with Retry-After');
	like(html_unescape(alert_text($res->{content}) // ''), qr/busy importing another file/, '... saying the server is busy importing');
	is(counts_of($u), '0/0/0/0', '... nothing saved');
	is(import_file($u, push_up_file(1262304000, 10))->{status}, 303, 'the slot free again: 303');
	is(counts_of($u), '0/0/10/10', '... 10 workouts saved');
});

# --- Other users ----------------------------------------------------------------------------------
behaviour("another user's export and import never touch A's rows", sub {
	my $a = user_a();
	my $rows_a = rows_of($a);
	my $csv_a = export_a();
	my $ids_a = psql_fast("SELECT string_agg(id::text, ' ' ORDER BY id) FROM exbuddy.exercise_types WHERE user_id = "
	    . sql_quote($a->{id}));
	my $b = zone_user();
	is(export_of($b), "$H_WK\r\n", "B's export before any import: nothing of A's, the header alone");
	# A's own exercise named without declaring it: B cannot reach it.
	my $res = import_file($b, "$H_WK\r\n2026-03-09T10:00:00+01:00,Back squat,5,,,,,1,100\r\n");
	is($res->{status}, 422, "B's file names A's Back squat without declaring it: 422");
	my @bl = bad_lines($res->{content});
	ok(@bl == 1 && $bl[0][0] == 2 && $bl[0][1] =~ /no such exercise/, '... line 2: there is no such exercise')
	    or diag(explain(\@bl));
	is(import_file($b, $csv_a)->{status}, 303, "B imports A's export: 303");
	log_sets($b, 'back-squat', '2026-03-09', '10:00', [[5, 140]]);
	is(import_file($b, "$H_EX\r\nBack squat,reps,9.9,true,true\r\n\r\n$H_BW\r\n2026-03-01,99\r\n\r\n$H_WK\r\n"
	    . "2026-03-10T10:00:00+01:00,Back squat,1,,,,,1,150\r\n")->{status}, 303,
	    "B imports a file that declares Back squat otherwise and gives 2026-03-01 another weight: 303");
	my $b_has = psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id = " . sql_quote($b->{id}));
	is($b_has, 8, 'B has 8 workouts');
	is_deeply(rows_of($a), $rows_a, "A's exercises, weights, workouts and sets are as they were");
	is(psql_fast("SELECT string_agg(id::text, ' ' ORDER BY id) FROM exbuddy.exercise_types WHERE user_id = "
	    . sql_quote($a->{id})), $ids_a, "A's exercises are the same rows");
	my $again = export_of($a);
	ok($again eq $csv_a, "A's export is byte for byte what it was") or first_difference($csv_a, $again);
	unlike($again, qr/,140\.00\r\n|,150\.00\r\n|,99\.00\r\n/, "... with none of B's workouts or weights");
});

done_testing();
