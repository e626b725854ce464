# 05_master.t — the prefork master on its own (no nginx): socket mode,
# recycling after --max-requests, SIGHUP reload (and a failed one), a
# second server on the same socket, SIGTERM stop, and start-up errors for
# broken templates. Talks FastCGI directly. Each behaviour starts a server
# of its own, on a copy of templates/ of its own (so that the reload tests
# can change it), and stops it before it ends.
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
my @servers;	# every server started here: {pid, sock, pidfile, errlog, tdir, ...}

# Never leave a server behind, whatever fails.
END {
	local $?;	# keep the test's exit status
	stop_server($_) for @servers;
}

# A process that exists and is not a zombie.
sub alive {
	my $s = EB::slurp("/proc/$_[0]/stat") // return 0;
	return $s !~ /^\d+ \(.*\) Z /s;
}

sub log_text { EB::slurp($_[0]{errlog}) // '' }

sub reaped {
	my ($s) = @_;
	return 1 if $s->{reaped};
	return 0 unless waitpid($s->{pid}, WNOHANG) == $s->{pid};
	$s->{exit_status} = $?;
	return $s->{reaped} = 1;
}

# start_server(marker => TEXT): our own server against the stack's
# database, in a new directory, on a new copy of templates/ (TEXT added to
# index.tmpl); 2 workers that each serve 5 requests. Checks it is up, with
# its 2 workers.
sub start_server {
	my (%opt) = @_;
	my $tmp = tempdir('eb-master-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $s = { tmp => $tmp, sock => "$tmp/s.sock", pidfile => "$tmp/m.pid",
	    errlog => "$tmp/err.log", tdir => "$tmp/templates" };
	mkdir $s->{tdir} or die "$s->{tdir}: $!";
	copy($_, $s->{tdir}) or die "copy $_: $!" for glob "$top/templates/*.tmpl";
	if (defined $opt{marker}) {
		open(my $fh, '>>', "$s->{tdir}/index.tmpl") or die "index.tmpl: $!";
		print $fh $opt{marker};
		close $fh;
	}
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		open(STDIN, '<', '/dev/null');
		open(STDOUT, '>>', $s->{errlog});
		open(STDERR, '>>', $s->{errlog});
		exec(@bin, 'serve', '--socket', $s->{sock}, '--pidfile', $s->{pidfile},
		    '--workers', 2, '--max-requests', 5, '--templates', $s->{tdir},
		    '--dsn', $dsn) or POSIX::_exit(127);
	}
	$s->{pid} = $pid;
	push @servers, $s;
	ok(wait_until(sub { -S $s->{sock} && -s $s->{pidfile} }, 5),
	    'the server is up: socket and pid file')
	    or BAIL_OUT('exbuddy serve did not start: ' . log_text($s));
	return $s;
}

sub workers_ok {
	my ($s) = @_;
	ok(wait_until(sub { worker_pids($s->{pid}) == 2 }, 5), 'the master forks 2 workers');
}

# Stops a server of start_server (TERM, then KILL after 5 s); no checks.
sub stop_server {
	my ($s) = @_;
	return if !$s->{pid} || reaped($s);
	my @kids = worker_pids($s->{pid});
	kill 'TERM', $s->{pid};
	unless (wait_until(sub { reaped($s) }, 5)) {
		kill 'KILL', $s->{pid}, @kids;
		waitpid($s->{pid}, 0);
		$s->{reaped} = 1;
	}
}

# n requests to /; returns how many answered 200 and the worker pids seen
# in the log lines of their request ids.
sub get_n {
	my ($s, $n) = @_;
	my ($ok, @rids) = (0);
	for (1 .. $n) {
		my $res = fcgi_get($s->{sock}, '/');
		if ($res && $res->{status} == 200) {
			$ok++;
			push @rids, $res->{headers}{'x-request-id'} // 'none';
		} else {
			diag('request failed: ' . ($res ? "status $res->{status}" : $@));
		}
	}
	my $log = log_text($s);
	my %pids = map { $log =~ /exbuddy\[(\d+)\]: GET \/ 200 [^\n]*rid=$_/ ? ($1 => 1) : () } @rids;
	return ($ok, sort keys %pids);
}

behaviour('the master starts with its pid in the pid file, a 0660 socket and 2 workers', sub {
	my $s = start_server();
	my $master = EB::slurp($s->{pidfile}) =~ s/\s+//gr;
	is($master, $s->{pid}, 'the pid file holds the master pid');
	is((stat $s->{sock})[2] & 07777, 0660, 'the socket has mode 0660');
	workers_ok($s);
	stop_server($s);
});

behaviour('the master answers FastCGI: / is the home page, an unknown path 404', sub {
	my $s = start_server();
	my $res = fcgi_get($s->{sock}, '/');
	ok($res, 'a FastCGI request gets an answer') or diag($@);
	is($res && $res->{status}, 200, 'GET / over FastCGI is 200');
	like($res ? $res->{body} : '', qr/Exercise Buddy/, 'and is the home page');
	$res = fcgi_get($s->{sock}, '/nope');
	is($res && $res->{status}, 404, 'GET /nope over FastCGI is 404');
	stop_server($s);
});

# 2 workers of 5 requests cannot answer 12 requests alone.
behaviour('workers are recycled after --max-requests and exit cleanly', sub {
	my $s = start_server();
	workers_ok($s);
	my @first = worker_pids($s->{pid});
	# The two requests a fresh server answered before these in the
	# unsplit test: 14 in all, as then.
	fcgi_get($s->{sock}, $_) for '/', '/nope';
	my ($ok, @served) = get_n($s, 12);
	is($ok, 12, '12 more requests all answer 200');
	cmp_ok(scalar @served, '>', 2, 'they were answered by more than 2 workers')
	    or diag("served by @served");
	my %first = map { $_ => 1 } @first;
	my @now;
	ok(wait_until(sub { @now = worker_pids($s->{pid}); @now == 2 && !grep { $first{$_} } @now }, 5),
	    'both first workers were recycled; 2 new ones run') or diag("first @first, now @now");
	unlike(log_text($s), qr/killed by signal|exited with/, 'recycled workers exited cleanly');
	stop_server($s);
});

behaviour('SIGHUP reloads: new templates, new workers, the same master', sub {
	my $s = start_server();
	workers_ok($s);
	my $pid = $s->{pid};
	open(my $fh, '>>', "$s->{tdir}/index.tmpl") or die "$s->{tdir}/index.tmpl: $!";
	print $fh "<p>reload marker 4711</p>\n";
	close $fh;
	my @old = worker_pids($pid);
	my %old = map { $_ => 1 } @old;
	my @now;
	ok(kill('HUP', $pid), 'SIGHUP to the master');
	ok(wait_until(sub { @now = worker_pids($pid); @now == 2 && !grep { $old{$_} } @now }, 5),
	    'within 5 s all workers are new') or diag("before @old, now @now");
	ok(alive($pid), 'the master is still running');
	is(EB::slurp($s->{pidfile}) =~ s/\s+//gr, $pid, 'the pid file is unchanged');
	like(log_text($s), qr/exbuddy: reloaded/, 'the log says reloaded');
	my ($ok) = get_n($s, 4);
	is($ok, 4, 'requests after the reload answer 200');
	my $res = fcgi_get($s->{sock}, '/');
	like($res ? $res->{body} : '', qr/reload marker 4711/, 'and use the changed template');
	stop_server($s);
});

behaviour('SIGHUP with a broken template is refused: the workers and their templates stay', sub {
	# Started with the marker a successful reload would have brought.
	my $s = start_server(marker => "<p>reload marker 4711</p>\n");
	workers_ok($s);
	my $pid = $s->{pid};
	my @old = worker_pids($pid);
	open(my $fh, '>', "$s->{tdir}/broken.tmpl") or die "$s->{tdir}/broken.tmpl: $!";
	print $fh "<TMPL_IF name=\"x\">never closed\n";
	close $fh;
	ok(kill('HUP', $pid), 'SIGHUP with a broken template');
	ok(wait_until(sub { log_text($s) =~ /reload failed; keeping workers/ }, 5),
	    'the log says the reload failed');
	like(log_text($s), qr/broken\.tmpl:1:/, 'naming broken.tmpl:1:');
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
	my $res = fcgi_get($s->{sock}, '/');
	is($res && $res->{status}, 200, 'and answer 200');
	like($res ? $res->{body} : '', qr/reload marker 4711/, 'with the templates they had');
	stop_server($s);
});

behaviour('a second server on the same socket is refused, the first one unharmed', sub {
	my $s = start_server();
	my $r = run_cmd(5, @bin, 'serve', '--socket', $s->{sock}, '--pidfile',
	    "$s->{tmp}/m2.pid", '--workers', 1, '--templates', $s->{tdir}, '--dsn', $dsn);
	ok($r->{exit}, 'a second server on the same socket exits non-zero')
	    or diag('exit ' . ($r->{exit} // 'none (killed after 5 s)'));
	like($r->{err}, qr/in use/, 'saying the socket is in use') or diag($r->{err});
	ok(!-e "$s->{tmp}/m2.pid", 'and writes no pid file');
	ok(-S $s->{sock}, 'the socket is still there');
	is((fcgi_get($s->{sock}, '/healthz') // {})->{status}, 200, 'the first server still answers');
	stop_server($s);
});

behaviour('SIGTERM: the master stops its workers, cleans up and exits', sub {
	my $s = start_server();
	workers_ok($s);
	my @last = worker_pids($s->{pid});
	ok(kill('TERM', $s->{pid}), 'SIGTERM to the master');
	ok(wait_until(sub { reaped($s) }, 5), 'the master exits within 5 s');
	is($s->{exit_status}, 0, 'with status 0');
	ok(!-e $s->{sock}, 'the socket file is removed');
	ok(!-e $s->{pidfile}, 'the pid file is removed');
	is(scalar(grep { alive($_) } @last), 0, 'its workers are gone');
	like(log_text($s), qr/exbuddy: stopped/, 'the log says stopped');
	stop_server($s);	# only when it did not stop
});

# A copy of templates/ with bad.tmpl, broken on its line 3.
sub broken_templates {
	my $bad = tempdir('eb-tmpl-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	copy($_, $bad) or die "copy $_: $!" for glob "$top/templates/*.tmpl";
	open(my $fh, '>', "$bad/bad.tmpl") or die "$bad/bad.tmpl: $!";
	print $fh "<p>one</p>\n<p>two</p>\n<p><TMPL_VAR name=\"x\" fmt=\"bogus\"></p>\n";
	close $fh;
	return $bad;
}

behaviour('serve refuses broken templates at start-up, naming file:line', sub {
	my $bad = broken_templates();
	my $tmp = tempdir('eb-master-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $r = run_cmd(5, @bin, 'serve', '--socket', "$tmp/bad.sock", '--pidfile',
	    "$tmp/bad.pid", '--workers', 1, '--templates', $bad, '--dsn', $dsn);
	ok(defined $r->{exit}, 'serve with a broken template exits at once');
	ok($r->{exit}, 'with a non-zero status') or diag("exit $r->{exit}");
	like($r->{err}, qr/bad\.tmpl:3:/, 'naming bad.tmpl:3:') or diag($r->{err});
	ok(!-e "$tmp/bad.sock" && !-e "$tmp/bad.pid", 'leaving no socket or pid file');
});

behaviour('check names a broken template by file:line, and passes templates/', sub {
	my $bad = broken_templates();
	my $r = run_cmd(5, @bin, 'check', '--templates', $bad);
	is($r->{exit}, 1, 'check with the broken template exits 1');
	like($r->{err}, qr/bad\.tmpl:3:/, 'naming bad.tmpl:3:');
	$r = run_cmd(5, @bin, 'check', '--templates', "$top/templates");
	is($r->{exit}, 0, 'check --templates templates/ exits 0') or diag($r->{err});
});

done_testing;
