/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the first sighting the process table keeps per zombie
 * (ptable_zombie_seen, ptable_life.seen_time and seen_ppid): the first
 * scan that showed the zombie and the parent it showed, which evwatch's
 * zombie_reaped measures `after` and `by_new_parent` from. They must
 * outlive the record: the scan that sweeps a reaped zombie runs before
 * evwatch looks at it, so its life carries them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>

#include "ptable_harness.h"

static bool
near(double a, double b)
{
	return fabs(a - b) < 0.001;
}

/* The first scan's time and parent stay, though the zombie exited under
 * another parent (who died before that scan) and later scans show it. */
static void
test_first_scan_kept(void **state)
{
	struct ptable *t;
	struct ptable_life l[2];
	struct snap *s;
	double when = 0;
	pid_t ppid = 0;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	add(s, 200, 100, 'S', 1, 2000, "child");
	scan(t, s);
	assert_int_equal(
	    ptable_zombie_seen(t, 200, 2000, &when, &ppid), -ENOENT);
	assert_int_equal(exit_ev(t, 200, 200, 100, 0, ms(500)), 1);
	/* An exit event is no sighting: no scan showed it yet. */
	assert_int_equal(
	    ptable_zombie_seen(t, 200, 2000, &when, &ppid), -ENOENT);
	s = snap_at(1000);
	add(s, 200, 1, 'Z', 1, 2000, "child");
	scan(t, s);
	assert_int_equal(ptable_zombie_seen(t, 200, 2000, &when, &ppid), 0);
	assert_true(near(when, epoch(ms(1000))));
	assert_int_equal(ppid, 1);
	assert_int_equal(
	    ptable_zombie_seen(t, 200, 2002, &when, &ppid), -ENOENT);
	s = snap_at(2000);
	add(s, 200, 300, 'Z', 1, 2000, "child");
	scan(t, s);
	assert_int_equal(ptable_zombie_seen(t, 200, 2000, &when, &ppid), 0);
	assert_true(near(when, epoch(ms(1000))));
	assert_int_equal(ppid, 1);
	/* Swept by the next scan: the life carries the sighting. */
	s = snap_at(3000);
	scan(t, s);
	assert_int_equal(
	    ptable_zombie_seen(t, 200, 2000, &when, &ppid), -ENOENT);
	assert_int_equal(lives(t, l, 2), 1);
	assert_int_equal(l[0].pid, 200);
	assert_int_equal(l[0].ppid, 100); /* the parent at its exit */
	assert_true(near(l[0].exit_time, epoch(ms(500))));
	assert_true(near(l[0].seen_time, epoch(ms(1000))));
	assert_int_equal(l[0].seen_ppid, 1);
	ptable_free(t);
}

/* A zombie that no scan showed has no sighting; one of our first scan
 * has that scan's; a reused pid starts without one. */
static void
test_unseen_predating_reused(void **state)
{
	struct ptable *t;
	struct ptable_life l[2];
	struct snap *s;
	double when = 0;
	pid_t ppid = 0;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	add(s, 200, 100, 'Z', 1, 2000, "old");
	scan(t, s);
	assert_int_equal(ptable_zombie_seen(t, 200, 2000, &when, &ppid), 0);
	assert_true(near(when, epoch(ms(0))));
	assert_int_equal(ppid, 100);
	short_life(t, 400, 100, 100, 5);
	assert_int_equal(lives(t, l, 2), 1);
	assert_int_equal(l[0].pid, 400);
	assert_true(l[0].seen_time < 0);
	assert_int_equal(l[0].seen_ppid, 0);
	/* pid 200 reaped and taken by a new process before the next scan. */
	s = snap_at(1000);
	add(s, 100, 1, 'S', 1, 1000, "zparent");
	add(s, 200, 100, 'S', 1, 3000, "new");
	scan(t, s);
	assert_int_equal(
	    ptable_zombie_seen(t, 200, 3000, &when, &ppid), -ENOENT);
	assert_int_equal(lives(t, l, 2), 1);
	assert_int_equal(l[0].pid, 200);
	assert_true(l[0].exit_time < 0); /* older than us */
	assert_true(near(l[0].seen_time, epoch(ms(0))));
	assert_int_equal(l[0].seen_ppid, 100);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_scan_kept),
	    cmocka_unit_test(test_unseen_predating_reused),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
