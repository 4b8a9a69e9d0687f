/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A parent with one zombie child, blocked in a chosen call: the subject of
 * the ptrace reaping tests. Prints "READY PARENT CHILD" once the child is a
 * zombie, then makes the call and prints what happened to it, then what its
 * own waitpid for the child returns (ECHILD once someone else reaped it).
 *
 * usage: zblock [-t|-L] sleep|read|pause|busy|epoll|vfork SECONDS
 *   sleep: nanosleep(SECONDS)       read: read(stdin)   pause: pause()
 *   busy:  spins SECONDS in user mode  epoll: epoll_wait(stdin, SECONDS)
 *   rseq:  spins SECONDS almost always inside an rseq critical section
 *          (x86_64), counting the kernel's aborts of it
 *   vfork: waits (state D) for a vfork child that prints "VFORK PID" and
 *          sleeps SECONDS
 *   -t: the child is forked by a second thread, which then also sleeps.
 *   -L: the leader forks the child, starts a thread that sleeps, exits.
 *   -S: enters strict seccomp mode after READY (any call but read, write,
 *       exit and sigreturn then kills it).
 * SIGUSR2 is counted by a handler with SA_RESTART ("usr2=N" at the end). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double secs;
static pid_t child;
static volatile sig_atomic_t got_sig, usr2;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t forked = PTHREAD_COND_INITIALIZER;
static char thread_line[128];

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
on_signal(int sig)
{
	got_sig = sig;
}

static void
on_usr2(int sig)
{
	(void)sig;
	usr2++;
}

static pid_t
make_zombie(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(7);
	return pid;
}

static void
nap(double s, int *rc, int *err)
{
	struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};

	*rc = nanosleep(&ts, NULL);
	*err = *rc < 0 ? errno : 0;
}

static void *
second_thread(void *arg)
{
	double t0;
	int rc, err;

	(void)arg;
	pthread_mutex_lock(&lock);
	child = make_zombie();
	pthread_cond_signal(&forked);
	pthread_mutex_unlock(&lock);
	t0 = now();
	nap(secs, &rc, &err);
	snprintf(thread_line, sizeof(thread_line),
	    "thread rc=%d errno=%d elapsed=%.3f", rc, err, now() - t0);
	return NULL;
}

/* -L: the only thread left once the leader exited. */
static void *
last_thread(void *arg)
{
	double t0 = now();
	int rc, err, st;

	(void)arg;
	nap(secs, &rc, &err);
	printf("thread rc=%d errno=%d elapsed=%.3f\n", rc, err, now() - t0);
	rc = waitpid(child, &st, WNOHANG);
	printf("wait rc=%d errno=%d\nDONE\n", rc, rc < 0 ? errno : 0);
	fflush(stdout);
	exit(0);
}

/* Until the child is a zombie, without reaping it. /proc is no help:
 * in a PID namespace it may still be the host's. */
static void
wait_zombie(pid_t pid)
{
	siginfo_t si;

	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0 &&
	       errno == EINTR)
		;
}

#if defined(__x86_64__)
#include <sys/rseq.h>

/* Spins n rounds inside an rseq critical section on glibc's registration;
 * returns 1 when the kernel aborted it (preemption, signal, migration). */
static int
spin_in_cs(long n)
{
	struct rseq *rs =
	    (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
	int aborted = 0;

	__asm__ __volatile__(
	    ".pushsection __rseq_cs, \"aw\"\n"
	    ".balign 32\n"
	    "3: .long 0, 0\n"
	    ".quad 1f, (2f - 1f), 4f\n"
	    ".popsection\n"
	    "leaq 3b(%%rip), %%rax\n"
	    "movq %%rax, %[cs]\n"
	    "1: decq %[n]\n"
	    "jnz 1b\n"
	    "2: jmp 5f\n"
	    ".byte 0x0f, 0xb9, 0x3d\n"
	    ".long 0x53053053\n"
	    "4: movl $1, %[ab]\n"
	    "5:\n"
	    : [n] "+r"(n), [ab] "+m"(aborted), [cs] "=m"(rs->rseq_cs)
	    :
	    : "rax", "memory", "cc");
	return aborted;
}

static void
rseq_spin(void)
{
	double t0 = now();
	unsigned long aborts = 0;

	if (__rseq_size == 0) {
		printf("rseq unavailable\n");
		return;
	}
	while (now() - t0 < secs)
		aborts += (unsigned long)spin_in_cs(1000000);
	printf("rseq aborts=%lu elapsed=%.3f\n", aborts, now() - t0);
}
#else
static void
rseq_spin(void)
{
	printf("rseq unavailable\n");
}
#endif

/* -S: nothing but read, write and exit from here on. */
static void
strict_read(void)
{
	char buf[64];

	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) == 0 &&
	    read(0, buf, sizeof(buf)) >= 0 &&
	    write(1, "strict DONE\n", 12) == 12)
		syscall(SYS_exit, 0);
	syscall(SYS_exit, 1);
}

/* The call; prints one line about how it ended. */
static void
blocked_call(const char *mode)
{
	double t0 = now();
	int rc = 0, err = 0;

	if (strcmp(mode, "sleep") == 0) {
		nap(secs, &rc, &err);
		printf(
		    "sleep rc=%d errno=%d elapsed=%.3f\n", rc, err, now() - t0);
	} else if (strcmp(mode, "read") == 0) {
		char buf[64] = "";
		ssize_t n = read(0, buf, sizeof(buf) - 1);

		err = n < 0 ? errno : 0;
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		printf("read n=%zd errno=%d data=%s\n", n, err, buf);
	} else if (strcmp(mode, "pause") == 0) {
		rc = pause();
		printf(
		    "pause rc=%d errno=%d sig=%d\n", rc, errno, (int)got_sig);
	} else if (strcmp(mode, "busy") == 0) {
		volatile unsigned long loops = 0;

		while (now() - t0 < secs)
			loops++;
		printf("busy loops=%lu elapsed=%.3f\n", (unsigned long)loops,
		    now() - t0);
	} else if (strcmp(mode, "rseq") == 0) {
		rseq_spin();
	} else if (strcmp(mode, "vfork") == 0) {
		pid_t v = vfork();

		if (v == 0) {
			char line[64];
			int n = snprintf(
			    line, sizeof(line), "VFORK %d\n", (int)getpid());

			if (write(1, line, (size_t)n) == n)
				nap(secs, &rc, &err);
			_exit(0);
		}
		printf("vfork rc=%d\n", (int)waitpid(v, NULL, 0));
	} else if (strcmp(mode, "epoll") == 0) {
		struct epoll_event ev = {.events = EPOLLIN}, out;
		int ep = epoll_create1(0);

		epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
		rc = epoll_wait(ep, &out, 1, (int)(secs * 1000));
		err = rc < 0 ? errno : 0;
		printf(
		    "epoll rc=%d errno=%d elapsed=%.3f\n", rc, err, now() - t0);
	}
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	pthread_t th;
	int threaded = 0, leader_exits = 0, strict = 0, st, rc;

	if (argc > 1 && strcmp(argv[1], "-t") == 0)
		threaded = 1;
	if (argc > 1 && strcmp(argv[1], "-L") == 0)
		leader_exits = 1;
	if (argc > 1 && strcmp(argv[1], "-S") == 0)
		strict = 1;
	if (threaded || leader_exits || strict) {
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: zblock [-t] MODE SECONDS\n");
		return 2;
	}
	secs = atof(argv[2]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: pause ends on it */
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR2, &sa, NULL);
	pthread_mutex_lock(&lock);
	if (threaded)
		pthread_create(&th, NULL, second_thread, NULL);
	else
		child = make_zombie();
	while (child == 0)
		pthread_cond_wait(&forked, &lock);
	pthread_mutex_unlock(&lock);
	wait_zombie(child);
	printf("READY %d %d\n", (int)getpid(), (int)child);
	fflush(stdout);
	if (leader_exits) {
		pthread_create(&th, NULL, last_thread, NULL);
		pthread_exit(NULL);
	}
	if (strict)
		strict_read();
	blocked_call(argv[1]);
	if (threaded) {
		pthread_join(th, NULL);
		printf("%s\n", thread_line);
	}
	rc = waitpid(child, &st, WNOHANG);
	printf("wait rc=%d errno=%d\n", rc, rc < 0 ? errno : 0);
	printf("usr2=%d\nDONE\n", (int)usr2);
	return 0;
}
