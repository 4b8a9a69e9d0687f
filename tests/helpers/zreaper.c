/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: parents that DO reap, for the action tests.
 *   zreaper SPEC...            children exit (exit:N or signal:N); once all
 *       are zombies a SIGCHLD handler that loops waitpid is installed (the
 *       SIGCHLDs already sent were lost), "PARENT CHILD..." is printed and
 *       it sleeps: the next SIGCHLD reaps them all.
 *   zreaper --exec SPEC... -- CMD...  the same, then runs CMD as its child
 *       ("{}" in CMD becomes the first zombie's PID) and exits with CMD's
 *       status: CMD's parent is a parent of zombies.
 *   zreaper --adopt MS -- CMD...  a child subreaper that runs CMD and reaps
 *       what it inherits only MS milliseconds after each SIGCHLD; it exits
 *       once it has no child left.
 * Each reap is written to stderr as "reaped PID STATUS". */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXKIDS 64

static volatile sig_atomic_t cmd_pid, cmd_status = -1;

static void
note_reaped(pid_t pid, int st)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "reaped %d %d\n", (int)pid, st);

	if (write(STDERR_FILENO, buf, (size_t)n) < 0)
		return;
}

static void
on_chld(int sig)
{
	int st, saved = errno;
	pid_t pid;

	(void)sig;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (pid == cmd_pid)
			cmd_status = st;
		else
			note_reaped(pid, st);
	}
	errno = saved;
}

static void
child_body(const char *spec)
{
	struct rlimit rl = {0, 0};

	if (strncmp(spec, "exit:", 5) == 0)
		_exit(atoi(spec + 5));
	if (strncmp(spec, "signal:", 7) == 0) {
		setrlimit(RLIMIT_CORE, &rl);
		signal(atoi(spec + 7), SIG_DFL);
		raise(atoi(spec + 7));
	}
	_exit(120);
}

static int
make_zombies(char **specs, int n, pid_t *kids)
{
	for (int i = 0; i < n; i++) {
		siginfo_t si;

		if ((kids[i] = fork()) < 0)
			return -1;
		if (kids[i] == 0)
			child_body(specs[i]);
		while (
		    waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOWAIT) < 0 &&
		    errno == EINTR)
			;
	}
	return 0;
}

static void
install_reaper(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
}

static int
run_cmd(char **cmd, pid_t first)
{
	char num[16];
	sigset_t chld, old;
	pid_t pid;

	snprintf(num, sizeof(num), "%d", (int)first);
	for (int i = 0; cmd[i]; i++)
		if (strcmp(cmd[i], "{}") == 0)
			cmd[i] = num;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	if ((pid = fork()) == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	cmd_pid = pid;
	while (cmd_status < 0)
		sigsuspend(&old);
	return WIFEXITED(cmd_status) ? WEXITSTATUS(cmd_status) : 125;
}

static int
adopt(long ms, char **cmd)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	sigset_t chld;
	int sig, st;
	pid_t pid;

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	if ((pid = fork()) == 0) {
		sigprocmask(SIG_UNBLOCK, &chld, NULL);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	for (;;) {
		sigwait(&chld, &sig);
		nanosleep(&ts, NULL);
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			note_reaped(pid, st);
		if (pid < 0 && errno == ECHILD)
			return 0;
	}
}

static int
split(int argc, char **argv, int from)
{
	for (int i = from; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return i;
	return -1;
}

int
main(int argc, char **argv)
{
	int first = 1, dash = -1, n;
	pid_t kids[MAXKIDS];

	if (argc > 3 && strcmp(argv[1], "--adopt") == 0 &&
	    strcmp(argv[3], "--") == 0)
		return adopt(atol(argv[2]), argv + 4);
	if (argc > 1 && strcmp(argv[1], "--exec") == 0) {
		first = 2;
		if ((dash = split(argc, argv, 2)) < 0)
			return 2;
	}
	n = (dash < 0 ? argc : dash) - first;
	if (n < 1 || n > MAXKIDS)
		return 2;
	signal(SIGCHLD, SIG_DFL);
	if (make_zombies(argv + first, n, kids) < 0)
		return 1;
	install_reaper();
	printf("%d", (int)getpid());
	for (int i = 0; i < n; i++)
		printf(" %d", (int)kids[i]);
	printf("\n");
	fflush(stdout);
	if (dash >= 0)
		return run_cmd(argv + dash + 1, kids[0]);
	for (;;)
		pause();
}
