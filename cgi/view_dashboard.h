/* view_dashboard.h — the dashboard: this week, the streak, the quick log, the last workouts */
#ifndef EXBUDDY_VIEW_DASHBOARD_H
#define EXBUDDY_VIEW_DASHBOARD_H

struct ctx;

/*
 * The dashboard with the given status (422: its quick log form sent
 * with errors, its values and messages already in the template). 0 or -1.
 */
int	 view_dashboard(struct ctx *, int status);

#endif
