/* envfile.c — the configuration file (/etc/exbuddy/exbuddy.conf), in systemd's EnvironmentFile syntax */
#include <string.h>

#include "envfile.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int
is_key_char(char c, int first)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	    (!first && c >= '0' && c <= '9');
}

/* The value of v (its blanks dropped, quotes taken off), in place; NULL if malformed. */
static char *
value_of(char *v, const char **why)
{
	char	*end, *r, *w;

	while (is_blank(*v))
		v++;
	end = v + strlen(v);
	while (end > v && is_blank(end[-1]))
		*--end = '\0';
	if (*v != '"' && *v != '\'') {
		if (strchr(v, '"') != NULL || strchr(v, '\'') != NULL ||
		    strchr(v, '\\') != NULL) {
			*why = "has a quote or a backslash: put the whole value in quotes";
			return NULL;
		}
		return v;
	}
	if (end - v < 2 || end[-1] != *v) {
		*why = "has a quote that is not closed at the end of the line";
		return NULL;
	}
	end[-1] = '\0';
	if (*v == '\'') {
		if (strchr(v + 1, '\'') != NULL) {
			*why = "has a quote inside single quotes";
			return NULL;
		}
		return v + 1;
	}
	for (r = w = v + 1; *r != '\0'; r++) {
		if (*r == '"') {
			*why = "has a quote inside double quotes (write \\\")";
			return NULL;
		}
		if (*r == '\\') {
			if (r[1] != '"' && r[1] != '\\') {
				*why = "has a backslash before something other than \" or \\";
				return NULL;
			}
			r++;
		}
		*w++ = *r;
	}
	*w = '\0';
	return v + 1;
}

int
envfile_parse(char *text, int (*set)(void *, const char *, const char *,
    const char **), void *arg, int *line, const char **why)
{
	char	*p = text, *nl, *key, *eq, *k, *val;

	*line = 0;
	for (; p != NULL; p = nl) {
		(*line)++;
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		while (is_blank(*p))
			p++;
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			*why = "is not NAME=value";
			return -1;
		}
		key = p;
		for (k = eq; k > key && is_blank(k[-1]); k--)
			;
		*k = '\0';
		if (*key == '\0') {
			*why = "has no name before '='";
			return -1;
		}
		for (k = key; *k != '\0'; k++)
			if (!is_key_char(*k, k == key)) {
				*why = "has a name that is not letters, digits and '_'";
				return -1;
			}
		if ((val = value_of(eq + 1, why)) == NULL ||
		    set(arg, key, val, why) != 0)
			return -1;
	}
	return 0;
}
