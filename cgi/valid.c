/* valid.c — field validators: bounded integers, lengths, UTF-8, enums */
#include <string.h>

#include "limits.h"
#include "utf8.h"
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

int
valid_text(const char *s, size_t min, size_t max, int multiline)
{
	size_t	 len, n;

	if (s == NULL)
		return min == 0;
	len = strlen(s);
	if (!utf8_valid(s, len) ||
	    utf8_has_controls(s, len, multiline ? "\t\n\r" : NULL))
		return 0;
	n = utf8_chars(s, len);
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

/* One dot-separated domain label: letters, digits, inner hyphens. */
static int
label_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-'))
			return 0;
	return 1;
}

int
valid_email(const char *s)
{
	const char *at, *d, *dot;
	size_t	 i, local, labels = 0;

	if (s == NULL || strlen(s) > EMAIL_MAX_CHARS || (at = strchr(s, '@')) == NULL ||
	    strchr(at + 1, '@') != NULL)
		return 0;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || at[-1] == '.')
		return 0;
	for (i = 0; i < local; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f ||
		    strchr("()<>[]:;@\\,\"", s[i]) != NULL ||
		    (s[i] == '.' && s[i + 1] == '.'))
			return 0;
	for (d = at + 1; ; d = dot + 1) {
		dot = strchr(d, '.');
		if (!label_ok(d, dot ? (size_t)(dot - d) : strlen(d)))
			return 0;
		labels++;
		if (dot == NULL)
			break;
	}
	return labels >= 2;
}

int
valid_username(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	return n >= USERNAME_MIN_CHARS && n <= USERNAME_MAX_CHARS && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

int
valid_uuid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (strchr("0123456789abcdefABCDEF", s[i]) == NULL ||
		    s[i] == '\0')
			return 0;
	}
	return 1;
}
