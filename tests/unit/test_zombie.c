/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the zombie diagnosis on facts built in memory: SIGCHLD
 * mask decoding, the reason chosen (every reason and their precedence),
 * the words, the kind. Ages, analysis and live facts: test_zombie_live.c. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kparse.h"
#include "procfs.h"
#include "ptree.h"
#include "snap.h"
#include "zombie.h"
#include "zombie_text.h"

#define CHLD ZOMBIE_SIGCHLD_MASK
#define TERM (UINT64_C(1) << 14)

/* A readable, sleeping, single-threaded parent in the host namespace. */
static struct zombie_facts
facts(void)
{
	struct zombie_facts f;

	memset(&f, 0, sizeof(f));
	f.readable = true;
	f.pid = 4242;
	f.state = 'S';
	f.threads = 1;
	f.nspid_levels = 1;
	f.nspid_last = 4242;
	return f;
}

static void
blocked_everywhere(struct zombie_facts *f)
{
	f->sigblk_all |= CHLD;
	f->sigblk_any |= CHLD;
}

/* ---- mask decoding ---- */

static void
test_decode_default(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_DEFAULT);
	assert_false(sc.blocked);
	assert_false(sc.blocked_some);
	assert_false(sc.pending);
}

static void
test_decode_caught_ignored(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	f.sigcgt = CHLD;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_CAUGHT);
	f.sigcgt = 0;
	f.sigign = CHLD;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_IGNORED);
	/* Neighbouring signals are not SIGCHLD: 16 and 18 (SIGCONT). */
	f.sigign = CHLD >> 1 | CHLD << 1;
	f.sigcgt = CHLD >> 1 | CHLD << 1;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_DEFAULT);
}

static void
test_decode_high_bits_ignored(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	/* glibc sets bit 32 in SigCgt once threads exist. */
	f.sigcgt = UINT64_C(0x180000000);
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_DEFAULT);
	assert_int_equal(zombie_decide(&f), ZR_NO_HANDLER);
}

static void
test_decode_blocked_every_thread(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	f.sigblk_any = CHLD; /* one thread blocks it, another does not */
	zombie_decode_sigchld(&f, &sc);
	assert_false(sc.blocked);
	assert_true(sc.blocked_some);
	blocked_everywhere(&f);
	zombie_decode_sigchld(&f, &sc);
	assert_true(sc.blocked);
	assert_false(sc.blocked_some);
}

static void
test_decode_pending(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	f.shdpnd = CHLD;
	zombie_decode_sigchld(&f, &sc);
	assert_true(sc.pending);
	f.shdpnd = 0;
	f.sigpnd_any = CHLD;
	zombie_decode_sigchld(&f, &sc);
	assert_true(sc.pending);
	f.sigpnd_any = TERM;
	zombie_decode_sigchld(&f, &sc);
	assert_false(sc.pending);
}

/* The masks of a real status text, through kparse_status. */
static void
test_decode_from_status_text(void **state)
{
	static const char text[] = "Name:\tzparent\nState:\tS (sleeping)\n"
	                           "Threads:\t1\nSigPnd:\t0000000000000000\n"
	                           "ShdPnd:\t0000000000010000\n"
	                           "SigBlk:\t0000000000010000\n"
	                           "SigIgn:\t0000000000000000\n"
	                           "SigCgt:\t0000000180010000\n"
	                           "NSpid:\t31337\t1\n";
	struct kstatus ks;
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	assert_int_equal(kparse_status(text, sizeof(text) - 1, &ks), 0);
	f.sigcgt = ks.sigcgt;
	f.sigign = ks.sigign;
	f.shdpnd = ks.shdpnd;
	f.sigblk_all = f.sigblk_any = ks.sigblk;
	f.sigpnd_any = ks.sigpnd;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_CAUGHT);
	assert_true(sc.blocked);
	assert_true(sc.pending);
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_BLOCKED);
	f.nspid_levels = ks.nspid_levels;
	f.nspid_last = ks.nspid_last;
	assert_int_equal(zombie_decide(&f), ZR_CONTAINER_INIT);
}

/* ---- reasons ---- */

static void
test_reason_unknown(void **state)
{
	struct zombie_facts f = facts();

	(void)state;
	f.readable = false;
	f.state = 'T'; /* nothing of an unreadable parent counts */
	assert_int_equal(zombie_decide(&f), ZR_UNKNOWN);
}

static void
test_reason_states(void **state)
{
	static const struct {
		char state;
		enum zombie_reason r;
	} cases[] = {{'Z', ZR_PARENT_ZOMBIE}, {'X', ZR_PARENT_ZOMBIE},
	    {'T', ZR_PARENT_STOPPED}, {'t', ZR_PARENT_TRACED},
	    {'D', ZR_PARENT_DISK_SLEEP}, {'S', ZR_NO_HANDLER},
	    {'R', ZR_NO_HANDLER}, {'I', ZR_NO_HANDLER}};
	struct zombie_facts f = facts();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f.state = cases[i].state;
		assert_int_equal(zombie_decide(&f), cases[i].r);
	}
}

static void
test_reason_state_beats_masks(void **state)
{
	struct zombie_facts f = facts();

	(void)state;
	f.sigcgt = CHLD;
	blocked_everywhere(&f);
	f.state = 'T';
	assert_int_equal(zombie_decide(&f), ZR_PARENT_STOPPED);
	f.state = 'S';
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_BLOCKED);
}

static void
test_reason_inits(void **state)
{
	struct zombie_facts f = facts();

	(void)state;
	f.pid = 1;
	f.nspid_last = 1;
	assert_int_equal(zombie_decide(&f), ZR_HOST_INIT);
	/* From outside, a nested namespace's init has two NSpid levels. */
	f.pid = 31337;
	f.nspid_levels = 2;
	assert_int_equal(zombie_decide(&f), ZR_CONTAINER_INIT);
	f.sigcgt = CHLD; /* masks do not change that */
	assert_int_equal(zombie_decide(&f), ZR_CONTAINER_INIT);
	f.nspid_last = 7; /* a plain process inside a container */
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_MISSED);
	f.nspid_last = 1;
	f.state = 'T';
	assert_int_equal(zombie_decide(&f), ZR_PARENT_STOPPED);
}

static void
test_reason_masks(void **state)
{
	struct zombie_facts f = facts();

	(void)state;
	assert_int_equal(zombie_decide(&f), ZR_NO_HANDLER);
	/* Blocked without a handler (tini's way): still no handler. */
	blocked_everywhere(&f);
	assert_int_equal(zombie_decide(&f), ZR_NO_HANDLER);
	f.sigign = CHLD;
	assert_int_equal(zombie_decide(&f), ZR_IGNORED_LATE);
	f.sigign = 0;
	f.sigcgt = CHLD;
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_BLOCKED);
	f.sigblk_all = 0; /* blocked in one thread only */
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_MISSED);
	f.sigblk_any = 0;
	f.shdpnd = CHLD;
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_MISSED);
}

static void
test_diag_fill(void **state)
{
	struct zombie_diag d;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.facts = facts();
	d.facts.nspid_levels = 3;
	d.facts.nspid_last = 1;
	d.facts.sigcgt = CHLD;
	zombie_diag_fill(&d);
	assert_int_equal(d.reason, ZR_CONTAINER_INIT);
	assert_true(d.namespace_init);
	assert_false(d.host_init);
	assert_int_equal(d.sigchld.disp, ZD_CAUGHT);
	assert_int_equal(d.state, 'S');
	d.facts.readable = false;
	d.flags = ZDF_GONE;
	zombie_diag_fill(&d);
	assert_int_equal(d.reason, ZR_UNKNOWN);
	assert_int_equal(d.state, '?');
	assert_false(d.namespace_init);
}

/* ---- words ---- */

static void
test_reason_codes(void **state)
{
	(void)state;
	assert_string_equal(zombie_reason_code(ZR_NO_HANDLER), "no_handler");
	assert_string_equal(
	    zombie_reason_code(ZR_HANDLER_BLOCKED), "handler_blocked");
	assert_string_equal(
	    zombie_reason_code(ZR_CONTAINER_INIT), "container_init");
	for (int r = 0; r < ZR_COUNT; r++) {
		const char *c = zombie_reason_code((enum zombie_reason)r);

		assert_non_null(c);
		assert_int_equal(zombie_reason_parse(c), r);
		for (int q = 0; q < r; q++)
			assert_string_not_equal(
			    c, zombie_reason_code((enum zombie_reason)q));
	}
	assert_int_equal(zombie_reason_parse("bogus"), -1);
	assert_string_equal(zombie_disp_name(ZD_IGNORED), "ignored");
	assert_string_equal(zombie_action_key(ZA_TERM), "term");
	assert_string_equal(zombie_action_label(ZA_KILL), "SIGKILL");
}

/* A diagnosis whose facts lead to reason r. */
static struct zombie_diag
diag_for(enum zombie_reason r)
{
	static const char states[ZR_COUNT] = {[ZR_PARENT_ZOMBIE] = 'Z',
	    [ZR_PARENT_STOPPED] = 'T',
	    [ZR_PARENT_TRACED] = 't',
	    [ZR_PARENT_DISK_SLEEP] = 'D'};
	struct zombie_diag d;

	memset(&d, 0, sizeof(d));
	d.ppid = 4242;
	d.zombies = 2;
	d.oldest_age = -1;
	d.facts = facts();
	if (states[r])
		d.facts.state = states[r];
	if (r == ZR_UNKNOWN) {
		d.facts.readable = false;
		d.flags = ZDF_DENIED;
	} else if (r == ZR_HOST_INIT) {
		d.facts.pid = 1;
	} else if (r == ZR_CONTAINER_INIT) {
		d.facts.nspid_levels = 2;
		d.facts.nspid_last = 1;
	} else if (r == ZR_IGNORED_LATE) {
		d.facts.sigign = CHLD;
	} else if (r == ZR_HANDLER_BLOCKED) {
		d.facts.sigcgt = CHLD;
		d.facts.shdpnd = CHLD;
		blocked_everywhere(&d.facts);
	} else if (r == ZR_HANDLER_MISSED) {
		d.facts.sigcgt = CHLD;
	}
	zombie_diag_fill(&d);
	return d;
}

static void
test_words_every_reason(void **state)
{
	char buf[1024];

	(void)state;
	for (int r = 0; r < ZR_COUNT; r++) {
		struct zombie_diag d = diag_for((enum zombie_reason)r);

		assert_int_equal(d.reason, r);
		assert_true(zombie_text_explain(&d, buf, sizeof(buf)) > 20);
		assert_true(strlen(buf) < sizeof(buf) - 1);
		for (int a = 0; a < ZA_COUNT; a++) {
			assert_true(
			    zombie_text_predict(&d, (enum zombie_action)a, buf,
			        sizeof(buf)) > 10);
			assert_int_equal(buf[strlen(buf) - 1], '.');
		}
	}
}

static void
test_words_content(void **state)
{
	struct zombie_diag d;
	char buf[1024];

	(void)state;
	d = diag_for(ZR_UNKNOWN);
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "permission denied"));
	d = diag_for(ZR_HANDLER_BLOCKED);
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "pending"));
	assert_non_null(strstr(buf, "Masks are hints"));
	d = diag_for(ZR_HANDLER_MISSED);
	zombie_text_predict(&d, ZA_SIGCHLD, buf, sizeof(buf));
	assert_non_null(strstr(buf, "one zombie per signal"));
	d = diag_for(ZR_CONTAINER_INIT);
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "tini"));
	zombie_text_predict(&d, ZA_KILL, buf, sizeof(buf));
	assert_non_null(strstr(buf, "every process"));
	d = diag_for(ZR_HOST_INIT);
	zombie_text_predict(&d, ZA_KILL, buf, sizeof(buf));
	assert_non_null(strstr(buf, "Nothing"));
	/* A parent that ignores SIGTERM is predicted to ignore it. */
	d = diag_for(ZR_NO_HANDLER);
	d.facts.sigign = TERM;
	zombie_text_predict(&d, ZA_TERM, buf, sizeof(buf));
	assert_non_null(strstr(buf, "ignores SIGTERM"));
	d.oldest_age = 300;
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "for 5 min"));
	/* Truncation is safe and reports the full length. */
	assert_true(zombie_text_explain(&d, buf, 8) > 8);
	assert_int_equal(strlen(buf), 7);
}

static void
test_kind(void **state)
{
	struct snap_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.state = 'Z';
	p.threads = 1;
	assert_string_equal(zombie_kind(&p), "zombie");
	p.threads = 2;
	assert_string_equal(zombie_kind(&p), "leader_exited");
	p.state = 'S';
	assert_null(zombie_kind(&p));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode_default),
	    cmocka_unit_test(test_decode_caught_ignored),
	    cmocka_unit_test(test_decode_high_bits_ignored),
	    cmocka_unit_test(test_decode_blocked_every_thread),
	    cmocka_unit_test(test_decode_pending),
	    cmocka_unit_test(test_decode_from_status_text),
	    cmocka_unit_test(test_reason_unknown),
	    cmocka_unit_test(test_reason_states),
	    cmocka_unit_test(test_reason_state_beats_masks),
	    cmocka_unit_test(test_reason_inits),
	    cmocka_unit_test(test_reason_masks),
	    cmocka_unit_test(test_diag_fill),
	    cmocka_unit_test(test_reason_codes),
	    cmocka_unit_test(test_words_every_reason),
	    cmocka_unit_test(test_words_content),
	    cmocka_unit_test(test_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
