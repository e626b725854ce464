/* stats.c — weeks and totals in the user's time zone, shared by the dashboard and the week page */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "chart.h"
#include "stats.h"
#include "tmpl.h"
#include "workout.h"

int
stats_week(struct ctx *c, const char *of, char start[11], char prev[11],
    char next[11], char today_start[11])
{
	char	 ws[2];
	const char *p[2];
	PGresult *res;

	snprintf(ws, sizeof(ws), "%d", c->sess->week_start);
	p[0] = of;
	p[1] = ws;
	/* TimeZone is the user's here: current_date is their today. */
	res = db_exec(c->db, "WITH d AS (SELECT coalesce($1::date, "
	    "current_date) AS of, $2::int AS ws), s AS (SELECT of - "
	    "((extract(dow FROM of)::int - ws + 7) % 7) AS start, "
	    "current_date - ((extract(dow FROM current_date)::int - ws + 7) "
	    "% 7) AS now FROM d) SELECT start, start - 7, start + 7, now "
	    "FROM s", 2, p);
	if (res == NULL)
		return -1;
	snprintf(start, 11, "%s", PQgetvalue(res, 0, 0));
	snprintf(prev, 11, "%s", PQgetvalue(res, 0, 1));
	snprintf(next, 11, "%s", PQgetvalue(res, 0, 2));
	snprintf(today_start, 11, "%s", PQgetvalue(res, 0, 3));
	PQclear(res);
	return 0;
}

/* A whole number in a result cell; NULL is 0. */
static long
num_or0(PGresult *res, int i, int col)
{
	return PQgetisnull(res, i, col) ? 0 :
	    strtol(PQgetvalue(res, i, col), NULL, 10);
}

static int
colour_of(struct ctx *c, const char *slug)
{
	const struct exercise *e;
	size_t	 i, n;

	if ((e = wk_exercises(c->db, &n)) == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(e[i].slug, slug) == 0)
			return (int)(i % 10);
	return 0;
}

static void
fill_total(struct ctx *c, struct ex_total *t, PGresult *res, int i)
{
	t->slug = arena_strdup(c->req->arena, PQgetvalue(res, i, 0));
	t->name = arena_strdup(c->req->arena, PQgetvalue(res, i, 1));
	t->timed = PQgetvalue(res, i, 2)[0] == 't';
	t->workouts = strtol(PQgetvalue(res, i, 3), NULL, 10);
	t->reps = strtol(PQgetvalue(res, i, 4), NULL, 10);
	t->seconds = strtol(PQgetvalue(res, i, 5), NULL, 10);
	t->kcal = strtod(PQgetvalue(res, i, 6), NULL);
	t->prev_workouts = strtol(PQgetvalue(res, i, 7), NULL, 10);
	t->prev_reps = strtol(PQgetvalue(res, i, 8), NULL, 10);
	t->prev_seconds = strtol(PQgetvalue(res, i, 9), NULL, 10);
	t->prev_kcal = strtod(PQgetvalue(res, i, 10), NULL);
	t->goal = strtol(PQgetvalue(res, i, 11), NULL, 10);
	t->colour = colour_of(c, t->slug);
}

int
stats_week_totals(struct ctx *c, const char *start, struct ex_total **out,
    size_t *n)
{
	const char *p[1] = { start };
	PGresult *res;
	int	 i;

	/*
	 * Days are local dates (a DST week has a 23- or 25-hour day; where
	 * midnight comes twice both belong to the new day); the range a
	 * day wider on each side keeps the index doing the work.
	 */
	res = db_exec(c->db, "WITH w AS (SELECT w.exercise_type_id AS ex, "
	    "w.performed_at::date >= $1::date AS cur, w.reps, "
	    "w.duration_seconds AS dur, coalesce(w.calories, 0) AS kcal "
	    "FROM workouts w WHERE w.user_id = current_user_id() "
	    "AND w.performed_at >= ($1::date - 8)::timestamptz "
	    "AND w.performed_at < ($1::date + 8)::timestamptz "
	    "AND w.performed_at::date BETWEEN $1::date - 7 AND $1::date + 6) "
	    "SELECT e.slug, e.name, e.measure = 'time', "
	    "count(w.ex) FILTER (WHERE w.cur), coalesce(sum(w.reps) FILTER "
	    "(WHERE w.cur), 0), coalesce(sum(w.dur) FILTER (WHERE w.cur), 0), "
	    "coalesce(sum(w.kcal) FILTER (WHERE w.cur), 0), "
	    "count(w.ex) FILTER (WHERE NOT w.cur), coalesce(sum(w.reps) FILTER "
	    "(WHERE NOT w.cur), 0), coalesce(sum(w.dur) FILTER (WHERE NOT "
	    "w.cur), 0), coalesce(sum(w.kcal) FILTER (WHERE NOT w.cur), 0), "
	    "coalesce(g.weekly_target, 0) FROM exercise_types e "
	    "LEFT JOIN w ON w.ex = e.id LEFT JOIN goals g ON "
	    "g.exercise_type_id = e.id AND g.user_id = current_user_id() "
	    "GROUP BY e.slug, e.name, e.measure, g.weekly_target "
	    "HAVING count(w.ex) > 0 OR g.weekly_target IS NOT NULL "
	    "ORDER BY e.name", 1, p);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_alloc(c->req->arena, (*n + 1) * sizeof(**out));
	for (i = 0; i < PQntuples(res); i++)
		fill_total(c, &(*out)[i], res, i);
	PQclear(res);
	return 0;
}

const char *
stats_duration(struct ctx *c, long s)
{
	char	 buf[32];

	wk_duration(buf, sizeof(buf), s);
	return arena_strdup(c->req->arena, buf);
}

const char *
stats_change(struct ctx *c, double now, double before)
{
	double	 pct;

	if (before <= 0)
		return now > 0 ? "new" : "—";
	/* Whole percents, halves away from zero (printf would round to even). */
	pct = round((now - before) / before * 100.0);
	if (pct == 0)
		return "same";
	return arena_printf(c->req->arena, "%s%.0f%%", pct > 0 ? "+" : "−",
	    fabs(pct));
}

/* The amount an exercise is measured in, as text: reps or a duration. */
static const char *
amount(struct ctx *c, int timed, long reps, long seconds)
{
	if (timed)
		return stats_duration(c, seconds);
	return arena_printf(c->req->arena, "%ld", reps);
}

static void
goal_vars(struct ctx *c, struct tmpl_vars *v, const struct ex_total *t)
{
	long	 done = t->timed ? t->seconds : t->reps;

	if (t->goal <= 0)
		return;
	tmpl_set_int(v, "goal_value", done);
	tmpl_set_int(v, "goal_max", t->goal);
	tmpl_set(v, "goal", amount(c, t->timed, t->goal, t->goal));
	tmpl_set_int(v, "goal_pct", done >= t->goal ? 100 :
	    (long long)(done * 100 / t->goal));
	if (done >= t->goal)
		tmpl_set(v, "goal_met", "1");
}

void
stats_totals_vars(struct ctx *c, const struct ex_total *t, size_t n)
{
	struct tmpl_vars *v;
	double	 kcal = 0, prev = 0;
	long	 workouts = 0;
	size_t	 i;

	for (i = 0; i < n; i++, t++) {
		v = tmpl_loop_add(c->vars, "totals");
		tmpl_set(v, "slug", t->slug);
		tmpl_set(v, "name", t->name);
		tmpl_setf(v, "colour", "ex-%d", t->colour);
		tmpl_set_int(v, "workouts", t->workouts);
		tmpl_set(v, "amount", amount(c, t->timed, t->reps, t->seconds));
		tmpl_set(v, "prev_amount", amount(c, t->timed, t->prev_reps,
		    t->prev_seconds));
		tmpl_set(v, "unit", t->timed ? "time" : "reps");
		tmpl_set(v, "change", stats_change(c, t->timed ? t->seconds :
		    t->reps, t->timed ? t->prev_seconds : t->prev_reps));
		tmpl_setf(v, "kcal", "%.1f", t->kcal);
		goal_vars(c, v, t);
		if (t->goal > 0)
			tmpl_set(c->vars, "has_goals", "1");
		kcal += t->kcal;
		prev += t->prev_kcal;
		workouts += t->workouts;
	}
	tmpl_set_int(c->vars, "week_workouts", workouts);
	tmpl_setf(c->vars, "week_kcal", "%.1f", kcal);
	tmpl_setf(c->vars, "prev_kcal", "%.1f", prev);
	tmpl_set(c->vars, "kcal_change", stats_change(c, kcal, prev));
}

int
stats_streaks(struct ctx *c, long *current, long *longest)
{
	PGresult *res;

	/* Islands of consecutive local days: day - row_number is constant. */
	res = db_exec(c->db, "WITH d AS (SELECT DISTINCT performed_at::date "
	    "AS day FROM workouts WHERE user_id = current_user_id()), "
	    "i AS (SELECT day, day - (row_number() OVER (ORDER BY day))::int "
	    "AS grp FROM d), s AS (SELECT max(day) AS last, count(*) AS len "
	    "FROM i GROUP BY grp) SELECT coalesce(max(len), 0), "
	    "coalesce(max(len) FILTER (WHERE last >= current_date - 1), 0) "
	    "FROM s", 0, NULL);
	if (res == NULL)
		return -1;
	*longest = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	*current = strtol(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	return 0;
}

static PGresult *
months_query(struct ctx *c)
{
	return db_exec(c->db, "WITH m AS (SELECT generate_series("
	    "date_trunc('month', current_date::timestamptz) - "
	    "interval '11 months', date_trunc('month', "
	    "current_date::timestamptz), interval '1 month')::date AS m), "
	    "w AS (SELECT date_trunc('month', performed_at)::date AS m, "
	    "exercise_type_id AS ex, count(*) AS n, sum(reps) AS reps, "
	    "sum(duration_seconds) AS dur, coalesce(sum(calories), 0) AS kcal "
	    "FROM workouts WHERE user_id = current_user_id() AND performed_at "
	    ">= (date_trunc('month', current_date::timestamptz) - "
	    "interval '11 months') GROUP BY 1, 2) "
	    "SELECT m.m - (SELECT min(m) FROM m), to_char(m.m, 'Mon'), "
	    "to_char(m.m, 'FMMonth YYYY'), e.slug, e.name, w.n, w.reps, w.dur, "
	    "w.kcal FROM m LEFT JOIN w ON w.m = m.m LEFT JOIN exercise_types e "
	    "ON e.id = w.ex ORDER BY m.m, e.name", 0, NULL);
}

/* Month index 0–11 of a row of months_query. */
static int
month_index(PGresult *res, int i, char last[32], int *k)
{
	if (strcmp(last, PQgetvalue(res, i, 1)) != 0 || i == 0) {
		snprintf(last, 32, "%s", PQgetvalue(res, i, 1));
		(*k)++;
	}
	return *k;
}

/* The exercises of the result as chart series, in the order found. */
static size_t
series(PGresult *res, int slugcol, const char **slugs, size_t max)
{
	size_t	 n = 0, j;
	int	 i;

	for (i = 0; i < PQntuples(res); i++) {
		if (PQgetisnull(res, i, slugcol))
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(slugs[j], PQgetvalue(res, i, slugcol)) == 0)
				break;
		if (j == n && n < max)
			slugs[n++] = PQgetvalue(res, i, slugcol);
	}
	return n;
}

static size_t
series_index(const char **slugs, size_t n, const char *slug)
{
	size_t	 j;

	for (j = 0; j < n; j++)
		if (strcmp(slugs[j], slug) == 0)
			return j;
	return n;
}

struct month_sum {
	long	 n, reps, dur;
	double	 kcal;
};

static void
months_table(struct ctx *c, const char **text, const struct month_sum *sum)
{
	struct tmpl_vars *v;
	int	 m;

	for (m = 0; m < 12; m++) {
		v = tmpl_loop_add(c->vars, "months");
		tmpl_set(v, "month", text[m]);
		tmpl_set_int(v, "workouts", sum[m].n);
		tmpl_set_int(v, "reps", sum[m].reps);
		tmpl_set(v, "time", sum[m].dur ? stats_duration(c, sum[m].dur) :
		    "");
		tmpl_setf(v, "kcal", "%.1f", sum[m].kcal);
	}
}

static void
months_chart(struct ctx *c, struct chart_bars *ch, PGresult *res,
    const char **labels, const char **slugs, size_t ns)
{
	struct arena *a = c->req->arena;
	const char **names = arena_alloc(a, (ns + 1) * sizeof(*names));
	const char **tips = arena_alloc(a, 12 * (ns + 1) * sizeof(*tips));
	double	*vals = arena_alloc(a, 12 * (ns + 1) * sizeof(*vals));
	int	*colour = arena_alloc(a, (ns + 1) * sizeof(*colour));
	char	 last[32] = "";
	int	 i, m, k = -1;
	size_t	 s;

	for (i = 0; i < PQntuples(res); i++) {
		m = month_index(res, i, last, &k);
		if (m > 11 || PQgetisnull(res, i, 3) ||
		    (s = series_index(slugs, ns, PQgetvalue(res, i, 3))) >= ns)
			continue;
		names[s] = PQgetvalue(res, i, 4);
		colour[s] = colour_of(c, slugs[s]);
		vals[m * ns + s] = strtod(PQgetvalue(res, i, 8), NULL);
		tips[m * ns + s] = arena_printf(a, "%s: %s — %s workout%s, "
		    "%s kcal", PQgetvalue(res, i, 2), names[s],
		    PQgetvalue(res, i, 5), strcmp(PQgetvalue(res, i, 5), "1") ?
		    "s" : "", PQgetvalue(res, i, 8));
	}
	memset(ch, 0, sizeof(*ch));
	ch->id_prefix = "months";
	ch->title = "Calories per month";
	ch->desc = "Calories burned in each of the last 12 months, one colour "
	    "per exercise; the table has every number.";
	ch->unit = "kcal";
	ch->ncat = 12;
	ch->labels = labels;
	ch->nseries = ns;
	ch->series = names;
	ch->colour = colour;
	ch->values = vals;
	ch->tips = tips;
	ch->empty = ns > 0 ? "No calories recorded in these 12 months" : NULL;
}

int
stats_months(struct ctx *c)
{
	const char *labels[12], *text[12], *slugs[CHART_MAX_SERIES];
	struct month_sum sum[12];
	struct chart_bars ch;
	struct buf b;
	PGresult *res;
	char	 last[32] = "";
	int	 i, m, k = -1;
	size_t	 ns;

	if ((res = months_query(c)) == NULL)
		return -1;
	memset(sum, 0, sizeof(sum));
	for (i = 0; i < PQntuples(res); i++) {
		if ((m = month_index(res, i, last, &k)) > 11)
			continue;
		labels[m] = PQgetvalue(res, i, 1);
		text[m] = PQgetvalue(res, i, 2);
		sum[m].n += num_or0(res, i, 5);
		sum[m].reps += num_or0(res, i, 6);
		sum[m].dur += num_or0(res, i, 7);
		sum[m].kcal += PQgetisnull(res, i, 8) ? 0 :
		    strtod(PQgetvalue(res, i, 8), NULL);
	}
	months_table(c, text, sum);
	ns = series(res, 3, slugs, CHART_MAX_SERIES);
	months_chart(c, &ch, res, labels, slugs, ns);
	buf_init(&b);
	chart_bars(&b, &ch);
	tmpl_set(c->vars, "months_chart", b.data);
	buf_free(&b);
	PQclear(res);
	return 0;
}

static PGresult *
year_query(struct ctx *c)
{
	char	 ws[2];
	const char *p[1] = { ws };

	snprintf(ws, sizeof(ws), "%d", c->sess->week_start);
	return db_exec(c->db, "WITH s AS (SELECT current_date - "
	    "((extract(dow FROM current_date)::int - $1::int + 7) % 7) - 364 "
	    "AS start), w AS (SELECT performed_at::date AS day, count(*) AS n, "
	    "sum(reps) AS reps, sum(duration_seconds) AS dur FROM workouts, s "
	    "WHERE user_id = current_user_id() AND performed_at >= "
	    "s.start::timestamptz GROUP BY 1) SELECT to_char(d, 'YYYY-MM-DD'), "
	    "extract(day FROM d) = 1, to_char(d, 'Mon'), coalesce(w.n, 0), "
	    "coalesce(w.reps, 0), coalesce(w.dur, 0), to_char(d, 'Dy') "
	    "FROM s, generate_series(s.start, current_date, interval '1 day') "
	    "AS d LEFT JOIN w ON w.day = d::date ORDER BY d", 1, p);
}

/* 0 no workout; 1 to 4 by reps against the best day (1: timed only). */
static int
level(long n, long reps, long max)
{
	if (n == 0)
		return 0;
	if (reps == 0 || max == 0)
		return 1;
	return 1 + (int)(3 * reps / max);
}

static void
year_cells(struct ctx *c, PGresult *res, struct chart_heatmap *h)
{
	struct arena *a = c->req->arena;
	int	 i, nd = PQntuples(res) > 371 ? 371 : PQntuples(res);
	int	*lv = arena_alloc(a, (size_t)(nd + 1) * sizeof(*lv));
	const char **tips = arena_alloc(a, (size_t)(nd + 1) * sizeof(*tips));
	const char **months = arena_alloc(a, (size_t)(nd + 1) * sizeof(*months));
	const char **rows = arena_alloc(a, 7 * sizeof(*rows));
	long	 max = 0;

	for (i = 0; i < nd; i++)
		if (num_or0(res, i, 4) > max)
			max = num_or0(res, i, 4);
	for (i = 0; i < nd; i++) {
		lv[i] = level(num_or0(res, i, 3), num_or0(res, i, 4), max);
		tips[i] = num_or0(res, i, 3) == 0 ? arena_printf(a,
		    "%s: no workout", PQgetvalue(res, i, 0)) : arena_printf(a,
		    "%s: %ld reps, %s, %ld workout%s", PQgetvalue(res, i, 0),
		    num_or0(res, i, 4), stats_duration(c, num_or0(res, i, 5)),
		    num_or0(res, i, 3), num_or0(res, i, 3) == 1 ? "" : "s");
		if (PQgetvalue(res, i, 1)[0] == 't')
			months[i] = PQgetvalue(res, i, 2);
		if (i < 7)
			rows[i] = PQgetvalue(res, i, 6);
	}
	memset(h, 0, sizeof(*h));
	h->id_prefix = "year";
	h->title = "Your year, day by day";
	h->desc = "One square per day of the last 53 weeks, darker for more "
	    "reps; each square's title gives the date and totals.";
	h->ndays = (size_t)nd;
	h->levels = lv;
	h->tips = tips;
	h->rowlabels = rows;
	h->monthlabels = months;
}

int
stats_year(struct ctx *c)
{
	struct chart_heatmap h;
	struct buf b;
	PGresult *res;

	if ((res = year_query(c)) == NULL)
		return -1;
	year_cells(c, res, &h);
	buf_init(&b);
	chart_heatmap(&b, &h);
	tmpl_set(c->vars, "year_chart", b.data);
	buf_free(&b);
	PQclear(res);
	return 0;
}
