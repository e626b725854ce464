/* page_dashboard.c — GET /dashboard: the home page of someone signed in */
#include "page.h"
#include "session.h"
#include "tmpl.h"

/* GET /dashboard: a greeting and where to go next. 200. */
int
page_dashboard(struct ctx *c)
{
	tmpl_set(c->vars, "timezone", c->sess->timezone);
	tmpl_set(c->vars, "week_start", c->sess->week_start ? "Monday" :
	    "Sunday");
	return page_render(c, "dashboard.tmpl", "Dashboard");
}
