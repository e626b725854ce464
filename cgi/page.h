/* page.h — what every page handler gets, and the handlers themselves */
#ifndef EXBUDDY_PAGE_H
#define EXBUDDY_PAGE_H

struct req;
struct db;
struct tmpl_set;
struct tmpl_vars;

/* One request as a handler sees it. */
struct ctx {
	struct req		*req;
	struct db		*db;
	const struct tmpl_set	*tmpl;
	struct tmpl_vars	*vars;	/* top-level template variables */
};

/*
 * A handler fills ctx->req's response (status, body, headers) and
 * returns 0, or -1 on an internal failure: the server then answers 503
 * when the database is unreachable and 500 otherwise.
 */
typedef int (*page_fn)(struct ctx *);

/* Renders tmpl inside templates/layout.tmpl into the response body. */
int	 page_render(struct ctx *, const char *tmpl, const char *title);
/* A plain error page with the request id; status 4xx/5xx. */
int	 page_error(struct ctx *, int status, const char *message);

int	 page_index(struct ctx *);	/* GET / */
int	 page_healthz(struct ctx *);	/* GET /healthz: 200 ok, 503 */

#endif
