/* bodyweight.h — body weight over time: one entry a day */
#ifndef EXBUDDY_BODYWEIGHT_H
#define EXBUDDY_BODYWEIGHT_H

#include <stddef.h>

struct arena;
struct db;
struct db_query;

struct bw_entry {
	long		 day;		/* days since 1970, local */
	long long	 kg100;		/* hundredths of a kg */
};

/* The user's entries from day `from` on, oldest first. 0 or -1. */
int	 bw_list(struct db *, struct arena *, long from, struct bw_entry **out,
	    size_t *n);
/*
 * The weight that counts on day of entries e[0..n) (oldest first): the
 * latest on or before it, else the first one after it; -1 when none.
 */
long long bw_pick(const struct bw_entry *e, size_t n, long day);
/* The same from the database, for one day. 0 or -1. */
int	 bw_on(struct db *, long day, long long *kg100);
/*
 * The latest entry up to today, a day number (*day -1 and *kg100 -1 when
 * none): an entry logged ahead is not yet the weight. 0 or -1.
 */
int	 bw_latest(struct db *, long today, long *day, long long *kg100);
/* bw_latest's statement, for db_prefetch. */
void	 bw_latest_query(struct arena *, long today, struct db_query *);
/* Logs kg100 on day, replacing that day's entry. 0 or -1. */
int	 bw_set(struct db *, long day, long long kg100);
/* Deletes the entry of day: 1 deleted, 0 none, -1. */
int	 bw_delete(struct db *, long day);

#endif
