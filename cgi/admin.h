/* admin.h — `exbuddy user`: list, disable and enable accounts from the shell */
#ifndef EXBUDDY_ADMIN_H
#define EXBUDDY_ADMIN_H

/*
 * `exbuddy user list | disable NAME | enable NAME` against the database
 * at dsn (a superuser, which row level security lets see every row).
 * `list` prints a table to stdout; its last login is the newest login or
 * sign-up in audit_log, in UTC. NAME is a username, matched in any
 * letter case. Disabling also ends the user's sessions. Returns the
 * process exit status: 0 done, 1 no such user or a database failure,
 * 2 usage.
 */
int	 admin_user_main(const char *dsn, int argc, char **argv);

#endif
