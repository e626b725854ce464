/* mem.c — per-request arena and growable output buffer */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define ARENA_BLOCK	(64 * 1024)	/* default block size */
#ifdef ARENA_MALLOC	/* make check-asan: one malloc per allocation, see arena_alloc */
#define ARENA_SPARE_MAX	0
#else
#define ARENA_SPARE_MAX	4		/* blocks kept across a reset */
#endif
#define BUF_KEEP	(256 * 1024)	/* larger buffers shrink on reset */

struct arena_block {
	struct arena_block	*next;
	size_t			 size;	/* usable bytes after the header */
	size_t			 used;
	max_align_t		 data[];
};

static void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n)) == NULL) {
		fputs("exbuddy: out of memory\n", stderr);
		abort();
	}
	return p;
}

void
arena_init(struct arena *a)
{
	a->head = a->full = a->spare = NULL;
}

static struct arena_block *
block_new(struct arena *a, size_t need)
{
	struct arena_block	*b, **pp;

	/* Reuse a spare block that is big enough. */
	for (pp = &a->spare; (b = *pp) != NULL; pp = &b->next)
		if (b->size >= need) {
			*pp = b->next;
			b->used = 0;
			return b;
		}
	if (need < ARENA_BLOCK)
		need = ARENA_BLOCK;
	b = xmalloc(sizeof(*b) + need);
	b->size = need;
	b->used = 0;
	return b;
}

/* n bytes, aligned, not zeroed. */
static void *
alloc_raw(struct arena *a, size_t n)
{
	struct arena_block	*b = a->head;
	size_t			 al = sizeof(max_align_t);
	void			*p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - al - sizeof(struct arena_block))
		abort();
#ifdef ARENA_MALLOC
	/*
	 * Each allocation a block of its own, exactly n bytes, freed by the
	 * next reset: ASan sees a read past one allocation or after a reset.
	 */
	b = xmalloc(sizeof(*b) + n);
	b->size = b->used = n;
	b->next = a->full;
	a->full = b;
	return b->data;
#endif
	n = (n + al - 1) / al * al;
	if (b == NULL || b->size - b->used < n) {
		if (b != NULL) {
			b->next = a->full;
			a->full = b;
		}
		b = block_new(a, n);
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return memset(alloc_raw(a, n), 0, n > 0 ? n : 1);	/* as ever for 0 */
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p = alloc_raw(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 ap2;
	char	 s[256], *p;
	int	 n;

	/* Formatted once where it fits a line (most do), else again. */
	va_copy(ap2, ap);
	n = vsnprintf(s, sizeof(s), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	if ((size_t)n < sizeof(s))
		return arena_strndup(a, s, (size_t)n);
	p = alloc_raw(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_cat(struct arena *a, ...)
{
	va_list	 ap;
	const char *s;
	size_t	 n = 0, len;
	char	*p, *o;

	va_start(ap, a);
	while ((s = va_arg(ap, const char *)) != NULL)
		n += strlen(s);
	va_end(ap);
	o = p = alloc_raw(a, n + 1);
	va_start(ap, a);
	while ((s = va_arg(ap, const char *)) != NULL) {
		len = strlen(s);
		memcpy(o, s, len);
		o += len;
	}
	va_end(ap);
	*o = '\0';
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

/* Moves default-sized blocks of list to *keep (up to the limit), frees the rest. */
static void
keep_or_free(struct arena_block *list, struct arena_block **keep, int *kept)
{
	struct arena_block *b, *next;

	for (b = list; b != NULL; b = next) {
		next = b->next;
		if (*kept < ARENA_SPARE_MAX && b->size == ARENA_BLOCK) {
			b->next = *keep;
			*keep = b;
			(*kept)++;
		} else
			free(b);
	}
}

void
arena_reset(struct arena *a)
{
	struct arena_block *keep = NULL;
	int	 kept = 0;

	if (a->head != NULL) {
		a->head->next = a->full;
		a->full = a->head;
		a->head = NULL;
	}
	/* Keep a few default-sized blocks; give big ones back. */
	keep_or_free(a->full, &keep, &kept);
	keep_or_free(a->spare, &keep, &kept);
	a->full = NULL;
	a->spare = keep;
}

void
arena_free(struct arena *a)
{
	arena_reset(a);
	while (a->spare != NULL) {
		struct arena_block *next = a->spare->next;

		free(a->spare);
		a->spare = next;
	}
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_grow(struct buf *b, size_t more)
{
	size_t	 cap;
	char	*p;

	if (more > SIZE_MAX - b->len - 1)
		abort();
	if (b->len + more + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 1024;
	while (cap < b->len + more + 1) {
		if (cap > SIZE_MAX / 2)
			abort();
		cap *= 2;
	}
	if ((p = realloc(b->data, cap)) == NULL) {
		fputs("exbuddy: out of memory\n", stderr);
		abort();
	}
	b->data = p;
	b->cap = cap;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	/* Formatted once where it fits (most do), else again after growing. */
	buf_grow(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void
buf_reset(struct buf *b)
{
	if (b->cap > BUF_KEEP) {
		free(b->data);
		buf_init(b);
		return;
	}
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_html(struct buf *b, const char *s, size_t n)
{
	size_t	 i, start = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}

/*
 * RFC 3986's unreserved characters, A-Z a-z 0-9 - . _ ~, as a bit each:
 * a test of a byte is a shift, not a chain of comparisons (a history
 * page escapes some forty ids).
 */
static const uint64_t unreserved_bits[4] = {
	0x03ff600000000000ULL,	/* - . 0-9 */
	0x47fffffe87fffffeULL,	/* A-Z _ a-z ~ */
	0, 0
};

static int
unreserved(unsigned char c)
{
	return (int)(unreserved_bits[c >> 6] >> (c & 63)) & 1;
}

/* Each run of unreserved characters is copied whole (most values are one). */
void
buf_url(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t	 i = 0, start;
	char	 e[3] = { '%' };

	while (i < n) {
		start = i;
		while (i < n && unreserved((unsigned char)s[i]))
			i++;
		buf_add(b, s + start, i - start);
		if (i < n) {
			e[1] = hex[(unsigned char)s[i] >> 4];
			e[2] = hex[(unsigned char)s[i++] & 15];
			buf_add(b, e, 3);
		}
	}
}
