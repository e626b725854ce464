/* page_signup.c — GET and POST /signup: create an account and sign in */
#include <string.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"
#include "user.h"
#include "valid.h"

enum { F_EMAIL, F_USERNAME, F_PASSWORD, F_CONFIRM, F__MAX };

static const struct field fields[F__MAX] = {
	[F_EMAIL] = { "email", FT_TEXT, 0, 0, "Enter your email address.",
	    "Enter an email address like name@example.com (at most "
	    XSTR(EMAIL_MAX_CHARS) " characters).", valid_email, NULL, 0 },
	[F_USERNAME] = { "username", FT_TEXT, 0, 0, "Choose a username.",
	    "Use " XSTR(USERNAME_MIN_CHARS) " to " XSTR(USERNAME_MAX_CHARS)
	    " letters, digits, _ or -.", valid_username, NULL, 0 },
	[F_PASSWORD] = { "password", FT_SECRET, 0, 0, "Choose a password.",
	    NULL, NULL, NULL, 0 },
	[F_CONFIRM] = { "confirm", FT_SECRET, 0, 0, NULL, NULL, NULL, NULL, 0 },
};

/*
 * The form with the given status. A refused form (f) keeps the two
 * passwords typed when neither was at fault, so that only the email or
 * username is typed again: making someone retype a strong password for
 * a taken username invites a weaker one. When the password or its
 * confirmation was refused, both are cleared: another password is to be
 * chosen, or which of the two was mistyped is unknown. The values go
 * back only into the page for the browser that sent them
 * (Cache-Control: no-store; form values are never logged).
 */
static int
form(struct ctx *c, int status, const struct form *f)
{
	if (page_csrf_anon(c) != 0)
		return -1;
	if (f != NULL && tmpl_get(c->vars, "password_error") == NULL &&
	    tmpl_get(c->vars, "confirm_error") == NULL) {
		tmpl_set(c->vars, "password", form_str(f, F_PASSWORD));
		tmpl_set(c->vars, "confirm", form_str(f, F_CONFIRM));
	}
	return page_render(c, status, "signup.tmpl", "Sign up");
}

/*
 * The page saying why there is no sign-up form here (signup_closed.tmpl):
 * "closed", "invite" (by invitation, and none came) or "spent" (an
 * invitation that is unknown, used or expired). 403.
 */
static int
refused(struct ctx *c, const char *why)
{
	tmpl_set(c->vars, "why", why);
	return page_render(c, 403, "signup_closed.tmpl",
	    strcmp(why, "closed") == 0 ? "This site is private" :
	    strcmp(why, "invite") == 0 ? "Sign-up is by invitation" :
	    "This invitation cannot be used");
}

/*
 * Whether this request may have the sign-up form (EXBUDDY_SIGNUP): 1
 * yes; else the result of the page saying why (0, or -1). With
 * invitations, the token (from the address, then from the form) goes
 * back into the form.
 */
static int
gate(struct ctx *c, const char *token)
{
	int	 ok;

	switch (app_conf.signup) {
	case SIGNUP_OPEN:
		return 1;
	case SIGNUP_CLOSED:
		return refused(c, "closed");
	case SIGNUP_INVITE:
		break;
	}
	if (token == NULL || *token == '\0')
		return refused(c, "invite");
	if ((ok = user_invite_valid(c->db, c->req->arena, token)) < 0)
		return -1;
	if (!ok)
		return refused(c, "spent");
	tmpl_set(c->vars, "invite", token);
	return 1;
}

/*
 * GET /signup: the form (with invitations, for ?invite=TOKEN); someone
 * signed in goes to the dashboard. 200, 303; 403 when sign-up is closed
 * or the invitation missing or spent.
 */
int
page_signup(struct ctx *c)
{
	int	 rc;

	if (c->sess != NULL) {
		http_redirect(c->req, "/dashboard");
		return 0;
	}
	if ((rc = gate(c, kv_get(&c->req->query, "invite"))) != 1)
		return rc;
	return form(c, 200, NULL);
}

/* Field errors for an email or username someone already has. 0 or -1. */
static int
check_taken(struct ctx *c, const char *email, const char *username)
{
	int	 et, ut;

	if (user_taken(c->db, email, username, &et, &ut) != 0)
		return -1;
	if (et)
		form_error(c, "email", "An account with this email already "
		    "exists. Log in instead?");
	if (ut)
		form_error(c, "username", "This username is taken. Please "
		    "choose another.");
	return 0;
}

/* The password rules beyond "not empty", and the confirmation. */
static void
check_password(struct ctx *c, const struct form *f)
{
	const char *pw = form_str(f, F_PASSWORD), *why;

	if (*pw != '\0' && (why = pw_weak(c->req->arena, pw,
	    form_str(f, F_USERNAME), form_str(f, F_EMAIL))) != NULL)
		form_error(c, "password", why);
	if (strcmp(pw, form_str(f, F_CONFIRM)) != 0)
		form_error(c, "confirm", "The two passwords differ.");
}

/* After a failed statement: the transaction rolled back, a new one begun. */
static int
restart(struct ctx *c)
{
	db_cleanup(c->db);
	return db_begin(c->db);
}

/*
 * POST /signup: email, username, password, confirm (and invite). 303 to
 * the first-run page (/welcome), signed in; 422 with the form and each
 * error by its field; 403 as GET; 503 when every hashing slot stays busy.
 */
int
page_signup_post(struct ctx *c)
{
	struct form f;
	char	 id[37], hash[PW_HASH_LEN];
	const char *token = kv_get(&c->req->form, "invite");
	enum user_insert rc;
	int	 g;

	if ((g = gate(c, token)) != 1)
		return g;
	form_read(c, fields, F__MAX, &f);
	check_password(c, &f);
	if (c->nerrors == 0 && check_taken(c, form_str(&f, F_EMAIL),
	    form_str(&f, F_USERNAME)) != 0)
		return -1;
	if (c->nerrors > 0)
		return form(c, 422, &f);
	if (pw_hash(form_str(&f, F_PASSWORD), hash) != 0)
		return page_busy(c);
	/* Signed in as someone else: that session ends here, while it can. */
	if (sess_end(c->db, c->req, c->sess) != 0)
		return -1;
	c->sess = NULL;
	c->csrf = NULL;
	sess_uuid(id);
	rc = user_insert(c->db, id, form_str(&f, F_EMAIL),
	    form_str(&f, F_USERNAME), hash);
	if (rc == USER_FAILED)
		return -1;
	if (rc == USER_TAKEN) {
		/* The failed INSERT ended the transaction. */
		if (restart(c) != 0 || check_taken(c, form_str(&f, F_EMAIL),
		    form_str(&f, F_USERNAME)) != 0)
			return -1;
		return form(c, 422, &f);
	}
	/* Spent by a sign-up meanwhile: this account is not made. */
	if (app_conf.signup == SIGNUP_INVITE && (g = user_invite_use(c->db,
	    c->req->arena, token)) != 1) {
		if (g < 0 || restart(c) != 0)
			return -1;
		return refused(c, "spent");
	}
	if (sess_start(c->db, c->req, NULL, id, &c->sess) != 0 ||
	    audit(c->db, c->req, "signup", app_conf.signup == SIGNUP_INVITE ?
	    "invitation" : NULL) != 0)
		return -1;
	http_redirect(c->req, "/welcome");
	return 0;
}
