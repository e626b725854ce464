/* progress.c — an exercise's records, its weeks, and how each exercise stands */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "bodyweight.h"
#include "civil.h"
#include "db.h"
#include "exercise.h"
#include "fmt.h"
#include "mem.h"
#include "progress.h"
#include "workout.h"

const int pr_rep_max_reps[PR_REP_MAXES] = { 1, 3, 5, 8, 10, 12 };

static const char *const measure_names[] = { "reps", "time", "volume", "1rm",
    NULL };

const char *
pr_measure_name(enum pr_measure m)
{
	return measure_names[m];
}

int
pr_measure_of(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && measure_names[i] != NULL; i++)
		if (strcmp(s, measure_names[i]) == 0)
			return i;
	return -1;
}

enum pr_measure
pr_main_measure(const struct exercise *e)
{
	if (e->measure == MEASURE_TIME)
		return PR_TIME;
	return e->measure == MEASURE_REPS_WEIGHT ? PR_VOLUME : PR_REPS;
}

long long
pr_set_value(const struct pr_set *s, enum pr_measure m)
{
	switch (m) {
	case PR_REPS:
		return s->reps;
	case PR_TIME:
		return s->seconds;
	case PR_VOLUME:
		return s->moved > 0 ? s->reps * s->moved : 0;
	case PR_ONE_RM:
		return wk_one_rep_max(s->reps, s->moved);
	}
	return 0;
}

/* b takes v of set s when v beats it (an earlier set wins a tie). */
static void
better(struct pr_best *b, long long v, const struct pr_set *s)
{
	if (v <= 0)
		return;
	if (v > b->value || (v == b->value && s->day < b->day)) {
		b->value = (long)v;
		b->day = s->day;
		b->reps = s->reps;
		b->seconds = s->seconds;
	}
}

/* Sorts sets by day (for the weeks). */
static int
by_day(const void *a, const void *b)
{
	const struct pr_set *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

/* The best week of measure m: sums (a 1RM: the best) per week. */
static void
best_week(const struct pr_set *s, size_t n, enum pr_measure m, int ws,
    struct pr_best *b)
{
	struct pr_set *v = malloc((n + 1) * sizeof(*v));
	struct pr_set wk;
	long long sum = 0, x;
	long	 week = 0;
	size_t	 i;

	if (v == NULL)
		return;
	memcpy(v, s, n * sizeof(*v));
	qsort(v, n, sizeof(*v), by_day);
	memset(&wk, 0, sizeof(wk));
	for (i = 0; i <= n; i++) {
		if (i == n || (i > 0 && civil_week_start(v[i].day, ws) != week)) {
			wk.day = week;
			better(b, sum, &wk);
			sum = 0;
		}
		if (i == n)
			break;
		week = civil_week_start(v[i].day, ws);
		x = pr_set_value(&v[i], m);
		sum = m == PR_ONE_RM ? (x > sum ? x : sum) : sum + x;
	}
	free(v);
}

void
pr_compute(const struct pr_set *s, size_t n, int measure, int ws,
    struct records *r)
{
	size_t	 i, k;

	memset(r, 0, sizeof(*r));
	r->last_day = -1;
	for (i = 0; i < n; i++) {
		better(&r->reps, s[i].reps, &s[i]);
		better(&r->seconds, s[i].seconds, &s[i]);
		if (s[i].loaded)
			better(&r->load, s[i].load, &s[i]);
		for (k = 0; k < PR_REP_MAXES && s[i].loaded; k++)
			if (s[i].reps >= pr_rep_max_reps[k])
				better(&r->rep_max[k], s[i].load, &s[i]);
		better(&r->one_rm, wk_one_rep_max(s[i].reps, s[i].moved),
		    &s[i]);
		if (s[i].day > r->last_day)
			r->last_day = s[i].day;
	}
	best_week(s, n, (enum pr_measure)measure, ws, &r->week);
}

int
pr_sets(struct db *db, struct arena *a, const struct exercise *e,
    struct pr_set **out, size_t *n)
{
	const char *p[1] = { e->id };
	struct bw_entry *bw;
	struct pr_set *s;
	PGresult *res;
	size_t	 nbw;
	long long kg, w;
	int	 i;

	if (bw_list(db, a, 0, &bw, &nbw) != 0)
		return -1;
	res = db_exec(db, "SELECT w.performed_at::date - date '1970-01-01', "
	    "coalesce(s.reps, w.reps), coalesce(s.duration_seconds, "
	    "w.duration_seconds), coalesce(s.load_kg::text, ''), w.id "
	    "FROM workouts w LEFT JOIN workout_sets s ON s.workout_id = w.id "
	    "AND s.user_id = current_user_id() WHERE w.user_id = "
	    "current_user_id() AND w.exercise_type_id = $1::uuid "
	    "ORDER BY w.performed_at, w.id, s.position", 1, p);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = s = arena_alloc(a, (*n + 1) * sizeof(*s));
	for (i = 0; i < PQntuples(res); i++, s++) {
		const char *l = PQgetvalue(res, i, 3);

		s->day = strtol(PQgetvalue(res, i, 0), NULL, 10);
		s->reps = strtol(PQgetvalue(res, i, 1), NULL, 10);
		s->seconds = strtol(PQgetvalue(res, i, 2), NULL, 10);
		s->loaded = *l != '\0' && fmt_fixed_parse(*l == '-' ? l + 1 :
		    l, 2, &kg) == FIXED_OK;
		s->load = s->loaded ? (*l == '-' ? -kg : kg) : 0;
		/*
		 * What was moved: the load, and for a bodyweight move the
		 * body weight of the day too (unknown without one: nothing).
		 */
		w = e->bodyweight ? bw_pick(bw, nbw, s->day) : -1;
		s->moved = (s->loaded ? s->load : 0) + (w > 0 ? w : 0);
		if (s->moved < 0 || (e->bodyweight && w <= 0) ||
		    (!s->loaded && w <= 0))
			s->moved = 0;
		s->workout_id = arena_strdup(a, PQgetvalue(res, i, 4));
	}
	PQclear(res);
	return 0;
}

static void
overview_of(PGresult *res, int i, struct pr_overview *o)
{
	long long kg;

	o->entries = strtol(PQgetvalue(res, i, 1), NULL, 10);
	o->last_day = strtol(PQgetvalue(res, i, 2), NULL, 10);
	o->best_reps = strtol(PQgetvalue(res, i, 3), NULL, 10);
	o->best_seconds = strtol(PQgetvalue(res, i, 4), NULL, 10);
	o->has_load = !PQgetisnull(res, i, 5);
	if (o->has_load) {
		const char *l = PQgetvalue(res, i, 5);

		o->has_load = fmt_fixed_parse(*l == '-' ? l + 1 : l, 2, &kg) ==
		    FIXED_OK;
		o->max_load = *l == '-' ? -kg : kg;
	}
}

#define OVERVIEW "count(*), coalesce(max(w.performed_at::date) - " \
	"date '1970-01-01', -1), coalesce(max(w.best_set_reps), 0), " \
	"coalesce(max(w.best_set_seconds), 0), max(w.max_load_kg)"

int
pr_overview(struct db *db, struct arena *a, struct pr_overview **out,
    size_t *n)
{
	PGresult *res;
	int	 i;

	res = db_exec(db, "SELECT w.exercise_type_id, " OVERVIEW " "
	    "FROM workouts w WHERE w.user_id = current_user_id() "
	    "GROUP BY w.exercise_type_id", 0, NULL);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (i = 0; i < PQntuples(res); i++) {
		(*out)[i].exercise_id = arena_strdup(a, PQgetvalue(res, i, 0));
		overview_of(res, i, &(*out)[i]);
	}
	PQclear(res);
	return 0;
}

int
pr_previous(struct db *db, const char *exercise_id, const char *except,
    struct pr_overview *o, int *found)
{
	const char *p[2] = { exercise_id, except };
	PGresult *res;

	memset(o, 0, sizeof(*o));
	res = db_exec(db, "SELECT NULL, " OVERVIEW " FROM workouts w "
	    "WHERE w.user_id = current_user_id() AND w.exercise_type_id = "
	    "$1::uuid AND w.id <> $2::uuid", 2, p);
	if (res == NULL)
		return -1;
	overview_of(res, 0, o);
	*found = o->entries > 0;
	PQclear(res);
	return 0;
}
