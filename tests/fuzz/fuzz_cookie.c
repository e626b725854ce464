/* fuzz_cookie.c — libFuzzer target: Cookie header parsing and its invariants */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "limits.h"
#include "mem.h"

#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* RFC 6265 cookie-name: an RFC 7230 token. */
static int
name_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

/* RFC 6265 cookie-octet. */
static int
value_char(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

static void
check_list(const struct kvlist *l, const char *hdr)
{
	size_t	 i, j, kl;

	CHECK(l->n <= REQ_MAX_COOKIES);
	CHECK(l->n == 0 || l->v != NULL);
	for (i = 0; i < l->n; i++) {
		CHECK(l->v[i].key != NULL && l->v[i].val != NULL);
		kl = strlen(l->v[i].key);
		CHECK(kl >= 1 && kl <= REQ_MAX_KEY_LEN);
		for (j = 0; j < kl; j++)
			CHECK(name_char((unsigned char)l->v[i].key[j]));
		CHECK(strlen(l->v[i].val) == l->v[i].vlen);
		for (j = 0; j < l->v[i].vlen; j++)
			CHECK(value_char((unsigned char)l->v[i].val[j]));
		/* Both came from the header. */
		CHECK(strstr(hdr, l->v[i].key) != NULL);
		CHECK(strstr(hdr, l->v[i].val) != NULL);
	}
}

/* Writing the cookies out again and parsing that gives the same list. */
static void
round_trip(struct arena *a, const struct kvlist *l)
{
	struct buf	 b;
	struct kvlist	 m;
	size_t		 i;

	buf_init(&b);
	buf_puts(&b, "");	/* data is a string even for no cookies */
	for (i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s=%s", i ? "; " : "", l->v[i].key,
		    l->v[i].val);
	if (b.len <= REQ_MAX_COOKIE_HEADER) {
		CHECK(http_cookie_parse(a, b.data, &m) == 0);
		CHECK(m.n == l->n);
		for (i = 0; i < l->n; i++) {
			CHECK(strcmp(m.v[i].key, l->v[i].key) == 0);
			CHECK(strcmp(m.v[i].val, l->v[i].val) == 0);
		}
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct kvlist	 l;
	char		*s;
	int		 rc;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	arena_init(&a);
	rc = http_cookie_parse(&a, s, &l);
	if (strlen(s) > REQ_MAX_COOKIE_HEADER)
		CHECK(rc == 400);
	else {
		CHECK(rc == 0);
		check_list(&l, s);
		round_trip(&a, &l);
	}
	arena_free(&a);
	free(s);
	return 0;
}
