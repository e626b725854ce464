/* page_import.c — GET and POST /import: workouts from a CSV file, all or nothing */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "limits.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "workout.h"

#define IMPORT_SHOW_BAD	200	/* bad lines listed on the page at most */

extern const char export_header[];

enum { COL_AT, COL_EXERCISE, COL_REPS, COL_SECONDS, COL_CALORIES,
    COL_ESTIMATED, COL_NOTE, COL__MAX };

static const char *const columns[COL__MAX] = { "performed_at", "exercise",
    "reps", "duration_seconds", "calories", "calories_estimated", "note" };

struct import {
	struct ctx	*c;
	struct workout	*rows;
	const char	**whens;
	size_t		 n;
	size_t		 nbad;		/* problems found */
	unsigned long	 line;		/* of the record being read */
};

static int
form(struct ctx *c, int status)
{
	c->req->status = status;
	tmpl_set(c->vars, "columns", export_header);
	return page_render(c, "import.tmpl", "Import workouts");
}

/* GET /import: the upload form and the format it takes. 200. */
int
page_import(struct ctx *c)
{
	return form(c, 200);
}

/* Lists a problem of the current line on the page. */
static void
bad_line(void *arg, const char *field, const char *msg)
{
	struct import *im = arg;
	struct tmpl_vars *v;

	(void)field;
	if (im->nbad++ >= IMPORT_SHOW_BAD)
		return;
	v = tmpl_loop_add(im->c->vars, "bad");
	tmpl_set_int(v, "line", (long long)im->line);
	tmpl_set(v, "reason", msg);
}

static int
header_ok(char **f, size_t n)
{
	size_t	 i;

	if (n != COL__MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (strcasecmp(f[i], columns[i]) != 0)
			return 0;
	return 1;
}

/* Checks one record; a good one is added to im->rows. */
static void
record(struct import *im, char **f, size_t n)
{
	struct workout_in in;
	struct workout *w = &im->rows[im->n];
	time_t	 t;
	size_t	 before = im->nbad;
	char	 msg[80];

	if (n != COL__MAX) {
		snprintf(msg, sizeof(msg), "Expected 7 fields, found %zu.", n);
		bad_line(im, NULL, msg);
		return;
	}
	if (wk_parse_iso(f[COL_AT], &t) != 0)
		bad_line(im, "performed_at", "The time must look like "
		    "2026-03-31T07:30:00+02:00.");
	else if (!wk_time_ok(t))
		bad_line(im, "performed_at", "The time can be at most a day "
		    "from now, and not before 1970.");
	if (*f[COL_ESTIMATED] != '\0' && strcasecmp(f[COL_ESTIMATED],
	    "true") != 0 && strcasecmp(f[COL_ESTIMATED], "false") != 0)
		bad_line(im, "calories_estimated", "calories_estimated must "
		    "be true, false or empty.");
	memset(&in, 0, sizeof(in));
	in.exercise = f[COL_EXERCISE];
	in.reps = f[COL_REPS];
	in.seconds = f[COL_SECONDS];
	in.calories = f[COL_CALORIES];
	in.note = f[COL_NOTE];
	wk_check(im->c->db, &in, w, bad_line, im);
	if (im->nbad > before)
		return;
	w->estimated = strcasecmp(f[COL_ESTIMATED], "true") == 0 ? 1 :
	    strcasecmp(f[COL_ESTIMATED], "false") == 0 ? 0 : -1;
	im->whens[im->n++] = f[COL_AT];
}

/* Reads every line; 0, or -1 when the file itself is unusable (alert set). */
static int
read_file(struct import *im, const char *data, size_t len)
{
	struct csv_reader cr;
	const char *why;
	char	**f;
	size_t	 n;
	int	 rc, first = 1;

	csv_init(&cr, data, len);
	while ((rc = csv_next(&cr, im->c->req->arena, &f, &n, &why)) != 0) {
		im->line = cr.line;
		if (rc < 0) {
			bad_line(im, NULL, why);
			continue;
		}
		if (first) {
			first = 0;
			if (header_ok(f, n))
				continue;
			tmpl_set(im->c->vars, "alert", "The first line must "
			    "name the columns, as an export does.");
			return -1;
		}
		if (n == 1 && *f[0] == '\0')
			continue;	/* an empty line */
		if (im->n + im->nbad >= IMPORT_MAX_ROWS) {
			tmpl_set(im->c->vars, "alert", "The file has more than "
			    "100000 workouts. Please split it.");
			return -1;
		}
		record(im, f, n);
	}
	return 0;
}

static const struct mpart *
upload(struct ctx *c)
{
	const struct mpart *p = c->req->parts ? mp_get(c->req->parts,
	    "file") : NULL;

	return p != NULL && p->filename != NULL && p->len > 0 ? p : NULL;
}

/*
 * POST /import (multipart/form-data, field "file"): every line checked
 * first; with any bad line nothing is saved and the page lists each one
 * by number and reason (422). Otherwise all are saved in one transaction,
 * rows identical to existing ones skipped, and 303 to the history.
 */
int
page_import_post(struct ctx *c)
{
	const struct mpart *file = upload(c);
	struct import im;
	size_t	 saved, skipped;

	if (file == NULL) {
		page_field_error(c, "file", "Choose a CSV file to import.");
		return form(c, 422);
	}
	memset(&im, 0, sizeof(im));
	im.c = c;
	im.rows = arena_alloc(c->req->arena, IMPORT_MAX_ROWS *
	    sizeof(*im.rows));
	im.whens = arena_alloc(c->req->arena, IMPORT_MAX_ROWS *
	    sizeof(*im.whens));
	if (read_file(&im, file->data, file->len) != 0)
		return form(c, 422);
	if (im.nbad > 0) {
		tmpl_set_int(c->vars, "nbad", (long long)im.nbad);
		if (im.nbad > IMPORT_SHOW_BAD)
			tmpl_set_int(c->vars, "more", (long long)(im.nbad -
			    IMPORT_SHOW_BAD));
		tmpl_set(c->vars, "alert", "Nothing was imported: please "
		    "correct the lines listed below and try again.");
		return form(c, 422);
	}
	if (im.n == 0) {
		tmpl_set(c->vars, "alert", "The file has no workouts.");
		return form(c, 422);
	}
	if (wk_import(c->db, im.rows, im.whens, im.n, &saved) != 0)
		return -1;
	skipped = im.n - saved;
	if (sess_flash(c, arena_printf(c->req->arena, "Imported %zu "
	    "workout%s; %zu already in your log %s skipped.", saved,
	    saved == 1 ? "" : "s", skipped, skipped == 1 ? "was" : "were")) != 0)
		return -1;
	http_redirect(c->req, "/workouts");
	return 0;
}
