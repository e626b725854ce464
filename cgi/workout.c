/* workout.c — the rules of a workout and its sets: checks, totals, loads, calories, words */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "mem.h"
#include "valid.h"
#include "workout.h"

#define LB_KG_E8	45359237LL	/* 1 lb = 0.45359237 kg */

/* "" is 0; else a whole number in [0, max]. 0 or -1. */
static int
count(const char *s, long max, long *out)
{
	long long v;
	const char *why;

	if (s == NULL || *s == '\0') {
		*out = 0;
		return 0;
	}
	if (valid_int(s, 0, max, &v, &why) != 0)
		return -1;
	*out = (long)v;
	return 0;
}

/* A number of calories: digits, at most one decimal, 0 to WK_MAX_CALORIES. */
static int
calories_ok(const char *s)
{
	size_t	 d = strspn(s, "0123456789");
	long long v;

	if (d == 0 || d > 6)
		return 0;
	if (s[d] == '.' && (s[d + 1] < '0' || s[d + 1] > '9' ||
	    s[d + 2] != '\0'))
		return 0;
	if (s[d] != '\0' && s[d] != '.')
		return 0;
	return fmt_fixed_parse(s, 1, &v) == FIXED_OK &&
	    v <= 10LL * WK_MAX_CALORIES;
}

/* Rounds num / den half away from zero, as PostgreSQL's round() does. */
static long long
div_round(long long num, long long den)
{
	return num >= 0 ? (2 * num + den) / (2 * den) :
	    -((-2 * num + den) / (2 * den));
}

int
wk_load_parse(const char *s, int lb, long long *kg100)
{
	long long v;
	int	 neg = 0;

	if (*s == '+' || *s == '-') {
		neg = *s == '-';
		s++;
		while (*s == ' ')
			s++;
	}
	if (fmt_fixed_parse(s, lb ? 1 : 2, &v) != FIXED_OK ||
	    v > (lb ? 23000 : 100LL * LOAD_MAX_KG))	/* no overflow below */
		return -1;
	/* tenths of a lb × 0.45359237 kg × 10 → hundredths of a kg */
	v = lb ? div_round(v * LB_KG_E8, 10000000LL) : v;
	if (v > 100LL * LOAD_MAX_KG)
		return -1;
	*kg100 = neg ? -v : v;
	return 0;
}

void
wk_load_value(char *out, size_t n, long long kg100, int lb)
{
	long long v = kg100 < 0 ? -kg100 : kg100;
	char	 num[32];

	if (lb)
		v = div_round(v * 10000000LL, LB_KG_E8);
	fmt_fixed(num, sizeof(num), v, lb ? 1 : 2);
	fmt_trim(num);		/* no useless decimals: 20.00 is 20 */
	fmt_cat(out, n, kg100 < 0 ? "-" : "", num, (char *)NULL);
}

void
wk_load_text(char *out, size_t n, long long kg100, int lb, int sign)
{
	char	 num[24];

	wk_load_value(num, sizeof(num), kg100 < 0 ? -kg100 : kg100, lb);
	fmt_cat(out, n, kg100 < 0 ? "−" : sign && kg100 > 0 ? "+" : "", num,
	    lb ? " lb" : " kg", (char *)NULL);
}

/* One set's amount: "8", "1:30", "8 in 1:30". */
static void
amount_text(char *out, size_t n, const struct set *s)
{
	char	 d[24], r[FMT_INT_LEN];

	fmt_duration(d, sizeof(d), s->seconds);
	fmt_int(r, s->reps);
	if (s->reps > 0 && s->seconds > 0)
		fmt_cat(out, n, r, " in ", d, (char *)NULL);
	else
		fmt_cat(out, n, s->reps > 0 ? r : d, (char *)NULL);
}

static int
same_set(const struct set *a, const struct set *b)
{
	return a->reps == b->reps && a->seconds == b->seconds &&
	    a->loaded == b->loaded && (!a->loaded || a->load == b->load);
}

/*
 * Appends the strings up to a NULL to out at *o, never past n; cut
 * short, it ends on a whole character.
 */
static void __attribute__((sentinel))
put(char *out, size_t n, size_t *o, ...)
{
	va_list	 ap;
	const char *s;
	size_t	 end, len, more;
	unsigned char lead;

	if (*o >= n)
		return;
	va_start(ap, o);
	while ((s = va_arg(ap, const char *)) != NULL) {
		len = strlen(s);
		if (len < n - *o) {
			memcpy(out + *o, s, len);
			*o += len;
			continue;
		}
		memcpy(out + *o, s, n - 1 - *o);
		/* Back to the last character's lead byte: is it whole? */
		for (end = n - 1, more = 0; end > 0 &&
		    ((unsigned char)out[end - 1] & 0xc0) == 0x80; end--)
			more++;
		if (end > 0 && ((unsigned char)out[end - 1] & 0xc0) == 0xc0) {
			lead = (unsigned char)out[end - 1];
			if (more >= (lead >= 0xf0 ? 3u : lead >= 0xe0 ? 2u : 1u))
				end = n - 1;
			else
				end--;	/* the lead byte of the cut one */
		}
		out[end] = '\0';
		*o = n;
		break;
	}
	va_end(ap);
	if (*o < n)
		out[*o] = '\0';
}

void
wk_sets_text(char *out, size_t n, const struct set *s, size_t ns, int lb,
    int sign)
{
	char	 amt[64], load[64], times[FMT_INT_LEN];
	size_t	 i, o = 0;
	int	 alike = 1, reps_only = 1;

	out[0] = '\0';
	for (i = 0; i < ns; i++) {
		alike &= same_set(&s[0], &s[i]);
		reps_only &= s[i].seconds == 0 && !s[i].loaded;
	}
	for (i = 0; i < ns; i++) {
		amount_text(amt, sizeof(amt), &s[i]);
		if (alike && ns > 1) {
			fmt_int(times, (long long)ns);
			put(out, n, &o, times, " × ", amt, (char *)NULL);
		} else
			put(out, n, &o, i > 0 ? ", " : "", amt, (char *)NULL);
		if (s[i].loaded) {
			wk_load_text(load, sizeof(load), s[i].load, lb, sign);
			put(out, n, &o, " @ ", load, (char *)NULL);
		}
		if (alike)
			break;
	}
	if (reps_only && ns > 0)
		put(out, n, &o, " reps", (char *)NULL);
}

/* The minutes and seconds of a set: a duration, or -1 when bad. */
static long
duration_of(const struct set_in *in)
{
	long	 min, sec;

	if (count(in->minutes, WK_MAX_SECONDS / 60, &min) != 0 ||
	    count(in->seconds, WK_MAX_SECONDS, &sec) != 0 ||
	    min * 60 + sec > WK_MAX_SECONDS)
		return -1;
	return min * 60 + sec;
}

static int
blank(const char *s)
{
	return s == NULL || *s == '\0';
}

/* The field of set k (from 0) as the form names it: "reps", "reps_2" … */
static const char *
set_field(struct arena *a, const char *name, size_t k)
{
	return k == 0 ? name : arena_printf(a, "%s_%zu", name, k + 1);
}

struct checker {
	struct arena	*a;
	void		(*bad)(void *, const char *, const char *);
	void		*arg;
	int		 n;
	int		 clock;		/* workout_in's */
};

static void
fail(struct checker *ck, const char *field, const char *msg)
{
	ck->bad(ck->arg, field, msg);
	ck->n++;
}

/* Set k of in into *s; problems through ck. */
static void
check_set(struct checker *ck, const struct exercise *ex, int lb,
    const struct set_in *in, size_t k, struct set *s)
{
	long	 d, sec;
	int	 before = ck->n;

	memset(s, 0, sizeof(*s));
	if (count(in->reps, WK_MAX_REPS, &s->reps) != 0)
		fail(ck, set_field(ck->a, "reps", k), "Reps must be a whole "
		    "number from 0 to " XSTR(WK_MAX_REPS) ".");
	if ((d = duration_of(in)) < 0) {
		_Static_assert(WK_MAX_SECONDS == 24 * 3600, "24 hours");
		fail(ck, set_field(ck->a, "duration", k), "The duration must "
		    "be whole minutes and seconds, at most 24 hours in all.");
	} else if (ck->clock && count(in->seconds, WK_MAX_SECONDS, &sec) == 0 &&
	    sec > 59) {
		fail(ck, set_field(ck->a, "duration", k), arena_printf(ck->a,
		    "Seconds go from 0 to 59: %ld seconds is %ld min %ld s.",
		    sec, sec / 60, sec % 60));
	} else
		s->seconds = d;
	if (!blank(in->load)) {
		if (wk_load_parse(in->load, lb, &s->load) != 0)
			fail(ck, set_field(ck->a, "load", k), lb ? "The weight "
			    "must be a number of lb with one decimal at most, "
			    "like 45 or -22.5, up to 2204.6." : "The weight must "
			    "be a number of kg with two decimals at most, like "
			    "20 or -12.5, up to " XSTR(LOAD_MAX_KG) ".");
		s->loaded = 1;
	}
	if (ck->n > before)
		return;
	if (s->reps == 0 && s->seconds == 0)
		fail(ck, set_field(ck->a, "reps", k), "Enter the reps, the "
		    "duration, or both.");
	else if (ex != NULL && ex->timed && s->seconds == 0)
		fail(ck, set_field(ck->a, "duration", k), "This exercise is "
		    "timed: enter how long you did it.");
}

static int
set_blank(const struct set_in *s)
{
	return blank(s->reps) && blank(s->minutes) && blank(s->seconds) &&
	    blank(s->load);
}

/* The sets: those left wholly empty dropped, at least one kept. */
static void
check_sets(struct checker *ck, const struct workout_in *in, struct workout *w)
{
	static const struct set_in none;
	size_t	 i, k;
	long	 reps = 0, secs = 0;

	w->sets = arena_alloc(ck->a, (in->nsets + 1) * sizeof(*w->sets));
	for (i = 0, k = 0; i < in->nsets && k < SETS_MAX; i++) {
		if (set_blank(&in->sets[i]) && (k > 0 || i + 1 < in->nsets))
			continue;
		check_set(ck, w->ex, in->lb, &in->sets[i], i, &w->sets[k]);
		reps += w->sets[k].reps;
		secs += w->sets[k++].seconds;
	}
	if (in->nsets == 0)
		check_set(ck, w->ex, in->lb, &none, 0, &w->sets[k++]);
	w->nsets = k;
	if (reps > WK_MAX_REPS || secs > WK_MAX_SECONDS)
		fail(ck, "reps", "In all, a workout can have at most "
		    XSTR(WK_MAX_REPS) " reps and 24 hours.");
}

int
wk_check(const struct library *lib, struct arena *a,
    const struct workout_in *in, struct workout *w,
    void (*bad)(void *, const char *, const char *), void *arg)
{
	struct checker ck = { a, bad, arg, 0, in->clock };

	memset(w, 0, sizeof(*w));
	w->estimated = -1;
	if ((w->ex = ex_find(lib, in->exercise)) == NULL)
		fail(&ck, "exercise", blank(in->exercise) ?
		    "Choose an exercise." :
		    "There is no such exercise; choose one from the list.");
	else if (w->ex->archived && !in->archived_ok && (in->kept == NULL ||
	    strcmp(in->kept, w->ex->id) != 0))
		fail(&ck, "exercise", "This exercise is archived: bring it "
		    "back from its page to log it, or choose another.");
	check_sets(&ck, in, w);
	if (!blank(in->calories)) {
		if (!calories_ok(in->calories))
			fail(&ck, "calories", "Calories must be a number from 0 "
			    "to " XSTR(WK_MAX_CALORIES) ", like 45 or 45.5 "
			    "(or leave it empty).");
		w->calories = in->calories;
	}
	if (!blank(in->note)) {
		if (!valid_text(in->note, 0, WK_MAX_NOTE, 1))
			fail(&ck, "note", "The note can be at most "
			    XSTR(WK_MAX_NOTE) " characters of text.");
		w->note = in->note;
	}
	return ck.n;
}

int
wk_time_ok(time_t t)
{
	return t >= 0 && t <= time(NULL) + 86400;
}

void
wk_totals(const struct workout *w, long long bw, struct totals *t)
{
	const struct set *s;
	long long moved;
	size_t	 i;

	memset(t, 0, sizeof(*t));
	for (i = 0, s = w->sets; i < w->nsets; i++, s++) {
		t->reps += s->reps;
		t->seconds += s->seconds;
		if (s->reps > t->best_reps)
			t->best_reps = s->reps;
		if (s->seconds > t->best_seconds)
			t->best_seconds = s->seconds;
		if (s->loaded && (!t->has_load || s->load > t->max_load)) {
			t->has_load = 1;
			t->max_load = s->load;
		}
		moved = (s->loaded ? s->load : 0) +
		    (w->ex->bodyweight && bw > 0 ? bw : 0);
		if (s->reps > 0 && (s->loaded || (w->ex->bodyweight && bw > 0))) {
			t->has_volume = 1;
			t->volume += s->reps * (moved > 0 ? moved : 0);
		}
	}
}

long long
wk_one_rep_max(long reps, long long kg100)
{
	if (kg100 <= 0 || reps < 1 || reps > RECORD_REPS_MAX)
		return 0;
	if (reps == 1)
		return kg100;
	/* To 0.1 kg: the formula is an estimate. */
	return 10 * div_round(kg100 * (30 + reps), 300);
}

const char *
wk_calories(const struct workout *w, long long kg100, char out[16],
    int *estimated)
{
	long long secs10, num;
	long	 reps = 0, secs = 0;
	size_t	 i;

	if (w->calories != NULL) {
		*estimated = w->estimated > 0;
		return w->calories;
	}
	*estimated = w->estimated != 0;
	if (w->estimated == 0)
		return NULL;	/* an import that says none were known */
	for (i = 0; i < w->nsets; i++) {
		reps += w->sets[i].reps;
		secs += w->sets[i].seconds;
	}
	secs10 = secs > 0 ? 10LL * secs : (long long)reps * w->ex->spr10;
	if (secs10 <= 0)
		return NULL;
	if (kg100 < 0)
		kg100 = 100LL * WEIGHT_DEFAULT_KG;
	/* kcal = MET × kg × s / 3600; in tenths: met10 × kg100 × secs10 / 3.6e6. */
	num = (long long)w->ex->met10 * kg100 * secs10;
	fmt_fixed(out, 16, div_round(num, 3600000), 1);
	return out;
}
