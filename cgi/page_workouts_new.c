/* page_workouts_new.c — GET and POST /workouts/new: log a workout, set by set */
#include <string.h>

#include "form.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "view_dashboard.h"
#include "view_log.h"
#include "workout.h"

static const struct field fields[] = {
	{ "exercise", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
	{ "same", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
};

/*
 * GET /workouts/new[?q=search&exercise=slug[&same=1]]: the form, now as
 * the time; with same=1 the sets of the exercise's last workout filled
 * in. 200, kept for Back (so that Save after Back finds its submission
 * saved already); 422 when same=1 and it was never logged.
 */
int
page_workouts_new(struct ctx *c)
{
	struct log_post p;
	const char *date, *tm;
	struct form f;

	c->req->back_cache = 1;
	if (wk_local_now(c->db, c->req->arena, &date, &tm) != 0)
		return -1;
	tmpl_set(c->vars, "date", date);
	tmpl_set(c->vars, "time", tm);
	form_query(c, fields, 2, &f);
	if (!form_has(&f, 0))
		return view_log_form(c, 200, NULL, NULL, 0);
	if (!form_has(&f, 1))
		return view_log_form(c, 200, form_str(&f, 0), NULL, 0);
	memset(&p, 0, sizeof(p));
	p.action = LOG_SAME;
	p.exercise = form_str(&f, 0);
	return view_log_act(c, &p, 0);
}

/*
 * POST /workouts/new (the log form's action adds "?log", so that the
 * browser keeps the form's GET for Back): saves the workout (once per
 * submission id) and goes to the dashboard with a confirmation (and any
 * record it beat) and an Undo button: /dashboard?saved=ID, a URL of its
 * own, so that the dashboard its quick log was sent from stays in the
 * browser's cache for Back, with its submission id.
 * 303; 422 with the form (or the dashboard, for its quick log) and each
 * error by its field; 200 with the form for "Add set", "Same as last
 * time" and the shorthand's "Fill in".
 */
int
page_workouts_new_post(struct ctx *c)
{
	struct log_post p;
	enum wk_result rc;
	char	 id[37];
	int	 bad;

	if ((bad = view_log_read(c, &p, NULL)) < 0)
		return -1;
	if (p.action != LOG_SAVE)
		return view_log_act(c, &p, bad);
	if (bad > 0)
		return p.quick ? view_dashboard(c, 422) :
		    view_log_form(c, 422, p.exercise, NULL, 0);
	rc = wk_insert(c->db, c->req->arena, &p.w, p.when, c->sess->today,
	    p.submission, id);
	if (rc == WK_FAILED)
		return -1;
	if (rc == WK_ALREADY)
		return page_done(c, "/dashboard",
		    "That workout was saved already.");
	return page_done(c, arena_printf(c->req->arena, "/dashboard?saved=%s",
	    id), view_log_saved(c, &p, id));
}
