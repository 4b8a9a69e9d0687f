/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking inside real processes made here: a child execs with a hostile
 * environment (control bytes, invalid UTF-8, huge values), a child holds a
 * hostile-named file, a pipe, a socket and a deleted file; the I/O
 * counters; EACCES as another user; START and TTY for the columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kparse.h"
#include "meters.h"
#include "pinspect.h"
#include "procfs.h"
#include "testproc.h"

#define BIG (120 * 1024) /* under MAX_ARG_STRLEN (128 KiB) */

/* execve takes char *const[]: writable copies of the fixed strings. */
static char s_sleep[] = "sleep", s_600[] = "600", s_first[] = "FIRST=1",
            s_empty[] = "", s_last[] = "LAST=end";

static void
reap(pid_t pid)
{
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
}

/* sleep(1) exec'd with envp; returns once /proc shows that environment. */
static pid_t
spawn_env(char **envp, const char *marker)
{
	char *argv[] = {s_sleep, s_600, NULL};
	struct pinspect_env env;
	pid_t pid = fork();
	bool seen = false;

	assert_true(pid >= 0);
	if (pid == 0) {
		execve("/bin/sleep", argv, envp);
		_exit(127);
	}
	for (int i = 0; i < 5000 && !seen; i++) {
		pinspect_env_read(pid, &env);
		seen = env.nvars && env.vars[0].len == strlen(marker) &&
		       memcmp(env.vars[0].s, marker, env.vars[0].len) == 0;
		pinspect_env_done(&env);
		if (!seen)
			usleep(1000);
	}
	assert_true(seen);
	return pid;
}

static void
test_env_hostile(void **state)
{
	char *big = malloc(BIG + 3), ctl[] = "CTL=\x1b]0;owned\x07\r\n\t\x7f",
	     bad[] = "BAD=\xff\xfe\xc3(\xed\xa0\x80";
	char *envp[] = {s_first, ctl, bad, big, s_empty, s_last, NULL};
	struct pinspect_env env;
	pid_t pid;

	(void)state;
	memcpy(big, "B=", 2);
	memset(big + 2, 'x', BIG);
	big[BIG + 2] = '\0';
	pid = spawn_env(envp, "FIRST=1");
	assert_int_equal(pinspect_env_read(pid, &env), 0);
	assert_int_equal(env.flags, 0);
	/* every entry, raw bytes, the empty one too */
	assert_int_equal(env.nvars, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(env.vars[i].len, strlen(envp[i]));
		assert_memory_equal(env.vars[i].s, envp[i], env.vars[i].len);
	}
	pinspect_env_done(&env);
	reap(pid);
	free(big);
}

/* More than PINSPECT_ENV_BYTES: cut at the cap, and said so. */
static void
test_env_capped(void **state)
{
	enum { N = 10 };
	char *envp[N + 2] = {s_first};
	struct pinspect_env env;
	size_t bytes = 0;
	pid_t pid;

	(void)state;
	for (int i = 1; i <= N; i++) {
		envp[i] = malloc(BIG + 3);
		snprintf(envp[i], BIG + 3, "V%d=", i);
		memset(envp[i] + 3 + (i >= 10), 'y', BIG - 1 - (i >= 10));
		envp[i][BIG + 2] = '\0';
	}
	pid = spawn_env(envp, "FIRST=1");
	assert_int_equal(pinspect_env_read(pid, &env), 0);
	assert_true(env.flags & PINSPECT_TRUNCATED);
	for (size_t i = 0; i < env.nvars; i++)
		bytes += env.vars[i].len + 1;
	assert_true(bytes <= PINSPECT_ENV_BYTES + 1);
	assert_true(env.nvars >= 8 && env.nvars <= N + 1);
	pinspect_env_done(&env);
	reap(pid);
	for (int i = 1; i <= N; i++)
		free(envp[i]);
}

static const char hostile_name[] = "evil\n\x1b[2J\xff name";
static const char fake_deleted[] = "still here (deleted)";

/* fd moved to 64 or above, out of the way of 10-15 (a test runner or
 * valgrind may have left descriptors there: a pipe end landing on 11 was
 * closed by the dup2 onto 11). */
static int
up(int fd)
{
	int hi = fd < 0 ? -1 : fcntl(fd, F_DUPFD, 64);

	if (fd >= 0)
		close(fd);
	return hi;
}

/* The child's descriptors: 10 hostile name at pos 123, 11/12 a pipe,
 * 13 a socket, 14 a deleted file, 15 a name ending in " (deleted)". */
static void
child_fds(const char *dir, int ready)
{
	char path[256];
	int sv[2], p[2], fd;

	if ((ready = up(ready)) < 0)
		_exit(7);
	snprintf(path, sizeof(path), "%s/%s", dir, hostile_name);
	fd = up(open(path, O_RDWR | O_CREAT | O_APPEND, 0600));
	if (fd < 0 || dup2(fd, 10) < 0 || lseek(10, 123, SEEK_SET) != 123)
		_exit(1);
	if (pipe(p) < 0 || (p[0] = up(p[0])) < 0 || (p[1] = up(p[1])) < 0 ||
	    dup2(p[0], 11) < 0 || dup2(p[1], 12) < 0)
		_exit(2);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 ||
	    dup2(up(sv[0]), 13) < 0)
		_exit(3);
	snprintf(path, sizeof(path), "%s/gone", dir);
	if ((fd = up(open(path, O_WRONLY | O_CREAT, 0600))) < 0 ||
	    dup2(fd, 14) < 0 || unlink(path) < 0)
		_exit(4);
	snprintf(path, sizeof(path), "%s/%s", dir, fake_deleted);
	if ((fd = up(open(path, O_RDONLY | O_CREAT, 0600))) < 0 ||
	    dup2(fd, 15) < 0)
		_exit(5);
	if (write(ready, "r", 1) != 1)
		_exit(6);
	pause();
	_exit(0);
}

static const struct pinspect_fd *
find_fd(const struct pinspect_fds *f, int fd)
{
	for (size_t i = 0; i < f->nfds; i++)
		if (f->fds[i].fd == fd)
			return &f->fds[i];
	fail_msg("fd %d not listed", fd);
	return NULL;
}

static bool
ends_with(const struct pinspect_fd *d, const char *tail)
{
	size_t n = strlen(tail);

	return d->target_len >= n &&
	       memcmp(d->target + d->target_len - n, tail, n) == 0;
}

static void
check_fds(const struct pinspect_fds *f)
{
	const struct pinspect_fd *d;

	d = find_fd(f, 10);
	assert_int_equal(d->type, PINSPECT_FD_FILE);
	assert_true(ends_with(d, hostile_name)); /* raw bytes */
	assert_int_equal(d->pos, 123);
	assert_true(d->flags & O_APPEND);
	assert_string_equal(pinspect_fd_mode(d->flags), "rw");
	d = find_fd(f, 11);
	assert_int_equal(d->type, PINSPECT_FD_PIPE);
	assert_true(d->inode == find_fd(f, 12)->inode && d->inode != 0);
	assert_string_equal(pinspect_fd_mode(d->flags), "r");
	assert_string_equal(pinspect_fd_mode(find_fd(f, 12)->flags), "w");
	assert_int_equal(find_fd(f, 13)->type, PINSPECT_FD_SOCKET);
	assert_true(find_fd(f, 13)->inode != 0);
	d = find_fd(f, 14);
	assert_int_equal(d->type, PINSPECT_FD_DELETED);
	assert_true(ends_with(d, "/gone (deleted)"));
	/* the name says deleted, the inode's link count says not */
	assert_int_equal(find_fd(f, 15)->type, PINSPECT_FD_FILE);
}

static void
test_fds(void **state)
{
	char dir[] = "/tmp/zt-pinspect-XXXXXX", cmd[64], c;
	struct pinspect_fds f;
	int ready[2];
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(pipe(ready), 0);
	if ((pid = fork()) == 0)
		child_fds(dir, ready[1]);
	/* our write end closed: a child that failed gives EOF, not a hang */
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(pinspect_fds_read(pid, &f), 0);
	assert_int_equal(f.flags, 0);
	assert_int_equal(f.total, f.nfds);
	for (size_t i = 1; i < f.nfds; i++)
		assert_true(f.fds[i - 1].fd < f.fds[i].fd);
	check_fds(&f);
	pinspect_fds_done(&f);
	reap(pid);
	/* gone: a flag, not a crash */
	assert_int_equal(pinspect_fds_read(pid, &f), -ESRCH);
	assert_true(f.flags & PINSPECT_GONE);
	pinspect_fds_done(&f);
	close(ready[0]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* More descriptors than PINSPECT_FD_MAX: the first ones, and the count. */
static void
test_fds_capped(void **state)
{
	struct rlimit r = {PINSPECT_FD_MAX + 300, PINSPECT_FD_MAX + 300};
	struct pinspect_fds f;
	int ready[2];
	pid_t pid;
	char c;

	(void)state;
	if (getuid() != 0)
		skip(); /* raising the hard limit */
	assert_int_equal(pipe(ready), 0);
	if ((pid = fork()) == 0) {
		if (setrlimit(RLIMIT_NOFILE, &r) < 0)
			_exit(1);
		for (int i = 0; i < PINSPECT_FD_MAX + 100; i++)
			if (open("/dev/null", O_RDONLY) < 0)
				_exit(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		pause();
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		/* valgrind keeps descriptors of its own near the limit */
		assert_int_equal(waitpid(pid, NULL, 0), pid);
		close(ready[0]);
		skip();
	}
	assert_int_equal(pinspect_fds_read(pid, &f), 0);
	assert_true(f.flags & PINSPECT_TRUNCATED);
	assert_int_equal(f.nfds, PINSPECT_FD_MAX);
	assert_true(f.total >= PINSPECT_FD_MAX + 100);
	pinspect_fds_done(&f);
	reap(pid);
	close(ready[0]);
}

/* A zombie has no environment or files left (the kernel answers ESRCH
 * for its environ): said as such, not as gone; a reaped one is gone. */
static void
test_env_zombie(void **state)
{
	struct pinspect_env env;
	struct pinspect_fds f;
	pid_t z = testproc_zombie(0, NULL);

	(void)state;
	assert_int_equal(pinspect_env_read(z, &env), 0);
	assert_int_equal(env.nvars, 0);
	assert_int_equal(env.flags, PINSPECT_ZOMBIE);
	pinspect_env_done(&env);
	assert_int_equal(pinspect_fds_read(z, &f), 0);
	assert_int_equal(f.nfds, 0);
	assert_int_equal(f.flags, PINSPECT_ZOMBIE);
	pinspect_fds_done(&f);
	assert_int_equal(waitpid(z, NULL, 0), z);
	assert_int_equal(pinspect_env_read(z, &env), -ESRCH);
	assert_int_equal(env.flags, PINSPECT_GONE);
	pinspect_env_done(&env);
}

static void
test_classify(void **state)
{
	unsigned long long ino;

	(void)state;
	assert_int_equal(
	    pinspect_fd_classify("socket:[42]", &ino), PINSPECT_FD_SOCKET);
	assert_true(ino == 42);
	assert_int_equal(
	    pinspect_fd_classify("pipe:[7", &ino), PINSPECT_FD_OTHER);
	assert_int_equal(pinspect_fd_classify("anon_inode:[eventfd]", &ino),
	    PINSPECT_FD_ANON);
	assert_int_equal(
	    pinspect_fd_classify("/dev/null", &ino), PINSPECT_FD_FILE);
	assert_int_equal(pinspect_fd_classify("", &ino), PINSPECT_FD_OTHER);
}

/* As nobody: another user's environ, fds and io are a flag. */
static void
test_denied(void **state)
{
	struct pinspect_env env;
	struct pinspect_fds f;
	struct pinspect_io io;
	pid_t pid;
	int st;

	(void)state;
	if (getuid() != 0)
		skip();
	if ((pid = fork()) == 0) {
		pid_t root = getppid();

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(10);
		if (pinspect_env_read(root, &env) != -EACCES ||
		    env.flags != PINSPECT_DENIED)
			_exit(11);
		if (pinspect_fds_read(root, &f) != -EACCES ||
		    !(f.flags & PINSPECT_DENIED))
			_exit(12);
		_exit(pinspect_io_read(root, &io) == -EACCES ? 0 : 13);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_io(void **state)
{
	struct pinspect_io a, b;
	char buf[4096];
	int fd = open("/proc/self/stat", O_RDONLY);

	(void)state;
	assert_int_equal(pinspect_io_read(getpid(), &a), 0);
	assert_true(read(fd, buf, sizeof(buf)) > 0);
	close(fd);
	assert_int_equal(pinspect_io_read(getpid(), &b), 0);
	assert_true(b.rchar > a.rchar);
	assert_true(b.syscr > a.syscr);
	assert_true(pinspect_io_rate(100, 300, 2.0) == 100.0);
	assert_true(pinspect_io_rate(300, 100, 2.0) == 0.0);
	assert_true(pinspect_io_rate(1, 2, 0.0) == 0.0);
	assert_int_equal(pinspect_parse_io("rchar: 5\n", 9, &a), -EINVAL);
	assert_int_equal(pinspect_io_read(0x7ffffff0, &a), -ESRCH);
}

static void
test_start(void **state)
{
	struct meters_sample m;
	struct kstat st;
	time_t now = time(NULL), start;
	char buf[16];

	(void)state;
	assert_int_equal(meters_read(&m), 0);
	assert_int_equal(procfs_stat(getpid(), &st), 0);
	start = pinspect_start_time(
	    st.start_ticks, m.stat.btime, sysconf(_SC_CLK_TCK));
	/* this test started moments ago (btime is rounded: a second) */
	assert_true(start <= now + 1 && start > now - 600);
	pinspect_start_format(now, now, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 5);
	assert_true(buf[2] == ':');
	pinspect_start_format(now - 400 * 86400, now, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 4); /* a year */
	assert_string_equal(
	    pinspect_start_format(0, now, buf, sizeof(buf)), "?");
	assert_true(pinspect_start_time(100, 0, 100) == 0);
	meters_sample_done(&m);
}

static int
dev(unsigned major, unsigned minor)
{
	return (int)(((major & 0xfff) << 8) | (minor & 0xff) |
	             ((minor & 0xfff00) << 12));
}

static void
test_tty(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(pinspect_tty_name(0, buf, sizeof(buf)), "?");
	assert_string_equal(pinspect_tty_name(dev(136, 3), buf, 32), "pts/3");
	assert_string_equal(
	    pinspect_tty_name(dev(137, 44), buf, 32), "pts/300");
	assert_string_equal(
	    pinspect_tty_name(dev(136, 1000), buf, 32), "pts/1000");
	assert_string_equal(pinspect_tty_name(dev(4, 1), buf, 32), "tty1");
	assert_string_equal(pinspect_tty_name(dev(4, 64), buf, 32), "ttyS0");
	assert_string_equal(pinspect_tty_name(dev(5, 1), buf, 32), "console");
	assert_string_equal(pinspect_tty_name(dev(188, 2), buf, 32), "ttyUSB2");
	assert_string_equal(pinspect_tty_name(dev(250, 7), buf, 32), "250:7");
}

/* A child in its own session with a new pty as its terminal: its tty_nr
 * names the pts the kernel gave. */
static void
test_tty_live(void **state)
{
	char want[64], got[32];
	int m = posix_openpt(O_RDWR | O_NOCTTY), ready[2];
	struct kstat st;
	pid_t pid;

	(void)state;
	assert_true(m >= 0);
	assert_int_equal(grantpt(m), 0);
	assert_int_equal(unlockpt(m), 0);
	snprintf(want, sizeof(want), "%s", ptsname(m));
	assert_int_equal(pipe(ready), 0);
	if ((pid = fork()) == 0) {
		if (setsid() < 0 || open(want, O_RDWR) < 0 ||
		    write(ready[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], got, 1), 1);
	assert_int_equal(procfs_stat(pid, &st), 0);
	pinspect_tty_name(st.tty_nr, got, sizeof(got));
	assert_string_equal(got, want + strlen("/dev/"));
	reap(pid);
	close(m);
	close(ready[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_env_hostile),
	    cmocka_unit_test(test_env_capped),
	    cmocka_unit_test(test_fds),
	    cmocka_unit_test(test_fds_capped),
	    cmocka_unit_test(test_env_zombie),
	    cmocka_unit_test(test_classify),
	    cmocka_unit_test(test_denied),
	    cmocka_unit_test(test_io),
	    cmocka_unit_test(test_start),
	    cmocka_unit_test(test_tty),
	    cmocka_unit_test(test_tty_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
