/* goal.h — weekly goals per exercise: reps, or seconds for a timed exercise */
#ifndef EXBUDDY_GOAL_H
#define EXBUDDY_GOAL_H

#include <stddef.h>

struct arena;
struct db;

struct goal {
	const char	*slug;
	long		 target;	/* reps, or seconds */
};

/* The user's goals. 0 or -1. */
int	 goal_list(struct db *, struct arena *, struct goal **out, size_t *n);
/* Sets the goal of exercise_id to target, or removes it (target < 0). 0 or -1. */
int	 goal_set(struct db *, const char *exercise_id, long target);

#endif
