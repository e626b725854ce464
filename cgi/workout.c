/* workout.c — the exercise library and the rules of a workout, shared by the form and the import */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libpq-fe.h>

#include "db.h"
#include "http.h"
#include "mem.h"
#include "page.h"
#include "tmpl.h"
#include "valid.h"
#include "workout.h"

#define WK_MAX_EXERCISES	64

static struct exercise	 lib[WK_MAX_EXERCISES];
static size_t		 nlib;

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

const struct exercise *
wk_exercises(struct db *db, size_t *n)
{
	PGresult *res;
	int	 i;

	if (nlib == 0) {
		res = db_exec(db, "SELECT id, slug, name, description, "
		    "measure = 'time', met FROM exercise_types ORDER BY name",
		    0, NULL);
		if (res == NULL)
			return NULL;
		for (i = 0; i < PQntuples(res) && i < WK_MAX_EXERCISES; i++) {
			copy(lib[i].id, sizeof(lib[i].id), PQgetvalue(res, i, 0));
			copy(lib[i].slug, sizeof(lib[i].slug),
			    PQgetvalue(res, i, 1));
			copy(lib[i].name, sizeof(lib[i].name),
			    PQgetvalue(res, i, 2));
			copy(lib[i].description, sizeof(lib[i].description),
			    PQgetvalue(res, i, 3));
			lib[i].timed = PQgetvalue(res, i, 4)[0] == 't';
			copy(lib[i].met, sizeof(lib[i].met),
			    PQgetvalue(res, i, 5));
		}
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

static int
listed(const PGresult *only, const char *slug)
{
	int	 i;

	for (i = 0; i < PQntuples(only); i++)
		if (strcmp(PQgetvalue(only, i, 0), slug) == 0)
			return 1;
	return 0;
}

int
wk_options(struct ctx *c, const char *chosen, const void *only)
{
	const struct exercise *e;
	struct tmpl_vars *v;
	size_t	 i, n;

	if ((e = wk_exercises(c->db, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (only != NULL && !listed(only, e[i].slug))
			continue;
		v = tmpl_loop_add(c->vars, "exercises");
		tmpl_set(v, "slug", e[i].slug);
		tmpl_set(v, "name", e[i].name);
		tmpl_set(v, "kind", e[i].timed ? "timed" : "reps");
		if (chosen != NULL && strcmp(chosen, e[i].slug) == 0)
			tmpl_set(v, "selected", "1");
	}
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

/* A number of calories: digits, at most one decimal, 0 to 100000. */
static int
calories_ok(const char *s)
{
	size_t	 d = strspn(s, "0123456789");

	if (d == 0 || d > 6)
		return 0;
	if (s[d] == '.' && (s[d + 1] < '0' || s[d + 1] > '9' ||
	    s[d + 2] != '\0'))
		return 0;
	if (s[d] != '\0' && s[d] != '.')
		return 0;
	return strtod(s, NULL) <= WK_MAX_CALORIES;
}

static int
check_amounts(const struct workout_in *in, struct workout *w,
    void (*bad)(void *, const char *, const char *), void *arg)
{
	long	 min, sec;
	int	 n = 0;

	if (count(in->reps, WK_MAX_REPS, &w->reps) != 0) {
		bad(arg, "reps", "Reps must be a whole number from 0 to "
		    "100000.");
		n++;
	}
	if (count(in->minutes, WK_MAX_SECONDS / 60, &min) != 0 ||
	    count(in->seconds, WK_MAX_SECONDS, &sec) != 0 ||
	    (w->duration = min * 60 + sec) > WK_MAX_SECONDS) {
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
			    "to 100000, like 45 or 45.5 (or leave it empty).");
			n++;
		}
		w->calories = in->calories;
	}
	if (in->note != NULL && *in->note != '\0') {
		if (!valid_text(in->note, 0, WK_MAX_NOTE, 1)) {
			bad(arg, "note", "The note can be at most 500 "
			    "characters of text.");
			n++;
		}
		w->note = in->note;
	}
	return n;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long
days_from_civil(long y, long m, long d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
days_in_month(long y, long m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* n digits at s as a number, or -1. */
static long
digits(const char *s, int n)
{
	long	 v = 0;
	int	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
wk_parse_iso(const char *s, time_t *t)
{
	long	 y, mo, d, h, mi, se = 0, oh = 0, om = 0, sign = 0;
	const char *p;

	if (s == NULL || strlen(s) < 17 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	p = s + 16;
	if (*p == ':') {
		if ((se = digits(p + 1, 2)) < 0)
			return -1;
		p += 3;
	}
	if (*p == 'Z' && p[1] == '\0')
		sign = 0;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		sign = *p == '-' ? -1 : 1;
		oh = digits(p + 1, 2);
		om = digits(p + 4, 2);
	} else
		return -1;
	/* Years 1 to 9999: what PostgreSQL and the forms can both take. */
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 ||
	    oh < 0 || oh > 14 || om < 0 || om > 59)
		return -1;
	*t = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    se - sign * (oh * 3600 + om * 60));
	return 0;
}

int
wk_time_ok(time_t t)
{
	return t >= 0 && t <= time(NULL) + 86400;
}

void
wk_duration(char *out, size_t n, long s)
{
	if (s >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
		    s % 60);
	else
		snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

/* Calories given, or the estimate from MET, body weight and time. */
#define CALORIES "COALESCE($5::numeric, round(e.met * " \
	"COALESCE(u.weight_kg, 70) * (CASE WHEN $4::int > 0 THEN $4::int " \
	"ELSE $3::int * e.seconds_per_rep END) / 3600.0, 1))"

/* $1 to $7 of an insert or update. */
static void
params(const struct workout *w, const char *when, char reps[16],
    char dur[16], const char **p)
{
	snprintf(reps, 16, "%ld", w->reps);
	snprintf(dur, 16, "%ld", w->duration);
	p[0] = w->ex->id;
	p[1] = when;
	p[2] = reps;
	p[3] = dur;
	p[4] = w->calories;
	p[5] = w->note;
	p[6] = w->estimated ? "true" : "false";
}

int
wk_insert(struct db *db, const struct workout *w, const char *when,
    const char *submission)
{
	char	 reps[16], dur[16];
	const char *p[8];
	PGresult *res;
	int	 n;

	params(w, when, reps, dur, p);
	p[7] = submission;
	res = db_exec(db, "INSERT INTO workouts (user_id, exercise_type_id, "
	    "performed_at, reps, duration_seconds, calories, "
	    "calories_estimated, note, submission_id) "
	    "SELECT current_user_id(), e.id, $2::timestamptz, $3, $4, "
	    CALORIES ", $5::numeric IS NULL OR $7::bool, $6, $8::uuid "
	    "FROM exercise_types e, users u "
	    "WHERE e.id = $1 AND u.id = current_user_id() "
	    "ON CONFLICT (user_id, submission_id) DO NOTHING RETURNING id",
	    8, p);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	return n > 0;
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
copy_row(struct buf *b, size_t i, const struct workout *w, const char *when)
{
	buf_printf(b, "%zu\t%s\t", i, w->ex->id);
	copy_text(b, when);
	buf_printf(b, "\t%ld\t%ld\t", w->reps, w->duration);
	if (w->calories != NULL)
		copy_text(b, w->calories);
	else
		buf_puts(b, "\\N");
	buf_printf(b, "\t%s\t", w->estimated > 0 ? "t" : w->estimated == 0 ?
	    "f" : "\\N");
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
	size_t	 i;
	int	 rc;

	buf_init(&b);
	for (i = 0; i < n; i++)
		copy_row(&b, i, &ws[i], whens[i]);
	rc = db_cmd(db, "CREATE TEMP TABLE import_rows (n integer, ex uuid, "
	    "at timestamptz, reps integer, dur integer, cal numeric, "
	    "est boolean, note text) ON COMMIT DROP", 0, NULL) == 0 &&
	    db_copy(db, "COPY import_rows FROM STDIN", b.data ? b.data : "",
	    b.len) == 0 ? 0 : -1;
	buf_free(&b);
	if (rc != 0)
		return -1;
	res = db_exec(db, "INSERT INTO workouts (user_id, exercise_type_id, "
	    "performed_at, reps, duration_seconds, calories, "
	    "calories_estimated, note) SELECT current_user_id(), r.ex, r.at, "
	    "r.reps, r.dur, CASE WHEN r.cal IS NULL AND r.est IS FALSE THEN "
	    "NULL ELSE COALESCE(r.cal, round(e.met * COALESCE(u.weight_kg, "
	    "70) * (CASE WHEN r.dur > 0 THEN r.dur ELSE r.reps * "
	    "e.seconds_per_rep END) / 3600.0, 1)) END, CASE WHEN r.cal IS NULL "
	    "THEN r.est IS NOT FALSE ELSE r.est IS TRUE END, r.note FROM import_rows r "
	    "JOIN exercise_types e ON e.id = r.ex "
	    "JOIN users u ON u.id = current_user_id() WHERE NOT EXISTS "
	    "(SELECT 1 FROM workouts x WHERE x.user_id = current_user_id() "
	    "AND x.exercise_type_id = r.ex AND x.performed_at = r.at "
	    "AND x.reps = r.reps AND x.duration_seconds = r.dur "
	    "AND (r.cal IS NULL OR x.calories = r.cal))", 0, NULL);
	if (res == NULL)
		return -1;
	*saved = (size_t)strtoul(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

int
wk_update(struct db *db, const char *id, const struct workout *w,
    const char *when)
{
	char	 reps[16], dur[16];
	const char *p[8];
	PGresult *res;
	int	 n;

	params(w, when, reps, dur, p);
	p[7] = id;
	res = db_exec(db, "UPDATE workouts x SET exercise_type_id = e.id, "
	    "performed_at = $2::timestamptz, reps = $3, duration_seconds = $4, "
	    "calories = " CALORIES ", calories_estimated = $5::numeric IS NULL "
	    "OR $7::bool, note = $6 FROM exercise_types e, users u "
	    "WHERE x.id = $8::uuid AND e.id = $1 AND u.id = current_user_id() "
	    "RETURNING x.id", 8, p);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	return n > 0;
}
