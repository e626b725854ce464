/* http.h — request parsing, limits, responses, cookies, redirects, errors */
#ifndef EXBUDDY_HTTP_H
#define EXBUDDY_HTTP_H

#include <stddef.h>

#include "limits.h"
#include "mem.h"
#include "multipart.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_OTHER,
	HTTP__MAX
};

/* One decoded name=value pair of a query string, form or Cookie header. */
struct kv {
	const char	*key;
	const char	*val;	/* NUL-terminated, valid UTF-8, no NUL inside */
	size_t		 vlen;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

struct req {
	struct arena	*arena;		/* freed after the request */
	enum http_method method;
	const char	*method_name;	/* as sent, for the log */
	const char	*path;		/* decoded, valid UTF-8, no controls */
	struct kvlist	 query;
	const char	*query_raw;	/* as sent, for redirects back here */
	struct kvlist	 form;		/* urlencoded POST body */
	const char	*body;		/* the raw body (uploads) */
	size_t		 bodylen;
	struct mpart_list *parts;	/* a multipart/form-data body, or NULL */
	struct kvlist	 cookies;
	const char	*content_type;
	const char	*remote_addr;
	const char	*user_agent;
	const char	*accept_language;	/* or NULL */
	const char	*origin;
	const char	*sec_fetch_site;
	const char	*host;		/* Host header, for the Origin check */
	int		 https;		/* request came over TLS (nginx HTTPS=on) */
	char		 rid[33];	/* request id: nginx's $request_id or ours */
	const char	*args[ROUTE_MAX_ARGS];	/* "*" path segments */

	/* The response, written once by the server. */
	int		 status;
	const char	*ctype;
	struct buf	*hdr;		/* extra header lines, "Name: value\r\n" */
	/*
	 * Kept in the browser's private cache (shown again by Back, not
	 * fetched anew) instead of never stored: pages with a log form, so
	 * that Back after saving shows the same form and submission id.
	 */
	int		 back_cache;
	struct buf	*out;		/* body */

	/* Streaming a large body (an export) instead of r->out. */
	int		(*write)(void *, const char *, size_t);
	void		*write_arg;
	int		 streamed;	/* the head has been sent */
};

/*
 * Fills r from FastCGI-style params envp ("NAME=value", NULL-terminated)
 * and the request body. Returns 0, or the HTTP status to answer with:
 * 400 (malformed: bad percent-encoding, invalid UTF-8, NUL, control
 * characters, header too long) or 413 (body, field count or field length
 * over the limits in limits.h). With a NULL body only the head is parsed
 * (then http_body).
 */
int	 http_parse(struct req *r, struct arena *, const char *const *envp,
	    const char *body, size_t bodylen);
/*
 * Takes the body of a request http_parse accepted: 413 when it is over
 * max (REQ_MAX_BODY, or REQ_MAX_UPLOAD for an upload route) or an
 * urlencoded form over REQ_MAX_BODY; the form's fields as http_parse.
 * A multipart/form-data body goes to r->parts, its fields that are not
 * files to r->form too; 400 or 413 as mp_parse says.
 */
int	 http_body(struct req *r, const char *body, size_t len, size_t max);
const char *http_param(const char *const *envp, const char *name);

/*
 * Decodes "a=b&c=d" (application/x-www-form-urlencoded; '+' is a space)
 * into l. Returns 0, 400 or 413 as http_parse does.
 */
int	 http_form_parse(struct arena *, const char *s, size_t len,
	    struct kvlist *l);
/* Decodes a Cookie header; malformed pairs are skipped. Returns 0 or 400. */
int	 http_cookie_parse(struct arena *, const char *s, struct kvlist *l);
/*
 * Percent-decodes s[0..len) into a new arena string; plus_space turns '+'
 * into ' '. Returns NULL on bad escapes, NUL bytes or invalid UTF-8.
 */
char	*http_pct_decode(struct arena *, const char *s, size_t len,
	    int plus_space, size_t *outlen);

const char *kv_get(const struct kvlist *, const char *key);

const char *http_status_text(int status);
/*
 * Appends the response head (status line, security headers, r->hdr);
 * bodylen HTTP_LEN_UNKNOWN leaves out Content-Length (a stream).
 */
#define HTTP_LEN_UNKNOWN	((size_t)-1)
void	 http_head(const struct req *, struct buf *out, size_t bodylen);
/* Sends the head now, for a body written in pieces by http_stream. 0 or -1. */
int	 http_stream_start(struct req *);
/* Sends a piece of a streamed body (nothing for HEAD). 0 or -1. */
int	 http_stream(struct req *, const char *, size_t);
void	 http_header(struct req *, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* 303 See Other to a local path. */
void	 http_redirect(struct req *, const char *location);
/*
 * One log line on stderr, from the worker of process id pid: method,
 * path, status, duration, the round trips to PostgreSQL it made ("db=N"),
 * request id.
 */
void	 http_log(const struct req *, int pid, double ms, unsigned long trips);
/*
 * Whether a request is logged when only problems are: an answer of 500
 * or more, or one that took LOG_SLOW_MS or more.
 */
int	 http_log_problem(int status, double ms);

#endif
