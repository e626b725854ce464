/* stats.c — totals, records, streaks, months and the year, in the user's time zone */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "civil.h"
#include "db.h"
#include "exercise.h"
#include "fmt.h"
#include "mem.h"
#include "stats.h"
#include "utf8.h"

static long
num(PGresult *res, int i, int col)
{
	return db_long(res, i, col);
}

/*
 * A kcal as numeric(16,1) writes it ("1201.3"): its tenths over 10,
 * which is strtod's answer (both round the exact value once), without
 * strtod's cost (a stats page reads some eighty); strtod for any other
 * form.
 */
static double
kcal_of(PGresult *res, int i, int col)
{
	const char *s = PQgetvalue(res, i, col);
	long long v;

	if (fmt_fixed_parse(s, 1, &v) == FIXED_OK && v < 1000000000000LL)
		return (double)v / 10;
	return strtod(s, NULL);
}

static const char *
text(struct arena *a, PGresult *res, int i, int col)
{
	return arena_strdup(a, PQgetvalue(res, i, col));
}

static void
fill_total(struct ex_total *t, PGresult *res, int i)
{
	t->workouts = num(res, i, 1);
	t->reps = num(res, i, 2);
	t->seconds = num(res, i, 3);
	t->kcal = kcal_of(res, i, 4);
	t->prev_workouts = num(res, i, 5);
	t->prev_reps = num(res, i, 6);
	t->prev_seconds = num(res, i, 7);
	t->prev_kcal = kcal_of(res, i, 8);
	t->goal = num(res, i, 9);
}

/*
 * Exercises as the pages list them: by name, letter case aside (the
 * exercise pages' lower(name)), then as written, then by slug.
 */
static int
name_order(const char *name1, const char *slug1, const char *name2,
    const char *slug2)
{
	int	 d;

	if ((d = utf8_cmp_fold(name1, name2)) != 0 ||
	    (d = strcmp(name1, name2)) != 0)
		return d;
	return strcmp(slug1, slug2);
}

static int
by_name(const void *x, const void *y)
{
	const struct ex_total *p = x, *q = y;

	return name_order(p->name, p->slug, q->name, q->slug);
}

/* The statements of the stats_ functions, in enum stats_query's order. */
static const struct {
	const char	*sql;
	int		 param;		/* 0 none, 'd' a date, 'i' a number */
} queries[] = {
	/*
	 * Per exercise, this week's and last week's sums and the goal.
	 * Named and ordered in C from the library (stats_week_totals): the
	 * join with exercise_types and exercise_label cost PostgreSQL as
	 * much as the sums (pgbench, 0.06 of 0.14 ms).
	 */
	[SQ_WEEK_TOTALS] = { "WITH w AS (SELECT d.exercise_type_id AS ex, "
	    "d.day >= $1::date AS cur, d.workouts AS n, d.reps, "
	    "d.seconds AS dur, coalesce(d.kcal, 0) AS kcal "
	    "FROM daily_totals d WHERE d.user_id = current_user_id() "
	    "AND d.day BETWEEN $1::date - 7 AND $1::date + 6), "
	    "t AS (SELECT ex, coalesce(sum(n) FILTER (WHERE cur), 0) AS n, "
	    "coalesce(sum(reps) FILTER (WHERE cur), 0) AS reps, "
	    "coalesce(sum(dur) FILTER (WHERE cur), 0) AS dur, "
	    "coalesce(sum(kcal) FILTER (WHERE cur), 0) AS kcal, "
	    "coalesce(sum(n) FILTER (WHERE NOT cur), 0) AS pn, "
	    "coalesce(sum(reps) FILTER (WHERE NOT cur), 0) AS preps, "
	    "coalesce(sum(dur) FILTER (WHERE NOT cur), 0) AS pdur, "
	    "coalesce(sum(kcal) FILTER (WHERE NOT cur), 0) AS pkcal "
	    "FROM w GROUP BY ex) "
	    "SELECT coalesce(t.ex, g.exercise_type_id), coalesce(t.n, 0), "
	    "coalesce(t.reps, 0), coalesce(t.dur, 0), coalesce(t.kcal, 0), "
	    "coalesce(t.pn, 0), coalesce(t.preps, 0), coalesce(t.pdur, 0), "
	    "coalesce(t.pkcal, 0), coalesce(g.weekly_target, 0) FROM t "
	    "FULL JOIN (SELECT exercise_type_id, weekly_target FROM goals "
	    "WHERE user_id = current_user_id()) g ON g.exercise_type_id = t.ex",
	    'd' },
	/* Named and ordered in C too (stats_days). */
	[SQ_DAYS] = { "SELECT d.day - $1::date, d.exercise_type_id, "
	    "d.workouts, d.reps, d.seconds, coalesce(d.kcal, 0) "
	    "FROM daily_totals d WHERE d.user_id = current_user_id() "
	    "AND d.day BETWEEN $1::date AND $1::date + 6",
	    'd' },
	/* The runs of days, then the longest and the days with a workout. */
	[SQ_STREAKS] = { "SELECT coalesce((SELECT max(r.last_day - "
	    "r.first_day + 1) FROM activity_runs r "
	    "WHERE r.user_id = current_user_id() "
	    "AND r.last_day >= $1::date - 1), 0), coalesce(a.longest, 0), "
	    "coalesce(a.days, 0) FROM (SELECT) one LEFT JOIN user_activity a "
	    "ON a.user_id = current_user_id()",
	    'd' },
	/*
	 * Named and ordered in C too (stats_records), which also adds them
	 * up: the totals of all time (a sum here cost PostgreSQL more).
	 */
	[SQ_RECORDS] = { "SELECT t.exercise_type_id, t.workouts, t.reps, "
	    "t.seconds, "
	    "CASE WHEN t.best_reps > 0 THEN t.best_reps END, "
	    "CASE WHEN t.best_reps > 0 THEN t.best_reps_day END, "
	    "CASE WHEN t.best_day_reps > 0 THEN t.best_day_reps END, "
	    "CASE WHEN t.best_day_reps > 0 THEN t.best_day END, "
	    "CASE WHEN t.best_seconds > 0 THEN t.best_seconds END, "
	    "CASE WHEN t.best_seconds > 0 THEN t.best_seconds_day END, "
	    "CASE WHEN t.best_week > 0 THEN t.best_week END, t.best_week_of, "
	    "t.kcal FROM exercise_totals t WHERE t.user_id = current_user_id()",
	    0 },
	/*
	 * The months kept summed (sql/018: twelve or thirteen rows an
	 * exercise), each by its first day; stats_months counts the months
	 * from $1 (date_part here cost PostgreSQL a fifth of the statement).
	 * Each exercise's slug and label come from the records' rows
	 * (stats_months): joining exercise_types and calling exercise_label
	 * here cost PostgreSQL more than the rest of the statement.
	 */
	[SQ_MONTHS] = { "SELECT t.month - date '1970-01-01', "
	    "t.exercise_type_id, t.workouts, t.reps, t.seconds, "
	    "coalesce(t.kcal, 0) FROM month_totals t "
	    "WHERE t.user_id = current_user_id() AND t.month >= $1::date",
	    'd' },
	/* The days kept summed over the exercises (sql/018): a row a day. */
	[SQ_YEAR] = { "SELECT day - date '1970-01-01', workouts, reps, "
	    "seconds FROM user_days WHERE user_id = current_user_id() "
	    "AND day >= $1::date ORDER BY day",
	    'd' },
};

void
stats_query(struct arena *a, enum stats_query which, long arg,
    struct db_query *q)
{
	const char **p = arena_alloc(a, sizeof(*p));
	char	*v;

	q->sql = queries[which].sql;
	q->n = queries[which].param ? 1 : 0;
	q->params = p;
	if (queries[which].param == 'd') {
		v = arena_alloc(a, CIVIL_DATE_LEN);
		civil_date(v, arg);
		p[0] = v;
	} else if (queries[which].param == 'i')
		p[0] = arena_printf(a, "%ld", arg);
}

/*
 * The exercise of row i's id in column col, named from lib into *slug,
 * *name and *timed; NULL, and nothing set, when lib lacks it (none does:
 * every exercise of the user is in the library, sql/021).
 */
static const struct exercise *
row_exercise(struct arena *a, const struct library *lib, PGresult *res,
    int i, int col, const char **slug, const char **name, int *timed)
{
	const struct exercise *e = ex_by_id(lib, PQgetvalue(res, i, col));

	if (e != NULL) {
		*slug = e->slug;
		*name = ex_label(a, lib, e);
		*timed = e->timed;
	}
	return e;
}

int
stats_week_totals(struct db *db, struct arena *a, const struct library *lib,
    long start, struct ex_total **out, size_t *n)
{
	struct db_query q;
	struct ex_total *t;
	PGresult *res;
	int	 i;

	/* The 14 days' rows of the summary (sql/010_daily_totals.sql). */
	stats_query(a, SQ_WEEK_TOTALS, start, &q);
	res = db_exec(db, q.sql, q.n, q.params);
	if (res == NULL)
		return -1;
	*out = t = arena_alloc(a, ((size_t)PQntuples(res) + 1) * sizeof(*t));
	for (i = 0; i < PQntuples(res); i++) {
		if (row_exercise(a, lib, res, i, 0, &t->slug, &t->name,
		    &t->timed) != NULL)
			fill_total(t++, res, i);
	}
	*n = (size_t)(t - *out);
	PQclear(res);
	qsort(*out, *n, sizeof(**out), by_name);
	return 0;
}

static int
by_day_then_name(const void *x, const void *y)
{
	const struct day_total *p = x, *q = y;

	if (p->day != q->day)
		return p->day < q->day ? -1 : 1;
	return name_order(p->name, p->slug, q->name, q->slug);
}

int
stats_days(struct db *db, struct arena *a, const struct library *lib,
    long start, struct day_total **out, size_t *n)
{
	struct db_query q;
	struct day_total *t;
	PGresult *res;
	int	 i;

	stats_query(a, SQ_DAYS, start, &q);
	res = db_exec(db, q.sql, q.n, q.params);
	if (res == NULL)
		return -1;
	*out = t = arena_alloc(a, ((size_t)PQntuples(res) + 1) * sizeof(*t));
	for (i = 0; i < PQntuples(res); i++) {
		if (row_exercise(a, lib, res, i, 1, &t->slug, &t->name,
		    &t->timed) == NULL)
			continue;
		t->day = start + num(res, i, 0);
		t->workouts = num(res, i, 2);
		t->reps = num(res, i, 3);
		t->seconds = num(res, i, 4);
		t->kcal = text(a, res, i, 5);
		t++;
	}
	*n = (size_t)(t - *out);
	PQclear(res);
	qsort(*out, *n, sizeof(**out), by_day_then_name);
	return 0;
}

int
stats_streaks(struct db *db, struct arena *a, long today, long *current,
    long *longest, long *days)
{
	struct db_query q;
	PGresult *res;

	/* The runs of days (sql/012_user_totals.sql) ending yesterday or later. */
	stats_query(a, SQ_STREAKS, today, &q);
	res = db_exec(db, q.sql, q.n, q.params);
	if (res == NULL)
		return -1;
	*current = num(res, 0, 0);
	*longest = num(res, 0, 1);
	if (days != NULL)
		*days = num(res, 0, 2);
	PQclear(res);
	return 0;
}

/*
 * sum plus a kcal as numeric(16,1) writes it ("1201.3"; NULL, "": 0) in
 * tenths; at most LLONG_MAX (a sum no user's rows come near: each is
 * under 10^16 tenths).
 */
static long long
add_tenths(long long sum, const char *s)
{
	long long v = 0;

	for (; *s >= '0' && *s <= '9' && v < LLONG_MAX / 100; s++)
		v = v * 10 + (*s - '0');
	v *= 10;
	if (*s == '.' && s[1] >= '0' && s[1] <= '9')
		v += s[1] - '0';
	return v > LLONG_MAX - sum ? LLONG_MAX : sum + v;
}

static void
fill_record(struct arena *a, struct ex_record *r, PGresult *res, int i)
{
	r->workouts = num(res, i, 1);
	r->reps = num(res, i, 2);
	r->seconds = num(res, i, 3);
	if (!PQgetisnull(res, i, 4)) {
		r->best_set = num(res, i, 4);
		r->best_set_day = text(a, res, i, 5);
		r->best_day = num(res, i, 6);
		r->best_day_day = text(a, res, i, 7);
	}
	if (!PQgetisnull(res, i, 8)) {
		r->longest = num(res, i, 8);
		r->longest_day = text(a, res, i, 9);
	}
	if (!PQgetisnull(res, i, 10)) {
		r->best_week = num(res, i, 10);
		r->best_week_of = text(a, res, i, 11);
	}
}

static int
by_record_name(const void *x, const void *y)
{
	const struct ex_record *p = x, *q = y;

	return name_order(p->name, p->slug, q->name, q->slug);
}

int
stats_records(struct db *db, struct arena *a, const struct library *lib,
    struct ex_record **out, size_t *n, struct all_time *all)
{
	const struct exercise *e;
	struct db_query q;
	struct ex_record *r;
	PGresult *res;
	char	 s[FMT_INT_LEN + 2];
	long long kcal = 0;
	int	 i;

	/* A row per exercise (sql/012_user_totals.sql), its records kept. */
	stats_query(a, SQ_RECORDS, 0, &q);
	res = db_exec(db, q.sql, q.n, q.params);
	if (res == NULL)
		return -1;
	memset(all, 0, sizeof(*all));
	*out = r = arena_alloc(a, ((size_t)PQntuples(res) + 1) * sizeof(*r));
	for (i = 0; i < PQntuples(res); i++) {
		all->workouts += num(res, i, 1);	/* every row, named or not */
		all->reps += num(res, i, 2);
		all->seconds += num(res, i, 3);
		kcal = add_tenths(kcal, PQgetvalue(res, i, 12));
		if ((e = row_exercise(a, lib, res, i, 0, &r->slug, &r->name,
		    &r->timed)) == NULL)
			continue;
		r->id = e->id;
		fill_record(a, r++, res, i);
	}
	*n = (size_t)(r - *out);
	PQclear(res);
	qsort(*out, *n, sizeof(**out), by_record_name);
	fmt_fixed(s, sizeof(s), kcal, 1);
	all->kcal = arena_strdup(a, s);
	return 0;
}

static int
by_id(const void *x, const void *y)
{
	const struct ex_record *const *p = x, *const *q = y;

	return strcmp((*p)->id, (*q)->id);
}

static int
by_month_then_record(const void *x, const void *y)
{
	const struct month_total *p = x, *q = y;

	if (p->month != q->month)
		return p->month < q->month ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

int
stats_months(struct db *db, struct arena *a, long first,
    const struct ex_record *r, size_t nr, struct month_total **out,
    size_t *n)
{
	struct db_query q;
	struct month_total *m;
	struct ex_record key;
	const struct ex_record **ids, *kp = &key, **found;
	PGresult *res;
	size_t	 k;
	int	 i;

	stats_query(a, SQ_MONTHS, first, &q);
	res = db_exec(db, q.sql, q.n, q.params);
	if (res == NULL)
		return -1;
	ids = arena_alloc(a, (nr + 1) * sizeof(*ids));
	for (k = 0; k < nr; k++)
		ids[k] = &r[k];
	qsort(ids, nr, sizeof(*ids), by_id);	/* ids: never NULL */
	*out = m = arena_alloc(a, ((size_t)PQntuples(res) + 1) * sizeof(*m));
	for (i = 0; i < PQntuples(res); i++) {
		if ((m->month = (int)civil_months_after(first,
		    num(res, i, 0))) > 11)
			continue;	/* tomorrow can be next month */
		/* Every exercise of a month has a row in the records. */
		key.id = PQgetvalue(res, i, 1);
		if ((found = bsearch(&kp, ids, nr, sizeof(*ids), by_id)) == NULL)
			continue;
		m->order = *found - r;
		m->slug = (*found)->slug;
		m->name = (*found)->name;
		m->workouts = num(res, i, 2);
		m->reps = num(res, i, 3);
		m->seconds = num(res, i, 4);
		m->kcal = kcal_of(res, i, 5);
		m++;
	}
	*n = (size_t)(m - *out);
	PQclear(res);
	/* Oldest month first, then in the records' order (name, slug). */
	qsort(*out, *n, sizeof(**out), by_month_then_record);
	return 0;
}

int
stats_year(struct db *db, struct arena *a, long first, struct day_cell **out,
    size_t *n)
{
	struct db_query q;
	struct day_cell *c;
	PGresult *res;
	int	 i;

	stats_query(a, SQ_YEAR, first, &q);
	res = db_exec(db, q.sql, q.n, q.params);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = c = arena_alloc(a, (*n + 1) * sizeof(*c));
	for (i = 0; i < PQntuples(res); i++, c++) {
		c->day = num(res, i, 0);
		c->workouts = num(res, i, 1);
		c->reps = num(res, i, 2);
		c->seconds = num(res, i, 3);
	}
	PQclear(res);
	return 0;
}
