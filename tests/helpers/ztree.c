/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test trees: "ztree chain N" makes a chain of N processes, each the child
 * of the one before; "ztree fan N" makes one parent with N children. Prints
 * "TOP LAST" (the top, and the deepest child or the child with the highest
 * PID: the last row) once all exist, then sleeps. Every process below the
 * top dies with its parent (PR_SET_PDEATHSIG): killing the top removes all. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Dies with the parent; false if that parent is already gone. */
static int
tie_to_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	return getppid() == parent;
}

static void
sleep_forever(void)
{
	for (;;)
		pause();
}

static int
chain(int n, int fd)
{
	char line[32];
	int len;

	for (int i = 1; i < n; i++) {
		pid_t me = getpid(), p = fork();

		if (p < 0)
			return 1;
		if (p > 0) {
			close(fd);
			sleep_forever();
		}
		if (!tie_to_parent(me))
			_exit(1);
	}
	len = snprintf(line, sizeof(line), "%d\n", (int)getpid());
	if (write(fd, line, (size_t)len) != len)
		_exit(1);
	close(fd);
	sleep_forever();
	return 0;
}

static pid_t
fan(int n)
{
	pid_t me = getpid(), last = -1;

	for (int i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0)
			return -1;
		if (p == 0) {
			if (!tie_to_parent(me))
				_exit(1);
			sleep_forever();
		}
		if (p > last)
			last = p; /* the last row: children sort by PID */
	}
	return last;
}

int
main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 0, fds[2];
	char buf[32] = "";
	pid_t top = getpid(), last;
	ssize_t k;

	if (argc < 3 || n < 1 || pipe(fds) < 0) {
		fprintf(stderr, "usage: ztree chain|fan N\n");
		return 2;
	}
	if (strcmp(argv[1], "fan") == 0) {
		if ((last = fan(n)) < 0)
			return 1;
	} else if (fork() == 0) {
		close(fds[0]);
		if (!tie_to_parent(top))
			_exit(1);
		return chain(n, fds[1]);
	} else {
		close(fds[1]);
		k = read(fds[0], buf, sizeof(buf) - 1);
		if (k <= 0)
			return 1;
		buf[k] = '\0';
		last = (pid_t)atoi(buf);
	}
	printf("%d %d\n", (int)top, (int)last);
	fflush(stdout);
	sleep_forever();
	return 0;
}
