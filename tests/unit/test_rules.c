/* test_rules.c — unit tests of the rules the domain modules compute in C:
 * calorie estimates (workout.c), body weight units (user.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bodyweight.h"
#include "user.h"
#include "workout.h"

static const struct exercise pushup = { .slug = "push-up", .met10 = 38,
    .spr10 = 20, .bodyweight = 1 };
static const struct exercise squat = { .slug = "back-squat", .met10 = 50,
    .spr10 = 30, .measure = MEASURE_REPS_WEIGHT };
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
	struct set set;
	const char *s;

	memset(&w, 0, sizeof(w));
	memset(&set, 0, sizeof(set));
	w.ex = e;
	set.reps = reps;
	set.seconds = secs;
	w.sets = &set;
	w.nsets = 1;
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

/* Two sets of calories split the same way as one: the sums count. */
static void
test_calories_sets(void **state)
{
	struct set s[3] = { { 10, 0, 0, 0 }, { 8, 0, 0, 0 }, { 2, 0, 0, 0 } };
	struct workout w = { .ex = &pushup, .sets = s, .nsets = 3,
	    .estimated = -1 };
	char	 out[16];
	int	 est;

	(void)state;
	assert_string_equal(wk_calories(&w, -1, out, &est), "3.0");
	s[1].seconds = 60;	/* time wins: 60 s in all */
	assert_string_equal(wk_calories(&w, 7000, out, &est), "4.4");
}

static void
test_totals(void **state)
{
	/* 8 reps +10 kg, 6 reps −20 kg (help), 5 reps bare: a bodyweight move at 80 kg. */
	struct set s[3] = { { 8, 0, 1000, 1 }, { 6, 0, -2000, 1 },
	    { 5, 30, 0, 0 } };
	struct workout w = { .ex = &pushup, .sets = s, .nsets = 3 };
	struct set b[2] = { { 5, 0, 10000, 1 }, { 3, 0, 11000, 1 } };
	struct workout bar = { .ex = &squat, .sets = b, .nsets = 2 };
	struct totals t;

	(void)state;
	wk_totals(&w, 8000, &t);
	assert_int_equal(t.reps, 19);
	assert_int_equal(t.seconds, 30);
	assert_int_equal(t.best_reps, 8);
	assert_int_equal(t.best_seconds, 30);
	assert_true(t.has_load && t.max_load == 1000);
	/* 8 × 90 + 6 × 60 + 5 × 80 = 720 + 360 + 400 = 1480 kg */
	assert_true(t.has_volume && t.volume == 148000);
	/* Without the body weight: the loaded sets alone, help counts 0. */
	wk_totals(&w, -1, &t);
	assert_true(t.has_volume && t.volume == 8000);
	/* A barbell: 5 × 100 + 3 × 110 = 830 kg, whatever the body weight. */
	wk_totals(&bar, 8000, &t);
	assert_true(t.volume == 83000 && t.max_load == 11000);
}

static void
test_one_rep_max(void **state)
{
	(void)state;
	/* Epley: 100 kg × 5 → 100 × (1 + 5/30) = 116.67 → 116.7 kg. */
	assert_true(wk_one_rep_max(5, 10000) == 11670);
	assert_true(wk_one_rep_max(1, 10000) == 10000);
	assert_true(wk_one_rep_max(10, 6000) == 8000);	/* 60 × 4/3 */
	assert_true(wk_one_rep_max(12, 5000) == 7000);	/* 50 × 1.4 */
	assert_true(wk_one_rep_max(13, 5000) == 0);	/* too many reps */
	assert_true(wk_one_rep_max(5, 0) == 0);
	assert_true(wk_one_rep_max(0, 5000) == 0);
}

static void
test_loads(void **state)
{
	long long v;
	char	 s[64];

	(void)state;
	assert_int_equal(wk_load_parse("20", 0, &v), 0);
	assert_true(v == 2000);
	assert_int_equal(wk_load_parse("-12.5", 0, &v), 0);
	assert_true(v == -1250);
	assert_int_equal(wk_load_parse("+10", 0, &v), 0);
	assert_true(v == 1000);
	assert_int_equal(wk_load_parse("22,25", 0, &v), 0);
	assert_true(v == 2225);
	assert_int_equal(wk_load_parse("45", 1, &v), 0);	/* 45 lb */
	assert_true(v == 2041);
	assert_int_equal(wk_load_parse("1000", 0, &v), 0);
	assert_int_equal(wk_load_parse("1000.01", 0, &v), -1);
	assert_int_equal(wk_load_parse("2204.6", 1, &v), 0);
	assert_int_equal(wk_load_parse("2204.7", 1, &v), -1);
	assert_int_equal(wk_load_parse("20.555", 0, &v), -1);
	assert_int_equal(wk_load_parse("20.55", 1, &v), -1);
	assert_int_equal(wk_load_parse("kg", 0, &v), -1);
	assert_int_equal(wk_load_parse("", 0, &v), -1);
	assert_int_equal(wk_load_parse("--5", 0, &v), -1);
	wk_load_text(s, sizeof(s), 2000, 0, 0);
	assert_string_equal(s, "20 kg");
	wk_load_text(s, sizeof(s), 1000, 0, 1);
	assert_string_equal(s, "+10 kg");
	wk_load_text(s, sizeof(s), -1250, 0, 1);
	assert_string_equal(s, "−12.5 kg");
	wk_load_text(s, sizeof(s), 2041, 1, 0);
	assert_string_equal(s, "45 lb");	/* 20.41 kg: 45.0 lb */
	wk_load_text(s, sizeof(s), 1021, 1, 1);
	assert_string_equal(s, "+22.5 lb");
	wk_load_value(s, sizeof(s), -2000, 0);
	assert_string_equal(s, "-20");
	/* Every load in lb to 0.1 comes back the same through kg to 0.01. */
	for (v = -22046; v <= 22046; v += 7) {
		char	 in[32];
		long long kg;

		snprintf(in, sizeof(in), "%s%lld.%lld", v < 0 ? "-" : "",
		    (v < 0 ? -v : v) / 10, (v < 0 ? -v : v) % 10);
		assert_int_equal(wk_load_parse(in, 1, &kg), 0);
		wk_load_value(s, sizeof(s), kg, 1);
		if (strtod(s, NULL) * 10 != (double)v)
			fail_msg("%s lb came back as %s", in, s);
	}
}

static void
test_sets_text(void **state)
{
	struct set a[3] = { { 8, 0, 1000, 1 }, { 8, 0, 1000, 1 },
	    { 8, 0, 1000, 1 } };
	struct set b[3] = { { 10, 0, 0, 0 }, { 8, 0, 0, 0 }, { 6, 0, 0, 0 } };
	struct set c[2] = { { 0, 90, 0, 0 }, { 0, 90, 0, 0 } };
	struct set d[2] = { { 5, 0, 10000, 1 }, { 3, 0, 11000, 1 } };
	struct set e[2] = { { 8, 90, 0, 0 }, { 0, 90, 0, 0 } };
	char	 s[128];

	(void)state;
	wk_sets_text(s, sizeof(s), a, 3, 0, 1);
	assert_string_equal(s, "3 × 8 @ +10 kg");
	wk_sets_text(s, sizeof(s), b, 3, 0, 1);
	assert_string_equal(s, "10, 8, 6 reps");
	wk_sets_text(s, sizeof(s), b, 1, 0, 1);
	assert_string_equal(s, "10 reps");
	wk_sets_text(s, sizeof(s), c, 2, 0, 0);
	assert_string_equal(s, "2 × 1:30");
	wk_sets_text(s, sizeof(s), d, 2, 0, 0);
	assert_string_equal(s, "5 @ 100 kg, 3 @ 110 kg");
	wk_sets_text(s, 8, d, 2, 0, 0);		/* cut, never past the end */
	assert_int_equal(strlen(s), 7);
	wk_sets_text(s, 4, c, 2, 0, 0);		/* "2 ×": not half of × */
	assert_string_equal(s, "2 ");
	wk_sets_text(s, 5, c, 2, 0, 0);
	assert_string_equal(s, "2 ×");
	wk_sets_text(s, sizeof(s), e, 2, 0, 0);
	assert_string_equal(s, "8 in 1:30, 1:30");
	wk_sets_text(s, sizeof(s), e, 0, 0, 0);
	assert_string_equal(s, "");
}

static void
test_body_weight_pick(void **state)
{
	static const struct bw_entry e[] = { { 10, 8000 }, { 20, 7900 },
	    { 30, 7800 } };

	(void)state;
	assert_true(bw_pick(e, 3, 5) == 8000);	/* before any: the first */
	assert_true(bw_pick(e, 3, 10) == 8000);
	assert_true(bw_pick(e, 3, 19) == 8000);
	assert_true(bw_pick(e, 3, 20) == 7900);
	assert_true(bw_pick(e, 3, 1000) == 7800);
	assert_true(bw_pick(e, 0, 10) == -1);
}

static void
test_slugify(void **state)
{
	char	 s[64];

	(void)state;
	ex_slugify("Weighted Pull-up", s);
	assert_string_equal(s, "weighted-pull-up");
	ex_slugify("  Bench press (close grip)! ", s);
	assert_string_equal(s, "bench-press-close-grip");
	ex_slugify("Жим лёжа", s);
	assert_string_equal(s, "exercise");
	ex_slugify("Ski erg 2000m", s);
	assert_string_equal(s, "ski-erg-2000m");
	ex_slugify("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    s);
	assert_int_equal(strlen(s), 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calories),
		cmocka_unit_test(test_calories_sets),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_one_rep_max),
		cmocka_unit_test(test_loads),
		cmocka_unit_test(test_sets_text),
		cmocka_unit_test(test_body_weight_pick),
		cmocka_unit_test(test_slugify),
		cmocka_unit_test(test_weights),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
