/* page.c — shared page output: the layout frame, error pages, redirects after a POST */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "exercise.h"
#include "http.h"
#include "mem.h"
#include "limits.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "user.h"

/* The most page_render allocates up front for a page (the last one's size). */
#define PAGE_HINT_MAX	(256 * 1024)

/* The navigation's item for a path: the first prefix (in order) it has. */
static const char *
nav_of(const char *path)
{
	static const struct { const char *prefix, *nav; } map[] = {
		{ "/workouts/new", "log" }, { "/workouts", "history" },
		{ "/dashboard", "dashboard" }, { "/week", "week" },
		{ "/stats", "stats" }, { "/exercises", "exercises" },
		{ "/weight", "exercises" }, { "/settings", "settings" },
		{ "/welcome", "settings" },
	};
	size_t	 i, n;

	for (i = 0; path != NULL && i < sizeof(map) / sizeof(map[0]); i++) {
		n = strlen(map[i].prefix);
		if (strncmp(path, map[i].prefix, n) == 0 &&
		    (path[n] == '\0' || path[n] == '/'))
			return map[i].nav;
	}
	return NULL;
}

/* What the layout shows of the request: who is signed in, the message. */
static void
frame_vars(struct ctx *c, const char *title, const char *content)
{
	tmpl_set(c->vars, "nav", nav_of(c->req->path));
	tmpl_set(c->vars, "title", title);
	tmpl_set_ref(c->vars, "content", content);	/* page_render's */
	tmpl_set(c->vars, "user", c->sess != NULL ? c->sess->username : NULL);
	tmpl_set(c->vars, "csrf", c->csrf);
	/* Links to /signup only where anyone may (EXBUDDY_SIGNUP). */
	tmpl_set(c->vars, "signup_open", app_conf.signup == SIGNUP_OPEN ?
	    "1" : NULL);
	if (c->sess != NULL && c->sess->flash != NULL)
		tmpl_set(c->vars, "flash", c->sess->flash);
}

int
page_render(struct ctx *c, int status, const char *name, const char *title)
{
	static size_t last;	/* the last page's size, to allocate once */
	struct req *r = c->req;
	struct buf content;
	int	 rc;

	r->status = status;
	/* A form sent back to be corrected says so first (GOV.UK's pattern). */
	if (c->nerrors > 0 || (status >= 400 && status < 500 &&
	    tmpl_get(c->vars, "alert") != NULL))
		title = arena_printf(r->arena, "Error: %s", title);
	/* The page's forms and its content see the same csrf and user. */
	frame_vars(c, title, NULL);
	buf_init(&content);
	buf_grow(&content, last < PAGE_HINT_MAX ? last : PAGE_HINT_MAX);
	if ((rc = tmpl_render(c->tmpl, name, c->vars, &content)) != 0)
		fprintf(stderr, "exbuddy: rid=%s no template %s\n", r->rid,
		    name);
	else {
		frame_vars(c, title, content.data ? content.data : "");
		buf_reset(r->out);
		if ((rc = tmpl_render(c->tmpl, "layout.tmpl", c->vars,
		    r->out)) != 0)
			fprintf(stderr, "exbuddy: rid=%s no layout.tmpl\n",
			    r->rid);
	}
	tmpl_set(c->vars, "content", NULL);	/* content is freed */
	last = content.len;
	buf_free(&content);
	return rc;
}

int
page_error(struct ctx *c, int status, const char *message)
{
	struct req *r = c->req;

	r->ctype = "text/html; charset=utf-8";
	tmpl_set_int(c->vars, "status", status);
	tmpl_set(c->vars, "status_text", http_status_text(status));
	tmpl_set(c->vars, "message", message);
	tmpl_set(c->vars, "rid", r->rid);
	if (page_render(c, status, "error.tmpl",
	    http_status_text(status)) == 0)
		return 0;
	/* No template to show it with: plain text still tells the user. */
	r->ctype = "text/plain; charset=utf-8";
	buf_reset(r->out);
	buf_printf(r->out, "%d %s\n%s\nRequest id: %s\n", status,
	    http_status_text(status), message, r->rid);
	return 0;
}

int
page_busy(struct ctx *c)
{
	http_header(c->req, "Retry-After", "%d", BUSY_RETRY_SECONDS);
	return page_error(c, 503, "The server is busy. Please try again in "
	    "a moment.");
}

int
page_csrf_anon(struct ctx *c)
{
	if (c->sess != NULL)
		return 0;
	c->csrf = sess_pre_token(c->db, c->req);
	return c->csrf != NULL ? 0 : -1;
}

int
page_done(struct ctx *c, const char *path, const char *flash)
{
	if (flash != NULL && sess_flash(c->db, c->sess, flash) != 0)
		return -1;
	http_redirect(c->req, path);
	return 0;
}

const struct library *
page_library(struct ctx *c)
{
	struct library *lib;

	if (c->lib != NULL)
		return c->lib;
	lib = arena_alloc(c->req->arena, sizeof(*lib));
	if (ex_library(c->db, c->req->arena, lib) != 0)
		return NULL;
	return c->lib = lib;
}

int
page_prefetch(struct ctx *c, const struct db_query *q, size_t n)
{
	/*
	 * A flash taken is given back if the page fails: not committed yet
	 * (unless the page's reads went with the session's lookup, route.c).
	 */
	if (c->req->method == HTTP_POST || c->sess == NULL ||
	    c->sess->flash != NULL)
		return db_prefetch(c->db, q, n);
	return db_prefetch_last(c->db, q, n, c->sess->user_id,
	    c->sess->timezone);
}

int
page_lb(struct ctx *c)
{
	return c->sess != NULL ? c->sess->lb : -1;
}
