/* multipart.h — multipart/form-data bodies (RFC 7578), for uploads */
#ifndef EXBUDDY_MULTIPART_H
#define EXBUDDY_MULTIPART_H

#include <stddef.h>

struct arena;

struct mpart {
	const char	*name;		/* form field name, valid UTF-8 */
	const char	*filename;	/* NULL when not a file */
	const char	*ctype;		/* the part's Content-Type, or NULL */
	const char	*data;		/* NUL-terminated copy; may hold NULs if a file */
	size_t		 len;
	size_t		 off;		/* where data began in the body */
};

struct mpart_list {
	struct mpart	*v;
	size_t		 n;
};

/*
 * Parses body (len bytes) sent with the given Content-Type header
 * ("multipart/form-data; boundary=..."). Returns 0, 400 when malformed
 * (no or bad boundary, no closing delimiter, a part without a
 * Content-Disposition form-data name, a non-file field that is not
 * valid UTF-8 or holds a NUL), or 413 over MP_MAX_PARTS / MP_MAX_HEADER
 * (also: a body over REQ_MAX_UPLOAD, a name over REQ_MAX_KEY_LEN, a
 * non-file field over REQ_MAX_FIELD_LEN; MP_MAX_HEADER counts a part's
 * header lines and the CRLFs between them). A part is a file when its
 * Content-Disposition has a filename (possibly ""); only its last path
 * component is kept. On an error out->n is 0.
 */
int	 mp_parse(struct arena *, const char *content_type, const char *body,
	    size_t len, struct mpart_list *out);
/* The first part named name, or NULL. */
const struct mpart *mp_get(const struct mpart_list *, const char *name);

#endif
