/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's process events through the proc connector (NETLINK_CONNECTOR,
 * CN_IDX_PROC): fork, exec, comm, ptrace, uid and exit, each stamped with
 * CLOCK_MONOTONIC. Opening can fail (no connector, not the initial network
 * namespace): callers then work from scans. pevents_parse is pure. */
#ifndef ZT_PEVENTS_H
#define ZT_PEVENTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* PEV_UID: the real or effective uid changed (setuid and kin): only the
 * task is told; the new owner is read from /proc. PEV_UID is the last
 * (tests/fuzz/fuzz_pevents.c checks the range). */
enum pev_kind {
	PEV_FORK = 1,
	PEV_EXEC,
	PEV_COMM,
	PEV_PTRACE,
	PEV_EXIT,
	PEV_UID
};

struct pev {
	enum pev_kind kind;
	uint64_t ts_ns;    /* CLOCK_MONOTONIC ns, stamped by the kernel */
	pid_t pid, tgid;   /* the task: thread id and process id */
	pid_t ppid, ptgid; /* fork: the parent; exit: the parent told;
	                      ptrace: the tracer (0 on detach) */
	int exit_code;     /* exit: the raw wait status (1280 = exit 5) */
	int exit_signal;   /* exit: signal sent to the parent (17), -1 none */
	char comm[16];     /* comm: the new name, NUL-terminated */
};

struct pevents;

/* Opens a socket, subscribes (PROC_CN_MCAST_LISTEN) and waits for the
 * kernel's acknowledgement. *out is the caller's (pevents_close). 0 or
 * -errno; never aborts. */
int pevents_open(struct pevents **out);

/* Why events are unavailable, for err as returned by pevents_open: "not in
 * the initial network namespace", "kernel has no proc connector", "not
 * permitted" ... A static string. */
const char *pevents_why(int err);

/* The socket, for poll/epoll (readable when events are queued). */
int pevents_fd(const struct pevents *p);

/* Reads what is queued without blocking into ev[0..n): count >= 0, or
 * -ENOBUFS when the kernel dropped events (counted; reads go on working:
 * the caller must rescan), or -errno. */
ssize_t pevents_read(struct pevents *p, struct pev *ev, size_t n);

/* How many times the kernel said it dropped events (ENOBUFS). */
uint64_t pevents_lost(const struct pevents *p);

/* The socket's receive buffer in bytes as the kernel reports it. */
int pevents_rcvbuf(const struct pevents *p);

/* Sets the receive buffer to bytes (SO_RCVBUFFORCE when permitted, else
 * SO_RCVBUF, capped by net.core.rmem_max). pevents_open already raised
 * it; tests shrink it to provoke ENOBUFS. 0 or -errno. */
int pevents_set_rcvbuf(struct pevents *p, int bytes);

/* Unsubscribes and closes; NULL ok. */
void pevents_close(struct pevents *p);

/* The parser alone (fuzzed): one datagram -> events; bad input -> -EINVAL
 * or 0 events, never a crash. Messages of other connectors and proc events
 * of other kinds (uid, gid, sid, coredump, acknowledgements) are skipped. */
ssize_t pevents_parse(const void *buf, size_t len, struct pev *ev, size_t n);

#endif
