/* fuzz_request.c — libFuzzer target: a whole request (params, then a body) through http_parse */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http.h"
#include "limits.h"
#include "mem.h"
#include "utf8.h"

#include "fuzz.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_PARAMS	24

/*
 * Input: "NAME=value" params one a line, an empty line, then the body:
 *
 *	REQUEST_METHOD=POST
 *	REQUEST_URI=/log?x=1
 *	CONTENT_TYPE=application/x-www-form-urlencoded
 *
 *	reps=10&note=hi
 */

static int
no_controls(const char *s, size_t n, int tab_ok)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && !(tab_ok && s[i] == '\t')) ||
		    s[i] == 0x7f)
			return 0;
	return 1;
}

static void
check_header(const char *v)
{
	size_t	 n;

	if (v == NULL)
		return;
	n = strlen(v);
	CHECK(n <= REQ_MAX_HEADER);
	CHECK(utf8_valid(v, n) && no_controls(v, n, 1));	/* TAB is allowed */
}

static void
check_list(const struct kvlist *l, size_t max)
{
	size_t	 i, kl;

	CHECK(l->n <= max);
	CHECK(l->n == 0 || l->v != NULL);
	for (i = 0; i < l->n; i++) {
		CHECK(l->v[i].key != NULL && l->v[i].val != NULL);
		kl = strlen(l->v[i].key);
		CHECK(kl >= 1 && kl <= REQ_MAX_KEY_LEN);
		CHECK(utf8_valid(l->v[i].key, kl));
		CHECK(strlen(l->v[i].val) == l->v[i].vlen);
		CHECK(l->v[i].vlen <= REQ_MAX_FIELD_LEN);
		CHECK(utf8_valid(l->v[i].val, l->v[i].vlen));
	}
}

static void
check_rid(const char *rid)
{
	size_t	 i;

	for (i = 0; i < 32; i++)
		CHECK((rid[i] >= '0' && rid[i] <= '9') ||
		    (rid[i] >= 'a' && rid[i] <= 'f') ||
		    (rid[i] >= 'A' && rid[i] <= 'F'));
	CHECK(rid[32] == '\0');
}

/* The head has CRLF lines only and ends at its one blank line. */
static void
check_head(const struct buf *b)
{
	size_t	 i;

	CHECK(b->len >= 4);
	for (i = 0; i < b->len; i++) {
		if (b->data[i] == '\n')
			CHECK(i > 0 && b->data[i - 1] == '\r');
		if (b->data[i] == '\r')
			CHECK(b->data[i + 1] == '\n');
	}
	CHECK(strstr(b->data, "\r\n\r\n") == b->data + b->len - 4);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*envp[MAX_PARAMS + 1];
	const char	*p = (const char *)data, *end = p + size, *nl;
	const char	*body;
	char		*params;
	struct arena	 a;
	struct req	 r;
	struct buf	 hdr, out, head;
	size_t		 n = 0, bodylen, i;
	int		 rc;

	/* Params are copied out as strings; the body stays in place. */
	if ((params = malloc(size + 1)) == NULL)
		abort();
	memcpy(params, data, size);
	params[size] = '\0';
	while (p < end && *p != '\n') {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		params[nl - (const char *)data] = '\0';
		if (n < MAX_PARAMS)
			envp[n++] = params + (p - (const char *)data);
		p = nl < end ? nl + 1 : end;
	}
	envp[n] = NULL;
	body = p < end ? p + 1 : end;
	bodylen = (size_t)(end - body);

	arena_init(&a);
	buf_init(&hdr);
	buf_init(&out);
	buf_init(&head);
	memset(&r, 0, sizeof(r));
	r.hdr = &hdr;
	r.out = &out;
	rc = http_parse(&r, &a, envp, body, bodylen);
	CHECK(rc == 0 || rc == 400 || rc == 413);
	CHECK(r.arena == &a);
	check_rid(r.rid);
	CHECK(r.method_name != NULL);
	CHECK(r.method >= HTTP_GET && r.method < HTTP__MAX);

	if (rc == 0) {
		CHECK(r.path != NULL && r.path[0] == '/');
		n = strlen(r.path);
		CHECK(n <= REQ_MAX_PATH);
		CHECK(utf8_valid(r.path, n) && no_controls(r.path, n, 0));
		check_list(&r.query, REQ_MAX_FIELDS);
		check_list(&r.form, REQ_MAX_FIELDS);
		check_list(&r.cookies, REQ_MAX_COOKIES);
		CHECK(r.form.n == 0 || r.method == HTTP_POST);
		CHECK(bodylen <= REQ_MAX_BODY);
		check_header(r.remote_addr);
		check_header(r.user_agent);
		check_header(r.origin);
		check_header(r.sec_fetch_site);
		check_header(r.content_type);
		check_header(r.host);

		/* Values that may hold CR or LF cannot split the head. */
		for (i = 0; i < r.query.n; i++)
			http_header(&r, "X-Q", "%s", r.query.v[i].val);
		for (i = 0; i < r.form.n; i++)
			http_redirect(&r, r.form.v[i].val);
	}
	r.status = rc ? rc : r.status;
	r.ctype = "text/html; charset=utf-8";
	http_head(&r, &head, out.len);
	check_head(&head);

	buf_free(&head);
	buf_free(&out);
	buf_free(&hdr);
	arena_free(&a);
	free(params);
	return 0;
}
