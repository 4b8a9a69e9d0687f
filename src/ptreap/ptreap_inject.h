/* The tracing sequence of ptrace injection, run in a short-lived helper
 * child: seize and interrupt the parent, re-check the guards, run wait4 at
 * a syscall instruction, put the registers back where the kernel's restart
 * logic still applies, detach. */
#ifndef ZT_PTREAP_INJECT_H
#define ZT_PTREAP_INJECT_H

#include "ptreap.h"

/* Injects wait4 for zombie zpid (known by want_start) into the thread
 * res->tid of res->parent, which calls it res->zpid_ns: the fields
 * ptreap_precheck filled. Sets res->reason and the details; the message
 * is left to the caller. PTREAP_UNSUPPORTED where injection is not built. */
void ptreap_inject_run(
    pid_t zpid, unsigned long long want_start, struct ptreap_result *res);

#endif
