/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The harness of the partial-refresh tests (test_snap_delta.c and
 * test_snap_sweep.c): agents, real children of the test driven through a
 * pipe (rename, exit, exec, fork a grandchild), a marker that says when
 * every event so far reached the table, and the comparison of a refresh
 * with a fresh full scan. Header-only and static; include after cmocka.h.
 * The test is the agents' subreaper (setup). */
#ifndef ZT_DELTA_HARNESS_H
#define ZT_DELTA_HARNESS_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testproc.h"

#include "snap_delta.h"
#include "timeline.h"

#define MAXA 64 /* agents at once, at most */
#define MARK "zt-dmark"

/* One child of the test, driven through a pipe. */
struct agent {
	pid_t pid;
	int cmd, ack; /* pipes: our write end, our read end */
	char comm[16];
	bool zombie, stopped, execd;
	int code;
	pid_t parent; /* an agent's pid while it lives; 0: our child */
};

struct cmd {
	char op; /* 'n' rename, 'x' exit, 'e' exec sleep, 'f' fork a child */
	char name[16];
	int code;
};

struct fix {
	struct timeline tl;
	struct snap_reader *r, *rfull;
	struct snap_delta d;
	struct snap *cur;
	struct agent a[MAXA];
	size_t n;
	pid_t other; /* a child of a test's own, killed by teardown too */
};

static inline void
agent_main(int cmd, int ack)
{
	struct cmd c;

	while (read(cmd, &c, sizeof(c)) == (ssize_t)sizeof(c)) {
		if (c.op == 'x')
			_exit(c.code);
		if (c.op == 'e')
			execl("/bin/sleep", "sleep", "1000", (char *)NULL);
		if (c.op == 'n')
			prctl(PR_SET_NAME, c.name);
		if (c.op == 'f') {
			pid_t g = fork();

			if (g == 0) {
				close(cmd);
				close(ack);
				for (;;)
					pause();
			}
			if (write(ack, &g, sizeof(g)) != (ssize_t)sizeof(g))
				_exit(99);
			continue;
		}
		if (write(ack, "k", 1) != 1)
			_exit(99);
	}
	_exit(98);
}

static inline void
sleep_ms(long ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* Polls cond(pid, arg) for up to 10 s. */
static inline bool
wait_until(bool (*cond)(pid_t, const void *), pid_t pid, const void *arg)
{
	for (int i = 0; i < 2000; i++) {
		if (cond(pid, arg))
			return true;
		sleep_ms(5);
	}
	return false;
}

static inline bool
has_state(pid_t pid, const void *arg)
{
	return testproc_state(pid) == *(const char *)arg;
}

static inline bool
has_comm(pid_t pid, const void *arg)
{
	char buf[64];
	ssize_t n = procfs_read(pid, "comm", buf, sizeof(buf));

	return n > 0 && strncmp(buf, arg, strlen(arg)) == 0;
}

static inline void
do_fork(struct fix *f)
{
	struct agent *a = &f->a[f->n++];
	int cmd[2], ack[2];

	assert_int_equal(pipe(cmd), 0);
	assert_int_equal(pipe(ack), 0);
	memset(a, 0, sizeof(*a));
	a->pid = fork();
	assert_true(a->pid >= 0);
	if (a->pid == 0) {
		close(cmd[1]);
		close(ack[0]);
		agent_main(cmd[0], ack[1]);
	}
	close(cmd[0]);
	close(ack[1]);
	a->cmd = cmd[1];
	a->ack = ack[0];
	/* Our own name, which a fork copies ("memcheck-amd64-" under
	 * valgrind). */
	assert_true(procfs_read(0, "self/comm", a->comm, sizeof(a->comm)) > 0);
	a->comm[strcspn(a->comm, "\n")] = '\0';
}

static inline void
send_cmd(struct agent *a, char op, const char *name, int code)
{
	struct cmd c = {.op = op, .code = code};
	char k;

	snprintf(c.name, sizeof(c.name), "%s", name ? name : "");
	assert_int_equal(write(a->cmd, &c, sizeof(c)), (ssize_t)sizeof(c));
	if (op == 'n')
		assert_int_equal(read(a->ack, &k, 1), 1);
}

/* The agent forks a child that only waits for signals: a grandchild of
 * the test, driven by signals alone (as an exec'd agent). */
static inline void
do_grandchild(struct fix *f, struct agent *a)
{
	struct cmd c = {.op = 'f'};
	struct agent *g = &f->a[f->n];
	pid_t pid;

	assert_int_equal(write(a->cmd, &c, sizeof(c)), (ssize_t)sizeof(c));
	assert_int_equal(read(a->ack, &pid, sizeof(pid)), (ssize_t)sizeof(pid));
	memset(g, 0, sizeof(*g));
	g->pid = pid;
	g->cmd = g->ack = -1;
	g->execd = true; /* takes no commands */
	g->parent = a->pid;
	memcpy(g->comm, a->comm, sizeof(g->comm));
	f->n++;
}

static inline void
do_exit(struct agent *a, int code)
{
	siginfo_t si;

	if (a->stopped)
		kill(a->pid, SIGCONT), a->stopped = false;
	if (a->execd)
		kill(a->pid, SIGKILL);
	else
		send_cmd(a, 'x', NULL, code);
	memset(&si, 0, sizeof(si));
	assert_int_equal(
	    waitid(P_PID, (id_t)a->pid, &si, WEXITED | WNOWAIT), 0);
	a->zombie = true;
	a->code = a->execd ? SIGKILL : code << 8;
}

/* The children of an agent that exited are ours now (a subreaper's). */
static inline void
adopt(struct fix *f, pid_t parent)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->a[i].parent == parent)
			f->a[i].parent = 0;
}

static inline void
drop_agent(struct fix *f, size_t i)
{
	if (f->a[i].cmd >= 0)
		close(f->a[i].cmd);
	if (f->a[i].ack >= 0)
		close(f->a[i].ack);
	f->a[i] = f->a[--f->n];
}

/* Waits until every event made so far reached the table: the events of
 * one socket come in order, so a marker child's exit seen last says so. */
static inline void
sync_events(struct fix *f)
{
	pid_t m = testproc_zombie(0, MARK);
	unsigned long long st = testproc_start(m);
	int i;

	for (i = 0; i < 2000; i++) {
		if (ptable_exit_time(f->tl.table, m, st).exact)
			break;
		sleep_ms(5);
	}
	assert_true(i < 2000);
	assert_int_equal(waitpid(m, NULL, 0), m);
}

static inline bool
mine(const struct fix *f, pid_t pid)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->a[i].pid == pid)
			return true;
	return false;
}

/* States of one process read at two moments: equal, save running
 * against sleeping (an agent may be on its way to or from a read, which
 * no action of the test tells). */
static inline bool
same_state(char a, char b)
{
	return a == b || (a && b && strchr("RSD", a) && strchr("RSD", b));
}

/* Our agents in s: pid, ppid, comm, zombie, exit status (and state when
 * states is true) equal to those in full, and the zombie count. */
static inline void
compare(const struct fix *f, const struct snap *s, const struct snap *full,
    bool states)
{
	size_t zombies = 0, want = 0;

	for (size_t i = 0; i < f->n; i++) {
		const struct agent *a = &f->a[i];
		const struct snap_proc *p = snap_find(s, a->pid);
		const struct snap_proc *q = snap_find(full, a->pid);

		assert_non_null(p);
		assert_non_null(q);
		assert_int_equal(p->ppid, q->ppid);
		assert_int_equal(p->start_ticks, q->start_ticks);
		assert_string_equal(p->comm, q->comm);
		assert_string_equal(p->comm, a->comm);
		assert_int_equal(snap_is_zombie(p), a->zombie);
		assert_int_equal(snap_is_zombie(q), a->zombie);
		if (a->zombie && (p->flags & SPF_EXIT_KNOWN))
			assert_int_equal(p->exit_raw, a->code);
		if (states)
			assert_true(same_state(p->state, q->state));
		want += a->zombie;
	}
	for (size_t i = 0; i < s->n; i++)
		zombies += s->procs[i].ppid == getpid() &&
		           snap_is_zombie(&s->procs[i]) &&
		           mine(f, s->procs[i].pid);
	assert_int_equal(zombies, want);
}

static inline void
refresh(struct fix *f, bool states)
{
	struct snap *s = NULL, *full = NULL;

	assert_int_equal(snap_delta_take(&f->d, f->r, f->cur, &s), 0);
	snap_free(f->cur);
	f->cur = s;
	assert_int_equal(snap_reader_take(f->rfull, NULL, &full), 0);
	compare(f, s, full, states);
	snap_free(full);
}

static inline int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(timeline_start(&f->tl, true), 0);
	assert_int_equal(snap_reader_new(&f->r), 0);
	assert_int_equal(snap_reader_new(&f->rfull), 0);
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	snap_delta_init(&f->d, &f->tl);
	*state = f;
	return 0;
}

static inline int
teardown(void **state)
{
	struct fix *f = *state;

	/* Grandchildren come to us as their parents die: reap until none. */
	for (size_t i = 0; i < f->n; i++)
		kill(f->a[i].pid, SIGKILL);
	if (f->other > 0)
		kill(f->other, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	while (f->n)
		drop_agent(f, 0);
	snap_free(f->cur);
	snap_delta_done(&f->d);
	snap_reader_free(f->r);
	snap_reader_free(f->rfull);
	timeline_stop(&f->tl);
	free(f);
	return 0;
}

#endif
