# BenchProc.pm — what bench/run and bench/ab read from /proc: a file's
# text, the CPU time of a stack's parts, the machine's time.
#
#   my $text = slurp($file);		# undef when it cannot be read
#   my $cpu = proc_cpu({ postgres => $pid, ... });
#   # seconds so far of each part: its leader's utime, stime and the
#   # cutime, cstime of the children it reaped, and the utime, stime of
#   # its running children (PostgreSQL's backends, exbuddy's workers,
#   # nginx's workers: none has children of its own)
#   my ($busy, $stolen, $idle) = cpu_stat();
#   # seconds so far of all the cores (/proc/stat): busy (user, nice,
#   # system, irq, softirq), stolen by the host, idle (and iowait)
package BenchProc;
use strict;
use warnings;
use Exporter qw(import);
use POSIX qw();

our @EXPORT_OK = qw(slurp proc_cpu cpu_stat);

my $TCK = POSIX::sysconf(POSIX::_SC_CLK_TCK()) || 100;

sub slurp {
	my ($f) = @_;
	open(my $fh, '<', $f) or return undef;
	local $/;
	return scalar <$fh>;
}

sub proc_cpu {
	my ($leaders) = @_;
	my %part_of = map { ($leaders->{$_} => $_) } grep { $leaders->{$_} } keys %$leaders;
	my %cpu = map { ($_ => 0) } keys %$leaders;
	for my $stat (glob '/proc/[0-9]*/stat') {
		my $s = slurp($stat) // next;
		my ($pid, $rest) = $s =~ /^(\d+) \(.*\) (.*)$/s or next;
		# From the state on: ppid is [1]; utime, stime, cutime, cstime [11..14].
		my @f = split ' ', $rest;
		if (my $part = $part_of{$pid}) {
			$cpu{$part} += $f[11] + $f[12] + $f[13] + $f[14];
		} elsif ($part = $part_of{$f[1]}) {
			$cpu{$part} += $f[11] + $f[12];
		}
	}
	$_ /= $TCK for values %cpu;
	return \%cpu;
}

sub cpu_stat {
	my @t = (slurp('/proc/stat') // '') =~ /^cpu\s+(.*)$/m ? split(' ', $1) : ();
	$t[$_] //= 0 for 0 .. 7;
	# user nice system idle iowait irq softirq steal
	return (($t[0] + $t[1] + $t[2] + $t[5] + $t[6]) / $TCK, $t[7] / $TCK, ($t[3] + $t[4]) / $TCK);
}

1;
