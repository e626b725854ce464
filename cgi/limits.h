/* limits.h — every limit in one place; nginx/exbuddy.conf.in and the SQL constraints match */
#ifndef EXBUDDY_LIMITS_H
#define EXBUDDY_LIMITS_H

/*
 * A limit that a SQL constraint also enforces names it ("sql:
 * constraint"): tests/e2e/07_limits.t compares the two. A message that
 * states a limit is built from its constant with XSTR, or, where it
 * words the number otherwise, checked against it by a _Static_assert.
 */
#define STR_(x)			#x
#define XSTR(x)			STR_(x)

/* Requests (nginx's client_max_body_size and buffers match). */
#define REQ_MAX_BODY		(64 * 1024)	/* urlencoded form body; nginx client_max_body_size 64k */
#define REQ_MAX_UPLOAD		(8 * 1024 * 1024)	/* a CSV import (100000 rows); nginx /import matches */
#define MP_MAX_PARTS		8	/* parts of one multipart/form-data body */
#define MP_MAX_HEADER		1024	/* bytes of one part's headers */
#define REQ_MAX_PATH		1024	/* bytes of the decoded path */
#define REQ_MAX_QUERY		4096	/* bytes of the raw query string */
#define REQ_MAX_FIELDS		256	/* fields in a query string or form: 50 sets × 4 and more */
#define REQ_MAX_KEY_LEN		64	/* bytes of one field name */
#define REQ_MAX_FIELD_LEN	8192	/* bytes of one decoded field value */
#define REQ_MAX_COOKIE_HEADER	8192	/* bytes of the Cookie header */
#define REQ_MAX_COOKIES		32	/* cookies kept from one request */
#define REQ_MAX_HEADER		1024	/* bytes of any other header we read */
#define ROUTE_MAX_ARGS		4	/* "*" segments a route may capture */

/* CSV imports. */
#define CSV_MAX_FIELDS		16	/* fields in one CSV record */
#define CSV_MAX_FIELD		4096	/* bytes of one CSV field */
#define IMPORT_MAX_ROWS		100000	/* workout lines (sets) in one import */
#define IMPORT_MAX_WEIGHTS	40000	/* body weight lines: a day each, 1970 on */
/* Every line an import may have: its sections, their headers and gaps. */
#define CSV_MAX_RECORDS		140210	/* checked below EXERCISES_MAX_OWN */
#define IMPORT_SHOW_BAD		200	/* bad lines listed on the page at most */
#define IMPORTS_AT_ONCE		1	/* imports saving at once, site-wide */
#define IMPORT_TIMEOUT		60	/* seconds: an import's statement timeout */
#define EXPORT_BATCH		500	/* rows fetched and sent at a time */

/* Templates (parsed once at start-up). */
#define TMPL_MAX_INCLUDE_DEPTH	8
#define TMPL_MAX_FILE		(256 * 1024)	/* bytes in one template */
#define TMPL_MAX_NEST		64		/* open IF/UNLESS/LOOP in one file */

/* The server. */
#define SERVER_DEFAULT_WORKERS	4
#define SERVER_MAX_WORKERS	256
/*
 * Requests before a worker is recycled. A worker's memory stays flat over
 * a million requests (make bench-rss); a new worker has a new PostgreSQL
 * backend, whose first request of each page takes about 30-50 ms (statements
 * planned, caches filled) against 3 ms warm.
 */
#define SERVER_DEFAULT_MAX_REQ	1000000
#define SERVER_MAX_MAX_REQ	1000000000
#define SERVER_BACKOFF_MAX	30	/* seconds between respawns of a failing worker */
#define SERVER_STOP_GRACE	30	/* seconds old workers get to finish on stop/reload */
#define SERVER_LISTEN_BACKLOG	128	/* connections nginx may queue on the socket */
/*
 * EXBUDDY_REQUEST_LOG=problems logs a request that took exbuddy this long
 * or more (a page takes 1 to 20 ms under full load; a login some 100).
 */
#define LOG_SLOW_MS		250

#define DB_CONNECT_TIMEOUT	"3"	/* seconds, libpq connect_timeout */
#define REPLICA_RETRY_SECONDS	10	/* a read replica that failed: not tried again before */
#define DB_STATEMENT_TIMEOUT	"10s"	/* per statement, set at connect */
#define DB_IDLE_IN_TX_TIMEOUT	"60s"	/* a transaction left open, set at connect */
#define DB_PREPARED_MAX		256	/* statements prepared per connection; more run unnamed */
#define DB_PIPELINE_MAX		16	/* statements sent in one round trip */
#define DB_PARAMS_MAX		8	/* parameters of a statement db_prefetch sends */

/* Backups (exbuddy backup): how many of the newest are kept. */
#define BACKUP_KEEP_DEFAULT	14
#define BACKUP_KEEP_MAX		10000

/* Account settings (EXBUDDY_*): the defaults and the range each may take. */
#define SESSION_IDLE_DEFAULT	(14 * 86400)	/* seconds a session may go unused */
#define SESSION_MAX_DEFAULT	(90 * 86400)	/* seconds a session lives at most */
#define SESSION_SECONDS_MIN	60
#define SESSION_SECONDS_MAX	315360000	/* ten years */
#define LOGIN_FAILURES_DEFAULT	5	/* failed logins that lock an account */
#define LOGIN_FAILURES_MAX	1000
#define LOGIN_WINDOW_DEFAULT	(15 * 60)	/* seconds: the window and the lock */
#define LOGIN_WINDOW_MAX	86400
#define LOGIN_IP_DEFAULT	50	/* failed logins from one address (or on one name) that slow it */
#define LOGIN_SLOW_SECONDS	10	/* then: one attempt let through per this */
#define LOGIN_IP_MAX		1000000
#define HASH_DEFAULT		0	/* password hashes at once (64 MiB each): 0, half the CPUs */
#define HASH_MAX		64

/* Accounts. */
#define EMAIL_MAX_CHARS		255	/* sql: users_email_length */
#define USERNAME_MIN_CHARS	3	/* sql: users_username_shape */
#define USERNAME_MAX_CHARS	50	/* sql: users_username_shape */
#define PW_MIN_CHARS		8
#define PW_MAX_CHARS		128
#define PW_MAX_BYTES		(4 * PW_MAX_CHARS)	/* UTF-8 */
#define INVITE_DAYS		7	/* an invitation's life (exbuddy user invite) */
#define INVITE_NOTE_MAX		200	/* sql: invites_note_length */
#define PW_WAIT			2	/* seconds to wait for a hashing slot, then 503 */
#define BUSY_RETRY_SECONDS	2	/* Retry-After of a 503 "busy" */
#define UA_MAX_CHARS		512	/* sql: sessions_user_agent_length */
#define HOST_MAX_CHARS		255	/* a Host header that can name this site */
#define ACTIVITY_ROWS		20	/* security events on the settings page */
#define TZ_MAX			2048	/* time zone names kept */
#define TZ_BUF			(64 * 1024)	/* bytes for their text */
#define TZ_TAB_BUF		(64 * 1024)	/* bytes of tzdata's zone.tab read (19 kB in 2025) */

/* Workouts. */
#define WK_MAX_REPS		100000	/* sql: workouts_reps_range */
#define WK_MAX_SECONDS		86400	/* sql: workouts_duration_range */
#define WK_MAX_CALORIES		100000	/* sql: workouts_calories_range */
#define WK_MAX_NOTE		500	/* characters; sql: workouts_note_length */
#define WK_MAX_EXERCISES	64	/* built-in exercises a worker keeps */
#define EXERCISES_MAX_OWN	200	/* exercises of a user's own */
_Static_assert(CSV_MAX_RECORDS == IMPORT_MAX_ROWS + IMPORT_MAX_WEIGHTS +
    EXERCISES_MAX_OWN + 10, "CSV_MAX_RECORDS: the sections, headers, gaps");
#define EXERCISE_NAME_MAX	60	/* characters; sql: exercise_types_name_length */
#define SETS_MAX		50	/* sets of one workout; sql: workouts_set_count_range */
#define LOAD_MAX_KG		1000	/* added weight or assistance; sql: workout_sets_load_range */
#define RECORD_REPS_MAX		12	/* reps of a set an estimated 1RM is taken from */
#define EXERCISE_RECENT		10	/* entries on an exercise's page */
#define SEARCH_MAX_CHARS	100	/* bytes of an exercise search that count */
#define HISTORY_ROWS		20	/* workouts on a page of the history */
#define RECENT_ROWS		5	/* workouts on the dashboard */
#define RECENT_EXERCISES	5	/* recent exercises offered first in the log form */
#define RECENT_SCAN_ROWS	20	/* workouts read to find them (wk_recent) */
#define RECENT_SCAN		RECENT_SCAN_ROWS
_Static_assert(RECENT_SCAN >= 4 * RECENT_EXERCISES, "enough to find them");
#define DASHBOARD_REPEAT	3	/* "Repeat" buttons on the dashboard */

/* Body weight: kg to 0.01; a weight in pounds is converted. */
#define WEIGHT_MIN_KG		20	/* sql: body_weights_weight_kg_range */
#define WEIGHT_MAX_KG		500	/* sql: body_weights_weight_kg_range */
#define WEIGHT_DEFAULT_KG	70	/* for calorie estimates without a weight */
#define WEIGHT_LIST_ROWS	60	/* body weight entries a page lists */

/* Weekly goals: a week of 7 × WK_MAX_REPS reps, or 7 days in minutes. */
#define GOAL_MAX_REPS		700000	/* sql: goals_weekly_target_range */
#define GOAL_MAX_MINUTES	10080

_Static_assert(GOAL_MAX_REPS == 7 * WK_MAX_REPS, "a week of the most reps");
_Static_assert(GOAL_MAX_MINUTES == 7 * 24 * 60, "a week in minutes");

#endif
