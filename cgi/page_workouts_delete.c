/* page_workouts_delete.c — GET and POST /workouts/ID/delete: delete a workout */
#include "exercise.h"
#include "http.h"
#include "page.h"
#include "tmpl.h"
#include "valid.h"
#include "view_workout.h"
#include "workout.h"

/* GET /workouts/ID/delete: asks to confirm. 200; 404. */
int
page_workouts_delete(struct ctx *c)
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
	tmpl_set(c->vars, "id", id);
	tmpl_set(c->vars, "exercise_name", e->name);
	tmpl_set(c->vars, "date", f.date);
	tmpl_set(c->vars, "time", f.time);
	tmpl_set(c->vars, "sets", view_sets(c, f.sets, f.nsets, e->bodyweight));
	tmpl_set(c->vars, "note", f.note);
	return page_render(c, 200, "workouts_delete.tmpl", "Delete workout");
}

/*
 * POST /workouts/ID/delete: deletes it. 303 to the history, or with
 * undo=1 (the dashboard's Undo just after saving) back to the dashboard;
 * 404.
 */
int
page_workouts_delete_post(struct ctx *c)
{
	const char *id = c->req->args[0];
	enum wk_result rc;

	if (!valid_uuid(id))
		return view_workout_missing(c);
	if ((rc = wk_delete(c->db, id)) == WK_FAILED)
		return -1;
	if (rc == WK_NOT_FOUND)
		return view_workout_missing(c);
	if (kv_get(&c->req->form, "undo") != NULL)
		return page_done(c, "/dashboard", "Undone: that workout is "
		    "no longer in your log.");
	return page_done(c, "/workouts", "The workout is deleted.");
}
