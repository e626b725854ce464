/* session.c — session tokens, cookies, CSRF tokens and the Origin check */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "config.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "session.h"
#include "tmpl.h"

#define COOKIE_SESSION	"eb_session"
#define COOKIE_PRE	"eb_pre"	/* binds CSRF tokens before login */

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

/* Set-Cookie with the attributes DESIGN.md asks for; max_age < 0: none. */
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

static void
token_hash(struct arena *a, const char *tok, char **hex)
{
	unsigned char raw[SESS_TOKEN_BYTES], h[crypto_hash_sha256_BYTES];

	*hex = NULL;
	if (sess_b64url_decode(raw, sizeof(raw), tok) != 0)
		return;
	crypto_hash_sha256(h, raw, sizeof(raw));
	*hex = bytea(a, h, sizeof(h));
}

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

static int
set_context(struct ctx *c)
{
	const char *p[2] = { c->sess->user_id, c->sess->timezone };

	return db_cmd(c->db, "SELECT set_config('app.user_id', $1, true), "
	    "set_config('TimeZone', $2, true)", 2, p);
}

/* Shows the one-time message once: on the next page viewed. */
static int
take_flash(struct ctx *c, const char *flash)
{
	const char *p[1] = { c->sess->id };

	if (flash == NULL || c->req->method != HTTP_GET)
		return 0;
	c->sess->flash = arena_strdup(c->req->arena, flash);
	tmpl_set(c->vars, "flash", flash);
	return db_cmd(c->db, "UPDATE sessions SET flash = NULL WHERE id = $1",
	    1, p);
}

static void
fill(struct ctx *c, PGresult *res)
{
	struct sess *s = arena_alloc(c->req->arena, sizeof(*s));

	copy(s->id, sizeof(s->id), PQgetvalue(res, 0, 0));
	copy(s->user_id, sizeof(s->user_id), PQgetvalue(res, 0, 1));
	sodium_hex2bin(s->csrf, sizeof(s->csrf), PQgetvalue(res, 0, 2),
	    64, NULL, NULL, NULL);
	copy(s->username, sizeof(s->username), PQgetvalue(res, 0, 4));
	copy(s->timezone, sizeof(s->timezone), PQgetvalue(res, 0, 5));
	s->week_start = PQgetvalue(res, 0, 6)[0] == '0' ? 0 : 1;
	c->sess = s;
	tmpl_set(c->vars, "user", s->username);
}

int
sess_load(struct ctx *c)
{
	char	 idle[16], max[16], *hash;
	const char *tok = cookie(c->req, COOKIE_SESSION), *p[3];
	PGresult *res;
	int	 rc;

	c->sess = NULL;
	if (tok == NULL)
		return 0;
	token_hash(c->req->arena, tok, &hash);
	if (hash == NULL) {
		sess_clear_cookie(c);
		return 0;
	}
	snprintf(idle, sizeof(idle), "%d", app_conf.session_idle);
	snprintf(max, sizeof(max), "%d", app_conf.session_max);
	p[0] = hash;
	p[1] = idle;
	p[2] = max;
	res = db_exec(c->db, "SELECT session_id, user_id, "
	    "encode(csrf_secret, 'hex'), flash, username, timezone, week_start "
	    "FROM auth_session_lookup($1::bytea, $2, $3)", 3, p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		sess_clear_cookie(c);	/* expired or ended: forget it */
		return 0;
	}
	fill(c, res);
	rc = set_context(c) == 0 && take_flash(c, PQgetisnull(res, 0, 3) ?
	    NULL : PQgetvalue(res, 0, 3)) == 0 ? 0 : -1;
	PQclear(res);
	return rc;
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

/* The browser's User-Agent, cut to 512 characters. */
static const char *
client_agent(const struct req *r)
{
	const char *ua = r->user_agent;
	size_t	 i, n = 0;

	if (ua == NULL)
		return NULL;
	for (i = 0; ua[i] != '\0'; i++)
		if (((unsigned char)ua[i] & 0xc0) != 0x80 && ++n > 512)
			return arena_strndup(r->arena, ua, i);
	return ua;
}

static int
insert_session(struct ctx *c, const char *user_id, char **tok)
{
	unsigned char raw[SESS_TOKEN_BYTES], h[32], csrf[32];
	const char *p[5];
	PGresult *res;
	struct sess *s;

	randombytes_buf(raw, sizeof(raw));
	randombytes_buf(csrf, sizeof(csrf));
	crypto_hash_sha256(h, raw, sizeof(raw));
	*tok = arena_alloc(c->req->arena, SESS_TOKEN_LEN + 1);
	sess_b64url(*tok, SESS_TOKEN_LEN + 1, raw, sizeof(raw));
	p[0] = bytea(c->req->arena, h, sizeof(h));
	p[1] = bytea(c->req->arena, csrf, sizeof(csrf));
	p[2] = sess_client_ip(c->req);
	p[3] = client_agent(c->req);
	p[4] = user_id;
	if (db_cmd(c->db, "SELECT set_config('app.user_id', $1, true)", 1,
	    p + 4) != 0)
		return -1;
	res = db_exec(c->db, "WITH s AS (INSERT INTO sessions (user_id, "
	    "token_hash, csrf_secret, ip, user_agent) VALUES "
	    "(current_user_id(), $1::bytea, $2::bytea, $3::inet, $4) "
	    "RETURNING id) SELECT s.id, u.username, u.timezone, u.week_start "
	    "FROM s, users u WHERE u.id = current_user_id()", 4, p);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	s = arena_alloc(c->req->arena, sizeof(*s));
	copy(s->id, sizeof(s->id), PQgetvalue(res, 0, 0));
	copy(s->user_id, sizeof(s->user_id), user_id);
	copy(s->username, sizeof(s->username), PQgetvalue(res, 0, 1));
	copy(s->timezone, sizeof(s->timezone), PQgetvalue(res, 0, 2));
	s->week_start = PQgetvalue(res, 0, 3)[0] == '0' ? 0 : 1;
	memcpy(s->csrf, csrf, sizeof(csrf));
	PQclear(res);
	c->sess = s;
	p[0] = s->timezone;
	return db_cmd(c->db, "SELECT set_config('TimeZone', $1, true)", 1, p);
}

int
sess_start(struct ctx *c, const char *user_id)
{
	char	*tok;

	if (c->sess != NULL && sess_end(c) != 0)
		return -1;
	if (insert_session(c, user_id, &tok) != 0)
		return -1;
	set_cookie(c->req, COOKIE_SESSION, tok, app_conf.session_max);
	if (cookie(c->req, COOKIE_PRE) != NULL)
		set_cookie(c->req, COOKIE_PRE, "", 0);
	tmpl_set(c->vars, "user", c->sess->username);
	return 0;
}

int
sess_end(struct ctx *c)
{
	const char *p[1];

	if (c->sess == NULL)
		return 0;
	p[0] = c->sess->id;
	if (db_cmd(c->db, "DELETE FROM sessions WHERE id = $1", 1, p) != 0)
		return -1;
	c->sess = NULL;
	sess_clear_cookie(c);
	return 0;
}

void
sess_clear_cookie(struct ctx *c)
{
	set_cookie(c->req, COOKIE_SESSION, "", 0);
}

int
sess_flash(struct ctx *c, const char *msg)
{
	const char *p[2];

	if (c->sess == NULL)
		return 0;
	p[0] = msg;
	p[1] = c->sess->id;
	return db_cmd(c->db, "UPDATE sessions SET flash = $1 WHERE id = $2",
	    2, p);
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

/* The token bound to a pre-session cookie value: HMAC(server key, pre). */
static char *
pre_token(struct ctx *c, const unsigned char pre[32])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char	*t;

	if (load_csrf_key(c->db) != 0)
		return NULL;
	crypto_auth_hmacsha256(mac, pre, 32, csrf_key);
	t = arena_alloc(c->req->arena, SESS_TOKEN_LEN + 1);
	sess_b64url(t, SESS_TOKEN_LEN + 1, mac, sizeof(mac));
	return t;
}

static char *
session_token(struct ctx *c)
{
	char	*t = arena_alloc(c->req->arena, SESS_TOKEN_LEN + 1);

	sess_b64url(t, SESS_TOKEN_LEN + 1, c->sess->csrf, 32);
	return t;
}

const char *
sess_csrf_token(struct ctx *c)
{
	unsigned char pre[32];
	char	 val[SESS_TOKEN_LEN + 1];
	const char *t;

	if (c->sess != NULL)
		t = session_token(c);
	else {
		if (sess_b64url_decode(pre, sizeof(pre),
		    cookie(c->req, COOKIE_PRE)) != 0) {
			randombytes_buf(pre, sizeof(pre));
			sess_b64url(val, sizeof(val), pre, sizeof(pre));
			set_cookie(c->req, COOKIE_PRE, val, -1);
		}
		if ((t = pre_token(c, pre)) == NULL)
			return NULL;
	}
	tmpl_set(c->vars, "csrf", t);
	return t;
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

	if (h == NULL || *h == '\0' || strlen(h) > 255 ||
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
sess_csrf_ok(struct ctx *c)
{
	const char *sent = kv_get(&c->req->form, "csrf"), *want;
	unsigned char pre[32];

	if (!origin_ok(c->req) || sent == NULL)
		return 0;
	/* Signed in: only the session's own token will do. */
	if (c->sess != NULL)
		return same_token(sent, session_token(c));
	if (sess_b64url_decode(pre, sizeof(pre),
	    cookie(c->req, COOKIE_PRE)) != 0)
		return 0;
	want = pre_token(c, pre);
	return want != NULL && same_token(sent, want);
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
