# 25_isolation.t — users A and B: A's cookie never shows B, A cannot end
# B's session (by logging out or through /settings/sessions/end), and the
# app role under row level security sees only A's rows when app.user_id
# is A. Each behaviour has users A and B of its own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount;

base_url();

sub alive { return $_[0]->get('/dashboard')->{status} == 200 }

sub rows {
	my ($table, $u) = @_;
	return psql("SELECT count(*) FROM exbuddy.$table WHERE user_id = " . sql_quote($u->{id}));
}

# --- What A's cookie shows --------------------------------------------------------------

behaviour("A's cookie shows nothing of B, nor B's of A, on any page", sub {
	my $a = new_user();
	my $b = new_user();
	my @pages = grep { my $s = client()->get($_)->{status}; $s == 200 || $s == 303 }
	    qw(/ /dashboard /settings /workouts /history /login /signup);
	for my $page (@pages, '/no/such/page') {
		for my $pair ([$a, $b, 'A'], [$b, $a, 'B']) {
			my ($me, $other, $who) = @$pair;
			my $res = $me->get($page);
			my $html = $res->{content} // '';
			ok(index($html, $other->{username}) < 0 && index($html, $other->{email}) < 0,
			    "$who on $page ($res->{status}): nothing of the other user");
		}
	}
	like($a->get('/dashboard')->{content}, qr/Hello, \Q$a->{username}\E</, "A's dashboard greets A");
	like($b->get('/dashboard')->{content}, qr/Hello, \Q$b->{username}\E</, "B's dashboard greets B");
});

# --- A cannot end B's session ------------------------------------------------------------

behaviour("A can end A's own other session, but not B's", sub { SKIP: {
	my $a = new_user();
	my $b = new_user();
	my $a2 = client();
	is($a2->login($a->{username}, $a->{password})->{status}, 303, 'A has a second session');
	my $probe = $a->get('/settings/sessions/end');
	skip '/settings/sessions/end does not exist yet (GET answers 404)', 7
	    if $probe->{status} == 404;
	is($probe->{status}, 303, 'GET /settings/sessions/end: 303 to the list (it ends nothing)');
	# The form's field that names the session, as /settings shows it.
	my $settings = $a->get('/settings')->{content} // '';
	my ($form) = $settings =~
	    m{<form\b[^>]*action="/settings/sessions/end"[^>]*>(.*?)</form>}s;
	my ($field) = grep { $_ ne 'csrf' } ($form // '') =~
	    /<(?:input|button)\b[^>]*\bname="([^"]+)"/g;
	$field //= 'session';
	my $sid_of = sub {
		my ($u) = @_;
		return psql("SELECT id FROM exbuddy.sessions WHERE user_id = " .
		    sql_quote($u->{id}) . " ORDER BY created_at DESC LIMIT 1");
	};
	# Positive control: A ends A's own second session with that field.
	my $a2sid = $sid_of->($a);
	my $res = $a->post_form('/settings/sessions/end', { $field => $a2sid },
	    from => '/dashboard');
	is($res->{status}, 303, "A ends A's own other session (field '$field'): 303");
	ok(!alive($a2), "... which is then dead");
	my $bsid = $sid_of->($b);
	like($bsid, qr/^[0-9a-f-]{36}$/, "B's session id");
	$res = $a->post_form('/settings/sessions/end', { $field => $bsid },
	    from => '/dashboard');
	is($res->{status}, 404, "A ending B's session: 404, as for a session that does not exist");
	ok(alive($b), 'B is still signed in');
	is(psql("SELECT count(*) FROM exbuddy.sessions WHERE id = " . sql_quote($bsid)), 1,
	    "B's session row is still there");
} });

# --- A cannot see or change B's workouts -------------------------------------------------

# The fields of the form posting to ACTION, as a browser would send them.
sub form_fields {
	my ($html, $action) = @_;
	my ($form) = ($html // '') =~ m{<form\b[^>]*action="\Q$action\E"[^>]*>(.*?)</form>}s
	    or return undef;
	my %f;
	for my $tag ($form =~ /(<input\b[^>]*>)/g) {
		my $name = attr($tag, 'name') // next;
		my $type = attr($tag, 'type') // 'text';
		next if $type =~ /^(?:checkbox|radio)$/ && !defined attr($tag, 'checked');
		$f{$name} = attr($tag, 'value') // '';
	}
	while ($form =~ m{<select\b([^>]*)>(.*?)</select>}gs) {
		my ($sel, $opts) = ($1, $2);
		my ($name) = $sel =~ /\bname="([^"]+)"/ or next;
		my ($chosen) = $opts =~ /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected/;
		$f{$name} = html_unescape($chosen) if defined $chosen;
	}
	while ($form =~ m{<textarea\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</textarea>}gs) {
		$f{$1} = html_unescape($2);
	}
	return \%f;
}

behaviour("A cannot see, edit or delete B's workouts", sub { SKIP: {
	my $a = new_user();
	my $b = new_user();
	my $bid_q = sql_quote($b->{id});
	skip '/workouts/new does not exist yet (404)', 12
	    if $b->get('/workouts/new')->{status} == 404;
	my $note = 'secret-note-of-' . $b->{username};
	my $wid = psql("SET row_security = off; INSERT INTO exbuddy.workouts (user_id, " .
	    "exercise_type_id, performed_at, reps, note) SELECT $bid_q, id, date_trunc('second', now()) - " .
	    "interval '1 hour', 17, " . sql_quote($note) . " FROM exbuddy.exercise_types " .
	    "WHERE slug = 'push-up' RETURNING id");
	like($wid, qr/^[0-9a-f-]{36}$/, 'B has a workout');
	my $row = sub { psql("SELECT reps || ' ' || coalesce(note, '') FROM exbuddy.workouts " .
	    "WHERE id = " . sql_quote($wid)) };
	my $before = $row->();
	like($b->get('/workouts')->{content}, qr/\Q$note\E/, "B's history shows it (control)");
	unlike($a->get('/workouts')->{content}, qr/\Q$note\E/, "A's history does not");
	my $csv = $a->get('/export.csv');
	ok(index($csv->{content} // '', $note) < 0, "A's export does not contain it ($csv->{status})");
	my $edit = $b->get("/workouts/$wid/edit");
	is($edit->{status}, 200, "B opens the edit form of B's workout (control)");
	my $f = form_fields($edit->{content}, "/workouts/$wid/edit") // {};
	ok(exists $f->{reps}, 'the edit form has its fields');
	is($a->get("/workouts/$wid/edit")->{status}, 404, "A opening B's workout to edit: 404");
	is($a->get("/workouts/$wid/delete")->{status}, 404, "A asking to delete B's workout: 404");
	my %change = (%$f, reps => 99, note => 'changed by A');
	delete $change{csrf};
	$a->get('/dashboard');
	is($a->post_form("/workouts/$wid/edit", \%change)->{status}, 404,
	    "A saving B's workout (a valid form): 404");
	is($a->post_form("/workouts/$wid/delete", {}, from => '/dashboard')->{status}, 404,
	    "A deleting B's workout: 404");
	is($row->(), $before, "B's workout is unchanged and still there");
	$b->get("/workouts/$wid/edit");
	is($b->post_form("/workouts/$wid/edit", { %change, note => 'changed by B' })->{status},
	    303, 'the same form from B saves (so the form was valid)');
} });

# Logging out ends only one's own session.
behaviour("logging out ends only one's own session", sub {
	my $a = new_user();
	my $b = new_user();
	my $a3 = client();
	$a3->login($a->{username}, $a->{password});
	is($a3->post_form('/logout', {}, from => '/dashboard')->{status}, 303, 'A logs out one session');
	ok(!alive($a3), "A's session is over");
	ok(alive($b), 'B is still signed in');
	ok(alive($a), "A's other session too");
});

# --- Row level security for the app role ------------------------------------------------

behaviour("row level security: the app role with app.user_id = A sees and changes only A's rows", sub {
	my $a = new_user();
	my $b = new_user();
	my ($aid, $bid) = map { sql_quote($_->{id}) } $a, $b;
	ok(rows('sessions', $b) >= 1 && rows('audit_log', $b) >= 1, 'B has sessions and audit rows');
	my $want_sessions = rows('sessions', $a);
	my $want_audit = rows('audit_log', $a);
	my @got = split /\n/, psql_as('exbuddy_app', <<"SQL");
BEGIN;
SELECT set_config('app.user_id', $aid, true);
SELECT count(*) FROM exbuddy.sessions;
SELECT count(*) FROM exbuddy.sessions WHERE user_id <> $aid;
SELECT count(*) FROM exbuddy.audit_log;
SELECT count(*) FROM exbuddy.audit_log WHERE user_id IS DISTINCT FROM $aid;
SELECT count(*) FROM exbuddy.users;
SELECT count(*) FROM exbuddy.users WHERE id = $bid;
WITH x AS (UPDATE exbuddy.sessions SET last_seen_at = now() - interval '1 hour'
    WHERE user_id = $bid RETURNING 1) SELECT count(*) FROM x;
WITH x AS (DELETE FROM exbuddy.sessions WHERE user_id = $bid RETURNING 1)
    SELECT count(*) FROM x;
WITH x AS (UPDATE exbuddy.users SET is_active = false WHERE id = $bid RETURNING 1)
    SELECT count(*) FROM x;
COMMIT;
SQL
	shift @got if @got && $got[0] eq $a->{id};	# the set_config result
	is($got[0], $want_sessions, "as exbuddy_app with app.user_id = A: A's sessions ($want_sessions)");
	is($got[1], 0, '... and no session of anyone else');
	is($got[2], $want_audit, "... A's audit rows ($want_audit)");
	is($got[3], 0, '... and no audit row of anyone else');
	is($got[4], 1, '... one user: A');
	is($got[5], 0, '... B is not visible');
	is($got[6], 0, "... updating B's sessions touches nothing");
	is($got[7], 0, "... deleting B's sessions deletes nothing");
	is($got[8], 0, '... disabling B does nothing');
	ok(alive($b), 'B is still signed in after all that');
	is(psql("SELECT is_active FROM exbuddy.users WHERE id = $bid"), 't', 'B is still active');
});

# Without app.user_id: nothing at all.
behaviour('row level security: the app role without app.user_id sees no rows at all', sub {
	new_user();	# so that there are rows to hide
	is(psql("SELECT (SELECT count(*) FROM exbuddy.sessions) > 0 AND (SELECT count(*) " .
	    "FROM exbuddy.audit_log) > 0 AND (SELECT count(*) FROM exbuddy.users) > 0"), 't',
	    'setup: there are sessions, audit rows and users');
	my @none = split /\n/, psql_as('exbuddy_app', <<'SQL');
SELECT count(*) FROM exbuddy.sessions;
SELECT count(*) FROM exbuddy.audit_log;
SELECT count(*) FROM exbuddy.users;
SQL
	is_deeply(\@none, [0, 0, 0], 'as exbuddy_app without app.user_id: no rows at all');
});

done_testing();
