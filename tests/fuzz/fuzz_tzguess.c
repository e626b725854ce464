/* fuzz_tzguess.c — libFuzzer target for the Accept-Language and zone.tab readers (cgi/tzguess.c) */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tzguess.h"

#include "fuzz.h"

static struct tzg_table table;

/* cc is a country code: two capital letters. */
static int
is_code(const char cc[3])
{
	return cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z' &&
	    cc[2] == '\0';
}

/*
 * Any input, as an Accept-Language header, as the text of zone.tab and
 * as a zone name: no crash; a region found is a country code; a zone
 * read is a short name of zone characters, which groups and labels
 * within their bounds.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in = malloc(size + 1), cc[3] = "", label[TZG_NAME_MAX];
	const char *z;
	size_t	 n, i, len;
	int	 g;

	if (in == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (tzg_region(in, cc) == 0)
		CHECK(is_code(cc));
	n = tzg_parse(&table, in);
	for (i = 0; i < 26 * 26; i++) {
		cc[0] = (char)('A' + i / 26);
		cc[1] = (char)('A' + i % 26);
		cc[2] = '\0';
		if ((z = tzg_first(&table, cc)) == NULL)
			continue;
		CHECK(n-- > 0);
		len = strlen(z);
		CHECK(len > 0 && len < TZG_NAME_MAX);
		CHECK(strspn(z, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_/+-") == len);
		CHECK(tzg_zone(&table, cc) != NULL);
	}
	CHECK(n == 0);	/* as many zones as countries counted */
	g = tzg_group(in);
	CHECK(g >= 0 && g < TZG_NGROUPS && *tzg_group_name(g) != '\0');
	tzg_label(in, label, sizeof(label));
	CHECK(strlen(label) < sizeof(label) && strchr(label, '_') == NULL);
	free(in);
	return 0;
}
