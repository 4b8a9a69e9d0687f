/* ptreap: the guards on views built in memory, then real injections into
 * build/helpers/zblock parents blocked in sleep, read, pause, a busy loop,
 * epoll_wait and with two threads; each must behave as before. Refusals on
 * real traced and stopped parents and a reused PID. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kparse.h"
#include "procfs.h"
#include "ptreap.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The zblock of the running test; the teardown kills and reaps it. */
static struct zb {
	pid_t pid, parent, zombie;
	int in, out;     /* its stdin (write end), its stdout (read end) */
	char text[2048]; /* everything it printed after READY */
	size_t len;
} zb = {.in = -1, .out = -1};

static const struct ptreap_view good = {
    .zpid = 200,
    .want_start = 5000,
    .zombie_found = true,
    .zstate = 'Z',
    .zthreads = 1,
    .zstart = 5000,
    .ppid = 100,
    .self = 50,
    .parent_found = true,
    .pstate = 'S',
    .pthreads = 1,
};

static void
check_guards(void **state)
{
	struct ptreap_view v;
	int r;

	(void)state;
	assert_int_equal(ptreap_check(&good), PTREAP_OK);
	v = good, v.zstate = 'S';
	assert_int_equal(ptreap_check(&v), PTREAP_NOT_ZOMBIE);
	v = good, v.zthreads = 3; /* a leader that exited: still alive */
	assert_int_equal(ptreap_check(&v), PTREAP_NOT_ZOMBIE);
	v = good, v.zombie_found = false;
	assert_int_equal(ptreap_check(&v), PTREAP_NOT_ZOMBIE);
	v = good, v.zstart = 5001;
	assert_int_equal(ptreap_check(&v), PTREAP_IDENTITY);
	v = good, v.ppid = 1;
	assert_int_equal(ptreap_check(&v), PTREAP_PARENT_INIT);
	v = good, v.ppid = 50;
	assert_int_equal(ptreap_check(&v), PTREAP_PARENT_SELF);
	v = good, v.tracer = 77;
	assert_int_equal(ptreap_check(&v), PTREAP_TRACED);
	v = good, v.pstate = 'D';
	assert_int_equal(ptreap_check(&v), PTREAP_DSTATE);
	v = good, v.pstate = 'T';
	assert_int_equal(ptreap_check(&v), PTREAP_STOPPED);
	v = good, v.pstate = 't';
	assert_int_equal(ptreap_check(&v), PTREAP_STOPPED);
	v = good, v.pstate = 'Z';
	assert_int_equal(ptreap_check(&v), PTREAP_PARENT_GONE);
	v = good, v.pstate = 'Z', v.pthreads = 2; /* its threads still wait */
	assert_int_equal(ptreap_check(&v), PTREAP_OK);
	for (r = 0; r < PTREAP_NREASONS; r++)
		assert_string_not_equal(ptreap_message(r), "unknown reason");
}

static void
check_hazards(void **state)
{
	(void)state;
	assert_non_null(strstr(ptreap_hazards[0], "ECHILD"));
	assert_non_null(strstr(ptreap_hazards[1], "reports 0"));
	assert_non_null(strstr(ptreap_hazards[2], "EINTR"));
	assert_non_null(ptreap_hazards[3]);
	assert_null(ptreap_hazards[4]);
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Appends what zblock printed within `secs`; true once `want` is seen. */
static bool
zb_read_until(const char *want, double secs)
{
	double end = now() + secs;
	struct pollfd p = {.fd = zb.out, .events = POLLIN};

	while (!strstr(zb.text, want) && now() < end) {
		ssize_t n;

		if (poll(&p, 1, 50) != 1)
			continue;
		n = read(
		    zb.out, zb.text + zb.len, sizeof(zb.text) - 1 - zb.len);
		if (n <= 0)
			break;
		zb.len += (size_t)n;
		zb.text[zb.len] = '\0';
	}
	return strstr(zb.text, want) != NULL;
}

static void
zb_start(const char *const *args)
{
	const char *dir = getenv("HELPERS");
	char path[512], *ready;
	const char *argv[8] = {"zblock"};
	int in[2], out[2], i;

	snprintf(path, sizeof(path), "%s/zblock", dir ? dir : "build/helpers");
	for (i = 0; args[i] && i < 6; i++)
		argv[i + 1] = args[i];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	zb.pid = fork();
	assert_true(zb.pid >= 0);
	if (zb.pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	zb.in = in[1];
	zb.out = out[0];
	assert_true(zb_read_until("\n", 20));
	ready = strstr(zb.text, "READY ");
	assert_non_null(ready);
	assert_int_equal(
	    sscanf(ready, "READY %d %d", &zb.parent, &zb.zombie), 2);
	memmove(zb.text, strchr(zb.text, '\n') + 1,
	    strlen(strchr(zb.text, '\n') + 1) + 1);
	zb.len = strlen(zb.text);
}

static int
zb_teardown(void **state)
{
	(void)state;
	if (zb.pid > 0) {
		kill(zb.pid, SIGCONT);
		kill(zb.pid, SIGKILL);
		waitpid(zb.pid, NULL, 0);
	}
	if (zb.in >= 0)
		close(zb.in);
	if (zb.out >= 0)
		close(zb.out);
	memset(&zb, 0, sizeof(zb));
	zb.in = zb.out = -1;
	return 0;
}

static unsigned long long
start_of(pid_t pid)
{
	char buf[1024];
	struct kstat st;
	ssize_t n = procfs_read(pid, "stat", buf, sizeof(buf));

	assert_true(n > 0);
	assert_int_equal(kparse_stat(buf, (size_t)n, &st), 0);
	return st.start_ticks;
}

static char
state_of(pid_t pid)
{
	char buf[1024];
	struct kstat st;
	ssize_t n = procfs_read(pid, "stat", buf, sizeof(buf));

	if (n < 0 || kparse_stat(buf, (size_t)n, &st) < 0)
		return '?';
	return st.state;
}

/* Polls until the parent sleeps in syscall nr (/proc/PID/syscall). */
static bool
in_syscall(pid_t pid, long nr, double secs)
{
	double end = now() + secs;
	char buf[256];

	do {
		if (procfs_read(pid, "syscall", buf, sizeof(buf)) > 0 &&
		    atol(buf) == nr && buf[0] != 'r' && state_of(pid) == 'S')
			return true;
		usleep(2000);
	} while (now() < end);
	return false;
}

/* Reaps zb.zombie by injection; false (and the test is skipped) when
 * ptrace is not permitted here. */
static bool
reap(struct ptreap_result *res)
{
	int rc = ptreap_reap(zb.zombie, start_of(zb.zombie), res);

	if (res->reason == PTREAP_PERM) {
		fprintf(stderr, "ptrace is not permitted here (%s): skipped\n",
		    res->message);
		return false;
	}
	if (rc != 0)
		fprintf(
		    stderr, "ptreap_reap: %s (%d)\n", res->message, res->err);
	assert_int_equal(rc, 0);
	assert_int_equal(res->reason, PTREAP_OK);
	assert_int_equal(res->wait_ret, zb.zombie);
	assert_int_equal(res->parent, zb.parent);
	assert_int_not_equal(state_of(zb.zombie), 'Z');
	return true;
}

static double
field(const char *line_start, const char *key)
{
	const char *l = strstr(zb.text, line_start), *k;

	assert_non_null(l);
	k = strstr(l, key);
	assert_non_null(k);
	return atof(k + strlen(key));
}

/* Its own waitpid afterwards: ECHILD, the documented hazard. */
static void
assert_lost_child(void)
{
	assert_true(zb_read_until("DONE", 30));
	assert_non_null(strstr(zb.text, "wait rc=-1 errno=10"));
}

#if defined(__x86_64__)
static void
reap_sleep(void **state)
{
	const char *args[] = {"sleep", "2", NULL};
	struct ptreap_result res;

	(void)state;
	zb_start(args);
	assert_true(in_syscall(zb.parent, SYS_clock_nanosleep, 20));
	if (!reap(&res))
		skip();
	assert_int_equal(res.site, PTREAP_SITE_SYSCALL);
	assert_true(res.was_in_syscall);
	assert_true(zb_read_until("sleep rc=", 30));
	assert_true(zb_read_until("\n", 5));
	assert_int_equal((int)field("sleep", "rc="), 0);
	/* The whole time, not cut short as when restored at the exit stop. */
	assert_true(field("sleep", "elapsed=") >= 1.99);
	assert_lost_child();
}

static void
reap_read(void **state)
{
	const char *args[] = {"read", "0", NULL};
	struct ptreap_result res;

	(void)state;
	zb_start(args);
	assert_true(in_syscall(zb.parent, SYS_read, 20));
	if (!reap(&res))
		skip();
	assert_int_equal(res.site, PTREAP_SITE_SYSCALL);
	/* Still blocked in read (restarted, not failed with errno 512). */
	assert_true(in_syscall(zb.parent, SYS_read, 20));
	assert_int_equal(write(zb.in, "hello\n", 6), 6);
	assert_true(zb_read_until("DONE", 30));
	assert_non_null(strstr(zb.text, "read n=6 errno=0 data=hello"));
	assert_lost_child();
}

static void
reap_pause(void **state)
{
	const char *args[] = {"pause", "0", NULL};
	struct ptreap_result res;

	(void)state;
	zb_start(args);
	assert_true(in_syscall(zb.parent, SYS_pause, 20));
	if (!reap(&res))
		skip();
	assert_true(in_syscall(zb.parent, SYS_pause, 20));
	assert_false(zb_read_until("pause", 0.2));
	assert_int_equal(kill(zb.parent, SIGUSR1), 0);
	assert_true(zb_read_until("DONE", 30));
	assert_non_null(strstr(zb.text, "pause rc=-1 errno=4 sig=10"));
	assert_lost_child();
}

static void
reap_busy(void **state)
{
	const char *args[] = {"busy", "2", NULL};
	struct ptreap_result res;

	(void)state;
	zb_start(args);
	if (!reap(&res))
		skip();
	assert_false(res.was_in_syscall);
	assert_int_equal(res.site, PTREAP_SITE_VDSO);
	assert_true(zb_read_until("DONE", 30));
	assert_true(field("busy", "loops=") > 0);
	assert_true(field("busy", "elapsed=") >= 2.0);
	assert_lost_child();
}

/* epoll_wait cannot be restarted: it returns EINTR (documented hazard). */
static void
reap_epoll(void **state)
{
	const char *args[] = {"epoll", "20", NULL};
	struct ptreap_result res;

	(void)state;
	zb_start(args);
	assert_true(in_syscall(zb.parent, SYS_epoll_wait, 20));
	if (!reap(&res))
		skip();
	assert_true(zb_read_until("DONE", 30));
	assert_non_null(strstr(zb.text, "epoll rc=-1 errno=4"));
	assert_lost_child();
}

/* The zombie is the child of the second thread; the leader takes it. */
static void
reap_threads(void **state)
{
	const char *args[] = {"-t", "sleep", "2", NULL};
	struct ptreap_result res;

	(void)state;
	zb_start(args);
	assert_true(in_syscall(zb.parent, SYS_clock_nanosleep, 20));
	if (!reap(&res))
		skip();
	assert_int_equal(res.tid, zb.parent);
	assert_true(zb_read_until("DONE", 30));
	assert_int_equal((int)field("sleep", "rc="), 0);
	assert_true(field("sleep", "elapsed=") >= 1.99);
	assert_int_equal((int)field("thread", "rc="), 0);
	assert_true(field("thread", "elapsed=") >= 1.99);
	assert_lost_child();
}
#endif

static void
refuse_traced(void **state)
{
	const char *args[] = {"pause", "0", NULL};
	struct ptreap_result res;
	int st;

	(void)state;
	zb_start(args);
	if (ptrace(PTRACE_SEIZE, zb.parent, 0, 0) < 0) {
		fprintf(stderr, "ptrace is not permitted here: skipped\n");
		skip();
	}
	assert_int_equal(
	    ptreap_reap(zb.zombie, start_of(zb.zombie), &res), -EBUSY);
	assert_int_equal(res.reason, PTREAP_TRACED);
	assert_int_equal(res.tracer, getpid());
	assert_int_equal(state_of(zb.zombie), 'Z');
	assert_int_equal(ptrace(PTRACE_INTERRUPT, zb.parent, 0, 0), 0);
	assert_int_equal(waitpid(zb.parent, &st, __WALL), zb.parent);
	assert_int_equal(ptrace(PTRACE_DETACH, zb.parent, 0, 0), 0);
}

static void
refuse_stopped(void **state)
{
	const char *args[] = {"pause", "0", NULL};
	struct ptreap_result res;
	double end;

	(void)state;
	zb_start(args);
	assert_int_equal(kill(zb.parent, SIGSTOP), 0);
	for (end = now() + 20; state_of(zb.parent) != 'T' && now() < end;)
		usleep(2000);
	assert_int_equal(
	    ptreap_reap(zb.zombie, start_of(zb.zombie), &res), -EBUSY);
	assert_int_equal(res.reason, PTREAP_STOPPED);
	assert_int_equal(state_of(zb.zombie), 'Z');
	assert_int_equal(state_of(zb.parent), 'T');
}

/* A stale start time (the PID reused), a live process, ourselves. */
static void
refuse_identity(void **state)
{
	const char *args[] = {"pause", "0", NULL};
	struct ptreap_result res;
	pid_t kid;
	double end;

	(void)state;
	zb_start(args);
	assert_int_equal(
	    ptreap_reap(zb.zombie, start_of(zb.zombie) + 1, &res), -ESRCH);
	assert_int_equal(res.reason, PTREAP_IDENTITY);
	assert_int_equal(
	    ptreap_reap(zb.parent, start_of(zb.parent), &res), -ESRCH);
	assert_int_equal(res.reason, PTREAP_NOT_ZOMBIE);
	assert_int_equal(state_of(zb.zombie), 'Z');
	kid = fork();
	if (kid == 0)
		_exit(0);
	for (end = now() + 20; state_of(kid) != 'Z' && now() < end;)
		usleep(2000);
	assert_int_equal(ptreap_reap(kid, start_of(kid), &res), -EINVAL);
	assert_int_equal(res.reason, PTREAP_PARENT_SELF);
	assert_int_equal(waitpid(kid, NULL, 0), kid);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_guards),
		cmocka_unit_test(check_hazards),
#if defined(__x86_64__)
		cmocka_unit_test_teardown(reap_sleep, zb_teardown),
		cmocka_unit_test_teardown(reap_read, zb_teardown),
		cmocka_unit_test_teardown(reap_pause, zb_teardown),
		cmocka_unit_test_teardown(reap_busy, zb_teardown),
		cmocka_unit_test_teardown(reap_epoll, zb_teardown),
		cmocka_unit_test_teardown(reap_threads, zb_teardown),
#endif
		cmocka_unit_test_teardown(refuse_traced, zb_teardown),
		cmocka_unit_test_teardown(refuse_stopped, zb_teardown),
		cmocka_unit_test_teardown(refuse_identity, zb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
