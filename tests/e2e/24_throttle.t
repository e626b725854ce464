# 24_throttle.t — login throttling through nginx: five wrong passwords for
# a name from one address lock that name for that address (429 even for
# the right password, Retry-After, a message in minutes, audit rows)
# without locking its owner out from another address (127.0.0.2) or
# anyone else out; an unknown name locks and answers the same; the lock
# lifts when the failures are 15 minutes old; fifty failures from one
# address slow it to one attempt in 10 seconds instead of refusing it.
# Each behaviour locks an account of its own (five wrong passwords
# through the app).
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

# login_as(LOGIN, PASSWORD[, FROM]): a new client posts the login form,
# from the local address FROM (another loopback address) if given.
sub login_as {
	my ($login, $pw, $from) = @_;
	my $c = client();
	$c->{http}{local_address} = $from if $from;
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

behaviour('five wrong passwords from one address lock the name there: 429 even for the right password, for about 15 minutes', sub {
	room_ok();
	my $t = new_user();
	five_failures($t);
	is(audit_count($t, 'login_failed'), 5, 'audit_log: login_failed x5');

	my ($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 429, 'the 6th attempt, with the RIGHT password: 429');
	my $msg = alert_text($res->{content}) // '';
	like($msg, qr/too many failed logins with this name from your network/, 'the message says so');
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

# The owner, elsewhere, is not locked out by someone else's guesses.
behaviour("a name locked for one address: its owner's right password from another address logs in", sub {
	room_ok();
	my $t = new_user();
	five_failures($t);
	my ($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 429, 'from 127.0.0.1, the right password: 429');
	my $c;
	($res, $c) = login_as($t->{username}, $t->{password}, '127.0.0.2');
	is($res->{status}, 303, 'from 127.0.0.2, the right password: 303');
	is($c->get('/dashboard')->{status}, 200, '... and the session works');
	is(psql("SELECT host(ip) FROM exbuddy.audit_log WHERE event = 'login' AND user_id = " . sql_quote($t->{id})),
	    '127.0.0.2', '... logged in from 127.0.0.2');
	($res) = login_as($t->{username}, $t->{password});
	is($res->{status}, 429, 'from 127.0.0.1 it stays locked');
});

# A locked name must not tell whether it is an account's.
behaviour('an unknown name is locked the same way: after five failures the same 429, message and Retry-After as an account', sub {
	room_ok();
	my $t = new_user();
	my $nobody = unique_name('nobody');
	five_failures($t);
	for my $i (1 .. 5) {
		my ($res) = login_as($nobody, "wrong-password-$i-xyz");
		is($res->{status}, 422, "unknown name, attempt $i: 422");
	}
	my ($known) = login_as($t->{username}, 'wrong-password-6-xyz');
	my ($unknown) = login_as($nobody, 'wrong-password-6-xyz');
	is($unknown->{status}, 429, 'the unknown name, 6th attempt: 429');
	is($known->{status}, 429, 'the account, 6th attempt: 429');
	is(alert_text($unknown->{content}), alert_text($known->{content}), '... the same message');
	cmp_ok(abs(($unknown->{headers}{'retry-after'} // 0) - ($known->{headers}{'retry-after'} // 1e9)), '<=', 5,
	    '... and about the same Retry-After');
	cmp_ok(psql("SELECT count(*) FROM exbuddy.audit_log WHERE event = 'login_failed' AND user_id IS NULL "
	    . "AND login_key ~ '^n:[0-9a-f]{32}\$' AND created_at > now() - interval '2 minutes'"), '>=', 5,
	    'audit_log: its failures kept by a keyed hash of the name (n: and 32 hex digits)');
	is(psql("SELECT count(*) FROM exbuddy.audit_log WHERE detail IS NULL AND position(" . sql_quote($nobody)
	    . " IN coalesce(login_key, '') || coalesce(detail, '')) > 0"), 0, 'the audit log never holds the name as typed');
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

# A shared network (NAT) with an attacker behind it is slowed, not shut out.
behaviour('fifty failures from one address slow it to one attempt in 10 seconds: 429 just after one, the right password let through after', sub {
	my $o = new_user();
	psql("INSERT INTO exbuddy.audit_log (user_id, event, ip, detail) SELECT NULL, " .
	    "'login_failed', '127.0.0.1', '$flood' FROM generate_series(1, 50)");
	my ($res) = login_as($o->{username}, $o->{password});
	is($res->{status}, 429, '50 failures from 127.0.0.1, the last just now: the right password is 429');
	like(alert_text($res->{content}) // '', qr/network/, 'the message mentions the network');
	like(alert_text($res->{content}) // '', qr/\b\d+ seconds?\b/, 'the message names seconds');
	my $ra = $res->{headers}{'retry-after'} // '';
	ok($ra =~ /^\d+$/ && $ra >= 1 && $ra <= 10, "with Retry-After of at most 10 s ($ra)");
	no_session_ok($res, 'slowed by address');
	($res) = login_as(unique_name('nobody'), 'Some-long-password-42');
	is($res->{status}, 429, 'an unknown user from there: 429 too');
	# Every failure from here 11 seconds older (the behaviours before this
	# one may have failed from here within the last 10 seconds too).
	psql("UPDATE exbuddy.audit_log SET created_at = created_at - interval '11 seconds' WHERE ip = '127.0.0.1' "
	    . "AND event = 'login_failed' AND (detail = '$flood' OR created_at > now() - interval '11 seconds')");
	my $c;
	($res, $c) = login_as($o->{username}, $o->{password});
	is($res->{status}, 303, 'the last failure 11 seconds old: the right password logs in (not locked out)')
	    or diag(alert_text($res->{content}) // $res->{content});
	is($c->get('/dashboard')->{status}, 200, '... and the session works');
	psql("DELETE FROM exbuddy.audit_log WHERE detail = '$flood'");
});

done_testing();
