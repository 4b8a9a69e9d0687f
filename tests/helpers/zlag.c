/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: a parent that reaps late, for the view's reap statistics
 * (wout's zlate does the same for --watch; this one waits for a signal
 * first and leaves zombies behind).
 *   zlag COUNT DELAY_MS KEEP
 * prints its PID on the first line, then waits for SIGUSR1 (so a view can
 * start first). Then COUNT children, one after another, each exiting at
 * once and reaped DELAY_MS after its exit (waitid WNOWAIT tells when);
 * then KEEP children left as zombies, each noting on stderr, just before
 * _exit, "exit PID SECONDS" (CLOCK_REALTIME, ns). Then "zombies PID..." on
 * stdout, and it sleeps without waiting until it is killed. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXKEEP 64

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};

	while (nanosleep(&ts, &ts) < 0)
		;
}

/* A child that exits now; the parent returns once it is a zombie. */
static pid_t
child_exits(int note)
{
	pid_t c = fork();
	siginfo_t si;

	if (c < 0) {
		perror("fork");
		exit(1);
	}
	if (c == 0) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		if (note)
			dprintf(2, "exit %d %lld.%09ld\n", (int)getpid(),
			    (long long)ts.tv_sec, ts.tv_nsec);
		_exit(0);
	}
	waitid(P_PID, (id_t)c, &si, WEXITED | WNOWAIT);
	return c;
}

int
main(int argc, char **argv)
{
	int count, keep, sig;
	long delay;
	sigset_t go;
	pid_t kept[MAXKEEP];

	if (argc != 4 || (keep = atoi(argv[3])) < 0 || keep > MAXKEEP) {
		fprintf(stderr, "usage: zlag COUNT DELAY_MS KEEP (<= %d)\n",
		    MAXKEEP);
		return 2;
	}
	count = atoi(argv[1]);
	delay = atol(argv[2]);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sigemptyset(&go);
	sigaddset(&go, SIGUSR1);
	sigprocmask(SIG_BLOCK, &go, NULL);
	dprintf(1, "%d\n", (int)getpid());
	sigwait(&go, &sig);
	for (int i = 0; i < count; i++) {
		pid_t c = child_exits(0);

		sleep_ms(delay);
		waitpid(c, NULL, 0);
	}
	for (int i = 0; i < keep; i++)
		kept[i] = child_exits(1);
	dprintf(1, "zombies");
	for (int i = 0; i < keep; i++)
		dprintf(1, " %d", (int)kept[i]);
	dprintf(1, "\n");
	for (;;)
		pause();
}
