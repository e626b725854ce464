/* progress.c — an exercise's records, its weeks, and how each exercise stands */
#include <limits.h>
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

/* The chart's weeks: each measure per week (a 1RM: the best), from first. */
static void
chart_weeks(const struct pr_set *s, size_t n, struct records *r)
{
	long long x, *sum;
	size_t	 i;
	long	 w;
	int	 m;

	for (i = 0; i < n; i++) {
		w = (s[i].day - r->first) / 7;
		if (s[i].day < r->first || w >= PR_WEEKS)
			continue;
		for (m = 0; m < PR_MEASURES; m++) {
			x = pr_set_value(&s[i], (enum pr_measure)m);
			sum = &r->weeks[m][w];
			*sum = m == PR_ONE_RM ? (x > *sum ? x : *sum) : *sum + x;
		}
	}
}

void
pr_compute(const struct pr_set *s, size_t n, int ws, long first,
    struct records *r)
{
	size_t	 i, k;
	int	 m;

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
	for (m = 0; m < PR_MEASURES; m++)
		best_week(s, n, (enum pr_measure)m, ws, &r->week[m]);
	r->first = first;
	chart_weeks(s, n, r);
}

/* The bests in the order of the text of pr_encode and pr_decode. */
static struct pr_best *
nth_best(struct records *r, int i)
{
	if (i == 0)
		return &r->reps;
	if (i == 1)
		return &r->seconds;
	if (i == 2)
		return &r->load;
	if (i < 3 + PR_REP_MAXES)
		return &r->rep_max[i - 3];
	if (i == 3 + PR_REP_MAXES)
		return &r->one_rm;
	return &r->week[i - 4 - PR_REP_MAXES];
}

#define PR_BESTS	(4 + PR_REP_MAXES + PR_MEASURES)
#define PR_FORMAT	"r1"	/* the text's own version */

void
pr_encode(const struct records *r, char out[PR_ENCODED_MAX])
{
	const struct pr_best *b;
	size_t	 len;
	int	 i;

	len = (size_t)snprintf(out, PR_ENCODED_MAX, PR_FORMAT " %ld %ld %ld",
	    r->entries, r->last_day, r->first);
	for (i = 0; i < PR_BESTS && len < PR_ENCODED_MAX; i++) {
		b = nth_best((struct records *)r, i);
		len += (size_t)snprintf(out + len, PR_ENCODED_MAX - len,
		    " %ld %ld %ld %ld", b->value, b->day, b->reps, b->seconds);
	}
	for (i = 0; i < PR_MEASURES * PR_WEEKS && len < PR_ENCODED_MAX; i++)
		len += (size_t)snprintf(out + len, PR_ENCODED_MAX - len,
		    " %lld", r->weeks[i / PR_WEEKS][i % PR_WEEKS]);
}

/*
 * The next number of *s, past one space ("-" and digits, as pr_encode
 * writes them); -1 when there is none, or past a long long (the records
 * are computed again then).
 */
static int
wide_number(const char **s, long long *v)
{
	if (**s != ' ' || fmt_digits(*s + 1, s, v) != 0)
		return -1;
	return 0;
}

static int
number(const char **s, long *v)
{
	long long x;

	if (wide_number(s, &x) != 0 || x < LONG_MIN || x > LONG_MAX)
		return -1;
	*v = (long)x;
	return 0;
}

int
pr_decode(const char *s, struct records *r)
{
	struct pr_best *b;
	int	 i;

	memset(r, 0, sizeof(*r));
	if (s == NULL || strncmp(s, PR_FORMAT, strlen(PR_FORMAT)) != 0)
		return -1;
	s += strlen(PR_FORMAT);
	if (number(&s, &r->entries) != 0 || number(&s, &r->last_day) != 0 ||
	    number(&s, &r->first) != 0)
		return -1;
	for (i = 0; i < PR_BESTS; i++) {
		b = nth_best(r, i);
		if (number(&s, &b->value) != 0 || number(&s, &b->day) != 0 ||
		    number(&s, &b->reps) != 0 || number(&s, &b->seconds) != 0)
			return -1;
	}
	for (i = 0; i < PR_MEASURES * PR_WEEKS; i++)
		if (wide_number(&s, &r->weeks[i / PR_WEEKS][i % PR_WEEKS]) != 0)
			return -1;
	return *s == '\0' ? 0 : -1;
}

int
pr_sets(struct db *db, struct arena *a, const struct exercise *e,
    struct pr_set **out, size_t *n)
{
	const char *p[1] = { e->id };
	struct bw_entry *bw = NULL;
	struct pr_set *s;
	PGresult *res;
	size_t	 nbw = 0;
	long long kg, w;
	int	 i;

	if (e->bodyweight && bw_list(db, a, 0, &bw, &nbw) != 0)
		return -1;
	/* A local day: the time zone is the user's (db_begin_as). */
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

		s->day = db_long(res, i, 0);
		s->reps = db_long(res, i, 1);
		s->seconds = db_long(res, i, 2);
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

void
pr_kept_query(struct arena *a, const struct exercise *e, struct db_query *q)
{
	const char **p = arena_alloc(a, sizeof(*p));

	p[0] = e->id;
	q->sql = "SELECT v.n, k.records FROM (SELECT "
	    "coalesce(max(x.version), 0) AS n FROM record_versions x "
	    "WHERE x.user_id = current_user_id()) v LEFT JOIN "
	    "exercise_records k ON k.user_id = current_user_id() AND "
	    "k.exercise_type_id = $1::uuid AND k.version = v.n";
	q->n = 1;
	q->params = p;
}

int
pr_kept(struct db *db, struct arena *a, const struct exercise *e,
    struct records *r, long long *version, int *kept)
{
	struct db_query q;
	PGresult *res;

	pr_kept_query(a, e, &q);
	res = db_exec(db, q.sql, q.n, q.params);
	if (res == NULL)
		return -1;
	*version = db_long(res, 0, 0);
	*kept = !PQgetisnull(res, 0, 1) &&
	    pr_decode(PQgetvalue(res, 0, 1), r) == 0;
	PQclear(res);
	return 0;
}

int
pr_keep(struct db *db, const struct exercise *e, long long version,
    const struct records *r)
{
	char	 v[24], text[PR_ENCODED_MAX];
	const char *p[3] = { e->id, v, text };

	snprintf(v, sizeof(v), "%lld", version);
	pr_encode(r, text);
	return db_cmd(db, "INSERT INTO exercise_records AS k (user_id, "
	    "exercise_type_id, version, records) VALUES (current_user_id(), "
	    "$1::uuid, $2::bigint, $3) ON CONFLICT (user_id, exercise_type_id) "
	    "DO UPDATE SET version = excluded.version, records = "
	    "excluded.records WHERE k.version <= excluded.version", 3, p);
}

static void
overview_of(PGresult *res, int i, struct pr_overview *o)
{
	long long kg;

	o->entries = db_long(res, i, 1);
	o->last_day = db_long(res, i, 2);
	o->best_reps = db_long(res, i, 3);
	o->best_seconds = db_long(res, i, 4);
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
