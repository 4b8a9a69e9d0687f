/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs a command and prints the CPU seconds (user + system) it and its
 * waited-for children used, then its peak RSS in KiB: "cpu rss". */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	int st;
	pid_t pid;

	if (argc < 2)
		return 2;
	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0)
		return 1;
	fprintf(stderr, "%.6f %ld\n",
	    (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	        (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
	    ru.ru_maxrss);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
