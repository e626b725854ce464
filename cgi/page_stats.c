/* page_stats.c — GET /stats: all-time totals, records per exercise, streaks, months, the year */
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

static long
num(PGresult *res, int i, int col)
{
	return strtol(PQgetvalue(res, i, col), NULL, 10);
}

static int
all_time(struct ctx *c)
{
	PGresult *res;

	res = db_exec(c->db, "SELECT count(*), coalesce(sum(reps), 0), "
	    "coalesce(sum(duration_seconds), 0), coalesce(sum(calories), 0), "
	    "count(DISTINCT performed_at::date) FROM workouts "
	    "WHERE user_id = current_user_id()", 0, NULL);
	if (res == NULL)
		return -1;
	tmpl_set(c->vars, "all_workouts", PQgetvalue(res, 0, 0));
	tmpl_set(c->vars, "all_reps", PQgetvalue(res, 0, 1));
	tmpl_set(c->vars, "all_time", stats_duration(c, num(res, 0, 2)));
	tmpl_set(c->vars, "all_kcal", PQgetvalue(res, 0, 3));
	tmpl_set(c->vars, "all_days", PQgetvalue(res, 0, 4));
	if (num(res, 0, 0) > 0)
		tmpl_set(c->vars, "any", "1");
	PQclear(res);
	return 0;
}

/* Per exercise: totals and records, the earliest date winning a tie. */
static PGresult *
records(struct ctx *c)
{
	char	 ws[2];
	const char *p[1] = { ws };

	snprintf(ws, sizeof(ws), "%d", c->sess->week_start);
	return db_exec(c->db, "WITH w AS (SELECT exercise_type_id AS ex, "
	    "performed_at AS at, performed_at::date AS day, reps, "
	    "duration_seconds AS dur FROM workouts "
	    "WHERE user_id = current_user_id()), "
	    "t AS (SELECT ex, count(*) AS n, sum(reps) AS reps, sum(dur) AS dur "
	    "FROM w GROUP BY ex), "
	    "bw AS (SELECT DISTINCT ON (ex) ex, reps, day FROM w WHERE reps > 0 "
	    "ORDER BY ex, reps DESC, at), "
	    "bd AS (SELECT DISTINCT ON (ex) ex, reps, day FROM (SELECT ex, day, "
	    "sum(reps) AS reps FROM w GROUP BY ex, day) d WHERE reps > 0 "
	    "ORDER BY ex, reps DESC, day), "
	    "bl AS (SELECT DISTINCT ON (ex) ex, dur, day FROM w WHERE dur > 0 "
	    "ORDER BY ex, dur DESC, at), "
	    "bk AS (SELECT DISTINCT ON (k.ex) k.ex, k.amount, k.week FROM "
	    "(SELECT w.ex, w.day - ((extract(dow FROM w.day)::int - $1::int "
	    "+ 7) % 7) AS week, sum(CASE WHEN e.measure = 'time' THEN w.dur "
	    "ELSE w.reps END) AS amount FROM w JOIN exercise_types e "
	    "ON e.id = w.ex GROUP BY 1, 2) k WHERE k.amount > 0 "
	    "ORDER BY k.ex, k.amount DESC, k.week) "
	    "SELECT e.slug, e.name, e.measure = 'time', t.n, t.reps, t.dur, "
	    "bw.reps, bw.day, bd.reps, bd.day, bl.dur, bl.day, bk.amount, "
	    "bk.week FROM t JOIN exercise_types e ON e.id = t.ex "
	    "LEFT JOIN bw ON bw.ex = t.ex LEFT JOIN bd ON bd.ex = t.ex "
	    "LEFT JOIN bl ON bl.ex = t.ex LEFT JOIN bk ON bk.ex = t.ex "
	    "ORDER BY e.name", 1, p);
}

static void
record_row(struct ctx *c, PGresult *res, int i)
{
	struct tmpl_vars *v = tmpl_loop_add(c->vars, "exercises");
	int	 timed = PQgetvalue(res, i, 2)[0] == 't';
	long	 n = num(res, i, 3);

	tmpl_set(v, "name", PQgetvalue(res, i, 1));
	tmpl_set_int(v, "workouts", n);
	tmpl_set(v, "reps", timed ? "" : PQgetvalue(res, i, 4));
	tmpl_set(v, "time", num(res, i, 5) > 0 ?
	    stats_duration(c, num(res, i, 5)) : "");
	tmpl_set(v, "average", timed ? stats_duration(c, num(res, i, 5) / n) :
	    arena_printf(c->req->arena, "%.1f reps",
	    (double)num(res, i, 4) / (double)n));
	if (!PQgetisnull(res, i, 6)) {
		tmpl_set(v, "best_set", PQgetvalue(res, i, 6));
		tmpl_set(v, "best_set_day", PQgetvalue(res, i, 7));
		tmpl_set(v, "best_day", PQgetvalue(res, i, 8));
		tmpl_set(v, "best_day_day", PQgetvalue(res, i, 9));
	}
	if (!PQgetisnull(res, i, 10)) {
		tmpl_set(v, "longest", stats_duration(c, num(res, i, 10)));
		tmpl_set(v, "longest_day", PQgetvalue(res, i, 11));
	}
	if (!PQgetisnull(res, i, 12)) {
		tmpl_set(v, "best_week", timed ? stats_duration(c,
		    num(res, i, 12)) : arena_printf(c->req->arena, "%s reps",
		    PQgetvalue(res, i, 12)));
		tmpl_set(v, "best_week_of", PQgetvalue(res, i, 13));
	}
}

static int
records_vars(struct ctx *c)
{
	PGresult *res;
	int	 i;

	if ((res = records(c)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++)
		record_row(c, res, i);
	PQclear(res);
	return 0;
}

int	 stats_months(struct ctx *);
int	 stats_year(struct ctx *);

/*
 * GET /stats: totals of all time, per exercise the totals, average and
 * records with their dates, the current and longest streak, the last 12
 * months (chart and table) and a year heatmap, in the user's zone. 200.
 */
int
page_stats(struct ctx *c)
{
	long	 cur, best;

	if (all_time(c) != 0 || records_vars(c) != 0 ||
	    stats_streaks(c, &cur, &best) != 0 || stats_months(c) != 0 ||
	    stats_year(c) != 0)
		return -1;
	tmpl_set_int(c->vars, "streak", cur);
	tmpl_set_int(c->vars, "best_streak", best);
	return page_render(c, "stats.tmpl", "Statistics");
}
