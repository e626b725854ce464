/* page_index.c — GET /: the landing page */
#include "http.h"
#include "page.h"

/*
 * GET /: what Exercise Buddy does, with links to sign up and log in;
 * someone signed in goes to the dashboard. 200, 303.
 */
int
page_index(struct ctx *c)
{
	if (c->sess != NULL) {
		http_redirect(c->req, "/dashboard");
		return 0;
	}
	return page_render(c, 200, "index.tmpl", "Your own workout log");
}
