/* test_chart.c — unit tests of the SVG charts and axis scales (cgi/chart.c) */
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

/* Every element starting with open is followed by a <title> child. */
static void
assert_titled(const char *s, const char *open)
{
	const char *p, *gt;

	for (p = s; (p = strstr(p, open)) != NULL; p = gt) {
		gt = strchr(p, '>');
		assert_non_null(gt);
		assert_int_not_equal(gt[-1], '/');
		assert_memory_equal(gt + 1, "<title>", 7);
		assert_non_null(strstr(gt, "</title></rect>"));
	}
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
static const int colours[] = { 4, 0, 9 };

static void
test_bars_segments(void **state)
{
	static const double v[] = { 100, 0, 50, 0, 0, 0, 30.5, 20, 0 };
	struct chart_bars c = { "week", "Calories per day", "Three days.",
	    "kcal", 3, days, 3, names, colours, v, NULL , NULL};
	const char *start = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart\" role=\"img\" aria-labelledby=\"week-title "
	    "week-desc\" viewBox=\"";
	struct buf b;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	assert_memory_equal(b.data, start, strlen(start));
	/* <title> and <desc> come first. */
	assert_non_null(strstr(b.data, ">\n<title id=\"week-title\">Calories "
	    "per day</title>\n<desc id=\"week-desc\">Three days.</desc>\n"));
	assert_int_equal(count(b.data, "<rect class=\"ex-"), 4);
	assert_titled(b.data, "<rect class=\"ex-");
	assert_int_equal(count(b.data, "<rect class=\"ex-4\""), 2);
	assert_int_equal(count(b.data, "<rect class=\"ex-9\""), 1);
	assert_int_equal(count(b.data, "<rect class=\"ex-0\""), 1);
	/* Default tips name the category, the series, the value, the unit. */
	assert_non_null(strstr(b.data, "<title>Mon 3, Running: 100 kcal"
	    "</title>"));
	assert_non_null(strstr(b.data, "<title>Wed 5, Running: 30.5 kcal"
	    "</title>"));
	/* 150 → 0 … 200 by 50: five tick labels, the unit, three days. */
	assert_int_equal(count(b.data, "<text"), 5 + 1 + 3);
	assert_null(strstr(b.data, "Nothing logged"));
	assert_null(strstr(b.data, "style"));
	/* The legend, after the SVG. */
	assert_non_null(strstr(b.data, "</svg>\n<ul class=\"chart-legend\">"));
	assert_non_null(strstr(b.data, "<li><span class=\"swatch ex-9\" "
	    "aria-hidden=\"true\"></span> Squats</li>"));
	assert_int_equal(count(b.data, "<li>"), 3);
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

static void
test_bars_ticks(void **state)
{
	static const double big[] = { 120, 50 }, small[] = { 2.2 };
	static const char *const one[] = { "Mon 3" };
	static const char *const tip[] = { "a", "b" };
	struct chart_bars c = { "t", "T", "D", "kcal", 1, one, 2, names,
	    colours, big, tip , NULL};
	struct buf b;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);		/* 170 → 0 … 200 by 50 */
	assert_int_equal(count(b.data, "dominant-baseline=\"central\">0<"), 1);
	assert_int_equal(count(b.data, "dominant-baseline=\"central\">50<"),
	    1);
	assert_int_equal(count(b.data, "dominant-baseline=\"central\">200<"),
	    1);
	assert_int_equal(count(b.data, "chart-grid"), 4);
	assert_int_equal(count(b.data, "kcal"), 1);	/* the unit, once */
	assert_int_equal(count(b.data, "<title>a</title>"), 1);
	buf_reset(&b);
	c.nseries = 1;
	c.values = small;		/* 2.2 → 0 … 2.5 by 0.5 */
	chart_bars(&b, &c);
	assert_non_null(strstr(b.data, ">0.5</text>"));
	assert_non_null(strstr(b.data, ">1</text>"));
	assert_non_null(strstr(b.data, ">2.5</text>"));
	assert_null(strstr(b.data, ".0<"));
	buf_free(&b);
}

static void
test_bars_escaped(void **state)
{
	static const double v[] = { 1, 2, 3, 4 };
	static const char *const h2[] = { HOSTILE, HOSTILE };
	static const char *const h4[] = { HOSTILE, HOSTILE, HOSTILE, HOSTILE };
	struct chart_bars c = { HOSTILE, HOSTILE, HOSTILE, HOSTILE, 2, h2, 2,
	    h2, colours, v, h4 , NULL};
	struct buf b;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	assert_null(strstr(b.data, "<b>"));
	assert_null(strstr(b.data, "&\""));
	assert_null(strstr(b.data, "'"));
	/* id prefix ×4, title, desc, unit, 2 labels, 4 tips, 2 names */
	assert_int_equal(count(b.data, HOSTILE_ESC), 4 + 3 + 2 + 4 + 2);
	assert_int_equal(xmllint(b.data), 0);
	/* The default tips, built from hostile parts, too. */
	buf_reset(&b);
	c.tips = NULL;
	chart_bars(&b, &c);
	assert_null(strstr(b.data, "<b>"));
	assert_non_null(strstr(b.data, "<title>" HOSTILE_ESC ", " HOSTILE_ESC
	    ": 4 " HOSTILE_ESC "</title>"));
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

static void
test_bars_empty(void **state)
{
	static const double zero[] = { 0, 0, 0, 0, 0, 0 };
	static const double odd[] = { -5, 0.0 / 0.0, 1.0 / 0.0, -1.0 / 0.0,
	    0, -0.0 };
	struct chart_bars c = { "e", "Empty", "Nothing.", "kcal", 3, days, 2,
	    names, colours, zero, NULL , NULL};
	struct buf b;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	assert_non_null(strstr(b.data, ">Nothing logged</text>"));
	assert_null(strstr(b.data, "<rect class=\"ex-"));
	assert_int_equal(count(b.data, "chart-axis"), 2);
	assert_int_equal(count(b.data, "<li>"), 2);	/* the legend stays */
	assert_int_equal(xmllint(b.data), 0);
	/* Negative, NaN and infinite values draw nothing either. */
	buf_reset(&b);
	c.values = odd;
	chart_bars(&b, &c);
	assert_non_null(strstr(b.data, "Nothing logged"));
	assert_null(strstr(b.data, "<rect"));
	assert_finite(b.data);
	/* No categories, no series, no values. */
	buf_reset(&b);
	memset(&c, 0, sizeof(c));
	chart_bars(&b, &c);
	assert_non_null(strstr(b.data, "Nothing logged"));
	assert_non_null(strstr(b.data, "aria-labelledby=\"chart-title "
	    "chart-desc\""));
	assert_null(strstr(b.data, "chart-legend"));
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

static void
test_bars_extremes(void **state)
{
	static const double v[] = { 1e308, 1e308, 1e-320, 3 };
	static const char *const two[] = { "x", "y" };
	struct chart_bars c = { "x", "X", "X", NULL, 2, two, 2, two, NULL, v,
	    NULL , NULL};
	struct buf b;
	double	*many;
	char	*label;
	size_t	 i, n = 2000;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	assert_int_equal(count(b.data, "<rect class=\"ex-"), 4);
	assert_finite(b.data);
	assert_null(strstr(b.data, "height=\"-"));
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
	chart_bars(&b, &c);
	assert_int_equal(count(b.data, "<rect class=\"ex-0\""), n - n / 7 - 1);
	assert_int_equal(count(b.data, "&amp;"), 100000);
	assert_titled(b.data, "<rect class=\"ex-");
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
	static const char *const tips[] = { "Zürich 💪: 3 km", NULL };
	struct chart_bars c = { "utf", "Zürich 💪", "Läufe in Zürich 💪",
	    "km", 1, cat, 2, ser, colours, v, tips , NULL};
	struct buf b;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	assert_non_null(strstr(b.data, "> Zürich 💪 " HOSTILE_ESC "</li>"));
	assert_non_null(strstr(b.data, "<title>Zürich 💪, Üben: 4 km"));
	assert_int_equal(xmllint(b.data), 0);
	/* The check is not vacuous: a broken document fails it. */
	assert_int_not_equal(xmllint_q("<svg><title></svg>", 1), 0);
	assert_int_not_equal(xmllint_q("<p>a & b</p>", 1), 0);
	buf_free(&b);
}

static void
test_heatmap(void **state)
{
	static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
	    "Sat", "Sun" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	struct chart_heatmap h;
	struct buf b;
	const char *ml[371] = { NULL }, *tips[371];
	char	 tipbuf[371][40];
	int	 levels[371];
	size_t	 i, m, day;

	(void)state;
	/* 2024-12-30 is a Monday: day 2 is 1 January 2025. */
	for (m = 0, day = 2; m < 12; day += (size_t)mdays[m], m++)
		ml[day] = mon[m];
	for (i = 0; i < 371; i++) {
		levels[i] = (int)(i % 7) - 1;	/* -1 … 5: clamped */
		snprintf(tipbuf[i], sizeof(tipbuf[i]), "day %zu: %zu reps <&>",
		    i, i * 3);
		tips[i] = tipbuf[i];
	}
	memset(&h, 0, sizeof(h));
	h.id_prefix = "year";
	h.title = "Workouts in 2025";
	h.desc = "A square per day " HOSTILE;
	h.ndays = 367;
	h.levels = levels;
	h.tips = tips;
	h.rowlabels = wd;
	h.monthlabels = ml;
	buf_init(&b);
	chart_heatmap(&b, &h);
	assert_non_null(strstr(b.data, "<title id=\"year-title\">Workouts in "
	    "2025</title>\n<desc id=\"year-desc\">A square per day "
	    HOSTILE_ESC "</desc>"));
	assert_int_equal(count(b.data, "<rect class=\"heat-"), 367);
	assert_titled(b.data, "<rect class=\"heat-");
	assert_non_null(strstr(b.data, "<title>day 366: 1098 reps &lt;&amp;"
	    "&gt;</title>"));
	assert_null(strstr(b.data, "heat--"));
	assert_null(strstr(b.data, "heat-5"));
	assert_int_equal(count(b.data, "\"heat-0\""), 367 / 7 * 2 + 2);
	for (m = 0; m < 12; m++) {
		char	 s[16];

		snprintf(s, sizeof(s), ">%s</text>", mon[m]);
		assert_int_equal(count(b.data, s), 1);
	}
	assert_non_null(strstr(b.data, ">Tue</text>"));
	assert_non_null(strstr(b.data, ">Thu</text>"));
	assert_null(strstr(b.data, ">Mon</text>"));
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

static void
test_heatmap_limits(void **state)
{
	static const char *const tips[1] = { "only" };
	struct chart_heatmap h;
	struct buf b;
	int	*levels;

	(void)state;
	/* More than 53 weeks are cut. */
	levels = calloc(1000, sizeof(*levels));
	assert_non_null(levels);
	memset(&h, 0, sizeof(h));
	h.ndays = 1000;
	h.levels = levels;
	buf_init(&b);
	chart_heatmap(&b, &h);
	assert_int_equal(count(b.data, "<rect class=\"heat-"), 371);
	free(levels);
	/* No levels, tips or labels: empty squares with default titles. */
	buf_reset(&b);
	memset(&h, 0, sizeof(h));
	h.ndays = 10;
	chart_heatmap(&b, &h);
	assert_int_equal(count(b.data, "<rect class=\"heat-0\""), 10);
	assert_titled(b.data, "<rect class=\"heat-");
	assert_non_null(strstr(b.data, "<title>Day 10: level 0 of 4</title>"));
	assert_int_equal(xmllint(b.data), 0);
	/* The caller's tip, and no days at all. */
	buf_reset(&b);
	h.ndays = 1;
	h.tips = tips;
	chart_heatmap(&b, &h);
	assert_non_null(strstr(b.data, "<title>only</title>"));
	buf_reset(&b);
	h.ndays = 0;
	chart_heatmap(&b, &h);
	assert_null(strstr(b.data, "<rect"));
	assert_non_null(strstr(b.data, "</svg>"));
	assert_int_equal(xmllint(b.data), 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_bars_segments),
		cmocka_unit_test(test_bars_ticks),
		cmocka_unit_test(test_bars_escaped),
		cmocka_unit_test(test_bars_empty),
		cmocka_unit_test(test_bars_extremes),
		cmocka_unit_test(test_utf8_wellformed),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_heatmap_limits),
	};

	return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
