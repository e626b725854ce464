# 26_https.t — over TLS: HSTS, the __Host- cookie prefix with Secure, and a
# plain-HTTP cookie name that is not accepted there (curl: HTTP::Tiny needs
# a TLS module the machine may lack).
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

my $tls = $ENV{EXBUDDY_TEST_TLS_URL}
    or plan skip_all => 'EXBUDDY_TEST_TLS_URL is not set (run through tests/run)';
my $dir = tempdir(CLEANUP => 1);
my $jar = "$dir/jar";

# curl(ARGS...): (status, headers text, body) of one request, cookies in $jar
# (in $ENV{JAR} when set).
sub curl {
	my @args = @_;
	my $out = "$dir/body";
	my $j = $ENV{JAR} // $jar;
	my $code = qx{curl -sk -o '$out' -D '$dir/head' -b '$j' -c '$j' -w '%{http_code}' @args};
	local $/;
	open my $h, '<', "$dir/head" or die;
	my $head = <$h>;
	open my $b, '<', $out or die;
	my $body = <$b>;
	return ($code, $head, $body);
}

sub csrf { ($_[0] =~ /name="csrf" value="([^"]+)"/)[0] // '' }

my ($code, $head, $body) = curl("$tls/login");
is($code, 200, 'GET /login over TLS');
like($head, qr/^Strict-Transport-Security: max-age=\d+/mi, 'HSTS over TLS');
like($head, qr/^Set-Cookie: __Host-eb_pre=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure/mi,
    'pre-session cookie: __Host- prefix, Secure, HttpOnly, SameSite=Lax');
unlike($head, qr/^Set-Cookie: eb_pre=/mi, 'no plain-HTTP cookie name over TLS');

my $name = 'tls' . $$ . int(rand(1e6));
my $pw = 'quiet harbour lantern 42';
($code, $head, $body) = curl("$tls/signup");
my $token = csrf($body);
($code, $head) = curl('--data-urlencode', "csrf=$token",
    '--data-urlencode', "email=$name\@example.org",
    '--data-urlencode', "username=$name", '--data-urlencode', "'password=$pw'",
    '--data-urlencode', "'confirm=$pw'", "$tls/signup");
is($code, 303, 'sign up over TLS');
my ($cookie) = $head =~ /^Set-Cookie: (__Host-eb_session=[^\r\n]+)/mi;
ok($cookie, 'session cookie with the __Host- prefix');
like($cookie // '', qr/; Path=\/;.*HttpOnly; SameSite=Lax; Secure$/,
    'session cookie: Path=/, HttpOnly, SameSite=Lax, Secure');
unlike($cookie // '', qr/Domain=/i, 'no Domain attribute (required by __Host-)');

($code, undef, $body) = curl("$tls/dashboard");
is($code, 200, 'the TLS session opens the dashboard');
like($body, qr/Hello, \Q$name\E/, 'and greets the user');

# The same token under the plain-HTTP name is not a session over TLS.
my ($value) = ($cookie // '') =~ /^__Host-eb_session=([^;]+)/;
{
	local $ENV{JAR} = "$dir/empty";
	($code, $head) = curl('-H', "'Cookie: eb_session=$value'",
	    "$tls/dashboard");
}
is($code, 303, 'a cookie without the __Host- prefix is ignored over TLS');
like($head, qr{^Location: /login\?next=%2Fdashboard}mi, 'and leads to /login');

done_testing();
