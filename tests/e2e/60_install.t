# 60_install.t — a real server's install (DEPLOY.md), on a throwaway tree:
# `make install DESTDIR=…`, the steps of DEPLOY.md on it (the site's name,
# exbuddy.conf pointed at a database), then the installed program started
# as exbuddy.socket and exbuddy.service would start it (a socket passed by
# systemd-socket-activate, the system user exbuddy, --config) behind the
# installed production nginx site. What only a real machine has is moved:
# the ports to private ones, the certificate to a self-signed one, /usr/local,
# /run and /var/log into the tree. The fixture is made once, at the top;
# the behaviours read it.
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use IO::Socket::INET;
use POSIX ();
use Test::More;
use EB;

my $top = $ENV{EXBUDDY_TEST_TOP};
my $var = $ENV{EXBUDDY_TEST_VAR};
my $pghost = $ENV{EXBUDDY_TEST_PGHOST};
plan skip_all => 'EXBUDDY_TEST_TOP, _VAR and _PGHOST are needed (run through tests/run)'
    unless $top && $var && $pghost;
plan skip_all => 'needs root (nginx as www-data, exbuddy as exbuddy)' if $> != 0;

my $root = "$var/install-$$";		# DESTDIR
my $usr = "$root/usr/local";
my $share = "$usr/share/exbuddy";
my $conf = "$root/etc/exbuddy/exbuddy.conf";
my $site = "$root/etc/nginx/sites-available/exbuddy";
my $name = 'exbuddy.test';		# the site's name, as DEPLOY.md sets it
my $db = "exbuddy_inst_$$";
my ($http_port, $https_port) = (free_port(), free_port());
my ($app_pid, %made);

sub free_port {
	my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
	    LocalPort => 0, Proto => 'tcp') or die "no free port: $!";
	return $s->sockport;
}

# edit(FILE, CODE): FILE's text changed by CODE (working on $_).
sub edit {
	my ($file, $code) = @_;
	local $_ = slurp($file) // die "edit: no $file";
	$code->();
	open my $fh, '>', $file or die "edit: $file: $!";
	print $fh $_;
	close $fh or die "edit: $file: $!";
}

# edit_new(FILE, TEXT): FILE written anew with TEXT.
sub edit_new {
	my ($file, $text) = @_;
	open my $fh, '>', $file or die "edit_new: $file: $!";
	print $fh $text;
	close $fh or die "edit_new: $file: $!";
}

sub ok_cmd {
	my ($seconds, $what, @cmd) = @_;
	my $r = run_cmd($seconds, @cmd);
	die "$what failed: $r->{err}$r->{out}" if ($r->{exit} // -1) != 0;
	return $r->{out};
}

sub psql_admin {
	my ($dbname, $sql) = @_;
	return run_cmd(30, 'psql', '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1',
	    '-h', $pghost, '-U', 'postgres', '-d', $dbname, '-c', $sql);
}

sub stop_all {
	if (-f "$root/nginx.pid") {
		my $pid = (slurp("$root/nginx.pid") // '') =~ s/\s+//gr;
		kill 'QUIT', $pid if $pid;
		wait_until(sub { !kill 0, $pid }, 10) if $pid;
	}
	if ($app_pid) {
		kill 'TERM', $app_pid;
		wait_until(sub { waitpid($app_pid, POSIX::WNOHANG()) != 0 }, 40) or kill 'KILL', $app_pid;
		undef $app_pid;
	}
	psql_admin('postgres', qq{DROP DATABASE IF EXISTS "$db" WITH (FORCE)})
	    if $made{db};
}

END {
	local $?;
	stop_all();
	remove_tree($root) if $root && -d $root && !$ENV{EXBUDDY_KEEP_INSTALL};
}

# --- The fixture: install, configure, start. -----------------------------

sub install_and_start {
	ok_cmd(120, 'make install', 'make', '-s', '-C', $top, 'install', "DESTDIR=$root");

	# DEPLOY.md's steps: the site's name; the database (here a scratch one
	# of the test stack, whose pg_ident.conf maps root to postgres and the
	# user exbuddy to exbuddy_app, as DEPLOY.md's does).
	edit($site, sub { s/exbuddy\.example\.org/$name/g });
	edit($conf, sub {
		s{host=/var/run/postgresql dbname=exbuddy}{host=$pghost dbname=$db}g;
		s{=/usr/local/}{=$usr/}g;
	});

	# Only a real machine has these: private ports, a self-signed
	# certificate, the tree's own /usr/local, /run, logs and webroot.
	make_path("$root/cert", "$root/log", "$root/acme", "$root/run/exbuddy",
	    map { "$root/nginx/$_" } qw(body fastcgi proxy uwsgi scgi));
	ok_cmd(60, 'openssl', 'openssl', 'req', '-x509', '-newkey', 'rsa:2048',
	    '-nodes', '-keyout', "$root/cert/privkey.pem", '-out',
	    "$root/cert/fullchain.pem", '-days', '2', '-subj', "/CN=$name");
	edit($site, sub {
		s/^\s*listen \[::\].*\n//mg;
		s/listen 80;/listen 127.0.0.1:$http_port;/ or die 'no listen 80';
		s/listen 443 ssl http2;/listen 127.0.0.1:$https_port ssl http2;/
		    or die 'no listen 443';
		s{/etc/letsencrypt/live/$name/}{$root/cert/}g;
		s{/var/log/nginx/}{$root/log/}g;
		s{/var/www/html}{$root/acme}g;
		s{/usr/local/}{$usr/}g;
	});
	edit("$share/nginx/server.conf", sub { s{/usr/local/}{$usr/}g });
	edit("$share/nginx/http.conf", sub { s{/run/exbuddy/}{$root/run/exbuddy/}g });
	# nginx.conf as Debian's, which includes the site in its http block.
	open my $fh, '>', "$root/nginx.conf" or die;
	print $fh <<"EOF";
user www-data;
worker_processes 1;
pid $root/nginx.pid;
error_log $root/log/nginx-error.log warn;
events { worker_connections 256; }
http {
	sendfile on;
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
	ssl_prefer_server_ciphers on;
	access_log $root/log/access.log;
	gzip on;
	client_body_temp_path $root/nginx/body;
	fastcgi_temp_path $root/nginx/fastcgi;
	proxy_temp_path $root/nginx/proxy;
	uwsgi_temp_path $root/nginx/uwsgi;
	scgi_temp_path $root/nginx/scgi;
	include $site;
}
EOF
	close $fh;
	# nginx's workers and exbuddy read the tree.
	ok_cmd(30, 'chmod', 'chmod', '-R', 'a+rX', $root);
	ok_cmd(30, 'chown', 'chown', 'www-data', map { "$root/nginx/$_" }
	    qw(body fastcgi proxy uwsgi scgi));

	my $r = psql_admin('postgres', qq{CREATE DATABASE "$db"});
	die "create database: $r->{err}" if $r->{exit} // -1;
	$made{db} = 1;
	# exbuddy.service's ExecStartPre, as root.
	ok_cmd(120, 'migrate up', "$usr/bin/exbuddy", 'migrate', 'up',
	    '--config', $conf);

	# exbuddy.service: the socket exbuddy.socket makes (nginx's group,
	# 0660), the user exbuddy, the settings of exbuddy.conf (and no
	# EXBUDDY_* of the test harness's environment).
	my $sock = "$root/run/exbuddy/exbuddy.sock";
	$app_pid = fork // die "fork: $!";
	if ($app_pid == 0) {
		delete $ENV{$_} for grep { /^EXBUDDY_/ } keys %ENV;
		open STDIN, '<', '/dev/null';
		open STDOUT, '>>', "$root/log/exbuddy.log";
		open STDERR, '>&', \*STDOUT;
		setpgrp(0, 0);
		exec('systemd-socket-activate', '-l', $sock, 'setpriv',
		    '--reuid=exbuddy', '--regid=exbuddy', '--clear-groups', '--',
		    "$usr/bin/exbuddy", 'serve', '--config', $conf) or POSIX::_exit(127);
	}
	wait_until(sub { -S $sock }, 10) or die 'no socket from systemd-socket-activate';
	ok_cmd(10, 'chgrp', 'chgrp', 'www-data', $sock);
	chmod 0660, $sock or die "chmod $sock: $!";

	ok_cmd(30, 'nginx -t', 'nginx', '-t', '-q', '-p', "$root/nginx", '-e',
	    "$root/log/nginx-error.log", '-c', "$root/nginx.conf");
	ok_cmd(30, 'nginx', 'nginx', '-p', "$root/nginx", '-e',
	    "$root/log/nginx-error.log", '-c', "$root/nginx.conf");
	wait_until(sub { (curl('/healthz'))[0] eq '200' }, 20)
	    or die "the installed site does not answer: "
	    . (slurp("$root/log/exbuddy.log") // '')
	    . (slurp("$root/log/nginx-error.log") // '');
}

# curl(PATH, ARGS...): (status, headers, body) over HTTPS to the site's
# name (its port resolved to 127.0.0.1); "http:" before PATH for plain HTTP.
my $jar_n = 0;
sub curl {
	my ($path, @args) = @_;
	my $url = $path =~ s/^http:// ? "http://$name:$http_port$path"
	    : "https://$name:$https_port$path";
	my $o = "$root/curl-body";
	my $r = run_cmd(20, 'curl', '-sk', '--resolve', "$name:$http_port:127.0.0.1",
	    '--resolve', "$name:$https_port:127.0.0.1", '-o', $o, '-D',
	    "$root/curl-head", '-w', '%{http_code}', @args, $url);
	return ($r->{out} // '', slurp("$root/curl-head") // '', slurp($o) // '');
}

my $fixture = eval { install_and_start(); 1 };
diag("the fixture failed: $@") unless $fixture;
ok($fixture, 'installed with make install DESTDIR, configured and started')
    or done_testing(), exit;

# --- Behaviours. ------------------------------------------------------------

behaviour('make install puts the program, its files, units and settings in FHS places', sub {
	ok(-x "$usr/bin/exbuddy", 'the program in bin/');
	for (qw(templates/layout.tmpl static/style.css sql/001_init.sql
	    nginx/http.conf nginx/server.conf nginx/fastcgi.conf
	    nginx/security-headers.conf)) {
		ok(-f "$share/$_", "share/exbuddy/$_");
	}
	for (qw(exbuddy.socket exbuddy.service exbuddy-backup.service
	    exbuddy-backup.timer)) {
		ok(-f "$usr/lib/systemd/system/$_", "unit $_");
	}
	for (qw(nginx.service.d postgresql@.service.d pgbouncer.service.d)) {
		like(slurp("$usr/lib/systemd/system/$_/exbuddy.conf") // '',
		    qr/^CPUSchedulingPolicy=batch$/m, "drop-in $_/exbuddy.conf: SCHED_BATCH");
	}
	like(slurp("$usr/lib/systemd/system/exbuddy.service"),
	    qr/^CPUSchedulingPolicy=batch$/m, 'exbuddy.service: SCHED_BATCH');
	ok(-f "$usr/share/doc/exbuddy/DEPLOY.md", 'DEPLOY.md among the documents');
	ok(-f "$root/etc/postgresql/15/main/conf.d/exbuddy.conf",
	    "PostgreSQL's settings in its conf.d");
	my $layout = slurp("$share/templates/layout.tmpl");
	like($layout, qr{href="/static/style\.css\?v=[0-9a-f]{12}"},
	    "the layout links the stylesheet by a versioned address");
	like(run_cmd(10, "$usr/bin/exbuddy", 'check', '--config', $conf)->{out},
	    qr/templates ok/, 'the installed templates parse');
});

behaviour('the installed settings log only problems: pages answered 200 leave no line', sub {
	like(slurp($conf) // '', qr/^EXBUDDY_REQUEST_LOG=problems$/m,
	    'exbuddy.conf sets EXBUDDY_REQUEST_LOG=problems');
	my ($st) = curl('/healthz');
	is($st, '200', 'the site answers /healthz');
	my $log = slurp("$root/log/exbuddy.log") // '';
	like($log, qr/serving on/, 'exbuddy logged its start');
	# The wait for the site at start asked /healthz until it answered.
	unlike($log, qr/ GET \/healthz 200 /, 'no line for the requests answered 200');
});

behaviour('make uninstall takes away what make install put, keeping a changed setting', sub {
	my $d = "$var/uninstall-$$";
	ok_cmd(120, 'make install', 'make', '-s', '-C', $top, 'install', "DESTDIR=$d");
	edit("$d/etc/exbuddy/exbuddy.conf", sub { $_ .= "EXBUDDY_WORKERS=3\n" });
	my $out = ok_cmd(60, 'make uninstall', 'make', '-s', '-C', $top,
	    'uninstall', "DESTDIR=$d");
	like($out, qr{kept \S*/etc/exbuddy/exbuddy\.conf}, 'it says it kept the changed exbuddy.conf');
	my @left = grep { -f } split /\n/, ok_cmd(10, 'find', 'find', $d, '-type', 'f');
	is_deeply(\@left, ["$d/etc/exbuddy/exbuddy.conf"], 'only the changed setting is left');
	remove_tree($d);
});

behaviour('systemd-analyze verify accepts the installed units and drop-ins', sub {
	# The units name /usr/local/bin/exbuddy; verify checks that it runs,
	# so a copy names the tree's.
	my $d = "$root/units-verify";
	make_path($d);
	for my $u (qw(exbuddy.socket exbuddy.service exbuddy-backup.service
	    exbuddy-backup.timer)) {
		my $text = slurp("$usr/lib/systemd/system/$u") =~ s{/usr/local/}{$usr/}gr;
		open my $fh, '>', "$d/$u" or die;
		print $fh $text;
		close $fh;
	}
	# Each drop-in on a unit of its own (nginx, PostgreSQL and PgBouncer
	# may not be installed): verify reads a unit's NAME.d beside it.
	my @dropins;
	for my $u (qw(nginx.service postgresql@.service pgbouncer.service)) {
		my $name = 'exbuddy-dropin-' . ($u =~ s/\W.*//r) . '.service';
		make_path("$d/$name.d");
		edit_new("$d/$name", "[Unit]\nDescription=${u}'s drop-in\n[Service]\nExecStart=/bin/true\n");
		edit_new("$d/$name.d/exbuddy.conf",
		    slurp("$usr/lib/systemd/system/$u.d/exbuddy.conf") // die "no drop-in $u.d");
		push @dropins, $name;
	}
	my $r = run_cmd(60, 'systemd-analyze', 'verify', map { "$d/$_" }
	    qw(exbuddy.socket exbuddy.service exbuddy-backup.service exbuddy-backup.timer),
	    @dropins);
	is($r->{exit}, 0, 'systemd-analyze verify: no error') or diag($r->{err});
	is($r->{err}, '', 'and no warning');
});

behaviour('migrate up from the installed tree: every migration applied, a second run changes nothing', sub {
	my @sql = map { m{/(\d{3}_\w+)\.sql$} ? $1 : () } glob("$share/sql/*.sql");
	my $r = run_cmd(60, "$usr/bin/exbuddy", 'migrate', 'up', '--config', $conf);
	is($r->{exit}, 0, 'migrate up again: exit 0') or diag($r->{err});
	my $st = run_cmd(30, "$usr/bin/exbuddy", 'migrate', 'status', '--config', $conf)->{out};
	like($st, qr/^\Q$_\E\s+applied /m, "$_ applied") for @sql;
});

behaviour('plain HTTP answers 301 to the same address over HTTPS', sub {
	my ($code, $head) = curl('http:/login?next=%2Fweek');
	is($code, '301', 'GET over HTTP: 301');
	like($head, qr{^Location: https://\Q$name\E/login\?next=%2Fweek\r?$}mi,
	    'to the same path and query over HTTPS');
});

behaviour("certbot's webroot challenge is answered over plain HTTP", sub {
	make_path("$root/acme/.well-known/acme-challenge");
	open my $fh, '>', "$root/acme/.well-known/acme-challenge/tok-$$" or die;
	print $fh "tok-$$.key\n";
	close $fh;
	chmod 0644, "$root/acme/.well-known/acme-challenge/tok-$$";
	ok_cmd(10, 'chmod', 'chmod', '-R', 'a+rX', "$root/acme");
	my ($code, undef, $body) = curl("http:/.well-known/acme-challenge/tok-$$");
	is($code, '200', 'the challenge file: 200, not a redirect');
	is($body, "tok-$$.key\n", 'its content');
});

behaviour('over HTTPS a sign-up gets a __Host- session cookie that opens the dashboard', sub {
	my $jar = "$root/jar" . ++$jar_n;
	my ($code, $head, $body) = curl('/signup', '-b', $jar, '-c', $jar);
	is($code, '200', 'GET /signup over HTTPS');
	my ($csrf) = $body =~ /name="csrf" value="([^"]+)"/;
	ok($csrf, 'a form token');
	my $user = "inst$$";
	my $pw = 'quiet harbour lantern 42';
	($code, $head) = curl('/signup', '-b', $jar, '-c', $jar,
	    '--data-urlencode', "csrf=$csrf", '--data-urlencode', "email=$user\@example.org",
	    '--data-urlencode', "username=$user", '--data-urlencode', "password=$pw",
	    '--data-urlencode', "confirm=$pw");
	is($code, '303', 'POST /signup: 303');
	like($head, qr/^Set-Cookie: __Host-eb_session=[^;]+; Path=\/(?:; Max-Age=\d+)?; HttpOnly; SameSite=Lax; Secure\r?$/mi,
	    'the session cookie: __Host-, Secure, HttpOnly');
	unlike($head, qr/^Set-Cookie: [^\r\n]*Domain=/mi, 'no Domain');
	($code, undef, $body) = curl('/dashboard', '-b', $jar, '-c', $jar);
	is($code, '200', 'the dashboard with it');
	like($body, qr/\Q$user\E/, "it is the new user's");
});

behaviour('HTTPS answers carry HSTS and the security headers, and no nginx version', sub {
	for my $path ('/login', '/static/style.css', '/static/missing.css') {
		my ($code, $head) = curl($path);
		like($head, qr/^Strict-Transport-Security: max-age=31536000; includeSubDomains\r?$/mi,
		    "$path ($code): HSTS");
		like($head, qr/^Content-Security-Policy: default-src 'none'/mi, "$path: CSP");
		like($head, qr/^X-Frame-Options: DENY/mi, "$path: X-Frame-Options");
		like($head, qr/^Server: nginx\r?$/mi, "$path: Server without a version");
	}
	my ($code, $head) = curl('http:/login');
	like($head, qr/^Server: nginx\r?$/mi, 'the redirect: Server without a version');
});

behaviour('the versioned stylesheet is kept a year and sent compressed; an unversioned one an hour', sub {
	my ($v) = slurp("$share/templates/layout.tmpl") =~ m{/static/style\.css\?v=(\w+)};
	my ($code, $head, $body) = curl("/static/style.css?v=$v", '-H', 'Accept-Encoding: gzip');
	is($code, '200', 'the versioned stylesheet: 200');
	like($head, qr/^Cache-Control: public, max-age=31536000, immutable\r?$/mi, 'kept a year');
	like($head, qr/^Content-Encoding: gzip\r?$/mi, 'compressed when asked');
	($code, $head) = curl('/static/style.css');
	like($head, qr/^Cache-Control: public, max-age=3600\r?$/mi, 'unversioned: an hour');
	($code, $head) = curl('/login', '-H', 'Accept-Encoding: gzip');
	unlike($head, qr/^Content-Encoding:/mi, "a page of exbuddy's (with a form token) is not compressed");
});

done_testing();
