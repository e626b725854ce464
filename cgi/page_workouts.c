/* page_workouts.c — log a workout, edit one, delete one (/workouts/new, /workouts/ID/edit, /workouts/ID/delete) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "workout.h"

static void
bad_field(void *arg, const char *field, const char *msg)
{
	page_field_error(arg, field, msg);
}

/* Words of q as a prefix tsquery ("push:* & up:*") and run together. */
static void
search_terms(struct ctx *c, const char *q, char **tsq, char **joined)
{
	struct buf b, j;
	size_t	 i, n = 0;

	buf_init(&b);
	buf_init(&j);
	for (i = 0; q[i] != '\0' && i < 100; i++) {
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
	*tsq = arena_strdup(c->req->arena, b.data ? b.data : "");
	*joined = arena_strdup(c->req->arena, j.data ? j.data : "");
	buf_free(&b);
	buf_free(&j);
}

/* Exercises matching q (full-text on name, slug and description). */
static PGresult *
search(struct ctx *c, const char *q)
{
	const char *p[2];
	char	*tsq, *joined;

	search_terms(c, q, &tsq, &joined);
	if (*joined == '\0')
		return NULL;
	p[0] = tsq;
	p[1] = joined;
	return db_exec(c->db, "SELECT slug FROM exercise_types, "
	    "to_tsvector('simple', name || ' ' || slug || ' ' || description) v "
	    "WHERE v @@ to_tsquery('simple', $1) OR "
	    "regexp_replace(lower(name), '[^a-z0-9]', '', 'g') LIKE "
	    "'%' || $2 || '%' ORDER BY ts_rank(v, to_tsquery('simple', $1)) "
	    "DESC, name", 2, p);
}

/* The exercise list of the form, narrowed by ?q= when it matches any. */
static int
exercise_list(struct ctx *c, const char *chosen)
{
	const char *q = kv_get(&c->req->query, "q");
	PGresult *hits = NULL;
	int	 nhits = 0, rc;

	if (q != NULL && *q != '\0') {
		tmpl_set(c->vars, "q", q);
		hits = search(c, q);
		nhits = hits ? PQntuples(hits) : 0;
		tmpl_set(c->vars, nhits ? "q_found" : "q_none", "1");
		if (nhits == 1 && (chosen == NULL || *chosen == '\0'))
			chosen = PQgetvalue(hits, 0, 0);
	}
	if (chosen != NULL)
		tmpl_set(c->vars, "exercise", chosen);
	rc = wk_options(c, chosen, nhits > 0 ? hits : NULL);
	PQclear(hits);
	return rc;
}

static int
form(struct ctx *c, int status, const char *chosen)
{
	if (exercise_list(c, chosen) != 0)
		return -1;
	if (tmpl_get(c->vars, "submission") == NULL) {
		char	 id[37];

		sess_uuid(id);
		tmpl_set(c->vars, "submission", id);
	}
	c->req->status = status;
	return page_render(c, "workout_form.tmpl",
	    tmpl_get(c->vars, "edit_id") ? "Edit workout" : "Log a workout");
}

static int
now_fields(struct ctx *c)
{
	PGresult *res = db_exec(c->db, "SELECT to_char(now(), 'YYYY-MM-DD'), "
	    "to_char(now(), 'HH24:MI')", 0, NULL);

	if (res == NULL)
		return -1;
	tmpl_set(c->vars, "date", PQgetvalue(res, 0, 0));
	tmpl_set(c->vars, "time", PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

/* GET /workouts/new[?q=search&exercise=slug]: the form, now as the time. 200. */
int
page_workout_new(struct ctx *c)
{
	if (now_fields(c) != 0)
		return -1;
	return form(c, 200, kv_get(&c->req->query, "exercise"));
}

/*
 * date + time in the user's zone as a timestamptz literal (TimeZone is
 * theirs in this transaction), checked; NULL with a field error.
 */
static const char *
when_local(struct ctx *c, const char *date, const char *tm)
{
	const char *iso, *p[1];
	PGresult *res;
	time_t	 t;

	if (*date == '\0' && *tm == '\0' &&
	    strcmp(page_field(c, "from"), "dashboard") == 0)
		return "now";	/* the quick log form on the dashboard */
	if (wk_parse_iso(arena_printf(c->req->arena, "%sT00:00Z", date),
	    &t) != 0) {
		page_field_error(c, "date", "Enter the date as YYYY-MM-DD, "
		    "for example 2026-03-31.");
		return NULL;
	}
	iso = arena_printf(c->req->arena, "%s %s%s", date, tm,
	    strlen(tm) == 5 ? ":00" : "");
	if (wk_parse_iso(arena_printf(c->req->arena, "%sZ", iso), &t) != 0) {
		page_field_error(c, "time", "Enter the time as HH:MM, for "
		    "example 07:30.");
		return NULL;
	}
	p[0] = iso;
	if ((res = db_exec(c->db, "SELECT extract(epoch FROM "
	    "$1::timestamptz)::bigint", 1, p)) == NULL)
		return NULL;
	t = (time_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (!wk_time_ok(t)) {
		page_field_error(c, "date", "The time can be at most a day "
		    "from now, and not before 1970.");
		return NULL;
	}
	return iso;
}

/* A browser sends line breaks as CRLF: one character each, as typed. */
static const char *
one_newline(struct ctx *c, const char *s)
{
	char	*d = arena_strdup(c->req->arena, s), *o = d;

	for (; *s != '\0'; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*o++ = *s;
	*o = '\0';
	return d;
}

/* Reads and checks the form into w and *when; 0, or the number of errors. */
static int
read_form(struct ctx *c, struct workout *w, const char **when)
{
	struct workout_in in;
	static const char *const keep[] = { "exercise", "reps", "minutes",
	    "seconds", "calories", "date", "time", "submission", NULL };
	size_t	 i;

	for (i = 0; keep[i] != NULL; i++)
		page_keep(c, keep[i]);
	tmpl_set(c->vars, "note", kv_get(&c->req->form, "note"));
	in.exercise = page_field(c, "exercise");
	in.reps = page_field(c, "reps");
	in.minutes = page_field(c, "minutes");
	in.seconds = page_field(c, "seconds");
	in.calories = page_field(c, "calories");
	in.note = one_newline(c, page_field(c, "note"));
	wk_check(c->db, &in, w, bad_field, c);
	*when = when_local(c, page_field(c, "date"), page_field(c, "time"));
	return c->nerrors;
}

static const char *
submission_id(struct ctx *c)
{
	const char *s = page_field(c, "submission");

	return valid_uuid(s) ? s : NULL;
}

/*
 * POST /workouts/new: saves the workout (once per submission id) and
 * goes to the dashboard with a confirmation. 303; 422 with the form and
 * each error by its field.
 */
int
page_workout_create(struct ctx *c)
{
	struct workout w;
	const char *when, *sub = submission_id(c);
	int	 rc;

	if (sub == NULL)
		tmpl_set(c->vars, "submission", NULL);	/* a fresh one */
	if (read_form(c, &w, &when) > 0)
		return strcmp(page_field(c, "from"), "dashboard") == 0 ?
		    page_dashboard_show(c, 422) :
		    form(c, 422, page_field(c, "exercise"));
	if ((rc = wk_insert(c->db, &w, when, sub)) < 0)
		return -1;
	if (sess_flash(c, rc ? "Your workout is saved." :
	    "That workout was saved already.") != 0)
		return -1;
	http_redirect(c->req, "/dashboard");
	return 0;
}

/* The signed-in user's workout named in the URL, into template vars. */
static int
load(struct ctx *c, const char **id, int *found)
{
	const char *p[1];
	PGresult *res;
	char	 buf[16];

	*found = 0;
	if (!valid_uuid(*id = c->req->args[0]))
		return 0;
	p[0] = *id;
	res = db_exec(c->db, "SELECT e.slug, e.name, w.reps, "
	    "w.duration_seconds, CASE WHEN w.calories_estimated THEN '' ELSE "
	    "w.calories::text END, to_char(w.performed_at, 'YYYY-MM-DD'), "
	    "CASE WHEN extract(second FROM w.performed_at) = 0 THEN "
	    "to_char(w.performed_at, 'HH24:MI') ELSE to_char(w.performed_at, "
	    "'HH24:MI:SS') END, coalesce(w.note, ''), "
	    "w.calories FROM workouts w JOIN exercise_types e "
	    "ON e.id = w.exercise_type_id WHERE w.id = $1", 1, p);
	if (res == NULL)
		return -1;
	if ((*found = PQntuples(res)) == 1) {
		long	 d = strtol(PQgetvalue(res, 0, 3), NULL, 10);

		tmpl_set(c->vars, "exercise", PQgetvalue(res, 0, 0));
		tmpl_set(c->vars, "exercise_name", PQgetvalue(res, 0, 1));
		tmpl_set(c->vars, "reps", PQgetvalue(res, 0, 2));
		tmpl_set_int(c->vars, "minutes", d / 60);
		tmpl_set_int(c->vars, "seconds", d % 60);
		wk_duration(buf, sizeof(buf), d);
		tmpl_set(c->vars, "duration", d ? buf : "");
		tmpl_set(c->vars, "calories", PQgetvalue(res, 0, 4));
		tmpl_set(c->vars, "date", PQgetvalue(res, 0, 5));
		tmpl_set(c->vars, "time", PQgetvalue(res, 0, 6));
		tmpl_set(c->vars, "note", PQgetvalue(res, 0, 7));
		if (PQgetvalue(res, 0, 4)[0] == '\0')	/* estimated */
			tmpl_set(c->vars, "estimate", PQgetvalue(res, 0, 8));
	}
	PQclear(res);
	return 0;
}

static int
not_found(struct ctx *c)
{
	return page_error(c, 404, "There is no such workout in your log.");
}

/* GET /workouts/ID/edit: the form, filled in. 200; 404 for another's id. */
int
page_workout_edit(struct ctx *c)
{
	const char *id;
	int	 found;

	if (load(c, &id, &found) != 0)
		return -1;
	if (!found)
		return not_found(c);
	tmpl_set(c->vars, "edit_id", id);
	return form(c, 200, tmpl_get(c->vars, "exercise"));
}

/* POST /workouts/ID/edit: saves the changes. 303; 422; 404. */
int
page_workout_update(struct ctx *c)
{
	struct workout w;
	const char *when, *id = c->req->args[0];
	int	 rc;

	if (!valid_uuid(id))
		return not_found(c);
	tmpl_set(c->vars, "edit_id", id);
	if (read_form(c, &w, &when) > 0)
		return form(c, 422, page_field(c, "exercise"));
	if ((rc = wk_update(c->db, id, &w, when)) < 0)
		return -1;
	if (rc == 0)
		return not_found(c);
	if (sess_flash(c, "Your changes are saved.") != 0)
		return -1;
	http_redirect(c->req, "/workouts");
	return 0;
}

/* GET /workouts/ID/delete: asks to confirm. 200; 404. */
int
page_workout_delete_ask(struct ctx *c)
{
	const char *id;
	int	 found;

	if (load(c, &id, &found) != 0)
		return -1;
	if (!found)
		return not_found(c);
	tmpl_set(c->vars, "id", id);
	return page_render(c, "workout_delete.tmpl", "Delete workout");
}

/* POST /workouts/ID/delete: deletes it. 303 to the history; 404. */
int
page_workout_delete(struct ctx *c)
{
	const char *p[1] = { c->req->args[0] };
	PGresult *res;
	int	 n;

	if (!valid_uuid(p[0]))
		return not_found(c);
	if ((res = db_exec(c->db, "DELETE FROM workouts WHERE id = $1 "
	    "RETURNING id", 1, p)) == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return not_found(c);
	if (sess_flash(c, "The workout is deleted.") != 0)
		return -1;
	http_redirect(c->req, "/workouts");
	return 0;
}
