/* test_tzguess.c — unit tests of the time zone guessed from Accept-Language, and zones by region (cgi/tzguess.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tzguess.h"

/* A few lines of zone.tab as Debian's tzdata 2025b has them. */
static const char zone_tab[] =
    "# tzdb timezone descriptions (deprecated version)\n"
    "#\n"
    "#country-\n"
    "#code\tcoordinates\tTZ\tcomments\n"
    "AU\t-3133+15905\tAustralia/Lord_Howe\tLord Howe Island\n"
    "AU\t-5430+15857\tAntarctica/Macquarie\tMacquarie Island\n"
    "AU\t-3352+15113\tAustralia/Sydney\tNew South Wales (most areas)\n"
    "DE\t+5230+01322\tEurope/Berlin\tmost of Germany\n"
    "DE\t+4742+00841\tEurope/Busingen\tBusingen\n"
    "GB\t+513030-0000731\tEurope/London\n"
    "LR\t+0618-01047\tAfrica/Monrovia\n"
    "NO\t+5955+01045\tEurope/Oslo\n"
    "US\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\n"
    "US\t+421953-0830245\tAmerica/Detroit\tEastern - MI (most areas)\n"
    "US\t+415100-0873900\tAmerica/Chicago\tCentral (most areas)\n"
    "XX\t+0000+00000\tBad zone<name>\tmarkup is no zone\n"
    "garbage line without tabs\n"
    "\n"
    "JP\t+353916+1394441\tAsia/Tokyo";	/* no newline at the end */

/* zone1970.tab lists several countries on one line. */
static const char zone1970_tab[] =
    "#codes\tcoordinates\tTZ\tcomments\n"
    "CH,DE,LI\t+4723+00832\tEurope/Zurich\tBusingen\n"
    "DE,DK,NO,SE,SJ\t+5230+01322\tEurope/Berlin\tmost of Germany\n"
    "AT\t+4813+01620\tEurope/Vienna\n";

static struct tzg_table table;

/* The zone guessed for an Accept-Language header with table, or "UTC". */
static const char *
guess(const char *al)
{
	char	 cc[3];
	const char *z;

	if (tzg_region(al, cc) != 0)
		return "UTC";
	z = tzg_zone(&table, cc);
	return z != NULL ? z : "UTC";
}

static void
region_is(const char *al, const char *want)
{
	char	 cc[3] = "";
	int	 rc = tzg_region(al, cc);

	if (want == NULL && rc == 0)
		fail_msg("\"%s\": region %s, expected none", al, cc);
	if (want != NULL && (rc != 0 || strcmp(cc, want) != 0))
		fail_msg("\"%s\": %s, expected %s", al, rc == 0 ? cc : "none",
		    want);
}

static void
test_region(void **state)
{
	(void)state;
	region_is("en-GB", "GB");
	region_is("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "DE");
	region_is("en-US,en;q=0.5", "US");
	region_is("en-gb", "GB");
	region_is("EN-us", "US");
	region_is("  en-GB ; q=0.9 , fr ;q=0.1", "GB");
	region_is("zh-Hant-TW", "TW");
	region_is("sr-Latn-RS,sr;q=0.9", "RS");
	region_is("zh-yue-HK", "HK");		/* an extlang first */
	/* The preferred language without a region, then with one. */
	region_is("en,en-GB;q=0.9", "GB");
	region_is("fr;q=0.8,fr-CA;q=0.5,en-US;q=0.7", "CA");
	/* The region of the most preferred range of that language. */
	region_is("en-AU;q=0.5,en-NZ;q=0.9,en;q=1", "NZ");
	region_is("en-AU,en-NZ", "AU");		/* equals: the first */
	/* q decides, not the order. */
	region_is("en-US;q=0.5,de-AT;q=0.9", "AT");
	region_is("en-US;q=0,de-CH", "CH");	/* q=0: not acceptable */
	/* No region of the preferred language: none. */
	region_is("de,en-US;q=0.7,en;q=0.3", NULL);
	region_is("es-419,es;q=0.9", NULL);	/* a numeric region */
	region_is("en-x-private-GB", NULL);	/* a private use subtag */
	region_is("en", NULL);
	region_is("*", NULL);
	region_is("*,en-GB;q=0.5", "GB");
	region_is("", NULL);
	region_is(",,, ;;", NULL);
	region_is("en-GB;q=0", NULL);
	region_is("en-GB;q=2", NULL);		/* a bad q is refused */
	region_is("en-GB;q=0.5.5", NULL);
	region_is("en-GB;q=1.000", "GB");
	region_is("e1-GB", NULL);		/* not a language */
	region_is("en-G", NULL);
	region_is("en-GBR", NULL);
	assert_int_equal(tzg_region(NULL, (char[3]){ 0 }), -1);
}

static void
test_parse(void **state)
{
	(void)state;
	/* AU, DE, GB, LR, NO, US, JP; not the bad lines. */
	assert_int_equal(tzg_parse(&table, zone_tab), 7);
	assert_string_equal(tzg_first(&table, "GB"), "Europe/London");
	assert_string_equal(tzg_first(&table, "DE"), "Europe/Berlin");
	assert_string_equal(tzg_first(&table, "US"), "America/New_York");
	assert_string_equal(tzg_first(&table, "AU"), "Australia/Lord_Howe");
	assert_string_equal(tzg_first(&table, "JP"), "Asia/Tokyo");
	assert_null(tzg_first(&table, "XX"));
	assert_null(tzg_first(&table, "FR"));
	assert_null(tzg_first(&table, "gb"));
	assert_null(tzg_first(&table, "GBR"));
	assert_null(tzg_first(&table, NULL));
	/* Where zone.tab starts at an edge of the country: its main zone. */
	assert_string_equal(tzg_zone(&table, "AU"), "Australia/Sydney");
	assert_string_equal(tzg_zone(&table, "US"), "America/New_York");
	assert_null(tzg_zone(&table, "CA"));	/* not in this table */

	assert_int_equal(tzg_parse(&table, zone1970_tab), 8);
	assert_string_equal(tzg_first(&table, "DE"), "Europe/Zurich");
	assert_string_equal(tzg_first(&table, "NO"), "Europe/Berlin");
	assert_string_equal(tzg_first(&table, "SJ"), "Europe/Berlin");
	assert_string_equal(tzg_first(&table, "AT"), "Europe/Vienna");
	assert_int_equal(tzg_parse(&table, ""), 0);
	assert_null(tzg_first(&table, "AT"));
}

static void
test_guess(void **state)
{
	(void)state;
	tzg_parse(&table, zone_tab);
	assert_string_equal(guess("en-GB,en;q=0.9"), "Europe/London");
	assert_string_equal(guess("de-DE"), "Europe/Berlin");
	assert_string_equal(guess("en-US,en;q=0.9"), "America/New_York");
	assert_string_equal(guess("nb-NO"), "Europe/Oslo");
	assert_string_equal(guess("en-AU"), "Australia/Sydney");
	assert_string_equal(guess("ja-JP"), "Asia/Tokyo");
	assert_string_equal(guess("fr-FR"), "UTC");	/* not in the table */
	assert_string_equal(guess("de"), "UTC");
	assert_string_equal(guess(""), "UTC");
	assert_string_equal(guess(NULL), "UTC");
}

/*
 * Debian's zone.tab, when installed: the examples of issue 10. (Its
 * zone1970.tab is only the fallback: it lists Germany first under
 * Europe/Zurich, for Busingen.)
 */
static void
test_debian_table(void **state)
{
	static char text[256 * 1024];
	size_t	 n;
	FILE	*fp;

	(void)state;
	if ((fp = fopen("/usr/share/zoneinfo/zone.tab", "r")) == NULL)
		skip();
	n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	assert_true(tzg_parse(&table, text) > 200);
	assert_string_equal(guess("en-GB"), "Europe/London");
	assert_string_equal(guess("de-DE"), "Europe/Berlin");
	assert_string_equal(guess("en-US"), "America/New_York");
	assert_string_equal(guess("en-CA"), "America/Toronto");
	assert_string_equal(guess("pt-BR"), "America/Sao_Paulo");
	assert_string_equal(guess("ru-RU"), "Europe/Moscow");
	assert_string_equal(guess("uk-UA"), "Europe/Kyiv");
	assert_string_equal(guess("hi-IN"), "Asia/Kolkata");
	assert_string_equal(guess("es-MX"), "America/Mexico_City");
	assert_string_equal(guess("nl-NL"), "Europe/Amsterdam");
	assert_string_equal(guess("en-ZZ"), "UTC");
}

static void
test_pounds(void **state)
{
	(void)state;
	assert_true(tzg_pounds("US"));
	assert_true(tzg_pounds("LR"));
	assert_true(tzg_pounds("MM"));
	assert_false(tzg_pounds("GB"));
	assert_false(tzg_pounds("us"));
	assert_false(tzg_pounds(""));
	assert_false(tzg_pounds(NULL));
}

static void
label_is(const char *zone, size_t n, const char *want)
{
	char	 out[TZG_NAME_MAX];

	tzg_label(zone, out, n);
	assert_string_equal(out, want);
}

static void
test_groups(void **state)
{
	int	 g;

	(void)state;
	assert_int_equal(tzg_group("Africa/Lagos"), 0);
	assert_int_equal(tzg_group("America/Argentina/Buenos_Aires"), 1);
	assert_int_equal(tzg_group("Antarctica/Troll"), 2);
	assert_int_equal(tzg_group("Asia/Tokyo"), 3);
	assert_int_equal(tzg_group("Atlantic/Azores"), 4);
	assert_int_equal(tzg_group("Australia/Perth"), 5);
	assert_int_equal(tzg_group("Europe/Berlin"), 6);
	assert_int_equal(tzg_group("Indian/Maldives"), 7);
	assert_int_equal(tzg_group("Pacific/Auckland"), 8);
	assert_int_equal(tzg_group("UTC"), 9);
	assert_int_equal(tzg_group("US/Eastern"), 9);
	assert_int_equal(tzg_group("Etc/GMT+5"), 9);
	assert_int_equal(tzg_group("Arctic/Longyearbyen"), 9);
	assert_int_equal(tzg_group("Europe"), 9);
	assert_int_equal(tzg_group("Europeans/X"), 9);
	assert_int_equal(tzg_group(""), 9);
	for (g = 0; g < TZG_NGROUPS; g++)
		assert_true(*tzg_group_name(g) != '\0');
	assert_string_equal(tzg_group_name(9), "Other");
	assert_string_equal(tzg_group_name(10), "");
	assert_string_equal(tzg_group_name(-1), "");

	label_is("America/New_York", TZG_NAME_MAX, "New York");
	label_is("America/Argentina/Buenos_Aires", TZG_NAME_MAX,
	    "Argentina/Buenos Aires");
	label_is("Europe/Berlin", TZG_NAME_MAX, "Berlin");
	label_is("UTC", TZG_NAME_MAX, "UTC");
	label_is("US/Pacific", TZG_NAME_MAX, "US/Pacific");
	label_is("America/Port_of_Spain", 5, "Port");
	label_is("Europe/Berlin", 1, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_region),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_guess),
		cmocka_unit_test(test_debian_table),
		cmocka_unit_test(test_pounds),
		cmocka_unit_test(test_groups),
	};

	return cmocka_run_group_tests_name("tzguess", tests, NULL, NULL);
}
