# BenchBudget.pm — bench/run's "exbuddy for 0.80": what exbuddy's CPU a
# request would have to be, all else as measured, for a page to reach
# 80 % of pgbench's rate on the same statements (README's target at 8
# and 32 connections).
#
# A rate is the cores' busy share over the machine's busy time a request
# (each run's /proc figures, bench/run's cpu_per), so the app's rate is
# 0.80 of pgbench's when its busy time a request is pgbench's ÷ 0.80,
# scaled by the two runs' busy shares. Less what the app's request cost
# outside exbuddy (PostgreSQL, nginx, wrk, the rest of the machine),
# that is what exbuddy may cost. Where that is nothing or less, no
# exbuddy would do: the page is bound by the rest.
#
#   my $ms = exbuddy_budget($app, $pgbench);
#   # $app: { busy, idle_share, exbuddy }, $pgbench: { busy, idle_share },
#   # ms a request as cpu_per gives them; undef when a share is whole
#   # (no busy time to scale), else ms, 0 or less: none would do
package BenchBudget;
use strict;
use warnings;
use Exporter qw(import);

our @EXPORT_OK = qw(RATIO_TARGET exbuddy_budget);

use constant RATIO_TARGET => 0.80;

sub exbuddy_budget {
	my ($app, $pg) = @_;
	return undef if $app->{idle_share} >= 1 || $pg->{idle_share} >= 1;
	return $pg->{busy} * (1 - $app->{idle_share}) / (1 - $pg->{idle_share}) / RATIO_TARGET
	    - ($app->{busy} - $app->{exbuddy});
}

1;
