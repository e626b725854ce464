/* fuzz_multipart.c — libFuzzer target: multipart bodies, their invariants, a round trip */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "limits.h"
#include "mem.h"
#include "multipart.h"

#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A NUL-terminated header string: valid UTF-8, no C0 controls but tab. */
static void
check_text(const char *s, int tab_ok)
{
	size_t	 i, n = strlen(s);

	CHECK(ref_utf8((const unsigned char *)s, n));
	for (i = 0; i < n; i++)
		CHECK((unsigned char)s[i] >= 0x20 || (tab_ok && s[i] == '\t'));
	CHECK(strchr(s, 0x7f) == NULL);
}

static void
check_part(const struct mpart *m, const char *body, size_t len)
{
	CHECK(m->name != NULL && m->name[0] != '\0');
	CHECK(strlen(m->name) <= REQ_MAX_KEY_LEN);
	check_text(m->name, 0);
	if (m->filename != NULL) {
		check_text(m->filename, 0);
		CHECK(strpbrk(m->filename, "/\\") == NULL);
	}
	if (m->ctype != NULL)
		check_text(m->ctype, 1);
	/* The data is a copy of the body's bytes between the line break
	 * ending the headers and the CRLF of the next delimiter. */
	CHECK(m->data != NULL && m->data[m->len] == '\0');
	CHECK(m->off >= 2 && m->off <= len && m->len <= len - m->off);
	CHECK(memcmp(m->data, body + m->off, m->len) == 0);
	CHECK(memcmp(body + m->off - 2, "\r\n", 2) == 0);
	CHECK(len - m->off - m->len >= 4);
	CHECK(memcmp(body + m->off + m->len, "\r\n--", 4) == 0);
	if (m->filename == NULL) {
		CHECK(m->len <= REQ_MAX_FIELD_LEN);
		CHECK(memchr(m->data, 0, m->len) == NULL);
		CHECK(ref_utf8((const unsigned char *)m->data, m->len));
	}
}

/* A quoted-string of s, escaping " and \. */
static void
quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/*
 * A boundary in no part's data, "fz" and a counter: not after a CRLF,
 * nor at the start, which follows the headers' CRLF.
 */
static void
new_boundary(const struct mpart_list *l, char *bd, size_t size)
{
	char	 delim[64];
	size_t	 i, k, dl;

	for (k = 0; ; k++) {
		snprintf(bd, size, "fz%zu", k);
		dl = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", bd);
		for (i = 0; i < l->n; i++)
			if (memmem(l->v[i].data, l->v[i].len, delim, dl) ||
			    (l->v[i].len >= dl - 2 &&
			    memcmp(l->v[i].data, delim + 2, dl - 2) == 0))
				break;
		if (i == l->n)
			return;
	}
}

/* Parts written again the way a browser would read back the same. */
static void
round_trip(struct arena *a, const struct mpart_list *l)
{
	struct buf		 b;
	struct mpart_list	 m;
	char			 bd[32], ct[64];
	size_t			 i, start, big = 0;

	new_boundary(l, bd, sizeof(bd));
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", bd);
	buf_init(&b);
	for (i = 0; i < l->n; i++) {
		buf_printf(&b, "--%s\r\n", bd);
		start = b.len;
		buf_puts(&b, "Content-Disposition: form-data; name=");
		quote(&b, l->v[i].name);
		if (l->v[i].filename != NULL) {
			buf_puts(&b, "; filename=");
			quote(&b, l->v[i].filename);
		}
		if (l->v[i].ctype != NULL)
			buf_printf(&b, "\r\nContent-Type: %s", l->v[i].ctype);
		big |= b.len - start > MP_MAX_HEADER;
		buf_puts(&b, "\r\n\r\n");
		buf_add(&b, l->v[i].data, l->v[i].len);
		buf_puts(&b, "\r\n");
	}
	buf_printf(&b, "--%s--\r\n", bd);
	CHECK(mp_parse(a, ct, b.data, b.len, &m) == (big ? 413 : 0));
	for (i = 0; !big && i < l->n; i++) {
		CHECK(i < m.n);
		CHECK(strcmp(m.v[i].name, l->v[i].name) == 0);
		CHECK((m.v[i].filename == NULL) == (l->v[i].filename == NULL));
		CHECK(m.v[i].filename == NULL ||
		    strcmp(m.v[i].filename, l->v[i].filename) == 0);
		CHECK((m.v[i].ctype == NULL) == (l->v[i].ctype == NULL));
		CHECK(m.v[i].ctype == NULL ||
		    strcmp(m.v[i].ctype, l->v[i].ctype) == 0);
		CHECK(m.v[i].len == l->v[i].len);
		CHECK(memcmp(m.v[i].data, l->v[i].data, l->v[i].len) == 0);
	}
	CHECK(big || m.n == l->n);
	buf_free(&b);
}

/*
 * The input's first line is the Content-Type, the rest the body. Bodies
 * are copied so that ASan sees a read past their end.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct mpart_list	 l;
	const uint8_t		*nl = memchr(data, '\n', size);
	const char		*ct;
	char			*body;
	size_t			 clen = nl ? (size_t)(nl - data) : size;
	size_t			 blen = nl ? size - clen - 1 : 0, i, j;
	int			 rc;

	arena_init(&a);
	ct = arena_strndup(&a, (const char *)data, clen);
	if ((body = malloc(blen ? blen : 1)) == NULL)
		abort();
	memcpy(body, nl ? (const char *)nl + 1 : "", blen);
	rc = mp_parse(&a, ct, body, blen, &l);
	CHECK(rc == 0 || rc == 400 || rc == 413);
	if (rc != 0)
		CHECK(l.n == 0);
	else {
		CHECK(l.n <= MP_MAX_PARTS && (l.n == 0 || l.v != NULL));
		for (i = 0; i < l.n; i++) {
			check_part(&l.v[i], body, blen);
			if (i > 0)
				CHECK(l.v[i].off > l.v[i - 1].off +
				    l.v[i - 1].len);
			/* mp_get finds the first of a name. */
			for (j = 0; strcmp(l.v[j].name, l.v[i].name) != 0; j++)
				continue;
			CHECK(mp_get(&l, l.v[i].name) == &l.v[j]);
		}
		round_trip(&a, &l);
	}
	free(body);
	arena_free(&a);
	return 0;
}
