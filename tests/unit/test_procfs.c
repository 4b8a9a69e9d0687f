/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the one reader per /proc file and the helpers that went
 * with them: procfs_stat on this process, a thread, a real zombie child
 * and a missing PID; the wchan cleaning rule and its live reader; the
 * clock helper; jstr_new on text that is not valid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "jstr.h"
#include "kparse.h"
#include "procfs.h"
#include "testproc.h"
#include "zclock.h"

static void
test_stat_self(void **state)
{
	struct kstat st, self;

	(void)state;
	assert_int_equal(procfs_stat(getpid(), &st), 0);
	assert_int_equal(st.pid, getpid());
	assert_int_equal(st.ppid, getppid());
	assert_int_equal(st.state, 'R');
	assert_true(st.start_ticks > 0);
	/* pid 0 is /proc/self/stat, not the system-wide /proc/stat */
	assert_int_equal(procfs_stat(0, &self), 0);
	assert_int_equal(self.pid, getpid());
	assert_true(self.start_ticks == st.start_ticks);
	assert_int_equal(procfs_task_stat(getpid(), gettid(), &st), 0);
	assert_int_equal(st.pid, gettid());
}

/* A name with parentheses and a space: the comm ends at the LAST ')'. */
static void
test_stat_zombie(void **state)
{
	struct kstat st;
	pid_t z = testproc_zombie(3, "a) (b");

	(void)state;
	assert_int_equal(procfs_stat(z, &st), 0);
	assert_int_equal(st.pid, z);
	assert_string_equal(st.comm, "a) (b");
	assert_int_equal(st.state, 'Z');
	assert_int_equal(st.ppid, getpid());
	assert_true(st.has_exit_code);
	assert_int_equal(st.exit_code, 3 << 8);
	assert_int_equal(waitpid(z, NULL, 0), z);
	/* reaped: gone, and the struct holds nothing stale */
	st.ppid = 42;
	assert_int_equal(procfs_stat(z, &st), -ESRCH);
	assert_int_equal(st.ppid, 0);
	assert_int_equal(procfs_task_stat(z, z, &st), -ESRCH);
}

static void
test_stat_missing(void **state)
{
	struct kstat st;

	(void)state;
	/* above PID_MAX_LIMIT (4M): never a process */
	assert_int_equal(procfs_stat(0x7ffffff0, &st), -ESRCH);
	assert_int_equal(procfs_task_stat(getpid(), 0x7ffffff0, &st), -ESRCH);
}

static const struct {
	const char *in;
	size_t size;
	const char *want;
} wchan_cases[] = {
    {"0", 64, ""},
    {"0\n", 64, ""},
    {"", 64, ""},
    {"do_nanosleep", 64, "do_nanosleep"},
    {"hrtimer_nanosleep\nrest", 64, "hrtimer_nanosleep"},
    {"00", 64, "00"},
    {"sym.cold", 64, "sym.cold"},
    {"a b\x1b[2J\xc3\xa9", 64, "a?b??2J??"},
    {"abcdef", 4, "abc"},
    {"abcdef", 1, ""},
};

static void
test_wchan_clean(void **state)
{
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(wchan_cases) / sizeof(wchan_cases[0]);
	     i++) {
		size_t n = kparse_wchan(wchan_cases[i].in,
		    strlen(wchan_cases[i].in), out, wchan_cases[i].size);

		assert_string_equal(out, wchan_cases[i].want);
		assert_int_equal(n, strlen(wchan_cases[i].want));
	}
	/* a NUL ends the text, whatever the length says */
	assert_int_equal(kparse_wchan("ab\0cd", 5, out, sizeof(out)), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(kparse_wchan("x", 1, out, 0), 0);
}

/* A sleeping child: what the kernel tells (a symbol, or "" when it hides
 * addresses) is printable; once reaped, -ESRCH and "". */
static void
test_wchan_live(void **state)
{
	char out[64];
	ssize_t n;
	pid_t kid = fork();

	(void)state;
	assert_true(kid >= 0);
	if (kid == 0) {
		pause();
		_exit(0);
	}
	for (int i = 0; i < 5000 && testproc_state(kid) != 'S'; i++)
		usleep(1000);
	assert_int_equal(testproc_state(kid), 'S');
	n = procfs_wchan(kid, out, sizeof(out));
	assert_true(n >= 0);
	assert_int_equal((size_t)n, strlen(out));
	assert_int_equal(
	    strspn(out, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                "0123456789_.?"),
	    strlen(out));
	assert_int_equal(kill(kid, SIGKILL), 0);
	assert_int_equal(waitpid(kid, NULL, 0), kid);
	strcpy(out, "stale");
	assert_int_equal(procfs_wchan(kid, out, sizeof(out)), -ESRCH);
	assert_string_equal(out, "");
}

static void
test_clock(void **state)
{
	double t0 = zclock_mono(), t1;
	struct timespec nap = {0, 2000000L};

	(void)state;
	nanosleep(&nap, NULL);
	t1 = zclock_mono();
	assert_true(t1 - t0 >= 0.002);
	assert_true(zclock_since(t0) >= t1 - t0);
	assert_true(zclock_real() - (double)time(NULL) > -1.0);
	assert_true(zclock_real() - (double)time(NULL) < 2.0);
}

/* jansson refuses invalid UTF-8; jstr_new never drops the text. */
static void
test_jstr(void **state)
{
	static const char bad[] = "bad\xff\xfe name\n";
	json_t *j;

	(void)state;
	assert_null(json_string(bad));
	j = jstr_new(bad);
	assert_true(json_is_string(j));
	assert_string_equal(json_string_value(j), "bad\\xff\\xfe name\\n");
	json_decref(j);
	j = jstr_new("plain");
	assert_string_equal(json_string_value(j), "plain");
	json_decref(j);
	j = jstr_new("");
	assert_string_equal(json_string_value(j), "");
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stat_self),
	    cmocka_unit_test(test_stat_zombie),
	    cmocka_unit_test(test_stat_missing),
	    cmocka_unit_test(test_wchan_clean),
	    cmocka_unit_test(test_wchan_live),
	    cmocka_unit_test(test_clock),
	    cmocka_unit_test(test_jstr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
