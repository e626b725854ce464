# 64_pgbouncer.t — exbuddy through PgBouncer (Debian 12's 1.18), between it
# and the stack's PostgreSQL: in transaction pooling (more workers than
# server connections; EXBUDDY_DB_PREPARE=0, as 1.18 keeps no prepared
# statements across transactions) and in session pooling (prepared
# statements, workers recycled onto connections other workers used). The
# time limits exbuddy sends at connect, which PgBouncer drops, hold as the
# role's settings (migration 016). Each behaviour starts its own PgBouncer
# (as the user exbuddy, which PostgreSQL maps to exbuddy_app) and site.
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use POSIX ();
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);
use EBSite;

my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');
my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $PORT = 6432;
my ($n, @bouncers) = (0);

END { stop_bouncer($_) for @bouncers }

# A PgBouncer in MODE with POOL server connections: its directory (the
# unix socket's, which only the user exbuddy may enter).
sub start_bouncer {
	my ($mode, $pool) = @_;
	my $dir = "$var/pgbouncer-$$-" . ++$n;
	make_path($dir);
	open my $fh, '>', "$dir/pgbouncer.ini" or die;
	print $fh join "\n", '[databases]',
	    "exbuddy = host=$pghost dbname=exbuddy user=exbuddy_app", '',
	    '[pgbouncer]', 'listen_addr =', "listen_port = $PORT",
	    "unix_socket_dir = $dir", 'auth_type = any', "pool_mode = $mode",
	    "default_pool_size = $pool", 'max_client_conn = 100',
	    'server_connect_timeout = 2', 'server_login_retry = 1', 'query_wait_timeout = 5',
	    'ignore_startup_parameters = options',
	    "logfile = $dir/pgbouncer.log", "pidfile = $dir/pgbouncer.pid", '';
	close $fh;
	run_cmd(10, 'chown', '-R', 'exbuddy:', $dir);
	chmod 0700, $dir;
	push @bouncers, $dir;
	my $r = run_cmd(30, 'runuser', '-u', 'exbuddy', '--', 'pgbouncer', '-d', '-q',
	    "$dir/pgbouncer.ini");
	die "pgbouncer did not start: $r->{err}" if ($r->{exit} // -1) != 0;
	wait_until(sub { -S "$dir/.s.PGSQL.$PORT" }, 10) or die 'no pgbouncer socket: '
	    . (slurp("$dir/pgbouncer.log") // '');
	return $dir;
}

sub stop_bouncer {
	my ($dir) = @_;
	my $pid = (slurp("$dir/pgbouncer.pid") // '') =~ s/\s+//gr;
	if ($pid) {
		kill 'INT', $pid;
		wait_until(sub { !kill 0, $pid }, 10);
	}
	remove_tree($dir);
}

sub bouncer_dsn { "host=$_[0] port=$PORT dbname=exbuddy user=exbuddy_app" }

# psql as exbuddy_app through the PgBouncer of DIR: {exit, out, err}.
sub bouncer_psql {
	my ($dir, $sql) = @_;
	return run_cmd(30, 'psql', '-X', '-tA', '-h', $dir, '-p', $PORT, '-U',
	    'exbuddy_app', '-d', 'exbuddy', '-c', $sql);
}

# A user who logs a workout and sees every page of theirs: 200 each.
sub pages_ok {
	my ($label) = @_;
	my $u = new_user();
	my $res = $u->post_form('/workouts/new', { exercise => 'push-up', reps => 12,
	    minutes => '', seconds => '', calories => '', note => '', date => '2026-03-03',
	    time => '18:45' }, from => '/workouts/new');
	is($res->{status}, 303, "$label: a workout logged") or diag(field_error($res->{content}, "reps") // substr($res->{content}, 0, 300));
	for my $path ('/dashboard', '/workouts', '/week', '/stats', '/exercises',
	    '/exercises/push-up', '/settings', '/export.csv') {
		is($u->get($path)->{status}, 200, "$label: $path");
	}
	like($u->get("/workouts")->{content}, qr{<td class="what">Push-up</td>}, "$label: the workout is in the history");
	return $u;
}

# CLIENTS users, each asking for its dashboard for SECONDS at once: how
# many answers were not 200 or not that user's.
sub crowd {
	my ($clients, $seconds) = @_;
	my @users = map { new_user() } 1 .. $clients;
	my @kids;
	for my $u (@users) {
		my $pid = fork // die;
		if ($pid == 0) {
			my ($bad, $end) = (0, time + $seconds);
			while (time < $end) {
				my $r = $u->get('/dashboard');
				$bad++ if $r->{status} != 200 ||
				    ($r->{content} // '') !~ /Log out \Q$u->{username}\E/;
			}
			POSIX::_exit($bad > 250 ? 250 : $bad);
		}
		push @kids, $pid;
	}
	my $bad = 0;
	for (@kids) { waitpid($_, 0); $bad += $? >> 8 }
	return $bad;
}

behaviour('transaction pooling, 4 workers on 2 server connections: every page works, 8 users at once see only their own', sub {
	my $b = start_bouncer('transaction', 2);
	my $site = EBSite->start(dsn => bouncer_dsn($b), workers => 4,
	    env => { EXBUDDY_DB_PREPARE => 0 });
	local $ENV{EXBUDDY_TEST_URL} = $site->url;
	pages_ok('through PgBouncer (transaction)');
	is(crowd(8, 3), 0, '8 users asking at once for 3 s: every answer 200 and their own');
	$site->stop;
});

behaviour('session pooling with prepared statements: workers recycled onto used connections still serve', sub {
	my $b = start_bouncer('session', 4);
	my $site = EBSite->start(dsn => bouncer_dsn($b), workers => 2,
	    env => { EXBUDDY_MAX_REQUESTS => 5 });
	local $ENV{EXBUDDY_TEST_URL} = $site->url;
	my $u = pages_ok('through PgBouncer (session)');
	my @bad = grep { $_ != 200 } map { $u->get('/dashboard')->{status} } 1 .. 40;
	is("@bad", '', '40 dashboards more, each worker replaced every 5 requests: all 200');
	$site->stop;
});

behaviour("the time limits hold through PgBouncer, which drops exbuddy's own: the role's, as cgi/limits.h's", sub {
	my $b = start_bouncer('transaction', 1);
	my $limits = slurp("$top/cgi/limits.h");
	my ($st) = $limits =~ /define DB_STATEMENT_TIMEOUT\s+"(\w+)"/;
	my ($idle) = $limits =~ /define DB_IDLE_IN_TX_TIMEOUT\s+"(\w+)"/;
	my %ms = (ms => 1, s => 1000, min => 60000);
	for (['statement_timeout', $st], ['idle_in_transaction_session_timeout', $idle]) {
		my ($name, $want) = @$_;
		my ($v, $unit) = $want =~ /^(\d+)(ms|s|min)$/ or die "cgi/limits.h: $name $want";
		my $r = bouncer_psql($b, "SELECT setting FROM pg_settings WHERE name = '$name'");
		is($r->{out} =~ s/\s+//gr, $v * $ms{$unit}, "$name through PgBouncer: $want, as cgi/limits.h says")
		    or diag($r->{err});
	}
	my $ds = bouncer_psql($b, "SHOW DateStyle");
	like($ds->{out}, qr/^\s*ISO,/m, 'DateStyle through PgBouncer: ISO (sql/020), as the history\'s times need')
	    or diag($ds->{err});
	like(bouncer_psql($b, "SELECT pg_sleep(11)")->{err},
	    qr/canceling statement due to statement timeout/, 'a statement of 11 s is cancelled');
});

done_testing();
