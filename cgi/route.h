/* route.h — the route table */
#ifndef EXBUDDY_ROUTE_H
#define EXBUDDY_ROUTE_H

#include "page.h"

#define ROUTE_DB	0x01	/* needs the database: 503 when it is down */

struct route {
	const char	*path;	/* exact, or with "*" for one segment */
	page_fn		 get;	/* GET and HEAD */
	page_fn		 post;
	unsigned	 flags;
};

/*
 * Runs the handler for ctx->req: 404 for an unknown path, 405 with
 * Allow for a wrong method, 503 when the route needs the database and
 * it is down. Returns what the handler returned.
 */
int	 route_dispatch(struct ctx *);
/* The route of path (captured "*" segments go to r->args), or NULL. */
const struct route *route_find(const char *path, const char **args);

#endif
