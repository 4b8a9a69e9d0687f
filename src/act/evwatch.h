/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turns successive snapshots into event log entries: zombies appearing,
 * zombies reaped (by whom, after how long) and parents of zombies exiting.
 * /proc has no exit time: when a zombie was first seen comes from the
 * process table (the time axis), which also gives exit times, lifetimes
 * and the zombies that lived and died between two scans. */
#ifndef ZT_EVWATCH_H
#define ZT_EVWATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "evlog.h"
#include "ptable.h"
#include "snap.h"

/* A zombie (pid, start) whose whole life evwatch_lives logged: skipped
 * as new by the update right after, and as reaped by the one after that
 * (its snapshot shows it, the next no longer does). */
struct evwatch_done {
	pid_t pid;
	unsigned long long start_ticks;
	unsigned gen; /* the update it was noted for */
};

/* A tracked zombie's life given to evwatch_lives, kept until the update
 * that sees it reaped (that one, or the next when the reap came after
 * the scan read it), then dropped. */
struct evwatch_life {
	struct ptable_life l;
	unsigned gen;
};

/* The zombies known are those of the last snapshot compared: what each
 * one was when first seen (time, parent, exit time) is the process
 * table's, which keeps it in the zombie's record and, once the record is
 * swept, in its finished life. No per-zombie table here. */
struct evwatch {
	bool started;
	unsigned gen;         /* updates so far */
	double since;         /* snap_time of the first snapshot compared */
	double last_t;        /* snap_time of the last one */
	struct ptable *table; /* borrowed, may be NULL: no exit times and
	                         first sightings only from snapshots; set
	                         after evwatch_init, scanned before each
	                         evwatch_update */
	struct evwatch_done *done; /* owned: see struct evwatch_done */
	size_t ndone, capdone;
	struct evwatch_life *lives; /* owned, sorted by pid */
	size_t nlives, caplives;
	unsigned long long fallbacks; /* reaps told without a life: the ring
	                                 overflowed, or no table */
};

void evwatch_init(struct evwatch *w);
void evwatch_done(struct evwatch *w);

/* Compares cur with prev (NULL the first time: every zombie is logged as
 * present; after that, the cur of the call before) and adds the events to
 * log, parents exited first. A zombie of prev that cur no longer shows is
 * reaped: its first sighting, exit and reap come from its life (given to
 * evwatch_lives, else the table's ptable_zombie_life), else from the
 * snapshots alone (counted in fallbacks). Returns the events added. */
int evwatch_update(struct evwatch *w, const struct snap *prev,
    const struct snap *cur, struct evlog *log);

/* The lives the table finished (ptable_take_lives) since the last call,
 * given before evwatch_update(w, prev, cur): the life of a zombie known
 * (a scan up to prev showed it) is kept for its zombie_reaped event, in
 * this update or the next; a zombie that no scan saw is logged as a
 * zombie_appeared and zombie_reaped pair, stamped with its exit and reap times,
 * when it lived longer than linger seconds; one that cur (may be NULL) shows
 * but that was reaped since is logged as a pair too, whatever it lived, and
 * evwatch_update skips it. Returns the events added, or -ENOMEM. */
int evwatch_lives(struct evwatch *w, const struct snap *cur,
    const struct ptable_life *l, size_t n, double linger, struct evlog *log);

#endif
