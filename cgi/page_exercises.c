/* page_exercises.c — GET /exercises (every exercise and how it stands) and GET /exercises/NAME (records, weeks, entries) */
#include <stdio.h>
#include <string.h>

#include "bodyweight.h"
#include "chart.h"
#include "civil.h"
#include "db.h"
#include "exercise.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "progress.h"
#include "session.h"
#include "tmpl.h"
#include "user.h"
#include "view_exercise.h"
#include "view_workout.h"
#include "workout.h"

#define WEEKS	PR_WEEKS	/* the chart's weeks, to this one */

/* "Tuesday 1 December 2026" of a day, in the arena. */
static const char *
day_text(struct ctx *c, long day)
{
	char	 s[64];

	civil_long_date(s, sizeof(s), day, 1);
	return arena_strdup(c->req->arena, s);
}

static const struct pr_overview *
overview_of(const struct pr_overview *o, size_t n, const char *id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(o[i].exercise_id, id) == 0)
			return &o[i];
	return NULL;
}

/* The best set in words: "22 reps", "1:30", "100 kg". */
static const char *
best_text(struct ctx *c, const struct exercise *e, const struct pr_overview *o)
{
	if (o == NULL)
		return "";
	if (e->measure == MEASURE_REPS_WEIGHT && o->has_load)
		return view_load(c, o->max_load, 0);
	if (e->timed)
		return view_clock(c, o->best_seconds);
	return arena_printf(c->req->arena, "%ld reps", o->best_reps);
}

/*
 * GET /exercises: the built-in exercises and the user's own (archived
 * ones apart), each with its entries, the last day and the best set. 200.
 */
int
page_exercises(struct ctx *c)
{
	const struct library *lib;
	const struct exercise *e;
	const struct pr_overview *o;
	struct pr_overview *ov;
	struct tmpl_vars *v;
	size_t	 i, n;

	if ((lib = page_library(c)) == NULL || page_lb(c) < 0 ||
	    pr_overview(c->db, c->req->arena, &ov, &n) != 0)
		return -1;
	for (i = 0; i < lib->n; i++) {
		e = &lib->v[i];
		o = overview_of(ov, n, e->id);
		v = tmpl_loop_add(c->vars, e->archived ? "archived" : e->own ?
		    "own" : "builtin");
		tmpl_set(v, "slug", e->slug);
		tmpl_set(v, "name", e->name);
		tmpl_set(v, "kind", view_exercise_kind(e));
		tmpl_set_int(v, "entries", o != NULL ? o->entries : 0);
		tmpl_set(v, "entries_text", o != NULL && o->entries == 1 ?
		    "1 entry" : arena_printf(c->req->arena, "%ld entries",
		    o != NULL ? (long)o->entries : 0L));
		tmpl_set(v, "last", o != NULL ? day_text(c, o->last_day) : "");
		tmpl_set(v, "best", best_text(c, e, o));
	}
	return page_render(c, 200, "exercises.tmpl", "Exercises");
}

/* One record into the template: name_value, name_day. */
static void
record(struct ctx *c, const char *name, const char *value,
    const struct pr_best *b)
{
	if (b->value <= 0)
		return;
	tmpl_set(c->vars, name, value);
	tmpl_set(c->vars, arena_printf(c->req->arena, "%s_day", name),
	    day_text(c, b->day));
}

static void
records(struct ctx *c, const struct exercise *e, const struct records *r)
{
	struct tmpl_vars *v;
	size_t	 k;

	record(c, "rec_reps", arena_printf(c->req->arena, "%ld reps",
	    r->reps.value), &r->reps);
	record(c, "rec_time", view_clock(c, r->seconds.value), &r->seconds);
	record(c, "rec_load", r->load.reps > 0 ? arena_printf(c->req->arena,
	    "%s × %ld", view_load(c, r->load.value, e->bodyweight),
	    r->load.reps) : arena_printf(c->req->arena, "%s for %s",
	    view_load(c, r->load.value, e->bodyweight),
	    view_clock(c, r->load.seconds)), &r->load);
	record(c, "rec_1rm", view_load(c, r->one_rm.value, 0), &r->one_rm);
	for (k = 0; k < PR_REP_MAXES; k++) {
		if (r->rep_max[k].value <= 0)
			continue;
		v = tmpl_loop_add(c->vars, "rep_maxes");
		tmpl_set_int(v, "reps", pr_rep_max_reps[k]);
		tmpl_set(v, "load", view_load(c, r->rep_max[k].value,
		    e->bodyweight));
		tmpl_set(v, "day", day_text(c, r->rep_max[k].day));
	}
}

/* A week's value in words, for the chart's table and the best week. */
static const char *
week_value(struct ctx *c, enum pr_measure m, long long v)
{
	switch (m) {
	case PR_TIME:
		return view_clock(c, (long)v);
	case PR_VOLUME:
	case PR_ONE_RM:
		return view_load(c, v, 0);
	default:
		return arena_printf(c->req->arena, "%lld reps", v);
	}
}

/* The measure's words: the chart's title and unit. */
static const char *
measure_title(enum pr_measure m)
{
	return m == PR_TIME ? "Time per week" : m == PR_VOLUME ?
	    "Volume per week" : m == PR_ONE_RM ? "Best estimated 1RM per week" :
	    "Reps per week";
}

/* The chart's month labels: a month's name over the week of its 1st. */
static const char **
week_labels(struct ctx *c, long first)
{
	const char **labels = arena_alloc(c->req->arena, WEEKS *
	    sizeof(*labels));
	long	 w, m;

	for (w = 0; w < WEEKS; w++)
		if ((m = civil_week_month(first + 7 * w)) != 0)
			labels[w] = civil_month_name(m, 1);
	return labels;
}

/* The table of the chart: loop "weeks", newest first, the weeks with any. */
static void
weeks_table(struct ctx *c, enum pr_measure m, long first,
    const long long *sum)
{
	struct tmpl_vars *v;
	long	 w;

	for (w = WEEKS - 1; w >= 0; w--) {
		if (sum[w] == 0)
			continue;
		v = tmpl_loop_add(c->vars, "weeks");
		tmpl_set(v, "week", day_text(c, first + 7 * w));
		tmpl_set(v, "value", week_value(c, m, sum[w]));
	}
}

/* The chart: the measure per week, the last WEEKS weeks to this one. */
static void
weeks_chart(struct ctx *c, const struct records *r, enum pr_measure m)
{
	struct arena *a = c->req->arena;
	double	*vals = arena_alloc(a, WEEKS * sizeof(*vals));
	const long long *sum = r->weeks[m];
	long	 first = r->first;
	int	 lb = page_lb(c) == 1;
	long	 w;
	struct buf b;

	for (w = 0; w < WEEKS; w++) {
		vals[w] = m == PR_VOLUME || m == PR_ONE_RM ? (lb ?
		    (double)sum[w] / 45.359237 : (double)sum[w] / 100.0) :
		    (double)sum[w];
	}
	buf_init(&b);
	chart_bars(&b, &(struct chart_bars){ .id_prefix = "weeks",
	    .title = measure_title(m), .desc = arena_printf(a, "Bar chart: "
	    "%s, one bar for each of the last 53 weeks; the table below it has "
	    "the number of every week with an entry.", measure_title(m)),
	    .unit = m == PR_TIME ? "seconds" : m == PR_REPS ? "reps" : lb ?
	    "lb" : "kg", .ncat = WEEKS, .labels = week_labels(c, first),
	    .nseries = 1, .values = vals, .counts = m == PR_REPS ||
	    m == PR_TIME, .empty = "Nothing logged in this year." });
	tmpl_set(c->vars, "chart", b.data);
	buf_free(&b);
	tmpl_set(c->vars, "weeks_title", measure_title(m));
	tmpl_set(c->vars, "weeks_column", m == PR_ONE_RM ? "Best estimated "
	    "1RM" : m == PR_TIME ? "Time" : m == PR_VOLUME ? "Volume" : "Reps");
	weeks_table(c, m, first, sum);
}

/* Links to the other measures of the chart; the current one marked. */
static void
measures(struct ctx *c, const struct exercise *e, enum pr_measure m)
{
	static const char *const words[] = { "Reps", "Time", "Volume",
	    "Estimated 1RM" };
	struct tmpl_vars *v;
	int	 k;

	for (k = PR_REPS; k <= PR_ONE_RM; k++) {
		if ((k == PR_TIME) != (e->measure == MEASURE_TIME))
			continue;	/* reps and loads, or time */
		v = tmpl_loop_add(c->vars, "measures");
		tmpl_set(v, "measure", pr_measure_name((enum pr_measure)k));
		tmpl_set(v, "words", words[k]);
		if (k == (int)m)
			tmpl_set(v, "current", "1");
	}
}

/* The filter of the exercise's last entries. */
static void
recent_filter(const struct exercise *e, struct wk_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->exercise = e->slug;
	f->exercise_id = e->id;
	f->rows = EXERCISE_RECENT;
}

/* The last entries of the exercise, with links to change them. */
static int
recent(struct ctx *c, const struct exercise *e)
{
	struct wk_filter f;
	struct workout_row *r;
	size_t	 n;

	recent_filter(e, &f);
	if (wk_history(c->db, c->req->arena, page_library(c), &f, &r,
	    &n) != 0)
		return -1;
	return view_workout_rows(c, "recent", r, n, 1);
}

/*
 * Keeps the records computed at version: in the page's transaction on
 * the primary; from a replica's page (a replica cannot write), in a
 * transaction of their own on the primary, so that the next page finds
 * them there and, once replayed, on the replica. A failure there costs
 * the page nothing: it has its records. 0 or -1.
 */
static int
keep(struct ctx *c, const struct exercise *e, long long version,
    const struct records *r)
{
	if (c->db == c->primary)
		return pr_keep(c->db, e, version, r);
	if (db_begin_as(c->primary, c->sess->user_id, c->sess->timezone) != 0 ||
	    pr_keep(c->primary, e, version, r) != 0 ||
	    db_commit(c->primary) != 0)
		db_cleanup(c->primary);
	return 0;
}

static const struct field query_fields[] = {
	{ "measure", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
};

/*
 * What e's page reads after the library, into q: 2 statements, 3 for an
 * exercise done with the body's weight.
 */
static size_t
show_reads(struct ctx *c, const struct exercise *e, struct db_query *q)
{
	struct wk_filter f;

	pr_kept_query(c->req->arena, e, &q[0]);
	recent_filter(e, &f);
	wk_history_query(c->req->arena, &f, &q[1]);
	if (!e->bodyweight)
		return 2;
	bw_latest_query(c->req->arena, CIVIL_LAST_DAY, &q[2]);
	return 3;
}

/*
 * What an exercise's page reads first: the library, to find it (its own
 * reads depend on what it is). When this worker showed the user that
 * exercise before, its own reads too, in the same round trip, for what
 * the library found then (ex_seen): a guess, which the page checks
 * (db_prefetch takes only the same statements).
 */
size_t
page_exercises_show_reads(struct ctx *c, struct db_query *q)
{
	struct exercise e;

	ex_library_query(&q[0]);
	if (c->req->args[0] == NULL ||
	    !ex_seen(c->req->arena, c->sess->user_id, c->req->args[0],
	    &e))
		return 1;
	c->reads_whole = 1;
	return 1 + show_reads(c, &e, q + 1);
}

/*
 * GET /exercises/NAME[?measure=reps|time|volume|1rm]: the records of an
 * exercise (most reps in a set, the longest set, the heaviest load and
 * for 1, 3, 5, 8, 10 and 12 reps, the best estimated 1RM by Epley's
 * formula, the best week), its weeks of the last year as a chart of
 * the measure chosen, and the last entries. 200; 404.
 */
int
page_exercises_show(struct ctx *c)
{
	const struct exercise *e;
	struct db_query pre[3];
	struct pr_set *s;
	struct records r;
	struct form q;
	long long kg100 = 0, version;
	size_t	 n;
	long	 day, first;
	int	 failed, m, kept;

	/*
	 * What the page reads: the exercise, then its own, in a second
	 * round trip unless they went with the first (ex_seen's guess).
	 */
	if ((e = view_exercise_of_url(c, 0, &failed)) == NULL)
		return failed ? -1 : 0;
	ex_seen_keep(c->sess->user_id, e);
	if (page_prefetch(c, pre, show_reads(c, e, pre)) != 0)
		return -1;
	form_query(c, query_fields, 1, &q);
	if ((m = pr_measure_of(form_str(&q, 0))) < 0 ||
	    (m == PR_TIME) != (e->measure == MEASURE_TIME))
		m = (int)pr_main_measure(e);
	/*
	 * The records and the chart's weeks as kept (sql/017), when nothing
	 * changed since and the chart still ends this week; else computed
	 * from every set, and kept for the next time.
	 */
	first = civil_week_start(c->sess->today, c->sess->week_start) -
	    7 * (WEEKS - 1);
	if (pr_kept(c->db, c->req->arena, e, &r, &version, &kept) != 0 ||
	    (e->bodyweight && bw_latest(c->db, CIVIL_LAST_DAY, &day,
	    &kg100) != 0))
		return -1;
	if (!kept || r.first != first) {
		if (pr_sets(c->db, c->req->arena, e, &s, &n) != 0)
			return -1;
		pr_compute(s, n, c->sess->week_start, first, &r);
		if (keep(c, e, version, &r) != 0)
			return -1;
	}
	if (kg100 < 0)
		tmpl_set(c->vars, "need_weight", "1");
	records(c, e, &r);
	if (r.week[m].value > 0) {
		tmpl_set(c->vars, "rec_week", week_value(c, (enum pr_measure)m,
		    r.week[m].value));
		tmpl_set(c->vars, "rec_week_day", day_text(c, r.week[m].day));
	}
	weeks_chart(c, &r, (enum pr_measure)m);
	measures(c, e, (enum pr_measure)m);
	if (recent(c, e) != 0)
		return -1;
	tmpl_set(c->vars, "slug", e->slug);
	tmpl_set(c->vars, "name", e->name);
	tmpl_set(c->vars, "kind", view_exercise_kind(e));
	tmpl_set(c->vars, "own", e->own ? "1" : NULL);
	tmpl_set(c->vars, "archived", e->archived ? "1" : NULL);
	tmpl_set(c->vars, "bodyweight", e->bodyweight ? "1" : NULL);
	return page_render(c, 200, "exercises_show.tmpl", e->name);
}
