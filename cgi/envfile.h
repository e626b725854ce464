/* envfile.h — the configuration file (/etc/exbuddy/exbuddy.conf), in systemd's EnvironmentFile syntax */
#ifndef EXBUDDY_ENVFILE_H
#define EXBUDDY_ENVFILE_H

#include <stddef.h>

/*
 * Calls set(arg, key, value) for each setting of text (NUL-terminated,
 * changed in place): lines "KEY=VALUE"; blank lines and lines whose first
 * character past blanks is '#' or ';' are comments; blanks around the key
 * and the value are dropped; a value wholly in "double" quotes (where \"
 * and \\ stand for " and \) or 'single' quotes is what is inside. A key is
 * letters, digits and '_', not starting with a digit. Returns 0, or -1
 * with the line number in *line and the reason in *why (also when set
 * returns -1 and writes *why).
 */
int	 envfile_parse(char *text, int (*set)(void *, const char *,
	    const char *, const char **), void *arg, int *line,
	    const char **why);

#endif
