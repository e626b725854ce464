/* page_exercises_edit.c — GET and POST /exercises/NAME/edit: rename or change an exercise of one's own */
#include "exercise.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "view_exercise.h"

/* GET /exercises/NAME/edit: the form, filled in. 200; 403 a built-in; 404. */
int
page_exercises_edit(struct ctx *c)
{
	const struct exercise *e;
	int	 failed;

	if ((e = view_exercise_of_url(c, 1, &failed)) == NULL)
		return failed ? -1 : 0;
	return view_exercise_form(c, 200, e);
}

/*
 * POST /exercises/NAME/edit: as /exercises/new. 303 to its page (a new
 * name, a new address); 422; 403; 404.
 */
int
page_exercises_edit_post(struct ctx *c)
{
	const struct exercise *e;
	struct exercise_def d;
	const char *slug;
	int	 failed, used;

	if ((e = view_exercise_of_url(c, 1, &failed)) == NULL)
		return failed ? -1 : 0;
	if (view_exercise_read(c, &d, e) == 0 &&
	    (d.measure == MEASURE_TIME) != (e->measure == MEASURE_TIME)) {
		/* Its workouts and goal are counted one way: they stay so. */
		if ((used = ex_used(c->db, e)) < 0)
			return -1;
		if (used)
			form_error(c, "measure", e->measure == MEASURE_TIME ?
			    "It has workouts or a goal counted in time: keep "
			    "it timed, or make a new exercise counted in reps." :
			    "It has workouts or a goal counted in reps: keep "
			    "it in reps, or make a new exercise counted in "
			    "time.");
	}
	if (c->nerrors > 0)
		return view_exercise_form(c, 422, e);
	switch (ex_update(c->db, c->req->arena, c->lib, e, &d, &slug)) {
	case EX_DONE:
		break;
	case EX_NAME_TAKEN:
		form_error(c, "name", "You have an exercise of this name "
		    "already.");
		return view_exercise_form(c, 422, e);
	default:
		return -1;
	}
	return page_done(c, arena_printf(c->req->arena, "/exercises/%s", slug),
	    "Your changes are saved.");
}
