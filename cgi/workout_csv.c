/* workout_csv.c — the CSV form of a user's log: own exercises, body weight, workouts set by set */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libpq-fe.h>

#include "bodyweight.h"
#include "civil.h"
#include "csv.h"
#include "db.h"
#include "fmt.h"
#include "limits.h"
#include "mem.h"
#include "valid.h"
#include "utf8.h"
#include "workout.h"
#include "workout_csv.h"

const char wcsv_header_exercises[] = "exercise,measure,met,bodyweight,archived";
const char wcsv_header_weights[] = "date,weight_kg";
const char wcsv_header_v1[] = "performed_at,exercise,reps,duration_seconds,"
    "calories,calories_estimated,note";
const char wcsv_header_workouts[] = "performed_at,exercise,reps,"
    "duration_seconds,calories,calories_estimated,note,set,load_kg";

enum { COL_AT, COL_EXERCISE, COL_REPS, COL_SECONDS, COL_CALORIES,
    COL_ESTIMATED, COL_NOTE, COL_SET, COL_LOAD, COL__MAX };

/* 1 when f[0..n) is the comma-separated header h, in any letter case. */
static int
is_header(char *const *f, size_t n, const char *h)
{
	size_t	 i, len;

	for (i = 0; i < n; i++) {
		len = strlen(f[i]);
		if (strncasecmp(h, f[i], len) != 0 ||
		    h[len] != (i + 1 < n ? ',' : '\0'))
			return 0;
		h += len + (i + 1 < n);
	}
	return n > 0;
}

enum wcsv_section
wcsv_section_of(char *const *f, size_t n)
{
	if (is_header(f, n, wcsv_header_exercises))
		return WCSV_EXERCISES;
	if (is_header(f, n, wcsv_header_weights))
		return WCSV_WEIGHTS;
	if (is_header(f, n, wcsv_header_workouts))
		return WCSV_WORKOUTS;
	if (is_header(f, n, wcsv_header_v1))
		return WCSV_WORKOUTS_V1;
	return WCSV_NONE;
}

void
wcsv_init(struct wcsv_file *w, struct arena *a, const struct library *lib,
    long today)
{
	struct exercise *v = arena_alloc(a, (lib->nbuiltin + EXERCISES_MAX_OWN) *
	    sizeof(*v));

	memset(w, 0, sizeof(*w));
	w->a = a;
	memcpy(v, lib->v, lib->n * sizeof(*v));
	w->lib = *lib;
	w->lib.v = v;
	w->nknown = lib->n;
	w->declared = arena_alloc(a, EXERCISES_MAX_OWN * sizeof(*w->declared));
	w->ws = arena_alloc(a, IMPORT_MAX_ROWS * sizeof(*w->ws));
	w->pool = arena_alloc(a, IMPORT_MAX_ROWS * sizeof(*w->pool));
	w->whens = arena_alloc(a, IMPORT_MAX_ROWS * sizeof(*w->whens));
	w->weights = arena_alloc(a, IMPORT_MAX_WEIGHTS * sizeof(*w->weights));
	w->today = today;
	w->weight_days = arena_alloc(a, (size_t)(today + 2) / 8 + 1);
	memset(w->weight_days, 0, (size_t)(today + 2) / 8 + 1);
}

/* true, false or empty (false): 0 or 1, or -1. */
static int
boolean(const char *s)
{
	if (*s == '\0' || strcasecmp(s, "false") == 0)
		return 0;
	return strcasecmp(s, "true") == 0 ? 1 : -1;
}

/* The user's own exercise of this name, any letter case, or NULL. */
static const struct exercise *
own_named(const struct library *lib, const char *name)
{
	size_t	 i;

	for (i = lib->nbuiltin; i < lib->n; i++)
		if (utf8_same_fold(lib->v[i].name, name))
			return &lib->v[i];
	return NULL;
}

static int
exercise_line(struct wcsv_file *w, char *const *f, size_t n,
    void (*bad)(void *, const char *, const char *), void *arg)
{
	struct exercise_def d;
	struct exercise *e = (struct exercise *)&w->lib.v[w->lib.n];
	long long met;
	int	 measure, bw, arch;
	size_t	 i;

	if (n != 5) {
		bad(arg, NULL, "An exercise line has 5 fields: exercise, "
		    "measure, met, bodyweight, archived.");
		return 1;
	}
	measure = valid_enum(f[1], (const char *const[]){ "reps", "time",
	    "reps_weight", NULL });
	if (!valid_text(f[0], 1, EXERCISE_NAME_MAX, 0) ||
	    ex_name_reserved(f[0]) || measure < 0 ||
	    (*f[2] != '\0' && (fmt_fixed_parse(f[2], 1, &met) != FIXED_OK ||
	    met < 1 || met > 249)) || (bw = boolean(f[3])) < 0 ||
	    (arch = boolean(f[4])) < 0) {
		bad(arg, NULL, "An exercise needs a name of 1 to "
		    XSTR(EXERCISE_NAME_MAX) " characters (not ending in \"(built "
		    "in)\"), a measure (reps, time "
		    "or reps_weight), a MET value from 0.1 to 24.9 or none, and "
		    "true or false.");
		return 1;
	}
	if (w->ndeclared == EXERCISES_MAX_OWN) {
		bad(arg, NULL, "The file has more than " XSTR(EXERCISES_MAX_OWN)
		    " exercises.");
		return 1;
	}
	for (i = 0; i < w->ndeclared; i++)
		if (utf8_same_fold(w->declared[i], f[0])) {
			bad(arg, NULL, "The file names this exercise twice.");
			return 1;
		}
	w->declared[w->ndeclared++] = f[0];
	if (own_named(&w->lib, f[0]) != NULL)
		return 0;	/* there already: used as it is */
	d.name = f[0];
	d.measure = (enum measure)measure;
	d.met10 = *f[2] != '\0' ? (long)met : ex_default_met10(d.measure);
	d.bodyweight = bw;
	if (ex_plan(w->a, &w->lib, &d, e) != EX_DONE) {
		bad(arg, NULL, "You would have more than "
		    XSTR(EXERCISES_MAX_OWN) " exercises of your own.");
		return 1;
	}
	e->archived = arch;
	w->lib.n++;
	w->nnew++;
	return 0;
}

static int
weight_line(struct wcsv_file *w, char *const *f, size_t n,
    void (*bad)(void *, const char *, const char *), void *arg)
{
	long long kg;
	long	 day;

	if (n != 2 || civil_parse_date(f[0], &day) != 0 || day < 0 ||
	    day > w->today + 1 ||
	    fmt_fixed_parse(f[1], 2, &kg) != FIXED_OK ||
	    kg < 100LL * WEIGHT_MIN_KG || kg > 100LL * WEIGHT_MAX_KG) {
		bad(arg, NULL, "A body weight line is a date (YYYY-MM-DD, "
		    "1970 to tomorrow) and a weight from " XSTR(WEIGHT_MIN_KG)
		    " to " XSTR(WEIGHT_MAX_KG) " kg, two decimals at most.");
		return 1;
	}
	if (w->weight_days[day / 8] & (1u << (day % 8))) {
		bad(arg, NULL, "A second body weight for the same day.");
		return 1;
	}
	_Static_assert(IMPORT_MAX_WEIGHTS > 366 * (2079 - 1970),
	    "a weight a day until 2079");
	if (w->nweights == IMPORT_MAX_WEIGHTS) {
		bad(arg, NULL, "The file has more than "
		    XSTR(IMPORT_MAX_WEIGHTS) " body weights.");
		return 1;
	}
	w->weight_days[day / 8] |= (unsigned char)(1u << (day % 8));
	w->weights[w->nweights].day = day;
	w->weights[w->nweights++].kg100 = kg;
	return 0;
}

/*
 * The slug of the exercise a line names: one of the user's own the file
 * declares, else a built-in written "slug (built in)", else any.
 */
static const char *
resolve(struct wcsv_file *w, const char *key)
{
	const struct exercise *e;
	size_t	 i;

	for (i = 0; i < w->ndeclared; i++)
		if (utf8_same_fold(w->declared[i], key) &&
		    (e = own_named(&w->lib, key)) != NULL)
			return e->slug;
	if (ex_name_reserved(key) && (e = ex_builtin_keyed(&w->lib,
	    key)) != NULL)
		return e->slug;
	return key;
}

/* 1 when a and b say the same: both none, or the same text. */
static int
same_text(const char *a, const char *b)
{
	return (a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0);
}

/* A later set of the last workout: appended to it. 0, or 1 problem. */
static int
more_set(struct wcsv_file *w, const struct workout *one, const char *when,
    long set, void (*bad)(void *, const char *, const char *), void *arg)
{
	struct workout *last = w->n > 0 ? &w->ws[w->n - 1] : NULL;
	long	 reps = 0, secs = 0;
	size_t	 i;

	if (last == NULL || last->ex != one->ex ||
	    strcmp(w->last_when, when) != 0 || (size_t)set != last->nsets + 1) {
		bad(arg, "set", "A set after the first must follow the set "
		    "before it, of the same workout.");
		return 1;
	}
	if (!same_text(last->calories, one->calories) ||
	    !same_text(last->note, one->note)) {
		bad(arg, NULL, "The lines of a workout's sets have the same "
		    "calories and note as its first.");
		return 1;
	}
	for (i = 0; i < last->nsets; i++) {
		reps += last->sets[i].reps;
		secs += last->sets[i].seconds;
	}
	if (reps + one->sets[0].reps > WK_MAX_REPS ||
	    secs + one->sets[0].seconds > WK_MAX_SECONDS) {
		bad(arg, "reps", "In all, a workout can have at most "
		    XSTR(WK_MAX_REPS) " reps and 24 hours.");
		return 1;
	}
	/* The sets of a workout follow each other in the pool: it grows. */
	w->pool[w->npool++] = one->sets[0];
	last->nsets++;
	return 0;
}

static int
workout_line(struct wcsv_file *w, enum wcsv_section s, char *const *f,
    size_t n, void (*bad)(void *, const char *, const char *), void *arg)
{
	struct workout_in in;
	struct set_in set;
	struct workout one;
	const char *why;
	long long k = 1;
	time_t	 t;
	int	 nbad = 0, cols = s == WCSV_WORKOUTS ? COL__MAX : COL_SET;
	char	 msg[80];

	if (n != (size_t)cols) {
		snprintf(msg, sizeof(msg), "Expected %d fields, found %zu.",
		    cols, n);
		bad(arg, NULL, msg);
		return 1;
	}
	if (civil_parse_iso(f[COL_AT], &t) != 0) {
		bad(arg, "performed_at", "The time must look like "
		    "2026-03-31T07:30:00+02:00.");
		nbad++;
	} else if (!wk_time_ok(t)) {
		bad(arg, "performed_at", "The time can be at most a day "
		    "from now, and not before 1970.");
		nbad++;
	}
	if (boolean(f[COL_ESTIMATED]) < 0) {
		bad(arg, "calories_estimated", "calories_estimated must "
		    "be true, false or empty.");
		nbad++;
	}
	if (s == WCSV_WORKOUTS && *f[COL_SET] != '\0' &&
	    valid_int(f[COL_SET], 1, SETS_MAX, &k, &why) != 0) {
		bad(arg, "set", "set is the number of the set, from 1 to "
		    XSTR(SETS_MAX) ".");
		nbad++;
	}
	memset(&set, 0, sizeof(set));
	set.reps = f[COL_REPS];
	set.seconds = f[COL_SECONDS];
	set.minutes = "";
	set.load = s == WCSV_WORKOUTS ? f[COL_LOAD] : "";
	memset(&in, 0, sizeof(in));
	in.exercise = resolve(w, f[COL_EXERCISE]);
	in.archived_ok = 1;	/* a file holds their workouts too */
	in.sets = &set;
	in.nsets = 1;
	in.calories = f[COL_CALORIES];
	in.note = f[COL_NOTE];
	nbad += wk_check(&w->lib, w->a, &in, &one, bad, arg);
	if (nbad > 0)
		return nbad;
	if (k > 1)
		return more_set(w, &one, f[COL_AT], (long)k, bad, arg);
	one.estimated = boolean(f[COL_ESTIMATED]) == 1 ? 1 :
	    strcasecmp(f[COL_ESTIMATED], "false") == 0 ? 0 : -1;
	w->ws[w->n] = one;
	w->ws[w->n].sets = &w->pool[w->npool];
	w->pool[w->npool++] = one.sets[0];
	w->whens[w->n++] = w->last_when = f[COL_AT];
	return 0;
}

int
wcsv_line(struct wcsv_file *w, enum wcsv_section s, char *const *cells,
    size_t n, void (*bad)(void *, const char *, const char *), void *arg)
{
	char	*values[COL__MAX];
	char *const *f = cells;
	size_t	 i;

	/*
	 * Cells as csv_cell wrote them (a line of more fields than any
	 * section's is refused for their number, read as it is).
	 */
	if (n <= COL__MAX) {
		for (i = 0; i < n; i++)
			values[i] = (char *)csv_cell_value(cells[i]);
		f = values;
	}
	switch (s) {
	case WCSV_EXERCISES:
		return exercise_line(w, f, n, bad, arg);
	case WCSV_WEIGHTS:
		return weight_line(w, f, n, bad, arg);
	case WCSV_WORKOUTS:
	case WCSV_WORKOUTS_V1:
		return workout_line(w, s, f, n, bad, arg);
	default:
		return 0;
	}
}

/*
 * The weights of the file, a day's entry replaced: the number of days new
 * or changed, or -1.
 */
static long
save_weights(struct db *db, const struct wcsv_file *w)
{
	struct buf d, k;
	char	 date[CIVIL_DATE_LEN], kg[32];
	const char *p[2];
	PGresult *res;
	size_t	 i;
	long	 rc = -1;

	if (w->nweights == 0)
		return 0;
	buf_init(&d);
	buf_init(&k);
	for (i = 0; i < w->nweights; i++) {
		civil_date(date, w->weights[i].day);
		fmt_fixed(kg, sizeof(kg), w->weights[i].kg100, 2);
		buf_printf(&d, "%s%s", i ? "," : "{", date);
		buf_printf(&k, "%s%s", i ? "," : "{", kg);
	}
	buf_putc(&d, '}');
	buf_putc(&k, '}');
	p[0] = d.data;
	p[1] = k.data;
	res = db_exec(db, "INSERT INTO body_weights (user_id, day, weight_kg) "
	    "SELECT current_user_id(), d, k FROM unnest($1::date[], "
	    "$2::numeric[]) AS u(d, k) ON CONFLICT (user_id, day) DO UPDATE "
	    "SET weight_kg = EXCLUDED.weight_kg WHERE body_weights.weight_kg "
	    "<> EXCLUDED.weight_kg", 2, p);
	if (res != NULL) {
		rc = strtol(PQcmdTuples(res), NULL, 10);
		PQclear(res);
	}
	buf_free(&d);
	buf_free(&k);
	return rc;
}

int
wcsv_save(struct db *db, struct wcsv_file *w, size_t *workouts,
    size_t *weights)
{
	enum ex_result rc;
	size_t	 i;
	long	 n;

	if ((n = wk_import_lock(db)) != 0)
		return n < 0 ? -1 : (int)n + 1;
	if (db_cmd(db, "SAVEPOINT import", 0, NULL) != 0)
		return -1;
	for (i = w->nknown; i < w->lib.n; i++)
		if ((rc = ex_insert(db, &w->lib.v[i])) != EX_DONE) {
			if ((rc != EX_NAME_TAKEN && rc != EX_TOO_MANY) ||
			    db_cmd(db, "ROLLBACK TO SAVEPOINT import", 0,
			    NULL) != 0)
				return -1;
			/* nothing of the file saved */
			return rc == EX_NAME_TAKEN ? 1 : 4;
		}
	if ((n = save_weights(db, w)) < 0)
		return -1;
	*weights = (size_t)n;
	*workouts = 0;
	return w->n == 0 ? 0 : wk_import(db, w->a, w->ws, w->whens, w->n,
	    workouts);
}

/* The lines of a result, each field through csv_cell. */
static void
lines(struct buf *b, PGresult *res, int safe)
{
	int	 i, col;

	for (i = 0; i < PQntuples(res); i++) {
		for (col = 0; col < PQnfields(res); col++) {
			if (col > 0)
				buf_putc(b, ',');
			csv_cell(b, PQgetvalue(res, i, col), safe);
		}
		buf_puts(b, "\r\n");
	}
}

/* A section from one query: its header, its lines, an empty line. */
static int
section(struct db *db, struct buf *b, const char *header, const char *sql,
    int safe)
{
	PGresult *res = db_exec(db, sql, 0, NULL);

	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0) {
		buf_printf(b, "%s\r\n", header);
		lines(b, res, safe);
		buf_puts(b, "\r\n");
	}
	PQclear(res);
	return 0;
}

int
wcsv_export(struct db *db, struct buf *b, int safe,
    int (*put)(void *, const char *, size_t), void *arg)
{
	PGresult *res;
	int	 n;

	buf_reset(b);
	if (section(db, b, wcsv_header_exercises, "SELECT name, measure, "
	    "met::text, bodyweight::text, archived::text FROM exercise_types "
	    "WHERE user_id = current_user_id() ORDER BY lower(name)",
	    safe) != 0 ||
	    section(db, b, wcsv_header_weights, "SELECT day::text, "
	    "weight_kg::text FROM body_weights WHERE user_id = "
	    "current_user_id() ORDER BY day", safe) != 0)
		return -1;
	buf_printf(b, "%s\r\n", wcsv_header_workouts);
	/*
	 * A built-in goes by its slug, and "slug (built in)" when one of the
	 * user's own is named like that slug. A workout without set rows is
	 * one set of its totals.
	 */
	if (db_cmd(db, "DECLARE export NO SCROLL CURSOR FOR "
	    "SELECT iso_time(w.performed_at), CASE WHEN e.user_id IS NOT NULL "
	    "THEN e.name WHEN EXISTS (SELECT 1 FROM exercise_types o WHERE "
	    "o.user_id = current_user_id() AND lower(o.name) = lower(e.slug)) "
	    "THEN e.slug || '" EX_BUILTIN_SUFFIX "' ELSE e.slug END, coalesce(s.reps, w.reps), coalesce(s.duration_seconds, "
	    "w.duration_seconds), coalesce(w.calories::text, ''), "
	    "CASE WHEN w.calories_estimated THEN 'true' ELSE 'false' END, "
	    "coalesce(w.note, ''), coalesce(s.position, 1), "
	    "coalesce(s.load_kg::text, '') "
	    "FROM workouts w LEFT JOIN workout_sets s ON s.workout_id = w.id "
	    "AND s.user_id = current_user_id() JOIN exercise_types e "
	    "ON e.id = w.exercise_type_id WHERE w.user_id = current_user_id() "
	    "ORDER BY w.performed_at, w.id, s.position", 0, NULL) != 0)
		return -1;
	do {
		res = db_exec(db, "FETCH " XSTR(EXPORT_BATCH) " FROM export", 0,
		    NULL);
		if (res == NULL)
			return -1;
		lines(b, res, safe);
		n = PQntuples(res);
		PQclear(res);
		if (put(arg, b->data ? b->data : "", b->len) != 0)
			return -1;	/* the client went away */
		buf_reset(b);
	} while (n == EXPORT_BATCH);
	return 0;
}
