/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's H: the user threads of each process of a snapshot, added as
 * entries of their own (SPF_THREAD, ppid = their process), so that a
 * leader-exited process shows its live threads. Read only when asked. */
#ifndef ZT_SNAP_THREADS_H
#define ZT_SNAP_THREADS_H

#include "snap.h"

/* Threads read per process at most: a bigger group shows these. */
#define SNAP_THREADS_MAX 1024

/* Adds, for every process of s with more than one thread (kernel threads
 * excepted), its threads other than the leader, then sorts s. A thread
 * that exits meanwhile is left out. Returns 0 or -ENOMEM. */
int snap_threads_add(struct snap *s);

#endif
