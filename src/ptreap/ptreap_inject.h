/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tracing sequence of ptrace injection, run in a short-lived helper
 * child: seize and interrupt the parent, re-check the guards, run wait4 at
 * a syscall instruction, put the registers back where the kernel's restart
 * logic still applies, detach. */
#ifndef ZT_PTREAP_INJECT_H
#define ZT_PTREAP_INJECT_H

#include "ptreap.h"

/* Injects wait4 for t's zombie into the thread res->tid, which must belong
 * to t's parent (pid and start time, checked once it is held), which calls
 * the zombie res->zpid_ns: the fields ptreap_precheck filled. Sets
 * res->reason and the details; the message is left to the caller.
 * PTREAP_UNSUPPORTED where injection is not built. */
void ptreap_inject_run(
    const struct ptreap_target *t, struct ptreap_result *res);

#endif
