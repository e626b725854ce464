/* page_logout.c — POST /logout */
#include "audit.h"
#include "http.h"
#include "page.h"
#include "session.h"

/* POST /logout: ends this session, clears the cookie. 303 to /. */
int
page_logout_post(struct ctx *c)
{
	if (audit(c->db, c->req, "logout", NULL) != 0 ||
	    sess_end(c->db, c->req, c->sess) != 0)
		return -1;
	c->sess = NULL;
	http_redirect(c->req, "/");
	return 0;
}
