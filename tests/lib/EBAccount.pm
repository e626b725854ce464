# EBAccount.pm — accounts for the end-to-end tests: a browser-like client
# with its own cookie jar (new_user, client, get, post_form), and helpers
# to read forms and to look into the database with psql.
#
#   my $u = new_user();              # signed up and signed in: $u->{username},
#                                    # $u->{email}, $u->{password}, $u->{id}
#   my $res = $u->get('/dashboard'); # HTTP::Tiny response; cookies kept
#   $res = $u->post_form('/logout', {});   # csrf filled in (see post_form)
#   my $anon = client();             # nobody signed in, empty jar
#   psql("SELECT count(*) FROM exbuddy.users");   # as postgres, trimmed
#
# Also: EBAccount->agent(ua => ...) (= client), EBAccount->login(LOGIN, PW)
# (a new agent after POST /login, its response in {res}), post_form(PATH,
# FIELDS, FROM), $agent->signed_in, csrf_of(HTML), form_encode(FIELDS),
# psql(SQL, BIND...) with :'v1', :'v2'... Users new_user makes are deleted
# when the test ends (EXBUDDY_TEST_KEEP=1 keeps them).
package EBAccount;
use strict;
use warnings;
use Exporter qw(import);
use File::Temp qw(tempfile);
use HTTP::Tiny;
use Time::HiRes ();
use EB ();

our @EXPORT = qw(new_user client unique_name strong_password psql psql_as
    sql_quote user_id set_cookies input_tag attr field_error alert_text
    html_unescape hidden_value track_user);

my $seq = 0;
our $PASSWORD = 'plum tractor violin 42';	# passes pw_weak (new_user makes its own)
my @created;	# ids of the users new_user made: deleted at the end

# The users this test made go away with it (and with them, by ON DELETE
# CASCADE, their sessions and audit rows), so that later tests start from
# the same state.
END {
	if (@created && !$ENV{EXBUDDY_TEST_KEEP}) {
		my $rc = $?;
		eval { psql('DELETE FROM exbuddy.users WHERE id IN (' .
		    join(', ', map { sql_quote($_) } @created) . ')') };
		warn "EBAccount: could not delete the test users: $@" if $@;
		$? = $rc;
	}
}

# track_user(ID...): deletes these users at the end too (made without new_user).
sub track_user { push @created, grep { defined && $_ ne '' } @_ }

# A name no other test (or earlier run) has used: letters, digits, _ only.
sub unique_name {
	my $prefix = shift // 'u';
	$seq++;
	return sprintf('%s%d_%d_%s', $prefix, $$, $seq,
	    join('', map { ('a' .. 'z', 0 .. 9)[rand 36] } 1 .. 6));
}

# A password cracklib accepts, different every time.
sub strong_password {
	return join('-', 'Lantern', join('', map { ('a' .. 'z', 'A' .. 'Z',
	    0 .. 9)[rand 62] } 1 .. 10), 'violet', 'Quarry' . int(rand 1000));
}

# --- The client --------------------------------------------------------------

sub client { return EBAccount->new(@_) }

# EBAccount->agent(ua => 'User-Agent'): the same as client().
sub agent {
	my ($class, %opt) = @_;
	return EBAccount->new(agent => $opt{ua});
}

sub new {
	my ($class, %opt) = @_;
	my $self = bless { jar => {}, csrf => undef }, $class;
	$self->{http} = HTTP::Tiny->new(max_redirect => 0, keep_alive => 0,
	    timeout => 30, agent => $opt{agent} // 'exbuddy-e2e-account');
	return $self;
}

# The Cookie header this client sends.
sub cookie_header {
	my ($self) = @_;
	my $j = $self->{jar};
	return join '; ', map { "$_=$j->{$_}" } sort keys %$j;
}

# 1 when the client's cookie still opens a page that needs a session.
sub signed_in {
	my ($self) = @_;
	return $self->get('/dashboard')->{status} == 200 ? 1 : 0;
}

# The csrf hidden field's value in an HTML page, or undef.
sub csrf_of {
	my ($html) = @_;
	return undef unless defined $html;
	return $html =~ /<input type="hidden" name="csrf" value="([^"]+)"/ ?
	    html_unescape($1) : undef;
}

# The Set-Cookie headers of a response, in order: a list of
# {name, value, raw, attrs => {lc attribute => value, or 1 for a flag}}.
sub set_cookies {
	my ($res) = @_;
	my $h = $res->{headers}{'set-cookie'};
	my @raw = !defined $h ? () : ref $h ? @$h : ($h);
	my @out;
	for my $raw (@raw) {
		my ($pair, @attrs) = split /;\s*/, $raw;
		my ($name, $value) = split /=/, $pair, 2;
		my %a = map { my ($k, $v) = split /=/, $_, 2; (lc $k, $v // 1) } @attrs;
		push @out, { name => $name, value => $value // '', raw => $raw,
		    attrs => \%a };
	}
	return @out;
}

sub cookie { my ($self, $name) = @_; return $self->{jar}{$name} }
sub set_cookie { my ($self, $name, $value) = @_; $self->{jar}{$name} = $value }
sub drop_cookie { my ($self, $name) = @_; delete $self->{jar}{$name} }
sub cookies { my ($self) = @_; return { %{$self->{jar}} } }

# Takes in the cookies a response sets, the way a browser would: in order,
# an empty value or Max-Age <= 0 removes the cookie.
sub take_cookies {
	my ($self, $res) = @_;
	for my $c (set_cookies($res)) {
		my $age = $c->{attrs}{'max-age'};
		if ($c->{value} eq '' || (defined $age && $age =~ /^-?\d+$/ &&
		    $age <= 0)) {
			delete $self->{jar}{$c->{name}};
		} else {
			$self->{jar}{$c->{name}} = $c->{value};
		}
	}
}

# nginx limits POSTs to /login and /signup per address (EXBUDDY_AUTH_RATE,
# as deploy/stack uses it); they are spaced out to stay within that rate,
# so that the app's answers are tested, not nginx's 429.
my $last_auth_post = 0;
sub auth_post_gap {
	my ($n, $unit) = ($ENV{EXBUDDY_AUTH_RATE} // '30r/m') =~ m{^(\d+)r/([sm])$}
	    or return 2;
	return $n > 0 ? ($unit eq 's' ? 1 : 60) / $n : 0;
}

sub pace {
	my ($method, $path) = @_;
	return unless $method eq 'POST' && $path =~ m{^/(?:login|signup)(?:\?|$)};
	my $wait = $last_auth_post + auth_post_gap() + 0.01 - Time::HiRes::time();
	Time::HiRes::sleep($wait) if $wait > 0;
	$last_auth_post = Time::HiRes::time();
}

# request(METHOD, PATH, headers => {...}, content => ..., cookies => {...}
# (sent instead of the jar), keep_jar => 1 (do not take Set-Cookie)); the
# options may also come as one hash reference {headers, content}.
# Returns HTTP::Tiny's response hash; redirects are not followed.
sub request {
	my ($self, $method, $path, @rest) = @_;
	my %opt = @rest == 1 && ref $rest[0] eq 'HASH' ? %{$rest[0]} : @rest;
	my %h = %{$opt{headers} // {}};
	my $jar = $opt{cookies} // $self->{jar};
	my $cookie = join '; ', map { "$_=$jar->{$_}" } sort keys %$jar;
	$h{Cookie} = $cookie if $cookie ne '' && !exists $h{Cookie};
	delete $h{Cookie} unless defined $h{Cookie};
	pace($method, $path);
	my %req = (headers => \%h);
	$req{content} = $opt{content} if defined $opt{content};
	my $res = $self->{http}->request($method, EB::base_url() . $path, \%req);
	$self->take_cookies($res) unless $opt{keep_jar};
	if (($res->{content} // '') =~ /<input type="hidden" name="csrf" value="([^"]*)"/) {
		$self->{csrf} = html_unescape($1);
	}
	$self->{last} = $res;
	return $res;
}

sub get { my ($self, $path, %opt) = @_; return $self->request(GET => $path, %opt) }

# post_form(PATH, {field => value}, %opt): a urlencoded POST; %opt as for
# request. Without a "csrf" key a token is sent: with from => PAGE, the
# one on a fresh GET of PAGE; else the one on the last page this client
# saw (or on GET PATH when it has seen none). A csrf key with the value
# undef sends no token at all. post_form(PATH, FIELDS, PAGE) is
# post_form(PATH, FIELDS, from => PAGE).
sub post_form {
	my ($self, $path, $fields, @rest) = @_;
	my %opt = @rest == 1 ? (from => $rest[0]) : @rest;
	my %f = %{$fields // {}};
	my $from = delete $opt{from};
	if (!exists $f{csrf}) {
		$self->get($from) if defined $from;
		$self->get($path) unless defined $self->{csrf};
		$f{csrf} = $self->{csrf};
	}
	delete $f{csrf} unless defined $f{csrf};
	my %h = (%{$opt{headers} // {}},
	    'Content-Type' => 'application/x-www-form-urlencoded');
	return $self->request(POST => $path, %opt, headers => \%h,
	    content => form_encode(\%f));
}

# application/x-www-form-urlencoded, fields in sorted order. Byte strings
# go as they are (HTTP::Tiny's own encoder would encode them to UTF-8 a
# second time); character strings are sent as UTF-8.
sub form_encode {
	my ($f) = @_;
	my $esc = sub {
		my $s = shift // '';
		utf8::encode($s) if utf8::is_utf8($s);
		$s =~ s/([^A-Za-z0-9\-._~])/sprintf('%%%02X', ord $1)/ge;
		return $s;
	};
	return join '&', map { $esc->($_) . '=' . $esc->($f->{$_}) } sort keys %$f;
}

# The CSRF token of a fresh copy of PATH (the token is also remembered).
sub csrf_from {
	my ($self, $path) = @_;
	$self->{csrf} = undef;
	$self->get($path);
	return $self->{csrf};
}

# $client->login(LOGIN, PASSWORD, extra fields): logs this client in (a
# fresh form first); the response of the POST.
# EBAccount->login(LOGIN, PASSWORD [, ua => ...]): a new client (its own
# cookies: a second session) after POST /login; the response in {res}.
sub login {
	my ($self, $login, $password, %more) = @_;
	unless (ref $self) {
		my $a = client(agent => $more{ua});
		@$a{qw(username password)} = ($login, $password);
		$a->{res} = $a->login($login, $password);
		$a->{csrf} = undef;
		return $a;
	}
	# Signed in, /login redirects: the session's token is on the dashboard.
	$self->csrf_from('/login') // $self->csrf_from('/dashboard');
	return $self->post_form('/login', { login => $login,
	    password => $password, %more });
}

# new_user(username => ..., email => ..., password => ..., ua => ...): signs
# up a new, unique user with a client of its own; the client, signed in,
# with {username, email, password, id}. Dies when the sign-up is refused.
# The user is deleted when the test ends.
sub new_user {
	my (%opt) = @_;
	my $self = client(agent => $opt{ua});
	my $name = $opt{username} // unique_name('e2e');
	my $email = $opt{email} // lc($name) . '@example.test';
	my $pw = $opt{password} // strong_password();
	$self->csrf_from('/signup');
	my $res = $self->post_form('/signup', { email => $email,
	    username => $name, password => $pw, confirm => $pw });
	if ($res->{status} != 303 || !defined $self->cookie('eb_session')) {
		my ($err) = ($res->{content} // '') =~
		    /class="(?:field-error|alert)"[^>]*>(.*?)<\/p>/s;
		die "new_user: sign-up of $name answered $res->{status}" .
		    ($err ? ": $err" : '') . "\n";
	}
	@$self{qw(username email password)} = ($name, $email, $pw);
	$self->{id} = user_id($name);
	push @created, $self->{id} if $self->{id} ne '';
	$self->get('/dashboard');	# a session CSRF token for later forms
	return $self;
}

# --- HTML ----------------------------------------------------------------------

sub html_unescape {
	my ($s) = @_;
	return undef unless defined $s;
	$s =~ s/&lt;/</g;
	$s =~ s/&gt;/>/g;
	$s =~ s/&quot;/"/g;
	$s =~ s/&#0*39;/'/g;
	$s =~ s/&#x0*27;/'/gi;
	$s =~ s/&amp;/&/g;
	return $s;
}

# The <input> tag with this id, or undef.
sub input_tag {
	my ($html, $id) = @_;
	my ($tag) = ($html // '') =~ /(<input\b[^>]*\bid="\Q$id\E"[^>]*>)/;
	return $tag;
}

# The (unescaped) value of attribute NAME in TAG; undef when absent.
sub attr {
	my ($tag, $name) = @_;
	return undef unless defined $tag;
	return html_unescape($1) if $tag =~ /\s\Q$name\E="([^"]*)"/;
	return '' if $tag =~ /\s\Q$name\E(?=[\s>\/])/;
	return undef;
}

# The text of <p class="field-error" id="FIELD-error">, or undef.
sub field_error {
	my ($html, $field) = @_;
	my ($t) = ($html // '') =~
	    /<p class="field-error" id="\Q$field\E-error">(.*?)<\/p>/s;
	return html_unescape($t);
}

# The text of the page's alert box, or undef.
sub alert_text {
	my ($html) = @_;
	my ($t) = ($html // '') =~ /<div class="alert" role="alert"><p>(.*?)<\/p>/s;
	return html_unescape($t);
}

# The value of the hidden input NAME, or undef.
sub hidden_value {
	my ($html, $name) = @_;
	my ($v) = ($html // '') =~
	    /<input type="hidden" name="\Q$name\E" value="([^"]*)"/;
	return html_unescape($v);
}

# --- The database ----------------------------------------------------------------

sub sql_quote {
	my ($s) = @_;
	return 'NULL' unless defined $s;
	$s =~ s/'/''/g;
	return "'$s'";
}

# psql_as(ROLE, SQL, BIND...): runs SQL (one or more statements) in the
# test database as ROLE, unaligned and without headers (psql variables
# :'v1', :'v2'... hold BIND); the output, trimmed. Dies when psql fails.
sub psql_as {
	my ($role, $sql, @bind) = @_;
	my @v = map { ('-v', 'v' . ($_ + 1) . "=$bind[$_]") } 0 .. $#bind;
	my $host = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
	my ($fh, $file) = tempfile('eb-sql-XXXXXX', TMPDIR => 1, UNLINK => 1);
	print $fh $sql;
	close $fh;
	chmod 0644, $file;
	my $r = EB::run_cmd(60, 'psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1',
	    @v, '-h', $host, '-U', $role, '-d', $ENV{EXBUDDY_DB} // 'exbuddy',
	    '-f', $file);
	unlink $file;
	die "psql as $role failed (exit " . ($r->{exit} // 'timeout') .
	    "): $r->{err}\nSQL: $sql\n" if ($r->{exit} // -1) != 0;
	(my $out = $r->{out}) =~ s/\s+\z//;
	return $out;
}

sub psql { return psql_as('postgres', @_) }

# The id of the user with this username (any case), or ''.
sub user_id {
	my ($name) = @_;
	return psql('SELECT id FROM exbuddy.users WHERE lower(username) = lower(' .
	    sql_quote($name) . ')');
}

1;
