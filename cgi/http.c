/* http.c — request parsing, limits, response head, redirects, the access log */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "fmt.h"
#include "http.h"
#include "limits.h"
#include "utf8.h"

const char *
http_param(const char *const *envp, const char *name)
{
	size_t	 n = strlen(name);

	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
http_pct_decode(struct arena *a, const char *s, size_t len, int plus_space,
    size_t *outlen)
{
	char	*d = arena_alloc(a, len + 1);
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return NULL;
			d[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_space)
			d[o++] = ' ';
		else
			d[o++] = s[i];
		if (d[o - 1] == '\0')
			return NULL;
	}
	d[o] = '\0';
	if (!utf8_valid(d, o))
		return NULL;
	if (outlen != NULL)
		*outlen = o;
	return d;
}

static void
kv_push(struct arena *a, struct kvlist *l, size_t cap, const char *k,
    const char *v, size_t vlen)
{
	if (l->v == NULL)
		l->v = arena_alloc(a, cap * sizeof(*l->v));
	l->v[l->n].key = k;
	l->v[l->n].val = v;
	l->v[l->n].vlen = vlen;
	l->n++;
}

/* Decodes one "key=value" pair of a form into l. */
static int
form_pair(struct arena *a, const char *p, size_t len, struct kvlist *l)
{
	const char *eq = memchr(p, '=', len);
	size_t	 klen = eq ? (size_t)(eq - p) : len;
	size_t	 vraw = eq ? len - klen - 1 : 0, vlen;
	char	*k, *v;

	if ((k = http_pct_decode(a, p, klen, 1, &klen)) == NULL)
		return 400;
	if ((v = http_pct_decode(a, eq ? eq + 1 : "", vraw, 1, &vlen)) == NULL)
		return 400;
	if (klen == 0 && vlen == 0)
		return 0;	/* "a=1&&b=2": an empty pair is no field */
	if (klen == 0)
		return 400;
	if (klen > REQ_MAX_KEY_LEN || vlen > REQ_MAX_FIELD_LEN)
		return 413;
	if (l->n >= REQ_MAX_FIELDS)
		return 413;
	kv_push(a, l, REQ_MAX_FIELDS, k, v, vlen);
	return 0;
}

int
http_form_parse(struct arena *a, const char *s, size_t len, struct kvlist *l)
{
	const char *end = s + len, *amp;
	int	 rc;

	l->v = NULL;
	l->n = 0;
	while (s < end) {
		if ((amp = memchr(s, '&', (size_t)(end - s))) == NULL)
			amp = end;
		/* Reject an oversized raw field before decoding it. */
		if ((size_t)(amp - s) > 3 * (REQ_MAX_KEY_LEN + REQ_MAX_FIELD_LEN) + 1)
			return 413;
		if ((rc = form_pair(a, s, (size_t)(amp - s), l)) != 0)
			return rc;
		s = amp + 1;
	}
	return 0;
}

static int
cookie_name_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > REQ_MAX_KEY_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f ||
		    strchr("()<>@,;:\\\"/[]?={}", s[i]) != NULL)
			return 0;
	return 1;
}

static int
cookie_value_ok(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e || s[i] == '"' ||
		    s[i] == ',' || s[i] == ';' || s[i] == '\\')
			return 0;
	return 1;
}

int
http_cookie_parse(struct arena *a, const char *s, struct kvlist *l)
{
	const char *p, *semi, *eq, *v;
	size_t	 klen, vlen;

	l->v = NULL;
	l->n = 0;
	if (s == NULL)
		return 0;
	if (strlen(s) > REQ_MAX_COOKIE_HEADER)
		return 400;
	for (p = s; *p != '\0'; p = *semi ? semi + 1 : semi) {
		while (*p == ' ' || *p == '\t')
			p++;
		semi = strchr(p, ';');
		if (semi == NULL)
			semi = p + strlen(p);
		eq = memchr(p, '=', (size_t)(semi - p));
		if (eq == NULL)
			continue;
		klen = (size_t)(eq - p);
		v = eq + 1;
		vlen = (size_t)(semi - v);
		while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		if (!cookie_name_ok(p, klen) || !cookie_value_ok(v, vlen))
			continue;	/* someone else's odd cookie: ignore */
		if (l->n >= REQ_MAX_COOKIES)
			break;
		kv_push(a, l, REQ_MAX_COOKIES, arena_strndup(a, p, klen),
		    arena_strndup(a, v, vlen), vlen);
	}
	return 0;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

static enum http_method
method_of(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return HTTP_GET;
	if (strcmp(m, "HEAD") == 0)
		return HTTP_HEAD;
	if (strcmp(m, "POST") == 0)
		return HTTP_POST;
	return HTTP_OTHER;
}

static int
method_name_ok(const char *m)
{
	size_t	 i;

	if (m == NULL || *m == '\0' || strlen(m) > 16)
		return 0;
	for (i = 0; m[i] != '\0'; i++)
		if (m[i] < 'A' || m[i] > 'Z')
			return 0;
	return 1;
}

/* A header we keep: bounded, valid UTF-8, no control characters. */
static const char *
header(const char *const *envp, const char *name, int *bad)
{
	const char *v = http_param(envp, name);
	size_t	 i, n;

	if (v == NULL)
		return NULL;
	n = strlen(v);
	if (n > REQ_MAX_HEADER || !utf8_valid(v, n))
		goto bad;
	for (i = 0; i < n; i++)
		if (((unsigned char)v[i] < 0x20 && v[i] != '\t') || v[i] == 0x7f)
			goto bad;
	return v;
bad:
	*bad = 1;
	return NULL;
}

static int
path_parse(struct req *r, const char *uri, const char **query)
{
	const char *q = strchr(uri, '?');
	size_t	 len = q ? (size_t)(q - uri) : strlen(uri), n;
	char	*p;

	*query = q ? q + 1 : "";
	if (len == 0 || uri[0] != '/')
		return 400;
	if (len > 3 * REQ_MAX_PATH)
		return 400;
	if ((p = http_pct_decode(r->arena, uri, len, 0, &n)) == NULL ||
	    n > REQ_MAX_PATH)
		return 400;
	if (utf8_has_controls(p, n, NULL))
		return 400;
	r->path = p;
	return 0;
}

static void
request_id(struct req *r, const char *given)
{
	size_t	 i;
	unsigned char raw[16];

	if (given != NULL && strlen(given) == 32) {
		for (i = 0; i < 32 && hexval(given[i]) >= 0; i++)
			;
		if (i == 32) {
			memcpy(r->rid, given, 33);
			return;
		}
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(r->rid, sizeof(r->rid), raw, sizeof(raw));
}

/* Every Cookie header as one: a browser may send more than one. */
static const char *
cookie_header(struct arena *a, const char *const *envp)
{
	const char *all = NULL;

	for (; envp != NULL && *envp != NULL; envp++) {
		if (strncmp(*envp, "HTTP_COOKIE=", 12) != 0)
			continue;
		all = all == NULL ? *envp + 12 :
		    arena_printf(a, "%s; %s", all, *envp + 12);
	}
	return all;
}

/* The parts of a multipart body; those that are not files also as fields. */
static int
multipart_form(struct req *r, const char *body, size_t len)
{
	struct mpart_list *l = arena_alloc(r->arena, sizeof(*l));
	size_t	 i;
	int	 rc;

	if ((rc = mp_parse(r->arena, r->content_type, body, len, l)) != 0)
		return rc;
	r->parts = l;
	for (i = 0; i < l->n; i++)
		if (l->v[i].filename == NULL)
			kv_push(r->arena, &r->form, MP_MAX_PARTS, l->v[i].name,
			    l->v[i].data, l->v[i].len);
	return 0;
}

int
http_body(struct req *r, const char *body, size_t len, size_t max)
{
	const char *ct = r->content_type;

	if (len > max)
		return 413;
	r->body = body;
	r->bodylen = len;
	if (r->method != HTTP_POST || ct == NULL)
		return 0;
	if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
	    (ct[33] == '\0' || ct[33] == ';' || ct[33] == ' ')) {
		if (len > REQ_MAX_BODY)
			return 413;
		return http_form_parse(r->arena, body, len, &r->form);
	}
	if (strncasecmp(ct, "multipart/form-data", 19) == 0)
		return multipart_form(r, body, len);
	return 0;
}

int
http_parse(struct req *r, struct arena *a, const char *const *envp,
    const char *body, size_t bodylen)
{
	const char *m, *uri, *query;
	int	 rc, bad = 0, ua_bad = 0;

	r->arena = a;
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	r->path = NULL;
	request_id(r, http_param(envp, "REQUEST_ID"));
	m = http_param(envp, "REQUEST_METHOD");
	r->method_name = method_name_ok(m) ? m : "-";
	r->method = m ? method_of(m) : HTTP_OTHER;
	r->https = (m = http_param(envp, "HTTPS")) != NULL && strcmp(m, "on") == 0;
	r->remote_addr = header(envp, "REMOTE_ADDR", &bad);
	/* Only shown in the session list: an odd one is dropped, not refused. */
	r->user_agent = header(envp, "HTTP_USER_AGENT", &ua_bad);
	/* Only a hint for a first guess of the time zone: the same. */
	r->accept_language = header(envp, "HTTP_ACCEPT_LANGUAGE", &ua_bad);
	r->origin = header(envp, "HTTP_ORIGIN", &bad);
	r->sec_fetch_site = header(envp, "HTTP_SEC_FETCH_SITE", &bad);
	r->content_type = header(envp, "CONTENT_TYPE", &bad);
	r->host = header(envp, "EXBUDDY_HOST", &bad);
	if (r->host == NULL)
		r->host = header(envp, "HTTP_HOST", &bad);
	if ((uri = http_param(envp, "REQUEST_URI")) == NULL)
		return 400;
	if ((rc = path_parse(r, uri, &query)) != 0)
		return rc;
	if (bad)
		return 400;
	if (strlen(query) > REQ_MAX_QUERY)
		return 400;
	r->query_raw = query;
	if ((rc = http_form_parse(a, query, strlen(query), &r->query)) != 0)
		return rc == 413 ? 400 : rc;
	if ((rc = http_cookie_parse(a, cookie_header(a, envp),
	    &r->cookies)) != 0)
		return rc;
	/* NULL: the server reads the body once it knows the route's limit. */
	return body == NULL ? 0 : http_body(r, body, bodylen, REQ_MAX_BODY);
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* The headers every response carries, error pages included. */
static void
security_headers(const struct req *r, struct buf *b)
{
	buf_puts(b,
	    "Content-Security-Policy: default-src 'none'; style-src 'self'; "
	    "img-src 'self' data:; form-action 'self'; base-uri 'none'; "
	    "frame-ancestors 'none'\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Cross-Origin-Opener-Policy: same-origin\r\n"
	    "Cross-Origin-Resource-Policy: same-origin\r\n"
	    "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n");
	buf_puts(b, r->back_cache && r->status == 200 ?
	    "Cache-Control: private, no-cache\r\n" :
	    "Cache-Control: no-store\r\n");
	if (r->https)
		buf_puts(b, "Strict-Transport-Security: max-age=31536000; "
		    "includeSubDomains\r\n");
}

void
http_head(const struct req *r, struct buf *b, size_t bodylen)
{
	buf_printf(b, "Status: %d %s\r\n", r->status,
	    http_status_text(r->status));
	buf_printf(b, "Content-Type: %s\r\n", r->ctype);
	if (bodylen != HTTP_LEN_UNKNOWN)
		buf_printf(b, "Content-Length: %zu\r\n", bodylen);
	security_headers(r, b);
	buf_printf(b, "X-Request-Id: %s\r\n", r->rid);
	if (r->hdr != NULL && r->hdr->len > 0)
		buf_add(b, r->hdr->data, r->hdr->len);
	buf_puts(b, "\r\n");
}

int
http_stream_start(struct req *r)
{
	struct buf head;
	int	 rc;

	if (r->write == NULL)
		return -1;
	buf_init(&head);
	http_head(r, &head, HTTP_LEN_UNKNOWN);
	rc = r->write(r->write_arg, head.data, head.len);
	buf_free(&head);
	r->streamed = 1;
	return rc;
}

int
http_stream(struct req *r, const char *s, size_t n)
{
	if (r->method == HTTP_HEAD || n == 0)
		return 0;
	return r->write(r->write_arg, s, n);
}

void
http_header(struct req *r, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	*v;
	size_t	 i;

	va_start(ap, fmt);
	v = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	for (i = 0; v[i] != '\0'; i++)	/* no header splitting, ever */
		if (v[i] == '\r' || v[i] == '\n')
			v[i] = ' ';
	buf_printf(r->hdr, "%s: %s\r\n", name, v);
}

void
http_redirect(struct req *r, const char *location)
{
	r->status = 303;
	r->ctype = "text/plain; charset=utf-8";
	http_header(r, "Location", "%s", location);
	buf_reset(r->out);
	buf_printf(r->out, "See %s\n", location);
}

int
http_log_problem(int status, double ms)
{
	return status >= 500 || ms >= LOG_SLOW_MS;
}

void
http_log(const struct req *r, int pid, double ms, unsigned long trips)
{
	char	 path[201], p_s[FMT_INT_LEN], st[FMT_INT_LEN], t[FMT_INT_LEN];
	char	 m[FMT_1F_LEN], line[512];
	const char *p = r->path ? r->path : "-";
	const char *meth = r->method_name ? r->method_name : "-";
	size_t	 i, n;
	ssize_t	 w;

	for (i = 0; i < sizeof(path) - 1 && p[i] != '\0'; i++)
		path[i] = ((unsigned char)p[i] < 0x20 || p[i] == 0x7f ||
		    p[i] == ' ') ? '?' : p[i];
	path[i] = '\0';
	fmt_int(p_s, pid);
	fmt_int(st, r->status);
	fmt_int(t, (long long)trips);
	fmt_1f(m, ms);
	/* One write, as fprintf to the unbuffered stderr made it. */
	n = fmt_cat(line, sizeof(line) - 1, "exbuddy[", p_s, "]: ",
	    meth, " ", path, " ", st, " ", m, "ms db=", t, " rid=",
	    r->rid, (char *)NULL);
	line[n++] = '\n';
	w = write(STDERR_FILENO, line, n);
	(void)w;	/* a log that cannot be written is not the request's */
}
