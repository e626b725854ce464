/* mem.h — per-request arena and growable output buffer */
#ifndef EXBUDDY_MEM_H
#define EXBUDDY_MEM_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/*
 * An arena hands out memory that lives until arena_reset() or arena_free().
 * Blocks are kept across resets so a worker's memory stays flat: a request
 * reuses what the previous one allocated. Allocation never fails: on
 * out-of-memory the process aborts (a worker is respawned by the master).
 */
struct arena_block;
struct arena {
	struct arena_block	*head;	/* block being filled */
	struct arena_block	*full;	/* blocks already filled */
	struct arena_block	*spare;	/* blocks freed by a reset */
};

void	 arena_init(struct arena *);
void	*arena_alloc(struct arena *, size_t);	/* zeroed, aligned */
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*arena_vprintf(struct arena *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* The strings up to a NULL, joined: printf's work without its format. */
char	*arena_cat(struct arena *, ...) __attribute__((sentinel));
void	 arena_reset(struct arena *);	/* keeps at most a few blocks */
void	 arena_free(struct arena *);

/* A growable byte buffer, always NUL-terminated. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_grow(struct buf *, size_t);	/* room for more bytes and a NUL */

/*
 * The three appenders are inline: a page makes a thousand calls or more,
 * most with a literal, whose length and copy the compiler then writes
 * (a few moves, not strlen and memcpy). perf put strlen at 3.8 % of a
 * worker's cycles on /stats before.
 */
static inline void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (n >= b->cap - b->len)	/* cap >= len + 1 once grown */
		buf_grow(b, n);
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static inline void
buf_putc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);	/* len = 0; shrinks a huge buffer */
void	 buf_free(struct buf *);

/* Escaping writers: the only ways text reaches HTML output. */
void	 buf_html(struct buf *, const char *, size_t);	/* & < > " ' */
void	 buf_url(struct buf *, const char *, size_t);	/* RFC 3986 unreserved kept */

#endif
