/* fmt.c — numbers as people read and type them: durations, changes, fixed-point decimals */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"

#define FIXED_CAP	1000000000000LL	/* 10^12 units */

void
fmt_duration(char *out, size_t n, long s)
{
	if (s >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
		    s % 60);
	else
		snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

void
fmt_change(char *out, size_t n, double now, double before)
{
	double	 pct;

	if (before <= 0) {
		snprintf(out, n, "%s", now > 0 ? "new" : "—");
		return;
	}
	/* Whole percents, halves away from zero (printf would round to even). */
	pct = round((now - before) / before * 100.0);
	if (pct == 0)
		snprintf(out, n, "same");
	else
		snprintf(out, n, "%s%.0f%%", pct > 0 ? "+" : "−", fabs(pct));
}

enum fixed_parse
fmt_fixed_parse(const char *s, int decimals, long long *out)
{
	long long v = 0;
	size_t	 i, d;
	int	 k;

	if (s == NULL || s[0] < '0' || s[0] > '9')
		return FIXED_NOT_NUMBER;
	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
		if (v < FIXED_CAP)
			v = v * 10 + (s[i] - '0');
	if (s[i] != '\0' && s[i] != '.' && s[i] != ',')
		return FIXED_NOT_NUMBER;
	d = 0;
	if (s[i] != '\0') {
		for (i++; s[i + d] >= '0' && s[i + d] <= '9'; d++)
			;
		if (d == 0 || s[i + d] != '\0')
			return FIXED_NOT_NUMBER;
		if (d > (size_t)decimals &&
		    strspn(s + i + decimals, "0") < d - (size_t)decimals)
			return FIXED_TOO_PRECISE;
	}
	for (k = 0; k < decimals; k++) {
		if (v < FIXED_CAP)
			v = v * 10 + ((size_t)k < d ? s[i + k] - '0' : 0);
	}
	*out = v < FIXED_CAP ? v : FIXED_CAP;
	return FIXED_OK;
}

void
fmt_fixed(char *out, size_t n, long long v, int decimals)
{
	long long p = 1;
	int	 k;

	for (k = 0; k < decimals; k++)
		p *= 10;
	if (decimals == 0)
		snprintf(out, n, "%lld", v);
	else
		snprintf(out, n, "%lld.%0*lld", v / p, decimals, v % p);
}

void
fmt_trim(char *s)
{
	char	*dot, *end;

	if ((dot = strchr(s, '.')) == NULL)
		return;
	for (end = dot + strlen(dot); end > dot + 1 && end[-1] == '0'; end--)
		;
	if (end == dot + 1)
		end = dot;
	*end = '\0';
}

void
fmt_tenths(char *out, size_t n, double v)
{
	snprintf(out, n, "%.1f", v);
	fmt_trim(out);
	if (strcmp(out, "-0") == 0)
		snprintf(out, n, "0");
}
