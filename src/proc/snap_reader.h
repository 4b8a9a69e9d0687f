/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads snapshots from /proc: the libproc2 scan plus our own reads of what
 * it lacks. A reader keeps what lasts across refreshes (the libproc2
 * handles, user names, hidepid and privilege). */
#ifndef ZT_SNAP_READER_H
#define ZT_SNAP_READER_H

#include <stdbool.h>

#include "snap.h"

struct snap_reader;

int snap_reader_new(struct snap_reader **out);
void snap_reader_free(struct snap_reader *r);

/* Takes a new snapshot. Strings of processes also in prev (same pid and
 * start time) are moved from prev instead of read again, so prev must only
 * be freed afterwards, never read. Returns 0 or -errno. */
int snap_reader_take(
    struct snap_reader *r, struct snap *prev, struct snap **out);

/* The same in two steps, for a scan on another thread: prev is only read,
 * so it may be read meanwhile by others (never changed or freed). *out
 * shares prev's strings until snap_disown_shared(prev, *out). */
int snap_reader_scan(
    struct snap_reader *r, const struct snap *prev, struct snap **out);

/* For snap_delta, which reads single processes with the same reader (on
 * the same thread as its scans): the reader's fields of a snapshot
 * (hidepid, privilege, boot time, hz), the name of uid from the cache
 * (*known false: the number, as text), the page size in KiB, and the
 * ptrace check of a zombie's exit status read as 0. */
void snap_reader_meta(const struct snap_reader *r, struct snap *s);
const char *snap_reader_user(struct snap_reader *r, uid_t uid, bool *known);
long snap_reader_page_kb(const struct snap_reader *r);
void snap_reader_check_exit(struct snap_proc *p);
/* Field 52 and, with want_comm, the raw comm (libproc2 masks control
 * bytes) into p, from our own read of /proc/PID/stat. -ESRCH when the
 * process is gone, or when its PID now names another process (its start
 * time is not p->start_ticks): that one's name and status must not land
 * on p's row. */
int snap_reader_raw_stat(struct snap_proc *p, bool want_comm);
/* A process rewrites its command line (setproctitle: postgres, nginx)
 * only by running, often without a new comm: p, which shares pp's
 * command line and whose CPU time moved since pp, is one to read again.
 * Kernel threads have none to rewrite. */
bool snap_reader_may_retitle(
    const struct snap_proc *p, const struct snap_proc *pp);
/* H: whether snapshots list user threads too (snap_threads). Either
 * thread may call these; a scan under way reads the flag once. */
void snap_reader_set_threads(struct snap_reader *r, bool on);
bool snap_reader_threads(const struct snap_reader *r);

#endif
