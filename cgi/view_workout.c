/* view_workout.c — what several pages show of workouts: the exercise list, rows, the form's id */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "fmt.h"
#include "form.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "view_workout.h"
#include "workout.h"

static int
listed(const char *const *only, size_t n, const char *slug)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(only[i], slug) == 0)
			return 1;
	return 0;
}

int
view_exercise_options(struct ctx *c, const char *chosen,
    const char *const *only, size_t nonly)
{
	const struct exercise *e;
	struct tmpl_vars *v;
	size_t	 i, n;

	if ((e = wk_exercises(c->db, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (nonly > 0 && !listed(only, nonly, e[i].slug))
			continue;
		v = tmpl_loop_add(c->vars, "exercises");
		tmpl_set(v, "slug", e[i].slug);
		tmpl_set(v, "name", e[i].name);
		tmpl_set(v, "kind", e[i].timed ? "timed" : "reps");
		if (chosen != NULL && strcmp(chosen, e[i].slug) == 0)
			tmpl_set(v, "selected", "1");
	}
	return 0;
}

const char *
view_clock(struct ctx *c, long seconds)
{
	char	 d[32];

	fmt_duration(d, sizeof(d), seconds);
	return arena_strdup(c->req->arena, d);
}

const char *
view_duration(struct ctx *c, long seconds)
{
	return seconds > 0 ? view_clock(c, seconds) : "";
}

void
view_workout_rows(struct ctx *c, const char *loop, const struct workout_row *r,
    size_t n, int notes)
{
	struct tmpl_vars *v;
	size_t	 i;

	for (i = 0; i < n; i++, r++) {
		v = tmpl_loop_add(c->vars, loop);
		tmpl_set(v, "id", r->id);
		tmpl_set(v, "when", r->when);
		tmpl_set(v, "iso", r->iso);
		tmpl_set(v, "exercise_name", r->exercise);
		tmpl_set_int(v, "reps", r->reps);
		tmpl_set(v, "duration", view_duration(c, r->seconds));
		tmpl_set(v, "calories", r->calories);
		if (r->estimated)
			tmpl_set(v, "estimated", "1");
		if (notes)
			tmpl_set(v, "note", r->note);
	}
}

void
view_submission(struct ctx *c)
{
	char	 id[37];

	if (tmpl_get(c->vars, "submission") != NULL)
		return;
	sess_uuid(id);
	tmpl_set(c->vars, "submission", id);
}

enum { F_EXERCISE, F_REPS, F_MINUTES, F_SECONDS, F_CALORIES, F_DATE, F_TIME,
    F_NOTE, F_SUBMISSION, F_FROM, F__MAX };

/* The rules are the workout's (wk_check) and the time's (read_when). */
static const struct field fields[F__MAX] = {
	[F_EXERCISE] = { "exercise", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_REPS] = { "reps", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_MINUTES] = { "minutes", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_SECONDS] = { "seconds", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_CALORIES] = { "calories", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_DATE] = { "date", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_TIME] = { "time", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_NOTE] = { "note", FT_NOTE, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_SUBMISSION] = { "submission", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL,
	    0 },
	[F_FROM] = { "from", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, FF_NOKEEP },
};

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
read_when(struct ctx *c, const char *date, const char *tm, int quick,
    int *failed)
{
	const char *local;
	time_t	 t;
	long	 day;

	if (*date == '\0' && *tm == '\0' && quick)
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
	if (wk_local_instant(c->db, local, &t) != 0) {
		*failed = 1;
		return NULL;
	}
	if (!wk_time_ok(t)) {
		form_error(c, "date", "The time can be at most a day from now, "
		    "and not before 1970.");
		return NULL;
	}
	return local;
}

int
view_workout_read(struct ctx *c, struct workout_post *p)
{
	struct workout_in in;
	struct form f;
	int	 failed = 0;

	memset(p, 0, sizeof(*p));
	form_read(c, fields, F__MAX, &f);
	in.exercise = p->exercise = form_str(&f, F_EXERCISE);
	in.reps = form_str(&f, F_REPS);
	in.minutes = form_str(&f, F_MINUTES);
	in.seconds = form_str(&f, F_SECONDS);
	in.calories = form_str(&f, F_CALORIES);
	in.note = form_str(&f, F_NOTE);
	p->quick = strcmp(form_str(&f, F_FROM), "dashboard") == 0;
	p->submission = valid_uuid(form_str(&f, F_SUBMISSION)) ?
	    form_str(&f, F_SUBMISSION) : NULL;
	if (p->submission == NULL)
		tmpl_set(c->vars, "submission", NULL);	/* a fresh one */
	wk_check(c->db, &in, &p->w, bad_field, c);
	p->when = read_when(c, form_str(&f, F_DATE), form_str(&f, F_TIME),
	    p->quick, &failed);
	return failed ? -1 : c->nerrors;
}

static const struct field search_fields[] = {
	{ "q", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
};

int
view_workout_form(struct ctx *c, int status, const char *chosen)
{
	const char **hits = NULL;
	struct form f;
	size_t	 nhits = 0;

	form_query(c, search_fields, 1, &f);
	if (form_has(&f, 0)) {
		if (wk_search(c->db, c->req->arena, form_str(&f, 0), &hits,
		    &nhits) != 0)
			return -1;
		tmpl_set(c->vars, nhits ? "q_found" : "q_none", "1");
		if (nhits == 1 && (chosen == NULL || *chosen == '\0'))
			chosen = hits[0];
	}
	if (chosen != NULL)
		tmpl_set(c->vars, "exercise", chosen);
	if (view_exercise_options(c, chosen, hits, nhits) != 0)
		return -1;
	view_submission(c);
	return page_render(c, status, "workout_form.tmpl",
	    tmpl_get(c->vars, "edit_id") ? "Edit workout" : "Log a workout");
}

int
view_workout_load(struct ctx *c, const char *id, struct workout_form *f)
{
	int	 found;

	if (!valid_uuid(id))
		return 0;
	if ((found = wk_get(c->db, c->req->arena, id, f)) <= 0)
		return found;
	tmpl_set(c->vars, "exercise", f->slug);
	tmpl_set(c->vars, "exercise_name", f->name);
	tmpl_set_int(c->vars, "reps", f->reps);
	tmpl_set_int(c->vars, "minutes", f->seconds / 60);
	tmpl_set_int(c->vars, "seconds", f->seconds % 60);
	tmpl_set(c->vars, "duration", view_duration(c, f->seconds));
	tmpl_set(c->vars, "calories", f->calories);
	tmpl_set(c->vars, "date", f->date);
	tmpl_set(c->vars, "time", f->time);
	tmpl_set(c->vars, "note", f->note);
	if (f->estimate != NULL)
		tmpl_set(c->vars, "estimate", f->estimate);
	return 1;
}

int
view_workout_missing(struct ctx *c)
{
	return page_error(c, 404, "There is no such workout in your log.");
}
