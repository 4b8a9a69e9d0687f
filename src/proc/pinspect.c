/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside one process: environ split on NUL, fd/ with fdinfo, io, and the
 * START and TTY columns. Every /proc read goes through procfs; failures
 * become flags on the result, bytes stay raw for the escape module. */
#include "pinspect.h"

#include "kparse.h"
#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool
is_zombie(pid_t pid)
{
	struct kstat st;

	return procfs_stat(pid, &st) == 0 && st.state == 'Z';
}

static unsigned
flag_of(int err)
{
	if (err == -EACCES || err == -EPERM)
		return PINSPECT_DENIED;
	return err == -ESRCH ? PINSPECT_GONE : PINSPECT_ERROR;
}

int
pinspect_env_split(char *buf, size_t len, struct pinspect_env *env)
{
	size_t n = 0, i = 0;

	env->buf = buf;
	for (size_t k = 0; k < len; k++)
		n += buf[k] == '\0';
	n += len && buf[len - 1] != '\0';
	if (n > PINSPECT_ENV_MAX) {
		n = PINSPECT_ENV_MAX;
		env->flags |= PINSPECT_TRUNCATED;
	}
	env->vars = calloc(n ? n : 1, sizeof(*env->vars));
	if (!env->vars)
		return -ENOMEM;
	while (i < len && env->nvars < n) {
		size_t l = strnlen(buf + i, len - i);

		/* an empty entry (two NULs) is kept: the bytes are the truth */
		env->vars[env->nvars].s = buf + i;
		env->vars[env->nvars++].len = l;
		i += l + 1;
	}
	return 0;
}

int
pinspect_env_read(pid_t pid, struct pinspect_env *env)
{
	char *buf = NULL;
	bool cut = false;
	ssize_t n;
	int rc;

	memset(env, 0, sizeof(*env));
	n = procfs_read_max(pid, "environ", PINSPECT_ENV_BYTES, &buf, &cut);
	if (n == -ESRCH && is_zombie(pid)) {
		env->flags |= PINSPECT_ZOMBIE;
		return 0;
	}
	if (n < 0) {
		env->err = (int)n;
		env->flags |= flag_of((int)n);
		return (int)n;
	}
	if (cut)
		env->flags |= PINSPECT_TRUNCATED;
	if ((rc = pinspect_env_split(buf, (size_t)n, env)) < 0) {
		env->err = rc;
		env->flags |= PINSPECT_ERROR;
	}
	return rc;
}

void
pinspect_env_done(struct pinspect_env *env)
{
	if (!env)
		return;
	free(env->buf);
	free(env->vars);
	memset(env, 0, sizeof(*env));
}

/* "socket:[123]" -> 123 when target starts with prefix. */
static bool
bracket_inode(const char *t, const char *prefix, unsigned long long *inode)
{
	size_t pl = strlen(prefix);
	char *end;

	if (strncmp(t, prefix, pl) != 0 || t[pl] != '[')
		return false;
	*inode = strtoull(t + pl + 1, &end, 10);
	return *end == ']';
}

enum pinspect_fd_type
pinspect_fd_classify(const char *target, unsigned long long *inode)
{
	*inode = 0;
	if (bracket_inode(target, "socket:", inode))
		return PINSPECT_FD_SOCKET;
	if (bracket_inode(target, "pipe:", inode))
		return PINSPECT_FD_PIPE;
	if (strncmp(target, "anon_inode:", 11) == 0)
		return PINSPECT_FD_ANON;
	/* " (deleted)" alone could be part of a real name: the caller
	 * decides deletion by st_nlink when it can stat the file. */
	return target[0] == '/' ? PINSPECT_FD_FILE : PINSPECT_FD_OTHER;
}

int
pinspect_parse_fdinfo(const char *buf, size_t len, long long *pos, int *flags)
{
	bool have_pos = false, have_flags = false;
	size_t i = 0;

	*pos = -1;
	*flags = -1;
	while (i < len) {
		const char *line = buf + i, *nl = memchr(line, '\n', len - i);
		size_t l = nl ? (size_t)(nl - line) : len - i;
		char tmp[64];
		unsigned fl;

		if (l < sizeof(tmp)) {
			memcpy(tmp, line, l);
			tmp[l] = '\0';
			if (sscanf(tmp, "pos: %lld", pos) == 1 && *pos >= 0)
				have_pos = true;
			else if (sscanf(tmp, "flags: %o", &fl) == 1 &&
			         fl <= 0x7fffffff) {
				*flags = (int)fl;
				have_flags = true;
			}
		}
		i += l + 1;
	}
	if (!have_pos)
		*pos = -1;
	if (!have_flags)
		*flags = -1;
	return have_pos && have_flags ? 0 : -EINVAL;
}

const char *
pinspect_fd_mode(int flags)
{
	if (flags < 0)
		return "?";
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return "r";
	case O_WRONLY:
		return "w";
	default:
		return "rw";
	}
}

/* One descriptor: link, type (stat for deletion), fdinfo. 0, -ESRCH when
 * it was closed meanwhile, -ENOMEM. */
static int
describe_fd(pid_t pid, int fd, struct pinspect_fd *d)
{
	char name[48], info[1024], link[PINSPECT_PATH_MAX + 1];
	struct stat st;
	ssize_t n;

	memset(d, 0, sizeof(*d));
	d->fd = fd;
	snprintf(name, sizeof(name), "fd/%d", fd);
	n = procfs_readlink(pid, name, link, sizeof(link));
	if (n == -ESRCH)
		return -ESRCH;
	d->target_len = n < 0 ? 0 : (size_t)n;
	d->target_cut = n == PINSPECT_PATH_MAX;
	/* exactly the bytes: 4,096 descriptors must not cost 16 MiB */
	if (!(d->target = malloc(d->target_len + 1)))
		return -ENOMEM;
	memcpy(d->target, link, d->target_len);
	d->target[d->target_len] = '\0';
	d->type = pinspect_fd_classify(d->target, &d->inode);
	if (procfs_stat_target(pid, name, &st) == 0) {
		if (d->type == PINSPECT_FD_FILE && st.st_nlink == 0)
			d->type = PINSPECT_FD_DELETED;
		if (!d->inode)
			d->inode = (unsigned long long)st.st_ino;
	}
	snprintf(name, sizeof(name), "fdinfo/%d", fd);
	n = procfs_read(pid, name, info, sizeof(info));
	/* the parser sets what it did not find to -1 */
	pinspect_parse_fdinfo(info, n < 0 ? 0 : (size_t)n, &d->pos, &d->flags);
	return 0;
}

static int
cmp_fd(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int
pinspect_fds_read(pid_t pid, struct pinspect_fds *out)
{
	int *nums = malloc(PINSPECT_FD_MAX * sizeof(*nums)), rc = 0;
	ssize_t n;

	memset(out, 0, sizeof(*out));
	if (!nums)
		return -ENOMEM;
	n = procfs_fds(pid, nums, PINSPECT_FD_MAX, &out->total);
	if (n >= 0 &&
	    !(out->fds = calloc(n ? (size_t)n : 1, sizeof(*out->fds))))
		n = -ENOMEM;
	if (n < 0) {
		out->err = (int)n;
		out->flags |= flag_of((int)n);
		free(nums);
		return (int)n;
	}
	if (out->total > (size_t)n)
		out->flags |= PINSPECT_TRUNCATED;
	qsort(nums, (size_t)n, sizeof(*nums), cmp_fd);
	for (ssize_t i = 0; i < n && rc != -ENOMEM; i++) {
		rc = describe_fd(pid, nums[i], &out->fds[out->nfds]);
		if (rc == 0)
			out->nfds++;
	}
	free(nums);
	if (out->nfds == 0 && is_zombie(pid))
		out->flags |= PINSPECT_ZOMBIE;
	if (rc == -ENOMEM) {
		out->err = rc;
		out->flags |= PINSPECT_ERROR;
		return rc;
	}
	return 0;
}

void
pinspect_fds_done(struct pinspect_fds *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nfds; i++)
		free(f->fds[i].target);
	free(f->fds);
	memset(f, 0, sizeof(*f));
}

static const char *const io_keys[] = {"rchar:", "wchar:", "syscr:", "syscw:",
    "read_bytes:", "write_bytes:", "cancelled_write_bytes:"};

int
pinspect_parse_io(const char *buf, size_t len, struct pinspect_io *io)
{
	unsigned long long *field[] = {&io->rchar, &io->wchar, &io->syscr,
	    &io->syscw, &io->read_bytes, &io->write_bytes,
	    &io->cancelled_write_bytes};
	unsigned have = 0;
	size_t i = 0;

	memset(io, 0, sizeof(*io));
	while (i < len) {
		const char *line = buf + i, *nl = memchr(line, '\n', len - i);
		size_t l = nl ? (size_t)(nl - line) : len - i;
		char tmp[80];

		if (l < sizeof(tmp)) {
			memcpy(tmp, line, l);
			tmp[l] = '\0';
		}
		for (size_t k = 0; l < sizeof(tmp) && k < 7; k++) {
			size_t kl = strlen(io_keys[k]);

			if (strncmp(tmp, io_keys[k], kl) == 0 &&
			    sscanf(tmp + kl, "%llu", field[k]) == 1) {
				have |= 1u << k;
				break;
			}
		}
		i += l + 1;
	}
	return (have & 1) && (have & 16) ? 0 : -EINVAL;
}

int
pinspect_io_read(pid_t pid, struct pinspect_io *io)
{
	char buf[512];
	ssize_t n = procfs_read(pid, "io", buf, sizeof(buf));

	if (n < 0) {
		memset(io, 0, sizeof(*io));
		return n == -EPERM ? -EACCES : (int)n;
	}
	return pinspect_parse_io(buf, (size_t)n, io);
}

double
pinspect_io_rate(
    unsigned long long prev, unsigned long long cur, double seconds)
{
	if (cur < prev || !(seconds > 0))
		return 0.0;
	return (double)(cur - prev) / seconds;
}

time_t
pinspect_start_time(unsigned long long start_ticks, long long btime, long hz)
{
	if (hz <= 0 || btime <= 0)
		return 0;
	return (time_t)(btime + (long long)(start_ticks / (unsigned long)hz));
}

char *
pinspect_start_format(time_t start, time_t now, char *buf, size_t size)
{
	struct tm s, n;

	if (start <= 0 || !localtime_r(&start, &s) || !localtime_r(&now, &n)) {
		snprintf(buf, size, "?");
		return buf;
	}
	/* ps: within a day "HH:MM", within the year "MonDD", else the year */
	if (now - start < 24 * 3600 && s.tm_yday == n.tm_yday &&
	    s.tm_year == n.tm_year)
		strftime(buf, size, "%H:%M", &s);
	else if (s.tm_year == n.tm_year)
		strftime(buf, size, "%b%d", &s);
	else
		strftime(buf, size, "%Y", &s);
	return buf;
}

/* Device majors with a fixed name, as ps's fallback table has them. */
static const struct {
	unsigned major, first_minor;
	const char *prefix; /* then the minor minus first_minor */
} tty_majors[] = {
    {4, 64, "ttyS"}, /* serial lines, minors 64-255 */
    {4, 0, "tty"},   /* virtual consoles, minors 0-63 */
    {204, 64, "ttyAMA"},
    {166, 0, "ttyACM"},
    {188, 0, "ttyUSB"},
    {229, 0, "hvc"},
};

char *
pinspect_tty_name(int tty_nr, char *buf, size_t size)
{
	unsigned nr = (unsigned)tty_nr;
	unsigned major = (nr >> 8) & 0xfff;
	unsigned minor = (nr & 0xff) | ((nr >> 12) & 0xfff00);

	if (tty_nr == 0)
		snprintf(buf, size, "?");
	else if (major >= 136 && major <= 143) /* Unix98 ptys */
		snprintf(buf, size, "pts/%u", (major - 136) * 256 + minor);
	else if (major == 5 && minor <= 1)
		snprintf(buf, size, "%s", minor ? "console" : "tty");
	else {
		for (size_t i = 0; i < sizeof(tty_majors) / sizeof(*tty_majors);
		     i++)
			if (tty_majors[i].major == major &&
			    minor >= tty_majors[i].first_minor) {
				snprintf(buf, size, "%s%u",
				    tty_majors[i].prefix,
				    minor - tty_majors[i].first_minor);
				return buf;
			}
		snprintf(buf, size, "%u:%u", major, minor);
	}
	return buf;
}
