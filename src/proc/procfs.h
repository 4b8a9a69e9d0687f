/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small reads of /proc that libproc2 does not give us: one read() per file,
 * relative to a /proc directory fd. Errors are -errno, never an abort. */
#ifndef ZT_PROCFS_H
#define ZT_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Reads /proc/PID/NAME (pid 0: /proc/NAME) into buf with one read(); the
 * result is NUL-terminated. Returns the length or -errno. */
ssize_t procfs_read(pid_t pid, const char *name, char *buf, size_t size);

/* Reads a whole file of any size (mountinfo); *out is the caller's to
 * free. Returns the length or -errno. */
ssize_t procfs_slurp(const char *path, char **out);

/* Reads all of /proc/PID/NAME (pid 0: /proc/NAME), however large, into a
 * NUL-terminated heap buffer *out (the caller's to free). Returns the
 * length or -errno (-ESRCH when the process is gone). */
ssize_t procfs_read_all(pid_t pid, const char *name, char **out);

struct kstat;
/* THE reader of /proc/PID/stat (pid 0: /proc/self/stat): one read() into a
 * buffer that holds any comm, parsed by kparse_stat. A process in state X
 * is being reaped and reads as gone. Returns 0, -ESRCH when gone, -EINVAL
 * when unparsable, or -errno; *st is zeroed on failure. */
int procfs_stat(pid_t pid, struct kstat *st);

/* The same for thread tid of process pid: /proc/PID/task/TID/stat. */
int procfs_task_stat(pid_t pid, pid_t tid, struct kstat *st);

/* THE reader of /proc/PID/wchan, cleaned by kparse_wchan: "" when the
 * kernel will not tell or the task runs. Returns the length or -errno
 * (out is "" then). */
ssize_t procfs_wchan(pid_t pid, char *out, size_t size);

struct kstatus;
/* THE reader of /proc/PID/status (or NAME "task/TID/status", pid 0:
 * "self/status"): the whole file, parsed. A line missing from *ks (its
 * KST_* bit unset) was not in the file: a guard that needs it refuses.
 * Returns 0 or -errno. */
int procfs_status(pid_t pid, const char *name, struct kstatus *ks);

/* Whether this process may read PID's ptrace-guarded fields (exit code):
 * probed by readlink of ns/pid. 0 yes, -EACCES no, other -errno. */
int procfs_may_inspect(pid_t pid);

/* The owner of /proc/PID (its effective uid, as ps shows it): one
 * fstatat, no file opened. 0 or -errno (-ESRCH when gone). */
int procfs_uid(pid_t pid, uid_t *uid);

/* THE reader of /proc/PID/cmdline: the arguments joined by spaces into a
 * heap string *out (the caller's to free), "" for none (kernel threads,
 * zombies). Returns the length or -errno (-ESRCH when gone). */
ssize_t procfs_cmdline(pid_t pid, char **out);

/* THE reader of /proc/stat's scheduler totals (kparse_procs): tasks
 * runnable and in uninterruptible sleep now. 0 or -errno. */
int procfs_sched(long *running, long *blocked);
/* Reads /proc/PID/NAME up to max bytes into a NUL-terminated heap buffer
 * *out (the caller's to free); *truncated when the file had more. For
 * files a process controls the size of (environ). Length or -errno. */
ssize_t procfs_read_max(
    pid_t pid, const char *name, size_t max, char **out, bool *truncated);

/* readlink of /proc/PID/NAME (fd/3), NUL-terminated, raw bytes; a target
 * of size - 1 bytes may have been cut. Returns the length or -errno. */
ssize_t procfs_readlink(pid_t pid, const char *name, char *buf, size_t size);

struct stat;
/* stat(2) of what /proc/PID/NAME points to (an open file's inode: its
 * type, and st_nlink 0 once deleted). 0 or -errno. */
int procfs_stat_target(pid_t pid, const char *name, struct stat *st);

/* The open descriptors under /proc/PID/fd, at most max into fds (in
 * directory order); *total counts them all. Stored count or -errno
 * (-EACCES for another user's process). */
ssize_t procfs_fds(pid_t pid, int *fds, size_t max, size_t *total);

/* Drops the cached /proc directory fd without closing it: for a forked
 * child that closed its inherited descriptors. */
void procfs_forget(void);
/* The pids listed in /proc (processes, not threads), into *out (the
 * caller's to free; NULL when none). Returns how many or -errno. */
ssize_t procfs_pids(pid_t **out);
/* The thread IDs under /proc/PID/task, at most max of them, into tids.
 * Returns how many were stored or -errno. */
ssize_t procfs_tasks(pid_t pid, pid_t *tids, size_t max);

#endif
