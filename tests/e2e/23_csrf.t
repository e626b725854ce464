# 23_csrf.t — CSRF through nginx: a POST to /login, /signup or /logout
# without a token, with a wrong one, with another session's, with a
# signed-out token whose eb_pre cookie is gone, or from another site is
# refused with an explaining 403 page, and changes nothing; the same
# POST from our own origin goes through. Each behaviour has users of its
# own, and checks that its refused logins left no trace.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount;

my $base = base_url();
my ($port) = $base =~ /:(\d+)$/;
my $own = "http://127.0.0.1:$port";

sub random_token { join '', map { ('A' .. 'Z', 'a' .. 'z', 0 .. 9, '-', '_')[rand 64] } 1 .. 43 }

# refused(RESPONSE, NAME, RETRY): a 403 page that explains and links back.
sub refused {
	my ($res, $name, $retry) = @_;
	is($res->{status}, 403, "$name: 403");
	like($res->{content} // '', qr/could not be accepted/, "$name: the page explains");
	like($res->{content} // '', qr/<a href="\Q$retry\E">[^<]*again/i,
	    "$name: it links to $retry to try again");
	ok(!(grep { $_->{name} eq 'eb_session' && $_->{value} ne '' } set_cookies($res)),
	    "$name: no session cookie");
}

sub sessions_of {
	my ($id) = @_;
	return psql('SELECT count(*) FROM exbuddy.sessions WHERE user_id = ' . sql_quote($id));
}

# A user to post as: {u => the client (signed in), creds => its login
# fields, logins0 and sess0 => its login rows and sessions now}.
sub victim {
	my $u = new_user();
	my $t = { u => $u, creds => { login => $u->{username}, password => $u->{password} } };
	$t->{logins0} = logins_of($u);
	$t->{sess0} = sessions_of($u->{id});
	return $t;
}

sub logins_of {
	my ($u) = @_;
	return psql("SELECT count(*) FROM exbuddy.audit_log WHERE event IN " .
	    "('login', 'login_failed') AND user_id = " . sql_quote($u->{id}));
}

# The refused logins with the victim's password left no trace.
sub no_login_tried_ok {
	my ($t, $what) = @_;
	$what //= 'refused';
	is(logins_of($t->{u}), $t->{logins0}, $what eq 'refused' ?
	    'no refused login was tried: no login or login_failed rows' :
	    "no $what login was tried");
	is(sessions_of($t->{u}{id}), $t->{sess0}, "no $what login made a session");
}

# --- No token ---------------------------------------------------------------------------

behaviour('a POST to /login without a token is refused with an explaining 403 page', sub {
	my $t = victim();
	my $c = client();
	$c->csrf_from('/login');
	ok(defined $c->cookie('eb_pre'), 'the client has its eb_pre cookie');
	my $res = $c->post_form('/login', { %{$t->{creds}}, csrf => undef });
	refused($res, 'POST /login without csrf', '/login');
	tidy_ok($res->{content}, '403 page');
	security_headers_ok($res, '403 page');
	like($res->{headers}{'content-type'} // '', qr{^text/html}, '403 page is HTML');
	no_login_tried_ok($t);
});

behaviour('a sign-up without a token, or with an empty one, is refused and makes no user', sub {
	my $c = client();
	my $name = unique_name('csrf');
	$c->csrf_from('/signup');
	my $res = $c->post_form('/signup', { email => lc($name) . '@example.test',
	    username => $name, password => 'Quarry-lantern-violet-93',
	    confirm => 'Quarry-lantern-violet-93', csrf => undef });
	refused($res, 'POST /signup without csrf', '/signup');
	is(user_id($name), '', 'the refused sign-up created no user');
	$res = $c->post_form('/signup', { email => lc($name) . '@example.test',
	    username => $name, password => 'Quarry-lantern-violet-93',
	    confirm => 'Quarry-lantern-violet-93', csrf => '' });
	refused($res, 'POST /signup with an empty csrf', '/signup');
	is(user_id($name), '', 'still no user');
});

behaviour('a POST to /logout without a token is refused, and the session lives on', sub {
	my $u = new_user();
	my $res = $u->post_form('/logout', { csrf => undef });
	refused($res, 'POST /logout without csrf', '/');
	tidy_ok($res->{content}, '403 page of /logout');
	security_headers_ok($res, '403 page of /logout');
	is($u->get('/dashboard')->{status}, 200, 'the refused logout left the session alive');
});

# --- A wrong token ----------------------------------------------------------------------

behaviour('a POST to /login with a wrong token, or one a character too long or short, is refused', sub {
	my $t = victim();
	my %creds = %{$t->{creds}};
	my $c = client();
	$c->csrf_from('/login');
	refused($c->post_form('/login', { %creds, csrf => random_token() }),
	    'POST /login with a wrong csrf', '/login');
	refused($c->post_form('/login', { %creds, csrf => $c->{csrf} . 'A' }),
	    'POST /login with a token one character too long', '/login');
	refused($c->post_form('/login', { %creds, csrf => substr($c->{csrf}, 0, 42) }),
	    'POST /login with a token one character too short', '/login');
	no_login_tried_ok($t);
});

behaviour('a POST to /logout with a wrong token is refused, and the session lives on', sub {
	my $u = new_user();
	refused($u->post_form('/logout', { csrf => random_token() }),
	    'POST /logout with a wrong csrf', '/');
	is($u->get('/dashboard')->{status}, 200, 'the session is still alive');
});

# --- Another session's token ----------------------------------------------------------

behaviour("another session's token is refused, for /logout and for /login", sub {
	my $t = victim();
	my $u = $t->{u};
	my $v = new_user();
	$u->get('/dashboard');
	$v->get('/dashboard');
	ok($u->{csrf} && $v->{csrf} && $u->{csrf} ne $v->{csrf}, 'U and V have different tokens');
	refused($v->post_form('/logout', { csrf => $u->{csrf} }),
	    "POST /logout in V's session with U's token", '/');
	is($v->get('/dashboard')->{status}, 200, 'V is still signed in');
	is($u->get('/dashboard')->{status}, 200, 'U is still signed in');
	refused($v->post_form('/login', { %{$t->{creds}}, csrf => $u->{csrf} }),
	    "POST /login in V's session with U's token", '/login');
	like($v->get('/dashboard')->{content}, qr/Hello, \Q$v->{username}\E</,
	    'V is still V');
	no_login_tried_ok($t);
});

# A signed-out token (bound to an eb_pre cookie) does not do for a session.
behaviour('a signed-out token does not do for a session', sub {
	my $pre = client();
	my $t = $pre->csrf_from('/login');
	my $w = new_user();
	$w->set_cookie(eb_pre => $pre->cookie('eb_pre'));
	refused($w->post_form('/logout', { csrf => $t }),
	    'POST /logout in a session with a signed-out token', '/');
	is($w->get('/dashboard')->{status}, 200, '... and the session lives on');
});

# --- A signed-out token without its eb_pre cookie ---------------------------------------

behaviour('a signed-out token is refused without its own eb_pre cookie', sub {
	my $v = victim();
	my %creds = %{$v->{creds}};
	my $c = client();
	my $t = $c->csrf_from('/login');
	my $pre = $c->drop_cookie('eb_pre');
	ok(defined $pre, 'the login form came with eb_pre');
	refused($c->post_form('/login', { %creds, csrf => $t }),
	    'a signed-out token after its eb_pre cookie is dropped', '/login');
	$c->csrf_from('/login');	# a new eb_pre
	ok(defined $c->cookie('eb_pre') && $c->cookie('eb_pre') ne $pre, 'a new eb_pre');
	refused($c->post_form('/login', { %creds, csrf => $t }),
	    'the old token with a new eb_pre cookie', '/login');
	my $d = client();
	$d->csrf_from('/login');
	refused($d->post_form('/login', { %creds, csrf => $t }),
	    "a token bound to another client's eb_pre", '/login');
	$d->set_cookie(eb_pre => random_token());
	refused($d->post_form('/login', { %creds, csrf => $t }),
	    'a token with a made-up eb_pre', '/login');
	no_login_tried_ok($v);
});

# --- Another site ----------------------------------------------------------------------

my @cross_site = ({ Origin => 'http://evil.example' },
    { Origin => 'null' },
    { Origin => "http://127.0.0.1:$port.evil.example" },
    { Origin => "https://127.0.0.1:$port" },
    { Origin => 'http://127.0.0.1:1' },
    { 'Sec-Fetch-Site' => 'cross-site' },
    { 'Sec-Fetch-Site' => 'cross-site', Origin => $own });
sub header_name { my ($h) = @_; return join ', ', map { "$_: $h->{$_}" } sort keys %$h }

behaviour('a POST to /login from another site is refused, even with a valid token', sub {
	my $t = victim();
	for my $h (@cross_site) {
		my $name = header_name($h);
		my $c = client();
		$c->csrf_from('/login');
		refused($c->post_form('/login', $t->{creds}, headers => $h),
		    "POST /login with a valid token and $name", '/login');
	}
	no_login_tried_ok($t, 'cross-site');
});

behaviour('a POST to /logout from another site is refused, even with a valid token', sub {
	my $u = new_user();
	for my $h (@cross_site) {
		my $name = header_name($h);
		refused($u->post_form('/logout', {}, headers => $h, from => '/dashboard'),
		    "POST /logout with a valid token and $name", '/');
		is($u->get('/dashboard')->{status}, 200, "$name: U is still signed in");
	}
});

# --- Our own site -------------------------------------------------------------------

behaviour('a POST from our own origin, or from an old browser that sends none, goes through', sub {
	my $u = new_user();
	my %creds = (login => $u->{username}, password => $u->{password});
	my $c = client();
	$c->csrf_from('/login');
	my $res = $c->post_form('/login', \%creds, headers => { Origin => $own,
	    'Sec-Fetch-Site' => 'same-origin' });
	is($res->{status}, 303, "POST /login with Origin: $own and Sec-Fetch-Site: same-origin: 303");
	is($c->get('/dashboard')->{status}, 200, '... signed in');
	$res = $c->post_form('/logout', {}, from => '/dashboard',
	    headers => { Origin => $own, 'Sec-Fetch-Site' => 'same-origin' });
	is($res->{status}, 303, 'POST /logout from our own origin: 303');
	is($c->get('/dashboard')->{status}, 303, '... signed out');
	$c->csrf_from('/login');
	$res = $c->post_form('/login', \%creds);
	is($res->{status}, 303, 'POST /login without Origin or Sec-Fetch-Site (an old browser): 303');
});

done_testing();
