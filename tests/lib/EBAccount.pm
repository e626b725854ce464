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
package EBAccount;
use strict;
use warnings;
use Exporter qw(import);
use File::Temp qw(tempfile);
use HTTP::Tiny;
use EB ();

our @EXPORT = qw(new_user client unique_name strong_password psql psql_as
    sql_quote user_id set_cookies input_tag attr field_error alert_text
    html_unescape hidden_value);

my $seq = 0;

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

sub new {
	my ($class, %opt) = @_;
	my $self = bless { jar => {}, csrf => undef }, $class;
	$self->{http} = HTTP::Tiny->new(max_redirect => 0, keep_alive => 0,
	    timeout => 30, agent => $opt{agent} // 'exbuddy-e2e-account');
	return $self;
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

# request(METHOD, PATH, headers => {...}, content => ..., cookies => {...}
# (sent instead of the jar), keep_jar => 1 (do not take Set-Cookie)).
# Returns HTTP::Tiny's response hash; redirects are not followed.
sub request {
	my ($self, $method, $path, %opt) = @_;
	my %h = %{$opt{headers} // {}};
	my $jar = $opt{cookies} // $self->{jar};
	my $cookie = join '; ', map { "$_=$jar->{$_}" } sort keys %$jar;
	$h{Cookie} = $cookie if $cookie ne '' && !exists $h{Cookie};
	delete $h{Cookie} unless defined $h{Cookie};
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

# post_form(PATH, {field => value}, %opt): a urlencoded POST. Without a
# "csrf" key the token of the last page this client saw is sent (when it
# has seen none, it GETs $opt{from}, default PATH, first); a csrf key with
# the value undef sends no token at all.
sub post_form {
	my ($self, $path, $fields, %opt) = @_;
	my %f = %{$fields // {}};
	if (!exists $f{csrf}) {
		$self->get(delete $opt{from} // $path) unless defined $self->{csrf};
		$f{csrf} = $self->{csrf};
	}
	delete $f{csrf} unless defined $f{csrf};
	delete $opt{from};
	my %h = (%{$opt{headers} // {}},
	    'Content-Type' => 'application/x-www-form-urlencoded');
	return $self->request(POST => $path, %opt, headers => \%h,
	    content => $self->{http}->www_form_urlencode(\%f));
}

# The CSRF token of a fresh copy of PATH (the token is also remembered).
sub csrf_from {
	my ($self, $path) = @_;
	$self->{csrf} = undef;
	$self->get($path);
	return $self->{csrf};
}

# Logs this client in (a fresh form first); the response of the POST.
sub login {
	my ($self, $login, $password, %fields) = @_;
	$self->csrf_from('/login');
	return $self->post_form('/login', { login => $login,
	    password => $password, %fields });
}

# new_user(username => ..., email => ..., password => ...): signs up a new,
# unique user with a client of its own; the client, signed in, with
# {username, email, password, id}. Dies when the sign-up is refused.
sub new_user {
	my (%opt) = @_;
	my $self = client();
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

# psql_as(ROLE, SQL): runs SQL (one or more statements) in the test
# database as ROLE, unaligned and without headers; the output, trimmed.
# Dies when psql fails.
sub psql_as {
	my ($role, $sql) = @_;
	my $host = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
	my ($fh, $file) = tempfile('eb-sql-XXXXXX', TMPDIR => 1, UNLINK => 1);
	print $fh $sql;
	close $fh;
	chmod 0644, $file;
	my $r = EB::run_cmd(60, 'psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1',
	    '-h', $host, '-U', $role, '-d', $ENV{EXBUDDY_DB} // 'exbuddy',
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
