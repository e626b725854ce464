# 07_limits.t — the limits the C code checks are the ones the database
# enforces: every constant of cgi/limits.h that names a constraint
# ("sql: name") appears as a bound in that constraint, as the migrated
# database holds it (pg_get_constraintdef).
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount;

EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');

my @limits;
open(my $fh, '<', "$top/cgi/limits.h") or die "limits.h: $!";
while (<$fh>) {
	push @limits, [$1, $2, $3] if /^#define\s+(\w+)\s+(\d+)\b.*\bsql: (\w+)/;
}
cmp_ok(scalar @limits, '>=', 10, 'limits.h names its constraints (' . @limits . ')');

for my $l (@limits) {
	my ($name, $value, $con) = @$l;
	my $def = psql("SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c "
	    . "JOIN pg_namespace n ON n.oid = c.connamespace "
	    . "WHERE n.nspname = 'exbuddy' AND c.conname = :'v1'", $con);
	ok($def ne '', "$con exists") or next;
	like($def, qr/(?<![\d.])\Q$value\E(?![\d.])/, "$name ($value) is a bound of $con")
	    or diag("$con: $def");
}

done_testing();
