/* page_export.c — GET /export.csv: every workout of the user, streamed as RFC 4180 CSV */
#include "http.h"
#include "mem.h"
#include "page.h"
#include "session.h"
#include "workout_csv.h"

/* Sends the rows of the export, a batch at a time. 0 or -1. */
static int
send_rows(struct ctx *c, struct buf *b)
{
	int	 n;

	do {
		buf_reset(b);
		if ((n = wcsv_export_batch(c->db, b)) < 0)
			return -1;
		if (http_stream(c->req, b->data ? b->data : "", b->len) != 0)
			return -1;	/* the client went away */
	} while (n == EXPORT_BATCH);
	return 0;
}

/*
 * GET /export.csv: a header row, then every workout oldest first, times
 * in ISO 8601 with the offset of the user's zone. Streamed in batches:
 * memory does not grow with the number of rows. 200.
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
	if (wcsv_export_begin(c->db) != 0)
		return -1;
	http_header(r, "Content-Disposition", "attachment; "
	    "filename=\"exbuddy-%s.csv\"", c->sess->username);
	if (http_stream_start(r) != 0)
		return -1;
	buf_init(&b);
	buf_puts(&b, wcsv_header);
	buf_puts(&b, "\r\n");
	rc = http_stream(r, b.data, b.len) == 0 ? send_rows(c, &b) : -1;
	buf_free(&b);
	return rc;
}
