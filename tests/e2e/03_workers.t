# 03_workers.t — a worker killed with SIGKILL is replaced at once, the
# master logs it, and requests keep being answered. Each behaviour kills a
# worker of its own and waits until the master has all its workers again.
use strict;
use warnings;
use Test::More;
use EB;

base_url();
my $log = "$ENV{EXBUDDY_TEST_VAR}/log/exbuddy.log";

# The time a process started (clock ticks since boot), from /proc.
sub started { return (proc_stat($_[0]))[19] // 0 }

# Kills a worker with SIGKILL and waits until the master has its workers
# again. The victim is the worker that has run longest: the master restarts
# a worker that dies young with a backoff, and an earlier behaviour may
# have just killed one. Returns (master, configured workers, victim,
# workers before, workers after).
sub kill_a_worker {
	my $master = master_pid();
	ok($master && kill(0, $master), 'the master is running') or BAIL_OUT('no master');
	my $want = configured_workers($master);
	my @before = worker_pids($master);
	is(scalar @before, $want, "the master has its $want workers");
	my ($victim) = sort { started($a) <=> started($b) || $a <=> $b } @before;
	ok(kill('KILL', $victim), "SIGKILL to worker $victim");

	# The master reaps it and forks a new one (no backoff for a first death).
	my @after;
	ok(wait_until(sub {
		@after = worker_pids($master);
		return @after == $want && !grep { $_ == $victim } @after;
	}, 5), "within 5 s there are $want workers again, without $victim")
	    or diag("workers now: @after");
	return ($master, $want, $victim, \@before, \@after);
}

behaviour('a worker killed with SIGKILL is replaced at once by exactly one new worker', sub {
	my ($master, $want, $victim, $before, $after) = kill_a_worker();
	my %old = map { $_ => 1 } @$before;
	my @new = grep { !$old{$_} } @$after;
	is(scalar @new, 1, 'exactly one worker is new') or diag("before @$before, after @$after");
	is(scalar(grep { $old{$_} } @$after), $want - 1, 'the other workers were left alone');
	is(master_pid(), $master, 'the master is the same process');
});

behaviour('after a worker is killed every request is still answered', sub {
	kill_a_worker();
	my $ok = 0;
	for (1 .. 20) {
		$ok++ if req(GET => '/')->{status} == 200;
	}
	is($ok, 20, '20 requests to / after the kill all answer 200');
});

behaviour('the master logs which worker was killed by which signal', sub {
	my $log_start = -s $log // 0;
	my (undef, undef, $victim) = kill_a_worker();
	my $said = wait_until(sub {
		open(my $fh, '<', $log) or return;
		seek($fh, $log_start, 0);
		local $/;
		my $new = <$fh> // '';
		return $new =~ /worker $victim killed by signal 9\b/;
	}, 3);
	ok($said, "the log says worker $victim was killed by signal 9");
});

done_testing;
