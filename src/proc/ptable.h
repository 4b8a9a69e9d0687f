/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The persistent process table: one record per process, keyed by (pid,
 * start_ticks), outliving snapshots. Kernel process events (pevents) give
 * exact exit times; scans reconcile what events missed and sweep the gone.
 * Finished zombie lives go to a bounded ring and to the reap statistics.
 * Thread-safe: every function takes the table's own mutex. No I/O. */
#ifndef ZT_PTABLE_H
#define ZT_PTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pevents.h"
#include "reapstat.h"
#include "snap.h"

/* Memory bound. Records are capped at PTABLE_MAX_RECORDS (more are
 * refused and counted in ptable_info.refused): the dense record array
 * holds at most that many records of PTABLE_RECORD_MAX bytes, and the pid
 * index at most twice as many 4-byte slots. So the table takes at most
 *   262144 x 128 = 32 MiB of records
 *   + 524288 x 4 = 2 MiB of index
 *   + PTABLE_RING x sizeof(struct ptable_life) (96) = 384 KiB of lives
 *   + the reap statistics (reapstat.h: under 4 MiB),
 * about 39 MiB in all. Records of gone processes are swept at each scan,
 * so they number the live processes plus those gone since the last scan:
 * 50,000 processes with 1,000 exits a second, scanned every 2 s, take
 * about 9 MiB (test_ptable_load measures it; ptable_info.bytes says what
 * is allocated). */
#define PTABLE_MAX_RECORDS (1u << 18)
#define PTABLE_RING 4096
#define PTABLE_RECORD_MAX 128 /* bytes of a record (LP64) */

struct ptable;

int ptable_new(struct ptable **out); /* 0 or -ENOMEM */
void ptable_free(struct ptable *t);  /* NULL ok */

/* Whether kernel events feed the table; why: borrowed static string. */
void ptable_set_events(struct ptable *t, bool on, const char *why);

/* Latency above which a reap counts as "over" (default 1 s). */
void ptable_set_threshold(struct ptable *t, double seconds);

/* One kernel event. Returns 1 when the caller should time the reap of
 * ev->tgid with a pidfd (the process exited: its last task, as far as the
 * table knows), 0 otherwise, or -ENOMEM. */
int ptable_event(struct ptable *t, const struct pev *ev);

/* The reap of process pid seen at mono_ns (CLOCK_MONOTONIC); exact when a
 * pidfd said so (POLLHUP or fdinfo Pid: -1) right away, else an upper
 * bound. Ignored unless the table knows pid exited. */
void ptable_reaped(struct ptable *t, pid_t pid, uint64_t mono_ns, bool exact);

/* Events were lost: the next ptable_scan reconciles everything. */
void ptable_lost(struct ptable *t, uint64_t n);

/* Reconciles with a full scan (on the scanner's thread): new processes get
 * records (a zombie without an exit event: exit time = first seen, not
 * exact; zombies present at the first scan: age unknown), gone ones are
 * swept (a zombie gone without a pidfd reap: reaped at this scan, not
 * exact). Records made by events after s was taken are kept. 0 or
 * -ENOMEM. */
int ptable_scan(struct ptable *t, const struct snap *s);

struct ptable_age {
	double age; /* seconds (or epoch seconds); < 0: unknown */
	bool exact; /* from a kernel exit event, not a first sighting */
};
/* Age of zombie (pid, start) at now (epoch seconds, like snap_time). */
struct ptable_age ptable_zombie_age(
    struct ptable *t, pid_t pid, unsigned long long start_ticks, double now);
/* Exit time (epoch s, < 0 unknown) of that zombie and whether exact. */
struct ptable_age ptable_exit_time(
    struct ptable *t, pid_t pid, unsigned long long start_ticks);

/* The first scan that showed zombie (pid, start): its time (epoch s, the
 * snap_time of that scan) in *when and the parent it showed in *ppid.
 * What --watch's zombie_reaped measures `after` and `by_new_parent` from.
 * 0, or -ENOENT when the table holds no such process or no scan showed
 * it a zombie. */
int ptable_zombie_seen(struct ptable *t, pid_t pid,
    unsigned long long start_ticks, double *when, pid_t *ppid);

/* A finished zombie life (exit then reap), for --watch and statistics. */
struct ptable_life {
	pid_t pid, ppid;
	unsigned long long start_ticks, parent_start; /* 0: unknown */
	char comm[16], parent_comm[16]; /* raw bytes: escape before output;
	                                   "" when unknown */
	int exit_raw;                   /* wait status; exit_known says if */
	bool exit_known, exit_exact, reap_exact, seen_by_scan;
	double exit_time, reap_time; /* epoch seconds; exit_time < 0:
	                                unknown (a zombie older than us) */
	double seen_time;     /* the first scan that showed it a zombie (epoch
	                         s, as ptable_zombie_seen); < 0: none did */
	pid_t seen_ppid;      /* its parent in that scan; 0 when none */
	unsigned char vflags; /* enum ptable_vflag, the view's, at the end */
};
/* Lives finished since the last call (a bounded ring of PTABLE_RING; when
 * full the oldest are overwritten): up to n copied out, oldest first.
 * *dropped (may be NULL): lives overwritten since ptable_new, in all. */
size_t ptable_take_lives(
    struct ptable *t, struct ptable_life *out, size_t n, uint64_t *dropped);

/* The finished life of zombie (pid, start) in *out: what the table knew
 * of it when it was reaped (first sighting, exit, reap), after its record
 * was swept. Read from the ring, newest first, whether or not
 * ptable_take_lives took it: so every consumer of a scan (--watch, the
 * view's event log, a recording) finds the reaps that scan swept. 0, or
 * -ENOENT when the ring holds no such life (never reaped, or overwritten
 * since by PTABLE_RING newer lives: the caller falls back to what its
 * snapshots say). */
int ptable_zombie_life(struct ptable *t, pid_t pid, unsigned long long start,
    struct ptable_life *out);
/* The newest finished life of pid, whatever its start (for an event that
 * names the pid alone, logged right after the reap): 0 or -ENOENT. */
int ptable_last_life(struct ptable *t, pid_t pid, struct ptable_life *out);
/* The raw name (NUL-terminated, "" unknown) of process (pid, start): its
 * record's, else its finished life's. 0 or -ENOENT. */
int ptable_name(
    struct ptable *t, pid_t pid, unsigned long long start, char out[16]);

/* The CPU% of each entry of s (100 = one CPU) as ptable_scan(t, s)
 * computed it on the scanner's thread, from the tick delta since the scan
 * before (0 at a first sighting). s must be the table's last scan: an
 * entry the last scan did not show, or whose pid now has another start,
 * reads 0. out holds s->n entries. One lock, no /proc read. */
void ptable_cpu(struct ptable *t, const struct snap *s, double *out);

/* The view's flags on a process, kept in its record: they end with it
 * (the sweep of a gone process, or its pid taken by a new one). */
enum ptable_vflag {
	PTABLE_COLLAPSED = 1 << 0, /* its subtree is folded */
	PTABLE_TAGGED = 1 << 1,    /* an action covers it */
	PTABLE_QUIET = 1 << 2,     /* an action's outcome logs its reap */
};
/* Sets (on) or clears bits for process (pid, start): 0, or -ENOENT when
 * the table holds no such process (swept, or refused at the cap). */
int ptable_vflag_set(struct ptable *t, pid_t pid, unsigned long long start,
    unsigned bits, bool on);
/* Clears bits on every process. */
void ptable_vflag_clear_all(struct ptable *t, unsigned bits);
/* The flags of each entry of s, the table's last scan (0 for an entry the
 * table does not hold); out holds s->n entries. One lock. */
void ptable_vflags(struct ptable *t, const struct snap *s, unsigned char *out);

struct ptable_info {
	bool events;     /* false until ptable_set_events(t, true, ...) */
	const char *why; /* static; NULL when events are on, "not started"
	                    before any ptable_set_events */
	uint64_t events_seen, lost;
	uint64_t exits;   /* processes seen to exit while we watched */
	uint64_t records; /* held now */
	size_t bytes;     /* allocated: records, index, ring, statistics */
	uint64_t stale;   /* exits not applied: the pid's record is younger */
	uint64_t refused; /* records refused at PTABLE_MAX_RECORDS */
	uint64_t lives_dropped; /* lives overwritten in the ring */
	uint64_t evicted;       /* statistics series evicted */
};
void ptable_info(struct ptable *t, struct ptable_info *out);

/* The reap statistics of parent (pid, start), as of now: 0 or -ENOENT. */
int ptable_parent_stats(struct ptable *t, pid_t pid, unsigned long long start,
    struct reapstat_sum *out);
/* Calls fn for each parent comm series (for Prometheus), under the
 * table's lock: fn must not call the table. */
void ptable_comm_stats(struct ptable *t,
    void (*fn)(void *arg, const char *comm, const struct reapstat_sum *s),
    void *arg);

#endif
