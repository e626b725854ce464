/* view_workout.h — what several pages show of workouts: the exercise list, rows, the form's id */
#ifndef EXBUDDY_VIEW_WORKOUT_H
#define EXBUDDY_VIEW_WORKOUT_H

#include <stddef.h>

#include "workout.h"

struct ctx;
struct tmpl_vars;

/*
 * The template loop "exercises" (slug, name, kind "reps"/"timed",
 * selected) for an exercise <select>, with chosen selected; with
 * nonly > 0 just the exercises of only[0..nonly) (slugs). 0 or -1.
 */
int	 view_exercise_options(struct ctx *, const char *chosen,
	    const char *const *only, size_t nonly);
/*
 * Rows of loop `loop`: id, when, iso, exercise_name, reps, duration
 * ("" for none), calories, estimated, and with notes the note.
 */
void	 view_workout_rows(struct ctx *, const char *loop,
	    const struct workout_row *, size_t n, int notes);
/* A new one-time submission id for a log form, unless one is set. */
void	 view_submission(struct ctx *);
/* A duration as the pages show it ("1:05"), or "" for none, in the arena. */
const char *view_duration(struct ctx *, long seconds);
/* The same, "0:00" for none. */
const char *view_clock(struct ctx *, long seconds);

/* A log or edit form as sent, checked. */
struct workout_post {
	struct workout	 w;
	const char	*when;		/* a timestamptz literal, local */
	const char	*exercise;	/* as chosen */
	const char	*submission;	/* a uuid, or NULL */
	int		 quick;		/* sent from the dashboard's quick log */
};

/*
 * Reads the log form (exercise, reps, minutes, seconds, calories, date,
 * time, note, submission, from) into p, keeping its values for the
 * template, each problem by its field. Returns the number of problems,
 * or -1 when the database failed.
 */
int	 view_workout_read(struct ctx *, struct workout_post *p);
/*
 * The log form page (edit_id set: the edit form) with the given status:
 * the exercise list, narrowed by the query's q when it matches any, with
 * chosen selected, and a submission id. 0 or -1.
 */
int	 view_workout_form(struct ctx *, int status, const char *chosen);
/* 404: no such workout of the user. */
int	 view_workout_missing(struct ctx *);
/*
 * The user's workout id (from the URL) into the template variables of
 * the edit and delete pages. 1 found, 0 not the user's (or no uuid), -1.
 */
int	 view_workout_load(struct ctx *, const char *id, struct workout_form *);

#endif
