/* view_stats.h — what several pages show of statistics: the totals table and the charts */
#ifndef EXBUDDY_VIEW_STATS_H
#define EXBUDDY_VIEW_STATS_H

#include <stddef.h>

struct ctx;
struct day_cell;
struct day_total;
struct ex_total;
struct month_total;

/*
 * "streak" and "best_streak" in days ("streak_one": of one day), and
 * "all_days", the days with a workout ever. 0 or -1.
 */
int	 view_streaks(struct ctx *);
/*
 * Loop "totals" (one row per exercise: this week, the week before, the
 * change and the goal) and the sums "week_workouts", "week_kcal",
 * "prev_kcal", "kcal_change"; "has_goals" when any has a goal. 0 or -1.
 */
int	 view_totals(struct ctx *, const struct ex_total *, size_t n);
/*
 * The week page's chart "chart" (calories per day, one colour per
 * exercise done this week) and its table, loop "days" (every day from
 * start, a day without workouts as one row).
 */
void	 view_week_days(struct ctx *, long start, const struct day_total *,
	    size_t n, const struct ex_total *, size_t ntotals);
/* The last 12 months from first: loop "months" and "months_chart". */
void	 view_months(struct ctx *, long first, const struct month_total *,
	    size_t n);
/*
 * The heatmap "year_chart" of the days from first to today, shaded by
 * reps against the best day.
 */
void	 view_year(struct ctx *, long first, long today,
	    const struct day_cell *, size_t n);

#endif
