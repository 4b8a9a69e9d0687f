/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the zombie analysis over snapshots: first-seen ages, the
 * analysis of in-memory trees (vanished parents, zombietop itself), and the
 * facts read from real processes (threads, long status files). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kparse.h"
#include "procfs.h"
#include "ptree.h"
#include "snap.h"
#include "zombie.h"
#include "zombie_text.h"

/* ---- ages and analysis on in-memory snapshots ---- */

static void
add_proc(struct snap *s, pid_t pid, pid_t ppid, char st, int threads,
    unsigned long long start)
{
	struct snap_proc p;

	memset(&p, 0, sizeof(p));
	p.pid = pid;
	p.ppid = ppid;
	p.state = st;
	p.threads = threads;
	p.start_ticks = start;
	p.comm = (char *)"x";
	assert_int_equal(snap_add(s, &p), 0);
}

static struct snap *
snap_at(time_t when)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	s->taken.tv_sec = when;
	return s;
}

static double
age_at(struct ptable *t, pid_t pid, unsigned long long st, double now)
{
	return ptable_zombie_age(t, pid, st, now).age;
}

/* The first-seen semantics of the process table without kernel events
 * (they were zombie_ages'): ages from the scan that first showed the
 * zombie, never exact; unknown for those there at the first scan; keyed by
 * (pid, start) so a reused PID starts over. */
static void
test_ages(void **state)
{
	struct ptable *a;
	struct snap *s1 = snap_at(1000), *s2 = snap_at(1005),
	            *s3 = snap_at(1012);

	(void)state;
	assert_int_equal(ptable_new(&a), 0);
	add_proc(s1, 10, 1, 'S', 1, 5);
	add_proc(s1, 11, 10, 'Z', 1, 50); /* there before us */
	add_proc(s1, 12, 10, 'Z', 3, 60); /* exited leader: alive */
	assert_int_equal(ptable_scan(a, s1), 0);
	assert_true(age_at(a, 11, 50, 1000) < 0);
	add_proc(s2, 10, 1, 'S', 1, 5);
	add_proc(s2, 11, 10, 'Z', 1, 50);
	add_proc(s2, 12, 10, 'Z', 1, 60); /* now a real zombie */
	add_proc(s2, 13, 10, 'Z', 1, 70); /* appeared */
	assert_int_equal(ptable_scan(a, s2), 0);
	assert_true(age_at(a, 13, 70, 1005) == 0);
	assert_false(ptable_zombie_age(a, 13, 70, 1005).exact);
	assert_true(age_at(a, 12, 60, 1005) == 0);
	assert_true(age_at(a, 11, 50, 1005) < 0);
	/* 11 reaped; 13's PID reused by another zombie */
	add_proc(s3, 10, 1, 'S', 1, 5);
	add_proc(s3, 12, 10, 'Z', 1, 60);
	add_proc(s3, 13, 10, 'Z', 1, 90);
	assert_int_equal(ptable_scan(a, s3), 0);
	assert_true(age_at(a, 12, 60, 1012) == 7);
	assert_false(ptable_zombie_age(a, 12, 60, 1012).exact);
	assert_true(ptable_exit_time(a, 12, 60).age == 1005);
	assert_true(age_at(a, 13, 90, 1012) == 0);
	assert_true(age_at(a, 13, 70, 1012) < 0);
	assert_true(age_at(a, 11, 50, 1012) < 0);
	ptable_free(a);
	ptable_free(NULL);
	snap_free(s1);
	snap_free(s2);
	snap_free(s3);
}

/* Parents that do not exist here (PIDs above any pid_max) vanished:
 * unknown with a flag, never an error. */
static void
test_analyze_vanished(void **state)
{
	struct snap *s = snap_at(2000);
	struct ptable *a;
	struct zombie_report rep;
	const struct zombie_diag *d;
	struct ptree *t;
	char buf[512];

	(void)state;
	add_proc(s, 2000000001, 0, 'S', 1, 5);
	add_proc(s, 2000000002, 2000000001, 'Z', 1, 6);
	add_proc(s, 2000000003, 2000000001, 'Z', 1, 7);
	add_proc(s, 2000000004, 2000000001, 'Z', 2, 8);
	add_proc(s, 2000000005, 2000000004, 'S', 1, 9);
	snap_sort(s);
	assert_int_equal(ptable_new(&a), 0);
	assert_int_equal(ptable_scan(a, s), 0);
	assert_int_equal(ptree_build(s, NULL, &t), 0);
	assert_int_equal(zombie_analyze(t, a, &rep), 0);
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.zombies, 2);
	assert_int_equal(rep.leader_exited, 1);
	assert_null(zombie_report_find(&rep, 2000000004));
	d = zombie_report_find(&rep, 2000000001);
	assert_non_null(d);
	assert_int_equal(d->reason, ZR_UNKNOWN);
	assert_true(d->flags & ZDF_GONE);
	assert_int_equal(d->zombies, 2);
	assert_int_equal(d->leader_exited, 1);
	assert_true(d->oldest_age < 0);
	assert_false(d->oldest_exact);
	zombie_text_explain(d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "exited"));
	zombie_report_done(&rep);
	zombie_report_done(NULL);
	ptree_free(t);
	ptable_free(a);
	snap_free(s);
}

static unsigned long long
own_start_ticks(void)
{
	struct kstat ks;

	assert_int_equal(procfs_stat(getpid(), &ks), 0);
	return ks.start_ticks;
}

/* This test process as the parent of an in-memory zombie: read for real
 * when the identity matches, unknown when the start time does not. */
static void
test_analyze_self(void **state)
{
	pid_t me = getpid();
	unsigned long long st = own_start_ticks();
	struct zombie_report rep;
	struct snap *s;
	struct ptree *t;

	(void)state;
	for (int round = 0; round < 2; round++) {
		s = snap_at(3000);
		add_proc(s, me, 0, 'S', 1, round == 0 ? st : st + 1);
		add_proc(s, 2000000001, me, 'Z', 1, st + 5);
		snap_sort(s);
		assert_int_equal(ptree_build(s, NULL, &t), 0);
		assert_int_equal(zombie_analyze(t, NULL, &rep), 0);
		assert_int_equal(rep.n, 1);
		if (round == 0) {
			assert_true(rep.diags[0].facts.readable);
			assert_int_equal(rep.diags[0].reason, ZR_NO_HANDLER);
			assert_true(rep.diags[0].state == 'R' ||
			            rep.diags[0].state == 'S');
		} else {
			assert_int_equal(rep.diags[0].reason, ZR_UNKNOWN);
			assert_true(rep.diags[0].flags & ZDF_GONE);
		}
		zombie_report_done(&rep);
		ptree_free(t);
		snap_free(s);
	}
}

/* ---- real /proc reads of a child we shape ---- */

static int ready_fd = -1;

static void
block_chld(int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	pthread_sigmask(how, &set, NULL);
}

static void *
second_thread(void *arg)
{
	if (arg)
		block_chld(SIG_UNBLOCK);
	if (write(ready_fd, "t", 1) < 0)
		_exit(1);
	for (;;)
		pause();
	return NULL;
}

static void
on_chld(int sig)
{
	(void)sig;
}

/* A child with a SIGCHLD handler, SIGCHLD blocked in its main thread and,
 * if unblock_second, not in its second thread; with ngroups supplementary
 * groups (a long Groups: line). Returns its PID once both threads run. */
static pid_t
shaped_child(bool unblock_second, int ngroups)
{
	int fds[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		gid_t *g = calloc((size_t)ngroups + 1, sizeof(*g));
		pthread_t th;

		for (int i = 0; g && i < ngroups; i++)
			g[i] = (gid_t)(100000 + i);
		if (ngroups > 0 && (!g || setgroups((size_t)ngroups, g) < 0))
			_exit(2);
		signal(SIGCHLD, on_chld);
		block_chld(SIG_BLOCK);
		ready_fd = fds[1];
		pthread_create(
		    &th, NULL, second_thread, unblock_second ? &th : NULL);
		for (;;)
			pause();
	}
	close(fds[1]);
	c = 0;
	if (read(fds[0], &c, 1) != 1)
		c = 0;
	close(fds[0]);
	if (c != 't') {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	return pid;
}

static void
end_child(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* SigBlk is per thread: blocked means blocked in every thread. */
static void
test_read_facts_threads(void **state)
{
	struct zombie_facts f;
	struct zombie_sigchld sc;
	pid_t pid;

	(void)state;
	for (int round = 0; round < 2; round++) {
		pid = shaped_child(round == 0, 0);
		assert_true(pid > 0);
		assert_int_equal(zombie_read_facts(pid, &f), 0);
		end_child(pid);
		assert_true(f.readable);
		assert_int_equal(f.threads, 2);
		zombie_decode_sigchld(&f, &sc);
		assert_int_equal(sc.disp, ZD_CAUGHT);
		assert_int_equal(sc.blocked, round == 1);
		assert_int_equal(sc.blocked_some, round == 0);
		assert_int_equal(zombie_decide(&f),
		    round == 1 ? ZR_HANDLER_BLOCKED : ZR_HANDLER_MISSED);
	}
	assert_int_equal(zombie_read_facts(2000000001, &f), -ESRCH);
	assert_false(f.readable);
}

/* Thousands of groups push the masks past one read's buffer. */
static void
test_read_facts_long_status(void **state)
{
	struct zombie_facts f;
	char buf[64];
	pid_t pid;

	(void)state;
	if (getuid() != 0)
		skip();
	pid = shaped_child(false, 3000);
	if (pid < 0)
		skip(); /* setgroups not permitted here */
	assert_true(procfs_read(pid, "status", buf, sizeof(buf)) > 0);
	assert_int_equal(zombie_read_facts(pid, &f), 0);
	end_child(pid);
	assert_true(f.sigcgt & ZOMBIE_SIGCHLD_MASK);
	assert_true(f.sigblk_all & ZOMBIE_SIGCHLD_MASK);
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_BLOCKED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ages),
	    cmocka_unit_test(test_analyze_vanished),
	    cmocka_unit_test(test_analyze_self),
	    cmocka_unit_test(test_read_facts_threads),
	    cmocka_unit_test(test_read_facts_long_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
