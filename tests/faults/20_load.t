# 20_load.t — under load every request is answered: wrk with 64 connections
# (2 threads) on a mix of the pages a signed-in user opens (/dashboard,
# /workouts, /week, /stats, /login) and POSTs of a workout
# (tests/faults/mix.lua), as 8 users in turn: no socket error (wrk's
# connect, read, write and timeout errors; a request may take up to 5 s),
# no 5xx, no 4xx, no worker lost. Prints requests/s and latency
# percentiles.
#
# Short form (make test): 15 s. Full form (EXBUDDY_FAULTS=full, make
# test-faults): 60 s. make soak (90_soak.t) runs the same mix for 10 minutes.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT psql_fast);
use EBFault;

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');
plan skip_all => 'wrk is not installed (make deps)' unless grep { -x "$_/wrk" } split /:/, $ENV{PATH};

my $SECONDS = $ENV{EXBUDDY_LOAD_SECONDS} || (full_mode() ? 60 : 15);
my $CONNECTIONS = 64;

behaviour("$CONNECTIONS connections for $SECONDS s on a mix of pages and POSTs: no socket error, no 5xx", sub {
	my @u = signed_in_users(8);
	my $in = join(', ', map { sql_quote($_->{id}) } @u);
	my $master = master_pid();
	my $log = "$ENV{EXBUDDY_TEST_VAR}/log/exbuddy.log";
	my $log_start = -s $log // 0;
	my $r = run_wrk(seconds => $SECONDS, connections => $CONNECTIONS, users => \@u);
	is($r->{exit}, 0, 'wrk ran') or diag($r->{raw});
	ok(defined $r->{requests}, 'and printed its figures (mix.lua)') or return diag($r->{raw});
	my $socket = $r->{connect} + $r->{read} + $r->{write} + $r->{timeout};
	my $saved = psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id IN ($in)");
	diag(sprintf('load (%s form): %d connections for %.0f s: %d requests, %.1f requests/s; '
	    . 'latency p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms; '
	    . 'socket errors %d (connect %d, read %d, write %d, timeout %d); 2xx %d, 3xx %d, '
	    . '4xx %d, 5xx %d; %d workouts saved',
	    full_mode() ? 'full' : 'short', $CONNECTIONS, $r->{duration_us} / 1e6,
	    @$r{qw(requests rps p50 p90 p99 p999 max)}, $socket,
	    @$r{qw(connect read write timeout s2xx s3xx s4xx s5xx)}, $saved));
	cmp_ok($r->{requests}, '>', $SECONDS * 10, 'at least 10 requests a second were answered');
	is($socket, 0, 'socket errors: 0 (none refused, cut or slower than 5 s)');
	is($r->{s5xx}, 0, '5xx: 0');
	is($r->{s4xx}, 0, '4xx: 0 (every request was the signed-in one it meant to be)');
	is($r->{s2xx} + $r->{s3xx}, $r->{requests}, 'every response was a 2xx or 3xx');
	# POSTs still on their way when wrk stopped may be saved too.
	cmp_ok($saved, '>', 0, 'the POSTs saved workouts');
	cmp_ok($saved, '<=', $r->{posts}, '... no more than were sent');
	is(master_pid(), $master, 'the master is the same process');
	# A worker recycled after --max-requests exits cleanly, without a word.
	my $said = substr(EB::slurp($log) // '', $log_start);
	my @died = $said =~ /^(exbuddy: worker \d+ (?:killed by signal|exited with) .*)$/mg;
	ok(!@died, 'no worker died') or diag(join "\n", @died);
});

done_testing;
