/* workout_csv.c — the CSV form of a user's workouts: the export's lines and the import's records */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libpq-fe.h>

#include "civil.h"
#include "csv.h"
#include "db.h"
#include "limits.h"
#include "mem.h"
#include "workout.h"
#include "workout_csv.h"

enum { COL_AT, COL_EXERCISE, COL_REPS, COL_SECONDS, COL_CALORIES,
    COL_ESTIMATED, COL_NOTE, COL__MAX };

static const char *const columns[COL__MAX] = { "performed_at", "exercise",
    "reps", "duration_seconds", "calories", "calories_estimated", "note" };

const char wcsv_header[] = "performed_at,exercise,reps,duration_seconds,"
    "calories,calories_estimated,note";

int
wcsv_header_ok(char *const *f, size_t n)
{
	size_t	 i;

	if (n != COL__MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (strcasecmp(f[i], columns[i]) != 0)
			return 0;
	return 1;
}

int
wcsv_record(struct db *db, char *const *f, size_t n, struct workout *w,
    const char **when, void (*bad)(void *, const char *, const char *),
    void *arg)
{
	struct workout_in in;
	time_t	 t;
	int	 nbad = 0;
	char	 msg[80];

	if (n != COL__MAX) {
		_Static_assert(COL__MAX == 7, "the message says 7");
		snprintf(msg, sizeof(msg), "Expected 7 fields, found %zu.", n);
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
	if (*f[COL_ESTIMATED] != '\0' && strcasecmp(f[COL_ESTIMATED],
	    "true") != 0 && strcasecmp(f[COL_ESTIMATED], "false") != 0) {
		bad(arg, "calories_estimated", "calories_estimated must "
		    "be true, false or empty.");
		nbad++;
	}
	memset(&in, 0, sizeof(in));
	in.exercise = f[COL_EXERCISE];
	in.reps = f[COL_REPS];
	in.seconds = f[COL_SECONDS];
	in.calories = f[COL_CALORIES];
	in.note = f[COL_NOTE];
	nbad += wk_check(db, &in, w, bad, arg);
	w->estimated = strcasecmp(f[COL_ESTIMATED], "true") == 0 ? 1 :
	    strcasecmp(f[COL_ESTIMATED], "false") == 0 ? 0 : -1;
	*when = f[COL_AT];
	return nbad;
}

int
wcsv_export_begin(struct db *db)
{
	return db_cmd(db, "DECLARE export NO SCROLL CURSOR FOR "
	    "SELECT iso_time(w.performed_at), e.slug, w.reps, "
	    "w.duration_seconds, coalesce(w.calories::text, ''), "
	    "CASE WHEN w.calories_estimated THEN 'true' ELSE 'false' END, "
	    "coalesce(w.note, '') FROM workouts w JOIN exercise_types e "
	    "ON e.id = w.exercise_type_id WHERE w.user_id = current_user_id() "
	    "ORDER BY w.performed_at, w.id", 0, NULL);
}

int
wcsv_export_batch(struct db *db, struct buf *b)
{
	PGresult *res;
	int	 i, col, n;

	res = db_exec(db, "FETCH " XSTR(EXPORT_BATCH) " FROM export", 0, NULL);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		for (col = 0; col < PQnfields(res); col++) {
			if (col > 0)
				buf_putc(b, ',');
			csv_field(b, PQgetvalue(res, i, col));
		}
		buf_puts(b, "\r\n");
	}
	PQclear(res);
	return n;
}
