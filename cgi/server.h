/* server.h — prefork master and worker loop */
#ifndef EXBUDDY_SERVER_H
#define EXBUDDY_SERVER_H

struct server_conf {
	const char	*socket_path;	/* unix socket nginx connects to */
	const char	*socket_group;	/* its group (nginx's), or NULL */
	const char	*user;		/* drop to this user after bind, or NULL */
	const char	*pidfile;	/* master's pid, or NULL */
	const char	*dsn;		/* libpq connection string */
	const char	*read_dsn;	/* a read replica's, or NULL */
	const char	*templates;	/* directory of *.tmpl */
	int		 workers;
	long		 max_requests;	/* recycle a worker after this many */
};

/*
 * Binds the socket, loads the templates, forks the workers and keeps
 * them running until SIGTERM/SIGINT. SIGHUP reloads templates and
 * replaces the workers. Returns the process exit status.
 */
int	 server_run(const struct server_conf *);

#endif
