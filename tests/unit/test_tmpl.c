/* test_tmpl.c — unit tests of the template engine (cgi/tmpl.c) */
#define _POSIX_C_SOURCE 200809L

#include <sys/stat.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mem.h"
#include "limits.h"
#include "tmpl.h"

#define PATH_LEN	4096	/* no <limits.h>: -Icgi finds cgi/limits.h */

struct fx {
	struct arena		 arena;
	struct tmpl_vars	*v;
	struct buf		 out;
	char			 dir[64];	/* a temporary dir, or "" */
	char			 err[512];
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	arena_init(&f->arena);
	f->v = tmpl_vars_new(&f->arena);
	buf_init(&f->out);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_LEN];

	if (f->dir[0] != '\0' && (d = opendir(f->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", f->dir,
			    de->d_name);
			if (unlink(path) == -1)
				rmdir(path);
		}
		closedir(d);
		rmdir(f->dir);
	}
	buf_free(&f->out);
	arena_free(&f->arena);
	free(f);
	return 0;
}

/* Parses text as "t.tmpl" (includes from f->dir if made), renders it. */
static const char *
render(struct fx *f, const char *text)
{
	struct tmpl_set	*set;

	set = tmpl_parse_mem("t.tmpl", text, strlen(text),
	    f->dir[0] ? f->dir : NULL, f->err, sizeof(f->err));
	if (set == NULL)
		fail_msg("parse failed: %s", f->err);
	buf_reset(&f->out);
	assert_int_equal(tmpl_render(set, "t.tmpl", f->v, &f->out), 0);
	tmpl_set_free(set);
	return f->out.data != NULL ? f->out.data : "";
}

#define assert_renders(f, text, want) \
	assert_string_equal(render((f), (text)), (want))

/* Parsing text (as "e.tmpl") fails with an error starting with prefix. */
static void
expect_err_dir(const char *dir, const char *text, const char *prefix,
    const char *part)
{
	struct tmpl_set	*set;
	char		 err[512];

	err[0] = '\0';
	set = tmpl_parse_mem("e.tmpl", text, strlen(text), dir, err,
	    sizeof(err));
	if (set != NULL) {
		tmpl_set_free(set);
		fail_msg("no error for \"%s\"", text);
	}
	if (strncmp(err, prefix, strlen(prefix)) != 0 ||
	    strstr(err, part) == NULL)
		fail_msg("for \"%s\": got \"%s\", want \"%s...%s...\"",
		    text, err, prefix, part);
}

static void
expect_err(const char *text, const char *prefix, const char *part)
{
	expect_err_dir(NULL, text, prefix, part);
}

static void
make_dir(struct fx *f)
{
	strcpy(f->dir, "/tmp/test_tmpl.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		fail_msg("mkdtemp failed");
}

static void
put_bytes(struct fx *f, const char *name, const char *data, size_t len)
{
	char	 path[PATH_LEN];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		fail_msg("cannot write %s", path);
	if (fwrite(data, 1, len, fp) != len || fclose(fp) != 0)
		fail_msg("cannot write %s", path);
}

static void
put_file(struct fx *f, const char *name, const char *text)
{
	put_bytes(f, name, text, strlen(text));
}

static void
put_dir(struct fx *f, const char *name)
{
	char	 path[PATH_LEN];

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	if (mkdir(path, 0700) == -1)
		fail_msg("cannot make %s", path);
}

/* Loads f->dir: expects success, or an error starting with prefix. */
static struct tmpl_set *
load(struct fx *f, const char *prefix, const char *part)
{
	struct tmpl_set	*set;

	f->err[0] = '\0';
	set = tmpl_load_dir(f->dir, f->err, sizeof(f->err));
	if (prefix == NULL) {
		if (set == NULL)
			fail_msg("load failed: %s", f->err);
		return set;
	}
	if (set != NULL) {
		tmpl_set_free(set);
		fail_msg("load of %s did not fail", f->dir);
	}
	if (strncmp(f->err, prefix, strlen(prefix)) != 0 ||
	    strstr(f->err, part) == NULL)
		fail_msg("got \"%s\", want \"%s...%s...\"", f->err, prefix,
		    part);
	return NULL;
}

/* Plain text and text that only looks like a tag pass unchanged. */
static void
test_text(void **state)
{
	struct fx	*f = *state;

	assert_renders(f, "", "");
	assert_renders(f, "hello\nworld\n", "hello\nworld\n");
	assert_renders(f, "a < b <tmp <TMPL <!-- TMPL_VAR x --> </p> <",
	    "a < b <tmp <TMPL <!-- TMPL_VAR x --> </p> <");
	assert_renders(f, "<TMPL-VAR name=\"x\"> & <tmplvar>",
	    "<TMPL-VAR name=\"x\"> & <tmplvar>");
}

static void
test_var_escape(void **state)
{
	struct fx	*f = *state;
	static const char *const cases[][2] = {
		{ "&", "&amp;" }, { "<", "&lt;" }, { ">", "&gt;" },
		{ "\"", "&quot;" }, { "'", "&#39;" },
		{ "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f" },
		{ "plain é", "plain é" },
	};
	char		 want[64];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tmpl_set(f->v, "x", cases[i][0]);
		snprintf(want, sizeof(want), "[%s]", cases[i][1]);
		assert_renders(f, "[<TMPL_VAR name=\"x\">]", want);
	}
}

static void
test_var_raw_url(void **state)
{
	struct fx	*f = *state;

	tmpl_set(f->v, "x", "<b>&amp;</b>");
	assert_renders(f, "<TMPL_VAR name=\"x\" fmt=\"raw\">", "<b>&amp;</b>");
	tmpl_set(f->v, "x", "a b&c/d?e=é~-._");
	assert_renders(f, "<TMPL_VAR name=\"x\" fmt=\"url\">",
	    "a%20b%26c%2Fd%3Fe%3D%C3%A9~-._");
	tmpl_set(f->v, "x", "\"'<>");
	assert_renders(f, "<a href=\"/u?q=<TMPL_VAR name=\"x\" fmt=\"url\">\">",
	    "<a href=\"/u?q=%22%27%3C%3E\">");
}

static void
test_var_default(void **state)
{
	struct fx	*f = *state;

	assert_renders(f, "[<TMPL_VAR name=\"nope\">]", "[]");
	assert_renders(f, "[<TMPL_VAR name=\"nope\" default=\"-\">]", "[-]");
	assert_renders(f, "<TMPL_VAR name=\"n\" default=\"<a&b>\">",
	    "&lt;a&amp;b&gt;");
	assert_renders(f, "<TMPL_VAR name=\"n\" fmt=\"url\" default=\"a b\">",
	    "a%20b");
	assert_renders(f, "<TMPL_VAR name=\"n\" fmt=\"raw\" default=\"<i>\">",
	    "<i>");
	assert_renders(f, "<TMPL_VAR name=\"n\" default=\"\">", "");
	tmpl_set(f->v, "e", "");
	assert_renders(f, "[<TMPL_VAR name=\"e\" default=\"d\">]", "[]");
	tmpl_set(f->v, "e", NULL);	/* NULL unsets */
	assert_renders(f, "[<TMPL_VAR name=\"e\" default=\"d\">]", "[d]");
	tmpl_loop_add(f->v, "rows");	/* a loop is not a value */
	assert_renders(f, "[<TMPL_VAR name=\"rows\" default=\"d\">]", "[d]");
}

static void
test_case_and_space(void **state)
{
	struct fx	*f = *state;

	tmpl_set(f->v, "x", "<X>");
	tmpl_set(f->v, "X", "upper");
	assert_renders(f, "<tmpl_var NAME=\"x\">", "&lt;X&gt;");
	assert_renders(f, "<TmPl_VaR\n\tName = \"x\"\r\n>", "&lt;X&gt;");
	/* Names keep their case. */
	assert_renders(f, "<TMPL_VAR name=\"X\">", "upper");
	assert_renders(f, "<TMPL_VAR   name=\"x\"   FMT=\"RAW\"   >", "<X>");
	assert_renders(f, "<tmpl_if name=\"x\" >y</tmpl_if >"
	    "<Tmpl_Unless name=\"x\">n<tmpl_else>y</TMPL_unless>"
	    "<tmpl_loop name=\"l\"></tmpl_loop\n>", "yy");
	tmpl_set(f->v, "x", "a\"b");
	assert_renders(f, "<TMPL_IF name=\"x\" value=\"a>b\">no</TMPL_IF>"
	    "<TMPL_VAR name=\"u\" default=\"1>0\">", "1&gt;0");
}

static void
test_set_get(void **state)
{
	struct fx		*f = *state;
	struct tmpl_vars	*row;
	char			 src[8];

	strcpy(src, "first");
	tmpl_set(f->v, "x", src);
	strcpy(src, "xxxxx");	/* tmpl_set copied it */
	assert_string_equal(tmpl_get(f->v, "x"), "first");
	tmpl_set(f->v, "x", "second");
	assert_string_equal(tmpl_get(f->v, "x"), "second");
	assert_renders(f, "<TMPL_VAR name=\"x\">", "second");
	tmpl_setf(f->v, "f", "%s-%d", "a", 7);
	assert_string_equal(tmpl_get(f->v, "f"), "a-7");
	tmpl_set_int(f->v, "i", INT64_MIN);
	assert_string_equal(tmpl_get(f->v, "i"), "-9223372036854775808");
	tmpl_set_int(f->v, "i", 0);
	assert_string_equal(tmpl_get(f->v, "i"), "0");
	tmpl_set_int(f->v, "i", INT64_MAX);
	assert_string_equal(tmpl_get(f->v, "i"), "9223372036854775807");
	tmpl_set_int(f->v, "i", -42);
	assert_string_equal(tmpl_get(f->v, "i"), "-42");
	/* tmpl_set_ref keeps the caller's text, not a copy; NULL unsets. */
	strcpy(src, "first");
	tmpl_set_ref(f->v, "r", src);
	strcpy(src, "later");
	assert_renders(f, "<TMPL_VAR name=\"r\">", "later");
	tmpl_set(f->v, "r", NULL);
	assert_null(tmpl_get(f->v, "r"));
	tmpl_set_ref(NULL, "a", "b");
	tmpl_set_ref(f->v, NULL, "b");
	assert_null(tmpl_get(f->v, "nope"));
	row = tmpl_loop_add(f->v, "l");
	assert_non_null(row);
	assert_null(tmpl_get(f->v, "l"));	/* a loop */
	assert_null(tmpl_get(row, "x"));	/* not outward */
	tmpl_set(f->v, "l", "now a value");
	assert_string_equal(tmpl_get(f->v, "l"), "now a value");
	tmpl_loop_add(f->v, "x");
	assert_null(tmpl_get(f->v, "x"));
	/* NULLs are ignored, never a crash. */
	tmpl_set(NULL, "a", "b");
	tmpl_set(f->v, NULL, "b");
	tmpl_set_int(NULL, "a", 1);
	tmpl_setf(NULL, "a", "%d", 1);
	assert_null(tmpl_loop_add(NULL, "a"));
	assert_null(tmpl_loop_add(f->v, NULL));
	assert_null(tmpl_get(NULL, "a"));
	assert_null(tmpl_vars_new(NULL));
}

/* Two names of one hash (FNV-1a 0xc9bd57cd) stay two variables. */
static void
test_same_hash(void **state)
{
	struct fx	*f = *state;

	tmpl_set(f->v, "yiijsv", "one");
	tmpl_set(f->v, "ktodoe", "two");
	assert_string_equal(tmpl_get(f->v, "yiijsv"), "one");
	assert_string_equal(tmpl_get(f->v, "ktodoe"), "two");
	assert_renders(f, "<TMPL_VAR name=\"yiijsv\"> <TMPL_VAR "
	    "name=\"ktodoe\"> <TMPL_IF name=\"ktodoe\" value=\"two\">"
	    "yes</TMPL_IF>", "one two yes");
}

/*
 * Thousands of names at the top and in a row, as the table grows past
 * each size: every one reads back its own value, setting one again
 * replaces it, and one never set is not found. Names are in the arena,
 * as the variables need (tmpl.h).
 */
static void
test_many_names(void **state)
{
	struct fx		*f = *state;
	struct tmpl_vars	*row = tmpl_loop_add(f->v, "rows");
	const char		*name[3000];
	char			 want[32];
	size_t			 i;

	for (i = 0; i < 3000; i++) {
		name[i] = arena_printf(&f->arena, "n%zu", i);
		tmpl_setf(f->v, name[i], "top %zu", i);
		tmpl_setf(row, name[i], "row %zu", i);
	}
	for (i = 0; i < 3000; i += 2)
		tmpl_setf(f->v, name[i], "again %zu", i);
	for (i = 0; i < 3000; i++) {
		snprintf(want, sizeof(want), "%s %zu", i % 2 ? "top" :
		    "again", i);
		assert_string_equal(tmpl_get(f->v, name[i]), want);
		snprintf(want, sizeof(want), "row %zu", i);
		assert_string_equal(tmpl_get(row, name[i]), want);
	}
	assert_null(tmpl_get(f->v, "n3000"));
	assert_null(tmpl_get(row, "rows"));
	assert_renders(f, "<TMPL_VAR name=\"n2999\"> <TMPL_VAR name=\"n0\"> "
	    "<TMPL_LOOP name=\"rows\"><TMPL_VAR name=\"n1\"> "
	    "<TMPL_VAR name=\"n2998\"></TMPL_LOOP>",
	    "top 2999 again 0 row 1 row 2998");
}

static void
test_if(void **state)
{
	struct fx	*f = *state;
	const char	*t = "<TMPL_IF name=\"x\">yes<TMPL_ELSE>no</TMPL_IF>";

	assert_renders(f, t, "no");
	tmpl_set(f->v, "x", "");
	assert_renders(f, t, "no");
	tmpl_set(f->v, "x", "0");	/* set and not empty */
	assert_renders(f, t, "yes");
	assert_renders(f, "<TMPL_IF name=\"x\">only</TMPL_IF>", "only");
	assert_renders(f, "<TMPL_IF name=\"y\">only</TMPL_IF>", "");
	assert_renders(f, "<TMPL_IF name=\"x\"></TMPL_IF>", "");
	assert_renders(f, "<TMPL_IF name=\"y\"><TMPL_ELSE></TMPL_IF>", "");
}

static void
test_elsif(void **state)
{
	struct fx	*f = *state;
	const char	*t = "<TMPL_IF name=\"a\">A"
	    "<TMPL_ELSIF name=\"b\">B"
	    "<TMPL_ELSIF name=\"c\">C"
	    "<TMPL_ELSE>E</TMPL_IF>.";

	assert_renders(f, t, "E.");
	tmpl_set(f->v, "c", "1");
	assert_renders(f, t, "C.");
	tmpl_set(f->v, "b", "1");
	assert_renders(f, t, "B.");
	tmpl_set(f->v, "a", "1");
	assert_renders(f, t, "A.");
	/* Without ELSE, nothing when no test holds. */
	assert_renders(f, "<TMPL_IF name=\"n\">1<TMPL_ELSIF name=\"m\">2"
	    "</TMPL_IF>.", ".");
	assert_renders(f, "<TMPL_IF name=\"n\">1<TMPL_ELSIF name=\"c\">2"
	    "</TMPL_IF>.", "2.");
}

static void
test_if_value(void **state)
{
	struct fx	*f = *state;
	const char	*t = "<TMPL_IF name=\"s\" value=\"run\">R"
	    "<TMPL_ELSIF name=\"s\" value=\"swim\">S"
	    "<TMPL_ELSIF name=\"s\" value=\"\">empty"
	    "<TMPL_ELSE>other</TMPL_IF>";

	assert_renders(f, t, "other");		/* unset matches nothing */
	tmpl_set(f->v, "s", "run");
	assert_renders(f, t, "R");
	tmpl_set(f->v, "s", "swim");
	assert_renders(f, t, "S");
	tmpl_set(f->v, "s", "");
	assert_renders(f, t, "empty");
	tmpl_set(f->v, "s", "Run");		/* exact: case matters */
	assert_renders(f, t, "other");
	tmpl_set(f->v, "s", "running");		/* exact: no prefix */
	assert_renders(f, t, "other");
	tmpl_set(f->v, "s", "ru");
	assert_renders(f, t, "other");
	tmpl_set(f->v, "s", "<&>");
	assert_renders(f, "<TMPL_IF name=\"s\" value=\"<&>\">ok</TMPL_IF>",
	    "ok");
	tmpl_loop_add(f->v, "l");		/* a loop has no value */
	assert_renders(f, "<TMPL_IF name=\"l\" value=\"\">no</TMPL_IF>", "");
}

static void
test_unless(void **state)
{
	struct fx	*f = *state;
	const char	*t = "<TMPL_UNLESS name=\"x\">no x<TMPL_ELSE>x"
	    "</TMPL_UNLESS>";

	assert_renders(f, t, "no x");
	tmpl_set(f->v, "x", "");
	assert_renders(f, t, "no x");
	tmpl_set(f->v, "x", "1");
	assert_renders(f, t, "x");
	assert_renders(f, "<TMPL_UNLESS name=\"x\">a</TMPL_UNLESS>b", "b");
	assert_renders(f, "<TMPL_UNLESS name=\"l\">none</TMPL_UNLESS>",
	    "none");
	tmpl_loop_add(f->v, "l");
	assert_renders(f, "<TMPL_UNLESS name=\"l\">none</TMPL_UNLESS>", "");
}

static void
test_loop(void **state)
{
	struct fx		*f = *state;
	struct tmpl_vars	*row;
	int			 i;
	const char		*t = "<ul><TMPL_LOOP name=\"rows\">"
	    "<li><TMPL_VAR name=\"n\"></li></TMPL_LOOP></ul>";

	assert_renders(f, t, "<ul></ul>");	/* unset: no rows */
	for (i = 1; i <= 3; i++) {
		row = tmpl_loop_add(f->v, "rows");
		tmpl_set_int(row, "n", i);
	}
	tmpl_set(row, "n", "<3>");
	assert_renders(f, t, "<ul><li>1</li><li>2</li><li>&lt;3&gt;</li></ul>");
	tmpl_set(f->v, "s", "x");	/* a value is not a loop */
	assert_renders(f, "<TMPL_LOOP name=\"s\">row</TMPL_LOOP>", "");
	assert_renders(f, "<TMPL_LOOP name=\"rows\"></TMPL_LOOP>", "");
}

static void
test_loop_truth(void **state)
{
	struct fx	*f = *state;
	const char	*t = "<TMPL_IF name=\"rows\">some<TMPL_ELSE>none"
	    "</TMPL_IF>";

	assert_renders(f, t, "none");
	tmpl_loop_add(f->v, "rows");
	assert_renders(f, t, "some");
	assert_renders(f, "<TMPL_IF name=\"x\">1<TMPL_ELSIF name=\"rows\">2"
	    "</TMPL_IF>", "2");
}

/* IF in LOOP in LOOP, names found outward at every level. */
static void
test_nested(void **state)
{
	struct fx		*f = *state;
	struct tmpl_vars	*w, *e;
	const char		*t =
	    "<TMPL_LOOP name=\"weeks\">[<TMPL_VAR name=\"wk\">"
	    "<TMPL_LOOP name=\"ex\">"
	    "<TMPL_IF name=\"pr\">*<TMPL_ELSIF name=\"skip\">-"
	    "<TMPL_ELSE>+</TMPL_IF>"
	    "<TMPL_VAR name=\"name\">/<TMPL_VAR name=\"wk\">/"
	    "<TMPL_VAR name=\"user\">;"
	    "</TMPL_LOOP>]</TMPL_LOOP>";

	tmpl_set(f->v, "user", "ann");
	tmpl_set(f->v, "name", "top");
	w = tmpl_loop_add(f->v, "weeks");
	tmpl_set(w, "wk", "1");
	e = tmpl_loop_add(w, "ex");
	tmpl_set(e, "name", "squat");
	tmpl_set(e, "pr", "y");
	e = tmpl_loop_add(w, "ex");
	tmpl_set(e, "name", "row");
	tmpl_set(e, "skip", "y");
	w = tmpl_loop_add(f->v, "weeks");
	tmpl_set(w, "wk", "2");
	tmpl_set(w, "user", "<bob>");	/* shadows the top */
	e = tmpl_loop_add(w, "ex");	/* no name: found outward */
	assert_renders(f, t,
	    "[1*squat/1/ann;-row/1/ann;][2+top/2/&lt;bob&gt;;]");
}

/* A loop named outside the enclosing row still sees that row. */
static void
test_outward(void **state)
{
	struct fx		*f = *state;
	struct tmpl_vars	*r;

	r = tmpl_loop_add(f->v, "users");
	tmpl_set(r, "u", "a");
	r = tmpl_loop_add(f->v, "users");
	tmpl_set(r, "u", "b");
	r = tmpl_loop_add(f->v, "colors");
	tmpl_set(r, "c", "red");
	r = tmpl_loop_add(f->v, "colors");
	tmpl_set(r, "c", "blue");
	tmpl_set(f->v, "sep", ",");
	assert_renders(f, "<TMPL_LOOP name=\"users\">"
	    "<TMPL_LOOP name=\"colors\">"
	    "<TMPL_VAR name=\"u\">-<TMPL_VAR name=\"c\">"
	    "<TMPL_VAR name=\"sep\">"
	    "</TMPL_LOOP></TMPL_LOOP>", "a-red,a-blue,b-red,b-blue,");
	/* A row's value shadows an outer loop of the same name. */
	tmpl_set(r, "users", "v");
	assert_renders(f, "<TMPL_LOOP name=\"colors\">"
	    "<TMPL_LOOP name=\"users\">x</TMPL_LOOP>"
	    "<TMPL_VAR name=\"users\">.</TMPL_LOOP>", "xx.v.");
}

/* Many rows: appending is O(1), rendering linear. */
static void
test_big_loop(void **state)
{
	struct fx		*f = *state;
	struct tmpl_vars	*row;
	int			 i, n = 200000;

	for (i = 0; i < n; i++) {
		row = tmpl_loop_add(f->v, "r");
		tmpl_set(row, "v", i % 2 ? "a" : "<");
	}
	render(f, "<TMPL_LOOP name=\"r\"><TMPL_IF name=\"v\" value=\"a\">a"
	    "<TMPL_ELSE><TMPL_VAR name=\"v\"></TMPL_IF></TMPL_LOOP>");
	assert_int_equal(f->out.len, (size_t)n / 2 * 5);
	assert_memory_equal(f->out.data, "&lt;a&lt;a", 10);
	assert_memory_equal(f->out.data + f->out.len - 5, "&lt;a", 5);
}

static void
test_render_edge(void **state)
{
	struct fx	*f = *state;
	struct tmpl_set	*set;
	const char	*t = "<TMPL_VAR name=\"x\" default=\"d\">"
	    "<TMPL_LOOP name=\"l\">L</TMPL_LOOP>"
	    "<TMPL_IF name=\"x\">i<TMPL_ELSE>e</TMPL_IF>";

	set = tmpl_parse_mem("t.tmpl", t, strlen(t), NULL, f->err,
	    sizeof(f->err));
	assert_non_null(set);
	assert_true(tmpl_exists(set, "t.tmpl"));
	assert_false(tmpl_exists(set, "u.tmpl"));
	assert_false(tmpl_exists(NULL, "t.tmpl"));
	buf_puts(&f->out, "kept");
	assert_int_equal(tmpl_render(set, "u.tmpl", f->v, &f->out), -1);
	assert_int_equal(tmpl_render(set, NULL, f->v, &f->out), -1);
	assert_int_equal(tmpl_render(NULL, "t.tmpl", f->v, &f->out), -1);
	assert_string_equal(f->out.data, "kept");
	assert_int_equal(tmpl_render(set, "t.tmpl", NULL, &f->out), 0);
	assert_string_equal(f->out.data, "keptde");
	assert_int_equal(tmpl_render(set, "t.tmpl", f->v, &f->out), 0);
	assert_string_equal(f->out.data, "keptdede");	/* appends */
	tmpl_set_free(set);
	tmpl_set_free(NULL);
	/* A template parsed from a length, not a string. */
	set = tmpl_parse_mem("n.tmpl", "ab<TMPL_IF", 2, NULL, f->err,
	    sizeof(f->err));
	assert_non_null(set);
	buf_reset(&f->out);
	tmpl_render(set, "n.tmpl", NULL, &f->out);
	assert_string_equal(f->out.data, "ab");
	tmpl_set_free(set);
	set = tmpl_parse_mem("z.tmpl", NULL, 0, NULL, f->err, sizeof(f->err));
	assert_non_null(set);
	tmpl_set_free(set);
	assert_null(tmpl_parse_mem(NULL, "", 0, NULL, f->err, sizeof(f->err)));
}

static void
test_include_dir(void **state)
{
	struct fx		*f = *state;
	struct tmpl_set		*set;
	struct tmpl_vars	*row;

	make_dir(f);
	put_file(f, "layout_head.tmpl", "<title><TMPL_VAR name=\"title\">"
	    "</title>\n<TMPL_INCLUDE name=\"nav.tmpl\">");
	put_file(f, "nav.tmpl", "<nav><TMPL_VAR name=\"user\"></nav>\n");
	put_file(f, "item.part", "<li><TMPL_VAR name=\"n\"></li>");
	put_file(f, "page.tmpl", "<TMPL_INCLUDE name=\"layout_head.tmpl\">"
	    "<ul><TMPL_LOOP name=\"rows\"><TMPL_INCLUDE name=\"item.part\">"
	    "</TMPL_LOOP></ul>\n");
	put_file(f, "notes.txt", "<TMPL_BOGUS>");	/* not a template */
	put_file(f, ".hidden.tmpl", "<TMPL_BOGUS>");
	set = load(f, NULL, NULL);
	assert_true(tmpl_exists(set, "page.tmpl"));
	assert_true(tmpl_exists(set, "nav.tmpl"));
	assert_true(tmpl_exists(set, "layout_head.tmpl"));
	assert_false(tmpl_exists(set, "notes.txt"));
	assert_false(tmpl_exists(set, ".hidden.tmpl"));
	tmpl_set(f->v, "title", "T&C");
	tmpl_set(f->v, "user", "<u>");
	row = tmpl_loop_add(f->v, "rows");
	tmpl_set(row, "n", "1");
	row = tmpl_loop_add(f->v, "rows");
	tmpl_set(row, "n", "2");
	assert_int_equal(tmpl_render(set, "page.tmpl", f->v, &f->out), 0);
	assert_string_equal(f->out.data, "<title>T&amp;C</title>\n"
	    "<nav>&lt;u&gt;</nav>\n<ul><li>1</li><li>2</li></ul>\n");
	buf_reset(&f->out);
	assert_int_equal(tmpl_render(set, "nav.tmpl", f->v, &f->out), 0);
	assert_string_equal(f->out.data, "<nav>&lt;u&gt;</nav>\n");
	tmpl_set_free(set);
}

static void
test_include_mem(void **state)
{
	struct fx	*f = *state;

	make_dir(f);
	put_file(f, "a.tmpl", "A<TMPL_INCLUDE name=\"b.tmpl\">");
	put_file(f, "b.tmpl", "B<TMPL_VAR name=\"x\">");
	put_file(f, "empty.tmpl", "");
	tmpl_set(f->v, "x", "'");
	assert_renders(f, "<TMPL_INCLUDE name=\"a.tmpl\">|"
	    "<TMPL_INCLUDE name=\"b.tmpl\">|"
	    "<TMPL_INCLUDE name=\"empty.tmpl\">|",
	    "AB&#39;|B&#39;||");
	/* The same file twice, in two blocks. */
	assert_renders(f, "<TMPL_IF name=\"x\"><tmpl_include NAME=\"b.tmpl\">"
	    "<TMPL_ELSE><TMPL_INCLUDE name=\"b.tmpl\"></TMPL_IF>", "B&#39;");
}

/* A chain of n includes: c0 includes c1 ... includes cn. */
static void
put_chain(struct fx *f, int n)
{
	char	 name[32], text[128];
	int	 i;

	for (i = 0; i <= n; i++) {
		snprintf(name, sizeof(name), "c%d.tmpl", i);
		if (i < n)
			snprintf(text, sizeof(text),
			    "%d\n<TMPL_INCLUDE name=\"c%d.tmpl\">", i, i + 1);
		else
			snprintf(text, sizeof(text), "%d", i);
		put_file(f, name, text);
	}
}

static void
test_include_depth(void **state)
{
	struct fx	*f = *state;
	struct tmpl_set	*set;
	char		 prefix[32], want[64];

	make_dir(f);
	put_chain(f, TMPL_MAX_INCLUDE_DEPTH);
	set = load(f, NULL, NULL);
	assert_int_equal(tmpl_render(set, "c0.tmpl", NULL, &f->out), 0);
	assert_string_equal(f->out.data, "0\n1\n2\n3\n4\n5\n6\n7\n8");
	tmpl_set_free(set);
	/* One more: whichever file is loaded first, c0 is too deep. */
	put_chain(f, TMPL_MAX_INCLUDE_DEPTH + 1);
	snprintf(prefix, sizeof(prefix), "c%d.tmpl:2: ",
	    TMPL_MAX_INCLUDE_DEPTH);
	snprintf(want, sizeof(want), "deeper than %d", TMPL_MAX_INCLUDE_DEPTH);
	load(f, prefix, want);
	/* From memory: on top of c2 (a chain of MAX) is fine, of c1 not. */
	expect_err_dir(f->dir, "x\n<TMPL_INCLUDE name=\"c1.tmpl\">",
	    prefix, want);
	render(f, "<TMPL_INCLUDE name=\"c2.tmpl\">");
	assert_string_equal(f->out.data, "2\n3\n4\n5\n6\n7\n8\n9");
	/* c1 on top of an already parsed c2: found by the height of c2. */
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"c2.tmpl\">\n"
	    "<TMPL_INCLUDE name=\"c1.tmpl\">", "c1.tmpl:2: ", want);
}

static void
test_include_errors(void **state)
{
	struct fx	*f = *state;

	make_dir(f);
	put_file(f, "bad.tmpl", "ok\n\n<TMPL_IF name=\"x\">");
	put_file(f, "self.part", "\n<TMPL_INCLUDE name=\"self.part\">");
	put_file(f, "p.part", "<TMPL_INCLUDE name=\"q.part\">");
	put_file(f, "q.part", "\n\n<TMPL_INCLUDE name=\"p.part\">");
	expect_err_dir(f->dir, "\n<TMPL_INCLUDE name=\"none.tmpl\">",
	    "e.tmpl:2: ", "include none.tmpl: No such file");
	/* An error in an included file names that file. */
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"bad.tmpl\">",
	    "bad.tmpl:3: ", "unclosed TMPL_IF");
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"e.tmpl\">",
	    "e.tmpl:1: ", "include cycle through e.tmpl");
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"self.part\">",
	    "self.part:2: ", "include cycle through self.part");
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"p.part\">",
	    "q.part:3: ", "include cycle through p.part");
	expect_err_dir(f->dir, "\n\n<TMPL_INCLUDE name=\"../x.tmpl\">",
	    "e.tmpl:3: ", "not a plain file name");
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"sub/x.tmpl\">",
	    "e.tmpl:1: ", "not a plain file name");
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"..\">",
	    "e.tmpl:1: ", "not a plain file name");
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"/etc/passwd\">",
	    "e.tmpl:1: ", "not a plain file name");
	expect_err("\n<TMPL_INCLUDE name=\"a.tmpl\">", "e.tmpl:2: ",
	    "no template directory");
	put_dir(f, "d.tmpl");
	expect_err_dir(f->dir, "<TMPL_INCLUDE name=\"d.tmpl\">",
	    "e.tmpl:1: ", "include d.tmpl: Is a directory");
}

static void
test_load_dir_errors(void **state)
{
	struct fx	*f = *state;

	assert_null(tmpl_load_dir("/nonexistent/templates", f->err,
	    sizeof(f->err)));
	assert_string_equal(f->err,
	    "/nonexistent/templates: No such file or directory");
	assert_null(tmpl_load_dir(NULL, f->err, sizeof(f->err)));
	assert_null(tmpl_load_dir("/nonexistent", NULL, 0));
	make_dir(f);
	put_file(f, "a.tmpl", "fine");
	put_file(f, "b.tmpl", "1\n2 <TMPL_VAR name=\"x\" fmt=\"html\">");
	load(f, "b.tmpl:2: ", "unknown fmt \"html\"");
	put_file(f, "b.tmpl", "<TMPL_INCLUDE name=\"c.tmpl\">");
	put_file(f, "c.tmpl", "\n<TMPL_INCLUDE name=\"b.tmpl\">");
	load(f, "c.tmpl:2: ", "include cycle through b.tmpl");
	put_file(f, "c.tmpl", "\n<TMPL_INCLUDE name=\"gone.tmpl\">");
	load(f, "c.tmpl:2: ", "include gone.tmpl: No such file");
	put_file(f, "c.tmpl", "");
	tmpl_set_free(load(f, NULL, NULL));
	put_dir(f, "d.tmpl");
	load(f, "d.tmpl: ", "Is a directory");
}

static void
test_err_unknown_tag(void **state)
{
	(void)state;
	expect_err("a\nb <TMPL_FOO name=\"x\">", "e.tmpl:2: ",
	    "unknown tag <TMPL_FOO>");
	expect_err("</TMPL_VAR>", "e.tmpl:1: ", "unknown tag </TMPL_VAR>");
	expect_err("<tmpl_varx name=\"x\">", "e.tmpl:1: ",
	    "unknown tag <tmpl_varx>");
	expect_err("<TMPL_IF name=\"x\">\n</TMPL_ELSE></TMPL_IF>", "e.tmpl:2: ",
	    "unknown tag </TMPL_ELSE>");
	expect_err("<TMPL_ELSIF_X>", "e.tmpl:1: ", "unknown tag");
	expect_err("</TMPL_INCLUDE>", "e.tmpl:1: ", "unknown tag");
	expect_err("x <TMPL_>", "e.tmpl:1: ", "unknown tag <TMPL_>");
	expect_err("\n\n<TMPL_", "e.tmpl:3: ", "unknown tag");
	expect_err("</tmpl_", "e.tmpl:1: ", "unknown tag");
	expect_err("</TMPL_COMMENT>", "e.tmpl:1: ", "unknown tag");
	expect_err("<TMPL_COMMENTS>x", "e.tmpl:1: ", "unknown tag");
}

/* <TMPL_COMMENT>: nothing inside is parsed or rendered; lines still count. */
static void
test_comment(void **state)
{
	struct fx	*f = *state;

	tmpl_set(f->v, "x", "X");
	assert_renders(f, "a<TMPL_COMMENT>expects x</TMPL_COMMENT>b", "ab");
	assert_renders(f, "<tmpl_comment>\n<TMPL_VAR name=\"x\"> <TMPL_FOO>"
	    "\n</Tmpl_Comment><TMPL_VAR name=\"x\">", "X");
	assert_renders(f, "<TMPL_COMMENT>1</TMPL_COMMENT><TMPL_COMMENT>2"
	    "</TMPL_COMMENT>", "");
	expect_err("<TMPL_COMMENT>never closed", "e.tmpl:1: ",
	    "unclosed TMPL_COMMENT");
	expect_err("<TMPL_COMMENT name=\"x\">y</TMPL_COMMENT>", "e.tmpl:1: ",
	    "takes no attributes");
	/* Lines inside a comment count for the errors after it. */
	expect_err("<TMPL_COMMENT>\n\n</TMPL_COMMENT>\n<TMPL_FOO>",
	    "e.tmpl:4: ", "unknown tag");
}

static void
test_err_attr(void **state)
{
	(void)state;
	expect_err("<TMPL_VAR nam=\"x\">", "e.tmpl:1: ",
	    "unknown attribute nam");
	expect_err("\n<TMPL_IF name=\"x\" escape=\"1\"></TMPL_IF>",
	    "e.tmpl:2: ", "unknown attribute escape");
	expect_err("<TMPL_LOOP name=\"x\" global_vars=\"1\"></TMPL_LOOP>",
	    "e.tmpl:1: ", "unknown attribute global_vars");
	expect_err("<TMPL_VAR x>", "e.tmpl:1: ", "unknown attribute x");
	expect_err("<TMPL_VAR name>", "e.tmpl:1: ",
	    "attribute name needs a double-quoted value");
	expect_err("<TMPL_VAR name=x>", "e.tmpl:1: ",
	    "attribute name needs a double-quoted value");
	expect_err("<TMPL_VAR name='x'>", "e.tmpl:1: ",
	    "attribute name needs a double-quoted value");
	expect_err("<TMPL_VAR name=\"x\"fmt=\"raw\">", "e.tmpl:1: ",
	    "unexpected character");
	expect_err("<TMPL_VAR name=\"x\" />", "e.tmpl:1: ",
	    "unexpected character");
	expect_err("<TMPL_VAR/>", "e.tmpl:1: ", "unexpected character");
	expect_err("<TMPL_ELSE name=\"x\">", "e.tmpl:1: ",
	    "<TMPL_ELSE> takes no attributes");
	expect_err("<TMPL_IF name=\"x\"></TMPL_IF name=\"x\">", "e.tmpl:1: ",
	    "</TMPL_IF> takes no attributes");
	expect_err("<TMPL_IF name=\"x\" default=\"y\"></TMPL_IF>", "e.tmpl:1: ",
	    "default is only allowed on TMPL_VAR");
}

static void
test_err_duplicate(void **state)
{
	(void)state;
	expect_err("<TMPL_VAR name=\"x\" name=\"y\">", "e.tmpl:1: ",
	    "duplicate attribute name");
	expect_err("\n<TMPL_VAR name=\"x\" NAME=\"y\">", "e.tmpl:2: ",
	    "duplicate attribute name");
	expect_err("<TMPL_VAR name=\"x\" fmt=\"raw\" fmt=\"raw\">",
	    "e.tmpl:1: ", "duplicate attribute fmt");
	expect_err("<TMPL_IF name=\"x\" value=\"1\" Value=\"1\">", "e.tmpl:1: ",
	    "duplicate attribute value");
}

static void
test_err_missing_name(void **state)
{
	(void)state;
	expect_err("<TMPL_VAR>", "e.tmpl:1: ", "missing name");
	expect_err("<TMPL_VAR default=\"x\">", "e.tmpl:1: ", "missing name");
	expect_err("\n<TMPL_IF></TMPL_IF>", "e.tmpl:2: ", "missing name");
	expect_err("<TMPL_IF name=\"a\">\n<TMPL_ELSIF value=\"1\"></TMPL_IF>",
	    "e.tmpl:2: ", "missing name");
	expect_err("<TMPL_UNLESS></TMPL_UNLESS>", "e.tmpl:1: ", "missing name");
	expect_err("<TMPL_LOOP ></TMPL_LOOP>", "e.tmpl:1: ", "missing name");
	expect_err("<TMPL_INCLUDE>", "e.tmpl:1: ", "missing name");
	expect_err("<TMPL_VAR name=\"\">", "e.tmpl:1: ", "empty name");
	expect_err("<TMPL_INCLUDE name=\"\">", "e.tmpl:1: ", "empty name");
}

static void
test_err_fmt(void **state)
{
	(void)state;
	expect_err("<TMPL_VAR name=\"x\" fmt=\"html\">", "e.tmpl:1: ",
	    "unknown fmt \"html\"");
	expect_err("\n\n<TMPL_VAR name=\"x\" fmt=\"entity\">", "e.tmpl:3: ",
	    "unknown fmt \"entity\"");
	expect_err("<TMPL_VAR name=\"x\" fmt=\"\">", "e.tmpl:1: ",
	    "unknown fmt \"\"");
	expect_err("<TMPL_VAR name=\"x\" fmt=\"raw \">", "e.tmpl:1: ",
	    "unknown fmt");
	/* fmt on anything but TMPL_VAR */
	expect_err("<TMPL_IF name=\"x\" fmt=\"raw\"></TMPL_IF>", "e.tmpl:1: ",
	    "fmt is only allowed on TMPL_VAR");
	expect_err("<TMPL_IF name=\"x\">\n<TMPL_ELSIF name=\"y\" fmt=\"url\">"
	    "</TMPL_IF>", "e.tmpl:2: ", "fmt is only allowed on TMPL_VAR");
	expect_err("<TMPL_LOOP name=\"x\" fmt=\"raw\">", "e.tmpl:1: ",
	    "fmt is only allowed on TMPL_VAR");
	expect_err("<TMPL_UNLESS name=\"x\" fmt=\"raw\">", "e.tmpl:1: ",
	    "fmt is only allowed on TMPL_VAR");
	expect_err("<TMPL_INCLUDE name=\"x\" fmt=\"raw\">", "e.tmpl:1: ",
	    "fmt is only allowed on TMPL_VAR");
	expect_err("<TMPL_IF name=\"x\"><TMPL_ELSE fmt=\"raw\">", "e.tmpl:1: ",
	    "fmt is only allowed on TMPL_VAR");
}

static void
test_err_value(void **state)
{
	(void)state;
	expect_err("<TMPL_VAR name=\"x\" value=\"1\">", "e.tmpl:1: ",
	    "value is only allowed on TMPL_IF and TMPL_ELSIF");
	expect_err("\n<TMPL_LOOP name=\"x\" value=\"1\"></TMPL_LOOP>",
	    "e.tmpl:2: ", "value is only allowed");
	expect_err("<TMPL_UNLESS name=\"x\" value=\"1\"></TMPL_UNLESS>",
	    "e.tmpl:1: ", "value is only allowed");
	expect_err("<TMPL_INCLUDE name=\"x\" value=\"1\">", "e.tmpl:1: ",
	    "value is only allowed");
}

static void
test_err_unterminated(void **state)
{
	(void)state;
	expect_err("a\n<TMPL_VAR name=\"x\"", "e.tmpl:2: ",
	    "unterminated tag <TMPL_VAR>");
	expect_err("<TMPL_VAR name=\"x", "e.tmpl:1: ", "unterminated tag");
	expect_err("\n<TMPL_IF name=\"x\n\">", "e.tmpl:2: ",
	    "unterminated tag");
	expect_err("<TMPL_VAR name=\"x\"\n<p>hi</p>", "e.tmpl:1: ",
	    "unterminated tag");
	expect_err("x\n</TMPL_IF", "e.tmpl:2: ", "unterminated tag </TMPL_IF>");
	expect_err("<TMPL_ELSE", "e.tmpl:1: ", "unterminated tag");
}

static void
test_err_unclosed(void **state)
{
	(void)state;
	expect_err("a\n<TMPL_IF name=\"x\">\nb\n", "e.tmpl:2: ",
	    "unclosed TMPL_IF");
	expect_err("\n\n<TMPL_LOOP name=\"x\">", "e.tmpl:3: ",
	    "unclosed TMPL_LOOP");
	expect_err("<TMPL_UNLESS name=\"x\">", "e.tmpl:1: ",
	    "unclosed TMPL_UNLESS");
	expect_err("<TMPL_IF name=\"x\">\n<TMPL_ELSIF name=\"y\">\n<TMPL_ELSE>",
	    "e.tmpl:1: ", "unclosed TMPL_IF");
	/* Nested: the innermost one. */
	expect_err("<TMPL_IF name=\"x\">\n<TMPL_LOOP name=\"y\">\n\n"
	    "</TMPL_LOOP><TMPL_LOOP name=\"z\">\n", "e.tmpl:4: ",
	    "unclosed TMPL_LOOP");
	/* A multi-line tag counts from its first line. */
	expect_err("<TMPL_LOOP\nname=\"x\"\n>\n<TMPL_IF\nname=\"y\">",
	    "e.tmpl:4: ", "unclosed TMPL_IF");
}

static void
test_err_stray(void **state)
{
	(void)state;
	expect_err("a\n<TMPL_ELSE>", "e.tmpl:2: ", "TMPL_ELSE without TMPL_IF");
	expect_err("<TMPL_ELSIF name=\"x\">", "e.tmpl:1: ",
	    "TMPL_ELSIF without TMPL_IF");
	expect_err("\n</TMPL_IF>", "e.tmpl:2: ", "</TMPL_IF> without TMPL_IF");
	expect_err("</TMPL_LOOP>", "e.tmpl:1: ",
	    "</TMPL_LOOP> without TMPL_LOOP");
	expect_err("</TMPL_UNLESS>", "e.tmpl:1: ",
	    "</TMPL_UNLESS> without TMPL_UNLESS");
	expect_err("<TMPL_IF name=\"x\"></TMPL_IF>\n</TMPL_IF>", "e.tmpl:2: ",
	    "</TMPL_IF> without TMPL_IF");
	expect_err("<TMPL_IF name=\"x\">\n</TMPL_LOOP>", "e.tmpl:2: ",
	    "</TMPL_LOOP> does not close TMPL_IF opened at line 1");
	expect_err("<TMPL_UNLESS name=\"x\">\n</TMPL_IF>", "e.tmpl:2: ",
	    "</TMPL_IF> does not close TMPL_UNLESS opened at line 1");
	expect_err("<TMPL_IF name=\"x\">\n<TMPL_LOOP name=\"y\">\n</TMPL_IF>",
	    "e.tmpl:3: ", "does not close TMPL_LOOP opened at line 2");
	expect_err("<TMPL_LOOP name=\"x\">\n<TMPL_ELSE></TMPL_LOOP>",
	    "e.tmpl:2: ", "TMPL_ELSE inside TMPL_LOOP opened at line 1");
	expect_err("<TMPL_IF name=\"a\"><TMPL_LOOP name=\"x\">\n\n"
	    "<TMPL_ELSIF name=\"b\">", "e.tmpl:3: ",
	    "TMPL_ELSIF inside TMPL_LOOP opened at line 1");
	expect_err("<TMPL_UNLESS name=\"x\">\n<TMPL_ELSIF name=\"y\">",
	    "e.tmpl:2: ", "TMPL_ELSIF inside TMPL_UNLESS opened at line 1");
}

static void
test_err_else_order(void **state)
{
	(void)state;
	expect_err("<TMPL_IF name=\"x\"><TMPL_ELSE>\n<TMPL_ELSIF name=\"y\">"
	    "</TMPL_IF>", "e.tmpl:2: ", "TMPL_ELSIF after TMPL_ELSE");
	expect_err("<TMPL_IF name=\"x\"><TMPL_ELSE>\n\n<TMPL_ELSE></TMPL_IF>",
	    "e.tmpl:3: ", "TMPL_ELSE after TMPL_ELSE");
	expect_err("<TMPL_UNLESS name=\"x\"><TMPL_ELSE>\n<TMPL_ELSE>"
	    "</TMPL_UNLESS>", "e.tmpl:2: ", "TMPL_ELSE after TMPL_ELSE");
}

static void
test_err_file(void **state)
{
	struct fx	*f = *state;
	struct tmpl_set	*set;
	char		*big;

	big = malloc(TMPL_MAX_FILE + 1);
	assert_non_null(big);
	memset(big, 'x', TMPL_MAX_FILE + 1);
	big[100] = '\n';
	set = tmpl_parse_mem("big.tmpl", big, TMPL_MAX_FILE, NULL, f->err,
	    sizeof(f->err));
	assert_non_null(set);	/* exactly the limit */
	tmpl_set_free(set);
	set = tmpl_parse_mem("big.tmpl", big, TMPL_MAX_FILE + 1, NULL, f->err,
	    sizeof(f->err));
	assert_null(set);
	assert_string_equal(f->err, "big.tmpl:1: file too big (more than "
	    "262144 bytes)");
	free(big);
	set = tmpl_parse_mem("nul.tmpl", "a\nb\0c", 5, NULL, f->err,
	    sizeof(f->err));
	assert_null(set);
	assert_string_equal(f->err, "nul.tmpl:2: NUL byte");
	/* The same limits for a file. */
	make_dir(f);
	big = calloc(1, TMPL_MAX_FILE + 2);
	assert_non_null(big);
	memset(big, 'y', TMPL_MAX_FILE + 1);
	put_file(f, "big.tmpl", big);
	free(big);
	load(f, "big.tmpl:1: ", "file too big");
	put_file(f, "big.tmpl", "ok");
	put_bytes(f, "nul.tmpl", "\n\n\nx\0y", 6);
	load(f, "nul.tmpl:4: ", "NUL byte");
}

static void
test_err_nesting(void **state)
{
	struct fx	*f = *state;
	struct buf	 t;
	int		 i;

	buf_init(&t);
	for (i = 0; i < TMPL_MAX_NEST; i++)
		buf_puts(&t, "<TMPL_IF name=\"x\">\n");
	buf_puts(&t, "deep");
	for (i = 0; i < TMPL_MAX_NEST; i++)
		buf_puts(&t, "</TMPL_IF>");
	tmpl_set(f->v, "x", "1");
	assert_string_equal(render(f, t.data) + TMPL_MAX_NEST, "deep");
	buf_reset(&t);
	for (i = 0; i <= TMPL_MAX_NEST; i++)
		buf_puts(&t, "<TMPL_LOOP name=\"x\">\n");
	expect_err(t.data, "e.tmpl:65: ", "blocks nested deeper than 64");
	buf_free(&t);
}

/* Line numbers stay right after multi-line tags and text. */
static void
test_err_lines(void **state)
{
	(void)state;
	expect_err("a\n<TMPL_VAR\nname=\"x\"\n>\nb\n<TMPL_FOO>", "e.tmpl:6: ",
	    "unknown tag");
	expect_err("<TMPL_IF\n\n name=\"x\">\n<TMPL_ELSE>\r\n<TMPL_ELSE>",
	    "e.tmpl:5: ", "TMPL_ELSE after TMPL_ELSE");
	expect_err("\n\n\n\n\n\n\n\n\n\n<TMPL_VAR name=\"x\" bad=\"1\">",
	    "e.tmpl:11: ", "unknown attribute bad");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_var_escape, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_var_raw_url, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_var_default, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_case_and_space, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_set_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_hash, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_if, setup, teardown),
		cmocka_unit_test_setup_teardown(test_elsif, setup, teardown),
		cmocka_unit_test_setup_teardown(test_if_value, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loop_truth, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outward, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_loop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_render_edge, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_dir, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_mem, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_depth, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_dir_errors, setup,
		    teardown),
		cmocka_unit_test(test_err_unknown_tag),
		cmocka_unit_test_setup_teardown(test_comment, setup, teardown),
		cmocka_unit_test(test_err_attr),
		cmocka_unit_test(test_err_duplicate),
		cmocka_unit_test(test_err_missing_name),
		cmocka_unit_test(test_err_fmt),
		cmocka_unit_test(test_err_value),
		cmocka_unit_test(test_err_unterminated),
		cmocka_unit_test(test_err_unclosed),
		cmocka_unit_test(test_err_stray),
		cmocka_unit_test(test_err_else_order),
		cmocka_unit_test_setup_teardown(test_err_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_err_nesting, setup,
		    teardown),
		cmocka_unit_test(test_err_lines),
	};

	return cmocka_run_group_tests_name("tmpl", tests, NULL, NULL);
}
