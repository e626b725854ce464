/* server.c — prefork master (spawn, respawn with backoff, reload, stop) and worker loop */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "config.h"
#include "db.h"
#include "fcgi.h"
#include "http.h"
#include "limits.h"
#include "page.h"
#include "password.h"
#include "route.h"
#include "server.h"
#include "tmpl.h"
#include "tz.h"
#include "valid.h"

#define RETIRE_MAX	(2 * SERVER_MAX_WORKERS)

struct slot {
	pid_t	 pid;		/* 0: no worker */
	time_t	 started;
	time_t	 next_start;	/* respawn not before this */
	int	 fails;		/* quick deaths in a row */
};

struct retiree {
	pid_t	 pid;
	time_t	 deadline;	/* SIGKILL after this */
};

struct master {
	const struct server_conf *conf;
	int		 fd;
	struct tmpl_set	*tmpl;
	struct slot	 slots[SERVER_MAX_WORKERS];
	struct retiree	 retired[RETIRE_MAX];
	int		 stopping;
};

struct worker {
	const struct tmpl_set *tmpl;
	struct db	 db;
	struct db	 read;		/* the read replica, when configured */
	int		 has_read;
	struct arena	 arena;
	struct buf	 head, hdr, out;
	int		 pid;		/* for the log line */
};

static volatile sig_atomic_t worker_stop;
static pid_t master_pid;	/* a worker's parent, set before the fork */

/* A worker's exit status: recycled after max_requests, or a failure. */
#define EXIT_RECYCLED	0
#define EXIT_FAILED	75	/* EX_TEMPFAIL: respawned with backoff */

static void
on_worker_signal(int sig)
{
	(void)sig;
	worker_stop = 1;
}

static double
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Reads the body; 0, or the status to answer (413 too big, 400 short). */
static int
read_body(FCGX_Request *fr, struct arena *a, size_t max, const char **body,
    size_t *len)
{
	const char *cl = http_param((const char *const *)fr->envp,
	    "CONTENT_LENGTH");
	long long n = 0;
	const char *why;
	char	*p;
	int	 got;

	*body = "";
	*len = 0;
	if (cl == NULL || *cl == '\0')
		return 0;
	if (valid_int(cl, 0, 9223372036854775807LL, &n, &why) != 0)
		return 400;
	if ((unsigned long long)n > max)
		return 413;
	p = arena_alloc(a, (size_t)n + 1);
	got = n > 0 ? FCGX_GetStr(p, (int)n, fr->in) : 0;
	if (got != n)
		return 400;
	*body = p;
	*len = (size_t)n;
	return 0;
}

static const char *
error_message(int status)
{
	switch (status) {
	case 413:
		return "What you sent is larger than this site accepts.";
	default:
		return "Your browser sent a request this site could not "
		    "understand.";
	}
}

/* How a streamed response reaches the client. */
static int
fcgi_write(void *arg, const char *s, size_t n)
{
	FCGX_Request *fr = arg;

	return FCGX_PutStr(s, (int)n, fr->out) == (int)n ? 0 : -1;
}

/* Parses the request, then takes a body of the size its route allows. */
static int
parse(FCGX_Request *fr, struct worker *w, struct req *r)
{
	const char *args[ROUTE_MAX_ARGS], *body;
	const struct route *rt;
	size_t	 len, max;
	int	 st;

	if ((st = http_parse(r, &w->arena, (const char *const *)fr->envp,
	    NULL, 0)) != 0)
		return st;
	rt = route_find(r->path, args);
	max = rt != NULL && (rt->flags & ROUTE_UPLOAD) ? REQ_MAX_UPLOAD :
	    REQ_MAX_BODY;
	if ((st = read_body(fr, &w->arena, max, &body, &len)) != 0)
		return st;
	return http_body(r, body, len, max);
}

/*
 * A page built whole (not streamed): nothing has gone through fr->out,
 * so what fcgi_respond writes is the whole stream, in order, and its end.
 */
static void
respond(FCGX_Request *fr, struct worker *w, const struct req *r)
{
	const char *part[2];
	size_t	 len[2];

	buf_reset(&w->head);
	http_head(r, &w->head, r->out->len);
	part[0] = w->head.data;
	len[0] = w->head.len;
	part[1] = r->out->data;
	len[1] = r->method != HTTP_HEAD ? r->out->len : 0;
	/* -1: nginx is gone; the connection closes all the same. */
	(void)fcgi_respond(fr->ipcFd, fr->requestId, part, len);
}

/* How a request's response ended, for worker_main to close it. */
enum ending {
	END_BY_LIBFCGI,	/* streamed through fr->out: libfcgi ends it */
	END_SENT,	/* fcgi_respond sent it and its end records */
	END_BROKEN	/* failed half-way through a stream */
};

/* One request. */
static enum ending
handle(FCGX_Request *fr, struct worker *w)
{
	struct timespec t0;
	struct req r;
	struct ctx c;
	double	 ms;
	unsigned long trips = w->db.trips + w->read.trips;
	enum ending how = END_BY_LIBFCGI;
	int	 st, rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&r, 0, sizeof(r));
	r.hdr = &w->hdr;
	r.out = &w->out;
	r.write = fcgi_write;
	r.write_arg = fr;
	st = parse(fr, w, &r);
	memset(&c, 0, sizeof(c));
	c.req = &r;
	c.db = c.primary = &w->db;
	c.read = w->has_read ? &w->read : NULL;
	c.tmpl = w->tmpl;
	c.vars = tmpl_vars_new(&w->arena);
	w->db.rid = w->read.rid = r.rid;
	if (st != 0)
		page_error(&c, st, error_message(st));
	else if ((rc = route_dispatch(&c)) != 0 && r.streamed) {
		/*
		 * The head is out: no error page is possible. Drop the
		 * connection instead of ending the response, so the client
		 * sees a broken download, not a short one that looks whole.
		 */
		r.status = 500;
		how = END_BROKEN;
	} else if (rc != 0) {
		buf_reset(r.hdr);
		page_error(&c, db_unavailable(c.db) ? 503 : 500,
		    db_unavailable(c.db) ? "The database is not answering. "
		    "Please try again in a minute." :
		    "Something went wrong on our side.");
	}
	db_cleanup(&w->db);
	if (w->has_read)
		db_cleanup(&w->read);
	if (!r.streamed) {
		respond(fr, w, &r);
		how = END_SENT;
	}
	ms = elapsed_ms(&t0);
	if (app_conf.request_log == REQUEST_LOG_ALL ||
	    http_log_problem(r.status, ms))
		http_log(&r, w->pid, ms, w->db.trips + w->read.trips - trips);
	return how;
}

/*
 * Ends a streamed response that failed half-way so nginx treats it as
 * broken (and the browser reports a failed download): what is complete
 * goes out, then a record of no FastCGI version, then the connection
 * closes without the end-of-request record.
 */
static void
break_response(FCGX_Request *fr)
{
	static const char bad[8] = { 0x7f, 0x7f, 0, 0, 0, 0, 0, 0 };

	ssize_t	 n;

	FCGX_FFlush(fr->out);
	n = write(fr->ipcFd, bad, sizeof(bad));	/* gone already: as good */
	(void)n;
	FCGX_Free(fr, 1);
}

/*
 * libfcgi closes a connection by shutting down its sending side, then
 * waiting for nginx to close: what nginx still sends (a body not read)
 * must not reset the connection before nginx has the response. When the
 * whole request was read, nothing more can come: the connection closes
 * at once, and the worker does not sleep until nginx gets to it. nginx
 * sends the whole request before the response is read (its request
 * buffering), so the read here does not wait; and it keeps no FastCGI
 * connection open (fastcgi_keep_conn off), so each request's is closed.
 */
static void
quick_close(FCGX_Request *fr)
{
	if (FCGX_HasSeenEOF(fr->in) || FCGX_GetChar(fr->in) == EOF)
		(void)FCGX_Detach(fr);
}

static void
worker_signals(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_worker_signal;	/* no SA_RESTART: accept returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void __attribute__((noreturn))
worker_main(const struct server_conf *conf, int fd, const struct tmpl_set *t)
{
	FCGX_Request fr;
	struct worker w;
	sigset_t block, old;
	long	 served;
	int	 status = EXIT_RECYCLED;

	/* A worker never outlives its master (SIGKILLed, say): it stops too. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != master_pid)
		_exit(EXIT_FAILED);
	worker_signals();
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	memset(&w, 0, sizeof(w));
	w.tmpl = t;
	w.pid = (int)getpid();
	arena_init(&w.arena);
	db_init(&w.db, conf->dsn, app_conf.db_prepare);
	(void)db_ready(&w.db);	/* early connect; a failure is retried later */
	if (conf->read_dsn != NULL && *conf->read_dsn != '\0') {
		/* Connected when a page first reads there. */
		db_init(&w.read, conf->read_dsn, app_conf.db_prepare);
		w.has_read = 1;
	}
	FCGX_Init();
	FCGX_InitRequest(&fr, fd, FCGI_FAIL_ACCEPT_ON_INTR);
	for (served = 0; !worker_stop && served < conf->max_requests; served++) {
		if (FCGX_Accept_r(&fr) < 0) {
			if (!worker_stop) {
				fprintf(stderr, "exbuddy: accept: %s\n",
				    strerror(errno));
				status = EXIT_FAILED;
			}
			break;
		}
		sigprocmask(SIG_BLOCK, &block, &old);
		switch (handle(&fr, &w)) {
		case END_BROKEN:
			break_response(&fr);
			break;
		case END_SENT:
			/* Ended already: finishing would end it again. */
			quick_close(&fr);
			FCGX_Free(&fr, !fr.keepConnection);
			break;
		case END_BY_LIBFCGI:
			quick_close(&fr);
			FCGX_Finish_r(&fr);
			break;
		}
		arena_reset(&w.arena);
		buf_reset(&w.out);
		buf_reset(&w.hdr);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	db_close(&w.db);
	if (w.has_read)
		db_close(&w.read);
	arena_free(&w.arena);
	buf_free(&w.head);
	buf_free(&w.hdr);
	buf_free(&w.out);
	_exit(status);
}

/*
 * The listening socket systemd passed (socket activation: deploy's
 * exbuddy.socket made it, with nginx's group): fd 3 when LISTEN_PID is
 * this process and LISTEN_FDS is 1. -1 when none was passed, -2 when one
 * was but is not a listening unix stream socket.
 */
static int
inherited_socket(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	const char *why;
	long long n;
	int	 v, fd = 3;
	socklen_t len;

	if (pid == NULL || fds == NULL || valid_int(pid, 1, INT32_MAX, &n,
	    &why) != 0 || (pid_t)n != getpid())
		return -1;
	(void)unsetenv("LISTEN_PID");
	(void)unsetenv("LISTEN_FDS");
	(void)unsetenv("LISTEN_FDNAMES");
	if (strcmp(fds, "1") != 0) {
		fprintf(stderr, "exbuddy: systemd passed %s sockets; one "
		    "is expected\n", fds);
		return -2;
	}
	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len) != 0 ||
	    v != AF_UNIX || (len = sizeof(v), getsockopt(fd, SOL_SOCKET,
	    SO_ACCEPTCONN, &v, &len)) != 0 || v != 1) {
		fprintf(stderr, "exbuddy: the socket systemd passed is not a "
		    "listening unix socket\n");
		return -2;
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)
		return -2;
	return fd;
}

/*
 * The socket systemd passed, else the unix socket bound here: mode 0660,
 * group of nginx. -1 on error.
 */
static int
listen_socket(const struct server_conf *conf, int *inherited)
{
	struct sockaddr_un sun;
	struct group *gr;
	int	 fd;

	if ((fd = inherited_socket()) != -1) {
		*inherited = fd >= 0;
		return fd >= 0 ? fd : -1;
	}
	*inherited = 0;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(conf->socket_path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "exbuddy: socket path too long: %s\n",
		    conf->socket_path);
		return -1;
	}
	strcpy(sun.sun_path, conf->socket_path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		goto fail;
	/* A server still answering there? Then do not steal its socket. */
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		fprintf(stderr, "exbuddy: %s is in use by a running server\n",
		    conf->socket_path);
		close(fd);
		return -1;
	}
	(void)unlink(conf->socket_path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 ||
	    chmod(conf->socket_path, 0660) != 0)
		goto fail;
	if (conf->socket_group != NULL && *conf->socket_group != '\0') {
		if ((gr = getgrnam(conf->socket_group)) == NULL) {
			fprintf(stderr, "exbuddy: no group %s\n",
			    conf->socket_group);
			close(fd);
			return -1;
		}
		if (chown(conf->socket_path, (uid_t)-1, gr->gr_gid) != 0)
			goto fail;
	}
	if (listen(fd, SERVER_LISTEN_BACKLOG) != 0)
		goto fail;
	return fd;
fail:
	fprintf(stderr, "exbuddy: %s: %s\n", conf->socket_path,
	    strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

static int
drop_privileges(const char *user)
{
	struct passwd *pw;

	if (user == NULL || *user == '\0')
		return 0;
	if ((pw = getpwnam(user)) == NULL) {
		fprintf(stderr, "exbuddy: no user %s\n", user);
		return -1;
	}
	if (setgroups(1, &pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		fprintf(stderr, "exbuddy: cannot become %s: %s\n", user,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static struct tmpl_set *
load_templates(const char *dir)
{
	struct tmpl_set *t;
	char	 err[512];

	if ((t = tmpl_load_dir(dir, err, sizeof(err))) == NULL)
		fprintf(stderr, "exbuddy: templates: %s\n", err);
	return t;
}

static void
spawn(struct master *m, struct slot *s, time_t now)
{
	pid_t	 pid;

	if ((pid = fork()) < 0) {
		fprintf(stderr, "exbuddy: fork: %s\n", strerror(errno));
		s->next_start = now + 1;
		return;
	}
	if (pid == 0)
		worker_main(m->conf, m->fd, m->tmpl);
	s->pid = pid;
	s->started = now;
}

/* Seconds to wait before restarting a worker that died `fails` times. */
static time_t
backoff(int fails)
{
	if (fails <= 1)
		return 0;
	if (fails > 6)
		return SERVER_BACKOFF_MAX;
	return (1 << (fails - 1)) < SERVER_BACKOFF_MAX ?
	    (1 << (fails - 1)) : SERVER_BACKOFF_MAX;
}

static void
retire(struct master *m, pid_t pid, time_t now)
{
	int	 i;

	kill(pid, SIGTERM);
	for (i = 0; i < RETIRE_MAX; i++)
		if (m->retired[i].pid == 0) {
			m->retired[i].pid = pid;
			m->retired[i].deadline = now + SERVER_STOP_GRACE;
			return;
		}
	kill(pid, SIGKILL);	/* no room to wait for it */
}

static void
reaped(struct master *m, pid_t pid, int status, time_t now)
{
	struct slot *s;
	int	 i;

	for (i = 0; i < RETIRE_MAX; i++)
		if (m->retired[i].pid == pid) {
			m->retired[i].pid = 0;
			return;
		}
	for (i = 0; i < m->conf->workers; i++) {
		s = &m->slots[i];
		if (s->pid != pid)
			continue;
		s->pid = 0;
		if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_RECYCLED) {
			s->fails = 0;	/* recycled after max_requests, or stopped */
			s->next_start = now;
			return;
		}
		fprintf(stderr, "exbuddy: worker %d %s %d\n", (int)pid,
		    WIFSIGNALED(status) ? "killed by signal" : "exited with",
		    WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
		/*
		 * SIGKILL comes from outside (an operator, the OOM killer), not
		 * from a worker failing: replaced at once. A backoff here would
		 * leave no worker at all while they are killed in turn.
		 */
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			s->fails = 0;
		else
			s->fails = (now - s->started < 10) ? s->fails + 1 : 1;
		s->next_start = now + backoff(s->fails);
		return;
	}
}

static void
reap(struct master *m)
{
	pid_t	 pid;
	int	 status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		reaped(m, pid, status, time(NULL));
}

/* SIGHUP: new templates, new workers; old ones finish their request. */
static void
reload(struct master *m, time_t now)
{
	struct tmpl_set *t;
	int	 i;

	if ((t = load_templates(m->conf->templates)) == NULL) {
		fprintf(stderr, "exbuddy: reload failed; keeping workers\n");
		return;
	}
	tmpl_set_free(m->tmpl);
	m->tmpl = t;
	for (i = 0; i < m->conf->workers; i++) {
		if (m->slots[i].pid != 0)
			retire(m, m->slots[i].pid, now);
		m->slots[i].pid = 0;
		m->slots[i].fails = 0;
		m->slots[i].next_start = now;
	}
	fprintf(stderr, "exbuddy: reloaded\n");
}

static int
children(const struct master *m)
{
	int	 i, n = 0;

	for (i = 0; i < m->conf->workers; i++)
		n += m->slots[i].pid != 0;
	for (i = 0; i < RETIRE_MAX; i++)
		n += m->retired[i].pid != 0;
	return n;
}

/* Once a second: nudge retiring workers (a SIGTERM may land just before accept). */
static void
tick(struct master *m, time_t now)
{
	int	 i;

	for (i = 0; i < RETIRE_MAX; i++) {
		if (m->retired[i].pid == 0)
			continue;
		kill(m->retired[i].pid,
		    now >= m->retired[i].deadline ? SIGKILL : SIGTERM);
	}
	if (m->stopping)
		return;
	for (i = 0; i < m->conf->workers; i++)
		if (m->slots[i].pid == 0 && now >= m->slots[i].next_start)
			spawn(m, &m->slots[i], now);
}

static void
begin_stop(struct master *m, time_t now)
{
	int	 i;

	m->stopping = 1;
	for (i = 0; i < m->conf->workers; i++)
		if (m->slots[i].pid != 0) {
			retire(m, m->slots[i].pid, now);
			m->slots[i].pid = 0;
		}
}

static void
master_loop(struct master *m, const sigset_t *set)
{
	struct timespec ts = { 1, 0 };
	siginfo_t info;
	int	 sig;

	tick(m, time(NULL));
	while (!m->stopping || children(m) > 0) {
		sig = sigtimedwait(set, &info, &ts);
		switch (sig) {
		case SIGTERM:
		case SIGINT:
		case SIGQUIT:
			if (!m->stopping)
				fprintf(stderr, "exbuddy: stopping\n");
			begin_stop(m, time(NULL));
			break;
		case SIGHUP:
			if (!m->stopping)
				reload(m, time(NULL));
			break;
		default:
			break;
		}
		reap(m);
		tick(m, time(NULL));
	}
}

static int
write_pidfile(const char *path)
{
	FILE	*f;

	if (path == NULL)
		return 0;
	if ((f = fopen(path, "w")) == NULL || fprintf(f, "%d\n",
	    (int)getpid()) < 0 || fclose(f) != 0) {
		fprintf(stderr, "exbuddy: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
server_run(const struct server_conf *conf)
{
	static struct master m;
	sigset_t set;
	int	 inherited = 0;

	memset(&m, 0, sizeof(m));
	m.conf = conf;
	master_pid = getpid();
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((m.tmpl = load_templates(conf->templates)) == NULL)
		return 1;
	(void)tz_load_countries();	/* without it, every guess is UTC */
	if ((m.fd = listen_socket(conf, &inherited)) < 0 ||
	    pw_init(app_conf.hash_max) != 0)
		goto fail;
	if (write_pidfile(conf->pidfile) != 0 || drop_privileges(conf->user))
		goto fail;
	fprintf(stderr, "exbuddy: serving on %s with %d workers\n",
	    inherited ? "the socket systemd passed" : conf->socket_path,
	    conf->workers);
	master_loop(&m, &set);
	close(m.fd);
	if (!inherited)
		(void)unlink(conf->socket_path);
	if (conf->pidfile != NULL)
		(void)unlink(conf->pidfile);
	tmpl_set_free(m.tmpl);
	fprintf(stderr, "exbuddy: stopped\n");
	return 0;
fail:
	tmpl_set_free(m.tmpl);
	return 1;
}
