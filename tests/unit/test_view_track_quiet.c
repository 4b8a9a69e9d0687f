/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of what view_track keeps in the process table: a zombie an
 * action follows is quiet (a flag in its record, carried by its finished
 * life), so the reap evwatch logs after the sweep is dropped; a reused
 * pid is another process, not quiet; a mark set after the reap was
 * told reaches the life too; and the zombie's name is the
 * table's, from its record or, once swept, from its life. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "ptable_harness.h"
#include "view_track.h"

static struct snap *
family(double at, char zstate, unsigned long long zstart, const char *name)
{
	struct snap *s = snap_at(at);

	add(s, 100, 1, 'S', 1, 1000, "par");
	if (zstate)
		add(s, 200, 100, zstate, 1, zstart, name);
	return s;
}

static void
test_quiet_follows_the_process(void **state)
{
	struct view_tracks ts;
	struct ptable *t;
	char name[16];

	(void)state;
	memset(&ts, 0, sizeof(ts));
	assert_int_equal(ptable_new(&t), 0);
	assert_false(view_track_quiet_take(&ts, 200)); /* no table */
	ts.table = t;
	scan(t, family(0, 'Z', 2000, "old"));
	assert_int_equal(ptable_vflag_set(t, 200, 2000, PTABLE_QUIET, true), 0);
	assert_int_equal(ptable_name(t, 200, 2000, name), 0);
	assert_string_equal(name, "old");
	assert_false(view_track_quiet_take(&ts, 200)); /* not reaped yet */
	scan(t, family(1000, 0, 0, NULL));
	assert_true(view_track_quiet_take(&ts, 200));
	assert_int_equal(ptable_name(t, 200, 2000, name), 0);
	assert_string_equal(name, "old");
	/* The pid reused by a zombie no action follows. */
	scan(t, family(2000, 'Z', 2600, "new"));
	scan(t, family(3000, 0, 0, NULL));
	assert_false(view_track_quiet_take(&ts, 200));
	assert_int_equal(ptable_name(t, 200, 2600, name), 0);
	assert_string_equal(name, "new");
	assert_int_equal(ptable_name(t, 200, 2300, name), -ENOENT);
	/* Unmarked before its reap (the outcome's time was up). */
	scan(t, family(4000, 'Z', 2900, "third"));
	assert_int_equal(ptable_vflag_set(t, 200, 2900, PTABLE_QUIET, true), 0);
	assert_int_equal(
	    ptable_vflag_set(t, 200, 2900, PTABLE_QUIET, false), 0);
	scan(t, family(5000, 0, 0, NULL));
	assert_false(view_track_quiet_take(&ts, 200));
	/* Marked after the event thread told its reap (the parent reaped as
	 * the signal arrived): the life already in the ring is quiet too. */
	scan(t, family(6000, 'Z', 3300, "fourth"));
	ptable_reaped(t, 200, ms(6010), true);
	assert_int_equal(ptable_vflag_set(t, 200, 3300, PTABLE_QUIET, true), 0);
	assert_true(view_track_quiet_take(&ts, 200));
	scan(t, family(7000, 0, 0, NULL));
	assert_true(view_track_quiet_take(&ts, 200));
	view_track_done(&ts);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quiet_follows_the_process),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
