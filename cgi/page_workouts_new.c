/* page_workouts_new.c — GET and POST /workouts/new: log a workout */
#include "form.h"
#include "http.h"
#include "page.h"
#include "tmpl.h"
#include "view_dashboard.h"
#include "view_workout.h"
#include "workout.h"

static const struct field fields[] = {
	{ "exercise", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
};

/* GET /workouts/new[?q=search&exercise=slug]: the form, now as the time. 200. */
int
page_workouts_new(struct ctx *c)
{
	const char *date, *tm;
	struct form f;

	if (wk_local_now(c->db, c->req->arena, &date, &tm) != 0)
		return -1;
	tmpl_set(c->vars, "date", date);
	tmpl_set(c->vars, "time", tm);
	form_query(c, fields, 1, &f);
	return view_workout_form(c, 200, form_has(&f, 0) ? form_str(&f, 0) :
	    NULL);
}

/*
 * POST /workouts/new: saves the workout (once per submission id) and
 * goes to the dashboard with a confirmation. 303; 422 with the form (or
 * the dashboard, for its quick log) and each error by its field.
 */
int
page_workouts_new_post(struct ctx *c)
{
	struct workout_post p;
	enum wk_result rc;
	int	 bad;

	if ((bad = view_workout_read(c, &p)) < 0)
		return -1;
	if (bad > 0)
		return p.quick ? view_dashboard(c, 422) :
		    view_workout_form(c, 422, p.exercise);
	if ((rc = wk_insert(c->db, &p.w, p.when, p.submission)) == WK_FAILED)
		return -1;
	return page_done(c, "/dashboard", rc == WK_DONE ?
	    "Your workout is saved." : "That workout was saved already.");
}
