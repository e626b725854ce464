/* route.h — the route table */
#ifndef EXBUDDY_ROUTE_H
#define EXBUDDY_ROUTE_H

#include <stddef.h>

#include "page.h"

#define ROUTE_DB	0x01	/* needs the database: 503 when it is down */
#define ROUTE_AUTH	0x02	/* needs a signed-in user: 303 to /login */
#define ROUTE_TRY_DB	0x04	/* uses the database (the session) when it answers */
#define ROUTE_UPLOAD	0x08	/* takes a body up to REQ_MAX_UPLOAD */
#define ROUTE_READ	0x10	/* its GET only reads: from the replica if any */
#define ROUTE_MORE	0x20	/* its GET goes on in the lookup's transaction */

struct route {
	const char	*path;	/* exact, or with "*" for one segment */
	page_fn		 get;	/* GET and HEAD */
	page_fn		 post;
	unsigned	 flags;
	const char	*form;	/* the page with the form a POST comes from */
	reads_fn	 reads;	/* its GET's first reads, or NULL (page.h) */
};

/*
 * Runs the handler for ctx->req, after everything that can refuse it:
 * 404 for an unknown path, 405 with Allow for a wrong method, 503 when
 * the route needs the database and it is down, 303 to /login without a
 * session, 403 for a POST that fails the CSRF check. The handler runs
 * inside a transaction that is committed when it returns 0. Returns what
 * the handler returned.
 */
int	 route_dispatch(struct ctx *);
/* The whole table, for tests: n routes. */
const struct route *route_table(size_t *n);
/* The route of path (captured "*" segments go to args), or NULL. */
const struct route *route_find(const char *path, const char **args);

#endif
