/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Partial refreshes against full scans, on real children of the test: a
 * random sequence of forks, execs, renames (PR_SET_NAME), exits, reaps,
 * stops and continues, and grandchildren whose parent exits (reparented to
 * the test, a subreaper, with no event of their own). After each step, once its
 * events reached the table, the partial snapshot agrees with a fresh full scan
 * on pid, ppid, comm, zombie or not and exit status, and its zombie count is
 * right; after a reconciliation it agrees on state too. A fork storm through a
 * tiny socket loses events: the next refresh is a full scan, and it is right.
 * A zombie handed to the event thread is kept unchecked until its reap is
 * named, then left out. The periodic sweep shows a stop and a new owner.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testproc.h"

#include "snap_delta.h"
#include "timeline.h"

#define MAXA 64  /* agents at once, at most */
#define STEPS 60 /* random operations */
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
};

static void
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

static void
sleep_ms(long ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* Polls cond(pid, arg) for up to 10 s. */
static bool
wait_until(bool (*cond)(pid_t, const void *), pid_t pid, const void *arg)
{
	for (int i = 0; i < 2000; i++) {
		if (cond(pid, arg))
			return true;
		sleep_ms(5);
	}
	return false;
}

static bool
has_state(pid_t pid, const void *arg)
{
	return testproc_state(pid) == *(const char *)arg;
}

static bool
has_comm(pid_t pid, const void *arg)
{
	char buf[64];
	ssize_t n = procfs_read(pid, "comm", buf, sizeof(buf));

	return n > 0 && strncmp(buf, arg, strlen(arg)) == 0;
}

static void
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

static void
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
static void
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

static void
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
static void
adopt(struct fix *f, pid_t parent)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->a[i].parent == parent)
			f->a[i].parent = 0;
}

static void
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
static void
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

static bool
mine(const struct fix *f, pid_t pid)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->a[i].pid == pid)
			return true;
	return false;
}

/* Our agents in s: pid, ppid, comm, zombie, exit status (and state when
 * states is true) equal to those in full, and the zombie count. */
static void
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
			assert_int_equal(p->state, q->state);
		want += a->zombie;
	}
	for (size_t i = 0; i < s->n; i++)
		zombies += s->procs[i].ppid == getpid() &&
		           snap_is_zombie(&s->procs[i]) &&
		           mine(f, s->procs[i].pid);
	assert_int_equal(zombies, want);
}

static void
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

static int
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

static int
teardown(void **state)
{
	struct fix *f = *state;

	/* Grandchildren come to us as their parents die: reap until none. */
	for (size_t i = 0; i < f->n; i++)
		kill(f->a[i].pid, SIGKILL);
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

/* One random operation on a random agent; returns false when it changed
 * what only a read of the process shows (a stop or a continue). */
static bool
step(struct fix *f, unsigned *seed)
{
	struct agent *a = f->n ? &f->a[(size_t)rand_r(seed) % f->n] : NULL;
	int op = rand_r(seed) % 8;
	char c;

	if (!a || (op == 0 && f->n < MAXA)) {
		do_fork(f);
	} else if (a->zombie) {
		assert_int_equal(waitpid(a->pid, NULL, 0), a->pid);
		drop_agent(f, (size_t)(a - f->a));
	} else if (op == 5 && !a->execd && !a->stopped && f->n < MAXA) {
		do_grandchild(f, a);
	} else if (op == 1 && !a->execd && !a->stopped) {
		snprintf(
		    a->comm, sizeof(a->comm), "zt-d%d", rand_r(seed) % 1000);
		send_cmd(a, 'n', a->comm, 0);
	} else if (op == 2 && !a->execd && !a->stopped) {
		send_cmd(a, 'e', NULL, 0);
		a->execd = true;
		snprintf(a->comm, sizeof(a->comm), "sleep");
		assert_true(wait_until(has_comm, a->pid, "sleep"));
	} else if ((op == 3 || op == 4) && !a->parent) {
		do_exit(a, rand_r(seed) % 200);
		adopt(f, a->pid);
	} else if (op == 6 || op == 7) {
		a->stopped = !a->stopped;
		c = a->stopped ? 'T' : 'S';
		kill(a->pid, a->stopped ? SIGSTOP : SIGCONT);
		assert_true(wait_until(has_state, a->pid, &c));
		return false;
	}
	return true;
}

static void
test_random_sequence(void **state)
{
	struct fix *f = *state;
	unsigned seed = (unsigned)time(NULL);
	/* Slow under valgrind: fewer steps, one reconciliation. */
	int steps = getenv("ZT_VALGRIND_RUN") ? 20 : STEPS;

	if (!f->tl.src)
		skip();
	print_message("seed %u\n", seed);
	f->d.every = 1000; /* partial refreshes unless asked */
	refresh(f, true);  /* the first is a full scan */
	for (int i = 0; i < steps; i++) {
		step(f, &seed);
		sync_events(f);
		refresh(f, false);
		if (i % 20 == 19) {
			snap_delta_force(&f->d);
			refresh(f, true);
		}
	}
	assert_true(f->d.partials > (uint64_t)steps / 2);
	snap_delta_force(&f->d);
	refresh(f, true);
}

/* A parent's exit reparents its child with no event of the child's: the
 * next partial refresh shows the new parent all the same. */
static void
test_reparent(void **state)
{
	struct fix *f = *state;

	if (!f->tl.src)
		skip();
	f->d.every = 1000;
	do_fork(f);
	do_grandchild(f, &f->a[0]);
	sync_events(f);
	refresh(f, true);
	assert_int_equal(snap_find(f->cur, f->a[1].pid)->ppid, f->a[0].pid);
	do_exit(&f->a[0], 3);
	adopt(f, f->a[0].pid);
	sync_events(f);
	refresh(f, false);
	assert_int_equal(snap_find(f->cur, f->a[1].pid)->ppid, getpid());
	assert_true(f->d.partials > 0);
}

/* Events lost: the next refresh reads every process, and is right. */
static void
test_lost_events(void **state)
{
	struct fix *f = *state;
	struct evsrc_opts o = {.rcvbuf = 1};
	struct ptable_info pi;
	uint64_t fulls;
	/* Slow under valgrind: a storm too small to overflow, then skip. */
	int storm = getenv("ZT_VALGRIND_RUN") ? 200 : 2000;

	timeline_stop(&f->tl);
	assert_int_equal(timeline_start_opts(&f->tl, true, &o), 0);
	if (!f->tl.src)
		skip();
	f->d.every = 1000;
	refresh(f, true);
	for (int i = 0; i < storm; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		if (p > 0)
			waitpid(p, NULL, 0);
	}
	for (int i = 0; i < 40; i++) {
		do_fork(f);
		do_exit(&f->a[f->n - 1], i);
	}
	for (int i = 0; i < 1000; i++) {
		ptable_info(f->tl.table, &pi);
		if (pi.lost)
			break;
		sleep_ms(5);
	}
	if (!pi.lost)
		skip(); /* the thread kept up: nothing was lost */
	fulls = f->d.fulls;
	refresh(f, true);
	assert_int_equal(f->d.fulls, fulls + 1);
}

/* A plain zombie no event named is not read again (a pidfd checks
 * it): it stays while it is a zombie and goes once reaped, in partial
 * scans that were told of no pid at all. */
static void
test_zombie_unnamed(void **state)
{
	struct fix *f = *state;
	struct snap *prev = NULL, *s = NULL;
	pid_t kid = fork();
	siginfo_t si;

	assert_true(kid >= 0);
	if (kid == 0)
		_exit(4);
	assert_int_equal(waitid(P_PID, (id_t)kid, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(snap_reader_take(f->rfull, NULL, &prev), 0);
	assert_true(snap_is_zombie(snap_find(prev, kid)));
	assert_int_equal(snap_delta_scan(f->r, prev, NULL, 0, 0, &s), 0);
	assert_non_null(snap_find(s, kid));
	assert_true(snap_is_zombie(snap_find(s, kid)));
	assert_int_equal(snap_find(s, kid)->exit_raw, 4 << 8);
	snap_disown_shared(prev, s);
	snap_free(s);
	assert_int_equal(waitpid(kid, NULL, 0), kid);
	assert_int_equal(snap_delta_scan(f->r, prev, NULL, 0, 0, &s), 0);
	assert_null(snap_find(s, kid));
	snap_disown_shared(prev, s);
	snap_free(s);
	snap_free(prev);
}

/* With events on, a refresh hands each plain zombie to the event thread
 * (SPF_WATCHED): partial refreshes keep it without a check while it is a
 * zombie, and the first refresh planned after its reap is named leaves it
 * out, all without a full scan. */
static void
test_zombie_watched(void **state)
{
	struct fix *f = *state;
	struct snap *s = NULL;
	const struct snap_proc *p;
	pid_t kid;
	siginfo_t si;
	uint64_t fulls;
	int i;

	/* Refused as no zombie where it works; else events are off, the
	 * kernel has no POLLHUP on reap or no pidfd_open (valgrind). */
	if (timeline_watch_zombie(&f->tl, getpid()) != -ESRCH)
		skip();
	f->d.every = 1000;
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0)
		_exit(9);
	assert_int_equal(waitid(P_PID, (id_t)kid, &si, WEXITED | WNOWAIT), 0);
	sync_events(f);
	for (i = 0; i < 2; i++) {
		assert_int_equal(snap_delta_take(&f->d, f->r, f->cur, &s), 0);
		snap_free(f->cur);
		f->cur = s;
		p = snap_find(s, kid);
		assert_non_null(p);
		assert_true(snap_is_zombie(p));
		assert_true(p->flags & SPF_WATCHED);
	}
	fulls = f->d.fulls;
	assert_int_equal(waitpid(kid, NULL, 0), kid);
	for (i = 0; i < 200 && snap_find(f->cur, kid); i++) {
		sleep_ms(10);
		assert_int_equal(snap_delta_take(&f->d, f->r, f->cur, &s), 0);
		snap_free(f->cur);
		f->cur = s;
	}
	assert_null(snap_find(f->cur, kid));
	assert_int_equal(f->d.fulls, fulls);
}

/* Refreshes until the planned sweep ran; fails past 2 * every. */
static void
until_sweep(struct fix *f)
{
	uint64_t sweeps = f->d.sweeps, fulls = f->d.fulls;

	for (unsigned i = 0; i < 2 * f->d.every && f->d.sweeps == sweeps; i++)
		refresh(f, false);
	assert_int_equal(f->d.sweeps, sweeps + 1);
	assert_int_equal(f->d.fulls, fulls);
	assert_false(f->cur->partial);
}

/* A child that takes uid 65534 (no exec, no event) when its pipe says. */
static pid_t
uid_dropper(int *go)
{
	int p[2];
	pid_t c;
	char k;

	assert_int_equal(pipe(p), 0);
	c = fork();
	assert_true(c >= 0);
	if (c == 0) {
		close(p[1]);
		if (read(p[0], &k, 1) == 1 && setresuid(65534, 65534, 65534))
			_exit(1);
		for (;;)
			pause();
	}
	close(p[0]);
	*go = p[1];
	return c;
}

/* The periodic reconciliation is a sweep, not libproc2's scan: what no
 * event tells, a stop and (as root) a change of owner, shows after it,
 * and it agrees with a full scan on states too. */
static void
test_sweep(void **state)
{
	struct fix *f = *state;
	char t = 'T';
	int go = -1;
	pid_t u = getuid() == 0 ? uid_dropper(&go) : 0;
	uid_t now = 0;
	struct snap *full = NULL;
	const struct snap_proc *p;

	if (!f->tl.src) {
		if (u > 0) {
			kill(u, SIGKILL);
			waitpid(u, NULL, 0);
		}
		skip();
	}
	f->d.every = 3;
	do_fork(f);
	refresh(f, true); /* the first is a full scan */
	until_sweep(f);
	kill(f->a[0].pid, SIGSTOP);
	f->a[0].stopped = true;
	assert_true(wait_until(has_state, f->a[0].pid, &t));
	if (u > 0) {
		assert_int_equal(write(go, "g", 1), 1);
		for (int i = 0; i < 500 && now != 65534; i++)
			if (procfs_uid(u, &now) < 0 || now != 65534)
				sleep_ms(2);
	}
	until_sweep(f);
	assert_int_equal(snap_find(f->cur, f->a[0].pid)->state, 'T');
	assert_int_equal(snap_reader_take(f->rfull, NULL, &full), 0);
	compare(f, f->cur, full, true);
	snap_free(full);
	if (u > 0) {
		p = snap_find(f->cur, u);
		kill(u, SIGKILL);
		waitpid(u, NULL, 0);
		close(go);
		assert_non_null(p);
		assert_int_equal(p->uid, 65534);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_random_sequence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reparent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lost_events, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_zombie_unnamed, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_zombie_watched, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
