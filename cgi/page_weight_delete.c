/* page_weight_delete.c — GET and POST /weight/DATE/delete: delete a day's body weight */
#include "bodyweight.h"
#include "civil.h"
#include "http.h"
#include "page.h"
#include "tmpl.h"

static int
missing(struct ctx *c)
{
	tmpl_set(c->vars, "retry", "/weight");
	return page_error(c, 404, "There is no body weight of yours on that "
	    "day.");
}

/* GET /weight/DATE/delete: asks to confirm. 200; 404. */
int
page_weight_delete(struct ctx *c)
{
	struct bw_entry *e;
	char	 s[64];
	size_t	 n;
	long	 day;

	if (civil_parse_date(c->req->args[0], &day) != 0 || day < 0)
		return missing(c);
	if (bw_list(c->db, c->req->arena, day, &e, &n) != 0)
		return -1;
	if (n == 0 || e[0].day != day)
		return missing(c);
	civil_date(s, day);
	tmpl_set(c->vars, "day", s);
	civil_long_date(s, sizeof(s), day, 1);
	tmpl_set(c->vars, "day_text", s);
	return page_render(c, 200, "weight_delete.tmpl", "Delete a weight");
}

/* POST /weight/DATE/delete: deletes it. 303 to /weight; 404. */
int
page_weight_delete_post(struct ctx *c)
{
	long	 day;
	int	 rc;

	if (civil_parse_date(c->req->args[0], &day) != 0 || day < 0)
		return missing(c);
	if ((rc = bw_delete(c->db, day)) < 0)
		return -1;
	if (rc == 0)
		return missing(c);
	return page_done(c, "/weight", "That weight is deleted.");
}
