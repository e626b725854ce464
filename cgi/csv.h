/* csv.h — RFC 4180 CSV: a record reader for imports, a field writer for exports */
#ifndef EXBUDDY_CSV_H
#define EXBUDDY_CSV_H

#include <stddef.h>

struct arena;
struct buf;

struct csv_reader {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	unsigned long	 line;	/* physical line where the last record began */
	unsigned long	 next_line;
};

/* Starts reading s[0..len); a UTF-8 byte order mark at the start is skipped. */
void	 csv_init(struct csv_reader *, const char *s, size_t len);
/*
 * Reads the next record into *fields (arena strings, NUL-terminated,
 * valid UTF-8) and *n. Records end with CRLF or LF (or the end of the
 * data); fields may be quoted with embedded commas, doubled quotes and
 * line breaks. Returns 1 for a record, 0 at the end, -1 for a malformed
 * one with *why set ("unclosed quote", "text after a closing quote",
 * "a field longer than 4096 bytes", "more than 16 fields", "not UTF-8
 * text", "a NUL byte"); after -1 the reader skips to the next line so the
 * caller can report every bad line. r->line is the record's first line.
 */
int	 csv_next(struct csv_reader *, struct arena *, char ***fields,
	    size_t *n, const char **why);
/* Appends one field, quoted when it holds , " CR or LF (quotes doubled). */
void	 csv_field(struct buf *, const char *s);

#endif
