/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the parsers of whole /proc files (test_kparse.c has the
 * stat line): status fields, mountinfo hidepid levels and pidfd fdinfo on
 * hostile and malformed input; then the parsers on what this kernel prints
 * for us and for a zombie child whose name is built to fool them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kparse.h"

/* A string literal as (buf, len). */
#define S(lit) lit, sizeof(lit) - 1

static const char status_text[] = "Name:\tzmaker\n"
                                  "Umask:\t0022\n"
                                  "State:\tS (sleeping)\n"
                                  "Tgid:\t4000\n"
                                  "Ngid:\t0\n"
                                  "Pid:\t4000\n"
                                  "PPid:\t3999\n"
                                  "TracerPid:\t0\n"
                                  "Uid:\t1000\t1001\t1002\t1003\n"
                                  "Gid:\t1000\t1000\t1000\t1000\n"
                                  "NSpid:\t4000\n"
                                  "Threads:\t3\n"
                                  "SigQ:\t0/63405\n"
                                  "SigPnd:\t0000000000000000\n"
                                  "ShdPnd:\t0000000000010000\n"
                                  "SigBlk:\t0000000000010000\n"
                                  "SigIgn:\t0000000000001000\n"
                                  "SigCgt:\t00000001800044aF\n"
                                  "CapInh:\t0000000000000000\n";

static void
test_status_full(void **state)
{
	struct kstatus st;

	(void)state;
	assert_int_equal(
	    kparse_status(status_text, strlen(status_text), &st), 0);
	assert_int_equal(st.have, KST_STATE | KST_PPID | KST_UID | KST_THREADS |
	                              KST_SIGPND | KST_SHDPND | KST_SIGBLK |
	                              KST_SIGIGN | KST_SIGCGT | KST_NSPID |
	                              KST_TRACER | KST_TGID);
	assert_int_equal(st.tgid, 4000);
	assert_int_equal(st.tracer_pid, 0);
	assert_int_equal(st.nspid[0], 4000);
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 3999);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.threads, 3);
	assert_int_equal(st.sigpnd, 0);
	assert_int_equal(st.shdpnd, 0x10000);
	assert_int_equal(st.sigblk, 0x10000);
	assert_int_equal(st.sigign, 0x1000);
	assert_int_equal(st.sigcgt, 0x1800044afULL);
	assert_int_equal(st.nspid_levels, 1);
	assert_int_equal(st.nspid_last, 4000);
}

static void
test_status_masks_hex(void **state)
{
	static const struct {
		const char *text;
		uint64_t want;
	} cases[] = {
	    {"SigCgt:\t0000000000000000\n", 0},
	    {"SigCgt:\t0000000000010000\n", 1ULL << 16},
	    {"SigCgt:\tffffffffffffffff\n", ~0ULL},
	    {"SigCgt:\tFFFFFFFE7FFBFEFF\n", 0xfffffffe7ffbfeffULL},
	    {"SigCgt:\t8000000000000000", 1ULL << 63},
	    {"SigCgt:   abc\n", 0xabc},
	};
	struct kstatus st;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = cases[i].text;

		assert_int_equal(kparse_status(t, strlen(t), &st), 0);
		assert_int_equal(st.have, KST_SIGCGT);
		assert_int_equal(st.sigcgt, cases[i].want);
	}
	/* a mask with no digits is not a mask */
	assert_int_equal(kparse_status(S("SigCgt:\t\n"), &st), -EINVAL);
	assert_int_equal(kparse_status(S("SigCgt:\txyz\n"), &st), -EINVAL);
}

/* Seccomp: and Seccomp_filters: (the ptrace guards refuse mode 2). */
static void
test_status_seccomp(void **state)
{
	static const char t[] = "Seccomp:\t2\nSeccomp_filters:\t3\n";
	struct kstatus st;

	(void)state;
	assert_int_equal(kparse_status(t, strlen(t), &st), 0);
	assert_int_equal(st.have, KST_SECCOMP | KST_SECCOMP_FILTERS);
	assert_int_equal(st.seccomp, 2);
	assert_int_equal(st.seccomp_filters, 3);
}

static void
test_status_nspid(void **state)
{
	static const struct {
		const char *text;
		int levels;
		pid_t last;
	} cases[] = {
	    {"NSpid:\t1234\n", 1, 1234},
	    {"NSpid:\t5678\t1\n", 2, 1},
	    {"NSpid:\t5678\t12\t1", 3, 1},
	    {"NSpid:\t4321", 1, 4321},
	};
	struct kstatus st;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = cases[i].text;

		assert_int_equal(kparse_status(t, strlen(t), &st), 0);
		assert_int_equal(st.have, KST_NSPID);
		assert_int_equal(st.nspid_levels, cases[i].levels);
		assert_int_equal(st.nspid_last, cases[i].last);
	}
	assert_int_equal(kparse_status(S("NSpid:\n"), &st), -EINVAL);
	assert_int_equal(st.nspid_levels, 0);
	/* 2^32 + 1 is no pid, not pid 1 */
	assert_int_equal(
	    kparse_status(S("NSpid:\t5\t4294967297\n"), &st), -EINVAL);
	assert_int_equal(kparse_status(S("PPid:\t4294967297\n"), &st), -EINVAL);
}

static void
test_status_missing_fields(void **state)
{
	static const char some[] = "Name:\tx\nPPid:\t12\nSigIgn:\t0000000000000"
	                           "004";
	struct kstatus st;

	(void)state;
	assert_int_equal(kparse_status(some, strlen(some), &st), 0);
	assert_int_equal(st.have, KST_PPID | KST_SIGIGN);
	assert_int_equal(st.ppid, 12);
	assert_int_equal(st.sigign, 4);
	assert_int_equal(st.state, 0);
	assert_int_equal(st.threads, 0);

	assert_int_equal(kparse_status("", 0, &st), -EINVAL);
	assert_int_equal(
	    kparse_status(S("Name:\tx\nUmask:\t0022\n"), &st), -EINVAL);
	assert_int_equal(st.have, 0);
	assert_int_equal(kparse_status(S("PPid:\t12abc\n"), &st), -EINVAL);
	/* keys must start the line; a value must follow them */
	assert_int_equal(kparse_status(S(" PPid:\t5\nUid:\n"), &st), -EINVAL);
}

/* Keys are found only at the start of a line and len is honoured: the
 * Threads line is cut out by len. */
static void
test_status_len_and_no_newline(void **state)
{
	static const char text[] = "State:\tZ (zombie)\nThreads:\t7\n";
	struct kstatus st;

	(void)state;
	assert_int_equal(kparse_status(text, strlen(text), &st), 0);
	assert_int_equal(st.have, KST_STATE | KST_THREADS);
	assert_int_equal(st.state, 'Z');
	assert_int_equal(st.threads, 7);
	assert_int_equal(kparse_status(text, 18, &st), 0);
	assert_int_equal(st.have, KST_STATE);
	assert_int_equal(kparse_status(text, 7, &st), -EINVAL);
	assert_int_equal(kparse_status(text, 8, &st), 0);
	assert_int_equal(st.state, 'Z');
}

#define MI_ROOT "21 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
#define MI_SYS "24 21 0:22 / /sys rw,nosuid shared:7 - sysfs sysfs rw\n"
#define MI_PROC(opts)                                                          \
	"25 21 0:23 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - "      \
	"proc proc " opts "\n"

static void
test_hidepid(void **state)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
	    {"", -1},
	    {MI_ROOT MI_SYS, -1},
	    {MI_ROOT MI_PROC("rw"), 0},
	    {MI_ROOT MI_PROC("rw,hidepid=0"), 0},
	    {MI_ROOT MI_PROC("rw,hidepid=off"), 0},
	    {MI_ROOT MI_PROC("rw,hidepid=1"), 1},
	    {MI_ROOT MI_PROC("rw,hidepid=noaccess"), 1},
	    {MI_ROOT MI_PROC("rw,hidepid=2"), 2},
	    {MI_ROOT MI_PROC("rw,hidepid=invisible"), 2},
	    {MI_ROOT MI_PROC("rw,hidepid=invisible,subset=pid"), 2},
	    {MI_ROOT MI_PROC("rw,gid=27,hidepid=ptraceable"), 4},
	    {MI_ROOT MI_PROC("rw,hidepid=4"), 4},
	    /* the last /proc mount wins, both ways */
	    {MI_PROC("rw,hidepid=2") MI_SYS MI_PROC("rw"), 0},
	    {MI_PROC("rw") MI_PROC("rw,hidepid=invisible"), 2},
	    /* other proc mounts and other file systems on /proc are ignored */
	    {MI_PROC("rw") "30 21 0:40 / /tmp/proc rw - proc proc "
	                   "rw,hidepid=2\n",
	        0},
	    {MI_PROC("rw,hidepid=2") "31 25 0:41 / /proc/sys rw - proc proc "
	                             "rw\n",
	        2},
	    {"32 21 0:42 / /proc rw - tmpfs tmpfs rw,hidepid=2\n", -1},
	    {"33 21 0:43 / /procfs rw - proc proc rw,hidepid=2\n", -1},
	    /* no newline at the end */
	    {"25 21 0:23 / /proc rw - proc proc rw,hidepid=2", 2},
	    /* garbage lines */
	    {"garbage\n\n - proc proc hidepid=2\n/proc\n", -1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("mountinfo case %zu\n", i);
		assert_int_equal(
		    kparse_hidepid(cases[i].text, strlen(cases[i].text)),
		    cases[i].want);
	}
}

static void
test_fdinfo_pid(void **state)
{
	static const char live[] = "pos:\t0\nflags:\t02000002\nmnt_id:\t15\n"
	                           "ino:\t1057\nPid:\t1234\nNSpid:\t1234\n";
	static const char reaped[] = "pos:\t0\nflags:\t02000002\nPid:\t-1\n"
	                             "NSpid:\t-1";
	static const char nspid_only[] = "pos:\t0\nNSpid:\t77\n";
	pid_t pid = 42;

	(void)state;
	assert_int_equal(kparse_fdinfo_pid(live, strlen(live), &pid), 0);
	assert_int_equal(pid, 1234);
	assert_int_equal(kparse_fdinfo_pid(reaped, strlen(reaped), &pid), 0);
	assert_int_equal(pid, -1);
	assert_int_equal(kparse_fdinfo_pid(S("Pid:\t9"), &pid), 0);
	assert_int_equal(pid, 9);

	pid = 42;
	assert_int_equal(
	    kparse_fdinfo_pid(nspid_only, strlen(nspid_only), &pid), -EINVAL);
	assert_int_equal(kparse_fdinfo_pid("", 0, &pid), -EINVAL);
	assert_int_equal(kparse_fdinfo_pid(S("Pid:\n"), &pid), -EINVAL);
	assert_int_equal(kparse_fdinfo_pid(S("Pid:\tx\n"), &pid), -EINVAL);
	assert_int_equal(
	    kparse_fdinfo_pid(S("Pid:\t4294967297\n"), &pid), -EINVAL);
	assert_int_equal(pid, 42);
	/* len cuts the Pid line off */
	assert_int_equal(kparse_fdinfo_pid(live, 40, &pid), -EINVAL);
}

/* The whole of a /proc file in one buffer; returns its length. */
static size_t
slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r;

	assert_true(fd >= 0);
	while (n < size && (r = read(fd, buf + n, size - n)) > 0)
		n += (size_t)r;
	close(fd);
	assert_true(n < size);
	return n;
}

/* The parsers on what this kernel really prints: our own files, and the
 * stat line of a zombie child whose name is built to fool them. */
static void
test_live_proc(void **state)
{
	static const char name[] = "a) S 1 (\nb";
	static char buf[1 << 16];
	char path[64], fdinfo[1024];
	size_t fdinfo_n;
	pid_t fdpid;
	int pidfd;
	struct kstat ks;
	struct kstatus st;
	siginfo_t si;
	size_t n;
	pid_t pid;

	(void)state;
	/* Our own name, also under valgrind (whose comm is memcheck-*). */
	prctl(PR_SET_NAME, "test_kparse");
	n = slurp("/proc/self/stat", buf, sizeof(buf));
	assert_int_equal(kparse_stat(buf, n, &ks), 0);
	assert_int_equal(ks.pid, getpid());
	assert_int_equal(ks.ppid, getppid());
	assert_string_equal(ks.comm, "test_kparse");
	assert_int_equal(ks.state, 'R');
	assert_true(ks.has_exit_code);

	n = slurp("/proc/self/status", buf, sizeof(buf));
	assert_int_equal(kparse_status(buf, n, &st), 0);
	assert_true(st.have & KST_PPID && st.have & KST_UID &&
	            st.have & KST_NSPID && st.have & KST_SIGCGT);
	assert_int_equal(st.ppid, getppid());
	assert_int_equal(st.uid, getuid());
	assert_int_equal(st.nspid_last, getpid());

	n = slurp("/proc/self/mountinfo", buf, sizeof(buf));
	assert_true(kparse_hidepid(buf, n) >= 0);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_NAME, name);
		_exit(3);
	}
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	n = slurp(path, buf, sizeof(buf));
	pidfd = pidfd_open(pid, 0);
	/* valgrind 3.19 does not know pidfd_open: ENOSYS there only. */
	assert_true(
	    pidfd >= 0 || (errno == ENOSYS && getenv("ZT_VALGRIND_RUN")));
	if (pidfd >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
		fdinfo_n = slurp(path, fdinfo, sizeof(fdinfo));
		assert_int_equal(
		    kparse_fdinfo_pid(fdinfo, fdinfo_n, &fdpid), 0);
		assert_int_equal(fdpid, pid);
	}
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	if (pidfd >= 0) {
		fdinfo_n = slurp(path, fdinfo, sizeof(fdinfo));
		close(pidfd);
		assert_int_equal(
		    kparse_fdinfo_pid(fdinfo, fdinfo_n, &fdpid), 0);
		assert_int_equal(fdpid, -1);
	}
	assert_int_equal(kparse_stat(buf, n, &ks), 0);
	assert_int_equal(ks.pid, pid);
	assert_string_equal(ks.comm, name);
	assert_int_equal(ks.state, 'Z');
	assert_int_equal(ks.ppid, getpid());
	assert_true(ks.has_exit_code);
	assert_int_equal(ks.exit_code, 3 << 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_full),
	    cmocka_unit_test(test_status_seccomp),
	    cmocka_unit_test(test_status_masks_hex),
	    cmocka_unit_test(test_status_nspid),
	    cmocka_unit_test(test_status_missing_fields),
	    cmocka_unit_test(test_status_len_and_no_newline),
	    cmocka_unit_test(test_hidepid),
	    cmocka_unit_test(test_fdinfo_pid),
	    cmocka_unit_test(test_live_proc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
