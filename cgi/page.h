/* page.h — what every page handler gets, the shared page output, and the handlers */
#ifndef EXBUDDY_PAGE_H
#define EXBUDDY_PAGE_H

#include <stddef.h>

struct db;
struct db_query;
struct library;
struct req;
struct sess;
struct tmpl_set;
struct tmpl_vars;

/* One request as a handler sees it. */
struct ctx {
	struct req		*req;
	struct db		*db;	/* where the page's queries go */
	struct db		*primary;	/* writes, the session */
	struct db		*read;	/* the read replica, or NULL */
	const struct tmpl_set	*tmpl;
	struct tmpl_vars	*vars;	/* top-level template variables */
	struct sess		*sess;	/* the signed-in user, or NULL */
	const char		*csrf;	/* the token of the page's forms, or NULL */
	int			 nerrors;	/* form fields found invalid */
	struct library		*lib;	/* page_library's, once loaded */
	int			 chores;	/* sess_begin's, for sess_chores */
	int			 reads_whole;	/* its reads_fn's are all it reads */
};

/*
 * A handler fills ctx->req's response (status, body, headers) and
 * returns 0, or -1 on an internal failure: the server then answers 503
 * when the database is unreachable and 500 otherwise.
 */
typedef int (*page_fn)(struct ctx *);

/*
 * What a page's GET reads first, as the page itself sends it
 * (page_prefetch, or the db_exec that asks): the statements into q, at
 * most PAGE_READS_MAX, returning how many (0 when its query string makes
 * that hard to tell). Made from c->req and from c->sess's user_id, today
 * and week_start alone, and nothing asked of the database: the route
 * sends them with the session's lookup, before the session is known, on
 * a guess of those three (route.c). A page whose later reads depend on
 * what these find (ROUTE_MORE) sets c->reads_whole when q holds those
 * too: the round trip then commits, as it does for the others.
 */
#define PAGE_READS_MAX	8
typedef size_t (*reads_fn)(struct ctx *, struct db_query *q);

/*
 * Renders tmpl inside templates/layout.tmpl into the response body with
 * the given status. The layout gets "title", "content", and from ctx
 * "user", "csrf" and the one-time "flash". 0 or -1.
 */
int	 page_render(struct ctx *, int status, const char *tmpl,
	    const char *title);
/* A plain error page with the request id; status 4xx/5xx. */
int	 page_error(struct ctx *, int status, const char *message);
/* 503: every password hashing slot stayed busy. */
int	 page_busy(struct ctx *);
/* The CSRF token for the forms of someone not signed in. 0 or -1. */
int	 page_csrf_anon(struct ctx *);
/* The exercises the user sees, loaded once per request; NULL on failure. */
const struct library *page_library(struct ctx *);
/*
 * The statements the rest of the page reads, in one round trip
 * (db_prefetch). On a GET, which writes nothing before (unless it took
 * the session's flash), the transaction commits in the same round trip
 * (db_prefetch_last). 0 or -1.
 */
int	 page_prefetch(struct ctx *, const struct db_query *q, size_t n);
/*
 * The user's unit for weights, as the session's lookup read it: 1 pounds,
 * 0 kilograms, -1 when nobody is signed in.
 */
int	 page_lb(struct ctx *);
/* 303 to path after a POST, with a one-time message there. 0 or -1. */
int	 page_done(struct ctx *, const char *path, const char *flash);

int	 page_index(struct ctx *);		/* GET / */
int	 page_healthz(struct ctx *);		/* GET /healthz */
int	 page_signup(struct ctx *);		/* GET /signup */
int	 page_signup_post(struct ctx *);	/* POST /signup */
int	 page_login(struct ctx *);		/* GET /login */
int	 page_login_post(struct ctx *);		/* POST /login */
int	 page_logout_post(struct ctx *);	/* POST /logout */
int	 page_welcome(struct ctx *);		/* GET /welcome */
int	 page_welcome_post(struct ctx *);	/* POST /welcome */
int	 page_dashboard(struct ctx *);		/* GET /dashboard */
size_t	 page_dashboard_reads(struct ctx *, struct db_query *);
int	 page_workouts(struct ctx *);		/* GET /workouts */
size_t	 page_workouts_reads(struct ctx *, struct db_query *);
int	 page_workouts_new(struct ctx *);	/* GET /workouts/new */
int	 page_workouts_new_post(struct ctx *);	/* POST /workouts/new */
int	 page_workouts_edit(struct ctx *);	/* GET /workouts/ID/edit */
int	 page_workouts_edit_post(struct ctx *);	/* POST /workouts/ID/edit */
int	 page_workouts_delete(struct ctx *);	/* GET /workouts/ID/delete */
int	 page_workouts_delete_post(struct ctx *); /* POST /workouts/ID/delete */
int	 page_exercises(struct ctx *);		/* GET /exercises */
int	 page_exercises_show(struct ctx *);	/* GET /exercises/NAME */
size_t	 page_exercises_show_reads(struct ctx *, struct db_query *);
int	 page_exercises_new(struct ctx *);	/* GET /exercises/new */
int	 page_exercises_new_post(struct ctx *);	/* POST /exercises/new */
int	 page_exercises_edit(struct ctx *);	/* GET /exercises/NAME/edit */
int	 page_exercises_edit_post(struct ctx *); /* POST /exercises/NAME/edit */
int	 page_exercises_archive_post(struct ctx *); /* POST …/NAME/archive */
int	 page_exercises_merge(struct ctx *);	/* GET /exercises/NAME/merge */
int	 page_exercises_merge_post(struct ctx *); /* POST …/NAME/merge */
int	 page_weight(struct ctx *);		/* GET /weight */
int	 page_weight_post(struct ctx *);	/* POST /weight */
int	 page_weight_delete(struct ctx *);	/* GET /weight/DATE/delete */
int	 page_weight_delete_post(struct ctx *);	/* POST /weight/DATE/delete */
int	 page_week(struct ctx *);		/* GET /week */
size_t	 page_week_reads(struct ctx *, struct db_query *);
int	 page_stats(struct ctx *);		/* GET /stats */
size_t	 page_stats_reads(struct ctx *, struct db_query *);
int	 page_export(struct ctx *);		/* GET /export.csv */
int	 page_import(struct ctx *);		/* GET /import */
int	 page_import_post(struct ctx *);	/* POST /import */
int	 page_settings(struct ctx *);		/* GET /settings */
int	 page_settings_post(struct ctx *);	/* POST /settings */
int	 page_settings_goals(struct ctx *);	/* GET /settings/goals */
int	 page_settings_goals_post(struct ctx *); /* POST /settings/goals */
int	 page_settings_password(struct ctx *);	/* GET /settings/password */
int	 page_settings_password_post(struct ctx *); /* POST /settings/password */
int	 page_settings_sessions_end(struct ctx *); /* GET /settings/sessions/end */
int	 page_settings_sessions_end_post(struct ctx *); /* POST /settings/sessions/end */
int	 page_settings_sessions_end_others(struct ctx *); /* GET …/end-others */
int	 page_settings_sessions_end_others_post(struct ctx *); /* POST …/end-others */
int	 page_account_delete(struct ctx *);	/* GET /account/delete */
int	 page_account_delete_post(struct ctx *); /* POST /account/delete */

#endif
