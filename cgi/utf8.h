/* utf8.h — UTF-8 text: well-formedness, control characters, length in characters */
#ifndef EXBUDDY_UTF8_H
#define EXBUDDY_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int	 utf8_valid(const char *s, size_t len);
/*
 * 1 when s[0..n) holds a C0 control (except those allowed: a string of
 * bytes such as "\t\n"), DEL, or a C1 control (U+0080 to U+009F).
 */
int	 utf8_has_controls(const char *s, size_t n, const char *allowed);
/* Number of characters in valid UTF-8 s[0..len). */
size_t	 utf8_chars(const char *s, size_t len);
/*
 * 1 when the strings are the same but for letter case, in every alphabet,
 * as PostgreSQL's lower() sees it in a UTF-8 database ("Übung" and
 * "übung"); ASCII only if the C.UTF-8 locale is missing.
 */
int	 utf8_same_fold(const char *a, const char *b);
/*
 * a against b as their lower case letters' code points, the order of
 * PostgreSQL's "ORDER BY lower(name)" in a C.UTF-8 database: < 0, 0
 * (utf8_same_fold) or > 0.
 */
int	 utf8_cmp_fold(const char *a, const char *b);

#endif
