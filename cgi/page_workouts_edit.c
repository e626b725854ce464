/* page_workouts_edit.c — GET and POST /workouts/ID/edit: change a workout */
#include "http.h"
#include "page.h"
#include "tmpl.h"
#include "valid.h"
#include "view_workout.h"
#include "workout.h"

/* GET /workouts/ID/edit: the form, filled in. 200; 404 for another's id. */
int
page_workouts_edit(struct ctx *c)
{
	const char *id = c->req->args[0];
	struct workout_form f;
	int	 found;

	if ((found = view_workout_load(c, id, &f)) < 0)
		return -1;
	if (!found)
		return view_workout_missing(c);
	tmpl_set(c->vars, "edit_id", id);
	return view_workout_form(c, 200, f.slug);
}

/* POST /workouts/ID/edit: saves the changes. 303; 422; 404. */
int
page_workouts_edit_post(struct ctx *c)
{
	const char *id = c->req->args[0];
	struct workout_post p;
	enum wk_result rc;
	int	 bad;

	if (!valid_uuid(id))
		return view_workout_missing(c);
	tmpl_set(c->vars, "edit_id", id);
	if ((bad = view_workout_read(c, &p)) < 0)
		return -1;
	if (bad > 0)
		return view_workout_form(c, 422, p.exercise);
	if ((rc = wk_update(c->db, id, &p.w, p.when)) == WK_FAILED)
		return -1;
	if (rc == WK_NOT_FOUND)
		return view_workout_missing(c);
	return page_done(c, "/workouts", "Your changes are saved.");
}
