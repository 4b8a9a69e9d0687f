/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of wait-status decoding and of the signal name table: every
 * WIF* case built with libc's own encoding macros, statuses the kernel
 * really gave for children of this test, and name round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signame.h"
#include "wstatus.h"

enum kind { EXITED, SIGNALED, STOPPED, CONTINUED };

static const struct {
	int raw;
	enum kind kind;
	int value; /* exit status or signal */
	bool core;
	const char *describe, *shrt;
} cases[] = {
    {W_EXITCODE(0, 0), EXITED, 0, false, "exit 0", "0"},
    {W_EXITCODE(3, 0), EXITED, 3, false, "exit 3", "3"},
    {W_EXITCODE(255, 0), EXITED, 255, false, "exit 255", "255"},
    /* exit(300) keeps the low byte: 44 */
    {W_EXITCODE(300 & 0xff, 0), EXITED, 44, false, "exit 44", "44"},
    {W_EXITCODE(0, SIGKILL), SIGNALED, 9, false, "killed by SIGKILL",
        "SIGKILL"},
    {W_EXITCODE(0, SIGTERM), SIGNALED, 15, false, "killed by SIGTERM",
        "SIGTERM"},
    {W_EXITCODE(0, SIGSEGV), SIGNALED, 11, false, "killed by SIGSEGV",
        "SIGSEGV"},
    {W_EXITCODE(0, SIGSEGV) | WCOREFLAG, SIGNALED, 11, true,
        "killed by SIGSEGV (core dumped)", "SIGSEGV*"},
    {W_EXITCODE(0, SIGABRT) | WCOREFLAG, SIGNALED, 6, true,
        "killed by SIGABRT (core dumped)", "SIGABRT*"},
    {W_EXITCODE(0, SIGHUP), SIGNALED, 1, false, "killed by SIGHUP", "SIGHUP"},
    {W_EXITCODE(0, SIGSYS), SIGNALED, 31, false, "killed by SIGSYS", "SIGSYS"},
    /* real-time signals have no name in the table */
    {W_EXITCODE(0, 40), SIGNALED, 40, false, "killed by signal 40", "SIG40"},
    {W_EXITCODE(0, 40) | WCOREFLAG, SIGNALED, 40, true,
        "killed by signal 40 (core dumped)", "SIG40*"},
    {W_EXITCODE(0, 64), SIGNALED, 64, false, "killed by signal 64", "SIG64"},
    {W_STOPCODE(SIGSTOP), STOPPED, 19, false, "stopped by SIGSTOP", "SIGSTOP"},
    {0x137f, STOPPED, 19, false, "stopped by SIGSTOP", "SIGSTOP"},
    {W_STOPCODE(SIGTSTP), STOPPED, 20, false, "stopped by SIGTSTP", "SIGTSTP"},
    {W_STOPCODE(SIGTRAP), STOPPED, 5, false, "stopped by SIGTRAP", "SIGTRAP"},
    {W_STOPCODE(40), STOPPED, 40, false, "stopped by signal 40", "SIG40"},
    {0xffff, CONTINUED, 0, false, "continued", "CONT"},
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void
test_decode_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		struct wstatus w;

		print_message("raw 0x%x\n", (unsigned)cases[i].raw);
		wstatus_decode(cases[i].raw, &w);
		assert_int_equal(w.exited, cases[i].kind == EXITED);
		assert_int_equal(w.signaled, cases[i].kind == SIGNALED);
		assert_int_equal(w.stopped, cases[i].kind == STOPPED);
		assert_int_equal(w.continued, cases[i].kind == CONTINUED);
		assert_int_equal(w.core_dumped, cases[i].core);
		if (cases[i].kind == EXITED)
			assert_int_equal(w.exit_status, cases[i].value);
		else if (cases[i].kind != CONTINUED)
			assert_int_equal(w.signal, cases[i].value);
	}
}

static void
test_describe_and_short(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		char buf[64];

		wstatus_describe(cases[i].raw, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].describe);
		wstatus_short(cases[i].raw, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].shrt);
	}
}

/* A small buffer truncates but stays a NUL-terminated string. */
static void
test_describe_small_buffer(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	wstatus_describe(W_EXITCODE(0, SIGSEGV) | WCOREFLAG, buf, sizeof(buf));
	assert_string_equal(buf, "killed ");
	wstatus_short(W_EXITCODE(0, SIGSEGV) | WCOREFLAG, buf, 4);
	assert_string_equal(buf, "SIG");
}

/* Over every 16-bit status, decode agrees with the libc macros and never
 * says two things at once. */
static void
test_decode_agrees_with_macros(void **state)
{
	(void)state;
	for (int raw = 0; raw <= 0xffff; raw++) {
		struct wstatus w;
		char buf[64];

		wstatus_decode(raw, &w);
		assert_true(
		    w.exited + w.signaled + w.stopped + w.continued <= 1);
		assert_int_equal(w.exited, WIFEXITED(raw));
		assert_int_equal(w.signaled, WIFSIGNALED(raw));
		assert_int_equal(w.continued, WIFCONTINUED(raw));
		assert_int_equal(w.stopped, WIFSTOPPED(raw) && !w.continued);
		if (w.exited)
			assert_int_equal(w.exit_status, WEXITSTATUS(raw));
		if (w.signaled) {
			assert_int_equal(w.signal, WTERMSIG(raw));
			assert_int_equal(w.core_dumped, WCOREDUMP(raw) != 0);
		}
		if (w.stopped)
			assert_int_equal(w.signal, WSTOPSIG(raw));
		wstatus_describe(raw, buf, sizeof(buf));
		assert_true(strlen(buf) > 0);
	}
}

/* Statuses as the kernel gives them for children of this test. */
static int
child_status(int how, int options)
{
	int status = 0;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (how >= 0)
			_exit(how);
		raise(-how);
		_exit(100);
	}
	assert_int_equal(waitpid(pid, &status, options), pid);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return status;
}

static void
test_real_statuses(void **state)
{
	static const struct {
		int how; /* exit code, or minus the signal to raise */
		const char *describe;
	} real[] = {
	    {0, "exit 0"},
	    {3, "exit 3"},
	    {255, "exit 255"},
	    {-SIGKILL, "killed by SIGKILL"},
	    {-SIGTERM, "killed by SIGTERM"},
	    {-SIGSTOP, "stopped by SIGSTOP"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		char buf[64];
		int raw = child_status(real[i].how, WUNTRACED);

		wstatus_describe(raw, buf, sizeof(buf));
		assert_string_equal(buf, real[i].describe);
	}
}

/* A stopped then continued child reports 0xffff with WCONTINUED. */
static void
test_real_continued(void **state)
{
	int status = 0;
	char buf[64];
	pid_t pid = fork();

	(void)state;
	assert_true(pid >= 0);
	if (pid == 0) {
		raise(SIGSTOP);
		pause();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, WUNTRACED), pid);
	assert_true(WIFSTOPPED(status));
	kill(pid, SIGCONT);
	assert_int_equal(waitpid(pid, &status, WCONTINUED), pid);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_true(WIFCONTINUED(status));
	wstatus_describe(status, buf, sizeof(buf));
	assert_string_equal(buf, "continued");
}

static void
test_signame_round_trip(void **state)
{
	(void)state;
	assert_true(signame_count() >= 31);
	for (int i = 0; i < signame_count(); i++) {
		int sig = signame_at(i);
		const char *name = signame_name(sig);
		char lower[32], num[16];

		assert_non_null(name);
		assert_int_equal(strncmp(name, "SIG", 3), 0);
		if (i > 0)
			assert_true(sig > signame_at(i - 1));
		assert_int_equal(signame_parse(name), sig);
		assert_int_equal(signame_parse(name + 3), sig);
		for (size_t k = 0; name[k] && k < sizeof(lower) - 1; k++)
			lower[k] = (char)tolower((unsigned char)name[k]);
		lower[strlen(name)] = '\0';
		assert_int_equal(signame_parse(lower), sig);
		assert_int_equal(signame_parse(lower + 3), sig);
		snprintf(num, sizeof(num), "%d", sig);
		assert_int_equal(signame_parse(num), sig);
	}
	assert_int_equal(signame_at(-1), -1);
	assert_int_equal(signame_at(signame_count()), -1);
}

static void
test_signame_known(void **state)
{
	static const struct {
		const char *s;
		int sig;
	} good[] = {
	    {"SEGV", 11},
	    {"segv", 11},
	    {"SIGSEGV", 11},
	    {"sigsegv", 11},
	    {"SigSegv", 11},
	    {"11", 11},
	    {"9", 9},
	    {"KILL", 9},
	    {"CHLD", SIGCHLD},
	    {"40", 40},
	    {"64", 64},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(signame_parse(good[i].s), good[i].sig);
	assert_string_equal(signame_name(SIGSEGV), "SIGSEGV");
	assert_string_equal(signame_name(SIGCHLD), "SIGCHLD");
	assert_null(signame_name(0));
	assert_null(signame_name(40));
	assert_null(signame_name(-1));
	assert_null(signame_name(65));
}

static void
test_signame_bad(void **state)
{
	static const char *const bad[] = {
	    "",
	    "0",
	    "-9",
	    "65",
	    "99999999999999999999",
	    "SIG",
	    "sig",
	    "SIGSIGSEGV",
	    "SEGVX",
	    "SEG",
	    "11x",
	    "0x0b",
	    "SIG11",
	    "SIGRTMIN",
	    "KILL ",
	    "nope",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("bad name \"%s\"\n", bad[i]);
		assert_int_equal(signame_parse(bad[i]), -1);
	}
	assert_int_equal(signame_parse(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode_table),
	    cmocka_unit_test(test_describe_and_short),
	    cmocka_unit_test(test_describe_small_buffer),
	    cmocka_unit_test(test_decode_agrees_with_macros),
	    cmocka_unit_test(test_real_statuses),
	    cmocka_unit_test(test_real_continued),
	    cmocka_unit_test(test_signame_round_trip),
	    cmocka_unit_test(test_signame_known),
	    cmocka_unit_test(test_signame_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
