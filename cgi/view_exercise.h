/* view_exercise.h — the form of an exercise of one's own (new and edit), and how one is found */
#ifndef EXBUDDY_VIEW_EXERCISE_H
#define EXBUDDY_VIEW_EXERCISE_H

#include "exercise.h"

struct ctx;

/*
 * Reads the form: name, measure (reps, time, reps_weight), met
 * (optional: the measure's default), bodyweight (a checkbox), confirm
 * (the name of a built-in on purpose). Problems by their fields; a name
 * a built-in has, not confirmed, asks for the checkbox. Returns the
 * number of problems.
 */
int	 view_exercise_read(struct ctx *, struct exercise_def *,
	    const struct exercise *self);
/* The form page (new, or edit when e) with the given status. 0 or -1. */
int	 view_exercise_form(struct ctx *, int status, const struct exercise *e);
/*
 * The exercise of the URL (c->req->args[0], a slug). NULL, with the
 * page answered (404, or 403 for a built-in when own is asked), or on
 * a database failure (*failed set).
 */
const struct exercise *view_exercise_of_url(struct ctx *, int own,
	    int *failed);
/* Its kind in words: "reps", "time", "reps with a weight". */
const char *view_exercise_kind(const struct exercise *);

#endif
