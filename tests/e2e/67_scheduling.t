# 67_scheduling.t — deploy/stack starts PostgreSQL, exbuddy and nginx with
# the scheduling policy SCHED_BATCH (EXBUDDY_SCHED=batch, its default; the
# systemd units do the same: deploy/systemd/exbuddy.service.in says why),
# and what each forks later (a worker, a backend) has it too; a password
# hash runs in a thread of its own at SCHED_IDLE (cgi/password.c says why).
# Read from /proc/PID/stat, field 41 (policy: 0 SCHED_OTHER, 3 SCHED_BATCH,
# 5 SCHED_IDLE).
use strict;
use warnings;
use Test::More;
use POSIX ();
use Time::HiRes qw(sleep);
use EB;
use EBAccount;

base_url();
my $var = $ENV{EXBUDDY_TEST_VAR};
my $pghost = $ENV{EXBUDDY_TEST_PGHOST};
plan skip_all => 'EXBUDDY_TEST_PGHOST is needed (run through tests/run)' unless $pghost;
# With EXBUDDY_SCHED=other only the password hash's behaviour applies.
my $other = ($ENV{EXBUDDY_SCHED} // 'batch') eq 'other';
sub batch_only {
	plan skip_all => 'the stack was started with EXBUDDY_SCHED=other' if $other;
}

use constant SCHED_BATCH => 3;
use constant SCHED_IDLE => 5;

# The policy of a process (/proc/PID/stat's field 41), or undef when it is
# gone.
sub policy { return (proc_stat($_[0]))[38] }

sub pid_in { my $t = slurp($_[0]) // ''; return ($t =~ /^(\d+)/)[0] }

# Every one of @pids is running and SCHED_BATCH (a process gone fails).
sub all_batch {
	my ($what, @pids) = @_;
	ok(scalar @pids, "there are $what") or return;
	my @not = grep { (policy($_) // -1) != SCHED_BATCH } @pids;
	is("@not", '', "every one of the $what runs SCHED_BATCH")
	    or diag(join ', ', map { "$_: " . (policy($_) // 'gone') } @not);
}

behaviour("exbuddy's master and workers run SCHED_BATCH", sub {
	batch_only();
	# A request first, so each worker is past its start.
	is(req(GET => '/')->{status}, 200, 'the home page answers');
	my @workers = worker_pids();
	ok(scalar @workers, 'the master has workers');
	all_batch('exbuddy processes', master_pid(), @workers);
});

behaviour("nginx's master and workers run SCHED_BATCH", sub {
	batch_only();
	my $master = pid_in("$var/nginx/nginx.pid");
	my @workers = worker_pids($master);
	ok(scalar @workers, "nginx's master has workers");
	all_batch('nginx processes', $master, @workers);
});

behaviour("PostgreSQL's postmaster and exbuddy's backends run SCHED_BATCH", sub {
	batch_only();
	is(req(GET => '/')->{status}, 200, 'the home page answers');
	my $postmaster = pid_in("$var/pg/data/postmaster.pid");
	my $r = run_cmd(30, 'psql', '-X', '-qtA', '-h', $pghost, '-U', 'postgres',
	    '-d', 'postgres', '-c',
	    "SELECT pid FROM pg_stat_activity WHERE usename = 'exbuddy_app'");
	is($r->{exit}, 0, 'pg_stat_activity read') or diag($r->{err});
	my @backends = grep { /^\d+$/ } split /\n/, $r->{out};
	ok(scalar @backends, "exbuddy has backends");
	all_batch('PostgreSQL processes', $postmaster, @backends);
});

# The threads of $pid other than its first: {tid => policy}.
sub other_threads {
	my ($pid) = @_;
	my %t;
	opendir(my $d, "/proc/$pid/task") or return \%t;
	for my $tid (grep { /^\d+$/ && $_ != $pid } readdir $d) {
		my $p = policy($tid);
		$t{$tid} = $p if defined $p;
	}
	closedir $d;
	return \%t;
}

behaviour("a password hash runs in a SCHED_IDLE thread, and the worker keeps its policy", sub {
	my $u = new_user();
	my @workers = worker_pids();
	ok(scalar @workers, 'the master has workers');
	my %before = map { ($_ => policy($_)) } @workers;
	my (%seen, $tries);
	# Each login hashes for some 70 ms; /proc is read all along it.
	for my $try (1 .. 5) {
		$tries = $try;
		my $kid = fork() // die "fork: $!";
		if ($kid == 0) {
			my $res = EBAccount->login($u->{username}, $u->{password})->{res};
			POSIX::_exit($res->{status} == 303 ? 0 : 1);
		}
		while (waitpid($kid, POSIX::WNOHANG) == 0) {
			for my $w (@workers) {
				my $t = other_threads($w);
				$seen{$_} = $t->{$_} for keys %$t;
			}
		}
		last if %seen;
		sleep 0.3;	# the test stack's nginx allows 5 logins a second
	}
	ok(scalar %seen, "a worker had a thread while a login hashed ($tries logins)");
	my @other = grep { $seen{$_} != SCHED_IDLE } sort keys %seen;
	is("@other", '', 'every such thread ran SCHED_IDLE')
	    or diag(join ', ', map { "$_: $seen{$_}" } @other);
	my %after = map { ($_ => policy($_)) } @workers;
	is_deeply(\%after, \%before, "the workers' policies are as before");
	my @left;
	wait_until(sub { !(@left = map { keys %{other_threads($_)} } @workers) }, 5);
	is("@left", '', 'the thread ends with its hash');
});

done_testing();
