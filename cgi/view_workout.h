/* view_workout.h — what several pages show of workouts: the exercise list, rows, loads */
#ifndef EXBUDDY_VIEW_WORKOUT_H
#define EXBUDDY_VIEW_WORKOUT_H

#include <stddef.h>

#include "workout.h"

struct ctx;
struct tmpl_vars;

/*
 * The template loop "exercises" (slug, name, kind "reps"/"timed"/
 * "weight", own, selected) for an exercise <select>, with chosen
 * selected; with nonly > 0 just the exercises of only[0..nonly) (slugs);
 * archived ones only when all is set (or chosen). "own_exercises" is
 * set when the user has some. 0 or -1.
 */
int	 view_exercise_options(struct ctx *, const char *chosen,
	    const char *const *only, size_t nonly, int all);
/*
 * Rows of loop `loop`: id, when, iso, exercise_name, slug, reps,
 * duration ("" for none), sets (in words), calories, estimated, and
 * with notes the note. 0 or -1. The rows' strings are in the request's
 * arena (wk_history's, wk_recent's), so the variables refer to them
 * rather than copy them.
 */
int	 view_workout_rows(struct ctx *, const char *loop,
	    const struct workout_row *, size_t n, int notes);
/*
 * Loop `loop` of the user's last distinct exercises, newest first, at
 * most max (capped by RECENT_EXERCISES): slug, name, and last (the
 * sets of that workout in words), found in r, the user's n latest
 * workouts (wk_recent's rows), or read when r is NULL.
 * 0 or -1.
 */
int	 view_recent_exercises(struct ctx *, const char *loop, size_t max,
	    const struct workout_row *r, size_t n);
/* A new one-time submission id for a log form, unless one is set. */
void	 view_submission(struct ctx *);
/* A duration as the pages show it ("1:05 min", "1:02:03 h"), or "" for none, in the arena. */
const char *view_duration(struct ctx *, long seconds);
/* The same, "0:00 min" for none. */
const char *view_clock(struct ctx *, long seconds);
/* A number to one decimal without useless zeros ("3", "12.5"), in the arena. */
const char *view_tenths(struct ctx *, double);
/* A decimal from the database without useless zeros ("3.0" → "3"), in the arena. */
const char *view_trimmed(struct ctx *, const char *decimal);
/* n as "%lld" writes it, in the arena (without printf: pages write hundreds). */
const char *view_int(struct ctx *, long long n);
/* A load in the user's unit for reading ("+10 kg"), in the arena. */
const char *view_load(struct ctx *, long long kg100, int sign);
/* The sets in words in the user's unit ("3 × 8 @ +10 kg"), in the arena. */
const char *view_sets(struct ctx *, const struct set *, size_t n, int sign);
/* 404: no such workout of the user. */
int	 view_workout_missing(struct ctx *);

#endif
