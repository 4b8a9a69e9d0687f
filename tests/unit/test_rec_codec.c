/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the recording's JSON codec: processes (names that are not
 * UTF-8 kept byte for byte), diagnoses (64-bit masks, an unreadable
 * parent), events and exit times round trip; out-of-range fields are
 * refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rec_codec.h"

static void
test_proc_round_trip(void **state)
{
	char comm[] = "ev\xffl\x1b[2J", cmdline[] = "a b \xc3\xa9",
	     user[] = "u";
	struct snap_proc p = {.pid = 4242,
	    .ppid = 1,
	    .state = 'Z',
	    .threads = 1,
	    .uid = 4000000000u,
	    .tty = -5,
	    .start_ticks = 123456789012ull,
	    .cpu_ticks = 77,
	    .rss_kb = 1024,
	    .exit_raw = 0x8b,
	    .flags = SPF_EXIT_KNOWN,
	    .comm = comm,
	    .cmdline = cmdline,
	    .user = user};
	struct snap_proc q;
	json_t *v = rec_codec_proc(&p);

	(void)state;
	assert_non_null(v);
	assert_int_equal(rec_codec_proc_get(v, &q), 0);
	assert_true(rec_codec_proc_same(&p, &q));
	assert_string_equal(q.comm, comm);
	assert_int_equal(q.uid, 4000000000u);
	snap_proc_done(&q);
	/* A pid of 0 and a state that is no letter are refused. */
	json_array_set_new(v, 0, json_integer(0));
	assert_int_equal(rec_codec_proc_get(v, &q), -EBADMSG);
	json_array_set_new(v, 0, json_integer(4242));
	json_array_set_new(v, 2, json_string("\x01"));
	assert_int_equal(rec_codec_proc_get(v, &q), -EBADMSG);
	json_decref(v);
}

static void
test_str_hex_refused_nul(void **state)
{
	json_t *v = json_pack("{s:s}", "hex", "6100");
	char *s = NULL;

	(void)state;
	assert_int_equal(rec_codec_str_get(v, 100, &s), -EBADMSG);
	assert_null(s);
	json_decref(v);
	v = json_pack("{s:s}", "hex", "41ff");
	assert_int_equal(rec_codec_str_get(v, 100, &s), 0);
	assert_memory_equal(s, "A\xff", 3);
	free(s);
	/* Longer than the cap. */
	assert_int_equal(rec_codec_str_get(v, 1, &s), -EBADMSG);
	json_decref(v);
}

static void
test_diag_round_trip(void **state)
{
	struct zombie_diag d = {.ppid = 77,
	    .start_ticks = 9000,
	    .reason = ZR_HANDLER_BLOCKED,
	    .flags = ZDF_TASKS,
	    .facts = {.readable = true,
	        .pid = 77,
	        .state = 'S',
	        .threads = 3,
	        .sigign = UINT64_C(0xfffffffffffffffe),
	        .sigcgt = ZOMBIE_SIGCHLD_MASK,
	        .sigblk_all = ZOMBIE_SIGCHLD_MASK,
	        .nspid_levels = 1,
	        .nspid_last = 77,
	        .ptrace_scope = -1},
	    .sigchld = {ZD_CAUGHT, true, false, true},
	    .state = 'S',
	    .wchan = "do_sigtimedwait",
	    .zombies = 3,
	    .oldest_age = 2.5,
	    .oldest_exact = true,
	    .tracer_comm = "",
	    .ptrace = PTREAP_OK};
	struct zombie_diag e;
	json_t *v = rec_codec_diag(&d, 1000.0);

	(void)state;
	assert_int_equal(rec_codec_diag_get(v, 1001.0, &e), 0);
	assert_int_equal(e.reason, ZR_HANDLER_BLOCKED);
	assert_true(e.facts.sigign == d.facts.sigign);
	assert_int_equal(e.sigchld.disp, ZD_CAUGHT);
	assert_true(e.sigchld.blocked && e.sigchld.pending);
	assert_string_equal(e.wchan, "do_sigtimedwait");
	/* The age moves on with the time it is read at. */
	assert_true(e.oldest_age > 3.49 && e.oldest_age < 3.51);
	json_object_set_new(v, "reason", json_integer(ZR_COUNT));
	assert_int_equal(rec_codec_diag_get(v, 1001.0, &e), -EBADMSG);
	json_decref(v);
	/* An unreadable parent has no state letter in its facts. */
	memset(&d.facts, 0, sizeof(d.facts));
	d.oldest_age = -1;
	v = rec_codec_diag(&d, 1000.0);
	assert_int_equal(rec_codec_diag_get(v, 1000.0, &e), 0);
	assert_false(e.facts.readable);
	assert_true(e.oldest_age < 0);
	json_decref(v);
}

static void
test_event_and_age_round_trip(void **state)
{
	struct evlog_event ev = {.when = {1700000000, 250000000},
	    .kind = EVLOG_REAPED,
	    .pid = 99,
	    .ppid = 1,
	    .exit_known = true,
	    .exit_raw = 5 << 8,
	    .exit_time = 1699999999.5,
	    .exit_exact = true,
	    .life_known = true,
	    .lifetime = 0.75,
	    .comm = "z\xfe"};
	struct evlog_event out;
	struct rec_age a = {99, 1234, 1699999999.5, true}, b;
	json_t *v = rec_codec_event(&ev);

	(void)state;
	assert_int_equal(rec_codec_event_get(v, &out), 0);
	assert_int_equal(out.kind, EVLOG_REAPED);
	assert_int_equal(out.exit_raw, 5 << 8);
	assert_string_equal(out.comm, "z\xfe");
	assert_int_equal(out.when.tv_sec, 1700000000);
	assert_true(out.lifetime == 0.75);
	json_object_set_new(v, "kind", json_integer(99));
	assert_int_equal(rec_codec_event_get(v, &out), -EBADMSG);
	json_decref(v);
	v = rec_codec_age(&a);
	assert_int_equal(rec_codec_age_get(v, &b), 0);
	assert_true(b.exit_time == a.exit_time && b.exact);
	json_decref(v);
	a.exit_time = -1;
	v = rec_codec_age(&a);
	assert_int_equal(rec_codec_age_get(v, &b), 0);
	assert_true(b.exit_time < 0);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_proc_round_trip),
	    cmocka_unit_test(test_str_hex_refused_nul),
	    cmocka_unit_test(test_diag_round_trip),
	    cmocka_unit_test(test_event_and_age_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
