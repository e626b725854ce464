# 22_sessions.t — sessions through nginx: a new id at every login (no
# fixation, planted cookies refused), only a hash in the database, logout
# (POST only, row deleted, cookie cleared, replay refused), idle and
# absolute expiry, last_seen_at written at most once a minute, and the
# cookie's attributes over plain HTTP. Each behaviour has users of its own.
use strict;
use warnings;
use POSIX ();
use MIME::Base64 qw(decode_base64 encode_base64);
use Test::More;
use EB;
use EBAccount qw(:DEFAULT psql_fast psql_holding);

base_url();

sub b64url_decode {
	my $s = shift // '';
	$s =~ tr{-_}{+/};
	$s .= '=' x ((4 - length($s) % 4) % 4);
	return decode_base64($s);
}

sub b64url_encode { return encode_base64($_[0], '') =~ tr{+/}{-_}r =~ s/=+$//r }

# What a client holding only this cookie value gets on /dashboard.
sub with_cookie {
	my ($value, $path) = @_;
	my $c = client();
	$c->set_cookie(eb_session => $value);
	return $c->get($path // '/dashboard');
}

sub dead_ok {
	my ($value, $name) = @_;
	my $res = with_cookie($value);
	is($res->{status}, 303, "$name: /dashboard answers 303");
	like($res->{headers}{location} // '', qr{^/login\?next=}, "$name: ... to /login");
	return $res;
}

sub sessions_of {
	my ($u) = @_;
	return psql('SELECT count(*) FROM exbuddy.sessions WHERE user_id = ' .
	    sql_quote($u->{id}));
}

sub session_cookie {
	my ($res) = @_;
	my @c = grep { $_->{name} =~ /eb_session$/ } set_cookies($res);
	return $c[-1];
}

# --- Fixation: every login gets a new id, the old one dies ------------------------

behaviour('a login over a session gets a new cookie, and the old session dies', sub {
	my $x = new_user();
	my $y = new_user();
	my $a_cookie = $x->cookie('eb_session');
	ok(defined $a_cookie, 'X is signed in with cookie A');
	is($x->get('/dashboard')->{status}, 200, 'cookie A opens the dashboard');
	my $res = $x->post_form('/login', { login => $y->{username}, password => $y->{password} });
	is($res->{status}, 303, 'logging in as Y over the session of X: 303');
	my $b_cookie = $x->cookie('eb_session');
	ok(defined $b_cookie && $b_cookie ne $a_cookie, 'a new cookie B');
	like($x->get('/dashboard')->{content}, qr/Hello, \Q$y->{username}\E</,
	    'cookie B is the session of Y');
	dead_ok($a_cookie, 'cookie A after the login as Y');
	is(sessions_of($x), 0, "X's session row is gone");
});

# The same user logging in again also gets a new id.
behaviour('the same user logging in again gets a new cookie, and the old one dies', sub {
	my $y = new_user();
	my $x = client();
	is($x->login($y->{username}, $y->{password})->{status}, 303, 'setup: Y logged in with cookie B');
	my $b_cookie = $x->cookie('eb_session');
	# (the dashboard also gives the client its session's CSRF token)
	is($x->get('/dashboard')->{status}, 200, 'setup: cookie B opens the dashboard');
	my $res = $x->post_form('/login', { login => $y->{username}, password => $y->{password} });
	is($res->{status}, 303, 'logging in as Y again: 303');
	my $c_cookie = $x->cookie('eb_session');
	ok(defined $c_cookie && $c_cookie ne $b_cookie, 'a new cookie C');
	dead_ok($b_cookie, 'cookie B after Y logged in again');
	is($x->get('/dashboard')->{status}, 200, 'cookie C works');
});

# A cookie made up before login (say, planted by a neighbour site) is not
# taken over: the login answers with a new value, and the made-up one
# stays dead.
behaviour('a planted session cookie is cleared, and a login never takes it over', sub {
	my $y = new_user();
	my $planted = b64url_encode(join '', map { chr int rand 256 } 1 .. 32);
	my $p = client();
	$p->csrf_from('/login');
	$p->set_cookie(eb_session => $planted);
	my $res = $p->get('/login');
	is($res->{status}, 200, 'a planted cookie: the login page still opens');
	my $cleared = session_cookie($res);
	ok($cleared && $cleared->{value} eq '' && ($cleared->{attrs}{'max-age'} // '') eq '0',
	    'a planted cookie that matches no session is cleared');
	$p->set_cookie(eb_session => $planted);	# planted again
	$res = $p->post_form('/login', { login => $y->{username}, password => $y->{password} });
	is($res->{status}, 303, 'login with a planted cookie: 303');
	my $new = session_cookie($res);
	ok($new && $new->{value} ne '' && $new->{value} ne $planted,
	    'the login sets a new value, not the planted one');
	dead_ok($planted, 'the planted cookie after the login');
	my $planted_hex = unpack('H*', b64url_decode($planted));
	is(psql("SELECT count(*) FROM exbuddy.sessions s WHERE strpos(s::text, " .
	    sql_quote($planted_hex) . ") > 0 OR strpos(s::text, " . sql_quote($planted) .
	    ") > 0"), 0, 'no session row holds the planted value');
});

# Cookies that are not tokens at all: signed out, not an error.
behaviour('a cookie that is no token at all is signed out, not an error', sub {
	my $c_cookie = new_user()->cookie('eb_session');	# a live one, doubled below
	for my $junk ('x', 'A' x 42, 'A' x 44, '%00', '!!!!', 'A' x 4000, "$c_cookie$c_cookie") {
		my $r = with_cookie($junk);
		is($r->{status}, 303, 'a junk cookie (' . length($junk) . ' chars): 303 to /login');
	}
});

# --- Only a hash in the database -------------------------------------------------------

behaviour('the database holds only a hash of the session token', sub {
	my $h = new_user();
	my $tok = $h->cookie('eb_session');
	like($tok, qr/^[A-Za-z0-9_-]{43}$/, 'the cookie is 43 base64url characters');
	my $raw = b64url_decode($tok);
	is(length $raw, 32, 'the cookie holds 32 bytes');
	my ($len, $hex) = split /\|/, psql("SELECT octet_length(token_hash), " .
	    "encode(token_hash, 'hex') FROM exbuddy.sessions WHERE user_id = " .
	    sql_quote($h->{id}));
	is($len, 32, 'sessions.token_hash has 32 bytes');
	isnt($hex, unpack('H*', $raw), 'sessions.token_hash is not the token');
	is(psql("SELECT count(*) FROM exbuddy.sessions s WHERE strpos(s::text, " .
	    sql_quote(unpack('H*', $raw)) . ") > 0 OR strpos(s::text, " . sql_quote($tok) .
	    ") > 0"), 0, 'the token is in no column of any session row');
	is(psql("SELECT count(*) FROM exbuddy.audit_log a WHERE strpos(a::text, " .
	    sql_quote($tok) . ") > 0"), 0, 'nor in audit_log');
});

# --- Cookie attributes over plain HTTP ---------------------------------------------

behaviour("the session cookie's attributes over plain HTTP", sub {
	my $h = new_user();
	my $res = $h->post_form('/login', { login => $h->{username},
	    password => $h->{password} }, from => '/dashboard');
	my $sc = session_cookie($res);
	ok($sc, 'a login sets the session cookie');
	is($sc->{name}, 'eb_session', 'over HTTP: no __Host- prefix');
	ok(!exists $sc->{attrs}{secure}, 'over HTTP: no Secure flag (HTTPS: 26_https.t, unit tests)');
	ok($sc->{attrs}{httponly}, 'HttpOnly');
	is(lc($sc->{attrs}{samesite} // ''), 'lax', 'SameSite=Lax');
	is($sc->{attrs}{path}, '/', 'Path=/');
	ok(($sc->{attrs}{'max-age'} // 0) > 0 && $sc->{attrs}{'max-age'} <= 90 * 86400,
	    'Max-Age at most the absolute lifetime of 90 days');
});

# --- Logout -------------------------------------------------------------------------

# A new user L with a second session elsewhere: (L, the other session).
sub two_sessions {
	my $l = new_user();
	my $second = EBAccount->login($l->{username}, $l->{password});
	is($second->{res}{status}, 303, 'L has a second session elsewhere');
	return ($l, $second);
}

behaviour('GET /logout is refused with 405 and logs nobody out', sub {
	my ($l) = two_sessions();
	my $res = $l->get('/logout');
	is($res->{status}, 405, 'GET /logout: 405');
	is($res->{headers}{allow}, 'POST', 'GET /logout: Allow: POST');
	is($l->get('/dashboard')->{status}, 200, 'GET /logout did not log out');
	is(sessions_of($l), 2, 'L has two session rows');
});

behaviour('POST /logout ends this session only: its row deleted, its cookie cleared', sub {
	my ($l, $second) = two_sessions();
	is(sessions_of($l), 2, 'L has two session rows');
	my $res = $l->post_form('/logout', {}, from => '/dashboard');
	is($res->{status}, 303, 'POST /logout: 303');
	is($res->{headers}{location}, '/', 'POST /logout: to /');
	my $gone = session_cookie($res);
	ok($gone && $gone->{value} eq '' && ($gone->{attrs}{'max-age'} // '') eq '0',
	    'POST /logout clears the cookie (empty, Max-Age=0)');
	is(sessions_of($l), 1, "logout deleted this session's row");
	is($second->get('/dashboard')->{status}, 200, 'the other session lives on');
});

behaviour('a cookie replayed after logout is dead, and a replayed logout leaves one audit row', sub {
	my ($l) = two_sessions();
	my $lcookie = $l->cookie('eb_session');
	my $lcsrf = $l->{csrf};
	is($l->post_form('/logout', {}, from => '/dashboard')->{status}, 303,
	    'setup: POST /logout: 303');
	dead_ok($lcookie, 'the cookie replayed after logout');
	{
		my $r = client();
		$r->set_cookie(eb_session => $lcookie);
		my $res = $r->post_form('/logout', { csrf => $lcsrf });
		is($res->{status}, 303, 'POST /logout replayed after logout: 303');
		like($res->{headers}{location} // '', qr{^/login}, '... to /login');
	}
	is(psql("SELECT count(*) FROM exbuddy.audit_log WHERE event = 'logout' AND user_id = " .
	    sql_quote($l->{id}) . " AND host(ip) = '127.0.0.1'"), 1, "audit_log has one 'logout' row");
});

behaviour('POST /logout signed out leads to the login page', sub {
	my $res = client()->post_form('/logout', {}, from => '/login');
	is($res->{status}, 303, 'POST /logout signed out: 303');
	like($res->{headers}{location} // '', qr{^/login}, '... to /login');
});

# --- Expiry ---------------------------------------------------------------------------

# set_session(USER, SQL SET clause): changes the user's sessions; the cookie.
sub set_session {
	my ($u, $set) = @_;
	psql("UPDATE exbuddy.sessions SET $set WHERE user_id = " . sql_quote($u->{id}));
	return $u->cookie('eb_session');
}

behaviour('a session idle for over 14 days ends: its row deleted, its cookie cleared', sub {
	my $e1 = new_user();
	set_session($e1, "last_seen_at = now() - interval '13 days'");
	is($e1->get('/dashboard')->{status}, 200, 'idle for 13 days: alive (idle limit 14 days)');
	set_session($e1, "last_seen_at = now() - interval '15 days'");
	my $res = dead_ok($e1->cookie('eb_session'), 'idle for 15 days');
	# auth_session_lookup deletes an expired row, but only a transaction that
	# commits keeps that: a page that needs a session must not drop it.
	is(sessions_of($e1), 0, 'the idle session row is deleted');
	my $sc2 = session_cookie($res);
	ok($sc2 && $sc2->{value} eq '', 'the idle session cookie is cleared');
});

behaviour('a session older than 90 days ends even when in use', sub {
	my $e2 = new_user();
	set_session($e2, "created_at = now() - interval '89 days'");
	is($e2->get('/dashboard')->{status}, 200, 'created 89 days ago, seen now: alive');
	set_session($e2, "created_at = now() - interval '91 days', last_seen_at = now()");
	dead_ok($e2->cookie('eb_session'), 'created 91 days ago, seen now');
	is(sessions_of($e2), 0, 'the old session row is deleted');
});

# --- last_seen_at: written at most once a minute ----------------------------------------

behaviour('last_seen_at is written at most once a minute', sub {
	my $t = new_user();
	my $q = "SELECT last_seen_at FROM exbuddy.sessions WHERE user_id = " . sql_quote($t->{id});
	my $seen = psql($q);
	is($t->get('/dashboard')->{status}, 200, 'a request');
	is($t->get('/dashboard')->{status}, 200, 'another request');
	is(psql($q), $seen, 'two requests within a minute leave last_seen_at unchanged');
	set_session($t, "last_seen_at = now() - interval '2 minutes'");
	my $old = psql($q);
	is($t->get('/dashboard')->{status}, 200, 'a request after two quiet minutes');
	my $now = psql($q);
	isnt($now, $old, '... updates last_seen_at');
	is(psql("SELECT (last_seen_at > now() - interval '30 seconds')::text FROM " .
	    "exbuddy.sessions WHERE user_id = " . sql_quote($t->{id})), 'true',
	    '... to about now');
});

# --- The session row is never waited for ---------------------------------------------

# hold_session(USER): another transaction holds the user's session row
# (FOR UPDATE), as a long request of the same user did when its look-up
# wrote last_seen_at inside its own transaction. A sub that releases it.
sub hold_session {
	my ($u) = @_;
	return psql_holding('SELECT 1 FROM exbuddy.sessions WHERE user_id = ' . sql_quote($u->{id}) . ' FOR UPDATE');
}

behaviour("a request whose session row another transaction holds is answered at once: 200, last_seen_at written on a later request", sub {
	my $u = new_user();
	set_session($u, "last_seen_at = now() - interval '5 minutes'");
	my $release = hold_session($u);
	my $t0 = time;
	my $res = $u->get('/dashboard');
	my $took = time - $t0;
	is($res->{status}, 200, 'GET /dashboard while the row is held (and last_seen_at is due): 200')
	    or diag("took $took s");
	$release->();
	is(psql("SELECT last_seen_at < now() - interval '4 minutes' FROM exbuddy.sessions WHERE user_id = "
	    . sql_quote($u->{id})), 't', '... last_seen_at was left as it was');
	is($u->get('/dashboard')->{status}, 200, 'once the row is free: 200');
	is(psql("SELECT last_seen_at > now() - interval '1 minute' FROM exbuddy.sessions WHERE user_id = "
	    . sql_quote($u->{id})), 't', '... and last_seen_at is written');
});

behaviour('a flash whose session row is held is kept for the next page, shown once', sub {
	my $u = new_user();
	set_session($u, "flash = 'Held message.'");
	my $release = hold_session($u);
	my $res = $u->get('/dashboard');
	is($res->{status}, 200, 'GET /dashboard while the row is held: 200');
	unlike($res->{content}, qr/Held message/, '... without the flash (it cannot be taken now)');
	$release->();
	like($u->get('/dashboard')->{content}, qr/Held message\./, 'the next page shows it');
	unlike($u->get('/dashboard')->{content}, qr/Held message/, '... once');
});

done_testing();
