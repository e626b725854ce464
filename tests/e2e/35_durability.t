# 35_durability.t — at start `exbuddy serve` warns in its log, a line each,
# when PostgreSQL runs with fsync, synchronous_commit or full_page_writes
# off, saying what a crash can then lose; it says nothing when they are on.
# The stack's PostgreSQL runs with fsync off (tests/run: PG_FSYNC=off); a
# cluster of this file's own, started by deploy/stack with fsync on when a
# behaviour first needs it, gives the rest. Each behaviour starts servers
# of its own and stops them; a setting it changes it sets back.
use strict;
use warnings;
use File::Temp qw(tempdir);
use POSIX qw(WNOHANG);
use Test::More;
use EB;

my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $stack_db = $ENV{EXBUDDY_DB} // 'exbuddy';
my $stack = "$top/deploy/stack";
my $own;	# the directory of our own cluster, once started

END {
	local $?;	# keep the test's exit status
	system($stack, 'pg-stop', $own) if $own;
}

# Our own cluster, fsync on: its socket directory.
sub own_host {
	return "$own/pg" if $own;
	my $dir = tempdir('eb-durable-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	chmod 0755, $dir;
	mkdir "$dir/$_" or die "$dir/$_: $!" for 'pg', 'log';
	my (undef, undef, $uid, $gid) = getpwnam('postgres') or die 'no user postgres';
	chown $uid, $gid, "$dir/pg";
	chmod 0700, "$dir/pg";
	$own = $dir;
	local $ENV{PG_FSYNC} = 'on';
	is(system($stack, 'pg-start', $dir), 0, 'setup: a cluster of our own, fsync on')
	    or BAIL_OUT('cannot start a PostgreSQL cluster');
	return "$dir/pg";
}

# SQL as postgres on HOST (a socket directory), database DB; trimmed output.
sub psql_on {
	my ($host, $db, $sql) = @_;
	my $r = run_cmd(60, 'psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1',
	    '-h', $host, '-U', 'postgres', '-d', $db, '-c', $sql);
	diag("psql: $sql: $r->{err}") if ($r->{exit} // -1) != 0;
	return $r->{out} =~ s/\s+\z//r;
}

# Starts `exbuddy serve` against DSN, waits until it serves, stops it
# (TERM) and returns what it logged.
sub serve_log {
	my ($dsn) = @_;
	my $tmp = tempdir('eb-durable-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $log = "$tmp/exbuddy.log";
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		open(STDIN, '<', '/dev/null');
		open(STDOUT, '>>', $log);
		open(STDERR, '>>', $log);
		exec(exbuddy_cmd(), 'serve', '--socket', "$tmp/s.sock", '--pidfile',
		    "$tmp/m.pid", '--workers', 1, '--templates', "$top/templates",
		    '--dsn', $dsn) or POSIX::_exit(127);
	}
	my $up = wait_until(sub { (EB::slurp($log) // '') =~ /serving on/ ||
	    waitpid($pid, WNOHANG) == $pid }, 60);
	ok($up && (EB::slurp($log) // '') =~ /serving on/, 'the server starts')
	    or diag(EB::slurp($log));
	kill 'TERM', $pid;
	unless (wait_until(sub { waitpid($pid, WNOHANG) != 0 }, 30)) {
		kill 'KILL', $pid;
		waitpid($pid, 0);
	}
	return EB::slurp($log) // '';
}

sub warnings_in { return [$_[0] =~ /^exbuddy: warning: (.*)$/mg] }

behaviour('with fsync off (the test stack), serve warns once at start, saying a crash can corrupt the database', sub {
	is(psql_on($pghost, $stack_db, 'SHOW fsync'), 'off',
	    "setup: the stack's PostgreSQL runs with fsync off (tests/run sets PG_FSYNC=off)");
	is(psql_on($pghost, $stack_db, q{SELECT current_setting('synchronous_commit') || ' ' ||
	    current_setting('full_page_writes')}), 'on on', 'setup: and the other two on');
	my $log = serve_log("host=$pghost dbname=$stack_db user=exbuddy_app");
	my $w = warnings_in($log);
	is(scalar @$w, 1, 'one warning') or diag($log);
	like($w->[0] // '', qr/^PostgreSQL runs with fsync off: a power cut or an operating system crash can corrupt the database/,
	    'naming fsync and what a crash can lose');
	like($log, qr/warning: .*\n(?:.*\n)*exbuddy: serving on/, 'before the server says it is serving');
});

behaviour('with fsync, synchronous_commit and full_page_writes on, serve warns of nothing', sub {
	my $host = own_host();
	is(psql_on($host, 'postgres', q{SELECT current_setting('fsync') || ' ' ||
	    current_setting('synchronous_commit') || ' ' || current_setting('full_page_writes')}),
	    'on on on', 'setup: all three on');
	my $log = serve_log("host=$host dbname=postgres user=postgres");
	is_deeply(warnings_in($log), [], 'no warning') or diag($log);
});

behaviour("synchronous_commit off for the app's database: serve warns of it alone", sub {
	my $host = own_host();
	my $db = "exbuddy_durable_$$";
	psql_on($host, 'postgres', "CREATE DATABASE $db");
	psql_on($host, 'postgres', "ALTER DATABASE $db SET synchronous_commit = off");
	my $log = serve_log("host=$host dbname=$db user=postgres");
	my $w = warnings_in($log);
	is(scalar @$w, 1, 'one warning') or diag($log);
	like($w->[0] // '', qr/^PostgreSQL runs with synchronous_commit off: a crash .* can lose the changes of the last moments/,
	    'naming synchronous_commit and what a crash can lose');
	psql_on($host, 'postgres', "DROP DATABASE $db WITH (FORCE)");
});

behaviour('full_page_writes off: serve warns of it alone', sub {
	my $host = own_host();
	psql_on($host, 'postgres', 'ALTER SYSTEM SET full_page_writes = off');
	psql_on($host, 'postgres', 'SELECT pg_reload_conf()');
	ok(wait_until(sub { psql_on($host, 'postgres', 'SHOW full_page_writes') eq 'off' }, 10),
	    'setup: full_page_writes is off');
	my $log = serve_log("host=$host dbname=postgres user=postgres");
	my $w = warnings_in($log);
	is(scalar @$w, 1, 'one warning') or diag($log);
	like($w->[0] // '', qr/^PostgreSQL runs with full_page_writes off: .* half written and the database corrupt/,
	    'naming full_page_writes and what a crash can lose');
	psql_on($host, 'postgres', 'ALTER SYSTEM RESET full_page_writes');
	psql_on($host, 'postgres', 'SELECT pg_reload_conf()');
	ok(wait_until(sub { psql_on($host, 'postgres', 'SHOW full_page_writes') eq 'on' }, 10),
	    'full_page_writes is on again');
});

behaviour('PostgreSQL unreachable at start: serve says it could not check, and serves', sub {
	my $log = serve_log("host=/nonexistent dbname=exbuddy user=exbuddy_app");
	like($log, qr/^exbuddy: warning: could not check PostgreSQL's fsync, synchronous_commit and full_page_writes$/m,
	    'a warning says the settings could not be checked') or diag($log);
});

done_testing;
