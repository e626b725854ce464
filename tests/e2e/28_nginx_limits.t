# 28_nginx_limits.t — what nginx itself does for exbuddy's workers and
# for its clients, over real sockets: a slow reader of a large export holds
# no worker (nginx buffers the answer), and an export exbuddy breaks
# half-way is still a broken download; requests in progress from one
# address are capped (limit_conn: 503), hundreds of slow connections do not
# exhaust nginx, and a client that sends its headers slowly is dropped;
# every answer nginx makes itself carries the security headers and our
# page (HTTP/0.9, which has no headers, is refused); an app that hangs or
# cannot be reached is a 503 with Retry-After; a missing static file is
# not cached.
#
# Each behaviour runs alone (EXBUDDY_ONLY) and leaves the stack as it
# found it: one that stops the workers continues them, the one that
# shortens nginx's timeout to the app starts nginx again with the usual
# one before it ends (and in END, whatever happened).
use strict;
use warnings;
use Errno qw(EAGAIN EWOULDBLOCK);
use Socket qw(PF_INET SOCK_STREAM SOL_SOCKET SO_RCVBUF SO_RCVTIMEO
    MSG_DONTWAIT MSG_PEEK inet_aton pack_sockaddr_in);
use Test::More;
use Time::HiRes qw(sleep time);
use EB;
use EBAccount qw(:DEFAULT :workouts);

base_url();
my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');
my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
my ($host, $port) = base_url() =~ m{^http://([^:/]+):(\d+)} or die 'bad URL';
my $log = "$var/log/exbuddy.log";
my @stopped;		# workers stopped with SIGSTOP, continued in END
my $nginx_changed = 0;	# nginx runs with a test's timeout: restored in END

END {
	my $rc = $?;
	kill 'CONT', @stopped if @stopped;
	if ($nginx_changed) {
		delete $ENV{EXBUDDY_FASTCGI_TIMEOUT};
		system("$top/deploy/stack", 'nginx-start', $var, $port);
	}
	$? = $rc;
}

# --- Raw connections ---------------------------------------------------------

# A TCP connection to nginx; rcvbuf => BYTES makes its receive buffer small
# (a slow reader's: the kernel then holds little of an answer for it).
sub connect_nginx {
	my (%opt) = @_;
	socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
	setsockopt($s, SOL_SOCKET, SO_RCVBUF, pack('i', $opt{rcvbuf})) or die "SO_RCVBUF: $!"
	    if $opt{rcvbuf};
	connect($s, pack_sockaddr_in($port, inet_aton($host))) or die "connect: $!";
	EB::no_hang($s);
	return $s;
}

# Reads from $s until it holds $want bytes (undef: to the end); what it read.
sub read_from {
	my ($s, $want) = @_;
	my $buf = '';
	while (!defined $want || length $buf < $want) {
		my $n = sysread($s, $buf, 65536, length $buf);
		last unless $n;
	}
	return $buf;
}

# 1 when nginx has closed $s (EOF or reset) by the time $end; data or
# silence until then is 0.
sub closed_by {
	my ($s, $end) = @_;
	do {
		my $left = $end - time;
		$left = 0.01 if $left < 0.01;
		setsockopt($s, SOL_SOCKET, SO_RCVTIMEO, pack('l!l!', int $left,
		    int(($left - int $left) * 1e6)));
		my $n = sysread($s, my $buf, 4096);
		return 1 if defined $n && $n == 0;
		return 0 if defined $n || $! == EAGAIN || $! == EWOULDBLOCK;
		return 1;	# ECONNRESET: reset_timedout_connection
	} while (time < $end);
	return 0;
}

# 1 when $s is open and nothing came on it yet (a look, without waiting).
sub is_open {
	my ($s) = @_;
	return !defined recv($s, my $buf, 1, MSG_DONTWAIT | MSG_PEEK) &&
	    ($! == EAGAIN || $! == EWOULDBLOCK);
}

# HEAD / on the kept-alive connection $s: the status, or 0 when nginx has
# closed it.
sub head_on {
	my ($s) = @_;
	syswrite($s, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n") or return 0;
	my $head = '';
	while ($head !~ /\r\n\r\n/) {
		sysread($s, $head, 4096, length $head) or return 0;
	}
	return $head =~ m{^HTTP/1\.1 (\d{3}) } ? $1 : 0;
}

# The body of a chunked HTTP/1.1 answer, or undef when it does not end
# with the last chunk (a broken download).
sub dechunk {
	my ($raw) = @_;
	my (undef, $b) = split /\r\n\r\n/, $raw, 2;
	return undef unless defined $b;
	my ($out, $pos) = ('', 0);
	while ($b =~ /\G([0-9a-fA-F]+)[^\r\n]*\r\n/gc) {
		my $n = hex $1;
		return $out if $n == 0;
		$pos = pos $b;
		return undef if $pos + $n + 2 > length $b;
		$out .= substr($b, $pos, $n);
		pos($b) = $pos + $n + 2;
	}
	return undef;
}

# "exbuddy[PID]: GET /export.csv 200" lines the app logged after byte $from.
sub exports_logged {
	my ($from) = @_;
	my $text = EB::slurp($log) // '';
	return scalar(() = substr($text, $from) =~ m{: GET /export\.csv 200 }g);
}

# A directive's argument in the nginx configuration deploy/stack wrote.
sub nginx_conf {
	my ($re) = @_;
	my $conf = join "\n", map { EB::slurp("$var/nginx/$_.conf") // '' }
	    qw(nginx http server);
	return $conf =~ /^\s*$re\s*;/m ? $1 : undef;
}

# An answer nginx makes itself: status, our security headers, our HTML
# page showing its request id, not stored.
sub nginx_page_ok {
	my ($res, $status, $name) = @_;
	is($res->{status}, $status, "$name: $status") or
	    diag(substr($res->{content} // '', 0, 300));
	security_headers_ok($res, $name);
	like($res->{headers}{'content-type'} // '', qr{^text/html;\s*charset=utf-8}i,
	    "$name: an HTML page");
	tidy_ok($res->{content} // '', $name);
	my $rid = $res->{headers}{'x-request-id'} // 'none';
	like($res->{content} // '', qr/\Q$rid\E/, "$name: the page shows the request id");
	is($res->{headers}{'cache-control'}, 'no-store', "$name: Cache-Control: no-store");
}

# --- A slow reader of a large export holds no worker ----------------------

# A user with 100,000 workouts and long notes (an export of some 17 MB),
# made on first use and only read.
my $big;
sub big_user {
	return $big //= do {
		my $u = new_user();
		psql_fast('INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, '
		    . 'calories_estimated, note) SELECT ' . sql_quote($u->{id}) . ", e.id, timestamptz "
		    . "'2020-01-01 00:00:00+00' + i * interval '1 minute', 1 + i % 50, true, "
		    . "'slow reader ' || i || ' ' || repeat('x', 100) FROM generate_series(1, 100000) i, "
		    . "exbuddy.exercise_types e WHERE e.slug = 'push-up'");
		$u;
	};
}

# A connection that has asked for the big user's export.
sub export_request {
	my (%opt) = @_;
	my $s = connect_nginx(%opt);
	syswrite($s, "GET /export.csv HTTP/1.1\r\nHost: localhost\r\nCookie: "
	    . big_user()->cookie_header . "\r\nConnection: close\r\n\r\n");
	return $s;
}

behaviour('slow readers of a large export hold no worker: /login answers at once, and they still get the whole file', sub {
	big_user();
	my $workers = configured_workers();
	my $from = -s $log // 0;

	# As many readers as workers: each reads a few KB, then stalls.
	my @readers;
	for (1 .. $workers) {
		my $s = export_request(rcvbuf => 4096);
		push @readers, [$s, read_from($s, 4096)];
	}
	is(scalar(grep { $_->[1] =~ m{^HTTP/1\.1 200 } } @readers), $workers,
	    "$workers slow readers of /export.csv got 200 and a few KB");

	# While they stall, the workers finish at the database's speed.
	my $t0 = time;
	ok(wait_until(sub { exports_logged($from) >= $workers }, 30),
	    sprintf('the workers finish every export while its reader stalls (%.1f s)', time - $t0))
	    or diag('exports the app finished: ' . exports_logged($from));
	$t0 = time;
	my $res = req(GET => '/login');
	my $took = time - $t0;
	is($res->{status}, 200, 'meanwhile GET /login: 200');
	ok($took < 5, sprintf('... in %.2f s (under 5 s)', $took));

	# Then each reader reads on, to the end: the whole file.
	for my $i (0 .. $#readers) {
		my ($s, $start) = @{$readers[$i]};
		my $body = dechunk($start . read_from($s));
		close $s;
		ok(defined $body, "reader $i: the answer ends with its last chunk") or next;
		is(scalar(() = $body =~ /\r\n/g), 100001, "reader $i: the header and 100,000 records");
		like($body, qr/,slow reader 100000 x{100},1,\r\n\z/, "reader $i: the last record is there");
	}
});

# An export exbuddy cannot finish is a broken download, not a short file
# that looks whole (server.c, break_response): buffering in nginx keeps
# that. The worker is stopped (SIGSTOP) half-way, its database session
# ended, and it goes on: its next FETCH fails.
behaviour('an export that fails half-way is a broken download, not one that looks whole', sub {
	big_user();
	my $from = -s $log // 0;
	my $s = export_request();
	my $start = read_from($s, 64 * 1024);
	like($start, qr{^HTTP/1\.1 200 }, 'the export began: 200 and 64 KB');
	@stopped = worker_pids();
	kill 'STOP', @stopped;
	my $ended = psql_fast('SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity '
	    . "WHERE usename = 'exbuddy_app' AND query LIKE 'FETCH % FROM export'");
	kill 'CONT', @stopped;
	@stopped = ();
	my $raw = $start . read_from($s);
	close $s;
	SKIP: {
		skip('the export was over before the worker was stopped', 2) unless $ended;
		ok(!defined dechunk($raw), sprintf('the body (%d bytes) never ends with the last chunk: a '
		    . 'broken download', length $raw));
		ok(wait_until(sub { substr(EB::slurp($log) // '', $from) =~ m{: GET /export\.csv 500 } }, 5),
		    'the app logged the export as failed (500)');
	}
});

# --- Connections ------------------------------------------------------------

# A request nginx holds while it waits for the body (it never reaches
# exbuddy): it counts against limit_conn until the connection closes.
sub hold_request {
	my $s = connect_nginx();
	syswrite($s, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
	    . "application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na=");
	return $s;
}

behaviour('past its limit of requests in progress from one address, the next is refused at once: 503, Retry-After, our page', sub {
	my $limit = nginx_conf(qr/limit_conn\s+\S+\s+(\d+)/);
	ok(defined $limit, 'nginx limits the connections of an address (limit_conn)');
	$limit //= 32;	# the documented limit, to show what happens without one
	my @held = map { hold_request() } 1 .. $limit - 1;
	sleep 0.5;
	is(req(GET => '/')->{status}, 200, ($limit - 1) . ' requests in progress: one more still passes');
	# That GET may count a moment longer than its answer (until nginx has
	# closed its connection): the last request to hold is sent again
	# until nginx holds it rather than refusing it.
	ok(wait_until(sub {
		my $s = hold_request();
		sleep 0.2;
		return push(@held, $s) if is_open($s);
		close $s;
		return 0;
	}, 5), "$limit requests in progress");
	my ($res, $took);
	wait_until(sub {
		my $t0 = time;
		$res = req(GET => '/');
		$took = time - $t0;
		return $res->{status} != 200;
	}, 5);
	nginx_page_ok($res, 503, "$limit in progress: the next");
	diag(scalar(grep { !is_open($_) } @held) . " of the $limit held " .
	    'requests had an answer or were closed by nginx')
	    if $res->{status} != 503;
	ok($took < 2, sprintf('... refused at once (%.2f s)', $took));
	like($res->{headers}{'retry-after'} // '', qr/^\d+$/, '... with Retry-After');
	like($res->{content}, qr/connections from your address/, '... saying why');
	close $_ for @held;
	ok(wait_until(sub { req(GET => '/')->{status} == 200 }, 5),
	    'once they end, GET / passes again');
});

# Out of connections, nginx would close idle ones (a browser's kept-alive
# connection) to make room, and then refuse new ones.
behaviour('600 slow connections from one address do not exhaust nginx: none is dropped, a kept-alive one and a new one still answer', sub {
	my $keep = connect_nginx();
	is(head_on($keep), 200, 'setup: a kept-alive connection answers HEAD /');
	my @slow;
	for (1 .. 600) {
		my $s = eval { connect_nginx() } or last;
		syswrite($s, "GET / HTTP/1.1\r\nHost: localhost\r\n");	# never ended
		push @slow, $s;
	}
	is(scalar @slow, 600, '600 connections open, each sending its headers slowly');
	sleep 1;	# nginx has read what they sent
	is(scalar(grep { is_open($_) } @slow), 600, 'nginx keeps all 600 open (it had to close none)');
	is(head_on($keep), 200, 'the kept-alive connection still answers');
	my $t0 = time;
	my $res = req(GET => '/login');
	my $took = time - $t0;
	is($res->{status}, 200, 'a new connection: GET /login 200');
	ok($took < 5, sprintf('... in %.2f s', $took));
	close $_ for @slow, $keep;
	is(req(GET => '/login')->{status}, 200, 'after they close: GET /login 200');
});

behaviour('a client that sends its headers too slowly is dropped within seconds', sub {
	my @slow = map { connect_nginx() } 1 .. 3;
	syswrite($_, "GET / HTTP/1.1\r\nHost: localhost\r\n") for @slow;
	sleep 1;
	syswrite($_, "X-Slow: 1\r\n") for @slow;	# still not ended
	my $t0 = time;
	is(scalar(grep { closed_by($_, $t0 + 12) } @slow), 3,
	    sprintf('nginx drops all three within 13 s of their first bytes (%.1f s)', time - $t0 + 1));
	close $_ for @slow;
});

# --- nginx's own answers ------------------------------------------------------

my @refused = (
	["TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 405, 'TRACE'],
	["POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, identity\r\n"
	    . "Connection: close\r\n\r\n0\r\n\r\n", 501, 'Transfer-Encoding: chunked, identity'],
	["GET / HTTP/2.0\r\nHost: localhost\r\nConnection: close\r\n\r\n", 505, 'HTTP/2.0 in plain text'],
	["GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " . ('x' x 9000) . "\r\nConnection: close\r\n\r\n",
	    400, 'a header line over 8 KiB'],
	["GET / HTTP/1.1\r\nHost: localhost\r\n" . join('', map { "X-H$_: " . ('y' x 1000) . "\r\n" } 1 .. 40)
	    . "Connection: close\r\n\r\n", 400, '40 KB of headers'],
);
for (@refused) {
	my ($text, $status, $name) = @$_;
	behaviour("$name: nginx's $status carries the security headers and our page", sub {
		nginx_page_ok(raw_http($text), $status, $name);
	});
}

# HTTP/0.9: a request line without a version, and an answer without
# headers (nginx's own errors too).
for (["GET /\r\n", 'GET /'], ["GET /%zz\r\n", 'GET of a bad path'], ["POST /\r\n", 'POST']) {
	my ($line, $name) = @$_;
	behaviour("HTTP/0.9, $name: refused, no answer without headers", sub {
		my $s = connect_nginx();
		syswrite($s, $line);
		my $all = read_from($s);
		close $s;
		is(substr($all, 0, 60), '', "HTTP/0.9 $name: the connection closes without a byte");
		is(req(GET => '/')->{status}, 200, 'GET / over HTTP/1.1 is still 200');
	});
}

behaviour('plain HTTP sent to the TLS port: a 400 with the security headers', sub {
	my ($tls_port) = ($ENV{EXBUDDY_TEST_TLS_URL} // '') =~ /:(\d+)$/;
	plan skip_all => 'EXBUDDY_TEST_TLS_URL is not set' unless $tls_port;
	local $ENV{EXBUDDY_TEST_URL} = "http://127.0.0.1:$tls_port";
	nginx_page_ok(raw_http("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
	    400, 'plain HTTP to the TLS port');
});

# --- The app hangs or cannot be reached -----------------------------------------

behaviour('exbuddy hangs: past nginx\'s timeout the answer is 503 with Retry-After, not 504', sub {
	{
		local $ENV{EXBUDDY_FASTCGI_TIMEOUT} = '2s';
		$nginx_changed = 1;
		is(system("$top/deploy/stack", 'nginx-start', $var, $port), 0,
		    'setup: nginx started again with a 2 s timeout to the app');
	}
	@stopped = worker_pids();
	ok(@stopped >= 1, 'setup: every worker stopped (SIGSTOP): ' . join(' ', @stopped));
	kill 'STOP', @stopped;
	my $t0 = time;
	my $res = req(GET => '/login');
	my $took = time - $t0;
	kill 'CONT', @stopped;
	@stopped = ();
	nginx_page_ok($res, 503, 'a hung app');
	ok($took < 8, sprintf('... after the timeout (%.1f s)', $took));
	like($res->{headers}{'retry-after'} // '', qr/^\d+$/, '... with Retry-After');
	like($res->{content}, qr/not answering/, '... saying why');
	is(system("$top/deploy/stack", 'nginx-start', $var, $port), 0,
	    'nginx started again with the usual timeout');
	$nginx_changed = 0;
	is(req(GET => '/login')->{status}, 200, 'the workers answer again');
});

behaviour('exbuddy cannot be reached: 503 with Retry-After, not 502', sub {
	my $sock = "$var/run/exbuddy.sock";
	ok(rename($sock, "$sock.away"), 'setup: the socket moved away');
	my $res = req(GET => '/login');
	rename("$sock.away", $sock) or die "the socket could not be moved back: $!";
	nginx_page_ok($res, 503, 'no app');
	like($res->{headers}{'retry-after'} // '', qr/^\d+$/, '... with Retry-After');
	is(req(GET => '/login')->{status}, 200, 'with the socket back: 200');
});

# --- Static files ---------------------------------------------------------------

behaviour('a missing static file is a 404 that is not cached; a file found is', sub {
	my $res = req(GET => '/static/nonexistent.css');
	is($res->{status}, 404, '/static/nonexistent.css: 404');
	security_headers_ok($res, 'static 404');
	unlike($res->{headers}{'cache-control'} // '', qr/public|max-age=[1-9]/,
	    'the 404 is not cached (' . ($res->{headers}{'cache-control'} // 'no Cache-Control') . ')');
	like(req(GET => '/static/style.css')->{headers}{'cache-control'} // '',
	    qr/public, max-age=\d+/, 'style.css may be cached');
});

done_testing();
