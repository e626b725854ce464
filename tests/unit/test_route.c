/* test_route.c — unit tests of the route table lookup (cgi/route.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http.h"
#include "route.h"

static const struct route *
find(const char *path, const char **args)
{
	memset(args, 0, ROUTE_MAX_ARGS * sizeof(*args));
	return route_find(path, args);
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
		"/signup?", "/logout/x",
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
 * The table has no "*" route yet (match() is static), so captures are
 * untested here; every route in the table must be found by its own path.
 */
static void
test_route_table(void **state)
{
	static const char *const known[] = { "/", "/healthz", NULL };
	const char		*args[ROUTE_MAX_ARGS];
	const struct route	*rt;
	size_t			 i;

	(void)state;
	for (i = 0; known[i] != NULL; i++) {
		assert_non_null(rt = find(known[i], args));
		assert_ptr_equal(find(rt->path, args), rt);
		assert_true(rt->get != NULL || rt->post != NULL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_exact),
		cmocka_unit_test(test_route_missing),
		cmocka_unit_test(test_route_table),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
