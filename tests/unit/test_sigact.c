/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sigact and outcome against real processes forked by the test: the safety
 * rules, the identity check (a faked start time must deliver nothing), the
 * kill() fallback, planning by parent, and reap detection. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "kparse.h"
#include "outcome.h"
#include "procfs.h"
#include "sigact.h"
#include "testproc.h"

/* A child counting SIGUSR1; on SIGUSR2 it writes the count to the pipe.
 * USR1 (10) is dequeued before USR2 (12) when both are pending, and its
 * handler blocks USR2, so a count read after USR2 includes every USR1 sent
 * before it. */
static volatile sig_atomic_t usr1_count;
static int report_fd = -1;

static void
on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

static void
on_usr2(int sig)
{
	char c = (char)usr1_count;

	(void)sig;
	if (write(report_fd, &c, 1) < 0)
		_exit(3);
}

static void
install(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigfillset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

struct recorder {
	pid_t pid;
	int rd;
	struct sigact_target id;
};

static void
recorder_start(struct recorder *r)
{
	int p[2];
	char c;

	assert_int_equal(pipe(p), 0);
	r->pid = fork();
	assert_true(r->pid >= 0);
	if (r->pid == 0) {
		close(p[0]);
		/* A failed assertion must not leave it behind. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		report_fd = p[1];
		install(SIGUSR1, on_usr1);
		install(SIGUSR2, on_usr2);
		c = 'R';
		if (write(report_fd, &c, 1) < 0)
			_exit(3);
		for (;;)
			pause();
	}
	close(p[1]);
	r->rd = p[0];
	assert_int_equal(read(r->rd, &c, 1), 1);
	assert_int_equal(c, 'R');
	r->id.pid = r->pid;
	r->id.start_ticks = testproc_start(r->pid);
}

/* Asks the recorder how many SIGUSR1 it got, through the real identity. */
static int
recorder_count(struct recorder *r, unsigned flags)
{
	struct sigact_result res;
	char c;

	assert_int_equal(sigact_signal(&r->id, SIGUSR2, flags, &res), 0);
	assert_int_equal(read(r->rd, &c, 1), 1);
	return c;
}

static void
recorder_stop(struct recorder *r)
{
	kill(r->pid, SIGKILL);
	waitpid(r->pid, NULL, 0);
	close(r->rd);
}

static void
test_reused_pid_gets_nothing(void **state)
{
	struct recorder r;
	struct sigact_result res;
	struct sigact_target fake;
	unsigned flags[] = {0, SIGACT_NO_PIDFD};

	(void)state;
	recorder_start(&r);
	fake = r.id;
	fake.start_ticks++; /* the PID now belongs to "another" process */
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(
		    sigact_signal(&fake, SIGUSR1, flags[i], &res), -ESRCH);
		assert_int_equal(res.err, 0);
		assert_int_equal(res.status, SIGACT_GONE);
		assert_non_null(strstr(res.msg, "process is gone"));
		assert_int_equal(recorder_count(&r, flags[i]), 0);
	}
	assert_int_equal(sigact_open(&fake), -ESRCH);
	recorder_stop(&r);
}

static void
test_right_identity_delivers(void **state)
{
	struct recorder r;
	struct sigact_result res;
	struct evlog *log;
	const struct evlog_event *e;
	int fd;

	(void)state;
	recorder_start(&r);
	assert_int_equal(sigact_signal(&r.id, SIGUSR1, 0, &res), 0);
	assert_int_equal(res.status, SIGACT_SENT);
	assert_int_equal(evlog_new(4, &log), 0);
	sigact_log(log, &r.id, SIGUSR1, &res, 2);
	e = evlog_at(log, 0);
	assert_int_equal(e->kind, EVLOG_ACTION);
	assert_int_equal(e->pid, r.pid);
	assert_int_equal(e->result, 0);
	assert_int_equal(e->count, 2);
	assert_string_equal(e->comm, "test_sigact");
	assert_string_equal(e->text, res.msg);
	evlog_free(log);
	assert_false(res.via_kill);
	assert_non_null(strstr(res.msg, "sent SIGUSR1"));
	assert_int_equal(recorder_count(&r, 0), 1);
	/* The fallback says it used kill(). */
	assert_int_equal(
	    sigact_signal(&r.id, SIGUSR1, SIGACT_NO_PIDFD, &res), 0);
	assert_true(res.via_kill);
	assert_non_null(strstr(res.warning, "kill()"));
	assert_int_equal(recorder_count(&r, 0), 2);
	fd = sigact_open(&r.id);
	assert_true(fd >= 0);
	close(fd);
	recorder_stop(&r);
}

static void
test_exited_process_is_gone(void **state)
{
	struct sigact_target t;
	struct sigact_result res;
	pid_t pid = fork();

	(void)state;
	if (pid == 0)
		pause();
	t.pid = pid;
	t.start_ticks = testproc_start(pid);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(sigact_signal(&t, SIGTERM, 0, &res), -ESRCH);
	assert_int_equal(res.status, SIGACT_GONE);
}

static void
test_safety_rules(void **state)
{
	struct sigact_result res;
	pid_t child;

	(void)state;
	assert_int_equal(sigact_vet(1, 0, &res), -ECANCELED);
	assert_int_equal(res.rule, SIGACT_RULE_INIT);
	assert_int_equal(res.status, SIGACT_REFUSED);
	assert_non_null(strstr(res.msg, "PID 1"));
	assert_int_equal(sigact_vet(getpid(), 0, &res), -ECANCELED);
	assert_int_equal(res.rule, SIGACT_RULE_SELF);
	assert_int_equal(
	    sigact_vet(getpid(), SIGACT_OVERRIDE, &res), -ECANCELED);
	assert_int_equal(sigact_vet(getppid(), 0, &res), -ECANCELED);
	assert_int_equal(res.rule, SIGACT_RULE_ANCESTOR);
	assert_non_null(strstr(res.msg, "ancestor"));
	/* Checks only: nothing is sent to PID 1 or our parent here. */
	assert_int_equal(sigact_vet(getppid(), SIGACT_OVERRIDE, &res), 0);
	assert_int_equal(sigact_vet(1, SIGACT_OVERRIDE, &res), 0);
	child = fork();
	if (child == 0)
		pause();
	assert_int_equal(sigact_vet(child, 0, &res), 0);
	assert_int_equal(res.rule, SIGACT_RULE_NONE);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

static void
test_actions(void **state)
{
	(void)state;
	assert_int_equal(sigact_action_parse("sigchld"), SIGACT_SIGCHLD);
	assert_int_equal(sigact_action_parse("CHLD"), SIGACT_SIGCHLD);
	assert_int_equal(sigact_action_parse("term"), SIGACT_TERM);
	assert_int_equal(sigact_action_parse("SIGKILL"), SIGACT_KILL);
	assert_int_equal(sigact_action_parse("cont"), SIGACT_CONT);
	assert_int_equal(sigact_action_parse("usr1"), -1);
	assert_int_equal(sigact_action_parse("bogus"), -1);
	assert_int_equal(sigact_action_signal(SIGACT_TERM), SIGTERM);
	assert_string_equal(sigact_action_next(SIGACT_SIGCHLD), "term");
	assert_string_equal(sigact_action_next(SIGACT_TERM), "kill");
	assert_null(sigact_action_next(SIGACT_KILL));
}

static void
add(struct snap *s, pid_t pid, pid_t ppid, char state, unsigned long long st)
{
	char comm[] = "x";
	struct snap_proc p = {.pid = pid,
	    .ppid = ppid,
	    .state = state,
	    .threads = 1,
	    .start_ticks = st,
	    .comm = comm};

	assert_int_equal(snap_add(s, &p), 0);
}

static void
test_plan_one_signal_per_parent(void **state)
{
	struct snap *s = snap_new();
	struct sigact_plan p;
	pid_t sel[] = {101, 102, 100, 201};
	pid_t none[] = {300}, missing[] = {999};

	(void)state;
	add(s, 100, 1, 'S', 50);
	add(s, 101, 100, 'Z', 51);
	add(s, 102, 100, 'Z', 52);
	add(s, 103, 100, 'S', 53);
	add(s, 104, 100, 'Z', 54);
	add(s, 200, 1, 'S', 60);
	add(s, 201, 200, 'Z', 61);
	add(s, 300, 1, 'S', 70);
	snap_sort(s);
	assert_int_equal(sigact_plan_build(s, sel, 4, &p), 0);
	assert_int_equal(p.ngroups, 2);
	assert_int_equal(p.groups[0].parent.pid, 100);
	assert_int_equal(p.groups[0].parent.start_ticks, 50);
	/* 101 and 102 chosen, then 100 itself adds its other zombie 104. */
	assert_int_equal(p.groups[0].nzombies, 3);
	assert_int_equal(p.groups[0].zombies[2].pid, 104);
	assert_int_equal(p.groups[0].zombies[2].start_ticks, 54);
	assert_int_equal(p.groups[1].parent.pid, 200);
	assert_int_equal(p.groups[1].nzombies, 1);
	sigact_plan_done(&p);
	assert_int_equal(sigact_plan_build(s, none, 1, &p), 0);
	assert_int_equal(p.ngroups, 1);
	assert_int_equal(p.groups[0].nzombies, 0);
	sigact_plan_done(&p);
	assert_int_equal(sigact_plan_build(s, missing, 1, &p), -ESRCH);
	snap_free(s);
}

/* A real zombie child of the test; returns its identity. */
static struct sigact_target
make_zombie(int code)
{
	struct sigact_target t;

	t.pid = testproc_zombie(code, NULL);
	t.start_ticks = testproc_start(t.pid);
	return t;
}

static void
test_outcome_reaped_by_parent(void **state)
{
	struct sigact_target z = make_zombie(7);
	struct sigact_group g = {{getpid(), testproc_start(getpid())}, &z, 1};
	struct outcome o;
	struct evlog *log;
	char line[512];

	(void)state;
	assert_int_equal(outcome_begin(&o, &g), 0);
	outcome_start(&o);
	assert_int_equal(outcome_poll(&o, 0), 1);
	assert_int_equal(waitpid(z.pid, NULL, 0), z.pid);
	assert_int_equal(outcome_wait(&o, 10), 0);
	assert_int_equal(outcome_reaped(&o), 1);
	assert_int_equal(o.z[0].by, OUTCOME_BY_PARENT);
	assert_int_equal(o.z[0].reaper, getpid());
	if (o.z[0].exit_known) /* PIDFD_GET_INFO with exit info */
		assert_int_equal(o.z[0].exit_raw, 7 << 8);
	outcome_describe(&o, 0, "x", line, sizeof(line));
	assert_non_null(strstr(line, "reaped by its parent"));
	outcome_summary(&o, line, sizeof(line));
	assert_non_null(strstr(line, "1 of 1 zombie reaped in"));
	assert_int_equal(evlog_new(8, &log), 0);
	assert_int_equal(outcome_log(&o, log), 1);
	assert_int_equal(evlog_at(log, 0)->kind, EVLOG_REAPED);
	assert_int_equal(evlog_at(log, 0)->pid, z.pid);
	assert_int_equal(evlog_at(log, 0)->ppid, getpid());
	assert_false(evlog_at(log, 0)->by_new_parent);
	evlog_free(log);
	outcome_done(&o);
}

static void
test_outcome_not_reaped(void **state)
{
	struct sigact_target z[2] = {make_zombie(1), make_zombie(2)};
	struct sigact_group g = {{getpid(), testproc_start(getpid())}, z, 2};
	struct outcome o;
	char line[512];

	(void)state;
	assert_int_equal(outcome_begin(&o, &g), 0);
	outcome_start(&o);
	assert_int_equal(waitpid(z[1].pid, NULL, 0), z[1].pid);
	assert_int_equal(outcome_wait(&o, 0.3), 1);
	assert_false(o.z[0].reaped);
	assert_true(o.z[1].reaped);
	outcome_describe(&o, 0, "--via term", line, sizeof(line));
	assert_non_null(strstr(line, "still a zombie; the parent did not reap "
	                             "it: try --via term"));
	outcome_summary(&o, line, sizeof(line));
	assert_non_null(strstr(line, "1 of 2 zombies reaped"));
	outcome_done(&o);
	waitpid(z[0].pid, NULL, 0);
}

/* The one status reader has no size limit: a child with 3,000
 * supplementary groups (a status near 20 KB, as root) still shows its
 * Seccomp:, NSpid: and Tgid: lines, which come after Groups:. */
static void
test_status_of_any_size(void **state)
{
	pid_t kid;
	int st;

	(void)state;
	if (geteuid() != 0)
		skip();
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		static gid_t g[3000];
		struct kstatus ks;
		char *raw = NULL;
		ssize_t n;

		for (int i = 0; i < 3000; i++)
			g[i] = (gid_t)(100000 + i);
		if (setgroups(3000, g) < 0)
			_exit(77);
		n = procfs_read_all(0, "self/status", &raw);
		if (n < 16384 || !strstr(raw, "\nSeccomp:"))
			_exit(2);
		free(raw);
		if (procfs_status(0, "self/status", &ks) < 0)
			_exit(3);
		_exit((ks.have & (KST_SECCOMP | KST_NSPID | KST_TGID)) ==
		                  (KST_SECCOMP | KST_NSPID | KST_TGID) &&
		              ks.tgid == getpid()
		          ? 0
		          : 4);
	}
	assert_int_equal(waitpid(kid, &st, 0), kid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
		skip();
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(
	    procfs_status(kid, "status", &(struct kstatus){0}), -ESRCH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reused_pid_gets_nothing),
	    cmocka_unit_test(test_right_identity_delivers),
	    cmocka_unit_test(test_exited_process_is_gone),
	    cmocka_unit_test(test_safety_rules),
	    cmocka_unit_test(test_status_of_any_size),
	    cmocka_unit_test(test_actions),
	    cmocka_unit_test(test_plan_one_signal_per_parent),
	    cmocka_unit_test(test_outcome_reaped_by_parent),
	    cmocka_unit_test(test_outcome_not_reaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
