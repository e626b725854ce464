/* page_settings_password.c — GET and POST /settings/password: change the password, end the other sessions */
#include <string.h>

#include "audit.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "user.h"
#include "view_account.h"

enum { F_CURRENT, F_NEW, F_CONFIRM, F__MAX };

static const struct field fields[F__MAX] = {
	[F_CURRENT] = { "current_password", FT_SECRET, 0, 0,
	    "Enter your current password.", NULL, NULL, NULL, 0 },
	[F_NEW] = { "new_password", FT_SECRET, 0, 0, "Choose a new password.",
	    NULL, NULL, NULL, 0 },
	[F_CONFIRM] = { "confirm_password", FT_SECRET, 0, 0, NULL, NULL, NULL,
	    NULL, 0 },
};

/* The form with the given status, each error by its field. */
static int
form(struct ctx *c, int status)
{
	return page_render(c, status, "settings_password.tmpl",
	    "Change your password");
}

/* GET /settings/password: the form. 200. */
int
page_settings_password(struct ctx *c)
{
	return form(c, 200);
}

/* The current password's check; a wrong one counts towards the lock. */
static int
check_current(struct ctx *c, const char *hash, const char *cur,
    enum pw_check *ok)
{
	*ok = PW_MATCH;
	if (*cur == '\0')
		return 0;
	if ((*ok = pw_verify(hash, cur)) != PW_MISMATCH)
		return 0;
	form_error(c, "current_password", "That is not your current "
	    "password.");
	/* Counts towards the lock, like a failed login. */
	return audit(c->db, c->req, "login_failed", "password change");
}

static void
check_new(struct ctx *c, const struct form *f, const char *email)
{
	const char *pw = form_str(f, F_NEW), *why;

	if (*pw != '\0' && (why = pw_weak(c->req->arena, pw,
	    c->sess->username, email)) != NULL)
		form_error(c, "new_password", why);
	else if (*pw != '\0' && strcmp(pw, form_str(f, F_CURRENT)) == 0)
		form_error(c, "new_password", "Choose a password that differs "
		    "from your current one.");
	if (strcmp(pw, form_str(f, F_CONFIRM)) != 0)
		form_error(c, "confirm_password", "The two new passwords "
		    "differ.");
}

/*
 * POST /settings/password: current_password, new_password,
 * confirm_password. 303 to /settings with every other session ended and
 * this one under a new id (a token taken before is worth nothing);
 * 422 with the form and each error by its field; 429
 * while throttled; 503 when busy.
 */
int
page_settings_password_post(struct ctx *c)
{
	const char *hash, *email;
	char	 newhash[PW_HASH_LEN];
	struct form f;
	enum throttle t;
	enum pw_check ok;
	long	 retry;

	if (user_secret(c->db, c->req->arena, &hash, &email) != 0)
		return -1;
	if ((t = audit_throttle(c->db, c->req, c->sess->user_id, &retry)) ==
	    THROTTLE_FAILED)
		return -1;
	if (t != THROTTLE_NONE) {
		view_throttled(c, t, retry);
		return form(c, 429);
	}
	form_read(c, fields, F__MAX, &f);
	if (check_current(c, hash, form_str(&f, F_CURRENT), &ok) != 0)
		return -1;
	if (ok == PW_BUSY)
		return page_busy(c);
	check_new(c, &f, email);
	if (c->nerrors > 0)
		return form(c, 422);
	if (pw_hash(form_str(&f, F_NEW), newhash) != 0)
		return page_busy(c);
	if (user_set_password(c->db, newhash) != 0 ||
	    sess_end_others(c->db, c->sess) < 0 ||
	    audit(c->db, c->req, "password_changed", NULL) != 0 ||
	    sess_start(c->db, c->req, c->sess, c->sess->user_id, &c->sess) != 0)
		return -1;
	return page_done(c, "/settings", "Your password is changed. Every "
	    "other session has been logged out.");
}
