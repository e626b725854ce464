# 26_https.t — over TLS: HSTS (on nginx's own answers too), the __Host-
# cookie prefix with Secure, and a plain-HTTP cookie name that is not
# accepted there (curl: HTTP::Tiny needs a TLS module the machine may
# lack). Each behaviour has its own cookie jar, and signs up a user of its
# own when it needs one.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;
use EB qw(behaviour);
use EBAccount qw(track_user user_id);

my $tls = $ENV{EXBUDDY_TEST_TLS_URL}
    or plan skip_all => 'EXBUDDY_TEST_TLS_URL is not set (run through tests/run)';
my $dir = tempdir(CLEANUP => 1);
my $jars = 0;

# A new, empty cookie jar (a file name).
sub new_jar { return "$dir/jar" . ++$jars }

# curl(ARGS...): (status, headers text, body) of one request, cookies in
# $ENV{JAR} (each behaviour sets its own).
sub curl {
	my @args = @_;
	my $out = "$dir/body";
	my $j = $ENV{JAR} // die 'curl: no $ENV{JAR}';
	my $code = qx{curl -sk -o '$out' -D '$dir/head' -b '$j' -c '$j' -w '%{http_code}' @args};
	local $/;
	open my $h, '<', "$dir/head" or die;
	my $head = <$h>;
	open my $b, '<', $out or die;
	my $body = <$b>;
	return ($code, $head, $body);
}

sub csrf { ($_[0] =~ /name="csrf" value="([^"]+)"/)[0] // '' }

# A sign-up over TLS of a new user (deleted when the test ends): (status,
# headers of the POST, username, the Set-Cookie of the session).
sub sign_up {
	my $name = 'tls' . $$ . int(rand(1e6));
	my $pw = 'quiet harbour lantern 42';
	my (undef, undef, $body) = curl("$tls/signup");
	my $token = csrf($body);
	my ($code, $head) = curl('--data-urlencode', "csrf=$token",
	    '--data-urlencode', "email=$name\@example.org",
	    '--data-urlencode', "username=$name", '--data-urlencode', "'password=$pw'",
	    '--data-urlencode', "'confirm=$pw'", "$tls/signup");
	track_user(user_id($name)) if $code == 303;
	my ($cookie) = $head =~ /^Set-Cookie: (__Host-eb_session=[^\r\n]+)/mi;
	return ($code, $head, $name, $cookie);
}

behaviour('over TLS: HSTS, and the pre-session cookie is __Host- and Secure', sub {
	local $ENV{JAR} = new_jar();
	my ($code, $head, $body) = curl("$tls/login");
	is($code, 200, 'GET /login over TLS');
	like($head, qr/^Strict-Transport-Security: max-age=\d+/mi, 'HSTS over TLS');
	like($head, qr/^Set-Cookie: __Host-eb_pre=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure/mi,
	    'pre-session cookie: __Host- prefix, Secure, HttpOnly, SameSite=Lax');
	unlike($head, qr/^Set-Cookie: eb_pre=/mi, 'no plain-HTTP cookie name over TLS');
});

# nginx's own answers over TLS: a static file, its 404 and 405 pages.
behaviour("over TLS nginx's own answers carry HSTS too: a static file, a missing one, TRACE", sub {
	local $ENV{JAR} = new_jar();
	for (['', '/static/style.css', 200], ['', '/static/nonexistent.css', 404],
	    ['-X TRACE', '/', 405]) {
		my ($opt, $path, $want) = @$_;
		my ($code, $head) = curl($opt, "$tls$path");
		is($code, $want, "$opt $path over TLS: $want");
		like($head, qr/^Strict-Transport-Security: max-age=\d+/mi, "... with HSTS");
	}
	my $plain = EB::req(GET => '/static/style.css');
	ok(!exists $plain->{headers}{'strict-transport-security'}, 'over plain HTTP a static file has no HSTS');
});

behaviour('a sign-up over TLS sets a __Host- session cookie: Secure, HttpOnly, SameSite=Lax, no Domain', sub {
	local $ENV{JAR} = new_jar();
	my ($code, undef, undef, $cookie) = sign_up();
	is($code, 303, 'sign up over TLS');
	ok($cookie, 'session cookie with the __Host- prefix');
	like($cookie // '', qr/; Path=\/;.*HttpOnly; SameSite=Lax; Secure$/,
	    'session cookie: Path=/, HttpOnly, SameSite=Lax, Secure');
	unlike($cookie // '', qr/Domain=/i, 'no Domain attribute (required by __Host-)');
});

behaviour('the TLS session opens the dashboard', sub {
	local $ENV{JAR} = new_jar();
	my ($code, undef, $name, $cookie) = sign_up();
	is($code, 303, 'setup: signed up over TLS');
	ok($cookie, 'setup: a __Host- session cookie');
	my $body;
	($code, undef, $body) = curl("$tls/dashboard");
	is($code, 200, 'the TLS session opens the dashboard');
	like($body, qr/Hello, \Q$name\E/, 'and greets the user');
});

# The same token under the plain-HTTP name is not a session over TLS.
behaviour('over TLS a session token under the plain-HTTP cookie name is ignored', sub {
	local $ENV{JAR} = new_jar();
	my ($code, $head, undef, $cookie) = sign_up();
	is($code, 303, 'setup: signed up over TLS');
	ok($cookie, 'setup: a __Host- session cookie');
	my ($value) = ($cookie // '') =~ /^__Host-eb_session=([^;]+)/;
	{
		local $ENV{JAR} = new_jar();
		($code, $head) = curl('-H', "'Cookie: eb_session=$value'",
		    "$tls/dashboard");
	}
	is($code, 303, 'a cookie without the __Host- prefix is ignored over TLS');
	like($head, qr{^Location: /login\?next=%2Fdashboard}mi, 'and leads to /login');
});

done_testing();
