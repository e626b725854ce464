/* config.c — the account settings and their defaults (main.c reads the env) */
#include "config.h"

struct app_conf app_conf = {
	.session_idle = 14 * 86400,
	.session_max = 90 * 86400,
	.login_max_failures = 5,
	.login_window = 15 * 60,
	.login_ip_max = 50,
	.hash_max = 2,
};
