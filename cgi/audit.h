/* audit.h — security events in audit_log: time, user, IP; never a secret */
#ifndef EXBUDDY_AUDIT_H
#define EXBUDDY_AUDIT_H

struct ctx;

/* An event of the signed-in user (app.user_id is set). 0 or -1. */
int	 audit(struct ctx *, const char *event, const char *detail);
/*
 * An event before or without a session: login_failed, login_throttled
 * (user_id may be NULL), account_deleted (user_id NULL). 0 or -1.
 */
int	 audit_anon(struct ctx *, const char *user_id, const char *event,
	    const char *detail);

/*
 * Before checking a password of user_id (NULL: unknown): refuses while
 * the account is locked after too many failures, or the address made too
 * many. Returns 0 to go on; 1 refused (an "alert" for the template, a
 * Retry-After header, a login_throttled row: answer 429); -1 on failure.
 */
int	 audit_throttled(struct ctx *, const char *user_id);

#endif
