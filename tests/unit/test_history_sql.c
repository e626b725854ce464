/*
 * test_history_sql.c — the statements of the history's pages
 * (wk_history_query, cgi/workout_store.c): one per shape of filters and
 * cursor, with only that shape's conditions and its parameters numbered
 * as they come, so that each keeps one generic plan.
 *
 * "test_history_sql --print" writes every shape's statement instead, one
 * a line: "<shape>\t<parameters>\t<sql>", shape a comma-separated list of
 * exercise, from, to, older, newer ("first" for none); tests/e2e/
 * 54_indexes.t explains each with a generic plan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"
#include "mem.h"
#include "workout.h"

#define SHAPES	24	/* filters 2^3 × (first page, older, newer) */

static const char EX[] = "6f1c2d3e-0000-4000-8000-000000000001";
static const char ID[] = "6f1c2d3e-0000-4000-8000-000000000002";

/* Shape k: bits 0-2 exercise, from, to; k / 8: 0 first page, 1 older, 2 newer. */
static void
shape(int k, struct wk_filter *f)
{
	memset(f, 0, sizeof(*f));
	if (k & 1) {
		f->exercise = "push-up";
		f->exercise_id = EX;
	}
	if (k & 2)
		f->from = "2026-01-01";
	if (k & 4)
		f->to = "2026-02-01";
	if (k / 8 > 0) {
		f->micros = "1767225600000000";
		f->id = ID;
	}
	f->newer = k / 8 == 2;
}

static const char *
shape_name(int k, char *s, size_t n)
{
	static const char *const names[] = { "exercise", "from", "to" };
	int	 i;

	s[0] = '\0';
	for (i = 0; i < 3; i++)
		if (k & (1 << i))
			snprintf(s + strlen(s), n - strlen(s), "%s%s",
			    s[0] ? "," : "", names[i]);
	if (k / 8 > 0)
		snprintf(s + strlen(s), n - strlen(s), "%s%s", s[0] ? "," : "",
		    k / 8 == 1 ? "older" : "newer");
	if (s[0] == '\0')
		snprintf(s, n, "first");
	return s;
}

/* The highest $N in sql, and whether each of $1..$N is there. */
static int
highest_param(const char *sql, int *all)
{
	int	 seen[16] = { 0 }, top = 0, i;
	const char *p;
	long	 v;

	for (p = strchr(sql, '$'); p != NULL; p = strchr(p + 1, '$')) {
		v = strtol(p + 1, NULL, 10);
		assert_true(v >= 1 && v < 16);
		seen[v] = 1;
		if (v > top)
			top = (int)v;
	}
	*all = 1;
	for (i = 1; i <= top; i++)
		*all = *all && seen[i];
	return top;
}

static void
test_each_shape(void **state)
{
	struct arena a;
	struct wk_filter f;
	struct db_query q;
	const char *sel;
	int	 k, all, want;

	(void)state;
	arena_init(&a);
	for (k = 0; k < SHAPES; k++) {
		shape(k, &f);
		wk_history_query(&a, &f, &q);
		/* The user's workouts alone: the exercise is named in C. */
		sel = q.sql;
		assert_non_null(strstr(q.sql, " FROM workouts w WHERE "
		    "w.user_id = current_user_id()"));
		assert_null(strstr(q.sql, "exercise_types"));
		assert_null(strstr(q.sql, "JOIN"));
		want = (k & 1) + !!(k & 2) + !!(k & 4) + (k / 8 > 0 ? 2 : 0);
		assert_int_equal(q.n, want);
		assert_int_equal(highest_param(q.sql, &all), want);
		assert_true(all);
		/* No condition a generic plan could not use as an index bound. */
		assert_null(strstr(sel, "IS NULL OR"));
		assert_null(strstr(q.sql, "LIMIT $"));
		assert_true(strncmp(sel, "SELECT ", 7) == 0);
		assert_true((strstr(q.sql, "w.exercise_type_id = $1::uuid") !=
		    NULL) == (k & 1));
		assert_true((strstr(q.sql, "w.performed_at >= $") != NULL) ==
		    !!(k & 2));
		assert_true((strstr(q.sql, "w.performed_at < $") != NULL) ==
		    !!(k & 4));
		assert_true((strstr(q.sql, "(w.performed_at, w.id) < (") !=
		    NULL) == (k / 8 == 1));
		assert_true((strstr(q.sql, "(w.performed_at, w.id) > (") !=
		    NULL) == (k / 8 == 2));
		if (k / 8 == 2) {
			assert_true(strncmp(sel, "SELECT * FROM (SELECT ", 22) ==
			    0);
			assert_non_null(strstr(q.sql, "ORDER BY w.performed_at, "
			    "w.id LIMIT 21) x ORDER BY x.performed_at DESC, "
			    "x.id DESC"));
		} else
			assert_non_null(strstr(q.sql, "ORDER BY w.performed_at "
			    "DESC, w.id DESC LIMIT 21"));
		/* The values, in the order of their numbers. */
		want = 0;
		if (k & 1)
			assert_string_equal(q.params[want++], EX);
		if (k & 2)
			assert_string_equal(q.params[want++], "2026-01-01");
		if (k & 4)
			assert_string_equal(q.params[want++], "2026-02-01");
		if (k / 8 > 0) {
			assert_string_equal(q.params[want++],
			    "1767225600000000");
			assert_string_equal(q.params[want++], ID);
		}
	}
	arena_free(&a);
}

/* f->rows: at most that many (an exercise's page), else a page and one more. */
static void
test_rows(void **state)
{
	struct arena a;
	struct wk_filter f;
	struct db_query q;
	int	 k;

	(void)state;
	arena_init(&a);
	for (k = 0; k < SHAPES; k++) {
		shape(k, &f);
		f.rows = 10;
		wk_history_query(&a, &f, &q);
		assert_non_null(strstr(q.sql, k / 8 == 2 ? "w.id LIMIT 10) x " :
		    "w.id DESC LIMIT 10"));
		assert_null(strstr(q.sql, "LIMIT 21"));
	}
	arena_free(&a);
}

/* One text per shape, the same every time: the connection prepares each once. */
static void
test_one_statement_per_shape(void **state)
{
	struct arena a;
	struct wk_filter f;
	struct db_query q;
	const char *sql[SHAPES];
	int	 i, k;

	(void)state;
	arena_init(&a);
	for (k = 0; k < SHAPES; k++) {
		shape(k, &f);
		wk_history_query(&a, &f, &q);
		sql[k] = q.sql;
		for (i = 0; i < k; i++)
			assert_string_not_equal(sql[i], sql[k]);
	}
	for (k = 0; k < SHAPES; k++) {
		shape(k, &f);
		if (f.exercise_id != NULL)
			f.exercise_id = "6f1c2d3e-0000-4000-8000-00000000000f";
		f.from = f.from ? "2025-06-30" : NULL;
		wk_history_query(&a, &f, &q);
		assert_string_equal(q.sql, sql[k]);
	}
	arena_free(&a);
}

static int
print_all(void)
{
	struct arena a;
	struct wk_filter f;
	struct db_query q;
	char	 name[64];
	int	 k;

	arena_init(&a);
	for (k = 0; k < SHAPES; k++) {
		shape(k, &f);
		wk_history_query(&a, &f, &q);
		printf("%s\t%d\t%s\n", shape_name(k, name, sizeof(name)), q.n,
		    q.sql);
	}
	arena_free(&a);
	return ferror(stdout) || fflush(stdout) != 0;
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_shape),
		cmocka_unit_test(test_one_statement_per_shape),
		cmocka_unit_test(test_rows),
	};

	if (argc == 2 && strcmp(argv[1], "--print") == 0)
		return print_all();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
