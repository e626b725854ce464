/* route.c — the route table: path and method to handler */
#include <stddef.h>
#include <string.h>

#include "db.h"
#include "http.h"
#include "route.h"

static const struct route routes[] = {
	{ "/",		page_index,	NULL,	0 },
	{ "/healthz",	page_healthz,	NULL,	0 },
};

#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/* Matches path against pattern; "*" takes one non-empty segment. */
static int
match(const char *pat, const char *path, const char **args)
{
	int	 n = 0;
	size_t	 seg;

	while (*pat != '\0') {
		if (*pat == '*') {
			seg = strcspn(path, "/");
			if (seg == 0 || n >= ROUTE_MAX_ARGS)
				return 0;
			args[n++] = path;	/* terminated by the caller */
			path += seg;
			pat++;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	return *path == '\0';
}

const struct route *
route_find(const char *path, const char **args)
{
	size_t	 i;

	for (i = 0; i < NROUTES; i++)
		if (match(routes[i].path, path, args))
			return &routes[i];
	return NULL;
}

/* Copies each captured segment out of the path as its own string. */
static void
split_args(struct req *r)
{
	size_t	 i;

	for (i = 0; i < ROUTE_MAX_ARGS && r->args[i] != NULL; i++)
		r->args[i] = arena_strndup(r->arena, r->args[i],
		    strcspn(r->args[i], "/"));
}

static const char *
allow(const struct route *rt)
{
	if (rt->get != NULL && rt->post != NULL)
		return "GET, HEAD, POST";
	return rt->get != NULL ? "GET, HEAD" : "POST";
}

int
route_dispatch(struct ctx *c)
{
	struct req *r = c->req;
	const struct route *rt;
	page_fn	 fn;

	memset(r->args, 0, sizeof(r->args));
	if ((rt = route_find(r->path, r->args)) == NULL)
		return page_error(c, 404, "There is no page at this address.");
	split_args(r);
	fn = (r->method == HTTP_POST) ? rt->post :
	    (r->method == HTTP_OTHER) ? NULL : rt->get;
	if (fn == NULL) {
		http_header(r, "Allow", "%s", allow(rt));
		return page_error(c, 405,
		    "This page does not accept that kind of request.");
	}
	if ((rt->flags & ROUTE_DB) && db_ready(c->db) != 0)
		return page_error(c, 503, "The database is not answering. "
		    "Please try again in a minute.");
	return fn(c);
}
