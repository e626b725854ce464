# 05_master.t — the prefork master on its own (no nginx): socket mode,
# recycling after --max-requests, SIGHUP reload (and a failed one), a
# second server on the same socket, SIGTERM stop, and start-up errors for
# broken templates. Talks FastCGI directly. Serves a copy of templates/
# so that the reload tests can change it.
use strict;
use warnings;
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use POSIX qw(WNOHANG);
use Test::More;
use EB;

my $top = $ENV{EXBUDDY_TEST_TOP};
my $pghost = $ENV{EXBUDDY_TEST_PGHOST};
plan skip_all => 'EXBUDDY_TEST_TOP and EXBUDDY_TEST_PGHOST are needed'
    unless $top && $pghost;
my @bin = exbuddy_cmd();
my $dsn = "host=$pghost dbname=exbuddy user=exbuddy_app";
my $tmp = tempdir('eb-master-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my ($sock, $pidfile, $errlog) = ("$tmp/s.sock", "$tmp/m.pid", "$tmp/err.log");
my $tdir = "$tmp/templates";
mkdir $tdir or die "$tdir: $!";
copy($_, $tdir) or die "copy $_: $!" for glob "$top/templates/*.tmpl";

my ($pid, $reaped, $exit_status);

# Never leave our server behind, whatever fails.
END {
	if ($pid && !$reaped) {
		local $?;	# keep the test's exit status
		my @kids = worker_pids($pid);
		kill 'TERM', $pid;
		unless (wait_until(sub { waitpid($pid, WNOHANG) == $pid }, 5)) {
			kill 'KILL', $pid, @kids;
			waitpid($pid, 0);
		}
	}
}

sub log_text { EB::slurp($errlog) // '' }

# A process that exists and is not a zombie.
sub alive {
	my $s = EB::slurp("/proc/$_[0]/stat") // return 0;
	return $s !~ /^\d+ \(.*\) Z /s;
}

sub reaped {
	return 1 if $reaped;
	return 0 unless waitpid($pid, WNOHANG) == $pid;
	$exit_status = $?;
	return $reaped = 1;
}

# n requests to /; returns how many answered 200 and the worker pids seen
# in the log lines of their request ids.
sub get_n {
	my ($n) = @_;
	my ($ok, @rids) = (0);
	for (1 .. $n) {
		my $res = fcgi_get($sock, '/');
		if ($res && $res->{status} == 200) {
			$ok++;
			push @rids, $res->{headers}{'x-request-id'} // 'none';
		} else {
			diag('request failed: ' . ($res ? "status $res->{status}" : $@));
		}
	}
	my $log = log_text();
	my %pids = map { $log =~ /exbuddy\[(\d+)\]: GET \/ 200 [^\n]*rid=$_/ ? ($1 => 1) : () } @rids;
	return ($ok, sort keys %pids);
}

# --- Start our own server against the stack's database. ------------------
$pid = fork // die "fork: $!";
if ($pid == 0) {
	open(STDIN, '<', '/dev/null');
	open(STDOUT, '>>', $errlog);
	open(STDERR, '>>', $errlog);
	exec(@bin, 'serve', '--socket', $sock, '--pidfile', $pidfile,
	    '--workers', 2, '--max-requests', 5, '--templates', $tdir,
	    '--dsn', $dsn) or POSIX::_exit(127);
}
ok(wait_until(sub { -S $sock && -s $pidfile }, 5), 'the server is up: socket and pid file')
    or BAIL_OUT('exbuddy serve did not start: ' . log_text());
my $master = EB::slurp($pidfile) =~ s/\s+//gr;
is($master, $pid, 'the pid file holds the master pid');
is((stat $sock)[2] & 07777, 0660, 'the socket has mode 0660');
ok(wait_until(sub { worker_pids($pid) == 2 }, 5), 'the master forks 2 workers');
my @first = worker_pids($pid);

my $res = fcgi_get($sock, '/');
ok($res, 'a FastCGI request gets an answer') or diag($@);
is($res && $res->{status}, 200, 'GET / over FastCGI is 200');
like($res ? $res->{body} : '', qr/Exercise Buddy/, 'and is the home page');
$res = fcgi_get($sock, '/nope');
is($res && $res->{status}, 404, 'GET /nope over FastCGI is 404');

# --- Recycling: 2 workers of 5 requests cannot answer 12 requests alone. ---
my ($ok, @served) = get_n(12);
is($ok, 12, '12 more requests all answer 200');
cmp_ok(scalar @served, '>', 2, 'they were answered by more than 2 workers')
    or diag("served by @served");
my %first = map { $_ => 1 } @first;
my @now;
ok(wait_until(sub { @now = worker_pids($pid); @now == 2 && !grep { $first{$_} } @now }, 5),
    'both first workers were recycled; 2 new ones run') or diag("first @first, now @now");
unlike(log_text(), qr/killed by signal|exited with/, 'recycled workers exited cleanly');

# --- SIGHUP: new templates, new workers, same master. ---
open(my $fh, '>>', "$tdir/index.tmpl") or die "$tdir/index.tmpl: $!";
print $fh "<p>reload marker 4711</p>\n";
close $fh;
my @old = worker_pids($pid);
my %old = map { $_ => 1 } @old;
ok(kill('HUP', $pid), 'SIGHUP to the master');
ok(wait_until(sub { @now = worker_pids($pid); @now == 2 && !grep { $old{$_} } @now }, 5),
    'within 5 s all workers are new') or diag("before @old, now @now");
ok(alive($pid), 'the master is still running');
is(EB::slurp($pidfile) =~ s/\s+//gr, $pid, 'the pid file is unchanged');
like(log_text(), qr/exbuddy: reloaded/, 'the log says reloaded');
($ok) = get_n(4);
is($ok, 4, 'requests after the reload answer 200');
$res = fcgi_get($sock, '/');
like($res ? $res->{body} : '', qr/reload marker 4711/, 'and use the changed template');

# --- SIGHUP with a broken template: refused, the workers stay. ---
@old = worker_pids($pid);
open($fh, '>', "$tdir/broken.tmpl") or die "$tdir/broken.tmpl: $!";
print $fh "<TMPL_IF name=\"x\">never closed\n";
close $fh;
ok(kill('HUP', $pid), 'SIGHUP with a broken template');
ok(wait_until(sub { log_text() =~ /reload failed; keeping workers/ }, 5),
    'the log says the reload failed');
like(log_text(), qr/broken\.tmpl:1:/, 'naming broken.tmpl:1:');
# A refused reload keeps every worker; this server also recycles one after
# 5 requests, which may replace one of them meanwhile (not all: a reload).
{
	sleep 1;
	my %now = map { $_ => 1 } worker_pids($pid);
	my $kept = grep { $now{$_} } @old;
	ok($kept >= @old - 1 && $kept >= 1,
	    "the workers keep running ($kept of " . scalar(@old) . ' still there)')
	    or diag("before @old, now " . join(' ', keys %now));
}
$res = fcgi_get($sock, '/');
is($res && $res->{status}, 200, 'and answer 200');
like($res ? $res->{body} : '', qr/reload marker 4711/, 'with the templates they had');
unlink "$tdir/broken.tmpl";

# --- A second server on the same socket: refused, the first one unharmed. ---
my $r = run_cmd(5, @bin, 'serve', '--socket', $sock, '--pidfile', "$tmp/m2.pid",
    '--workers', 1, '--templates', $tdir, '--dsn', $dsn);
ok($r->{exit}, 'a second server on the same socket exits non-zero')
    or diag('exit ' . ($r->{exit} // 'none (killed after 5 s)'));
like($r->{err}, qr/in use/, 'saying the socket is in use') or diag($r->{err});
ok(!-e "$tmp/m2.pid", 'and writes no pid file');
ok(-S $sock, 'the socket is still there');
is((fcgi_get($sock, '/healthz') // {})->{status}, 200, 'the first server still answers');

# --- SIGTERM: the master stops its workers, cleans up and exits. ---
my @last = worker_pids($pid);
ok(kill('TERM', $pid), 'SIGTERM to the master');
ok(wait_until(\&reaped, 5), 'the master exits within 5 s');
is($exit_status, 0, 'with status 0');
ok(!-e $sock, 'the socket file is removed');
ok(!-e $pidfile, 'the pid file is removed');
is(scalar(grep { alive($_) } @last), 0, 'its workers are gone');
like(log_text(), qr/exbuddy: stopped/, 'the log says stopped');

# --- Broken templates: refused at start-up, naming file:line. ---
my $bad = tempdir('eb-tmpl-XXXXXX', TMPDIR => 1, CLEANUP => 1);
copy($_, $bad) or die "copy $_: $!" for glob "$top/templates/*.tmpl";
open($fh, '>', "$bad/bad.tmpl") or die "$bad/bad.tmpl: $!";
print $fh "<p>one</p>\n<p>two</p>\n<p><TMPL_VAR name=\"x\" fmt=\"bogus\"></p>\n";
close $fh;
$r = run_cmd(5, @bin, 'serve', '--socket', "$tmp/bad.sock", '--pidfile',
    "$tmp/bad.pid", '--workers', 1, '--templates', $bad, '--dsn', $dsn);
ok(defined $r->{exit}, 'serve with a broken template exits at once');
ok($r->{exit}, 'with a non-zero status') or diag("exit $r->{exit}");
like($r->{err}, qr/bad\.tmpl:3:/, 'naming bad.tmpl:3:') or diag($r->{err});
ok(!-e "$tmp/bad.sock" && !-e "$tmp/bad.pid", 'leaving no socket or pid file');

$r = run_cmd(5, @bin, 'check', '--templates', $bad);
is($r->{exit}, 1, 'check with the broken template exits 1');
like($r->{err}, qr/bad\.tmpl:3:/, 'naming bad.tmpl:3:');
$r = run_cmd(5, @bin, 'check', '--templates', "$top/templates");
is($r->{exit}, 0, 'check --templates templates/ exits 0') or diag($r->{err});

done_testing;
