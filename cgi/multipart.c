/* multipart.c — multipart/form-data bodies (RFC 7578, RFC 2046), for uploads */
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "mem.h"
#include "multipart.h"
#include "utf8.h"

#define MP_BOUNDARY_MAX	70	/* RFC 2046's, not a tunable limit */

/* RFC 9110 tchar. */
static int
tchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("\"(),/:;<=>?@[\\]{}", c) == NULL;
}

/* RFC 2046 bchars (a space is allowed but not last). */
static int
bchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c != '\0' && strchr("'()+_,-./:=? ", c));
}

static const char *
skip_ows(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *
skip_token(const char *p, const char *e)
{
	while (p < e && tchar((unsigned char)*p))
		p++;
	return p;
}

/*
 * A token or quoted-string at *pp, copied into the arena with its quotes
 * and escapes removed. Only \" and \\ are escapes: a browser on Windows
 * may send filename="C:\dir\x.csv" unescaped. Returns 0 or -1.
 */
static int
param_value(struct arena *a, const char **pp, const char *e, char **v,
    size_t *vlen)
{
	const char	*p = *pp, *t;
	size_t		 n = 0;

	if (p < e && *p == '"') {
		*v = arena_alloc(a, (size_t)(e - p));
		for (p++; p < e && *p != '"'; p++) {
			if (*p == '\\' && e - p > 1 &&
			    (p[1] == '"' || p[1] == '\\'))
				p++;
			(*v)[n++] = *p;
		}
		if (p == e)
			return -1;
		*pp = p + 1;
	} else {
		if ((t = skip_token(p, e)) == p)
			return -1;
		n = (size_t)(t - p);
		*v = arena_strndup(a, p, n);
		*pp = t;
	}
	*vlen = n;
	return 0;
}

/*
 * The next `; name=value` parameter of a header value at *pp. Returns 1
 * with *name (nlen bytes, not NUL-terminated) and *v, 0 at the end of the
 * value, -1 when malformed.
 */
static int
next_param(struct arena *a, const char **pp, const char *e, const char **name,
    size_t *nlen, char **v, size_t *vlen)
{
	const char	*p = skip_ows(*pp, e), *t;

	if (p == e)
		return 0;
	if (*p != ';')
		return -1;
	if ((p = skip_ows(p + 1, e)) == e)
		return 0;		/* a trailing ';' */
	if ((t = skip_token(p, e)) == p || t == e || *t != '=')
		return -1;
	*name = p;
	*nlen = (size_t)(t - p);
	p = t + 1;
	if (param_value(a, &p, e, v, vlen) != 0)
		return -1;
	*pp = p;
	return 1;
}

static int
is_name(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && strncasecmp(p, want, n) == 0;
}

/*
 * The delimiter "\r\n--boundary" from a multipart/form-data Content-Type
 * into *delim (dlen bytes). Returns 0 or 400.
 */
static int
ct_delim(struct arena *a, const char *ct, char **delim, size_t *dlen)
{
	const char	*p, *e, *name;
	char		*v, *bd = NULL;
	size_t		 nlen, vlen, blen = 0, i;
	int		 rc;

	if (ct == NULL)
		return 400;
	e = ct + strlen(ct);
	p = skip_ows(ct, e);
	if (!is_name(p, (size_t)(e - p < 19 ? e - p : 19),
	    "multipart/form-data"))
		return 400;
	p += 19;
	while ((rc = next_param(a, &p, e, &name, &nlen, &v, &vlen)) == 1) {
		if (!is_name(name, nlen, "boundary"))
			continue;
		if (bd != NULL)
			return 400;	/* twice: ambiguous */
		bd = v;
		blen = vlen;
	}
	if (rc < 0 || bd == NULL || blen < 1 || blen > MP_BOUNDARY_MAX ||
	    bd[blen - 1] == ' ')
		return 400;
	for (i = 0; i < blen; i++)
		if (!bchar((unsigned char)bd[i]))
			return 400;
	*dlen = blen + 4;
	*delim = arena_alloc(a, *dlen + 1);
	memcpy(*delim, "\r\n--", 4);
	memcpy(*delim + 4, bd, blen);
	return 0;
}

/* The Content-Disposition value p[0..e) into m. Returns 0, 400 or 413. */
static int
disposition(struct arena *a, const char *p, const char *e, struct mpart *m)
{
	const char	*name, *t;
	char		*v;
	size_t		 nlen, vlen;
	int		 rc;

	t = skip_token(p, e);
	if (!is_name(p, (size_t)(t - p), "form-data"))
		return 400;
	p = t;
	while ((rc = next_param(a, &p, e, &name, &nlen, &v, &vlen)) == 1) {
		if (!utf8_valid(v, vlen) || utf8_has_controls(v, vlen, NULL))
			return 400;
		if (is_name(name, nlen, "name")) {
			if (m->name != NULL || vlen == 0)
				return 400;
			if (vlen > REQ_MAX_KEY_LEN)
				return 413;	/* as a urlencoded form's */
			m->name = v;
		} else if (is_name(name, nlen, "filename")) {
			if (m->filename != NULL)
				return 400;
			/* Only the last path component, after / or \. */
			for (t = v + vlen; t > v && t[-1] != '/' &&
			    t[-1] != '\\'; t--)
				;
			m->filename = t;
		}
	}
	return rc < 0 || m->name == NULL ? 400 : 0;
}

/* One header line p[0..e) of a part into m. Returns 0, 400 or 413. */
static int
header_line(struct arena *a, const char *p, const char *e, struct mpart *m,
    int *seen_cd)
{
	const char	*t, *v, *ve;
	size_t		 i;

	for (i = 0; i < (size_t)(e - p); i++)
		if (((unsigned char)p[i] < 0x20 && p[i] != '\t') ||
		    p[i] == 0x7f)
			return 400;	/* a lone CR or LF too */
	if ((t = skip_token(p, e)) == p || t == e || *t != ':')
		return 400;
	v = skip_ows(t + 1, e);
	for (ve = e; ve > v && (ve[-1] == ' ' || ve[-1] == '\t'); ve--)
		;
	if (!utf8_valid(v, (size_t)(ve - v)))
		return 400;
	if (is_name(p, (size_t)(t - p), "content-disposition")) {
		if (*seen_cd)
			return 400;
		*seen_cd = 1;
		return disposition(a, v, ve, m);
	}
	if (is_name(p, (size_t)(t - p), "content-type")) {
		if (m->ctype != NULL)
			return 400;
		m->ctype = arena_strndup(a, v, (size_t)(ve - v));
	}
	return 0;		/* other headers are ignored */
}

/* The header block p[0..e), lines separated by CRLF: 0, 400 or 413. */
static int
headers(struct arena *a, const char *p, const char *e, struct mpart *m)
{
	const char	*eol;
	int		 rc, seen_cd = 0;

	for (;;) {
		if ((eol = memmem(p, (size_t)(e - p), "\r\n", 2)) == NULL)
			eol = e;
		if ((rc = header_line(a, p, eol, m, &seen_cd)) != 0)
			return rc;
		if (eol == e)
			break;
		p = eol + 2;
	}
	return seen_cd ? 0 : 400;
}

/*
 * One part at *pp (just after its delimiter line) into m; *pp moves past
 * the next delimiter. Returns 0, 400 or 413.
 */
static int
part(struct arena *a, const char *body, const char **pp, const char *e,
    const char *delim, size_t dlen, struct mpart *m)
{
	const char	*p = *pp, *h, *d;
	size_t		 left = (size_t)(e - p), win = MP_MAX_HEADER + 4;
	int		 rc;

	/* The blank line must come within MP_MAX_HEADER bytes. */
	if ((h = memmem(p, left < win ? left : win, "\r\n\r\n", 4)) == NULL)
		return left >= win ? 413 : 400;
	if ((rc = headers(a, p, h, m)) != 0)
		return rc;
	/* RFC 2046 lets a part without data end at its headers' CRLF. */
	if ((size_t)(e - h) >= dlen + 2 && memcmp(h + 2, delim, dlen) == 0)
		h += 2;
	else
		h += 4;
	if ((d = memmem(h, (size_t)(e - h), delim, dlen)) == NULL)
		return 400;
	m->off = (size_t)(h - body);
	m->len = (size_t)(d - h);
	if (m->filename == NULL) {
		if (m->len > REQ_MAX_FIELD_LEN)
			return 413;
		if (memchr(h, '\0', m->len) != NULL ||
		    !utf8_valid(h, m->len))
			return 400;
	}
	m->data = arena_strndup(a, h, m->len);
	*pp = d + dlen;
	return 0;
}

/*
 * After "--boundary" at *pp: "--" ends the body (*last = 1; the epilogue
 * and a missing CRLF are ignored), else transport padding and CRLF start
 * a part. Returns 0 or 400.
 */
static int
delim_end(const char **pp, const char *e, int *last)
{
	const char	*p = *pp;

	*last = 0;
	if (e - p >= 2 && p[0] == '-' && p[1] == '-') {
		*last = 1;
		return 0;
	}
	p = skip_ows(p, e);
	if (e - p < 2 || p[0] != '\r' || p[1] != '\n')
		return 400;
	*pp = p + 2;
	return 0;
}

int
mp_parse(struct arena *a, const char *content_type, const char *body,
    size_t len, struct mpart_list *out)
{
	const char	*p, *e;
	char		*delim;
	size_t		 dlen;
	int		 rc, last;

	out->v = NULL;
	out->n = 0;
	if (len > REQ_MAX_UPLOAD)
		return 413;
	if ((rc = ct_delim(a, content_type, &delim, &dlen)) != 0)
		return rc;
	if (len == 0)
		return 400;
	e = body + len;
	/* The first delimiter may open the body, without its CRLF. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = body + dlen - 2;
	else if ((p = memmem(body, len, delim, dlen)) != NULL)
		p += dlen;
	else
		return 400;
	out->v = arena_alloc(a, MP_MAX_PARTS * sizeof(*out->v));
	while ((rc = delim_end(&p, e, &last)) == 0 && !last) {
		if (out->n == MP_MAX_PARTS) {
			rc = 413;
			break;
		}
		if ((rc = part(a, body, &p, e, delim, dlen,
		    &out->v[out->n])) != 0)
			break;
		out->n++;
	}
	if (rc != 0)
		out->n = 0;
	return rc;
}

const struct mpart *
mp_get(const struct mpart_list *l, const char *name)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}
