# 04_database_down.t — with PostgreSQL stopped /healthz answers 503 (never
# a crash); once it is back every worker reconnects by itself. Each
# behaviour stops PostgreSQL itself and starts it again before it ends.
use strict;
use warnings;
use Test::More;
use EB;

base_url();
my $var = $ENV{EXBUDDY_TEST_VAR};
my $stack = "$ENV{EXBUDDY_TEST_TOP}/deploy/stack";
my $pg_stopped = 0;

# Whatever happens here, later test files need the database.
END {
	if ($pg_stopped) {
		local $?;	# keep the test's exit status
		system($stack, 'pg-start', $var);
	}
}

# Stops PostgreSQL (the checks of the way down).
sub pg_stop_ok {
	is(req(GET => '/healthz')->{status}, 200, '/healthz is 200 before');
	$pg_stopped = 1;
	is(system($stack, 'pg-stop', $var), 0, 'deploy/stack pg-stop');
	ok(!-e "$var/pg/data/postmaster.pid", 'PostgreSQL is stopped');
}

# Starts PostgreSQL again and waits until /healthz says so.
sub pg_start_ok {
	is(system($stack, 'pg-start', $var), 0, 'deploy/stack pg-start');
	$pg_stopped = 0;
	ok(wait_until(sub { req(GET => '/healthz')->{status} == 200 }, 5),
	    '/healthz is 200 again within 5 s');
}

behaviour('with PostgreSQL stopped /healthz answers 503 on every worker, and / still 200', sub {
	pg_stop_ok();
	my @st;
	for my $i (1 .. 5) {
		my $res = req(GET => '/healthz');
		push @st, $res->{status};
		if ($i == 1) {
			is($res->{status}, 503, '/healthz with the database down: 503');
			unlike($res->{content}, qr/^ok/, 'and it does not say ok');
			security_headers_ok($res, '503 /healthz');
		}
	}
	is("@st", '503 503 503 503 503', '5 tries in a row: all 503 (every worker)');
	is(req(GET => '/')->{status}, 200, 'GET / does not need the database: still 200');
	pg_start_ok();
});

behaviour('once PostgreSQL is back every worker reconnects by itself', sub {
	my $master = master_pid();
	my @workers = worker_pids($master);
	pg_stop_ok();
	req(GET => '/healthz') for 1 .. 5;	# the workers find the database gone
	pg_start_ok();
	my $run = 0;
	for (1 .. 10) {
		last unless req(GET => '/healthz')->{status} == 200;
		$run++;
	}
	is($run, 10, 'then 10 requests in a row answer 200');

	# Each worker had a connection to the old server: each must have made a
	# new one. The log names the worker of every request.
	my %seen;
	my $log = "$var/log/exbuddy.log";
	ok(wait_until(sub {
		my $res = req(GET => '/healthz');
		return 0 unless $res->{status} == 200;
		my $rid = $res->{headers}{'x-request-id'} // return 0;
		$seen{$1} = 1 if (EB::slurp($log) // '') =~ /exbuddy\[(\d+)\]: GET \/healthz 200 .*rid=$rid/;
		return !grep { !$seen{$_} } @workers;
	}, 5), 'every worker answers /healthz with 200 again')
	    or diag('workers: ' . join(' ', @workers) . '; seen: ' . join(' ', sort keys %seen));

	is(master_pid(), $master, 'exbuddy was not restarted (same master)');
	is(join(' ', worker_pids($master)), "@workers",
	    'no worker died on the way (same workers)');
});

done_testing;
