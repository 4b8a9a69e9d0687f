/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The time axis of a long-running mode (the view, --watch, --prometheus
 * --interval): the process table, fed by kernel process events when the
 * kernel lets us listen, and reconciled by every full scan. */
#ifndef ZT_TIMELINE_H
#define ZT_TIMELINE_H

#include <stdbool.h>

#include "evsrc.h"
#include "ptable.h"
#include "snap.h"

struct timeline {
	struct ptable *table; /* owned */
	struct evsrc *src;    /* owned; NULL when events are off */
	int events_err;       /* 0 when events are on, else why not (-errno) */
};

/* Makes the table and, when events is true, starts the event thread. A
 * refused connector is not an error: the table says why (ptable_info) and
 * scans do it all. Returns 0 or -ENOMEM; on error tl is left empty. */
int timeline_start(struct timeline *tl, bool events);

/* The same with the event thread's knobs (tests); o may be NULL. */
int timeline_start_opts(
    struct timeline *tl, bool events, const struct evsrc_opts *o);

/* Stops the event thread and frees the table; tl may be empty. */
void timeline_stop(struct timeline *tl);

/* Reconciles the table with a full scan s (the scanner's thread). */
int timeline_scan(struct timeline *tl, const struct snap *s);

/* True once after kernel events were lost: rescan at once. */
bool timeline_rescan_wanted(struct timeline *tl);

/* The pids named by kernel events since the last take (evsrc_take_dirty):
 * 0 and *pids (the caller's to free), -E2BIG after lost events,
 * -ENOTSUP when events are off. */
int timeline_take_dirty(struct timeline *tl, pid_t **pids, size_t *n);

/* Has the event thread watch pid, a zombie a scan found, so its reap
 * names it (evsrc_watch_zombie): 0, or -errno (-ENOTSUP when events are
 * off) and then the refreshes check it themselves. */
int timeline_watch_zombie(struct timeline *tl, pid_t pid);

/* Why events are off, for people: NULL when they are on. */
const char *timeline_why(const struct timeline *tl);

#endif
