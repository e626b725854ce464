/* fuzz_form.c — libFuzzer target: form and percent decoding, checked against a reference */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "limits.h"
#include "mem.h"
#include "utf8.h"

#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
ref_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes s into out (len + 1 bytes); -1 when http_pct_decode must fail. */
static int
ref_decode(const unsigned char *s, size_t len, int plus, unsigned char *out,
    size_t *outlen)
{
	size_t	 i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (i + 2 >= len)
				return -1;
			if (ref_hex(s[i + 1]) < 0 || ref_hex(s[i + 2]) < 0)
				return -1;
			out[o] = (unsigned char)(ref_hex(s[i + 1]) * 16 +
			    ref_hex(s[i + 2]));
			i += 2;
		} else
			out[o] = (plus && s[i] == '+') ? ' ' : s[i];
		if (out[o++] == 0)
			return -1;
	}
	*outlen = o;
	return ref_utf8(out, o) ? 0 : -1;
}

static void
check_list(const struct kvlist *l)
{
	size_t	 i, kl;

	CHECK(l->n <= REQ_MAX_FIELDS);
	CHECK(l->n == 0 || l->v != NULL);
	for (i = 0; i < l->n; i++) {
		CHECK(l->v[i].key != NULL && l->v[i].val != NULL);
		kl = strlen(l->v[i].key);
		CHECK(kl >= 1 && kl <= REQ_MAX_KEY_LEN);
		CHECK(ref_utf8((const unsigned char *)l->v[i].key, kl));
		CHECK(strlen(l->v[i].val) == l->v[i].vlen);
		CHECK(l->v[i].vlen <= REQ_MAX_FIELD_LEN);
		CHECK(ref_utf8((const unsigned char *)l->v[i].val,
		    l->v[i].vlen));
	}
}

/* Encoding a parsed form again and parsing that gives the same fields. */
static void
round_trip(struct arena *a, const struct kvlist *l)
{
	struct buf	 b;
	struct kvlist	 m;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			buf_putc(&b, '&');
		buf_url(&b, l->v[i].key, strlen(l->v[i].key));
		buf_putc(&b, '=');
		buf_url(&b, l->v[i].val, l->v[i].vlen);
	}
	CHECK(http_form_parse(a, b.data ? b.data : "", b.len, &m) == 0);
	CHECK(m.n == l->n);
	for (i = 0; i < l->n; i++) {
		CHECK(strcmp(m.v[i].key, l->v[i].key) == 0);
		CHECK(m.v[i].vlen == l->v[i].vlen);
		CHECK(memcmp(m.v[i].val, l->v[i].val, l->v[i].vlen) == 0);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct kvlist	 l;
	const char	*s = (const char *)data;
	unsigned char	*ref;
	char		*d;
	size_t		 n, rn;
	int		 rc, plus;

	arena_init(&a);

	CHECK(utf8_valid(s, size) == ref_utf8(data, size));

	rc = http_form_parse(&a, s, size, &l);
	CHECK(rc == 0 || rc == 400 || rc == 413);
	if (rc == 0) {
		check_list(&l);
		round_trip(&a, &l);
	}

	if ((ref = malloc(size + 1)) == NULL)
		abort();
	for (plus = 0; plus <= 1; plus++) {
		n = (size_t)-1;
		d = http_pct_decode(&a, s, size, plus, &n);
		if (ref_decode(data, size, plus, ref, &rn) != 0) {
			CHECK(d == NULL);
			continue;
		}
		CHECK(d != NULL && n == rn && n <= size);
		CHECK(memcmp(d, ref, n) == 0 && d[n] == '\0');
	}
	free(ref);
	arena_free(&a);
	return 0;
}
