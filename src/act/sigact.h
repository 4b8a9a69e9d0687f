/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Signals to a process known by its identity (pid, start time), never by a
 * bare PID: pidfd with a start-time check around it, the safety rules (PID 1,
 * zombietop and its ancestors), and the actions that help a zombie's parent
 * reap, planned so that each parent gets one signal. */
#ifndef ZT_SIGACT_H
#define ZT_SIGACT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "evlog.h"
#include "snap.h"

/* A process as we saw it: a PID alone never identifies one. */
struct sigact_target {
	pid_t pid;
	unsigned long long start_ticks;
};

/* Where a refusal's override is, in its message: the option, and the key
 * of the view's dialog. */
#define SIGACT_OVERRIDE_TEXT "(override: --force, or o in the view's dialog)"

enum sigact_flags {
	SIGACT_OVERRIDE = 1 << 0, /* allow PID 1 and zombietop's ancestors */
	SIGACT_NO_PIDFD = 1 << 1, /* act as if pidfds were missing (tests) */
};

enum sigact_status {
	SIGACT_SENT,    /* the signal was delivered to that very process */
	SIGACT_GONE,    /* it exited or its PID was reused: nothing was sent */
	SIGACT_REFUSED, /* a safety rule: nothing was sent */
	SIGACT_DENIED,  /* EPERM from the kernel */
	SIGACT_FAILED,  /* any other error */
};

enum sigact_rule {
	SIGACT_RULE_NONE,
	SIGACT_RULE_INIT,     /* PID 1 of our namespace */
	SIGACT_RULE_SELF,     /* zombietop itself: refused even with override */
	SIGACT_RULE_ANCESTOR, /* our shell, tmux, sshd... */
};

struct sigact_result {
	enum sigact_status status;
	enum sigact_rule rule;
	int err;             /* errno of DENIED and FAILED, else 0 */
	bool via_kill;       /* pidfds unavailable: a checked kill() was used */
	bool container_init; /* PID 1 of a nested namespace: warned */
	char msg[256];       /* one line for the user, always set */
	char warning[192];   /* "" or one line: container init, kill() used */
};

/* Checks the safety rules for pid without sending anything. Returns 0 when
 * allowed (res->warning may still be set), -ECANCELED when refused. */
int sigact_vet(pid_t pid, unsigned flags, struct sigact_result *res);

/* Opens a pidfd on exactly t: start time read before and after the open
 * must both match. Returns the fd, -ESRCH when t is gone or its PID now
 * belongs to another process, -ENOSYS without pidfds, other -errno. */
int sigact_open(const struct sigact_target *t);

/* Sends sig (0 probes) to t after the safety rules and the identity check.
 * Returns 0 when sent; -ESRCH gone, -ECANCELED refused, -EPERM denied, other
 * -errno; res says the same with a message. */
int sigact_signal(const struct sigact_target *t, int sig, unsigned flags,
    struct sigact_result *res);

/* Adds an "action" event for a signal sent (or not) to t, concerning
 * nzombies zombies, with res's message. */
void sigact_log(struct evlog *log, const struct sigact_target *t, int sig,
    const struct sigact_result *res, size_t nzombies);

/* What to do for a zombie: every action targets its parent. */
enum sigact_action {
	SIGACT_SIGCHLD, /* remind the parent: harmless */
	SIGACT_TERM,    /* ask the parent to exit: its zombies go to a reaper */
	SIGACT_KILL,    /* force it */
	SIGACT_CONT,    /* a stopped parent cannot reap */
	SIGACT_NACTIONS
};

/* Name ("sigchld"), signal number and the action to suggest when this one
 * did not help ("term"; NULL after kill). */
const char *sigact_action_name(enum sigact_action a);
int sigact_action_signal(enum sigact_action a);
const char *sigact_action_next(enum sigact_action a);
/* "sigchld", "chld", "SIGCHLD", "term", "kill", "cont"...; -1 unknown. */
int sigact_action_parse(const char *s);

/* One parent to signal and the zombies of it we expect to be reaped. */
struct sigact_group {
	struct sigact_target parent;
	struct sigact_target *zombies; /* owned by the plan */
	size_t nzombies;
};

struct sigact_plan {
	struct sigact_group *groups; /* owned */
	size_t ngroups;
};

/* Groups the selected processes by the parent to signal: a zombie stands
 * for its parent, any other process for itself with all its zombie
 * children. A parent chosen twice is signalled once. Returns 0, -ESRCH when
 * a pid is not in s, -ENOMEM. */
int sigact_plan_build(
    const struct snap *s, const pid_t *pids, size_t n, struct sigact_plan *out);
void sigact_plan_done(struct sigact_plan *p);

#endif
