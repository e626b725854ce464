/* view_account.c — what several account pages show: a throttled login, the settings page */
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
#include "user.h"
#include "useragent.h"
#include "view_account.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

void
view_throttled(struct ctx *c, enum throttle t, long retry)
{
	long	 min = (retry + 59) / 60;

	if (t == THROTTLE_ADDRESS)
		tmpl_setf(c->vars, "alert", "There have been too many failed "
		    "logins from your network. Please wait %d minutes and "
		    "try again.", (app_conf.login_window + 59) / 60);
	else
		tmpl_setf(c->vars, "alert", "This account is locked for a "
		    "while after too many failed logins. Please try again in "
		    "%ld minute%s.", min, min == 1 ? "" : "s");
	http_header(c->req, "Retry-After", "%ld", retry);
}

/* The <option>s of the time zone <select>, with `selected` marked. */
static int
zones(struct ctx *c, const char *selected)
{
	const char *const *tz, *own = c->sess->timezone;
	struct tmpl_vars *row;
	size_t	 i, n;

	if ((tz = tz_names(c->db, &n)) == NULL)
		return -1;
	if (selected == NULL || *selected == '\0')
		selected = own;
	if (!tz_known(own)) {	/* a stored name outside the list stays */
		row = tmpl_loop_add(c->vars, "zones");
		tmpl_set(row, "zone", own);
		tmpl_set(row, "zone_selected", strcmp(own, selected) == 0 ?
		    "1" : NULL);
	}
	for (i = 0; i < n; i++) {
		row = tmpl_loop_add(c->vars, "zones");
		tmpl_set(row, "zone", tz[i]);
		if (strcmp(tz[i], selected) == 0)
			tmpl_set(row, "zone_selected", "1");
	}
	return 0;
}

/* The stored profile into the form's fields. */
static int
profile(struct ctx *c)
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

	if (audit_recent(c->db, c->req->arena, ACTIVITY_ROWS, &a, &n) != 0)
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
	if ((!sent && profile(c) != 0) || zones(c, tmpl_get(c->vars, "timezone")) != 0 ||
	    sessions(c) != 0 || activity(c) != 0)
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
