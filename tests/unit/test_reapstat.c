/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the reap latency statistics, fed by hand with a clock of
 * our own: buckets and their Prometheus bounds, quantiles (50 reaps at
 * 150 ms), the threshold, the 10-minute window, the leak rate, the
 * per-comm series, and the caps with their evictions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reapstat.h"

#define T0 100000.0 /* a monotonic time well past boot */

static struct reapstat_key
key(pid_t pid, const char *comm)
{
	return (struct reapstat_key){.pid = pid, .start = 5000, .comm = comm};
}

/* A child of k exits at now and is reaped latency seconds later. */
static void
life(struct reapstat *r, const struct reapstat_key *k, double now,
    double latency)
{
	assert_int_equal(reapstat_exit(r, k, now), 0);
	assert_int_equal(reapstat_reap(r, k, latency, now + latency), 0);
}

static void
test_bounds(void **state)
{
	static const double want[] = {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5,
	    1, 2.5, 5, 10, 30, 60, 300};

	(void)state;
	for (int i = 0; i < REAPSTAT_NB - 1; i++)
		assert_true(reapstat_le[i] == want[i]);
	assert_true(isinf(reapstat_le[REAPSTAT_NB - 1]));
}

/* Cumulative buckets like Prometheus: a sample equal to a bound is in
 * that bound's bucket (le = less or equal). */
static void
test_buckets_cumulative(void **state)
{
	struct reapstat *r;
	struct reapstat_key k = key(10, "p");
	struct reapstat_sum s;

	(void)state;
	assert_int_equal(reapstat_new(&r), 0);
	life(r, &k, T0, 0.1);
	life(r, &k, T0, 0.0004);
	life(r, &k, T0, 400);
	assert_int_equal(reapstat_parent(r, 10, 5000, T0 + 1, &s), 0);
	assert_int_equal(s.bucket[0], 1);  /* 0.001 */
	assert_int_equal(s.bucket[3], 1);  /* 0.05 */
	assert_int_equal(s.bucket[4], 2);  /* 0.1: the sample of 0.1 */
	assert_int_equal(s.bucket[13], 2); /* 300 */
	assert_int_equal(s.bucket[14], 3); /* +Inf = count */
	assert_int_equal(s.count, 3);
	assert_true(fabs(s.sum - 400.1004) < 1e-9);
	reapstat_free(r);
}

/* The case: 50 children each reaped 150 ms after its exit. */
static void
test_fifty_at_150ms(void **state)
{
	struct reapstat *r;
	struct reapstat_key k = key(42, "zparent");
	struct reapstat_sum s;

	(void)state;
	assert_int_equal(reapstat_new(&r), 0);
	for (int i = 0; i < 50; i++)
		life(r, &k, T0 + i * 0.2, 0.150);
	assert_int_equal(reapstat_parent(r, 42, 5000, T0 + 11, &s), 0);
	assert_int_equal(s.exits, 50);
	assert_int_equal(s.count, 50);
	assert_int_equal(s.win_count, 50);
	assert_true(s.p50 > 0.1 && s.p50 <= 0.25); /* its bucket */
	assert_true(fabs(s.p50 - 0.150) < 1e-6);   /* exact: min = max */
	assert_true(fabs(s.p99 - 0.150) < 1e-6);
	assert_true(fabs(s.max - 0.150) < 1e-6);
	assert_int_equal(s.over, 0);
	assert_int_equal(s.bucket[4], 0);
	assert_int_equal(s.bucket[5], 50);
	reapstat_free(r);
}

/* Latencies spread over a bucket: the interpolation stays within 30 ms
 * of the true median (uniform 101..200 ms: 150.5 ms). */
static void
test_interpolation(void **state)
{
	struct reapstat *r;
	struct reapstat_key k = key(42, "zparent");
	struct reapstat_sum s;

	(void)state;
	assert_int_equal(reapstat_new(&r), 0);
	for (int i = 1; i <= 100; i++)
		life(r, &k, T0, 0.100 + i * 0.001);
	assert_int_equal(reapstat_parent(r, 42, 5000, T0 + 1, &s), 0);
	assert_true(fabs(s.p50 - 0.1505) < 0.030);
	assert_true(s.p99 > 0.190 && s.p99 <= 0.200);
	assert_true(fabs(s.max - 0.2) < 1e-6);
	reapstat_free(r);
}

/* "3 of 120 waited > 1 s"; the threshold is settable. */
static void
test_over_threshold(void **state)
{
	struct reapstat *r;
	struct reapstat_key k = key(7, "slow");
	struct reapstat_sum s;

	(void)state;
	assert_int_equal(reapstat_new(&r), 0);
	for (int i = 0; i < 117; i++)
		life(r, &k, T0 + i, 0.002);
	for (int i = 0; i < 3; i++)
		life(r, &k, T0 + 200 + i, 1.4);
	assert_int_equal(reapstat_parent(r, 7, 5000, T0 + 300, &s), 0);
	assert_int_equal(s.exits, 120);
	assert_int_equal(s.over, 3);
	assert_int_equal(s.win_over, 3);
	/* In its bucket, from the window's min (2 ms) up. */
	assert_true(s.p50 >= 0.002 && s.p50 <= 0.005);
	assert_true(s.p99 > 1 && s.p99 <= 1.4 + 1e-6);
	assert_true(fabs(s.max - 1.4) < 1e-6);
	reapstat_set_threshold(r, 0.001);
	life(r, &k, T0 + 301, 0.002);
	assert_int_equal(reapstat_parent(r, 7, 5000, T0 + 302, &s), 0);
	assert_int_equal(s.over, 4);
	reapstat_free(r);
}

/* The window keeps the last ten minutes; totals stay. */
static void
test_window_slides(void **state)
{
	struct reapstat *r;
	struct reapstat_key k = key(8, "w");
	struct reapstat_sum s;

	(void)state;
	assert_int_equal(reapstat_new(&r), 0);
	life(r, &k, T0, 5);
	life(r, &k, T0 + 240, 0.01);
	assert_int_equal(reapstat_parent(r, 8, 5000, T0 + 300, &s), 0);
	assert_int_equal(s.win_count, 2);
	assert_true(fabs(s.max - 5) < 1e-6);
	/* 11 minutes on: the first reap left the window, the second not. */
	assert_int_equal(reapstat_parent(r, 8, 5000, T0 + 660, &s), 0);
	assert_int_equal(s.win_count, 1);
	assert_true(fabs(s.max - 0.01) < 1e-6);
	assert_int_equal(s.count, 2);
	/* 30 minutes on: nothing in the window. */
	assert_int_equal(reapstat_parent(r, 8, 5000, T0 + 1800, &s), 0);
	assert_int_equal(s.win_count, 0);
	assert_true(s.p50 < 0 && s.p99 < 0 && s.max < 0);
	assert_int_equal(s.exits, 2);
	/* A slot reused a window later starts empty. */
	life(r, &k, T0 + 600, 0.3);
	assert_int_equal(reapstat_parent(r, 8, 5000, T0 + 601, &s), 0);
	assert_int_equal(s.win_count, 2);
	reapstat_free(r);
}

/* Net zombie growth: a parent that never reaps leaks, one that reaps
 * late does not. */
static void
test_leak_rate(void **state)
{
	struct reapstat *r;
	struct reapstat_key leak = key(20, "leaker"), late = key(21, "late");
	struct reapstat_sum s;

	(void)state;
	assert_int_equal(reapstat_new(&r), 0);
	for (int i = 0; i < 40; i++) {
		assert_int_equal(reapstat_exit(r, &leak, T0 + i * 6), 0);
		life(r, &late, T0 + i * 6, 3);
	}
	/* 40 exits over 4 minutes: 10 a minute. */
	assert_int_equal(reapstat_parent(r, 20, 5000, T0 + 240, &s), 0);
	assert_true(fabs(s.leak_per_min - 10) < 0.5);
	assert_int_equal(s.reaps, 0);
	assert_int_equal(reapstat_parent(r, 21, 5000, T0 + 240, &s), 0);
	assert_true(fabs(s.leak_per_min) < 1e-9);
	assert_int_equal(s.over, 40);
	/* A reap without a known latency counts for the leak only. */
	assert_int_equal(reapstat_reap(r, &leak, -1, T0 + 241), 0);
	assert_int_equal(reapstat_parent(r, 20, 5000, T0 + 241, &s), 0);
	assert_int_equal(s.reaps, 1);
	assert_int_equal(s.count, 0);
	reapstat_free(r);
}

struct comms {
	int n;
	uint64_t exits[4];
	char names[4][16];
};

static void
on_comm(void *arg, const char *comm, const struct reapstat_sum *s)
{
	struct comms *c = arg;

	assert_true(c->n < 4);
	snprintf(c->names[c->n], 16, "%s", comm);
	c->exits[c->n++] = s->exits;
}

/* Two parents with one name make one comm series; an unknown name ("")
 * feeds the parent's series only. Starts match within one tick. */
static void
test_comm_series(void **state)
{
	struct reapstat *r;
	struct reapstat_key a = key(30, "make"), b = key(31, "make");
	struct reapstat_key u = key(32, "");
	struct reapstat_sum s;
	struct comms c = {0};

	(void)state;
	assert_int_equal(reapstat_new(&r), 0);
	life(r, &a, T0, 0.01);
	life(r, &b, T0, 0.02);
	life(r, &u, T0, 0.03);
	reapstat_each_comm(r, T0 + 1, on_comm, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.names[0], "make");
	assert_int_equal(c.exits[0], 2);
	assert_int_equal(reapstat_parent(r, 32, 5000, T0 + 1, &s), 0);
	assert_int_equal(s.exits, 1);
	assert_int_equal(reapstat_parent(r, 30, 5001, T0 + 1, &s), 0);
	assert_int_equal(reapstat_parent(r, 30, 4999, T0 + 1, &s), 0);
	assert_int_equal(reapstat_parent(r, 30, 5002, T0 + 1, &s), -ENOENT);
	assert_int_equal(reapstat_parent(r, 33, 5000, T0 + 1, &s), -ENOENT);
	reapstat_free(r);
}

/* Past the caps the least recently active series goes, counted; memory
 * stays under the bound stated in reapstat.h. */
static void
test_caps_evict(void **state)
{
	struct reapstat *r;
	struct reapstat_info info;
	struct reapstat_sum s;
	char name[16];

	(void)state;
	assert_int_equal(reapstat_new(&r), 0);
	for (int i = 0; i < REAPSTAT_MAX_PARENTS + 10; i++) {
		struct reapstat_key k = key(1000 + i, name);

		snprintf(name, sizeof(name), "c%d", i);
		life(r, &k, T0 + i, 0.01);
	}
	reapstat_info(r, &info);
	assert_int_equal(info.parents, REAPSTAT_MAX_PARENTS);
	assert_int_equal(info.comms, REAPSTAT_MAX_COMMS);
	assert_int_equal(info.evicted,
	    10 + (REAPSTAT_MAX_PARENTS + 10 - REAPSTAT_MAX_COMMS));
	assert_true(info.bytes < (size_t)(1.5 * 1024 * 1024));
	/* The oldest ten are gone, the newest are there. */
	for (int i = 0; i < 10; i++)
		assert_int_equal(
		    reapstat_parent(r, 1000 + i, 5000, T0 + 2000, &s), -ENOENT);
	assert_int_equal(reapstat_parent(r, 1000 + REAPSTAT_MAX_PARENTS + 9,
	                     5000, T0 + 2000, &s),
	    0);
	assert_int_equal(s.exits, 1);
	reapstat_free(r);
	reapstat_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bounds),
	    cmocka_unit_test(test_buckets_cumulative),
	    cmocka_unit_test(test_fifty_at_150ms),
	    cmocka_unit_test(test_interpolation),
	    cmocka_unit_test(test_over_threshold),
	    cmocka_unit_test(test_window_slides),
	    cmocka_unit_test(test_leak_rate),
	    cmocka_unit_test(test_comm_series),
	    cmocka_unit_test(test_caps_evict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
