# 28_nginx_limits.t — what nginx itself does for exbuddy's workers, over
# real sockets: a slow reader of a large export holds no worker (nginx
# buffers the answer), and an export exbuddy breaks half-way is still a
# broken download.
#
# Each behaviour runs alone (EXBUDDY_ONLY); one that stops the workers
# continues them before it ends (and in END, whatever happened).
use strict;
use warnings;
use Socket qw(PF_INET SOCK_STREAM SOL_SOCKET SO_RCVBUF
    inet_aton pack_sockaddr_in);
use Test::More;
use Time::HiRes qw(sleep time);
use EB;
use EBAccount qw(:DEFAULT :workouts);

base_url();
my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');
my ($host, $port) = base_url() =~ m{^http://([^:/]+):(\d+)} or die 'bad URL';
my $log = "$var/log/exbuddy.log";
my @stopped;		# workers stopped with SIGSTOP, continued in END

END {
	my $rc = $?;
	kill 'CONT', @stopped if @stopped;
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

done_testing();
