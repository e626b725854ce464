/* tz.h — the time zones a user may choose: PostgreSQL's IANA names, loaded once per worker; the one a browser suggests */
#ifndef EXBUDDY_TZ_H
#define EXBUDDY_TZ_H

#include <stddef.h>

struct db;

/* The names, sorted (C collation); loaded on first use (~30 ms). NULL on failure. */
const char *const *tz_names(struct db *, size_t *n);
/* 1 when name is in the list (tz_names has loaded it). */
int	 tz_known(const char *name);

/*
 * Reads each country's main zone from tzdata's zone.tab (else
 * zone1970.tab), once, at start-up. 0, or -1 when neither has any (then
 * every guess is UTC; logged).
 */
int	 tz_load_countries(void);
/*
 * The zone a browser suggests by its Accept-Language header (may be
 * NULL): the main zone of the region of its preferred language when
 * there is one and PostgreSQL knows it, else "UTC". *lb: 1 when people
 * of that region weigh in pounds. NULL when the names cannot be loaded.
 */
const char *tz_guess(struct db *, const char *accept_language, int *lb);
/* Today in zone (a name PostgreSQL knows), in days since 1970. 0 or -1. */
int	 tz_today(struct db *, const char *zone, long *day);

#endif
