/*
 * fcgi.c — a response built whole in memory (its head and body) written
 * to nginx as FastCGI stdout records of up to 64 KB, then the records
 * that end the stream and the request, in one writev where it fits:
 * libfcgi's stream writes a record of 8 KB a system call, and each wakes
 * nginx (11 for a /stats page), and its end records, written when it
 * finishes the request, were one wake more for every page. No padding:
 * FastCGI only recommends it.
 */
#include <sys/uio.h>

#include <errno.h>
#include <string.h>

#include <fastcgi.h>

#include "fcgi.h"

/* writev until all of iov is out; iov is used up. -1 when nginx is gone. */
static int
writev_all(int fd, struct iovec *iov, int n)
{
	ssize_t	 k;

	while (n > 0) {
		if ((k = writev(fd, iov, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (; n > 0 && (size_t)k >= iov->iov_len; iov++, n--)
			k -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + k;
			iov->iov_len -= (size_t)k;
		}
	}
	return 0;
}

/* The last 24 bytes of a response: the stream's end, the request's. */
struct tail {
	FCGI_Header		eof;
	FCGI_EndRequestRecord	end;
};
_Static_assert(sizeof(struct tail) == 3 * FCGI_HEADER_LEN, "no padding");

/* A record's header; len <= FCGI_RECORD_MAX. */
static void
header(FCGI_Header *h, int type, int id, size_t len)
{
	memset(h, 0, sizeof(*h));
	h->version = FCGI_VERSION_1;
	h->type = (unsigned char)type;
	h->requestIdB1 = (unsigned char)(id >> 8);
	h->requestIdB0 = (unsigned char)id;
	h->contentLengthB1 = (unsigned char)(len >> 8);
	h->contentLengthB0 = (unsigned char)len;
}

/*
 * Writes part[0] and part[1] (len[0] and len[1] bytes; either may be
 * empty) to fd as the stdout of request id, then the stream's end (an
 * empty record) and the request's (complete, status 0). The request is
 * then over: libfcgi must not finish it (it would end it again), only
 * free it. 0, or -1 when the write failed.
 */
int
fcgi_respond(int fd, int id, const char *const part[2], const size_t len[2])
{
	struct tail tail;
	FCGI_Header hdr[FCGI_WRITE_MAX];
	struct iovec iov[2 * FCGI_WRITE_MAX + 1];
	size_t	 off = 0, k;
	int	 p = 0, n, v;

	header(&tail.eof, FCGI_STDOUT, id, 0);
	header(&tail.end.header, FCGI_END_REQUEST, id, sizeof(tail.end.body));
	memset(&tail.end.body, 0, sizeof(tail.end.body));
	tail.end.body.protocolStatus = FCGI_REQUEST_COMPLETE;
	for (;;) {
		for (n = v = 0;; n++) {
			while (p < 2 && off == len[p])
				p++, off = 0;
			if (p == 2 || n == FCGI_WRITE_MAX)
				break;
			k = len[p] - off < FCGI_RECORD_MAX ? len[p] - off :
			    FCGI_RECORD_MAX;
			header(&hdr[n], FCGI_STDOUT, id, k);
			iov[v].iov_base = &hdr[n];
			iov[v++].iov_len = sizeof(hdr[n]);
			iov[v].iov_base = (char *)part[p] + off;
			iov[v++].iov_len = k;
			off += k;
		}
		if (p == 2) {
			iov[v].iov_base = &tail;
			iov[v++].iov_len = sizeof(tail);
		}
		if (writev_all(fd, iov, v) != 0)
			return -1;
		if (p == 2)
			return 0;
	}
}
