/* test_rules.c — unit tests of the rules the domain modules compute in C:
 * calorie estimates (workout.c), streaks (stats.c), body weight units (user.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "stats.h"
#include "user.h"
#include "workout.h"

static const struct exercise pushup = { .slug = "push-up", .met10 = 38,
    .spr10 = 20 };
static const struct exercise rope = { .slug = "jump-rope", .timed = 1,
    .met10 = 118 };
static const struct exercise burpee = { .slug = "burpee", .met10 = 80,
    .spr10 = 40 };

/* The calories stored for w with body weight kg100, or "none". */
static const char *
kcal(const struct exercise *e, long reps, long secs, const char *given,
    int estimated, long long kg100, int *est)
{
	static char out[16];
	struct workout w;
	const char *s;

	memset(&w, 0, sizeof(w));
	w.ex = e;
	w.reps = reps;
	w.duration = secs;
	w.calories = given;
	w.estimated = estimated;
	s = wk_calories(&w, kg100, out, est);
	return s != NULL ? s : "none";
}

static void
test_calories(void **state)
{
	int	 est = -1;

	(void)state;
	/* MET × kg × hours: 20 push-ups of 2 s at 70 kg, 3.8 × 70 × 40 / 3600. */
	assert_string_equal(kcal(&pushup, 20, 0, NULL, -1, -1, &est), "3.0");
	assert_int_equal(est, 1);
	assert_string_equal(kcal(&pushup, 20, 0, NULL, -1, 7000, &est), "3.0");
	/* The duration wins over the reps: 10 minutes at 80 kg = 50.7. */
	assert_string_equal(kcal(&pushup, 20, 600, NULL, -1, 8000, &est),
	    "50.7");
	/* 11.8 × 70 × 600 / 3600 = 137.666…: 137.7. */
	assert_string_equal(kcal(&rope, 0, 600, NULL, -1, -1, &est), "137.7");
	/* To the nearest tenth: 3.8 × 75 × 90 / 3600 = 7.125 → 7.1,
	 * 3.8 × 75 × 270 / 3600 = 21.375 → 21.4. */
	assert_string_equal(kcal(&pushup, 0, 90, NULL, -1, 7500, &est), "7.1");
	assert_string_equal(kcal(&pushup, 0, 270, NULL, -1, 7500, &est), "21.4");
	/* Halves away from zero, as PostgreSQL's round(): 8 × 73.5 × 15 /
	 * 3600 = 2.45 exactly → 2.5 (to even would give 2.4); 8 × 70.5 × 15
	 * / 3600 = 2.35 → 2.4. */
	assert_string_equal(kcal(&burpee, 0, 15, NULL, -1, 7350, &est), "2.5");
	assert_string_equal(kcal(&burpee, 0, 15, NULL, -1, 7050, &est), "2.4");
	/* Reps at the exercise's pace: 9 burpees of 4 s at 73.5 kg = 36 s. */
	assert_string_equal(kcal(&burpee, 9, 0, NULL, -1, 7350, &est), "5.9");
	/* Given calories are kept; estimated only if an import says so. */
	assert_string_equal(kcal(&pushup, 20, 0, "45.5", -1, -1, &est), "45.5");
	assert_int_equal(est, 0);
	assert_string_equal(kcal(&pushup, 20, 0, "45.5", 1, -1, &est), "45.5");
	assert_int_equal(est, 1);
	/* An import that says none were known: none. */
	assert_string_equal(kcal(&pushup, 20, 0, NULL, 0, -1, &est), "none");
	assert_int_equal(est, 0);
	assert_string_equal(kcal(&pushup, 20, 0, NULL, 1, -1, &est), "3.0");
	assert_int_equal(est, 1);
	/* A timed exercise without a duration: no way to estimate. */
	assert_string_equal(kcal(&rope, 50, 0, NULL, -1, -1, &est), "none");
	/* The largest: 25 MET × 500 kg × 24 h fits. */
	assert_string_equal(kcal(&rope, 0, 86400, NULL, -1, 50000, &est),
	    "141600.0");
}

static void
streaks_are(const long *days, size_t n, long today, long cur, long best)
{
	long	 c = -1, b = -1;

	stats_streaks(days, n, today, &c, &b);
	assert_int_equal(c, cur);
	assert_int_equal(b, best);
}

static void
test_streaks(void **state)
{
	static const long run[] = { 10, 11, 12, 20, 21, 30 };
	static const long ahead[] = { 98, 99, 101 };

	(void)state;
	streaks_are(NULL, 0, 100, 0, 0);
	streaks_are(run, 6, 30, 1, 3);		/* today alone */
	streaks_are(run, 6, 31, 1, 3);		/* yesterday counts */
	streaks_are(run, 6, 32, 0, 3);		/* two days ago: broken */
	streaks_are(run, 5, 22, 2, 3);		/* 20, 21 up to yesterday */
	streaks_are(run, 3, 12, 3, 3);
	/* Tomorrow's workout (allowed, up to a day ahead) with today empty. */
	streaks_are(ahead, 3, 100, 2, 2);
	streaks_are(ahead, 3, 101, 1, 2);
}

static void
test_weights(void **state)
{
	(void)state;
	/* 165 lb is 74.84 kg, and reads back as 165.0 lb. */
	assert_int_equal(user_weight_kg100(1650, 1), 7484);
	assert_int_equal(user_weight_in(7484, 1), 1650);
	assert_int_equal(user_weight_kg100(725, 0), 7250);
	assert_int_equal(user_weight_in(7250, 0), 725);
	assert_int_equal(user_weight_in(7485, 0), 749);	/* halves up */
	/* The bounds in pounds: 20 kg and 500 kg. */
	assert_int_equal(user_weight_in(2000, 1), 441);
	assert_int_equal(user_weight_in(50000, 1), 11023);
	assert_true(user_weight_kg100(441, 1) >= 2000);
	assert_true(user_weight_kg100(440, 1) < 2000);
	assert_true(user_weight_kg100(11023, 1) <= 50000);
	assert_true(user_weight_kg100(11024, 1) > 50000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calories),
		cmocka_unit_test(test_streaks),
		cmocka_unit_test(test_weights),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
