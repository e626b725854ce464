/* test_fmt.c — unit tests of durations, changes and fixed-point decimals (cgi/fmt.c) */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fmt.h"

static void
dur_is(long s, const char *want)
{
	char	 out[32];

	fmt_duration(out, sizeof(out), s);
	assert_string_equal(out, want);
}

static void
test_duration(void **state)
{
	(void)state;
	dur_is(0, "0:00");
	dur_is(5, "0:05");
	dur_is(65, "1:05");
	dur_is(3599, "59:59");
	dur_is(3600, "1:00:00");
	dur_is(3723, "1:02:03");
	dur_is(86400, "24:00:00");
}

/* What fmt_duration wrote with printf. */
static void
dur_as_printf(long s)
{
	char	 out[64], want[64];

	fmt_duration(out, sizeof(out), s);
	if (s >= 3600)
		snprintf(want, sizeof(want), "%ld:%02ld:%02ld", s / 3600,
		    s / 60 % 60, s % 60);
	else
		snprintf(want, sizeof(want), "%ld:%02ld", s / 60, s % 60);
	assert_string_equal(out, want);
}

/* Every duration of three days, some long ones and negatives: as printf. */
static void
test_duration_as_printf(void **state)
{
	static const long odd[] = { 359999, 360000, 99999999, LONG_MAX,
	    -1, -59, -60, -61, -3600, -3601, LONG_MIN };
	char	 small[6];
	long	 s;
	size_t	 i;

	(void)state;
	for (s = 0; s < 3 * 86400; s++)
		dur_as_printf(s);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		dur_as_printf(odd[i]);
	/* Cut to fit, as snprintf cuts. */
	fmt_duration(small, sizeof(small), 3723);
	assert_string_equal(small, "1:02:");
	fmt_duration(small, 1, 3723);
	assert_string_equal(small, "");
}

static void
int_is(long long v)
{
	char	 out[FMT_INT_LEN], want[32];

	snprintf(want, sizeof(want), "%lld", v);
	assert_int_equal(fmt_int(out, v), strlen(want));
	assert_string_equal(out, want);
}

static void
test_int(void **state)
{
	long long v;
	int	 k;

	(void)state;
	int_is(0);
	int_is(-1);
	int_is(9);
	int_is(10);
	int_is(-10);
	int_is(LLONG_MAX);
	int_is(LLONG_MIN);
	int_is(LLONG_MIN + 1);
	for (v = 1, k = 0; k < 18; k++, v *= 10) {
		int_is(v - 1);
		int_is(v);
		int_is(-v);
	}
}

static void
f1_is(double v)
{
	char	 out[FMT_1F_LEN], want[FMT_1F_LEN];

	snprintf(want, sizeof(want), "%.1f", v);
	assert_int_equal(fmt_1f(out, v), strlen(want));
	assert_string_equal(out, want);
}

/*
 * fmt_1f against printf: values of a chart's and a page's kind, halves
 * and near halves, where v * 10 loses its tenths (2^53 / 10 on), the
 * extremes, and 300,000 pseudo-random doubles of every magnitude.
 */
static void
test_1f(void **state)
{
	static const double odd[] = { 0.0, -0.0, 0.05, 0.15, 0.25, 0.35,
	    -0.05, -0.25, 2.675, 1.45, 1e12, -1e12, 999999999999.95,
	    999999999999.85, 950000000000000.125, 9.007199254740993e14,
	    1e15, 1e300, -1e300, DBL_MAX, -DBL_MAX, DBL_MIN, 5e-324,
	    0.049999999999999996, 0.050000000000000003 };
	unsigned long long x = 88172645463325252ULL;
	double	 v;
	int	 i, k;

	(void)state;
	for (i = 0; i < (int)(sizeof(odd) / sizeof(odd[0])); i++) {
		f1_is(odd[i]);
		f1_is(nextafter(odd[i], INFINITY));
		f1_is(nextafter(odd[i], -INFINITY));
	}
	f1_is(INFINITY);
	f1_is(-INFINITY);
	f1_is(NAN);
	for (k = -100000; k <= 100000; k++) {
		f1_is(k / 100.0);
		f1_is(k / 20.0 + 1e-9);
		f1_is(k * 1.1);
	}
	for (i = 0; i < 300000; i++) {
		/* xorshift64: a bit pattern, then a magnitude of 10^-3..10^16 */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (double)(x >> 11) / 9007199254740992.0 *
		    pow(10, (double)(x % 20) - 3);
		f1_is(x & 1 ? -v : v);
	}
}

static void
change_is(double now, double before, const char *want)
{
	char	 out[32];

	fmt_change(out, sizeof(out), now, before);
	assert_string_equal(out, want);
}

static void
test_change(void **state)
{
	(void)state;
	change_is(0, 0, "—");
	change_is(5, 0, "new");
	change_is(10, 10, "same");
	change_is(125, 100, "+25%");
	change_is(90, 100, "−10%");
	change_is(0, 100, "−100%");
	change_is(300, 100, "+200%");
	/* Whole percents, halves away from zero: 0.5% and −0.5%. */
	change_is(201, 200, "+1%");
	change_is(199, 200, "−1%");
	change_is(1004, 1000, "same");
	change_is(1005, 1000, "+1%");
	change_is(995, 1000, "−1%");
	change_is(2.5, 2, "+25%");
}

static void
fixed_ok(const char *s, int dec, long long want)
{
	long long v = -1;

	if (fmt_fixed_parse(s, dec, &v) != FIXED_OK)
		fail_msg("\"%s\" refused", s);
	assert_true(v == want);
}

static void
fixed_bad(const char *s, int dec, enum fixed_parse why)
{
	long long v = -1;

	assert_int_equal(fmt_fixed_parse(s, dec, &v), why);
	assert_true(v == -1);
}

static void
test_fixed_parse(void **state)
{
	(void)state;
	fixed_ok("72", 1, 720);
	fixed_ok("72.5", 1, 725);
	fixed_ok("72,5", 1, 725);
	fixed_ok("72.50", 1, 725);
	fixed_ok("72.500", 1, 725);
	fixed_ok("0", 1, 0);
	fixed_ok("0.0", 1, 0);
	fixed_ok("74.84", 2, 7484);
	fixed_ok("74.8", 2, 7480);
	fixed_ok("3.8", 1, 38);
	fixed_ok("12", 0, 12);
	fixed_ok("12.0", 0, 12);
	fixed_ok("99999999999999999999", 1, 1000000000000LL);
	fixed_bad("72.55", 1, FIXED_TOO_PRECISE);
	fixed_bad("72.501", 1, FIXED_TOO_PRECISE);
	fixed_bad("12.5", 0, FIXED_TOO_PRECISE);
	fixed_bad("", 1, FIXED_NOT_NUMBER);
	fixed_bad(".5", 1, FIXED_NOT_NUMBER);
	fixed_bad("7.", 1, FIXED_NOT_NUMBER);
	fixed_bad("-7", 1, FIXED_NOT_NUMBER);
	fixed_bad("+7", 1, FIXED_NOT_NUMBER);
	fixed_bad("1e3", 1, FIXED_NOT_NUMBER);
	fixed_bad("7.5.1", 1, FIXED_NOT_NUMBER);
	fixed_bad("7 kg", 1, FIXED_NOT_NUMBER);
	fixed_bad(" 7", 1, FIXED_NOT_NUMBER);
	fixed_bad(NULL, 1, FIXED_NOT_NUMBER);
}

static void
test_fixed(void **state)
{
	char	 out[32];

	(void)state;
	fmt_fixed(out, sizeof(out), 725, 1);
	assert_string_equal(out, "72.5");
	fmt_fixed(out, sizeof(out), 720, 1);
	assert_string_equal(out, "72.0");
	fmt_fixed(out, sizeof(out), 7484, 2);
	assert_string_equal(out, "74.84");
	fmt_fixed(out, sizeof(out), 7405, 2);
	assert_string_equal(out, "74.05");
	fmt_fixed(out, sizeof(out), 3, 1);
	assert_string_equal(out, "0.3");
	fmt_fixed(out, sizeof(out), 42, 0);
	assert_string_equal(out, "42");
}

/* fmt_fixed writes what printf does, cut to n bytes as snprintf cuts. */
static void
fixed_is(long long v, int dec, size_t n)
{
	char	 out[65], want[64];
	long long p = 1;
	int	 k;

	for (k = 0; k < dec; k++)
		p *= 10;
	if (dec == 0)
		snprintf(want, n, "%lld", v);
	else
		snprintf(want, n, "%lld.%0*lld", v / p, dec, v % p);
	memset(out, 'x', sizeof(out));
	fmt_fixed(out, n, v, dec);
	assert_string_equal(out, want);
	assert_int_equal(out[n], 'x');		/* nothing past n */
}

static void
test_fixed_as_printf(void **state)
{
	long long v;
	int	 k, dec;

	(void)state;
	for (dec = 0; dec <= 4; dec++) {
		fixed_is(0, dec, 64);
		fixed_is(LLONG_MAX, dec, 64);
		fixed_is(LLONG_MAX, dec, 5);
		fixed_is(-7, dec, 64);
		fixed_is(-1234, dec, 64);
		fixed_is(LLONG_MIN, dec, 64);
		fixed_is(7484, dec, 1);
		fixed_is(7484, dec, 3);
		for (v = 1, k = 0; k < 18; k++, v *= 10) {
			fixed_is(v - 1, dec, 64);
			fixed_is(v, dec, 64);
			fixed_is(v + 5, dec, 64);
			fixed_is(v * 7 + 3, dec, 4);
		}
	}
}

static void
test_cat(void **state)
{
	char	 out[16];

	(void)state;
	assert_int_equal(fmt_cat(out, sizeof(out), "Mon", " ", "3", " ",
	    "March", (char *)NULL), 11);
	assert_string_equal(out, "Mon 3 March");
	assert_int_equal(fmt_cat(out, sizeof(out), (char *)NULL), 0);
	assert_string_equal(out, "");
	assert_int_equal(fmt_cat(out, 8, "Wednesday", " ", "30",
	    (char *)NULL), 7);
	assert_string_equal(out, "Wednesd");
	assert_int_equal(fmt_cat(out, 6, "ab", "cd", "ef", (char *)NULL), 5);
	assert_string_equal(out, "abcde");
	out[0] = 'x';
	assert_int_equal(fmt_cat(out, 0, "ab", (char *)NULL), 0);
	assert_int_equal(out[0], 'x');
}

static void
trim_is(const char *in, const char *want)
{
	char	 s[32];

	snprintf(s, sizeof(s), "%s", in);
	fmt_trim(s);
	assert_string_equal(s, want);
}

static void
test_trim(void **state)
{
	char	 out[32];

	(void)state;
	trim_is("3.0", "3");
	trim_is("2.50", "2.5");
	trim_is("100", "100");
	trim_is("100.05", "100.05");
	trim_is("0.0", "0");
	trim_is("", "");
	fmt_tenths(out, sizeof(out), 3.0);
	assert_string_equal(out, "3");
	fmt_tenths(out, sizeof(out), 12.46);
	assert_string_equal(out, "12.5");
	fmt_tenths(out, sizeof(out), 0.04);
	assert_string_equal(out, "0");
	fmt_tenths(out, sizeof(out), -0.04);
	assert_string_equal(out, "0");
	fmt_tenths(out, sizeof(out), 1250.0);
	assert_string_equal(out, "1250");
}

/* fmt_digits: "-" and digits as strtoll reads them; the ends; none; past them. */
static void
test_digits(void **state)
{
	static const char *const ok[] = { "0", "7", "-0", "-12", "120:3",
	    "9223372036854775807", "-9223372036854775808", "42 ", "1x" };
	static const char *const over[] = { "9223372036854775808",
	    "-9223372036854775809", "99999999999999999999999" };
	const char *end, *want;
	long long v;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(fmt_digits(ok[i], &end, &v), 0);
		assert_true(v == strtoll(ok[i], (char **)&want, 10));
		assert_ptr_equal(end, want);
	}
	for (i = 0; i < sizeof(over) / sizeof(over[0]); i++) {
		assert_int_equal(fmt_digits(over[i], &end, &v), 1);
		assert_true(v == strtoll(over[i], (char **)&want, 10));
		assert_ptr_equal(end, want);
	}
	for (i = 0; i < 4; i++) {
		const char *none = (const char *[]){ "", "-", " 1", "+1" }[i];

		assert_int_equal(fmt_digits(none, &end, &v), -1);
		assert_true(v == 0 && end == none);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_duration_as_printf),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_1f),
		cmocka_unit_test(test_change),
		cmocka_unit_test(test_fixed_parse),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_fixed_as_printf),
		cmocka_unit_test(test_cat),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_digits),
	};

	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
