/* chart.c — SVG charts: stacked bars, a year heatmap, round axis scales */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "mem.h"

/*
 * Geometry in viewBox units. Text is laid out for 24-unit glyphs 0.6 em
 * wide; style.css uses at most 22 (on narrow screens, where the SVG is
 * scaled down the most) so that wide fonts (DejaVu Sans, ~0.65 em) fit
 * too and labels never collide at any width.
 */
#define TEXT_EM		24.0
#define TEXT_CH		(0.6 * TEXT_EM)	/* an average glyph, estimated */

#define BARS_W		640
#define BARS_H		300
#define BARS_TOP	(TEXT_EM + 20)	/* the unit, above the top tick label */
#define BARS_BOTTOM	(TEXT_EM + 10)	/* category labels */
#define BARS_RIGHT	8
#define BARS_FILL	0.7		/* share of a category's slot the bar fills */
#define BARS_MAXW	64		/* widest bar */

#define HEAT_COLS	53
#define HEAT_ROWS	7
#define HEAT_CELL	11
#define HEAT_PITCH	13
#define HEAT_TOP	30		/* month labels: TEXT_EM + 6 */

#define SCALE_MIN	1e-300		/* chart_scale clamps its input to this ... */
#define SCALE_MAX	1e300		/* ... and this */

struct plot {
	double	 x, y, w, h;	/* the plot area */
	double	 top;		/* value at the top edge */
	int	 nticks;	/* intervals between 0 and top */
	int	 decimals;	/* of the tick labels, -1: exponent form */
};

/* m × 10^e, correctly rounded (strtod; no libm, no decimal point). */
static double
decade(int m, int e)
{
	char	 s[32];

	snprintf(s, sizeof(s), "%de%d", m, e);
	return strtod(s, NULL);
}

/*
 * The rule: top is the smallest of 1, 2, 2.5 and 5 × 10^n that is >= max;
 * step is top / 4 when top is 2 × 10^n, else top / 5, so the ticks are
 * 0, 0.2, … 1 / 0, 0.5, … 2 / 0, 0.5, … 2.5 / 0, 1, … 5 (× 10^n).
 * max <= 0 or NaN gives 1 and 0.2; max is clamped to [1e-300, 1e300], so
 * the results are always finite and positive.
 */
void
chart_scale(double max, double *top, double *step)
{
	static const struct { int m, e; } nice[] = {
		{ 1, 0 }, { 2, 0 }, { 25, -1 }, { 5, 0 }, { 1, 1 } };
	char	 s[40];
	double	 t = 1;
	long	 e;
	size_t	 i;

	if (!(max > 0))
		max = 1;
	if (max > SCALE_MAX)
		max = SCALE_MAX;
	if (max < SCALE_MIN)
		max = SCALE_MIN;
	/* The decimal exponent of max: "d.ddd…e±NN". */
	snprintf(s, sizeof(s), "%.17e", max);
	e = strtol(strchr(s, 'e') + 1, NULL, 10);
	for (i = 0; i < sizeof(nice) / sizeof(nice[0]); i++)
		if ((t = decade(nice[i].m, (int)e + nice[i].e)) >= max)
			break;
	if (t < max)		/* cannot happen: 10^(e+1) > max */
		t = max;
	*top = t;
	*step = i == 1 ? t / 4 : t / 5;
}

/* v as "0", "50", "2.5": decimals at most, no trailing zeros; -1: "%.3g". */
static const char *
fmt_num(char *s, size_t size, double v, int decimals)
{
	char	*p;

	if (decimals < 0 || decimals > 4 || v >= 1e12 || v <= -1e12) {
		snprintf(s, size, "%.3g", v);
		return s;
	}
	snprintf(s, size, "%.*f", decimals, v);
	if (strchr(s, '.') != NULL) {
		for (p = s + strlen(s); p[-1] == '0'; p--)
			p[-1] = '\0';
		if (p[-1] == '.')
			p[-1] = '\0';
	}
	if (strcmp(s, "-0") == 0)
		snprintf(s, size, "0");
	return s;
}

/* Characters (UTF-8 code points) in s: to estimate a label's width. */
static size_t
nchars(const char *s)
{
	size_t	 n = 0;

	for (; s != NULL && *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
put_html(struct buf *b, const char *s)
{
	if (s != NULL)
		buf_html(b, s, strlen(s));
}

/* Series j in category i if it can be drawn (positive, finite), else 0. */
static double
value(const struct chart_bars *c, size_t i, size_t j)
{
	double	 v = c->values != NULL ? c->values[i * c->nseries + j] : 0;

	return v > 0 && v <= DBL_MAX ? v : 0;
}

static int
colour_class(const int *colour, size_t s)
{
	int	 c = colour != NULL ? colour[s] : (int)(s % CHART_MAX_SERIES);

	c %= CHART_MAX_SERIES;
	return c < 0 ? c + CHART_MAX_SERIES : c;
}

/* The <svg> start tag, its <title> and <desc>. */
static void
svg_open(struct buf *b, const char *prefix, const char *title,
    const char *desc, int w, int h)
{
	if (prefix == NULL || *prefix == '\0')
		prefix = "chart";
	buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""
	    " role=\"img\" aria-labelledby=\"");
	put_html(b, prefix);
	buf_puts(b, "-title ");
	put_html(b, prefix);
	buf_printf(b, "-desc\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\">\n<title id=\"", w, h, w, h);
	put_html(b, prefix);
	buf_puts(b, "-title\">");
	put_html(b, title);
	buf_puts(b, "</title>\n<desc id=\"");
	put_html(b, prefix);
	buf_puts(b, "-desc\">");
	put_html(b, desc);
	buf_puts(b, "</desc>\n");
}

/* A <text> element: class, position, anchor and baseline, escaped text. */
static void
svg_text(struct buf *b, const char *class, double x, double y,
    const char *anchor, const char *baseline, const char *text)
{
	buf_printf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" "
	    "text-anchor=\"%s\" dominant-baseline=\"%s\">", class, x, y,
	    anchor, baseline);
	put_html(b, text);
	buf_puts(b, "</text>\n");
}

/* The highest stack, the scale and the plot area left of the tick labels. */
static void
bars_layout(const struct chart_bars *c, struct plot *p)
{
	char	 s[48];
	double	 max = 0, sum, step, st;
	size_t	 i, j, n, wide = 1;

	for (i = 0; i < c->ncat; i++) {
		sum = 0;
		for (j = 0; j < c->nseries; j++)
			sum += value(c, i, j);
		if (sum > max)
			max = sum;
	}
	chart_scale(max, &p->top, &step);
	p->nticks = p->top / step < 4.5 ? 4 : 5;
	/* Decimals that show the step: it has one significant digit. */
	for (p->decimals = 0, st = step; st < 0.999 && p->decimals < 5;
	    p->decimals++)
		st *= 10;
	if (p->decimals > 4 || p->top >= 1e7)
		p->decimals = -1;
	for (i = 0; i <= (size_t)p->nticks; i++) {
		n = strlen(fmt_num(s, sizeof(s), p->top * (double)i /
		    p->nticks, p->decimals));
		if (n > wide)
			wide = n;
	}
	p->x = 10 + (double)wide * TEXT_CH;
	p->y = BARS_TOP;
	p->w = BARS_W - BARS_RIGHT - p->x;
	p->h = BARS_H - BARS_TOP - BARS_BOTTOM;
}

/*
 * A grid line and a label at each tick (values from lo by step), and the
 * two axes; the lines width wide.
 */
static void
grid(struct buf *b, const struct plot *p, double lo, double step,
    double width)
{
	char	 s[48];
	double	 y;
	int	 i;

	for (i = 0; i <= p->nticks; i++) {
		y = p->y + p->h - p->h * i / p->nticks;
		if (i > 0)
			buf_printf(b, "<line class=\"chart-grid\" x1=\"%.1f\" "
			    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", p->x, y,
			    p->x + width, y);
		svg_text(b, "chart-label", p->x - 6, y, "end", "central",
		    fmt_num(s, sizeof(s), lo + step * i, p->decimals));
	}
	buf_printf(b, "<line class=\"chart-axis\" x1=\"%.1f\" y1=\"%.1f\" "
	    "x2=\"%.1f\" y2=\"%.1f\"/>\n", p->x, p->y, p->x, p->y + p->h);
	buf_printf(b, "<line class=\"chart-axis\" x1=\"%.1f\" y1=\"%.1f\" "
	    "x2=\"%.1f\" y2=\"%.1f\"/>\n", p->x, p->y + p->h, p->x + width,
	    p->y + p->h);
}

/* Grid lines and labels at the ticks, the axes and the unit. */
static void
bars_axes(struct buf *b, const struct chart_bars *c, const struct plot *p)
{
	grid(b, p, 0, p->top / p->nticks, p->w);
	if (c->unit != NULL && *c->unit != '\0')
		svg_text(b, "chart-label chart-unit", 4, 4, "start",
		    "hanging", c->unit);
}

/* Category labels under the bars; every k-th one when they would touch. */
static void
bars_labels(struct buf *b, const struct chart_bars *c, const struct plot *p)
{
	double	 slot = p->w / (double)c->ncat, wide = 0, k;
	size_t	 i, n, every;

	if (c->labels == NULL)
		return;
	for (i = 0; i < c->ncat; i++)
		if ((n = nchars(c->labels[i])) > wide)
			wide = (double)n;
	k = (wide * TEXT_CH + TEXT_CH / 2) / slot;
	every = k <= 1 ? 1 : (size_t)k + (k > (double)(size_t)k);
	for (i = 0; i < c->ncat; i += every)
		svg_text(b, "chart-label", p->x + slot * ((double)i + 0.5),
		    p->y + p->h + 6, "middle", "hanging", c->labels[i]);
}

/* A segment's tip: the caller's, or "label: value unit" (", series"). */
static void
bars_tip(struct buf *b, const struct chart_bars *c, size_t i, size_t j)
{
	const char *tip = c->tips != NULL ? c->tips[i * c->nseries + j] : NULL;
	char	 s[48];

	if (tip != NULL) {
		put_html(b, tip);
		return;
	}
	put_html(b, c->labels != NULL ? c->labels[i] : NULL);
	if (c->nseries > 1 && c->series != NULL && c->series[j] != NULL) {
		buf_puts(b, c->labels != NULL && c->labels[i] != NULL ?
		    ", " : "");
		put_html(b, c->series[j]);
	}
	buf_printf(b, ": %s", fmt_num(s, sizeof(s), value(c, i, j), 2));
	if (c->unit != NULL && *c->unit != '\0') {
		buf_putc(b, ' ');
		put_html(b, c->unit);
	}
}

/* The stacked segments, series 0 at the bottom; the number drawn. */
static size_t
bars_segments(struct buf *b, const struct chart_bars *c, const struct plot *p)
{
	double	 slot = p->w / (double)c->ncat, bw, x, y, ny, acc, v;
	size_t	 i, j, n = 0;

	bw = slot * BARS_FILL < BARS_MAXW ? slot * BARS_FILL : BARS_MAXW;
	for (i = 0; i < c->ncat; i++) {
		x = p->x + slot * (double)i + (slot - bw) / 2;
		y = p->y + p->h;
		acc = 0;
		for (j = 0; j < c->nseries; j++) {
			if ((v = value(c, i, j)) == 0)
				continue;
			acc += v;
			ny = p->y + p->h - p->h * (acc < p->top ? acc / p->top :
			    1);
			buf_printf(b, "<rect class=\"ex-%d\" x=\"%.1f\" "
			    "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
			    "<title>", colour_class(c->colour, j), x, ny, bw,
			    y - ny);
			bars_tip(b, c, i, j);
			buf_puts(b, "</title></rect>\n");
			y = ny;
			n++;
		}
	}
	return n;
}

/* The legend after the SVG: one swatch and name per series. */
static void
bars_legend(struct buf *b, const struct chart_bars *c)
{
	size_t	 j;

	if (c->nseries == 0 || c->series == NULL)
		return;
	buf_puts(b, "<ul class=\"chart-legend\">\n");
	for (j = 0; j < c->nseries; j++) {
		buf_printf(b, "<li><span class=\"swatch ex-%d\" "
		    "aria-hidden=\"true\"></span> ", colour_class(c->colour, j));
		put_html(b, c->series[j]);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n");
}

/* Appends c as an <svg> and its legend to b; see chart.h. */
void
chart_bars(struct buf *b, const struct chart_bars *c)
{
	struct plot p;
	size_t	 n = 0;

	bars_layout(c, &p);
	svg_open(b, c->id_prefix, c->title, c->desc, BARS_W, BARS_H);
	bars_axes(b, c, &p);
	if (c->ncat > 0) {
		n = bars_segments(b, c, &p);
		bars_labels(b, c, &p);
	}
	if (n == 0)
		svg_text(b, "chart-label chart-empty", p.x + p.w / 2,
		    p.y + p.h / 2, "middle", "central",
		    c->empty != NULL ? c->empty : "Nothing logged");
	buf_puts(b, "</svg>\n");
	bars_legend(b, c);
}

/* Weekday names on every other row (1, 3, 5), as they fit the big font. */
static double
heat_rows(struct buf *b, const struct chart_heatmap *h, int draw)
{
	double	 left = 0, w;
	int	 r;

	for (r = 1; r < HEAT_ROWS; r += 2) {
		if (h->rowlabels == NULL || h->rowlabels[r] == NULL)
			continue;
		w = (double)nchars(h->rowlabels[r]) * TEXT_CH + 12;
		if (w > left)
			left = w;
	}
	for (r = 1; draw && r < HEAT_ROWS; r += 2)
		if (h->rowlabels != NULL && h->rowlabels[r] != NULL)
			svg_text(b, "chart-label heat-label", left - 6,
			    HEAT_TOP + r * HEAT_PITCH + HEAT_CELL / 2.0,
			    "end", "central", h->rowlabels[r]);
	return left;
}

/* Month names over their first column; one that would overlap is left out. */
static void
heat_months(struct buf *b, const struct chart_heatmap *h, size_t ndays,
    double left, int width)
{
	double	 x, w, next = 0;
	size_t	 i;

	for (i = 0; h->monthlabels != NULL && i < ndays; i++) {
		if (h->monthlabels[i] == NULL)
			continue;
		x = left + (double)(i / HEAT_ROWS) * HEAT_PITCH;
		w = (double)nchars(h->monthlabels[i]) * TEXT_CH;
		if (x + w > width)
			x = width - w;
		if (x < next)
			continue;
		svg_text(b, "chart-label heat-label", x, HEAT_TOP - 6,
		    "start", "auto", h->monthlabels[i]);
		next = x + w + TEXT_CH / 2;
	}
}

/* Appends h as an <svg> of day squares to b; see chart.h. */
void
chart_heatmap(struct buf *b, const struct chart_heatmap *h)
{
	size_t	 i, ndays = h->ndays;
	double	 left = heat_rows(b, h, 0);
	int	 level, width, height;

	if (ndays > HEAT_COLS * HEAT_ROWS)
		ndays = HEAT_COLS * HEAT_ROWS;
	width = (int)left + HEAT_COLS * HEAT_PITCH - (HEAT_PITCH - HEAT_CELL);
	height = HEAT_TOP + HEAT_ROWS * HEAT_PITCH - (HEAT_PITCH - HEAT_CELL);
	svg_open(b, h->id_prefix, h->title, h->desc, width, height);
	heat_rows(b, h, 1);
	heat_months(b, h, ndays, left, width);
	for (i = 0; i < ndays; i++) {
		level = h->levels != NULL ? h->levels[i] : 0;
		level = level < 0 ? 0 : level > 4 ? 4 : level;
		buf_printf(b, "<rect class=\"heat-%d\" x=\"%.1f\" y=\"%d\" "
		    "width=\"%d\" height=\"%d\" rx=\"2\"><title>", level,
		    left + (double)(i / HEAT_ROWS) * HEAT_PITCH,
		    HEAT_TOP + (int)(i % HEAT_ROWS) * HEAT_PITCH, HEAT_CELL,
		    HEAT_CELL);
		if (h->tips != NULL && h->tips[i] != NULL)
			put_html(b, h->tips[i]);
		else
			buf_printf(b, "Day %zu: level %d of 4", i + 1, level);
		buf_puts(b, "</title></rect>\n");
	}
	buf_puts(b, "</svg>\n");
}

#define LINES_W		640
#define LINES_H		260

/* The y range: round ticks around the values (at least one step apart). */
static void
lines_layout(const struct chart_lines *c, struct plot *p, double *lo)
{
	char	 s[48];
	double	 min = DBL_MAX, max = -DBL_MAX, top, step, st;
	size_t	 i, n, wide = 1;

	for (i = 0; i < c->npoints; i++) {
		if (c->y[i] < min)
			min = c->y[i];
		if (c->y[i] > max)
			max = c->y[i];
	}
	if (c->npoints == 0)
		min = max = 0;
	chart_scale(max - min > 0 ? (max - min) : (max > 0 ? max / 10 : 1),
	    &top, &step);
	*lo = step * (double)(long long)(min / step);
	if (*lo > min)
		*lo -= step;
	p->nticks = 1;
	while (*lo + step * p->nticks < max && p->nticks < 12)
		p->nticks++;
	p->top = step * p->nticks;	/* the height of the axis, from *lo */
	for (p->decimals = 0, st = step; st < 0.999 && p->decimals < 5;
	    p->decimals++)
		st *= 10;
	for (i = 0; i <= (size_t)p->nticks; i++) {
		n = strlen(fmt_num(s, sizeof(s), *lo + step * (double)i,
		    p->decimals));
		if (n > wide)
			wide = n;
	}
	p->x = 10 + (double)wide * TEXT_CH;
	p->y = BARS_TOP;
	p->w = LINES_W - BARS_RIGHT - p->x - 8;
	p->h = LINES_H - BARS_TOP - BARS_BOTTOM;
}

static double
lx(const struct chart_lines *c, const struct plot *p, double x)
{
	return p->x + 4 + (c->span > 0 ? p->w * x / c->span : p->w / 2);
}

static double
ly(const struct plot *p, double lo, double y)
{
	return p->y + p->h - p->h * (y - lo) / p->top;
}

/* A polyline through the points' x and ys. */
static void
lines_path(struct buf *b, const struct chart_lines *c, const struct plot *p,
    double lo, const double *ys, const char *class)
{
	size_t	 i;

	buf_printf(b, "<polyline class=\"%s\" points=\"", class);
	for (i = 0; i < c->npoints; i++)
		buf_printf(b, "%s%.1f,%.1f", i ? " " : "", lx(c, p, c->x[i]),
		    ly(p, lo, ys[i]));
	buf_puts(b, "\"/>\n");
}

static void
lines_axes(struct buf *b, const struct chart_lines *c, const struct plot *p,
    double lo)
{
	double	 x, next = 0;
	size_t	 k;

	grid(b, p, lo, p->top / p->nticks, p->w + 8);
	if (c->unit != NULL && *c->unit != '\0')
		svg_text(b, "chart-label chart-unit", 4, 4, "start", "hanging",
		    c->unit);
	for (k = 0; k < c->nlabels; k++) {
		x = lx(c, p, c->label_at[k]);
		if (x - nchars(c->labels[k]) * TEXT_CH / 2 < next)
			continue;	/* it would touch the one before */
		svg_text(b, "chart-label", x, p->y + p->h + 6, "middle",
		    "hanging", c->labels[k]);
		next = x + nchars(c->labels[k]) * TEXT_CH / 2 + TEXT_CH;
	}
}

static void
lines_legend(struct buf *b, const struct chart_lines *c)
{
	if (c->legend_line == NULL || c->npoints == 0)
		return;
	buf_puts(b, "<ul class=\"chart-legend\">\n<li><span class=\"swatch "
	    "ex-0\" aria-hidden=\"true\"></span> ");
	put_html(b, c->legend_line);
	buf_puts(b, "</li>\n");
	if (c->avg != NULL && c->legend_avg != NULL) {
		buf_puts(b, "<li><span class=\"swatch ex-1\" "
		    "aria-hidden=\"true\"></span> ");
		put_html(b, c->legend_avg);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n");
}

void
chart_lines(struct buf *b, const struct chart_lines *c)
{
	struct plot p;
	char	 s[48];
	double	 lo;
	size_t	 i;

	lines_layout(c, &p, &lo);
	svg_open(b, c->id_prefix, c->title, c->desc, LINES_W, LINES_H);
	lines_axes(b, c, &p, lo);
	if (c->npoints == 0)
		svg_text(b, "chart-label chart-empty", p.x + p.w / 2,
		    p.y + p.h / 2, "middle", "central",
		    c->empty != NULL ? c->empty : "Nothing logged");
	else {
		lines_path(b, c, &p, lo, c->y, "chart-line");
		if (c->avg != NULL)
			lines_path(b, c, &p, lo, c->avg, "chart-avg");
		for (i = 0; i < c->npoints; i++) {
			buf_printf(b, "<circle class=\"chart-point\" "
			    "cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>",
			    lx(c, &p, c->x[i]), ly(&p, lo, c->y[i]));
			if (c->tips != NULL && c->tips[i] != NULL)
				put_html(b, c->tips[i]);
			else {
				buf_puts(b, fmt_num(s, sizeof(s), c->y[i], 2));
				buf_putc(b, ' ');
				put_html(b, c->unit);
			}
			buf_puts(b, "</title></circle>\n");
		}
	}
	buf_puts(b, "</svg>\n");
	lines_legend(b, c);
}
