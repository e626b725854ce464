/* page_settings.c — GET and POST /settings: time zone, week start, body weight and its unit */
#include "audit.h"
#include "page.h"
#include "view_account.h"

/* GET /settings: the profile form, sessions and activity. 200. */
int
page_settings(struct ctx *c)
{
	return view_settings(c, 200, 0);
}

/*
 * POST /settings: timezone, week_start (0 Sunday, 1 Monday), weight
 * (optional, one decimal: today's body weight) and weight_unit (kg,
 * lb). 303 to /settings with a flash; 422 with the page and each error by
 * its field.
 */
int
page_settings_post(struct ctx *c)
{
	switch (view_profile_post(c)) {
	case 0:
		return view_settings(c, 422, 1);
	case 1:
		break;
	default:
		return -1;
	}
	if (audit(c->db, c->req, "settings_changed", NULL) != 0)
		return -1;
	return page_done(c, "/settings", "Your settings are saved.");
}
