/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The harness of the process table's unit tests: a clock of monotonic
 * ns around the real one (so that the statistics' window holds the
 * events), synthetic kernel events, and snapshots made by hand. Header-
 * only and static, for test_ptable.c and test_ptable_load.c; include after
 * cmocka.h, and pass ptable_setup to cmocka_run_group_tests. */
#ifndef ZT_PTABLE_HARNESS_H
#define ZT_PTABLE_HARNESS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ptable.h"

static int64_t off_real, off_boot; /* ns, as the table measures them */
static uint64_t base;              /* ms(0): 60 s before the test */
static long hz;

static inline int64_t
clk(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* As the table does: between two monotonic reads, the tightest of 3. */
static inline int64_t
offset(clockid_t id)
{
	int64_t best = 0, gap = INT64_MAX;

	for (int i = 0; i < 3; i++) {
		int64_t m0 = clk(CLOCK_MONOTONIC), x = clk(id);
		int64_t m1 = clk(CLOCK_MONOTONIC);

		if (m1 - m0 < gap) {
			gap = m1 - m0;
			best = x - (m0 + gap / 2);
		}
	}
	return best;
}

static inline int
ptable_setup(void **state)
{
	(void)state;
	off_real = offset(CLOCK_REALTIME);
	off_boot = offset(CLOCK_BOOTTIME);
	base = (uint64_t)clk(CLOCK_MONOTONIC) - 60000000000ull;
	hz = sysconf(_SC_CLK_TCK);
	return 0;
}

static inline uint64_t
ms(double m)
{
	return base + (uint64_t)(int64_t)(m * 1e6 + (m < 0 ? -0.5 : 0.5));
}

static inline double
epoch(uint64_t ns)
{
	return (double)((int64_t)ns + off_real) / 1e9;
}

static inline unsigned long long
ticks(uint64_t ns)
{
	return (unsigned long long)((double)((int64_t)ns + off_boot) *
	                            (double)hz / 1e9);
}

static inline int
fork_ev(struct ptable *t, pid_t pid, pid_t tgid, pid_t parent, uint64_t ts)
{
	struct pev e = {.kind = PEV_FORK,
	    .ts_ns = ts,
	    .pid = pid,
	    .tgid = tgid,
	    .ppid = parent,
	    .ptgid = parent};

	return ptable_event(t, &e);
}

static inline int
exit_ev(struct ptable *t, pid_t pid, pid_t tgid, pid_t parent, int code,
    uint64_t ts)
{
	struct pev e = {.kind = PEV_EXIT,
	    .ts_ns = ts,
	    .pid = pid,
	    .tgid = tgid,
	    .ppid = parent,
	    .ptgid = parent,
	    .exit_code = code,
	    .exit_signal = pid == tgid ? 17 : -1};

	return ptable_event(t, &e);
}

static inline void
comm_ev(struct ptable *t, pid_t pid, const char *comm, uint64_t ts)
{
	struct pev e = {.kind = PEV_COMM, .ts_ns = ts, .pid = pid, .tgid = pid};

	snprintf(e.comm, sizeof(e.comm), "%s", comm);
	assert_int_equal(ptable_event(t, &e), 0);
}

/* A short life seen only by events: fork, exit, reaped lat_ms later. */
static inline void
short_life(struct ptable *t, pid_t pid, pid_t parent, double at, double lat_ms)
{
	assert_int_equal(fork_ev(t, pid, pid, parent, ms(at)), 0);
	assert_int_equal(exit_ev(t, pid, pid, parent, 0, ms(at + 1)), 1);
	ptable_reaped(t, pid, ms(at + 1 + lat_ms), true);
}

/* Dates s at ms(at). */
static inline void
snap_set_time(struct snap *s, double at)
{
	int64_t real = (int64_t)ms(at) + off_real;

	s->taken.tv_sec = real / 1000000000;
	s->taken.tv_nsec = real % 1000000000;
}

/* A snapshot taken at ms(at). */
static inline struct snap *
snap_at(double at)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	snap_set_time(s, at);
	s->hz = hz;
	return s;
}

static inline void
add(struct snap *s, pid_t pid, pid_t ppid, char state, int threads,
    unsigned long long start, const char *comm)
{
	struct snap_proc p = {.pid = pid,
	    .ppid = ppid,
	    .state = state,
	    .threads = threads,
	    .start_ticks = start,
	    .comm = (char *)comm};

	assert_int_equal(snap_add(s, &p), 0);
}

static inline void
scan(struct ptable *t, struct snap *s)
{
	snap_sort(s);
	assert_int_equal(ptable_scan(t, s), 0);
	snap_free(s);
}

static inline size_t
lives(struct ptable *t, struct ptable_life *out, size_t n)
{
	return ptable_take_lives(t, out, n, NULL);
}

#endif
