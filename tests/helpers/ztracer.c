/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: holds a process traced, the way a debugger or strace would,
 * for the "parent already traced" refusal. PTRACE_SEIZE does not stop it;
 * signal stops are passed on at once, so the tracee runs as before. Prints
 * "TRACING PID" once seized; exits when the tracee ends. Killing ztracer
 * detaches it.
 *   usage: ztracer PID */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

int
main(int argc, char **argv)
{
	pid_t pid;
	int st;

	if (argc != 2 || (pid = (pid_t)atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: ztracer PID\n");
		return 2;
	}
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) {
		perror("ztracer: PTRACE_SEIZE");
		return 1;
	}
	printf("TRACING %d\n", (int)pid);
	fflush(stdout);
	for (;;) {
		if (waitpid(pid, &st, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		if (!WIFSTOPPED(st))
			return 0;
		/* A signal-delivery-stop passes the signal; event stops none.
		 */
		ptrace(PTRACE_CONT, pid, 0, (st >> 16) ? 0 : WSTOPSIG(st));
	}
}
