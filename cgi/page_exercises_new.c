/* page_exercises_new.c — GET and POST /exercises/new: an exercise of one's own */
#include "exercise.h"
#include "form.h"
#include "http.h"
#include "limits.h"
#include "page.h"
#include "view_exercise.h"

/* GET /exercises/new: the form. 200. */
int
page_exercises_new(struct ctx *c)
{
	return view_exercise_form(c, 200, NULL);
}

/*
 * POST /exercises/new: name, measure, met, bodyweight, confirm. 303 to
 * the exercise's page; 422 with each error by its field (a name of the
 * user's own taken, a built-in's name not confirmed, too many).
 */
int
page_exercises_new_post(struct ctx *c)
{
	const struct library *lib;
	struct exercise_def d;
	const char *slug;

	if ((lib = page_library(c)) == NULL)
		return -1;
	if (view_exercise_read(c, &d, NULL) > 0)
		return view_exercise_form(c, 422, NULL);
	switch (ex_create(c->db, c->req->arena, lib, &d, &slug)) {
	case EX_DONE:
		break;
	case EX_NAME_TAKEN:
		form_error(c, "name", "You have an exercise of this name "
		    "already.");
		return view_exercise_form(c, 422, NULL);
	case EX_TOO_MANY:
		form_error(c, "name", "You have " XSTR(EXERCISES_MAX_OWN)
		    " exercises of your own, archived ones included: merge "
		    "some into others to make room.");
		return view_exercise_form(c, 422, NULL);
	default:
		return -1;
	}
	return page_done(c, arena_printf(c->req->arena, "/exercises/%s", slug),
	    "Your exercise is saved. Log it from here or from the log form.");
}
