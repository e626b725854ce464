/* password.c — Argon2id hashing with a cap on concurrent hashes, password rules */
#include <sys/mman.h>

#include <stddef.h>

#include <crack.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"
#include "password.h"
#include "utf8.h"

#define PW_OPS	crypto_pwhash_OPSLIMIT_INTERACTIVE	/* t = 2 */
#define PW_MEM	crypto_pwhash_MEMLIMIT_INTERACTIVE	/* 64 MiB */

/*
 * The cap on concurrent hashes: one byte of a memory file per slot, held
 * with an fcntl lock. The kernel releases the locks of a process that
 * dies, so a worker killed mid-hash (OOM, SIGKILL) frees its slot. As
 * many bytes again are the places in the queue: a worker waits for a slot
 * only holding one, and without a place answers "busy" at once, so that
 * a flood of logins never keeps more than twice the slots of workers
 * from the pages that hash nothing.
 */
static int	 slots_fd = -1;
static int	 nslots;
static int	 held = -1;	/* the slot this process holds */

static const char *dummy_hash(void);

int
pw_init(int max)
{
	/* Made once here, before the fork: every worker has it ready. */
	if (*dummy_hash() == '\0')
		return -1;
	if ((slots_fd = memfd_create("exbuddy-hash-slots", MFD_CLOEXEC)) < 0 ||
	    ftruncate(slots_fd, 2 * (off_t)max) != 0) {
		fprintf(stderr, "exbuddy: hashing slots: %s\n", strerror(errno));
		return -1;
	}
	nslots = max;
	return 0;
}

static int
lock_byte(int i, short type)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = i;
	fl.l_len = 1;
	return fcntl(slots_fd, F_SETLK, &fl);
}

/* A free byte from first to first + nslots - 1, locked; or -1. */
static int
take(int first)
{
	int	 i;

	for (i = first; i < first + nslots; i++)
		if (lock_byte(i, F_WRLCK) == 0)
			return i;
	return -1;
}

static int
acquire(void)
{
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	time_t	 deadline = time(NULL) + PW_WAIT;
	int	 place;

	if (slots_fd < 0)
		return 0;
	if ((held = take(0)) >= 0)
		return 0;
	if ((place = take(nslots)) < 0) {
		fprintf(stderr, "exbuddy: every hashing slot and place in its "
		    "queue is busy\n");
		return -1;
	}
	while ((held = take(0)) < 0 && time(NULL) < deadline)
		nanosleep(&nap, NULL);
	(void)lock_byte(place, F_UNLCK);
	if (held < 0)
		fprintf(stderr, "exbuddy: no hashing slot came free\n");
	return held >= 0 ? 0 : -1;
}

static void
release(void)
{
	if (slots_fd >= 0 && held >= 0)
		(void)lock_byte(held, F_UNLCK);
	held = -1;
}

/*
 * A hash to make (out) or to check (hash), and its result: 0 when made,
 * or when pw matches.
 */
struct job {
	const char	*pw;
	const char	*hash;
	char		*out;
	int		 rc;
};

static void
work(struct job *j)
{
	if (j->out != NULL)
		j->rc = crypto_pwhash_str(j->out, j->pw, strlen(j->pw), PW_OPS,
		    PW_MEM);
	else
		j->rc = crypto_pwhash_str_verify(j->hash, j->pw, strlen(j->pw));
}

static void *
background(void *arg)
{
	static int	 warned;
	struct sched_param sp = { 0 };
	int		 rc;

	rc = pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp);
	if (rc != 0 && !warned) {	/* one hash thread at a time */
		warned = 1;
		fprintf(stderr, "exbuddy: password hashes run at the worker's "
		    "own priority: SCHED_IDLE: %s\n", strerror(rc));
	}
	work(arg);
	return NULL;
}

/*
 * A hash takes some 70 ms of a core. It runs in a thread of its own at
 * SCHED_IDLE, and the worker waits for it: any page's process woken on
 * that core takes the core at once, where under SCHED_BATCH (the
 * stack's, and exbuddy.service's) it would wait for the scheduler's next
 * tick, up to 4 ms at each hand-off of a request. The thread dies with
 * the hash, so the worker never needs to get its own policy back (which
 * an unprivileged process cannot do from SCHED_IDLE). Without a thread
 * (out of memory or processes) the hash runs in the worker itself.
 */
static void
run(struct job *j)
{
	pthread_t	 t;
	sigset_t	 all, old;
	int		 rc;

	/* Signals stay the worker's: the thread starts with all blocked. */
	sigfillset(&all);
	(void)pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&t, NULL, background, j);
	(void)pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		(void)pthread_join(t, NULL);
	else
		work(j);
}

int
pw_hash(const char *pw, char out[PW_HASH_LEN])
{
	struct job	 j = { pw, NULL, out, -1 };

	if (acquire() != 0)
		return -1;
	run(&j);
	release();
	return j.rc == 0 ? 0 : -1;
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

enum pw_check
pw_verify(const char *hash, const char *pw)
{
	/* A NULL hash: the same work as a real check, never a match. */
	struct job	 j = { pw, hash != NULL ? hash : dummy_hash(), NULL, -1 };

	if (acquire() != 0)
		return PW_BUSY;
	run(&j);
	release();
	return hash != NULL && j.rc == 0 ? PW_MATCH : PW_MISMATCH;
}

int
pw_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, PW_OPS, PW_MEM) != 0;
}

const char *
pw_weak(struct arena *a, const char *pw, const char *username,
    const char *email)
{
	const char *msg;
	size_t	 n = utf8_chars(pw, strlen(pw));

	if (n < PW_MIN_CHARS)
		return "Use at least " XSTR(PW_MIN_CHARS) " characters.";
	if (n > PW_MAX_CHARS)
		return "Use at most " XSTR(PW_MAX_CHARS) " characters.";
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
	return arena_printf(a, "This password is too easy to guess (%s). "
	    "Try a longer one, or a few unrelated words.", msg);
}
