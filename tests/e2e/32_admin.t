# 32_admin.t — `exbuddy user list | add | invite | disable NAME | enable
# NAME`: the table of accounts, adding one (what it refuses), an
# invitation's link, disabling (sessions end, login refused as a wrong
# password is) and enabling, unknown names and usage errors. Each
# behaviour that disables or enables has a user of its own.
use strict;
use warnings;
use Test::More;
use EB;
use EBAccount;

base_url();
my $pghost = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
my $top = EB::env_or_skip('EXBUDDY_TEST_TOP');
my @dsn = ('--admin-dsn', "host=$pghost user=postgres dbname=" . ($ENV{EXBUDDY_DB} // 'exbuddy'));

sub user_cmd { return run_cmd(30, "$top/cgi/exbuddy", 'user', @_) }
sub alive { return $_[0]->get('/dashboard')->{status} == 200 ? 1 : 0 }

# A new user with 3 workouts and a second session: (user, other session).
sub admin_user {
	my $u = new_user();
	psql("INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps) "
	    . "SELECT " . sql_quote($u->{id}) . ", id, date_trunc('second', now()) - interval '1 day' * g, 10 "
	    . "FROM exbuddy.exercise_types, generate_series(1, 3) g WHERE slug = 'push-up'");
	my $other = client();
	is($other->login($u->{username}, $u->{password})->{status}, 303, 'a second session of the user');
	return ($u, $other);
}

sub disable_ok {
	my ($u) = @_;
	is(user_cmd('disable', $u->{username}, @dsn)->{exit}, 0, 'setup: user disable: exit 0');
}

# list
behaviour('user list: a header, then each account with its workouts and last login, lined up', sub {
	my ($u) = admin_user();
	my $name = $u->{username};
	my $r = user_cmd('list', @dsn);
	is($r->{exit}, 0, 'user list: exit 0') or diag($r->{err});
	like($r->{out}, qr/^USERNAME\s+EMAIL\s+ACTIVE\s+CREATED \(UTC\)\s+WORKOUTS\s+LAST LOGIN \(UTC\)\s*$/m,
	    'user list: a header line');
	like($r->{out}, qr/^\Q$name\E\s+\Q$u->{email}\E\s+yes\s+\d{4}-\d\d-\d\d\s+3\s+\d{4}-\d\d-\d\d \d\d:\d\d\s*$/m,
	    'user list: the new user, active, created, 3 workouts, last login')
	    or diag($r->{out});
	my @lines = split /\n/, $r->{out};
	my ($hdr) = @lines;
	my ($row) = grep { /^\Q$name\E\s/ } @lines;
	is(index($row, $u->{email}), index($hdr, 'EMAIL'), 'user list: the columns line up');
});

# disable (any letter case)
behaviour("user disable, in any letter case, ends every session of the user", sub {
	my ($u, $other) = admin_user();
	my $name = $u->{username};
	my $r = user_cmd('disable', uc $name, @dsn);
	is($r->{exit}, 0, 'user disable: exit 0') or diag($r->{err});
	like($r->{out}, qr/^disabled \Q$name\E; sessions ended: 2$/m, 'user disable: says what it did');
	is(psql('SELECT count(*) FROM exbuddy.sessions WHERE user_id = ' . sql_quote($u->{id})), '0',
	    "the user's sessions are deleted");
	my $res = $u->get('/dashboard');
	is($res->{status}, 303, 'the existing session is dead');
	like($res->{headers}{location} // '', qr{^/login}, '... sent to /login');
	ok(!alive($other), 'so is the other one');
});

# The same answer for the right password as for a wrong one (a different
# one would tell that the password is right); the audit log tells them apart.
behaviour('a disabled account cannot log in: the usual 422 for the right password as for a wrong one', sub {
	my ($u) = admin_user();
	my $name = $u->{username};
	disable_ok($u);
	my $res = client()->login($name, $u->{password});
	is($res->{status}, 422, 'logging in to a disabled account with its password: 422');
	my $right = alert_text($res->{content}) // '';
	like($right, qr/do not match/, '... "do not match", as any refused login');
	tidy_ok($res->{content}, 'the refused login page');
	$res = client()->login($name, 'not the password 1');
	is($res->{status}, 422, 'a wrong password on a disabled account: the usual 422');
	is(alert_text($res->{content}) // '', $right, '... the same message');
});

behaviour('user list shows a disabled account as not active; disabling twice is fine', sub {
	my ($u) = admin_user();
	my $name = $u->{username};
	disable_ok($u);
	like(user_cmd('list', @dsn)->{out}, qr/^\Q$name\E\s+\S+\s+no\s/m, 'user list: active no');
	is(user_cmd('disable', $name, @dsn)->{exit}, 0, 'disabling twice is fine');
});

# enable
behaviour('user enable lets a disabled user log in again', sub {
	my ($u) = admin_user();
	my $name = $u->{username};
	disable_ok($u);
	my $r = user_cmd('enable', $name, @dsn);
	is($r->{exit}, 0, 'user enable: exit 0') or diag($r->{err});
	like($r->{out}, qr/^enabled \Q$name\E$/m, 'user enable: says so');
	my $back = client();
	is($back->login($name, $u->{password})->{status}, 303, 'after enable, login works');
	ok(alive($back), '... and the session does');
	like(user_cmd('list', @dsn)->{out}, qr/^\Q$name\E\s+\S+\s+yes\s/m, 'user list: active yes');
});

# unknown names, usage errors
behaviour('user disable or enable of an unknown name: exit 1, a message on stderr', sub {
	for my $cmd ('disable', 'enable') {
		my $r = user_cmd($cmd, 'no_such_user_' . $$, @dsn);
		is($r->{exit}, 1, "user $cmd of an unknown name: exit 1");
		like($r->{err}, qr/no user named no_such_user_$$/, '... with a message on stderr');
		is($r->{out}, '', '... and nothing on stdout');
	}
});

behaviour('user with a wrong command or wrong arguments: exit 2, the usage on stderr', sub {
	for my $args ([], ['frobnicate'], ['disable'], ['enable'], ['list', 'extra'],
	    ['disable', 'a', 'b'], ['add'], ['add', 'a'], ['add', 'a', 'b', 'c'],
	    ['invite', 'a', 'b']) {
		my $r = user_cmd(@$args, @dsn);
		is($r->{exit}, 2, "user @$args: exit 2 (usage)");
		like($r->{err}, qr/usage: exbuddy user/, '... with the usage on stderr');
	}
});

# user add NAME EMAIL with PASSWORD on stdin.
sub add_cmd {
	my ($name, $email, $pw) = @_;
	return run_cmd_in(30, "$pw\n", "$top/cgi/exbuddy", 'user', 'add', $name, $email, @dsn);
}

behaviour('user add refuses a weak password, a taken name or email, a bad name or email: exit 1, no account', sub {
	my $u = new_user();
	my $name = unique_name('add');
	my $email = lc($name) . '@example.test';
	my $pw = strong_password();
	for (["a weak password", $name, $email, 'password', qr/cannot be used: .*too easy to guess/],
	    ['a password as the name', $name, $email, $name, qr/cannot be used/],
	    ['an empty password', $name, $email, '', qr/cannot be used|no password/],
	    ['a taken username', uc $u->{username}, $email, $pw, qr/exists already/],
	    ['a taken email', $name, uc $u->{email}, $pw, qr/exists already/],
	    ['a bad username', 'no spaces', $email, $pw, qr/a username is 3 to 50/],
	    ['a bad email', $name, 'not-an-address', $pw, qr/not an email address/]) {
		my ($what, $n, $e, $p, $why) = @$_;
		my $r = add_cmd($n, $e, $p);
		is($r->{exit}, 1, "user add with $what: exit 1");
		like($r->{err}, $why, '... saying why');
	}
	is(psql('SELECT count(*) FROM exbuddy.users WHERE lower(username) = lower(' . sql_quote($name) . ')'),
	    0, 'no account was made');
	my $r = run_cmd_in(30, '', "$top/cgi/exbuddy", 'user', 'add', $name, $email, @dsn);
	is($r->{exit}, 1, 'no password on stdin at all: exit 1');
	like($r->{err}, qr/no password given/, '... saying so');
});

behaviour('user invite prints a sign-up link valid 7 days; only its hash is stored', sub {
	my $r = run_cmd(30, "$top/cgi/exbuddy", 'user', 'invite', "for the e2e test $$", @dsn);
	is($r->{exit}, 0, 'user invite: exit 0') or diag($r->{err});
	my ($tok) = $r->{out} =~ m{\A/signup\?invite=([A-Za-z0-9_-]{43})\n\z};
	ok($tok, 'stdout is the path of the link, nothing else') or diag($r->{out});
	like($r->{err}, qr/one account, until \d{4}-\d\d-\d\d \d\d:\d\d UTC/, 'stderr says until when');
	is(psql("SELECT count(*) FROM exbuddy.invites WHERE note = 'for the e2e test $$' "
	    . "AND token_hash = sha256(decode(translate('$tok', '-_', '+/') || '=', 'base64')) "
	    . "AND expires_at - created_at = interval '7 days' AND used_at IS NULL"), 1,
	    'stored by the SHA-256 of the token, for 7 days, unused');
	is(psql("SELECT count(*) FROM exbuddy.invites WHERE encode(token_hash, 'escape') LIKE '%$tok%'"), 0,
	    'the token itself is nowhere');
	psql("DELETE FROM exbuddy.invites WHERE note = 'for the e2e test $$'");
	$r = run_cmd(30, "$top/cgi/exbuddy", 'user', 'invite', 'x' x 201, @dsn);
	is($r->{exit}, 1, 'a note of 201 characters: exit 1');
	like($r->{err}, qr/a note is 1 to 200 characters/, '... saying so');
});

behaviour('user list with an unreachable database: exit 1, saying so', sub {
	my $r = user_cmd('list', '--admin-dsn', "host=$pghost/nonexistent user=postgres dbname=exbuddy");
	is($r->{exit}, 1, 'user list with an unreachable database: exit 1');
	like($r->{err}, qr/cannot connect/, '... saying so');
});

behaviour('exbuddy --help mentions the user command', sub {
	like(run_cmd(10, "$top/cgi/exbuddy", '--help')->{out}, qr/exbuddy user list/,
	    'exbuddy --help mentions the user command');
});

done_testing;
