/* valid.c — field validators: bounded integers, lengths, UTF-8, enums */
#include <string.h>

#include "http.h"
#include "valid.h"

int
valid_int(const char *s, long long min, long long max, long long *out,
    const char **why)
{
	const char *p = s;
	long long v = 0;
	int	 neg = 0, d;

	*why = "is not a whole number";
	if (s == NULL || *s == '\0')
		return -1;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p == '\0' || (p[0] == '0' && p[1] != '\0'))
		return -1;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		d = *p - '0';
		/* Accumulate negatively: LLONG_MIN has no positive twin. */
		if (v < (-9223372036854775807LL - 1 + d) / 10) {
			*why = neg ? "is too small" : "is too large";
			return -1;
		}
		v = v * 10 - d;
	}
	if (!neg) {
		if (v == -9223372036854775807LL - 1) {
			*why = "is too large";
			return -1;
		}
		v = -v;
	}
	if (v < min) {
		*why = "is too small";
		return -1;
	}
	if (v > max) {
		*why = "is too large";
		return -1;
	}
	*out = v;
	*why = NULL;
	return 0;
}

size_t
valid_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

int
valid_text(const char *s, size_t min, size_t max, int multiline)
{
	size_t	 len, i, n;
	unsigned char c;

	if (s == NULL)
		return min == 0;
	len = strlen(s);
	if (!http_utf8_valid(s, len))
		return 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == 0x7f || (c < 0x20 && !(multiline &&
		    (c == '\n' || c == '\r' || c == '\t'))))
			return 0;
	}
	n = valid_chars(s, len);
	return n >= min && n <= max;
}

int
valid_enum(const char *s, const char *const *list)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}
