/* page_settings_goals.c — GET and POST /settings/goals: a weekly goal per exercise */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "exercise.h"
#include "form.h"
#include "goal.h"
#include "http.h"
#include "limits.h"
#include "page.h"
#include "tmpl.h"

/*
 * The form has one field per exercise of the library, "goal-<slug>":
 * reps, or minutes for a timed one; empty for no goal.
 */
static struct field *
declare(struct ctx *c, const struct exercise *e, size_t n)
{
	struct field *f = arena_alloc(c->req->arena, (n + 1) * sizeof(*f));
	size_t	 i;

	for (i = 0; i < n; i++) {
		f[i].name = arena_printf(c->req->arena, "goal-%s", e[i].slug);
		f[i].type = FT_INT;
		f[i].min = 1;
		f[i].max = e[i].timed ? GOAL_MAX_MINUTES : GOAL_MAX_REPS;
		f[i].invalid = e[i].timed ? "Enter whole minutes from 1 to "
		    XSTR(GOAL_MAX_MINUTES) " (a week), or leave it empty." :
		    "Enter whole reps from 1 to " XSTR(GOAL_MAX_REPS) ", or "
		    "leave it empty.";
		f[i].flags = FF_NOKEEP;
	}
	return f;
}

/* The stored goal of slug as the field shows it, or NULL. */
static const char *
stored(struct ctx *c, const struct goal *g, size_t ng,
    const struct exercise *e)
{
	size_t	 j;

	for (j = 0; j < ng; j++)
		if (strcmp(g[j].slug, e->slug) == 0)
			return arena_printf(c->req->arena, "%ld", e->timed ?
			    g[j].target / 60 : g[j].target);
	return NULL;
}

/* The form: each field's value as sent (f) or as stored, and its error. */
static int
form(struct ctx *c, int status, const struct form *f)
{
	const struct library *lib;
	const struct exercise *e;
	struct tmpl_vars *v;
	struct goal *g;
	const char *val;
	size_t	 i, n, ng;

	if ((lib = page_library(c)) == NULL ||
	    goal_list(c->db, c->req->arena, &g, &ng) != 0)
		return -1;
	e = lib->v;
	n = lib->n;
	for (i = 0; i < n; i++) {
		v = tmpl_loop_add(c->vars, "goals");
		tmpl_setf(v, "field", "goal-%s", e[i].slug);
		tmpl_set(v, "name", ex_label(c->req->arena, lib, &e[i]));
		tmpl_set(v, "unit", e[i].timed ? "minutes" : "reps");
		val = f != NULL ? form_sent(f, i) : stored(c, g, ng, &e[i]);
		tmpl_set(v, "value", val);
		tmpl_set(v, "error", tmpl_get(c->vars, arena_printf(
		    c->req->arena, "goal-%s_error", e[i].slug)));
	}
	return page_render(c, status, "settings_goals.tmpl", "Weekly goals");
}

/* GET /settings/goals: the weekly goals. 200. */
int
page_settings_goals(struct ctx *c)
{
	return form(c, 200, NULL);
}

/*
 * POST /settings/goals: goal-<slug> per exercise, reps or minutes, empty
 * for none. 303 to /dashboard; 422 with each error by its field.
 */
int
page_settings_goals_post(struct ctx *c)
{
	const struct library *lib;
	const struct exercise *e;
	struct field *fields;
	struct form f;
	size_t	 i, n;

	if ((lib = page_library(c)) == NULL)
		return -1;
	e = lib->v;
	n = lib->n;
	fields = declare(c, e, n);
	if (form_read(c, fields, n, &f) > 0)
		return form(c, 422, &f);
	for (i = 0; i < n; i++)
		if (goal_set(c->db, e[i].id, !form_has(&f, i) ? -1 :
		    e[i].timed ? (long)form_num(&f, i) * 60 :
		    (long)form_num(&f, i)) != 0)
			return -1;
	if (audit(c->db, c->req, "settings_changed", "weekly goals") != 0)
		return -1;
	return page_done(c, "/dashboard", "Your weekly goals are saved.");
}
