/* exercise.h — the exercises a user sees: the built-in ones and their own */
#ifndef EXBUDDY_EXERCISE_H
#define EXBUDDY_EXERCISE_H

#include <stddef.h>

struct arena;
struct db;
struct db_query;

enum measure {
	MEASURE_REPS,		/* reps (a load optional) */
	MEASURE_TIME,		/* a duration */
	MEASURE_REPS_WEIGHT	/* reps with a weight: a barbell, a machine */
};

struct exercise {
	const char	*id;
	const char	*slug;		/* in URLs and forms; unique in a library */
	const char	*name;
	const char	*description;
	enum measure	 measure;
	int		 timed;		/* measure == MEASURE_TIME */
	int		 bodyweight;	/* the body weight counts in the volume */
	int		 own;		/* the user's, not a built-in */
	int		 archived;	/* own only: not offered for new entries */
	long		 met10;		/* MET value, in tenths */
	long		 spr10;		/* seconds one rep takes, in tenths; 0: timed */
	int		 index;		/* its place in the library: chart colour */
};

/* What a user sees: the built-ins (by name), then their own (by name). */
struct library {
	const struct exercise	*v;
	size_t			 n;
	size_t			 nbuiltin;
};

/*
 * The library of the transaction's user: the built-ins are loaded once
 * per worker (only a migration changes them), the user's own per call.
 * 0 or -1.
 */
int	 ex_library(struct db *, struct arena *, struct library *);
/* The statement of ex_library that reads the user's own, for db_prefetch. */
void	 ex_library_query(struct db_query *);
/*
 * What this worker last found for slug in user_id's library (ex_seen_keep),
 * without asking the database: its id, slug (copied into a) and
 * bodyweight into *out, 1; else 0. A guess: the exercise may have been
 * renamed or removed since.
 */
int	 ex_seen(struct arena *, const char *user_id, const char *slug,
	    struct exercise *out);
void	 ex_seen_keep(const char *user_id, const struct exercise *);
/*
 * An exercise by slug (any case), else by name (any case; the user's
 * own before a built-in of the same name); NULL when unknown.
 */
const struct exercise *ex_find(const struct library *, const char *key);
const struct exercise *ex_by_id(const struct library *, const char *id);
/*
 * Exercises whose name, slug or description matches the words of q
 * (prefixes, any case), best first: their slugs into *slugs. 0 or -1.
 */
int	 ex_search(struct db *, struct arena *, const char *q,
	    const char ***slugs, size_t *n);
/* The built-in of this name (any case), or NULL. */
const struct exercise *ex_builtin_named(const struct library *, const char *);
/*
 * e's name as the user sees it: one of their own named like a built-in
 * has " (yours)" after it (an arena string then).
 */
const char *ex_label(struct arena *, const struct library *,
	    const struct exercise *e);
/* The measure's name in SQL and forms ("reps", "time", "reps_weight"). */
const char *ex_measure_name(enum measure);
/* The MET value (tenths) an exercise of this measure gets by default. */
long	 ex_default_met10(enum measure);

/* A new or changed exercise of the user's own. */
struct exercise_def {
	const char	*name;		/* 1 to EXERCISE_NAME_MAX characters */
	enum measure	 measure;
	long		 met10;		/* in (0, 25): 0.1 to 24.9 */
	int		 bodyweight;
};

enum ex_result {
	EX_DONE,
	EX_NAME_TAKEN,	/* another of the user's own has this name */
	EX_TOO_MANY,	/* EXERCISES_MAX_OWN already */
	EX_FAILED
};

/*
 * Plans a new exercise of the user's own in *out: a fresh id, a slug
 * free in lib (which out may then be added to). 0, or EX_NAME_TAKEN /
 * EX_TOO_MANY as ex_create would answer.
 */
enum ex_result ex_plan(struct arena *, const struct library *,
	    const struct exercise_def *, struct exercise *out);
/* Saves a planned exercise (archived as it says). EX_DONE, or as ex_create. */
enum ex_result ex_insert(struct db *, const struct exercise *);
/*
 * Creates the exercise (its slug made from the name, unique in the
 * library) or changes e (a rename makes a new slug); *slug is the new
 * slug (an arena string).
 */
enum ex_result ex_create(struct db *, struct arena *, const struct library *,
	    const struct exercise_def *, const char **slug);
enum ex_result ex_update(struct db *, struct arena *, const struct library *,
	    const struct exercise *e, const struct exercise_def *,
	    const char **slug);
/*
 * A file names a built-in by its slug; when one of the user's own
 * exercises is named like that slug, by the slug and this. No name of
 * one's own may end so (ex_name_reserved).
 */
#define EX_BUILTIN_SUFFIX	" (built in)"
#define EX_BUILTIN_MARK		"(built in)"	/* refused at a name's end */
int	 ex_name_reserved(const char *name);
/* The built-in of this slug, or of this slug + EX_BUILTIN_SUFFIX; or NULL. */
const struct exercise *ex_builtin_keyed(const struct library *,
	    const char *key);
/* 1 when e has workouts or a goal, 0 when not, -1 on failure. */
int	 ex_used(struct db *, const struct exercise *e);
/* Archives e (hides it from new entries) or brings it back. 0 or -1. */
int	 ex_archive(struct db *, const struct exercise *e, int archived);
/*
 * Moves every workout and goal of from to into (a goal of into wins),
 * then deletes from. The number of workouts moved, or -1.
 */
long	 ex_merge(struct db *, const struct exercise *from,
	    const struct exercise *into);

/*
 * A slug for name into out: lower-case ASCII letters and digits, other
 * runs as one "-", at most EX_SLUG_MAX bytes; "exercise" when nothing is
 * left.
 */
#define EX_SLUG_MAX	60	/* sql: exercise_types_slug_shape */
void	 ex_slugify(const char *name, char out[EX_SLUG_MAX + 1]);

#endif
