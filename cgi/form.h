/* form.h — forms declared once (kcgi-style): each field's rule and messages, read, kept, re-rendered */
#ifndef EXBUDDY_FORM_H
#define EXBUDDY_FORM_H

#include <stddef.h>

struct ctx;

enum field_type {
	FT_TEXT,	/* one line, trimmed; max > 0: at most max characters */
	FT_NOTE,	/* several lines, trimmed, CRLF read as LF; at most max
			   characters when max > 0; kept as sent */
	FT_INT,		/* a whole number from min to max */
	FT_CHOICE,	/* one of choices (the index is the number) */
	FT_DATE,	/* "YYYY-MM-DD", a day from min to max (days since 1970) */
	FT_SECRET	/* a password: as sent, never trimmed, never shown again */
};

#define FF_NOKEEP	0x01	/* not set as a template variable */

/*
 * One field of a form. A field whose value is empty is missing: the
 * `missing` message then marks it (a required field), or it stays empty
 * (an optional one, NULL message); a value that breaks the type's rule
 * or `valid` gets the `invalid` message. Messages go to the template as
 * "<name>_error" (the first one found counts) and "errors".
 */
struct field {
	const char		*name;
	enum field_type		 type;
	long long		 min, max;
	const char		*missing;
	const char		*invalid;
	int			(*valid)(const char *);	/* FT_TEXT: a further rule */
	const char *const	*choices;	/* FT_CHOICE, NULL-terminated */
	unsigned		 flags;
};

/* A form as read: one value per field, in the order of the declaration. */
struct form {
	const struct field	*fields;
	size_t			 n;
	const char		**val;	/* checked value; "" when missing */
	const char		**sent;	/* the value as the form shows it again */
	long long		*num;	/* FT_INT, FT_DATE: the number;
					   FT_CHOICE: the index; else 0 */
	int			*bad;	/* 1 when the field failed its rule */
};

/*
 * Reads fields[0..n) from the POST form (form_read) or the query string
 * (form_query) of the request, checks each, and sets for the template
 * each field's value under its name (the value as sent for FT_NOTE;
 * not FT_SECRET or FF_NOKEEP fields) and the message of each failure.
 * Returns the number of failures (also counted in ctx->nerrors).
 */
int	 form_read(struct ctx *, const struct field *, size_t n, struct form *);
int	 form_query(struct ctx *, const struct field *, size_t n, struct form *);

/* The checked value of field i ("" when missing or bad); its number. */
const char *form_str(const struct form *, size_t i);
long long form_num(const struct form *, size_t i);
/* The value of field i as sent (trimmed, or as typed for FT_NOTE). */
const char *form_sent(const struct form *, size_t i);
/* 1 when field i has a good, non-empty value. */
int	 form_has(const struct form *, size_t i);

/* Marks field name invalid with msg, a failure found beyond its rule. */
void	 form_error(struct ctx *, const char *name, const char *msg);

#endif
