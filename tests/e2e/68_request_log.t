# 68_request_log.t — EXBUDDY_REQUEST_LOG: which requests exbuddy writes a
# line for. "all" (the default, and the stack's) logs every request;
# "problems" (what make install's exbuddy.conf sets) only answers of 500
# and more and requests that took 250 ms or more (the time's bound is
# tests/unit/test_http.c's). A value that is neither stops exbuddy at
# start with a message. Each site (EBSite) has one worker: a request's
# line is written before the worker takes the next request, so once the
# next one is answered, a line that is not in the log never will be.
use strict;
use warnings;
use POSIX ();
use Test::More;
use EB;
use EBSite;

my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');

# GET PATH on the current site: its status and request id.
sub get_rid {
	my ($path) = @_;
	my $res = req(GET => $path);
	return ($res->{status}, $res->{headers}{'x-request-id'} // '');
}

sub logged { my ($log, $rid) = @_; return (EB::slurp($log) // '') =~ /rid=\Q$rid\E\b/ }

behaviour('unset (all): every request has its line, a 200 and a 404 too', sub {
	my $site = EBSite->start(workers => 1);
	local $ENV{EXBUDDY_TEST_URL} = $site->url;
	my $log = "$site->{dir}/log/exbuddy.log";
	my @rids;
	for my $path ('/login', '/no-such-page') {
		my ($st, $rid) = get_rid($path);
		ok($rid, "GET $path ($st) has a request id");
		push @rids, $rid;
	}
	get_rid('/login');	# its answer: the lines before are written
	ok(logged($log, $_), "the log has the line of request $_") for @rids;
	like(EB::slurp($log) // '', qr/GET \/no-such-page 404 .*rid=\Q$rids[1]\E/,
	    'the 404 is logged with its method, path and status');
	$site->stop;
});

behaviour('problems: answers under 500 leave no line', sub {
	my $site = EBSite->start(workers => 1,
	    env => { EXBUDDY_REQUEST_LOG => 'problems' });
	local $ENV{EXBUDDY_TEST_URL} = $site->url;
	my $log = "$site->{dir}/log/exbuddy.log";
	my (%status, @rids);
	for my $path ('/login', '/healthz', '/no-such-page', '/workouts') {
		my ($st, $rid) = get_rid($path);
		cmp_ok($st, '<', 500, "GET $path answered $st");
		ok($rid, '... with a request id');
		$status{$st}++;
		push @rids, $rid;
	}
	ok($status{200} && $status{404}, 'among them a 200 and a 404');
	get_rid('/login');	# the worker ended the requests before this one
	ok(!logged($log, $_), "no line for request $_") for @rids;
	like(EB::slurp($log) // '', qr/serving on/, 'the log has what the server says at start');
	$site->stop;
});

behaviour('problems: a 503 (the database gone) has its line', sub {
	scratch_db('eb_reqlog', sub {
		my ($db) = @_;
		my $site = EBSite->start(workers => 1, db => $db,
		    env => { EXBUDDY_REQUEST_LOG => 'problems' });
		local $ENV{EXBUDDY_TEST_URL} = $site->url;
		my $log = "$site->{dir}/log/exbuddy.log";
		my ($st, $rid) = get_rid('/healthz');
		is($st, 200, 'GET /healthz answers 200 while its database is there');
		EB::scratch_drop($db);	# WITH (FORCE): the worker's connection too
		($st, $rid) = get_rid('/healthz');
		is($st, 503, 'then 503, the database gone');
		ok(wait_until(sub { logged($log, $rid) }, 10), 'the log has its line')
		    or diag(EB::slurp($log));
		like(EB::slurp($log) // '', qr/GET \/healthz 503 \S+ms db=\d+ rid=\Q$rid\E/,
		    'with its method, path, status and time');
		$site->stop;
	});
});

behaviour('a value that is neither all nor problems stops exbuddy at start', sub {
	my $r = run_cmd(30, 'env', 'EXBUDDY_REQUEST_LOG=quiet', exbuddy_cmd(),
	    'serve', '--socket', "$var/run/never-$$.sock", '--workers', 1);
	isnt($r->{exit}, 0, 'exbuddy serve exits with a failure');
	like($r->{err}, qr/EXBUDDY_REQUEST_LOG quiet is not all or problems/,
	    'saying what is wrong');
	ok(!-e "$var/run/never-$$.sock", 'it made no socket');
});

done_testing;
