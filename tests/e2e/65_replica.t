# 65_replica.t — a read replica (EXBUDDY_DATABASE_READ_URL): a streaming
# replica of the stack's PostgreSQL on loopback (pg_basebackup -R, its own
# unix socket), and a site of its own (EBSite) whose history, week, stats,
# export and exercise pages read there. With the replica's replay paused,
# a browser that did not write reads the old data from it, while the
# browser that wrote sees its own workout at once (read-your-writes, from
# the primary); replayed, both see it. With the replica stopped, the same
# pages come from the primary. An exercise's page read from the replica
# keeps its records through the primary.
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);
use EBSite;

my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');
my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $dir = "$var/replica-$$";
my ($pgbin) = grep { -x "$_/pg_ctl" } ((run_cmd(10, 'pg_config', '--bindir')->{out} // '') =~ s/\s+//gr,
    reverse sort glob('/usr/lib/postgresql/*/bin'));
my $site;

sub pg { return run_cmd(120, 'runuser', '-u', 'postgres', '--', "$pgbin/$_[0]", @_[1 .. $#_]) }

sub stop_replica {
	pg('pg_ctl', '-D', "$dir/data", '-m', 'fast', '-w', 'stop') if -f "$dir/data/postmaster.pid";
}

END {
	local $?;
	$site->stop if $site;
	stop_replica();
	remove_tree($dir) if -d $dir;
}

# SQL on the replica, as postgres.
sub on_replica {
	my $r = run_cmd(30, 'psql', '-X', '-tA', '-h', $dir, '-U', 'postgres', '-d', 'exbuddy', '-c', $_[0]);
	die "replica: $r->{err}" if ($r->{exit} // -1) != 0;
	return $r->{out} =~ s/\s+\z//r;
}

# Until the replica has replayed everything the primary wrote so far.
sub caught_up {
	my $lsn = psql('SELECT pg_current_wal_lsn()');
	return wait_until(sub { on_replica("SELECT pg_last_wal_replay_lsn() >= '$lsn'") eq 't' }, 30);
}

# --- The fixture: the replica and a site reading from it. ----------------
make_path($dir);
run_cmd(10, 'chown', 'postgres:', $dir);
chmod 0755, $dir;
my $r = pg('pg_basebackup', '-h', $pghost, '-U', 'postgres', '-D', "$dir/data", '-R',
    '-X', 'stream', '-c', 'fast');
is($r->{exit}, 0, 'pg_basebackup -R of the stack: a streaming replica') or diag($r->{err});
$r = pg('pg_ctl', '-D', "$dir/data", '-l', "$dir/replica.log", '-w', '-t', '60', '-o',
    "-c listen_addresses='' -c unix_socket_directories='$dir' -c hot_standby=on", 'start');
is($r->{exit}, 0, 'the replica starts') or diag($r->{err} . (slurp("$dir/replica.log") // ''));
is(on_replica('SELECT pg_is_in_recovery()'), 't', 'it is a standby');
$site = EBSite->start(env => { EXBUDDY_DATABASE_READ_URL =>
    "host=$dir dbname=exbuddy user=exbuddy_app" });
$ENV{EXBUDDY_TEST_URL} = $site->url;

sub log_workout {
	my ($u, $reps) = @_;
	return $u->post_form('/workouts/new', { exercise => 'push-up', reps => $reps,
	    minutes => '', seconds => '', calories => '', note => '', date => '2026-03-03',
	    time => '18:45' }, from => '/workouts/new');
}

# How many workouts the history page of U lists.
sub history_count { my $c = $_[0]->get('/workouts')->{content} // ''; return scalar(() = $c =~ /<td class="what">/g) }

behaviour("replay paused: the replica serves the other browser's reads (stale); the writer reads its own write", sub {
	my $u = new_user();
	is(log_workout($u, 11)->{status}, 303, 'a first workout');
	my $other = EBAccount->login($u->{username}, $u->{password});
	is($other->{res}{status}, 303, 'the same user in a second browser');
	ok(caught_up(), 'the replica has caught up');
	on_replica('SELECT pg_wal_replay_pause()');
	ok(wait_until(sub { on_replica('SELECT pg_get_wal_replay_pause_state()') eq 'paused' }, 10),
	    'replay paused');

	is(log_workout($u, 22)->{status}, 303, 'a second workout, in the first browser');
	is(history_count($u), 2, 'the writer sees both in its history (the primary: the replica is behind it)');
	is(history_count($other), 1, 'the other browser sees the first only: its history came from the replica');
	for my $path ('/stats', '/week', '/export.csv', '/exercises/push-up') {
		is($other->get($path)->{status}, 200, "$path answers from the replica too");
	}
	my @lines = map { scalar(() = ($_->get('/export.csv')->{content} // '') =~ /\n/g) } $other, $u;
	cmp_ok($lines[0], '<', $lines[1], "the other browser's export (the replica's) has fewer lines "
	    . "than the writer's (the primary's): @lines");
	my $dash = $other->get('/dashboard');
	like($dash->{content}, qr{\b22 reps\b}, 'its dashboard, not a replica page, shows the new one')
	    or diag($dash->{status}, join "\n", $dash->{content} =~ /(<td[^\n]*reps[^\n]*)/g);

	on_replica('SELECT pg_wal_replay_resume()');
	ok(caught_up(), 'replay resumed and caught up');
	is(history_count($other), 2, 'now the other browser sees both');

	# An exercise's page keeps what it computed (sql/017) through the
	# primary: the replica's number is the primary's now, the kept row
	# replicated from the paused time is older, so the page computes and
	# keeps them again, at the current number.
	is($other->get('/exercises/push-up')->{status}, 200, 'the exercise page, from the replica caught up');
	is(psql('SELECT count(*) FROM exbuddy.exercise_records k JOIN exbuddy.record_versions v '
	    . "USING (user_id) WHERE k.version = v.version AND k.user_id = '$u->{id}'"), 1,
	    'it kept its records on the primary (a replica cannot write), at the current number');
});

behaviour('the replica stopped: the read-only pages come from the primary', sub {
	my $u = new_user();
	is(log_workout($u, 33)->{status}, 303, 'a workout');
	stop_replica();
	my $other = EBAccount->login($u->{username}, $u->{password});
	for my $path ('/workouts', '/week', '/stats', '/export.csv', '/exercises/push-up') {
		is($other->get($path)->{status}, 200, "$path: 200");
	}
	is(history_count($other), 1, 'the history shows the workout');
});

done_testing();
