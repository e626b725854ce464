/* csv.c — RFC 4180 CSV: a record reader for imports, a field writer for exports */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "limits.h"
#include "mem.h"
#include "utf8.h"

#define CSV_BOM		"\xef\xbb\xbf"

/* The reasons csv.h lists name the limits: change them together. */
#define WHY_LONG	"a field longer than 4096 bytes"
#define WHY_FIELDS	"more than 16 fields"
#define WHY_RECORDS	"more than " XSTR(CSV_MAX_RECORDS) " lines"
_Static_assert(CSV_MAX_FIELD == 4096, "WHY_LONG and csv.h");
_Static_assert(CSV_MAX_FIELDS == 16, "WHY_FIELDS and csv.h");

enum field_end {
	FIELD_ERR,	/* malformed; *why set, r->pos where it was seen */
	FIELD_MORE,	/* a comma: another field follows */
	FIELD_LAST	/* CRLF, LF or the end of the data */
};

void
csv_init(struct csv_reader *r, const char *s, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->len = len;
	r->next_line = 1;
	if (len >= 3 && memcmp(s, CSV_BOM, 3) == 0)
		r->pos = 3;
}

/* Is s[i] the start of a record's end: LF or CRLF? */
static int
at_eol(const struct csv_reader *r, size_t i)
{
	return r->s[i] == '\n' ||
	    (r->s[i] == '\r' && i + 1 < r->len && r->s[i + 1] == '\n');
}

/* An unquoted field into out; stops at a comma, CRLF, LF or the end. */
static int
plain(struct csv_reader *r, char *out, size_t *n, const char **why)
{
	while (r->pos < r->len && r->s[r->pos] != ',' && !at_eol(r, r->pos)) {
		if (*n == CSV_MAX_FIELD) {
			*why = WHY_LONG;
			return -1;
		}
		out[(*n)++] = r->s[r->pos++];
	}
	return 0;
}

/* A quoted field into out, from its opening quote to past the closing one. */
static int
quoted(struct csv_reader *r, char *out, size_t *n, const char **why)
{
	const char	*s = r->s;

	for (r->pos++; ; r->pos++) {
		if (r->pos == r->len) {
			*why = "unclosed quote";
			return -1;
		}
		if (s[r->pos] == '"') {
			if (r->pos + 1 == r->len || s[r->pos + 1] != '"')
				break;
			r->pos++;	/* "" is one quote */
		}
		if (*n == CSV_MAX_FIELD) {
			*why = WHY_LONG;
			return -1;
		}
		if (s[r->pos] == '\n')
			r->next_line++;
		out[(*n)++] = s[r->pos];
	}
	r->pos++;
	if (r->pos < r->len && s[r->pos] != ',' && !at_eol(r, r->pos)) {
		*why = "text after a closing quote";
		return -1;
	}
	return 0;
}

/*
 * One field into out (CSV_MAX_FIELD bytes) and *n; checks it and then
 * consumes what ends it.
 */
static enum field_end
field(struct csv_reader *r, char *out, size_t *n, const char **why)
{
	int	 rc;

	*n = 0;
	if (r->pos < r->len && r->s[r->pos] == '"')
		rc = quoted(r, out, n, why);
	else
		rc = plain(r, out, n, why);
	if (rc != 0)
		return FIELD_ERR;
	if (memchr(out, '\0', *n) != NULL) {
		*why = "a NUL byte";
		return FIELD_ERR;
	}
	if (!utf8_valid(out, *n)) {
		*why = "not UTF-8 text";
		return FIELD_ERR;
	}
	if (r->pos == r->len)
		return FIELD_LAST;
	if (r->s[r->pos] == ',') {
		r->pos++;
		return FIELD_MORE;
	}
	r->pos += r->s[r->pos] == '\r' ? 2 : 1;
	r->next_line++;
	return FIELD_LAST;
}

/* After a malformed record: on to just past the next LF. */
static void
skip_line(struct csv_reader *r)
{
	const char	*lf = memchr(r->s + r->pos, '\n', r->len - r->pos);

	if (lf == NULL)
		r->pos = r->len;
	else {
		r->pos = (size_t)(lf - r->s) + 1;
		r->next_line++;
	}
}

/*
 * Reads a record into arena strings; 1, 0 at the end, -1 with *why.
 * Past CSV_MAX_RECORDS, -1 once and then the end.
 */
int
csv_next(struct csv_reader *r, struct arena *a, char ***fields, size_t *n,
    const char **why)
{
	char		 buf[CSV_MAX_FIELD];
	char		*v[CSV_MAX_FIELDS];
	const char	*dummy;
	size_t		 k = 0, len;
	enum field_end	 end;

	*fields = NULL;
	*n = 0;
	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (r->pos >= r->len)
		return 0;
	r->line = r->next_line;
	if (r->records++ == CSV_MAX_RECORDS) {
		*why = WHY_RECORDS;
		r->pos = r->len;
		return -1;
	}
	do {
		if (k == CSV_MAX_FIELDS) {
			*why = WHY_FIELDS;
			goto bad;
		}
		if ((end = field(r, buf, &len, why)) == FIELD_ERR)
			goto bad;
		v[k++] = arena_strndup(a, buf, len);
	} while (end == FIELD_MORE);
	*fields = arena_alloc(a, k * sizeof(**fields));
	memcpy(*fields, v, k * sizeof(**fields));
	*n = k;
	return 1;
bad:
	skip_line(r);
	return -1;
}

/* Does s (n bytes) need quotes to read back the same? */
static int
needs_quotes(const char *s, size_t n)
{
	return strpbrk(s, ",\"\r\n") != NULL ||
	    (n > 0 && (s[0] == ' ' || s[n - 1] == ' ')) ||
	    (n >= 3 && memcmp(s, CSV_BOM, 3) == 0);
}

void
csv_cell(struct buf *b, const char *s, int safe)
{
	struct buf one;
	char	*end;

	if (s[0] != '\'' && (!safe || s[0] == '\0' ||
	    strchr("=+-@\t\r", s[0]) == NULL ||
	    (strtod(s, &end), *end == '\0'))) {
		csv_field(b, s);
		return;
	}
	buf_init(&one);
	buf_putc(&one, '\'');
	buf_puts(&one, s);
	csv_field(b, one.data);
	buf_free(&one);
}

const char *
csv_cell_value(const char *s)
{
	return s[0] == '\'' ? s + 1 : s;
}

void
csv_field(struct buf *b, const char *s)
{
	const char	*q;
	size_t		 n = strlen(s);

	if (!needs_quotes(s, n)) {
		buf_add(b, s, n);
		return;
	}
	buf_putc(b, '"');
	while ((q = strchr(s, '"')) != NULL) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_putc(b, '"');
		s = q + 1;
	}
	buf_puts(b, s);
	buf_putc(b, '"');
}
