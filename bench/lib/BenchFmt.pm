# BenchFmt.pm — numbers as bench/run's report writes them.
package BenchFmt;
use strict;
use warnings;
use Exporter qw(import);

our @EXPORT_OK = qw(fmt_n);

# fmt_n(N): N rounded to a whole number, thousands apart: "53,217".
sub fmt_n { my $n = sprintf('%.0f', shift); 1 while $n =~ s/^(\d+)(\d{3})/$1,$2/; $n }

1;
