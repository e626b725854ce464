/* page_settings_sessions.c — POST /settings/sessions/end and /settings/sessions/end-others; GET leads to the list */
#include <stdio.h>
#include <strings.h>

#include "audit.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"

static const struct field fields[] = {
	{ "session", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
};

static int
no_session(struct ctx *c)
{
	tmpl_set(c->vars, "retry", "/settings");
	return page_error(c, 404, "There is no such session of yours: it "
	    "may have ended already.");
}

/*
 * GET /settings/sessions/end (a reload of its error page, say): 303 to
 * the session list.
 */
int
page_settings_sessions_end(struct ctx *c)
{
	http_redirect(c->req, "/settings#sessions");
	return 0;
}

/* GET /settings/sessions/end-others: 303 to the session list. */
int
page_settings_sessions_end_others(struct ctx *c)
{
	http_redirect(c->req, "/settings#sessions");
	return 0;
}

/*
 * POST /settings/sessions/end: session (a uuid of one of the user's
 * sessions). 303 to /settings, or to /login when it was this one; 404
 * for any other id.
 */
int
page_settings_sessions_end_post(struct ctx *c)
{
	struct form f;
	const char *id;
	int	 self, rc;

	form_read(c, fields, 1, &f);
	if (!valid_uuid(id = form_str(&f, 0)))
		return no_session(c);
	self = strcasecmp(id, c->sess->id) == 0;
	if ((rc = sess_end_id(c->db, id)) < 0)
		return -1;
	if (rc == 0)
		return no_session(c);
	if (audit(c->db, c->req, "session_ended", "1") != 0)
		return -1;
	if (self) {
		c->sess = NULL;
		sess_clear_cookie(c->req);
		http_redirect(c->req, "/login");
		return 0;
	}
	return page_done(c, "/settings", "That session has been ended.");
}

/* POST /settings/sessions/end-others: ends all but this session. 303. */
int
page_settings_sessions_end_others_post(struct ctx *c)
{
	char	 detail[24];
	const char *msg;
	long	 n;

	if ((n = sess_end_others(c->db, c->sess)) < 0)
		return -1;
	snprintf(detail, sizeof(detail), "%ld", n);
	if (n > 0 && audit(c->db, c->req, "session_ended", detail) != 0)
		return -1;
	msg = n == 0 ? "There were no other sessions to end." : n == 1 ?
	    "Your other session has been ended." :
	    arena_printf(c->req->arena, "Your %ld other sessions have been "
	    "ended.", n);
	return page_done(c, "/settings", msg);
}
