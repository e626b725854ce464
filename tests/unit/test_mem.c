/* test_mem.c — unit tests of the arena, the buffer and the escapers (cgi/mem.c) */
#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mem.h"

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND	0
#endif


/* Private to mem.c, mirrored here to check that memory stays flat. */
#define ARENA_BLOCK	(64 * 1024)
#define ARENA_SPARE_MAX	4
#define BUF_KEEP	(256 * 1024)

#ifdef __SANITIZE_ADDRESS__
/* Let a huge malloc return NULL, as libc's does, so arena aborts. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

/*
 * struct arena_block starts with "next" then "size" (mem.c); read them
 * with memcpy rather than declare a rival struct.
 */
static struct arena_block *
blk_next(const struct arena_block *b)
{
	struct arena_block *n;

	memcpy(&n, b, sizeof(n));
	return n;
}

static size_t
blk_size(const struct arena_block *b)
{
	size_t	 n;

	memcpy(&n, (const char *)b + sizeof(void *), sizeof(n));
	return n;
}

static size_t
blk_count(const struct arena_block *b)
{
	size_t	 n = 0;

	for (; b != NULL; b = blk_next(b))
		n++;
	return n;
}

static size_t
arena_blocks(const struct arena *a)
{
	return (a->head != NULL) + blk_count(a->full) + blk_count(a->spare);
}

static int
aligned(const void *p)
{
	return (uintptr_t)p % _Alignof(max_align_t) == 0 &&
	    (uintptr_t)p % 16 == 0;
}

/* Arena */

static void
test_arena_align(void **state)
{
	struct arena	 a;
	size_t		 i;
	void		*p;

	(void)state;
	arena_init(&a);
	assert_null(a.head);
	for (i = 0; i < 2000; i++) {
		p = arena_alloc(&a, i % 37);
		assert_non_null(p);
		if (!aligned(p))
			fail_msg("allocation %zu of %zu bytes at %p", i, i % 37,
			    p);
	}
	arena_free(&a);
	assert_null(a.head);
	assert_null(a.full);
	assert_null(a.spare);
}

static void
test_arena_distinct(void **state)
{
	struct arena	 a;
	unsigned char	*p[500];
	size_t		 i, j, n;

	(void)state;
	arena_init(&a);
	for (i = 0; i < 500; i++) {
		n = 1 + (i * 7919) % 1500;
		p[i] = arena_alloc(&a, n);
		memset(p[i], (int)(i & 0xff), n);
	}
	for (i = 0; i < 500; i++) {
		n = 1 + (i * 7919) % 1500;
		for (j = 0; j < n; j++)
			if (p[i][j] != (i & 0xff))
				fail_msg("allocation %zu overwritten at %zu", i,
				    j);
	}
	/* Zero-byte allocations are still distinct pointers. */
	assert_ptr_not_equal(arena_alloc(&a, 0), arena_alloc(&a, 0));
	arena_free(&a);
}

static void
test_arena_zeroed(void **state)
{
	struct arena	 a;
	unsigned char	*p;
	size_t		 i, j;

	(void)state;
	arena_init(&a);
	for (i = 0; i < 3; i++) {
		/* Dirty the blocks, reset, and get the same memory back. */
		for (j = 0; j < 200; j++) {
			p = arena_alloc(&a, 1000);
			memset(p, 0xaa, 1000);
		}
		arena_reset(&a);
		for (j = 0; j < 200; j++) {
			p = arena_alloc(&a, 1000);
			assert_true(p[0] == 0 && p[999] == 0 &&
			    memcmp(p, p + 1, 999) == 0);
			memset(p, 0x55, 1000);
		}
		arena_reset(&a);
	}
	arena_free(&a);
}

static void
test_arena_strings(void **state)
{
	struct arena	 a;
	char		*s, *big;
	size_t		 i;

	(void)state;
	arena_init(&a);
	assert_string_equal(arena_strdup(&a, "hello"), "hello");
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_string_equal(arena_strndup(&a, "hello", 3), "hel");
	assert_string_equal(arena_strndup(&a, "hello", 0), "");
	assert_memory_equal(arena_strndup(&a, "a\0b", 3), "a\0b", 4);
	s = arena_strdup(&a, "x");
	assert_true(aligned(s));
	assert_string_equal(arena_printf(&a, "%d-%s-%c", 42, "x", 'y'),
	    "42-x-y");
	assert_string_equal(arena_printf(&a, "%s", ""), "");
	/* Around the 256 bytes formatted on the stack first. */
	for (i = 250; i <= 260; i++) {
		s = arena_printf(&a, "%0*d|", (int)i - 1, 7);
		assert_int_equal(strlen(s), i);
		assert_true(s[i - 2] == '7' && s[i - 1] == '|' && s[0] == '0');
	}

	/* Longer than a block. */
	big = arena_alloc(&a, 100001);
	memset(big, 'b', 100000);
	s = arena_printf(&a, "<%s>", big);
	assert_int_equal(strlen(s), 100002);
	assert_true(s[0] == '<' && s[100001] == '>');
	for (i = 1; i <= 100000; i++)
		if (s[i] != 'b')
			fail_msg("byte %zu", i);
	s = arena_strdup(&a, big);
	assert_int_equal(strlen(s), 100000);
	arena_free(&a);
}

static void
test_arena_cat(void **state)
{
	struct arena	 a;
	char		*s, *big;
	size_t		 i;

	(void)state;
	arena_init(&a);
	assert_string_equal(arena_cat(&a, (char *)NULL), "");
	assert_string_equal(arena_cat(&a, "", "", (char *)NULL), "");
	assert_string_equal(arena_cat(&a, "Week of ", "Mon 1 Dec", ": ",
	    "3 reps", (char *)NULL), "Week of Mon 1 Dec: 3 reps");
	s = arena_cat(&a, "x", (char *)NULL);
	assert_true(aligned(s));
	/* Longer than a block, between two short ones. */
	big = arena_alloc(&a, 100001);
	memset(big, 'b', 100000);
	s = arena_cat(&a, "<", big, ">", (char *)NULL);
	assert_int_equal(strlen(s), 100002);
	assert_true(s[0] == '<' && s[100001] == '>');
	for (i = 1; i <= 100000; i++)
		if (s[i] != 'b')
			fail_msg("byte %zu", i);
	/* Nothing written past its end: the next string starts clean. */
	s = arena_cat(&a, "ab", "cd", (char *)NULL);
	assert_string_equal(arena_strdup(&a, "zz"), "zz");
	assert_string_equal(s, "abcd");
	arena_free(&a);
}

static void
test_arena_big(void **state)
{
	struct arena	 a;
	unsigned char	*p, *q;
	size_t		 i, n = 3 * ARENA_BLOCK + 5;

	(void)state;
	arena_init(&a);
	q = arena_alloc(&a, 10);
	p = arena_alloc(&a, n);
	assert_true(aligned(p));
	for (i = 0; i < n; i++)
		if (p[i] != 0)
			fail_msg("byte %zu not zeroed", i);
	memset(p, 0xee, n);
	memset(q, 0x11, 10);
	assert_true(aligned(arena_alloc(&a, 1)));
	assert_true(p[n - 1] == 0xee && q[9] == 0x11);
	/* The big block is given back on reset; only default ones stay. */
	arena_reset(&a);
	assert_null(a.head);
	assert_null(a.full);
	assert_true(blk_count(a.spare) <= ARENA_SPARE_MAX);
	for (const struct arena_block *b = a.spare; b != NULL; b = blk_next(b))
		assert_int_equal(blk_size(b), ARENA_BLOCK);
	arena_free(&a);
}

/* One request's worth of allocations, some over a block. */
static void
pattern(struct arena *a, size_t i)
{
	size_t	 j;
	char	*p;

	for (j = 0; j < 300; j++) {
		p = arena_alloc(a, 700);
		p[699] = 'x';
	}
	p = arena_alloc(a, 100 * 1024);
	p[0] = 'y';
	(void)arena_strdup(a, "a string");
	(void)arena_printf(a, "request %zu", i);
	p = arena_alloc(a, 2 * ARENA_BLOCK + (i % 3) * 1000);
	p[1] = 'z';
	for (j = 0; j < 50; j++)
		(void)arena_alloc(a, 64);
}

static void
test_arena_flat(void **state)
{
	struct arena	 a;
	size_t		 i, peak = 0, n;
	const struct arena_block *b;

	(void)state;
	arena_init(&a);
	for (i = 0; i < 1000; i++) {
		pattern(&a, i);
		n = arena_blocks(&a);
		if (i == 0)
			peak = n;
		else if (n != peak)
			fail_msg("request %zu used %zu blocks, the first %zu",
			    i, n, peak);
		arena_reset(&a);
		assert_null(a.head);
		assert_null(a.full);
		n = blk_count(a.spare);
		if (n == 0 || n > ARENA_SPARE_MAX)
			fail_msg("%zu spare blocks after reset %zu", n, i);
		for (b = a.spare; b != NULL; b = blk_next(b))
			assert_int_equal(blk_size(b), ARENA_BLOCK);
	}
	assert_true(peak <= 10);
	arena_free(&a);
	assert_null(a.spare);
}

/* Runs arena_alloc(n) in a child: it must die of abort(), not a crash. */
static void
alloc_aborts(size_t n)
{
	struct arena	 a;
	pid_t		 pid;
	int		 st, fd;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		/* No "out of memory" noise. */
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			dup2(fd, 2);
		arena_init(&a);
		(void)arena_alloc(&a, 1);
		(void)arena_alloc(&a, n);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGABRT)
		fail_msg("arena_alloc(SIZE_MAX - %zu): %s %d, not SIGABRT",
		    SIZE_MAX - n, WIFSIGNALED(st) ? "signal" : "exit",
		    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
}

static void
test_arena_huge(void **state)
{
	(void)state;
	alloc_aborts(SIZE_MAX);
	alloc_aborts(SIZE_MAX - 8);
	/* A real huge malloc: valgrind calls its size "fishy" (noise). */
	if (!RUNNING_ON_VALGRIND)
		alloc_aborts(SIZE_MAX / 2);
	/*
	 * Rounded up to SIZE_MAX - 31, plus the block header, this wraps to
	 * 0 in block_new() unless the overflow check counts the header.
	 */
	alloc_aborts(SIZE_MAX - 40);
}

/* Buffer */

static void
assert_buf(const struct buf *b, const char *want, size_t n)
{
	assert_int_equal(b->len, n);
	assert_true(b->cap >= b->len + 1);
	assert_memory_equal(b->data, want, n);
	assert_int_equal(b->data[n], '\0');
}

static void
test_buf_basic(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	buf_add(&b, "", 0);
	assert_buf(&b, "", 0);
	buf_add(&b, NULL, 0);
	assert_buf(&b, "", 0);
	buf_add(&b, "abc", 2);
	buf_puts(&b, "cd");
	buf_putc(&b, 'e');
	buf_putc(&b, '\0');
	buf_printf(&b, "%d%s", 12, "x");
	assert_buf(&b, "abcde\0" "12x", 9);
	buf_printf(&b, "%s", "");
	assert_buf(&b, "abcde\0" "12x", 9);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.cap, 0);
	buf_free(&b);

	buf_init(&b);
	buf_printf(&b, "%s", "first");
	assert_buf(&b, "first", 5);
	buf_free(&b);
}

static void
test_buf_growth(void **state)
{
	struct buf	 b;
	char		 chunk[3001];
	size_t		 i, total = 0, j;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 200; i++) {
		memset(chunk, 'a' + (int)(i % 26), sizeof(chunk) - 1);
		buf_add(&b, chunk, i * 13 % 3000);
		total += i * 13 % 3000;
		assert_int_equal(b.len, total);
		assert_true(b.cap > b.len);
		assert_int_equal(b.data[b.len], '\0');
	}
	for (i = 0, total = 0; i < 200; i++) {
		for (j = 0; j < i * 13 % 3000; j++)
			if (b.data[total + j] != 'a' + (int)(i % 26))
				fail_msg("chunk %zu byte %zu", i, j);
		total += i * 13 % 3000;
	}
	buf_reset(&b);

	/* printf that outgrows the buffer in one go */
	memset(chunk, 'q', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\0';
	buf_puts(&b, "<");
	for (i = 0; i < 10; i++)
		buf_printf(&b, "%s|%zu", chunk, i);
	buf_puts(&b, ">");
	assert_int_equal(b.len, 2 + 10 * 3002);
	assert_int_equal(b.data[0], '<');
	assert_memory_equal(b.data + 1 + 3000, "|0q", 3);
	assert_memory_equal(b.data + b.len - 3, "|9>", 3);
	assert_int_equal(strlen(b.data), b.len);
	buf_free(&b);
}

static void
test_buf_reset(void **state)
{
	struct buf	 b;
	char		*big;
	size_t		 cap;

	(void)state;
	buf_init(&b);
	buf_reset(&b);
	assert_null(b.data);

	buf_puts(&b, "hello");
	cap = b.cap;
	buf_reset(&b);
	assert_buf(&b, "", 0);
	assert_int_equal(b.cap, cap);

	/* Up to BUF_KEEP the memory is kept for the next request. */
	big = calloc(1, BUF_KEEP + 2);
	assert_non_null(big);
	memset(big, 'x', BUF_KEEP + 1);
	buf_add(&b, big, BUF_KEEP - 1);
	assert_int_equal(b.cap, BUF_KEEP);
	buf_reset(&b);
	assert_buf(&b, "", 0);
	assert_int_equal(b.cap, BUF_KEEP);

	/* A larger one is given back. */
	buf_add(&b, big, BUF_KEEP);
	assert_true(b.cap > BUF_KEEP);
	buf_reset(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_puts(&b, "again");
	assert_buf(&b, "again", 5);
	assert_true(b.cap <= BUF_KEEP);
	free(big);
	buf_free(&b);
}

/* Escapers */

static void
test_buf_html(void **state)
{
	struct buf	 b;
	char		 c[2] = { 0, 0 };
	int		 i;

	(void)state;
	buf_init(&b);
	buf_html(&b, "a&b<c>d\"e'f", 11);
	assert_string_equal(b.data, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_reset(&b);
	buf_html(&b, "<<&&''", 6);
	assert_string_equal(b.data, "&lt;&lt;&amp;&amp;&#39;&#39;");
	buf_reset(&b);
	buf_html(&b, "&amp;", 5);
	assert_string_equal(b.data, "&amp;amp;");
	buf_reset(&b);
	buf_html(&b, "", 0);
	assert_buf(&b, "", 0);
	buf_html(&b, "<b>", 2);
	assert_string_equal(b.data, "&lt;b");
	buf_reset(&b);

	/* UTF-8 and everything but the five are left alone. */
	buf_html(&b, "J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x92\xaa", 15);
	assert_string_equal(b.data, "J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x92\xaa");
	for (i = 1; i < 256; i++) {
		if (strchr("&<>\"'", i) != NULL)
			continue;
		buf_reset(&b);
		c[0] = (char)i;
		buf_html(&b, c, 1);
		if (b.len != 1 || b.data[0] != c[0])
			fail_msg("byte 0x%02x changed", i);
	}
	buf_reset(&b);
	buf_html(&b, "a\0<", 3);
	assert_buf(&b, "a\0&lt;", 6);
	buf_free(&b);
}

static void
test_buf_url(void **state)
{
	struct buf	 b;
	char		 c, want[4];
	int		 i;

	(void)state;
	buf_init(&b);
	buf_url(&b, "a b/\xc3\xa9~-._?&=+%#", 16);
	assert_string_equal(b.data,
	    "a%20b%2F%C3%A9~-._%3F%26%3D%2B%25%23");
	for (i = 0; i < 256; i++) {
		buf_reset(&b);
		c = (char)i;
		buf_url(&b, &c, 1);
		if ((i >= 'A' && i <= 'Z') || (i >= 'a' && i <= 'z') ||
		    (i >= '0' && i <= '9') || (i != 0 && strchr("-._~", i))) {
			if (b.len != 1 || b.data[0] != c)
				fail_msg("byte 0x%02x escaped", i);
			continue;
		}
		snprintf(want, sizeof(want), "%%%02X", i);
		if (strcmp(b.data, want) != 0)
			fail_msg("byte 0x%02x: \"%s\"", i, b.data);
	}
	/* Runs of kept characters between, before and after escaped ones. */
	buf_reset(&b);
	buf_url(&b, "%%ab\0cd e", 9);
	assert_buf(&b, "%25%25ab%00cd%20e", 17);
	buf_reset(&b);
	buf_url(&b, "", 0);
	assert_buf(&b, "", 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_align),
		cmocka_unit_test(test_arena_distinct),
		cmocka_unit_test(test_arena_cat),
		cmocka_unit_test(test_arena_zeroed),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_big),
		cmocka_unit_test(test_arena_flat),
		cmocka_unit_test(test_arena_huge),
		cmocka_unit_test(test_buf_basic),
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_buf_reset),
		cmocka_unit_test(test_buf_html),
		cmocka_unit_test(test_buf_url),
	};

	return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
