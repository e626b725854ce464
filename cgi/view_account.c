/* view_account.c — what several account pages show: a throttled login, the profile form, the settings page */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "bodyweight.h"
#include "config.h"
#include "fmt.h"
#include "form.h"
#include "limits.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"
#include "tzguess.h"
#include "user.h"
#include "useragent.h"
#include "view_account.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

void
view_throttled(struct ctx *c, enum throttle t, long retry)
{
	long	 min = (retry + 59) / 60;

	if (t == THROTTLE_SLOW)
		tmpl_setf(c->vars, "alert", "There have been many failed "
		    "logins from your network or with this name. Please wait "
		    "%ld second%s and try again.", retry, retry == 1 ? "" : "s");
	else
		tmpl_setf(c->vars, "alert", "There have been too many failed "
		    "logins with this name from your network. Please try "
		    "again in %ld minute%s.", min, min == 1 ? "" : "s");
	http_header(c->req, "Retry-After", "%ld", retry);
}

enum { P_TIMEZONE, P_WEEK_START, P_WEIGHT, P_UNIT, P__MAX };

static const char *const week_starts[] = { "0", "1", NULL };
static const char *const units[] = { "kg", "lb", NULL };

/* The profile form. */
static const struct field profile_fields[P__MAX] = {
	[P_TIMEZONE] = { "timezone", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[P_WEEK_START] = { "week_start", FT_CHOICE, 0, 0,
	    "Choose Monday or Sunday.", "Choose Monday or Sunday.", NULL,
	    week_starts, 0 },
	[P_WEIGHT] = { "weight", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[P_UNIT] = { "weight_unit", FT_CHOICE, 0, 0, "Choose kg or lb.",
	    "Choose kg or lb.", NULL, units, 0 },
};

/* One <option> of the time zone <select> into a group's loop. */
static void
zone_option(struct tmpl_vars *group, const char *zone, const char *selected)
{
	struct tmpl_vars *row = tmpl_loop_add(group, "zones");
	char	 label[TZG_NAME_MAX];

	tzg_label(zone, label, sizeof(label));
	tmpl_set(row, "zone", zone);
	tmpl_set(row, "label", label);
	if (strcmp(zone, selected) == 0)
		tmpl_set(row, "zone_selected", "1");
}

/*
 * The time zone <select>: loop "zone_groups" (group, loop "zones": zone,
 * label, zone_selected), by region, the one in "timezone" selected (else
 * the user's own). A stored name outside the list stays, first of its
 * group.
 */
static int
zones(struct ctx *c)
{
	const char *const *tz, *own = c->sess->timezone, *selected;
	struct tmpl_vars *group;
	size_t	 i, n;
	int	 g;

	if ((tz = tz_names(c->db, &n)) == NULL)
		return -1;
	selected = tmpl_get(c->vars, "timezone");
	if (selected == NULL || *selected == '\0')
		selected = own;
	for (g = 0; g < TZG_NGROUPS; g++) {
		group = NULL;
		if (!tz_known(own) && tzg_group(own) == g) {
			group = tmpl_loop_add(c->vars, "zone_groups");
			zone_option(group, own, selected);
		}
		for (i = 0; i < n; i++) {
			if (tzg_group(tz[i]) != g)
				continue;
			if (group == NULL)
				group = tmpl_loop_add(c->vars, "zone_groups");
			zone_option(group, tz[i], selected);
		}
		if (group != NULL)
			tmpl_set(group, "group", tzg_group_name(g));
	}
	return 0;
}

int
view_profile_stored(struct ctx *c)
{
	struct profile p;
	long long kg100;
	long	 day;
	char	 w[32];

	if (user_profile(c->db, c->req->arena, &p) != 0 ||
	    bw_latest(c->db, c->sess->today, &day, &kg100) != 0)
		return -1;
	tmpl_set(c->vars, "timezone", p.timezone);
	tmpl_set(c->vars, "week_start", p.week_start ? "1" : "0");
	tmpl_set(c->vars, "weight_unit", p.unit);
	if (kg100 >= 0) {
		fmt_fixed(w, sizeof(w), user_weight_in(kg100, p.unit[0] == 'l'),
		    1);
		tmpl_set(c->vars, "weight", w);
	}
	return 0;
}

int
view_profile_form(struct ctx *c)
{
	return zones(c);
}

/* The weight field, checked, in hundredths of a kg; -1 for none or bad. */
static long long
check_weight(struct ctx *c, const struct form *f)
{
	if (!form_has(f, P_UNIT)) {
		/* No unit to read it in (that is the error); a number still. */
		return *form_str(f, P_WEIGHT) == '\0' ? -1 :
		    view_weight_read(c, "weight", form_str(f, P_WEIGHT), -1, 1);
	}
	return view_weight_read(c, "weight", form_str(f, P_WEIGHT),
	    form_num(f, P_UNIT) == 1, 1);
}

/*
 * The weight shown is the latest body weight entry up to today: a new one
 * is logged for today when the field says another number than it showed
 * (in the unit it showed it in: changing the unit alone logs nothing);
 * an emptied field takes today's entry away.
 */
static int
save_weight(struct ctx *c, long today, const char *typed, long long kg100,
    int was_lb)
{
	long long last, tenths;
	long	 day;

	if (bw_latest(c->db, today, &day, &last) != 0)
		return -1;
	if (kg100 < 0)
		return day == today && bw_delete(c->db, day) < 0 ? -1 : 0;
	if (last >= 0 && fmt_fixed_parse(typed, 1, &tenths) == FIXED_OK &&
	    tenths == user_weight_in(last, was_lb))
		return 0;	/* as shown */
	return bw_set(c->db, today, kg100);
}

int
view_profile_post(struct ctx *c)
{
	struct form f;
	const char *tz;
	long long kg100;
	long	 today;
	size_t	 n;
	int	 was_lb;

	form_read(c, profile_fields, P__MAX, &f);
	tz = form_str(&f, P_TIMEZONE);
	if (tz_names(c->db, &n) == NULL)
		return -1;
	if (!tz_known(tz) && strcmp(tz, c->sess->timezone) != 0) {
		form_error(c, "timezone", "Choose a time zone from the list.");
		tmpl_set(c->vars, "timezone", c->sess->timezone);
	}
	kg100 = check_weight(c, &f);
	if (c->nerrors > 0)
		return 0;
	/* Today where the user now is: the weight is that day's. */
	if ((was_lb = page_lb(c)) < 0 || tz_today(c->db, tz, &today) != 0 ||
	    user_save_profile(c->db, tz, (int)form_num(&f, P_WEEK_START),
	    form_str(&f, P_UNIT)) != 0 ||
	    save_weight(c, today, form_str(&f, P_WEIGHT), kg100, was_lb) != 0)
		return -1;
	return 1;
}

static int
sessions(struct ctx *c)
{
	struct sess_row *s;
	struct tmpl_vars *row;
	size_t	 i, n;

	if (sess_list(c->db, c->req->arena, c->sess, &s, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		row = tmpl_loop_add(c->vars, "sessions");
		tmpl_set(row, "sid", s[i].id);
		tmpl_set(row, "created", s[i].created);
		tmpl_set(row, "seen", s[i].seen);
		tmpl_set(row, "ip", s[i].ip ? s[i].ip : "unknown");
		tmpl_set(row, "browser", ua_name(c->req->arena,
		    s[i].user_agent));
		tmpl_set(row, "current", s[i].current ? "1" : NULL);
	}
	return 0;
}

/* An audit_log event in plain words. */
static const char *
event_words(struct ctx *c, const char *event, const char *detail)
{
	static const char *const words[][2] = {
		{ "signup", "Signed up" }, { "login", "Logged in" },
		{ "login_failed", "Failed login" },
		{ "login_throttled", "Login refused (too many attempts)" },
		{ "logout", "Logged out" },
		{ "password_changed", "Password changed" },
		{ "session_ended", "Session ended" },
		{ "settings_changed", "Settings changed" },
		{ "account_deleted", "Account deleted" },
	};
	size_t	 i;

	if (strcmp(event, "login_failed") == 0 && detail != NULL &&
	    strcmp(detail, "disabled") == 0)
		return "Login refused (account disabled)";
	if (strcmp(event, "session_ended") == 0 && detail != NULL &&
	    strcmp(detail, "1") != 0)
		return arena_printf(c->req->arena, "Sessions ended (%s)",
		    detail);
	for (i = 0; i < NELEM(words); i++)
		if (strcmp(event, words[i][0]) == 0)
			return words[i][1];
	return event;
}

static int
activity(struct ctx *c)
{
	struct audit_row *a;
	struct tmpl_vars *row;
	size_t	 i, n;

	if (audit_recent(c->db, c->req->arena, &a, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		row = tmpl_loop_add(c->vars, "activity");
		tmpl_set(row, "what", event_words(c, a[i].event, a[i].detail));
		tmpl_set(row, "when", a[i].when);
		tmpl_set(row, "ip", a[i].ip ? a[i].ip : "unknown");
	}
	return 0;
}

int
view_settings(struct ctx *c, int status, int sent)
{
	if ((!sent && view_profile_stored(c) != 0) ||
	    view_profile_form(c) != 0 || sessions(c) != 0 || activity(c) != 0)
		return -1;
	tmpl_setf(c->vars, "activity_rows", "%d", ACTIVITY_ROWS);
	tmpl_set(c->vars, "own_timezone", c->sess->timezone);
	return page_render(c, status, "settings.tmpl", "Settings");
}

/* The bounds of a body weight in tenths of the unit, as a message. */
static void
weight_range(struct ctx *c, const char *name, int lb, int optional)
{
	long long lo = user_weight_in(100LL * WEIGHT_MIN_KG, lb);
	long long hi = user_weight_in(100LL * WEIGHT_MAX_KG, lb);
	char	 a[32], b[32];

	fmt_fixed(a, sizeof(a), lb ? lo : lo / 10, lb ? 1 : 0);
	fmt_fixed(b, sizeof(b), lb ? hi : hi / 10, lb ? 1 : 0);
	form_error(c, name, arena_printf(c->req->arena, "Enter a weight "
	    "between %s and %s %s%s.", a, b, lb ? "lb" : "kg", optional ?
	    ", or leave it empty" : ""));
}

long long
view_weight_read(struct ctx *c, const char *name, const char *s, int lb,
    int optional)
{
	long long t, kg100;

	if (*s == '\0')
		return -1;
	switch (fmt_fixed_parse(s, 1, &t)) {
	case FIXED_NOT_NUMBER:
		form_error(c, name, optional ? "Enter your weight as a "
		    "number, like 72.5, or leave it empty." : "Enter your "
		    "weight as a number, like 72.5.");
		return -1;
	case FIXED_TOO_PRECISE:
		form_error(c, name, "Use at most one decimal, like 72.5.");
		return -1;
	case FIXED_OK:
		break;
	}
	if (lb < 0)
		return -1;
	kg100 = user_weight_kg100(t, lb);
	if (kg100 < 100LL * WEIGHT_MIN_KG || kg100 > 100LL * WEIGHT_MAX_KG) {
		weight_range(c, name, lb, optional);
		return -1;
	}
	return kg100;
}
