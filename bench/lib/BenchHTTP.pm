# BenchHTTP.pm — a client of a bench stack (bench/run, bench/ab): requests
# with a cookie jar, forms with their CSRF token, and the bench users'
# login.
package BenchHTTP;
use strict;
use warnings;
use Exporter qw(import);
use HTTP::Tiny;
use Time::HiRes qw(sleep);

our @EXPORT_OK = qw(PASSWORD cookie_header request csrf_of post_form login);

# Every bench user's password (bench/generate.sql's users take the hash of
# it that bench/run had the app make).
use constant PASSWORD => 'Lantern-bench7Qz9kW-violet-Quarry42';

my $http = HTTP::Tiny->new(max_redirect => 0, keep_alive => 0, timeout => 30,
    agent => 'exbuddy-bench');

sub html_unescape {
	my ($s) = @_;
	$s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&quot;/"/g;
	$s =~ s/&#0*39;/'/g; $s =~ s/&amp;/&/g;
	return $s;
}

sub form_encode {
	my ($f) = @_;
	return join '&', map {
		my ($k, $v) = ($_, $f->{$_});
		s/([^A-Za-z0-9\-._~])/sprintf('%%%02X', ord $1)/ge for $k, $v;
		"$k=$v";
	} sort keys %$f;
}

sub cookie_header { my ($jar) = @_; join '; ', map { "$_=$jar->{$_}" } sort keys %$jar }

# request(URL, JAR, METHOD, PATH, FORM): the response of the stack at URL;
# the jar takes its cookies.
sub request {
	my ($url, $jar, $method, $path, $form) = @_;
	my %h;
	$h{Cookie} = cookie_header($jar) if %$jar;
	my %o = (headers => \%h);
	if ($form) {
		$h{'Content-Type'} = 'application/x-www-form-urlencoded';
		$o{content} = form_encode($form);
	}
	my $res = $http->request($method, "$url$path", \%o);
	my $sc = $res->{headers}{'set-cookie'};
	for my $c (!defined $sc ? () : ref $sc ? @$sc : ($sc)) {
		my ($name, $value) = $c =~ /^([^=;\s]+)=([^;]*)/ or next;
		if ($value eq '' || $c =~ /max-age=-?0\b|max-age=-/i) {
			delete $jar->{$name};
		} else {
			$jar->{$name} = $value;
		}
	}
	return $res;
}

sub csrf_of {
	my ($html) = @_;
	return ($html // '') =~ /<input type="hidden" name="csrf" value="([^"]*)"/ ?
	    html_unescape($1) : undef;
}

# post_form(URL, JAR, PATH, FORM): a form answered 429 or 503 (nginx's
# rate, the password slots) is sent again after a second, as a person
# would.
sub post_form {
	my ($url, $jar, $path, $form) = @_;
	my $res;
	for (1 .. 20) {
		$res = request($url, $jar, 'POST', $path, $form);
		last unless $res->{status} == 429 || $res->{status} == 503;
		sleep 1;
	}
	return $res;
}

# login(URL, NAME): a session of bench user NAME through GET and POST
# /login, then the dashboard: {name, jar (its cookies), cookie (the jar
# as a Cookie header), csrf (the session's), dashboard (its body)}. Dies
# if the stack refuses it.
sub login {
	my ($url, $name) = @_;
	my %jar;
	my $res = request($url, \%jar, 'GET', '/login');
	my $csrf = csrf_of($res->{content}) // die "bench: no CSRF token on $url/login\n";
	$res = post_form($url, \%jar, '/login', { login => $name, password => PASSWORD,
	    csrf => $csrf });
	die "bench: login of $name at $url answered $res->{status}\n" unless $res->{status} == 303;
	$res = request($url, \%jar, 'GET', '/dashboard');
	die "bench: /dashboard of $name at $url answered $res->{status}\n"
	    unless $res->{status} == 200;
	return { name => $name, jar => \%jar, cookie => cookie_header(\%jar),
	    csrf => csrf_of($res->{content}) // die("bench: no CSRF token on /dashboard\n"),
	    dashboard => $res->{content} };
}

1;
