/* page.c — shared page output: the layout frame and the error page */
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "page.h"
#include "tmpl.h"

int
page_render(struct ctx *c, const char *name, const char *title)
{
	static struct buf content;	/* reused by every request */
	struct req *r = c->req;

	buf_reset(&content);
	if (tmpl_render(c->tmpl, name, c->vars, &content) != 0) {
		fprintf(stderr, "exbuddy: rid=%s no template %s\n", r->rid,
		    name);
		return -1;
	}
	tmpl_set(c->vars, "title", title);
	tmpl_set(c->vars, "content", content.data ? content.data : "");
	buf_reset(r->out);
	if (tmpl_render(c->tmpl, "layout.tmpl", c->vars, r->out) != 0) {
		fprintf(stderr, "exbuddy: rid=%s no layout.tmpl\n", r->rid);
		return -1;
	}
	return 0;
}

int
page_error(struct ctx *c, int status, const char *message)
{
	struct req *r = c->req;

	r->status = status;
	r->ctype = "text/html; charset=utf-8";
	tmpl_set_int(c->vars, "status", status);
	tmpl_set(c->vars, "status_text", http_status_text(status));
	tmpl_set(c->vars, "message", message);
	tmpl_set(c->vars, "rid", r->rid);
	if (page_render(c, "error.tmpl", http_status_text(status)) == 0)
		return 0;
	/* No template to show it with: plain text still tells the user. */
	r->ctype = "text/plain; charset=utf-8";
	buf_reset(r->out);
	buf_printf(r->out, "%d %s\n%s\nRequest id: %s\n", status,
	    http_status_text(status), message, r->rid);
	return 0;
}

void
page_field_error(struct ctx *c, const char *field, const char *msg)
{
	char	 name[96];

	snprintf(name, sizeof(name), "%s_error", field);
	if (tmpl_get(c->vars, name) == NULL)	/* the first reason counts */
		tmpl_set(c->vars, name, msg);
	tmpl_set(c->vars, "errors", "1");
	c->nerrors++;
}

const char *
page_field(struct ctx *c, const char *field)
{
	const char *v = kv_get(&c->req->form, field);
	size_t	 n;

	if (v == NULL)
		return "";
	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return arena_strndup(c->req->arena, v, n);
}

void
page_keep(struct ctx *c, const char *field)
{
	tmpl_set(c->vars, field, page_field(c, field));
}
