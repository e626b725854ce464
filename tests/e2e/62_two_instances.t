# 62_two_instances.t — exbuddy keeps no state between requests: two exbuddy
# servers (each its own socket and workers) behind one nginx upstream serve
# one user's session alike, and when one is killed (SIGKILL to its master
# and workers: a machine gone) traffic goes on through the other, at most
# the requests it had in hand failing. A site of its own (EBSite) on the
# stack's database.
use strict;
use warnings;
use Time::HiRes qw(time sleep);
use Test::More;
use EB;
use EBAccount;
use EBSite;

my $CLIENTS = 4;

# Every worker pid of the master MASTER.
sub workers_of {
	my ($master) = @_;
	return map { split ' ', slurp($_) // '' } glob("/proc/$master/task/*/children");
}

behaviour('two instances behind one upstream: one killed, traffic goes on with at most its requests in hand failing', sub {
	my $site = EBSite->start(instances => 2, workers => 2);
	local $ENV{EXBUDDY_TEST_URL} = $site->url;
	my $u = new_user();
	my %instance_of;	# worker pid => instance
	for my $k (1, 2) {
		$instance_of{$_} = $k for workers_of($site->{pids}{$k});
	}
	is(scalar(keys %instance_of), 4, 'two instances of two workers each');

	# Both serve the one session: nginx takes turns.
	my $log = "$site->{dir}/log/exbuddy.log";
	my $from = -s $log;
	is($u->get('/dashboard')->{status}, 200, "the user's dashboard") for 1 .. 8;
	my %served;
	my $text = substr(slurp($log), $from);
	$served{$instance_of{$1} // '?'}++ while $text =~ /exbuddy\[(\d+)\]: GET \/dashboard 200/g;
	ok($served{1} && $served{2}, 'both instances served the session (' .
	    join(', ', map { "$_: $served{$_}" } sort keys %served) . ')');

	# Clients ask for the dashboard in a loop; instance 2 dies meanwhile.
	my $out = "$site->{dir}/clients";
	my @kids;
	my $t0 = time;
	for my $c (1 .. $CLIENTS) {
		my $pid = fork // die;
		if ($pid == 0) {
			open my $fh, '>', "$out.$c" or POSIX::_exit(1);
			while (time - $t0 < 4) {
				my $s = $u->get('/dashboard')->{status};
				printf $fh "%.3f %d\n", time - $t0, $s;
			}
			close $fh;
			POSIX::_exit(0);
		}
		push @kids, $pid;
	}
	sleep 1.5;
	my $killed_at = time - $t0;
	$site->kill_instance(2);
	waitpid($_, 0) for @kids;
	my (@before, @after, @bad);
	for my $c (1 .. $CLIENTS) {
		for (split /\n/, slurp("$out.$c") // '') {
			my ($t, $s) = split ' ';
			push @{$t < $killed_at ? \@before : \@after}, $s;
			push @bad, "$t: $s" if $s != 200;
		}
	}
	ok(@before > 20 && @after > 20, scalar(@before) . ' requests before the kill, '
	    . scalar(@after) . ' after');
	cmp_ok(scalar(@bad), '<=', 2, 'at most the 2 requests the killed instance had in hand failed')
	    or diag("@bad");
	my @late = grep { (split /: /)[0] > $killed_at + 0.5 } @bad;
	is("@late", '', 'every request from half a second after the kill on: 200');
	is($u->get('/dashboard')->{status}, 200, 'the session still opens the dashboard');
	$site->stop;
});

done_testing();
