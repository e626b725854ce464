# EB.pm — helpers for the end-to-end tests (tests/e2e/*.t): HTTP requests,
# header and HTML checks, the server's processes, and a tiny FastCGI client.
package EB;
use strict;
use warnings;
use Exporter qw(import);
use File::Temp qw(tempfile);
use HTTP::Tiny;
use POSIX qw(WNOHANG _exit);
use IO::Socket::INET;
use IO::Socket::UNIX;
use Socket qw(SOCK_STREAM SOL_SOCKET SO_RCVTIMEO);
use Test::More;
use Time::HiRes qw(sleep time);

our @EXPORT = qw(base_url req raw_http security_headers_ok tidy_ok master_pid
    worker_pids proc_stat configured_workers wait_until run_cmd run_cmd_in fcgi_get slurp
    exbuddy_cmd behaviour scratch_db);

sub env_or_skip {
	my $v = $ENV{$_[0]};
	plan skip_all => "$_[0] is not set (run through tests/run)"
	    unless defined $v && $v ne '';
	return $v;
}

sub base_url { env_or_skip('EXBUDDY_TEST_URL') }

# behaviour(NAME, CODE): one behaviour of a test file, as a subtest of its
# own: it sets up what it needs (a fixture made at the top of the file is
# read, never changed), so a failure does not cascade and it can run
# alone. EXBUDDY_ONLY, a Perl pattern, runs only the behaviours whose
# names match it (the others are not run, and not counted):
#   EXBUDDY_TESTS=40_log EXBUDDY_ONLY='duplicate' tests/run
#
# A behaviour left out is a skipped test ("ok N # skip"), so a file none of
# whose behaviours match still passes; tests/run counts skips apart.
sub behaviour {
	my ($name, $code) = @_;
	my $only = $ENV{EXBUDDY_ONLY};
	if (defined $only && $only ne '' && $name !~ /$only/) {
		Test::More->builder->skip("not picked by EXBUDDY_ONLY: $name");
		return 1;
	}
	return subtest($name, $code);
}

my $http = HTTP::Tiny->new(max_redirect => 0, keep_alive => 0, timeout => 10,
    agent => 'exbuddy-e2e');

# req(METHOD, PATH, {headers => {...}, content => ...}): an HTTP::Tiny
# response hash; redirects are not followed.
sub req {
	my ($method, $path, $opt) = @_;
	return $http->request($method, base_url() . $path, $opt || {});
}

# A read on $sock gives up after 10 s: a stuck server fails a test, not the run.
sub no_hang {
	setsockopt($_[0], SOL_SOCKET, SO_RCVTIMEO, pack('l!l!', 10, 0))
	    or die "SO_RCVTIMEO: $!";
}

# raw_http(TEXT): sends TEXT as it is (for what HTTP::Tiny will not send or
# hides, like a lowercase method or a body after HEAD) and reads to the end.
# Returns {status, headers => {lc name => value or [values]}, content}.
sub raw_http {
	my ($text) = @_;
	my ($host, $port) = base_url() =~ m{^http://([^:/]+):(\d+)} or die 'bad URL';
	my $s = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port,
	    Proto => 'tcp', Timeout => 10) or die "connect $host:$port: $!";
	no_hang($s);
	print $s $text;
	my $all = do { local $/; <$s> } // '';
	close $s;
	my ($head, $body) = split /\r\n\r\n/, $all, 2;
	my ($status) = ($head // '') =~ m{^HTTP/\d\.\d (\d{3})};
	my %h;
	for (split /\r\n/, $head // '') {
		my ($k, $v) = /^([^:\s]+):\s*(.*)$/ or next;
		$k = lc $k;
		$h{$k} = exists $h{$k} ? [ref $h{$k} ? @{$h{$k}} : $h{$k}, $v] : $v;
	}
	return { status => $status // 0, headers => \%h, content => $body // '' };
}

# The headers every response promises (cgi/http.c, nginx/security-headers.conf).
sub security_headers_ok {
	my ($res, $name) = @_;
	my $h = $res->{headers};
	my $csp = $h->{'content-security-policy'} // '';
	my @bad;
	push @bad, "CSP without default-src 'none'"
	    unless $csp =~ /(?:^|;)\s*default-src 'none'\s*(?:;|$)/;
	push @bad, "CSP without frame-ancestors 'none'"
	    unless $csp =~ /(?:^|;)\s*frame-ancestors 'none'\s*(?:;|$)/;
	push @bad, "CSP has a script source" if $csp =~ /script-src/;
	push @bad, 'X-Content-Type-Options is not nosniff'
	    unless ($h->{'x-content-type-options'} // '') eq 'nosniff';
	push @bad, 'no Referrer-Policy, or one that leaks URLs'
	    unless ($h->{'referrer-policy'} // 'unsafe-url') !~
	    /unsafe-url|no-referrer-when-downgrade|^\s*$/;
	push @bad, 'X-Frame-Options is not DENY'
	    unless ($h->{'x-frame-options'} // '') eq 'DENY';
	push @bad, 'no X-Request-Id'
	    unless ($h->{'x-request-id'} // '') =~ /^[0-9a-f]{32}$/;
	for (qw(content-security-policy x-content-type-options
	    referrer-policy x-frame-options x-request-id)) {
		push @bad, "$_ sent more than once" if ref $h->{$_};
	}
	my $ok = ok(!@bad, "$name: security headers");
	diag("$name (status $res->{status}): $_") for @bad;
	return $ok;
}

# Runs tidy over html: errors (exit 2) fail, warnings are only shown.
sub tidy_ok {
	my ($html, $name) = @_;
	my ($fh, $file) = tempfile('eb-tidy-XXXXXX', TMPDIR => 1, UNLINK => 1);
	binmode $fh;
	print $fh $html;
	close $fh;
	my $out = `tidy -q -e -utf8 '$file' 2>&1`;
	my $rc = $? == -1 ? -1 : $? >> 8;
	my $ok = ok($rc == 0 || $rc == 1, "$name: tidy finds no errors");
	diag("tidy on $name (exit $rc):\n$out") if $rc != 0;
	unlink $file;
	return $ok;
}

sub slurp {
	my ($file) = @_;
	open(my $fh, '<', $file) or return undef;
	local $/;
	return scalar <$fh>;
}

# The stack's master pid, from $VAR/run/exbuddy.pid.
sub master_pid {
	my $var = env_or_skip('EXBUDDY_TEST_VAR');
	my $pid = slurp("$var/run/exbuddy.pid") // '';
	chomp $pid;
	return $pid =~ /^\d+$/ ? $pid : undef;
}

# The fields of /proc/PID/stat from the third on (state, ppid, ...), as a
# list (field N is [N - 3]), or () when the process is gone.
sub proc_stat {
	my $s = slurp("/proc/$_[0]/stat") // return ();
	# "pid (comm) state ppid ...": comm may hold spaces and parens.
	my ($rest) = $s =~ /^\d+ \(.*\) (.*)$/s or return ();
	return split ' ', $rest;
}

# Sorted pids of the children of $master (default: the stack's master),
# read from /proc/*/stat (procps may be missing).
sub worker_pids {
	my $master = shift // master_pid() // return ();
	my @kids;
	for my $stat (glob '/proc/[0-9]*/stat') {
		my ($pid) = $stat =~ m{^/proc/(\d+)/} or next;
		my (undef, $ppid) = proc_stat($pid) or next;
		push @kids, $pid if $ppid == $master;
	}
	my @sorted = sort { $a <=> $b } @kids;
	return @sorted;		# a count in scalar context
}

# The workers the master was started with: --workers, else
# EXBUDDY_WORKERS in its environment, else 4 (cgi/main.c).
sub configured_workers {
	my $master = shift // master_pid();
	my @argv = split /\0/, slurp("/proc/$master/cmdline") // '';
	for my $i (0 .. $#argv - 1) {
		return $argv[$i + 1] if $argv[$i] eq '--workers';
	}
	my ($env) = grep { s/^EXBUDDY_WORKERS=// } split /\0/,
	    slurp("/proc/$master/environ") // '';
	return $env || 4;
}

# The command that runs exbuddy: EXBUDDY_WRAPPER's words (@VAR@ made the
# stack's directory) and EXBUDDY_BINARY, else cgi/exbuddy, as deploy/stack
# does (make check-asan, check-valgrind).
sub exbuddy_cmd {
	my $top = env_or_skip('EXBUDDY_TEST_TOP');
	my $var = $ENV{EXBUDDY_TEST_VAR} // '';
	my @wrap = map { s/\@VAR\@/$var/gr } split ' ', $ENV{EXBUDDY_WRAPPER} // '';
	return (@wrap, $ENV{EXBUDDY_BINARY} || "$top/cgi/exbuddy");
}

# scratch_db(PREFIX, CODE): runs CODE with the name of a new, empty
# database of the stack's PostgreSQL ("PREFIX_PID_N"), dropped after it,
# or at the end of the test if CODE dies.
my (%scratch, $scratch_n);

sub scratch_psql {
	my ($sql) = @_;
	return run_cmd(60, 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h',
	    env_or_skip('EXBUDDY_TEST_PGHOST'), '-U', 'postgres', '-d',
	    'postgres', '-c', $sql);
}

sub scratch_drop {
	my ($name) = @_;
	scratch_psql(qq{DROP DATABASE IF EXISTS "$name" WITH (FORCE)});
	delete $scratch{$name};
}

END {
	local $?;	# keep the test's exit status
	scratch_drop($_) for keys %scratch;
}

sub scratch_db {
	my ($prefix, $code) = @_;
	my $name = "${prefix}_$$" . '_' . ++$scratch_n;
	$scratch{$name} = 1;
	my $r = scratch_psql(qq{CREATE DATABASE "$name"});
	die "cannot create the database $name: $r->{err}" if ($r->{exit} // -1) != 0;
	$code->($name);
	scratch_drop($name);
}

# Polls $cond every 0.1 s for up to $seconds; its last value.
sub wait_until {
	my ($cond, $seconds) = @_;
	my $end = time + $seconds;
	my $v;
	until ($v = $cond->()) {
		last if time > $end;
		sleep 0.1;
	}
	return $v;
}

# run_cmd(SECONDS, CMD...): runs CMD with no input and returns
# {exit, out, err}; exit is undef when it had to be killed after SECONDS.
sub run_cmd { return run_cmd_in($_[0], undef, @_[1 .. $#_]) }

# run_cmd_in(SECONDS, INPUT, CMD...): run_cmd with INPUT on its standard
# input (a file, not a terminal).
sub run_cmd_in {
	my ($seconds, $input, @cmd) = @_;
	my ($ofh, $ofile) = tempfile('eb-out-XXXXXX', TMPDIR => 1, UNLINK => 1);
	my ($efh, $efile) = tempfile('eb-err-XXXXXX', TMPDIR => 1, UNLINK => 1);
	my ($ifh, $ifile) = tempfile('eb-in-XXXXXX', TMPDIR => 1, UNLINK => 1);
	print $ifh $input // '';
	close $ifh;
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		open(STDIN, '<', $ifile);
		open(STDOUT, '>&', $ofh);
		open(STDERR, '>&', $efh);
		exec(@cmd) or _exit(127);
	}
	my $status;
	my $done = wait_until(sub {
		return 0 unless waitpid($pid, WNOHANG) == $pid;
		$status = $?;
		return 1;
	}, $seconds);
	unless ($done) {
		kill 'KILL', $pid;
		waitpid($pid, 0);
	}
	my %r = (exit => !$done ? undef : ($status & 127) ? -1 : $status >> 8,
	    out => slurp($ofile) // '', err => slurp($efile) // '');
	unlink $ofile, $efile, $ifile;
	return \%r;
}

# --- A FastCGI client: one responder request per connection. -------------

sub fcgi_record {
	my ($type, $content) = @_;
	my $pad = (8 - length($content) % 8) % 8;
	return pack('CCnnCx', 1, $type, 1, length $content, $pad) .
	    $content . ("\0" x $pad);
}

sub fcgi_len {
	my $n = shift;
	return $n < 128 ? pack('C', $n) : pack('N', $n | 0x80000000);
}

sub fcgi_read {
	my ($sock, $n) = @_;
	my $buf = '';
	while (length $buf < $n) {
		my $got = sysread($sock, $buf, $n - length $buf, length $buf);
		return undef unless $got;
	}
	return $buf;
}

# fcgi_get(SOCKET, PATH [, METHOD]): GETs PATH from an exbuddy socket.
# Returns {status, headers => {lc name => value}, body}, or undef with
# the reason in $@.
sub fcgi_get {
	my ($path, $uri, $method) = @_;
	$method //= 'GET';
	my $sock = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $path)
	    or do { $@ = "connect $path: $!"; return undef };
	no_hang($sock);
	my %p = (REQUEST_METHOD => $method, REQUEST_URI => $uri,
	    SCRIPT_NAME => $uri =~ s/\?.*//r, QUERY_STRING => $uri =~ /\?(.*)/ ? $1 : '',
	    SERVER_PROTOCOL => 'HTTP/1.1', GATEWAY_INTERFACE => 'CGI/1.1',
	    REMOTE_ADDR => '127.0.0.1', SERVER_NAME => 'localhost');
	my $params = join '', map { fcgi_len(length $_) .
	    fcgi_len(length $p{$_}) . $_ . $p{$_} } sort keys %p;
	my $out = fcgi_record(1, pack('nCx5', 1, 0)) .	# BEGIN_REQUEST: responder
	    fcgi_record(4, $params) . fcgi_record(4, '') .	# PARAMS
	    fcgi_record(5, '');					# empty STDIN
	syswrite($sock, $out) == length $out
	    or do { $@ = "write: $!"; return undef };
	my ($stdout, $ended) = ('', 0);
	while (defined(my $h = fcgi_read($sock, 8))) {
		my (undef, $type, undef, $len, $pad) = unpack('CCnnC', $h);
		my $c = fcgi_read($sock, $len + $pad) // last;
		$stdout .= substr($c, 0, $len) if $type == 6;	# STDOUT
		if ($type == 3) {				# END_REQUEST
			$ended = 1;
			last;
		}
	}
	close $sock;
	$ended or do { $@ = 'connection closed before FCGI_END_REQUEST'; return undef };
	my ($head, $body) = split /\r?\n\r?\n/, $stdout, 2;
	my %h = map { /^([^:]+):\s*(.*)$/ ? (lc $1, $2) : () } split /\r?\n/, $head // '';
	my ($status) = ($h{status} // '200') =~ /^(\d{3})/;
	return { status => $status, headers => \%h, body => $body // '' };
}

1;
