/* fuzz_shorthand.c — libFuzzer target for the sets shorthand (cgi/shorthand.c) */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "shorthand.h"
#include "workout.h"

#include "fuzz.h"

/*
 * Any input: no crash, and what is accepted keeps the rules — 1 to
 * SETS_MAX sets, each with reps or seconds within the limits, a load
 * within LOAD_MAX_KG — and reads back the same when written out in a
 * canonical shorthand ("1x8@10.50kg,1x1:30"), in kg and in pounds.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct set s[SETS_MAX], t[SETS_MAX];
	char	*in = malloc(size + 1), out[SETS_MAX * 48];
	const char *why;
	size_t	 n, m, i, o = 0;
	int	 lb = size > 0 && data[0] & 1;

	if (in == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (sh_parse(in, lb, s, SETS_MAX, &n, &why) != 0) {
		CHECK(n == 0 && why != NULL && *why != '\0');
		free(in);
		return 0;
	}
	CHECK(n >= 1 && n <= SETS_MAX);
	for (i = 0; i < n; i++) {
		CHECK(s[i].reps >= 0 && s[i].reps <= WK_MAX_REPS);
		CHECK(s[i].seconds >= 0 && s[i].seconds <= WK_MAX_SECONDS);
		CHECK(s[i].reps > 0 || s[i].seconds > 0);
		CHECK(s[i].load >= -100LL * LOAD_MAX_KG &&
		    s[i].load <= 100LL * LOAD_MAX_KG);
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s1x", i ? "," : "");
		if (s[i].reps > 0)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%ld",
			    s[i].reps);
		else
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%ld:%02ld",
			    s[i].seconds / 60, s[i].seconds % 60);
		if (s[i].loaded)
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    "@%s%lld.%02lldkg", s[i].load < 0 ? "-" : "",
			    llabs(s[i].load) / 100, llabs(s[i].load) % 100);
	}
	CHECK(sh_parse(out, !lb, t, SETS_MAX, &m, &why) == 0 && m == n);
	for (i = 0; i < n; i++) {
		/* A set of both reps and time reads back as reps: compare those. */
		CHECK(t[i].reps == s[i].reps);
		CHECK(s[i].reps > 0 || t[i].seconds == s[i].seconds);
		CHECK(t[i].loaded == s[i].loaded);
		CHECK(!s[i].loaded || t[i].load == s[i].load);
	}
	free(in);
	return 0;
}
