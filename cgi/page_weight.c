/* page_weight.c — GET and POST /weight: body weight over time, a chart and the entries */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bodyweight.h"
#include "chart.h"
#include "civil.h"
#include "fmt.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "user.h"
#include "view_account.h"

#define SHORT_DAYS	90	/* the chart's span by default */
#define LONG_DAYS	365	/* ?range=year */
#define AVG_DAYS	7	/* the moving average */

enum { F_DAY, F_WEIGHT, F__MAX };

static const struct field fields[F__MAX] = {
	[F_DAY] = { "day", FT_DATE, 0, CIVIL_LAST_DAY, "Enter the date.",
	    "Enter the date as YYYY-MM-DD, for example 2026-03-31.", NULL,
	    NULL, 0 },
	[F_WEIGHT] = { "weight", FT_TEXT, 0, 0, "Enter your weight.", NULL,
	    NULL, NULL, 0 },
};

static const struct field query_fields[] = {
	{ "range", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
	{ "day", FT_DATE, 0, CIVIL_LAST_DAY, NULL, NULL, NULL, NULL, FF_NOKEEP },
};

/* kg100 in the unit, one decimal: "72.5". */
static const char *
in_unit(struct ctx *c, long long kg100, int lb)
{
	char	 s[32];

	fmt_fixed(s, sizeof(s), user_weight_in(kg100, lb), 1);
	return arena_strdup(c->req->arena, s);
}

static double
unit_value(long long kg100, int lb)
{
	return (double)user_weight_in(kg100, lb) / 10.0;
}

/* The mean of the entries of the AVG_DAYS days up to e[i]'s. */
static double
moving_average(const struct bw_entry *e, size_t i, int lb)
{
	double	 sum = 0;
	size_t	 j, n = 0;

	for (j = i + 1; j-- > 0 && e[j].day > e[i].day - AVG_DAYS; n++)
		sum += unit_value(e[j].kg100, lb);
	return sum / (double)n;
}

/* A label under the first day of each month the chart spans. */
static void
month_labels(struct ctx *c, struct chart_lines *ch, long first, long days)
{
	const char **l = arena_alloc(c->req->arena, 14 * sizeof(*l));
	double	*at = arena_alloc(c->req->arena, 14 * sizeof(*at));
	long	 m, y, mo, d;
	size_t	 n = 0;

	for (m = civil_month_start(first, 1); m <= first + days && n < 14;
	    m = civil_month_start(m, 1)) {
		civil_ymd(m, &y, &mo, &d);
		l[n] = civil_month_name(mo, 1);
		at[n++] = (double)(m - first);
	}
	ch->labels = l;
	ch->label_at = at;
	ch->nlabels = n;
}

/*
 * The chart of e[from..n) (the entries before from, of the days just
 * before the span, count in the averages), from day first over days more
 * days, or up to the last entry when it is ahead of today.
 */
static void
chart(struct ctx *c, const struct bw_entry *e, size_t n, size_t from,
    long first, long days, int lb)
{
	struct arena *a = c->req->arena;
	double	*x = arena_alloc(a, (n + 1) * sizeof(*x));
	double	*y = arena_alloc(a, (n + 1) * sizeof(*y));
	double	*avg = arena_alloc(a, (n + 1) * sizeof(*avg));
	struct chart_lines ch;
	struct buf b;
	size_t	 i, k;

	if (e[n - 1].day - first > days)
		days = e[n - 1].day - first;
	for (i = from, k = 0; i < n; i++, k++) {
		x[k] = (double)(e[i].day - first);
		y[k] = unit_value(e[i].kg100, lb);
		avg[k] = moving_average(e, i, lb);
	}
	memset(&ch, 0, sizeof(ch));
	ch.id_prefix = "weight";
	ch.title = days > SHORT_DAYS ? "Body weight, the last year" :
	    "Body weight, the last 90 days";
	ch.desc = "Line chart of your body weight: each entry a point, and "
	    "the average of the 7 days up to it a dashed line; the table below "
	    "it has every entry.";
	ch.unit = lb ? "lb" : "kg";
	ch.npoints = k;
	ch.x = x;
	ch.y = y;
	ch.avg = avg;
	ch.span = (double)days;
	ch.empty = "No weight logged in this time.";
	ch.legend_line = "Weight";
	ch.legend_avg = "7-day average";
	month_labels(c, &ch, first, days);
	buf_init(&b);
	chart_lines(&b, &ch);
	tmpl_set(c->vars, "chart", b.data);
	buf_free(&b);
}

/* The table of e[from..n): newest first, with the day's average and links. */
static void
entries(struct ctx *c, const struct bw_entry *e, size_t n, size_t from,
    int lb)
{
	struct tmpl_vars *v;
	char	 s[64];
	size_t	 i;

	for (i = n; i-- > from; ) {
		v = tmpl_loop_add(c->vars, "entries");
		civil_date(s, e[i].day);
		tmpl_set(v, "day", s);
		civil_long_date(s, sizeof(s), e[i].day, 1);
		tmpl_set(v, "day_text", s);
		tmpl_set(v, "weight", in_unit(c, e[i].kg100, lb));
		tmpl_setf(v, "average", "%.1f", moving_average(e, i, lb));
	}
}

/* The page: the form (values as set), the chart and the entries. */
static int
show(struct ctx *c, int status, const struct form *q)
{
	long	 days = q != NULL && strcmp(form_str(q, 0), "year") == 0 ?
	    LONG_DAYS : SHORT_DAYS, first = c->sess->today - days + 1;
	struct bw_entry *e;
	size_t	 n, from = 0;
	int	 lb;

	if ((lb = page_lb(c)) < 0 || bw_list(c->db, c->req->arena,
	    first - AVG_DAYS + 1, &e, &n) != 0)
		return -1;
	while (from < n && e[from].day < first)
		from++;	/* in the averages only */
	if (from < n)
		chart(c, e, n, from, first, days - 1, lb);
	entries(c, e, n, from, lb);
	tmpl_set(c->vars, "unit", lb ? "lb" : "kg");
	tmpl_set(c->vars, days > SHORT_DAYS ? "range_year" : "range_short",
	    "1");
	return page_render(c, status, "weight.tmpl", "Body weight");
}

/*
 * GET /weight[?range=year][&day=YYYY-MM-DD]: log a body weight (for
 * today, or the day given, with its weight to change), the last 90 days
 * or year as a chart with a 7-day average, and the entries. 200.
 */
int
page_weight(struct ctx *c)
{
	struct bw_entry *e;
	struct form q;
	char	 d[CIVIL_DATE_LEN];
	size_t	 n;
	long	 day;
	int	 lb;

	form_query(c, query_fields, 2, &q);
	day = form_has(&q, 1) ? (long)form_num(&q, 1) : c->sess->today;
	civil_date(d, day);
	tmpl_set(c->vars, "day", d);
	if ((lb = page_lb(c)) < 0)
		return -1;
	if (form_has(&q, 1)) {	/* a day's entry to change */
		if (bw_list(c->db, c->req->arena, day, &e, &n) != 0)
			return -1;
		if (n > 0 && e[0].day == day)
			tmpl_set(c->vars, "weight", in_unit(c, e[0].kg100, lb));
		tmpl_set(c->vars, "editing", "1");
	}
	return show(c, 200, &q);
}

/*
 * POST /weight: day (YYYY-MM-DD, up to tomorrow), weight (in the user's
 * unit): saved, replacing that day's entry. 303 to /weight; 422 with
 * each error by its field.
 */
int
page_weight_post(struct ctx *c)
{
	struct form f;
	long long kg100;
	char	 d[64];
	int	 lb;

	if ((lb = page_lb(c)) < 0)
		return -1;
	form_read(c, fields, F__MAX, &f);
	if (form_has(&f, F_DAY) && form_num(&f, F_DAY) > c->sess->today + 1)
		form_error(c, "day", "The date can be at most tomorrow.");
	kg100 = view_weight_read(c, "weight", form_str(&f, F_WEIGHT), lb, 0);
	if (c->nerrors > 0)
		return show(c, 422, NULL);
	if (bw_set(c->db, (long)form_num(&f, F_DAY), kg100) != 0)
		return -1;
	civil_long_date(d, sizeof(d), (long)form_num(&f, F_DAY), 1);
	return page_done(c, "/weight", arena_printf(c->req->arena, "Your "
	    "weight for %s is saved: %s %s.", d, in_unit(c, kg100, lb),
	    lb ? "lb" : "kg"));
}
