# 06_migrate.t — `exbuddy migrate` on a fresh database: status, up, down,
# an edited migration refused, a broken one rolled back without a trace.
# Works on a copy of sql/ holding 001 only, so later migrations in sql/
# do not change what `down 1` reverts.
use strict;
use warnings;
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use Test::More;
use EB;

my $top = $ENV{EXBUDDY_TEST_TOP};
my $pghost = $ENV{EXBUDDY_TEST_PGHOST};
plan skip_all => 'EXBUDDY_TEST_TOP and EXBUDDY_TEST_PGHOST are needed'
    unless $top && $pghost;
my $db = "exbuddy_mig_$$";
my $admin = "host=$pghost user=postgres dbname=$db";
my @psql = ('psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', $pghost,
    '-U', 'postgres');
my $created;

sub psql_in {
	my ($dbname, $sql) = @_;
	my $r = run_cmd(30, @psql, '-d', $dbname, '-c', $sql);
	diag("psql: $sql: $r->{err}") if ($r->{exit} // -1) != 0;
	return $r->{out} =~ s/\s+\z//r;
}
sub sql { psql_in($db, $_[0]) }

sub migrate {
	my ($dir, @args) = @_;
	return run_cmd(60, exbuddy_cmd(), 'migrate', @args, '--sql', $dir,
	    '--admin-dsn', $admin);
}

END {
	if ($created) {
		local $?;	# keep the test's exit status
		run_cmd(30, @psql, '-d', 'postgres', '-c',
		    qq{DROP DATABASE IF EXISTS "$db" WITH (FORCE)});
	}
}

is(run_cmd(30, @psql, '-d', 'postgres', '-c', qq{CREATE DATABASE "$db"})->{exit},
    0, "created the database $db") or BAIL_OUT('cannot create a database');
$created = 1;

# sql/001 alone, and a copy of it to spoil.
my $sql = tempdir('eb-sql-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $copy = tempdir('eb-sql-XXXXXX', TMPDIR => 1, CLEANUP => 1);
for my $f ('001_init.sql', '001_init.down.sql') {
	copy("$top/sql/$f", "$sql/$f") && copy("$top/sql/$f", "$copy/$f")
	    or die "copy $f: $!";
}
my $r = migrate($sql, 'status');
is($r->{exit}, 0, 'status on a fresh database exits 0') or diag($r->{err});
like($r->{out}, qr/^001_init\s+pending$/m, 'status: 001_init pending');

$r = migrate($sql, 'up');
is($r->{exit}, 0, 'up exits 0') or diag($r->{err});
like($r->{out}, qr/^applied 001_init$/m, 'up: applied 001_init');
is(sql("SELECT to_regclass('exbuddy.users') IS NOT NULL"), 't', 'exbuddy.users exists');
is(sql('SELECT version, name FROM public.schema_migrations ORDER BY 1'), '1|001_init',
    'schema_migrations records 001_init');

$r = migrate($sql, 'up');
is($r->{exit}, 0, 'up again exits 0');
like($r->{out}, qr/nothing to apply/, 'up again: nothing to apply');
unlike($r->{out}, qr/^applied/m, 'up again applies nothing');

$r = migrate($sql, 'status');
is($r->{exit}, 0, 'status exits 0');
like($r->{out}, qr/^001_init\s+applied \d{4}-\d\d-\d\d /m, 'status: 001_init applied, with a date');

$r = migrate($sql, 'down', 1);
is($r->{exit}, 0, 'down 1 exits 0') or diag($r->{err});
like($r->{out}, qr/^reverted 001_init$/m, 'down 1: reverted 001_init');
is(sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'exbuddy'"), '0',
    'the schema exbuddy and its tables are gone');
is(sql('SELECT count(*) FROM public.schema_migrations'), '0', 'schema_migrations is empty');
like(migrate($sql, 'status')->{out}, qr/^001_init\s+pending$/m, 'status: pending again');

$r = migrate($sql, 'up');
is($r->{exit}, 0, 'up after down exits 0') or diag($r->{err});
is(sql("SELECT to_regclass('exbuddy.workouts') IS NOT NULL"), 't', 'exbuddy.workouts is back');

# An applied migration edited afterwards: refused.
open(my $fh, '>>', "$copy/001_init.sql") or die "$copy/001_init.sql: $!";
print $fh "-- an innocent-looking edit\n";
close $fh;
$r = migrate($copy, 'up');
is($r->{exit}, 1, 'up with an edited 001 exits 1');
like($r->{err}, qr/001_init\.sql was edited/, 'and says 001_init.sql was edited');
$r = migrate($copy, 'status');
is($r->{exit}, 1, 'status with an edited 001 exits 1');
like($r->{out} . $r->{err}, qr/edited/i, 'and says it was edited');
is(sql('SELECT count(*) FROM public.schema_migrations'), '1', 'nothing was recorded');

# A broken 002: fails, names the file, leaves nothing behind.
copy("$sql/001_init.sql", "$copy/001_init.sql") or die "copy: $!";
open($fh, '>', "$copy/002_broken.sql") or die "$copy/002_broken.sql: $!";
print $fh <<'SQL';
SET LOCAL ROLE exbuddy_owner;
CREATE TABLE exbuddy.mig_probe (id integer PRIMARY KEY);
INSERT INTO exbuddy.mig_probe VALUES (1);
SELEC nonsense;
RESET ROLE;
SQL
close $fh;
$r = migrate($copy, 'up');
is($r->{exit}, 1, 'up with a broken 002 exits 1');
like($r->{err}, qr{002_broken\.sql:4:}, 'and names 002_broken.sql:4:') or diag($r->{err});
unlike($r->{out}, qr/applied 002/, 'and does not claim to have applied it');
is(sql('SELECT count(*) FROM public.schema_migrations WHERE version = 2'), '0',
    'no row for 002 in schema_migrations');
is(sql("SELECT to_regclass('exbuddy.mig_probe') IS NULL"), 't',
    'no table from the broken 002');
$r = migrate($copy, 'status');
like($r->{out}, qr/^001_init\s+applied /m, 'status: 001 still applied');
like($r->{out}, qr/^002_broken\s+pending$/m, 'status: 002 pending');

done_testing;
