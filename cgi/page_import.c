/* page_import.c — GET and POST /import: workouts from a CSV file, all or nothing */
#include <string.h>

#include "csv.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "tmpl.h"
#include "workout.h"
#include "workout_csv.h"

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
	tmpl_set(c->vars, "columns", wcsv_header);
	return page_render(c, status, "import.tmpl", "Import workouts");
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

/* The first line names the columns; 0, or -1 with the alert set. */
static int
header(struct import *im, char **f, size_t n)
{
	if (wcsv_header_ok(f, n))
		return 0;
	tmpl_set(im->c->vars, "alert", "The first line must name the "
	    "columns, as an export does.");
	return -1;
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
		if (rc < 0)
			bad_line(im, NULL, why);
		else if (first && header(im, f, n) != 0)
			return -1;
		else if (first || (n == 1 && *f[0] == '\0'))
			;	/* the header, or an empty line */
		else if (im->n + im->nbad >= IMPORT_MAX_ROWS) {
			_Static_assert(IMPORT_MAX_ROWS == 100000, "the alert");
			tmpl_set(im->c->vars, "alert", "The file has more than "
			    "100000 workouts. Please split it.");
			return -1;
		} else if (wcsv_record(im->c->db, f, n, &im->rows[im->n],
		    &im->whens[im->n], bad_line, im) == 0)
			im->n++;
		if (rc > 0)
			first = 0;
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

/* 422 with every bad line listed. */
static int
bad_file(struct ctx *c, const struct import *im)
{
	tmpl_set_int(c->vars, "nbad", (long long)im->nbad);
	if (im->nbad > IMPORT_SHOW_BAD)
		tmpl_set_int(c->vars, "more", (long long)(im->nbad -
		    IMPORT_SHOW_BAD));
	tmpl_set(c->vars, "alert", "Nothing was imported: please correct the "
	    "lines listed below and try again.");
	return form(c, 422);
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
		form_error(c, "file", "Choose a CSV file to import.");
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
	if (im.nbad > 0)
		return bad_file(c, &im);
	if (im.n == 0) {
		tmpl_set(c->vars, "alert", "The file has no workouts.");
		return form(c, 422);
	}
	if (wk_import(c->db, im.rows, im.whens, im.n, &saved) != 0)
		return -1;
	skipped = im.n - saved;
	return page_done(c, "/workouts", arena_printf(c->req->arena, "Imported "
	    "%zu workout%s; %zu already in your log %s skipped.", saved,
	    saved == 1 ? "" : "s", skipped, skipped == 1 ? "was" : "were"));
}
