/* tz.c — the time zones a user may choose: PostgreSQL's IANA names, loaded once per worker; the one a browser suggests */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "limits.h"
#include "tz.h"
#include "tzguess.h"

/* Per worker: the list changes only with PostgreSQL's time zone data. */
static const char *tz_list[TZ_MAX];
static char	 tz_text[TZ_BUF];
static size_t	 tz_count;

const char *const *
tz_names(struct db *db, size_t *n)
{
	PGresult *res;
	size_t	 used = 0, len;
	int	 i, rows;

	if (tz_count == 0) {
		res = db_exec(db, "SELECT name FROM pg_timezone_names "
		    "WHERE (name ~ '^[A-Za-z]+/[A-Za-z0-9_+/-]+$' OR "
		    "name = 'UTC') AND name !~ '^(posix|right)/' "
		    "ORDER BY name COLLATE \"C\"", 0, NULL);
		if (res == NULL)
			return NULL;
		rows = PQntuples(res);
		for (i = 0; i < rows && tz_count < TZ_MAX; i++) {
			len = strlen(PQgetvalue(res, i, 0)) + 1;
			if (used + len > sizeof(tz_text))
				break;
			memcpy(tz_text + used, PQgetvalue(res, i, 0), len);
			tz_list[tz_count++] = tz_text + used;
			used += len;
		}
		PQclear(res);
		if (i < rows)
			fprintf(stderr, "exbuddy: kept %zu of %d time zones\n",
			    tz_count, rows);
		if (tz_count == 0)
			return NULL;
	}
	*n = tz_count;
	return tz_list;
}

int
tz_known(const char *name)
{
	size_t	 i;

	for (i = 0; i < tz_count; i++)
		if (strcmp(tz_list[i], name) == 0)
			return 1;
	return 0;
}

#define TZ_ZONE_TAB	"/usr/share/zoneinfo/zone.tab"
#define TZ_ZONE1970_TAB	"/usr/share/zoneinfo/zone1970.tab"

/* Read by the master at start-up, inherited by the workers. */
static struct tzg_table countries;

int
tz_load_countries(void)
{
	static const char *const files[] = { TZ_ZONE_TAB, TZ_ZONE1970_TAB };
	static char text[TZ_TAB_BUF];
	size_t	 i, len, n = 0;
	FILE	*fp;

	for (i = 0; i < 2 && n == 0; i++) {
		if ((fp = fopen(files[i], "r")) == NULL)
			continue;
		len = fread(text, 1, sizeof(text) - 1, fp);
		if (ferror(fp) || !feof(fp))
			len = 0;	/* an error, or more than fits */
		fclose(fp);
		text[len] = '\0';
		n = tzg_parse(&countries, text);
	}
	if (n == 0)
		fprintf(stderr, "exbuddy: no countries in %s or %s: time zones "
		    "are not guessed\n", files[0], files[1]);
	return n > 0 ? 0 : -1;
}

const char *
tz_guess(struct db *db, const char *accept_language, int *lb)
{
	const char *z = NULL;
	char	 cc[3];
	size_t	 n;

	*lb = 0;
	if (tzg_region(accept_language, cc) != 0)
		return "UTC";
	*lb = tzg_pounds(cc);
	if (tz_names(db, &n) == NULL)
		return NULL;
	if ((z = tzg_zone(&countries, cc)) != NULL && !tz_known(z))
		z = tzg_first(&countries, cc);	/* the main one is unknown */
	return z != NULL && tz_known(z) ? z : "UTC";
}

int
tz_today(struct db *db, const char *zone, long *day)
{
	const char *p[1] = { zone };
	PGresult *res;

	res = db_exec(db, "SELECT (now() AT TIME ZONE $1)::date - "
	    "date '1970-01-01'", 1, p);
	if (res == NULL)
		return -1;
	*day = db_long(res, 0, 0);
	PQclear(res);
	return 0;
}
