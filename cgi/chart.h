/* chart.h — charts as SVG images (data: URIs): stacked bars, a year heatmap, lines */
#ifndef EXBUDDY_CHART_H
#define EXBUDDY_CHART_H

#include <stddef.h>

struct buf;

/*
 * Series colours: the Okabe–Ito palette (blue, orange, bluish green,
 * reddish purple, sky blue, vermilion, yellow) and grey, the same in light
 * and dark mode. Series s of a chart gets colour s, so no two series of
 * one chart share a colour; a chart with more series than this lumps the
 * rest into its last one (the caller does, and says so).
 */
#define CHART_MAX_SERIES	8

/*
 * Every chart is written as HTML: an <img> whose src is the SVG as a
 * data: URI (text browsers print its alt, not the SVG's labels; the SVG
 * carries its own <style>, dark mode included, since the page's style
 * sheet does not reach into an image), then a legend list; or, with
 * nothing to draw, <p class="chart-empty"> with the empty text. The alt is
 * the desc, which should say what the chart shows and where its numbers
 * are (a table). Text is sized in viewBox units by the image's own width
 * (media queries inside the SVG), at least 12 CSS px from 280 px wide.
 */

/*
 * A stacked bar chart: one bar per category (a day, a month), one
 * segment per series (an exercise) in the series' colour. values[c *
 * nseries + s] is series s in category c (negative, NaN and infinite
 * count as 0). labels[c] is written under its bar (NULL: none), and
 * sublabels[c], when given, on a second line (a weekday over its date);
 * labels that would touch go on two alternate lines, else every k-th is
 * left. A series' segments are one <path>, with no titles (nobody could
 * read them in an image): the caller's table has the numbers. counts: the
 * values are counts (reps, workouts), so the ticks are whole numbers.
 */
struct chart_bars {
	const char		*id_prefix;	/* e.g. "week" */
	const char		*title;		/* e.g. "Calories per day" */
	const char		*desc;		/* the alt: what, and where the table is */
	const char		*unit;		/* e.g. "kcal" */
	size_t			 ncat;
	const char *const	*labels;	/* ncat short labels: "Mon" */
	const char *const	*sublabels;	/* ncat, or NULL: "3" */
	size_t			 nseries;	/* at most CHART_MAX_SERIES */
	const char *const	*series;	/* nseries names (legend) */
	const double		*values;	/* ncat × nseries */
	const char		*empty;		/* nothing drawn: this, or "Nothing logged" */
	int			 counts;	/* whole-number ticks */
};

/* Appends the chart (an <img> and a legend) or its empty text. */
void	 chart_bars(struct buf *, const struct chart_bars *);
/* The SVG alone; returns the segments drawn. */
size_t	 chart_bars_svg(struct buf *, const struct chart_bars *);

/*
 * A calendar heatmap: ndays squares (at most 53 × 7), day 0 being the
 * first day of a week; day i sits in column i / 7, row i % 7. levels[i]
 * 0–4 picks the shade heat-0 … heat-4 (clamped). rowlabels (7) name the
 * weekdays, drawn on rows 1, 3 and 5; monthlabels[i], non-NULL at the
 * first day of a month, sits over its column (left out where it would
 * overlap). A key ("Less", the five shades, "More") is drawn under the
 * squares: the shades get darker for more in light mode and lighter in
 * dark mode, so only the key says which way. The squares have no
 * titles (nobody could read them in an image): the caller's table has
 * the numbers. All levels 0 (or no days): the empty text instead.
 *
 * Written as <picture>: one row of 53 weeks, and for narrow screens
 * (max-width: 40rem) bands of CHART_HEAT_BAND weeks, one under another,
 * so that a square is about 12 px on a phone.
 */
#define CHART_HEAT_BAND		18

struct chart_heatmap {
	const char		*id_prefix;
	const char		*title;
	const char		*desc;		/* the alt, as chart_bars */
	size_t			 ndays;
	const int		*levels;
	const char *const	*rowlabels;
	const char *const	*monthlabels;
	const char		*empty;		/* nothing drawn: this, or "Nothing logged" */
};

/* Appends the heatmap (a <picture>) or its empty text. */
void	 chart_heatmap(struct buf *, const struct chart_heatmap *);
/* The SVG alone, weeks columns a band (1 to 53; else 53). */
void	 chart_heatmap_svg(struct buf *, const struct chart_heatmap *,
	    int weeks);

/*
 * A line chart over days: points (x: days from the first day, 0 to
 * span; y: values) joined by a line, with a second, dashed line (avg,
 * e.g. a moving average) when given. The y axis spans the values with
 * round ticks (not from 0); labels[k] are drawn under x = label_at[k]
 * (on two alternate lines, or thinned, when they would touch). A point is
 * a circle, with no title (as a bar chart's segments). No points: the
 * empty text.
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
	double			 span;		/* days the x axis covers */
	size_t			 nlabels;
	const char *const	*labels;
	const double		*label_at;
	const char		*empty;
	const char		*legend_line;	/* the legend's words, or NULL */
	const char		*legend_avg;
};

void	 chart_lines(struct buf *, const struct chart_lines *);
void	 chart_lines_svg(struct buf *, const struct chart_lines *);

/* A "nice" axis maximum >= max (1, 2, 2.5, 5 × 10^n) and its tick step. */
/* (step = top / 4 for 2 × 10^n, else top / 5; max <= 0 or NaN: 1 and 0.2;
 * max clamped to [1e-300, 1e300], so both are always finite.) */
void	 chart_scale(double max, double *top, double *step);

/* The colour of series s ("#rrggbb"), s modulo CHART_MAX_SERIES. */
const char *chart_colour(int s);

/*
 * Appends "data:image/svg+xml," and svg percent-encoded: only letters,
 * digits and - . _ ~ / : ; = , ( ) ! * are kept, so the URI holds no
 * space, quote, & < > # or %, and can stand in an attribute or a srcset.
 */
void	 chart_data_uri(struct buf *, const char *svg, size_t n);

#endif
