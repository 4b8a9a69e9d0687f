/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Benchmark load: P parents with C sleeping children each, plus Z zombies
 * under one more parent that never reaps them. Prints "ready PID" once every
 * process exists (each reports through a pipe, the zombies' parent once they
 * are all zombies); on SIGTERM or stdin EOF it kills its process group,
 * which holds every process it made, and exits. Run it under a subreaper. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int ready_fd = -1;

static void
report(void)
{
	char c = 1;

	if (write(ready_fd, &c, 1) != 1)
		_exit(1);
	close(ready_fd);
}

static void
sleeper(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	report();
	for (;;)
		pause();
}

static void
parent_of(int kids, int zombies)
{
	siginfo_t si;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (int i = 0; i < kids + zombies; i++) {
		pid_t p = fork();

		if (p == 0) {
			if (i < kids)
				sleeper();
			_exit(i % 256);
		}
	}
	/* WNOWAIT: returns once a child is a zombie, and leaves it one. */
	if (zombies > 0) {
		for (int i = 0; i < zombies; i++)
			waitid(P_ALL, 0, &si, WEXITED | WNOWAIT);
		report();
	}
	close(ready_fd);
	for (;;)
		pause();
}

int
main(int argc, char **argv)
{
	int parents = argc > 1 ? atoi(argv[1]) : 300;
	int kids = argc > 2 ? atoi(argv[2]) : 10;
	int zombies = argc > 3 ? atoi(argv[3]) : 300;
	int fds[2], want, got = 0;
	char c, buf[512];
	ssize_t n;

	setpgid(0, 0);
	if (pipe(fds) < 0)
		return 1;
	ready_fd = fds[1];
	for (int i = 0; i < parents; i++)
		if (fork() == 0)
			parent_of(kids, 0);
	if (fork() == 0)
		parent_of(0, zombies);
	close(fds[1]);
	want = parents * kids + (zombies > 0);
	while (got < want && (n = read(fds[0], buf, sizeof(buf))) > 0)
		got += (int)n;
	close(fds[0]);
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	signal(SIGTERM, SIG_IGN);
	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	kill(0, SIGKILL);
	return 0;
}
