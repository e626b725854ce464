# 44_isolation_workouts.t — users A and B: A never sees B's workouts (history
# on every page and with filters, a cursor made from B's workout, the
# export), cannot open, change or delete them (404, B's rows unchanged),
# and A's imports and submission ids never touch B's rows.
#
# Each behaviour runs alone (EXBUDDY_ONLY). A shared pair A and B, made on
# first use, is read, and sent what must be refused; a behaviour that adds
# workouts to it deletes them again (scratch). One that changes a workout
# of B makes a pair of its own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

sub count_of { psql_fast("SELECT count(*) FROM exbuddy.workouts WHERE user_id = $_[0]") }
# Every column of every row of a user: any change shows.
sub snapshot_sql {
	return "SELECT count(*) || ' ' || coalesce(md5(string_agg(w::text, '|' ORDER BY w.id)), '-') "
	    . "FROM exbuddy.workouts w WHERE w.user_id = $_[0]";
}
sub snapshot { psql_fast(snapshot_sql($_[0])) }
sub log_workout {
	my ($u, %f) = @_;
	my $sub = $f{submission} // hidden_value($u->get('/workouts/new')->{content}, 'submission');
	return $u->post_form('/workouts/new', { %f, submission => $sub });
}

# make_pair(): new users A and B: {ua, ub, aid, bid (quoted), secret (in
# B's notes), b_w (B's first workout), b_ids, b_rows, b_snap}.
sub make_pair {
	my %p = (ua => new_user(), ub => new_user());
	my ($ua, $ub) = @p{qw(ua ub)};
	my ($aid, $bid) = @p{qw(aid bid)} = map { sql_quote($_->{id}) } $ua, $ub;
	my $secret = $p{secret} = 'B-secret-' . $ub->{username};
	# B: two workouts through the form, 25 more through the database (paging).
	is(log_workout($ub, exercise => 'push-up', reps => 21, date => '2026-06-01', time => '10:00',
	    note => "$secret form 1")->{status}, 303, 'B logs a workout');
	is(log_workout($ub, exercise => 'plank', minutes => 2, date => '2026-06-02', time => '10:00',
	    note => "$secret form 2")->{status}, 303, 'B logs another');
	# (One psql for the rows and one for what is read back: each costs a tenth of a second or more.)
	psql_fast("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, note) "
	    . "SELECT $bid, e.id, timestamptz '2026-05-01 12:00+00' - i * interval '3 hours', i, "
	    . "'$secret row ' || i FROM generate_series(1, 25) i, exbuddy.exercise_types e "
	    . "WHERE e.slug = 'push-up'; "
	# A: a few of its own, some at the very same times as B's.
	    . "INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, note) "
	    . "SELECT $aid, e.id, timestamptz '2026-05-01 12:00+00' - i * interval '3 hours', 100 + i, "
	    . "'A row ' || i FROM generate_series(1, 22) i, exbuddy.exercise_types e "
	    . "WHERE e.slug = 'push-up'");
	my ($b_rows, $a_rows, $b_snap, $b_w, $b_ids) = split /\t/, psql_fast("SELECT concat_ws(E'\\t', "
	    . "(SELECT count(*) FROM exbuddy.workouts WHERE user_id = $bid), "
	    . "(SELECT count(*) FROM exbuddy.workouts WHERE user_id = $aid), (" . snapshot_sql($bid) . "), "
	    . "(SELECT id FROM exbuddy.workouts WHERE user_id = $bid AND note = " . sql_quote("$secret form 1")
	    . "), (SELECT string_agg(id::text, ' ') FROM exbuddy.workouts WHERE user_id = $bid))");
	$p{b_rows} = $b_rows;
	is($p{b_rows}, 27, 'B has 27 workouts');
	is($a_rows, 22, 'A has 22');
	@p{qw(b_snap b_w)} = ($b_snap, $b_w);
	$p{b_ids} = [split ' ', $b_ids // ''];
	return \%p;
}
my $shared;
sub pair { $shared //= make_pair() }

# leaks(PAIR, HTML): true when HTML shows a note or an id of B's.
sub leaks {
	my ($p, $html) = @_;
	return 1 if index($html // '', $p->{secret}) >= 0;
	return scalar grep { index($html // '', $_) >= 0 } @{$p->{b_ids}};
}
# scratch(USER, CODE): runs CODE(USER), then deletes the workouts it added
# to USER and reads the message it left: USER is as it was.
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

# --- History --------------------------------------------------------------------------------------
behaviour("A's history, page by page, holds A's 22 workouts and nothing of B's", sub {
	my $p = pair();
	my ($ua, $ub) = @$p{qw(ua ub)};
	my $b_page = $ub->get('/workouts')->{content};
	ok(leaks($p, $b_page), "B's history shows B's workouts (control)");
	my @seen;
	my $path = '/workouts';
	for my $n (1 .. 3) {
		my $html = $ua->get($path)->{content};
		ok(!leaks($p, $html), "A's history page $n: nothing of B's");
		push @seen, history_rows($html);
		$path = page_link($html, 'next') // last;
	}
	is(scalar @seen, 22, "A's pages hold exactly A's 22 workouts");
	ok(!(grep { $_->{note} !~ /^A row / } @seen), '... every one of them A\'s');
});

behaviour("A's history with filters shows nothing of B's", sub {
	my $p = pair();
	for my $q ('exercise=push-up', 'exercise=plank', 'from=2026-06-01&to=2026-06-02',
	    'from=2026-04-01&to=2026-05-01') {
		my $html = $p->{ua}->get("/workouts?$q")->{content};
		ok(!leaks($p, $html), "A's history ?$q: nothing of B's");
	}
});

# A cursor built from B's newest workout only moves through A's rows.
behaviour("a cursor made from B's workout shows A nothing of B's", sub {
	my $p = pair();
	my $cur = psql_fast("SELECT (extract(epoch FROM performed_at) * 1000000)::bigint || '_' || id "
	    . "FROM exbuddy.workouts WHERE id = " . sql_quote($p->{b_w}));
	for my $c ("before=$cur", "after=$cur") {
		my $res = $p->{ua}->get("/workouts?$c");
		ok($res->{status} == 200 && !leaks($p, $res->{content}), "A's history ?$c (B's workout): nothing of B's");
	}
});

# --- Export ----------------------------------------------------------------------------------------
behaviour("A's export holds A's workouts and none of B's", sub {
	my $p = pair();
	my $a_csv = $p->{ua}->get('/export.csv')->{content};
	my $b_csv = $p->{ub}->get('/export.csv')->{content};
	ok(index($b_csv, $p->{secret}) >= 0, "B's export has B's workouts (control)");
	ok(index($a_csv, $p->{secret}) < 0, "A's export has none of B's notes");
	is(scalar(() = $a_csv =~ /\r\n/g), 22 + 1, "A's export: the header and A's 22 workouts");
	ok(!(grep { !/,A row \d+,1,$/ } (split /\r\n/, $a_csv)[1 .. 22]), '... each one A\'s');
});

# --- Edit and delete ---------------------------------------------------------------------------------
behaviour("A cannot open B's workout to edit or delete: 404, nothing of it shown", sub {
	my $p = pair();
	my ($ua, $ub, $b_w) = @$p{qw(ua ub b_w)};
	is($ub->get("/workouts/$b_w/edit")->{status}, 200, "B opens B's workout to edit (control)");
	for my $what (qw(edit delete)) {
		my $res = $ua->get("/workouts/$b_w/$what");
		is($res->{status}, 404, "A: GET /workouts/<B's id>/$what: 404");
		ok(!leaks($p, $res->{content}), '... and the page shows nothing of it');
	}
});

# B saves the form A sent (the control): a pair of its own.
behaviour("A cannot change or delete B's workout (404, B's rows unchanged) with a form that is valid for B", sub {
	my $p = make_pair();
	my ($ua, $ub, $b_w, $bid) = @$p{qw(ua ub b_w bid)};
	my $edit_b = $ub->get("/workouts/$b_w/edit");
	is($edit_b->{status}, 200, "B opens B's workout to edit (control)");
	my $form = form_fields($edit_b->{content}, "/workouts/$b_w/edit") // {};
	delete $form->{csrf};
	my %change = (%$form, reps => 99, note => 'changed by A');
	$ua->get('/dashboard');
	is($ua->post_form("/workouts/$b_w/edit", \%change)->{status}, 404, "A: POST edit of B's workout (a valid form): 404");
	is($ua->post_form("/workouts/$b_w/delete", {})->{status}, 404, "A: POST delete of B's workout: 404");
	is($ua->post_form("/workouts/" . uc($b_w) . "/delete", {})->{status}, 404, '... also with the id in capitals');
	is(snapshot($bid), $p->{b_snap}, "B's workouts are unchanged, all of them");
	is($ub->post_form("/workouts/$b_w/edit", { %change, note => "$p->{secret} changed by B" },
	    from => "/workouts/$b_w/edit")->{status}, 303, 'the same form from B saves (so it was valid)');
});

# --- Submission ids are per user -----------------------------------------------------------------------
behaviour("A's form with B's submission id saves A's workout and leaves B's rows alone", sub {
	my $p = pair();
	scratch($p->{ua}, sub {
		my ($ua) = @_;
		my ($aid, $bid) = @$p{qw(aid bid)};
		my $b_snap = snapshot($bid);
		my $b_sub = psql_fast("SELECT submission_id FROM exbuddy.workouts WHERE id = " . sql_quote($p->{b_w}));
		like($b_sub, qr/^[0-9a-f-]{36}$/, "B's workout has a submission id");
		my $a_before = count_of($aid);
		my $res = log_workout($ua, exercise => 'squat', reps => 5, date => '2026-06-03', time => '09:00',
		    submission => $b_sub);
		is($res->{status}, 303, "A sends a form with B's submission id: 303");
		is(count_of($aid), $a_before + 1, "... A's workout is saved");
		like(flash_text($ua->get('/dashboard')->{content}) // '', qr/Your workout is saved/,
		    '... and A is told so (not "saved already": that would say the id is in use)');
		is(snapshot($bid), $b_snap, "... B's rows are unchanged");
	});
});

# --- Import ---------------------------------------------------------------------------------------------
behaviour("A imports B's export: all of it new to A, B's rows untouched", sub {
	my $p = pair();
	scratch($p->{ua}, sub {
		my ($ua) = @_;
		my ($aid, $bid) = @$p{qw(aid bid)};
		my $b_snap = snapshot($bid);
		my $b_csv = $p->{ub}->get('/export.csv')->{content};
		my $a_before = count_of($aid);
		my $res = $ua->post_multipart('/import', {}, { file => ['b.csv', $b_csv] }, from => '/import');
		is($res->{status}, 303, "A imports B's export: 303");
		like(flash_text($ua->get('/workouts')->{content}) // '', qr/^Imported 27 workouts; 0 already/,
		    "... all 27 are new to A (B's rows do not count as already there)");
		is(count_of($aid), $a_before + 27, "... they are A's now");
		is(snapshot($bid), $b_snap, "... and B's rows are untouched");
	});
});

behaviour("A imports B's export twice: the second time all skipped for A, B's rows untouched", sub {
	my $p = pair();
	scratch($p->{ua}, sub {
		my ($ua) = @_;
		my $bid = $p->{bid};
		my $b_snap = snapshot($bid);
		my $b_csv = $p->{ub}->get('/export.csv')->{content};
		is($ua->post_multipart('/import', {}, { file => ['b.csv', $b_csv] }, from => '/import')->{status},
		    303, "A imports B's export: 303");
		$ua->get('/workouts');
		$ua->post_multipart('/import', {}, { file => ['b.csv', $b_csv] }, from => '/import');
		like(flash_text($ua->get('/workouts')->{content}) // '', qr/^Imported 0 workouts; 27 already/,
		    'the same file again: all skipped for A');
		is(snapshot($bid), $b_snap, "... B's rows still untouched");
	});
});

# B changes a workout after its export, then imports the export: a pair of its own.
behaviour("B imports B's older export: only the workout B changed since comes back, A's rows untouched", sub {
	my $p = make_pair();
	my ($ua, $ub, $b_w, $aid) = @$p{qw(ua ub b_w aid)};
	my $b_csv = $ub->get('/export.csv')->{content};
	my $form = form_fields($ub->get("/workouts/$b_w/edit")->{content}, "/workouts/$b_w/edit") // {};
	delete $form->{csrf};
	is($ub->post_form("/workouts/$b_w/edit", { %$form, reps => 99, note => "$p->{secret} changed by B" },
	    from => "/workouts/$b_w/edit")->{status}, 303, 'B changes a workout after the export');
	my $a_snap = snapshot($aid);
	$ub->post_multipart('/import', {}, { file => ['b.csv', $b_csv] }, from => '/import');
	like(flash_text($ub->get('/workouts')->{content}) // '', qr/^Imported 1 workout; 26 already/,
	    "B imports B's older export: only the workout B changed since comes back");
	is(snapshot($aid), $a_snap, "... and A's rows are untouched");
});

behaviour("A imports a bad file made from B's export: 422, B's rows as B left them", sub {
	my $p = pair();
	my ($ua, $aid, $bid) = @$p{qw(ua aid bid)};
	my $b_csv = $p->{ub}->get('/export.csv')->{content};
	my $b_before = count_of($bid);
	my $a_before = count_of($aid);
	my $bad = $b_csv . "not a time,push-up,1,,,,x\r\n";
	my $res = $ua->post_multipart('/import', {}, { file => ['bad.csv', $bad] }, from => '/import');
	is($res->{status}, 422, "A imports a bad file: 422");
	is(count_of($bid), $b_before, "... B's count is as B left it");
	is(count_of($aid), $a_before, "... and A's too (nothing imported)");
});

done_testing();
