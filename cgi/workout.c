/* workout.c — the exercise library, the rules of a workout, and the user's workouts */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libpq-fe.h>

#include "db.h"
#include "fmt.h"
#include "mem.h"
#include "user.h"
#include "valid.h"
#include "workout.h"

/* Per worker: the library changes only with migrations. */
static struct exercise	 lib[WK_MAX_EXERCISES];
static size_t		 nlib;

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

/* A decimal of one place ("3.8") in tenths; "" or a bad one is 0. */
static long
tenths(const char *s)
{
	long long v;

	return fmt_fixed_parse(s, 1, &v) == FIXED_OK ? (long)v : 0;
}

static void
lib_row(struct exercise *e, PGresult *res, int i)
{
	copy(e->id, sizeof(e->id), PQgetvalue(res, i, 0));
	copy(e->slug, sizeof(e->slug), PQgetvalue(res, i, 1));
	copy(e->name, sizeof(e->name), PQgetvalue(res, i, 2));
	copy(e->description, sizeof(e->description), PQgetvalue(res, i, 3));
	e->timed = PQgetvalue(res, i, 4)[0] == 't';
	e->met10 = tenths(PQgetvalue(res, i, 5));
	e->spr10 = tenths(PQgetvalue(res, i, 6));
	e->index = i;
}

const struct exercise *
wk_exercises(struct db *db, size_t *n)
{
	PGresult *res;
	int	 i;

	if (nlib == 0) {
		res = db_exec(db, "SELECT id, slug, name, description, "
		    "measure = 'time', met, coalesce(seconds_per_rep::text, '') "
		    "FROM exercise_types ORDER BY name", 0, NULL);
		if (res == NULL)
			return NULL;
		for (i = 0; i < PQntuples(res) && i < WK_MAX_EXERCISES; i++)
			lib_row(&lib[i], res, i);
		nlib = (size_t)i;
		PQclear(res);
	}
	*n = nlib;
	return lib;
}

const struct exercise *
wk_exercise(struct db *db, const char *key)
{
	const struct exercise *e;
	size_t	 i, n;

	if (key == NULL || (e = wk_exercises(db, &n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcasecmp(e[i].slug, key) == 0 ||
		    strcasecmp(e[i].name, key) == 0)
			return &e[i];
	return NULL;
}

/* Words of q as a prefix tsquery ("push:* & up:*") and run together. */
static void
search_terms(struct arena *a, const char *q, char **tsq, char **joined)
{
	struct buf b, j;
	size_t	 i, n = 0;

	buf_init(&b);
	buf_init(&j);
	for (i = 0; i < SEARCH_MAX_CHARS && q[i] != '\0'; i++) {
		char ch = q[i] >= 'A' && q[i] <= 'Z' ? q[i] + 32 : q[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (n++ == 0 && b.len > 0)
				buf_puts(&b, ":* & ");
			buf_putc(&b, ch);
			buf_putc(&j, ch);
		} else
			n = 0;
	}
	if (b.len > 0)
		buf_puts(&b, ":*");
	*tsq = arena_strdup(a, b.data ? b.data : "");
	*joined = arena_strdup(a, j.data ? j.data : "");
	buf_free(&b);
	buf_free(&j);
}

int
wk_search(struct db *db, struct arena *a, const char *q, const char ***slugs,
    size_t *n)
{
	const char *p[2];
	char	*tsq, *joined;
	PGresult *res;
	int	 i;

	*slugs = NULL;
	*n = 0;
	search_terms(a, q, &tsq, &joined);
	if (*joined == '\0')
		return 0;
	p[0] = tsq;
	p[1] = joined;
	res = db_exec(db, "SELECT slug FROM exercise_types, "
	    "to_tsvector('simple', name || ' ' || slug || ' ' || description) v "
	    "WHERE v @@ to_tsquery('simple', $1) OR "
	    "regexp_replace(lower(name), '[^a-z0-9]', '', 'g') LIKE "
	    "'%' || $2 || '%' ORDER BY ts_rank(v, to_tsquery('simple', $1)) "
	    "DESC, name", 2, p);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*slugs = arena_alloc(a, (*n + 1) * sizeof(**slugs));
	for (i = 0; i < PQntuples(res); i++)
		(*slugs)[i] = arena_strdup(a, PQgetvalue(res, i, 0));
	PQclear(res);
	return 0;
}

/* "" is 0; else a whole number in [0, max]. 0 or -1. */
static int
count(const char *s, long max, long *out)
{
	long long v;
	const char *why;

	if (s == NULL || *s == '\0') {
		*out = 0;
		return 0;
	}
	if (valid_int(s, 0, max, &v, &why) != 0)
		return -1;
	*out = (long)v;
	return 0;
}

/* A number of calories: digits, at most one decimal, 0 to WK_MAX_CALORIES. */
static int
calories_ok(const char *s)
{
	size_t	 d = strspn(s, "0123456789");
	long long v;

	if (d == 0 || d > 6)
		return 0;
	if (s[d] == '.' && (s[d + 1] < '0' || s[d + 1] > '9' ||
	    s[d + 2] != '\0'))
		return 0;
	if (s[d] != '\0' && s[d] != '.')
		return 0;
	return fmt_fixed_parse(s, 1, &v) == FIXED_OK &&
	    v <= 10LL * WK_MAX_CALORIES;
}

static int
check_amounts(const struct workout_in *in, struct workout *w,
    void (*bad)(void *, const char *, const char *), void *arg)
{
	long	 min, sec;
	int	 n = 0;

	if (count(in->reps, WK_MAX_REPS, &w->reps) != 0) {
		bad(arg, "reps", "Reps must be a whole number from 0 to "
		    XSTR(WK_MAX_REPS) ".");
		n++;
	}
	if (count(in->minutes, WK_MAX_SECONDS / 60, &min) != 0 ||
	    count(in->seconds, WK_MAX_SECONDS, &sec) != 0 ||
	    (w->duration = min * 60 + sec) > WK_MAX_SECONDS) {
		_Static_assert(WK_MAX_SECONDS == 24 * 3600, "24 hours");
		bad(arg, "duration", "The duration must be whole minutes and "
		    "seconds, at most 24 hours in all.");
		return n + 1;
	}
	if (n == 0 && w->reps == 0 && w->duration == 0) {
		bad(arg, "reps", "Enter the reps, the duration, or both.");
		n++;
	} else if (w->ex != NULL && w->ex->timed && w->duration == 0) {
		bad(arg, "duration", "This exercise is timed: enter how long "
		    "you did it.");
		n++;
	}
	return n;
}

int
wk_check(struct db *db, const struct workout_in *in, struct workout *w,
    void (*bad)(void *, const char *, const char *), void *arg)
{
	int	 n = 0;

	memset(w, 0, sizeof(*w));
	w->estimated = -1;
	if ((w->ex = wk_exercise(db, in->exercise)) == NULL) {
		bad(arg, "exercise", in->exercise == NULL ||
		    *in->exercise == '\0' ? "Choose an exercise." :
		    "There is no such exercise; choose one from the list.");
		n++;
	}
	n += check_amounts(in, w, bad, arg);
	if (in->calories != NULL && *in->calories != '\0') {
		if (!calories_ok(in->calories)) {
			bad(arg, "calories", "Calories must be a number from 0 "
			    "to " XSTR(WK_MAX_CALORIES) ", like 45 or 45.5 "
			    "(or leave it empty).");
			n++;
		}
		w->calories = in->calories;
	}
	if (in->note != NULL && *in->note != '\0') {
		if (!valid_text(in->note, 0, WK_MAX_NOTE, 1)) {
			bad(arg, "note", "The note can be at most "
			    XSTR(WK_MAX_NOTE) " characters of text.");
			n++;
		}
		w->note = in->note;
	}
	return n;
}

int
wk_time_ok(time_t t)
{
	return t >= 0 && t <= time(NULL) + 86400;
}

const char *
wk_calories(const struct workout *w, long long kg100, char out[16],
    int *estimated)
{
	long long secs10, num;

	if (w->calories != NULL) {
		*estimated = w->estimated > 0;
		return w->calories;
	}
	*estimated = w->estimated != 0;
	if (w->estimated == 0)
		return NULL;	/* an import that says none were known */
	secs10 = w->duration > 0 ? 10LL * w->duration :
	    (long long)w->reps * w->ex->spr10;
	if (secs10 <= 0)
		return NULL;
	if (kg100 < 0)
		kg100 = 100LL * WEIGHT_DEFAULT_KG;
	/* kcal = MET × kg × s / 3600; in tenths: met10 × kg100 × secs10 / 3.6e6. */
	num = (long long)w->ex->met10 * kg100 * secs10;
	fmt_fixed(out, 16, (2 * num + 3600000) / 7200000, 1);
	return out;
}

/* $1 to $7 of an insert or update: exercise, when, reps, duration,
 * calories, note, estimated. */
static void
params(struct db *db, const struct workout *w, const char *when,
    char buf[3][16], const char **p)
{
	long long kg100 = -1;
	int	 est;

	if (w->calories == NULL && user_weight(db, &kg100) != 0)
		kg100 = -1;
	snprintf(buf[0], 16, "%ld", w->reps);
	snprintf(buf[1], 16, "%ld", w->duration);
	p[0] = w->ex->id;
	p[1] = when;
	p[2] = buf[0];
	p[3] = buf[1];
	p[4] = wk_calories(w, kg100, buf[2], &est);
	p[5] = w->note;
	p[6] = est ? "true" : "false";
}

/* Rows a statement returned: 0 or more, or -1 when it failed. */
static int
returned(PGresult *res)
{
	int	 n;

	if (res == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	return n;
}

enum wk_result
wk_insert(struct db *db, const struct workout *w, const char *when,
    const char *submission)
{
	char	 buf[3][16];
	const char *p[8];
	int	 n;

	params(db, w, when, buf, p);
	p[7] = submission;
	n = returned(db_exec(db, "INSERT INTO workouts (user_id, "
	    "exercise_type_id, performed_at, reps, duration_seconds, calories, "
	    "calories_estimated, note, submission_id) VALUES "
	    "(current_user_id(), $1, $2::timestamptz, $3, $4, $5::numeric, "
	    "$7::bool, $6, $8::uuid) "
	    "ON CONFLICT (user_id, submission_id) DO NOTHING RETURNING id",
	    8, p));
	return n < 0 ? WK_FAILED : n > 0 ? WK_DONE : WK_ALREADY;
}

enum wk_result
wk_update(struct db *db, const char *id, const struct workout *w,
    const char *when)
{
	char	 buf[3][16];
	const char *p[8];
	int	 n;

	params(db, w, when, buf, p);
	p[7] = id;
	n = returned(db_exec(db, "UPDATE workouts SET exercise_type_id = $1, "
	    "performed_at = $2::timestamptz, reps = $3, duration_seconds = $4, "
	    "calories = $5::numeric, calories_estimated = $7::bool, note = $6 "
	    "WHERE id = $8::uuid AND user_id = current_user_id() RETURNING id",
	    8, p));
	return n < 0 ? WK_FAILED : n > 0 ? WK_DONE : WK_NOT_FOUND;
}

enum wk_result
wk_delete(struct db *db, const char *id)
{
	const char *p[1] = { id };
	int	 n;

	n = returned(db_exec(db, "DELETE FROM workouts WHERE id = $1::uuid "
	    "AND user_id = current_user_id() RETURNING id", 1, p));
	return n < 0 ? WK_FAILED : n > 0 ? WK_DONE : WK_NOT_FOUND;
}

/* Appends s to a COPY text-format field: \\ \t \n \r escaped. */
static void
copy_text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default: buf_putc(b, *s); break;
		}
}

static void
copy_row(struct buf *b, const struct workout *w, const char *when,
    long long kg100)
{
	char	 kcal[16];
	const char *cal;
	int	 est;

	cal = wk_calories(w, kg100, kcal, &est);
	buf_printf(b, "%s\t", w->ex->id);
	copy_text(b, when);
	buf_printf(b, "\t%ld\t%ld\t", w->reps, w->duration);
	if (cal != NULL)
		copy_text(b, cal);
	else
		buf_puts(b, "\\N");
	/* Given calories match an existing row's; an estimate need not. */
	buf_printf(b, "\t%s\t%s\t", w->calories != NULL ? "t" : "f",
	    est ? "t" : "f");
	if (w->note != NULL)
		copy_text(b, w->note);
	else
		buf_puts(b, "\\N");
	buf_putc(b, '\n');
}

int
wk_import(struct db *db, const struct workout *ws, const char *const *whens,
    size_t n, size_t *saved)
{
	struct buf b;
	PGresult *res;
	long long kg100;
	size_t	 i;
	int	 rc;

	if (user_weight(db, &kg100) != 0)
		return -1;
	buf_init(&b);
	for (i = 0; i < n; i++)
		copy_row(&b, &ws[i], whens[i], kg100);
	rc = db_cmd(db, "CREATE TEMP TABLE import_rows (ex uuid, "
	    "at timestamptz, reps integer, dur integer, cal numeric, "
	    "given boolean, est boolean, note text) ON COMMIT DROP", 0,
	    NULL) == 0 && db_copy(db, "COPY import_rows FROM STDIN",
	    b.data ? b.data : "", b.len) == 0 ? 0 : -1;
	buf_free(&b);
	if (rc != 0)
		return -1;
	res = db_exec(db, "INSERT INTO workouts (user_id, exercise_type_id, "
	    "performed_at, reps, duration_seconds, calories, "
	    "calories_estimated, note) SELECT current_user_id(), r.ex, r.at, "
	    "r.reps, r.dur, r.cal, r.est, r.note FROM import_rows r "
	    "WHERE NOT EXISTS (SELECT 1 FROM workouts x "
	    "WHERE x.user_id = current_user_id() AND x.exercise_type_id = r.ex "
	    "AND x.performed_at = r.at AND x.reps = r.reps "
	    "AND x.duration_seconds = r.dur "
	    "AND (NOT r.given OR x.calories = r.cal))", 0, NULL);
	if (res == NULL)
		return -1;
	*saved = (size_t)strtoul(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

/* The columns of a workout_row, in this order, and their source. */
#define ROW_COLUMNS "w.id, to_char(w.performed_at, 'YYYY-MM-DD HH24:MI'), " \
	"iso_time(w.performed_at), e.name, w.reps, w.duration_seconds, " \
	"coalesce(w.calories::text, ''), w.calories_estimated, " \
	"coalesce(w.note, ''), " \
	"(extract(epoch FROM w.performed_at) * 1000000)::bigint || '_' || w.id, " \
	"w.performed_at"
#define ROW_SOURCE "workouts w JOIN exercise_types e " \
	"ON e.id = w.exercise_type_id WHERE w.user_id = current_user_id()"

static void
row_of(struct arena *a, PGresult *res, int i, struct workout_row *r)
{
	r->id = arena_strdup(a, PQgetvalue(res, i, 0));
	r->when = arena_strdup(a, PQgetvalue(res, i, 1));
	r->iso = arena_strdup(a, PQgetvalue(res, i, 2));
	r->exercise = arena_strdup(a, PQgetvalue(res, i, 3));
	r->reps = strtol(PQgetvalue(res, i, 4), NULL, 10);
	r->seconds = strtol(PQgetvalue(res, i, 5), NULL, 10);
	r->calories = arena_strdup(a, PQgetvalue(res, i, 6));
	r->estimated = PQgetvalue(res, i, 7)[0] == 't';
	r->note = arena_strdup(a, PQgetvalue(res, i, 8));
	r->cursor = arena_strdup(a, PQgetvalue(res, i, 9));
}

static int
rows_of(struct arena *a, PGresult *res, struct workout_row **out, size_t *n)
{
	int	 i;

	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (i = 0; i < PQntuples(res); i++)
		row_of(a, res, i, &(*out)[i]);
	PQclear(res);
	return 0;
}

int
wk_recent(struct db *db, struct arena *a, int n, struct workout_row **out,
    size_t *nout)
{
	char	 lim[16];
	const char *p[1] = { lim };

	snprintf(lim, sizeof(lim), "%d", n);
	return rows_of(a, db_exec(db, "SELECT " ROW_COLUMNS " FROM "
	    ROW_SOURCE " ORDER BY w.performed_at DESC, w.id DESC LIMIT $1", 1,
	    p), out, nout);
}

/*
 * The history's filters ($1 exercise slug, $2 and $3 dates) and the
 * keyset cursor ($4 µs since 1970, $5 id): a page is the HISTORY_ROWS
 * + 1 rows past the cursor, older (history_sql) or newer (newer_sql,
 * then shown newest first too). tests/e2e/54_indexes.t explains
 * history_sql as the compiler sees it.
 */
#define FILTERS " AND ($1::text IS NULL OR e.slug = $1) " \
	"AND ($2::date IS NULL OR w.performed_at >= $2::date) " \
	"AND ($3::date IS NULL OR w.performed_at < $3::date + 1)"
#define CURSOR "(timestamptz 'epoch' + $4::bigint * interval '1 microsecond', " \
	"$5::uuid)"
#define PAGE_LIMIT " LIMIT 21"
_Static_assert(HISTORY_ROWS + 1 == 21, "PAGE_LIMIT: a page and one more");

static const char history_sql[] = "SELECT " ROW_COLUMNS " FROM " ROW_SOURCE
    FILTERS " AND ($4::bigint IS NULL OR (w.performed_at, w.id) < " CURSOR ")"
    " ORDER BY w.performed_at DESC, w.id DESC" PAGE_LIMIT;
static const char newer_sql[] = "SELECT * FROM (SELECT " ROW_COLUMNS " FROM "
    ROW_SOURCE FILTERS " AND (w.performed_at, w.id) > " CURSOR
    " ORDER BY w.performed_at, w.id" PAGE_LIMIT ") x "
    "ORDER BY x.performed_at DESC, x.id DESC";

int
wk_history(struct db *db, struct arena *a, const struct wk_filter *f,
    struct workout_row **out, size_t *n)
{
	const char *p[5] = { f->exercise, f->from, f->to, f->micros, f->id };

	return rows_of(a, db_exec(db, f->newer ? newer_sql : history_sql, 5, p),
	    out, n);
}

int
wk_get(struct db *db, struct arena *a, const char *id, struct workout_form *f)
{
	const char *p[1] = { id };
	PGresult *res;
	int	 found;

	res = db_exec(db, "SELECT e.slug, e.name, w.reps, "
	    "w.duration_seconds, CASE WHEN w.calories_estimated THEN '' ELSE "
	    "w.calories::text END, to_char(w.performed_at, 'YYYY-MM-DD'), "
	    "CASE WHEN extract(second FROM w.performed_at) = 0 THEN "
	    "to_char(w.performed_at, 'HH24:MI') ELSE to_char(w.performed_at, "
	    "'HH24:MI:SS') END, coalesce(w.note, ''), w.calories "
	    "FROM workouts w JOIN exercise_types e ON e.id = w.exercise_type_id "
	    "WHERE w.id = $1::uuid AND w.user_id = current_user_id()", 1, p);
	if (res == NULL)
		return -1;
	if ((found = PQntuples(res)) == 1) {
		f->slug = arena_strdup(a, PQgetvalue(res, 0, 0));
		f->name = arena_strdup(a, PQgetvalue(res, 0, 1));
		f->reps = strtol(PQgetvalue(res, 0, 2), NULL, 10);
		f->seconds = strtol(PQgetvalue(res, 0, 3), NULL, 10);
		f->calories = arena_strdup(a, PQgetvalue(res, 0, 4));
		f->date = arena_strdup(a, PQgetvalue(res, 0, 5));
		f->time = arena_strdup(a, PQgetvalue(res, 0, 6));
		f->note = arena_strdup(a, PQgetvalue(res, 0, 7));
		f->estimate = *f->calories == '\0' ?
		    arena_strdup(a, PQgetvalue(res, 0, 8)) : NULL;
	}
	PQclear(res);
	return found == 1;
}

int
wk_local_now(struct db *db, struct arena *a, const char **date,
    const char **tm)
{
	PGresult *res = db_exec(db, "SELECT to_char(now(), 'YYYY-MM-DD'), "
	    "to_char(now(), 'HH24:MI')", 0, NULL);

	if (res == NULL)
		return -1;
	*date = arena_strdup(a, PQgetvalue(res, 0, 0));
	*tm = arena_strdup(a, PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

int
wk_local_instant(struct db *db, const char *local, time_t *t)
{
	const char *p[1] = { local };
	PGresult *res;

	if ((res = db_exec(db, "SELECT extract(epoch FROM "
	    "$1::timestamptz)::bigint", 1, p)) == NULL)
		return -1;
	*t = (time_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}
