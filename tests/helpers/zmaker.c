/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: a parent that makes real zombies with known exit statuses.
 * Each argument is one child: exit:N, signal:N (no core), core:N (core
 * allowed; written into the working directory) or run (stays alive). When
 * every dying child is a zombie it prints "PARENT CHILD..." on one line,
 * then sleeps without ever waiting, until it is killed. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXKIDS 64

static void
child_body(const char *spec)
{
	struct rlimit rl = {0, 0};

	if (strncmp(spec, "exit:", 5) == 0)
		_exit(atoi(spec + 5));
	if (strcmp(spec, "run") == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	if (strncmp(spec, "core:", 5) == 0) {
		rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
		setrlimit(RLIMIT_CORE, &rl);
		spec += 5;
	} else if (strncmp(spec, "signal:", 7) == 0) {
		setrlimit(RLIMIT_CORE, &rl);
		spec += 7;
	} else {
		fprintf(stderr, "zmaker: bad spec '%s'\n", spec);
		_exit(120);
	}
	signal(atoi(spec), SIG_DFL);
	raise(atoi(spec));
	_exit(121);
}

int
main(int argc, char **argv)
{
	pid_t kids[MAXKIDS];
	int n = 0;

	signal(SIGCHLD, SIG_DFL);
	for (int i = 1; i < argc && n < MAXKIDS; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid == 0)
			child_body(argv[i]);
		kids[n++] = pid;
	}
	for (int i = 0; i < n; i++) {
		siginfo_t si;

		if (strcmp(argv[i + 1], "run") == 0)
			continue;
		/* WNOWAIT: wait until it is a zombie, but leave it one. */
		while (
		    waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOWAIT) < 0 &&
		    errno == EINTR)
			;
	}
	printf("%d", (int)getpid());
	for (int i = 0; i < n; i++)
		printf(" %d", (int)kids[i]);
	printf("\n");
	fflush(stdout);
	for (;;)
		pause();
}
