/* page_goals.c — GET and POST /settings/goals: a weekly goal per exercise */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "workout.h"

/* The form: one field per exercise, "goal-<slug>", empty for none. */
static int
form(struct ctx *c, int status)
{
	const struct exercise *e;
	struct tmpl_vars *v;
	PGresult *res;
	size_t	 i, n;
	int	 j;
	char	 name[80];
	const char *val;

	if ((e = wk_exercises(c->db, &n)) == NULL ||
	    (res = db_exec(c->db, "SELECT e.slug, g.weekly_target FROM goals g "
	    "JOIN exercise_types e ON e.id = g.exercise_type_id", 0, NULL)) ==
	    NULL)
		return -1;
	for (i = 0; i < n; i++) {
		v = tmpl_loop_add(c->vars, "goals");
		snprintf(name, sizeof(name), "goal-%s", e[i].slug);
		tmpl_set(v, "field", name);
		tmpl_set(v, "name", e[i].name);
		tmpl_set(v, "unit", e[i].timed ? "minutes" : "reps");
		val = status == 200 ? NULL : kv_get(&c->req->form, name);
		for (j = 0; val == NULL && j < PQntuples(res); j++)
			if (strcmp(PQgetvalue(res, j, 0), e[i].slug) == 0)
				val = e[i].timed ? arena_printf(c->req->arena,
				    "%ld", strtol(PQgetvalue(res, j, 1), NULL,
				    10) / 60) : PQgetvalue(res, j, 1);
		tmpl_set(v, "value", val);
		snprintf(name, sizeof(name), "goal-%s_error", e[i].slug);
		tmpl_set(v, "error", tmpl_get(c->vars, name));
	}
	PQclear(res);
	c->req->status = status;
	return page_render(c, "goals.tmpl", "Weekly goals");
}

/* GET /settings/goals: the weekly goals. 200. */
int
page_goals(struct ctx *c)
{
	return form(c, 200);
}

/* Checks every field; the targets (reps, or seconds) into t, -1 for none. */
static void
check(struct ctx *c, const struct exercise *e, size_t n, long *t)
{
	char	 name[80];
	const char *v, *why;
	long long x;
	size_t	 i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "goal-%s", e[i].slug);
		v = page_field(c, name);
		t[i] = -1;
		if (*v == '\0')
			continue;
		if (valid_int(v, 1, e[i].timed ? 10080 : 700000, &x, &why) != 0)
			page_field_error(c, name, e[i].timed ? "Enter whole "
			    "minutes from 1 to 10080 (a week), or leave it "
			    "empty." : "Enter whole reps from 1 to 700000, or "
			    "leave it empty.");
		else
			t[i] = e[i].timed ? (long)x * 60 : (long)x;
	}
}

static int
save(struct ctx *c, const struct exercise *e, size_t n, const long *t)
{
	char	 target[24];
	const char *p[2];
	size_t	 i;

	for (i = 0; i < n; i++) {
		p[0] = e[i].id;
		snprintf(target, sizeof(target), "%ld", t[i]);
		p[1] = target;
		if (db_cmd(c->db, t[i] < 0 ? "DELETE FROM goals WHERE "
		    "exercise_type_id = $1" : "INSERT INTO goals (user_id, "
		    "exercise_type_id, weekly_target) VALUES (current_user_id(), "
		    "$1, $2) ON CONFLICT (user_id, exercise_type_id) DO UPDATE "
		    "SET weekly_target = EXCLUDED.weekly_target", t[i] < 0 ? 1 : 2,
		    p) != 0)
			return -1;
	}
	return 0;
}

/*
 * POST /settings/goals: goal-<slug> per exercise, reps or minutes, empty
 * for none. 303 to /dashboard; 422 with each error by its field.
 */
int
page_goals_post(struct ctx *c)
{
	const struct exercise *e;
	size_t	 n;
	long	*t;

	if ((e = wk_exercises(c->db, &n)) == NULL)
		return -1;
	t = arena_alloc(c->req->arena, (n + 1) * sizeof(*t));
	check(c, e, n, t);
	if (c->nerrors > 0)
		return form(c, 422);
	if (save(c, e, n, t) != 0 ||
	    audit(c, "settings_changed", "weekly goals") != 0 ||
	    sess_flash(c, "Your weekly goals are saved.") != 0)
		return -1;
	http_redirect(c->req, "/dashboard");
	return 0;
}
