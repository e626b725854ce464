/* workout_store.c — the user's workouts and their sets in PostgreSQL */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "bodyweight.h"
#include "civil.h"
#include "db.h"
#include "fmt.h"
#include "mem.h"
#include "session.h"
#include "workout.h"

/* A kg100 value as numeric(7,2) writes it ("-2.50"), into kg. */
static void
kg_text(char kg[32], long long kg100)
{
	kg[0] = '-';
	fmt_fixed(kg + (kg100 < 0), 31, kg100 < 0 ? -kg100 : kg100, 2);
}

/*
 * Appends w's sets as workouts.set_list keeps them (sql/022): "reps:
 * seconds:load" a set, space-separated, the load empty without one; the
 * text SETS_OF reads from the set rows ("8:0: 8:0:10.00").
 */
static void
set_list(struct buf *b, const struct workout *w)
{
	char	 kg[32];
	size_t	 i;

	for (i = 0; i < w->nsets; i++) {
		buf_printf(b, "%s%ld:%ld:", i ? " " : "", w->sets[i].reps,
		    w->sets[i].seconds);
		if (w->sets[i].loaded) {
			kg_text(kg, w->sets[i].load);
			buf_puts(b, kg);
		}
	}
}

/*
 * The sets as PostgreSQL arrays: reps, seconds, loads ("{8,8}",
 * "{NULL,10.00}"), then as their list (set_list).
 */
static void
set_arrays(struct arena *a, const struct workout *w, const char **p)
{
	struct buf r, d, l, s;
	char	 kg[32];
	size_t	 i;

	buf_init(&r);
	buf_init(&d);
	buf_init(&l);
	buf_init(&s);
	for (i = 0; i < w->nsets; i++) {
		buf_printf(&r, "%s%ld", i ? "," : "{", w->sets[i].reps);
		buf_printf(&d, "%s%ld", i ? "," : "{", w->sets[i].seconds);
		if (w->sets[i].loaded)
			kg_text(kg, w->sets[i].load);
		buf_printf(&l, "%s%s", i ? "," : "{", w->sets[i].loaded ?
		    kg : "NULL");
	}
	buf_putc(&r, '}');
	buf_putc(&d, '}');
	buf_putc(&l, '}');
	set_list(&s, w);
	p[0] = arena_strdup(a, r.data);
	p[1] = arena_strdup(a, d.data);
	p[2] = arena_strdup(a, l.data);
	p[3] = s.data != NULL ? arena_strdup(a, s.data) : NULL;
	buf_free(&r);
	buf_free(&d);
	buf_free(&l);
	buf_free(&s);
}

/* A kg100 value as a numeric parameter, or NULL. */
static const char *
kg_param(struct arena *a, int has, long long kg100)
{
	char	 kg[32];

	if (!has)
		return NULL;
	kg_text(kg, kg100);
	return arena_strdup(a, kg);
}

/*
 * $1 to $17 of an insert or update: exercise, when, reps, duration,
 * calories, note, estimated, (the caller's $8), set count, best set
 * reps and seconds, heaviest load, volume, the sets' reps, seconds,
 * loads, and their list. The body weight of day counts in the estimate and the volume.
 */
static int
params(struct db *db, struct arena *a, const struct workout *w,
    const char *when, long day, const char **p)
{
	struct totals t;
	long long bw;
	char	*kcal = arena_alloc(a, 16);
	int	 est;

	if (bw_on(db, day, &bw) != 0)
		return -1;
	wk_totals(w, bw, &t);
	p[0] = w->ex->id;
	p[1] = when;
	p[2] = arena_printf(a, "%ld", t.reps);
	p[3] = arena_printf(a, "%ld", t.seconds);
	p[4] = wk_calories(w, bw, kcal, &est);
	p[5] = w->note;
	p[6] = est ? "true" : "false";
	p[8] = arena_printf(a, "%zu", w->nsets);
	p[9] = arena_printf(a, "%ld", t.best_reps);
	p[10] = arena_printf(a, "%ld", t.best_seconds);
	p[11] = kg_param(a, t.has_load, t.max_load);
	p[12] = kg_param(a, t.has_volume, t.volume);
	set_arrays(a, w, p + 13);
	return 0;
}

/* The local date of a literal "YYYY-MM-DD …", or of today for "now". */
static long
day_of(const char *when, long today)
{
	char	 d[CIVIL_DATE_LEN];
	long	 day;

	snprintf(d, sizeof(d), "%s", when);
	return civil_parse_date(d, &day) == 0 ? day : today;
}

#define SETS_INSERT "INSERT INTO workout_sets (workout_id, user_id, position, " \
	"reps, duration_seconds, load_kg) SELECT w.id, current_user_id(), " \
	"k.position, k.reps, k.dur, k.load FROM w, unnest($14::int[], " \
	"$15::int[], $16::numeric[]) WITH ORDINALITY AS k(reps, dur, load, " \
	"position)"

enum wk_result
wk_insert(struct db *db, struct arena *a, const struct workout *w,
    const char *when, long today, const char *submission, char id[37])
{
	const char *p[17];
	PGresult *res;
	int	 n;

	if (params(db, a, w, when, day_of(when, today), p) != 0)
		return WK_FAILED;
	p[7] = submission;
	res = db_exec(db, "WITH w AS (INSERT INTO workouts (user_id, "
	    "exercise_type_id, performed_at, reps, duration_seconds, calories, "
	    "calories_estimated, note, submission_id, set_count, best_set_reps, "
	    "best_set_seconds, max_load_kg, volume_kg, set_list) VALUES "
	    "(current_user_id(), $1, date_trunc('second', $2::timestamptz), "
	    "$3, $4, $5::numeric, $7::bool, $6, $8::uuid, $9, $10, $11, "
	    "$12::numeric, $13::numeric, $17) "
	    "ON CONFLICT (user_id, submission_id) WHERE submission_id IS NOT "
	    "NULL DO NOTHING RETURNING id), "
	    "s AS (" SETS_INSERT ") SELECT id FROM w", 17, p);
	if (res == NULL)
		return WK_FAILED;
	if ((n = PQntuples(res)) == 1)
		snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return n == 1 ? WK_DONE : WK_ALREADY;
}

/* A statement's answer RETURNING the row it changed: done, or none such. */
static enum wk_result
changed(PGresult *res)
{
	int	 n;

	if (res == NULL)
		return WK_FAILED;
	n = PQntuples(res);
	PQclear(res);
	return n > 0 ? WK_DONE : WK_NOT_FOUND;
}

enum wk_result
wk_update(struct db *db, struct arena *a, const char *id,
    const struct workout *w, const char *when, long today)
{
	const char *p[17];

	if (params(db, a, w, when, day_of(when, today), p) != 0)
		return WK_FAILED;
	p[7] = id;
	if (db_cmd(db, "DELETE FROM workout_sets WHERE workout_id = $1::uuid "
	    "AND user_id = current_user_id()", 1, p + 7) != 0)
		return WK_FAILED;
	return changed(db_exec(db, "WITH w AS (UPDATE workouts SET "
	    "exercise_type_id = $1, performed_at = date_trunc('second', "
	    "$2::timestamptz), reps = $3, duration_seconds = $4, "
	    "calories = $5::numeric, calories_estimated = $7::bool, note = $6, "
	    "set_count = $9, best_set_reps = $10, best_set_seconds = $11, "
	    "max_load_kg = $12::numeric, volume_kg = $13::numeric, "
	    "set_list = $17 WHERE id = $8::uuid AND user_id = current_user_id() "
	    "RETURNING id), s AS (" SETS_INSERT ") SELECT id FROM w", 17, p));
}

enum wk_result
wk_delete(struct db *db, const char *id)
{
	const char *p[1] = { id };

	return changed(db_exec(db, "DELETE FROM workouts WHERE id = $1::uuid "
	    "AND user_id = current_user_id() RETURNING id", 1, p));
}

/* Appends s to a COPY text-format field: \\ \t \n \r escaped; NULL as \N. */
static void
copy_text(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_puts(b, "\\N");
		return;
	}
	for (; *s != '\0'; s++)
		switch (*s) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default: buf_putc(b, *s); break;
		}
}

/* One workout for import_rows, and its sets for import_sets. */
static void
copy_row(struct arena *a, struct buf *rows, struct buf *sets,
    const struct workout *w, const char *when, long long bw)
{
	char	 kcal[16], id[37];
	struct totals t;
	const char *cal;
	size_t	 i;
	int	 est;

	sess_uuid(id);
	wk_totals(w, bw, &t);
	cal = wk_calories(w, bw, kcal, &est);
	buf_printf(rows, "%s\t%s\t", id, w->ex->id);
	copy_text(rows, when);
	buf_printf(rows, "\t%ld\t%ld\t", t.reps, t.seconds);
	copy_text(rows, cal);
	/* Given calories match an existing row's; an estimate need not. */
	buf_printf(rows, "\t%s\t%s\t", w->calories != NULL ? "t" : "f",
	    est ? "t" : "f");
	copy_text(rows, w->note);
	buf_printf(rows, "\t%zu\t%ld\t%ld\t", w->nsets, t.best_reps,
	    t.best_seconds);
	copy_text(rows, kg_param(a, t.has_load, t.max_load));
	buf_putc(rows, '\t');
	copy_text(rows, kg_param(a, t.has_volume, t.volume));
	buf_putc(rows, '\t');
	set_list(rows, w);	/* digits, ':', '-', '.', ' ': nothing to escape */
	buf_putc(rows, '\n');
	for (i = 0; i < w->nsets; i++) {
		buf_printf(sets, "%s\t%zu\t%ld\t%ld\t", id, i + 1,
		    w->sets[i].reps, w->sets[i].seconds);
		copy_text(sets, kg_param(a, w->sets[i].loaded, w->sets[i].load));
		buf_putc(sets, '\n');
	}
}

/* The rows and sets of an import into the temporary tables. 0 or -1. */
static int
copy_import(struct db *db, struct arena *a, const struct workout *ws,
    const char *const *whens, size_t n)
{
	struct bw_entry *bw;
	struct buf rows, sets;
	size_t	 i, nbw;
	int	 rc;

	if (bw_list(db, a, 0, &bw, &nbw) != 0)
		return -1;
	buf_init(&rows);
	buf_init(&sets);
	for (i = 0; i < n; i++)
		copy_row(a, &rows, &sets, &ws[i], whens[i],
		    bw_pick(bw, nbw, day_of(whens[i], 0)));
	rc = db_cmd(db, "CREATE TEMP TABLE import_rows (id uuid, ex uuid, "
	    "at timestamptz, reps integer, dur integer, cal numeric, "
	    "given boolean, est boolean, note text, nsets smallint, "
	    "best_reps integer, best_secs integer, max_load numeric, "
	    "volume numeric, sets text) ON COMMIT DROP", 0, NULL) == 0 &&
	    db_cmd(db, "CREATE TEMP TABLE import_sets (id uuid, pos smallint, "
	    "reps integer, dur integer, load numeric) ON COMMIT DROP", 0,
	    NULL) == 0 &&
	    db_copy(db, "COPY import_rows FROM STDIN", rows.data ? rows.data :
	    "", rows.len) == 0 &&
	    db_copy(db, "COPY import_sets FROM STDIN", sets.data ? sets.data :
	    "", sets.len) == 0 ? 0 : -1;
	buf_free(&rows);
	buf_free(&sets);
	return rc;
}

int
wk_import_lock(struct db *db)
{
	char	 n[16], timeout[64];
	const char *p[1] = { n };
	PGresult *res;
	int	 mine, site;

	snprintf(n, sizeof(n), "%d", IMPORTS_AT_ONCE);
	/* The user's lock, and the first free of the site's import slots. */
	res = db_exec(db, "SELECT pg_try_advisory_xact_lock(hashtextextended("
	    "'exbuddy import ' || current_user_id(), 0)), (SELECT k FROM "
	    "generate_series(1, $1::int) k WHERE pg_try_advisory_xact_lock("
	    "hashtextextended('exbuddy imports', k)) LIMIT 1) IS NOT NULL", 1,
	    p);
	if (res == NULL)
		return -1;
	mine = PQgetvalue(res, 0, 0)[0] == 't';
	site = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	if (!mine)
		return 1;
	if (!site)
		return 2;
	/* Its statements may take longer than a page's, not for ever. */
	snprintf(timeout, sizeof(timeout), "SET LOCAL statement_timeout = "
	    "'%ds'", IMPORT_TIMEOUT);
	return db_cmd(db, timeout, 0, NULL) != 0 ? -1 : 0;
}

int
wk_import(struct db *db, struct arena *a, const struct workout *ws,
    const char *const *whens, size_t n, size_t *saved)
{
	PGresult *res;

	/*
	 * Plans cached in this connection (the foreign key checks' too) may
	 * date from when the tables were small: a sequential scan for each of
	 * 100,000 rows. DISCARD PLANS has them made again with the tables as
	 * they are: once before the workouts, once before their sets (the
	 * workouts just written in).
	 *
	 * The rows already there are found by a hash or merge join, never a
	 * nested loop: with the user's rows just written and not yet in the
	 * statistics, the planner thinks them one and loops over all of them
	 * for each row of the file (quadratic: 392 million rows compared for
	 * a third file of 14,000).
	 */
	if (copy_import(db, a, ws, whens, n) != 0 ||
	    db_cmd(db, "ANALYZE import_rows", 0, NULL) != 0 ||
	    db_cmd(db, "SET LOCAL enable_nestloop = off", 0, NULL) != 0 ||
	    db_cmd(db, "DELETE FROM import_rows r WHERE EXISTS (SELECT 1 "
	    "FROM workouts x WHERE x.user_id = current_user_id() "
	    "AND x.exercise_type_id = r.ex AND x.performed_at = r.at "
	    "AND x.reps = r.reps AND x.duration_seconds = r.dur "
	    "AND (NOT r.given OR x.calories = r.cal))", 0, NULL) != 0 ||
	    db_cmd(db, "SET LOCAL enable_nestloop = on", 0, NULL) != 0 ||
	    db_cmd(db, "DISCARD PLANS", 0, NULL) != 0)
		return -1;
	res = db_exec(db, "INSERT INTO workouts (id, user_id, "
	    "exercise_type_id, performed_at, reps, duration_seconds, calories, "
	    "calories_estimated, note, set_count, best_set_reps, "
	    "best_set_seconds, max_load_kg, volume_kg, set_list) SELECT r.id, "
	    "current_user_id(), r.ex, r.at, r.reps, r.dur, r.cal, r.est, r.note, "
	    "r.nsets, r.best_reps, r.best_secs, r.max_load, r.volume, r.sets "
	    "FROM import_rows r", 0, NULL);
	if (res == NULL)
		return -1;
	*saved = (size_t)strtoul(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return db_cmd(db, "DISCARD PLANS", 0, NULL) != 0 ||
	    db_cmd(db, "INSERT INTO workout_sets (workout_id, user_id, "
	    "position, reps, duration_seconds, load_kg) SELECT s.id, "
	    "current_user_id(), s.pos, s.reps, s.dur, s.load FROM import_sets s "
	    "JOIN import_rows r ON r.id = s.id", 0, NULL) != 0 ? -1 : 0;
}

/* A number of a set list as strtol reads it there (fmt_digits, clamped). */
static long
set_number(const char *s, const char **end)
{
	long long v;

	(void)fmt_digits(s, end, &v);
	return v > LONG_MAX ? LONG_MAX : v < LONG_MIN ? LONG_MIN : (long)v;
}

/* Sets written as "reps:seconds:load reps:seconds:load …" (load may be empty). */
static void
parse_sets(struct arena *a, const char *s, struct set **out, size_t *n)
{
	struct set *v;
	const char *p, *end;
	size_t	 k = 1;
	long long kg;

	for (p = s; *p != '\0'; p++)
		k += *p == ' ';
	*out = v = arena_alloc(a, k * sizeof(*v));
	*n = 0;
	for (p = s; *p != '\0' && *n < k; p = *end == ' ' ? end + 1 : end) {
		v[*n].reps = set_number(p, &end);
		if (*end++ != ':')
			break;
		v[*n].seconds = set_number(end, &end);
		if (*end++ != ':')
			break;
		v[*n].loaded = *end != ' ' && *end != '\0';
		if (v[*n].loaded) {
			int neg = *end == '-';
			char num[32];
			size_t len = strcspn(end + neg, " ");
			size_t cut = len < sizeof(num) ? len : sizeof(num) - 1;

			memcpy(num, end + neg, cut);	/* as %.*s, cut */
			num[cut] = '\0';
			if (fmt_fixed_parse(num, 2, &kg) == FIXED_OK)
				v[*n].load = neg ? -kg : kg;
			end += neg + len;
		}
		(*n)++;
	}
}

/*
 * The sets of workout w (column alias) in parse_sets() form: the list
 * the app wrote with them (sql/022). A workout without one (written by
 * hand in SQL) reads its set rows, and one without set rows either reads
 * as one set of its totals, as the migration to sets made of every older
 * workout.
 */
#define SETS_OF(w) "coalesce(" w ".set_list, (SELECT string_agg(s.reps " \
	"|| ':' || s.duration_seconds || ':' || coalesce(s.load_kg::text, " \
	"''), ' ' ORDER BY s.position) FROM workout_sets s WHERE " \
	"s.workout_id = " w ".id AND s.user_id = current_user_id()), " w \
	".reps || ':' || " w ".duration_seconds || ':')"

/*
 * The columns of a workout_row, in this order, and their source. The
 * exercise is named from the library (name_row), not joined: a join,
 * even a memoized lookup with exercise_label, cost PostgreSQL more than
 * the rest of the dashboard's recent workouts (pgbench, 0.05 of 0.21 ms).
 * The time comes as PostgreSQL writes a timestamptz, and row_time
 * writes what to_char, iso_time and the cursor's extract(epoch) wrote:
 * those cost it 0.13 ms a history page of 20 rows.
 */
#define ROW_COLUMNS "w.id, w.performed_at, w.exercise_type_id, w.reps, " \
	"w.duration_seconds, coalesce(w.calories::text, ''), " \
	"w.calories_estimated, coalesce(w.note, ''), " SETS_OF("w")
#define ROW_MINE " WHERE w.user_id = current_user_id()"
#define ROW_SOURCE "workouts w" ROW_MINE

/*
 * r's times from performed_at as PostgreSQL wrote it in the user's zone
 * (DateStyle ISO: db.c, sql/020): when "YYYY-MM-DD HH:MM" there; iso
 * with the zone's offset, or in UTC when the offset is not whole
 * minutes (as iso_time, sql/004); the cursor, µs since 1970 and the id.
 * Text PostgreSQL would not write shows as it is, without a cursor.
 */
static void
row_time(struct arena *a, const char *s, struct workout_row *r)
{
	char	 b[CIVIL_STAMP_LEN], zone[CIVIL_ZONE_LEN], us[FMT_INT_LEN];
	long	 day, sec, off, t;

	if (civil_parse_pg(s, &day, &sec, &off) != 0) {
		r->when = r->iso = arena_strdup(a, s);
		r->cursor = "";
		return;
	}
	r->when = arena_strndup(a, b, civil_stamp(b, day, sec, ' ', 0));
	t = day * 86400 + sec - off;
	if (off % 60 == 0) {
		civil_zone(zone, off);
		civil_stamp(b, day, sec, 'T', 1);
		r->iso = arena_cat(a, b, zone, (char *)NULL);
	} else {
		day = t / 86400 - (t % 86400 < 0);
		civil_stamp(b, day, t - day * 86400, 'T', 1);
		r->iso = arena_cat(a, b, "Z", (char *)NULL);
	}
	fmt_int(us, (long long)t * 1000000);
	r->cursor = arena_cat(a, us, "_", r->id, (char *)NULL);
}

static void
row_of(struct arena *a, PGresult *res, int i, struct workout_row *r)
{
	r->id = arena_strdup(a, PQgetvalue(res, i, 0));
	row_time(a, PQgetvalue(res, i, 1), r);
	r->exercise_id = arena_strdup(a, PQgetvalue(res, i, 2));
	r->reps = db_long(res, i, 3);
	r->seconds = db_long(res, i, 4);
	r->calories = arena_strdup(a, PQgetvalue(res, i, 5));
	r->estimated = PQgetvalue(res, i, 6)[0] == 't';
	r->note = arena_strdup(a, PQgetvalue(res, i, 7));
	parse_sets(a, PQgetvalue(res, i, 8), &r->sets, &r->nsets);
}

/*
 * Names r's exercise from lib: its label, slug and whether the body
 * weight counts ("", "" and no when lib lacks it, as a missing join
 * gave). Rows in a row are often of one exercise: the last is tried
 * first.
 */
static void
name_row(struct arena *a, const struct library *lib, struct workout_row *r,
    const struct workout_row *last)
{
	const struct exercise *e;

	if (last != NULL && strcmp(last->exercise_id, r->exercise_id) == 0) {
		r->exercise = last->exercise;
		r->slug = last->slug;
		r->bodyweight = last->bodyweight;
		return;
	}
	e = ex_by_id(lib, r->exercise_id);
	r->exercise = e != NULL ? ex_label(a, lib, e) : "";
	r->slug = e != NULL ? e->slug : "";
	r->bodyweight = e != NULL && e->bodyweight;
}

static int
rows_of(struct arena *a, const struct library *lib, PGresult *res,
    struct workout_row **out, size_t *n)
{
	int	 i;

	if (res == NULL || lib == NULL) {
		PQclear(res);
		return -1;
	}
	*n = (size_t)PQntuples(res);
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (i = 0; i < PQntuples(res); i++) {
		row_of(a, res, i, &(*out)[i]);
		name_row(a, lib, &(*out)[i], i > 0 ? &(*out)[i - 1] : NULL);
	}
	PQclear(res);
	return 0;
}

/*
 * The user's last RECENT_SCAN_ROWS workouts, newest first, for the
 * dashboard (its last RECENT_ROWS, and a "Repeat" of each of its last
 * exercises) and the log form (its last RECENT_EXERCISES exercises,
 * each with the sets of its last time): view_recent_exercises picks
 * them in C. With the sets in the row (set_list, sql/022), all 20 cost
 * PostgreSQL less than picking the 5 to 10 needed with window functions
 * (pgbench: 0.03 to 0.05 ms against 0.09).
 */
static const char recent_sql[] = "SELECT " ROW_COLUMNS " FROM " ROW_SOURCE
    " ORDER BY w.performed_at DESC, w.id DESC "
    "LIMIT " XSTR(RECENT_SCAN_ROWS);

void
wk_recent_query(struct db_query *q)
{
	q->sql = recent_sql;
	q->n = 0;
	q->params = NULL;
}

int
wk_recent(struct db *db, struct arena *a, const struct library *lib,
    struct workout_row **out, size_t *nout)
{
	return rows_of(a, lib, db_exec(db, recent_sql, 0, NULL), out, nout);
}

/*
 * A page of the history: the HISTORY_ROWS + 1 rows past the keyset
 * cursor (µs since 1970 and id), older or newer (these read oldest
 * first, then shown newest first too), of one exercise and between two
 * dates when asked. The statement holds only the conditions this page
 * has, each with a parameter of its own, numbered as they come: every
 * statement exbuddy prepares runs with a generic plan (db.c,
 * plan_cache_mode), and a generic plan of "$1 IS NULL OR ..." would
 * read and sort all of the user's workouts, where each of these walks
 * an index of the user's and stops at the page's end. At most 16 + 8
 * statements. Dates are the exception: how many of the user's workouts
 * lie between them decides the plan (walk the index in the page's
 * order, or gather the range and sort it), which a generic plan cannot
 * know, so wk_history has such a statement planned for its values (then
 * back to the connection's generic plans); send only dateless ones
 * ahead, by db_prefetch.
 * tests/e2e/54_indexes.t explains every one of them (tests/unit/
 * test_history_sql prints them).
 * The exercise's page reads only the rows it shows (f->rows).
 */
#define CURSOR(op) " AND (w.performed_at, w.id) " op " (timestamptz " \
	"'epoch' + $%d::bigint * interval '1 microsecond', $%d::uuid)"
_Static_assert(HISTORY_ROWS + 1 == 21, "a page and one more: LIMIT 21 (54, test_history_sql)");

void
wk_history_query(struct arena *a, const struct wk_filter *f,
    struct db_query *q)
{
	const char **p = arena_alloc(a, 5 * sizeof(*p));
	char	 cond[4][128], limit[FMT_INT_LEN];
	int	 n = 0, rows = f->rows > 0 ? f->rows : HISTORY_ROWS + 1;

	cond[0][0] = cond[1][0] = cond[2][0] = cond[3][0] = '\0';
	if (f->exercise_id != NULL) {
		p[n++] = f->exercise_id;
		snprintf(cond[0], sizeof(cond[0]),
		    " AND w.exercise_type_id = $%d::uuid", n);
	}
	if (f->from != NULL) {
		p[n++] = f->from;
		snprintf(cond[1], sizeof(cond[1]),
		    " AND w.performed_at >= $%d::date", n);
	}
	if (f->to != NULL) {
		p[n++] = f->to;
		snprintf(cond[2], sizeof(cond[2]),
		    " AND w.performed_at < $%d::date + 1", n);
	}
	if (f->micros != NULL && f->id != NULL) {
		p[n++] = f->micros;
		p[n++] = f->id;
		snprintf(cond[3], sizeof(cond[3]), f->newer ? CURSOR(">") :
		    CURSOR("<"), n - 1, n);
	}
	q->params = p;
	q->n = n;
	fmt_int(limit, rows);
	/* Joined, not printed: vsnprintf read this 1.5 KB format twice. */
	if (f->newer)
		q->sql = arena_cat(a, "SELECT * FROM (SELECT "
		    ROW_COLUMNS " FROM " ROW_SOURCE, cond[0], cond[1], cond[2],
		    cond[3], " ORDER BY w.performed_at, w.id LIMIT ", limit,
		    ") x ORDER BY x.performed_at DESC, x.id DESC", (char *)NULL);
	else
		q->sql = arena_cat(a, "SELECT " ROW_COLUMNS " FROM "
		    ROW_SOURCE, cond[0], cond[1], cond[2], cond[3],
		    " ORDER BY w.performed_at DESC, w.id DESC LIMIT ", limit,
		    (char *)NULL);
}

int
wk_history(struct db *db, struct arena *a, const struct library *lib,
    const struct wk_filter *f, struct workout_row **out, size_t *n)
{
	struct db_query q;
	PGresult *res;
	int	 dates = f->from != NULL || f->to != NULL;

	/* With dates, this statement alone is planned for its values. */
	if (dates && db_cmd(db, "SET LOCAL plan_cache_mode = "
	    "force_custom_plan", 0, NULL) != 0)
		return -1;
	wk_history_query(a, f, &q);
	res = db_exec(db, q.sql, q.n, q.params);
	if (dates && res != NULL && db_cmd(db, "SET LOCAL plan_cache_mode "
	    "TO DEFAULT", 0, NULL) != 0) {
		PQclear(res);
		return -1;
	}
	return rows_of(a, lib, res, out, n);
}

/* The columns of a workout_form, for one workout w. */
#define FORM_COLUMNS "w.exercise_type_id, CASE WHEN w.calories_estimated " \
	"THEN '' ELSE w.calories::text END, to_char(w.performed_at, " \
	"'YYYY-MM-DD'), CASE WHEN extract(second FROM w.performed_at) = 0 " \
	"THEN to_char(w.performed_at, 'HH24:MI') ELSE " \
	"to_char(w.performed_at, 'HH24:MI:SS') END, coalesce(w.note, ''), " \
	"w.calories, " SETS_OF("w")

static int
form_of(struct arena *a, PGresult *res, struct workout_form *f)
{
	int	 found;

	if (res == NULL)
		return -1;
	if ((found = PQntuples(res)) == 1) {
		f->exercise_id = arena_strdup(a, PQgetvalue(res, 0, 0));
		f->calories = arena_strdup(a, PQgetvalue(res, 0, 1));
		f->date = arena_strdup(a, PQgetvalue(res, 0, 2));
		f->time = arena_strdup(a, PQgetvalue(res, 0, 3));
		f->note = arena_strdup(a, PQgetvalue(res, 0, 4));
		f->estimate = *f->calories == '\0' ?
		    arena_strdup(a, PQgetvalue(res, 0, 5)) : NULL;
		parse_sets(a, PQgetvalue(res, 0, 6), &f->sets, &f->nsets);
	}
	PQclear(res);
	return found == 1;
}

int
wk_get(struct db *db, struct arena *a, const char *id, struct workout_form *f)
{
	const char *p[1] = { id };

	return form_of(a, db_exec(db, "SELECT " FORM_COLUMNS " FROM workouts w "
	    "WHERE w.id = $1::uuid AND w.user_id = current_user_id()", 1, p), f);
}

int
wk_last(struct db *db, struct arena *a, const char *exercise_id,
    struct workout_form *f)
{
	const char *p[1] = { exercise_id };

	return form_of(a, db_exec(db, "SELECT " FORM_COLUMNS " FROM workouts w "
	    "WHERE w.user_id = current_user_id() AND w.exercise_type_id = "
	    "$1::uuid ORDER BY w.performed_at DESC, w.id DESC LIMIT 1", 1, p),
	    f);
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
wk_local_instant(struct db *db, struct arena *a, const char *local,
    time_t *t, const char **back)
{
	const char *p[1] = { local };
	PGresult *res;

	if ((res = db_exec(db, "SELECT extract(epoch FROM "
	    "$1::timestamptz)::bigint, to_char($1::timestamptz, 'HH24:MI:SS')",
	    1, p)) == NULL)
		return -1;
	*t = (time_t)db_long(res, 0, 0);
	*back = arena_strdup(a, PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}
