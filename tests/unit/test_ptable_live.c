/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The process table fed with real snapshots (snap_reader) of real children
 * of this test, without events: a zombie older than the first scan has no
 * age; one that appears later is aged from the scan that first showed it,
 * not exact; a reap found by a scan ends its life at that scan. Only this
 * test's own pids are looked at (other sessions make zombies too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptable.h"
#include "snap_reader.h"
#include "testproc.h"

/* A child that lives until fd is closed by the parent, then exits 7. */
static pid_t
waiting_child(int *wfd)
{
	int fds[2];
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char c;

		close(fds[1]);
		prctl(PR_SET_NAME, "zt-live");
		while (read(fds[0], &c, 1) > 0)
			;
		_exit(7);
	}
	close(fds[0]);
	*wfd = fds[1];
	return pid;
}

/* Scans into t and returns the snapshot (the caller frees it). */
static struct snap *
scan(struct snap_reader *r, struct ptable *t)
{
	struct snap *s;

	assert_int_equal(snap_reader_take(r, NULL, &s), 0);
	assert_int_equal(ptable_scan(t, s), 0);
	return s;
}

static const struct snap_proc *
must_find(const struct snap *s, pid_t pid, char state)
{
	const struct snap_proc *p = snap_find(s, pid);

	assert_non_null(p);
	if (state) /* else alive: running or asleep */
		assert_int_equal(p->state, state);
	else
		assert_int_not_equal(p->state, 'Z');
	return p;
}

/* Our lives among all the machine's, by pid. */
static const struct ptable_life *
life_of(const struct ptable_life *l, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].pid == pid)
			return &l[i];
	return NULL;
}

static void
test_live_first_seen(void **state)
{
	static struct ptable_life l[PTABLE_RING];
	struct snap_reader *r;
	struct ptable *t;
	struct snap *s1, *s2, *s3, *s4;
	unsigned long long st_pre, st_live;
	const struct ptable_life *lp;
	struct ptable_age a;
	pid_t pre, live;
	int wfd;
	size_t n;

	(void)state;
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(ptable_new(&t), 0);
	pre = testproc_zombie(3, "zt-pre");
	live = waiting_child(&wfd);
	s1 = scan(r, t);
	st_pre = must_find(s1, pre, 'Z')->start_ticks;
	st_live = must_find(s1, live, 0)->start_ticks;
	/* A zombie of the first scan: exited before we watched. */
	assert_true(ptable_zombie_age(t, pre, st_pre, snap_time(s1)).age < 0);
	assert_true(ptable_zombie_age(t, live, st_live, snap_time(s1)).age < 0);

	close(wfd);
	{
		siginfo_t si = {0};

		assert_int_equal(
		    waitid(P_PID, (id_t)live, &si, WEXITED | WNOWAIT), 0);
	}
	s2 = scan(r, t);
	must_find(s2, live, 'Z');
	a = ptable_zombie_age(t, live, st_live, snap_time(s2) + 1.5);
	assert_false(a.exact);
	assert_true(fabs(a.age - 1.5) < 1e-9);
	a = ptable_exit_time(t, live, st_live);
	assert_true(fabs(a.age - snap_time(s2)) < 1e-9);

	s3 = scan(r, t); /* still there: aged from s2, not s3 */
	a = ptable_zombie_age(t, live, st_live, snap_time(s3));
	assert_true(fabs(a.age - (snap_time(s3) - snap_time(s2))) < 1e-9);

	assert_int_equal(waitpid(live, NULL, 0), live);
	assert_int_equal(waitpid(pre, NULL, 0), pre);
	s4 = scan(r, t);
	assert_null(snap_find(s4, live));
	n = ptable_take_lives(t, l, PTABLE_RING, NULL);
	lp = life_of(l, n, live);
	assert_non_null(lp);
	assert_true(lp->seen_by_scan);
	assert_false(lp->exit_exact || lp->reap_exact);
	assert_true(fabs(lp->exit_time - snap_time(s2)) < 1e-9);
	assert_true(fabs(lp->reap_time - snap_time(s4)) < 1e-9);
	assert_int_equal(lp->ppid, getpid());
	assert_string_equal(lp->comm, "zt-live");
	if (snap_find(s2, live)->flags & SPF_EXIT_KNOWN) {
		assert_true(lp->exit_known);
		assert_int_equal(lp->exit_raw, 7 << 8);
	}
	lp = life_of(l, n, pre);
	assert_non_null(lp);
	assert_true(lp->exit_time < 0); /* older than our first scan */

	snap_free(s1);
	snap_free(s2);
	snap_free(s3);
	snap_free(s4);
	ptable_free(t);
	snap_reader_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_live_first_seen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
