/* page_export.c — GET /export.csv: the user's exercises, body weight and workouts, streamed as RFC 4180 CSV */
#include <string.h>

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
 * offset of the user's zone (workout_csv.h); with ?spreadsheet=1, a cell
 * a spreadsheet would run as a formula begins with ' (our import reads
 * it back as it was). Streamed in batches: memory does not grow with the
 * number of rows. 200.
 */
int
page_export(struct ctx *c)
{
	struct req *r = c->req;
	struct buf b;
	const char *sp = kv_get(&r->query, "spreadsheet");
	int	 rc, safe = sp != NULL && strcmp(sp, "1") == 0;

	r->ctype = "text/csv; charset=utf-8";
	if (r->method == HTTP_HEAD)	/* the head alone: no rows to fetch */
		return http_stream_start(r);
	http_header(r, "Content-Disposition", "attachment; "
	    "filename=\"exbuddy-%s%s.csv\"", c->sess->username,
	    safe ? "-spreadsheet" : "");
	if (http_stream_start(r) != 0)
		return -1;
	buf_init(&b);
	rc = wcsv_export(c->db, &b, safe, put, r);
	buf_free(&b);
	return rc;
}
