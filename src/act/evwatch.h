/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turns successive snapshots into event log entries: zombies appearing,
 * zombies reaped (by whom, after how long) and parents of zombies exiting.
 * Keeps, per zombie, when it was first seen: /proc has no exit time. */
#ifndef ZT_EVWATCH_H
#define ZT_EVWATCH_H

#include <stddef.h>
#include <sys/types.h>

#include "evlog.h"
#include "snap.h"

struct evwatch_zombie {
	pid_t pid;
	unsigned long long start_ticks;
	pid_t first_ppid, last_ppid;
	double first_seen; /* CLOCK_REALTIME seconds of that snapshot */
	char comm[KPARSE_COMM_MAX];
	int exit_raw;
	bool exit_known;
};

struct evwatch {
	struct evwatch_zombie *z; /* owned */
	size_t n, cap;
	bool started;
};

void evwatch_init(struct evwatch *w);
void evwatch_done(struct evwatch *w);

/* Compares cur with prev (NULL the first time: every zombie is logged as
 * present) and adds the events to log, parents exited first. Returns the
 * number of events added, or -ENOMEM. */
int evwatch_update(struct evwatch *w, const struct snap *prev,
    const struct snap *cur, struct evlog *log);

#endif
