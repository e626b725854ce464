/* view_stats.c — what several pages show of statistics: the totals table and the charts */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "civil.h"
#include "exercise.h"
#include "fmt.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "stats.h"
#include "tmpl.h"
#include "view_stats.h"
#include "view_workout.h"

#define YEAR_DAYS_MAX	(53 * 7)

static const char *
change(struct ctx *c, double now, double before)
{
	char	 s[32];

	fmt_change(s, sizeof(s), now, before);
	return arena_strdup(c->req->arena, s);
}

/* The amount an exercise is measured in, as text: reps or a duration. */
static const char *
amount(struct ctx *c, int timed, long reps, long seconds)
{
	if (timed)
		return view_clock(c, seconds);
	return view_int(c, reps);
}

/*
 * Chart series: the first CHART_MAX_SERIES - 1 exercises have a series
 * of their own, and with more than CHART_MAX_SERIES the rest share the
 * last one, "Other exercises" (a bar is then still the day's total).
 */
static size_t
series_slot(size_t i, size_t n)
{
	return n <= CHART_MAX_SERIES || i < CHART_MAX_SERIES - 1 ? i :
	    CHART_MAX_SERIES - 1;
}

static size_t
series_count(size_t n)
{
	return n < CHART_MAX_SERIES ? n : CHART_MAX_SERIES;
}

#define OTHERS	"Other exercises"

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
	tmpl_set(c->vars, "has_goals", "1");
}

int
view_streaks(struct ctx *c)
{
	long	 cur, best, days;

	if (stats_streaks(c->db, c->req->arena, c->sess->today, &cur,
	    &best, &days) != 0)
		return -1;
	tmpl_set_int(c->vars, "all_days", days);
	tmpl_set_int(c->vars, "streak", cur);
	tmpl_set_int(c->vars, "best_streak", best);
	if (cur == 1)
		tmpl_set(c->vars, "streak_one", "1");
	return 0;
}

int
view_totals(struct ctx *c, const struct ex_total *t, size_t n)
{
	struct tmpl_vars *v;
	double	 kcal = 0, prev = 0;
	long	 workouts = 0, prev_workouts = 0;
	size_t	 i, done = 0, k = 0;

	for (i = 0; i < n; i++)
		done += t[i].workouts > 0;
	for (i = 0; i < n; i++, t++) {
		v = tmpl_loop_add(c->vars, "totals");
		tmpl_set(v, "slug", t->slug);
		tmpl_set(v, "name", t->name);
		if (t->workouts > 0)	/* the colour of the week chart */
			tmpl_set(v, "colour", arena_cat(c->req->arena, "ex-",
			    view_int(c, (long long)series_slot(k++, done)),
			    (char *)NULL));
		tmpl_set_int(v, "workouts", t->workouts);
		tmpl_set(v, "amount", amount(c, t->timed, t->reps, t->seconds));
		tmpl_set(v, "prev_amount", amount(c, t->timed, t->prev_reps,
		    t->prev_seconds));
		tmpl_set(v, "unit", t->timed ? "time" : "reps");
		tmpl_set(v, "change", change(c, t->timed ? t->seconds :
		    t->reps, t->timed ? t->prev_seconds : t->prev_reps));
		tmpl_set(v, "kcal", view_tenths(c, t->kcal));
		goal_vars(c, v, t);
		kcal += t->kcal;
		prev += t->prev_kcal;
		workouts += t->workouts;
		prev_workouts += t->prev_workouts;
	}
	tmpl_set_int(c->vars, "week_workouts", workouts);
	tmpl_set_int(c->vars, "prev_workouts", prev_workouts);
	tmpl_set(c->vars, "week_kcal", view_tenths(c, kcal));
	tmpl_set(c->vars, "prev_kcal", view_tenths(c, prev));
	tmpl_set(c->vars, "kcal_change", change(c, kcal, prev));
	return page_library(c) != NULL ? 0 : -1;
}

/* "Monday 2 March" and "Mon 2" of a day, in the arena. */
static const char *
long_day(struct ctx *c, long day)
{
	char	 s[64];

	civil_long_date(s, sizeof(s), day, 0);
	return arena_strdup(c->req->arena, s);
}

/* The table: one row per day and exercise; a day without any says so. */
static void
days_table(struct ctx *c, long start, const struct day_total *d, size_t n)
{
	struct tmpl_vars *v;
	size_t	 i = 0;
	long	 day;

	for (day = start; day < start + 7; day++) {
		if (i == n || d[i].day != day) {
			tmpl_set(tmpl_loop_add(c->vars, "days"), "day",
			    long_day(c, day));
			continue;
		}
		for (; i < n && d[i].day == day; i++) {
			v = tmpl_loop_add(c->vars, "days");
			tmpl_set(v, "day", long_day(c, day));
			if (i > 0 && d[i - 1].day == day)
				tmpl_set(v, "same_day", "1");
			tmpl_set(v, "exercise", d[i].name);
			tmpl_set_int(v, "workouts", d[i].workouts);
			tmpl_set(v, "reps", d[i].timed ? "" :
			    view_int(c, d[i].reps));
			tmpl_set(v, "duration", d[i].seconds > 0 ?
			    view_clock(c, d[i].seconds) : "");
			tmpl_set(v, "kcal", view_trimmed(c, d[i].kcal));
		}
	}
}

/* Draws ch into the template variable name. */
static void
draw(struct ctx *c, const char *name, const struct chart_bars *ch)
{
	struct buf b;

	buf_init(&b);
	chart_bars(&b, ch);
	tmpl_set(c->vars, name, b.data);
	buf_free(&b);
}

/* Series s of the chart: the place of slug among the exercises done. */
static int
series_of(const struct ex_total *t, size_t n, const char *slug)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].slug, slug) == 0)
			return (int)series_slot(i, n);
	return -1;
}

/* The series' names: the exercises', and "Other exercises" for the rest. */
static const char **
series_names(struct ctx *c, const struct ex_total *t, size_t n)
{
	const char **names = arena_alloc(c->req->arena, (series_count(n) + 1) *
	    sizeof(*names));
	size_t	 i;

	for (i = 0; i < n; i++)
		names[series_slot(i, n)] = series_slot(i, n) == i ? t[i].name :
		    OTHERS;
	return names;
}

/*
 * Calories per day, one colour per exercise done; each day labelled by its
 * weekday ("Mon") over its date ("1").
 */
static void
days_chart(struct ctx *c, long start, const struct day_total *d, size_t nd,
    const struct ex_total *t, size_t n)
{
	struct arena *a = c->req->arena;
	size_t	 ns = series_count(n), i, k;
	const char **labels = arena_alloc(a, 7 * sizeof(*labels));
	const char **sub = arena_alloc(a, 7 * sizeof(*sub));
	double	*vals = arena_alloc(a, 7 * (ns + 1) * sizeof(*vals));
	const char **names = series_names(c, t, n);
	long	 y, m, dd;
	int	 s;

	for (i = 0; i < 7; i++) {
		civil_ymd(start + (long)i, &y, &m, &dd);
		labels[i] = civil_weekday_name(civil_weekday(start + (long)i), 1);
		sub[i] = view_int(c, dd);
	}
	for (i = 0; i < nd; i++) {
		if ((s = series_of(t, n, d[i].slug)) < 0)
			continue;
		k = (size_t)(d[i].day - start) * ns + (size_t)s;
		vals[k] += strtod(d[i].kcal, NULL);
	}
	draw(c, "chart", &(struct chart_bars){ .id_prefix = "week",
	    .title = "Calories per day", .desc = "Bar chart of the calories "
	    "burned on each day of this week, one colour per exercise; the "
	    "table below it has every number.", .unit = "kcal", .ncat = 7,
	    .labels = labels, .sublabels = sub, .nseries = ns,
	    .series = names, .values = vals,
	    .empty = n > 0 ? "No calories recorded this week, so no chart: "
	    "the table below has the workouts." : "Nothing logged this week." });
}

void
view_week_days(struct ctx *c, long start, const struct day_total *d, size_t n,
    const struct ex_total *t, size_t nt)
{
	struct ex_total *done = arena_alloc(c->req->arena,
	    (nt + 1) * sizeof(*done));
	size_t	 i, k = 0;

	/* Only exercises done this week become chart series. */
	for (i = 0; i < nt; i++)
		if (t[i].workouts > 0)
			done[k++] = t[i];
	days_table(c, start, d, n);
	days_chart(c, start, d, n, done, k);
}

static size_t
series_index(const ptrdiff_t *orders, size_t n, ptrdiff_t order)
{
	size_t	 j;

	for (j = 0; j < n; j++)
		if (orders[j] == order)
			return j;
	return n;
}

/*
 * The exercises of the months, in the order found: n at most. A row's
 * exercise is its order in the records (as its slug is, without a
 * strcmp: some 600 a page with 75 rows).
 */
static size_t
month_series(const struct month_total *m, size_t n, ptrdiff_t *orders,
    const char **names)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (series_index(orders, k, m[i].order) == k) {
			orders[k] = m[i].order;
			names[k++] = m[i].name;
		}
	}
	return k;
}

static void
months_table(struct ctx *c, const char *const *text,
    const struct month_total *m, size_t n)
{
	struct tmpl_vars *v;
	long	 w, reps, secs;
	double	 kcal;
	size_t	 i;
	int	 k;

	for (k = 0; k < 12; k++) {
		w = reps = secs = 0;
		kcal = 0;
		for (i = 0; i < n; i++)
			if (m[i].month == k) {
				w += m[i].workouts;
				reps += m[i].reps;
				secs += m[i].seconds;
				kcal += m[i].kcal;
			}
		v = tmpl_loop_add(c->vars, "months");
		tmpl_set(v, "month", text[k]);
		tmpl_set_int(v, "workouts", w);
		tmpl_set_int(v, "reps", reps);
		tmpl_set(v, "time", secs ? view_clock(c, secs) : "");
		tmpl_set(v, "kcal", view_tenths(c, kcal));
	}
}

/*
 * The numbers of the months chart's bars, one row per month and exercise
 * done in it, oldest first: what "Totals per month" adds up.
 */
static void
month_exercises_table(struct ctx *c, const char *const *text,
    const struct month_total *m, size_t n)
{
	struct tmpl_vars *v;
	size_t	 i;

	for (i = 0; i < n; i++) {
		v = tmpl_loop_add(c->vars, "month_exercises");
		tmpl_set(v, "month", text[m[i].month]);
		tmpl_set(v, "exercise", m[i].name);
		tmpl_set_int(v, "workouts", m[i].workouts);
		tmpl_set(v, "kcal", view_tenths(c, m[i].kcal));
	}
}

static void
months_chart(struct ctx *c, const char *const *labels,
    const struct month_total *m, size_t n)
{
	struct arena *a = c->req->arena;
	ptrdiff_t *orders = arena_alloc(a, (n + 1) * sizeof(*orders));
	const char **names = arena_alloc(a, (n + 1) * sizeof(*names));
	double	*vals = arena_alloc(a, 12 * CHART_MAX_SERIES * sizeof(*vals));
	size_t	 ne = month_series(m, n, orders, names), ns = series_count(ne);
	size_t	 i, s, k;

	for (i = 0; i < n; i++) {
		s = series_slot(series_index(orders, ne, m[i].order), ne);
		k = (size_t)m[i].month * ns + s;
		vals[k] += m[i].kcal;
	}
	if (ne > ns)
		names[ns - 1] = OTHERS;
	draw(c, "months_chart", &(struct chart_bars){ .id_prefix = "months",
	    .title = "Calories per month", .desc = "Bar chart of the calories "
	    "burned in each of the last 12 months, one colour per exercise; "
	    "the table \"Calories per month and exercise\" below it has every "
	    "number.",
	    .unit = "kcal", .ncat = 12, .labels = labels, .nseries = ns,
	    .series = names, .values = vals, .empty = ne > 0 ?
	    "No calories recorded in these 12 months, so no chart: the table "
	    "below has the workouts." : "Nothing logged in these 12 months." });
}

void
view_months(struct ctx *c, long first, const struct month_total *m, size_t n)
{
	const char *labels[12], *text[12];
	long	 y, mo, d;
	int	 k;

	for (k = 0; k < 12; k++) {
		civil_ymd(civil_month_start(first, k), &y, &mo, &d);
		labels[k] = civil_month_name(mo, 1);
		text[k] = arena_cat(c->req->arena, civil_month_name(mo, 0), " ",
		    view_int(c, y), (char *)NULL);
	}
	months_table(c, text, m, n);
	month_exercises_table(c, text, m, n);
	months_chart(c, labels, m, n);
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

/*
 * The heatmap's text: loop "year_weeks", newest first, one row per week
 * with a workout (week, days, workouts, reps, time); "year_active" the
 * number of such weeks.
 */
static void
year_weeks(struct ctx *c, long first, long nd, const struct day_cell *cells,
    size_t n)
{
	struct tmpl_vars *v;
	struct buf days;
	char	 s[64];
	long	 w, wk, reps, secs, lo, hi, active = 0;
	size_t	 k = n, e, j;

	/* cells are in day order: a cursor walks them back, week by week. */
	buf_init(&days);
	for (w = (nd - 1) / 7; w >= 0; w--) {
		wk = reps = secs = 0;
		buf_reset(&days);
		lo = first + 7 * w;
		hi = lo + 7 < first + nd ? lo + 7 : first + nd;
		while (k > 0 && cells[k - 1].day >= hi)
			k--;
		e = k;
		while (k > 0 && cells[k - 1].day >= lo)
			k--;
		for (j = k; j < e; j++) {
			if (days.len)
				buf_puts(&days, ", ");
			buf_puts(&days,
			    civil_weekday_name(civil_weekday(cells[j].day), 1));
			wk += cells[j].workouts;
			reps += cells[j].reps;
			secs += cells[j].seconds;
		}
		if (wk == 0)
			continue;
		active++;
		v = tmpl_loop_add(c->vars, "year_weeks");
		civil_long_date(s, sizeof(s), first + 7 * w, 1);
		tmpl_set(v, "week", s);
		tmpl_set(v, "days", days.data);
		tmpl_set_int(v, "workouts", wk);
		tmpl_set_int(v, "reps", reps);
		tmpl_set(v, "time", secs ? view_clock(c, secs) : "");
	}
	tmpl_set_int(c->vars, "year_active", active);
	buf_free(&days);
}

void
view_year(struct ctx *c, long first, long today, const struct day_cell *cells,
    size_t n)
{
	struct arena *a = c->req->arena;
	long	 nd = today - first + 1 > YEAR_DAYS_MAX ? YEAR_DAYS_MAX :
	    today - first + 1, max = 0, i, y, m, d;
	int	*lv = arena_alloc(a, (size_t)(nd + 1) * sizeof(*lv));
	const char **months = arena_alloc(a, (size_t)(nd + 1) * sizeof(*months));
	const char **rows = arena_alloc(a, 7 * sizeof(*rows));
	struct chart_heatmap h;
	struct buf b;
	size_t	 k;

	for (k = 0; k < n; k++)
		if (cells[k].reps > max && cells[k].day <= today)
			max = cells[k].reps;
	for (i = 0, k = 0; i < nd; i++) {
		const struct day_cell *cell = k < n && cells[k].day ==
		    first + i ? &cells[k++] : NULL;

		lv[i] = cell ? level(cell->workouts, cell->reps, max) : 0;
		civil_ymd(first + i, &y, &m, &d);
		if (d == 1)
			months[i] = civil_month_name(m, 1);
		if (i < 7)
			rows[i] = civil_weekday_name(civil_weekday(first + i), 1);
	}
	memset(&h, 0, sizeof(h));
	h.id_prefix = "year";
	h.title = "Your year, day by day";
	h.desc = "Heatmap of the last 53 weeks, one square per day, shaded "
	    "from no workout to the most reps in a day (the key under it shows "
	    "the shades); the table \"Your year, week by week\" below it has "
	    "the numbers.";
	h.ndays = (size_t)nd;	/* first <= today: at least 1 */
	h.levels = lv;
	h.empty = "No workouts in these 53 weeks.";
	h.rowlabels = rows;
	h.monthlabels = months;
	buf_init(&b);
	chart_heatmap(&b, &h);
	tmpl_set(c->vars, "year_chart", b.data);
	buf_free(&b);
	year_weeks(c, first, nd, cells, n);
}
