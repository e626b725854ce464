/* view_account.h — what several account pages show: a throttled login, the profile form, the settings page */
#ifndef EXBUDDY_VIEW_ACCOUNT_H
#define EXBUDDY_VIEW_ACCOUNT_H

#include "audit.h"

struct ctx;

/* The "alert" of a refused password check and its Retry-After header. */
void	 view_throttled(struct ctx *, enum throttle, long retry_after);

/*
 * The profile form (templates/_profile_fields.tmpl): timezone,
 * week_start, weight (optional) and weight_unit. view_profile_stored
 * sets them as stored (the weight the latest body weight entry);
 * view_profile_form adds the time zones by region, the one in
 * "timezone" selected. 0 or -1.
 */
int	 view_profile_stored(struct ctx *);
int	 view_profile_form(struct ctx *);
/*
 * Reads the profile form of a POST and saves it: the profile, and the
 * weight as the body weight of today in the time zone chosen when it
 * differs from the one shown (emptied: today's entry removed). 1 saved,
 * 0 refused (each problem marked at its field, the values kept for the
 * template), -1 on failure.
 */
int	 view_profile_post(struct ctx *);

/*
 * The settings page with the given status: the profile form (with
 * `sent`, the values of the form just sent, already in the template;
 * else as stored), sessions and security activity. 0 or -1.
 */
int	 view_settings(struct ctx *, int status, int sent);

/*
 * A body weight as typed in field `name` ("72.5", "72,5"; empty: none),
 * in pounds (lb 1) or kilograms (0; -1: no unit, the number only
 * checked), one decimal at most, WEIGHT_MIN_KG to WEIGHT_MAX_KG: its
 * hundredths of a kg, or -1 (none, or a problem marked at the field).
 * optional: the messages say the field may be left empty.
 */
long long view_weight_read(struct ctx *, const char *name, const char *s,
	    int lb, int optional);

#endif
