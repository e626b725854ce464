/* test_csv.c — unit tests of the CSV record reader and field writer (cgi/csv.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "limits.h"
#include "mem.h"

#define TOO_LONG	"a field longer than 4096 bytes"
#define TOO_MANY	"more than 16 fields"
#define NOT_UTF8	"not UTF-8 text"
#define NUL_BYTE	"a NUL byte"
#define UNCLOSED	"unclosed quote"
#define AFTER_QUOTE	"text after a closing quote"
#define TOO_MANY_RECS	"more than 140210 lines"

/* Starts r on a string literal, NULs included. */
#define INIT(r, lit)	csv_init((r), (lit), sizeof(lit) - 1)

struct fx {
	struct arena	 a;
	struct buf	 b;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	arena_init(&f->a);
	buf_init(&f->b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	buf_free(&f->b);
	arena_free(&f->a);
	free(f);
	return 0;
}

/* The next record is on line and holds the fields given, up to a NULL. */
static void
want(struct fx *f, struct csv_reader *r, unsigned long line, ...)
{
	va_list		 ap;
	char		**v;
	const char	*why, *s;
	size_t		 n, i = 0;

	assert_int_equal(csv_next(r, &f->a, &v, &n, &why), 1);
	assert_null(why);
	assert_int_equal(r->line, line);
	va_start(ap, line);
	while ((s = va_arg(ap, const char *)) != NULL) {
		if (i >= n)
			fail_msg("line %lu: only %zu fields", line, n);
		assert_string_equal(v[i], s);
		i++;
	}
	va_end(ap);
	assert_int_equal(n, i);
}

/* The next record, on line, is malformed for the reason given. */
static void
want_err(struct fx *f, struct csv_reader *r, unsigned long line,
    const char *reason)
{
	char		**v = (char **)1;
	const char	*why = NULL;
	size_t		 n = 99;

	assert_int_equal(csv_next(r, &f->a, &v, &n, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, reason);
	assert_int_equal(r->line, line);
	assert_null(v);
	assert_int_equal(n, 0);
}

static void
want_end(struct fx *f, struct csv_reader *r)
{
	char		**v;
	const char	*why;
	size_t		 n;

	assert_int_equal(csv_next(r, &f->a, &v, &n, &why), 0);
	assert_int_equal(n, 0);
	assert_int_equal(csv_next(r, &f->a, &v, &n, &why), 0);
}

/* n copies of c, NUL-terminated, in the arena. */
static char *
rep(struct arena *a, char c, size_t n)
{
	char	*s = arena_alloc(a, n + 1);

	memset(s, c, n);
	return s;
}

/* Records, fields, line endings */

static void
test_basic(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "a,b,c\r\n1,2,3\n");
	want(f, &r, 1, "a", "b", "c", NULL);
	want(f, &r, 2, "1", "2", "3", NULL);
	want_end(f, &r);
	assert_int_equal(r.next_line, 3);
	assert_int_equal(r.records, 2);
}

static void
test_no_final_eol(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "a,b\nc,d");
	want(f, &r, 1, "a", "b", NULL);
	want(f, &r, 2, "c", "d", NULL);
	want_end(f, &r);
	assert_int_equal(r.next_line, 2);
}

static void
test_trailing_eol(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "a\n");
	want(f, &r, 1, "a", NULL);
	want_end(f, &r);
	INIT(&r, "a\r\n");
	want(f, &r, 1, "a", NULL);
	want_end(f, &r);
	/* The second line break is an empty line, the first is not. */
	INIT(&r, "a\n\n");
	want(f, &r, 1, "a", NULL);
	want(f, &r, 2, "", NULL);
	want_end(f, &r);
	assert_int_equal(r.next_line, 3);
}

static void
test_empty_lines(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "a\n\nb\r\n\r\nc");
	want(f, &r, 1, "a", NULL);
	want(f, &r, 2, "", NULL);
	want(f, &r, 3, "b", NULL);
	want(f, &r, 4, "", NULL);
	want(f, &r, 5, "c", NULL);
	want_end(f, &r);
	INIT(&r, "\n");
	want(f, &r, 1, "", NULL);
	want_end(f, &r);
	INIT(&r, "\r\n\r\n");
	want(f, &r, 1, "", NULL);
	want(f, &r, 2, "", NULL);
	want_end(f, &r);
}

static void
test_empty_input(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "");
	want_end(f, &r);
	assert_int_equal(r.records, 0);
	csv_init(&r, NULL, 0);
	want_end(f, &r);
}

static void
test_empty_fields(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, ",\n,,\r\na,\n,b\n\"\"\n\"\",\"\"");
	want(f, &r, 1, "", "", NULL);
	want(f, &r, 2, "", "", "", NULL);
	want(f, &r, 3, "a", "", NULL);
	want(f, &r, 4, "", "b", NULL);
	want(f, &r, 5, "", NULL);
	want(f, &r, 6, "", "", NULL);
	want_end(f, &r);
	/* A comma at the very end: an empty last field. */
	INIT(&r, "a,");
	want(f, &r, 1, "a", "", NULL);
	want_end(f, &r);
}

static void
test_bom(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "\xef\xbb\xbf" "a,b\nc\n");
	want(f, &r, 1, "a", "b", NULL);
	want(f, &r, 2, "c", NULL);
	want_end(f, &r);
	INIT(&r, "\xef\xbb\xbf");
	want_end(f, &r);
	INIT(&r, "\xef\xbb\xbf\n");
	want(f, &r, 1, "", NULL);
	want_end(f, &r);
	/* Only the first one, and only at the very start. */
	INIT(&r, "\xef\xbb\xbf\xef\xbb\xbfx\n\xef\xbb\xbfy");
	want(f, &r, 1, "\xef\xbb\xbfx", NULL);
	want(f, &r, 2, "\xef\xbb\xbfy", NULL);
	want_end(f, &r);
	INIT(&r, "\xef\xbb" "a");
	want_err(f, &r, 1, NOT_UTF8);
	want_end(f, &r);
}

/* Quoted fields */

static void
test_quoted(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "\"a,b\",\"c\"\"d\",\"\",e\n"
	    "\"say \"\"hi\"\"\",\"\"\"\"\n"
	    "\"\xc3\xa9t\xc3\xa9\",\"x\"");
	want(f, &r, 1, "a,b", "c\"d", "", "e", NULL);
	want(f, &r, 2, "say \"hi\"", "\"", NULL);
	want(f, &r, 3, "\xc3\xa9t\xc3\xa9", "x", NULL);
	want_end(f, &r);
}

static void
test_quoted_breaks(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "\"a\nb\",c\r\n"
	    "\"1\r\n2\n3\",x\n"
	    "last\n"
	    "\"\n\",\"\r\n\"\n"
	    "end");
	want(f, &r, 1, "a\nb", "c", NULL);
	assert_int_equal(r.next_line, 3);
	want(f, &r, 3, "1\r\n2\n3", "x", NULL);
	assert_int_equal(r.next_line, 6);
	want(f, &r, 6, "last", NULL);
	want(f, &r, 7, "\n", "\r\n", NULL);
	want(f, &r, 10, "end", NULL);
	want_end(f, &r);
	assert_int_equal(r.next_line, 10);
}

/* Quotes inside unquoted fields, spaces and lone CRs are data. */
static void
test_literal(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "a\"b,c d , e \n"
	    " \"x\",y\"\n"
	    "a\rb,c\r\n"
	    "\tz\t\n"
	    "a\r");
	want(f, &r, 1, "a\"b", "c d ", " e ", NULL);
	want(f, &r, 2, " \"x\"", "y\"", NULL);
	want(f, &r, 3, "a\rb", "c", NULL);
	want(f, &r, 4, "\tz\t", NULL);
	want(f, &r, 5, "a\r", NULL);
	want_end(f, &r);
}

/* Errors, and reading on after them */

static void
test_unclosed(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "x\na,\"b\nc\nd");
	want(f, &r, 1, "x", NULL);
	want_err(f, &r, 2, UNCLOSED);
	want_end(f, &r);
	assert_int_equal(r.next_line, 4);
	INIT(&r, "\"");
	want_err(f, &r, 1, UNCLOSED);
	want_end(f, &r);
	/* A doubled quote does not close. */
	INIT(&r, "\"ab\"\"");
	want_err(f, &r, 1, UNCLOSED);
	want_end(f, &r);
}

static void
test_after_quote(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "\"a\"b,c\nnext\n"
	    "\"a\" ,b\n"
	    "\"a\"\rb\n"
	    "z,\"a\nb\"x,y\n"
	    "after\n"
	    "\"a\"\r");
	want_err(f, &r, 1, AFTER_QUOTE);
	want(f, &r, 2, "next", NULL);
	want_err(f, &r, 3, AFTER_QUOTE);
	want_err(f, &r, 4, AFTER_QUOTE);
	/* Found on line 6, a record of line 5: on after line 6. */
	want_err(f, &r, 5, AFTER_QUOTE);
	assert_int_equal(r.next_line, 7);
	want(f, &r, 7, "after", NULL);
	want_err(f, &r, 8, AFTER_QUOTE);
	want_end(f, &r);
}

/* A bad last field: the line break after it ends that record only. */
static void
test_error_at_eol(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "a,\xff\nb\n"
	    "a\0\r\nc\n"
	    "\"\xfe\"\nd");
	want_err(f, &r, 1, NOT_UTF8);
	want(f, &r, 2, "b", NULL);
	want_err(f, &r, 3, NUL_BYTE);
	want(f, &r, 4, "c", NULL);
	want_err(f, &r, 5, NOT_UTF8);
	want(f, &r, 6, "d", NULL);
	want_end(f, &r);
}

static void
test_utf8(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;
	static const char *const bad[] = {
		"\xff", "\x80", "a\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xe2\x82", "\xe2\x82,x", "\"\xf8\x88\x80\x80\x80\"", NULL,
	};
	size_t			 i;

	INIT(&r, "\xc3\xa9,\xe2\x82\xac,\xf0\x9f\x98\x80,\xef\xbf\xbd");
	want(f, &r, 1, "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
	    "\xef\xbf\xbd", NULL);
	want_end(f, &r);
	for (i = 0; bad[i] != NULL; i++) {
		csv_init(&r, bad[i], strlen(bad[i]));
		want_err(f, &r, 1, NOT_UTF8);
		want_end(f, &r);
	}
}

static void
test_nul(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;

	INIT(&r, "a\0b\n\"a\0b\"\n\0\nok,x\0");
	want_err(f, &r, 1, NUL_BYTE);
	want_err(f, &r, 2, NUL_BYTE);
	want_err(f, &r, 3, NUL_BYTE);
	want_err(f, &r, 4, NUL_BYTE);
	want_end(f, &r);
}

/* Limits: exactly at each, and one past */

static void
test_field_len(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;
	char			*max = rep(&f->a, 'x', CSV_MAX_FIELD);
	char			**v;
	const char		*why;
	size_t			 n;
	char			*s;

	s = arena_printf(&f->a, "%s,\"%s\"\n%sx,y\nok\n\"%sx\"\nok2", max, max,
	    max, max);
	csv_init(&r, s, strlen(s));
	assert_int_equal(csv_next(&r, &f->a, &v, &n, &why), 1);
	assert_int_equal(n, 2);
	assert_int_equal(strlen(v[0]), CSV_MAX_FIELD);
	assert_string_equal(v[0], max);
	assert_string_equal(v[1], max);
	want_err(f, &r, 2, TOO_LONG);
	want(f, &r, 3, "ok", NULL);
	want_err(f, &r, 4, TOO_LONG);
	want(f, &r, 5, "ok2", NULL);
	want_end(f, &r);

	/* Counted after unquoting: 2048 "" are 4096 bytes. */
	s = arena_printf(&f->a, "\"%s\"\n\"%sx\"\n", rep(&f->a, '"',
	    CSV_MAX_FIELD * 2), rep(&f->a, '"', CSV_MAX_FIELD * 2));
	csv_init(&r, s, strlen(s));
	assert_int_equal(csv_next(&r, &f->a, &v, &n, &why), 1);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], rep(&f->a, '"', CSV_MAX_FIELD));
	want_err(f, &r, 2, TOO_LONG);
	want_end(f, &r);
}

static void
test_field_count(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;
	struct buf		 b;
	char			**v;
	const char		*why;
	size_t			 n, i;

	buf_init(&b);
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		buf_printf(&b, "%s%zu", i ? "," : "", i);
	buf_puts(&b, "\n");
	for (i = 0; i <= CSV_MAX_FIELDS; i++)
		buf_printf(&b, "%s%zu", i ? "," : "", i);
	buf_puts(&b, "\nok\n");
	/* 16 fields and a comma: an empty 17th. */
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		buf_puts(&b, "x,");
	buf_puts(&b, "\nok2");
	csv_init(&r, b.data, b.len);
	assert_int_equal(csv_next(&r, &f->a, &v, &n, &why), 1);
	assert_int_equal(n, CSV_MAX_FIELDS);
	for (i = 0; i < n; i++)
		assert_int_equal(strtoul(v[i], NULL, 10), i);
	want_err(f, &r, 2, TOO_MANY);
	want(f, &r, 3, "ok", NULL);
	want_err(f, &r, 4, TOO_MANY);
	want(f, &r, 5, "ok2", NULL);
	want_end(f, &r);
	buf_free(&b);
}

/* n records "i,x" (CRLF-terminated when crlf), in a buffer. */
static void
records(struct buf *b, size_t n, int crlf)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%zu,x%s", i, crlf ? "\r\n" : "\n");
}

/* CSV_MAX_RECORDS records read in linear time, each one right. */
static void
test_records_max(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;
	char			**v;
	const char		*why;
	size_t			 n, count = 0;
	int			 rc;

	records(&f->b, CSV_MAX_RECORDS, 1);
	csv_init(&r, f->b.data, f->b.len);
	while ((rc = csv_next(&r, &f->a, &v, &n, &why)) == 1) {
		assert_int_equal(r.line, count + 1);
		assert_int_equal(n, 2);
		assert_int_equal(strtoul(v[0], NULL, 10), count);
		assert_string_equal(v[1], "x");
		count++;
		arena_reset(&f->a);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(count, CSV_MAX_RECORDS);
	assert_int_equal(r.records, CSV_MAX_RECORDS);
	assert_int_equal(r.next_line, CSV_MAX_RECORDS + 1);
}

/* One past: -1 once, then the end; empty and bad records count too. */
static void
test_records_over(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;
	char			**v;
	const char		*why;
	size_t			 n, good = 0, bad = 0;
	int			 rc;

	buf_puts(&f->b, "\n\"bad\"x\n");
	records(&f->b, CSV_MAX_RECORDS - 2, 0);
	buf_puts(&f->b, "over\nmore\n");
	csv_init(&r, f->b.data, f->b.len);
	while (good + bad < CSV_MAX_RECORDS &&
	    (rc = csv_next(&r, &f->a, &v, &n, &why)) != 0) {
		if (rc == 1)
			good++;
		else
			bad++;
		arena_reset(&f->a);
	}
	assert_int_equal(good, CSV_MAX_RECORDS - 1);
	assert_int_equal(bad, 1);
	want_err(f, &r, CSV_MAX_RECORDS + 1, TOO_MANY_RECS);
	want_end(f, &r);
	assert_int_equal(r.records, CSV_MAX_RECORDS + 1);
}

/* The writer */

static void
test_field_writer(void **state)
{
	struct fx	*f = *state;
	static const char *const t[][2] = {
		{ "", "" },
		{ "abc", "abc" },
		{ "a b", "a b" },
		{ "a,b", "\"a,b\"" },
		{ "a\"b", "\"a\"\"b\"" },
		{ "\"", "\"\"\"\"" },
		{ "\"\"x\"", "\"\"\"\"\"x\"\"\"" },
		{ "a\rb", "\"a\rb\"" },
		{ "a\nb", "\"a\nb\"" },
		{ "a\r\n", "\"a\r\n\"" },
		{ " a", "\" a\"" },
		{ "a ", "\"a \"" },
		{ " ", "\" \"" },
		{ "\ta\t", "\ta\t" },
		{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
		    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" },
		{ "\xef\xbb\xbfx", "\"\xef\xbb\xbfx\"" },
		{ "x\xef\xbb\xbf", "x\xef\xbb\xbf" },
		{ "=1+2", "=1+2" },
	};
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		buf_reset(&f->b);
		csv_field(&f->b, t[i][0]);
		assert_non_null(f->b.data);
		assert_string_equal(f->b.data, t[i][1]);
		assert_int_equal(f->b.len, strlen(t[i][1]));
	}
	/* Appends. */
	buf_reset(&f->b);
	csv_field(&f->b, "a");
	buf_putc(&f->b, ',');
	csv_field(&f->b, "b,c");
	assert_string_equal(f->b.data, "a,\"b,c\"");
}

/*
 * csv_cell: plain, a cell starting with ' gets another; safe, also one a
 * spreadsheet would run (= + - @ TAB CR) unless it is a number; and
 * csv_cell_value gives every one back as it was.
 */
static void
test_cell(void **state)
{
	struct fx	*f = *state;
	static const char *const t[][3] = {	/* cell, plain, safe */
		{ "", "", "" },
		{ "Squat", "Squat", "Squat" },
		{ "=1+2", "=1+2", "'=1+2" },
		{ "=HYPERLINK(\"x\")", "\"=HYPERLINK(\"\"x\"\")\"",
		    "\"'=HYPERLINK(\"\"x\"\")\"" },
		{ "+cmd", "+cmd", "'+cmd" },
		{ "-cmd", "-cmd", "'-cmd" },
		{ "@SUM(A1)", "@SUM(A1)", "'@SUM(A1)" },
		{ "\t=1", "\t=1", "'\t=1" },
		{ "\r=1", "\"\r=1\"", "\"'\r=1\"" },
		{ "-20.00", "-20.00", "-20.00" },
		{ "+1", "+1", "+1" },
		{ "-", "-", "'-" },
		{ "-1+2", "-1+2", "'-1+2" },
		{ "'quoted", "''quoted", "''quoted" },
		{ "'", "''", "''" },
		{ "a=1", "a=1", "a=1" },
	};
	size_t	 i;
	int	 safe;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (safe = 0; safe <= 1; safe++) {
			buf_reset(&f->b);
			csv_cell(&f->b, t[i][0], safe);
			assert_string_equal(f->b.data ? f->b.data : "",
			    t[i][1 + safe]);
		}
	assert_string_equal(csv_cell_value("''quoted"), "'quoted");
	assert_string_equal(csv_cell_value("'=1+2"), "=1+2");
	assert_string_equal(csv_cell_value("-20.00"), "-20.00");
	assert_string_equal(csv_cell_value(""), "");
}

static uint64_t
xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A random field from pieces that need quoting and some that do not. */
static void
random_field(uint64_t *seed, struct buf *b)
{
	static const char *const piece[] = {
		"a", "Z", "0", " ", ",", "\"", "\"\"", "\r", "\n", "\r\n",
		"\t", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
		"\xef\xbb\xbf", "'", "=",
	};
	size_t	 n = xorshift(seed) % 12, i;

	buf_reset(b);
	buf_puts(b, "");
	for (i = 0; i < n; i++)
		buf_puts(b, piece[xorshift(seed) % (sizeof(piece) /
		    sizeof(piece[0]))]);
}

/* csv_field, then csv_next: the same fields, on the right lines. */
static void
test_round_trip(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;
	struct buf		 out, fld;
	uint64_t		 seed = 0x9e3779b97f4a7c15ULL;
	char			*want_f[8][CSV_MAX_FIELDS], **v;
	size_t			 want_n[8], nrec, i, j, n;
	unsigned long		 want_line[8], line;
	const char		*why, *p;
	int			 iter;

	buf_init(&out);
	buf_init(&fld);
	for (iter = 0; iter < 3000; iter++) {
		buf_reset(&out);
		nrec = 1 + xorshift(&seed) % 8;
		for (i = 0; i < nrec; i++) {
			/* Line 1, and one more for every LF written so far. */
			for (line = 1, p = out.data; p != NULL && (p = strchr(p,
			    '\n')) != NULL; p++)
				line++;
			want_line[i] = line;
			want_n[i] = 1 + xorshift(&seed) % CSV_MAX_FIELDS;
			for (j = 0; j < want_n[i]; j++) {
				random_field(&seed, &fld);
				want_f[i][j] = arena_strdup(&f->a, fld.data);
				if (j > 0)
					buf_putc(&out, ',');
				csv_field(&out, want_f[i][j]);
			}
			buf_puts(&out, xorshift(&seed) % 2 ? "\r\n" : "\n");
		}
		csv_init(&r, out.data, out.len);
		for (i = 0; i < nrec; i++) {
			assert_int_equal(csv_next(&r, &f->a, &v, &n, &why), 1);
			assert_int_equal(r.line, want_line[i]);
			assert_int_equal(n, want_n[i]);
			for (j = 0; j < n; j++)
				assert_string_equal(v[j], want_f[i][j]);
		}
		want_end(f, &r);
		arena_reset(&f->a);
	}
	buf_free(&out);
	buf_free(&fld);
}

/* The longest field, all quotes: 8194 bytes written, 4096 read back. */
static void
test_round_trip_max(void **state)
{
	struct fx		*f = *state;
	struct csv_reader	 r;
	char			*s = rep(&f->a, '"', CSV_MAX_FIELD), **v;
	const char		*why;
	size_t			 n;

	csv_field(&f->b, s);
	assert_int_equal(f->b.len, CSV_MAX_FIELD * 2 + 2);
	csv_init(&r, f->b.data, f->b.len);
	assert_int_equal(csv_next(&r, &f->a, &v, &n, &why), 1);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_final_eol, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_trailing_eol, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_input, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_breaks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unclosed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_after_quote, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_error_at_eol, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_len, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_field_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_records_max, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_records_over, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_field_writer, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_max, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
