/* page_dashboard.c — GET /dashboard: this week at a glance, the streak, a quick log, the last workouts */
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "view_dashboard.h"
#include "workout.h"

/*
 * GET /dashboard: this week per exercise against last week and the goals,
 * the current streak, a quick log form, the last five workouts and the
 * message of a save just made, with an Undo button when ?saved= names
 * the workout it saved (still there, the user's own). 200, kept for Back
 * (its quick log's submission id with it).
 */
int
page_dashboard(struct ctx *c)
{
	struct workout_form f;
	const char *id = kv_get(&c->req->query, "saved");
	int	 found = 0;

	c->req->back_cache = 1;
	if (c->sess->flash != NULL && id != NULL && valid_uuid(id) &&
	    (found = wk_get(c->db, c->req->arena, id, &f)) < 0)
		return -1;
	if (found)
		tmpl_set(c->vars, "undo_id", id);
	return view_dashboard(c, 200);
}

size_t
page_dashboard_reads(struct ctx *c, struct db_query *q)
{
	return view_dashboard_reads(c, q);
}
