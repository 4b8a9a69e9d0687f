/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --watch's periodic parent_stats events: the parents whose children
 * exited lately (from the table's finished lives and the zombies of each
 * scan), and for each one with exits in the 10-minute window, its reap
 * latencies as the process table counted them. Also the watch_started
 * event that says whether kernel events feed the table. */
#ifndef ZT_WATCH_STATS_H
#define ZT_WATCH_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ptable.h"
#include "snap.h"

/* Every WATCH_STATS_PERIOD seconds, and once more at the end. */
#define WATCH_STATS_PERIOD 60.0

struct watch_parent {
	pid_t pid;
	unsigned long long start;
	char comm[16]; /* raw bytes, escaped on output */
	double last;   /* CLOCK_MONOTONIC seconds of the last exit noted */
};

struct watch_stats {
	struct watch_parent *p; /* owned; at most REAPSTAT_MAX_PARENTS */
	size_t n;
	double due;             /* CLOCK_MONOTONIC seconds of the next report */
	uint64_t lost, dropped; /* the table's counts at the last events_lost */
};

void watch_stats_init(struct watch_stats *ws);
void watch_stats_done(struct watch_stats *ws);

/* Notes the parents of lives l[0..n) and of the zombies of snapshot s. */
void watch_stats_note(struct watch_stats *ws, const struct ptable_life *l,
    size_t n, const struct snap *s);

/* Prints one parent_stats event per parent with exits in the window when
 * the period is over (or always when force), and forgets parents idle
 * for longer than the window. */
void watch_stats_report(struct watch_stats *ws, struct ptable *t,
    const struct snap *s, bool json, bool force);

/* An events_lost event when the table counted lost kernel events or
 * dropped finished lives (its ring overran between two refreshes) since
 * the last one: the zombies that lived between two refreshes may then be
 * missing from zombie_appeared / zombie_reaped. */
void watch_stats_lost(struct watch_stats *ws, struct ptable *t, bool json);

/* The watch_started event: events on or off, and why. */
void watch_stats_started(struct ptable *t, double linger, bool json);

#endif
