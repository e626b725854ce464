# 34_backup.t — `exbuddy backup` and `exbuddy restore`: a backup of a
# database that is then dropped and made again restores every row of every
# table and the settings of its roles; restore refuses a database that is
# not empty unless --clean, and a restore that fails changes nothing;
# rotation keeps the newest N; a failed pg_dump leaves no file; pg_dump is
# found through pg_config when it is not on PATH. Each behaviour has
# databases and backup directories of its own, dropped before it ends;
# those that only read back up the stack's database.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;
use EB;
use EBAccount;

my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $stack_db = $ENV{EXBUDDY_DB} // 'exbuddy';
my @psql = ('psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', $pghost,
    '-U', 'postgres', '-d', 'postgres');
my $NAME = qr/exbuddy-\d{8}T\d{6}Z\.dump/;
our $db;	# the database of the running behaviour (with_db)

sub dsn { return "host=$pghost user=postgres dbname=" . ($_[0] // $db) }
sub exbuddy { return run_cmd(180, exbuddy_cmd(), @_) }

# backup(DIR, ARGS...) of $db; restore(ARGS...) into $db.
sub backup {
	my ($dir, @args) = @_;
	return exbuddy('backup', '--dir', $dir, '--admin-dsn', dsn(), @args);
}
sub restore { return exbuddy('restore', @_, '--admin-dsn', dsn()) }

# SQL in $db as postgres (EBAccount's psql; dies when it fails).
sub sql {
	local $ENV{EXBUDDY_DB} = $db;
	return psql(@_);
}

sub admin_ok {
	my ($sql) = @_;
	my $r = run_cmd(60, @psql, '-c', $sql);
	is($r->{exit}, 0, $sql) or diag($r->{err});
}

# with_db(CODE): runs CODE with $db a new, empty database, dropped after.
sub with_db {
	my ($code) = @_;
	scratch_db('exbuddy_bk', sub {
		local $db = shift;
		$code->();
	});
}

# The database dropped and made again, empty, under its name.
sub remake_db {
	admin_ok(qq{DROP DATABASE "$db" WITH (FORCE)});
	admin_ok(qq{CREATE DATABASE "$db"});
}

# $db migrated, with rows in every table: two users, sessions, security
# events, own exercises (one archived), workouts with their sets, body
# weights and goals; text with quotes, tabs, newlines and accents.
sub seed {
	my $r = exbuddy('migrate', 'up', '--sql', "$top/sql", '--admin-dsn', dsn());
	is($r->{exit}, 0, 'setup: migrate up') or diag($r->{err});
	my ($ada, $bo) = ('a0000000-0000-4000-8000-000000000001',
	    'b0000000-0000-4000-8000-000000000002');
	my ($bench, $stretch) = ('e0000000-0000-4000-8000-000000000001',
	    'e0000000-0000-4000-8000-000000000002');
	my ($w1, $w2) = ('f0000000-0000-4000-8000-000000000001',
	    'f0000000-0000-4000-8000-000000000002');
	my $hash = '$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
	sql(<<"SQL");
SET TimeZone = 'UTC';
INSERT INTO exbuddy.users (id, email, username, password_hash, timezone,
    week_start, weight_unit, is_active) VALUES
 ('$ada', 'ada\@example.org', 'ada', '$hash', 'Europe/Berlin', 1, 'kg', true),
 ('$bo', 'bo\@example.org', 'bo_b', '$hash', 'America/New_York', 0, 'lb', false);
INSERT INTO exbuddy.sessions (user_id, token_hash, csrf_secret, ip, user_agent, flash)
 SELECT id, sha256(convert_to('token ' || username, 'UTF8')),
   sha256(convert_to('csrf ' || username, 'UTF8')), '192.0.2.1',
   'w3m/0.5.3', E'Saved \\u2014 "quoted"' FROM exbuddy.users;
INSERT INTO exbuddy.audit_log (user_id, event, ip, detail) VALUES
 ('$ada', 'signup', '192.0.2.1', NULL),
 ('$ada', 'login', '2001:db8::1', E'a tab\\there, ''quotes'''),
 (NULL, 'login_failed', '198.51.100.7', 'unknown user');
INSERT INTO exbuddy.exercise_types (id, user_id, name, slug, measure, met,
    seconds_per_rep, bodyweight, archived) VALUES
 ('$bench', '$ada', 'Bench press (ünï)', 'bench-press-uni', 'reps_weight', 5.0, 3.0, false, false),
 ('$stretch', '$bo', 'Old stretch', 'old-stretch', 'time', 2.3, NULL, true, true);
INSERT INTO exbuddy.workouts (id, user_id, exercise_type_id, performed_at,
    reps, duration_seconds, calories, calories_estimated, note, set_count,
    best_set_reps, best_set_seconds, max_load_kg, volume_kg) VALUES
 ('$w1', '$ada', '$bench', '2026-03-01 07:30:00+00', 24, 0, 55.5, false,
  E'line one\\nline two, "quoted"', 3, 8, 0, 80.5, 1932.0),
 ('$w2', '$bo', (SELECT id FROM exbuddy.exercise_types WHERE slug = 'push-up'
  AND user_id IS NULL), '2025-12-31 23:59:59+00', 30, 0, NULL, true, NULL, 1,
  30, 0, NULL, 0);
INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, reps,
    duration_seconds, load_kg) VALUES
 ('$w1', '$ada', 1, 8, 0, 80.5), ('$w1', '$ada', 2, 8, 0, 80.5),
 ('$w1', '$ada', 3, 8, 0, 80.5), ('$w2', '$bo', 1, 30, 0, NULL);
INSERT INTO exbuddy.body_weights (user_id, day, weight_kg) VALUES
 ('$ada', '2026-03-01', 71.25), ('$ada', '2026-03-02', 71.1),
 ('$bo', '2026-01-01', 90);
INSERT INTO exbuddy.goals (user_id, exercise_type_id, weekly_target) VALUES
 ('$ada', '$bench', 100);
INSERT INTO exbuddy.invites (token_hash, note, created_at, expires_at, used_at, used_by) VALUES
 (sha256('invite one'), 'for Bo', '2026-03-01 08:00:00+00', '2026-03-08 08:00:00+00',
  '2026-03-02 09:00:00+00', '$bo'),
 (sha256('invite two'), NULL, '2026-03-03 08:00:00+00', '2026-03-10 08:00:00+00', NULL, NULL);
INSERT INTO exbuddy.exercise_records (user_id, exercise_type_id, version, records)
 SELECT '$ada', '$bench', version, 'r1 kept text, as exbuddy writes it'
 FROM exbuddy.record_versions WHERE user_id = '$ada';
SQL
}

# Every table and sequence of $db outside the system's schemas: {name =>
# "ROWS MD5" of its rows in order (a sequence: "LAST_VALUE IS_CALLED")}.
sub contents {
	my %d = map { split / /, $_, 2 } split /\n/, sql(<<'SQL');
SELECT format(CASE c.relkind WHEN 'S' THEN
    $q$SELECT %L || ' ' || last_value || ' ' || is_called FROM %s$q$ ELSE
    $q$SELECT %L || ' ' || count(*) || ' ' || coalesce(md5(string_agg(t::text,
    E'\n' ORDER BY t::text)), '-') FROM %s t$q$ END, c.oid::regclass, c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
AND c.relkind IN ('r', 'p', 'S') ORDER BY c.oid::regclass::text
\gexec
SQL
	return \%d;
}

# The settings of roles in $db (ALTER ROLE ... IN DATABASE), a line each.
sub role_settings {
	return sql(q{SELECT coalesce(string_agg(r.rolname || ': ' ||
	    array_to_string(s.setconfig, '; '), E'\n' ORDER BY r.rolname), '')
	    FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
	    JOIN pg_database d ON d.oid = s.setdatabase
	    WHERE d.datname = current_database()});
}

# The backups in DIR (file names, oldest first); every file with ALL.
sub listing {
	my ($dir, $all) = @_;
	opendir(my $dh, $dir) or return ();
	my @f = sort grep { $all ? !/^\.\.?$/ : /^$NAME$/ } readdir $dh;
	return @f;
}

# Empty files named as backups of these times (YYYYMMDD), in DIR.
sub fake_backups {
	my ($dir, @days) = @_;
	for (@days) {
		open(my $fh, '>', "$dir/exbuddy-${_}T000000Z.dump") or die "$dir: $!";
		close $fh;
	}
}

# A new backup of $db in a new directory: (dir, path of the backup).
sub backup_ok {
	my $dir = tempdir('eb-backup-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $r = backup($dir);
	is($r->{exit}, 0, 'backup exits 0') or diag($r->{err});
	my @f = listing($dir);
	is(scalar @f, 1, 'one backup in the directory');
	return ($dir, "$dir/" . ($f[0] // 'none'));
}

# Runs as exbuddy_app in $db what the server runs: unqualified names (its
# search_path in this database) and a table it may read.
sub app_reads_ok {
	my $n = eval {
		local $ENV{EXBUDDY_DB} = $db;
		psql_as('exbuddy_app', 'SELECT count(*) FROM exercise_types');
	};
	ok(defined $n && $n >= 1, 'exbuddy_app finds its tables in the restored database')
	    or diag($@);
}

behaviour('backup, the database dropped and made again, restore: every row of every table and the settings of its roles are back', sub { with_db(sub {
	seed();
	my $before = contents();
	my @empty = grep { $before->{$_} =~ /^0 / } sort keys %$before;
	is("@empty", '', 'every table has rows to compare (a new table needs some in seed())');
	cmp_ok(scalar keys %$before, '>=', 10, 'tables and sequences to compare: ' . scalar keys %$before);
	my $settings = role_settings();
	like($settings, qr/^exbuddy_app: search_path=exbuddy, pg_catalog(?:;|$)/m,
	    'setup: exbuddy_app has its search_path in the database');
	my $dir = tempdir('eb-backup-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $r = backup($dir);
	is($r->{exit}, 0, 'backup exits 0') or diag($r->{err});
	like($r->{out}, qr{^wrote \Q$dir\E/$NAME \(\d+ bytes\)$}m, 'and says which file it wrote');
	my @f = listing($dir, 1);
	is(scalar @f, 1, 'the directory holds the backup and nothing else') or diag("@f");
	my ($stamp) = ($f[0] // '') =~ /^exbuddy-(\d{8}T\d{6})Z/;
	my $now = sql(q{SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS')});
	ok($stamp && $stamp le $now && $stamp ge sql(q{SELECT to_char(now() AT TIME ZONE 'UTC'
	    - interval '5 minutes', 'YYYYMMDD"T"HH24MISS')}), "named by the UTC time ($stamp, now $now)");

	remake_db();
	is(sql(q{SELECT count(*) FROM pg_class WHERE relnamespace::regnamespace::text = 'exbuddy'}),
	    0, 'the database is empty again');
	is(role_settings(), '', 'and its roles have no settings in it');
	$r = restore("$dir/$f[0]");
	is($r->{exit}, 0, 'restore exits 0') or diag($r->{err});
	like($r->{out}, qr/^restored .*$NAME into the database "\Q$db\E"/m, 'and says so');
	is($r->{err}, '', 'with nothing on stderr');
	is_deeply(contents(), $before, 'every row of every table (and every sequence) is back');
	is(role_settings(), $settings, 'the settings of its roles are back');
	app_reads_ok();
}) });

behaviour('restore refuses a database that is not empty and changes nothing; --clean replaces what it holds', sub { with_db(sub {
	seed();
	my $before = contents();
	my (undef, $file) = backup_ok();
	sql(q{DELETE FROM exbuddy.workouts WHERE note IS NOT NULL;
	    UPDATE exbuddy.users SET timezone = 'Asia/Tokyo';
	    INSERT INTO exbuddy.body_weights (user_id, day, weight_kg)
	    SELECT id, '2026-04-01', 80 FROM exbuddy.users});
	my $changed = contents();
	ok(!eq_hash($changed, $before), 'setup: the database changed since the backup');
	my $r = restore($file);
	is($r->{exit}, 1, 'restore into a database that is not empty exits 1');
	like($r->{err}, qr/the database "\Q$db\E" is not empty \(it holds \d+ tables\).*--clean/,
	    'saying it is not empty and that --clean replaces it') or diag($r->{err});
	is_deeply(contents(), $changed, 'nothing changed');
	$r = restore('--clean', $file);
	is($r->{exit}, 0, 'restore --clean exits 0') or diag($r->{err});
	is_deeply(contents(), $before, 'the database holds what the backup does, nothing else');
	app_reads_ok();
}) });

behaviour('a restore that fails half-way leaves the database as it was', sub { with_db(sub {
	seed();
	my (undef, $file) = backup_ok();
	# A table the backup does not know: --clean cannot drop the schema.
	sql(q{CREATE TABLE exbuddy.not_in_backup (x integer);
	    INSERT INTO exbuddy.not_in_backup VALUES (1);
	    UPDATE exbuddy.users SET timezone = 'Asia/Tokyo'});
	my $changed = contents();
	my $r = restore('--clean', $file);
	is($r->{exit}, 1, 'the failed restore exits 1');
	like($r->{err}, qr/pg_restore failed: the database is as it was/, 'saying the database is as it was')
	    or diag($r->{err});
	is_deeply(contents(), $changed, 'and it is: every row of every table');
}) });

behaviour('restore into a database of another name: every row, and a note that its roles have no settings there', sub { with_db(sub {
	seed();
	my $before = contents();
	my (undef, $file) = backup_ok();
	my $from = $db;
	with_db(sub {
		my $r = restore($file);
		is($r->{exit}, 0, 'restore exits 0') or diag($r->{err});
		like($r->{err}, qr/note: .* is a backup of the database "\Q$from\E".*not applied to "\Q$db\E"/,
		    'a note says the settings of its roles were not applied');
		is_deeply(contents(), $before, 'every row of every table is there');
	});
}) });

behaviour('a failed pg_dump (no such database) exits 1, saying so, and leaves no file; nothing is rotated away', sub {
	my $dir = tempdir('eb-backup-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	fake_backups($dir, '20200101');
	local $db = "exbuddy_no_such_db_$$";
	my $r = backup($dir, '--keep', 1);
	is($r->{exit}, 1, 'backup of a database that does not exist exits 1');
	like($r->{err}, qr/"\Q$db\E" does not exist/, "pg_dump's own message is shown") or diag($r->{err});
	like($r->{err}, qr/^exbuddy backup: pg_dump failed: no backup was written and none was removed$/m,
	    'and ours says what happened');
	is($r->{out}, '', 'nothing on stdout');
	is(join(' ', listing($dir, 1)), 'exbuddy-20200101T000000Z.dump',
	    'the directory holds only the older backup: no partial file, nothing removed');
});

behaviour('rotation: --keep 3 leaves the 3 newest backups and every other file', sub {
	local $db = $stack_db;
	my $dir = tempdir('eb-backup-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	fake_backups($dir, qw(20200101 20200102 20200103 20200104 20200105));
	for my $other ('notes.txt', 'exbuddy-20200101.dump', 'exbuddy-20200101T000000Z.dump.gz') {
		open(my $fh, '>', "$dir/$other") or die "$dir/$other: $!";
		close $fh;
	}
	my $r = backup($dir, '--keep', 3);
	is($r->{exit}, 0, 'backup --keep 3 exits 0') or diag($r->{err});
	my @kept = listing($dir);
	is(scalar @kept, 3, 'three backups are left');
	is_deeply([@kept[0, 1]], ['exbuddy-20200104T000000Z.dump', 'exbuddy-20200105T000000Z.dump'],
	    'the two newest of the old ones') or diag("@kept");
	unlike($kept[2] // '', qr/^exbuddy-2020/, 'and the new one');
	is(scalar(() = $r->{out} =~ /^removed \Q$dir\E\/exbuddy-2020010[123]T000000Z\.dump$/mg), 3,
	    'each removed one is named');
	ok(-e "$dir/$_", "$_ is left alone")
	    for 'notes.txt', 'exbuddy-20200101.dump', 'exbuddy-20200101T000000Z.dump.gz';
});

behaviour('rotation keeps 14 by default, and EXBUDDY_BACKUP_KEEP changes that', sub {
	local $db = $stack_db;
	my $dir = tempdir('eb-backup-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	fake_backups($dir, map { sprintf('202001%02d', $_) } 1 .. 20);
	my $r = backup($dir);
	is($r->{exit}, 0, 'backup exits 0') or diag($r->{err});
	my @kept = listing($dir);
	is(scalar @kept, 14, '14 backups are left');
	is($kept[0], 'exbuddy-20200108T000000Z.dump', 'the newest: from the 8th on');
	$dir = tempdir('eb-backup-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	fake_backups($dir, map { sprintf('202001%02d', $_) } 1 .. 5);
	local $ENV{EXBUDDY_BACKUP_KEEP} = 2;
	$r = backup($dir);
	is($r->{exit}, 0, 'backup with EXBUDDY_BACKUP_KEEP=2 exits 0') or diag($r->{err});
	@kept = listing($dir);
	is(scalar @kept, 2, '2 backups are left');
	is($kept[0], 'exbuddy-20200105T000000Z.dump', 'the newest old one and the new one');
});

behaviour('a backup is mode 0600 whatever the umask, in a directory made 0700', sub {
	local $db = $stack_db;
	my $parent = tempdir('eb-backup-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $dir = "$parent/new";
	my $old = umask 0;
	my $r = backup($dir);
	umask $old;
	is($r->{exit}, 0, 'backup with umask 0 exits 0') or diag($r->{err});
	is((stat $dir)[2] & 07777, 0700, 'the directory it made is 0700');
	my @f = listing($dir);
	is(scalar @f, 1, 'it holds the backup');
	is((stat "$dir/$f[0]")[2] & 07777, 0600, 'which is 0600') if @f;
});

# exbuddy_cmd() with its first word made a path: PATH changes below.
sub cmd_abs {
	my @cmd = exbuddy_cmd();
	if ($cmd[0] !~ m{/}) {
		my ($p) = grep { -x "$_/$cmd[0]" } split /:/, $ENV{PATH};
		$cmd[0] = "$p/$cmd[0]" if $p;
	}
	return @cmd;
}

behaviour('without pg_dump and pg_restore on PATH, they are found through pg_config --bindir', sub { with_db(sub {
	my $bin = tempdir('eb-path-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	# Debian's pg_config is a shell script that needs ls and tail.
	for my $tool (qw(pg_config ls tail)) {
		my ($p) = grep { -x "$_/$tool" } split /:/, $ENV{PATH};
		symlink("$p/$tool", "$bin/$tool") or die "symlink $tool: $!";
	}
	my @cmd = cmd_abs();
	my $dir = tempdir('eb-backup-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $r = do {
		local $ENV{PATH} = $bin;
		run_cmd(180, @cmd, 'backup', '--dir', $dir, '--admin-dsn', dsn($stack_db));
	};
	is($r->{exit}, 0, 'backup exits 0 with only pg_config on PATH') or diag($r->{err});
	my @f = listing($dir);
	is(scalar @f, 1, 'and writes the backup');
	$r = do {
		local $ENV{PATH} = $bin;
		run_cmd(180, @cmd, 'restore', "$dir/" . ($f[0] // ''), '--admin-dsn', dsn());
	};
	is($r->{exit}, 0, 'restore exits 0 with only pg_config on PATH') or diag($r->{err});
	is(sql("SELECT count(*) FROM exbuddy.exercise_types WHERE user_id IS NULL"),
	    psql("SELECT count(*) FROM exbuddy.exercise_types WHERE user_id IS NULL"),
	    'the restored database holds the built-in exercises');
	my $empty = tempdir('eb-path-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	$r = do {
		local $ENV{PATH} = $empty;
		run_cmd(60, @cmd, 'backup', '--dir', $dir, '--admin-dsn', dsn());
	};
	is($r->{exit}, 1, 'with neither on PATH, backup exits 1');
	like($r->{err}, qr/cannot find pg_dump: it is not on PATH nor in `pg_config --bindir`/,
	    'saying it cannot find pg_dump');
}) });

behaviour('restore of what is not a backup, or of no file: exit 1; usage errors: exit 2', sub {
	local $db = "exbuddy_no_such_db_$$";
	my $r = restore('/etc/hostname');
	is($r->{exit}, 1, 'restore of a file that is not a backup exits 1');
	like($r->{err}, qr/is not a backup of exbuddy backup/, 'saying so');
	$r = restore("/nonexistent/exbuddy-20200101T000000Z.dump");
	is($r->{exit}, 1, 'restore of a file that does not exist exits 1');
	like($r->{err}, qr/No such file/, 'saying so');
	for my $args (['restore'], ['restore', '--clean'], ['restore', 'a', 'b'], ['backup', 'extra']) {
		$r = exbuddy(@$args, '--admin-dsn', dsn());
		is($r->{exit}, 2, "exbuddy @$args: exit 2");
		like($r->{err}, qr/usage: exbuddy backup/, 'with the usage on stderr');
	}
	like(exbuddy('--help')->{out}, qr/exbuddy backup.*exbuddy restore/s,
	    'exbuddy --help mentions backup and restore');
});

done_testing;
