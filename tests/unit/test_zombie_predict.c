/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the predictions on facts built in memory: the effect code
 * that goes with each sentence, a namespace init and SIGTERM
 * (pid_namespaces(7)), what ptrace's guards would say, the tracer named,
 * and the hints on what to try next. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ptreap_regs.h"
#include "zombie.h"
#include "zombie_text.h"

#define CHLD ZOMBIE_SIGCHLD_MASK
#define TERM (UINT64_C(1) << 14)

/* A readable, sleeping, single-threaded parent in the host namespace that
 * we may trace. */
static struct zombie_diag
diag(void)
{
	struct zombie_diag d;

	memset(&d, 0, sizeof(d));
	d.ppid = 4242;
	d.zombies = 2;
	d.oldest_age = -1;
	d.facts.readable = true;
	d.facts.pid = 4242;
	d.facts.state = 'S';
	d.facts.threads = 1;
	d.facts.nspid_levels = 1;
	d.facts.nspid_last = 4242;
	d.facts.ptrace_scope = 1;
	zombie_diag_fill(&d);
	return d;
}

static struct zombie_diag
container_init(uint64_t sigcgt, uint64_t sigign)
{
	struct zombie_diag d = diag();

	d.facts.nspid_levels = 2;
	d.facts.nspid_last = 1;
	d.facts.sigcgt = sigcgt;
	d.facts.sigign = sigign;
	zombie_diag_fill(&d);
	return d;
}

static enum zombie_effect
effect(const struct zombie_diag *d, enum zombie_action a, char *buf)
{
	return zombie_predict(d, a, buf, 1024);
}

static void
test_effect_codes(void **state)
{
	(void)state;
	assert_string_equal(zombie_effect_code(ZE_NONE), "none");
	assert_string_equal(zombie_effect_code(ZE_REAPS_ALL), "reaps_all");
	assert_string_equal(zombie_effect_code(ZE_REAPS_ONE), "reaps_one");
	assert_string_equal(zombie_effect_code(ZE_MAYBE), "maybe");
	assert_string_equal(
	    zombie_effect_code(ZE_PARENT_EXITS), "parent_exits");
	assert_string_equal(
	    zombie_effect_code(ZE_NAMESPACE_DIES), "namespace_dies");
	assert_string_equal(
	    zombie_effect_code(ZE_WAITS_FOR_CONT), "waits_for_cont");
	for (int e = 0; e < ZE_COUNT; e++)
		for (int f = 0; f < e; f++)
			assert_string_not_equal(
			    zombie_effect_code((enum zombie_effect)e),
			    zombie_effect_code((enum zombie_effect)f));
	assert_string_equal(zombie_action_key(ZA_PTRACE), "ptrace");
	assert_string_equal(zombie_action_key(ZA_CONT), "cont");
}

/* pid_namespaces(7): the kernel drops SIGTERM to a namespace init that
 * does not catch it, even from an ancestor namespace. */
static void
test_container_init_sigterm(void **state)
{
	struct zombie_diag d = container_init(0, 0);
	char buf[1024];

	(void)state;
	assert_int_equal(d.reason, ZR_CONTAINER_INIT);
	assert_int_equal(effect(&d, ZA_TERM, buf), ZE_NONE);
	assert_non_null(strstr(buf, "drops"));
	assert_null(strstr(buf, "is delivered"));
	assert_int_equal(effect(&d, ZA_KILL, buf), ZE_NAMESPACE_DIES);
	d = container_init(TERM, 0);
	assert_int_equal(effect(&d, ZA_TERM, buf), ZE_MAYBE);
	assert_non_null(strstr(buf, "handles SIGTERM"));
	d = container_init(0, TERM);
	assert_int_equal(effect(&d, ZA_TERM, buf), ZE_NONE);
	assert_non_null(strstr(buf, "ignores SIGTERM"));
}

static void
test_effects_by_reason(void **state)
{
	struct zombie_diag d = diag();
	char buf[1024];

	(void)state;
	assert_int_equal(d.reason, ZR_NO_HANDLER);
	assert_int_equal(effect(&d, ZA_SIGCHLD, buf), ZE_NONE);
	assert_int_equal(effect(&d, ZA_TERM, buf), ZE_PARENT_EXITS);
	assert_int_equal(effect(&d, ZA_KILL, buf), ZE_PARENT_EXITS);
	d.facts.sigcgt = CHLD;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_SIGCHLD, buf), ZE_REAPS_ONE);
	d.facts.sigcgt = TERM;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_TERM, buf), ZE_MAYBE);
	d = diag();
	d.facts.state = 'T';
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_SIGCHLD, buf), ZE_WAITS_FOR_CONT);
	assert_int_equal(effect(&d, ZA_TERM, buf), ZE_WAITS_FOR_CONT);
	assert_int_equal(effect(&d, ZA_CONT, buf), ZE_MAYBE);
	assert_true(zombie_action_applies(&d, ZA_CONT));
	d.facts.state = 'S';
	zombie_diag_fill(&d);
	assert_false(zombie_action_applies(&d, ZA_CONT));
	assert_true(zombie_action_applies(&d, ZA_PTRACE));
	d.facts.pid = 1;
	zombie_diag_fill(&d);
	assert_int_equal(d.reason, ZR_HOST_INIT);
	assert_int_equal(effect(&d, ZA_KILL, buf), ZE_NONE);
	assert_int_equal(effect(&d, ZA_TERM, buf), ZE_NONE);
	d.facts.readable = false;
	d.flags = ZDF_GONE;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_UNKNOWN);
}

static void
test_ptrace_verdicts(void **state)
{
	struct zombie_diag d = diag();
	char buf[1024];

	(void)state;
	if (!PTREAP_REGS_ARCH) {
		assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REFUSED);
		return;
	}
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REAPS_ALL);
	assert_non_null(strstr(buf, "keeps running"));
	d = container_init(0, 0);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REAPS_ALL);
	d.facts.seccomp = 2;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_MAYBE);
	assert_non_null(strstr(buf, "seccomp"));
	d.facts.seccomp = 1;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REFUSED);
	d = diag();
	d.facts.pid = 1;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REFUSED);
	assert_non_null(strstr(buf, "PID 1"));
	d = diag();
	d.facts.state = 'D';
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REFUSED);
	d = diag();
	d.facts.ptrace_denied = true;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REFUSED);
	assert_non_null(strstr(buf, "ptrace_scope 1"));
	/* An exited leader whose threads run still reaps; a dying one not. */
	d = diag();
	d.facts.state = 'Z';
	d.facts.threads = 2;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REAPS_ALL);
	d.facts.threads = 1;
	zombie_diag_fill(&d);
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REFUSED);
}

static void
test_tracer_named(void **state)
{
	struct zombie_diag d = diag();
	char buf[1024];

	(void)state;
	d.facts.tracer = 777;
	zombie_diag_fill(&d);
	d.tracer_pid = 777;
	snprintf(d.tracer_comm, sizeof(d.tracer_comm), "strace");
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "Its tracer is PID 777 (strace)"));
	assert_int_equal(effect(&d, ZA_PTRACE, buf), ZE_REFUSED);
	assert_non_null(strstr(buf, "traced by 777 (strace)"));
	d.facts.state = 't';
	zombie_diag_fill(&d);
	assert_int_equal(d.reason, ZR_PARENT_TRACED);
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "Its tracer is PID 777 (strace)."));
	d = diag();
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_null(strstr(buf, "tracer"));
}

static void
test_hints(void **state)
{
	struct zombie_diag d = diag();
	char buf[256];

	(void)state;
	if (!PTREAP_REGS_ARCH)
		skip();
	zombie_text_hint(&d, ZA_SIGCHLD, false, buf, sizeof(buf));
	assert_string_equal(
	    buf, "--via ptrace (the parent keeps running) or --via term");
	zombie_text_hint(&d, ZA_SIGCHLD, true, buf, sizeof(buf));
	assert_string_equal(
	    buf, "R (ptrace: the parent keeps running) or t (SIGTERM)");
	/* Container init: SIGTERM does nothing, so K after R. */
	d = container_init(0, 0);
	zombie_text_hint(&d, ZA_SIGCHLD, false, buf, sizeof(buf));
	assert_string_equal(
	    buf, "--via ptrace (the parent keeps running) or --via kill");
	zombie_text_hint(&d, ZA_TERM, false, buf, sizeof(buf));
	assert_string_equal(
	    buf, "--via ptrace (the parent keeps running) or --via kill");
	/* A stopped parent: SIGCONT, nothing else. */
	d = diag();
	d.facts.state = 'T';
	zombie_diag_fill(&d);
	zombie_text_hint(&d, ZA_SIGCHLD, false, buf, sizeof(buf));
	assert_string_equal(buf, "--via cont (a stopped parent cannot reap)");
	/* A traced parent: no ptrace. */
	d = diag();
	d.facts.tracer = 99;
	zombie_diag_fill(&d);
	zombie_text_hint(&d, ZA_SIGCHLD, false, buf, sizeof(buf));
	assert_string_equal(buf, "--via term or --via kill");
	/* A handler that reaps one per signal: SIGCHLD again first. */
	d = diag();
	d.facts.sigcgt = CHLD;
	zombie_diag_fill(&d);
	zombie_text_hint(&d, ZA_SIGCHLD, false, buf, sizeof(buf));
	assert_string_equal(
	    buf, "--via sigchld or --via ptrace (the parent keeps running)");
	/* Host init: nothing to suggest. */
	d = diag();
	d.facts.pid = 1;
	zombie_diag_fill(&d);
	assert_int_equal(zombie_text_hint(&d, ZA_SIGCHLD, false, buf, 4), 0);
	assert_string_equal(buf, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_effect_codes),
	    cmocka_unit_test(test_container_init_sigterm),
	    cmocka_unit_test(test_effects_by_reason),
	    cmocka_unit_test(test_ptrace_verdicts),
	    cmocka_unit_test(test_tracer_named),
	    cmocka_unit_test(test_hints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
