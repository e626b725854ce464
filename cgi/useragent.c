/* useragent.c — a few words for a browser's User-Agent: "Firefox on Linux", "w3m", "curl" */
#include <string.h>

#include "mem.h"
#include "useragent.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* First match wins: Edge and Opera also say Chrome, Chrome says Safari. */
static const char *const apps[][2] = {
	{ "Edg", "Edge" }, { "OPR/", "Opera" }, { "Opera", "Opera" },
	{ "SamsungBrowser/", "Samsung Internet" },
	{ "Vivaldi/", "Vivaldi" }, { "FxiOS/", "Firefox" },
	{ "Firefox/", "Firefox" }, { "CriOS/", "Chrome" },
	{ "Chromium/", "Chromium" }, { "Chrome/", "Chrome" },
	{ "Safari/", "Safari" }, { "ELinks", "ELinks" },
	{ "Links", "Links" }, { "Lynx", "Lynx" }, { "w3m", "w3m" },
	{ "curl/", "curl" }, { "Wget/", "Wget" },
};
static const char *const systems[][2] = {
	{ "Android", "Android" }, { "iPhone", "iOS" },
	{ "iPad", "iPadOS" }, { "iPod", "iOS" }, { "CrOS", "ChromeOS" },
	{ "Windows", "Windows" }, { "Macintosh", "macOS" },
	{ "Mac OS X", "macOS" }, { "FreeBSD", "FreeBSD" },
	{ "OpenBSD", "OpenBSD" }, { "Linux", "Linux" },
};

const char *
ua_name(struct arena *a, const char *ua)
{
	const char *app = NULL, *os = NULL;
	size_t	 i;

	for (i = 0; ua != NULL && app == NULL && i < NELEM(apps); i++)
		if (strstr(ua, apps[i][0]) != NULL)
			app = apps[i][1];
	for (i = 0; ua != NULL && os == NULL && i < NELEM(systems); i++)
		if (strstr(ua, systems[i][0]) != NULL)
			os = systems[i][1];
	if (os == NULL)
		return app != NULL ? app : "Unknown browser";
	return arena_printf(a, "%s on %s", app != NULL ? app : "Unknown browser",
	    os);
}
