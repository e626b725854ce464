# 90_soak.t — make soak (not in make test, not in CI): the load of
# 20_load.t (wrk, 64 connections, tests/faults/mix.lua) for 10 minutes,
# with every worker's resident memory (VmRSS) and open file descriptors
# sampled every 10 s. After a minute of warm-up they stay flat: a worker's
# last sample is at most its first after warm-up plus a little slack
# (memory: 2 MiB; descriptors: 2, a request's connection in flight). No
# socket error, no 5xx. make soak starts the stack with workers that are
# never recycled (EXBUDDY_MAX_REQUESTS), so that a leak has ten minutes
# to show.
#
# EXBUDDY_SOAK=1 runs it (make soak sets it); EXBUDDY_SOAK_SECONDS sets
# the length (600).
use strict;
use warnings;
use File::Temp qw(tempfile);
use POSIX qw(_exit WNOHANG);
use Storable qw(retrieve store);
use Test::More;
use Time::HiRes qw(time sleep);
use EB;
use EBAccount qw(:DEFAULT psql_fast);
use EBFault;

plan skip_all => 'make soak runs it (EXBUDDY_SOAK=1)' unless $ENV{EXBUDDY_SOAK};
base_url();
plan skip_all => 'wrk is not installed (make deps)' unless grep { -x "$_/wrk" } split /:/, $ENV{PATH};

my $SECONDS = $ENV{EXBUDDY_SOAK_SECONDS} || 600;
my $EVERY = 10;
my $WARM = $SECONDS >= 120 ? 60 : int($SECONDS / 4);
my $RSS_SLACK = 2048;	# kB
my $FD_SLACK = 2;

behaviour("$SECONDS s of load: every worker's memory and descriptors stay flat; no 5xx", sub {
	my @u = signed_in_users(8);
	my $master = master_pid();
	my $log = "$ENV{EXBUDDY_TEST_VAR}/log/exbuddy.log";
	my $log_start = -s $log // 0;

	my (undef, $file) = tempfile('eb-soak-XXXXXX', TMPDIR => 1, UNLINK => 1);
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		store(run_wrk(seconds => $SECONDS, connections => 64, users => \@u), $file);
		_exit(0);	# not END: the users stay
	}
	# samples: [seconds, {pid => [rss kB, fds]}]
	my ($t0, @samples) = (time);
	while (waitpid($pid, WNOHANG) != $pid) {
		my %s = map { my ($r, $f) = (proc_rss_kb($_), proc_fds($_));
		    defined $r && defined $f ? ($_ => [$r, $f]) : () } worker_pids($master);
		push @samples, [time - $t0, \%s];
		sleep($EVERY - POSIX::fmod(time - $t0, $EVERY));
	}
	my $r = -s $file ? retrieve($file) : {};

	# Per worker: its first sample after warm-up and its last.
	my (%first, %last, %max);
	for my $s (@samples) {
		next if $s->[0] < $WARM;
		for my $w (keys %{$s->[1]}) {
			$first{$w} //= [$s->[0], @{$s->[1]{$w}}];
			$last{$w} = [$s->[0], @{$s->[1]{$w}}];
			$max{$w}[0] = $s->[1]{$w}[0] if ($max{$w}[0] // 0) < $s->[1]{$w}[0];
			$max{$w}[1] = $s->[1]{$w}[1] if ($max{$w}[1] // 0) < $s->[1]{$w}[1];
		}
	}
	my @ws = sort { $a <=> $b } keys %first;
	for my $s (grep { int($_->[0]) % 60 < $EVERY } @samples) {
		diag(sprintf('soak %4.0f s: ', $s->[0]) . join('; ', map {
		    "worker $_ " . ($s->[1]{$_} ? "$s->[1]{$_}[0] kB, $s->[1]{$_}[1] fds" : 'gone')
		} sort { $a <=> $b } keys %{$s->[1]}));
	}
	diag(sprintf('soak: %d s, %d requests, %.1f requests/s, p50 %.0f ms, p99 %.0f ms, '
	    . 'max %.0f ms; socket errors %d; 4xx %d, 5xx %d',
	    ($r->{duration_us} // 0) / 1e6, map({ $_ // 0 } @$r{qw(requests rps p50 p99 max)}),
	    ($r->{connect} // 0) + ($r->{read} // 0) + ($r->{write} // 0) + ($r->{timeout} // 0),
	    $r->{s4xx} // 0, $r->{s5xx} // 0));

	ok(defined $r->{requests}, 'wrk ran and printed its figures') or diag($r->{raw} // '');
	is(($r->{connect} // 0) + ($r->{read} // 0) + ($r->{write} // 0) + ($r->{timeout} // 0),
	    0, 'socket errors: 0');
	is($r->{s5xx}, 0, '5xx: 0');
	is($r->{s4xx}, 0, '4xx: 0');
	ok(@ws >= EB::configured_workers($master), 'every worker was sampled after warm-up')
	    or diag("workers: @ws");
	for my $w (@ws) {
		my ($f, $l) = ($first{$w}, $last{$w});
		cmp_ok($l->[1], '<=', $f->[1] + $RSS_SLACK, sprintf('worker %d: memory flat: '
		    . '%d kB at %.0f s, %d kB at %.0f s (most %d kB)', $w, $f->[1], $f->[0],
		    $l->[1], $l->[0], $max{$w}[0]));
		cmp_ok($l->[2], '<=', $f->[2] + $FD_SLACK, sprintf('worker %d: descriptors flat: '
		    . '%d at %.0f s, %d at %.0f s (most %d)', $w, $f->[2], $f->[0], $l->[2],
		    $l->[0], $max{$w}[1]));
	}
	my $said = substr(EB::slurp($log) // '', $log_start);
	my @died = $said =~ /^(exbuddy: worker \d+ (?:killed by signal|exited with) .*)$/mg;
	ok(!@died, 'no worker died') or diag(join "\n", @died);
	is(master_pid(), $master, 'the master is the same process');
});

done_testing;
