/* bodyweight.c — body weight over time: one entry a day */
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "bodyweight.h"
#include "civil.h"
#include "db.h"
#include "fmt.h"
#include "mem.h"

static long long
kg100_of(const char *s)
{
	long long v;

	return fmt_fixed_parse(s, 2, &v) == FIXED_OK ? v : -1;
}

int
bw_list(struct db *db, struct arena *a, long from, struct bw_entry **out,
    size_t *n)
{
	char	 d[CIVIL_DATE_LEN];
	const char *p[1] = { d };
	PGresult *res;
	int	 i;

	civil_date(d, from < 0 ? 0 : from);
	res = db_exec(db, "SELECT day - date '1970-01-01', weight_kg "
	    "FROM body_weights WHERE user_id = current_user_id() "
	    "AND day >= $1::date ORDER BY day", 1, p);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (i = 0; i < PQntuples(res); i++) {
		(*out)[i].day = db_long(res, i, 0);
		(*out)[i].kg100 = kg100_of(PQgetvalue(res, i, 1));
	}
	PQclear(res);
	return 0;
}

long long
bw_pick(const struct bw_entry *e, size_t n, long day)
{
	size_t	 lo = 0, hi = n, mid;

	if (n == 0)
		return -1;
	/* The first entry after day: lo. */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (e[mid].day <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? e[lo - 1].kg100 : e[0].kg100;
}

int
bw_on(struct db *db, long day, long long *kg100)
{
	char	 d[CIVIL_DATE_LEN];
	const char *p[1] = { d };
	PGresult *res;

	civil_date(d, day);
	res = db_exec(db, "(SELECT weight_kg FROM body_weights "
	    "WHERE user_id = current_user_id() AND day <= $1::date "
	    "ORDER BY day DESC LIMIT 1) UNION ALL (SELECT weight_kg "
	    "FROM body_weights WHERE user_id = current_user_id() "
	    "ORDER BY day LIMIT 1) LIMIT 1", 1, p);
	if (res == NULL)
		return -1;
	*kg100 = PQntuples(res) == 1 ? kg100_of(PQgetvalue(res, 0, 0)) : -1;
	PQclear(res);
	return 0;
}

static const char latest_sql[] = "SELECT day - date '1970-01-01', "
    "weight_kg FROM body_weights WHERE user_id = current_user_id() "
    "AND day <= $1::date ORDER BY day DESC LIMIT 1";

void
bw_latest_query(struct arena *a, long today, struct db_query *q)
{
	char	*d = arena_alloc(a, CIVIL_DATE_LEN);
	const char **p = arena_alloc(a, sizeof(*p));

	civil_date(d, today);
	p[0] = d;
	q->sql = latest_sql;
	q->n = 1;
	q->params = p;
}

int
bw_latest(struct db *db, long today, long *day, long long *kg100)
{
	char	 d[CIVIL_DATE_LEN];
	const char *p[1] = { d };
	PGresult *res;

	civil_date(d, today);
	res = db_exec(db, latest_sql, 1, p);
	if (res == NULL)
		return -1;
	*day = -1;
	*kg100 = -1;
	if (PQntuples(res) == 1) {
		*day = db_long(res, 0, 0);
		*kg100 = kg100_of(PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	return 0;
}

int
bw_set(struct db *db, long day, long long kg100)
{
	char	 d[CIVIL_DATE_LEN], kg[32];
	const char *p[2] = { d, kg };

	civil_date(d, day);
	fmt_fixed(kg, sizeof(kg), kg100, 2);
	return db_cmd(db, "INSERT INTO body_weights (user_id, day, weight_kg) "
	    "VALUES (current_user_id(), $1::date, $2::numeric) "
	    "ON CONFLICT (user_id, day) DO UPDATE "
	    "SET weight_kg = EXCLUDED.weight_kg", 2, p);
}

int
bw_delete(struct db *db, long day)
{
	char	 d[CIVIL_DATE_LEN];
	const char *p[1] = { d };
	PGresult *res;
	long	 n;

	civil_date(d, day);
	res = db_exec(db, "DELETE FROM body_weights WHERE day = $1::date "
	    "AND user_id = current_user_id()", 1, p);
	if (res == NULL)
		return -1;
	n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n > 0;
}
