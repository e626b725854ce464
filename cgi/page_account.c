/* page_account.c — GET and POST /account/delete: delete the account for good */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"

static int
form(struct ctx *c, int status)
{
	c->req->status = status;
	return page_render(c, "account_delete.tmpl", "Delete your account");
}

/* GET /account/delete: what deleting means, and the password field. 200. */
int
page_account_delete(struct ctx *c)
{
	return form(c, 200);
}

/* 1 when pw is the signed-in user's password, 0 when not, -1 busy, -2 db. */
static int
password_ok(struct ctx *c, const char *pw)
{
	PGresult *res;
	int	 ok;

	res = db_exec(c->db, "SELECT password_hash FROM users "
	    "WHERE id = current_user_id()", 0, NULL);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		return -2;
	}
	ok = pw_verify(PQgetvalue(res, 0, 0), pw);
	PQclear(res);
	return ok;
}

/* Deletes the user (workouts, sessions, audit rows cascade). 0 or -1. */
static int
delete_user(struct ctx *c)
{
	const char *detail;
	PGresult *res;
	int	 n;

	detail = arena_printf(c->req->arena, "user %s", c->sess->user_id);
	res = db_exec(c->db, "DELETE FROM users WHERE id = current_user_id()",
	    0, NULL);
	if (res == NULL)
		return -1;
	n = (int)strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	if (n != 1)
		return -1;
	return audit_anon(c, NULL, "account_deleted", detail);
}

/*
 * POST /account/delete: password. 200 with the goodbye page, signed out
 * and the account gone; 422 with the form and the error by the field
 * when the password is missing or wrong; 503 when hashing is busy.
 */
int
page_account_delete_post(struct ctx *c)
{
	const char *pw = kv_get(&c->req->form, "password");
	int	 ok;

	if (pw == NULL || *pw == '\0') {
		page_field_error(c, "password", "Enter your password to "
		    "confirm.");
		return form(c, 422);
	}
	if ((ok = audit_throttled(c, c->sess->user_id)) != 0)
		return ok < 0 ? -1 : form(c, 429);
	if ((ok = password_ok(c, pw)) == -2)
		return -1;
	if (ok < 0)
		return page_error(c, 503, "The server is busy. Please try "
		    "again in a moment.");
	if (!ok) {
		page_field_error(c, "password", "That is not your password. "
		    "Your account is not deleted.");
		/* Counts towards the lock, like a failed login. */
		if (audit(c, "login_failed", "account deletion") != 0)
			return -1;
		return form(c, 422);
	}
	if (delete_user(c) != 0)
		return -1;
	sess_clear_cookie(c);
	c->sess = NULL;
	tmpl_set(c->vars, "user", NULL);
	tmpl_set(c->vars, "csrf", NULL);
	c->req->status = 200;
	return page_render(c, "goodbye.tmpl", "Goodbye");
}
