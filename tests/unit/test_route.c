/* test_route.c — unit tests of the route table and its lookup (cgi/route.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http.h"
#include "route.h"

#define ID	"0f8fad5b-d9cb-469f-a165-70867728950e"

static const struct route *
find(const char *path, const char **args)
{
	memset(args, 0, ROUTE_MAX_ARGS * sizeof(*args));
	return route_find(path, args);
}

/* The path of pattern with each "*" as seg, into out. */
static void
instance(const char *pat, const char *seg, char *out, size_t n)
{
	size_t	 o = 0;

	for (; *pat != '\0' && o + strlen(seg) + 1 < n; pat++)
		if (*pat == '*') {
			memcpy(out + o, seg, strlen(seg));
			o += strlen(seg);
		} else
			out[o++] = *pat;
	out[o] = '\0';
}

static void
test_route_exact(void **state)
{
	const char		*args[ROUTE_MAX_ARGS];
	const struct route	*rt;
	size_t			 i;

	(void)state;
	assert_non_null(rt = find("/", args));
	assert_string_equal(rt->path, "/");
	assert_non_null(rt->get);
	assert_non_null(rt = find("/healthz", args));
	assert_string_equal(rt->path, "/healthz");
	assert_non_null(rt->get);
	/* Exact routes capture nothing. */
	for (i = 0; i < ROUTE_MAX_ARGS; i++)
		assert_null(args[i]);
}

static void
test_route_missing(void **state)
{
	static const char *const paths[] = {
		"/nope", "/healthz/", "/healthz2", "/health", "/Healthz",
		"/HEALTHZ", "//", "", "healthz", "/healthz?x", "/healthz ",
		"//healthz", "/./healthz", "/\xc3\xa9", "/login/", "/dashboard/",
		"/signup?", "/logout/x", "/workouts//edit", "/workouts/edit",
		"/workouts/" ID "/edit/", "/workouts/" ID "/x/edit",
		"/workouts/" ID, "/workouts/" ID "/Edit", "/workouts/" ID "/delete/x",
		NULL,
	};
	const char	*args[ROUTE_MAX_ARGS];
	size_t		 i;

	(void)state;
	for (i = 0; paths[i] != NULL; i++)
		if (find(paths[i], args) != NULL)
			fail_msg("\"%s\" found a route", paths[i]);
}

/*
 * Every route of the table: found by its own path, "*" segments taken
 * by any one segment (and given back as args, up to the next "/"), a
 * handler for some method, and a form to go back to for each POST.
 */
static void
test_route_table(void **state)
{
	const char		*args[ROUTE_MAX_ARGS];
	const struct route	*t, *rt;
	char			 path[256];
	size_t			 i, n, k, stars;
	const char		*p;

	(void)state;
	t = route_table(&n);
	assert_true(n >= 20);
	for (i = 0; i < n; i++) {
		for (stars = 0, p = t[i].path; *p != '\0'; p++)
			stars += *p == '*';
		assert_true(stars <= ROUTE_MAX_ARGS);
		instance(t[i].path, ID, path, sizeof(path));
		if ((rt = find(path, args)) != &t[i])
			fail_msg("%s: \"%s\" finds %s", t[i].path, path,
			    rt ? rt->path : "nothing");
		for (k = 0; k < ROUTE_MAX_ARGS; k++) {
			if (k < stars) {
				assert_non_null(args[k]);
				assert_int_equal(strcspn(args[k], "/"),
				    strlen(ID));
				assert_memory_equal(args[k], ID, strlen(ID));
			} else
				assert_null(args[k]);
		}
		assert_true(t[i].get != NULL || t[i].post != NULL);
		if (t[i].post != NULL && t[i].form == NULL)
			fail_msg("%s takes a POST without a form to retry",
			    t[i].path);
		if (stars > 0) {	/* one empty segment is no match */
			instance(t[i].path, "", path, sizeof(path));
			assert_null(find(path, args));
		}
	}
}

/* Two routes never match the same path: each path is its own route's. */
static void
test_route_unique(void **state)
{
	const struct route *t;
	size_t	 i, j, n;

	(void)state;
	t = route_table(&n);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(t[i].path, t[j].path) == 0)
				fail_msg("%s is in the table twice", t[i].path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_exact),
		cmocka_unit_test(test_route_missing),
		cmocka_unit_test(test_route_table),
		cmocka_unit_test(test_route_unique),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
