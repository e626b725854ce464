# smoke.t — runs each libFuzzer target (build/fuzz/fuzz_*) for a few seconds
# over its seed corpus: no crash, leak, or sanitizer report. Longer runs:
# `make fuzz FUZZ_SECONDS=600`.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

my $top = $ENV{EXBUDDY_TEST_TOP} // '.';
my @targets = glob("$top/build/fuzz/fuzz_*");
plan skip_all => 'no fuzz targets built (make build/fuzz/...)' unless @targets;
my $secs = $ENV{FUZZ_SECONDS} // 8;
for my $t (@targets) {
	my ($name) = $t =~ m{fuzz_(\w+)$};
	my $work = tempdir(CLEANUP => 1);
	my $out = qx{'$t' -max_total_time=$secs -print_final_stats=1 \\
	    -artifact_prefix='$work/' '$work' '$top/tests/fuzz/corpus/$name' 2>&1};
	my $rc = $? >> 8;
	my ($runs) = $out =~ /stat::number_of_executed_units:\s*(\d+)/;
	ok($rc == 0 && $runs, "fuzz_$name: $secs s, " . ($runs // 0) . ' inputs, no crash')
	    or diag(join "\n", (split /\n/, $out)[-15 .. -1]);
}
done_testing();
