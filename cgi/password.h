/* password.h — Argon2id hashing with a cap on concurrent hashes, password rules */
#ifndef EXBUDDY_PASSWORD_H
#define EXBUDDY_PASSWORD_H

#include <sodium.h>

#include "limits.h"

#define PW_HASH_LEN	crypto_pwhash_STRBYTES

/*
 * In the master, before forking: at most max hashes at once, and the
 * dummy hash for unknown users made once. 0 or -1.
 */
int	 pw_init(int max);
/* Hashes pw (Argon2id, t=2, 64 MiB). 0, or -1 when busy or out of memory. */
int	 pw_hash(const char *pw, char out[PW_HASH_LEN]);
enum pw_check {
	PW_MATCH,
	PW_MISMATCH,
	PW_BUSY		/* every hashing slot stayed taken: answer 503 */
};

/*
 * Checks pw against hash. A NULL hash is checked against a dummy hash,
 * so an unknown user costs the same time (and never matches).
 */
enum pw_check pw_verify(const char *hash, const char *pw);
/* 1 when hash was made with other parameters than pw_hash uses now. */
int	 pw_needs_rehash(const char *hash);
struct arena;

/*
 * Why pw may not be used (too short or long, too common per cracklib's
 * dictionary, the same as the username or email), or NULL when it is
 * fine. The reason may be an arena string.
 */
const char *pw_weak(struct arena *, const char *pw, const char *username,
	    const char *email);

#endif
