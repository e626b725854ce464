/* session.c — session tokens, cookies, CSRF tokens and the Origin check */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "config.h"
#include "db.h"
#include "fmt.h"
#include "http.h"
#include "session.h"

#define COOKIE_SESSION	"eb_session"
#define COOKIE_PRE	"eb_pre"	/* binds CSRF tokens before login */
#define TIME_FMT	"'YYYY-MM-DD HH24:MI'"

static unsigned char csrf_key[32];	/* server_keys.csrf_key, per worker */
static int have_csrf_key;

void
sess_b64url(char *out, size_t outlen, const unsigned char *in, size_t n)
{
	sodium_bin2base64(out, outlen, in, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Decodes exactly outlen bytes; 0, or -1 for anything else. */
int
sess_b64url_decode(unsigned char *out, size_t outlen, const char *in)
{
	size_t	 n;

	if (in == NULL || strlen(in) != sodium_base64_ENCODED_LEN(outlen,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1)
		return -1;
	if (sodium_base642bin(out, outlen, in, strlen(in), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != outlen)
		return -1;
	return 0;
}

void
sess_cookie_name(const struct req *r, const char *base, char *out,
    size_t outlen)
{
	snprintf(out, outlen, "%s%s", r->https ? "__Host-" : "", base);
}

static const char *
cookie(const struct req *r, const char *base)
{
	char	 name[64];

	sess_cookie_name(r, base, name, sizeof(name));
	return kv_get(&r->cookies, name);
}

/* Set-Cookie with the attributes ARCHITECTURE.md lists (Security); max_age < 0: none. */
static void
set_cookie(struct req *r, const char *base, const char *val, long max_age)
{
	char	 name[64], age[32] = "";

	sess_cookie_name(r, base, name, sizeof(name));
	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	http_header(r, "Set-Cookie", "%s=%s; Path=/%s; HttpOnly; "
	    "SameSite=Lax%s", name, val, age, r->https ? "; Secure" : "");
}

/* "\x…" text form of a bytea parameter. */
static char *
bytea(struct arena *a, const unsigned char *b, size_t n)
{
	char	*s = arena_alloc(a, 2 * n + 3);

	s[0] = '\\';
	s[1] = 'x';
	sodium_bin2hex(s + 2, 2 * n + 1, b, n);
	return s;
}

char *
sess_token_hash(struct arena *a, const char *tok)
{
	unsigned char raw[SESS_TOKEN_BYTES], h[crypto_hash_sha256_BYTES];

	if (sess_b64url_decode(raw, sizeof(raw), tok) != 0)
		return NULL;
	crypto_hash_sha256(h, raw, sizeof(raw));
	return bytea(a, h, sizeof(h));
}

/* src into dst (n bytes), cut to fit: snprintf's "%s", without printf. */
static void
copy(char *dst, size_t n, const char *src)
{
	(void)fmt_cat(dst, n, src, (const char *)NULL);
}

/*
 * Fills s from columns id, user_id, username, timezone, week_start, today
 * and lb.
 */
static void
fill(struct sess *s, PGresult *res, const int col[7])
{
	copy(s->id, sizeof(s->id), PQgetvalue(res, 0, col[0]));
	copy(s->user_id, sizeof(s->user_id), PQgetvalue(res, 0, col[1]));
	copy(s->username, sizeof(s->username), PQgetvalue(res, 0, col[2]));
	copy(s->timezone, sizeof(s->timezone), PQgetvalue(res, 0, col[3]));
	s->week_start = PQgetvalue(res, 0, col[4])[0] == '0' ? 0 : 1;
	s->today = db_long(res, 0, col[5]);
	s->lb = PQgetvalue(res, 0, col[6])[0] == 't';
}

/*
 * The parameters of a lookup of r's session cookie into p[4] (idle and
 * max its buffers): 0, or -1 when r has no well-formed session token.
 */
static int
lookup_params(struct req *r, const char *p[4], char idle[FMT_INT_LEN],
    char max[FMT_INT_LEN], int take_flash)
{
	const char *tok = cookie(r, COOKIE_SESSION);
	char	*hash;

	if (tok == NULL || (hash = sess_token_hash(r->arena, tok)) == NULL)
		return -1;
	fmt_int(idle, app_conf.session_idle);
	fmt_int(max, app_conf.session_max);
	p[0] = hash;
	p[1] = idle;
	p[2] = max;
	p[3] = take_flash ? "true" : "false";
	return 0;
}

/*
 * What this worker last heard of a session, by its token's hash: its
 * user, and the today and first day of the week a page's reads depend
 * on. Only a guess: sess_begin_ahead checks it against the lookup's
 * answer. One slot per hash (the hash is random): a session that takes
 * another's slot costs that one a round trip, nothing else.
 */
#define GUESSES		256

static struct guess {
	char	 hash[2 * crypto_hash_sha256_BYTES + 3];	/* "\x…" */
	char	 user_id[37];
	long	 today;
	int	 week_start;
} guesses[GUESSES];

static struct guess *
guess_slot(const char *hash)
{
	/* "\x" and hex digits: two of them pick the slot. */
	return &guesses[(unsigned)strtoul((char[3]){ hash[2], hash[3], '\0' },
	    NULL, 16) % GUESSES];
}

static void
guess_keep(const char *hash, const struct sess *s)
{
	struct guess *g = guess_slot(hash);

	if (s == NULL) {
		if (strcmp(g->hash, hash) == 0)
			g->hash[0] = '\0';
		return;
	}
	copy(g->hash, sizeof(g->hash), hash);
	copy(g->user_id, sizeof(g->user_id), s->user_id);
	g->today = s->today;
	g->week_start = s->week_start;
}

int
sess_guess(struct req *r, struct sess *out)
{
	const char *tok = cookie(r, COOKIE_SESSION);
	const struct guess *g;
	char	*hash;

	if (tok == NULL || (hash = sess_token_hash(r->arena, tok)) == NULL ||
	    strcmp((g = guess_slot(hash))->hash, hash) != 0)
		return 0;
	memset(out, 0, sizeof(*out));
	copy(out->user_id, sizeof(out->user_id), g->user_id);
	out->today = g->today;
	out->week_start = g->week_start;
	return 1;
}

/*
 * sess_begin, with the reads q of a page (n of them, none without g)
 * sent in the same round trip, and committed with it unless commit is 0.
 */
static int
begin(struct db *db, struct req *r, struct sess **out, int *chores,
    const struct sess *g, const struct db_query *reads, size_t n, int commit)
{
	static const int col[7] = { 0, 1, 4, 5, 6, 7, 9 };
	char	 idle[FMT_INT_LEN], max[FMT_INT_LEN];
	const char *p[4];
	struct db_query q = { "SELECT session_id, user_id, "
	    "encode(csrf_secret, 'hex'), flash, username, timezone, "
	    "week_start, today, chores, lb FROM auth_session_begin($1::bytea, $2, "
	    "$3, $4)", 4, p, NULL };
	struct sess *s = NULL;
	PGresult *res;

	*out = NULL;
	*chores = SESS_CHORES_NONE;
	if (lookup_params(r, p, idle, max, r->method == HTTP_GET) != 0) {
		if (cookie(r, COOKIE_SESSION) != NULL)
			sess_clear_cookie(r);
		return db_begin(db);
	}
	if (g != NULL && db_begin_ahead(db, &q, reads, n, commit) != 0) {
		/*
		 * A read failed, and the lookup with it: forget the guess,
		 * and look the session up alone; the page then reads as it
		 * would have.
		 */
		guess_keep(p[0], NULL);
		if (db_broken(db))
			return -1;
		db_cleanup(db);
		g = NULL;
		if (db_begin_with(db, &q) != 0)
			return -1;
	} else if (g == NULL && db_begin_with(db, &q) != 0)
		return -1;
	res = q.res;
	if (PQntuples(res) != 1) {
		sess_clear_cookie(r);	/* expired or ended: forget it */
		*chores = SESS_CHORES_DUE;	/* the lookup deletes an expired one */
	} else {
		s = arena_alloc(r->arena, sizeof(*s));
		fill(s, res, col);
		sodium_hex2bin(s->csrf, sizeof(s->csrf), PQgetvalue(res, 0, 2),
		    64, NULL, NULL, NULL);
		if (!PQgetisnull(res, 0, 3))
			s->flash = arena_strdup(r->arena, PQgetvalue(res, 0, 3));
		if (PQgetvalue(res, 0, 8)[0] == 't')
			*chores = SESS_CHORES_DUE;
	}
	PQclear(res);
	guess_keep(p[0], s);
	*out = s;
	if (g == NULL)
		return 0;
	/*
	 * The reads stand when they were made for this session's user, day
	 * and week; else the page asks again.
	 */
	if (s == NULL || strcmp(s->user_id, g->user_id) != 0 ||
	    s->today != g->today || s->week_start != g->week_start)
		db_ahead_drop(db);
	if (!commit)
		return 0;
	return s == NULL ? db_resume_as(db, "", NULL) :
	    db_resume_as(db, s->user_id, s->timezone);
}

int
sess_begin(struct db *db, struct req *r, struct sess **out, int *chores)
{
	return begin(db, r, out, chores, NULL, NULL, 0, 0);
}

int
sess_begin_ahead(struct db *db, struct req *r, struct sess **out,
    int *chores, const struct sess *g, const struct db_query *q, size_t n,
    int commit)
{
	return begin(db, r, out, chores, g, q, n, commit);
}

void
sess_chores(struct db *db, struct req *r, int chores)
{
	char	 idle[FMT_INT_LEN], max[FMT_INT_LEN];
	const char *p[4];
	PGresult *res;

	if (chores == SESS_CHORES_NONE ||
	    lookup_params(r, p, idle, max, 0) != 0)
		return;
	/* Autocommit: committed at once. A failure is logged, and harmless. */
	res = db_exec(db, "SELECT count(*) FROM auth_session_lookup($1::bytea, "
	    "$2, $3, $4)", 4, p);
	PQclear(res);
}

const char *
sess_client_ip(const struct req *r)
{
	const char *ip = r->remote_addr;

	if (ip == NULL || *ip == '\0' || strlen(ip) > 45 ||
	    strspn(ip, "0123456789abcdefABCDEF:.") != strlen(ip))
		return NULL;
	return ip;
}

/* The browser's User-Agent, cut to what the sessions table keeps. */
static const char *
client_agent(const struct req *r)
{
	const char *ua = r->user_agent;
	size_t	 i, n = 0;

	if (ua == NULL)
		return NULL;
	for (i = 0; ua[i] != '\0'; i++)
		if (((unsigned char)ua[i] & 0xc0) != 0x80 &&
		    ++n > UA_MAX_CHARS)
			return arena_strndup(r->arena, ua, i);
	return ua;
}

/* A new session row for user_id: the cookie's token into *tok. */
static int
insert_session(struct db *db, struct req *r, const char *user_id,
    struct sess *s, char **tok)
{
	static const int col[7] = { 0, 1, 2, 3, 4, 5, 6 };
	unsigned char raw[SESS_TOKEN_BYTES], h[32];
	const char *p[4];
	PGresult *res;

	randombytes_buf(raw, sizeof(raw));
	randombytes_buf(s->csrf, sizeof(s->csrf));
	crypto_hash_sha256(h, raw, sizeof(raw));
	*tok = arena_alloc(r->arena, SESS_TOKEN_LEN + 1);
	sess_b64url(*tok, SESS_TOKEN_LEN + 1, raw, sizeof(raw));
	p[0] = bytea(r->arena, h, sizeof(h));
	p[1] = bytea(r->arena, s->csrf, sizeof(s->csrf));
	p[2] = sess_client_ip(r);
	p[3] = client_agent(r);
	if (db_set_user(db, user_id, NULL) != 0)
		return -1;
	res = db_exec(db, "WITH s AS (INSERT INTO sessions (user_id, "
	    "token_hash, csrf_secret, ip, user_agent) VALUES "
	    "(current_user_id(), $1::bytea, $2::bytea, $3::inet, $4) "
	    "RETURNING id, user_id) SELECT s.id, s.user_id, u.username, "
	    "u.timezone, u.week_start, (now() AT TIME ZONE u.timezone)::date "
	    "- date '1970-01-01', u.weight_unit = 'lb' FROM s, users u "
	    "WHERE u.id = current_user_id()",
	    4, p);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	fill(s, res, col);
	PQclear(res);
	return db_set_user(db, s->user_id, s->timezone);
}

int
sess_start(struct db *db, struct req *r, const struct sess *old,
    const char *user_id, struct sess **out)
{
	struct sess *s = arena_alloc(r->arena, sizeof(*s));
	char	*tok;

	*out = NULL;
	if (sess_end(db, r, old) != 0 || insert_session(db, r, user_id, s, &tok) != 0)
		return -1;
	set_cookie(r, COOKIE_SESSION, tok, app_conf.session_max);
	if (cookie(r, COOKIE_PRE) != NULL)
		set_cookie(r, COOKIE_PRE, "", 0);
	*out = s;
	return 0;
}

int
sess_end(struct db *db, struct req *r, const struct sess *s)
{
	if (s == NULL)
		return 0;
	if (sess_end_id(db, s->id) < 0)
		return -1;
	sess_clear_cookie(r);
	return 0;
}

void
sess_clear_cookie(struct req *r)
{
	set_cookie(r, COOKIE_SESSION, "", 0);
}

int
sess_flash(struct db *db, const struct sess *s, const char *msg)
{
	const char *p[2];

	if (s == NULL)
		return 0;
	p[0] = msg;
	p[1] = s->id;
	return db_cmd(db, "UPDATE sessions SET flash = $1 WHERE id = $2 "
	    "AND user_id = current_user_id()", 2, p);
}

static int
load_csrf_key(struct db *db)
{
	PGresult *res;

	if (have_csrf_key)
		return 0;
	res = db_exec(db, "SELECT encode(csrf_key, 'hex') FROM server_keys",
	    0, NULL);
	if (res == NULL || PQntuples(res) != 1 ||
	    sodium_hex2bin(csrf_key, sizeof(csrf_key), PQgetvalue(res, 0, 0),
	    64, NULL, NULL, NULL) != 0) {
		PQclear(res);
		return -1;
	}
	PQclear(res);
	have_csrf_key = 1;
	return 0;
}

const char *
sess_login_key(struct db *db, struct arena *a, const char *login)
{
	unsigned char h[16];
	char	 hex[2 * sizeof(h) + 1], *low;
	size_t	 i, n = strlen(login);

	if (load_csrf_key(db) != 0)
		return NULL;
	low = arena_strdup(a, login);
	for (i = 0; i < n; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] - 'A' + 'a');
	crypto_generichash(h, sizeof(h), (const unsigned char *)low, n,
	    csrf_key, sizeof(csrf_key));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return arena_printf(a, "n:%s", hex);
}

/* The token bound to a pre-session cookie value: HMAC(server key, pre). */
static char *
pre_token(struct db *db, struct arena *a, const unsigned char pre[32])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char	*t;

	if (load_csrf_key(db) != 0)
		return NULL;
	crypto_auth_hmacsha256(mac, pre, 32, csrf_key);
	t = arena_alloc(a, SESS_TOKEN_LEN + 1);
	sess_b64url(t, SESS_TOKEN_LEN + 1, mac, sizeof(mac));
	return t;
}

const char *
sess_csrf_token(struct arena *a, const struct sess *s)
{
	char	*t = arena_alloc(a, SESS_TOKEN_LEN + 1);

	sess_b64url(t, SESS_TOKEN_LEN + 1, s->csrf, 32);
	return t;
}

const char *
sess_pre_token(struct db *db, struct req *r)
{
	unsigned char pre[32];
	char	 val[SESS_TOKEN_LEN + 1];

	if (sess_b64url_decode(pre, sizeof(pre), cookie(r, COOKIE_PRE)) != 0) {
		randombytes_buf(pre, sizeof(pre));
		sess_b64url(val, sizeof(val), pre, sizeof(pre));
		set_cookie(r, COOKIE_PRE, val, -1);
	}
	return pre_token(db, r->arena, pre);
}

static int
same_token(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

const char *
sess_own_origin(const struct req *r)
{
	const char *h = r->host;

	if (h == NULL || *h == '\0' || strlen(h) > HOST_MAX_CHARS ||
	    strcspn(h, "/\\@ \t\"'<>") != strlen(h))
		return NULL;
	return arena_printf(r->arena, "%s://%s", r->https ? "https" : "http",
	    h);
}

/* Refuses cross-site requests the browser labelled as such. */
static int
origin_ok(const struct req *r)
{
	const char *own, *sfs = r->sec_fetch_site;

	if (sfs != NULL && strcmp(sfs, "same-origin") != 0 &&
	    strcmp(sfs, "none") != 0)
		return 0;
	if (r->origin == NULL)
		return 1;
	own = sess_own_origin(r);
	return own != NULL && strcmp(r->origin, own) == 0;
}

int
sess_csrf_ok(struct db *db, const struct req *r, const struct sess *s)
{
	const char *sent = kv_get(&r->form, "csrf"), *want;
	unsigned char pre[32];

	if (!origin_ok(r) || sent == NULL)
		return 0;
	/* Signed in: only the session's own token will do. */
	if (s != NULL)
		return same_token(sent, sess_csrf_token(r->arena, s));
	if (sess_b64url_decode(pre, sizeof(pre), cookie(r, COOKIE_PRE)) != 0)
		return 0;
	want = pre_token(db, r->arena, pre);
	return want != NULL && same_token(sent, want);
}

int
sess_list(struct db *db, struct arena *a, const struct sess *s,
    struct sess_row **out, size_t *n)
{
	char	 idle[FMT_INT_LEN], max[FMT_INT_LEN];
	const char *p[3] = { s->id, idle, max };
	struct sess_row *row;
	PGresult *res;
	int	 i;

	fmt_int(idle, app_conf.session_idle);
	fmt_int(max, app_conf.session_max);
	res = db_exec(db, "SELECT id, to_char(created_at, " TIME_FMT "), "
	    "to_char(last_seen_at, " TIME_FMT "), host(ip), user_agent, "
	    "id = $1 FROM sessions WHERE user_id = current_user_id() "
	    "AND (id = $1 OR (last_seen_at > now() - make_interval(secs => $2) "
	    "AND created_at > now() - make_interval(secs => $3))) "
	    "ORDER BY id = $1 DESC, last_seen_at DESC, created_at DESC",
	    3, p);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = row = arena_alloc(a, (*n + 1) * sizeof(*row));
	for (i = 0; i < PQntuples(res); i++, row++) {
		row->id = arena_strdup(a, PQgetvalue(res, i, 0));
		row->created = arena_strdup(a, PQgetvalue(res, i, 1));
		row->seen = arena_strdup(a, PQgetvalue(res, i, 2));
		row->ip = PQgetisnull(res, i, 3) ? NULL :
		    arena_strdup(a, PQgetvalue(res, i, 3));
		row->user_agent = PQgetisnull(res, i, 4) ? NULL :
		    arena_strdup(a, PQgetvalue(res, i, 4));
		row->current = PQgetvalue(res, i, 5)[0] == 't';
	}
	PQclear(res);
	return 0;
}

/* Runs a DELETE of sessions with one parameter: rows deleted, or -1. */
static long
delete_sessions(struct db *db, const char *sql, const char *param)
{
	const char *p[1] = { param };
	PGresult *res;
	long	 n;

	if ((res = db_exec(db, sql, 1, p)) == NULL)
		return -1;
	n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n;
}

int
sess_end_id(struct db *db, const char *id)
{
	long	 n = delete_sessions(db, "DELETE FROM sessions WHERE id = $1 "
	    "AND user_id = current_user_id()", id);

	return n < 0 ? -1 : n > 0;
}

long
sess_end_others(struct db *db, const struct sess *s)
{
	return delete_sessions(db, "DELETE FROM sessions WHERE user_id = "
	    "current_user_id() AND id <> $1", s->id);
}

int
sess_local_path(const char *next)
{
	size_t	 i;

	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    next[1] == '\\' || strlen(next) > REQ_MAX_PATH)
		return 0;
	for (i = 0; next[i] != '\0'; i++)
		if ((unsigned char)next[i] < 0x20 || next[i] == 0x7f ||
		    next[i] == '\\')
			return 0;
	return 1;
}

void
sess_uuid(char out[37])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;	/* version 4 */
	b[8] = (b[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
	    b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}
