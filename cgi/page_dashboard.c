/* page_dashboard.c — GET /dashboard: this week at a glance, the streak, a quick log, the last workouts */
#include "http.h"
#include "page.h"
#include "view_dashboard.h"

/*
 * GET /dashboard: this week per exercise against last week and the goals,
 * the current streak, a quick log form, the last five workouts and the
 * message of a save just made. 200, kept for Back (its quick log's
 * submission id with it).
 */
int
page_dashboard(struct ctx *c)
{
	c->req->back_cache = 1;
	return view_dashboard(c, 200);
}
