/* page_welcome.c — GET and POST /welcome: the first run after sign-up, time zone, week start, unit and body weight */
#include <string.h>

#include "audit.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"
#include "view_account.h"

static int
form(struct ctx *c, int status)
{
	if (view_profile_form(c) != 0)
		return -1;
	return page_render(c, status, "welcome.tmpl", "Welcome");
}

/*
 * GET /welcome: the profile form. While the profile is as sign-up left
 * it (UTC, kg), the time zone and the unit are those the browser's
 * language suggests (Accept-Language: en-GB, Europe/London; en-US,
 * America/New_York and lb); else as stored. 200.
 */
int
page_welcome(struct ctx *c)
{
	const char *zone, *unit;
	int	 lb;

	if (view_profile_stored(c) != 0 ||
	    (zone = tz_guess(c->db, c->req->accept_language, &lb)) == NULL)
		return -1;
	unit = tmpl_get(c->vars, "weight_unit");
	if (strcmp(c->sess->timezone, "UTC") == 0 && unit != NULL &&
	    strcmp(unit, "kg") == 0) {
		if (strcmp(zone, "UTC") != 0) {
			tmpl_set(c->vars, "timezone", zone);
			tmpl_set(c->vars, "zone_guessed", "1");
		}
		if (lb)
			tmpl_set(c->vars, "weight_unit", "lb");
	}
	return form(c, 200);
}

/*
 * POST /welcome: the fields of POST /settings, saved the same way. 303
 * to the dashboard with a flash; 422 with the form and each error by
 * its field.
 */
int
page_welcome_post(struct ctx *c)
{
	switch (view_profile_post(c)) {
	case 0:
		return form(c, 422);
	case 1:
		break;
	default:
		return -1;
	}
	if (audit(c->db, c->req, "settings_changed", "welcome") != 0)
		return -1;
	return page_done(c, "/dashboard", "Your settings are saved.");
}
