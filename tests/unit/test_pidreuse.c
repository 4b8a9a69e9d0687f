/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PID reuse stress: in a private PID namespace, ns_last_pid makes each new
 * process take the PID of one that just died; sigact_signal against the dead
 * one's identity (pid, start time) must never reach the newcomer. Skipped
 * where PID namespaces or ns_last_pid are not permitted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kparse.h"
#include "procfs.h"
#include "sigact.h"
#include "testproc.h"

#define ROUNDS 200
/* Under valgrind (tests/run.sh's second pass) only the test process itself
 * is checked, and every round runs in forked children: a few rounds show
 * the same code, 200 would take a minute. */
#define ROUNDS_VALGRIND 10

static int
rounds(void)
{
	return getenv("ZT_VALGRIND_RUN") ? ROUNDS_VALGRIND : ROUNDS;
}
#define SKIP_CODE 77

struct tally {
	int rounds, reused, same_tick, refused_ok, delivered_stale, control;
};

static int
set_last_pid(pid_t pid)
{
	char s[32];
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	int len = snprintf(s, sizeof(s), "%d", (int)pid);
	ssize_t w;

	if (fd < 0)
		return -errno;
	w = write(fd, s, (size_t)len);
	close(fd);
	return w == len ? 0 : -EPERM;
}

/* A process that inherits SIGUSR1 blocked, waits for a byte on `go`, then
 * writes 1 if a SIGUSR1 is pending (it was signalled) else 0 on `out`. */
static pid_t
recorder(int go, int out)
{
	pid_t p = fork();

	if (p == 0) {
		sigset_t pend;
		char c;

		if (read(go, &c, 1) != 1)
			_exit(1);
		sigpending(&pend);
		c = sigismember(&pend, SIGUSR1) ? '1' : '0';
		_exit(write(out, &c, 1) == 1 ? 0 : 1);
	}
	return p;
}

/* One round: a victim dies, a recorder takes its PID, the victim's
 * identity is signalled; returns whether the recorder was signalled. */
static int
round_once(struct tally *t, int i, int go[2], int out[2])
{
	struct sigact_target old;
	struct sigact_result res;
	struct timespec tick = {0, 12000000L}; /* > 1/USER_HZ */
	pid_t victim = fork(), rec;
	char c = 'g';
	int rc;

	if (victim == 0)
		for (;;)
			pause();
	old.pid = victim;
	while ((old.start_ticks = testproc_start(victim)) == 0)
		;
	kill(victim, SIGKILL);
	waitpid(victim, NULL, 0);
	/* Start times have clock-tick resolution: one tick later the
	 * newcomer's differs, which is all an identity can rely on. */
	nanosleep(&tick, NULL);
	if (set_last_pid(victim - 1) < 0)
		return -1;
	rec = recorder(go[0], out[1]);
	t->rounds++;
	t->reused += rec == victim;
	if (testproc_start(rec) == old.start_ticks)
		t->same_tick++;
	rc = sigact_signal(&old, SIGUSR1, i % 2 ? SIGACT_NO_PIDFD : 0, &res);
	t->refused_ok += rc == -ESRCH && res.status == SIGACT_GONE;
	if (write(go[1], &c, 1) != 1 || read(out[0], &c, 1) != 1)
		return -1;
	waitpid(rec, NULL, 0);
	return c == '1';
}

/* Runs as PID 1 of the new namespace, with its own /proc. */
static int
in_namespace(int report)
{
	struct tally t = {0};
	struct sigact_target cur;
	struct sigact_result res;
	int go[2], out[2];
	char c = 'g';

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("proc", "/proc", "proc", 0, NULL) < 0 ||
	    set_last_pid(100) < 0)
		return SKIP_CODE;
	sigset_t set;

	if (pipe(go) < 0 || pipe(out) < 0)
		return 1;
	/* Blocked before each fork, so no recorder can die of it early. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (int i = 0; i < rounds(); i++) {
		int r = round_once(&t, i, go, out);

		if (r < 0)
			return 1;
		t.delivered_stale += r;
	}
	/* Control: the recorder does see a signal sent to its own identity. */
	cur.pid = recorder(go[0], out[1]);
	while ((cur.start_ticks = testproc_start(cur.pid)) == 0)
		;
	if (sigact_signal(&cur, SIGUSR1, 0, &res) == 0 &&
	    write(go[1], &c, 1) == 1 && read(out[0], &c, 1) == 1)
		t.control = c == '1';
	waitpid(cur.pid, NULL, 0);
	return write(report, &t, sizeof(t)) == sizeof(t) ? 0 : 1;
}

static void
test_stale_identity_never_signalled(void **state)
{
	struct tally t = {0};
	int p[2], st;
	pid_t outer;

	(void)state;
	assert_int_equal(pipe(p), 0);
	outer = fork();
	assert_true(outer >= 0);
	if (outer == 0) {
		pid_t init;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0)
			_exit(SKIP_CODE);
		init = fork();
		if (init == 0)
			_exit(in_namespace(p[1]));
		if (init < 0 || waitpid(init, &st, 0) != init || !WIFEXITED(st))
			_exit(1);
		_exit(WEXITSTATUS(st));
	}
	close(p[1]);
	assert_int_equal(waitpid(outer, &st, 0), outer);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == SKIP_CODE) {
		fprintf(stderr, "skip: no private PID namespace or ns_last_pid "
		                "here (needs CAP_SYS_ADMIN)\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(read(p[0], &t, sizeof(t)), (ssize_t)sizeof(t));
	close(p[0]);
	fprintf(stderr,
	    "pid reuse: %d rounds, PID reused %d times, same start tick %d, "
	    "refused as gone %d, stale signals delivered %d, control %d\n",
	    t.rounds, t.reused, t.same_tick, t.refused_ok, t.delivered_stale,
	    t.control);
	assert_int_equal(t.rounds, rounds());
	assert_int_equal(t.reused, rounds());
	assert_int_equal(t.same_tick, 0);
	assert_int_equal(t.refused_ok, rounds());
	assert_int_equal(t.delivered_stale, 0);
	assert_int_equal(t.control, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stale_identity_never_signalled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
