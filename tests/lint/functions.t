# functions.t — the house rule "a function past ~70 lines is split": no
# function of cgi/ is longer than 70 lines, from its opening brace to its
# closing one (style(9) puts both at the start of a line).
use strict;
use warnings;
use Test::More;

my $top = $ENV{EXBUDDY_TEST_TOP} // '.';
my $MAX = 70;
my ($n, @long) = (0);
for my $f (sort glob("$top/cgi/*.c")) {
	open(my $fh, '<', $f) or die "$f: $!";
	my ($name, $start);
	while (<$fh>) {
		$name = $1 if /^([A-Za-z_]\w*)\(/;
		$start = $. if /^\{/;
		if (/^\}/ && defined $start) {
			$n++;
			push @long, "$f:$name " . ($. - $start + 1) if $. - $start + 1 > $MAX;
			undef $start;
		}
	}
}
cmp_ok($n, '>', 300, "read the functions of cgi/ ($n)");
is(join(', ', @long), '', "none is longer than $MAX lines");

done_testing();
