/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event thread: reads the kernel's process events (pevents) into a
 * process table and times each reap with a pidfd of the exited process.
 * When events are unavailable the table is told why and scans do it all. */
#ifndef ZT_EVSRC_H
#define ZT_EVSRC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ptable;
struct evsrc;

/* Opens the connector and starts a thread that feeds t (ptable_event,
 * ptable_reaped with pidfds, ptable_lost). 0, or -errno when events are
 * unavailable; then ptable_set_events(t, false, pevents_why(err)) was
 * called and zombietop works from scans as before. On success
 * ptable_set_events(t, true, NULL) was called. t is borrowed: it must
 * outlive evsrc_stop. */
int evsrc_start(struct ptable *t, struct evsrc **out);

/* Knobs, for tests (0 = the default). */
struct evsrc_opts {
	int rcvbuf;        /* socket receive buffer, bytes (default: raised) */
	size_t max_pidfds; /* pidfds of each kind held at once (4096, and a
	                    * quarter of RLIMIT_NOFILE); past it, scans */
	bool no_pollhup;   /* act as on a kernel < 6.9: fdinfo every 50 ms */
};

/* evsrc_start with knobs; o may be NULL. */
int evsrc_start_opts(
    struct ptable *t, const struct evsrc_opts *o, struct evsrc **out);

/* Joins the thread, closes every fd; NULL ok. */
void evsrc_stop(struct evsrc *e);

/* True once after events were lost: the caller rescans at once. */
bool evsrc_take_rescan(struct evsrc *e);

/* The pids named by events (fork, exec, comm, uid, exit, reap) since the last
 * take, for a partial refresh: 0 and *pids (the caller's to free, may
 * hold repeats, unsorted) with *n; -E2BIG when events were lost or too
 * many pids were named since (then read everything: a full scan);
 * -ENOTSUP when e is NULL (events off). Starts a new set either way. */
int evsrc_take_dirty(struct evsrc *e, pid_t **pids, size_t *n);

/* Watches pid, a plain zombie a scan found (on the scanning thread): its
 * reap names it in the dirty set, so a partial refresh need not check
 * it. 0; -ESRCH when pid is no zombie now (reaped, or taken again);
 * -ENOSPC past max_pidfds or a quarter of RLIMIT_NOFILE; -ENOTSUP when e is
 * NULL or the kernel has no POLLHUP on reap; else -errno of pidfd_open. */
int evsrc_watch_zombie(struct evsrc *e, pid_t pid);

#endif
