/* civil.c — calendar arithmetic and ISO 8601 times in plain C: days, weeks, months, names */
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "fmt.h"

static const char *const weekdays[7] = { "Sunday", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const months[12] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };
static const char *const weekdays3[7] = { "Sun", "Mon", "Tue", "Wed", "Thu",
    "Fri", "Sat" };
static const char *const months3[12] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Howard Hinnant's days_from_civil: exact for every year. */
long
civil_days(long y, long m, long d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_ymd(long day, long *y, long *m, long *d)
{
	long	 z = day + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
civil_days_in_month(long y, long m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int
civil_weekday(long day)
{
	/* 1970-01-01 was a Thursday. */
	return (int)(((day % 7) + 7 + 4) % 7);
}

long
civil_week_start(long day, int first)
{
	return day - (civil_weekday(day) - first + 7) % 7;
}

long
civil_month_start(long day, long add)
{
	long	 y, m, d, k;

	civil_ymd(day, &y, &m, &d);
	k = y * 12 + (m - 1) + add;
	y = k >= 0 ? k / 12 : -((-k + 11) / 12);
	return civil_days(y, k - y * 12 + 1, 1);
}

long
civil_months_after(long from, long day)
{
	long	 fy, fm, y, m, d;

	civil_ymd(from, &fy, &fm, &d);
	civil_ymd(day, &y, &m, &d);
	return (y - fy) * 12 + m - fm;
}

/* A week holds a 1st when its last day is one of its month's first 7. */
long
civil_week_month(long day)
{
	long	 y, m, d;

	civil_ymd(day + 6, &y, &m, &d);
	return d <= 7 ? m : 0;
}

/* Two digits of v (0 to 99) at p; past them. */
static char *
two(char *p, long v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* n digits at s as a number, or -1. */
static long
digits(const char *s, int n)
{
	long	 v = 0;
	int	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD" at s (no more, no less when whole) into y, m, d. 0 or -1. */
static int
ymd(const char *s, long *y, long *m, long *d)
{
	if (s[4] != '-' || s[7] != '-')
		return -1;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	*d = digits(s + 8, 2);
	/* Years 1 to 9999: what PostgreSQL and the forms can both take. */
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > civil_days_in_month(*y, *m))
		return -1;
	return 0;
}

int
civil_parse_date(const char *s, long *day)
{
	long	 y, m, d;

	if (s == NULL || strlen(s) != 10 || ymd(s, &y, &m, &d) != 0)
		return -1;
	*day = civil_days(y, m, d);
	return 0;
}

/* The zone at p: "Z" or "±HH:MM", into seconds east of UTC. 0 or -1. */
static int
zone(const char *p, long *off)
{
	long	 oh, om;

	if (*p == 'Z' && p[1] == '\0') {
		*off = 0;
		return 0;
	}
	if ((*p != '+' && *p != '-') || strlen(p) != 6 || p[3] != ':')
		return -1;
	oh = digits(p + 1, 2);
	om = digits(p + 4, 2);
	if (oh < 0 || oh > 14 || om < 0 || om > 59)
		return -1;
	*off = (*p == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	return 0;
}

int
civil_parse_iso(const char *s, time_t *t)
{
	long	 y, mo, d, h, mi, se = 0, off;
	const char *p;

	if (s == NULL || strlen(s) < 17 || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || ymd(s, &y, &mo, &d) != 0)
		return -1;
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	p = s + 16;
	if (*p == ':') {
		if ((se = digits(p + 1, 2)) < 0)
			return -1;
		p += 3;
	}
	if (zone(p, &off) != 0 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    se > 59)
		return -1;
	*t = (time_t)(civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    se - off);
	return 0;
}

int
civil_parse_pg(const char *s, long *day, long *sec, long *off)
{
	long	 y, mo, d, h, mi, se, part[3] = { 0, 0, 0 };
	size_t	 n = 0;
	const char *p;

	if (s == NULL || strlen(s) < 22 || s[10] != ' ' || s[13] != ':' ||
	    s[16] != ':' || ymd(s, &y, &mo, &d) != 0 ||
	    (h = digits(s + 11, 2)) < 0 || h > 23 ||
	    (mi = digits(s + 14, 2)) < 0 || mi > 59 ||
	    (se = digits(s + 17, 2)) < 0 || se > 59 ||
	    (s[19] != '+' && s[19] != '-'))
		return -1;
	/* The offset: hours, then minutes and seconds when not zero. */
	for (p = s + 20;; p += 3) {
		if (n == 3 || (part[n] = digits(p, 2)) < 0 || part[n] > 59)
			return -1;
		n++;
		if (p[2] == '\0')
			break;
		if (p[2] != ':')
			return -1;
	}
	if (part[0] > 15)
		return -1;
	*day = civil_days(y, mo, d);
	*sec = h * 3600 + mi * 60 + se;
	*off = (s[19] == '-' ? -1 : 1) *
	    (part[0] * 3600 + part[1] * 60 + part[2]);
	return 0;
}

void
civil_date(char out[CIVIL_DATE_LEN], long day)
{
	long	 y, m, d;

	civil_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;	/* outside what the app stores */
	/* Digits in place: pages write hundreds of dates. */
	two(two(out, y / 100), y % 100);
	out[4] = out[7] = '-';
	two(out + 5, m);
	two(out + 8, d);
	out[10] = '\0';
}

size_t
civil_stamp(char out[CIVIL_STAMP_LEN], long day, long sec, char sep,
    int seconds)
{
	char	*p;

	civil_date(out, day);
	out[10] = sep;
	p = two(out + 11, sec / 3600);
	*p++ = ':';
	p = two(p, sec / 60 % 60);
	if (seconds) {
		*p++ = ':';
		p = two(p, sec % 60);
	}
	*p = '\0';
	return (size_t)(p - out);
}

void
civil_zone(char out[CIVIL_ZONE_LEN], long off)
{
	long	 a = off < 0 ? -off : off;

	out[0] = off < 0 ? '-' : '+';
	two(out + 1, a / 3600 % 100);
	out[3] = ':';
	two(out + 4, a / 60 % 60);
	out[6] = '\0';
}

const char *
civil_weekday_name(int wd, int abbrev)
{
	wd = ((wd % 7) + 7) % 7;
	return abbrev ? weekdays3[wd] : weekdays[wd];
}

const char *
civil_month_name(long m, int abbrev)
{
	if (m < 1 || m > 12)
		return "";
	return abbrev ? months3[m - 1] : months[m - 1];
}

void
civil_long_date(char *out, size_t n, long day, int with_year)
{
	long	 y, m, d;
	char	 ds[FMT_INT_LEN], ys[FMT_INT_LEN];

	civil_ymd(day, &y, &m, &d);
	fmt_int(ds, d);
	fmt_int(ys, y);
	fmt_cat(out, n, weekdays[civil_weekday(day)], " ", ds, " ",
	    months[m - 1], with_year ? " " : "", with_year ? ys : "",
	    (char *)NULL);
}

void
civil_short_date(char *out, size_t n, long day)
{
	long	 y, m, d;

	civil_ymd(day, &y, &m, &d);
	snprintf(out, n, "%s %ld", weekdays3[civil_weekday(day)], d);
}
