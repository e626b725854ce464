/* page_export.c — GET /export.csv: every workout of the user, streamed as RFC 4180 CSV */
#include <string.h>

#include <libpq-fe.h>

#include "csv.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"

#define EXPORT_BATCH	500	/* rows fetched and sent at a time */
#define STR(x)		#x
#define XSTR(x)		STR(x)

/* The columns, as the import reads them back. */
const char export_header[] = "performed_at,exercise,reps,duration_seconds,"
    "calories,calories_estimated,note";

static void
line(struct buf *b, PGresult *res, int i)
{
	int	 col;

	for (col = 0; col < PQnfields(res); col++) {
		if (col > 0)
			buf_putc(b, ',');
		csv_field(b, PQgetvalue(res, i, col));
	}
	buf_puts(b, "\r\n");
}

/* Sends the rows of the open cursor, a batch at a time. 0 or -1. */
static int
send_rows(struct ctx *c, struct buf *b)
{
	PGresult *res;
	int	 i, n;

	do {
		res = db_exec(c->db, "FETCH " XSTR(EXPORT_BATCH) " FROM export", 0,
		    NULL);
		if (res == NULL)
			return -1;
		n = PQntuples(res);
		buf_reset(b);
		for (i = 0; i < n; i++)
			line(b, res, i);
		PQclear(res);
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

	if (r->method == HTTP_HEAD) {	/* the head alone: no rows to fetch */
		r->ctype = "text/csv; charset=utf-8";
		return http_stream_start(r);
	}
	if (db_cmd(c->db, "DECLARE export NO SCROLL CURSOR FOR "
	    "SELECT iso_time(w.performed_at), "
	    "e.slug, w.reps, w.duration_seconds, coalesce(w.calories::text, ''), "
	    "CASE WHEN w.calories_estimated THEN 'true' ELSE 'false' END, "
	    "coalesce(w.note, '') FROM workouts w JOIN exercise_types e "
	    "ON e.id = w.exercise_type_id WHERE w.user_id = current_user_id() "
	    "ORDER BY w.performed_at, w.id", 0, NULL) != 0)
		return -1;
	r->ctype = "text/csv; charset=utf-8";
	http_header(r, "Content-Disposition", "attachment; "
	    "filename=\"exbuddy-%s.csv\"", c->sess->username);
	if (http_stream_start(r) != 0)
		return -1;
	buf_init(&b);
	buf_puts(&b, export_header);
	buf_puts(&b, "\r\n");
	rc = http_stream(r, b.data, b.len) == 0 ? send_rows(c, &b) : -1;
	buf_free(&b);
	return rc;
}
