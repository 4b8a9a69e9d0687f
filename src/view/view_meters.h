/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header meters' model: /proc/stat, meminfo and loadavg read on the
 * scanner's thread with each scan (view.c's after_scan), adopted with the
 * snapshot, and the CPU use between the last two samples. No curses. */
#ifndef ZT_VIEW_METERS_H
#define ZT_VIEW_METERS_H

#include <stdbool.h>

#include "meters.h"

struct view_meters {
	/* Filled on the scanner's thread; this thread reads it only once
	 * the scan is collected (as view's next). */
	struct meters_sample next; /* owned until adopted */
	bool next_read;
	struct meters_sample prev, cur; /* owned: the last two adopted */
	bool have_prev, have_cur;
	bool hidden; /* the header shows none (--no-meters, F2); the files
	                are read anyway: three small reads a refresh */
};

/* On the scanner's thread: reads the three files into m->next. */
void view_meters_scan(struct view_meters *m);
/* With the snapshot: next becomes cur, cur becomes prev. */
void view_meters_adopt(struct view_meters *m);
void view_meters_done(struct view_meters *m);

/* The number of CPUs the last sample lists (0 before the first). */
size_t view_meters_ncpu(const struct view_meters *m);
/* The use of CPU i of the last sample (i < 0: all of them) since the
 * sample before; false (u zeroed) before two samples or for a CPU that
 * came online in between. */
bool view_meters_cpu(
    const struct view_meters *m, long i, struct meters_cpu_use *u);

#endif
