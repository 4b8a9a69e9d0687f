/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Partial refreshes, where kernel process events say what changed: a new
 * snapshot made of the previous one plus fresh reads of only the
 * processes that may have changed (named by events, shown, zombies and
 * their parents), and the policy of when a full scan reconciles instead.
 * Its own module, not snap_reader's: it reads one process at a time
 * through procfs, not through libproc2's scan. */
#ifndef ZT_SNAP_DELTA_H
#define ZT_SNAP_DELTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "snap.h"
#include "snap_reader.h"
#include "timeline.h"

/* A sweep every this many refreshes at most: what events cannot tell (a
 * process off screen that stops, sleeps or runs; its memory and CPU; a
 * title rewritten in place) is then at most this many refresh intervals
 * old. */
#define SNAP_DELTA_EVERY 10

/* Builds *out from prev plus fresh reads of pids[0..n) (any order,
 * repeats allowed), of prev's children of pids[0..nnamed) (the pids
 * events named: a parent's exit reparents its children without an event
 * of theirs) and of the parents of prev's zombies (a named one is read
 * as a sweep reads it: owner and title too); prev's plain zombies
 * not named are kept while a pidfd opens on them (a reap has no
 * event), or without a check when SPF_WATCHED (the event thread names
 * their reap). A process read gone is left out, one not in prev is added
 * (SPF_NEW, command line and user read), a pid taken by another process is
 * replaced; the others are copied from prev, sharing its strings as
 * snap_reader_scan's result does (snap_disown_shared). *out is partial:
 * its running and blocked totals come from /proc/stat. On this reader's
 * scanning thread only. 0 or -errno. */
int snap_delta_scan(struct snap_reader *r, const struct snap *prev,
    const pid_t *pids, size_t n, size_t nnamed, struct snap **out);

/* A reconciliation without libproc2's scan, for the periodic one: every
 * pid listed in /proc read again through procfs (stat, and the owner),
 * prev's others left out as gone; names, command lines and zombies' exit
 * statuses reused where the process is the same, as snap_delta_scan
 * does. *out is not partial. Cheaper than snap_reader_scan by what
 * libproc2 adds per process (a parse by sscanf, a record of its own). */
int snap_delta_sweep(
    struct snap_reader *r, const struct snap *prev, struct snap **out);

struct snap_delta {
	struct timeline *tl; /* borrowed: its event thread names the pids */
	unsigned every;      /* SNAP_DELTA_EVERY; 1: a sweep each time */
	unsigned since_full; /* refreshes since the last full scan */
	bool force;          /* the next refresh is a full scan */
	bool all;            /* the next refresh reads every process: a sweep */
	bool full;           /* planned: libproc2's full scan */
	bool sweep;          /* planned: snap_delta_sweep; else pids[0..n) */
	pid_t *pids;         /* owned: the planned partial refresh's set, */
	size_t n, nnamed;    /* the first nnamed named by events */
	uint64_t fulls, sweeps, partials; /* refreshes of each kind so far */
	size_t last_read; /* processes read by the last partial refresh */
};

/* tl may be NULL or without events: every refresh is a full scan. */
void snap_delta_init(struct snap_delta *d, struct timeline *tl);
void snap_delta_done(struct snap_delta *d);

/* The next refresh is libproc2's full scan. */
void snap_delta_force(struct snap_delta *d);

/* The next refresh reads every process, as a sweep (a resize; a sort by
 * values that change with no event). */
void snap_delta_all(struct snap_delta *d);

/* Plans the next refresh on the caller's thread, before it starts: a
 * full scan without a prev, without events, after lost events or too
 * many named pids, or when forced; a sweep every d->every-th refresh or
 * when asked (snap_delta_all);
 * else a partial one over the pids named by events since the last plan
 * plus extra[0..nextra) (the rows on screen; borrowed for the call). 0
 * or -ENOMEM (then a full scan is planned). */
int snap_delta_plan(struct snap_delta *d, const struct snap *prev,
    const pid_t *extra, size_t nextra);

/* Runs the planned refresh: snap_reader_scan, snap_delta_sweep or
 * snap_delta_scan, with
 * snap_reader_scan's contract (prev only read; *out shares its strings).
 * With events on, each plain zombie of *out is watched by the event
 * thread (timeline_watch_zombie) and marked SPF_WATCHED.
 * Reads d, which must not change until it returns. */
int snap_delta_run(struct snap_delta *d, struct snap_reader *r,
    const struct snap *prev, struct snap **out);

/* Plan (no extra pids), run and disown in one, like snap_reader_take:
 * for --watch and --prometheus --interval. */
int snap_delta_take(struct snap_delta *d, struct snap_reader *r,
    struct snap *prev, struct snap **out);

#endif
