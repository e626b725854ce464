/* admin.h — `exbuddy user`: list, add, invite, disable and enable accounts from the shell */
#ifndef EXBUDDY_ADMIN_H
#define EXBUDDY_ADMIN_H

/*
 * `exbuddy user list | add NAME EMAIL | invite [NOTE] | disable NAME |
 * enable NAME` against the database at dsn (a superuser, which row level
 * security lets see every row). `list` prints a table to stdout; its last
 * login is the newest login or sign-up in audit_log, in UTC. `add` reads
 * the password as sign-up checks it (asked twice on a terminal, else the
 * first line of stdin). `invite` prints the path of a sign-up link for
 * one account (/signup?invite=TOKEN; only the token's SHA-256 is kept).
 * NAME is a username, matched in any letter case. Disabling also ends the
 * user's sessions. Returns the process exit status: 0 done, 1 refused,
 * no such user or a database failure, 2 usage.
 */
int	 admin_user_main(const char *dsn, int argc, char **argv);

#endif
