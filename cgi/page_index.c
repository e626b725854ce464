/* page_index.c — GET /: the landing page */
#include "page.h"

/* GET /: what Exercise Buddy does, with links to sign up and log in. 200. */
int
page_index(struct ctx *c)
{
	return page_render(c, "index.tmpl", "Your own workout log");
}
