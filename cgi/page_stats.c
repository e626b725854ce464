/* page_stats.c — GET /stats: all-time totals, records per exercise, streaks, months, the year */
#include "civil.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "stats.h"
#include "tmpl.h"
#include "view_stats.h"
#include "view_workout.h"

/* The totals of all time: "all_days" is view_streaks'. */
static void
all_time(struct ctx *c, const struct all_time *t)
{
	tmpl_set_int(c->vars, "all_workouts", t->workouts);
	tmpl_set_int(c->vars, "all_reps", t->reps);
	tmpl_set(c->vars, "all_time", view_clock(c, t->seconds));
	tmpl_set(c->vars, "all_kcal", view_trimmed(c, t->kcal));
	if (t->workouts > 0)
		tmpl_set(c->vars, "any", "1");
}

static void
record_row(struct ctx *c, const struct ex_record *r)
{
	struct tmpl_vars *v = tmpl_loop_add(c->vars, "exercises");

	tmpl_set(v, "name", r->name);
	tmpl_set_int(v, "workouts", r->workouts);
	tmpl_set(v, "reps", r->timed ? "" : view_int(c, r->reps));
	tmpl_set(v, "time", view_duration(c, r->seconds));
	tmpl_set(v, "average", r->timed ? view_clock(c, r->seconds /
	    r->workouts) : arena_cat(c->req->arena,
	    view_tenths(c, (double)r->reps / (double)r->workouts), " reps",
	    (char *)NULL));
	if (r->best_set_day != NULL) {
		tmpl_set_int(v, "best_set", r->best_set);
		tmpl_set(v, "best_set_day", r->best_set_day);
		tmpl_set_int(v, "best_day", r->best_day);
		tmpl_set(v, "best_day_day", r->best_day_day);
	}
	if (r->longest_day != NULL) {
		tmpl_set(v, "longest", view_clock(c, r->longest));
		tmpl_set(v, "longest_day", r->longest_day);
	}
	if (r->best_week_of != NULL) {
		tmpl_set(v, "best_week", r->timed ? view_clock(c,
		    r->best_week) : arena_cat(c->req->arena,
		    view_int(c, r->best_week), " reps", (char *)NULL));
		tmpl_set(v, "best_week_of", r->best_week_of);
	}
}

/*
 * The records, kept in *r (*n) for charts() to name the exercises, and
 * the totals of all time.
 */
static int
records(struct ctx *c, struct ex_record **r, size_t *n)
{
	const struct library *lib;
	struct all_time all;
	size_t	 i;

	if ((lib = page_library(c)) == NULL ||
	    stats_records(c->db, c->req->arena, lib, r, n, &all) != 0)
		return -1;
	all_time(c, &all);
	for (i = 0; i < *n; i++)
		record_row(c, &(*r)[i]);
	return 0;
}

/* The last 12 months and the last 53 weeks, to today. */
static int
charts(struct ctx *c, const struct ex_record *r, size_t nr)
{
	long	 today = c->sess->today;
	long	 months = civil_month_start(today, -11);
	long	 year = civil_week_start(today, c->sess->week_start) - 364;
	struct month_total *m;
	struct day_cell *d;
	size_t	 nm, nd;

	if (stats_months(c->db, c->req->arena, months, r, nr, &m, &nm) != 0 ||
	    stats_year(c->db, c->req->arena, year, &d, &nd) != 0)
		return -1;
	view_months(c, months, m, nm);
	view_year(c, year, today, d, nd);
	return 0;
}

/* The statements of /stats, in one round trip (charts() as it asks). */
size_t
page_stats_reads(struct ctx *c, struct db_query *q)
{
	struct arena *a = c->req->arena;
	long	 today = c->sess->today;

	stats_query(a, SQ_RECORDS, 0, &q[0]);
	stats_query(a, SQ_STREAKS, today, &q[1]);
	stats_query(a, SQ_MONTHS, civil_month_start(today, -11), &q[2]);
	stats_query(a, SQ_YEAR, civil_week_start(today, c->sess->week_start) -
	    364, &q[3]);
	ex_library_query(&q[4]);
	return 5;
}

/*
 * GET /stats: totals of all time, per exercise the totals, average and
 * records with their dates, the current and longest streak, the last 12
 * months (chart and table) and a year heatmap, in the user's zone. 200.
 */
int
page_stats(struct ctx *c)
{
	struct db_query q[PAGE_READS_MAX];
	struct ex_record *r;
	size_t	 nr;

	if (page_prefetch(c, q, page_stats_reads(c, q)) != 0 ||
	    records(c, &r, &nr) != 0 || view_streaks(c) != 0 ||
	    charts(c, r, nr) != 0)
		return -1;
	return page_render(c, 200, "stats.tmpl", "Statistics");
}
