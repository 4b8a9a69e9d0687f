/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Changing the nice value of a process known by identity (pid, start time),
 * every thread of it, under sigact's safety rules (sigact_vet), with one
 * line for the user whatever happens. For the view's F7 / F8. */
#ifndef ZT_RENICE_H
#define ZT_RENICE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sigact.h"

#define RENICE_MIN -20
#define RENICE_MAX 19
/* Threads changed at most: a bigger group is told, not walked forever. */
#define RENICE_TASK_MAX 16384

enum renice_status {
	RENICE_DONE,    /* every thread now has the new value */
	RENICE_GONE,    /* exited or its PID was reused: nothing changed */
	RENICE_REFUSED, /* a safety rule, a kernel thread, a zombie */
	RENICE_DENIED,  /* EACCES (lowering needs CAP_SYS_NICE) or EPERM */
	RENICE_FAILED,  /* any other error */
};

struct renice_result {
	enum renice_status status;
	enum sigact_rule rule; /* for a refusal by sigact_vet */
	int err;               /* errno of DENIED and FAILED, else 0 */
	int old_nice, new_nice;
	size_t nthreads, nchanged; /* threads seen, threads changed */
	char msg[256];             /* one line for the user, always set */
	char warning[192];         /* "" or one line (container init...) */
};

/* The nice value of pid's thread group leader: 0 or -errno. */
int renice_get(pid_t pid, int *nice);

/* Sets the nice value of every thread of t to nice (clamped to -20..19).
 * flags are sigact's (SIGACT_OVERRIDE for PID 1 and ancestors). Returns 0,
 * -ESRCH gone, -ECANCELED refused, -EACCES / -EPERM denied, -errno. */
int renice_set(const struct sigact_target *t, int nice, unsigned flags,
    struct renice_result *res);

/* The same by a step from the leader's current value: F7 is -1 (higher
 * priority), F8 +1. */
int renice_by(const struct sigact_target *t, int delta, unsigned flags,
    struct renice_result *res);

#endif
