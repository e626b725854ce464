/* tz.c — the time zones a user may choose: PostgreSQL's IANA names, loaded once per worker */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "limits.h"
#include "tz.h"

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
