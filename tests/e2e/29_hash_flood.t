# 29_hash_flood.t — a flood of logins from many addresses (each a
# loopback address of its own, 127.0.0.10 to 127.0.0.69, past nginx's
# per-address limit) never slows the pages that hash nothing: password
# hashes run at most half the CPUs at once, as many more wait for one,
# and the rest are answered 503 with Retry-After at once, without holding
# a worker. Meanwhile a signed-in probe fetches /dashboard and /login
# every 200 ms: every answer 200, the slowest under a second.
use strict;
use warnings;
use POSIX ();
use Time::HiRes qw(time sleep);
use Test::More;
use EB;
use EBAccount;

base_url();

my $SECONDS = $ENV{EXBUDDY_FLOOD_SECONDS} // 8;
my $PROCS = 30;		# each sends from two addresses in turn

# One flooding process: wrong passwords for names that do not exist (each
# checked against the dummy hash) until the deadline; prints the count of
# each status seen, and of 503s without Retry-After.
sub flood {
	my ($k, $until) = @_;
	my %seen;
	my @c = map {
		my $c = client();
		$c->{http}{local_address} = '127.0.0.' . (10 + 2 * $k + $_);
		$c->{http}{timeout} = 10;
		$c
	} 0, 1;
	for (my $i = 0; time < $until; $i++) {
		my $c = $c[$i % 2];
		$c->csrf_from('/login') unless $c->{csrf};
		my $res = $c->post_form('/login', { login => "flood$k-$i-" . int(rand 1e9),
		    password => 'Not the password 123' });
		$seen{$res->{status}}++;
		$seen{'503-no-retry'}++ if $res->{status} == 503 && !$res->{headers}{'retry-after'};
		$c->{csrf} = undef if $res->{status} == 403;
	}
	print join(' ', map { "$_=$seen{$_}" } sort keys %seen), "\n";
	POSIX::_exit(0);
}

behaviour('a login flood from 60 addresses: the probe sees only 200s, the slowest under 1 s; the flood gets 422, 429 or 503 with Retry-After, nothing else', sub {
	my $u = new_user();
	is($u->get('/dashboard')->{status}, 200, 'the probe is signed in');
	my $until = time + $SECONDS;
	my @kids;
	for my $k (0 .. $PROCS - 1) {
		my $pid = open(my $fh, '-|') // die "fork: $!";
		flood($k, $until) if $pid == 0;
		push @kids, $fh;
	}
	sleep 1;	# the flood under way
	my (@lat, %probe);
	my $anon = client();
	while (time < $until - 0.5) {
		for my $path ('/dashboard', '/login') {
			my $t0 = time;
			my $res = ($path eq '/login' ? $anon : $u)->get($path);
			push @lat, time - $t0;
			$probe{$res->{status}}++;
		}
		sleep 0.2;
	}
	my %flood;
	for my $fh (@kids) {
		my $line = <$fh> // '';
		close $fh;
		$flood{$1} += $2 while $line =~ /(\S+)=(\d+)/g;
	}
	@lat = sort { $a <=> $b } @lat;
	my $p99 = $lat[int(0.99 * $#lat)] // 99;
	my $line = join(' ', map { "$_=$flood{$_}" } sort keys %flood);
	note(sprintf('probe: %d requests, median %.3f s, p99 %.3f s, max %.3f s; flood: %s',
	    scalar @lat, $lat[int(@lat / 2)] // 0, $p99, $lat[-1] // 0, $line));
	is_deeply([keys %probe], ['200'], 'every probe answered 200') or diag(explain(\%probe));
	cmp_ok($p99, '<', 1, 'the probe\'s p99 is under 1 s');
	ok(($flood{422} // 0) > 0, 'the flood had passwords checked (422)');
	my @other = grep { !/^(?:422|429|503)$/ } keys %flood;
	is("@other", '', 'the flood got nothing but 422, 429 and 503');
	is($flood{'503-no-retry'} // 0, 0, 'every 503 said when to retry');
});

done_testing();
