# BenchSlow.pm — bench/run's "Slow requests": of a run's requests, those
# that took SLOW_MS or more by nginx's access log, counted by the second
# they ended in, so that a p99 over the target reads as a stall (most of
# them in a few seconds) or a tail (a few in every second).
#
#   my $seen = {};
#   slow_add($seen, $second, $ms) for each answer but a 499 (access_line);
#   my $what = slow_summary($seen);
#   # '' when under 1 % were slow, else e.g. "613 of 53,217 (1.2 %), in 4
#   # of 16 seconds; the most in 10:05:03 (400), 10:05:04 (150), 10:05:02 (62)"
#
# SLOW_RE matches a non-empty answer of slow_summary, for tests.
package BenchSlow;
use strict;
use warnings;
use Exporter qw(import);

use BenchFmt qw(fmt_n);

our @EXPORT_OK = qw(SLOW_MS SLOW_RE access_line slow_add slow_summary);

# README's target for every GET page at 32 connections: p99 < 20 ms
# (BENCH_SLOW_MS: another, as 66_bench_run.t sets 0 so that every
# request counts).
use constant SLOW_MS => $ENV{BENCH_SLOW_MS} // 20;

use constant SLOW_RE => do {
	my $at = qr/\d\d:\d\d:\d\d \(\d+\)/;
	qr/^[\d,]+ of [\d,]+ \(\d+\.\d %\), in \d+ of \d+ seconds?; the most in $at(?:, $at){0,2}$/;
};

# access_line(LINE): the status, the second (HH:MM:SS of $time_local) and
# $request_time in ms of a line of nginx's log_format exbuddy
# (nginx/http.conf.in): '$remote_addr [$time_local] "$request_method $uri"
# $status $body_bytes_sent $request_time rid=$request_id'; () if not one.
sub access_line {
	my ($line) = @_;
	return () unless $line =~ /\[[^:\]]*:(\d\d:\d\d:\d\d) [^\]]*\] "[^"]*" (\d{3}) \d+ (\d+)\.(\d{3}) /;
	return ($2, $1, $3 * 1000 + $4);
}

# slow_add(SEEN, SECOND, MS): one answer into SEEN: {requests, first and
# last (seconds of the day), slow => {second => count}}.
sub slow_add {
	my ($seen, $second, $ms) = @_;
	my ($h, $m, $s) = split /:/, $second;
	my $t = $h * 3600 + $m * 60 + $s;
	$seen->{requests}++;
	$seen->{first} //= $t;
	$seen->{last} = $t;
	$seen->{slow}{$second}++ if $ms >= SLOW_MS;
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
	return sprintf('%s of %s (%.1f %%), in %d of %d second%s; the most in %s', fmt_n($n),
	    fmt_n($seen->{requests}), 100 * $n / $seen->{requests}, scalar keys %$by, $span,
	    $span == 1 ? '' : 's', join(', ', map { "$_ ($by->{$_})" } @top));
}

1;
