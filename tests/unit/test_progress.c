/* test_progress.c — unit tests of an exercise's records (cgi/progress.c), answers by hand */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <string.h>

#include <cmocka.h>

#include "civil.h"
#include "exercise.h"
#include "progress.h"

/* A barbell squat over two weeks (Mondays 2026-11-16 and 2026-11-23). */
static long
d(int day)
{
	return civil_days(2026, 11, day);
}

static void
test_records(void **state)
{
	struct pr_set s[] = {
		/* day, reps, secs, loaded, load, moved */
		{ d(16), 5, 0, 1, 10000, 10000, "a" },	/* 100 × 5 */
		{ d(16), 5, 0, 1, 10000, 10000, "a" },
		{ d(18), 8, 0, 1, 9000, 9000, "b" },	/* 90 × 8 */
		{ d(23), 3, 0, 1, 11000, 11000, "c" },	/* 110 × 3 */
		{ d(25), 1, 0, 1, 12000, 12000, "d" },	/* 120 × 1 */
		{ d(26), 20, 0, 1, 6000, 6000, "e" },	/* 60 × 20 */
	};
	struct records r;

	(void)state;
	pr_compute(s, 6, 1, d(16), &r);
	assert_int_equal(r.reps.value, 20);
	assert_int_equal(r.reps.day, d(26));
	assert_int_equal(r.load.value, 12000);
	assert_int_equal(r.load.reps, 1);
	/* For N reps or more: 1 → 120, 3 → 110, 5 → 100, 8 → 90, 10 and 12 → 60. */
	assert_int_equal(r.rep_max[0].value, 12000);
	assert_int_equal(r.rep_max[1].value, 11000);
	assert_int_equal(r.rep_max[2].value, 10000);
	assert_int_equal(r.rep_max[2].day, d(16));	/* the first set wins */
	assert_int_equal(r.rep_max[3].value, 9000);
	assert_int_equal(r.rep_max[4].value, 6000);
	assert_int_equal(r.rep_max[5].value, 6000);
	/*
	 * Epley: 100 × (1 + 5/30) = 116.7; 90 × (1 + 8/30) = 114;
	 * 110 × 1.1 = 121; 120 × 1 = 120; 20 reps: none. Best 121.0, day 23.
	 */
	assert_int_equal(r.one_rm.value, 12100);
	assert_int_equal(r.one_rm.day, d(23));
	/*
	 * Volume per week from Monday: week of 16th 500 + 500 + 720 = 1720
	 * kg; week of 23rd 330 + 120 + 1200 = 1650 kg. Best: the 16th.
	 */
	assert_int_equal(r.week[PR_VOLUME].value, 172000);
	assert_int_equal(r.week[PR_VOLUME].day, d(16));
	/* Reps: 18 in the first week, 24 in the second. */
	assert_int_equal(r.week[PR_REPS].value, 24);
	assert_int_equal(r.week[PR_REPS].day, d(23));
	/* Weeks from Monday: 16th (116.7, 114) and 23rd (121, 120). */
	assert_int_equal(r.week[PR_ONE_RM].value, 12100);
	assert_int_equal(r.week[PR_ONE_RM].day, d(23));
	assert_int_equal(r.week[PR_TIME].value, 0);
	/* The chart from the 16th: its first two weeks, then nothing. */
	assert_int_equal(r.first, d(16));
	assert_int_equal(r.weeks[PR_VOLUME][0], 172000);
	assert_int_equal(r.weeks[PR_VOLUME][1], 165000);
	assert_int_equal(r.weeks[PR_REPS][0], 18);
	assert_int_equal(r.weeks[PR_ONE_RM][1], 12100);
	assert_int_equal(r.weeks[PR_REPS][2], 0);
	assert_int_equal(r.weeks[PR_REPS][PR_WEEKS - 1], 0);
	/* A chart starting a week later has the second week first. */
	pr_compute(s, 6, 1, d(23), &r);
	assert_int_equal(r.weeks[PR_REPS][0], 24);
	assert_int_equal(r.weeks[PR_REPS][1], 0);
	pr_compute(s, 6, 0, d(15), &r);
	/* Weeks from Sunday: 15th (116.7, 114) and 22nd (121, 120). */
	assert_int_equal(r.week[PR_ONE_RM].value, 12100);
	assert_int_equal(r.week[PR_ONE_RM].day, d(22));
	assert_int_equal(r.last_day, d(26));
}

static void
test_time_and_empty(void **state)
{
	struct pr_set s[] = {
		{ d(16), 0, 60, 0, 0, 0, "a" },
		{ d(17), 0, 95, 0, 0, 0, "b" },
		{ d(17), 0, 95, 0, 0, 0, "b" },
	};
	struct records r;

	(void)state;
	pr_compute(s, 3, 1, d(16), &r);
	assert_int_equal(r.seconds.value, 95);
	assert_int_equal(r.seconds.day, d(17));
	assert_int_equal(r.reps.value, 0);
	assert_int_equal(r.load.value, 0);
	assert_int_equal(r.one_rm.value, 0);
	assert_int_equal(r.week[PR_TIME].value, 250);
	pr_compute(s, 0, 1, d(16), &r);
	assert_int_equal(r.week[PR_TIME].value, 0);
	assert_int_equal(r.last_day, -1);
}

/* A bodyweight move: the moved weight is the body weight with the load. */
static void
test_bodyweight(void **state)
{
	struct pr_set s[] = {
		{ d(16), 8, 0, 1, 1000, 9000, "a" },	/* +10 at 80 */
		{ d(17), 5, 0, 1, -2000, 6000, "b" },	/* −20 at 80 */
	};
	struct records r;

	(void)state;
	pr_compute(s, 2, 1, d(16), &r);
	assert_int_equal(r.load.value, 1000);		/* the load, as logged */
	assert_int_equal(r.one_rm.value, 11400);	/* 90 × 38/30 */
	assert_int_equal(r.week[PR_VOLUME].value, 8 * 9000 + 5 * 6000);
	assert_int_equal(pr_measure_of("1rm"), PR_ONE_RM);
	assert_int_equal(pr_measure_of("nope"), -1);
	assert_string_equal(pr_measure_name(PR_VOLUME), "volume");
}

/* The records as exercise_records keeps them, and back; text not theirs refused. */
static void
test_encode(void **state)
{
	struct pr_set s[] = {
		{ d(16), 5, 0, 1, 10000, 10000, "a" },
		{ d(18), 8, 30, 1, -250, 0, "b" },
		{ d(23), 12, 0, 0, 0, 0, "c" },
	};
	struct records r, back;
	char	 text[PR_ENCODED_MAX], longest[PR_ENCODED_MAX];
	size_t	 i;

	(void)state;
	pr_compute(s, 3, 1, d(9), &r);
	r.entries = 3;
	assert_int_equal(r.weeks[PR_REPS][1], 5 + 8);
	pr_encode(&r, text);
	assert_int_equal(pr_decode(text, &back), 0);
	assert_memory_equal(&r, &back, sizeof(r));
	/* Every number at its widest still fits. */
	memset(&r, 0, sizeof(r));
	r.entries = r.last_day = -2147483647L;
	r.reps.value = r.reps.day = r.reps.reps = r.reps.seconds = -2147483647L;
	memcpy(&r.seconds, &r.reps, sizeof(r.reps));
	memcpy(&r.load, &r.reps, sizeof(r.reps));
	memcpy(&r.one_rm, &r.reps, sizeof(r.reps));
	for (i = 0; i < PR_REP_MAXES; i++)
		memcpy(&r.rep_max[i], &r.reps, sizeof(r.reps));
	for (i = 0; i < PR_MEASURES; i++)
		memcpy(&r.week[i], &r.reps, sizeof(r.reps));
	r.first = -2147483647L;
	for (i = 0; i < PR_MEASURES * PR_WEEKS; i++)
		r.weeks[i / PR_WEEKS][i % PR_WEEKS] = -9223372036854775807LL;
	pr_encode(&r, longest);
	assert_true(strlen(longest) < PR_ENCODED_MAX - 1);
	assert_int_equal(pr_decode(longest, &back), 0);
	assert_memory_equal(&r, &back, sizeof(r));
	/* A long long's two ends; one past the top refused. */
	r.weeks[0][0] = LLONG_MIN;
	r.weeks[PR_MEASURES - 1][PR_WEEKS - 1] = LLONG_MAX;
	pr_encode(&r, longest);
	assert_int_equal(pr_decode(longest, &back), 0);
	assert_memory_equal(&r, &back, sizeof(r));
	assert_string_equal(longest + strlen(longest) - 20, " 9223372036854775807");
	longest[strlen(longest) - 1] = '8';
	assert_int_equal(pr_decode(longest, &back), -1);
	/* Cut short, one number too many, another format, junk: refused. */
	text[strlen(text) - 2] = '\0';
	assert_int_equal(pr_decode(text, &back), -1);
	pr_encode(&r, text);
	strcat(text, " 1");
	assert_int_equal(pr_decode(text, &back), -1);
	assert_int_equal(pr_decode("r0 1 2", &back), -1);
	assert_int_equal(pr_decode("r1  1", &back), -1);
	assert_int_equal(pr_decode("r1 x", &back), -1);
	assert_int_equal(pr_decode("", &back), -1);
	assert_int_equal(pr_decode(NULL, &back), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_time_and_empty),
		cmocka_unit_test(test_bodyweight),
		cmocka_unit_test(test_encode),
	};

	return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
