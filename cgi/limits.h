/* limits.h — every request limit in one place; nginx/exbuddy.conf.in matches */
#ifndef EXBUDDY_LIMITS_H
#define EXBUDDY_LIMITS_H

#define REQ_MAX_BODY		(64 * 1024)	/* urlencoded form body; nginx client_max_body_size 64k */
#define REQ_MAX_UPLOAD		(8 * 1024 * 1024)	/* a CSV import (100000 rows); nginx /import matches */
#define MP_MAX_PARTS		8	/* parts of one multipart/form-data body */
#define MP_MAX_HEADER		1024	/* bytes of one part's headers */
#define CSV_MAX_FIELDS		16	/* fields in one CSV record */
#define CSV_MAX_FIELD		4096	/* bytes of one CSV field */
#define IMPORT_MAX_ROWS		100000	/* workouts in one import */
#define CSV_MAX_RECORDS		(IMPORT_MAX_ROWS + 1)	/* with its header line */
#define REQ_MAX_PATH		1024	/* bytes of the decoded path */
#define REQ_MAX_QUERY		4096	/* bytes of the raw query string */
#define REQ_MAX_FIELDS		64	/* fields in a query string or form */
#define REQ_MAX_KEY_LEN		64	/* bytes of one field name */
#define REQ_MAX_FIELD_LEN	8192	/* bytes of one decoded field value */
#define REQ_MAX_COOKIE_HEADER	8192	/* bytes of the Cookie header */
#define REQ_MAX_COOKIES		32	/* cookies kept from one request */
#define REQ_MAX_HEADER		1024	/* bytes of any other header we read */
#define ROUTE_MAX_ARGS		4	/* "*" segments a route may capture */

#define SERVER_DEFAULT_WORKERS	4
#define SERVER_MAX_WORKERS	256
#define SERVER_DEFAULT_MAX_REQ	10000	/* requests before a worker is recycled */
#define SERVER_BACKOFF_MAX	30	/* seconds between respawns of a failing worker */
#define SERVER_STOP_GRACE	30	/* seconds old workers get to finish on stop/reload */

#define DB_CONNECT_TIMEOUT	"3"	/* seconds, libpq connect_timeout */
#define DB_STATEMENT_TIMEOUT	"10s"	/* per statement, set at connect */

#endif
