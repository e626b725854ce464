/* fuzz_csv.c — libFuzzer target: CSV reading against a reference, the writer's round trip */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "limits.h"
#include "mem.h"

#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The reference: a byte-at-a-time state machine over the same rules. */
struct ref {
	const unsigned char *s;
	size_t		 len, pos;
	unsigned long	 line, next_line, records;
	unsigned char	 f[CSV_MAX_FIELDS][CSV_MAX_FIELD];
	size_t		 flen[CSV_MAX_FIELDS], n;
};

enum { ST_START, ST_PLAIN, ST_QUOTED, ST_AFTER };

static int
ref_eol(const struct ref *r)
{
	return r->s[r->pos] == '\n' || (r->s[r->pos] == '\r' &&
	    r->pos + 1 < r->len && r->s[r->pos + 1] == '\n');
}

/* Ends field n at a comma, line break or the end; 1 when more follow. */
static const char *
ref_end_field(struct ref *r, int *more)
{
	size_t	 n = r->flen[r->n];

	if (memchr(r->f[r->n], 0, n) != NULL)
		return "a NUL byte";
	if (!ref_utf8(r->f[r->n], n))
		return "not UTF-8 text";
	r->n++;
	*more = 0;
	if (r->pos == r->len)
		return NULL;
	if (r->s[r->pos] == ',') {
		r->pos++;
		*more = 1;
		return r->n == CSV_MAX_FIELDS ? "more than 16 fields" : NULL;
	}
	r->pos += r->s[r->pos] == '\r' ? 2 : 1;
	r->next_line++;
	return NULL;
}

static const char *
ref_add(struct ref *r, unsigned char c)
{
	if (r->flen[r->n] == CSV_MAX_FIELD)
		return "a field longer than 4096 bytes";
	r->f[r->n][r->flen[r->n]++] = c;
	return NULL;
}

/* One step of the state machine; *st changes, NULL or an error. */
static const char *
ref_step(struct ref *r, int *st, int *done)
{
	const char	*why;
	int		 more;

	switch (*st) {
	case ST_START:
		r->flen[r->n] = 0;
		if (r->pos < r->len && r->s[r->pos] == '"') {
			r->pos++;
			*st = ST_QUOTED;
		} else
			*st = ST_PLAIN;
		return NULL;
	case ST_QUOTED:
		if (r->pos == r->len)
			return "unclosed quote";
		if (r->s[r->pos] == '"' && (r->pos + 1 == r->len ||
		    r->s[r->pos + 1] != '"')) {
			r->pos++;
			*st = ST_AFTER;
			return NULL;
		}
		if (r->s[r->pos] == '"')
			r->pos++;
		if ((why = ref_add(r, r->s[r->pos])) != NULL)
			return why;
		if (r->s[r->pos++] == '\n')
			r->next_line++;
		return NULL;
	case ST_AFTER:
		if (r->pos < r->len && r->s[r->pos] != ',' && !ref_eol(r))
			return "text after a closing quote";
		break;
	default:
		if (r->pos < r->len && r->s[r->pos] != ',' && !ref_eol(r)) {
			if ((why = ref_add(r, r->s[r->pos])) == NULL)
				r->pos++;
			return why;
		}
		break;
	}
	if ((why = ref_end_field(r, &more)) != NULL)
		return why;
	*st = ST_START;
	*done = !more;
	return NULL;
}

/* 1, 0 or -1 with *why, as csv_next. */
static int
ref_next(struct ref *r, const char **why)
{
	const unsigned char *lf;
	int	 st = ST_START, done = 0;

	*why = NULL;
	r->n = 0;
	if (r->pos >= r->len)
		return 0;
	r->line = r->next_line;
	if (r->records++ == CSV_MAX_RECORDS) {
		*why = "more than 100001 records";
		r->pos = r->len;
		return -1;
	}
	while (!done)
		if ((*why = ref_step(r, &st, &done)) != NULL)
			break;
	if (*why == NULL)
		return 1;
	if ((lf = memchr(r->s + r->pos, '\n', r->len - r->pos)) == NULL)
		r->pos = r->len;
	else {
		r->pos = (size_t)(lf - r->s) + 1;
		r->next_line++;
	}
	return -1;
}

/* Writing the fields and reading them back gives them again. */
static void
round_trip(struct arena *a, char **v, size_t n)
{
	struct buf		 b;
	struct csv_reader	 r;
	char			**w;
	const char		*why;
	size_t			 m, i;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		csv_field(&b, v[i]);
	}
	buf_puts(&b, "\r\n");
	csv_init(&r, b.data, b.len);
	CHECK(csv_next(&r, a, &w, &m, &why) == 1);
	CHECK(m == n && r.line == 1);
	for (i = 0; i < n; i++)
		CHECK(strcmp(w[i], v[i]) == 0);
	CHECK(csv_next(&r, a, &w, &m, &why) == 0);
	buf_free(&b);
}

/* The whole input as one field, when it can be one. */
static void
one_field(struct arena *a, const uint8_t *data, size_t size)
{
	char	*s;

	if (size > CSV_MAX_FIELD || memchr(data, 0, size) != NULL ||
	    !ref_utf8(data, size))
		return;
	s = arena_strndup(a, (const char *)data, size);
	round_trip(a, &s, 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ref	 ref;
	struct arena		 a;
	struct csv_reader	 r;
	char			**v;
	const char		*why, *rwhy;
	size_t			 n, i, len;
	int			 rc, rrc;

	arena_init(&a);
	memset(&ref, 0, sizeof(ref));
	ref.s = data;
	ref.len = size;
	ref.next_line = 1;
	if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		ref.pos = 3;
	csv_init(&r, (const char *)data, size);
	do {
		rc = csv_next(&r, &a, &v, &n, &why);
		rrc = ref_next(&ref, &rwhy);
		CHECK(rc == rrc && r.pos == ref.pos);
		CHECK(r.next_line == ref.next_line && r.records == ref.records);
		CHECK(r.pos <= size && r.line <= r.next_line);
		if (rc == -1)
			CHECK(why != NULL && strcmp(why, rwhy) == 0 && n == 0);
		if (rc != 1)
			continue;
		CHECK(why == NULL && r.line == ref.line);
		CHECK(n >= 1 && n <= CSV_MAX_FIELDS && n == ref.n);
		for (i = 0; i < n; i++) {
			len = strlen(v[i]);
			CHECK(len <= CSV_MAX_FIELD && len == ref.flen[i]);
			CHECK(memcmp(v[i], ref.f[i], len) == 0);
			CHECK(ref_utf8((const unsigned char *)v[i], len));
		}
		round_trip(&a, v, n);
	} while (rc != 0);
	CHECK(r.pos == size);
	one_field(&a, data, size);
	arena_free(&a);
	return 0;
}
