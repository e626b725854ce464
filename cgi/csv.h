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
	unsigned long	 records;	/* records read so far, good or bad */
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
 * text", "a NUL byte"); after -1 the reader skips to just past the next
 * LF after where the error was seen (inside a quoted field, that may be
 * mid-field), so the caller can report every bad line; linear time.
 * r->line is the record's first line, r->next_line the next record's.
 * A quote inside an unquoted field, and a CR not before an LF, are data.
 * An empty line is a record of one empty field; a line break at the very
 * end makes no extra record. Every record counts toward CSV_MAX_RECORDS
 * (r->records), a header line, empty and malformed ones too: the next one
 * is -1 "more than CSV_MAX_RECORDS lines", and then the reader is at the end.
 */
int	 csv_next(struct csv_reader *, struct arena *, char ***fields,
	    size_t *n, const char **why);
/*
 * Appends one field, quoted when it holds , " CR or LF, starts or ends
 * with a space or starts with a byte order mark (quotes doubled). End
 * each record with "\r\n" so a last record of one empty field survives.
 */
void	 csv_field(struct buf *, const char *s);
/*
 * csv_field for a cell of our own files: one that starts with ' is written
 * with another ' in front, and with safe (for spreadsheets) so is one that
 * starts with = + - @ TAB or CR and is not a number, which a spreadsheet
 * would run as a formula. csv_cell_value undoes it on reading.
 */
void	 csv_cell(struct buf *, const char *s, int safe);
/* A cell as csv_cell wrote it: without the one ' it put in front. */
const char *csv_cell_value(const char *s);

#endif
