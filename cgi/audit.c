/* audit.c — security events in audit_log (time, user, IP; never a secret) and login throttling */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "limits.h"
#include "session.h"

int
audit(struct db *db, const struct req *r, const char *event,
    const char *detail)
{
	const char *p[3] = { event, sess_client_ip(r), detail };

	return db_cmd(db, "INSERT INTO audit_log (user_id, event, ip, "
	    "detail, login_key) VALUES (current_user_id(), $1, $2::inet, $3, "
	    "CASE WHEN $1 IN ('login', 'login_failed') THEN "
	    "current_user_id()::text END)", 3, p);
}

int
audit_anon(struct db *db, const struct req *r, const char *user_id,
    const char *key, const char *event, const char *detail)
{
	const char *p[5] = { user_id, event, sess_client_ip(r), detail, key };

	return db_cmd(db, "SELECT auth_audit($1::uuid, $2, $3::inet, $4, $5)",
	    5, p);
}

enum throttle
audit_throttle(struct db *db, const struct req *r, const char *key,
    long *retry_after)
{
	char	 max[16], win[16], many[16], slow[16];
	const char *p[6];
	PGresult *res;
	long	 locked, wait;

	/*
	 * One password check per name at a time: this lock is held until the
	 * request commits, so the next attempt sees this one's failure
	 * (parallel guesses cannot all slip in before the lock).
	 */
	if (db_cmd(db, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
	    1, &key) != 0)
		return THROTTLE_FAILED;
	snprintf(max, sizeof(max), "%d", app_conf.login_max_failures);
	snprintf(win, sizeof(win), "%d", app_conf.login_window);
	snprintf(many, sizeof(many), "%d", app_conf.login_ip_max);
	snprintf(slow, sizeof(slow), "%d", LOGIN_SLOW_SECONDS);
	p[0] = key;
	p[1] = sess_client_ip(r);
	p[2] = max;
	p[3] = win;
	p[4] = many;
	p[5] = slow;
	res = db_exec(db, "SELECT locked_for, slow_for FROM "
	    "auth_throttle($1, $2::inet, $3, $4, $5, $6)", 6, p);
	if (res == NULL)
		return THROTTLE_FAILED;
	locked = db_long(res, 0, 0);
	wait = db_long(res, 0, 1);
	PQclear(res);
	if (locked <= 0 && wait <= 0)
		return THROTTLE_NONE;
	*retry_after = locked > 0 ? locked : wait;
	if (audit_anon(db, r, strncmp(key, "n:", 2) != 0 ? key : NULL, key,
	    "login_throttled", NULL) != 0)
		return THROTTLE_FAILED;
	return locked > 0 ? THROTTLE_LOCKED : THROTTLE_SLOW;
}

int
audit_recent(struct db *db, struct arena *a, struct audit_row **out,
    size_t *n)
{
	struct audit_row *row;
	PGresult *res;
	int	 i;

	/* The limit in the text, not a parameter: one generic plan (db.c). */
	res = db_exec(db, "SELECT event, to_char(created_at, "
	    "'YYYY-MM-DD HH24:MI'), host(ip), detail FROM audit_log "
	    "WHERE user_id = current_user_id() "
	    "ORDER BY created_at DESC, id DESC LIMIT " XSTR(ACTIVITY_ROWS), 0,
	    NULL);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = row = arena_alloc(a, (*n + 1) * sizeof(*row));
	for (i = 0; i < PQntuples(res); i++, row++) {
		row->event = arena_strdup(a, PQgetvalue(res, i, 0));
		row->when = arena_strdup(a, PQgetvalue(res, i, 1));
		row->ip = PQgetisnull(res, i, 2) ? NULL :
		    arena_strdup(a, PQgetvalue(res, i, 2));
		row->detail = PQgetisnull(res, i, 3) ? NULL :
		    arena_strdup(a, PQgetvalue(res, i, 3));
	}
	PQclear(res);
	return 0;
}
