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
use POSIX ();
use EB ();

our @EXPORT = qw(new_user client unique_name strong_password psql psql_as
    sql_quote user_id set_cookies input_tag attr field_error alert_text
    html_unescape hidden_value track_user);
# Helpers for the workout tests, on request: use EBAccount qw(:DEFAULT :workouts).
our @EXPORT_OK = qw(multipart_encode form_fields select_options history_rows
    page_link flash_text csrf_of psql_fast set_body_weight error_summary psql_holding);
our %EXPORT_TAGS = (workouts => [@EXPORT_OK]);

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

# nginx limits POSTs to /login, /signup, /settings/password and /account/delete
# per address (EXBUDDY_AUTH_RATE, as deploy/stack uses it); they are spaced out to stay within that rate,
# so that the app's answers are tested, not nginx's 429.
my $last_auth_post = 0;
sub auth_post_gap {
	my ($n, $unit) = ($ENV{EXBUDDY_AUTH_RATE} // '30r/m') =~ m{^(\d+)r/([sm])$}
	    or return 2;
	return $n > 0 ? ($unit eq 's' ? 1 : 60) / $n : 0;
}

sub pace {
	my ($method, $path) = @_;
	return unless $method eq 'POST' && $path =~ m{^/(?:login|signup|settings/password|account/delete)(?:\?|$)};
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

# multipart_encode({field => value}, {field => [FILENAME, CONTENT, TYPE]}):
# (Content-Type header value, body) of a multipart/form-data request,
# fields then files, each in sorted order. Character strings go as UTF-8;
# byte strings as they are. TYPE defaults to text/csv.
sub multipart_encode {
	my ($fields, $files) = @_;
	my $bytes = sub {
		my $s = shift // '';
		utf8::encode($s) if utf8::is_utf8($s);
		return $s;
	};
	my $boundary = '----exbuddy-e2e-' . join('', map { ('a' .. 'z', 0 .. 9)[rand 36] } 1 .. 24);
	my $body = '';
	for my $name (sort keys %{$fields // {}}) {
		$body .= "--$boundary\r\nContent-Disposition: form-data; name=\"" .
		    $bytes->($name) . "\"\r\n\r\n" . $bytes->($fields->{$name}) . "\r\n";
	}
	for my $name (sort keys %{$files // {}}) {
		my ($filename, $content, $type) = @{$files->{$name}};
		$body .= "--$boundary\r\nContent-Disposition: form-data; name=\"" .
		    $bytes->($name) . "\"; filename=\"" . $bytes->($filename) .
		    "\"\r\nContent-Type: " . ($type // 'text/csv') . "\r\n\r\n" .
		    $bytes->($content) . "\r\n";
	}
	$body .= "--$boundary--\r\n";
	return ("multipart/form-data; boundary=$boundary", $body);
}

# post_multipart(PATH, {field => value}, {field => [FILENAME, CONTENT,
# TYPE]}, %opt): a multipart/form-data POST (an upload); %opt as for
# post_form, and the csrf field is filled in the same way (a csrf key
# with the value undef sends none).
sub post_multipart {
	my ($self, $path, $fields, $files, @rest) = @_;
	my %opt = @rest == 1 ? (from => $rest[0]) : @rest;
	my %f = %{$fields // {}};
	my $from = delete $opt{from};
	if (!exists $f{csrf}) {
		$self->get($from) if defined $from;
		$self->get($path) unless defined $self->{csrf};
		$f{csrf} = $self->{csrf};
	}
	delete $f{csrf} unless defined $f{csrf};
	my ($ctype, $body) = multipart_encode(\%f, $files);
	my %h = (%{$opt{headers} // {}}, 'Content-Type' => $ctype);
	return $self->request(POST => $path, %opt, headers => \%h,
	    content => $body);
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
	($t) = ($html // '') =~ /<div class="error-summary"[^>]*>\s*<h2[^>]*>(.*?)<\/h2>/s
	    unless defined $t;
	return html_unescape($t);
}

# The error summary's links as [target, message] pairs (target without '#').
sub error_summary {
	my ($html) = @_;
	my ($ul) = ($html // '') =~ /<div class="error-summary".*?<ul>(.*?)<\/ul>/s or return ();
	return map { [html_unescape($_->[0]), html_unescape($_->[1])] }
	    map { [/<a href="#([^"]*)">(.*?)<\/a>/s] } $ul =~ /<li>(.*?)<\/li>/gs;
}

# The value of the hidden input NAME, or undef.
sub hidden_value {
	my ($html, $name) = @_;
	my ($v) = ($html // '') =~
	    /<input type="hidden" name="\Q$name\E" value="([^"]*)"/;
	return html_unescape($v);
}

# form_fields(HTML, ACTION): the fields of the form posting to ACTION (a
# query or fragment after it allowed: "/workouts/new?log",
# "/settings#error-summary-h"), as a browser
# would send them (inputs, the selected option of each select,
# textareas), unescaped; undef when the page has no such form. A form
# with method=post is preferred when more than one has that action.
sub form_fields {
	my ($html, $action) = @_;
	my @forms;
	while (($html // '') =~ m{<form\b([^>]*)>(.*?)</form>}gs) {
		my ($tag, $body) = ($1, $2);
		push @forms, [$tag, $body] if $tag =~ /\baction="\Q$action\E(?:[?#][^"]*)?"/;
	}
	# The form that posts (a page may also have a search form to the same place).
	my ($pick) = (grep({ $_->[0] =~ /\bmethod="post"/i } @forms), @forms);
	return undef unless $pick;
	my $form = $pick->[1];
	my %f;
	for my $tag ($form =~ /(<input\b[^>]*>)/g) {
		my $name = attr($tag, 'name') // next;
		my $type = attr($tag, 'type') // 'text';
		next if $type =~ /^(?:checkbox|radio)$/ && !defined attr($tag, 'checked');
		$f{$name} = attr($tag, 'value') // '';
	}
	while ($form =~ m{<select\b([^>]*)>(.*?)</select>}gs) {
		my ($sel, $opts) = ($1, $2);
		my ($name) = $sel =~ /\bname="([^"]+)"/ or next;
		my ($chosen) = $opts =~ /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected/;
		$f{$name} = defined $chosen ? html_unescape($chosen) : '';
	}
	while ($form =~ m{<textarea\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</textarea>}gs) {
		$f{$1} = html_unescape($2);
	}
	return \%f;
}

# select_options(HTML, ID): the values of the options of <select id=ID>, in
# order (the empty "Choose…" option included), and the selected value.
sub select_options {
	my ($html, $id) = @_;
	my ($sel) = ($html // '') =~ m{<select\b[^>]*\bid="\Q$id\E"[^>]*>(.*?)</select>}s
	    or return ([], undef);
	my @v = map { html_unescape($_) } $sel =~ /<option\b[^>]*\bvalue="([^"]*)"/g;
	my ($chosen) = $sel =~ /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected/;
	return (\@v, html_unescape($chosen));
}

# history_rows(HTML): the rows of the /workouts table, newest first, as
# {id, iso, when, exercise, sets (in words), reps, duration, calories,
# estimated, note}.
sub history_rows {
	my ($html) = @_;
	my ($tbody) = ($html // '') =~ m{<tbody>(.*?)</tbody>}s or return ();
	my @rows;
	my $td = qr{<td(?: class="[^"]*")?(?: data-label="[^"]*")?>};
	my $re = qr{<tr>\s*$td<time datetime="([^"]*)">(.*?)</time></td>\s*$td(.*?)</td>\s*$td(.*?)</td>\s*}s;
	$re = qr{$re$td(.*?)</td>\s*$td(.*?)</td>\s*}s;
	$re = qr{$re$td(.*?)</td>\s*$td(.*?)</td>\s*$td<a (?:class="[^"]*" )?href="/workouts/([^/"]+)/edit">}s;
	while ($tbody =~ /$re/g) {
		my %r = (iso => $1, when => $2, exercise => html_unescape($3),
		    sets => html_unescape($4), reps => $5, duration => $6,
		    calories => $7, note => html_unescape($8), id => $9);
		$r{calories} =~ s{^<span>(.*)</span>$}{$1}s;
		$r{estimated} = $r{calories} =~ s{\s*<abbr title="estimated">est\.</abbr>}{} ? 1 : 0;
		push @rows, \%r;
	}
	return @rows;
}

# The href of the paging link with rel=REL ("next" is Older, "prev"
# Newer) on a history page, unescaped; undef when there is none.
sub page_link {
	my ($html, $rel) = @_;
	my ($href) = ($html // '') =~ /<a href="([^"]*)" rel="\Q$rel\E">/;
	return html_unescape($href);
}

# The one-time message (flash) a page shows, or undef.
sub flash_text {
	my ($html) = @_;
	my ($t) = ($html // '') =~ m{<p class="notice" role="status">(.*?)</p>}s;
	return html_unescape($t);
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

# set_body_weight(ID, KG): the user's body weight log becomes one entry of
# KG on 2000-01-01 (it counts for every workout); KG undef empties the log.
sub set_body_weight {
	my ($id, $kg) = @_;
	my $uid = sql_quote($id);
	psql_fast("DELETE FROM exbuddy.body_weights WHERE user_id = $uid"
	    . (defined $kg ? "; INSERT INTO exbuddy.body_weights (user_id, day, weight_kg) "
	    . "VALUES ($uid, '2000-01-01', " . (0 + $kg) . ")" : ''));
}

# psql_holding(SQL): another session runs SQL (which takes a lock) and
# then sleeps up to 60 s holding it, as a long request would. Returns once
# the lock is taken: a sub that ends that session (the lock released).
sub psql_holding {
	my ($sql) = @_;
	my $tag = 'holding_' . int(rand(1e9));
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		open(STDOUT, '>', '/dev/null');
		exec('psql', '-X', '-q', '-h', EB::env_or_skip('EXBUDDY_TEST_PGHOST'), '-U', 'postgres',
		    '-d', $ENV{EXBUDDY_DB} // 'exbuddy', '-c', "BEGIN; $sql; SELECT '$tag', pg_sleep(60); COMMIT;")
		    or POSIX::_exit(127);
	}
	my $mine = "query LIKE '%''$tag''%' AND pid <> pg_backend_pid()";
	for (1 .. 100) {
		last if psql_fast("SELECT count(*) FROM pg_stat_activity WHERE $mine AND state = 'active'") > 0;
		Time::HiRes::sleep(0.05);
	}
	return sub {
		kill 'TERM', $pid;
		waitpid($pid, 0);
		psql_fast("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE $mine");
	};
}

# psql_fast(SQL): psql(SQL) without the temporary file and the 0.1 s
# polling of EB::run_cmd, for tests that ask many small questions. As
# postgres, no bind variables; dies when psql fails or takes over 60 s.
sub psql_fast {
	my ($sql) = @_;
	my $host = EB::env_or_skip('EXBUDDY_TEST_PGHOST');
	my ($out, $err) = ('', '');
	my ($efh, $efile) = tempfile('eb-err-XXXXXX', TMPDIR => 1, UNLINK => 1);
	my $pid = open(my $fh, '-|') // die "fork: $!";
	if ($pid == 0) {
		open(STDIN, '<', '/dev/null');
		open(STDERR, '>&', $efh);
		exec('psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', $host,
		    '-U', 'postgres', '-d', $ENV{EXBUDDY_DB} // 'exbuddy', '-c', $sql)
		    or POSIX::_exit(127);
	}
	eval {
		local $SIG{ALRM} = sub { die "timeout\n" };
		alarm 60;
		local $/;
		$out = <$fh> // '';
		alarm 0;
	};
	if ($@) {
		kill 'KILL', $pid;
		close $fh;
		unlink $efile;
		die "psql timed out\nSQL: $sql\n";
	}
	close $fh;
	my $rc = $?;
	$err = EB::slurp($efile) // '';
	unlink $efile;
	die "psql failed (status $rc): $err\nSQL: $sql\n" if $rc != 0;
	$out =~ s/\s+\z//;
	return $out;
}

# The id of the user with this username (any case), or ''.
sub user_id {
	my ($name) = @_;
	return psql('SELECT id FROM exbuddy.users WHERE lower(username) = lower(' .
	    sql_quote($name) . ')');
}

# --- Statistics pages (tests 50–54): fixtures, tables, SVG ----------------------
#
#   use EBAccount qw(:DEFAULT :stats);
#   add_workouts($uid, [SLUG, AT, REPS, SECONDS, KCAL], ...);   # as postgres
#   my @days = week_table($html);      # the /week table, one string a row
#   my ($rows, $foot) = totals_table($html);
#   svg_wellformed_ok($_, 'name') for svg_blocks($html);
#
# Pages are read as characters: decode_page($res) (UTF-8), so that "—" and
# "−" in expected values compare as written in a test with `use utf8`.

push @EXPORT_OK, qw(add_workouts decode_page svg_blocks svg_narrow heat_cells
    svg_wellformed_ok svg_bars svg_axis week_table totals_table set_zone
    local_today table_rows chart_free_ok cards_ok stats_summary stats_records);
$EXPORT_TAGS{stats} = [qw(add_workouts decode_page svg_blocks svg_narrow
    heat_cells svg_wellformed_ok svg_bars svg_axis week_table totals_table set_zone
    local_today table_rows chart_free_ok cards_ok stats_summary
    stats_records psql_fast flash_text form_fields csrf_of)];

# add_workouts(USER_ID, ROWS, tz => ZONE): inserts workouts as postgres in
# one statement; each row is [SLUG, AT, REPS, SECONDS, KCAL]. AT is a
# timestamptz literal ('2026-07-02 03:30+00'), or SQL when it starts with
# '=' ('=current_date - 1 + time \'12:00\''), evaluated with TimeZone ZONE
# (default UTC); KCAL undef is NULL. Returns the number of rows inserted.
sub add_workouts {
	my ($uid, $rows, %opt) = @_;
	return 0 unless @$rows;
	my @v;
	for my $r (@$rows) {
		my ($slug, $at, $reps, $secs, $kcal) = @$r;
		my $when = $at =~ /^=(.*)$/s ? "($1)::timestamptz" :
		    sql_quote($at) . '::timestamptz';
		push @v, sprintf('(%s, %s, %d, %d, %s::numeric)', sql_quote($slug),
		    $when, $reps // 0, $secs // 0, defined $kcal ? sql_quote($kcal) :
		    'NULL');
	}
	my $n = psql_fast('SET TimeZone = ' . sql_quote($opt{tz} // 'UTC') .
	    '; WITH v(slug, at, reps, secs, kcal) AS (VALUES ' . join(', ', @v) .
	    '), ins AS (INSERT INTO exbuddy.workouts (user_id, exercise_type_id, ' .
	    'performed_at, reps, duration_seconds, calories) SELECT ' .
	    sql_quote($uid) . ', e.id, v.at, v.reps, v.secs, v.kcal FROM v ' .
	    'JOIN exbuddy.exercise_types e ON e.slug = v.slug RETURNING 1) ' .
	    'SELECT count(*) FROM ins');
	die "add_workouts: $n of " . scalar(@$rows) . " rows inserted (a slug " .
	    "that is not in the library?)\n" if $n != @$rows;
	return $n;
}

# set_zone(USER_ID, ZONE [, WEEK_START]): the user's time zone and first
# day of the week (0 Sunday, 1 Monday), straight into the database.
sub set_zone {
	my ($uid, $tz, $ws) = @_;
	psql_fast('UPDATE exbuddy.users SET timezone = ' . sql_quote($tz) .
	    (defined $ws ? ", week_start = " . ($ws ? 1 : 0) : '') .
	    ' WHERE id = ' . sql_quote($uid));
}

# local_today(ZONE [, DAYS]): the date (YYYY-MM-DD) today in ZONE, or DAYS
# (may be negative) after it, by the database's clock.
sub local_today {
	my ($tz, $days) = @_;
	return psql_fast('SET TimeZone = ' . sql_quote($tz) . '; SELECT ' .
	    "to_char(current_date + " . int($days // 0) . ", 'YYYY-MM-DD')");
}

# The response's content as characters (it is UTF-8).
sub decode_page {
	my ($res) = @_;
	require Encode;
	return Encode::decode('UTF-8', ref $res ? $res->{content} // '' : $res // '');
}

# The text of a data: URI of an SVG (percent-encoded), or undef.
sub data_svg {
	my ($uri) = @_;
	my ($svg) = ($uri // '') =~ m{^data:image/svg\+xml,(.*)$}s or return;
	$svg =~ s/%([0-9A-Fa-f]{2})/chr(hex $1)/ge;
	require Encode;
	return Encode::decode('UTF-8', $svg);
}

# Every chart of a page, in order, as SVG text: an inline <svg …>…</svg>,
# or the SVG of an <img src="data:image/svg+xml,…"> (a chart drawn as an
# image, as cgi/chart.c does). The narrow variants (svg_narrow) left out.
sub svg_blocks {
	my ($html) = @_;
	my @svg;
	while (($html // '') =~ m{(<svg\b.*?</svg>)|<img\b[^>]*\ssrc="(data:image/svg\+xml,[^"]*)"}gs) {
		push @svg, defined $1 ? $1 : data_svg($2);
	}
	return @svg;
}

# The SVGs of a page's <source srcset="data:…">: a chart's drawing for
# narrow screens (the year heatmap's bands).
sub svg_narrow {
	my ($html) = @_;
	return map { data_svg($_) } ($html // '') =~ m{<source\b[^>]*\ssrcset="(data:image/svg\+xml,[^"]*)"}gs;
}

# heat_cells(SVG, FIRST): the squares of a heatmap drawn in one row of
# weeks (a <path class="heat-N"> per shade, a square "Mx,yh11" from its
# top left corner per day), in day order from FIRST (YYYY-MM-DD) as
# {class, day}.
sub heat_cells {
	my ($svg, $first) = @_;
	my @sq;
	while (($svg // '') =~ m{<path class="(heat-\d)" d="([^"]*)"}g) {
		my $class = $1;
		push @sq, map { [$class, @$_] } map { [split /,/] } $2 =~ /M(\d+,\d+)h/g;
	}
	return () unless @sq;
	my ($x0) = sort { $a <=> $b } map { $_->[1] } @sq;
	my ($y0) = sort { $a <=> $b } map { $_->[2] } @sq;
	my ($y, $m, $d) = split /-/, $first;
	my $t0 = POSIX::mktime(0, 0, 12, $d, $m - 1, $y - 1900);
	my @cells;
	for my $s (@sq) {
		my $i = 7 * int(($s->[1] - $x0) / 13 + 0.5) + int(($s->[2] - $y0) / 13 + 0.5);
		my @t = localtime($t0 + 86400 * $i);	# noon: DST shifts stay in the day
		$cells[$i] = { class => $s->[0], day => POSIX::strftime('%Y-%m-%d', @t) };
	}
	return @cells;
}

# svg_wellformed_ok(SVG, NAME): xmllint --noout parses it without an error.
sub svg_wellformed_ok {
	my ($svg, $name) = @_;
	my ($fh, $file) = tempfile('eb-svg-XXXXXX', SUFFIX => '.svg', TMPDIR => 1,
	    UNLINK => 1);
	binmode $fh, ':encoding(UTF-8)';
	print $fh '<?xml version="1.0" encoding="UTF-8"?>', "\n", $svg;
	close $fh;
	my $r = EB::run_cmd(30, 'xmllint', '--noout', $file);
	unlink $file;
	my $ok = Test::More::ok(defined $r->{exit} && $r->{exit} == 0 &&
	    defined $svg && $svg =~ /^<svg\b/, "$name: the SVG is well-formed XML");
	Test::More::diag("xmllint on $name: $r->{err}") unless $ok;
	return $ok;
}

# svg_bars(SVG, CLASS_RE): the segments of a bar chart's paths whose class
# matches CLASS_RE (e.g. qr/ex-\d+/), path by path, each "Mx,yhWvHh-Wz", as
# {class, x, y, w, h, value, per_px, label, at}: value is h read on the y
# axis (per_px, a pixel's worth: svg_axis; h is drawn to a tenth of a pixel),
# label the text centred under the bar (a sublabel after a space) and at its
# place among the labels, left to right; both undef where none is.
# svg_axis(SVG): a chart's y axis as (a sub giving the number at a height
# y, a pixel's worth), from its lowest and highest tick labels (their
# numbers and heights); () without two.
sub svg_axis {
	my ($svg) = @_;
	my @t;
	while (($svg // '') =~ m{<text class="chart-label end cen" x="[^"]*" y="([^"]+)">([^<]*)</text>}g) {
		my ($y, $v) = ($1, $2);
		$v =~ s/,//g;
		push @t, [$y, $v];
	}
	@t = sort { $a->[1] <=> $b->[1] } @t;
	return () if @t < 2 || $t[0][0] == $t[-1][0];
	my ($y0, $v0) = @{$t[0]};
	my $per_px = ($t[-1][1] - $v0) / ($y0 - $t[-1][0]);
	return (sub { $v0 + ($y0 - $_[0]) * $per_px }, $per_px);
}

sub svg_bars {
	my ($svg, $re) = @_;
	$svg //= '';
	my (undef, $per_px) = svg_axis($svg);
	my @labels;
	while ($svg =~ m{<text class="chart-label mid hang" x="([^"]*)" y="[^"]*"(?: dy="[^"]*")?>(.*?)</text>}g) {
		my ($x, $text) = ($1, $2);
		push @labels, [$x, html_unescape(($text =~ s/<tspan[^>]*>/ /r) =~ s/<[^>]*>//gr)];
	}
	@labels = sort { $a->[0] <=> $b->[0] } @labels;
	my @r;
	while ($svg =~ m{<path class="([^"]*)" d="([^"]*)"/>}g) {
		my ($class, $d) = ($1, $2);
		next unless $class =~ /^(?:$re)$/;
		while ($d =~ /M([\d.]+),([\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+z/g) {
			my %bar = (class => $class, x => $1, y => $2, w => $3, h => $4);
			@bar{qw(per_px value)} = ($per_px, $bar{h} * $per_px) if defined $per_px;
			for my $i (0 .. $#labels) {
				next if abs($labels[$i][0] - ($bar{x} + $bar{w} / 2)) > 0.2;
				@bar{qw(label at)} = ($labels[$i][1], $i);
			}
			push @r, \%bar;
		}
	}
	return @r;
}

# chart_free_ok(SVG, NAME): colours come from CSS classes only (no fill,
# stroke or style attributes), so dark mode (the SVG's own style sheet)
# can restyle them.
sub chart_free_ok {
	my ($svg, $name) = @_;
	my @bad = ($svg // '') =~ /(\s(?:fill|stroke|style|color)="[^"]*")/g;
	my $ok = Test::More::ok(!@bad, "$name: no colours written into the SVG");
	Test::More::diag("$name: @bad") unless $ok;
	return $ok;
}

# cards_ok(HTML, NAME): every table of more than two columns is of class
# "cards" (a card per row on a phone, style.css) and every cell with a
# value names its column in data-label; cells of links only (actions),
# spanning columns or empty need none. No scrolling wrapper (.table-wrap)
# is left around them.
sub cards_ok {
	my ($html, $name) = @_;
	my @bad;
	for my $t (($html // '') =~ m{(<table\b.*?</table>)}gs) {
		my ($head) = $t =~ m{<thead>(.*?)</thead>}s;
		next if (() = ($head // '') =~ /<th\b/g) <= 2;	# fits a phone as it is
		my ($class) = $t =~ /^<table class="([^"]*)"/;
		push @bad, 'a table without class "cards"' unless ($class // '') =~ /\bcards\b/;
		while ($t =~ m{<td\b([^>]*)>(.*?)</td>}gs) {
			my ($attr, $v) = ($1, $2);
			next if $attr =~ /\b(?:data-label|colspan)=/ || $v =~ /^\s*$/ ||
			    $v =~ /^(?:\s*<a\b[^>]*>[^<]*<\/a>)+\s*$/;
			push @bad, "a cell without data-label: <td$attr>" . substr($v, 0, 40);
		}
	}
	push @bad, 'a .table-wrap' if ($html // '') =~ /class="table-wrap"/;
	my $ok = Test::More::ok(!@bad, "$name: its tables become cards on a phone");
	Test::More::diag("$name: $_") for @bad[0 .. ($#bad < 4 ? $#bad : 4)];
	return $ok;
}

# table_rows(HTML, CAPTION_RE): the body rows of the first table whose
# caption matches, each a list of its cells' text (tags removed, entities
# unescaped, spaces trimmed); and the footer rows the same way.
sub table_rows {
	my ($html, $cap) = @_;
	while (($html // '') =~ m{<table\b[^>]*>\s*<caption>(.*?)</caption>(.*?)</table>}gs) {
		my ($c, $t) = ($1, $2);
		next unless $c =~ $cap;
		my $cells = sub {
			my ($part) = @_;
			my @rows;
			while (($part // '') =~ m{<tr>(.*?)</tr>}gs) {
				my $tr = $1;
				my @c;
				while ($tr =~ m{<t[hd]\b[^>]*>(.*?)</t[hd]>}gs) {
					(my $x = $1) =~ s/<[^>]*>//g;
					$x = html_unescape($x);
					$x =~ s/^\s+|\s+$//g;
					$x =~ s/\s+/ /g;
					push @c, $x;
				}
				push @rows, \@c;
			}
			return \@rows;
		};
		my ($body) = $t =~ m{<tbody>(.*?)</tbody>}s;
		my ($foot) = $t =~ m{<tfoot>(.*?)</tfoot>}s;
		return ($cells->($body), $cells->($foot));
	}
	return;
}

# week_table(HTML): the rows of the week page's table "Workouts per day and
# exercise" as strings "DAY|EXERCISE|WORKOUTS|REPS|TIME|KCAL" (the day
# repeated on its second and later rows), or "DAY|Rest day".
sub week_table {
	my ($html) = @_;
	my ($rows) = table_rows($html, qr/^Workouts per day and exercise$/) or return;
	my ($day, @out) = ('');
	for my $r (@$rows) {
		$day = $r->[0] if $r->[0] ne '';
		push @out, join '|', $day, @$r[1 .. $#$r];
	}
	return @out;
}

# totals_table(HTML): the table "Per exercise: this week against the week
# before": (rows as {name, colour, workouts, this, before, change, goal
# (the cell's text), meter (the <meter> tag or undef)}, and the footer as
# {workouts, kcal, prev_kcal, change}).
sub totals_table {
	my ($html) = @_;
	my ($t) = ($html // '') =~ m{(<table class="totals[^"]*">.*?</table>)}s or return;
	my ($rows, $foot) = table_rows($t, qr/^Per exercise/);
	my @tags = $t =~ m{<tbody>(.*?)</tbody>}s;
	my @tr = ($tags[0] // '') =~ m{<tr>(.*?)</tr>}gs;
	my @out;
	for my $i (0 .. $#$rows) {
		my $r = $rows->[$i];
		my ($colour) = ($tr[$i] // '') =~ /<span class="swatch (ex-\d+)"/;
		my ($meter) = ($tr[$i] // '') =~ /(<meter\b[^>]*>)/;
		push @out, { name => $r->[0], colour => $colour, workouts => $r->[1],
		    this => $r->[2], before => $r->[3], change => $r->[4],
		    goal => $r->[5], meter => $meter };
	}
	# The footer: "All", the workouts, "X kcal this week, Y kcal the week
	# before (change)".
	my $f = $foot->[0] // [];
	my ($kcal, $prev, $change) = ($f->[2] // '') =~
	    /^(.*? kcal) this week, (.*? kcal) the week before \((.*)\)$/;
	return (\@out, { workouts => $f->[1], kcal => $kcal,
	    prev_kcal => $prev, change => $change });
}


# stats_summary(HTML): the "All time" list of /stats as {term => text}
# ("Workouts" => 12, "Current streak" => "3 days", ...).
sub stats_summary {
	my ($html) = @_;
	my ($dl) = ($html // '') =~ m{<dl class="summary">(.*?)</dl>}s or return {};
	my %h;
	while ($dl =~ m{<dt>(.*?)</dt><dd>(.*?)</dd>}gs) {
		my ($k, $v) = ($1, $2);
		$v =~ s/<[^>]*>//g;
		$h{html_unescape($k)} = html_unescape($v);
	}
	return \%h;
}

# stats_records(HTML): the rows of the per-exercise table of /stats, in
# order, as strings "NAME|WORKOUTS|REPS|TIME|AVERAGE|MOST IN A WORKOUT|MOST
# IN A DAY|LONGEST|BEST WEEK" ("Push-up|5|140||28.0 reps|40 (2024-03-06)|…").
sub stats_records {
	my ($html) = @_;
	my ($rows) = table_rows($html, qr/^Totals, average per workout/) or return;
	return map { join '|', @$_ } @$rows;
}

1;
