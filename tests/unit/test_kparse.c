/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the stat line parser on hostile and malformed input: comms
 * that try to fool it, long comms, truncated and garbage lines, negative
 * and huge numbers (test_kparse_files.c has status, mountinfo, fdinfo and
 * the parsers on this kernel's own files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
