/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's meters model: samples move next -> cur -> prev with each
 * adoption, CPU use needs two of them, and a live read of this machine
 * gives one bar per online CPU whose shares add up to the whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "view_meters.h"

/* Burns CPU until the kernel's tick counters moved. */
static void
spin(void)
{
	struct timespec a, b;
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 100000; i++)
			x += (unsigned long)i;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((double)(b.tv_sec - a.tv_sec) +
	             (double)(b.tv_nsec - a.tv_nsec) / 1e9 <
	         0.1);
}

static void
test_needs_two_samples(void **state)
{
	struct view_meters m;
	struct meters_cpu_use u;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(view_meters_ncpu(&m), 0);
	view_meters_adopt(&m); /* nothing read: nothing changes */
	assert_false(m.have_cur);
	view_meters_scan(&m);
	view_meters_adopt(&m);
	assert_true(m.have_cur);
	assert_false(m.have_prev);
	assert_false(view_meters_cpu(&m, -1, &u));
	assert_true(u.busy == 0.0);
	view_meters_done(&m);
}

static void
test_live(void **state)
{
	struct view_meters m;
	struct meters_cpu_use u;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	double sum;

	(void)state;
	memset(&m, 0, sizeof(m));
	view_meters_scan(&m);
	view_meters_adopt(&m);
	spin();
	view_meters_scan(&m);
	view_meters_adopt(&m);
	assert_true(m.have_prev);
	assert_int_equal(view_meters_ncpu(&m), (size_t)online);
	assert_true(view_meters_cpu(&m, -1, &u));
	sum = u.user + u.nice + u.system + u.irq + u.softirq + u.steal +
	      u.guest + u.idle + u.iowait;
	assert_true(sum > 99.0 && sum < 101.0);
	assert_true(u.busy > 0.0); /* spin() ran */
	for (long i = 0; i < online; i++)
		assert_true(view_meters_cpu(&m, i, &u));
	assert_false(view_meters_cpu(&m, online, &u));
	assert_true(m.cur.mem.total > 0);
	view_meters_done(&m);
	assert_false(m.have_cur);
}

/* A scan whose snapshot was never adopted is replaced, not leaked
 * (valgrind sees the leak). */
static void
test_rescan(void **state)
{
	struct view_meters m;

	(void)state;
	memset(&m, 0, sizeof(m));
	view_meters_scan(&m);
	view_meters_scan(&m);
	view_meters_adopt(&m);
	assert_true(m.have_cur);
	view_meters_done(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_needs_two_samples),
	    cmocka_unit_test(test_live),
	    cmocka_unit_test(test_rescan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
