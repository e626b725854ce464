/* page_history.c — GET /workouts: the history, 20 a page, newest first, filtered */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "http.h"
#include "page.h"
#include "tmpl.h"
#include "valid.h"
#include "workout.h"

#define PAGE_ROWS	20

struct filter {
	const char	*exercise;	/* slug, or NULL */
	const char	*from, *to;	/* dates, or NULL */
	const char	*micros;	/* keyset cursor: performed_at ... */
	const char	*id;		/* ... and id, or NULL */
	int		 newer;		/* the cursor is an "after" */
};

static const char *
param(struct ctx *c, const char *name)
{
	const char *v = kv_get(&c->req->query, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

static int
date_ok(struct ctx *c, const char *d)
{
	time_t	 t;

	return wk_parse_iso(arena_printf(c->req->arena, "%sT00:00Z", d),
	    &t) == 0;
}

/* "<microseconds since 1970>_<uuid>", as the page links write it. */
static int
cursor(struct ctx *c, const char *s, struct filter *f)
{
	const char *us = s ? strchr(s, '_') : NULL, *why;
	long long v;

	if (us == NULL || !valid_uuid(us + 1))
		return -1;
	f->micros = arena_strndup(c->req->arena, s, (size_t)(us - s));
	f->id = us + 1;
	/* Up to the end of year 9999, so the timestamp cannot overflow. */
	return valid_int(f->micros, 0, 253402300799999999LL, &v, &why);
}

/* Reads and checks the filters; 0, the number of field errors, or -1. */
static int
read_filter(struct ctx *c, struct filter *f)
{
	const char *before = param(c, "before"), *after = param(c, "after");

	memset(f, 0, sizeof(*f));
	f->exercise = param(c, "exercise");
	f->from = param(c, "from");
	f->to = param(c, "to");
	tmpl_set(c->vars, "f_exercise", f->exercise);
	tmpl_set(c->vars, "from", f->from);
	tmpl_set(c->vars, "to", f->to);
	if (f->exercise != NULL) {
		const struct exercise *e = wk_exercise(c->db, f->exercise);

		if (e == NULL)
			page_field_error(c, "exercise", "There is no such "
			    "exercise.");
		else
			f->exercise = e->slug;	/* a name works too */
	}
	if (f->from != NULL && !date_ok(c, f->from))
		page_field_error(c, "from", "Enter a date as YYYY-MM-DD.");
	if (f->to != NULL && !date_ok(c, f->to))
		page_field_error(c, "to", "Enter a date as YYYY-MM-DD.");
	if (c->nerrors == 0 && f->from && f->to && strcmp(f->from, f->to) > 0)
		page_field_error(c, "to", "The end date is before the start.");
	if ((before || after) && cursor(c, before ? before : after, f) != 0)
		return -1;
	f->newer = before == NULL && after != NULL;
	return c->nerrors;
}

/* The filters as a query string for the paging links, ending in '&'. */
static const char *
filter_query(struct ctx *c, const struct filter *f)
{
	struct buf b;
	const char *names[] = { "exercise", "from", "to" };
	const char *vals[] = { f->exercise, f->from, f->to };
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

static PGresult *
fetch(struct ctx *c, const struct filter *f)
{
	const char *p[5] = { f->exercise, f->from, f->to, f->micros, f->id };

	return db_exec(c->db, f->newer ?
	    "SELECT * FROM (SELECT w.id, to_char(w.performed_at, "
	    "'YYYY-MM-DD HH24:MI'), iso_time(w.performed_at), e.name, w.reps, "
	    "w.duration_seconds, w.calories, w.calories_estimated, w.note, "
	    "(extract(epoch FROM w.performed_at) * 1000000)::bigint, "
	    "w.performed_at FROM workouts w JOIN exercise_types e "
	    "ON e.id = w.exercise_type_id WHERE w.user_id = current_user_id() "
	    "AND ($1::text IS NULL OR e.slug = $1) "
	    "AND ($2::date IS NULL OR w.performed_at >= $2::date) "
	    "AND ($3::date IS NULL OR w.performed_at < $3::date + 1) "
	    "AND (w.performed_at, w.id) > (timestamptz 'epoch' + "
	    "$4::bigint * interval '1 microsecond', $5::uuid) "
	    "ORDER BY w.performed_at, w.id LIMIT 21) x "
	    "ORDER BY x.performed_at DESC, x.id DESC" :
	    "SELECT w.id, to_char(w.performed_at, 'YYYY-MM-DD HH24:MI'), "
	    "iso_time(w.performed_at), "
	    "e.name, w.reps, w.duration_seconds, w.calories, "
	    "w.calories_estimated, w.note, "
	    "(extract(epoch FROM w.performed_at) * 1000000)::bigint "
	    "FROM workouts w JOIN exercise_types e "
	    "ON e.id = w.exercise_type_id WHERE w.user_id = current_user_id() "
	    "AND ($1::text IS NULL OR e.slug = $1) "
	    "AND ($2::date IS NULL OR w.performed_at >= $2::date) "
	    "AND ($3::date IS NULL OR w.performed_at < $3::date + 1) "
	    "AND ($4::bigint IS NULL OR (w.performed_at, w.id) < "
	    "(timestamptz 'epoch' + $4::bigint * interval '1 microsecond', "
	    "$5::uuid)) ORDER BY w.performed_at DESC, w.id DESC LIMIT 21",
	    5, p);
}

static void
row(struct ctx *c, PGresult *res, int i)
{
	struct tmpl_vars *v = tmpl_loop_add(c->vars, "rows");
	long	 d = strtol(PQgetvalue(res, i, 5), NULL, 10);
	char	 dur[24];

	tmpl_set(v, "id", PQgetvalue(res, i, 0));
	tmpl_set(v, "when", PQgetvalue(res, i, 1));
	tmpl_set(v, "iso", PQgetvalue(res, i, 2));
	tmpl_set(v, "exercise_name", PQgetvalue(res, i, 3));
	tmpl_set(v, "reps", PQgetvalue(res, i, 4));
	wk_duration(dur, sizeof(dur), d);
	tmpl_set(v, "duration", d > 0 ? dur : "");
	tmpl_set(v, "calories", PQgetvalue(res, i, 6));
	tmpl_set(v, "estimated", PQgetvalue(res, i, 7)[0] == 't' ? "1" : NULL);
	tmpl_set(v, "note", PQgetvalue(res, i, 8));
}

/* Fills the rows and the older/newer links. */
static void
rows(struct ctx *c, const struct filter *f, PGresult *res)
{
	int	 n = PQntuples(res), first = 0, last, i;
	int	 more = n > PAGE_ROWS;
	const char *q = filter_query(c, f);

	if (more && f->newer)
		first = 1;	/* the extra row is the newest: drop it */
	last = more ? first + PAGE_ROWS - 1 : n - 1;
	for (i = first; i <= last; i++)
		row(c, res, i);
	if (n == 0)
		return;
	if (f->newer ? 1 : more)
		tmpl_setf(c->vars, "older", "/workouts%sbefore=%s_%s", q,
		    PQgetvalue(res, last, 9), PQgetvalue(res, last, 0));
	if (f->newer ? more : f->micros != NULL)
		tmpl_setf(c->vars, "newer", "/workouts%safter=%s_%s", q,
		    PQgetvalue(res, first, 9), PQgetvalue(res, first, 0));
}

/*
 * GET /workouts[?exercise=slug&from=date&to=date&before|after=cursor]:
 * 20 workouts a page, newest first, in the user's time zone. 200; 422
 * for a bad filter; 400 for a broken page link.
 */
int
page_history(struct ctx *c)
{
	struct filter f;
	PGresult *res;
	int	 rc;

	if ((rc = read_filter(c, &f)) < 0)
		return page_error(c, 400, "This page link is broken. Go back "
		    "to the first page of your history.");
	if (wk_options(c, f.exercise, NULL) != 0)
		return -1;
	if (rc > 0) {
		c->req->status = 422;
		return page_render(c, "workouts.tmpl", "History");
	}
	if ((res = fetch(c, &f)) == NULL)
		return -1;
	rows(c, &f, res);
	PQclear(res);
	if (f.exercise || f.from || f.to)
		tmpl_set(c->vars, "filtered", "1");
	return page_render(c, "workouts.tmpl", "History");
}
