/* config.c — the account settings and their defaults (main.c reads the env) */
#include "config.h"
#include "limits.h"

struct app_conf app_conf = {
	.session_idle = SESSION_IDLE_DEFAULT,
	.session_max = SESSION_MAX_DEFAULT,
	.login_max_failures = LOGIN_FAILURES_DEFAULT,
	.login_window = LOGIN_WINDOW_DEFAULT,
	.login_ip_max = LOGIN_IP_DEFAULT,
	.hash_max = HASH_DEFAULT,
	.db_prepare = 1,
	.signup = SIGNUP_OPEN,
	.request_log = REQUEST_LOG_ALL,
};
