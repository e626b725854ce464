/* civil.h — calendar arithmetic and ISO 8601 times in plain C: days, weeks, months, names */
#ifndef EXBUDDY_CIVIL_H
#define EXBUDDY_CIVIL_H

#include <stddef.h>
#include <time.h>

/*
 * A day is a whole number of days since 1970-01-01 (negative before),
 * in the proleptic Gregorian calendar. Times of day and time zones are
 * PostgreSQL's business: a day here is already a local date.
 */
#define CIVIL_DATE_LEN	11	/* "YYYY-MM-DD" and its NUL */
#define CIVIL_STAMP_LEN	20	/* "YYYY-MM-DDTHH:MM:SS" and its NUL */
#define CIVIL_ZONE_LEN	7	/* "+HH:MM" and its NUL */
#define CIVIL_LAST_DAY	2932896	/* 9999-12-31, the last day a form takes */

long	 civil_days(long y, long m, long d);
void	 civil_ymd(long day, long *y, long *m, long *d);
int	 civil_days_in_month(long y, long m);
/* 0 Sunday … 6 Saturday. */
int	 civil_weekday(long day);
/* The first day of the week holding day, weeks starting on first (0 Sunday, 1 Monday). */
long	 civil_week_start(long day, int first);
/* The first day of the month m months after day's month (m may be negative). */
long	 civil_month_start(long day, long m);
/* How many months day's month is after from's (negative before). */
long	 civil_months_after(long from, long day);
/* The month (1 to 12) whose 1st is one of the 7 days from day, or 0. */
long	 civil_week_month(long day);

/* "YYYY-MM-DD", years 1 to 9999, a real date: 0 and *day, or -1. */
int	 civil_parse_date(const char *s, long *day);
/*
 * "YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)" (a space may stand for T), years 1
 * to 9999, into seconds since the epoch. 0, or -1 when it is not such a
 * time.
 */
int	 civil_parse_iso(const char *s, time_t *t);
/*
 * A timestamptz as PostgreSQL writes it (DateStyle ISO) in whole seconds:
 * "YYYY-MM-DD HH:MM:SS±HH[:MM[:SS]]", years 1 to 9999, into its local
 * day (days since 1970), second of that day and the offset from UTC in
 * seconds (east positive). 0, or -1 when it is not such a time.
 */
int	 civil_parse_pg(const char *s, long *day, long *sec, long *off);

/* "YYYY-MM-DD" of day into out (CIVIL_DATE_LEN bytes). */
void	 civil_date(char out[CIVIL_DATE_LEN], long day);
/*
 * "YYYY-MM-DD HH:MM" (or with ":SS"; sep for the space) of day and sec,
 * a second of that day, into out; its length.
 */
size_t	 civil_stamp(char out[CIVIL_STAMP_LEN], long day, long sec, char sep,
	    int seconds);
/* "+HH:MM" of an offset east of UTC in seconds (its whole minutes). */
void	 civil_zone(char out[CIVIL_ZONE_LEN], long off);
/* English names: "Monday" or "Mon"; "March" or "Mar" (m 1–12). */
const char *civil_weekday_name(int wd, int abbrev);
const char *civil_month_name(long m, int abbrev);
/* "Monday 2 March 2026" (with_year) or "Monday 2 March", into out. */
void	 civil_long_date(char *out, size_t n, long day, int with_year);
/* "Mon 2", into out. */
void	 civil_short_date(char *out, size_t n, long day);

#endif
