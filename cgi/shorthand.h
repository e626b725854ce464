/* shorthand.h — sets written short: "5x10", "3 × 8 @ 20kg", "3x1:30", "5x5 @ 225 lb, 3x3 @ 245 lb" */
#ifndef EXBUDDY_SHORTHAND_H
#define EXBUDDY_SHORTHAND_H

#include <stddef.h>

struct set;

/*
 * Parses s into out[0..*n) (at most max sets). Groups separated by ","
 * or ";": [COUNT x] AMOUNT [@ LOAD]. COUNT 1 to SETS_MAX, "x", "X", "×"
 * or "*"; AMOUNT reps (1 to WK_MAX_REPS), or a time "1:30", "90s",
 * "90 sec", "2 min" (up to WK_MAX_SECONDS); LOAD a signed number with
 * an optional unit "kg" or "lb" (else lb when lb is set, else kg), to
 * 0.01 kg or 0.1 lb, at most LOAD_MAX_KG either way. Spaces anywhere,
 * letters in any case. Returns 0, or -1 with *why a sentence for the
 * person who typed it.
 */
int	 sh_parse(const char *s, int lb, struct set *out, size_t max, size_t *n,
	    const char **why);

#endif
