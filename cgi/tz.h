/* tz.h — the time zones a user may choose: PostgreSQL's IANA names, loaded once per worker */
#ifndef EXBUDDY_TZ_H
#define EXBUDDY_TZ_H

#include <stddef.h>

struct db;

/* The names, sorted (C collation); loaded on first use (~30 ms). NULL on failure. */
const char *const *tz_names(struct db *, size_t *n);
/* 1 when name is in the list (tz_names has loaded it). */
int	 tz_known(const char *name);

#endif
