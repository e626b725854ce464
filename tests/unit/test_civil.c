/* test_civil.c — unit tests of calendar arithmetic and ISO 8601 times (cgi/civil.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "civil.h"

static void
test_days_known(void **state)
{
	(void)state;
	assert_int_equal(civil_days(1970, 1, 1), 0);
	assert_int_equal(civil_days(1970, 1, 2), 1);
	assert_int_equal(civil_days(1969, 12, 31), -1);
	assert_int_equal(civil_days(2000, 3, 1), 11017);
	assert_int_equal(civil_days(2026, 12, 1), 20788);
	assert_int_equal(civil_days(9999, 12, 31), CIVIL_LAST_DAY);
	assert_int_equal(civil_days(1, 1, 1), -719162);
}

/* Every day from year 1 to 9999 and back: one day apart, a real date. */
static void
test_days_round_trip(void **state)
{
	long	 day, y, m, d, py = 0, pm = 12, pd = 31;

	(void)state;
	for (day = civil_days(1, 1, 1); day <= CIVIL_LAST_DAY; day++) {
		civil_ymd(day, &y, &m, &d);
		if (civil_days(y, m, d) != day)
			fail_msg("day %ld: %ld-%ld-%ld", day, y, m, d);
		if (d > 1 ? (y != py || m != pm || d != pd + 1) :
		    (pd != civil_days_in_month(py == 0 ? 1 : py, pm) ||
		    (m == 1 ? y != py + 1 || pm != 12 : m != pm + 1)))
			fail_msg("day %ld: %ld-%ld-%ld after %ld-%ld-%ld", day,
			    y, m, d, py, pm, pd);
		py = y;
		pm = m;
		pd = d;
	}
}

static void
test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(civil_days_in_month(2024, 2), 29);
	assert_int_equal(civil_days_in_month(2026, 2), 28);
	assert_int_equal(civil_days_in_month(1900, 2), 28);
	assert_int_equal(civil_days_in_month(2000, 2), 29);
	assert_int_equal(civil_days_in_month(2026, 4), 30);
	assert_int_equal(civil_days_in_month(2026, 12), 31);
}

static void
test_weekday_and_week_start(void **state)
{
	long	 tue = civil_days(2026, 12, 1), day;

	(void)state;
	assert_int_equal(civil_weekday(0), 4);		/* 1970-01-01, Thursday */
	assert_int_equal(civil_weekday(-1), 3);
	assert_int_equal(civil_weekday(tue), 2);
	assert_int_equal(civil_week_start(tue, 1), civil_days(2026, 11, 30));
	assert_int_equal(civil_week_start(tue, 0), civil_days(2026, 11, 29));
	assert_int_equal(civil_week_start(civil_days(2026, 11, 29), 1),
	    civil_days(2026, 11, 23));
	assert_int_equal(civil_week_start(civil_days(2026, 11, 29), 0),
	    civil_days(2026, 11, 29));
	assert_int_equal(civil_week_start(-1, 1), -3);	/* Mon 1969-12-29 */
	/* Every day: a week start of its kind, at most 6 days before. */
	for (day = -800; day < 800; day++) {
		long	 m = civil_week_start(day, 1), s = civil_week_start(day, 0);

		if (civil_weekday(m) != 1 || day - m < 0 || day - m > 6 ||
		    civil_weekday(s) != 0 || day - s < 0 || day - s > 6)
			fail_msg("day %ld: Monday %ld, Sunday %ld", day, m, s);
	}
}

static void
test_month_start(void **state)
{
	long	 day = civil_days(2026, 12, 1);

	(void)state;
	assert_int_equal(civil_month_start(day, 0), civil_days(2026, 12, 1));
	assert_int_equal(civil_month_start(day, -11), civil_days(2026, 1, 1));
	assert_int_equal(civil_month_start(day, -12), civil_days(2025, 12, 1));
	assert_int_equal(civil_month_start(day, 1), civil_days(2027, 1, 1));
	assert_int_equal(civil_month_start(civil_days(2024, 3, 31), -1),
	    civil_days(2024, 2, 1));
	assert_int_equal(civil_month_start(civil_days(1, 3, 5), -2),
	    civil_days(1, 1, 1));
}

/* Months between two days, across years: civil_month_start's inverse. */
static void
test_months_after(void **state)
{
	long	 from = civil_days(2025, 12, 1), day, add;

	(void)state;
	assert_int_equal(civil_months_after(from, from), 0);
	assert_int_equal(civil_months_after(from, civil_days(2025, 12, 31)), 0);
	assert_int_equal(civil_months_after(from, civil_days(2026, 1, 1)), 1);
	assert_int_equal(civil_months_after(from, civil_days(2026, 11, 30)),
	    11);
	assert_int_equal(civil_months_after(from, civil_days(2026, 12, 5)),
	    12);
	assert_int_equal(civil_months_after(from, civil_days(2025, 11, 30)),
	    -1);
	assert_int_equal(civil_months_after(civil_days(2026, 3, 31),
	    civil_days(2024, 2, 29)), -25);
	for (day = civil_days(1999, 1, 1); day < civil_days(2001, 1, 1);
	    day += 17)
		for (add = -30; add <= 30; add++)
			assert_int_equal(civil_months_after(day,
			    civil_month_start(day, add) + 27 * (add & 1)), add);
}

/* Against every day of the 7 looked at, over 1 to 9999 and past. */
static void
test_week_month(void **state)
{
	long	 day, i, y, m, d, want;

	(void)state;
	for (day = civil_days(1, 1, 1) - 7; day <= CIVIL_LAST_DAY + 7; day++) {
		want = 0;
		for (i = 0; i < 7; i++) {
			civil_ymd(day + i, &y, &m, &d);
			if (d == 1)
				want = m;
		}
		if (civil_week_month(day) != want)
			fail_msg("day %ld: %ld, not %ld", day,
			    civil_week_month(day), want);
	}
	/* The week of Monday 23 February 2026 holds 1 March. */
	assert_int_equal(civil_week_month(civil_days(2026, 2, 23)), 3);
	assert_int_equal(civil_week_month(civil_days(2026, 2, 16)), 0);
	assert_int_equal(civil_week_month(civil_days(2026, 3, 1)), 3);
	assert_int_equal(civil_week_month(civil_days(2026, 3, 2)), 0);
}

static void
date_ok(const char *s, long y, long m, long d)
{
	long	 day = -999999;

	if (civil_parse_date(s, &day) != 0)
		fail_msg("\"%s\" refused", s);
	assert_int_equal(day, civil_days(y, m, d));
}

static void
test_parse_date(void **state)
{
	static const char *const bad[] = { "", "2026-02-29", "2026-13-01",
	    "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01", "2026-1-01",
	    "2026-01-1", "2026/01/01", "2026-01-01 ", " 2026-01-01",
	    "2026-01-01T00:00", "20260101", "+202-01-01", "2026-0a-01", NULL };
	long	 day;
	size_t	 i;

	(void)state;
	date_ok("2026-03-31", 2026, 3, 31);
	date_ok("2024-02-29", 2024, 2, 29);
	date_ok("0001-01-01", 1, 1, 1);
	date_ok("9999-12-31", 9999, 12, 31);
	for (i = 0; bad[i] != NULL; i++)
		if (civil_parse_date(bad[i], &day) == 0)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(civil_parse_date(NULL, &day), -1);
}

static void
iso_ok(const char *s, time_t want)
{
	time_t	 t = 0;

	if (civil_parse_iso(s, &t) != 0)
		fail_msg("\"%s\" refused", s);
	if (t != want)
		fail_msg("\"%s\": %lld, want %lld", s, (long long)t,
		    (long long)want);
}

static void
test_parse_iso(void **state)
{
	static const char *const bad[] = { "", "2026-03-31", "2026-03-31T07:30",
	    "2026-03-31T07:30+2", "2026-03-31T07:30+02", "2026-03-31T07:30+0200",
	    "2026-03-31T24:00Z", "2026-03-31T07:60Z", "2026-03-31T07:30:60Z",
	    "2026-03-31T07:30:5Z", "2026-03-31T07:30Zx", "2026-03-31X07:30Z",
	    "2026-03-31T07-30Z", "2026-02-30T07:30Z", "2026-03-31T07:30+15:00",
	    "2026-03-31T07:30+02:60", "2026-03-31T07:30.5Z", "0000-03-31T07:30Z",
	    NULL };
	long	 d = civil_days(2026, 3, 31);
	time_t	 t;
	size_t	 i;

	(void)state;
	iso_ok("1970-01-01T00:00Z", 0);
	iso_ok("2026-03-31T07:30Z", d * 86400 + 7 * 3600 + 30 * 60);
	iso_ok("2026-03-31 07:30:15Z", d * 86400 + 7 * 3600 + 30 * 60 + 15);
	iso_ok("2026-03-31T07:30:00+02:00", d * 86400 + 5 * 3600 + 30 * 60);
	iso_ok("2026-03-31T07:30:00-05:30", d * 86400 + 13 * 3600);
	iso_ok("2026-03-31T00:00:00+14:00", d * 86400 - 14 * 3600);
	iso_ok("1969-12-31T23:59:59Z", -1);
	for (i = 0; bad[i] != NULL; i++)
		if (civil_parse_iso(bad[i], &t) == 0)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(civil_parse_iso(NULL, &t), -1);
}

static void
pg_ok(const char *s, long day, long sec, long off)
{
	long	 d = -1, t = -1, o = -1;

	if (civil_parse_pg(s, &d, &t, &o) != 0)
		fail_msg("\"%s\" refused", s);
	if (d != day || t != sec || o != off)
		fail_msg("\"%s\": %ld %ld %ld, want %ld %ld %ld", s, d, t, o,
		    day, sec, off);
}

/* timestamptz as PostgreSQL writes it (DateStyle ISO, whole seconds). */
static void
test_parse_pg(void **state)
{
	static const char *const bad[] = { "", "2026-03-31", "2026-03-31 07:30",
	    "2026-03-31 07:30:00", "2026-03-31 07:30:00+", "2026-03-31 07:30:00+2",
	    "2026-03-31 07:30:00+0200", "2026-03-31T07:30:00+02",
	    "2026-03-31 24:00:00+00", "2026-03-31 07:60:00+00",
	    "2026-03-31 07:30:60+00", "2026-03-31 07:30:00.5+00",
	    "2026-03-31 07:30:00Z", "2026-03-31 07:30:00+02:", "2026-03-31 "
	    "07:30:00+02:3", "2026-03-31 07:30:00+02:30:", "2026-03-31 "
	    "07:30:00+02:30:00:00", "2026-03-31 07:30:00+16",
	    "2026-03-31 07:30:00+02:60", "2026-02-30 07:30:00+00",
	    "0000-03-31 07:30:00+00", "10000-03-31 07:30:00+00",
	    "2026-03-31 07:30:00+02 BC", "infinity", NULL };
	long	 d = civil_days(2026, 3, 31), x;
	size_t	 i;

	(void)state;
	pg_ok("1970-01-01 00:00:00+00", 0, 0, 0);
	pg_ok("2026-03-31 07:30:15+02", d, 7 * 3600 + 30 * 60 + 15, 7200);
	pg_ok("2026-03-31 23:59:59-05:30", d, 86399, -(5 * 3600 + 1800));
	pg_ok("2026-03-31 00:00:00+14", d, 0, 14 * 3600);
	pg_ok("2026-03-31 00:00:00-00:30", d, 0, -1800);
	pg_ok("1970-01-01 00:00:00+00:09:21", 0, 0, 561);
	pg_ok("9999-12-31 23:59:59+15:59", civil_days(9999, 12, 31), 86399,
	    15 * 3600 + 59 * 60);
	for (i = 0; bad[i] != NULL; i++)
		if (civil_parse_pg(bad[i], &d, &x, &x) == 0)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(civil_parse_pg(NULL, &d, &x, &x), -1);
}

static void
test_text(void **state)
{
	char	 s[64];
	long	 d = civil_days(2026, 3, 1);

	(void)state;
	assert_int_equal(civil_stamp(s, d, 7 * 3600 + 5 * 60 + 9, ' ', 0), 16);
	assert_string_equal(s, "2026-03-01 07:05");
	assert_int_equal(civil_stamp(s, d, 86399, 'T', 1), 19);
	assert_string_equal(s, "2026-03-01T23:59:59");
	civil_zone(s, 5 * 3600 + 30 * 60);
	assert_string_equal(s, "+05:30");
	civil_zone(s, -(3 * 3600 + 30 * 60));
	assert_string_equal(s, "-03:30");
	civil_zone(s, -1800);
	assert_string_equal(s, "-00:30");
	civil_zone(s, 0);
	assert_string_equal(s, "+00:00");
	civil_date(s, civil_days(2026, 3, 1));
	assert_string_equal(s, "2026-03-01");
	civil_date(s, civil_days(1, 1, 1));
	assert_string_equal(s, "0001-01-01");
	civil_long_date(s, sizeof(s), civil_days(2026, 3, 2), 1);
	assert_string_equal(s, "Monday 2 March 2026");
	civil_long_date(s, sizeof(s), civil_days(2026, 11, 29), 0);
	assert_string_equal(s, "Sunday 29 November");
	civil_short_date(s, sizeof(s), civil_days(2026, 12, 1));
	assert_string_equal(s, "Tue 1");
	assert_string_equal(civil_weekday_name(6, 0), "Saturday");
	assert_string_equal(civil_weekday_name(7, 1), "Sun");
	assert_string_equal(civil_month_name(1, 1), "Jan");
	assert_string_equal(civil_month_name(12, 0), "December");
	assert_string_equal(civil_month_name(13, 0), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_known),
		cmocka_unit_test(test_days_round_trip),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_weekday_and_week_start),
		cmocka_unit_test(test_month_start),
		cmocka_unit_test(test_months_after),
		cmocka_unit_test(test_week_month),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_parse_pg),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests_name("civil", tests, NULL, NULL);
}
