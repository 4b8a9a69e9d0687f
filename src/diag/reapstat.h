/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reap latency statistics: per parent (pid, start) and per parent command
 * name, the exits of its children, how long each waited to be reaped (fixed
 * log buckets with Prometheus's bounds), p50/p99/max over a 10-minute window
 * of one-minute slots, and the net zombie growth ("leak rate"). No lock of
 * its own: the process table owns it and calls it under the table's lock. */
#ifndef ZT_REAPSTAT_H
#define ZT_REAPSTAT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define REAPSTAT_NB 15    /* buckets, the last one +Inf */
#define REAPSTAT_SLOTS 10 /* the window: ten one-minute slots */
#define REAPSTAT_MAX_PARENTS 1024
#define REAPSTAT_MAX_COMMS 256
#define REAPSTAT_THRESHOLD 1.0 /* seconds: a wait above it is "over" */

/* Upper bounds of the buckets in seconds (Prometheus `le`): 0.001 0.005
 * 0.01 0.05 0.1 0.25 0.5 1 2.5 5 10 30 60 300 +Inf. */
extern const double reapstat_le[REAPSTAT_NB];

/* One series as queried. Totals since the series began (monotonic, for
 * Prometheus counters and the histogram): exits, count, sum, bucket, over.
 * Window (the last 10 minutes): p50, p99, max, win_*, leak_per_min.
 * Latencies in seconds; p50/p99/max are -1 when the window has no sample. */
struct reapstat_sum {
	uint64_t exits;               /* children that became zombies */
	uint64_t over;                /* reaped after more than the threshold */
	double p50, p99, max;         /* window; interpolated in the bucket,
	                                 clamped to the window's min and max */
	double sum;                   /* of all latencies (histogram _sum) */
	double leak_per_min;          /* window: (exits - reaps) per minute */
	uint64_t bucket[REAPSTAT_NB]; /* CUMULATIVE like Prometheus: samples
	                                 <= reapstat_le[i]; the last = count */
	uint64_t count;               /* latency samples (histogram _count) */
	uint64_t reaps;               /* reaps, with or without a latency */
	uint64_t win_exits, win_count, win_over; /* the same, in the window */
};

/* Who a child's exit is charged to. comm: raw bytes, NUL-terminated,
 * borrowed for the call; "" when unknown (then no comm series is fed). */
struct reapstat_key {
	pid_t pid;
	unsigned long long start; /* ticks since boot; matched within 1 tick
	                             (a start estimated from a fork event) */
	const char *comm;
};

struct reapstat;

/* Memory: at most (REAPSTAT_MAX_PARENTS + REAPSTAT_MAX_COMMS) series of
 * sizeof(struct) each (about 3 KiB, most of it the window's fine buckets:
 * reapstat_info says exactly), i.e. under 4 MiB; series are allocated as
 * they come. */
#define REAPSTAT_MAX_BYTES (4u * 1024 * 1024)
int reapstat_new(struct reapstat **out); /* 0 or -ENOMEM */
void reapstat_free(struct reapstat *r);  /* NULL ok */
void reapstat_set_threshold(struct reapstat *r, double seconds);

/* now: CLOCK_MONOTONIC seconds (the window slides on it). */
/* A child of parent became a zombie. 0 or -ENOMEM. */
int reapstat_exit(
    struct reapstat *r, const struct reapstat_key *parent, double now);
/* A child of parent was reaped after latency seconds (< 0: unknown, it
 * counts for the leak rate only). 0 or -ENOMEM. */
int reapstat_reap(struct reapstat *r, const struct reapstat_key *parent,
    double latency, double now);

/* The series of parent (pid, start within 1 tick) as of now: 0 or
 * -ENOENT. */
int reapstat_parent(const struct reapstat *r, pid_t pid,
    unsigned long long start, double now, struct reapstat_sum *out);
/* fn for each comm series (comm: raw bytes, valid during the call). */
void reapstat_each_comm(const struct reapstat *r, double now,
    void (*fn)(void *arg, const char *comm, const struct reapstat_sum *s),
    void *arg);

struct reapstat_info {
	size_t parents, comms; /* series held */
	uint64_t evicted;      /* series dropped to stay under the caps */
	size_t bytes;          /* allocated */
};
void reapstat_info(const struct reapstat *r, struct reapstat_info *out);

#endif
