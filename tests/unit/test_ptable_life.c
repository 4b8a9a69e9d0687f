/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of ptable_zombie_life: the finished life of a zombie found
 * by (pid, start) after its record was swept, whether or not
 * ptable_take_lives took it, which evwatch reads for every reap it logs.
 * A reused pid is another process: another record, another life. */
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

/* Zombie 200 (start 2000) seen at 1 s, reaped by the scan at 3 s; its pid
 * then holds zombie 200 (start 2500), seen at 4 s, reaped by the scan at
 * 5 s: two records one after the other, two lives, each found by its own
 * start. */
static void
test_reused_pid_two_lives(void **state)
{
	struct ptable *t;
	struct ptable_life l, got[4];
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "par");
	add(s, 200, 100, 'S', 1, 2000, "old");
	scan(t, s);
	s = snap_at(1000);
	add(s, 100, 1, 'S', 1, 1000, "par");
	add(s, 200, 100, 'Z', 1, 2000, "old");
	scan(t, s);
	assert_int_equal(ptable_zombie_life(t, 200, 2000, &l), -ENOENT);
	s = snap_at(3000);
	add(s, 100, 1, 'S', 1, 1000, "par");
	scan(t, s);
	/* Taken or not, the life stays readable. */
	assert_int_equal(lives(t, got, 4), 1);
	assert_int_equal(ptable_zombie_life(t, 200, 2000, &l), 0);
	assert_string_equal(l.comm, "old");
	assert_true(near(l.seen_time, epoch(ms(1000))));
	assert_true(near(l.reap_time, epoch(ms(3000))));
	assert_int_equal(l.seen_ppid, 100);
	s = snap_at(4000);
	add(s, 100, 1, 'S', 1, 1000, "par");
	add(s, 200, 100, 'Z', 1, 2500, "new");
	scan(t, s);
	s = snap_at(5000);
	add(s, 100, 1, 'S', 1, 1000, "par");
	scan(t, s);
	assert_int_equal(ptable_zombie_life(t, 200, 2500, &l), 0);
	assert_string_equal(l.comm, "new");
	assert_true(near(l.seen_time, epoch(ms(4000))));
	assert_int_equal(ptable_zombie_life(t, 200, 2000, &l), 0);
	assert_string_equal(l.comm, "old");
	assert_int_equal(ptable_zombie_life(t, 200, 2200, &l), -ENOENT);
	ptable_free(t);
}

/* PTABLE_RING newer lives overwrite an old one: then it is not found
 * (the caller falls back to its snapshots), and the newest are. */
static void
test_overwritten_life(void **state)
{
	struct ptable *t;
	struct ptable_life l;
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "par");
	add(s, 200, 100, 'Z', 1, 2000, "z");
	scan(t, s);
	s = snap_at(1000);
	add(s, 100, 1, 'S', 1, 1000, "par");
	scan(t, s);
	assert_int_equal(ptable_zombie_life(t, 200, 2000, &l), 0);
	for (int i = 0; i < PTABLE_RING - 1; i++)
		short_life(t, 10000 + i, 100, 1100 + i * 0.01, 1);
	assert_int_equal(ptable_zombie_life(t, 200, 2000, &l), 0);
	short_life(t, 9000, 100, 1200, 1);
	assert_int_equal(ptable_zombie_life(t, 200, 2000, &l), -ENOENT);
	assert_int_equal(ptable_zombie_life(t, 9000, ticks(ms(1200)), &l), 0);
	assert_int_equal(ptable_zombie_life(t, 10000, ticks(ms(1100)), &l), 0);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reused_pid_two_lives),
	    cmocka_unit_test(test_overwritten_life),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
