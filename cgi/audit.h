/* audit.h — security events in audit_log (time, user, IP; never a secret) and login throttling */
#ifndef EXBUDDY_AUDIT_H
#define EXBUDDY_AUDIT_H

#include <stddef.h>

struct arena;
struct db;
struct req;

/* An event of the signed-in user (app.user_id is set). 0 or -1. */
int	 audit(struct db *, const struct req *, const char *event,
	    const char *detail);
/*
 * An event before or without a session: login_failed, login_throttled
 * (user_id may be NULL; key, the login name as throttling counts it: the
 * account's id, or sess_login_key of an unknown name), account_deleted
 * (user_id and key NULL). 0 or -1.
 */
int	 audit_anon(struct db *, const struct req *, const char *user_id,
	    const char *key, const char *event, const char *detail);

enum throttle {
	THROTTLE_NONE,		/* go on and check the password */
	THROTTLE_LOCKED,	/* the name is locked for this address */
	THROTTLE_SLOW,		/* the address (or name) must wait a little */
	THROTTLE_FAILED		/* the database failed */
};

/*
 * Before checking a password for the login name key (an account's id, or
 * sess_login_key of an unknown name) from the request's address: is the
 * name locked for this address after too many failures from it, or must
 * the address (or everyone failing on the name) slow down? A refusal is
 * logged (login_throttled) and *retry_after says in how many seconds to
 * try again. Holds a lock on the name until the transaction ends, so one
 * password check runs at a time per name.
 */
enum throttle audit_throttle(struct db *, const struct req *,
	    const char *key, long *retry_after);

/* One security event of the user, for the settings page. */
struct audit_row {
	const char	*event, *detail;	/* detail may be NULL */
	const char	*when;		/* "YYYY-MM-DD HH:MM", local */
	const char	*ip;		/* NULL: not known */
};

/* The user's last ACTIVITY_ROWS events, newest first. 0 or -1. */
int	 audit_recent(struct db *, struct arena *, struct audit_row **out,
	    size_t *n);

#endif
