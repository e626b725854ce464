# BenchSlow.pm — bench/run's "Slow requests": of a run's requests, those
# that took SLOW_MS or more by nginx's access log, counted by the second
# they ended in, so that a p99 over the target reads as a stall (most of
# them in a few seconds) or a tail (a few in every second).
#
#   my ($status, $second, $ms) = log_line($line);   # () if not one
#   ... $slow{$second}++ if $ms >= SLOW_MS ...
#   my $what = slow_summary(\%slow, $requests, $seconds);
#   # '' when under 1 % were slow, else e.g. "612 of 53,217 (1.2 %), in 3
#   # of 16 seconds; the most in 10:05:03 (400), 10:05:04 (150), 10:05:02 (62)"
#
# SLOW_RE matches a non-empty answer of slow_summary, for tests.
package BenchSlow;
use strict;
use warnings;
use Exporter qw(import);

our @EXPORT_OK = qw(SLOW_MS SLOW_RE log_line slow_summary);

# The p99 the issue asks of every GET page at 32 connections.
use constant SLOW_MS => 20;

use constant SLOW_RE => do {
	my $at = qr/\d\d:\d\d:\d\d \(\d+\)/;
	qr/^[\d,]+ of [\d,]+ \(\d+\.\d %\), in \d+ of \d+ seconds?; the most in $at(?:, $at){0,2}$/;
};

# log_line(LINE): the status, the second (HH:MM:SS of $time_local) and
# $request_time in ms of a line of nginx's log_format exbuddy
# (nginx/http.conf.in): '$remote_addr [$time_local] "$request_method $uri"
# $status $body_bytes_sent $request_time rid=$request_id'; () if not one.
sub log_line {
	my ($line) = @_;
	return () unless $line =~ /\[[^:\]]*:(\d\d:\d\d:\d\d) [^\]]*\] "[^"]*" (\d{3}) \d+ (\d+\.\d+) /;
	return ($2, $1, $3 * 1000);
}

sub commas { my ($n) = @_; 1 while $n =~ s/^(\d+)(\d{3})/$1,$2/; return $n }

# slow_summary(BY_SECOND, REQUESTS, SECONDS): how many of REQUESTS were
# slow, in how many of the run's SECONDS, and the three seconds with the
# most; '' when fewer than 1 % were (p99 under SLOW_MS).
sub slow_summary {
	my ($by, $requests, $seconds) = @_;
	my $n = 0;
	$n += $_ for values %$by;
	return '' if !$requests || $n * 100 < $requests;
	my @top = (sort { $by->{$b} <=> $by->{$a} || $a cmp $b } keys %$by)[0 .. 2];
	my $span = $seconds > keys %$by ? $seconds : scalar keys %$by;
	return sprintf('%s of %s (%.1f %%), in %d of %d second%s; the most in %s', commas($n),
	    commas($requests), 100 * $n / $requests, scalar keys %$by, $span, $span == 1 ? '' : 's',
	    join(', ', map { "$_ ($by->{$_})" } grep { defined } @top));
}

1;
