/* page_account_delete.c — GET and POST /account/delete: delete the account for good */
#include "audit.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "user.h"
#include "view_account.h"

static const struct field fields[] = {
	{ "password", FT_SECRET, 0, 0, "Enter your password to confirm.",
	    NULL, NULL, NULL, 0 },
};

static int
form(struct ctx *c, int status)
{
	return page_render(c, status, "account_delete.tmpl",
	    "Delete your account");
}

/* GET /account/delete: what deleting means, and the password field. 200. */
int
page_account_delete(struct ctx *c)
{
	return form(c, 200);
}

/* Deletes the user (workouts, sessions, audit rows cascade). 0 or -1. */
static int
delete_user(struct ctx *c)
{
	const char *detail = arena_printf(c->req->arena, "user %s",
	    c->sess->user_id);

	if (user_delete(c->db) != 0)
		return -1;
	return audit_anon(c->db, c->req, NULL, NULL, "account_deleted",
	    detail);
}

/*
 * POST /account/delete: password. 200 with the goodbye page, signed out
 * and the account gone; 422 with the form and the error by the field
 * when the password is missing or wrong; 429 while throttled; 503 when
 * hashing is busy.
 */
int
page_account_delete_post(struct ctx *c)
{
	const char *hash, *email;
	struct form f;
	enum throttle t;
	long	 retry;

	if (form_read(c, fields, 1, &f) > 0)
		return form(c, 422);
	if ((t = audit_throttle(c->db, c->req, c->sess->user_id, &retry)) ==
	    THROTTLE_FAILED)
		return -1;
	if (t != THROTTLE_NONE) {
		view_throttled(c, t, retry);
		return form(c, 429);
	}
	if (user_secret(c->db, c->req->arena, &hash, &email) != 0)
		return -1;
	switch (pw_verify(hash, form_str(&f, 0))) {
	case PW_BUSY:
		return page_busy(c);
	case PW_MISMATCH:
		form_error(c, "password", "That is not your password. Your "
		    "account is not deleted.");
		/* Counts towards the lock, like a failed login. */
		if (audit(c->db, c->req, "login_failed", "account deletion") != 0)
			return -1;
		return form(c, 422);
	case PW_MATCH:
		break;
	}
	if (delete_user(c) != 0)
		return -1;
	sess_clear_cookie(c->req);
	c->sess = NULL;
	c->csrf = NULL;
	return page_render(c, 200, "goodbye.tmpl", "Goodbye");
}
