/* /proc access of the core outside libproc2. Opens relative to one cached
 * directory fd, which also keeps working if /proc is remounted under us. */
#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int proc_fd = -1;

static int
proc_dir(void)
{
	if (proc_fd < 0)
		proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return proc_fd;
}

ssize_t
procfs_read(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
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
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = errno == ESRCH ? -ESRCH : -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

ssize_t
procfs_slurp(const char *path, char **out)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap), *nb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || !buf) {
		n = fd < 0 ? -errno : -ENOMEM;
		free(buf);
		if (fd >= 0)
			close(fd);
		return n;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2) {
			nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
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

ssize_t
procfs_tasks(pid_t pid, pid_t *tids, size_t max)
{
	char path[64];
	struct dirent *e;
	size_t n = 0;
	DIR *d;
	int dir = proc_dir(), fd;

	if (dir < 0)
		return -errno;
	snprintf(path, sizeof(path), "%d/task", (int)pid);
	fd = openat(dir, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while (n < max && (e = readdir(d)) != NULL) {
		long v = strtol(e->d_name, NULL, 10);

		if (v > 0)
			tids[n++] = (pid_t)v;
	}
	closedir(d);
	return (ssize_t)n;
}

void
procfs_forget(void)
{
	proc_fd = -1;
}
