/* test_valid.c — unit tests of the field validators (cgi/valid.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "valid.h"

/* LLONG_MAX and LLONG_MIN without <limits.h>, which cgi/limits.h can shadow. */
#define LL_MAX	__LONG_LONG_MAX__
#define LL_MIN	(-__LONG_LONG_MAX__ - 1)

/* valid_int(s) in [min, max]: 0 and *out, or -1 and *out untouched. */
static void
int_ok(const char *s, long long min, long long max, long long want)
{
	long long	 v = 12345;
	const char	*why = "unset";

	if (valid_int(s, min, max, &v, &why) != 0)
		fail_msg("\"%s\" refused: %s", s, why);
	assert_true(v == want);
	assert_null(why);
}

static void
int_bad(const char *s, long long min, long long max, const char *reason)
{
	long long	 v = 12345;
	const char	*why = NULL;

	if (valid_int(s, min, max, &v, &why) != -1)
		fail_msg("\"%s\" accepted as %lld", s ? s : "(null)", v);
	assert_true(v == 12345);
	assert_non_null(why);
	if (strcmp(why, reason) != 0)
		fail_msg("\"%s\": \"%s\", not \"%s\"", s ? s : "(null)", why,
		    reason);
}

static void
test_int_basic(void **state)
{
	(void)state;
	int_ok("0", LL_MIN, LL_MAX, 0);
	int_ok("7", LL_MIN, LL_MAX, 7);
	int_ok("10", LL_MIN, LL_MAX, 10);
	int_ok("-7", LL_MIN, LL_MAX, -7);
	int_ok("1000000", 0, 1000000, 1000000);
	int_ok("123456789012", LL_MIN, LL_MAX, 123456789012LL);
}

/*
 * "-0" is accepted as 0: the header's grammar (optional '-', then no
 * leading zeros beyond "0") allows it. Pinned here so a change is seen.
 */
static void
test_int_minus_zero(void **state)
{
	(void)state;
	int_ok("-0", LL_MIN, LL_MAX, 0);
	int_ok("-0", 0, 10, 0);
	int_bad("-00", LL_MIN, LL_MAX, "is not a whole number");
}

static void
test_int_syntax(void **state)
{
	static const char *const bad[] = {
		"", "-", "--1", "+1", "+0", " 1", "1 ", " ", "1 2", "\t1",
		"1\n", "00", "01", "007", "-01", "-00", "1a", "a1", "0x10",
		"1e3", "1.0", "1,000", "1_000", "\xd9\xa1", "\xef\xbc\x91",
		"-+1", "+-1", "\x01",
		NULL,
	};
	size_t	 i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		int_bad(bad[i], LL_MIN, LL_MAX, "is not a whole number");
	int_bad(NULL, LL_MIN, LL_MAX, "is not a whole number");
}

static void
test_int_bounds(void **state)
{
	(void)state;
	int_ok("5", 5, 10, 5);
	int_ok("10", 5, 10, 10);
	int_bad("4", 5, 10, "is too small");
	int_bad("11", 5, 10, "is too large");
	int_bad("0", 5, 10, "is too small");
	int_bad("-3", 5, 10, "is too small");
	int_ok("-5", -5, -1, -5);
	int_ok("-1", -5, -1, -1);
	int_bad("-6", -5, -1, "is too small");
	int_bad("0", -5, -1, "is too large");
	int_ok("3", 3, 3, 3);
	int_bad("2", 3, 3, "is too small");
	int_bad("4", 3, 3, "is too large");
	/* A syntax error wins over the bounds. */
	int_bad("011", 5, 10, "is not a whole number");
}

static void
test_int_extremes(void **state)
{
	(void)state;
	int_ok("9223372036854775807", LL_MIN, LL_MAX, LL_MAX);
	int_ok("-9223372036854775808", LL_MIN, LL_MAX, LL_MIN);
	int_ok("9223372036854775806", LL_MIN, LL_MAX, LL_MAX - 1);
	int_ok("-9223372036854775807", LL_MIN, LL_MAX, LL_MIN + 1);
	int_bad("9223372036854775808", LL_MIN, LL_MAX, "is too large");
	int_bad("-9223372036854775809", LL_MIN, LL_MAX, "is too small");
	int_bad("9223372036854775810", LL_MIN, LL_MAX, "is too large");
	int_bad("-9223372036854775810", LL_MIN, LL_MAX, "is too small");
	int_bad("10000000000000000000", LL_MIN, LL_MAX, "is too large");
	int_bad("-10000000000000000000", LL_MIN, LL_MAX, "is too small");
	int_bad("99999999999999999999999999999999", LL_MIN, LL_MAX,
	    "is too large");
	int_bad("-99999999999999999999999999999999", LL_MIN, LL_MAX,
	    "is too small");
	/* Out of range of a narrower field. */
	int_bad("9223372036854775807", 0, 100, "is too large");
	int_bad("-9223372036854775808", 0, 100, "is too small");
	int_ok("9223372036854775807", LL_MAX, LL_MAX, LL_MAX);
	int_ok("-9223372036854775808", LL_MIN, LL_MIN, LL_MIN);
}

/* valid_text */

static void
test_text_length(void **state)
{
	(void)state;
	assert_int_equal(valid_text("abc", 1, 3, 0), 1);
	assert_int_equal(valid_text("abc", 3, 3, 0), 1);
	assert_int_equal(valid_text("abc", 1, 2, 0), 0);
	assert_int_equal(valid_text("abc", 4, 10, 0), 0);
	assert_int_equal(valid_text("", 0, 10, 0), 1);
	assert_int_equal(valid_text("", 1, 10, 0), 0);
	assert_int_equal(valid_text(NULL, 0, 10, 0), 1);
	assert_int_equal(valid_text(NULL, 1, 10, 0), 0);
	/* Characters, not bytes. */
	assert_int_equal(valid_text("\xc3\xa9\xc3\xa9\xc3\xa9", 3, 3, 0), 1);
	assert_int_equal(valid_text("\xc3\xa9\xc3\xa9\xc3\xa9", 1, 2, 0), 0);
	assert_int_equal(valid_text("\xf0\x9f\x92\xaa\xf0\x9f\x92\xaa", 2, 2,
	    0), 1);
	assert_int_equal(valid_text("\xe2\x82\xac", 1, 1, 0), 1);
	assert_int_equal(valid_text("a\xe2\x82\xac" "b", 4, 10, 0), 0);
}

static void
test_text_controls(void **state)
{
	static const char *const bad[] = {
		"a\x01", "a\x1b[31m", "\x7f", "a\x0b", "a\x0c", "a\x1f",
		NULL,
	};
	size_t	 i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		if (valid_text(bad[i], 0, 100, 0) != 0)
			fail_msg("control case %zu accepted", i);
		if (valid_text(bad[i], 0, 100, 1) != 0)
			fail_msg("control case %zu accepted (multiline)", i);
	}
	assert_int_equal(valid_text("a\nb", 0, 100, 0), 0);
	assert_int_equal(valid_text("a\rb", 0, 100, 0), 0);
	assert_int_equal(valid_text("a\tb", 0, 100, 0), 0);
	assert_int_equal(valid_text("a\nb", 0, 100, 1), 1);
	assert_int_equal(valid_text("a\r\nb", 0, 100, 1), 1);
	assert_int_equal(valid_text("a\tb", 0, 100, 1), 1);
	/* Line breaks count as characters. */
	assert_int_equal(valid_text("a\r\nb", 4, 4, 1), 1);
	assert_int_equal(valid_text("a\r\nb", 0, 3, 1), 0);
	assert_int_equal(valid_text("plain text ~!", 0, 100, 0), 1);
}

static void
test_text_utf8(void **state)
{
	static const char *const bad[] = {
		"\xff", "a\x80", "\xc0\xaf", "\xc3", "\xe2\x82",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf0\x8f\xbf\xbf",
		NULL,
	};
	size_t	 i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		if (valid_text(bad[i], 0, 100, 0) != 0)
			fail_msg("invalid UTF-8 case %zu accepted", i);
		if (valid_text(bad[i], 0, 100, 1) != 0)
			fail_msg("invalid UTF-8 case %zu accepted (multi)", i);
	}
	assert_int_equal(valid_text("J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x92\xaa",
	    0, 100, 0), 1);
}

/* valid_enum */

static void
test_enum(void **state)
{
	static const char *const units[] = { "kg", "lb", "", NULL };
	static const char *const none[] = { NULL };

	(void)state;
	assert_int_equal(valid_enum("kg", units), 0);
	assert_int_equal(valid_enum("lb", units), 1);
	assert_int_equal(valid_enum("", units), 2);
	assert_int_equal(valid_enum("KG", units), -1);
	assert_int_equal(valid_enum("k", units), -1);
	assert_int_equal(valid_enum("kgs", units), -1);
	assert_int_equal(valid_enum("kg ", units), -1);
	assert_int_equal(valid_enum(NULL, units), -1);
	assert_int_equal(valid_enum("kg", none), -1);
	assert_int_equal(valid_enum("", none), -1);
}

/* valid_email */

/* n copies of c, in a static buffer. */
static const char *
rep(char c, size_t n, char *buf)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

static void
test_email(void **state)
{
	static const char *const ok[] = {
		"a@b.co", "first.last+tag@sub.example.org", "x_y-z@e-x.am.ple",
		"A@B.CO", "!#$%&'*+/=?^_`{|}~-@example.org", "1@2.3",
		NULL,
	};
	static const char *const bad[] = {
		"", "a", "@b.co", "a@", "a@b", "a@@b.co", "a@b@c.co",
		".a@b.co", "a.@b.co", "a..b@c.co", "a b@c.co", "a@b..co",
		"a@.b.co", "a@b.co.", "a@-b.co", "a@b-.co", "a@b_c.co",
		"a\"b@c.co", "a(b)@c.co", "a,b@c.co", "a\\b@c.co", "a:b@c.co",
		"a;b@c.co", "a<b>@c.co", "a[b]@c.co", "\xc3\xa9@b.co",
		"a@\xc3\xa9.co", "a@b.co ", " a@b.co", "a\x01@b.co",
		"a\x7f@b.co", "a@b.c\x01", "a@b .co",
		NULL,
	};
	char	 l[80], d1[80], d2[80], d3[80], buf[400];
	size_t	 i;

	(void)state;
	for (i = 0; ok[i] != NULL; i++)
		if (!valid_email(ok[i]))
			fail_msg("\"%s\" refused", ok[i]);
	for (i = 0; bad[i] != NULL; i++)
		if (valid_email(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
	assert_false(valid_email(NULL));

	/* 64-byte local part, 63-byte labels, 255 bytes in all. */
	snprintf(buf, sizeof(buf), "%s@b.co", rep('l', 64, l));
	assert_true(valid_email(buf));
	snprintf(buf, sizeof(buf), "%s@b.co", rep('l', 65, l));
	assert_false(valid_email(buf));
	snprintf(buf, sizeof(buf), "a@%s.co", rep('d', 63, d1));
	assert_true(valid_email(buf));
	snprintf(buf, sizeof(buf), "a@%s.co", rep('d', 64, d1));
	assert_false(valid_email(buf));
	snprintf(buf, sizeof(buf), "%s@%s.%s.%s", rep('l', 64, l),
	    rep('a', 63, d1), rep('b', 63, d2), rep('c', 62, d3));
	assert_int_equal(strlen(buf), 255);
	assert_true(valid_email(buf));
	snprintf(buf, sizeof(buf), "%s@%s.%s.%s", rep('l', 64, l),
	    rep('a', 63, d1), rep('b', 63, d2), rep('c', 63, d3));
	assert_false(valid_email(buf));
}

/* valid_username */

static void
test_username(void **state)
{
	static const char *const ok[] = {
		"abc", "a_b-C9", "___", "---", "ABCxyz0123456789",
		NULL,
	};
	static const char *const bad[] = {
		"", "a", "ab", "a.b", "a b", "abc ", " abc", "ab\xc3\xa9",
		"a@b", "abc\n", "ab\x01", "a/b", "a+b",
		NULL,
	};
	char	 buf[64];
	size_t	 i;

	(void)state;
	for (i = 0; ok[i] != NULL; i++)
		if (!valid_username(ok[i]))
			fail_msg("\"%s\" refused", ok[i]);
	for (i = 0; bad[i] != NULL; i++)
		if (valid_username(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
	assert_false(valid_username(NULL));
	assert_true(valid_username(rep('u', 50, buf)));
	assert_false(valid_username(rep('u', 51, buf)));
}

/* valid_uuid */

static void
test_uuid(void **state)
{
	static const char *const ok[] = {
		"123e4567-e89b-12d3-a456-426614174000",
		"123E4567-E89B-12D3-A456-426614174000",
		"00000000-0000-0000-0000-000000000000",
		"ffffffff-ffff-ffff-ffff-ffffffffffff",
		NULL,
	};
	static const char *const bad[] = {
		"",
		"123e4567-e89b-12d3-a456-42661417400",
		"123e4567-e89b-12d3-a456-4266141740000",
		"123e4567e89b-12d3-a456-4266141740000",
		"123e4567-e89b-12d3-a456_426614174000",
		"123e4567-e89b-12d3-a4560426614174000",
		"123e4567-e89b-12d3-a456-42661417400g",
		"123e4567-e89b-12d3-a456-42661417400 ",
		"{23e4567-e89b-12d3-a456-426614174000",
		"123e4567-e89b-12d3-a456--26614174000",
		"123e4567-e89b-12d3-a456-42661417\xc3\xa9" "00",
		"123e4567-e89b-12d3-a456-426614174000\n",
		NULL,
	};
	size_t	 i;

	(void)state;
	for (i = 0; ok[i] != NULL; i++)
		if (!valid_uuid(ok[i]))
			fail_msg("\"%s\" refused", ok[i]);
	for (i = 0; bad[i] != NULL; i++)
		if (valid_uuid(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
	assert_false(valid_uuid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_basic),
		cmocka_unit_test(test_int_minus_zero),
		cmocka_unit_test(test_int_syntax),
		cmocka_unit_test(test_int_bounds),
		cmocka_unit_test(test_int_extremes),
		cmocka_unit_test(test_text_length),
		cmocka_unit_test(test_text_controls),
		cmocka_unit_test(test_text_utf8),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_uuid),
	};

	return cmocka_run_group_tests_name("valid", tests, NULL, NULL);
}
