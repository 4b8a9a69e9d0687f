/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the reap families of the Prometheus writer, on a process
 * table fed with kernel events built in memory: counters and histogram per
 * parent command, the 20-series bound with "other", series that stay with
 * their command from one write to the next, and the event gauges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "out_prom.h"
#include "ptable.h"
#include "ptree.h"
#include "snap.h"

static uint64_t base; /* CLOCK_MONOTONIC ns, a minute ago */

static uint64_t
ms(double m)
{
	return base + (uint64_t)(m * 1e6);
}

static int
setup(void **state)
{
	struct timespec ts;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	base = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec -
	       60000000000ull;
	return 0;
}

static void
event(struct ptable *t, enum pev_kind k, pid_t pid, pid_t parent,
    const char *comm, double at)
{
	struct pev e = {.kind = k,
	    .ts_ns = ms(at),
	    .pid = pid,
	    .tgid = pid,
	    .ppid = parent,
	    .ptgid = parent,
	    .exit_signal = 17};

	if (comm)
		snprintf(e.comm, sizeof(e.comm), "%s", comm);
	assert_true(ptable_event(t, &e) >= 0);
}

/* Parent pid named comm: n children, each reaped 150 ms after it exited. */
static void
parent_with_lives(struct ptable *t, pid_t pid, const char *comm, int n)
{
	event(t, PEV_COMM, pid, 0, comm, 0);
	for (int i = 0; i < n; i++) {
		pid_t c = pid * 100 + i;
		double at = 1 + i * 200;

		event(t, PEV_FORK, c, pid, NULL, at);
		event(t, PEV_EXIT, c, pid, NULL, at + 1);
		ptable_reaped(t, c, ms(at + 151), true);
	}
}

static char *
render(struct ptable *t, struct out_prom_comms *comms)
{
	struct snap *s = snap_new();
	struct snap_proc init = {
	    .pid = 1, .state = 'S', .threads = 1, .comm = (char *)"init"};
	struct ptree *tree = NULL;
	struct out_prom_input in = {.oldest_age = -1};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(s);
	assert_int_equal(snap_add(s, &init), 0);
	snap_sort(s);
	assert_int_equal(ptree_build(s, NULL, &tree), 0);
	in.tree = tree;
	in.table = t;
	in.comms = comms;
	assert_non_null(f);
	assert_int_equal(out_prom_write(f, &in), 0);
	fclose(f);
	ptree_free(tree);
	snap_free(s);
	return buf;
}

/* The value of the line that starts with prefix, or -1. */
static double
value(const char *out, const char *prefix)
{
	const char *l = strstr(out, prefix);

	return l ? strtod(l + strlen(prefix), NULL) : -1;
}

static bool
near(double a, double b)
{
	return a - b < 0.001 && b - a < 0.001;
}

static size_t
count_lines(const char *out, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);

	for (const char *l = out; l && *l;
	     l = strchr(l, '\n'), l = l ? l + 1 : l)
		n += strncmp(l, prefix, len) == 0;
	return n;
}

static void
test_one_parent(void **state)
{
	struct ptable *t;
	struct out_prom_comms comms = {0};
	char *out;

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	ptable_set_events(t, true, NULL);
	parent_with_lives(t, 50, "zlate", 5);
	ptable_lost(t, 7);
	out = render(t, &comms);
	assert_int_equal(value(out, "zombietop_child_exits_total{parent_comm="
	                            "\"zlate\"} "),
	    5);
	assert_int_equal(value(out, "zombietop_reap_latency_seconds_bucket{"
	                            "parent_comm=\"zlate\",le=\"0.1\"} "),
	    0);
	assert_int_equal(value(out, "zombietop_reap_latency_seconds_bucket{"
	                            "parent_comm=\"zlate\",le=\"0.25\"} "),
	    5);
	assert_int_equal(value(out, "zombietop_reap_latency_seconds_bucket{"
	                            "parent_comm=\"zlate\",le=\"+Inf\"} "),
	    5);
	assert_int_equal(value(out, "zombietop_reap_latency_seconds_count{"
	                            "parent_comm=\"zlate\"} "),
	    5);
	assert_true(near(value(out, "zombietop_reap_latency_seconds_sum{"
	                            "parent_comm=\"zlate\"} "),
	    0.75));
	assert_int_equal(count_lines(out, "zombietop_reap_latency_seconds_"
	                                  "bucket{"),
	    REAPSTAT_NB);
	assert_non_null(strstr(out, "\nzombietop_events_lost_total 7\n"));
	assert_non_null(strstr(out, "\nzombietop_events_enabled 1\n"));
	assert_non_null(strstr(out, "# TYPE zombietop_child_exits_total "
	                            "counter\n"));
	assert_non_null(strstr(out, "# TYPE zombietop_reap_latency_seconds "
	                            "histogram\n"));
	free(out);
	ptable_free(t);
}

/* Sum of the values of the lines that start with prefix. */
static double
sum_lines(const char *out, const char *prefix)
{
	double sum = 0;
	size_t len = strlen(prefix);

	for (const char *l = out; l && *l;
	     l = strchr(l, '\n'), l = l ? l + 1 : l)
		if (strncmp(l, prefix, len) == 0)
			sum += strtod(strchr(l, ' ') + 1, NULL);
	return sum;
}

/* 25 commands and one named "other": at most 19 of their own plus
 * "other"; nothing is lost from the sums; a later command does not take
 * a series from one that had it. */
static void
test_cap_and_sticky(void **state)
{
	struct ptable *t;
	struct out_prom_comms comms = {0}, before;
	char *out, name[16];

	(void)state;
	assert_int_equal(ptable_new(&t), 0);
	for (int i = 0; i < 25; i++) {
		snprintf(name, sizeof(name), "p%02d", i);
		parent_with_lives(t, 100 + i, name, 1);
	}
	parent_with_lives(t, 200, "other", 2);
	out = render(t, &comms);
	assert_int_equal(comms.n, OUT_PROM_MAX_SERIES - 1);
	assert_int_equal(count_lines(out, "zombietop_child_exits_total{"), 20);
	assert_int_equal(
	    count_lines(
	        out, "zombietop_child_exits_total{parent_comm=\"other\"}"),
	    1);
	assert_true(near(sum_lines(out, "zombietop_child_exits_total{"), 27));
	assert_true(
	    near(sum_lines(out, "zombietop_reap_latency_seconds_count{"), 27));
	assert_int_equal(count_lines(out, "zombietop_reap_latency_seconds_"
	                                  "bucket{"),
	    20 * REAPSTAT_NB);
	free(out);
	before = comms;
	parent_with_lives(t, 300, "newcomer", 3);
	out = render(t, &comms);
	assert_memory_equal(&before, &comms, sizeof(comms));
	assert_null(strstr(out, "newcomer"));
	assert_true(near(sum_lines(out, "zombietop_child_exits_total{"), 30));
	free(out);
	ptable_free(t);
}

/* A one-shot write has no table: the families are declared, no series,
 * events off. */
static void
test_no_table(void **state)
{
	char *out = render(NULL, NULL);

	(void)state;
	assert_non_null(strstr(out, "# TYPE zombietop_child_exits_total "
	                            "counter\n# HELP"));
	assert_int_equal(count_lines(out, "zombietop_child_exits_total{"), 0);
	assert_int_equal(
	    count_lines(out, "zombietop_reap_latency_seconds_"), 0);
	assert_non_null(strstr(out, "\nzombietop_events_lost_total 0\n"));
	assert_non_null(strstr(out, "\nzombietop_events_enabled 0\n"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_parent),
	    cmocka_unit_test(test_cap_and_sticky),
	    cmocka_unit_test(test_no_table),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
