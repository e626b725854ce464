/* user.h — the user's own row: sign-up, login lookup, profile, password, deletion */
#ifndef EXBUDDY_USER_H
#define EXBUDDY_USER_H

struct arena;
struct db;
struct db_query;

/* An account found by email or username, before anyone is signed in. */
struct account {
	const char	*id;	/* NULL: no such user */
	const char	*hash;
	int		 active;
};

/* The account of login (an email or a username, any letter case). 0 or -1. */
int	 user_lookup(struct db *, struct arena *, const char *login,
	    struct account *);
/* Whether another account has this email or username. 0 or -1. */
int	 user_taken(struct db *, const char *email, const char *username,
	    int *email_taken, int *username_taken);

enum user_insert {
	USER_CREATED,
	USER_TAKEN,	/* someone took the email or name meanwhile: the
			   transaction is aborted */
	USER_FAILED
};

/* Creates the user id and makes it the RLS user of the transaction. */
enum user_insert user_insert(struct db *, const char *id, const char *email,
	    const char *username, const char *hash);

/*
 * Invitations (EXBUDDY_SIGNUP=invite): whether token may still make an
 * account, and spending it for the user the transaction was set to by
 * user_insert. 1 yes, 0 no (malformed, unknown, spent or expired: after
 * user_invite_use the caller rolls the sign-up back), -1 on a database
 * failure.
 */
int	 user_invite_valid(struct db *, struct arena *, const char *token);
int	 user_invite_use(struct db *, struct arena *, const char *token);

/* The signed-in user's profile as stored. */
struct profile {
	const char	*timezone;
	int		 week_start;	/* 0 Sunday, 1 Monday */
	const char	*unit;		/* "kg" or "lb" */
};

int	 user_profile(struct db *, struct arena *, struct profile *);
/* Saves the profile. 0 or -1. */
int	 user_save_profile(struct db *, const char *tz, int week_start,
	    const char *unit);
/* The user's password hash and email (arena strings). 0 or -1. */
int	 user_secret(struct db *, struct arena *, const char **hash,
	    const char **email);
int	 user_set_password(struct db *, const char *hash);
/* Deletes the user, and by cascade everything of theirs. 0 or -1. */
int	 user_delete(struct db *);

/* Tenths of lb or kg for a weight in hundredths of a kg, and back. */
long long user_weight_in(long long kg100, int lb);
long long user_weight_kg100(long long tenths, int lb);

#endif
