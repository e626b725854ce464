/* page_settings.c — GET and POST /settings: time zone, week start, body weight and its unit */
#include <string.h>

#include "audit.h"
#include "bodyweight.h"
#include "form.h"
#include "fmt.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"
#include "user.h"
#include "view_account.h"

enum { F_TIMEZONE, F_WEEK_START, F_WEIGHT, F_UNIT, F__MAX };

static const char *const week_starts[] = { "0", "1", NULL };
static const char *const units[] = { "kg", "lb", NULL };

static const struct field fields[F__MAX] = {
	[F_TIMEZONE] = { "timezone", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_WEEK_START] = { "week_start", FT_CHOICE, 0, 0,
	    "Choose Monday or Sunday.", "Choose Monday or Sunday.", NULL,
	    week_starts, 0 },
	[F_WEIGHT] = { "weight", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_UNIT] = { "weight_unit", FT_CHOICE, 0, 0, "Choose kg or lb.",
	    "Choose kg or lb.", NULL, units, 0 },
};

/* GET /settings: every settings form, sessions and activity. 200. */
int
page_settings(struct ctx *c)
{
	return view_settings(c, 200, 0);
}

/* The weight field, checked, in hundredths of a kg; -1 for none or bad. */
static long long
check_weight(struct ctx *c, const struct form *f)
{
	if (!form_has(f, F_UNIT)) {
		/* No unit to read it in (that is the error); a number still. */
		return *form_str(f, F_WEIGHT) == '\0' ? -1 :
		    view_weight_read(c, "weight", form_str(f, F_WEIGHT), -1, 1);
	}
	return view_weight_read(c, "weight", form_str(f, F_WEIGHT),
	    form_num(f, F_UNIT) == 1, 1);
}

/*
 * The weight shown is the latest body weight entry up to today: a new one
 * is logged for today when the field says another number than it showed
 * (in the unit it showed it in: changing the unit alone logs nothing);
 * an emptied field takes today's entry away.
 */
static int
save_weight(struct ctx *c, const char *typed, long long kg100, int was_lb)
{
	long long last, tenths;
	long	 day;

	if (bw_latest(c->db, c->sess->today, &day, &last) != 0)
		return -1;
	if (kg100 < 0)
		return day == c->sess->today && bw_delete(c->db, day) < 0 ?
		    -1 : 0;
	if (last >= 0 && fmt_fixed_parse(typed, 1, &tenths) == FIXED_OK &&
	    tenths == user_weight_in(last, was_lb))
		return 0;	/* as shown */
	return bw_set(c->db, c->sess->today, kg100);
}

/*
 * POST /settings: timezone, week_start (0 Sunday, 1 Monday), weight
 * (optional, one decimal: today's body weight) and weight_unit (kg,
 * lb). 303 to /settings
 * with a flash; 422 with the page and each error by its field.
 */
int
page_settings_post(struct ctx *c)
{
	struct form f;
	const char *tz;
	long long kg100;
	size_t	 n;
	int	 was_lb;

	form_read(c, fields, F__MAX, &f);
	tz = form_str(&f, F_TIMEZONE);
	if (tz_names(c->db, &n) == NULL)
		return -1;
	if (!tz_known(tz) && strcmp(tz, c->sess->timezone) != 0) {
		form_error(c, "timezone", "Choose a time zone from the list.");
		tmpl_set(c->vars, "timezone", c->sess->timezone);
	}
	kg100 = check_weight(c, &f);
	if (c->nerrors > 0)
		return view_settings(c, 422, 1);
	if ((was_lb = page_lb(c)) < 0 ||
	    user_save_profile(c->db, tz, (int)form_num(&f, F_WEEK_START),
	    form_str(&f, F_UNIT)) != 0 ||
	    save_weight(c, form_str(&f, F_WEIGHT), kg100, was_lb) != 0 ||
	    audit(c->db, c->req, "settings_changed", NULL) != 0)
		return -1;
	return page_done(c, "/settings", "Your settings are saved.");
}
