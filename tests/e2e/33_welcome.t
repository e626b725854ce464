# 33_welcome.t — the first-run page after sign-up (/welcome): time zone
# (guessed from Accept-Language), week start, unit and body weight; a
# refused answer re-rendered with the values, a valid one saved whole and
# confirmed on the dashboard, and "Skip for now". Each behaviour signs up
# a user of its own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT form_fields flash_text select_options error_summary);

base_url();
EB::env_or_skip('EXBUDDY_TEST_PGHOST');

# timezone|week_start|latest weight in kg or NULL|unit, as stored.
sub profile_row {
	my ($id) = @_;
	my $uid = sql_quote($id);
	return psql('SELECT timezone, week_start, coalesce((SELECT weight_kg::text '
	    . "FROM exbuddy.body_weights b WHERE b.user_id = u.id ORDER BY day DESC LIMIT 1), "
	    . "'NULL'), weight_unit FROM exbuddy.users u WHERE id = $uid");
}

# The welcome page as a browser saying these languages sees it.
sub welcome_in {
	my ($u, $languages) = @_;
	return $u->get('/welcome', defined $languages ?
	    (headers => { 'Accept-Language' => $languages }) : ());
}

sub selected_zone { return (select_options($_[0], 'timezone'))[1] }
sub selected_unit { return (select_options($_[0], 'weight_unit'))[1] }

behaviour('after sign-up the browser goes to /welcome, a valid page asking the four questions', sub {
	my $c = client();
	$c->csrf_from('/signup');
	my $name = unique_name('wel');
	my $pw = strong_password();
	my $res = $c->post_form('/signup', { email => lc($name) . '@example.test',
	    username => $name, password => $pw, confirm => $pw });
	track_user(user_id($name));
	is($res->{status}, 303, 'sign-up: 303');
	is($res->{headers}{location}, '/welcome', '... to /welcome');
	$res = $c->get('/welcome');
	is($res->{status}, 200, 'GET /welcome: 200');
	tidy_ok($res->{content}, 'GET /welcome');
	security_headers_ok($res, 'GET /welcome');
	like($res->{content}, qr{<h1>Welcome, \Q$name\E</h1>}, 'it greets the new user');
	like($res->{content}, qr{<label for="$_">}, "a label for $_") for qw(timezone weight weight_unit);
	like($res->{content}, qr{<legend>First day of the week</legend>}, 'the week start radios have a legend');
	like($res->{content}, qr{<form method="post" action="/welcome(?:#[^"]*)?"}, 'the form posts to /welcome');
	like($res->{content}, qr{<optgroup label="Europe">}, 'the time zones are grouped by region');
});

behaviour('GET /welcome signed out leads to the login page', sub {
	my $res = client()->get('/welcome');
	is($res->{status}, 303, 'GET /welcome signed out: 303');
	like($res->{headers}{location} // '', qr{^/login\?next=%2Fwelcome$}, '... to /login');
});

# Accept-Language => the zone selected (and the unit).
for my $case (['de-DE', 'Europe/Berlin', 'kg'], ['en-US', 'America/New_York', 'lb'],
    ['de-AT,de;q=0.9,en;q=0.5', 'Europe/Vienna', 'kg'], ['en-GB;q=0.9, en-US', 'America/New_York', 'lb']) {
	my ($lang, $zone, $unit) = @$case;
	behaviour("Accept-Language \"$lang\": $zone and $unit are suggested, and said to be a guess", sub {
		my $u = new_user();
		my $html = welcome_in($u, $lang)->{content};
		is(selected_zone($html), $zone, "\"$lang\": $zone selected");
		is(selected_unit($html), $unit, "\"$lang\": $unit selected");
		like($html, qr/Guessed from your browser's language/, '... and marked as a guess');
		is(profile_row($u->{id}), 'UTC|1|NULL|kg', 'nothing is saved by looking');
	});
}

for my $case ([undef, 'no Accept-Language'], ['de', 'a language without a region'],
    ['*', 'any language'], ['xx-QQ', 'a region with no time zone']) {
	my ($lang, $what) = @$case;
	behaviour("$what: UTC is suggested", sub {
		my $html = welcome_in(new_user(), $lang)->{content};
		is(selected_zone($html), 'UTC', "$what: UTC selected");
		is(selected_unit($html), 'kg', '... and kg');
		unlike($html, qr/Guessed from your browser/, '... not called a guess');
	});
}

behaviour('a profile already saved is shown as it is, not guessed again', sub {
	my $u = new_user();
	is($u->post_form('/settings', { timezone => 'Asia/Tokyo', week_start => '0',
	    weight => '', weight_unit => 'kg' }, from => '/settings')->{status}, 303,
	    'setup: Asia/Tokyo saved in the settings');
	my $html = welcome_in($u, 'en-US')->{content};
	is(selected_zone($html), 'Asia/Tokyo', 'Asia/Tokyo stays selected whatever the browser says');
	is(selected_unit($html), 'kg', '... and kg');
});

behaviour('a bad body weight is refused: 422, the message beside the field, every value kept, nothing saved', sub {
	my $u = new_user();
	welcome_in($u, 'de-DE');
	my $res = $u->post_form('/welcome', { timezone => 'Europe/Paris', week_start => '0',
	    weight => '7x', weight_unit => 'lb' });
	is($res->{status}, 422, 'weight "7x": 422');
	like(field_error($res->{content}, 'weight') // '', qr/as a number, like 72\.5/,
	    '... the message beside the field');
	is(attr(input_tag($res->{content}, 'weight'), 'aria-invalid'), 'true', '... the field is aria-invalid');
	like(attr(input_tag($res->{content}, 'weight'), 'aria-describedby') // '', qr/(?:^|\s)weight-error(?:\s|$)/,
	    '... and described by the message');
	my $f = form_fields($res->{content}, '/welcome') // {};
	is_deeply([@$f{qw(timezone week_start weight weight_unit)}], ['Europe/Paris', '0', '7x', 'lb'],
	    'the form keeps every value sent');
	is_deeply([map { $_->[0] } error_summary($res->{content})], ['weight'],
	    'the error summary on top links to the weight field');
	like($res->{content}, qr{<form method="post" action="/welcome#error-summary-h"},
	    '... and the form opens there when refused');
	tidy_ok($res->{content}, 'the welcome page with an error');
	is(profile_row($u->{id}), 'UTC|1|NULL|kg', 'nothing was saved: all or nothing');
});

behaviour('every answer wrong at once: a message beside each, nothing saved', sub {
	my $u = new_user();
	welcome_in($u);
	my $res = $u->post_form('/welcome', { timezone => 'Mars/Olympus_Mons', week_start => '9',
	    weight => 'heavy', weight_unit => 'stone' });
	is($res->{status}, 422, 'every field wrong: 422');
	for my $field (qw(timezone week_start weight weight_unit)) {
		ok(defined field_error($res->{content}, $field), "a message beside $field");
	}
	is(profile_row($u->{id}), 'UTC|1|NULL|kg', 'nothing was saved');
});

behaviour('valid answers are saved together: 303 to the dashboard, which confirms them once', sub {
	my $u = new_user();
	welcome_in($u, 'en-US');
	my $res = $u->post_form('/welcome', { timezone => 'America/Chicago', week_start => '0',
	    weight => '165', weight_unit => 'lb' });
	is($res->{status}, 303, 'valid answers: 303');
	is($res->{headers}{location}, '/dashboard', '... to the dashboard');
	is(profile_row($u->{id}), 'America/Chicago|0|74.84|lb', 'all four are stored (165 lb as 74.84 kg)');
	my $day = psql("SELECT day FROM exbuddy.body_weights WHERE user_id = " . sql_quote($u->{id}));
	is($day, psql("SELECT (now() AT TIME ZONE 'America/Chicago')::date"),
	    'the weight is logged for today in the zone just chosen');
	my $html = $u->get('/dashboard')->{content};
	is(flash_text($html), 'Your settings are saved.', 'the dashboard confirms it');
	like($html, qr{Times are in your time zone, America/Chicago\.}, '... and follows the new time zone');
	is(flash_text($u->get('/dashboard')->{content}), undef, 'the confirmation shows once');
});

behaviour('no body weight is fine: the rest is saved and no weight logged', sub {
	my $u = new_user();
	welcome_in($u);
	my $res = $u->post_form('/welcome', { timezone => 'Europe/Berlin', week_start => '1',
	    weight => '', weight_unit => 'kg' });
	is($res->{status}, 303, 'no weight: 303');
	is(profile_row($u->{id}), 'Europe/Berlin|1|NULL|kg', 'saved without a weight');
});

behaviour('"Skip for now" leads to the dashboard and leaves the account as it was', sub {
	my $u = new_user();
	my $html = welcome_in($u, 'de-DE')->{content};
	like($html, qr{<a href="/dashboard">Skip for now</a>}, 'a "Skip for now" link to the dashboard');
	my $res = $u->get('/dashboard');
	is($res->{status}, 200, 'following it: the dashboard, 200');
	is(flash_text($res->{content}), undef, '... with nothing to confirm');
	is(profile_row($u->{id}), 'UTC|1|NULL|kg', 'the account stays on UTC, kg');
});

behaviour('POST /welcome without its CSRF token is refused', sub {
	my $u = new_user();
	is($u->post_form('/welcome', { timezone => 'UTC', week_start => '1', weight => '',
	    weight_unit => 'kg', csrf => undef })->{status}, 403, 'no csrf token: 403');
	is(profile_row($u->{id}), 'UTC|1|NULL|kg', 'nothing saved');
});

done_testing;
