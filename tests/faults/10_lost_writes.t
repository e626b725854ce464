# 10_lost_writes.t — no acknowledged write is lost or doubled through
# faults: 16 clients POST workouts (each with a submission id of its own)
# while a random worker is SIGKILLed every 2 s and PostgreSQL is restarted
# (pg_ctl restart -m fast) several times. A client whose POST fails (a
# 502 or 503 page) sends it again with the same submission id, as a
# person pressing Save again would; any other failure fails the test. Afterwards every submission answered
# 303 is in the database exactly once, nothing is there that was never
# sent, and pg_amcheck finds the tables and indexes sound.
#
# Short form (make test): 1,500 workouts, 2 restarts. Full form
# (EXBUDDY_FAULTS=full, make test-faults): 10,000 workouts, 5 restarts.
# EXBUDDY_FAULTS_WRITES overrides the number of workouts (to try it out).
#
# EXBUDDY_FAULTS_BREAK=retry (a client gives up on a failed POST instead of
# sending it again) or =lose (a saved row is deleted before the count)
# shows that the checks can fail.
use strict;
use warnings;
use File::Temp ();
use IO::Select;
use POSIX qw(WNOHANG _exit);
use Test::More;
use Time::HiRes qw(time sleep);
use EB;
use EBAccount qw(:DEFAULT psql_fast);
use EBFault;

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my $FULL = full_mode();
my $CLIENTS = 16;
my $WRITES = $ENV{EXBUDDY_FAULTS_WRITES} || ($FULL ? 10_000 : 1_500);
my $RESTARTS = $FULL ? 5 : 2;
my $KILL_EVERY = 2;		# seconds between two SIGKILLs to a worker
my $GIVE_UP = 60;		# seconds a client keeps retrying one POST
my $DEADLINE = $FULL ? 900 : 300;	# the whole run, at most
my $BREAK = $ENV{EXBUDDY_FAULTS_BREAK} // '';

my $var = $ENV{EXBUDDY_TEST_VAR};
my $pg_down = 0;
END {
	# Whatever failed, later tests need PostgreSQL.
	if ($pg_down || !-e "$var/pg/data/postmaster.pid") {
		local $?;
		system("$ENV{EXBUDDY_TEST_TOP}/deploy/stack", 'pg-start', $var);
	}
}

# One client: sends its workouts one after another on one keep-alive
# connection, each until it is answered 303. Writes a line per workout
# to $file: submission, outcome (new / already / gave-up), tries, the id
# of the saved workout (new), each failed try's kind (response_kind), and
# the seconds from its first try to its answer.
# A byte down $progress for each workout answered.
sub run_client {
	my ($i, $u, $first, $count, $run, $file, $progress) = @_;
	my $http = keepalive_http();
	open(my $out, '>', $file) or die "$file: $!";
	for my $n ($first .. $first + $count - 1) {
		my $sub = sprintf('%08x-%04x-4000-8000-%012x', $run, $i, $n);
		my ($tries, $t0, @failed, $outcome, $saved) = (0, time);
		while (1) {
			$tries++;
			my $res = post_workout($http, $u, $sub, $n);
			my $kind = response_kind($res);
			if ($kind eq '303') {
				my $loc = $res->{headers}{location} // '';
				($saved) = $loc =~ m{^/dashboard\?saved=([0-9a-f-]{36})$};
				$outcome = $saved ? 'new' : $loc eq '/dashboard' ?
				    'already' : "303:$loc";
				last;
			}
			push @failed, $kind;
			if ($BREAK eq 'retry' || time - $t0 > $GIVE_UP) {
				$outcome = 'gave-up';
				last;
			}
			sleep(0.05 * ($tries < 10 ? $tries : 10));
		}
		print $out join("\t", $sub, $outcome, $tries, $saved // '-',
		    join(',', @failed) || '-', sprintf('%.3f', time - $t0)), "\n";
		syswrite($progress, '.');
	}
	close $out or die "$file: $!";
}

# The fault loop: reads the clients' progress, kills a worker every
# $KILL_EVERY s, and restarts PostgreSQL each time another 1/($RESTARTS+1)
# of the workouts is answered (in a child of its own, so that the kills
# keep their pace). Returns {kills, restarts, restart_secs => [...],
# seconds, timed_out}.
sub inject {
	my ($progress, $kids) = @_;
	my $sel = IO::Select->new($progress);
	my %f = (kills => 0, no_worker => 0, restarts => 0, restart_secs => [],
	    timed_out => 0);
	my ($done, $started, $t0, $next_kill, $pg, $pg_t0) = (0, 0, time, time + $KILL_EVERY);
	my %alive = map { $_ => 1 } @$kids;
	while (%alive || $pg) {
		for my $fh ($sel->can_read(0.1)) {
			my $got = sysread($fh, my $buf, 65536);
			$sel->remove($fh) unless $got;
			$done += $got // 0;
		}
		for my $pid (keys %alive) {
			delete $alive{$pid} if waitpid($pid, WNOHANG) == $pid;
		}
		if ($pg && waitpid($pg, WNOHANG) == $pg) {
			my $rc = $? >> 8;
			push @{$f{restart_secs}}, time - $pg_t0;
			diag("pg_ctl restart exited $rc") if $rc;
			$f{restarts}++ unless $rc;
			$pg = undef;
			$pg_down = 0;
		}
		last unless %alive;
		if (time >= $next_kill) {
			kill_random_worker() ? $f{kills}++ : $f{no_worker}++;
			$next_kill += $KILL_EVERY while $next_kill <= time;
		}
		if (!$pg && $started < $RESTARTS &&
		    $done * ($RESTARTS + 1) >= ($started + 1) * $WRITES) {
			$started++;
			$pg_t0 = time;
			$pg_down = 1;
			$pg = fork // die "fork: $!";
			if ($pg == 0) {
				my ($rc) = EBFault::pg_ctl('restart');
				_exit($rc == 0 ? 0 : 1);
			}
		}
		if (time - $t0 > $DEADLINE) {
			$f{timed_out} = 1;
			kill 'KILL', keys %alive;
			waitpid($_, 0) for keys %alive;
			%alive = ();
		}
	}
	waitpid($pg, 0) if $pg;
	$f{seconds} = time - $t0;
	return \%f;
}

# The lines of the clients' files, as {sub => [outcome, tries, saved, failed, seconds]}.
sub results {
	my @files = @_;
	my %r;
	for my $file (@files) {
		open(my $fh, '<', $file) or next;
		while (<$fh>) {
			chomp;
			my ($sub, @rest) = split /\t/;
			$r{$sub} = \@rest;
		}
	}
	return \%r;
}

behaviour('every workout answered 303 is saved exactly once through worker kills and PostgreSQL restarts', sub {
	my @users = signed_in_users($CLIENTS);
	my %uid = map { $_->{id} => 1 } @users;
	my $in = join(', ', map { sql_quote($_) } sort keys %uid);
	is(psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id IN ($in)"), 0,
	    "$CLIENTS new users, no workouts yet");
	my $master = master_pid();
	my $run = int(rand(0xffffffff));
	my $dir = File::Temp::tempdir('eb-faults-XXXXXX', TMPDIR => 1, CLEANUP => 1);

	pipe(my $rd, my $wr) or die "pipe: $!";
	my (@kids, @files);
	my $first = 0;
	for my $i (0 .. $CLIENTS - 1) {
		my $count = int($WRITES / $CLIENTS) + ($i < $WRITES % $CLIENTS ? 1 : 0);
		my $file = "$dir/client$i";
		push @files, $file;
		my $pid = fork // die "fork: $!";
		if ($pid == 0) {
			close $rd;
			eval { run_client($i, $users[$i], $first, $count, $run, $file, $wr) };
			print STDERR "client $i: $@" if $@;
			_exit($@ ? 1 : 0);
		}
		push @kids, $pid;
		$first += $count;
	}
	close $wr;
	my $f = inject($rd, \@kids);
	ok(!$f->{timed_out}, "the clients finished within $DEADLINE s");
	is($f->{restarts}, $RESTARTS, "PostgreSQL was restarted $RESTARTS times under load");
	cmp_ok($f->{kills} + $f->{no_worker}, '>=', int($f->{seconds} / $KILL_EVERY) - 1,
	    "every $KILL_EVERY s a worker was killed ($f->{kills} in " .
	    sprintf('%.0f s; %d times none was running)', $f->{seconds}, $f->{no_worker}));
	cmp_ok($f->{kills}, '>', 0, 'workers were killed');

	# The stack is whole again.
	ok(wait_until(sub { req(GET => '/healthz')->{status} == 200 }, 30),
	    '/healthz answers 200 again');
	ok(wait_workers(40), 'the master has all its workers again');
	is(master_pid(), $master, 'the master is the same process');

	my $r = results(@files);
	my @sent = keys %$r;
	my @acked = grep { $r->{$_}[0] =~ /^(?:new|already)$/ } @sent;
	my (%out, %kind, $retried, $tries) = ((), (), 0, 0);
	for my $x (values %$r) {
		$out{$x->[0]}++;
		$retried++ if $x->[1] > 1;
		$tries += $x->[1];
		$kind{$_}++ for grep { $_ ne '-' } split /,/, $x->[3];
	}
	my ($longest) = sort { $b <=> $a } map { $_->[4] } values %$r;
	my %allowed = map { $_ => 1 } qw(nginx502 nginx503 app503);
	my $other = join(', ', map { "$_ $kind{$_}" } sort grep { !$allowed{$_} } keys %kind);
	# A workout answered "saved already" on its first try was saved by
	# someone else: impossible with ids of our own.
	my $already_first = grep { $r->{$_}[0] eq 'already' && $r->{$_}[1] == 1 } @sent;

	psql_fast('DELETE FROM exbuddy.workouts WHERE submission_id = ' .
	    sql_quote($acked[0])) if $BREAK eq 'lose' && @acked;
	my %db;
	for (split /\n/, psql_fast("SELECT coalesce(submission_id::text, 'none') || ' ' || "
	    . "id || ' ' || count(*) OVER (PARTITION BY submission_id) FROM exbuddy.workouts "
	    . "WHERE user_id IN ($in)")) {
		my ($sub, $id, $count) = split ' ';
		$db{$sub} = { id => $id, count => $count };
	}
	my @lost = grep { !$db{$_} } @acked;
	my $dup = 0;
	$dup += $_->{count} - 1 for values %db;
	my @unknown = grep { !$r->{$_} } keys %db;
	my @wrong_id = grep { $r->{$_}[0] eq 'new' && $db{$_} && $db{$_}{id} ne $r->{$_}[2] } @acked;

	diag(sprintf("lost writes (%s form): sent %d by %d clients in %.0f s (%.0f/s), "
	    . "acknowledged %d (%d saved, %d \"saved already\" on a retry), gave up %d, "
	    . "retried %d (%d tries in all; the longest took %.1f s to its 303); "
	    . "failed tries: 502 %d and 503 %d from nginx "
	    . "(no worker answered), 503 from exbuddy (database) %d, other %s; "
	    . "lost %d, duplicated %d, never sent %d; %d workers killed (%d times "
	    . "none was running), PostgreSQL restarted %d times (%s s each)",
	    $FULL ? 'full' : 'short', scalar @sent, $CLIENTS, $f->{seconds},
	    @sent / ($f->{seconds} || 1), scalar @acked, $out{new} // 0,
	    $out{already} // 0, $out{'gave-up'} // 0, $retried, $tries, $longest // 0,
	    $kind{nginx502} // 0, $kind{nginx503} // 0, $kind{app503} // 0,
	    $other || 'none', scalar @lost, $dup, scalar @unknown, $f->{kills},
	    $f->{no_worker}, $f->{restarts}, join(' ', map { sprintf '%.1f', $_ } @{$f->{restart_secs}})));

	is(scalar @sent, $WRITES, "$WRITES workouts were sent");
	is(scalar @acked, scalar @sent, 'every one was acknowledged (303), retried as needed');
	cmp_ok($retried, '>', 0, 'the faults were felt: some POSTs failed and were sent again');
	is($other, '', 'no try failed but with a 502 or 503 (no 500, no broken connection)');
	cmp_ok($longest // 0, '<', 30, 'none waited 30 s for its 303 (the site never went dark)');
	is($already_first, 0, 'none was "saved already" on its first try');
	is(scalar @lost, 0, 'lost: 0 (every acknowledged workout is in the database)')
	    or diag('lost: ' . join(' ', @lost[0 .. ($#lost < 9 ? $#lost : 9)]));
	is($dup, 0, 'duplicated: 0 (each submission id once)');
	is(scalar @unknown, 0, 'nothing in the database that was never sent')
	    or diag('unknown: ' . join(' ', @unknown[0 .. ($#unknown < 9 ? $#unknown : 9)]));
	is(scalar(keys %db), scalar @acked, 'as many workouts in the database as acknowledged');
	is(scalar @wrong_id, 0, 'each 303 led to the workout it saved (/dashboard?saved=ID)');
	pg_amcheck_ok();
});

done_testing;
