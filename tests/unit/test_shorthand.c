/* test_shorthand.c — unit tests of the sets shorthand (cgi/shorthand.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "shorthand.h"
#include "workout.h"

static struct set s[SETS_MAX];
static size_t n;

static void
ok(const char *in, int lb, size_t want)
{
	const char *why = NULL;

	if (sh_parse(in, lb, s, SETS_MAX, &n, &why) != 0)
		fail_msg("\"%s\" refused: %s", in, why);
	if (n != want)
		fail_msg("\"%s\": %zu sets, want %zu", in, n, want);
}

static void
bad(const char *in, const char *why_part)
{
	const char *why = NULL;

	if (sh_parse(in, 0, s, SETS_MAX, &n, &why) == 0)
		fail_msg("\"%s\" accepted as %zu sets", in, n);
	assert_int_equal(n, 0);
	assert_non_null(why);
	if (strstr(why, why_part) == NULL)
		fail_msg("\"%s\": \"%s\", want \"%s\"", in, why, why_part);
}

static void
is_set(size_t i, long reps, long secs, int loaded, long long load)
{
	assert_int_equal(s[i].reps, reps);
	assert_int_equal(s[i].seconds, secs);
	assert_int_equal(s[i].loaded, loaded);
	if (loaded)
		assert_true(s[i].load == load);
}

static void
test_reps(void **state)
{
	size_t	 i;

	(void)state;
	ok("5x10", 0, 5);
	for (i = 0; i < 5; i++)
		is_set(i, 10, 0, 0, 0);
	ok("10", 0, 1);
	is_set(0, 10, 0, 0, 0);
	ok(" 3 X 12 reps ", 0, 3);
	is_set(2, 12, 0, 0, 0);
	ok("2*15", 0, 2);
	ok("4 \xc3\x97 6", 0, 4);	/* × */
	is_set(3, 6, 0, 0, 0);
}

static void
test_loads(void **state)
{
	(void)state;
	ok("3 \xc3\x97 8 @ 20kg", 0, 3);
	is_set(0, 8, 0, 1, 2000);
	ok("3x8@-20", 0, 3);
	is_set(1, 8, 0, 1, -2000);
	ok("3x8 @ +10 kg", 0, 3);
	is_set(2, 8, 0, 1, 1000);
	ok("5x5 @ 225 lb", 0, 5);
	is_set(0, 5, 0, 1, 10206);	/* 225 lb = 102.06 kg */
	ok("5x5 @ 100", 1, 5);		/* the user's unit: lb */
	is_set(0, 5, 0, 1, 4536);
	ok("5x5 @ 100kg", 1, 5);	/* a unit said wins */
	is_set(0, 5, 0, 1, 10000);
	ok("1x3 @ 102,5", 0, 1);	/* a decimal comma */
	is_set(0, 3, 0, 1, 10250);
}

static void
test_times_and_groups(void **state)
{
	(void)state;
	ok("3x1:30", 0, 3);
	is_set(0, 0, 90, 0, 0);
	ok("4 x 60s", 0, 4);
	is_set(3, 0, 60, 0, 0);
	ok("2 x 45 sec", 0, 2);
	is_set(0, 0, 45, 0, 0);
	ok("1x2 min", 0, 1);
	is_set(0, 0, 120, 0, 0);
	ok("5x5 @ 100, 3x3 @ 110", 0, 8);
	is_set(4, 5, 0, 1, 10000);
	is_set(5, 3, 0, 1, 11000);
	ok("10; 8; 6", 0, 3);
	is_set(2, 6, 0, 0, 0);
	ok("50x1", 0, 50);
}

static void
test_refused(void **state)
{
	(void)state;
	bad("", "Write the sets like");
	bad("x10", "Write the sets like");
	bad("5x", "Write the sets like");
	bad("5x10 @", "weight is a number");
	bad("5x10 @ heavy", "weight is a number");
	bad("5x10 @ 1000.5", "weight is a number");
	bad("5x10 @ 20.555kg", "weight is a number");
	bad("51x1", "1 to 50 sets");
	bad("0x10", "1 to 50 sets");
	bad("30x1, 30x1", "1 to 50 sets");
	bad("5x0", "at least one rep");
	bad("5x100001", "Reps go from 1 to 100000");
	bad("1x24:01:00", "Write the sets like");
	bad("1x1441 min", "at most 24 hours");
	bad("1x1:60", "Write the sets like");
	bad("5x10 lots", "Write the sets like");
	bad("5x10,", "Write the sets like");
	bad("12345678901", "Write the sets like");
	bad("-5x10", "Write the sets like");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reps),
		cmocka_unit_test(test_loads),
		cmocka_unit_test(test_times_and_groups),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests_name("shorthand", tests, NULL, NULL);
}
