/* test_fcgi.c — unit tests of a response written as FastCGI records (cgi/fcgi.c) */
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
#include <fastcgi.h>

#include "fcgi.h"

#define ID	0x1234

/* What fcgi_respond wrote, read back from the file it wrote to. */
struct out {
	unsigned char	*data;
	size_t		 len;
};

static struct out
respond(const char *head, size_t hlen, const char *body, size_t blen)
{
	const char *part[2] = { head, body };
	const size_t len[2] = { hlen, blen };
	FILE	*f = tmpfile();
	struct out o;
	long	 n;

	assert_non_null(f);
	assert_int_equal(fcgi_respond(fileno(f), ID, part, len), 0);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	o.len = (size_t)n;
	o.data = malloc(o.len + 1);
	assert_non_null(o.data);
	rewind(f);
	assert_int_equal(fread(o.data, 1, o.len, f), o.len);
	fclose(f);
	return o;
}

/*
 * Reads the records of o as nginx would: every stdout record's content,
 * in order, must be want (wlen bytes); each is at most FCGI_RECORD_MAX;
 * then exactly one empty stdout record, then the end of the request
 * (complete, status 0), and nothing after it. Returns the records.
 */
static size_t
check(const struct out *o, const char *want, size_t wlen)
{
	const unsigned char *p = o->data, *end = o->data + o->len;
	const FCGI_Header *h;
	const FCGI_EndRequestBody *b;
	size_t	 got = 0, n, records = 0;

	for (;;) {
		assert_true((size_t)(end - p) >= sizeof(*h));
		h = (const FCGI_Header *)p;
		p += sizeof(*h);
		records++;
		assert_int_equal(h->version, FCGI_VERSION_1);
		assert_int_equal(h->requestIdB1 << 8 | h->requestIdB0, ID);
		assert_int_equal(h->paddingLength, 0);
		n = (size_t)(h->contentLengthB1 << 8 | h->contentLengthB0);
		assert_int_equal(h->type, FCGI_STDOUT);
		if (n == 0)
			break;
		assert_true(n <= FCGI_RECORD_MAX);
		assert_true((size_t)(end - p) >= n && got + n <= wlen);
		assert_memory_equal(p, want + got, n);
		got += n;
		p += n;
	}
	assert_int_equal(got, wlen);
	/* The request's end, and only it. */
	assert_int_equal((size_t)(end - p), sizeof(FCGI_EndRequestRecord));
	h = (const FCGI_Header *)p;
	b = (const FCGI_EndRequestBody *)(p + sizeof(*h));
	assert_int_equal(h->type, FCGI_END_REQUEST);
	assert_int_equal(h->requestIdB1 << 8 | h->requestIdB0, ID);
	assert_int_equal(h->contentLengthB1 << 8 | h->contentLengthB0,
	    sizeof(*b));
	assert_int_equal(b->appStatusB3 | b->appStatusB2 | b->appStatusB1 |
	    b->appStatusB0, 0);
	assert_int_equal(b->protocolStatus, FCGI_REQUEST_COMPLETE);
	return records + 1;
}

/* A response of a head of hlen bytes and a body of blen, checked: its records. */
static size_t
whole(size_t hlen, size_t blen)
{
	char	*both = malloc(hlen + blen + 1);
	struct out o;
	size_t	 i, records;

	assert_non_null(both);
	for (i = 0; i < hlen + blen; i++)
		both[i] = (char)(i * 7 + i / 251);
	o = respond(both, hlen, both + hlen, blen);
	records = check(&o, both, hlen + blen);
	free(o.data);
	free(both);
	return records;
}

static void
test_page(void **state)
{
	(void)state;
	/* A head and a page: a record each, the stream's end, the request's. */
	assert_int_equal(whole(532, 15252), 4);
	/* HEAD: the head alone. */
	assert_int_equal(whole(532, 0), 3);
	/* Nothing at all: only the ends. */
	assert_int_equal(whole(0, 0), 2);
}

/* A part longer than a record is cut into records of the most there can be. */
static void
test_long(void **state)
{
	(void)state;
	assert_int_equal(whole(100, FCGI_RECORD_MAX), 4);
	assert_int_equal(whole(100, FCGI_RECORD_MAX + 1), 5);
	assert_int_equal(whole(FCGI_RECORD_MAX, 3 * FCGI_RECORD_MAX), 6);
}

/*
 * More records than one writev takes: several writes, the ends after the
 * last, also when the records fill the last write exactly.
 */
static void
test_many(void **state)
{
	size_t	 w = FCGI_WRITE_MAX;

	(void)state;
	assert_int_equal(whole(600, (w - 1) * FCGI_RECORD_MAX), w + 2);
	assert_int_equal(whole(600, 2 * w * FCGI_RECORD_MAX - 1), 2 * w + 1 + 2);
	assert_int_equal(whole(600, 3 * w * FCGI_RECORD_MAX + 5), 3 * w + 2 + 2);
}

/* nginx gone (SIGPIPE ignored, as a worker does): the write says so. */
static void
test_gone(void **state)
{
	const char *part[2] = { "Status: 200 OK\r\n\r\n", "hello" };
	const size_t len[2] = { 18, 5 };
	int	 fd[2];

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(fd), 0);
	close(fd[0]);
	assert_int_equal(fcgi_respond(fd[1], ID, part, len), -1);
	close(fd[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_gone),
	};

	return cmocka_run_group_tests_name("fcgi", tests, NULL, NULL);
}
