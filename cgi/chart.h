/* chart.h — server-rendered SVG charts: stacked bars and a year heatmap */
#ifndef EXBUDDY_CHART_H
#define EXBUDDY_CHART_H

#include <stddef.h>

struct buf;

#define CHART_MAX_SERIES	10	/* colours: CSS classes ex-0 … ex-9 */

/*
 * A stacked bar chart: one bar per category (a day, a month), one
 * segment per series (an exercise) in the series' colour. values[c *
 * nseries + s] is series s in category c (0 draws nothing). Every drawn
 * segment carries a <title> (tips, same layout; NULL: "label: value
 * unit"). The SVG has role="img" and an accessible <title> and <desc>
 * (id_prefix makes their ids unique on the page), a y axis with a few
 * round ticks labelled in unit, and the category labels under the bars.
 * Colours come from CSS classes (ex-N, chart-axis, chart-label) so the
 * page's style sheet can set them for dark mode; no style attributes.
 *
 * Notes (chart.c): with several series the default tip names the series
 * too ("Mon 3, Running: 300 kcal"); a tips entry that is NULL gets the
 * default. Negative, NaN and infinite values count as 0. Labels that
 * would touch are thinned to every k-th; all zero (or no categories)
 * draws the axes and the empty text ("Nothing logged" unless given).
 * Colour indexes wrap modulo 10.
 */
struct chart_bars {
	const char		*id_prefix;	/* e.g. "week" */
	const char		*title;		/* e.g. "Calories per day" */
	const char		*desc;		/* one sentence summary */
	const char		*unit;		/* e.g. "kcal" */
	size_t			 ncat;
	const char *const	*labels;	/* ncat short labels: "Mon 3" */
	size_t			 nseries;	/* at most CHART_MAX_SERIES */
	const char *const	*series;	/* nseries names (legend) */
	const int		*colour;	/* nseries colour indexes 0–9 */
	const double		*values;	/* ncat × nseries */
	const char *const	*tips;		/* ncat × nseries, or NULL */
	const char		*empty;		/* text of an all-zero chart, or NULL */
};

/* Appends the chart as an <svg> element (and a legend list after it). */
void	 chart_bars(struct buf *, const struct chart_bars *);

/*
 * A calendar heatmap: ndays squares (at most 53 × 7), day 0 being the
 * first day of a week; the square of day i sits in column i / 7, row
 * i % 7. levels[i] 0–4 picks the class heat-0 … heat-4; tips[i] is its
 * <title> ("2026-03-04: 120 reps, 2 workouts"). Row labels name the
 * weekdays (rowlabels, 7 entries, e.g. "Mon" …); month labels
 * (monthlabels[i] non-NULL at the first day of a month) sit above their
 * column. role="img", <title>, <desc> as chart_bars.
 *
 * Notes (chart.c): weekday labels on rows 1, 3 and 5 only; levels are
 * clamped to 0–4, ndays to 53 × 7; a NULL tip becomes "Day N: level L
 * of 4"; a month label that would overlap the previous one is left out.
 */
struct chart_heatmap {
	const char		*id_prefix;
	const char		*title;
	const char		*desc;
	size_t			 ndays;
	const int		*levels;
	const char *const	*tips;
	const char *const	*rowlabels;
	const char *const	*monthlabels;
};

void	 chart_heatmap(struct buf *, const struct chart_heatmap *);

/*
 * A line chart over days: points (x: days from the first day, 0 to
 * span; y: values) joined by a line, with a second line (avg, e.g. a
 * moving average) when given. The y axis spans the values with round
 * ticks (not from 0); labels[k] are drawn under x = label_at[k]. Each
 * point has a <title> (tips[i], or "y unit"). Classes chart-line,
 * chart-avg, chart-point; role="img", <title>, <desc> as chart_bars.
 * No points: the axes and the empty text.
 */
struct chart_lines {
	const char		*id_prefix;
	const char		*title;
	const char		*desc;
	const char		*unit;
	size_t			 npoints;
	const double		*x;
	const double		*y;
	const double		*avg;		/* npoints, or NULL */
	const char *const	*tips;		/* npoints, or NULL */
	double			 span;		/* days the x axis covers */
	size_t			 nlabels;
	const char *const	*labels;
	const double		*label_at;
	const char		*empty;
	const char		*legend_line;	/* the legend's words, or NULL */
	const char		*legend_avg;
};

void	 chart_lines(struct buf *, const struct chart_lines *);

/* A "nice" axis maximum >= max (1, 2, 2.5, 5 × 10^n) and its tick step. */
/* (step = top / 4 for 2 × 10^n, else top / 5; max <= 0 or NaN: 1 and 0.2;
 * max clamped to [1e-300, 1e300], so both are always finite.) */
void	 chart_scale(double max, double *top, double *step);

#endif
