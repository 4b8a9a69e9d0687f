/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The classroom lab (--demo): eight scenarios of parents that do or do not
 * reap their children, started as real processes under zombietop (which
 * becomes their child subreaper), each in its own process group, and
 * removed again by lab_stop. The table of scenarios and lessons is here. */
#ifndef ZT_LAB_H
#define ZT_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "snap.h"

enum lab_id {
	LAB_NEGLIGENT,
	LAB_ONE_PER_SIGNAL,
	LAB_CORRECT,
	LAB_IGNORES,
	LAB_STOPPED,
	LAB_CRASHED_CHILD,
	LAB_LEADER_EXITED,
	LAB_ORPHAN,
	LAB_COUNT
};

#define LAB_ALL ((1u << LAB_COUNT) - 1)

/* Process names (comm, and the command line) of what the lab starts. */
#define LAB_CHILD_COMM "lab-child"
#define LAB_ORPHANED_COMM "lab-orphaned"
#define LAB_THREAD_COMM "lab-thread"

struct lab_scenario {
	const char *name;    /* as on the command line: "one-per-signal" */
	const char *comm;    /* the lab parent's name, at most 15 bytes */
	const char *summary; /* one line */
	const char *lesson;  /* one paragraph for students */
	bool can_fork;       /* lab_fork_child makes it fork another child */
};

/* The scenarios in enum lab_id order. */
extern const struct lab_scenario lab_scenarios[LAB_COUNT];

/* Scenario by command-line name; -1 when unknown. */
int lab_find_name(const char *name);

/* Parses "NAME[,NAME...]" into a mask of (1 << enum lab_id); NULL or ""
 * means all. On an unknown name returns -EINVAL and copies it into bad. */
int lab_parse_names(
    const char *list, unsigned *mask, char *bad, size_t badsize);

/* A process reaped by lab_reap, for the event log. */
struct lab_reaped {
	pid_t pid;
	int status;   /* as waitpid returns it */
	int scenario; /* enum lab_id of its process group, -1 if none */
	char comm[16];
};

struct lab;

/* Makes the calling process the child subreaper (so orphaned lab
 * processes come to it) and an empty lab. Returns 0 or -errno. */
int lab_new(struct lab **out);

/* Stops every scenario, then frees. Accepts NULL. */
void lab_free(struct lab *lab);

/* Starts the scenarios in mask (1 << enum lab_id) that are not running.
 * Returns 0 or the first -errno (the others are still started). */
int lab_start(struct lab *lab, unsigned mask);

/* Kills every process of every scenario (by its process group while the
 * lab parent is unreaped, by PID for our own children) and reaps them. */
void lab_stop(struct lab *lab);

/* Stops one scenario and starts it again. Returns 0 or -errno. */
int lab_respawn(struct lab *lab, enum lab_id id);

/* Asks the lab parent of id to fork another child (SIGUSR1). Returns 0,
 * -ESRCH when it is not running, -ENOTSUP when the scenario cannot. */
int lab_fork_child(struct lab *lab, enum lab_id id);

/* One reaper step; call it before each snapshot. Reads the lab parents'
 * messages, then reaps every child of this process that has exited (as
 * subreaper that includes orphaned lab processes: waitpid(-1, WNOHANG)
 * semantics, so the caller must not wait for children of its own). Fills
 * out with up to max records; returns their number or -errno. Call again
 * while it returns max. */
int lab_reap(struct lab *lab, struct lab_reaped *out, size_t max);

/* The scenarios (mask) that are running but have not yet reached their
 * steady state in snapshot s, taken after the last lab_reap. */
unsigned lab_pending(const struct lab *lab, const struct snap *s);

/* Running scenarios, as a mask. */
unsigned lab_running(const struct lab *lab);

/* The lab parent of id; 0 when not running or already gone. */
pid_t lab_parent(const struct lab *lab, enum lab_id id);

/* The scenario a process belongs to (a lab parent or a child it reported);
 * -1 when none. PIDs of reaped children may have been reused: pair this
 * with the start time when it matters. */
int lab_scenario_of(const struct lab *lab, pid_t pid);

#endif
