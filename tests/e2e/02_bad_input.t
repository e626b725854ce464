# 02_bad_input.t — malformed and oversized requests get a plain 400 or 413
# page with the security headers, and never crash a worker. Each kind of
# bad request is a behaviour of its own; the last one sends them all again
# and checks that no worker died (EXBUDDY_ONLY runs some alone).
use strict;
use warnings;
use Test::More;
use EB;

my $var = $ENV{EXBUDDY_TEST_VAR};
base_url();
my $log = "$var/log/exbuddy.log";

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
	['/?' . join('&', map { "f$_=1" } 1 .. 257), '257 query fields'],
	['/?a=' . ('x' x 4100), 'a query string over 4096 bytes'],
);

# Request lines nginx itself refuses: its error pages must look the same.
my @raw = (
	["GET /../x HTTP/1.1", 400, 'a path above the root'],
	["get / HTTP/1.1", 400, 'a lowercase method'],
	['GET /' . ('a' x 9000) . ' HTTP/1.1', qr/^(400|414)$/, 'a request line over 8 KiB'],
);
sub raw_line { raw_http("$_[0]\r\nHost: localhost\r\nConnection: close\r\n\r\n") }

my $big_cookie = { headers => { Cookie => 'a=' . ('x' x 9000) } };
my $form = { 'Content-Type' => 'application/x-www-form-urlencoded' };
my $big_body = 'a=' . ('x' x 70000);

# Bodies nginx lets through but the app's form limits refuse.
my @app_413 = (
	['a=' . ('x' x 8193), 'a form field of 8193 bytes'],
	['a=' . ('%41' x 8193), 'a form field of 8193 bytes once decoded'],
	[join('&', map { "f$_=1" } 1 .. 257), '257 form fields'],
	[('k' x 65) . '=1', 'a form field name of 65 bytes'],
);

for (@bad) {
	my ($path, $name) = @$_;
	behaviour("$name: a 400 page", sub {
		error_page_ok(req(GET => $path), 400, $name);
	});
}

for (@raw) {
	my ($line, $want, $name) = @$_;
	behaviour("$name: refused by nginx with the same kind of error page", sub {
		my $status = $want;
		my $res = raw_line($line);
		if (ref $status) {
			like($res->{status}, $status, "$name: $res->{status}");
			$status = $res->{status} =~ $status ? $res->{status} : 414;
		}
		error_page_ok($res, $status, $name);
	});
}

# The limits are limits, not a ban: just below them is fine.
behaviour('256 query fields are within the limits', sub {
	is(req(GET => '/?' . join('&', map { "f$_=1" } 1 .. 256))->{status}, 200,
	    '256 query fields are fine');
});

behaviour('valid multi-byte UTF-8 in the query is within the limits', sub {
	is(req(GET => '/?a=%C3%A9%E2%82%AC%F0%9F%98%80')->{status}, 200,
	    'valid multi-byte UTF-8 in the query is fine');
});

# A Cookie header over the limit (nginx's header buffer or the app's 8 KiB).
behaviour('an oversized Cookie header: a 400 page', sub {
	error_page_ok(req(GET => '/', $big_cookie), 400, 'an oversized Cookie header');
});

# A body over 64 KiB: nginx answers before the app sees it.
behaviour('a body over 64 KiB: a 413 page from nginx', sub {
	error_page_ok(req(POST => '/', { headers => $form, content => $big_body }),
	    413, 'a 70000-byte body');
});

# Bodies nginx lets through but the app's form limits refuse: its own 413,
# decided before routing (/ has no POST, which would be a 405).
for (@app_413) {
	my ($body, $name) = @$_;
	behaviour("$name: the app's own 413 page, before routing", sub {
		my $res = req(POST => '/', { headers => $form, content => $body });
		error_page_ok($res, 413, $name);
		is($res->{headers}{'cache-control'}, 'no-store', "$name: answered by the app");
	});
}

behaviour('a form field of 8192 bytes passes the form limits', sub {
	is(req(POST => '/', { headers => $form, content => 'a=' . ('x' x 8192) })->{status},
	    405, 'a form field of 8192 bytes passes the limits (then 405: / has no POST)');
});

# Nothing crashed: every request above once more, then the same
# workers, still answering, nothing in the log.
behaviour('bad requests crash no worker: the same workers answer, the log shows the 400s', sub {
	my $log_start = -s $log // 0;
	my @workers = worker_pids();
	ok(@workers >= 1, 'the master has workers') or diag('no workers found');
	req(GET => $_->[0]) for @bad;
	raw_line($_->[0]) for @raw;
	req(GET => '/', $big_cookie);
	req(POST => '/', { headers => $form, content => $big_body });
	req(POST => '/', { headers => $form, content => $_->[0] }) for @app_413;
	req(GET => '/?' . join('&', map { "f$_=1" } 1 .. 256));
	req(GET => '/?a=%C3%A9%E2%82%AC%F0%9F%98%80');
	req(POST => '/', { headers => $form, content => 'a=' . ('x' x 8192) });
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
});

done_testing;
