/* view_log.c — the log form: an exercise, its sets, the time; new and edit */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "exercise.h"
#include "fmt.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "progress.h"
#include "session.h"
#include "shorthand.h"
#include "tmpl.h"
#include "valid.h"
#include "view_exercise.h"
#include "view_log.h"
#include "view_workout.h"
#include "workout.h"

enum { F_EXERCISE, F_NSETS, F_QUICK, F_CALORIES, F_DATE, F_TIME, F_NOTE,
    F_SUBMISSION, F_FROM, F_ACTION, F__MAX };

/* The rules are the workout's (wk_check) and the time's (read_when). */
static const struct field fields[F__MAX] = {
	[F_EXERCISE] = { "exercise", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_NSETS] = { "nsets", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
	[F_QUICK] = { "quick", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_CALORIES] = { "calories", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_DATE] = { "date", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_TIME] = { "time", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_NOTE] = { "note", FT_NOTE, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_SUBMISSION] = { "submission", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL,
	    0 },
	[F_FROM] = { "from", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
	[F_ACTION] = { "action", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL,
	    FF_NOKEEP },
};

static const char *const set_names[4] = { "reps", "minutes", "seconds",
    "load" };

/* The name of field f (0–3: reps, minutes, seconds, load) of set k (from 0). */
static const char *
set_name(struct ctx *c, int f, size_t k)
{
	return k == 0 ? set_names[f] : arena_printf(c->req->arena, "%s_%zu",
	    set_names[f], k + 1);
}

/* The set rows the form has: its nsets, 1 to SETS_MAX; 0 when not one. */
static size_t
rows_sent(const char *s)
{
	long long n;
	const char *why;

	return valid_int(s, 1, SETS_MAX, &n, &why) == 0 ? (size_t)n : 0;
}

/* The rows to read or show: nsets when good, else 1. */
static size_t
rows_of(const char *s)
{
	size_t	 n = rows_sent(s != NULL ? s : "");

	return n > 0 ? n : 1;
}

static void
bad_field(void *arg, const char *field, const char *msg)
{
	form_error(arg, field, msg);
}

/*
 * date + time in the user's zone as a timestamptz literal (TimeZone is
 * theirs in this transaction), checked; NULL with a field error, or
 * with *failed set when the database failed.
 */
static const char *
read_when(struct ctx *c, struct log_post *p, const char *date, const char *tm,
    int *failed)
{
	const char *local, *back;
	time_t	 t;
	long	 day;

	if (*date == '\0' && *tm == '\0' && p->quick)
		return "now";	/* the quick log form on the dashboard */
	if (civil_parse_date(date, &day) != 0) {
		form_error(c, "date", "Enter the date as YYYY-MM-DD, for "
		    "example 2026-03-31.");
		return NULL;
	}
	local = arena_printf(c->req->arena, "%s %s%s", date, tm,
	    strlen(tm) == 5 ? ":00" : "");
	if (civil_parse_iso(arena_printf(c->req->arena, "%sZ", local),
	    &t) != 0) {
		form_error(c, "time", "Enter the time as HH:MM, for example "
		    "07:30.");
		return NULL;
	}
	if (wk_local_instant(c->db, c->req->arena, local, &t, &back) != 0) {
		*failed = 1;
		return NULL;
	}
	if (strcmp(back, local + strlen(date) + 1) != 0) {
		p->skipped = arena_strndup(c->req->arena, tm, 5);
		p->saved_at = arena_strndup(c->req->arena, back, 5);
	}
	if (!wk_time_ok(t)) {
		form_error(c, "date", "The time can be at most a day from now, "
		    "and not before 1970.");
		return NULL;
	}
	return local;
}

/* A load as a form field shows it, in the unit: "-20", "22.5". */
static const char *
load_value(struct ctx *c, long long kg100, int lb)
{
	char	 num[32];

	wk_load_value(num, sizeof(num), kg100, lb);
	return arena_strdup(c->req->arena, num);
}

/* Sets into the form's fields (in the unit: lb), as if typed. */
static void
sets_as_fields(struct ctx *c, const struct set *s, size_t n, int lb)
{
	size_t	 k;

	for (k = 0; k < n; k++, s++) {
		tmpl_set(c->vars, set_name(c, 0, k), s->reps ?
		    arena_printf(c->req->arena, "%ld", s->reps) : "");
		tmpl_set(c->vars, set_name(c, 1, k), s->seconds ?
		    arena_printf(c->req->arena, "%ld", s->seconds / 60) : "");
		tmpl_set(c->vars, set_name(c, 2, k), s->seconds ?
		    arena_printf(c->req->arena, "%ld", s->seconds % 60) : "");
		tmpl_set(c->vars, set_name(c, 3, k), s->loaded ?
		    load_value(c, s->load, lb) : "");
	}
	tmpl_setf(c->vars, "nsets", "%zu", n > 0 ? n : 1);
}

/* The sets rows as sent, into in (reading set k's four fields). */
static struct set_in *
read_sets(struct ctx *c, size_t n)
{
	struct field *f = arena_alloc(c->req->arena, 4 * n * sizeof(*f));
	struct set_in *in = arena_alloc(c->req->arena, n * sizeof(*in));
	struct form fm;
	size_t	 k;
	int	 j;

	for (k = 0; k < n; k++)
		for (j = 0; j < 4; j++) {
			f[4 * k + j].name = set_name(c, j, k);
			f[4 * k + j].type = FT_TEXT;
		}
	form_read(c, f, 4 * n, &fm);
	for (k = 0; k < n; k++) {
		in[k].reps = form_str(&fm, 4 * k);
		in[k].minutes = form_str(&fm, 4 * k + 1);
		in[k].seconds = form_str(&fm, 4 * k + 2);
		in[k].load = form_str(&fm, 4 * k + 3);
	}
	tmpl_setf(c->vars, "nsets", "%zu", n);
	return in;
}

static int
all_blank(const struct set_in *in, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (*in[k].reps || *in[k].minutes || *in[k].seconds ||
		    *in[k].load)
			return 0;
	return 1;
}

/*
 * The shorthand's sets into the form's rows, and as text in kg into
 * *in for the checks. 0, or -1 with the problem at the field.
 */
static int
fill(struct ctx *c, const char *quick, int lb, struct set_in **in, size_t *n)
{
	struct set s[SETS_MAX];
	const char *why;
	size_t	 k;

	if (sh_parse(quick, lb, s, SETS_MAX, n, &why) != 0) {
		form_error(c, "quick", why);
		return -1;
	}
	sets_as_fields(c, s, *n, lb);
	*in = arena_alloc(c->req->arena, *n * sizeof(**in));
	for (k = 0; k < *n; k++) {
		(*in)[k].reps = arena_printf(c->req->arena, "%ld", s[k].reps);
		(*in)[k].minutes = arena_printf(c->req->arena, "%ld",
		    s[k].seconds / 60);
		(*in)[k].seconds = arena_printf(c->req->arena, "%ld",
		    s[k].seconds % 60);
		(*in)[k].load = s[k].loaded ? load_value(c, s[k].load, 0) : "";
	}
	return 0;
}

static enum log_action
action_of(const char *a)
{
	if (strcmp(a, "add-set") == 0)
		return LOG_ADD_SET;
	if (strcmp(a, "same") == 0)
		return LOG_SAME;
	if (strcmp(a, "fill") == 0)
		return LOG_FILL;
	if (strcmp(a, "switch") == 0)
		return LOG_SWITCH;
	return LOG_SAVE;
}

int
view_log_read(struct ctx *c, struct log_post *p, const char *kept)
{
	const struct library *lib;
	struct workout_in in;
	struct form f;
	int	 failed = 0, lb;

	memset(p, 0, sizeof(*p));
	if ((lib = page_library(c)) == NULL || (lb = page_lb(c)) < 0)
		return -1;
	form_read(c, fields, F__MAX, &f);
	p->action = action_of(form_str(&f, F_ACTION));
	p->exercise = form_str(&f, F_EXERCISE);
	p->quick = strcmp(form_str(&f, F_FROM), "dashboard") == 0;
	p->submission = valid_uuid(form_str(&f, F_SUBMISSION)) ?
	    form_str(&f, F_SUBMISSION) : NULL;
	if (p->submission == NULL)
		tmpl_set(c->vars, "submission", NULL);	/* a fresh one */
	memset(&in, 0, sizeof(in));
	if (*form_str(&f, F_NSETS) != '\0' &&
	    rows_sent(form_str(&f, F_NSETS)) == 0) {
		/* Not as the page made it: no guess at which sets count. */
		form_error(c, "nsets", "A workout has 1 to " XSTR(SETS_MAX)
		    " sets.");
		tmpl_set(c->vars, "alert", "The form came back with a number "
		    "of sets it cannot have, so nothing was saved. Please "
		    "check the sets below and save again.");
	}
	in.nsets = rows_of(form_str(&f, F_NSETS));
	in.sets = read_sets(c, in.nsets);
	in.lb = lb;
	in.clock = 1;
	if (p->action == LOG_FILL ||
	    (p->action == LOG_SAVE && all_blank(in.sets, in.nsets) &&
	    *form_str(&f, F_QUICK) != '\0')) {
		if (fill(c, form_str(&f, F_QUICK), lb,
		    (struct set_in **)&in.sets, &in.nsets) != 0)
			return c->nerrors;
		in.lb = 0;
		tmpl_set(c->vars, "quick", "");
	}
	if (p->action != LOG_SAVE)
		return c->nerrors;
	in.exercise = p->exercise;
	in.kept = kept;
	in.calories = form_str(&f, F_CALORIES);
	in.note = form_str(&f, F_NOTE);
	wk_check(lib, c->req->arena, &in, &p->w, bad_field, c);
	p->when = read_when(c, p, form_str(&f, F_DATE), form_str(&f, F_TIME),
	    &failed);
	return failed ? -1 : c->nerrors;
}

/* Loop "sets": one row per set, from the form's fields. */
static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

static void
set_rows(struct ctx *c, const struct workout_form *last, int sign)
{
	const char *n = tmpl_get(c->vars, "nsets");
	struct tmpl_vars *v;
	size_t	 k, rows = rows_of(n);
	int	 j;

	for (k = 0; k < rows; k++) {
		v = tmpl_loop_add(c->vars, "sets");
		tmpl_set_int(v, "n", (long long)k + 1);
		tmpl_set(v, "suffix", k == 0 ? "" : arena_printf(c->req->arena,
		    "_%zu", k + 1));
		/*
		 * Every name set in the row, "" when empty: an unset one would
		 * resolve outward, to set 1's value or error.
		 */
		for (j = 0; j < 4; j++)
			tmpl_set(v, set_names[j], or_empty(tmpl_get(c->vars,
			    set_name(c, j, k))));
		tmpl_set(v, "reps_error", or_empty(tmpl_get(c->vars,
		    arena_printf(c->req->arena, "%s_error", set_name(c, 0,
		    k)))));
		tmpl_set(v, "duration_error", or_empty(tmpl_get(c->vars,
		    k == 0 ? "duration_error" : arena_printf(c->req->arena,
		    "duration_%zu_error", k + 1))));
		tmpl_set(v, "load_error", or_empty(tmpl_get(c->vars,
		    arena_printf(c->req->arena, "%s_error", set_name(c, 3,
		    k)))));
		tmpl_set(v, "last", last != NULL && k < last->nsets ?
		    view_sets(c, &last->sets[k], 1, sign) : "");
	}
	if (rows < SETS_MAX)
		tmpl_set(c->vars, "can_add", "1");
}

/* What was done last time of the chosen exercise, beside the rows. */
static int
last_time(struct ctx *c, const struct exercise *e, struct workout_form *f)
{
	long	 day;
	char	 d[64];
	int	 found;

	if (e == NULL || tmpl_get(c->vars, "edit_id") != NULL)
		return 0;
	if ((found = wk_last(c->db, c->req->arena, e->id, f)) <= 0)
		return found;
	if (civil_parse_date(f->date, &day) == 0)
		civil_long_date(d, sizeof(d), day, 1);
	else
		snprintf(d, sizeof(d), "%s", f->date);
	tmpl_set(c->vars, "last_date", d);
	tmpl_set(c->vars, "last_sets", view_sets(c, f->sets, f->nsets,
	    e->bodyweight));
	return 1;
}

static const struct field search_fields[] = {
	{ "q", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
};

/* The exercise list, narrowed by ?q= when it matches any. */
static int
exercise_list(struct ctx *c, const char **chosen)
{
	const char **hits = NULL;
	struct form f;
	size_t	 nhits = 0;

	form_query(c, search_fields, 1, &f);
	if (form_has(&f, 0)) {
		if (ex_search(c->db, c->req->arena, form_str(&f, 0), &hits,
		    &nhits) != 0)
			return -1;
		tmpl_set(c->vars, nhits ? "q_found" : "q_none", "1");
		if (nhits == 1 && (*chosen == NULL || **chosen == '\0'))
			*chosen = hits[0];
	}
	if (*chosen != NULL)
		tmpl_set(c->vars, "exercise", *chosen);
	return view_exercise_options(c, *chosen, hits, nhits, 0);
}

/* The exercise chosen: its slug, name, kind, and which fields it shows. */
static void
chosen_vars(struct ctx *c, const struct exercise *e)
{
	tmpl_set(c->vars, "chosen", e->slug);
	tmpl_set(c->vars, "chosen_name", e->name);
	tmpl_set(c->vars, "chosen_kind", view_exercise_kind(e));
	tmpl_set(c->vars, e->timed ? "chosen_timed" :
	    e->measure == MEASURE_REPS_WEIGHT ? "chosen_weight" :
	    "chosen_reps", "1");
	if (e->bodyweight)
		tmpl_set(c->vars, "chosen_bodyweight", "1");
}

int
view_log_form(struct ctx *c, int status, const char *chosen,
    const struct set *sets, size_t nsets)
{
	const struct library *lib;
	const struct exercise *e;
	struct workout_form last;
	int	 lb, found;

	if ((lib = page_library(c)) == NULL || (lb = page_lb(c)) < 0 ||
	    exercise_list(c, &chosen) != 0)
		return -1;
	e = ex_find(lib, chosen);
	if (sets != NULL)
		sets_as_fields(c, sets, nsets, lb);
	if ((found = last_time(c, e, &last)) < 0)
		return -1;
	set_rows(c, found ? &last : NULL, e != NULL && e->bodyweight);
	if (e != NULL && tmpl_get(c->vars, "exercise_error") == NULL)
		chosen_vars(c, e);
	else if (tmpl_get(c->vars, "edit_id") == NULL &&
	    view_recent_exercises(c, "recent_exercises", RECENT_EXERCISES,
	    NULL, 0) != 0)
		return -1;
	tmpl_set(c->vars, "unit", lb ? "lb" : "kg");
	view_submission(c);
	return page_render(c, status, "workout_form.tmpl",
	    tmpl_get(c->vars, "edit_id") ? "Edit workout" : "Log a workout");
}

int
view_log_act(struct ctx *c, const struct log_post *p, int bad)
{
	const struct library *lib;
	const struct exercise *e;
	struct workout_form last;
	const char *n;
	size_t	 rows;
	int	 found;

	if (bad > 0)
		return view_log_form(c, 422, p->exercise, NULL, 0);
	switch (p->action) {
	case LOG_ADD_SET:
		n = tmpl_get(c->vars, "nsets");
		rows = rows_of(n);
		tmpl_setf(c->vars, "nsets", "%zu", rows < SETS_MAX ? rows + 1 :
		    rows);
		break;
	case LOG_SAME:
		if ((lib = page_library(c)) == NULL)
			return -1;
		if ((e = ex_find(lib, p->exercise)) == NULL) {
			form_error(c, "exercise", "Choose an exercise first.");
			return view_log_form(c, 422, p->exercise, NULL, 0);
		}
		if ((found = wk_last(c->db, c->req->arena, e->id, &last)) < 0)
			return -1;
		if (!found) {
			form_error(c, "exercise", "You have not logged this "
			    "exercise before.");
			return view_log_form(c, 422, p->exercise, NULL, 0);
		}
		return view_log_form(c, 200, p->exercise, last.sets,
		    last.nsets);
	default:
		break;
	}
	return view_log_form(c, 200, p->exercise, NULL, 0);
}

const char *
view_log_skipped(struct ctx *c, const struct log_post *p)
{
	if (p->skipped == NULL)
		return "";
	return arena_printf(c->req->arena, " There is no %s that day in %s "
	    "(the clocks went forward), so it is saved at %s.", p->skipped,
	    c->sess->timezone, p->saved_at);
}

const char *
view_log_saved(struct ctx *c, const struct log_post *p, const char *id)
{
	struct pr_overview prev;
	struct totals t;
	struct buf b;
	const char *msg;
	int	 found;

	if (pr_previous(c->db, p->w.ex->id, id, &prev, &found) != 0 ||
	    !found)
		return arena_printf(c->req->arena, "Your workout is saved.%s",
		    view_log_skipped(c, p));
	wk_totals(&p->w, -1, &t);
	buf_init(&b);
	if (t.best_reps > prev.best_reps && prev.best_reps > 0)
		buf_printf(&b, " New record: %ld reps in one set!", t.best_reps);
	if (t.best_seconds > prev.best_seconds && prev.best_seconds > 0)
		buf_printf(&b, " New record: %s in one set!",
		    view_clock(c, t.best_seconds));
	if (t.has_load && prev.has_load && t.max_load > prev.max_load)
		buf_printf(&b, " New record: the heaviest weight, %s!",
		    view_load(c, t.max_load, p->w.ex->bodyweight));
	msg = arena_printf(c->req->arena, "Your workout is saved.%s%s",
	    view_log_skipped(c, p), b.data ? b.data : "");
	buf_free(&b);
	return msg;
}
