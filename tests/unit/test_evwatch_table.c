/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of evwatch over a real process table, as --watch, the view
 * and a recording run it: each snapshot is scanned into the table, then
 * the table's lives are given (--watch) or not (the view), then compared.
 * The first sighting of a reaped zombie comes from the table, a reused pid
 * is a new zombie, a life logged whole is skipped for two updates, and a
 * reap whose life the ring lost is still logged, from the snapshots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "evwatch.h"
#include "ptable_harness.h"

struct fx {
	struct ptable *t;
	struct evwatch w;
	struct evlog *log;
	struct snap *prev;         /* owned */
	struct ptable_life *lives; /* owned, PTABLE_RING */
};

static void
fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(ptable_new(&f->t), 0);
	evwatch_init(&f->w);
	f->w.table = f->t;
	assert_int_equal(evlog_new(64, &f->log), 0);
	f->lives = calloc(PTABLE_RING, sizeof(*f->lives));
	assert_non_null(f->lives);
}

static void
fx_done(struct fx *f)
{
	evwatch_done(&f->w);
	evlog_free(f->log);
	snap_free(f->prev);
	free(f->lives);
	ptable_free(f->t);
}

/* The scan of s, then (with_lives: as --watch) the table's lives, then
 * the comparison; returns the events added by the comparison. */
static int
step(struct fx *f, struct snap *s, bool with_lives)
{
	size_t n;
	int rc;

	snap_sort(s);
	assert_int_equal(ptable_scan(f->t, s), 0);
	if (with_lives) {
		n = ptable_take_lives(f->t, f->lives, PTABLE_RING, NULL);
		assert_true(
		    evwatch_lives(&f->w, s, f->lives, n, 1.0, f->log) >= 0);
	}
	rc = evwatch_update(&f->w, f->prev, s, f->log);
	snap_free(f->prev);
	f->prev = s;
	return rc;
}

static struct snap *
family(double at, char zstate, unsigned long long zstart)
{
	struct snap *s = snap_at(at);

	add(s, 100, 1, 'S', 1, 1000, "par");
	if (zstate)
		add(s, 200, 100, zstate, 1, zstart, "kid");
	return s;
}

static const struct evlog_event *
last(const struct fx *f)
{
	return evlog_at(f->log, evlog_count(f->log) - 1);
}

/* The view gives no lives: the reap of a zombie known for two scans says
 * it was seen 2.5 s before (the table's first sighting), not since the
 * scan before; then the pid, reused by a new zombie, is a new zombie
 * measured from its own sighting. With and without the lives (--watch
 * without kernel events gets them). */
static void
run_reuse(bool with_lives)
{
	struct fx f;
	const struct evlog_event *e;

	fx_init(&f);
	assert_int_equal(step(&f, family(0, 'S', 2000), with_lives), 0);
	assert_int_equal(step(&f, family(1000, 'Z', 2000), with_lives), 1);
	assert_int_equal(last(&f)->kind, EVLOG_APPEARED);
	assert_false(last(&f)->initial);
	assert_int_equal(step(&f, family(2000, 'Z', 2000), with_lives), 0);
	assert_int_equal(step(&f, family(3500, 0, 0), with_lives), 1);
	e = last(&f);
	assert_int_equal(e->kind, EVLOG_REAPED);
	assert_int_equal(e->pid, 200);
	assert_int_equal(e->ppid, 100);
	assert_false(e->by_new_parent);
	assert_string_equal(e->comm, "kid");
	assert_true(fabs(e->after - 2.5) < 0.001);
	assert_true(e->life_known && !e->life_exact);
	assert_true(fabs(e->lifetime - 2.5) < 0.001);
	assert_true(fabs(e->exit_time - epoch(ms(1000))) < 0.001);
	assert_int_equal(step(&f, family(4000, 'Z', 2500), with_lives), 1);
	assert_int_equal(last(&f)->kind, EVLOG_APPEARED);
	assert_int_equal(step(&f, family(5000, 0, 0), with_lives), 1);
	e = last(&f);
	assert_int_equal(e->kind, EVLOG_REAPED);
	assert_true(fabs(e->after - 1.0) < 0.001);
	assert_true(fabs(e->exit_time - epoch(ms(4000))) < 0.001);
	assert_int_equal(f.w.fallbacks, 0);
	fx_done(&f);
}

static void
test_first_sighting_from_table(void **state)
{
	(void)state;
	run_reuse(false);
}

static void
test_first_sighting_with_lives(void **state)
{
	(void)state;
	run_reuse(true);
}

/* The race of --watch: the scan read zombie 200, then a pidfd saw it
 * reaped before that scan was compared. Its whole life is logged once (a
 * pair); the comparison does not log it as new, and the next one, whose
 * snapshot no longer shows it, does not log its reap again. */
static void
test_done_skip_lasts_two_updates(void **state)
{
	struct fx f;
	struct snap *s;

	(void)state;
	fx_init(&f);
	assert_int_equal(step(&f, family(0, 'S', 2000), true), 0);
	assert_int_equal(exit_ev(f.t, 200, 200, 100, 3 << 8, ms(900)), 1);
	s = family(1000, 'Z', 2000);
	snap_sort(s);
	assert_int_equal(ptable_scan(f.t, s), 0);
	ptable_reaped(f.t, 200, ms(1100), true);
	/* step() scans s again (as a stale read would): no new life. */
	assert_int_equal(step(&f, s, true), 0);
	assert_int_equal(evlog_count(f.log), 2);
	assert_true(last(&f)->kind == EVLOG_REAPED && last(&f)->life_exact);
	assert_int_equal(step(&f, family(2000, 0, 0), true), 0);
	assert_int_equal(step(&f, family(3000, 0, 0), true), 0);
	assert_int_equal(evlog_count(f.log), 2);
	fx_done(&f);
}

/* More than PTABLE_RING lives between the scan that swept zombie 200 and
 * the comparison: its life is lost. The reap is still logged, from the
 * snapshots (seen no later than the scan before), with no lifetime
 * claimed, and counted as a fallback. */
static void
test_ring_overflow_falls_back(void **state)
{
	struct fx f;
	struct snap *s;
	const struct evlog_event *e;

	(void)state;
	fx_init(&f);
	assert_int_equal(step(&f, family(0, 'S', 2000), false), 0);
	assert_int_equal(step(&f, family(1000, 'Z', 2000), false), 1);
	assert_int_equal(step(&f, family(1500, 'Z', 2000), false), 0);
	s = family(2000, 0, 0);
	snap_sort(s);
	assert_int_equal(ptable_scan(f.t, s), 0);
	for (int i = 0; i < PTABLE_RING; i++)
		short_life(f.t, 10000 + i, 100, 2000 + i * 0.01, 1);
	assert_int_equal(evwatch_update(&f.w, f.prev, s, f.log), 1);
	snap_free(f.prev);
	f.prev = s;
	e = last(&f);
	assert_int_equal(e->kind, EVLOG_REAPED);
	assert_int_equal(e->pid, 200);
	assert_true(fabs(e->after - 0.5) < 0.001);
	assert_false(e->life_known || e->life_exact || e->exit_exact);
	assert_int_equal(f.w.fallbacks, 1);
	fx_done(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_sighting_from_table),
	    cmocka_unit_test(test_first_sighting_with_lives),
	    cmocka_unit_test(test_done_skip_lasts_two_updates),
	    cmocka_unit_test(test_ring_overflow_falls_back),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
