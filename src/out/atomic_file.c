/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Atomic replacement by rename(2): it is atomic only within one file
 * system, hence the temporary file next to the target and not in /tmp. The
 * directory may be writable by others (a textfile directory shared with a
 * group): the temporary name is random and created exclusively. */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SUFFIX_LEN 12
#define TRIES 100

static void
release(struct atomic_file *a)
{
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	a->f = NULL;
}

/* 12 letters and digits from getrandom: a name nobody can plant in
 * advance. If the pool is not ready, time and counters still vary the
 * name; O_EXCL keeps even a guessed one safe, it only costs a retry. */
static void
random_suffix(char *out, size_t n)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long long counter;
	unsigned long long x;
	unsigned char rnd[16];
	struct timespec ts;

	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(rnd)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		x = (unsigned long long)ts.tv_nsec ^
		    (unsigned long long)getpid() << 32 ^ ++counter << 48;
		for (size_t i = 0; i < sizeof(rnd); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			rnd[i] = (unsigned char)x;
		}
	}
	for (size_t i = 0; i < n; i++)
		out[i] = abc[rnd[i % sizeof(rnd)] % (sizeof(abc) - 1)];
	out[n] = '\0';
}

/* A regular file, ours, with no other name: what O_EXCL promises, checked
 * anyway since the whole point is not to write through someone's file. */
static int
check_ours(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink != 1)
		return -EEXIST;
	return fchmod(fd, ATOMIC_FILE_MODE) < 0 ? -errno : 0;
}

/* Opens a new temporary name; a name that exists (planted or unlucky) is
 * never opened, another is drawn. Returns the fd or -errno. */
static int
create_tmp(struct atomic_file *a, size_t len)
{
	int fd = -EEXIST;

	for (int i = 0; i < TRIES && fd == -EEXIST; i++) {
		random_suffix(a->tmp + len + 1, SUFFIX_LEN);
		memcpy(a->tmp + len + 1 + SUFFIX_LEN, ".tmp", 5);
		fd = open(a->tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			fd = -errno;
	}
	return fd;
}

int
atomic_file_open(struct atomic_file *a, const char *path)
{
	size_t len = strlen(path);
	int fd, rc;

	memset(a, 0, sizeof(*a));
	a->path = strdup(path);
	a->tmp = malloc(len + 1 + SUFFIX_LEN + 5);
	if (!a->path || !a->tmp) {
		release(a);
		return -ENOMEM;
	}
	memcpy(a->tmp, path, len);
	a->tmp[len] = '.';
	if ((fd = create_tmp(a, len)) < 0) {
		release(a);
		return fd;
	}
	if ((rc = check_ours(fd)) < 0 || !(a->f = fdopen(fd, "w"))) {
		rc = rc < 0 ? rc : -errno;
		close(fd);
		unlink(a->tmp);
		release(a);
		return rc;
	}
	return 0;
}

/* Makes the rename itself durable; a failure here is not worth undoing
 * the replacement for, so it is ignored. */
static void
sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int
atomic_file_commit(struct atomic_file *a)
{
	int rc = 0;

	if (!a->f)
		return -EBADF;
	errno = 0;
	if (fflush(a->f) == EOF || ferror(a->f) || fsync(fileno(a->f)) < 0)
		rc = errno ? -errno : -EIO;
	if (fclose(a->f) == EOF && rc == 0)
		rc = -errno;
	a->f = NULL;
	if (rc == 0 && rename(a->tmp, a->path) < 0)
		rc = -errno;
	if (rc < 0)
		unlink(a->tmp);
	else
		sync_dir(a->path);
	release(a);
	return rc;
}

void
atomic_file_abort(struct atomic_file *a)
{
	if (a->f) {
		fclose(a->f);
		unlink(a->tmp);
	}
	release(a);
}
