/* view_exercise.c — the form of an exercise of one's own (new and edit), and how one is found */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "exercise.h"
#include "fmt.h"
#include "form.h"
#include "http.h"
#include "limits.h"
#include "page.h"
#include "tmpl.h"
#include "valid.h"
#include "utf8.h"
#include "view_exercise.h"

enum { F_NAME, F_MEASURE, F_MET, F_BODYWEIGHT, F_CONFIRM, F__MAX };

static const char *const measures[] = { "reps", "time", "reps_weight", NULL };

static int
name_ok(const char *s)
{
	return valid_text(s, 1, EXERCISE_NAME_MAX, 0) && !ex_name_reserved(s);
}

static const struct field fields[F__MAX] = {
	[F_NAME] = { "name", FT_TEXT, 0, 0, "Give the exercise a name.",
	    "Use 1 to " XSTR(EXERCISE_NAME_MAX) " characters of text, not "
	    "ending in \"(built in)\".", name_ok, NULL, 0 },
	[F_MEASURE] = { "measure", FT_CHOICE, 0, 0, "Choose what you count.",
	    "Choose reps, time, or reps with a weight.", NULL, measures, 0 },
	[F_MET] = { "met", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL, 0 },
	[F_BODYWEIGHT] = { "bodyweight", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL,
	    0 },
	[F_CONFIRM] = { "confirm", FT_TEXT, 0, 0, NULL, NULL, NULL, NULL,
	    FF_NOKEEP },
};

const char *
view_exercise_kind(const struct exercise *e)
{
	return e->measure == MEASURE_TIME ? "time" :
	    e->measure == MEASURE_REPS_WEIGHT ? "reps with a weight" : "reps";
}

int
view_exercise_read(struct ctx *c, struct exercise_def *d,
    const struct exercise *self)
{
	const struct library *lib = page_library(c);
	const struct exercise *b;
	struct form f;
	long long met;

	memset(d, 0, sizeof(*d));
	form_read(c, fields, F__MAX, &f);
	d->name = form_str(&f, F_NAME);
	d->measure = (enum measure)form_num(&f, F_MEASURE);
	d->bodyweight = *form_str(&f, F_BODYWEIGHT) != '\0';
	d->met10 = ex_default_met10(d->measure);
	if (*form_str(&f, F_MET) != '\0') {
		if (fmt_fixed_parse(form_str(&f, F_MET), 1, &met) != FIXED_OK ||
		    met < 1 || met > 249)
			form_error(c, "met", "The MET value is a number from "
			    "0.1 to 24.9, one decimal at most, or empty.");
		else
			d->met10 = (long)met;
	}
	if (lib != NULL && form_has(&f, F_NAME) &&
	    (b = ex_builtin_named(lib, d->name)) != NULL &&
	    (self == NULL || !utf8_same_fold(self->name, d->name)) &&
	    *form_str(&f, F_CONFIRM) == '\0') {
		tmpl_set(c->vars, "builtin_name", b->name);
		form_error(c, "name", "There is a built-in exercise with this "
		    "name. Tick the box below to have one of your own too, or "
		    "choose another name.");
	}
	return c->nerrors;
}

int
view_exercise_form(struct ctx *c, int status, const struct exercise *e)
{
	char	 met[16];

	if (e != NULL) {
		tmpl_set(c->vars, "slug", e->slug);
		tmpl_set(c->vars, "current_name", e->name);
		if (tmpl_get(c->vars, "measure") == NULL) {
			fmt_fixed(met, sizeof(met), e->met10, 1);
			tmpl_set(c->vars, "name", e->name);
			tmpl_set(c->vars, "measure", ex_measure_name(e->measure));
			tmpl_set(c->vars, "met", met);
			tmpl_set(c->vars, "bodyweight", e->bodyweight ? "1" :
			    NULL);
		}
	}
	if (tmpl_get(c->vars, "measure") == NULL)
		tmpl_set(c->vars, "measure", "reps");
	tmpl_setf(c->vars, "met_reps", "%.1f", ex_default_met10(MEASURE_REPS) /
	    10.0);
	tmpl_setf(c->vars, "met_weight", "%.1f",
	    ex_default_met10(MEASURE_REPS_WEIGHT) / 10.0);
	return page_render(c, status, "exercises_form.tmpl", e != NULL ?
	    "Change an exercise" : "New exercise");
}

const struct exercise *
view_exercise_of_url(struct ctx *c, int own, int *failed)
{
	const struct library *lib = page_library(c);
	const struct exercise *e;
	size_t	 i;

	*failed = lib == NULL;
	if (lib == NULL)
		return NULL;
	for (i = 0, e = NULL; i < lib->n && e == NULL; i++)
		if (strcmp(lib->v[i].slug, c->req->args[0]) == 0)
			e = &lib->v[i];
	if (e == NULL) {
		page_error(c, 404, "There is no such exercise.");
		return NULL;
	}
	if (own && !e->own) {
		tmpl_set(c->vars, "retry", arena_printf(c->req->arena,
		    "/exercises/%s", e->slug));
		page_error(c, 403, "Built-in exercises cannot be changed. "
		    "Make one of your own instead.");
		return NULL;
	}
	return e;
}
