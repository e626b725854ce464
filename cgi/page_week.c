/* page_week.c — GET /week?of=YYYY-MM-DD: seven days in the user's zone, a chart and the numbers */
#include "civil.h"
#include "db.h"
#include "exercise.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "stats.h"
#include "tmpl.h"
#include "view_stats.h"

#define WEEK_LAST_DAY	47481	/* 2099-12-31 */

static const struct field fields[] = {
	{ "of", FT_DATE, 0, WEEK_LAST_DAY, NULL, "Enter a date as YYYY-MM-DD, "
	    "between 1970 and 2099.", NULL, NULL, 0 },
};

static void
dates(struct ctx *c, long start, long today_start)
{
	char	 s[64];

	civil_long_date(s, sizeof(s), start, 1);
	tmpl_set(c->vars, "start_text", s);
	civil_long_date(s, sizeof(s), start + 6, 1);
	tmpl_set(c->vars, "end_text", s);
	civil_date(s, start);
	tmpl_set(c->vars, "start", s);
	civil_date(s, start - 7);
	tmpl_set(c->vars, "prev", s);
	civil_date(s, start + 7);
	tmpl_set(c->vars, "next", s);
	if (start != today_start)
		tmpl_set(c->vars, "not_current", "1");
}

/* What the page reads of the week from start, in one round trip. */
static size_t
reads(struct ctx *c, long start, struct db_query *q)
{
	stats_query(c->req->arena, SQ_WEEK_TOTALS, start, &q[0]);
	stats_query(c->req->arena, SQ_DAYS, start, &q[1]);
	ex_library_query(&q[2]);
	return 3;
}

/* The reads of /week without ?of=: this week's. */
size_t
page_week_reads(struct ctx *c, struct db_query *q)
{
	if (c->req->query.n > 0)
		return 0;
	return reads(c, civil_week_start(c->sess->today, c->sess->week_start),
	    q);
}

/*
 * GET /week[?of=YYYY-MM-DD]: the week holding that day (today by
 * default), with links to the weeks before and after. 200; 422 for a
 * date that is not one (the current week is shown below the message).
 */
int
page_week(struct ctx *c)
{
	const struct library *lib;
	struct ex_total *t;
	struct day_total *d;
	struct form f;
	struct db_query q[PAGE_READS_MAX];
	size_t	 nt, nd;
	int	 ws = c->sess->week_start, bad;
	long	 now = civil_week_start(c->sess->today, ws), start;

	bad = form_query(c, fields, 1, &f);
	start = form_has(&f, 0) ? civil_week_start(form_num(&f, 0), ws) : now;
	dates(c, start, now);
	if (page_prefetch(c, q, reads(c, start, q)) != 0 ||
	    (lib = page_library(c)) == NULL ||
	    stats_week_totals(c->db, c->req->arena, lib, start, &t, &nt) != 0 ||
	    stats_days(c->db, c->req->arena, lib, start, &d, &nd) != 0 ||
	    view_totals(c, t, nt) != 0)
		return -1;
	view_week_days(c, start, d, nd, t, nt);
	return page_render(c, bad ? 422 : 200, "week.tmpl", "Week");
}
