/* tzguess.c — a time zone and a unit guessed from the browser's languages, and zones grouped by region: pure code */
#include <string.h>

#include "tzguess.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* One language range of an Accept-Language header. */
struct range {
	const char	*tag;	/* "en-GB", not terminated */
	size_t		 len;
	int		 q;	/* thousandths: 1000 for q=1, 0 refused */
};

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* A qvalue ("0", "0.8", "1.000") in thousandths; 0 when it is not one. */
static int
qvalue(const char *s, size_t n)
{
	int	 q, scale = 100;
	size_t	 i;

	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return 0;
	q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return 0;
	for (i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? 0 : q;
}

/* The range at p (after any commas and blanks) into r; where it ends, or NULL. */
static const char *
next_range(const char *p, struct range *r)
{
	size_t	 n;

	p += strspn(p, " \t,");
	if (*p == '\0')
		return NULL;
	r->tag = p;
	r->len = strcspn(p, " \t;,");
	r->q = 1000;
	p += r->len;
	while (*p != '\0' && *p != ',') {
		p += strspn(p, " \t;");
		n = strcspn(p, " \t;,");
		if (n >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
			r->q = qvalue(p + 2, n - 2);
		p += n;
	}
	return p;
}

/* The length of the primary language subtag ("en" of "en-GB"); 0 if none. */
static size_t
language(const struct range *r)
{
	size_t	 i;

	for (i = 0; i < r->len && r->tag[i] != '-'; i++)
		if (!is_alpha(r->tag[i]))
			return 0;
	return i <= 8 ? i : 0;
}

static int
same_language(const struct range *a, const struct range *b)
{
	size_t	 n = language(a), i;

	if (n == 0 || n != language(b))
		return 0;
	for (i = 0; i < n; i++)
		if (upper(a->tag[i]) != upper(b->tag[i]))
			return 0;
	return 1;
}

/*
 * The region subtag of r into cc: the first two-letter subtag after the
 * language (a three-letter extlang or a four-letter script may come
 * between). A singleton (an extension) or a numeric region ("419") ends
 * the search. 0, or -1 when there is none.
 */
static int
region_of(const struct range *r, char cc[3])
{
	const char *s = r->tag, *end = r->tag + r->len;
	size_t	 n;

	s += language(r);
	while (s < end && *s == '-') {
		s++;
		n = 0;
		while (s + n < end && s[n] != '-')
			n++;
		if (n == 1 || (n == 3 && s[0] >= '0' && s[0] <= '9'))
			return -1;
		if (n == 2 && is_alpha(s[0]) && is_alpha(s[1])) {
			cc[0] = upper(s[0]);
			cc[1] = upper(s[1]);
			cc[2] = '\0';
			return 0;
		}
		s += n;
	}
	return -1;
}

int
tzg_region(const char *al, char cc[3])
{
	struct range r, best = { NULL, 0, 0 };
	const char *p;
	int	 q = 0;

	if (al == NULL)
		return -1;
	/* The most preferred language; the first of equals. */
	for (p = al; (p = next_range(p, &r)) != NULL; )
		if (r.q > best.q && language(&r) > 0)
			best = r;
	if (best.q == 0)
		return -1;
	/* Of that language, the most preferred range naming a region. */
	for (p = al; (p = next_range(p, &r)) != NULL; )
		if (r.q > q && same_language(&r, &best) && region_of(&r, cc) == 0)
			q = r.q;
	return q > 0 ? 0 : -1;
}

/* The index of a country code in tzg_table, or -1. */
static int
country(const char *cc, size_t n)
{
	if (n != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return -1;
	return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

/* 1 when s[0..n) can be a zone name: letters, digits, "_", "/", "+", "-". */
static int
zone_chars(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!is_alpha(s[i]) && !(s[i] >= '0' && s[i] <= '9') &&
		    strchr("_/+-", s[i]) == NULL)
			return 0;
	return n > 0 && n < TZG_NAME_MAX;
}

/* One line "CC[,CC…]\tcoordinates\tzone…" of zone.tab into t; countries added. */
static size_t
parse_line(struct tzg_table *t, const char *line, size_t len)
{
	const char *tab1, *tab2, *codes = line, *zone;
	size_t	 zlen, n, added = 0;
	int	 i;

	if (len == 0 || line[0] == '#' ||
	    (tab1 = memchr(line, '\t', len)) == NULL ||
	    (tab2 = memchr(tab1 + 1, '\t', len - (size_t)(tab1 + 1 - line)))
	    == NULL)
		return 0;
	zone = tab2 + 1;
	zlen = 0;
	while (zone + zlen < line + len && zone[zlen] != '\t')
		zlen++;
	if (!zone_chars(zone, zlen))
		return 0;
	while (codes < tab1) {
		n = 0;
		while (codes + n < tab1 && codes[n] != ',')
			n++;
		if ((i = country(codes, n)) >= 0 && t->zone[i][0] == '\0') {
			memcpy(t->zone[i], zone, zlen);
			t->zone[i][zlen] = '\0';
			added++;
		}
		codes += n + 1;
	}
	return added;
}

size_t
tzg_parse(struct tzg_table *t, const char *text)
{
	size_t	 len, count = 0;

	memset(t, 0, sizeof(*t));
	while (text != NULL && *text != '\0') {
		len = strcspn(text, "\n");
		count += parse_line(t, text, len);
		text += len + (text[len] == '\n');
	}
	return count;
}

const char *
tzg_first(const struct tzg_table *t, const char *cc)
{
	int	 i = cc != NULL ? country(cc, strlen(cc)) : -1;

	return i >= 0 && t->zone[i][0] != '\0' ? t->zone[i] : NULL;
}

const char *
tzg_zone(const struct tzg_table *t, const char *cc)
{
	/* zone.tab lists these from an edge of the country. */
	static const char *const main_zone[][2] = {
		{ "AU", "Australia/Sydney" },	/* not Lord Howe Island */
		{ "BR", "America/Sao_Paulo" },	/* not Fernando de Noronha */
		{ "CA", "America/Toronto" },	/* not Newfoundland */
		{ "RU", "Europe/Moscow" },	/* not Kaliningrad */
		{ "UA", "Europe/Kyiv" },	/* not Crimea */
		{ "UZ", "Asia/Tashkent" },	/* not Samarkand */
	};
	const char *first = tzg_first(t, cc);
	size_t	 i;

	if (first == NULL)
		return NULL;
	for (i = 0; i < NELEM(main_zone); i++)
		if (strcmp(cc, main_zone[i][0]) == 0)
			return main_zone[i][1];
	return first;
}

int
tzg_pounds(const char *cc)
{
	return cc != NULL && (strcmp(cc, "US") == 0 || strcmp(cc, "LR") == 0 ||
	    strcmp(cc, "MM") == 0);
}

static const char *const groups[TZG_NGROUPS] = {
	"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia",
	"Europe", "Indian", "Pacific", "Other"
};

int
tzg_group(const char *zone)
{
	size_t	 n;
	int	 g;

	for (g = 0; g < TZG_NGROUPS - 1; g++) {
		n = strlen(groups[g]);
		if (strncmp(zone, groups[g], n) == 0 && zone[n] == '/')
			return g;
	}
	return TZG_NGROUPS - 1;
}

const char *
tzg_group_name(int g)
{
	return g >= 0 && g < TZG_NGROUPS ? groups[g] : "";
}

void
tzg_label(const char *zone, char *out, size_t n)
{
	size_t	 i;

	if (n == 0)
		return;
	if (tzg_group(zone) < TZG_NGROUPS - 1)
		zone = strchr(zone, '/') + 1;
	for (i = 0; i + 1 < n && zone[i] != '\0'; i++)
		out[i] = zone[i] == '_' ? ' ' : zone[i];
	out[i] = '\0';
}
