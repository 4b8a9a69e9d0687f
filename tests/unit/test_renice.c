/* SPDX-License-Identifier: GPL-2.0-or-later */
/* renice on children of the test: raising and lowering every thread's
 * nice value, the refusals shared with sigact (PID 1, zombietop itself, a
 * kernel thread, a zombie), a wrong start time, and as nobody the EACCES
 * and EPERM messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "renice.h"
#include "testproc.h"

static void *
idle_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* A child with a second thread, sleeping; ready once both show. */
static pid_t
spawn_threaded(void)
{
	pid_t tids[4], pid = fork();
	pthread_t t;

	assert_true(pid >= 0);
	if (pid == 0) {
		if (pthread_create(&t, NULL, idle_thread, NULL) != 0)
			_exit(1);
		for (;;)
			pause();
	}
	while (procfs_tasks(pid, tids, 4) < 2)
		usleep(1000);
	return pid;
}

static void
reap(pid_t pid)
{
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
}

/* Every thread of pid has nice value want. */
static void
assert_all_nice(pid_t pid, int want)
{
	pid_t tids[8];
	ssize_t n = procfs_tasks(pid, tids, 8);
	int v;

	assert_int_equal(n, 2);
	for (ssize_t i = 0; i < n; i++) {
		assert_int_equal(renice_get(tids[i], &v), 0);
		assert_int_equal(v, want);
	}
}

static void
test_raise_and_lower(void **state)
{
	struct sigact_target t;
	struct renice_result r;

	char want[32];
	int base;

	(void)state;
	/* the test may itself run under nice: values are relative to it */
	assert_int_equal(renice_get(getpid(), &base), 0);
	if (base >= RENICE_MAX)
		skip();
	t.pid = spawn_threaded();
	t.start_ticks = testproc_start(t.pid);
	assert_int_equal(renice_by(&t, 1, 0, &r), 0);
	assert_int_equal(r.status, RENICE_DONE);
	assert_int_equal(r.old_nice, base);
	assert_int_equal(r.new_nice, base + 1);
	assert_int_equal(r.nthreads, 2);
	assert_int_equal(r.nchanged, 2);
	snprintf(want, sizeof(want), "%d -> %d", base, base + 1);
	assert_non_null(strstr(r.msg, want));
	assert_all_nice(t.pid, base + 1);
	/* past the end: clamped */
	assert_int_equal(renice_set(&t, 40, 0, &r), 0);
	assert_all_nice(t.pid, RENICE_MAX);
	if (getuid() == 0) {
		assert_int_equal(renice_set(&t, -5, 0, &r), 0);
		assert_int_equal(r.status, RENICE_DONE);
		assert_all_nice(t.pid, -5);
	}
	reap(t.pid);
	/* gone: said so, nothing done */
	assert_int_equal(renice_by(&t, 1, 0, &r), -ESRCH);
	assert_int_equal(r.status, RENICE_GONE);
	assert_non_null(strstr(r.msg, "gone"));
}

static void
test_wrong_identity(void **state)
{
	struct sigact_target t;
	struct renice_result r;
	int v, base;

	(void)state;
	assert_int_equal(renice_get(getpid(), &base), 0);
	t.pid = spawn_threaded();
	t.start_ticks = testproc_start(t.pid) + 1;
	assert_int_equal(renice_set(&t, 7, 0, &r), -ESRCH);
	assert_int_equal(r.status, RENICE_GONE);
	assert_int_equal(renice_get(t.pid, &v), 0);
	assert_int_equal(v, base);
	reap(t.pid);
}

static void
refused(pid_t pid, const char *words)
{
	struct sigact_target t = {pid, testproc_start(pid)};
	struct renice_result r;

	assert_int_equal(renice_set(&t, 5, 0, &r), -ECANCELED);
	assert_int_equal(r.status, RENICE_REFUSED);
	if (!strstr(r.msg, words))
		fail_msg("'%s' not in '%s'", words, r.msg);
}

static void
test_refusals(void **state)
{
	pid_t z;
	int v, base;

	(void)state;
	refused(1, "PID 1");
	refused(getpid(), "zombietop itself");
	refused(2, "kernel thread");
	assert_int_equal(renice_get(getpid(), &base), 0);
	z = testproc_zombie(0, NULL);
	refused(z, "zombie");
	assert_int_equal(waitpid(z, NULL, 0), z);
	assert_int_equal(renice_get(getpid(), &v), 0);
	assert_int_equal(v, base);
}

/* In a child as nobody: lowering its own child's nice is EACCES, raising
 * root's process is EPERM; each with its message. Exit code 0 = ok. */
static int
as_nobody(pid_t roots)
{
	struct rlimit no = {0, 0};
	struct renice_result r;
	struct sigact_target t;
	char want[80];
	int rc, base;

	if (renice_get(getpid(), &base) < 0 || base <= RENICE_MIN)
		return 9;
	snprintf(want, sizeof(want),
	    "lowering nice (%d -> %d) needs CAP_SYS_NICE", base, base - 1);
	if (setrlimit(RLIMIT_NICE, &no) < 0 || setgid(65534) < 0 ||
	    setuid(65534) < 0)
		return 10;
	t.pid = fork();
	if (t.pid == 0) {
		pause();
		_exit(0);
	}
	t.start_ticks = testproc_start(t.pid);
	rc = renice_set(&t, base - 1, 0, &r);
	kill(t.pid, SIGKILL);
	waitpid(t.pid, NULL, 0);
	if (rc != -EACCES || r.status != RENICE_DENIED || !strstr(r.msg, want))
		return 11;
	t.pid = roots;
	t.start_ticks = testproc_start(roots);
	rc = renice_set(&t, base + 1, 0, &r);
	if (rc != -EPERM || r.status != RENICE_DENIED ||
	    !strstr(r.msg, "belongs to user root"))
		return 12;
	return 0;
}

static void
test_unprivileged(void **state)
{
	pid_t roots, pid;
	int st, v, base;

	(void)state;
	if (getuid() != 0)
		skip();
	roots = spawn_threaded();
	if ((pid = fork()) == 0)
		_exit(as_nobody(roots));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(renice_get(roots, &v), 0);
	assert_int_equal(renice_get(getpid(), &base), 0);
	assert_int_equal(v, base);
	reap(roots);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_raise_and_lower),
	    cmocka_unit_test(test_wrong_identity),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_unprivileged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
