/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: a parent that reaps every child, late. zlate N MS [NAME]
 * names itself NAME (prctl: the kernel's comm event tells a process table
 * that has not scanned it yet), then forks N
 * children one after the other; each writes "exit PID SEC.NSEC" (its own
 * CLOCK_REALTIME just before _exit) on stdout and exits 3. The parent
 * waits for the exit without reaping (waitid WNOWAIT), sleeps MS
 * milliseconds, reaps the child. It writes "waited PID SEC.NSEC" when
 * waitid returned and "reaped PID SEC.NSEC" after the reap: the exit lies
 * between the child's time and the parent's "waited". After the
 * last one it prints "done N" and sleeps, reaping nothing more, until it is
 * killed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* "WHAT PID SEC.NSEC" of CLOCK_REALTIME now, in one write. */
static int
stamp(const char *what, pid_t pid)
{
	struct timespec ts;
	char line[96];
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(line, sizeof(line), "%s %d %lld.%09ld\n", what, (int)pid,
	    (long long)ts.tv_sec, ts.tv_nsec);
	return write(STDOUT_FILENO, line, (size_t)n) < 0 ? -1 : 0;
}

static void
child(void)
{
	if (stamp("exit", getpid()) < 0)
		_exit(121);
	_exit(3);
}

/* Waits for child pid to exit, leaves it a zombie for ms, reaps it. */
static int
late_reap(pid_t pid, long ms)
{
	struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
	siginfo_t si;

	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0)
		if (errno != EINTR)
			return -1;
	stamp("waited", pid);
	while (nanosleep(&d, &d) < 0 && errno == EINTR)
		;
	if (waitpid(pid, NULL, 0) != pid)
		return -1;
	stamp("reaped", pid);
	return 0;
}

int
main(int argc, char **argv)
{
	long n, ms;
	pid_t pid;

	if (argc < 3 || argc > 4 || (n = atol(argv[1])) <= 0 ||
	    (ms = atol(argv[2])) < 0) {
		fprintf(stderr, "usage: zlate N MS [NAME]\n");
		return 2;
	}
	if (argc == 4)
		prctl(PR_SET_NAME, argv[3]);
	prctl(PR_SET_PDEATHSIG, 9);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("parent %d\n", (int)getpid());
	for (long i = 0; i < n; i++) {
		if ((pid = fork()) < 0)
			return 1;
		if (pid == 0)
			child();
		if (late_reap(pid, ms) < 0)
			return 1;
	}
	printf("done %ld\n", n);
	for (;;)
		pause();
}
