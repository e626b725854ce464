/* migrate.h — numbered SQL migrations with checksums */
#ifndef EXBUDDY_MIGRATE_H
#define EXBUDDY_MIGRATE_H

/*
 * `exbuddy migrate up | down N | status` against the database at dsn
 * (an admin role: the first migration creates the roles), with the
 * files sql/NNN_name.sql and sql/NNN_name.down.sql in dir.
 * Returns the process exit status: 0 done, 1 failed, 2 usage.
 */
int	 migrate_main(const char *dsn, const char *dir, int argc, char **argv);

#endif
