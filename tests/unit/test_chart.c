/* test_chart.c — unit tests of the charts (SVG images, data: URIs) and axis scales (cgi/chart.c) */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chart.h"
#include "mem.h"

#define HOSTILE		"<b>&\"'"
#define HOSTILE_ESC	"&lt;b&gt;&amp;&quot;&#39;"

static int
near(double a, double b)
{
	double	 d = a - b, m = b < 0 ? -b : b;

	return (d < 0 ? -d : d) <= 1e-9 * m;
}

static size_t
count(const char *s, const char *needle)
{
	size_t	 n = 0, len = strlen(needle);

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += len;
	}
	return n;
}

/* No "nan" or "inf" anywhere ("dominant-baseline" holds a "nan"). */
static void
assert_finite(const char *s)
{
	assert_int_equal(count(s, "nan"), count(s, "dominant"));
	assert_null(strstr(s, "inf"));
}

/*
 * The segments of the one <path> of class ("Mx,yhWvHh-Wz" each), the
 * first max of them as {x, y, w, h} in seg; returns their number.
 */
static size_t
segments(const char *s, const char *class, double seg[][4], size_t max)
{
	char	 open[64];
	const char *p;
	double	 v[5];
	size_t	 n = 0;
	int	 k;

	snprintf(open, sizeof(open), "<path class=\"%s\" d=\"", class);
	if ((p = strstr(s, open)) == NULL)
		return 0;
	assert_null(strstr(p + 1, open));	/* one path a series */
	for (p += strlen(open); *p == 'M'; p += k, n++) {
		k = 0;
		assert_int_equal(sscanf(p, "M%lf,%lfh%lfv%lfh-%lfz%n", &v[0],
		    &v[1], &v[2], &v[3], &v[4], &k), 5);
		assert_true(k > 0);
		assert_true(v[2] == v[4] && v[2] > 0 && v[3] >= 0);
		if (n < max)
			memcpy(seg[n], v, sizeof(seg[n]));
	}
	assert_memory_equal(p, "\"/>", 3);
	return n;
}

/* The SVG of a data: URI (percent-decoded), a new string; NULL if malformed. */
static char *
uri_svg(const char *uri)
{
	static const char prefix[] = "data:image/svg+xml,";
	char	*out, *o;
	unsigned int c;

	if (strncmp(uri, prefix, strlen(prefix)) != 0)
		return NULL;
	uri += strlen(prefix);
	out = o = malloc(strlen(uri) + 1);
	assert_non_null(out);
	for (; *uri != '\0' && *uri != '"'; uri++) {
		if (*uri == '%') {
			if (sscanf(uri + 1, "%2x", &c) != 1) {
				free(out);
				return NULL;
			}
			*o++ = (char)c;
			uri += 2;
		} else
			*o++ = *uri;
	}
	*o = '\0';
	return out;
}

/* The SVG in the n-th src="data:…" or srcset="data:…" of html (from 0). */
static char *
nth_svg(const char *html, size_t n)
{
	const char *p = html;

	for (;;) {
		const char *a = strstr(p, "src=\"data:"), *b = strstr(p,
		    "srcset=\"data:");

		if (b != NULL && (a == NULL || b < a))
			a = b + 3;
		if (a == NULL)
			return NULL;
		p = a + 5;
		if (n-- == 0)
			return uri_svg(p);
	}
}

/* A chart as HTML: no SVG markup in the page itself (text browsers). */
static void
assert_no_inline_svg(const char *html)
{
	assert_null(strstr(html, "<svg"));
	assert_null(strstr(html, "<text"));
	assert_null(strstr(html, "<title"));
}

/* xmllint's verdict on s wrapped in one XHTML root: its exit status. */
static int
xmllint_q(const char *s, int quiet)
{
	char	 path[] = "/tmp/test_chart_XXXXXX", cmd[80];
	FILE	*f;
	int	 fd, rc;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "<div xmlns=\"http://www.w3.org/1999/xhtml\">\n%s</div>\n",
	    s);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s%s", path,
	    quiet ? " 2>/dev/null" : "");
	rc = system(cmd);
	unlink(path);
	return rc;
}

static int
xmllint(const char *s)
{
	return xmllint_q(s, 0);
}

static void
scale_is(double max, double top, double step)
{
	double	 t = -1, s = -1;

	chart_scale(max, &t, &s);
	if (!near(t, top) || !near(s, step))
		fail_msg("chart_scale(%g): %g, %g; expected %g, %g", max, t, s,
		    top, step);
}

static void
test_scale(void **state)
{
	double	 max, t, s, r;
	int	 i;

	(void)state;
	scale_is(0, 1, 0.2);
	scale_is(-5, 1, 0.2);
	scale_is(0.0 / 0.0, 1, 0.2);		/* NaN */
	scale_is(0.3, 0.5, 0.1);
	scale_is(7, 10, 2);
	scale_is(120, 200, 50);
	scale_is(1, 1, 0.2);
	scale_is(2, 2, 0.5);
	scale_is(2.0001, 2.5, 0.5);
	scale_is(2.5, 2.5, 0.5);
	scale_is(250, 250, 50);
	scale_is(251, 500, 100);
	scale_is(1000, 1000, 200);
	scale_is(1001, 2000, 500);
	scale_is(0.1, 0.1, 0.02);
	scale_is(0.00003, 0.00005, 0.00001);
	scale_is(1.5e20, 2e20, 5e19);
	scale_is(1e-300 / 1e10, 1e-300, 2e-301);	/* clamped */
	scale_is(1.0 / 0.0, 1e300, 2e299);		/* clamped */
	scale_is(1.7e308, 1e300, 2e299);
	/* Over 60 decades: top >= max, less than 2.5 × max, 4 or 5 ticks. */
	for (i = 0, max = 1.234e-30; i < 600; i++, max *= 1.27) {
		chart_scale(max, &t, &s);
		r = t / s;
		assert_true(t >= max);
		assert_true(t < 2.5 * max);
		assert_true(near(r, 4) || near(r, 5));
	}
}

static const char *const days[] = { "Mon 3", "Tue 4", "Wed 5" };
static const char *const names[] = { "Running", "Rowing", "Squats" };

/* A bar chart's SVG: title, desc, style, a path per series, segments stacked. */
static void
test_bars_segments(void **state)
{
	static const double v[] = { 100, 0, 50, 0, 0, 0, 30.5, 20, 0 };
	struct chart_bars c = { .id_prefix = "week", .title = "Calories per "
	    "day", .desc = "Three days.", .unit = "kcal", .ncat = 3, .labels =
	    days, .nseries = 3, .series = names, .values = v };
	const char *start = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 640 330\" width=\"640\" height=\"330\"><style>";
	double	 s0[2][4], s1[1][4], s2[1][4], ax, ay, ax2, ay2, w, h;
	struct buf b;
	const char *axis;

	(void)state;
	buf_init(&b);
	assert_int_equal(chart_bars_svg(&b, &c), 4);
	assert_memory_equal(b.data, start, strlen(start));
	/* <title> and <desc> right after the style. */
	assert_non_null(strstr(b.data, "</style>\n<title id=\"week-title\">"
	    "Calories per day</title>\n<desc id=\"week-desc\">Three days."
	    "</desc>\n"));
	/* Dark mode inside the image: the page's style sheet cannot reach it. */
	assert_non_null(strstr(b.data, "@media (prefers-color-scheme:dark)"));
	assert_int_equal(segments(b.data, "ex-0", s0, 2), 2);
	assert_int_equal(segments(b.data, "ex-1", s1, 1), 1);
	assert_int_equal(segments(b.data, "ex-2", s2, 1), 1);
	assert_null(strstr(b.data, "<rect"));
	assert_int_equal(count(b.data, "<title"), 1);	/* the chart's alone */
	/* Mon: Running 100 under Squats 50; Wed: Running 30.5 under Rowing 20. */
	assert_true(s0[0][0] == s2[0][0] && s0[1][0] == s1[0][0]);
	assert_true(s0[1][0] > s0[0][0]);
	assert_true(fabs(s0[0][3] - 2 * s2[0][3]) < 0.2);
	assert_true(fabs(20 * s0[1][3] - 30.5 * s1[0][3]) < 2);
	assert_true(fabs(s2[0][1] + s2[0][3] - s0[0][1]) < 0.11);
	assert_true(fabs(s1[0][1] + s1[0][3] - s0[1][1]) < 0.11);
	/*
	 * On the axes: the x axis is the second chart-axis line (the y axis
	 * first); 3 days in its width, 0 … 200 kcal in the y axis' height.
	 * Monday's bar in the first slot, Wednesday's two slots on, series 0
	 * standing on the x axis, 100 kcal half the height.
	 */
	axis = strstr(b.data, "<line class=\"chart-axis\"");
	assert_non_null(axis);
	assert_int_equal(sscanf(axis, "<line class=\"chart-axis\" x1=\"%lf\" "
	    "y1=\"%lf\" x2=\"%lf\" y2=\"%lf\"", &ax, &ay, &ax2, &h), 4);
	h -= ay;			/* the y axis: from the top down */
	axis = strstr(axis + 1, "<line class=\"chart-axis\"");
	assert_non_null(axis);
	assert_int_equal(sscanf(axis, "<line class=\"chart-axis\" x1=\"%lf\" "
	    "y1=\"%lf\" x2=\"%lf\" y2=\"%lf\"", &ax, &ay, &ax2, &ay2), 4);
	w = ax2 - ax;
	assert_true(h > 100 && w > 300 && ay == ay2);
	assert_true(fabs(s0[0][0] + s0[0][2] / 2 - (ax + w / 6)) < 0.15);
	assert_true(fabs(s0[1][0] + s0[1][2] / 2 - (ax + 5 * w / 6)) < 0.15);
	assert_true(fabs(s0[0][1] + s0[0][3] - ay) < 0.11);
	assert_true(fabs(s0[1][1] + s0[1][3] - ay) < 0.11);
	assert_true(fabs(s0[0][3] - h / 2) < 0.11);
	assert_true(fabs(s1[0][3] - h * 20 / 200) < 0.11);
	/* 150 → 0 … 200 by 50: five tick labels, the unit, three days. */
	assert_int_equal(count(b.data, "<text"), 5 + 1 + 3);
	assert_null(strstr(b.data, " style="));
	assert_null(strstr(b.data, " fill="));
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

/* As HTML: an <img> of the SVG with the desc as its alt, then the legend. */
static void
test_bars_image(void **state)
{
	static const double v[] = { 100, 0, 50, 0, 0, 0, 30.5, 20, 0 };
	struct chart_bars c = { .id_prefix = "week", .title = "Calories per "
	    "day", .desc = "Three days.", .unit = "kcal", .ncat = 3, .labels =
	    days, .nseries = 3, .series = names, .values = v };
	const char *start = "<img class=\"chart\" src=\"data:image/svg+xml,";
	struct buf b, svg;
	char	*got;

	(void)state;
	buf_init(&b);
	buf_init(&svg);
	chart_bars(&b, &c);
	chart_bars_svg(&svg, &c);
	assert_memory_equal(b.data, start, strlen(start));
	assert_non_null(strstr(b.data, "\" width=\"640\" height=\"330\" "
	    "alt=\"Three days.\">\n<ul class=\"chart-legend\">\n"));
	assert_no_inline_svg(b.data);
	got = nth_svg(b.data, 0);
	assert_non_null(got);
	assert_string_equal(got, svg.data);
	free(got);
	assert_non_null(strstr(b.data, "<li><span class=\"swatch ex-2\" "
	    "aria-hidden=\"true\"></span> Squats</li>"));
	assert_int_equal(count(b.data, "<li>"), 3);
	assert_null(nth_svg(b.data, 1));
	buf_free(&svg);
	buf_free(&b);
}

/* The tick labels of a drawn SVG (anchored at their end, centred): each of s. */
static void
assert_ticks(const char *svg, const char *const *s, size_t n)
{
	char	 t[64];
	size_t	 i;

	for (i = 0; i < n; i++) {
		snprintf(t, sizeof(t), "\">%s</text>", s[i]);
		assert_int_equal(count(svg, t), 1);
	}
	assert_int_equal(count(svg, "<text class=\"chart-label end cen\""), n);
}

static void
test_bars_ticks(void **state)
{
	static const double big[] = { 120, 50 }, small[] = { 2.2 }, three[] = {
	    3 }, seven[] = { 7 };
	static const char *const one[] = { "Mon 3" };
	static const char *const t200[] = { "0", "50", "100", "150", "200" };
	static const char *const t25[] = { "0", "0.5", "1", "1.5", "2", "2.5" };
	static const char *const t3[] = { "0", "1", "2", "3" };
	static const char *const t5[] = { "0", "1", "2", "3", "4", "5" };
	static const char *const t10[] = { "0", "2", "4", "6", "8", "10" };
	struct chart_bars c = { .id_prefix = "t", .title = "T", .desc = "D",
	    .unit = "kcal", .ncat = 1, .labels = one, .nseries = 2, .series =
	    names, .values = big };
	struct buf b;

	(void)state;
	buf_init(&b);
	chart_bars_svg(&b, &c);		/* 170 → 0 … 200 by 50 */
	assert_ticks(b.data, t200, 5);
	assert_int_equal(count(b.data, "chart-grid\""), 4);
	assert_int_equal(count(b.data, ">kcal<"), 1);	/* the unit, once */
	buf_reset(&b);
	c.nseries = 1;
	c.values = small;		/* 2.2 → 0 … 2.5 by 0.5 */
	chart_bars_svg(&b, &c);
	assert_ticks(b.data, t25, 6);
	assert_null(strstr(b.data, ".0<"));
	/* Counts: whole numbers only, one tick each up to 5. */
	buf_reset(&b);
	c.counts = 1;
	chart_bars_svg(&b, &c);		/* 2.2 → 0 … 3 by 1 */
	assert_ticks(b.data, t3, 4);
	buf_reset(&b);
	c.values = three;		/* 3 → 0 … 5 by 1 */
	chart_bars_svg(&b, &c);
	assert_ticks(b.data, t5, 6);
	buf_reset(&b);
	c.values = seven;		/* 7 → 0 … 10 by 2 */
	chart_bars_svg(&b, &c);
	assert_ticks(b.data, t10, 6);
	buf_free(&b);
}

/* Every label drawn: 7 days (weekday over date), 12 months, sparse weeks. */
static void
test_bars_labels(void **state)
{
	static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
	    "Sat", "Sun" };
	static const char *const dd[] = { "28", "29", "30", "31", "1", "2",
	    "3" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	const char *weeks[53] = { NULL };
	double	 v[53];
	char	 s[64];
	struct chart_bars c = { .id_prefix = "l", .title = "T", .desc = "D",
	    .unit = "reps", .ncat = 7, .labels = wd, .sublabels = dd,
	    .nseries = 1, .values = v, .counts = 1 };
	struct buf b;
	size_t	 i;

	(void)state;
	for (i = 0; i < 53; i++)
		v[i] = (double)(i * 37 % 1000);
	buf_init(&b);
	chart_bars_svg(&b, &c);
	for (i = 0; i < 7; i++) {
		snprintf(s, sizeof(s), ">%s<tspan", wd[i]);
		assert_int_equal(count(b.data, s), 1);
		snprintf(s, sizeof(s), "dy=\"1.2em\">%s</tspan>", dd[i]);
		assert_int_equal(count(b.data, s), 1);
	}
	assert_int_equal(xmllint(b.data), 0);
	buf_reset(&b);
	c.ncat = 12;
	c.labels = mon;
	c.sublabels = NULL;
	chart_bars_svg(&b, &c);
	for (i = 0; i < 12; i++) {
		snprintf(s, sizeof(s), ">%s</text>", mon[i]);
		assert_int_equal(count(b.data, s), 1);
	}
	/* 53 weeks, a month's name at the week of its 1st. */
	for (i = 0; i < 12; i++)
		weeks[i * 53 / 12] = mon[i];
	buf_reset(&b);
	c.ncat = 53;
	c.labels = weeks;
	chart_bars_svg(&b, &c);
	for (i = 0; i < 12; i++) {
		snprintf(s, sizeof(s), ">%s</text>", mon[i]);
		assert_int_equal(count(b.data, s), 1);
	}
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

static void
test_bars_escaped(void **state)
{
	static const double v[] = { 1, 2, 3, 4 };
	static const char *const h2[] = { HOSTILE, HOSTILE };
	struct chart_bars c = { .id_prefix = HOSTILE, .title = HOSTILE,
	    .desc = HOSTILE, .unit = HOSTILE, .ncat = 2, .labels = h2,
	    .sublabels = h2, .nseries = 2, .series = h2, .values = v,
	    .empty = HOSTILE };
	static const double zero[] = { 0, 0, 0, 0 };
	struct buf b;

	(void)state;
	buf_init(&b);
	chart_bars_svg(&b, &c);
	assert_null(strstr(b.data, "<b>"));
	assert_null(strstr(b.data, "&\""));
	assert_null(strstr(b.data, "'"));
	/* id prefix ×2, title, desc, unit, 2 labels and 2 sublabels */
	assert_int_equal(count(b.data, HOSTILE_ESC), 2 + 3 + 4);
	assert_int_equal(xmllint(b.data), 0);
	/* The page: the alt and 2 names; the SVG percent-encoded. */
	buf_reset(&b);
	chart_bars(&b, &c);
	assert_null(strstr(b.data, "<b>"));
	assert_null(strstr(b.data, "'"));
	assert_int_equal(count(b.data, HOSTILE_ESC), 1 + 2);
	assert_non_null(strstr(b.data, "alt=\"" HOSTILE_ESC "\">"));
	/* And the empty text. */
	buf_reset(&b);
	c.values = zero;
	chart_bars(&b, &c);
	assert_string_equal(b.data, "<p class=\"chart-empty\">" HOSTILE_ESC
	    "</p>\n");
	buf_free(&b);
}

static void
test_bars_empty(void **state)
{
	static const double zero[] = { 0, 0, 0, 0, 0, 0 };
	static const double odd[] = { -5, 0.0 / 0.0, 1.0 / 0.0, -1.0 / 0.0,
	    0, -0.0 };
	struct chart_bars c = { .id_prefix = "e", .title = "Empty", .desc =
	    "Nothing.", .unit = "kcal", .ncat = 3, .labels = days, .nseries =
	    2, .series = names, .values = zero };
	struct buf b;

	(void)state;
	buf_init(&b);
	/* Nothing drawn: words, no axis (from 0 to 1 in decimals), no legend. */
	chart_bars(&b, &c);
	assert_string_equal(b.data, "<p class=\"chart-empty\">Nothing logged"
	    "</p>\n");
	buf_reset(&b);
	c.empty = "Nothing logged this week.";
	chart_bars(&b, &c);
	assert_string_equal(b.data, "<p class=\"chart-empty\">Nothing logged "
	    "this week.</p>\n");
	/* Negative, NaN and infinite values draw nothing either. */
	buf_reset(&b);
	c.values = odd;
	chart_bars(&b, &c);
	assert_non_null(strstr(b.data, "chart-empty"));
	buf_reset(&b);
	assert_int_equal(chart_bars_svg(&b, &c), 0);
	assert_null(strstr(b.data, "<path"));
	assert_finite(b.data);
	assert_int_equal(xmllint(b.data), 0);
	/* No categories, no series, no values. */
	buf_reset(&b);
	memset(&c, 0, sizeof(c));
	chart_bars(&b, &c);
	assert_string_equal(b.data, "<p class=\"chart-empty\">Nothing logged"
	    "</p>\n");
	buf_reset(&b);
	chart_bars_svg(&b, &c);
	assert_non_null(strstr(b.data, "<title id=\"chart-title\">"));
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

static void
test_bars_extremes(void **state)
{
	static const double v[] = { 1e308, 1e308, 1e-320, 3 };
	static const char *const two[] = { "x", "y" };
	struct chart_bars c = { .id_prefix = "x", .title = "X", .desc = "X",
	    .ncat = 2, .labels = two, .nseries = 2, .series = two, .values =
	    v };
	struct buf b;
	double	*many;
	char	*label;
	size_t	 i, n = 2000;

	(void)state;
	buf_init(&b);
	chart_bars_svg(&b, &c);
	/* Drawn: 4 values; shown: the one not flattened to 0 px by 1e308. */
	assert_int_equal(segments(b.data, "ex-0", NULL, 0), 1);
	assert_int_equal(segments(b.data, "ex-1", NULL, 0), 0);
	assert_finite(b.data);
	assert_int_equal(xmllint(b.data), 0);
	/* A 100 kB label and 2000 categories: no fixed buffers, all drawn. */
	buf_reset(&b);
	label = malloc(100001);
	many = malloc(n * sizeof(*many));
	assert_non_null(label);
	assert_non_null(many);
	memset(label, '&', 100000);
	label[100000] = '\0';
	for (i = 0; i < n; i++)
		many[i] = (double)(i % 7);
	c.ncat = n;
	c.nseries = 1;
	c.labels = NULL;
	c.series = (const char *const *)&label;
	c.values = many;
	assert_int_equal(chart_bars_svg(&b, &c), n - n / 7 - 1);
	assert_int_equal(segments(b.data, "ex-0", NULL, 0), n - n / 7 - 1);
	buf_reset(&b);
	chart_bars(&b, &c);		/* the name in the legend */
	assert_int_equal(count(b.data, "&amp;"), 100000);
	free(many);
	free(label);
	buf_free(&b);
}

static void
test_utf8_wellformed(void **state)
{
	static const double v[] = { 3, 4 };
	static const char *const cat[] = { "Zürich 💪" };
	static const char *const ser[] = { "Zürich 💪 " HOSTILE, "Üben" };
	struct chart_bars c = { .id_prefix = "utf", .title = "Zürich 💪",
	    .desc = "Läufe in Zürich 💪", .unit = "km", .ncat = 1, .labels =
	    cat, .nseries = 2, .series = ser, .values = v };
	struct buf b;
	char	*svg;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	assert_non_null(strstr(b.data, "> Zürich 💪 " HOSTILE_ESC "</li>"));
	assert_non_null(strstr(b.data, "alt=\"Läufe in Zürich 💪\">"));
	svg = nth_svg(b.data, 0);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "<title id=\"utf-title\">Zürich 💪</title>"));
	assert_non_null(strstr(svg, ">Zürich 💪</text>"));
	assert_int_equal(xmllint(svg), 0);
	free(svg);
	/* The check is not vacuous: a broken document fails it. */
	assert_int_not_equal(xmllint_q("<svg><title></svg>", 1), 0);
	assert_int_not_equal(xmllint_q("<p>a & b</p>", 1), 0);
	buf_free(&b);
}

/* The data: URI keeps only safe characters and decodes to what it encoded. */
static void
test_data_uri(void **state)
{
	static const char safe[] = "ABCXYZabcxyz0189-._~/:;=,()!*%";
	char	 all[256], *back;
	struct buf b;
	size_t	 i;

	(void)state;
	for (i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	buf_init(&b);
	chart_data_uri(&b, all, 255);
	for (i = strlen("data:image/svg+xml,"); i < b.len; i++)
		if (strchr(safe, b.data[i]) == NULL && !((b.data[i] >= 'A' &&
		    b.data[i] <= 'Z') || (b.data[i] >= 'a' && b.data[i] <= 'z') ||
		    (b.data[i] >= '0' && b.data[i] <= '9')))
			fail_msg("unsafe byte %#x in the URI", (unsigned char)b.data[i]);
	assert_null(strchr(b.data, ' '));
	assert_null(strchr(b.data, '"'));
	assert_null(strchr(b.data, '#'));
	assert_null(strchr(b.data, '&'));
	back = uri_svg(b.data);
	assert_non_null(back);
	assert_string_equal(back, all);
	free(back);
	buf_reset(&b);
	chart_data_uri(&b, "", 0);
	assert_string_equal(b.data, "data:image/svg+xml,");
	buf_free(&b);
}

/* static/style.css, a new string (run from the top directory or build/unit). */
static char *
read_css(void)
{
	char	*css;
	FILE	*f;
	long	 n;

	f = fopen("static/style.css", "r");
	if (f == NULL)
		f = fopen("../../static/style.css", "r");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	css = calloc((size_t)n + 1, 1);
	assert_non_null(css);
	assert_int_equal(fread(css, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return css;
}

/* The series colours: Okabe–Ito, and the legend's swatches in style.css agree. */
static void
test_palette(void **state)
{
	static const char *const okabe_ito[] = { "#0072b2", "#e69f00",
	    "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#808080" };
	char	 rule[64], *css;
	int	 i, j;

	(void)state;
	assert_int_equal(CHART_MAX_SERIES, 8);
	css = read_css();
	for (i = 0; i < CHART_MAX_SERIES; i++) {
		assert_string_equal(chart_colour(i), okabe_ito[i]);
		for (j = 0; j < i; j++)
			assert_string_not_equal(chart_colour(i), chart_colour(j));
		snprintf(rule, sizeof(rule), ".ex-%d { background-color: %s; }",
		    i, okabe_ito[i]);
		if (strstr(css, rule) == NULL)
			fail_msg("static/style.css has no \"%s\"", rule);
	}
	assert_string_equal(chart_colour(CHART_MAX_SERIES), okabe_ito[0]);
	assert_string_equal(chart_colour(-1), okabe_ito[7]);
	free(css);
}
/* The value of the custom property name ("--fg") first set in css from p. */
static void
token(const char *css, const char *name, char out[8])
{
	char	 key[32];
	const char *p;

	snprintf(key, sizeof(key), "%s: #", name);
	p = strstr(css, key);
	if (p == NULL)
		fail_msg("static/style.css sets no %s", name);
	snprintf(out, 8, "#%.6s", p + strlen(key));
}

/* The SVG's colours, light and dark, are the page's (style.css's tokens). */
static void
test_scheme(void **state)
{
	static const double v[] = { 1 };
	static const char *const one[] = { "x" };
	struct chart_bars c = { .id_prefix = "s", .title = "T", .desc = "D",
	    .ncat = 1, .labels = one, .nseries = 1, .values = v };
	const char *dark;
	char	*css, want[256], fg[8], muted[8], line[8], bg[8];
	struct buf b;

	(void)state;
	css = read_css();
	dark = strstr(css, "@media (prefers-color-scheme: dark)");
	assert_non_null(dark);
	buf_init(&b);
	chart_bars_svg(&b, &c);
	token(css, "--fg", fg);
	token(css, "--muted", muted);
	token(css, "--line", line);
	snprintf(want, sizeof(want), "text{fill:%s}.chart-unit{fill:%s}"
	    ".chart-axis{stroke:%s}.chart-grid{stroke:%s}path[class^=ex-]"
	    "{stroke:%s}", muted, fg, muted, line, fg);
	if (strstr(b.data, want) == NULL)
		fail_msg("the SVG's light colours are not style.css's: %s", want);
	token(dark, "--fg", fg);
	token(dark, "--muted", muted);
	token(dark, "--line", line);
	token(dark, "--bg", bg);
	snprintf(want, sizeof(want), "@media (prefers-color-scheme:dark){"
	    "text{fill:%s}.chart-unit{fill:%s}.chart-axis{stroke:%s}"
	    ".chart-grid{stroke:%s}path[class^=ex-]{stroke:%s}", muted, fg,
	    muted, line, bg);
	if (strstr(b.data, want) == NULL)
		fail_msg("the SVG's dark colours are not style.css's: %s", want);
	buf_free(&b);
	free(css);
}

/* Line charts: an image and its legend, or the empty text. */
static void
test_lines(void **state)
{
	static const double x[] = { 0, 3, 10 }, y[] = { 80.5, 80.1, 79.4 },
	    avg[] = { 80.5, 80.3, 80 }, at[] = { 0, 10 };
	static const char *const labels[] = { "Oct", "Nov" };
	struct chart_lines c;
	struct buf b;
	char	*svg;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id_prefix = "weight";
	c.title = "Body weight";
	c.desc = "A line.";
	c.unit = "kg";
	c.empty = "No weight.";
	buf_init(&b);
	chart_lines(&b, &c);
	assert_string_equal(b.data, "<p class=\"chart-empty\">No weight.</p>\n");
	c.npoints = 3;
	c.x = x;
	c.y = y;
	c.avg = avg;
	c.span = 10;
	c.nlabels = 2;
	c.labels = labels;
	c.label_at = at;
	c.legend_line = "Weight";
	c.legend_avg = "7-day average";
	buf_reset(&b);
	chart_lines(&b, &c);
	assert_no_inline_svg(b.data);
	assert_non_null(strstr(b.data, "alt=\"A line.\">\n<ul class=\""
	    "chart-legend\">"));
	assert_non_null(strstr(b.data, "<span class=\"swatch ex-1\" "
	    "aria-hidden=\"true\"></span> 7-day average</li>"));
	svg = nth_svg(b.data, 0);
	assert_non_null(svg);
	assert_int_equal(count(svg, "<polyline class=\"chart-line\""), 1);
	assert_int_equal(count(svg, "<polyline class=\"chart-avg\""), 1);
	assert_int_equal(count(svg, "<circle class=\"chart-point\""), 3);
	assert_int_equal(count(svg, " r=\"4\"/>"), 3);
	assert_int_equal(count(svg, "<title"), 1);	/* the chart's alone */
	assert_non_null(strstr(svg, ">Oct</text>"));
	assert_non_null(strstr(svg, ">Nov</text>"));
	assert_finite(svg);
	assert_int_equal(xmllint(svg), 0);
	free(svg);
	buf_free(&b);
}

static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
    "Sun" };
static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* A year from 2024-12-30 (a Monday): day 2 is 1 January 2025. */
static void
year(struct chart_heatmap *h, const char **ml, int *levels, size_t ndays)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	size_t	 i, m, day;

	for (m = 0, day = 2; m < 12; day += (size_t)mdays[m], m++)
		ml[day] = mon[m];
	for (i = 0; i < 371; i++)
		levels[i] = (int)(i % 7) - 1;	/* -1 … 5: clamped */
	memset(h, 0, sizeof(*h));
	h->id_prefix = "year";
	h->title = "Workouts in 2025";
	h->desc = "A square per day " HOSTILE;
	h->ndays = ndays;
	h->levels = levels;
	h->rowlabels = wd;
	h->monthlabels = ml;
}

/*
 * The squares of an SVG of chart_heatmap_svg, all shades (not the key's),
 * each checked: "Mx,yh11" from a whole corner (no decimals; a comma, not
 * a space, which a data: URI would escape), in the group that moves them
 * down by half a square.
 */
static size_t
squares(const char *svg)
{
	const char *p;
	size_t	 n = 0;

	assert_non_null(strstr(svg, "<g transform=\"translate(0,5.5)\">\n"
	    "<path class=\"heat-0\""));
	for (p = svg; (p = strstr(p, "<path class=\"heat-")) != NULL; ) {
		p += strlen("<path class=\"heat-");
		if (*p < '0' || *p > '4')
			continue;	/* the key's */
		p = strstr(p, " d=\"") + 4;
		while (*p == 'M') {	/* a square after another */
			assert_true(p[1] >= '0' && p[1] <= '9');
			p += 1 + strspn(p + 1, "0123456789");
			assert_int_equal(*p, ',');
			assert_true(p[1] >= '0' && p[1] <= '9');
			p += 1 + strspn(p + 1, "0123456789");
			assert_int_equal(strncmp(p, "h11", 3), 0);
			p += 3;
			n++;
		}
		assert_int_equal(*p, '"');
	}
	return n;
}

static void
test_heatmap(void **state)
{
	struct chart_heatmap h;
	struct buf b;
	const char *ml[371] = { NULL };
	int	 levels[371];
	size_t	 m;
	char	 s[32];

	(void)state;
	year(&h, ml, levels, 367);
	buf_init(&b);
	chart_heatmap_svg(&b, &h, 53);
	assert_non_null(strstr(b.data, "<title id=\"year-title\">Workouts in "
	    "2025</title>\n<desc id=\"year-desc\">A square per day "
	    HOSTILE_ESC "</desc>"));
	/* A path per shade (and one a square of the key), a square per day. */
	assert_int_equal(count(b.data, "<path class=\"heat-"), 10);
	assert_int_equal(squares(b.data), 367);
	assert_int_equal(count(b.data, "<title"), 1);	/* the chart's alone */
	assert_null(strstr(b.data, "heat--"));
	assert_null(strstr(b.data, "heat-5"));
	for (m = 0; m < 12; m++) {
		snprintf(s, sizeof(s), ">%s</text>", mon[m]);
		assert_int_equal(count(b.data, s), 1);
	}
	/* Weekdays on rows 1, 3, 5; the key says which way the shades go. */
	assert_int_equal(count(b.data, ">Tue</text>"), 1);
	assert_int_equal(count(b.data, ">Thu</text>"), 1);
	assert_int_equal(count(b.data, ">Sat</text>"), 1);
	assert_null(strstr(b.data, ">Mon</text>"));
	assert_int_equal(count(b.data, ">Less</text>"), 1);
	assert_int_equal(count(b.data, ">More</text>"), 1);
	assert_int_equal(count(b.data, "<path class=\"heat-key heat-"), 5);
	/* The key after the group, not moved with the squares. */
	assert_non_null(strstr(b.data, "</g>\n<text class=\"chart-label "
	    "heat-label heat-key end cen\""));
	assert_non_null(strstr(b.data, "path{stroke-width:11px}"));
	assert_non_null(strstr(b.data, ".heat-4{stroke:"));
	assert_int_equal(xmllint(b.data), 0);
	/* Bands of 18 weeks for a phone: three, each with its weekdays. */
	buf_reset(&b);
	chart_heatmap_svg(&b, &h, CHART_HEAT_BAND);
	assert_int_equal(squares(b.data), 367);
	assert_int_equal(count(b.data, ">Tue</text>"), 3);
	for (m = 0; m < 12; m++) {
		snprintf(s, sizeof(s), ">%s</text>", mon[m]);
		assert_int_equal(count(b.data, s), 1);
	}
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

/* As HTML: a <picture>, the bands for narrow screens, the year else. */
static void
test_heatmap_picture(void **state)
{
	struct chart_heatmap h;
	struct buf b, svg;
	const char *ml[371] = { NULL };
	int	 levels[371];
	char	*got;

	(void)state;
	year(&h, ml, levels, 367);
	buf_init(&b);
	buf_init(&svg);
	chart_heatmap(&b, &h);
	assert_non_null(strstr(b.data, "<picture>\n<source media=\"(max-width: "
	    "40rem)\" srcset=\"data:image/svg+xml,"));
	assert_non_null(strstr(b.data, "\">\n<img class=\"chart chart-heat\" "
	    "src=\"data:image/svg+xml,"));
	assert_non_null(strstr(b.data, "alt=\"A square per day " HOSTILE_ESC
	    "\">\n</picture>\n"));
	assert_no_inline_svg(b.data);
	got = nth_svg(b.data, 0);
	chart_heatmap_svg(&svg, &h, CHART_HEAT_BAND);
	assert_string_equal(got, svg.data);
	free(got);
	got = nth_svg(b.data, 1);
	buf_reset(&svg);
	chart_heatmap_svg(&svg, &h, 53);
	assert_string_equal(got, svg.data);
	free(got);
	buf_free(&svg);
	buf_free(&b);
}

static void
test_heatmap_limits(void **state)
{
	struct chart_heatmap h;
	struct buf b;
	int	*levels;

	(void)state;
	/* More than 53 weeks are cut. */
	levels = calloc(1000, sizeof(*levels));
	assert_non_null(levels);
	levels[999] = levels[0] = 2;
	memset(&h, 0, sizeof(h));
	h.ndays = 1000;
	h.levels = levels;
	buf_init(&b);
	chart_heatmap_svg(&b, &h, 53);
	assert_int_equal(squares(b.data), 371);
	assert_int_equal(xmllint(b.data), 0);
	/* Nothing above level 0 (days 371 on are cut): the empty text. */
	buf_reset(&b);
	levels[0] = 0;
	chart_heatmap(&b, &h);
	assert_string_equal(b.data, "<p class=\"chart-empty\">Nothing logged"
	    "</p>\n");
	buf_reset(&b);
	h.empty = "No workouts " HOSTILE;
	chart_heatmap(&b, &h);
	assert_string_equal(b.data, "<p class=\"chart-empty\">No workouts "
	    HOSTILE_ESC "</p>\n");
	free(levels);
	/* No levels or labels; no days at all; odd band widths. */
	buf_reset(&b);
	memset(&h, 0, sizeof(h));
	h.ndays = 10;
	chart_heatmap_svg(&b, &h, 0);
	assert_int_equal(squares(b.data), 10);
	assert_int_equal(xmllint(b.data), 0);
	buf_reset(&b);
	chart_heatmap_svg(&b, &h, 1);
	assert_int_equal(squares(b.data), 10);
	assert_finite(b.data);
	buf_reset(&b);
	h.ndays = 0;
	chart_heatmap_svg(&b, &h, 53);
	assert_int_equal(squares(b.data), 0);
	assert_non_null(strstr(b.data, "</svg>"));
	assert_int_equal(xmllint(b.data), 0);
	buf_reset(&b);
	chart_heatmap(&b, &h);
	assert_non_null(strstr(b.data, "chart-empty"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_bars_segments),
		cmocka_unit_test(test_bars_image),
		cmocka_unit_test(test_bars_ticks),
		cmocka_unit_test(test_bars_labels),
		cmocka_unit_test(test_bars_escaped),
		cmocka_unit_test(test_bars_empty),
		cmocka_unit_test(test_bars_extremes),
		cmocka_unit_test(test_utf8_wellformed),
		cmocka_unit_test(test_data_uri),
		cmocka_unit_test(test_palette),
		cmocka_unit_test(test_scheme),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_heatmap_picture),
		cmocka_unit_test(test_heatmap_limits),
	};

	return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
