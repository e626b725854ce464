# 30_settings.t — /settings: the profile form (time zone, week start, body
# weight), changing the password (/settings/password), the session list
# and ending sessions, and the security activity list. Each behaviour that changes something
# (settings, password, sessions) has a user of its own; the checks of a
# new user's page share one user that nobody changes.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT error_summary);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

my $FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
my $ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 '
    . '(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

# The rows of the session table: {browser, current, sid, ip, created, seen}.
sub sessions_of {
	my ($html) = @_;
	my ($tbody) = ($html // '') =~ /<section id="sessions".*?<tbody>(.*?)<\/tbody>/s;
	my @rows;
	while (($tbody // '') =~ /<tr>\s*<th scope="row">(.*?)<\/th>\s*<td[^>]*>(.*?)<\/td>\s*<td[^>]*>(.*?)<\/td>\s*<td[^>]*>(.*?)<\/td>.*?name="session" value="([^"]+)"/sg) {
		my ($b, $ip, $created, $seen, $sid) = ($1, $2, $3, $4, $5);
		my $current = $b =~ s{\s*<strong>\(this session\)</strong>}{} ? 1 : 0;
		push @rows, { browser => html_unescape($b), current => $current,
		    sid => $sid, ip => $ip, created => $created, seen => $seen };
	}
	return @rows;
}

# The events of the activity table, newest first.
sub activity_of {
	my ($html) = @_;
	my ($tbody) = ($html // '') =~ /<section id="activity".*?<tbody>(.*?)<\/tbody>/s;
	return map { html_unescape($_) } ($tbody // '') =~ /<tr><th scope="row">(.*?)<\/th>/g;
}

sub selected_zone {
	my ($html) = @_;
	my ($z) = ($html // '') =~ /<option value="([^"]*)" selected>/;
	return $z;
}

sub checked_week_start {
	my ($html) = @_;
	my ($v) = ($html // '') =~ /name="week_start" value="(\d)" checked/;
	return $v;
}

sub selected_unit {
	my ($html) = @_;
	my ($sel) = ($html // '') =~ /(<select id="weight_unit".*?<\/select>)/s;
	my ($u) = ($sel // '') =~ /<option value="(kg|lb)" selected>/;
	return $u;
}

# 1 when the client's cookie still opens a page that needs a session.
sub alive { return $_[0]->get('/dashboard')->{status} == 200 ? 1 : 0 }

sub profile_row {
	my ($id) = @_;
	my $uid = sql_quote($id);
	return psql('SELECT timezone, week_start, coalesce((SELECT weight_kg::text '
	    . "FROM exbuddy.body_weights b WHERE b.user_id = u.id ORDER BY day DESC LIMIT 1), "
	    . "'NULL'), weight_unit FROM exbuddy.users u WHERE id = $uid");
}

# A new user's settings page, for the behaviours that only read it (made
# when first needed; nobody changes this user).
my $reader;
sub reader { return $reader //= new_user() }

# --- Signed out: to the login page. ---------------------------------------

behaviour('GET /settings signed out leads to the login page, coming back to /settings', sub {
	my $res = client()->get('/settings');
	is($res->{status}, 303, 'GET /settings signed out: 303');
	like($res->{headers}{location} // '', qr{^/login\?next=%2Fsettings$},
	    '... to /login, coming back to /settings');
});

# --- The page. ---------------------------------------------------------------

behaviour('GET /settings is a valid page: labelled fields, a CSRF token in every form, links to the password and deletion pages', sub {
	my $res = reader()->get('/settings');
	is($res->{status}, 200, 'GET /settings: 200');
	my $html = $res->{content};
	tidy_ok($html, 'GET /settings');
	security_headers_ok($res, 'GET /settings');
	unlike($html, qr/<TMPL_|<script/i, 'no template tags or scripts');
	like($html, qr{<label for="$_">}, "a label for $_") for qw(timezone weight weight_unit);
	like($html, qr{<legend>First day of the week</legend>}, 'the week start radios have a legend');
	my $nforms = () = $html =~ /<form method="post" action="\/settings(?:\/[a-z\/-]+)?(?:#[^"]*)?"/g;
	my $ncsrf = () = $html =~ /<input type="hidden" name="csrf" value="[^"]+">/g;
	cmp_ok($ncsrf, '>=', $nforms + 1, 'every form has the csrf field');
	like($html, qr{<a href="/settings/password">Change your password</a>}, 'a link to change the password');
	like($html, qr{<a href="/account/delete">Delete my account</a>}, 'a link to delete the account');
});

# The time zone <select>: [group label, [[value, text]...]] in page order.
sub zone_groups {
	my ($html) = @_;
	my ($sel) = ($html // '') =~ m{<select id="timezone"[^>]*>(.*?)</select>}s;
	my @groups;
	while (($sel // '') =~ m{<optgroup label="([^"]*)">(.*?)</optgroup>}sg) {
		my ($label, $opts) = ($1, $2);
		push @groups, [$label, [map { [$_->[0], html_unescape($_->[1])] }
		    map { [/value="([^"]*)"[^>]*>([^<]*)</] } $opts =~ /(<option\b[^>]*>[^<]*<\/option>)/g]];
	}
	return @groups;
}

behaviour('the time zones offered: hundreds of full names, no posix/, right/ or abbreviations', sub {
	my $html = reader()->get('/settings')->{content};
	like($html, qr{<option value="Europe/Berlin">Berlin</option>},
	    'Europe/Berlin is offered, as "Berlin"');
	like($html, qr{<option value="America/Argentina/Buenos_Aires">Argentina/Buenos Aires</option>},
	    'names with three parts are offered, with spaces for "_"');
	unlike($html, qr{<option value="(?:posix|right)/}, 'no posix/ or right/ names');
	unlike($html, qr{<option value="EST5EDT"}, 'no abbreviation-only names');
	my $n = 0;
	$n += @{$_->[1]} for zone_groups($html);
	cmp_ok($n, '>', 300, 'hundreds of time zones');
});

behaviour('the time zones are grouped by region, each group sorted, "Other" (UTC…) last', sub {
	my @g = zone_groups(reader()->get('/settings')->{content});
	is_deeply([map { $_->[0] } @g], [qw(Africa America Antarctica Asia Atlantic
	    Australia Europe Indian Pacific Other)], 'one <optgroup> per region, in order');
	my ($europe) = grep { $_->[0] eq 'Europe' } @g;
	ok(!(grep { $_->[0] !~ m{^Europe/} } @{$europe->[1] // []}),
	    'the Europe group holds only Europe/ names');
	ok(!(grep { $_->[1] =~ m{^Europe/} } @{$europe->[1] // []}),
	    '... shown without "Europe/"');
	for my $grp (@g) {
		my @v = map { $_->[0] } @{$grp->[1]};
		is_deeply(\@v, [sort @v], "$grp->[0]: sorted") or last;
	}
	my ($other) = grep { $_->[0] eq 'Other' } @g;
	ok((grep { $_->[0] eq 'UTC' && $_->[1] eq 'UTC' } @{$other->[1] // []}),
	    'UTC is in "Other", in full');
});

behaviour("a new user's profile: UTC, weeks from Monday, kg, no weight", sub {
	my $html = reader()->get('/settings')->{content};
	is(selected_zone($html), 'UTC', 'the time zone UTC is selected');
	is(checked_week_start($html), '1', 'weeks start on Monday by default');
	is(selected_unit($html), 'kg', 'kg is the default unit');
	is(attr(input_tag($html, 'weight'), 'value'), '', 'no weight yet');
});

behaviour('the session and activity tables turn into cards on a phone: a row header, each cell labelled', sub {
	my $html = reader()->get('/settings')->{content};
	for my $sec (qw(sessions activity)) {
		my ($table) = $html =~ /<section id="$sec".*?(<table\b.*?<\/table>)/s;
		like($table // '', qr/^<table class="cards">/, "$sec: a table of class cards");
		like($table // '', qr/<tbody>\s*<tr>\s*<th scope="row">/, "$sec: each row starts with its header");
		my @cells = ($table // '') =~ /<td\b([^>]*)>/g;
		ok(@cells && !(grep { !/data-label="[^"]+"/ && !/class="action"/ } @cells),
		    "$sec: every cell has its column's name (but the button's)");
	}
	like($html, qr{<td class="action"><form class="inline" method="post" action="/settings/sessions/end">},
	    'the End button has a cell of its own');
});

behaviour("a new user's page lists this session with its IP, and the sign-up as activity", sub {
	my $html = reader()->get('/settings')->{content};
	my @s = sessions_of($html);
	is(scalar @s, 1, 'one session listed');
	ok($s[0]{current}, '... marked as this session');
	is($s[0]{ip}, '127.0.0.1', '... with its IP address');
	is_deeply([activity_of($html)], ['Signed up'], 'the activity shows the sign-up');
});

# --- Invalid profile fields: 422, the message by the field, values kept. ---
my %good = (timezone => 'Europe/Berlin', week_start => '0', weight => '80',
    weight_unit => 'kg');
my @bad = (
	[timezone => 'Mars/Olympus_Mons', 'timezone', qr/time zone from the list/],
	[timezone => 'posix/Europe/Berlin', 'timezone', qr/time zone from the list/],
	[timezone => '', 'timezone', qr/time zone from the list/],
	[week_start => '2', 'week_start', qr/Monday or Sunday/],
	[week_start => '', 'week_start', qr/Monday or Sunday/],
	[weight => 'heavy', 'weight', qr/as a number, like 72\.5/],
	[weight => '-70', 'weight', qr/as a number/],
	[weight => '72.55', 'weight', qr/at most one decimal/],
	[weight => '19.9', 'weight', qr/between 20 and 500 kg/],
	[weight => '500.1', 'weight', qr/between 20 and 500 kg/],
	[weight => '99999999999', 'weight', qr/between 20 and 500 kg/],
	[weight_unit => 'st', 'weight_unit', qr/kg or lb/],
);

sub nothing_saved_ok {
	my ($u) = @_;
	is(profile_row($u->{id}), 'UTC|1|NULL|kg', 'nothing was saved by the refused forms');
}

my %field_words = (timezone => 'a time zone not in the list',
    week_start => 'a week start other than Monday or Sunday',
    weight => 'a weight that is not a number from 20 to 500 kg, one decimal at most,',
    weight_unit => 'a unit other than kg or lb');
for my $which (qw(timezone week_start weight weight_unit)) {
	behaviour("$field_words{$which} is refused: 422, the message by the field, the values kept", sub {
		my $u = new_user();
		for my $b (grep { $_->[0] eq $which } @bad) {
			my ($field, $value, $errfield, $msg) = @$b;
			my %f = (%good, $field => $value);
			my $res = $u->post_form('/settings', \%f);
			my $name = "$field '$value'";
			is($res->{status}, 422, "$name: 422");
			like(field_error($res->{content}, $errfield) // '', $msg,
			    "$name: the message by the field");
			like($res->{content}, qr/id="\Q$errfield\E-error"/, "$name: the error has its id");
			is(alert_text($res->{content}), 'There is a problem',
			    "$name: the alert on top");
			is(selected_zone($res->{content}), $field eq 'timezone' ? 'UTC' : 'Europe/Berlin',
			    "$name: the time zone kept (or the saved one)");
			is(checked_week_start($res->{content}), $field eq 'week_start' ? undef : '0',
			    "$name: the week start kept");
			is(attr(input_tag($res->{content}, 'weight'), 'value'), $f{weight},
			    "$name: the weight kept");
		}
		nothing_saved_ok($u);
	});
}

# Out of range in pounds.
behaviour('a weight out of range in pounds is refused with the range in pounds', sub {
	my $u = new_user();
	my $res;
	for my $w (qw(44.0 1102.4)) {
		$res = $u->post_form('/settings', { %good, weight => $w, weight_unit => 'lb' });
		is($res->{status}, 422, "$w lb: 422");
		like(field_error($res->{content}, 'weight') // '', qr/between 44\.1 and 1102\.3 lb/,
		    "$w lb: the pound range by the field");
		is(selected_unit($res->{content}), 'lb', "$w lb: lb stays selected");
	}
	is(attr(input_tag($res->{content}, 'weight'), 'aria-invalid'), 'true',
	    'the weight field is aria-invalid');
	tidy_ok($res->{content}, 'the settings page with errors');
	nothing_saved_ok($u);
});

behaviour('every profile field wrong at once: a message by each, nothing saved', sub {
	my $u = new_user();
	my $res = $u->post_form('/settings', { week_start => '7', weight => 'x',
	    weight_unit => 'stone', timezone => 'Nowhere' });
	is($res->{status}, 422, 'every field wrong at once: 422');
	is(scalar(grep { defined field_error($res->{content}, $_) }
	    qw(timezone week_start weight weight_unit)), 4, '... a message by each field');
	nothing_saved_ok($u);
});

# --- A valid save: 303, a flash once, the values in the database. ---------

# Saves Europe/Berlin, Sunday, 165 lb for the user; the response.
sub save_berlin {
	my ($u) = @_;
	return $u->post_form('/settings', { timezone => 'Europe/Berlin', week_start => '0',
	    weight => '165', weight_unit => 'lb' });
}

behaviour('a valid profile is saved: 165 lb as 74.84 kg with the unit lb', sub {
	my $u = new_user();
	my $res = save_berlin($u);
	is($res->{status}, 303, 'a valid profile: 303');
	is($res->{headers}{location}, '/settings', '... back to /settings');
	is(profile_row($u->{id}), 'Europe/Berlin|0|74.84|lb',
	    '165 lb is stored as 74.84 kg, with the unit lb');
});

behaviour('after a save the page says so once, and shows the new values and times in the new zone', sub {
	my $u = new_user();
	is(save_berlin($u)->{status}, 303, 'setup: a valid profile saved');
	my $res = $u->get('/settings');
	like($res->{content}, qr{<p class="notice" role="status">Your settings are saved\.</p>},
	    'the next page shows "Your settings are saved."');
	is(selected_zone($res->{content}), 'Europe/Berlin', 'the new time zone is selected');
	is(checked_week_start($res->{content}), '0', 'Sunday is checked');
	is(selected_unit($res->{content}), 'lb', 'lb is selected');
	is(attr(input_tag($res->{content}, 'weight'), 'value'), '165.0',
	    'the weight comes back as given: 165.0 lb (74.84 kg)');
	like($res->{content}, qr/Times are in your time zone, Europe\/Berlin\./,
	    'the page says which time zone its times are in');
	my $berlin = psql("SELECT to_char(created_at AT TIME ZONE 'Europe/Berlin', "
	    . "'YYYY-MM-DD HH24:MI') FROM exbuddy.sessions WHERE user_id = "
	    . sql_quote($u->{id}));
	is((sessions_of($res->{content}))[0]{created}, $berlin,
	    'session times are shown in the new time zone');
	is((activity_of($res->{content}))[0], 'Settings changed', 'the activity shows the change');
	$res = $u->get('/settings');
	unlike($res->{content}, qr/Your settings are saved/, 'the flash shows only once');
});

behaviour('the dashboard and the week page follow the saved time zone and week start', sub {
	my $u = new_user();
	is(save_berlin($u)->{status}, 303, 'setup: a valid profile saved');
	my $res = $u->get('/dashboard');
	like($res->{content}, qr{Times are in your time zone, Europe/Berlin\.}, 'the dashboard follows the new time zone');
	$res = $u->get('/week');
	like($res->{content}, qr{<h1>Week of Sunday }, '... and the week page the new week start');
});

behaviour('a weight with a decimal comma is saved, and an empty weight as none', sub {
	my $u = new_user();
	my $res = $u->post_form('/settings', { timezone => 'UTC', week_start => '1',
	    weight => '72,5', weight_unit => 'kg' });
	is($res->{status}, 303, 'a decimal comma is fine');
	is(profile_row($u->{id}), 'UTC|1|72.50|kg', '72,5 kg stored as 72.50');
	$res = $u->post_form('/settings', { timezone => 'UTC', week_start => '1',
	    weight => '', weight_unit => 'kg' });
	is($res->{status}, 303, 'an empty weight is fine');
	is(profile_row($u->{id}), 'UTC|1|NULL|kg', 'an empty weight is stored as NULL');
});

# --- Sessions: a second login of the same user. ------------------------------

# A new user signed in three times: this client (an unknown browser),
# Firefox on Linux and Chrome on Android. (user, firefox, phone).
sub three_sessions {
	my $u = new_user();
	my $ff = client(agent => $FIREFOX);
	is($ff->login($u->{username}, $u->{password})->{status}, 303, 'a second login (Firefox)');
	my $phone = client(agent => $ANDROID);
	is($phone->login($u->{username}, $u->{password})->{status}, 303, 'a third login (Android)');
	return ($u, $ff, $phone);
}

behaviour('the session list shows every session, this one first, the browsers in a few words', sub {
	my ($u) = three_sessions();
	my @s = sessions_of($u->get('/settings')->{content});
	is(scalar @s, 3, 'the session list shows all three sessions');
	ok($s[0]{current} && !$s[1]{current} && !$s[2]{current}, 'this session first, the only one marked');
	is_deeply([sort map { $_->{browser} } @s[1, 2]], ['Chrome on Android', 'Firefox on Linux'],
	    'the browsers are summarised in a few words');
	is($s[0]{browser}, 'Unknown browser', 'an unknown User-Agent');
});

# End the Firefox session.
behaviour('"End" on another session ends that one only; ending it again is 404', sub {
	my ($u, $ff, $phone) = three_sessions();
	my ($ffrow) = grep { $_->{browser} eq 'Firefox on Linux' }
	    sessions_of($u->get('/settings')->{content});
	my $res = $u->post_form('/settings/sessions/end', { session => $ffrow->{sid} });
	is($res->{status}, 303, '"End" on the Firefox session: 303');
	is($res->{headers}{location}, '/settings', '... to /settings');
	$res = $u->get('/settings');
	like($res->{content}, qr/That session has been ended\./, 'a flash says so');
	is(scalar(sessions_of($res->{content})), 2, 'two sessions left');
	is($ff->get('/dashboard')->{status}, 303, 'the Firefox session is dead');
	ok(alive($u), 'this session lives on');
	ok(alive($phone), 'the Android session lives on');
	is($u->post_form('/settings/sessions/end', { session => $ffrow->{sid} })->{status}, 404,
	    'ending it again: 404');
});

# Another user's session: 404, and it keeps working.
behaviour("ending another user's session, or a made-up one, is 404 and ends nothing", sub {
	my ($u, undef, $phone) = three_sessions();
	my $v = new_user();
	my $vsid = psql('SELECT id FROM exbuddy.sessions WHERE user_id = ' . sql_quote($v->{id}));
	my $res = $u->post_form('/settings/sessions/end', { session => $vsid });
	is($res->{status}, 404, "another user's session id: 404");
	tidy_ok($res->{content}, 'the 404 page');
	ok(alive($v), "... and the other user's session still works");
	is(psql('SELECT count(*) FROM exbuddy.sessions WHERE id = ' . sql_quote($vsid)), '1',
	    '... its row is still there');
	for my $bad ('not-a-uuid', '', "\x{263A}", '00000000-0000-0000-0000-000000000000') {
		is($u->post_form('/settings/sessions/end', { session => $bad })->{status}, 404,
		    'session ' . ($bad =~ /[^\x00-\x7f]/ ? 'with a non-ASCII character' : "'$bad'") . ': 404');
	}
	ok(alive($u) && alive($phone), 'the refused requests ended nothing');
});

# End all others.
behaviour('"End all other sessions" ends them, counts them, and says when there are none', sub {
	my $u = new_user();
	my $phone = client(agent => $ANDROID);
	is($phone->login($u->{username}, $u->{password})->{status}, 303, 'setup: a second login (Android)');
	my $ff2 = client(agent => $FIREFOX);
	is($ff2->login($u->{username}, $u->{password})->{status}, 303, 'setup: a third login (Firefox)');
	my $res = $u->post_form('/settings/sessions/end-others', {});
	is($res->{status}, 303, 'end all other sessions: 303');
	like($u->get('/settings')->{content}, qr/Your 2 other sessions have been ended\./,
	    'a flash counts them');
	ok(!alive($phone) && !alive($ff2), 'the other sessions are dead');
	ok(alive($u), 'this one lives');
	$res = $u->post_form('/settings/sessions/end-others', {});
	like($u->get('/settings')->{content}, qr/There were no other sessions to end\./,
	    'with none left, it says so');
});

# --- Changing the password. ----------------------------------------------------

behaviour('GET /settings/password is a valid page with the password form, posting to itself', sub {
	my $res = reader()->get('/settings/password');
	is($res->{status}, 200, 'GET /settings/password: 200');
	tidy_ok($res->{content}, 'GET /settings/password');
	like($res->{content}, qr{<label for="$_">}, "a label for $_")
	    for qw(current_password new_password confirm_password);
	like($res->{content}, qr{<form method="post" action="/settings/password(?:#[^"]*)?"},
	    'the form posts to /settings/password');
	like($res->{content}, qr{<a href="/settings">}, 'a way back to the settings');
	like($res->{content}, qr{<input type="text" name="username" autocomplete="username" value="\Q${\ reader()->{username}}\E" hidden>},
	    'a hidden username field, for password managers');
});

behaviour('a refused password change stays on /settings/password with the error at the field; reloading it is 200', sub {
	my $u = new_user();
	my $new = strong_password();
	my $res = $u->post_form('/settings/password', { current_password => $u->{password},
	    new_password => $new, confirm_password => $new . 'x' }, from => '/settings/password');
	is($res->{status}, 422, 'new passwords that differ: 422');
	like($res->{content}, qr{<h1>Change your password</h1>}, '... the password page again, not the settings page');
	like(field_error($res->{content}, 'confirm_password') // '', qr/two new passwords differ/,
	    '... the message beside the field');
	is(attr(input_tag($res->{content}, 'confirm_password'), 'aria-describedby'), 'confirm_password-error',
	    '... which describes the field');
	my $get = $u->get('/settings/password');
	is($get->{status}, 200, 'GET of the same URL (a reload that does not resend): 200, the form');
	ok(defined input_tag($get->{content}, 'new_password'), '... with the password fields');
});

behaviour('a refused password change: 422 with the message by the field, no password echoed, nothing changed', sub {
	my $u = new_user();
	my $other = client();
	is($other->login($u->{username}, $u->{password})->{status}, 303, 'another session to be logged out');
	my $old = $u->{password};
	my $new = strong_password();
	my $hash = psql('SELECT password_hash FROM exbuddy.users WHERE id = ' . sql_quote($u->{id}));
	my @pwbad = (
		[{ current_password => 'wrong password here', new_password => $new,
		    confirm_password => $new }, 'current_password', qr/not your current password/, 'a wrong current password'],
		[{ current_password => '', new_password => $new, confirm_password => $new },
		    'current_password', qr/Enter your current password/, 'no current password'],
		[{ current_password => $old, new_password => 'password', confirm_password => 'password' },
		    'new_password', qr/too easy to guess|at least 8/, 'a weak new password'],
		[{ current_password => $old, new_password => uc $u->{username},
		    confirm_password => uc $u->{username} }, 'new_password', qr/not be your username/,
		    'the username as the new password'],
		[{ current_password => $old, new_password => $old, confirm_password => $old },
		    'new_password', qr/differs from your current one/, 'the same password again'],
		[{ current_password => $old, new_password => '', confirm_password => '' },
		    'new_password', qr/Choose a new password/, 'no new password'],
		[{ current_password => $old, new_password => $new, confirm_password => $new . 'x' },
		    'confirm_password', qr/two new passwords differ/, 'a confirmation that differs'],
	);
	my $res;
	for my $b (@pwbad) {
		my ($f, $field, $msg, $name) = @$b;
		$res = $u->post_form('/settings/password', $f);
		is($res->{status}, 422, "$name: 422");
		like(field_error($res->{content}, $field) // '', $msg, "$name: the message by the field");
		is(attr(input_tag($res->{content}, $field), 'aria-invalid'), 'true',
		    "$name: the field is aria-invalid");
		for my $pw (grep { length } @$f{qw(current_password new_password confirm_password)}) {
			unlike($res->{content}, qr/value="\Q$pw\E"/, "$name: no password echoed");
		}
	}
	tidy_ok($res->{content}, 'the password page with an error');
	is(psql('SELECT password_hash FROM exbuddy.users WHERE id = ' . sql_quote($u->{id})), $hash,
	    'the refused changes left the hash alone');
	ok(alive($other), 'and the other session alive');
});

behaviour('a password change logs out every other session; only the new password logs in', sub {
	my $u = new_user();
	my $other = client();
	is($other->login($u->{username}, $u->{password})->{status}, 303, 'another session to be logged out');
	my $old = $u->{password};
	my $new = strong_password();
	my $res = $u->post_form('/settings/password', { current_password => $old,
	    new_password => $new, confirm_password => $new });
	is($res->{status}, 303, 'a valid password change: 303');
	is($res->{headers}{location}, '/settings', '... to /settings');
	$res = $u->get('/settings');
	like($res->{content}, qr/Your password is changed\. Every other session has been logged out\./,
	    'a flash says so');
	is(scalar(sessions_of($res->{content})), 1, 'one session left in the list');
	$res = $other->get('/dashboard');
	is($res->{status}, 303, 'the other session is dead');
	like($res->{headers}{location} // '', qr{^/login}, '... its cookie gets sent to /login');
	ok(alive($u), 'this session lives');
	is(client()->login($u->{username}, $old)->{status}, 422, 'the old password no longer logs in');
	my $again = client();
	is($again->login($u->{username}, $new)->{status}, 303, 'the new password does');
});

# A token taken before the change (stolen, or left on a shared computer)
# must be worth nothing after it: this browser gets a new session id.
behaviour('a password change gives this browser a new session id: the old cookie is dead, the new one lives', sub {
	my $u = new_user();
	my $before = $u->cookie('eb_session');
	my $new = strong_password();
	my $res = $u->post_form('/settings/password', { current_password => $u->{password},
	    new_password => $new, confirm_password => $new });
	is($res->{status}, 303, 'a valid password change: 303');
	my $after = $u->cookie('eb_session');
	ok(defined $after && $after ne '' && $after ne $before, '... with a new session cookie');
	my $old = client();
	$old->set_cookie(eb_session => $before);
	is($old->get('/dashboard')->{status}, 303, 'the cookie from before the change is dead (303 to /login)');
	my $page = $u->get('/settings');
	is($page->{status}, 200, 'the new one lives');
	like($page->{content}, qr/Your password is changed\./, '... and carries the confirmation');
});

# --- The activity list. -----------------------------------------------------------

# A user with one of each security event: settings saved, a session ended
# from the list, two ended at once, a refused and a valid password change,
# logins (the last one newest).
behaviour('the activity list shows the security events, newest first', sub {
	my $u = new_user();
	is(save_berlin($u)->{status}, 303, 'setup: settings saved');
	my $ff = client(agent => $FIREFOX);
	is($ff->login($u->{username}, $u->{password})->{status}, 303, 'setup: a second login');
	my ($ffrow) = grep { !$_->{current} } sessions_of($u->get('/settings')->{content});
	is($u->post_form('/settings/sessions/end', { session => $ffrow->{sid} })->{status}, 303,
	    'setup: that session ended from the list');
	$_->login($u->{username}, $u->{password}) for client(), client();
	is($u->post_form('/settings/sessions/end-others', {})->{status}, 303,
	    'setup: two more sessions ended at once');
	client()->login($u->{username}, $u->{password});	# logged out by the change
	my $new = strong_password();
	is($u->post_form('/settings/password', { current_password => 'wrong password here',
	    new_password => $new, confirm_password => $new })->{status}, 422,
	    'setup: a wrong current password');
	is($u->post_form('/settings/password', { current_password => $u->{password},
	    new_password => $new, confirm_password => $new })->{status}, 303,
	    'setup: the password changed');
	is(client()->login($u->{username}, $new)->{status}, 303, 'setup: a login with the new password');

	my @a = activity_of($u->get('/settings')->{content});
	cmp_ok(scalar @a, '<=', 20, 'at most 20 events');
	for my $e ('Logged in', 'Failed login', 'Password changed', 'Session ended',
	    'Sessions ended (2)', 'Settings changed') {
		ok((grep { $_ eq $e } @a), "the activity lists \"$e\"");
	}
	is($a[0], 'Logged in', 'newest first');
	is(psql("SELECT detail FROM exbuddy.audit_log WHERE event = 'session_ended' AND user_id = "
	    . sql_quote($u->{id}) . ' ORDER BY id'), "1\n2", 'session_ended rows count the sessions ended');
});

# --- Ending this session logs out. --------------------------------------------

behaviour('ending this session from the list logs out, and touches no other', sub {
	my $u = new_user();
	my $again = client();
	is($again->login($u->{username}, $u->{password})->{status}, 303, 'setup: another session');
	my ($mine) = grep { $_->{current} } sessions_of($u->get('/settings')->{content});
	my $cookie = $u->cookie('eb_session');
	my $res = $u->post_form('/settings/sessions/end', { session => uc $mine->{sid} });
	is($res->{status}, 303, 'ending this session: 303');
	is($res->{headers}{location}, '/login', '... to /login');
	ok((grep { $_->{name} eq 'eb_session' && $_->{value} eq '' } set_cookies($res)),
	    '... with the cookie cleared');
	is($u->request(GET => '/dashboard', cookies => { eb_session => $cookie })->{status}, 303,
	    'the old cookie is dead');
	ok(alive($again), 'the other session was not touched');
});

# --- A refused settings form opens at its error summary. ---------------------

# The form's action ends in "#error-summary-h", the heading of the summary
# (templates/_alert.tmpl) on the page that refuses it; the summary links
# to each field in trouble.
for my $case (
	['/settings', { timezone => 'UTC', week_start => '1', weight => 'heavy',
	    weight_unit => 'kg' }, 'weight'],
	['/settings/password', { current_password => 'wrong password here',
	    new_password => 'Quarry-violet-lantern-77', confirm_password => 'Quarry-violet-lantern-77' },
	    'current_password'],
	['/settings/goals', { 'goal-push-up' => 'lots' }, 'goal-push-up'],
	['/account/delete', { password => 'wrong password here' }, 'password'],
) {
	my ($path, $fields, $field) = @$case;
	behaviour("$path, refused, opens at its error summary, which links to the field", sub {
		my $u = new_user();
		like($u->get($path)->{content} // '', qr{<form method="post" action="\Q$path\E#error-summary-h"},
		    "the form of $path posts to $path#error-summary-h");
		my $res = $u->post_form($path, $fields);
		is($res->{status}, 422, "$path refused: 422");
		like($res->{content}, qr{<h2 id="error-summary-h">There is a problem</h2>},
		    '... the page has the heading the fragment names');
		is_deeply([map { $_->[0] } error_summary($res->{content})], [$field],
		    "... whose summary links to #$field");
		like($res->{content}, qr{<(?:input|select)\b[^>]*\bid="\Q$field\E"[^>]*\baria-invalid="true"},
		    '... the field it leads to, marked invalid');
		like($res->{content}, qr{<form method="post" action="\Q$path\E#error-summary-h"},
		    '... and the form posts there again');
	});
}

# --- Settings forms without their token, wrong methods. ----------------------

behaviour('POST /settings without its CSRF token is refused', sub {
	is(new_user()->post_form('/settings', { %good, csrf => undef })->{status}, 403,
	    'POST /settings without a csrf token: 403');
});

behaviour('GET of a session form\'s URL (a reload after its error page) leads to the session list', sub {
	my $u = new_user();
	for my $path ('/settings/sessions/end', '/settings/sessions/end-others') {
		my $res = $u->get($path);
		is($res->{status}, 303, "GET $path: 303, not 405");
		is($res->{headers}{location}, '/settings#sessions', '... to the session list');
	}
	ok(alive($u), 'and no session was ended');
});

done_testing;
