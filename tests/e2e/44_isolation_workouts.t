# 44_isolation_workouts.t — users A and B: A never sees B's workouts (history
# on every page and with filters, a cursor made from B's workout, the
# export), cannot open, change or delete them (404, B's rows unchanged),
# and A's imports and submission ids never touch B's rows.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my $ua = new_user();
my $ub = new_user();
my ($aid, $bid) = map { sql_quote($_->{id}) } $ua, $ub;
my $secret = 'B-secret-' . $ub->{username};

sub count_of { psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id = $_[0]") }
# Every column of every row of a user: any change shows.
sub snapshot {
	psql_fast("SELECT count(*) || ' ' || coalesce(md5(string_agg(w::text, '|' ORDER BY w.id)), '-') "
	    . "FROM exbuddy.workouts w WHERE w.user_id = $_[0]");
}
sub log_workout {
	my ($u, %f) = @_;
	my $sub = $f{submission} // hidden_value($u->get('/workouts/new')->{content}, 'submission');
	return $u->post_form('/workouts/new', { %f, submission => $sub });
}

# B: two workouts through the form, 25 more through the database (paging).
is(log_workout($ub, exercise => 'push-up', reps => 21, date => '2026-06-01', time => '10:00',
    note => "$secret form 1")->{status}, 303, 'B logs a workout');
is(log_workout($ub, exercise => 'plank', minutes => 2, date => '2026-06-02', time => '10:00',
    note => "$secret form 2")->{status}, 303, 'B logs another');
psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, note) "
    . "SELECT $bid, e.id, timestamptz '2026-05-01 12:00+00' - i * interval '3 hours', i, "
    . "'$secret row ' || i FROM generate_series(1, 25) i, exbuddy.exercise_types e "
    . "WHERE e.slug = 'push-up'");
# A: a few of its own, some at the very same times as B's.
psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, note) "
    . "SELECT $aid, e.id, timestamptz '2026-05-01 12:00+00' - i * interval '3 hours', 100 + i, "
    . "'A row ' || i FROM generate_series(1, 22) i, exbuddy.exercise_types e "
    . "WHERE e.slug = 'push-up'");
my $b_rows = count_of($bid);
is($b_rows, 27, 'B has 27 workouts');
is(count_of($aid), 22, 'A has 22');
my $b_snap = snapshot($bid);
my $b_w = psql_fast("SELECT id FROM exbuddy.workouts WHERE user_id = $bid AND note = "
    . sql_quote("$secret form 1"));
my @b_ids = split /\n/, psql_fast("SELECT id FROM exbuddy.workouts WHERE user_id = $bid");

# --- History --------------------------------------------------------------------------------------
my $leaks = sub {
	my ($html) = @_;
	return 1 if index($html // '', $secret) >= 0;
	return scalar grep { index($html // '', $_) >= 0 } @b_ids;
};
my $b_page = $ub->get('/workouts')->{content};
ok($leaks->($b_page), "B's history shows B's workouts (control)");
my @seen;
my $path = '/workouts';
for my $n (1 .. 3) {
	my $html = $ua->get($path)->{content};
	ok(!$leaks->($html), "A's history page $n: nothing of B's");
	push @seen, history_rows($html);
	$path = page_link($html, 'next') // last;
}
is(scalar @seen, 22, "A's pages hold exactly A's 22 workouts");
ok(!(grep { $_->{note} !~ /^A row / } @seen), '... every one of them A\'s');
for my $q ('exercise=push-up', 'exercise=plank', 'from=2026-06-01&to=2026-06-02',
    'from=2026-04-01&to=2026-05-01') {
	my $html = $ua->get("/workouts?$q")->{content};
	ok(!$leaks->($html), "A's history ?$q: nothing of B's");
}
# A cursor built from B's newest workout only moves through A's rows.
my $cur = psql_fast("SELECT (extract(epoch FROM performed_at) * 1000000)::bigint || '_' || id "
    . "FROM exbuddy.workouts WHERE id = " . sql_quote($b_w));
for my $c ("before=$cur", "after=$cur") {
	my $res = $ua->get("/workouts?$c");
	ok($res->{status} == 200 && !$leaks->($res->{content}), "A's history ?$c (B's workout): nothing of B's");
}

# --- Export ----------------------------------------------------------------------------------------
my $a_csv = $ua->get('/export.csv')->{content};
my $b_csv = $ub->get('/export.csv')->{content};
ok(index($b_csv, $secret) >= 0, "B's export has B's workouts (control)");
ok(index($a_csv, $secret) < 0, "A's export has none of B's notes");
is(scalar(() = $a_csv =~ /\r\n/g), 22 + 1, "A's export: the header and A's 22 workouts");
ok(!(grep { !/,A row \d+$/ } (split /\r\n/, $a_csv)[1 .. 22]), '... each one A\'s');

# --- Edit and delete ---------------------------------------------------------------------------------
my $edit_b = $ub->get("/workouts/$b_w/edit");
is($edit_b->{status}, 200, "B opens B's workout to edit (control)");
my $form = form_fields($edit_b->{content}, "/workouts/$b_w/edit") // {};
delete $form->{csrf};
my %change = (%$form, reps => 99, note => 'changed by A');
for my $what (qw(edit delete)) {
	my $res = $ua->get("/workouts/$b_w/$what");
	is($res->{status}, 404, "A: GET /workouts/<B's id>/$what: 404");
	ok(!$leaks->($res->{content}), '... and the page shows nothing of it');
}
$ua->get('/dashboard');
is($ua->post_form("/workouts/$b_w/edit", \%change)->{status}, 404, "A: POST edit of B's workout (a valid form): 404");
is($ua->post_form("/workouts/$b_w/delete", {})->{status}, 404, "A: POST delete of B's workout: 404");
is($ua->post_form("/workouts/" . uc($b_w) . "/delete", {})->{status}, 404, '... also with the id in capitals');
is(snapshot($bid), $b_snap, "B's workouts are unchanged, all of them");
is($ub->post_form("/workouts/$b_w/edit", { %change, note => "$secret changed by B" },
    from => "/workouts/$b_w/edit")->{status}, 303, 'the same form from B saves (so it was valid)');
$b_snap = snapshot($bid);

# --- Submission ids are per user -----------------------------------------------------------------------
my $b_sub = psql_fast("SELECT submission_id FROM exbuddy.workouts WHERE id = " . sql_quote($b_w));
like($b_sub, qr/^[0-9a-f-]{36}$/, "B's workout has a submission id");
my $a_before = count_of($aid);
my $res = log_workout($ua, exercise => 'squat', reps => 5, date => '2026-06-03', time => '09:00',
    submission => $b_sub);
is($res->{status}, 303, "A sends a form with B's submission id: 303");
is(count_of($aid), $a_before + 1, "... A's workout is saved");
like(flash_text($ua->get('/dashboard')->{content}) // '', qr/Your workout is saved/,
    '... and A is told so (not "saved already": that would say the id is in use)');
is(snapshot($bid), $b_snap, "... B's rows are unchanged");

# --- Import ---------------------------------------------------------------------------------------------
$a_before = count_of($aid);
$res = $ua->post_multipart('/import', {}, { file => ['b.csv', $b_csv] }, from => '/import');
is($res->{status}, 303, "A imports B's export: 303");
like(flash_text($ua->get('/workouts')->{content}) // '', qr/^Imported 27 workouts; 0 already/,
    "... all 27 are new to A (B's rows do not count as already there)");
is(count_of($aid), $a_before + 27, "... they are A's now");
is(snapshot($bid), $b_snap, "... and B's rows are untouched");
$res = $ua->post_multipart('/import', {}, { file => ['b.csv', $b_csv] }, from => '/import');
like(flash_text($ua->get('/workouts')->{content}) // '', qr/^Imported 0 workouts; 27 already/,
    'the same file again: all skipped for A');
is(snapshot($bid), $b_snap, "... B's rows still untouched");
my $a_snap = snapshot($aid);
$res = $ub->post_multipart('/import', {}, { file => ['b.csv', $b_csv] }, from => '/import');
like(flash_text($ub->get('/workouts')->{content}) // '', qr/^Imported 1 workout; 26 already/,
    "B imports B's older export: only the workout B changed since comes back");
is(snapshot($aid), $a_snap, "... and A's rows are untouched");
my $bad = $b_csv . "not a time,push-up,1,,,,x\r\n";
$res = $ua->post_multipart('/import', {}, { file => ['bad.csv', $bad] }, from => '/import');
is($res->{status}, 422, "A imports a bad file: 422");
is(count_of($bid), $b_rows + 1, "... B's count is as B left it");

done_testing();
