/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What partial refreshes do not read, and how they learn of it all the
 * same, on real children of the test: a zombie handed to the event thread
 * is kept unchecked until its reap is named, then left out; the periodic
 * sweep shows a stop that no event told, and agrees with a full scan on
 * states; a new owner (as root) shows in a sweep and, named by its
 * event, in a partial refresh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "delta_harness.h"

/* With events on, a refresh hands each plain zombie to the event thread
 * (SPF_WATCHED): partial refreshes keep it without a check while it is a
 * zombie, and the first refresh planned after its reap is named leaves it
 * out, all without a full scan. */
static void
test_zombie_watched(void **state)
{
	struct fix *f = *state;
	struct snap *s = NULL;
	const struct snap_proc *p;
	pid_t kid;
	siginfo_t si;
	uint64_t fulls;
	int i;

	/* Refused as no zombie where it works; else events are off, the
	 * kernel has no POLLHUP on reap or no pidfd_open (valgrind). */
	if (timeline_watch_zombie(&f->tl, getpid()) != -ESRCH)
		skip();
	f->d.every = 1000;
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0)
		_exit(9);
	assert_int_equal(waitid(P_PID, (id_t)kid, &si, WEXITED | WNOWAIT), 0);
	sync_events(f);
	for (i = 0; i < 2; i++) {
		assert_int_equal(snap_delta_take(&f->d, f->r, f->cur, &s), 0);
		snap_free(f->cur);
		f->cur = s;
		p = snap_find(s, kid);
		assert_non_null(p);
		assert_true(snap_is_zombie(p));
		assert_true(p->flags & SPF_WATCHED);
	}
	fulls = f->d.fulls;
	assert_int_equal(waitpid(kid, NULL, 0), kid);
	for (i = 0; i < 200 && snap_find(f->cur, kid); i++) {
		sleep_ms(10);
		assert_int_equal(snap_delta_take(&f->d, f->r, f->cur, &s), 0);
		snap_free(f->cur);
		f->cur = s;
	}
	assert_null(snap_find(f->cur, kid));
	assert_int_equal(f->d.fulls, fulls);
}

/* Refreshes until the planned sweep ran; fails past 2 * every. */
static void
until_sweep(struct fix *f)
{
	uint64_t sweeps = f->d.sweeps, fulls = f->d.fulls;

	for (unsigned i = 0; i < 2 * f->d.every && f->d.sweeps == sweeps; i++)
		refresh(f, false);
	assert_int_equal(f->d.sweeps, sweeps + 1);
	assert_int_equal(f->d.fulls, fulls);
	assert_false(f->cur->partial);
}

/* Tells the dropper to go and waits (up to 1 s) until /proc shows
 * its new owner. */
static void
drop_uid(pid_t u, int go)
{
	uid_t now = 0;

	assert_int_equal(write(go, "u", 1), 1);
	for (int i = 0; i < 500 && now != 65534; i++)
		if (procfs_uid(u, &now) < 0 || now != 65534)
			sleep_ms(2);
}

/* Reaps the dropper; its entry in the current snapshot has the owner
 * 65534. */
static void
end_dropper(struct fix *f, pid_t u, int go)
{
	const struct snap_proc *p = snap_find(f->cur, u);

	kill(u, SIGKILL);
	waitpid(u, NULL, 0);
	f->other = 0; /* reaped: the pid may be another's now */
	close(go);
	assert_non_null(p);
	assert_int_equal(p->uid, 65534);
}

/* The periodic reconciliation is a sweep, not libproc2's scan: what no
 * event tells, a stop, shows after it, as does (as root) a change of
 * owner, and it agrees with a full scan on states too. */
static void
test_sweep(void **state)
{
	struct fix *f = *state;
	char t = 'T';
	int go = -1;
	pid_t u = getuid() == 0 ? testproc_cued(NULL, &go) : 0;
	struct snap *full = NULL;

	f->other = u; /* teardown kills it should an assertion fail */
	if (!f->tl.src)
		skip();
	f->d.every = 3;
	do_fork(f);
	refresh(f, true); /* the first is a full scan */
	until_sweep(f);
	kill(f->a[0].pid, SIGSTOP);
	f->a[0].stopped = true;
	assert_true(wait_until(has_state, f->a[0].pid, &t));
	if (u > 0)
		drop_uid(u, go);
	until_sweep(f);
	assert_int_equal(snap_find(f->cur, f->a[0].pid)->state, 'T');
	assert_int_equal(snap_reader_take(f->rfull, NULL, &full), 0);
	compare(f, f->cur, full, true);
	snap_free(full);
	if (u > 0)
		end_dropper(f, u, go);
}

/* As root: a new owner is named by its event (PEV_UID), so the next
 * partial refresh reads it, with no sweep and no full scan. */
static void
test_uid_event(void **state)
{
	struct fix *f = *state;
	int go = -1;
	pid_t u;
	uint64_t fulls, sweeps;

	if (!f->tl.src || getuid() != 0)
		skip();
	f->d.every = 1000;
	f->other = u = testproc_cued(NULL, &go);
	refresh(f, true); /* the first is a full scan */
	assert_int_equal(snap_find(f->cur, u)->uid, 0);
	fulls = f->d.fulls;
	sweeps = f->d.sweeps;
	drop_uid(u, go);
	sync_events(f);
	refresh(f, true);
	assert_true(f->cur->partial);
	assert_int_equal(f->d.fulls, fulls);
	assert_int_equal(f->d.sweeps, sweeps);
	end_dropper(f, u, go);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_zombie_watched, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_uid_event, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
