/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers of the kernel's /proc text: stat lines, status fields, fdinfo and
 * mountinfo. Pure functions over a buffer, so they can be fuzzed and unit
 * tested without a live /proc; nothing here opens a file. */
#ifndef ZT_KPARSE_H
#define ZT_KPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define KPARSE_COMM_MAX 64

struct kstat {
	pid_t pid;
	char comm[KPARSE_COMM_MAX]; /* raw bytes, NUL-terminated */
	char state;
	pid_t ppid;
	pid_t pgrp;
	int tty_nr;
	unsigned long long utime, stime;
	long threads;
	unsigned long long start_ticks;
	long rss_pages;
	unsigned long long arg_start, arg_end; /* fields 48, 49 */
	int exit_code; /* field 52; valid only if has_exit_code */
	bool has_exit_code;
};

/* Field presence bits of struct kstatus. */
enum {
	KST_STATE = 1 << 0,
	KST_PPID = 1 << 1,
	KST_UID = 1 << 2,
	KST_THREADS = 1 << 3,
	KST_SIGPND = 1 << 4,
	KST_SHDPND = 1 << 5,
	KST_SIGBLK = 1 << 6,
	KST_SIGIGN = 1 << 7,
	KST_SIGCGT = 1 << 8,
	KST_NSPID = 1 << 9,
	KST_CAPEFF = 1 << 10,
	KST_TRACER = 1 << 11,
	KST_SECCOMP = 1 << 12,
	KST_TGID = 1 << 13,
	KST_SECCOMP_FILTERS = 1 << 14,
};

#define KPARSE_NSPID_MAX 32

struct kstatus {
	unsigned have; /* KST_* bits for the fields found */
	char state;
	pid_t ppid;
	uid_t uid; /* real uid */
	long threads;
	uint64_t sigpnd, shdpnd, sigblk, sigign, sigcgt;
	uint64_t capeff;               /* effective capabilities */
	int nspid_levels;              /* number of NSpid fields */
	pid_t nspid_last;              /* PID in the innermost namespace */
	pid_t nspid[KPARSE_NSPID_MAX]; /* ours first, the first levels */
	pid_t tracer_pid;              /* TracerPid: 0 when not traced */
	int seccomp;                   /* Seccomp: 0 off, 1 strict, 2 filter */
	int seccomp_filters;           /* Seccomp_filters: how many */
	pid_t tgid;                    /* Tgid: the thread group (process) */
};

/* Parses one /proc/PID/stat line; comm may hold any byte but NUL, so the
 * name ends at the LAST ')'. Returns 0 or -EINVAL. */
int kparse_stat(const char *buf, size_t len, struct kstat *out);

/* Cleans a /proc/PID/wchan text into out (NUL-terminated when size > 0):
 * "" for "0" (the kernel will not tell, or the task runs), else the kernel
 * symbol up to the first newline, each byte that cannot be in a symbol
 * shown as '?', so it is safe to print raw. Returns the length of out. */
size_t kparse_wchan(const char *buf, size_t len, char *out, size_t size);

/* Parses /proc/PID/status (or task/TID/status). Unknown lines are skipped.
 * Returns 0, or -EINVAL when no known field was found. */
int kparse_status(const char *buf, size_t len, struct kstatus *out);

/* The hidepid level of the last /proc mount in a mountinfo text: 0 none,
 * 1 noaccess, 2 invisible, 4 ptraceable; -1 when no proc mount is seen. */
int kparse_hidepid(const char *buf, size_t len);

/* The "Pid:" field of /proc/self/fdinfo/FD of a pidfd (-1 once reaped).
 * Returns 0 or -EINVAL when the field is missing. */
int kparse_fdinfo_pid(const char *buf, size_t len, pid_t *pid);

/* The scheduler's totals of /proc/stat: procs_running (tasks runnable
 * now) and procs_blocked (tasks in uninterruptible sleep). Returns 0, or
 * -EINVAL when either line is missing. */
int kparse_procs(const char *buf, size_t len, long *running, long *blocked);

#endif
