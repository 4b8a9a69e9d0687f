/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What became of the zombies after an action on their parent: a pidfd held
 * on each (opened before acting) says when it is reaped, fresh reads of its
 * parent say by whom, PIDFD_GET_INFO (if the kernel has it) the status the
 * reaper collected. Past OUTCOME_FD_CAP zombies (thousands of them under a
 * limit of 1,024 open files) the rest are followed by identity instead:
 * pid and start time, read again from /proc on each poll. */
#ifndef ZT_OUTCOME_H
#define ZT_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "evlog.h"
#include "kparse.h"
#include "sigact.h"
#include "snap.h"

enum outcome_by {
	OUTCOME_BY_NOBODY,     /* not reaped (yet) */
	OUTCOME_BY_PARENT,     /* the parent we signalled */
	OUTCOME_BY_NEW_PARENT, /* the process it went to when the parent died */
	OUTCOME_BY_BEFORE,     /* already gone before the action */
};

/* Pidfds held by all outcomes together at most (a quarter of RLIMIT_NOFILE
 * if that is less): the view may follow several actions, and the scan
 * needs fds. */
#define OUTCOME_FD_CAP 256

struct outcome_zombie {
	struct sigact_target id;
	int fd;  /* owned pidfd, -1 if none: followed by identity */
	int err; /* -errno of the last look that failed (EMFILE...), or 0 */
	bool reaped;
	enum outcome_by by;
	pid_t reaper;                      /* 0 when not known */
	char reaper_comm[KPARSE_COMM_MAX]; /* raw, read when it reaped */
	double after;    /* seconds from outcome_start to the reap */
	pid_t last_ppid; /* from the last fresh read of its stat */
	char last_ppid_comm[KPARSE_COMM_MAX]; /* raw, read when it changed */
	bool exit_known; /* exit_raw came from PIDFD_GET_INFO */
	int exit_raw;    /* wait status, as the reaper got it */
};

struct outcome {
	struct sigact_target parent;
	int parent_fd; /* owned pidfd on the parent, -1 if none */
	bool parent_exited;
	bool no_pidfd;            /* no pidfds: identities polled in /proc */
	pid_t new_parent;         /* seen after the parent exited, or 0 */
	struct outcome_zombie *z; /* owned */
	size_t n;                 /* zombies tracked */
	double t0;                /* zclock_mono() of outcome_start */
	double elapsed;           /* seconds watched so far */
};

/* Opens pidfds on the parent and each zombie of g (up to the cap): call it
 * BEFORE acting. Zombies already gone are marked OUTCOME_BY_BEFORE; one that
 * cannot be looked at (EMFILE) is followed by identity, with err set while
 * it cannot, and is never taken for gone. Returns 0, -ENOMEM. */
int outcome_begin(struct outcome *o, const struct sigact_group *g);

/* Marks the moment the action was sent: times count from here. */
void outcome_start(struct outcome *o);

/* Waits up to timeout_ms (0: just look) for reaps; returns how many
 * zombies are still pending. */
size_t outcome_poll(struct outcome *o, int timeout_ms);

/* Polls until every zombie is reaped or timeout seconds have passed;
 * returns how many are still pending. */
size_t outcome_wait(struct outcome *o, double timeout);

/* The number reaped (by anyone, counting those gone before). */
size_t outcome_reaped(const struct outcome *o);

/* Tells the tracker the parent's new parent learnt elsewhere (a later
 * snapshot): zombies reaped after the parent died get it as reaper. */
void outcome_set_new_parent(struct outcome *o, pid_t pid);

/* A process that was a child of old_parent in before and now has another
 * parent in after shows where the kernel re-parented old_parent's
 * children; 0 when none is left to tell. */
pid_t outcome_new_parent(
    const struct snap *before, const struct snap *after, pid_t old_parent);

/* "2 of 3 zombies reaped in 0.40 s". */
void outcome_summary(const struct outcome *o, char *buf, size_t size);

/* One line on zombie i; try names the next step for one still there
 * (NULL: none to suggest). */
void outcome_describe(
    const struct outcome *o, size_t i, const char *try, char *buf, size_t size);

/* Adds a "zombie reaped" event for each zombie reaped since the action
 * (after: seconds since the action). Returns the number added. */
int outcome_log(const struct outcome *o, struct evlog *log);

void outcome_done(struct outcome *o);

#endif
