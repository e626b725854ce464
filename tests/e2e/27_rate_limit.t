# 27_rate_limit.t — nginx's per-address limit on POSTs to /login and /signup
# engages (429 with our headers and a page) while GETs stay unlimited, and
# it lets requests through again once the bucket refills.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(sleep);
use File::Temp ();
use POSIX ();
use EB;

my $n = 40;	# far more than the burst (10) in well under a second
my @pids;
my $dir = File::Temp::tempdir(CLEANUP => 1);
for my $i (1 .. $n) {
	my $pid = fork() // die "fork: $!";
	if ($pid == 0) {
		my $res = req('POST', '/login', { headers => { 'Content-Type' =>
		    'application/x-www-form-urlencoded' }, content => 'login=x' });
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
ok(($count{429} // 0) > 0, "some of $n quick POSTs to /login are refused "
    . 'with 429 (' . join(', ', map { "$_: $count{$_}" } sort keys %count) . ')');
ok(($count{403} // 0) > 0, 'the first ones reach exbuddy (403: no CSRF token)');
is(($count{429} // 0) + ($count{403} // 0), $n, 'nothing else was answered');

my $res = req('POST', '/login', { headers => { 'Content-Type' =>
    'application/x-www-form-urlencoded' }, content => 'login=x' });
if ($res->{status} == 429) {
	security_headers_ok($res, 'nginx 429');
	like($res->{content}, qr/Too many attempts/, 'the 429 page says why');
	like($res->{headers}{'retry-after'} // '', qr/^\d+$/, 'with Retry-After');
} else {
	fail('a POST straight after the burst is limited too');
}
is(req('GET', '/login')->{status}, 200, 'GET /login is not limited');

# The bucket refills (300r/m in tests: 5 a second; the burst of 10 in 2 s).
sleep 3;
is(req('POST', '/login', { headers => { 'Content-Type' =>
    'application/x-www-form-urlencoded' }, content => 'login=x' })->{status},
    403, 'after a pause POSTs reach exbuddy again');
done_testing();
