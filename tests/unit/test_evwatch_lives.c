/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of evwatch_lives: the process table's finished lives turned
 * into --watch events. A zombie no scan saw is a zombie_appeared and
 * zombie_reaped pair past --linger only; a zombie the scans track gets
 * its exact lifetime on its zombie_reaped event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "evwatch.h"

static struct ptable_life
life(pid_t pid, double exit_time, double lifetime, bool seen)
{
	struct ptable_life l;

	memset(&l, 0, sizeof(l));
	l.pid = pid;
	l.ppid = 10;
	l.start_ticks = 1000 + (unsigned long long)pid;
	snprintf(l.comm, sizeof(l.comm), "kid");
	l.exit_known = true;
	l.exit_raw = 3 << 8;
	l.exit_exact = l.reap_exact = true;
	l.seen_by_scan = seen;
	l.exit_time = exit_time;
	l.reap_time = exit_time + lifetime;
	l.seen_time = -1; /* as the table says: no scan showed it a zombie */
	return l;
}

static struct snap *
snap_with(pid_t zombie, double when)
{
	struct snap *s = snap_new();
	struct snap_proc parent = {.pid = 10,
	    .ppid = 1,
	    .state = 'S',
	    .threads = 1,
	    .comm = (char *)"par"};
	struct snap_proc z = {.pid = zombie,
	    .ppid = 10,
	    .state = 'Z',
	    .threads = 1,
	    .comm = (char *)"kid",
	    .flags = SPF_EXIT_KNOWN,
	    .exit_raw = 3 << 8,
	    .start_ticks = 1000 + (unsigned long long)zombie};

	assert_non_null(s);
	assert_int_equal(snap_add(s, &parent), 0);
	if (zombie)
		assert_int_equal(snap_add(s, &z), 0);
	snap_sort(s);
	s->taken.tv_sec = (time_t)when;
	s->taken.tv_nsec = (long)((when - (double)(time_t)when) * 1e9);
	return s;
}

static void
test_pairs_past_linger(void **state)
{
	struct ptable_life l[3] = {life(21, 1700000000.25, 0.2, false),
	    life(22, 1700000001.0, 0.01, false),
	    life(23, 1700000002.0, 0.3, true)};
	struct evwatch w;
	struct evlog *log;
	const struct evlog_event *a, *r;

	(void)state;
	evwatch_init(&w);
	assert_int_equal(evlog_new(16, &log), 0);
	/* 22 lived under --linger; 23 was seen alive by a scan, never as a
	 * zombie: a pair too. */
	assert_int_equal(evwatch_lives(&w, NULL, l, 3, 0.05, log), 4);
	a = evlog_at(log, 0);
	r = evlog_at(log, 1);
	assert_int_equal(a->kind, EVLOG_APPEARED);
	assert_int_equal(a->pid, 21);
	assert_int_equal(a->ppid, 10);
	assert_true(a->between_scans && a->exit_exact);
	assert_true(a->exit_time == l[0].exit_time);
	assert_int_equal(a->when.tv_sec, 1700000000);
	assert_int_equal(r->kind, EVLOG_REAPED);
	assert_true(r->life_known && r->life_exact && r->between_scans);
	assert_true(r->lifetime > 0.199 && r->lifetime < 0.201);
	assert_int_equal(evlog_count(log), 4);
	assert_int_equal(evlog_at(log, 2)->pid, 23);
	evlog_free(log);
	evwatch_done(&w);
}

static void
test_tracked_zombie_gets_its_lifetime(void **state)
{
	struct snap *s1 = snap_with(30, 1700000010.0),
	            *s2 = snap_with(0, 1700000012.0);
	struct ptable_life l = life(30, 1700000009.9, 1.234, true);
	struct evwatch w;
	struct evlog *log;
	const struct evlog_event *r;

	(void)state;
	l.seen_time = 1700000010.0; /* s1 showed it */
	l.seen_ppid = 10;
	evwatch_init(&w);
	assert_int_equal(evlog_new(16, &log), 0);
	assert_int_equal(evwatch_update(&w, NULL, s1, log), 1);
	assert_int_equal(evwatch_lives(&w, s1, &l, 1, 0.05, log), 0);
	assert_int_equal(evwatch_update(&w, s1, s2, log), 1);
	r = evlog_at(log, 1);
	assert_int_equal(r->kind, EVLOG_REAPED);
	assert_int_equal(r->pid, 30);
	assert_false(r->between_scans);
	assert_true(r->life_known && r->life_exact);
	assert_true(r->lifetime > 1.233 && r->lifetime < 1.235);
	assert_true(r->exit_time == l.exit_time && r->exit_exact);
	evlog_free(log);
	evwatch_done(&w);
	snap_free(s1);
	snap_free(s2);
}

/* The race: a scan read the zombie, then it was reaped before that scan
 * was compared. Its whole life is logged once, exactly, and the scan's
 * sighting is not reported as a new zombie. */
static void
test_reaped_after_the_scan_read_it(void **state)
{
	struct snap *s1 = snap_with(0, 1700000030.0),
	            *s2 = snap_with(32, 1700000031.0);
	struct ptable_life l = life(32, 1700000030.9, 0.15, true);
	struct evwatch w;
	struct evlog *log;

	(void)state;
	l.seen_time = 1700000031.0; /* s2 showed it */
	l.seen_ppid = 10;
	evwatch_init(&w);
	assert_int_equal(evlog_new(16, &log), 0);
	assert_int_equal(evwatch_update(&w, NULL, s1, log), 0);
	assert_int_equal(evwatch_lives(&w, s2, &l, 1, 0.5, log), 2);
	assert_false(evlog_at(log, 0)->between_scans);
	assert_true(evlog_at(log, 1)->life_exact);
	assert_int_equal(evwatch_update(&w, s1, s2, log), 0);
	assert_int_equal(evlog_count(log), 2);
	assert_int_equal(w.ndone, 1);
	evlog_free(log);
	evwatch_done(&w);
	snap_free(s1);
	snap_free(s2);
}

/* Without a life (no table, or the ring overflowed) a reap has no
 * lifetime unless an exit time was known; never one claimed exact. */
static void
test_no_life_no_claim(void **state)
{
	struct snap *s1 = snap_with(31, 1700000020.0),
	            *s2 = snap_with(0, 1700000021.0);
	struct evwatch w;
	struct evlog *log;
	const struct evlog_event *r;

	(void)state;
	evwatch_init(&w);
	assert_int_equal(evlog_new(16, &log), 0);
	assert_int_equal(evwatch_update(&w, NULL, s1, log), 1);
	assert_int_equal(evwatch_update(&w, s1, s2, log), 1);
	r = evlog_at(log, 1);
	assert_false(r->life_known || r->life_exact || r->exit_exact);
	evlog_free(log);
	evwatch_done(&w);
	snap_free(s1);
	snap_free(s2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pairs_past_linger),
	    cmocka_unit_test(test_tracked_zombie_gets_its_lifetime),
	    cmocka_unit_test(test_reaped_after_the_scan_read_it),
	    cmocka_unit_test(test_no_life_no_claim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
