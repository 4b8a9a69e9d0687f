/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs a command as the child of a subreaper, so every process the test
 * suite orphans is re-parented here and reaped. When the command ends, any
 * descendant still alive is killed (they are ours) and reported: a suite
 * that leaves processes behind fails. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int
count_children(void)
{
	char buf[64];
	FILE *f;
	int n = 0;

	/* The main thread's list: this program never starts threads. */
	snprintf(
	    buf, sizeof(buf), "/proc/self/task/%d/children", (int)getpid());
	f = fopen(buf, "r");
	while (f && fscanf(f, "%63s", buf) == 1)
		n++;
	if (f)
		fclose(f);
	return n;
}

/* Kills our remaining children (from /proc/self/task/ * /children) and
 * returns how many there were. */
static int
kill_children(void)
{
	char path[320], buf[4096];
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/children",
		    e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		while (fscanf(f, "%4095s", buf) == 1) {
			pid_t pid = (pid_t)atoi(buf);
			char comm[64] = "?", cpath[64];
			FILE *c;

			snprintf(cpath, sizeof(cpath), "/proc/%d/comm", pid);
			if ((c = fopen(cpath, "r"))) {
				if (!fgets(comm, sizeof(comm), c))
					comm[0] = '\0';
				comm[strcspn(comm, "\n")] = '\0';
				fclose(c);
			}
			fprintf(stderr, "subreaper: leftover process %d (%s)\n",
			    pid, comm);
			kill(pid, SIGKILL);
			n++;
		}
		fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

int
main(int argc, char **argv)
{
	pid_t child, pid;
	int st, rc = 1, left;

	if (argc < 2) {
		fprintf(stderr, "usage: subreaper COMMAND [ARG...]\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("subreaper: PR_SET_CHILD_SUBREAPER");
		return 1;
	}
	signal(SIGINT, SIG_IGN);
	child = fork();
	if (child == 0) {
		signal(SIGINT, SIG_DFL);
		execvp(argv[1], argv + 1);
		perror("subreaper: exec");
		_exit(127);
	}
	while ((pid = waitpid(-1, &st, 0)) != child)
		if (pid < 0 && errno != EINTR)
			break;
	if (pid == child)
		rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	/* Give orphans a moment to end on their own (PDEATHSIG, SIGHUP from a
	 * closed terminal): only what outlives that counts as left behind. */
	for (int i = 0; i < 60 && count_children() > 0; i++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		usleep(50000);
	}
	left = kill_children();
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	if (left) {
		fprintf(
		    stderr, "subreaper: %d process(es) left behind\n", left);
		return rc ? rc : 1;
	}
	return rc;
}
