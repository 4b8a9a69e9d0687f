/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the check mode on snapshots built in memory: thresholds at
 * their boundaries, exited leaders not counted, --max-age leaving out only
 * zombies whose start time proves them younger, and a status line whose
 * hostile parent name cannot forge perfdata. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_nagios.h"
#include "ptree.h"
#include "snap.h"

#define HZ 100
#define NOW 2000000000 /* the scan time, seconds since the epoch */
#define BOOT (NOW - 100000)

struct p {
	pid_t pid, ppid;
	char state;
	int threads;
	double started_ago; /* seconds before NOW */
	const char *comm;
};

static struct snap *
make_snap(const struct p *procs, size_t n)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	s->hz = HZ;
	s->boot_time = BOOT;
	s->taken.tv_sec = NOW;
	for (size_t i = 0; i < n; i++) {
		double start = NOW - procs[i].started_ago - BOOT;
		struct snap_proc t = {.pid = procs[i].pid,
		    .ppid = procs[i].ppid,
		    .state = procs[i].state,
		    .threads = procs[i].threads,
		    .start_ticks = (unsigned long long)(start * HZ),
		    .comm = (char *)procs[i].comm};

		assert_int_equal(snap_add(s, &t), 0);
	}
	snap_sort(s);
	return s;
}

/* init; parent 10 with zombies started 10 s, 50 s and 5000 s ago; parent
 * 20 with one zombie of 3000 s; an exited leader with live threads. */
static const struct p sample[] = {
    {1, 0, 'S', 1, 90000, "init"},
    {10, 1, 'S', 1, 9000, "web|zombies=0"},
    {11, 10, 'Z', 1, 10, "a"},
    {12, 10, 'Z', 1, 50, "b"},
    {13, 10, 'Z', 1, 5000, "c"},
    {20, 1, 'S', 1, 9000, "cron"},
    {21, 20, 'Z', 1, 3000, "d"},
    {30, 1, 'Z', 4, 100, "leader"},
};

struct fixture {
	struct snap *s;
	struct ptree *t;
};

static int
setup(void **state)
{
	static struct fixture fx;

	fx.s = make_snap(sample, sizeof(sample) / sizeof(sample[0]));
	if (ptree_build(fx.s, NULL, &fx.t) < 0)
		return -1;
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	ptree_free(fx->t);
	snap_free(fx->s);
	return 0;
}

static enum out_nagios_status
status_of(const struct ptree *t, int warn, int crit, int max_age)
{
	struct out_nagios_opts o = {warn, crit, max_age};
	struct out_nagios_result r;

	assert_int_equal(out_nagios_eval(t, &o, &r), 0);
	return r.status;
}

static void
test_thresholds(void **state)
{
	struct fixture *fx = *state;

	/* 4 reapable zombies; the exited leader is not one. */
	assert_int_equal(status_of(fx->t, 5, 20, 0), OUT_CHECK_OK);
	assert_int_equal(status_of(fx->t, 4, 20, 0), OUT_CHECK_WARNING);
	assert_int_equal(status_of(fx->t, 1, 5, 0), OUT_CHECK_WARNING);
	assert_int_equal(status_of(fx->t, 1, 4, 0), OUT_CHECK_CRITICAL);
	assert_int_equal(status_of(fx->t, 4, 4, 0), OUT_CHECK_CRITICAL);
}

static void
test_counts_and_top(void **state)
{
	struct fixture *fx = *state;
	struct out_nagios_opts o = {1, 20, 0};
	struct out_nagios_result r;

	assert_int_equal(out_nagios_eval(fx->t, &o, &r), 0);
	assert_int_equal(r.zombies, 4);
	assert_int_equal(r.total, 4);
	assert_int_equal(r.younger, 0);
	assert_int_equal(r.leader_exited, 1);
	assert_int_equal(r.zombie_parents, 2);
	assert_int_equal(fx->s->procs[r.top_node].pid, 10);
	assert_int_equal(r.top_zombies, 3);
}

/* Ages are bounded from above by the start time: under --max-age 60 the
 * zombies started 10 s and 50 s ago are provably younger, the others
 * (5000 s, 3000 s) may be old and count. */
static void
test_max_age(void **state)
{
	struct fixture *fx = *state;
	struct out_nagios_opts o = {1, 3, 60};
	struct out_nagios_result r;

	assert_int_equal(out_nagios_eval(fx->t, &o, &r), 0);
	assert_int_equal(r.zombies, 2);
	assert_int_equal(r.younger, 2);
	assert_int_equal(r.total, 4);
	assert_int_equal(r.status, OUT_CHECK_WARNING);
	/* Parent 10 and 20 now have one counted zombie each: the first
	 * reaching the maximum is kept. */
	assert_int_equal(r.top_zombies, 1);
	/* 50 s is not provably younger than 50 s (one second of slack). */
	o.max_age = 51;
	assert_int_equal(out_nagios_eval(fx->t, &o, &r), 0);
	assert_int_equal(r.younger, 1);
	o.max_age = 52;
	assert_int_equal(out_nagios_eval(fx->t, &o, &r), 0);
	assert_int_equal(r.younger, 2);
	/* Older than everything: nothing counted, OK. */
	assert_int_equal(status_of(fx->t, 1, 20, 6000), OUT_CHECK_OK);
}

static char *
line(const struct ptree *t, const struct out_nagios_opts *o, const char *why)
{
	struct out_nagios_result r;
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	assert_int_equal(out_nagios_eval(t, o, &r), 0);
	assert_int_equal(out_nagios_write(f, t, o, &r, why), 0);
	fclose(f);
	return buf;
}

static void
test_status_line(void **state)
{
	struct fixture *fx = *state;
	struct out_nagios_opts o = {1, 20, 0};
	char *s = line(fx->t, &o, "no_handler");

	assert_string_equal(s,
	    "ZOMBIES WARNING - 4 zombies, most under web\\x7czombies=0[10]: 3 "
	    "(no_handler), 1 exited leader with live threads | "
	    "zombies=4;1;20;0 zombies_total=4;;;0 leader_exited=1;;;0 "
	    "zombie_parents=2;;;0\n");
	/* One '|' only: the name cannot add perfdata. */
	assert_int_equal(strchr(s, '|'), strrchr(s, '|'));
	free(s);
	o.max_age = 6000;
	s = line(fx->t, &o, NULL);
	assert_string_equal(s,
	    "ZOMBIES OK - 0 zombies that may be older than 6000 s (4 younger, "
	    "not counted), 1 exited leader with live threads | "
	    "zombies=0;1;20;0 zombies_total=4;;;0 leader_exited=1;;;0 "
	    "zombie_parents=2;;;0\n");
	free(s);
}

static void
test_status_names(void **state)
{
	(void)state;
	assert_string_equal(out_nagios_status_name(OUT_CHECK_OK), "OK");
	assert_string_equal(
	    out_nagios_status_name(OUT_CHECK_WARNING), "WARNING");
	assert_string_equal(
	    out_nagios_status_name(OUT_CHECK_CRITICAL), "CRITICAL");
	assert_string_equal(
	    out_nagios_status_name(OUT_CHECK_UNKNOWN), "UNKNOWN");
	assert_int_equal(OUT_CHECK_OK, 0);
	assert_int_equal(OUT_CHECK_WARNING, 1);
	assert_int_equal(OUT_CHECK_CRITICAL, 2);
	assert_int_equal(OUT_CHECK_UNKNOWN, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_thresholds),
	    cmocka_unit_test(test_counts_and_top),
	    cmocka_unit_test(test_max_age),
	    cmocka_unit_test(test_status_line),
	    cmocka_unit_test(test_status_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
