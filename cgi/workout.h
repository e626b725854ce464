/* workout.h — the rules of a workout and its sets, and the user's workouts */
#ifndef EXBUDDY_WORKOUT_H
#define EXBUDDY_WORKOUT_H

#include <stddef.h>
#include <time.h>

#include "exercise.h"
#include "limits.h"

struct arena;
struct db;
struct db_query;

/* One set: reps and/or time, and a load (hundredths of a kg). */
struct set {
	long		 reps;
	long		 seconds;
	long long	 load;		/* + added weight, − assistance */
	int		 loaded;	/* a load was given */
};

/* One set as text, the way a form or a CSV line gives it. */
struct set_in {
	const char	*reps;		/* "" = 0 */
	const char	*minutes;	/* "" = 0 */
	const char	*seconds;	/* "" = 0; or all the duration */
	const char	*load;		/* "" = none; "+10", "-20", "100" */
};

/* One workout as text. */
struct workout_in {
	const char		*exercise;	/* slug or name */
	const char		*kept;		/* an id that may be archived */
	int			 archived_ok;	/* any may be (an import) */
	int			 clock;		/* seconds 0–59 beside the minutes
						   (a form), else a total (a file) */
	const struct set_in	*sets;
	size_t			 nsets;
	const char		*calories;	/* "" = estimate */
	const char		*note;
	int			 lb;		/* loads in pounds, else kg */
};

/* The checked workout, ready for the database. */
struct workout {
	const struct exercise *ex;
	struct set	*sets;		/* 1 to SETS_MAX */
	size_t		 nsets;
	const char	*calories;	/* NULL = estimate */
	int		 estimated;	/* 1 the calories were an estimate, 0
					   they were not (none given: none
					   known), -1 not said (a form) */
	const char	*note;		/* NULL = none */
};

/*
 * Checks in against the rules and fills out (its sets in the arena).
 * A set: reps 0–WK_MAX_REPS, a duration up to WK_MAX_SECONDS, at least
 * one above zero (a timed exercise: a duration), a load of at most
 * LOAD_MAX_KG either way in kg to 0.01 or lb to 0.1. Sets left wholly
 * empty are dropped; the entry needs one, at most SETS_MAX, and its
 * totals within WK_MAX_REPS and WK_MAX_SECONDS. Calories 0 to
 * WK_MAX_CALORIES with one decimal at most, a note of at most
 * WK_MAX_NOTE characters. Calls bad(arg, field, message) for each
 * problem: field "exercise", "calories", "note", or of set k (from 1)
 * "reps", "duration", "load" with "_k" after it from the second set on.
 * Returns the number of problems.
 */
int	 wk_check(const struct library *, struct arena *,
	    const struct workout_in *in, struct workout *out,
	    void (*bad)(void *, const char *, const char *), void *arg);
/* 1 when t is within the allowed range: from 1970 to a day from now. */
int	 wk_time_ok(time_t t);
/*
 * A load as typed: a signed decimal, kg to 0.01 or lb (lb set) to 0.1,
 * into hundredths of a kg. 0, or -1 when it is not such a number, or
 * more than LOAD_MAX_KG either way.
 */
int	 wk_load_parse(const char *s, int lb, long long *kg100);
/* A load as a form field holds it, in the unit: "-20", "22.5", "100". */
void	 wk_load_value(char *out, size_t n, long long kg100, int lb);
/*
 * A load for reading, in the unit (lb, else kg): "+10 kg" with sign for
 * a bodyweight move (signed set), else "100 kg"; no useless decimals.
 */
void	 wk_load_text(char *out, size_t n, long long kg100, int lb, int sign);
/*
 * The sets in a few words: "3 × 8 @ +10 kg" when alike, else "10, 8, 6
 * reps" or "8 @ 100 kg, 6 @ 105 kg", "3 × 1:30"; into out, of
 * WK_SETS_TEXT_LEN bytes for any SETS_MAX sets (", 100000 in 24:00:00 @
 * −2204.62 lb" is the longest set, 36 bytes).
 */
#define WK_SETS_TEXT_LEN	(SETS_MAX * 36 + 16)
void	 wk_sets_text(char *out, size_t n, const struct set *, size_t nsets,
	    int lb, int sign);

/* What an entry adds up to, from its sets. */
struct totals {
	long		 reps, seconds;		/* sums */
	long		 best_reps, best_seconds;	/* the best set's */
	int		 has_load;
	long long	 max_load;		/* kg100, the heaviest set */
	int		 has_volume;
	long long	 volume;		/* kg100: Σ reps × moved weight */
};

/*
 * The totals of w; the volume counts the load of each set, and for a
 * bodyweight move the body weight too (bw_kg100, -1: not known).
 */
void	 wk_totals(const struct workout *w, long long bw_kg100,
	    struct totals *t);
/*
 * An estimated one-rep max (Epley: w × (1 + reps / 30); reps 1: w) in
 * kg100 of a set of reps moving kg100, or 0 (no load, more reps than
 * RECORD_REPS_MAX).
 */
long long wk_one_rep_max(long reps, long long kg100);

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
 * Saves w as a new workout at `when` (a local timestamptz literal
 * "YYYY-MM-DD HH:MM:SS" in the user's zone, or "now": day today), with
 * the body weight of that day in its estimate and volume. With a
 * submission id, a second save of the same id does nothing
 * (WK_ALREADY). The new workout's id into id (37 bytes).
 */
enum wk_result wk_insert(struct db *, struct arena *, const struct workout *w,
	    const char *when, long today, const char *submission_id,
	    char id[37]);
/* Updates workout id the same way (WK_NOT_FOUND: not the user's). */
enum wk_result wk_update(struct db *, struct arena *, const char *id,
	    const struct workout *w, const char *when, long today);
enum wk_result wk_delete(struct db *, const char *id);
/*
 * The user's import lock and one of the site's IMPORTS_AT_ONCE import
 * slots, to the end of the transaction, without waiting (two imports of a
 * user at once would each find the other's rows not yet there and save
 * them twice; many at once would hold every worker), and a statement
 * timeout of IMPORT_TIMEOUT. 0 taken; 1 another import of the user holds
 * it; 2 every slot of the site is taken; -1.
 */
int	 wk_import_lock(struct db *);
/*
 * Saves n imported workouts (whens[i] the time of ws[i]) and their sets,
 * skipping each that matches a workout already there before the import:
 * the same exercise, time, reps and duration, and calories when given.
 * (Rows of the file are all kept among themselves: a file is the history
 * it describes, so an export imported into a new account is the same.)
 * Sets *saved. 0, or -1 on a database failure.
 */
int	 wk_import(struct db *, struct arena *, const struct workout *ws,
	    const char *const *whens, size_t n, size_t *saved);

/* A workout as the lists show it; times in the user's zone. */
struct workout_row {
	const char	*id;
	const char	*when;		/* "YYYY-MM-DD HH:MM" */
	const char	*iso;		/* ISO 8601 with the zone's offset */
	const char	*exercise_id;
	const char	*exercise;	/* its name (ex_label); "" when unknown */
	const char	*slug;
	int		 bodyweight;
	long		 reps, seconds;
	const char	*calories;	/* "" for none */
	int		 estimated;
	const char	*note;		/* "" for none */
	const char	*cursor;	/* "<µs since 1970>_<id>", for paging */
	struct set	*sets;
	size_t		 nsets;
};

/*
 * The user's last RECENT_SCAN workouts, newest first, named from lib
 * (the user's): the caller shows the first RECENT_ROWS and picks the
 * newest of each of the first RECENT_EXERCISES exercises among them
 * (view_recent_exercises). 0 or -1.
 */
int	 wk_recent(struct db *, struct arena *, const struct library *lib,
	    struct workout_row **out, size_t *nout);
/* wk_recent's statement, for db_prefetch. */
void	 wk_recent_query(struct db_query *);

/* A page of the history: filters and where the page starts. */
struct wk_filter {
	const char	*exercise;	/* an exercise's slug, or NULL ... */
	const char	*exercise_id;	/* ... and its id */
	const char	*from, *to;	/* dates "YYYY-MM-DD", or NULL */
	const char	*micros;	/* keyset cursor: performed_at ... */
	const char	*id;		/* ... and id, or NULL */
	int		 newer;		/* the page is the one after the cursor */
	int		 rows;		/* at most this many; 0: HISTORY_ROWS + 1 */
};

/*
 * Up to HISTORY_ROWS + 1 workouts from the cursor on (the extra one
 * tells that there is more), or f->rows, in the order the page
 * shows them: newest first, named from lib (the user's). 0 or -1.
 */
int	 wk_history(struct db *, struct arena *, const struct library *lib,
	    const struct wk_filter *, struct workout_row **out, size_t *n);
/* The statement wk_history sends for f, for db_prefetch. */
void	 wk_history_query(struct arena *, const struct wk_filter *,
	    struct db_query *);

/* A saved workout as its edit form shows it. */
struct workout_form {
	const char	*exercise_id;
	const char	*calories;	/* as given; "" when estimated */
	const char	*estimate;	/* the estimate stored, or NULL */
	const char	*date;		/* "YYYY-MM-DD" */
	const char	*time;		/* "HH:MM", or "HH:MM:SS" */
	const char	*note;		/* "" for none */
	struct set	*sets;
	size_t		 nsets;
};

/* The user's workout id (a uuid). 1 found, 0 not the user's, -1. */
int	 wk_get(struct db *, struct arena *, const char *id, struct workout_form *);
/* The last entry of an exercise (its sets, its date), if any. 1, 0, -1. */
int	 wk_last(struct db *, struct arena *, const char *exercise_id,
	    struct workout_form *);

/* Now in the user's zone: "YYYY-MM-DD" and "HH:MM". 0 or -1. */
int	 wk_local_now(struct db *, struct arena *, const char **date,
	    const char **time);
/*
 * The instant of a local time "YYYY-MM-DD HH:MM:SS" in the user's zone
 * (TimeZone of the transaction), and that instant's local time again
 * ("HH:MM:SS", in a): another one than asked where the clocks skip the
 * time asked (02:30 on a spring-forward day becomes 03:30). 0 or -1.
 */
int	 wk_local_instant(struct db *, struct arena *, const char *local,
	    time_t *t, const char **back);

#endif
