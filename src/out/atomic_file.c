/* Atomic replacement by rename(2): it is atomic only within one file
 * system, hence the temporary file next to the target and not in /tmp. */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
release(struct atomic_file *a)
{
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	a->f = NULL;
}

int
atomic_file_open(struct atomic_file *a, const char *path)
{
	size_t len = strlen(path);
	int fd, rc;

	memset(a, 0, sizeof(*a));
	a->path = strdup(path);
	a->tmp = malloc(len + 5);
	if (!a->path || !a->tmp) {
		release(a);
		return -ENOMEM;
	}
	memcpy(a->tmp, path, len);
	memcpy(a->tmp + len, ".tmp", 5);
	fd = open(a->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd < 0 || fchmod(fd, 0644) < 0 || !(a->f = fdopen(fd, "w"))) {
		rc = -errno;
		if (fd >= 0) {
			close(fd);
			unlink(a->tmp);
		}
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
