/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the process table on synthetic kernel events and hand-made
 * snapshots: exact exit ages, first-seen ages identical to zombie_ages',
 * PID reuse, reap latencies, lives no scan saw, the sweep, thread exits,
 * the lives ring and the statistics' caps. Timestamps are CLOCK_MONOTONIC
 * ns around the real clock, so that the statistics' window holds them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ptable.h"

static int64_t off_real, off_boot; /* ns, as the table measures them */
static uint64_t base;              /* ms(0): 60 s before the test */
static long hz;

static int64_t
clk(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
setup(void **state)
{
	int64_t mono = clk(CLOCK_MONOTONIC);

	(void)state;
	off_real = clk(CLOCK_REALTIME) - mono;
	off_boot = clk(CLOCK_BOOTTIME) - mono;
	base = (uint64_t)mono - 60000000000ull;
	hz = sysconf(_SC_CLK_TCK);
	return 0;
}

static uint64_t
ms(double m)
{
	return base + (uint64_t)(int64_t)(m * 1e6 + (m < 0 ? -0.5 : 0.5));
}

static double
epoch(uint64_t ns)
{
	return (double)((int64_t)ns + off_real) / 1e9;
}

static unsigned long long
ticks(uint64_t ns)
{
	return (unsigned long long)((double)((int64_t)ns + off_boot) *
	                            (double)hz / 1e9);
}

static int
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

static int
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

static void
comm_ev(struct ptable *t, pid_t pid, const char *comm, uint64_t ts)
{
	struct pev e = {.kind = PEV_COMM, .ts_ns = ts, .pid = pid, .tgid = pid};

	snprintf(e.comm, sizeof(e.comm), "%s", comm);
	assert_int_equal(ptable_event(t, &e), 0);
}

/* A short life seen only by events: fork, exit, reaped lat_ms later. */
static void
short_life(struct ptable *t, pid_t pid, pid_t parent, double at, double lat_ms)
{
	assert_int_equal(fork_ev(t, pid, pid, parent, ms(at)), 0);
	assert_int_equal(exit_ev(t, pid, pid, parent, 0, ms(at + 1)), 1);
	ptable_reaped(t, pid, ms(at + 1 + lat_ms), true);
}

/* A snapshot taken at ms(at). */
static struct snap *
snap_at(double at)
{
	struct snap *s = snap_new();
	int64_t real = (int64_t)ms(at) + off_real;

	assert_non_null(s);
	s->taken.tv_sec = real / 1000000000;
	s->taken.tv_nsec = real % 1000000000;
	s->hz = hz;
	return s;
}

static void
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

static void
scan(struct ptable *t, struct snap *s)
{
	snap_sort(s);
	assert_int_equal(ptable_scan(t, s), 0);
	snap_free(s);
}

static size_t
lives(struct ptable *t, struct ptable_life *out, size_t n)
{
	return ptable_take_lives(t, out, n, NULL);
}

/* An exit event gives the exit time to the millisecond; a later scan that
 * shows the zombie keeps it; the pidfd's reap ends the life exactly. */
static void
test_exact_exit(void **state)
{
	struct ptable *t;
	struct ptable_age a;
	struct ptable_life l[2];
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	add(s, 200, 100, 'S', 1, 2000, "child");
	scan(t, s);
	assert_int_equal(exit_ev(t, 200, 200, 100, 5 << 8, ms(1000)), 1);
	a = ptable_exit_time(t, 200, 2000);
	assert_true(a.exact);
	assert_true(fabs(a.age - epoch(ms(1000))) < 0.001);
	a = ptable_zombie_age(t, 200, 2000, epoch(ms(3500)));
	assert_true(a.exact);
	assert_true(fabs(a.age - 2.5) < 0.001);
	assert_true(ptable_zombie_age(t, 200, 2001, epoch(ms(3500))).age < 0);
	s = snap_at(2000);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	add(s, 200, 100, 'Z', 1, 2000, "child");
	scan(t, s);
	a = ptable_zombie_age(t, 200, 2000, epoch(ms(3500)));
	assert_true(a.exact);
	assert_true(fabs(a.age - 2.5) < 0.001);
	assert_int_equal(lives(t, l, 2), 0);
	ptable_reaped(t, 200, ms(2150), true);
	assert_int_equal(lives(t, l, 2), 1);
	assert_int_equal(l[0].pid, 200);
	assert_int_equal(l[0].ppid, 100);
	assert_int_equal(l[0].parent_start, 1000);
	assert_string_equal(l[0].parent_comm, "zparent");
	assert_string_equal(l[0].comm, "child");
	assert_true(l[0].exit_known && l[0].exit_exact && l[0].reap_exact);
	assert_true(l[0].seen_by_scan);
	assert_int_equal(l[0].exit_raw, 1280);
	assert_true(fabs(l[0].reap_time - l[0].exit_time - 1.15) < 0.001);
	/* The next scan sweeps the record without a second life. */
	s = snap_at(3000);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	scan(t, s);
	assert_int_equal(lives(t, l, 2), 0);
	ptable_free(t);
}

/* Without events the ages are zombie_ages' to the last bit: unknown for
 * zombies of the first scan, else from the scan that first showed them;
 * a leader whose threads run is no zombie; a reused pid starts again. */
static void
test_first_seen_as_zombie_ages(void **state)
{
	static const struct {
		double at;
		pid_t pid;
		char state;
		int threads;
		unsigned long long start;
		double want; /* what zombie_ages gave, 0.25 s after the scan
		                (at: ms) */
	} rows[] = {
	    {0, 10, 'Z', 1, 50, -1},
	    {0, 11, 'S', 1, 60, -1},
	    {0, 12, 'Z', 2, 70, -1},
	    {1000, 10, 'Z', 1, 50, -1},
	    {1000, 11, 'Z', 1, 60, 0.25},
	    {1000, 12, 'Z', 2, 70, -1},
	    {1000, 13, 'Z', 1, 80, 0.25},
	    {2000, 10, 'Z', 1, 50, -1},
	    {2000, 11, 'Z', 1, 60, 1.25},
	    {2000, 12, 'Z', 1, 70, 0.25},
	    {3000, 11, 'Z', 1, 60, 2.25},
	    {3000, 13, 'Z', 1, 90, 0.25},
	    {4000, 13, 'Z', 1, 90, 1.25},
	};
	struct ptable *t;
	size_t i = 0;
	int known = 0;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	while (i < sizeof(rows) / sizeof(rows[0])) {
		double at = rows[i].at;
		size_t first = i;
		struct snap *s = snap_at(at);

		for (; i < sizeof(rows) / sizeof(rows[0]) && rows[i].at == at;
		     i++)
			add(s, rows[i].pid, 1, rows[i].state, rows[i].threads,
			    rows[i].start, "z");
		snap_sort(s);
		assert_int_equal(ptable_scan(t, s), 0);
		for (size_t k = first; k < i; k++) {
			struct ptable_age got = ptable_zombie_age(
			    t, rows[k].pid, rows[k].start, snap_time(s) + 0.25);

			assert_true(fabs(rows[k].want - got.age) < 1e-9);
			assert_false(got.exact);
			known += rows[k].want >= 0;
		}
		snap_free(s);
	}
	assert_int_equal(known, 7); /* the sequence exercises both cases */
	ptable_free(t);
}

/* The case: the scan saw the pid's new process before the old
 * one's exit event was read; then a fork event reusing a pid. */
static void
test_pid_reuse(void **state)
{
	struct ptable *t;
	struct ptable_info info;
	struct ptable_life l[4];
	unsigned long long young = ticks(ms(500));
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(-1000);
	add(s, 300, 1, 'S', 1, ticks(ms(-10000)), "old");
	scan(t, s);
	s = snap_at(1000);
	add(s, 300, 1, 'S', 1, young, "new");
	scan(t, s);
	assert_int_equal(exit_ev(t, 300, 300, 1, 9, ms(0)), 0);
	ptable_info(t, &info);
	assert_int_equal(info.stale, 1);
	assert_int_equal(info.exits, 0);
	assert_true(ptable_exit_time(t, 300, young).age < 0);
	assert_true(ptable_zombie_age(t, 300, young, epoch(ms(1500))).age < 0);
	/* The new process's own exit applies. */
	assert_int_equal(exit_ev(t, 300, 300, 1, 0, ms(2000)), 1);
	assert_true(ptable_exit_time(t, 300, young).exact);
	/* A fork reusing pid 400 ends the old 400, reaped by then. */
	assert_int_equal(fork_ev(t, 400, 400, 1, ms(3000)), 0);
	assert_int_equal(exit_ev(t, 400, 400, 1, 0, ms(3100)), 1);
	assert_int_equal(fork_ev(t, 400, 400, 1, ms(3300)), 0);
	assert_int_equal(lives(t, l, 4), 1);
	assert_int_equal(l[0].pid, 400);
	assert_false(l[0].reap_exact);
	assert_true(fabs(l[0].reap_time - epoch(ms(3300))) < 0.001);
	assert_true(ptable_exit_time(t, 400, ticks(ms(3300))).age < 0);
	ptable_free(t);
}

/* 50 children, each reaped 150 ms after its exit. */
static void
test_fifty_reaped_150ms(void **state)
{
	struct ptable *t;
	struct ptable_life l[64];
	struct reapstat_sum sum;
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 500, 1, 'S', 1, 4242, "zparent");
	scan(t, s);
	for (int i = 0; i < 50; i++)
		short_life(t, 1000 + i, 500, 100 + i * 200, 150);
	assert_int_equal(lives(t, l, 64), 50);
	for (int i = 0; i < 50; i++) {
		assert_true(
		    fabs(l[i].reap_time - l[i].exit_time - 0.15) < 0.001);
		assert_string_equal(l[i].parent_comm, "zparent");
		assert_false(l[i].seen_by_scan);
	}
	assert_int_equal(ptable_parent_stats(t, 500, 4242, &sum), 0);
	assert_int_equal(sum.exits, 50);
	assert_int_equal(sum.count, 50);
	assert_true(sum.p50 > 0.1 && sum.p50 <= 0.25);
	assert_true(fabs(sum.p50 - 0.150) < 0.030);
	assert_true(fabs(sum.max - 0.150) < 0.001);
	assert_int_equal(sum.bucket[REAPSTAT_NB - 1], 50);
	assert_int_equal(ptable_parent_stats(t, 501, 4242, &sum), -ENOENT);
	ptable_free(t);
}

struct found {
	char comm[16];
	struct reapstat_sum s;
	int n;
};

static void
find_comm(void *arg, const char *comm, const struct reapstat_sum *s)
{
	struct found *f = arg;

	if (strcmp(comm, f->comm) == 0) {
		f->s = *s;
		f->n++;
	}
}

/* A child that lives and is reaped between two scans (here: without any
 * scan) still gives a life and a latency sample; its parent's name comes
 * from the parent's record (a comm event). */
static void
test_short_life_no_scan(void **state)
{
	struct ptable *t;
	struct ptable_life l[2];
	struct ptable_info info;
	struct found f = {.comm = "shortp"};

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	comm_ev(t, 600, "shortp", ms(-5));
	assert_int_equal(fork_ev(t, 601, 601, 600, ms(0)), 0);
	assert_int_equal(exit_ev(t, 601, 601, 600, 3 << 8, ms(1)), 1);
	ptable_reaped(t, 601, ms(1.2), true);
	assert_int_equal(lives(t, l, 2), 1);
	assert_false(l[0].seen_by_scan);
	assert_true(l[0].exit_exact && l[0].reap_exact && l[0].exit_known);
	assert_int_equal(l[0].exit_raw, 768);
	assert_string_equal(l[0].parent_comm, "shortp");
	assert_string_equal(l[0].comm, "shortp"); /* a fork copies it */
	assert_true(l[0].start_ticks + 1 >= ticks(ms(0)) &&
	            l[0].start_ticks <= ticks(ms(0)) + 1);
	assert_true(fabs(l[0].reap_time - l[0].exit_time - 0.0002) < 1e-5);
	ptable_comm_stats(t, find_comm, &f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.s.exits, 1);
	assert_int_equal(f.s.bucket[0], 1); /* <= 1 ms */
	ptable_info(t, &info);
	assert_int_equal(info.exits, 1);
	assert_int_equal(info.events_seen, 3);
	ptable_free(t);
}

/* A scan sweeps what it no longer shows: a zombie's life ends at that
 * scan (not exact), a live process leaves no life; a record an event made
 * after the snapshot was taken stays. */
static void
test_sweep(void **state)
{
	struct ptable *t;
	struct ptable_life l[4];
	struct ptable_info info;
	struct snap *s;
	double seen, swept;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 700, 1, 'S', 1, 10, "p");
	add(s, 701, 700, 'S', 1, 11, "live");
	add(s, 702, 700, 'S', 1, 12, "dies");
	scan(t, s);
	s = snap_at(1000);
	seen = snap_time(s);
	add(s, 700, 1, 'S', 1, 10, "p");
	add(s, 701, 700, 'S', 1, 11, "live");
	add(s, 702, 700, 'Z', 1, 12, "dies");
	scan(t, s);
	assert_int_equal(fork_ev(t, 703, 703, 700, ms(1500)), 0);
	s = snap_at(1200); /* taken before the fork above */
	swept = snap_time(s);
	add(s, 700, 1, 'S', 1, 10, "p");
	scan(t, s);
	ptable_info(t, &info);
	assert_int_equal(info.records, 2);
	assert_int_equal(lives(t, l, 4), 1);
	assert_int_equal(l[0].pid, 702);
	assert_string_equal(l[0].comm, "dies");
	assert_string_equal(l[0].parent_comm, "p");
	assert_false(l[0].exit_exact || l[0].reap_exact);
	assert_true(l[0].seen_by_scan);
	assert_true(fabs(l[0].exit_time - seen) < 1e-9);
	assert_true(fabs(l[0].reap_time - swept) < 1e-9);
	s = snap_at(2000);
	add(s, 700, 1, 'S', 1, 10, "p");
	scan(t, s);
	ptable_info(t, &info);
	assert_int_equal(info.records, 1);
	assert_int_equal(lives(t, l, 4), 0);
	ptable_free(t);
}

/* A leader that exits while threads run is no zombie yet; the last task's
 * exit is the process's, with the group's exit code. */
static void
test_thread_exits(void **state)
{
	struct ptable *t;
	struct ptable_life l[2];
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 800, 1, 'S', 3, 20, "threads");
	scan(t, s);
	assert_int_equal(fork_ev(t, 803, 800, 800, ms(50)), 0); /* a thread */
	assert_int_equal(exit_ev(t, 800, 800, 1, 0, ms(100)), 0);
	assert_true(ptable_exit_time(t, 800, 20).age < 0);
	assert_int_equal(exit_ev(t, 801, 800, 1, 768, ms(200)), 0);
	assert_int_equal(exit_ev(t, 802, 800, 1, 768, ms(250)), 0);
	assert_true(ptable_exit_time(t, 800, 20).age < 0);
	assert_int_equal(exit_ev(t, 803, 800, 1, 768, ms(300)), 1);
	assert_true(
	    fabs(ptable_exit_time(t, 800, 20).age - epoch(ms(300))) < 0.001);
	ptable_reaped(t, 800, ms(400), true);
	assert_int_equal(lives(t, l, 2), 1);
	assert_int_equal(l[0].exit_raw, 768);
	/* A thread of an unknown process: nothing to do. */
	assert_int_equal(exit_ev(t, 901, 900, 1, 0, ms(500)), 0);
	ptable_free(t);
}

/* The ring keeps the newest PTABLE_RING lives, oldest first; the
 * overwritten are counted. */
static void
test_ring_overflow(void **state)
{
	struct ptable *t;
	struct ptable_life *l = calloc(PTABLE_RING + 100, sizeof(*l));
	uint64_t dropped = 0;

	(void)state;
	assert_non_null(l);
	assert_int_equal(ptable_new(&t), 0);
	for (int i = 0; i < PTABLE_RING + 10; i++)
		short_life(t, 10000 + i, 1, i * 0.01, 0.5);
	assert_int_equal(
	    ptable_take_lives(t, l, PTABLE_RING + 100, &dropped), PTABLE_RING);
	assert_int_equal(dropped, 10);
	assert_int_equal(l[0].pid, 10010);
	assert_int_equal(l[PTABLE_RING - 1].pid, 10000 + PTABLE_RING + 9);
	assert_int_equal(ptable_take_lives(t, l, 4, NULL), 0);
	free(l);
	ptable_free(t);
}

/* More parents (and names) than the statistics hold: the least recently
 * active series are evicted, and counted. */
static void
test_series_eviction(void **state)
{
	struct ptable *t;
	struct ptable_info info;
	int n = REAPSTAT_MAX_PARENTS + 6;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	for (int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "p%d", i);
		comm_ev(t, 20000 + i, name, ms(i));
		short_life(t, 40000 + i, 20000 + i, i + 0.1, 1);
	}
	ptable_info(t, &info);
	assert_int_equal(info.evicted, 6 + (n - REAPSTAT_MAX_COMMS));
	assert_int_equal(info.exits, n);
	ptable_free(t);
}

/* The load: 50,000 processes and 1,000 exits a second for 60 s,
 * a scan every 2 s, one exit in ten never told by a pidfd (found by the
 * scan). The table stays under the bound ptable.h states, far under it in
 * fact, and sweeps back to the live processes. */
static void
test_bounded_memory(void **state)
{
	struct ptable *t;
	struct ptable_info info;
	struct snap *s = snap_at(0);
	size_t peak = 0;
	static struct ptable_life out[PTABLE_RING];

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	for (pid_t pid = 2; pid < 50002; pid++)
		add(s, pid, 1, 'S', 1, 100 + (unsigned long long)pid, "w");
	snap_sort(s);
	for (int sec = 0; sec < 60; sec++) {
		for (int i = 0; i < 1000; i++) {
			pid_t pid = 100000 + (sec * 1000 + i) % 200000;
			double at = sec * 1000.0 + i;

			assert_int_equal(fork_ev(t, pid, pid, 2, ms(at)), 0);
			assert_int_equal(
			    exit_ev(t, pid, pid, 2, 0, ms(at + 0.5)), 1);
			if (i % 10)
				ptable_reaped(t, pid, ms(at + 0.7), true);
		}
		if (sec % 2)
			continue;
		s->taken.tv_sec += 2 * !!sec;
		assert_int_equal(ptable_scan(t, s), 0);
		ptable_info(t, &info);
		peak = info.bytes > peak ? info.bytes : peak;
		ptable_take_lives(t, out, PTABLE_RING, NULL);
	}
	ptable_info(t, &info);
	assert_int_equal(info.exits, 60000);
	assert_true(info.records < 50000 + 2000);
	assert_true(peak < 12u * 1024 * 1024); /* "about 8 MiB" */
	assert_true(peak < PTABLE_MAX_RECORDS * PTABLE_RECORD_MAX +
	                       2 * PTABLE_MAX_RECORDS * 4 +
	                       PTABLE_RING * sizeof(struct ptable_life) +
	                       (size_t)1.5 * 1024 * 1024);
	print_message("# 50,000 processes, 1,000 exits/s: %zu bytes peak, "
	              "%zu after the last scan\n",
	    peak, info.bytes);
	snap_free(s);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact_exit),
	    cmocka_unit_test(test_first_seen_as_zombie_ages),
	    cmocka_unit_test(test_pid_reuse),
	    cmocka_unit_test(test_fifty_reaped_150ms),
	    cmocka_unit_test(test_short_life_no_scan),
	    cmocka_unit_test(test_sweep),
	    cmocka_unit_test(test_thread_exits),
	    cmocka_unit_test(test_ring_overflow),
	    cmocka_unit_test(test_series_eviction),
	    cmocka_unit_test(test_bounded_memory),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
