/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The meters' parsers on crafted /proc text (guest time split out of user,
 * offline CPUs, htop 3's memory formula, short and broken files), the
 * deltas between two reads, and a live read of this machine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "meters.h"

static const char stat1[] = "cpu  1000 200 300 5000 40 10 20 5 100 50\n"
                            "cpu0 500 100 150 2500 20 5 10 2 50 25\n"
                            "cpu2 500 100 150 2500 20 5 10 3 50 25\n"
                            "intr 12345 1 2 3\n"
                            "ctxt 999\n"
                            "btime 1764650000\n"
                            "processes 4242\n"
                            "procs_running 3\n"
                            "procs_blocked 1\n"
                            "softirq 1 2 3\n";

static void
test_parse_stat(void **state)
{
	struct meters_stat s;

	(void)state;
	assert_int_equal(meters_parse_stat(stat1, strlen(stat1), &s), 0);
	/* guest (100) is inside user, guest_nice (50) inside nice */
	assert_true(s.total.user == 900);
	assert_true(s.total.nice == 150);
	assert_true(s.total.system == 300);
	assert_true(s.total.idle == 5000);
	assert_true(s.total.iowait == 40);
	assert_true(s.total.irq == 10);
	assert_true(s.total.softirq == 20);
	assert_true(s.total.steal == 5);
	assert_true(s.total.guest == 150);
	/* cpu1 is offline: ids say which is which */
	assert_int_equal(s.ncpu, 2);
	assert_int_equal(s.cpu_id[0], 0);
	assert_int_equal(s.cpu_id[1], 2);
	assert_true(s.cpu[1].steal == 3);
	assert_int_equal(meters_cpu_find(&s, 2), 1);
	assert_int_equal(meters_cpu_find(&s, 1), -1);
	assert_int_equal(s.procs_running, 3);
	assert_int_equal(s.procs_blocked, 1);
	assert_true(s.btime == 1764650000LL);
	meters_stat_done(&s);
}

static void
test_parse_stat_old_and_broken(void **state)
{
	static const char old[] = "cpu 10 0 5 100\ncpu0 10 0 5 100";
	struct meters_stat s;

	(void)state;
	/* a 2.6.0 kernel's four fields, no newline at the end */
	assert_int_equal(meters_parse_stat(old, strlen(old), &s), 0);
	assert_true(s.total.user == 10 && s.total.idle == 100);
	assert_true(s.total.iowait == 0 && s.total.guest == 0);
	assert_int_equal(s.ncpu, 1);
	meters_stat_done(&s);
	assert_int_equal(meters_parse_stat("", 0, &s), -EINVAL);
	assert_int_equal(meters_parse_stat("cpu 1 2\n", 8, &s), -EINVAL);
	assert_int_equal(meters_parse_stat("cpux 1 2 3 4\n", 13, &s), -EINVAL);
	assert_null(s.cpu);
	/* the length is the end, not a NUL: "cpu 1 2 3 4" cut to "cpu 1 2" */
	assert_int_equal(meters_parse_stat("cpu 1 2 3 4\n", 7, &s), -EINVAL);
	/* guest larger than user (a kernel race): no wrap-around */
	assert_int_equal(
	    meters_parse_stat("cpu 1 1 1 1 0 0 0 0 9 9\n", 24, &s), 0);
	assert_true(s.total.user == 0 && s.total.nice == 0);
	meters_stat_done(&s);
}

static void
test_cpu_use(void **state)
{
	struct meters_ticks a = {.user = 100,
	                        .system = 50,
	                        .idle = 800,
	                        .iowait = 50},
	                    b = {.user = 150,
	                        .system = 75,
	                        .idle = 900,
	                        .iowait = 75,
	                        .steal = 25,
	                        .guest = 25};
	struct meters_cpu_use u;

	(void)state;
	/* 250 ticks passed: user 50, system 25, idle 100, iowait 25... */
	meters_cpu_use(&a, &b, &u);
	assert_true(u.user > 19.99 && u.user < 20.01);
	assert_true(u.system > 9.99 && u.system < 10.01);
	assert_true(u.idle > 39.99 && u.idle < 40.01);
	assert_true(u.iowait > 9.99 && u.iowait < 10.01);
	/* busy: everything but idle and iowait, as htop's bar */
	assert_true(u.busy > 49.99 && u.busy < 50.01);
	/* no time passed, or counters went back: all zero, no division */
	meters_cpu_use(&b, &b, &u);
	assert_true(u.busy == 0 && u.idle == 0);
	meters_cpu_use(&b, &a, &u);
	assert_true(u.busy == 0);
}

static const char meminfo[] = "MemTotal:       16000000 kB\n"
                              "MemFree:         4000000 kB\n"
                              "MemAvailable:   10000000 kB\n"
                              "Buffers:          500000 kB\n"
                              "Cached:          3000000 kB\n"
                              "SwapCached:        10000 kB\n"
                              "Shmem:            200000 kB\n"
                              "SReclaimable:     300000 kB\n"
                              "SwapTotal:       2000000 kB\n"
                              "SwapFree:        1500000 kB\n";

static void
test_parse_meminfo(void **state)
{
	struct meters_mem m;

	(void)state;
	assert_int_equal(meters_parse_meminfo(meminfo, strlen(meminfo), &m), 0);
	/* htop 3.2: total - free - cached - SReclaimable - buffers */
	assert_true(
	    m.used == 16000000ULL - 4000000 - 3000000 - 300000 - 500000);
	assert_true(m.cached == 3000000ULL + 300000 - 200000);
	assert_true(m.available == 10000000ULL && m.has_available);
	assert_true(m.swap_used == 2000000ULL - 1500000 - 10000);
	assert_true(meters_percent(m.used, m.total) > 51.24 &&
	            meters_percent(m.used, m.total) < 51.26);
	assert_true(meters_percent(1, 0) == 0.0);
	/* no MemTotal: not meminfo */
	assert_int_equal(
	    meters_parse_meminfo("MemFree: 1 kB\n", 14, &m), -EINVAL);
	/* numbers that do not add up: no wrap-around */
	assert_int_equal(
	    meters_parse_meminfo(
	        "MemTotal: 10 kB\nMemFree: 4 kB\nCached: 50 kB\n", 44, &m),
	    0);
	assert_true(m.used == 6);
	assert_false(m.has_available);
	assert_true(m.available == 4);
}

static void
test_parse_loadavg(void **state)
{
	static const char la[] = "0.52 1.58 2.59 3/1234 56789\n";
	struct meters_load l;

	(void)state;
	assert_int_equal(meters_parse_loadavg(la, strlen(la), &l), 0);
	assert_true(l.avg1 > 0.51 && l.avg1 < 0.53);
	assert_true(l.avg15 > 2.58 && l.avg15 < 2.60);
	assert_int_equal(l.running, 3);
	assert_int_equal(l.tasks, 1234);
	assert_int_equal(l.last_pid, 56789);
	assert_int_equal(meters_parse_loadavg("0.5 0.5\n", 8, &l), -EINVAL);
	assert_int_equal(
	    meters_parse_loadavg("0.5 0.5 0.5 3 4\n", 16, &l), -EINVAL);
	assert_int_equal(
	    meters_parse_loadavg("nan nan nan 1/2 3\n", 18, &l), -EINVAL);
	assert_int_equal(l.tasks, 0);
}

static void
test_live(void **state)
{
	struct meters_sample a, b;
	struct meters_cpu_use u;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	(void)state;
	memset(&b, 0, sizeof(b));
	assert_int_equal(meters_read(&a), 0);
	assert_int_equal(a.err_stat + a.err_mem + a.err_load, 0);
	assert_int_equal((long)a.stat.ncpu, ncpu);
	assert_true(a.stat.btime > 1000000000LL);
	assert_true(a.stat.procs_running >= 1); /* this test runs */
	assert_true(a.mem.total > 0 && a.mem.used <= a.mem.total);
	assert_true(a.mem.has_available);
	assert_true(a.load.tasks >= 1);
	/* spin until the kernel has counted a tick of ours */
	do {
		meters_sample_done(&b);
		assert_int_equal(meters_read(&b), 0);
	} while (b.stat.total.user + b.stat.total.system ==
	         a.stat.total.user + a.stat.total.system);
	meters_cpu_use(&a.stat.total, &b.stat.total, &u);
	assert_true(u.busy > 0 && u.busy <= 100.0);
	assert_true(u.idle >= 0 && u.idle <= 100.0);
	meters_sample_done(&a);
	meters_sample_done(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_stat),
	    cmocka_unit_test(test_parse_stat_old_and_broken),
	    cmocka_unit_test(test_cpu_use),
	    cmocka_unit_test(test_parse_meminfo),
	    cmocka_unit_test(test_parse_loadavg),
	    cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
