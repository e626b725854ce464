/* test_http.c — unit tests of request parsing and the response head (cgi/http.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "http.h"
#include "limits.h"
#include "mem.h"

#define FORM_CT	"CONTENT_TYPE=application/x-www-form-urlencoded"

struct fx {
	struct arena	 a;
	struct req	 r;
	struct buf	 hdr;
	struct buf	 out;
	struct buf	 head;
};

static int
group_setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	arena_init(&f->a);
	buf_init(&f->hdr);
	buf_init(&f->out);
	buf_init(&f->head);
	f->r.arena = &f->a;
	f->r.hdr = &f->hdr;
	f->r.out = &f->out;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	buf_free(&f->hdr);
	buf_free(&f->out);
	buf_free(&f->head);
	arena_free(&f->a);
	free(f);
	return 0;
}

/* n copies of unit, in the arena. */
static char *
rep(struct arena *a, const char *unit, size_t n)
{
	size_t	 ul = strlen(unit), i;
	char	*s = arena_alloc(a, ul * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * ul, unit, ul);
	s[ul * n] = '\0';
	return s;
}

/* "f0=0&f1=1&…" with n fields. */
static char *
fields(struct arena *a, size_t n)
{
	struct buf	 b;
	char		*s;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%sf%zu=%zu", i ? "&" : "", i, i);
	s = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

static char *
dec(struct fx *f, const char *s, int plus, size_t *n)
{
	return http_pct_decode(&f->a, s, strlen(s), plus, n);
}

static int
parse(struct fx *f, const char *const *envp, const char *body, size_t len)
{
	memset(&f->r, 0, sizeof(f->r));
	f->r.hdr = &f->hdr;
	f->r.out = &f->out;
	return http_parse(&f->r, &f->a, envp, body, len);
}

/* Parses a GET of uri with one extra param (or NULL). */
static int
get(struct fx *f, const char *uri, const char *extra)
{
	const char *envp[] = { "REQUEST_METHOD=GET",
	    arena_printf(&f->a, "REQUEST_URI=%s", uri), extra, NULL };

	return parse(f, envp, "", 0);
}

static int
is_hex32(const char *s)
{
	size_t	 i;

	for (i = 0; i < 32; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return s[32] == '\0';
}

/* http_param */

static void
test_param(void **state)
{
	const char *envp[] = { "A=1", "AB=2", "C=", "D", NULL };

	(void)state;
	assert_string_equal(http_param(envp, "A"), "1");
	assert_string_equal(http_param(envp, "AB"), "2");
	assert_string_equal(http_param(envp, "C"), "");
	assert_null(http_param(envp, "D"));
	assert_null(http_param(envp, "B"));
	assert_null(http_param(NULL, "A"));
}

/* http_pct_decode */

static void
test_pct_plain(void **state)
{
	struct fx	*f = *state;
	size_t		 n = 99;

	assert_string_equal(dec(f, "abc/def", 0, &n), "abc/def");
	assert_int_equal(n, 7);
	assert_string_equal(dec(f, "", 0, &n), "");
	assert_int_equal(n, 0);
	assert_string_equal(dec(f, "x", 1, NULL), "x");
}

static void
test_pct_escapes(void **state)
{
	struct fx	*f = *state;
	size_t		 n = 0;

	assert_string_equal(dec(f, "%41", 0, &n), "A");
	assert_int_equal(n, 1);
	assert_string_equal(dec(f, "a%2fb%2Fc", 0, &n), "a/b/c");
	assert_int_equal(n, 5);
	assert_string_equal(dec(f, "%7e%7E%3d", 0, &n), "~~=");
	assert_string_equal(dec(f, "%25%2541", 0, &n), "%%41");
	assert_int_equal(n, 4);
	assert_string_equal(dec(f, "%2B", 1, &n), "+");
	/* Only len bytes are read. */
	assert_string_equal(http_pct_decode(&f->a, "abc%41", 3, 0, &n),
	    "abc");
	assert_int_equal(n, 3);
}

static void
test_pct_plus(void **state)
{
	struct fx	*f = *state;
	size_t		 n = 0;

	assert_string_equal(dec(f, "a+b++", 1, &n), "a b  ");
	assert_int_equal(n, 5);
	assert_string_equal(dec(f, "a+b++", 0, &n), "a+b++");
	assert_int_equal(n, 5);
}

static void
test_pct_bad(void **state)
{
	struct fx	*f = *state;

	assert_null(dec(f, "%", 0, NULL));
	assert_null(dec(f, "abc%", 0, NULL));
	assert_null(dec(f, "%4", 0, NULL));
	assert_null(dec(f, "a%4", 0, NULL));
	assert_null(dec(f, "%zz", 0, NULL));
	assert_null(dec(f, "%4z", 0, NULL));
	assert_null(dec(f, "%z4", 0, NULL));
	assert_null(dec(f, "% 41", 0, NULL));
	assert_null(dec(f, "%+41", 1, NULL));
	assert_null(dec(f, "%00", 0, NULL));
	assert_null(dec(f, "a%00b", 1, NULL));
	assert_null(http_pct_decode(&f->a, "a\0b", 3, 0, NULL));
	/* A '%' whose escape lies beyond len. */
	assert_null(http_pct_decode(&f->a, "%41", 2, 0, NULL));
}

static void
test_pct_utf8(void **state)
{
	struct fx	*f = *state;
	size_t		 n = 0;

	assert_string_equal(dec(f, "%C3%A9", 0, &n), "\xc3\xa9");
	assert_int_equal(n, 2);
	assert_string_equal(dec(f, "%e2%82%ac", 0, &n), "\xe2\x82\xac");
	assert_int_equal(n, 3);
	assert_string_equal(dec(f, "%F0%9F%92%AA", 0, &n),
	    "\xf0\x9f\x92\xaa");
	assert_int_equal(n, 4);
	/* Raw UTF-8 and escaped halves mix. */
	assert_string_equal(dec(f, "\xc3%A9x", 0, &n), "\xc3\xa9x");
	assert_int_equal(n, 3);

	assert_null(dec(f, "%80", 0, NULL));		/* lone continuation */
	assert_null(dec(f, "a%BFb", 0, NULL));
	assert_null(dec(f, "%C0%AF", 0, NULL));		/* overlong '/' */
	assert_null(dec(f, "%C1%BF", 0, NULL));
	assert_null(dec(f, "%E0%80%AF", 0, NULL));	/* overlong, 3 bytes */
	assert_null(dec(f, "%F0%80%80%AF", 0, NULL));	/* overlong, 4 bytes */
	assert_null(dec(f, "%ED%A0%80", 0, NULL));	/* U+D800 */
	assert_null(dec(f, "%ED%BF%BF", 0, NULL));	/* U+DFFF */
	assert_null(dec(f, "%F4%90%80%80", 0, NULL));	/* U+110000 */
	assert_null(dec(f, "%F5%80%80%80", 0, NULL));
	assert_null(dec(f, "%FF", 0, NULL));
	assert_null(dec(f, "%C3", 0, NULL));		/* truncated */
	assert_null(dec(f, "%E2%82", 0, NULL));
	assert_null(dec(f, "%F0%9F%92", 0, NULL));
	assert_null(dec(f, "%C3x", 0, NULL));
	assert_null(dec(f, "%E2%82x", 0, NULL));
}

/* http_form_parse */

static int
form(struct fx *f, const char *s, struct kvlist *l)
{
	return http_form_parse(&f->a, s, strlen(s), l);
}

static void
test_form_basic(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(form(f, "a=1&b=2", &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].key, "a");
	assert_string_equal(l.v[0].val, "1");
	assert_int_equal(l.v[0].vlen, 1);
	assert_string_equal(l.v[1].key, "b");
	assert_string_equal(l.v[1].val, "2");
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_null(kv_get(&l, "c"));
	assert_null(kv_get(&l, "A"));

	assert_int_equal(form(f, "name=J%C3%B6rg+Smith&note=a%26b%3Dc", &l),
	    0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "name"), "J\xc3\xb6rg Smith");
	assert_int_equal(l.v[0].vlen, 11);
	assert_string_equal(kv_get(&l, "note"), "a&b=c");
}

static void
test_form_empty(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l = { (struct kv *)&l, 7 };

	assert_int_equal(form(f, "", &l), 0);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	assert_null(kv_get(&l, "a"));

	assert_int_equal(form(f, "&&", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(form(f, "&", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(form(f, "=", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(form(f, "&a=1&&b=2&", &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "2");
}

static void
test_form_novalue(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(form(f, "a", &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].key, "a");
	assert_string_equal(l.v[0].val, "");
	assert_int_equal(l.v[0].vlen, 0);

	assert_int_equal(form(f, "a=", &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].val, "");
	assert_int_equal(l.v[0].vlen, 0);

	/* Only the first '=' splits. */
	assert_int_equal(form(f, "a==b=", &l), 0);
	assert_string_equal(l.v[0].val, "=b=");
	assert_int_equal(l.v[0].vlen, 3);
}

static void
test_form_nokey(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(form(f, "=v", &l), 400);
	assert_int_equal(form(f, "a=1&=v", &l), 400);
	assert_int_equal(form(f, "%zz=1", &l), 400);
	assert_int_equal(form(f, "a=%zz", &l), 400);
	assert_int_equal(form(f, "a=%4", &l), 400);
	assert_int_equal(form(f, "a=%FF", &l), 400);
	assert_int_equal(form(f, "a=%C0%AF", &l), 400);
}

static void
test_form_repeat(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(form(f, "a=1&a=2&a=3", &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(l.v[2].val, "3");
}

static void
test_form_plus(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(form(f, "q=hello+world&k+x=y&p=%2B", &l), 0);
	assert_string_equal(kv_get(&l, "q"), "hello world");
	assert_string_equal(kv_get(&l, "k x"), "y");
	assert_string_equal(kv_get(&l, "p"), "+");
}

static void
test_form_nul(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(form(f, "a=%00", &l), 400);
	assert_int_equal(form(f, "a=b%00c", &l), 400);
	assert_int_equal(form(f, "%00=1", &l), 400);
	assert_int_equal(http_form_parse(&f->a, "a=b\0c", 5, &l), 400);
	assert_int_equal(http_form_parse(&f->a, "a\0=b", 4, &l), 400);
	/* A NUL past len is not read. */
	assert_int_equal(http_form_parse(&f->a, "a=b\0c", 3, &l), 0);
	assert_string_equal(kv_get(&l, "a"), "b");
}

static void
test_form_count(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;
	char		*s;

	assert_int_equal(form(f, fields(&f->a, REQ_MAX_FIELDS), &l), 0);
	assert_int_equal(l.n, REQ_MAX_FIELDS);
	assert_string_equal(l.v[REQ_MAX_FIELDS - 1].val,
	    arena_printf(&f->a, "%d", REQ_MAX_FIELDS - 1));
	assert_int_equal(form(f, fields(&f->a, REQ_MAX_FIELDS + 1), &l), 413);
	/* Empty pairs are not fields. */
	s = arena_printf(&f->a, "%s&&&", fields(&f->a, REQ_MAX_FIELDS));
	assert_int_equal(form(f, s, &l), 0);
	assert_int_equal(l.n, REQ_MAX_FIELDS);
}

static void
test_form_keylen(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;
	char		*k;

	k = rep(&f->a, "k", REQ_MAX_KEY_LEN);
	assert_int_equal(form(f, arena_printf(&f->a, "%s=1", k), &l), 0);
	assert_string_equal(kv_get(&l, k), "1");
	k = rep(&f->a, "k", REQ_MAX_KEY_LEN + 1);
	assert_int_equal(form(f, arena_printf(&f->a, "%s=1", k), &l), 413);
	/* Decoded bytes count, not raw ones. */
	k = rep(&f->a, "%4B", REQ_MAX_KEY_LEN);
	assert_int_equal(form(f, arena_printf(&f->a, "%s=1", k), &l), 0);
	assert_string_equal(l.v[0].key, rep(&f->a, "K", REQ_MAX_KEY_LEN));
	k = rep(&f->a, "%4B", REQ_MAX_KEY_LEN + 1);
	assert_int_equal(form(f, arena_printf(&f->a, "%s=1", k), &l), 413);
}

static void
test_form_vallen(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;
	char		*v;

	v = rep(&f->a, "v", REQ_MAX_FIELD_LEN);
	assert_int_equal(form(f, arena_printf(&f->a, "a=%s&b=2", v), &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].vlen, REQ_MAX_FIELD_LEN);
	assert_string_equal(l.v[0].val, v);
	v = rep(&f->a, "v", REQ_MAX_FIELD_LEN + 1);
	assert_int_equal(form(f, arena_printf(&f->a, "a=%s", v), &l), 413);

	v = rep(&f->a, "%41", REQ_MAX_FIELD_LEN);
	assert_int_equal(form(f, arena_printf(&f->a, "a=%s", v), &l), 0);
	assert_int_equal(l.v[0].vlen, REQ_MAX_FIELD_LEN);
	v = rep(&f->a, "%41", REQ_MAX_FIELD_LEN + 1);
	assert_int_equal(form(f, arena_printf(&f->a, "a=%s", v), &l), 413);
	/* A huge raw field is refused before it is decoded. */
	v = rep(&f->a, "%zz", REQ_MAX_FIELD_LEN + REQ_MAX_KEY_LEN + 1);
	assert_int_equal(form(f, arena_printf(&f->a, "a=%s", v), &l), 413);
	/* Multi-byte values count bytes: 4096 two-byte characters fit. */
	v = rep(&f->a, "\xc3\xa9", REQ_MAX_FIELD_LEN / 2);
	assert_int_equal(form(f, arena_printf(&f->a, "a=%s", v), &l), 0);
	assert_int_equal(l.v[0].vlen, REQ_MAX_FIELD_LEN);
}

/* http_cookie_parse */

static void
test_cookie_basic(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(http_cookie_parse(&f->a, "a=b; c=d", &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].key, "a");
	assert_string_equal(l.v[0].val, "b");
	assert_int_equal(l.v[0].vlen, 1);
	assert_string_equal(l.v[1].key, "c");
	assert_string_equal(l.v[1].val, "d");

	assert_int_equal(http_cookie_parse(&f->a,
	    "sid=0123abcdef_-.~!#$%&'*+/:<=>?@[]^`{|}", &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].val, "0123abcdef_-.~!#$%&'*+/:<=>?@[]^`{|}");
}

static void
test_cookie_quoted(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(http_cookie_parse(&f->a, "a=\"xyz\"; b=\"\"", &l),
	    0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].val, "xyz");
	assert_int_equal(l.v[0].vlen, 3);
	assert_string_equal(l.v[1].val, "");
	assert_int_equal(l.v[1].vlen, 0);
	/* Unbalanced or inner quotes are malformed. */
	assert_int_equal(http_cookie_parse(&f->a,
	    "a=\"x; b=x\"; c=\"; d=\"x\"y\"; ok=1", &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].key, "ok");
}

static void
test_cookie_spaces(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;

	assert_int_equal(http_cookie_parse(&f->a,
	    "  a=1 ;\tb=2\t;c=3;   d=4   ", &l), 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_int_equal(l.v[0].vlen, 1);
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_string_equal(kv_get(&l, "c"), "3");
	assert_string_equal(kv_get(&l, "d"), "4");
	assert_int_equal(l.v[3].vlen, 1);

	assert_int_equal(http_cookie_parse(&f->a, "", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(http_cookie_parse(&f->a, ";; ;", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(http_cookie_parse(&f->a, "a=1;", &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(http_cookie_parse(&f->a, "a=", &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].val, "");
}

static void
test_cookie_malformed(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;
	static const char *const bad[] = {
		"noeq",
		"=x",
		"a b=1",
		"a =1",
		"b(d=1",
		"b@d=1",
		"b/d=1",
		"b\"d=1",
		"b\x01" "d=1",
		"b\xc3\xa9=1",
		"a= b",
		"a=b c",
		"a=b,c",
		"a=b\\c",
		"a=b\x7f",
		"a=\xc3\xa9",
		"a=\"",
		NULL,
	};
	size_t	 i;
	char	*s;

	for (i = 0; bad[i] != NULL; i++) {
		s = arena_printf(&f->a, "x=1; %s; y=2", bad[i]);
		assert_int_equal(http_cookie_parse(&f->a, s, &l), 0);
		if (l.n != 2 || strcmp(l.v[0].key, "x") != 0 ||
		    strcmp(l.v[1].key, "y") != 0)
			fail_msg("cookie \"%s\" was not skipped", bad[i]);
	}
	/* Over-long names are skipped; REQ_MAX_KEY_LEN is kept. */
	s = arena_printf(&f->a, "%s=1; %s=2",
	    rep(&f->a, "n", REQ_MAX_KEY_LEN + 1),
	    rep(&f->a, "m", REQ_MAX_KEY_LEN));
	assert_int_equal(http_cookie_parse(&f->a, s, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].key, rep(&f->a, "m", REQ_MAX_KEY_LEN));
}

static void
test_cookie_count(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < REQ_MAX_COOKIES + 8; i++)
		buf_printf(&b, "%sc%zu=v%zu", i ? "; " : "bad cookie; ", i, i);
	assert_int_equal(http_cookie_parse(&f->a, b.data, &l), 0);
	assert_int_equal(l.n, REQ_MAX_COOKIES);
	assert_string_equal(l.v[0].key, "c0");
	assert_string_equal(l.v[REQ_MAX_COOKIES - 1].key, "c31");
	assert_string_equal(l.v[REQ_MAX_COOKIES - 1].val, "v31");
	assert_null(kv_get(&l, "c32"));
	buf_free(&b);
}

static void
test_cookie_limit(void **state)
{
	struct fx	*f = *state;
	struct kvlist	 l;
	char		*s;

	s = arena_printf(&f->a, "a=%s",
	    rep(&f->a, "x", REQ_MAX_COOKIE_HEADER - 2));
	assert_int_equal(http_cookie_parse(&f->a, s, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].vlen, REQ_MAX_COOKIE_HEADER - 2);
	s = arena_printf(&f->a, "a=%s",
	    rep(&f->a, "x", REQ_MAX_COOKIE_HEADER - 1));
	assert_int_equal(http_cookie_parse(&f->a, s, &l), 400);

	l.n = 5;
	assert_int_equal(http_cookie_parse(&f->a, NULL, &l), 0);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

/* http_parse */

static void
test_parse_methods(void **state)
{
	struct fx	*f = *state;
	static const struct {
		const char	*env;
		enum http_method m;
		const char	*name;
	} t[] = {
		{ "REQUEST_METHOD=GET", HTTP_GET, "GET" },
		{ "REQUEST_METHOD=HEAD", HTTP_HEAD, "HEAD" },
		{ "REQUEST_METHOD=POST", HTTP_POST, "POST" },
		{ "REQUEST_METHOD=PUT", HTTP_OTHER, "PUT" },
		{ "REQUEST_METHOD=DELETE", HTTP_OTHER, "DELETE" },
		{ "REQUEST_METHOD=get", HTTP_OTHER, "-" },
		{ "REQUEST_METHOD=", HTTP_OTHER, "-" },
		{ "REQUEST_METHOD=G\x01T", HTTP_OTHER, "-" },
		{ "REQUEST_METHOD=ABCDEFGHIJKLMNOPQ", HTTP_OTHER, "-" },
		{ "NOT_A_METHOD=GET", HTTP_OTHER, "-" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *envp[] = { t[i].env, "REQUEST_URI=/", NULL };

		assert_int_equal(parse(f, envp, "", 0), 0);
		assert_int_equal(f->r.method, t[i].m);
		assert_string_equal(f->r.method_name, t[i].name);
	}
}

static void
test_parse_path(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(get(f, "/x?y=1", NULL), 0);
	assert_string_equal(f->r.path, "/x");
	assert_int_equal(f->r.query.n, 1);
	assert_string_equal(kv_get(&f->r.query, "y"), "1");
	assert_string_equal(f->r.query_raw, "y=1");
	assert_int_equal(f->r.status, 200);
	assert_ptr_equal(f->r.arena, &f->a);

	assert_int_equal(get(f, "/a%20b/%C3%A9+c?q=x+y%26z&q=2", NULL), 0);
	assert_string_equal(f->r.path, "/a b/\xc3\xa9+c");
	assert_int_equal(f->r.query.n, 2);
	assert_string_equal(kv_get(&f->r.query, "q"), "x y&z");
	assert_string_equal(f->r.query_raw, "q=x+y%26z&q=2");

	assert_int_equal(get(f, "/", NULL), 0);
	assert_string_equal(f->r.path, "/");
	assert_int_equal(f->r.query.n, 0);
	assert_string_equal(f->r.query_raw, "");
	assert_int_equal(get(f, "/?", NULL), 0);
	assert_string_equal(f->r.path, "/");
	assert_int_equal(f->r.query.n, 0);
	assert_int_equal(get(f, "/p?a=1?b=2", NULL), 0);
	assert_string_equal(kv_get(&f->r.query, "a"), "1?b=2");
}

static void
test_parse_bad_uri(void **state)
{
	struct fx	*f = *state;
	const char *noenv[] = { "REQUEST_METHOD=GET", NULL };
	static const char *const bad[] = {
		"", "x", "x/", "?a=1", "http://h/", " /",
		"/a%0Ab", "/a%0db", "/a\tb", "/a\x01", "/%7F", "/a\x7f",
		"/%1b[31m", "/%00", "/%zz", "/%", "/%4", "/%C0%AF",
		"/%ED%A0%80", "/\xff", "/?%zz", "/?a=%00", "/?=1",
		NULL,
	};
	size_t	 i;

	assert_int_equal(parse(f, noenv, "", 0), 400);
	assert_int_equal(parse(f, NULL, "", 0), 400);
	for (i = 0; bad[i] != NULL; i++)
		if (get(f, bad[i], NULL) != 400)
			fail_msg("URI \"%s\" was not refused", bad[i]);
}

static void
test_parse_path_len(void **state)
{
	struct fx	*f = *state;
	char		*p;

	p = arena_printf(&f->a, "/%s", rep(&f->a, "p", REQ_MAX_PATH - 1));
	assert_int_equal(get(f, p, NULL), 0);
	assert_int_equal(strlen(f->r.path), REQ_MAX_PATH);
	p = arena_printf(&f->a, "/%s?a=1", rep(&f->a, "p", REQ_MAX_PATH));
	assert_int_equal(get(f, p, NULL), 400);
	/* The limit is on decoded bytes. */
	p = arena_printf(&f->a, "/%s", rep(&f->a, "%41", REQ_MAX_PATH - 1));
	assert_int_equal(get(f, p, NULL), 0);
	assert_int_equal(strlen(f->r.path), REQ_MAX_PATH);
	p = arena_printf(&f->a, "/%s", rep(&f->a, "%41", REQ_MAX_PATH));
	assert_int_equal(get(f, p, NULL), 400);
}

static void
test_parse_query_len(void **state)
{
	struct fx	*f = *state;
	char		*q;

	q = arena_printf(&f->a, "/?a=%s", rep(&f->a, "q", REQ_MAX_QUERY - 2));
	assert_int_equal(get(f, q, NULL), 0);
	assert_int_equal(f->r.query.v[0].vlen, REQ_MAX_QUERY - 2);
	q = arena_printf(&f->a, "/?a=%s", rep(&f->a, "q", REQ_MAX_QUERY - 1));
	assert_int_equal(get(f, q, NULL), 400);

	q = arena_printf(&f->a, "/?%s", fields(&f->a, REQ_MAX_FIELDS));
	assert_int_equal(get(f, q, NULL), 0);
	assert_int_equal(f->r.query.n, REQ_MAX_FIELDS);
	q = arena_printf(&f->a, "/?%s", fields(&f->a, REQ_MAX_FIELDS + 1));
	assert_int_equal(get(f, q, NULL), 400);
	q = arena_printf(&f->a, "/?%s=1",
	    rep(&f->a, "k", REQ_MAX_KEY_LEN + 1));
	assert_int_equal(get(f, q, NULL), 400);
}

static void
test_parse_headers(void **state)
{
	struct fx	*f = *state;
	static const char *const names[] = {
		"REMOTE_ADDR", "HTTP_USER_AGENT", "HTTP_ORIGIN",
		"HTTP_SEC_FETCH_SITE", "CONTENT_TYPE", "HTTP_HOST", NULL,
	};
	static const char *const bad[] = {
		"a\x01", "a\nb", "a\rb", "a\x1b", "a\x7f", "\xff",
		"\xc0\xaf", "\xed\xa0\x80", NULL,
	};
	size_t	 i, j;

	assert_int_equal(get(f, "/", "HTTP_USER_AGENT=Mozilla/5.0 (X11) \xc3\xa9"),
	    0);
	assert_string_equal(f->r.user_agent, "Mozilla/5.0 (X11) \xc3\xa9");
	assert_null(f->r.origin);
	assert_int_equal(get(f, "/", "REMOTE_ADDR=192.0.2.1"), 0);
	assert_string_equal(f->r.remote_addr, "192.0.2.1");
	assert_int_equal(get(f, "/", "HTTP_ORIGIN=https://example.org"), 0);
	assert_string_equal(f->r.origin, "https://example.org");
	assert_int_equal(get(f, "/", "HTTP_SEC_FETCH_SITE=same-origin"), 0);
	assert_string_equal(f->r.sec_fetch_site, "same-origin");
	assert_int_equal(get(f, "/", "CONTENT_TYPE=text/plain"), 0);
	assert_string_equal(f->r.content_type, "text/plain");
	assert_int_equal(get(f, "/", "HTTP_HOST=localhost:8080"), 0);
	assert_string_equal(f->r.host, "localhost:8080");

	/* A TAB is legal in a header value. */
	assert_int_equal(get(f, "/", "HTTP_ORIGIN=a\tb"), 0);
	for (i = 0; names[i] != NULL; i++) {
		/* A User-Agent is only shown: a bad one is dropped, not refused. */
		int	 ua = strcmp(names[i], "HTTP_USER_AGENT") == 0;

		for (j = 0; bad[j] != NULL; j++) {
			if (get(f, "/", arena_printf(&f->a, "%s=%s", names[i],
			    bad[j])) != (ua ? 0 : 400))
				fail_msg("%s with bad value %zu: wrong status",
				    names[i], j);
			if (ua && f->r.user_agent != NULL)
				fail_msg("bad User-Agent %zu kept", j);
		}
		assert_int_equal(get(f, "/", arena_printf(&f->a, "%s=%s",
		    names[i], rep(&f->a, "h", REQ_MAX_HEADER))), 0);
		assert_int_equal(get(f, "/", arena_printf(&f->a, "%s=%s",
		    names[i], rep(&f->a, "h", REQ_MAX_HEADER + 1))),
		    ua ? 0 : 400);
	}
}

static void
test_parse_cookies(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(get(f, "/", "HTTP_COOKIE=sid=abc; theme=dark"), 0);
	assert_int_equal(f->r.cookies.n, 2);
	assert_string_equal(kv_get(&f->r.cookies, "theme"), "dark");
	assert_int_equal(get(f, "/", NULL), 0);
	assert_int_equal(f->r.cookies.n, 0);
	assert_int_equal(get(f, "/", arena_printf(&f->a, "HTTP_COOKIE=a=%s",
	    rep(&f->a, "x", REQ_MAX_COOKIE_HEADER))), 400);
}

static int
post(struct fx *f, const char *ct, const char *body, size_t len)
{
	const char *envp[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/p?q=1",
	    ct, NULL };

	return parse(f, envp, body, len);
}

static void
test_parse_body(void **state)
{
	struct fx	*f = *state;
	static const char *const yes[] = {
		FORM_CT,
		FORM_CT "; charset=utf-8",
		FORM_CT ";charset=UTF-8",
		FORM_CT " ; charset=utf-8",
		"CONTENT_TYPE=Application/X-WWW-Form-Urlencoded",
		NULL,
	};
	static const char *const no[] = {
		"CONTENT_TYPE=text/plain",
		"CONTENT_TYPE=application/x-www-form-urlencodedx",
		"CONTENT_TYPE=application/x-www-form",
		"CONTENT_TYPE=",
		NULL,
	};
	const char *body = "a=1&b=x+y%21";
	size_t	 i;

	for (i = 0; yes[i] != NULL; i++) {
		assert_int_equal(post(f, yes[i], body, strlen(body)), 0);
		if (f->r.form.n != 2)
			fail_msg("%s: body not parsed", yes[i]);
		assert_string_equal(kv_get(&f->r.form, "b"), "x y!");
		assert_string_equal(kv_get(&f->r.query, "q"), "1");
		assert_null(kv_get(&f->r.query, "a"));
	}
	for (i = 0; no[i] != NULL; i++) {
		assert_int_equal(post(f, no[i], body, strlen(body)), 0);
		if (f->r.form.n != 0)
			fail_msg("%s: body parsed", no[i]);
	}
	assert_int_equal(post(f, NULL, body, strlen(body)), 0);
	assert_int_equal(f->r.form.n, 0);

	/*
	 * multipart/form-data: the fields that are not files become form
	 * fields too (the CSRF check reads them there); the file stays a
	 * part. A body that is not multipart at all is malformed: 400.
	 */
	{
		static const char mp[] = "--x\r\nContent-Disposition: form-data; "
		    "name=\"csrf\"\r\n\r\ntok\r\n--x\r\nContent-Disposition: "
		    "form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
		    "a,b\r\n--x--\r\n";
		const char *ct = "CONTENT_TYPE=multipart/form-data; boundary=x";

		assert_int_equal(post(f, ct, mp, sizeof(mp) - 1), 0);
		assert_int_equal(f->r.form.n, 1);
		assert_string_equal(kv_get(&f->r.form, "csrf"), "tok");
		assert_non_null(f->r.parts);
		assert_int_equal(f->r.parts->n, 2);
		assert_string_equal(mp_get(f->r.parts, "file")->data, "a,b");
		assert_int_equal(post(f, ct, body, strlen(body)), 400);
	}

	/* Only POST bodies are forms. */
	{
		const char *envp[] = { "REQUEST_METHOD=PUT", "REQUEST_URI=/",
		    FORM_CT, NULL };

		assert_int_equal(parse(f, envp, body, strlen(body)), 0);
		assert_int_equal(f->r.form.n, 0);
	}

	/* The body is bounded by len, not NUL-terminated. */
	assert_int_equal(post(f, FORM_CT, "a=1&b=2", 3), 0);
	assert_int_equal(f->r.form.n, 1);
	assert_string_equal(kv_get(&f->r.form, "a"), "1");

	assert_int_equal(post(f, FORM_CT, "a=%zz", 5), 400);
	assert_int_equal(post(f, FORM_CT, "=x", 2), 400);
	assert_int_equal(post(f, FORM_CT, "a=b\0c", 5), 400);
	body = fields(&f->a, REQ_MAX_FIELDS + 1);
	assert_int_equal(post(f, FORM_CT, body, strlen(body)), 413);
	body = arena_printf(&f->a, "a=%s", rep(&f->a, "v",
	    REQ_MAX_FIELD_LEN + 1));
	assert_int_equal(post(f, FORM_CT, body, strlen(body)), 413);
}

static void
test_parse_body_len(void **state)
{
	struct fx	*f = *state;
	struct buf	 b;
	size_t		 i;

	/* Eight 8000-byte fields padded with empty pairs to the limit. */
	buf_init(&b);
	for (i = 0; i < 8; i++)
		buf_printf(&b, "%sk%zu=%s", i ? "&" : "", i,
		    rep(&f->a, "v", 7997));
	while (b.len < REQ_MAX_BODY)
		buf_putc(&b, '&');
	assert_int_equal(b.len, REQ_MAX_BODY);
	assert_int_equal(post(f, FORM_CT, b.data, b.len), 0);
	assert_int_equal(f->r.form.n, 8);
	assert_int_equal(f->r.form.v[7].vlen, 7997);
	buf_putc(&b, '&');
	assert_int_equal(post(f, FORM_CT, b.data, b.len), 413);
	assert_int_equal(post(f, "CONTENT_TYPE=text/plain", b.data, b.len),
	    413);
	buf_free(&b);
}

static void
test_parse_https(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(get(f, "/", "HTTPS=on"), 0);
	assert_int_equal(f->r.https, 1);
	assert_int_equal(get(f, "/", "HTTPS=off"), 0);
	assert_int_equal(f->r.https, 0);
	assert_int_equal(get(f, "/", "HTTPS="), 0);
	assert_int_equal(f->r.https, 0);
	assert_int_equal(get(f, "/", NULL), 0);
	assert_int_equal(f->r.https, 0);
}

static void
test_parse_rid(void **state)
{
	struct fx	*f = *state;
	static const char *const bad[] = {
		"REQUEST_ID=",
		"REQUEST_ID=xyz",
		"REQUEST_ID=0123456789abcdef0123456789abcdeg",
		"REQUEST_ID=0123456789abcdef0123456789abcde",
		"REQUEST_ID=0123456789abcdef0123456789abcdef0",
		"REQUEST_ID=0123456789abcdef 123456789abcdef",
		"REQUEST_ID=0123456789abcdef\r\n23456789abcdef",
		NULL,
	};
	char	 first[33];
	size_t	 i;

	assert_int_equal(get(f, "/",
	    "REQUEST_ID=0123456789abcdef0123456789ABCDEF"), 0);
	assert_string_equal(f->r.rid, "0123456789abcdef0123456789ABCDEF");

	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(get(f, "/", bad[i]), 0);
		assert_true(is_hex32(f->r.rid));
		assert_string_not_equal(f->r.rid, bad[i] + 11);
	}
	assert_int_equal(get(f, "/", NULL), 0);
	assert_true(is_hex32(f->r.rid));
	memcpy(first, f->r.rid, sizeof(first));
	assert_int_equal(get(f, "/", NULL), 0);
	assert_true(is_hex32(f->r.rid));
	assert_string_not_equal(f->r.rid, first);
}

/* Responses */

static void
test_status_text(void **state)
{
	(void)state;
	assert_string_equal(http_status_text(200), "OK");
	assert_string_equal(http_status_text(303), "See Other");
	assert_string_equal(http_status_text(400), "Bad Request");
	assert_string_equal(http_status_text(404), "Not Found");
	assert_string_equal(http_status_text(413), "Content Too Large");
	assert_string_equal(http_status_text(500), "Internal Server Error");
	assert_string_equal(http_status_text(299), "Unknown");
}

/* Every '\n' of the head ends a "\r\n" line; the head ends with "\r\n\r\n". */
static void
assert_crlf(const struct buf *b)
{
	size_t	 i;

	for (i = 0; i < b->len; i++)
		if (b->data[i] == '\n' && (i == 0 || b->data[i - 1] != '\r'))
			fail_msg("bare LF at %zu", i);
		else if (b->data[i] == '\r' && b->data[i + 1] != '\n')
			fail_msg("bare CR at %zu", i);
	assert_true(b->len >= 4);
	assert_memory_equal(b->data + b->len - 4, "\r\n\r\n", 4);
	assert_ptr_equal(strstr(b->data, "\r\n\r\n") + 4, b->data + b->len);
}

static void
test_head(void **state)
{
	struct fx	*f = *state;
	const char	*h, *csp;

	assert_int_equal(get(f, "/", "REQUEST_ID=00112233445566778899aabbccddeeff"),
	    0);
	http_head(&f->r, &f->head, 42);
	h = f->head.data;
	assert_crlf(&f->head);
	assert_memory_equal(h, "Status: 200 OK\r\n", 16);
	assert_non_null(strstr(h,
	    "\r\nContent-Type: text/html; charset=utf-8\r\n"));
	assert_non_null(strstr(h, "\r\nContent-Length: 42\r\n"));
	assert_non_null(csp = strstr(h, "\r\nContent-Security-Policy: "));
	csp = arena_strndup(&f->a, csp + 2, (size_t)(strstr(csp + 2, "\r\n") -
	    (csp + 2)));
	assert_non_null(strstr(csp, "default-src 'none'"));
	assert_non_null(strstr(csp, "frame-ancestors 'none'"));
	assert_non_null(strstr(csp, "form-action 'self'"));
	assert_null(strstr(csp, "script-src"));
	assert_null(strstr(csp, "unsafe"));
	assert_non_null(strstr(h, "\r\nX-Content-Type-Options: nosniff\r\n"));
	assert_non_null(strstr(h, "\r\nX-Frame-Options: DENY\r\n"));
	assert_non_null(strstr(h, "\r\nReferrer-Policy: same-origin\r\n"));
	assert_non_null(strstr(h, "\r\nCache-Control: no-store\r\n"));
	assert_non_null(strstr(h,
	    "\r\nX-Request-Id: 00112233445566778899aabbccddeeff\r\n"));
	assert_null(strstr(h, "Strict-Transport-Security"));
}

static void
test_head_https(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(get(f, "/", "HTTPS=on"), 0);
	http_head(&f->r, &f->head, 0);
	assert_crlf(&f->head);
	assert_non_null(strstr(f->head.data, "\r\nStrict-Transport-Security: "
	    "max-age=31536000; includeSubDomains\r\n"));
	assert_non_null(strstr(f->head.data, "\r\nContent-Length: 0\r\n"));
}

static void
test_head_extra(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(get(f, "/", NULL), 0);
	f->r.status = 404;
	f->r.ctype = "text/plain; charset=utf-8";
	http_header(&f->r, "Set-Cookie", "sid=%s; HttpOnly", "abc");
	http_head(&f->r, &f->head, 7);
	assert_crlf(&f->head);
	assert_memory_equal(f->head.data, "Status: 404 Not Found\r\n", 23);
	assert_non_null(strstr(f->head.data,
	    "\r\nContent-Type: text/plain; charset=utf-8\r\n"));
	assert_non_null(strstr(f->head.data,
	    "\r\nSet-Cookie: sid=abc; HttpOnly\r\n\r\n"));
	assert_non_null(strstr(f->head.data, "\r\nX-Request-Id: "));
}

static void
test_header_split(void **state)
{
	struct fx	*f = *state;

	http_header(&f->r, "X-A", "%s", "a\r\nSet-Cookie: x=1");
	assert_string_equal(f->hdr.data, "X-A: a  Set-Cookie: x=1\r\n");
	buf_reset(&f->hdr);
	http_header(&f->r, "X-B", "%s|%s|%d", "\n", "\r", 5);
	assert_string_equal(f->hdr.data, "X-B:  | |5\r\n");
	http_header(&f->r, "X-C", "%s", "");
	assert_string_equal(f->hdr.data, "X-B:  | |5\r\nX-C: \r\n");
}

static void
test_redirect(void **state)
{
	struct fx	*f = *state;

	buf_puts(&f->out, "old body");
	http_redirect(&f->r, "/next?x=1");
	assert_int_equal(f->r.status, 303);
	assert_string_equal(f->r.ctype, "text/plain; charset=utf-8");
	assert_string_equal(f->hdr.data, "Location: /next?x=1\r\n");
	assert_string_equal(f->out.data, "See /next?x=1\n");

	buf_reset(&f->hdr);
	http_redirect(&f->r, "/a\r\nSet-Cookie: evil=1");
	assert_string_equal(f->hdr.data, "Location: /a  Set-Cookie: evil=1\r\n");
	http_head(&f->r, &f->head, f->out.len);
	assert_crlf(&f->head);
	assert_memory_equal(f->head.data, "Status: 303 See Other\r\n", 23);
	assert_null(strstr(f->head.data, "\r\nSet-Cookie"));
}

static void
test_log(void **state)
{
	struct fx	*f = *state;
	FILE		*tmp;
	char		 line[512];
	int		 saved;

	assert_int_equal(get(f, "/a%20b%C3%A9?x=1",
	    "REQUEST_ID=00112233445566778899aabbccddeeff"), 0);
	f->r.status = 404;
	assert_non_null(tmp = tmpfile());
	fflush(stderr);
	assert_true((saved = dup(2)) != -1);
	assert_true(dup2(fileno(tmp), 2) != -1);
	http_log(&f->r, 4321, 1.25, 2);
	f->r.path = NULL;
	f->r.method_name = NULL;	/* a request refused before its method */
	http_log(&f->r, 4321, 0, 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	assert_non_null(fgets(line, sizeof(line), tmp));
	assert_string_equal(line, "exbuddy[4321]: GET /a?b\xc3\xa9 404 1.2ms "
	    "db=2 rid=00112233445566778899aabbccddeeff\n");
	assert_non_null(fgets(line, sizeof(line), tmp));
	assert_non_null(strstr(line, "exbuddy[4321]: - - 404 0.0ms db=0 rid="));
	fclose(tmp);
}

/* EXBUDDY_REQUEST_LOG=problems: 5xx answers and requests of LOG_SLOW_MS. */
static void
test_log_problem(void **state)
{
	(void)state;
	assert_false(http_log_problem(200, 0));
	assert_false(http_log_problem(404, 3.5));
	assert_false(http_log_problem(499, LOG_SLOW_MS - 0.1));
	assert_true(http_log_problem(500, 0));
	assert_true(http_log_problem(503, 1.2));
	assert_true(http_log_problem(200, LOG_SLOW_MS));
	assert_true(http_log_problem(303, 10 * LOG_SLOW_MS));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_param),
		cmocka_unit_test_setup_teardown(test_pct_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pct_escapes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pct_plus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pct_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pct_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_basic, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_empty, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_novalue, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_nokey, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_repeat, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_plus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_keylen, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_vallen, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cookie_basic, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cookie_quoted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cookie_spaces, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cookie_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cookie_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cookie_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_methods, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_path, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_bad_uri, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_path_len, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_query_len, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_headers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_cookies, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_body, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_body_len, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_https, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_rid, setup,
		    teardown),
		cmocka_unit_test(test_status_text),
		cmocka_unit_test_setup_teardown(test_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_https, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_head_extra, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_header_split, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_redirect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log, setup, teardown),
		cmocka_unit_test(test_log_problem),
	};

	return cmocka_run_group_tests_name("http", tests, group_setup, NULL);
}
