/* page_dashboard.c — GET /dashboard: this week at a glance, the streak, a quick log, the last workouts */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "stats.h"
#include "tmpl.h"
#include "workout.h"

static int
recent(struct ctx *c)
{
	struct tmpl_vars *v;
	PGresult *res;
	long	 d;
	int	 i;

	res = db_exec(c->db, "SELECT w.id, to_char(w.performed_at, "
	    "'YYYY-MM-DD HH24:MI'), iso_time(w.performed_at), e.name, w.reps, "
	    "w.duration_seconds, w.calories, w.calories_estimated "
	    "FROM workouts w JOIN exercise_types e ON e.id = w.exercise_type_id "
	    "WHERE w.user_id = current_user_id() "
	    "ORDER BY w.performed_at DESC, w.id DESC LIMIT 5", 0, NULL);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		v = tmpl_loop_add(c->vars, "recent");
		tmpl_set(v, "id", PQgetvalue(res, i, 0));
		tmpl_set(v, "when", PQgetvalue(res, i, 1));
		tmpl_set(v, "iso", PQgetvalue(res, i, 2));
		tmpl_set(v, "exercise_name", PQgetvalue(res, i, 3));
		tmpl_set(v, "reps", PQgetvalue(res, i, 4));
		d = strtol(PQgetvalue(res, i, 5), NULL, 10);
		tmpl_set(v, "duration", d > 0 ? stats_duration(c, d) : "");
		tmpl_set(v, "calories", PQgetvalue(res, i, 6));
		if (PQgetvalue(res, i, 7)[0] == 't')
			tmpl_set(v, "estimated", "1");
	}
	PQclear(res);
	return 0;
}

/* The quick log form: its exercise list and a submission id. */
static int
quick_form(struct ctx *c)
{
	char	 id[37];

	if (wk_options(c, tmpl_get(c->vars, "exercise"), NULL) != 0)
		return -1;
	if (tmpl_get(c->vars, "submission") == NULL) {
		sess_uuid(id);
		tmpl_set(c->vars, "submission", id);
	}
	return 0;
}

int
page_dashboard_show(struct ctx *c, int status)
{
	char	 start[11], prev[11], next[11], now[11];
	struct ex_total *t;
	size_t	 n;
	long	 cur, best;

	if (stats_week(c, NULL, start, prev, next, now) != 0 ||
	    stats_week_totals(c, start, &t, &n) != 0 ||
	    stats_streaks(c, &cur, &best) != 0 || recent(c) != 0 ||
	    quick_form(c) != 0)
		return -1;
	stats_totals_vars(c, t, n);
	tmpl_set_int(c->vars, "streak", cur);
	tmpl_set_int(c->vars, "best_streak", best);
	if (cur == 1)
		tmpl_set(c->vars, "streak_one", "1");
	tmpl_set(c->vars, "timezone", c->sess->timezone);
	c->req->status = status;
	return page_render(c, "dashboard.tmpl", "Dashboard");
}

/*
 * GET /dashboard: this week per exercise against last week and the goals,
 * the current streak, a quick log form, the last five workouts and the
 * message of a save just made. 200.
 */
int
page_dashboard(struct ctx *c)
{
	return page_dashboard_show(c, 200);
}
