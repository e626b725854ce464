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
 * (user_id may be NULL), account_deleted (user_id NULL). 0 or -1.
 */
int	 audit_anon(struct db *, const struct req *, const char *user_id,
	    const char *event, const char *detail);

enum throttle {
	THROTTLE_NONE,		/* go on and check the password */
	THROTTLE_ACCOUNT,	/* the account is locked for a while */
	THROTTLE_ADDRESS,	/* the address made too many failures */
	THROTTLE_FAILED		/* the database failed */
};

/*
 * Before checking a password of user_id (NULL: unknown): is the account
 * locked after too many failures, or did the address make too many?
 * A refusal is logged (login_throttled) and *retry_after says in how
 * many seconds to try again. Holds a lock on the account until the
 * transaction ends, so one password check runs at a time per account.
 */
enum throttle audit_throttle(struct db *, const struct req *,
	    const char *user_id, long *retry_after);

/* One security event of the user, for the settings page. */
struct audit_row {
	const char	*event, *detail;	/* detail may be NULL */
	const char	*when;		/* "YYYY-MM-DD HH:MM", local */
	const char	*ip;		/* NULL: not known */
};

/* The user's last max events, newest first. 0 or -1. */
int	 audit_recent(struct db *, struct arena *, int max,
	    struct audit_row **out, size_t *n);

#endif
