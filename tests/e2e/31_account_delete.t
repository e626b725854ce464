# 31_account_delete.t — /account/delete: the confirmation page, a wrong
# password changes nothing, the right one removes every row of the user,
# ends every session and leaves one anonymous account_deleted audit row.
# Each behaviour deletes (or fails to delete) an account of its own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount;

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

sub alive { return $_[0]->get('/dashboard')->{status} == 200 ? 1 : 0 }

# Rows of the user in each table that has a user.
sub rows_of {
	my ($id) = @_;
	my $q = sql_quote($id);
	return psql("SELECT (SELECT count(*) FROM exbuddy.users WHERE id = $q) || ' ' || "
	    . "(SELECT count(*) FROM exbuddy.workouts WHERE user_id = $q) || ' ' || "
	    . "(SELECT count(*) FROM exbuddy.sessions WHERE user_id = $q) || ' ' || "
	    . "(SELECT count(*) FROM exbuddy.audit_log WHERE user_id = $q)");
}

# A new user with a workout and a second session, as the deletion finds
# it: (user, the other session).
sub doomed_user {
	my $u = new_user();
	my $id = $u->{id};
	like($id, qr/^[0-9a-f-]{36}$/, 'the new user has an id');
	psql("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps) "
	    . "SELECT " . sql_quote($id) . ", id, date_trunc('second', now()), 20 FROM exbuddy.exercise_types "
	    . "WHERE slug = 'push-up'");
	my $second = client();
	is($second->login($u->{username}, $u->{password})->{status}, 303, 'a second session');
	like(rows_of($id), qr/^1 1 2 [1-9]\d*$/, 'before: the user, a workout, two sessions, audit rows');
	return ($u, $second);
}

# Deletes the user's account with the right password; the response.
sub delete_account {
	my ($u) = @_;
	return $u->post_form('/account/delete', { password => $u->{password} });
}

behaviour('GET /account/delete signed out leads to the login page', sub {
	my $res = client()->get('/account/delete');
	is($res->{status}, 303, 'GET /account/delete signed out: 303');
	like($res->{headers}{location} // '', qr{^/login\?next=%2Faccount%2Fdelete$}, '... to /login');
});

# The confirmation page.
behaviour('the confirmation page says every workout goes for good, and asks for the password', sub {
	my $u = new_user();
	my $res = $u->get('/account/delete');
	is($res->{status}, 200, 'GET /account/delete: 200');
	tidy_ok($res->{content}, 'GET /account/delete');
	security_headers_ok($res, 'GET /account/delete');
	like($res->{content}, qr/every workout/i, 'it says every workout goes');
	like($res->{content}, qr/cannot be undone/, 'it says it is for good');
	like($res->{content}, qr{<label for="password">}, 'the password field has a label');
	is(attr(input_tag($res->{content}, 'password'), 'type'), 'password', '... and is a password field');
	like($res->{content}, qr{<form method="post" action="/account/delete(?:#[^"]*)?"}, 'the form posts to /account/delete');
	ok(defined hidden_value($res->{content}, 'csrf'), 'the form has its csrf field');
});

# Wrong or missing password: 422, nothing deleted.
behaviour('a wrong or missing password deletes nothing: 422 with the message by the field', sub {
	my ($u, $second) = doomed_user();
	my $id = $u->{id};
	for my $case (['wrong password 123', qr/not your password/, 'a wrong password'],
	    ['', qr/Enter your password/, 'no password']) {
		my ($pw, $msg, $name) = @$case;
		my $res = $u->post_form('/account/delete', { password => $pw });
		is($res->{status}, 422, "$name: 422");
		like(field_error($res->{content}, 'password') // '', $msg, "$name: the message by the field");
		is(attr(input_tag($res->{content}, 'password'), 'aria-invalid'), 'true',
		    "$name: the field is aria-invalid");
		unlike($res->{content}, qr/value="\Q$pw\E"/, "$name: the password is not echoed") if $pw ne '';
		tidy_ok($res->{content}, "$name: the page");
		like(rows_of($id), qr/^1 1 2 /, "$name: nothing deleted");
	}
	ok(alive($u) && alive($second), 'both sessions still work');
});

behaviour('without the CSRF token the right password deletes nothing', sub {
	my ($u) = doomed_user();
	is($u->post_form('/account/delete', { password => $u->{password}, csrf => undef })->{status},
	    403, 'without the csrf token: 403');
	like(rows_of($u->{id}), qr/^1 1 2 /, '... and nothing deleted');
});

# The right password.
behaviour('the right password deletes the account: a goodbye page, signed out, the cookie cleared', sub {
	my ($u) = doomed_user();
	my $res = delete_account($u);
	is($res->{status}, 200, 'the right password: 200');
	like($res->{content}, qr/<h1>Goodbye<\/h1>/, 'a goodbye page');
	like($res->{content}, qr{<a href="/">Go to the home page</a>}, 'with a link to the home page');
	like($res->{content}, qr{<a href="/login">Log in</a>}, 'the signed-out navigation');
	unlike($res->{content}, qr/Log out|\Q$u->{username}\E/, 'no trace of the user in the page');
	tidy_ok($res->{content}, 'the goodbye page');
	security_headers_ok($res, 'the goodbye page');
	ok((grep { $_->{name} eq 'eb_session' && $_->{value} eq '' } set_cookies($res)),
	    'the session cookie is cleared');
});

behaviour('a deleted account leaves no row but an anonymous audit row; its sessions and password are dead', sub {
	my ($u, $second) = doomed_user();
	my $id = $u->{id};
	my $cookie = $u->cookie('eb_session');
	is(delete_account($u)->{status}, 200, 'setup: the right password: 200');
	is(rows_of($id), '0 0 0 0', 'no row of the user is left in users, workouts, sessions, audit_log');
	is(psql("SELECT count(*) FROM exbuddy.audit_log WHERE event = 'account_deleted' "
	    . "AND user_id IS NULL AND detail = " . sql_quote("user $id")), '1',
	    'one account_deleted audit row, with no user_id');
	is($u->request(GET => '/dashboard', cookies => { eb_session => $cookie })->{status}, 303,
	    'the old cookie is dead');
	is($second->get('/dashboard')->{status}, 303, 'the other session is dead too');
	my $res = client()->login($u->{username}, $u->{password});
	is($res->{status}, 422, 'the old credentials no longer log in');
	like(alert_text($res->{content}) // '', qr/do not match/, '... like any unknown user');
});

behaviour('deleting an account touches no other user', sub {
	my $bystander = new_user();
	my ($u) = doomed_user();
	is(delete_account($u)->{status}, 200, 'setup: the right password: 200');
	ok(alive($bystander), 'another user is not touched');
	like(rows_of($bystander->{id}), qr/^1 0 1 /, "... nor are that user's rows");
});

done_testing;
