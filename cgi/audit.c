/* audit.c — security events in audit_log: time, user, IP; never a secret */
#include "audit.h"
#include "db.h"
#include "page.h"
#include "session.h"

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
