/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: a process, and a zombie child, whose names hold terminal
 * escape sequences. argv[1] becomes the comm of both (prctl PR_SET_NAME);
 * run it with `exec -a` to put escapes in its command line as well. Prints
 * "PARENT CHILD" once the child is a zombie, then sleeps until killed. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	siginfo_t si;
	pid_t kid;

	if (argc < 2) {
		fprintf(stderr, "usage: evilname NAME\n");
		return 2;
	}
	signal(SIGCHLD, SIG_DFL);
	prctl(PR_SET_NAME, argv[1]);
	kid = fork();
	if (kid < 0)
		return 1;
	if (kid == 0)
		_exit(7);
	while (waitid(P_PID, (id_t)kid, &si, WEXITED | WNOWAIT) < 0 &&
	       errno == EINTR)
		;
	printf("%d %d\n", (int)getpid(), (int)kid);
	fflush(stdout);
	for (;;)
		pause();
}
