# BenchSlow.pm — bench/run's "Slow requests": of a run's requests, those
# that took SLOW_MS or more by nginx's access log, counted by the second
# they ended in, so that a p99 over the target reads as a stall (most of
# them in a few seconds) or a tail (a few in every second).
#
# Where their time went: each slow request's own time in exbuddy, from its
# log by the request id nginx passed, beside nginx's; little of it in
# exbuddy means the request waited for a worker.
#
#   my $seen = {};
#   slow_add($seen, $second, $ms, $rid) for each answer but a 499
#   (access_line);
#   slow_app([$seen, ...], $exbuddy_log);	# once, after every run
#   my $what = slow_summary($seen);
#   # '' when under 1 % were slow, else e.g. "613 of 53,217 (1.2 %), in 4
#   # of 16 seconds; the most in 10:05:03 (400), 10:05:04 (150), 10:05:02
#   # (62); in exbuddy (its log, by request id) 613 of them: p50 3.2 ms,
#   # p99 6.1 ms, where nginx's were 24 ms and 31 ms"
#
# SLOW_RE matches a non-empty answer of slow_summary, for tests.
package BenchSlow;
use strict;
use warnings;
use Exporter qw(import);

use BenchFmt qw(fmt_n);

our @EXPORT_OK = qw(SLOW_MS SLOW_RE access_line slow_add slow_app slow_summary);

# README's target for every GET page at 32 connections: p99 < 20 ms
# (BENCH_SLOW_MS: another, as 66_bench_run.t sets 0 so that every
# request counts).
use constant SLOW_MS => $ENV{BENCH_SLOW_MS} // 20;

use constant SLOW_RE => do {
	my $at = qr/\d\d:\d\d:\d\d \(\d+\)/;
	my $ms = qr/\d+(?:\.\d)? ms/;
	qr/^[\d,]+ of [\d,]+ \(\d+\.\d %\), in \d+ of \d+ seconds?; the most in $at(?:, $at){0,2}(?:; in exbuddy \(its log, by request id\) [\d,]+ of them: p50 $ms, p99 $ms, where nginx's were $ms and $ms)?$/;
};

# access_line(LINE): the status, the second (HH:MM:SS of $time_local),
# $request_time in ms and the request id of a line of nginx's log_format
# exbuddy (nginx/http.conf.in): '$remote_addr [$time_local]
# "$request_method $uri" $status $body_bytes_sent $request_time
# rid=$request_id'; () if not one.
sub access_line {
	my ($line) = @_;
	return () unless $line =~ /\[[^:\]]*:(\d\d:\d\d:\d\d) [^\]]*\] "[^"]*" (\d{3}) \d+ (\d+)\.(\d{3}) (?:rid=([0-9a-f]+))?/;
	return ($2, $1, $3 * 1000 + $4, $5);
}

# slow_add(SEEN, SECOND, MS, RID): one answer into SEEN: {requests, first
# and last (seconds of the day), slow => {second => count}, rid => {RID =>
# MS} of the slow ones}.
sub slow_add {
	my ($seen, $second, $ms, $rid) = @_;
	my ($h, $m, $s) = split /:/, $second;
	my $t = $h * 3600 + $m * 60 + $s;
	$seen->{requests}++;
	$seen->{first} //= $t;
	$seen->{last} = $t;
	return if $ms < SLOW_MS;
	$seen->{slow}{$second}++;
	$seen->{rid}{$rid} = $ms if defined $rid;
}

# slow_app(SEENS, LOG): reads exbuddy's log (cgi/http.c's http_log:
# "exbuddy[PID]: METHOD PATH STATUS 1.2ms db=N rid=RID") once, and gives
# each SEEN the pairs [exbuddy's ms, nginx's ms] of its slow requests
# found there ({app}); nothing when no run had any, or LOG cannot be read.
sub slow_app {
	my ($seens, $log) = @_;
	my %of;
	for my $seen (@$seens) {
		$of{$_} = $seen for keys %{$seen->{rid} // {}};
	}
	return unless %of && open(my $fh, '<', $log);
	while (<$fh>) {
		next unless /^exbuddy\[\d+\]: .* (\d+\.\d)ms db=\d+ rid=([0-9a-f]+)$/;
		my $seen = delete $of{$2} or next;	# once, if logged twice
		push @{$seen->{app}}, [$1, $seen->{rid}{$2}];
	}
	close $fh;
}

# The value at rank ceil(P % of the count) of a sorted list.
sub pct {
	my ($p, @sorted) = @_;
	my $i = int(($p * @sorted + 99) / 100) - 1;
	return $sorted[$i < 0 ? 0 : $i];
}

# slow_summary(SEEN): how many of the answers were slow, in how many of
# the seconds from the first answer to the last, and the three seconds
# with the most; '' when fewer than 1 % were (so p99 is under SLOW_MS).
sub slow_summary {
	my ($seen) = @_;
	my $by = $seen->{slow} // {};
	my $n = 0;
	$n += $_ for values %$by;
	return '' if !$seen->{requests} || $n * 100 < $seen->{requests};
	# Seconds of the day: a run over midnight wraps.
	my $span = ($seen->{last} - $seen->{first}) % 86400 + 1;
	my @top = sort { $by->{$b} <=> $by->{$a} || $a cmp $b } keys %$by;
	splice(@top, 3) if @top > 3;
	my $what = sprintf('%s of %s (%.1f %%), in %d of %d second%s; the most in %s', fmt_n($n),
	    fmt_n($seen->{requests}), 100 * $n / $seen->{requests}, scalar keys %$by, $span,
	    $span == 1 ? '' : 's', join(', ', map { "$_ ($by->{$_})" } @top));
	my $app = $seen->{app} // [];
	return $what unless @$app;
	my @ex = sort { $a <=> $b } map { $_->[0] } @$app;
	my @ng = sort { $a <=> $b } map { $_->[1] } @$app;
	return sprintf('%s; in exbuddy (its log, by request id) %s of them: p50 %s ms, p99 %s ms, '
	    . "where nginx's were %s ms and %s ms", $what, fmt_n(scalar @$app), pct(50, @ex),
	    pct(99, @ex), pct(50, @ng), pct(99, @ng));
}

1;
