/* config.h — settings every worker reads, filled in by main.c from env and flags */
#ifndef EXBUDDY_CONFIG_H
#define EXBUDDY_CONFIG_H

/* Who may sign up (EXBUDDY_SIGNUP). */
enum signup_mode {
	SIGNUP_OPEN,		/* anyone */
	SIGNUP_INVITE,		/* with a link of `exbuddy user invite` */
	SIGNUP_CLOSED		/* nobody: `exbuddy user add` makes accounts */
};

/* Which requests get a line in the log (EXBUDDY_REQUEST_LOG). */
enum request_log {
	REQUEST_LOG_ALL,	/* every request */
	REQUEST_LOG_PROBLEMS	/* 5xx answers and slow ones (http_log_problem) */
};

struct app_conf {
	int	 session_idle;		/* seconds a session may sit unused */
	int	 session_max;		/* seconds a session lives at most */
	int	 login_max_failures;	/* failed logins that lock an account */
	int	 login_window;		/* seconds: failure window and lock time */
	int	 login_ip_max;		/* failed logins from one address per window */
	int	 hash_max;		/* password hashes running at once */
	int	 db_prepare;		/* statements prepared per connection (0: none) */
	enum signup_mode signup;
	enum request_log request_log;
};

extern struct app_conf app_conf;

#endif
