/* goal.c — weekly goals per exercise: reps, or seconds for a timed exercise */
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "db.h"
#include "goal.h"
#include "mem.h"

int
goal_list(struct db *db, struct arena *a, struct goal **out, size_t *n)
{
	PGresult *res;
	int	 i;

	res = db_exec(db, "SELECT e.slug, g.weekly_target FROM goals g "
	    "JOIN exercise_types e ON e.id = g.exercise_type_id "
	    "WHERE g.user_id = current_user_id()", 0, NULL);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (i = 0; i < PQntuples(res); i++) {
		(*out)[i].slug = arena_strdup(a, PQgetvalue(res, i, 0));
		(*out)[i].target = db_long(res, i, 1);
	}
	PQclear(res);
	return 0;
}

int
goal_set(struct db *db, const char *exercise_id, long target)
{
	char	 t[24];
	const char *p[2] = { exercise_id, t };

	if (target < 0)
		return db_cmd(db, "DELETE FROM goals WHERE exercise_type_id = $1 "
		    "AND user_id = current_user_id()", 1, p);
	snprintf(t, sizeof(t), "%ld", target);
	return db_cmd(db, "INSERT INTO goals (user_id, exercise_type_id, "
	    "weekly_target) VALUES (current_user_id(), $1, $2) "
	    "ON CONFLICT (user_id, exercise_type_id) DO UPDATE "
	    "SET weekly_target = EXCLUDED.weekly_target", 2, p);
}
