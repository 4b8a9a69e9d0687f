/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the /proc text parsers on hostile and malformed input: comms
 * that try to fool the stat parser, truncated and garbage lines, status
 * fields, mountinfo hidepid levels and pidfd fdinfo; then the same parsers
 * on what this kernel prints for us and for a zombie child. */
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

/* Fields 3..52 of a real zombie's stat line: state Z, ppid 1, tty 0, utime
 * 5, stime 7, 1 thread, start 4242, rss 0 and exit code 768 (exit 3). */
#define STAT_TAIL                                                              \
	"Z 1 1000 1000 0 -1 4227084 60 0 0 0 5 7 0 0 20 0 1 0 4242 0 0 "       \
	"18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 " \
	"0 0 0 768\n"

static int
parse_stat(const char *line, struct kstat *ks)
{
	return kparse_stat(line, strlen(line), ks);
}

/* "9 (x) Z 1 0 0 ..." with 52 fields, field i taken from f[i] if set. */
static void
stat_line(char *buf, size_t size, const char *const f[53])
{
	size_t n = (size_t)snprintf(buf, size, "9 (x) Z");

	for (int i = 4; i <= 52 && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, " %s",
		    f[i]     ? f[i]
		    : i == 4 ? "1"
		             : "0");
}

/* comm as the kernel would print it between the first '(' and the last
 * ')' of the line. */
static const struct {
	const char *comm;
	const char *why;
} hostile_comms[] = {
    {"cat", "plain"},
    {"a b c", "spaces"},
    {"(sd-pam)", "parentheses around"},
    {"x) S 1 (y", "a fake state and ppid"},
    {") S 1 (", "a fake end of comm"},
    {"))))", "only closing parens"},
    {"((((", "only opening parens"},
    {"line\nbreak", "a newline"},
    {"", "empty"},
    {"abcdefghijklmn)", "15 bytes ending in ')'"},
    {"tab\there", "a tab"},
    {"\xe4\xb8\xad\xff", "non-UTF-8 bytes"},
    {") Z 99 99 99 ", "a fake zombie"},
};

static void
test_stat_hostile_comms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hostile_comms) / sizeof(hostile_comms[0]);
	     i++) {
		char line[1024];
		struct kstat ks;

		snprintf(line, sizeof(line), "4321 (%s) %s",
		    hostile_comms[i].comm, STAT_TAIL);
		print_message("comm with %s\n", hostile_comms[i].why);
		assert_int_equal(parse_stat(line, &ks), 0);
		assert_int_equal(ks.pid, 4321);
		assert_string_equal(ks.comm, hostile_comms[i].comm);
		assert_int_equal(ks.state, 'Z');
		assert_int_equal(ks.ppid, 1);
		assert_int_equal(ks.tty_nr, 0);
		assert_int_equal(ks.utime, 5);
		assert_int_equal(ks.stime, 7);
		assert_int_equal(ks.threads, 1);
		assert_int_equal(ks.start_ticks, 4242);
		assert_int_equal(ks.rss_pages, 0);
		assert_true(ks.has_exit_code);
		assert_int_equal(ks.exit_code, 768);
	}
}

/* Workqueue threads show names longer than 15 bytes; a comm beyond the
 * buffer is cut, the fields after it still parse. */
static void
test_stat_long_comm(void **state)
{
	char comm[200], line[1024];
	struct kstat ks;

	(void)state;
	memset(comm, 'w', sizeof(comm) - 1);
	comm[sizeof(comm) - 1] = '\0';
	comm[50] = ')';
	snprintf(line, sizeof(line), "4321 (%s) %s", comm, STAT_TAIL);
	assert_int_equal(parse_stat(line, &ks), 0);
	assert_int_equal(strlen(ks.comm), KPARSE_COMM_MAX - 1);
	assert_memory_equal(ks.comm, comm, KPARSE_COMM_MAX - 1);
	assert_int_equal(ks.state, 'Z');
	assert_int_equal(ks.start_ticks, 4242);
	assert_int_equal(ks.exit_code, 768);
}

/* A real line of a running process, with no trailing newline. */
static void
test_stat_live_line_no_newline(void **state)
{
	static const char line[] =
	    "812 (bash) S 800 812 812 34816 1290 4194304 3160 10519 0 3 12 9 "
	    "15 6 20 0 1 0 98765 8822784 1311 18446744073709551615 1 1 0 0 0 "
	    "0 65536 3670020 1266777851 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0";
	struct kstat ks;

	(void)state;
	assert_int_equal(kparse_stat(line, sizeof(line) - 1, &ks), 0);
	assert_string_equal(ks.comm, "bash");
	assert_int_equal(ks.state, 'S');
	assert_int_equal(ks.ppid, 800);
	assert_int_equal(ks.tty_nr, 34816);
	assert_int_equal(ks.utime, 12);
	assert_int_equal(ks.stime, 9);
	assert_int_equal(ks.start_ticks, 98765);
	assert_int_equal(ks.rss_pages, 1311);
	assert_true(ks.has_exit_code);
	assert_int_equal(ks.exit_code, 0);
}

/* The parser must never read past len: the buffer continues with a
 * complete line that must not be seen. */
static void
test_stat_respects_len(void **state)
{
	static const char buf[] = "77 (a) S 5 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 "
	                          "3 0 55 0 9 1 2 3 4 5 6 7 8 9 10 11 12 13 14 "
	                          "15 16 17 18 19 20 21 22 23 24 25 26 27 99)";
	const char *cut = strstr(buf, " 3 0 55");
	struct kstat ks;

	(void)state;
	assert_non_null(cut);
	assert_int_equal(kparse_stat(buf, (size_t)(cut - buf), &ks), 0);
	assert_string_equal(ks.comm, "a");
	assert_int_equal(ks.stime, 2);
	assert_int_equal(ks.threads, 0);
	assert_false(ks.has_exit_code);
	/* The last ')' lies beyond len: it must not be taken as comm's. */
	assert_int_equal(kparse_stat(buf, strlen(buf) - 1, &ks), 0);
	assert_string_equal(ks.comm, "a");
}

static void
test_stat_truncated(void **state)
{
	static const char *const lines[] = {
	    "9 (x) Z 1",
	    "9 (x) Z 1 1 1 0 -1 4227084 60 0 0 0 5 7 0 0 20 0 1 0 4242",
	    "9 (x) Z 1 1 1 0 -1 4227084 60 0 0 0 5 7 0 0 20 0 1 0 4242 0 0 "
	    "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 "
	    "0 0 0\n",
	    "9 (x) Z",
	    "9 (x) Z\n",
	};
	struct kstat ks;

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		assert_int_equal(parse_stat(lines[i], &ks), 0);
		assert_int_equal(ks.pid, 9);
		assert_int_equal(ks.state, 'Z');
		assert_false(ks.has_exit_code);
		assert_int_equal(ks.exit_code, 0);
	}
	assert_int_equal(parse_stat(lines[1], &ks), 0);
	assert_int_equal(ks.threads, 1);
	assert_int_equal(ks.start_ticks, 4242);
}

static void
test_stat_garbage(void **state)
{
	static const char *const bad[] = {
	    "",
	    " ",
	    "\n",
	    "hello world",
	    "(x) S 1",
	    "0 (x) S 1",
	    "-5 (x) S 1",
	    "abc (x) S 1",
	    "12 x) S 1",
	    "12 (x S 1",
	    "12 )x( S 1",
	    "12 (x)",
	    "12 (x) ",
	    "12 (x)S 1",
	    "12 (x)\n",
	    "12",
	    "12x (x) S 1",
	    "-0 (x) S 1",
	};
	struct kstat ks;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("bad line %zu: \"%s\"\n", i, bad[i]);
		assert_int_equal(parse_stat(bad[i], &ks), -EINVAL);
	}
}

/* Non-numeric fields are skipped without shifting the ones after them. */
static void
test_stat_garbage_fields(void **state)
{
	struct kstat ks;

	(void)state;
	assert_int_equal(parse_stat("9 (x) Z 1 a b c d e f g h i 5 7 k l m n "
	                            "1 o 4242",
	                     &ks),
	    0);
	assert_int_equal(ks.ppid, 1);
	assert_int_equal(ks.utime, 5);
	assert_int_equal(ks.stime, 7);
	assert_int_equal(ks.threads, 1);
	assert_int_equal(ks.start_ticks, 4242);
	/* a lone sign is a field of its own, not the start of the next */
	assert_int_equal(
	    parse_stat("9 (x) S 1 - + 34816 -- 1-2 +-3 11", &ks), 0);
	assert_int_equal(ks.tty_nr, 34816);
	assert_int_equal(ks.utime, 0);
}

static void
test_stat_negative(void **state)
{
	struct kstat ks;

	(void)state;
	assert_int_equal(
	    parse_stat("9 (x) S -1 0 0 -34816 -1 0 0 0 0 0 0 0 0 0 "
	               "20 0 -3 0 0 0 -1",
	        &ks),
	    0);
	assert_int_equal(ks.ppid, -1);
	assert_int_equal(ks.tty_nr, -34816);
	assert_int_equal(ks.threads, -3);
	assert_int_equal(ks.rss_pages, -1);
}

/* Numbers beyond any type: no overflow (UBSan watches), no wrap into a
 * plausible small value, and a pid that is no pid is refused. */
static void
test_stat_huge(void **state)
{
	char line[1024];
	struct kstat ks;

	(void)state;
	assert_int_equal(
	    parse_stat("99999999999999999999999 (x) S 1", &ks), -EINVAL);
	assert_int_equal(parse_stat("4294967297 (x) S 1", &ks), -EINVAL);
	assert_int_equal(parse_stat("2147483648 (x) S 1", &ks), -EINVAL);
	assert_int_equal(parse_stat("2147483647 (x) S 1", &ks), 0);
	assert_int_equal(ks.pid, 2147483647);

	/* ppid 2^32 + 1 must not become 1 (init) */
	assert_int_equal(parse_stat("9 (x) S 4294967297", &ks), 0);
	assert_true(ks.ppid != 1);

	stat_line(line, sizeof(line),
	    (const char *[53]){[14] = "18446744073709551615",
	        [15] = "99999999999999999999999999",
	        [22] = "9223372036854775807",
	        [52] = "4294967296768"});
	assert_int_equal(parse_stat(line, &ks), 0);
	assert_true(ks.utime >= 9223372036854775807ULL);
	assert_true(ks.stime >= 9223372036854775807ULL);
	assert_int_equal(ks.start_ticks, 9223372036854775807ULL);
	/* exit code 2^32 + 768 must not pass for exit 3 */
	assert_false(ks.has_exit_code && ks.exit_code == 768);
}

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
	    cmocka_unit_test(test_stat_hostile_comms),
	    cmocka_unit_test(test_stat_long_comm),
	    cmocka_unit_test(test_stat_live_line_no_newline),
	    cmocka_unit_test(test_stat_respects_len),
	    cmocka_unit_test(test_stat_truncated),
	    cmocka_unit_test(test_stat_garbage),
	    cmocka_unit_test(test_stat_garbage_fields),
	    cmocka_unit_test(test_stat_negative),
	    cmocka_unit_test(test_stat_huge),
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
