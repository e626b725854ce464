/* test_multipart.c — unit tests of multipart/form-data parsing (cgi/multipart.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "limits.h"
#include "mem.h"
#include "multipart.h"

#define CT	"multipart/form-data; boundary=xyz"
#define CD	"Content-Disposition: form-data; "

/* Appends a string literal, NULs included. */
#define ADD(f, lit)	buf_add(&(f)->b, (lit), sizeof(lit) - 1)

struct fx {
	struct arena		 a;
	struct buf		 b;	/* the body */
	struct mpart_list	 l;
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

static int
parse(struct fx *f, const char *ct)
{
	return mp_parse(&f->a, ct, f->b.data, f->b.len, &f->l);
}

/* Starts the body again with s. */
static void
body(struct fx *f, const char *s)
{
	buf_reset(&f->b);
	buf_puts(&f->b, s);
}

/* A part of boundary xyz: its headers (one line or more) and its data. */
static void
part(struct fx *f, const char *headers, const char *data)
{
	buf_printf(&f->b, "--xyz\r\n%s\r\n\r\n%s\r\n", headers, data);
}

/* A body of one part of boundary xyz: parsed, status rc. */
static void
one_part(struct fx *f, const char *headers, const char *data, int rc)
{
	buf_reset(&f->b);
	part(f, headers, data);
	buf_puts(&f->b, "--xyz--\r\n");
	if (parse(f, CT) != rc)
		fail_msg("headers \"%s\": not %d", headers, rc);
}

/* Part i is name=data (a text field when filename is NULL). */
static void
want(struct fx *f, size_t i, const char *name, const char *filename,
    const char *ctype, const char *data, size_t len)
{
	const struct mpart *m;

	assert_true(i < f->l.n);
	m = &f->l.v[i];
	assert_string_equal(m->name, name);
	if (filename == NULL)
		assert_null(m->filename);
	else {
		assert_non_null(m->filename);
		assert_string_equal(m->filename, filename);
	}
	if (ctype == NULL)
		assert_null(m->ctype);
	else {
		assert_non_null(m->ctype);
		assert_string_equal(m->ctype, ctype);
	}
	assert_int_equal(m->len, len);
	assert_memory_equal(m->data, data, len);
	assert_int_equal(m->data[len], '\0');
	/* A copy of the body's bytes at off. */
	assert_true(m->off + len <= f->b.len);
	assert_memory_equal(f->b.data + m->off, data, len);
	assert_ptr_not_equal(m->data, f->b.data + m->off);
}

/* Browser bodies */

#define CHROME_BD	"----WebKitFormBoundary7MA4YWxkTrZu0gW"

static void
test_chromium(void **state)
{
	struct fx	*f = *state;
	const char	*csv = "date,exercise,reps\r\n2024-01-01,squat,5\r\n";

	body(f, "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
	    "Content-Disposition: form-data; name=\"csrf\"\r\n"
	    "\r\n"
	    "k3J9xQ\r\n"
	    "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
	    "Content-Disposition: form-data; name=\"file\"; "
	    "filename=\"workouts.csv\"\r\n"
	    "Content-Type: text/csv\r\n"
	    "\r\n"
	    "date,exercise,reps\r\n2024-01-01,squat,5\r\n"
	    "\r\n"
	    "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n");
	assert_int_equal(parse(f, "multipart/form-data; boundary=" CHROME_BD),
	    0);
	assert_int_equal(f->l.n, 2);
	want(f, 0, "csrf", NULL, NULL, "k3J9xQ", 6);
	want(f, 1, "file", "workouts.csv", "text/csv", csv, strlen(csv));
}

#define GECKO_BD	"---------------------------974767299852498929531610575"

static void
test_firefox(void **state)
{
	struct fx	*f = *state;
	const char	*note = "Leg day \xe2\x80\x94 felt strong.\r\nNext: "
	    "\xc3\xa9lan \xf0\x9f\x92\xaa";

	body(f, "-----------------------------974767299852498929531610575\r\n"
	    "Content-Disposition: form-data; name=\"note\"\r\n"
	    "\r\n"
	    "Leg day \xe2\x80\x94 felt strong.\r\nNext: \xc3\xa9lan "
	    "\xf0\x9f\x92\xaa\r\n"
	    "-----------------------------974767299852498929531610575\r\n"
	    "Content-Disposition: form-data; name=\"photo\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\r\n"
	    "-----------------------------974767299852498929531610575\r\n"
	    "Content-Disposition: form-data; name=\"empty\"\r\n"
	    "\r\n"
	    "\r\n"
	    "-----------------------------974767299852498929531610575--\r\n");
	assert_int_equal(parse(f, "multipart/form-data; boundary=" GECKO_BD),
	    0);
	assert_int_equal(f->l.n, 3);
	want(f, 0, "note", NULL, NULL, note, strlen(note));
	/* A file input with no file chosen. */
	want(f, 1, "photo", "", "application/octet-stream", "", 0);
	want(f, 2, "empty", NULL, NULL, "", 0);
}

/* The Content-Type and its boundary */

static void
test_content_type(void **state)
{
	struct fx	*f = *state;
	static const char *const t[][2] = {
		{ "multipart/form-data; boundary=xyz", "xyz" },
		{ "Multipart/Form-Data; BOUNDARY=xyz", "xyz" },
		{ "multipart/form-data;boundary=xyz", "xyz" },
		{ "multipart/form-data; boundary=\"xyz\"", "xyz" },
		{ "  multipart/form-data ; charset=utf-8;\tboundary=\"xyz\" ",
		    "xyz" },
		{ "multipart/form-data; boundary=xyz; charset=utf-8", "xyz" },
		{ "multipart/form-data; boundary=xyz;", "xyz" },
		{ "multipart/form-data; boundary=\"a b:c/d=e?f,(g)+_'.\"",
		    "a b:c/d=e?f,(g)+_'." },
		{ ("multipart/form-data; boundary=0123456789012345678901234567"
		    "890123456789012345678901234567890123456789"),
		    ("0123456789012345678901234567890123456789012345678901234567"
		    "890123456789") },
		{ "multipart/form-data; boundary=Z", "Z" },
	};
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		buf_reset(&f->b);
		buf_printf(&f->b, "--%s\r\n" CD "name=\"a\"\r\n\r\n1\r\n--%s--",
		    t[i][1], t[i][1]);
		if (parse(f, t[i][0]) != 0)
			fail_msg("%s: not parsed", t[i][0]);
		assert_int_equal(f->l.n, 1);
		want(f, 0, "a", NULL, NULL, "1", 1);
	}
}

static void
test_content_type_bad(void **state)
{
	struct fx	*f = *state;
	static const char *const bad[] = {
		"",
		"text/plain; boundary=xyz",
		"multipart/mixed; boundary=xyz",
		"multipart/form-dataX; boundary=xyz",
		"multipart/form-data",
		"multipart/form-data;",
		"multipart/form-data; charset=utf-8",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"xyz",
		"multipart/form-data; boundary=\"xyz \"",
		"multipart/form-data; boundary=\"x\\\"y\"",
		"multipart/form-data; boundary=\"x\\\\y\"",
		"multipart/form-data; boundary=\"\\xyz\"",
		"multipart/form-data; boundary=\"x@y\"",
		"multipart/form-data; boundary=x@y",
		"multipart/form-data; boundary=x y",
		"multipart/form-data; boundary =xyz",
		"multipart/form-data; boundary= xyz",
		"multipart/form-data boundary=xyz",
		"multipart/form-data; boundary=xyz; boundary=xyz",
		"multipart/form-data; =xyz",
		"boundary=xyz",
		"; boundary=xyz",
		/* 71 characters. */
		("multipart/form-data; boundary=01234567890123456789012345678901"
		    "234567890123456789012345678901234567890"),
		"multipart/form-data; boundary=\"\x01xyz\"",
		"multipart/form-data; boundary=\"\xc3\xa9xyz\"",
	};
	size_t		 i;

	body(f, "--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz--\r\n");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(parse(f, NULL), 400);
	assert_int_equal(f->l.n, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse(f, bad[i]) != 400)
			fail_msg("%s: not 400", bad[i]);
	/* A space may not end a boundary, even one the body uses. */
	body(f, "--xyz \r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz --\r\n");
	assert_int_equal(parse(f, "multipart/form-data; boundary=\"xyz \""),
	    400);
	/* Nor may a character that is not a bchar. */
	body(f, "--x@y\r\n" CD "name=\"a\"\r\n\r\n1\r\n--x@y--\r\n");
	assert_int_equal(parse(f, "multipart/form-data; boundary=\"x@y\""),
	    400);
	assert_int_equal(parse(f, "multipart/form-data; boundary=\"x@z\""),
	    400);
}

/* The boundary matches case-sensitively; the media type did not. */
static void
test_boundary_case(void **state)
{
	struct fx	*f = *state;

	body(f, "--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz--\r\n");
	assert_int_equal(parse(f, "multipart/form-data; boundary=XYZ"), 400);
	assert_int_equal(parse(f, "multipart/form-data; boundary=xYz"), 400);
	body(f, "--XyZ\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz\r\n--XyZ--");
	assert_int_equal(parse(f, "multipart/form-data; boundary=XyZ"), 0);
	want(f, 0, "a", NULL, NULL, "1\r\n--xyz", 8);
}

/* The body's frame */

static void
test_preamble_epilogue(void **state)
{
	struct fx	*f = *state;

	body(f, "This is the preamble.\r\n-xyz\r\njunk--xyz\r\n--xy\r\n"
	    "--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n"
	    "--xyz--\r\nThe epilogue: --xyz\r\n" CD "name=\"b\"\r\n\r\n");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, 1);
	want(f, 0, "a", NULL, NULL, "1", 1);
	/* A preamble that is only a line break. */
	body(f, "\r\n--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz--");
	assert_int_equal(parse(f, CT), 0);
	want(f, 0, "a", NULL, NULL, "1", 1);
}

static void
test_close(void **state)
{
	struct fx	*f = *state;
	static const char *const end[] = {
		"--xyz--\r\n", "--xyz--", "--xyz--\r\n\r\n", "--xyz--  \r\n",
		"--xyz--junk", "--xyz---",
	};
	size_t		 i;

	for (i = 0; i < sizeof(end) / sizeof(end[0]); i++) {
		body(f, "--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n");
		buf_puts(&f->b, end[i]);
		if (parse(f, CT) != 0)
			fail_msg("ending \"%s\": not parsed", end[i]);
		assert_int_equal(f->l.n, 1);
		want(f, 0, "a", NULL, NULL, "1", 1);
	}
	/* Transport padding after a delimiter (RFC 2046). */
	body(f, "--xyz \t\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz  \r\n"
	    CD "name=\"b\"\r\n\r\n2\r\n--xyz--");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, 2);
	want(f, 1, "b", NULL, NULL, "2", 1);
}

static void
test_no_close(void **state)
{
	struct fx	*f = *state;
	static const char *const bad[] = {
		"",
		"no delimiter at all",
		"-xyz\r\n",
		"--xyz",
		"--xyz-",
		"--xyz\r\n",
		"--xyz\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz--",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz-",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz\r\n",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz \r\n",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\n--xyz--",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xy--",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--XYZ--",
		/* The boundary as a line's prefix (RFC 2046 forbids it). */
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyzz\r\n--xyz--",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz x\r\n--xyz--",
		"--xyz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz\n--xyz--",
		"--xyzz\r\n" CD "name=\"a\"\r\n\r\n1\r\n--xyz--",
	};
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		body(f, bad[i]);
		if (parse(f, CT) != 400)
			fail_msg("\"%s\": not 400", bad[i]);
		assert_int_equal(f->l.n, 0);
	}
	assert_int_equal(mp_parse(&f->a, CT, NULL, 0, &f->l), 400);
}

/* No parts at all: what a form without fields sends. */
static void
test_zero_parts(void **state)
{
	struct fx	*f = *state;

	body(f, "--xyz--\r\n");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, 0);
	assert_null(mp_get(&f->l, "a"));
	body(f, "--xyz--");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, 0);
}

/* File data: any bytes, and delimiters that are not quite delimiters. */
static void
test_binary(void **state)
{
	struct fx	*f = *state;
	static const char data[] =
	    "\0\x01\xff\xfe\x80\r\n"
	    "\r\n\r\n"
	    "\r\n--bound"
	    "\r\n--boundary12X"
	    "\r\n---boundary123"
	    "\r\n-\r\n--"
	    "--boundary123\r\n"
	    "x\n--boundary123\r\n"
	    "x\r--boundary123--\r\n"
	    "\r\n--boundary12\0"
	    "\r\n--\r\n--boundary1";
	static const char note[] = "after\r\n--boundary12";

	buf_reset(&f->b);
	ADD(f, "--boundary123\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"b.bin\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n");
	buf_add(&f->b, data, sizeof(data) - 1);
	ADD(f, "\r\n--boundary123\r\n"
	    "Content-Disposition: form-data; name=\"note\"\r\n\r\n");
	buf_add(&f->b, note, sizeof(note) - 1);
	ADD(f, "\r\n--boundary123--\r\n");
	assert_int_equal(parse(f, "multipart/form-data; boundary=boundary123"),
	    0);
	assert_int_equal(f->l.n, 2);
	want(f, 0, "f", "b.bin", "application/octet-stream", data,
	    sizeof(data) - 1);
	want(f, 1, "note", NULL, NULL, note, sizeof(note) - 1);
	/* A file's data may end in CR, or be one line break. */
	body(f, "--xyz\r\n" CD "name=\"f\"; filename=\"x\"\r\n\r\n\r\r\n"
	    "--xyz\r\n" CD "name=\"g\"; filename=\"y\"\r\n\r\n\r\n\r\n--xyz--");
	assert_int_equal(parse(f, CT), 0);
	want(f, 0, "f", "x", NULL, "\r", 1);
	want(f, 1, "g", "y", NULL, "\r\n", 2);
}

/* RFC 2046: a part may end at its headers, without a blank line of data. */
static void
test_no_data(void **state)
{
	struct fx	*f = *state;

	body(f, "--xyz\r\n" CD "name=\"a\"\r\n\r\n--xyz\r\n"
	    CD "name=\"b\"; filename=\"b\"\r\nContent-Type: text/csv\r\n\r\n"
	    "--xyz\r\n" CD "name=\"c\"\r\n\r\n\r\n--xyz--");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, 3);
	want(f, 0, "a", NULL, NULL, "", 0);
	want(f, 1, "b", "b", "text/csv", "", 0);
	want(f, 2, "c", NULL, NULL, "", 0);
	/* The headers' own CRLF is not the delimiter's. */
	body(f, "--xyz\r\n" CD "name=\"a\"\r\n--xyz--");
	assert_int_equal(parse(f, CT), 400);
}

/* Part headers */

static void
test_headers(void **state)
{
	struct fx	*f = *state;

	one_part(f, CD "name=a", "1", 0);
	want(f, 0, "a", NULL, NULL, "1", 1);
	one_part(f, "CONTENT-DISPOSITION: FORM-DATA; NAME=\"a\"; "
	    "FileName=\"f.txt\"", "1", 0);
	want(f, 0, "a", "f.txt", NULL, "1", 1);
	one_part(f, "content-disposition:form-data;name=\"a\";filename=f.txt",
	    "1", 0);
	want(f, 0, "a", "f.txt", NULL, "1", 1);
	one_part(f, "Content-Disposition: \t form-data ; name=\"a\" ; "
	    "filename=\"f\" \t", "1", 0);
	want(f, 0, "a", "f", NULL, "1", 1);
	/* Unknown headers and parameters are ignored. */
	one_part(f, "X-Before: 1\r\n" CD "name=\"a\"; size=3; "
	    "filename*=UTF-8''%e2%82%ac.csv; filename=\"e.csv\"\r\n"
	    "Content-Transfer-Encoding: binary\r\nX-Empty:", "1", 0);
	want(f, 0, "a", "e.csv", NULL, "1", 1);
	/* Content-Type: kept, without the white space around it. */
	one_part(f, CD "name=\"a\"; filename=\"a.csv\"\r\n"
	    "content-type: \t text/csv; charset=utf-8 \t", "1", 0);
	want(f, 0, "a", "a.csv", "text/csv; charset=utf-8", "1", 1);
	/* Quoted-string escapes \" and \\; browsers send %22 as is. */
	one_part(f, CD "name=\"a\\\"b\\\\c\"", "1", 0);
	want(f, 0, "a\"b\\c", NULL, NULL, "1", 1);
	one_part(f, CD "name=\"a%22b\"", "1", 0);
	want(f, 0, "a%22b", NULL, NULL, "1", 1);
	one_part(f, CD "name=\"a;b=c, d\"", "1", 0);
	want(f, 0, "a;b=c, d", NULL, NULL, "1", 1);
	/* UTF-8 names. */
	one_part(f, CD "name=\"s\xc3\xa9" "ance\"; "
	    "filename=\"\xc3\xbc" "bung.csv\"", "1", 0);
	want(f, 0, "s\xc3\xa9" "ance", "\xc3\xbc" "bung.csv", NULL, "1", 1);
}

static void
test_headers_bad(void **state)
{
	struct fx	*f = *state;
	static const char *const bad[] = {
		"Content-Type: text/plain",
		"Content-Disposition: attachment; name=\"a\"",
		"Content-Disposition: form-datax; name=\"a\"",
		"Content-Disposition: name=\"a\"",
		"Content-Disposition:",
		CD "filename=\"a\"",
		CD "name=\"\"",
		CD "name=",
		CD "name",
		CD "name=\"a",
		CD "name=\"a\"x",
		CD "name=\"a\"; name=\"b\"",
		CD "name=\"a\"; filename=\"x\"; filename=\"y\"",
		"Content-Disposition: form-data name=\"a\"",
		CD "name=\"a\"\r\n" CD "name=\"b\"",
		CD "name=\"a\"\r\n" CD "filename=\"b\"",
		CD "name=\"a\"\r\nContent-Type: a\r\nContent-Type: b",
		CD "name=\"a\"\r\nno colon",
		CD "name=\"a\"\r\n: empty name",
		"Content Disposition: form-data; name=\"a\"",
		CD "name=\"a\"\r\n continued",
		CD "name=\"a\"\r\nX-Folded: 1\r\n\t2",
		CD "name=\"a\"\nX-Lf: only",
		CD "name=\"a\"\rX-Cr: only",
		CD "name=\"a\x01\"",
		CD "name=\"a\tb\"",
		CD "name=\"a\"; filename=\"\xc2\x85\"",
		CD "name=\"a\"; filename=\"\xff.csv\"",
		CD "name=\"\xc0\xaf\"",
		CD "name=\"a\"\r\nX-Bad: \xff",
		CD "name=\"a\"\r\nX-Del: \x7f",
		CD "name=\"a\"; filename*=\"\x01\"",
	};
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		one_part(f, bad[i], "1", 400);
		assert_int_equal(f->l.n, 0);
	}
	/* A NUL in a header line. */
	buf_reset(&f->b);
	ADD(f, "--xyz\r\n" CD "name=\"a\0\"\r\n\r\n1\r\n--xyz--");
	assert_int_equal(parse(f, CT), 400);
	/* No headers at all. */
	body(f, "--xyz\r\n\r\n1\r\n--xyz--");
	assert_int_equal(parse(f, CT), 400);
	/* Headers without the blank line after them. */
	body(f, "--xyz\r\n" CD "name=\"a\"\r\n1\r\n--xyz--");
	assert_int_equal(parse(f, CT), 400);
	body(f, "--xyz\r\n" CD "name=\"a\"\r\n--xyz--\r\n\r\n");
	assert_int_equal(parse(f, CT), 400);
	body(f, "--xyz\r\n" CD "name=\"a\"\n\n1\r\n--xyz--");
	assert_int_equal(parse(f, CT), 400);
}

/* The last path component of a filename, after / or \. */
static void
test_filename_path(void **state)
{
	struct fx	*f = *state;
	static const char *const t[][2] = {
		{ "C:\\Users\\me\\log.csv", "log.csv" },
		{ "/etc/passwd", "passwd" },
		{ "a/b\\c.csv", "c.csv" },
		{ "..\\..\\x", "x" },
		{ "../", "" },
		{ "dir/", "" },
		{ "\\\\", "" },
		{ "plain.csv", "plain.csv" },
		{ "", "" },
		{ "a\\\\b", "b" },
		{ "a\\\"b/c\\\"d", "c\"d" },
		{ "x/\xc3\xa9t\xc3\xa9 1.csv", "\xc3\xa9t\xc3\xa9 1.csv" },
	};
	size_t		 i;
	char		*h;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		h = arena_printf(&f->a, CD "name=\"f\"; filename=\"%s\"",
		    t[i][0]);
		one_part(f, h, "data", 0);
		want(f, 0, "f", t[i][1], NULL, "data", 4);
	}
}

/* Fields that are not files: UTF-8, no NUL */

static void
test_field_text(void **state)
{
	struct fx	*f = *state;
	static const char *const bad[] = {
		"\xff", "a\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xe2\x82",
	};
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		one_part(f, CD "name=\"a\"", bad[i], 400);
		/* As a file, anything goes. */
		one_part(f, CD "name=\"a\"; filename=\"x\"", bad[i], 0);
		want(f, 0, "a", "x", NULL, bad[i], strlen(bad[i]));
	}
	buf_reset(&f->b);
	ADD(f, "--xyz\r\n" CD "name=\"a\"\r\n\r\na\0b\r\n--xyz--");
	assert_int_equal(parse(f, CT), 400);
	buf_reset(&f->b);
	ADD(f, "--xyz\r\n" CD "name=\"a\"; filename=\"x\"\r\n\r\n"
	    "a\0b\r\n--xyz--");
	assert_int_equal(parse(f, CT), 0);
	want(f, 0, "a", "x", NULL, "a\0b", 3);
	/* Control characters other than NUL are the caller's to judge. */
	one_part(f, CD "name=\"a\"", "tab\there\r\nline", 0);
	want(f, 0, "a", NULL, NULL, "tab\there\r\nline", 14);
}

/* Limits: exactly at each, and one past */

/* A part whose header block is exactly n bytes (n >= 60). */
static void
sized_part(struct fx *f, size_t n, const char *name)
{
	char	*h = arena_printf(&f->a, CD "name=\"%s\"\r\nX-Pad: ", name);
	size_t	 hl = strlen(h);

	assert_true(n >= hl);
	buf_puts(&f->b, "--xyz\r\n");
	buf_puts(&f->b, h);
	while (hl++ < n)
		buf_putc(&f->b, 'p');
	buf_puts(&f->b, "\r\n\r\nv\r\n");
}

static void
test_header_size(void **state)
{
	struct fx	*f = *state;

	buf_reset(&f->b);
	sized_part(f, MP_MAX_HEADER, "a");
	sized_part(f, MP_MAX_HEADER, "b");
	buf_puts(&f->b, "--xyz--");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, 2);
	want(f, 1, "b", NULL, NULL, "v", 1);

	buf_reset(&f->b);
	sized_part(f, MP_MAX_HEADER, "a");
	sized_part(f, MP_MAX_HEADER + 1, "b");
	buf_puts(&f->b, "--xyz--");
	assert_int_equal(parse(f, CT), 413);
	assert_int_equal(f->l.n, 0);

	buf_reset(&f->b);
	sized_part(f, MP_MAX_HEADER + 1, "a");
	buf_puts(&f->b, "--xyz--");
	assert_int_equal(parse(f, CT), 413);

	/* Headers that never end: 413 once past the limit, else 400. */
	buf_reset(&f->b);
	buf_puts(&f->b, "--xyz\r\n" CD "name=\"a\"\r\nX-Pad: ");
	while (f->b.len < 7 + MP_MAX_HEADER + 3)
		buf_putc(&f->b, 'p');
	assert_int_equal(parse(f, CT), 400);
	buf_putc(&f->b, 'p');
	assert_int_equal(parse(f, CT), 413);
}

static void
test_parts_limit(void **state)
{
	struct fx	*f = *state;
	size_t		 i;
	char		 name[16];

	buf_reset(&f->b);
	for (i = 0; i < MP_MAX_PARTS; i++) {
		snprintf(name, sizeof(name), "f%zu", i);
		part(f, arena_printf(&f->a, CD "name=\"%s\"", name), name);
	}
	buf_puts(&f->b, "--xyz--\r\n");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, MP_MAX_PARTS);
	for (i = 0; i < MP_MAX_PARTS; i++) {
		snprintf(name, sizeof(name), "f%zu", i);
		want(f, i, name, NULL, NULL, name, strlen(name));
	}

	buf_reset(&f->b);
	for (i = 0; i <= MP_MAX_PARTS; i++)
		part(f, CD "name=\"f\"", "x");
	buf_puts(&f->b, "--xyz--\r\n");
	assert_int_equal(parse(f, CT), 413);
	assert_int_equal(f->l.n, 0);
}

static void
test_field_len(void **state)
{
	struct fx	*f = *state;
	char		*v = arena_alloc(&f->a, REQ_MAX_FIELD_LEN + 2);

	memset(v, 'v', REQ_MAX_FIELD_LEN);
	one_part(f, CD "name=\"a\"", v, 0);
	assert_int_equal(f->l.v[0].len, REQ_MAX_FIELD_LEN);
	v[REQ_MAX_FIELD_LEN] = 'v';
	one_part(f, CD "name=\"a\"", v, 413);
	one_part(f, CD "name=\"a\"; filename=\"a\"", v, 0);
	assert_int_equal(f->l.v[0].len, REQ_MAX_FIELD_LEN + 1);
}

/* Names as long as a urlencoded form's keys may be. */
static void
test_name_len(void **state)
{
	struct fx	*f = *state;
	char		*n = arena_alloc(&f->a, REQ_MAX_KEY_LEN + 2);

	memset(n, 'n', REQ_MAX_KEY_LEN);
	one_part(f, arena_printf(&f->a, CD "name=\"%s\"", n), "1", 0);
	want(f, 0, n, NULL, NULL, "1", 1);
	n[REQ_MAX_KEY_LEN] = 'n';
	one_part(f, arena_printf(&f->a, CD "name=\"%s\"", n), "1", 413);
	one_part(f, arena_printf(&f->a, CD "name=%s; filename=x", n), "1",
	    413);
}

static void
test_upload_len(void **state)
{
	struct fx	*f = *state;
	static const char tail[] = "\r\n--xyz--\r\n";
	char		*fill;
	size_t		 n, i;

	body(f, "--xyz\r\n" CD "name=\"f\"; filename=\"big.csv\"\r\n\r\n");
	n = REQ_MAX_UPLOAD - (sizeof(tail) - 1) - f->b.len;
	fill = arena_alloc(&f->a, n);
	for (i = 0; i < n; i++)
		fill[i] = (char)('a' + i % 26);
	buf_add(&f->b, fill, n);
	buf_puts(&f->b, tail);
	assert_int_equal(f->b.len, REQ_MAX_UPLOAD);
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, 1);
	assert_int_equal(f->l.v[0].len, REQ_MAX_UPLOAD - f->l.v[0].off -
	    (sizeof(tail) - 1));
	assert_memory_equal(f->l.v[0].data, f->b.data + f->l.v[0].off,
	    f->l.v[0].len);
	buf_putc(&f->b, '\n');
	assert_int_equal(parse(f, CT), 413);
	assert_int_equal(f->l.n, 0);
}

/* mp_get */

static void
test_get(void **state)
{
	struct fx	*f = *state;
	const struct mpart *m;
	struct mpart_list empty = { NULL, 0 };

	buf_reset(&f->b);
	part(f, CD "name=\"a\"", "1");
	part(f, CD "name=\"b\"; filename=\"b.txt\"", "2");
	part(f, CD "name=\"a\"", "3");
	buf_puts(&f->b, "--xyz--");
	assert_int_equal(parse(f, CT), 0);
	assert_int_equal(f->l.n, 3);
	assert_non_null(m = mp_get(&f->l, "a"));
	assert_string_equal(m->data, "1");
	assert_ptr_equal(m, &f->l.v[0]);
	assert_non_null(m = mp_get(&f->l, "b"));
	assert_string_equal(m->filename, "b.txt");
	assert_null(mp_get(&f->l, "c"));
	assert_null(mp_get(&f->l, "A"));
	assert_null(mp_get(&f->l, ""));
	assert_null(mp_get(&empty, "a"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chromium, setup, teardown),
		cmocka_unit_test_setup_teardown(test_firefox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_type, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_content_type_bad, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_boundary_case, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_preamble_epilogue, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_parts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_binary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headers_bad, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_filename_path, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_field_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_header_size, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parts_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_field_len, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_name_len, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_upload_len, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_get, setup, teardown),
	};

	return cmocka_run_group_tests_name("multipart", tests, NULL, NULL);
}
