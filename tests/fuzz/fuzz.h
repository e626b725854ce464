/* fuzz.h — what the fuzz targets share: a trap on a broken invariant, a reference UTF-8 check */
#ifndef EXBUDDY_FUZZ_H
#define EXBUDDY_FUZZ_H

#include <stddef.h>

#define CHECK(e)	do { if (!(e)) __builtin_trap(); } while (0)

/* Well-formed UTF-8 as the Unicode standard's table 3-7 lists it. */
static inline int
ref_utf8(const unsigned char *s, size_t len)
{
	size_t	 i = 0, n, k;
	unsigned char lo, hi;

	while (i < len) {
		lo = 0x80;
		hi = 0xbf;
		if (s[i] <= 0x7f)
			n = 0;
		else if (s[i] >= 0xc2 && s[i] <= 0xdf)
			n = 1;
		else if (s[i] == 0xe0) {
			n = 2;
			lo = 0xa0;
		} else if (s[i] == 0xed) {
			n = 2;
			hi = 0x9f;
		} else if (s[i] >= 0xe1 && s[i] <= 0xef)
			n = 2;
		else if (s[i] == 0xf0) {
			n = 3;
			lo = 0x90;
		} else if (s[i] == 0xf4) {
			n = 3;
			hi = 0x8f;
		} else if (s[i] >= 0xf1 && s[i] <= 0xf3)
			n = 3;
		else
			return 0;
		if (n > len - i - 1)
			return 0;
		for (k = 1; k <= n; k++) {
			if (s[i + k] < (k == 1 ? lo : 0x80) ||
			    s[i + k] > (k == 1 ? hi : 0xbf))
				return 0;
		}
		i += n + 1;
	}
	return 1;
}

#endif
