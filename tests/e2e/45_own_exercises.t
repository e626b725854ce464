# 45_own_exercises.t — exercises of one's own: the list (GET /exercises), the
# form (GET and POST /exercises/new: the slug made from the name, the rules
# of names, measures and MET values), changing and renaming one
# (/exercises/NAME/edit), archiving it (/exercises/NAME/archive), merging it
# into another (/exercises/NAME/merge); one's own exercises wherever the
# built-in ones are (the log form and its search, the quick log, the
# history filter, /week, /stats, goals, export and import); the isolation
# between users, through the pages and in the database as exbuddy_app; and
# the limit of 200 exercises of one's own.
#
# Each behaviour runs alone (EXBUDDY_ONLY). Shared users, made on first use,
# are only read: lib_user (four exercises of its own, one archived, a
# workout of each), reader (none of its own: sent what must be refused) and
# the pair A and B of the isolation checks (B is sent what must be
# refused). A behaviour that makes, changes, archives or merges an exercise
# has a user of its own.
use strict;
use warnings;
use utf8;
use Encode ();
use File::Temp ();
use POSIX ();
use Time::HiRes ();
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts :stats psql_fast psql_holding);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my @BUILTIN = qw(burpee jump-rope lunge mountain-climber plank pull-up push-up sit-up squat);
my @REPS_BUILTIN = grep { $_ ne 'jump-rope' && $_ ne 'plank' } @BUILTIN;
my $SLUG_SHAPE = qr/^[a-z0-9]+(?:-[a-z0-9]+)*$/;
my $HEADER_EX = 'exercise,measure,met,bodyweight,archived';
my $HEADER_WK = 'performed_at,exercise,reps,duration_seconds,calories,calories_estimated,note,set,load_kg';

# --- Helpers -----------------------------------------------------------------------

# sql(SQL): psql_fast with characters in and out (names may be UTF-8).
sub sql {
	my ($q) = @_;
	return Encode::decode('UTF-8', psql_fast(Encode::encode('UTF-8', $q)));
}
sub uid { sql_quote($_[0]{id}) }

# page_ok(RES, NAME): valid HTML, the security headers, no template tag left.
sub page_ok {
	my ($res, $name) = @_;
	tidy_ok($res->{content} // '', $name);
	security_headers_ok($res, $name);
	unlike($res->{content} // '', qr/<TMPL_/, "$name: no template tag left in the page");
}

# A new user (signed in), in UTC, weeks from Monday.
sub fresh_user {
	my $u = new_user();
	set_zone($u->{id}, 'UTC', 1);
	return $u;
}

# create(USER, FIELDS...): POST /exercises/new.
sub create {
	my ($u, %f) = @_;
	return $u->post_form('/exercises/new', \%f);
}
# The slug a 303 to /exercises/SLUG names, or undef.
sub slug_of {
	my ($res) = @_;
	return ($res->{headers}{location} // '') =~ m{^/exercises/([^/?]+)$} ? $1 : undef;
}
# mk(USER, FIELDS...): creates an exercise (one check); its slug, or ''.
sub mk {
	my ($u, %f) = @_;
	my $res = create($u, %f);
	my $slug = slug_of($res);
	ok($res->{status} == 303 && defined $slug, "setup: '$f{name}' is created")
	    or diag("status $res->{status}: " . join(', ', map { "$_=" . (field_error($res->{content}, $_) // '-') }
	    qw(name measure met)));
	return $slug // '';
}
# The user's own exercises as "slug|name|measure|met|bodyweight|archived", by slug.
sub own_rows {
	my ($u) = @_;
	return sql("SELECT coalesce(string_agg(slug || '|' || name || '|' || measure || '|' || met || '|' || "
	    . "bodyweight || '|' || archived, E'\\n' ORDER BY slug), '') FROM exbuddy.exercise_types "
	    . "WHERE user_id = " . uid($u));
}
# One of them as "name|measure|met|bodyweight|archived", or ''.
sub ex_row {
	my ($u, $slug) = @_;
	return sql("SELECT coalesce((SELECT name || '|' || measure || '|' || met || '|' || bodyweight || '|' || "
	    . "archived FROM exbuddy.exercise_types WHERE user_id = " . uid($u) . " AND slug = "
	    . sql_quote($slug) . "), '')");
}
sub n_own { sql('SELECT count(*) FROM exbuddy.exercise_types WHERE user_id = ' . uid($_[0])) }
sub ex_id {
	my ($u, $slug) = @_;
	return sql('SELECT id FROM exbuddy.exercise_types WHERE user_id = ' . uid($u) . ' AND slug = '
	    . sql_quote($slug));
}
# The user's workouts of SLUG (their own, else the built-in).
sub n_workouts {
	my ($u, $slug) = @_;
	return sql('SELECT count(*) FROM exbuddy.workouts w JOIN exbuddy.exercise_types e ON e.id = '
	    . 'w.exercise_type_id WHERE w.user_id = ' . uid($u) . ' AND e.slug = ' . sql_quote($slug)
	    . ' AND (e.user_id = w.user_id OR (e.user_id IS NULL AND NOT EXISTS (SELECT 1 FROM '
	    . 'exbuddy.exercise_types o WHERE o.user_id = w.user_id AND o.slug = e.slug)))');
}
sub n_all_workouts { sql('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . uid($_[0])) }
# The user's goals as "slug=target", by slug.
sub goals_of {
	my ($u) = @_;
	return sql("SELECT coalesce(string_agg(e.slug || '=' || g.weekly_target, ' ' ORDER BY e.slug), '') "
	    . 'FROM exbuddy.goals g JOIN exbuddy.exercise_types e ON e.id = g.exercise_type_id '
	    . 'WHERE g.user_id = ' . uid($u));
}
# Every column of the user's exercises, goals and workouts: any change shows.
sub snapshot {
	my ($u) = @_;
	my $id = uid($u);
	return sql("SELECT concat_ws(' ', (SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY e.id), '')) "
	    . "FROM exbuddy.exercise_types e WHERE e.user_id = $id), (SELECT md5(coalesce(string_agg(g::text, "
	    . "'|' ORDER BY g.exercise_type_id), '')) FROM exbuddy.goals g WHERE g.user_id = $id), "
	    . "(SELECT md5(coalesce(string_agg(w::text, '|' ORDER BY w.id), '')) FROM exbuddy.workouts w "
	    . "WHERE w.user_id = $id))");
}

# log_w(USER, FIELDS...): POST /workouts/new with a fresh submission id.
sub log_w {
	my ($u, %f) = @_;
	my $sub = hidden_value($u->get('/workouts/new')->{content}, 'submission');
	return $u->post_form('/workouts/new', { date => ago(30), time => '10:00', %f,
	    submission => $sub });
}
sub log_ok {
	my ($u, %f) = @_;
	my $res = log_w($u, %f);
	is($res->{status}, 303, "setup: a workout of $f{exercise} is logged")
	    or diag(join ', ', map { "$_=" . (field_error($res->{content}, $_) // '-') }
	    qw(exercise reps duration load date time));
	return $res;
}

# The options of the select ID on PAGE, without the empty first one.
sub options {
	my ($u, $page, $id) = @_;
	my ($o, $sel) = select_options($u->get($page)->{content}, $id // 'exercise');
	return ([grep { $_ ne '' } @$o], $sel);
}
# The links to exercise pages in a section of /exercises (own-h, builtin-h, archived-h).
sub section_slugs {
	my ($html, $id) = @_;
	my ($s) = ($html // '') =~ m{<section aria-labelledby="\Q$id\E">(.*?)</section>}s
	    or return undef;
	return [$s =~ m{<a href="/exercises/([^"/?]+)">}g];
}
# The lines of a CSV section opened by HEADER, up to the empty line.
sub csv_section {
	my ($csv, $header) = @_;
	my @lines = split /\r\n/, $csv // '', -1;
	my @out;
	my $in = 0;
	for (@lines) {
		if (!$in) { $in = 1 if $_ eq $header; next; }
		last if $_ eq '';
		push @out, $_;
	}
	return $in ? \@out : undef;
}
# The text of an exercise page's <h1>.
sub h1 { my ($t) = ($_[0] // '') =~ m{<h1>(.*?)</h1>}s; return html_unescape($t) }

# as_app(USER_ID, [LABEL, SQL]...): each SQL in a transaction of its own,
# rolled back, as exbuddy_app with app.user_id = USER_ID (SET LOCAL ROLE and
# set_config, as tests/db/03_roles_rls.sql does): {LABEL => {out, state}},
# state the SQLSTATE (00000 when it succeeded).
sub as_app {
	my ($id, @stmts) = @_;
	my $f = "\\set ON_ERROR_STOP off\n";
	for my $s (@stmts) {
		$f .= "\\echo '##$s->[0]'\nBEGIN;\nSET LOCAL ROLE exbuddy_app;\n"
		    . "SELECT set_config('app.user_id', :'v1', true) IS NULL AS unset \\gset\n"
		    . "$s->[1];\n\\echo '##state' :SQLSTATE\nROLLBACK;\n";
	}
	my $out = psql($f, $id);
	my (%r, $label);
	for my $line (split /\n/, $out) {
		if ($line =~ /^##state (\S+)/) {
			$r{$label}{state} = $1 if defined $label;
			$label = undef;
		} elsif ($line =~ /^##(\S+)$/) {
			$label = $1;
			$r{$label} = { out => '', state => '?' };
		} elsif (defined $label) {
			$r{$label}{out} .= ($r{$label}{out} eq '' ? '' : "\n") . $line;
		}
	}
	return \%r;
}

# --- Shared users (only read) ---------------------------------------------------------

my %shared;
my %day;
# The date (UTC) N days before today (0: today), by the database's clock.
sub ago { my ($n) = @_; return $day{$n} //= local_today('UTC', -$n) }
sub today { ago(0) }

# lib_user: Zercher Carry (reps with a weight, MET 6.0), Rowing Machine
# (time), Ring Muscle-up (reps, MET 8.0, bodyweight), Old Swing (reps,
# archived); a workout of each today.
sub lib_user {
	return $shared{lib} if $shared{lib};
	my $u = $shared{lib} = fresh_user();
	mk($u, name => 'Zercher Carry', measure => 'reps_weight', met => '6.0');
	mk($u, name => 'Rowing Machine', measure => 'time');
	mk($u, name => 'Ring Muscle-up', measure => 'reps', met => '8', bodyweight => '1');
	mk($u, name => 'Old Swing', measure => 'reps');
	log_ok($u, exercise => 'zercher-carry', reps => 5, load => 60, date => today(), time => '00:01');
	log_ok($u, exercise => 'rowing-machine', minutes => 10, date => today(), time => '00:02');
	log_ok($u, exercise => 'ring-muscle-up', reps => 3, date => today(), time => '00:03');
	log_ok($u, exercise => 'old-swing', reps => 20, date => today(), time => '00:04', note => 'swing kept');
	is($u->post_form('/exercises/old-swing/archive', { archived => 1 })->{status}, 303,
	    'setup: Old Swing is archived');
	$u->get('/exercises/old-swing');	# reads the message
	return $u;
}
sub reader { $shared{reader} //= fresh_user() }

# The pair A and B: A has Anvil Press (reps) with a workout (its note A's
# secret) and a goal; B has Bee Move and a workout of it (b_w).
sub pair {
	return $shared{pair} if $shared{pair};
	my %p = (a => fresh_user(), b => fresh_user());
	$p{secret} = "A-secret-$p{a}{username}";
	$p{slug} = mk($p{a}, name => 'Anvil Press', measure => 'reps');
	log_ok($p{a}, exercise => 'anvil-press', reps => 12, note => $p{secret});
	is($p{a}->post_form('/settings/goals', { 'goal-anvil-press' => 50 })->{status}, 303,
	    "setup: A's goal for Anvil Press");
	$p{a}->get('/dashboard');
	mk($p{b}, name => 'Bee Move', measure => 'reps');
	log_ok($p{b}, exercise => 'bee-move', reps => 7, note => 'B note');
	$p{b_w} = sql('SELECT id FROM exbuddy.workouts WHERE user_id = ' . uid($p{b}));
	$p{b}->get('/dashboard');
	$p{aex} = ex_id($p{a}, 'anvil-press');
	$p{bex} = ex_id($p{b}, 'bee-move');
	$p{a_snap} = snapshot($p{a});
	return $shared{pair} = \%p;
}
# leaks(PAIR, HTML): true when HTML shows A's exercise or its workout.
sub leaks {
	my ($p, $html) = @_;
	$html //= '';
	return $html =~ /Anvil|anvil-press/ || index($html, $p->{secret}) >= 0 ||
	    index($html, $p->{aex}) >= 0;
}

# --- Signed out, and the csrf token --------------------------------------------------------

behaviour('signed out, /exercises and /exercises/new send to the login page; a POST makes nothing', sub {
	my $c = client();
	for my $path ('/exercises', '/exercises/new', '/exercises/plank') {
		my $res = $c->get($path);
		is($res->{status}, 303, "GET $path signed out: 303");
		my $next = $path =~ s{/}{%2F}gr;
		is($res->{headers}{location}, "/login?next=$next", '... to the login page, coming back after');
	}
	my $before = sql("SELECT count(*) FROM exbuddy.exercise_types WHERE name = 'Signed Out Lift'");
	my $res = $c->request(POST => '/exercises/new', headers => {
	    'Content-Type' => 'application/x-www-form-urlencoded' }, content => 'name=Signed+Out+Lift&measure=reps');
	is($res->{status}, 303, 'POST /exercises/new signed out: 303');
	like($res->{headers}{location} // '', qr{^/login}, '... to the login page');
	is(sql("SELECT count(*) FROM exbuddy.exercise_types WHERE name = 'Signed Out Lift'"), $before,
	    '... and no exercise is made');
});

behaviour('POST /exercises/new without the csrf token, or a wrong one: 403, nothing made', sub {
	my $u = reader();
	my $n0 = n_own($u);
	is($u->post_form('/exercises/new', { name => 'No Token', measure => 'reps', csrf => undef })->{status},
	    403, 'without the csrf token: 403');
	is($u->post_form('/exercises/new', { name => 'No Token', measure => 'reps', csrf => 'forged' })->{status},
	    403, 'with a wrong csrf token: 403');
	is(n_own($u), $n0, '... nothing made');
});

# --- The list and the form -------------------------------------------------------------------

behaviour('GET /exercises lists the built-ins, the user\'s own, and the archived ones in a section of their own', sub {
	my $u = lib_user();
	my $res = $u->get('/exercises');
	is($res->{status}, 200, 'GET /exercises: 200');
	page_ok($res, 'GET /exercises');
	my $html = $res->{content};
	is_deeply(section_slugs($html, 'own-h'), [qw(ring-muscle-up rowing-machine zercher-carry)],
	    '"Yours": the three not archived, by name');
	is_deeply(section_slugs($html, 'builtin-h'), \@BUILTIN, '"Built in": the nine built-ins, by name');
	is_deeply(section_slugs($html, 'archived-h'), ['old-swing'], '"Archived": Old Swing, and only there');
	like($html, qr{<a href="/exercises/zercher-carry">Zercher Carry</a></th><td data-label="Counted in">reps with a weight</td><td class="num" data-label="Entries">1</td>},
	    'Zercher Carry: counted in reps with a weight, 1 entry');
	like($html, qr{<a href="/exercises/rowing-machine">Rowing Machine</a></th><td data-label="Counted in">time</td>}, 'Rowing Machine: counted in time');
	like($html, qr{<a href="/exercises/old-swing">Old Swing</a> \(1 entr(?:y|ies)\)}, 'Old Swing: its entry counted');
});

behaviour('GET /exercises without exercises of one\'s own says so, and has no archived section', sub {
	my $res = reader()->get('/exercises');
	is($res->{status}, 200, 'GET /exercises: 200');
	is_deeply(section_slugs($res->{content}, 'own-h'), [], 'no exercise in "Yours"');
	like($res->{content}, qr/None yet/, '... which says "None yet"');
	is(section_slugs($res->{content}, 'archived-h'), undef, 'no "Archived" section');
	is_deeply(section_slugs($res->{content}, 'builtin-h'), \@BUILTIN, 'the nine built-ins');
	page_ok($res, 'GET /exercises (none of ones own)');
});

behaviour('GET /exercises/new: the form with name, measure (reps, reps_weight, time), MET, bodyweight and the csrf field', sub {
	my $u = reader();
	my $res = $u->get('/exercises/new');
	is($res->{status}, 200, 'GET /exercises/new: 200');
	page_ok($res, 'GET /exercises/new');
	my $html = $res->{content};
	my ($form) = $html =~ m{(<form method="post" action="/exercises/new".*?</form>)}s;
	ok(defined $form, 'a form posting to /exercises/new');
	$form //= '';
	is(hidden_value($form, 'csrf'), csrf_of($html), '... with the csrf field');
	like($form, qr{<label for="name">[^<]+</label>\s*<input id="name" name="name" type="text"}, 'a labelled name field');
	my @radios = $form =~ /<input type="radio" name="measure" value="([^"]+)"/g;
	is_deeply([sort @radios], [qw(reps reps_weight time)], 'measure: radio buttons reps, reps_weight, time');
	like($form, qr/<input type="radio" name="measure" value="reps" checked>/, '... reps chosen to start with');
	like($form, qr/<input type="checkbox" name="bodyweight" value="1"/, 'bodyweight: a checkbox');
	unlike($form, qr/name="bodyweight" value="1" checked/, '... not ticked');
	like($form, qr{<label for="met">MET value \(optional\)</label>\s*<input id="met" name="met"}, 'met: a labelled, optional field');
	unlike($form, qr/name="confirm"/, 'no "confirm" box before a built-in\'s name is sent');
});

# --- Making one ----------------------------------------------------------------------------------

behaviour('POST /exercises/new makes one: 303 to /exercises/weighted-pull-up, a message once, the row as sent', sub {
	my $u = fresh_user();
	my $res = create($u, name => 'Weighted Pull-up', measure => 'reps_weight', met => '', bodyweight => '1');
	is($res->{status}, 303, 'POST /exercises/new: 303');
	is($res->{headers}{location}, '/exercises/weighted-pull-up', '... to /exercises/weighted-pull-up');
	is(own_rows($u), 'weighted-pull-up|Weighted Pull-up|reps_weight|5.0|true|false',
	    '... the row: its name, reps with a weight, MET 5.0 (the default), bodyweight, not archived');
	my $page = $u->get('/exercises/weighted-pull-up');
	is($page->{status}, 200, 'its page: 200');
	page_ok($page, 'GET /exercises/weighted-pull-up');
	like(flash_text($page->{content}) // '', qr/Your exercise is saved/, '... says it is saved');
	is(h1($page->{content}), 'Weighted Pull-up', '... its name as the heading');
	like($page->{content}, qr/Counted in reps with a weight; a bodyweight move; yours\./, '... what it counts, and that it is yours');
	is(flash_text($u->get('/exercises/weighted-pull-up')->{content}), undef, '... the message only once');
	is_deeply(section_slugs($u->get('/exercises')->{content}, 'own-h'), ['weighted-pull-up'], '/exercises lists it');
});

behaviour('an empty MET gets the default: 3.8 for reps and time, 5.0 for reps with a weight', sub {
	my $u = fresh_user();
	mk($u, name => 'Reps Default', measure => 'reps', met => '');
	mk($u, name => 'Time Default', measure => 'time', met => '');
	mk($u, name => 'Weight Default', measure => 'reps_weight');
	is(own_rows($u), join("\n", 'reps-default|Reps Default|reps|3.8|false|false', 'time-default|Time Default|time|3.8|false|false',
	    'weight-default|Weight Default|reps_weight|5.0|false|false'), 'MET 3.8, 3.8 and 5.0 in exbuddy.exercise_types.met');
});

behaviour('MET values 0.1, 24.9, 7 and 3.5 are taken as given; the bodyweight box left out is false', sub {
	my $u = fresh_user();
	mk($u, name => 'Met Low', measure => 'reps', met => '0.1');
	mk($u, name => 'Met High', measure => 'time', met => '24.9');
	mk($u, name => 'Met Whole', measure => 'reps', met => '7', bodyweight => '1');
	mk($u, name => 'Met Half', measure => 'reps_weight', met => ' 3.5 ');
	is(own_rows($u), join("\n", 'met-half|Met Half|reps_weight|3.5|false|false', 'met-high|Met High|time|24.9|false|false',
	    'met-low|Met Low|reps|0.1|false|false', 'met-whole|Met Whole|reps|7.0|true|false'),
	    'MET 3.5, 24.9, 0.1, 7.0; bodyweight only where ticked');
});

behaviour('a second Plank of one\'s own (confirmed) gets the slug plank-2; the built-in keeps plank', sub {
	my $u = fresh_user();
	my $res = create($u, name => 'Plank', measure => 'time', confirm => '1');
	is($res->{status}, 303, 'Plank of one\'s own, confirmed: 303');
	is($res->{headers}{location}, '/exercises/plank-2', '... to /exercises/plank-2');
	like($u->get('/exercises/plank-2')->{content}, qr/; yours\./, '/exercises/plank-2 is the user\'s');
	unlike($u->get('/exercises/plank')->{content}, qr/; yours\./, '/exercises/plank is still the built-in');
	is(slug_of(create($u, name => 'Plank!', measure => 'time')), 'plank-3', 'then "Plank!" gets plank-3');
});

behaviour('names that make the same slug get -2, -3: Bike Ride, Bike-Ride, bike ride!', sub {
	my $u = fresh_user();
	is(slug_of(create($u, name => 'Bike Ride', measure => 'time')), 'bike-ride', 'Bike Ride: bike-ride');
	is(slug_of(create($u, name => 'Bike-Ride', measure => 'time')), 'bike-ride-2', 'Bike-Ride: bike-ride-2');
	is(slug_of(create($u, name => 'bike ride!', measure => 'time')), 'bike-ride-3', 'bike ride!: bike-ride-3');
	is(n_own($u), 3, 'three exercises');
});

behaviour('"new" is never a slug: an exercise named New gets new-2 and /exercises/new stays the form', sub {
	my $u = fresh_user();
	my $res = create($u, name => 'New', measure => 'reps');
	is($res->{status}, 303, 'an exercise named New: 303');
	isnt(slug_of($res), 'new', '... its slug is not "new"');
	is(slug_of($res), 'new-2', '... but new-2');
	is(h1($u->get('/exercises/new')->{content}), 'New exercise', '/exercises/new is still the form');
	is(h1($u->get('/exercises/new-2')->{content}), 'New', '/exercises/new-2 is the exercise');
});

behaviour('names without ASCII letters or digits (Japanese, Chinese) get valid slugs of their own', sub {
	my $u = fresh_user();
	my @slugs = map { slug_of(create($u, name => $_, measure => 'reps')) // '' } '日本', '中文';
	like($_, $SLUG_SHAPE, "a valid slug ($_)") for @slugs;
	isnt($slugs[0], $slugs[1], 'two different slugs');
	is(h1(decode_page($u->get("/exercises/$slugs[1]"))), '中文', "/exercises/$slugs[1] shows 中文");
});

# A slug is at most 60 characters; the numbered one is cut to make room.
behaviour('a 60-character name whose slug is taken still gets a valid, unique slug (not a server error)', sub {
	my $u = fresh_user();
	my $a55 = 'a' x 55;
	my $first = slug_of(create($u, name => "$a55 bcde", measure => 'reps'));
	is($first, "$a55-bcde", 'the first: its slug is the name (60 characters)');
	my $res = create($u, name => "$a55-bcde", measure => 'reps');
	is($res->{status}, 303, 'another name with the same slug: 303 (not a server error)');
	my $second = slug_of($res) // '';
	like($second, $SLUG_SHAPE, "... a valid slug ($second)");
	ok(length($second) <= 60 && $second ne $first, '... at most 60 characters, and not the first one\'s');
	is(n_own($u), 2, 'two exercises');
});

# --- Names -----------------------------------------------------------------------------------------

behaviour('names: empty, blank or of 61 characters: 422 at the name field, nothing made', sub {
	my $u = reader();
	my $n0 = n_own($u);
	for my $case (['empty', ''], ['blank', '   '], ['61 characters', 'x' x 61], ['61 ü', 'ü' x 61],
	    ['a control character', "Bell\x07"]) {
		my ($what, $name) = @$case;
		my $res = create($u, name => $name, measure => 'reps');
		is($res->{status}, 422, "a name $what: 422");
		like(field_error($res->{content}, 'name') // '', qr/name|1 to 60 characters/, '... with a message at the name field');
	}
	my $res = create($u, name => '', measure => 'reps');
	page_ok($res, 'the refused form');
	is(n_own($u), $n0, 'nothing made');
});

behaviour('names of 1 and 60 characters (also 60 u-umlauts) are taken', sub {
	my $u = fresh_user();
	mk($u, name => 'Q', measure => 'reps');
	mk($u, name => 'L' x 60, measure => 'reps');
	mk($u, name => 'ü' x 60, measure => 'reps');
	is(sql('SELECT string_agg(char_length(name)::text, \' \' ORDER BY char_length(name), name) FROM '
	    . 'exbuddy.exercise_types WHERE user_id = ' . uid($u)), '1 60 60', '1, 60 and 60 characters kept');
});

behaviour('a name one has already, in any letter case or with spaces around: 422 at the name field', sub {
	my $u = fresh_user();
	mk($u, name => 'Weighted Pull-up', measure => 'reps_weight');
	for my $name ('weighted pull-up', 'WEIGHTED PULL-UP', '  Weighted Pull-up  ') {
		my $res = create($u, name => $name, measure => 'reps', met => '4.5');
		is($res->{status}, 422, "a second '$name': 422");
		like(field_error($res->{content}, 'name') // '', qr/already/, '... "You have an exercise of this name already"');
		my $f = form_fields($res->{content}, '/exercises/new') // {};
		my $trimmed = $name =~ s/^\s+|\s+$//gr;
		ok(($f->{name} // '') eq $trimmed && ($f->{measure} // '') eq 'reps' && ($f->{met} // '') eq '4.5',
		    '... the values sent are kept');
	}
	is(n_own($u), 1, 'still one exercise');
});

behaviour('a name differing only in the case of a non-ASCII letter (Uebung written with U-umlaut and u-umlaut): 422, not a server error', sub {
	my $u = fresh_user();
	mk($u, name => 'Übung', measure => 'reps');
	my $res = create($u, name => 'übung', measure => 'reps');
	is($res->{status}, 422, 'übung after Übung: 422 (not a server error)');
	like(field_error(decode_page($res), 'name') // '', qr/already/, '... "You have an exercise of this name already"');
	is(n_own($u), 1, 'still one exercise');
});

behaviour('the name of a built-in, in any case: 422 asking to tick "confirm"; ticked, it is made', sub {
	my $u = fresh_user();
	for my $name ('Plank', 'pLANK') {
		my $res = create($u, name => $name, measure => 'time', met => '4.0');
		is($res->{status}, 422, "$name: 422");
		like(field_error($res->{content}, 'name') // '', qr/built-in.*Tick the box/s, '... the name field asks to tick the box');
		like($res->{content}, qr{<input type="checkbox" name="confirm" value="1">[^<]*Plank</label>}, '... the "confirm" box is offered, naming the built-in');
		my $f = form_fields($res->{content}, '/exercises/new') // {};
		ok(($f->{name} // '') eq $name && ($f->{measure} // '') eq 'time' && ($f->{met} // '') eq '4.0',
		    '... the values sent are kept');
		page_ok($res, "the form asking to confirm $name") if $name eq 'Plank';
	}
	is(n_own($u), 0, 'nothing made');
	my $res = create($u, name => 'pLANK', measure => 'time', met => '4.0', confirm => '1');
	is($res->{status}, 303, 'with confirm=1: 303');
	is(own_rows($u), 'plank-2|pLANK|time|4.0|false|false', '... made, as plank-2');
});

# A file names a built-in "slug (built in)" when an own exercise is named
# like its slug: no name of one's own may end so.
behaviour('a name ending in the built-in marker, "built in" in parentheses, in any case: 422 at the name field on the new and the edit form, nothing saved', sub {
	my $u = fresh_user();
	mk($u, name => 'Goblet Squat', measure => 'reps');
	my $before = snapshot($u);
	my @names = ('Squat (built in)', 'Squat (Built In)', 'PLANK (BUILT IN)', 'My Lift (built in)',
	    '  Squat (built in)  ', 'Squat  (bUiLt iN)', 'Squat(built in)');
	for my $name (@names) {
		my $res = create($u, name => $name, measure => 'reps');
		is($res->{status}, 422, "new '$name': 422");
		like(field_error($res->{content}, 'name') // '', qr/\(built in\)/, '... the message at the name field says "(built in)"');
		$res = create($u, name => $name, measure => 'reps', confirm => '1');
		is($res->{status}, 422, '... with confirm=1 too: 422');
	}
	page_ok(create($u, name => 'Squat (Built In)', measure => 'reps'), 'the new form refusing "Squat (Built In)"');
	for my $name (@names, 'Goblet Squat (built in)') {
		my $res = $u->post_form('/exercises/goblet-squat/edit', { name => $name, measure => 'reps' });
		is($res->{status}, 422, "Goblet Squat renamed '$name': 422");
		like(field_error($res->{content}, 'name') // '', qr/\(built in\)/, '... the message at the name field says "(built in)"');
	}
	is(snapshot($u), $before, 'nothing saved: Goblet Squat as it was, no other exercise');
	is(n_own($u), 1, '... one exercise of its own');
	is(slug_of(create($u, name => 'Built In Squat', measure => 'reps')), 'built-in-squat',
	    '"built in" elsewhere in a name is fine (control)');
});

behaviour('a bad measure (weight, REPS, empty, none): 422 at the measure field', sub {
	my $u = reader();
	my $n0 = n_own($u);
	for my $m ('weight', 'REPS', '', undef) {
		my $res = create($u, name => 'Measured Lift', defined $m ? (measure => $m) : ());
		my $what = defined $m ? "measure '$m'" : 'no measure';
		is($res->{status}, 422, "$what: 422");
		like(field_error($res->{content}, 'measure') // '', qr/Choose/, '... with a message at the measure field');
	}
	is(n_own($u), $n0, 'nothing made');
});

behaviour('a bad MET (abc, 0, 25, 3.55, -1, 0.05, 1e1, 5.): 422 at the met field', sub {
	my $u = reader();
	my $n0 = n_own($u);
	for my $met ('abc', '0', '25', '3.55', '-1', '0.05', '1e1', '5.') {
		my $res = create($u, name => 'Met Lift', measure => 'reps', met => $met);
		is($res->{status}, 422, "MET '$met': 422");
		like(field_error($res->{content}, 'met') // '', qr/MET value is a number from 0\.1 to 24\.9/,
		    '... with a message at the met field');
		is((form_fields($res->{content}, '/exercises/new') // {})->{met}, $met, '... the value kept');
	}
	is(n_own($u), $n0, 'nothing made');
});

behaviour('one refused form shows every problem at once', sub {
	my $res = create(reader(), name => '', measure => 'kg', met => 'lots');
	is($res->{status}, 422, 'three bad fields: 422');
	ok(defined field_error($res->{content}, $_), "... the $_ problem is shown") for qw(name measure met);
	like(alert_text($res->{content}) // '', qr/\S/, '... with an alert at the top');
	page_ok($res, 'the form with three problems');
});

# --- Changing and renaming ----------------------------------------------------------------------------

behaviour('GET /exercises/<slug>/edit shows the form filled in', sub {
	my $u = lib_user();
	for my $case (['zercher-carry', 'Zercher Carry', 'reps_weight', '6.0', 0],
	    ['ring-muscle-up', 'Ring Muscle-up', 'reps', '8.0', 1], ['rowing-machine', 'Rowing Machine', 'time', '3.8', 0]) {
		my ($slug, $name, $measure, $met, $bw) = @$case;
		my $res = $u->get("/exercises/$slug/edit");
		is($res->{status}, 200, "GET /exercises/$slug/edit: 200");
		my $f = form_fields($res->{content}, "/exercises/$slug/edit") // {};
		is_deeply([@$f{qw(name measure met)}, $f->{bodyweight} // ''], [$name, $measure, $met, $bw ? '1' : ''],
		    "... the form shows $name, $measure, MET $met, " . ($bw ? '' : 'not ') . 'bodyweight');
		page_ok($res, "GET /exercises/$slug/edit") if $slug eq 'zercher-carry';
	}
});

behaviour('POST edit renames: 303 to the new slug with a message; the old address 404s; measure, MET, bodyweight change', sub {
	my $u = fresh_user();
	mk($u, name => 'Dip Bar', measure => 'reps');
	log_ok($u, exercise => 'dip-bar', reps => 10);
	my $res = $u->post_form('/exercises/dip-bar/edit', { name => 'Parallel Dip', measure => 'reps_weight',
	    met => '6.5', bodyweight => '1' });
	is($res->{status}, 303, 'POST /exercises/dip-bar/edit: 303');
	is($res->{headers}{location}, '/exercises/parallel-dip', '... to the new address /exercises/parallel-dip');
	my $page = $u->get('/exercises/parallel-dip');
	is($page->{status}, 200, 'the new address: 200');
	like(flash_text($page->{content}) // '', qr/saved/, '... says the changes are saved');
	is(h1($page->{content}), 'Parallel Dip', '... with the new name');
	page_ok($page, 'GET /exercises/parallel-dip');
	is($u->get($_)->{status}, 404, "the old $_: 404") for '/exercises/dip-bar', '/exercises/dip-bar/edit',
	    '/exercises/dip-bar/merge';
	is(own_rows($u), 'parallel-dip|Parallel Dip|reps_weight|6.5|true|false', 'the row: new name, slug, measure, MET, bodyweight');
	is(n_workouts($u, 'parallel-dip'), 1, 'its workout goes with it');
	is((history_rows($u->get('/workouts')->{content}))[0]{exercise}, 'Parallel Dip', 'the history shows the new name');
	is(slug_of(create($u, name => 'Dip Bar', measure => 'reps')), 'dip-bar', 'the old name and slug are free again');
});

behaviour('POST edit keeping the name keeps the slug; a change of letter case too; bodyweight can be unticked', sub {
	my $u = fresh_user();
	mk($u, name => 'Sled Push', measure => 'reps', bodyweight => '1');
	my $res = $u->post_form('/exercises/sled-push/edit', { name => 'Sled Push', measure => 'time', met => '9.0' });
	is($res->{headers}{location}, '/exercises/sled-push', 'the same name, a new measure and MET: the same address');
	is(own_rows($u), 'sled-push|Sled Push|time|9.0|false|false', '... measure time, MET 9.0, bodyweight unticked');
	$res = $u->post_form('/exercises/sled-push/edit', { name => 'SLED push', measure => 'time', met => '9.0' });
	is($res->{status}, 303, 'only the letter case changed: 303');
	is($res->{headers}{location}, '/exercises/sled-push', '... the same address');
	is(ex_row($u, 'sled-push'), 'SLED push|time|9.0|false|false', '... the new spelling kept');
});

behaviour('POST edit to another own exercise\'s name: 422; to a built-in\'s name asks to confirm; own Plank keeps its name without', sub {
	my $u = fresh_user();
	mk($u, name => 'Farmer Walk', measure => 'time');
	mk($u, name => 'Suitcase Carry', measure => 'time');
	mk($u, name => 'Plank', measure => 'time', confirm => '1');
	my $before = own_rows($u);
	my $res = $u->post_form('/exercises/suitcase-carry/edit', { name => 'farmer walk', measure => 'time' });
	is($res->{status}, 422, 'renaming to another own exercise\'s name (any case): 422');
	like(field_error($res->{content}, 'name') // '', qr/already/, '... "already" at the name field');
	is(attr(input_tag($res->{content}, 'name'), 'value'), 'farmer walk', '... the name sent kept');
	like($res->{content}, qr{action="/exercises/suitcase-carry/edit"}, '... the form still posts to the old address');
	page_ok($res, 'the refused edit form');
	$res = $u->post_form('/exercises/suitcase-carry/edit', { name => 'Squat', measure => 'time' });
	is($res->{status}, 422, 'renaming to a built-in\'s name: 422');
	like(field_error($res->{content}, 'name') // '', qr/Tick the box/, '... asks to tick the box');
	is(own_rows($u), $before, 'nothing changed');
	$res = $u->post_form('/exercises/plank-2/edit', { name => 'Plank', measure => 'time', met => '4.2' });
	is($res->{status}, 303, 'own Plank keeps its name, a new MET: 303 without confirm');
	is(ex_row($u, 'plank-2'), 'Plank|time|4.2|false|false', '... MET 4.2');
	$res = $u->post_form('/exercises/suitcase-carry/edit', { name => 'Squat', measure => 'time', confirm => '1' });
	is($res->{status}, 303, 'renaming to a built-in\'s name, confirmed: 303');
	is($res->{headers}{location}, '/exercises/squat-2', '... as squat-2');
});

behaviour('POST edit to a name differing only in a non-ASCII letter\'s case from another own: 422, not a server error', sub {
	my $u = fresh_user();
	mk($u, name => 'Übung', measure => 'reps');
	mk($u, name => 'Other', measure => 'reps');
	my $res = $u->post_form('/exercises/other/edit', { name => 'übung', measure => 'reps' });
	is($res->{status}, 422, 'Other renamed übung beside Übung: 422 (not a server error)');
	like(field_error(decode_page($res), 'name') // '', qr/already/, '... "already" at the name field');
	is(ex_row($u, 'other'), 'Other|reps|3.8|false|false', 'Other unchanged');
});

# Latin with diacritics, Cyrillic and Greek: a name in another letter case
# is the same name, on the new form and on a rename (the database's
# lower() and the app agree: never a 500 from the unique index).
behaviour('names compared in every alphabet: Uebung and UEBUNG with umlauts, Cyrillic and Greek in another case: 422 on new and on rename', sub {
	my $u = fresh_user();
	my %have = ('Übung' => ['übung', 'ÜBUNG', ' übung '], 'Присед' => ['присед', 'ПРИСЕД'],
	    'Άλμα' => ['άλμα', 'ΆΛΜΑ']);
	mk($u, name => $_, measure => 'reps') for sort keys %have;
	mk($u, name => 'Other', measure => 'reps');
	my $before = snapshot($u);
	for my $own (sort keys %have) {
		for my $name (@{$have{$own}}) {
			my $res = create($u, name => $name, measure => 'reps');
			is($res->{status}, 422, "new '$name' beside '$own': 422 (not a server error)");
			is(field_error(decode_page($res), 'name'), 'You have an exercise of this name already.',
			    '... "You have an exercise of this name already."');
			$res = $u->post_form('/exercises/other/edit', { name => $name, measure => 'reps' });
			is($res->{status}, 422, "Other renamed '$name': 422 (not a server error)");
			like(field_error(decode_page($res), 'name') // '', qr/already/, '... "already" at the name field');
		}
	}
	is(snapshot($u), $before, 'nothing saved');
	my $slug = sql('SELECT slug FROM exbuddy.exercise_types WHERE user_id = ' . uid($u) . " AND name = 'Übung'");
	my $res = $u->post_form("/exercises/$slug/edit", { name => 'ÜBUNG', measure => 'reps' });
	is($res->{status}, 303, 'Übung itself renamed ÜBUNG (only the case): 303');
	is($res->{headers}{location}, "/exercises/$slug", '... the same address');
	is(sql('SELECT name FROM exbuddy.exercise_types WHERE user_id = ' . uid($u) . " AND slug = " . sql_quote($slug)),
	    'ÜBUNG', '... the new spelling kept');
});

behaviour('POST edit with a bad MET, measure or name: 422, nothing changed', sub {
	my $u = fresh_user();
	mk($u, name => 'Hill Sprint', measure => 'time', met => '9.0');
	my $before = own_rows($u);
	for my $case ([{ met => '30' }, 'met'], [{ measure => 'laps' }, 'measure'], [{ name => '' }, 'name'],
	    [{ name => 'y' x 61 }, 'name']) {
		my ($chg, $field) = @$case;
		my $res = $u->post_form('/exercises/hill-sprint/edit', { name => 'Hill Sprint', measure => 'time',
		    met => '9.0', %$chg });
		is($res->{status}, 422, "edit with a bad $field: 422");
		ok(defined field_error($res->{content}, $field), "... the message at the $field field");
	}
	is(own_rows($u), $before, 'nothing changed');
});

# Workouts and goals are counted in reps or in time: an exercise that has
# either keeps its kind of measure; reps and reps with a weight are one kind.
behaviour('the measure between reps and time: refused, 422 at measure, with a workout or only a goal; allowed with neither; reps to reps_weight always', sub {
	my $u = fresh_user();
	mk($u, name => 'Box Jump', measure => 'reps');		# a workout
	mk($u, name => 'Sled Pull', measure => 'reps_weight');	# a workout
	mk($u, name => 'Rower', measure => 'time');		# a workout
	mk($u, name => 'Ab Roll', measure => 'reps');		# a goal only
	mk($u, name => 'Wall Sit', measure => 'time');		# a goal only
	mk($u, name => 'Fresh One', measure => 'reps');		# neither
	log_ok($u, exercise => 'box-jump', reps => 10, time => '08:00');
	log_ok($u, exercise => 'sled-pull', reps => 6, load => 40, time => '08:10');
	log_ok($u, exercise => 'rower', minutes => 12, time => '08:20');
	is($u->post_form('/settings/goals', { 'goal-ab-roll' => 50, 'goal-wall-sit' => 10 })->{status}, 303,
	    'setup: goals for Ab Roll and Wall Sit');
	$u->get('/dashboard');
	my $before = snapshot($u);
	for my $case (['box-jump', 'Box Jump', 'time', 'reps, with a workout'],
	    ['sled-pull', 'Sled Pull', 'time', 'reps with a weight, with a workout'],
	    ['rower', 'Rower', 'reps', 'time, with a workout'], ['rower', 'Rower', 'reps_weight', 'time, with a workout'],
	    ['ab-roll', 'Ab Roll', 'time', 'reps, with only a goal'], ['wall-sit', 'Wall Sit', 'reps', 'time, with only a goal'],
	    ['wall-sit', 'Wall Sit', 'reps_weight', 'time, with only a goal']) {
		my ($slug, $name, $to, $what) = @$case;
		my $res = $u->post_form("/exercises/$slug/edit", { name => $name, measure => $to });
		is($res->{status}, 422, "$name ($what) to $to: 422");
		like(field_error($res->{content}, 'measure') // '', qr/workouts or a goal/, '... the message at the measure field');
		ok(!defined field_error($res->{content}, 'name'), '... and none at the name field');
	}
	my $res = $u->post_form('/exercises/box-jump/edit', { name => 'Box Jumps', measure => 'time' });
	is($res->{status}, 422, 'a new name and a new kind of measure at once: 422');
	is(snapshot($u), $before, 'nothing changed: exercises, goals, workouts');
	page_ok($res, 'the edit form refusing the measure');

	$res = $u->post_form('/exercises/fresh-one/edit', { name => 'Fresh One', measure => 'time' });
	is($res->{status}, 303, 'Fresh One (no workout, no goal), reps to time: 303');
	is(ex_row($u, 'fresh-one'), 'Fresh One|time|3.8|false|false', '... counted in time now');
	is($u->post_form('/exercises/fresh-one/edit', { name => 'Fresh One', measure => 'reps' })->{status}, 303,
	    '... and back to reps: 303');
	is(ex_row($u, 'fresh-one'), 'Fresh One|reps|3.8|false|false', '... counted in reps again');

	is($u->post_form('/exercises/box-jump/edit', { name => 'Box Jump', measure => 'reps_weight' })->{status}, 303,
	    'Box Jump (a workout), reps to reps_weight: 303');
	is(ex_row($u, 'box-jump'), 'Box Jump|reps_weight|5.0|false|false', '... counted in reps with a weight');
	is($u->post_form('/exercises/sled-pull/edit', { name => 'Sled Pull', measure => 'reps' })->{status}, 303,
	    'Sled Pull (a workout), reps_weight to reps: 303');
	is(ex_row($u, 'sled-pull'), 'Sled Pull|reps|3.8|false|false', '... counted in reps');
	is($u->post_form('/exercises/ab-roll/edit', { name => 'Ab Roll', measure => 'reps_weight' })->{status}, 303,
	    'Ab Roll (a goal), reps to reps_weight: 303');
	is(n_workouts($u, 'box-jump') + n_workouts($u, 'sled-pull') + n_workouts($u, 'rower'), 3, 'the workouts are still there');
	is(goals_of($u), 'ab-roll=50 wall-sit=600', '... and the goals');

	# Without its goal, Wall Sit may change.
	is($u->post_form('/settings/goals', { 'goal-ab-roll' => 50, 'goal-wall-sit' => '' })->{status}, 303,
	    'the goal of Wall Sit taken away');
	$u->get('/dashboard');
	is($u->post_form('/exercises/wall-sit/edit', { name => 'Wall Sit', measure => 'reps' })->{status}, 303,
	    'then Wall Sit, time to reps: 303');
	is(ex_row($u, 'wall-sit'), 'Wall Sit|reps|3.8|false|false', '... counted in reps');
});

behaviour('a built-in\'s edit, merge and archive answer 403 (GET and POST); the built-in is unchanged', sub {
	my $u = reader();
	my $n0 = n_own($u);
	my $before = sql("SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) FROM exbuddy.exercise_types e WHERE user_id IS NULL");
	for my $slug ('plank', 'push-up') {
		my $res = $u->get("/exercises/$slug/edit");
		is($res->{status}, 403, "GET /exercises/$slug/edit: 403");
		page_ok($res, "GET /exercises/$slug/edit (403)") if $slug eq 'plank';
		is($u->get("/exercises/$slug/merge")->{status}, 403, "GET /exercises/$slug/merge: 403");
		is($u->post_form("/exercises/$slug/edit", { name => 'Renamed', measure => 'reps' })->{status}, 403,
		    "POST /exercises/$slug/edit: 403");
		is($u->post_form("/exercises/$slug/merge", { into => 'squat' })->{status}, 403, "POST /exercises/$slug/merge: 403");
		is($u->post_form("/exercises/$slug/archive", { archived => 1 })->{status}, 403,
		    "POST /exercises/$slug/archive: 403");
	}
	is(sql("SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) FROM exbuddy.exercise_types e WHERE user_id IS NULL"),
	    $before, 'the built-ins are unchanged');
	is(n_own($u), $n0, 'nothing of the user\'s own made');
});

behaviour('an unknown slug: its page, edit, merge and archive 404; GET of archive is 405', sub {
	my $u = reader();
	for my $p ('/exercises/no-such-thing', '/exercises/no-such-thing/edit', '/exercises/no-such-thing/merge',
	    '/exercises/PLANK') {
		is($u->get($p)->{status}, 404, "GET $p: 404");
	}
	for my $p ('/exercises/no-such-thing/edit', '/exercises/no-such-thing/merge', '/exercises/no-such-thing/archive') {
		is($u->post_form($p, { name => 'X', measure => 'reps', into => 'plank', archived => 1 })->{status}, 404, "POST $p: 404");
	}
	my $res = $u->get('/exercises/plank/archive');
	is($res->{status}, 405, 'GET /exercises/plank/archive: 405');
	is($res->{headers}{allow}, 'POST', '... Allow: POST');
});

# --- Archiving ---------------------------------------------------------------------------------------

behaviour('archived=1 hides it from the log form, its search and the quick log; its workouts stay everywhere; archived=0 brings it back', sub {
	my $u = fresh_user();
	mk($u, name => 'Kettle Swing', measure => 'reps');
	log_ok($u, exercise => 'kettle-swing', reps => 25, note => 'swing note', date => today(), time => '00:05');
	my $res = $u->post_form('/exercises/kettle-swing/archive', { archived => 1 });
	is($res->{status}, 303, 'POST /exercises/kettle-swing/archive archived=1: 303');
	is($res->{headers}{location}, '/exercises/kettle-swing', '... to its page');
	is(ex_row($u, 'kettle-swing'), 'Kettle Swing|reps|3.8|false|true', '... archived in the database');
	my $page = $u->get('/exercises/kettle-swing');
	like(flash_text($page->{content}) // '', qr/archived/, 'its page says it is archived');
	like($page->{content}, qr/\(archived\)/, '... and shows it');
	like($page->{content}, qr/swing note/, '... with its workout');
	like($page->{content}, qr/Bring it back/, '... and a button to bring it back');
	page_ok($page, 'the page of an archived exercise');
	my ($o) = options($u, '/workouts/new');
	ok(!(grep { $_ eq 'kettle-swing' } @$o), 'the log form does not offer it');
	is_deeply(\@$o, \@BUILTIN, '... only the built-ins');
	($o) = options($u, '/workouts/new?q=kettle');
	ok(!(grep { $_ eq 'kettle-swing' } @$o), 'the log form\'s search does not find it');
	($o) = options($u, '/dashboard');
	ok(!(grep { $_ eq 'kettle-swing' } @$o), 'the quick log does not offer it');
	my $hist = $u->get('/workouts');
	my @rows = history_rows($hist->{content});
	ok(@rows == 1 && $rows[0]{exercise} eq 'Kettle Swing' && $rows[0]{note} eq 'swing note', 'the history keeps its workout');
	($o) = options($u, '/workouts', 'f-exercise');
	ok((grep { $_ eq 'kettle-swing' } @$o), '... and its filter offers it');
	is(scalar(history_rows($u->get('/workouts?exercise=kettle-swing')->{content})), 1, '... and filters by it');
	ok((grep { /^Kettle Swing\|1\|25\|/ } stats_records(decode_page($u->get('/stats')))), '/stats counts it');
	ok((grep { /\|Kettle Swing\|1\|25\|/ } week_table(decode_page($u->get('/week')))), '/week counts it');
	my $list = $u->get('/exercises')->{content};
	is_deeply(section_slugs($list, 'archived-h'), ['kettle-swing'], '/exercises lists it as archived');
	is_deeply(section_slugs($list, 'own-h'), [], '... not with the others');
	$res = $u->post_form('/exercises/kettle-swing/archive', { archived => 0 });
	is($res->{status}, 303, 'archived=0: 303');
	like(flash_text($u->get('/exercises/kettle-swing')->{content}) // '', qr/back/, '... "back in the log form"');
	is(ex_row($u, 'kettle-swing'), 'Kettle Swing|reps|3.8|false|false', '... not archived in the database');
	($o) = options($u, '/workouts/new');
	ok((grep { $_ eq 'kettle-swing' } @$o), 'the log form offers it again');
	my ($so, $sel) = options($u, '/workouts/new?q=kettle');
	is_deeply($so, ['kettle-swing'], '... its search finds it');
	is_deeply(section_slugs($u->get('/exercises')->{content}, 'own-h'), ['kettle-swing'], '/exercises lists it with the others');
});

behaviour('an archived exercise is not logged: 422 at exercise, archived; a workout of it still edits; brought back, it logs again', sub {
	my $u = fresh_user();
	mk($u, name => 'Kettle Halo', measure => 'reps');
	log_ok($u, exercise => 'kettle-halo', reps => 8, note => 'halo', time => '09:00');
	log_ok($u, exercise => 'push-up', reps => 15, note => 'pushes', time => '09:30');
	my ($halo_w) = sql('SELECT id FROM exbuddy.workouts WHERE user_id = ' . uid($u) . " AND note = 'halo'");
	my ($push_w) = sql('SELECT id FROM exbuddy.workouts WHERE user_id = ' . uid($u) . " AND note = 'pushes'");
	is($u->post_form('/exercises/kettle-halo/archive', { archived => 1 })->{status}, 303, 'setup: Kettle Halo is archived');
	$u->get('/exercises/kettle-halo');
	my $before = snapshot($u);
	for my $ex ('kettle-halo', 'Kettle Halo') {
		my $res = log_w($u, exercise => $ex, reps => 5);
		is($res->{status}, 422, "POST /workouts/new exercise=$ex: 422");
		like(field_error($res->{content}, 'exercise') // '', qr/archived/, '... the message at the exercise field says it is archived');
		page_ok($res, 'the log form refusing an archived exercise') if $ex eq 'kettle-halo';
	}
	my $sub = hidden_value($u->get('/dashboard')->{content}, 'submission');
	my $res = $u->post_form('/workouts/new', { from => 'dashboard', exercise => 'kettle-halo', reps => 6, submission => $sub });
	is($res->{status}, 422, 'the quick log with it: 422');
	is(snapshot($u), $before, 'nothing saved');

	# Its own workout: the edit form keeps it, and saves.
	my $edit = "/workouts/$halo_w/edit";
	my $page = $u->get($edit);
	is($page->{status}, 200, "GET $edit (a workout of the archived exercise): 200");
	my $form = form_fields($page->{content}, $edit) // {};
	delete $form->{csrf};
	is($form->{exercise}, 'kettle-halo', '... its form has the archived exercise chosen');
	$res = $u->post_form($edit, { %$form, exercise => 'kettle-halo', reps => 12, note => 'halo edited' });
	is($res->{status}, 303, "POST $edit, the same exercise, 12 reps: 303");
	is(sql('SELECT reps || \' \' || note FROM exbuddy.workouts WHERE id = ' . sql_quote($halo_w)), '12 halo edited',
	    '... saved: 12 reps, the new note');
	is(n_workouts($u, 'kettle-halo'), 1, '... still one workout of Kettle Halo');

	# Another workout may not be moved to it.
	$edit = "/workouts/$push_w/edit";
	$form = form_fields($u->get($edit)->{content}, $edit) // {};
	delete $form->{csrf};
	$before = snapshot($u);
	$res = $u->post_form($edit, { %$form, exercise => 'kettle-halo' });
	is($res->{status}, 422, 'a push-up workout changed to the archived exercise: 422');
	like(field_error($res->{content}, 'exercise') // '', qr/archived/, '... it is archived');
	is(snapshot($u), $before, '... nothing changed');

	is($u->post_form('/exercises/kettle-halo/archive', { archived => 0 })->{status}, 303, 'archived=0: brought back');
	$u->get('/exercises/kettle-halo');
	$res = log_w($u, exercise => 'kettle-halo', reps => 5, time => '11:00');
	is($res->{status}, 303, 'POST /workouts/new with it: 303');
	is(n_workouts($u, 'kettle-halo'), 2, '... a second workout of Kettle Halo');
});

# --- Merging -----------------------------------------------------------------------------------------

behaviour('GET /exercises/<slug>/merge lists the targets measured the same way', sub {
	my $u = lib_user();
	my $res = $u->get('/exercises/ring-muscle-up/merge');
	is($res->{status}, 200, 'GET /exercises/ring-muscle-up/merge: 200');
	page_ok($res, 'GET /exercises/ring-muscle-up/merge');
	my ($o) = select_options($res->{content}, 'into');
	my %t = map { $_ => 1 } grep { $_ ne '' } @$o;
	ok(!(grep { !$t{$_} } @REPS_BUILTIN, 'zercher-carry'), 'a reps exercise: every built-in counted in reps, and Zercher Carry (reps with a weight)')
	    or diag("targets: @$o");
	ok(!$t{$_}, "... not $_") for 'jump-rope', 'plank', 'rowing-machine', 'ring-muscle-up';
	like($res->{content}, qr{<option value="zercher-carry">Zercher Carry \(yours\)</option>}, '... its own marked "yours"');
	($o) = select_options($u->get('/exercises/rowing-machine/merge')->{content}, 'into');
	is_deeply([grep { $_ ne '' } @$o], ['jump-rope', 'plank'], 'a timed exercise: the timed ones, Jump rope and Plank');
});

behaviour('POST merge moves every workout and the goal to the target, removes the source, and says how many moved', sub {
	my $u = fresh_user();
	mk($u, name => 'Dip A', measure => 'reps');
	mk($u, name => 'Dip B', measure => 'reps_weight');
	log_ok($u, exercise => 'dip-a', reps => 8, time => '09:00');
	log_ok($u, exercise => 'dip-a', reps => 9, time => '09:30');
	log_ok($u, exercise => 'dip-b', reps => 5, load => 20, time => '10:30');
	is($u->post_form('/settings/goals', { 'goal-dip-a' => 40 })->{status}, 303, 'setup: a goal for Dip A');
	$u->get('/dashboard');
	my $res = $u->post_form('/exercises/dip-a/merge', { into => 'dip-b' });
	is($res->{status}, 303, 'POST /exercises/dip-a/merge into=dip-b: 303');
	is($res->{headers}{location}, '/exercises/dip-b', '... to the target');
	my $page = $u->get('/exercises/dip-b');
	is(flash_text($page->{content}), 'Dip A is merged into Dip B: 2 workouts moved.', '... says 2 workouts moved');
	page_ok($page, 'the target after a merge');
	is($u->get('/exercises/dip-a')->{status}, 404, 'the source\'s page: 404');
	is(ex_row($u, 'dip-a'), '', '... it is gone from the database');
	is(n_workouts($u, 'dip-b'), 3, 'the target has the 3 workouts');
	is(n_all_workouts($u), 3, '... and none is lost');
	is(goals_of($u), 'dip-b=40', 'the goal moved to the target');
	my ($o) = options($u, '/workouts/new');
	ok(!(grep { $_ eq 'dip-a' } @$o), 'the log form no longer offers the source');
});

behaviour('POST merge: the target\'s own goal wins; into a built-in, one workout moved', sub {
	my $u = fresh_user();
	mk($u, name => 'Row One', measure => 'time');
	mk($u, name => 'Row Two', measure => 'time');
	mk($u, name => 'Pushups', measure => 'reps');
	log_ok($u, exercise => 'row-one', minutes => 5);
	log_ok($u, exercise => 'pushups', reps => 20);
	is($u->post_form('/settings/goals', { 'goal-row-one' => 30, 'goal-row-two' => 45 })->{status}, 303,
	    'setup: goals of 30 and 45 minutes');
	$u->get('/dashboard');
	is($u->post_form('/exercises/row-one/merge', { into => 'row-two' })->{status}, 303, 'Row One into Row Two: 303');
	is(flash_text($u->get('/exercises/row-two')->{content}), 'Row One is merged into Row Two: 1 workout moved.',
	    '... "1 workout moved"');
	is(goals_of($u), 'row-two=2700', 'the target keeps its own goal (45 minutes), the source\'s goes');
	is($u->post_form('/exercises/pushups/merge', { into => 'push-up' })->{status}, 303, 'Pushups into the built-in Push-up: 303');
	is(n_workouts($u, 'push-up'), 1, '... its workout is a Push-up now');
	is(ex_row($u, 'pushups'), '', '... and Pushups is gone');
});

behaviour('POST merge refused: into a timed one from a reps one, into itself, unknown or none: 422, nothing moved', sub {
	my $u = fresh_user();
	mk($u, name => 'Cable Row', measure => 'reps');
	mk($u, name => 'Erg', measure => 'time');
	log_ok($u, exercise => 'cable-row', reps => 12);
	my $before = snapshot($u);
	for my $case (['erg', 'a timed exercise'], ['plank', 'the built-in Plank (timed)'], ['cable-row', 'itself'],
	    ['Cable Row', 'itself by name'], ['nope', 'an unknown one'], ['', 'nothing']) {
		my ($into, $what) = @$case;
		my $res = $u->post_form('/exercises/cable-row/merge', { into => $into });
		is($res->{status}, 422, "merge into $what: 422");
		ok(defined field_error($res->{content}, 'into'), '... with a message at the into field');
	}
	my $res = $u->post_form('/exercises/erg/merge', { into => 'push-up' });
	is($res->{status}, 422, 'a timed one into a reps one: 422');
	page_ok($res, 'the refused merge');
	is(snapshot($u), $before, 'nothing moved, nothing removed');
});

behaviour('an archived exercise is no merge target: not listed on the merge form; POST into it 422, nothing moved', sub {
	my $u = fresh_user();
	mk($u, name => 'Cable Fly', measure => 'reps');
	mk($u, name => 'Old Fly', measure => 'reps');
	mk($u, name => 'Pec Deck', measure => 'reps_weight');
	log_ok($u, exercise => 'cable-fly', reps => 12, time => '09:00');
	log_ok($u, exercise => 'old-fly', reps => 10, time => '09:30');
	is($u->post_form('/settings/goals', { 'goal-cable-fly' => 40 })->{status}, 303, 'setup: a goal for Cable Fly');
	is($u->post_form('/exercises/old-fly/archive', { archived => 1 })->{status}, 303, 'setup: Old Fly is archived');
	$u->get('/exercises/old-fly');
	my $res = $u->get('/exercises/cable-fly/merge');
	is($res->{status}, 200, 'GET /exercises/cable-fly/merge: 200');
	my ($o) = select_options($res->{content}, 'into');
	my %t = map { $_ => 1 } grep { $_ ne '' } @$o;
	ok($t{'pec-deck'} && $t{'push-up'}, 'the targets: Pec Deck, the built-ins in reps ...') or diag("targets: @$o");
	ok(!$t{'old-fly'}, '... not the archived Old Fly');
	unlike($res->{content}, qr/Old Fly/, '... which the form does not name at all');
	my $before = snapshot($u);
	for my $into ('old-fly', 'Old Fly') {
		$res = $u->post_form('/exercises/cable-fly/merge', { into => $into });
		is($res->{status}, 422, "POST merge into=$into (archived): 422");
		like(field_error($res->{content}, 'into') // '', qr/archived/, '... the message at the into field');
	}
	page_ok($res, 'the merge refusing an archived target');
	is(snapshot($u), $before, 'nothing moved, nothing removed');
	is(n_workouts($u, 'cable-fly'), 1, '... Cable Fly keeps its workout');
	is(goals_of($u), 'cable-fly=40', '... and its goal');
	is($u->post_form('/exercises/old-fly/archive', { archived => 0 })->{status}, 303, 'Old Fly brought back');
	($o) = select_options($u->get('/exercises/cable-fly/merge')->{content}, 'into');
	ok((grep { $_ eq 'old-fly' } @$o), '... the merge form lists it again');
	is($u->post_form('/exercises/cable-fly/merge', { into => 'old-fly' })->{status}, 303, '... and merging into it: 303');
	is(n_workouts($u, 'old-fly'), 2, '... its two workouts');
});

# --- Everywhere the built-ins are ----------------------------------------------------------------------

behaviour('the log form offers its own exercises, marked "yours", and its search finds them', sub {
	my $u = lib_user();
	my $res = $u->get('/workouts/new');
	page_ok($res, 'GET /workouts/new');
	my ($o) = select_options($res->{content}, 'exercise');
	is_deeply([grep { $_ ne '' } @$o], [@BUILTIN, qw(ring-muscle-up rowing-machine zercher-carry)],
	    'the select: the built-ins, then its own (not the archived one)');
	like($res->{content}, qr{<option value="zercher-carry">Zercher Carry \(yours\)</option>}, '... marked "yours"');
	my ($s, $sel) = options($u, '/workouts/new?q=zercher');
	is_deeply($s, ['zercher-carry'], '?q=zercher: only Zercher Carry');
	is($sel, 'zercher-carry', '... chosen');
	($s) = options($u, '/workouts/new?q=ROWING%20mach');
	is_deeply($s, ['rowing-machine'], '?q=ROWING mach: Rowing Machine');
	($s) = options($u, '/workouts/new?q=muscle');
	ok((grep { $_ eq 'ring-muscle-up' } @$s), '?q=muscle finds Ring Muscle-up');
	my $r2 = $u->get('/workouts/new?exercise=zercher-carry');
	(undef, $sel) = select_options($r2->{content}, 'exercise');
	is($sel, 'zercher-carry', '?exercise=zercher-carry (its page\'s "Log it") chooses it');
});

behaviour('a workout of one\'s own exercise is logged through the log form and the quick log', sub {
	my $u = fresh_user();
	mk($u, name => 'Landmine Press', measure => 'reps_weight');
	my $res = log_w($u, exercise => 'landmine-press', reps => 8, load => 30);
	is($res->{status}, 303, 'the log form: 303');
	my $dash = $u->get('/dashboard');
	page_ok($dash, 'GET /dashboard');
	my ($o) = select_options($dash->{content}, 'exercise');
	ok((grep { $_ eq 'landmine-press' } @$o), 'the quick log offers it');
	like($dash->{content}, qr{<option value="landmine-press">Landmine Press \(yours\)</option>}, '... marked "yours"');
	my $sub = hidden_value($u->get('/dashboard')->{content}, 'submission');
	$res = $u->post_form('/workouts/new', { from => 'dashboard', exercise => 'landmine-press', reps => 6,
	    submission => $sub });
	is($res->{status}, 303, 'the quick log: 303');
	is($u->post_form('/workouts/new', { exercise => 'Landmine Press', reps => 4, date => ago(29),
	    time => '08:00', submission => hidden_value($u->get('/workouts/new')->{content}, 'submission') })->{status},
	    303, 'by its name: 303');
	is(n_workouts($u, 'landmine-press'), 3, 'three workouts of it');
	my $hist = $u->get('/workouts');
	page_ok($hist, 'GET /workouts');
	my @rows = history_rows($hist->{content});
	is(scalar(grep { $_->{exercise} eq 'Landmine Press' } @rows), 3, 'the history shows them by its name');
});

behaviour('the history filter ?exercise=<slug> (or its name) shows only its workouts', sub {
	my $u = lib_user();
	my ($o) = options($u, '/workouts', 'f-exercise');
	is_deeply($o, [@BUILTIN, qw(old-swing ring-muscle-up rowing-machine zercher-carry)],
	    'the filter offers every exercise, the archived one too');
	for my $q ('exercise=zercher-carry', 'exercise=Zercher%20Carry') {
		my $res = $u->get("/workouts?$q");
		is($res->{status}, 200, "/workouts?$q: 200");
		my @rows = history_rows($res->{content});
		ok(@rows == 1 && $rows[0]{exercise} eq 'Zercher Carry', '... its workout, only');
	}
	page_ok($u->get('/workouts?exercise=zercher-carry'), 'the filtered history');
});

behaviour('/week and /stats show its workouts', sub {
	my $u = lib_user();
	my $week = $u->get('/week');
	page_ok($week, 'GET /week');
	my @days = week_table(decode_page($week));
	ok((grep { /\|Zercher Carry\|1\|5\|/ } @days), '/week: Zercher Carry, 1 workout, 5 reps') or diag(explain \@days);
	ok((grep { /\|Rowing Machine\|1\|\|10:00 min\|/ } @days), '/week: Rowing Machine, 10 minutes');
	my $stats = $u->get('/stats');
	page_ok($stats, 'GET /stats');
	my @rec = stats_records(decode_page($stats));
	ok((grep { /^Zercher Carry\|1\|5\|/ } @rec), '/stats: Zercher Carry, 1 workout, 5 reps') or diag(explain \@rec);
	ok((grep { /^Ring Muscle-up\|1\|3\|/ } @rec), '/stats: Ring Muscle-up');
	ok((grep { /^Old Swing\|1\|20\|/ } @rec), '/stats: the archived Old Swing too');
	my ($rows) = totals_table(decode_page($u->get('/dashboard')));
	ok((grep { $_->{name} eq 'Zercher Carry' } @{$rows // []}), 'the dashboard\'s week totals too');
});

behaviour('goals: /settings/goals has a goal-<slug> field for each own exercise; a goal saved is kept', sub {
	my $u = fresh_user();
	mk($u, name => 'Sled Drag', measure => 'time');
	mk($u, name => 'Band Pull', measure => 'reps');
	my $res = $u->get('/settings/goals');
	page_ok($res, 'GET /settings/goals');
	like($res->{content}, qr{<label for="goal-sled-drag">Sled Drag \(minutes a week\)</label>}, 'a field goal-sled-drag, in minutes');
	like($res->{content}, qr{<label for="goal-band-pull">Band Pull \(reps a week\)</label>}, 'a field goal-band-pull, in reps');
	is($u->post_form('/settings/goals', { 'goal-sled-drag' => 20, 'goal-band-pull' => 300 })->{status}, 303,
	    'POST goals for both: 303');
	is(goals_of($u), 'band-pull=300 sled-drag=1200', '... saved: 300 reps, 1200 seconds');
	my $f = form_fields($u->get('/settings/goals')->{content}, '/settings/goals') // {};
	is_deeply([@$f{qw(goal-sled-drag goal-band-pull)}], [20, 300], '... and shown again');
});

# Own "Plank" (reps, made with confirm=1) beside the built-in Plank (time):
# wherever both are named, the own one is "Plank (yours)".
behaviour('an own exercise named like a built-in is marked yours on /week, /stats, /settings/goals and the history; the built-in is plain Plank', sub {
	my $u = fresh_user();
	is(mk($u, name => 'Plank', measure => 'reps', confirm => '1'), 'plank-2', 'setup: own Plank (reps) is plank-2');
	log_ok($u, exercise => 'plank-2', reps => 20, date => today(), time => '00:01');
	log_ok($u, exercise => 'plank', minutes => 1, date => today(), time => '00:02');
	is($u->post_form('/settings/goals', { 'goal-plank-2' => 100, 'goal-plank' => 10 })->{status}, 303,
	    'setup: a goal for each');
	$u->get('/dashboard');

	my $week = $u->get('/week');
	page_ok($week, 'GET /week with two Planks');
	my @days = week_table(decode_page($week));
	ok((grep { /\|Plank \(yours\)\|1\|20\|/ } @days), '/week, the day table: "Plank (yours)", 20 reps') or diag(explain \@days);
	ok((grep { /\|Plank\|1\|\|1:00 min\|/ } @days), '... and "Plank", 1:00');
	my ($rows) = totals_table(decode_page($week));
	is_deeply([sort map { $_->{name} } @{$rows // []}], ['Plank', 'Plank (yours)'], '/week, the totals: "Plank" and "Plank (yours)"');

	my @rec = stats_records(decode_page($u->get('/stats')));
	ok((grep { /^Plank \(yours\)\|1\|20\|/ } @rec), '/stats: "Plank (yours)", 1 workout, 20 reps') or diag(explain \@rec);
	ok((grep { /^Plank\|1\|/ && !/yours/ } @rec), '... and "Plank"');

	my $goals = $u->get('/settings/goals');
	page_ok($goals, 'GET /settings/goals with two Planks');
	like($goals->{content}, qr{<label for="goal-plank-2">Plank \(yours\) \(reps a week\)</label>}, '/settings/goals: "Plank (yours) (reps a week)"');
	like($goals->{content}, qr{<label for="goal-plank">Plank \(minutes a week\)</label>}, '... and "Plank (minutes a week)"');

	my @h = history_rows($u->get('/workouts')->{content});
	is_deeply([map { $_->{exercise} } @h], ['Plank', 'Plank (yours)'], '/workouts: "Plank" (newest), then "Plank (yours)"');
	my $dash_html = decode_page($u->get('/dashboard'));
	my ($dash) = totals_table($dash_html);
	is_deeply([sort map { $_->{name} } @{$dash // []}], ['Plank', 'Plank (yours)'], 'the dashboard\'s week totals too');
	my @last = map { html_unescape($_) } $dash_html =~ m{<a class="what" href="[^"]*">([^<]*)</a>}g;
	is_deeply(\@last, ['Plank', 'Plank (yours)'], '... and its last workouts: "Plank" (newest), then "Plank (yours)"');
});

# The history filter offers both Planks: they must be told apart there too.
behaviour('the history filter tells the two Planks apart: own Plank is marked yours, the built-in is plain Plank', sub {
	my $u = fresh_user();
	is(mk($u, name => 'Plank', measure => 'reps', confirm => '1'), 'plank-2', 'setup: own Plank (reps) is plank-2');
	my $html = decode_page($u->get('/workouts'));
	my ($sel) = $html =~ m{<select id="f-exercise"[^>]*>(.*?)</select>}s;
	my %text = ($sel // '') =~ m{<option value="([^"]*)"[^>]*>(.*?)</option>}g;
	is(html_unescape($text{plank}), 'Plank', 'the option of the built-in plank reads "Plank"');
	like(html_unescape($text{'plank-2'}) // '', qr/^Plank \(yours\)/, 'the option of own plank-2 reads "Plank (yours)"')
	    or diag('it reads: ' . ($text{'plank-2'} // '<none>'));
	isnt($text{'plank-2'}, $text{plank}, '... not the same words as the built-in\'s');
});

behaviour('export: an "exercise,measure,met,bodyweight,archived" section names them, the workouts go by name', sub {
	my $u = lib_user();
	my $res = $u->get('/export.csv');
	is($res->{status}, 200, 'GET /export.csv: 200');
	security_headers_ok($res, 'GET /export.csv');
	my $csv = $res->{content};
	is_deeply(csv_section($csv, $HEADER_EX), ['Old Swing,reps,3.8,false,true', 'Ring Muscle-up,reps,8.0,true,false',
	    'Rowing Machine,time,3.8,false,false', 'Zercher Carry,reps_weight,6.0,false,false'],
	    'the exercise section: every own exercise, the archived one marked');
	my $w = csv_section($csv, $HEADER_WK) // [];
	ok((grep { /^[^,]+,Zercher Carry,5,0,[^,]*,true,,1,60\.00$/ } @$w), 'the workouts section names Zercher Carry')
	    or diag(explain $w);
	ok((grep { /^[^,]+,Rowing Machine,0,600,/ } @$w), '... and Rowing Machine');
});

behaviour('import: a file declaring an exercise and its workouts makes it; the same file again skips them', sub {
	my $u = fresh_user();
	my $csv = "$HEADER_EX\r\n\"Curl, \"\"EZ\"\" bar\",reps_weight,,true,false\r\nOld Tyre Flip,reps,9.0,,true\r\n\r\n"
	    . "$HEADER_WK\r\n${\ ago(60)}T08:00:00+00:00,\"Curl, \"\"EZ\"\" bar\",8,0,,,,1,25\r\n"
	    . "${\ ago(60)}T08:00:00+00:00,\"Curl, \"\"EZ\"\" bar\",6,0,,,,2,27.5\r\n"
	    . "${\ ago(59)}T08:00:00+00:00,Old Tyre Flip,10,0,,,flips,1,\r\n";
	my $res = $u->post_multipart('/import', {}, { file => ['mine.csv', $csv] }, from => '/import');
	is($res->{status}, 303, 'POST /import: 303');
	like(flash_text($u->get('/workouts')->{content}) // '', qr/^Imported 2 workouts;.*\b2 new exercises\b/,
	    '... 2 workouts and 2 new exercises');
	is(own_rows($u), join("\n", 'curl-ez-bar|Curl, "EZ" bar|reps_weight|5.0|true|false', 'old-tyre-flip|Old Tyre Flip|reps|9.0|false|true'),
	    'the exercises as declared (the archived one archived, the empty MET the default)');
	is(n_workouts($u, 'curl-ez-bar'), 1, 'the curl: one workout');
	is(sql('SELECT set_count || \' \' || reps || \' \' || max_load_kg FROM exbuddy.workouts w JOIN exbuddy.exercise_types e '
	    . 'ON e.id = w.exercise_type_id WHERE w.user_id = ' . uid($u) . " AND e.slug = 'curl-ez-bar'"),
	    '2 14 27.50', '... of two sets, 14 reps, 27.5 kg at most');
	is(n_workouts($u, 'old-tyre-flip'), 1, 'the tyre flip: one workout');
	$u->post_multipart('/import', {}, { file => ['mine.csv', $csv] }, from => '/import');
	like(flash_text($u->get('/workouts')->{content}) // '', qr/^Imported 0 workouts; 2 already/,
	    'the same file again: both already there');
	is(n_own($u), 2, '... no exercise made twice');
});

behaviour('export, then import into a new account: own Plank and the built-in Plank keep their workouts apart', sub {
	my $u = fresh_user();
	mk($u, name => 'Plank', measure => 'time', confirm => '1');
	# An exercise named like the other's slug: its own slug is plank-2-2.
	is(mk($u, name => 'plank-2', measure => 'reps'), 'plank-2-2', 'setup: one named plank-2 is plank-2-2');
	log_ok($u, exercise => 'plank-2', minutes => 3, time => '07:00');
	log_ok($u, exercise => 'plank', minutes => 1, time => '07:10');
	log_ok($u, exercise => 'plank-2-2', reps => 7, time => '07:20');
	my $csv = $u->get('/export.csv')->{content};
	my $v = fresh_user();
	my $res = $v->post_multipart('/import', {}, { file => ['u.csv', $csv] }, from => '/import');
	is($res->{status}, 303, 'the export imported into a new account: 303');
	my $got = sql("SELECT string_agg(CASE WHEN e.user_id IS NULL THEN 'built-in ' ELSE 'own ' END || e.name || ' ' || "
	    . "w.reps || ' ' || w.duration_seconds, ', ' ORDER BY w.performed_at) FROM exbuddy.workouts w "
	    . 'JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE w.user_id = ' . uid($v));
	is($got, 'own Plank 0 180, built-in Plank 0 60, own plank-2 7 0', 'each workout with its own exercise');
});

behaviour('import: a declared name differing only in a non-ASCII letter\'s case from one\'s own uses it (not a server error)', sub {
	my $u = fresh_user();
	mk($u, name => 'übung', measure => 'reps');
	my $csv = "$HEADER_EX\r\nÜbung,reps,,false,false\r\n\r\n$HEADER_WK\r\n${\ ago(60)}T08:00:00+00:00,Übung,5,0,,,,1,\r\n";
	my $res = $u->post_multipart('/import', {}, { file => ['u.csv', Encode::encode('UTF-8', $csv)] }, from => '/import');
	is($res->{status}, 303, 'POST /import: 303 (not a server error)');
	is(n_own($u), 1, '... no second exercise');
	is(n_all_workouts($u), 1, '... the workout imported, to the exercise the user has');
});

# --- Isolation ------------------------------------------------------------------------------------------

behaviour("B's pages never show A's exercise: not in /exercises, the selects, the search, goals, history, /week, /stats, the export", sub {
	my $p = pair();
	my $b = $p->{b};
	my $a_list = $p->{a}->get('/exercises')->{content};
	ok(leaks($p, $a_list), "A's /exercises lists Anvil Press (control)");
	for my $path ('/exercises', '/workouts/new', '/workouts/new?q=anvil', '/workouts/new?q=press',
	    '/workouts/new?exercise=anvil-press', '/dashboard', '/settings/goals', '/workouts', '/week', '/stats',
	    '/export.csv', '/exercises/bee-move/merge') {
		my $res = $b->get($path);
		is($res->{status}, 200, "B: GET $path: 200");
		ok(!leaks($p, $res->{content}), '... nothing of A\'s exercise');
	}
	is_deeply(section_slugs($b->get('/exercises')->{content}, 'own-h'), ['bee-move'], "B's own: Bee Move only");
});

behaviour("A's exercise pages answer 404 to B (GET: page, edit, merge; POST: edit, merge, archive); A's rows unchanged", sub {
	my $p = pair();
	my ($a, $b, $slug) = @$p{qw(a b slug)};
	is($a->get("/exercises/$slug")->{status}, 200, "A opens A's exercise (control)");
	for my $what ('', '/edit', '/merge') {
		my $res = $b->get("/exercises/$slug$what");
		is($res->{status}, 404, "B: GET /exercises/$slug$what: 404");
		ok(!leaks($p, $res->{content}), '... the page shows nothing of it');
	}
	page_ok($b->get("/exercises/$slug"), "B: GET /exercises/$slug (404)");
	my $strip = sub { ($_[0]{content} // '') =~ s/[0-9a-f]{32}//gr };
	is($strip->($b->get("/exercises/$slug/edit")), $strip->($b->get('/exercises/no-such-thing/edit')),
	    "... the same answer as for a slug nobody has");
	my $form = form_fields($a->get("/exercises/$slug/edit")->{content}, "/exercises/$slug/edit") // {};
	delete $form->{csrf};
	$b->get('/dashboard');
	is($b->post_form("/exercises/$slug/edit", { %$form, name => 'Taken by B' })->{status}, 404,
	    "B: POST /exercises/$slug/edit (a form valid for A): 404");
	is($b->post_form("/exercises/$slug/merge", { into => 'push-up' })->{status}, 404, "B: POST /exercises/$slug/merge: 404");
	is($b->post_form("/exercises/$slug/merge", { into => 'bee-move' })->{status}, 404, '... also into B\'s own');
	is($b->post_form("/exercises/$slug/archive", { archived => 1 })->{status}, 404, "B: POST /exercises/$slug/archive: 404");
	is(snapshot($a), $p->{a_snap}, "A's exercise, goal and workouts are unchanged");
});

behaviour("B cannot log a workout of A's exercise, by slug or by name: 422 \"no such exercise\", nothing saved", sub {
	my $p = pair();
	my $b = $p->{b};
	my $n0 = n_all_workouts($b);
	for my $ex ($p->{slug}, 'Anvil Press', 'anvil press') {
		my $res = log_w($b, exercise => $ex, reps => 5);
		is($res->{status}, 422, "B logs exercise=$ex: 422");
		like(field_error($res->{content}, 'exercise') // '', qr/no such exercise/i, '... "no such exercise"');
		ok(!leaks($p, $res->{content}), '... and the page shows nothing of it');
	}
	my $sub = hidden_value($b->get('/dashboard')->{content}, 'submission');
	my $res = $b->post_form('/workouts/new', { from => 'dashboard', exercise => $p->{slug}, reps => 5, submission => $sub });
	is($res->{status}, 422, "B's quick log with A's slug: 422");
	$res = $b->post_form('/workouts/new', { action => 'same', exercise => $p->{slug}, submission => $sub });
	is($res->{status}, 422, "B's \"Same as last time\" with A's slug: 422");
	ok(!leaks($p, $res->{content}) && $res->{content} !~ /\b12 reps\b/, "... A's last workout is not shown");
	is(n_all_workouts($b), $n0, 'nothing saved for B');
	my $b_snap = snapshot($b);
	my $edit = "/workouts/$p->{b_w}/edit";
	my $form = form_fields($b->get($edit)->{content}, $edit) // {};
	delete $form->{csrf};
	is($form->{exercise}, 'bee-move', "B's workout edit form (control)");
	$res = $b->post_form($edit, { %$form, exercise => $p->{slug} });
	is($res->{status}, 422, "B changes B's workout to A's exercise: 422");
	like(field_error($res->{content}, 'exercise') // '', qr/no such exercise/i, '... "no such exercise"');
	is(snapshot($b), $b_snap, "... B's workout unchanged");
	is(snapshot($p->{a}), $p->{a_snap}, "A's rows unchanged");
	$b->get('/dashboard');
});

behaviour("B's goals: no field for A's exercise; posting goal-<A's slug> saves nothing", sub {
	my $p = pair();
	my $b = $p->{b};
	my $html = $b->get('/settings/goals')->{content};
	like($html, qr/name="goal-bee-move"/, "B's form has a field for B's own (control)");
	unlike($html, qr/name="goal-anvil-press"/, "... none for A's");
	$b->post_form('/settings/goals', { "goal-$p->{slug}" => 99 });
	is(goals_of($b), '', 'B posting goal-anvil-press: no goal saved for B');
	is(sql('SELECT count(*) FROM exbuddy.goals WHERE exercise_type_id = ' . sql_quote($p->{aex})), 1,
	    "... A's exercise has A's goal only");
	is(snapshot($p->{a}), $p->{a_snap}, "A's rows unchanged");
	$b->get('/dashboard');
});

behaviour("B's history filter exercise=<A's slug or name>: 422", sub {
	my $p = pair();
	for my $q ("exercise=$p->{slug}", 'exercise=Anvil%20Press') {
		my $res = $p->{b}->get("/workouts?$q");
		is($res->{status}, 422, "B: /workouts?$q: 422");
		like(field_error($res->{content}, 'exercise') // '', qr/no such exercise/i, '... "There is no such exercise"');
		ok(!leaks($p, $res->{content}), '... nothing of A\'s shown');
	}
});

behaviour("B cannot merge into A's exercise, nor import workouts naming it", sub {
	my $p = pair();
	my $b = $p->{b};
	my $b_snap = snapshot($b);
	for my $into ($p->{slug}, 'Anvil Press') {
		my $res = $b->post_form('/exercises/bee-move/merge', { into => $into });
		is($res->{status}, 422, "B merges Bee Move into=$into: 422");
		ok(!leaks($p, $res->{content}), '... nothing of A\'s shown');
	}
	my $csv = "$HEADER_WK\r\n${\ ago(60)}T08:00:00+00:00,$p->{slug},5,0,,,,1,\r\n";
	my $res = $b->post_multipart('/import', {}, { file => ['b.csv', $csv] }, from => '/import');
	is($res->{status}, 422, "B imports a workout naming A's slug: 422");
	like($res->{content}, qr/no such exercise/i, '... "no such exercise"');
	is(snapshot($b), $b_snap, "B's rows unchanged");
	is(snapshot($p->{a}), $p->{a_snap}, "A's rows unchanged");
});

behaviour('another user may have an exercise of the same name and slug: each sees their own', sub {
	my $p = pair();
	my $c = fresh_user();
	my $res = create($c, name => 'Anvil Press', measure => 'time');
	is($res->{status}, 303, 'C makes an Anvil Press too: 303');
	is($res->{headers}{location}, '/exercises/anvil-press', '... with the same slug, anvil-press');
	my $page = $c->get('/exercises/anvil-press')->{content};
	like($page, qr/Counted in time/, "C's page is C's (timed)");
	unlike($page, qr/\Q$p->{secret}\E/, "... without A's workout");
	like($p->{a}->get('/exercises/anvil-press')->{content}, qr/\Q$p->{secret}\E/, "A's page is still A's");
	is(snapshot($p->{a}), $p->{a_snap}, "A's rows unchanged");
});

behaviour('in the database, as exbuddy_app for B: built-ins and B\'s own only; nothing naming A\'s exercise; no change to A\'s or a built-in', sub {
	my $p = pair();
	my ($aid, $bid, $aex, $bex) = (uid($p->{a}), uid($p->{b}), sql_quote($p->{aex}), sql_quote($p->{bex}));
	my $bw = sql('INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps) VALUES '
	    . "($bid, $bex, date_trunc('second', now()) - interval '50 days', 4) RETURNING id");
	my $plank = sql("SELECT id FROM exbuddy.exercise_types WHERE user_id IS NULL AND slug = 'plank'");
	my $r = as_app($p->{b}{id},
	    [control => "SELECT count(*) FROM exbuddy.workouts WHERE id = '$bw'"],
	    [seen => "SELECT string_agg(slug, ' ' ORDER BY slug) FROM exbuddy.exercise_types"],
	    [a_by_id => "SELECT count(*) FROM exbuddy.exercise_types WHERE id = $aex"],
	    [ins_workout => 'INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps) VALUES '
	        . "($bid, $aex, date_trunc('second', now()) - interval '51 days', 5)"],
	    [upd_workout => "UPDATE exbuddy.workouts SET exercise_type_id = $aex WHERE id = '$bw'"],
	    [ins_goal => "INSERT INTO exbuddy.goals (user_id, exercise_type_id, weekly_target) VALUES ($bid, $aex, 10)"],
	    [upd_a => "WITH u AS (UPDATE exbuddy.exercise_types SET name = 'Hacked' WHERE id = $aex RETURNING 1) "
	        . 'SELECT count(*) FROM u'],
	    [del_a => "WITH d AS (DELETE FROM exbuddy.exercise_types WHERE id = $aex RETURNING 1) SELECT count(*) FROM d"],
	    [upd_builtin => "WITH u AS (UPDATE exbuddy.exercise_types SET met = 1 WHERE user_id IS NULL RETURNING 1) "
	        . 'SELECT count(*) FROM u'],
	    [del_builtin => "WITH d AS (DELETE FROM exbuddy.exercise_types WHERE id = '$plank' RETURNING 1) SELECT count(*) FROM d"],
	    [ins_for_a => 'INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep) '
	        . "VALUES ($aid, 'planted', 'Planted', 'reps', 3.8, 3.0)"],
	    [ins_builtin => 'INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep, '
	        . "compendium_code) VALUES (NULL, 'planted', 'Planted', 'reps', 3.8, 3.0, '02022')"],
	    [give_to_a => "UPDATE exbuddy.exercise_types SET user_id = $aid WHERE id = $bex"],
	    [ins_own => 'INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep) '
	        . "VALUES ($bid, 'planted', 'Planted', 'reps', 3.8, 3.0)"],
	);
	is($r->{control}{out}, '1', "B sees B's own workout (control: the role and app.user_id work)");
	is($r->{seen}{out}, join(' ', sort(@BUILTIN, 'bee-move')), "B sees the built-ins and B's own, nothing else");
	is($r->{a_by_id}{out}, '0', "B does not see A's exercise by its id");
	is($r->{ins_workout}{state}, '23503', "B cannot INSERT a workout naming A's exercise: 23503");
	is($r->{upd_workout}{state}, '23503', "B cannot UPDATE a workout to name A's exercise: 23503");
	is($r->{ins_goal}{state}, '23503', "B cannot INSERT a goal naming A's exercise: 23503");
	is($r->{upd_a}{out}, '0', "B's UPDATE of A's exercise changes no row");
	is($r->{del_a}{out}, '0', "B's DELETE of A's exercise removes no row");
	is($r->{upd_builtin}{out}, '0', "B's UPDATE of the built-ins changes no row");
	is($r->{del_builtin}{out}, '0', "B's DELETE of a built-in removes no row");
	is($r->{ins_for_a}{state}, '42501', "B cannot INSERT an exercise with user_id = A (row level security, 42501)");
	is($r->{ins_builtin}{state}, '42501', 'B cannot INSERT a built-in (42501)');
	is($r->{give_to_a}{state}, '42501', "B cannot give B's exercise to A (42501)");
	is($r->{ins_own}{state}, '00000', "B may INSERT an exercise of B's own (control)");
	sql("DELETE FROM exbuddy.workouts WHERE id = '$bw'");
	is(snapshot($p->{a}), $p->{a_snap}, "A's rows unchanged");
});

# --- The limit --------------------------------------------------------------------------------------------

behaviour('at most 200 exercises of one\'s own: with 199, the 200th is made; the 201st is refused with a message', sub {
	my $u = fresh_user();
	sql('INSERT INTO exbuddy.exercise_types (user_id, slug, name, description, measure, met, seconds_per_rep) '
	    . "SELECT " . uid($u) . ", 'bulk-' || i, 'Bulk ' || i, '', 'reps', 3.8, 3.0 FROM generate_series(1, 199) i");
	is(n_own($u), 199, 'setup: 199 exercises of one\'s own');
	my $res = create($u, name => 'Number 200', measure => 'reps');
	is($res->{status}, 303, 'the 200th through the form: 303');
	is($res->{headers}{location}, '/exercises/number-200', '... to its page');
	$res = create($u, name => 'Number 201', measure => 'reps');
	is($res->{status}, 422, 'the 201st: 422');
	like(field_error($res->{content}, 'name') // '', qr/200 exercises of your own/, '... with a message at the name field');
	page_ok($res, 'the refused 201st');
	is(n_own($u), 200, 'still 200');
	my $csv = "$HEADER_EX\r\nNumber 201,reps,,false,false\r\n\r\n";
	$res = $u->post_multipart('/import', {}, { file => ['more.csv', $csv] }, from => '/import');
	is($res->{status}, 422, 'an import adding the 201st: 422');
	like($res->{content}, qr/more than 200 exercises/, '... saying so');
	is(n_own($u), 200, 'still 200');
	is($u->post_form('/exercises/bulk-7/edit', { name => 'Bulk Seven', measure => 'reps' })->{status}, 303,
	    'renaming one at the limit: 303');
	$res = $u->get('/exercises');
	is(scalar @{section_slugs($res->{content}, 'own-h') // []}, 200, '/exercises lists all 200');
	page_ok($res, 'GET /exercises with 200 of one\'s own');
});

# held(CODE...): runs each CODE (a request, its answer a string) in a child
# process of its own while exercise_types is locked against inserts
# (reads go on), until each has reached its insert or 8 s have passed
# (statement_timeout is 10 s). The number that waited at once, and the
# answers in CODE's order.
sub held {
	my @code = @_;
	my $release = psql_holding('LOCK TABLE exbuddy.exercise_types IN SHARE MODE');
	my @kids;
	for my $code (@code) {
		my ($fh, $f) = File::Temp::tempfile('eb-race-XXXXXX', TMPDIR => 1, UNLINK => 1);
		close $fh;
		my $pid = fork // die "fork: $!";
		if ($pid == 0) {
			my $answer = $code->();
			open(my $o, '>', $f) or POSIX::_exit(1);
			print $o $answer;
			close $o;
			POSIX::_exit(0);
		}
		push @kids, [$pid, $f];
	}
	my ($waiting, $end) = (0, Time::HiRes::time() + 8);
	while (Time::HiRes::time() < $end) {
		$waiting = psql_fast("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
		    . "AND query LIKE 'INSERT INTO exercise_types%'");
		last if $waiting >= @code;
		Time::HiRes::sleep(0.05);
	}
	$release->();
	waitpid($_->[0], 0) for @kids;
	return ($waiting, map { EB::slurp($_->[1]) // '' } @kids);
}

# A user with 199 exercises of their own (the form's csrf token taken).
sub user_at_199 {
	my $u = fresh_user();
	sql('INSERT INTO exbuddy.exercise_types (user_id, slug, name, description, measure, met, seconds_per_rep) '
	    . "SELECT " . uid($u) . ", 'bulk-' || i, 'Bulk ' || i, '', 'reps', 3.8, 3.0 FROM generate_series(1, 199) i");
	$u->get('/exercises/new');
	return $u;
}

behaviour('at most 200 exercises of one\'s own when two are made at once, each request having counted 199: one 303, one 422', sub {
	my $u = user_at_199();
	my ($waiting, @answers) = held(map { my $i = $_; sub {
		delete $u->{http}{handle};	# a connection of its own
		my $res = create($u, name => "Race $i", measure => 'reps');
		return "$res->{status} " . (field_error($res->{content}, 'name') // '');
	} } 1, 2);
	is($waiting, 2, 'setup: both inserts wait at once');
	is(n_own($u), 200, '200 of one\'s own, not more');
	is(scalar(grep { /^303 / } @answers), 1, '... one answered 303');
	is(scalar(grep { /^422 .*200 exercises of your own/ } @answers), 1,
	    '... the other 422 with the message at the name field') or diag(join "\n", @answers);
	my $res = $u->get('/exercises');
	is(scalar @{section_slugs($res->{content}, 'own-h') // []}, 200, '/exercises lists all 200');
});

behaviour('at most 200 exercises of one\'s own when one is made while a file adds another: one 303, one refused with a message', sub {
	my $u = user_at_199();
	my $csv = "$HEADER_EX\r\nFrom The File,reps,,false,false\r\n\r\n";
	$u->get('/import');
	my $csrf = $u->{csrf};
	my ($waiting, $made, $imported) = held(sub {
		delete $u->{http}{handle};
		my $res = create($u, name => 'From The Form', measure => 'reps', csrf => $csrf);
		return "$res->{status} " . (field_error($res->{content}, 'name') // '');
	}, sub {
		delete $u->{http}{handle};
		my $res = $u->post_multipart('/import', { csrf => $csrf }, { file => ['one.csv', $csv] });
		my ($alert) = ($res->{content} // '') =~ /(you would have more than 200[^<]*)/;
		return "$res->{status} " . ($alert // '');
	});
	is($waiting, 2, 'setup: both inserts wait at once');
	is(n_own($u), 200, '200 of one\'s own, not more');
	ok(($made =~ /^303 / && $imported =~ /^409 you would have more than 200, so nothing was imported/)
	    || ($made =~ /^422 .*200 exercises of your own/ && $imported =~ /^303 /),
	    'one of the two made it; the other was refused with its message')
	    or diag("form: $made\nimport: $imported");
});

done_testing();
