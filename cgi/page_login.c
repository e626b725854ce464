/* page_login.c — GET and POST /login */
#include <string.h>

#include "audit.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"
#include "user.h"
#include "view_account.h"

enum { F_LOGIN, F_PASSWORD, F_NEXT, F__MAX };

static const struct field fields[F__MAX] = {
	[F_LOGIN] = { "login", FT_TEXT, 0, 0,
	    "Enter your email or username.", NULL, NULL, NULL, 0 },
	[F_PASSWORD] = { "password", FT_SECRET, 0, 0, "Enter your password.",
	    NULL, NULL, NULL, 0 },
	[F_NEXT] = { "next", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
};

/* Where to go after logging in: a safe local next, else the dashboard. */
static const char *
next_page(struct ctx *c, const char *next)
{
	if (*next != '\0' && sess_local_path(next) &&
	    strncmp(next, "/login", 6) != 0) {
		tmpl_set(c->vars, "next", next);
		return next;
	}
	return "/dashboard";
}

static int
form(struct ctx *c, int status)
{
	if (page_csrf_anon(c) != 0)
		return -1;
	return page_render(c, status, "login.tmpl", "Log in");
}

/* GET /login[?next=/path]: the form; signed in: straight on. 200, 303. */
int
page_login(struct ctx *c)
{
	struct form f;
	const char *next;

	form_query(c, fields + F_NEXT, 1, &f);
	next = next_page(c, form_str(&f, 0));
	if (c->sess != NULL) {
		http_redirect(c->req, next);
		return 0;
	}
	return form(c, 200);
}

/* Signs the user in: new session, rehash if needed, audit. 0 or -1. */
static int
sign_in(struct ctx *c, const struct account *a, const char *pw)
{
	char	 hash[PW_HASH_LEN];

	if (sess_start(c->db, c->req, c->sess, a->id, &c->sess) != 0)
		return -1;
	if (pw_needs_rehash(a->hash) && pw_hash(pw, hash) == 0 &&
	    user_set_password(c->db, hash) != 0)
		return -1;
	return audit(c->db, c->req, "login", NULL);
}

/*
 * A wrong password, or a right one of a disabled account: the same answer
 * (a different one would tell the password was right).
 */
static int
refused(struct ctx *c, const struct account *a, const char *key,
    int disabled)
{
	if (audit_anon(c->db, c->req, a->id, key, "login_failed", disabled ?
	    "disabled" : NULL) != 0)
		return -1;
	tmpl_set(c->vars, "alert", "That email or username and password do "
	    "not match. Please try again.");
	return form(c, 422);
}

/*
 * POST /login: login (email or username), password, next. 303 to next or
 * the dashboard; 422 when the fields are empty or do not match an
 * account (the same answer for an unknown user, a wrong password and a
 * disabled account); 429 while the name is locked for the address or the
 * address must slow down (the same for a known and an unknown name); 503
 * when every hashing slot is busy.
 */
int
page_login_post(struct ctx *c)
{
	struct form f;
	struct account a;
	const char *next, *pw, *key;
	enum throttle t;
	long	 retry;

	form_read(c, fields, F__MAX, &f);
	next = next_page(c, form_str(&f, F_NEXT));
	pw = form_str(&f, F_PASSWORD);
	if (c->nerrors > 0)
		return form(c, 422);
	if (user_lookup(c->db, c->req->arena, form_str(&f, F_LOGIN), &a) != 0 ||
	    (key = a.id ? a.id : sess_login_key(c->db, c->req->arena,
	    form_str(&f, F_LOGIN))) == NULL ||
	    (t = audit_throttle(c->db, c->req, key, &retry)) == THROTTLE_FAILED)
		return -1;
	if (t != THROTTLE_NONE) {
		view_throttled(c, t, retry);
		return form(c, 429);
	}
	switch (pw_verify(a.id ? a.hash : NULL, pw)) {
	case PW_BUSY:
		return page_busy(c);
	case PW_MISMATCH:
		return refused(c, &a, key, 0);
	case PW_MATCH:
		break;
	}
	if (!a.active)
		return refused(c, &a, key, 1);
	if (sign_in(c, &a, pw) != 0)
		return -1;
	http_redirect(c->req, next);
	return 0;
}
