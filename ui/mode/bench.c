/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --bench-refresh N: the live view's refresh without a terminal, for
 * make bench. It runs the view's model and the event watch as the view
 * does, and draws nothing. */
#include "bench.h"
#include "evlog.h"
#include "evwatch.h"
#include "view.h"
#include "zclock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BENCH_LOG_CAP 4096 /* as the view's scratch log */
#define BENCH_ROWS 28      /* rows of a 30-line terminal, as the bench's */

/* make bench's hook, ZT_BENCH_BURST=N: N children of ours exit and are
 * reaped before the middle pass, for the files a refresh opens after a
 * burst of exits (not for production use). */
static void
burst(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
	}
	while (waitpid(-1, NULL, 0) > 0)
		;
}

/* What the view's refresh hook keeps: the known zombies and a log. */
struct bench_watch {
	struct evwatch w;
	struct evlog *log; /* owned */
};

static void
bench_on_snap(void *arg, const struct snap *prev, const struct snap *cur)
{
	struct bench_watch *bw = arg;

	evwatch_update(&bw->w, prev, cur, bw->log);
}

static double
dmax(double a, double b)
{
	return a > b ? a : b;
}

/* CPU seconds of the whole process, every thread. */
static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* To stderr, one figure a line (tests/bench/bench.sh reads them): the
 * process table's memory last, as ptable_info says after the refreshes. */
static void
report(struct view *v, double worst, double block, double cpu)
{
	struct ptable_info ti;

	ptable_info(v->tl.table, &ti);
	fprintf(stderr,
	    "slowest refresh: %.6f s\nlongest input block: %.6f s\n"
	    "process table: %llu records, %zu bytes\n"
	    "steady refresh CPU: %.6f s per pass\n"
	    "refreshes: %llu full, %llu sweeps, %llu partial\n",
	    worst, block, (unsigned long long)ti.records, ti.bytes, cpu,
	    (unsigned long long)v->delta.fulls,
	    (unsigned long long)v->delta.sweeps,
	    (unsigned long long)v->delta.partials);
}

/* The live view's own refresh, N times, without a terminal, the way the
 * view runs it: scan on the scanner's thread (strings moved from the last
 * snapshot) while this thread polls, then tree, rows, CPU, ages, event
 * watch and diagnosis here. To stderr: the slowest refresh (wall clock)
 * and the longest stretch this thread spent away from polling, which is
 * how long the view's keys can wait on a refresh; the process table's
 * memory; then the CPU per refresh. The first refresh, which reads every
 * command line, is left out of the times. -u filters as in the view. */
int
bench_refresh(const struct cli_opts *o)
{
	struct view_opts vo = {.ascii = true, .events = true};
	struct view *v = NULL;
	struct bench_watch bw = {0};
	double worst = 0, block = 0, start, t0, cpu0;
	int rc;

	if (cli_user_filter(o, &vo.by_uid, &vo.uid) < 0)
		return 2;
	rc = view_new(&vo, &v);

	/* The event watch too, as the view runs it on each refresh. */
	evwatch_init(&bw.w);
	if (rc == 0 && (rc = evlog_new(BENCH_LOG_CAP, &bw.log)) == 0) {
		v->on_snap = bench_on_snap;
		bw.w.table = v->tl.table;
		v->on_snap_arg = &bw;
	}
	if (rc == 0) {
		v->shown = BENCH_ROWS; /* what the terminal would show */
		rc = view_refresh(v);
	}
	cpu0 = cpu_now();
	for (int i = 1; rc >= 0 && i < o->bench_refresh; i++) {
		if (i == o->bench_refresh / 2 && getenv("ZT_BENCH_BURST"))
			burst(atoi(getenv("ZT_BENCH_BURST")));
		/* A marker between passes for strace: files opened per pass
		 * are the openat calls between two getppid calls. */
		(void)getppid();
		start = t0 = zclock_mono();
		rc = view_scan_start(v);
		/* Each pass times one call on this thread: the start, then
		 * each poll, the last of which adopts the new snapshot. */
		while (rc == 0) {
			block = dmax(block, zclock_mono() - t0);
			nanosleep(&(struct timespec){0, 1000000L}, NULL);
			t0 = zclock_mono();
			rc = view_scan_collect(v);
		}
		block = dmax(block, zclock_mono() - t0);
		worst = dmax(worst, zclock_mono() - start);
	}
	if (rc < 0)
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
	else
		report(v, worst, block,
		    (cpu_now() - cpu0) /
		        (o->bench_refresh > 1 ? o->bench_refresh - 1 : 1));
	view_free(v);
	evwatch_done(&bw.w);
	evlog_free(bw.log);
	return rc < 0 ? 1 : 0;
}
