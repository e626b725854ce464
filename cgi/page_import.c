/* page_import.c — GET and POST /import: exercises, body weight and workouts from a CSV file, all or nothing */
#include <string.h>

#include "csv.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "workout_csv.h"

struct import {
	struct ctx	*c;
	struct wcsv_file file;
	size_t		 nbad;		/* problems found */
	size_t		 lines;		/* workout lines read */
	unsigned long	 line;		/* of the record being read */
};

static int
form(struct ctx *c, int status)
{
	tmpl_set(c->vars, "columns", wcsv_header_workouts);
	tmpl_set(c->vars, "columns_v1", wcsv_header_v1);
	tmpl_set(c->vars, "columns_exercises", wcsv_header_exercises);
	tmpl_set(c->vars, "columns_weights", wcsv_header_weights);
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

static int
alert(struct import *im, const char *msg)
{
	tmpl_set(im->c->vars, "alert", msg);
	return -1;
}

/* One record: a header opens its section, a line goes to it. 0 or -1. */
static int
record(struct import *im, enum wcsv_section *s, char **f, size_t n)
{
	enum wcsv_section h = wcsv_section_of(f, n);

	if (h != WCSV_NONE) {
		*s = h;
		return 0;
	}
	if (n == 1 && *f[0] == '\0')
		return 0;	/* an empty line */
	if (*s == WCSV_NONE)
		return alert(im, "The first line must name the columns, as an "
		    "export does.");
	if ((*s == WCSV_WORKOUTS || *s == WCSV_WORKOUTS_V1) &&
	    im->lines++ + im->nbad >= IMPORT_MAX_ROWS) {
		_Static_assert(IMPORT_MAX_ROWS == 100000, "the alert");
		return alert(im, "The file has more than 100000 workouts. "
		    "Please split it.");
	}
	wcsv_line(&im->file, *s, f, n, bad_line, im);
	return 0;
}

/* Reads every line; 0, or -1 when the file itself is unusable (alert set). */
static int
read_file(struct import *im, const char *data, size_t len)
{
	enum wcsv_section s = WCSV_NONE;
	struct csv_reader cr;
	const char *why;
	char	**f;
	size_t	 n;
	int	 rc;

	csv_init(&cr, data, len);
	while ((rc = csv_next(&cr, im->c->req->arena, &f, &n, &why)) != 0) {
		im->line = cr.line;
		if (rc < 0)
			bad_line(im, NULL, why);
		else if (record(im, &s, f, n) != 0)
			return -1;
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
 * "Imported 3 workouts; 1 already in your log was skipped." and what came
 * with them: "Also saved: 2 new exercises and 5 days of body weight."
 */
static const char *
summary(struct ctx *c, const struct wcsv_file *f, size_t saved,
    size_t weights)
{
	size_t	 skipped = f->n - saved;
	struct arena *a = c->req->arena;
	const char *s, *ex = NULL, *bw = NULL;

	s = arena_printf(a, "Imported %zu workout%s; %zu already in your log "
	    "%s skipped.", saved, saved == 1 ? "" : "s", skipped,
	    skipped == 1 ? "was" : "were");
	if (f->nnew > 0)
		ex = arena_printf(a, "%zu new exercise%s", f->nnew,
		    f->nnew == 1 ? "" : "s");
	if (weights > 0)
		bw = arena_printf(a, "%zu day%s of body weight", weights,
		    weights == 1 ? "" : "s");
	if (ex != NULL || bw != NULL)
		s = arena_printf(a, "%s Also saved: %s%s%s.", s, ex ? ex : "",
		    ex && bw ? " and " : "", bw ? bw : "");
	return s;
}

/*
 * POST /import (multipart/form-data, field "file"): every line checked
 * first; with any bad line nothing is saved and the page lists each one
 * by number and reason (422). Otherwise all is saved in one transaction
 * (workouts identical to existing ones skipped, a day's weight
 * replaced), and 303 to the history; 409 while another import of the
 * same user runs (one at a time: each would save the other's rows); 503
 * with Retry-After while the site runs as many imports as it may.
 */
int
page_import_post(struct ctx *c)
{
	const struct mpart *file = upload(c);
	const struct library *lib;
	struct import im;
	size_t	 saved, weights;
	int	 rc;

	if (file == NULL) {
		form_error(c, "file", "Choose a CSV file to import.");
		return form(c, 422);
	}
	if ((lib = page_library(c)) == NULL)
		return -1;
	memset(&im, 0, sizeof(im));
	im.c = c;
	wcsv_init(&im.file, c->req->arena, lib, c->sess->today);
	if (read_file(&im, file->data, file->len) != 0)
		return form(c, 422);
	if (im.nbad > 0)
		return bad_file(c, &im);
	if (im.file.n == 0 && im.file.nweights == 0 && im.file.nnew == 0) {
		tmpl_set(c->vars, "alert", "The file has no workouts.");
		return form(c, 422);
	}
	if ((rc = wcsv_save(c->db, &im.file, &saved, &weights)) == 2) {
		tmpl_set(c->vars, "alert", "Another import into your account "
		    "is still running, so nothing of this file was imported. "
		    "When it has finished, import this file again: workouts "
		    "already in your log are skipped.");
		return form(c, 409);
	}
	if (rc == 3) {
		tmpl_set(c->vars, "alert", "The server is busy importing "
		    "another file, so nothing of this one was imported yet. "
		    "Please try again in a minute.");
		http_header(c->req, "Retry-After", "%d", 60);
		return form(c, 503);
	}
	if (rc == 1) {
		tmpl_set(c->vars, "alert", "An exercise of the same name as one "
		    "in the file was made while it was being imported, so "
		    "nothing was imported. Please import the file again.");
		return form(c, 409);
	}
	if (rc == 4) {
		tmpl_set(c->vars, "alert", "Exercises of your own were made "
		    "while the file was being imported, and with the file's "
		    "new ones you would have more than " XSTR(EXERCISES_MAX_OWN)
		    ", so nothing was imported.");
		return form(c, 409);
	}
	if (rc != 0)
		return -1;
	return page_done(c, "/workouts", summary(c, &im.file, saved, weights));
}
