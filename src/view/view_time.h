/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's time axis, from its process table: the zombie lives finished
 * since the last refresh, the zombie-seconds of each refresh interval (the
 * sparkline), the reap statistics of parents (the worst-reapers sort, the
 * detail panel) and whether kernel events feed it. No curses; no /proc:
 * the table is memory only, so all of it runs on the UI thread. */
#ifndef ZT_VIEW_TIME_H
#define ZT_VIEW_TIME_H

#include <stdbool.h>
#include <stddef.h>

#include "ptable.h"
#include "view.h"

/* What the worst-reapers sort compares, per snapshot entry. */
struct view_reap {
	double p99;    /* window p99 of its children's reap latency; < 0 none */
	uint64_t over; /* children that waited over the threshold (window) */
};

/* After each adopted scan: takes the finished lives from the table into
 * v->lives and counts v->zsec, the zombie-seconds of the interval between
 * the last two scans. 0 or -ENOMEM. */
int view_time_update(struct view *v);

/* The zombie-seconds within (t0, t1]: each zombie of s from its exit time
 * (zsince, per entry; 0 unknown: the whole interval) to t1, and each life
 * from its exit to its reap, except the lives of zombies still in s (s
 * counts them up to t1; their reap falls in a later interval). Pure. */
double view_time_zsec(const struct snap *s, const double *zsince,
    const struct ptable_life *lives, size_t n, double t0, double t1);

/* Fills v->reap for every entry of v->snap from the table (for the
 * worst-reapers sort). 0 or -ENOMEM. */
int view_time_reap(struct view *v);

/* Negative: a before b in the worst-reapers order (the highest p99 first,
 * then the most waits over the threshold; parents without statistics
 * last). */
int view_time_reap_cmp(const struct view_reap *a, const struct view_reap *b);

/* The reap statistics of p as a parent, now: 0 or -ENOENT. */
int view_time_parent(
    const struct view *v, const struct snap_proc *p, struct reapstat_sum *out);

/* "on", or "off (WHY)" in a few words for the header ("--no-events",
 * "netns", "no connector", "not permitted" ...); short: "off" alone. */
const char *view_time_events(const struct view *v, bool shrt);

#endif
