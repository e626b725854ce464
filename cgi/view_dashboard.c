/* view_dashboard.c — the dashboard: this week, the streak, the quick log, the last workouts */
#include <stddef.h>

#include "civil.h"
#include "db.h"
#include "exercise.h"
#include "http.h"
#include "limits.h"
#include "page.h"
#include "session.h"
#include "stats.h"
#include "tmpl.h"
#include "user.h"
#include "view_dashboard.h"
#include "view_stats.h"
#include "view_workout.h"
#include "workout.h"

size_t
view_dashboard_reads(struct ctx *c, struct db_query *q)
{
	long	 week = civil_week_start(c->sess->today, c->sess->week_start);

	wk_recent_query(&q[0]);
	ex_library_query(&q[1]);
	stats_query(c->req->arena, SQ_WEEK_TOTALS, week, &q[2]);
	stats_query(c->req->arena, SQ_STREAKS, c->sess->today, &q[3]);
	return 4;
}

int
view_dashboard(struct ctx *c, int status)
{
	const struct library *lib;
	struct ex_total *t;
	struct workout_row *w;
	struct db_query q[PAGE_READS_MAX];
	long	 week = civil_week_start(c->sess->today, c->sess->week_start);
	size_t	 n, nw;
	int	 lb;

	if (page_prefetch(c, q, view_dashboard_reads(c, q)) != 0 ||
	    (lb = page_lb(c)) < 0 ||
	    (lib = page_library(c)) == NULL ||
	    stats_week_totals(c->db, c->req->arena, lib, week, &t, &n) != 0 ||
	    view_streaks(c) != 0 ||
	    wk_recent(c->db, c->req->arena, lib, &w, &nw) != 0 ||
	    view_exercise_options(c, tmpl_get(c->vars, "exercise"), NULL,
	    0, 0) != 0 || view_workout_rows(c, "recent", w,
	    nw < RECENT_ROWS ? nw : RECENT_ROWS, 0) != 0 ||
	    view_totals(c, t, n) != 0 ||
	    view_recent_exercises(c, "repeat", DASHBOARD_REPEAT, w, nw) != 0)
		return -1;
	view_submission(c);
	tmpl_set(c->vars, "timezone", c->sess->timezone);
	tmpl_set(c->vars, "unit", lb ? "lb" : "kg");
	return page_render(c, status, "dashboard.tmpl", "Dashboard");
}
