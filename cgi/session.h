/* session.h — session tokens, cookies, CSRF tokens and the Origin check */
#ifndef EXBUDDY_SESSION_H
#define EXBUDDY_SESSION_H

#include <stddef.h>

#define SESS_TOKEN_BYTES	32
#define SESS_TOKEN_LEN		43	/* base64url of 32 bytes, unpadded */

struct arena;
struct db;
struct db_query;
struct req;

/* The signed-in user of this request. */
struct sess {
	char		 id[37];	/* session uuid */
	char		 user_id[37];
	char		 username[64];
	char		 timezone[72];
	int		 week_start;	/* 0 Sunday, 1 Monday */
	long		 today;		/* the local date, in days since 1970 */
	int		 lb;		/* weighs in pounds: 1; kilograms: 0 */
	unsigned char	 csrf[32];
	const char	*flash;		/* one-time message taken now, or NULL */
};

/* What sess_begin leaves for sess_chores. */
enum {
	SESS_CHORES_NONE,
	SESS_CHORES_DUE,	/* last_seen_at to write, or an expired row to delete */
};

/*
 * Begins the request's transaction as the user of r's session cookie, in
 * one round trip (BEGIN and auth_session_begin: app.user_id and TimeZone
 * set for the transaction); a cookie that names no live session is
 * cleared. *out is the session, or NULL when nobody is signed in; a GET
 * takes its one-time message (unless another transaction holds the row:
 * then a later page does). *chores says what sess_chores has to write.
 * Returns 0, or -1 on a database failure.
 */
int	 sess_begin(struct db *, struct req *, struct sess **out, int *chores);
/*
 * What this worker remembers of r's session from an earlier request, on
 * a guess (user_id, today and week_start; the rest empty) into *g: 1, or
 * 0 when it knows nothing of it.
 */
int	 sess_guess(struct req *, struct sess *g);
/*
 * sess_begin, with the reads q of the page (made for the guess g) sent in
 * the same round trip (db_begin_ahead), and unless commit is 0 committed
 * there too. When the session is g's user on g's day and week, the page
 * finds their results (db_prefetch, db_exec); else they are dropped, and
 * the page asks again. After a COMMIT the transaction has ended, as
 * after db_prefetch_last: a statement that comes begins another as the
 * user. 0, or -1 on a database failure (a read's too).
 */
int	 sess_begin_ahead(struct db *, struct req *, struct sess **out,
	    int *chores, const struct sess *g, const struct db_query *q,
	    size_t n, int commit);
/*
 * After the request's COMMIT, outside any transaction (what it writes is
 * committed at once, never held while a request runs): the session's
 * bookkeeping sess_begin found due, at most once a minute per session.
 */
void	 sess_chores(struct db *, struct req *, int chores);
/*
 * Starts a session for user_id: a fresh token in a new row (with the
 * request's IP and browser), and a Set-Cookie header. Ends old, the
 * session the request came with, first (no fixation). 0 or -1.
 */
int	 sess_start(struct db *, struct req *, const struct sess *old,
	    const char *user_id, struct sess **out);
/* Deletes the session row and clears the cookie. 0 or -1. */
int	 sess_end(struct db *, struct req *, const struct sess *);
/* Clears the session cookie (the row is gone already). */
void	 sess_clear_cookie(struct req *);
/* Stores a one-time message for the next page. 0 or -1. */
int	 sess_flash(struct db *, const struct sess *, const char *msg);

/* The CSRF token of a signed-in user's forms (an arena string). */
const char *sess_csrf_token(struct arena *, const struct sess *);
/*
 * The CSRF token for someone not signed in: bound to a pre-session
 * cookie (set here if missing). NULL on a database failure.
 */
const char *sess_pre_token(struct db *, struct req *);
/*
 * Checks a POST: the form's "csrf" field, plus the Origin and
 * Sec-Fetch-Site headers. 1 when the request may go on.
 */
int	 sess_csrf_ok(struct db *, const struct req *, const struct sess *);

/* One of the user's live sessions, for the settings page. */
struct sess_row {
	const char	*id;
	const char	*created, *seen;	/* "YYYY-MM-DD HH:MM", local */
	const char	*ip;		/* NULL: not known */
	const char	*user_agent;	/* NULL: not known */
	int		 current;	/* the session of this request */
};

/* The user's live sessions, this one first. 0 or -1. */
int	 sess_list(struct db *, struct arena *, const struct sess *,
	    struct sess_row **out, size_t *n);
/* Ends the user's session id: 1 ended, 0 no such session of theirs, -1. */
int	 sess_end_id(struct db *, const char *id);
/* Ends every other session of the user: how many, or -1. */
long	 sess_end_others(struct db *, const struct sess *);

/* Helpers, exported for unit tests. */
void	 sess_b64url(char *out, size_t outlen, const unsigned char *in, size_t n);
int	 sess_b64url_decode(unsigned char *out, size_t outlen, const char *in);
/*
 * The SHA-256 of a token of SESS_TOKEN_BYTES in base64url (a session's,
 * an invitation's) as bytea text in hex, or NULL when tok is not one.
 */
char	*sess_token_hash(struct arena *, const char *tok);
/* Cookie attribute string for a cookie named base, as the request needs. */
void	 sess_cookie_name(const struct req *, const char *base, char *out,
	    size_t outlen);
/* "Origin" of this site as the browser sends it, or NULL without Host. */
const char *sess_own_origin(const struct req *);
/* REMOTE_ADDR when it looks like an address PostgreSQL's inet takes. */
const char *sess_client_ip(const struct req *);
/*
 * What throttling counts a login name by when no account has it: "n:" and
 * a keyed hash (the server's key) of the name in lower case, so that the
 * audit log never holds what was typed. NULL when the database failed.
 */
const char *sess_login_key(struct db *, struct arena *, const char *login);
/* A new random (version 4) uuid. */
void	 sess_uuid(char out[37]);
/* 1 when next is a safe local path to redirect to after login. */
int	 sess_local_path(const char *next);

#endif
