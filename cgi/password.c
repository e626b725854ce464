/* password.c — Argon2id hashing with a cap on concurrent hashes, password rules */
#include <sys/mman.h>

#include <stddef.h>

#include <crack.h>
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "password.h"
#include "valid.h"

#define PW_OPS	crypto_pwhash_OPSLIMIT_INTERACTIVE	/* t = 2 */
#define PW_MEM	crypto_pwhash_MEMLIMIT_INTERACTIVE	/* 64 MiB */

static sem_t	*slots;		/* shared by every worker; NULL: no cap */

static const char *dummy_hash(void);

int
pw_init(int max)
{
	void	*p;

	/* Made once here, before the fork: every worker has it ready. */
	if (*dummy_hash() == '\0')
		return -1;
	p = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || sem_init(p, 1, (unsigned)max) != 0) {
		fprintf(stderr, "exbuddy: hashing semaphore: %s\n",
		    strerror(errno));
		return -1;
	}
	slots = p;
	return 0;
}

static int
acquire(void)
{
	struct timespec ts;

	if (slots == NULL)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += PW_WAIT;
	while (sem_timedwait(slots, &ts) != 0)
		if (errno != EINTR) {
			fprintf(stderr, "exbuddy: every hashing slot is busy\n");
			return -1;
		}
	return 0;
}

static void
release(void)
{
	if (slots != NULL)
		sem_post(slots);
}

int
pw_hash(const char *pw, char out[PW_HASH_LEN])
{
	int	 rc;

	if (acquire() != 0)
		return -1;
	rc = crypto_pwhash_str(out, pw, strlen(pw), PW_OPS, PW_MEM);
	release();
	return rc == 0 ? 0 : -1;
}

/* A hash of a random password, made once per worker, for unknown users. */
static const char *
dummy_hash(void)
{
	static char dummy[PW_HASH_LEN];
	unsigned char rnd[16];
	char	 pw[33];

	if (dummy[0] == '\0') {
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(pw, sizeof(pw), rnd, sizeof(rnd));
		if (crypto_pwhash_str(dummy, pw, strlen(pw), PW_OPS,
		    PW_MEM) != 0)
			dummy[0] = '\0';
	}
	return dummy;
}

int
pw_verify(const char *hash, const char *pw)
{
	int	 ok, rc;

	if (acquire() != 0)
		return -1;
	if (hash == NULL) {
		/* The same work as a real check; never a match. */
		rc = crypto_pwhash_str_verify(dummy_hash(), pw, strlen(pw));
		(void)rc;
		ok = 0;
	} else
		ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	release();
	return ok;
}

int
pw_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, PW_OPS, PW_MEM) != 0;
}

const char *
pw_weak(const char *pw, const char *username, const char *email)
{
	static char why[160];
	const char *msg;
	size_t	 n = valid_chars(pw, strlen(pw));

	if (n < PW_MIN_CHARS)
		return "Use at least 8 characters.";
	if (n > PW_MAX_CHARS)
		return "Use at most 128 characters.";
	if ((username != NULL && strcasecmp(pw, username) == 0) ||
	    (email != NULL && strcasecmp(pw, email) == 0))
		return "Your password must not be your username or email.";
	msg = FascistCheckUser(pw, GetDefaultCracklibDict(), username, NULL);
	if (msg == NULL)
		return NULL;
	if (strstr(msg, "dictionary") != NULL && strstr(msg, "load") != NULL) {
		fprintf(stderr, "exbuddy: cracklib: %s\n", msg);
		return NULL;	/* no dictionary: the length rules still hold */
	}
	snprintf(why, sizeof(why), "This password is too easy to guess (%s). "
	    "Try a longer one, or a few unrelated words.", msg);
	return why;
}
