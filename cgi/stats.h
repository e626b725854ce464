/* stats.h — totals, records, streaks, months and the year, in the user's time zone */
#ifndef EXBUDDY_STATS_H
#define EXBUDDY_STATS_H

#include <stddef.h>

struct arena;
struct db;
struct db_query;
struct library;

/* The statements below, for db_prefetch (stats_query). */
enum stats_query {
	SQ_WEEK_TOTALS,		/* stats_week_totals: arg the week's start */
	SQ_DAYS,		/* stats_days: the week's start */
	SQ_STREAKS,		/* stats_streaks: today */
	SQ_RECORDS,		/* stats_records */
	SQ_MONTHS,		/* stats_months: first */
	SQ_YEAR,		/* stats_year: first */
};

/*
 * Into *q the statement one of the functions below sends for arg, its
 * parameter's text in the arena: for db_prefetch, so that the function
 * called after takes its answer.
 */
void	 stats_query(struct arena *, enum stats_query, long arg,
	    struct db_query *q);

/*
 * Days are local dates in days since 1970 (civil.h). The queries read the
 * summary per user, local day and exercise, daily_totals, whose days are
 * in the user's time zone (sql/010_daily_totals.sql), never every workout.
 */

/* One exercise's numbers for a week and the week before. */
struct ex_total {
	const char	*slug;
	const char	*name;
	int		 timed;
	long		 workouts, reps, seconds;
	double		 kcal;
	long		 prev_workouts, prev_reps, prev_seconds;
	double		 prev_kcal;
	long		 goal;		/* weekly target (reps or seconds), 0: none */
};

/*
 * Totals per exercise for the week starting on day `start` and the week
 * before, with the weekly goals: every exercise that has a workout in
 * either week or a goal, named from the user's library (lib) and in
 * the order of names, letter case aside. 0 or -1.
 */
int	 stats_week_totals(struct db *, struct arena *,
	    const struct library *lib, long start,
	    struct ex_total **out, size_t *n);

/* One exercise on one day. */
struct day_total {
	long		 day;
	const char	*slug, *name;
	int		 timed;
	long		 workouts, reps, seconds;
	const char	*kcal;		/* as stored: "12.5", "0" */
};

/*
 * Per day and exercise, the 7 days from start, days without any left
 * out; by day, then as stats_week_totals orders exercises. 0 or -1.
 */
int	 stats_days(struct db *, struct arena *, const struct library *lib,
	    long start, struct day_total **out, size_t *n);

/*
 * Current and longest streaks, runs of consecutive days with workouts:
 * the current one is the longest run that reaches yesterday or later (a
 * day without a workout yet does not break it); days (NULL: not asked)
 * the days with a workout, ever. 0 or -1.
 */
int	 stats_streaks(struct db *, struct arena *, long today, long *current,
	    long *longest, long *days);

/* The totals of all time, every exercise's (stats_records). */
struct all_time {
	long		 workouts, reps, seconds;
	const char	*kcal;		/* as summed: "1201.3", "0" */
};

/* Per exercise: totals and records, the earliest date winning a tie. */
struct ex_record {
	const char	*id, *slug;	/* the exercise's */
	const char	*name;
	int		 timed;
	long		 workouts, reps, seconds;
	long		 best_set;	/* most reps in a workout; 0: none */
	const char	*best_set_day;
	long		 best_day;	/* most reps in a day */
	const char	*best_day_day;
	long		 longest;	/* seconds; 0: none */
	const char	*longest_day;
	long		 best_week;	/* reps, or seconds if timed; 0: none */
	const char	*best_week_of;
};

/*
 * Per exercise, weeks as the user's week_start has them, named from the
 * library and ordered as stats_week_totals orders them; into *all the
 * totals of all time, of every exercise (named in the library or not).
 * 0 or -1.
 */
int	 stats_records(struct db *, struct arena *, const struct library *lib,
	    struct ex_record **out, size_t *n, struct all_time *all);

/* One exercise in one month. */
struct month_total {
	int		 month;		/* 0–11: months after the first */
	ptrdiff_t	 order;		/* its exercise's index in the records */
	const char	*slug, *name;
	long		 workouts, reps, seconds;
	double		 kcal;
};

/*
 * Per month and exercise from the month starting on day `first`, 12
 * months, in month order and then the order of stats_records' r (nr
 * rows), which names the exercises.
 */
int	 stats_months(struct db *, struct arena *, long first,
	    const struct ex_record *r, size_t nr, struct month_total **out,
	    size_t *n);

/* One day with a workout. */
struct day_cell {
	long	 day;
	long	 workouts, reps, seconds;
};

/* The days with a workout from day `first` on, ascending. 0 or -1. */
int	 stats_year(struct db *, struct arena *, long first,
	    struct day_cell **out, size_t *n);

#endif
