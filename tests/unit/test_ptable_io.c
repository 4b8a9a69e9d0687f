/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit test of the I/O counters the process table keeps for the IO_R and
 * IO_W columns (ptable_io): a rate is the bytes since the record's own
 * previous read over the time between the two reads, however many scans
 * came between; a first read, or a pid that now names another process,
 * has none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ptable_harness.h"

/* Scans s, then gives the table counters (rchar, wchar) of pid read at
 * monotonic second now; returns the rates through r and w (< 0 unknown). */
static void
scan_io(struct ptable *t, struct snap *s, pid_t pid, unsigned long long rd,
    unsigned long long wr, double now, float *r, float *w)
{
	const struct snap_proc *p;
	struct ptable_io_read in;
	float rr[8], ww[8];

	snap_sort(s);
	assert_int_equal(ptable_scan(t, s), 0);
	assert_non_null(p = snap_find(s, pid));
	assert_true(s->n <= 8);
	for (size_t i = 0; i < s->n; i++)
		rr[i] = ww[i] = -1;
	in = (struct ptable_io_read){(size_t)(p - s->procs), rd, wr};
	ptable_io(t, s, &in, 1, now, rr, ww);
	*r = rr[in.node];
	*w = ww[in.node];
	snap_free(s);
}

static void
test_rates(void **state)
{
	struct ptable *t;
	struct snap *s;
	float r, w;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	s = snap_at(0);
	add(s, 100, 1, 'S', 1, 1000, "reader");
	scan_io(t, s, 100, 5000, 100, 10.0, &r, &w);
	assert_true(r < 0 && w < 0); /* a first read: no rate */
	/* 2 s later: 4,000 bytes read, 1,000 written. */
	s = snap_at(2000);
	add(s, 100, 1, 'S', 1, 1000, "reader");
	scan_io(t, s, 100, 9000, 1100, 12.0, &r, &w);
	assert_float_equal(r, 2000.0, 0.01);
	assert_float_equal(w, 500.0, 0.01);
	/* Two scans that did not read it, then one 8 s after its last read:
	 * the rate spans the 8 s. */
	s = snap_at(4000);
	add(s, 100, 1, 'S', 1, 1000, "reader");
	scan(t, s);
	s = snap_at(6000);
	add(s, 100, 1, 'S', 1, 1000, "reader");
	scan(t, s);
	s = snap_at(8000);
	add(s, 100, 1, 'S', 1, 1000, "reader");
	scan_io(t, s, 100, 17000, 1100, 20.0, &r, &w);
	assert_float_equal(r, 1000.0, 0.01);
	assert_float_equal(w, 0.0, 0.01);
	/* The pid taken by a new process: its counters start again. */
	s = snap_at(10000);
	add(s, 100, 1, 'S', 1, 1900, "other");
	scan_io(t, s, 100, 50, 50, 22.0, &r, &w);
	assert_true(r < 0 && w < 0);
	ptable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rates),
	};

	return cmocka_run_group_tests(tests, ptable_setup, NULL);
}
