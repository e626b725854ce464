/* workout_csv.h — the CSV form of a user's workouts: the export's lines and the import's records */
#ifndef EXBUDDY_WORKOUT_CSV_H
#define EXBUDDY_WORKOUT_CSV_H

#include <stddef.h>

struct buf;
struct db;
struct workout;

/* The header line (no line break): the columns, as the import reads them. */
extern const char wcsv_header[];

/* 1 when fields f[0..n) are the header line (any letter case). */
int	 wcsv_header_ok(char *const *f, size_t n);
/*
 * Checks record f[0..n) of an import into *w and *when (the ISO 8601
 * time as given). Calls bad(arg, field, message) for each problem and
 * returns their number.
 */
int	 wcsv_record(struct db *, char *const *f, size_t n, struct workout *w,
	    const char **when, void (*bad)(void *, const char *, const char *),
	    void *arg);

/*
 * Opens a cursor over every workout of the user, oldest first, times in
 * ISO 8601 with the offset of the user's zone. 0 or -1.
 */
int	 wcsv_export_begin(struct db *);
/* The next EXPORT_BATCH lines (CRLF-ended) into b: how many, or -1. */
int	 wcsv_export_batch(struct db *, struct buf *b);

#endif
