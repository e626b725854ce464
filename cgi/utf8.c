/* utf8.c — UTF-8 text: well-formedness, control characters, length in characters */
#include <locale.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "utf8.h"

/* Accepts well-formed UTF-8 only: no overlongs, surrogates or > U+10FFFF. */
int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	 i = 0, n, k;
	unsigned int cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			n = 1; cp = s[i] & 0x1f;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			n = 2; cp = s[i] & 0x0f;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			n = 3; cp = s[i] & 0x07;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

int
utf8_has_controls(const char *s, size_t n, const char *allowed)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if ((u[i] < 0x20 && (u[i] == 0 || allowed == NULL ||
		    strchr(allowed, u[i]) == NULL)) || u[i] == 0x7f)
			return 1;
		/* C1 controls, U+0080 to U+009F: C2 80 to C2 9F in UTF-8. */
		if (u[i] == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0x9f)
			return 1;
	}
	return 0;
}

size_t
utf8_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * The code point at *s (valid UTF-8, or a byte taken as it is), and s
 * moved past it.
 */
static unsigned int
next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned int cp = *p;
	int	 n = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : cp >= 0xc0 ? 1 : 0;

	if (n > 0)
		cp &= 0x3fu >> n;
	for (p++; n > 0 && (*p & 0xc0) == 0x80; n--, p++)
		cp = (cp << 6) | (*p & 0x3f);
	*s = p;
	return cp;
}

int
utf8_cmp_fold(const char *a, const char *b)
{
	static locale_t loc;
	static int tried;
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	wint_t	 p, q;

	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (loc == (locale_t)0)
		return strcasecmp(a, b);
	while (*x != '\0' && *y != '\0') {
		/* The same character needs no lookup. */
		p = (wint_t)next_cp(&x);
		q = (wint_t)next_cp(&y);
		if (p != q && (p = towlower_l(p, loc)) != (q = towlower_l(q, loc)))
			return p < q ? -1 : 1;
	}
	return (*x != '\0') - (*y != '\0');
}

int
utf8_same_fold(const char *a, const char *b)
{
	return utf8_cmp_fold(a, b) == 0;
}
