/* exercise.c — the exercises a user sees: the built-in ones and their own */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "db.h"
#include "exercise.h"
#include "fmt.h"
#include "limits.h"
#include "mem.h"
#include "session.h"
#include "utf8.h"

#define BUILTIN_TEXT	(64 * 1024)	/* bytes for the built-ins' strings */

/* Per worker: the built-ins change only with migrations. */
static struct exercise	 builtin[WK_MAX_EXERCISES];
static size_t		 nbuiltin;
static char		 builtin_text[BUILTIN_TEXT];

static const char *const measures[] = { "reps", "time", "reps_weight", NULL };

const char *
ex_measure_name(enum measure m)
{
	return measures[m];
}

long
ex_default_met10(enum measure m)
{
	/* 2011 Compendium: calisthenics, moderate (02022) for reps and
	 * time; resistance training, squats and the like (02052). */
	return m == MEASURE_REPS_WEIGHT ? 50 : 38;
}

/* A decimal of one place ("3.8") in tenths; "" or a bad one is 0. */
static long
tenths(const char *s)
{
	long long v;

	return fmt_fixed_parse(s, 1, &v) == FIXED_OK ? (long)v : 0;
}

static enum measure
measure_of(const char *s)
{
	int	 i;

	for (i = 0; measures[i] != NULL; i++)
		if (strcmp(s, measures[i]) == 0)
			return (enum measure)i;
	return MEASURE_REPS;
}

/* The columns of an exercise row, as fill() reads them. */
#define COLUMNS "id, slug, name, description, measure, met, " \
	"coalesce(seconds_per_rep::text, ''), bodyweight, user_id IS NOT NULL, " \
	"archived"

/* Row i of res into e, its strings from copy (the arena or static text). */
static void
fill(struct exercise *e, PGresult *res, int i,
    const char *(*copy)(void *, const char *), void *arg)
{
	e->id = copy(arg, PQgetvalue(res, i, 0));
	e->slug = copy(arg, PQgetvalue(res, i, 1));
	e->name = copy(arg, PQgetvalue(res, i, 2));
	e->description = copy(arg, PQgetvalue(res, i, 3));
	e->measure = measure_of(PQgetvalue(res, i, 4));
	e->timed = e->measure == MEASURE_TIME;
	e->met10 = tenths(PQgetvalue(res, i, 5));
	e->spr10 = tenths(PQgetvalue(res, i, 6));
	e->bodyweight = PQgetvalue(res, i, 7)[0] == 't';
	e->own = PQgetvalue(res, i, 8)[0] == 't';
	e->archived = PQgetvalue(res, i, 9)[0] == 't';
}

/* Copies s into the built-ins' text (the caller checked the room). */
static const char *
static_copy(void *arg, const char *s)
{
	size_t	*used = arg, n = strlen(s) + 1;
	char	*p = builtin_text + *used;

	memcpy(p, s, n);
	*used += n;
	return p;
}

static const char *
arena_copy(void *arg, const char *s)
{
	return arena_strdup(arg, s);
}

static int
load_builtins(struct db *db)
{
	PGresult *res;
	size_t	 used = 0, need;
	int	 i, col;

	res = db_exec(db, "SELECT " COLUMNS " FROM exercise_types "
	    "WHERE user_id IS NULL ORDER BY name", 0, NULL);
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && i < WK_MAX_EXERCISES; i++) {
		for (need = 0, col = 0; col < 4; col++)
			need += strlen(PQgetvalue(res, i, col)) + 1;
		if (used + need > sizeof(builtin_text))
			break;
		fill(&builtin[i], res, i, static_copy, &used);
		builtin[i].index = i;
	}
	nbuiltin = (size_t)i;
	PQclear(res);
	return nbuiltin > 0 ? 0 : -1;
}

static const char own_sql[] = "SELECT " COLUMNS " FROM exercise_types "
    "WHERE user_id = current_user_id() ORDER BY lower(name) "
    "LIMIT " XSTR(EXERCISES_MAX_OWN);

void
ex_library_query(struct db_query *q)
{
	q->sql = own_sql;
	q->n = 0;
	q->params = NULL;
}

/*
 * ex_seen's memory: a slot per user and slug (a hash picks it; the last
 * one kept there stays), so a few KB whatever is asked.
 */
#define SEEN		64
static struct seen {
	char	 user_id[37];
	char	 id[37];
	char	 slug[128];
	int	 bodyweight;
} seen[SEEN];

static struct seen *
seen_slot(const char *user_id, const char *slug)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *user_id != '\0'; user_id++)
		h = (h ^ (unsigned char)*user_id) * 16777619u;
	for (; *slug != '\0'; slug++)
		h = (h ^ (unsigned char)*slug) * 16777619u;
	return &seen[h % SEEN];
}

int
ex_seen(struct arena *a, const char *user_id, const char *slug,
    struct exercise *out)
{
	const struct seen *k = seen_slot(user_id, slug);

	if (strcmp(k->user_id, user_id) != 0 || strcmp(k->slug, slug) != 0)
		return 0;
	/* Copies: the request's statements keep them, and a slot changes. */
	memset(out, 0, sizeof(*out));
	out->id = arena_strdup(a, k->id);
	out->slug = arena_strdup(a, k->slug);
	out->bodyweight = k->bodyweight;
	return 1;
}

void
ex_seen_keep(const char *user_id, const struct exercise *e)
{
	struct seen *k = seen_slot(user_id, e->slug);

	if (strlen(user_id) >= sizeof(k->user_id) ||
	    strlen(e->id) >= sizeof(k->id) ||
	    strlen(e->slug) >= sizeof(k->slug))
		return;
	memcpy(k->user_id, user_id, strlen(user_id) + 1);
	memcpy(k->id, e->id, strlen(e->id) + 1);
	memcpy(k->slug, e->slug, strlen(e->slug) + 1);
	k->bodyweight = e->bodyweight;
}

int
ex_library(struct db *db, struct arena *a, struct library *lib)
{
	struct exercise *v;
	PGresult *res;
	int	 i, n;

	if (nbuiltin == 0 && load_builtins(db) != 0)
		return -1;
	res = db_exec(db, own_sql, 0, NULL);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	v = arena_alloc(a, (nbuiltin + (size_t)n) * sizeof(*v));
	memcpy(v, builtin, nbuiltin * sizeof(*v));
	for (i = 0; i < n; i++) {
		fill(&v[nbuiltin + (size_t)i], res, i, arena_copy, a);
		v[nbuiltin + (size_t)i].index = (int)nbuiltin + i;
	}
	PQclear(res);
	lib->v = v;
	lib->n = nbuiltin + (size_t)n;
	lib->nbuiltin = nbuiltin;
	return 0;
}

const struct exercise *
ex_find(const struct library *lib, const char *key)
{
	size_t	 i;

	if (key == NULL || *key == '\0')
		return NULL;
	for (i = 0; i < lib->n; i++)
		if (strcasecmp(lib->v[i].slug, key) == 0)
			return &lib->v[i];
	for (i = lib->n; i-- > 0; )	/* the user's own first */
		if (utf8_same_fold(lib->v[i].name, key))
			return &lib->v[i];
	return NULL;
}

const struct exercise *
ex_by_id(const struct library *lib, const char *id)
{
	size_t	 i;

	for (i = 0; id != NULL && i < lib->n; i++)
		if (strcasecmp(lib->v[i].id, id) == 0)
			return &lib->v[i];
	return NULL;
}

const struct exercise *
ex_builtin_named(const struct library *lib, const char *name)
{
	size_t	 i;

	for (i = 0; i < lib->nbuiltin; i++)
		if (utf8_same_fold(lib->v[i].name, name))
			return &lib->v[i];
	return NULL;
}

const char *
ex_label(struct arena *a, const struct library *lib, const struct exercise *e)
{
	if (!e->own || ex_builtin_named(lib, e->name) == NULL)
		return e->name;
	return arena_cat(a, e->name, " (yours)", (char *)NULL);
}

int
ex_name_reserved(const char *name)
{
	size_t	 n = strlen(name), k = sizeof(EX_BUILTIN_MARK) - 1;

	return n >= k && strcasecmp(name + n - k, EX_BUILTIN_MARK) == 0;
}

const struct exercise *
ex_builtin_keyed(const struct library *lib, const char *key)
{
	size_t	 i, n = strlen(key), k = sizeof(EX_BUILTIN_SUFFIX) - 1;

	if (n >= k && strcasecmp(key + n - k, EX_BUILTIN_SUFFIX) == 0)
		n -= k;
	for (i = 0; i < lib->nbuiltin; i++)
		if (strlen(lib->v[i].slug) == n &&
		    strncasecmp(lib->v[i].slug, key, n) == 0)
			return &lib->v[i];
	return NULL;
}

void
ex_slugify(const char *name, char out[EX_SLUG_MAX + 1])
{
	size_t	 o = 0;
	int	 dash = 0;
	char	 ch;

	for (; *name != '\0' && o < EX_SLUG_MAX; name++) {
		ch = *name >= 'A' && *name <= 'Z' ? (char)(*name + 32) : *name;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (dash && o > 0 && o + 1 < EX_SLUG_MAX)
				out[o++] = '-';
			out[o++] = ch;
			dash = 0;
		} else
			dash = 1;
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, EX_SLUG_MAX + 1, "exercise");
}

/* 1 when slug is taken in lib (by another than self) or is reserved. */
static int
slug_taken(const struct library *lib, const char *slug,
    const struct exercise *self)
{
	size_t	 i;

	/* /exercises/new is the form, not an exercise. */
	if (strcmp(slug, "new") == 0)
		return 1;
	for (i = 0; i < lib->n; i++)
		if (&lib->v[i] != self && strcmp(lib->v[i].slug, slug) == 0)
			return 1;
	return 0;
}

/* A slug for name free in lib: "name", "name-2", "name-3" … */
static const char *
free_slug(struct arena *a, const struct library *lib, const char *name,
    const struct exercise *self)
{
	char	 base[64], slug[80];
	size_t	 len;
	int	 k;

	ex_slugify(name, base);
	snprintf(slug, sizeof(slug), "%s", base);
	base[56] = '\0';	/* room for a number, under 60 ... */
	for (len = strlen(base); len > 1 && base[len - 1] == '-'; len--)
		base[len - 1] = '\0';	/* ... and no "--" before it */
	for (k = 2; slug_taken(lib, slug, self); k++)
		snprintf(slug, sizeof(slug), "%s-%d", base, k);
	return arena_strdup(a, slug);
}

/* 1 when another of the user's own has name (any letter case). */
static int
name_taken(const struct library *lib, const char *name,
    const struct exercise *self)
{
	size_t	 i;

	for (i = lib->nbuiltin; i < lib->n; i++)
		if (&lib->v[i] != self && utf8_same_fold(lib->v[i].name, name))
			return 1;
	return 0;
}

/* The parameters of an insert or update: name, slug, measure, MET, pace, bodyweight. */
static void
def_params(const struct exercise_def *d, const char *slug, char met[16],
    const char **p)
{
	fmt_fixed(met, 16, d->met10, 1);
	p[0] = d->name;
	p[1] = slug;
	p[2] = ex_measure_name(d->measure);
	p[3] = met;
	p[4] = d->measure == MEASURE_TIME ? NULL : "3.0";
	p[5] = d->bodyweight ? "true" : "false";
}

/*
 * db_cmd_unique's answer: 1 when another request took the name meanwhile,
 * 2 when others made the user's last exercises meanwhile (sql/021).
 */
static enum ex_result
done(int rc)
{
	return rc == 0 ? EX_DONE : rc == 1 ? EX_NAME_TAKEN :
	    rc == 2 ? EX_TOO_MANY : EX_FAILED;
}

enum ex_result
ex_plan(struct arena *a, const struct library *lib,
    const struct exercise_def *d, struct exercise *e)
{
	char	 id[37];

	if (name_taken(lib, d->name, NULL))
		return EX_NAME_TAKEN;
	if (lib->n - lib->nbuiltin >= EXERCISES_MAX_OWN)
		return EX_TOO_MANY;
	memset(e, 0, sizeof(*e));
	sess_uuid(id);
	e->id = arena_strdup(a, id);
	e->slug = free_slug(a, lib, d->name, NULL);
	e->name = arena_strdup(a, d->name);
	e->description = "";
	e->measure = d->measure;
	e->timed = d->measure == MEASURE_TIME;
	e->bodyweight = d->bodyweight;
	e->own = 1;
	e->met10 = d->met10;
	e->spr10 = d->measure == MEASURE_TIME ? 0 : 30;
	e->index = (int)lib->n;
	return EX_DONE;
}

enum ex_result
ex_insert(struct db *db, const struct exercise *e)
{
	struct exercise_def d = { e->name, e->measure, e->met10, e->bodyweight };
	const char *p[8];
	char	 met[16];

	def_params(&d, e->slug, met, p);
	p[6] = e->id;
	p[7] = e->archived ? "true" : "false";
	return done(db_cmd_unique(db, "INSERT INTO exercise_types (id, user_id, "
	    "name, slug, measure, met, seconds_per_rep, bodyweight, archived) "
	    "VALUES ($7::uuid, current_user_id(), $1, $2, $3, $4::numeric, "
	    "$5::numeric, $6::bool, $8::bool)", 8, p));
}

enum ex_result
ex_create(struct db *db, struct arena *a, const struct library *lib,
    const struct exercise_def *d, const char **slug)
{
	struct exercise e;
	enum ex_result rc;

	if ((rc = ex_plan(a, lib, d, &e)) != EX_DONE)
		return rc;
	*slug = e.slug;
	return ex_insert(db, &e);
}

enum ex_result
ex_update(struct db *db, struct arena *a, const struct library *lib,
    const struct exercise *e, const struct exercise_def *d, const char **slug)
{
	const char *p[7];
	char	 met[16];

	if (name_taken(lib, d->name, e))
		return EX_NAME_TAKEN;
	*slug = strcmp(e->name, d->name) == 0 ? e->slug :
	    free_slug(a, lib, d->name, e);
	def_params(d, *slug, met, p);
	p[6] = e->id;
	return done(db_cmd_unique(db, "UPDATE exercise_types SET name = $1, "
	    "slug = $2, measure = $3, met = $4::numeric, seconds_per_rep = "
	    "$5::numeric, bodyweight = $6::bool WHERE id = $7::uuid "
	    "AND user_id = current_user_id()", 7, p));
}

int
ex_used(struct db *db, const struct exercise *e)
{
	const char *p[1] = { e->id };
	PGresult *res;
	int	 used;

	res = db_exec(db, "SELECT EXISTS (SELECT 1 FROM workouts WHERE "
	    "user_id = current_user_id() AND exercise_type_id = $1::uuid) OR "
	    "EXISTS (SELECT 1 FROM goals WHERE user_id = current_user_id() "
	    "AND exercise_type_id = $1::uuid)", 1, p);
	if (res == NULL)
		return -1;
	used = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return used;
}

int
ex_archive(struct db *db, const struct exercise *e, int archived)
{
	const char *p[2] = { e->id, archived ? "true" : "false" };

	return db_cmd(db, "UPDATE exercise_types SET archived = $2::bool "
	    "WHERE id = $1::uuid AND user_id = current_user_id()", 2, p);
}

long
ex_merge(struct db *db, const struct exercise *from,
    const struct exercise *into)
{
	const char *p[2] = { from->id, into->id };
	PGresult *res;
	long	 n;

	res = db_exec(db, "UPDATE workouts SET exercise_type_id = $2::uuid "
	    "WHERE exercise_type_id = $1::uuid AND user_id = current_user_id()",
	    2, p);
	if (res == NULL)
		return -1;
	n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	if (db_cmd(db, "INSERT INTO goals (user_id, exercise_type_id, "
	    "weekly_target) SELECT current_user_id(), $2::uuid, weekly_target "
	    "FROM goals "
	    "WHERE exercise_type_id = $1::uuid AND user_id = current_user_id() "
	    "ON CONFLICT (user_id, exercise_type_id) DO NOTHING", 2, p) != 0 ||
	    db_cmd(db, "DELETE FROM exercise_types WHERE id = $1::uuid "
	    "AND user_id = current_user_id()", 1, p) != 0)
		return -1;
	return n;
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
ex_search(struct db *db, struct arena *a, const char *q, const char ***slugs,
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
	/* Built-ins and the user's own (row level security shows no other). */
	res = db_exec(db, "SELECT slug FROM exercise_types, "
	    "to_tsvector('simple', name || ' ' || slug || ' ' || description) v "
	    "WHERE (user_id IS NULL OR user_id = current_user_id()) "
	    "AND NOT archived AND (v @@ to_tsquery('simple', $1) OR "
	    "regexp_replace(lower(name), '[^a-z0-9]', '', 'g') LIKE "
	    "'%' || $2 || '%') ORDER BY ts_rank(v, to_tsquery('simple', $1)) "
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
