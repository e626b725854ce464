/* valid.h — field validators: bounded integers, lengths, UTF-8, enums */
#ifndef EXBUDDY_VALID_H
#define EXBUDDY_VALID_H

#include <stddef.h>

/*
 * Parses a decimal integer in [min, max] (optional leading '-', no
 * spaces, no '+', no leading zeros beyond "0"). Returns 0 and sets *out,
 * or -1 with a reason ("is not a whole number", "is too small",
 * "is too large") in *why.
 */
int	 valid_int(const char *s, long long min, long long max,
	    long long *out, const char **why);
/* 1 when s is valid UTF-8 of min..max characters with no control chars. */
int	 valid_text(const char *s, size_t min, size_t max, int multiline);
/* Index of s in the NULL-terminated list, or -1. */
int	 valid_enum(const char *s, const char *const *list);

/* An email address of a sane shape, at most 255 characters. */
int	 valid_email(const char *s);
/* 3–50 of A–Z a–z 0–9 _ - */
int	 valid_username(const char *s);
/* A uuid in its usual text form (lowercase or uppercase hex). */
int	 valid_uuid(const char *s);

#endif
