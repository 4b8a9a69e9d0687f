/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the event thread's descriptors: evsrc_stop closes every
 * pidfd; a zombie a scan hands over is watched and named when it is
 * reaped; the pidfds of exits timed keep within a quarter of the file
 * limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "evsrc_harness.h"

/* evsrc_stop closes everything, a pidfd still watched included. */
static void
test_stop_closes(void **state)
{
	int before = count_fds();
	struct evsrc *e = start_or_skip(NULL);
	struct rec ex = {0};
	pid_t z = child_exits(3);
	int ie = await_rec('E', z, &ex);

	(void)state;
	usleep(10000);
	evsrc_stop(e);
	assert_int_equal(waitpid(z, NULL, 0), z);
	assert_true(ie >= 0);
	assert_int_equal(count_fds(), before);
}

/* Whether pid is among the pids named since the last take (taken now). */
static bool
named(struct evsrc *e, pid_t pid)
{
	pid_t *p = NULL;
	size_t n = 0;
	bool hit = false;

	assert_int_equal(evsrc_take_dirty(e, &p, &n), 0);
	for (size_t i = 0; i < n; i++)
		hit = hit || p[i] == pid;
	free(p);
	return hit;
}

static pid_t
zombie_before(int code)
{
	pid_t z = child_exits(code);
	siginfo_t si;

	assert_int_equal(waitid(P_PID, (id_t)z, &si, WEXITED | WNOWAIT), 0);
	return z;
}

/* Zombies made before the thread (no exit event, no pidfd of its own)
 * handed over as a scan does: one is not named until we reap it, then
 * it is; a live process is refused, and so is a second zombie past a
 * budget of one until the first is reaped; evsrc_stop closes a watch
 * still held. */
static void
test_watch_zombie(void **state)
{
	struct evsrc_opts o = {.max_pidfds = 1};
	int before = count_fds();
	pid_t z, z2, live;
	struct evsrc *e;
	bool quiet, seen = false;

	(void)state;
	evsrc_stop(start_or_skip(&o)); /* skips before any child is made */
	z = zombie_before(6);
	z2 = zombie_before(7);
	live = fork();
	assert_true(live >= 0);
	if (live == 0)
		for (;;)
			pause();
	e = start_or_skip(&o);
	assert_int_equal(evsrc_watch_zombie(e, live), -ESRCH);
	assert_int_equal(evsrc_watch_zombie(e, z), 0);
	assert_int_equal(evsrc_watch_zombie(e, z2), -ENOSPC);
	quiet = !named(e, z);
	assert_int_equal(waitpid(z, NULL, 0), z);
	for (int i = 0; i < 500 && !seen; i++) {
		usleep(10000);
		seen = named(e, z);
	}
	assert_int_equal(evsrc_watch_zombie(e, z2), 0);
	evsrc_stop(e);
	assert_int_equal(waitpid(z2, NULL, 0), z2);
	assert_int_equal(kill(live, SIGKILL), 0);
	assert_int_equal(waitpid(live, NULL, 0), live);
	assert_true(quiet);
	assert_true(seen);
	assert_int_equal(count_fds(), before);
	assert_int_equal(evsrc_watch_zombie(NULL, z), -ENOTSUP);
}

/* fds open now, polled until it equals want or 5 s pass. */
static int
fds_reach(int want)
{
	int n = count_fds();

	for (int i = 0; i < 500 && n != want; i++) {
		usleep(10000);
		n = count_fds();
	}
	return n;
}

/* Under a file limit of 64, exits timed hold at most 16 pidfds (a
 * quarter): 20 zombies of ours leave the other descriptors free. */
static void
test_exit_cap(void **state)
{
	struct rlimit old, low = {64, 64};
	pid_t kid[20];
	struct evsrc *e;
	struct rec ex = {0};
	int base, held, later;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low.rlim_max = old.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &low) < 0) {
		fprintf(stderr, "skip - setrlimit: %s\n", strerror(errno));
		skip();
	}
	e = start_or_skip(NULL);
	base = count_fds();
	for (int i = 0; i < 20; i++)
		kid[i] = child_exits(0);
	for (int i = 0; i < 20; i++)
		assert_true(await_rec('E', kid[i], &ex) >= 0);
	held = fds_reach(base + 16) - base;
	usleep(100000);
	later = count_fds() - base;
	for (int i = 0; i < 20; i++)
		assert_int_equal(waitpid(kid[i], NULL, 0), kid[i]);
	evsrc_stop(e);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	assert_int_equal(held, 16);
	assert_int_equal(later, 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stop_closes),
	    cmocka_unit_test(test_watch_zombie),
	    cmocka_unit_test(test_exit_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
