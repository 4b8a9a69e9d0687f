/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: a process with a hostile name. Usage: zname COMM ARG...,
 * where every argument is hex ("1b5b324a" is ESC [ 2 J). It re-executes
 * itself so the decoded bytes become its real argv, sets its comm to the
 * decoded COMM, forks a child with the same comm that exits 7 (a zombie
 * with a hostile name), prints "PID CHILD" and sleeps until killed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static char *
unhex(const char *s)
{
	size_t n = strlen(s) / 2;
	char *out = malloc(n + 1);

	for (size_t i = 0; out && i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			v = '?';
		out[i] = (char)v;
	}
	if (out)
		out[n] = '\0';
	return out;
}

int
main(int argc, char **argv)
{
	char **nargv;
	pid_t child;

	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "--stage2") != 0) {
		nargv = calloc((size_t)argc + 2, sizeof(*nargv));
		if (!nargv)
			return 1;
		nargv[0] = argv[0];
		nargv[1] = (char *)"--stage2";
		for (int i = 1; i < argc; i++)
			nargv[i + 1] = unhex(argv[i]);
		execv("/proc/self/exe", nargv);
		return 1;
	}
	prctl(PR_SET_NAME, argv[2]);
	child = fork();
	if (child == 0)
		_exit(7);
	while (
	    waitid(P_PID, (id_t)child, &(siginfo_t){0}, WEXITED | WNOWAIT) < 0)
		;
	printf("%d %d\n", (int)getpid(), (int)child);
	fflush(stdout);
	for (;;)
		pause();
}
