# 20_signup.t — sign-up through nginx: the form, every invalid field
# (422, the message by its field, values kept; the passwords only when
# neither was at fault), duplicates in another letter case, and a
# successful sign-up (cookie attributes, the first-run page, audit row, no
# password anywhere). Each behaviour posts with clients and users of its
# own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount qw(:DEFAULT form_fields error_summary);

base_url();
my $var = EB::env_or_skip('EXBUDDY_TEST_VAR');
my @fields = qw(email username password confirm);
my @secrets;	# every password sent: none may show up in the database or the logs

# --- The form ------------------------------------------------------------

behaviour('GET /signup is a valid page with a labelled input for each field', sub {
	my $res = client()->get('/signup');
	is($res->{status}, 200, 'GET /signup is 200');
	tidy_ok($res->{content}, 'GET /signup');
	security_headers_ok($res, 'GET /signup');
	for my $f (@fields) {
		my $tag = input_tag($res->{content}, $f);
		ok($tag, "signup form: an input with id=$f");
		is(attr($tag, 'name'), $f, "signup form: input $f is named $f");
		like($res->{content}, qr/<label for="\Q$f\E">[^<]+<\/label>/,
		    "signup form: input $f has a label");
	}
});

behaviour('the sign-up form posts to /signup with a password field, a CSRF token and the pre-session cookie', sub {
	my $c = client();
	my $res = $c->get('/signup');
	like(attr(input_tag($res->{content}, 'password'), 'type'), qr/^password$/,
	    'signup form: the password is a password field');
	my $token = hidden_value($res->{content}, 'csrf');
	ok(defined $token && length $token >= 32, 'signup form: a csrf field with a token');
	ok(defined $c->cookie('eb_pre'), 'GET /signup sets the pre-session cookie eb_pre');
	like($res->{content}, qr/<form method="post" action="\/signup(?:#[^"]*)?"/,
	    'signup form posts to /signup');
});

# --- Every invalid field ---------------------------------------------------

# A fresh client posts the form; the response.
sub post_signup {
	my (%f) = @_;
	my $cl = client();
	$cl->csrf_from('/signup');
	push @secrets, $f{password} if defined $f{password} &&
	    length $f{password} >= 8;
	return $cl->post_form('/signup', \%f);
}

sub good_fields {
	my $name = unique_name('su');
	my $pw = strong_password();
	return (email => lc($name) . '@example.test', username => $name,
	    password => $pw, confirm => $pw);
}

# check_invalid(NAME, {fields}, FIELD, MESSAGE_RE): 422 with the message by
# FIELD (and only there), email and username kept; the two passwords kept
# when FIELD is the email or the username (only that is to be changed),
# else nowhere.
sub check_invalid {
	my ($name, $over, $field, $re, %opt) = @_;
	my %f = (good_fields(), %$over);
	my $r = post_signup(%f);
	my $html = $r->{content} // '';
	is($r->{status}, 422, "$name: 422");
	security_headers_ok($r, $name) if $opt{headers};
	tidy_ok($html, $name) if $opt{tidy};
	my $tag = input_tag($html, $field);
	is(attr($tag, 'aria-invalid'), 'true', "$name: $field is aria-invalid");
	like(attr($tag, 'aria-describedby') // '', qr/(?:^|\s)\Q$field\E-error(?:\s|$)/,
	    "$name: $field is described by its error");
	like(field_error($html, $field) // '', $re, "$name: the message next to $field");
	for my $other (grep { $_ ne $field } @fields) {
		ok(!defined attr(input_tag($html, $other), 'aria-invalid') &&
		    !defined field_error($html, $other),
		    "$name: $other is not marked invalid");
	}
	like(alert_text($html) // '', qr/there is a problem/i,
	    "$name: an alert at the top says so");
	for my $k (qw(email username)) {
		my $want = $f{$k} =~ s/^[ \t]+|[ \t]+$//gr;
		is(attr(input_tag($html, $k), 'value'), $want, "$name: $k is kept");
	}
	if ($field eq 'email' || $field eq 'username') {
		for my $k (qw(password confirm)) {
			is(attr(input_tag($html, $k), 'value'), $f{$k},
			    "$name: the $k field keeps what was typed");
		}
	} else {
		for my $k (qw(password confirm)) {
			ok(!defined attr(input_tag($html, $k), 'value'),
			    "$name: the $k field has no value");
		}
	}
	unless ($opt{pw_visible} || $field eq 'email' || $field eq 'username') {
		for my $pw (grep { $_ ne '' } $f{password}, $f{confirm}) {
			ok(index($html, $pw) < 0 &&
			    index($html, html_escape($pw)) < 0,
			    "$name: the password is not in the page");
		}
	}
	ok(!(grep { $_->{name} eq 'eb_session' && $_->{value} ne '' }
	    set_cookies($r)), "$name: no session cookie");
	unless ($opt{existing}) {
		is(psql('SELECT count(*) FROM exbuddy.users WHERE ' .
		    'lower(username) = lower(' . sql_quote($f{username}) . ') OR ' .
		    'lower(email) = lower(' . sql_quote($f{email}) . ')'), 0,
		    "$name: no user was created");
	}
	return $r;
}

sub html_escape {
	my $s = shift;
	$s =~ s/&/&amp;/g;
	$s =~ s/</&lt;/g;
	$s =~ s/>/&gt;/g;
	$s =~ s/"/&quot;/g;
	$s =~ s/'/&#39;/g;
	return $s;
}

my $bad_email = qr/email address like name\@example\.com/;
behaviour('an empty or blank email is refused', sub {
	check_invalid('empty email', { email => '' }, 'email',
	    qr/Enter your email address/, tidy => 1, headers => 1);
	check_invalid('blank email', { email => "  \t " }, 'email',
	    qr/Enter your email address/);
});
behaviour('an email without a proper name, @ and domain is refused', sub {
	for my $e ('a@', '@b.c', 'a b@c.d', 'a@b') {
		check_invalid("email '$e'", { email => $e }, 'email', $bad_email);
	}
});
behaviour('an email of 256 characters is refused', sub {
	my $long_email = ('a' x 60) . '@' . join('.', 'b' x 63, 'c' x 63, 'd' x 63, 'eee');
	is(length $long_email, 256, 'the long email has 256 characters');
	check_invalid('email of 256 characters', { email => $long_email }, 'email',
	    $bad_email);
});
behaviour('an email with markup is refused, and the page stays valid', sub {
	check_invalid('email "<x>"@b.c', { email => '"<x>"@b.c' }, 'email', $bad_email,
	    tidy => 1);
});

my $bad_name = qr/3 to 50 letters, digits, _ or -/;
behaviour('an empty username is refused', sub {
	check_invalid('empty username', { username => '' }, 'username',
	    qr/Choose a username/);
});
behaviour('a username shorter than 3 or longer than 50 characters is refused', sub {
	check_invalid('username of 2 characters', { username => 'ab' }, 'username',
	    $bad_name, tidy => 1);
	check_invalid('username of 51 characters', { username => 'a' x 51 },
	    'username', $bad_name);
});
behaviour('a username with other than letters, digits, _ or - is refused', sub {
	check_invalid('username with a space', { username => 'bad name' },
	    'username', $bad_name);
	check_invalid('username with a dot', { username => 'bad.name' },
	    'username', $bad_name);
	check_invalid('username with a non-ASCII letter', { username => "b\xc3\xb6se" },
	    'username', $bad_name);
	check_invalid('username with markup', { username => '<b>x</b>' },
	    'username', $bad_name, tidy => 1);
});

behaviour('a password shorter than 8 characters is refused, counting characters, not bytes', sub {
	my $pw7 = 'Xq7#kLm';
	check_invalid('password of 7 characters', { password => $pw7, confirm => $pw7 },
	    'password', qr/at least 8 characters/);
	my $pw = "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\xa9\xc3\xa8\xc3\xaa";	# 7 letters, 14 bytes
	check_invalid('password of 7 two-byte characters', { password => $pw, confirm => $pw },
	    'password', qr/at least 8 characters/);
});
behaviour('a password of 129 characters is refused', sub {
	my $pw129 = join('', map { ('a' .. 'z', 'A' .. 'Z', 0 .. 9)[rand 62] } 1 .. 129);
	check_invalid('password of 129 characters',
	    { password => $pw129, confirm => $pw129 }, 'password',
	    qr/at most 128 characters/);
});
behaviour('an empty password is refused', sub {
	check_invalid('empty password', { password => '', confirm => '' }, 'password',
	    qr/Choose a password/);
});
behaviour('a common password is refused', sub {
	check_invalid('common password', { password => 'password1', confirm => 'password1' },
	    'password', qr/too easy to guess/, tidy => 1);
});
behaviour('a password equal to the username in another case is refused', sub {
	my $name = 'Walrus' . unique_name('x');
	my $pw = lc $name;	# the same in another letter case
	check_invalid('password equal to the username',
	    { username => $name, password => $pw, confirm => $pw }, 'password',
	    qr/must not be your username/, pw_visible => 1);
});
behaviour('a password equal to the email in another case is refused', sub {
	my $name = unique_name('mail');
	my $email = lc($name) . '@example.test';
	check_invalid('password equal to the email',
	    { username => $name, email => $email, password => uc $email,
	    confirm => uc $email }, 'password', qr/must not be your username or email/,
	    pw_visible => 1);
});
behaviour('a confirmation that differs or is missing is refused', sub {
	check_invalid('confirmation differs', { confirm => strong_password() },
	    'confirm', qr/differ/);
	check_invalid('confirmation missing', { confirm => '' }, 'confirm', qr/differ/);
});

# --- Duplicates in another letter case --------------------------------------

# A user with capitals in the username and the email.
sub mixed_case_user {
	my $first = new_user(username => unique_name('Dup'),
	    email => 'Mixed.' . unique_name('Case') . '@Example.TEST');
	push @secrets, $first->{password};
	return $first;
}

sub no_second_account_ok {
	my ($first) = @_;
	is(psql('SELECT count(*) FROM exbuddy.users WHERE lower(email) = lower(' .
	    sql_quote($first->{email}) . ') OR lower(username) = lower(' .
	    sql_quote($first->{username}) . ')'), 1,
	    'the duplicates created no second account');
}

behaviour('an email taken in another letter case is refused, and no second account made', sub {
	my $first = mixed_case_user();
	check_invalid('the same email in another case',
	    { email => uc $first->{email} }, 'email', qr/already exists/, existing => 1);
	no_second_account_ok($first);
});

behaviour('when only the username is taken, both password fields keep what was typed', sub {
	my $first = mixed_case_user();
	my %f = (good_fields(), username => $first->{username});
	my $c = client();
	$c->csrf_from('/signup');
	push @secrets, $f{password};
	my $res = $c->post_form('/signup', \%f);
	is($res->{status}, 422, 'a taken username: 422');
	like(field_error($res->{content}, 'username') // '', qr/taken/, '... the message by the username');
	is_deeply([map { $_->[0] } error_summary($res->{content})], ['username'],
	    '... and a link to it in the summary the form opens at (#error-summary-h)');
	is(attr(input_tag($res->{content}, 'password'), 'value'), $f{password},
	    '... the password field keeps its value');
	is(attr(input_tag($res->{content}, 'confirm'), 'value'), $f{confirm},
	    '... and so does the confirmation');
	is(attr(input_tag($res->{content}, 'password'), 'type'), 'password',
	    '... still a password field (shown as dots)');
	like($res->{headers}{'cache-control'} // '', qr/no-store/, '... on a page no cache keeps');
	my $again = form_fields($res->{content}, '/signup');
	$again->{username} = unique_name('su');
	is($c->post_form('/signup', $again)->{status}, 303,
	    'the form sent again as the page has it, with another username: signed up');
	track_user(user_id($again->{username}));
});

behaviour('a username taken in another letter case is refused, and no second account made', sub {
	my $first = mixed_case_user();
	check_invalid('the same username in another case',
	    { username => lc $first->{username} }, 'username', qr/taken/, existing => 1);
	no_second_account_ok($first);
});

# --- Success ---------------------------------------------------------------------

# A fresh client with the sign-up form, and valid fields for it (the email
# with blanks around it: they are forgiven).
sub valid_signup {
	my $s = client();
	$s->csrf_from('/signup');
	my %f = good_fields();
	$f{email} = "  $f{email} ";
	push @secrets, $f{password};
	return ($s, \%f);
}

# Posts the form of valid_signup; the response. The user is deleted when
# the test ends.
sub post_valid {
	my ($s, $f) = @_;
	my $res = $s->post_form('/signup', $f);
	track_user(user_id($f->{username}));
	return $res;
}

behaviour('a valid sign-up answers 303 to the first-run page with a new session cookie', sub {
	my ($s, $f) = valid_signup();
	ok(defined $s->cookie('eb_pre'), 'before signing up the client has eb_pre');
	my $res = post_valid($s, $f);
	is($res->{status}, 303, 'a valid sign-up answers 303');
	is($res->{headers}{location}, '/welcome', '... to /welcome');
	my @sess = grep { $_->{name} =~ /eb_session$/ } set_cookies($res);
	is(scalar @sess, 1, 'one Set-Cookie for the session');
	my $sc = $sess[0] // { attrs => {}, name => '', value => '' };
	is($sc->{name}, 'eb_session', 'over plain HTTP the cookie has no __Host- prefix');
	like($sc->{value}, qr/^[A-Za-z0-9_-]{43}$/, 'the cookie holds 32 bytes, base64url');
	ok($sc->{attrs}{httponly}, 'the session cookie is HttpOnly');
	is(lc($sc->{attrs}{samesite} // ''), 'lax', 'the session cookie is SameSite=Lax');
	is($sc->{attrs}{path}, '/', 'the session cookie has Path=/');
	ok(!exists $sc->{attrs}{secure}, 'over plain HTTP the cookie is not Secure');
	ok(!exists $sc->{attrs}{domain}, 'the session cookie has no Domain');
	ok(!defined $s->cookie('eb_pre'), 'signing up drops the pre-session cookie');
});

behaviour('a new user is signed in: the dashboard greets them, /signup leads there', sub {
	my ($s, $f) = valid_signup();
	is(post_valid($s, $f)->{status}, 303, 'setup: signed up');
	my $res = $s->get('/dashboard');
	is($res->{status}, 200, 'the new user sees the dashboard');
	like($res->{content}, qr/Hello, \Q$f->{username}\E</, 'the dashboard greets the user');
	tidy_ok($res->{content}, 'dashboard after sign-up');
	$res = $s->get('/signup');
	is($res->{status}, 303, 'GET /signup when signed in: 303');
	is($res->{headers}{location}, '/dashboard', '... to the dashboard');
});

behaviour('a sign-up stores the trimmed email, an Argon2id hash and an audit row with the IP', sub {
	my ($s, $f) = valid_signup();
	is(post_valid($s, $f)->{status}, 303, 'setup: signed up');
	my $uid = user_id($f->{username});
	like($uid, qr/^[0-9a-f-]{36}$/, 'the user is in the database');
	is(psql('SELECT email FROM exbuddy.users WHERE id = ' . sql_quote($uid)),
	    $f->{email} =~ s/^\s+|\s+$//gr, 'the email is stored without the blanks');
	like(psql('SELECT password_hash FROM exbuddy.users WHERE id = ' . sql_quote($uid)),
	    qr/^\$argon2id\$v=19\$m=65536,t=2,p=1\$/, 'the password is an Argon2id hash (t=2, 64 MiB)');
	is(psql("SELECT host(ip) FROM exbuddy.audit_log WHERE event = 'signup' AND user_id = " .
	    sql_quote($uid)), '127.0.0.1', "audit_log has a 'signup' row with the IP");
});

# Every password this test sent (those of the behaviours that ran before,
# and a refused and a successful sign-up of its own) is nowhere.
behaviour('no password sent appears in any table or in any log', sub {
	my %f = good_fields();
	post_signup(%f, confirm => strong_password());	# refused, the password sent
	my ($s, $f) = valid_signup();
	is(post_valid($s, $f)->{status}, 303, 'setup: signed up');
	mixed_case_user();

	# The password is nowhere in the database: every column of every table.
	my @tables = split /\n/, psql("SELECT quote_ident(table_schema) || '.' || " .
	    "quote_ident(table_name) FROM information_schema.tables WHERE " .
	    "table_schema IN ('exbuddy', 'public') AND table_type = 'BASE TABLE'");
	ok((grep { $_ eq 'exbuddy.users' } @tables) && (grep { $_ eq 'exbuddy.sessions' } @tables) &&
	    (grep { $_ eq 'exbuddy.audit_log' } @tables), 'users, sessions and audit_log are searched');
	my @found;
	for my $t (@tables) {
		for my $pw (@secrets) {
			push @found, $t if psql("SELECT count(*) FROM $t x WHERE " .
			    "strpos(x::text, " . sql_quote($pw) . ') > 0') ne '0';
		}
	}
	is_deeply(\@found, [], 'no password appears in any table');

	# ... nor in any log.
	my @logs = (glob("$var/log/*.log"), grep { -r } "$var/pg/postgresql.log");
	ok(scalar(@logs) >= 2, 'there are logs to search: ' . join(' ', @logs));
	my @leaks;
	for my $log (@logs) {
		my $text = EB::slurp($log) // next;
		for my $pw (@secrets) {
			push @leaks, $log if index($text, $pw) >= 0;
		}
	}
	is_deeply(\@leaks, [], 'no password appears in the logs');
});

done_testing();
