/* A parent with one zombie child, blocked in a chosen call: the subject of
 * the ptrace reaping tests. Prints "READY PARENT CHILD" once the child is a
 * zombie, then makes the call and prints what happened to it, then what its
 * own waitpid for the child returns (ECHILD once someone else reaped it).
 *
 * usage: zblock [-t] sleep|read|pause|busy|epoll SECONDS
 *   sleep: nanosleep(SECONDS)       read: read(stdin)   pause: pause()
 *   busy:  spins SECONDS in user mode  epoll: epoll_wait(stdin, SECONDS)
 *   -t: the child is forked by a second thread, which then also sleeps. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double secs;
static pid_t child;
static volatile sig_atomic_t got_sig;
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

static void
wait_zombie(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (;;) {
		if ((f = fopen(path, "r"))) {
			size_t n = fread(buf, 1, sizeof(buf) - 1, f);

			fclose(f);
			buf[n] = '\0';
			if ((p = strrchr(buf, ')')) && p[1] && p[2] == 'Z')
				return;
		}
		usleep(1000);
	}
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
	int threaded = 0, st, rc;

	if (argc > 1 && strcmp(argv[1], "-t") == 0) {
		threaded = 1;
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
	blocked_call(argv[1]);
	if (threaded) {
		pthread_join(th, NULL);
		printf("%s\n", thread_line);
	}
	rc = waitpid(child, &st, WNOHANG);
	printf("wait rc=%d errno=%d\n", rc, rc < 0 ? errno : 0);
	printf("DONE\n");
	return 0;
}
