/* view_workout.c — what several pages show of workouts: the exercise list, rows, loads */
#include <stdio.h>
#include <string.h>

#include "exercise.h"
#include "fmt.h"
#include "http.h"
#include "limits.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "view_workout.h"
#include "workout.h"

static int
listed(const char *const *only, size_t n, const char *slug)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(only[i], slug) == 0)
			return 1;
	return 0;
}

static const char *
kind(const struct exercise *e)
{
	return e->measure == MEASURE_TIME ? "timed" :
	    e->measure == MEASURE_REPS_WEIGHT ? "weight" : "reps";
}

int
view_exercise_options(struct ctx *c, const char *chosen,
    const char *const *only, size_t nonly, int all)
{
	const struct library *lib;
	const struct exercise *e;
	struct tmpl_vars *v;
	size_t	 i;
	int	 sel;

	if ((lib = page_library(c)) == NULL)
		return -1;
	for (i = 0; i < lib->n; i++) {
		e = &lib->v[i];
		sel = chosen != NULL && strcmp(chosen, e->slug) == 0;
		if ((nonly > 0 && !listed(only, nonly, e->slug)) ||
		    (e->archived && !all && !sel))
			continue;
		v = tmpl_loop_add(c->vars, "exercises");
		tmpl_set(v, "slug", e->slug);
		tmpl_set(v, "name", e->name);
		tmpl_set(v, "kind", kind(e));
		tmpl_set(v, "own", e->own ? "1" : NULL);
		if (sel)
			tmpl_set(v, "selected", "1");
	}
	if (lib->n > lib->nbuiltin)
		tmpl_set(c->vars, "own_exercises", "1");
	return 0;
}

const char *
view_clock(struct ctx *c, long seconds)
{
	char	 d[32], s[40];

	/* fmt_cat, not a printf: a stats page writes some sixty. */
	fmt_duration(d, sizeof(d), seconds);
	return arena_strndup(c->req->arena, s, fmt_cat(s, sizeof(s), d,
	    seconds >= 3600 ? " h" : " min", (const char *)NULL));
}

const char *
view_trimmed(struct ctx *c, const char *decimal)
{
	char	*s = arena_strdup(c->req->arena, decimal);

	fmt_trim(s);
	return s;
}

const char *
view_int(struct ctx *c, long long n)
{
	char	 s[FMT_INT_LEN];

	return arena_strndup(c->req->arena, s, fmt_int(s, n));
}

const char *
view_tenths(struct ctx *c, double v)
{
	char	 d[64];

	fmt_tenths(d, sizeof(d), v);
	return arena_strdup(c->req->arena, d);
}

const char *
view_duration(struct ctx *c, long seconds)
{
	return seconds > 0 ? view_clock(c, seconds) : "";
}

const char *
view_load(struct ctx *c, long long kg100, int sign)
{
	char	 s[64];

	wk_load_text(s, sizeof(s), kg100, page_lb(c) == 1, sign);
	return arena_strdup(c->req->arena, s);
}

const char *
view_sets(struct ctx *c, const struct set *s, size_t n, int sign)
{
	char	 t[WK_SETS_TEXT_LEN];

	wk_sets_text(t, sizeof(t), s, n, page_lb(c) == 1, sign);
	return arena_strdup(c->req->arena, t);
}

int
view_recent_exercises(struct ctx *c, const char *loop, size_t max,
    const struct workout_row *r, size_t n)
{
	const struct library *lib;
	struct workout_row *mine;
	struct tmpl_vars *v;
	const char *seen[RECENT_EXERCISES];
	size_t	 i, j, k = 0;

	if (max > RECENT_EXERCISES)
		max = RECENT_EXERCISES;
	if (r == NULL) {
		if ((lib = page_library(c)) == NULL ||
		    wk_recent(c->db, c->req->arena, lib, &mine, &n) != 0)
			return -1;
		r = mine;
	}
	for (i = 0; i < n && k < max; i++) {
		for (j = 0; j < k && strcmp(seen[j], r[i].slug) != 0; j++)
			;
		if (j < k)
			continue;
		seen[k++] = r[i].slug;
		v = tmpl_loop_add(c->vars, loop);
		tmpl_set(v, "slug", r[i].slug);
		tmpl_set(v, "name", r[i].exercise);
		tmpl_set(v, "last", view_sets(c, r[i].sets, r[i].nsets,
		    r[i].bodyweight));
	}
	return 0;
}

int
view_workout_rows(struct ctx *c, const char *loop, const struct workout_row *r,
    size_t n, int notes)
{
	struct tmpl_vars *v;
	size_t	 i;

	if (n > 0 && page_lb(c) < 0)
		return -1;
	for (i = 0; i < n; i++, r++) {
		v = tmpl_loop_add(c->vars, loop);
		tmpl_set_ref(v, "id", r->id);
		tmpl_set_ref(v, "when", r->when);
		tmpl_set_ref(v, "iso", r->iso);
		tmpl_set(v, "exercise_name", r->exercise);
		tmpl_set(v, "slug", r->slug);
		tmpl_set_int(v, "reps", r->reps);
		tmpl_set_ref(v, "duration", view_duration(c, r->seconds));
		tmpl_set_ref(v, "sets", view_sets(c, r->sets, r->nsets,
		    r->bodyweight));
		tmpl_set_int(v, "nsets", (long long)r->nsets);
		tmpl_set_ref(v, "calories", view_trimmed(c, r->calories));
		if (r->estimated)
			tmpl_set_ref(v, "estimated", "1");
		if (notes)
			tmpl_set_ref(v, "note", r->note);
	}
	return 0;
}

void
view_submission(struct ctx *c)
{
	char	 id[37];

	if (tmpl_get(c->vars, "submission") != NULL)
		return;
	sess_uuid(id);
	tmpl_set(c->vars, "submission", id);
}

int
view_workout_missing(struct ctx *c)
{
	return page_error(c, 404, "There is no such workout in your log.");
}
