/* stats.h — weeks and totals in the user's time zone, shared by the dashboard and the week page */
#ifndef EXBUDDY_STATS_H
#define EXBUDDY_STATS_H

#include <stddef.h>

struct ctx;
struct tmpl_vars;

/* One exercise's numbers for a week and the week before. */
struct ex_total {
	const char	*slug;
	const char	*name;
	int		 timed;
	int		 colour;	/* its place in the library: ex-N */
	long		 workouts, reps, seconds;
	double		 kcal;
	long		 prev_workouts, prev_reps, prev_seconds;
	double		 prev_kcal;
	long		 goal;		/* weekly target (reps or seconds), 0: none */
};

/*
 * The first day (YYYY-MM-DD) of the week holding the local date `of`
 * (NULL: today), by the user's first day of the week; and the days
 * before and after it. 0 or -1.
 */
int	 stats_week(struct ctx *, const char *of, char start[11], char prev[11],
	    char next[11], char today_start[11]);
/*
 * Totals per exercise for the week starting at start and the week
 * before, with the weekly goals: every exercise that has a workout in
 * either week or a goal. Arena-allocated. 0 or -1.
 */
int	 stats_week_totals(struct ctx *, const char *start, struct ex_total **out,
	    size_t *n);
/* Sets loop "totals" (one row per exercise, formatted) and "week_*" sums. */
void	 stats_totals_vars(struct ctx *, const struct ex_total *, size_t n);
/*
 * Current and longest streaks: consecutive local days with a workout;
 * the current one counts back from today, or from yesterday when today
 * has none yet. 0 or -1.
 */
int	 stats_streaks(struct ctx *, long *current, long *longest);

/*
 * The last 12 months, oldest first: "months" loop rows and a chart of
 * calories per month by exercise in "months_chart". 0 or -1.
 */
int	 stats_months(struct ctx *);
/*
 * The last 53 weeks as a heatmap shaded by reps ("year_chart"), weeks
 * starting on the user's first day of the week. 0 or -1.
 */
int	 stats_year(struct ctx *);

/* "1:05", "1:02:03"; "+25%", "−10%", "new", "same". */
const char *stats_duration(struct ctx *, long seconds);
const char *stats_change(struct ctx *, double now, double before);

#endif
