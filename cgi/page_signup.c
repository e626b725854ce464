/* page_signup.c — GET and POST /signup: create an account and sign in */
#include <string.h>

#include <libpq-fe.h>

#include "audit.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"

static int
form(struct ctx *c, int status)
{
	if (sess_csrf_token(c) == NULL)
		return -1;
	c->req->status = status;
	return page_render(c, "signup.tmpl", "Sign up");
}

/* GET /signup: the form; someone signed in goes to the dashboard. 200, 303. */
int
page_signup(struct ctx *c)
{
	if (c->sess != NULL) {
		http_redirect(c->req, "/dashboard");
		return 0;
	}
	return form(c, 200);
}

static void
check_fields(struct ctx *c, const char *email, const char *username,
    const char *pw, const char *confirm)
{
	const char *why;

	if (*email == '\0')
		page_field_error(c, "email", "Enter your email address.");
	else if (!valid_email(email))
		page_field_error(c, "email", "Enter an email address like "
		    "name@example.com (at most 255 characters).");
	if (*username == '\0')
		page_field_error(c, "username", "Choose a username.");
	else if (!valid_username(username))
		page_field_error(c, "username", "Use 3 to 50 letters, digits, "
		    "_ or -.");
	if (*pw == '\0')
		page_field_error(c, "password", "Choose a password.");
	else if ((why = pw_weak(pw, username, email)) != NULL)
		page_field_error(c, "password", why);
	if (strcmp(pw, confirm) != 0)
		page_field_error(c, "confirm", "The two passwords differ.");
}

/* Field errors for an email or username someone already has. 0 or -1. */
static int
check_taken(struct ctx *c, const char *email, const char *username)
{
	const char *p[2] = { email, username };
	PGresult *res;

	res = db_exec(c->db, "SELECT email_taken, username_taken "
	    "FROM auth_account_taken($1, $2)", 2, p);
	if (res == NULL)
		return -1;
	if (PQgetvalue(res, 0, 0)[0] == 't')
		page_field_error(c, "email", "An account with this email "
		    "already exists. Log in instead?");
	if (PQgetvalue(res, 0, 1)[0] == 't')
		page_field_error(c, "username", "This username is taken. "
		    "Please choose another.");
	PQclear(res);
	return 0;
}

/* Inserts the user; 0, 1 when someone took the name meanwhile, -1. */
static int
insert_user(struct ctx *c, const char *id, const char *email,
    const char *username, const char *hash)
{
	const char *p[4] = { id, email, username, hash };

	if (db_cmd(c->db, "SELECT set_config('app.user_id', $1, true)", 1,
	    p) != 0)
		return -1;
	if (db_cmd(c->db, "INSERT INTO users (id, email, username, "
	    "password_hash) VALUES ($1, $2, $3, $4)", 4, p) == 0)
		return 0;
	if (strcmp(db_sqlstate(c->db), "23505") != 0)
		return -1;
	return 1;
}

/*
 * POST /signup: email, username, password, confirm. 303 to the dashboard,
 * signed in; 422 with the form and each error by its field; 503 when
 * every hashing slot stays busy.
 */
int
page_signup_post(struct ctx *c)
{
	const char *email = page_field(c, "email");
	const char *username = page_field(c, "username");
	const char *pw = kv_get(&c->req->form, "password");
	const char *confirm = kv_get(&c->req->form, "confirm");
	char	 id[37], hash[PW_HASH_LEN];
	int	 rc;

	page_keep(c, "email");
	page_keep(c, "username");
	check_fields(c, email, username, pw ? pw : "", confirm ? confirm : "");
	if (c->nerrors == 0 && check_taken(c, email, username) != 0)
		return -1;
	if (c->nerrors > 0)
		return form(c, 422);
	if (pw_hash(pw, hash) != 0)
		return page_error(c, 503, "The server is busy. Please try "
		    "again in a moment.");
	/* Signed in as someone else: that session ends here, while it can. */
	if (sess_end(c) != 0)
		return -1;
	sess_uuid(id);
	if ((rc = insert_user(c, id, email, username, hash)) < 0)
		return -1;
	if (rc == 1) {
		db_cleanup(c->db);	/* the failed INSERT ended the transaction */
		if (db_begin(c->db, NULL) != 0 ||
		    check_taken(c, email, username) != 0)
			return -1;
		return form(c, 422);
	}
	if (sess_start(c, id) != 0 || audit(c, "signup", NULL) != 0)
		return -1;
	http_redirect(c->req, "/dashboard");
	return 0;
}
