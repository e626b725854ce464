# 06_migrate.t — `exbuddy migrate` on a fresh database: status, up, down,
# an edited migration refused, a broken one rolled back without a trace.
# Works on a copy of sql/ holding 001 only, so later migrations in sql/
# do not change what `down 1` reverts. Each behaviour has a fresh database
# and copies of its own, and drops the database before it ends.
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
my @psql = ('psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', $pghost,
    '-U', 'postgres');
our $db;	# the database of the running behaviour (with_db)
my (%created, $n);

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
	    '--admin-dsn', "host=$pghost user=postgres dbname=$db");
}

sub drop_db {
	my ($name) = @_;
	run_cmd(30, @psql, '-d', 'postgres', '-c',
	    qq{DROP DATABASE IF EXISTS "$name" WITH (FORCE)});
	delete $created{$name};
}

END {
	local $?;	# keep the test's exit status
	drop_db($_) for keys %created;
}

# with_db(CODE): runs CODE with $db a new, empty database, dropped after.
sub with_db {
	my ($code) = @_;
	local $db = "exbuddy_mig_$$" . '_' . ++$n;
	is(run_cmd(30, @psql, '-d', 'postgres', '-c', qq{CREATE DATABASE "$db"})->{exit},
	    0, "created the database $db") or BAIL_OUT('cannot create a database');
	$created{$db} = 1;
	$code->();
	drop_db($db);
}

# A new directory holding a copy of sql/001 alone.
sub sql_001 {
	my $dir = tempdir('eb-sql-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	for my $f ('001_init.sql', '001_init.down.sql') {
		copy("$top/sql/$f", "$dir/$f") or die "copy $f: $!";
	}
	return $dir;
}

# 001 applied, as the first `up` leaves it.
sub up_ok {
	my ($dir) = @_;
	my $r = migrate($dir, 'up');
	is($r->{exit}, 0, 'setup: up exits 0') or diag($r->{err});
}

behaviour('status on a fresh database lists 001_init as pending', sub { with_db(sub {
	my $r = migrate(sql_001(), 'status');
	is($r->{exit}, 0, 'status on a fresh database exits 0') or diag($r->{err});
	like($r->{out}, qr/^001_init\s+pending$/m, 'status: 001_init pending');
}) });

behaviour('up applies 001_init and records it in schema_migrations', sub { with_db(sub {
	my $r = migrate(sql_001(), 'up');
	is($r->{exit}, 0, 'up exits 0') or diag($r->{err});
	like($r->{out}, qr/^applied 001_init$/m, 'up: applied 001_init');
	is(sql("SELECT to_regclass('exbuddy.users') IS NOT NULL"), 't', 'exbuddy.users exists');
	is(sql('SELECT version, name FROM public.schema_migrations ORDER BY 1'), '1|001_init',
	    'schema_migrations records 001_init');
}) });

behaviour('up with nothing pending applies nothing', sub { with_db(sub {
	my $sql = sql_001();
	up_ok($sql);
	my $r = migrate($sql, 'up');
	is($r->{exit}, 0, 'up again exits 0');
	like($r->{out}, qr/nothing to apply/, 'up again: nothing to apply');
	unlike($r->{out}, qr/^applied/m, 'up again applies nothing');
}) });

behaviour('status lists an applied migration with its date', sub { with_db(sub {
	my $sql = sql_001();
	up_ok($sql);
	my $r = migrate($sql, 'status');
	is($r->{exit}, 0, 'status exits 0');
	like($r->{out}, qr/^001_init\s+applied \d{4}-\d\d-\d\d /m, 'status: 001_init applied, with a date');
}) });

behaviour('down 1 reverts 001_init: its schema and its record are gone', sub { with_db(sub {
	my $sql = sql_001();
	up_ok($sql);
	my $r = migrate($sql, 'down', 1);
	is($r->{exit}, 0, 'down 1 exits 0') or diag($r->{err});
	like($r->{out}, qr/^reverted 001_init$/m, 'down 1: reverted 001_init');
	is(sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'exbuddy'"), '0',
	    'the schema exbuddy and its tables are gone');
	is(sql('SELECT count(*) FROM public.schema_migrations'), '0', 'schema_migrations is empty');
	like(migrate($sql, 'status')->{out}, qr/^001_init\s+pending$/m, 'status: pending again');
}) });

behaviour('up after down applies 001_init again', sub { with_db(sub {
	my $sql = sql_001();
	up_ok($sql);
	is(migrate($sql, 'down', 1)->{exit}, 0, 'setup: down 1 exits 0');
	my $r = migrate($sql, 'up');
	is($r->{exit}, 0, 'up after down exits 0') or diag($r->{err});
	is(sql("SELECT to_regclass('exbuddy.workouts') IS NOT NULL"), 't', 'exbuddy.workouts is back');
}) });

# An applied migration edited afterwards: refused.
behaviour('an applied migration edited afterwards is refused by up and status', sub { with_db(sub {
	up_ok(sql_001());
	my $copy = sql_001();
	open(my $fh, '>>', "$copy/001_init.sql") or die "$copy/001_init.sql: $!";
	print $fh "-- an innocent-looking edit\n";
	close $fh;
	my $r = migrate($copy, 'up');
	is($r->{exit}, 1, 'up with an edited 001 exits 1');
	like($r->{err}, qr/001_init\.sql was edited/, 'and says 001_init.sql was edited');
	$r = migrate($copy, 'status');
	is($r->{exit}, 1, 'status with an edited 001 exits 1');
	like($r->{out} . $r->{err}, qr/edited/i, 'and says it was edited');
	is(sql('SELECT count(*) FROM public.schema_migrations'), '1', 'nothing was recorded');
}) });

# A broken 002: fails, names the file, leaves nothing behind.
behaviour('a broken migration fails, names file:line and leaves nothing behind', sub { with_db(sub {
	my $copy = sql_001();
	up_ok($copy);
	open(my $fh, '>', "$copy/002_broken.sql") or die "$copy/002_broken.sql: $!";
	print $fh <<'SQL';
SET LOCAL ROLE exbuddy_owner;
CREATE TABLE exbuddy.mig_probe (id integer PRIMARY KEY);
INSERT INTO exbuddy.mig_probe VALUES (1);
SELEC nonsense;
RESET ROLE;
SQL
	close $fh;
	my $r = migrate($copy, 'up');
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
}) });

done_testing;
