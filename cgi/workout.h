/* workout.h — the exercise library and the rules of a workout, shared by the form and the import */
#ifndef EXBUDDY_WORKOUT_H
#define EXBUDDY_WORKOUT_H

#include <stddef.h>
#include <time.h>

struct db;
struct arena;

#define WK_MAX_REPS	100000
#define WK_MAX_SECONDS	86400
#define WK_MAX_CALORIES	100000
#define WK_MAX_NOTE	500	/* characters */

struct exercise {
	char	 id[37];
	char	 slug[61];
	char	 name[61];
	char	 description[501];
	int	 timed;		/* measured in time, not reps */
	char	 met[8];
};

/* The library, loaded once per worker (it changes only with migrations). */
const struct exercise *wk_exercises(struct db *, size_t *n);
/* An exercise by slug or by name, any letter case; NULL when unknown. */
const struct exercise *wk_exercise(struct db *, const char *slug_or_name);

struct ctx;

/*
 * The template loop "exercises" (slug, name, kind "reps"/"timed",
 * selected) for an exercise <select>; with only (results whose first
 * column is a slug) just those. 0 or -1.
 */
int	 wk_options(struct ctx *, const char *chosen, const void *only);

/* One workout as text, the way a form or a CSV line gives it. */
struct workout_in {
	const char	*exercise;	/* slug or name */
	const char	*reps;		/* "" = 0 */
	const char	*minutes;	/* "" = 0 */
	const char	*seconds;	/* "" = 0; or all the duration */
	const char	*calories;	/* "" = estimate */
	const char	*note;
};

/* The checked workout, ready for the database. */
struct workout {
	const struct exercise *ex;
	long		 reps;
	long		 duration;	/* seconds */
	const char	*calories;	/* NULL = estimate */
	int		 estimated;	/* imports: 1 the calories were an estimate,
					   0 they were not (none given: none
					   known), -1 not said */
	const char	*note;		/* NULL = none */
};

/*
 * Checks in against the rules (reps 0–100000, duration 0–86400 s, at
 * least one above zero, a timed exercise needs a duration, calories
 * 0–100000 with at most one decimal, note at most 500 characters).
 * Calls bad(arg, field, message) for each problem, field one of
 * "exercise", "reps", "duration", "calories", "note". Returns the number
 * of problems.
 */
int	 wk_check(struct db *, const struct workout_in *in, struct workout *out,
	    void (*bad)(void *, const char *, const char *), void *arg);
/*
 * Parses "YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)" into seconds since the epoch.
 * 0, or -1 when it is not such a time.
 */
int	 wk_parse_iso(const char *s, time_t *t);
/* 1 when t is within the allowed range: from 1970 to a day from now. */
int	 wk_time_ok(time_t t);
/* "1:05" or "1:02:03" for a duration in seconds, into out. */
void	 wk_duration(char *out, size_t n, long seconds);

/*
 * Saves w as a new workout at `when` (a timestamptz literal), estimating
 * calories when none are given: MET × body weight (kg, else 70) × hours,
 * the hours of a reps-only workout from the exercise's pace. With a
 * submission id, a second save of the same id does nothing. Returns 1
 * saved, 0 already saved, -1 database failure.
 */
int	 wk_insert(struct db *, const struct workout *w, const char *when,
	    const char *submission_id);
/*
 * Saves n imported workouts (whens[i] the time of ws[i]) in one statement,
 * skipping each that matches a workout already there before the import:
 * the same exercise, time, reps and duration, and calories when given.
 * (Rows of the file are all kept among themselves: a file is the history
 * it describes, so an export imported into a new account is the same.)
 * Sets *saved. 0, or -1 on a database failure.
 */
int	 wk_import(struct db *, const struct workout *ws, const char *const *whens,
	    size_t n, size_t *saved);
/* Updates workout id the same way. 1 updated, 0 no such workout, -1. */
int	 wk_update(struct db *, const char *id, const struct workout *w,
	    const char *when);

#endif
