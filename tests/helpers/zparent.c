/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: parents that fail to reap in each of the ways zombietop
 * diagnoses. "zparent MODE [N] [-- CMD...]" makes N (default 1) zombie
 * children, prints "PARENT CHILD..." once they are zombies, then never
 * reaps on its own. With "-- CMD...", it then runs CMD (waiting for that
 * one child only) and goes on sleeping. Modes:
 *   default      SIGCHLD has its default disposition
 *   missed       a handler that reaps one child per signal; the children
 *                exit while SIGCHLD is blocked, so their signals coalesce
 *   blocked      a handler, SIGCHLD blocked for good
 *   ignore-late  SIG_IGN set after the zombies exist
 *   vfork        then stuck in vfork() (state D); the line gets the vfork
 *                child's PID at the end
 *   zombie-parent  then the main thread calls pthread_exit while another
 *                thread runs: the parent shows state Z
 *   leader       no children: pthread_exit with a live thread; prints PID
 *   tracer PID   PTRACE_ATTACH to PID (it stops, state t), print "PID" */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXKIDS 64

static pid_t kids[MAXKIDS];
static int nkids;
static volatile sig_atomic_t reaped_one;

static void
reap_one(int sig)
{
	pid_t p;

	(void)sig;
	p = waitpid(-1, NULL, WNOHANG);
	if (p > 0 && !reaped_one)
		reaped_one = p;
}

static void
on_sigchld(void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
}

static void
block_sigchld(int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(how, &set, NULL);
}

/* Forks n children that exit at once and waits, without reaping, until
 * every one is a zombie. */
static void
make_zombies(int n)
{
	for (int i = 0; i < n && nkids < MAXKIDS; i++) {
		pid_t pid = fork();

		if (pid < 0)
			exit(1);
		if (pid == 0)
			_exit(i + 1);
		kids[nkids++] = pid;
	}
	for (int i = 0; i < nkids; i++) {
		siginfo_t si;

		while (
		    waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOWAIT) < 0 &&
		    errno == EINTR)
			;
	}
}

static void
print_line(pid_t extra)
{
	printf("%d", (int)getpid());
	for (int i = 0; i < nkids; i++)
		if (kids[i] != reaped_one)
			printf(" %d", (int)kids[i]);
	if (extra > 0)
		printf(" %d", (int)extra);
	printf("\n");
	fflush(stdout);
}

static void
run_cmd(char **cmd)
{
	pid_t pid;

	if (!cmd || !cmd[0])
		return;
	pid = fork();
	if (pid == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void *
thread_body(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* The main thread leaves; the process lives on in its other thread. */
static void
leader_exit(void)
{
	pthread_t th;

	if (pthread_create(&th, NULL, thread_body, NULL) != 0)
		exit(1);
	pthread_exit(NULL);
}

/* The vfork child reports for the parent, which is stuck until it goes. */
static char vfork_line[16 * (MAXKIDS + 2)];

static void
vfork_stuck(void)
{
	size_t off = 0;

	off += (size_t)snprintf(
	    vfork_line, sizeof(vfork_line), "%d", (int)getpid());
	for (int i = 0; i < nkids; i++)
		off += (size_t)snprintf(vfork_line + off,
		    sizeof(vfork_line) - off, " %d", (int)kids[i]);
	if (vfork() == 0) {
		char tail[32];
		int n = snprintf(tail, sizeof(tail), " %d\n", (int)getpid());

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (write(1, vfork_line, strlen(vfork_line)) < 0 ||
		    write(1, tail, (size_t)n) < 0)
			_exit(1);
		for (;;)
			pause();
	}
}

static int
tracer(const char *arg)
{
	pid_t pid = (pid_t)atoi(arg);
	int st;

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0) {
		perror("zparent: PTRACE_ATTACH");
		return 1;
	}
	while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR)
		;
	printf("%d\n", (int)pid);
	fflush(stdout);
	for (;;)
		pause();
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "default";
	char **cmd = NULL;
	int n = 1;

	if (strcmp(mode, "tracer") == 0 && argc > 2)
		return tracer(argv[2]);
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			cmd = argv + i + 1;
			break;
		} else {
			n = atoi(argv[i]);
		}
	on_sigchld(SIG_DFL);
	if (strcmp(mode, "leader") == 0) {
		print_line(0);
		leader_exit();
	}
	if (strcmp(mode, "missed") == 0 || strcmp(mode, "blocked") == 0) {
		on_sigchld(reap_one);
		block_sigchld(SIG_BLOCK);
	}
	make_zombies(n);
	if (strcmp(mode, "missed") == 0) {
		/* The coalesced SIGCHLD runs the handler once: one reaped. */
		block_sigchld(SIG_UNBLOCK);
		while (!reaped_one)
			pause();
	} else if (strcmp(mode, "ignore-late") == 0) {
		signal(SIGCHLD, SIG_IGN);
	}
	if (strcmp(mode, "vfork") == 0) {
		vfork_stuck();
		return 0;
	}
	print_line(0);
	run_cmd(cmd);
	if (strcmp(mode, "zombie-parent") == 0)
		leader_exit();
	for (;;)
		pause();
}
