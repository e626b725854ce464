/* tmpl.c — template engine: ctemplate's tag syntax, escaped by default */
#define _POSIX_C_SOURCE 200809L

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "limits.h"
#include "mem.h"
#include "tmpl.h"

#define SHOW_MAX	40	/* bytes of a bad tag or attribute name shown */

/*
 * A template is an array of nodes. Blocks are flat: an IF, UNLESS or
 * ELSIF node holds the index of the next branch (ELSIF, ELSE or the
 * closing node), and every branch and LOOP node the index of its
 * closing node, so rendering skips a block without walking it.
 */
enum ntype {
	N_TEXT,
	N_VAR,
	N_IF,
	N_UNLESS,
	N_ELSIF,
	N_ELSE,
	N_ENDIF,	/* </TMPL_IF> or </TMPL_UNLESS> */
	N_LOOP,
	N_ENDLOOP,
	N_INCLUDE
};

enum fmt {
	FMT_HTML,
	FMT_RAW,
	FMT_URL
};

enum attr {
	A_NAME,
	A_FMT,
	A_DEFAULT,
	A_VALUE,
	A__MAX
};
#define AM(a)	(1u << (a))

static const char *const attrs[A__MAX] = { "name", "fmt", "default", "value" };

struct node {
	enum ntype	 type;
	enum fmt	 fmt;		/* N_VAR */
	const char	*s;		/* N_TEXT bytes, or the name */
	size_t		 len;		/* N_TEXT */
	const char	*value;		/* IF/ELSIF value=, VAR default= */
	size_t		 next;		/* IF/UNLESS/ELSIF: the next branch */
	size_t		 end;		/* a branch or LOOP: its closing node */
	struct tmpl	*inc;		/* N_INCLUDE */
	uint32_t	 hash;		/* of the name (name_hash) */
};

struct tmpl {
	struct tmpl	*next;
	const char	*name;
	struct node	*nodes;
	size_t		 nnodes;
	int		 done;		/* 0 while being parsed */
	int		 height;	/* longest chain of includes below */
};

struct tmpl_set {
	struct arena	 arena;		/* everything the set owns but itself */
	struct tmpl	*list;
	const char	*dir;		/* NULL: no includes */
};

struct entry {
	struct entry		*next;	/* in the same bucket */
	const char		*name;
	uint32_t		 hash;	/* name_hash(name) */
	const char		*value;	/* NULL: unset, or a loop */
	int			 loop;
	struct tmpl_vars	*rows, *tail;
};

/*
 * A hash table of entries, chained, grown to keep its chains short: a
 * page sets hundreds of names at its top, adds each row of a loop by the
 * loop's name, and looks names up as it renders; walking a list for each
 * made that quadratic. Up to VARS_CHAIN entries the table is one bucket,
 * held in the vars themselves: a small row of a loop (a time zone of the
 * settings page's hundreds: a value, a label, whether chosen) takes no
 * bucket array of its own. Then VARS_BUCKETS, doubling. (The bucket and
 * the array in a union would keep the vars at 32 bytes of the arena, not
 * 64, but the test of which one made gcc call in_bucket, not inline it:
 * 2 % more instructions a history page.)
 */
#define VARS_CHAIN	8
#define VARS_BUCKETS	16
struct tmpl_vars {
	struct arena		*arena;
	struct entry		**bucket;	/* &first, then an array */
	struct entry		*first;		/* bucket 0, until grown */
	uint32_t		 mask;		/* buckets - 1 */
	uint32_t		 n;		/* entries */
	struct tmpl_vars	*next;	/* the next row of the same loop */
};

/* The rows being rendered, innermost first, ending with the top vars. */
struct scope {
	const struct tmpl_vars	*vars;
	const struct scope	*up;
};

static const struct tagdef {
	const char	*name;
	int		 close;		/* </TMPL_...> */
	enum ntype	 type;		/* of the node it makes */
	enum ntype	 opener;	/* a closing tag: the block it closes */
	unsigned	 allowed;	/* attributes */
} tagdefs[] = {
	{ "VAR", 0, N_VAR, N_VAR, AM(A_NAME) | AM(A_FMT) | AM(A_DEFAULT) },
	{ "IF", 0, N_IF, N_IF, AM(A_NAME) | AM(A_VALUE) },
	{ "ELSIF", 0, N_ELSIF, N_ELSIF, AM(A_NAME) | AM(A_VALUE) },
	{ "ELSE", 0, N_ELSE, N_ELSE, 0 },
	{ "UNLESS", 0, N_UNLESS, N_UNLESS, AM(A_NAME) },
	{ "LOOP", 0, N_LOOP, N_LOOP, AM(A_NAME) },
	{ "INCLUDE", 0, N_INCLUDE, N_INCLUDE, AM(A_NAME) },
	{ "IF", 1, N_ENDIF, N_IF, 0 },
	{ "UNLESS", 1, N_ENDIF, N_UNLESS, 0 },
	{ "LOOP", 1, N_ENDLOOP, N_LOOP, 0 },
};

struct tag {
	const struct tagdef *def;
	unsigned	 line;
	unsigned	 seen;		/* attributes present */
	const char	*val[A__MAX];
	size_t		 vlen[A__MAX];
	enum fmt	 fmt;
};

/* An IF, UNLESS or LOOP not closed yet. */
struct block {
	size_t		 start;		/* its opening node */
	size_t		 last;		/* its latest branch */
	unsigned	 line;
	int		 has_else;
};

struct parser {
	struct tmpl_set	*set;
	struct tmpl	*t;
	const char	*p, *end;	/* what is left to parse */
	unsigned	 line;
	int		 depth;		/* includes above this file */
	struct node	*nodes;		/* malloc'd while parsing */
	size_t		 n, cap;
	struct block	 open[TMPL_MAX_NEST];
	int		 nopen;
	char		*err;
	size_t		 errlen;
};

static struct tmpl *compile(struct tmpl_set *, const char *, const char *,
		    size_t, int, char *, size_t);

static void *
xreallocarray(void *p, size_t n, size_t size)
{
	if ((size != 0 && n > SIZE_MAX / size) ||
	    (p = realloc(p, n * size)) == NULL) {
		fputs("exbuddy: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void __attribute__((format(printf, 3, 4)))
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Writes "file:line: message" and returns -1. */
static int __attribute__((format(printf, 3, 4)))
errf(struct parser *ps, unsigned line, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	seterr(ps->err, ps->errlen, "%s:%u: %s", ps->t->name, line, msg);
	return -1;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_word(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether the n bytes at s are word, ignoring ASCII case. */
static int
word_eq(const char *s, size_t n, const char *word)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (word[i] == '\0' || lower(s[i]) != lower(word[i]))
			return 0;
	return word[n] == '\0';
}

static int
show(size_t n)
{
	return n > SHOW_MAX ? SHOW_MAX : (int)n;
}

static unsigned
count_lines(const char *s, const char *end)
{
	unsigned	 n = 0;

	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s++;
	}
	return n;
}

static const char *
type_name(enum ntype type)
{
	switch (type) {
	case N_IF:
		return "TMPL_IF";
	case N_UNLESS:
		return "TMPL_UNLESS";
	case N_LOOP:
		return "TMPL_LOOP";
	default:
		return "tag";
	}
}

static struct tmpl *
find(const struct tmpl_set *set, const char *name)
{
	struct tmpl	*t;

	for (t = set->list; t != NULL; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

static struct node *
node_add(struct parser *ps, enum ntype type)
{
	struct node	*n;

	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->nodes = xreallocarray(ps->nodes, ps->cap, sizeof(*n));
	}
	n = &ps->nodes[ps->n++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	return n;
}

static void
add_text(struct parser *ps, const char *s, const char *e)
{
	struct node	*n;

	if (s == e)
		return;
	n = node_add(ps, N_TEXT);
	n->s = arena_strndup(&ps->set->arena, s, (size_t)(e - s));
	n->len = (size_t)(e - s);
	ps->line += count_lines(s, e);
}

/* The next "<TMPL_" or "</TMPL_" at or after s, or NULL. */
static const char *
find_tag(const char *s, const char *end)
{
	size_t	 n;

	while ((s = memchr(s, '<', (size_t)(end - s))) != NULL) {
		n = (size_t)(end - s);
		if (n >= 6 && word_eq(s + 1, 5, "tmpl_"))
			return s;
		if (n >= 7 && s[1] == '/' && word_eq(s + 2, 5, "tmpl_"))
			return s;
		s++;
	}
	return NULL;
}

/*
 * The '>' ending a tag, skipping quoted values, or NULL when the tag
 * runs into the end, a '<' or a quoted newline first.
 */
static const char *
tag_end(const char *s, const char *end)
{
	int	 quoted = 0;

	for (; s < end; s++) {
		if (quoted) {
			if (*s == '"')
				quoted = 0;
			else if (*s == '\n')
				return NULL;
		} else if (*s == '"')
			quoted = 1;
		else if (*s == '>')
			return s;
		else if (*s == '<')
			return NULL;
	}
	return NULL;
}

static const struct tagdef *
tagdef_find(int close, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(tagdefs) / sizeof(tagdefs[0]); i++)
		if (tagdefs[i].close == close && word_eq(s, n, tagdefs[i].name))
			return &tagdefs[i];
	return NULL;
}

static int
attr_find(const char *s, size_t n)
{
	int	 a;

	for (a = 0; a < A__MAX; a++)
		if (word_eq(s, n, attrs[a]))
			return a;
	return -1;
}

/* Parses `= "value"` at s; returns what follows, or NULL. */
static const char *
attr_value(const char *s, const char *gt, const char **val, size_t *len)
{
	const char	*e;

	while (s < gt && is_space(*s))
		s++;
	if (s == gt || *s++ != '=')
		return NULL;
	while (s < gt && is_space(*s))
		s++;
	if (s == gt || *s++ != '"')
		return NULL;
	if ((e = memchr(s, '"', (size_t)(gt - s))) == NULL)
		return NULL;
	*val = s;
	*len = (size_t)(e - s);
	return e + 1;
}

static int
parse_attrs(struct parser *ps, struct tag *tg, const char *s, const char *gt)
{
	const char	*n;
	int		 a;

	while (s < gt) {
		if (!is_space(*s))
			return errf(ps, tg->line,
			    "unexpected character in tag");
		while (s < gt && is_space(*s))
			s++;
		if (s == gt)
			break;
		for (n = s; s < gt && (is_word(*s) || *s == '-'); s++)
			;
		if (s == n)
			return errf(ps, tg->line,
			    "unexpected character in tag");
		if ((a = attr_find(n, (size_t)(s - n))) == -1)
			return errf(ps, tg->line, "unknown attribute %.*s",
			    show((size_t)(s - n)), n);
		if (tg->seen & AM(a))
			return errf(ps, tg->line, "duplicate attribute %s",
			    attrs[a]);
		s = attr_value(s, gt, &tg->val[a], &tg->vlen[a]);
		if (s == NULL)
			return errf(ps, tg->line,
			    "attribute %s needs a double-quoted value",
			    attrs[a]);
		tg->seen |= AM(a);
	}
	return 0;
}

static int
check_attrs(struct parser *ps, struct tag *tg)
{
	const struct tagdef	*d = tg->def;
	unsigned		 bad = tg->seen & ~d->allowed;

	if (bad & AM(A_FMT))
		return errf(ps, tg->line, "fmt is only allowed on TMPL_VAR");
	if (bad & AM(A_DEFAULT))
		return errf(ps, tg->line,
		    "default is only allowed on TMPL_VAR");
	if (bad & AM(A_VALUE))
		return errf(ps, tg->line,
		    "value is only allowed on TMPL_IF and TMPL_ELSIF");
	if (bad)
		return errf(ps, tg->line, "<%sTMPL_%s> takes no attributes",
		    d->close ? "/" : "", d->name);
	if ((d->allowed & AM(A_NAME)) && !(tg->seen & AM(A_NAME)))
		return errf(ps, tg->line, "missing name");
	if ((tg->seen & AM(A_NAME)) && tg->vlen[A_NAME] == 0)
		return errf(ps, tg->line, "empty name");
	tg->fmt = FMT_HTML;
	if (!(tg->seen & AM(A_FMT)))
		return 0;
	if (word_eq(tg->val[A_FMT], tg->vlen[A_FMT], "raw"))
		tg->fmt = FMT_RAW;
	else if (word_eq(tg->val[A_FMT], tg->vlen[A_FMT], "url"))
		tg->fmt = FMT_URL;
	else
		return errf(ps, tg->line, "unknown fmt \"%.*s\" (raw or url)",
		    show(tg->vlen[A_FMT]), tg->val[A_FMT]);
	return 0;
}

/*
 * A variable's name hashed (FNV-1a): a page looks names up thousands of
 * times, in a table (struct tmpl_vars), and compares strings only where
 * the hashes agree.
 */
static uint32_t
name_hash(const char *name)
{
	uint32_t h = 2166136261u;

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* Adds the node of tag tg, with copies of its attributes. */
static struct node *
tag_node(struct parser *ps, const struct tag *tg)
{
	struct arena	*a = &ps->set->arena;
	struct node	*n;

	n = node_add(ps, tg->def->type);
	n->fmt = tg->fmt;
	if (tg->seen & AM(A_NAME)) {
		n->s = arena_strndup(a, tg->val[A_NAME], tg->vlen[A_NAME]);
		n->hash = name_hash(n->s);
	}
	if (tg->seen & AM(A_VALUE))
		n->value = arena_strndup(a, tg->val[A_VALUE],
		    tg->vlen[A_VALUE]);
	if (tg->seen & AM(A_DEFAULT))
		n->value = arena_strndup(a, tg->val[A_DEFAULT],
		    tg->vlen[A_DEFAULT]);
	return n;
}

static int
open_block(struct parser *ps, const struct tag *tg)
{
	struct block	*b;

	if (ps->nopen == TMPL_MAX_NEST)
		return errf(ps, tg->line, "blocks nested deeper than %d",
		    TMPL_MAX_NEST);
	b = &ps->open[ps->nopen++];
	b->start = b->last = ps->n;
	b->line = tg->line;
	b->has_else = 0;
	tag_node(ps, tg);
	return 0;
}

/* TMPL_ELSIF or TMPL_ELSE: a new branch of the innermost block. */
static int
branch_tag(struct parser *ps, const struct tag *tg)
{
	struct block	*b;
	enum ntype	 in;
	const char	*what = tg->def->name;

	if (ps->nopen == 0)
		return errf(ps, tg->line, "TMPL_%s without TMPL_IF", what);
	b = &ps->open[ps->nopen - 1];
	in = ps->nodes[b->start].type;
	if (in == N_LOOP || (in == N_UNLESS && tg->def->type == N_ELSIF))
		return errf(ps, tg->line, "TMPL_%s inside %s opened at line %u",
		    what, type_name(in), b->line);
	if (b->has_else)
		return errf(ps, tg->line, "TMPL_%s after TMPL_ELSE", what);
	if (tg->def->type == N_ELSE)
		b->has_else = 1;
	ps->nodes[b->last].next = ps->n;
	b->last = ps->n;
	tag_node(ps, tg);
	return 0;
}

static int
close_block(struct parser *ps, const struct tag *tg)
{
	struct block	*b;
	size_t		 i, end = ps->n;
	const char	*what = tg->def->name;

	if (ps->nopen == 0)
		return errf(ps, tg->line, "</TMPL_%s> without TMPL_%s",
		    what, what);
	b = &ps->open[ps->nopen - 1];
	if (ps->nodes[b->start].type != tg->def->opener)
		return errf(ps, tg->line,
		    "</TMPL_%s> does not close %s opened at line %u",
		    what, type_name(ps->nodes[b->start].type), b->line);
	ps->nopen--;
	ps->nodes[b->last].next = end;
	for (i = b->start; i != end; i = ps->nodes[i].next)
		ps->nodes[i].end = end;
	node_add(ps, tg->def->type);
	return 0;
}

static struct tmpl *
include_file(struct parser *ps, const char *name, unsigned line);

static int
include(struct parser *ps, const struct tag *tg)
{
	struct tmpl_set	*set = ps->set;
	struct tmpl	*t;
	const char	*name;

	name = arena_strndup(&set->arena, tg->val[A_NAME], tg->vlen[A_NAME]);
	if (strchr(name, '/') != NULL || strstr(name, "..") != NULL)
		return errf(ps, tg->line,
		    "include %s: not a plain file name", name);
	if (set->dir == NULL)
		return errf(ps, tg->line,
		    "include %s: no template directory", name);
	if ((t = find(set, name)) != NULL && !t->done)
		return errf(ps, tg->line, "include cycle through %s", name);
	if (t == NULL && ps->depth < TMPL_MAX_INCLUDE_DEPTH &&
	    (t = include_file(ps, name, tg->line)) == NULL)
		return -1;
	if (t == NULL || ps->depth + 1 + t->height > TMPL_MAX_INCLUDE_DEPTH)
		return errf(ps, tg->line, "includes nested deeper than %d",
		    TMPL_MAX_INCLUDE_DEPTH);
	if (ps->t->height < t->height + 1)
		ps->t->height = t->height + 1;
	node_add(ps, N_INCLUDE)->inc = t;
	return 0;
}

static int
emit(struct parser *ps, const struct tag *tg)
{
	switch (tg->def->type) {
	case N_IF:
	case N_UNLESS:
	case N_LOOP:
		return open_block(ps, tg);
	case N_ELSIF:
	case N_ELSE:
		return branch_tag(ps, tg);
	case N_ENDIF:
	case N_ENDLOOP:
		return close_block(ps, tg);
	case N_INCLUDE:
		return include(ps, tg);
	default:
		tag_node(ps, tg);
		return 0;
	}
}

/*
 * A comment, "<TMPL_COMMENT>" at q (its name ends at s) up to
 * "</TMPL_COMMENT>": what the template expects, for its readers. Nothing
 * inside is parsed or rendered; comments do not nest.
 */
static int
comment(struct parser *ps, const char *q, const char *s)
{
	const char	*p;

	if (s >= ps->end || *s != '>')
		return errf(ps, ps->line, "TMPL_COMMENT takes no attributes");
	for (p = s + 1; (p = memchr(p, '<', (size_t)(ps->end - p))) != NULL;
	    p++)
		if (ps->end - p >= 15 && word_eq(p, 15, "</tmpl_comment>"))
			break;
	if (p == NULL)
		return errf(ps, ps->line, "unclosed TMPL_COMMENT");
	ps->line += count_lines(q, p);
	ps->p = p + 15;
	return 0;
}

/* Parses the tag starting at q, which find_tag() found. */
static int
parse_tag(struct parser *ps, const char *q)
{
	struct tag	 tg;
	const char	*name, *s, *gt;
	int		 close = q[1] == '/';

	memset(&tg, 0, sizeof(tg));
	tg.line = ps->line;
	name = q + (close ? 7 : 6);	/* past "<TMPL_" or "</TMPL_" */
	for (s = name; s < ps->end && is_word(*s); s++)
		;
	if (!close && word_eq(name, (size_t)(s - name), "comment"))
		return comment(ps, q, s);
	if ((tg.def = tagdef_find(close, name, (size_t)(s - name))) == NULL)
		return errf(ps, tg.line, "unknown tag <%.*s>",
		    show((size_t)(s - q - 1)), q + 1);
	if ((gt = tag_end(s, ps->end)) == NULL)
		return errf(ps, tg.line, "unterminated tag <%sTMPL_%s>",
		    close ? "/" : "", tg.def->name);
	if (parse_attrs(ps, &tg, s, gt) == -1 || check_attrs(ps, &tg) == -1)
		return -1;
	ps->line += count_lines(q, gt);
	ps->p = gt + 1;
	return emit(ps, &tg);
}

static int
parse(struct parser *ps)
{
	const char	*q;
	struct block	*b;

	while ((q = find_tag(ps->p, ps->end)) != NULL) {
		add_text(ps, ps->p, q);
		if (parse_tag(ps, q) == -1)
			return -1;
	}
	add_text(ps, ps->p, ps->end);
	if (ps->nopen > 0) {
		b = &ps->open[ps->nopen - 1];
		return errf(ps, b->line, "unclosed %s",
		    type_name(ps->nodes[b->start].type));
	}
	return 0;
}

/* Reads at most TMPL_MAX_FILE + 1 bytes of name in the set's dir into b. */
static int
read_file(struct tmpl_set *set, const char *name, struct buf *b)
{
	char		 chunk[8192];
	const char	*path;
	struct stat	 st;
	ssize_t		 n;
	int		 fd, rc = -1, saved;

	path = arena_printf(&set->arena, "%s/%s", set->dir, name);
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto done;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto done;
	}
	while (b->len <= TMPL_MAX_FILE) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			goto done;
		}
		if (n == 0)
			break;
		buf_add(b, chunk, (size_t)n);
	}
	rc = 0;
done:
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static struct tmpl *
include_file(struct parser *ps, const char *name, unsigned line)
{
	struct buf	 b;
	struct tmpl	*t = NULL;

	buf_init(&b);
	if (read_file(ps->set, name, &b) == -1)
		errf(ps, line, "include %s: %s", name, strerror(errno));
	else
		t = compile(ps->set, name, b.data, b.len, ps->depth + 1,
		    ps->err, ps->errlen);
	buf_free(&b);
	return t;
}

/* Parses text as template name into set; depth: includes above it. */
static struct tmpl *
compile(struct tmpl_set *set, const char *name, const char *text, size_t len,
    int depth, char *err, size_t errlen)
{
	struct parser	 ps;
	struct tmpl	*t;
	const char	*z;
	int		 rc;

	if (text == NULL) {
		text = "";
		len = 0;
	}
	t = arena_alloc(&set->arena, sizeof(*t));
	t->name = arena_strdup(&set->arena, name);
	t->next = set->list;
	set->list = t;
	memset(&ps, 0, sizeof(ps));
	ps.set = set;
	ps.t = t;
	ps.p = text;
	ps.end = text + len;
	ps.line = 1;
	ps.depth = depth;
	ps.err = err;
	ps.errlen = errlen;
	if (len > TMPL_MAX_FILE)
		rc = errf(&ps, 1, "file too big (more than %d bytes)",
		    TMPL_MAX_FILE);
	else if ((z = memchr(text, '\0', len)) != NULL)
		rc = errf(&ps, 1 + count_lines(text, z), "NUL byte");
	else
		rc = parse(&ps);
	if (rc == 0) {
		t->nodes = arena_alloc(&set->arena, ps.n * sizeof(*ps.nodes));
		if (ps.n > 0)
			memcpy(t->nodes, ps.nodes, ps.n * sizeof(*ps.nodes));
		t->nnodes = ps.n;
		t->done = 1;
	}
	free(ps.nodes);
	return rc == 0 ? t : NULL;
}

static struct tmpl_set *
set_new(const char *dir)
{
	struct tmpl_set	*set;

	set = xreallocarray(NULL, 1, sizeof(*set));
	arena_init(&set->arena);
	set->list = NULL;
	set->dir = dir != NULL ? arena_strdup(&set->arena, dir) : NULL;
	return set;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the *.tmpl files in dir, sorted, into *names. */
static int
list_dir(struct tmpl_set *set, const char *dir, char ***names, size_t *n,
    char *err, size_t errlen)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 len, cap = 0;
	int		 error;

	if ((d = opendir(dir)) == NULL) {
		seterr(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 5 ||
		    strcmp(de->d_name + len - 5, ".tmpl") != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*names = xreallocarray(*names, cap, sizeof(**names));
		}
		(*names)[(*n)++] = arena_strdup(&set->arena, de->d_name);
	}
	error = errno;
	closedir(d);
	if (error != 0) {
		seterr(err, errlen, "%s: %s", dir, strerror(error));
		return -1;
	}
	if (*n > 0)	/* qsort(NULL, 0, …) is undefined */
		qsort(*names, *n, sizeof(**names), cmp_names);
	return 0;
}

static int
load_file(struct tmpl_set *set, const char *name, char *err, size_t errlen)
{
	struct buf	 b;
	int		 rc = -1;

	buf_init(&b);
	if (read_file(set, name, &b) == -1)
		seterr(err, errlen, "%s: %s", name, strerror(errno));
	else if (compile(set, name, b.data, b.len, 0, err, errlen) != NULL)
		rc = 0;
	buf_free(&b);
	return rc;
}

/* Parses every *.tmpl of dir; NULL and "file:line: message" in err. */
struct tmpl_set *
tmpl_load_dir(const char *dir, char *err, size_t errlen)
{
	struct tmpl_set	*set;
	char		**names = NULL;
	size_t		 i, n = 0;

	if (dir == NULL) {
		seterr(err, errlen, "no template directory");
		return NULL;
	}
	set = set_new(dir);
	if (list_dir(set, dir, &names, &n, err, errlen) == -1)
		goto fail;
	for (i = 0; i < n; i++)
		if (find(set, names[i]) == NULL &&
		    load_file(set, names[i], err, errlen) == -1)
			goto fail;
	free(names);
	return set;
fail:
	free(names);
	tmpl_set_free(set);
	return NULL;
}

/* Parses text as template name, including from dir (may be NULL). */
struct tmpl_set *
tmpl_parse_mem(const char *name, const char *text, size_t len,
    const char *dir, char *err, size_t errlen)
{
	struct tmpl_set	*set;

	if (name == NULL) {
		seterr(err, errlen, "template without a name");
		return NULL;
	}
	set = set_new(dir);
	if (compile(set, name, text, len, 0, err, errlen) == NULL) {
		tmpl_set_free(set);
		return NULL;
	}
	return set;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	if (set == NULL)
		return;
	arena_free(&set->arena);
	free(set);
}

int
tmpl_exists(const struct tmpl_set *set, const char *name)
{
	const struct tmpl	*t;

	if (set == NULL || name == NULL)
		return 0;
	return (t = find(set, name)) != NULL && t->done;
}

/* Variables. */

struct tmpl_vars *
tmpl_vars_new(struct arena *a)
{
	struct tmpl_vars	*v;

	if (a == NULL)
		return NULL;
	v = arena_alloc(a, sizeof(*v));
	v->arena = a;
	v->bucket = &v->first;	/* mask 0: one bucket */
	return v;
}

/* The entry of name (hash h) in v, set or not, or NULL. */
static struct entry *
in_bucket(const struct tmpl_vars *v, const char *name, uint32_t h)
{
	struct entry	*e;

	for (e = v->bucket[h & v->mask]; e != NULL; e = e->next)
		if (e->hash == h && strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* The entry of name (hash h) in v that holds a value or a loop, or NULL. */
static const struct entry *
find_entry(const struct tmpl_vars *v, const char *name, uint32_t h)
{
	const struct entry	*e = in_bucket(v, name, h);

	return e != NULL && (e->loop || e->value != NULL) ? e : NULL;
}

/* v's table with more buckets (the old ones stay in the arena). */
static void
grow(struct tmpl_vars *v)
{
	struct entry	**old = v->bucket, *e, *next;
	uint32_t	  i, n = v->mask + 1;

	v->mask = n > 1 ? 2 * n - 1 : VARS_BUCKETS - 1;
	v->bucket = arena_alloc(v->arena, ((size_t)v->mask + 1) *
	    sizeof(*v->bucket));
	for (i = 0; i < n; i++)
		for (e = old[i]; e != NULL; e = next) {
			next = e->next;
			e->next = v->bucket[e->hash & v->mask];
			v->bucket[e->hash & v->mask] = e;
		}
}

static struct entry *
entry_get(struct tmpl_vars *v, const char *name)
{
	struct entry	*e, **b;
	uint32_t	 h = name_hash(name);

	if ((e = in_bucket(v, name, h)) != NULL)
		return e;
	if (v->n >= (v->mask == 0 ? VARS_CHAIN : v->mask + 1))	/* ~1 */
		grow(v);
	e = arena_alloc(v->arena, sizeof(*e));
	e->name = name;		/* outlives v: tmpl.h */
	e->hash = h;
	b = &v->bucket[h & v->mask];
	e->next = *b;
	*b = e;
	v->n++;
	return e;
}

/* Sets name to value, which is already in the arena (NULL: unset). */
static void
set_value(struct tmpl_vars *v, const char *name, const char *value)
{
	struct entry	*e = entry_get(v, name);

	e->value = value;
	e->loop = 0;
	e->rows = e->tail = NULL;
}

void
tmpl_set(struct tmpl_vars *v, const char *name, const char *value)
{
	if (v == NULL || name == NULL)
		return;
	set_value(v, name, value != NULL ? arena_strdup(v->arena, value) :
	    NULL);
}

void
tmpl_set_ref(struct tmpl_vars *v, const char *name, const char *value)
{
	if (v == NULL || name == NULL)
		return;
	set_value(v, name, value);
}

void
tmpl_setf(struct tmpl_vars *v, const char *name, const char *fmt, ...)
{
	va_list	 ap;

	if (v == NULL || name == NULL || fmt == NULL)
		return;
	va_start(ap, fmt);
	set_value(v, name, arena_vprintf(v->arena, fmt, ap));
	va_end(ap);
}

void
tmpl_set_int(struct tmpl_vars *v, const char *name, long long n)
{
	char	 s[FMT_INT_LEN];

	if (v == NULL || name == NULL)
		return;
	set_value(v, name, arena_strndup(v->arena, s, fmt_int(s, n)));
}

struct tmpl_vars *
tmpl_loop_add(struct tmpl_vars *v, const char *name)
{
	struct entry		*e;
	struct tmpl_vars	*row;

	if (v == NULL || name == NULL)
		return NULL;
	e = entry_get(v, name);
	if (!e->loop) {
		e->loop = 1;
		e->value = NULL;
		e->rows = e->tail = NULL;
	}
	row = tmpl_vars_new(v->arena);
	if (e->tail != NULL)
		e->tail->next = row;
	else
		e->rows = row;
	e->tail = row;
	return row;
}

const char *
tmpl_get(const struct tmpl_vars *v, const char *name)
{
	const struct entry	*e;

	if (v == NULL || name == NULL ||
	    (e = find_entry(v, name, name_hash(name))) == NULL)
		return NULL;
	return e->loop ? NULL : e->value;
}

/* Rendering. */

static const struct entry *
lookup(const struct scope *sc, const struct node *n)
{
	const struct entry	*e;

	for (; sc != NULL; sc = sc->up)
		if (sc->vars != NULL &&
		    (e = find_entry(sc->vars, n->s, n->hash)) != NULL)
			return e;
	return NULL;
}

/* The test of an IF, UNLESS or ELSIF node. */
static int
test(const struct node *n, const struct scope *sc)
{
	const struct entry	*e;

	if ((e = lookup(sc, n)) == NULL)
		return 0;
	if (n->value != NULL)
		return !e->loop && strcmp(e->value, n->value) == 0;
	if (e->loop)
		return e->rows != NULL;
	return e->value[0] != '\0';
}

static void
render_var(const struct node *n, const struct scope *sc, struct buf *out)
{
	const struct entry	*e;
	const char		*s = n->value;

	if ((e = lookup(sc, n)) != NULL && !e->loop)
		s = e->value;
	if (s == NULL)
		return;
	switch (n->fmt) {
	case FMT_RAW:
		buf_puts(out, s);
		break;
	case FMT_URL:
		buf_url(out, s, strlen(s));
		break;
	default:
		buf_html(out, s, strlen(s));
		break;
	}
}

/* From the IF or UNLESS node i: the first node of the branch taken. */
static size_t
branch(const struct tmpl *t, size_t i, const struct scope *sc)
{
	const struct node	*n;

	for (;;) {
		n = &t->nodes[i];
		if (n->type == N_ELSE || n->type == N_ENDIF)
			return i + 1;
		if (test(n, sc) != (n->type == N_UNLESS))
			return i + 1;
		i = n->next;
	}
}

static void render_range(const struct tmpl *, size_t, size_t,
		    const struct scope *, struct buf *);

static void
render_loop(const struct tmpl *t, size_t i, const struct scope *sc,
    struct buf *out)
{
	const struct entry	*e;
	const struct tmpl_vars	*row;
	struct scope		 inner;

	if ((e = lookup(sc, &t->nodes[i])) == NULL || !e->loop)
		return;
	inner.up = sc;
	for (row = e->rows; row != NULL; row = row->next) {
		inner.vars = row;
		render_range(t, i + 1, t->nodes[i].end, &inner, out);
	}
}

/* Renders nodes [i, to) of t. */
static void
render_range(const struct tmpl *t, size_t i, size_t to,
    const struct scope *sc, struct buf *out)
{
	const struct node	*n;

	while (i < to) {
		n = &t->nodes[i];
		switch (n->type) {
		case N_TEXT:
			buf_add(out, n->s, n->len);
			i++;
			break;
		case N_VAR:
			render_var(n, sc, out);
			i++;
			break;
		case N_IF:
		case N_UNLESS:
			i = branch(t, i, sc);
			break;
		case N_ELSIF:
		case N_ELSE:
			i = n->end + 1;	/* the branch before was taken */
			break;
		case N_LOOP:
			render_loop(t, i, sc, out);
			i = n->end + 1;
			break;
		case N_INCLUDE:
			render_range(n->inc, 0, n->inc->nnodes, sc, out);
			i++;
			break;
		default:
			i++;
			break;
		}
	}
}

/* Renders template name with v (may be NULL) onto out; 0, or -1: none. */
int
tmpl_render(const struct tmpl_set *set, const char *name,
    const struct tmpl_vars *v, struct buf *out)
{
	const struct tmpl	*t;
	struct scope		 sc;

	if (set == NULL || name == NULL || out == NULL ||
	    (t = find(set, name)) == NULL || !t->done)
		return -1;
	sc.vars = v;
	sc.up = NULL;
	render_range(t, 0, t->nnodes, &sc, out);
	return 0;
}
