/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One snapshot of every process (tasks, not threads): identity, state,
 * names and, for zombies, the wait status from stat field 52. A process that
 * vanishes mid-scan is dropped; a field that cannot be read is flagged. */
#ifndef ZT_SNAP_H
#define ZT_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

enum snap_proc_flags {
	SPF_EXIT_KNOWN = 1 << 0,  /* exit_raw is the real wait status */
	SPF_EXIT_DENIED = 1 << 1, /* field 52 hidden from us (ptrace check) */
	SPF_NO_CMDLINE = 1 << 2,  /* the command line could not be read */
	SPF_NO_USER = 1 << 3,     /* the uid has no name */
	SPF_NEW = 1 << 4,         /* not in the previous snapshot */
	SPF_STALE = 1 << 5,       /* a partial refresh did not read it: state,
	                             CPU ticks and memory are of an older read */
	SPF_THREAD = 1 << 6,      /* a thread (H): pid is its TID, ppid
	                             its process (snap_threads) */
	SPF_WATCHED = 1 << 7,     /* a zombie whose reap the event thread
	                             will name (snap_delta) */
};

struct snap_proc {
	pid_t pid, ppid;
	char state; /* R S D Z T t I X ... as the kernel shows it */
	int threads;
	uid_t uid;
	int tty;                        /* tty_nr, 0 for none */
	unsigned long long start_ticks; /* since boot: with pid, the identity */
	unsigned long long cpu_ticks;   /* utime + stime */
	unsigned long rss_kb;
	int exit_raw; /* wait status, if SPF_EXIT_KNOWN */
	unsigned flags;
	/* Owned, or shared with the previous snapshot after a rescan (the
	 * same pointer in both): snap_disown_shared settles who frees. */
	char *comm;    /* raw bytes, may hold anything but NUL */
	char *cmdline; /* arguments joined by spaces, "" if none */
	char *user;    /* the user name, or the uid in decimal */
};

struct snap {
	struct snap_proc *procs; /* owned, sorted by pid */
	size_t n, cap;
	int hidepid;           /* -1 unknown, 0 none, else the hidepid= level */
	bool privileged;       /* may read other users' exit statuses */
	struct timespec taken; /* CLOCK_REALTIME of the scan */
	double boot_time;      /* seconds since the epoch */
	long hz;               /* clock ticks per second */
	/* A partial refresh (snap_delta): only some processes were read
	 * again, the others are as the last read left them; the header's
	 * running and blocked totals then come from /proc/stat (tasks, not
	 * processes; -1 when unread). */
	bool partial;
	long sched_running, sched_blocked;
};

/* An empty snapshot to fill by hand (tests, the lab); snap_add copies the
 * strings of tmpl, snap_sort must follow the last add. */
struct snap *snap_new(void);
int snap_add(struct snap *s, const struct snap_proc *tmpl);
void snap_sort(struct snap *s);

/* Appends p, taking over its strings (the caller's copy is no longer to
 * be freed). Returns 0 or -ENOMEM (then the strings are still the
 * caller's). */
int snap_push(struct snap *s, const struct snap_proc *p);

/* Gives up prev's strings that cur shares (snap_reader_scan), so that
 * prev can be freed; prev is to be freed, not read, afterwards. Both must
 * be sorted; called as (cur, prev) it lets cur be freed instead. */
void snap_disown_shared(struct snap *prev, const struct snap *cur);

/* The same for one process: p gives up the strings other shares. */
void snap_proc_disown(struct snap_proc *p, const struct snap_proc *other);

/* Frees the strings of p. */
void snap_proc_done(struct snap_proc *p);
void snap_free(struct snap *s);

/* Binary search by pid; NULL when absent. */
const struct snap_proc *snap_find(const struct snap *s, pid_t pid);

/* The time of the scan (snap->taken) in seconds since the epoch. */
double snap_time(const struct snap *s);

/* Start time in seconds since the epoch. */
double snap_start_epoch(const struct snap *s, const struct snap_proc *p);

struct snap_counts {
	size_t processes, running, sleeping, disk_sleep, stopped, zombies,
	    leader_exited, idle, other;
};

/* Tallies states: sleeping is S, stopped is T and t, zombies are only the
 * reapable ones, idle is I (kernel threads). Of a partial snapshot,
 * running and disk_sleep are /proc/stat's procs_running and
 * procs_blocked, which stay current without reading every process. */
void snap_count(const struct snap *s, struct snap_counts *out);

/* How many children of parent are not zombies: the processes a parent's
 * death hands to a new parent. */
size_t snap_live_children(const struct snap *s, pid_t parent);

/* The i-th warning about what this snapshot cannot show (hidepid, no
 * privilege to read others' exit statuses), or NULL past the last. */
const char *snap_warning(const struct snap *s, int i);

/* A zombie (state Z) that really exited: a leader whose other threads
 * still run also shows Z, but is alive. */
bool snap_is_zombie(const struct snap_proc *p);
bool snap_is_leader_exited(const struct snap_proc *p);

#endif
