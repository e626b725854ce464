# 21_login.t — logging in through nginx: by email or username in any
# case, the same answer for an unknown user and a wrong password, empty
# fields, where ?next= may send you (never off-site), the way back to a
# protected page, a disabled account, and rehashing a weaker stored hash.
# Each behaviour that logs in (or fails to) has a user of its own; the
# checks that only read share one user, made when first needed.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;
use Time::HiRes qw(time);
use EB;
use EBAccount;

base_url();

# A new user with capitals in the username and the email.
sub login_user {
	return new_user(username => unique_name('Login'),
	    email => 'First.' . unique_name('Last') . '@Example.TEST');
}

# A user for the behaviours that only read (nobody logs in as it).
my $shared;
sub shared_user { return $shared //= login_user() }

# login(LOGIN, PASSWORD, extra fields): a fresh client posts the login form.
# Returns (response, client, seconds the POST took).
sub login_as {
	my ($login, $pw, %more) = @_;
	my $c = client();
	$c->csrf_from('/login');
	my $t0 = time;
	my $res = $c->post_form('/login', { login => $login, password => $pw, %more });
	return ($res, $c, time - $t0);
}

# --- The form --------------------------------------------------------------------

behaviour('GET /login is a valid page with labelled login and password inputs and a CSRF token', sub {
	my $c = client();
	my $res = $c->get('/login');
	is($res->{status}, 200, 'GET /login is 200');
	tidy_ok($res->{content}, 'GET /login');
	security_headers_ok($res, 'GET /login');
	for my $f (qw(login password)) {
		is(attr(input_tag($res->{content}, $f), 'name'), $f, "login form: input $f");
		like($res->{content}, qr/<label for="\Q$f\E">[^<]+<\/label>/,
		    "login form: input $f has a label");
	}
	ok(length(hidden_value($res->{content}, 'csrf') // '') >= 32,
	    'login form: a csrf field with a token');
	ok(!defined hidden_value($res->{content}, 'next'), 'login form: no next field unasked');
});

# --- By email and by username, in any case ---------------------------------------

behaviour('a user logs in by email or by username, in any letter case, and each login is audited', sub {
	my $u = login_user();
	for my $login ($u->{email}, lc $u->{email}, uc $u->{email}, $u->{username},
	    lc $u->{username}, uc $u->{username}, "  $u->{username} ") {
		my ($r, $cl) = login_as($login, $u->{password});
		is($r->{status}, 303, "login as '$login': 303");
		is($r->{headers}{location}, '/dashboard', "login as '$login': to /dashboard");
		my $d = $cl->get('/dashboard');
		is($d->{status}, 200, "login as '$login': the dashboard opens");
		like($d->{content}, qr/Hello, \Q$u->{username}\E</,
		    "login as '$login': greets $u->{username}");
	}
	ok(psql("SELECT count(*) FROM exbuddy.audit_log WHERE event = 'login' AND " .
	    "user_id = " . sql_quote($u->{id}) . " AND host(ip) = '127.0.0.1'") >= 7,
	    "every login is in audit_log with the IP");
});

behaviour('the login form sets the pre-session cookie and logging in drops it', sub {
	my $u = login_user();
	my $cl = client();
	$cl->csrf_from('/login');
	ok(defined $cl->cookie('eb_pre'), 'the login form sets eb_pre');
	$cl->post_form('/login', { login => $u->{username}, password => $u->{password} });
	ok(!defined $cl->cookie('eb_pre'), 'logging in drops eb_pre');
});

behaviour('GET /login when signed in leads to the dashboard, or to a local next', sub {
	my $u = login_user();
	my $cl = client();
	is($cl->login($u->{username}, $u->{password})->{status}, 303, 'setup: logged in');
	my $res = $cl->get('/login');
	is($res->{status}, 303, 'GET /login when signed in: 303');
	is($res->{headers}{location}, '/dashboard', '... to the dashboard');
	$res = $cl->get('/login?next=%2Fdashboard%3Fy%3D2');
	is($res->{headers}{location}, '/dashboard?y=2', 'GET /login?next=... when signed in: straight there');
	$res = $cl->get('/login?next=%2F%2Fevil.example');
	is($res->{headers}{location}, '/dashboard', 'GET /login?next=//evil.example when signed in: /dashboard');
});

# --- Unknown user and wrong password: the same answer ------------------------

behaviour('an unknown user and a wrong password get the same answer, after a password check each', sub {
	my $u = login_user();
	my ($unk, undef, $t_unk) = login_as(unique_name('nobody'), 'Some-long-password-42');
	my ($bad, undef, $t_bad) = login_as($u->{username}, $u->{password} . 'x');
	is($unk->{status}, 422, 'an unknown user: 422');
	is($bad->{status}, 422, 'a wrong password: 422');
	my $msg = alert_text($unk->{content});
	like($msg // '', qr/do not match/, 'an unknown user: "do not match"');
	is(alert_text($bad->{content}), $msg, 'a wrong password: the same message');
	# The pages differ only in the values of the fields (login, csrf).
	my ($p1, $p2) = map { $_->{content} =~ s/ value="[^"]*"//gr } $unk, $bad;
	is($p1, $p2, 'the two pages are the same but for field values');
	ok($t_unk > 0.020, sprintf('an unknown user takes a password check too (%.0f ms)',
	    1000 * $t_unk));
	ok($t_bad > 0.020, sprintf('a wrong password takes a password check (%.0f ms)',
	    1000 * $t_bad));
});

behaviour('a wrong password keeps the login but never the password, and is one login_failed row', sub {
	my $u = login_user();
	my $before_failed = psql("SELECT count(*) FROM exbuddy.audit_log WHERE " .
	    "event = 'login_failed' AND user_id = " . sql_quote($u->{id}));
	my ($bad) = login_as($u->{username}, $u->{password} . 'x');
	is(attr(input_tag($bad->{content}, 'login'), 'value'), $u->{username},
	    'a wrong password: the login is kept');
	ok(!defined attr(input_tag($bad->{content}, 'password'), 'value') &&
	    index($bad->{content}, $u->{password}) < 0, 'a wrong password: the password is not');
	tidy_ok($bad->{content}, 'wrong password page');
	is(psql("SELECT count(*) FROM exbuddy.audit_log WHERE event = 'login_failed' " .
	    "AND user_id = " . sql_quote($u->{id})), $before_failed + 1,
	    'the wrong password is one login_failed row of the user');
});

# --- Empty fields -----------------------------------------------------------------

for my $case (['empty login', sub { '' }, 'pw-for-nobody', ['login']],
    ['empty password', sub { shared_user()->{username} }, '', ['password']],
    ['both empty', sub { '' }, '', ['login', 'password']],
    ['blank login', sub { " \t " }, 'pw-for-nobody', ['login']]) {
	my ($name, $login_of, $pw, $bad_fields) = @$case;
	behaviour("$name: 422, with a message by each empty field", sub {
		my ($r) = login_as($login_of->(), $pw);
		is($r->{status}, 422, "$name: 422");
		for my $f (qw(login password)) {
			my $want = grep { $_ eq $f } @$bad_fields;
			is(attr(input_tag($r->{content}, $f), 'aria-invalid'),
			    $want ? 'true' : undef, "$name: $f " . ($want ? 'is' : 'is not') .
			    ' marked invalid');
			like(field_error($r->{content}, $f) // '', qr/^Enter your/,
			    "$name: a message by $f") if $want;
		}
	});
}

# --- Where next may send you -------------------------------------------------------

behaviour('after login, a local next is honoured', sub {
	my $u = login_user();
	my ($res) = login_as($u->{username}, $u->{password}, next => '/dashboard?x=1');
	is($res->{status}, 303, 'next=/dashboard?x=1: 303');
	is($res->{headers}{location}, '/dashboard?x=1', 'next=/dashboard?x=1 is honoured');
});

behaviour('after login, a next off-site or back to /login goes to the dashboard instead', sub {
	my $u = login_user();
	for my $evil ('//evil.example', 'https://evil.example', '/\\evil.example',
	    'javascript:alert(1)', "/\t/evil.example", "/\n/evil.example",
	    '\\\\evil.example', 'http:evil.example', ' //evil.example', '/login',
	    '/login?next=//evil.example') {
		my $shown = $evil =~ s/\t/\\t/r =~ s/\n/\\n/r;
		my ($res) = login_as($u->{username}, $u->{password}, next => $evil);
		is($res->{status}, 303, "next='$shown': 303");
		is($res->{headers}{location}, '/dashboard', "next='$shown' goes to /dashboard instead");
	}
});

behaviour('GET /login?next= keeps a local next, HTML-escaped, in a hidden field, and drops an off-site one', sub {
	my $res = client()->get('/login?next=%2Fdashboard%3Fx%3D1%26y%3D%3Cb%3E');
	is(hidden_value($res->{content}, 'next'), '/dashboard?x=1&y=<b>',
	    'GET /login?next=... keeps next in a hidden field');
	like($res->{content}, qr/name="next" value="\/dashboard\?x=1&amp;y=&lt;b&gt;"/,
	    '... HTML-escaped');
	tidy_ok($res->{content}, 'GET /login?next=...');
	$res = client()->get('/login?next=%2F%2Fevil.example');
	ok(!defined hidden_value($res->{content}, 'next') &&
	    index($res->{content}, 'evil.example') < 0,
	    'GET /login?next=//evil.example does not keep it');
});

# A protected page without a session: to the login page and back.
behaviour('a protected page signed out leads to the login page, and back to it after login', sub {
	my $u = login_user();
	my $path = '/dashboard?tab=a%20b&x=1';
	my $v = client();
	my $res = $v->get($path);
	is($res->{status}, 303, "GET $path signed out: 303");
	my $loc = $res->{headers}{location} // '';
	like($loc, qr{^/login\?next=[A-Za-z0-9%._~-]+$}, '... to /login?next=<urlencoded>');
	my ($enc) = $loc =~ /next=(.*)$/;
	(my $dec = $enc // '') =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
	is($dec, $path, 'next is the path and the query');
	$res = $v->get($loc);
	is($res->{status}, 200, 'the login page of that redirect opens');
	is(hidden_value($res->{content}, 'next'), $path, '... with next in a hidden field');
	$res = $v->post_form('/login', { login => $u->{email}, password => $u->{password},
	    next => hidden_value($res->{content}, 'next') });
	is($res->{status}, 303, 'logging in from there: 303');
	is($res->{headers}{location}, $path, '... back to the page asked for');
	$res = $v->get($path);
	is($res->{status}, 200, 'and that page now opens');
});

# --- A disabled account ---------------------------------------------------------------

sub disable {
	my ($u) = @_;
	psql("UPDATE exbuddy.users SET is_active = false WHERE id = " . sql_quote($u->{id}));
}

behaviour("disabling an account ends its session", sub {
	my $dis = new_user();
	is($dis->get('/dashboard')->{status}, 200, 'a user about to be disabled is signed in');
	disable($dis);
	my $res = $dis->get('/dashboard');
	is($res->{status}, 303, "a disabled user's session ends");
	like($res->{headers}{location} // '', qr{^/login}, '... to the login page');
});

# The same answer whether the password was right or not: a different one
# would tell whoever guessed that the password is right (and may work
# elsewhere). The audit log keeps which it was.
behaviour('a disabled account cannot log in: the usual 422 for the right password as for a wrong one', sub {
	my $dis = new_user();
	disable($dis);
	my $dis_sessions = psql("SELECT count(*) FROM exbuddy.sessions WHERE user_id = " .
	    sql_quote($dis->{id}));
	my ($res) = login_as($dis->{username}, $dis->{password});
	is($res->{status}, 422, 'a disabled user with the right password: 422');
	my $right = alert_text($res->{content}) // '';
	like($right, qr/do not match/, '... "do not match", as for any refused login');
	ok(!(grep { $_->{name} eq 'eb_session' && $_->{value} ne '' } set_cookies($res)),
	    '... and no session');
	tidy_ok($res->{content}, 'disabled account page');
	security_headers_ok($res, 'disabled account page');
	($res) = login_as($dis->{username}, $dis->{password} . 'x');
	is($res->{status}, 422, 'a disabled user with a wrong password: 422, as anyone');
	is(alert_text($res->{content}) // '', $right, '... with the same message as for the right one');
	is(psql("SELECT count(*) FROM exbuddy.audit_log WHERE event = 'login_failed' " .
	    "AND detail = 'disabled' AND user_id = " . sql_quote($dis->{id})), 1,
	    "audit_log: login_failed 'disabled'");
	is(psql("SELECT count(*) FROM exbuddy.sessions WHERE user_id = " .
	    sql_quote($dis->{id})), $dis_sessions, 'the disabled user got no new session');
});

# --- Rehash on login --------------------------------------------------------------------

behaviour('a weaker stored hash is replaced on login, and a current one is not', sub { SKIP: {
	my $dir = tempdir('eb-hash-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	open(my $src, '>', "$dir/weak.c") or die "$dir/weak.c: $!";
	print $src <<'C';
#include <sodium.h>
#include <stdio.h>
#include <string.h>
/* An Argon2id hash of argv[1] with t=1, 8 MiB: weaker than the server's. */
int
main(int argc, char **argv)
{
	char out[crypto_pwhash_STRBYTES];

	if (argc != 2 || sodium_init() < 0 ||
	    crypto_pwhash_str_alg(out, argv[1], strlen(argv[1]), 1,
	    8192 * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return 1;
	puts(out);
	return 0;
}
C
	close $src;
	my $cc = EB::run_cmd(60, 'cc', '-o', "$dir/weak", "$dir/weak.c", '-lsodium');
	skip "cannot build a libsodium program: $cc->{err}", 6
	    unless defined $cc->{exit} && $cc->{exit} == 0;
	my $r = new_user();
	my $weak = EB::run_cmd(30, "$dir/weak", $r->{password})->{out};
	chomp $weak;
	like($weak, qr/^\$argon2id\$v=19\$m=8192,t=1,p=1\$/, 'a weaker hash is made');
	psql("UPDATE exbuddy.users SET password_hash = " . sql_quote($weak) .
	    " WHERE id = " . sql_quote($r->{id}));
	my ($res) = login_as($r->{username}, $r->{password});
	is($res->{status}, 303, 'the weaker hash still logs in');
	my $now = psql("SELECT password_hash FROM exbuddy.users WHERE id = " .
	    sql_quote($r->{id}));
	like($now, qr/^\$argon2id\$v=19\$m=65536,t=2,p=1\$/,
	    'after login the stored hash has m=65536,t=2');
	isnt($now, $weak, 'the stored hash was replaced');
	($res) = login_as($r->{username}, $r->{password});
	is($res->{status}, 303, 'the new hash logs in');
	is(psql("SELECT password_hash FROM exbuddy.users WHERE id = " .
	    sql_quote($r->{id})), $now, 'a current hash is not rehashed again');
} });

done_testing();
