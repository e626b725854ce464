/* user.c — the user's own row: sign-up, login lookup, profile, password, deletion */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "mem.h"
#include "session.h"
#include "user.h"

#define LB_KG_E8	45359237LL	/* 1 lb = 0.45359237 kg, exactly */

int
user_lookup(struct db *db, struct arena *a, const char *login,
    struct account *acc)
{
	const char *p[1] = { login };
	PGresult *res;

	memset(acc, 0, sizeof(*acc));
	res = db_exec(db, "SELECT user_id, password_hash, is_active "
	    "FROM auth_login_lookup($1)", 1, p);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		acc->id = arena_strdup(a, PQgetvalue(res, 0, 0));
		acc->hash = arena_strdup(a, PQgetvalue(res, 0, 1));
		acc->active = PQgetvalue(res, 0, 2)[0] == 't';
	}
	PQclear(res);
	return 0;
}

int
user_taken(struct db *db, const char *email, const char *username,
    int *email_taken, int *username_taken)
{
	const char *p[2] = { email, username };
	PGresult *res;

	res = db_exec(db, "SELECT email_taken, username_taken "
	    "FROM auth_account_taken($1, $2)", 2, p);
	if (res == NULL)
		return -1;
	*email_taken = PQgetvalue(res, 0, 0)[0] == 't';
	*username_taken = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	return 0;
}

enum user_insert
user_insert(struct db *db, const char *id, const char *email,
    const char *username, const char *hash)
{
	const char *p[3] = { email, username, hash };

	if (db_set_user(db, id, NULL) != 0)
		return USER_FAILED;
	if (db_cmd(db, "INSERT INTO users (id, email, username, "
	    "password_hash) VALUES (current_user_id(), $1, $2, $3)", 3, p) == 0)
		return USER_CREATED;
	return strcmp(db_sqlstate(db), "23505") == 0 ? USER_TAKEN : USER_FAILED;
}

/* auth_invite_valid or auth_invite_use of token: 1 true, 0 false, -1. */
static int
invite_call(struct db *db, struct arena *a, const char *sql, const char *token)
{
	const char *p[1];
	PGresult *res;
	int	 yes;

	if ((p[0] = sess_token_hash(a, token)) == NULL)
		return 0;
	if ((res = db_exec(db, sql, 1, p)) == NULL)
		return -1;
	yes = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return yes;
}

int
user_invite_valid(struct db *db, struct arena *a, const char *token)
{
	return invite_call(db, a, "SELECT auth_invite_valid($1::bytea)", token);
}

int
user_invite_use(struct db *db, struct arena *a, const char *token)
{
	return invite_call(db, a, "SELECT auth_invite_use($1::bytea)", token);
}

/*
 * Rounds num / den half away from zero (num >= 0, den > 0), as
 * PostgreSQL's round() of a numeric does.
 */
static long long
div_round(long long num, long long den)
{
	return (2 * num + den) / (2 * den);
}

long long
user_weight_in(long long kg100, int lb)
{
	/* kg100 / 100 kg ÷ 0.45359237 kg/lb × 10 tenths. */
	return lb ? div_round(kg100 * 10000000LL, LB_KG_E8) :
	    div_round(kg100, 10);
}

long long
user_weight_kg100(long long tenths, int lb)
{
	/* tenths / 10 lb × 0.45359237 kg/lb × 100. */
	return lb ? div_round(tenths * LB_KG_E8, 10000000LL) : tenths * 10;
}

int
user_profile(struct db *db, struct arena *a, struct profile *pr)
{
	PGresult *res;

	res = db_exec(db, "SELECT timezone, week_start, weight_unit FROM users "
	    "WHERE id = current_user_id()", 0, NULL);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	pr->timezone = arena_strdup(a, PQgetvalue(res, 0, 0));
	pr->week_start = PQgetvalue(res, 0, 1)[0] == '0' ? 0 : 1;
	pr->unit = strcmp(PQgetvalue(res, 0, 2), "lb") == 0 ? "lb" : "kg";
	PQclear(res);
	return 0;
}

int
user_save_profile(struct db *db, const char *tz, int week_start,
    const char *unit)
{
	const char *p[3] = { tz, week_start ? "1" : "0", unit };

	return db_cmd(db, "UPDATE users SET timezone = $1, week_start = $2, "
	    "weight_unit = $3 WHERE id = current_user_id()", 3, p);
}

int
user_secret(struct db *db, struct arena *a, const char **hash,
    const char **email)
{
	PGresult *res;

	res = db_exec(db, "SELECT password_hash, email FROM users "
	    "WHERE id = current_user_id()", 0, NULL);
	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	*hash = arena_strdup(a, PQgetvalue(res, 0, 0));
	*email = arena_strdup(a, PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

int
user_set_password(struct db *db, const char *hash)
{
	const char *p[1] = { hash };

	return db_cmd(db, "UPDATE users SET password_hash = $1 "
	    "WHERE id = current_user_id()", 1, p);
}

int
user_delete(struct db *db)
{
	PGresult *res;
	long	 n;

	res = db_exec(db, "DELETE FROM users WHERE id = current_user_id()",
	    0, NULL);
	if (res == NULL)
		return -1;
	n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n == 1 ? 0 : -1;
}
