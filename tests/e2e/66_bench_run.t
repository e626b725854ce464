# 66_bench_run.t — `make bench` works from end to end, at a tiny size:
# bench/run quick with 3 users of 40 workouts and a bench_heavy of 200,
# 1 s runs at 1 connection, in a stack of its own (deploy/stack, another
# port and directory), writes its report, every page of it answered only
# 2xx/3xx, and each has its pgbench ceiling (the SQL captured from
# PostgreSQL's log replays), where the CPU went has a share for each
# part that served a run, and the maintenance during runs names measured
# runs only, in bench/lib/BenchMaint.pm's words (at this size autovacuum
# has nothing to do: BenchMaint's wording is checked on made-up
# snapshots); and, every request counted slow (BENCH_SLOW_MS 0), each GET
# run has its line of slow requests, in bench/lib/BenchSlow.pm's words,
# each page's with its requests' own time in exbuddy (checked on made-up
# answers and a made-up log too, at the real threshold); the static file
# served again at the end, and the two compared. No timing: the figures are not
# compared; this only keeps the tool working (it broke once unnoticed
# when nginx's configuration moved). And bench/ab, on a stack bench/run
# kept, compared with itself.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;
use EB;

my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
plan skip_all => 'bench/run needs root (deploy/stack does)' unless $> == 0;
unshift @INC, "$top/bench/lib";
require BenchMaint;
require BenchSlow;
require BenchBudget;

my $dir = tempdir(CLEANUP => 1);
my @PAGES = ('nginx static file', 'dashboard', 'week', 'stats', 'history p1', 'history p2',
    'exercise', 'log workout (POST)', 'heavy dashboard', 'heavy week', 'heavy stats',
    'heavy exercise');

behaviour('BenchMaint: what ended between two snapshots, and what was under way, in its words', sub {
	my $before = BenchMaint::maint_parse("t|workouts|1|2\nt|workout_sets|0|0\nc|3\n"
	    . "w|autovacuum: VACUUM ANALYZE exbuddy.workouts\n");
	my $after = BenchMaint::maint_parse("t|workouts|1|4\nt|workout_sets|1|0\nt|goals|0|1\nc|4\n");
	my $what = BenchMaint::maint_during($before, $after);
	is($what, 'autovacuum workout_sets, autoanalyze goals, autoanalyze workouts ×2, 1 checkpoint, '
	    . 'under way at the start: VACUUM ANALYZE workouts', 'each table, the checkpoint, the worker');
	like($what, BenchMaint::MAINT_RE(), 'MAINT_RE takes it');
	is(BenchMaint::maint_during($after, $after), '', 'nothing when nothing moved');
	unlike('autovacuum workouts, 1 vacuum', BenchMaint::MAINT_RE(), 'MAINT_RE takes nothing else');
});

# A run's answers into BenchSlow: N a second from FIRST to LAST
# (seconds of the day), SLOW of them (second => count) at 25 ms.
sub seen {
	my ($first, $last, $n, $slow) = @_;
	my $seen = {};
	for my $t ($first .. $last) {
		my $d = $t % 86400;
		my $at = sprintf('%02d:%02d:%02d', $d / 3600, $d / 60 % 60, $d % 60);
		BenchSlow::slow_add($seen, $at, $_ <= ($slow->{$at} // 0) ? 25 : 19) for 1 .. $n;
	}
	return $seen;
}

behaviour('BenchSlow: nginx\'s log lines read, and the slow requests of a run said by the second', sub {
	is_deeply([BenchSlow::access_line('::1 [05/Dec/2026:10:05:03 +0000] "GET /a\x22b c" 200 58784 '
	    . "0.020 rid=4ecb64865e07ab96e59c9bcbc042b0d2\n")], [200, '10:05:03', 20,
	    '4ecb64865e07ab96e59c9bcbc042b0d2'], 'a line: its status, its second, its time in ms, its id');
	is_deeply([BenchSlow::access_line("2026/12/05 10:05:03 [error] 12#12: *3 connect() failed\n")], [],
	    'nothing from a line of another form');
	my $t = 10 * 3600 + 5 * 60;
	my $what = BenchSlow::slow_summary(seen($t, $t + 15, 100,
	    { '10:05:03' => 100, '10:05:04' => 60, '10:05:02' => 30, '10:05:09' => 1 }));
	is($what, '191 of 1,600 (11.9 %), in 4 of 16 seconds; the most in 10:05:03 (100), '
	    . '10:05:04 (60), 10:05:02 (30)', 'how many, in how many of the seconds, the three with the most');
	like($what, BenchSlow::SLOW_RE(), 'SLOW_RE takes it');
	is(BenchSlow::slow_summary(seen($t, $t + 15, 100, { '10:05:03' => 15 })), '', 'nothing under 1 %');
	is(BenchSlow::slow_summary(seen($t, $t + 15, 100, { '10:05:03' => 16 })), '16 of 1,600 (1.0 %), '
	    . 'in 1 of 16 seconds; the most in 10:05:03 (16)', 'a line from 1 %');
	is(BenchSlow::slow_summary(seen(86399, 86400 + 1, 10, { '23:59:59' => 10, '00:00:01' => 3 })),
	    '13 of 30 (43.3 %), in 2 of 3 seconds; the most in 23:59:59 (10), 00:00:01 (3)',
	    'over midnight, two seconds');
	unlike('191 of 1,600, in 4 of 16 seconds; the most in 10:05:03 (100)', BenchSlow::SLOW_RE(),
	    'SLOW_RE takes nothing without its share');
});

behaviour('BenchSlow: the slow requests\' own time in exbuddy, from its log by request id', sub {
	my ($a, $b) = ({}, {});
	# Run a: 4 answers, 3 slow (rids a1..a3) and one not (a4); run b: one
	# slow, which exbuddy did not log (nginx answered it alone).
	BenchSlow::slow_add($a, '10:05:03', 30, 'a1');
	BenchSlow::slow_add($a, '10:05:03', 25, 'a2');
	BenchSlow::slow_add($a, '10:05:04', 41, 'a3');
	BenchSlow::slow_add($a, '10:05:04', 3, 'a4');
	BenchSlow::slow_add($b, '10:05:09', 22, 'b1');
	my $log = "$dir/exbuddy.log";
	open(my $fh, '>', $log) or die "$log: $!";
	print $fh "exbuddy: serving on x with 4 workers\n",
	    "exbuddy[12]: GET /workouts?page=2 200 2.5ms db=1 rid=a1\n",
	    "exbuddy[13]: GET /stats 200 4.0ms db=2 rid=a3\n",
	    "exbuddy[12]: GET /a b 200 0.8ms db=1 rid=a2\n",
	    "exbuddy[12]: GET /week 200 1.0ms db=1 rid=a4\n",
	    "exbuddy[14]: GET /week 200 9.9ms db=1 rid=c9\n";
	close $fh;
	BenchSlow::slow_app([$a, $b], $log);
	my $what = BenchSlow::slow_summary($a);
	is($what, '3 of 4 (75.0 %), in 2 of 2 seconds; the most in 10:05:03 (2), 10:05:04 (1); '
	    . 'in exbuddy (its log, by request id) 3 of them: p50 2.5 ms, p99 4.0 ms, where nginx\'s '
	    . 'were 30 ms and 41 ms', 'the slow ones found, their p50 and p99 beside nginx\'s');
	like($what, BenchSlow::SLOW_RE(), 'SLOW_RE takes it');
	is(BenchSlow::slow_summary($b), '1 of 1 (100.0 %), in 1 of 1 second; the most in 10:05:09 (1)',
	    'none found: nothing said of exbuddy');
});

behaviour('BenchBudget: what exbuddy may cost a request for 80 % of pgbench, or none', sub {
	# Run 2's history page 1 at 8 connections (2026-12-06-vm-full-run2.md):
	# the app's machine 0.429 ms a request, exbuddy's 0.107, 1 % idle;
	# pgbench's 0.282 ms a transaction, 4 % idle.
	my $b = BenchBudget::exbuddy_budget({ busy => 0.429, exbuddy => 0.107, idle_share => 0.01 },
	    { busy => 0.282, idle_share => 0.04 });
	ok(abs($b - (0.282 * 0.99 / 0.96 / 0.80 - 0.322)) < 1e-9, 'pgbench\'s time ÷ 0.80, scaled, less the rest')
	    or diag($b);
	cmp_ok(sprintf('%.3f', $b), 'eq', '0.042', 'under half of the 0.107 it took');
	# At that budget the rates' ratio is 0.80: the rest plus it, against pgbench.
	my $ratio = ((1 - 0.01) / (0.322 + $b)) / ((1 - 0.04) / 0.282);
	ok(abs($ratio - 0.80) < 1e-9, 'and with it the page would run at 0.80') or diag($ratio);
	cmp_ok(BenchBudget::exbuddy_budget({ busy => 0.5, exbuddy => 0.05, idle_share => 0 },
	    { busy => 0.3, idle_share => 0 }), '<=', 0, 'none would do when the rest alone is too much');
	is(BenchBudget::exbuddy_budget({ busy => 0.5, exbuddy => 0.1, idle_share => 1 },
	    { busy => 0.3, idle_share => 0 }), undef, 'nothing to say of a run with no busy time');
});

behaviour('bench/run quick at a tiny size: a report with every page, each answered, each with its ceiling and its CPU', sub {
	# The stack of the bench is its own: none of this suite's settings.
	local %ENV = %ENV;
	delete @ENV{grep { /^EXBUDDY_/ } keys %ENV};
	# Every request counts as slow (BENCH_SLOW_MS 0), so that each GET run
	# must have its line in "Slow requests": what nginx logged reaches it.
	@ENV{qw(BENCH_USERS BENCH_WORKOUTS BENCH_HEAVY_WORKOUTS BENCH_SECONDS BENCH_CONNS BENCH_POOL
	    BENCH_RESULTS BENCH_SLOW_MS)} = (3, 40, 200, 1, 1, 2, $dir, 0);
	my $r = EB::run_cmd(900, "$top/bench/run", 'quick');
	is($r->{exit}, 0, 'bench/run quick ends well') or diag($r->{out}, $r->{err});
	my ($file) = glob("$dir/*-quick.md");
	ok(defined $file, 'it wrote its report') or return;
	my $report = EB::slurp($file) // '';
	for my $page (@PAGES) {
		my ($line) = $report =~ /^(\| \Q$page\E[ (][^\n]*)$/m;
		ok(defined $line, "a row for $page") or next;
		my @c = split /\s*\|\s*/, $line;
		# | page | conns | req/s | p50 | p99 | 2xx/3xx | 4xx / 5xx / 499 | statuses | ÷ static | ÷ pgbench | RSS |
		like($c[7], qr{^0 / 0 / \d+$}, "$page: no 4xx, no 5xx") or diag($line);
		cmp_ok($c[6] =~ tr/,//dr, '>', 0, "$page: answered") or diag($line);
		like($c[10], qr/^—$|^\d+\.\d+ \(\d/, "$page: its pgbench ceiling, or none for the static file")
		    or diag($line);
	}
	unlike($report, qr/could not|failed/i, 'no run reports a problem') or diag($report);
	like($report, qr/^log_autovacuum_min_duration = 0$/m, 'autovacuum logs every run of it');
	# Maintenance during runs: a line for each run during which autovacuum
	# or the checkpointer did something, or a line saying none did.
	my ($maint) = $report =~ /^## Maintenance during runs\n(.*?)(?:^## |\z)/ms;
	ok(defined $maint, 'a section on maintenance during runs') or return;
	my @runs = $maint =~ /^- (.*)$/mg;
	ok(@runs || $maint =~ /^Nothing during any run\.$/m, 'its runs, or that there were none')
	    or diag($maint);
	for my $run (@runs) {
		my ($page, $conns, $what) = $run =~ /^(.+) at (\d+) conns, (?:wrk|pgbench): (.+)$/;
		ok(defined $page && $conns == 1 && grep({ $page eq $_ || $page =~ /^\Q$_\E \(/ } @PAGES),
		    "maintenance during a run measured: $run");
		like($what // '', BenchMaint::MAINT_RE(), "in BenchMaint's words: $run");
	}
	# Slow requests: at BENCH_SLOW_MS 0, each GET run, all of its requests,
	# in BenchSlow's words; not the POST's.
	my ($slow) = $report =~ /^## Slow requests\n(.*?)(?:^## |\z)/ms;
	ok(defined $slow, 'a section on slow requests') or return;
	for my $page (grep { $_ ne 'log workout (POST)' } @PAGES) {
		my ($what) = $slow =~ /^- \Q$page\E(?: \([^)]*\))? at 1 conns: (.+)$/m;
		like($what // '', BenchSlow::SLOW_RE(), "slow requests of $page, in BenchSlow's words")
		    or diag($slow);
		like($what // '', qr/^([\d,]+) of \1 \(100\.0 %\)/, "$page: every request of its run");
		# Each one exbuddy served is in its log: all of a page's, none
		# of the static file's.
		if ($page =~ /static/) {
			unlike($what // '', qr/in exbuddy/, "$page: nothing in exbuddy");
		} else {
			like($what // '', qr/^([\d,]+) of .*; in exbuddy \(its log, by request id\) \1 of them/,
			    "$page: every one's own time in exbuddy");
		}
	}
	like($slow, qr/^- nginx static file \([^)]*\), again at the end at 1 conns: /m,
	    'the static file again at the end has its line too');
	my ($first) = $report =~ /^\| nginx static file \([^)]*\) \| 1 \| ([\d,]+) \|/m;
	my ($last) = $report =~ /^\| nginx static file \([^)]*\), again at the end \| 1 \| ([\d,]+) \|/m;
	ok(defined $last, 'the static file served again at the end') or return;
	# The ratio from the table's two rates (rounded there to whole
	# requests a second): within a hundredth of what the line says.
	my ($said) = $report =~ /^The static file at the end ÷ at the start \(the machine's speed over the run\): (\d+\.\d\d) at 1 connection\.$/m;
	ok(defined $said && defined $first && abs($said - ($last =~ tr/,//dr) / ($first =~ tr/,//dr)) <= 0.01,
	    'and the two compared') or diag("$first, $last, " . ($said // 'no line'));
	unlike($slow, qr/^- log workout/m, 'not the POST\'s');
	# Where the CPU went: every part that served a run has its share.
	my ($cpu) = $report =~ /^## Where the CPU went\n(.*?)(?:^## |\z)/ms;
	ok(defined $cpu, 'a table of where the CPU went') or return;
	for my $page ('nginx static file', 'dashboard', 'stats', 'log workout (POST)', 'heavy week') {
		my ($line) = $cpu =~ /^(\| \Q$page\E[ (][^\n]*)$/m;
		ok(defined $line, "where the CPU went: a row for $page") or next;
		my @c = split /\s*\|\s*/, $line;
		# | page | conns | PostgreSQL | exbuddy | nginx | wrk | machine | idle | pgbench: PostgreSQL | pgbench | machine | idle |
		cmp_ok($c[5], '>', 0, "$page: nginx's CPU is counted") or diag($line);
		cmp_ok($c[7], '>', 0, "$page: the machine's") or diag($line);
		next if $page =~ /static/;
		cmp_ok($c[3], '>', 0, "$page: PostgreSQL's") or diag($line);
		cmp_ok($c[4], '>', 0, "$page: exbuddy's") or diag($line);
		cmp_ok($c[9], '>', 0, "$page: PostgreSQL's under pgbench") or diag($line);
		# exbuddy for 0.80: said at 8 connections and more only.
		is($c[13] // '', '', "$page: no budget at 1 connection") or diag($line);
	}
	like($cpu, qr/^\| page \| conns \|.* \| idle \| exbuddy for 0\.80 \|$/m, 'a column for exbuddy\'s budget');
});

behaviour('bench/ab on a stack kept running: every page of both, found the same, measured and compared', sub {
	local %ENV = %ENV;
	delete @ENV{grep { /^EXBUDDY_/ } keys %ENV};
	my $out = tempdir(CLEANUP => 1);
	@ENV{qw(BENCH_USERS BENCH_WORKOUTS BENCH_HEAVY_WORKOUTS BENCH_SECONDS BENCH_CONNS BENCH_POOL
	    BENCH_RESULTS BENCH_KEEP)} = (3, 40, 200, 1, 1, 1, $out, 1);
	my $r = EB::run_cmd(900, "$top/bench/run", 'quick');
	my ($stack) = $r->{out} =~ /^bench: the stack keeps running in (\S+) on /m;
	is($r->{exit}, 0, 'bench/run quick keeps its stack') or diag($r->{out}, $r->{err});
	ok(defined $stack && -d $stack, 'and says where') or return;
	# The same stack as A and B: its pages are the same, by construction.
	my $ab = EB::run_cmd(600, "$top/bench/ab", '-c', 1, '-s', 1, '-r', 2, '-u', 2, $stack, $stack);
	system("$top/deploy/stack", 'stop', $stack);
	system('rm', '-rf', $stack);
	is($ab->{exit}, 0, 'bench/ab ends well') or diag($ab->{out}, $ab->{err});
	my @rows = $ab->{out} =~ /^\| ((?:heavy )?(?:dashboard|week|stats|history p1|exercise)) \| (.*) \|$/mg;
	is(scalar @rows, 20, 'a row for each of the 10 pages') or diag($ab->{out});
	while (my ($page, $rest) = splice @rows, 0, 2) {
		# | same | req/s A | req/s B | B ÷ A, each round | gmean | PostgreSQL A → B | errors |
		my @c = split /\s*\|\s*/, $rest;
		is($c[0], 'yes', "$page: the same page on A and B");
		like($c[1], qr/^[\d,]+, [\d,]+$/, "$page: two runs on A");
		like($c[3], qr/^\d+\.\d\d, \d+\.\d\d$/, "$page: each round compared");
		like($c[5], qr/^\d\.\d{3} → \d\.\d{3}$/, "$page: PostgreSQL's CPU a request");
		cmp_ok((split ' → ', $c[5])[0], '>', 0, "$page: counted, not zero");
		is($c[6], '0 / 0', "$page: every answer a 200");
	}
	like($ab->{out}, qr/^Stolen by the host while it ran: \d+ %/m, 'what the host took, said');
	my $bad = EB::run_cmd(60, "$top/bench/ab", '-r', 0, $stack, $stack);
	isnt($bad->{exit}, 0, 'a round count of 0 is refused');
	like($bad->{err}, qr/^bench\/ab: -c, -s, -r and -u take a whole number from 1$/m, 'with a message');
});

done_testing();
