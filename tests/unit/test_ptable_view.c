/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of what the view keeps in the process table: CPU% from the
 * tick delta between two scans, computed by ptable_scan and read back per
 * snapshot entry, never carried across a reused pid or a skipped scan;
 * the collapsed and tagged flags, which end with their record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "ptable_harness.h"

static void
add_cpu(
    struct snap *s, pid_t pid, unsigned long long start, unsigned long long cpu)
{
	struct snap_proc p = {.pid = pid,
	    .ppid = 1,
	    .state = 'S',
	    .threads = 1,
	    .start_ticks = start,
	    .cpu_ticks = cpu,
	    .comm = (char *)"p"};

	assert_int_equal(snap_add(s, &p), 0);
}

/* Scans s into t and gives the CPU% of each of its entries (pid order). */
static double *
scan_cpu(struct ptable *t, struct snap *s)
{
	double *cpu = calloc(s->n + 1, sizeof(*cpu));

	assert_non_null(cpu);
	snap_sort(s);
	assert_int_equal(ptable_scan(t, s), 0);
	ptable_cpu(t, s, cpu);
	return cpu;
}

/* Half a CPU over 2 s, a whole one over the next 0.5 s; the first sight
 * of a process has no interval: 0. */
static void
test_cpu_from_ticks(void **state)
{
	struct ptable *t;
	struct snap *s;
	double *c;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add_cpu(s, 100, 1000, 500);
	c = scan_cpu(t, s);
	assert_true(c[0] == 0);
	free(c);
	snap_free(s);
	s = snap_at(2000);
	add_cpu(s, 100, 1000, 500 + (unsigned long long)hz);
	add_cpu(s, 200, 1500, 9999); /* new: no interval yet */
	c = scan_cpu(t, s);
	assert_true(fabs(c[0] - 50.0) < 0.01);
	assert_true(c[1] == 0);
	free(c);
	snap_free(s);
	s = snap_at(2500);
	add_cpu(s, 100, 1000, 500 + (unsigned long long)hz * 3 / 2);
	add_cpu(s, 200, 1500, 9999 + (unsigned long long)hz / 4);
	c = scan_cpu(t, s);
	assert_true(fabs(c[0] - 100.0) < 0.01);
	assert_true(fabs(c[1] - 50.0) < 0.01);
	free(c);
	snap_free(s);
	ptable_free(t);
}

/* A pid reused by a new process starts from nothing (its ticks are not
 * compared with the old one's); a process a scan missed (swept) too; an
 * older snapshot's entry of a reused pid reads 0, not the new one's. */
static void
test_cpu_identity(void **state)
{
	struct ptable *t;
	struct snap *s, *old;
	double *c;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	old = snap_at(0);
	add_cpu(old, 100, 1000, 10);
	add_cpu(old, 300, 1000, 10);
	free(scan_cpu(t, old));
	s = snap_at(1000);
	add_cpu(s, 100, 1200, 10 + (unsigned long long)hz); /* reused */
	c = scan_cpu(t, s);
	assert_true(c[0] == 0);
	free(c);
	snap_free(s);
	s = snap_at(2000);
	add_cpu(s, 100, 1200, 10 + (unsigned long long)hz * 2);
	add_cpu(s, 300, 1000, 10 + (unsigned long long)hz); /* back? new */
	c = scan_cpu(t, s);
	assert_true(fabs(c[0] - 100.0) < 0.01);
	assert_true(c[1] == 0);
	free(c);
	c = calloc(old->n, sizeof(*c));
	assert_non_null(c);
	c[0] = c[1] = -1;
	ptable_cpu(t, old, c); /* 100 has another start by now */
	assert_true(c[0] == 0);
	free(c);
	snap_free(s);
	snap_free(old);
	ptable_free(t);
}

/* The flags of entry i of s, the table's last scan. */
static unsigned
flags_of(struct ptable *t, const struct snap *s, size_t i)
{
	unsigned char *f = calloc(s->n + 1, 1);
	unsigned r;

	assert_non_null(f);
	ptable_vflags(t, s, f);
	r = f[i];
	free(f);
	return r;
}

/* Collapsed and tagged stay with the process over scans, and end with it:
 * gone (swept) or its pid reused, the new process has none; clearing one
 * flag everywhere leaves the other. */
static void
test_vflags_follow_the_record(void **state)
{
	struct ptable *t;
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	assert_int_equal(
	    ptable_vflag_set(t, 100, 1000, PTABLE_TAGGED, true), -ENOENT);
	s = snap_at(0);
	add_cpu(s, 100, 1000, 0);
	add_cpu(s, 200, 1000, 0);
	add_cpu(s, 300, 1000, 0);
	free(scan_cpu(t, s));
	snap_free(s);
	assert_int_equal(
	    ptable_vflag_set(t, 100, 1000, PTABLE_TAGGED, true), 0);
	assert_int_equal(
	    ptable_vflag_set(t, 100, 999, PTABLE_TAGGED, true), -ENOENT);
	assert_int_equal(
	    ptable_vflag_set(t, 200, 1000, PTABLE_COLLAPSED, true), 0);
	assert_int_equal(ptable_vflag_set(t, 300, 1000,
	                     PTABLE_COLLAPSED | PTABLE_TAGGED, true),
	    0);
	s = snap_at(1000);
	add_cpu(s, 100, 1000, 0);
	add_cpu(s, 200, 1700, 0); /* reused */
	add_cpu(s, 300, 1000, 0);
	free(scan_cpu(t, s));
	assert_int_equal(flags_of(t, s, 0), PTABLE_TAGGED);
	assert_int_equal(flags_of(t, s, 1), 0);
	assert_int_equal(flags_of(t, s, 2), PTABLE_COLLAPSED | PTABLE_TAGGED);
	snap_free(s);
	ptable_vflag_clear_all(t, PTABLE_TAGGED);
	s = snap_at(2000);
	add_cpu(s, 300, 1000, 0); /* 100 gone: swept with its flags */
	free(scan_cpu(t, s));
	assert_int_equal(flags_of(t, s, 0), PTABLE_COLLAPSED);
	snap_free(s);
	s = snap_at(3000);
	add_cpu(s, 100, 1000, 0); /* the same identity again: a new record */
	add_cpu(s, 300, 1000, 0);
	free(scan_cpu(t, s));
	assert_int_equal(flags_of(t, s, 0), 0);
	assert_int_equal(flags_of(t, s, 1), PTABLE_COLLAPSED);
	snap_free(s);
	ptable_free(t);
}

/* A zombie reaped since the last scan is still on screen: it can be
 * tagged as before, and the next scan's sweep takes the tag away. */
static void
test_vflags_reaped_still_shown(void **state)
{
	struct ptable *t;
	struct snap *s;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "parent");
	add(s, 200, 100, 'S', 1, 1100, "child");
	scan(t, s);
	assert_int_equal(exit_ev(t, 200, 200, 100, 0, ms(100)), 1);
	ptable_reaped(t, 200, ms(150), true);
	assert_int_equal(
	    ptable_vflag_set(t, 200, 1100, PTABLE_TAGGED, true), 0);
	s = snap_at(1000);
	add(s, 100, 1, 'S', 1, 1000, "parent");
	scan(t, s);
	assert_int_equal(
	    ptable_vflag_set(t, 200, 1100, PTABLE_TAGGED, false), -ENOENT);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cpu_from_ticks),
	    cmocka_unit_test(test_cpu_identity),
	    cmocka_unit_test(test_vflags_follow_the_record),
	    cmocka_unit_test(test_vflags_reaped_still_shown),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
