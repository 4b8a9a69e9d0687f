/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the proc connector: the parser on crafted datagrams (each
 * kind, truncated, another connector, several in one), then the live
 * socket on our own children: an exit's wait status, parent and kernel
 * time, drops counted under a burst, and the refusal in a new network
 * namespace. The live cases skip when the connector is unavailable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pevents.h"

#define TS 123456789012345ull

/* Appends one netlink message carrying a cn_msg of connector (idx, val)
 * whose payload is the first plen bytes of pe; returns the new length. */
static size_t
put_msg(unsigned char *b, size_t off, uint32_t idx, uint32_t val,
    const struct proc_event *pe, size_t plen)
{
	struct nlmsghdr h = {0};
	struct cn_msg cn = {.id = {idx, val}};

	cn.len = (uint16_t)plen;
	h.nlmsg_len = NLMSG_LENGTH(sizeof(cn) + plen);
	h.nlmsg_type = NLMSG_DONE;
	memcpy(b + off, &h, sizeof(h));
	memcpy(b + off + NLMSG_HDRLEN, &cn, sizeof(cn));
	memcpy(b + off + NLMSG_HDRLEN + sizeof(cn), pe, plen);
	return off + NLMSG_ALIGN(h.nlmsg_len);
}

static size_t
put_proc(unsigned char *b, size_t off, const struct proc_event *pe)
{
	return put_msg(b, off, CN_IDX_PROC, CN_VAL_PROC, pe, sizeof(*pe));
}

static struct proc_event
mk(uint32_t what)
{
	struct proc_event pe;

	memset(&pe, 0, sizeof(pe));
	pe.what = what;
	pe.timestamp_ns = TS;
	return pe;
}

static struct proc_event
mk_exit(pid_t pid, pid_t tgid, uint32_t code, uint32_t sig)
{
	struct proc_event pe = mk(PROC_EVENT_EXIT);

	pe.event_data.exit.process_pid = pid;
	pe.event_data.exit.process_tgid = tgid;
	pe.event_data.exit.exit_code = code;
	pe.event_data.exit.exit_signal = sig;
	pe.event_data.exit.parent_pid = 40;
	pe.event_data.exit.parent_tgid = 41;
	return pe;
}

static ssize_t
parse1(const struct proc_event *pe, struct pev *ev)
{
	_Alignas(8) unsigned char b[256];
	size_t len = put_proc(b, 0, pe);

	return pevents_parse(b, len, ev, 1);
}

static void
test_parse_fork_exec(void **state)
{
	struct proc_event pe = mk(PROC_EVENT_FORK);
	struct pev ev;

	(void)state;
	pe.event_data.fork.parent_pid = 10;
	pe.event_data.fork.parent_tgid = 9;
	pe.event_data.fork.child_pid = 12;
	pe.event_data.fork.child_tgid = 11;
	assert_int_equal(parse1(&pe, &ev), 1);
	assert_int_equal(ev.kind, PEV_FORK);
	assert_true(ev.ts_ns == TS);
	assert_int_equal(ev.pid, 12);
	assert_int_equal(ev.tgid, 11);
	assert_int_equal(ev.ppid, 10);
	assert_int_equal(ev.ptgid, 9);

	pe = mk(PROC_EVENT_EXEC);
	pe.event_data.exec.process_pid = 77;
	pe.event_data.exec.process_tgid = 76;
	assert_int_equal(parse1(&pe, &ev), 1);
	assert_int_equal(ev.kind, PEV_EXEC);
	assert_int_equal(ev.pid, 77);
	assert_int_equal(ev.tgid, 76);
	assert_int_equal(ev.ppid, 0);
}

static void
test_parse_comm_ptrace(void **state)
{
	struct proc_event pe = mk(PROC_EVENT_COMM);
	struct pev ev;

	(void)state;
	pe.event_data.comm.process_pid = 5;
	pe.event_data.comm.process_tgid = 5;
	strcpy(pe.event_data.comm.comm, "new name");
	assert_int_equal(parse1(&pe, &ev), 1);
	assert_int_equal(ev.kind, PEV_COMM);
	assert_string_equal(ev.comm, "new name");
	/* 16 bytes without a NUL: cut to 15, terminated. */
	memset(pe.event_data.comm.comm, 'x', 16);
	assert_int_equal(parse1(&pe, &ev), 1);
	assert_string_equal(ev.comm, "xxxxxxxxxxxxxxx");

	pe = mk(PROC_EVENT_PTRACE);
	pe.event_data.ptrace.process_pid = 8;
	pe.event_data.ptrace.process_tgid = 8;
	pe.event_data.ptrace.tracer_pid = 3;
	pe.event_data.ptrace.tracer_tgid = 2;
	assert_int_equal(parse1(&pe, &ev), 1);
	assert_int_equal(ev.kind, PEV_PTRACE);
	assert_int_equal(ev.ppid, 3);
	assert_int_equal(ev.ptgid, 2);
}

static void
test_parse_exit(void **state)
{
	struct proc_event pe = mk_exit(300, 300, 1280, 17);
	struct pev ev;

	(void)state;
	assert_int_equal(parse1(&pe, &ev), 1);
	assert_int_equal(ev.kind, PEV_EXIT);
	assert_int_equal(ev.pid, 300);
	assert_int_equal(ev.tgid, 300);
	assert_int_equal(ev.exit_code, 1280);
	assert_true(WIFEXITED(ev.exit_code) && WEXITSTATUS(ev.exit_code) == 5);
	assert_int_equal(ev.exit_signal, 17);
	assert_int_equal(ev.ppid, 40);
	assert_int_equal(ev.ptgid, 41);
	/* A thread's exit: no signal to the parent (-1 in the kernel). */
	pe = mk_exit(301, 300, 9, (uint32_t)-1);
	assert_int_equal(parse1(&pe, &ev), 1);
	assert_int_equal(ev.pid, 301);
	assert_int_equal(ev.exit_code, 9);
	assert_int_equal(ev.exit_signal, -1);
}

/* A change of uid names the task; too short for its kind, none. */
static void
test_parse_uid(void **state)
{
	struct proc_event pe = mk(PROC_EVENT_UID);
	_Alignas(8) unsigned char b[256];
	struct pev ev;

	(void)state;
	pe.event_data.id.process_pid = 71;
	pe.event_data.id.process_tgid = 70;
	pe.event_data.id.r.ruid = 0;
	pe.event_data.id.e.euid = 65534;
	assert_int_equal(parse1(&pe, &ev), 1);
	assert_int_equal(ev.kind, PEV_UID);
	assert_int_equal(ev.pid, 71);
	assert_int_equal(ev.tgid, 70);
	assert_true(ev.ts_ns == TS);
	assert_int_equal(pevents_parse(b,
	                     put_msg(b, 0, CN_IDX_PROC, CN_VAL_PROC, &pe,
	                         offsetof(struct proc_event, event_data) +
	                             sizeof(struct id_proc_event) - 1),
	                     &ev, 1),
	    0);
}

static void
test_parse_truncated(void **state)
{
	_Alignas(8) unsigned char b[256];
	struct proc_event pe = mk_exit(300, 300, 1280, 17);
	struct pev ev;
	size_t len = put_proc(b, 0, &pe);

	(void)state;
	assert_int_equal(pevents_parse(b, 0, &ev, 1), -EINVAL);
	assert_int_equal(pevents_parse(NULL, 64, &ev, 1), -EINVAL);
	assert_int_equal(pevents_parse(b, NLMSG_HDRLEN - 1, &ev, 1), -EINVAL);
	/* The datagram cut short of what its header announces. */
	assert_int_equal(pevents_parse(b, len - 1, &ev, 1), -EINVAL);
	assert_int_equal(pevents_parse(b, NLMSG_HDRLEN + 4, &ev, 1), -EINVAL);
	/* A well-formed message whose event is cut inside its data. */
	len = put_msg(b, 0, CN_IDX_PROC, CN_VAL_PROC, &pe,
	    offsetof(struct proc_event, event_data) + 8);
	assert_int_equal(pevents_parse(b, len, &ev, 1), 0);
	/* Only the header of an event. */
	len = put_msg(b, 0, CN_IDX_PROC, CN_VAL_PROC, &pe, 4);
	assert_int_equal(pevents_parse(b, len, &ev, 1), 0);
	/* cn_msg.len larger than the message. */
	len = put_proc(b, 0, &pe);
	b[NLMSG_HDRLEN + offsetof(struct cn_msg, len)] = 0xff;
	assert_int_equal(pevents_parse(b, len, &ev, 1), 0);
	/* nlmsg_len below the header size. */
	len = put_proc(b, 0, &pe);
	((struct nlmsghdr *)b)->nlmsg_len = 4;
	assert_int_equal(pevents_parse(b, len, &ev, 1), -EINVAL);
}

static void
test_parse_other_connector(void **state)
{
	_Alignas(8) unsigned char b[256];
	struct proc_event pe = mk_exit(300, 300, 1280, 17);
	struct pev ev;
	size_t len;

	(void)state;
	len = put_msg(b, 0, CN_IDX_PROC + 1, CN_VAL_PROC, &pe, sizeof(pe));
	assert_int_equal(pevents_parse(b, len, &ev, 1), 0);
	len = put_msg(b, 0, CN_IDX_PROC, CN_VAL_PROC + 1, &pe, sizeof(pe));
	assert_int_equal(pevents_parse(b, len, &ev, 1), 0);
	/* Kinds we do not report: an acknowledgement, a gid change. */
	pe = mk(PROC_EVENT_NONE);
	assert_int_equal(parse1(&pe, &ev), 0);
	pe = mk(PROC_EVENT_GID);
	assert_int_equal(parse1(&pe, &ev), 0);
	pe = mk(0x12345);
	assert_int_equal(parse1(&pe, &ev), 0);
}

static void
test_parse_multiple(void **state)
{
	_Alignas(8) unsigned char b[1024];
	struct proc_event pe[4] = {mk_exit(1, 1, 0, 17), mk(PROC_EVENT_GID),
	    mk_exit(2, 2, 256, 17), mk_exit(3, 3, 9, 17)};
	struct pev ev[4];
	size_t len = 0;

	(void)state;
	for (int i = 0; i < 4; i++)
		len = put_proc(b, len, &pe[i]);
	assert_int_equal(pevents_parse(b, len, ev, 4), 3);
	assert_int_equal(ev[0].pid, 1);
	assert_int_equal(ev[1].pid, 2);
	assert_int_equal(ev[1].exit_code, 256);
	assert_int_equal(ev[2].pid, 3);
	/* Room for two: the first two. */
	assert_int_equal(pevents_parse(b, len, ev, 2), 2);
	assert_int_equal(ev[1].pid, 2);
	/* A bad last message: the good ones before it count. */
	assert_int_equal(pevents_parse(b, len - 1, ev, 4), 2);
	assert_int_equal(pevents_parse(b, len, ev, 0), 0);
}

static void
test_why(void **state)
{
	(void)state;
	assert_non_null(
	    strstr(pevents_why(-ECONNREFUSED), "network namespace"));
	assert_non_null(strstr(pevents_why(-EPROTONOSUPPORT), "no proc conn"));
	assert_non_null(strstr(pevents_why(-EPERM), "not permitted"));
	assert_non_null(pevents_why(-EIO));
	assert_non_null(pevents_why(0));
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Opens the connector, or skips the test saying why. */
static struct pevents *
open_or_skip(void)
{
	struct pevents *p = NULL;
	int err = pevents_open(&p);

	if (err) {
		fprintf(stderr, "skip - proc connector unavailable: %s\n",
		    pevents_why(err));
		skip();
	}
	return p;
}

/* Reads events for up to 5 s until the fork (if fork), the change of
 * uid (if uid) and the exit of process c came; false when one did not. */
static bool
read_child(struct pevents *p, pid_t c, struct pev *fork, struct pev *uid,
    struct pev *exit)
{
	uint64_t end = now_ns() + 5000000000ull;
	bool got_fork = !fork, got_uid = !uid, got_exit = false;
	struct pev ev[32];

	while ((!got_fork || !got_uid || !got_exit) && now_ns() < end) {
		struct pollfd pf = {.fd = pevents_fd(p), .events = POLLIN};
		ssize_t n;

		poll(&pf, 1, 100);
		n = pevents_read(p, ev, 32);
		for (ssize_t i = 0; i < n; i++) {
			if (ev[i].tgid != c || ev[i].pid != c)
				continue;
			if (ev[i].kind == PEV_FORK && fork) {
				*fork = ev[i];
				got_fork = true;
			} else if (ev[i].kind == PEV_UID && uid) {
				*uid = ev[i];
				got_uid = true;
			} else if (ev[i].kind == PEV_EXIT) {
				*exit = ev[i];
				got_exit = true;
			}
		}
	}
	return got_fork && got_uid && got_exit;
}

/* A child that reads CLOCK_MONOTONIC, sends it to us and exits 5: its
 * exit event has status 1280, us as parent, and the kernel's time within
 * 50 ms after the child's. */
static void
test_live_exit(void **state)
{
	struct pevents *p = open_or_skip();
	struct pev fk, ex;
	uint64_t child_ts = 0;
	int fds[2], st;
	pid_t c;
	bool got;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	c = fork();
	assert_true(c >= 0);
	if (c == 0) {
		uint64_t t = now_ns();

		_exit(write(fds[1], &t, sizeof(t)) == sizeof(t) ? 5 : 6);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &child_ts, sizeof(child_ts)), 8);
	close(fds[0]);
	got = read_child(p, c, &fk, NULL, &ex);
	assert_int_equal(waitpid(c, &st, 0), c);
	pevents_close(p);
	assert_true(got);
	assert_int_equal(st, 1280);
	assert_int_equal(fk.ptgid, getpid());
	assert_int_equal(ex.exit_code, 1280);
	assert_int_equal(ex.exit_signal, SIGCHLD);
	assert_int_equal(ex.ptgid, getpid());
	assert_true(ex.ts_ns >= child_ts);
	/* Under valgrind the child's _exit runs valgrind's own shutdown. */
	if (!getenv("ZT_VALGRIND_RUN"))
		assert_true(ex.ts_ns - child_ts < 50000000u);
	assert_true(fk.ts_ns <= child_ts);
}

/* As root, a child that drops to uid 65534 with no exec: the kernel
 * tells it, after the fork and before the exit (the view's -u filter
 * learns of a new owner from it). */
static void
test_live_uid(void **state)
{
	struct pevents *p;
	struct pev fk, uid, ex;
	int st;
	pid_t c;
	bool got;

	(void)state;
	if (getuid() != 0)
		skip();
	p = open_or_skip();
	c = fork();
	assert_true(c >= 0);
	if (c == 0)
		_exit(setresuid(65534, 65534, 65534) == 0 ? 0 : 1);
	got = read_child(p, c, &fk, &uid, &ex);
	assert_int_equal(waitpid(c, &st, 0), c);
	pevents_close(p);
	assert_int_equal(st, 0);
	assert_true(got);
	assert_true(fk.ts_ns <= uid.ts_ns && uid.ts_ns <= ex.ts_ns);
}

/* Forks n children that exit at once, reaping each. */
static void
burst(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t c = fork();

		assert_true(c >= 0);
		if (c == 0)
			_exit(0);
		assert_int_equal(waitpid(c, NULL, 0), c);
	}
}

/* A tiny buffer and 200 forks not read: the kernel drops events, the read
 * says ENOBUFS, the drop is counted, and reading goes on working. */
static void
test_live_enobufs(void **state)
{
	struct pevents *p = open_or_skip();
	struct pev ev[32], ex;
	int nobufs = 0, st;
	ssize_t n;
	pid_t c;

	(void)state;
	assert_int_equal(pevents_set_rcvbuf(p, 1), 0);
	assert_true(pevents_rcvbuf(p) < 16384);
	assert_true(pevents_lost(p) == 0);
	burst(200);
	while ((n = pevents_read(p, ev, 32)) != 0) {
		if (n == -ENOBUFS)
			nobufs++;
		else
			assert_true(n > 0);
	}
	assert_true(nobufs > 0);
	assert_true(pevents_lost(p) >= (uint64_t)nobufs);
	/* Room again (other sessions fork too), and a child's exit is read. */
	assert_int_equal(pevents_set_rcvbuf(p, 4 << 20), 0);
	c = fork();
	assert_true(c >= 0);
	if (c == 0)
		_exit(7);
	assert_true(read_child(p, c, NULL, NULL, &ex));
	assert_int_equal(waitpid(c, &st, 0), c);
	assert_int_equal(ex.exit_code, 1792);
	pevents_close(p);
}

/* In a new network namespace (made in a child through a user namespace)
 * the connector refuses, and pevents_why says why. */
static void
test_live_netns(void **state)
{
	int st;
	pid_t c = fork();

	(void)state;
	assert_true(c >= 0);
	if (c == 0) {
		struct pevents *q;
		int err;

		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
			_exit(77);
		err = pevents_open(&q);
		if (err == 0) {
			pevents_close(q);
			_exit(1);
		}
		fprintf(
		    stderr, "in a new netns: %d %s\n", err, pevents_why(err));
		_exit(strstr(pevents_why(err), "network namespace") ? 0 : 2);
	}
	assert_int_equal(waitpid(c, &st, 0), c);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77) {
		fprintf(stderr, "skip - unshare(CLONE_NEWUSER|CLONE_NEWNET) "
		                "refused here\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_fork_exec),
	    cmocka_unit_test(test_parse_comm_ptrace),
	    cmocka_unit_test(test_parse_exit),
	    cmocka_unit_test(test_parse_uid),
	    cmocka_unit_test(test_parse_truncated),
	    cmocka_unit_test(test_parse_other_connector),
	    cmocka_unit_test(test_parse_multiple),
	    cmocka_unit_test(test_why),
	    cmocka_unit_test(test_live_exit),
	    cmocka_unit_test(test_live_uid),
	    cmocka_unit_test(test_live_enobufs),
	    cmocka_unit_test(test_live_netns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
