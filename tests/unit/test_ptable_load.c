/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the process table under load: the lives ring overflows,
 * the statistics' series are evicted past their caps, and the memory of a
 * machine with 50,000 processes and 1,000 exits a second stays bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "ptable_harness.h"

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
		/* Taken after this second's events: it sweeps all of them
		 * (a snapshot older than a record keeps it). */
		snap_set_time(s, (sec + 1) * 1000.0);
		assert_int_equal(ptable_scan(t, s), 0);
		ptable_info(t, &info);
		peak = info.bytes > peak ? info.bytes : peak;
		ptable_take_lives(t, out, PTABLE_RING, NULL);
	}
	ptable_info(t, &info);
	assert_int_equal(info.exits, 60000);
	/* The live ones, and the second since the last scan. */
	assert_int_equal(info.records, 50000 + 1000);
	assert_true(peak < 12u * 1024 * 1024); /* "about 8 MiB" */
	assert_true(peak < PTABLE_MAX_RECORDS * PTABLE_RECORD_MAX +
	                       2 * PTABLE_MAX_RECORDS * 4 +
	                       PTABLE_RING * sizeof(struct ptable_life) +
	                       (size_t)(1.5 * 1024 * 1024));
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
	    cmocka_unit_test(test_ring_overflow),
	    cmocka_unit_test(test_series_eviction),
	    cmocka_unit_test(test_bounded_memory),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
