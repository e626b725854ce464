# 24_throttle.t — login throttling through nginx: five wrong passwords
# lock the account (429 even for the right password, Retry-After, a
# message in minutes, audit rows) without locking anyone else out; the
# lock lifts when the failures are 15 minutes old; fifty failures from one
# address refuse every login from it ("network"). Each behaviour locks an
# account of its own (five wrong passwords through the app).
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount;

base_url();

my $flood = 'e2e-24-ip-flood';	# detail of the rows this test inserts
END {
	local $?;
	eval { psql("DELETE FROM exbuddy.audit_log WHERE detail = '$flood'") };
	diag("could not delete the inserted audit rows: $@") if $@;
}

sub login_as {
	my ($login, $pw) = @_;
	my $c = client();
	$c->csrf_from('/login');
	return ($c->post_form('/login', { login => $login, password => $pw }), $c);
}

sub audit_count {
	my ($u, $event) = @_;
	return psql("SELECT count(*) FROM exbuddy.audit_log WHERE event = " .
	    sql_quote($event) . " AND user_id = " . sql_quote($u->{id}));
}

sub no_session_ok {
	my ($res, $name) = @_;
	ok(!(grep { $_->{name} eq 'eb_session' && $_->{value} ne '' } set_cookies($res)),
	    "$name: no session cookie");
}

my $ipq = "SELECT count(*) FROM exbuddy.audit_log WHERE event = 'login_failed' " .
    "AND ip = '127.0.0.1' AND created_at > now() - interval '15 minutes'";

# Before a behaviour makes failures of its own: room for them below the
# per-address limit (50).
sub room_ok {
	my $ip_before = psql($ipq);
	cmp_ok($ip_before, '<', 44, 'fewer than 44 recent failures from 127.0.0.1 ' .
	    '(else the per-address limit would get in the way)');
}

# Five wrong passwords for the user.
sub five_failures {
	my ($t) = @_;
	for my $i (1 .. 5) {
		my ($res) = login_as($t->{username}, "wrong-password-$i-xyz");
		is($res->{status}, 422, "wrong password $i: 422");
	}
}

# --- Five wrong passwords lock the account ------------------------------------------

behaviour('five wrong passwords lock the account: 429 even for the right password, for about 15 minutes', sub {
	room_ok();
	my $t = new_user();
	five_failures($t);
	is(audit_count($t, 'login_failed'), 5, 'audit_log: login_failed x5');

	my ($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 429, 'the 6th attempt, with the RIGHT password: 429');
	my $msg = alert_text($res->{content}) // '';
	like($msg, qr/locked/i, 'the message says the account is locked');
	like($msg, qr/\b(?:1[45]) minutes\b/, 'the message names the minutes to wait');
	my $ra = $res->{headers}{'retry-after'} // '';
	like($ra, qr/^\d+$/, 'a Retry-After header in seconds');
	ok($ra > 800 && $ra <= 900, "Retry-After is about 15 minutes ($ra s)");
	no_session_ok($res, 'throttled login');
	tidy_ok($res->{content}, '429 page');
	security_headers_ok($res, '429 page');
	is(attr(input_tag($res->{content}, 'login'), 'value'), $t->{username},
	    'the 429 page keeps the login');
	ok(index($res->{content}, $t->{password}) < 0, 'the 429 page does not show the password');
	is(audit_count($t, 'login_throttled'), 1, 'audit_log: login_throttled');
	is(psql("SELECT host(ip) FROM exbuddy.audit_log WHERE event = 'login_throttled' " .
	    "AND user_id = " . sql_quote($t->{id})), '127.0.0.1', '... with the IP');
});

behaviour('a locked account stays locked by email and for a wrong password, which are not failures', sub {
	room_ok();
	my $t = new_user();
	five_failures($t);
	my ($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 429, 'the 6th attempt, with the RIGHT password: 429');
	($res) = login_as(uc $t->{email}, $t->{password});
	is($res->{status}, 429, 'by email in another case: 429 as well');
	($res) = login_as($t->{username}, 'wrong-password-7-xyz');
	is($res->{status}, 429, 'a wrong password while locked: 429');
	is(audit_count($t, 'login_failed'), 5, 'attempts while locked are not failures');
	is(audit_count($t, 'login_throttled'), 3, 'they are login_throttled');
	is(psql("SELECT count(*) FROM exbuddy.sessions WHERE user_id = " . sql_quote($t->{id})),
	    1, 'no new session for the locked account (only the one from sign-up)');
});

# Another account from the same address is not affected.
behaviour('a locked account does not lock out another account from the same address', sub {
	room_ok();
	my $t = new_user();
	my $o = new_user();
	five_failures($t);
	my ($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 429, 'the 6th attempt, with the RIGHT password: 429');
	($res) = login_as($o->{username}, $o->{password});
	is($res->{status}, 303, 'another account logs in from the same IP');
});

# --- The lock lifts -----------------------------------------------------------------------

behaviour('the lock lifts when the failures are 15 minutes old', sub {
	room_ok();
	my $t = new_user();
	five_failures($t);
	psql("UPDATE exbuddy.audit_log SET created_at = created_at - interval '16 minutes' " .
	    "WHERE event = 'login_failed' AND user_id = " . sql_quote($t->{id}));
	my ($res, $c) = login_as($t->{username}, $t->{password});
	is($res->{status}, 303, 'failures 16 minutes old: the right password logs in');
	is($c->get('/dashboard')->{status}, 200, '... and the session works');
	($res) = login_as($t->{username}, 'wrong-password-8-xyz');
	is($res->{status}, 422, 'a wrong password after that: 422');
	($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 303, 'one failure does not lock');
});

# Failures before a successful login do not count: 3 + login + 3 is no lock.
behaviour('failures before a successful login do not count towards a lock', sub {
	room_ok();
	my $t = new_user();
	my ($res) = login_as($t->{username}, 'wrong-password-8-xyz');
	is($res->{status}, 422, 'setup: a wrong password: 422');
	($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 303, 'setup: the right password logs in');
	for my $i (1 .. 3) {
		login_as($t->{username}, "wrong-password-again-$i");
	}
	($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 303, '4 recent failures: the right password logs in');
	for my $i (4 .. 6) {
		login_as($t->{username}, "wrong-password-again-$i");
	}
	($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 303, '3 failures since the last login (7 in the window): not locked');
});

# --- Per address ------------------------------------------------------------------------------

behaviour('fifty failures from one address refuse every login from it, until they are gone', sub {
	my $o = new_user();
	psql("INSERT INTO exbuddy.audit_log (user_id, event, ip, detail) SELECT NULL, " .
	    "'login_failed', '127.0.0.1', '$flood' FROM generate_series(1, 50)");
	my ($res) = login_as($o->{username}, $o->{password});
	is($res->{status}, 429, '50 failures from 127.0.0.1: even the right password is 429');
	like(alert_text($res->{content}) // '', qr/network/, 'the message mentions the network');
	like(alert_text($res->{content}) // '', qr/\b\d+ minutes\b/, 'the message names minutes');
	like($res->{headers}{'retry-after'} // '', qr/^\d+$/, 'with Retry-After');
	no_session_ok($res, 'throttled by address');
	($res) = login_as(unique_name('nobody'), 'Some-long-password-42');
	is($res->{status}, 429, 'an unknown user from there: 429 too');
	psql("DELETE FROM exbuddy.audit_log WHERE detail = '$flood'");
	($res) = login_as($o->{username}, $o->{password});
	is($res->{status}, 303, 'without those rows the login works again');
});

done_testing();
