/* page_settings.c — /settings: profile, password, sessions, security activity */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"

#define TZ_MAX		2048		/* time zone names kept */
#define TZ_BUF		(64 * 1024)	/* bytes for their text */
#define ACTIVITY_ROWS	"20"		/* audit_log rows shown */
#define TIME_FMT	"'YYYY-MM-DD HH24:MI'"
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* PostgreSQL's IANA zone names, loaded once per worker (it costs ~30 ms). */
static const char *tz_list[TZ_MAX];
static char	 tz_text[TZ_BUF];
static size_t	 tz_count;

static const char *const units[] = { "kg", "lb", NULL };

static int
tz_load(struct db *db)
{
	PGresult *res;
	size_t	 used = 0, len;
	int	 i, n;

	if (tz_count > 0)
		return 0;
	res = db_exec(db, "SELECT name FROM pg_timezone_names "
	    "WHERE (name ~ '^[A-Za-z]+/[A-Za-z0-9_+/-]+$' OR name = 'UTC') "
	    "AND name !~ '^(posix|right)/' ORDER BY name COLLATE \"C\"",
	    0, NULL);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	for (i = 0; i < n && tz_count < TZ_MAX; i++) {
		len = strlen(PQgetvalue(res, i, 0)) + 1;
		if (used + len > sizeof(tz_text))
			break;
		memcpy(tz_text + used, PQgetvalue(res, i, 0), len);
		tz_list[tz_count++] = tz_text + used;
		used += len;
	}
	PQclear(res);
	if (i < n)
		fprintf(stderr, "exbuddy: kept %zu of %d time zones\n",
		    tz_count, n);
	return tz_count > 0 ? 0 : -1;
}

static int
tz_known(const char *tz)
{
	size_t	 i;

	for (i = 0; i < tz_count; i++)
		if (strcmp(tz_list[i], tz) == 0)
			return 1;
	return 0;
}

/* The <option>s of the time zone <select>, with `selected` marked. */
static void
set_zones(struct ctx *c, const char *selected)
{
	struct tmpl_vars *row;
	const char *own = c->sess->timezone;
	size_t	 i;

	if (selected == NULL || *selected == '\0')
		selected = own;
	if (!tz_known(own)) {	/* a stored name outside the list stays */
		row = tmpl_loop_add(c->vars, "zones");
		tmpl_set(row, "zone", own);
		tmpl_set(row, "zone_selected", strcmp(own, selected) == 0 ?
		    "1" : NULL);
	}
	for (i = 0; i < tz_count; i++) {
		row = tmpl_loop_add(c->vars, "zones");
		tmpl_set(row, "zone", tz_list[i]);
		if (strcmp(tz_list[i], selected) == 0)
			tmpl_set(row, "zone_selected", "1");
	}
}

/*
 * "72", "72.5", "72,5" (or "72.50") as tenths in *t. 0; -1 when it is
 * not such a number; -2 when it has more than one decimal.
 */
static int
tenths_parse(const char *s, long long *t)
{
	long long n = 0;
	size_t	 i, d;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
		if (n < 100000000)
			n = n * 10 + (s[i] - '0');
	n *= 10;
	if (s[i] != '\0' && s[i] != '.' && s[i] != ',')
		return -1;
	if (s[i] != '\0') {
		for (i++, d = 0; s[i + d] >= '0' && s[i + d] <= '9'; d++)
			;
		if (d == 0 || s[i + d] != '\0')
			return -1;
		if (strspn(s + i + 1, "0") < d - 1)
			return -2;
		n += s[i] - '0';
	}
	*t = n;
	return 0;
}

static const char *
tenths_text(struct ctx *c, long long t)
{
	return arena_printf(c->req->arena, "%lld.%lld", t / 10, t % 10);
}

/* The saved profile into the template variables. 0 or -1. */
static int
load_profile(struct ctx *c)
{
	PGresult *res;
	const char *unit;
	long long t;

	/* Stored in kg to 0.01, shown in the user's unit to 0.1. */
	res = db_exec(c->db, "SELECT timezone, week_start, round(CASE "
	    "WHEN weight_unit = 'lb' THEN weight_kg / 0.45359237 ELSE "
	    "weight_kg END, 1), weight_unit FROM users "
	    "WHERE id = current_user_id()", 0, NULL);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	unit = PQgetvalue(res, 0, 3);
	tmpl_set(c->vars, "timezone", PQgetvalue(res, 0, 0));
	tmpl_set(c->vars, "week_start", PQgetvalue(res, 0, 1));
	tmpl_set(c->vars, "weight_unit", unit);
	if (!PQgetisnull(res, 0, 2) &&
	    tenths_parse(PQgetvalue(res, 0, 2), &t) == 0)
		tmpl_set(c->vars, "weight", tenths_text(c, t));
	PQclear(res);
	return 0;
}

/* A few words for a User-Agent: "Firefox on Linux", "w3m", "curl". */
static const char *
browser_name(struct ctx *c, const char *ua)
{
	static const char *const apps[][2] = {
		{ "Edg", "Edge" }, { "OPR/", "Opera" }, { "Opera", "Opera" },
		{ "SamsungBrowser/", "Samsung Internet" },
		{ "Vivaldi/", "Vivaldi" }, { "FxiOS/", "Firefox" },
		{ "Firefox/", "Firefox" }, { "CriOS/", "Chrome" },
		{ "Chromium/", "Chromium" }, { "Chrome/", "Chrome" },
		{ "Safari/", "Safari" }, { "ELinks", "ELinks" },
		{ "Links", "Links" }, { "Lynx", "Lynx" }, { "w3m", "w3m" },
		{ "curl/", "curl" }, { "Wget/", "Wget" },
	};
	static const char *const systems[][2] = {
		{ "Android", "Android" }, { "iPhone", "iOS" },
		{ "iPad", "iPadOS" }, { "iPod", "iOS" }, { "CrOS", "ChromeOS" },
		{ "Windows", "Windows" }, { "Macintosh", "macOS" },
		{ "Mac OS X", "macOS" }, { "FreeBSD", "FreeBSD" },
		{ "OpenBSD", "OpenBSD" }, { "Linux", "Linux" },
	};
	const char *app = NULL, *os = NULL;
	size_t	 i;

	for (i = 0; ua != NULL && app == NULL && i < NELEM(apps); i++)
		if (strstr(ua, apps[i][0]) != NULL)
			app = apps[i][1];
	for (i = 0; ua != NULL && os == NULL && i < NELEM(systems); i++)
		if (strstr(ua, systems[i][0]) != NULL)
			os = systems[i][1];
	if (os == NULL)
		return app != NULL ? app : "Unknown browser";
	return arena_printf(c->req->arena, "%s on %s",
	    app != NULL ? app : "Unknown browser", os);
}

/* The user's live sessions, this one first. 0 or -1. */
static int
load_sessions(struct ctx *c)
{
	char	 idle[16], max[16];
	const char *p[3] = { c->sess->id, idle, max };
	struct tmpl_vars *row;
	PGresult *res;
	int	 i;

	snprintf(idle, sizeof(idle), "%d", app_conf.session_idle);
	snprintf(max, sizeof(max), "%d", app_conf.session_max);
	res = db_exec(c->db, "SELECT id, to_char(created_at, " TIME_FMT "), "
	    "to_char(last_seen_at, " TIME_FMT "), host(ip), user_agent, "
	    "id = $1 FROM sessions WHERE user_id = current_user_id() "
	    "AND (id = $1 OR (last_seen_at > now() - make_interval(secs => $2) "
	    "AND created_at > now() - make_interval(secs => $3))) "
	    "ORDER BY id = $1 DESC, last_seen_at DESC, created_at DESC",
	    3, p);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		row = tmpl_loop_add(c->vars, "sessions");
		tmpl_set(row, "sid", PQgetvalue(res, i, 0));
		tmpl_set(row, "created", PQgetvalue(res, i, 1));
		tmpl_set(row, "seen", PQgetvalue(res, i, 2));
		tmpl_set(row, "ip", PQgetisnull(res, i, 3) ? "unknown" :
		    PQgetvalue(res, i, 3));
		tmpl_set(row, "browser", browser_name(c, PQgetisnull(res, i,
		    4) ? NULL : PQgetvalue(res, i, 4)));
		tmpl_set(row, "current", PQgetvalue(res, i, 5)[0] == 't' ?
		    "1" : NULL);
	}
	PQclear(res);
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

/* The user's last security events. 0 or -1. */
static int
load_activity(struct ctx *c)
{
	struct tmpl_vars *row;
	PGresult *res;
	int	 i;

	res = db_exec(c->db, "SELECT event, to_char(created_at, " TIME_FMT
	    "), host(ip), detail FROM audit_log "
	    "WHERE user_id = current_user_id() "
	    "ORDER BY created_at DESC, id DESC LIMIT " ACTIVITY_ROWS, 0, NULL);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		row = tmpl_loop_add(c->vars, "activity");
		tmpl_set(row, "what", event_words(c, PQgetvalue(res, i, 0),
		    PQgetisnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3)));
		tmpl_set(row, "when", PQgetvalue(res, i, 1));
		tmpl_set(row, "ip", PQgetisnull(res, i, 2) ? "unknown" :
		    PQgetvalue(res, i, 2));
	}
	PQclear(res);
	return 0;
}

/* The whole settings page, profile fields as already set. */
static int
show(struct ctx *c, int status)
{
	if (tz_load(c->db) != 0 || load_sessions(c) != 0 ||
	    load_activity(c) != 0)
		return -1;
	set_zones(c, tmpl_get(c->vars, "timezone"));
	tmpl_set(c->vars, "own_timezone", c->sess->timezone);
	c->req->status = status;
	return page_render(c, "settings.tmpl", "Settings");
}

static int
busy(struct ctx *c)
{
	return page_error(c, 503, "The server is busy. Please try again in "
	    "a moment.");
}

/* GET /settings: every settings form, sessions and activity. 200. */
int
page_settings(struct ctx *c)
{
	if (load_profile(c) != 0)
		return -1;
	return show(c, 200);
}

/* The weight field, checked, in its unit ("72.5", "" for none) into kg[32]. */
static void
check_weight(struct ctx *c, const char *weight, int unit, char kg[32])
{
	long long t;
	int	 rc;

	kg[0] = '\0';
	if (*weight == '\0')
		return;
	if ((rc = tenths_parse(weight, &t)) == -1)
		page_field_error(c, "weight", "Enter your weight as a number, "
		    "like 72.5, or leave it empty.");
	else if (rc == -2)
		page_field_error(c, "weight", "Use at most one decimal, like "
		    "72.5.");
	else if (unit == 1 && (t < 441 || t > 11023))
		page_field_error(c, "weight", "Enter a weight between 44.1 "
		    "and 1102.3 lb, or leave it empty.");
	else if (unit == 0 && (t < 200 || t > 5000))
		page_field_error(c, "weight", "Enter a weight between 20 and "
		    "500 kg, or leave it empty.");
	else if (unit >= 0)
		snprintf(kg, 32, "%d.%d", (int)(t / 10), (int)(t % 10));
}

/*
 * POST /settings: timezone, week_start (0 Sunday, 1 Monday), weight
 * (optional, one decimal) and weight_unit (kg, lb). 303 to /settings
 * with a flash; 422 with the page and each error by its field.
 */
int
page_settings_post(struct ctx *c)
{
	const char *tz = page_field(c, "timezone");
	const char *ws = page_field(c, "week_start");
	const char *unit = page_field(c, "weight_unit");
	const char *p[4];
	char	 kg[32];
	int	 u;

	page_keep(c, "timezone");
	page_keep(c, "week_start");
	page_keep(c, "weight");
	page_keep(c, "weight_unit");
	if (tz_load(c->db) != 0)
		return -1;
	if (!tz_known(tz) && strcmp(tz, c->sess->timezone) != 0) {
		page_field_error(c, "timezone", "Choose a time zone from the "
		    "list.");
		tmpl_set(c->vars, "timezone", c->sess->timezone);
	}
	if (strcmp(ws, "0") != 0 && strcmp(ws, "1") != 0)
		page_field_error(c, "week_start", "Choose Monday or Sunday.");
	if ((u = valid_enum(unit, units)) < 0)
		page_field_error(c, "weight_unit", "Choose kg or lb.");
	check_weight(c, page_field(c, "weight"), u, kg);
	if (c->nerrors > 0)
		return show(c, 422);
	p[0] = tz;
	p[1] = ws;
	p[2] = kg[0] != '\0' ? kg : NULL;
	p[3] = unit;
	if (db_cmd(c->db, "UPDATE users SET timezone = $1, week_start = $2, "
	    "weight_kg = round(CASE WHEN $4 = 'lb' THEN $3::numeric * "
	    "0.45359237 ELSE $3::numeric END, 2), weight_unit = $4 "
	    "WHERE id = current_user_id()",
	    4, p) != 0 || audit(c, "settings_changed", NULL) != 0 ||
	    sess_flash(c, "Your settings are saved.") != 0)
		return -1;
	http_redirect(c->req, "/settings");
	return 0;
}

/* The user's password hash and email, copied into the arena. 0 or -1. */
static int
read_account(struct ctx *c, const char **hash, const char **email)
{
	PGresult *res;

	res = db_exec(c->db, "SELECT password_hash, email FROM users "
	    "WHERE id = current_user_id()", 0, NULL);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	*hash = arena_strdup(c->req->arena, PQgetvalue(res, 0, 0));
	*email = arena_strdup(c->req->arena, PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

static const char *
form_raw(struct ctx *c, const char *field)
{
	const char *v = kv_get(&c->req->form, field);

	return v != NULL ? v : "";
}

/*
 * Field errors for a password change. 0, -1 when hashing is busy, -2 on
 * a database failure.
 */
static int
check_password(struct ctx *c, const char *hash, const char *email)
{
	const char *cur = form_raw(c, "current_password");
	const char *pw = form_raw(c, "new_password");
	const char *why;
	int	 ok;

	if (*cur == '\0')
		page_field_error(c, "current_password", "Enter your current "
		    "password.");
	else if ((ok = pw_verify(hash, cur)) < 0)
		return -1;
	else if (!ok) {
		page_field_error(c, "current_password", "That is not your "
		    "current password.");
		/* Counts towards the lock, like a failed login. */
		if (audit(c, "login_failed", "password change") != 0)
			return -2;
	}
	if (*pw == '\0')
		page_field_error(c, "new_password", "Choose a new password.");
	else if ((why = pw_weak(pw, c->sess->username, email)) != NULL)
		page_field_error(c, "new_password", why);
	else if (strcmp(pw, cur) == 0)
		page_field_error(c, "new_password", "Choose a password that "
		    "differs from your current one.");
	if (strcmp(pw, form_raw(c, "confirm_password")) != 0)
		page_field_error(c, "confirm_password", "The two new "
		    "passwords differ.");
	return 0;
}

/*
 * POST /settings/password: current_password, new_password,
 * confirm_password. 303 to /settings with every other session ended;
 * 422 with the page and each error by its field; 503 when busy.
 */
int
page_settings_password(struct ctx *c)
{
	const char *hash, *email, *p[2];
	char	 newhash[PW_HASH_LEN];

	int	 rc;

	if (read_account(c, &hash, &email) != 0)
		return -1;
	if ((rc = audit_throttled(c, c->sess->user_id)) != 0)
		return rc < 0 || load_profile(c) != 0 ? -1 : show(c, 429);
	if ((rc = check_password(c, hash, email)) != 0)
		return rc == -2 ? -1 : busy(c);
	if (c->nerrors > 0)
		return load_profile(c) != 0 ? -1 : show(c, 422);
	if (pw_hash(form_raw(c, "new_password"), newhash) != 0)
		return busy(c);
	p[0] = newhash;
	p[1] = c->sess->id;
	if (db_cmd(c->db, "UPDATE users SET password_hash = $1 "
	    "WHERE id = current_user_id()", 1, p) != 0 ||
	    db_cmd(c->db, "DELETE FROM sessions WHERE user_id = "
	    "current_user_id() AND id <> $1", 1, p + 1) != 0 ||
	    audit(c, "password_changed", NULL) != 0 ||
	    sess_flash(c, "Your password is changed. Every other session "
	    "has been logged out.") != 0)
		return -1;
	http_redirect(c->req, "/settings");
	return 0;
}

/* Runs a DELETE of sessions with one parameter: rows deleted, or -1. */
static long
delete_sessions(struct ctx *c, const char *sql, const char *param)
{
	const char *p[1] = { param };
	PGresult *res;
	long	 n;

	if ((res = db_exec(c->db, sql, 1, p)) == NULL)
		return -1;
	n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n;
}

static int
no_session(struct ctx *c)
{
	tmpl_set(c->vars, "retry", "/settings");
	return page_error(c, 404, "There is no such session of yours: it "
	    "may have ended already.");
}

/*
 * POST /settings/sessions/end: session (a uuid of one of the user's
 * sessions). 303 to /settings, or to /login when it was this one; 404
 * for any other id.
 */
int
page_settings_session_end(struct ctx *c)
{
	const char *id = page_field(c, "session");
	int	 self;
	long	 n;

	if (!valid_uuid(id))
		return no_session(c);
	self = strcasecmp(id, c->sess->id) == 0;
	n = delete_sessions(c, "DELETE FROM sessions WHERE id = $1 "
	    "AND user_id = current_user_id()", id);
	if (n < 0)
		return -1;
	if (n == 0)
		return no_session(c);
	if (audit(c, "session_ended", "1") != 0)
		return -1;
	if (self) {
		c->sess = NULL;
		sess_clear_cookie(c);
		http_redirect(c->req, "/login");
		return 0;
	}
	if (sess_flash(c, "That session has been ended.") != 0)
		return -1;
	http_redirect(c->req, "/settings");
	return 0;
}

/* POST /settings/sessions/end-others: ends all but this session. 303. */
int
page_settings_sessions_end_others(struct ctx *c)
{
	char	 detail[24];
	const char *msg;
	long	 n;

	n = delete_sessions(c, "DELETE FROM sessions WHERE user_id = "
	    "current_user_id() AND id <> $1", c->sess->id);
	if (n < 0)
		return -1;
	snprintf(detail, sizeof(detail), "%ld", n);
	if (n > 0 && audit(c, "session_ended", detail) != 0)
		return -1;
	msg = n == 0 ? "There were no other sessions to end." : n == 1 ?
	    "Your other session has been ended." :
	    arena_printf(c->req->arena, "Your %ld other sessions have been "
	    "ended.", n);
	if (sess_flash(c, msg) != 0)
		return -1;
	http_redirect(c->req, "/settings");
	return 0;
}
