/* session.h — session tokens, cookies, CSRF tokens and the Origin check */
#ifndef EXBUDDY_SESSION_H
#define EXBUDDY_SESSION_H

#include <stddef.h>

#define SESS_TOKEN_BYTES	32
#define SESS_TOKEN_LEN		43	/* base64url of 32 bytes, unpadded */

struct ctx;
struct req;

/* The signed-in user of this request. */
struct sess {
	char		 id[37];	/* session uuid */
	char		 user_id[37];
	char		 username[64];
	char		 timezone[72];
	int		 week_start;	/* 0 Sunday, 1 Monday */
	unsigned char	 csrf[32];
	const char	*flash;		/* one-time message, or NULL */
};

/*
 * Inside the request's transaction: finds the session of the cookie (if
 * any), sets app.user_id and TimeZone for row-level security and time
 * formatting, and fills c->sess (NULL when nobody is signed in).
 * Returns 0, or -1 on a database failure.
 */
int	 sess_load(struct ctx *);
/*
 * Starts a session for user_id: a fresh token in a new row (with the
 * request's IP and browser), and a Set-Cookie header. Ends the session
 * the request came with, if any (no fixation). 0 or -1.
 */
int	 sess_start(struct ctx *, const char *user_id);
/* Deletes the current session row and clears the cookie. 0 or -1. */
int	 sess_end(struct ctx *);
/* Clears the session cookie (the row is gone already). */
void	 sess_clear_cookie(struct ctx *);
/* Stores a one-time message for the next page. 0 or -1. */
int	 sess_flash(struct ctx *, const char *msg);

/*
 * The CSRF token for forms on this page: the session's, or for someone
 * not signed in one bound to a pre-session cookie (set here if missing).
 * Also sets the template variable "csrf". NULL on a database failure.
 */
const char *sess_csrf_token(struct ctx *);
/*
 * Checks a POST: the form's "csrf" field, plus the Origin and
 * Sec-Fetch-Site headers. 1 when the request may go on.
 */
int	 sess_csrf_ok(struct ctx *);

/* Helpers, exported for unit tests. */
void	 sess_b64url(char *out, size_t outlen, const unsigned char *in, size_t n);
int	 sess_b64url_decode(unsigned char *out, size_t outlen, const char *in);
/* Cookie attribute string for a cookie named base, as the request needs. */
void	 sess_cookie_name(const struct req *, const char *base, char *out,
	    size_t outlen);
/* "Origin" of this site as the browser sends it, or NULL without Host. */
const char *sess_own_origin(const struct req *);
/* REMOTE_ADDR when it looks like an address PostgreSQL's inet takes. */
const char *sess_client_ip(const struct req *);
/* A new random (version 4) uuid. */
void	 sess_uuid(char out[37]);
/* 1 when next is a safe local path to redirect to after login. */
int	 sess_local_path(const char *next);

#endif
