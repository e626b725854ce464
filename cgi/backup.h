/* backup.h — `exbuddy backup` and `exbuddy restore`: pg_dump -Fc files, rotated, and pg_restore */
#ifndef EXBUDDY_BACKUP_H
#define EXBUDDY_BACKUP_H

/*
 * `exbuddy backup`: pg_dump -Fc of the database at dsn (a superuser: row
 * level security hides other users' rows from anyone else) into
 * dir/exbuddy-YYYYMMDDTHHMMSSZ.dump (UTC; mode 0600; dir made 0700 when
 * missing). pg_dump writes a hidden temporary file, renamed only when it
 * succeeded; then every backup but the newest keep is removed. pg_dump
 * is the one on PATH, else in `pg_config --bindir`. Returns the exit
 * status: 0 done, 1 failed (nothing written, nothing removed), 2 usage.
 */
int	 backup_main(const char *dsn, const char *dir, int keep, int argc,
	    char **argv);

/*
 * `exbuddy restore [--clean] FILE`: pg_restore of FILE into the database
 * at dsn, in one transaction (a failure changes nothing). A database that
 * holds tables is refused unless --clean, which drops what the backup
 * holds before restoring it. Then the settings the backup holds for roles
 * in its database (pg_restore leaves them out) when the database has the
 * same name. Returns 0 done, 1 refused or failed, 2 usage.
 */
int	 restore_main(const char *dsn, int argc, char **argv);

#endif
