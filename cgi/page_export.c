/* page_export.c — GET /export.csv: the user's exercises, body weight and workouts, streamed as RFC 4180 CSV */
#include "http.h"
#include "mem.h"
#include "page.h"
#include "session.h"
#include "workout_csv.h"

static int
put(void *arg, const char *s, size_t n)
{
	return http_stream(arg, s, n);
}

/*
 * GET /export.csv: the user's own exercises, body weight entries and
 * every workout set by set, oldest first, times in ISO 8601 with the
 * offset of the user's zone (workout_csv.h). Streamed in batches: memory
 * does not grow with the number of rows. 200.
 */
int
page_export(struct ctx *c)
{
	struct req *r = c->req;
	struct buf b;
	int	 rc;

	r->ctype = "text/csv; charset=utf-8";
	if (r->method == HTTP_HEAD)	/* the head alone: no rows to fetch */
		return http_stream_start(r);
	http_header(r, "Content-Disposition", "attachment; "
	    "filename=\"exbuddy-%s.csv\"", c->sess->username);
	if (http_stream_start(r) != 0)
		return -1;
	buf_init(&b);
	rc = wcsv_export(c->db, &b, put, r);
	buf_free(&b);
	return rc;
}
