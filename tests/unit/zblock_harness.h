/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The zblock harness of the ptreap unit tests: build/helpers/zblock on
 * pipes (a parent blocked in a chosen call, with a zombie child), polls on
 * its state, and the teardown that kills and reaps everything it made.
 * Header-only and static, for test_ptreap.c and test_ptreap_inject.c. */
#ifndef ZT_ZBLOCK_HARNESS_H
#define ZT_ZBLOCK_HARNESS_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kparse.h"
#include "ptreap.h"
#include "procfs.h"
#include "testproc.h"
#include "zclock.h"

/* The zblock of the running test; the teardown kills and reaps it. */
static struct zb {
	pid_t pid, parent, zombie;
	pid_t extra;     /* another process of the test to kill first, or 0 */
	pid_t inner;     /* zblock under unshare(1), which reaps it, or 0 */
	int in, out;     /* its stdin (write end), its stdout (read end) */
	char text[2048]; /* everything it printed after READY */
	size_t len;
} zb = {.in = -1, .out = -1};

/* Appends what zblock printed within `secs`; true once `want` is seen. */
static inline bool
zb_read_until(const char *want, double secs)
{
	double end = zclock_mono() + secs;
	struct pollfd p = {.fd = zb.out, .events = POLLIN};

	while (!strstr(zb.text, want) && zclock_mono() < end) {
		ssize_t n;

		if (poll(&p, 1, 50) != 1)
			continue;
		n = read(
		    zb.out, zb.text + zb.len, sizeof(zb.text) - 1 - zb.len);
		if (n <= 0)
			break;
		zb.len += (size_t)n;
		zb.text[zb.len] = '\0';
	}
	return strstr(zb.text, want) != NULL;
}

/* Runs argv (from PATH) on pipes; it prints "READY PARENT ZOMBIE". */
static inline void
zb_exec(const char *const *argv)
{
	char *ready;
	int in[2], out[2];

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	zb.pid = fork();
	assert_true(zb.pid >= 0);
	if (zb.pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	zb.in = in[1];
	zb.out = out[0];
	assert_true(zb_read_until("\n", 20));
	ready = strstr(zb.text, "READY ");
	assert_non_null(ready);
	assert_int_equal(
	    sscanf(ready, "READY %d %d", &zb.parent, &zb.zombie), 2);
	memmove(zb.text, strchr(zb.text, '\n') + 1,
	    strlen(strchr(zb.text, '\n') + 1) + 1);
	zb.len = strlen(zb.text);
}

/* Starts zblock with args; with `unshare` set, as PID 1 of a new PID
 * namespace under unshare(1) (zb.pid is then unshare). */
static inline void
zb_start_in(const char *const *args, bool unshare)
{
	const char *dir = getenv("HELPERS");
	char path[512];
	const char *argv[16];
	int i, n = 0;

	snprintf(path, sizeof(path), "%s/zblock", dir ? dir : "build/helpers");
	if (unshare) {
		argv[n++] = "unshare";
		argv[n++] = "--pid";
		argv[n++] = "--fork";
		argv[n++] = "--kill-child";
	}
	argv[n++] = path;
	for (i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	zb_exec(argv);
}

static inline void
zb_start(const char *const *args)
{
	zb_start_in(args, false);
}

static inline int
zb_teardown(void **state)
{
	(void)state;
	if (zb.extra > 0)
		kill(zb.extra, SIGKILL);
	if (zb.inner > 0 && zb.pid > 0) {
		/* unshare exits once it has reaped zblock: nothing is left. */
		kill(zb.inner, SIGKILL);
		waitpid(zb.pid, NULL, 0);
		zb.pid = 0;
	}
	if (zb.pid > 0) {
		kill(zb.pid, SIGCONT);
		kill(zb.pid, SIGKILL);
		waitpid(zb.pid, NULL, 0);
	}
	/* We are a subreaper: zblock's orphans (its zombie, its vfork child)
	 * are ours now, and must not outlive the test. */
	if (zb.extra > 0)
		waitpid(zb.extra, NULL, 0);
	if (zb.zombie > 0 && zb.inner == 0)
		waitpid(zb.zombie, NULL, WNOHANG);
	if (zb.in >= 0)
		close(zb.in);
	if (zb.out >= 0)
		close(zb.out);
	memset(&zb, 0, sizeof(zb));
	zb.in = zb.out = -1;
	return 0;
}

/* Polls until the parent sleeps in syscall nr (/proc/PID/syscall). */
static inline bool
in_syscall(pid_t pid, long nr, double secs)
{
	double end = zclock_mono() + secs;
	char buf[256];

	do {
		if (procfs_read(pid, "syscall", buf, sizeof(buf)) > 0 &&
		    atol(buf) == nr && buf[0] != 'r' &&
		    testproc_state(pid) == 'S')
			return true;
		usleep(2000);
	} while (zclock_mono() < end);
	return false;
}

/* Polls until the process has spent `ticks` more clock ticks in user mode:
 * then it is in its busy loop, past the write of READY. ("running" in
 * /proc/PID/syscall would not do: it says so in the kernel too.) */
static inline bool
in_user_loop(pid_t pid, unsigned long long ticks, double secs)
{
	double end = zclock_mono() + secs;
	unsigned long long first = 0;
	struct kstat st;

	do {
		if (procfs_stat(pid, &st) == 0) {
			if (!first)
				first = st.utime + 1;
			else if (st.utime >= first + ticks)
				return true;
		}
		usleep(2000);
	} while (zclock_mono() < end);
	return false;
}

static inline double
field(const char *line_start, const char *key)
{
	const char *l = strstr(zb.text, line_start), *k;

	assert_non_null(l);
	k = strstr(l, key);
	assert_non_null(k);
	return atof(k + strlen(key));
}

/* The request for zombie z (start s) by its parent now, as a user would
 * have confirmed it (static storage: one at a time). */
static inline const struct ptreap_target *
zb_tgt(pid_t z, unsigned long long s)
{
	static struct ptreap_target t;
	struct kstat ks;

	memset(&t, 0, sizeof(t));
	t.zpid = z;
	t.zstart = s;
	if (procfs_stat(z, &ks) == 0) {
		t.ppid = ks.ppid;
		t.pstart = testproc_start(ks.ppid);
	}
	return &t;
}

#endif
