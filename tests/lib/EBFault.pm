# EBFault.pm — helpers for the fault-injection tests (tests/faults/*.t):
# the mode (short in make test, full in make test-faults), many signed-in
# clients at once, a keep-alive POST of a workout, what a response was
# (ours or nginx's 503), faults (SIGKILL to a worker, PostgreSQL
# restarted, stopped, started), wrk with tests/faults/mix.lua, a
# process's memory and descriptors.
#
#   my $full = full_mode();                 # EXBUDDY_FAULTS=full
#   my @u = signed_in_users(16);            # EBAccount clients, signed up
#   my $http = keepalive_http();            # HTTP::Tiny, keep-alive
#   my $res = post_workout($http, $u, $submission, $n);
#   my $kind = response_kind($res);         # 303, app503, nginx503, socket, ...
#   my $victim = kill_random_worker();
#   pg_ctl_ok('restart');                   # -m fast, as postgres
#   pg_ctl_ok('pg-stop'); pg_ctl_ok('pg-start');   # deploy/stack's
#   my $r = run_wrk(seconds => 15, connections => 64, users => \@u);
package EBFault;
use strict;
use warnings;
use Exporter qw(import);
use HTTP::Tiny;
use IO::Handle;
use Storable ();
use POSIX ();
use Time::HiRes qw(time sleep);
use EB ();
use EBAccount ();

our @EXPORT = qw(full_mode signed_in_users keepalive_http post_workout
    workout_fields response_kind kill_random_worker pg_bindir pg_ctl_ok pg_stack
    wait_workers run_wrk proc_rss_kb proc_fds pg_amcheck_ok);

# 1 when EXBUDDY_FAULTS=full (make test-faults): the long forms.
sub full_mode { return ($ENV{EXBUDDY_FAULTS} // '') eq 'full' ? 1 : 0 }

# signed_in_users(N): N new users, each signed up (and so signed in) by a
# client of its own, with the session's CSRF token in {csrf}; deleted
# when the test ends, as new_user's are. Two sign-ups run at once (the
# password hashes take the time: EXBUDDY_HASH_MAX is 2). nginx's limit on
# sign-ups (EXBUDDY_AUTH_RATE) answers 429 past its burst, a busy or
# killed worker 503 or 502: then a child waits and tries again, as a
# person would.
sub signed_in_users {
	my ($n) = @_;
	my @kids;
	for my $k (0 .. 1) {
		my $want = int($n / 2) + ($k < $n % 2 ? 1 : 0);
		next unless $want;
		my $pid = open(my $fh, '-|') // die "fork: $!";
		if ($pid == 0) {
			my @made = eval { map { signup_one() } 1 .. $want };
			print STDERR "signed_in_users: $@" if $@;
			print Storable::nfreeze(\@made);
			STDOUT->flush;
			POSIX::_exit($@ ? 1 : 0);	# not END: the users stay
		}
		push @kids, $fh;
	}
	my @u;
	for my $fh (@kids) {
		my $blob = do { local $/; <$fh> };
		close $fh;
		my $made = eval { Storable::thaw($blob) } // [];
		for my $m (@$made) {
			my $c = EBAccount::client();
			$c->{jar} = $m->{jar};
			@$c{qw(csrf username email password id)} =
			    @$m{qw(csrf username email password id)};
			EBAccount::track_user($c->{id});
			push @u, $c;
		}
	}
	die "signed_in_users: " . scalar(@u) . " of $n signed up\n" unless @u == $n;
	return @u;
}

sub signup_one {
	for my $try (1 .. 30) {
		my $u = eval { EBAccount::new_user() };
		if ($u) {
			die "no CSRF token for $u->{username}\n" unless defined $u->{csrf};
			return { jar => $u->{jar}, map { $_ => $u->{$_} }
			    qw(csrf username email password id) };
		}
		die $@ unless $@ =~ /answered (?:429|502|503)/;
		sleep 1;
	}
	die "no sign-up after 30 tries\n";
}

# An HTTP::Tiny that keeps its connection to nginx open between requests
# and follows no redirect.
sub keepalive_http {
	return HTTP::Tiny->new(keep_alive => 1, max_redirect => 0, timeout => 30,
	    agent => 'exbuddy-faults');
}

# workout_fields(SUBMISSION, N): the log form of workout number N (push-ups,
# 1 to 50 reps, a minute apart from 2025-01-01 00:00 on, in the user's
# zone), with that submission id.
sub workout_fields {
	my ($sub, $n) = @_;
	my $t = 1735689600 + 60 * $n;	# 2025-01-01 00:00 UTC
	return { exercise => 'push-up', reps => 1 + $n % 50, minutes => '',
	    seconds => '', calories => '', note => '', submission => $sub,
	    date => POSIX::strftime('%Y-%m-%d', gmtime $t),
	    time => POSIX::strftime('%H:%M', gmtime $t) };
}

# post_workout(HTTP, USER, SUBMISSION, N): POST /workouts/new of
# workout_fields(SUBMISSION, N) with USER's cookie and CSRF token; the
# HTTP::Tiny response.
sub post_workout {
	my ($http, $u, $sub, $n) = @_;
	my %f = (%{workout_fields($sub, $n)}, csrf => $u->{csrf});
	return $http->request(POST => EB::base_url() . '/workouts/new', {
	    headers => { Cookie => $u->cookie_header,
	    'Content-Type' => 'application/x-www-form-urlencoded' },
	    content => EBAccount::form_encode(\%f) });
}

# What a response was: its status, with a 5xx told apart by who wrote
# it: "app503" is exbuddy's page (the database is not answering: a
# statement timed out or the connection is gone), "busy503" exbuddy's
# password slots, "nginx502" / "nginx503" nginx's own page (@unavailable
# in nginx/exbuddy.conf.in: no worker answered, e.g. one killed while it
# served the request); "socket" when no HTTP response came at all
# (HTTP::Tiny's 599). Anything else is the bare status.
sub response_kind {
	my ($res) = @_;
	my $st = $res->{status} // 0;
	return 'socket' if $st == 599;
	return $st if $st < 500;
	my $c = $res->{content} // '';
	return "app$st" if $c =~ /The database is not answering/;
	return "busy$st" if $c =~ /The server is busy/;
	return "nginx$st" if $c =~ /Exercise Buddy is not answering right now/;
	return $st;
}

# SIGKILL to one of the stack's workers, picked at random; its pid, or
# undef when the master has no worker just now.
sub kill_random_worker {
	my @w = EB::worker_pids();
	return undef unless @w;
	my $victim = $w[int rand @w];
	return kill('KILL', $victim) ? $victim : undef;
}

# Waits until the master has all its workers again (a SIGKILLed worker is
# replaced within a second; one that crashed young after a backoff of up
# to 30 s, cgi/server.c); 1 or 0.
sub wait_workers {
	my ($seconds) = @_;
	my $master = EB::master_pid() // return 0;
	my $want = EB::configured_workers($master);
	return EB::wait_until(sub { EB::worker_pids($master) == $want }, $seconds);
}

# PostgreSQL's programs, as deploy/stack finds them.
sub pg_bindir {
	my $dir = `pg_config --bindir 2>/dev/null` // '';
	chomp $dir;
	($dir) = sort { $b cmp $a } glob '/usr/lib/postgresql/*/bin'
	    unless -x "$dir/pg_ctl";
	return $dir;
}

# pg_ctl(restart): PostgreSQL of the stack restarted with -m fast
# (sessions are ended, not waited for), as the postgres user, as
# deploy/stack runs it (the restart keeps the options it was started
# with); pg_ctl(stop): stopped with -m fast. Waits until done. Returns
# (exit status, seconds it took). Starting is deploy/stack's (pg_stack).
sub pg_ctl {
	my ($cmd) = @_;
	die "pg_ctl: restart or stop, not $cmd\n" unless $cmd =~ /^(?:restart|stop)$/;
	my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');
	my $t0 = time;
	my $r = EB::run_cmd(120, 'runuser', '-u', 'postgres', '--',
	    pg_bindir() . '/pg_ctl', '-D', "$var/pg/data", '-w', '-t', '60',
	    '-l', "$var/pg/postgresql.log", '-m', 'fast', $cmd);
	Test::More::diag("pg_ctl $cmd: " . ($r->{exit} // 'timeout') . " $r->{err}")
	    if ($r->{exit} // -1) != 0;
	return ($r->{exit} // -1, time - $t0);
}

# pg_stack(pg-start | pg-stop): deploy/stack's own start or stop of
# PostgreSQL (start returns once it accepts connections). Returns (exit
# status, seconds it took).
sub pg_stack {
	my ($cmd) = @_;
	my $t0 = time;
	my $rc = system(EB::env_or_skip('EXBUDDY_TEST_TOP') . '/deploy/stack', $cmd,
	    EB::env_or_skip('EXBUDDY_TEST_VAR'));
	return ($rc == -1 ? -1 : $rc >> 8, time - $t0);
}

sub pg_ctl_ok {
	my ($cmd) = @_;
	my ($rc, $took) = $cmd =~ /^pg-/ ? pg_stack($cmd) : pg_ctl($cmd);
	Test::More::is($rc, 0, ($cmd =~ /^pg-/ ? "deploy/stack $cmd" : "pg_ctl $cmd -m fast") .
	    sprintf(' (%.1f s)', $took));
	return $rc == 0;
}

# pg_amcheck_ok(): pg_amcheck over the test database (every table and
# index, with --heapallindexed) finds no corruption. amcheck is installed
# for it when missing and dropped again afterwards.
sub pg_amcheck_ok {
	my $host = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
	my $db = $ENV{EXBUDDY_DB} // 'exbuddy';
	my $had = EBAccount::psql_fast("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'");
	my $r = EB::run_cmd(300, pg_bindir() . '/pg_amcheck', '-h', $host, '-U',
	    'postgres', '-d', $db, '--install-missing', '--heapallindexed');
	EBAccount::psql_fast('DROP EXTENSION IF EXISTS amcheck') unless $had;
	my $ok = Test::More::ok(defined $r->{exit} && $r->{exit} == 0 &&
	    $r->{out} !~ /\S/, 'pg_amcheck --heapallindexed: no corruption');
	Test::More::diag('pg_amcheck exit ' . ($r->{exit} // 'timeout') .
	    ": $r->{out}$r->{err}") unless $ok;
	return $ok;
}

# run_wrk(seconds => S, connections => C, users => [EBAccount...],
# threads => T, timeout => SECONDS): wrk against the stack with
# tests/faults/mix.lua (GETs of /dashboard, /workouts, /week, /stats,
# /login and POSTs of a workout, each request as one of the users in
# turn). Returns the figures mix.lua prints: requests, duration_us,
# connect/read/write/timeout (socket errors), s2xx s3xx s4xx s5xx, rps,
# p50 p90 p99 p999 max (ms), posts; and {raw} (wrk's whole output).
sub run_wrk {
	my (%o) = @_;
	my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
	my @args = map { ($_->cookie_header, $_->{csrf}) } @{$o{users}};
	my $r = EB::run_cmd($o{seconds} + 60, 'wrk', '-t', $o{threads} // 2,
	    '-c', $o{connections}, '-d', "$o{seconds}s", '--timeout',
	    ($o{timeout} // 5) . 's', '-s', "$top/tests/faults/mix.lua",
	    EB::base_url(), '--', @args);
	my %res = (raw => "$r->{out}$r->{err}", exit => $r->{exit});
	if ($r->{out} =~ /^WRK-RESULT (.*)$/m) {
		%res = (%res, map { split /=/, $_, 2 } split ' ', $1);
	}
	return \%res;
}

# A process's resident memory in kB (VmRSS), or undef when it is gone.
sub proc_rss_kb {
	my $s = EB::slurp("/proc/$_[0]/status") // return undef;
	return $s =~ /^VmRSS:\s+(\d+) kB/m ? $1 : undef;
}

# A process's open file descriptors, or undef when it is gone.
sub proc_fds {
	opendir(my $d, "/proc/$_[0]/fd") or return undef;
	my $n = grep { /^\d+$/ } readdir $d;
	closedir $d;
	return $n;
}

1;
