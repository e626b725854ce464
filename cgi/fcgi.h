/* fcgi.h — a whole response as FastCGI records, written at once */
#ifndef EXBUDDY_FCGI_H
#define EXBUDDY_FCGI_H

#include <stddef.h>

#define FCGI_RECORD_MAX	65528	/* content of a record: <= 65535, 8-aligned */
#define FCGI_WRITE_MAX	16	/* records a writev */

int	fcgi_respond(int, int, const char *const [2], const size_t [2]);

#endif
