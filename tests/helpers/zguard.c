/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: the parents the ptrace guards must handle. Each mode makes
 * one zombie child (exit 7), prints "READY PARENT ZOMBIE" (chain: "READY
 * SUBREAPER PARENT ZOMBIE"), then:
 *   chain           becomes a child subreaper that never reaps, its child
 *                   P makes the zombie and pauses: kill P and the zombie
 *                   goes to the subreaper
 *   filter trap|kill|allow|none SECS [HOW]  installs a seccomp filter
 *                   whose answer to wait4 is SECCOMP_RET_TRAP,
 *                   _KILL_PROCESS or ALLOW (none: no filter), sleeps SECS
 *                   and prints "sleep rc= errno= elapsed= sigsys=N". HOW is
 *                   the call it sleeps in, each with its own restart code:
 *                   libc (nanosleep(3), the default), nanosleep (raw
 *                   syscall 35) and clock (raw clock_nanosleep):
 *                   ERESTART_RESTARTBLOCK; pause: ERESTARTNOHAND; read (a
 *                   pipe nobody writes): ERESTARTSYS. pause and read are
 *                   ended by a SIGALRM after SECS (handler without
 *                   SA_RESTART: rc=-1 errno=4 is their right answer)
 *   groups N [strict]  sets N supplementary groups (a status of 17 KB for
 *                   2000), then pauses, or enters strict seccomp and reads
 *                   a pipe nobody writes
 *   sigwait SECS    waits in sigtimedwait (as tini does); on EINTR prints
 *                   "sigwait EINTR" and exits at once
 *   ancestor CMD... runs CMD (each "%Z" in it replaced by the zombie's PID,
 *                   "%P" by ours) and waits for it alone: CMD runs with
 *                   us, a zombie's parent, as its parent. Our lines go to
 *                   stderr here, CMD keeps stdout (a terminal). */
#include <errno.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t sigsys, sigalrm;

static void
on_sigsys(int sig)
{
	(void)sig;
	sigsys++;
}

static void
on_sigalrm(int sig)
{
	(void)sig;
	sigalrm++;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A zombie child, not reaped; waited for with WNOWAIT (not wait4 itself:
 * some modes forbid it only later, but keep to one way). */
static pid_t
make_zombie(void)
{
	siginfo_t si;
	pid_t pid = fork();

	if (pid == 0)
		_exit(7);
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0 &&
	       errno == EINTR)
		;
	return pid;
}

static void
ready(pid_t z)
{
	printf("READY %d %d\n", (int)getpid(), (int)z);
	fflush(stdout);
}

static int
chain(void)
{
	pid_t p;

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	p = fork();
	if (p == 0) {
		pid_t z = make_zombie();

		printf(
		    "READY %d %d %d\n", (int)getppid(), (int)getpid(), (int)z);
		fflush(stdout);
		for (;;)
			pause();
	}
	for (;;) /* never reaps: neither P nor what it inherits */
		pause();
	return 0;
}

static int
install_filter(const char *how)
{
	unsigned action = strcmp(how, "trap") == 0   ? SECCOMP_RET_TRAP
	                  : strcmp(how, "kill") == 0 ? SECCOMP_RET_KILL_PROCESS
	                                             : SECCOMP_RET_ALLOW;
	struct sock_filter f[] = {
	    BPF_STMT(
	        BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_wait4, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, action),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = 4, .filter = f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* Sleeps SECS in the call named by how (see the top comment). */
static int
sleep_in(const char *how, double secs)
{
	struct timespec ts = {(time_t)secs, 0};
	struct sigaction sa;
	char buf[8];
	int p[2];

	if (strcmp(how, "nanosleep") == 0)
		return (int)syscall(SYS_nanosleep, &ts, NULL);
	if (strcmp(how, "clock") == 0)
		return (int)syscall(
		    SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
	if (strcmp(how, "pause") != 0 && strcmp(how, "read") != 0)
		return nanosleep(&ts, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigalrm; /* no SA_RESTART: the call ends */
	sigaction(SIGALRM, &sa, NULL);
	if (pipe(p) < 0)
		return -1;
	alarm((unsigned)secs);
	if (strcmp(how, "pause") == 0)
		return (int)syscall(SYS_pause);
	return (int)syscall(SYS_read, p[0], buf, sizeof(buf));
}

static int
filter(const char *how, double secs, const char *call)
{
	struct rlimit no_core = {0, 0};
	struct sigaction sa;
	pid_t z = make_zombie();
	double t0;
	int rc, err;

	setrlimit(RLIMIT_CORE, &no_core);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigsys;
	sigaction(SIGSYS, &sa, NULL);
	if (strcmp(how, "none") != 0 && install_filter(how) < 0) {
		printf("seccomp failed errno=%d\n", errno);
		return 1;
	}
	ready(z);
	t0 = now();
	rc = sleep_in(call, secs);
	err = rc < 0 ? errno : 0;
	printf("sleep rc=%d errno=%d elapsed=%.3f sigsys=%d sigalrm=%d\nDONE\n",
	    rc, err, now() - t0, (int)sigsys, (int)sigalrm);
	/* No exit handlers: built with ASan, LeakSanitizer's check at exit
	 * waits for its helper with wait4, which our own filter traps: the
	 * check hangs and the lines above are never flushed. */
	fflush(stdout);
	_exit(0);
}

static int
groups(int n, int strict)
{
	gid_t *g = calloc((size_t)n, sizeof(*g));
	char buf[8];
	int p[2];
	pid_t z;

	for (int i = 0; g && i < n; i++)
		g[i] = (gid_t)(100000 + i);
	if (!g || setgroups((size_t)n, g) < 0 || pipe(p) < 0) {
		printf("setgroups failed errno=%d\n", errno);
		return 1;
	}
	z = make_zombie();
	ready(z);
	if (!strict)
		for (;;)
			pause();
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) == 0)
		while (read(p[0], buf, sizeof(buf)) > 0)
			;
	syscall(SYS_exit, 1);
	return 1;
}

static int
sigwait_mode(double secs)
{
	struct timespec ts = {(time_t)secs, 0};
	sigset_t set;
	pid_t z = make_zombie();
	int r;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ready(z);
	r = sigtimedwait(&set, NULL, &ts);
	if (r < 0 && errno == EINTR) {
		printf("sigwait EINTR\n");
		fflush(stdout);
		_exit(3);
	}
	printf("sigwait r=%d errno=%d\n", r, r < 0 ? errno : 0);
	return 0;
}

static int
ancestor(char **argv)
{
	char zs[16], ps[16];
	pid_t z = make_zombie(), kid;
	int st;

	snprintf(zs, sizeof(zs), "%d", (int)z);
	snprintf(ps, sizeof(ps), "%d", (int)getpid());
	for (int i = 0; argv[i]; i++)
		argv[i] = strcmp(argv[i], "%Z") == 0   ? zs
		          : strcmp(argv[i], "%P") == 0 ? ps
		                                       : argv[i];
	fprintf(stderr, "READY %d %d\n", (int)getpid(), (int)z);
	if ((kid = fork()) == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(kid, &st, 0) < 0 && errno == EINTR)
		;
	fprintf(stderr, "CMD rc=%d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "chain") == 0)
		return chain();
	if (argc >= 4 && strcmp(argv[1], "filter") == 0)
		return filter(argv[2], atof(argv[3]), argc >= 5 ? argv[4] : "");
	if (argc >= 3 && strcmp(argv[1], "groups") == 0)
		return groups(atoi(argv[2]), argc >= 4);
	if (argc >= 3 && strcmp(argv[1], "sigwait") == 0)
		return sigwait_mode(atof(argv[2]));
	if (argc >= 3 && strcmp(argv[1], "ancestor") == 0)
		return ancestor(argv + 2);
	fprintf(stderr,
	    "usage: zguard chain | filter trap|kill|allow|none SECS "
	    "[libc|nanosleep|clock|pause|read] | "
	    "groups N [strict] | sigwait SECS | ancestor CMD...\n");
	return 2;
}
