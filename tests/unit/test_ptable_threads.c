/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit test of the thread entries H adds to a snapshot (SPF_THREAD) as
 * the process table sees them: they keep a record (their CPU%), but a
 * thread is no child of its process. One in state Z (a traced thread
 * that exited waits for its tracer) is no zombie: no sighting, no life
 * when it goes, nothing in its process's reap statistics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "ptable_harness.h"

static void
add_thread(
    struct snap *s, pid_t tid, pid_t pid, char state, unsigned long long start)
{
	struct snap_proc p = {.pid = tid,
	    .ppid = pid,
	    .state = state,
	    .threads = 1,
	    .start_ticks = start,
	    .comm = (char *)"worker",
	    .flags = SPF_THREAD};

	assert_int_equal(snap_add(s, &p), 0);
}

static void
test_thread_zombie_is_no_zombie(void **state)
{
	struct ptable *t;
	struct ptable_life l[2];
	struct snap *s;
	double when = 0;
	pid_t ppid = 0;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 2, 1000, "traced");
	add_thread(s, 101, 100, 'S', 1001);
	scan(t, s);
	s = snap_at(1000);
	add(s, 100, 1, 'S', 2, 1000, "traced");
	add_thread(s, 101, 100, 'Z', 1001);
	scan(t, s);
	assert_int_equal(
	    ptable_zombie_seen(t, 101, 1001, &when, &ppid), -ENOENT);
	s = snap_at(2000);
	add(s, 100, 1, 'S', 1, 1000, "traced");
	scan(t, s);
	assert_int_equal(lives(t, l, 2), 0);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_thread_zombie_is_no_zombie),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
