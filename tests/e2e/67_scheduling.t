# 67_scheduling.t — deploy/stack starts PostgreSQL, exbuddy and nginx with
# the scheduling policy SCHED_BATCH (EXBUDDY_SCHED=batch, its default; the
# systemd units do the same: deploy/systemd/exbuddy.service.in says why),
# and what each forks later (a worker, a backend) has it too. Read from
# /proc/PID/stat, field 41 (policy: 0 SCHED_OTHER, 3 SCHED_BATCH).
use strict;
use warnings;
use Test::More;
use EB;

base_url();
my $var = $ENV{EXBUDDY_TEST_VAR};
my $pghost = $ENV{EXBUDDY_TEST_PGHOST};
plan skip_all => 'EXBUDDY_TEST_PGHOST is needed (run through tests/run)' unless $pghost;
plan skip_all => 'the stack was started with EXBUDDY_SCHED=other'
    if ($ENV{EXBUDDY_SCHED} // 'batch') eq 'other';

use constant SCHED_BATCH => 3;

# The policy of a process, or undef when it is gone.
sub policy {
	my $s = slurp("/proc/$_[0]/stat") // return undef;
	my (undef, $rest) = $s =~ /^(\d+) \(.*\) (.*)$/s or return undef;
	return (split ' ', $rest)[38];	# field 41; $rest starts at field 3
}

# The children of $parent, from /proc.
sub children {
	my ($parent) = @_;
	my @kids;
	for my $stat (glob '/proc/[0-9]*/stat') {
		my $s = slurp($stat) // next;
		my ($pid, $rest) = $s =~ /^(\d+) \(.*\) (.*)$/s or next;
		push @kids, $pid if (split ' ', $rest)[1] == $parent;
	}
	return @kids;
}

sub first_line { my $t = slurp($_[0]) // ''; return ($t =~ /^(\d+)/)[0] }

sub all_batch {
	my ($what, @pids) = @_;
	ok(scalar @pids, "there are $what") or return;
	my @not = grep { (policy($_) // SCHED_BATCH) != SCHED_BATCH } @pids;
	is("@not", '', "every one of the $what runs SCHED_BATCH")
	    or diag(join ', ', map { "$_: " . (policy($_) // 'gone') } @not);
}

behaviour("exbuddy's master and workers run SCHED_BATCH", sub {
	# A request first, so each worker is past its start.
	is(req(GET => '/')->{status}, 200, 'the home page answers');
	all_batch('exbuddy processes', master_pid(), worker_pids());
});

behaviour("nginx's master and workers run SCHED_BATCH", sub {
	my $master = first_line("$var/nginx/nginx.pid");
	all_batch('nginx processes', $master, children($master));
});

behaviour("PostgreSQL's postmaster and exbuddy's backends run SCHED_BATCH", sub {
	is(req(GET => '/')->{status}, 200, 'the home page answers');
	my $postmaster = first_line("$var/pg/data/postmaster.pid");
	my $r = run_cmd(30, 'psql', '-X', '-qtA', '-h', $pghost, '-U', 'postgres',
	    '-d', 'postgres', '-c',
	    "SELECT pid FROM pg_stat_activity WHERE usename = 'exbuddy_app'");
	is($r->{exit}, 0, 'pg_stat_activity read') or diag($r->{err});
	my @backends = grep { /^\d+$/ } split /\n/, $r->{out};
	all_batch('PostgreSQL processes', $postmaster, @backends);
});

done_testing();
