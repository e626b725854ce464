# 61_signup_modes.t — EXBUDDY_SIGNUP: a private site (closed: accounts
# only from `exbuddy user add`) and sign-up by invitation (invite: a link
# of `exbuddy user invite` makes one account, once, before it expires).
# Each runs on a site of its own (EBSite: exbuddy started with the
# setting, its own nginx) on the stack's database; the stack itself stays
# open (20_signup.t). Each behaviour makes its own users and invitations.
use strict;
use warnings;
use POSIX ();
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);
use EBSite;

my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
my @dsn = ('--admin-dsn', "host=$pghost user=postgres dbname=exbuddy");
my %site;	# mode => the site, started when a behaviour first needs it

sub site {
	my ($mode) = @_;
	return $site{$mode} //= EBSite->start(env => { EXBUDDY_SIGNUP => $mode });
}

# user_cmd(STDIN, ARGS...): `exbuddy user ARGS` given STDIN; {exit, out, err}.
sub user_cmd { my ($in, @args) = @_; return run_cmd_in(30, $in, "$top/cgi/exbuddy", 'user', @args, @dsn) }

# A new invitation: its token.
sub invitation {
	my $r = user_cmd('', 'invite', "e2e $$");
	is($r->{exit}, 0, 'exbuddy user invite: exit 0') or diag($r->{err});
	my ($tok) = $r->{out} =~ m{^/signup\?invite=([A-Za-z0-9_-]{43})$}m;
	ok($tok, 'it prints /signup?invite= and a token');
	return $tok;
}

# Signs up on the current site (EXBUDDY_TEST_URL) with the form of PATH:
# (response of the POST, username, client).
sub sign_up {
	my ($path, %more) = @_;
	my $c = client();
	my $name = unique_name('inv');
	my $pw = strong_password();
	my $page = $c->get($path);
	my %f = (email => lc($name) . '@example.test', username => $name,
	    password => $pw, confirm => $pw);
	my $inv = hidden_value($page->{content} // '', 'invite');
	$f{invite} = $inv if defined $inv;
	my $res = $c->post_form('/signup', { %f, %more });
	my $id = user_id($name);
	track_user($id) if $id;
	return ($res, $name, $c);
}

# The SQL of the token_hash of invitation TOKEN (the SHA-256 of its bytes).
sub hash_sql { "sha256(decode(translate('$_[0]', '-_', '+/') || '=', 'base64'))" }

sub users_named { psql('SELECT count(*) FROM exbuddy.users WHERE username = ' . sql_quote($_[0])) }

behaviour('closed: /signup is a 403 page saying the site is private, and no page links to it', sub {
	local $ENV{EXBUDDY_TEST_URL} = site('closed')->url;
	my $c = client();
	my $res = $c->get('/signup');
	is($res->{status}, 403, 'GET /signup: 403');
	like($res->{content}, qr{<h1>This site is private</h1>}, 'it says the site is private');
	like($res->{content}, qr{ask them}, 'and whom to ask');
	unlike($res->{content}, qr{name="password"}, 'no sign-up form');
	for my $path ('/', '/login', '/signup') {
		unlike($c->get($path)->{content}, qr{href="/signup"}, "$path links nowhere to /signup");
	}
});

behaviour('closed: a POST to /signup is refused with 403 and makes no account', sub {
	local $ENV{EXBUDDY_TEST_URL} = site('closed')->url;
	my ($res, $name) = sign_up('/login');
	is($res->{status}, 403, 'POST /signup: 403');
	is(users_named($name), 0, 'no account made');
});

behaviour('closed: an account from exbuddy user add logs in', sub {
	local $ENV{EXBUDDY_TEST_URL} = site('closed')->url;
	my $name = unique_name('add');
	my $pw = strong_password();
	my $r = user_cmd("$pw\n", 'add', $name, lc($name) . '@example.test');
	is($r->{exit}, 0, 'exbuddy user add: exit 0') or diag($r->{err});
	like($r->{out}, qr/^added \Q$name\E /m, 'it says so');
	track_user(user_id($name));
	my $a = EBAccount->login($name, $pw);
	is($a->{res}{status}, 303, 'POST /login with that password: 303');
	is($a->get('/dashboard')->{status}, 200, 'the dashboard opens');
	is(psql("SELECT detail FROM exbuddy.audit_log WHERE event = 'signup' AND user_id = "
	    . sql_quote(user_id($name))), 'exbuddy user add', 'the sign-up is in the security log');
});

behaviour('invite: /signup without an invitation, or with a made-up one, is 403 asking for the link', sub {
	local $ENV{EXBUDDY_TEST_URL} = site('invite')->url;
	my $c = client();
	my $res = $c->get('/signup');
	is($res->{status}, 403, 'no invitation: 403');
	like($res->{content}, qr{<h1>Sign-up is by invitation</h1>}, 'it says sign-up is by invitation');
	unlike($res->{content}, qr{name="password"}, 'no form');
	for my $tok ('x' x 43, 'not-a-token', '') {
		$res = $c->get("/signup?invite=$tok");
		is($res->{status}, 403, "invite=$tok: 403");
	}
	unlike($c->get('/')->{content}, qr{href="/signup"}, 'the home page does not link to /signup');
});

behaviour('invite: a link of exbuddy user invite makes one account, then cannot be used again', sub {
	local $ENV{EXBUDDY_TEST_URL} = site('invite')->url;
	my $tok = invitation();
	my $c = client();
	my $page = $c->get("/signup?invite=$tok");
	is($page->{status}, 200, 'GET /signup?invite=…: the form');
	is(hidden_value($page->{content}, 'invite'), $tok, 'the invitation goes with the form');
	my ($res, $name, $who) = sign_up("/signup?invite=$tok");
	is($res->{status}, 303, "POST /signup: 303") or diag(substr($res->{content} // "", 0, 1500));
	is($res->{headers}{location}, '/welcome', 'to the first-run page');
	is($who->get('/dashboard')->{status}, 200, 'signed in');
	is(psql("SELECT detail FROM exbuddy.audit_log WHERE event = 'signup' AND user_id = "
	    . sql_quote(user_id($name))), 'invitation', 'the sign-up is in the security log');
	$page = client()->get("/signup?invite=$tok");
	is($page->{status}, 403, 'the link again: 403');
	like($page->{content}, qr{<h1>This invitation cannot be used</h1>}, 'it says it cannot be used');
	my ($again, $name2) = sign_up('/login', invite => $tok);
	is($again->{status}, 403, 'a POST with it: 403');
	is(users_named($name2), 0, 'no second account');
});

behaviour('invite: a form with a mistake comes back with the invitation in it', sub {
	local $ENV{EXBUDDY_TEST_URL} = site('invite')->url;
	my $tok = invitation();
	my ($res, $name) = sign_up("/signup?invite=$tok", confirm => 'something else 123');
	is($res->{status}, 422, 'POST with passwords that differ: 422');
	is(field_error($res->{content}, 'confirm'), 'The two passwords differ.', 'the error by its field');
	is(hidden_value($res->{content}, 'invite'), $tok, 'the invitation still in the form');
	is(users_named($name), 0, 'no account');
	is(client()->get("/signup?invite=$tok")->{status}, 200, 'the invitation is not spent');
});

behaviour('invite: an expired invitation cannot be used', sub {
	local $ENV{EXBUDDY_TEST_URL} = site('invite')->url;
	my $tok = invitation();
	is(psql("UPDATE exbuddy.invites SET created_at = now() - interval '8 days', "
	    . "expires_at = now() - interval '1 day' WHERE token_hash = " . hash_sql($tok)
	    . ' RETURNING 1'), 1, 'setup: the invitation expired yesterday');
	my $res = client()->get("/signup?invite=$tok");
	is($res->{status}, 403, 'GET with it: 403');
	like($res->{content}, qr{<h1>This invitation cannot be used</h1>}, 'it says it cannot be used');
});

behaviour('invite: two sign-ups sent at once with one invitation make one account', sub {
	local $ENV{EXBUDDY_TEST_URL} = site('invite')->url;
	my $tok = invitation();
	my @c = map { client() } 1 .. 2;
	$_->get("/signup?invite=$tok") for @c;
	my @names = map { unique_name('race') } 1 .. 2;
	my @kids;
	for my $i (0 .. 1) {
		my $pid = fork // die;
		if ($pid == 0) {
			my $pw = strong_password();
			my $res = $c[$i]->post_form('/signup', { invite => $tok,
			    email => lc($names[$i]) . '@example.test', username => $names[$i],
			    password => $pw, confirm => $pw });
			POSIX::_exit($res->{status} == 303 ? 0 : $res->{status} == 403 ? 3 : 9);
		}
		push @kids, $pid;
	}
	my @st = map { waitpid($_, 0); $? >> 8 } @kids;
	is_deeply([sort @st], [0, 3], 'one 303, one 403');
	my $made = 0;
	for (@names) {
		my $id = user_id($_);
		track_user($id) if $id;
		$made++ if $id;
	}
	is($made, 1, 'one account');
	is(psql('SELECT u.username FROM exbuddy.invites i JOIN exbuddy.users u ON u.id = i.used_by '
	    . 'WHERE i.token_hash = ' . hash_sql($tok)), (grep { user_id($_) } @names)[0],
	    'the invitation names that account');
});

done_testing();
