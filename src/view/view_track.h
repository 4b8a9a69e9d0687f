/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Following the outcome of the signals the view sent: one record per
 * parent, polled without waiting from the main loop's tick for
 * UI_TRACK_WINDOW seconds, then its reaps logged with the names noted at
 * the action. The zombies followed are quiet: evwatch's report of their
 * reap is to be dropped, since the outcome logs it. What is known of each
 * zombie (its name, that it is quiet) is the process table's: a flag in
 * its record, carried by its finished life. No curses here. */
#ifndef ZT_VIEW_TRACK_H
#define ZT_VIEW_TRACK_H

#include <stdbool.h>
#include <stddef.h>

#include "evlog.h"
#include "outcome.h"
#include "ptable.h"
#include "snap.h"

#define UI_TRACK_WINDOW 3.0 /* seconds an outcome is followed, as --reap */

struct view_track;

struct view_tracks {
	struct view_track *tr; /* owned, each with its outcome */
	size_t ntr, captr;
	struct ptable *table; /* borrowed, may be NULL (then no zombie is
	                         quiet and names are unknown): the view's */
	unsigned batch;       /* the current action, see view_track_batch */
};

void view_track_done(struct view_tracks *ts);

/* Follows oc, which it takes over (also on failure): sig was sent, next
 * (copied) is what to suggest if it does not help; the parent's live children
 * and the zombies' names are noted from s. 0 or -ENOMEM. */
int view_track_add(struct view_tracks *ts, struct outcome *oc, int sig,
    const char *next, const struct snap *s);

/* Starts a new action: the outcomes added from now on are one batch,
 * whose status line counts every parent once all have ended. */
void view_track_batch(struct view_tracks *ts);

/* Whether the last process of pid, reaped, was a quiet zombie (for the
 * reap event evwatch logs right after the scan that saw it go). */
bool view_track_quiet_take(struct view_tracks *ts, pid_t pid);

bool view_track_busy(const struct view_tracks *ts);

/* Polls each outcome. text gets the status line: the first outcome under
 * way, or the final words of the batches that ended (*final set). An
 * outcome that ends logs its reaps (through scratch) and its final words.
 * False when nothing is followed. */
bool view_track_poll(struct view_tracks *ts, struct evlog *scratch,
    struct evlog *log, char *text, size_t size, bool *final);

#endif
