/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turns successive snapshots into event log entries: zombies appearing,
 * zombies reaped (by whom, after how long) and parents of zombies exiting.
 * Keeps, per zombie, when it was first seen: /proc has no exit time. With a
 * process table (the time axis) it adds exit times and lifetimes, and the
 * zombies that lived and died between two scans. */
#ifndef ZT_EVWATCH_H
#define ZT_EVWATCH_H

#include <stddef.h>
#include <sys/types.h>

#include "evlog.h"
#include "ptable.h"
#include "snap.h"

struct evwatch_zombie {
	pid_t pid;
	unsigned long long start_ticks;
	pid_t first_ppid, last_ppid;
	double first_seen; /* CLOCK_REALTIME seconds of that snapshot */
	char comm[KPARSE_COMM_MAX];
	int exit_raw;
	bool exit_known;
	double exit_time; /* epoch seconds, from the table; 0 when unknown */
	bool exit_exact;
	bool life_known, life_exact; /* its life ended (evwatch_lives) */
	double lifetime;             /* then: seconds from exit to reap */
};

struct evwatch {
	struct evwatch_zombie *z; /* owned */
	size_t n, cap;
	bool started;
	struct ptable *table;      /* borrowed, may be NULL: no exit times; set
	                              after evwatch_init, scanned before each
	                              evwatch_update */
	struct evwatch_done *done; /* owned: lives already logged whose
	                              zombie the next snapshot still shows */
	size_t ndone, capdone;
};

/* A zombie (pid, start) whose whole life evwatch_lives logged. */
struct evwatch_done {
	pid_t pid;
	unsigned long long start_ticks;
};

void evwatch_init(struct evwatch *w);
void evwatch_done(struct evwatch *w);

/* Compares cur with prev (NULL the first time: every zombie is logged as
 * present) and adds the events to log, parents exited first. Returns the
 * number of events added, or -ENOMEM. */
int evwatch_update(struct evwatch *w, const struct snap *prev,
    const struct snap *cur, struct evlog *log);

/* The lives the table finished (ptable_take_lives) since the last call,
 * given before evwatch_update(w, prev, cur): a tracked zombie's life
 * gives its zombie_reaped event the lifetime from exit to reap; a zombie
 * that no scan saw is logged as a zombie_appeared and zombie_reaped pair,
 * stamped with its exit and reap times, when it lived longer than linger
 * seconds; one that cur (may be NULL) shows but that was reaped since is
 * logged as a pair too, whatever it lived, and evwatch_update skips it.
 * Returns the events added, or -ENOMEM. */
int evwatch_lives(struct evwatch *w, const struct snap *cur,
    const struct ptable_life *l, size_t n, double linger, struct evlog *log);

#endif
