/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the ptrace guards look at, read fresh from /proc: the zombie and its
 * parent, the parent's tracer, Yama's ptrace_scope, and which thread of the
 * parent can take the call. */
#ifndef ZT_PTREAP_VIEW_H
#define ZT_PTREAP_VIEW_H

#include "ptreap.h"

/* Fills *v for t's zombie and its parent now, with t's identities as the
 * ones wanted (ptreap_vet compares). */
void ptreap_view_read(const struct ptreap_target *t, struct ptreap_view *v);

/* TracerPid of pid's status file `name` ("status", "task/TID/status"),
 * 0 when untraced or unreadable. */
pid_t ptreap_view_tracer(pid_t pid, const char *name);

/* Yama's ptrace_scope, -1 without Yama. */
int ptreap_view_yama(void);

/* A thread of the parent that can take the call: the leader when it sleeps
 * or runs, else any other such thread; never one in D, T, t or Z. When
 * there is none (0), *why says whether they were stopped or in D. */
pid_t ptreap_view_thread(pid_t ppid, enum ptreap_reason *why);

#endif
