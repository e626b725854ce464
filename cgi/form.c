/* form.c — forms declared once (kcgi-style): each field's rule and messages, read, kept, re-rendered */
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "tmpl.h"
#include "valid.h"

void
form_error(struct ctx *c, const char *field, const char *msg)
{
	/* In the arena: the variables keep their names (tmpl.h). */
	const char *name = arena_printf(c->req->arena, "%s_error", field);
	struct tmpl_vars *v;

	if (tmpl_get(c->vars, name) == NULL) {	/* the first reason counts */
		tmpl_set(c->vars, name, msg);
		/* The summary at the top: a link to each field in trouble. */
		v = tmpl_loop_add(c->vars, "error_list");
		tmpl_set(v, "field", field);
		tmpl_set(v, "message", msg);
	}
	tmpl_set(c->vars, "errors", "1");
	c->nerrors++;
}

/* s without the spaces and tabs around it, in the arena. */
static const char *
trim(struct ctx *c, const char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(c->req->arena, s, n);
}

/* A browser sends line breaks as CRLF: one character each, as typed. */
static const char *
one_newline(struct ctx *c, const char *s)
{
	char	*d = arena_strdup(c->req->arena, s), *o = d;

	for (; *s != '\0'; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*o++ = *s;
	*o = '\0';
	return d;
}

/* 1 when v (not empty) keeps the field's rule; its number into *num. */
static int
keeps_rule(const struct field *f, const char *v, long long *num)
{
	const char *why;
	long	 day;
	int	 i;

	switch (f->type) {
	case FT_INT:
		return valid_int(v, f->min, f->max, num, &why) == 0;
	case FT_CHOICE:
		*num = i = valid_enum(v, f->choices);
		return i >= 0;
	case FT_DATE:
		if (civil_parse_date(v, &day) != 0 || day < f->min ||
		    day > f->max)
			return 0;
		*num = day;
		return 1;
	case FT_TEXT:
	case FT_NOTE:
		if (f->max > 0 && !valid_text(v, 0, (size_t)f->max,
		    f->type == FT_NOTE))
			return 0;
		return f->valid == NULL || f->valid(v);
	default:
		return 1;
	}
}

static void
read_field(struct ctx *c, const struct kvlist *l, struct form *fm, size_t i)
{
	const struct field *f = &fm->fields[i];
	const char *raw = kv_get(l, f->name), *v;

	if (raw == NULL)
		raw = "";
	v = f->type == FT_SECRET ? raw : trim(c, raw);
	if (f->type == FT_NOTE)
		v = one_newline(c, v);
	fm->sent[i] = f->type == FT_NOTE ? raw : v;
	if (f->type != FT_SECRET && !(f->flags & FF_NOKEEP))
		tmpl_set(c->vars, f->name, fm->sent[i]);
	fm->val[i] = v;
	if (*v == '\0') {
		if (f->missing != NULL)
			form_error(c, f->name, f->missing);
		return;
	}
	if (!keeps_rule(f, v, &fm->num[i])) {
		fm->bad[i] = 1;
		fm->val[i] = "";
		fm->num[i] = 0;
		form_error(c, f->name, f->invalid);
	}
}

static int
read_list(struct ctx *c, const struct kvlist *l, const struct field *fields,
    size_t n, struct form *fm)
{
	struct arena *a = c->req->arena;
	int	 before = c->nerrors;
	size_t	 i;

	fm->fields = fields;
	fm->n = n;
	fm->val = arena_alloc(a, (n + 1) * sizeof(*fm->val));
	fm->sent = arena_alloc(a, (n + 1) * sizeof(*fm->sent));
	fm->num = arena_alloc(a, (n + 1) * sizeof(*fm->num));
	fm->bad = arena_alloc(a, (n + 1) * sizeof(*fm->bad));
	for (i = 0; i < n; i++)
		read_field(c, l, fm, i);
	return c->nerrors - before;
}

int
form_read(struct ctx *c, const struct field *fields, size_t n,
    struct form *fm)
{
	return read_list(c, &c->req->form, fields, n, fm);
}

int
form_query(struct ctx *c, const struct field *fields, size_t n,
    struct form *fm)
{
	return read_list(c, &c->req->query, fields, n, fm);
}

const char *
form_str(const struct form *fm, size_t i)
{
	return i < fm->n ? fm->val[i] : "";
}

const char *
form_sent(const struct form *fm, size_t i)
{
	return i < fm->n ? fm->sent[i] : "";
}

long long
form_num(const struct form *fm, size_t i)
{
	return i < fm->n ? fm->num[i] : 0;
}

int
form_has(const struct form *fm, size_t i)
{
	return i < fm->n && !fm->bad[i] && fm->val[i][0] != '\0';
}
