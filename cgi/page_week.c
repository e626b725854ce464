/* page_week.c — GET /week?of=YYYY-MM-DD: seven days in the user's zone, a chart and the numbers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "chart.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "stats.h"
#include "tmpl.h"
#include "workout.h"


static PGresult *
per_day(struct ctx *c, const char *start)
{
	const char *p[1] = { start };

	return db_exec(c->db, "SELECT d.day::date - $1::date, "
	    "to_char(d.day, 'Dy FMDD'), to_char(d.day, 'FMDay FMDD FMMonth'), "
	    "e.slug, e.name, e.measure = 'time', count(w.id), "
	    "coalesce(sum(w.reps), 0), coalesce(sum(w.duration_seconds), 0), "
	    "coalesce(sum(w.calories), 0) FROM generate_series($1::date, "
	    "$1::date + 6, interval '1 day') AS d(day) LEFT JOIN workouts w "
	    "ON w.user_id = current_user_id() AND w.performed_at >= "
	    "(d.day::date - 1)::timestamptz AND w.performed_at < "
	    "(d.day::date + 2)::timestamptz AND w.performed_at::date = "
	    "d.day::date LEFT JOIN exercise_types e "
	    "ON e.id = w.exercise_type_id GROUP BY d.day, e.slug, e.name, "
	    "e.measure ORDER BY d.day, e.name", 1, p);
}

/* The table rows: one per day and exercise, a day without any says so. */
static void
table_vars(struct ctx *c, PGresult *res)
{
	struct tmpl_vars *v;
	int	 i, timed;

	for (i = 0; i < PQntuples(res); i++) {
		v = tmpl_loop_add(c->vars, "days");
		tmpl_set(v, "day", PQgetvalue(res, i, 2));
		if (i > 0 && strcmp(PQgetvalue(res, i, 0),
		    PQgetvalue(res, i - 1, 0)) == 0)
			tmpl_set(v, "same_day", "1");
		if (PQgetisnull(res, i, 3))
			continue;
		timed = PQgetvalue(res, i, 5)[0] == 't';
		tmpl_set(v, "exercise", PQgetvalue(res, i, 4));
		tmpl_set(v, "workouts", PQgetvalue(res, i, 6));
		tmpl_set(v, "reps", timed ? "" : PQgetvalue(res, i, 7));
		tmpl_set(v, "duration", strtol(PQgetvalue(res, i, 8), NULL,
		    10) > 0 ? stats_duration(c, strtol(PQgetvalue(res, i, 8),
		    NULL, 10)) : "");
		tmpl_set(v, "kcal", PQgetvalue(res, i, 9));
	}
}

static int
series_of(const struct ex_total *t, size_t n, const char *slug)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].slug, slug) == 0)
			return (int)i;
	return -1;
}

/* Calories per day, one colour per exercise, a <title> on every bar. */
static void
chart_vars(struct ctx *c, PGresult *res, const struct ex_total *t, size_t n)
{
	struct arena *a = c->req->arena;
	struct chart_bars ch;
	const char **labels, **names, **tips;
	double	*vals;
	int	*colour, s, day, i;
	struct buf b;

	if (n > CHART_MAX_SERIES)
		n = CHART_MAX_SERIES;	/* the others stay in the table */
	labels = arena_alloc(a, 7 * sizeof(*labels));
	names = arena_alloc(a, (n + 1) * sizeof(*names));
	colour = arena_alloc(a, (n + 1) * sizeof(*colour));
	vals = arena_alloc(a, 7 * (n + 1) * sizeof(*vals));
	tips = arena_alloc(a, 7 * (n + 1) * sizeof(*tips));
	for (s = 0; s < (int)n; s++) {
		names[s] = t[s].name;
		colour[s] = t[s].colour;
	}
	for (i = 0; i < PQntuples(res); i++) {
		day = atoi(PQgetvalue(res, i, 0));
		if (day < 0 || day > 6)
			continue;
		labels[day] = PQgetvalue(res, i, 1);
		if (PQgetisnull(res, i, 3) ||
		    (s = series_of(t, n, PQgetvalue(res, i, 3))) < 0)
			continue;
		vals[day * n + s] = strtod(PQgetvalue(res, i, 9), NULL);
		tips[day * n + s] = arena_printf(a, "%s: %s — %s workout%s, "
		    "%s kcal", PQgetvalue(res, i, 2), t[s].name,
		    PQgetvalue(res, i, 6), strcmp(PQgetvalue(res, i, 6), "1") ?
		    "s" : "", PQgetvalue(res, i, 9));
	}
	memset(&ch, 0, sizeof(ch));
	ch.id_prefix = "week";
	ch.title = "Calories per day";
	ch.desc = arena_printf(a, "Calories burned on each day of the week, "
	    "one colour per exercise; the table below has every number.");
	ch.unit = "kcal";
	ch.ncat = 7;
	ch.labels = labels;
	ch.nseries = n;
	ch.series = names;
	ch.colour = colour;
	ch.values = vals;
	ch.tips = tips;
	ch.empty = n > 0 ? "No calories recorded this week" : NULL;
	buf_init(&b);
	chart_bars(&b, &ch);
	tmpl_set(c->vars, "chart", b.data);
	buf_free(&b);
}

static int
of_param(struct ctx *c, const char **of)
{
	time_t	 t;

	*of = kv_get(&c->req->query, "of");
	if (*of == NULL || **of == '\0') {
		*of = NULL;
		return 0;
	}
	tmpl_set(c->vars, "of", *of);
	if (wk_parse_iso(arena_printf(c->req->arena, "%sT00:00Z", *of),
	    &t) == 0 && t >= 0 && t < 4102444800)	/* 1970 to 2099 */
		return 0;
	page_field_error(c, "of", "Enter a date as YYYY-MM-DD, between 1970 "
	    "and 2099.");
	*of = NULL;
	return -1;
}

/* Only exercises done this week become chart series. */
static size_t
done_this_week(struct ex_total *t, size_t n)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++)
		if (t[i].workouts > 0)
			t[k++] = t[i];
	return k;
}

static int
week_vars(struct ctx *c, const char *start)
{
	struct ex_total *t, *done;
	PGresult *res;
	size_t	 n, ndone;

	if (stats_week_totals(c, start, &t, &n) != 0)
		return -1;
	stats_totals_vars(c, t, n);
	done = arena_alloc(c->req->arena, (n + 1) * sizeof(*done));
	memcpy(done, t, n * sizeof(*t));
	ndone = done_this_week(done, n);
	if ((res = per_day(c, start)) == NULL)
		return -1;
	table_vars(c, res);
	chart_vars(c, res, done, ndone);
	PQclear(res);
	return 0;
}

/*
 * GET /week[?of=YYYY-MM-DD]: the week holding that day (today by
 * default), with links to the weeks before and after. 200; 422 for a
 * date that is not one (the current week is shown below the message).
 */
int
page_week(struct ctx *c)
{
	char	 start[11], prev[11], next[11], now[11];
	const char *of, *p[1];
	PGresult *res;
	int	 bad = of_param(c, &of);

	if (stats_week(c, of, start, prev, next, now) != 0)
		return -1;
	p[0] = start;
	if ((res = db_exec(c->db, "SELECT to_char($1::date, 'FMDay FMDD "
	    "FMMonth YYYY'), to_char($1::date + 6, 'FMDay FMDD FMMonth YYYY')",
	    1, p)) == NULL)
		return -1;
	tmpl_set(c->vars, "start_text", PQgetvalue(res, 0, 0));
	tmpl_set(c->vars, "end_text", PQgetvalue(res, 0, 1));
	PQclear(res);
	tmpl_set(c->vars, "start", start);
	tmpl_set(c->vars, "prev", prev);
	tmpl_set(c->vars, "next", next);
	if (strcmp(start, now) != 0)
		tmpl_set(c->vars, "not_current", "1");
	if (week_vars(c, start) != 0)
		return -1;
	c->req->status = bad ? 422 : 200;
	return page_render(c, "week.tmpl", "Week");
}
