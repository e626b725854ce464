/* test_envfile.c — unit tests of the configuration file's parser (cgi/envfile.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "envfile.h"

/* What the parser set: "KEY=VALUE;" for each call, in order. */
struct seen {
	char	 out[512];
	int	 refuse;	/* set() refuses the key of this number (1...) */
	int	 calls;
};

static int
record(void *arg, const char *key, const char *value, const char **why)
{
	struct seen *s = arg;
	size_t	 n = strlen(s->out);

	if (++s->calls == s->refuse) {
		*why = "refused";
		return -1;
	}
	snprintf(s->out + n, sizeof(s->out) - n, "%s=%s;", key, value);
	return 0;
}

/* text parses, setting exactly want. */
static void
parses(const char *text, const char *want)
{
	struct seen s = { "", 0, 0 };
	char	 buf[512];
	const char *why = NULL;
	int	 line = -1;

	snprintf(buf, sizeof(buf), "%s", text);
	if (envfile_parse(buf, record, &s, &line, &why) != 0)
		fail_msg("\"%s\" refused at line %d: %s", text, line, why);
	assert_string_equal(s.out, want);
}

/* text is refused at line want_line for want_why. */
static void
refused(const char *text, int want_line, const char *want_why)
{
	struct seen s = { "", 0, 0 };
	char	 buf[512];
	const char *why = NULL;
	int	 line = -1;

	snprintf(buf, sizeof(buf), "%s", text);
	if (envfile_parse(buf, record, &s, &line, &why) != -1)
		fail_msg("\"%s\" accepted: %s", text, s.out);
	assert_int_equal(line, want_line);
	assert_non_null(why);
	if (strstr(why, want_why) == NULL)
		fail_msg("\"%s\": \"%s\", not \"%s\"", text, why, want_why);
}

static void
test_plain(void **state)
{
	(void)state;
	parses("", "");
	parses("A=1", "A=1;");
	parses("A=1\nB=two words\n", "A=1;B=two words;");
	parses("  A =  spaced out  \r\n", "A=spaced out;");
	parses("EXBUDDY_DSN=host=/run/postgresql dbname=exbuddy\n",
	    "EXBUDDY_DSN=host=/run/postgresql dbname=exbuddy;");
	parses("EMPTY=\n", "EMPTY=;");
	parses("_x9=a=b", "_x9=a=b;");
}

static void
test_comments(void **state)
{
	(void)state;
	parses("# a comment\n\n; another\n   # indented\nA=1\n\n", "A=1;");
	parses("A=1 # not a comment", "A=1 # not a comment;");
}

static void
test_quotes(void **state)
{
	(void)state;
	parses("A=\"x y\"", "A=x y;");
	parses("A='x \"y\" z'", "A=x \"y\" z;");
	parses("A=\"say \\\"hi\\\" \\\\ bye\"", "A=say \"hi\" \\ bye;");
	parses("A=\"host=x password='p w'\"", "A=host=x password='p w';");
	parses("A=\"\"", "A=;");
	parses("A=  'kept  inside '  ", "A=kept  inside ;");
}

static void
test_refused(void **state)
{
	(void)state;
	refused("A", 1, "is not NAME=value");
	refused("# ok\n\nnot a setting\n", 3, "is not NAME=value");
	refused("=1", 1, "no name");
	refused("A B=1", 1, "letters, digits");
	refused("9A=1", 1, "letters, digits");
	refused("A-B=1", 1, "letters, digits");
	refused("A=\"open", 1, "not closed");
	refused("A=\"", 1, "not closed");
	refused("A='x'y", 1, "not closed");
	refused("A='x'y'z'", 1, "inside single quotes");
	refused("A=\"x\"y\"", 1, "inside double quotes");
	refused("A=\"x\\n\"", 1, "backslash");
	refused("A=it's", 1, "quote or a backslash");
	refused("A=C:\\dir", 1, "quote or a backslash");
}

/* A refusal by set() stops the parse at its line, after what came before. */
static void
test_set_refuses(void **state)
{
	struct seen s = { "", 2, 0 };
	char	 buf[] = "A=1\n\nB=2\nC=3\n";
	const char *why = NULL;
	int	 line = 0;

	(void)state;
	assert_int_equal(envfile_parse(buf, record, &s, &line, &why), -1);
	assert_int_equal(line, 3);
	assert_string_equal(why, "refused");
	assert_string_equal(s.out, "A=1;");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_set_refuses),
	};

	return cmocka_run_group_tests_name("envfile", tests, NULL, NULL);
}
