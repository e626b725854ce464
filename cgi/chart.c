/* chart.c — charts as SVG images (data: URIs): stacked bars, a year heatmap, lines, round scales */
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "fmt.h"
#include "limits.h"
#include "mem.h"

/*
 * Geometry in viewBox units. A chart is an <img>, so the page's style
 * sheet cannot size its text: the SVG's own <style> does, by the width
 * the image is drawn at (its media queries see the image, not the page).
 * Bars and lines are 640 wide; their text is 16 units wide of 560 px,
 * 21 from 400 to 560 px and 28 below (12 px when drawn 275 px wide, the
 * narrowest a 320 px screen leaves). Labels are laid out for the largest,
 * glyphs taken as 0.62 em (DejaVu Sans is about 0.6), so they never
 * collide at any width.
 */
#define TEXT_EM		28.0
#define TEXT_CH		(0.62 * TEXT_EM)
#define TEXT_LINE	(1.2 * TEXT_EM)	/* labels: a second line 1.2 em lower */
#define LABEL_GAP	(TEXT_CH / 2)	/* between two labels of a line */

#define BARS_W		640
#define BARS_H		330
#define BARS_TOP	(TEXT_EM + 16)	/* the unit, above the top tick label */
#define BARS_BOTTOM	(2 * TEXT_LINE + 10)	/* two lines of labels */
#define BARS_RIGHT	8
#define BARS_FILL	0.7		/* share of a category's slot the bar fills */
#define BARS_MAXW	64		/* widest bar */

#define LINES_W		640
#define LINES_H		320

#define HEAT_ROWS	7
#define HEAT_COLS	53
#define HEAT_CELL	11
#define HEAT_CELL_S	XSTR(HEAT_CELL)
#define HEAT_HALF_S	"5.5"		/* HEAT_CELL / 2 */
_Static_assert(HEAT_CELL == 11, "HEAT_HALF_S is half of HEAT_CELL");
#define HEAT_PITCH	13
#define HEAT_EM_WIDE	15.0	/* 12 px and more: drawn 600 px wide or more */
#define HEAT_EM_NARROW	11.5	/* 12 px and more: drawn 270 px wide or more */

#define SVG_START	(16 * 1024)	/* a chart's SVG: allocated once, not doubled 4 times */

#define SCALE_MIN	1e-300		/* chart_scale clamps its input to this ... */
#define SCALE_MAX	1e300		/* ... and this */

struct plot {
	double	 x, y, w, h;	/* the plot area */
	double	 top;		/* value at the top edge */
	int	 nticks;	/* intervals between 0 and top */
	int	 decimals;	/* of the tick labels, -1: exponent form */
};

/* Labels along an x axis: at x0 + scale × at[i] (or × (i + 0.5)). */
struct axis_labels {
	size_t			 n;
	const char *const	*text;
	const char *const	*sub;	/* a second line, or NULL */
	const double		*at;
	double			 x0, scale;
	double			 y;	/* the top of the first line */
	double			 lo, hi;	/* the room text may take */
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

/*
 * v as "0", "50", "2.5": decimals at most, no trailing zeros; -1 (or v
 * past 10^12, or NaN, which no cast may take): "%.3g".
 */
static const char *
fmt_num(char *s, size_t size, double v, int decimals)
{
	char	*p;

	if (decimals < 0 || decimals > 4 || !(v > -1e12 && v < 1e12)) {
		snprintf(s, size, "%.3g", v);
		return s;
	}
	/* A whole number (most ticks) as the trimmed "%.*f" writes it. */
	if (size >= FMT_INT_LEN && v == (double)(long long)v) {
		fmt_int(s, (long long)v);
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


/* Okabe–Ito, and grey for a last series ("the others"). */
static const char *const palette[CHART_MAX_SERIES] = {
	"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
	"#f0e442", "#808080",
};

/* The heatmap's shades, none to most: light, then dark (brighter for more). */
static const char *const heat_light[5] = {
	"#ebedf0", "#b4dfc6", "#6dbb92", "#2d8a5b", "#17573a" };
static const char *const heat_dark[5] = {
	"#262d33", "#1d4a36", "#2a7a55", "#45a97a", "#85dbb0" };

const char *
chart_colour(int s)
{
	s %= CHART_MAX_SERIES;
	return palette[s < 0 ? s + CHART_MAX_SERIES : s];
}

/*
 * The escaping writer of data: URIs; see chart.h for what is kept. Each
 * byte's form (itself, or %XX) is looked up whole and copied 4 bytes at a
 * time (the charts' bytes are 54 KB of a /stats page).
 */
void
chart_data_uri(struct buf *b, const char *svg, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char keep[] = "-._~/:;=,()!*";
	static char form[256][4];	/* the form, then its length in [3] */
	static int ready;
	char	*o;
	size_t	 i;
	int	 k;

	if (!ready) {
		for (k = 0; k < 256; k++) {
			if ((k >= 'A' && k <= 'Z') || (k >= 'a' && k <= 'z') ||
			    (k >= '0' && k <= '9') || (k != 0 &&
			    strchr(keep, k) != NULL)) {
				form[k][0] = (char)k;
				form[k][3] = 1;
			} else {
				form[k][0] = '%';
				form[k][1] = hex[k >> 4];
				form[k][2] = hex[k & 15];
				form[k][3] = 3;
			}
		}
		ready = 1;
	}
	buf_puts(b, "data:image/svg+xml,");
	buf_grow(b, 3 * n + 1);	/* at the most, and one for the last copy */
	o = b->data + b->len;
	for (i = 0; i < n; i++) {
		const char *f = form[(unsigned char)svg[i]];

		memcpy(o, f, 4);
		o += f[3];
	}
	*o = '\0';
	b->len = (size_t)(o - b->data);
}

/* Appends v as "%.1f" writes it (fmt_1f: a chart writes some hundred). */
static void
put1(struct buf *b, double v)
{
	char	 s[FMT_1F_LEN];

	buf_add(b, s, fmt_1f(s, v));
}

/* Appends ' name="v"', v as put1 writes it. */
static void
attr1(struct buf *b, const char *name, double v)
{
	buf_putc(b, ' ');
	buf_puts(b, name);
	buf_puts(b, "=\"");
	put1(b, v);
	buf_putc(b, '"');
}

/* A <line> of class from (x1, y1) to (x2, y2). */
static void
put_line(struct buf *b, const char *class, double x1, double y1, double x2,
    double y2)
{
	buf_puts(b, "<line class=\"");
	buf_puts(b, class);
	buf_putc(b, '"');
	attr1(b, "x1", x1);
	attr1(b, "y1", y1);
	attr1(b, "x2", x2);
	attr1(b, "y2", y2);
	buf_puts(b, "/>\n");
}

/* Class names end in one digit: a series' (ex-N) or a shade's (heat-N). */
_Static_assert(CHART_MAX_SERIES <= 10, "a series' class is ex-0 to ex-9");

/* Appends the digit of n (0 to 9). */
static void
put_digit(struct buf *b, size_t n)
{
	buf_putc(b, (char)('0' + n % 10));
}

/* Appends '<prefix>N{<paint>:colour}' for each colour (paint: fill, stroke). */
static void
paints(struct buf *b, const char *prefix, const char *paint,
    const char *const *colour, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		buf_puts(b, prefix);
		put_digit(b, (size_t)i);
		buf_putc(b, '{');
		buf_puts(b, paint);
		buf_putc(b, ':');
		buf_puts(b, colour[i]);
		buf_putc(b, '}');
	}
}

/*
 * The page's colours, light and dark: static/style.css's --fg, --muted
 * and --line, and the edge of a bar (--fg in light mode, where pale
 * series need it; --bg in dark mode, between two segments). An image
 * cannot read the page's custom properties: keep these alike
 * (tests/unit/test_chart.c compares them).
 */
struct scheme {
	const char	*fg, *muted, *line, *edge;
};
static const struct scheme scheme_light = {
	"#1b2125", "#58636c", "#d9dfe3", "#1b2125" };
static const struct scheme scheme_dark = {
	"#e5e9ec", "#a4afb8", "#2d363c", "#0f1417" };

/* What a chart draws: its style sheet has the rules of that alone. */
enum svg_kind {
	SVG_BARS,
	SVG_LINES,
	SVG_HEAT
};

/*
 * The rules of one scheme: text; then the unit and empty text, axes,
 * grid (and bars' edges), or a heatmap's shades.
 */
static void
svg_scheme(struct buf *b, const struct scheme *s, enum svg_kind kind,
    const char *const heat[5])
{
	buf_puts(b, "text{fill:");
	buf_puts(b, s->muted);
	buf_putc(b, '}');
	if (kind == SVG_HEAT) {
		paints(b, ".heat-", "stroke", heat, 5);	/* heat_squares */
		return;
	}
	buf_puts(b, ".chart-unit{fill:");
	buf_puts(b, s->fg);
	buf_puts(b, "}.chart-axis{stroke:");
	buf_puts(b, s->muted);
	buf_puts(b, "}.chart-grid{stroke:");
	buf_puts(b, s->line);
	buf_putc(b, '}');
	if (kind == SVG_BARS) {
		buf_puts(b, "path[class^=ex-]{stroke:");
		buf_puts(b, s->edge);
		buf_putc(b, '}');
	}
}

/*
 * The SVG's own style sheet, with only what a chart of its kind uses
 * (the bytes are escaped into the page): the colours of both schemes,
 * the series', and the text size by the width the image is drawn at
 * (16, 21 up to 560 px, TEXT_EM up to 400; a heatmap em, drawn at about
 * its width).
 */
static void
svg_style(struct buf *b, enum svg_kind kind, double em)
{
	buf_puts(b, "<style>text{font-family:system-ui,sans-serif;"
	    "font-size:");
	put1(b, kind == SVG_HEAT ? em : 16);
	buf_puts(b, "px}.end{text-anchor:end}.cen{dominant-baseline:central}");
	if (kind == SVG_HEAT) {
		/* A square is a line that wide: heat_squares. */
		buf_puts(b, "path{stroke-width:" HEAT_CELL_S "px}");
	} else {
		buf_puts(b, ".mid{text-anchor:middle}"
		    ".hang{dominant-baseline:hanging}");
		buf_puts(b, "@media (max-width:560px){text{font-size:");
		put1(b, 21);
		buf_puts(b, "px}}@media (max-width:400px){text{font-size:");
		put1(b, TEXT_EM);
		buf_puts(b, "px}}"
		    ".chart-axis,.chart-grid{stroke-width:1px;"
		    "vector-effect:non-scaling-stroke;"
		    "shape-rendering:crispEdges}");
	}
	if (kind == SVG_BARS) {
		buf_puts(b, "path[class^=ex-]{stroke-width:1px;"
		    "vector-effect:non-scaling-stroke}");
		paints(b, ".ex-", "fill", palette, CHART_MAX_SERIES);
	}
	if (kind == SVG_LINES) {
		buf_puts(b, ".chart-line,.chart-avg{fill:none;"
		    "stroke-width:2.5px;vector-effect:non-scaling-stroke}"
		    ".chart-line{stroke:");
		buf_puts(b, palette[0]);
		buf_puts(b, "}.chart-avg{stroke:");
		buf_puts(b, palette[1]);
		buf_puts(b, ";stroke-dasharray:8 4}.chart-point{fill:");
		buf_puts(b, palette[0]);
		buf_putc(b, '}');
	}
	svg_scheme(b, &scheme_light, kind, heat_light);
	buf_puts(b, "@media (prefers-color-scheme:dark){");
	svg_scheme(b, &scheme_dark, kind, heat_dark);
	buf_puts(b, "}</style>");
}

/* The <svg> start tag, its style, <title> and <desc>. */
static void
svg_open(struct buf *b, enum svg_kind kind, const char *prefix,
    const char *title, const char *desc, int w, int h, double em)
{
	if (prefix == NULL || *prefix == '\0')
		prefix = "chart";
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">", w, h, w, h);
	svg_style(b, kind, em);
	buf_puts(b, "\n<title id=\"");
	put_html(b, prefix);
	buf_puts(b, "-title\">");
	put_html(b, title);
	buf_puts(b, "</title>\n<desc id=\"");
	put_html(b, prefix);
	buf_puts(b, "-desc\">");
	put_html(b, desc);
	buf_puts(b, "</desc>\n");
}

/*
 * A <text> element: its classes, position and escaped text. Its anchor
 * and baseline are classes of the SVG's style sheet (svg_style): "end" or
 * "mid" (else start), "cen" or "hang" (else auto), 8 or 9 bytes where the
 * attributes cost some 45 a label (escaped, 57).
 */
static void
svg_text(struct buf *b, const char *class, double x, double y,
    const char *text)
{
	buf_puts(b, "<text class=\"");
	buf_puts(b, class);
	buf_putc(b, '"');
	attr1(b, "x", x);
	attr1(b, "y", y);
	buf_putc(b, '>');
	put_html(b, text);
	buf_puts(b, "</text>\n");
}

/* The chart as an <img> of its SVG: the alt says what it is. */
static void
put_img(struct buf *b, const struct buf *svg, const char *class, int w,
    int h, const char *alt)
{
	buf_printf(b, "<img class=\"%s\" src=\"", class);
	chart_data_uri(b, svg->data, svg->len);
	buf_printf(b, "\" width=\"%d\" height=\"%d\" alt=\"", w, h);
	put_html(b, alt);
	buf_puts(b, "\">\n");
}

static void
put_empty(struct buf *b, const char *empty)
{
	buf_puts(b, "<p class=\"chart-empty\">");
	put_html(b, empty != NULL ? empty : "Nothing logged");
	buf_puts(b, "</p>\n");
}

/* Label i's width (the wider of its lines) and where it is centred. */
static double
label_w(const struct axis_labels *a, size_t i)
{
	double	 w = (double)nchars(a->text[i]) * TEXT_CH, s;

	if (a->sub != NULL && a->sub[i] != NULL &&
	    (s = (double)nchars(a->sub[i]) * TEXT_CH) > w)
		w = s;
	return w;
}

static double
label_x(const struct axis_labels *a, size_t i)
{
	double	 x = a->x0 + a->scale * (a->at != NULL ? a->at[i] :
	    (double)i + 0.5), w = label_w(a, i) / 2;

	if (x + w > a->hi)
		x = a->hi - w;
	if (x - w < a->lo)
		x = a->lo + w;
	return x;
}

/* Whether every k-th label from the from-th (of those given) keeps apart. */
static int
labels_fit(const struct axis_labels *a, size_t k, size_t from)
{
	double	 end = -DBL_MAX, x, w;
	size_t	 i, j = 0;

	for (i = 0; i < a->n; i++) {
		if (a->text[i] == NULL || j++ % k != from)
			continue;
		x = label_x(a, i);
		w = label_w(a, i) / 2;
		if (x - w < end + LABEL_GAP)
			return 0;
		end = x + w;
	}
	return 1;
}

/* A label at x: its text, then (one line lower, in em) its second line. */
static void
put_label(struct buf *b, double x, double y, int line, const char *text,
    const char *sub)
{
	buf_puts(b, "<text class=\"chart-label mid hang\"");
	attr1(b, "x", x);
	attr1(b, "y", y);
	buf_puts(b, line ? " dy=\"1.2em\">" : ">");
	put_html(b, text);
	if (sub != NULL) {
		buf_puts(b, "<tspan");
		attr1(b, "x", x);
		buf_puts(b, " dy=\"1.2em\">");
		put_html(b, sub);
		buf_puts(b, "</tspan>");
	}
	buf_puts(b, "</text>\n");
}

/*
 * The labels: all on one line if they fit; else (without second lines)
 * on two, alternately; else every k-th, the fewest left out. Lines are
 * 1.2 em apart, so they close up where the text is drawn smaller.
 */
static void
put_labels(struct buf *b, const struct axis_labels *a)
{
	size_t	 i, j = 0, k = 1, lines = 1;

	if (!labels_fit(a, 1, 0)) {
		if (a->sub == NULL && labels_fit(a, 2, 0) && labels_fit(a, 2, 1))
			lines = 2;
		else
			for (k = 2; k < a->n && !labels_fit(a, k, 0); k++)
				;
	}
	for (i = 0; i < a->n; i++) {
		if (a->text[i] == NULL || j++ % k != 0)
			continue;
		put_label(b, label_x(a, i), a->y, (int)((j - 1) % lines),
		    a->text[i], a->sub != NULL ? a->sub[i] : NULL);
	}
}

/* Series j in category i if it can be drawn (positive, finite), else 0. */
static double
value(const struct chart_bars *c, size_t i, size_t j)
{
	double	 v = c->values != NULL ? c->values[i * c->nseries + j] : 0;

	return v > 0 && v <= DBL_MAX ? v : 0;
}

/* The tick labels' decimals, and the room they take left of the plot. */
static void
tick_room(struct plot *p, double lo, double step)
{
	char	 s[48];
	double	 st;
	size_t	 i, n, wide = 1;

	for (p->decimals = 0, st = step; st < 0.999 && p->decimals < 5;
	    p->decimals++)
		st *= 10;
	if (p->decimals > 4 || p->top + lo >= 1e7 || lo <= -1e7)
		p->decimals = -1;
	for (i = 0; i <= (size_t)p->nticks; i++) {
		n = strlen(fmt_num(s, sizeof(s), lo + step * (double)i,
		    p->decimals));
		if (n > wide)
			wide = n;
	}
	p->x = 12 + (double)wide * TEXT_CH;
}

/* The highest stack, the scale (whole steps for counts), the plot area. */
static void
bars_layout(const struct chart_bars *c, struct plot *p)
{
	double	 max = 0, sum, step;
	size_t	 i, j;

	for (i = 0; i < c->ncat; i++) {
		sum = 0;
		for (j = 0; j < c->nseries; j++)
			sum += value(c, i, j);
		if (sum > max)
			max = sum;
	}
	chart_scale(max, &p->top, &step);
	if (c->counts && step < 1) {	/* 1, 2 … up to 5: one tick each */
		for (p->top = 1; p->top < max && p->top < 5; p->top++)
			;
		step = 1;
	}
	p->nticks = (int)(p->top / step + 0.5);
	tick_room(p, 0, step);
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
			put_line(b, "chart-grid", p->x, y, p->x + width, y);
		svg_text(b, "chart-label end cen", p->x - 6, y,
		    fmt_num(s, sizeof(s), lo + step * i, p->decimals));
	}
	put_line(b, "chart-axis", p->x, p->y, p->x, p->y + p->h);
	put_line(b, "chart-axis", p->x, p->y + p->h, p->x + width,
	    p->y + p->h);
}

/* The unit, top left, over the tick labels. */
static void
put_unit(struct buf *b, const char *unit)
{
	if (unit != NULL && *unit != '\0')
		svg_text(b, "chart-label chart-unit hang", 4, 4, unit);
}

/*
 * The stacked segments, series 0 at the bottom: a <path> per series, a
 * segment "Mx,yhWvHh-Wz" in it; the number of values drawn. A segment
 * under a twentieth of a unit high is left out of its path: a <rect> of
 * height 0 drew nothing, but a subpath of height 0 strokes a line.
 */
static size_t
bars_segments(struct buf *b, const struct chart_bars *c, const struct plot *p)
{
	double	 slot = p->w / (double)c->ncat, bw, x, lo, hi, acc, v;
	size_t	 i, j, k, n = 0, open;

	bw = slot * BARS_FILL < BARS_MAXW ? slot * BARS_FILL : BARS_MAXW;
	for (j = 0; j < c->nseries; j++) {
		for (open = 0, i = 0; i < c->ncat; i++) {
			if ((v = value(c, i, j)) == 0)
				continue;
			n++;
			for (acc = 0, k = 0; k < j; k++)
				acc += value(c, i, k);
			lo = p->y + p->h - p->h * (acc < p->top ? acc / p->top :
			    1);
			acc += v;
			hi = p->y + p->h - p->h * (acc < p->top ? acc / p->top :
			    1);
			if (lo - hi < 0.05)
				continue;
			x = p->x + slot * (double)i + (slot - bw) / 2;
			if (open++ == 0) {
				buf_puts(b, "<path class=\"ex-");
				put_digit(b, j % CHART_MAX_SERIES);
				buf_puts(b, "\" d=\"");
			}
			buf_putc(b, 'M');
			put1(b, x);
			buf_putc(b, ',');
			put1(b, hi);
			buf_putc(b, 'h');
			put1(b, bw);
			buf_putc(b, 'v');
			put1(b, lo - hi);
			buf_puts(b, "h-");
			put1(b, bw);
			buf_putc(b, 'z');
		}
		if (open > 0)
			buf_puts(b, "\"/>\n");
	}
	return n;
}

/* A legend after the image: a swatch and a name per series. */
static void
legend(struct buf *b, const char *const *names, size_t n)
{
	size_t	 j;

	if (n == 0 || names == NULL)
		return;
	buf_puts(b, "<ul class=\"chart-legend\">\n");
	for (j = 0; j < n; j++) {
		buf_puts(b, "<li><span class=\"swatch ex-");
		put_digit(b, j % CHART_MAX_SERIES);
		buf_puts(b, "\" aria-hidden=\"true\"></span> ");
		put_html(b, names[j]);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n");
}

/* Appends c's SVG to b (the segments, the axes, the labels); see chart.h. */
size_t
chart_bars_svg(struct buf *b, const struct chart_bars *c)
{
	struct plot p;
	struct axis_labels a;
	size_t	 n = 0;

	bars_layout(c, &p);
	svg_open(b, SVG_BARS, c->id_prefix, c->title, c->desc, BARS_W,
	    BARS_H, 0);
	grid(b, &p, 0, p.top / p.nticks, p.w);
	put_unit(b, c->unit);
	if (c->ncat > 0) {
		n = bars_segments(b, c, &p);
		memset(&a, 0, sizeof(a));
		a.n = c->labels != NULL ? c->ncat : 0;
		a.text = c->labels;
		a.sub = c->sublabels;
		a.x0 = p.x;
		a.scale = p.w / (double)c->ncat;
		a.y = p.y + p.h + 8;
		a.lo = p.x - 2 * TEXT_CH;
		a.hi = BARS_W;
		put_labels(b, &a);
	}
	buf_puts(b, "</svg>\n");
	return n;
}

/* Appends c as an image and its legend, or its empty text; see chart.h. */
void
chart_bars(struct buf *b, const struct chart_bars *c)
{
	struct buf svg;

	buf_init(&svg);
	buf_grow(&svg, SVG_START);
	if (chart_bars_svg(&svg, c) == 0)
		put_empty(b, c->empty);
	else {
		put_img(b, &svg, "chart", BARS_W, BARS_H, c->desc);
		legend(b, c->series, c->nseries);
	}
	buf_free(&svg);
}

/* A heatmap's layout: weeks columns a band, bands one under another. */
struct heat {
	double	 em, ch;	/* the text size, an average glyph */
	int	 left, top;	/* room for the weekdays, the months */
	int	 band_h;	/* a band's height, its months included */
	int	 weeks, bands, w, h;
};

static void
heat_layout(const struct chart_heatmap *h, size_t ndays, int weeks,
    struct heat *g)
{
	double	 w, left = 0;
	int	 r, cols = (int)((ndays + HEAT_ROWS - 1) / HEAT_ROWS);

	g->em = weeks >= HEAT_COLS ? HEAT_EM_WIDE : HEAT_EM_NARROW;
	g->ch = 0.62 * g->em;
	for (r = 1; r < HEAT_ROWS; r += 2)
		if (h->rowlabels != NULL && h->rowlabels[r] != NULL &&
		    (w = (double)nchars(h->rowlabels[r]) * g->ch + 6) > left)
			left = w;
	/* Whole units, rounded up: every corner is whole (heat_x, heat_y). */
	g->left = (int)left + (left > (int)left);
	g->top = (int)g->em + 6 + (g->em > (int)g->em);
	g->band_h = g->top + HEAT_ROWS * HEAT_PITCH + 4;
	g->weeks = weeks;
	g->bands = cols < 1 ? 1 : (cols + weeks - 1) / weeks;
	g->w = g->left + weeks * HEAT_PITCH;
	g->h = (int)(g->bands * g->band_h + g->em + 10);
}

/* Day i's column in its band, and its row counted over the bands. */
static void
heat_cell(const struct heat *g, size_t i, size_t *col, size_t *row)
{
	size_t	 week = i / HEAT_ROWS;

	*col = week % (size_t)g->weeks;
	*row = week / (size_t)g->weeks * HEAT_ROWS + i % HEAT_ROWS;
}

/* The left edge of a column's squares, whole units. */
static int
heat_x(const struct heat *g, size_t col)
{
	return g->left + (int)col * HEAT_PITCH;
}

/* The top edge of a row's squares (HEAT_ROWS a band), whole units. */
static int
heat_y(const struct heat *g, size_t row)
{
	return (int)(row / HEAT_ROWS) * g->band_h + g->top +
	    (int)(row % HEAT_ROWS) * HEAT_PITCH;
}

/* Weekday names on rows 1, 3 and 5, and month names, of every band. */
static void
heat_labels(struct buf *b, const struct chart_heatmap *h, size_t ndays,
    const struct heat *g)
{
	double	 x, w, next = 0;
	size_t	 i, col, row, band, last = SIZE_MAX;
	int	 r, y;

	for (band = 0; band < (size_t)g->bands; band++)
		for (r = 1; h->rowlabels != NULL && r < HEAT_ROWS; r += 2)
			if (h->rowlabels[r] != NULL)
				svg_text(b, "chart-label heat-label end cen",
				    g->left - 5, heat_y(g, band * HEAT_ROWS +
				    (size_t)r) + HEAT_CELL / 2.0,
				    h->rowlabels[r]);
	for (i = 0; h->monthlabels != NULL && i < ndays; i++) {
		if (h->monthlabels[i] == NULL)
			continue;
		heat_cell(g, i - i % HEAT_ROWS, &col, &row);
		x = heat_x(g, col);
		y = heat_y(g, row);
		if ((band = row / HEAT_ROWS) != last)
			next = 0;	/* a new band */
		last = band;
		w = (double)nchars(h->monthlabels[i]) * g->ch;
		if (x + w > g->w)
			x = g->w - w;
		if (x < next)
			continue;
		svg_text(b, "chart-label heat-label", x, y - 5,
		    h->monthlabels[i]);
		next = x + w + g->ch / 2;
	}
}

/*
 * The key under the squares, to the right: Less, the five shades, More
 * (each a line HEAT_CELL wide, as the squares are).
 */
static void
heat_key(struct buf *b, const struct heat *g)
{
	double	 x = g->w - 4 * g->ch - 5 * HEAT_PITCH - 4;
	double	 y = g->bands * g->band_h + 2;
	int	 l;

	svg_text(b, "chart-label heat-label heat-key end cen", x - 4,
	    y + HEAT_CELL / 2.0, "Less");
	for (l = 0; l < 5; l++) {
		buf_puts(b, "<path class=\"heat-key heat-");
		put_digit(b, (size_t)l);
		buf_puts(b, "\" d=\"M");
		put1(b, x + l * HEAT_PITCH);
		buf_putc(b, ',');
		put1(b, y + HEAT_CELL / 2.0);
		buf_puts(b, "h" HEAT_CELL_S "\"/>\n");
	}
	svg_text(b, "chart-label heat-label heat-key cen",
	    x + 5 * HEAT_PITCH + 2, y + HEAT_CELL / 2.0, "More");
}

static int
heat_level(const struct chart_heatmap *h, size_t i)
{
	int	 l = h->levels != NULL ? h->levels[i] : 0;

	return l < 0 ? 0 : l > 4 ? 4 : l;
}

/* Into s (8 bytes) lead and v, at most 7 characters: their length. */
static unsigned char
corner(char s[8], char lead, int v)
{
	char	 d[FMT_INT_LEN];
	size_t	 n = fmt_int(d, v < 0 ? 0 : v > 999999 ? 999999 : v);

	memset(s, 0, 8);
	s[0] = lead;
	memcpy(s + 1, d, n);
	return (unsigned char)(1 + n);
}

/*
 * The squares: a path per shade (the smallest SVG; no titles, see
 * chart.h), a square "Mx,yh11" from its top left corner: a line
 * HEAT_CELL wide (svg_style) along its top edge, moved down half of that
 * by the group the paths are in. Whole corners, 9 to 11 bytes a square.
 */
static void
heat_squares(struct buf *b, const struct chart_heatmap *h, size_t ndays,
    const struct heat *g)
{
	static const char cell[] = "h" HEAT_CELL_S;
	static const char group[] = "<g transform=\"translate(0," HEAT_HALF_S
	    ")\">\n", ungroup[] = "</g>\n";
	static const char open[] = "<path class=\"heat-", d[] = "\" d=\"",
	    end[] = "\"/>\n";
	/*
	 * Each column's "Mx" and each band row's ",y", written once; 8 bytes
	 * copied whole, so at most 7 (x and y are under 10,000: 53 columns
	 * or 53 bands of 13 units and less than 150).
	 */
	char	 xs[HEAT_COLS][8], ys[HEAT_COLS * HEAT_ROWS][8];
	unsigned char xn[HEAT_COLS], yn[HEAT_COLS * HEAT_ROWS];
	unsigned char lv[HEAT_COLS * HEAT_ROWS];
	unsigned short col[HEAT_COLS * HEAT_ROWS], row[HEAT_COLS * HEAT_ROWS];
	size_t	 i, c, r;
	char	*o;
	int	 l;

	for (i = 0; i < ndays; i++) {
		heat_cell(g, i, &c, &r);
		col[i] = (unsigned short)c;
		row[i] = (unsigned short)r;
		lv[i] = (unsigned char)heat_level(h, i);
		/* A column's x from row 0, a row's y from column 0. */
		if (r == 0)
			xn[c] = corner(xs[c], 'M', heat_x(g, c));
		if (c == 0)
			yn[r] = corner(ys[r], ',', heat_y(g, r));
	}
	/* Room for every square at once: written in place, not appended. */
	buf_grow(b, ndays * (sizeof(xs[0]) + sizeof(ys[0]) + sizeof(cell)) +
	    5 * (sizeof(open) + sizeof(d) + sizeof(end)) + sizeof(group) +
	    sizeof(ungroup));
	o = b->data + b->len;
	memcpy(o, group, sizeof(group) - 1);
	o += sizeof(group) - 1;
	for (l = 0; l < 5; l++) {
		memcpy(o, open, sizeof(open) - 1);
		o += sizeof(open) - 1;
		*o++ = (char)('0' + l);
		memcpy(o, d, sizeof(d) - 1);
		o += sizeof(d) - 1;
		for (i = 0; i < ndays; i++) {
			if (lv[i] != l)
				continue;
			/* "Mx,yh11": a comma, which a data: URI keeps */
			memcpy(o, xs[col[i]], sizeof(xs[0]));
			o += xn[col[i]];
			memcpy(o, ys[row[i]], sizeof(ys[0]));
			o += yn[row[i]];
			memcpy(o, cell, sizeof(cell) - 1);
			o += sizeof(cell) - 1;
		}
		memcpy(o, end, sizeof(end) - 1);
		o += sizeof(end) - 1;
	}
	memcpy(o, ungroup, sizeof(ungroup) - 1);
	o += sizeof(ungroup) - 1;
	*o = '\0';
	b->len = (size_t)(o - b->data);
}

/* ndays, at most 53 weeks. */
static size_t
heat_days(const struct chart_heatmap *h)
{
	return h->ndays > HEAT_COLS * HEAT_ROWS ? HEAT_COLS * HEAT_ROWS :
	    h->ndays;
}

/* Appends h's SVG, weeks columns a band, to b; see chart.h. */
void
chart_heatmap_svg(struct buf *b, const struct chart_heatmap *h, int weeks)
{
	struct heat g;
	size_t	 ndays = heat_days(h);

	if (weeks < 1 || weeks > HEAT_COLS)
		weeks = HEAT_COLS;
	heat_layout(h, ndays, weeks, &g);
	svg_open(b, SVG_HEAT, h->id_prefix, h->title, h->desc, g.w, g.h,
	    g.em);
	heat_labels(b, h, ndays, &g);
	heat_squares(b, h, ndays, &g);
	heat_key(b, &g);
	buf_puts(b, "</svg>\n");
}

/*
 * Appends h as a <picture>: the bands for narrow screens, else one row of
 * 53 weeks; or, no day above level 0, its empty text. See chart.h.
 */
void
chart_heatmap(struct buf *b, const struct chart_heatmap *h)
{
	struct buf svg;
	struct heat g;
	size_t	 i, ndays = heat_days(h);

	for (i = 0; i < ndays && heat_level(h, i) == 0; i++)
		;
	if (i == ndays) {
		put_empty(b, h->empty);
		return;
	}
	buf_init(&svg);
	buf_grow(&svg, SVG_START);
	chart_heatmap_svg(&svg, h, CHART_HEAT_BAND);
	buf_puts(b, "<picture>\n<source media=\"(max-width: 40rem)\" "
	    "srcset=\"");
	chart_data_uri(b, svg.data, svg.len);
	buf_puts(b, "\">\n");
	buf_reset(&svg);
	chart_heatmap_svg(&svg, h, HEAT_COLS);
	heat_layout(h, ndays, HEAT_COLS, &g);
	put_img(b, &svg, "chart chart-heat", g.w, g.h, h->desc);
	buf_puts(b, "</picture>\n");
	buf_free(&svg);
}

/* The y range: round ticks around the values (at least one step apart). */
static void
lines_layout(const struct chart_lines *c, struct plot *p, double *lo)
{
	double	 min = DBL_MAX, max = -DBL_MAX, top, step;
	size_t	 i;

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
	tick_room(p, *lo, step);
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

	buf_puts(b, "<polyline class=\"");
	buf_puts(b, class);
	buf_puts(b, "\" points=\"");
	for (i = 0; i < c->npoints; i++) {
		if (i > 0)
			buf_putc(b, ' ');
		put1(b, lx(c, p, c->x[i]));
		buf_putc(b, ',');
		put1(b, ly(p, lo, ys[i]));
	}
	buf_puts(b, "\"/>\n");
}

static void
lines_axes(struct buf *b, const struct chart_lines *c, const struct plot *p,
    double lo)
{
	struct axis_labels a;

	grid(b, p, lo, p->top / p->nticks, p->w + 8);
	put_unit(b, c->unit);
	memset(&a, 0, sizeof(a));
	a.n = c->labels != NULL && c->label_at != NULL ? c->nlabels : 0;
	a.text = c->labels;
	a.at = c->label_at;
	a.x0 = p->x + 4;
	a.scale = c->span > 0 ? p->w / c->span : 0;
	a.y = p->y + p->h + 8;
	a.lo = p->x - 2 * TEXT_CH;
	a.hi = LINES_W;
	put_labels(b, &a);
}

static void
lines_legend(struct buf *b, const struct chart_lines *c)
{
	const char *names[2] = { c->legend_line, c->legend_avg };

	if (c->legend_line != NULL)
		legend(b, names, c->avg != NULL && c->legend_avg != NULL ? 2 :
		    1);
}

/* Appends c's SVG to b: the axes, the lines and the points; see chart.h. */
void
chart_lines_svg(struct buf *b, const struct chart_lines *c)
{
	struct plot p;
	double	 lo;
	size_t	 i;

	lines_layout(c, &p, &lo);
	svg_open(b, SVG_LINES, c->id_prefix, c->title, c->desc, LINES_W,
	    LINES_H, 0);
	lines_axes(b, c, &p, lo);
	lines_path(b, c, &p, lo, c->y, "chart-line");
	if (c->avg != NULL)
		lines_path(b, c, &p, lo, c->avg, "chart-avg");
	for (i = 0; i < c->npoints; i++) {
		buf_puts(b, "<circle class=\"chart-point\"");
		attr1(b, "cx", lx(c, &p, c->x[i]));
		attr1(b, "cy", ly(&p, lo, c->y[i]));
		buf_puts(b, " r=\"4\"/>\n");
	}
	buf_puts(b, "</svg>\n");
}

/* Appends c as an image and its legend, or its empty text; see chart.h. */
void
chart_lines(struct buf *b, const struct chart_lines *c)
{
	struct buf svg;

	if (c->npoints == 0) {
		put_empty(b, c->empty);
		return;
	}
	buf_init(&svg);
	buf_grow(&svg, SVG_START);
	chart_lines_svg(&svg, c);
	put_img(b, &svg, "chart", LINES_W, LINES_H, c->desc);
	lines_legend(b, c);
	buf_free(&svg);
}
