/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the process table on synthetic kernel events and hand-made
 * snapshots: exact exit ages, first-seen ages identical to zombie_ages',
 * PID reuse, reap latencies, lives no scan saw, the sweep, thread exits
 * (ptable_harness.h has the clock and the makers of events and
 * snapshots; test_ptable_load.c the ring, the caps and the memory). */
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

#include "ptable_harness.h"

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

/* test_zombie_live's test_ages, ported case by case: the same snapshots
 * (dated 1970, epoch seconds 1000, 1005, 1012) give the same ages. */
static struct snap *
snap_epoch(time_t when)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	s->taken.tv_sec = when;
	s->hz = 100;
	return s;
}

static void
test_zombie_ages_cases(void **state)
{
	struct ptable *t;
	struct snap *s1 = snap_epoch(1000), *s2 = snap_epoch(1005),
	            *s3 = snap_epoch(1012);

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	add(s1, 10, 1, 'S', 1, 5, "x");
	add(s1, 11, 10, 'Z', 1, 50, "x"); /* there before us */
	add(s1, 12, 10, 'Z', 3, 60, "x"); /* exited leader: alive */
	scan(t, s1);
	assert_true(ptable_zombie_age(t, 11, 50, 1000).age < 0);
	add(s2, 10, 1, 'S', 1, 5, "x");
	add(s2, 11, 10, 'Z', 1, 50, "x");
	add(s2, 12, 10, 'Z', 1, 60, "x"); /* now a real zombie */
	add(s2, 13, 10, 'Z', 1, 70, "x"); /* appeared */
	scan(t, s2);
	assert_true(ptable_zombie_age(t, 13, 70, 1005).age == 0);
	assert_true(ptable_zombie_age(t, 12, 60, 1005).age == 0);
	assert_true(ptable_zombie_age(t, 11, 50, 1005).age < 0);
	/* 11 reaped; 13's PID reused by another zombie */
	add(s3, 10, 1, 'S', 1, 5, "x");
	add(s3, 12, 10, 'Z', 1, 60, "x");
	add(s3, 13, 10, 'Z', 1, 90, "x");
	scan(t, s3);
	assert_true(ptable_zombie_age(t, 12, 60, 1012).age == 7);
	assert_true(ptable_zombie_age(t, 13, 90, 1012).age == 0);
	assert_true(ptable_zombie_age(t, 13, 70, 1012).age < 0);
	assert_true(ptable_zombie_age(t, 11, 50, 1012).age < 0);
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

/* A parent that waits at once can reap before the kernel writes the exit
 * event, which then names parent 0: the exit counts for the parent the
 * fork named (a fast reaper's children went missing from its stats). */
static void
test_exit_without_parent(void **state)
{
	struct ptable *t;
	struct reapstat_sum sum;
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 600, 1, 'S', 1, 4343, "fastparent");
	scan(t, s);
	assert_int_equal(fork_ev(t, 1600, 1600, 600, ms(100)), 0);
	assert_int_equal(exit_ev(t, 1600, 1600, 0, 0, ms(101)), 1);
	ptable_reaped(t, 1600, ms(101.2), true);
	assert_int_equal(ptable_parent_stats(t, 600, 4343, &sum), 0);
	assert_int_equal(sum.exits, 1);
	assert_int_equal(sum.count, 1);
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

/* Events and scans out of order: a scan that shows the zombie before its
 * exit event is read gives a first-seen time, which the event then makes
 * exact; a scan taken before a pidfd's reap, read after it, makes no
 * second life and no new zombie. */
static void
test_late_event_stale_scan(void **state)
{
	struct ptable *t;
	struct ptable_life l[2];
	struct ptable_info info;
	struct ptable_age a;
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 10, "p");
	add(s, 101, 100, 'S', 1, 11, "c");
	scan(t, s);
	s = snap_at(1000);
	add(s, 100, 1, 'S', 1, 10, "p");
	add(s, 101, 100, 'Z', 1, 11, "c");
	scan(t, s);
	assert_false(ptable_exit_time(t, 101, 11).exact);
	assert_int_equal(exit_ev(t, 101, 101, 100, 0, ms(900)), 1);
	a = ptable_exit_time(t, 101, 11);
	assert_true(a.exact);
	assert_true(fabs(a.age - epoch(ms(900))) < 0.001);
	ptable_reaped(t, 101, ms(1100), true);
	s = snap_at(1050); /* taken before the reap, read after it */
	add(s, 100, 1, 'S', 1, 10, "p");
	add(s, 101, 100, 'Z', 1, 11, "c");
	scan(t, s);
	s = snap_at(2000);
	add(s, 100, 1, 'S', 1, 10, "p");
	scan(t, s);
	assert_int_equal(lives(t, l, 2), 1);
	assert_true(l[0].exit_exact && l[0].reap_exact);
	ptable_info(t, &info);
	assert_int_equal(info.exits, 1);
	assert_int_equal(info.records, 1);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact_exit),
	    cmocka_unit_test(test_first_seen_as_zombie_ages),
	    cmocka_unit_test(test_zombie_ages_cases),
	    cmocka_unit_test(test_pid_reuse),
	    cmocka_unit_test(test_fifty_reaped_150ms),
	    cmocka_unit_test(test_exit_without_parent),
	    cmocka_unit_test(test_short_life_no_scan),
	    cmocka_unit_test(test_sweep),
	    cmocka_unit_test(test_thread_exits),
	    cmocka_unit_test(test_late_event_stale_scan),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
