/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The time axis in a diagnosis: a parent that reaps every child, only
 * late, is told apart from one that does not reap at all, from its reap
 * statistics over the last 10 minutes (reapstat). Without a process table
 * (one scan) nothing can be told: "unknown". */
#ifndef ZT_ZOMBIE_REAPING_H
#define ZT_ZOMBIE_REAPING_H

#include <stddef.h>

#include "reapstat.h"

enum zombie_reaping {
	ZRP_UNKNOWN, /* no statistics, or too short a watch to tell */
	ZRP_PROMPT,  /* reaps in the window, p99 within the threshold */
	ZRP_LATE,    /* reaps in the window, p99 over the threshold */
	ZRP_NEVER,   /* no reap in the window while its zombies waited
	                longer than the threshold */
};

/* s: the parent's statistics (NULL when there are none); zombies: its
 * reapable zombies now; waited: how long the oldest of them is known to
 * have waited (its age, or how long we have watched it), < 0 unknown. */
enum zombie_reaping zombie_reaping_of(
    const struct reapstat_sum *s, int zombies, double waited);

/* "unknown", "prompt", "late", "never": stable, for JSON. */
const char *zombie_reaping_code(enum zombie_reaping r);

/* The qualifier for people ("" for unknown), starting with a space so
 * that it follows the reason's sentence. Returns the length snprintf
 * would have written. */
int zombie_reaping_text(enum zombie_reaping r, const struct reapstat_sum *s,
    double waited, char *buf, size_t size);

#endif
