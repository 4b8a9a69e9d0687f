/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Partial refreshes against full scans, on real children of the test: a
 * random sequence of forks, execs, renames (PR_SET_NAME), exits, reaps,
 * stops and continues, and grandchildren whose parent exits (reparented to
 * the test, a subreaper, with no event of their own). After each step, once its
 * events reached the table, the partial snapshot agrees with a fresh full scan
 * on pid, ppid, comm, zombie or not and exit status, and its zombie count is
 * right; after a reconciliation it agrees on state too. A fork storm through a
 * tiny socket loses events: the next refresh is a full scan, and it is right.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "delta_harness.h"

#define STEPS 60 /* random operations */

/* One random operation on a random agent; returns false when it changed
 * what only a read of the process shows (a stop or a continue). */
static bool
step(struct fix *f, unsigned *seed)
{
	struct agent *a = f->n ? &f->a[(size_t)rand_r(seed) % f->n] : NULL;
	int op = rand_r(seed) % 8;
	char c;

	if (!a || (op == 0 && f->n < MAXA)) {
		do_fork(f);
	} else if (a->zombie) {
		assert_int_equal(waitpid(a->pid, NULL, 0), a->pid);
		drop_agent(f, (size_t)(a - f->a));
	} else if (op == 5 && !a->execd && !a->stopped && f->n < MAXA) {
		do_grandchild(f, a);
	} else if (op == 1 && !a->execd && !a->stopped) {
		snprintf(
		    a->comm, sizeof(a->comm), "zt-d%d", rand_r(seed) % 1000);
		send_cmd(a, 'n', a->comm, 0);
	} else if (op == 2 && !a->execd && !a->stopped) {
		send_cmd(a, 'e', NULL, 0);
		a->execd = true;
		snprintf(a->comm, sizeof(a->comm), "sleep");
		assert_true(wait_until(has_comm, a->pid, "sleep"));
	} else if ((op == 3 || op == 4) && !a->parent) {
		do_exit(a, rand_r(seed) % 200);
		adopt(f, a->pid);
	} else if (op == 6 || op == 7) {
		a->stopped = !a->stopped;
		c = a->stopped ? 'T' : 'S';
		kill(a->pid, a->stopped ? SIGSTOP : SIGCONT);
		assert_true(wait_until(has_state, a->pid, &c));
		return false;
	}
	return true;
}

static void
test_random_sequence(void **state)
{
	struct fix *f = *state;
	unsigned seed = (unsigned)time(NULL);
	/* Slow under valgrind: fewer steps, one reconciliation. */
	int steps = getenv("ZT_VALGRIND_RUN") ? 20 : STEPS;

	if (!f->tl.src)
		skip();
	print_message("seed %u\n", seed);
	f->d.every = 1000; /* partial refreshes unless asked */
	refresh(f, true);  /* the first is a full scan */
	for (int i = 0; i < steps; i++) {
		step(f, &seed);
		sync_events(f);
		refresh(f, false);
		if (i % 20 == 19) {
			snap_delta_force(&f->d);
			refresh(f, true);
		}
	}
	assert_true(f->d.partials > (uint64_t)steps / 2);
	snap_delta_force(&f->d);
	refresh(f, true);
}

/* A parent's exit reparents its child with no event of the child's: the
 * next partial refresh shows the new parent all the same. */
static void
test_reparent(void **state)
{
	struct fix *f = *state;

	if (!f->tl.src)
		skip();
	f->d.every = 1000;
	do_fork(f);
	do_grandchild(f, &f->a[0]);
	sync_events(f);
	refresh(f, true);
	assert_int_equal(snap_find(f->cur, f->a[1].pid)->ppid, f->a[0].pid);
	do_exit(&f->a[0], 3);
	adopt(f, f->a[0].pid);
	sync_events(f);
	refresh(f, false);
	assert_int_equal(snap_find(f->cur, f->a[1].pid)->ppid, getpid());
	assert_true(f->d.partials > 0);
}

/* Events lost: the next refresh reads every process, and is right. */
static void
test_lost_events(void **state)
{
	struct fix *f = *state;
	struct evsrc_opts o = {.rcvbuf = 1};
	struct ptable_info pi;
	uint64_t fulls;
	/* Slow under valgrind: a storm too small to overflow, then skip. */
	int storm = getenv("ZT_VALGRIND_RUN") ? 200 : 2000;

	timeline_stop(&f->tl);
	assert_int_equal(timeline_start_opts(&f->tl, true, &o), 0);
	if (!f->tl.src)
		skip();
	f->d.every = 1000;
	refresh(f, true);
	for (int i = 0; i < storm; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		if (p > 0)
			waitpid(p, NULL, 0);
	}
	for (int i = 0; i < 40; i++) {
		do_fork(f);
		do_exit(&f->a[f->n - 1], i);
	}
	for (int i = 0; i < 1000; i++) {
		ptable_info(f->tl.table, &pi);
		if (pi.lost)
			break;
		sleep_ms(5);
	}
	if (!pi.lost)
		skip(); /* the thread kept up: nothing was lost */
	fulls = f->d.fulls;
	refresh(f, true);
	assert_int_equal(f->d.fulls, fulls + 1);
}

/* A plain zombie no event named is not read again (a pidfd checks
 * it): it stays while it is a zombie and goes once reaped, in partial
 * scans that were told of no pid at all. */
static void
test_zombie_unnamed(void **state)
{
	struct fix *f = *state;
	struct snap *prev = NULL, *s = NULL;
	pid_t kid = fork();
	siginfo_t si;

	assert_true(kid >= 0);
	if (kid == 0)
		_exit(4);
	assert_int_equal(waitid(P_PID, (id_t)kid, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(snap_reader_take(f->rfull, NULL, &prev), 0);
	assert_true(snap_is_zombie(snap_find(prev, kid)));
	assert_int_equal(snap_delta_scan(f->r, prev, NULL, 0, 0, &s), 0);
	assert_non_null(snap_find(s, kid));
	assert_true(snap_is_zombie(snap_find(s, kid)));
	assert_int_equal(snap_find(s, kid)->exit_raw, 4 << 8);
	snap_disown_shared(prev, s);
	snap_free(s);
	assert_int_equal(waitpid(kid, NULL, 0), kid);
	assert_int_equal(snap_delta_scan(f->r, prev, NULL, 0, 0, &s), 0);
	assert_null(snap_find(s, kid));
	snap_disown_shared(prev, s);
	snap_free(s);
	snap_free(prev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_random_sequence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reparent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lost_events, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_zombie_unnamed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
