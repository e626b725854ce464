/* progress.h — an exercise's records, its weeks, and how each exercise stands */
#ifndef EXBUDDY_PROGRESS_H
#define EXBUDDY_PROGRESS_H

#include <stddef.h>

struct arena;
struct db;
struct db_query;
struct exercise;

/* One set as the records read it: the day, what it was, what it moved. */
struct pr_set {
	long		 day;		/* local date, days since 1970 */
	long		 reps, seconds;
	int		 loaded;
	long long	 load;		/* kg100, as logged */
	long long	 moved;		/* kg100: load (+ body weight if a
					   bodyweight move); 0 when none */
	const char	*workout_id;
};

enum pr_measure {
	PR_REPS,	/* reps per week */
	PR_TIME,	/* seconds per week */
	PR_VOLUME,	/* kg100 moved per week */
	PR_ONE_RM	/* the best estimated 1RM of the week */
};
#define PR_MEASURES	4


#define PR_REP_MAXES	6
#define PR_WEEKS	53	/* the chart's weeks: a year to this one */	/* heaviest load for 1, 3, 5, 8, 10, 12 reps */

struct pr_best {
	long		 value;		/* reps, seconds, kg100 … ; 0: none */
	long		 day;
	long		 reps;		/* the set's reps ... */
	long		 seconds;	/* ... and time, for loads */
};

struct records {
	struct pr_best	 reps;		/* most reps in one set */
	struct pr_best	 seconds;	/* longest set */
	struct pr_best	 load;		/* heaviest load (value kg100) */
	struct pr_best	 rep_max[PR_REP_MAXES];	/* for N reps or more */
	struct pr_best	 one_rm;	/* best estimated 1RM (Epley), of moved */
	struct pr_best	 week[PR_MEASURES];	/* best week in each measure;
					   day: its first day */
	long		 entries;
	long		 last_day;	/* -1: no entry */
	/* The chart: each measure per week, PR_WEEKS weeks from first on. */
	long		 first;
	long long	 weeks[PR_MEASURES][PR_WEEKS];
};

extern const int pr_rep_max_reps[PR_REP_MAXES];

/*
 * The records of sets[0..n) (any order): the earliest set wins a tie;
 * the best week in each measure sums it (per pr_measure) over weeks
 * starting on week_start; the chart's weeks start on day first.
 */
void	 pr_compute(const struct pr_set *, size_t n, int week_start,
	    long first, struct records *);

/*
 * The records as text for exercise_records (at most PR_ENCODED_MAX
 * bytes with the NUL), and back: 0, or -1 when s is not such text.
 */
#define PR_ENCODED_MAX	8192
void	 pr_encode(const struct records *, char out[PR_ENCODED_MAX]);
int	 pr_decode(const char *s, struct records *);


/* The measure a week is counted in for an exercise, by default. */
enum pr_measure pr_main_measure(const struct exercise *);
/* The measure's name in links ("reps", "time", "volume", "1rm"), and back (-1). */
const char *pr_measure_name(enum pr_measure);
int	 pr_measure_of(const char *);
/* What a set adds to its week in measure m. */
long long pr_set_value(const struct pr_set *, enum pr_measure m);

/* Every set of the exercise of the user, with the moved weight. 0 or -1. */
int	 pr_sets(struct db *, struct arena *, const struct exercise *,
	    struct pr_set **out, size_t *n);

/*
 * The records of the exercise as kept in exercise_records (sql/017):
 * *kept 1 and *r when the row is of the user's current number; else
 * *kept 0, and *version is the number that pr_keep writes with records
 * computed from the sets read after this call. 0 or -1.
 */
int	 pr_kept(struct db *, struct arena *, const struct exercise *,
	    struct records *r, long long *version, int *kept);
/* pr_kept's statement, for db_prefetch. */
void	 pr_kept_query(struct arena *, const struct exercise *,
	    struct db_query *);
/* Keeps the records computed at version (a newer row stays). 0 or -1. */
int	 pr_keep(struct db *, const struct exercise *, long long version,
	    const struct records *);

/* How each exercise of the user stands: entries, the last day, the best set. */
struct pr_overview {
	const char	*exercise_id;
	long		 entries;
	long		 last_day;
	long		 best_reps, best_seconds;
	int		 has_load;
	long long	 max_load;
};

int	 pr_overview(struct db *, struct arena *, struct pr_overview **out,
	    size_t *n);
/*
 * The bests of the exercise's entries other than except_id, for saying
 * that a new entry beat them. 0 or -1 (*found 0 when there are none).
 */
int	 pr_previous(struct db *, const char *exercise_id, const char *except_id,
	    struct pr_overview *, int *found);

#endif
