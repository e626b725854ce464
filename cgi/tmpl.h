/* tmpl.h — template engine: ctemplate's tag syntax, HTML-escaped by default */
#ifndef EXBUDDY_TMPL_H
#define EXBUDDY_TMPL_H

#include <stddef.h>

struct arena;
struct buf;

/*
 * Syntax (see ARCHITECTURE.md, "Templates"):
 *   <TMPL_VAR name="x">             value, HTML-escaped (& < > " ')
 *   <TMPL_VAR name="x" fmt="raw">   value as is (greppable exception)
 *   <TMPL_VAR name="x" fmt="url">   value percent-encoded for a URL part
 *   <TMPL_VAR name="x" default="d"> d when x is unset
 *   <TMPL_IF name="x"> <TMPL_ELSIF name="y"> <TMPL_ELSE> </TMPL_IF>
 *       true when x is set and not empty (a loop: has a row);
 *       with value="v": true when x equals v exactly
 *   <TMPL_UNLESS name="x"> <TMPL_ELSE> </TMPL_UNLESS>   the IF test negated
 *   <TMPL_LOOP name="rows"> ... </TMPL_LOOP>
 *       names resolve in the row first, then outward
 *   <TMPL_INCLUDE name="file.tmpl">  static, parsed at load, depth-limited;
 *       a file included by others (a partial) is named "_name.tmpl"
 *   <TMPL_COMMENT> … </TMPL_COMMENT>  left out: what a template expects
 *       (its variables and loops), said for its readers
 * Tag and attribute names are case-insensitive; attribute values are
 * double-quoted. Any unknown tag, attribute or fmt, a missing name, an
 * unclosed or stray block is a load error naming file:line.
 */


struct tmpl_set;	/* every template of a directory, parsed */
struct tmpl_vars;	/* the variables of one rendering (or one loop row) */

/*
 * Parses every *.tmpl file in dir. On error returns NULL and writes
 * "file:line: message" into err.
 */
struct tmpl_set	*tmpl_load_dir(const char *dir, char *err, size_t errlen);
/*
 * Parses one template held in memory, named `name` (for fuzzing and unit
 * tests). A TMPL_INCLUDE in it is resolved against dir, or is an error
 * when dir is NULL.
 */
struct tmpl_set	*tmpl_parse_mem(const char *name, const char *text, size_t len,
		    const char *dir, char *err, size_t errlen);
void		 tmpl_set_free(struct tmpl_set *);
int		 tmpl_exists(const struct tmpl_set *, const char *name);

/*
 * Variables live in the arena; values are copied into it (but by
 * tmpl_set_ref), names are not: a name is a literal, or in the arena, or
 * otherwise lives as long as the variables do (a page sets hundreds).
 */
struct tmpl_vars *tmpl_vars_new(struct arena *);
void	 tmpl_set(struct tmpl_vars *, const char *name, const char *value);
void	 tmpl_setf(struct tmpl_vars *, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 tmpl_set_int(struct tmpl_vars *, const char *name, long long);
/*
 * Sets name to value without copying it (a page's whole content, values
 * in the arena already): the caller keeps value as it is while the
 * variables are in use, or unsets name (tmpl_set NULL) before it frees
 * or changes value.
 */
void	 tmpl_set_ref(struct tmpl_vars *, const char *name, const char *value);
/* Appends a row to loop `name` and returns the row's variables. */
struct tmpl_vars *tmpl_loop_add(struct tmpl_vars *, const char *name);
/* The value of name in v (not outward), or NULL. */
const char *tmpl_get(const struct tmpl_vars *, const char *name);

/*
 * Renders template `name` (a file name such as "index.tmpl") with v,
 * appending to out. Returns 0, or -1 when no such template exists.
 */
int	 tmpl_render(const struct tmpl_set *, const char *name,
	    const struct tmpl_vars *, struct buf *out);

#endif
