# 63_upgrade.t — an upgrade keeps every row. Version N, a commit of this
# repository's history (dfcd686: the first with make install; migrations
# 001 to 014), is built and installed with make install DESTDIR; its
# database is loaded by its own bench/generate.sql (users, their exercises,
# workouts, sets, body weights, goals, summaries); then this version is
# installed over it and started as exbuddy.service starts it (migrate up,
# then serve). Every row of every table of version N is still there,
# unchanged, and one of its users logs in and sees their workouts. Before
# that, an upgrade whose migration fails leaves nothing of it behind, and
# version N serving.
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use Test::More;
use EB;
use EBAccount;
use EBSite;

my $OLD = 'dfcd686';
my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');
my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $dir = "$var/upgrade-$$";
my $root = "$dir/root";
my $usr = "$root/usr/local";

END { remove_tree($dir) if $dir && -d $dir }

sub ok_cmd {
	my ($seconds, $what, @cmd) = @_;
	my $r = run_cmd($seconds, @cmd);
	is($r->{exit}, 0, $what) or diag("$r->{err}$r->{out}");
	return $r->{out};
}

sub psql_db {
	my ($db, $sql) = @_;
	my $r = run_cmd(120, 'psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h',
	    $pghost, '-U', 'postgres', '-d', $db, '-c', $sql);
	die "psql: $r->{err}" if ($r->{exit} // -1) != 0;
	return $r->{out} =~ s/\s+\z//r;
}

# Every table of the schema but the migrations' own: rows and a digest of them.
# Each table's rows (a count and a hash), of the columns in COLS (a table's
# list, as the first snapshot found them: a later migration may add one).
sub snapshot {
	my ($db, $cols) = @_;
	my %s;
	for my $t (split /\n/, psql_db($db, "SELECT tablename FROM pg_tables "
	    . "WHERE schemaname = 'exbuddy' AND tablename <> 'schema_migrations' ORDER BY 1")) {
		$cols->{$t} //= psql_db($db, "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) "
		    . "FROM pg_attribute WHERE attrelid = 'exbuddy.$t'::regclass AND attnum > 0 "
		    . 'AND NOT attisdropped');
		$s{$t} = psql_db($db, "SELECT count(*) || ' rows, ' || md5(coalesce(string_agg("
		    . "r::text, '|' ORDER BY r::text), '')) FROM (SELECT $cols->{$t} FROM exbuddy.$t) r");
	}
	return \%s;
}

behaviour("version $OLD installed and loaded, this one installed over it: every row is still there", sub {
	my $r = run_cmd(30, 'git', '-C', $top, 'cat-file', '-e', "$OLD^{commit}");
	is($r->{exit}, 0, "version N ($OLD) is in the repository's history")
	    or return diag('this test needs the history of the repository (not a shallow clone)');
	make_path("$dir/src");
	ok_cmd(120, "git archive $OLD", 'sh', '-c', "git -C '$top' archive $OLD | tar -x -C '$dir/src'");
	ok_cmd(600, 'version N builds', 'make', '-s', '-C', "$dir/src", 'all');
	ok_cmd(120, 'make install of version N', 'make', '-s', '-C', "$dir/src", 'install', "DESTDIR=$root");
	unlike(run_cmd(10, "$usr/bin/exbuddy", '--help')->{out}, qr/user invite/,
	    'the installed program is version N (no invitations yet)');

	scratch_db('exbuddy_up', sub {
		my ($db) = @_;
		my @admin = ('--sql', "$usr/share/exbuddy/sql", '--admin-dsn',
		    "host=$pghost user=postgres dbname=$db");
		ok_cmd(120, 'version N migrates an empty database', "$usr/bin/exbuddy",
		    'migrate', 'up', @admin);
		# Its users log in with the password of a user of the stack.
		my $u = new_user();
		my $hash = psql('SELECT password_hash FROM exbuddy.users WHERE id = ' . sql_quote($u->{id}));
		ok_cmd(600, "version N's bench/generate.sql loads its data", 'psql', '-X', '-q',
		    '-h', $pghost, '-U', 'postgres', '-d', $db, '-v', 'users=20', '-v', 'workouts=200',
		    '-v', 'years=1', '-v', 'heavy_workouts=500', '-v', 'heavy_years=2',
		    '-v', 'end_day=2026-11-30', '-v', "hash=$hash", '-f', "$dir/src/bench/generate.sql");
		cmp_ok(psql_db($db, 'SELECT count(*) FROM exbuddy.workout_sets'), '>', 4000,
		    'version N holds thousands of sets');

		# An upgrade whose migration fails (DEPLOY.md: migrate before
		# installing) changes nothing, and version N keeps serving.
		my $old_site = EBSite->start(db => $db, bin => "$usr/bin/exbuddy",
		    templates => "$usr/share/exbuddy/templates");
		make_path("$dir/broken-sql");
		# Version N's migrations and a failing one: nothing else runs.
		run_cmd(10, 'sh', '-c', "cp '$usr'/share/exbuddy/sql/*.sql '$dir/broken-sql/'");
		open my $fh, '>', "$dir/broken-sql/099_broken.sql" or die;
		print $fh "CREATE TABLE exbuddy.half_done (id int);\nSELECT 1 / 0;\n";
		close $fh;
		my $bad = run_cmd(120, "$top/cgi/exbuddy", 'migrate', 'up', '--sql', "$dir/broken-sql",
		    '--admin-dsn', "host=$pghost user=postgres dbname=$db");
		isnt($bad->{exit}, 0, 'a new version whose last migration fails: migrate up fails');
		like($bad->{err}, qr/099_broken/, '... naming it');
		is(psql_db($db, "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"), 0,
		    'nothing of the failed migration is left');
		unlike(run_cmd(30, "$usr/bin/exbuddy", 'migrate', 'status', @admin)->{out},
		    qr/^0(?:1[5-9]|99)\S*\s+applied/m, 'no migration past version N is applied');
		{
			local $ENV{EXBUDDY_TEST_URL} = $old_site->url;
			my $a = EBAccount->login('bench_00002', $u->{password});
			is($a->get('/workouts')->{status}, 200, 'version N still serves its users');
		}
		$old_site->stop;
		my %cols;
		my $before = snapshot($db, \%cols);

		ok_cmd(120, 'make install of this version over it', 'make', '-s', '-C', $top,
		    'install', "DESTDIR=$root");
		like(run_cmd(10, "$usr/bin/exbuddy", '--help')->{out}, qr/user invite/,
		    'the installed program is this version');
		# exbuddy.service: ExecStartPre, then ExecStart.
		ok_cmd(120, "this version's migrate up", "$usr/bin/exbuddy", 'migrate', 'up', @admin);
		like(run_cmd(30, "$usr/bin/exbuddy", 'migrate', 'status', @admin)->{out},
		    qr/^015_invites\s+applied/m, 'its migrations applied');
		my $after = snapshot($db, \%cols);
		for my $t (sort keys %$before) {
			is($after->{$t}, $before->{$t}, "$t: the same rows ($before->{$t})");
		}
		is(psql_db($db, "SELECT count(*) FROM exbuddy.workouts w WHERE w.set_list IS DISTINCT FROM "
		    . "(SELECT string_agg(s.reps || ':' || s.duration_seconds || ':' || coalesce(s.load_kg::text, ''), "
		    . "' ' ORDER BY s.position) FROM exbuddy.workout_sets s WHERE s.workout_id = w.id)"), 0,
		    "every workout's list of its sets is made (sql/022)");

		my $site = EBSite->start(db => $db, bin => "$usr/bin/exbuddy",
		    templates => "$usr/share/exbuddy/templates");
		local $ENV{EXBUDDY_TEST_URL} = $site->url;
		my $a = EBAccount->login('bench_00001', $u->{password});
		is($a->{res}{status}, 303, "a user of version N logs in to this one");
		my $page = $a->get('/workouts');
		is($page->{status}, 200, 'their history');
		my $n = () = ($page->{content} // '') =~ /<tr\b/g;
		cmp_ok($n, '>', 10, "shows their workouts ($n rows)");
		$site->stop;
	});
});

done_testing();
