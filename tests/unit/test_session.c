/* test_session.c — unit tests of session tokens, cookie names, origins and next paths (cgi/session.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "http.h"
#include "session.h"

static int
setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void
test_b64url_roundtrip(void **state)
{
	unsigned char in[32], out[32];
	char	 enc[SESS_TOKEN_LEN + 1];
	int	 i, k;

	(void)state;
	for (k = 0; k < 200; k++) {
		randombytes_buf(in, sizeof(in));
		sess_b64url(enc, sizeof(enc), in, sizeof(in));
		assert_int_equal(strlen(enc), SESS_TOKEN_LEN);
		/* URL-safe alphabet, no padding: safe in a cookie as is. */
		for (i = 0; enc[i] != '\0'; i++)
			assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
			    "ghijklmnopqrstuvwxyz0123456789-_", enc[i]));
		assert_int_equal(sess_b64url_decode(out, sizeof(out), enc), 0);
		assert_memory_equal(in, out, sizeof(in));
	}
}

static void
test_b64url_decode_rejects(void **state)
{
	unsigned char out[32];
	char	 good[SESS_TOKEN_LEN + 1], bad[SESS_TOKEN_LEN + 2];
	unsigned char in[32] = { 0 };

	(void)state;
	sess_b64url(good, sizeof(good), in, sizeof(in));
	assert_int_equal(sess_b64url_decode(out, sizeof(out), NULL), -1);
	assert_int_equal(sess_b64url_decode(out, sizeof(out), ""), -1);
	/* One character short, one too many. */
	assert_int_equal(sess_b64url_decode(out, sizeof(out),
	    good + 1), -1);
	snprintf(bad, sizeof(bad), "%sA", good);
	assert_int_equal(sess_b64url_decode(out, sizeof(out), bad), -1);
	/* Standard base64 characters and padding are not base64url. */
	memcpy(bad, good, sizeof(good));
	bad[5] = '+';
	assert_int_equal(sess_b64url_decode(out, sizeof(out), bad), -1);
	bad[5] = '/';
	assert_int_equal(sess_b64url_decode(out, sizeof(out), bad), -1);
	bad[5] = '=';
	assert_int_equal(sess_b64url_decode(out, sizeof(out), bad), -1);
	bad[5] = '.';
	assert_int_equal(sess_b64url_decode(out, sizeof(out), bad), -1);
}

static void
test_cookie_name(void **state)
{
	struct req r;
	char	 name[64];

	(void)state;
	memset(&r, 0, sizeof(r));
	sess_cookie_name(&r, "eb_session", name, sizeof(name));
	assert_string_equal(name, "eb_session");
	r.https = 1;
	sess_cookie_name(&r, "eb_session", name, sizeof(name));
	assert_string_equal(name, "__Host-eb_session");
}

static void
test_own_origin(void **state)
{
	struct arena a;
	struct req r;

	(void)state;
	arena_init(&a);
	memset(&r, 0, sizeof(r));
	r.arena = &a;
	assert_null(sess_own_origin(&r));
	r.host = "127.0.0.1:8080";
	assert_string_equal(sess_own_origin(&r), "http://127.0.0.1:8080");
	r.https = 1;
	r.host = "fit.example.org";
	assert_string_equal(sess_own_origin(&r), "https://fit.example.org");
	r.host = "evil.example/x";
	assert_null(sess_own_origin(&r));
	r.host = "a@b";
	assert_null(sess_own_origin(&r));
	r.host = "";
	assert_null(sess_own_origin(&r));
	arena_free(&a);
}

static void
test_local_path(void **state)
{
	static const char *const good[] = { "/", "/dashboard",
	    "/week?of=2026-01-05", "/a/b%20c", NULL };
	static const char *const bad[] = { "", "dashboard", "//evil.example",
	    "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
	    "/a\\b", "/a\nb", "/a\rb", " /a", NULL };
	size_t	 i;

	(void)state;
	assert_int_equal(sess_local_path(NULL), 0);
	for (i = 0; good[i] != NULL; i++)
		if (!sess_local_path(good[i]))
			fail_msg("\"%s\" refused", good[i]);
	for (i = 0; bad[i] != NULL; i++)
		if (sess_local_path(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
}

static void
test_client_ip(void **state)
{
	struct req r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_null(sess_client_ip(&r));
	r.remote_addr = "127.0.0.1";
	assert_string_equal(sess_client_ip(&r), "127.0.0.1");
	r.remote_addr = "2001:db8::1";
	assert_string_equal(sess_client_ip(&r), "2001:db8::1");
	r.remote_addr = "unix:";
	assert_null(sess_client_ip(&r));
	r.remote_addr = "1.2.3.4'; DROP";
	assert_null(sess_client_ip(&r));
}

static void
test_uuid(void **state)
{
	char	 a[37], b[37];

	(void)state;
	sess_uuid(a);
	sess_uuid(b);
	assert_int_equal(strlen(a), 36);
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');			/* version 4 */
	assert_non_null(strchr("89ab", a[19]));		/* RFC 4122 variant */
	assert_int_equal(a[8], '-');
	assert_int_equal(a[23], '-');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b64url_roundtrip),
		cmocka_unit_test(test_b64url_decode_rejects),
		cmocka_unit_test(test_cookie_name),
		cmocka_unit_test(test_own_origin),
		cmocka_unit_test(test_local_path),
		cmocka_unit_test(test_client_ip),
		cmocka_unit_test(test_uuid),
	};

	return cmocka_run_group_tests_name("session", tests, setup, NULL);
}
