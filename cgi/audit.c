/* audit.c — security events in audit_log: time, user, IP; never a secret */
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"

int
audit(struct ctx *c, const char *event, const char *detail)
{
	const char *p[3] = { event, sess_client_ip(c->req), detail };

	return db_cmd(c->db, "INSERT INTO audit_log (user_id, event, ip, "
	    "detail) VALUES (current_user_id(), $1, $2::inet, $3)", 3, p);
}

int
audit_anon(struct ctx *c, const char *user_id, const char *event,
    const char *detail)
{
	const char *p[4] = { user_id, event, sess_client_ip(c->req), detail };

	return db_cmd(c->db, "SELECT auth_audit($1::uuid, $2, $3::inet, $4)",
	    4, p);
}

int
audit_throttled(struct ctx *c, const char *user_id)
{
	char	 max[16], win[16], msg[200];
	const char *p[4];
	PGresult *res;
	long	 locked, ipfail;

	/*
	 * One password check per account at a time: this lock is held until
	 * the request commits, so the next attempt sees this one's failure
	 * (parallel guesses cannot all slip in before the lock).
	 */
	if (user_id != NULL && db_cmd(c->db, "SELECT pg_advisory_xact_lock("
	    "hashtextextended($1, 0))", 1, &user_id) != 0)
		return -1;
	snprintf(max, sizeof(max), "%d", app_conf.login_max_failures);
	snprintf(win, sizeof(win), "%d", app_conf.login_window);
	p[0] = user_id;
	p[1] = sess_client_ip(c->req);
	p[2] = max;
	p[3] = win;
	res = db_exec(c->db, "SELECT locked_for, ip_failures FROM "
	    "auth_throttle($1::uuid, $2::inet, $3, $4)", 4, p);
	if (res == NULL)
		return -1;
	locked = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	ipfail = strtol(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	if (ipfail >= app_conf.login_ip_max)
		snprintf(msg, sizeof(msg), "There have been too many failed "
		    "logins from your network. Please wait %d minutes and "
		    "try again.", (app_conf.login_window + 59) / 60);
	else if (locked > 0)
		snprintf(msg, sizeof(msg), "This account is locked for a "
		    "while after too many failed logins. Please try again in "
		    "%ld minute%s.", (locked + 59) / 60,
		    (locked + 59) / 60 == 1 ? "" : "s");
	else
		return 0;
	if (audit_anon(c, user_id, "login_throttled", NULL) != 0)
		return -1;
	tmpl_set(c->vars, "alert", msg);
	http_header(c->req, "Retry-After", "%ld", locked > 0 ? locked :
	    (long)app_conf.login_window);
	return 1;
}
