/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers of the unit tests that work on real processes: one process's
 * stat fields, a real zombie child of the test, and a child that changes
 * on a cue with no exec. Header-only and
 * static, so a test takes what it uses; include after cmocka.h. */
#ifndef ZT_TESTPROC_H
#define ZT_TESTPROC_H

#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kparse.h"
#include "procfs.h"

/* Start time of pid in clock ticks since boot; 0 when it is gone. */
static inline unsigned long long
testproc_start(pid_t pid)
{
	struct kstat ks;

	if (procfs_stat(pid, &ks) < 0)
		return 0;
	return ks.start_ticks;
}

/* State letter of pid; '?' when it is gone. */
static inline char
testproc_state(pid_t pid)
{
	struct kstat ks;

	if (procfs_stat(pid, &ks) < 0)
		return '?';
	return ks.state;
}

/* A child named name (NULL: inherited) that exits with code, waited for
 * until it is a zombie but not reaped: the caller reaps it. */
static inline pid_t
testproc_zombie(int code, const char *name)
{
	siginfo_t si;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (name)
			prctl(PR_SET_NAME, name);
		_exit(code);
	}
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(si.si_pid, pid);
	return pid;
}

/* A child that waits for one byte on *go (the caller's write end): 'n'
 * renames it to name, 'u' gives it uid 65534 (as root), with no exec and
 * so no exec event; then it pauses until killed. */
static inline pid_t
testproc_cued(const char *name, int *go)
{
	int p[2];
	pid_t c;
	char k;

	assert_int_equal(pipe(p), 0);
	c = fork();
	assert_true(c >= 0);
	if (c == 0) {
		close(p[1]);
		if (read(p[0], &k, 1) == 1 && k == 'n')
			prctl(PR_SET_NAME, name);
		else if (k == 'u' && setresuid(65534, 65534, 65534))
			_exit(1);
		for (;;)
			pause();
	}
	close(p[0]);
	*go = p[1];
	return c;
}

#endif
