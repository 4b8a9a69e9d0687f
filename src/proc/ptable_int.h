/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the process table, shared by ptable.c (records, index, lives,
 * queries) and ptable_sync.c (what events and scans do to records). Not
 * for other modules: they go through ptable.h. */
#ifndef ZT_PTABLE_INT_H
#define ZT_PTABLE_INT_H

#include <pthread.h>

#include "ptable.h"

enum prec_flags {
	PR_START_EST = 1 << 0,     /* start from a fork event's ts (+-1) */
	PR_START_UNKNOWN = 1 << 1, /* made by an exit event alone */
	PR_LEADER_EXITED = 1 << 2, /* the leader's exit event came */
	PR_EXITED = 1 << 3,        /* a zombie now (or reaped since) */
	PR_EXIT_EXACT = 1 << 4,    /* exit_t from an event, not a scan */
	PR_EXIT_KNOWN = 1 << 5,    /* exit_raw is the wait status */
	PR_DONE = 1 << 6,          /* reaped: its life was told; swept at
	                              the next scan that no longer shows it */
	PR_SEEN = 1 << 7,          /* a scan showed it */
	PR_PREDATES = 1 << 8,      /* a zombie at our first scan: its exit
	                              time is unknown, it is in no figure */
	PR_PARENT = 1 << 9,        /* parent_* say who it exited under */
	PR_PENDING = 1 << 10,      /* a scan found it a zombie: to count */
};

/* One process. Times of exit in two clocks: exit_ns (monotonic) for
 * latencies, which must not jump with the wall clock, and exit_t (epoch)
 * as first told, so that a first-seen age equals zombie_ages' (the scan's
 * snap_time) even when the clock offset moves between scans. */
struct prec {
	pid_t pid, ppid;
	unsigned long long start, parent_start; /* ticks since boot */
	uint64_t born_ns;  /* made: fork ts, or the scan's time; a scan taken
	                      before it cannot sweep it */
	uint64_t tasks_ns; /* when tasks was last set from a scan */
	uint64_t exit_ns;  /* CLOCK_MONOTONIC; 0 unknown */
	double exit_t;     /* epoch seconds; < 0 unknown */
	uint32_t gen;      /* the last scan that showed it */
	int exit_raw;
	int tasks;      /* threads, the leader included (stat field 20) */
	uint16_t flags; /* enum prec_flags */
	uint8_t vflags; /* enum ptable_vflag: the view's, kept for it */
	char comm[16], parent_comm[16]; /* raw, NUL-terminated; "" unknown */
	unsigned long long cpu_ticks;   /* utime + stime at the scan gen */
	float cpu_pct;   /* % of one CPU between the scan before gen and gen */
	pid_t seen_ppid; /* its parent at that first sighting */
	double seen_t;   /* epoch s of the first scan that showed it a
	                    zombie (snap_time); < 0: none did */
	uint64_t io_rchar, io_wchar; /* /proc/PID/io at its last read */
	double io_t; /* CLOCK_MONOTONIC s of that read; 0: never read */
};

struct ptable {
	pthread_mutex_t lock;
	struct prec *rec; /* owned, dense, nrec of rcap */
	size_t nrec, rcap;
	uint32_t *idx; /* owned: open addressing by pid, rec index + 1 */
	size_t icap;   /* a power of two, at least 2 x rcap */
	struct ptable_life *ring; /* owned, PTABLE_RING */
	size_t ring_head, ring_n;
	uint64_t ring_pushed;   /* lives ever pushed: the slots that hold one */
	struct reapstat *stats; /* owned */
	int64_t off_real, off_boot; /* ns: REALTIME-MONOTONIC, BOOTTIME-MONO */
	long hz;
	uint32_t gen;  /* scans so far */
	double scan_t; /* epoch seconds of the last scan (CPU% intervals) */
	bool events;
	const char *why; /* static */
	uint64_t events_seen, lost, exits, stale, refused, lives_dropped;
};

/* ptable.c: the record store (caller holds the lock). */
struct prec *ptable_find(struct ptable *t, pid_t pid);
/* A zeroed record for pid (none may exist), or NULL at the cap (counted)
 * or without memory. Invalidates record pointers. */
struct prec *ptable_add(struct ptable *t, pid_t pid, uint64_t born_ns);
/* Removes r. Invalidates record pointers. */
void ptable_remove(struct ptable *t, struct prec *r);
/* Whether r is the process that started at start ticks. */
bool ptable_rec_is(const struct prec *r, unsigned long long start);
/* Ticks since boot at monotonic ns, like /proc's start time. */
unsigned long long ptable_ticks(const struct ptable *t, uint64_t mono_ns);
double ptable_epoch(const struct ptable *t, uint64_t mono_ns);
void ptable_clocks(struct ptable *t);

/* r is a zombie from now on: counted once, in the statistics too. */
void ptable_rec_exit(struct ptable *t, struct prec *r);
/* r was reaped at reap_ns (epoch reap_t): its life goes to the ring and
 * its latency to the statistics. A record never known to have exited has
 * no life to tell. */
void ptable_rec_reaped(struct ptable *t, struct prec *r, uint64_t reap_ns,
    double reap_t, bool exact);
/* The ring's life of r, reaped (PR_DONE): its marks are to follow r's
 * (ptable_vflag_set after the reap); NULL once the ring dropped it. */
struct ptable_life *ptable_rec_life(struct ptable *t, const struct prec *r);
/* Fills parent_* of r from the record of ppid, if any. */
void ptable_rec_parent(struct ptable *t, struct prec *r, pid_t ppid);

/* ptable_view.c: r's CPU% from its ticks at the scan before this one
 * (gen t->gen, at epoch now) and p's; then p's ticks are r's. */
void ptable_rec_cpu(
    struct ptable *t, struct prec *r, const struct snap_proc *p, double now);

#endif
