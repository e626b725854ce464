/* page_healthz.c — GET /healthz: is the database answering? */
#include <libpq-fe.h>

#include "db.h"
#include "http.h"
#include "page.h"

/* GET /healthz: 200 "ok" when PostgreSQL answers a query, else 503. */
int
page_healthz(struct ctx *c)
{
	struct req *r = c->req;

	r->ctype = "text/plain; charset=utf-8";
	buf_reset(r->out);
	if (db_ping(c->db) == 0) {
		r->status = 200;
		buf_puts(r->out, "ok\n");
	} else {
		r->status = 503;
		buf_puts(r->out, "database unavailable\n");
	}
	return 0;
}
