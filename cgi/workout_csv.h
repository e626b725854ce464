/* workout_csv.h — the CSV form of a user's log: own exercises, body weight, workouts set by set */
#ifndef EXBUDDY_WORKOUT_CSV_H
#define EXBUDDY_WORKOUT_CSV_H

#include <stddef.h>

#include "bodyweight.h"
#include "exercise.h"

struct arena;
struct buf;
struct db;
struct workout;

/*
 * An export is up to three sections, each opened by its header line and
 * closed by an empty line: the user's own exercises, their body weight,
 * then the workouts, one line per set. An import reads them (and the
 * one-section files of earlier versions, a workout per line) and saves
 * all or nothing.
 */
enum wcsv_section {
	WCSV_NONE,
	WCSV_EXERCISES,		/* exercise,measure,met,bodyweight,archived */
	WCSV_WEIGHTS,		/* date,weight_kg */
	WCSV_WORKOUTS,		/* performed_at,…,note,set,load_kg */
	WCSV_WORKOUTS_V1	/* performed_at,…,note: one set per line */
};

extern const char wcsv_header_exercises[];
extern const char wcsv_header_weights[];
extern const char wcsv_header_workouts[];
extern const char wcsv_header_v1[];

/* The section fields f[0..n) open, or WCSV_NONE (any letter case). */
enum wcsv_section wcsv_section_of(char *const *f, size_t n);

/* What an import has read so far. */
struct wcsv_file {
	struct arena	*a;
	struct library	 lib;		/* the user's, and the file's new own */
	size_t		 nknown;	/* exercises that exist already */
	const char	**declared;	/* names the file's section declares */
	size_t		 ndeclared;
	struct workout	*ws;		/* IMPORT_MAX_ROWS of room */
	struct set	*pool;		/* every set, a workout's together */
	size_t		 npool;
	const char	**whens;
	size_t		 n;
	struct bw_entry	*weights;	/* IMPORT_MAX_WEIGHTS of room */
	size_t		 nweights;
	unsigned char	*weight_days;	/* a bit for each day 1970 to today */
	long		 today;		/* the user's: weights up to tomorrow */
	const char	*last_when;	/* of the workout set lines continue */
	size_t		 nnew;		/* exercises the file adds */
};

/* Ready to read a file for the user of lib, whose day today is. */
void	 wcsv_init(struct wcsv_file *, struct arena *, const struct library *,
	    long today);
/*
 * One line of section s. Calls bad(arg, message) for each problem
 * and returns their number.
 */
int	 wcsv_line(struct wcsv_file *, enum wcsv_section s, char *const *f,
	    size_t n, void (*bad)(void *, const char *, const char *), void *arg);
/*
 * Saves what the file holds: its new exercises, its weights (a day's
 * entry replaced), its workouts (those already there skipped). Counts
 * into *workouts and *weights (days new or changed). One import at a time
 * for a user. 0; 1 when another request took the name of one of its new
 * exercises meanwhile (nothing saved); 2 when another import of the same
 * user is running, 3 when the site runs as many imports as it may, 4 when
 * exercises made meanwhile leave no room for its new ones (sql/021)
 * (nothing saved); -1 on a database failure.
 */
int	 wcsv_save(struct db *, struct wcsv_file *, size_t *workouts,
	    size_t *weights);

/*
 * Sends the whole export through put(arg, bytes, n), a batch at a time;
 * with safe, for spreadsheets (csv_cell). 0 or -1.
 */
int	 wcsv_export(struct db *, struct buf *, int safe,
	    int (*put)(void *, const char *, size_t), void *arg);

#endif
