/* page_workouts.c — GET /workouts: the history, 20 a page, newest first, filtered */
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "db.h"
#include "exercise.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "tmpl.h"
#include "user.h"
#include "valid.h"
#include "view_workout.h"
#include "workout.h"

enum { F_EXERCISE, F_FROM, F_TO, F_BEFORE, F_AFTER, F__MAX };

#define DATE_MSG	"Enter a date as YYYY-MM-DD."

static const struct field fields[F__MAX] = {
	[F_EXERCISE] = { "exercise", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL,
	    FF_NOKEEP },
	[F_FROM] = { "from", FT_DATE, 0, CIVIL_LAST_DAY, NULL, DATE_MSG, NULL, NULL,
	    0 },
	[F_TO] = { "to", FT_DATE, 0, CIVIL_LAST_DAY, NULL, DATE_MSG, NULL, NULL, 0 },
	[F_BEFORE] = { "before", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL,
	    FF_NOKEEP },
	[F_AFTER] = { "after", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL,
	    FF_NOKEEP },
};

/* "<microseconds since 1970>_<uuid>", as the page links write it. */
static int
cursor(struct ctx *c, const char *s, struct wk_filter *f)
{
	const char *us = strchr(s, '_'), *why;
	long long v;

	if (us == NULL || !valid_uuid(us + 1))
		return -1;
	f->micros = arena_strndup(c->req->arena, s, (size_t)(us - s));
	f->id = us + 1;
	/* Up to the end of year 9999, so the timestamp cannot overflow. */
	return valid_int(f->micros, 0, 253402300799999999LL, &v, &why);
}

static const char *
opt(const struct form *fm, size_t i)
{
	return form_has(fm, i) ? form_str(fm, i) : NULL;
}

/*
 * Reads and checks the filters; 0, the number of field errors, -1 for
 * a broken page link, -2 when the database failed.
 */
static int
read_filter(struct ctx *c, struct wk_filter *f)
{
	const struct library *lib;
	const struct exercise *e;
	struct form fm;
	const char *before, *after;

	memset(f, 0, sizeof(*f));
	form_query(c, fields, F__MAX, &fm);
	if ((f->exercise = opt(&fm, F_EXERCISE)) != NULL) {
		if ((lib = page_library(c)) == NULL)
			return -2;
		if ((e = ex_find(lib, f->exercise)) == NULL)
			form_error(c, "exercise", "There is no such exercise.");
		else {
			f->exercise = e->slug;	/* a name works too */
			f->exercise_id = e->id;
		}
	}
	f->from = opt(&fm, F_FROM);
	f->to = opt(&fm, F_TO);
	if (c->nerrors == 0 && f->from && f->to && strcmp(f->from, f->to) > 0)
		form_error(c, "to", "The end date is before the start.");
	before = opt(&fm, F_BEFORE);
	after = opt(&fm, F_AFTER);
	if ((before || after) && cursor(c, before ? before : after, f) != 0)
		return -1;
	f->newer = before == NULL && after != NULL;
	return c->nerrors;
}

/* The filters as a query string for the paging links, ending in '&'. */
static const char *
filter_query(struct ctx *c, const struct wk_filter *f)
{
	const char *names[] = { "exercise", "from", "to" };
	const char *vals[] = { f->exercise, f->from, f->to };
	struct buf b;
	const char *s;
	size_t	 i;

	buf_init(&b);
	buf_putc(&b, '?');
	for (i = 0; i < 3; i++) {
		if (vals[i] == NULL)
			continue;
		buf_printf(&b, "%s=", names[i]);
		buf_url(&b, vals[i], strlen(vals[i]));
		buf_putc(&b, '&');
	}
	s = arena_strdup(c->req->arena, b.data);
	buf_free(&b);
	return s;
}

/* The rows of the page and the older/newer links. 0 or -1. */
static int
rows(struct ctx *c, const struct wk_filter *f, const struct workout_row *r,
    size_t n)
{
	size_t	 first = 0, last;
	int	 more = n > HISTORY_ROWS;
	const char *q = filter_query(c, f);

	if (n == 0)
		return 0;
	if (more && f->newer)
		first = 1;	/* the extra row is the newest: drop it */
	last = more ? first + HISTORY_ROWS - 1 : n - 1;
	if (view_workout_rows(c, "rows", r + first, last - first + 1, 1) != 0)
		return -1;
	if (f->newer ? 1 : more)
		tmpl_setf(c->vars, "older", "/workouts%sbefore=%s", q,
		    r[last].cursor);
	if (f->newer ? more : f->micros != NULL)
		tmpl_setf(c->vars, "newer", "/workouts%safter=%s", q,
		    r[first].cursor);
	return 0;
}

/*
 * The reads of /workouts without a filter: the library, and the page the
 * query string names by before= or after= alone (the first without).
 */
size_t
page_workouts_reads(struct ctx *c, struct db_query *q)
{
	const struct kvlist *k = &c->req->query;
	struct wk_filter f;

	memset(&f, 0, sizeof(f));
	if (k->n > 1)
		return 0;
	if (k->n == 1) {
		if (strcmp(k->v[0].key, "after") == 0)
			f.newer = 1;
		else if (strcmp(k->v[0].key, "before") != 0)
			return 0;
		if (cursor(c, k->v[0].val, &f) != 0)
			return 0;
	}
	ex_library_query(&q[0]);
	wk_history_query(c->req->arena, &f, &q[1]);
	return 2;
}

/*
 * GET /workouts[?exercise=slug&from=date&to=date&before|after=cursor]:
 * 20 workouts a page, newest first, in the user's time zone. 200; 422
 * for a bad filter; 400 for a broken page link.
 */
int
page_workouts(struct ctx *c)
{
	struct wk_filter f;
	struct workout_row *r;
	struct db_query q[2];
	size_t	 n;
	int	 rc;

	/*
	 * The filters first: only an exercise's needs the library read
	 * before. Then what the page reads, in one round trip: the history
	 * too, and the COMMIT, unless dates make it a statement of its own
	 * (wk_history).
	 */
	if ((rc = read_filter(c, &f)) == -2)
		return -1;
	if (rc < 0)
		return page_error(c, 400, "This page link is broken. Go back "
		    "to the first page of your history.");
	n = 0;
	if (c->lib == NULL)
		ex_library_query(&q[n++]);
	if (rc == 0 && f.from == NULL && f.to == NULL) {
		wk_history_query(c->req->arena, &f, &q[n++]);
		if (page_prefetch(c, q, n) != 0)
			return -1;
	} else if (db_prefetch(c->db, q, n) != 0)
		return -1;
	if (view_exercise_options(c, f.exercise, NULL, 0, 1) != 0)
		return -1;
	if (rc > 0)
		return page_render(c, 422, "workouts.tmpl", "History");
	if (wk_history(c->db, c->req->arena, page_library(c), &f, &r,
	    &n) != 0 ||
	    rows(c, &f, r, n) != 0)
		return -1;
	if (f.exercise || f.from || f.to)
		tmpl_set(c->vars, "filtered", "1");
	return page_render(c, 200, "workouts.tmpl", "History");
}
