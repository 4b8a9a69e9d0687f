/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the snapshot: hand-built snapshots (add, sort, find, counts,
 * zombie predicates), then live scans that must find this test process and
 * a zombie child it makes, and carry their strings over to the next scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "snap.h"
#include "snap_delta.h"
#include "snap_reader.h"
#include "testproc.h"

static void
add(struct snap *s, pid_t pid, char state, int threads)
{
	struct snap_proc p = {
	    .pid = pid, .ppid = 1, .state = state, .threads = threads};

	assert_int_equal(snap_add(s, &p), 0);
}

static void
test_add_copies_strings(void **state)
{
	char comm[] = "worker", cmdline[] = "worker --flag", user[] = "alice";
	struct snap_proc p = {.pid = 42,
	    .ppid = 1,
	    .state = 'S',
	    .threads = 1,
	    .uid = 1000,
	    .start_ticks = 500,
	    .exit_raw = 7,
	    .flags = SPF_NEW,
	    .comm = comm,
	    .cmdline = cmdline,
	    .user = user};
	struct snap *s = snap_new();
	const struct snap_proc *q;

	(void)state;
	assert_non_null(s);
	assert_int_equal(s->n, 0);
	assert_int_equal(s->hidepid, -1);
	assert_int_equal(snap_add(s, &p), 0);
	comm[0] = cmdline[0] = user[0] = 'X';
	q = snap_find(s, 42);
	assert_non_null(q);
	assert_ptr_not_equal(q->comm, comm);
	assert_string_equal(q->comm, "worker");
	assert_string_equal(q->cmdline, "worker --flag");
	assert_string_equal(q->user, "alice");
	assert_int_equal(q->uid, 1000);
	assert_int_equal(q->start_ticks, 500);
	assert_int_equal(q->flags, SPF_NEW);

	/* NULL strings become empty ones */
	p.pid = 43;
	p.comm = p.cmdline = p.user = NULL;
	assert_int_equal(snap_add(s, &p), 0);
	q = snap_find(s, 43);
	assert_non_null(q);
	assert_string_equal(q->comm, "");
	assert_string_equal(q->cmdline, "");
	assert_string_equal(q->user, "");
	snap_free(s);
	snap_free(NULL);
}

static void
test_sort_and_find(void **state)
{
	static const pid_t pids[] = {500, 3, 4194304, 1, 77, 2, 1000, 76};
	struct snap *s = snap_new();

	(void)state;
	assert_non_null(s);
	assert_null(snap_find(s, 1));
	/* more than the first allocation, to cross a realloc */
	for (pid_t pid = 5000; pid < 7000; pid += 2)
		add(s, pid, 'S', 1);
	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++)
		add(s, pids[i], 'S', 1);
	snap_sort(s);
	assert_int_equal(s->n, 1000 + sizeof(pids) / sizeof(pids[0]));
	for (size_t i = 1; i < s->n; i++)
		assert_true(s->procs[i - 1].pid < s->procs[i].pid);
	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++) {
		const struct snap_proc *p = snap_find(s, pids[i]);

		assert_non_null(p);
		assert_int_equal(p->pid, pids[i]);
	}
	for (pid_t pid = 5000; pid < 7000; pid++) {
		const struct snap_proc *p = snap_find(s, pid);

		if (pid % 2)
			assert_null(p);
		else
			assert_int_equal(p->pid, pid);
	}
	assert_null(snap_find(s, 0));
	assert_null(snap_find(s, -1));
	assert_null(snap_find(s, 4));
	assert_null(snap_find(s, 4194305));
	snap_free(s);
}

static void
test_zombie_predicates(void **state)
{
	static const struct {
		char state;
		int threads;
		bool zombie, leader_exited;
	} cases[] = {
	    {'Z', 1, true, false},
	    {'Z', 0, true, false},
	    {'Z', 2, false, true},
	    {'Z', 300, false, true},
	    {'S', 1, false, false},
	    {'S', 4, false, false},
	    {'X', 1, false, false},
	    {'R', 1, false, false},
	    {'z', 1, false, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct snap_proc p = {
		    .state = cases[i].state, .threads = cases[i].threads};

		assert_int_equal(snap_is_zombie(&p), cases[i].zombie);
		assert_int_equal(
		    snap_is_leader_exited(&p), cases[i].leader_exited);
	}
}

static void
test_count(void **state)
{
	static const struct {
		char state;
		int threads;
	} procs[] = {
	    {'R', 1},
	    {'R', 8},
	    {'S', 1},
	    {'S', 1},
	    {'S', 2},
	    {'D', 1},
	    {'T', 1},
	    {'t', 1},
	    {'I', 1},
	    {'Z', 1},
	    {'Z', 1},
	    {'Z', 3},
	    {'P', 1},
	    {'W', 1},
	};
	struct snap *s = snap_new();
	struct snap_counts c;

	(void)state;
	assert_non_null(s);
	snap_count(s, &c);
	assert_int_equal(c.processes, 0);
	assert_int_equal(c.zombies, 0);
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++)
		add(s, (pid_t)(100 + i), procs[i].state, procs[i].threads);
	snap_sort(s);
	memset(&c, 0xff, sizeof(c));
	snap_count(s, &c);
	assert_int_equal(c.processes, 14);
	assert_int_equal(c.running, 2);
	assert_int_equal(c.sleeping, 3);
	assert_int_equal(c.disk_sleep, 1);
	assert_int_equal(c.stopped, 2);
	assert_int_equal(c.idle, 1);
	assert_int_equal(c.zombies, 2);
	assert_int_equal(c.leader_exited, 1);
	assert_int_equal(c.other, 2);
	snap_free(s);
}

static void
test_start_epoch(void **state)
{
	struct snap *s = snap_new();
	struct snap_proc p = {.start_ticks = 12345};

	(void)state;
	assert_non_null(s);
	s->boot_time = 1700000000.0;
	s->hz = 100;
	assert_true(snap_start_epoch(s, &p) > 1700000123.449);
	assert_true(snap_start_epoch(s, &p) < 1700000123.451);
	snap_free(s);
}

/* The live scans: this process, and a zombie child with a comm built to
 * fool parsers (libproc2 masks it; the raw bytes must come through). */
static const char zcomm[] = "z) S 1 (\n\xc3\xa9";

static pid_t
make_zombie(void)
{
	return testproc_zombie(3, zcomm);
}

static void
reap(pid_t pid)
{
	assert_int_equal(waitpid(pid, NULL, 0), pid);
}

static void
check_self(const struct snap *s, const struct snap_proc *me)
{
	struct passwd *pw = getpwuid(getuid());

	assert_non_null(me);
	assert_int_equal(me->ppid, getppid());
	assert_int_equal(me->uid, getuid());
	assert_string_equal(me->comm, "test_snap");
	assert_non_null(strstr(me->cmdline, "test_snap"));
	assert_int_equal(me->flags & SPF_NO_CMDLINE, 0);
	if (pw)
		assert_string_equal(me->user, pw->pw_name);
	assert_true(me->threads >= 1);
	assert_true(me->start_ticks > 0);
	assert_true(snap_start_epoch(s, me) <= (double)s->taken.tv_sec + 1);
	assert_false(snap_is_zombie(me));
}

static void
check_zombie(const struct snap_proc *z)
{
	assert_non_null(z);
	assert_int_equal(z->state, 'Z');
	assert_int_equal(z->ppid, getpid());
	assert_true(snap_is_zombie(z));
	assert_string_equal(z->comm, zcomm);
	assert_string_equal(z->cmdline, "");
	assert_true(z->flags & SPF_EXIT_KNOWN);
	assert_false(z->flags & SPF_EXIT_DENIED);
	assert_int_equal(z->exit_raw, 3 << 8);
}

static void
test_live_take(void **state)
{
	struct snap_reader *r = NULL;
	struct snap *s1 = NULL, *s2 = NULL;
	struct snap_proc *me1;
	const struct snap_proc *me2;
	char *comm1, *cmdline1, *user1, *comm_copy, *cmdline_copy;
	pid_t zpid = make_zombie();

	(void)state;
	/* Our own name, also under valgrind (whose comm is memcheck-*). */
	prctl(PR_SET_NAME, "test_snap");
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(snap_reader_take(r, NULL, &s1), 0);
	assert_true(s1->n > 1);
	assert_true(s1->hz > 0);
	for (size_t i = 1; i < s1->n; i++)
		assert_true(s1->procs[i - 1].pid < s1->procs[i].pid);
	me1 = (struct snap_proc *)snap_find(s1, getpid());
	check_self(s1, me1);
	assert_true(me1->flags & SPF_NEW);
	check_zombie(snap_find(s1, zpid));
	assert_true(snap_find(s1, zpid)->flags & SPF_NEW);

	comm1 = me1->comm;
	cmdline1 = me1->cmdline;
	user1 = me1->user;
	comm_copy = strdup(me1->comm);
	cmdline_copy = strdup(me1->cmdline);
	assert_non_null(comm_copy);
	assert_non_null(cmdline_copy);

	assert_int_equal(snap_reader_take(r, s1, &s2), 0);
	me2 = snap_find(s2, getpid());
	check_self(s2, me2);
	assert_false(me2->flags & SPF_NEW);
	assert_string_equal(me2->comm, comm_copy);
	assert_string_equal(me2->cmdline, cmdline_copy);
	/* moved from the previous snapshot, not read again (the command
	 * line too, unless this process ran a clock tick in between) */
	assert_ptr_equal(me2->comm, comm1);
	if (me2->cpu_ticks == me1->cpu_ticks)
		assert_ptr_equal(me2->cmdline, cmdline1);
	assert_ptr_equal(me2->user, user1);
	check_zombie(snap_find(s2, zpid));
	assert_false(snap_find(s2, zpid)->flags & SPF_NEW);

	snap_free(s1);
	reap(zpid);
	free(comm_copy);
	free(cmdline_copy);
	snap_free(s2);
	snap_reader_free(r);
}

/* A reaped zombie is gone from the next scan; a new process is new. */
static void
test_live_gone_and_new(void **state)
{
	struct snap_reader *r = NULL;
	struct snap *s1 = NULL, *s2 = NULL;
	pid_t z1 = make_zombie(), z2;

	(void)state;
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(snap_reader_take(r, NULL, &s1), 0);
	check_zombie(snap_find(s1, z1));
	reap(z1);
	z2 = make_zombie();
	assert_int_equal(snap_reader_take(r, s1, &s2), 0);
	snap_free(s1);
	if (z2 != z1)
		assert_null(snap_find(s2, z1));
	check_zombie(snap_find(s2, z2));
	assert_true(snap_find(s2, z2)->flags & SPF_NEW);
	reap(z2);
	snap_free(s2);
	snap_reader_free(r);
}

static char *arg0; /* main's argv[0]: its bytes are /proc/self/cmdline */

/* A child that, told to, writes a new title over its argv and runs a few
 * clock ticks; its comm stays. Returns its pid; *ctl tells it to go,
 * *done says it has. */
static pid_t
retitler(int *ctl, int *done)
{
	int go[2], rep[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(rep), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct timespec t = {0, 0};
		size_t len = strlen(arg0);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		memset(arg0, 0, len);
		memcpy(arg0, "retitled", len < 8 ? len : 8);
		while (t.tv_sec == 0 && t.tv_nsec < 60000000L)
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
		if (write(rep[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(go[0]);
	close(rep[1]);
	*ctl = go[1];
	*done = rep[0];
	return pid;
}

/* A retitler, a reader and a first full scan that shows its old title;
 * retitle_go has it rewrite the title and run, retitle_end ends it. */
struct retitle {
	struct snap_reader *r;
	struct snap *s1;
	pid_t pid;
	int ctl, done;
};

/* Skips the test where the title cannot be rewritten: valgrind's guest
 * argv is not what the kernel shows. Before any child is made. */
static void
retitle_or_skip(void)
{
	if (getenv("ZT_VALGRIND_RUN") || strlen(arg0) < 8)
		skip();
}

static void
retitle_start(struct retitle *t)
{
	prctl(PR_SET_NAME, "test_snap");
	t->pid = retitler(&t->ctl, &t->done);
	assert_int_equal(snap_reader_new(&t->r), 0);
	assert_int_equal(snap_reader_take(t->r, NULL, &t->s1), 0);
	assert_non_null(snap_find(t->s1, t->pid));
	assert_non_null(strstr(snap_find(t->s1, t->pid)->cmdline, "test_snap"));
}

static void
retitle_go(struct retitle *t)
{
	char c;

	assert_int_equal(write(t->ctl, "x", 1), 1);
	assert_int_equal(read(t->done, &c, 1), 1);
}

/* Frees s1 (whose shared strings s2 owns now) and s2. */
static void
retitle_end(struct retitle *t, struct snap *s2)
{
	snap_free(t->s1);
	snap_free(s2);
	snap_reader_free(t->r);
	kill(t->pid, SIGKILL);
	assert_int_equal(waitpid(t->pid, NULL, 0), t->pid);
	close(t->ctl);
	close(t->done);
}

/* The title rewritten by a process that ran is read again, though its comm
 * is the same; one that slept keeps the command line read before. */
static void
test_retitle_read_again(void **state)
{
	struct retitle t = {0};
	struct snap *s2 = NULL;
	pid_t sleeper;
	const struct snap_proc *p2, *q1, *q2;
	unsigned long long ticks1;
	const char *q1_cmdline;

	(void)state;
	retitle_or_skip();
	sleeper = fork();
	if (sleeper == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pause();
		_exit(0);
	}
	retitle_start(&t);
	q1 = snap_find(t.s1, sleeper);
	assert_non_null(q1);
	q1_cmdline = q1->cmdline; /* s1 gives its shared strings up */
	ticks1 = snap_find(t.s1, t.pid)->cpu_ticks;
	retitle_go(&t);
	assert_int_equal(snap_reader_take(t.r, t.s1, &s2), 0);
	p2 = snap_find(s2, t.pid);
	q2 = snap_find(s2, sleeper);
	assert_non_null(p2);
	assert_string_equal(p2->comm, "test_snap");
	assert_true(p2->cpu_ticks > ticks1);
	assert_memory_equal(p2->cmdline, "retitled", 8);
	assert_ptr_equal(q2->cmdline, q1_cmdline);
	kill(sleeper, SIGKILL);
	assert_int_equal(waitpid(sleeper, NULL, 0), sleeper);
	retitle_end(&t, s2);
}

/* The periodic sweep reads a rewritten title again as a full scan does
 * (the process ran, its comm unchanged); it was kept for good before. */
static void
test_sweep_retitle(void **state)
{
	struct retitle t = {0};
	struct snap *s2 = NULL;
	const struct snap_proc *p2;

	(void)state;
	retitle_or_skip();
	retitle_start(&t);
	retitle_go(&t);
	assert_int_equal(snap_delta_sweep(t.r, t.s1, &s2), 0);
	snap_disown_shared(t.s1, s2);
	p2 = snap_find(s2, t.pid);
	assert_non_null(p2);
	assert_string_equal(p2->comm, "test_snap");
	assert_memory_equal(p2->cmdline, "retitled", 8);
	retitle_end(&t, s2);
}

/* Our own read of a zombie's stat gives its status and raw name, but
 * only to the process it was read for: the same PID with another start
 * time (a reused PID) is refused and p is left as it was. */
static void
test_raw_stat_identity(void **state)
{
	pid_t z = testproc_zombie(7, "raw\x01name");
	struct snap_proc p = {.pid = z, .start_ticks = testproc_start(z)};
	struct snap_proc other = p;

	(void)state;
	other.start_ticks++;
	assert_int_equal(snap_reader_raw_stat(&other, true), -ESRCH);
	assert_null(other.comm);
	assert_false(other.flags & SPF_EXIT_KNOWN);
	assert_int_equal(snap_reader_raw_stat(&p, true), 0);
	assert_non_null(p.comm);
	assert_string_equal(p.comm, "raw\x01name");
	assert_true(p.flags & SPF_EXIT_KNOWN);
	assert_int_equal(p.exit_raw, 7 << 8);
	free(p.comm);
	assert_int_equal(waitpid(z, NULL, 0), z);
	assert_int_equal(snap_reader_raw_stat(&p, false), -ESRCH);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_copies_strings),
	    cmocka_unit_test(test_sort_and_find),
	    cmocka_unit_test(test_zombie_predicates),
	    cmocka_unit_test(test_count),
	    cmocka_unit_test(test_start_epoch),
	    cmocka_unit_test(test_live_take),
	    cmocka_unit_test(test_live_gone_and_new),
	    cmocka_unit_test(test_retitle_read_again),
	    cmocka_unit_test(test_sweep_retitle),
	    cmocka_unit_test(test_raw_stat_identity),
	};

	(void)argc;
	arg0 = argv[0];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
