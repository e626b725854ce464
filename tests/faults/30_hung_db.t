# 30_hung_db.t — a database that hangs or goes away costs a request, never
# a worker: a query kept waiting past statement_timeout (10 s, set by
# cgi/db.c at connect) by a lock a psql session holds ends as a plain 503
# page, other workers answer meanwhile, and the same worker serves the
# next request; with PostgreSQL stopped a page that needs it is a 503
# within 1 s, and pages are back within 2 s of PostgreSQL's return.
# (tests/e2e/04_database_down.t has the rest of a stopped database: /healthz
# 503 on every worker, / still 200, every worker reconnecting.)
#
# Full form only (make test-faults): a POST kept waiting the same way is a
# 503 that saves nothing, and saves once when sent again.
use strict;
use warnings;
use File::Temp qw(tempfile);
use IO::Handle;
use POSIX qw(_exit);
use Storable qw(retrieve store);
use Test::More;
use Time::HiRes qw(time sleep);
use EB;
use EBAccount qw(:DEFAULT psql_fast);
use EBFault;

base_url();
my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $var = $ENV{EXBUDDY_TEST_VAR};
my $log = "$var/log/exbuddy.log";
my $pg_down = 0;
END {
	# Whatever failed, later tests need PostgreSQL.
	if ($pg_down) {
		local $?;
		pg_stack('pg-start');
	}
}

# lock_table(TABLE): a psql session that holds an ACCESS EXCLUSIVE lock on
# exbuddy.TABLE (in an open transaction) until unlock($session).
sub lock_table {
	my ($table) = @_;
	my $pid = open(my $psql, '|-') // die "fork: $!";
	if ($pid == 0) {
		open(STDOUT, '>', '/dev/null');
		exec('psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', $pghost,
		    '-U', 'postgres', '-d', 'exbuddy') or _exit(127);
	}
	$psql->autoflush(1);
	print $psql "BEGIN;\nLOCK TABLE exbuddy.$table IN ACCESS EXCLUSIVE MODE;\n";
	my $held = wait_until(sub { psql_fast("SELECT count(*) FROM pg_locks l JOIN pg_class c "
	    . "ON c.oid = l.relation WHERE c.relname = '$table' AND l.mode = "
	    . "'AccessExclusiveLock' AND l.granted") == 1 }, 10);
	ok($held, "a psql session holds an ACCESS EXCLUSIVE lock on $table");
	return $psql;
}

sub unlock {
	my ($psql) = @_;
	print $psql "COMMIT;\n";
	close $psql;
}

# in_child(CODE): runs CODE (which returns a response) in a child and
# gives back a sub that waits for it: {res, secs} (undef after 40 s).
sub in_child {
	my ($code) = @_;
	my (undef, $file) = tempfile('eb-child-XXXXXX', TMPDIR => 1, UNLINK => 1);
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		my $t0 = time;
		my $res = $code->();
		store({ res => $res, secs => time - $t0 }, $file);
		_exit(0);	# not END: the parent's users stay
	}
	return sub {
		my $done = wait_until(sub { waitpid($pid, POSIX::WNOHANG()) == $pid }, 40);
		kill('KILL', $pid), waitpid($pid, 0) unless $done;
		my $r = -s $file ? retrieve($file) : undef;
		unlink $file;
		return $r;
	};
}

# The worker that served the request with this id, from the server log.
sub worker_of {
	my ($rid, $status) = @_;
	my ($pid) = (EB::slurp($log) // '') =~ /exbuddy\[(\d+)\]: \S+ \S+ \Q$status\E [^\n]*rid=\Q$rid\E/;
	return $pid;
}

# A plain error page: the status's page with what to do, nothing of the
# database's error, valid HTML, the security headers.
sub plain_503_ok {
	my ($res, $name) = @_;
	is($res->{status}, 503, "$name: 503");
	is(response_kind($res), 'app503', "$name: exbuddy's page: the database is not answering");
	unlike($res->{content} // '', qr/statement timeout|sqlstate|ERROR:|canceling statement|57014|lock timeout/i,
	    "$name: nothing of the database's error on the page");
	security_headers_ok($res, $name);
	tidy_ok($res->{content} // '', $name);
}

behaviour('a query kept waiting past statement_timeout is a plain 503; the others answer meanwhile; its worker serves the next request', sub {
	my ($u) = signed_in_users(1);
	my @workers = worker_pids();
	my $psql = lock_table('workouts');
	my $wait = in_child(sub { $u->get('/workouts') });
	sleep 0.5;
	my $t0 = time;
	my $other = $u->get('/settings');
	my $secs = time - $t0;
	is($other->{status}, 200, 'meanwhile /settings (no workouts read) answers 200');
	cmp_ok($secs, '<', 1, sprintf('... at once (%.2f s)', $secs));
	my $r = $wait->();
	ok($r, 'the waiting request was answered');
	my $res = $r ? $r->{res} : {};
	plain_503_ok($res, 'GET /workouts waiting on the lock');
	cmp_ok($r ? $r->{secs} : 0, '>=', 9.5, sprintf('... after statement_timeout, 10 s (%.1f s)',
	    $r ? $r->{secs} : 0));
	cmp_ok($r ? $r->{secs} : 99, '<', 15, '... not much later');
	my $rid = $res->{headers}{'x-request-id'} // '';
	my $worker = worker_of($rid, $res->{status} // 0);
	ok($worker, "the log names the worker that answered it (rid $rid)");
	like(EB::slurp($log) // '', qr/rid=\Q$rid\E sqlstate=57014 /, '... and the cancelled statement (57014)');
	unlock($psql);

	# The same worker, and every other, goes on serving.
	my %served;
	ok(wait_until(sub {
		my $x = $u->get('/workouts');
		return 0 unless $x->{status} == 200;
		my $p = worker_of($x->{headers}{'x-request-id'} // '', 200);
		$served{$p} = 1 if $p;
		return $worker && $served{$worker};
	}, 5), "worker $worker then answers GET /workouts with 200")
	    or diag('served by: ' . join(' ', sort keys %served));
	is(join(' ', worker_pids()), "@workers", 'no worker died or was replaced');
	is(psql_fast("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'exbuddy' "
	    . "AND state LIKE 'idle in transaction%'"), 0, 'no transaction of the app is left open');
});

# Full form only: another 10 s.
behaviour('a POST kept waiting past statement_timeout is a 503 that saves nothing; sent again it saves once', sub {
	my ($u) = signed_in_users(1);
	my $sub = '00000000-0000-4000-8000-' . sprintf('%012x', int rand 2**40);
	my $count = sub { psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = '
	    . sql_quote($u->{id}) . ' AND submission_id = ' . sql_quote($sub)) };
	my $psql = lock_table('workouts');
	my $wait = in_child(sub { post_workout(keepalive_http(), $u, $sub, 1) });
	my $r = $wait->();
	ok($r, 'the waiting POST was answered');
	plain_503_ok($r ? $r->{res} : {}, 'POST /workouts/new waiting on the lock');
	unlock($psql);
	is($count->(), 0, 'nothing was saved');
	my $res = post_workout(keepalive_http(), $u, $sub, 1);
	is($res->{status}, 303, 'sent again with the same submission id: 303');
	like($res->{headers}{location} // '', qr{^/dashboard\?saved=}, '... saved now');
	is($count->(), 1, '... once');
}) if full_mode();

behaviour('PostgreSQL stopped: a page that needs it is a plain 503 within 1 s; within 2 s of its return pages answer 200', sub {
	my ($u) = signed_in_users(1);
	is($u->get('/dashboard')->{status}, 200, '/dashboard before: 200');
	$pg_down = 1;
	pg_ctl_ok('pg-stop');
	my (@st, @secs);
	for my $i (1 .. 6) {	# each worker twice, or so
		my $t0 = time;
		my $res = $i == 6 ? post_workout(keepalive_http(), $u,
		    '00000000-0000-4000-8000-' . sprintf('%012x', int rand 2**40), 1) :
		    $u->get('/dashboard');
		push @secs, time - $t0;
		push @st, response_kind($res);
		plain_503_ok($res, 'GET /dashboard with PostgreSQL stopped') if $i == 1;
	}
	is("@st", join(' ', ('app503') x 6), '5 GETs of /dashboard and a POST of a workout: all 503');
	my ($slowest) = sort { $b <=> $a } @secs;
	cmp_ok($slowest, '<', 1, sprintf('each within 1 s (slowest %.2f s)', $slowest));

	pg_ctl_ok('pg-start');
	$pg_down = 0;
	my $t0 = time;
	my ($first, @after);
	ok(wait_until(sub { $u->get('/dashboard')->{status} == 200 }, 5),
	    'then /dashboard answers 200');
	$first = time - $t0;
	push @after, $u->get($_)->{status} for ('/dashboard', '/workouts', '/week') x 3;
	my $all = time - $t0;
	cmp_ok($first, '<=', 2, sprintf('... within 2 s of PostgreSQL\'s return (%.2f s)', $first));
	is("@after", join(' ', (200) x 9), '... and so do the 9 pages after it');
	cmp_ok($all, '<=', 2, sprintf('... all within 2 s (%.2f s)', $all));
});

done_testing;
