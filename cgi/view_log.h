/* view_log.h — the log form: an exercise, its sets, the time; new and edit */
#ifndef EXBUDDY_VIEW_LOG_H
#define EXBUDDY_VIEW_LOG_H

#include <stddef.h>

#include "workout.h"

struct ctx;

enum log_action {
	LOG_SAVE,	/* the default: check and save */
	LOG_ADD_SET,	/* one more set row, every value kept */
	LOG_SAME,	/* the sets of this exercise's last entry */
	LOG_FILL,	/* the sets the shorthand field says */
	LOG_SWITCH	/* the fields of the exercise now chosen */
};

/* The form as sent. */
struct log_post {
	enum log_action	 action;
	struct workout	 w;		/* checked (LOG_SAVE) */
	const char	*when;		/* a local timestamptz literal, or "now" */
	const char	*exercise;	/* the slug chosen */
	const char	*submission;	/* a uuid, or NULL */
	int		 quick;		/* sent from the dashboard's quick log */
	const char	*skipped;	/* the time asked, when the clocks skip it */
	const char	*saved_at;	/* then the time saved ("03:30") */
};

/*
 * Reads the log form (exercise, nsets and the fields of each set:
 * reps, minutes, seconds, load, then reps_2 … for the second on; quick,
 * the shorthand; calories, date, time, note, submission, from, action)
 * into p, keeping every value for the form, each problem by its field.
 * For LOG_SAVE every rule is checked (the shorthand stands for the sets
 * when they are left empty); the other actions only change the rows.
 * An archived exercise is refused unless its id is kept (the exercise of
 * the workout being changed, or NULL).
 * Returns the number of problems, or -1 when the database failed.
 */
int	 view_log_read(struct ctx *, struct log_post *p, const char *kept);
/*
 * The log form page (edit_id set: the edit form) with the given
 * status: the exercise list, narrowed by the query's q when it matches
 * any, with chosen selected; the set rows as read, or as sets[0..nsets)
 * when given; what was done last time; a submission id. 0 or -1.
 */
int	 view_log_form(struct ctx *, int status, const char *chosen,
	    const struct set *sets, size_t nsets);
/*
 * After LOG_ADD_SET, LOG_SAME or LOG_FILL: the form again with its new
 * rows (200), or with the problem (422). 0 or -1.
 */
int	 view_log_act(struct ctx *, const struct log_post *p, int bad);
/*
 * " There is no 02:30 that day in America/New_York (the clocks went
 * forward), so it is saved at 03:30." when the time asked did not exist
 * there, else "".
 */
const char *view_log_skipped(struct ctx *, const struct log_post *p);
/* The flash after saving p as workout id: records beaten, if any. */
const char *view_log_saved(struct ctx *, const struct log_post *p,
	    const char *id);

#endif
