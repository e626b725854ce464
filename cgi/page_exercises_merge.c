/* page_exercises_merge.c — GET and POST /exercises/NAME/merge: move its workouts into another, then remove it */
#include <string.h>

#include "exercise.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "tmpl.h"
#include "view_exercise.h"

static const struct field fields[] = {
	{ "into", FT_TEXT, 0, 0, "Choose the exercise to merge it into.", NULL,
	    NULL, NULL, 0 },
};

/*
 * Where a's workouts may go: another exercise, not archived, of the same
 * kind of measure (reps with reps, time with time).
 */
static int
compatible(const struct exercise *a, const struct exercise *b)
{
	return a != b && !b->archived && (a->measure == MEASURE_TIME) ==
	    (b->measure == MEASURE_TIME);
}

static int
form(struct ctx *c, int status, const struct exercise *e)
{
	const struct library *lib = c->lib;
	const char *into = tmpl_get(c->vars, "into");
	struct tmpl_vars *v;
	size_t	 i;

	for (i = 0; i < lib->n; i++) {
		if (!compatible(e, &lib->v[i]))
			continue;
		v = tmpl_loop_add(c->vars, "targets");
		tmpl_set(v, "slug", lib->v[i].slug);
		tmpl_set(v, "name", lib->v[i].name);
		tmpl_set(v, "own", lib->v[i].own ? "1" : NULL);
		if (into != NULL && strcmp(into, lib->v[i].slug) == 0)
			tmpl_set(v, "selected", "1");
	}
	tmpl_set(c->vars, "slug", e->slug);
	tmpl_set(c->vars, "name", e->name);
	return page_render(c, status, "exercises_merge.tmpl", "Merge an exercise");
}

/* GET /exercises/NAME/merge: what merging does, and the choice. 200; 403; 404. */
int
page_exercises_merge(struct ctx *c)
{
	const struct exercise *e;
	int	 failed;

	if ((e = view_exercise_of_url(c, 1, &failed)) == NULL)
		return failed ? -1 : 0;
	return form(c, 200, e);
}

/*
 * POST /exercises/NAME/merge: into (an exercise's slug, measured the
 * same way). Its workouts and goal move there, then it is removed. 303
 * to the exercise merged into; 422; 403; 404.
 */
int
page_exercises_merge_post(struct ctx *c)
{
	const struct exercise *e, *into;
	struct form f;
	long	 n;
	int	 failed;

	if ((e = view_exercise_of_url(c, 1, &failed)) == NULL)
		return failed ? -1 : 0;
	form_read(c, fields, 1, &f);
	into = form_has(&f, 0) ? ex_find(c->lib, form_str(&f, 0)) : NULL;
	if (form_has(&f, 0) && (into == NULL || !compatible(e, into)))
		form_error(c, "into", "Choose one of the exercises listed: one "
		    "counted the same way (reps, or time), not archived.");
	if (c->nerrors > 0 || into == NULL)
		return form(c, 422, e);
	if ((n = ex_merge(c->db, e, into)) < 0)
		return -1;
	return page_done(c, arena_printf(c->req->arena, "/exercises/%s",
	    into->slug), arena_printf(c->req->arena, "%s is merged into %s: "
	    "%ld workout%s moved.", e->name, into->name, n, n == 1 ? "" : "s"));
}
