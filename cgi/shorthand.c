/* shorthand.c — sets written short: "5x10", "3 × 8 @ 20kg", "3x1:30", "5x5 @ 225 lb, 3x3 @ 245 lb" */
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "shorthand.h"
#include "workout.h"

#define SYNTAX	"Write the sets like 5x10, or 3 × 8 @ 20kg, or 3x1:30."
#define NUMLEN	16	/* characters of a number kept */

struct scan {
	const char	*p;
	const char	*why;
};

static void
spaces(struct scan *sc)
{
	while (*sc->p == ' ' || *sc->p == '\t')
		sc->p++;
}

/* A whole number of at most 9 digits at p: its value, or -1. */
static long
number(struct scan *sc)
{
	long	 v = 0;
	int	 d = 0;

	spaces(sc);
	while (*sc->p >= '0' && *sc->p <= '9' && d < 10) {
		v = v * 10 + (*sc->p++ - '0');
		d++;
	}
	return d == 0 || d > 9 ? -1 : v;
}

/* The word w (any case) at p, then not a letter: 1 and past it, or 0. */
static int
word(struct scan *sc, const char *w)
{
	size_t	 n = strlen(w);
	char	 c;

	spaces(sc);
	if (strncasecmp(sc->p, w, n) != 0)
		return 0;
	c = sc->p[n];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 0;
	sc->p += n;
	return 1;
}

/* "x", "X", "*" or "×" (U+00D7): 1 and past it, or 0. */
static int
times_sign(struct scan *sc)
{
	spaces(sc);
	if (*sc->p == 'x' || *sc->p == 'X' || *sc->p == '*') {
		sc->p++;
		return 1;
	}
	if ((unsigned char)sc->p[0] == 0xc3 && (unsigned char)sc->p[1] == 0x97) {
		sc->p += 2;
		return 1;
	}
	return 0;
}

static int
bad(struct scan *sc, const char *why)
{
	sc->why = why;
	return -1;
}

/* AMOUNT after a number v: reps, or a time. Into s. 0 or -1. */
static int
amount(struct scan *sc, long v, struct set *s)
{
	long	 sec;

	spaces(sc);
	if (*sc->p == ':') {
		sc->p++;
		if (sc->p[0] < '0' || sc->p[0] > '5' || sc->p[1] < '0' ||
		    sc->p[1] > '9')
			return bad(sc, SYNTAX);
		sec = (sc->p[0] - '0') * 10 + (sc->p[1] - '0');
		sc->p += 2;
		s->seconds = v * 60 + sec;
	} else if (word(sc, "seconds") || word(sc, "secs") || word(sc, "sec") ||
	    word(sc, "s"))
		s->seconds = v;
	else if (word(sc, "minutes") || word(sc, "min"))
		s->seconds = v * 60;
	else {
		if (!word(sc, "reps"))
			(void)word(sc, "rep");
		s->reps = v;
	}
	if (s->reps > WK_MAX_REPS)
		return bad(sc, "Reps go from 1 to " XSTR(WK_MAX_REPS) ".");
	if (s->seconds > WK_MAX_SECONDS)
		return bad(sc, "A set lasts at most 24 hours.");
	if (s->reps == 0 && s->seconds == 0)
		return bad(sc, "A set needs at least one rep or one second.");
	return 0;
}

/* "@ LOAD [unit]" into s, loads in lb unless a unit says. 0 or -1. */
static int
load(struct scan *sc, int lb, struct set *s)
{
	char	 num[NUMLEN + 1];
	size_t	 n = 0;

	spaces(sc);
	if (*sc->p == '+' || *sc->p == '-')
		num[n++] = *sc->p++;
	spaces(sc);
	/* A comma between digits is a decimal one; else it ends a group. */
	while (((*sc->p >= '0' && *sc->p <= '9') || *sc->p == '.' ||
	    (*sc->p == ',' && n > 0 && sc->p[1] >= '0' && sc->p[1] <= '9')) &&
	    n < NUMLEN)
		num[n++] = *sc->p++;
	num[n] = '\0';
	if (word(sc, "kg"))
		lb = 0;
	else if (word(sc, "lbs") || word(sc, "lb"))
		lb = 1;
	if (wk_load_parse(num, lb, &s->load) != 0)
		return bad(sc, lb ? "The weight is a number of lb, one "
		    "decimal at most, like 45 or -22.5, up to 2204.6." :
		    "The weight is a number of kg, two decimals at most, like "
		    "20 or -12.5, up to " XSTR(LOAD_MAX_KG) ".");
	s->loaded = 1;
	return 0;
}

/* One group at p: sets appended to out. 0 or -1. */
static int
group(struct scan *sc, int lb, struct set *out, size_t max, size_t *n)
{
	struct set s;
	long	 count = 1, v;
	size_t	 i;

	memset(&s, 0, sizeof(s));
	if ((v = number(sc)) < 0)
		return bad(sc, SYNTAX);
	if (times_sign(sc)) {
		count = v;
		if ((v = number(sc)) < 0)
			return bad(sc, SYNTAX);
	}
	if (count < 1 || count > SETS_MAX || *n + (size_t)count > max)
		return bad(sc, "A workout has 1 to " XSTR(SETS_MAX) " sets.");
	if (amount(sc, v, &s) != 0)
		return -1;
	spaces(sc);
	if (*sc->p == '@') {
		sc->p++;
		if (load(sc, lb, &s) != 0)
			return -1;
	}
	for (i = 0; i < (size_t)count; i++)
		out[(*n)++] = s;
	return 0;
}

int
sh_parse(const char *s, int lb, struct set *out, size_t max, size_t *n,
    const char **why)
{
	struct scan sc = { s, NULL };

	*n = 0;
	for (;;) {
		if (group(&sc, lb, out, max, n) != 0)
			break;
		spaces(&sc);
		if (*sc.p == '\0')
			return 0;
		if (*sc.p != ',' && *sc.p != ';') {
			sc.why = SYNTAX;
			break;
		}
		sc.p++;
	}
	*why = sc.why;
	*n = 0;
	return -1;
}
