/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the lab: the lab parents and their children, forked from
 * zombietop. Each process renames itself, dies with its parent
 * (PR_SET_PDEATHSIG) and only ever leaves by _exit or a signal. */
#include "lab_proc.h"
#include "kparse.h"
#include "procfs.h"
#include "lab.h"
#include "zclock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A core of a small process is far below this; a bigger one is cut short
 * by the kernel and then not reported as dumped. */
#define LAB_CORE_MAX (64UL << 20)
#define LAB_MSG_FD 3

static volatile sig_atomic_t fork_requests, reaped;
static int next_code = 1; /* exit code of the next child that exits */
static int crashes;       /* children of crashed-child so far */
static bool cores_allowed;
static sigset_t no_signals;

int
lab_proc_stat_field(pid_t pid, int field, long long *out)
{
	struct kstat ks;
	int rc = procfs_stat(pid, &ks);

	if (rc < 0)
		return rc;
	switch (field) {
	case 3:
		*out = (unsigned char)ks.state;
		break;
	case 5:
		*out = ks.pgrp;
		break;
	case 48:
		*out = (long long)ks.arg_start;
		break;
	case 49:
		*out = (long long)ks.arg_end;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static void
send_msg(int kind, pid_t pid)
{
	struct lab_msg m = {.kind = kind, .pid = pid};
	ssize_t n = write(LAB_MSG_FD, &m, sizeof(m));

	(void)n; /* a full pipe only costs zombietop a mark in the tree */
}

/* Sets comm and, like setproctitle, the command line: the argument area
 * (stat fields 48-49) is overwritten with the name, a NUL and spaces up
 * to a non-NUL last byte, so /proc/PID/cmdline reads just the name. */
static void
set_title(const char *name)
{
	long long start, end;
	size_t len = strlen(name), size;
	char *area;

	/* The command line first, the name last: a scan that sees the new
	 * name (and so reads the command line again) sees the new line. */
	if (lab_proc_stat_field(0, 48, &start) < 0 ||
	    lab_proc_stat_field(0, 49, &end) < 0 || end - start < 3) {
		prctl(PR_SET_NAME, name);
		return;
	}
	area = (char *)(uintptr_t)start;
	size = (size_t)(end - start);
	if (len > size - 2)
		len = size - 2;
	memset(area, ' ', size);
	memcpy(area, name, len);
	area[len] = '\0';
	prctl(PR_SET_NAME, name);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void
on_usr1(int sig)
{
	(void)sig;
	fork_requests++;
}

/* The classic bug: one waitpid per signal, whatever has exited. */
static void
reap_once(int sig)
{
	int e = errno;

	(void)sig;
	if (waitpid(-1, NULL, WNOHANG) > 0)
		reaped++;
	errno = e;
}

/* The fix: loop until nothing more has exited. */
static void
reap_all(int sig)
{
	int e = errno;

	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		reaped++;
	errno = e;
}

static void
set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void
setup_fds(int msg_fd)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	for (int fd = 0; fd < 3 && null >= 0; fd++)
		dup2(null, fd);
	if (msg_fd != LAB_MSG_FD)
		dup2(msg_fd, LAB_MSG_FD);
	fcntl(LAB_MSG_FD, F_SETFD, 0);
	fcntl(LAB_MSG_FD, F_SETFL, O_NONBLOCK);
	close_range(LAB_MSG_FD + 1, ~0U, 0);
	procfs_forget(); /* its cached /proc fd was among those closed */
}

/* Everything a lab parent inherits from zombietop is reset: group,
 * signals, mask, files, directory, core limit. SIGUSR1 (fork request)
 * and SIGCHLD stay blocked except inside sigsuspend. */
static void
setup(int id, pid_t reaper, int msg_fd)
{
	struct rlimit rl;
	sigset_t block;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != reaper)
		_exit(0);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	sigemptyset(&no_signals);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_SETMASK, &block, NULL);
	set_handler(SIGUSR1, on_usr1);
	setup_fds(msg_fd);
	if (chdir("/") < 0)
		_exit(1);
	/* Soft limit only: crash() raises it again where cores are wanted. */
	if (getrlimit(RLIMIT_CORE, &rl) == 0) {
		rl.rlim_cur = 0;
		setrlimit(RLIMIT_CORE, &rl);
	}
	set_title(lab_scenarios[id].comm);
}

/* Forks a lab child: returns 0 in the child (named, dying with this
 * parent), the pid in the parent (reported to zombietop), or -1. */
static pid_t
spawn(void)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		close(LAB_MSG_FD);
		set_title(LAB_CHILD_COMM);
		return 0;
	}
	if (pid > 0)
		send_msg(LAB_MSG_CHILD, pid);
	return pid;
}

/* Waits until pid has exited, leaving it a zombie (WNOWAIT). */
static void
wait_zombie(pid_t pid)
{
	siginfo_t si;

	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0 &&
	       errno == EINTR)
		;
}

static pid_t
spawn_exit(void)
{
	pid_t pid = spawn();

	if (pid == 0)
		_exit(next_code);
	if (next_code < 255)
		next_code++;
	return pid;
}

/* Waits (signals let in) until the handler has reaped `want` in all. */
static void
wait_reaped(int want)
{
	while (reaped < want)
		sigsuspend(&no_signals);
}

/* Serves fork requests forever; fork_one may be NULL (ignored). */
static _Noreturn void
serve(void (*fork_one)(void))
{
	for (;;) {
		while (!fork_requests)
			sigsuspend(&no_signals);
		fork_requests--;
		if (fork_one)
			fork_one();
	}
}

static void
fork_zombie(void)
{
	pid_t pid = spawn_exit();

	if (pid > 0)
		wait_zombie(pid);
}

/* n children exit while SIGCHLD is blocked; once let in, their signals
 * have coalesced into one and the handler reaps one of them. */
static void
fork_coalesced(int n)
{
	pid_t kids[4];
	int got = 0, before = reaped;

	for (int i = 0; i < n && i < 4; i++)
		if ((kids[got] = spawn_exit()) > 0)
			got++;
	for (int i = 0; i < got; i++)
		wait_zombie(kids[i]);
	if (got)
		wait_reaped(before + 1);
}

static void
fork_pair(void)
{
	fork_coalesced(2);
}

static void
fork_reaped(void)
{
	int before = reaped;

	if (spawn_exit() > 0)
		wait_reaped(before + 1);
}

/* With SIGCHLD ignored, wait() blocks until every child is gone, then
 * fails with ECHILD: the kernel reaped them. */
static void
fork_ignored(void)
{
	spawn_exit();
	while (wait(NULL) >= 0 || errno == EINTR)
		;
}

/* A fresh directory for one core, so no core lands anywhere else. */
static bool
make_core_dir(char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");

	if (!cores_allowed)
		return false;
	snprintf(path, size, "%s/zombietop-lab.XXXXXX",
	    tmp && *tmp == '/' ? tmp : "/tmp");
	return mkdtemp(path) != NULL;
}

static void
remove_core_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(path);
}

static _Noreturn void
crash(int sig, const char *dir)
{
	struct rlimit rl;

	if (dir && chdir(dir) == 0 && getrlimit(RLIMIT_CORE, &rl) == 0) {
		rl.rlim_cur =
		    rl.rlim_max < LAB_CORE_MAX ? rl.rlim_max : LAB_CORE_MAX;
		setrlimit(RLIMIT_CORE, &rl);
	}
	raise(sig);
	_exit(120);
}

/* Alternately a child killed by SIGSEGV and one killed by SIGKILL. The
 * core (written before the child turns zombie) is deleted at once. */
static void
fork_crash(void)
{
	int sig = crashes++ % 2 ? SIGKILL : SIGSEGV;
	char dir[4096];
	bool have_dir = sig == SIGSEGV && make_core_dir(dir, sizeof(dir));
	pid_t pid = spawn();

	if (pid == 0)
		crash(sig, have_dir ? dir : NULL);
	if (pid > 0)
		wait_zombie(pid);
	if (have_dir)
		remove_core_dir(dir);
}

static _Noreturn void
run_stopped(void)
{
	set_handler(SIGCHLD, reap_all);
	for (int i = 0; i < 3; i++) {
		pid_t pid = spawn_exit();
		long long state = 0;

		if (pid != 0)
			continue;
		/* Exit only once the parent is stopped, so the zombies are
		 * there because of the stop, not of a race. */
		for (int t = 0; t < 6000 && state != 'T'; t++) {
			if (lab_proc_stat_field(getppid(), 3, &state) < 0)
				break;
			if (state != 'T')
				sleep_ms(10);
		}
		_exit(next_code);
	}
	send_msg(LAB_MSG_READY, 0);
	raise(SIGSTOP);
	serve(fork_reaped);
}

static void *
idle_thread(void *arg)
{
	(void)arg;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, LAB_THREAD_COMM);
	for (;;)
		pause();
	return NULL;
}

static _Noreturn void
run_leader_exited(void)
{
	pthread_t t;

	signal(SIGUSR1, SIG_IGN);
	if (pthread_create(&t, NULL, idle_thread, NULL) != 0)
		_exit(1);
	send_msg(LAB_MSG_READY, 0);
	pthread_exit(NULL);
}

static _Noreturn void
orphan_child(pid_t parent, pid_t reaper)
{
	double end;

	close(LAB_MSG_FD);
	set_title(LAB_ORPHANED_COMM);
	for (int t = 0; t < 6000 && getppid() == parent; t++)
		sleep_ms(10);
	/* Only now: a death signal set earlier would fire when the parent
	 * exits on purpose. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != reaper)
		_exit(0);
	end = zclock_mono() + LAB_ORPHAN_SECONDS;
	while (zclock_mono() < end)
		sleep_ms(200);
	_exit(0);
}

static _Noreturn void
run_orphan(pid_t reaper)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0)
		orphan_child(parent, reaper);
	if (pid > 0)
		send_msg(LAB_MSG_CHILD, pid);
	send_msg(LAB_MSG_READY, 0);
	_exit(0);
}

static void
start_simple(int id)
{
	switch (id) {
	case LAB_NEGLIGENT:
		for (int i = 0; i < 3; i++)
			fork_zombie();
		break;
	case LAB_ONE_PER_SIGNAL:
		set_handler(SIGCHLD, reap_once);
		fork_coalesced(4);
		break;
	case LAB_CORRECT:
		set_handler(SIGCHLD, reap_all);
		for (int i = 0; i < 3; i++)
			fork_reaped();
		break;
	case LAB_IGNORES:
		signal(SIGCHLD, SIG_IGN);
		for (int i = 0; i < 3; i++)
			fork_ignored();
		break;
	case LAB_CRASHED_CHILD:
		fork_crash();
		fork_crash();
		break;
	}
	send_msg(LAB_MSG_READY, 0);
}

_Noreturn void
lab_proc_run(int id, pid_t reaper, int msg_fd, bool cores)
{
	static void (*const fork_one[LAB_COUNT])(void) = {
	    [LAB_NEGLIGENT] = fork_zombie,
	    [LAB_ONE_PER_SIGNAL] = fork_pair,
	    [LAB_CORRECT] = fork_reaped,
	    [LAB_IGNORES] = fork_ignored,
	    [LAB_CRASHED_CHILD] = fork_crash,
	};

	cores_allowed = cores;
	setup(id, reaper, msg_fd);
	switch (id) {
	case LAB_STOPPED:
		run_stopped();
	case LAB_LEADER_EXITED:
		run_leader_exited();
	case LAB_ORPHAN:
		run_orphan(reaper);
	default:
		start_simple(id);
		serve(id >= 0 && id < LAB_COUNT ? fork_one[id] : NULL);
	}
}
