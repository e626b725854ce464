/* fuzz_tmpl.c — libFuzzer target: parse a template, render it if it parses */
#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "tmpl.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A few files the input may include: plain, nested, cyclic, broken. */
static const char *const files[][2] = {
	{ "a.tmpl", "<b><TMPL_VAR name=\"x\"></b>" },
	{ "b.tmpl", "[<TMPL_INCLUDE name=\"a.tmpl\">"
	    "<TMPL_LOOP name=\"rows\"><TMPL_VAR name=\"n\"></TMPL_LOOP>]" },
	{ "c.tmpl", "<TMPL_INCLUDE name=\"d.tmpl\">" },
	{ "d.tmpl", "<TMPL_INCLUDE name=\"c.tmpl\">" },
	{ "bad.tmpl", "<TMPL_IF name=\"x\">" },
};

static char	 dir[64];

static void
cleanup(void)
{
	char	 path[128];
	size_t	 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		unlink(path);
	}
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	 path[128];
	FILE	*fp;
	size_t	 i;

	(void)argc;
	(void)argv;
	strcpy(dir, "/tmp/fuzz_tmpl.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(cleanup);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		if ((fp = fopen(path, "w")) == NULL)
			abort();
		fputs(files[i][1], fp);
		fclose(fp);
	}
	return 0;
}

/*
 * Rows set their own loop's name to a value, so a loop nested in itself
 * renders no rows: the output stays small whatever the nesting.
 */
static struct tmpl_vars *
make_vars(struct arena *a)
{
	struct tmpl_vars	*v, *row, *in;
	int			 i, j;

	v = tmpl_vars_new(a);
	tmpl_set(v, "x", "<a href=\"&'\">");
	tmpl_set(v, "empty", "");
	tmpl_set_int(v, "n", -42);
	for (i = 0; i < 3; i++) {
		row = tmpl_loop_add(v, "rows");
		tmpl_set_int(row, "n", i);
		tmpl_set(row, "rows", "no");
		if (i == 1)
			tmpl_set(row, "x", "row x");
		for (j = 0; j < 2; j++) {
			in = tmpl_loop_add(row, "inner");
			tmpl_set(in, "inner", "no");
			tmpl_setf(in, "y", "%d.%d", i, j);
		}
	}
	return v;
}

/* Whether err is "file:line: message". */
static int
names_line(const char *err)
{
	const char	*s;

	if ((s = strchr(err, ':')) == NULL || s == err)
		return 0;
	if (*++s < '1' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	return s[0] == ':' && s[1] == ' ' && s[2] != '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_set	*set;
	struct arena	 a;
	struct buf	 out;
	char		 err[256];

	set = tmpl_parse_mem("fuzz.tmpl", (const char *)data, size, dir, err,
	    sizeof(err));
	if (set == NULL) {
		if (!names_line(err))
			abort();
		return 0;
	}
	arena_init(&a);
	buf_init(&out);
	if (tmpl_render(set, "fuzz.tmpl", make_vars(&a), &out) != 0)
		abort();
	if (tmpl_render(set, "fuzz.tmpl", NULL, &out) != 0)
		abort();
	buf_free(&out);
	arena_free(&a);
	tmpl_set_free(set);
	return 0;
}
