/* tzguess.h — a time zone and a unit guessed from the browser's languages, and zones grouped by region: pure code */
#ifndef EXBUDDY_TZGUESS_H
#define EXBUDDY_TZGUESS_H

#include <stddef.h>

#define TZG_NAME_MAX	64	/* bytes of a zone name kept, with its NUL */
#define TZG_NGROUPS	10	/* the regions of tzg_group_name, "Other" last */

/* The main zone of each country: tzdata's zone.tab (or zone1970.tab). */
struct tzg_table {
	char	 zone[26 * 26][TZG_NAME_MAX];	/* by code, AA to ZZ; "" none */
};

/*
 * The region (ISO 3166 alpha-2, upper case) of the browser's preferred
 * language, from an Accept-Language header: of the ranges with the
 * highest q's language ("en" of "en;q=1, en-GB;q=0.9"), the first in
 * order of preference with a region subtag ("en-GB", "zh-Hant-TW"). A
 * region of another language says nothing about where its reader lives
 * ("de, en-US;q=0.7": none). 0 with cc filled, or -1 when none.
 */
int	 tzg_region(const char *accept_language, char cc[3]);

/*
 * Reads the text of zone.tab or zone1970.tab (lines "CC[,CC…] TAB
 * coordinates TAB zone …", "#" comments) into t: the first zone listed
 * for a country. Returns the number of countries found.
 */
size_t	 tzg_parse(struct tzg_table *t, const char *text);
/* The first zone t lists for country cc, or NULL. */
const char *tzg_first(const struct tzg_table *t, const char *cc);
/*
 * The main zone of country cc: the first listed, but for the few
 * countries zone.tab starts with an outlying region (Lord Howe Island for
 * Australia, Newfoundland for Canada…), where most people live. NULL when
 * t lists none for cc.
 */
const char *tzg_zone(const struct tzg_table *t, const char *cc);
/* 1 when body weights in country cc are usually in pounds (US, LR, MM). */
int	 tzg_pounds(const char *cc);

/*
 * The group of a zone name in a list: 0 "Africa" … 8 "Pacific" by its
 * first part, 9 "Other" for the rest (UTC, Etc/…, US/…).
 */
int	 tzg_group(const char *zone);
const char *tzg_group_name(int group);
/*
 * The name as its group lists it, into out: without the group's part,
 * "_" as spaces ("America/Argentina/Buenos_Aires": "Argentina/Buenos
 * Aires"); in full for "Other". Cut to fit n bytes.
 */
void	 tzg_label(const char *zone, char *out, size_t n);

#endif
