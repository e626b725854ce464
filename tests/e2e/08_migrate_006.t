# 08_migrate_006.t — migration 006 (own exercises, sets, body weights) on
# data written before it: a fresh database migrated with a copy of sql/
# holding 001–005 only, users and workouts put in as postgres (reps,
# durations, calories, notes, every exercise, a profile weight for some),
# every total written down; then 006 copied in and applied: each workout
# becomes exactly one set with its numbers, every total is the same, each
# profile weight becomes one body weight entry (and users.weight_kg goes),
# no updated_at moves. Down (006.down) on that data: the totals again, the
# profile weight back as the latest body weight, the schema of 005 back;
# up again. Down is refused — failing and changing nothing — while a user
# has an exercise of their own, a workout of several sets or a load; and
# works once they are gone.
#
# Each behaviour has a fresh database and copies of sql/ of its own (as
# tests/e2e/06_migrate.t), and drops the database before it ends.
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

# One statement (or several) in $db as postgres; the output, trimmed. A
# failure is a failed check (with psql's message), not the end of the file.
sub sql {
	my ($q) = @_;
	my $r = run_cmd(60, @psql, '-d', $db, '-c', $q);
	ok(0, 'psql: ' . substr($q =~ s/\s+/ /gr, 0, 70) . '…') or diag($r->{err})
	    if ($r->{exit} // -1) != 0;
	return $r->{out} =~ s/\s+\z//r;
}

sub migrate {
	my ($dir, @args) = @_;
	return run_cmd(120, exbuddy_cmd(), 'migrate', @args, '--sql', $dir,
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
	local $db = "exbuddy_mig6_$$" . '_' . ++$n;
	is(run_cmd(30, @psql, '-d', 'postgres', '-c', qq{CREATE DATABASE "$db"})->{exit},
	    0, "created the database $db") or BAIL_OUT('cannot create a database');
	$created{$db} = 1;
	$code->();
	drop_db($db);
}

# A new directory holding copies of sql/001 to sql/005, up and down.
sub sql_005 {
	my $dir = tempdir('eb-sql6-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	for my $f (glob "$top/sql/00[1-5]_*.sql") {
		(my $base = $f) =~ s{.*/}{};
		copy($f, "$dir/$base") or die "copy $base: $!";
	}
	return $dir;
}

# 006, up and down, copied into DIR.
sub add_006 {
	my ($dir) = @_;
	for my $f ('006_training_log.sql', '006_training_log.down.sql') {
		copy("$top/sql/$f", "$dir/$f") or die "copy $f: $!";
	}
}

sub run_ok {
	my ($r, $what, $re) = @_;
	is($r->{exit}, 0, "$what exits 0") or diag($r->{err});
	like($r->{out}, $re, "$what: $re") if $re;
}

# --- The data of before 006 -------------------------------------------------------------------
# Three users: Z in Europe/Zurich with a profile weight of 80.5 kg, made on
# 2025-06-15 at 22:30 UTC (the 16th in Zurich); N in America/New_York with
# no weight, made 2025-01-10 03:00 UTC (the 9th in New York); U in UTC at
# 65 kg, made 2024-12-31 23:59 UTC. 40 workouts each over every exercise:
# reps for exercises counted in reps, a duration for the timed ones, both
# for some; calories given, estimated or none; notes with quotes and line
# breaks or none; every updated_at and created_at a fixed day of 2025.
my $HASH = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$' . ('A' x 43);
sub load_data {
	sql(<<"SQL");
INSERT INTO exbuddy.users (id, email, username, password_hash, timezone, week_start, weight_kg,
    weight_unit, created_at, updated_at) VALUES
  ('11111111-1111-4111-8111-111111111111', 'z\@example.test', 'zurich_user', '$HASH', 'Europe/Zurich', 1,
   80.5, 'kg', '2025-06-15 22:30:00+00', '2025-06-20 08:00:00+00'),
  ('22222222-2222-4222-8222-222222222222', 'n\@example.test', 'newyork_user', '$HASH', 'America/New_York', 0,
   NULL, 'lb', '2025-01-10 03:00:00+00', '2025-01-11 08:00:00+00'),
  ('33333333-3333-4333-8333-333333333333', 'u\@example.test', 'utc_user', '$HASH', 'UTC', 1,
   65, 'kg', '2024-12-31 23:59:00+00', '2025-01-02 08:00:00+00');
INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, duration_seconds, calories,
    calories_estimated, note, created_at, updated_at)
SELECT u.id, e.id, timestamptz '2025-02-01 05:00:00+00' + (i * 17 + k * 5) * interval '1 hour 7 minutes',
    CASE WHEN e.measure = 'reps' THEN 1 + (i * 7 + k) % 60 WHEN i % 4 = 0 THEN 5 ELSE 0 END,
    CASE WHEN e.measure = 'time' THEN 30 + (i * 13 + k) % 900 WHEN i % 5 = 0 THEN 45 + i ELSE 0 END,
    CASE i % 3 WHEN 0 THEN NULL ELSE (i * 1.7 + k)::numeric(8,1) END,
    i % 3 = 1,
    CASE i % 4 WHEN 0 THEN NULL WHEN 1 THEN 'plain ' || i WHEN 2 THEN 'said "hi", twice' ELSE E'two\\nlines' END,
    timestamptz '2025-03-01 10:00:00+00' + i * interval '1 minute',
    timestamptz '2025-04-01 10:00:00+00' + (i + k) * interval '1 second'
FROM generate_series(0, 39) i
CROSS JOIN (VALUES ('11111111-1111-4111-8111-111111111111'::uuid, 0),
    ('22222222-2222-4222-8222-222222222222'::uuid, 1),
    ('33333333-3333-4333-8333-333333333333'::uuid, 2)) u(id, k)
JOIN (SELECT id, measure, row_number() OVER (ORDER BY slug) - 1 AS nth FROM exbuddy.exercise_types) e
    ON e.nth = (i + k) % 9;
SQL
}

# Every total, as text: per user (workouts, reps, seconds, calories), per
# user and local day, per exercise.
sub totals {
	return sql(<<'SQL');
SELECT 'user ' || coalesce(string_agg(t, ' ; ' ORDER BY t), '') FROM (SELECT u.username || ' ' || count(w.id) || ' '
    || coalesce(sum(w.reps), 0) || ' ' || coalesce(sum(w.duration_seconds), 0) || ' '
    || coalesce(sum(w.calories), 0) AS t FROM exbuddy.users u LEFT JOIN exbuddy.workouts w ON w.user_id = u.id
    GROUP BY u.username) x
UNION ALL
SELECT 'day ' || string_agg(t, ' ; ' ORDER BY t) FROM (SELECT u.username || ' '
    || (w.performed_at AT TIME ZONE u.timezone)::date || ' ' || count(*) || ' ' || sum(w.reps) || ' '
    || sum(w.duration_seconds) || ' ' || coalesce(sum(w.calories), 0) AS t FROM exbuddy.workouts w
    JOIN exbuddy.users u ON u.id = w.user_id GROUP BY u.username, (w.performed_at AT TIME ZONE u.timezone)::date) x
UNION ALL
SELECT 'exercise ' || string_agg(t, ' ; ' ORDER BY t) FROM (SELECT e.slug || ' ' || count(*) || ' ' || sum(w.reps)
    || ' ' || sum(w.duration_seconds) || ' ' || coalesce(sum(w.calories), 0) AS t FROM exbuddy.workouts w
    JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id GROUP BY e.slug) x
SQL
}

# Every workout's own columns (those of before 006) and its updated_at.
sub workout_rows {
	return sql("SET TimeZone = 'UTC'; SELECT md5(string_agg(concat_ws('|', id, user_id, exercise_type_id, "
	    . "performed_at, reps, duration_seconds, calories, calories_estimated, note, created_at, updated_at, "
	    . "submission_id), E'\\n' ORDER BY id)) || ' ' || count(*) FROM exbuddy.workouts");
}

sub user_rows {
	return sql("SET TimeZone = 'UTC'; SELECT string_agg(concat_ws('|', username, timezone, week_start, "
	    . "weight_unit, created_at, updated_at), ' ; ' ORDER BY username) FROM exbuddy.users");
}

# The schema exbuddy as text, column order aside: columns, constraints,
# indexes, triggers (and whether enabled), policies, row level security,
# grants, functions.
sub schema {
	return sql(<<'SQL');
SELECT string_agg(x, E'\n' ORDER BY x) FROM (
SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' '
    || coalesce(numeric_precision || ',' || numeric_scale, '') || ' ' || is_nullable || ' '
    || coalesce(column_default, '') AS x
    FROM information_schema.columns WHERE table_schema = 'exbuddy'
UNION ALL
SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'exbuddy'::regnamespace
UNION ALL
SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'exbuddy'
UNION ALL
SELECT 'trg ' || tgname || ' ' || tgenabled::text || ' ' || pg_get_triggerdef(oid) FROM pg_trigger
    WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'exbuddy'::regnamespace)
UNION ALL
SELECT 'pol ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || roles::text || ' '
    || coalesce(qual, '') || ' ' || coalesce(with_check, '') FROM pg_policies WHERE schemaname = 'exbuddy'
UNION ALL
SELECT 'rls ' || relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity FROM pg_class
    WHERE relnamespace = 'exbuddy'::regnamespace AND relkind IN ('r', 'p')
UNION ALL
SELECT 'acl ' || relname || ' ' || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text)
    FROM unnest(relacl) a), '') FROM pg_class WHERE relnamespace = 'exbuddy'::regnamespace
UNION ALL
SELECT 'fn ' || p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid)) || ' '
    || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(p.proacl) a), '')
    FROM pg_proc p WHERE pronamespace = 'exbuddy'::regnamespace
) s
SQL
}

# Shows the lines of two texts that differ.
sub diff_lines {
	my ($want, $got) = @_;
	my %w = map { $_ => 1 } split /\n/, $want // '';
	my %g = map { $_ => 1 } split /\n/, $got // '';
	diag("missing: $_") for grep { !$g{$_} } sort keys %w;
	diag("extra:   $_") for grep { !$w{$_} } sort keys %g;
}

# Everything down could change: schema, workouts, sets, weights, users, migrations.
sub snapshot {
	return join "\n", schema(), workout_rows(), user_rows(), totals(),
	    sql("SELECT count(*) FROM pg_class WHERE oid = to_regclass('exbuddy.workout_sets')") eq '1' ?
	    sql("SELECT md5(string_agg(concat_ws('|', workout_id, position, reps, duration_seconds, load_kg), ',' "
		. "ORDER BY workout_id, position)) FROM exbuddy.workout_sets") : 'no sets',
	    sql("SELECT count(*) FROM pg_class WHERE oid = to_regclass('exbuddy.body_weights')") eq '1' ?
	    sql("SELECT string_agg(concat_ws('|', user_id, day, weight_kg, updated_at), ',' ORDER BY user_id, day) "
		. "FROM exbuddy.body_weights") : 'no weights',
	    sql('SELECT string_agg(version || name || checksum, \',\' ORDER BY version) FROM public.schema_migrations');
}

# A database at 005 with the data, and what it was: (sql dir, totals,
# workouts, users, schema).
sub at_005 {
	my $dir = sql_005();
	run_ok(migrate($dir, 'up'), 'setup: up to 005', qr/^applied 005_shared_rules$/m);
	load_data();
	is(sql('SELECT count(*) FROM exbuddy.workouts'), 120, 'setup: 120 workouts of 3 users, written before 006');
	return ($dir, totals(), workout_rows(), user_rows(), schema());
}

# 005 with the data, then 006 applied.
sub at_006 {
	my @before = at_005();
	add_006($before[0]);
	run_ok(migrate($before[0], 'up'), 'setup: up to 006', qr/^applied 006_training_log$/m);
	return @before;
}

sub refused_ok {
	my ($dir, $why) = @_;
	my $before = snapshot();
	my $r = migrate($dir, 'down', 1);
	isnt($r->{exit}, 0, 'down 1 fails');
	like($r->{err}, $why, "... saying $why") or diag($r->{err});
	unlike($r->{out}, qr/reverted/, '... and does not claim to have reverted anything');
	my $after = snapshot();
	ok($after eq $before, '... nothing changed: schema, rows, migrations') or diff_lines($before, $after);
	like(migrate($dir, 'status')->{out}, qr/^006_training_log\s+applied /m, '... 006 is still applied');
}

# --- Up -------------------------------------------------------------------------------------------
behaviour('006 up on old data: every workout one set with its numbers, totals equal, updated_at unchanged', sub { with_db(sub {
	my ($dir, $totals, $rows, $users) = at_006();
	is(totals(), $totals, 'every total (per user, per user and day, per exercise) is the same');
	is(workout_rows(), $rows, "every workout's columns of before 006, updated_at included, are the same");
	is(user_rows(), $users, "the users' rows (updated_at included) are the same, but for weight_kg");
	is(sql('SELECT count(*) FROM exbuddy.workouts w WHERE (SELECT count(*) FROM exbuddy.workout_sets s '
	    . 'WHERE s.workout_id = w.id) <> 1'), 0, 'every workout has exactly one set');
	is(sql('SELECT count(*) FROM exbuddy.workout_sets'), 120, '120 sets in all');
	is(sql('SELECT count(*) FROM exbuddy.workouts w JOIN exbuddy.workout_sets s ON s.workout_id = w.id '
	    . 'WHERE s.position <> 1 OR s.user_id <> w.user_id OR s.reps <> w.reps OR s.duration_seconds <> '
	    . 'w.duration_seconds OR s.load_kg IS NOT NULL'), 0,
	    'each set: position 1, the workout\'s user, reps and duration, no load');
	is(sql('SELECT count(*) FROM exbuddy.workouts WHERE set_count <> 1 OR best_set_reps <> reps OR '
	    . 'best_set_seconds <> duration_seconds OR max_load_kg IS NOT NULL'), 0,
	    'each workout: set_count 1, best_set_reps = reps, best_set_seconds = duration, no heaviest load');
	# Volume: reps × the profile weight for a bodyweight move (all built-ins but
	# the jump rope) with reps, of a user with a weight; none otherwise.
	is(sql("SELECT count(*) FROM exbuddy.workouts w JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id "
	    . "WHERE volume_kg IS DISTINCT FROM CASE WHEN e.slug <> 'jump-rope' AND w.reps > 0 THEN w.reps * "
	    . "CASE w.user_id WHEN '11111111-1111-4111-8111-111111111111' THEN 80.5 "
	    . "WHEN '33333333-3333-4333-8333-333333333333' THEN 65 END END"), 0,
	    'volume_kg: reps × 80.5 (Z) or × 65 (U) for bodyweight moves with reps; none for N, the jump rope, timed sets');
	is(sql("SELECT volume_kg FROM exbuddy.workouts w JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id "
	    . "WHERE e.slug = 'push-up' AND w.user_id = '11111111-1111-4111-8111-111111111111' ORDER BY performed_at LIMIT 1"),
	    sql("SELECT (reps * 80.5)::numeric(12,2) FROM exbuddy.workouts w JOIN exbuddy.exercise_types e ON e.id = "
	    . "w.exercise_type_id WHERE e.slug = 'push-up' AND w.user_id = '11111111-1111-4111-8111-111111111111' "
	    . "ORDER BY performed_at LIMIT 1"), "Z's first push-ups: reps × 80.5");
});});

behaviour('006 up: each profile weight becomes one body weight entry, on the day the account was made; weight_kg goes', sub { with_db(sub {
	at_006();
	is(sql("SELECT string_agg(u.username || ' ' || b.day || ' ' || b.weight_kg, ' ; ' ORDER BY u.username) "
	    . "FROM exbuddy.body_weights b JOIN exbuddy.users u ON u.id = b.user_id"),
	    'utc_user 2024-12-31 65.00 ; zurich_user 2025-06-16 80.50',
	    'Z: 80.50 on 2025-06-16 (22:30 UTC on the 15th is the 16th in Zurich); U: 65.00 on 2024-12-31; N none');
	is(sql("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'exbuddy' "
	    . "AND table_name = 'users' AND column_name = 'weight_kg'"), 0, 'users.weight_kg is gone');
	is(sql("SELECT string_agg(slug || ':' || bodyweight, ' ' ORDER BY slug) FROM exbuddy.exercise_types"),
	    'burpee:true jump-rope:false lunge:true mountain-climber:true plank:true pull-up:true push-up:true '
	    . 'sit-up:true squat:true', 'every built-in is a bodyweight move but the jump rope');
	is(sql('SELECT count(*) FROM exbuddy.exercise_types WHERE user_id IS NOT NULL OR archived'), 0,
	    'no exercise of a user, none archived');
	is(sql("SELECT relforcerowsecurity::text || relrowsecurity::text FROM pg_class WHERE oid = 'exbuddy.users'::regclass")
	    . ' ' . sql("SELECT relforcerowsecurity::text || relrowsecurity::text FROM pg_class WHERE oid = 'exbuddy.workouts'::regclass"),
	    'truetrue truetrue', 'row level security is forced again on users and workouts');
});});

# --- Down ----------------------------------------------------------------------------------------
# Before down, more body weights: Z 79.00 on 2025-07-01 and 78.25 on
# 2025-08-01 (the latest day; 80.50 of 2025-06-16 older), N 70.00 on
# 2025-03-03, its only one. After down: Z 78.25, N 70.00, U 65.00.
behaviour('006 down on that data: the totals are the same, weight_kg back as the latest body weight, the schema of 005', sub { with_db(sub {
	my ($dir, $totals, $rows, $users, $schema) = at_006();
	sql("INSERT INTO exbuddy.body_weights (user_id, day, weight_kg) VALUES "
	    . "('11111111-1111-4111-8111-111111111111', '2025-08-01', 78.25), "
	    . "('11111111-1111-4111-8111-111111111111', '2025-07-01', 79), "
	    . "('22222222-2222-4222-8222-222222222222', '2025-03-03', 70)");
	my $r = migrate($dir, 'down', 1);
	run_ok($r, 'down 1', qr/^reverted 006_training_log$/m);
	is(totals(), $totals, 'every total is the same');
	is(workout_rows(), $rows, "every workout's columns, updated_at included, are the same");
	is(user_rows(), $users, "the users' rows (updated_at included) are the same");
	is(sql("SELECT string_agg(username || ' ' || coalesce(weight_kg::text, 'none'), ' ; ' ORDER BY username) "
	    . "FROM exbuddy.users"), 'newyork_user 70.00 ; utc_user 65.00 ; zurich_user 78.25',
	    'users.weight_kg: the latest body weight of each (Z 78.25 of 2025-08-01, N 70.00, U 65.00)');
	is(sql("SELECT to_regclass('exbuddy.workout_sets') IS NULL AND to_regclass('exbuddy.body_weights') IS NULL"),
	    't', 'workout_sets and body_weights are gone');
	is(sql('SELECT max(version) FROM public.schema_migrations'), 5, 'schema_migrations ends at 005');
	my $now = schema();
	ok($now eq $schema, 'the schema is that of 005 again (columns, constraints, indexes, triggers, policies, '
	    . 'row level security, grants, functions)') or diff_lines($schema, $now);
	like(migrate($dir, 'status')->{out}, qr/^006_training_log\s+pending$/m, 'status: 006 pending');
});});

behaviour('006 up again after down: one set each, the totals the same, the profile weights entries again', sub { with_db(sub {
	my ($dir, $totals, $rows, $users) = at_006();
	sql("INSERT INTO exbuddy.body_weights (user_id, day, weight_kg) VALUES "
	    . "('11111111-1111-4111-8111-111111111111', '2025-08-01', 78.25)");
	run_ok(migrate($dir, 'down', 1), 'setup: down 1', qr/^reverted 006_training_log$/m);
	my $r = migrate($dir, 'up');
	run_ok($r, 'up again', qr/^applied 006_training_log$/m);
	is(totals(), $totals, 'every total is the same');
	is(workout_rows(), $rows, "every workout's columns, updated_at included, are the same");
	is(sql('SELECT count(*) FROM exbuddy.workouts w WHERE set_count <> 1 OR best_set_reps <> reps OR '
	    . '(SELECT count(*) FROM exbuddy.workout_sets s WHERE s.workout_id = w.id AND s.reps = w.reps '
	    . 'AND s.duration_seconds = w.duration_seconds) <> 1'), 0, 'every workout has one set with its numbers');
	is(sql("SELECT string_agg(u.username || ' ' || b.day || ' ' || b.weight_kg, ' ; ' ORDER BY u.username) "
	    . "FROM exbuddy.body_weights b JOIN exbuddy.users u ON u.id = b.user_id"),
	    'utc_user 2024-12-31 65.00 ; zurich_user 2025-06-16 78.25',
	    'the body weights: one per user with a weight, the latest (78.25 for Z), on the day of the account');
});});

# --- Down refused ------------------------------------------------------------------------------
behaviour('down is refused while a user has an exercise of their own; it works once the exercise is gone', sub { with_db(sub {
	my ($dir, $totals) = at_006();
	sql("INSERT INTO exbuddy.exercise_types (user_id, slug, name, measure, met, seconds_per_rep, bodyweight) "
	    . "VALUES ('11111111-1111-4111-8111-111111111111', 'my-curl', 'My curl', 'reps_weight', 5.0, 3.0, false)");
	refused_ok($dir, qr/exercises of their own/);
	sql("DELETE FROM exbuddy.exercise_types WHERE slug = 'my-curl'");
	run_ok(migrate($dir, 'down', 1), 'without it, down 1', qr/^reverted 006_training_log$/m);
	is(totals(), $totals, '... and the totals are the same');
});});

behaviour('down is refused while a workout has several sets; it works once it has one', sub { with_db(sub {
	my ($dir, $totals) = at_006();
	my $w = sql("SELECT w.id FROM exbuddy.workouts w JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id "
	    . "WHERE e.slug = 'push-up' ORDER BY w.performed_at LIMIT 1");
	sql("INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, reps) SELECT id, user_id, 2, 5 "
	    . "FROM exbuddy.workouts WHERE id = '$w'; UPDATE exbuddy.workouts SET reps = reps + 5, set_count = 2 "
	    . "WHERE id = '$w'");
	refused_ok($dir, qr/several sets or a load/);
	sql("DELETE FROM exbuddy.workout_sets WHERE workout_id = '$w' AND position = 2; "
	    . "UPDATE exbuddy.workouts SET reps = reps - 5, set_count = 1 WHERE id = '$w'");
	run_ok(migrate($dir, 'down', 1), 'with one set again, down 1', qr/^reverted 006_training_log$/m);
	is(totals(), $totals, '... and the totals are the same');
});});

behaviour('down is refused while a set has a load; it works once the load is gone', sub { with_db(sub {
	my ($dir, $totals) = at_006();
	my $w = sql("SELECT w.id FROM exbuddy.workouts w JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id "
	    . "WHERE e.slug = 'pull-up' ORDER BY w.performed_at LIMIT 1");
	sql("UPDATE exbuddy.workout_sets SET load_kg = 10 WHERE workout_id = '$w'; "
	    . "UPDATE exbuddy.workouts SET max_load_kg = 10 WHERE id = '$w'");
	refused_ok($dir, qr/several sets or a load/);
	sql("UPDATE exbuddy.workout_sets SET load_kg = NULL WHERE workout_id = '$w'; "
	    . "UPDATE exbuddy.workouts SET max_load_kg = NULL WHERE id = '$w'");
	run_ok(migrate($dir, 'down', 1), 'without the load, down 1', qr/^reverted 006_training_log$/m);
	is(totals(), $totals, '... and the totals are the same');
});});

done_testing;
