/* fmt.h — numbers as people read and type them: durations, changes, fixed-point decimals, and integers and tenths as printf writes them */
#ifndef EXBUDDY_FMT_H
#define EXBUDDY_FMT_H

#include <stddef.h>

/* Room for any long long in decimal, its sign and the NUL. */
#define FMT_INT_LEN	21
/* Room for any double as "%.1f" writes it (DBL_MAX: 309 digits). */
#define FMT_1F_LEN	320

/*
 * v in decimal, as "%lld" writes it, into out; returns its length.
 * These two write what printf would, without its cost: a /stats page
 * formats some 2,000 numbers.
 */
size_t	 fmt_int(char out[FMT_INT_LEN], long long v);
/* v as "%.1f" writes it, into out; returns its length. */
size_t	 fmt_1f(char out[FMT_1F_LEN], double v);
/* "1:05" for 65 seconds, "1:02:03" from an hour on, into out. */
void	 fmt_duration(char *out, size_t n, long seconds);
/*
 * The change from before to now in whole percents, halves away from
 * zero: "+25%", "−10%" (a minus sign), "same"; "new" when before is 0
 * and now is not, "—" when both are 0.
 */
void	 fmt_change(char *out, size_t n, double now, double before);

enum fixed_parse {
	FIXED_OK,
	FIXED_NOT_NUMBER,	/* not digits with one optional . or , */
	FIXED_TOO_PRECISE	/* a non-zero digit past the decimals allowed */
};

/*
 * A non-negative decimal such as "72", "72.5", "72,5" or "72.50" as a
 * whole number of 10^-decimals units (72.5 with 1 decimal: 725), into
 * *out. Values past 10^12 units are capped there (still too large for
 * any field).
 */
enum fixed_parse fmt_fixed_parse(const char *s, int decimals, long long *out);
/*
 * "-" and digits at s, as strtoll reads them there (no space, no "+"),
 * into *v, *end past them: 0; past a long long, *v clamped and 1; no
 * digits, *v 0 and *end s: -1. By hand: the pages read hundreds a request.
 */
int	 fmt_digits(const char *s, const char **end, long long *v);
/* v units of 10^-decimals as "72.5" (always that many decimals), into out. */
void	 fmt_fixed(char *out, size_t n, long long v, int decimals);
/*
 * The strings given, up to a NULL, one after the other into out (n
 * bytes), cut to fit as snprintf cuts; returns the length written.
 */
size_t	 fmt_cat(char *out, size_t n, ...) __attribute__((sentinel));

/*
 * A decimal as people read it: trailing zeros after the point dropped,
 * the point too when nothing follows ("3.0" → "3", "2.50" → "2.5"), in
 * place. Text without a point is left alone.
 */
void	 fmt_trim(char *s);
/* v rounded to one decimal and trimmed: "3", "12.5". */
void	 fmt_tenths(char *out, size_t n, double v);

#endif
