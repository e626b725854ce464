/* view_dashboard.h — the dashboard: this week, the streak, the quick log, the last workouts */
#ifndef EXBUDDY_VIEW_DASHBOARD_H
#define EXBUDDY_VIEW_DASHBOARD_H

#include <stddef.h>

struct ctx;
struct db_query;

/* What the dashboard reads first, in one round trip (page.h's reads_fn). */
size_t	 view_dashboard_reads(struct ctx *, struct db_query *q);
/*
 * The dashboard with the given status (422: its quick log form sent
 * with errors, its values and messages already in the template). 0 or -1.
 */
int	 view_dashboard(struct ctx *, int status);

#endif
