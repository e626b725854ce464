# 29_attacks.t — what one hostile user does to everyone else: while an
# attack runs, a probe fetches a signed-in /dashboard and /login every
# 200 ms and must see every answer 200, the slowest (p99) under a second.
# The attacks: a flood of logins from many addresses (each a loopback
# address of its own, 127.0.0.10 to 127.0.0.69, past nginx's per-address
# limit: password hashes run at most half the CPUs at once, as many more
# wait for one, the rest are answered 503 with Retry-After at once); and
# big imports from four accounts at once, each twice (one import at a time
# on the site, one per user; nothing saved twice). The slow readers of an
# export and many idle connections are 28_nginx_limits.t's.
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

# probe_while(USER, KIDS, UNTIL): USER's /dashboard and /login every
# 200 ms until UNTIL (after a second for the attack to start); then reads
# a line "status=count …" of each attacking child. Checks the probe (every
# answer 200, p99 under 1 s) and returns the children's counts added up.
sub probe_while {
	my ($u, $kids, $until) = @_;
	my $anon = client();
	sleep 1;	# the attack under way
	my (@lat, %probe);
	while (time < $until - 0.5) {
		for my $path ('/dashboard', '/login') {
			my $t0 = time;
			my $res = ($path eq '/login' ? $anon : $u)->get($path);
			push @lat, time - $t0;
			$probe{$res->{status}}++;
		}
		sleep 0.2;
	}
	my %seen;
	for my $fh (@$kids) {
		my $line = <$fh> // '';
		close $fh;
		$seen{$1} += $2 while $line =~ /(\S+)=(\d+)/g;
	}
	@lat = sort { $a <=> $b } @lat;
	my $p99 = $lat[int(0.99 * $#lat)] // 99;
	note(sprintf('probe: %d requests, median %.3f s, p99 %.3f s, max %.3f s; attack: %s',
	    scalar @lat, $lat[int(@lat / 2)] // 0, $p99, $lat[-1] // 0,
	    join(' ', map { "$_=$seen{$_}" } sort keys %seen)));
	is_deeply([keys %probe], ['200'], 'every probe answered 200') or diag(explain(\%probe));
	cmp_ok($p99, '<', 1, 'the probe\'s p99 is under 1 s');
	return %seen;
}

behaviour('a login flood from 60 addresses: the probe sees only 200s, the slowest under 1 s; the flood gets 422, 429 or 503 with Retry-After, nothing else', sub {
	my $probe = new_user();
	my $until = time + $SECONDS;
	my @kids;
	for my $k (0 .. $PROCS - 1) {
		my $pid = open(my $fh, '-|') // die "fork: $!";
		flood($k, $until) if $pid == 0;
		push @kids, $fh;
	}
	my %flood = probe_while($probe, \@kids, $until);
	ok(($flood{422} // 0) > 0, 'the flood had passwords checked (422)');
	my @other = grep { !/^(?:422|429|503)$/ } keys %flood;
	is("@other", '', 'the flood got nothing but 422, 429 and 503');
	is($flood{'503-no-retry'} // 0, 0, 'every 503 said when to retry');
});

# One account's import, twice in a row, of N workouts a minute apart (its
# own rows each time, so the second finds all there): prints its statuses.
sub importer {
	my ($u, $n) = @_;
	my $csv = "performed_at,exercise,reps,duration_seconds,calories,calories_estimated,note,set,load_kg\r\n";
	$csv .= sprintf("%s,push-up,%d,0,,false,,1,\r\n", POSIX::strftime('%Y-%m-%dT%H:%M:00+00:00',
	    gmtime(1262304000 + 60 * $_)), 1 + $_ % 50) for 0 .. $n - 1;
	my %seen;
	for (1, 2) {
		my $res = $u->post_multipart('/import', {}, { file => ['big.csv', $csv] }, from => '/import');
		$seen{$res->{status}}++;
	}
	print join(' ', map { "$_=$seen{$_}" } sort keys %seen), "\n";
	POSIX::_exit(0);
}

behaviour('four accounts import 20,000 workouts twice each at once: the probe sees only 200s under 1 s; imports answer 303, 409 or 503, nothing saved twice', sub {
	my @users = map { new_user() } 1 .. 4;
	my $probe = new_user();
	my $until = time + $SECONDS;
	my @kids;
	for my $u (@users) {
		my $pid = open(my $fh, '-|') // die "fork: $!";
		importer($u, 20000) if $pid == 0;
		push @kids, $fh;
	}
	my %seen = probe_while($probe, \@kids, $until);
	my @other = grep { !/^(?:303|409|503)$/ } keys %seen;
	is("@other", '', 'the imports got nothing but 303, 409 and 503');
	ok(($seen{303} // 0) > 0, '... some imports were saved');
	my $ids = join(', ', map { sql_quote($_->{id}) } @users);
	is(psql("SELECT count(*) FROM (SELECT user_id, performed_at FROM exbuddy.workouts WHERE user_id IN ($ids) "
	    . "GROUP BY 1, 2 HAVING count(*) > 1) d"), 0, '... no workout saved twice');
});

done_testing();
