/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of background scans: the previous snapshot stays readable and
 * whole while the scan runs, the new one shares its strings until they are
 * disowned, and a scanner freed mid-scan frees nothing twice (valgrind and
 * ASan runs check the last). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "scanner.h"
#include "snap.h"
#include "snap_reader.h"

static int
wait_collect(struct scanner *sc, struct snap **out)
{
	int rc;

	while ((rc = scanner_collect(sc, out)) == -EAGAIN)
		nanosleep(&(struct timespec){0, 1000000L}, NULL);
	return rc;
}

/* Reads every string of s, as a redraw would while the scan runs. */
static size_t
read_all(const struct snap *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += strlen(s->procs[i].comm) + strlen(s->procs[i].cmdline) +
		     strlen(s->procs[i].user);
	return n;
}

static void
test_scan_shares_until_disowned(void **state)
{
	struct snap_reader *r = NULL;
	struct scanner *sc = NULL;
	struct snap *s1 = NULL, *s2 = NULL;
	struct snap_proc *me1;
	const struct snap_proc *me2;
	char *comm1;
	size_t before;
	bool cmd_shared;

	(void)state;
	prctl(PR_SET_NAME, "test_scanner");
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(scanner_new(r, &sc), 0);
	assert_int_equal(snap_reader_take(r, NULL, &s1), 0);
	me1 = (struct snap_proc *)snap_find(s1, getpid());
	assert_non_null(me1);
	comm1 = me1->comm;
	before = read_all(s1);
	assert_int_equal(scanner_start(sc, s1), 0);
	/* prev is read while the scan runs, and not changed by it */
	assert_int_equal(read_all(s1), before);
	assert_int_equal(wait_collect(sc, &s2), 0);
	assert_int_equal(read_all(s1), before);
	assert_ptr_equal(me1->comm, comm1);
	me2 = snap_find(s2, getpid());
	assert_non_null(me2);
	assert_ptr_equal(me2->comm, comm1);
	/* the command line is read again if this process ran a tick */
	cmd_shared = me2->cmdline == me1->cmdline;
	assert_true(cmd_shared || me2->cpu_ticks != me1->cpu_ticks);
	assert_false(me2->flags & SPF_NEW);
	snap_disown_shared(s1, s2);
	assert_null(me1->comm);
	assert_true(cmd_shared ? !me1->cmdline : !!me1->cmdline);
	assert_null(me1->user);
	snap_free(s1);
	assert_string_equal(me2->comm, "test_scanner");
	snap_free(s2);
	scanner_free(sc);
	snap_reader_free(r);
}

static void
test_busy_and_idle(void **state)
{
	struct snap_reader *r = NULL;
	struct scanner *sc = NULL;
	struct snap *s = NULL;

	(void)state;
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(scanner_new(r, &sc), 0);
	assert_false(scanner_busy(sc));
	assert_int_equal(scanner_collect(sc, &s), -ECHILD);
	assert_int_equal(scanner_start(sc, NULL), 0);
	assert_true(scanner_busy(sc));
	assert_int_equal(scanner_start(sc, NULL), -EBUSY);
	assert_int_equal(wait_collect(sc, &s), 0);
	assert_false(scanner_busy(sc));
	assert_non_null(snap_find(s, getpid()));
	assert_true(snap_find(s, getpid())->flags & SPF_NEW);
	assert_int_equal(scanner_collect(sc, &s), -ECHILD);
	snap_free(s);
	scanner_free(sc);
	snap_reader_free(r);
}

/* Freed mid-scan: the result is dropped without prev's shared strings. */
static void
test_free_while_running(void **state)
{
	struct snap_reader *r = NULL;
	struct scanner *sc = NULL;
	struct snap *s1 = NULL;
	size_t before;

	(void)state;
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(snap_reader_take(r, NULL, &s1), 0);
	before = read_all(s1);
	assert_int_equal(scanner_new(r, &sc), 0);
	assert_int_equal(scanner_start(sc, s1), 0);
	scanner_free(sc);
	assert_int_equal(read_all(s1), before);
	snap_free(s1);
	snap_reader_free(r);
}

static size_t
heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/* libproc2's per-thread buffers belong to the one worker: many scans on
 * one scanner must not grow the heap (a thread per scan would, by 256 KiB
 * each). The margin allows for processes that come and go meanwhile. */
static void
test_scans_do_not_grow_heap(void **state)
{
	struct snap_reader *r = NULL;
	struct scanner *sc = NULL;
	struct snap *prev = NULL, *s = NULL;
	size_t before = 0;

	(void)state;
	if (heap_in_use() == 0)
		skip(); /* a sanitizer's allocator: mallinfo2 says nothing */
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(scanner_new(r, &sc), 0);
	for (int i = 0; i < 25; i++) {
		if (i == 5)
			before = heap_in_use();
		assert_int_equal(scanner_start(sc, prev), 0);
		assert_int_equal(scanner_wait(sc, &s), 0);
		if (prev) {
			snap_disown_shared(prev, s);
			snap_free(prev);
		}
		prev = s;
	}
	assert_true(heap_in_use() < before + 256 * 1024);
	snap_free(prev);
	scanner_free(sc);
	snap_reader_free(r);
}

static void
add(struct snap *s, pid_t pid, const char *comm)
{
	char cmd[] = "cmd", user[] = "user";
	struct snap_proc p = {.pid = pid,
	    .ppid = 1,
	    .state = 'S',
	    .comm = (char *)comm,
	    .cmdline = cmd,
	    .user = user};

	assert_int_equal(snap_add(s, &p), 0);
}

/* The merge walk: only the same pid's identical pointers are given up. */
static void
test_disown_only_shared(void **state)
{
	struct snap *prev = snap_new(), *cur = snap_new();
	struct snap_proc *p2, *p3, *c2, *c3;

	(void)state;
	add(prev, 1, "a");
	add(prev, 2, "b");
	add(prev, 3, "c");
	add(cur, 2, "b");
	add(cur, 3, "c");
	add(cur, 4, "d");
	p2 = (struct snap_proc *)snap_find(prev, 2);
	p3 = (struct snap_proc *)snap_find(prev, 3);
	c2 = (struct snap_proc *)snap_find(cur, 2);
	c3 = (struct snap_proc *)snap_find(cur, 3);
	free(c2->comm);
	c2->comm = p2->comm;
	free(c3->user);
	c3->user = p3->user;
	snap_disown_shared(prev, cur);
	assert_null(p2->comm);
	assert_string_equal(p2->cmdline, "cmd");
	assert_string_equal(p3->comm, "c");
	assert_null(p3->user);
	assert_string_equal(snap_find(prev, 1)->comm, "a");
	snap_free(prev);
	assert_string_equal(c2->comm, "b");
	assert_string_equal(c3->user, "user");
	snap_free(cur);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scan_shares_until_disowned),
	    cmocka_unit_test(test_busy_and_idle),
	    cmocka_unit_test(test_free_while_running),
	    cmocka_unit_test(test_scans_do_not_grow_heap),
	    cmocka_unit_test(test_disown_only_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
