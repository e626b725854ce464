/* page_exercises_archive.c — POST /exercises/NAME/archive: hide an exercise of one's own, or bring it back */
#include "exercise.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "view_exercise.h"

static const struct field fields[] = {
	{ "archived", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
};

/*
 * POST /exercises/NAME/archive: archived ("1" to archive, else back).
 * An archived exercise is not offered for new workouts; its workouts,
 * records and statistics stay. 303 to its page; 403; 404.
 */
int
page_exercises_archive_post(struct ctx *c)
{
	const struct exercise *e;
	struct form f;
	int	 failed, on;

	if ((e = view_exercise_of_url(c, 1, &failed)) == NULL)
		return failed ? -1 : 0;
	form_read(c, fields, 1, &f);
	on = *form_str(&f, 0) == '1';
	if (ex_archive(c->db, e, on) != 0)
		return -1;
	return page_done(c, arena_printf(c->req->arena, "/exercises/%s",
	    e->slug), on ? "The exercise is archived: it is kept with its "
	    "workouts, and no longer offered in the log form." :
	    "The exercise is back in the log form.");
}
