/* route.c — the route table: path and method to handler */
#include <stddef.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "db.h"
#include "http.h"
#include "limits.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

static const struct route routes[] = {
	{ "/",		page_index,	NULL,	ROUTE_TRY_DB, NULL, NULL },
	{ "/healthz",	page_healthz,	NULL,	0, NULL, NULL },
	{ "/signup",	page_signup,	page_signup_post, ROUTE_DB, "/signup",
	    NULL },
	{ "/login",	page_login,	page_login_post, ROUTE_DB, "/login",
	    NULL },
	{ "/logout",	NULL,		page_logout_post, ROUTE_AUTH, "/",
	    NULL },
	{ "/welcome",	page_welcome,	page_welcome_post, ROUTE_AUTH,
	    "/welcome", NULL },
	{ "/dashboard",	page_dashboard,	NULL,	ROUTE_AUTH, NULL,
	    page_dashboard_reads },
	{ "/workouts",	page_workouts,	NULL,	ROUTE_AUTH | ROUTE_READ, NULL,
	    page_workouts_reads },
	{ "/workouts/new", page_workouts_new, page_workouts_new_post,
	    ROUTE_AUTH, "/workouts/new", NULL },
	{ "/workouts/*/edit", page_workouts_edit, page_workouts_edit_post,
	    ROUTE_AUTH, "/workouts", NULL },
	{ "/workouts/*/delete", page_workouts_delete, page_workouts_delete_post,
	    ROUTE_AUTH, "/workouts", NULL },
	{ "/exercises",	page_exercises,	NULL,	ROUTE_AUTH, NULL, NULL },
	{ "/exercises/new", page_exercises_new, page_exercises_new_post,
	    ROUTE_AUTH, "/exercises/new", NULL },
	{ "/exercises/*", page_exercises_show, NULL,
	    ROUTE_AUTH | ROUTE_READ | ROUTE_MORE, NULL,
	    page_exercises_show_reads },
	{ "/exercises/*/edit", page_exercises_edit, page_exercises_edit_post,
	    ROUTE_AUTH, "/exercises", NULL },
	{ "/exercises/*/archive", NULL, page_exercises_archive_post,
	    ROUTE_AUTH, "/exercises", NULL },
	{ "/exercises/*/merge", page_exercises_merge, page_exercises_merge_post,
	    ROUTE_AUTH, "/exercises", NULL },
	{ "/weight",	page_weight,	page_weight_post, ROUTE_AUTH, "/weight",
	    NULL },
	{ "/weight/*/delete", page_weight_delete, page_weight_delete_post,
	    ROUTE_AUTH, "/weight", NULL },
	{ "/week",	page_week,	NULL,	ROUTE_AUTH | ROUTE_READ, NULL,
	    page_week_reads },
	{ "/stats",	page_stats,	NULL,	ROUTE_AUTH | ROUTE_READ, NULL,
	    page_stats_reads },
	{ "/export.csv", page_export,	NULL,	ROUTE_AUTH | ROUTE_READ, NULL,
	    NULL },
	{ "/import",	page_import,	page_import_post, ROUTE_AUTH | ROUTE_UPLOAD,
	    "/import", NULL },
	{ "/settings",	page_settings,	page_settings_post, ROUTE_AUTH,
	    "/settings", NULL },
	{ "/settings/goals", page_settings_goals, page_settings_goals_post,
	    ROUTE_AUTH, "/settings/goals", NULL },
	{ "/settings/password", page_settings_password,
	    page_settings_password_post, ROUTE_AUTH, "/settings/password",
	    NULL },
	{ "/settings/sessions/end", page_settings_sessions_end,
	    page_settings_sessions_end_post, ROUTE_AUTH, "/settings", NULL },
	{ "/settings/sessions/end-others", page_settings_sessions_end_others,
	    page_settings_sessions_end_others_post, ROUTE_AUTH, "/settings",
	    NULL },
	{ "/account/delete", page_account_delete, page_account_delete_post,
	    ROUTE_AUTH, "/account/delete", NULL },
};

#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/* Matches path against pattern; "*" takes one non-empty segment. */
static int
match(const char *pat, const char *path, const char **args)
{
	int	 n = 0;
	size_t	 seg;

	while (*pat != '\0') {
		if (*pat == '*') {
			seg = strcspn(path, "/");
			if (seg == 0 || n >= ROUTE_MAX_ARGS)
				return 0;
			args[n++] = path;	/* terminated by the caller */
			path += seg;
			pat++;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	return *path == '\0';
}

const struct route *
route_table(size_t *n)
{
	*n = NROUTES;
	return routes;
}

const struct route *
route_find(const char *path, const char **args)
{
	size_t	 i;

	for (i = 0; i < NROUTES; i++)
		if (match(routes[i].path, path, args))
			return &routes[i];
	return NULL;
}

/* Copies each captured segment out of the path as its own string. */
static void
split_args(struct req *r)
{
	size_t	 i;

	for (i = 0; i < ROUTE_MAX_ARGS && r->args[i] != NULL; i++)
		r->args[i] = arena_strndup(r->arena, r->args[i],
		    strcspn(r->args[i], "/"));
}

static const char *
allow(const struct route *rt)
{
	if (rt->get != NULL && rt->post != NULL)
		return "GET, HEAD, POST";
	return rt->get != NULL ? "GET, HEAD" : "POST";
}

/* 303 to the login page, coming back here afterwards (GET only). */
static int
to_login(struct ctx *c)
{
	struct req *r = c->req;
	struct buf *b = r->out;
	const char *q = r->query_raw;
	char	*next;

	if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
		http_redirect(r, "/login");
		return 0;
	}
	next = q != NULL && *q != '\0' ?
	    arena_printf(r->arena, "%s?%s", r->path, q) :
	    arena_strdup(r->arena, r->path);
	buf_reset(b);
	buf_puts(b, "/login?next=");
	buf_url(b, next, strlen(next));
	http_redirect(r, arena_strdup(r->arena, b->data));
	return 0;
}

static int
csrf_failed(struct ctx *c, const struct route *rt)
{
	tmpl_set(c->vars, "retry", rt->form ? rt->form : "/");
	return page_error(c, 403, "This form could not be accepted: it may "
	    "have been open too long, or it was sent from another site. "
	    "Please open the page again and send the form once more.");
}

/*
 * BEGIN as the user of the cookie's session in its time zone, in one
 * round trip (its bookkeeping left for after the COMMIT: route_dispatch),
 * and the token of its forms (the error pages' Log out button too). -1
 * when the database failed.
 *
 * A GET of a page of rt that says what it reads first, from the primary
 * (a page that may read from a replica does so when there is one), by a
 * session this worker has seen: the reads go in the same round
 * trip, made for what the worker remembers of the session (sess_guess),
 * and the page takes their results when the session proves to be that
 * (sess_begin_ahead).
 */
static int
open_db(struct ctx *c, const struct route *rt)
{
	struct db_query q[PAGE_READS_MAX];
	struct req *r = c->req;
	struct sess g;
	size_t	 n;
	int	 rc;

	if (db_ready(c->db) != 0)
		return -1;
	n = 0;
	c->reads_whole = 0;
	if (rt != NULL && rt->reads != NULL && r->method == HTTP_GET &&
	    (c->read == NULL || !(rt->flags & ROUTE_READ)) &&
	    sess_guess(r, &g)) {
		c->sess = &g;
		n = rt->reads(c, q);
		c->sess = NULL;
	}
	rc = n > 0 ? sess_begin_ahead(c->db, r, &c->sess, &c->chores, &g, q,
	    n, !(rt->flags & ROUTE_MORE) || c->reads_whole) :
	    sess_begin(c->db, r, &c->sess, &c->chores);
	if (rc != 0)
		return -1;
	if (c->sess != NULL)
		c->csrf = sess_csrf_token(c->req->arena, c->sess);
	return 0;
}

/*
 * Read-your-writes with a read replica (EXBUDDY_DATABASE_READ_URL): after
 * each POST the primary's WAL position goes into a cookie (eb_lsn); a
 * ROUTE_READ page reads from the replica when the replica has replayed
 * that far (or the browser wrote nothing), else from the primary. What
 * another browser of the same user wrote may show a moment later there.
 */
#define LSN_COOKIE	"eb_lsn"
#define LSN_MAX		17	/* "FFFFFFFF/FFFFFFFF" */

/* The browser's WAL position when it is one ("16/B374D848"), else NULL. */
static const char *
lsn_of(const struct req *r)
{
	char	 name[64];
	const char *v, *slash;
	size_t	 n;

	sess_cookie_name(r, LSN_COOKIE, name, sizeof(name));
	if ((v = kv_get(&r->cookies, name)) == NULL ||
	    (n = strlen(v)) > LSN_MAX || (slash = strchr(v, '/')) == NULL ||
	    slash == v || slash == v + n - 1 ||
	    strspn(v, "0123456789ABCDEFabcdef") != (size_t)(slash - v) ||
	    strspn(slash + 1, "0123456789ABCDEFabcdef") != n - (size_t)(slash - v) - 1)
		return NULL;
	return v;
}

/*
 * The page of c on the replica, in a transaction as its user, when the
 * replica answers and has replayed what this browser wrote; else on the
 * primary still. -1 only when the primary fails.
 */
static int
to_replica(struct ctx *c)
{
	/*
	 * After a failure the replica is left alone for a while: connecting
	 * to one that is down may take DB_CONNECT_TIMEOUT, which every read
	 * page of this worker would wait otherwise.
	 */
	static time_t away_until;
	const char *p[1] = { lsn_of(c->req) };
	PGresult *res = NULL;
	time_t	 now = time(NULL);
	int	 ok;

	if (now < away_until)
		return 0;
	if (db_ready(c->read) != 0 || db_begin_as(c->read, c->sess->user_id,
	    c->sess->timezone) != 0) {
		ok = 0;		/* the replica is away: the primary serves */
		if (db_broken(c->read))
			away_until = now + REPLICA_RETRY_SECONDS;
	} else if (p[0] == NULL)
		ok = 1;
	else {
		/* A primary given as the replica has no replay position. */
		res = db_exec(c->read, "SELECT coalesce(pg_last_wal_replay_lsn(), "
		    "pg_current_wal_lsn()) >= $1::pg_lsn", 1, p);
		ok = res != NULL && PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
	}
	if (!ok) {
		db_cleanup(c->read);
		return 0;
	}
	/* The session's transaction (it may have taken the flash) ends. */
	if (db_commit(c->primary) != 0)
		return -1;
	c->db = c->read;
	return 0;
}

/* After a POST: the primary's WAL position, for to_replica. */
static void
remember_lsn(struct ctx *c)
{
	char	 name[64];
	PGresult *res;

	if ((res = db_exec(c->primary, "SELECT pg_current_wal_lsn()::text", 0,
	    NULL)) == NULL) {
		db_cleanup(c->primary);
		return;
	}
	sess_cookie_name(c->req, LSN_COOKIE, name, sizeof(name));
	http_header(c->req, "Set-Cookie", "%s=%s; Path=/; HttpOnly; "
	    "SameSite=Lax%s", name, PQgetvalue(res, 0, 0), c->req->https ?
	    "; Secure" : "");
	PQclear(res);
}

/* The handler, after the checks every request passes. */
static int
run(struct ctx *c, const struct route *rt, page_fn fn)
{
	struct req *r = c->req;

	if (rt->flags & (ROUTE_DB | ROUTE_AUTH | ROUTE_TRY_DB) &&
	    open_db(c, rt) != 0) {
		if (!(rt->flags & ROUTE_TRY_DB))
			return -1;
		db_cleanup(c->db);
		c->sess = NULL;
		c->csrf = NULL;
	}
	if ((rt->flags & ROUTE_AUTH) && c->sess == NULL)
		return to_login(c);
	if (r->method == HTTP_POST && !sess_csrf_ok(c->db, r, c->sess))
		return csrf_failed(c, rt);
	if ((rt->flags & ROUTE_READ) && c->read != NULL && c->sess != NULL &&
	    r->method != HTTP_POST && to_replica(c) != 0)
		return -1;
	return fn(c);
}

/* 404 and 405 pages still show who is signed in, when the database can say. */
static int
refuse(struct ctx *c, int status, const char *msg)
{
	if (c->req->cookies.n == 0)
		return page_error(c, status, msg);
	if (open_db(c, NULL) != 0) {
		db_cleanup(c->db);
		c->sess = NULL;
		c->csrf = NULL;
	}
	return page_error(c, status, msg);
}

int
route_dispatch(struct ctx *c)
{
	struct req *r = c->req;
	const struct route *rt;
	page_fn	 fn;

	int	 rc;

	memset(r->args, 0, sizeof(r->args));
	if ((rt = route_find(r->path, r->args)) == NULL)
		rc = refuse(c, 404, "There is no page at this address.");
	else {
		split_args(r);
		fn = (r->method == HTTP_POST) ? rt->post :
		    (r->method == HTTP_OTHER) ? NULL : rt->get;
		if (fn == NULL) {
			http_header(r, "Allow", "%s", allow(rt));
			rc = refuse(c, 405, "This page does not accept that "
			    "kind of request.");
		} else
			rc = run(c, rt, fn);
	}
	/*
	 * Whatever answered, what it did stands: a login redirect keeps the
	 * deletion of an expired session, a refused login its audit row.
	 */
	if (rc == 0 && db_in_transaction(c->db) && db_commit(c->db) != 0)
		return -1;
	if (rc == 0 && c->read != NULL && r->method == HTTP_POST)
		remember_lsn(c);
	if (rc == 0)
		sess_chores(c->primary, r, c->chores);
	return rc;
}
