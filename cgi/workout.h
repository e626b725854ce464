/* workout.h — the exercise library, the rules of a workout, and the user's workouts */
#ifndef EXBUDDY_WORKOUT_H
#define EXBUDDY_WORKOUT_H

#include <stddef.h>
#include <time.h>

#include "limits.h"

struct arena;
struct db;

struct exercise {
	char	 id[37];
	char	 slug[61];
	char	 name[61];
	char	 description[501];
	int	 timed;		/* measured in time, not reps */
	long	 met10;		/* MET value, in tenths */
	long	 spr10;		/* seconds one rep takes, in tenths; 0: timed */
	int	 index;		/* its place in the library (by name) */
};

/* The library, loaded once per worker (it changes only with migrations). */
const struct exercise *wk_exercises(struct db *, size_t *n);
/* An exercise by slug or by name, any letter case; NULL when unknown. */
const struct exercise *wk_exercise(struct db *, const char *slug_or_name);
/*
 * Exercises whose name, slug or description matches the words of q
 * (prefixes, any case), best first: their slugs into *slugs. 0 or -1.
 */
int	 wk_search(struct db *, struct arena *, const char *q,
	    const char ***slugs, size_t *n);

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
	int		 estimated;	/* 1 the calories were an estimate, 0
					   they were not (none given: none
					   known), -1 not said (a form) */
	const char	*note;		/* NULL = none */
};

/*
 * Checks in against the rules (reps 0–WK_MAX_REPS, duration
 * 0–WK_MAX_SECONDS, at least one above zero, a timed exercise needs a
 * duration, calories 0–WK_MAX_CALORIES with at most one decimal, a note
 * of at most WK_MAX_NOTE characters). Calls bad(arg, field, message)
 * for each problem, field one of "exercise", "reps", "duration",
 * "calories", "note". Returns the number of problems.
 */
int	 wk_check(struct db *, const struct workout_in *in, struct workout *out,
	    void (*bad)(void *, const char *, const char *), void *arg);
/* 1 when t is within the allowed range: from 1970 to a day from now. */
int	 wk_time_ok(time_t t);

/*
 * The calories to store for w, into out (16 bytes), and whether they
 * are an estimate: the ones given; none when the import said they were
 * not estimated; else MET × body weight (kg100 hundredths of a kg,
 * -1: WEIGHT_DEFAULT_KG) × hours, the hours of a reps-only workout from
 * the exercise's pace, rounded to 0.1 kcal. Returns out, or NULL for
 * none.
 */
const char *wk_calories(const struct workout *w, long long kg100,
	    char out[16], int *estimated);

enum wk_result {
	WK_DONE,
	WK_ALREADY,	/* this submission id was saved before */
	WK_NOT_FOUND,	/* no such workout of the user */
	WK_FAILED	/* the database failed */
};

/*
 * Saves w as a new workout at `when` (a timestamptz literal read in the
 * user's zone). With a submission id, a second save of the same id does
 * nothing (WK_ALREADY).
 */
enum wk_result wk_insert(struct db *, const struct workout *w, const char *when,
	    const char *submission_id);
/* Updates workout id the same way (WK_NOT_FOUND: not the user's). */
enum wk_result wk_update(struct db *, const char *id, const struct workout *w,
	    const char *when);
enum wk_result wk_delete(struct db *, const char *id);
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

/* A workout as the lists show it; times in the user's zone. */
struct workout_row {
	const char	*id;
	const char	*when;		/* "YYYY-MM-DD HH:MM" */
	const char	*iso;		/* ISO 8601 with the zone's offset */
	const char	*exercise;	/* its name */
	long		 reps, seconds;
	const char	*calories;	/* "" for none */
	int		 estimated;
	const char	*note;		/* "" for none */
	const char	*cursor;	/* "<µs since 1970>_<id>", for paging */
};

/* The user's last n workouts, newest first. 0 or -1. */
int	 wk_recent(struct db *, struct arena *, int n, struct workout_row **out,
	    size_t *nout);

/* A page of the history: filters and where the page starts. */
struct wk_filter {
	const char	*exercise;	/* slug, or NULL */
	const char	*from, *to;	/* dates "YYYY-MM-DD", or NULL */
	const char	*micros;	/* keyset cursor: performed_at ... */
	const char	*id;		/* ... and id, or NULL */
	int		 newer;		/* the page is the one after the cursor */
};

/*
 * Up to HISTORY_ROWS + 1 workouts from the cursor on (the extra one
 * tells that there is more), in the order the page shows them: newest
 * first. 0 or -1.
 */
int	 wk_history(struct db *, struct arena *, const struct wk_filter *,
	    struct workout_row **out, size_t *n);

/* A saved workout as its edit form shows it. */
struct workout_form {
	const char	*slug, *name;
	long		 reps, seconds;
	const char	*calories;	/* as given; "" when estimated */
	const char	*estimate;	/* the estimate stored, or NULL */
	const char	*date;		/* "YYYY-MM-DD" */
	const char	*time;		/* "HH:MM", or "HH:MM:SS" */
	const char	*note;		/* "" for none */
};

/* The user's workout id (a uuid). 1 found, 0 not the user's, -1. */
int	 wk_get(struct db *, struct arena *, const char *id, struct workout_form *);

/* Now in the user's zone: "YYYY-MM-DD" and "HH:MM". 0 or -1. */
int	 wk_local_now(struct db *, struct arena *, const char **date,
	    const char **time);
/*
 * The instant of a local time "YYYY-MM-DD HH:MM:SS" in the user's zone
 * (TimeZone of the transaction). 0 or -1.
 */
int	 wk_local_instant(struct db *, const char *local, time_t *t);

#endif
