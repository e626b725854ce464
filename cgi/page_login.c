/* page_login.c — GET and POST /login, POST /logout */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"

/* Where to go after logging in: a safe local ?next=, else the dashboard. */
static const char *
next_page(struct ctx *c, const char *next)
{
	if (next != NULL && sess_local_path(next) &&
	    strncmp(next, "/login", 6) != 0) {
		tmpl_set(c->vars, "next", next);
		return next;
	}
	return "/dashboard";
}

static int
form(struct ctx *c, int status)
{
	if (sess_csrf_token(c) == NULL)
		return -1;
	c->req->status = status;
	return page_render(c, "login.tmpl", "Log in");
}

/* GET /login[?next=/path]: the form; signed in: straight on. 200, 303. */
int
page_login(struct ctx *c)
{
	const char *next = next_page(c, kv_get(&c->req->query, "next"));

	if (c->sess != NULL) {
		http_redirect(c->req, next);
		return 0;
	}
	return form(c, 200);
}

struct account {
	const char	*id;	/* NULL: no such user */
	const char	*hash;
	int		 active;
};

static int
lookup(struct ctx *c, const char *login, struct account *a)
{
	const char *p[1] = { login };
	PGresult *res;

	memset(a, 0, sizeof(*a));
	res = db_exec(c->db, "SELECT user_id, password_hash, is_active "
	    "FROM auth_login_lookup($1)", 1, p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		a->id = arena_strdup(c->req->arena, PQgetvalue(res, 0, 0));
		a->hash = arena_strdup(c->req->arena, PQgetvalue(res, 0, 1));
		a->active = PQgetvalue(res, 0, 2)[0] == 't';
	}
	PQclear(res);
	return 0;
}

/* Signs the user in: new session, rehash if needed, audit. 0 or -1. */
static int
sign_in(struct ctx *c, const struct account *a, const char *pw)
{
	char	 hash[PW_HASH_LEN];
	const char *p[1] = { hash };

	if (sess_start(c, a->id) != 0)
		return -1;
	if (pw_needs_rehash(a->hash) && pw_hash(pw, hash) == 0 &&
	    db_cmd(c->db, "UPDATE users SET password_hash = $1 "
	    "WHERE id = current_user_id()", 1, p) != 0)
		return -1;
	return audit(c, "login", NULL);
}

/*
 * POST /login: login (email or username), password, next. 303 to next or
 * the dashboard; 422 when the fields are empty or do not match an
 * account (the same answer for an unknown user and a wrong password);
 * 403 for a disabled account; 429 while throttled; 503 when busy.
 */
int
page_login_post(struct ctx *c)
{
	const char *login = page_field(c, "login");
	const char *pw = kv_get(&c->req->form, "password");
	const char *next = next_page(c, kv_get(&c->req->form, "next"));
	struct account a;
	int	 rc, ok;

	page_keep(c, "login");
	if (*login == '\0')
		page_field_error(c, "login", "Enter your email or username.");
	if (pw == NULL || *pw == '\0')
		page_field_error(c, "password", "Enter your password.");
	if (c->nerrors > 0)
		return form(c, 422);
	if (lookup(c, login, &a) != 0 || (rc = audit_throttled(c, a.id)) < 0)
		return -1;
	if (rc == 1)
		return form(c, 429);
	if ((ok = pw_verify(a.id ? a.hash : NULL, pw)) < 0)
		return page_error(c, 503, "The server is busy. Please try "
		    "again in a moment.");
	if (!ok || !a.active) {
		if (audit_anon(c, a.id, "login_failed", ok ? "disabled" :
		    NULL) != 0)
			return -1;
		tmpl_set(c->vars, "alert", ok ? "This account has been "
		    "disabled. Please ask the person who runs this site." :
		    "That email or username and password do not match. "
		    "Please try again.");
		return form(c, ok ? 403 : 422);
	}
	if (sign_in(c, &a, pw) != 0)
		return -1;
	http_redirect(c->req, next);
	return 0;
}

/* POST /logout: ends this session, clears the cookie. 303 to /. */
int
page_logout(struct ctx *c)
{
	if (audit(c, "logout", NULL) != 0 || sess_end(c) != 0)
		return -1;
	http_redirect(c->req, "/");
	return 0;
}
