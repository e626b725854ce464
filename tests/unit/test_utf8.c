/* test_utf8.c — unit tests of UTF-8 checks (cgi/utf8.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

/* utf8_valid */

static void
test_utf8_valid(void **state)
{
	static const struct {
		const char	*s;
		int		 ok;
	} t[] = {
		{ "", 1 },
		{ "plain ASCII \x01\x7f", 1 },
		{ "\x80", 0 },
		{ "\xbf", 0 },
		{ "\xc0\x80", 0 },
		{ "\xc1\xbf", 0 },
		{ "\xc2\x80", 1 },		/* U+0080 */
		{ "\xdf\xbf", 1 },		/* U+07FF */
		{ "\xc2", 0 },
		{ "\xc2\x41", 0 },
		{ "\xc2\xc2\x80", 0 },
		{ "\xe0\x9f\xbf", 0 },		/* overlong U+07FF */
		{ "\xe0\xa0\x80", 1 },		/* U+0800 */
		{ "\xed\x9f\xbf", 1 },		/* U+D7FF */
		{ "\xed\xa0\x80", 0 },		/* U+D800 */
		{ "\xed\xbf\xbf", 0 },		/* U+DFFF */
		{ "\xee\x80\x80", 1 },		/* U+E000 */
		{ "\xef\xbf\xbf", 1 },		/* U+FFFF */
		{ "\xe2\x82", 0 },
		{ "\xe2\x82\x41", 0 },
		{ "\xf0\x8f\xbf\xbf", 0 },	/* overlong U+FFFF */
		{ "\xf0\x90\x80\x80", 1 },	/* U+10000 */
		{ "\xf4\x8f\xbf\xbf", 1 },	/* U+10FFFF */
		{ "\xf4\x90\x80\x80", 0 },	/* U+110000 */
		{ "\xf5\x80\x80\x80", 0 },
		{ "\xf8\x88\x80\x80\x80", 0 },
		{ "\xfe", 0 },
		{ "\xff", 0 },
		{ "\xf0\x9f\x92", 0 },
		{ "a\xf0\x9f\x92\xaa" "b", 1 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (utf8_valid(t[i].s, strlen(t[i].s)) != t[i].ok)
			fail_msg("utf8_valid case %zu", i);
	}
	/* len bounds the check: a sequence cut by len is invalid. */
	assert_int_equal(utf8_valid("\xc3\xa9", 1), 0);
	assert_int_equal(utf8_valid("\xe2\x82\xac", 2), 0);
	assert_int_equal(utf8_valid("\xf0\x9f\x92\xaa", 3), 0);
	assert_int_equal(utf8_valid("ab\xff", 2), 1);
	assert_int_equal(utf8_valid("a\0b", 3), 1);
	assert_int_equal(utf8_valid(NULL, 0), 1);
}

/* utf8_chars */

static void
test_chars(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars("", 0), 0);
	assert_int_equal(utf8_chars("abc", 3), 3);
	assert_int_equal(utf8_chars("\xc3\xa9", 2), 1);
	assert_int_equal(utf8_chars("\xe2\x82\xac", 3), 1);
	assert_int_equal(utf8_chars("\xf0\x9f\x92\xaa", 4), 1);
	assert_int_equal(utf8_chars("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x92\xaa",
	    10), 4);
	assert_int_equal(utf8_chars("abc", 2), 2);
	assert_int_equal(utf8_chars("a\0b", 3), 3);
}

/* utf8_has_controls */

static void
test_controls(void **state)
{
	(void)state;
	assert_int_equal(utf8_has_controls("plain text", 10, NULL), 0);
	assert_int_equal(utf8_has_controls("tab\there", 8, NULL), 1);
	assert_int_equal(utf8_has_controls("tab\there", 8, "\t"), 0);
	assert_int_equal(utf8_has_controls("line\nbreak", 10, "\t"), 1);
	assert_int_equal(utf8_has_controls("line\nbreak", 10, "\t\n\r"), 0);
	assert_int_equal(utf8_has_controls("nul\0x", 5, "\t\n\r"), 1);
	assert_int_equal(utf8_has_controls("del\x7f", 4, "\t"), 1);
	/* C1 controls U+0080 to U+009F; U+00A0 is not one. */
	assert_int_equal(utf8_has_controls("\xc2\x80", 2, NULL), 1);
	assert_int_equal(utf8_has_controls("\xc2\x9f", 2, NULL), 1);
	assert_int_equal(utf8_has_controls("\xc2\xa0", 2, NULL), 0);
	assert_int_equal(utf8_has_controls("\xc3\xa9", 2, NULL), 0);
	/* n bounds the check. */
	assert_int_equal(utf8_has_controls("ab\x01", 2, NULL), 0);
	assert_int_equal(utf8_has_controls("\xc2", 1, NULL), 0);
}

/* utf8_cmp_fold, utf8_same_fold */

static void
test_fold(void **state)
{
	(void)state;
	assert_int_equal(utf8_cmp_fold("Plank", "plank"), 0);
	assert_true(utf8_same_fold("\xc3\x9c" "bung", "\xc3\xbc" "bung"));	/* Übung */
	assert_true(utf8_cmp_fold("abs roll", "Plank") < 0);	/* bytes: after */
	assert_true(utf8_cmp_fold("Push-up", "plank") > 0);
	assert_true(utf8_cmp_fold("plank", "Plank (yours)") < 0);	/* shorter first */
	assert_true(utf8_cmp_fold("Plank (yours)", "plank") > 0);
	assert_true(utf8_cmp_fold("Zug", "\xc3\x84pfel") < 0);	/* Ä past z */
	assert_true(utf8_cmp_fold("\xc3\x84pfel", "\xc3\xa4rger") < 0);	/* äp < är */
	assert_int_equal(utf8_cmp_fold("", ""), 0);
	assert_true(utf8_cmp_fold("", "a") < 0);
	assert_false(utf8_same_fold("Plank", "Planks"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
