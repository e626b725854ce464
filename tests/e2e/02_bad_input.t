# 02_bad_input.t — malformed and oversized requests get a plain 400 or 413
# page with the security headers, and never crash a worker.
use strict;
use warnings;
use Test::More;
use EB;

my $var = $ENV{EXBUDDY_TEST_VAR};
base_url();
my $log = "$var/log/exbuddy.log";
my $log_start = -s $log // 0;
my @workers = worker_pids();
ok(@workers >= 1, 'the master has workers') or diag('no workers found');

# An error page: status, a valid HTML page showing its request id, headers.
sub error_page_ok {
	my ($res, $status, $name) = @_;
	is($res->{status}, $status, "$name: $status") or
	    diag(substr($res->{content} // '', 0, 300));
	like($res->{headers}{'content-type'} // '', qr{^text/html;\s*charset=utf-8}i,
	    "$name: an HTML page");
	tidy_ok($res->{content} // '', $name);
	security_headers_ok($res, $name);
	my $rid = $res->{headers}{'x-request-id'} // 'none';
	like($res->{content} // '', qr/\Q$rid\E/, "$name: the page shows the request id");
}

# Malformed paths and query strings.
my @bad = (
	['/%zz', 'invalid percent-encoding in the path'],
	['/?a=%4', 'truncated percent-encoding in the query'],
	['/?a=%zz', 'invalid percent-encoding in the query'],
	['/?a=%ff', 'invalid UTF-8 in the query'],
	['/?a=%C0%AF', 'overlong UTF-8 in the query'],
	['/%C0%AF', 'overlong UTF-8 in the path'],
	['/?a=%ED%A0%80', 'a UTF-16 surrogate in the query'],
	['/%00', 'NUL in the path'],
	['/?a=%00', 'NUL in the query'],
	['/?%00=1', 'NUL in a query key'],
	['/%01', 'a control character in the path'],
	['/?' . join('&', map { "f$_=1" } 1 .. 65), '65 query fields'],
	['/?a=' . ('x' x 4100), 'a query string over 4096 bytes'],
);
for (@bad) {
	my ($path, $name) = @$_;
	error_page_ok(req(GET => $path), 400, $name);
}

# Request lines nginx itself refuses: its error pages must look the same.
my @raw = (
	["GET /../x HTTP/1.1", 400, 'a path above the root'],
	["get / HTTP/1.1", 400, 'a lowercase method'],
	['GET /' . ('a' x 9000) . ' HTTP/1.1', qr/^(400|414)$/, 'a request line over 8 KiB'],
);
for (@raw) {
	my ($line, $status, $name) = @$_;
	my $res = raw_http("$line\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	if (ref $status) {
		like($res->{status}, $status, "$name: $res->{status}");
		$status = $res->{status} =~ $status ? $res->{status} : 414;
	}
	error_page_ok($res, $status, $name);
}

# The limits are limits, not a ban: just below them is fine.
is(req(GET => '/?' . join('&', map { "f$_=1" } 1 .. 64))->{status}, 200,
    '64 query fields are fine');
is(req(GET => '/?a=%C3%A9%E2%82%AC%F0%9F%98%80')->{status}, 200,
    'valid multi-byte UTF-8 in the query is fine');

# A Cookie header over the limit (nginx's header buffer or the app's 8 KiB).
error_page_ok(req(GET => '/', { headers => { Cookie => 'a=' . ('x' x 9000) } }),
    400, 'an oversized Cookie header');

# A body over 64 KiB: nginx answers before the app sees it.
my $form = { 'Content-Type' => 'application/x-www-form-urlencoded' };
error_page_ok(req(POST => '/', { headers => $form, content => 'a=' . ('x' x 70000) }),
    413, 'a 70000-byte body');

# Bodies nginx lets through but the app's form limits refuse: its own 413,
# decided before routing (/ has no POST, which would be a 405).
sub app_413_ok {
	my ($body, $name) = @_;
	my $res = req(POST => '/', { headers => $form, content => $body });
	error_page_ok($res, 413, $name);
	is($res->{headers}{'cache-control'}, 'no-store', "$name: answered by the app");
}
app_413_ok('a=' . ('x' x 8193), 'a form field of 8193 bytes');
app_413_ok('a=' . ('%41' x 8193), 'a form field of 8193 bytes once decoded');
app_413_ok(join('&', map { "f$_=1" } 1 .. 65), '65 form fields');
app_413_ok(('k' x 65) . '=1', 'a form field name of 65 bytes');
is(req(POST => '/', { headers => $form, content => 'a=' . ('x' x 8192) })->{status},
    405, 'a form field of 8192 bytes passes the limits (then 405: / has no POST)');

# Nothing crashed: the same workers, still answering, nothing in the log.
my @after = worker_pids();
is("@after", "@workers", 'the same workers are running (none died or was respawned)');
is(scalar(grep { kill 0, $_ } @workers), scalar @workers, 'every earlier worker is alive');
is(req(GET => '/healthz')->{status}, 200, '/healthz is still 200');
my $new = '';
if (open(my $fh, '<', $log)) {
	seek($fh, $log_start, 0);
	local $/;
	$new = <$fh> // '';
}
like($new, qr/ 400 .*rid=/, 'the log shows the 400s');
unlike($new, qr/killed by signal/, 'no worker was killed by a signal');
unlike($new, qr/exited with/, 'no worker exited with an error');

done_testing;
