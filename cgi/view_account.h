/* view_account.h — what several account pages show: a throttled login, the settings page */
#ifndef EXBUDDY_VIEW_ACCOUNT_H
#define EXBUDDY_VIEW_ACCOUNT_H

#include "audit.h"

struct ctx;

/* The "alert" of a refused password check and its Retry-After header. */
void	 view_throttled(struct ctx *, enum throttle, long retry_after);
/*
 * The settings page with the given status: the profile form (with
 * `sent`, the values of the form just sent, already in the template;
 * else as stored), the password form, sessions and security activity.
 * 0 or -1.
 */
int	 view_settings(struct ctx *, int status, int sent);

#endif
