/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The process table fed a partial refresh's snapshot (snap_delta: only the
 * pids named when the refresh was planned were read). A process known
 * only from events, whose events the plan had not taken, is not in it:
 * the sweep must not end its life there (a false reap, its latency the
 * refresh's timing); the next partial refresh that reads it, or a full
 * scan that no longer shows it, does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "ptable_harness.h"

static struct snap *
partial_at(double at)
{
	struct snap *s = snap_at(at);

	s->partial = true;
	return s;
}

static void
test_unseen_not_swept(void **state)
{
	struct ptable *t;
	struct ptable_life l[2];
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	scan(t, s);
	/* Forked and exited before the refresh, its events taken after it
	 * was planned: the partial snapshot lacks it. */
	assert_int_equal(fork_ev(t, 200, 200, 100, ms(500)), 0);
	assert_int_equal(exit_ev(t, 200, 200, 100, 3 << 8, ms(501)), 1);
	s = partial_at(1000);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	scan(t, s);
	assert_int_equal(lives(t, l, 2), 0);
	/* The next one reads it, a zombie; the pidfd times the reap. */
	s = partial_at(1500);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	add(s, 200, 100, 'Z', 1, ticks(ms(500)), "child");
	scan(t, s);
	ptable_reaped(t, 200, ms(1701), true);
	assert_int_equal(lives(t, l, 2), 1);
	assert_int_equal(l[0].pid, 200);
	assert_true(l[0].reap_exact);
	assert_true(fabs(l[0].reap_time - l[0].exit_time - 1.2) < 0.001);
	ptable_free(t);
}

/* Without a pidfd's word, a full scan ends a life a partial one kept. */
static void
test_full_scan_sweeps(void **state)
{
	struct ptable *t;
	struct ptable_life l[2];
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	scan(t, s);
	assert_int_equal(fork_ev(t, 200, 200, 100, ms(500)), 0);
	assert_int_equal(exit_ev(t, 200, 200, 100, 0, ms(501)), 1);
	s = partial_at(1000);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	scan(t, s);
	assert_int_equal(lives(t, l, 2), 0);
	s = snap_at(2000);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	scan(t, s);
	assert_int_equal(lives(t, l, 2), 1);
	assert_int_equal(l[0].pid, 200);
	assert_false(l[0].reap_exact);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unseen_not_swept),
	    cmocka_unit_test(test_full_scan_sweeps),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
