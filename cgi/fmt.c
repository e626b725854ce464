/* fmt.c — numbers as people read and type them: durations, changes, fixed-point decimals, and integers and tenths as printf writes them */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"

#define FIXED_CAP	1000000000000LL	/* 10^12 units */

/* u's digits, ending at end (not written); returns where they start. */
static char *
digits(char *end, unsigned long long u)
{
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	return end;
}

size_t
fmt_int(char out[FMT_INT_LEN], long long v)
{
	char	 s[FMT_INT_LEN], *p;
	size_t	 n;

	/* The magnitude as unsigned: -LLONG_MIN does not fit a long long. */
	p = digits(s + sizeof(s), v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v);
	if (v < 0)
		*--p = '-';
	n = (size_t)(s + sizeof(s) - p);
	memcpy(out, p, n);
	out[n] = '\0';
	return n;
}

size_t
fmt_1f(char out[FMT_1F_LEN], double v)
{
	char	 s[FMT_INT_LEN + 2], *p, *end = s + sizeof(s);
	double	 a = fabs(v) * 10, f;
	unsigned long long t;
	size_t	 n;
	int	 k;

	/*
	 * Below 10^12, v * 10 is within a thousandth of its exact value and
	 * a half is a double: rounded, it is printf's answer, except at or
	 * near a half, where the decimal expansion decides (printf's).
	 * Below 10^13, a's whole part and fraction are exact in a double.
	 */
	if (!(a < 1e13) || fabs((f = a - (double)(t = (unsigned long long)a)) -
	    0.5) < 1e-6) {
		k = snprintf(out, FMT_1F_LEN, "%.1f", v);
		return k < 0 ? 0 : (size_t)k < FMT_1F_LEN ? (size_t)k :
		    FMT_1F_LEN - 1;
	}
	t += f > 0.5;
	*--end = (char)('0' + t % 10);
	p = end - 1;
	*p = '.';
	p = digits(p, t / 10);
	if (signbit(v))
		*--p = '-';
	n = (size_t)(s + sizeof(s) - p);
	memcpy(out, p, n);
	out[n] = '\0';
	return n;
}

/* s, len bytes, into out (n bytes) as snprintf would put it: cut to fit. */
static void
put(char *out, size_t n, const char *s, size_t len)
{
	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

/* Two digits of v (0 to 59), at p. */
static char *
two(char *p, long v)
{
	*p++ = (char)('0' + v / 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

void
fmt_duration(char *out, size_t n, long s)
{
	char	 t[FMT_INT_LEN + 8], *p = t;

	if (s < 0) {	/* not a duration; as printf had it */
		snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
		return;
	}
	p += fmt_int(p, s >= 3600 ? s / 3600 : s / 60);
	*p++ = ':';
	if (s >= 3600) {
		p = two(p, s / 60 % 60);
		*p++ = ':';
	}
	p = two(p, s % 60);
	put(out, n, t, (size_t)(p - t));
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

int
fmt_digits(const char *s, const char **end, long long *v)
{
	const char *p = s + (*s == '-');
	unsigned long long u = 0, lim;
	unsigned d;
	int	 over = 0;

	if (*p < '0' || *p > '9') {
		*end = s;
		*v = 0;
		return -1;
	}
	lim = *s == '-' ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (; *p >= '0' && *p <= '9'; p++) {
		d = (unsigned)(*p - '0');
		if (u > (lim - d) / 10) {
			u = lim;
			over = 1;
		} else
			u = u * 10 + d;
	}
	*end = p;
	*v = *s != '-' ? (long long)u : u == 0 ? 0 : -(long long)(u - 1) - 1;
	return over;
}

void
fmt_fixed(char *out, size_t n, long long v, int decimals)
{
	long long p = 1;
	char	 s[FMT_INT_LEN + 24], *q, *end = s + sizeof(s);
	int	 k;

	if (v < 0 || decimals < 0 || decimals > 18) {
		for (k = 0; k < decimals; k++)
			p *= 10;
		if (decimals == 0)
			snprintf(out, n, "%lld", v);
		else
			snprintf(out, n, "%lld.%0*lld", v / p, decimals,
			    v % p);
		return;
	}
	/* printf's answer without its cost: an exercise's page writes ~200. */
	q = end;
	for (k = 0; k < decimals; k++) {
		*--q = (char)('0' + v % 10);
		v /= 10;
	}
	if (decimals > 0)
		*--q = '.';
	q = digits(q, (unsigned long long)v);
	put(out, n, q, (size_t)(end - q));
}

size_t
fmt_cat(char *out, size_t n, ...)
{
	va_list	 ap;
	const char *s;
	size_t	 at = 0;

	if (n == 0)
		return 0;
	/*
	 * Byte by byte: the pieces are a few bytes (a date's words, a
	 * number), where strlen and memcpy cost more than the copy.
	 */
	va_start(ap, n);
	while ((s = va_arg(ap, const char *)) != NULL && at < n - 1)
		for (; *s != '\0' && at < n - 1; s++)
			out[at++] = *s;
	va_end(ap);
	out[at] = '\0';
	return at;
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
	char	 s[FMT_1F_LEN];

	fmt_1f(s, v);
	fmt_trim(s);
	if (strcmp(s, "-0") == 0)
		put(out, n, "0", 1);
	else
		put(out, n, s, strlen(s));
}
