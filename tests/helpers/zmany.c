/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: one parent with many zombies, for the open-file limit.
 * "zmany N [reap]" makes N children that exit at once, waits (without
 * reaping) until all are zombies, prints "PARENT FIRST LAST" and sleeps.
 * A few workers make them in parallel with CLONE_PARENT (so they are this
 * process's children) and are zombies of it too: on a loaded machine each
 * fork waits for the CPU, and 1,500 of them in a row take many seconds.
 * With "reap", a SIGCHLD that arrives after that line makes it reap every
 * child it has (the children's own SIGCHLDs were discarded, since SIGCHLD
 * had its default disposition while they exited). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void
reap_all(int sig)
{
	int saved = errno;

	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	errno = saved;
}

#define WORKERS 8

/* A worker: n children of its parent, their PIDs written to fd. */
static void
worker(int n, int fd)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = (pid_t)syscall(
		    SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, NULL);

		if (pid == 0)
			_exit(i % 200);
		if (pid < 0 || write(fd, &pid, sizeof(pid)) != sizeof(pid))
			_exit(1);
	}
	_exit(0);
}

/* Starts the workers; returns how many children were made in all. */
static int
make_all(pid_t *kids, int n)
{
	int w = n < WORKERS ? n : WORKERS, got = 0, p[2];
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	for (int i = 0; i < w; i++) {
		int share = (n - w) / w + (i < (n - w) % w);

		kids[got] = fork();
		if (kids[got] < 0)
			return -1;
		if (kids[got] == 0) {
			close(p[0]);
			worker(share, p[1]);
		}
		got++;
	}
	close(p[1]);
	while (got < n && read(p[0], &pid, sizeof(pid)) == sizeof(pid))
		kids[got++] = pid;
	close(p[0]);
	return got;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	pid_t *kids = calloc(n > 0 ? (size_t)n : 1, sizeof(*kids));
	struct sigaction sa;

	if (!kids || n < 1)
		return 1;
	signal(SIGCHLD, SIG_DFL);
	if (make_all(kids, n) != n) {
		fprintf(stderr, "zmany: could not make %d children\n", n);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		siginfo_t si;

		while (
		    waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOWAIT) < 0 &&
		    errno == EINTR)
			;
	}
	if (argc > 2 && strcmp(argv[2], "reap") == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = reap_all;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGCHLD, &sa, NULL);
	}
	printf("%d %d %d\n", (int)getpid(), (int)kids[0], (int)kids[n - 1]);
	fflush(stdout);
	for (;;)
		pause();
}
