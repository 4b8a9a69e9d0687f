/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc access of the core outside libproc2. Opens relative to one cached
 * directory fd, which also keeps working if /proc is remounted under us. */
#include "procfs.h"

#include "kparse.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Shared by the view's thread and its scanner's: the first to need it
 * opens it, a loser of the race closes its own copy. */
static _Atomic int proc_fd = -1;

static int
proc_dir(void)
{
	int fd = atomic_load(&proc_fd), none = -1;

	if (fd >= 0)
		return fd;
	fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || atomic_compare_exchange_strong(&proc_fd, &none, fd))
		return fd;
	close(fd);
	return none;
}

/* Opens /proc/PID/NAME (pid 0: /proc/NAME) read-only. Returns the fd, or
 * -ESRCH when it is not there (the process is gone), or -errno. */
static int
open_proc(pid_t pid, const char *name)
{
	char path[64];
	int dir = proc_dir(), fd;

	if (dir < 0)
		return -errno;
	if (pid > 0)
		snprintf(path, sizeof(path), "%d/%s", (int)pid, name);
	else
		snprintf(path, sizeof(path), "%s", name);
	fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

ssize_t
procfs_read(pid_t pid, const char *name, char *buf, size_t size)
{
	ssize_t n;
	int fd = open_proc(pid, name);

	if (fd < 0)
		return fd;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = errno == ESRCH ? -ESRCH : -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

/* Reads all of fd, up to max bytes (0: no limit), into a heap buffer
 * that grows as needed (a status with thousands of groups is 17 KB and
 * more); NUL-terminated. *cut tells whether bytes were left unread. */
static ssize_t
read_fd_max(int fd, size_t max, char **out, bool *cut)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap), *nb, probe;
	ssize_t n;

	*cut = false;
	if (!buf)
		return -ENOMEM;
	while ((n = read(fd, buf + len, cap - len - 1)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = errno == ESRCH ? -ESRCH : -errno;
			free(buf);
			return n;
		}
		len += (size_t)n;
		if (max && len >= max) {
			*cut = len > max || read(fd, &probe, 1) > 0;
			len = max;
			break;
		}
		if (cap - len < 2) {
			if (!(nb = realloc(buf, cap * 2))) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
}

static ssize_t
read_fd_all(int fd, char **out)
{
	bool cut;

	return read_fd_max(fd, 0, out, &cut);
}

ssize_t
procfs_slurp(const char *path, char **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read_fd_all(fd, out);
	close(fd);
	return n;
}

ssize_t
procfs_read_all(pid_t pid, const char *name, char **out)
{
	int fd = open_proc(pid, name);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read_fd_all(fd, out);
	close(fd);
	return n;
}

int
procfs_status(pid_t pid, const char *name, struct kstatus *ks)
{
	char *buf = NULL;
	ssize_t n = procfs_read_all(pid, name, &buf);
	int rc;

	if (n < 0) {
		memset(ks, 0, sizeof(*ks));
		return (int)n;
	}
	rc = kparse_status(buf, (size_t)n, ks);
	free(buf);
	return rc;
}

/* 1 KiB holds a stat line with the longest comm and every field. */
static int
read_stat(pid_t pid, const char *name, struct kstat *st)
{
	char buf[1024];
	ssize_t n = procfs_read(pid, name, buf, sizeof(buf));
	int rc = n < 0 ? (int)n : kparse_stat(buf, (size_t)n, st);

	/* X: the process is being reaped, as good as gone. */
	if (rc == 0 && st->state == 'X')
		rc = -ESRCH;
	if (rc < 0)
		memset(st, 0, sizeof(*st));
	return rc;
}

int
procfs_stat(pid_t pid, struct kstat *st)
{
	return read_stat(pid, pid > 0 ? "stat" : "self/stat", st);
}

int
procfs_task_stat(pid_t pid, pid_t tid, struct kstat *st)
{
	char name[32];

	snprintf(name, sizeof(name), "task/%d/stat", (int)tid);
	return read_stat(pid, name, st);
}

ssize_t
procfs_wchan(pid_t pid, char *out, size_t size)
{
	char buf[128];
	ssize_t n = procfs_read(pid, "wchan", buf, sizeof(buf));

	if (size > 0)
		out[0] = '\0';
	if (n < 0)
		return n;
	return (ssize_t)kparse_wchan(buf, (size_t)n, out, size);
}

int
procfs_may_inspect(pid_t pid)
{
	char path[64], link[64];
	int dir = proc_dir();

	if (dir < 0)
		return -errno;
	snprintf(path, sizeof(path), "%d/ns/pid", (int)pid);
	if (readlinkat(dir, path, link, sizeof(link)) >= 0)
		return 0;
	return errno == EPERM ? -EACCES : -errno;
}

/* A directory under /proc ("." for /proc itself), or NULL and errno. */
static DIR *
open_sub(const char *path)
{
	int dir = proc_dir(), fd, err;
	DIR *d;

	if (dir < 0)
		return NULL;
	fd = openat(dir, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d) {
		err = errno;
		close(fd);
		errno = err;
	}
	return d;
}

/* An entry's name as a number (a pid, a tid, an fd), or -1. */
static long
entry_number(const struct dirent *e)
{
	char *end;
	long v = strtol(e->d_name, &end, 10);

	return *end == '\0' && end != e->d_name && v >= 0 ? v : -1;
}

/* The numeric names in /proc/PID/DIR (task, fd): at most max stored,
 * *total counts them all. Returns how many were stored or -errno. */
static ssize_t
list_numeric(pid_t pid, const char *sub, long *out, size_t max, size_t *total)
{
	char path[64];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	*total = 0;
	snprintf(path, sizeof(path), "%d/%s", (int)pid, sub);
	if (!(d = open_sub(path)))
		return errno == ENOENT ? -ESRCH : -errno;
	while ((e = readdir(d)) != NULL) {
		long v = entry_number(e);

		if (v < 0)
			continue;
		if (n < max)
			out[n++] = v;
		(*total)++;
	}
	closedir(d);
	return (ssize_t)n;
}

/* One more pid into the growing *v. */
static int
push_pid(pid_t **v, size_t *n, size_t *cap, pid_t pid)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		pid_t *nv = realloc(*v, c * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = c;
	}
	(*v)[(*n)++] = pid;
	return 0;
}

ssize_t
procfs_pids(pid_t **out)
{
	size_t n = 0, cap = 0;
	struct dirent *e;
	pid_t *v = NULL;
	DIR *d;
	int rc = 0;

	*out = NULL;
	if (!(d = open_sub(".")))
		return -errno;
	while (!rc && (e = readdir(d)) != NULL) {
		long pid = entry_number(e);

		if (pid > 0)
			rc = push_pid(&v, &n, &cap, (pid_t)pid);
	}
	closedir(d);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	return (ssize_t)n;
}

ssize_t
procfs_tasks(pid_t pid, pid_t *tids, size_t max)
{
	long *v = malloc((max ? max : 1) * sizeof(*v));
	size_t total;
	ssize_t n;

	if (!v)
		return -ENOMEM;
	n = list_numeric(pid, "task", v, max, &total);
	for (ssize_t i = 0; i < n; i++)
		tids[i] = (pid_t)v[i];
	free(v);
	return n;
}

ssize_t
procfs_fds(pid_t pid, int *fds, size_t max, size_t *total)
{
	long *v = malloc((max ? max : 1) * sizeof(*v));
	ssize_t n;

	if (!v)
		return -ENOMEM;
	n = list_numeric(pid, "fd", v, max, total);
	for (ssize_t i = 0; i < n; i++)
		fds[i] = (int)v[i];
	free(v);
	return n;
}

ssize_t
procfs_read_max(
    pid_t pid, const char *name, size_t max, char **out, bool *truncated)
{
	int fd = open_proc(pid, name);
	ssize_t n;

	*truncated = false;
	if (fd < 0)
		return fd;
	n = read_fd_max(fd, max, out, truncated);
	close(fd);
	return n;
}

ssize_t
procfs_readlink(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[64];
	int dir = proc_dir();
	ssize_t n;

	if (dir < 0)
		return -errno;
	snprintf(path, sizeof(path), "%d/%s", (int)pid, name);
	n = readlinkat(dir, path, buf, size - 1);
	if (n < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	buf[n] = '\0';
	return n;
}

int
procfs_stat_target(pid_t pid, const char *name, struct stat *st)
{
	char path[64];
	int dir = proc_dir();

	if (dir < 0)
		return -errno;
	snprintf(path, sizeof(path), "%d/%s", (int)pid, name);
	if (fstatat(dir, path, st, 0) < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return 0;
}

void
procfs_forget(void)
{
	atomic_store(&proc_fd, -1);
}

int
procfs_uid(pid_t pid, uid_t *uid)
{
	char path[16];
	struct stat st;
	int dir = proc_dir();

	if (dir < 0)
		return -errno;
	snprintf(path, sizeof(path), "%d", (int)pid);
	if (fstatat(dir, path, &st, 0) < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	*uid = st.st_uid;
	return 0;
}

ssize_t
procfs_cmdline(pid_t pid, char **out)
{
	ssize_t n = procfs_read_all(pid, "cmdline", out);

	if (n < 0)
		return n;
	/* NUL-separated arguments, the last one NUL-terminated. */
	while (n > 0 && (*out)[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if ((*out)[i] == '\0')
			(*out)[i] = ' ';
	(*out)[n] = '\0';
	return n;
}

int
procfs_sched(long *running, long *blocked)
{
	char *buf = NULL;
	ssize_t n = procfs_read_all(0, "stat", &buf);
	int rc =
	    n < 0 ? (int)n : kparse_procs(buf, (size_t)n, running, blocked);

	free(buf);
	return rc;
}
