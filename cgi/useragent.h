/* useragent.h — a few words for a browser's User-Agent: "Firefox on Linux", "w3m", "curl" */
#ifndef EXBUDDY_USERAGENT_H
#define EXBUDDY_USERAGENT_H

struct arena;

/* The browser and system named by ua (NULL: "Unknown browser"). */
const char *ua_name(struct arena *, const char *ua);

#endif
