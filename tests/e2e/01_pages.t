# 01_pages.t — the public pages through nginx: home, HEAD, health, static
# files, 404 and 405, with the security headers on every response. Each
# behaviour makes its own requests (EXBUDDY_ONLY runs some alone).
use strict;
use warnings;
use Test::More;
use EB;

base_url();

behaviour('GET / is the landing page: UTF-8 HTML naming the product, linking to sign-up and login', sub {
	my $res = req(GET => '/');
	is($res->{status}, 200, 'GET / is 200');
	like($res->{headers}{'content-type'}, qr{^text/html;\s*charset=utf-8}i,
	    'GET / is UTF-8 HTML');
	like($res->{content}, qr/Exercise Buddy/, 'GET / names the product');
	like($res->{content}, qr/<a\b[^>]*\bhref="\/signup"/, 'GET / links to /signup');
	like($res->{content}, qr/<a\b[^>]*\bhref="\/login"/, 'GET / links to /login');
	unlike($res->{content}, qr/<TMPL_|<script/i, 'GET / has no template tags or scripts');
	tidy_ok($res->{content}, 'GET /');
	security_headers_ok($res, 'GET /');
	is($res->{headers}{'cache-control'}, 'no-store', 'GET /: Cache-Control: no-store');
});

behaviour('HEAD / answers the headers of GET / and no body', sub {
	my $length = length req(GET => '/')->{content};
	my $res = req(HEAD => '/');
	is($res->{status}, 200, 'HEAD / is 200');
	like($res->{headers}{'content-type'} // '', qr{^text/html}, 'HEAD / has a Content-Type');
	is($res->{headers}{'content-length'}, $length,
	    'HEAD /: Content-Length is that of GET /');
	# HTTP::Tiny never reads a body after HEAD: look at the wire.
	my $raw = raw_http("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	is($raw->{status}, 200, 'HEAD / on the wire: 200');
	is($raw->{content}, '', 'HEAD / on the wire: no body after the headers');
	security_headers_ok($res, 'HEAD /');
	is($res->{headers}{'cache-control'}, 'no-store', 'HEAD /: Cache-Control: no-store');
});

behaviour('GET /healthz says ok while the database answers', sub {
	my $res = req(GET => '/healthz');
	is($res->{status}, 200, 'GET /healthz is 200');
	is($res->{content} =~ s/\n\z//r, 'ok', 'GET /healthz says ok');
	security_headers_ok($res, 'GET /healthz');
	is($res->{headers}{'cache-control'}, 'no-store', 'GET /healthz: Cache-Control: no-store');
});

# /static/: nginx serves the files itself (no app request id in the log).
behaviour('nginx serves a static file as it is in static/, and lets it be cached', sub {
	my $res = req(GET => '/static/style.css');
	is($res->{status}, 200, 'GET /static/style.css is 200');
	like($res->{headers}{'content-type'}, qr{^text/css}, 'style.css is text/css');
	my $css = EB::slurp("$ENV{EXBUDDY_TEST_TOP}/static/style.css");
	is($res->{content}, $css, 'style.css is the file in static/') if defined $css;
	unlike($res->{headers}{'cache-control'} // '', qr/no-store/,
	    'style.css may be cached');
	security_headers_ok($res, 'GET /static/style.css');
});

behaviour('a missing static file is 404, with the security headers', sub {
	my $res = req(GET => '/static/nope.css');
	is($res->{status}, 404, 'a missing static file is 404');
	security_headers_ok($res, 'GET /static/nope.css');
});

behaviour("an unknown path gets the app's 404 page, showing its request id", sub {
	my $res = req(GET => '/no/such/page');
	is($res->{status}, 404, 'GET /no/such/page is 404');
	like($res->{headers}{'content-type'}, qr{^text/html;\s*charset=utf-8}i,
	    '404 is HTML');
	tidy_ok($res->{content}, '404 page');
	security_headers_ok($res, '404');
	is($res->{headers}{'cache-control'}, 'no-store', '404: Cache-Control: no-store');
	my $rid = $res->{headers}{'x-request-id'} // 'none';
	like($res->{content}, qr/\Q$rid\E/, '404 page shows the X-Request-Id');
});

behaviour('every request gets its own request id', sub {
	my $rid = req(GET => '/no/such/page')->{headers}{'x-request-id'} // 'none';
	my $rid2 = req(GET => '/no/such/page')->{headers}{'x-request-id'} // 'none';
	isnt($rid2, $rid, 'every request gets its own request id');
});

# Wrong methods on /: 405 with Allow.
for my $m (qw(POST PUT)) {
	behaviour("$m / is 405 with Allow: GET, HEAD, on an HTML page", sub {
		my $res = req($m => '/', { content => '' });
		is($res->{status}, 405, "$m / is 405");
		is($res->{headers}{allow}, 'GET, HEAD', "$m /: Allow: GET, HEAD");
		like($res->{headers}{'content-type'}, qr{^text/html}, "$m /: an HTML page");
		tidy_ok($res->{content}, "$m / page");
		security_headers_ok($res, "$m /");
		is($res->{headers}{'cache-control'}, 'no-store', "$m /: Cache-Control: no-store");
	});
}

done_testing;
