/* page_workouts_edit.c — GET and POST /workouts/ID/edit: change a workout and its sets */
#include <string.h>

#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "view_log.h"
#include "view_workout.h"
#include "workout.h"

/* GET /workouts/ID/edit: the form, filled in. 200; 404 for another's id. */
int
page_workouts_edit(struct ctx *c)
{
	const char *id = c->req->args[0];
	const struct library *lib;
	const struct exercise *e;
	struct workout_form f;
	int	 found;

	if (!valid_uuid(id))
		return view_workout_missing(c);
	if ((found = wk_get(c->db, c->req->arena, id, &f)) < 0 ||
	    (lib = page_library(c)) == NULL)
		return -1;
	if (!found || (e = ex_by_id(lib, f.exercise_id)) == NULL)
		return view_workout_missing(c);
	tmpl_set(c->vars, "calories", f.calories);
	tmpl_set(c->vars, "estimate", f.estimate);
	tmpl_set(c->vars, "date", f.date);
	tmpl_set(c->vars, "time", f.time);
	tmpl_set(c->vars, "note", f.note);
	tmpl_set(c->vars, "edit_id", id);
	return view_log_form(c, 200, e->slug, f.sets, f.nsets);
}

/*
 * A load in pounds is stored in kg: a load sent back as one of the
 * workout's loads was shown keeps that load's kg (220.5 lb is 100.02 kg,
 * not the 100 kg shown as 220.5 lb), whichever row it is in now.
 */
static void
keep_loads(struct ctx *c, struct workout *w, const struct workout_form *f)
{
	char	 a[32], b[32];
	size_t	 k, j;

	if (page_lb(c) != 1)
		return;
	for (k = 0; k < w->nsets; k++) {
		if (!w->sets[k].loaded)
			continue;
		wk_load_value(a, sizeof(a), w->sets[k].load, 1);
		for (j = 0; j < f->nsets; j++) {
			if (!f->sets[j].loaded)
				continue;
			wk_load_value(b, sizeof(b), f->sets[j].load, 1);
			if (strcmp(a, b) == 0) {
				w->sets[k].load = f->sets[j].load;
				break;
			}
		}
	}
}

/* POST /workouts/ID/edit: saves the changes. 303; 422; 404; 200 for its buttons. */
int
page_workouts_edit_post(struct ctx *c)
{
	const char *id = c->req->args[0];
	struct workout_form f;
	struct log_post p;
	enum wk_result rc;
	int	 bad, found;

	/* Its buttons too answer only for the user's own workout. */
	if (!valid_uuid(id))
		return view_workout_missing(c);
	if ((found = wk_get(c->db, c->req->arena, id, &f)) < 0)
		return -1;
	if (!found)
		return view_workout_missing(c);
	tmpl_set(c->vars, "edit_id", id);
	if ((bad = view_log_read(c, &p, f.exercise_id)) < 0)
		return -1;
	if (p.action != LOG_SAVE)
		return view_log_act(c, &p, bad);
	if (bad > 0)
		return view_log_form(c, 422, p.exercise, NULL, 0);
	keep_loads(c, &p.w, &f);
	rc = wk_update(c->db, c->req->arena, id, &p.w, p.when, c->sess->today);
	if (rc == WK_FAILED)
		return -1;
	if (rc == WK_NOT_FOUND)
		return view_workout_missing(c);
	return page_done(c, "/workouts", arena_printf(c->req->arena,
	    "Your changes are saved.%s", view_log_skipped(c, &p)));
}
