/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event thread's tests' harness: a stand-in process table that records
 * the calls the thread makes (the real one is src/proc/ptable.c), the
 * thread started or the test skipped, children that exit, and waits on
 * the records. Include after cmocka.h, in one file of a test binary. */
#ifndef ZT_EVSRC_HARNESS_H
#define ZT_EVSRC_HARNESS_H

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "evsrc.h"
#include "pevents.h"
#include "ptable.h"

#define MS 1000000ull
#define NREC 4096

/* One call the thread made: an exit of a child of ours, or a reap. */
struct rec {
	char what; /* 'E' exit, 'R' reaped */
	pid_t pid;
	uint64_t ns; /* exit: the event's time; reap: the time given */
	int code;
	bool exact;
};

/* The stand-in table: the calls, under a lock (the thread writes). */
struct ptable {
	pthread_mutex_t mu;
	struct rec r[NREC];
	size_t n;
	uint64_t lost;
	int set_calls;
	bool on;
	const char *why;
};

static struct ptable tab = {.mu = PTHREAD_MUTEX_INITIALIZER};

static inline void
tab_reset(void)
{
	pthread_mutex_lock(&tab.mu);
	tab.n = 0;
	tab.lost = 0;
	tab.set_calls = 0;
	tab.on = false;
	tab.why = NULL;
	pthread_mutex_unlock(&tab.mu);
}

static inline void
tab_add(char what, pid_t pid, uint64_t ns, int code, bool exact)
{
	if (tab.n < NREC)
		tab.r[tab.n++] = (struct rec){what, pid, ns, code, exact};
}

void
ptable_set_events(struct ptable *t, bool on, const char *why)
{
	pthread_mutex_lock(&t->mu);
	t->set_calls++;
	t->on = on;
	t->why = why;
	pthread_mutex_unlock(&t->mu);
}

/* Only exits of our own children are timed: other sessions' zombies on
 * this machine must not use up the pidfd budget. */
int
ptable_event(struct ptable *t, const struct pev *ev)
{
	if (ev->kind != PEV_EXIT || ev->pid != ev->tgid ||
	    ev->ptgid != getpid())
		return 0;
	pthread_mutex_lock(&t->mu);
	tab_add('E', ev->tgid, ev->ts_ns, ev->exit_code, false);
	pthread_mutex_unlock(&t->mu);
	return 1;
}

void
ptable_reaped(struct ptable *t, pid_t pid, uint64_t mono_ns, bool exact)
{
	pthread_mutex_lock(&t->mu);
	tab_add('R', pid, mono_ns, 0, exact);
	pthread_mutex_unlock(&t->mu);
}

void
ptable_lost(struct ptable *t, uint64_t n)
{
	pthread_mutex_lock(&t->mu);
	t->lost += n;
	pthread_mutex_unlock(&t->mu);
}

static inline uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Waits up to 5 s for a record (what, pid); its index, or -1. */
static inline int
await_rec(char what, pid_t pid, struct rec *out)
{
	uint64_t end = now_ns() + 5000 * MS;

	do {
		pthread_mutex_lock(&tab.mu);
		for (size_t i = 0; i < tab.n; i++)
			if (tab.r[i].what == what && tab.r[i].pid == pid) {
				*out = tab.r[i];
				pthread_mutex_unlock(&tab.mu);
				return (int)i;
			}
		pthread_mutex_unlock(&tab.mu);
		usleep(1000);
	} while (now_ns() < end);
	return -1;
}

static inline void
sleep_until(uint64_t ns)
{
	struct timespec ts = {
	    (time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		;
}

/* Starts the thread on the stand-in, or skips saying why. Skips too where
 * pidfds are needed and pidfd_open is missing (valgrind 3.19). */
static inline struct evsrc *
start_opts(const struct evsrc_opts *o, bool pidfds)
{
	struct evsrc *e = NULL;
	int fd = pidfds ? (int)syscall(SYS_pidfd_open, getpid(), 0) : -2;
	int err;

	if (fd == -1) {
		fprintf(
		    stderr, "skip - no pidfd_open here: %s\n", strerror(errno));
		skip();
	}
	if (fd >= 0)
		close(fd);
	tab_reset();
	err = evsrc_start_opts(&tab, o, &e);
	if (err) {
		fprintf(stderr, "skip - events unavailable: %s\n", tab.why);
		skip();
	}
	assert_true(tab.on);
	assert_int_equal(tab.set_calls, 1);
	return e;
}

static inline struct evsrc *
start_or_skip(const struct evsrc_opts *o)
{
	return start_opts(o, true);
}

static inline pid_t
child_exits(int code)
{
	pid_t c = fork();

	assert_true(c >= 0);
	if (c == 0)
		_exit(code);
	return c;
}

static inline int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

#endif
