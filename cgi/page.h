/* page.h — what every page handler gets, and the handlers themselves */
#ifndef EXBUDDY_PAGE_H
#define EXBUDDY_PAGE_H

struct req;
struct db;
struct tmpl_set;
struct tmpl_vars;
struct sess;

/* One request as a handler sees it. */
struct ctx {
	struct req		*req;
	struct db		*db;
	const struct tmpl_set	*tmpl;
	struct tmpl_vars	*vars;	/* top-level template variables */
	struct sess		*sess;	/* the signed-in user, or NULL */
	int			 nerrors;	/* form fields found invalid */
};

/*
 * A handler fills ctx->req's response (status, body, headers) and
 * returns 0, or -1 on an internal failure: the server then answers 503
 * when the database is unreachable and 500 otherwise.
 */
typedef int (*page_fn)(struct ctx *);

/* Renders tmpl inside templates/layout.tmpl into the response body. */
int	 page_render(struct ctx *, const char *tmpl, const char *title);
/* A plain error page with the request id; status 4xx/5xx. */
int	 page_error(struct ctx *, int status, const char *message);
/* Marks field invalid: sets "<field>_error" and "errors" for the template. */
void	 page_field_error(struct ctx *, const char *field, const char *msg);
/* The form field's value, trimmed of surrounding spaces, or "". */
const char *page_field(struct ctx *, const char *field);
/* Sets the template variable field to the submitted (trimmed) value. */
void	 page_keep(struct ctx *, const char *field);

int	 page_index(struct ctx *);	/* GET / */
int	 page_healthz(struct ctx *);	/* GET /healthz: 200 ok, 503 */
int	 page_signup(struct ctx *);	/* GET /signup */
int	 page_signup_post(struct ctx *);	/* POST /signup */
int	 page_login(struct ctx *);	/* GET /login */
int	 page_login_post(struct ctx *);	/* POST /login */
int	 page_logout(struct ctx *);	/* POST /logout */
int	 page_dashboard(struct ctx *);	/* GET /dashboard */
/* The dashboard with the given status (422: its quick log form's errors). */
int	 page_dashboard_show(struct ctx *, int status);
int	 page_history(struct ctx *);	/* GET /workouts */
int	 page_week(struct ctx *);	/* GET /week */
int	 page_stats(struct ctx *);	/* GET /stats */
int	 page_goals(struct ctx *);	/* GET /settings/goals */
int	 page_goals_post(struct ctx *);	/* POST /settings/goals */
int	 page_export(struct ctx *);	/* GET /export.csv */
int	 page_import(struct ctx *);	/* GET /import */
int	 page_import_post(struct ctx *);	/* POST /import */
int	 page_workout_new(struct ctx *);	/* GET /workouts/new */
int	 page_workout_create(struct ctx *);	/* POST /workouts/new */
int	 page_workout_edit(struct ctx *);	/* GET /workouts/ID/edit */
int	 page_workout_update(struct ctx *);	/* POST /workouts/ID/edit */
int	 page_workout_delete_ask(struct ctx *);	/* GET /workouts/ID/delete */
int	 page_workout_delete(struct ctx *);	/* POST /workouts/ID/delete */
int	 page_settings(struct ctx *);	/* GET /settings */
int	 page_settings_post(struct ctx *);	/* POST /settings */
int	 page_settings_password(struct ctx *);	/* POST /settings/password */
int	 page_settings_session_end(struct ctx *);	/* POST /settings/sessions/end */
int	 page_settings_sessions_end_others(struct ctx *); /* POST …/end-others */
int	 page_account_delete(struct ctx *);	/* GET /account/delete */
int	 page_account_delete_post(struct ctx *);	/* POST /account/delete */

#endif
