# 47_body_weight.t — body weight over time: GET/POST /weight (one entry a
# day, in the user's unit), its chart (a point per entry of the last 90
# days, or of the year) and table (newest first, with the average of the 7
# days up to each entry), changing an entry (/weight?day=DATE) and deleting
# it (/weight/DATE/delete), the weight field of /settings (the latest entry;
# saving a new one logs today's, emptying it takes today's away), the
# calorie estimate of a workout (the weight of its day), and isolation
# between users.
#
# Each behaviour runs alone (EXBUDDY_ONLY) with users of its own, in UTC;
# dates are counted from today there (the database's clock).
use strict;
use warnings;
use utf8;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT :workouts :stats);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

# --- Helpers ------------------------------------------------------------------------------

# A new user (signed in, in UTC) with SETTINGS (SQL assignments) made in the database.
sub own_user {
	my ($set) = @_;
	my $w = new_user();
	psql_fast("UPDATE exbuddy.users SET timezone = 'UTC'" . (defined $set ? ", $set" : '')
	    . ' WHERE id = ' . sql_quote($w->{id}));
	return $w;
}
sub uid { sql_quote($_[0]{id}) }
# The date DAYS from today in UTC.
sub day { local_today('UTC', $_[0] // 0) }
# A date as the pages say it: "Friday 20 November 2026".
sub long_date {
	return psql_fast("SELECT to_char(date " . sql_quote($_[0]) . ", 'FMDay FMDD FMMonth YYYY')");
}
# The user's entries as "DAY=KG DAY=KG", oldest first.
sub weights_of {
	return psql_fast("SELECT coalesce(string_agg(day || '=' || weight_kg, ' ' ORDER BY day), '') "
	    . 'FROM exbuddy.body_weights WHERE user_id = ' . uid($_[0]));
}
sub nweights { psql_fast('SELECT count(*) FROM exbuddy.body_weights WHERE user_id = ' . uid($_[0])) }
# Entries straight into the database: [DAY, KG] ….
sub add_weights {
	my ($w, @e) = @_;
	psql_fast('INSERT INTO exbuddy.body_weights (user_id, day, weight_kg) VALUES ' . join(', ',
	    map { '(' . uid($w) . ', ' . sql_quote($_->[0]) . ", $_->[1])" } @e));
}
# POST /weight (the csrf token of a fresh /weight).
sub log_weight {
	my ($w, %f) = @_;
	return $w->post_form('/weight', \%f, from => '/weight');
}
# A page as characters, with tidy and the security headers checked.
sub page_ok {
	my ($res, $name) = @_;
	tidy_ok($res->{content}, $name);
	security_headers_ok($res, $name);
	return decode_page($res);
}
# The table of entries: rows "DATE|WEIGHT|AVERAGE" (DATE as the <time> says it), newest first.
sub entry_rows {
	my ($html) = @_;
	my ($tbody) = ($html // '') =~ m{<caption>Your weight[^<]*</caption>.*?<tbody>(.*?)</tbody>}s
	    or return ();
	my @r;
	my $re = qr{<tr>\s*<th scope="row"><time datetime="([^"]*)">.*?</time></th>\s*}s;
	while ($tbody =~ m{$re<td class="num"[^>]*>(.*?)</td>\s*<td class="num"[^>]*>(.*?)</td>}gs) {
		push @r, "$1|$2|$3";
	}
	return @r;
}
# The chart's points, left to right, as {cx, cy, value: cy read on the y
# axis (svg_axis); undef without it}.
sub points {
	my ($svg) = @_;
	my ($at) = svg_axis($svg);
	my @p;
	while (($svg // '') =~ m{<circle class="chart-point" cx="([^"]+)" cy="([^"]+)" r="4"/>}g) {
		my ($cx, $cy) = ($1, $2);
		push @p, { cx => $cx, cy => $cy, value => $at ? $at->($cy) : undef };
	}
	return @p;
}
# The values of the dashed line's points (the 7-day averages), left to right.
sub averages {
	my ($svg) = @_;
	my ($at) = svg_axis($svg);
	my ($pts) = ($svg // '') =~ m{<polyline class="chart-avg" points="([^"]*)"/>};
	return map { $at ? $at->((split /,/)[1]) : undef } split / /, $pts // '';
}
# A value to a tenth, as the page writes it.
sub tenth { defined $_[0] ? sprintf('%.1f', $_[0]) : '(none)' }
sub chart_of { my ($html) = @_; my ($svg) = svg_blocks($html); return $svg }
# The weight field of the settings page, and its other fields.
sub settings_fields { form_fields($_[0]->get('/settings')->{content}, '/settings') // {} }

# --- The page ---------------------------------------------------------------------------------
behaviour('GET /weight: the form (today, a weight), no chart before the first entry, valid HTML and headers', sub {
	my $w = own_user();
	my $res = $w->get('/weight');
	is($res->{status}, 200, 'GET /weight: 200');
	my $html = page_ok($res, 'GET /weight');
	unlike($html, qr/<TMPL_|<script/i, 'no template tags, no scripts');
	my $f = form_fields($html, '/weight') // {};
	is($f->{day}, day(0), 'the day is today');
	is($f->{weight}, '', 'the weight is empty');
	like($html, qr/<label for="weight">Weight \(kg\)<\/label>/, 'the weight is labelled in the unit');
	like($html, qr/<label for="day">/, 'the day has a label');
	ok(!defined chart_of($html), 'no chart: nothing to draw');
	like($html, qr/No weight logged in this time yet/, 'no table, a sentence instead');
});

behaviour('signed out: /weight sends to the login page and saves nothing', sub {
	my $res = client()->get('/weight');
	is($res->{status}, 303, 'GET /weight signed out: 303');
	like($res->{headers}{location} // '', qr{^/login\?next=%2Fweight$}, '... to the login page');
	$res = client()->request(POST => '/weight', headers => {
	    'Content-Type' => 'application/x-www-form-urlencoded' }, content => 'day=2026-01-01&weight=70');
	is($res->{status}, 303, 'POST /weight signed out: 303 to /login');
});

behaviour('POST /weight without the csrf token: 403, nothing saved', sub {
	my $w = own_user();
	my $res = $w->post_form('/weight', { day => day(-1), weight => '70', csrf => undef });
	is($res->{status}, 403, 'no csrf token: 403');
	is(nweights($w), 0, '... nothing saved');
});

# --- Logging ---------------------------------------------------------------------------------------
behaviour('POST /weight: 303 to /weight, a flash naming the day and the weight, one row', sub {
	my $w = own_user();
	my $d = day(-3);
	my $res = log_weight($w, day => $d, weight => '72.5');
	is($res->{status}, 303, 'day and weight: 303');
	is($res->{headers}{location}, '/weight', '... to /weight');
	is(weights_of($w), "$d=72.50", 'one row: 72.50 kg that day');
	$res = $w->get('/weight');
	my $html = page_ok($res, '/weight after a save');
	is(flash_text($html), 'Your weight for ' . long_date($d) . ' is saved: 72.5 kg.',
	    'the flash names the day and the weight');
	is_deeply([entry_rows($html)], ["$d|72.5|72.5"], 'the table has the entry');
	is(flash_text(decode_page($w->get('/weight'))), undef, 'the flash is shown once');
});

behaviour('one entry a day: a second post for the day replaces the first', sub {
	my $w = own_user();
	my $d = day(-2);
	is(log_weight($w, day => $d, weight => '72.5')->{status}, 303, 'the first: 303');
	is(log_weight($w, day => $d, weight => '73')->{status}, 303, 'a second, the same day: 303');
	is(nweights($w), 1, 'still one row in exbuddy.body_weights');
	is(weights_of($w), "$d=73.00", 'with the second weight');
	is_deeply([entry_rows(decode_page($w->get('/weight')))], ["$d|73.0|73.0"], 'one row in the table');
	is(log_weight($w, day => day(-1), weight => '74')->{status}, 303, 'another day: 303');
	is(nweights($w), 2, '... a second row');
});

my @bad_weights = (
	# [weight, message]
	['abc', qr/as a number, like 72\.5/],
	['19.9', qr/between 20 and 500 kg/],
	['500.1', qr/between 20 and 500 kg/],
	['72.55', qr/at most one decimal/],
	['-70', qr/as a number/],
	['', qr/Enter your weight/],
);
for my $case (@bad_weights) {
	my ($weight, $msg) = @$case;
	behaviour("a bad weight \"$weight\": 422, the message by the weight, the values kept, nothing saved", sub {
		my $w = own_user();
		my $d = day(-1);
		my $res = log_weight($w, day => $d, weight => $weight);
		is($res->{status}, 422, "weight \"$weight\": 422");
		my $html = page_ok($res, "a bad weight \"$weight\"");
		like(field_error($html, 'weight') // '', $msg, '... the message by the weight field');
		like(input_tag($html, 'weight') // '', qr/aria-invalid="true"/, '... the field is aria-invalid');
		my $f = form_fields($html, '/weight') // {};
		is($f->{day}, $d, '... the day kept');
		is($f->{weight}, $weight, '... the weight kept');
		is(nweights($w), 0, '... nothing saved');
	});
}

behaviour('the weight is required on /weight: its messages do not offer to leave it empty', sub {
	my $w = own_user();
	for my $weight ('abc', '19.9') {
		my $res = log_weight($w, day => day(-1), weight => $weight);
		is($res->{status}, 422, "weight \"$weight\": 422");
		unlike(field_error(decode_page($res), 'weight') // '', qr/leave it empty/,
		    '... the message does not say "or leave it empty" (an empty weight is refused)');
	}
});

my @bad_days = (
	# [name, day, message]
	['2026-02-30 (no such day)', '2026-02-30', qr/YYYY-MM-DD/],
	['the day after tomorrow', day(2), qr/at most tomorrow/],
	['a year ahead', day(365), qr/at most tomorrow/],
	['no day', '', qr/Enter the date/],
	['03/03/2026', '03/03/2026', qr/YYYY-MM-DD/],
	['1969-12-31', '1969-12-31', qr/YYYY-MM-DD/],
);
for my $case (@bad_days) {
	my ($name, $d, $msg) = @$case;
	behaviour("a bad day, $name: 422, the message by the day, nothing saved", sub {
		my $w = own_user();
		my $res = log_weight($w, day => $d, weight => '70');
		is($res->{status}, 422, "$name: 422");
		my $html = decode_page($res);
		like(field_error($html, 'day') // '', $msg, '... the message by the day field');
		like(input_tag($html, 'day') // '', qr/aria-invalid="true" aria-describedby="day-error"/,
		    '... the field is aria-invalid');
		is((form_fields($html, '/weight') // {})->{weight}, '70', '... the weight kept');
		is(nweights($w), 0, '... nothing saved');
	});
}

behaviour('tomorrow and 1970-01-01 are accepted', sub {
	my $w = own_user();
	is(log_weight($w, day => day(1), weight => '70')->{status}, 303, 'tomorrow: 303');
	is(log_weight($w, day => '1970-01-01', weight => '71')->{status}, 303, '1970-01-01: 303');
	is(weights_of($w), '1970-01-01=71.00 ' . day(1) . '=70.00', 'both saved');
});

behaviour('an lb account: 165 lb is stored as 74.84 kg and shown as 165.0', sub {
	my $w = own_user("weight_unit = 'lb'");
	my $d = day(-3);
	my $res = log_weight($w, day => $d, weight => '165');
	is($res->{status}, 303, '165 (lb): 303');
	is(weights_of($w), "$d=74.84", 'stored as 74.84 kg (165 × 0.45359237)');
	my $html = page_ok($w->get('/weight'), '/weight in lb');
	is(flash_text($html), 'Your weight for ' . long_date($d) . ' is saved: 165.0 lb.', 'the flash in lb');
	like($html, qr/<label for="weight">Weight \(lb\)<\/label>/, 'the field is in lb');
	is_deeply([entry_rows($html)], ["$d|165.0|165.0"], 'the table: 165.0');
	my ($p) = points(chart_of($html));
	is(tenth($p->{value}), '165.0', 'the chart: a point at 165.0 on its lb axis');
	is_deeply([map { tenth($_) } averages(chart_of($html))], ['165.0'], '... its 7-day average too');
	is(attr(input_tag(decode_page($w->get("/weight?day=$d")), 'weight'), 'value'), '165.0',
	    'the form to change it: 165.0');
	$res = log_weight($w, day => $d, weight => '44');
	is($res->{status}, 422, '44 lb (below 20 kg): 422');
	like(field_error(decode_page($res), 'weight') // '', qr/between 44\.1 and 1102\.3 lb/,
	    '... the bounds said in lb');
	is(log_weight($w, day => $d, weight => '150.5')->{status}, 303, '150.5 lb: 303');
	is(weights_of($w), "$d=68.27", '... 68.27 kg');
});

# --- The chart ----------------------------------------------------------------------------------------
behaviour('the chart: a point per entry of the last 90 days; ?range=year: of 365 days', sub {
	my $w = own_user();
	my @days = map { day($_) } -400, -200, -100, -80, -30, 0;
	add_weights($w, map { [$days[$_], 70 + $_] } 0 .. $#days);
	my $res = $w->get('/weight');
	my $html = page_ok($res, '/weight with entries');
	my $svg = chart_of($html);
	svg_wellformed_ok($svg, 'the 90-day chart');
	cards_ok($html, 'the weight page');
	chart_free_ok($svg, 'the 90-day chart');
	like($svg // '', qr/<title id="weight-title">Body weight, the last 90 days<\/title>/, 'titled "the last 90 days"');
	# The weights are 70 + the entry's place: each point says which it is.
	is_deeply([map { tenth($_->{value}) } points($svg)], ['73.0', '74.0', '75.0'],
	    'a point for each entry of the last 90 days, oldest first');
	is_deeply([map { (split /\|/)[0] } entry_rows($html)], [reverse @days[3 .. 5]], 'the table: the same, newest first');
	like($html, qr{<a href="/weight\?range=year">The last year</a>}, 'a link to the year');
	$res = $w->get('/weight?range=year');
	$html = page_ok($res, '/weight?range=year');
	$svg = chart_of($html);
	svg_wellformed_ok($svg, 'the year chart');
	like($svg // '', qr/<title id="weight-title">Body weight, the last year<\/title>/, 'titled "the last year"');
	is_deeply([map { tenth($_->{value}) } points($svg)], ['71.0', '72.0', '73.0', '74.0', '75.0'],
	    'a point for each entry of the last 365 days');
	# The days -200, -100, -80, -30 and 0: x as far apart as they are.
	my @x = map { $_->{cx} } points($svg);
	ok(@x == 5 && abs(($x[4] - $x[3]) / ($x[4] - $x[0]) - 30 / 200) < 0.01,
	    '... each at its day (today is 30 days after the fourth, of the 200 after the first)');
	my @rows = entry_rows($html);
	is(scalar @rows, 5, 'five rows in the table');
});

behaviour('the chart: every point lies on the plot, tomorrow\'s too', sub {
	my $w = own_user();
	add_weights($w, [day(-89), 70], [day(0), 71], [day(1), 72]);
	my $svg = chart_of(decode_page($w->get('/weight')));
	# The x axis: the horizontal chart-axis line.
	my ($x1, $x2) = ($svg // '') =~ m{<line class="chart-axis" x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="\2"/>}
	    ? ($1, $3) : (undef, undef);
	ok(defined $x1, 'the x axis is found') or return;
	my @p = points($svg);
	is(scalar @p, 3, 'three points (the first day of the 90, today, tomorrow)');
	for my $p (@p) {
		ok($p->{cx} >= $x1 && $p->{cx} <= $x2, 'the point of ' . tenth($p->{value}) . ' kg is on the x axis '
		    . "($x1 <= $p->{cx} <= $x2)");
	}
});

# --- The table and the 7-day average --------------------------------------------------------------------
behaviour('the table: newest first, with the average of the 7 days up to each entry', sub {
	my $w = own_user();
	my @d = map { day($_) } -7, -6, -3, 0;
	add_weights($w, [$d[0], 80], [$d[1], 70], [$d[2], 72], [$d[3], 74.5]);
	my $html = page_ok($w->get('/weight'), '/weight with four entries');
	# Today: the entries of today and the 6 days before (not the one 7 days
	# ago): (70 + 72 + 74.5) / 3 = 72.17. Three days ago: (80 + 70 + 72) / 3
	# = 74.0. Six days ago: (80 + 70) / 2 = 75.0. Seven days ago: 80.0.
	is_deeply([entry_rows($html)], ["$d[3]|74.5|72.2", "$d[2]|72.0|74.0", "$d[1]|70.0|75.0", "$d[0]|80.0|80.0"],
	    'the rows and their 7-day averages, computed by hand');
	my $svg = chart_of($html);
	is(tenth((points($svg))[-1]{value}), '74.5', "the chart: today's point at 74.5");
	is(tenth((averages($svg))[-1]), '72.2', '... and its 7-day average at 72.2');
	like($html, qr{<time datetime="$d[3]">\Q${\ long_date($d[3])}\E</time>}, 'the day in words');
});

behaviour('the 7-day average of an entry near the start of the 90 days counts the days before them', sub {
	my $w = own_user();
	my ($before, $in) = (day(-92), day(-88));
	add_weights($w, [$before, 80], [$in, 70]);
	my @year = entry_rows(decode_page($w->get('/weight?range=year')));
	is($year[0], "$in|70.0|75.0", 'the year: the average of the entry 88 days ago is (80 + 70) / 2 = 75.0');
	my @short = entry_rows(decode_page($w->get('/weight')));
	is($short[0], "$in|70.0|75.0", 'the last 90 days: the same 75.0 (the entry of 92 days ago counts)');
});

# --- Changing and deleting an entry -----------------------------------------------------------------------
behaviour('changing an entry: its link, GET /weight?day=DATE prefilled, POST replaces it', sub {
	my $w = own_user();
	my $d = day(-5);
	add_weights($w, [$d, 72.5], [day(-1), 73]);
	my $html = decode_page($w->get('/weight'));
	like($html, qr{<a href="/weight\?day=$d">Change</a>}, 'the row links to /weight?day=DATE');
	my $res = $w->get("/weight?day=$d");
	is($res->{status}, 200, 'GET /weight?day=DATE: 200');
	$html = page_ok($res, '/weight?day=DATE');
	my $f = form_fields($html, '/weight') // {};
	is($f->{day}, $d, 'the day is that day');
	is($f->{weight}, '72.5', 'the weight is prefilled: 72.5');
	like($html, qr/Save this weight/, 'the button says "Save this weight"');
	is(log_weight($w, day => $d, weight => '71.5')->{status}, 303, 'posting a new weight for it: 303');
	is(weights_of($w), "$d=71.50 " . day(-1) . '=73.00', 'the entry replaced, the other kept');
	$f = form_fields(decode_page($w->get('/weight?day=' . day(-3))), '/weight') // {};
	is("$f->{day} '$f->{weight}'", day(-3) . " ''", 'a day without an entry: that day, no weight');
});

behaviour('deleting an entry: a confirmation page, POST deletes (303), then 404', sub {
	my $w = own_user();
	my ($d, $keep) = (day(-5), day(-1));
	add_weights($w, [$d, 72.5], [$keep, 73]);
	like(decode_page($w->get('/weight')), qr{<a href="/weight/$d/delete">Delete</a>}, 'the row links to its delete page');
	my $res = $w->get("/weight/$d/delete");
	is($res->{status}, 200, 'GET /weight/DATE/delete: 200');
	my $html = page_ok($res, 'the delete confirmation');
	like($html, qr/\Q${\ long_date($d)}\E/, 'it names the day');
	like($html, qr{<form method="post" action="/weight/$d/delete">}, 'a form posting to it');
	is(weights_of($w), "$d=72.50 $keep=73.00", 'nothing deleted yet');
	$res = $w->post_form("/weight/$d/delete", {});
	is($res->{status}, 303, 'POST /weight/DATE/delete: 303');
	is($res->{headers}{location}, '/weight', '... to /weight');
	is(flash_text(decode_page($w->get('/weight'))), 'That weight is deleted.', '... saying so');
	is(weights_of($w), "$keep=73.00", 'that entry gone, the other kept');
	$res = $w->post_form("/weight/$d/delete", {});
	is($res->{status}, 404, 'POST it again: 404');
	page_ok($res, 'the 404 of a deleted weight');
	is($w->get("/weight/$d/delete")->{status}, 404, 'GET it again: 404');
});

behaviour('deleting a day without an entry, or a date that is not one: 404', sub {
	my $w = own_user();
	add_weights($w, [day(-1), 73]);
	for my $d (day(-2), '2026-02-30', 'abc', '1969-12-31', '99999-01-01') {
		is($w->get("/weight/$d/delete")->{status}, 404, "GET /weight/$d/delete: 404");
		is($w->post_form("/weight/$d/delete", {}, from => '/weight')->{status}, 404, "POST /weight/$d/delete: 404");
	}
	is(nweights($w), 1, 'the entry is still there');
});

# --- Settings -----------------------------------------------------------------------------------------------
behaviour('the settings show the latest entry as the weight', sub {
	my $w = own_user();
	is(settings_fields($w)->{weight}, '', 'no entry: the weight is empty');
	add_weights($w, [day(-10), 80], [day(-2), 75.5], [day(-30), 90]);
	my $res = $w->get('/settings');
	page_ok($res, '/settings');
	is((form_fields($res->{content}, '/settings') // {})->{weight}, '75.5', 'the latest entry: 75.5');
	my $l = own_user("weight_unit = 'lb'");
	add_weights($l, [day(-1), 74.84]);
	is(settings_fields($l)->{weight}, '165.0', 'in lb: 165.0');
});

behaviour('saving the settings with a different weight logs it for today', sub {
	my $w = own_user();
	add_weights($w, [day(-2), 75.5]);
	my $f = settings_fields($w);
	delete $f->{csrf};
	my $res = $w->post_form('/settings', { %$f, weight => '76' });
	is($res->{status}, 303, 'settings with 76: 303');
	is(weights_of($w), day(-2) . '=75.50 ' . day(0) . '=76.00', "today's entry: 76, the older kept");
	is(settings_fields($w)->{weight}, '76.0', 'the settings show 76.0');
	is_deeply([map { (split /\|/)[0, 1] } (entry_rows(decode_page($w->get('/weight'))))[0]], [day(0), '76.0'],
	    '/weight lists it first');
	$f = settings_fields($w);
	delete $f->{csrf};
	$w->post_form('/settings', { %$f, weight => '76.5' });
	is(weights_of($w), day(-2) . '=75.50 ' . day(0) . '=76.50', 'again: today\'s entry replaced');
});

behaviour("saving the settings with the weight emptied takes today's entry away", sub {
	my $w = own_user();
	add_weights($w, [day(-2), 75.5], [day(0), 76]);
	my $f = settings_fields($w);
	delete $f->{csrf};
	is($f->{weight}, '76.0', "the settings show today's 76.0");
	my $res = $w->post_form('/settings', { %$f, weight => '' });
	is($res->{status}, 303, 'settings with no weight: 303');
	is(weights_of($w), day(-2) . '=75.50', "today's entry gone, the older kept");
});

behaviour('saving the settings with the weight as shown logs no new entry', sub {
	my $w = own_user();
	add_weights($w, [day(-2), 75.5]);
	my $f = settings_fields($w);
	delete $f->{csrf};
	is($w->post_form('/settings', { %$f, week_start => $f->{week_start} eq '1' ? '0' : '1' })->{status}, 303,
	    'kg: another week start, the weight as shown (75.5): 303');
	is(weights_of($w), day(-2) . '=75.50', '... no new entry');
	# 165 lb is 74.84 kg; in kg the field shows 74.8.
	my $l = own_user("weight_unit = 'lb'");
	is(log_weight($l, day => day(-2), weight => '165')->{status}, 303, 'an lb account logs 165 lb');
	psql_fast("UPDATE exbuddy.users SET weight_unit = 'kg' WHERE id = " . uid($l));
	$f = settings_fields($l);
	delete $f->{csrf};
	is($f->{weight}, '74.8', 'in kg the settings show 74.8');
	is($l->post_form('/settings', { %$f, week_start => $f->{week_start} eq '1' ? '0' : '1' })->{status}, 303,
	    'another week start, the weight as shown: 303');
	is(weights_of($l), day(-2) . '=74.84', '... no new entry of 74.8 for today');
});

behaviour('with an entry for tomorrow, a weight saved in the settings is the one they show', sub {
	my $w = own_user();
	is(log_weight($w, day => day(1), weight => '80')->{status}, 303, '80 kg logged for tomorrow (allowed)');
	my $f = settings_fields($w);
	delete $f->{csrf};
	is($f->{weight}, '', 'the settings show no weight: an entry ahead is not yet the weight');
	is($w->post_form('/settings', { %$f, weight => '75' })->{status}, 303, 'the settings saved with 75: 303');
	is(settings_fields($w)->{weight}, '75.0', 'the settings show 75.0, the weight just saved');
});

# --- The calorie estimate -------------------------------------------------------------------------------------
# A 600 s plank (MET 3.5) is 3.5 × KG × 600 / 3600 kcal.
sub plank_kcal {
	my ($w, $date, $time) = @_;
	my $sub = hidden_value($w->get('/workouts/new')->{content}, 'submission');
	my $res = $w->post_form('/workouts/new', { exercise => 'plank', minutes => 10, seconds => 0,
	    date => $date, time => $time // '12:00', submission => $sub });
	return "status $res->{status}" unless $res->{status} == 303;
	return psql_fast("SELECT calories || CASE WHEN calories_estimated THEN ' est' ELSE '' END FROM "
	    . 'exbuddy.workouts WHERE user_id = ' . uid($w) . ' ORDER BY created_at DESC LIMIT 1');
}

behaviour('the calorie estimate uses the body weight of the workout\'s day (on or before it, else the first after)', sub {
	my $w = own_user();
	is(log_weight($w, day => '2025-01-01', weight => '60')->{status}, 303, '60 kg on 2025-01-01');
	is(log_weight($w, day => '2025-06-01', weight => '90')->{status}, 303, '90 kg on 2025-06-01');
	is(plank_kcal($w, '2025-03-01'), '35.0 est', 'a plank on 2025-03-01: 3.5 × 60 × 600 / 3600 = 35.0');
	is(plank_kcal($w, '2025-07-01'), '52.5 est', 'on 2025-07-01: 3.5 × 90 × 600 / 3600 = 52.5');
	is(plank_kcal($w, '2025-06-01', '00:00'), '52.5 est', 'on 2025-06-01 itself: 52.5');
	is(plank_kcal($w, '2025-05-31', '23:59'), '35.0 est', 'on 2025-05-31: 35.0');
	is(plank_kcal($w, '2024-12-01'), '35.0 est', 'on 2024-12-01, before any entry: the first one, 60 kg: 35.0');
	my $none = own_user();
	is(plank_kcal($none, '2025-03-01'), '40.8 est', 'an account with no entry: 70 kg, 40.8');
});

behaviour("the calorie estimate reads the workout's local date, in the user's zone", sub {
	my $w = own_user();
	set_zone($w->{id}, 'Pacific/Auckland');
	add_weights($w, ['2025-01-01', 60], ['2025-06-01', 90]);
	is(plank_kcal($w, '2025-06-01', '00:30'), '52.5 est',
	    'Auckland, 2025-06-01 00:30 (2025-05-31 in UTC): the weight of 2025-06-01, 52.5');
	is(psql_fast("SELECT to_char(performed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM exbuddy.workouts "
	    . 'WHERE user_id = ' . uid($w)), '2025-05-31', '... (it is 2025-05-31 in UTC)');
});

behaviour('editing a workout estimates again with the weight of its (new) day', sub {
	my $w = own_user();
	add_weights($w, ['2025-01-01', 60], ['2025-06-01', 90]);
	is(plank_kcal($w, '2025-03-01'), '35.0 est', 'a plank on 2025-03-01: 35.0');
	my $id = psql_fast('SELECT id FROM exbuddy.workouts WHERE user_id = ' . uid($w));
	my $f = form_fields($w->get("/workouts/$id/edit")->{content}, "/workouts/$id/edit") // {};
	is($w->post_form("/workouts/$id/edit", { %$f, date => '2025-07-01' })->{status}, 303, 'moved to 2025-07-01: 303');
	is(psql_fast('SELECT calories FROM exbuddy.workouts WHERE id = ' . sql_quote($id)), '52.5', '... 52.5 now');
});

# --- Isolation ------------------------------------------------------------------------------------------------------
behaviour("another user's entries are invisible and cannot be deleted", sub {
	my $a = own_user();
	my $b = own_user();
	my $d = day(-3);
	add_weights($a, [$d, 72.5], [day(-1), 73]);
	my $html = decode_page($b->get('/weight'));
	is_deeply([entry_rows($html)], [], "B's /weight lists none of A's entries");
	is(scalar(points(chart_of($html))), 0, "... and the chart has no point");
	my @year = entry_rows(decode_page($b->get('/weight?range=year')));
	is(scalar @year, 0, '... nor the year');
	is((form_fields(decode_page($b->get("/weight?day=$d")), '/weight') // {})->{weight}, '',
	    "B's /weight?day=A's day: no weight prefilled");
	is(settings_fields($b)->{weight}, '', "B's settings: no weight");
	is($b->get("/weight/$d/delete")->{status}, 404, "B GET /weight/A's day/delete: 404");
	is($b->post_form("/weight/$d/delete", {}, from => '/weight')->{status}, 404, "B POST /weight/A's day/delete: 404");
	is(weights_of($a), "$d=72.50 " . day(-1) . '=73.00', "A's entries are all there");
	is(log_weight($b, day => $d, weight => '90')->{status}, 303, 'B logs a weight on that day');
	is(weights_of($a), "$d=72.50 " . day(-1) . '=73.00', "... A's entry of that day is unchanged");
	is(weights_of($b), "$d=90.00", "... B's is theirs");
});

done_testing();
