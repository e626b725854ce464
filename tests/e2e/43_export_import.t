# 43_export_import.t — GET /export.csv and GET/POST /import: the export's
# headers and RFC 4180 form (header row, CRLF, quoting, ISO 8601 times with
# the user's offset); the round trip export → import into a new account →
# a byte-identical export; importing the same file again (all skipped);
# bad files (422, every bad line by number and reason, nothing written);
# the 8 MiB limit (413 from nginx); and a streamed export of 100,000 rows
# that does not grow the workers' memory.
#
# Each behaviour runs alone (EXBUDDY_ONLY). Shared users, made on first
# use, are only read or sent what must be refused: one without workouts
# (in Europe/Zurich), one with two workouts in Asia/Kolkata, and A with
# varied workouts (Europe/Zurich, 80 kg). A behaviour that imports into
# the first deletes what it imported; one that changes the second's zone
# sets it back; the others that write have users of their own.
use strict;
use warnings;
use File::Temp qw(tempfile);
use POSIX ();
use Test::More;
use Time::HiRes ();
use EB;
use EBAccount qw(:DEFAULT :workouts);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

# The header of version 1 (before sets), still read; an export writes the
# workouts' section with a set number and a load, a line per set.
my $HEADER = 'performed_at,exercise,reps,duration_seconds,calories,calories_estimated,note';
my $WORKOUTS = "$HEADER,set,load_kg";
my @ALL = qw(burpee jump-rope lunge mountain-climber plank pull-up push-up sit-up squat);

sub count_of { psql_fast('SELECT count(*) FROM exbuddy.workouts WHERE user_id = ' . sql_quote($_[0]{id})) }
sub set_user { psql_fast("UPDATE exbuddy.users SET $_[1] WHERE id = " . sql_quote($_[0]{id})) }
sub import_file {
	my ($u, $content, $name) = @_;
	return $u->post_multipart('/import', {}, { file => [$name // 'workouts.csv', $content] },
	    from => '/import');
}
# The "Line N: reason" items of an import page, as [N, reason].
sub bad_lines {
	my ($html) = @_;
	my ($ul) = ($html // '') =~ m{<ul class="bad-lines">(.*?)</ul>}s or return ();
	return map { /^Line (\d+): (.*)$/s ? [$1, html_unescape($2)] : () }
	    $ul =~ m{<li>(.*?)</li>}gs;
}
sub log_workout {
	my ($u, %f) = @_;
	my $sub = hidden_value($u->get('/workouts/new')->{content}, 'submission');
	my $res = $u->post_form('/workouts/new', { %f, submission => $sub });
	die "logging a workout answered $res->{status}: " . join(', ', map {
	    field_error($res->{content}, $_) // () } qw(exercise reps duration calories date time note))
	    . "\n" unless $res->{status} == 303;
}
sub rss_kb {
	my $s = EB::slurp("/proc/$_[0]/status") // return undef;
	return $s =~ /^VmRSS:\s+(\d+)\s+kB/m ? $1 : undef;
}

# --- The shared users --------------------------------------------------------------------------
my %shared;
# No workouts, in Europe/Zurich: the empty export, and the imports that
# must be refused.
sub empty_user {
	return $shared{empty} //= do {
		my $u = new_user();
		set_user($u, "timezone = 'Europe/Zurich'");
		$u;
	};
}
# Two workouts logged in Asia/Kolkata.
sub kolkata {
	return $shared{kolkata} //= do {
		my $x = new_user();
		set_user($x, "timezone = 'Asia/Kolkata'");
		log_workout($x, exercise => 'push-up', reps => 20, date => '2026-07-01', time => '07:30',
		    note => qq{a, "b"\nc});
		log_workout($x, exercise => 'plank', minutes => 1, seconds => 5, calories => '12.5',
		    date => '2026-07-02', time => '23:59', note => 'plain');
		$x;
	};
}
# A, in Europe/Zurich at 80 kg: every exercise, notes with everything a
# CSV field can hold, and what the form cannot make.
my @notes = ('comma, and more, commas', 'she said "hi" and ""twice""', "two\nlines",
    "windows\r\nline break", 'Zürich 💪 — ünïcödé', "\"quoted, all\"\nand more",
    "tab\there", '=1+2 looks like a formula', "ends with a line break\n");
sub user_a {
	return $shared{a} //= do {
		my $ua = new_user();
		set_user($ua, "timezone = 'Europe/Zurich'");
		set_body_weight($ua->{id}, 80);
		my $i = 0;
		for my $ex (@ALL) {
			my $timed = $ex eq 'plank' || $ex eq 'jump-rope';
			$i++;
			log_workout($ua, exercise => $ex, ($timed ? (minutes => $i) : (reps => 10 + $i)),
			    ($i % 2 ? () : (calories => "$i.5")), date => sprintf('2026-%02d-%02d', $i, 10 + $i),
			    time => sprintf('%02d:%02d', 5 + $i, 3 * $i), note => "every exercise: $ex");
		}
		for my $n (0 .. $#notes) {
			log_workout($ua, exercise => 'push-up', reps => 5 + $n, ($n % 3 == 0 ? (calories => 7) : ()),
			    date => '2026-10-2' . $n, time => '18:00', note => $notes[$n]);
		}
		my $aid = sql_quote($ua->{id});
		# What the form cannot make: seconds, no calories at all, spaces around a
		# note, reps and a duration, the first second of 1970, the night the clocks change.
		# (No two at one instant: the export orders those by their random ids.)
		psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, "
		    . "duration_seconds, calories, calories_estimated, note) SELECT $aid, e.id, v.t::timestamptz, "
		    . "v.r, v.d, v.c::numeric, v.est, v.n FROM exbuddy.exercise_types e JOIN (VALUES "
		    . "('burpee', '2026-03-29 00:59:59+00', 12, 0, NULL, false, '  spaces around  '), "
		    . "('burpee', '2026-03-29 01:00:01+00', 12, 0, NULL, false, NULL), "
		    . "('squat', '1970-01-01 00:00:00+00', 40, 95, '9.9', true, 'reps and a duration'), "
		    . "('lunge', '2026-10-25 00:30:00+00', 8, 0, '2.0', true, 'summer time ends'), "
		    . "('sit-up', '2026-10-25 01:30:00+00', 9, 0, '2.0', true, 'winter time again')"
		    . ") v(slug, t, r, d, c, est, n) ON v.slug = e.slug");
		$ua;
	};
}
# A's export, read once.
sub export_a { $shared{export_a} //= user_a()->get('/export.csv')->{content} }
# A new user in Europe/Zurich (as A), for a behaviour that imports.
sub zurich_user {
	my $u = new_user();
	set_user($u, "timezone = 'Europe/Zurich'");
	return $u;
}
# scratch(USER, CODE): runs CODE(USER), then deletes the workouts it added
# and reads the message it left: the user is as it was.
sub scratch {
	my ($u, $code) = @_;
	my $uid = sql_quote($u->{id});
	my $keep = psql_fast("SELECT string_agg(quote_literal(id::text), ', ') FROM exbuddy.workouts "
	    . "WHERE user_id = $uid");
	$code->($u);
	psql_fast("DELETE FROM exbuddy.workouts WHERE user_id = $uid"
	    . ($keep ne '' ? " AND id::text NOT IN ($keep)" : ''));
	$u->get('/workouts');
}

# --- 100,000 rows, streamed ---------------------------------------------------------------------
# First, before this file's big uploads have passed through the workers.
behaviour("an export of 100,000 rows is streamed, whole, without growing the workers' memory", sub {
	my $m = new_user();
	psql_fast('INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, calories, '
	    . 'calories_estimated, note) SELECT ' . sql_quote($m->{id}) . ", e.id, timestamptz "
	    . "'2020-01-01 00:00:00+00' + i * interval '1 minute', 1 + i % 500, (i % 300) / 10.0, "
	    . "i % 2 = 0, 'row ' || i FROM generate_series(1, 100000) i, exbuddy.exercise_types e "
	    . "WHERE e.slug = 'push-up'");
	is(count_of($m), 100000, 'a user with 100,000 workouts');

	my @workers = worker_pids();
	ok(@workers >= 1, 'the workers: ' . join(' ', @workers));
	$m->get('/dashboard');		# settled: the signup's hashing is over
	my %before = map { $_ => rss_kb($_) } @workers;
	# A sampler records each worker's highest VmRSS while the export runs.
	my ($sfh, $sfile) = tempfile('eb-rss-XXXXXX', TMPDIR => 1, UNLINK => 1);
	close $sfh;
	my $sampler = fork // die "fork: $!";
	if ($sampler == 0) {
		my %peak;
		my $end = Time::HiRes::time() + 120;
		until (-e "$sfile.stop" || Time::HiRes::time() > $end) {
			for my $p (@workers) {
				my $r = rss_kb($p) // next;
				$peak{$p} = $r if $r > ($peak{$p} // 0);
			}
			Time::HiRes::sleep(0.005);
		}
		open(my $o, '>', $sfile) or POSIX::_exit(1);
		print $o map { "$_ $peak{$_}\n" } keys %peak;
		close $o;
		POSIX::_exit(0);
	}
	my $t0 = Time::HiRes::time();
	my $res = $m->get('/export.csv');
	my $took = Time::HiRes::time() - $t0;
	open(my $stop, ">", "$sfile.stop") or die "$sfile.stop: $!";
	close $stop;
	waitpid($sampler, 0);
	my %peak = map { split ' ' } grep { /\S/ } split /\n/, EB::slurp($sfile) // '';
	unlink "$sfile.stop", $sfile;
	is($res->{status}, 200, sprintf('the export of 100,000 rows: 200 (%.1f s)', $took));
	is(scalar(() = $res->{content} =~ /\r\n/g), 100001, '... the header and 100,000 records');
	like($res->{content}, qr/\r\n2020-01-01T00:01:00\+00:00,push-up,2,0,0\.1,false,row 1,1,\r\n/, '... the first');
	like($res->{content}, qr/\r\n2020-03-10T10:40:00\+00:00,push-up,1,0,10\.0,true,row 100000,1,\r\n\z/, '... the last');
	ok(!exists $res->{headers}{'content-length'}, '... sent as a stream (no Content-Length)');
	for my $p (@workers) {
		my $after = rss_kb($p);
		next unless defined $before{$p} && defined $after;	# recycled meanwhile
		my $top = $peak{$p} // $after;
		$top = $after if $after > $top;
		my $what = sprintf('worker %d: VmRSS %d kB before, at most %d kB '
		    . 'during the export (+%d kB, under 8 MB)', $p, $before{$p}, $top, $top - $before{$p});
		# ASan's quarantine and valgrind's bookkeeping swell it: only shown.
		if ($ENV{EXBUDDY_WRAPPER}) {
			note("instrumented, not checked: $what");
			next;
		}
		ok($top - $before{$p} < 8 * 1024, $what);
	}
});

# --- The export's form ---------------------------------------------------------------------
behaviour('signed out, GET /export.csv sends to the login page', sub {
	is(client()->get('/export.csv')->{status}, 303, 'GET /export.csv signed out: 303 to /login');
});

behaviour('an empty export is just the header row, ended by CRLF', sub {
	my $res = empty_user()->get('/export.csv');
	is($res->{status}, 200, 'an empty export: 200');
	is($res->{content}, "$WORKOUTS\r\n", '... just the header row, ended by CRLF');
});

behaviour('the export is a CSV attachment that is not stored, with the security headers', sub {
	my $res = kolkata()->get('/export.csv');
	is($res->{status}, 200, 'GET /export.csv: 200');
	is($res->{headers}{'content-type'}, 'text/csv; charset=utf-8', 'Content-Type: text/csv; charset=utf-8');
	like($res->{headers}{'content-disposition'} // '', qr/^attachment;\s*filename="[^"\/\\]+\.csv"$/,
	    'Content-Disposition: attachment, with a .csv file name');
	like($res->{headers}{'cache-control'} // '', qr/no-store/, 'Cache-Control: no-store (private data)');
	security_headers_ok($res, 'GET /export.csv');
});

behaviour("the export's records: ISO 8601 times with the user's offset, oldest first, RFC 4180 quoting, CRLF", sub {
	my $csv = kolkata()->get('/export.csv')->{content};
	is($csv, "$WORKOUTS\r\n"
	    . qq{2026-07-01T07:30:00+05:30,push-up,20,0,3.0,true,"a, ""b""\nc",1,\r\n}
	    . "2026-07-02T23:59:00+05:30,plank,0,65,12.5,false,plain,1,\r\n",
	    'the rows: ISO 8601 times with +05:30, oldest first, the note with a comma, quote and '
	    . 'line break quoted and its quote doubled, CRLF after each record');
	is((split /\r\n/, $csv)[0], $WORKOUTS, 'the header row is exact');
});

behaviour("the export follows the user's zone: the same workout in New York", sub {
	my $x = kolkata();
	set_user($x, "timezone = 'America/New_York'");
	like($x->get('/export.csv')->{content}, qr/\r\n2026-06-30T22:00:00-04:00,push-up,/,
	    'in New York the same workout is 2026-06-30T22:00:00-04:00');
	set_user($x, "timezone = 'Asia/Kolkata'");
});

# Times whose zone offset had seconds (Monrovia was UTC-0:44:30 until 1972)
# cannot be written as ±HH:MM: the export must still name the right instant.
behaviour('a 1971 workout in Africa/Monrovia (an offset with seconds) exports as the same instant', sub {
	my $x = new_user();
	set_user($x, "timezone = 'Africa/Monrovia'");
	psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps) SELECT "
	    . sql_quote($x->{id}) . ", id, '1971-06-01 12:00:00+00', 5 FROM exbuddy.exercise_types "
	    . "WHERE slug = 'squat'");
	my ($t1971) = $x->get('/export.csv')->{content} =~ /\r\n(1971-[^,]*),squat,/;
	is(psql_fast("SELECT " . sql_quote($t1971 // 'none') . "::timestamptz = '1971-06-01 12:00:00+00'"), 't',
	    "a 1971 workout in Africa/Monrovia exports as the same instant ($t1971)");
});

# --- The round trip -----------------------------------------------------------------------------
behaviour('the export of varied workouts: a record each, UTF-8, quoted spaces, 1970, empty calories', sub {
	my $n_a = count_of(user_a());
	is($n_a, 9 + @notes + 5, "A has $n_a varied workouts");
	my $export_a = export_a();
	like($export_a, qr/\Adate,weight_kg\r\n2000-01-01,80\.00\r\n\r\n\Q$WORKOUTS\E\r\n/,
	    '... first the body weight section, an empty line, then the workouts');
	is(scalar(() = $export_a =~ /\r\n/g), 3 + $n_a + 1, '... the export has a CRLF per record (a CRLF typed in a note is stored as one line break)');
	like($export_a, qr/,Zürich 💪 — ünïcödé,1,\r\n/, '... UTF-8 as it is');
	like($export_a, qr/,"  spaces around  ",1,\r\n/, '... spaces around a field kept by quoting it');
	like($export_a, qr/\r\n1970-01-01T01:00:00\+01:00,squat,40,95,9\.9,true,reps and a duration,1,\r\n/,
	    '... the first second of 1970 (in Zurich)');
	like($export_a, qr/\r\n2026-03-29T01:59:59\+01:00,burpee,12,0,,false,"  spaces around  ",1,\r\n/,
	    '... no calories: an empty field');
});

behaviour("the round trip: A's export imported into a new account exports byte for byte the same", sub {
	my $n_a = count_of(user_a());
	my $export_a = export_a();
	my $ub = zurich_user();
	my $res = import_file($ub, $export_a, 'exbuddy-a.csv');
	is($res->{status}, 303, "B imports A's export: 303");
	is($res->{headers}{location}, '/workouts', '... to /workouts');
	like(flash_text($ub->get('/workouts')->{content}) // '', qr/^Imported $n_a workouts; 0 already in your log were skipped\. Also saved: 1 day of body weight\.$/,
	    "... which says $n_a were imported");
	is(count_of($ub), $n_a, "B has $n_a workouts");
	my $export_b = $ub->get('/export.csv')->{content};
	ok($export_b eq $export_a, "B's export is byte for byte A's") or do {
		my @la = split /\r\n/, $export_a;
		my @lb = split /\r\n/, $export_b;
		for my $k (0 .. ($#la > $#lb ? $#la : $#lb)) {
			next if ($la[$k] // '') eq ($lb[$k] // '');
			diag("first difference, record $k:\nA: " . ($la[$k] // '<none>') . "\nB: " . ($lb[$k] // '<none>'));
			last;
		}
	};
});

# The same file again: everything is already there.
behaviour('the same file imported again: every workout skipped, no new rows', sub {
	my $n_a = count_of(user_a());
	my $export_a = export_a();
	my $ub = zurich_user();
	is(import_file($ub, $export_a, 'exbuddy-a.csv')->{status}, 303, "B imports A's export: 303");
	$ub->get('/workouts');
	my $res = import_file($ub, $export_a, 'exbuddy-a.csv');
	is($res->{status}, 303, 'the same file again: 303');
	like(flash_text($ub->get('/workouts')->{content}) // '', qr/^Imported 0 workouts; $n_a already in your log were skipped\.$/,
	    "... 0 imported, $n_a skipped");
	is(count_of($ub), $n_a, '... and no new rows');
});

# What an import makes of the calories columns; duplicates inside one file.
behaviour('an import: names in any case, empty calories estimated, given kept, offsets applied; a repeated line kept', sub {
	my $c = new_user();
	my $res = import_file($c, "$HEADER\r\n"
	    . "2026-01-10T10:00:00Z,push-up,20,,,,estimate me\r\n"
	    . "2026-01-10T11:00:00Z,Push-Up,20,,,false,none known\r\n"
	    . "2026-01-10T12:30:00+01:00,PLANK,,600,12,,given\r\n"
	    . "2026-01-10T13:00:00Z,squat,5,,,true,\r\n"
	    . "2026-01-10T13:00:00Z,squat,5,,,true,\r\n");
	is($res->{status}, 303, 'a file with names in any case and empty columns: 303');
	like(flash_text($c->get('/workouts')->{content}) // '', qr/^Imported 5 workouts; 0 already in your log were skipped\.$/,
	    '... a line repeated in the file is kept: the file is the history it describes');
	is(psql_fast("SELECT string_agg(e.slug || ' ' || coalesce(w.calories::text, 'NULL') || ' ' || "
	    . "w.calories_estimated || ' ' || to_char(w.performed_at AT TIME ZONE 'UTC', 'HH24:MI'), '; ' "
	    . "ORDER BY w.performed_at) FROM exbuddy.workouts w JOIN exbuddy.exercise_types e ON "
	    . "e.id = w.exercise_type_id WHERE w.user_id = " . sql_quote($c->{id})),
	    'push-up 3.0 true 10:00; push-up NULL false 11:00; plank 12.0 false 11:30; squat 0.9 true 13:00; squat 0.9 true 13:00',
	    '... empty calories estimated (70 kg); "false" without calories: none; given kept; the offset applied');
});

behaviour('a file as a spreadsheet may save it (byte order mark, LF, no seconds) is imported', sub { scratch(empty_user(), sub {
	my ($c) = @_;
	my $n_c = count_of($c);
	my $res = import_file($c, "\xEF\xBB\xBF$HEADER\n2026-03-01T10:00Z,burpee,3,,,,bom and LF\n");
	is($res->{status}, 303, 'a file as a spreadsheet may save it (byte order mark, LF, no seconds): 303');
	is(count_of($c), $n_c + 1, '... its workout is imported');
}) });

behaviour('two workouts alike but for their notes are both imported', sub { scratch(empty_user(), sub {
	my ($c) = @_;
	my $n_c = count_of($c);
	my $res = import_file($c, "$HEADER\r\n"
	    . "2026-02-01T09:00:00Z,lunge,10,,,,first set\r\n"
	    . "2026-02-01T09:00:00Z,lunge,10,,,,second set\r\n");
	is($res->{status}, 303, 'two workouts alike but for their notes: 303');
	is(count_of($c), $n_c + 2, '... both are imported (they are not identical rows)');
}) });

# --- Bad files: 422, every bad line listed, nothing written --------------------------------------
# (the user without workouts: nothing is written)
behaviour('a file with bad lines: 422, each bad line listed by number and reason, nothing written', sub {
	my $ub = empty_user();
	my $future = psql_fast("SELECT to_char((now() + interval '3 days') AT TIME ZONE 'UTC', "
	    . "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
	my $long = 'x' x 501;
	my $bad_file = join "\r\n", $HEADER,
	    '2026-05-01T08:00:00+02:00,push-up,10,,,,good line 2',		# 2
	    'yesterday,push-up,10,,,,bad time',					# 3
	    "$future,push-up,10,,,,in the future",				# 4
	    '2026-05-01T09:00:00+02:00,deadlift,10,,,,unknown exercise',	# 5
	    '2026-05-01T10:00:00+02:00,push-up,abc,,,,reps abc',		# 6
	    '2026-05-01T11:00:00+02:00,push-up,100001,,,,too many reps',	# 7
	    qq{2026-05-01T12:00:00+02:00,push-up,10,,,,"good, with a line\nbreak"},	# 8-9
	    "2026-05-01T13:00:00+02:00,push-up,10,,,,$long",			# 10
	    '2026-05-01T14:00:00+02:00,push-up,10,,,',				# 11
	    '2026-05-01T15:00:00+02:00,push-up,10,,,,"closed"then text',	# 12
	    '2026-05-01T16:00:00+02:00,plank,10,,,,timed without a duration',	# 13
	    '2026-05-01T17:00:00+02:00,push-up,10,,,maybe,bad flag',		# 14
	    '2026-05-01T18:00:00+02:00,push-up,10,,,,good line 15',		# 15
	    '2026-05-01T19:00:00+02:00,push-up,10,,,,"unclosed quote';		# 16
	$bad_file .= "\r\nand more\r\n";
	my $n_b = count_of($ub);
	my $res = import_file($ub, $bad_file);
	is($res->{status}, 422, 'a file with bad lines: 422');
	tidy_ok($res->{content}, 'the import page with bad lines');
	like(alert_text($res->{content}) // '', qr/Nothing was imported/, '... says nothing was imported');
	my %got = map { $_->[0] => $_->[1] } bad_lines($res->{content});
	my %want = (3 => qr/time must look like/, 4 => qr/at most a day from now/,
	    5 => qr/no such exercise/, 6 => qr/whole number/, 7 => qr/whole number from 0 to 100000/,
	    10 => qr/at most 500 characters/, 11 => qr/Expected 7 fields, found 6/,
	    12 => qr/text after a closing quote/, 13 => qr/timed/, 14 => qr/calories_estimated must be/,
	    16 => qr/unclosed quote/);
	for my $line (sort { $a <=> $b } keys %want) {
		like($got{$line} // '<not listed>', $want{$line}, "... line $line is listed: " . ($got{$line} // ''));
	}
	is(join(',', sort { $a <=> $b } grep { !$want{$_} } keys %got), '', '... and no good line is');
	like($res->{content}, qr/<h2>11 problems in the file<\/h2>/, '... 11 problems in all');
	is(count_of($ub), $n_b, '... and nothing was written, not even the good lines');
});

for my $case (["$HEADER\r\n2026-05-01T08:00:00+02:00,push-up,10,,,,x\r\n"
    . "2026-05-01T09:00:00+02:00,push-up,-3,,,,neg\r\n",
    'a single bad line after a good one', qr/whole number/]) {
	my ($content, $name, $why) = @$case;
	behaviour("$name: 422, that line listed, nothing written", sub {
		my $ub = empty_user();
		my $n_b = count_of($ub);
		my $res = import_file($ub, $content);
		is($res->{status}, 422, "$name: 422");
		my @bl = bad_lines($res->{content});
		ok(@bl == 1 && $bl[0][0] == 3 && $bl[0][1] =~ $why, '... line 3 listed');
		is(count_of($ub), $n_b, '... nothing written');
	});
}

behaviour('a file whose header is not the columns: 422, and the alert says so', sub {
	my $ub = empty_user();
	my $n_b = count_of($ub);
	my $res = import_file($ub, "when,what,how many\r\n2026-05-01T08:00:00+02:00,push-up,10\r\n");
	is($res->{status}, 422, 'a file whose header is not the columns: 422');
	like(alert_text($res->{content}) // '', qr/first line must name the columns/, '... the alert says so');
	is(count_of($ub), $n_b, '... nothing written');
});

behaviour('a file without a header: 422', sub {
	my $ub = empty_user();
	my $n_b = count_of($ub);
	my $res = import_file($ub, "2026-05-01T08:00:00+02:00,push-up,10,,,,no header\r\n");
	is($res->{status}, 422, 'a file without a header: 422');
	is(count_of($ub), $n_b, '... nothing written');
});

behaviour('a file with only the header: 422, it says there are no workouts', sub {
	my $ub = empty_user();
	my $n_b = count_of($ub);
	my $res = import_file($ub, "$HEADER\r\n");
	is($res->{status}, 422, 'a file with only the header: 422');
	like(alert_text($res->{content}) // '', qr/no workouts/, '... says there are none');
	is(count_of($ub), $n_b, '... nothing written');
});

behaviour('an empty file: 422, the message by the file field', sub {
	my $ub = empty_user();
	my $n_b = count_of($ub);
	my $res = import_file($ub, '');
	is($res->{status}, 422, 'an empty file: 422');
	like(field_error($res->{content}, 'file') // '', qr/Choose a CSV file/, '... the message is by the file field');
	is(count_of($ub), $n_b, '... nothing written');
});

behaviour('no file at all: 422, the form asks for one', sub {
	my $ub = empty_user();
	my $n_b = count_of($ub);
	my $res = $ub->post_multipart('/import', { note => 'no file here' }, {}, from => '/import');
	is($res->{status}, 422, 'no file at all: 422');
	like(field_error($res->{content}, 'file') // '', qr/Choose a CSV file/, '... asks for one');
	tidy_ok($res->{content}, 'the import form with an error');
	is(count_of($ub), $n_b, '... nothing written');
});

behaviour('an import without the csrf token: 403, nothing written', sub {
	my $export_a = export_a();
	my $ub = empty_user();
	my $n_b = count_of($ub);
	my $res = $ub->post_multipart('/import', { csrf => undef }, { file => ['a.csv', $export_a] });
	is($res->{status}, 403, 'an import without the csrf token: 403');
	is(count_of($ub), $n_b, 'none of these wrote anything');
});

behaviour('GET /import names the columns and its form uploads', sub {
	my $res = empty_user()->get('/import');
	is($res->{status}, 200, 'GET /import: 200');
	tidy_ok($res->{content}, 'GET /import');
	like($res->{content}, qr/<code>\Q$HEADER\E<\/code>/, '... it names the columns');
	like($res->{content}, qr/enctype="multipart\/form-data"/, '... its form uploads');
});

# --- The 8 MiB limit -----------------------------------------------------------------------------
my $max = 8 * 1024 * 1024;

behaviour('a file over 8 MiB: 413, the page from nginx with the security headers', sub {
	my $ub = empty_user();
	my $n_b = count_of($ub);
	$ub->get('/import');
	my ($ctype, $body) = EBAccount::multipart_encode({ csrf => $ub->{csrf} },
	    { file => ['big.csv', "$HEADER\r\n" . ('x' x ($max + 1024))] });
	my $res = $ub->request(POST => '/import', headers => { 'Content-Type' => $ctype }, content => $body);
	is($res->{status}, 413, 'a file over 8 MiB: 413');
	like($res->{content}, qr/Content Too Large/, "... nginx's page");
	security_headers_ok($res, 'the 413 page');
	is(count_of($ub), $n_b, '... nothing written');
});

# Just under the limit the file reaches the app (and its bad header is refused).
behaviour('a body of just under 8 MiB reaches the app: 422 for its header, nothing written', sub {
	my $ub = empty_user();
	my $n_b = count_of($ub);
	$ub->get('/import');
	my $fill = 'not the header' . ('x' x $max);
	my ($ctype, $body) = EBAccount::multipart_encode({ csrf => $ub->{csrf} }, { file => ['big.csv', $fill] });
	$fill = substr($fill, 0, $max - 16 - (length($body) - length($fill)));
	($ctype, $body) = EBAccount::multipart_encode({ csrf => $ub->{csrf} }, { file => ['big.csv', $fill] });
	ok(length($body) <= $max && length($body) > $max - 64, 'a body of just under 8 MiB');
	my $res = $ub->request(POST => '/import', headers => { 'Content-Type' => $ctype }, content => $body);
	is($res->{status}, 422, '... reaches the app (422 for its header, not 413)');
	is(count_of($ub), $n_b, '... nothing written');
});

done_testing();
