# 27_rate_limit.t — nginx's per-address limit on POSTs to /login and /signup
# engages (429 with our headers and a page) while GETs stay unlimited, and
# it lets requests through again once the bucket refills. Each behaviour
# sends a burst of its own, and waits for the bucket to refill before it
# ends, so that the next one (and the next file) starts with a full bucket.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(sleep);
use File::Temp ();
use POSIX ();
use EB;

my $n = 40;	# far more than the burst (10) in well under a second
my $form = { 'Content-Type' => 'application/x-www-form-urlencoded' };

sub post_login { req('POST', '/login', { headers => $form, content => 'login=x' }) }

# $n POSTs to /login at once; {status => how many got it}.
sub burst {
	my @pids;
	my $dir = File::Temp::tempdir(CLEANUP => 1);
	for my $i (1 .. $n) {
		my $pid = fork() // die "fork: $!";
		if ($pid == 0) {
			my $res = post_login();
			open my $f, '>', "$dir/$i" or POSIX::_exit(1);
			print $f $res->{status}, "\n";
			close $f;
			POSIX::_exit(0);
		}
		push @pids, $pid;
	}
	waitpid($_, 0) for @pids;
	my %count;
	for my $i (1 .. $n) {
		open my $f, '<', "$dir/$i" or next;
		chomp(my $s = <$f> // '');
		$count{$s}++;
	}
	return \%count;
}

sub counts { my ($c) = @_; join(', ', map { "$_: $c->{$_}" } sort keys %$c) }

# The bucket refills (300r/m in tests: 5 a second; the burst of 10 in 2 s).
sub refill { sleep 3 }

behaviour('a burst of POSTs to /login is refused with 429 past the first ones', sub {
	my $count = burst();
	ok(($count->{429} // 0) > 0, "some of $n quick POSTs to /login are refused "
	    . 'with 429 (' . counts($count) . ')');
	ok(($count->{403} // 0) > 0, 'the first ones reach exbuddy (403: no CSRF token)');
	is(($count->{429} // 0) + ($count->{403} // 0), $n, 'nothing else was answered');
	refill();
});

behaviour("nginx's 429 has our security headers, a page that says why, and Retry-After", sub {
	my $count = burst();
	ok(($count->{429} // 0) > 0, 'setup: the burst was limited (' . counts($count) . ')');
	# The bucket refills at 5 a second: on a busy machine the burst may end
	# with room again, so POST at once until one is refused (quick serial
	# POSTs come far faster than 5 a second).
	my $res;
	for (1 .. $n) {
		$res = post_login();
		last if $res->{status} == 429;
	}
	if ($res->{status} == 429) {
		security_headers_ok($res, 'nginx 429');
		like($res->{content}, qr/Too many attempts/, 'the 429 page says why');
		like($res->{headers}{'retry-after'} // '', qr/^\d+$/, 'with Retry-After');
	} else {
		fail("POSTs straight after the burst are limited too (the last: $res->{status})");
	}
	refill();
});

behaviour('GET /login is not limited while POSTs are', sub {
	my $count = burst();
	ok(($count->{429} // 0) > 0, 'setup: the burst was limited (' . counts($count) . ')');
	is(req('GET', '/login')->{status}, 200, 'GET /login is not limited');
	refill();
});

behaviour('once the bucket refills, POSTs to /login reach exbuddy again', sub {
	my $count = burst();
	ok(($count->{429} // 0) > 0, 'setup: the burst was limited (' . counts($count) . ')');
	refill();
	is(post_login()->{status}, 403, 'after a pause POSTs reach exbuddy again');
});

done_testing();
